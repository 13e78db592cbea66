"""What `pos info` shows: where the data is, which schema, which till, how many of what."""

from __future__ import annotations

from dataclasses import dataclass

from pos import __version__
from pos.i18n import _, format_number
from pos.models import Category, Customer, Product, Promotion, Sale, StaffUser
from pos.services.backup import backups_dir
from pos.services.db import DatabaseInfo
from pos.services.shop_settings import shop_settings
from pos.settings import config_file, data_dir
from pos.services.access import READ, allowed


@dataclass(frozen=True)
class ShopInfo:
    data_dir: str
    config_file: str
    database: str
    engine: str
    schema_version: int
    till_id: str
    shop_name: str
    is_demo: bool
    counts: dict[str, int]
    backup_dir: str = ""
    version: str = __version__


@allowed(READ)
def shop_info(database: DatabaseInfo, till_id: str) -> ShopInfo:
    settings = shop_settings()
    counts = {
        "categories": Category.select().count(),
        "products": Product.select().count(),
        "customers": Customer.select().count(),
        "promotions": Promotion.select().count(),
        "staff": StaffUser.select().count(),
        "sales": Sale.select().where(Sale.kind == "sale").count(),
    }
    return ShopInfo(str(data_dir()), str(config_file()), database.url, database.engine,
                    database.schema_version, till_id, settings.shop_name, settings.is_demo, counts,
                    str(backups_dir()) if database.engine == "sqlite" else "")


@allowed(READ)
def info_rows(info: ShopInfo) -> list[tuple[str, str]]:
    """The labelled lines of `pos info` and of the window's Info dialog."""
    rows = [
        (_("Shop"), (info.shop_name or "-") + (" " + _("(demo)") if info.is_demo else "")),
        (_("Till"), info.till_id),
        (_("Version"), info.version),
        (_("Database"), info.database),
        (_("Schema version"), str(info.schema_version)),
        (_("Data folder"), info.data_dir),
        (_("Backups folder"), info.backup_dir or _("on the database server (pg_dump)")),
        (_("Settings file"), info.config_file),
    ]
    names = {"categories": _("Categories"), "products": _("Products"), "customers": _("Customers"),
             "promotions": _("Promotions"), "staff": _("Staff"), "sales": _("Sales")}
    return rows + [(names[key], format_number(info.counts[key])) for key in names]
