"""Fetch the Indonesian messages of the Windows installer's wizard: installer/languages/Indonesian.isl.

Inno Setup ships English and its official translations; Indonesian is one of the translations its authors
keep as "unofficial" in their repository (jrsoftware/issrc, Files/Languages/Unofficial), which the
Inno Setup download does not include. This takes it from there, at a fixed commit, once (the file is not
kept in this repository: it is Inno Setup's, under Inno Setup's licence). Run before `installer/build.py`
on Windows (the release workflow does):

    python installer/inno_languages.py
"""

from __future__ import annotations

import sys
import urllib.request
from pathlib import Path

COMMIT = "e00c2ad94edebec1c2e0080b58f019ca030f35d2"
URL = f"https://raw.githubusercontent.com/jrsoftware/issrc/{COMMIT}/Files/Languages/Unofficial/Indonesian.isl"
TARGET = Path(__file__).resolve().parent / "languages" / "Indonesian.isl"


def looks_right(data: bytes) -> bool:
    return b"[LangOptions]" in data and b"LanguageName=" in data and b"[Messages]" in data


def fetch(target: Path = TARGET, url: str = URL) -> Path:
    if target.is_file() and looks_right(target.read_bytes()):
        return target
    with urllib.request.urlopen(url, timeout=60) as response:
        data = response.read()
    if not looks_right(data):
        raise SystemExit(f"{url} is not an Inno Setup messages file")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target


if __name__ == "__main__":
    print(fetch(Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET))
