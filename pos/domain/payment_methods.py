"""The ways a customer pays, each declared once: its code, its words, and what it does.

Services, windows and papers ask this registry (``method(code).gives_change``, ``.ledger`` …) instead of
naming codes. A new way of paying that takes money now (a voucher, e-money) is one ``register`` call; one
that touches a ledger also needs that ledger's entries written where the sale, the refund and the payment
of a balance are stored (``services/sales.py``, ``services/refunds.py``).
"""

from __future__ import annotations

from dataclasses import dataclass


def N_(message: str) -> str:  # marks words for the catalogue; pos.i18n translates them at the edge
    return message


CASH, QRIS, TRANSFER, CARD, KASBON, DEPOSIT = "cash", "qris", "transfer", "card", "kasbon", "deposit"
LEDGERS = (KASBON, DEPOSIT)  # kasbon: the customer owes the shop; deposit: the shop owes the customer


@dataclass(frozen=True)
class PaymentMethod:
    code: str  # stored with each payment
    label: str  # English words marked with N_; pos.i18n.method_words translates them
    gives_change: bool = False  # notes and coins: change is given, the drawer counts it, cash rounding applies
    money_now: bool = True  # the shop has the money when the sale is stored (not kasbon, not a deposit spent)
    needs_customer: bool = False  # only for a customer from the book
    ledger: str | None = None  # the customer's ledger it writes to (one of LEDGERS), or None

    @property
    def short_label(self) -> str:
        """The words before any explanation in brackets ("Kasbon (pay later)" → "Kasbon"), for a button."""
        return self.label.split(" (")[0]


_REGISTRY: dict[str, PaymentMethod] = {}


def register(m: PaymentMethod) -> PaymentMethod:
    """Add a way of paying (after the others: buttons and lists follow this order)."""
    if m.ledger is not None and m.ledger not in LEDGERS:
        raise ValueError(f"unknown ledger {m.ledger!r}")
    if m.ledger is not None and (m.money_now or not m.needs_customer):
        raise ValueError("a method that writes to a customer's ledger takes no money now and needs a customer")
    _REGISTRY[m.code] = m
    return m


def unregister(code: str) -> None:
    """Take a way of paying away again (tests that registered one of their own)."""
    _REGISTRY.pop(code, None)


def method(code: str) -> PaymentMethod | None:
    """The registered method of this code, or None."""
    return _REGISTRY.get(code)


def codes() -> tuple[str, ...]:
    """Every registered code, in order."""
    return tuple(_REGISTRY)


def methods() -> tuple[PaymentMethod, ...]:
    return tuple(_REGISTRY.values())


def money_now_codes() -> tuple[str, ...]:
    """The ways money comes in now (a kasbon payment, a down payment, a deposit top-up take one of these)."""
    return tuple(m.code for m in _REGISTRY.values() if m.money_now)


def gives_change(code: str) -> bool:
    m = method(code)
    return m is not None and m.gives_change


def needs_customer(code: str) -> bool:
    m = method(code)
    return m is not None and m.needs_customer


def ledger_of(code: str) -> str | None:
    m = method(code)
    return None if m is None else m.ledger


def takes_money_now(code: str) -> bool:
    """A registered method that brings the money in now."""
    m = method(code)
    return m is not None and m.money_now


register(PaymentMethod(CASH, N_("Cash"), gives_change=True))
register(PaymentMethod(QRIS, N_("QRIS")))
register(PaymentMethod(TRANSFER, N_("Bank transfer")))
register(PaymentMethod(CARD, N_("Card")))
register(PaymentMethod(KASBON, N_("Kasbon (pay later)"), money_now=False, needs_customer=True, ledger=KASBON))
register(PaymentMethod(DEPOSIT, N_("Deposit"), money_now=False, needs_customer=True, ledger=DEPOSIT))
