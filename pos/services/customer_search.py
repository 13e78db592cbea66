"""Finding customers among 100,000 while the cashier types: by phone in any spelling, by a fragment of
the name from anywhere in it, or by member code; with the customer book's filters and sort orders.

The one place with engine-specific SQL for it (DESIGN.md): SQLite answers name fragments from
the FTS5 trigram table of migration 0009, PostgreSQL from pg_trgm's index on ``name ILIKE``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from peewee import JOIN, SQL, fn

from pos.models import (AcquisitionSource, Customer, CustomerSegment, PriceTier, Sale,
                        Segment, db)
from pos.money import Money
from pos.services.db import supports_row_locks
from pos.services.ledgers import DEPOSIT, KASBON, holders
from pos.services.phones import region_country_code
from pos.services.access import READ, allowed

SORTS = ("name", "last_visit", "visits", "spend")
FRAGMENT_DIGITS = 4  # typed digits from which the number is matched anywhere (the last four digits), not only its start
_PHONE_LIKE = re.compile(r"\+?[\d\s().-]+")
_MEMBER = re.compile(r"[A-Za-z]{2}\d{1,5}")


@dataclass(frozen=True)
class CustomerFilter:
    tier: str | None = None  # price tier code
    segment: str | None = None
    source: str | None = None
    village: str | None = None
    owes_kasbon: bool = False
    holds_deposit: bool = False
    promo_consent: bool | None = None


@dataclass(frozen=True)
class CustomerRow:
    id: int
    member_code: str
    name: str
    phone: str | None
    tier: str
    village: str
    visits: int
    spend: Money
    last_visit: dt.datetime | None


@allowed(READ)
def phone_prefix(text: str, country_code: int = 62) -> str | None:
    """What a typed number starts with in E.164: '0812 3456' → '+628123456'; None when it is not a number."""
    text = text.strip()
    if not _PHONE_LIKE.fullmatch(text):
        return None
    digits = re.sub(r"\D", "", text)
    if len(digits) < 3:
        return None
    if text.startswith("+"):
        return "+" + digits
    if digits.startswith("0"):
        return f"+{country_code}{digits[1:]}"
    if digits.startswith(str(country_code)):
        return "+" + digits
    return f"+{country_code}{digits}"


@allowed(READ)
def phone_fragment(text: str) -> str | None:
    """The digits typed when they may be any part of a number ("0974", the last four): None for fewer than
    four digits (those keep matching the start of the number only) or anything that is not a number."""
    text = text.strip()
    if not _PHONE_LIKE.fullmatch(text) or text.startswith("+"):
        return None
    digits = re.sub(r"\D", "", text)
    return digits if len(digits) >= FRAGMENT_DIGITS else None


def _fragment_sql(p: str) -> str:
    """The indexed 'phone contains these digits' condition on customer ``c`` (one parameter)."""
    if supports_row_locks():  # PostgreSQL: LIKE, answered by pg_trgm's index of migration 0028
        return f"c.phone LIKE {p}"
    return f"c.id IN (SELECT rowid FROM customer_phone_search WHERE customer_phone_search MATCH {p})"


def _fragment_param(digits: str) -> str:
    return f"%{digits}%" if supports_row_locks() else f'"{digits}"'


def _after(prefix: str) -> str:
    """The first string after every string that starts with ``prefix``."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _name_condition(words: list[str]):
    if supports_row_locks():  # PostgreSQL: ILIKE, answered by the pg_trgm index
        condition = None
        for word in words:
            part = Customer.name.contains(word)
            condition = part if condition is None else condition & part
        return condition
    long_words = [w for w in words if len(w) >= 3]  # the trigram index needs three letters
    condition = None
    if long_words:
        match = " AND ".join('"' + w.replace('"', '""') + '"' for w in long_words)
        condition = SQL('"t1"."id" IN (SELECT rowid FROM customer_search WHERE customer_search MATCH ?)', [match])
    for word in (w for w in words if len(w) < 3):
        part = Customer.name.contains(word)
        condition = part if condition is None else condition & part
    return condition


@allowed(READ)
def matching(text: str):
    """The condition for what was typed (None: everyone)."""
    text = (text or "").strip()
    if not text:
        return None
    prefix = phone_prefix(text, region_country_code())
    if prefix is not None:
        start = (Customer.phone >= prefix) & (Customer.phone < _after(prefix))
        digits = phone_fragment(text)
        if digits is None:
            return start
        if supports_row_locks():
            return start | Customer.phone.contains(digits)
        return start | SQL('"t1"."id" IN (SELECT rowid FROM customer_phone_search WHERE customer_phone_search '
                           'MATCH ?)', [_fragment_param(digits)])
    if _MEMBER.fullmatch(text):
        return (Customer.member_code == text.upper()) | _name_condition([text])
    return _name_condition(text.split())


def _filtered(query, f: CustomerFilter):
    if f.tier:
        query = query.where(Customer.tier.in_(PriceTier.select(PriceTier.id).where(PriceTier.code == f.tier)))
    if f.segment:
        query = query.where(Customer.id.in_(CustomerSegment.select(CustomerSegment.customer).join(Segment)
                                            .where(Segment.code == f.segment)))
    if f.source:
        query = query.where(Customer.source.in_(AcquisitionSource.select(AcquisitionSource.id)
                                                .where(AcquisitionSource.code == f.source)))
    if f.village:
        query = query.where(fn.LOWER(Customer.village) == f.village.strip().lower())
    if f.owes_kasbon:
        query = query.where(Customer.id.in_(holders(KASBON)))
    if f.holds_deposit:
        query = query.where(Customer.id.in_(holders(DEPOSIT)))
    if f.promo_consent is not None:
        query = query.where(Customer.promo_consent == f.promo_consent)
    return query


_FIGURES = ("(SELECT {agg} FROM sale s WHERE s.customer_id = c.id AND s.kind = 'sale' "
            "AND s.status = 'completed')")
_TYPING_SQL = ("SELECT c.id, c.member_code, c.name, c.phone, c.village, t.code, "
               + ", ".join(_FIGURES.format(agg=agg) for agg in ("COUNT(*)", "SUM(s.total)", "MAX(s.created_at)"))
               + " FROM customer c JOIN price_tier t ON t.id = c.tier_id WHERE {where} AND c.active "
               "ORDER BY c.name, c.id LIMIT {param}")


def _typing_where(text: str, *, member_names: bool = False) -> tuple[str, list] | None:
    """The condition on ``customer c`` for what is being typed (a number, name words), written for each engine;
    None when it needs the general query (a member code, unless ``member_names``; short words on SQLite)."""
    p = db.param
    prefix = phone_prefix(text, region_country_code())
    if prefix is not None:
        where, params = f"c.phone >= {p} AND c.phone < {p}", [prefix, _after(prefix)]
        digits = phone_fragment(text)
        if digits is not None:  # the start of the number, or the digits anywhere in it (the last four)
            where = f"(({where}) OR {_fragment_sql(p)})"
            params.append(_fragment_param(digits))
        return where, params
    if not text or (_MEMBER.fullmatch(text) and not member_names):
        return None
    words = text.split()
    if supports_row_locks():
        return (" AND ".join([f"c.name ILIKE {p}"] * len(words)),
                [f"%{w.replace('%', '').replace('_', '')}%" for w in words])
    if all(len(w) >= 3 for w in words):
        return (f"c.id IN (SELECT rowid FROM customer_search WHERE customer_search MATCH {p})",
                [" AND ".join('"' + w.replace('"', '""') + '"' for w in words)])
    return None


def _while_typing(text: str, limit: int) -> list[CustomerRow] | None:
    """The search-as-you-type case (no filters, by name) in one statement written for each engine;
    None when what was typed needs the general query."""
    found = _typing_where(text)
    if found is None:
        return None
    where, params = found
    cursor = db.execute_sql(_TYPING_SQL.format(where=where, param=db.param), [*params, limit])
    return [CustomerRow(r[0], r[1], r[2], r[3], r[5], r[4], int(r[6] or 0), Money(int(r[7] or 0)), _moment(r[8]))
            for r in cursor.fetchall()]


_LOOKUP_SQL = (
    "SELECT c.id, c.name, c.phone, c.member_code, t.code, ({segments}), m.rank FROM ("
    "SELECT c.id, 0 AS rank FROM customer c WHERE c.member_code = {p} "
    "UNION ALL SELECT a.customer_id, 1 FROM member_code_alias a WHERE a.code = {p} "
    "UNION ALL SELECT c.id, 2 FROM customer c WHERE c.phone = {p} "
    "UNION ALL SELECT id, 3 FROM (SELECT c.id FROM customer c WHERE c.active AND {where} "
    "ORDER BY c.name, c.id LIMIT {p}) AS named"
    ") AS m JOIN customer c ON c.id = m.id JOIN price_tier t ON t.id = c.tier_id ORDER BY m.rank, c.name, c.id")
_SEGMENTS = {True: "SELECT string_agg(g.code, ',' ORDER BY cs.id) FROM customer_segment cs "
                   "JOIN segment g ON g.id = cs.segment_id WHERE cs.customer_id = c.id",
             False: "SELECT group_concat(code, ',') FROM (SELECT g.code FROM customer_segment cs "
                    "JOIN segment g ON g.id = cs.segment_id WHERE cs.customer_id = c.id ORDER BY cs.id)"}


@allowed(READ)
def typing_lookup(text: str, code: str, phone: str | None, limit: int) -> list[tuple] | None:
    """The till's customer box as the cashier types, in one statement: the customer whose member code (or a merged
    record's code) is ``code`` or whose phone is ``phone``, then the active customers whose name or number matches,
    each as (id, name, phone, member code, tier code, segment codes joined by commas), each once; None when what
    was typed needs the general query."""
    found = _typing_where(text, member_names=True)
    if found is None:
        return None
    where, params = found
    p = db.param
    sql = _LOOKUP_SQL.format(segments=_SEGMENTS[supports_row_locks()], where=where, p=p)
    rows, seen = [], set()
    for row in db.execute_sql(sql, [code, code, phone, *params, limit]).fetchall():
        if row[0] not in seen:
            seen.add(row[0])
            rows.append(row[:6])
    return rows[:limit]


@allowed(READ)
def find_customers(text: str = "", filters: CustomerFilter = CustomerFilter(), *, sort: str = "name",
                   limit: int = 50, include_inactive: bool = False) -> list[CustomerRow]:
    """Customers matching what was typed and the filters, with their visits, spend and last visit."""
    if sort not in SORTS:
        raise ValueError(sort)
    if sort == "name" and filters == CustomerFilter() and not include_inactive:
        rows = _while_typing((text or "").strip(), limit)
        if rows is not None:
            return rows
    visits = (Sale.select(Sale.customer.alias("cid"), fn.COUNT(Sale.id).alias("visits"),
                          fn.SUM(Sale.total).alias("spend"), fn.MAX(Sale.created_at).alias("last"))
              .where((Sale.kind == "sale") & (Sale.status == "completed") & Sale.customer.is_null(False))
              .group_by(Sale.customer).alias("v"))
    query = (Customer.select(Customer.id, Customer.member_code, Customer.name, Customer.phone, Customer.village,
                             PriceTier.code.alias("tier_code"), visits.c.visits, visits.c.spend, visits.c.last)
             .join(PriceTier).switch(Customer)
             .join(visits, JOIN.LEFT_OUTER, on=(visits.c.cid == Customer.id)))
    if sort == "name":  # the common case while typing: the totals only for the rows shown
        query = Customer.select(Customer.id, Customer.member_code, Customer.name, Customer.phone, Customer.village,
                                PriceTier.code.alias("tier_code")).join(PriceTier).switch(Customer)
    condition = matching(text)
    if condition is not None:
        query = query.where(condition)
    if not include_inactive:
        query = query.where(Customer.active == True)  # noqa: E712
    query = _filtered(query, filters)
    order = {"name": [Customer.name, Customer.id],
             "last_visit": [visits.c.last.desc(nulls="LAST"), Customer.id],
             "visits": [visits.c.visits.desc(nulls="LAST"), Customer.id],
             "spend": [visits.c.spend.desc(nulls="LAST"), Customer.id]}[sort]
    rows = list(query.order_by(*order).limit(limit).dicts())
    if sort == "name" and rows:
        totals = {r["cid"]: r for r in Sale.select(Sale.customer.alias("cid"), fn.COUNT(Sale.id).alias("visits"),
                                                   fn.SUM(Sale.total).alias("spend"),
                                                   fn.MAX(Sale.created_at).alias("last"))
                  .where((Sale.kind == "sale") & (Sale.status == "completed")
                         & Sale.customer.in_([r["id"] for r in rows])).group_by(Sale.customer).dicts()}
        for r in rows:
            r.update({k: totals.get(r["id"], {}).get(k) for k in ("visits", "spend", "last")})
    return [CustomerRow(r["id"], r["member_code"], r["name"], r["phone"], r["tier_code"], r["village"],
                        int(r.get("visits") or 0), Money(int(r.get("spend") or 0)), _moment(r.get("last")))
            for r in rows]


@allowed(READ)
def matching_customers(text: str = "", filters: CustomerFilter = CustomerFilter()):
    """Every active customer the book shows for this search and these filters, not only the first rows: a query
    of Customer for the exports in services (never handed to a window)."""
    query = Customer.select().join(PriceTier).switch(Customer).where(Customer.active == True)  # noqa: E712
    condition = matching(text)
    if condition is not None:
        query = query.where(condition)
    return _filtered(query, filters)


def _moment(value) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))  # SQLite hands an aggregate back as text


__all__ = ["CustomerFilter", "CustomerRow", "SORTS", "find_customers", "matching_customers", "phone_prefix"]
