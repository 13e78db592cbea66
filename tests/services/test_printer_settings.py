"""The printer settings change every receipt: only the owner's PIN saves them (checked in the service)."""

from __future__ import annotations

import pytest

from pos.models import AuditEntry
from pos.services.errors import InvalidInput, NotAllowed
from pos.services.printer_settings import save_printer_settings
from pos.services.staff import _add_staff
from pos.settings import MachineSettings, config_file

NEW = {"printer_url": "tcp://192.168.1.50:9100", "paper_width": 80, "cash_drawer": True}


@pytest.fixture
def staff(database):
    _add_staff("Bu Ani", "owner", "1234")
    _add_staff("Dita", "cashier", "1111")


def test_the_cashiers_pin_is_refused_and_nothing_is_saved(staff):
    settings = MachineSettings.load()
    with pytest.raises(NotAllowed, match="owner's PIN"):
        save_printer_settings(settings, NEW, owner_pin="1111")
    with pytest.raises(NotAllowed):
        save_printer_settings(settings, NEW, owner_pin="")
    assert not config_file().exists() and settings["printer_url"] == "" and settings["paper_width"] == 58
    assert MachineSettings.load()["printer_url"] == ""
    assert not AuditEntry.select().where(AuditEntry.action == "printer.settings_changed").exists()


def test_the_owners_pin_saves_them_and_the_change_is_audited(staff):
    settings = MachineSettings.load()
    owner = save_printer_settings(settings, NEW, owner_pin="1234", till_id="K1")
    assert owner.name == "Bu Ani"
    saved = MachineSettings.load()
    assert (saved["printer_url"], saved["paper_width"], saved["cash_drawer"]) == ("tcp://192.168.1.50:9100", 80, True)
    entry = AuditEntry.get(AuditEntry.action == "printer.settings_changed")
    assert entry.staff_id == owner.id and entry.till_id == "K1"
    assert entry.details["printer_url"] == "tcp://192.168.1.50:9100"


def test_a_bad_value_is_refused_with_the_owners_pin_too(staff):
    settings = MachineSettings.load()
    with pytest.raises(InvalidInput):
        save_printer_settings(settings, {"paper_width": 33}, owner_pin="1234")
    with pytest.raises(InvalidInput):
        save_printer_settings(settings, {"printer_url": "lpt1"}, owner_pin="1234")
    with pytest.raises(InvalidInput):
        save_printer_settings(settings, {"till_id": "K9"}, owner_pin="1234")  # not a printer setting
    assert not config_file().exists() and settings["paper_width"] == 58
