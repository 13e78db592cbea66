"""Reading contact files, without a database: what each row says and where it stood."""

from __future__ import annotations

import pytest

from pos.domain.contacts import (NAME, PHONE, VILLAGE, ContactFileError, contacts_from_table, guess_mapping,
                                 parse_vcards, read_table)


def test_indonesian_and_english_headers_are_recognised():
    assert guess_mapping(("No.", "Nama Lengkap", "No. WA", "Desa")) == {NAME: 1, PHONE: 2, VILLAGE: 3}
    assert guess_mapping(("Name", "Phone Number", "Village")) == {NAME: 0, PHONE: 1, VILLAGE: 2}


def test_quoted_cells_commas_and_line_numbers():
    table = read_table(b'name,phone\n"Warung Bu Tini, Pasar",0813 1\n\n"Pak ""Joko""",0813 2 / 0857 3\n')
    rows = contacts_from_table(table)
    assert [(c.line, c.name, c.phones) for c in rows] == [
        (2, "Warung Bu Tini, Pasar", ("0813 1",)), (4, 'Pak "Joko"', ("0813 2", "0857 3"))]


def test_a_semicolon_export_is_read_as_one():
    table = read_table("nama;hp\nBu Sari;0813\n".encode("latin-1"))
    assert table.delimiter == ";" and contacts_from_table(table)[0].name == "Bu Sari"


def test_vcard_folding_and_quoted_printable_soft_breaks():
    text = ("BEGIN:VCARD\r\nVERSION:2.1\r\nFN;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Ibu R=C3=A4hma=\r\nwati\r\n"
            "TEL;CELL:0813\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Pak Bam\r\n bang\r\n"
            "item1.TEL;type=CELL:0812\r\nEND:VCARD\r\n")
    cards = parse_vcards(text)
    assert [(c.line, c.name, c.phones) for c in cards] == [(1, "Ibu Rähmawati", ("0813",)),
                                                          (7, "Pak Bambang", ("0812",))]


def test_an_unfinished_card_is_an_error_with_its_line():
    with pytest.raises(ContactFileError) as caught:
        parse_vcards("BEGIN:VCARD\nFN:A\nEND:VCARD\nBEGIN:VCARD\nFN:B\n")
    assert caught.value.code == "vcard_unfinished" and caught.value.values == {"line": 4}
