"""Printing benchmark (not part of the test run).

    python tests/perf/bench_printing.py [--runs 500]

Building one receipt document and rendering it to ESC/POS bytes, without the logo
(target: median ≤ 5 ms), for a 58 mm printer (QR as a picture) and an 80 mm one
(native QR); the text preview alongside, as a baseline in the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from pos.i18n import set_language  # noqa: E402
from pos.money import Money, Quantity  # noqa: E402
from pos.printing.receipt import ReceiptData, ReceiptLine, receipt_document  # noqa: E402
from pos.printing.render_escpos import to_bytes  # noqa: E402
from pos.printing.render_text import to_text  # noqa: E402


def receipt(n: int) -> ReceiptData:
    lines = tuple(ReceiptLine(f"Roti Sobek Cokelat Keju isi {i}", Quantity.of(i % 3 + 1), Money(15000 + i * 500),
                              Money((i % 3 + 1) * (15000 + i * 500)), ("Harga langganan",) if i % 2 else ())
                  for i in range(8))
    return ReceiptData(
        shop_name="Toko Roti & Kopi Bu Ani", address="Dusun Krajan RT 03/RW 02, Desa Kledung, Temanggung",
        number=f"K1-{n:06d}", moment=dt.datetime(2026, 11, 27, 3, 5), time_zone="Asia/Jakarta", cashier="Dita",
        customer="Bu Sari Wulandari", customer_tier="Langganan", member_code="LG00009", till_id="K1",
        shop_whatsapp="0812-2735-4816", lines=lines, subtotal=Money(250000), discounts=Money(5000), tax=Money(0),
        tax_label="PB1", rounding=Money(0), total=Money(245000),
        payments=(("Tunai", Money(145000)), ("QRIS", Money(100000))), change=Money(5000),
        footer="Matur nuwun! Pesan lewat WhatsApp, bisa diantar.", kasbon_owed=Money(0), stamps=(7, 10, "Es Kopi"),
        qr_link=f"https://wa.me/6281227354816?text=Halo%2C%20tentang%20struk%20K1-{n:06d}")


def timed(work, runs: int) -> list[float]:
    samples = []
    for n in range(runs):
        started = time.perf_counter()
        work(n)
        samples.append(time.perf_counter() - started)
    return samples


def report(name: str, samples: list[float]) -> float:
    median = statistics.median(samples) * 1000
    p90 = sorted(samples)[int(len(samples) * 0.9)] * 1000
    print(f"{name:52s} median {median:7.3f} ms   p90 {p90:7.3f} ms   (n={len(samples)})")
    return median


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=500)
    runs = parser.parse_args().runs
    set_language("id")
    to_bytes(receipt_document(receipt(0)), "generic58")  # imports (python-escpos, qrcode, PIL) out of the timing
    report("text preview (baseline)", timed(lambda n: to_text(receipt_document(receipt(n)), 32), runs))
    a = report("receipt → ESC/POS, 80 mm, native QR", timed(
        lambda n: to_bytes(receipt_document(receipt(n)), "generic80"), runs))
    b = report("receipt → ESC/POS, 58 mm, QR as a picture", timed(
        lambda n: to_bytes(receipt_document(receipt(n)), "generic58"), runs))
    print(f"  target median ≤ 5 ms: 80 mm {a:.2f} ms, 58 mm {b:.2f} ms")


if __name__ == "__main__":
    main()
