"""The one translation helper, and formatting of money, dates and numbers.

``_()`` looks the text up in the Babel/gettext catalogue of the current
language (Indonesian or English, under ``resources/locale``). ``N_()`` marks a
text for extraction without translating it yet. Formatting of Rupiah and
dates happens here and only here, with Babel.
"""

from __future__ import annotations

import gettext
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING


from pos import resource_path

if TYPE_CHECKING:
    import datetime as dt

    from pos.money import Money, Quantity
# pos.money (decimal), datetime and locale load when first needed: the login page formats no amount nor date
# (the cold start)

LANGUAGES = ("id", "en")
DOMAIN = "messages"
# Babel locale used for numbers and dates in each language; both keep the
# Indonesian way of grouping Rupiah (Rp 15.000).
_FORMAT_LOCALE = {"id": "id_ID", "en": "en_ID"}
# Whole rupiah: the cash unit, whatever CLDR says about sen.
_MINOR_DIGITS = {"IDR": 0}

_language = "id"
_translations: gettext.NullTranslations = gettext.NullTranslations()


def locale_dir() -> Path:
    return resource_path("locale")


def system_language() -> str:
    """The language of the operating system's locale: 'en' for English, else 'id'."""
    candidates = [os.environ.get(k, "") for k in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")]
    if sys.platform == "win32":  # Windows keeps the user's language in the locale, not the environment
        import locale

        try:
            candidates.append(locale.getlocale()[0] or "")
        except ValueError:
            pass
    for name in candidates:
        name = name.lower()
        if not name or name in ("c", "posix") or name.startswith(("c.", "posix")):
            continue
        return "en" if name.startswith(("en", "english")) else "id"
    return "id"


def set_language(language: str | None) -> str:
    """Switch the catalogue; ``None`` or '' means the system's language."""
    global _language, _translations
    lang = (language or "").strip().lower()[:2] or system_language()
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; choose one of {', '.join(LANGUAGES)}")
    _translations = _catalogue(lang)
    _language = lang
    return lang


@lru_cache(maxsize=None)
def _catalogue(lang: str) -> gettext.NullTranslations:
    """The .mo catalogue Babel compiled, read by the standard library (Babel itself loads only when formatting),
    once. Opened by its path: ``gettext.translation`` would first ask ``locale`` for the other spellings of the
    language (``id_ID.ISO8859-1`` …), which costs the cold start a few ms and finds nothing more here."""
    try:
        fp = open(locale_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.mo", "rb")
    except FileNotFoundError:
        return gettext.NullTranslations()
    with fp:
        return gettext.GNUTranslations(fp)


def current_language() -> str:
    return _language


def _(message: str) -> str:
    return _translations.gettext(message)


def N_(message: str) -> str:
    """Mark for translation; translate later with ``_()``."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def minor_digits(currency: str) -> int:
    from babel.numbers import get_currency_precision

    return _MINOR_DIGITS.get(currency, get_currency_precision(currency))


def format_money(amount: Money, currency: str = "IDR") -> str:
    """``Rp 15.000`` (and ``-Rp 2.500``) in the current language."""
    return _format_money(amount.minor, currency, _language)


@lru_cache(maxsize=8192)  # a till shows the same prices all day; Babel is slow at this
def _format_money(minor: int, currency: str, language: str) -> str:
    from pos.money import Money

    amount = Money(minor)
    digits = minor_digits(currency)
    value = amount.minor / (10**digits) if digits else amount.minor
    pattern = "¤ #,##0" + ("." + "0" * digits if digits else "")
    from babel.numbers import format_currency

    return format_currency(
        value, currency, format=pattern, currency_digits=False, locale=_FORMAT_LOCALE[language]
    )


def format_number(value: int | Quantity) -> str:
    from pos.money import Quantity

    number = value.as_decimal() if isinstance(value, Quantity) else value
    from babel.numbers import format_decimal

    return format_decimal(number, locale=_FORMAT_LOCALE[_language])


def format_date(day: dt.date) -> str:
    return _format_date(day, _language)


@lru_cache(maxsize=4096)  # a list of customers shows a few hundred distinct days; Babel takes ~50 µs each
def _format_date(day: dt.date, language: str) -> str:
    from babel.dates import format_date as _babel_date

    return _babel_date(day, "d MMM yyyy", locale=_FORMAT_LOCALE[language])


def format_month(month: str) -> str:
    """'2026-11' → 'Nov 2026' (in the user's language)."""
    import datetime as dt

    from babel.dates import format_date as _babel_date

    year, number = map(int, month.split("-"))
    return _babel_date(dt.date(year, number, 1), "MMM yyyy", locale=_FORMAT_LOCALE[_language])


def format_period(label: str) -> str:
    """A period report's row in words: '2026-11-27' → '27 Nov 2026', the week '2026-W48' → '23–29 Nov 2026'
    (Monday to Sunday), the month '2026-11' → 'Nov 2026'."""
    import datetime as dt

    if "-W" in label:
        from babel.dates import format_interval

        year, week = map(int, label.split("-W"))
        monday = dt.date.fromisocalendar(year, week, 1)
        text = format_interval(monday, monday + dt.timedelta(days=6), "yMMMd", locale=_FORMAT_LOCALE[_language])
        return text.replace("\u2009", " ")  # a thin space that a PDF's standard font lacks
    if len(label) == 7:
        return format_month(label)
    return format_date(dt.date.fromisoformat(label))


def format_day(moment: dt.datetime, tz: str) -> str:
    """The day of a stored UTC moment in the shop's time zone (``tz``: ``pos.services.clock.zone_name()``)."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    return format_date(moment.replace(tzinfo=dt.timezone.utc).astimezone(ZoneInfo(tz)).date())


def format_datetime(moment: dt.datetime, tz: str = "Asia/Jakarta") -> str:
    """A stored UTC moment shown in the shop's time zone (pass it: ``pos.services.clock.zone_name()``)."""
    import datetime as dt

    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    from babel.dates import format_datetime as _babel_datetime

    return _babel_datetime(moment, "d MMM yyyy HH:mm", tzinfo=tz, locale=_FORMAT_LOCALE[_language])


# --- reasons and problems into words ------------------------------------------------------------
# Domain code explains itself with codes and plain values; these functions are the only place
# that turns them into the reader's language (so a reprint speaks the reader's language too).

_TIER_PRICE = {"regular": N_("Regular-customer price"), "reseller": N_("Reseller price (min. {qty})")}


def describe_reason(code: str, values: dict, currency: str = "IDR", amount: Money | None = None) -> str:
    """'tier_price' {tier: reseller, min_qty: 10} → 'Harga reseller (min. 10)'.

    ``amount`` is what the reason gave on that line (negative: given away), when the caller knows it: a
    discount is then its promotion's name and that amount ("Diskon pelajar 5% (-Rp 1.800)"), never the
    name followed by the percentage the name already says.
    """
    from pos.money import Money, Quantity

    v = dict(values)

    def money(key: str) -> str:
        return format_money(Money(int(v[key])), currency)

    words = _promotion_words(code)
    if words is not None:  # a promotion kind's own words (pos.domain.promotion_kinds)
        return words(v, _Say(currency, amount))
    if code == "tier_price":
        template = _TIER_PRICE.get(v.get("tier", ""), N_("{tier} price (min. {qty})"))
        return _(template).format(tier=v.get("tier", ""), qty=format_number(Quantity.of(v.get("min_qty", "1"))))
    if code == "special_price":
        return _("Special price for this customer")
    if code == "price_override":
        return _("Price set by the owner")
    if code == "day_old_price":
        return _("Yesterday's, {percent}% of the price").format(percent=v.get("percent", ""))
    if code == "tax":
        template = N_("Includes {rate}% tax") if v.get("inclusive") else N_("Tax {rate}%")
        return _(template).format(rate=v.get("rate", ""))
    if code == "bonus_not_earned":
        return _("Free item taken back: the refund leaves the promotion's condition unmet")
    if code == "promotion_not_earned":
        return _("Promotion no longer earned by the items kept: {name} gave them {given}, "
                 "they now earn {earned}").format(name=v.get("name", ""), given=money("given"), earned=money("earned"))
    if code == "tier_not_earned":
        if v.get("min_qty"):
            return _("Quantity price no longer reached: {qty} kept cost {price} each (from {min_qty})").format(
                qty=format_number(Quantity.of(v["quantity"])), price=money("price"),
                min_qty=format_number(Quantity.of(v["min_qty"])))
        return _("Quantity price no longer reached: {qty} kept cost the retail price {price} each").format(
            qty=format_number(Quantity.of(v["quantity"])), price=money("price"))
    return code


def _promotion_words(code: str):
    from pos.domain import promotions  # noqa: F401  (the built-in kinds register themselves)
    from pos.domain.promotion_kinds import reason_words

    return reason_words(code)


class _Say:
    """What a promotion kind's words are given: ``say(N_("…{x}…"), x=…)``, and the formatting they need."""

    def __init__(self, currency: str, amount: Money | None) -> None:
        self.currency, self.amount = currency, amount

    def __call__(self, template: str, **values) -> str:
        return _(template).format(**values)

    def money(self, minor) -> str:
        from pos.money import Money

        return format_money(Money(int(minor)), self.currency)

    def number(self, quantity) -> str:
        from pos.money import Quantity

        return format_number(Quantity.of(quantity))


_FIELDS = {
    "name": N_("Name"), "buy": N_("Buy quantity"), "get": N_("Free quantity"), "percent": N_("Percentage"),
    "amount": N_("Amount"), "cap": N_("Maximum discount"), "min_total": N_("Minimum purchase"),
    "min_qty": N_("Minimum quantity"), "gift_products": N_("Gift product"), "reward_product": N_("Reward product"),
    "reward_amount": N_("Reward amount"), "products": N_("Products"), "quantity": N_("Quantity"),
    "per": N_("Repeat every"), "earn": N_("Stamps earned per"), "earn_amount": N_("Amount per stamp"),
    "stamps_needed": N_("Stamps needed"), "expiry_months": N_("Stamps expire after (months)"),
    "max_uses": N_("Uses per customer"), "hour_from": N_("Starting hour"), "hour_to": N_("Ending hour"),
    "max_uses_total": N_("Sales in all"),
    "priority": N_("Priority"), "categories": N_("Category"), "tiers": N_("Price tier"),
    "segments": N_("Segment"), "customers": N_("Customers"), "valid_from": N_("Start date"),
    "exclude_tiers": N_("Price tiers left out"), "first_purchase": N_("First purchase"),
    "birthday": N_("Birthday"), "stamps_per_item": N_("Stamps per item"),
}
_PROBLEMS = {
    "too_small": N_("{field} must be at least {minimum}."),
    "not_a_number": N_("{field}: {value} is not a number."),
    "bad_percent": N_("The percentage must be more than 0 and at most 100 (not {value})."),
    "missing": N_("{field} is missing."),
    "ends_before_start": N_("The promotion ends before it starts."),
    "no_weekday": N_("Choose at least one day of the week."),
    "too_large": N_("{field} can be at most {maximum}."),
    "bad_hours": N_("The promotion must end after it starts in the day (from {start}:00 to {end}:00); "
                    "for an evening into the night make two promotions."),
    "unknown_name": N_("{field}: the shop has no {value}."),
    "unknown_customer": N_("There is no customer with member code {value}."),
    "unknown_option": N_("The shop has no option choice number {value}."),
    "malformed": N_("The promotion's data is not valid ({detail})."),
    "bad_birthday": N_("Birthday: choose week or month (not {value})."),
    "bad_choice": N_("{field}: {value} is not one of the choices."),
    "unknown_product": N_("{field}: there is no active product with code {product}."),
    "unknown_kind": N_("Unknown kind of promotion: {kind}."),
    "unknown_condition": N_("“{key}” is not a condition a promotion knows; the conditions are: {allowed}."),
    "unknown_parameter": N_("“{key}” is not a setting of this kind of promotion; its settings are: {allowed}."),
}


_CASH_KINDS = {
    "sale": N_("Cash sales"), "refund": N_("Cash refunds"), "down_payment": N_("Down payments (pre-orders)"),
    "down_payment_refund": N_("Down payments given back"), "kasbon_payment": N_("Kasbon paid in cash"),
    "deposit": N_("Deposits paid in cash"), "cash_in": N_("Cash in"), "cash_out": N_("Cash out"),
}


def describe_cash_kind(kind: str) -> str:
    """A kind of entry in a shift's cash ledger ('sale', 'cash_out' …) in words."""
    return _(_CASH_KINDS[kind]) if kind in _CASH_KINDS else kind


def _parameter_label(name: str) -> str:
    from pos.domain import promotions  # noqa: F401  (the built-in kinds register themselves)
    from pos.domain.promotion_kinds import parameter_label

    return parameter_label(name)


def describe_problem(code: str, values: dict) -> str:
    """A promotion problem ('too_small', field='buy', minimum=1) in words."""
    v = dict(values)
    if "field" in v:
        v["field"] = _(_FIELDS.get(v["field"]) or _parameter_label(v["field"]) or v["field"])
    return _(_PROBLEMS.get(code, code)).format(**{k: ("" if x is None else x) for k, x in v.items()})


# --- the owner's view of the till: audited actions (pos.domain.activity) --------------------------
_ACTIVITY_KINDS = {
    "drawer_opened": N_("Drawer opened without a sale"), "manual_price": N_("Manual price"),
    "line_removed": N_("Scanned item removed"), "sale_voided": N_("Sale voided"), "sale_refunded": N_("Refund"),
    "numbers_exported": N_("Phone numbers exported"), "pin_failures": N_("Wrong PINs in a row"),
    "locked_out": N_("Locked after wrong PINs"), "till_released": N_("Till released from its computer"),
    "bill_cancelled": N_("Open bill cancelled"),
}
_PIN_GUARDS = {"login": N_("at the login"), "approval": N_("for the owner's approval")}


def activity_kind_words(kind: str) -> str:
    """'drawer_opened' → 'Laci dibuka tanpa penjualan'."""
    return _(_ACTIVITY_KINDS.get(kind, kind))


def describe_activity(kind: str, values: dict, subject: str = "", currency: str = "IDR") -> str:
    """What an audited action was about, from its plain values:
    'Bolu Pandan x1: Rp 45.000 instead of Rp 55.000 (K1-000003)'."""
    from pos.money import Money

    v = dict(values)

    def money(key: str) -> str:
        amount = v.get(key)
        return format_money(amount, currency) if isinstance(amount, Money) else "-"

    if kind == "manual_price":
        return _("{product} x{quantity}: {price} instead of {usual} ({receipt})").format(
            product=subject, quantity=v.get("quantity", ""), usual=money("usual"), price=money("price"),
            receipt=v.get("receipt", ""))
    if kind == "line_removed":
        return _("{product} x{quantity}").format(product=subject, quantity=v.get("quantity", ""))
    if kind in ("sale_voided", "sale_refunded"):
        return _("{receipt} (refund slip {refund})").format(receipt=subject, refund=v.get("refund", ""))
    if kind == "numbers_exported":
        what = v.get("what", "book")
        template = N_("{count} customers, the customer book") if what == "book" else \
            N_("{count} customers, a broadcast list ({format})")
        return _(template).format(count=v.get("customers", 0), format=str(what).upper())
    if kind == "pin_failures":
        return _("{count} wrong PINs {where}").format(count=v.get("failures", 0),
                                                      where=_(_PIN_GUARDS.get(v.get("where", ""), "")))
    if kind == "bill_cancelled":
        items = v.get("items", ())
        listed = ", ".join(f"{name} x{quantity}" for name, quantity, _sent in items) or "-"
        sent = sum(1 for _name, _quantity, was_sent in items if was_sent)
        return _("{bill}: {items} ({sent} of {count} sent to the bar)").format(
            bill=subject or "?", items=listed, sent=sent, count=len(items))
    if kind == "till_released":
        return _("held by {computer}, released from {place}").format(computer=subject or "?",
                                                                     place=v.get("from", "") or "?")
    if kind == "locked_out":
        return _("locked for {minutes} minutes {where}").format(minutes=v.get("minutes", 0),
                                                               where=_(_PIN_GUARDS.get(v.get("where", ""), "")))
    return ""


# --- barcodes (pos.domain.barcodes) ------------------------------------------------------------------
_BARCODE_PROBLEMS = {
    "ean13_length": N_("{code} is not an EAN-13 barcode (13 digits)."),
    "ean13_check": N_("The barcode {code} has a wrong check digit (it should end in {expected}): scan it again "
                      "or check the number."),
    "prefix_range": N_("A shop's own barcode prefix is 20 to 29 (not {prefix})."),
    "prefix_same": N_("The in-store prefix and the weighed-goods prefix must differ (both are {prefix})."),
    "instore_full": N_("Every in-store barcode under prefix {prefix} is used."),
    "layout_bad": N_("The weighed barcode layout {layout!r} is not valid: 10 places of P (product), W (grams) or "
                     "R (rupiah) and 0, e.g. PPPPPWWWWW."),
    "weighed_missing": N_("The weighed barcode needs a weight or a price."),
    "weighed_too_big": N_("{value} does not fit the {places} places of the weighed barcode."),
}


def describe_barcode_problem(code: str, values: dict) -> str:
    """A barcode problem (pos.domain.barcodes.BarcodeError) in words."""
    v = _Blanks({k: ("" if x is None else x) for k, x in values.items()})
    return _(_BARCODE_PROBLEMS.get(code, code)).format_map(v)


class _Blanks(dict):
    def __missing__(self, key: str) -> str:
        return ""
