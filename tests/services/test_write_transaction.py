"""Checkout's own write transaction (``models.statements.write_transaction``): on SQLite BEGIN IMMEDIATE … COMMIT
sent on the connection, on PostgreSQL (or inside a transaction) ``db.atomic()``; on both it behaves as
``db.atomic()`` does: all or nothing, a ``db.atomic()`` inside is a savepoint."""

from __future__ import annotations

import pytest

from pos.models import Category, db
from pos.models.statements import write_transaction


class Boom(Exception):
    pass


def names() -> list[str]:
    return [c.name for c in Category.select().where(Category.name.startswith("wt-")).order_by(Category.name)]


def test_what_a_write_transaction_writes_is_stored_once_it_ends(database):
    with write_transaction():
        assert db.in_transaction()
        Category.create(name="wt-a")
    assert not db.in_transaction()
    assert names() == ["wt-a"]


def test_a_failure_inside_leaves_nothing_and_the_connection_usable(database):
    with pytest.raises(Boom), write_transaction():
        Category.create(name="wt-a")
        raise Boom
    assert not db.in_transaction() and names() == []
    with write_transaction():  # the next sale goes through
        Category.create(name="wt-b")
    assert names() == ["wt-b"]


def test_an_atomic_block_inside_is_a_savepoint(database):
    with write_transaction():
        Category.create(name="wt-kept")
        with pytest.raises(Boom), db.atomic():
            Category.create(name="wt-undone")
            raise Boom
        with db.atomic():
            Category.create(name="wt-also-kept")
    assert names() == ["wt-also-kept", "wt-kept"]


def test_inside_another_transaction_it_is_a_savepoint_of_it(database):
    with pytest.raises(Boom), db.atomic():
        with write_transaction():
            Category.create(name="wt-inner")
        assert names() == ["wt-inner"]  # not committed on its own: the outer block decides
        raise Boom
    assert names() == []


def test_a_refused_statement_rolls_the_whole_block_back_with_peewees_error(database):
    from peewee import IntegrityError

    Category.create(name="wt-taken")
    with pytest.raises(IntegrityError), write_transaction():
        Category.create(name="wt-new")
        Category.create(name="wt-taken")  # unique name
    assert names() == ["wt-taken"]
