"""The codes a shop setting may take, with readable names: currencies (Babel), phone regions
(phonenumbers, named by Babel) and time zones (zoneinfo; Indonesia's three first). The settings form
offers them; the settings service refuses any other code.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import phonenumbers
from babel import Locale
from babel.dates import get_timezone_location
from babel.numbers import get_currency_name, get_territory_currencies

from pos.i18n import N_, _, current_language
from pos.services.errors import InvalidInput
from pos.services.access import READ, allowed

CODED = ("currency", "phone_region", "time_zone")  # the shop settings that take one of these codes
INDONESIAN_ZONES = (("Asia/Jakarta", N_("Western Indonesia Time, WIB")),
                    ("Asia/Makassar", N_("Central Indonesia Time, WITA")),
                    ("Asia/Jayapura", N_("Eastern Indonesia Time, WIT")))
FIRST = {"currency": ("IDR",), "phone_region": ("ID",), "time_zone": tuple(z for z, _w in INDONESIAN_ZONES)}
_LOCALE = {"id": "id_ID", "en": "en_ID"}


@dataclass(frozen=True)
class Choice:
    code: str
    label: str  # "Indonesia (+62) · ID", "Waktu Indonesia Barat, WIB (Asia/Jakarta)", "Rupiah Indonesia (IDR)"


@functools.cache
def _currencies() -> frozenset[str]:
    """The currencies that are legal tender somewhere now (no end date in the CLDR)."""
    return frozenset(c["currency"] for region in phonenumbers.SUPPORTED_REGIONS
                     for c in get_territory_currencies(region, tender=True, include_details=True) if c["to"] is None)


@functools.cache
def _zones() -> frozenset[str]:
    return frozenset(z for z in available_timezones() if "/" in z or z == "UTC") - {"localtime"}


def _codes(key: str) -> frozenset[str]:
    if key == "currency":
        return _currencies()
    if key == "phone_region":
        return frozenset(phonenumbers.SUPPORTED_REGIONS)
    return _zones()


def _label(key: str, code: str, locale: Locale) -> str:
    if key == "currency":
        return f"{get_currency_name(code, locale=locale)} ({code})"
    if key == "phone_region":
        name = locale.territories.get(code, code)
        return f"{name} (+{phonenumbers.country_code_for_region(code)}) · {code}"
    words = dict(INDONESIAN_ZONES)
    if code in words:
        return f"{_(words[code])} ({code})"
    return f"{get_timezone_location(code, locale=locale)} ({code})" if "/" in code else code


@allowed(READ)
def choices_for(key: str) -> list[Choice]:
    """What the settings form offers for ``key`` (one of CODED), in the reader's language: the Indonesian
    ones first, then the others by name (time zones by their code)."""
    locale = Locale.parse(_LOCALE.get(current_language(), "id_ID"))
    first = FIRST[key]
    rest = sorted(_codes(key) - set(first))
    rows = [Choice(code, _label(key, code, locale)) for code in rest]
    if key != "time_zone":
        rows.sort(key=lambda c: c.label.casefold())
    return [Choice(code, _label(key, code, locale)) for code in first] + rows


@allowed(READ)
def check_code(key: str, value: object) -> str:
    """The code, cleaned; InvalidInput in the reader's language when it is not one of the choices."""
    code = str(value or "").strip()
    if key == "time_zone":
        try:
            ZoneInfo(code)
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidInput(_("{zone} is not a time zone (e.g. Asia/Jakarta).").format(zone=value)) from None
        return code
    code = code.upper()
    if code not in _codes(key):
        if key == "currency":
            raise InvalidInput(_("{code} is not a currency code (e.g. IDR for the rupiah).").format(code=value))
        raise InvalidInput(_("{code} is not a country code for phone numbers (e.g. ID for Indonesia).")
                           .format(code=value))
    return code
