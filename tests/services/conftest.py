"""A demo shop with the cashier's shift open at till K1, for the checkout and refund tests."""

from __future__ import annotations

import threading

import pytest

from pos.models import Product
from pos.money import Money
from pos.services.staff import authenticate
from pos.services.till import open_shift


@pytest.fixture
def make_shop(demo_database):
    def make(opening_float: int) -> dict:
        cashier = authenticate("1111")
        shift = open_shift("K1", cashier.id, Money(opening_float))
        return {"ids": {p.code: p.id for p in Product.select()}, "cashier": cashier.id, "shift": shift.id}

    return make


@pytest.fixture(scope="module")
def tills():
    """Two till processes on the test's database, for the tests that race them (tests/services/tills.py)."""
    from tests.services.tills import Tills

    tills = Tills(2)
    yield tills
    tills.close()


def race(work, tills: int = 2) -> list[str]:
    """Run ``work`` on several tills at the same moment; each returns what happened to it."""
    start, outcomes = threading.Barrier(tills), []

    def till():
        start.wait()
        outcomes.append(work())

    threads = [threading.Thread(target=till) for _ in range(tills)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(outcomes)
