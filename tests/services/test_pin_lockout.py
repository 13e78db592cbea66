"""The wrong-PIN lock-out is the shop's, and nobody walks around it (issue #18), on SQLite and PostgreSQL:
not by naming other tills, not through an export, not with many tries at once, not with a cashier's own
PIN; and a cashier cannot lock the owner's approvals with failed logins."""

from __future__ import annotations

import datetime as dt
import itertools
import threading

import pytest

from pos.models import AuditEntry, LoginGuard
from pos.services import auth, pin_keys, staff as staff_service
from pos.services.auth import require_owner
from pos.services.customer_files import export_customers
from pos.services.errors import NotAllowed
from pos.services.pin_guard import LOCK_AFTER, LOCK_MINUTES, LockedOut
from pos.services.staff import _add_staff, authenticate, change_own_pin, log_in
from tests.test_cli import run_pos

OWNER_PIN, CASHIER_PIN = "246810", "1111"
T0 = dt.datetime(2026, 11, 27, 8, 0)


@pytest.fixture
def shop(database):
    return {"owner": _add_staff("Bu Sari", "owner", OWNER_PIN), "cashier": _add_staff("Rina", "cashier", CASHIER_PIN)}


def wrong_pins():
    return (f"{n:04d}" for n in itertools.count(2000))


def lock_approvals(now=None) -> None:
    guesses = wrong_pins()
    for _n in range(LOCK_AFTER - 1):
        with pytest.raises(NotAllowed):
            require_owner(next(guesses))
    with pytest.raises(LockedOut):
        require_owner(next(guesses))


def test_naming_other_tills_gets_no_fresh_count(shop):
    """30 wrong PINs over 8 till ids used to lock nothing, then the right PIN worked."""
    guesses, locked = wrong_pins(), 0
    for n in range(30):
        try:
            log_in(next(guesses), f"K{n % 8 + 1}", now=T0 + dt.timedelta(seconds=n))
        except LockedOut:
            locked += 1
        except NotAllowed:
            pass
    assert locked == 30 - (LOCK_AFTER - 1)
    with pytest.raises(LockedOut):
        log_in(CASHIER_PIN, "K9", now=T0 + dt.timedelta(seconds=40))
    assert AuditEntry.select().where(AuditEntry.action == "staff.locked_out").count() >= 1


def test_a_cashiers_own_pin_between_guesses_does_not_reset_the_count(shop):
    guesses = wrong_pins()
    for n in range(LOCK_AFTER - 1):
        with pytest.raises(NotAllowed):
            log_in(next(guesses), "K1", now=T0 + dt.timedelta(seconds=n))
    assert log_in(CASHIER_PIN, "K1", now=T0 + dt.timedelta(seconds=10)).name == "Rina"
    with pytest.raises(LockedOut):
        log_in(next(guesses), "K1", now=T0 + dt.timedelta(seconds=11))
    with pytest.raises(LockedOut):
        authenticate(CASHIER_PIN, now=T0 + dt.timedelta(seconds=12))
    assert log_in(CASHIER_PIN, "K1", now=T0 + dt.timedelta(seconds=12, minutes=LOCK_MINUTES)).name == "Rina"


def test_wrong_pins_are_forgotten_after_the_window(shop):
    guesses = wrong_pins()
    for n in range(LOCK_AFTER - 1):
        with pytest.raises(NotAllowed):
            log_in(next(guesses), "K1", now=T0 + dt.timedelta(seconds=n))
    with pytest.raises(NotAllowed, match="not known"):  # 16 minutes later: a fresh count
        log_in(next(guesses), "K1", now=T0 + dt.timedelta(minutes=16))


def test_changing_ones_own_pin_is_counted_with_the_logins(shop):
    guesses = wrong_pins()
    for _n in range(LOCK_AFTER - 1):
        with pytest.raises(NotAllowed):
            change_own_pin(next(guesses), "5555")
    with pytest.raises(LockedOut):
        change_own_pin(next(guesses), "5555")
    with pytest.raises(LockedOut):
        log_in(CASHIER_PIN, "K1")


def test_an_export_checks_its_pin_under_the_approval_lock(shop):
    """export_customers(pin) used to check PINs outside the guard, even while locked."""
    guesses = wrong_pins()
    for _n in range(LOCK_AFTER - 1):
        with pytest.raises(NotAllowed, match="Wrong PIN"):
            export_customers(pin=next(guesses))
    with pytest.raises(LockedOut):
        export_customers(pin=next(guesses))
    with pytest.raises(LockedOut):  # even the owner's PIN waits
        export_customers(pin=OWNER_PIN)
    with pytest.raises(LockedOut):
        export_customers(pin=CASHIER_PIN)
    data, full = export_customers()  # without a PIN: masked, as always
    assert not full and data.startswith(b"\xef\xbb\xbf")


def test_the_export_command_waits_while_approvals_are_locked(shop, database, tmp_path):
    lock_approvals()
    out = tmp_path / "book.csv"
    result = run_pos("--db", database.url, "--lang", "en", "customers", "export", str(out), "--pin", OWNER_PIN)
    assert result.returncode != 0 and "Too many wrong PINs" in result.stderr + result.stdout
    assert not out.exists()
    assert "Traceback" not in result.stderr


def test_a_cashiers_own_pin_never_locks_the_owners_approvals(shop):
    """Five tries with the cashier's PIN used to lock owner approvals on every till."""
    for _n in range(3 * LOCK_AFTER):
        with pytest.raises(NotAllowed, match="owner's PIN"):
            require_owner(CASHIER_PIN)
    assert require_owner(OWNER_PIN).name == "Bu Sari"


def test_failed_logins_do_not_lock_approvals_and_the_owner_lifts_the_login_lock(shop):
    guesses = wrong_pins()
    for _n in range(LOCK_AFTER - 1):
        with pytest.raises(NotAllowed):
            log_in(next(guesses), "K2")
    with pytest.raises(LockedOut):
        log_in(next(guesses), "K2")
    with pytest.raises(LockedOut):  # at a locked login screen no PIN is checked, not even the owner's
        log_in(OWNER_PIN, "K2")
    assert require_owner(OWNER_PIN).name == "Bu Sari"  # an approval at a logged-in till: not locked ...
    assert log_in(CASHIER_PIN, "K2").name == "Rina"  # ... and it lifted the login lock


def test_the_owner_logging_in_lifts_an_approval_lock(shop):
    lock_approvals()
    with pytest.raises(LockedOut):
        require_owner(OWNER_PIN)
    assert log_in(OWNER_PIN, "K1").name == "Bu Sari"
    assert require_owner(OWNER_PIN).name == "Bu Sari"


@pytest.mark.parametrize("where", ["login", "approval"])
def test_many_wrong_pins_at_once_lock_and_few_are_checked(shop, monkeypatch, where):
    """16 threads x 4 guesses at the same moment used to overwrite each other's count: no lock."""
    checked, lock = [], threading.Lock()

    def counting(original):
        def holder(pin):
            with lock:
                checked.append(pin)
            return original(pin)
        return holder

    monkeypatch.setattr(staff_service, "holder_of", counting(staff_service.holder_of))
    monkeypatch.setattr(auth, "holder_of", counting(auth.holder_of))
    start, outcomes = threading.Barrier(16), []

    def till(n: int) -> None:
        start.wait()
        for k in range(4):
            pin = f"{3000 + 4 * n + k:04d}"
            try:
                log_in(pin, f"K{n}") if where == "login" else require_owner(pin)
                outcome = "in"
            except LockedOut:
                outcome = "locked"
            except NotAllowed:
                outcome = "wrong"
            except Exception as exc:  # a database error would be a failure of the guard too
                outcome = type(exc).__name__
            with lock:
                outcomes.append(outcome)

    threads = [threading.Thread(target=till, args=(n,)) for n in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(set(outcomes)) == ["locked", "wrong"]
    assert outcomes.count("wrong") <= LOCK_AFTER and len(checked) <= LOCK_AFTER
    with pytest.raises(LockedOut):
        log_in(CASHIER_PIN, "K1") if where == "login" else require_owner(OWNER_PIN)
    assert LoginGuard.get(LoginGuard.key == where).locked_until is not None


def test_one_slow_derivation_finds_who_typed_among_many(shop, monkeypatch):
    for n in range(8):
        _add_staff(f"Kasir {n}", "cashier", f"{7000 + n}")
    calls = []
    original = pin_keys._scrypt
    monkeypatch.setattr(pin_keys, "_scrypt", lambda *a: calls.append(1) or original(*a))
    pin_keys._RECENT.clear()
    assert log_in("7007", "K1").name == "Kasir 7"
    assert len(calls) == 1
    with pytest.raises(NotAllowed):
        log_in("7100", "K1")
    assert len(calls) == 2


def test_an_owners_pin_given_with_every_back_office_call_is_derived_once(shop, monkeypatch):
    calls = []
    original = pin_keys._scrypt
    monkeypatch.setattr(pin_keys, "_scrypt", lambda *a: calls.append(a[0]) or original(*a))
    pin_keys._RECENT.clear()
    for _n in range(5):
        assert require_owner(OWNER_PIN).name == "Bu Sari"
    for guess in ("2001", "2002"):  # a new PIN is derived each time: guessing gains nothing
        with pytest.raises(NotAllowed):
            require_owner(guess)
    assert calls == [OWNER_PIN, "2001", "2002"]
