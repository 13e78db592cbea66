"""Till actions that end in paper, one service operation each, on SQLite and PostgreSQL: the drawer opened
without a sale and the shift closed, their paper queued; a printer that fails never undoes either."""

from __future__ import annotations

import pytest

from pos.models import AuditEntry, PrintJob, Shift
from pos.printing.render_escpos import DRAWER_KICK
from pos.services.errors import NotAllowed
from pos.services.print_queue import PrinterConfig
from pos.services.till_actions import close_shift_with_slip, open_drawer_now
from tests.factories import owner_pin

DRAWER = PrinterConfig("file:///dev/null", "generic58", cash_drawer=True)


@pytest.fixture
def shop(make_shop):
    return make_shop(150000)


def drawer_audits() -> int:
    return AuditEntry.select().where(AuditEntry.action == "drawer.opened").count()


def test_the_drawer_opens_with_the_owners_pin_and_its_pulse_is_queued(shop):
    printed = open_drawer_now(shop["shift"], owner_pin=owner_pin(), staff_id=shop["cashier"], till_id="K1",
                              printer=DRAWER)
    assert bytes(PrintJob.get_by_id(printed.job.id).payload) == DRAWER_KICK and drawer_audits() == 1
    without = open_drawer_now(shop["shift"], owner_pin=owner_pin(), staff_id=shop["cashier"], till_id="K1",
                              printer=PrinterConfig("file:///dev/null", "generic58"))  # no drawer attached
    assert (without.job, without.refused) == (None, "") and drawer_audits() == 2


def test_a_wrong_pin_opens_nothing(shop):
    with pytest.raises(NotAllowed):
        open_drawer_now(shop["shift"], owner_pin="0000", staff_id=shop["cashier"], till_id="K1", printer=DRAWER)
    assert drawer_audits() == 0 and PrintJob.select().count() == 0


def test_the_shift_closes_and_its_slip_is_queued(shop):
    done = close_shift_with_slip(shop["shift"], {100000: 1, 50000: 1}, staff_id=shop["cashier"], till_id="K1",
                                 printer=DRAWER)
    assert done.shift.summary.difference.minor == 0 and Shift.get_by_id(shop["shift"]).status == "closed"
    job = PrintJob.get_by_id(done.printed.job.id)
    assert (job.kind, job.reference) == ("shift", str(shop["shift"])) and b"150.000" in bytes(job.payload)


def test_a_missing_printer_never_keeps_the_shift_open(shop):
    done = close_shift_with_slip(shop["shift"], {100000: 1}, staff_id=shop["cashier"], till_id="K1",
                                 printer=PrinterConfig("lpt1", "generic58"))
    assert done.printed.job is None and done.printed.refused
    assert Shift.get_by_id(shop["shift"]).status == "closed" and PrintJob.select().count() == 0
    assert done.shift.summary.difference.minor == -50000
