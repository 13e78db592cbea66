"""The day's trays (issue #25): what becomes of a leftover, and the figures of one tray. Standard library only."""

from __future__ import annotations

from dataclasses import dataclass

CARRIED, SOLD_OFF, TAKEN_HOME = "carried", "sold_off", "taken_home"
GIVEN_AWAY, THROWN_AWAY = "given_away", "thrown_away"
OUTCOMES = (CARRIED, SOLD_OFF, TAKEN_HOME, GIVEN_AWAY, THROWN_AWAY)
WASTED = (THROWN_AWAY,)  # what the recap calls waste, valued at cost


class SplitError(ValueError):
    """A leftover's split does not add up; ``code`` names how, ``values`` the figures (thousandths)."""

    def __init__(self, code: str, **values: int) -> None:
        super().__init__(code)
        self.code = code
        self.values = values


def check_split(left: int, day_old_left: int, split: dict[str, int]) -> None:
    """Every leftover (fresh ``left`` and yesterday's ``day_old_left``, thousandths) goes somewhere, exactly once:
    the outcomes add up to the whole leftover, none is negative or unknown, and only today's goods are carried
    (yesterday's are not carried a second time)."""
    if any(outcome not in OUTCOMES for outcome in split):
        raise SplitError("unknown_outcome")
    if any(q < 0 for q in split.values()):
        raise SplitError("negative")
    whole = max(left, 0) + max(day_old_left, 0)
    given = sum(split.values())
    if given != whole:
        raise SplitError("not_whole", left=whole, given=given)
    if split.get(CARRIED, 0) > max(left, 0):
        raise SplitError("carried_twice", fresh=max(left, 0))


@dataclass(frozen=True)
class TrayFigures:
    made: int  # thousandths
    day_old: int
    sold: int
    day_old_sold: int

    @property
    def left(self) -> int:
        return self.made - self.sold

    @property
    def day_old_left(self) -> int:
        return self.day_old - self.day_old_sold
