"""The till's stamp line under the customer's name: a full card says the reward is ready and what is over."""

from __future__ import annotations

from pos.i18n import set_language
from pos.ui.customer_panel import stamp_label


def test_a_full_card_says_reward_ready_and_the_stamps_over():
    set_language("en")
    assert stamp_label(7, 10) == "Stamps: 7 of 10"
    assert stamp_label(10, 10) == "Stamp card full: reward ready (F5)"
    assert stamp_label(14, 10) == "Stamp card full: reward ready (F5) · 4 stamps over"
    set_language("id")
    assert "14 dari 10" not in stamp_label(14, 10)
