"""A Windows user folder such as C:\\Users\\Siti Nur'aini\\… (a space, an apostrophe, and here also letters
outside ASCII): the data folder, the database, the backups, the copy before an upgrade, the documents and
the PDFs all work under it, and a PDF nobody can open is named with its full path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from pos.services import db
from pos.services.backup import backup, backups_dir, check_backup, restore
from tests.db_templates import demo_shop
from pos.services.recap import day_recap, recap_outputs
from pos.settings import data_dir, default_url

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "shop-schema15.db"


@pytest.fixture
def siti(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "Users" / "Siti Nur'aini" / "AppData" / "Local" / "Toko Kué & Kopi"
    monkeypatch.setenv("POS_DATA_DIR", str(folder))
    return folder


def test_the_shop_lives_backs_up_and_restores_under_her_folder(siti):
    info = db.open_database(default_url())
    assert data_dir() == siti and info.path == siti / "shop.db" and info.path.is_file()
    demo_shop(history_days=2)
    made = backup(info.path)
    assert made.path.parent == siti / "backups" and check_backup(made.path) > 0
    db.close_database()
    restore(made.path, siti / "shop.db")
    assert db.open_database(default_url()).path == siti / "shop.db"


def test_the_copy_before_an_upgrade_lands_in_her_backups_folder(siti):
    siti.mkdir(parents=True)
    shutil.copyfile(FIXTURE, siti / "shop.db")
    info = db.open_database(default_url())
    assert info.upgrade_backup is not None and info.upgrade_backup.parent == backups_dir() == siti / "backups"
    assert check_backup(info.upgrade_backup) == 15


def test_a_pdf_is_kept_in_her_documents_and_opened_or_named(siti, qtbot, monkeypatch):
    from PySide6.QtWidgets import QWidget

    from pos.ui import documents

    db.open_database(default_url())
    demo_shop(history_days=2)
    from pos.services.clock import today

    pdf = recap_outputs(day_recap(today(), None))["pdf"]()
    opened, shown = [], []
    monkeypatch.setattr(documents, "opener", lambda url: opened.append(url.toLocalFile()) or False)
    monkeypatch.setattr("pos.ui.widgets.show_error", lambda parent, message: shown.append(message))
    parent = QWidget()
    qtbot.addWidget(parent)

    path = documents.save_and_open("Rekap 28 Nov 2026.pdf", pdf, parent)

    assert path.parent == siti / "documents" and path.is_file()
    assert opened == [str(path)]  # handed to the system's viewer by its real path
    assert "Bu Ani" in PdfReader(path).pages[0].extract_text()  # the demo shop's recap, read back
    assert shown and str(path) in shown[0]  # no viewer: the message says where the file is
