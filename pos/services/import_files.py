"""What every import refuses before reading a row: a sealed Office file, a file with column names only."""

from __future__ import annotations

from pos.domain.contacts import sealed_office_file
from pos.i18n import _
from pos.services.errors import InvalidInput
from pos.services.access import READ, allowed


@allowed(READ)
def refuse_sealed_file(data: bytes) -> None:
    """A password-protected workbook or an old .xls is refused with what to do, not read as garbage."""
    kind = sealed_office_file(data)
    if kind == "encrypted":
        raise InvalidInput(_("The file is protected with a password. Open it in Excel, remove the password "
                             "(File > Info > Protect Workbook), save it and import it again."))
    if kind == "old_excel":
        raise InvalidInput(_("The file is an old Excel file (.xls). Save it as .xlsx or CSV and import it again."))


@allowed(READ)
def no_rows(headers: tuple[str, ...]) -> InvalidInput:
    return InvalidInput(_("The file has column names ({headers}) but no rows; nothing was imported.").format(
        headers=", ".join(h for h in headers if h) or "-"))


BIG_FILE_ROWS = 20_000  # from here an import says first that the tills will wait while it writes


@allowed(READ)
def tills_wait_notice(rows: int) -> str:
    """On SQLite a big import holds the write lock while it writes (PostgreSQL's tills sell on): the words that
    say so before it starts, for the command line and the import windows; '' when the tills will not notice."""
    from pos.services.db import supports_row_locks

    if rows < BIG_FILE_ROWS or supports_row_locks():
        return ""
    return _("{rows} rows: every row is checked first, then all are written at once. While they are written "
             "the tills of this shop wait; a sale that waits too long says so and can be tried again.").format(
        rows=f"{rows:,}".replace(",", "."))
