"""Shifts at a till: open with a float, cash in and out, close with a count by denomination."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pos.domain.till import CashSummary, TillError, cash_by_kind, cash_summary, counted_total
from pos.i18n import _
from pos.models import CashEntry, Shift, StaffUser, db
from pos.money import Money
from pos.services import clock
from pos.services.audit import record
from pos.services.errors import InvalidInput, NotAllowed
from pos.services.access import CASHIER, OWNER, READ, allowed, approving_owner


@dataclass(frozen=True)
class ShiftInfo:
    id: int
    till_id: str
    cashier: str
    status: str
    opening_float: Money
    summary: CashSummary
    by_kind: tuple[tuple[str, Money], ...] = ()  # (cash sales, refunds, cash in … , total) of the cash ledger


def _info(shift: Shift) -> ShiftInfo:
    entries = list(shift.cash_entries)
    return ShiftInfo(shift.id, shift.till_id, shift.cashier.name, shift.status, shift.opening_float,
                     cash_summary(shift.opening_float, [e.amount for e in entries], shift.counted_cash),
                     cash_by_kind([(e.kind, e.amount) for e in entries]))


@allowed(READ)
def shift_info(shift_id: int) -> ShiftInfo:
    return _info(Shift.get_by_id(shift_id))


@allowed(READ)
def current_shift(till_id: str) -> ShiftInfo | None:
    shift = Shift.get_or_none((Shift.till_id == till_id) & (Shift.status == "open"))
    return _info(shift) if shift else None


@allowed(CASHIER, param="cashier_id")
def open_shift(till_id: str, cashier_id: int, opening_float: Money, *, at: dt.datetime | None = None) -> ShiftInfo:
    if opening_float.minor < 0:
        raise InvalidInput(_("The opening float cannot be negative."))
    with db.atomic():
        if Shift.select().where((Shift.till_id == till_id) & (Shift.status == "open")).exists():
            raise NotAllowed(_("Till {till} has an open shift already; close it first.").format(till=till_id))
        shift = Shift.create(till_id=till_id, cashier=cashier_id, opening_float=opening_float,
                             opened_at=at or clock.now())
        record("shift.opened", entity="shift", entity_id=shift.id, staff_id=cashier_id, till_id=till_id,
               details={"opening_float": opening_float.minor})
    return _info(shift)


def _open(shift_id: int) -> Shift:
    shift = Shift.get_or_none(Shift.id == shift_id)
    if shift is None or shift.status != "open":
        raise NotAllowed(_("The shift is closed; open a new one."))
    return shift


@allowed(CASHIER)
def move_cash(shift_id: int, amount: Money, reason: str, *, staff_id: int, at: dt.datetime | None = None) -> ShiftInfo:
    """Cash in (positive) or out (negative) with a reason: petty cash, buying eggs."""
    if not reason.strip():
        raise InvalidInput(_("Say why the cash goes in or out."))
    if amount.minor == 0:
        raise InvalidInput(_("The amount cannot be zero."))
    with db.atomic():
        shift = _open(shift_id)
        kind = "cash_in" if amount.minor > 0 else "cash_out"
        CashEntry.create(shift=shift, kind=kind, amount=amount, staff=staff_id, note=reason.strip(),
                         created_at=at or clock.now())
        record(f"shift.{kind}", entity="shift", entity_id=shift.id, staff_id=staff_id, till_id=shift.till_id,
               details={"amount": amount.minor, "reason": reason.strip()})
    return _info(Shift.get_by_id(shift_id))


@allowed(OWNER)
def open_drawer(shift_id: int, *, owner_pin: str, staff_id: int, at: dt.datetime | None = None) -> None:
    """Opening the drawer without a sale: the owner's PIN, and a line in the audit log."""
    owner = approving_owner()
    shift = _open(shift_id)
    with db.atomic():
        record("drawer.opened", entity="shift", entity_id=shift.id, staff_id=staff_id, till_id=shift.till_id,
               details={"approved_by": owner.name}, at=at)


@allowed(CASHIER)
def close_shift(shift_id: int, count: dict[int, int], *, staff_id: int, at: dt.datetime | None = None) -> ShiftInfo:
    """Close with the cash counted by denomination; the difference is stored and audited."""
    try:
        counted = counted_total({int(k): int(v) for k, v in count.items()})
    except (TillError, ValueError):
        raise InvalidInput(_("The count has a denomination or a number that is not right.")) from None
    with db.atomic():
        shift = _open(shift_id)
        summary = cash_summary(shift.opening_float, [e.amount for e in shift.cash_entries], counted)
        Shift.update(status="closed", closed_at=at or clock.now(), counted_cash=counted,
                     cash_count={str(k): int(v) for k, v in sorted(count.items(), reverse=True) if int(v)}
                     ).where(Shift.id == shift.id).execute()
        record("shift.closed", entity="shift", entity_id=shift.id, staff_id=staff_id, till_id=shift.till_id,
               details={"expected": summary.expected.minor, "counted": counted.minor,
                        "difference": summary.difference.minor, "by": StaffUser.get_by_id(staff_id).name})
    return _info(Shift.get_by_id(shift_id))
