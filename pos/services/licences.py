"""The software Langganan ships with and the licences it is used under: for the About dialog's *Licences*
and for the release (installer/licenses.py copies the texts into the program's folder).

The list is what the installed package ``langganan`` needs to run on this computer, followed through every
dependency, from the packages' own metadata (``*.dist-info``). A frozen program may lack that metadata: it
reads the notices written into its ``licenses/`` folder at build time instead.
"""

from __future__ import annotations

import os
import platform
import re
import sys
import textwrap
from pos.services.access import READ, allowed
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from pos import __version__

APP_DISTRIBUTION = "langganan"
NOTICES_NAME = "THIRD-PARTY-NOTICES.txt"
# The project's own licence: pyproject.toml names none yet. Say so plainly until the maintainers choose one.
PROJECT_LICENCE = ("Langganan itself: no licence has been chosen yet (pyproject.toml names none); until its "
                   "authors choose one, all rights in Langganan's own code are reserved by them. The parts "
                   "below keep their own licences.")
QT_NOTICE = (
    "Qt and Qt for Python (PySide6, shiboken6) are used under the GNU Lesser General Public License "
    "version 3 (LGPL-3.0; full texts: LGPL-3.0.txt and GPL-3.0.txt in this folder). They are shipped as "
    "unmodified shared libraries in the program's folder (_internal/PySide6), which you may replace with "
    "your own build of the same version. Their source code: https://download.qt.io/official_releases/ and "
    "https://code.qt.io/cgit/pyside/pyside-setup.git (or ask the shop's supplier of Langganan for a copy)."
)
# Needed on Windows only: named even when the notices are written on another system.
WINDOWS_ONLY = {"pywin32": "PSF-2.0", "tzdata": "Apache-2.0"}
# Packages whose metadata names no licence, with the one their licence file states.
STATED_IN_FILE = {"peewee": "MIT"}
LICENCE_FILE = re.compile(r"(LICEN[CS]E|COPYING|NOTICE|AUTHORS)", re.IGNORECASE)


@dataclass(frozen=True)
class Shipped:
    name: str
    version: str
    licence: str
    files: tuple[Path, ...] = ()  # the licence texts found in its metadata
    note: str = ""


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", text)[:3])


@allowed(READ)
def marker_holds(marker: str, env: dict[str, str] | None = None) -> bool:
    """A requirement's environment marker (PEP 508) on this computer; any ``extra`` is not installed."""
    if "extra" in marker:
        return False
    env = env or {"sys_platform": sys.platform, "platform_system": platform.system(),
                  "os_name": os.name, "implementation_name": sys.implementation.name,
                  "platform_python_implementation": platform.python_implementation(),
                  "python_version": "%d.%d" % sys.version_info[:2],
                  "python_full_version": platform.python_version()}
    ops = {"==": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
           "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b}

    def clause(match: re.Match) -> str:
        key, op, value = match.group(1), match.group(2), match.group(3)
        here = env.get(key, "")
        if key.startswith("python"):
            return str(ops[op](_version_tuple(here), _version_tuple(value)))
        return str(ops[op](here, value))

    expression = re.sub(r"""(\w+)\s*(==|!=|<=|>=|<|>)\s*['"]([^'"]*)['"]""", clause, marker)
    tokens = re.findall(r"\(|\)|\w+", expression)
    if any(t not in ("True", "False", "and", "or", "not", "(", ")") for t in tokens):
        return True  # a marker this reader does not know: list the package rather than leave it out
    return _truth(tokens)


def _truth(tokens: list[str]) -> bool:
    """True/False joined by not, and, or, with parentheses (what is left of a marker once its tests ran)."""
    position = 0

    def either() -> bool:
        nonlocal position
        value = both()
        while position < len(tokens) and tokens[position] == "or":
            position += 1
            value = both() or value
        return value

    def both() -> bool:
        nonlocal position
        value = single()
        while position < len(tokens) and tokens[position] == "and":
            position += 1
            value = single() and value
        return value

    def single() -> bool:
        nonlocal position
        token = tokens[position]
        position += 1
        if token == "not":
            return not single()
        if token == "(":
            value = either()
            position += 1  # the closing parenthesis
            return value
        return token == "True"

    return either()


def _requirements(dist: metadata.Distribution) -> list[str]:
    names = []
    for requirement in dist.requires or []:
        text, _sep, marker = requirement.partition(";")
        if marker.strip() and not marker_holds(marker.strip()):
            continue
        match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?", text)
        if match:
            names.append(match.group(1))
            for extra in (match.group(2) or "").strip("[]").split(","):
                if extra.strip():
                    names.extend(_extra_requirements(match.group(1), extra.strip()))
    return names


def _extra_requirements(name: str, extra: str) -> list[str]:
    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return []
    found = []
    for requirement in dist.requires or []:
        text, _sep, marker = requirement.partition(";")
        if re.search(r"""extra\s*==\s*['"]%s['"]""" % re.escape(extra), marker):
            rest = re.sub(r"""(and\s+)?extra\s*==\s*['"][^'"]*['"]""", "", marker).strip()
            rest = re.sub(r"^\(\s*(.*?)\s*\)\s*(and)?$", r"\1", rest).strip()
            if rest and not marker_holds(rest):
                continue
            match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", text)
            if match:
                found.append(match.group(1))
    return found


@allowed(READ)
def licence_of(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return expression
    text = (meta.get("License") or "").strip()
    if text and len(text) <= 60 and "\n" not in text:
        return text
    classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    return (", ".join(classifiers) or (text.splitlines()[0][:60] if text else "")
            or STATED_IN_FILE.get(_norm(meta["Name"]), "see its licence file"))


@allowed(READ)
def shipped(root: str = APP_DISTRIBUTION) -> list[Shipped]:
    """Every installed distribution Langganan needs here, by name; empty when its metadata is not there."""
    try:
        metadata.distribution(root)
    except metadata.PackageNotFoundError:
        return []
    seen: dict[str, Shipped] = {}
    todo = [root]
    while todo:
        name = todo.pop()
        if _norm(name) in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        files = tuple(Path(str(dist.locate_file(f))) for f in dist.files or []
                      if ".dist-info" in str(f) and LICENCE_FILE.search(Path(str(f)).name))
        seen[_norm(name)] = Shipped(dist.metadata["Name"], dist.version, licence_of(dist), files)
        todo.extend(_requirements(dist))
    seen.pop(_norm(root), None)
    for name, licence in WINDOWS_ONLY.items():
        seen.setdefault(name, Shipped(name, "", licence, note="Windows only"))
    return sorted(seen.values(), key=lambda s: _norm(s.name))


@allowed(READ)
def notices_text(items: list[Shipped] | None = None) -> str:
    """The THIRD-PARTY-NOTICES.txt summary (in English, like the licences themselves)."""
    items = shipped() if items is None else items
    python = f"Python {platform.python_version()}"
    paragraphs = [PROJECT_LICENCE, QT_NOTICE,
                  f"{python} runs the program: Python Software Foundation License (PSF-2.0; LICENSE-Python.txt).",
                  "Each package's own licence text is in the folder named after it (name-version)."]
    lines = [f"Langganan {__version__}: the software it ships with", ""]
    for paragraph in paragraphs:
        lines += [textwrap.fill(paragraph, 100), ""]
    width = max((len(s.name) for s in items), default=10) + 2
    for item in items:
        version = item.version or "-"
        note = f" ({item.note})" if item.note else ""
        lines.append(f"{item.name.ljust(width)}{version.ljust(10)}{item.licence}{note}")
    return "\n".join(lines) + "\n"


@allowed(READ)
def program_licences_dir() -> Path:
    """The licenses/ folder beside the frozen program (empty path parts when run from source)."""
    return Path(sys.executable).resolve().parent / "licenses"


@allowed(READ)
def installed_notices() -> str:
    """What the About dialog shows: the frozen program's notices, else the list read from the metadata."""
    written = program_licences_dir() / NOTICES_NAME
    if getattr(sys, "frozen", False) and written.is_file():
        return written.read_text(encoding="utf-8")
    return notices_text()
