"""The windows in Indonesian carry no English: every text of the till, the payment, the receipt, the Info dialog,
the back office (every tab, the promotion editor), the customer book and page, the recap, the bring-them-back lists
and the printer settings is read and searched for English words a cashier would stumble on."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from pos.i18n import set_language
from pos.models import Promotion
from tests.db_templates import open_demo
from tests.ui.test_till import pay, scan, start
from tests.ui.window_texts import texts_of

# Words left in English that were found on the Indonesian screens, and their neighbours. Loanwords that Indonesian
# shops use as they are (Total, Refund, Printer, Reseller, Deposit, Member, Status, Logo, Barcode, WhatsApp) are
# not here.
ENGLISH = ("Back office", "Happy hour", "split", "RFM", "vCard", "Customer", "Receipt", "Payment", "Settings",
           "Print", "Save", "Cancel", "Close", "Export", "Import", "Search", "Products", "Staff", "Recap", "Till",
           "cashier", "Copy", "Page", "Version", "Backups", "About", "the", "and", "of", "with")
PATTERN = re.compile(r"\b(" + "|".join(re.escape(word) for word in ENGLISH) + r")\b", re.IGNORECASE)


def english_in(texts: list[str]) -> list[str]:
    return sorted({text for text in texts if "://" not in text and not text.startswith("/") and PATTERN.search(text)})


@pytest.fixture
def till_in_indonesian(qtbot, tmp_path):
    set_language("id")
    url = "sqlite://" + (tmp_path / "shop.db").as_posix()
    open_demo(url, history_days=3, today=dt.date(2026, 11, 26))
    return start(qtbot, url)


def windows_of_the_day(window, qtbot) -> dict[str, list[str]]:
    """Walk the windows a shop opens on a day, as the cashier and the owner."""
    seen: dict[str, list[str]] = {}
    screen = window.sale_screen
    scan(screen, qtbot, "KUE-01")
    seen["till"] = texts_of(window)
    screen.pay()
    seen["payment"] = texts_of(screen.payment)
    screen.payment.reject()
    pay(screen, tendered="100.000")
    seen["till after a sale"] = texts_of(window)
    window.show_about()
    seen["info"] = texts_of(window.about_dialog)
    window.about_dialog.accept()
    window.printer_settings("1234")
    seen["printer"] = texts_of(window.printer_dialog)
    window.printer_dialog.reject()
    window.show_back_office("1234")
    office = window.office_dialog
    for index in range(office.tabs.count()):
        office.tabs.setCurrentIndex(index)
    seen["back office"] = texts_of(office)
    office.tabs.setCurrentWidget(office.promotions)
    office.promotions.edit(Promotion.select().first().id)
    seen["promotion editor"] = texts_of(office.promotions.form)
    office.promotions.form.reject()
    office.accept()
    window.show_customer_book()
    book = window.book_dialog
    seen["customer book"] = texts_of(book)
    book.table.selectRow(0)
    book.open_selected()
    seen["customer page"] = texts_of(book.page)
    book.page.accept()
    book.show_retention()
    seen["bring them back"] = texts_of(book.retention)
    book.retention.accept()
    book.accept()
    window.show_reports()
    seen["recap"] = texts_of(window.reports)
    window.reports.accept()
    return seen


def test_no_english_on_the_indonesian_windows(till_in_indonesian, qtbot):
    seen = windows_of_the_day(till_in_indonesian, qtbot)
    assert all(seen.values())
    found = {name: english_in(texts) for name, texts in seen.items() if english_in(texts)}
    assert found == {}


def test_the_word_list_finds_english_where_there_is_some(till, qtbot):
    """The same walk in English: the list catches the words the issue found (so the test above can fail)."""
    seen = windows_of_the_day(till, qtbot)
    words = {match.lower() for texts in seen.values() for text in english_in(texts) for match in PATTERN.findall(text)}
    assert {"back office", "happy hour", "split", "rfm", "vcard", "receipt", "customer", "settings", "till"} <= words
