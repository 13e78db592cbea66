"""The cart with options: the same choices merge, other choices stand apart, a line's choices can change."""

from __future__ import annotations

from pos.domain.cart import Cart
from pos.domain.options import ChosenOption
from pos.money import Money, Quantity

LARGE = ChosenOption("Ukuran", "Large", Money(5000), 11)
LESS = ChosenOption("Gula", "Less sugar", Money(0), 21)
SHOT = ChosenOption("Tambahan", "Extra shot", Money(6000), 31, True)
ONE = Quantity.of(1)


def test_the_same_choices_merge_wherever_the_line_is_and_other_choices_do_not():
    cart = Cart().add(5, ONE, (LARGE, LESS)).add(6).add(5, ONE, (LESS, LARGE)).add(5, ONE, (LARGE,))
    assert [(line.product_id, line.quantity, line.options) for line in cart.lines] == [
        (5, Quantity.of(2), (LARGE, LESS)), (6, ONE, ()), (5, ONE, (LARGE,))]


def test_changing_a_lines_choices_to_another_lines_makes_one_line():
    cart = Cart().add(5, ONE, (LARGE,)).add(5, Quantity.of(2), (LARGE, SHOT))
    assert cart.set_options(0, (LARGE, SHOT)).lines[0].quantity == Quantity.of(3)
    assert len(cart.set_options(0, (LESS,)).lines) == 2
    assert cart.set_quantity(1, Quantity.of(4)).lines[1].options == (LARGE, SHOT)


def test_a_parked_cart_keeps_its_choices():
    cart = Cart().add(5, ONE, (LARGE, LESS, SHOT)).add(6)
    assert Cart.from_dict(cart.to_dict()) == cart


def test_yesterdays_goods_stand_on_their_own_line_and_survive_parking():
    from pos.domain.cart import Cart
    from pos.money import Quantity

    cart = Cart().add(7).add(7, day_old=True).add(7, day_old=True).add(7)
    assert [(line.day_old, line.quantity) for line in cart.lines] == [
        (False, Quantity.of(1)), (True, Quantity.of(2)), (False, Quantity.of(1))]
    assert Cart.from_dict(cart.to_dict()).lines == cart.lines  # parked, kept offline, sent to the server
