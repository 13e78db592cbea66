"""Customer search benchmark (not part of the test run).

    QT_QPA_PLATFORM=offscreen python tests/perf/bench_customers.py [--runs 200]

100,000 customers. Search as you type by a phone prefix (`0812 34`) and by a fragment from
the middle of a name (`wati`): the search service against the best hand-written SQLite query
for the same rows in the same run (target ≤ 3×), and a keystroke in the till's customer box
to the list of matches shown (target median ≤ 20 ms).
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FIRST = ["Sari", "Rini", "Dewi", "Siti", "Ani", "Budi", "Joko", "Agus", "Eko", "Tini", "Wati", "Yanti", "Heru",
         "Dwi", "Tri", "Sri", "Rudi", "Bambang", "Slamet", "Nur", "Putri", "Indah", "Lestari", "Ayu", "Bayu"]
LAST = ["Wulandari", "Saraswati", "Handayani", "Puspitasari", "Susanti", "Rahayu", "Setiawan", "Utomo",
        "Hidayat", "Nugroho", "Kurniawati", "Wibowo", "Santoso", "Pratama", "Lestari", "Permata", "Suryani"]


def build(url: str, n: int) -> None:
    from pos.models import Customer, PriceTier, db
    from pos.services import db as dbs
    from pos.services.demo import create_demo

    dbs.open_database(url)
    create_demo(seed=1)
    rng = random.Random(7)
    tier = PriceTier.get(PriceTier.code == "retail").id
    prefixes = ["812", "813", "821", "822", "852", "853", "857", "878", "895", "896"]
    used = set(Customer.select(Customer.phone).tuples())
    rows = []
    while len(rows) < n:
        phone = f"+62{rng.choice(prefixes)}{rng.randrange(10**7, 10**8)}"
        if (phone,) in used:
            continue
        used.add((phone,))
        name = f"{rng.choice(['', 'Bu ', 'Pak ', 'Mbak ', 'Mas '])}{rng.choice(FIRST)} {rng.choice(LAST)}"
        rows.append(dict(name=name, phone=phone, member_code=f"X{len(rows):07d}", tier=tier,
                         village=rng.choice(["Kledung", "Bansari", "Parakan", "Ngadirejo"])))
    with db.atomic():
        for i in range(0, n, 1000):
            Customer.insert_many(rows[i:i + 1000]).execute()


def timed(work, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        samples.append(time.perf_counter() - started)
    return samples


def report(name: str, samples: list[float]) -> float:
    median = statistics.median(samples) * 1000
    print(f"{name:58s} median {median:7.3f} ms   p90 {sorted(samples)[int(len(samples) * .9)] * 1000:7.3f} ms")
    return median


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--customers", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["POS_DATA_DIR"] = tmp
        path = Path(tmp) / "shop.db"
        build("sqlite://" + path.as_posix(), args.customers)
        from pos.services.customer_search import find_customers

        raw = sqlite3.connect(path)
        # the same result as the service: the customer, its tier, and its visits, spend and last visit
        same = ("SELECT c.id, c.member_code, c.name, c.phone, c.village, t.code, "
                "(SELECT COUNT(*) FROM sale s WHERE s.customer_id = c.id AND s.kind = 'sale' "
                "AND s.status = 'completed'), "
                "(SELECT SUM(s.total) FROM sale s WHERE s.customer_id = c.id AND s.kind = 'sale' "
                "AND s.status = 'completed'), "
                "(SELECT MAX(s.created_at) FROM sale s WHERE s.customer_id = c.id AND s.kind = 'sale' "
                "AND s.status = 'completed') "
                "FROM customer c JOIN price_tier t ON t.id = c.tier_id WHERE {where} AND c.active "
                "ORDER BY c.name, c.id LIMIT 50")
        # six digits may be the start of the number or any part of it (migration 0028's trigram index)
        phone_sql = same.format(where="(c.phone >= '+6281234' AND c.phone < '+6281235' OR c.id IN (SELECT rowid "
                                      "FROM customer_phone_search WHERE customer_phone_search MATCH '\"081234\"'))")
        tail_sql = same.format(where="((c.phone >= '+62974' AND c.phone < '+62975') OR c.id IN (SELECT rowid "
                                     "FROM customer_phone_search WHERE customer_phone_search MATCH '\"0974\"'))")
        name_sql = same.format(where="c.id IN (SELECT rowid FROM customer_search WHERE customer_search MATCH "
                                     "'\"wati\"')")
        assert [r.id for r in find_customers("0812 34")] == [r[0] for r in raw.execute(phone_sql)]
        assert [r.id for r in find_customers("wati")] == [r[0] for r in raw.execute(name_sql)]
        assert [r.id for r in find_customers("0974")] == [r[0] for r in raw.execute(tail_sql)]
        print(f"{args.customers:,} customers")
        a = report("service: phone prefix '0812 34'", timed(lambda: find_customers("0812 34"), args.runs))
        b = report("  sqlite3 by hand: indexed range on phone", timed(lambda: raw.execute(phone_sql).fetchall(),
                                                                      args.runs))
        c = report("service: name fragment 'wati'", timed(lambda: find_customers("wati"), args.runs))
        d = report("  sqlite3 by hand: FTS5 trigram", timed(lambda: raw.execute(name_sql).fetchall(), args.runs))
        t = report("service: last four digits '0974'", timed(lambda: find_customers("0974"), args.runs))
        u = report("  sqlite3 by hand: FTS5 trigram on the phone", timed(lambda: raw.execute(tail_sql).fetchall(),
                                                                          args.runs))
        print(f"  ratio phone {a / b:.2f}×, name {c / d:.2f}×, last digits {t / u:.2f}× (target ≤ 3×)")

        from PySide6.QtWidgets import QApplication

        from pos.ui.customer_panel import CustomerPanel

        app = QApplication.instance() or QApplication([])
        panel = CustomerPanel()
        panel.show()

        def keystroke(text: str):
            def work():
                panel.search.setText(text)
                panel.search.textEdited.emit(text)
                app.processEvents()
                assert panel.results.count() > 0
            return work

        e = report("keystroke → matches shown (till's customer box), '0812 34'", timed(keystroke("0812 34"), args.runs))
        f = report("keystroke → matches shown (till's customer box), 'wati'", timed(keystroke("wati"), args.runs))
        v = report("keystroke → matches shown (till's customer box), '0974'", timed(keystroke("0974"), args.runs))
        print(f"  target median ≤ 20 ms: {e:.1f} ms, {f:.1f} ms, {v:.1f} ms")

        from pos.ui.customer_book import CustomerBookDialog

        book = CustomerBookDialog()
        book.show()

        def book_keystroke(text: str):
            def work():
                book.search.setText(text)
                book.search.textEdited.emit(text)
                app.processEvents()
                assert book.table.rowCount() > 0
            return work

        g = report("keystroke → list shown (customer book, up to 100 rows), '0812 34'",
                   timed(book_keystroke("0812 34"), args.runs))
        h = report("keystroke → list shown (customer book, up to 100 rows), 'wati'",
                   timed(book_keystroke("wati"), args.runs))
        w = report("keystroke → list shown (customer book, up to 100 rows), '0974'",
                   timed(book_keystroke("0974"), args.runs))
        print(f"  target median ≤ 20 ms: {g:.1f} ms, {h:.1f} ms, {w:.1f} ms")

        from pos.services.duplicates import likely_duplicates

        report("likely duplicates over the whole book (one run)", timed(likely_duplicates, 1))


if __name__ == "__main__":
    main()
