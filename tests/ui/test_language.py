"""The language chosen in the settings applies at once to the open windows, without a restart."""

from __future__ import annotations

from pos.i18n import current_language
from pos.settings import MachineSettings


def choose_language(till, qtbot, language: str) -> None:
    till.show_back_office("1234")
    office = till.office_dialog
    office.tabs.setCurrentWidget(office.settings)
    combo = office.settings.machine_fields["language"][0]
    combo.setCurrentIndex(combo.findData(language))
    office.settings.save_button.click()
    qtbot.waitUntil(lambda: till.office_dialog is not office, timeout=3000)  # built again in the new language


def test_the_till_speaks_the_language_chosen_in_the_settings_at_once(till, qtbot):
    screen = till.sale_screen
    assert screen.pay_button.text() == "Pay (F8)"
    choose_language(till, qtbot, "id")
    assert current_language() == "id" and MachineSettings.load()["language"] == "id"
    assert screen.pay_button.text() == "Bayar (F8)" and screen.park_button.text() == "Tahan (F9)"
    assert screen.totals.labels["total"][0].text() == "TOTAL" and screen.customer.add_button.text() == "Pelanggan baru"
    assert till.book_button.text() == "Buku pelanggan (Ctrl+B)"
    office = till.office_dialog
    assert office.isVisible() and office.tabs.currentWidget() is office.settings
    assert office.tabs.tabText(0) == "Produk" and office.settings.save_button.text() == "Simpan pengaturan"

    choose_language(till, qtbot, "en")
    assert screen.pay_button.text() == "Pay (F8)" and screen.park_button.text() == "Park (F9)"
    assert till.book_button.text() == "Customer book (Ctrl+B)" and till.login_page.button.text() == "Log in"
    assert till.office_dialog.tabs.tabText(0) == "Products"
    assert till.office_dialog.settings.message.text() == "Saved."
    assert MachineSettings.load()["language"] == "en"
