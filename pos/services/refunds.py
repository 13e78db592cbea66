"""Refunds and voids: new records pointing at the sale, never edits; the owner approves each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from pos.domain.reasons import BONUS_NOT_EARNED, PROMOTION_NOT_EARNED, TIER_NOT_EARNED, TIER_PRICE
from pos.domain.promotions import registry
from pos.domain.refunds import (BonusRule, DiscountRule, RefundError, RefundMoney, SaleMoney, SoldLine, in_scope,
                                 plan_refund, refund_money, stamps_kept)
from pos.domain.payment_methods import gives_change, ledger_of
from pos.domain.till import CASH, DEPOSIT, KASBON
from pos.i18n import _
from pos.models import (CashEntry, DepositEntry, KasbonEntry, Payment, PriceTier, Product, Promotion, Sale,
                        SaleLine, SaleLineReason, Shift, StampEntry, TierPrice, db)
from pos.money import QUANTITY_SCALE, Money, Quantity, allocate, round_half_up
from pos.domain.options import choices_text
from pos.models import SaleLineChoice
from pos.models.statements import insert_rows
from pos.services.sold_options import sold_choices
from pos.services import clock
from pos.services.audit import record
from pos.services.db import supports_row_locks
from pos.services.kasbon import settle_refund
from pos.services.errors import InvalidInput, NotAllowed
from pos.services.numbering import REFUND, next_number
from pos.services.promotions import PromotionInput, check_promotion
from pos.services.trays import put_back_on_trays
from pos.services.shop_settings import shop_settings
from pos.services.access import ANYONE, OWNER, READ, allowed, approving_owner
from pos.services.visits import refresh

ORIGINAL = "original"  # money back the way it was paid
BACK_TO = (CASH, ORIGINAL, DEPOSIT)
DEDUCTION = "bonus_deduction"
TIER_DEDUCTION = "tier_deduction"  # a quantity-break price the kept items no longer earn
PROMOTION_DEDUCTION = "promotion_deduction"  # a promotion's discount the kept items no longer earn


@dataclass(frozen=True)
class RefundResult:
    id: int
    number: str
    money_back: Money
    deducted: Money  # free items, price breaks and promotion discounts no longer earned
    stamps_taken_back: int


@dataclass(frozen=True)
class RefundableLine:
    line_id: int
    description: str
    sold: Quantity
    refundable: Quantity
    amount: Money
    is_bonus: bool
    choices: str = ""  # "Large · Less sugar" as sold


@allowed(ANYONE, why="a row lock inside the caller's transaction")
def lock_sale(sale: Sale) -> Sale:
    """Hold the sale's row until the transaction ends: two tills cannot refund the same line twice."""
    return Sale.select().where(Sale.id == sale.id).for_update().get() if supports_row_locks() else sale


@allowed(READ)
def find_sale(number: str) -> Sale:
    sale = Sale.get_or_none((Sale.number == (number or "").strip().upper()) & (Sale.kind == "sale"))
    if sale is None:
        raise InvalidInput(_("There is no sale {number}.").format(number=number))
    return sale


@allowed(READ)
def matching_sales(text: str, till_id: str) -> list[str]:
    """The sale numbers a receipt number typed in full or short ("1695") means.

    A full number is itself. A short one is this till's sale first (K1-001695 on till K1); else
    every sale of that number on any till (one: it; several: the cashier chooses; none: empty).
    """
    text = (text or "").strip().upper()
    if not text.isdigit():
        return [sale.number for sale in Sale.select(Sale.number).where((Sale.number == text) & (Sale.kind == "sale"))]
    if len(text) > 6:
        return []
    suffix = "-" + text.zfill(6)
    own = Sale.get_or_none((Sale.number == till_id.upper() + suffix) & (Sale.kind == "sale"))
    if own is not None:
        return [own.number]
    rows = Sale.select(Sale.number).where(Sale.number.endswith(suffix) & (Sale.kind == "sale")
                                          & ~Sale.number.startswith("INV-")).order_by(Sale.number)
    return [sale.number for sale in rows]


@dataclass(frozen=True)
class SaleSummary:
    number: str
    created_at: dt.datetime  # UTC, as stored
    customer: str  # "" for a walk-in
    total: Money


@allowed(READ)
def sale_summary(number: str) -> SaleSummary:
    """What the cashier checks before asking the owner: when, who and how much."""
    sale = find_sale(number)
    return SaleSummary(sale.number, sale.created_at, sale.customer.name if sale.customer else "", sale.total)


@allowed(READ)
def money_back_preview(number: str, quantities: dict[int, Quantity], back_to: str = ORIGINAL) -> Money:
    """What the refund would give back for these quantities (free items and price breaks kept back, cash
    rounded as the refund will round it); nothing is stored. Zero when nothing is chosen; raises InvalidInput
    for quantities it cannot take."""
    if not quantities:
        return Money(0)
    sale = find_sale(number)
    try:
        lines = _sold_lines(sale)
        plan = plan_refund(lines, quantities, _discount_rules(sale, lines))
    except RefundError as exc:
        raise InvalidInput(_refund_message(exc)) from None
    return _money(sale, plan.money_back, back_to).total


def _refunded(line: SaleLine) -> Quantity:
    """Returned so far, counting free items already paid for by a deduction."""
    rows = SaleLine.select().where((SaleLine.refund_of_line == line.id)
                                   & SaleLine.price_source.not_in((TIER_DEDUCTION, PROMOTION_DEDUCTION)))
    total = sum(-r.quantity.thousandths if r.price_source != DEDUCTION else r.quantity.thousandths for r in rows)
    return Quantity(total)


def _scope(promotion: Promotion | None) -> tuple:
    if promotion is None:
        return (frozenset(), frozenset())
    codes = promotion.conditions.get("products", [])
    ids = frozenset(p.id for p in Product.select(Product.id).where(Product.code.in_(codes))) if codes else frozenset()
    return (ids, frozenset(promotion.conditions.get("categories", [])))


def _bonus_rule(line: SaleLine) -> BonusRule | None:
    """The refund rule of a free line, as its promotion kind declares it for the line's reason."""
    if not line.is_bonus or line.promotion is None:
        return None
    reason = line.reasons.first()
    earned = registry.refund_rule(reason.code) if reason else None
    if earned is None:
        return None  # a stamp reward: the stamps were spent, a refund does not take it back
    return BonusRule(earned, reason.params or {}, _scope(line.promotion))


def _discount_rules(sale: Sale, lines: list[SoldLine]) -> list[DiscountRule]:
    """The promotions that gave the sale's paid lines a discount and whose kind re-counts it for a refund."""
    paid = {line.id for line in lines if not line.is_bonus}
    given: dict[int, dict[int, int]] = {}
    for reason in SaleLineReason.select().where(SaleLineReason.line.in_(list(paid)) & (SaleLineReason.amount < 0)
                                                & SaleLineReason.promotion.is_null(False)):
        by_line = given.setdefault(reason.promotion_id, {})
        by_line[reason.line_id] = by_line.get(reason.line_id, 0) - reason.amount.minor
    if not given:
        return []
    kept_back: dict[int, int] = {}
    for row in (SaleLineReason.select().join(SaleLine).join(Sale)
                .where((Sale.refund_of == sale.id) & (SaleLineReason.code == PROMOTION_NOT_EARNED))):
        key = int(row.params.get("promotion", 0))
        kept_back[key] = kept_back.get(key, 0) + row.amount.minor
    rules = []
    for promotion in Promotion.select().where(Promotion.id.in_(list(given))).order_by(Promotion.id):
        kind = registry.get(promotion.kind)
        if kind is None or kind.refund_discount is None:
            continue  # the kind gives back what was paid for the returned items, nothing more
        try:
            rule = check_promotion(PromotionInput(promotion.name, promotion.kind, promotion.conditions,
                                                  promotion.parameters, stackable=promotion.stackable))
        except InvalidInput:
            continue  # the promotion no longer makes a rule (a product it named is gone): nothing taken back
        rules.append(DiscountRule(promotion.id, promotion.name, kind.refund_discount, rule,
                                  tuple((line_id, Money(d)) for line_id, d in sorted(given[promotion.id].items())),
                                  Money(kept_back.get(promotion.id, 0))))
    return rules


def _sold_lines(sale: Sale) -> list[SoldLine]:
    lines = sale.lines.where(SaleLine.refund_of_line.is_null()).order_by(SaleLine.position)
    return [SoldLine(line.id, line.product_id, line.product.category.name if line.product else "", line.quantity,
                     _refunded(line), _gross(line), line.amount, line.is_bonus, line.retail_price,
                     _bonus_rule(line), line.unit_price, _tiers(line), _tier_kept_back(line)) for line in lines]


def _tiers(line: SaleLine) -> tuple:
    """The quantity breaks of the customer's tier for a line sold at one (empty for any other line)."""
    if line.price_source != "tier" or line.product_id is None:
        return ()
    reason = line.reasons.where(SaleLineReason.code == TIER_PRICE).first()
    if reason is None:
        return ()
    tier = PriceTier.get_or_none(PriceTier.code == reason.params.get("tier"))
    if tier is None:
        return ()
    rows = TierPrice.select().where((TierPrice.product == line.product_id) & (TierPrice.tier == tier.id))
    return tuple((row.min_qty, row.price) for row in rows)


def _tier_kept_back(line: SaleLine) -> Money:
    rows = SaleLine.select().where((SaleLine.refund_of_line == line.id) & (SaleLine.price_source == TIER_DEDUCTION))
    return Money(sum(r.amount.minor for r in rows))


def _gross(line: SaleLine) -> Money:
    return Money(round_half_up(Decimal(line.quantity.thousandths * line.unit_price.minor) / QUANTITY_SCALE))


@allowed(READ)
def refundable_lines(number: str) -> list[RefundableLine]:
    sale = find_sale(number)
    sold = _sold_lines(sale)
    chosen = sold_choices(s.id for s in sold)
    return [RefundableLine(s.id, SaleLine.get_by_id(s.id).description, s.quantity, s.quantity - s.refunded, s.amount,
                           s.is_bonus, choices_text(chosen.get(s.id))) for s in sold]


@allowed(OWNER)
def refund(number: str, quantities: dict[int, Quantity], *, back_to: str, owner_pin: str, staff_id: int,
           shift_id: int, till_id: str, at: dt.datetime | None = None, note: str = "") -> RefundResult:
    """Give money back for some lines or quantities of a sale, with the owner's approval."""
    owner = approving_owner()
    if back_to not in BACK_TO:
        raise InvalidInput(_("Money goes back in cash, the way it was paid, or to the deposit."))
    with db.atomic():
        sale = lock_sale(find_sale(number))
        if sale.status != "completed":
            raise NotAllowed(_("Sale {number} was voided already.").format(number=sale.number))
        result = _refund(sale, quantities, back_to, owner.name, staff_id, shift_id, till_id, at or clock.now(), note)
        refresh(sale.customer_id)  # what they spent, in the summary the lists read
        return result


@allowed(OWNER)
def void_sale(number: str, *, owner_pin: str, staff_id: int, shift_id: int, till_id: str,
              at: dt.datetime | None = None) -> RefundResult:
    """Cancel a whole sale of the current shift: everything back the way it was paid."""
    owner = approving_owner()
    with db.atomic():
        sale = lock_sale(find_sale(number))
        if sale.shift_id != shift_id or sale.status != "completed":
            raise NotAllowed(_("Only a sale of this shift that nothing was refunded from can be voided."))
        lines = _sold_lines(sale)
        if any(line.refunded.thousandths for line in lines):
            raise NotAllowed(_("Only a sale of this shift that nothing was refunded from can be voided."))
        result = _refund(sale, {line.id: line.quantity for line in lines}, ORIGINAL, owner.name, staff_id,
                         shift_id, till_id, at or clock.now(), _("Void"))
        # the sale and the record that cancels it are both voided: neither counts as a sale or a refund
        Sale.update(status="voided").where(Sale.id.in_([sale.id, result.id])).execute()
        put_back_on_trays(sale.id, sale.created_at)  # the goods are still on the counter
        used = sum(e.used for e in StampEntry.select().where(StampEntry.sale == sale.id))
        if used and sale.customer_id is not None:  # a redeemed reward voided: the stamps come back
            StampEntry.create(customer=sale.customer_id, sale=result.id, earned=used,
                              note=_("Returned by void {number}").format(number=result.number))
        record("sale.voided", entity="sale", entity_id=sale.number, staff_id=staff_id, till_id=till_id,
               details={"approved_by": owner.name, "refund": result.number, "amount": result.money_back.minor},
               at=at)
        refresh(sale.customer_id)  # the voided day is no visit any more
    return result


def _refund(sale: Sale, quantities: dict[int, Quantity], back_to: str, approver: str, staff_id: int,
            shift_id: int, till_id: str, at: dt.datetime, note: str) -> RefundResult:
    shift = Shift.get_or_none(Shift.id == shift_id)
    if shift is None or shift.status != "open":
        raise NotAllowed(_("Open a shift on this till before selling."))
    if back_to == DEPOSIT and sale.customer_id is None:
        raise InvalidInput(_("Kasbon and deposit need a customer from the book."))
    lines = _sold_lines(sale)
    try:
        plan = plan_refund(lines, quantities, _discount_rules(sale, lines))
    except RefundError as exc:
        raise InvalidInput(_refund_message(exc)) from None
    deducted = Money(sum(d[2].minor for d in plan.deductions) + sum(t[4].minor for t in plan.tier_deductions)
                     + sum(p.value.minor for p in plan.promotion_deductions))
    money = _money(sale, plan.money_back, back_to)
    money_back = money.total
    refund_sale = Sale.create(number=next_number(till_id, REFUND), till_id=till_id, kind="refund", refund_of=sale,
                              shift=shift, cashier=staff_id, customer=sale.customer_id, created_at=at,
                              subtotal=-money.goods, tax_total=-money.tax, rounding=-money.rounding,
                              total=-money_back, note=note)
    _store_refund_lines(refund_sale, plan)
    _pay_back(sale, refund_sale, money.parts, shift, staff_id, at)
    taken = _take_back_stamps(sale, refund_sale, lines, quantities, at)
    record("sale.refunded", entity="sale", entity_id=sale.number, staff_id=staff_id, till_id=till_id,
           details={"refund": refund_sale.number, "approved_by": approver, "money_back": plan.money_back.minor,
                    "amount": money_back.minor,
                    "deducted": deducted.minor, "back_to": back_to}, at=at)
    return RefundResult(refund_sale.id, refund_sale.number, money_back, deducted, taken)


def _money(sale: Sale, goods: Money, back_to: str) -> RefundMoney:
    """The refund's goods, its share of the sale's tax and rounding, and the money back by method, cash
    rounded to the shop's unit (a refund counts everything given back before it)."""
    paid_lines = [line for line in sale.lines if line.refund_of_line_id is None]
    lines_total = Money(sum(line.amount.minor for line in paid_lines))
    before = Money(-sum(r.subtotal.minor for r in Sale.select().where(Sale.refund_of == sale.id)))
    payments = list(sale.payments.order_by(Payment.id))

    def split(money: Money) -> list[tuple[str, Money]]:
        """In proportion to how the sale was paid; what was on kasbon always comes off the kasbon (never cash
        for a debt still open), the rest as chosen."""
        by_method: dict[str, Money] = {}
        for payment, part in zip(payments, allocate(money, [p.amount.minor for p in payments])):
            method = payment.method if back_to == ORIGINAL or ledger_of(payment.method) == KASBON else back_to
            by_method[method] = by_method.get(method, Money(0)) + part
        return list(by_method.items())

    shop = shop_settings()
    return refund_money(SaleMoney(lines_total, sale.tax_total, sale.rounding, sale.total), before, goods, split,
                        int(shop.cash_rounding or 0), shop.cash_rounding_mode == "down")


def _returned_cost(original: SaleLine, quantity: Quantity) -> Money | None:
    """The cost of the goods coming back, at the cost stored with the sale (negative: it leaves gross profit)."""
    if original.cost is None or not original.quantity.thousandths:
        return None
    share = Decimal(original.cost.minor) * quantity.thousandths / original.quantity.thousandths
    return Money(-round_half_up(share))


def _store_refund_lines(refund_sale: Sale, plan) -> None:
    position = 0
    chosen = sold_choices(r.line_id for r in plan.lines)
    taken_back = []  # the returned lines' choices, copied as sold (a refund takes back the line with its choices)
    for r in plan.lines:
        original = SaleLine.get_by_id(r.line_id)
        position += 1
        row = SaleLine.create(sale=refund_sale, position=position, product=original.product_id,
                              description=original.description, quantity=Quantity(-r.quantity.thousandths),
                              unit_price=original.unit_price, retail_price=original.retail_price,
                              price_source=original.price_source, amount=-r.money, is_bonus=original.is_bonus,
                              promotion=original.promotion_id, refund_of_line=original,
                              cost=_returned_cost(original, r.quantity))
        taken_back.append((row.id, chosen.get(r.line_id, ())))
    insert_rows(SaleLineChoice, [dict(line=line_id, position=i, group_name=o.group, name=o.name, price=o.price,
                                      extra=o.extra, choice=o.choice_id)
                                 for line_id, options in taken_back for i, o in enumerate(options)])
    for bonus_id, qty, value in plan.deductions:
        bonus = SaleLine.get_by_id(bonus_id)
        position += 1
        row = SaleLine.create(sale=refund_sale, position=position, product=bonus.product_id,
                              description=bonus.description, quantity=qty, unit_price=bonus.retail_price,
                              retail_price=bonus.retail_price, price_source=DEDUCTION, amount=value, is_bonus=True,
                              promotion=bonus.promotion_id, refund_of_line=bonus)
        SaleLineReason.create(line=row, code=BONUS_NOT_EARNED, params={"quantity": str(qty)}, amount=value,
                              promotion=bonus.promotion_id)
    for line_id, kept, price, min_qty, value in plan.tier_deductions:
        line = SaleLine.get_by_id(line_id)
        position += 1
        row = SaleLine.create(sale=refund_sale, position=position, product=line.product_id,
                              description=line.description, quantity=kept, unit_price=price - line.unit_price,
                              retail_price=line.retail_price, price_source=TIER_DEDUCTION, amount=value,
                              refund_of_line=line)
        SaleLineReason.create(line=row, code=TIER_NOT_EARNED, amount=value,
                              params={"quantity": str(kept), "price": price.minor,
                                      "min_qty": str(min_qty) if min_qty is not None else None})
    for p in plan.promotion_deductions:  # one line: the promotion's discount kept back, on a line kept
        line = SaleLine.get_by_id(p.line_id)
        position += 1
        row = SaleLine.create(sale=refund_sale, position=position, product=line.product_id,
                              description=line.description, quantity=Quantity.of(1), unit_price=p.value,
                              retail_price=line.retail_price, price_source=PROMOTION_DEDUCTION, amount=p.value,
                              refund_of_line=line)
        SaleLineReason.create(line=row, code=PROMOTION_NOT_EARNED, amount=p.value,
                              params={"promotion": p.promotion_id, "name": p.name, "given": p.given.minor,
                                      "earned": p.earned.minor})


def _pay_back(sale: Sale, refund_sale: Sale, parts: tuple[tuple[str, Money], ...], shift: Shift, staff_id: int,
              at: dt.datetime) -> None:
    """The money goes back by method as ``_money`` split it, each into its ledger."""
    for method, part in parts:
        if not part.minor:
            continue
        Payment.create(sale=refund_sale, method=method, amount=-part, created_at=at)
        if gives_change(method):
            CashEntry.create(shift=shift, kind="refund", amount=-part, sale=refund_sale, staff=staff_id, created_at=at)
        elif ledger_of(method) == KASBON:
            credit = KasbonEntry.create(customer=sale.customer_id, sale=refund_sale, amount=-part, created_at=at,
                                        note=_("Refund {number}").format(number=refund_sale.number))
            settle_refund(credit.id, sale.id, part)
        elif ledger_of(method) == DEPOSIT:
            DepositEntry.create(customer=sale.customer_id, sale=refund_sale, amount=part, created_at=at,
                                note=_("Refund {number}").format(number=refund_sale.number))


def _take_back_stamps(sale: Sale, refund_sale: Sale, lines: list[SoldLine], quantities: dict[int, Quantity],
                      at: dt.datetime) -> int:
    if sale.customer_id is None:
        return 0
    earned = sum(e.earned for e in StampEntry.select().where(StampEntry.sale == sale.id))
    if not earned:
        return 0
    card = Promotion.get_or_none((Promotion.kind == "stamp_card") & (Promotion.active == True))  # noqa: E712
    if card is None:
        return 0
    taken_before = sum(e.used for e in StampEntry.select().join(Sale, on=(StampEntry.sale == Sale.id))
                       .where(Sale.refund_of == sale.id))
    scope = _scope(card)
    paid = [line for line in lines if not line.is_bonus and in_scope(line, scope)]
    kept = {line.id: line.quantity - line.refunded - quantities.get(line.id, Quantity(0)) for line in paid}
    kept_units = sum(q.thousandths for q in kept.values()) // QUANTITY_SCALE
    kept_amount = Money(sum(round_half_up(Decimal(line.amount.minor) * kept[line.id].thousandths
                                          / line.quantity.thousandths) for line in paid))
    earn_amount = Money(int(card.parameters["earn_amount"])) if card.parameters.get("earn_amount") else None
    mode = card.parameters.get("earn", "item" if card.parameters.get("stamps_per_item") else "sale")
    take = max(0, earned - taken_before - stamps_kept(mode, earn_amount, kept_units, kept_amount))
    if take:
        StampEntry.create(customer=sale.customer_id, sale=refund_sale, used=take, created_at=at,
                          note=_("Taken back by refund {number}").format(number=refund_sale.number))
    return take


def _refund_message(error: RefundError) -> str:
    p = error.params
    return {
        "not_in_sale": lambda: _("That line is not part of the sale."),
        "bad_quantity": lambda: _("A quantity to refund must be more than zero."),
        "more_than_sold": lambda: _("Only {left} of that line can still be refunded, not {asked}.").format(
            left=p["left"], asked=p["asked"]),
        "nothing": lambda: _("Choose what to refund."),
    }.get(error.code, lambda: error.code)()
