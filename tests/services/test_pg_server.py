"""`pos server init` and `pos server upgrade` (pos.services.pg_server) on the real PostgreSQL server: the shop's
database and the tills' role, which sells but cannot change the schema or rewrite the audit log; a till on an older
schema is told that the owner runs `pos server upgrade`."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest
from peewee import DatabaseError

from pos.domain.cart import Cart
from pos.domain.till import Tender
from pos.models import AuditEntry, Product, Sale
from pos.models.staff import CASHIER
from pos.money import Money, Quantity
from pos.services import db
from pos.services.errors import UpgradeNeedsConfirmation
from pos.services.pg_server import grant_tills, upgrade_server
from pos.services.pricing import price
from pos.services.sale_completion import complete
from pos.services.staff import _add_staff
from pos.services.till import open_shift
from pos.services.upgrade import ServerUpgradeNeeded
from tests.conftest import PG_URL
from tests.factories import make_product


def _with_path(url: str, path: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=path))


@pytest.fixture
def server(request):
    """The test server's administrator address, and a database and role name of the test's own, dropped after."""
    from tests.conftest import _pg_admin

    admin = _pg_admin()
    suffix = uuid.uuid4().hex[:10]
    names = {"database": f"pos_test_srv_{suffix}", "role": f"pos_test_till_{suffix}"}
    yield {"admin_url": _with_path(PG_URL, "/"), **names}
    db.close_database()
    admin.execute(f'DROP DATABASE IF EXISTS "{names["database"]}" WITH (FORCE)')
    admin.execute(f'DROP ROLE IF EXISTS "{names["role"]}"')  # (the session's connection: left open)


def test_a_till_on_an_older_schema_is_told_to_have_the_server_upgraded(server):
    """The database made by the previous version (one migration short), the tills' role granted on it."""
    from tests.conftest import _pg_admin

    admin = _pg_admin()
    admin.execute(f'CREATE DATABASE "{server["database"]}"')
    admin.execute(f"""CREATE ROLE "{server['role']}" LOGIN PASSWORD 'x'""")
    admin_url = _with_path(PG_URL, "/" + server["database"])
    older = db.connect(admin_url)
    db.migrate(older, target=db.known_migrations()[-2])
    grant_tills(older, [server["role"]])
    older.close()
    parts = urlsplit(admin_url)
    till_url = urlunsplit(parts._replace(netloc=f"{server['role']}:x@{parts.hostname}:{parts.port or 5432}"))

    with pytest.raises(ServerUpgradeNeeded) as told:
        db.open_database(till_url)
    assert f"pos server upgrade postgresql://ADMIN@{urlsplit(PG_URL).hostname}:" in str(told.value)
    assert server["role"] in str(told.value)

    with pytest.raises(UpgradeNeedsConfirmation, match="pg_dump"):
        upgrade_server(admin_url)  # the owner saves a copy first
    done = upgrade_server(admin_url, confirmed=True)
    known = db.known_migrations()
    assert (done.old_schema, done.new_schema, done.roles) == (
        db.schema_version_of(known[:-1]), db.schema_version_of(known), (server["role"],))
    info = db.open_database(till_url)
    assert info.schema_version == done.new_schema and info.applied == ()


def test_server_init_prints_what_the_tills_need_and_their_login_sells_but_cannot_copy_alter_or_rewrite_audit(
        server, tmp_path, capsys):
    from pos.cli import main
    from pos.services.copy_plan import copy_order, row_counts, tables_with_data
    from pos.services.db_copy import CopyFailed, copy_database
    from tests.factories import make_customer

    assert main(["--lang", "en", "server", "init", server["admin_url"], "--name", server["database"],
                 "--role", server["role"], "--password", "rahasia 'K1'"]) == 0
    out = capsys.readouterr().out
    assert f"Database {server['database']}: created" in out and f"user: {server['role']}  password: rahasia 'K1'" in out
    till_url = out.split("or: pos --db ", 1)[1].split()[0]
    assert till_url.startswith(f"postgresql://{server['role']}:rahasia%20%27K1%27@")
    assert till_url.endswith(server["database"])
    assert f"--to postgresql://{urlsplit(PG_URL).username}@" in out  # the copy: with the administrator's login

    # the shop moved in from a laptop: not with the tills' login (it may not move the id sequences) …
    laptop = "sqlite://" + (tmp_path / "shop.db").as_posix()
    db.open_database(laptop)
    make_customer("Bu Rina", "081234567890")
    db.close_database()
    with pytest.raises(CopyFailed, match="administrator"):
        copy_database(laptop, till_url)
    target = db.connect(till_url)
    try:
        assert tables_with_data(row_counts(target, copy_order(target))) == []  # nothing kept
    finally:
        target.close()
    copy_database(laptop, _with_path(server["admin_url"], "/" + server["database"]))  # … with the administrator's

    # a till on the tills' login: it sells …
    db.open_database(till_url)  # nothing to migrate, nothing refused
    assert db.current().execute_sql("SELECT current_user").fetchone()[0] == server["role"]
    cashier = _add_staff("Dita", CASHIER, "1111")
    shift = open_shift("K1", cashier.id, Money(100000))
    product = make_product(price=12000)
    cart = Cart().add(product.id, Quantity.of(2))
    done = complete(cart, (Tender("qris", price(list(cart.lines)).total, None),), till_id="K1", shift_id=shift.id,
                    cashier_id=cashier.id)
    assert (done.number, done.total) == ("K1-000001", Money(24000))
    assert Sale.select().count() == 1 and Product.get_by_id(product.id).retail_price == Money(12000)
    entries = AuditEntry.select().count()

    # … but the server refuses it a rewrite of the audit log and any change of the schema
    refused = {}
    for statement in ("UPDATE audit_entry SET action = 'rewritten'", "DELETE FROM audit_entry",
                      "TRUNCATE audit_entry", "CREATE TABLE sneaky (x integer)",
                      "ALTER TABLE sale ADD COLUMN sneaky integer", "DROP TABLE parked_cart",
                      "DELETE FROM schema_migration"):
        with pytest.raises(DatabaseError) as error:
            db.current().execute_sql(statement)
        refused[statement.split(" (")[0]] = str(error.value).splitlines()[0]
    assert all("permission denied" in why or "must be owner" in why for why in refused.values()), refused
    assert AuditEntry.select().count() == entries
