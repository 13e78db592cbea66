"""`pos db copy` (pos.services.db_copy): the demo shop from SQLite onto a PostgreSQL server and from the server
back into a laptop's SQLite file, every row equal; a target that holds a shop refused untouched; a failed copy
leaves nothing behind."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from pos.domain.cart import Cart
from pos.domain.till import Tender
from pos.models import ALL_MODELS, Product, ProductPicture, Sale
from pos.money import Money, Quantity
from pos.services import db
from pos.services.copy_plan import copy_order, row_counts, tables_with_data
from pos.services.db_copy import CopyRefused, copy_database
from pos.services.sale_completion import complete
from pos.services.staff import authenticate
from pos.services.till import current_shift, open_shift
from tests.conftest import engine_of
from tests.db_templates import TEMPLATES, demo_shop
from tests.factories import make_customer

PICTURE = b"\x89PNG\r\n\x1a\n\x00\x01\xff picture bytes"


def contents(url: str) -> dict[str, list[tuple]]:
    """Every row of every table, as the program reads it, read through a connection of its own."""
    database = db.connect(url)
    try:
        return {m._meta.table_name: [tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
                                     for row in m.select().order_by(m._meta.primary_key).tuples().execute(database)]
                for m in ALL_MODELS}
    finally:
        database.close()


def file_digest(url: str) -> str:
    path = db.sqlite_path(url)
    return "".join(hashlib.sha256(p.read_bytes()).hexdigest() for p in (path, Path(f"{path}-wal")) if p.exists())


@pytest.fixture
def demo_source(database, empty_url) -> str:
    """The demo shop with three days of trade and a product picture (bytes), closed again: its URL."""
    demo_shop(seed=1, history_days=3)
    ProductPicture.create(product=Product.get(Product.code == "KUE-01"), data=PICTURE)
    db.close_database()
    return empty_url


@pytest.fixture
def other_engine(demo_source, make_pg_database, tmp_path) -> str:
    """An empty database on the other engine: the server's migrated one, or a new laptop file."""
    if engine_of(demo_source) == "sqlite":
        return make_pg_database(TEMPLATES.migrated("postgresql"))
    return "sqlite://" + (tmp_path / "laptop" / "shop.db").as_posix()


def test_the_demo_shop_is_copied_whole_to_the_other_engine_and_the_source_is_untouched(demo_source, other_engine):
    before = contents(demo_source)
    digest = file_digest(demo_source) if engine_of(demo_source) == "sqlite" else None

    result = copy_database(demo_source, other_engine)

    copied = contents(other_engine)
    assert copied == before  # every table, row by row: ids, counters, ledgers, audit, pictures
    assert copied["product_picture"][0][-1] == PICTURE
    assert len(before["sale"]) > 20 and len(before["audit_entry"]) > 0 and len(before["stamp_entry"]) > 0
    figures = {(f.table, f.column): (f.source, f.copy) for f in result.figures}
    sales_total = sum(row[[f.name for f in Sale._meta.sorted_fields].index("total")].minor for row in before["sale"])
    assert figures[("sale", "total")] == (sales_total, sales_total)
    assert figures[("sale", "")] == (len(before["sale"]), len(before["sale"]))
    assert {t for t, _c in figures} == {m._meta.table_name for m in ALL_MODELS}
    assert all(f.equal for f in result.figures)
    assert contents(demo_source) == before
    if digest is not None:
        assert file_digest(demo_source) == digest  # not a byte of the source file changed

    # the copy is a working shop: the next sale at K1 follows the source's last receipt, with a new id
    last = max(row[1] for row in before["sale"] if str(row[1]).startswith("K1-"))
    db.open_database(other_engine)
    cashier = authenticate("1111")
    shift = current_shift("K1") or open_shift("K1", cashier.id, Money(100000))
    cart = Cart().add(Product.get(Product.code == "KUE-01").id, Quantity.of(1))
    done = complete(cart, (Tender("qris", cart_total(cart), None),), till_id="K1", shift_id=shift.id,
                    cashier_id=cashier.id)
    assert done.number == f"K1-{int(last.split('-')[1]) + 1:06d}"
    assert done.sale.id > max(row[0] for row in before["sale"])

    # a second copy into it is refused: it holds a shop now
    db.close_database()
    after_sale = contents(other_engine)
    with pytest.raises(CopyRefused, match="already holds a shop"):
        copy_database(demo_source, other_engine)
    assert contents(other_engine) == after_sale


def cart_total(cart: Cart) -> Money:
    from pos.services.pricing import price

    return price(list(cart.lines)).total


def test_a_target_that_holds_a_shop_is_refused_and_left_as_it_was(demo_source, tmp_path):
    target = "sqlite://" + (tmp_path / "theirs.db").as_posix()
    db.open_database(target)
    make_customer("Bu Rina", "081234567890")
    db.close_database()
    before = contents(target)

    with pytest.raises(CopyRefused) as refused:
        copy_database(demo_source, target)

    assert "already holds a shop" in str(refused.value) and "customer" in str(refused.value)
    assert contents(target) == before


def test_a_copy_that_fails_half_way_leaves_the_target_empty(demo_source, other_engine):
    def cancel(done: int, total: int) -> None:
        if done > 100:
            raise KeyboardInterrupt  # the user stopped it (a Cancel in the window raises inside the work the same)

    with pytest.raises(KeyboardInterrupt):
        copy_database(demo_source, other_engine, cancel)

    if engine_of(other_engine) == "sqlite":
        assert not db.sqlite_path(other_engine).exists()  # the file the copy had made is gone again
    else:
        target = db.connect(other_engine)
        try:
            assert tables_with_data(row_counts(target, copy_order(target))) == []
        finally:
            target.close()
    copy_database(demo_source, other_engine)  # and it can be copied again


def test_pos_db_copy_prints_the_check_per_table_and_refuses_a_second_time(demo_source, tmp_path, capsys):
    from pos.cli import main

    laptop = "sqlite://" + (tmp_path / "laptop.db").as_posix()
    sales = len(contents(demo_source)["sale"])

    assert main(["--lang", "en", "db", "copy", "--from", demo_source, "--to", laptop]) == 0

    out = capsys.readouterr().out
    lines = {tuple(line.split()[:2]): line.split()[2:] for line in out.splitlines() if line.strip()}
    assert lines[("sale", "rows")] == [str(sales), str(sales), "equal"]
    assert lines[("sale", "total")][2] == "equal" and lines[("sale", "total")][0] == lines[("sale", "total")][1]
    assert "every count and money sum is equal" in out and "documents folder" in out
    assert main(["--lang", "en", "db", "copy", "--from", demo_source, "--to", laptop]) == 1
    assert "already holds a shop" in capsys.readouterr().err


def test_a_table_another_issue_adds_comes_along_whatever_its_key(monkeypatch, tmp_path):
    """Tables are read from the models: one with a two-column key or with none is copied too."""
    from peewee import CompositeKey, IntegerField, TextField

    from pos.models import BaseModel
    from pos.models.fields import MoneyField
    from pos.services import copy_plan

    class TrayCount(BaseModel):
        day = IntegerField()
        product = IntegerField()
        left = MoneyField()

        class Meta:
            primary_key = CompositeKey("day", "product")

    class Note(BaseModel):
        text = TextField()

        class Meta:
            primary_key = False

    monkeypatch.setattr(copy_plan, "ALL_MODELS", (*ALL_MODELS, TrayCount, Note))
    source, target = ("sqlite://" + (tmp_path / name).as_posix() for name in ("a.db", "b.db"))
    for url in (source, target):
        database = db.connect(url)
        db.migrate(database)
        with database.bind_ctx([TrayCount, Note]):
            database.create_tables([TrayCount, Note])
            if url == source:
                TrayCount.insert_many([(1, 2, 500), (2, 1, 700)], fields=[TrayCount.day, TrayCount.product,
                                                                          TrayCount.left]).execute()
                Note.insert(text="tulis").execute()
        database.close()

    result = copy_database(source, target)

    figures = {(f.table, f.column): f.copy for f in result.figures}
    assert (figures[("tray_count", "")], figures[("tray_count", "left")], figures[("note", "")]) == (2, 1200, 1)
