"""Shop settings shared by all tills, stored in the database (declared in pos.settings)."""

from __future__ import annotations

import base64
from decimal import Decimal, InvalidOperation
from typing import Any

from pos.i18n import N_, _

from pos.models import ShopSetting, db
from pos.services.audit import record
from pos.services.errors import InvalidInput
from pos.services.shop_settings import settings_changed, shop_setting_values
from pos.settings import SHOP_OPTIONS, option
from pos.services.access import OWNER, READ, allowed, approving_owner


@allowed(READ)
def get_shop_settings() -> dict[str, Any]:
    """Every shop option as stored, or its default: what the settings form edits (``shop_settings()`` gives
    them typed)."""
    return shop_setting_values()


def _update_shop_settings(changes: dict[str, Any], *, staff_id: int | None = None) -> dict[str, Any]:
    """Check every value first, then store them all in one transaction (all or nothing)."""
    from pos.services.setting_choices import CODED, check_code  # Babel's and phonenumbers' lists load when needed

    parsed = {}
    for key, raw in changes.items():
        if key in CODED:  # one of the codes the settings form offers, nothing else
            raw = check_code(key, raw)
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
    settings_changed()  # this process's copy, and whoever follows the settings
    return get_shop_settings()


# --- the owner's side: changes need the owner's PIN, checked here -------------------------------
LOGO_KEY = "logo_png"  # base64 PNG, made small by printing.pictures; not an Option (no text to type)
OWNER_ONLY = (  # what needs the owner's PIN, and the setting that switches it (None: always)
    (N_("Refund or void a sale"), None),
    (N_("Change a price at the till"), None),
    (N_("Open the cash drawer without a sale"), None),
    (N_("Delete a customer's data on request"), None),
    (N_("Export the customer book with full phone numbers"), None),
    (N_("Back office: products, promotions, tiers, staff, settings"), None),
    (N_("Remove a scanned line from the cart"), "protect_line_removal"),
)


@allowed(OWNER)
def change_shop_settings(changes: dict[str, Any], *, owner_pin: str) -> dict[str, Any]:
    """The owner changes shop settings (all checked first, all stored or none)."""

    owner = approving_owner()
    if "tax_rate" in changes:
        try:
            rate = Decimal(str(changes["tax_rate"]).replace(",", ".").strip())
        except InvalidOperation:
            rate = Decimal(-1)
        if not Decimal(0) <= rate <= Decimal(50):
            raise InvalidInput(_("The tax rate must be between 0 and 50 %."))
    _check_barcode_settings(changes)
    return _update_shop_settings(changes, staff_id=owner.id)


def _check_barcode_settings(changes: dict[str, Any]) -> None:
    """The in-store and weighed prefixes stay apart, and the layout reads (pos.domain.barcodes)."""
    from pos.domain.barcodes import BarcodeError, check_layout, check_prefixes
    from pos.i18n import describe_barcode_problem

    keys = ("instore_barcode_prefix", "weighed_barcode_prefix", "weighed_barcode_layout")
    if not any(key in changes for key in keys):
        return
    now = {**get_shop_settings(), **{k: str(v).strip() for k, v in changes.items() if k in keys}}
    try:
        check_prefixes(now["instore_barcode_prefix"], now["weighed_barcode_prefix"])
        check_layout(now["weighed_barcode_layout"])
    except BarcodeError as exc:
        raise InvalidInput(describe_barcode_problem(exc.code, exc.params)) from None


@allowed(READ)
def shop_logo() -> bytes | None:
    row = ShopSetting.get_or_none(ShopSetting.key == LOGO_KEY)
    return base64.b64decode(row.value) if row is not None and row.value else None


@allowed(OWNER)
def set_shop_logo(data: bytes | None, *, owner_pin: str) -> None:
    """A picture file's bytes (checked and scaled down), or None to remove the logo."""
    from pos.printing.pictures import shop_logo as fit_logo

    owner = approving_owner()
    if data is not None:
        try:
            data = fit_logo(data)
        except ValueError as exc:
            raise InvalidInput(_("The logo cannot be used: {reason}").format(reason=exc)) from None
    with db.atomic():
        ShopSetting.delete().where(ShopSetting.key == LOGO_KEY).execute()
        if data is not None:
            ShopSetting.create(key=LOGO_KEY, value=base64.b64encode(data).decode())
        record("settings.logo", staff_id=owner.id, details={"bytes": len(data) if data else 0})


@allowed(READ)
def shop_logo_file() -> str:
    """The shop's logo as a file for the receipt printer (kept in the data folder, rewritten when it
    changes), or "" without a logo."""
    from pos.services.files import private_dir, write_private
    from pos.settings import data_dir

    data = shop_logo()
    if data is None:
        return ""
    path = data_dir() / "shop-logo.png"
    try:
        if not path.exists() or path.read_bytes() != data:
            write_private(private_dir(path.parent) / path.name, data)
    except OSError:
        return ""  # printing goes on without the logo
    return str(path)
