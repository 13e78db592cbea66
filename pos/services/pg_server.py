"""Preparing a PostgreSQL server for a shop's tills: ``pos server init`` and ``pos server upgrade``.

``init`` runs once, as the server's administrator (``postgresql://postgres@host/``): it creates the shop's
database (owned by the administrator, who alone changes its schema), migrates it, and creates a login role for
the tills. The tills' role reads and writes the shop's data and nothing more:

- SELECT, INSERT, UPDATE, DELETE on the shop's tables, USAGE and SELECT on their id sequences; never TRUNCATE,
  never the schema (it owns nothing, and CREATE on the schema ``public`` is taken from everyone);
- the audit log is append-only for it: SELECT and INSERT only (the triggers of migrations 0002 and 0022 refuse
  UPDATE, DELETE and TRUNCATE for everybody on top);
- the migration history is read-only for it;
- default privileges give it the same on the tables and sequences a later upgrade by the administrator adds, and
  ``upgrade`` grants again after migrating (the audit log's exception included).

A till on that role cannot migrate: opening a database whose schema is older than the program says that the owner
runs ``pos server upgrade postgresql://ADMIN@host/db`` (``pos.services.upgrade``), instead of failing on the first
CREATE TABLE.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from peewee import Database

from pos.i18n import _
from pos.services import db
from pos.services.access import ANYONE, READ, allowed
from pos.services.errors import InvalidInput, SchemaTooNew
from pos.services.upgrade import Guard

DEFAULT_DATABASE = "langganan"
DEFAULT_ROLE = "kasir"
APPEND_ONLY = ("audit_entry",)  # tables the tills may only add to
READ_ONLY = (db.MIGRATIONS_TABLE,)  # tables the tills only read
NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


@dataclass(frozen=True)
class ServerShop:
    """What ``init`` made and what to give the tills."""

    host: str
    port: int
    database: str
    role: str
    password: str | None  # None: the role existed and kept its password
    created_database: bool
    created_role: bool
    schema_version: int

    @property
    def till_url(self) -> str:
        user = quote(self.role, safe="") + (":" + quote(self.password, safe="") if self.password else "")
        return f"postgresql://{user}@{self.host}:{self.port}/{self.database}"


@allowed(READ)
def check_name(name: str, what: str) -> str:
    """A database or role name the program writes into SQL: lower-case letters, digits and _ only."""
    if not NAME.match(name or ""):
        raise InvalidInput(_("{what} {name!r}: use lower-case letters, digits and _ (at most 63), starting with a "
                             "letter.").format(what=what, name=name))
    return name


def _url_with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + quote(name, safe="")))


def _literal(text: str) -> str:
    """A SQL string literal (PostgreSQL with standard_conforming_strings, its default since 9.1)."""
    if "\x00" in text:
        raise InvalidInput(_("A password cannot hold a NUL character."))
    return "'" + text.replace("'", "''") + "'"


@allowed(ANYONE, why="needs the server administrator's login; makes a database and a role on that server")
def init_server(admin_url: str, name: str = DEFAULT_DATABASE, role: str = DEFAULT_ROLE,
                password: str | None = None) -> ServerShop:
    """Create the shop's database (if missing), migrate it, create the tills' role (if missing) and grant it."""
    check_name(name, _("Database name"))
    check_name(role, _("Role name"))
    if db.url_engine(admin_url) != "postgresql":
        raise InvalidInput(_("pos server init needs a PostgreSQL address: postgresql://ADMIN@host/"))
    parts = urlsplit(admin_url)
    maintenance = unquote(parts.path.lstrip("/")) or "postgres"
    server = db.connect(_url_with_database(admin_url, maintenance))
    try:
        created_database = not server.execute_sql("SELECT 1 FROM pg_database WHERE datname = %s",
                                                  (name,)).fetchone()
        if created_database:
            server.execute_sql(f'CREATE DATABASE "{name}"')
        created_role, password = _ensure_role(server, role, password)
    finally:
        server.close()
    shop = db.connect(_url_with_database(admin_url, name))
    try:
        _refuse_foreign_owner(shop, role)
        applied = db.applied_migrations(shop)
        if applied and sorted(applied) != sorted(db.known_migrations()):
            raise SchemaTooNew(_("The database {name} exists with schema {theirs}: upgrade it with pos server "
                                 "upgrade instead.").format(name=name, theirs=db.schema_version_of(applied)))
        shop.execute_sql(f'REVOKE ALL ON DATABASE "{name}" FROM PUBLIC')
        shop.execute_sql(f'GRANT CONNECT, TEMPORARY ON DATABASE "{name}" TO "{role}"')
        shop.execute_sql("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
        db.migrate(shop)
        grant_tills(shop, [role])
        version = db.schema_version_of(db.applied_migrations(shop))
    finally:
        shop.close()
    return ServerShop(parts.hostname or "localhost", parts.port or 5432, name, role, password, created_database,
                      created_role, version)


def _ensure_role(server: Database, role: str, password: str | None) -> tuple[bool, str | None]:
    row = server.execute_sql("SELECT rolsuper OR rolcreaterole OR rolcreatedb FROM pg_roles WHERE rolname = %s",
                             (role,)).fetchone()
    if row is None:
        password = password or secrets.token_urlsafe(12)
        server.execute_sql(f'CREATE ROLE "{role}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE '
                           f"PASSWORD {_literal(password)}")
        return True, password
    if row[0]:
        raise InvalidInput(_("The role {role} may create databases or roles; the tills need a role of their own "
                             "(--role).").format(role=role))
    if password:
        server.execute_sql(f'ALTER ROLE "{role}" LOGIN PASSWORD {_literal(password)}')
    return False, password


def _refuse_foreign_owner(shop: Database, role: str) -> None:
    owner = shop.execute_sql("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"
                             ).fetchone()[0]
    if owner == role:
        raise InvalidInput(_("The role {role} owns the database; the tills need a role that does not (--role).")
                           .format(role=role))


@allowed(ANYONE, why="needs the server administrator's login; grants the tills' role on the shop's tables")
def grant_tills(shop: Database, roles: list[str]) -> None:
    """The tills' rights on every table and sequence (now and, by default privileges, later), in one transaction."""
    with shop.atomic():
        for role in roles:
            who = f'"{check_name(role, _("Role name"))}"'
            shop.execute_sql(f"GRANT USAGE ON SCHEMA public TO {who}")
            shop.execute_sql(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {who}")
            shop.execute_sql(f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM {who}")
            for table in APPEND_ONLY:
                shop.execute_sql(f'REVOKE UPDATE, DELETE, TRUNCATE ON "{table}" FROM {who}')
            for table in READ_ONLY:
                shop.execute_sql(f'REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "{table}" FROM {who}')
            shop.execute_sql(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {who}")
            shop.execute_sql("ALTER DEFAULT PRIVILEGES IN SCHEMA public "
                             f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {who}")
            shop.execute_sql(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {who}")


@allowed(READ)
def till_roles(shop: Database) -> list[str]:
    """The roles granted on the shop's sales (the tills' roles), the tables' owner left out."""
    rows = shop.execute_sql(
        "SELECT DISTINCT r.rolname FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a "
        "JOIN pg_roles r ON r.oid = a.grantee WHERE c.relname = 'sale' AND c.relkind = 'r' "
        "AND a.privilege_type = 'INSERT' AND a.grantee <> c.relowner ORDER BY 1").fetchall()
    return [r[0] for r in rows]


@dataclass(frozen=True)
class ServerUpgrade:
    old_schema: int
    new_schema: int
    roles: tuple[str, ...]  # the tills' roles granted again


@allowed(ANYONE, why="needs the server administrator's login; the pg_dump copy is confirmed first")
def upgrade_server(admin_url: str, confirmed: bool = False) -> ServerUpgrade:
    """Migrate the shop's database as its owner (after the owner's yes that a pg_dump copy exists), then grant the
    tills' roles on what the upgrade added."""
    if db.url_engine(admin_url) != "postgresql":
        raise InvalidInput(_("pos server upgrade needs a PostgreSQL address: postgresql://ADMIN@host/DATABASE"))
    shop = db.connect(admin_url)
    try:
        old = db.schema_version_of(db.applied_migrations(shop))
        db.migrate(shop, before_upgrade=Guard(admin_url, None, confirmed=confirmed))
        roles = till_roles(shop)
        if roles:
            grant_tills(shop, roles)
        return ServerUpgrade(old, db.schema_version_of(db.applied_migrations(shop)), tuple(roles))
    finally:
        shop.close()
