"""Which column of a spreadsheet holds what, from the words in its first row (shared by every import)."""

from __future__ import annotations

import re


def header_key(header: str) -> str:
    """'No. HP', 'no_hp', 'NoHP ' → 'nohp': case, spaces and punctuation ignored."""
    return re.sub(r"[\s._\-/()]+", "", header.strip().lower())


def guess_columns(headers: tuple[str, ...], words: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """field -> column, the first column whose header is one of the field's words; a column serves one field."""
    mapping: dict[str, int] = {}
    for column, header in enumerate(headers):
        key = header_key(header)
        for name, known in words.items():
            if name not in mapping and key in known:
                mapping[name] = column
                break
    return mapping
