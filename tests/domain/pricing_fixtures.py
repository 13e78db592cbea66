"""A small price book and promotion builders for the pricing tests (all rupiah chosen to compute by hand)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pos.domain.pricing import CartLine, CustomerContext, PriceEntry, TierEntry
from pos.domain.promotions import Rule, RuleData, build_rule
from pos.money import Money, Quantity

CHIPS, CAKE, COFFEE, TESTER, ICED, BREAD, NASTAR, KASTENGEL = 1, 2, 3, 4, 5, 6, 7, 8
CODES = {"CML-01": CHIPS, "KUE-01": CAKE, "KOP-01": COFFEE, "KRG-07": TESTER, "KOP-05": ICED, "ROT-01": BREAD,
         "KRG-01": NASTAR, "KRG-02": KASTENGEL}


def q(value: int | str) -> Quantity:
    return Quantity.of(value)


BOOK = {
    CHIPS: PriceEntry(CHIPS, "Keripik Pisang 250 g", "Camilan", Money(15000), (
        TierEntry("regular", q(1), Money(14000)),
        TierEntry("reseller", q(10), Money(12500)),
        TierEntry("reseller", q(50), Money(11500)),
    )),
    CAKE: PriceEntry(CAKE, "Bolu Pandan", "Kue", Money(55000), (TierEntry("regular", q(1), Money(51000)),)),
    COFFEE: PriceEntry(COFFEE, "Kopi Robusta 250 g", "Kopi & Minuman", Money(45000)),
    TESTER: PriceEntry(TESTER, "Nastar Mini Tester", "Kue Kering", Money(15000)),
    ICED: PriceEntry(ICED, "Es Kopi Susu", "Kopi & Minuman", Money(18000)),
    BREAD: PriceEntry(BREAD, "Roti Sobek", "Roti", Money(18000)),
    NASTAR: PriceEntry(NASTAR, "Nastar 500 g", "Kue Kering", Money(95000),
                       (TierEntry("reseller", q(10), Money(82000)),)),
    KASTENGEL: PriceEntry(KASTENGEL, "Kastengel Mini", "Kue Kering", Money(12000)),
}

FRIDAY_NOON = dt.datetime(2026, 11, 27, 12, 0)
RAMADAN_DAY = dt.datetime(2027, 2, 20, 10, 0)

_ids = iter(range(1, 10_000))


def rule(kind: str, *, conditions: dict | None = None, parameters: dict | None = None, **fields) -> Rule:
    """A promotion exactly as the owner would store it, through the same checks as saving."""
    return build_rule(RuleData(id=fields.pop("id", next(_ids)), name=fields.pop("name", kind), kind=kind,
                               conditions=conditions or {}, parameters=parameters or {}, product_ids=CODES,
                               customer_ids={"LG00007": 7, "LG00008": 8}, **fields))


def cart(*pairs: tuple[int, int | str]) -> list[CartLine]:
    return [CartLine(pid, q(qty)) for pid, qty in pairs]


def customer(**fields) -> CustomerContext:
    fields.setdefault("customer_id", 42)
    return CustomerContext(**fields)


REGULAR = customer(tier="regular")
RESELLER = customer(tier="reseller", segments=frozenset({"reseller"}))
STUDENT = customer(segments=frozenset({"student"}))
TEN = Decimal(10)
