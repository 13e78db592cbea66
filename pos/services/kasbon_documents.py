"""The kasbon ledger on paper: a customer's statement of account and the aging list, as PDFs."""

from __future__ import annotations

import datetime as dt

from pos.i18n import N_, _
from pos.models import Customer
from pos.money import Money
from pos.printing.statement_pdf import AgingData, StatementData, StatementRow, aging_pdf, statement_pdf
from pos.services.errors import InvalidInput
from pos.services.clock import local_date, today
from pos.services.kasbon import BUCKETS, aging, statement
from pos.services.shop_settings import shop_settings
from pos.services.access import READ, allowed

BUCKET_WORDS = {"not_due": N_("Not yet due"), "d0_7": N_("0–7 days"), "d8_30": N_("8–30 days"),
                "d31_60": N_("31–60 days"), "d60_plus": N_("over 60 days")}
WHAT_WORDS = {"invoice": N_("Sale on kasbon"), "payment": N_("Payment"), "refund": N_("Refund")}


@allowed(READ)
def customer_by_code(member_code: str) -> Customer:
    customer = Customer.get_or_none(Customer.member_code == member_code.strip().upper())
    if customer is None:
        raise InvalidInput(_("There is no customer with member code {code}.").format(code=member_code))
    return customer


@allowed(READ)
def statement_data(customer_id: int, start: dt.date, end: dt.date) -> StatementData:
    s = statement(customer_id, start, end)
    shop = shop_settings()
    rows = tuple(StatementRow(local_date(ln.at), _(WHAT_WORDS[ln.what]), ln.reference, ln.charge, ln.credit,
                              ln.balance) for ln in s.lines)
    return StatementData(shop.shop_name, shop.address, s.customer, s.member_code, s.start, s.end, s.opening,
                         rows, s.charges, s.credits, s.closing)


@allowed(READ)
def statement_file(customer_id: int, start: dt.date, end: dt.date) -> bytes:
    return statement_pdf(statement_data(customer_id, start, end))


@allowed(READ)
def aging_data(as_of: dt.date | None = None) -> AgingData:
    as_of = as_of or today()
    rows, totals = aging(as_of)
    return AgingData(shop_settings().shop_name, as_of, tuple(_(BUCKET_WORDS[b]) for b in BUCKETS),
                     tuple((r.name, r.member_code, tuple(r.buckets[b] for b in BUCKETS), r.total) for r in rows),
                     tuple(totals[b] for b in BUCKETS), Money(sum(t.minor for t in totals.values())))


@allowed(READ)
def aging_file(as_of: dt.date | None = None) -> bytes:
    return aging_pdf(aging_data(as_of))
