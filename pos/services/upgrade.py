"""Safe upgrades: before a new version's migrations change a shop's database, a way back exists.

SQLite: a consistent copy (the online backup API) goes into the backups folder as
``before-upgrade-<old schema>-<shop's local time>.db``; if it cannot be written, nothing is upgraded.
PostgreSQL: the program cannot copy the server's database itself, so it names the ``pg_dump`` command and
upgrades only once the owner confirms (in the window, or ``--yes`` on the command line). A till whose login may not
change the schema (the tills' role of ``pos server init``) is told that the owner runs ``pos server upgrade``.
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
from pos.services.errors import PosError, UpgradeNeedsConfirmation
from pos.services.access import READ, allowed

PREFIX = "before-upgrade-"


class ServerUpgradeNeeded(PosError):
    """The schema is older than the program and this login may not change it: the owner upgrades on the server."""


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
            if not may_change_schema(database):
                raise ServerUpgradeNeeded(server_upgrade_message(self.url, database, old, new))
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
def may_change_schema(database: Database) -> bool:
    """PostgreSQL: this login owns the shop's tables (or is a superuser) and may create tables."""
    row = database.execute_sql(
        "SELECT pg_has_role(c.relowner, 'USAGE') AND has_schema_privilege(c.relnamespace, 'CREATE') "
        "FROM pg_class c WHERE c.relname = 'schema_migration' AND c.relkind = 'r' "
        "AND pg_table_is_visible(c.oid)").fetchone()
    return bool(row and row[0])


@allowed(READ)
def server_upgrade_message(url: str, database: Database, old: int, new: int) -> str:
    user = database.execute_sql("SELECT current_user").fetchone()[0]
    parts = urlsplit(url)
    where = f"{parts.hostname or 'localhost'}" + (f":{parts.port}" if parts.port else "")
    command = f"pos server upgrade postgresql://ADMIN@{where}/{unquote(parts.path.lstrip('/'))}"
    return _("This version of Langganan needs the shop's database at schema {new}; it is at {old}, and this till's "
             "login ({user}) may not change it. On the server, the owner runs: {command} (ADMIN: the server's "
             "administrator, e.g. postgres). Until then, use the previous version here.").format(
        new=new, old=old, user=user, command=command)


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
