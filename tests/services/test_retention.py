"""The bring-them-back lists and WhatsApp messages on a hand-built history, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlparse

import pytest

from pos.models import AuditEntry, Customer, Promotion, Sale, Touchpoint
from pos.money import Money
from pos.services.customer_book import customer_page
from pos.services.errors import InvalidInput, NotAllowed
from pos.services.retention import (birthdays, histories, lapsed_customers, monthly_returning, new_not_returned,
                                    referrers, rfm)
from pos.services.shop import change_shop_settings
from pos.services.whatsapp import (campaign, export_list, message_for, note_sent, save_template, templates)
from tests.factories import make_customer, make_sale

TODAY = dt.date(2026, 11, 28)


def at(days_ago: int, hour: int = 3) -> dt.datetime:
    """A moment ``days_ago`` shop days before TODAY (03:00 UTC is 10:00 in Jakarta)."""
    return dt.datetime.combine(TODAY - dt.timedelta(days=days_ago), dt.time(hour))


@pytest.fixture
def book(demo_database):
    ids = {}
    for name, phone, consent in (("Wati", "0812-1000-0001", True), ("Bulan", "0812-1000-0002", True),
                                 ("Sari", "0812-1000-0003", False), ("Dodi", "", True),
                                 ("Eka", "0812-1000-0005", True)):
        ids[name] = make_customer(name, phone, promo_consent=consent).id
    for days in (41, 34, 27, 20):  # weekly, last 20 days ago
        make_sale(ids["Wati"], 30000, at=at(days))
    for days in (110, 80, 50, 20):  # monthly, last 20 days ago
        make_sale(ids["Bulan"], 50000, at=at(days))
    make_sale(ids["Sari"], 10000, at=at(90))  # once, 90 days ago
    make_sale(ids["Dodi"], 20000, at=at(75))
    make_sale(ids["Eka"], 15000, at=at(2))  # new this month, once
    make_sale(ids["Eka"], 15000, at=at(2, hour=5))  # twice on one day is one visit
    return ids


def test_lapsed_weekly_buyer_and_the_silent_but_not_the_monthly_buyer(book):
    people = lapsed_customers(60, today=TODAY)
    assert [p.name for p in people] == ["Wati", "Dodi", "Sari"]  # most spent first
    wati = people[0]
    assert wati.facts.overdue and wati.facts.usual_interval == 7 and wati.facts.days_away == 20
    assert (wati.visits, wati.spend.minor, wati.last_visit) == (4, 120000, TODAY - dt.timedelta(days=20))
    assert wati.detail == "usually every 7 days, away 20 days"
    assert people[2].detail == "away 90 days" and not people[2].consent
    assert [p.name for p in lapsed_customers(80, today=TODAY)] == ["Wati", "Sari"]
    with pytest.raises(InvalidInput):
        lapsed_customers(0, today=TODAY)


def test_rfm_groups_count_every_buyer_once_with_their_revenue(book):
    result = rfm(today=TODAY)
    people = result.people()
    scored = {p.name for p in people}
    assert {"Wati", "Bulan", "Sari", "Dodi", "Eka"} <= scored
    assert sum(g.count for g in result.groups) == len(people)
    assert sum(g.revenue.minor for g in result.groups) == sum(p.spend.minor for p in people)
    for g in result.groups:
        assert len(result.people({g.code})) == g.count
    assert [g.code for g in result.groups] == ["champions", "loyal", "new", "at_risk", "lost", "others"]
    champions = next(g for g in result.groups if g.code == "champions")
    assert "R 4–5, F 4–5, M 4–5" in champions.rule
    sari = next(p for p in people if p.name == "Sari")
    assert sari.facts.recency == 1 and sari.facts.group == "lost"


def test_referrals_are_counted_with_what_the_friends_spent(book):
    ani = make_customer("Ani Referrer", "0812-1000-0009").id
    friend1 = make_customer("Teman Satu", "0812-1000-0010", referred_by_id=ani).id
    make_customer("Teman Dua", "0812-1000-0011", referred_by_id=ani)
    make_customer("Teman Tiga", "0812-1000-0012", referred_by_id=book["Wati"])
    make_sale(friend1, 40000, at=at(5))
    make_sale(friend1, 35000, at=at(3))
    people = referrers()
    assert (people[0].name, people[0].facts.referred, people[0].facts.buyers, people[0].facts.spend.minor) == (
        "Ani Referrer", 2, 1, 75000)  # the demo's referrers brought two at most, and nobody who bought
    assert people[0].detail == "brought 2, who spent Rp 75.000"
    wati = next(p for p in people if p.name == "Wati")
    assert (wati.facts.referred, wati.facts.buyers, wati.facts.spend.minor) == (1, 0, 0)
    assert all(p.facts.referred >= 1 for p in people)


def test_new_customers_this_month_who_did_not_come_back(book):
    assert [p.name for p in new_not_returned(today=TODAY)] == ["Eka"]
    assert new_not_returned(today=dt.date(2026, 12, 1)) == []


def test_birthdays_in_the_coming_week(book):
    make_customer("Ulang", "0812-1000-0020", birthday=dt.date(1990, 12, 3))
    make_customer("Nanti", "0812-1000-0021", birthday=dt.date(1990, 12, 10))
    make_customer("Hari Ini", "0812-1000-0022", birthday=dt.date(1985, 11, 28))
    mine = [p for p in birthdays(today=TODAY) if p.name in ("Ulang", "Nanti", "Hari Ini")]
    assert [(p.name, p.detail) for p in mine] == [("Hari Ini", "today"), ("Ulang", "3 Dec 2026")]
    assert [p.facts for p in birthdays(today=TODAY)] == sorted(p.facts for p in birthdays(today=TODAY))


def test_returning_rate_per_month(book):
    oct_, nov = monthly_returning(2, today=TODAY)
    # October: Wati (first visit 41 days ago = 18 Oct) new; Bulan came before (110 days ago) → 1 of 2 returning
    assert (oct_.month, oct_.buyers, oct_.returning, oct_.new) == ("2026-10", 2, 1, 1)
    # November: Wati and Bulan returning, Eka new
    assert (nov.month, nov.buyers, nov.returning, nov.new) == ("2026-11", 3, 2, 1)


def test_a_templated_message_fills_in_the_customer_and_is_noted(book):
    change_shop_settings({"shop_name": "Roti Ana"}, owner_pin="1234")
    lapsed_template = next(t for t in templates() if t.code == "lapsed")
    message = message_for(book["Wati"], lapsed_template.id)
    url = urlparse(message.link)
    assert (url.netloc, url.path) == ("wa.me", "/6281210000001")
    text = parse_qs(url.query)["text"][0]
    assert text == message.text and text.startswith("Halo Wati, sudah lama tidak mampir ke Roti Ana.")
    bought = Sale.get(Sale.customer == book["Wati"]).lines[0].description
    assert f"{bought} kesukaan Kakak" in text and "{" not in text  # {produk_favorit}: what she bought most
    promotion = Promotion.select().first()
    promo = message_for(book["Wati"], next(t.id for t in templates() if t.code == "promo"), promotion.id)
    assert f"ada promo di Roti Ana: {promotion.name}. Stempel Kakak sekarang 0" in promo.text
    note_sent(message)
    assert Touchpoint.select().where(Touchpoint.customer == book["Wati"]).count() == 1
    assert customer_page(book["Wati"]).touchpoints[0].text.startswith("WhatsApp: Halo Wati")
    assert lapsed_customers(60, today=TODAY)[0].last_message is not None
    with pytest.raises(InvalidInput):
        message_for(book["Dodi"], lapsed_template.id)  # no number


def test_template_checks(book):
    with pytest.raises(InvalidInput, match="{name}"):
        save_template(None, "Salah", "Halo {name}")
    with pytest.raises(InvalidInput):
        save_template(None, "", "Halo {nama}")
    count = len(templates())
    new_id = save_template(None, "Lebaran", "Selamat Idul Fitri {nama}! {promo}")
    assert len(templates()) == count + 1 and templates()[-1].id == new_id
    save_template(new_id, "Lebaran", "Mohon maaf lahir batin, {nama}.")
    assert templates()[-1].text == "Mohon maaf lahir batin, {nama}."


def test_campaign_and_export_take_only_those_who_agreed(book):
    people = lapsed_customers(60, today=TODAY)
    plan = campaign(people)
    assert [p.name for p in plan.recipients] == ["Wati"]
    assert (plan.without_consent, plan.without_number) == (1, 1)
    with pytest.raises(NotAllowed):
        export_list(people, "vcf", "1111")
    data, count = export_list(people, "vcf", "1234")
    text = data.decode()
    assert count == 1 and "FN:Wati" in text and "TEL;TYPE=CELL:+6281210000001" in text and "Sari" not in text
    data, _count = export_list(people, "csv", "1234")
    assert "6281210000001" in data.decode("utf-8-sig") and "Sari" not in data.decode("utf-8-sig")
    assert AuditEntry.select().where(AuditEntry.action == "customers.exported").count() == 2


def test_a_visit_is_a_day_in_the_shop_s_time_zone(book):
    """16:59 and 17:00 UTC are 23:59 and 00:00 in Jakarta: two shop days, on either engine."""
    late = make_customer("Malam", "0812-1000-0030").id
    make_sale(late, 10000, at=dt.datetime(2026, 11, 20, 16, 59))
    make_sale(late, 10000, at=dt.datetime(2026, 11, 20, 17, 0))
    make_sale(late, 10000, at=dt.datetime(2026, 11, 21, 16, 0))  # 23:00 on the 21st: the same day as the second
    found = next(h for h in histories(TODAY) if h.customer_id == late)
    assert (found.first, found.last, found.visits, found.spend) == (dt.date(2026, 11, 20), dt.date(2026, 11, 21), 2,
                                                                    30000)


def test_refunds_take_off_spend_and_a_voided_sale_is_no_visit(book):
    def refund(sale_id: int, amount: int, *, void: bool = False) -> None:
        original = Sale.get_by_id(sale_id)
        Sale.create(number=f"R-{sale_id}", till_id="K1", kind="refund", refund_of=original, customer=original.customer,
                    created_at=original.created_at, total=Money(-amount), subtotal=Money(-amount))
        if void:
            Sale.update(status="voided").where(Sale.id == sale_id).execute()

    rina = make_customer("Rina", "0812-1000-0040").id
    kept = make_sale(rina, 50000, at=at(30))
    refund(kept, 20000)  # part of it came back
    refund(make_sale(rina, 80000, at=at(25)), 80000, void=True)  # voided: never happened
    found = next(h for h in histories(TODAY) if h.customer_id == rina)
    assert (found.visits, found.spend, found.last) == (1, 30000, TODAY - dt.timedelta(days=30))


def test_a_customer_deleted_on_request_leaves_the_lists_but_not_the_monthly_rate(book):
    before = monthly_returning(2, today=TODAY)
    Customer.update(active=False).where(Customer.id == book["Wati"]).execute()
    assert "Wati" not in [p.name for p in lapsed_customers(20, today=TODAY)]
    assert "Wati" not in [p.name for p in rfm(today=TODAY).people()]
    assert monthly_returning(2, today=TODAY) == before  # her sales stay, and so do past months' figures


def test_a_message_that_would_read_wrong_is_refused(book):
    by_code = {t.code: t.id for t in templates()}
    with pytest.raises(InvalidInput, match="choose a promotion"):
        message_for(book["Wati"], by_code["promo"])  # "ada promo di Roti Ana: ."
    change_shop_settings({"shop_name": ""}, owner_pin="1234")
    with pytest.raises(InvalidInput, match="shop's name"):
        message_for(book["Wati"], by_code["lapsed"])
    change_shop_settings({"shop_name": "Roti Ana"}, owner_pin="1234")
    nobody = make_customer("Belum Belanja", "0812-1000-0050").id
    with pytest.raises(InvalidInput, match="bought nothing yet"):
        message_for(nobody, by_code["lapsed"])  # no favourite product to name
    assert message_for(nobody, by_code["birthday"]).text.startswith("Selamat ulang tahun, Belum Belanja!")
    assert Touchpoint.select().count() == 0
