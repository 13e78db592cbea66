"""What the customer book can tell about a customer from their visits."""

from __future__ import annotations

import datetime as dt
from statistics import median


def usual_interval(visits: list[dt.date] | list[dt.datetime]) -> int | None:
    """The customer's usual number of days between visits (median gap of distinct days), or None.

    Several purchases on one day are one visit; fewer than three visits say nothing yet.
    """
    days = sorted({v.date() if isinstance(v, dt.datetime) else v for v in visits})
    if len(days) < 3:
        return None
    gaps = [(b - a).days for a, b in zip(days, days[1:])]
    return round(median(gaps))
