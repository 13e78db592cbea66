"""Phone (WhatsApp) numbers: any spelling in, E.164 out, with the shop's region."""

from __future__ import annotations

from functools import lru_cache

from pos.i18n import _
from pos.services.errors import InvalidInput
from pos.services.shop_settings import shop_settings
from pos.services.access import READ, allowed


@allowed(READ)
def phone_region() -> str:
    """The shop's phone region (ID): how a number typed without a country code is read."""
    return shop_settings().phone_region


@allowed(READ)
def region_country_code() -> int:
    """The country calling code of the shop's phone region (62 for ID)."""
    return _country_code(phone_region())


@lru_cache(maxsize=4)
def _country_code(region: str) -> int:
    import phonenumbers

    return phonenumbers.country_code_for_region(region) or 62


@allowed(READ)
def normalize_phone(raw: str, region: str = "ID") -> str | None:
    """'0812-3456-7890', '+62 812 3456 7890', '6281234567890' → '+6281234567890'.

    Empty input gives None; anything that is not a possible number raises InvalidInput.
    """
    import phonenumbers  # imported when first needed: it costs a start-up 45 ms

    text = (raw or "").strip()
    if not text:
        return None
    if any(ch.isalpha() for ch in text):  # "0812 3456 789O": a typo, not a vanity number
        raise InvalidInput(_("{raw} is not a valid phone number.").format(raw=text))
    digits = "".join(ch for ch in text if ch.isdigit())
    candidates = [text]
    if not text.startswith("+") and digits:
        candidates.append("+" + digits)  # 6281234567890: a country code without the plus
    for candidate in candidates:
        try:
            number = phonenumbers.parse(candidate, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    raise InvalidInput(_("{raw} is not a valid phone number.").format(raw=text))


@allowed(READ)
def display_phone(e164: str | None) -> str:
    """'+6281234567890' → '0812-3456-7890' (national format)."""
    return _display(e164) if e164 else ""


@lru_cache(maxsize=65536)  # a list of 200 customers would otherwise parse 200 numbers per keystroke
def _display(e164: str) -> str:
    import phonenumbers

    number = phonenumbers.parse(e164, None)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


@allowed(READ)
def chat_link(e164: str, text: str) -> str:
    """WhatsApp's click-to-chat link to this number with the message typed in (the sender still presses send)."""
    from urllib.parse import quote

    return f"https://wa.me/{e164.lstrip('+')}?text={quote(text)}"
