"""Price tiers as the owner names and orders them (Eceran, Langganan, Reseller, or their own)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from peewee import fn

from pos.i18n import _
from pos.models import Customer, PriceTier, TierPrice, db
from pos.services.audit import record
from pos.services.errors import InvalidInput
from pos.services.text_limits import TIER_NAME, check_text
from pos.services.access import OWNER, READ, allowed

BUILT_IN = ("retail", "regular", "reseller")  # the till and the regular rule know these by code


@dataclass(frozen=True)
class TierRow:
    id: int
    code: str
    name: str
    position: int
    customers: int
    prices: int


@allowed(READ)
def list_tiers() -> list[TierRow]:
    customers = dict(Customer.select(Customer.tier, fn.COUNT(Customer.id)).group_by(Customer.tier).tuples())
    prices = dict(TierPrice.select(TierPrice.tier, fn.COUNT(TierPrice.id)).group_by(TierPrice.tier).tuples())
    return [TierRow(t.id, t.code, t.name, t.position, customers.get(t.id, 0), prices.get(t.id, 0))
            for t in PriceTier.select().order_by(PriceTier.position, PriceTier.id)]


def _code_for(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:30]


@allowed(OWNER)
def add_tier(name: str, *, owner_pin: str | None, staff_id: int | None = None) -> str:
    """A new tier after the others; its code is made from the name. Returns the code."""
    name = (name or "").strip()
    if not name:
        raise InvalidInput(_("A price tier needs a name."))
    check_text(name, TIER_NAME)
    code = _code_for(name)
    if not code:
        raise InvalidInput(_("Use letters or digits in the tier's name."))
    with db.atomic():
        if PriceTier.select().where((PriceTier.code == code) | (fn.LOWER(PriceTier.name) == name.lower())).exists():
            raise InvalidInput(_("The price tier {name} exists already.").format(name=name))
        last = PriceTier.select(fn.MAX(PriceTier.position)).scalar() or 0
        PriceTier.create(code=code, name=name, position=last + 1)
        record("tier.added", entity="price_tier", entity_id=code, staff_id=staff_id, details={"name": name})
    return code


@allowed(OWNER)
def rename_tier(code: str, name: str, *, owner_pin: str | None, staff_id: int | None = None) -> None:
    name = (name or "").strip()
    if not name:
        raise InvalidInput(_("A price tier needs a name."))
    check_text(name, TIER_NAME)
    with db.atomic():
        if PriceTier.select().where((fn.LOWER(PriceTier.name) == name.lower()) & (PriceTier.code != code)).exists():
            raise InvalidInput(_("The price tier {name} exists already.").format(name=name))
        if not PriceTier.update(name=name).where(PriceTier.code == code).execute():
            raise InvalidInput(_("There is no price tier {tier}.").format(tier=code))
        record("tier.renamed", entity="price_tier", entity_id=code, staff_id=staff_id, details={"name": name})


@allowed(OWNER)
def move_tier(code: str, step: int, *, owner_pin: str | None) -> None:
    with db.atomic():
        ordered = [t.code for t in PriceTier.select().order_by(PriceTier.position, PriceTier.id)]
        i = ordered.index(code)
        j = max(0, min(len(ordered) - 1, i + step))
        ordered.insert(j, ordered.pop(i))
        for position, c in enumerate(ordered, start=1):
            PriceTier.update(position=position).where(PriceTier.code == c).execute()


@allowed(OWNER)
def delete_tier(code: str, *, owner_pin: str | None, staff_id: int | None = None) -> None:
    """Only a tier of the owner's own, with no customers in it; its prices go with it."""
    if code in BUILT_IN:
        raise InvalidInput(_("The tiers retail, regular and reseller stay (rename them if you like)."))
    with db.atomic():
        tier = PriceTier.get_or_none(PriceTier.code == code)
        if tier is None:
            return
        if Customer.select().where(Customer.tier == tier.id).exists():
            raise InvalidInput(_("Customers are in the tier {name}: move them first.").format(name=tier.name))
        TierPrice.delete().where(TierPrice.tier == tier.id).execute()
        tier.delete_instance()
        record("tier.deleted", entity="price_tier", entity_id=code, staff_id=staff_id)
