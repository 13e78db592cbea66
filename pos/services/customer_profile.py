"""Adding and editing a customer in the book: every field checked, then stored in one go.

A consent to promotional messages is stored with the moment and the way it was given
(at the till, on a paper form, on WhatsApp, …); withdrawing it clears both. Changing
the tier here pins it, as the owner chose it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from pos.i18n import N_, _
from pos.models import AcquisitionSource, Customer, CustomerSegment, PriceTier, Segment, db
from pos.money import Money
from pos.services import clock
from pos.services.audit import record
from pos.services.customer_lists import SEGMENTS, SOURCES, refuse_retired, shown_name
from pos.services.customers import DuplicatePhone, NewCustomer, add_customer
from pos.services.phones import phone_region
from pos.services.errors import InvalidInput
from pos.services.phones import display_phone, normalize_phone
from pos.services.text_limits import ADDRESS, CUSTOMER_NAME, NOTES, VILLAGE, check_texts
from pos.services.access import ANYONE, READ, allowed, owner_when

# How a consent was given; the words are shown in the form, the codes are stored.
CONSENT_SOURCES = (("till", N_("Asked at the till")), ("form", N_("Signed a paper form")),
                   ("whatsapp", N_("Said yes on WhatsApp")), ("phone_call", N_("Said yes on the phone")),
                   ("import", N_("From an imported list")))
MAX_CREDIT_LIMIT = 1_000_000_000


@dataclass(frozen=True)
class Profile:
    """What the customer form shows and edits (phone as typed, referrer by member code)."""

    name: str = ""
    phone: str = ""
    tier: str = "retail"
    segments: tuple[str, ...] = ()
    source: str | None = None
    referred_by: str = ""  # member code
    village: str = ""
    address: str = ""
    birthday: dt.date | None = None
    notes: str = ""
    promo_consent: bool = False
    consent_source: str = ""
    consent_at: dt.datetime | None = None  # read only: when the consent was recorded
    credit_limit: Money | None = None
    payment_terms_days: int | None = None  # None: the shop's default
    member_code: str = ""  # read only


@dataclass(frozen=True)
class Choices:
    tiers: tuple[tuple[str, str], ...]  # (code, name)
    segments: tuple[tuple[str, str], ...]
    sources: tuple[tuple[str, str], ...]


@allowed(READ)
def choices(*, keep_segments=(), keep_source: str | None = None, include_retired: bool = False) -> Choices:
    """The lists a form offers, in the owner's order: retired groups and sources only when asked
    (``include_retired``: a filter) or already held (``keep_*``: the customer's or promotion's own), marked."""
    def rows(model, keep):
        return tuple((r.code, shown_name(r.name, r.retired)) for r in model.select().order_by(model.position, model.id)
                     if include_retired or not r.retired or r.code in keep)

    tiers = tuple((t.code, t.name) for t in PriceTier.select().order_by(PriceTier.position, PriceTier.id))
    return Choices(tiers, rows(Segment, set(keep_segments or ())), rows(AcquisitionSource, {keep_source}))


@allowed(READ)
def load_profile(customer_id: int) -> Profile:
    c = Customer.get_or_none(Customer.id == customer_id)
    if c is None:
        raise InvalidInput(_("That customer is not in the book any more."))
    return Profile(
        name=c.name, phone=display_phone(c.phone), tier=c.tier.code,
        segments=tuple(link.segment.code for link in c.segment_links), source=c.source.code if c.source else None,
        referred_by=c.referred_by.member_code if c.referred_by else "", village=c.village, address=c.address,
        birthday=c.birthday, notes=c.notes, promo_consent=c.promo_consent, consent_source=c.promo_consent_source,
        consent_at=c.promo_consent_at, credit_limit=c.credit_limit, payment_terms_days=c.payment_terms_days,
        member_code=c.member_code)


def _check(p: Profile, customer_id: int | None, today: dt.date, had_consent: bool) -> tuple[str | None, int | None]:
    """The normalised phone and the referrer's id, or InvalidInput saying what is wrong."""
    if not p.name.strip():
        raise InvalidInput(_("A customer needs a name."))
    check_texts((p.name.strip(), CUSTOMER_NAME), (p.village.strip(), VILLAGE), (p.address.strip(), ADDRESS),
                (p.notes.strip(), NOTES))
    phone = normalize_phone(p.phone, phone_region())
    if phone:
        other = Customer.get_or_none((Customer.phone == phone) & (Customer.id != (customer_id or 0)))
        if other is not None:
            raise DuplicatePhone(_("The number {phone} belongs to {name} ({code}) already.").format(
                phone=display_phone(phone), name=other.name, code=other.member_code), other.id)
    known_source = p.consent_source in dict(CONSENT_SOURCES) or (had_consent and not p.consent_source)
    if p.promo_consent and not known_source:  # a consent from before sources were kept may stay as it is
        raise InvalidInput(_("Say how the customer agreed to promotional messages."))
    if p.birthday is not None and not dt.date(1900, 1, 1) <= p.birthday <= today:
        raise InvalidInput(_("The birthday {date} cannot be right.").format(date=p.birthday.isoformat()))
    if p.credit_limit is not None and not 0 <= p.credit_limit.minor <= MAX_CREDIT_LIMIT:
        raise InvalidInput(_("The kasbon limit must be between 0 and {most}.").format(most=f"{MAX_CREDIT_LIMIT:,}"))
    if p.payment_terms_days is not None and not 0 <= p.payment_terms_days <= 365:
        raise InvalidInput(_("Days to pay must be between 0 and 365."))
    referrer = None
    if p.referred_by.strip():
        found = Customer.get_or_none(Customer.member_code == p.referred_by.strip().upper())
        if found is None:
            raise InvalidInput(_("There is no customer with member code {code}.").format(code=p.referred_by))
        if found.id == customer_id:
            raise InvalidInput(_("A customer cannot have referred themselves."))
        referrer = found.id
    return phone, referrer


@allowed(READ)
def profile_needs_owner(p: Profile, customer_id: int | None = None) -> bool:
    """Whether saving ``p`` changes what the owner alone decides: the tier (its prices), the kasbon limit or the
    days to pay."""
    old = load_profile(customer_id) if customer_id else Profile(name="")
    return (p.tier, p.credit_limit, p.payment_terms_days) != (old.tier, old.credit_limit, old.payment_terms_days)


@allowed(ANYONE, why="anyone at the counter keeps a customer's details; a change of tier, kasbon limit or days "
                      "to pay needs the owner's PIN (checked inside)")
def save_profile(p: Profile, customer_id: int | None = None, *, staff_id: int | None = None,
                 now: dt.datetime | None = None, owner_pin: str | None = None) -> int:
    """Create (``customer_id`` None) or update a customer; nothing is stored when anything is wrong."""
    now = now or clock.now()
    if customer_id is not None and Customer.get_or_none(Customer.id == customer_id) is None:
        raise InvalidInput(_("That customer is not in the book any more."))
    with owner_when(profile_needs_owner(p, customer_id), owner_pin), db.atomic():
        old = Customer.get_or_none(Customer.id == customer_id) if customer_id else None
        if customer_id is not None and old is None:
            raise InvalidInput(_("That customer is not in the book any more."))
        phone, referrer = _check(p, customer_id, clock.local_date(now), bool(old and old.promo_consent))
        if customer_id is None:
            info = add_customer(NewCustomer(
                p.name, phone or "", tier=p.tier, segments=p.segments, source=p.source, referred_by_id=referrer,
                village=p.village, address=p.address, birthday=p.birthday, notes=p.notes,
                promo_consent=p.promo_consent, consent_source=p.consent_source if p.promo_consent else "",
                credit_limit=p.credit_limit, created_at=now))
            if p.payment_terms_days is not None:
                Customer.update(payment_terms_days=p.payment_terms_days).where(Customer.id == info.id).execute()
            return info.id
        c = old
        tier = PriceTier.get_or_none(PriceTier.code == p.tier)
        if tier is None:
            raise InvalidInput(_("There is no price tier {tier}.").format(tier=p.tier))
        segments = list(Segment.select().where(Segment.code.in_(p.segments))) if p.segments else []
        if len(segments) != len(set(p.segments)):
            raise InvalidInput(_("Unknown segment in {codes}.").format(codes=", ".join(p.segments)))
        source = AcquisitionSource.get_or_none(AcquisitionSource.code == p.source) if p.source else None
        if p.source and source is None:
            raise InvalidInput(_("Unknown source {code}.").format(code=p.source))
        refuse_retired(SEGMENTS, p.segments, keep=[link.segment.code for link in c.segment_links])
        refuse_retired(SOURCES, (p.source,) if p.source else (), keep=(c.source.code,) if c.source else ())
        changes = dict(name=p.name.strip(), phone=phone, source=source, referred_by=referrer,
                       village=p.village.strip(), address=p.address.strip(), birthday=p.birthday,
                       notes=p.notes.strip(), credit_limit=p.credit_limit,
                       payment_terms_days=p.payment_terms_days)
        if tier.id != c.tier_id:
            changes.update(tier=tier, tier_set_by_hand=True)
        if p.promo_consent != c.promo_consent or (p.promo_consent and p.consent_source != c.promo_consent_source):
            changes.update(promo_consent=p.promo_consent, promo_consent_at=now if p.promo_consent else None,
                           promo_consent_source=p.consent_source if p.promo_consent else "")
        before = {k: getattr(c, k + "_id" if k in ("tier", "source", "referred_by") else k) for k in changes}
        Customer.update(**changes).where(Customer.id == customer_id).execute()
        CustomerSegment.delete().where(CustomerSegment.customer == customer_id).execute()
        for segment in segments:
            CustomerSegment.create(customer=customer_id, segment=segment)
        after = load_profile(customer_id)
        changed = sorted(k for k in changes if k != "tier_set_by_hand" and before.get(k) != _plain(changes[k]))
        record("customer.edited", entity="customer", entity_id=c.member_code, staff_id=staff_id,
               details={"fields": changed, "segments": list(after.segments)})
    return customer_id


def _plain(value):
    return getattr(value, "id", value)


@allowed(ANYONE, why="the customer's own yes or no to promotions, noted at the counter")
def set_promo_consent(customer_id: int, consent: bool, source: str = "", *, staff_id: int | None = None,
                      now: dt.datetime | None = None) -> None:
    """Record a yes (with how it was given) or a no to promotional messages."""
    p = load_profile(customer_id)
    save_profile(replace(p, promo_consent=consent, consent_source=source), customer_id, staff_id=staff_id, now=now)
