"""`pos trays` and `pos bake-plan` from the command line (issue #25 item 6)."""

from __future__ import annotations

import datetime as dt

from pypdf import PdfReader

from pos.models import Product
from pos.money import Quantity
from pos.services import db
from pos.services.trays import close_trays, enter_made, set_day_old_percent, set_made_daily
from tests.db_templates import demo_file
from tests.test_cli import assert_clean_failure, run_pos


def test_trays_and_the_bake_plan(tmp_path):
    url = "sqlite://" + (tmp_path / "toko.db").as_posix()
    assert demo_file(url, days=0, today="2026-11-26").created
    db.open_database(url)
    try:
        bolu = Product.get(Product.code == "KUE-01")
        set_made_daily(bolu.id, True, owner_pin="1234")
        set_day_old_percent(50, product_id=bolu.id, owner_pin="1234")
        enter_made(dt.date(2026, 11, 20), {bolu.id: Quantity.of(12)}, staff_id=1)
        close_trays(dt.date(2026, 11, 20), {bolu.id: {"thrown_away": Quantity.of(12)}}, staff_id=1)
        enter_made(dt.date(2026, 11, 26), {bolu.id: Quantity.of(8)}, staff_id=1)
        close_trays(dt.date(2026, 11, 26), {bolu.id: {"carried": Quantity.of(3), "taken_home": Quantity.of(5)}},
                    staff_id=1)
    finally:
        db.close_database()
    done = run_pos("--lang", "en", "--db", url, "trays", "--date", "2026-11-26")
    assert done.returncode == 0, done.stderr
    line = next(ln for ln in done.stdout.splitlines() if ln.startswith("Bolu Pandan"))
    assert line.split() == ["Bolu", "Pandan", "8", "0", "8"]
    pdf = tmp_path / "plan.pdf"
    done = run_pos("--lang", "en", "--db", url, "bake-plan", "--date", "2026-11-27", "--pdf", str(pdf))
    assert done.returncode == 0, done.stderr
    assert "usual 0 + orders 0 - carried 3" in done.stdout  # last Friday's 12 were all thrown away: none sold
    assert "To bake (suggested)" in PdfReader(str(pdf)).pages[0].extract_text()
    assert_clean_failure(run_pos("--lang", "en", "--db", url, "trays", "--date", "27-11-2026"), "27-11-2026")
