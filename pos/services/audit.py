"""Writing to the append-only audit log."""

from __future__ import annotations

from typing import Any

from pos.models import AuditEntry


def record(action: str, *, entity: str = "", entity_id: Any = "", staff_id: int | None = None,
           till_id: str = "", details: dict[str, Any] | None = None, summary: str = "") -> None:
    """Append one entry; call inside the transaction of the change it describes."""
    AuditEntry.create(action=action, entity=entity, entity_id=str(entity_id), staff=staff_id,
                      till_id=till_id, details=_jsonable(details or {}), summary=summary)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (str, int, bool)) or value is None:
        return value
    return str(value)
