"""The customers' two money ledgers, kasbon and deposit, as balances: one sum, one cut-off rule, for everyone.

Kasbon is what the customer owes the shop; deposit is what the shop holds for the customer (DESIGN.md,
"State that changes"). Each is append-only and a balance is always the sum of its entries. The checkout,
the kasbon window, the customer's card, the statement and the receipt all read it here, so they agree.

The cut-off rule (the only one): entries are in the order they were written, by (moment, id), and a
``Point(moment, entry_id)`` counts every entry up to and including it: written before ``moment``, or at
``moment`` with an id up to ``entry_id``. So:

- ``balance(ledger, customer)``: every entry, the balance now;
- ``balance(ledger, customer, through=before(moment))``: the balance as a period starting at ``moment``
  opens (a statement's opening balance; the period's entries are those from ``moment`` on);
- ``balance(ledger, customer, through=after_sale(ledger, sale_id, moment))``: the balance right after that
  sale, its own entries included and nothing written after them, even in the same second (what its receipt
  shows, the same on every reprint, and what the till and the kasbon window showed right then).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import Expression, ModelSelect, fn

from pos.models import DepositEntry, KasbonEntry
from pos.money import Money
from pos.services.access import READ, allowed

KASBON, DEPOSIT = "kasbon", "deposit"
LEDGERS = {KASBON: KasbonEntry, DEPOSIT: DepositEntry}


@dataclass(frozen=True)
class Point:
    """A point in a ledger's history: entries before ``moment`` count, and at ``moment`` those with an id up to
    ``entry_id`` (0: none of that moment)."""
    moment: dt.datetime
    entry_id: int = 0


@allowed(READ)
def before(moment: dt.datetime) -> Point:
    """Just before ``moment``: where a period starting at that moment opens."""
    return Point(moment)


@allowed(READ)
def after_sale(ledger: str, sale_id: int, moment: dt.datetime) -> Point:
    """Right after the sale ``sale_id`` stored at ``moment`` (UTC): its own last entry in ``ledger``; a sale that
    wrote none there stops after the last entry an earlier sale of that moment wrote."""
    model = _model(ledger)
    last = model.select(fn.MAX(model.id)).where(model.sale == sale_id).scalar()
    if last is None:
        last = model.select(fn.MAX(model.id)).where((model.created_at == moment) & (model.sale < sale_id)).scalar()
    return Point(moment, int(last or 0))


def _model(ledger: str):
    try:
        return LEDGERS[ledger]
    except KeyError:
        raise ValueError(f"unknown ledger {ledger!r}") from None


def _counted(model, customer_id: int, through: Point | None) -> Expression:
    mine = model.customer == customer_id
    if through is None:
        return mine
    return mine & ((model.created_at < through.moment) | (
        (model.created_at == through.moment) & (model.id <= through.entry_id)))


@allowed(READ)
def entries(ledger: str, customer_id: int, *, through: Point | None = None) -> ModelSelect:
    """The customer's entries in ``ledger`` counted at ``through`` (all by default), in the order written."""
    model = _model(ledger)
    return (model.select().where(_counted(model, customer_id, through))
            .order_by(model.created_at, model.id))


@allowed(READ)
def balance(ledger: str, customer_id: int, *, through: Point | None = None) -> Money:
    """The customer's balance in ``ledger`` (``KASBON``: owed to the shop; ``DEPOSIT``: held for them) at
    ``through`` (see the module's one cut-off rule), now by default."""
    model = _model(ledger)
    total = model.select(fn.SUM(model.amount)).where(_counted(model, customer_id, through)).scalar()
    return Money(int(total or 0))


@allowed(READ)
def holders(ledger: str) -> ModelSelect:
    """The ids of the customers whose balance in ``ledger`` is above zero (a subquery, for ``.in_()``)."""
    model = _model(ledger)
    return model.select(model.customer).group_by(model.customer).having(fn.SUM(model.amount) > 0)
