"""Tomorrow's bake from a hand-made history with sold-out days (issue #25 item 3)."""

import datetime as dt

from pos.domain.bake_plan import Hours, PastDay, demand, naive, suggest
from pos.domain.trays import CARRIED, THROWN_AWAY, SplitError, check_split

SATURDAY = dt.date(2026, 11, 28)
HOURS = Hours(6 * 60, 18 * 60)  # open 12 hours

HISTORY = [
    PastDay(dt.date(2026, 11, 21), 30, dt.time(12, 0)),  # sold out at noon: half the day → 60, at most 2× → 60
    PastDay(dt.date(2026, 11, 14), 40),  # did not sell out
    PastDay(dt.date(2026, 11, 7), 24, dt.time(15, 0)),  # 9 of 12 hours: 24 × 12/9 = 32
    PastDay(dt.date(2026, 10, 31), 35),
    PastDay(dt.date(2026, 10, 24), 99),  # five weeks back: not used
    PastDay(dt.date(2026, 11, 27), 80),  # a Friday: not used
]


def test_a_sold_out_day_hid_demand_estimated_from_the_rate_before_it():
    assert demand(HISTORY[0], HOURS) == 60
    assert demand(HISTORY[1], HOURS) == 40
    assert round(demand(HISTORY[2], HOURS), 6) == 32
    assert demand(PastDay(SATURDAY, 20, dt.time(6, 10)), HOURS) == 40  # gone at opening: at most twice


def test_the_suggestion_weighs_recent_weeks_and_adds_preorders_less_carried():
    s = suggest(SATURDAY, HISTORY, preorders=12, carried=5, hours=HOURS)
    # (4×60 + 3×40 + 2×32 + 1×35) / 10 = 45.9 → 46
    assert (s.baseline, s.preorders, s.carried, s.quantity) == (46, 12, 5, 53)
    assert (s.days_used, s.sold_out_days) == (4, 2)
    assert naive(SATURDAY, HISTORY) == 30  # last Saturday's sales: the rule the suggestion beats


def test_no_history_suggests_only_the_preorders_and_never_below_nothing():
    assert suggest(SATURDAY, [], preorders=3).quantity == 3
    assert suggest(SATURDAY, [PastDay(dt.date(2026, 11, 21), 4)], carried=10).quantity == 0


def test_every_leftover_goes_somewhere_exactly_once():
    check_split(5000, 2000, {CARRIED: 3000, THROWN_AWAY: 4000})
    for split, code in (({CARRIED: 3000}, "not_whole"), ({CARRIED: 6000, THROWN_AWAY: 1000}, "carried_twice"),
                        ({"eaten": 7000}, "unknown_outcome")):
        try:
            check_split(5000, 2000, split)
        except SplitError as exc:
            assert exc.code == code
        else:
            raise AssertionError(split)
