"""Bad input on the command line (issue #18): one clear line in the user's language, exit ≠ 0, nothing written."""

from __future__ import annotations

import sqlite3

import pytest

from tests.test_cli import assert_clean_failure, run_pos

SEALED = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad")
    url = "sqlite://" + (folder / "toko.db").as_posix()
    assert run_pos("--db", url, "demo", "--days", "0").returncode == 0
    return folder, url


def count(folder, table: str) -> int:
    conn = sqlite3.connect(folder / "toko.db")
    try:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def test_two_and_a_half_loaves_and_an_empty_quantity_are_refused(shop):
    _folder, url = shop
    assert_clean_failure(run_pos("--lang", "en", "--db", url, "price", "ROT-01=2,5"),
                         "sold in whole pcs: 2,5 is not a whole number")
    assert_clean_failure(run_pos("--lang", "id", "--db", url, "price", "ROT-01="), "ROT-01=")
    weighed = run_pos("--lang", "en", "--db", url, "price", "KOP-04=0,5")
    assert weighed.returncode == 0, weighed.stderr


@pytest.mark.parametrize("what,header", [("products", "kode;nama;harga_ecer\n"), ("customers", "nama;no hp\n")])
def test_a_file_with_column_names_only_is_refused(shop, what, header):
    folder, url = shop
    sheet = folder / f"{what}-kosong.csv"
    sheet.write_text(header, "utf-8")
    before = count(folder, "product"), count(folder, "customer"), count(folder, "audit_entry")
    assert_clean_failure(run_pos("--lang", "en", "--db", url, what, "import", str(sheet), "--pin", "1234"),
                         "but no rows")
    assert (count(folder, "product"), count(folder, "customer"), count(folder, "audit_entry")) == before


@pytest.mark.parametrize("what", ["products", "customers"])
def test_a_password_protected_workbook_is_named_as_such(shop, what):
    folder, url = shop
    sheet = folder / f"{what}-rahasia.xlsx"
    sheet.write_bytes(SEALED)
    assert_clean_failure(run_pos("--lang", "en", "--db", url, what, "import", str(sheet), "--pin", "1234"),
                         "protected with a password")
    assert_clean_failure(run_pos("--lang", "id", "--db", url, what, "import", str(sheet), "--pin", "1234"),
                         "kata sandi")


def test_a_read_only_database_is_one_clear_line_at_the_start(tmp_path):
    import os
    import subprocess

    path = tmp_path / "toko.db"
    url = "sqlite://" + path.as_posix()
    assert run_pos("--db", url, "info").returncode == 0  # an empty shop, closed cleanly
    if os.geteuid() == 0:  # root writes through file modes: make the file immutable instead
        if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
            pytest.skip("chattr +i is not available here")
    else:
        path.chmod(0o444)
    try:
        before = path.read_bytes()
        for command in (("info",), ("price", "ROT-01")):
            assert_clean_failure(run_pos("--lang", "en", "--db", url, *command), "is read-only")
        assert_clean_failure(run_pos("--lang", "id", "--db", url, "info"), str(path))
        window = run_pos("--lang", "en", "--db", url, env_extra={"QT_QPA_PLATFORM": "offscreen"})
        assert window.returncode == 1 and "is read-only" in window.stderr and "Traceback" not in window.stderr
        assert path.read_bytes() == before
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(path)], check=False)
        path.chmod(0o644)
