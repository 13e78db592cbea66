"""The `pos` command as a user runs it: in a fresh process, reading only what it prints."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.db_templates import demo_file


def run_pos(*args: str, env_extra: dict[str, str] | None = None, timeout: float = 60,
            cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, **(env_extra or {})}
    env.pop("POS_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "pos", *args], capture_output=True, text=True, env=env,
                          timeout=timeout, cwd=cwd)


def assert_clean_failure(result: subprocess.CompletedProcess, expected: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert expected in lines[0]


def test_help_lists_the_subcommands():
    result = run_pos("--lang", "en", "--help")
    assert result.returncode == 0
    for command in ("demo", "info", "backup", "restore", "--db"):
        assert command in result.stdout


def test_demo_then_info_reports_the_data_location_and_counts(tmp_path):
    data = os.environ["POS_DATA_DIR"]
    demo = run_pos("--lang", "en", "demo", "--days", "7", "--today", "2026-11-20")
    assert demo.returncode == 0, demo.stderr
    assert "200 customers" in demo.stdout and "History:" in demo.stdout
    info = run_pos("--lang", "en", "info")
    assert info.returncode == 0, info.stderr
    assert data in info.stdout
    assert (Path(data) / "shop.db").is_file()
    rows = dict(line.split(None, 1) if " " in line else (line, "") for line in info.stdout.splitlines())
    assert "Products        40" in info.stdout and "Customers       200" in info.stdout
    assert "Till            K1" in info.stdout
    assert int(rows["Sales"].strip()) > 50  # a week of trade, through the real checkout


def test_info_speaks_indonesian_after_install():
    result = run_pos("--lang", "id", "info")
    assert result.returncode == 0, result.stderr
    assert "Pelanggan" in result.stdout and "Versi skema" in result.stdout


def test_backup_and_restore_from_the_command_line(tmp_path):
    url = "sqlite://" + (tmp_path / "toko.db").as_posix()
    assert demo_file(url, days=0).created
    usb = tmp_path / "usb"
    made = run_pos("--lang", "en", "--db", url, "backup", "--to", str(usb))
    assert made.returncode == 0, made.stderr
    [copy] = list(usb.glob("langganan-*.db"))
    restored = run_pos("--lang", "en", "--db", url, "restore", str(copy))
    assert restored.returncode == 0, restored.stderr
    assert "Restored" in restored.stdout


def test_postgresql_backup_points_to_pg_dump():
    result = run_pos("--lang", "en", "--db", "postgresql://postgres@127.0.0.1:1/shop", "backup")
    assert_clean_failure(result, "pg_dump")


def test_an_unreachable_postgresql_server_is_a_clear_error_within_ten_seconds():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)  # accepts, never answers
    try:
        started = time.monotonic()
        result = run_pos("--lang", "en", "--db", f"postgresql://postgres@127.0.0.1:{listener.getsockname()[1]}/shop",
                         "info")
        assert time.monotonic() - started < 10
    finally:
        listener.close()
    assert_clean_failure(result, "Cannot reach the database server")


@pytest.mark.parametrize("url,expected", [
    ("mysql://root@localhost/shop", "is not a database URL"),
    ("postgresql://u@host:port/db", "malformed"),
    ("shop.db", "is not a database URL"),
    ("", "is not a database URL"),
    ("sqlite://", "names no file"),
    ("sqlite:///C:/Users/ani/shop.db", "Windows path"),
])
def test_a_malformed_url_is_a_clear_error_and_creates_nothing(url, expected, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    assert_clean_failure(run_pos("--lang", "en", "--db", url, "demo", cwd=work), expected)
    assert list(work.iterdir()) == []
    assert not Path(os.environ["POS_DATA_DIR"]).exists()


def test_a_wrong_option_is_one_line_in_the_users_language():
    result = run_pos("--lang", "id", "info", "--db")
    assert_clean_failure(result, "butuh satu argumen")
    assert "argumen --db" in result.stderr


def test_a_backup_folder_that_cannot_be_made_is_a_clear_error(tmp_path):
    url = "sqlite://" + (tmp_path / "toko.db").as_posix()
    assert demo_file(url, days=0).created
    (tmp_path / "usb").write_text("a file, not a stick")
    assert_clean_failure(run_pos("--lang", "en", "--db", url, "backup", "--to", str(tmp_path / "usb" / "x")),
                         "Cannot write backups to")


def test_backup_of_a_non_database_url_says_what_is_wrong():
    assert_clean_failure(run_pos("--lang", "en", "--db", "shop.db", "backup"), "is not a database URL")
    assert_clean_failure(run_pos("--lang", "en", "--db", "postgresql://p@127.0.0.1:1/x", "restore", "f.db"),
                         "pg_restore")


def test_a_database_path_whose_parent_is_a_file_creates_nothing(tmp_path):
    (tmp_path / "flashdisk").write_text("x")
    result = run_pos("--lang", "en", "--db", "sqlite://" + (tmp_path / "flashdisk" / "shop.db").as_posix(), "demo")
    assert_clean_failure(result, "is a file, not a folder")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["flashdisk"]


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path):
    path = tmp_path / "resep.db"
    path.write_text("resep bolu pandan\n")
    assert_clean_failure(run_pos("--lang", "en", "--db", "sqlite://" + path.as_posix(), "info"),
                         "not a Langganan database")
    assert path.read_text() == "resep bolu pandan\n"


def test_restore_of_a_file_that_is_not_a_backup_changes_nothing(tmp_path):
    url = "sqlite://" + (tmp_path / "toko.db").as_posix()
    assert demo_file(url, days=0).created
    before = (tmp_path / "toko.db").stat().st_size
    bogus = tmp_path / "foto.jpg"
    bogus.write_bytes(b"\xff\xd8\xff\xe0" + b"0" * 100)
    assert_clean_failure(run_pos("--lang", "en", "--db", url, "restore", str(bogus)), "not a Langganan backup")
    info = run_pos("--lang", "en", "--db", url, "info")
    assert "Customers       200" in info.stdout
    assert (tmp_path / "toko.db").stat().st_size == before


def test_indonesian_errors_for_the_same_bad_input(tmp_path):
    result = run_pos("--lang", "id", "--db", "mysql://root@localhost/shop", "info")
    assert_clean_failure(result, "bukan URL basis data")


def test_price_shows_the_reasons_in_indonesian(tmp_path):
    url = "sqlite://" + (tmp_path / "toko.db").as_posix()
    assert demo_file(url, days=0).created
    result = run_pos("--lang", "id", "--db", url, "price", "CML-01=10", "KUE-01", "--at", "2026-11-27 10:00")
    assert result.returncode == 0, result.stderr
    assert "Beli 10 gratis 1" in result.stdout
    assert "Gratis untuk belanja ≥ Rp 200.000" in result.stdout
    assert "Total                                                 Rp 235.000" in result.stdout
    reseller = run_pos("--lang", "id", "--db", url, "price", "CML-01=10", "--customer", "LG00001",
                       "--at", "2026-11-27 10:00")
    assert "Harga reseller (min. 10)" in reseller.stdout and "Rp 155.000" in reseller.stdout


def test_price_of_an_unknown_product_is_a_clear_error(tmp_path):
    url = "sqlite://" + (tmp_path / "toko.db").as_posix()
    assert demo_file(url, days=0).created
    assert_clean_failure(run_pos("--lang", "en", "--db", url, "price", "XXX-1=2"), "no active product")
    assert_clean_failure(run_pos("--lang", "en", "--db", url, "price", "CML-01=dua"), "is not a quantity")


def test_reprint_test_page_and_member_card_from_the_command_line(tmp_path):
    url = "sqlite://" + (tmp_path / "toko.db").as_posix()
    assert demo_file(url, days=2, today="2026-11-20").created
    out = tmp_path / "receipt.bin"
    reprint = run_pos("--lang", "id", "--db", url, "reprint", "K1-000001", "--printer", out.as_uri())
    assert reprint.returncode == 0, reprint.stderr
    assert "Struk K1-000001: tercetak" in reprint.stdout
    data = out.read_bytes()
    assert data.startswith(b"\x1b@\x1bt\x00") and b"SALINAN" in data and b"K1-000001" in data

    test_page = tmp_path / "test.bin"
    assert run_pos("--lang", "en", "--db", url, "print-test", "--printer", test_page.as_uri()).returncode == 0
    assert b"TEST PRINT" in test_page.read_bytes()

    card = tmp_path / "card.bin"
    assert run_pos("--db", url, "card", "LG00009", "--printer", card.as_uri()).returncode == 0
    assert b"{BLG00009" in card.read_bytes()  # the Code128 the till scans
    pdf = tmp_path / "cards.pdf"
    made = run_pos("--lang", "en", "--db", url, "card", "LG00009", "--pdf", str(pdf))
    assert made.returncode == 0 and "written to" in made.stdout
    assert pdf.read_bytes().startswith(b"%PDF")


def test_a_printer_that_is_off_is_one_clear_line_and_the_job_waits(tmp_path):
    url = "sqlite://" + (tmp_path / "toko.db").as_posix()
    assert demo_file(url, days=1, today="2026-11-20").created
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    result = run_pos("--lang", "en", "--db", url, "reprint", "K1-000001", "--printer", f"tcp://127.0.0.1:{port}")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "refused the connection" in result.stderr and "waits in the print queue" in result.stderr
    unknown = run_pos("--lang", "en", "--db", url, "reprint", "K9-000001", "--printer", "file:///dev/null")
    assert_clean_failure(unknown, "There is no sale K9-000001")
    no_printer = run_pos("--lang", "en", "--db", url, "print-test")
    assert_clean_failure(no_printer, "No printer is set up")


def test_customers_import_and_export_from_the_command_line(tmp_path):
    url = "sqlite://" + (tmp_path / "toko.db").as_posix()
    assert demo_file(url, days=0).created
    sheet = tmp_path / "pelanggan.csv"
    sheet.write_text("nama;no hp;desa\nBu Sari;0813 9999 1111;Kledung\nPak Joko;0813 99x9;Bansari\n", "utf-8")
    bad = run_pos("--lang", "en", "--db", url, "customers", "import", str(sheet), "--pin", "1234")
    assert_clean_failure(bad, "line 3: 0813 99x9 is not a phone number")
    sheet.write_text("nama;no hp;desa\nBu Sari;0813 9999 1111;Kledung\nPak Joko;0813 9999 2222;Bansari\n", "utf-8")
    for pin in ((), ("--pin", "1111")):  # no PIN, the cashier's: an import is the owner's
        assert_clean_failure(run_pos("--lang", "en", "--db", url, "customers", "import", str(sheet), *pin),
                             "This needs the owner's PIN.")
    good = run_pos("--lang", "en", "--db", url, "customers", "import", str(sheet), "--pin", "1234")
    assert good.returncode == 0 and "Imported 2 new customers" in good.stdout
    out = tmp_path / "buku.csv"
    exported = run_pos("--lang", "en", "--db", url, "customers", "export", str(out))
    assert exported.returncode == 0 and "masked" in exported.stdout
    text = out.read_text("utf-8-sig")
    assert "Bu Sari" in text and "0813-****-1111" in text and "9999" not in text
    nameless = tmp_path / "kontak.csv"
    nameless.write_text("hp\n0813 9999 3333\n", "utf-8")
    assert_clean_failure(run_pos("--lang", "en", "--db", url, "customers", "import", str(nameless), "--pin", "1234"),
                         "no name column")


def test_products_export_edit_and_import_from_the_command_line(tmp_path):
    url = "sqlite://" + (tmp_path / "toko.db").as_posix()
    assert demo_file(url, days=0).created
    sheet = tmp_path / "produk.xlsx"
    exported = run_pos("--lang", "en", "--db", url, "products", "export", str(sheet))
    assert exported.returncode == 0 and "Products written" in exported.stdout
    from openpyxl import load_workbook

    book = load_workbook(sheet)
    rows = list(book.active.iter_rows())
    assert rows[0][0].value == "kode" and len(rows) > 20
    rows[1][4].value = 123456  # the first product's retail price
    rows[7][4].value = "mahal"
    book.save(sheet)
    bad = run_pos("--lang", "en", "--db", url, "products", "import", str(sheet), "--pin", "1234")
    assert_clean_failure(bad, "row 8: harga_ecer 'mahal' is not a price")
    rows[7][4].value = 5000
    book.save(sheet)
    for pin in ((), ("--pin", "1111")):  # no PIN, the cashier's: prices are the owner's, nothing changes
        assert_clean_failure(run_pos("--lang", "en", "--db", url, "products", "import", str(sheet), *pin),
                             "This needs the owner's PIN.")
        unchanged = tmp_path / "tetap.csv"
        assert run_pos("--db", url, "products", "export", str(unchanged)).returncode == 0
        assert ";123456;" not in unchanged.read_text("utf-8-sig")
    good = run_pos("--lang", "en", "--db", url, "products", "import", str(sheet), "--pin", "1234")
    assert good.returncode == 0 and "0 new" in good.stdout and "updated" in good.stdout
    again = tmp_path / "lagi.csv"
    assert run_pos("--db", url, "products", "export", str(again)).returncode == 0
    assert ";123456;" in again.read_text("utf-8-sig")


def test_invoice_statement_and_aging_from_the_command_line(tmp_path):
    url = "sqlite://" + (tmp_path / "toko.db").as_posix()
    assert demo_file(url, days=30).created
    import sqlite3

    con = sqlite3.connect(tmp_path / "toko.db")
    number, code = con.execute(
        "SELECT s.number, c.member_code FROM sale s JOIN kasbon_entry k ON k.sale_id = s.id "
        "JOIN customer c ON c.id = s.customer_id WHERE k.amount > 0 ORDER BY s.id LIMIT 1").fetchone()
    walk_in = con.execute("SELECT number FROM sale WHERE customer_id IS NULL LIMIT 1").fetchone()[0]
    debtor = con.execute("SELECT c.member_code FROM kasbon_entry k JOIN customer c ON c.id = k.customer_id "
                         "GROUP BY c.id HAVING SUM(k.amount) > 0 LIMIT 1").fetchone()[0]
    con.close()
    pdf = tmp_path / "faktur.pdf"
    made = run_pos("--lang", "en", "--db", url, "invoice", number, "--pdf", str(pdf))
    assert made.returncode == 0 and "Invoice INV-K1-000001 written" in made.stdout
    from pypdf import PdfReader

    text = PdfReader(str(pdf)).pages[0].extract_text()
    assert "INV-K1-000001" in text and number in text and "In words:" in text
    assert_clean_failure(run_pos("--lang", "en", "--db", url, "invoice", walk_in, "--pdf", str(pdf)), "walk-in")
    statement = tmp_path / "rekening.pdf"
    done = run_pos("--lang", "en", "--db", url, "statement", code, "--from", "2026-01-01", "--pdf", str(statement))
    assert done.returncode == 0 and "STATEMENT OF ACCOUNT" in PdfReader(str(statement)).pages[0].extract_text()
    aging = run_pos("--lang", "en", "--db", url, "kasbon", "aging")
    assert aging.returncode == 0 and debtor in aging.stdout and "Total" in aging.stdout
    assert_clean_failure(run_pos("--lang", "en", "--db", url, "statement", "LG99999", "--pdf", str(statement)),
                         "no customer with member code LG99999")


def test_orders_and_consignment_from_the_command_line(tmp_path):
    url = "sqlite://" + (tmp_path / "toko.db").as_posix()
    assert demo_file(url, days=0).created
    orders = run_pos("--lang", "en", "--db", url, "orders", "--date", "2026-12-24", "--pdf", str(tmp_path / "o.pdf"))
    assert orders.returncode == 0 and "TO MAKE" in orders.stdout and "No orders for this day." in orders.stdout
    assert (tmp_path / "o.pdf").read_bytes().startswith(b"%PDF")
    out = run_pos("--lang", "en", "--db", url, "consignment")
    assert out.returncode == 0 and "No goods are out on consignment." in out.stdout
    assert_clean_failure(run_pos("--lang", "en", "--db", url, "orders", "--date", "2026-13-01"), "2026-13-01")


def test_the_recap_from_the_command_line(tmp_path):
    url = "sqlite://" + (tmp_path / "toko.db").as_posix()
    assert demo_file(url, days=3).created
    done = run_pos("--lang", "en", "--db", url, "recap", "--pdf", str(tmp_path / "r.pdf"), "--csv",
                   str(tmp_path / "r.csv"))
    assert done.returncode == 0 and "DAY RECAP" in done.stdout and "Net sales" in done.stdout
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    assert "product;" in (tmp_path / "r.csv").read_text("utf-8-sig")  # the CSV speaks --lang en
    empty = run_pos("--lang", "en", "--db", url, "recap", "--date", "2020-01-01")
    assert empty.returncode == 0 and "No sales on this day." in empty.stdout
    assert_clean_failure(run_pos("--lang", "en", "--db", url, "recap", "--date", "27-11-2026"), "not a date")
    assert_clean_failure(run_pos("--lang", "en", "--db", url, "recap", "--date", "2099-01-01"), "not happened yet")


def test_a_period_report_from_the_command_line(tmp_path):
    url = "sqlite://" + (tmp_path / "toko.db").as_posix()
    assert demo_file(url, days=20, today="2026-11-26").created
    done = run_pos("--lang", "en", "--db", url, "report", "--from", "2026-11-01", "--to", "2026-11-26", "--by",
                   "week", "--pdf", str(tmp_path / "l.pdf"), "--csv", str(tmp_path / "l.csv"))
    assert done.returncode == 0 and "Returning customers Nov 2026" in done.stdout
    rows = done.stdout.splitlines()
    header = next(i for i, row in enumerate(rows) if row.split() == ["Week", "Sales", "Customers", "Refunds", "Net",
                                                                      "sales"])
    assert rows[header + 2].startswith("2–8 Nov 2026 ")  # ISO week 45, in words
    assert rows[header + 3].startswith("9–15 Nov 2026 ") and "2026-W" not in done.stdout
    assert rows[0].startswith("1 Nov 2026 to 26 Nov 2026:")
    assert any(row.split()[:3] == ["Promotion", "Sales", "Given"] for row in rows)
    from pypdf import PdfReader

    text = "\n".join(p.extract_text() for p in PdfReader(str(tmp_path / "l.pdf")).pages)
    assert "SALES REPORT" in text and "Beli 10 gratis 1 Keripik Pisang" in text
    assert "promotion;" in (tmp_path / "l.csv").read_text("utf-8-sig")  # the CSV speaks --lang en
    assert_clean_failure(run_pos("--lang", "en", "--db", url, "report", "--from", "2026-11-26", "--to",
                                 "2026-11-01"), "ends before it starts")


def test_who_to_bring_back_from_the_command_line(tmp_path):
    url = "sqlite://" + (tmp_path / "toko.db").as_posix()
    assert demo_file(url, days=60, today="2026-11-26").created
    lapsed = run_pos("--lang", "en", "--db", url, "customers", "lapsed", "--days", "20")
    assert lapsed.returncode == 0, lapsed.stderr
    head, columns, *rows = lapsed.stdout.splitlines()
    assert head.startswith(f"{len(rows)} customers to bring back") and len(rows) > 0
    assert columns.startswith("Customer | Number | Last visit")
    assert all("*" in row.split(" | ")[1] or row.split(" | ")[1] == "-" for row in rows)  # numbers masked
    assert any("usually every" in row for row in rows)
    groups = run_pos("--lang", "en", "--db", url, "customers", "rfm", "--group", "champions")
    assert groups.returncode == 0
    table = groups.stdout.split("\n\n")[0].splitlines()[2:]
    assert [row.split(" | ")[0] for row in table] == ["Champions", "Loyal", "New", "At risk", "Lost", "Others"]
    champions = int(table[0].split(" | ")[1])
    assert len(groups.stdout.split("\n\n")[1].splitlines()) == champions + 1
    referrals = run_pos("--lang", "en", "--db", url, "customers", "referrals")
    assert referrals.returncode == 0 and referrals.stdout.startswith("Customer | Brought")
    assert_clean_failure(run_pos("--lang", "en", "--db", url, "customers", "lapsed", "--days", "0"), "at least 1")


def test_a_network_printer_must_prove_a_print_for_the_command_to_succeed(tmp_path):
    from tests.printer_server import FakeNetworkPrinter

    url = "sqlite://" + (tmp_path / "toko.db").as_posix()
    assert demo_file(url, days=0).created
    hung, answers = FakeNetworkPrinter(reads=False), FakeNetworkPrinter(paper=True)
    try:
        started = time.monotonic()
        never = run_pos("--lang", "en", "--db", url, "print-test", "--printer", hung.url)
        assert time.monotonic() - started < 30  # given up within the 10 s limit, not when buffers fill
        assert never.returncode != 0 and "Traceback" not in never.stderr and "printed on" not in never.stdout
        assert ("not confirmed" in never.stderr and never.returncode == 3) or (
            "did not take the print in time" in never.stderr and never.returncode == 1), never.stderr

        unasked = run_pos("--lang", "en", "--db", url, "print-test", "--printer", answers.url)
        assert unasked.returncode == 3 and "was sent to" in unasked.stderr and "not confirmed" in unasked.stderr
        assert "?status=1" in unasked.stderr  # how to have it confirmed

        proven = run_pos("--lang", "en", "--db", url, "print-test", "--printer", answers.confirmed_url)
        assert proven.returncode == 0 and "printed on" in proven.stdout
        assert b"TEST PRINT" in answers.wait_for(2)[1]
    finally:
        hung.close()
        answers.close()
