"""WhatsApp message templates: the placeholders the shop can use, checking a template, filling it in."""

from __future__ import annotations

import re
from string import Formatter

PLACEHOLDERS = ("nama", "toko", "produk_favorit", "promo", "stempel", "pesanan_biasa")  # the usual, with its choices


def template_problems(text: str) -> list[str]:
    """What is wrong with a template: each unknown placeholder as written ({name}), or "{" when a brace is
    left open or a placeholder carries a format. Empty when it can be filled in."""
    try:
        fields = [(name, conversion, spec) for _text, name, spec, conversion in Formatter().parse(text)
                  if name is not None]
    except ValueError:
        return ["{"]
    problems = []
    for name, conversion, spec in fields:
        if conversion or spec:
            problems.append("{")
        elif name not in PLACEHOLDERS and "{" + name + "}" not in problems:
            problems.append("{" + name + "}")
    return problems


def fill(text: str, values: dict[str, str]) -> str:
    """The template with its placeholders filled in; an empty value leaves no double space behind."""
    filled = text.format_map({name: values.get(name, "") for name in PLACEHOLDERS})
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in filled.splitlines()]
    return re.sub(r" ([.,!?])", r"\1", "\n".join(lines)).strip()
