"""The day recap's till-activity section, on SQLite and PostgreSQL: a drawer opened without a sale and a manual
price, made through the real services, are listed with who approved them on screen data, on the 58 mm and
80 mm slips, in the PDF and in the owner's WhatsApp text."""

from __future__ import annotations

import datetime as dt
import io
import uuid

import pytest
from pypdf import PdfReader

from pos.domain.activity import DRAWER_OPENED, MANUAL_PRICE
from pos.domain.pricing import CartLine
from pos.domain.till import Tender
from pos.i18n import set_language
from pos.money import Money, Quantity
from pos.printing.render_text import to_text
from pos.services.recap import day_recap, recap_outputs
from pos.services.sales import CheckoutRequest, checkout
from pos.services.till import open_drawer

DAY = dt.date(2026, 11, 27)
AT = dt.datetime(2026, 11, 27, 3, 0)  # 10:00 in Jakarta


@pytest.fixture
def day(make_shop):
    shop = make_shop(200000)
    open_drawer(shop["shift"], owner_pin="1234", staff_id=shop["cashier"], at=AT)
    line = CartLine(shop["ids"]["KUE-01"], Quantity.of(1), Money(45000))
    sale = checkout(CheckoutRequest(uuid.uuid4().hex, "K1", shop["shift"], shop["cashier"], (line,),
                                    (Tender("cash", Money(45000)),), at=AT + dt.timedelta(minutes=20),
                                    owner_pin="1234"))
    return sale.number


@pytest.fixture
def indonesian():
    set_language("id")
    yield
    set_language("en")


def test_the_recap_lists_the_drawer_opening_and_the_manual_price_with_the_approver(day):
    r = day_recap(DAY)
    assert [(a.kind, a.who, a.approved_by, f"{a.at:%H:%M}") for a in r.activity] == [
        (DRAWER_OPENED, "Dita", "Bu Ani", "10:00"), (MANUAL_PRICE, "Dita", "Bu Ani", "10:20")]
    assert day_recap(DAY, "K2").activity == ()


def test_the_thermal_recap_pdf_and_whatsapp_text_show_them(day):
    outputs = recap_outputs(day_recap(DAY))
    for columns in (32, 48):
        slip = to_text(outputs["document"], columns)
        section = " ".join(slip[slip.index("Till activity: 2"):].split())
        assert "10:00 K1 Drawer opened without a sale Dita - approved by Bu Ani" in section
        assert f"10:20 K1 Manual price Bolu Pandan x1: Rp 45.000 instead of Rp 55.000 ({day})" in section
        assert "Rp\n" not in slip  # an amount stays on one line
    pages = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(outputs["pdf"]())).pages)
    text = " ".join(pages[pages.index("Till activity"):].split())
    assert "10:00 K1 Drawer opened without a sale Dita Bu Ani" in text
    assert f"10:20 K1 Manual price Dita Bu Ani Bolu Pandan x1: Rp 45.000 instead of Rp 55.000 ({day})" in text
    lines = outputs["text"].splitlines()
    assert lines[1:] == ["Drawer opened without a sale: 1 (approved by Bu Ani)", "Manual price: 1 (approved by Bu Ani)"]


def test_the_owner_reads_it_in_indonesian(day, indonesian):
    lines = recap_outputs(day_recap(DAY))["text"].splitlines()
    assert "Laci dibuka tanpa penjualan: 1 (disetujui Bu Ani)" in lines
