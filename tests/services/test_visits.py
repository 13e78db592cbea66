"""The visit summary the bring-them-back lists read, on SQLite and PostgreSQL: a shop's history made through the
real services (sales, a refund, a void, a merge, sales either side of the shop's midnight) gives every list
exactly as the stored sales give it."""

from __future__ import annotations

import datetime as dt
import importlib
import uuid

import pytest

from pos.domain.pricing import CartLine
from pos.domain.till import Tender
from pos.models import Customer, VisitSummary, VisitSummaryState, db
from pos.money import Quantity
from pos.services.customers import NewCustomer, add_customer
from pos.services.errors import NotAllowed
from pos.services.merge import merge_customers
from pos.services.pricing import price
from pos.services.refunds import refund, refundable_lines, void_sale
from pos.services.retention import (birthdays, lapsed_customers, monthly_returning, new_not_returned, referrers,
                                    rfm)
from pos.services.sales import CheckoutRequest, checkout
from pos.services.visits import check, rebuild, reference_histories, shop_offset
from tests.factories import owner_pin

TODAY = dt.date(2026, 11, 28)  # the tests' shop clock: 2026-11-28 02:30 UTC is 09:30 in Jakarta


@pytest.fixture
def shop(make_shop):
    return make_shop(100000)


def sell(shop, customer_id, at, code="KOP-01", qty=2):
    lines = (CartLine(shop["ids"][code], Quantity.of(qty)),)
    total = price(list(lines), customer_id, at=at).cash_total
    return checkout(CheckoutRequest(uuid.uuid4().hex, "K1", shop["shift"], shop["cashier"], lines,
                                    (Tender("cash", total),), customer_id, at=at))


def utc(days_ago: int, hour: int = 3, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime.combine(TODAY - dt.timedelta(days=days_ago), dt.time(hour, minute, second))


def every_list() -> dict:
    result = rfm(today=TODAY)
    return {"lapsed": list(lapsed_customers(30, today=TODAY)), "lapsed 8": list(lapsed_customers(8, today=TODAY)),
            "rfm groups": result.groups, "rfm people": list(result.people()),
            "birthdays": birthdays(today=TODAY, days=30), "new": new_not_returned(today=TODAY),
            "referrers": referrers(), "monthly": monthly_returning(12, today=TODAY)}


def from_the_sales() -> dict:
    """The same lists worked out from the stored sales, as before the summary (it is ignored while its offset
    is not the shop's)."""
    VisitSummaryState.update(offset_seconds=VisitSummaryState.offset_seconds + 1).execute()
    try:
        return every_list()
    finally:
        VisitSummaryState.update(offset_seconds=VisitSummaryState.offset_seconds - 1).execute()


@pytest.fixture
def history(shop):
    ids = {}
    for name, phone in (("Wati", "0812-2000-0001"), ("Bulan", "0812-2000-0002"), ("Sari", "0812-2000-0003"),
                        ("Sari W", "0812-2000-0004"), ("Dodi", "0812-2000-0005"), ("Eka", "0812-2000-0006")):
        ids[name] = add_customer(NewCustomer(name, phone)).id
    Customer.update(referred_by=ids["Wati"]).where(Customer.id.in_([ids["Dodi"], ids["Eka"]])).execute()
    Customer.update(birthday=dt.date(1990, 12, 5)).where(Customer.id == ids["Bulan"]).execute()
    for days in (80, 73, 66, 59, 52, 45):  # weekly, then away 45 days: overdue
        sell(shop, ids["Wati"], utc(days))
    for days in (120, 90, 60):  # monthly
        sell(shop, ids["Bulan"], utc(days), code="ROT-01" if "ROT-01" in shop["ids"] else "KOP-01")
    # either side of the shop's midnight (Jakarta, UTC+7): 16:59:59 and 17:00:00 UTC are two shop days
    sell(shop, ids["Sari"], utc(40, 16, 59, 59))
    sell(shop, ids["Sari"], utc(40, 17, 0, 0))
    sell(shop, ids["Sari W"], utc(39, 16, 59, 59))  # the other record's day: one visit with Sari's after the merge
    sell(shop, ids["Sari W"], utc(20))
    sell(shop, ids["Dodi"], utc(10), qty=3)
    kept = sell(shop, ids["Dodi"], utc(2), qty=5)
    line = refundable_lines(kept.number)[0]
    refund(kept.number, {line.line_id: Quantity.of(1)}, back_to="original", owner_pin=owner_pin(),
           staff_id=shop["cashier"], shift_id=shop["shift"], till_id="K1", at=utc(1))
    sell(shop, ids["Eka"], utc(1))
    gone = sell(shop, ids["Eka"], utc(0, 1))  # Eka's second day, voided: Eka is new and has not come back
    void_sale(gone.number, owner_pin=owner_pin(), staff_id=shop["cashier"], shift_id=shop["shift"], till_id="K1",
              at=utc(0, 2))
    merge_customers(ids["Sari"], ids["Sari W"], owner_pin=owner_pin(), staff_id=shop["cashier"])
    return ids


def test_every_list_from_the_summary_is_the_list_from_the_sales(history):
    assert check() == 0
    lists = every_list()
    assert lists == from_the_sales()
    people = {p.name: p for p in lists["rfm people"]}
    assert people["Sari"].visits == 3 and people["Eka"].visits == 1  # midnight split, merge joined, void undone
    assert [p.name for p in lists["new"]][:1] and "Eka" in {p.name for p in lists["new"]}
    wati = next(p for p in lists["lapsed"] if p.name == "Wati")
    assert wati.facts.usual_interval == 7 and wati.facts.overdue and wati.visits == 6
    dodi = people["Dodi"]
    assert 0 < dodi.spend.minor < sum(s.total.minor for s in _sales(history["Dodi"]) if s.kind == "sale")


def _sales(customer_id):
    from pos.models import Sale

    return list(Sale.select().where(Sale.customer == customer_id))


def test_checkout_keeps_the_summary_in_step_sale_by_sale(shop):
    wati = add_customer(NewCustomer("Wati", "0812-2000-0001")).id
    sell(shop, wati, utc(10))
    sell(shop, wati, utc(3))
    sell(shop, wati, utc(6))  # stored after a later one (an outbox catching up): the days stay in order
    sell(shop, wati, utc(3, 5))  # twice on one day is one visit
    row = VisitSummary.get_by_id(wati)
    assert (row.visits, row.days, row.usual_interval) == (3, ",".join(
        str((TODAY - dt.timedelta(days=d)).toordinal()) for d in (10, 6, 3)), 4)
    assert row.spend == sum(s.total.minor for s in _sales(wati))
    assert check() == 0


def test_a_void_takes_the_visit_back_and_leaves_the_spend_at_what_was_kept(shop):
    eka = add_customer(NewCustomer("Eka", "0812-2000-0006")).id
    sell(shop, eka, utc(1))
    gone = sell(shop, eka, utc(0, 1))
    assert VisitSummary.get_by_id(eka).visits == 2
    void_sale(gone.number, owner_pin=owner_pin(), staff_id=shop["cashier"], shift_id=shop["shift"], till_id="K1",
              at=utc(0, 2))
    row = VisitSummary.get_by_id(eka)
    assert (row.visits, row.last_day) == (1, (TODAY - dt.timedelta(days=1)).toordinal())
    assert row.spend == sum(s.total.minor for s in _sales(eka))
    assert check() == 0


def test_rebuild_needs_the_owner_and_writes_what_the_migration_writes(history):
    with pytest.raises(NotAllowed):
        rebuild(owner_pin="0000")
    before = sorted(VisitSummary.select().tuples())
    result = rebuild(owner_pin=owner_pin())
    assert result.differed == 0 and result.customers == len(before)
    assert sorted(VisitSummary.select().tuples()) == before
    VisitSummary.delete().execute()  # a shop from before the summary: the migration fills it from its sales
    with db.atomic():
        importlib.import_module("pos.migrations.0029_visit_summary").fill(db.obj)
    assert sorted(VisitSummary.select().tuples()) == before
    assert {h.customer_id for h in reference_histories(shop_offset(TODAY))} == {
        row[0] for row in before if row[3] > 0}


def test_a_summary_out_of_step_is_found_and_mended(history):
    VisitSummary.update(visits=VisitSummary.visits + 1).where(VisitSummary.customer == history["Wati"]).execute()
    assert check() == 1
    assert every_list() != from_the_sales()  # the comparison above sees a summary that is wrong
    assert rebuild(owner_pin=owner_pin()).differed == 1
    assert check() == 0 and every_list() == from_the_sales()
