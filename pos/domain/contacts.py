"""Contacts from the files a shop has: a spreadsheet saved as CSV, or a phone's contacts as vCard.

Pure functions: bytes in, ``Contact`` rows out, each with the line it came from, so a
problem can be reported as "line 4: …". Phone numbers are left as written; the
service normalises them.
"""

from __future__ import annotations

import csv
import io
import quopri
import re
from dataclasses import dataclass, field

from pos.domain.headers import guess_columns

NAME, PHONE, VILLAGE, ADDRESS, NOTES = "name", "phone", "village", "address", "notes"
SPECIAL_PRICES = "special_prices"  # "KODE=12000; KODE2=9.000": the customer's own prices
FIELDS = (NAME, PHONE, VILLAGE, ADDRESS, NOTES, SPECIAL_PRICES)

# What the column is called in an Indonesian or English spreadsheet (lower case, spaces and dots ignored).
HEADER_WORDS = {
    NAME: ("nama", "name", "namapelanggan", "namalengkap", "pelanggan", "customer", "fullname", "kontak", "contact"),
    PHONE: ("hp", "nohp", "nomorhp", "nohandphone", "handphone", "telepon", "telp", "notelp", "notelepon", "phone",
            "phonenumber", "mobile", "whatsapp", "wa", "nowa", "nomorwa", "nomor", "tel"),
    VILLAGE: ("desa", "kampung", "dusun", "kelurahan", "village", "kampong"),
    ADDRESS: ("alamat", "address", "alamatlengkap"),
    NOTES: ("catatan", "keterangan", "ket", "notes", "note", "memo"),
    SPECIAL_PRICES: ("hargakhusus", "hargaspesial", "hargapelanggan", "specialprice", "specialprices"),
}


class ContactFileError(Exception):
    """The file cannot be read as contacts; ``code`` and ``values`` say why (worded by i18n)."""

    def __init__(self, code: str, **values) -> None:
        super().__init__(code)
        self.code, self.values = code, values


@dataclass(frozen=True)
class Contact:
    line: int  # where it starts in the file (1 = the first line)
    name: str
    phones: tuple[str, ...]
    village: str = ""
    address: str = ""
    notes: str = ""
    special_prices: str = ""  # as written: "KODE=12000; KODE2=9.000"


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]  # (line, cells)
    delimiter: str
    encoding: str
    mapping: dict[str, int] = field(default_factory=dict)  # field -> column, as guessed


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding: UTF-8 (with or without BOM), else Latin-1 (old Excel exports)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: an encrypted .xlsx, or an old .xls
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def sealed_office_file(data: bytes) -> str:
    """'encrypted' for a password-protected Office file, 'old_excel' for an .xls (both are OLE2 compound
    files, not zip nor text), '' for anything else."""
    if not data.startswith(OLE2_MAGIC):
        return ""
    return "encrypted" if ENCRYPTED_PACKAGE in data else "old_excel"


def is_vcard(text: str) -> bool:
    return text.lstrip().upper().startswith("BEGIN:VCARD")


def guess_mapping(headers: tuple[str, ...]) -> dict[str, int]:
    return guess_columns(headers, HEADER_WORDS)


def read_table(data: bytes) -> Table:
    """A CSV file, comma or semicolon separated (Indonesian spreadsheets often use the semicolon)."""
    text, encoding = decode(data)
    lines = text.splitlines()
    first = next((ln for ln in lines if ln.strip()), "")
    if not first:
        raise ContactFileError("empty")
    delimiter = ";" if first.count(";") > first.count(",") else ("\t" if "\t" in first and "," not in first else ",")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, tuple[str, ...]]] = []
    headers: tuple[str, ...] | None = None
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if headers is None:
            headers = tuple(c.strip() for c in cells)
            continue
        rows.append((line, tuple(c.strip() for c in cells)))
    headers = headers or ()
    return Table(headers, tuple(rows), delimiter, encoding, guess_mapping(headers))


def contacts_from_table(table: Table, mapping: dict[str, int] | None = None) -> list[Contact]:
    mapping = table.mapping if mapping is None else mapping
    missing = [f for f in (NAME, PHONE) if f not in mapping]
    if missing:
        raise ContactFileError("missing_column", column=missing[0], headers=", ".join(table.headers))

    def cell(cells: tuple[str, ...], name: str) -> str:
        column = mapping.get(name)
        return cells[column] if column is not None and column < len(cells) else ""

    return [Contact(line, cell(cells, NAME), tuple(p for p in re.split(r"\s*[/,]\s*", cell(cells, PHONE)) if p),
                    cell(cells, VILLAGE), cell(cells, ADDRESS), cell(cells, NOTES), cell(cells, SPECIAL_PRICES))
            for line, cells in table.rows]


def split_special_prices(text: str) -> tuple[tuple[str, str], ...]:
    """'CML-01=12000; KUE-01 = 48.000' → (('CML-01', '12000'), ('KUE-01', '48.000')).

    Pairs are separated by ';', ',', '|' or a new line (a rupiah price has no comma: 12.000); a piece
    without '=' comes back as (piece, '') so that the caller can say which one is wrong. Prices are left
    as written.
    """
    pairs = []
    for piece in re.split(r"[;,|\n]", text or ""):
        piece = piece.strip()
        if not piece:
            continue
        code, sep, price = piece.partition("=")
        pairs.append((code.strip(), price.strip()) if sep else (piece, ""))
    return tuple(pairs)


# --- vCard 2.1, 3.0, 4.0 -------------------------------------------------------------------------
def _unfold(text: str) -> list[tuple[int, str]]:
    """Logical lines with their first physical line: folded lines (a leading space) and quoted-printable
    soft breaks (a trailing '=') joined."""
    out: list[tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw[:1] in (" ", "\t") and out:
            out[-1] = (out[-1][0], out[-1][1] + raw[1:])
        elif out and out[-1][1].endswith("=") and "QUOTED-PRINTABLE" in out[-1][1].split(":", 1)[0].upper():
            out[-1] = (out[-1][0], out[-1][1][:-1] + raw)
        else:
            out.append((number, raw))
    return out


def _value(params: str, value: str) -> str:
    upper = params.upper()
    if "QUOTED-PRINTABLE" in upper:
        charset = re.search(r"CHARSET=([\w-]+)", upper)
        raw = quopri.decodestring(value.encode("latin-1", "replace"))
        try:
            value = raw.decode(charset.group(1).lower() if charset else "utf-8")
        except (LookupError, UnicodeDecodeError):
            value = raw.decode("latin-1")
    return value.replace("\\,", ",").replace("\\;", ";").replace("\\n", " ").replace("\\N", " ").strip()


def parse_vcards(text: str) -> list[Contact]:
    contacts: list[Contact] = []
    card: dict | None = None
    for number, line in _unfold(text):
        if ":" not in line:
            continue
        head, value = line.split(":", 1)
        name, _sep, params = head.partition(";")
        name = name.split(".")[-1].upper()  # item1.TEL → TEL
        if name == "BEGIN" and value.strip().upper() == "VCARD":
            card = {"line": number, "fn": "", "n": "", "tel": [], "adr": "", "note": ""}
        elif card is None:
            continue
        elif name == "END":
            full = card["fn"] or " ".join(p for p in reversed(card["n"].split(";")[:2]) if p).strip()
            contacts.append(Contact(card["line"], full, tuple(card["tel"]), "", card["adr"], card["note"]))
            card = None
        elif name == "FN":
            card["fn"] = _value(params, value)
        elif name == "N":
            card["n"] = _value(params, value)
        elif name == "TEL":
            tel = _value(params, value)
            card["tel"].append(tel[4:] if tel.lower().startswith("tel:") else tel)
        elif name == "ADR":
            card["adr"] = ", ".join(p for p in _value(params, value).split(";") if p.strip())
        elif name == "NOTE":
            card["note"] = _value(params, value)
    if card is not None:
        raise ContactFileError("vcard_unfinished", line=card["line"])
    return contacts


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def write_vcards(people: list[tuple[str, str, str]]) -> str:
    """vCard 3.0 text, one card per (name, E.164 number, note), as phones and WhatsApp Business import it."""
    cards = []
    for name, phone, note in people:
        lines = ["BEGIN:VCARD", "VERSION:3.0", f"FN:{_escape(name)}", f"N:{_escape(name)};;;;",
                 f"TEL;TYPE=CELL:{phone}"]
        if note:
            lines.append(f"NOTE:{_escape(note)}")
        lines.append("END:VCARD")
        cards.append("\r\n".join(lines))
    return "\r\n".join(cards) + ("\r\n" if cards else "")
