"""Every reason code a figure on a sale can carry, declared once.

The domain explains a price, a discount or a free item with a code and plain
values (``pricing.Reason``); ``i18n.describe_reason`` puts each code into words.
A test walks ``REASON_CODES`` and checks that every one has words in every
language, so a new code cannot reach a receipt as its raw name.
"""

from __future__ import annotations

# unit prices
TIER_PRICE = "tier_price"  # tier, min_qty
SPECIAL_PRICE = "special_price"  # the customer's own price
PRICE_OVERRIDE = "price_override"  # a price typed in at the till
DAY_OLD_PRICE = "day_old_price"  # percent: yesterday's goods (issue #25)
# promotions (a discount's code is the promotion's kind)
BUY_X_GET_Y = "buy_x_get_y"  # buy, get, name
THRESHOLD_GIFT = "threshold_gift"  # name, min_total | min_qty, per, each
DISCOUNT = "discount"  # name, percent | amount
SEGMENT_DISCOUNT = "segment_discount"
PERIOD_DISCOUNT = "period_discount"
MARKDOWN = "markdown"  # name, percent | amount, hour (optional)
STAMP_REWARD = "stamp_reward"  # stamps, amount (optional)
COMBO = "combo"  # name, price, sets
CHEAPEST_ITEM = "cheapest_item"  # name, every, percent
BUY_GET_DISCOUNT = "buy_get_discount"  # name, buy, get, percent
# the sale as a whole
TAX = "tax"  # rate, inclusive
# refunds
BONUS_NOT_EARNED = "bonus_not_earned"  # quantity: a free item the refund takes back
TIER_NOT_EARNED = "tier_not_earned"  # quantity kept, price it now earns, min_qty (absent: retail)
PROMOTION_NOT_EARNED = "promotion_not_earned"  # promotion (id), name, given (on the kept items), earned (now)

DISCOUNT_CODES = (DISCOUNT, SEGMENT_DISCOUNT, PERIOD_DISCOUNT, MARKDOWN)

REASON_CODES: tuple[str, ...] = (
    TIER_PRICE, SPECIAL_PRICE, PRICE_OVERRIDE, DAY_OLD_PRICE, BUY_X_GET_Y, THRESHOLD_GIFT, *DISCOUNT_CODES,
    STAMP_REWARD, COMBO,
    CHEAPEST_ITEM, BUY_GET_DISCOUNT, TAX,
    BONUS_NOT_EARNED, TIER_NOT_EARNED, PROMOTION_NOT_EARNED,
)
