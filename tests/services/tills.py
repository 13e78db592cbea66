"""Other tills in processes of their own, each with its own database connection, that act at the same moment.

``Tills(n)`` starts the processes once (spawned, so nothing is shared with the test's process: no
connection, no lock, no cache); ``tills.race(url, job, *args)`` hands every till the same job on the
database at ``url``; each prepares it (prices its cart, as the till's screen does), then all wait at one
barrier and complete it together. A job answers with a short word of what happened to it.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import uuid

SHOP_MOMENT = dt.datetime(2026, 11, 28, 2, 30)  # the tests' shop clock (tests/conftest.py)
AT = dt.datetime(2026, 11, 27, 3, 0)  # the moment of the sales: 10:00 in Jakarta


def _redeem_stamp_card(customer_id: int, shift_id: int, cashier_id: int, product_id: int, card_id: int):
    """Price a cart with the full card's reward accepted (what the till shows), and return its checkout."""
    from pos.domain.pricing import CartLine, Selections
    from pos.domain.till import Tender
    from pos.money import Quantity
    from pos.services.pricing import price
    from pos.services.sales import CheckoutRequest, checkout

    lines = (CartLine(product_id, Quantity.of(1)),)
    chosen = Selections(accepted_offers=frozenset({card_id}))
    priced = price(list(lines), customer_id, at=AT, selections=chosen)
    assert priced.stamps_used, "the card is full: the till offers the reward"
    request = CheckoutRequest(uuid.uuid4().hex, "K1", shift_id, cashier_id, lines, (Tender("cash", priced.total),),
                              customer_id, chosen, AT)
    return lambda: checkout(request)


def _complete_cart(cart_id: str, shift_id: int, cashier_id: int, product_id: int, quantity: int, amount: int):
    """A cart of ``quantity`` of one product, paid in cash, completed under the given cart id."""
    from pos.domain.pricing import CartLine
    from pos.domain.till import Tender
    from pos.money import Money, Quantity
    from pos.services.sales import CheckoutRequest, checkout

    request = CheckoutRequest(cart_id, "K1", shift_id, cashier_id, (CartLine(product_id, Quantity.of(quantity)),),
                              (Tender("cash", Money(amount)),), at=AT)
    return lambda: checkout(request)


def _complete_cart_differing(cart_id: str, shift_id: int, cashier_id: int, product_id: int):
    """The same cart id with other contents at each till: the first till sells 1 of the product, the second 2."""
    quantity = TILL_NUMBER + 1
    return _complete_cart(cart_id, shift_id, cashier_id, product_id, quantity, 55000 * quantity)


def _pick_up_or_cancel(preorder_id: int, shift_id: int, staff_id: int):
    """The first till hands the pre-order over (its down payment spent from the deposit), the second cancels it
    with the down payment given back in cash (the demo owner's PIN)."""
    from pos.services import preorders

    if TILL_NUMBER == 0:
        return lambda: preorders.pick_up(preorder_id, "qris", till_id="K1", shift_id=shift_id, staff_id=staff_id,
                                         at=AT)

    def cancel():
        preorders.cancel_preorder(preorder_id, preorders.REFUNDED, owner_pin="1234", shift_id=shift_id,
                                  staff_id=staff_id, at=AT)
        return _Cancelled()

    return cancel


class _Cancelled:
    already_recorded = False
    number = "cancelled"


def _pay_kasbon(customer_id: int, amount: int, shift_id: int, staff_id: int):
    """A kasbon payment in cash at each till; the answer is what it put on the deposit."""
    from pos.money import Money
    from pos.services.kasbon import record_payment

    def pay():
        paid = record_payment(customer_id, Money(amount), "cash", shift_id=shift_id, staff_id=staff_id, at=AT)
        return type("Paid", (), {"already_recorded": False, "number": f"deposit={paid.to_deposit.minor}"})()

    return pay


def _spend(customer_id: int, shift_id: int, cashier_id: int, product_id: int, amount: int, method: str):
    """One of the product for the customer, paid ``amount`` from their deposit or on kasbon."""
    from pos.domain.pricing import CartLine
    from pos.domain.till import Tender
    from pos.money import Money, Quantity
    from pos.services.sales import CheckoutRequest, checkout

    request = CheckoutRequest(uuid.uuid4().hex, "K1", shift_id, cashier_id, (CartLine(product_id, Quantity.of(1)),),
                              (Tender(method, Money(amount)),), customer_id, at=AT)
    return lambda: checkout(request)


def _sell_priced(shift_id: int, cashier_id: int, product_id: int):
    """One of the product for a walk-in, priced as the till's screen shows it (a limited promotion with it while
    any is left), paid that amount in cash; the answer says what was paid."""
    from pos.domain.pricing import CartLine
    from pos.domain.till import Tender
    from pos.money import Quantity
    from pos.services.pricing import price
    from pos.services.sales import CheckoutRequest, checkout

    lines = (CartLine(product_id, Quantity.of(1)),)
    priced = price(list(lines), at=AT)
    request = CheckoutRequest(uuid.uuid4().hex, "K1", shift_id, cashier_id, lines,
                              (Tender("cash", priced.total),), at=AT)
    return lambda: checkout(request)


def _sell_from_tray(shift_id: int, cashier_id: int, product_id: int, when: dt.datetime):
    """Two of a made-daily product for a walk-in at the till's price, without the owner's override (issue #25)."""
    from pos.domain.pricing import CartLine
    from pos.domain.till import Tender
    from pos.money import Quantity
    from pos.services.pricing import price
    from pos.services.sales import CheckoutRequest, checkout

    lines = (CartLine(product_id, Quantity.of(2)),)
    priced = price(list(lines), at=when)
    request = CheckoutRequest(uuid.uuid4().hex, "K1", shift_id, cashier_id, lines,
                              (Tender("cash", priced.total),), at=when)
    return lambda: checkout(request)


def _add_to_bill(bill_id: int, staff_id: int, shift_id: int, products: list[int], pay_at: int):
    """Each till loads the open bill, adds its own product and sends it; the till numbered ``pay_at`` (when one is)
    takes the payment instead, for the bill as it loaded it."""
    from pos.domain.till import Tender
    from pos.money import Quantity
    from pos.services import open_bills
    from pos.services.pricing import price

    loaded = open_bills.bill_cart(bill_id)
    till = f"K{TILL_NUMBER + 1}"
    if TILL_NUMBER == pay_at:
        total = price(list(loaded.cart.lines)).total

        def pay():
            done, _sent = open_bills.pay_bill(bill_id, loaded.cart, loaded.loaded, (Tender("cash", total),),
                                              till_id="K1", shift_id=shift_id, cashier_id=staff_id)
            return done.sale

        return pay
    cart = loaded.cart.add(products[TILL_NUMBER], Quantity.of(1))

    def send():
        sent = open_bills.send_bill(cart, bill_id=bill_id, loaded=loaded.loaded, till_id=till, staff_id=staff_id)
        return type("Sent", (), {"already_recorded": False, "number": f"{sent.lines}"})()

    return send


JOBS = {"add_to_bill": _add_to_bill,
        "spend": _spend, "redeem_stamp_card": _redeem_stamp_card, "complete_cart": _complete_cart,
        "complete_cart_differing": _complete_cart_differing, "pick_up_or_cancel": _pick_up_or_cancel,
        "pay_kasbon": _pay_kasbon, "sell_priced": _sell_priced,
        "sell_from_tray": _sell_from_tray}
TILL_NUMBER = 0  # this process's place among the tills


def _till(conn, start, number: int) -> None:
    from pos.services import clock, db
    from pos.services.errors import PosError

    global TILL_NUMBER
    TILL_NUMBER = number
    clock.set_now(SHOP_MOMENT, running=True)
    opened = None
    while (order := conn.recv()) is not None:
        url, job, args = order
        if url != opened:
            db.close_database()
            db.open_database(url)
            opened = url
        try:
            work = JOBS[job](*args)
        except BaseException as exc:  # noqa: BLE001 - reported to the test, which fails
            start.abort()
            conn.send(f"error: {exc!r}")
            continue
        try:
            start.wait(timeout=60)
            result = work()
            conn.send(("recorded " if result.already_recorded else "sold ") + result.number)
        except PosError as exc:
            conn.send(f"refused: {exc}")
        except BaseException as exc:  # noqa: BLE001
            conn.send(f"error: {exc!r}")
    db.close_database()


class Tills:
    def __init__(self, count: int = 2) -> None:
        context = multiprocessing.get_context("spawn")
        self.start = context.Barrier(count)
        self.conns, self.processes = [], []
        for number in range(count):
            ours, theirs = context.Pipe()
            process = context.Process(target=_till, args=(theirs, self.start, number), daemon=True)
            process.start()
            self.conns.append(ours)
            self.processes.append(process)

    def race(self, url: str, job: str, *args) -> list[str]:
        """Every till does ``job`` at the same moment; what happened to each, sorted."""
        self.start.reset()
        for conn in self.conns:
            conn.send((url, job, args))
        outcomes = []
        for conn in self.conns:
            if not conn.poll(120):
                raise TimeoutError("a till did not answer within two minutes")
            outcomes.append(conn.recv())
        return sorted(outcomes)

    def close(self) -> None:
        for conn in self.conns:
            conn.send(None)
        for process in self.processes:
            process.join(30)
            if process.is_alive():
                process.kill()
