"""PIN keys: one slow derivation per PIN typed, whoever it belongs to.

Staff log in by PIN alone, so the program finds who is typing from the PIN. With a salt per person that
costs one derivation per person; instead the PIN is derived once with the shop's own salt (table
pin_salt, made by migration 0023) at a cost of about 0.25 s (tests/perf/bench_pin.py measures it) and
the result is compared, in constant time, with every person's stored key. The same key makes "two people
never share a PIN" exact, inactive people included.

A copied database file then costs an attacker 0.25 s per guessed PIN: a 4-digit PIN space takes about
40 minutes of one core, a 6-digit one about 70 hours (owners are offered 6 digits).

Rows from before migration 0023 hold a per-person scrypt hash (``pin_hash``) and no key; they keep working,
and get their key (and lose the old, cheaper hash) the next time their PIN is typed right. A key made at
another cost than today's works the same way.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from pos.models import PinSalt
from pos.services.rules import READ, allowed


@dataclass(frozen=True)
class Cost:
    n: int
    r: int
    p: int


# About 0.25 s a derivation on the development machine (2 cores; tests/perf/bench_pin.py), 64 MiB of memory.
COST = Cost(n=2**16, r=8, p=1)
_LEGACY = Cost(n=2**14, r=8, p=1)  # the per-person hashes before migration 0023

# TESTS ONLY: the test suite (tests/conftest.py) sets POS_TEST_PIN_COST="n,r,p" to a tiny cost so that its
# thousands of PINs stay fast. Production never sets it; a key made at that cost is upgraded to COST the next
# time its PIN is typed right in a program without the variable.
_TEST_COST = os.environ.get("POS_TEST_PIN_COST")
current_cost = Cost(*(int(x) for x in _TEST_COST.split(","))) if _TEST_COST else COST


# The back office passes the owner's PIN with every call it makes, and each is checked: the last few keys
# derived are kept in this process for a few minutes so that a screen of owner's calls costs one derivation,
# not one each. Guessing gains nothing (each new PIN is derived); the PINs are in this process's memory anyway.
_RECENT: OrderedDict[tuple[str, bytes, Cost], tuple[float, bytes]] = OrderedDict()
_RECENT_SIZE, _RECENT_SECONDS = 4, 300.0
_recent_lock = threading.Lock()


def _derived(pin: str, salt: bytes, cost: Cost) -> bytes:
    entry, now = (pin, salt, cost), time.monotonic()
    with _recent_lock:
        found = _RECENT.get(entry)
        if found is not None and now - found[0] < _RECENT_SECONDS:
            return found[1]
    key = _scrypt(pin, salt, cost)
    with _recent_lock:
        _RECENT[entry] = (now, key)
        _RECENT.move_to_end(entry)
        while len(_RECENT) > _RECENT_SIZE:
            _RECENT.popitem(last=False)
    return key


def _scrypt(pin: str, salt: bytes, cost: Cost) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=cost.n, r=cost.r, p=cost.p,
                          maxmem=128 * cost.r * cost.n * 2 + 2**20)


def _shop_salt() -> bytes:
    row = PinSalt.select().order_by(PinSalt.id).first()
    if row is None:  # a database made without migration 0023's row (never in practice): make one
        row = PinSalt.create(salt=os.urandom(16).hex())
    return bytes.fromhex(row.salt)


def _format(cost: Cost, key: bytes) -> str:
    return f"scrypt${cost.n}${cost.r}${cost.p}${key.hex()}"


def _cost_of(stored: str) -> Cost | None:
    try:
        scheme, n, r, p, _key = stored.split("$")
        return Cost(int(n), int(r), int(p)) if scheme == "scrypt" else None
    except ValueError:
        return None


class TypedPin:
    """A PIN typed once, derived lazily (at most once per cost) and compared with stored keys and hashes."""

    def __init__(self, pin: str) -> None:
        self.pin = pin or ""
        self._salt: bytes | None = None
        self._keys: dict[Cost, str] = {}

    def key(self, cost: Cost | None = None) -> str:
        cost = cost or current_cost
        if cost not in self._keys:
            if self._salt is None:
                self._salt = _shop_salt()
            self._keys[cost] = _format(cost, _derived(self.pin, self._salt, cost))
        return self._keys[cost]

    def matches_key(self, stored: str | None) -> bool:
        """Whether ``stored`` (a pin_key) is this PIN's key; one derivation per cost, however many rows."""
        cost = _cost_of(stored or "")
        return cost is not None and hmac.compare_digest(self.key(cost), stored)

    def is_current(self, stored: str | None) -> bool:
        return _cost_of(stored or "") == current_cost


@allowed(READ)
def legacy_matches(pin: str, stored: str) -> bool:
    """A per-person hash from before migration 0023: "scrypt$<salt hex>$<hash hex>"."""
    try:
        scheme, salt_hex, digest_hex = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    expected = _scrypt(pin, bytes.fromhex(salt_hex), _LEGACY)
    return hmac.compare_digest(expected.hex(), digest_hex)


@allowed(READ)
def legacy_hash(pin: str, salt: bytes | None = None) -> str:
    """A per-person hash as stored before migration 0023 (tests of the upgrade make one)."""
    salt = salt or os.urandom(16)
    return f"scrypt${salt.hex()}${_scrypt(pin, salt, _LEGACY).hex()}"


@allowed(READ)
def holds(typed: TypedPin, pin_key: str | None, pin_hash: str) -> bool:
    """Whether a staff row (its key, or its old hash while it has no key) holds the PIN typed."""
    if pin_key:
        return typed.matches_key(pin_key)
    return bool(pin_hash) and legacy_matches(typed.pin, pin_hash)
