"""The shop's settings as one typed record, read once and kept until they change.

``pos.settings.SHOP_OPTIONS`` declares each option (type, default, label); ``shop_settings()`` gives them as a
frozen ``ShopOptions`` (the time zone a ``ZoneInfo``, the tax rate a ``Decimal``, amounts as ``Money``). The
record is read again when this process changes a setting (``settings_changed``) or when another till did: the
database's change counter (migration 0006, one row) moves with every change to ``shop_setting``, and a read
compares it first. Whoever shows a setting subscribes to hear of a change (``subscribe``); the windows do it
through a Qt signal in ``pos.ui.shop_signal``.

This module is on the ground floor of ``services``: the shop's clock reads its zone here, so it imports no
use case.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pos.models import ShopSetting, db
from pos.money import Money
from pos.services.access import ANYONE, READ, allowed
from pos.services.changes import pricing_version, read_afresh
from pos.settings import SHOP_OPTIONS, option


@dataclass(frozen=True)
class ShopOptions:
    """Every shop option, typed (the names are the keys of ``SHOP_OPTIONS``)."""

    shop_name: str
    address: str
    whatsapp: str
    currency: str  # ISO code, "IDR"
    phone_region: str  # "ID"
    time_zone: ZoneInfo
    cash_rounding: int  # round cash totals to this many rupiah (0: no rounding)
    cash_rounding_mode: str  # "nearest" | "down"
    tax_enabled: bool
    tax_name: str
    tax_rate: Decimal  # percent: Decimal("10"), Decimal("11.5")
    tax_included: bool
    receipt_footer: str
    instagram: str
    facebook: str
    tiktok: str
    bank_accounts: str
    qris_text: str
    payment_terms_days: int
    regular_after_purchases: int
    regular_after_spend: Money
    regular_within_days: int
    protect_line_removal: bool
    show_expected_cash: bool
    is_demo: bool
    instore_barcode_prefix: str  # "21": the shop's own EAN-13 for products without one
    weighed_barcode_prefix: str  # "20": a scale's weight- or price-embedded EAN-13
    weighed_barcode_layout: str  # "PPPPPWWWWW" (pos.domain.barcodes)

    @property
    def zone_name(self) -> str:
        return self.time_zone.key

    @property
    def tax_rate_text(self) -> str:
        """The tax rate as a person reads it: "10", "11.5"."""
        return format(self.tax_rate.normalize(), "f")


def _zone(raw: str) -> ZoneInfo:
    try:
        return ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(option(SHOP_OPTIONS, "time_zone").default)


def _rate(raw: str) -> Decimal:
    try:
        rate = Decimal(str(raw).replace(",", ".").strip())
    except InvalidOperation:
        rate = Decimal(-1)
    return rate if rate.is_finite() and rate >= 0 else Decimal(option(SHOP_OPTIONS, "tax_rate").default)


_TYPED: dict[str, Callable[[Any], Any]] = {"time_zone": _zone, "tax_rate": _rate, "regular_after_spend": Money}


def _values() -> dict[str, Any]:
    """The stored value of each option, or its default (a stored value that no longer parses: its default)."""
    stored = {row.key: row.value for row in ShopSetting.select(ShopSetting.key, ShopSetting.value)}
    values = {}
    for opt in SHOP_OPTIONS:
        try:
            values[opt.key] = opt.parse(stored[opt.key]) if opt.key in stored else opt.default
        except ValueError:
            values[opt.key] = opt.default
    return values


def _typed(values: dict[str, Any]) -> ShopOptions:
    return ShopOptions(**{k: _TYPED.get(k, _same)(v) for k, v in values.items()})


def _same(value: Any) -> Any:
    return value


@dataclass
class _Cache:
    key: tuple[object, int] | None = None  # (the database, its change counter) when read; None: read again
    database: object = None
    values: dict[str, Any] = dataclasses.field(default_factory=dict)
    settings: ShopOptions | None = None


_cache = _Cache()
_observers: list[Callable[[ShopOptions], None]] = []


def _current() -> _Cache:
    key = (db.obj, pricing_version())  # one row; it moves when any till changes a setting (or a price)
    if _cache.key != key:
        before = _cache.settings if _cache.database is key[0] else None  # another database: no change to tell
        values = _values()
        _cache.key, _cache.database, _cache.values, _cache.settings = key, key[0], values, _typed(values)
        if before is not None and before != _cache.settings:
            _notify(_cache.settings)
    return _cache


@allowed(READ)
def shop_settings() -> ShopOptions:
    """The shop's settings now (cached; read again after a change at this till or another)."""
    settings = _current().settings
    assert settings is not None
    return settings


@allowed(READ)
def shop_setting_values() -> dict[str, Any]:
    """Every option as stored (the time zone's name, the tax rate as typed): what the settings form edits."""
    return dict(_current().values)


@allowed(ANYONE, why="re-reads this process's cached copy of the settings; nothing is stored")
def settings_changed() -> ShopOptions:
    """Read the settings again now (after a change made here) and tell the subscribers when they differ."""
    _cache.key = None
    read_afresh()  # the till's standing read of the pricing version (on a server) would hide the change
    return shop_settings()


@allowed(ANYONE, why="adds a listener in this process; nothing is stored")
def subscribe(callback: Callable[[ShopOptions], None]) -> None:
    """``callback(new_settings)`` after the settings changed (called on the thread that noticed the change)."""
    if callback not in _observers:
        _observers.append(callback)


@allowed(ANYONE, why="removes a listener in this process; nothing is stored")
def unsubscribe(callback: Callable[[ShopOptions], None]) -> None:
    if callback in _observers:
        _observers.remove(callback)


def _notify(settings: ShopOptions) -> None:
    for callback in list(_observers):
        callback(settings)
