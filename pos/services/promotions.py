"""Promotions: saved only when valid, and loaded as rules for the pricing engine."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo


from pos.domain.promotions import CODES, PromotionInvalid, Rule, RuleData, build_rule, registry
from pos.i18n import _, describe_problem
from pos.models import OptionChoice
from pos.models import Category, Customer, PriceTier, Product, Promotion, Segment, db
from pos.services.audit import record
from pos.services.customer_lists import SEGMENTS, refuse_retired
from pos.services.errors import InvalidInput
from pos.services.text_limits import PROMOTION_NAME, check_text
from pos.services.access import OWNER, READ, allowed

log = logging.getLogger("pos.pricing")


@dataclass
class PromotionInput:
    name: str
    kind: str
    conditions: dict[str, Any] = field(default_factory=dict)
    parameters: dict[str, Any] = field(default_factory=dict)
    valid_from: dt.datetime | None = None  # shop-local
    valid_to: dt.datetime | None = None  # shop-local, exclusive
    weekdays: str = "0123456"
    hour_from: int | None = None
    hour_to: int | None = None
    priority: int = 100
    stackable: bool = True
    max_uses_per_customer: int | None = None
    active: bool = True
    max_uses_total: int | None = None  # sales in all (the first 50 customers)


def _codes(kind: Any, conditions: Any, parameters: Any) -> set[str]:
    """Every product code the promotion names: its products, and each parameter its kind declares as codes
    (whatever shape the data has: checking comes later)."""
    declared = registry.get(kind) if isinstance(kind, str) else None
    keys = [p.name for p in declared.parameters if p.type == CODES] if declared is not None else []
    found: set[str] = set()
    for source, key in ((conditions, "products"), *((parameters, key) for key in keys)):
        value = source.get(key) if isinstance(source, dict) else None
        values = [value] if isinstance(value, str) else (value if isinstance(value, (list, tuple)) else ())
        found.update(str(v) for v in values)
    return found


def _product_ids(codes: set[str]) -> dict[str, int]:
    if not codes:
        return {}
    rows = Product.select(Product.id, Product.code).where(Product.code.in_(list(codes)), Product.active == True)  # noqa: E712
    return {row.code: row.id for row in rows}


def _customer_ids(conditions: dict[str, Any]) -> dict[str, int]:
    codes = conditions.get("customers") if isinstance(conditions, dict) else None
    if not codes or not isinstance(codes, (list, tuple)):
        return {}
    return {c.member_code: c.id for c in Customer.select(Customer.id, Customer.member_code)
            .where(Customer.member_code.in_([str(code) for code in codes]))}


@allowed(READ)
def known_names() -> dict[str, frozenset[str]]:
    """The categories, tiers and segments the shop has, to catch a misspelt one."""
    return {"categories": frozenset(c.name for c in Category.select(Category.name)),
            "tiers": frozenset(t.code for t in PriceTier.select(PriceTier.code)),
            "segments": frozenset(s.code for s in Segment.select(Segment.code))}


def _rule_data(promo_id: int, p: PromotionInput, ids: dict[str, int],
               known: dict[str, frozenset[str]] | None = None) -> RuleData:
    return RuleData(id=promo_id, name=p.name, kind=p.kind, conditions=p.conditions, parameters=p.parameters,
                    product_ids=ids, priority=p.priority, stackable=p.stackable, valid_from=p.valid_from,
                    valid_to=p.valid_to, weekdays=p.weekdays, hour_from=p.hour_from, hour_to=p.hour_to,
                    max_uses=p.max_uses_per_customer, max_uses_total=p.max_uses_total,
                    customer_ids=_customer_ids(p.conditions),
                    known=known or {}, option_ids=_option_ids(p.conditions) if known is not None else None)


def _option_ids(conditions: Any) -> frozenset[int] | None:
    """The option choices still offered, when the promotion names some (a promotion on a choice, issue #24)."""
    if not isinstance(conditions, dict) or not conditions.get("options"):
        return None
    return frozenset(c for (c,) in OptionChoice.select(OptionChoice.id).where(OptionChoice.active).tuples())


@allowed(READ)
def check_promotion(p: PromotionInput) -> Rule:
    """The rule the promotion makes, or InvalidInput with the problem in the user's language."""
    check_text(p.name or "", PROMOTION_NAME)
    try:
        return build_rule(_rule_data(0, p, _product_ids(_codes(p.kind, p.conditions, p.parameters)), known_names()))
    except PromotionInvalid as exc:
        raise InvalidInput(describe_problem(exc.code, exc.params)) from None


def _utc(local: dt.datetime | None, zone: str) -> dt.datetime | None:
    if local is None:
        return None
    return local.replace(tzinfo=ZoneInfo(zone)).astimezone(dt.timezone.utc).replace(tzinfo=None)


def _local(utc: dt.datetime | None, zone: str) -> dt.datetime | None:
    if utc is None:
        return None
    return utc.replace(tzinfo=dt.timezone.utc).astimezone(ZoneInfo(zone)).replace(tzinfo=None)


def _segments_of(conditions: Any) -> list[str]:
    segments = conditions.get("segments") if isinstance(conditions, dict) else None
    return [str(s) for s in segments] if isinstance(segments, (list, tuple)) else []


@allowed(OWNER)
def save_promotion(p: PromotionInput, *, time_zone: str, owner_pin: str | None, promotion_id: int | None = None,
                   staff_id: int | None = None) -> int:
    """Create or update a promotion after checking it; an invalid one changes nothing."""
    check_promotion(p)
    before = Promotion.get_or_none(Promotion.id == promotion_id) if promotion_id is not None else None
    refuse_retired(SEGMENTS, _segments_of(p.conditions), keep=_segments_of(before.conditions) if before else ())
    if p.kind == "stamp_card" and p.active:
        others = Promotion.select().where((Promotion.kind == "stamp_card") & (Promotion.active == True))  # noqa: E712
        if promotion_id is not None:
            others = others.where(Promotion.id != promotion_id)
        if others.exists():
            raise InvalidInput(_("The shop has a stamp card already; a customer collects on one card. "
                                 "Change that one, or make it inactive first."))
    fields = dict(name=p.name.strip(), kind=p.kind, conditions=p.conditions, parameters=p.parameters,
                  valid_from=_utc(p.valid_from, time_zone), valid_to=_utc(p.valid_to, time_zone),
                  weekdays=p.weekdays, hour_from=p.hour_from, hour_to=p.hour_to, priority=p.priority,
                  stackable=p.stackable, max_uses_per_customer=p.max_uses_per_customer, active=p.active,
                  max_uses_total=p.max_uses_total)
    with db.atomic():
        if promotion_id is None:
            promotion_id = Promotion.create(**fields).id
        else:
            Promotion.update(**fields).where(Promotion.id == promotion_id).execute()
        record("promotion.saved", entity="promotion", entity_id=promotion_id, staff_id=staff_id,
               details={"name": p.name, "kind": p.kind})
    return promotion_id


@allowed(READ)
def load_rules(time_zone: str) -> list[Rule]:
    """The active promotions as rules (each checks its own dates and hours when a cart is priced)."""
    rows = list(Promotion.select().where(Promotion.active == True))  # noqa: E712
    ids = _product_ids(set().union(*(_codes(r.kind, r.conditions, r.parameters) for r in rows)) if rows else set())
    rules = []
    for row in rows:
        data = PromotionInput(
            name=row.name, kind=row.kind, conditions=row.conditions, parameters=row.parameters,
            valid_from=_local(row.valid_from, time_zone), valid_to=_local(row.valid_to, time_zone),
            weekdays=row.weekdays, hour_from=row.hour_from, hour_to=row.hour_to, priority=row.priority,
            stackable=row.stackable, max_uses_per_customer=row.max_uses_per_customer,
            max_uses_total=row.max_uses_total)
        try:
            rules.append(build_rule(_rule_data(row.id, data, ids)))
        except PromotionInvalid as exc:
            log.warning("promotion %s (%s) skipped: %s %s", row.id, row.name, exc.code, exc.params)
    return rules
