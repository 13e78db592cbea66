"""The day recap on 58 mm paper and in the A4 PDF, built from a recap with big amounts and long names."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from pos.domain.recap import Figure, Given, ItemRow, Recap, RefundRow
from pos.i18n import _, format_money, set_language
from pos.money import Money, Quantity
from pos.printing.document import Pair, Text, layout
from pos.printing.recap import recap_document, recap_pdf
from pos.printing.render_text import to_text

AMOUNT_ALONE = re.compile(r"^\s*-?(Rp|IDR)\s?-?[\d.,]+\s*$")


def big_day(**changes) -> Recap:
    """A busy day: amounts of eight digits, a promotion and products whose names fill a 58 mm line."""
    m = Money
    values = dict(
        day=dt.date(2026, 11, 25), till=None, sales_count=1234, gross_retail=m(123_456_700),
        given_by_prices=m(12_345_600), discounts=m(1_234_500), free_items=m(1_171_000),
        given=(Given("Tester gratis belanja \u2265 Rp 200.000", m(0), m(13_135_000), 9),
               Given("Beli 10 gratis 1 Keripik Pisang", m(0), m(36_000), 2)),
        refunds=(RefundRow("K1-R000012", "K1-000345", m(-1_250_000), "Bu Ani", False),),
        refunds_total=m(-11_250_000), sales_total=m(98_765_400), net_sales=m(87_515_400), tax=m(0),
        rounding=m(-12_500),
        by_method=(("transfer", m(62_750_000)), ("cash", m(15_865_000)), ("qris", m(10_220_000)),
                   ("kasbon", m(13_500_000)), ("deposit", m(1_500_000))),
        kasbon_given=m(13_500_000), kasbon_collected=m(17_000_000), deposits_taken=m(2_000_000),
        deposits_spent=m(1_500_000), shifts=(), cash_expected=m(17_865_000), cash_counted=m(17_800_000),
        cash_difference=m(-65_000), average_basket=m(80_037),
        items=(ItemRow("Kue Tart Ulang Tahun 22 cm", "Kue", Quantity.of(12), m(12_400_000)),
               ItemRow("Nastar 500 g", "Kue Kering", Quantity.of(60), m(4_720_000))),
        categories=(), by_hour=(Figure("09:00", 6, m(7_200_000)),),
        by_tier=(Figure("Walk-in", 900, m(20_480_000)), Figure("Reseller", 300, m(66_250_000))),
        by_segment=(Figure("Warung/Reseller", 300, m(66_250_000)), Figure("Guru", 4, m(20_500))),
        walk_in=Figure(_("Walk-in"), 900, m(20_480_000)),
        known=Figure(_("Customers from the book"), 334, m(78_285_400)),
        new_customers=12, returning_customers=322,
        top_customers=(Figure("Kedai Kopi Lereng", 3, m(14_055_000)),), preorders_tomorrow=())
    values.update(changes)
    return Recap(**values)


@pytest.mark.parametrize("language", ["en", "id"])
def test_on_58_mm_paper_every_amount_stands_beside_its_label(language):
    set_language(language)
    text = to_text(recap_document(big_day(), "Toko Roti & Kopi Bu Ani"), 32)
    lines = text.splitlines()
    assert all(len(line) <= 32 for line in lines)
    alone = [line for line in lines if AMOUNT_ALONE.match(line)]
    assert not alone, text
    for amount in (Money(123_456_700), Money(87_515_400), Money(17_865_000), Money(-65_000), Money(12_400_000)):
        assert format_money(amount) in text, amount
    # a shortened label keeps its amount on its line: not the broken-off end of the long label
    gross = next(line for line in lines if format_money(Money(123_456_700)) in line)
    assert gross.startswith("Gross at retail" if language == "en" else "Bruto harga ecer")
    # a long product name goes whole above; its quantity stands beside the amount
    cake = lines.index("Kue Tart Ulang Tahun 22 cm")
    assert lines[cake + 1].split() == ["x12", *format_money(Money(12_400_000)).split()]
    set_language("en")


def test_the_kasbon_of_the_day_is_said_once():
    text = to_text(recap_document(big_day(), "Toko"), 32)
    assert text.count("Rp 13.500.000") == 1 and "Kasbon given" not in text
    assert text.count("Rp 1.500.000") == 1 and "Deposits spent" not in text
    assert "Kasbon collected" in text and "Rp 17.000.000" in text
    # a kasbon sale refunded the same day: what was given and what stays on kasbon differ, both are said
    refunded = to_text(recap_document(big_day(by_method=(("kasbon", Money(12_000_000)),)), "Toko"), 32)
    assert "Rp 12.000.000" in refunded and re.search(r"Kasbon given\s+Rp 13\.500\.000", refunded)


def test_a_pair_too_long_for_its_line():
    doc = (Pair("Gross at retail prices", "Rp 10.678.000", short="Gross at retail"),
           Pair("Putri Salju 500 g x20", "Rp 1.400.000", above="Putri Salju 500 g", short="  x20"),
           Pair("Net sales", "Rp 9.233.500", short="Net"), Text("end"))
    from pos.printing.document import Document

    assert to_text(Document(doc), 32).splitlines() == [
        "Gross at retail    Rp 10.678.000", "Putri Salju 500 g", "  x20               Rp 1.400.000",
        "Net sales           Rp 9.233.500", "end"]
    wide = to_text(Document(doc), 48).splitlines()  # 80 mm: the whole labels fit
    assert wide[0].startswith("Gross at retail prices") and wide[1].startswith("Putri Salju 500 g x20")
    assert len(layout(Document(doc), 48).rows) == 4


def test_the_pdf_puts_tiers_and_groups_in_tables_of_their_own():
    pdf = recap_pdf(big_day(), "Toko")
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())
    customers, tiers = text.index("Customers Sales Amount"), text.index("Price tier Sales Amount")
    groups, top = text.index("Customer group Sales Amount"), text.index("Top customers Sales Amount")
    assert customers < tiers < groups < top
    assert re.search(r"Walk-in 900 Rp 20\.480\.000", text[customers:tiers])
    assert "Reseller 300 Rp 66.250.000" in text[tiers:groups] and "Warung/Reseller" not in text[tiers:groups]
    assert "Warung/Reseller 300 Rp 66.250.000" in text[groups:top] and "Guru 4 Rp 20.500" in text[groups:top]
    assert "more than one group" in text[groups:top]
    assert "Hour (number of sales)" in text and "09 (6)" in text
    for heading in ("Payments", "Kasbon and deposits", "Cash in the drawer"):
        assert f"{heading} Amount" in text, heading


def test_the_period_pdf_names_its_weeks_and_keeps_tiers_apart_from_groups():
    from pos.domain.reports import MonthRate, PeriodReport, PeriodRow, Ranked
    from pos.i18n import format_period
    from pos.printing.report_pdf import report_pdf

    def ranked(name: str) -> Ranked:
        return Ranked(name, Quantity.of(3), Money(30_000), 2)

    report = PeriodReport(dt.date(2026, 11, 23), dt.date(2026, 12, 6), "week", 4, Money(60_000),
                          (PeriodRow("2026-W48", 2, Money(30_000), 1), PeriodRow("2026-W49", 2, Money(30_000), 1)),
                          (ranked("Nastar 500 g"),), (ranked("Kue"),), (ranked("Walk-in"),), (ranked("Guru"),), (),
                          (MonthRate("2026-11", 2, 1),))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(report_pdf(report, "Toko"))).pages).split())
    assert "23–29 Nov 2026 2 1 Rp 0 Rp 30.000" in text and "30 Nov – 6 Dec 2026" in text and "W48" not in text
    assert "Price tier Sales Amount Walk-in 2 Rp 30.000 Customer group Sales Amount Guru 2 Rp 30.000" in text
    assert "Nov 2026 2 1 50%" in text
    set_language("id")
    assert [format_period(x) for x in ("2026-11-27", "2026-W49", "2026-W01", "2026-11")] == [
        "27 Nov 2026", "30 Nov–6 Des 2026", "29 Des 2025–4 Jan 2026", "Nov 2026"]
    set_language("en")


def test_every_block_adds_up_and_says_what_it_holds_with_a_void_a_refund_and_tax():
    from pos.printing.recap import arithmetic, headline, recap_csv, whatsapp_text

    m = Money
    day = big_day(gross_retail=m(1_000_000), given_by_prices=m(50_000), given_by_special=m(20_000),
                  discounts=m(30_000), free_items=m(18_000), sales_tax_added=m(88_200), sales_rounding=m(-200),
                  sales_total=m(970_000), refunds_total=m(-38_500), net_sales=m(931_500), tax=m(84_700),
                  rounding=m(-200), tax_added=m(84_700), items_total=m(847_000),
                  refunds=(RefundRow("R-K1-000001", "K1-000007", m(-38_500), "Bu Ani", False),),
                  voids=(RefundRow("R-K1-000002", "K1-000009", m(-22_000), "Bu Ani", True),), voids_total=m(-22_000),
                  by_method=(("cash", m(531_500)), ("transfer", m(400_000))),
                  kasbon_by_method=(("transfer", m(100_000)),))
    rows = dict(headline(day))
    assert (rows["Gross at retail prices"] + rows["Given by tier prices"] + rows["Given by special prices"]
            + rows["Discounts"] + rows["Free items (retail value)"] + rows["Tax added"] + rows["Cash rounding"]
            == rows["Sales"])
    assert rows["Sales"] + rows["Refunds"] == rows["Net sales"]
    text = to_text(recap_document(day, "Toko"), 32)
    flat = " ".join(text.split())
    assert " ".join(arithmetic().split()) in flat
    assert re.search(r"(Given by s|S)pecial prices\s+-Rp 20\.000", text)
    assert re.search(r"(Voided sales \(not counted\)|Voided)\s+Rp 22\.000", text)
    assert re.search(r"(Payments = net sales|Total)\s+Rp 931\.500", text)  # the payments add up to the net sales
    assert re.search(r"Bank transfer:\n\s+kasbon paid back\s+Rp 100\.000", text)  # under transfer too
    assert not [line for line in text.splitlines() if AMOUNT_ALONE.match(line)]
    assert "R-K1-000002 (K1-000009)" in text and "Voided sales (not counted)" in text
    assert re.search(r"(Items after refunds|Items total)\s+Rp 847\.000", text)
    assert "Refunds and voids" not in text
    message = whatsapp_text(day, "Toko")
    assert "net sales Rp 931.500" in message and "1 sale voided (not counted)" in message
    pdf = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(recap_pdf(day, "Toko"))).pages).split())
    assert "Given by special prices -Rp 20.000" in pdf and "Voided sales (not counted) Rp 22.000" in pdf
    assert "Items after refunds Rp 847.000" in pdf and "Bank transfer: kasbon paid back Rp 100.000" in pdf
    csv_text = recap_csv(day).decode("utf-8-sig")
    assert csv_text.splitlines()[0] == "section;name;category;quantity;rupiah"
    assert "summary;Net sales;;;931500" in csv_text
    set_language("id")
    try:
        assert recap_csv(day).decode("utf-8-sig").splitlines()[0] != "section;name;category;quantity;rupiah"
    finally:
        set_language("en")
