"""The shop's files are for this computer account only: data folder 0700, files 0600 (Linux and macOS)."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from pos.services import db
from pos.services.backup import backup
from pos.services.shop import _update_shop_settings
from pos.settings import MachineSettings, data_dir, sqlite_url

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the Windows profile is private already")


@pytest.fixture
def usual_umask():
    old = os.umask(0o022)  # what most systems give: new files 0644, new folders 0755
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def modes_under(root: Path) -> dict[str, int]:
    found = {".": mode(root)}
    for folder, dirs, names in os.walk(root):
        for name in dirs + names:
            path = Path(folder) / name
            found[str(path.relative_to(root))] = mode(path)
    return found


def test_a_new_database_its_backup_and_a_document_are_private(usual_umask):
    from pos.services.demo import create_demo
    from pos.services.status_picture import save_status_picture

    shop = data_dir() / "shop.db"
    db.open_database(sqlite_url(shop))
    create_demo(seed=1)
    _update_shop_settings({"whatsapp": "0812-2735-4816"})
    picture = save_status_picture(1)
    kept = backup(shop).path
    settings = MachineSettings(path=data_dir() / "settings.toml")
    settings.save()

    assert Path(f"{shop}-wal").exists() and Path(f"{shop}-shm").exists()
    modes = modes_under(data_dir())
    assert modes["."] == 0o700 and modes["backups"] == 0o700 and modes["documents"] == 0o700
    for name in ("shop.db", "shop.db-wal", "shop.db-shm", f"backups/{kept.name}", f"documents/{picture.name}",
                 "settings.toml"):
        assert modes[name] == 0o600, name
    assert {name: m for name, m in modes.items() if name != "." and m not in (0o600, 0o700)} == {}


def test_files_left_readable_by_an_older_version_are_tightened_when_the_database_opens(usual_umask):
    root = data_dir()
    (root / "backups").mkdir(parents=True)
    (root / "documents").mkdir()
    old_backup = root / "backups" / "langganan-20261101-210000.db"
    old_backup.write_bytes(b"")
    invoice = root / "documents" / "invoice-INV-000001.pdf"
    invoice.write_bytes(b"%PDF-1.4")
    for path in (root, root / "backups", root / "documents"):
        path.chmod(0o755)
    for path in (old_backup, invoice):
        path.chmod(0o644)

    db.open_database(sqlite_url(root / "shop.db"))

    assert mode(root) == 0o700 and mode(root / "backups") == 0o700 and mode(root / "documents") == 0o700
    assert mode(old_backup) == 0o600 and mode(invoice) == 0o600 and mode(root / "shop.db") == 0o600


def test_a_database_elsewhere_is_private_but_its_folder_is_left_alone(usual_umask, tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o755)
    db.open_database(sqlite_url(folder / "shop.db"))
    assert mode(folder / "shop.db") == 0o600 and mode(folder / "shop.db-wal") == 0o600
    assert mode(folder) == 0o755  # a folder the owner chose (a shared disk …) keeps its own rights
