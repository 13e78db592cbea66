"""The cart keeps a stamp reward the cashier took only while the card still offers it."""

from pos.domain.cart import Cart


def test_a_reward_no_longer_offered_is_forgotten_and_one_still_offered_kept():
    cart = Cart(customer_id=7).accept_offer(3).accept_offer(5)
    assert cart.keep_offers({5, 9}).accepted_offers == frozenset({5})
    assert cart.keep_offers({3, 5}) is cart
    assert cart.keep_offers(set()).selections.accepted_offers == frozenset()
