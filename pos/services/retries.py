"""A transaction that lost a race on PostgreSQL (a serialization failure, a deadlock) is run again, unseen.

PostgreSQL aborts one of two transactions that wait on each other (a deadlock, SQLSTATE 40P01) or that it cannot
order (a serialization failure, 40001) and says so; the work itself was right, and the same work run again a moment
later goes through. SQLite never answers so: its write transactions take the whole file at their start.
"""

from __future__ import annotations

import random
import time

from pos.services.access import READ, allowed

TRANSIENT = frozenset({"40001", "40P01"})  # serialization_failure, deadlock_detected
ATTEMPTS = 5  # the first try and four more; a till that loses five races in a row is told the database is busy


@allowed(READ)
def transient(error: BaseException) -> bool:
    """Whether the database aborted the transaction only because another one raced it."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:  # peewee wraps the driver's error: its first argument
        seen.add(id(current))
        if getattr(current, "sqlstate", None) in TRANSIENT:
            return True
        inner = current.args[0] if current.args and isinstance(current.args[0], BaseException) else None
        current = inner or current.__cause__ or current.__context__
    return False


@allowed(READ)
def pause(attempt: int) -> None:
    """A short random wait before the next try (a few milliseconds, doubling), so two racers do not meet again."""
    time.sleep(random.uniform(0.001, 0.004) * 2 ** attempt)
