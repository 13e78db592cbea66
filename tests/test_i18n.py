"""Translations: Indonesian and English catalogues, compiled, in sync, and used."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from pos.i18n import _, format_date, format_money, locale_dir, set_language, system_language
from pos.money import Money


def test_an_indonesian_string_comes_out_translated():
    set_language("id")
    assert _("Customers") == "Pelanggan"
    assert _("Products") == "Produk"
    set_language("en")
    assert _("Customers") == "Customers"


def test_money_and_dates_in_both_languages():
    set_language("id")
    assert format_money(Money(15000)) == "Rp 15.000"
    assert format_money(Money(-2500)) == "-Rp 2.500"
    assert format_date(dt.date(2026, 11, 27)) == "27 Nov 2026"
    set_language("en")
    assert format_money(Money(3450000)) == "Rp 3.450.000"


def test_compiled_catalogues_match_their_sources():
    for lang in ("id", "en"):
        folder = locale_dir() / lang / "LC_MESSAGES"
        with open(folder / "messages.po", "rb") as fh:
            catalog = read_po(fh, locale=lang)
        compiled = BytesIO()
        write_mo(compiled, catalog)
        assert (folder / "messages.mo").read_bytes() == compiled.getvalue(), f"run: pybabel compile ({lang})"


def test_every_message_has_an_indonesian_translation():
    with open(locale_dir() / "id" / "LC_MESSAGES" / "messages.po", "rb") as fh:
        catalog = read_po(fh, locale="id")
    missing = [m.id for m in catalog if m.id and not (m.string if isinstance(m.string, str) else all(m.string))]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert missing == [] and fuzzy == []


def test_language_follows_the_system_locale(monkeypatch):
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert system_language() == "en"
    monkeypatch.setenv("LANG", "id_ID.UTF-8")
    assert system_language() == "id"


def test_a_plain_c_locale_means_indonesian(monkeypatch):
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert system_language() == "id"


def test_every_text_in_the_code_is_in_the_indonesian_catalogue():
    from pathlib import Path

    from babel.messages.extract import extract_from_dir

    source = Path(__file__).resolve().parent.parent / "pos"
    in_code = {message for _file, _line, message, _comments, _context in
               extract_from_dir(str(source), keywords={"_": None, "N_": None}, comment_tags=())}
    with open(locale_dir() / "id" / "LC_MESSAGES" / "messages.po", "rb") as fh:
        catalog = read_po(fh, locale="id")
    translated = {m.id for m in catalog if m.id and m.string and not m.fuzzy}
    assert sorted(in_code - translated) == [], "run pybabel extract/update and translate"
