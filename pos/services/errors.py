"""Errors a user may see: the message is already translated and fits on one line."""

from __future__ import annotations

from pos.services.rules import READ, allowed


class PosError(Exception):
    """Something the user can act on; ``str(error)`` is the message to show."""


class DatabaseUnavailable(PosError):
    """The database cannot be opened, reached or created."""


class SchemaTooNew(PosError):
    """The database was made by a newer version of the program."""


class DamagedDatabase(PosError):
    """The integrity check found damage."""


class InvalidInput(PosError):
    """Bad input; nothing was changed."""


class NotAllowed(PosError):
    """The action needs another role or state."""


class UpgradeNeedsConfirmation(PosError):
    """A PostgreSQL database would be upgraded: the owner confirms first that a pg_dump copy was made."""


@allowed(READ)
def first_line(error: BaseException | str) -> str:
    lines = [ln.strip() for ln in str(error).splitlines() if ln.strip()]
    return lines[0] if lines else error.__class__.__name__
