"""An amount in words for invoices: "dua juta seratus lima puluh ribu rupiah" (Terbilang), or English."""

from __future__ import annotations

from pos.money import Money

CURRENCY_WORDS = {"id": "rupiah", "en": "rupiah"}


def amount_in_words(amount: Money, language: str = "id") -> str:
    """Whole rupiah in words with num2words (given an ``int``: a float would say "koma nol")."""
    from num2words import num2words

    language = "en" if language == "en" else "id"
    minor = amount.minor
    words = num2words(abs(minor), lang=language)
    if minor < 0:
        words = ("minus " if language == "en" else "minus ") + words
    return f"{words} {CURRENCY_WORDS[language]}"
