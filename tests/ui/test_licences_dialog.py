"""The About dialog's Licences: what ships with Langganan and under which licence, in the user's language."""

from __future__ import annotations

import pytest

from pos.i18n import set_language
from pos.services import db
from pos.ui.about_dialog import AboutDialog


@pytest.fixture
def about(qtbot, tmp_path):
    info = db.open_database("sqlite://" + (tmp_path / "shop.db").as_posix())
    dialog = AboutDialog(info, "K1")
    qtbot.addWidget(dialog)
    return dialog


def test_the_licences_list_qt_under_the_lgpl_and_every_package(about):
    about.licences_button.click()
    shown = about.licences.text.toPlainText()
    assert about.licences.isVisible()
    assert "LGPL-3.0" in shown and "PySide6" in shown
    for line in ("peewee", "reportlab", "python-escpos", "phonenumbers", "num2words", "psycopg", "tzdata"):
        assert any(row.startswith(line + " ") for row in shown.splitlines()), line
    assert "Langganan itself" in shown
    assert "licence texts" in about.licences.intro.text()


def test_the_button_and_the_title_speak_indonesian(qtbot, tmp_path):
    set_language("id")
    info = db.open_database("sqlite://" + (tmp_path / "shop.db").as_posix())
    dialog = AboutDialog(info, "K1")
    qtbot.addWidget(dialog)
    dialog.show_licences()
    assert dialog.licences_button.text() == "Lisensi…"
    assert dialog.licences.windowTitle() == "Lisensi"
    assert dialog.licences.intro.text().startswith("Langganan memakai")
