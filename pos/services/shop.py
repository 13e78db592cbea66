"""Shop settings shared by all tills, stored in the database (declared in pos.settings)."""

from __future__ import annotations

from typing import Any

from pos.models import ShopSetting, db
from pos.services.audit import record
from pos.services.changes import pricing_version
from pos.services.errors import InvalidInput
from pos.settings import SHOP_OPTIONS, option


_cache: dict[str, Any] = {}


def get_shop_settings() -> dict[str, Any]:
    """Every shop option: the stored value, or its default (read again after a change at any till)."""
    key = (db.obj, pricing_version())  # shop_setting is among what the pricing version watches
    if _cache.get("key") != key:
        _cache.update(key=key, values=_read_settings())
    return dict(_cache["values"])


def _read_settings() -> dict[str, Any]:
    stored = {row.key: row.value for row in ShopSetting.select()}
    values = {}
    for opt in SHOP_OPTIONS:
        try:
            values[opt.key] = opt.parse(stored[opt.key]) if opt.key in stored else opt.default
        except ValueError:
            values[opt.key] = opt.default
    return values


def update_shop_settings(changes: dict[str, Any], *, staff_id: int | None = None) -> dict[str, Any]:
    """Check every value first, then store them all in one transaction (all or nothing)."""
    parsed = {}
    for key, raw in changes.items():
        try:
            opt = option(SHOP_OPTIONS, key)
        except KeyError:
            raise InvalidInput(f"unknown shop setting {key!r}") from None
        try:
            parsed[key] = opt.parse(raw)
        except ValueError as exc:
            raise InvalidInput(str(exc)) from None
    with db.atomic():
        for key, value in parsed.items():
            ShopSetting.insert(key=key, value=value).on_conflict(
                conflict_target=[ShopSetting.key], update={ShopSetting.value: value}
            ).execute()
        record("settings.changed", staff_id=staff_id, details=parsed)
    return get_shop_settings()
