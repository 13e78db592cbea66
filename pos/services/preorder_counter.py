"""The orders list's actions that end in paper, one service operation each: a pre-order picked up (the sale at
the agreed price, the receipt queued like any sale's, the order as it now stands) and a day's production list
(built once for the queued paper and the PDF). A printer that fails never undoes anything."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pos.domain.till import CASH
from pos.money import Money
from pos.services import print_queue
from pos.services.access import ANYONE, CASHIER, allowed
from pos.services.preorders import PreorderRow, get_preorder, pick_up, production_data
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


@dataclass(frozen=True)
class ProductionSheet:
    pdf: bytes  # to save and open
    printed: Printed  # the paper's print job, or why none could be stored (nothing when no paper was asked)


@allowed(ANYONE, why="queues the kitchen's list of a day and makes its PDF; no order changes")
def production_sheet(day: dt.date, *, till_id: str, printer: PrinterConfig | None = None) -> ProductionSheet:
    from pos.printing.orders import production_pdf  # reportlab: loaded when a list is made, not at start-up

    data = production_data(day)
    printed = queue_quietly(lambda config: print_queue.queue_production_list(day, till_id, config, data=data),
                            printer)
    return ProductionSheet(production_pdf(data), printed)
