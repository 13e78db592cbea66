"""The rules behind the bring-them-back lists, on hand-built histories with the answers worked out here."""

from __future__ import annotations

import datetime as dt

import pytest

from pos.domain.messages import fill, template_problems
from pos.domain.retention import (History, lapse, monthly_rates, months_back, next_birthday, overdue_after,
                                  quintile_scores, rfm_scores)

TODAY = dt.date(2026, 11, 28)


def history(cid: int, away: int, visits: int, spend: int, every: int = 7) -> History:
    last = TODAY - dt.timedelta(days=away)
    return History.of(cid, [last - dt.timedelta(days=every * i) for i in range(visits)], spend)


def test_a_weekly_buyer_away_20_days_is_lapsed_a_monthly_buyer_is_not():
    weekly = history(1, away=20, visits=4, spend=100000, every=7)
    monthly = history(2, away=20, visits=4, spend=100000, every=30)
    found = lapse(weekly, TODAY, silent_days=60)
    assert found is not None and found.overdue and not found.silent
    assert (found.usual_interval, found.days_away, found.last_visit) == (7, 20, dt.date(2026, 11, 8))
    assert lapse(monthly, TODAY, silent_days=60) is None
    # a weekly buyer away 14 days is not overdue yet (twice the interval is the line), 15 is
    assert lapse(history(3, away=14, visits=4, spend=1), TODAY, 60) is None
    assert lapse(history(3, away=15, visits=4, spend=1), TODAY, 60).overdue


def test_silence_alone_puts_a_customer_on_the_list_and_two_visits_make_no_rhythm():
    twice = history(4, away=45, visits=2, spend=50000, every=3)
    assert lapse(twice, TODAY, silent_days=60) is None
    found = lapse(twice, TODAY, silent_days=45)
    assert found.silent and not found.overdue and found.usual_interval is None
    # the monthly buyer away 20 days is overdue only after 60 days away
    assert lapse(history(2, away=61, visits=4, spend=1, every=30), TODAY, 365).overdue


def test_overdue_is_twice_the_interval_and_at_least_a_week_more():
    assert [overdue_after(i) for i in (1, 3, 7, 14, 30)] == [8, 10, 14, 28, 60]


def test_quintiles_of_ten_different_values_and_of_ties():
    assert quintile_scores({i: i * 10 for i in range(10)}) == dict(zip(range(10), [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]))
    assert quintile_scores({i: i for i in range(10)}, higher_is_better=False)[0] == 5
    # ties take the middle of their block: three equal lowest of five sit at rank 1 of 0..4 → 1 + 5·1/5 = 2
    assert quintile_scores({1: 1, 2: 1, 3: 1, 4: 2, 5: 3}) == {1: 2, 2: 2, 3: 2, 4: 4, 5: 5}
    assert set(quintile_scores(dict.fromkeys(range(10), 0)).values()) == {3}  # ten who all came today


# customer: (days away, visits, spend) → (R, F, M, group), worked out by hand:
# recency, worst first: c7 200, c10 120, c5 90, c8 60, c4 40, c6 10, c2 5, c9 3, c1 2, c3 1 → 1 1 2 2 3 3 4 4 5 5
# frequency, least first: c5 1, c9 1 (tie: both 1), c3 2, c7 2 (tie: both 2), c10 3, c6 6, c8 7, c4 9, c2 10, c1 12
# monetary, least first: c5, c9, c7, c3, c10, c6, c8, c4, c2, c1
TEN = {
    1: ((2, 12, 1_200_000), (5, 5, 5, "champions")),
    2: ((5, 10, 900_000), (4, 5, 5, "champions")),
    3: ((1, 2, 60_000), (5, 2, 2, "new")),
    4: ((40, 9, 800_000), (3, 4, 4, "loyal")),
    5: ((90, 1, 20_000), (2, 1, 1, "lost")),
    6: ((10, 6, 300_000), (3, 3, 3, "others")),
    7: ((200, 2, 40_000), (1, 2, 2, "lost")),
    8: ((60, 7, 500_000), (2, 4, 4, "at_risk")),
    9: ((3, 1, 25_000), (4, 1, 1, "new")),
    10: ((120, 3, 100_000), (1, 3, 3, "at_risk")),
}


def test_rfm_scores_and_groups_of_ten_customers():
    histories = [history(cid, *facts, every=1) for cid, (facts, _expected) in TEN.items()]
    got = {s.customer_id: (s.recency, s.frequency, s.monetary, s.group) for s in rfm_scores(histories, TODAY)}
    assert got == {cid: expected for cid, (_facts, expected) in TEN.items()}
    assert rfm_scores([], TODAY) == []


def test_birthdays_come_round_and_29_february_is_kept_on_the_28th():
    assert next_birthday(dt.date(1990, 12, 1), TODAY) == dt.date(2026, 12, 1)
    assert next_birthday(dt.date(1990, 11, 28), TODAY) == TODAY
    assert next_birthday(dt.date(1990, 1, 3), TODAY) == dt.date(2027, 1, 3)
    assert next_birthday(dt.date(2000, 2, 29), dt.date(2027, 2, 1)) == dt.date(2027, 2, 28)
    assert next_birthday(dt.date(2000, 2, 29), dt.date(2028, 2, 1)) == dt.date(2028, 2, 29)


def test_returning_rate_of_a_month_by_hand():
    d = dt.date
    histories = [
        History.of(1, (d(2026, 9, 5), d(2026, 10, 3), d(2026, 11, 2)), 3),  # came before: returning in Oct and Nov
        History.of(2, (d(2026, 10, 10), d(2026, 10, 20)), 2),  # new in October, twice in it: not returning in Oct
        History.of(3, (d(2026, 11, 1),), 1),  # new in November
        History.of(4, (d(2026, 8, 1), d(2026, 11, 15)), 2),  # back in November after a long time
        History.of(5, (d(2026, 10, 31),), 1),  # new in October, did not come back
    ]
    oct_, nov = monthly_rates(histories, months_back(TODAY, 2))
    assert (oct_.month, oct_.buyers, oct_.returning, oct_.new) == ("2026-10", 3, 1, 2)
    assert (nov.month, nov.buyers, nov.returning, nov.new) == ("2026-11", 3, 2, 1)
    assert nov.rate == pytest.approx(2 / 3)
    assert months_back(dt.date(2026, 2, 10), 3) == ["2025-12", "2026-01", "2026-02"]


def test_templates_fill_in_and_unknown_placeholders_are_found():
    text = "Halo {nama}, {produk_favorit} di {toko} sudah siap. {promo}"
    assert template_problems(text) == []
    assert fill(text, {"nama": "Bu Siti", "toko": "Roti Ana", "produk_favorit": "Roti sobek"}) == \
        "Halo Bu Siti, Roti sobek di Roti Ana sudah siap."
    assert template_problems("Halo {name} dan {nama} {name}") == ["{name}"]
    assert template_problems("Halo {nama") == ["{"]
    assert template_problems("Diskon {promo:>10}") == ["{"]
    assert fill("Stempel: {stempel}\n\nSampai jumpa , {nama} !", {"stempel": "3/10", "nama": "Ani"}) == \
        "Stempel: 3/10\n\nSampai jumpa, Ani!"
