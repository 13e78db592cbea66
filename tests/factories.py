"""Small factories that keep tests short."""

from __future__ import annotations

import itertools

from pos.money import Money
from pos.services.catalog import ProductInfo, add_category, add_product
from pos.services.customers import CustomerInfo, NewCustomer, add_customer

_seq = itertools.count(1)


def make_category(name: str | None = None) -> int:
    return add_category(name or f"Kategori {next(_seq)}")


def make_product(*, price: int = 15000, barcode: str | None = None, code: str | None = None,
                 category_id: int | None = None, name: str | None = None) -> ProductInfo:
    n = next(_seq)
    return add_product(code=code or f"P-{n:03d}", name=name or f"Produk {n}",
                       category_id=category_id or make_category(), retail_price=Money(price), barcode=barcode)


def make_customer(name: str = "Siti Rahayu", phone: str = "", **fields) -> CustomerInfo:
    return add_customer(NewCustomer(name=name, phone=phone, **fields))
