"""The Pay button on a till that may lose its server: through the server when it answers, else into the outbox.

On SQLite (one till, its own disk) this is ``sale_completion.complete``. On a server: while it answers and
nothing waits in the outbox, the sale goes through it and the till notes the number it got (the next offline
sale follows it). When the server does not answer (the connection fails, or no answer within two seconds) the
till goes offline and the sale is kept in the outbox (``offline_sale.keep_sale``); so are the sales after it,
until the outbox has been forwarded, so that the numbers stay in order.
"""

from __future__ import annotations

from peewee import DatabaseError, InterfaceError

from pos.domain.cart import Cart
from pos.domain.till import Tender
from pos.i18n import _
from pos.services import connectivity, outbox
from pos.services.errors import DatabaseUnavailable, first_line
from pos.services.offline_sale import NewCustomerOffline, keep_sale
from pos.services.print_queue import PrinterConfig
from pos.services.rules import ANYONE, allowed
from pos.services.sale_completion import CompletedSale, complete


@allowed(ANYONE, why="the logged-in cashier's sale: sale_completion.complete checks the cashier, and the "
                     "checkout checks the kept sale's cashier when it is forwarded")
def sell(cart: Cart, tenders: tuple[Tender, ...], *, till_id: str, shift_id: int, cashier_id: int,
         owner_pin: str = "", printer: PrinterConfig | None = None, width: int = 32, cashier_name: str = "",
         customer_name: str = "", new_customer: NewCustomerOffline | None = None,
         tickets=None, oversell: bool = False) -> CompletedSale:
    """Complete the sale through the server, or keep it in the outbox while the server is away (or while earlier
    kept sales still wait). Raises PosError when nothing was stored or kept. ``tickets``: the bar's and the
    kitchen's printers (a kept sale's are printed from the till, with a number of its own: offline_sale)."""
    if not connectivity.can_go_offline():
        return complete(cart, tenders, till_id=till_id, shift_id=shift_id, cashier_id=cashier_id,
                        owner_pin=owner_pin, printer=printer, width=width, tickets=tickets, oversell=oversell)
    offline = dict(till_id=till_id, shift_id=shift_id, cashier_id=cashier_id, cashier_name=cashier_name,
                   customer_name=customer_name, new_customer=new_customer, printer=printer, width=width,
                   tickets=tickets)
    if connectivity.offline() or outbox.waiting_count(till_id) or new_customer is not None:
        return keep_sale(cart, tenders, **offline)  # (a customer taken offline goes with the kept sale, as priced)
    online = dict(till_id=till_id, shift_id=shift_id, cashier_id=cashier_id, owner_pin=owner_pin, printer=printer,
                  width=width, tickets=tickets)
    for attempt in (1, 2):  # a second try on a fresh connection when the first found one an outage left broken
        try:
            done = complete(cart, tenders, **online)
            break
        except (DatabaseUnavailable, DatabaseError, InterfaceError) as exc:
            if connectivity.server_gone(exc):
                return keep_sale(cart, tenders, held_on_server=True, **offline)  # sent once the server is back
            if attempt == 2 or not _broken_connection(exc):
                if isinstance(exc, DatabaseUnavailable):
                    raise
                raise DatabaseUnavailable(_("The sale was not stored, the database did not answer ({reason}). "
                                            "The cart is kept: try again.").format(reason=first_line(exc))) from None
    outbox.note_number(till_id, done.number)
    return done


def _broken_connection(error: BaseException) -> bool:
    """The failure came from the connection itself (closed by a server that went away and came back), not from
    the server's answer: worth one more try on a fresh connection (the same cart id stores one sale)."""
    while error is not None:
        if isinstance(error, InterfaceError):
            return True
        if hasattr(error, "sqlstate"):  # psycopg's: no state (the client's own), 08… (connection), 57P… (ended)
            state = error.sqlstate
            return state is None or state.startswith(("08", "57P"))
        error = error.__cause__ or error.__context__
    return False
