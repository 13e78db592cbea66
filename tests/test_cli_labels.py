"""`pos labels` from the command line (issue #25 items 5 and 7): a sheet as PDF, the receipt printer, a weighed
pack, and the refusals in the user's words."""

from __future__ import annotations

from pypdf import PdfReader

from tests.db_templates import demo_file
from tests.test_cli import assert_clean_failure, run_pos


def test_labels_as_a_sheet_on_the_printer_and_for_a_weighed_pack(tmp_path):
    url = "sqlite://" + (tmp_path / "toko.db").as_posix()
    assert demo_file(url, days=0, today="2026-11-26").created
    pdf = tmp_path / "labels.pdf"
    done = run_pos("--lang", "en", "--db", url, "labels", "CML-01", "--copies", "3", "--sheet", "tj121", "--start",
                   "9", "--pdf", str(pdf), "--made", "2026-11-26")
    assert done.returncode == 0, done.stderr
    assert "3 labels of Keripik Pisang Manis 250 g (8997321001705)" in done.stdout and "2 sheets" in done.stdout
    text = PdfReader(str(pdf)).pages[0].extract_text()
    assert "Best before 25 Jan 2027" in text and "P-IRT No. 2063404010036-26" in text  # made + 60 days
    out = tmp_path / "label.bin"
    done = run_pos("--lang", "en", "--db", url, "labels", "CML-06", "--weight", "0,485", "--printer", f"file://{out}")
    assert done.returncode == 0, done.stderr
    assert b"\x1dk\x43\x0c200000600485" in out.read_bytes()  # scale number 6, 485 g; the printer adds the check digit
    assert b"0,485 kg" in out.read_bytes() and b"Rp 14.550" in out.read_bytes()
    assert_clean_failure(run_pos("--lang", "en", "--db", url, "labels", "KRG-07", "--pdf", str(pdf)),
                         "no EAN-13 barcode")
    assert_clean_failure(run_pos("--lang", "en", "--db", url, "labels", "CML-01", "--start", "13", "--pdf",
                                 str(pdf)), "1 to 12")
    done = run_pos("--lang", "en", "--db", url, "labels", "KRG-07", "--new-barcode", "--pin", "1234", "--pdf",
                   str(pdf))
    assert done.returncode == 0 and "KRG-07 has the barcode 2100000000012 now." in done.stdout
