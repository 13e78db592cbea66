"""The layout works the same installed, from a checkout and frozen: migrations by import, resources by locator."""

from __future__ import annotations

import glob
import importlib.resources
from pathlib import Path

from pos import resource_path
from pos.services import db

ROOT = Path(__file__).resolve().parent.parent


def test_migrations_are_found_without_files_on_disk(tmp_path, monkeypatch):
    # A frozen program has no pos/migrations/*.py: listing files must not be how they are found.
    monkeypatch.setattr(glob, "glob", lambda *a, **k: [])
    monkeypatch.setattr(glob, "iglob", lambda *a, **k: iter(()))
    names = db.known_migrations()
    on_disk = sorted(p.stem for p in (ROOT / "pos" / "migrations").glob("[0-9]*.py"))
    assert names == on_disk and names[0] == "0001_initial"
    opened = db.open_database(f"sqlite:///{tmp_path / 'shop.db'}")
    try:
        assert opened.schema_version == db.schema_version_of(on_disk)
        assert db.applied_migrations(db.current()) == on_disk
    finally:
        db.close_database()


def test_resources_come_from_the_package_when_it_is_importable():
    catalogue = resource_path("locale", "id", "LC_MESSAGES", "messages.mo")
    assert catalogue.is_file() and resource_path("demo", "shop.json").is_file()


def test_resources_fall_back_to_the_checkout_when_pos_resources_is_missing(monkeypatch):
    # `pip install .` then `python -m pytest` in the clone: ./pos is imported and has no pos.resources.
    def missing(name):
        raise ModuleNotFoundError(f"No module named {name!r}")

    monkeypatch.setattr(importlib.resources, "files", missing)
    assert resource_path("locale") == ROOT / "resources" / "locale"
    assert resource_path("demo", "shop.json").is_file()
