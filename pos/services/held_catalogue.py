"""The products a till finds by code, barcode or name while its server is away: held in memory.

The window's background check (``forwarding.tick``) fills it after every change at any till (the pricing version),
alongside the price book. ``find`` and ``search`` answer from the server while it answers, and from what is held
once it does not (a server that stops answering during a scan sends the till offline, then the held answer comes).
"""

from __future__ import annotations

import threading

from peewee import DatabaseError, InterfaceError

from pos.models import Category, Product, db
from pos.services import catalog, connectivity
from pos.services.catalog import ProductInfo
from pos.services.rules import ANYONE, READ, allowed

_lock = threading.Lock()
_held: dict[str, list[ProductInfo]] = {"products": []}


@allowed(ANYONE, why="reads the catalogue into this process's memory; nothing is stored")
def hold() -> int:
    """Every active product, in counter order, held for a scan while the server is away; how many."""
    rows = (Product.select(Product.id, Product.code, Product.barcode, Product.name, Product.unit,
                           Product.retail_price, Category.name.alias("category_name")).join(Category)
            .where(Product.active == True)  # noqa: E712
            .order_by(Category.position, Product.grid_position, Product.name).objects())
    products = [ProductInfo(p.id, p.code, p.barcode, p.name, p.unit, p.category_name, p.retail_price) for p in rows]
    with _lock:
        _held["products"] = products
    return len(products)


def _held_find(text: str) -> ProductInfo | None:
    return next((p for p in _held["products"] if text in (p.code, p.barcode)), None)


def _held_search(text: str, limit: int) -> list[ProductInfo]:
    words = text.lower().split()
    found = [p for p in _held["products"] if all(w in p.name.lower() or w in p.code.lower() for w in words)]
    exact = _held_find(text)
    if exact is not None:
        found = [exact] + [p for p in found if p.id != exact.id]
    return found[:limit]


def _offline_after(error: BaseException) -> bool:
    return not db.in_transaction() and connectivity.server_gone(error)


@allowed(READ)
def find(text: str) -> ProductInfo | None:
    """An active product by its code or barcode (``catalog.find_product``; offline: the held one)."""
    text = (text or "").strip()
    if not connectivity.offline():
        try:
            return catalog.find_product(text)
        except (DatabaseError, InterfaceError) as exc:
            if not _offline_after(exc):
                raise
    return _held_find(text) if text else None


@allowed(READ)
def search(text: str, limit: int = 12) -> list[ProductInfo]:
    """Scan or type (``catalog.search_products``; offline: among the held products)."""
    text = (text or "").strip()
    if not connectivity.offline():
        try:
            return catalog.search_products(text, limit)
        except (DatabaseError, InterfaceError) as exc:
            if not _offline_after(exc):
                raise
    return _held_search(text, limit) if text else []
