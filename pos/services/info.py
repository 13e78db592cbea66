"""What `pos info` shows: where the data is, which schema, which till, how many of what."""

from __future__ import annotations

from dataclasses import dataclass

from pos.models import Category, Customer, Product, Promotion, Sale, StaffUser
from pos.services.db import DatabaseInfo
from pos.services.shop import get_shop_settings
from pos.settings import config_file, data_dir


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


def shop_info(database: DatabaseInfo, till_id: str) -> ShopInfo:
    settings = get_shop_settings()
    counts = {
        "categories": Category.select().count(),
        "products": Product.select().count(),
        "customers": Customer.select().count(),
        "promotions": Promotion.select().count(),
        "staff": StaffUser.select().count(),
        "sales": Sale.select().where(Sale.kind == "sale").count(),
    }
    return ShopInfo(str(data_dir()), str(config_file()), database.url, database.engine,
                    database.schema_version, till_id, settings["shop_name"], settings["is_demo"], counts)
