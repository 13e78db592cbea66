"""The consignment dialog's actions, one service operation each: goods left at a reseller shop, or a visit (sold,
taken back, left again), with the note built once for the paper (queued; a failing printer never undoes the
visit) and for the PDF, and what is at the shop afterwards."""

from __future__ import annotations

from dataclasses import dataclass

from pos.money import Quantity
from pos.services import print_queue
from pos.services.access import ANYONE, allowed
from pos.services.consignment import OutRow, VisitResult, goods_out, leave_goods, note_data, settle_visit
from pos.services.print_queue import Printed, PrinterConfig, queue_quietly


@dataclass(frozen=True)
class ConsignmentDone:
    reference: str  # the consignment note's number
    visit: VisitResult | None  # None when goods were only left
    still_out: tuple[OutRow, ...]  # what is at the shop now
    note_pdf: bytes  # the note as a PDF, to save and open
    printed: Printed  # the note's print job, or why none could be stored (nothing when no paper was asked)


def _note(reference: str, till_id: str, printer: PrinterConfig | None) -> tuple[bytes, Printed]:
    from pos.printing.orders import consignment_pdf  # reportlab: loaded when a note is made, not at start-up

    data = note_data(reference)
    printed = queue_quietly(lambda config: print_queue.queue_consignment_note(reference, till_id, config, data=data),
                            printer)
    return consignment_pdf(data), printed


@allowed(ANYONE, why="goods handed to a reseller shop at the counter, recorded, audited and its note printed")
def complete_leaving(shop_id: int, items: dict[int, Quantity], *, till_id: str, staff_id: int | None = None,
                     printer: PrinterConfig | None = None) -> ConsignmentDone:
    reference, _lines = leave_goods(shop_id, items, till_id=till_id, staff_id=staff_id)
    pdf, printed = _note(reference, till_id, printer)
    return ConsignmentDone(reference, None, tuple(goods_out(shop_id)), pdf, printed)


@allowed(ANYONE, why="a reseller shop's visit counted at the counter, recorded, audited and its note printed")
def complete_visit(shop_id: int, sold: dict[int, Quantity], returned: dict[int, Quantity], *, till_id: str,
                   shift_id: int, staff_id: int, left_again: dict[int, Quantity] | None = None,
                   printer: PrinterConfig | None = None) -> ConsignmentDone:
    """What was sold on kasbon with its invoice, what was taken back, new goods left: all of it or nothing; then
    the note on ``printer`` (None: no paper) and as a PDF."""
    visit = settle_visit(shop_id, sold, returned, till_id=till_id, shift_id=shift_id, staff_id=staff_id,
                         left_again=left_again)
    pdf, printed = _note(visit.reference, till_id, printer)
    return ConsignmentDone(visit.reference, visit, visit.still_out, pdf, printed)
