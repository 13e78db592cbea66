"""*Test connection*: can this computer reach the shop's server, and is the database there a Langganan shop?

The check opens a connection of its own (the program's database stays as it is) and says what is wrong in the
user's language: a server that cannot be reached, a user or password refused, a database that does not exist,
a computer the server does not let in, a database that is not a Langganan shop.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

from pos.i18n import _
from pos.models.driver import load_postgres_driver
from pos.services.errors import InvalidInput
from pos.services.rules import READ, allowed
from pos.services.schema_migrations import MIGRATIONS_TABLE

CONNECT_TIMEOUT = 5  # seconds
DEFAULT_PORT = 5432
DEFAULT_DATABASE = "langganan"

REACH, LOGIN, NO_DATABASE, NOT_ALLOWED_HERE, NOT_A_SHOP, OK = (
    "reach", "login", "no_database", "not_allowed_here", "not_a_shop", "ok")


@dataclass(frozen=True)
class ServerAddress:
    host: str
    port: int = DEFAULT_PORT
    database: str = DEFAULT_DATABASE
    user: str = ""
    password: str = ""

    def url(self, *, with_password: bool = True) -> str:
        login = quote(self.user, safe="")
        if with_password and self.password:
            login += ":" + quote(self.password, safe="")
        return f"postgresql://{login}@{self.host}:{self.port}/{quote(self.database, safe='')}"


@allowed(READ)
def address_of(url: str) -> ServerAddress | None:
    """The parts of a postgresql:// URL (None for a SQLite file or a URL that is not one)."""
    if not url.lower().startswith(("postgresql://", "postgres://")):
        return None
    try:
        parts = urlsplit(url)
        return ServerAddress(parts.hostname or "", parts.port or DEFAULT_PORT, unquote(parts.path.lstrip("/")),
                             unquote(parts.username or ""), unquote(parts.password or ""))
    except ValueError:
        return None


@dataclass(frozen=True)
class ServerCheck:
    outcome: str  # OK or what is wrong: REACH, LOGIN, NO_DATABASE, NOT_ALLOWED_HERE, NOT_A_SHOP
    message: str  # in the user's language
    shop_name: str = ""
    tills: int = 0

    @property
    def ok(self) -> bool:
        return self.outcome == OK


def _checked(address: ServerAddress) -> ServerAddress:
    host, database, user = address.host.strip(), address.database.strip(), address.user.strip()
    if not host:
        raise InvalidInput(_("Type the server's address (its name or its IP address, e.g. 192.168.1.10)."))
    if not 0 < address.port < 65536:
        raise InvalidInput(_("The port is a number from 1 to 65535 (PostgreSQL's is 5432)."))
    if not database:
        raise InvalidInput(_("Type the name of the shop's database."))
    if not user:
        raise InvalidInput(_("Type the user name the owner gave this till."))
    return ServerAddress(host, address.port, database, user, address.password)


def _refusal(exc: Exception, a: ServerAddress) -> ServerCheck:
    text = str(exc)
    state = getattr(exc, "sqlstate", None) or ""
    if state == "3D000" or ("database" in text and "does not exist" in text):
        return ServerCheck(NO_DATABASE, _("The server {host} has no database named {database}. Check the name "
                                          "(the owner made it with 'pos server init').").format(
                                              host=a.host, database=a.database))
    if state in ("28P01", "28000") and "pg_hba" not in text or "password authentication failed" in text \
            or ("role" in text and "does not exist" in text) or "no password supplied" in text:
        return ServerCheck(LOGIN, _("The server {host} refused the user {user} or its password. Check both "
                                    "with the owner.").format(host=a.host, user=a.user))
    if "pg_hba" in text:
        return ServerCheck(NOT_ALLOWED_HERE, _("The server {host} does not let this computer in. The owner allows "
                                               "the shop's network in the server's pg_hba.conf (README: Adding a "
                                               "second till).").format(host=a.host))
    return ServerCheck(REACH, _("No database server answers at {host}, port {port}. Check the address and the "
                                "port, that the server computer is on, and that this computer is on the shop's "
                                "network.").format(host=a.host, port=a.port))


@allowed(READ)
def check_server(address: ServerAddress) -> ServerCheck:
    """Connect on a connection of its own, look for a Langganan shop there, and say what was found."""
    a = _checked(address)
    load_postgres_driver()
    import psycopg

    try:
        connection = psycopg.connect(host=a.host, port=a.port, dbname=a.database, user=a.user,
                                     password=a.password or None, connect_timeout=CONNECT_TIMEOUT, autocommit=True)
    except psycopg.Error as exc:
        return _refusal(exc, a)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s), to_regclass('shop_setting'), to_regclass('till')",
                           (MIGRATIONS_TABLE,))
            migrations, settings, tills = cursor.fetchone()
            if migrations is None or settings is None:
                return ServerCheck(NOT_A_SHOP, _("The database {database} on {host} is not a Langganan shop. Check "
                                                 "its name, or copy the shop onto it first (pos db copy).").format(
                                                     database=a.database, host=a.host))
            cursor.execute("SELECT value FROM shop_setting WHERE key = 'shop_name'")
            row = cursor.fetchone()
            name = json.loads(row[0]) if row and isinstance(row[0], str) else (row[0] if row else "")
            count = 0
            if tills is not None:
                cursor.execute("SELECT COUNT(*) FROM till")
                count = cursor.fetchone()[0]
    except psycopg.Error as exc:
        return _refusal(exc, a)
    finally:
        connection.close()
    shop = str(name or "") or _("a new shop")
    return ServerCheck(OK, _("Connected: {shop} on {host}.").format(shop=shop, host=a.host), str(name or ""), count)
