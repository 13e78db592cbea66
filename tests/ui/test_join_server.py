"""Joining a shop's server from the window (issue #21 item 1): test the connection, pick a till, a held one
refused; the start's check of this computer's till."""

from __future__ import annotations

import stat
from urllib.parse import urlsplit

import pytest

from pos.services import db, server_settings, tills
from pos.services.computer import Computer
from pos.settings import MachineSettings
from pos.ui.app import create_window
from pos.ui.join_server import JoinServerDialog
from tests.db_templates import TEMPLATES
from tests.factories import owner_pin

KASIR_DEPAN = Computer("a" * 32, "KASIR-DEPAN")


@pytest.fixture
def server_shop(make_pg_database):
    """A shop on the test server: K1 in use on another computer, K2 free (the program's database closed again)."""
    url = make_pg_database(TEMPLATES.migrated("postgresql"))
    db.open_database(url)
    tills.start_at_till("K1", KASIR_DEPAN)
    tills.add_till("Belakang", owner_pin=owner_pin(), computer=KASIR_DEPAN, claim=False)
    db.close_database()
    return url


@pytest.fixture
def no_keyring(monkeypatch):
    monkeypatch.setattr(server_settings, "_keyring", lambda: None)


def fill(dialog: JoinServerDialog, url: str, *, port: int | None = None, database: str | None = None) -> None:
    parts = urlsplit(url)
    dialog.host.setText(parts.hostname)
    dialog.port.setValue(port or parts.port or 5432)
    dialog.database_name.setText(database if database is not None else parts.path.lstrip("/"))
    dialog.user.setText(parts.username or "")
    dialog.password.setText(parts.password or "")


def local_shop(tmp_path) -> str:
    url = "sqlite://" + (tmp_path / "shop.db").as_posix()
    db.open_database(url)
    return url


def test_join_flow_test_connection_pick_a_till_and_a_held_one_refused(qtbot, tmp_path, server_shop, no_keyring,
                                                                     make_pg_database):
    settings = MachineSettings.load()
    dialog = JoinServerDialog(settings, local_shop(tmp_path))
    qtbot.addWidget(dialog)
    joined = []
    dialog.joined.connect(lambda url, till: joined.append((url, till)))

    fill(dialog, server_shop, port=1)  # nothing listens there
    assert not dialog.test_connection()
    assert "No database server answers at 127.0.0.1, port 1" in dialog.result.text()
    assert not dialog.next_button.isEnabled()
    fill(dialog, server_shop, database="toko_yang_tidak_ada")
    assert not dialog.test_connection() and "has no database named toko_yang_tidak_ada" in dialog.result.text()
    fill(dialog, make_pg_database())  # a database, but not a shop
    assert not dialog.test_connection() and "is not a Langganan shop" in dialog.result.text()
    dialog.host.clear()
    assert not dialog.test_connection() and "server's address" in dialog.result.text()

    fill(dialog, server_shop)
    assert dialog.test_connection() and dialog.result.text().startswith("Connected:")
    dialog.next_button.click()
    assert dialog.pages.currentIndex() == 1
    shown = {dialog.table.item(r, 0).text(): dialog.table.item(r, 2).text() for r in range(dialog.table.rowCount())}
    assert shown["K1"].startswith("in use on KASIR-DEPAN (last seen ") and shown["K2"] == "not in use"

    dialog.table.selectRow(0)
    dialog.use_button.click()
    assert "Till K1 is in use on the computer KASIR-DEPAN" in dialog.message.text()
    assert not joined

    dialog.table.selectRow(1)
    dialog.use_button.click()
    assert joined == [(server_shop, "K2")]
    saved = MachineSettings.load(settings.path)
    assert (saved["database_url"], saved["till_id"]) == (server_shop, "K2")
    assert stat.S_IMODE(settings.path.stat().st_mode) == 0o600, "no keyring: the file only this account reads"
    assert {t.id: t.state for t in tills.list_tills()} == {"K1": "in_use", "K2": "mine"}


def test_adding_a_till_needs_the_owners_pin(qtbot, tmp_path, server_shop, no_keyring):
    dialog = JoinServerDialog(MachineSettings.load(), local_shop(tmp_path))
    qtbot.addWidget(dialog)
    fill(dialog, server_shop)
    assert dialog.test_connection()
    dialog.next_button.click()
    dialog.owner_pin_provider = lambda _parent, _action: "0000"
    dialog.new_name.setText("Meja kopi")
    dialog.add_button.click()
    assert "owner's PIN" in dialog.message.text() and dialog.table.rowCount() == 2
    pin = owner_pin()  # the server shop's owner (the program works on the server since Next)
    dialog.owner_pin_provider = lambda _parent, _action: pin
    joined = []
    dialog.joined.connect(lambda url, till: joined.append(till))
    dialog.add_button.click()
    assert joined == ["K3"] and tills.held_by().name == "Meja kopi"


def test_cancel_after_next_gives_the_program_its_database_back(qtbot, tmp_path, server_shop, no_keyring):
    local = local_shop(tmp_path)
    dialog = JoinServerDialog(MachineSettings.load(), local)
    qtbot.addWidget(dialog)
    fill(dialog, server_shop)
    assert dialog.test_connection()
    dialog.next_button.click()
    from peewee import PostgresqlDatabase, SqliteDatabase

    assert isinstance(db.current(), PostgresqlDatabase)
    dialog.close_button.click()
    assert isinstance(db.current(), SqliteDatabase)
    assert MachineSettings.load()["database_url"] == "", "nothing saved"


class MemoryKeyring:
    def __init__(self) -> None:
        self.kept: dict[tuple[str, str], str] = {}

    def set_password(self, service: str, account: str, password: str) -> None:
        self.kept[(service, account)] = password

    def get_password(self, service: str, account: str) -> str | None:
        return self.kept.get((service, account))


def test_the_password_goes_to_the_keyring_where_there_is_one(monkeypatch):
    keyring = MemoryKeyring()
    monkeypatch.setattr(server_settings, "_keyring", lambda: keyring)
    settings = MachineSettings.load()
    url = "postgresql://kasir:rahasia%2F1@192.168.1.10:5432/langganan"
    assert server_settings.save_server(settings, url, "K2") == server_settings.KEYRING
    text = settings.path.read_text()
    assert "rahasia" not in text and 'database_url = "postgresql://kasir@192.168.1.10:5432/langganan"' in text
    assert server_settings.with_saved_password(MachineSettings.load()["database_url"]) == url
    monkeypatch.setattr(server_settings, "_keyring", lambda: None)
    assert server_settings.with_saved_password("postgresql://kasir@192.168.1.10:5432/langganan") == \
        "postgresql://kasir@192.168.1.10:5432/langganan"


def test_the_shops_own_file_holds_its_till_for_this_computer_nothing_asked(qtbot, tmp_path):
    url = "sqlite://" + (tmp_path / "shop.db").as_posix()
    window = create_window(url, MachineSettings.load())
    qtbot.addWidget(window)
    assert [(t.id, t.state) for t in tills.list_tills()] == [("K1", "mine")]
    assert window.heartbeat_timer is None, "no heartbeat on the shop's own file"


def test_a_computer_whose_till_is_held_elsewhere_is_told_and_offered_the_till_list(qtbot, server_shop, no_keyring):
    window = create_window(server_shop, MachineSettings.load())  # this computer is set to K1, held by KASIR-DEPAN
    qtbot.addWidget(window)
    page = window.login_page
    assert "no longer holds till K1: it is held by the computer KASIR-DEPAN" in page.error.text()
    assert not page.pin.isEnabled() and not page.till_button.isHidden()
    page.till_button.click()
    dialog = window.join_dialog
    assert dialog.pages.currentIndex() == 1
    dialog.table.selectRow(1)
    dialog.use_button.click()
    assert window.till_id == "K2" and page.pin.isEnabled() and page.error.text() == ""
    assert MachineSettings.load()["till_id"] == "K2" and MachineSettings.load()["database_url"] == ""
    assert window.heartbeat_timer is not None and window.heartbeat()
    # the owner released K2 from another computer: the next heartbeat says so and nobody sells here meanwhile
    db.current().execute_sql("UPDATE till SET computer_id = NULL WHERE id = 'K2'")
    assert not window.heartbeat()
    assert "The owner released till K2" in page.error.text() and not page.pin.isEnabled()


def test_the_timers_heartbeat_runs_off_the_gui_thread(qtbot, server_shop, no_keyring, monkeypatch):
    """A hung server holds a beat up to its limit: never on the GUI thread (#21 gaps); a released till is said."""
    import threading

    from pos.services import tills

    window = create_window(server_shop, MachineSettings.load())
    qtbot.addWidget(window)
    window.login_page.till_button.click()
    window.join_dialog.table.selectRow(1)
    window.join_dialog.use_button.click()
    threads, beat = [], tills.heartbeat
    monkeypatch.setattr(tills, "heartbeat", lambda till_id: threads.append(threading.get_ident()) or beat(till_id))
    window.beat_in_background()
    qtbot.waitUntil(lambda: window.beating is None and bool(threads), timeout=5000)
    assert threads[0] != threading.get_ident() and window.login_page.error.text() == ""
    db.current().execute_sql("UPDATE till SET computer_id = NULL WHERE id = 'K2'")
    window.beat_in_background()
    qtbot.waitUntil(lambda: "The owner released till K2" in window.login_page.error.text(), timeout=5000)
    assert len(threads) == 2 and threads[1] != threading.get_ident()


def test_a_user_the_server_does_not_know_is_a_refused_login(server_shop):
    from pos.services.server_check import LOGIN, ServerAddress, address_of, check_server

    a = address_of(server_shop)
    check = check_server(ServerAddress(a.host, a.port, a.database, "kasir_tak_dikenal", "salah"))
    assert check.outcome == LOGIN
    assert check.message == ("The server 127.0.0.1 refused the user kasir_tak_dikenal or its password. Check both "
                             "with the owner.")


@pytest.mark.parametrize("sqlstate,text,outcome", [
    ("28P01", 'FATAL:  password authentication failed for user "kasir"', "login"),
    ("28000", 'FATAL:  no pg_hba.conf entry for host "192.168.1.23", user "kasir"', "not_allowed_here"),
    ("3D000", 'FATAL:  database "langganan" does not exist', "no_database"),
    (None, "could not translate host name \"kasir-servr\" to address", "reach"),
])
def test_what_the_server_said_becomes_one_clear_message(sqlstate, text, outcome):
    from pos.i18n import set_language
    from pos.services.server_check import ServerAddress, _refusal

    error = type("Refused", (Exception,), {"sqlstate": sqlstate})(text)
    address = ServerAddress("kasir-server", 5432, "langganan", "kasir", "x")
    assert _refusal(error, address).outcome == outcome
    set_language("id")
    assert "kasir-server" in _refusal(error, address).message


def test_the_first_run_joins_a_server_and_opens_on_its_till(qtbot, tmp_path, server_shop, no_keyring):
    url = "sqlite://" + (tmp_path / "shop.db").as_posix()
    window = create_window(url, MachineSettings.load())  # a new computer: an empty shop of its own
    qtbot.addWidget(window)
    assert window.stack.currentWidget() is window.first_run_scroll
    window.first_run.join_button.click()
    dialog = window.join_dialog
    assert dialog.isVisible() and dialog.pages.currentIndex() == 0
    fill(dialog, server_shop)
    assert dialog.test_connection()
    dialog.next_button.click()
    dialog.table.selectRow(1)
    dialog.use_button.click()
    assert window.stack.currentWidget() is window.login_page and window.till_id == "K2"
    assert window.database.engine == "postgresql" and window.heartbeat_timer is not None
    saved = MachineSettings.load()
    assert (saved["database_url"], saved["till_id"]) == (server_shop, "K2")
    assert "Till K2" in window.status.text()


def test_the_back_office_offers_to_join_a_server_for_this_computer(qtbot, tmp_path):
    from tests.factories import owner_pin

    url = local_shop(tmp_path)
    pin = owner_pin()
    window = create_window(url, MachineSettings.load())
    qtbot.addWidget(window)
    window.show_back_office(pin)
    settings = window.office_dialog.settings
    assert settings.till_label.text() == "Till K1, the shop's data on this computer's own file"
    assert settings.server_button.text() == "Join a shop's server…" and settings.till_button.isHidden()
    assert "till_id" not in settings.machine_fields, "a till is held, never typed"
    settings.server_button.click()
    assert not window.office_dialog.isVisible() and window.join_dialog.isVisible()
    assert window.join_dialog.pages.currentIndex() == 0


def test_changing_the_server_starts_from_the_present_one(qtbot, monkeypatch):
    keyring = MemoryKeyring()
    monkeypatch.setattr(server_settings, "_keyring", lambda: keyring)
    settings = MachineSettings.load()
    server_settings.save_server(settings, "postgresql://kasir:rahasia@192.168.1.10:5433/toko", "K2")
    dialog = JoinServerDialog(settings, settings["database_url"])
    qtbot.addWidget(dialog)
    shown = (dialog.host.text(), dialog.port.value(), dialog.database_name.text(), dialog.user.text(),
             dialog.password.text())
    assert shown == ("192.168.1.10", 5433, "toko", "kasir", "rahasia")
