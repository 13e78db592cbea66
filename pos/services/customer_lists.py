"""The owner's own lists of customer groups (segments) and of how customers found the shop (sources).

The owner adds, renames, orders and retires them (owner's PIN, checked here). A retired entry stays on
the customers who have it and in the reports, marked as retired, but is no longer offered for a new
customer or a new promotion condition; it can be brought back. An entry is deleted only while nothing
uses it. Codes stay fixed (promotions and filters name them); names are unique, ignoring case and spaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from peewee import fn

from pos.i18n import N_, _
from pos.models import AcquisitionSource, Customer, CustomerSegment, Promotion, Segment, db
from pos.services.audit import record
from pos.services.errors import InvalidInput
from pos.services.text_limits import LIST_NAME, check_text
from pos.services.access import OWNER, READ, allowed, approving_owner

SEGMENTS, SOURCES = "segment", "source"
_MODELS = {SEGMENTS: Segment, SOURCES: AcquisitionSource}
_WHAT = {SEGMENTS: N_("group"), SOURCES: N_("source")}


@dataclass(frozen=True)
class ListEntry:
    code: str
    name: str
    position: int
    retired: bool
    customers: int  # how many customers have it
    promotions: int  # how many promotions name it in their conditions (groups only)

    @property
    def used(self) -> bool:
        return bool(self.customers or self.promotions)


@allowed(READ)
def shown_name(name: str, retired: bool) -> str:
    """The name as a list or report shows it: a retired entry says so."""
    return _("{name} (retired)").format(name=name) if retired else name


def _model(kind: str):
    try:
        return _MODELS[kind]
    except KeyError:
        raise InvalidInput(f"unknown list {kind!r}") from None


def _segments_in_promotions() -> dict[str, int]:
    counts: dict[str, int] = {}
    for conditions in Promotion.select(Promotion.conditions).tuples():
        segments = conditions[0].get("segments") if isinstance(conditions[0], dict) else None
        for code in set(segments or ()) if isinstance(segments, (list, tuple)) else ():
            counts[str(code)] = counts.get(str(code), 0) + 1
    return counts


@allowed(READ)
def list_entries(kind: str) -> list[ListEntry]:
    """Every entry in the owner's order, retired ones too, with what uses it."""
    model = _model(kind)
    if kind == SEGMENTS:
        customers = dict(CustomerSegment.select(CustomerSegment.segment, fn.COUNT(CustomerSegment.id))
                         .group_by(CustomerSegment.segment).tuples())
        promotions = _segments_in_promotions()
    else:
        customers = dict(Customer.select(Customer.source, fn.COUNT(Customer.id))
                         .where(Customer.source.is_null(False)).group_by(Customer.source).tuples())
        promotions = {}
    return [ListEntry(r.code, r.name, r.position, r.retired, customers.get(r.id, 0), promotions.get(r.code, 0))
            for r in model.select().order_by(model.position, model.id)]


def _key(name: str) -> str:
    """What two names must not share: "Ibu PKK", "ibu pkk" and "IbuPKK" are one name."""
    return re.sub(r"\s+", "", name).casefold()


def _clean(kind: str, name: str | None, except_code: str | None = None) -> str:
    name = re.sub(r"\s+", " ", name or "").strip()
    if not name:
        raise InvalidInput(_("A {what} needs a name.").format(what=_(_WHAT[kind])))
    if len(name) > 60:
        raise InvalidInput(_("Keep the name under 60 characters."))
    check_text(name, LIST_NAME)
    model = _model(kind)
    for row in model.select(model.code, model.name):
        if row.code != except_code and _key(row.name) == _key(name):
            raise InvalidInput(_("The {what} {name} exists already.").format(what=_(_WHAT[kind]), name=row.name))
    return name


def _new_code(model, name: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:30] or "own"
    taken = {c for (c,) in model.select(model.code).tuples()}
    code, n = base, 1
    while code in taken:
        n += 1
        code = f"{base}_{n}"
    return code


def _get(kind: str, code: str):
    model = _model(kind)
    row = model.get_or_none(model.code == code)
    if row is None:
        raise InvalidInput(_("There is no {what} {code}.").format(what=_(_WHAT[kind]), code=code))
    return row


@allowed(OWNER)
def add_entry(kind: str, name: str, *, owner_pin: str) -> str:
    """A new entry at the end of the list; returns its code (made from the name)."""
    owner = approving_owner()
    model = _model(kind)
    with db.atomic():
        name = _clean(kind, name)
        code = _new_code(model, name)
        last = model.select(fn.MAX(model.position)).scalar()
        model.create(code=code, name=name, position=(last if last is not None else -1) + 1)
        record(f"{kind}.added", entity=model._meta.table_name, entity_id=code, staff_id=owner.id,
               details={"name": name})
    return code


@allowed(OWNER)
def rename_entry(kind: str, code: str, name: str, *, owner_pin: str) -> None:
    owner = approving_owner()
    model = _model(kind)
    with db.atomic():
        row = _get(kind, code)
        name = _clean(kind, name, except_code=code)
        model.update(name=name).where(model.code == code).execute()
        record(f"{kind}.renamed", entity=model._meta.table_name, entity_id=code, staff_id=owner.id,
               details={"before": row.name, "name": name})


@allowed(OWNER)
def move_entry(kind: str, code: str, step: int, *, owner_pin: str) -> None:
    """Up (step -1) or down (+1) in the order the forms and filters offer them."""
    owner = approving_owner()
    model = _model(kind)
    with db.atomic():
        _get(kind, code)
        ordered = [c for (c,) in model.select(model.code).order_by(model.position, model.id).tuples()]
        i = ordered.index(code)
        j = max(0, min(len(ordered) - 1, i + step))
        if i == j:
            return
        ordered.insert(j, ordered.pop(i))
        for position, c in enumerate(ordered):
            model.update(position=position).where(model.code == c).execute()
        record(f"{kind}.moved", entity=model._meta.table_name, entity_id=code, staff_id=owner.id,
               details={"position": j + 1})


@allowed(OWNER)
def set_entry_retired(kind: str, code: str, retired: bool, *, owner_pin: str) -> None:
    """Retire (no longer offered; kept where it is used) or bring back."""
    owner = approving_owner()
    model = _model(kind)
    with db.atomic():
        row = _get(kind, code)
        if row.retired == retired:
            return
        model.update(retired=retired).where(model.code == code).execute()
        record(f"{kind}.retired" if retired else f"{kind}.restored", entity=model._meta.table_name,
               entity_id=code, staff_id=owner.id, details={"name": row.name})


@allowed(OWNER)
def delete_entry(kind: str, code: str, *, owner_pin: str) -> None:
    """Only an entry nothing uses (no customer, no promotion): a used one can be retired instead."""
    owner = approving_owner()
    model = _model(kind)
    with db.atomic():
        row = _get(kind, code)
        entry = next(e for e in list_entries(kind) if e.code == code)
        if entry.used:
            raise InvalidInput(_("{name} is in use (customers: {customers}, promotions: {promotions}): "
                                 "retire it instead.").format(name=row.name, customers=entry.customers,
                                                              promotions=entry.promotions))
        row.delete_instance()
        record(f"{kind}.deleted", entity=model._meta.table_name, entity_id=code, staff_id=owner.id,
               details={"name": row.name})


@allowed(READ)
def retired_names(kind: str, codes, keep=()) -> list[str]:
    """The names of the retired entries among ``codes`` that are not in ``keep`` (what a customer or a
    promotion had already): those cannot be given anew."""
    model = _model(kind)
    wanted = {str(c) for c in codes or ()} - {str(c) for c in keep or ()}
    if not wanted:
        return []
    return [r.name for r in model.select(model.name).where(model.code.in_(sorted(wanted)) & (model.retired == True))  # noqa: E712
            .order_by(model.position)]


@allowed(READ)
def refuse_retired(kind: str, codes, keep=()) -> None:
    """InvalidInput when a retired entry would be given anew (nothing is changed)."""
    names = retired_names(kind, codes, keep)
    if names:
        raise InvalidInput(_("{names} is retired: bring it back in the back office (Groups and sources) "
                             "to use it again.").format(names=", ".join(names)))
