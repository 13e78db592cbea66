"""Finding customers as the cashier types, with the book's filters and sort orders, on both engines."""

from __future__ import annotations

import datetime as dt

import pytest

from pos.models import Customer, KasbonEntry, Sale
from pos.money import Money
from pos.services.customer_search import CustomerFilter, find_customers, phone_prefix
from pos.services.customers import NewCustomer, add_customer
from tests.factories import owner_pin, make_sale


@pytest.fixture
def book(demo_database):
    people = {
        "sari": add_customer(NewCustomer("Bu Sari Wulandari", "+6281234567890", village="Wonotirto",
                                         segments=("student",))),
        "rini": add_customer(NewCustomer("Mbak Rini Saraswati", "0812-3456-1111", village="Bansari",
                                         promo_consent=True)),
        "joko": add_customer(NewCustomer("Pak Joko", "0857 1111 2222", tier="reseller", village="wonotirto"),
                             owner_pin=owner_pin()),
    }
    return {k: v.id for k, v in people.items()}


def names(rows):
    return [r.name for r in rows]


@pytest.mark.parametrize("typed", ["0812 3456", "0812-3456", "+62 812 3456", "628123456", "8123456"])
def test_a_phone_prefix_in_any_spelling_finds_the_number(book, typed):
    found = names(find_customers(typed))
    assert "Bu Sari Wulandari" in found and "Mbak Rini Saraswati" in found and "Pak Joko" not in found


def test_a_name_fragment_from_anywhere_in_the_name(book):
    assert names(find_customers("landa")) == ["Bu Sari Wulandari"]
    found = names(find_customers("sar", limit=500))
    assert {"Bu Sari Wulandari", "Mbak Rini Saraswati"} <= set(found) and "Pak Joko" not in found
    assert all("sar" in name.lower() for name in found)
    assert names(find_customers("rini sara")) == ["Mbak Rini Saraswati"]
    assert find_customers("zzq") == []


def test_the_member_code_finds_its_customer(book):
    code = Customer.get_by_id(book["joko"]).member_code
    assert names(find_customers(code.lower())) == ["Pak Joko"]


def test_filters_combine_with_the_search(book):
    assert names(find_customers("", CustomerFilter(village="WONOTIRTO"))) == ["Bu Sari Wulandari", "Pak Joko"]
    assert names(find_customers("", CustomerFilter(tier="reseller", village="wonotirto"))) == ["Pak Joko"]
    assert names(find_customers("wulan", CustomerFilter(segment="student"))) == ["Bu Sari Wulandari"]
    assert find_customers("wulan", CustomerFilter(segment="young_mother")) == []
    assert "Mbak Rini Saraswati" in names(find_customers("", CustomerFilter(promo_consent=True), limit=500))
    KasbonEntry.create(customer=book["joko"], amount=Money(75000), created_at=dt.datetime(2026, 11, 1))
    assert "Pak Joko" in names(find_customers("", CustomerFilter(owes_kasbon=True), limit=500))
    assert "Pak Joko" not in names(find_customers("", CustomerFilter(holds_deposit=True), limit=500))


def test_sorted_by_visits_spend_and_last_visit_with_the_figures(book):
    make_sale(book["rini"], 20000, at=dt.datetime(2026, 11, 20))
    make_sale(book["rini"], 30000, at=dt.datetime(2026, 11, 21))
    make_sale(book["sari"], 90000, at=dt.datetime(2026, 11, 25))
    Customer.update(village="Wonotirto").where(Customer.id == book["rini"]).execute()
    ours = CustomerFilter(village="Wonotirto")  # the demo's customers have their own sales
    by_visits = find_customers("", ours, sort="visits")
    assert [(r.name, r.visits, r.spend) for r in by_visits] == [
        ("Mbak Rini Saraswati", 2, Money(50000)), ("Bu Sari Wulandari", 1, Money(90000)), ("Pak Joko", 0, Money(0))]
    assert names(find_customers("", ours, sort="spend")) == ["Bu Sari Wulandari", "Mbak Rini Saraswati", "Pak Joko"]
    latest = find_customers("", ours, sort="last_visit")
    assert latest[0].name == "Bu Sari Wulandari" and latest[0].last_visit == dt.datetime(2026, 11, 25)
    assert latest[-1].last_visit is None
    by_name = find_customers("", ours)
    assert [(r.name, r.visits) for r in by_name] == [("Bu Sari Wulandari", 1), ("Mbak Rini Saraswati", 2),
                                                    ("Pak Joko", 0)]
    assert Sale.select().count() >= 3


def test_a_renamed_customer_is_found_by_the_new_name_only(book):
    Customer.update(name="Ibu Sari Rahayu").where(Customer.id == book["sari"]).execute()
    assert "Ibu Sari Rahayu" in names(find_customers("sari rahayu", limit=500))
    assert find_customers("wulandari") == []


def test_phone_prefix_rules():
    assert phone_prefix("0812 3456") == "+628123456"
    assert phone_prefix("+1 415") == "+1415"
    assert phone_prefix("Sari") is None and phone_prefix("08") is None


def test_the_last_four_digits_find_the_number_anywhere_in_it(book):
    dewi = add_customer(NewCustomer("Bu Dewi Lestari", "0813-2222-0974")).id
    found = find_customers("0974", limit=500)
    assert "Bu Dewi Lestari" in names(found) and all("0974" in r.phone for r in found)
    assert "Bu Dewi Lestari" in names(find_customers("0974", CustomerFilter(village=""), sort="visits", limit=500))
    assert "Bu Dewi Lestari" in names(find_customers("2220974", limit=500))
    # a new number is found by its end too (kept in step by the index), the old one no longer
    Customer.update(phone="+6281399990123").where(Customer.id == dewi).execute()
    assert "Bu Dewi Lestari" not in names(find_customers("0974", limit=500))
    assert "Bu Dewi Lestari" in names(find_customers("0123", limit=500))


def test_three_digits_or_fewer_still_match_the_start_of_the_number_only(book):
    add_customer(NewCustomer("Bu Dewi Lestari", "0813-2222-0974"))
    assert "Bu Dewi Lestari" not in names(find_customers("974", limit=500))
    assert "Bu Dewi Lestari" in names(find_customers("0813", limit=500))  # the start still works
