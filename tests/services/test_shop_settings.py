"""The shop's settings as one typed record, read once: typed values, the cache, a change here and one made at
another till (a row written behind this process's back), the change signal, and the clock's zone and the
till's tax following them. On SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from pos.domain.pricing import CartLine
from pos.models import ShopSetting
from pos.money import Money, Quantity
from pos.services import clock, shop_settings as settings_module
from pos.services.errors import InvalidInput
from pos.services.pricing import price
from pos.services.shop import _update_shop_settings, change_shop_settings, get_shop_settings
from pos.services.shop_settings import ShopOptions, shop_settings, subscribe, unsubscribe
from pos.settings import SHOP_OPTIONS
from tests.factories import make_product, owner_pin


@pytest.fixture
def heard(database):
    got: list[ShopOptions] = []
    subscribe(got.append)
    yield got
    unsubscribe(got.append)


def written_elsewhere(key: str, value) -> None:
    """What another till's change leaves in the database: the row, without this process being told."""
    ShopSetting.insert(key=key, value=value).on_conflict(
        conflict_target=[ShopSetting.key], update={ShopSetting.value: value}).execute()


def test_the_record_has_one_field_per_declared_option_in_their_order():
    assert [f.name for f in dataclasses.fields(ShopOptions)] == [o.key for o in SHOP_OPTIONS]


def test_the_values_are_typed_and_the_defaults_fill_in(database):
    s = shop_settings()
    assert s.time_zone == ZoneInfo("Asia/Jakarta") and s.zone_name == "Asia/Jakarta"
    assert s.tax_rate == Decimal("10") and s.tax_rate_text == "10" and s.tax_enabled is False
    assert s.regular_after_spend == Money(0) and s.payment_terms_days == 14 and s.cash_rounding == 0
    _update_shop_settings({"tax_rate": "7,5", "time_zone": "Asia/Makassar", "regular_after_spend": "500000",
                           "tax_enabled": "yes"})
    s = shop_settings()
    assert s.tax_rate == Decimal("7.5") and s.tax_rate_text == "7.5" and s.tax_enabled is True
    assert s.time_zone == ZoneInfo("Asia/Makassar") and s.regular_after_spend == Money(500000)
    assert get_shop_settings()["tax_rate"] == "7,5"  # the form shows what was typed


def test_a_zone_that_no_longer_exists_reads_as_the_default(database):
    written_elsewhere("time_zone", "Mars/Olympus")
    assert shop_settings().time_zone == ZoneInfo("Asia/Jakarta")


def test_read_once_until_something_moves(database):
    first = shop_settings()
    assert shop_settings() is first  # the same record: nothing was read again
    make_product()  # the change counter moves, the settings do not: an equal record, no signal
    assert shop_settings() == first


def test_a_change_here_is_seen_at_once_and_signalled_once(heard):
    before = shop_settings()
    change_shop_settings({"shop_name": "Roti Ana", "tax_rate": "11"}, owner_pin=owner_pin())
    assert [(s.shop_name, s.tax_rate) for s in heard] == [("Roti Ana", Decimal("11"))]
    assert shop_settings() is heard[0] and before.shop_name == ""
    shop_settings()
    assert len(heard) == 1  # reading again tells no one


def test_a_change_at_another_till_is_noticed_by_the_next_read(heard):
    shop_settings()
    written_elsewhere("shop_name", "Kue Bu Sari")
    assert heard == []  # nobody read yet
    assert shop_settings().shop_name == "Kue Bu Sari"
    assert [s.shop_name for s in heard] == ["Kue Bu Sari"]


def test_a_refused_change_changes_nothing_and_signals_nothing(heard):
    with pytest.raises(InvalidInput):
        change_shop_settings({"tax_rate": "60"}, owner_pin=owner_pin())
    assert heard == [] and shop_settings().tax_rate == Decimal("10")


def test_the_clock_takes_its_zone_from_the_settings(database, shop_clock):
    assert clock.zone() == ZoneInfo("Asia/Jakarta") and clock.today() == dt.date(2026, 11, 28)  # 09:30 WIB
    written_elsewhere("time_zone", "Pacific/Honolulu")  # another till moved the shop: 16:30 the day before
    assert clock.zone_name() == "Pacific/Honolulu" and clock.today() == dt.date(2026, 11, 27)


def test_the_till_prices_with_a_new_tax_rate_at_once(database):
    bun = make_product(price=10000).id
    lines = [CartLine(bun, Quantity.of(1))]
    assert price(lines).total == Money(10000)
    _update_shop_settings({"tax_enabled": True, "tax_rate": "11"})
    assert price(lines).total == Money(11100)
    written_elsewhere("tax_rate", "12,5")
    assert price(lines).total == Money(11250)


def test_no_database_gives_the_default_zone(monkeypatch):
    monkeypatch.setattr(settings_module.db, "obj", None)
    assert clock.zone() == ZoneInfo("Asia/Jakarta")
