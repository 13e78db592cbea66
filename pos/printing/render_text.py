"""A document as monospaced text: the on-screen preview, the WhatsApp message, golden tests."""

from __future__ import annotations

from pos.printing.document import Code, Document, aligned, layout


def to_text(doc: Document, columns: int = 32) -> str:
    out = []
    for row in layout(doc, columns).rows:
        if isinstance(row, Code) and row.kind == "logo":
            continue  # the preview shows the words; the logo is for paper
        if isinstance(row, Code):  # the screen shows where the code goes; the paper shows the code
            out.append(("[QR]" if row.kind == "qr" else f"||| {row.data} |||"[:columns]).center(columns).rstrip())
        else:
            out.append(aligned(row, columns).rstrip())
    return "\n".join(out)
