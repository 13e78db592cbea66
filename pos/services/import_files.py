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
