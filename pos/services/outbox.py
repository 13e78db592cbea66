"""The till's outbox: sales made while the server was away, kept on this computer until it is back.

One SQLite file per till in the user's data folder (``outbox-K1.db``), WAL with ``synchronous=FULL``: a sale is
committed here before the till shows it as completed, and a power cut after that loses nothing. The file also
holds the last receipt number this till used (``note_number`` after every sale through the server), so that a
sale kept here gets the next one: no other computer holds this till, so its numbers stay gap-free and unique.

Rows are forwarded in the order they were kept (``pos.services.forwarding``) and marked sent once the server
stored them; nothing is ever deleted from a till's outbox by the program (it is the paper trail of the outage).
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pos.i18n import _
from pos.services.errors import NotAllowed
from pos.services.files import create_private
from pos.services.rules import ANYONE, READ, allowed
from pos.settings import data_dir

_SCHEMA = """
CREATE TABLE IF NOT EXISTS kept_sale (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    till_id TEXT NOT NULL,
    cart_id TEXT NOT NULL UNIQUE,
    number TEXT NOT NULL UNIQUE,
    payload TEXT NOT NULL,
    sent_number TEXT,
    problem TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS last_number (
    till_id TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
"""
_NUMBER = re.compile(r"^(?P<till>.+)-(?P<value>\d{6,})$")


@dataclass(frozen=True)
class KeptSale:
    seq: int
    till_id: str
    cart_id: str
    number: str
    payload: dict[str, Any]  # what forwarding needs: see pos.services.offline_sale.keep_sale


@allowed(READ)
def outbox_path(till_id: str) -> Path:
    safe = re.sub(r"[^A-Za-z0-9_-]", "_", till_id)
    return data_dir() / f"outbox-{safe}.db"


_local = threading.local()  # each thread's connection to the file it used last (one open and close per sale
# would cost a checkpoint each time)


def _open(till_id: str) -> sqlite3.Connection:
    path = outbox_path(till_id)
    known = getattr(_local, "conn", None)
    if known is not None and _local.path == path and path.exists():
        return known
    if known is not None:
        known.close()
    path.parent.mkdir(parents=True, exist_ok=True)
    create_private(path)
    conn = sqlite3.connect(str(path), timeout=10, isolation_level=None, check_same_thread=True)
    conn.execute("PRAGMA journal_mode=wal")
    conn.execute("PRAGMA synchronous=full")
    conn.executescript(_SCHEMA)
    _local.conn, _local.path = conn, path
    return conn


@contextmanager
def _quick(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A write whose loss in a power cut is harmless (a mark that a sale was sent: the next forwarding sends it
    again and the idempotent checkout answers with the sale it stored): committed without waiting for the disk."""
    conn.execute("PRAGMA synchronous=normal")
    try:
        yield conn
    finally:
        conn.execute("PRAGMA synchronous=full")


@allowed(READ)
def number_value(number: str, till_id: str) -> int | None:
    found = _NUMBER.match(number)
    if found is None or found.group("till") != till_id:
        return None
    return int(found.group("value"))


@allowed(ANYONE, why="this till's own file: the last receipt number it used")
def note_number(till_id: str, number: str) -> None:
    """The till used ``number`` (a sale through the server): an offline sale gets a later one."""
    value = number_value(number, till_id)
    if value is None:
        return
    conn = _open(till_id)
    conn.execute("INSERT INTO last_number (till_id, value) VALUES (?, ?) ON CONFLICT (till_id) DO UPDATE "
                 "SET value = max(value, excluded.value)", (till_id, value))


@allowed(READ)
def last_number(till_id: str) -> int | None:
    conn = _open(till_id)
    row = conn.execute("SELECT value FROM last_number WHERE till_id = ?", (till_id,)).fetchone()
    return row[0] if row else None


@allowed(ANYONE, why="this till's own file: a sale kept while the server is away")
def keep(till_id: str, cart_id: str, payload: dict[str, Any]) -> str:
    """Store the sale under the till's next receipt number, durably, in one transaction; the number.
    The same cart kept twice (a second press of Pay) is kept once: its number again."""
    conn = _open(till_id)
    conn.execute("BEGIN IMMEDIATE")
    try:
        known = conn.execute("SELECT number FROM kept_sale WHERE cart_id = ?", (cart_id,)).fetchone()
        if known is not None:
            conn.execute("ROLLBACK")
            return known[0]
        row = conn.execute("SELECT value FROM last_number WHERE till_id = ?", (till_id,)).fetchone()
        if row is None:
            raise NotAllowed(_("This till has not sold through the server yet, so it cannot number a sale "
                               "while the server is away. Wait until the server is back."))
        value = row[0] + 1
        number = f"{till_id}-{value:06d}"
        conn.execute("INSERT INTO kept_sale (till_id, cart_id, number, payload) VALUES (?, ?, ?, ?)",
                     (till_id, cart_id, number, json.dumps(payload, sort_keys=True)))
        conn.execute("UPDATE last_number SET value = ? WHERE till_id = ?", (value, till_id))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return number


@allowed(READ)
def kept_number(till_id: str, cart_id: str) -> str | None:
    """The number a cart was kept under on this till (None: never kept here)."""
    if not outbox_path(till_id).exists():
        return None
    row = _open(till_id).execute("SELECT number FROM kept_sale WHERE cart_id = ?", (cart_id,)).fetchone()
    return row[0] if row else None


@allowed(READ)
def waiting(till_id: str) -> list[KeptSale]:
    """The sales not yet on the server, in the order they were made."""
    if not outbox_path(till_id).exists():
        return []
    conn = _open(till_id)
    rows = conn.execute("SELECT seq, till_id, cart_id, number, payload FROM kept_sale "
                        "WHERE till_id = ? AND sent_number IS NULL ORDER BY seq", (till_id,)).fetchall()
    return [KeptSale(seq, till, cart, number, json.loads(payload)) for seq, till, cart, number, payload in rows]


@allowed(READ)
def waiting_count(till_id: str) -> int:
    if not outbox_path(till_id).exists():
        return 0
    conn = _open(till_id)
    return conn.execute("SELECT COUNT(*) FROM kept_sale WHERE till_id = ? AND sent_number IS NULL",
                        (till_id,)).fetchone()[0]


@allowed(READ)
def problem(till_id: str) -> str:
    """Why the first waiting sale could not be forwarded last time ('' when nothing went wrong)."""
    if not outbox_path(till_id).exists():
        return ""
    conn = _open(till_id)
    row = conn.execute("SELECT problem FROM kept_sale WHERE till_id = ? AND sent_number IS NULL "
                       "ORDER BY seq LIMIT 1", (till_id,)).fetchone()
    return row[0] if row else ""


@allowed(ANYONE, why="this till's own file: the server stored a kept sale")
def mark_sent(till_id: str, seq: int, server_number: str) -> None:
    with _quick(_open(till_id)) as conn:
        conn.execute("UPDATE kept_sale SET sent_number = ?, problem = '' WHERE seq = ?", (server_number, seq))


@allowed(ANYONE, why="this till's own file: why a kept sale waits")
def mark_problem(till_id: str, seq: int, why: str) -> None:
    with _quick(_open(till_id)) as conn:
        conn.execute("UPDATE kept_sale SET problem = ? WHERE seq = ?", (why, seq))
