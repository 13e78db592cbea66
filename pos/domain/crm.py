"""What the customer book can tell about a customer from their visits."""

from __future__ import annotations

import datetime as dt
from statistics import median


def usual_interval(visits: list[dt.date] | list[dt.datetime]) -> int | None:
    """The customer's usual number of days between visits (median gap of distinct days), or None.

    Several purchases on one day are one visit; fewer than three visits say nothing yet.
    """
    return median_gap(sorted({(v.date() if isinstance(v, dt.datetime) else v).toordinal() for v in visits}))


def median_gap(days) -> int | None:
    """usual_interval of visit days given as day numbers (date.toordinal()), sorted, each once."""
    if len(days) < 3:
        return None
    return round(median([b - a for a, b in zip(days, days[1:])]))
