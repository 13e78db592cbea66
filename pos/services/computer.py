"""This computer's identity: a random id made once and kept in the user's data folder, and its host name.

The id tells the tills' rows which computer holds a till (``pos.services.tills``); the host name is only for
people to read ("held by KASIR-DEPAN"). A copy of the data folder onto another computer copies the id too:
the README's "Adding a second till" joins each computer from its own, fresh folder.
"""

from __future__ import annotations

import re
import socket
import uuid
from dataclasses import dataclass
from pathlib import Path

from pos.services.files import private_dir, write_private
from pos.services.rules import ANYONE, READ, allowed
from pos.settings import data_dir

IDENTITY_FILE = "computer-id"
_ID = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True)
class Computer:
    id: str  # 32 hex digits, random
    name: str  # the host name


def _identity_path() -> Path:
    return data_dir() / IDENTITY_FILE


@allowed(ANYONE, why="this computer's own identity file in its data folder, made once")
def this_computer() -> Computer:
    """The identity kept in the data folder; made (and kept) at the first call."""
    path = _identity_path()
    try:
        stored = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        stored = ""
    if not _ID.fullmatch(stored):
        stored = uuid.uuid4().hex
        private_dir(path.parent)
        write_private(path, (stored + "\n").encode("ascii"))
    return Computer(stored, host_name())


@allowed(READ)
def host_name() -> str:
    """The computer's name as people know it (KASIR-DEPAN), at most 60 characters."""
    return (socket.gethostname() or "?").split(".")[0][:60]
