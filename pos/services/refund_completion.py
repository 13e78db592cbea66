"""The refund dialog's actions, one service operation each: find a sale to refund, refund or void it (the slip
queued for paper, the sale shown again as it now stands)."""

from __future__ import annotations

from dataclasses import dataclass

from pos.services import print_queue
from pos.services.access import OWNER, READ, allowed
from pos.services.print_queue import Printed, PrinterConfig, queue_quietly
from pos.services.refunds import (RefundableLine, RefundResult, SaleSummary, refund, refundable_lines, sale_summary,
                                  void_sale)


@dataclass(frozen=True)
class RefundView:
    """A sale as the refund dialog shows it: when, who and how much, and what can still be refunded per line."""

    summary: SaleSummary
    lines: tuple[RefundableLine, ...]


@dataclass(frozen=True)
class RefundDone:
    refund: RefundResult
    printed: Printed  # the refund slip's print job, or why none could be stored
    sale: RefundView  # the original sale after this refund


@allowed(READ)
def refund_view(number: str) -> RefundView:
    return RefundView(sale_summary(number), tuple(refundable_lines(number)))


def _done(result: RefundResult, number: str, till_id: str, printer: PrinterConfig | None) -> RefundDone:
    printed = queue_quietly(lambda config: print_queue.queue_receipt(result.id, till_id, config), printer)
    return RefundDone(result, printed, refund_view(number))


@allowed(OWNER)
def complete_refund(number: str, quantities: dict, *, back_to: str, owner_pin: str, staff_id: int, shift_id: int,
                    till_id: str, printer: PrinterConfig | None = None) -> RefundDone:
    """Refund these quantities of sale ``number`` (the owner's PIN checked once), queue the slip on ``printer``
    (None: no paper; a printer that fails never undoes the refund)."""
    result = refund(number, quantities, back_to=back_to, owner_pin=owner_pin, staff_id=staff_id, shift_id=shift_id,
                    till_id=till_id)
    return _done(result, number, till_id, printer)


@allowed(OWNER)
def complete_void(number: str, *, owner_pin: str, staff_id: int, shift_id: int, till_id: str,
                  printer: PrinterConfig | None = None) -> RefundDone:
    """Void the whole sale ``number`` of this shift, queue the slip on ``printer`` like a refund's."""
    result = void_sale(number, owner_pin=owner_pin, staff_id=staff_id, shift_id=shift_id, till_id=till_id)
    return _done(result, number, till_id, printer)
