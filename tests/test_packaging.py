"""The layout works the same installed, from a checkout and frozen: migrations by import, resources by locator."""

from __future__ import annotations

import glob
import importlib.resources
import os
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


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def test_the_icon_ships_as_svg_and_every_png_size():
    assert "<svg" in resource_path("icons", "langganan.svg").read_text(encoding="utf-8")
    for size in (16, 32, 48, 64, 128, 256):
        assert png_size(resource_path("icons", f"langganan-{size}.png")) == (size, size)
    assert resource_path("icons", "langganan.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"  # Windows icon


def test_desktop_entry_goes_to_the_menu_and_comes_out_leaving_the_data(tmp_path, monkeypatch, capsys):
    from pos.cli import main

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    data = tmp_path / "data"  # POS_DATA_DIR of the autouse fixture
    data.mkdir(exist_ok=True)
    (data / "shop.db").write_bytes(b"the shop")
    assert main(["desktop-entry", "--lang", "en"]) == 0
    entry = tmp_path / "share" / "applications" / "langganan.desktop"
    text = entry.read_text(encoding="utf-8")
    assert "Name=Langganan\n" in text and "Icon=langganan\n" in text and "Terminal=false\n" in text
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    assert exec_line.endswith(("/pos", " -m pos"))  # this very program: the venv's pos, or python -m pos
    icon = tmp_path / "share" / "icons" / "hicolor" / "48x48" / "apps" / "langganan.png"
    assert png_size(icon) == (48, 48)
    assert "Menu entry written: " + str(entry) in capsys.readouterr().out

    assert main(["desktop-entry", "--remove", "--lang", "en"]) == 0
    assert not entry.exists() and not icon.exists()
    assert (data / "shop.db").read_bytes() == b"the shop"


def test_desktop_entry_quotes_a_program_path_with_spaces():
    from pos.services.desktop_entry import desktop_entry_text

    text = desktop_entry_text(["/home/Siti Nur'aini/.local/share/langganan/langganan"])
    assert "Exec=\"/home/Siti Nur'aini/.local/share/langganan/langganan\"\n" in text


def test_the_committed_desktop_file_is_the_one_the_program_writes():
    from pos.services.desktop_entry import desktop_entry_text

    assert (ROOT / "installer" / "langganan.desktop").read_text(encoding="utf-8") == desktop_entry_text(["langganan"])


def test_bootstrap_never_waits_for_an_answer_without_a_terminal(tmp_path, monkeypatch, capsys):
    import importlib.util
    import subprocess
    import sys

    spec = importlib.util.spec_from_file_location("bootstrap", ROOT / "installer" / "bootstrap.py")
    bootstrap = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bootstrap)
    monkeypatch.setattr(bootstrap, "VENV", tmp_path)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)
    monkeypatch.setattr("builtins.input", lambda *a: (_ for _ in ()).throw(AssertionError("asked")))
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: (_ for _ in ()).throw(AssertionError("ran")))
    bootstrap.offer_desktop_entry(tmp_path / "python")
    assert "pos desktop-entry" in capsys.readouterr().out


def test_the_throw_away_test_server_keeps_its_data_in_memory_where_there_is_room(monkeypatch):
    """Its data on a disk made every test's database copy about 0.45 s, in memory 0.07 s (issue #20)."""
    import importlib.util
    import shutil
    import tempfile
    from collections import namedtuple

    spec = importlib.util.spec_from_file_location("bootstrap", ROOT / "installer" / "bootstrap.py")
    bootstrap = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bootstrap)
    usage = namedtuple("usage", "total used free")
    shm = Path("/dev/shm")
    made = []
    try:
        if shm.is_dir() and os.access(shm, os.W_OK):
            monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(8 << 30, 0, 8 << 30))
            made.append(bootstrap.server_folder())
            assert made[-1].parent == shm
        monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(1 << 30, 1 << 30, 100 << 20))  # no room
        made.append(bootstrap.server_folder())
        assert made[-1].parent == Path(tempfile.gettempdir()) and made[-1].is_dir()
    finally:
        for folder in made:
            folder.rmdir()


def test_every_python_package_of_pos_is_installed():
    """A new sub-package (a folder with an __init__.py) must be listed in pyproject.toml, or an installed or
    frozen program fails at its first import of it (as pos.domain.promotion_kinds once did)."""
    import tomllib

    root = Path(__file__).resolve().parents[1]
    listed = set(tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(root).parts) for p in (root / "pos").rglob("__init__.py")}
    assert found - listed == set()
