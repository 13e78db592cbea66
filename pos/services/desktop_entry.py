"""The program in a Linux desktop's menu: a freedesktop entry and the icons, for the user who runs it.

``pos desktop-entry`` (a source install) and the tarball's ``install.sh`` (the frozen program) both come
here: the entry goes to ``$XDG_DATA_HOME/applications`` (``~/.local/share/applications``), the icons to
``$XDG_DATA_HOME/icons/hicolor/<size>/apps``. Nothing of the shop's data is touched.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from pos import resource_path
from pos.i18n import _
from pos.services.errors import PosError
from pos.services.access import ANYONE, READ, allowed

APP_ID = "langganan"
ICON_SIZES = (16, 32, 48, 64, 128, 256)


@dataclass(frozen=True)
class DesktopEntry:
    entry: Path
    icons: tuple[Path, ...]
    command: str


@allowed(READ)
def xdg_data_home() -> Path:
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if os.path.isabs(value) else Path.home() / ".local" / "share"


@allowed(READ)
def program_command() -> list[str]:
    """How the menu starts this very program: the frozen one, else the venv's `pos`, else `python -m pos`."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    script = Path(sys.executable).with_name("pos")
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "pos"]


@allowed(READ)
def desktop_entry_text(command: list[str]) -> str:
    """The freedesktop entry (installer/langganan.desktop is this text for the command `langganan`)."""
    exec_line = " ".join(_quote_exec(part) for part in command)
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Name=Langganan\n"
        "GenericName=Point of Sale\n"
        "GenericName[id]=Kasir\n"
        "Comment=Point of sale with a customer book for small food shops\n"
        "Comment[id]=Kasir dan buku pelanggan untuk toko makanan kecil\n"
        f"Exec={exec_line}\n"
        f"Icon={APP_ID}\n"
        "Terminal=false\n"
        "Categories=Office;Finance;\n"
        "Keywords=kasir;POS;toko;pelanggan;cashier;shop;\n"
        f"StartupWMClass={APP_ID}\n"
    )


def _quote_exec(part: str) -> str:
    """Quoting by the Desktop Entry spec: double quotes around anything with a space or a reserved character."""
    if part and not any(c in part for c in " \t\n\"'\\><~|&;$*?#()`%"):
        return part
    return '"' + part.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`").replace("$", "\\$") \
        .replace("%", "%%") + '"'


def _require_linux() -> None:
    if not sys.platform.startswith("linux"):
        raise PosError(_("The menu entry is for Linux; on Windows the installer makes the Start-menu shortcut."))


@allowed(ANYONE, why="this computer's menu entry, no shop data")
def install_desktop_entry(command: list[str] | None = None) -> DesktopEntry:
    """Write the menu entry and the icons; running it again replaces them."""
    _require_linux()
    command = command or program_command()
    base = xdg_data_home()
    entry = base / "applications" / f"{APP_ID}.desktop"
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_text(desktop_entry_text(command), encoding="utf-8")
    icons = []
    for size in ICON_SIZES:
        target = base / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(resource_path("icons", f"{APP_ID}-{size}.png"), target)
        icons.append(target)
    svg = base / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    svg.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(resource_path("icons", f"{APP_ID}.svg"), svg)
    icons.append(svg)
    return DesktopEntry(entry, tuple(icons), " ".join(shlex.quote(c) for c in command))


@allowed(ANYONE, why="this computer's menu entry, no shop data")
def remove_desktop_entry() -> list[Path]:
    """Remove the menu entry and the icons; what was removed (the shop's data is never touched)."""
    _require_linux()
    base = xdg_data_home()
    candidates = [base / "applications" / f"{APP_ID}.desktop",
                  base / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"]
    candidates += [base / "icons" / "hicolor" / f"{s}x{s}" / "apps" / f"{APP_ID}.png" for s in ICON_SIZES]
    removed = []
    for path in candidates:
        if path.is_file():
            path.unlink()
            removed.append(path)
    return removed
