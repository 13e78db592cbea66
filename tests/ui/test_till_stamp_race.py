"""A stamp card used up at another till while this till is paying: the cashier is told, nothing is stored, and
the sale goes on without the reward instead of being refused again and again."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from pos.models import Sale, SaleLine, StampEntry
from pos.services.customers import NewCustomer, add_customer
from tests.ui.test_till import pay, scan, table_texts


def test_a_reward_taken_at_another_till_meanwhile_is_refused_once_then_the_sale_goes_on_without_it(till, qtbot):
    ani = add_customer(NewCustomer("Ani", "0813-9999-0013"))
    StampEntry.create(customer=ani.id, earned=10)
    screen = till.sale_screen
    screen.customer.pick(ani.id)
    scan(screen, qtbot, "KOP-05")
    [offer] = [b for b in screen.offers.buttons if "Stamp" in b.text()]
    offer.click()
    assert any(row[3] == "FREE" for row in table_texts(screen))
    screen.pay()
    dialog = screen.payment
    dialog.choose("cash")
    StampEntry.create(customer=ani.id, used=10)  # meanwhile the same card is redeemed at the other till
    dialog.complete_button.click()
    shown = [box.text() for box in screen.findChildren(QMessageBox) if box.isVisible()]
    assert any("just used at another till" in text for text in shown), shown
    assert Sale.select().count() == 0
    assert not any(row[3] == "FREE" for row in table_texts(screen))  # the till shows the sale without it

    dialog.complete_button.click()  # the cashier pays again
    [sale] = Sale.select()
    assert not SaleLine.select().where(SaleLine.is_bonus == True).exists()  # noqa: E712
    assert StampEntry.get(StampEntry.sale == sale.id).used == 0
    assert sum(e.earned - e.used for e in StampEntry.select().where(StampEntry.customer == ani.id)) == 1


def test_a_reward_used_up_at_another_till_before_paying_is_said_when_pay_is_pressed(till, qtbot):
    ani = add_customer(NewCustomer("Ani", "0813-9999-0014"))
    StampEntry.create(customer=ani.id, earned=10)
    screen = till.sale_screen
    screen.customer.pick(ani.id)
    scan(screen, qtbot, "KOP-05")
    [offer] = [b for b in screen.offers.buttons if "Stamp" in b.text()]
    offer.click()
    StampEntry.create(customer=ani.id, used=10)  # the other till was quicker
    screen.pay()
    shown = [box.text() for box in screen.findChildren(QMessageBox) if box.isVisible()]
    assert any("just used at another till" in text for text in shown), shown
    assert not any(row[3] == "FREE" for row in table_texts(screen))
    pay(screen)  # pay again: the sale without the reward
    [sale] = Sale.select()
    assert not SaleLine.select().where(SaleLine.is_bonus == True).exists()  # noqa: E712
    assert StampEntry.get(StampEntry.sale == sale.id).used == 0
