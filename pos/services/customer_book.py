"""One customer's page in the book: history, figures, balances, complaints, touchpoints, referrals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pos.i18n import _
from pos.models import Complaint, Customer, DepositEntry, KasbonEntry, Sale, StampEntry, Touchpoint, db
from pos.money import Money, Quantity
from pos.services.sold_options import favourite_orders
from pos.services import clock
from pos.services.audit import record
from pos.services.customers import CustomerCard, customer_card
from pos.services.errors import InvalidInput
from pos.services.text_limits import COMPLAINT, check_text
from pos.services.access import ANYONE, READ, allowed

KINDS = ("message", "call", "note", "visit")


@dataclass(frozen=True)
class PastSale:
    id: int
    number: str
    at: dt.datetime
    total: Money
    kind: str  # sale | refund


@dataclass(frozen=True)
class Entry:
    at: dt.datetime
    amount: int  # rupiah for kasbon and deposit, stamps for the stamp card
    note: str
    opening: bool = False  # the stamps carried over from a paper card


@dataclass(frozen=True)
class ComplaintRow:
    id: int
    at: dt.datetime
    kind: str
    text: str
    status: str
    resolution: str


@dataclass(frozen=True)
class TouchpointRow:
    at: dt.datetime
    kind: str
    text: str


@dataclass(frozen=True)
class CustomerPage:
    card: CustomerCard
    phone: str | None
    village: str
    address: str
    promo_consent: bool
    consent_at: dt.datetime | None
    consent_source: str  # code, see customer_profile.CONSENT_SOURCES
    active: bool  # False once forgotten on request
    visits: int
    spend: Money
    average_basket: Money
    first_visit: dt.datetime | None
    sales: tuple[PastSale, ...]
    favourites: tuple[tuple[str, Quantity], ...]  # (product, how much over all visits)
    stamp_entries: tuple[Entry, ...]
    kasbon_entries: tuple[Entry, ...]
    deposit_entries: tuple[Entry, ...]
    complaints: tuple[ComplaintRow, ...]
    touchpoints: tuple[TouchpointRow, ...]
    referred_by: str
    referrals: tuple[str, ...]


@allowed(READ)
def customer_page(customer_id: int) -> CustomerPage:
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None:
        raise InvalidInput(_("That customer is not in the book any more."))
    sales = list(Sale.select().where((Sale.customer == customer_id) & (Sale.status == "completed"))
                 .order_by(Sale.created_at.desc(), Sale.id.desc()))
    bought = [s for s in sales if s.kind == "sale"]
    spend = Money(sum(s.total.minor for s in bought))
    favourites = favourite_orders(customer_id, 5)  # with their choices: "Es Kopi Susu · Less sugar"

    def entries(model, value) -> tuple[Entry, ...]:
        return tuple(Entry(e.created_at, value(e), getattr(e, "note", "") or "", bool(getattr(e, "opening", False)))
                     for e in model.select().where(model.customer == customer_id).order_by(model.created_at.desc()))

    return CustomerPage(
        card=customer_card(customer_id), phone=customer.phone, village=customer.village, address=customer.address,
        promo_consent=customer.promo_consent, consent_at=customer.promo_consent_at,
        consent_source=customer.promo_consent_source, active=customer.active, visits=len(bought), spend=spend,
        average_basket=Money(spend.minor // len(bought)) if bought else Money(0),
        first_visit=bought[-1].created_at if bought else None,
        sales=tuple(PastSale(s.id, s.number, s.created_at, s.total, s.kind) for s in sales),
        favourites=tuple(favourites),
        stamp_entries=entries(StampEntry, lambda e: e.earned - e.used),
        kasbon_entries=entries(KasbonEntry, lambda e: e.amount.minor),
        deposit_entries=entries(DepositEntry, lambda e: e.amount.minor),
        complaints=tuple(ComplaintRow(c.id, c.created_at, c.kind, c.text, c.status, c.resolution)
                         for c in customer.complaints.order_by(Complaint.created_at.desc(), Complaint.id.desc())),
        touchpoints=tuple(TouchpointRow(t.created_at, t.kind, t.text)
                          for t in customer.touchpoints.order_by(Touchpoint.created_at.desc(), Touchpoint.id.desc())),
        referred_by=customer.referred_by.name if customer.referred_by else "",
        referrals=tuple(c.name for c in customer.referrals.order_by(Customer.name)),
    )


@allowed(ANYONE, why="anyone at the counter notes what a customer said")
def add_complaint(customer_id: int, text: str, *, kind: str = "complaint", staff_id: int | None = None,
                  sale_id: int | None = None) -> int:
    if not text.strip():
        raise InvalidInput(_("Write what the customer said."))
    check_text(text.strip(), COMPLAINT)
    if kind not in ("complaint", "feedback"):
        raise InvalidInput(_("A complaint or feedback, not {kind}.").format(kind=kind))
    with db.atomic():
        row = Complaint.create(customer=customer_id, text=text.strip(), kind=kind, staff=staff_id, sale=sale_id)
        record("complaint.added", entity="customer", entity_id=customer_id, staff_id=staff_id,
               details={"complaint": row.id, "kind": kind})
    return row.id


@allowed(ANYONE, why="anyone at the counter notes how a complaint was settled")
def resolve_complaint(complaint_id: int, resolution: str, *, staff_id: int | None = None) -> None:
    if not resolution.strip():
        raise InvalidInput(_("Say how it was resolved."))
    with db.atomic():
        done = (Complaint.update(status="resolved", resolution=resolution.strip(), resolved_at=clock.now())
                .where((Complaint.id == complaint_id) & (Complaint.status == "open")).execute())
        if not done:
            raise InvalidInput(_("That complaint is resolved already."))
        record("complaint.resolved", entity="complaint", entity_id=complaint_id, staff_id=staff_id)


@allowed(ANYONE, why="anyone at the counter notes a contact with a customer")
def add_touchpoint(customer_id: int, kind: str, text: str = "", *, staff_id: int | None = None) -> None:
    if kind not in KINDS:
        raise InvalidInput(_("Unknown kind of contact {kind}.").format(kind=kind))
    with db.atomic():
        Touchpoint.create(customer=customer_id, kind=kind, text=text.strip(), staff=staff_id)
