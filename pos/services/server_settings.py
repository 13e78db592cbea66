"""Where this computer finds the shop's server: saved in its settings file, the password kept apart.

Where the system offers a keyring (Windows Credential Locker, macOS Keychain, the Secret Service of a Linux
desktop), the password goes there and the settings file holds the URL without it; ``with_saved_password``
puts it back when the program starts. Without a keyring (a bare Linux, a frozen program without its backends)
the whole URL is written in the settings file, which only this account may read (0600; on Windows the user's
own folder). ``pos --db URL`` stays for scripts and saves nothing.
"""

from __future__ import annotations

from typing import Any

from pos.services.rules import ANYONE, READ, allowed
from pos.services.server_check import address_of
from pos.settings import MachineSettings

KEYRING_SERVICE = "Langganan"
KEYRING, SETTINGS_FILE = "keyring", "settings file"


def _keyring() -> Any | None:
    """The system's keyring, or None where there is none that keeps secrets (tests replace this)."""
    try:
        import keyring
        from keyring.backends import fail
    except Exception:  # noqa: BLE001 - not installed, or a frozen program without it: the file is the fallback
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
        return None
    return backend


def _account(url: str) -> str:
    a = address_of(url)
    return f"{a.user}@{a.host}:{a.port}/{a.database}" if a else ""


@allowed(ANYONE, why="this computer's own settings file and keyring entry")
def save_server(settings: MachineSettings, url: str, till_id: str) -> str:
    """Save the server's URL and this computer's till so that ``pos`` opens on them next time. Answers where
    the password went: KEYRING or SETTINGS_FILE (or SETTINGS_FILE for a URL without a password)."""
    address = address_of(url)
    stored, where = url, SETTINGS_FILE
    if address is not None and address.password:
        backend = _keyring()
        if backend is not None:
            try:
                backend.set_password(KEYRING_SERVICE, _account(url), address.password)
                stored, where = address.url(with_password=False), KEYRING
            except Exception:  # noqa: BLE001 - a locked or broken keyring: the private settings file instead
                stored, where = url, SETTINGS_FILE
    settings.set("database_url", stored)
    settings.set("till_id", till_id)
    settings.save()  # 0600 (pos.settings.MachineSettings.save)
    return where


@allowed(READ)
def with_saved_password(url: str) -> str:
    """A server URL without a password, with the one the keyring keeps for it (unchanged when there is none)."""
    address = address_of(url)
    if address is None or address.password or not address.host:
        return url
    backend = _keyring()
    if backend is None:
        return url
    try:
        password = backend.get_password(KEYRING_SERVICE, _account(url))
    except Exception:  # noqa: BLE001 - a locked keyring: the server says the password is missing
        return url
    if not password:
        return url
    return type(address)(address.host, address.port, address.database, address.user, password).url()


@allowed(READ)
def current_server() -> Any | None:
    """The server the program works on (a ServerAddress without the password), None on the shop's own file."""
    from peewee import PostgresqlDatabase

    from pos.models import db
    from pos.services.server_check import ServerAddress

    database = db.obj
    if not isinstance(database, PostgresqlDatabase):
        return None
    params = database.connect_params
    return ServerAddress(params.get("host") or "", int(params.get("port") or 5432), database.database,
                         params.get("user") or "")
