"""Bring them back, from the customer book: the lapsed list, a templated WhatsApp message to one customer
(the link is captured, not opened), the campaign helper, the RFM groups and the monthly chart."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlparse

import pytest
from PySide6.QtWidgets import QMessageBox

from pos.models import Touchpoint
from tests.db_templates import open_demo
from pos.services.shop import change_shop_settings
from pos.ui import documents
from tests.factories import make_customer, make_sale

TODAY = dt.date(2026, 11, 28)


def at(days_ago: int) -> dt.datetime:
    return dt.datetime.combine(TODAY - dt.timedelta(days=days_ago), dt.time(3))


@pytest.fixture
def opened(monkeypatch):
    urls = []
    monkeypatch.setattr(documents, "opener", lambda url: urls.append(url) or True)
    return urls


@pytest.fixture
def window(qtbot, tmp_path, opened):
    from pos.ui.retention_window import RetentionWindow

    open_demo("sqlite://" + (tmp_path / "shop.db").as_posix())
    change_shop_settings({"shop_name": "Roti Ana"}, owner_pin="1234")
    ids = {}
    for name, phone, consent, days in (("Wati", "0812-1000-0001", True, (41, 34, 27, 20)),
                                       ("Sari", "0812-1000-0003", False, (90,)),
                                       ("Rina", "0812-1000-0004", True, (100, 95))):
        ids[name] = make_customer(name, phone, promo_consent=consent).id
        for d in days:
            make_sale(ids[name], 30000, at=at(d))
    w = RetentionWindow(staff_id=None, today=TODAY)
    qtbot.addWidget(w)
    w.ids = ids
    settle(qtbot, w)
    return w


def settle(qtbot, w) -> None:
    """The lists are built off the GUI thread: wait until the last one asked for is shown."""
    qtbot.waitUntil(lambda: not w.runner.busy() and not w.pending, timeout=20_000)


def names(people_list) -> list[str]:
    return [people_list.table.item(r, 0).text() for r in range(people_list.table.rowCount())]


def test_send_a_templated_message_from_the_lapsed_list(window, opened):
    lapsed = window.lapsed
    assert names(lapsed) == ["Wati", "Rina", "Sari"]  # who spent most first
    row = names(lapsed).index("Wati")
    assert lapsed.table.item(row, 5).text() == "usually every 7 days, away 20 days"
    assert window.template.currentText() == "Kangen (lama tidak datang)"
    lapsed.table.selectRow(row)
    assert window.send_one()
    url = urlparse(opened[-1].toString())
    assert (url.netloc, url.path) == ("wa.me", "/6281210000001")
    text = parse_qs(url.query)["text"][0]
    assert text.startswith("Halo Wati, sudah lama tidak mampir ke Roti Ana.")
    logged = Touchpoint.get(Touchpoint.customer == window.ids["Wati"])
    assert logged.kind == "message" and logged.text == "WhatsApp: " + text
    assert lapsed.table.item(names(lapsed).index("Wati"), 7).text().startswith("messaged")

    # Sari has not agreed to promotions: the window asks first, and a no sends nothing
    window.confirm = lambda question: False
    lapsed.table.selectRow(names(lapsed).index("Sari"))
    assert not window.send_one() and len(opened) == 1


def test_the_campaign_skips_a_customer_without_consent(qtbot, window, opened):
    window.days.setValue(20)
    settle(qtbot, window)
    campaign = window.start_campaign()
    assert [p.name for p in campaign.recipients] == ["Wati", "Rina"]
    assert "1 without consent" in campaign.left_out.text()
    first = campaign.recipients[0].name
    assert first in campaign.who.text() and "1 of 2" in campaign.who.text()
    assert not campaign.sent_button.isEnabled()
    campaign.open_chat()
    assert len(opened) == 1 and first in parse_qs(urlparse(opened[0].toString()).query)["text"][0]
    campaign.mark_sent()
    campaign.skip()
    assert campaign.who.text() == "Done: 1 sent, 1 skipped."
    assert Touchpoint.select().count() == 1
    campaign.accept()
    settle(qtbot, window)  # the list is read again when the campaign closes
    again = window.start_campaign()  # whoever was written to this week is left out of the next one
    assert [p.name for p in again.recipients] == ["Rina"] and "1 written to this past week" in again.left_out.text()


def test_rfm_groups_and_the_monthly_chart(qtbot, window, tmp_path):
    window.tabs.setCurrentIndex(1)
    settle(qtbot, window)
    groups = [window.groups.item(r, 0).text() for r in range(window.groups.rowCount())]
    assert groups == ["Champions", "Loyal", "New", "At risk", "Lost", "Others"]
    counts = [int(window.groups.item(r, 1).text()) for r in range(window.groups.rowCount())]
    assert sum(counts) == 3 and window.rfm.table.rowCount() == counts[0]  # the first group is shown
    window.groups.selectRow(groups.index("Lost"))
    assert set(names(window.rfm)) <= {"Sari", "Rina"} and window.rfm.table.rowCount() >= 1
    window.tabs.setCurrentIndex(window.tabs.count() - 1)
    settle(qtbot, window)
    rates = window.chart.rates
    assert len(rates) == 12 and rates[-1].month == "2026-11"
    nov = rates[-1]
    assert (nov.buyers, nov.returning) == (1, 1)  # Wati, who first came in October
    saved = window.save_chart("chart.png")
    assert saved.read_bytes()[:4] == b"\x89PNG"


def test_export_needs_the_owner_and_writes_only_who_agreed(window, tmp_path):
    path = tmp_path / "list.vcf"
    assert not window.export("vcf", str(path), pin="1111") and not path.exists()
    assert window.export("vcf", str(path), pin="1234")
    text = path.read_text()
    assert "FN:Wati" in text and "Sari" not in text


def test_the_book_opens_it(qtbot, window):
    from pos.ui.customer_book import CustomerBookDialog

    book = CustomerBookDialog()
    qtbot.addWidget(book)
    book.retention_button.click()
    assert book.retention.windowTitle() == "Bring them back" and book.retention.isVisible()
    book.retention.close()


def test_a_status_picture_from_a_product_and_a_promotion(window, opened):
    from PIL import Image

    from pos.models import Product, Promotion

    window.status_button.click()
    dialog = window.status_dialog
    chips = Product.get(Product.code == "CML-01")
    bonus = Promotion.get(Promotion.kind == "buy_x_get_y")
    dialog.product.setCurrentIndex(dialog.product.findData(chips.id))
    dialog.promotion.setCurrentIndex(dialog.promotion.findData(bonus.id))
    assert dialog.preview.pixmap().size().height() == 480
    dialog.save_button.click()
    assert dialog.path.exists() and opened[-1].toLocalFile() == str(dialog.path)
    with Image.open(dialog.path) as picture:
        assert picture.size == (1080, 1920)


def test_a_chat_that_does_not_open_is_not_noted(window, monkeypatch):
    monkeypatch.setattr(documents, "opener", lambda url: False)  # no browser, no WhatsApp Desktop
    window.lapsed.table.selectRow(names(window.lapsed).index("Wati"))
    assert not window.send_one()
    assert Touchpoint.select().count() == 0
    assert "wa.me/6281210000001" in window.findChild(QMessageBox, "errorBox").text()
    campaign = window.start_campaign()
    campaign.open_chat()
    assert not campaign.sent_button.isEnabled()


def test_a_campaign_that_needs_a_promotion_says_so_before_it_starts(qtbot, window):
    window.tabs.setCurrentIndex(1)  # the groups: their message names a promotion
    settle(qtbot, window)
    window.promotion.setCurrentIndex(0)  # (no promotion)
    assert window.start_campaign() is None
    assert "choose a promotion" in window.findChild(QMessageBox, "errorBox").text()
