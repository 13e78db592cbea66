"""PIN keys (issue #18): old per-person hashes keep working and are upgraded when typed right, two people
never share a PIN (inactive people included), and the production cost is the slow one."""

from __future__ import annotations

import pytest

from pos.models import StaffUser
from pos.services import pin_keys
from pos.services.auth import require_owner
from pos.services.errors import InvalidInput, NotAllowed
from pos.services.staff import _add_staff, log_in, reset_pin, set_staff_active

OWNER_PIN = "246810"


@pytest.fixture
def owner(database):
    return _add_staff("Bu Sari", "owner", OWNER_PIN)


def test_an_old_hash_works_and_is_replaced_by_a_key_when_typed_right(owner):
    old = StaffUser.create(name="Rina", role="cashier", pin_hash=pin_keys.legacy_hash("1111"))  # before 0023
    with pytest.raises(NotAllowed):
        log_in("1112", "K1")
    assert StaffUser.get_by_id(old.id).pin_key is None  # a wrong PIN changes nothing
    assert log_in("1111", "K1").name == "Rina"
    row = StaffUser.get_by_id(old.id)
    assert row.pin_hash == "" and row.pin_key.startswith("scrypt$")  # the cheaper old hash is gone
    assert log_in("1111", "K1").name == "Rina"


def test_an_old_owner_hash_approves_and_is_upgraded(database):
    old = StaffUser.create(name="Pak Budi", role="owner", pin_hash=pin_keys.legacy_hash("1234"))
    assert require_owner("1234").name == "Pak Budi"
    assert StaffUser.get_by_id(old.id).pin_key


def test_a_key_made_at_another_cost_is_upgraded(owner, monkeypatch):
    cheaper = pin_keys.Cost(n=2**9, r=8, p=1)
    monkeypatch.setattr(pin_keys, "current_cost", cheaper)
    _add_staff("Rina", "cashier", "1111")
    monkeypatch.undo()
    assert pin_keys._cost_of(StaffUser.get(StaffUser.name == "Rina").pin_key) == cheaper
    assert log_in("1111", "K1").name == "Rina"
    assert pin_keys._cost_of(StaffUser.get(StaffUser.name == "Rina").pin_key) == pin_keys.current_cost


def test_a_pin_of_an_inactive_person_is_seen_exactly(owner):
    rina = _add_staff("Rina", "cashier", "1111")
    set_staff_active(rina.id, False, owner_pin=OWNER_PIN)
    tono = _add_staff("Tono", "cashier", "1111")  # allowed: Rina cannot log in; she is marked
    assert StaffUser.get_by_id(rina.id).pin_taken
    with pytest.raises(InvalidInput, match="given to someone else"):
        set_staff_active(rina.id, True, owner_pin=OWNER_PIN)
    reset_pin(rina.id, "2222", owner_pin=OWNER_PIN)
    set_staff_active(rina.id, True, owner_pin=OWNER_PIN)
    assert log_in("1111", "K1") == tono and log_in("2222", "K1").name == "Rina"


def test_the_production_cost_is_the_slow_one_and_tests_use_a_small_one():
    assert pin_keys.COST == pin_keys.Cost(n=2**16, r=8, p=1)
    assert pin_keys.current_cost.n < pin_keys.COST.n  # tests/conftest.py: POS_TEST_PIN_COST


def test_the_salt_is_the_shops_and_keys_differ_between_shops(owner, make_url):
    key = StaffUser.get_by_id(owner.id).pin_key
    assert OWNER_PIN not in key
    from pos.services import db

    db.close_database()
    db.open_database(make_url("sqlite"))
    other = _add_staff("Bu Sari", "owner", OWNER_PIN)
    assert StaffUser.get_by_id(other.id).pin_key != key  # another shop, another salt
