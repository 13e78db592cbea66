"""Till actions that end in paper, one service operation each: the drawer opened without a sale (its pulse queued)
and the shift closed (its slip queued for the envelope). A printer that fails never undoes either."""

from __future__ import annotations

from dataclasses import dataclass

from pos.services import print_queue
from pos.services.access import CASHIER, OWNER, allowed
from pos.services.print_queue import Printed, PrinterConfig, queue_quietly
from pos.services.till import ShiftInfo, close_shift, open_drawer


@allowed(OWNER)
def open_drawer_now(shift_id: int, *, owner_pin: str, staff_id: int, till_id: str,
                    printer: PrinterConfig | None = None) -> Printed:
    """The owner approved opening the drawer without a sale (audited); the pulse is queued on ``printer``."""
    open_drawer(shift_id, owner_pin=owner_pin, staff_id=staff_id)
    return queue_quietly(lambda config: print_queue.queue_drawer_kick(till_id, config), printer)


@dataclass(frozen=True)
class ShiftClosed:
    shift: ShiftInfo
    printed: Printed  # the shift slip's print job, or why none could be stored (nothing when no paper was asked)


@allowed(CASHIER)
def close_shift_with_slip(shift_id: int, count: dict[int, int], *, staff_id: int, till_id: str,
                          printer: PrinterConfig | None = None) -> ShiftClosed:
    """Close the shift with the cash counted, then queue its slip on ``printer`` (None: no paper)."""
    closed = close_shift(shift_id, count, staff_id=staff_id)
    return ShiftClosed(closed, queue_quietly(lambda config: print_queue.queue_shift_slip(closed.id, till_id, config),
                                             printer))
