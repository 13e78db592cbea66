"""The demo shop: a believable Indonesian bakery-and-coffee shop to try the program on.

Made only on an empty database, deterministic for a seed, and a second run
changes nothing. Its data (products, names, villages) is in resources/demo.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass

import phonenumbers

from pos import resource_path
from pos.i18n import _
from pos.models import (AcquisitionSource, AuditEntry, Category, Customer, CustomerSegment, PriceTier, Product,
                        Promotion, Segment, SpecialPrice, StaffUser, db)
from pos.models.statements import insert_rows, update_rows
from pos.money import Money, Quantity
from pos.services.audit import record
from pos.services import clock
from pos.services.catalog import _add_category, _add_product, _set_tier_price
from pos.services.customers import NewCustomer
from pos.services.demo_bakery import add_bakery_details
from pos.services.errors import PosError
from pos.services.numbering import MEMBER, reserve_values
from pos.services.phones import normalize_phone, phone_region
from pos.services.promotions import PromotionInput, save_promotion
from pos.services.shop import _update_shop_settings
from pos.services.shop_settings import shop_settings
from pos.services.staff import _add_staff
from pos.services.access import ANYONE, READ, allowed, owner_approval

DEMO_STAFF = (("Bu Ani", "owner", "1234"), ("Dita", "cashier", "1111"))
CUSTOMERS = 200
MOBILE_PREFIXES = ("0812", "0813", "0821", "0822", "0852", "0853", "0857", "0858", "0878", "0895", "0896")
# Created dates are spread over the year and a half before this day, so that a
# seed gives the same shop whenever it is made.
DEMO_EPOCH = dt.datetime(2026, 11, 1, 3, 0)


@dataclass(frozen=True)
class DemoResult:
    created: bool
    products: int
    customers: int
    promotions: int
    sales: int = 0
    refunds: int = 0


@allowed(READ)
def demo_data() -> dict:
    return json.loads(resource_path("demo", "shop.json").read_text(encoding="utf-8"))


@allowed(READ)
def shop_is_empty() -> bool:
    return not (Product.select().exists() or Customer.select().exists() or StaffUser.select().exists()
                or shop_settings().shop_name)


@allowed(READ)
def demo_exists() -> bool:
    """This database holds the demo shop already (``create_demo`` would leave it as it is)."""
    return shop_settings().is_demo


@allowed(ANYONE, why="only on an empty database, before any owner exists (setting_up); refuses a real shop")
def create_demo(seed: int = 1, *, history_days: int = 0, today: dt.date | None = None,
                now: dt.datetime | None = None) -> DemoResult:
    """Fill an empty database with the demo shop; refuse a real shop; leave an existing demo alone."""
    if shop_settings().is_demo:
        return DemoResult(False, Product.select().count(), Customer.select().count(), Promotion.select().count())
    if not shop_is_empty():
        raise PosError(_("This database holds a shop already; the demo is only made on an empty database. "
                         "Use --db to make it elsewhere."))
    data = demo_data()
    rng = random.Random(seed)
    with db.atomic():
        _update_shop_settings({**data["shop"], "is_demo": True})
        for name, role, pin in DEMO_STAFF:
            _add_staff(name, role, pin)
        _add_lists(data)
        products = _add_products(data, rng)
        add_bakery_details()  # labels, scale numbers and recipes (issue #25)
        with owner_approval(DEMO_STAFF[0][2]):  # the demo's owner, made just above: tiers, limits, promotions
            _add_customers(data, rng, products)
            _add_promotions(data, DEMO_STAFF[0][2])
            _add_options(products)
        opened = DEMO_EPOCH - dt.timedelta(days=600)  # the shop's first day, for every seed
        for model in (Product, StaffUser, Promotion):
            model.update(created_at=opened).execute()
        history = None
        today = today or clock.today()  # the shop's day: the recap asks for it
        if history_days > 0:
            from pos.services.demo_history import record_history
            from pos.services.demo_trays import set_demo_day_old

            set_demo_day_old(owner_pin=DEMO_STAFF[0][2])  # the history sells some of yesterday's bread
            zone = shop_settings().zone_name
            history = record_history(seed, today, history_days, zone, now)
            from pos.services.demo_trays import add_demo_trays

            add_demo_trays(seed, today, owner_pin=DEMO_STAFF[0][2])  # the breads' trays of the past days
            from pos.services.demo_bills import add_demo_bill

            add_demo_bill(DEMO_STAFF[1][0])  # a table still sitting: the till's Open bills list has one
        record("demo.created", details={"seed": seed, "days": history_days,
                                        "today": today.isoformat() if history_days else ""})
    return DemoResult(True, Product.select().count(), Customer.select().count(), Promotion.select().count(),
                      history.sales if history else 0, history.refunds if history else 0)


def _add_options(products: list[int]) -> None:
    from pos.services.demo_history import demo_options
    from pos.services.product_options import ChoiceForm, GroupForm, save_option_group

    ids = dict(Product.select(Product.code, Product.id).where(Product.id.in_(products)).tuples())
    for g in demo_options()["groups"]:
        save_option_group(GroupForm(g["name"], tuple(ChoiceForm(name, Money(price), default)
                                                     for name, price, default in g["choices"]),
                                    g["min"], g["max"], tuple(ids[code] for code in g["products"] if code in ids)),
                          owner_pin=DEMO_STAFF[0][2])


def _add_lists(data: dict) -> None:
    for model, key in ((Segment, "segments"), (AcquisitionSource, "sources")):
        for position, row in enumerate(data[key]):
            if not model.select().where(model.code == row["code"]).exists():
                model.create(code=row["code"], name=row["name"], position=position)


def _add_products(data: dict, rng: random.Random) -> list[int]:
    categories = {c["name"]: _add_category(c["name"], position=i, color=c["color"])
                  for i, c in enumerate(data["categories"])}
    for c in data["categories"]:  # the drinks go to the bar: a ticket there once the till has a bar printer
        if c.get("ticket_printer"):
            Category.update(ticket_printer=c["ticket_printer"]).where(Category.id == categories[c["name"]]).execute()
    ids = []
    for position, p in enumerate(data["products"]):
        info = _add_product(code=p["code"], name=p["name"], category_id=categories[p["category"]],
                           retail_price=Money(p["retail_price"]), unit=p["unit"], barcode=p["barcode"],
                           cost=Money(p["cost"]), grid_position=position)
        if p["regular_price"]:
            _set_tier_price(info.id, "regular", Money(p["regular_price"]))
        for min_qty, price in p["reseller"]:
            _set_tier_price(info.id, "reseller", Money(price), Quantity.of(min_qty))
        ids.append(info.id)
    return ids


def _phone(rng: random.Random, used: set[str]) -> str:
    while True:
        number = rng.choice(MOBILE_PREFIXES) + "".join(str(rng.randint(0, 9)) for _ in range(rng.choice((7, 8))))
        parsed = phonenumbers.parse(number, "ID")
        if number not in used and phonenumbers.is_valid_number(parsed):
            used.add(number)
            return f"{number[:4]}-{number[4:8]}-{number[8:]}"


def _person(data: dict, rng: random.Random) -> str:
    female = rng.random() < 0.6
    first = rng.choice(data["female_first_names"] if female else data["male_first_names"])
    if rng.random() < 0.55:
        family = rng.choice([f for f in data["family_names"] if f != first])
        return f"{first} {family}"
    honorific = rng.choice(("Bu", "Mbak") if female else ("Pak", "Mas"))
    return f"{honorific} {first}" if rng.random() < 0.3 else first


def _add_customers(data: dict, rng: random.Random, products: list[int]) -> None:
    """The demo's customers, as ``add_customer`` would make them one by one, written in a few statements.

    The random draws are the same and in the same order as ever (a referral picks a customer by their
    place in the list, as it picked among the ids), so a seed gives the same customers.
    """
    used_phones: set[str] = set()
    sources = [s["code"] for s in data["sources"]]
    segments = [s["code"] for s in data["segments"] if s["code"] != "reseller"]
    shops = list(data["reseller_shops"])
    made: list[NewCustomer] = []
    specials: list[tuple[int, int]] = []  # (customer's place, product id)
    created_dates = sorted(DEMO_EPOCH - dt.timedelta(days=rng.randint(0, 540), minutes=rng.randint(0, 600))
                           for _ in range(CUSTOMERS))
    for index, created in enumerate(created_dates):
        reseller = index % 13 == 0 and shops
        name = shops.pop(0) if reseller else _person(data, rng)
        source = rng.choice(sources)
        new = NewCustomer(
            name=name,
            phone=_phone(rng, used_phones) if rng.random() < 0.92 else "",
            tier="reseller" if reseller else ("regular" if rng.random() < 0.25 else "retail"),
            segments=("reseller",) if reseller else tuple(sorted(set(rng.sample(segments, rng.choice((1, 1, 2)))))),
            source=source,
            referred_by_id=rng.choice(range(len(made))) if source == "referral" and made else None,
            village=rng.choice(data["villages"]),
            address=rng.choice(data["streets"]),
            birthday=dt.date(rng.randint(1960, 2008), rng.randint(1, 12), rng.randint(1, 28))
            if rng.random() < 0.6 else None,
            notes=rng.choice(data["notes"]) if rng.random() < 0.15 else "",
            promo_consent=rng.random() < 0.7, consent_source="till",
            credit_limit=Money(rng.choice((500_000, 1_000_000, 2_000_000))) if reseller else None,
            created_at=created,
        )
        made.append(new)
        if new.tier == "regular" and rng.random() < 0.3:
            specials.append((index, rng.choice(products)))
    ids = _insert_customers(made)
    prices = {p.id: p.retail_price for p in Product.select(Product.id, Product.retail_price)}
    insert_rows(SpecialPrice, [dict(customer=ids[index], product=product_id,
                                    price=Money(max(0, (prices[product_id].minor * 85 // 100) // 500 * 500)))
                               for index, product_id in specials])


def _insert_customers(made: list[NewCustomer]) -> list[int]:
    """Write the demo's customers with their member codes, groups and audit entries; their ids, in order."""
    region = phone_region()
    tiers = dict(PriceTier.select(PriceTier.code, PriceTier.id).tuples())
    sources = dict(AcquisitionSource.select(AcquisitionSource.code, AcquisitionSource.id).tuples())
    segments = dict(Segment.select(Segment.code, Segment.id).tuples())
    codes = [f"LG{n:05d}" for n in reserve_values("", MEMBER, len(made))]
    insert_rows(Customer, [dict(
        name=new.name, phone=normalize_phone(new.phone, region), member_code=code, tier=tiers[new.tier],
        tier_set_by_hand=False, source=sources[new.source] if new.source else None, referred_by=None,
        village=new.village, address=new.address, birthday=new.birthday, notes=new.notes,
        promo_consent=new.promo_consent, promo_consent_at=new.created_at if new.promo_consent else None,
        promo_consent_source=new.consent_source if new.promo_consent else "", credit_limit=new.credit_limit,
        payment_terms_days=None, active=True, created_at=new.created_at) for new, code in zip(made, codes)])
    by_code = dict(Customer.select(Customer.member_code, Customer.id).tuples())
    ids = [by_code[code] for code in codes]
    update_rows(Customer, [dict(id=ids[place], referred_by=ids[new.referred_by_id])
                           for place, new in enumerate(made) if new.referred_by_id is not None])
    insert_rows(CustomerSegment, [dict(customer=ids[place], segment=segments[code])
                                  for place, new in enumerate(made) for code in new.segments])
    at = clock.now()
    insert_rows(AuditEntry, [dict(action="customer.added", entity="customer", entity_id=str(ids[place]), staff=None,
                                  till_id="", details={"name": new.name}, summary="", at=at)
                             for place, new in enumerate(made)])
    return ids


def _add_promotions(data: dict, owner_pin: str) -> None:
    zone = shop_settings().zone_name
    for promo in data["promotions"]:
        save_promotion(PromotionInput(
            name=promo["name"], kind=promo["kind"], conditions=promo["conditions"],
            parameters=promo["parameters"], priority=promo["priority"], stackable=promo.get("stackable", True),
            hour_from=promo.get("hour_from"),
            valid_from=dt.datetime.fromisoformat(promo["valid_from"]) if promo.get("valid_from") else None,
            valid_to=dt.datetime.fromisoformat(promo["valid_to"]) if promo.get("valid_to") else None,
        ), time_zone=zone, owner_pin=owner_pin)
