"""The cart at the till, before it is a sale: lines, customer and the cashier's choices. Pure."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace

from pos.domain.errors import DomainError
from pos.domain.options import ChosenOption, options_key
from pos.domain.pricing import CartLine, Selections
from pos.money import Money, Quantity

MAX_QUANTITY = Quantity.of(100_000)


class CartError(DomainError):
    """A refusal of this module: a code and its values."""


@dataclass(frozen=True)
class Cart:
    """Immutable: every change returns a new cart (easy to undo, park and test)."""

    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    lines: tuple[CartLine, ...] = ()
    customer_id: int | None = None
    choices: tuple[tuple[int, int], ...] = ()  # (promotion id, product id)
    accepted_offers: frozenset[int] = frozenset()
    override_pin: str = field(default="", compare=False, repr=False)  # the owner's PIN, in memory only

    @property
    def selections(self) -> Selections:
        return Selections(choices=dict(self.choices), accepted_offers=self.accepted_offers)

    def add(self, product_id: int, quantity: Quantity = Quantity(1000),
            options: tuple[ChosenOption, ...] = (), *, day_old: bool = False) -> Cart:
        """A scan adds to the last line of the same product, else a new line. With choices: to the line of the
        same product with the same choices (wherever it is), else a new line. Yesterday's goods (``day_old``)
        never join a line of today's, nor the other way round."""
        _check(quantity)
        index = self._same(product_id, options, day_old=day_old)
        if index is not None:
            total = self.lines[index].quantity + quantity
            _check(total)
            return replace(self, lines=self.lines[:index] + (replace(self.lines[index], quantity=total),)
                           + self.lines[index + 1:])
        return replace(self, lines=self.lines + (CartLine(product_id, quantity, options=tuple(options),
                                                          day_old=day_old),))

    def _same(self, product_id: int, options: tuple[ChosenOption, ...], but: int | None = None, *,
              day_old: bool = False) -> int | None:
        """The line a new one of this product and these choices joins (None: it stands on its own)."""
        if not options:
            last = len(self.lines) - 1
            found = last if self.lines and last != but and self.lines[-1].product_id == product_id \
                and not self.lines[-1].options and self.lines[-1].day_old == day_old else None
            return found
        key = options_key(options)
        return next((i for i, line in enumerate(self.lines) if i != but and line.product_id == product_id
                     and line.price is None and line.options and options_key(line.options) == key
                     and line.day_old == day_old), None)

    def set_quantity(self, index: int, quantity: Quantity) -> Cart:
        _check(quantity)
        changed = replace(self.lines[index], quantity=quantity)
        return replace(self, lines=self.lines[:index] + (changed,) + self.lines[index + 1:])

    def set_options(self, index: int, options: tuple[ChosenOption, ...]) -> Cart:
        """Other choices for a line; when another line of the product has them already, the two become one."""
        line = self.lines[index]
        other = self._same(line.product_id, options, but=index, day_old=line.day_old) if options else None
        if other is None:
            changed = replace(line, options=tuple(options))
            return replace(self, lines=self.lines[:index] + (changed,) + self.lines[index + 1:])
        total = self.lines[other].quantity + line.quantity
        _check(total)
        lines = list(self.lines)
        lines[other] = replace(lines[other], quantity=total)
        del lines[index]
        return replace(self, lines=tuple(lines))

    def set_price(self, index: int, price: Money | None, owner_pin: str = "") -> Cart:
        """The owner's manual price for one line (None: back to the automatic price)."""
        if price is not None and price.minor < 0:
            raise CartError("negative_price")
        line = self.lines[index]
        lines = self.lines[:index] + (replace(line, price=price),) + self.lines[index + 1:]
        return replace(self, lines=lines, override_pin=owner_pin or self.override_pin)

    @property
    def has_manual_prices(self) -> bool:
        return any(line.price is not None for line in self.lines)

    def remove(self, index: int) -> Cart:
        return replace(self, lines=self.lines[:index] + self.lines[index + 1:])

    def with_customer(self, customer_id: int | None) -> Cart:
        return replace(self, customer_id=customer_id, accepted_offers=frozenset())

    def choose(self, promotion_id: int, product_id: int) -> Cart:
        kept = tuple((p, c) for p, c in self.choices if p != promotion_id)
        return replace(self, choices=kept + ((promotion_id, product_id),))

    def accept_offer(self, promotion_id: int, accepted: bool = True) -> Cart:
        offers = self.accepted_offers | {promotion_id} if accepted else self.accepted_offers - {promotion_id}
        return replace(self, accepted_offers=frozenset(offers))

    def keep_offers(self, offered: set[int] | frozenset[int]) -> Cart:
        """Forget a reward taken that is no longer offered: the card was used at another till meanwhile."""
        kept = self.accepted_offers & frozenset(offered)
        return self if kept == self.accepted_offers else replace(self, accepted_offers=kept)

    def to_dict(self) -> dict:
        return {"id": self.id, "customer_id": self.customer_id,
                "lines": [[line.product_id, str(line.quantity), None if line.price is None else line.price.minor]
                          + ([[[o.group, o.name, o.price.minor, o.choice_id, o.extra] for o in line.options]]
                             if line.options or line.day_old else [])
                          + ([True] if line.day_old else [])
                          for line in self.lines],
                "choices": [list(c) for c in self.choices], "accepted_offers": sorted(self.accepted_offers)}

    @classmethod
    def from_dict(cls, data: dict) -> Cart:
        return cls(id=data["id"], customer_id=data.get("customer_id"),
                   lines=tuple(CartLine(int(row[0]), Quantity.of(row[1]),
                                        Money(int(row[2])) if len(row) > 2 and row[2] is not None else None,
                                        _options(row[3]) if len(row) > 3 else (),
                                        day_old=len(row) > 4 and bool(row[4]))
                               for row in data.get("lines", ())),
                   choices=tuple((int(p), int(c)) for p, c in data.get("choices", ())),
                   accepted_offers=frozenset(int(o) for o in data.get("accepted_offers", ())))


def _options(rows: list) -> tuple[ChosenOption, ...]:
    return tuple(ChosenOption(str(group), str(name), Money(int(price)), None if choice is None else int(choice),
                              bool(extra)) for group, name, price, choice, extra in rows)


def _check(quantity: Quantity) -> None:
    if quantity.thousandths <= 0:
        raise CartError("quantity_not_positive")
    if quantity > MAX_QUANTITY:
        raise CartError("quantity_too_large", maximum=str(MAX_QUANTITY))
