"""Queue numbers and the bar's tickets (issue #24 items 5-6), on SQLite and PostgreSQL: one number per shop day for
all tills, gap-free, back to 1 when the shop's day begins; a ticket with only the items routed to that printer,
through the print queue, never in the way of the sale."""

from __future__ import annotations

import datetime as dt
import threading

from pos.domain.cart import Cart
from pos.models import PrintJob, Sale, SaleQueueNumber
from pos.money import Money, Quantity
from pos.services import clock, print_queue, queue_numbers
from pos.services.bar_tickets import category_stations, set_category_station
from pos.services.errors import InvalidInput, NotAllowed
from pos.services.customers import NewCustomer, add_customer
from pos.services.sale_completion import complete
from tests.factories import owner_pin
from tests.services.coffee_counter import cart_of, cash, coffee_counter, file_printer, printed_text

import pytest


def sell(counter, cart, total, **kwargs):
    return complete(cart, cash(total), till_id="K1", shift_id=counter.shift, cashier_id=counter.cashier, **kwargs)


def test_queue_numbers_count_per_shop_day_and_start_again_when_the_shop_day_begins(database):
    counter = coffee_counter()
    numbers = [sell(counter, cart_of((counter.kopi, 1)), 18000).queue_number for _ in range(3)]
    assert numbers == [1, 2, 3]
    # 23:50 in Jakarta is 16:50 UTC: still the same shop day
    clock.set_now(dt.datetime(2026, 11, 28, 16, 50))
    assert sell(counter, cart_of((counter.teh, 1)), 12000).queue_number == 4
    # 00:10 in Jakarta on the 29th is 17:10 UTC on the 28th: a new shop day, the numbers begin again
    clock.set_now(dt.datetime(2026, 11, 28, 17, 10))
    done = sell(counter, cart_of((counter.teh, 1)), 12000)
    assert done.queue_number == 1
    big = done.receipt_text.split("Queue number")[1].splitlines()[1]  # double width: a space between letters
    assert big.replace(" ", "") == "#1"
    assert queue_numbers.last_number(dt.date(2026, 11, 28)) == 4
    assert queue_numbers.last_number(dt.date(2026, 11, 29)) == 1


def test_a_sale_paid_twice_keeps_its_one_number(database):
    counter = coffee_counter()
    cart = cart_of((counter.kopi, 2))
    first = sell(counter, cart, 36000)
    again = sell(counter, cart, 36000)
    assert again.sale.already_recorded and again.queue_number == first.queue_number == 1
    assert SaleQueueNumber.select().count() == 1
    assert sell(counter, cart_of((counter.kopi, 1)), 18000).queue_number == 2


def test_two_tills_selling_at_once_share_one_gap_free_series(database):
    counter = coffee_counter()
    from pos.services.till import open_shift
    from pos.money import Money

    second = open_shift("K2", counter.cashier, Money(0)).id
    got, errors, lock = [], [], threading.Lock()

    def till(till_id: str, shift_id: int) -> None:
        try:
            for _ in range(6):
                done = complete(cart_of((counter.kopi, 1)), cash(18000), till_id=till_id, shift_id=shift_id,
                                cashier_id=counter.cashier)
                with lock:
                    got.append(done.queue_number)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=till, args=args) for args in (("K1", counter.shift), ("K2", second))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(got) == list(range(1, 13))
    stored = [n for (n,) in SaleQueueNumber.select(SaleQueueNumber.number).tuples()]
    assert sorted(stored) == list(range(1, 13))
    assert {s.till_id for s in Sale.select()} == {"K1", "K2"}


def test_the_bar_ticket_holds_only_the_bar_items_with_the_number_and_the_customer(database, tmp_path):
    counter = coffee_counter()
    customer = add_customer(NewCustomer(name="Mas Bayu", phone=""))
    bar, kitchen = tmp_path / "bar.bin", tmp_path / "kitchen.bin"
    printers = {"bar": file_printer(bar), "kitchen": file_printer(kitchen)}
    sell(counter, cart_of((counter.roti, 1)), 10000, tickets=printers)  # bread only: no ticket at all
    assert PrintJob.select().where(PrintJob.kind == "ticket").count() == 0
    done = sell(counter, cart_of((counter.kopi, 2), (counter.roti, 1), (counter.teh, 1), customer_id=customer.id),
                58000, tickets=printers)
    assert done.queue_number == 2
    assert len(done.tickets) == 1 and done.tickets[0].job is not None  # the bar's; nothing for the kitchen
    print_queue.print_now(done.tickets[0].job)
    text = printed_text(bar.read_bytes())
    assert "#2" in text and "For: Mas Bayu" in text and "28 Nov 2026 09:30" in text
    assert "2 x Es Kopi Susu" in text and "1 x Teh Tarik" in text
    assert "Roti" not in text and not kitchen.exists()
    assert print_queue.get_job(done.tickets[0].job.id).status == print_queue.PRINTED


def test_a_missing_bar_printer_never_blocks_the_sale_and_waits_in_the_queue(database, tmp_path):
    counter = coffee_counter()
    gone = file_printer(tmp_path / "no-such-folder" / "bar.bin")
    done = sell(counter, cart_of((counter.kopi, 1), (counter.nasi, 1)), 43000, tickets={"bar": gone})
    assert Sale.get_by_id(done.sale.id).total.minor == 43000
    bar_ticket, kitchen_ticket = done.tickets
    assert kitchen_ticket.job is None and "No kitchen printer" in kitchen_ticket.refused
    failed = print_queue.print_now(bar_ticket.job)
    assert failed.status == print_queue.QUEUED and failed.error
    assert [j.title for j in print_queue.queue_jobs("K1")] == ["Ticket #1 · Bar"]


def test_routing_a_category_needs_the_owner_and_a_known_printer(database):
    counter = coffee_counter()
    category = next(c for c in category_stations() if c.name == "Roti")
    with pytest.raises(NotAllowed):
        set_category_station(category.category_id, "bar", owner_pin="1111")
    with pytest.raises(InvalidInput, match="Not a ticket printer"):
        set_category_station(category.category_id, "dapur", owner_pin=owner_pin())
    assert next(c for c in category_stations() if c.name == "Roti").station == ""
    set_category_station(category.category_id, "kitchen", owner_pin=owner_pin())
    assert {c.name: c.station for c in category_stations()} == {"Minuman": "bar", "Dapur": "kitchen",
                                                                "Roti": "kitchen"}
    assert counter.roti


def test_the_bar_ticket_names_each_drinks_choices_from_a_sale_and_from_an_open_bill(database, tmp_path):
    """Issue #24: "Large · Less sugar · +Extra shot" under the item, as paid and as sent from an open bill."""
    from pos.domain.options import select
    from pos.services.open_bills import send_bill
    from pos.services.product_options import ChoiceForm, GroupForm, options_for, save_option_group

    counter = coffee_counter()
    pin = owner_pin()
    save_option_group(GroupForm("Ukuran", (ChoiceForm("Regular", default=True), ChoiceForm("Large", Money(5000))),
                                1, 1, product_ids=(counter.kopi,)), owner_pin=pin)
    save_option_group(GroupForm("Gula", (ChoiceForm("Normal", default=True), ChoiceForm("Less sugar")), 1, 1,
                                product_ids=(counter.kopi,)), owner_pin=pin)
    groups = options_for(counter.kopi)
    chosen = select(groups, [c.id for g in groups for c in g.choices if c.name in ("Large", "Less sugar")])
    bar = tmp_path / "bar.bin"
    done = sell(counter, Cart().add(counter.kopi, Quantity.of(2), chosen).add(counter.teh, Quantity.of(1)), 58000,
                tickets={"bar": file_printer(bar)})
    print_queue.print_now(done.tickets[0].job)
    text = printed_text(bar.read_bytes())
    words = " ".join(text.split())  # large type wraps; the printer's code page writes the "·" as "-"
    assert "2 x Es Kopi Susu Large - Less sugar 1 x Teh Tarik" in words

    kitchen_bar = tmp_path / "bill-bar.bin"
    sent = send_bill(Cart().add(counter.kopi, Quantity.of(1), chosen), name="Meja 4", till_id="K1",
                     staff_id=counter.cashier, printers={"bar": file_printer(kitchen_bar)})
    print_queue.print_now(sent.tickets[0].job)
    text = printed_text(kitchen_bar.read_bytes())
    assert "Meja 4" in text and "1 x Es Kopi Susu Large - Less sugar" in " ".join(text.split())
