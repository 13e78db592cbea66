"""Pricing a cart from the database: load the price book, the customer and the promotions, call the engine."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from peewee import DatabaseError, InterfaceError, fn

from pos.domain.limits import LimitError, check_amounts, check_manual_price, check_quantity
from pos.domain.loyalty import StampMove, stamp_balance
from pos.domain.pricing import (WALK_IN, CartLine, CashRounding, CustomerContext, PriceEntry, PricedCart,
                                PricingError, RuleIndex, Selections, TaxSetting, TierEntry, price_cart)
from pos.domain.promotions import STAMPS, Rule
from pos.money import Money, Quantity
from pos.i18n import _, format_money
from pos.models import (Category, Customer, PriceTier, Product, Sale, SaleLine, SaleLineReason,
                        StampEntry, TierPrice, db)
from pos.models.base import locks_rows
from pos.models.customer_facts import (BOUGHT, CUSTOMER, SEGMENT, SPECIAL_PRICE, STAMPS as STAMP_ROWS, USES,
                                       customer_facts)
from pos.services import clock, connectivity
from pos.services.errors import InvalidInput
from pos.services.changes import pricing_version, standing_read
from pos.services.product_options import choices_today
from pos.services.promotions import load_rules
from pos.services.promotion_limits import still_usable
from pos.services.shop_settings import ShopOptions, shop_settings
from pos.services.access import READ, allowed

MAX_QUANTITY = Quantity.of(100_000)  # more in one line is a typing slip


@allowed(READ)
def price_book(product_ids: set[int] | None) -> dict[int, PriceEntry]:
    """Retail and tier prices of these products (only these: a shop may have 20,000), or of all (None)."""
    if product_ids is not None and not product_ids:
        return {}
    tiers: dict[int, list[TierEntry]] = {}
    tier_query = TierPrice.select(TierPrice, PriceTier).join(PriceTier)
    product_query = Product.select(Product, Category).join(Category)
    if product_ids is not None:
        tier_query = tier_query.where(TierPrice.product.in_(list(product_ids)))
        product_query = product_query.where(Product.id.in_(list(product_ids)))
    for tp in tier_query:
        tiers.setdefault(tp.product_id, []).append(TierEntry(tp.tier.code, tp.min_qty, tp.price))
    book = {}
    for p in product_query:
        day_old = p.day_old_percent if p.day_old_percent is not None else p.category.day_old_percent
        book[p.id] = PriceEntry(p.id, p.name, p.category.name, p.retail_price,
                                tuple(sorted(tiers.get(p.id, ()), key=lambda t: (t.tier, t.min_qty))),
                                p.cost, bool(p.made_daily), day_old)
    return book


@allowed(READ)
def book_facts(product_ids: set[int]) -> tuple[dict[int, Money | None], set[int]]:
    """Each product's cost now and those of them baked each day (``made_daily``), in one pass over the cached price
    book: what a checkout stores with its lines and counts off the trays. A cost change moves the pricing version
    (migration 0039): inside a checkout, whose version is confirmed in its first statement, this sends nothing when
    the cart was priced at that version; else one narrow read of the products not held."""
    entries = _current().entries if product_ids else {}
    costs, daily = {}, set()
    for pid in product_ids:
        entry = entries.get(pid)
        if entry is not None:
            costs[pid] = entry.cost
            if entry.made_daily:
                daily.add(pid)
    if len(costs) < len(product_ids):  # a cart priced back then (a pre-order): the products not held asked here
        missing = [pid for pid in product_ids if pid not in costs]
        for pid, cost, baked in Product.select(Product.id, Product.cost, Product.made_daily).where(
                Product.id.in_(missing)).tuples():
            costs[pid] = Money(cost) if isinstance(cost, int) else cost
            if baked:
                daily.add(pid)
    return costs, daily


@dataclass
class _Snapshot:
    """What pricing needs from the shop, kept while the pricing version stays the same."""

    key: tuple  # (database, pricing version)
    settings: ShopOptions
    rules: list[Rule]  # those whose free items are all in the catalogue
    rewards: dict[int, PriceEntry]  # the free items' prices
    entries: dict[int, PriceEntry]  # the price book, filled as products are asked for
    index: RuleIndex  # the rules sorted and indexed by product and category, once per version
    priced: dict[tuple, PricedCart]  # carts priced at this version: the till's cart again at payment is not
    # priced twice (the key holds the lines, the customer as read now, the selections and the moment's rules)
    by_id: dict[int, Rule]  # the rules by promotion id: checkout reads their limits here, not in the database
    limited: bool  # a rule has a limit in total: its uses are counted when a cart is priced
    whole: bool = False  # every product's prices loaded (PostgreSQL)


_snapshot: list[_Snapshot] = []
MAX_CACHED_ENTRIES = 50_000


def _current() -> _Snapshot:
    """The cached settings, rules and prices, loaded again after any change at any till (one cheap query, none
    inside a checkout: ``changes.version_known``)."""
    key = (db.obj, pricing_version())
    if _snapshot and _snapshot[0].key == key:
        return _snapshot[0]
    settings = shop_settings()
    rules = load_rules(settings.zone_name)
    rewards = price_book({pid for r in rules for pid in r.reward_products})
    usable = [r for r in rules if all(pid in rewards for pid in r.reward_products)]
    snap = _Snapshot(key, settings, usable, rewards, dict(rewards), RuleIndex(usable), {}, {r.id: r for r in usable},
                     any(r.conditions.max_uses_total is not None for r in usable))
    _snapshot[:] = [snap]
    return snap


def _entries(snap: _Snapshot, product_ids: set[int]) -> dict[int, PriceEntry]:
    missing = product_ids - snap.entries.keys()
    if missing and connectivity.offline():
        raise InvalidInput(_("This product's price is not on this till while the server is away: sell it when "
                             "the server is back."))
    if missing and locks_rows() and not snap.whole:  # a server across the network: the whole book at once, so a
        snap.whole = True  # scan of another product sends nothing (two statements once per pricing version)
        snap.entries.update(price_book(None))
        missing = product_ids - snap.entries.keys()
    if missing:
        if len(snap.entries) > MAX_CACHED_ENTRIES:
            snap.entries.clear()
            snap.entries.update(snap.rewards)
        snap.entries.update(price_book(missing))
    return snap.entries


_CUSTOMER = -7_654_321  # stands for the customer's id while peewee writes a query's SQL text
_texts: dict[tuple, tuple[str, list]] = {}


def _rows(name: str, build, customer_id: int) -> list[tuple]:
    """The rows of a query about one customer. Its SQL text is written by peewee once per engine (about 0.5 ms a
    query on a cheap laptop, and pricing for a customer asks seven) and sent again with this customer's id."""
    key = (name, type(db.obj))
    found = _texts.get(key)
    if found is None:
        found = _texts[key] = build(_CUSTOMER).sql()
    text, params = found
    return db.execute_sql(text, [customer_id if p == _CUSTOMER else p for p in params]).fetchall()


@allowed(READ)
def promotion_uses(customer_id: int) -> dict[int, int]:
    """How many of the customer's sales each promotion took part in."""
    query = lambda cid: (  # noqa: E731
        SaleLineReason.select(SaleLineReason.promotion, fn.COUNT(fn.DISTINCT(Sale.id)).alias("uses"))
        .join(SaleLine).join(Sale)
        .where((Sale.customer == cid) & (Sale.kind == "sale") & (Sale.status == "completed")
               & SaleLineReason.promotion.is_null(False))
        .group_by(SaleLineReason.promotion))
    return {promotion: uses for promotion, uses in _rows("uses", query, customer_id)}


@allowed(READ)
def stamps_available(customer_id: int, now_utc: dt.datetime, expiry_months: int | None, *,
                     as_of_entry: bool = False) -> int:
    """The customer's stamps at ``now_utc``. Pricing counts every entry (another till's clock may run ahead);
    a receipt (``as_of_entry``) counts only those up to its sale, so a reprint shows the past."""
    if as_of_entry:
        query = StampEntry.select().where(StampEntry.customer == customer_id)
        query = query.where(StampEntry.created_at <= now_utc)
        moves = [StampMove(e.created_at, e.earned, e.used) for e in query]
    else:
        when = StampEntry.created_at.python_value
        rows = _rows("stamps", lambda cid: StampEntry.select(StampEntry.created_at, StampEntry.earned, StampEntry.used)
                     .where(StampEntry.customer == cid), customer_id)
        moves = [StampMove(when(at), earned, used) for at, earned, used in rows]
    return stamp_balance(moves, now_utc, expiry_months)


@allowed(READ)
def customer_context(customer_id: int | None, now_utc: dt.datetime, rules: list[Rule]) -> CustomerContext:
    """The customer as pricing sees them, read in one statement."""
    if customer_id is None:
        return WALK_IN
    if connectivity.offline():  # the server is away: the customer as this till read them last
        known = _held_contexts.get(customer_id)
        if known is None:
            raise InvalidInput(_("This customer's prices are not on this till while the server is away: sell "
                                 "without the customer, or wait until the server is back."))
        return known
    facts: dict[int, list[tuple]] = {}
    for kind, *row in customer_facts(customer_id):
        facts.setdefault(kind, []).append(tuple(row))
    if CUSTOMER not in facts:
        raise InvalidInput(_("That customer is not in the book any more."))
    [(cid, _b, tier, birthday, _m)] = facts[CUSTOMER]
    expiry = next((r.expiry_months for r in rules if r.effect == STAMPS), None)
    when = StampEntry.created_at.python_value
    moves = [StampMove(when(at), int(earned), int(used)) for earned, used, _t, _d, at in facts.get(STAMP_ROWS, ())]
    context = CustomerContext(
        customer_id=cid,
        tier=tier,
        segments=frozenset(code for _a, _b, code, _d, _m in facts.get(SEGMENT, ())),
        special_prices={product: Money(int(amount)) for product, amount, *_r in facts.get(SPECIAL_PRICE, ())},
        first_purchase=BOUGHT not in facts,
        birthday=Customer.birthday.python_value(birthday),
        stamp_balance=stamp_balance(moves, now_utc, expiry),
        promotion_uses={promotion: int(uses) for promotion, uses, *_r in facts.get(USES, ())},
    )
    if len(_held_contexts) >= MAX_PRICED_CARTS * 8:
        _held_contexts.clear()
    _held_contexts[cid] = context
    return context


_held_contexts: dict[int, CustomerContext] = {}  # customers read lately, for pricing while the server is away


@allowed(READ)
def hold_price_book() -> int:
    """Every active product's prices in the cached price book, so that the till prices any of them while the
    server is away (two queries, for the products not held yet); how many it holds."""
    snap = _current()
    active = {pid for (pid,) in Product.select(Product.id).where(Product.active == True).tuples()}  # noqa: E712
    missing = active - snap.entries.keys()
    if missing and len(snap.entries) + len(missing) <= MAX_CACHED_ENTRIES:
        snap.entries.update(price_book(missing))
    return len(snap.entries)


_contexts: dict[tuple, CustomerContext] = {}


def _standing_context(customer_id: int | None, now_utc: dt.datetime, rules: list[Rule],
                      snap: _Snapshot) -> CustomerContext:
    """The customer's facts; on the till's screen read once while its pricing version read stands (a scan with a
    customer picked sends nothing), always afresh inside a transaction (a checkout)."""
    if customer_id is None:  # a walk-in (most sales): nothing read, nothing to keep
        return customer_context(None, now_utc, rules)
    stands = standing_read()
    if stands is None:
        return customer_context(customer_id, now_utc, rules)
    key = (snap.key, customer_id, stands, len(rules))
    found = _contexts.get(key)
    if found is None:
        _contexts.clear()
        found = _contexts[key] = customer_context(customer_id, now_utc, rules)
    return found


@allowed(READ)
def price(lines: Sequence[CartLine], customer_id: int | None = None, *, at: dt.datetime | None = None,
          selections: Selections = Selections(), rules: list[Rule] | None = None,
          context: CustomerContext | None = None) -> PricedCart:
    """The priced cart as the till shows it; ``at`` is a UTC moment (default: now).

    ``rules`` and ``context`` replace the shop's promotions and the customer: the promotions
    editor prices an example cart with the promotion being written, for a kind of customer.
    When the server stops answering on the way, the till goes offline and prices from what it holds (a connection
    an outage left broken is made afresh and the cart priced again).
    """
    try:
        return _price(lines, customer_id, at, selections, rules, context)
    except (DatabaseError, InterfaceError) as exc:
        if db.in_transaction():
            raise
        connectivity.server_gone(exc)  # offline now, or connected afresh (a connection the outage left broken)
        return _price(lines, customer_id, at, selections, rules, context)


def _price(lines: Sequence[CartLine], customer_id: int | None, at: dt.datetime | None, selections: Selections,
           rules: list[Rule] | None, context: CustomerContext | None) -> PricedCart:
    now_utc = at or clock.now()
    snap = _current()
    shop = snap.settings
    own_rules = rules is None
    if own_rules and not snap.limited:
        rules = snap.rules
    elif own_rules and connectivity.offline():  # what is left of a limited promotion is the server's to say
        rules = snap.rules
    elif own_rules:
        rules = still_usable(snap.rules)  # a limit in total: those left
        own_rules = len(rules) == len(snap.rules)  # one used up: priced from the list, not the index or cache
    local = now_utc.replace(tzinfo=dt.timezone.utc).astimezone(shop.time_zone).replace(tzinfo=None)
    customer = context if context is not None else _standing_context(customer_id, now_utc, rules, snap)
    key = None
    if own_rules and context is None:  # the shop's own promotions: the same question has the same answer
        cart, moment = tuple(lines), snap.index.moment_key(local)
        last = _last_priced
        if (last and last[0] is snap and last[2] == moment and (last[3] is customer or last[3] == customer)
                and last[4] == selections and (last[1] is cart or last[1] == cart)):
            last[1] = cart  # the cart the till priced last, at checkout: compared once, then found by identity
            return last[5]  # (priced before, so its quantities were checked then)
    if any(not 0 < line.quantity.thousandths <= MAX_QUANTITY.thousandths for line in lines):
        raise InvalidInput(_("A quantity must be more than 0 and at most {max}.").format(max=MAX_QUANTITY))
    if own_rules and context is None:
        key = (cart, _context_key(customer), _selections_key(selections), moment)
        known = snap.priced.get(key)
        if known is not None:
            _last_priced[:] = (snap, cart, moment, customer, selections, known)
            return known
    held_choices = any(line.options for line in lines) and connectivity.offline()
    lines = _choices_now(lines)
    wanted = {line.product_id for line in lines}
    book = _entries(snap, wanted | {pid for r in rules for pid in r.reward_products})
    missing = wanted - book.keys()
    if missing:
        raise InvalidInput(_("A product in the cart is not in the catalogue any more."))
    _check_lines(lines, book)
    tax = TaxSetting(shop.tax_rate if shop.tax_enabled else Decimal(0),
                     inclusive=shop.tax_included)
    rounding = CashRounding(shop.cash_rounding, down=shop.cash_rounding_mode == "down")
    try:
        priced = price_cart(lines, customer, book, snap.index if own_rules else rules, local, tax=tax,
                            rounding=rounding, selections=selections)
    except PricingError as exc:  # checked above already; a refusal, never a traceback at the till
        raise InvalidInput(_("The cart cannot be priced ({reason}).").format(reason=exc)) from None
    check_priced(priced)
    if key is not None and not held_choices:  # a cart priced with the till's own choice prices is not kept for
        # later: once the server answers again at the same version, it is priced afresh
        if len(snap.priced) >= MAX_PRICED_CARTS:
            snap.priced.clear()
        snap.priced[key] = priced
        _last_priced[:] = (snap, key[0], key[3], customer, selections, priced)
    return priced


def _choices_now(lines: Sequence[CartLine]) -> Sequence[CartLine]:
    """Each line's choices (size, extras …) at the price the shop asks for them now, not at the price the till was
    handed when they were picked: a price changed since (the till prices again when the pricing version moves, and
    so does checkout), or a till that sends another price, is priced as the shop's choices say. A choice no longer
    offered with the product (retired since it was picked, on a bill already served) keeps the price it was picked
    at. While the server is away: as the till holds them."""
    if not any(line.options for line in lines) or connectivity.offline():
        return lines
    fresh = []
    for line in lines:
        if line.options:
            today = {o.choice_id: o for o in choices_today(line.product_id, line.options)}
            options = tuple(today.get(o.choice_id, o) for o in line.options)
            if options != line.options:
                line = replace(line, options=options)
        fresh.append(line)
    return fresh


MAX_PRICED_CARTS = 64
_last_priced: list = []  # (snapshot, lines, moment, customer as read, selections, priced cart): the last one priced


@allowed(READ)
def made_daily(product_ids: set[int]) -> set[int]:
    """Those of these products baked each day (from the price book held at this pricing version: inside a checkout
    that priced them, nothing is sent)."""
    return book_facts(product_ids)[1]


@allowed(READ)
def limited_in_total(promotion_ids: tuple[int, ...]) -> bool:
    """Whether a promotion among these may have a limit in total, read from the price book's rules (no query
    while they are current): a promotion that is not among them (stopped since a pre-order was priced) counts
    as limited, so the caller asks the database."""
    if not promotion_ids:
        return False
    rules = _current().by_id
    return any(pid not in rules or rules[pid].conditions.max_uses_total is not None for pid in promotion_ids)


def _context_key(c: CustomerContext) -> tuple:
    return (c.customer_id, c.tier, c.segments, tuple(sorted(c.special_prices.items())), c.first_purchase,
            c.birthday, c.stamp_balance, tuple(sorted(c.promotion_uses.items())))


def _selections_key(s: Selections) -> tuple:
    return tuple(sorted(s.choices.items())), s.accepted_offers


@allowed(READ)
def limit_text(error: LimitError) -> str:
    """A refusal of ``pos.domain.limits`` in the user's words."""
    p = error.params
    most = format_money(Money(p["maximum"])) if "maximum" in p else ""
    words = {
        "whole_units_only": lambda: _("{product} is sold in whole {unit}: {quantity} is not a whole number.").format(
            product=p["product"], unit=p["unit"], quantity=p["quantity"].replace(".", ",")),
        "negative_price": lambda: _("A price cannot be negative ({product}).").format(product=p["product"]),
        "price_too_large": lambda: _("A price can be at most {maximum} ({product}); check the number.").format(
            maximum=most, product=p["product"]),
        "line_too_large": lambda: _("One line can come to at most {maximum} ({product}); check the quantity "
                                    "and the price.").format(maximum=most, product=p["product"]),
        "sale_too_large": lambda: _("A sale can come to at most {maximum}; split it or check the quantities.")
        .format(maximum=most),
        "payment_too_large": lambda: _("A payment can be at most {maximum}; check the amount.").format(maximum=most),
    }
    return words.get(error.code, lambda: error.code)()


def _check_lines(lines: Sequence[CartLine], book: dict[int, PriceEntry]) -> None:
    """Manual prices within the limits; pieces (pcs, loyang …) in whole numbers, weighed goods up to 3 decimals."""
    fractional = {line.product_id for line in lines if line.quantity.thousandths % 1000}
    units = dict(Product.select(Product.id, Product.unit).where(Product.id.in_(list(fractional))).tuples()) \
        if fractional and not connectivity.offline() else {}
    try:
        for line in lines:
            check_manual_price(line.price, book[line.product_id].name)
            if line.product_id in units:
                check_quantity(line.quantity, units[line.product_id], book[line.product_id].name)
    except LimitError as exc:
        raise InvalidInput(limit_text(exc)) from None


@allowed(READ)
def check_priced(priced: PricedCart) -> None:
    """Every line and the whole sale within the limits (also for a cart priced back then: a pre-order)."""
    try:
        check_amounts(((line.name, line.gross) for line in priced.lines), max(priced.subtotal, priced.total))
    except LimitError as exc:
        raise InvalidInput(limit_text(exc)) from None


@allowed(READ)
def stamp_rule() -> Rule | None:
    """The shop's stamp card as the till prices it, or None without one."""
    return next((r for r in _current().rules if r.effect == STAMPS), None)


@allowed(READ)
def stamp_card(customer_id: int, now_utc: dt.datetime) -> tuple[int, int, str] | None:
    """(stamps the customer has, stamps for a reward, the reward's name), or None without a stamp card."""
    snap = _current()
    card = next((r for r in snap.rules if r.effect == STAMPS), None)
    if card is None:
        return None
    reward = snap.rewards[card.reward_products[0]].name if card.reward_products else _("reward")
    return stamps_available(customer_id, now_utc, card.expiry_months, as_of_entry=True), card.stamps_needed, reward


@allowed(READ)
def shop_time_to_utc(local: dt.datetime) -> dt.datetime:
    """A moment on the shop's clock (as the owner types it) in UTC, as stored."""
    zone = shop_settings().time_zone
    return local.replace(tzinfo=zone).astimezone(dt.timezone.utc).replace(tzinfo=None)
