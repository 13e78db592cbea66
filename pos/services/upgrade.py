"""Safe upgrades: before a new version's migrations change a shop's database, a way back exists.

SQLite: a consistent copy (the online backup API) goes into the backups folder as
``before-upgrade-<old schema>-<shop's local time>.db``; if it cannot be written, nothing is upgraded.
PostgreSQL: the program cannot copy the server's database itself, so it names the ``pg_dump`` command and
upgrades only once the owner confirms (in the window, or ``--yes`` on the command line).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from peewee import Database

from pos.i18n import _
from pos.services import clock
from pos.services.errors import UpgradeNeedsConfirmation
from pos.services.access import READ, allowed

PREFIX = "before-upgrade-"


class Guard:
    """``db.migrate``'s ``before_upgrade`` for one opening; remembers the copy it took."""

    def __init__(self, url: str, path: Path | None, *, confirmed: bool = False) -> None:
        self.url = url
        self.path = path  # the SQLite file; None on PostgreSQL
        self.confirmed = confirmed
        self.backup: Path | None = None
        self.old_schema = 0

    def __call__(self, database: Database, old: int, new: int) -> None:
        self.old_schema = old
        if self.path is None:
            if not self.confirmed:
                raise UpgradeNeedsConfirmation(postgresql_message(self.url, old, new))
            return
        from pos.services.backup import backup_before_upgrade  # loaded only when an upgrade needs its copy

        self.backup = backup_before_upgrade(self.path, old, now=shop_time(database)).path


@allowed(READ)
def shop_time(database: Database) -> dt.datetime:
    """Now on the clock of the shop whose SQLite database this is (its own time zone setting, read raw: the
    models are not bound yet during an upgrade); the default zone if it cannot say."""
    zone = clock.DEFAULT_ZONE
    try:
        row = database.execute_sql("SELECT value FROM shop_setting WHERE key = 'time_zone'").fetchone()
        if row and row[0]:
            zone = str(json.loads(row[0]))
        return clock.local(clock.now(), ZoneInfo(zone))
    except Exception:  # no table yet, a bad value, an unknown zone: the default zone then
        return clock.local(clock.now(), ZoneInfo(clock.DEFAULT_ZONE))


@allowed(READ)
def pg_dump_command(url: str, old: int) -> str:
    """The command that saves the server's database before the upgrade, for the owner to run."""
    parts = urlsplit(url)
    words = ["pg_dump", "-Fc"]
    if parts.hostname:
        words += ["-h", parts.hostname]
    if parts.port:
        words += ["-p", str(parts.port)]
    if parts.username:
        words += ["-U", unquote(parts.username)]
    words += ["-f", f"{PREFIX}{old}.dump", unquote(parts.path.lstrip("/")) or "DBNAME"]
    return " ".join(words)


@allowed(READ)
def postgresql_message(url: str, old: int, new: int) -> str:
    return _("This version upgrades the shop's database from schema {old} to {new}. First save a copy on the "
             "server: {command}. Then confirm the upgrade (on the command line: add --yes).").format(
        old=old, new=new, command=pg_dump_command(url, old))
