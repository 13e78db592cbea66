"""Is the shop's server there? One answer for the whole till, kept here.

A till on PostgreSQL that cannot reach the server (the connection fails, or no answer within ``ANSWER_WITHIN``
seconds: the connect timeout, TCP keepalives, the kernel's limit on unacknowledged data, and on the thread that
sells the server's statement timeout) goes *offline*: it keeps selling what it safely can into its outbox
(``pos.services.outbox``) and asks the server again in the background (``probe``) until it answers.
A till on SQLite is never offline: its database is on its own disk.

The state is process-wide (the window's thread and its worker threads share it); the window shows it in the
status bar and listens for changes with ``subscribe``.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any

from peewee import DatabaseError, InterfaceError, PostgresqlDatabase

from pos.models import db
from pos.services.errors import DatabaseUnavailable, first_line
from pos.services.rules import ANYONE, READ, allowed
from pos.services.server_waits import waits_for_server

ANSWER_WITHIN = 2  # seconds: a server that has not answered by then is taken as gone

_lock = threading.Lock()
_state: dict[str, Any] = {"offline": False, "reason": "", "selling_thread": None}
_listeners: list[Callable[[bool], None]] = []


@allowed(READ)
def pg_connect_options() -> dict[str, Any]:
    """libpq's options for a connection that notices a gone server within ``ANSWER_WITHIN`` seconds."""
    return {
        "connect_timeout": ANSWER_WITHIN,
        "keepalives": 1, "keepalives_idle": ANSWER_WITHIN, "keepalives_interval": 1, "keepalives_count": 2,
        "tcp_user_timeout": ANSWER_WITHIN * 1000,  # ms: data sent and not acknowledged by then: the link is gone
    }


@allowed(ANYONE, why="a machine choice of this process; nothing is stored")
def sell_on_this_thread() -> None:
    """The till sells on the calling thread (the window's): the server gives up a statement of this thread's
    connections after ``ANSWER_WITHIN`` seconds. Other threads (a long report, the forwarding) and the command
    line have no such limit. Applies to connections made after."""
    _state["selling_thread"] = threading.get_ident()


@allowed(ANYONE, why="sets a limit on a new connection of the selling thread; nothing is stored")
def prepare_connection(conn: Any) -> None:
    """Called for each new connection to the server (pos.services.db), on the thread that will use it."""
    if _state.get("selling_thread") == threading.get_ident():
        conn.execute(f"SET statement_timeout = {ANSWER_WITHIN * 1000}")


def _timed_out(error: BaseException | None) -> bool:
    """A statement the server gave up after ``ANSWER_WITHIN`` seconds (SQLSTATE 57014), anywhere in the chain."""
    seen = 0
    while error is not None and seen < 8:
        if getattr(error, "sqlstate", None) == "57014":
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


@allowed(READ)
def can_go_offline() -> bool:
    """Only a till on a server can lose it."""
    return isinstance(db.obj, PostgresqlDatabase)


@allowed(READ)
def offline() -> bool:
    return bool(_state["offline"])


@allowed(READ)
def reason() -> str:
    return str(_state["reason"])


@allowed(ANYONE, why="this process's view of the server; nothing is stored")
def subscribe(listener: Callable[[bool], None]) -> None:
    """``listener(offline)`` whenever the state changes (called on the thread that noticed it)."""
    if listener not in _listeners:
        _listeners.append(listener)


@allowed(ANYONE, why="this process's view of the server; nothing is stored")
def unsubscribe(listener: Callable[[bool], None]) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def _set(is_offline: bool, why: str = "") -> None:
    with _lock:
        changed = _state["offline"] != is_offline
        _state["offline"], _state["reason"] = is_offline, why
    if changed:
        for listener in list(_listeners):
            listener(is_offline)


@allowed(ANYONE, why="this process's view of the server; nothing is stored")
def went_offline(why: str) -> None:
    _set(True, why)


@allowed(ANYONE, why="this process's view of the server; nothing is stored")
def back_online() -> None:
    _set(False)


@allowed(ANYONE, why="drops this thread's broken connection; nothing is stored")
def drop_connection() -> None:
    """Forget this thread's connection (a dead one refuses every query); the next query connects again."""
    database = db.obj
    if database is None:
        return
    try:
        database.close()
    except Exception:  # noqa: BLE001 - a dead connection, or one mid-transaction: forgotten all the same
        state = getattr(database, "_state", None)
        if state is not None:
            state.reset()


@allowed(ANYONE, why="asks the server whether it answers; nothing is stored")
def probe() -> bool:
    """Ask the server once, on this thread's own connection (a fresh one after a failure): True when it answers.
    Sets the state either way. Costs at most about ``ANSWER_WITHIN`` seconds when the server is gone."""
    if not can_go_offline():
        return True
    database = db.obj
    for fresh in (database.is_closed(), True):  # an open connection may be one an outage left broken: once more
        try:
            if database.is_closed():
                database.connect(reuse_if_open=True)
            database.execute_sql("SELECT 1").fetchone()
            break
        except (DatabaseError, InterfaceError, DatabaseUnavailable, OSError) as exc:
            drop_connection()
            if fresh:
                went_offline(first_line(exc))
                return False
    back_online()
    return True


@allowed(ANYONE, why="decides whether a failure means the server is gone; nothing is stored")
def server_gone(error: BaseException) -> bool:
    """After a query failed: True when the server does not answer (the state goes offline), False when it answers
    and the failure was something else (a lock, a refused write)."""
    if not can_go_offline():
        return False
    drop_connection()  # a connection that failed mid-way is of no further use
    if _timed_out(error):  # no answer within the limit: as good as gone for a till with a customer waiting
        _set(True, first_line(error))
        return True
    if probe():
        return False
    _set(True, first_line(error))
    return True


@allowed(READ)
def needs_server(action: str) -> Callable:
    """A decorator for a use case that needs the server's truth (an open bill shared by the tills, the print
    queue): while the server is away, or when it stops answering during the call, it raises DatabaseUnavailable
    saying that ``action`` waits for the server (``server_waits``), never a raw database error."""
    def decorate(function: Callable) -> Callable:
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            if offline():
                raise DatabaseUnavailable(waits_for_server(action))
            try:
                return function(*args, **kwargs)
            except (DatabaseError, InterfaceError, DatabaseUnavailable) as exc:
                if server_gone(exc):
                    raise DatabaseUnavailable(waits_for_server(action)) from None
                raise
        return wrapper
    return decorate


