"""Customers in and out of files: CSV from a spreadsheet, vCard from a phone; CSV out.

An import checks every row first; one bad row (a number that is not a phone number, a
missing name) is reported with its line and nothing is written. People already in the
book (the same number in any spelling) are skipped or merged as the user chooses; the
same person twice in the file becomes one customer.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import asdict, dataclass, field
from typing import NamedTuple

from peewee import fn

from pos.domain.contacts import (ADDRESS, NAME, NOTES, PHONE, SPECIAL_PRICES, VILLAGE, Contact, ContactFileError,
                                 Table, contacts_from_table, decode, is_vcard, parse_vcards, read_table,
                                 sealed_office_file, split_special_prices)
from pos.i18n import _, format_money
from pos.models import AuditEntry, Customer, PriceTier, Product, Sale, StaffUser, db
from pos.models.statements import insert_rows
from pos.money import Money, parse_amount
from pos.models.staff import OWNER
from pos.services import clock
from pos.services.audit import record
from pos.services.auth import identify_for_approval
from pos.services.catalog import MAX_PRICE
from pos.services.customer_search import CustomerFilter, matching_customers
from pos.services.clock import local_date
from pos.services.phones import phone_region
from pos.services.errors import InvalidInput, NotAllowed
from pos.services.numbering import MEMBER, reserve_values
from pos.services.phones import display_phone, normalize_phone
from pos.services.import_files import no_rows, refuse_sealed_file
from pos.services.shop_settings import shop_settings
from pos.services.special_prices import _store_special_price
from pos.services import text_limits as limits
from pos.services.whatsapp import BroadcastFile, broadcast_file
from pos.services.access import ANYONE, READ, allowed, approving_owner

SKIP, MERGE = "skip", "merge"
MAX_PROBLEMS_SHOWN = 5
BATCH = 500  # rows per look-up (IN …) and per executemany: far below SQLite's 32,766 and PostgreSQL's 65,535 parameters


@dataclass(frozen=True)
class ImportRow:
    line: int
    name: str
    phone: str | None  # E.164; None when the row has no number
    other_phones: tuple[str, ...]
    village: str
    address: str
    notes: str
    special_prices: tuple[tuple[int, str, Money], ...] = ()  # (product id, code, price)


@dataclass(frozen=True)
class ImportPlan:
    kind: str  # csv | vcard
    rows: tuple[ImportRow, ...]
    headers: tuple[str, ...] = ()
    mapping: dict[str, int] = field(default_factory=dict)
    existing: dict[int, int] = field(default_factory=dict)  # line -> customer id already in the book


@dataclass(frozen=True)
class ImportResult:
    added: int
    merged: int
    skipped: int
    joined: int  # rows of the file that were the same person as an earlier row
    special_prices: int = 0  # special prices set or changed


def _file_message(error: ContactFileError) -> str:
    v = error.values
    return {
        "empty": lambda: _("The file is empty."),
        "missing_column": lambda: _("The file has no {column} column (its columns: {headers}).").format(
            column={NAME: _("name"), PHONE: _("phone")}.get(v["column"], v["column"]), headers=v["headers"] or "-"),
        "vcard_unfinished": lambda: _("The contact starting on line {line} has no END:VCARD.").format(
            line=v["line"]),
    }.get(error.code, lambda: error.code)()


@allowed(READ)
def read_contacts(data: bytes, mapping: dict[str, int] | None = None) -> tuple[str, list[Contact], Table | None]:
    refuse_sealed_file(data)
    text, _encoding = decode(data)
    try:
        if is_vcard(text):
            return "vcard", parse_vcards(text), None
        table = read_table(data)
        return "csv", contacts_from_table(table, mapping), table
    except ContactFileError as exc:
        raise InvalidInput(_file_message(exc)) from None


ProductCodes = dict[str, tuple[int, str]]  # CODE in capitals -> (product id, code as in the catalogue)


def _chunks(items: list, size: int = BATCH):
    for start in range(0, len(items), size):
        yield items[start:start + size]


@allowed(READ)
def product_codes(contacts: list[Contact]) -> ProductCodes:
    """The products the file's special prices name (a query per BATCH codes, whatever the file's size)."""
    wanted = sorted({code.upper() for c in contacts for code, _price in split_special_prices(c.special_prices)
                     if code})
    found: ProductCodes = {}
    for chunk in _chunks(wanted):
        found.update({code.upper(): (pid, code) for pid, code in Product.select(Product.id, Product.code)
                      .where(fn.UPPER(Product.code).in_(chunk)).tuples()})
    return found


def _book_numbers(numbers: set[str]) -> dict[str, int]:
    """number -> customer id of the numbers already in the book (a query per BATCH numbers)."""
    found: dict[str, int] = {}
    for chunk in _chunks(sorted(numbers)):
        found.update(Customer.select(Customer.phone, Customer.id).where(Customer.phone.in_(chunk)).tuples())
    return found


def _special_prices(c: Contact, codes: ProductCodes) -> tuple[tuple[tuple[int, str, Money], ...], list[str]]:
    prices: dict[int, tuple[int, str, Money]] = {}
    problems = []
    for code, text in split_special_prices(c.special_prices):
        if not text:
            problems.append(_("line {line}: {piece} is not CODE=PRICE").format(line=c.line, piece=code))
            continue
        found = codes.get(code.upper())
        if found is None:
            problems.append(_("line {line}: there is no product with code {code}").format(line=c.line, code=code))
            continue
        try:
            amount = parse_amount(text)
        except ValueError:
            amount = None
        if amount is None or amount > MAX_PRICE:
            problems.append(_("line {line}: {price} is not a price for {code}").format(line=c.line, price=text,
                                                                                       code=code))
            continue
        prices[found[0]] = (found[0], found[1], amount)
    return tuple(prices.values()), problems


def _check(c: Contact, region: str, codes: ProductCodes | None = None) -> tuple[ImportRow | None, list[str]]:
    """One contact normalised, or what is wrong with it (worded for the user)."""
    if not c.name.strip():
        return None, [_("line {line}: no name").format(line=c.line)]
    special, problems = _special_prices(c, codes or {})
    for value, limit in ((c.name.strip(), limits.CUSTOMER_NAME), (c.village.strip(), limits.VILLAGE),
                         (c.address.strip(), limits.ADDRESS), (c.notes.strip(), limits.NOTES)):
        wrong = limits.text_problem(value, limit)
        if wrong:
            problems.append(_("line {line}: {problem}").format(line=c.line, problem=wrong))
    phones: list[str] = []
    for raw in c.phones:
        try:
            number = normalize_phone(raw, region)
        except InvalidInput:
            problems.append(_("line {line}: {raw} is not a phone number").format(line=c.line, raw=raw))
            continue
        if number and number not in phones:
            phones.append(number)
    row = ImportRow(c.line, c.name.strip(), phones[0] if phones else None, tuple(phones[1:]),
                    c.village.strip(), c.address.strip(), c.notes.strip(), special)
    return (None if problems else row), problems


def _in_book(row: ImportRow) -> Customer | None:
    for number in (row.phone, *row.other_phones):
        found = Customer.get_or_none(Customer.phone == number) if number else None
        if found is not None:
            return found
    return None


@allowed(READ)
def plan_import(data: bytes, mapping: dict[str, int] | None = None) -> ImportPlan:
    """Every row checked and normalised, or InvalidInput naming the lines that are wrong (nothing written)."""
    kind, contacts, table = read_contacts(data, mapping)
    if not contacts:
        raise no_rows(table.headers if table else ())
    region = phone_region()
    codes = product_codes(contacts)
    rows, problems = [], []
    for c in contacts:
        row, wrong = _check(c, region, codes)
        problems += wrong
        if row is not None:
            rows.append(row)
    if problems:
        shown = "; ".join(problems[:MAX_PROBLEMS_SHOWN]) + (" …" if len(problems) > MAX_PROBLEMS_SHOWN else "")
        raise InvalidInput(_("Nothing was imported. {problems}").format(problems=shown))
    book = _book_numbers({n for row in rows for n in (row.phone, *row.other_phones) if n})
    existing = {row.line: found for row in rows
                for found in [next((book[n] for n in (row.phone, *row.other_phones) if n in book), None)]
                if found is not None}
    used = (table.mapping if mapping is None else mapping) if table else {}
    return ImportPlan(kind, tuple(rows), table.headers if table else (), dict(used), existing)


@dataclass(frozen=True)
class PreviewRow:
    line: int
    name: str
    phones: str  # as they will be stored, in the national spelling
    village: str
    address: str
    problem: str  # empty when the row is fine
    in_book: str  # "Siti (LG00003)" when the number is in the book already
    special_prices: str = ""  # "CML-01: Rp 12.000" as they will be stored


@dataclass(frozen=True)
class Preview:
    kind: str  # csv | vcard
    headers: tuple[str, ...]
    mapping: dict[str, int]
    rows: tuple[PreviewRow, ...]
    total: int
    bad: int
    error: str  # the file cannot be read with this mapping (e.g. no name column)
    special_prices: int = 0  # rows that bring special prices (the import then needs the owner's PIN)


@allowed(READ)
def preview_import(data: bytes, mapping: dict[str, int] | None = None, limit: int = 50) -> Preview:
    """What an import would do, row by row, for the mapping dialog; never raises for a bad row or file."""
    from pos.domain.contacts import guess_mapping

    table = None
    try:
        kind, contacts, table = read_contacts(data, mapping)
    except InvalidInput as exc:
        text, _encoding = decode(data)
        headers = read_table(data).headers if text.strip() and not is_vcard(text) and not sealed_office_file(data) \
            else ()
        return Preview("csv", headers, dict(mapping if mapping is not None else guess_mapping(headers)), (), 0, 0,
                       str(exc))
    region = phone_region()
    codes = product_codes(contacts)
    shown, bad, special = [], 0, 0
    for c in contacts:
        row, wrong = _check(c, region, codes)
        bad += bool(wrong)
        special += bool(c.special_prices.strip())
        if len(shown) >= limit and not wrong:
            continue
        found = _in_book(row) if row is not None else None
        phones = ", ".join(display_phone(p) for p in ((row.phone, *row.other_phones) if row else ()) if p)
        shown.append(PreviewRow(c.line, c.name.strip(), phones or ", ".join(c.phones), c.village.strip(),
                                c.address.strip(), "; ".join(wrong),
                                f"{found.name} ({found.member_code})" if found else "",
                                _prices_text(row) if row is not None else c.special_prices))
    used = (table.mapping if mapping is None else mapping) if table else {}
    return Preview(kind, table.headers if table else (), dict(used), tuple(shown[:limit + bad]), len(contacts), bad,
                   "", special)


def _prices_text(row: ImportRow) -> str:
    return ", ".join(f"{code}: {format_money(amount)}" for _pid, code, amount in row.special_prices)


def _note(row: ImportRow) -> str:
    extra = [row.notes] if row.notes else []
    if row.other_phones:
        extra.append(_("Other numbers: {numbers}").format(numbers=", ".join(display_phone(p)
                                                                            for p in row.other_phones)))
    return "\n".join(extra)


@allowed(OWNER)
def import_customers(data: bytes, *, on_duplicate: str = SKIP, mapping: dict[str, int] | None = None,
                     staff_id: int | None = None, owner_pin: str | None = None) -> ImportResult:
    """All rows or none: every row is checked first, then all are written in ONE transaction, in batches of
    BATCH rows (a few statements per batch instead of a dozen per row). An import is the owner's (their PIN;
    every price set or changed is in the audit entry).

    One transaction keeps "one bad row, nothing written" true even when the database fails half-way (a full
    disk, a lost server): it rolls back whole. On PostgreSQL the tills sell on meanwhile (new rows lock
    nothing a sale needs); on SQLite they wait for the write, which takes seconds for 100,000 rows,
    well inside their 10-second busy timeout (tests/perf/bench_import.py measures it)."""
    if on_duplicate not in (SKIP, MERGE):
        raise InvalidInput(_("Choose what to do with people already in the book: merge or skip."))
    plan = plan_import(data, mapping)
    owner = approving_owner()
    with db.atomic():
        written = _write_rows(plan, on_duplicate)
        added, merged, skipped, joined, prices = written
        details = {"kind": plan.kind, "added": added, "merged": merged, "skipped": skipped, "joined": joined}
        details.update(special_prices=prices, approved_by=owner.name)
        record("customers.imported", staff_id=staff_id, details=details)
    return ImportResult(added, merged, skipped, joined, len(prices))


def _write_rows(plan: ImportPlan, on_duplicate: str) -> tuple[int, int, int, int, list[dict]]:
    """The plan's rows into the book: new customers in batches, people met before filled in."""
    added = merged = skipped = joined = 0
    seen: dict[str, tuple[str, int]] = {}  # number -> ("book", customer id) or ("new", index in ``new``)
    new: list[dict] = []  # the customers this import makes, as rows to insert
    new_prices: list[list[tuple[int, str, Money]]] = []
    new_phones: set[str] = set()
    prices: list[dict] = []

    def give_prices(customer_id: int, special: tuple | list) -> None:
        for product_id, code, amount in special:
            old = _store_special_price(customer_id, product_id, amount)
            if old != amount:
                prices.append({"customer": customer_id, "product": code, "old_price": old.minor if old else None,
                               "new_price": amount.minor})

    for row in plan.rows:
        numbers = [n for n in (row.phone, *row.other_phones) if n]
        earlier = next((seen[n] for n in numbers if n in seen), None)
        existing = plan.existing.get(row.line)
        target = earlier if earlier is not None else (("book", existing) if existing is not None else None)
        if target is None:
            target = ("new", len(new))
            new.append(_new_values(row))
            new_phones.add(row.phone or "")
            new_prices.append(list(row.special_prices))
            added += 1
        elif earlier is None and on_duplicate == SKIP:
            skipped += 1
        else:
            joined += earlier is not None
            merged += earlier is None
            if target[0] == "book":
                _fill_blanks(target[1], row)
                give_prices(target[1], row.special_prices)
            else:
                _fill_new(new, target[1], row, new_phones)
                new_prices[target[1]] += row.special_prices
        seen.update({n: target for n in numbers})
    ids = _insert_new(new)
    for customer_id, special in zip(ids, new_prices):
        give_prices(customer_id, special)
    return added, merged, skipped, joined, prices


def _new_values(row: ImportRow) -> dict:
    return dict(name=row.name, phone=row.phone, village=row.village, address=row.address, notes=_note(row))


def _fill_new(new: list[dict], index: int, row: ImportRow, taken: set[str]) -> None:
    """A later row of the file about a customer this import makes: what it adds, as _fill_blanks does."""
    values = new[index]
    if not values["phone"] and row.phone and row.phone not in taken \
            and not Customer.select().where(Customer.phone == row.phone).exists():
        values["phone"] = row.phone
        taken.add(row.phone)
    for name, value in (("village", row.village), ("address", row.address)):
        if value and not values[name]:
            values[name] = value
    note = _note(row)
    if note and note not in values["notes"]:
        values["notes"] = "\n".join(p for p in (values["notes"].strip(), note) if p)


def _insert_new(new: list[dict]) -> list[int]:
    """Insert the new customers BATCH at a time with their member codes; their ids, in order."""
    if not new:
        return []
    tier = PriceTier.get(PriceTier.code == "retail").id
    at = clock.now()
    codes = [f"LG{n:05d}" for n in reserve_values("", MEMBER, len(new))]
    rows = [dict(values, member_code=code, tier=tier, tier_set_by_hand=False, promo_consent=False,
                 promo_consent_source="", active=True, created_at=at) for values, code in zip(new, codes)]
    for chunk in _chunks(rows):
        insert_rows(Customer, chunk)
    ids: dict[str, int] = {}
    for chunk in _chunks(codes):
        ids.update(Customer.select(Customer.member_code, Customer.id).where(Customer.member_code.in_(chunk)).tuples())
    entries = [dict(action="customer.added", entity="customer", entity_id=str(ids[code]), staff=None, till_id="",
                    details={"name": values["name"]}, summary="", at=at) for values, code in zip(new, codes)]
    for chunk in _chunks(entries):
        insert_rows(AuditEntry, chunk)
    return [ids[code] for code in codes]


def _fill_blanks(customer_id: int, row: ImportRow) -> None:
    customer = Customer.get_by_id(customer_id)
    changes = {}
    if not customer.phone and row.phone and not Customer.select().where(Customer.phone == row.phone).exists():
        changes["phone"] = row.phone
    for name, value in (("village", row.village), ("address", row.address)):
        if value and not getattr(customer, name):
            changes[name] = value
    note = _note(row)
    if note and note not in customer.notes:
        changes["notes"] = "\n".join(p for p in (customer.notes.strip(), note) if p)
    if changes:
        Customer.update(**changes).where(Customer.id == customer_id).execute()


# --- export --------------------------------------------------------------------------------------
@allowed(READ)
def mask_phone(e164: str | None) -> str:
    """'+6281234567890' → '0812-****-7890': enough to recognise, not enough to call."""
    if not e164:
        return ""
    shown = display_phone(e164)
    digits = [i for i, ch in enumerate(shown) if ch.isdigit()]
    hidden = set(digits[4:-4])
    return "".join("*" if i in hidden else ch for i, ch in enumerate(shown))


EXPORT_COLUMNS = (("member_code", "kode_member"), ("name", "nama"), ("phone", "hp"), ("tier", "tingkat"),
                  ("village", "desa"), ("address", "alamat"), ("promo_consent", "setuju_promo"),
                  ("promo_consent_at", "tanggal_setuju"), ("promo_consent_source", "sumber_setuju"),
                  ("notes", "catatan"))


@allowed(ANYONE, why="the book as a file: phone numbers masked unless the owner's PIN is given")
def export_customers(text: str = "", filters: CustomerFilter = CustomerFilter(), *, pin: str = "",
                     staff_id: int | None = None, full_numbers: bool = False) -> tuple[bytes, bool]:
    """The book as CSV (UTF-8 with BOM, which spreadsheets open right); (bytes, numbers shown in full).

    Only the customers the book shows for its search ``text`` and ``filters`` (all of them, not
    only the first rows on the screen); everyone active when none are given.

    Full numbers only with the owner's PIN; anyone else gets them masked (Indonesia's
    personal data law: a cashier's copy must not carry the customers' numbers).
    ``full_numbers`` refuses, instead of masking, when the PIN is not the owner's.
    """
    who = identify_for_approval(pin) if pin else None  # the owner's PIN is asked: counted as an approval
    if pin and who is None:
        raise NotAllowed(_("Wrong PIN: nothing was exported."))
    full = who is not None and who.role == OWNER
    if full_numbers and not full:
        raise NotAllowed(_("This needs the owner's PIN."))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([indonesian for _key, indonesian in EXPORT_COLUMNS])
    count = 0
    for c in matching_customers(text, filters).order_by(Customer.member_code):
        values = {"member_code": c.member_code, "name": c.name, "phone": display_phone(c.phone) if full
                  else mask_phone(c.phone), "tier": c.tier.code, "village": c.village, "address": c.address,
                  "promo_consent": "ya" if c.promo_consent else "tidak",
                  "promo_consent_at": local_date(c.promo_consent_at).isoformat() if c.promo_consent_at else "",
                  "promo_consent_source": c.promo_consent_source, "notes": c.notes.replace("\n", " / ")}
        writer.writerow([values[key] for key, _indonesian in EXPORT_COLUMNS])
        count += 1
    staff = StaffUser.get_or_none(StaffUser.id == staff_id) if staff_id else who
    record("customers.exported", staff_id=staff.id if staff else None,
           details={"customers": count, "full_numbers": full, **_filter_details(text, filters),
                    **({"approved_by": who.name} if full else {})})
    return ("\ufeff" + out.getvalue()).encode("utf-8"), full


def _filter_details(text: str, filters: CustomerFilter) -> dict:
    chosen = {k: v for k, v in asdict(filters).items() if v not in (None, False)}
    return {"search": text.strip(), "filters": chosen} if text.strip() or chosen else {}


class BookPerson(NamedTuple):
    """A customer of the book as a broadcast list reads them (the shape of retention's Person)."""

    customer_id: int
    name: str
    phone: str | None
    consent: bool
    last_visit: dt.date | None
    visits: int
    spend: Money
    last_message: dt.date | None = None
    detail: str = ""


@allowed(READ)
def book_people(text: str = "", filters: CustomerFilter = CustomerFilter()) -> list[BookPerson]:
    """The customers the book shows for this search and these filters, with their visits, spend and last visit
    (the shop's day)."""
    chosen = matching_customers(text, filters)
    figures = {row[0]: row[1:] for row in (
        Sale.select(Sale.customer, fn.COUNT(Sale.id), fn.SUM(Sale.total), fn.MAX(Sale.created_at))
        .where((Sale.kind == "sale") & (Sale.status == "completed")
               & Sale.customer.in_(chosen.select(Customer.id)))
        .group_by(Sale.customer).tuples())}
    zone = shop_settings().time_zone
    people = []
    for c in chosen.order_by(Customer.name, Customer.id):
        visits, spend, last = figures.get(c.id, (0, 0, None))
        if isinstance(last, str):
            last = dt.datetime.fromisoformat(last)  # SQLite hands an aggregate back as text
        day = last.replace(tzinfo=dt.timezone.utc).astimezone(zone).date() if last else None
        people.append(BookPerson(c.id, c.name, c.phone, c.promo_consent, day, int(visits or 0),
                                 Money(int(spend or 0))))
    return people


@allowed(OWNER)
def export_broadcast(text: str, filters: CustomerFilter, kind: str, *, pin: str | None,
                     staff_id: int | None = None) -> BroadcastFile:
    """The customers the book shows, as a list for a WhatsApp Business broadcast list (CSV or vCard): owner's
    PIN, only those who agreed to promotions and have a number; how many were left out and why."""
    return broadcast_file(book_people(text, filters), kind, pin, staff_id=staff_id,
                          details=_filter_details(text, filters))


__all__ = ["ADDRESS", "MERGE", "NAME", "NOTES", "PHONE", "SKIP", "SPECIAL_PRICES", "VILLAGE", "export_broadcast",
           "export_customers", "import_customers", "mask_phone", "plan_import", "preview_import"]
