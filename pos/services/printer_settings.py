"""This till's printer settings (address, paper, kind, cash drawer, receipts, logo): they change every receipt,
so only the owner changes them. They live in the machine's settings file; the PIN is checked here, whatever
the window does, and each change is written to the audit log."""

from __future__ import annotations

from typing import Any

from pos.i18n import _
from pos.models import db
from pos.printing.transport import PrintFailed, parse_printer_url
from pos.services.audit import record
from pos.services.errors import InvalidInput, PosError
from pos.services.staff import Staff
from pos.settings import MACHINE_OPTIONS, MachineSettings, option
from pos.services.access import OWNER, allowed, approving_owner

PRINTER_KEYS = ("printer_url", "paper_width", "printer_profile", "cash_drawer", "print_receipts", "receipt_logo",
                "bar_printer_url", "kitchen_printer_url")
URL_KEYS = ("printer_url", "bar_printer_url", "kitchen_printer_url")


@allowed(OWNER)
def save_printer_settings(settings: MachineSettings, values: dict[str, Any], *, owner_pin: str,
                          till_id: str = "") -> Staff:
    """Owner only: check every value, write the settings file (all or nothing), audit what changed."""
    owner = approving_owner()
    unknown = sorted(set(values) - set(PRINTER_KEYS))
    if unknown:
        raise InvalidInput(_("Not a printer setting: {names}").format(names=", ".join(unknown)))
    try:
        parsed = {key: option(MACHINE_OPTIONS, key).parse(value) for key, value in values.items()}
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None
    for key in URL_KEYS:
        if parsed.get(key):
            try:
                parse_printer_url(parsed[key])
            except PrintFailed as exc:
                raise InvalidInput(str(exc)) from None
    changed = {key: value for key, value in parsed.items() if settings[key] != value}
    before = dict(settings.values)
    settings.values.update(parsed)
    try:
        settings.save()
    except OSError as exc:  # nothing half-changed: the settings stay as they were
        settings.values.clear()
        settings.values.update(before)
        raise PosError(_("Cannot write {path}: {reason}").format(path=settings.path, reason=exc.strerror or exc)) \
            from None
    if changed:
        with db.atomic():
            record("printer.settings_changed", staff_id=owner.id, till_id=till_id, details=changed)
    return owner
