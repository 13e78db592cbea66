"""Owners are offered and advised a 6-digit PIN; the login says how long a lock lasts (issue #18)."""

from __future__ import annotations

import pytest

from pos.services import db
from pos.services.staff import _add_staff


@pytest.fixture
def staff_db(tmp_path):
    db.open_database("sqlite://" + (tmp_path / "shop.db").as_posix())
    _add_staff("Bu Sari", "owner", "246810")
    _add_staff("Rina", "cashier", "1111")


def test_the_pin_form_advises_six_digits_for_an_owner(qtbot, staff_db):
    from pos.ui.staff_tab import PinDialog

    dialog = PinDialog("New person", new_person=True)
    qtbot.addWidget(dialog)
    assert dialog.pin.placeholderText() == "4 to 6 digits" and dialog.pin.maxLength() == 6
    dialog.role.setCurrentIndex(dialog.role.findData("owner"))
    assert dialog.pin.placeholderText() == dialog.again.placeholderText() == "6 digits (recommended for owners)"
    for_owner = PinDialog("New PIN for Bu Sari", for_owner=True)
    qtbot.addWidget(for_owner)
    assert "recommended for owners" in for_owner.pin.placeholderText()


def test_the_staff_tab_says_how_the_lock_out_works(qtbot, staff_db):
    from PySide6.QtWidgets import QLabel

    from pos.ui.staff_tab import StaffTab

    tab = StaffTab("246810")
    qtbot.addWidget(tab)
    texts = " ".join(label.text() for label in tab.findChildren(QLabel))
    assert "After 5 wrong PINs within 15 minutes" in texts and "6-digit" in texts
