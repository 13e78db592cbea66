"""A table's heading longer than its column (Indonesian words are longer) wraps inside its column instead of
running over the next heading: the recap's "Mesin kasir" ran into "Aktivitas kasir", the period report's
"Barang gratis" into "Transaksi yang memakainya"."""

from __future__ import annotations

import io

from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from pos.printing.invoice_pdf import BOLD, MM
from pos.printing.statement_pdf import a4_document, grid


def header_runs(pdf: bytes) -> list[tuple[str, float, float]]:
    """Each piece of bold text: its words, where it starts and where it ends (points)."""
    runs: list[tuple[str, float, float]] = []

    def visit(text, cm, tm, font, size) -> None:
        if text.strip() and font and "Bold" in str(font.get("/BaseFont", "")):
            x = tm[4] * cm[0] + cm[4]
            runs.append((text.strip(), x, x + stringWidth(text.strip(), BOLD, 9)))

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return runs


def test_a_heading_wider_than_its_column_wraps_within_it():
    rows = [["Waktu", "Mesin kasir", "Aktivitas kasir", "Barang gratis", "Transaksi yang memakainya"],
            ["09:13", "K1", "Laci dibuka", "Rp 0", "Rp 217.995.450"]]
    widths = [13 * MM, 14 * MM, 39 * MM, 22 * MM, 30 * MM]
    pdf = a4_document([grid(rows, widths, right_from=3)], "REKAP", "7 Des 2026", "Toko")
    runs = [r for r in header_runs(pdf) if r[0] not in ("REKAP", "Toko")]
    assert " ".join(r[0] for r in runs).split() == " ".join(rows[0]).split()
    left = runs[0][1] - 6  # the table stands centred; its first heading starts a cell's padding in
    edges = [left + sum(widths[:i]) for i in range(len(widths) + 1)]
    for text, start, end in runs:
        column = max(i for i, edge in enumerate(edges[:-1]) if start >= edge - 1)
        assert end <= edges[column + 1] + 0.5, f"{text!r} runs over into the next column"
