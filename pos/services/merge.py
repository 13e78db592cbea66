"""Merging two records of the same person, and forgetting a customer who asks for it.

The merge moves every row that points at the removed customer, found from the models'
foreign keys (so tables added later are moved too: tests/services/test_merge.py checks
that every table is a known model). Balances follow their rows: stamps, kasbon and
deposit are sums of entries, so moving the entries carries them over.
"""

from __future__ import annotations

from dataclasses import dataclass

from peewee import ForeignKeyField, Model

from pos.i18n import _
from pos.models import ALL_MODELS, Complaint, Customer, MemberCodeAlias, Touchpoint, db
from pos.services.audit import record
from pos.services.errors import InvalidInput
from pos.services.access import OWNER, READ, allowed, approving_owner
from pos.services.visits import forget as forget_visits
from pos.services.visits import refresh as refresh_visits


@dataclass(frozen=True)
class MergeResult:
    kept_id: int
    removed_code: str
    moved: dict[str, int]  # table -> rows moved
    dropped: dict[str, int]  # table -> rows the kept customer had already (a tag, a special price)


@allowed(READ)
def customer_references() -> list[tuple[type[Model], ForeignKeyField]]:
    """Every column of every table that points at a customer."""
    return [(model, field) for model in ALL_MODELS for field in model._meta.fields.values()
            if isinstance(field, ForeignKeyField) and field.rel_model is Customer]


def _unique_sets(model: type[Model]) -> list[tuple[str, ...]]:
    sets = [tuple(columns) for columns, unique in model._meta.indexes if unique]
    return sets + [(f.name,) for f in model._meta.fields.values() if f.unique and not f.primary_key]


_PROFILE = ("phone", "village", "address", "birthday", "source", "credit_limit")


@allowed(OWNER)
def merge_customers(keep_id: int, remove_id: int, *, owner_pin: str | None, staff_id: int | None = None) -> MergeResult:
    """Move everything of ``remove_id`` to ``keep_id``, fill the kept profile's blanks, delete the other."""
    if keep_id == remove_id:
        raise InvalidInput(_("A customer cannot be merged with itself."))
    with db.atomic():
        keep = Customer.get_or_none(Customer.id == keep_id)
        gone = Customer.get_or_none(Customer.id == remove_id)
        if keep is None or gone is None:
            raise InvalidInput(_("That customer is not in the book any more."))
        forget_visits(remove_id)  # worked out again below, for the kept record with both histories
        moved: dict[str, int] = {}
        dropped: dict[str, int] = {}
        for model, field in customer_references():
            table = model._meta.table_name
            if model is Customer:  # whom the removed one referred: now referred by the kept one
                n = (Customer.update(referred_by=keep_id)
                     .where((Customer.referred_by == remove_id) & (Customer.id != keep_id)).execute())
                moved[table] = moved.get(table, 0) + n
                continue
            for columns in _unique_sets(model):
                if field.name not in columns:
                    continue
                others = [model._meta.fields[c] for c in columns if c != field.name]
                held = {tuple(getattr(row, f.name) for f in others) for row in model.select().where(field == keep_id)}
                clash = [row.id for row in model.select().where(field == remove_id)
                         if tuple(getattr(row, f.name) for f in others) in held]
                if clash:  # the kept customer has it already (the same tag, a special price): theirs stays
                    dropped[table] = dropped.get(table, 0) + model.delete().where(model.id.in_(clash)).execute()
            n = model.update({field: keep_id}).where(field == remove_id).execute()
            if n:
                moved[table] = moved.get(table, 0) + n
        changes = {name: getattr(gone, name) for name in _PROFILE
                   if getattr(keep, name) in (None, "") and getattr(gone, name) not in (None, "")}
        if gone.notes.strip():
            changes["notes"] = "\n".join(part for part in (keep.notes.strip(), gone.notes.strip()) if part)
        if gone.promo_consent and not keep.promo_consent:  # a consent is carried with its own date and source
            changes.update(promo_consent=True, promo_consent_at=gone.promo_consent_at,
                           promo_consent_source=gone.promo_consent_source)
        if keep.referred_by_id == remove_id:
            changes["referred_by"] = gone.referred_by_id if gone.referred_by_id != keep_id else None
        phone = changes.pop("phone", None)
        Customer.delete().where(Customer.id == remove_id).execute()  # anything left pointing at it refuses
        if phone is not None:
            changes["phone"] = phone  # the number is free once the other record is gone
        if changes:
            Customer.update(**changes).where(Customer.id == keep_id).execute()
        MemberCodeAlias.create(code=gone.member_code, customer=keep_id)  # its printed card keeps working
        refresh_visits(keep_id)
        record("customer.merged", entity="customer", entity_id=keep.member_code, staff_id=staff_id,
               details={"removed": gone.member_code, "removed_name": gone.name, "moved": moved, "dropped": dropped})
    return MergeResult(keep_id, gone.member_code, moved, dropped)


@allowed(OWNER)
def forget_customer(customer_id: int, *, owner_pin: str, staff_id: int | None = None) -> None:
    """Delete on request: the person's data goes, the sales and their totals stay (owner only, audited)."""
    owner = approving_owner()
    with db.atomic():
        customer = Customer.get_or_none(Customer.id == customer_id)
        if customer is None:
            raise InvalidInput(_("That customer is not in the book any more."))
        Customer.update(name=_("Deleted customer"), phone=None, village="", address="", birthday=None, notes="",
                        promo_consent=False, promo_consent_at=None, promo_consent_source="", referred_by=None,
                        active=False).where(Customer.id == customer_id).execute()
        Touchpoint.update(text="").where(Touchpoint.customer == customer_id).execute()
        Complaint.update(text="", resolution="").where(Complaint.customer == customer_id).execute()
        record("customer.forgotten", entity="customer", entity_id=customer.member_code, staff_id=staff_id,
               details={"approved_by": owner.name})
