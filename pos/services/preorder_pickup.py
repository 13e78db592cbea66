"""A pre-order picked up at the counter, as one service operation: the sale at the agreed price, the receipt
queued for paper like any sale's (a printer that fails never undoes the pickup), the order as it now stands."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pos.domain.till import CASH
from pos.money import Money
from pos.services import print_queue
from pos.services.access import CASHIER, allowed
from pos.services.preorders import PreorderRow, get_preorder, pick_up
from pos.services.print_queue import Printed, PrinterConfig, queue_quietly
from pos.services.sales import SaleResult


@dataclass(frozen=True)
class PickedUp:
    order: PreorderRow  # picked up now
    sale: SaleResult
    paid_now: Money  # the sale's total less the down payment spent from the deposit
    printed: Printed  # the receipt's print job, or why none could be stored (nothing when no paper was asked)


@allowed(CASHIER)
def complete_pickup(preorder_id: int, method: str = CASH, *, till_id: str, shift_id: int, staff_id: int,
                    tendered: Money | None = None, at: dt.datetime | None = None,
                    printer: PrinterConfig | None = None) -> PickedUp:
    """Pick the order up (the rest paid by ``method``) and queue its receipt on ``printer`` (None: no paper)."""
    sale = pick_up(preorder_id, method, till_id=till_id, shift_id=shift_id, staff_id=staff_id, tendered=tendered,
                   at=at)
    printed = queue_quietly(lambda config: print_queue.queue_receipt(sale.id, till_id, config), printer)
    order = get_preorder(preorder_id)
    return PickedUp(order, sale, sale.total - order.down_payment, printed)
