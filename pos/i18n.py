"""The one translation helper, and formatting of money, dates and numbers.

``_()`` looks the text up in the Babel/gettext catalogue of the current
language (Indonesian or English, under ``resources/locale``). ``N_()`` marks a
text for extraction without translating it yet. Formatting of Rupiah and
dates happens here and only here, with Babel.
"""

from __future__ import annotations

import datetime as dt
import gettext
import locale as _locale
import os
import sys
from importlib.resources import files
from pathlib import Path

from babel.dates import format_date as _babel_date
from babel.dates import format_datetime as _babel_datetime
from babel.numbers import format_currency, format_decimal, get_currency_precision
from babel.support import Translations

from pos.money import Money, Quantity

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
    return Path(str(files("pos.resources").joinpath("locale")))


def system_language() -> str:
    """The language of the operating system's locale: 'en' for English, else 'id'."""
    candidates = [os.environ.get(k, "") for k in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")]
    if sys.platform == "win32":  # Windows keeps the user's language in the locale, not the environment
        try:
            candidates.append(_locale.getlocale()[0] or "")
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
    _translations = Translations.load(str(locale_dir()), [lang], DOMAIN)
    _language = lang
    return lang


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
    return _MINOR_DIGITS.get(currency, get_currency_precision(currency))


def format_money(amount: Money, currency: str = "IDR") -> str:
    """``Rp 15.000`` (and ``-Rp 2.500``) in the current language."""
    digits = minor_digits(currency)
    value = amount.minor / (10**digits) if digits else amount.minor
    pattern = "¤ #,##0" + ("." + "0" * digits if digits else "")
    return format_currency(
        value, currency, format=pattern, currency_digits=False, locale=_FORMAT_LOCALE[_language]
    )


def format_number(value: int | Quantity) -> str:
    number = value.as_decimal() if isinstance(value, Quantity) else value
    return format_decimal(number, locale=_FORMAT_LOCALE[_language])


def format_date(day: dt.date) -> str:
    return _babel_date(day, "d MMM yyyy", locale=_FORMAT_LOCALE[_language])


def format_datetime(moment: dt.datetime, tz: str = "Asia/Jakarta") -> str:
    """A stored UTC moment shown in the shop's time zone."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return _babel_datetime(moment, "d MMM yyyy HH:mm", tzinfo=tz, locale=_FORMAT_LOCALE[_language])
