"""Column types for money, quantities and small JSON documents (no floats anywhere)."""

from __future__ import annotations

import json
from typing import Any

from peewee import BigIntegerField, TextField

from pos.money import Money, Quantity


class MoneyField(BigIntegerField):
    """Whole minor units (rupiah) as a 64-bit integer."""

    def db_value(self, value: Money | int | None) -> int | None:
        if value is None:
            return None
        return value.minor if isinstance(value, Money) else int(value)

    def python_value(self, value: int | None) -> Money | None:
        return None if value is None else Money(int(value))


class QuantityField(BigIntegerField):
    """A quantity as an integer count of thousandths."""

    def db_value(self, value: Quantity | int | None) -> int | None:
        if value is None:
            return None
        return value.thousandths if isinstance(value, Quantity) else int(value)

    def python_value(self, value: int | None) -> Quantity | None:
        return None if value is None else Quantity(int(value))


class JSONField(TextField):
    """A small JSON document stored as text (same on SQLite and PostgreSQL)."""

    def db_value(self, value: Any) -> str | None:
        return None if value is None else json.dumps(value, sort_keys=True, ensure_ascii=False)

    def python_value(self, value: str | None) -> Any:
        return None if value is None else json.loads(value)
