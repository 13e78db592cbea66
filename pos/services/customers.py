"""Adding and finding customers; one customer per phone number, in whatever spelling."""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, field

from pos.i18n import _
from pos.domain.crm import usual_interval
from pos.domain.loyalty import RegularRule, qualifies_for_regular
from pos.models import (AcquisitionSource, Complaint, Customer, CustomerSegment, MemberCodeAlias, PriceTier,
                        Promotion, Sale, SaleLine, Segment, db)
from pos.money import Money, Quantity
from pos.services import clock
from pos.services.audit import record
from pos.services.customer_lists import SEGMENTS, SOURCES, refuse_retired, shown_name
from pos.services.customer_search import find_customers, typing_lookup
from pos.services.errors import InvalidInput
from pos.services.ledgers import DEPOSIT, KASBON, balance
from pos.services.numbering import MEMBER, next_value
from pos.services.pricing import stamps_available
from pos.services.phones import display_phone, normalize_phone, phone_region
from pos.services.shop_settings import shop_settings
from pos.services.text_limits import ADDRESS, CUSTOMER_NAME, NOTES, VILLAGE, check_texts
from pos.domain.options import ChosenOption
from pos.services.product_options import choices_today
from pos.services.sold_options import sold_choices
from pos.services.access import ANYONE, OWNER, READ, allowed, owner_when


class DuplicatePhone(InvalidInput):
    """The number belongs to a customer already (``customer_id`` says which)."""

    def __init__(self, message: str, customer_id: int) -> None:
        super().__init__(message)
        self.customer_id = customer_id


@dataclass(frozen=True)
class CustomerInfo:
    id: int
    name: str
    phone: str | None  # E.164
    member_code: str
    tier: str  # tier code
    segments: tuple[str, ...] = field(default=())


@dataclass
class NewCustomer:
    name: str
    phone: str = ""
    tier: str = "retail"
    segments: tuple[str, ...] = ()
    source: str | None = None
    referred_by_id: int | None = None
    village: str = ""
    address: str = ""
    birthday: dt.date | None = None
    notes: str = ""
    promo_consent: bool = False
    consent_source: str = ""  # how the consent was given (customer_profile.CONSENT_SOURCES)
    credit_limit: Money | None = None
    created_at: dt.datetime | None = None


@allowed(ANYONE, why="anyone at the counter adds a new customer; a tier other than retail or a kasbon limit "
                      "needs the owner's PIN (checked inside)")
def add_customer(new: NewCustomer, *, owner_pin: str | None = None) -> CustomerInfo:
    """Check everything, then create the customer in one transaction."""
    name = new.name.strip()
    if not name:
        raise InvalidInput(_("A customer needs a name."))
    check_texts((name, CUSTOMER_NAME), (new.village.strip(), VILLAGE), (new.address.strip(), ADDRESS),
                (new.notes.strip(), NOTES))
    phone = normalize_phone(new.phone, phone_region())
    owners = new.tier != "retail" or new.credit_limit is not None  # prices and money are the owner's
    with owner_when(owners, owner_pin), db.atomic():
        if phone:
            existing = Customer.get_or_none(Customer.phone == phone)
            if existing is not None:
                raise DuplicatePhone(
                    _("The number {phone} belongs to {name} already.").format(
                        phone=display_phone(phone), name=existing.name),
                    existing.id,
                )
        tier = PriceTier.get_or_none(PriceTier.code == new.tier)
        if tier is None:
            raise InvalidInput(_("There is no price tier {tier}.").format(tier=new.tier))
        segments = list(Segment.select().where(Segment.code.in_(new.segments))) if new.segments else []
        if len(segments) != len(set(new.segments)):
            raise InvalidInput(_("Unknown segment in {codes}.").format(codes=", ".join(new.segments)))
        source = None
        if new.source:
            source = AcquisitionSource.get_or_none(AcquisitionSource.code == new.source)
            if source is None:
                raise InvalidInput(_("Unknown source {code}.").format(code=new.source))
        refuse_retired(SEGMENTS, new.segments)  # a retired group or source is not given to a new customer
        refuse_retired(SOURCES, (new.source,) if new.source else ())
        created = new.created_at or clock.now()
        customer = Customer.create(
            name=name, phone=phone, member_code=f"LG{next_value('', MEMBER):05d}", tier=tier, source=source,
            referred_by=new.referred_by_id, village=new.village.strip(), address=new.address.strip(),
            birthday=new.birthday, notes=new.notes.strip(), promo_consent=new.promo_consent,
            promo_consent_at=created if new.promo_consent else None,
            promo_consent_source=new.consent_source if new.promo_consent else "", credit_limit=new.credit_limit,
            created_at=created,
        )
        for segment in segments:
            CustomerSegment.create(customer=customer, segment=segment)
        record("customer.added", entity="customer", entity_id=customer.id, details={"name": name})
    return CustomerInfo(customer.id, name, phone, customer.member_code, tier.code,
                        tuple(s.code for s in segments))


@allowed(READ)
def find_by_phone(raw: str) -> CustomerInfo | None:
    try:
        phone = normalize_phone(raw, phone_region())
    except InvalidInput:
        return None
    customer = Customer.get_or_none(Customer.phone == phone) if phone else None
    if customer is None:
        return None
    segments = tuple(link.segment.code for link in customer.segment_links)
    return CustomerInfo(customer.id, customer.name, customer.phone, customer.member_code,
                        customer.tier.code, segments)


@allowed(OWNER)
def set_tier(customer_id: int, tier_code: str, *, owner_pin: str | None, staff_id: int | None = None) -> None:
    """The owner's choice of tier: it sticks, the automatic rule will not change it."""
    tier = PriceTier.get_or_none(PriceTier.code == tier_code)
    if tier is None:
        raise InvalidInput(_("There is no price tier {tier}.").format(tier=tier_code))
    with db.atomic():
        Customer.update(tier=tier, tier_set_by_hand=True).where(Customer.id == customer_id).execute()
        record("customer.tier_set", entity="customer", entity_id=customer_id, staff_id=staff_id,
               details={"tier": tier_code})


@allowed(READ)
def regular_rule() -> RegularRule:
    shop = shop_settings()
    return RegularRule(purchases=shop.regular_after_purchases, spend=shop.regular_after_spend,
                       days=shop.regular_within_days)


@allowed(ANYONE, why="applies the owner's regular rule after a sale; no choice of its own")
def review_tier(customer_id: int, now: dt.datetime | None = None, known: tuple[bool, str] | None = None) -> bool:
    """Promote a retail customer to the regular tier when the shop's rule says so; True if promoted.

    Runs after each sale to a known customer. A tier the owner set by hand is left alone. ``known``: (their tier
    set by hand, their tier's code) as checkout read them with its first statement.
    """
    now = now or clock.now()
    rule = regular_rule()
    if not rule.active:
        return False
    with contextlib.nullcontext() if db.in_transaction() else db.atomic():  # inside a checkout: its transaction
        row = known if known is not None and known[1] is not None else (
            Customer.select(Customer.tier_set_by_hand, PriceTier.code).join(PriceTier)  # one narrow read
            .where(Customer.id == customer_id).tuples().first())
        if row is None:
            raise Customer.DoesNotExist(f"no customer {customer_id}")
        if row[0] or row[1] != "retail":
            return False
        sales = [(s.created_at, s.total) for s in Sale.select(Sale.created_at, Sale.total).where(
            (Sale.customer == customer_id) & (Sale.kind == "sale") & (Sale.status == "completed"))]
        if not qualifies_for_regular(sales, now, rule):
            return False
        regular = PriceTier.get(PriceTier.code == "regular")
        Customer.update(tier=regular).where(Customer.id == customer_id).execute()
        record("customer.tier_promoted", entity="customer", entity_id=customer_id,
               details={"tier": "regular", "purchases": rule.purchases, "spend": rule.spend.minor,
                        "days": rule.days})
    return True


@allowed(READ)
def find_customer(text: str) -> CustomerInfo | None:
    """A customer by member code (a scanned loyalty card) or phone number in any spelling."""
    text = (text or "").strip()
    customer = Customer.get_or_none(Customer.member_code == text.upper()) if text else None
    if customer is None and text:  # the card of a record merged into another
        alias = MemberCodeAlias.get_or_none(MemberCodeAlias.code == text.upper())
        customer = alias.customer if alias else None
    if customer is None:
        return find_by_phone(text)
    return CustomerInfo(customer.id, customer.name, customer.phone, customer.member_code, customer.tier.code,
                        tuple(link.segment.code for link in customer.segment_links))


@allowed(READ)
def search_customers(text: str, limit: int = 10) -> list[CustomerInfo]:
    """By member code, phone in any spelling (a prefix is enough), or fragments of the name."""
    text = (text or "").strip()
    if not text:
        return []
    try:
        phone = normalize_phone(text, phone_region())
    except InvalidInput:
        phone = None
    rows = typing_lookup(text, text.upper(), phone, limit)  # one statement: one round trip to a server
    if rows is not None:
        return [CustomerInfo(cid, name, number, code, tier, tuple(segments.split(",")) if segments else ())
                for cid, name, number, code, tier, segments in rows]
    exact = find_customer(text)
    ids = [row.id for row in find_customers(text, limit=limit)]
    rows = {c.id: c for c in Customer.select().where(Customer.id.in_(ids))} if ids else {}
    found = [_customer_info(rows[i]) for i in ids]
    if exact is not None:
        found = [exact] + [c for c in found if c.id != exact.id]
    return found[:limit]


def _customer_info(customer: Customer) -> CustomerInfo:
    return CustomerInfo(customer.id, customer.name, customer.phone, customer.member_code, customer.tier.code,
                        tuple(link.segment.code for link in customer.segment_links))


@dataclass(frozen=True)
class CustomerCard:
    """What the cashier sees the moment a customer is picked."""

    info: CustomerInfo
    tier_name: str
    segment_names: tuple[str, ...]
    stamps: int
    stamps_needed: int | None
    last_visit: dt.datetime | None
    usual_interval_days: int | None
    kasbon_owed: Money
    deposit_held: Money
    credit_limit: Money | None
    notes: str
    open_complaints: tuple[str, ...] = ()  # what the customer complained about and is not settled yet, newest first


@allowed(READ)
def customer_card(customer_id: int) -> CustomerCard:
    customer = Customer.get_by_id(customer_id)
    visits = [s.created_at for s in Sale.select(Sale.created_at).where(
        (Sale.customer == customer_id) & (Sale.kind == "sale") & (Sale.status == "completed"))]
    card = Promotion.get_or_none((Promotion.kind == "stamp_card") & (Promotion.active == True))  # noqa: E712
    expiry = card.parameters.get("expiry_months") if card else None
    return CustomerCard(
        info=_customer_info(customer), tier_name=customer.tier.name,
        segment_names=tuple(shown_name(link.segment.name, link.segment.retired) for link in customer.segment_links),
        stamps=stamps_available(customer_id, clock.now(), expiry),
        stamps_needed=int(card.parameters["stamps_needed"]) if card else None,
        last_visit=max(visits) if visits else None, usual_interval_days=usual_interval(visits),
        kasbon_owed=balance(KASBON, customer_id), deposit_held=balance(DEPOSIT, customer_id),
        credit_limit=customer.credit_limit, notes=customer.notes,
        open_complaints=tuple(c.text for c in Complaint.select(Complaint.text).where(
            (Complaint.customer == customer_id) & (Complaint.kind == "complaint") & (Complaint.status == "open"))
            .order_by(Complaint.created_at.desc(), Complaint.id.desc())),
    )


@allowed(READ)
def last_order(customer_id: int) -> list[tuple[int, Quantity, tuple[ChosenOption, ...]]]:
    """The paid lines of the customer's last sale with their choices ("Es Kopi Susu · Less sugar"), to sell again
    with one key; a choice since retired is left out."""
    sale = (Sale.select().where((Sale.customer == customer_id) & (Sale.kind == "sale") & (Sale.status == "completed"))
            .order_by(Sale.created_at.desc(), Sale.id.desc()).first())
    if sale is None:
        return []
    lines = [line for line in sale.lines.order_by(SaleLine.position)
             if not line.is_bonus and line.product_id is not None and line.product.active]
    return [(line.product_id, line.quantity, choices_today(line.product_id, chosen.get(line.id, ())))
            for chosen in [sold_choices(line.id for line in lines)] for line in lines]
