"""Writing to the append-only audit log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pos.models import AuditEntry, utcnow
from pos.services.rules import ANYONE, allowed


@allowed(ANYONE, why="appends to the audit log inside the caller's transaction; never edits or removes")
def record(action: str, *, entity: str = "", entity_id: Any = "", staff_id: int | None = None,
           till_id: str = "", details: dict[str, Any] | None = None, summary: str = "",
           at: dt.datetime | None = None) -> None:
    """Append one entry; call inside the transaction of the change it describes. ``at`` (UTC) is the moment
    of that change when it was given one (a sale recorded for a past moment); default now."""
    AuditEntry.create(action=action, entity=entity, entity_id=str(entity_id), staff=staff_id,
                      till_id=till_id, details=_jsonable(details or {}), summary=summary, at=at or utcnow())


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (str, int, bool)) or value is None:
        return value
    return str(value)
