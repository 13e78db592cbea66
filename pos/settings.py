"""Options, each declared once with its type, default and label.

Machine options belong to this till and live in a TOML file in the user's
config folder. Shop options are shared by every till and live in the
database (``services/shop.py`` reads and writes them); they are declared here
too so that there is one list of what can be set.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

# platformdirs and tomllib load only when needed (about 50 ms of the cold start): the folders when no
# POS_DATA_DIR / POS_CONFIG_FILE names them, the TOML parser when the settings file exists.
from pos.i18n import N_, _

APP_NAME = "Langganan"


class Option:
    """One option: its key, type, default and label, and what a value must be. Frozen. (A plain class, not a
    dataclass: ``dataclasses`` costs the cold start 4 ms before the login page, which reads these.)"""

    __slots__ = ("key", "type", "default", "label", "choices", "pattern", "minimum")
    key: str
    type: type
    default: Any
    label: str
    choices: tuple[Any, ...]
    pattern: str
    minimum: int | None

    def __init__(self, key: str, type: type, default: Any, label: str, choices: tuple[Any, ...] = (),
                 pattern: str = "", minimum: int | None = None) -> None:
        for name, value in zip(self.__slots__, (key, type, default, label, choices, pattern, minimum)):
            object.__setattr__(self, name, value)

    def _fields(self) -> tuple:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: an Option is frozen")

    def __eq__(self, other: object) -> bool:
        return other.__class__ is self.__class__ and self._fields() == other._fields()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return "Option(" + ", ".join(f"{n}={v!r}" for n, v in zip(self.__slots__, self._fields())) + ")"

    def parse(self, raw: Any) -> Any:
        """A stored or typed value, checked; raises ValueError with a translated message."""
        try:
            if self.type is bool:
                value: Any = raw if isinstance(raw, bool) else str(raw).lower() in ("1", "true", "yes", "ya")
            elif self.type is int:
                value = int(raw)
            else:
                value = str(raw).strip()
        except (TypeError, ValueError):
            raise ValueError(_("{label}: {value!r} is not a valid value").format(label=_(self.label), value=raw))
        if self.choices and value not in self.choices:
            raise ValueError(
                _("{label}: choose one of {choices}").format(
                    label=_(self.label), choices=", ".join(str(c) for c in self.choices if c != "")
                )
            )
        if self.minimum is not None and value < self.minimum:
            raise ValueError(_("{label}: at least {minimum}").format(label=_(self.label), minimum=self.minimum))
        if self.pattern and value and not re.fullmatch(self.pattern, str(value)):
            raise ValueError(_("{label}: {value!r} is not a valid value").format(label=_(self.label), value=raw))
        return value


MACHINE_OPTIONS: tuple[Option, ...] = (
    Option("till_id", str, "K1", N_("Till id (printed in receipt numbers)"), pattern=r"[A-Z0-9]{1,6}"),
    Option("database_url", str, "", N_("Database URL (empty: a SQLite file in the data folder)")),
    Option("printer_url", str, "", N_("Receipt printer URL")),
    Option("paper_width", int, 58, N_("Paper width (mm)"), choices=(58, 80)),
    Option("printer_profile", str, "", N_("Printer kind (empty: by paper width)"),
           choices=("", "generic58", "generic80", "sunmi58")),
    Option("cash_drawer", bool, False, N_("A cash drawer is plugged into the printer")),
    Option("print_receipts", bool, True, N_("Print a receipt after each sale")),
    Option("receipt_logo", str, "", N_("Logo on receipts (a picture file)")),
    Option("bar_printer_url", str, "", N_("Bar printer URL (tickets of the bar's items)")),
    Option("kitchen_printer_url", str, "", N_("Kitchen printer URL (tickets of the kitchen's items)")),
    Option("language", str, "", N_("Language"), choices=("", "id", "en")),
    Option("window_geometry", str, "", N_("Window position and size")),
)

SHOP_OPTIONS: tuple[Option, ...] = (
    Option("shop_name", str, "", N_("Shop name")),
    Option("address", str, "", N_("Address")),
    Option("whatsapp", str, "", N_("Shop WhatsApp number")),
    Option("currency", str, "IDR", N_("Currency"), pattern=r"[A-Z]{3}"),
    Option("phone_region", str, "ID", N_("Phone region"), pattern=r"[A-Z]{2}"),
    Option("time_zone", str, "Asia/Jakarta", N_("Time zone")),
    Option("cash_rounding", int, 0, N_("Round cash totals to (Rp, 0 = no rounding)"),
           choices=(0, 100, 500, 1000)),
    Option("cash_rounding_mode", str, "nearest", N_("Cash rounding: nearest or down"), choices=("nearest", "down")),
    Option("tax_enabled", bool, False, N_("Charge tax")),
    Option("tax_name", str, "PB1", N_("Tax name on receipts")),
    Option("tax_rate", str, "10", N_("Tax rate (%)"), pattern=r"\d{1,2}([.,]\d{1,2})?"),
    Option("tax_included", bool, False, N_("Prices include tax")),
    Option("receipt_footer", str, "", N_("Receipt footer")),
    Option("instagram", str, "", N_("Instagram")),
    Option("facebook", str, "", N_("Facebook")),
    Option("tiktok", str, "", N_("TikTok")),
    Option("bank_accounts", str, "", N_("Bank accounts for invoices (one per line)")),
    Option("qris_text", str, "", N_("QRIS text for invoices")),
    Option("payment_terms_days", int, 14, N_("Days a reseller has to pay an invoice"), minimum=0),
    Option("regular_after_purchases", int, 0, N_("Make a customer a regular after this many purchases (0 = off)"),
           minimum=0),
    Option("regular_after_spend", int, 0, N_("… or after spending this much, in rupiah (0 = off)"), minimum=0),
    Option("regular_within_days", int, 30, N_("… within this many days"), minimum=1),
    Option("protect_line_removal", bool, False, N_("Removing a scanned line needs the owner's PIN")),
    Option("show_expected_cash", bool, False, N_("Show the expected cash before the count at closing")),
    Option("is_demo", bool, False, N_("Demo shop")),
    Option("instore_barcode_prefix", str, "21", N_("Prefix of the shop's own barcodes (20-29)"), pattern=r"2\d"),
    Option("weighed_barcode_prefix", str, "20", N_("Prefix of weighed packs' barcodes (20-29)"), pattern=r"2\d"),
    Option("weighed_barcode_layout", str, "PPPPPWWWWW",
           N_("Weighed barcode: what its 10 digits hold (P product number, W grams, R rupiah, 0 unused)"),
           pattern=r"[PWR0]{10}"),
)


def option(options: tuple[Option, ...], key: str) -> Option:
    for opt in options:
        if opt.key == key:
            return opt
    raise KeyError(key)


def data_dir() -> Path:
    """Where the database and backups live (``POS_DATA_DIR`` overrides)."""
    if os.environ.get("POS_DATA_DIR"):
        return Path(os.environ["POS_DATA_DIR"])
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def config_file() -> Path:
    override = os.environ.get("POS_CONFIG_FILE")
    if override:
        return Path(override)
    if os.environ.get("POS_DATA_DIR"):
        return data_dir() / "settings.toml"
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False)) / "settings.toml"


class MachineSettings:
    """This till's options (``values``, every machine option) and the file they are kept in."""

    def __init__(self, values: dict[str, Any] | None = None, path: Path | None = None) -> None:
        self.values: dict[str, Any] = {o.key: o.default for o in MACHINE_OPTIONS} if values is None else values
        self.path = path

    def __eq__(self, other: object) -> bool:
        return (other.__class__ is self.__class__
                and (self.values, self.path) == (other.values, other.path))  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]  # mutable, as the dataclass it was

    def __repr__(self) -> str:
        return f"MachineSettings(values={self.values!r}, path={self.path!r})"

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def set(self, key: str, raw: Any) -> None:
        self.values[key] = option(MACHINE_OPTIONS, key).parse(raw)

    @classmethod
    def load(cls, path: Path | None = None) -> MachineSettings:
        """Read the file; a missing file gives the defaults, a bad entry its default."""
        path = path or config_file()
        settings = cls(path=path)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return settings
        import tomllib

        try:
            stored = tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            return settings
        for opt in MACHINE_OPTIONS:
            if opt.key in stored:
                try:
                    settings.values[opt.key] = opt.parse(stored[opt.key])
                except ValueError:
                    pass
        return settings

    def save(self) -> None:
        """Write all options atomically (write a new file, then rename it over)."""
        path = self.path or config_file()
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        lines = [f"{key} = {_toml_value(value)}" for key, value in self.values.items()]
        tmp = path.with_suffix(".tmp")
        # only this account reads it (0600 on Linux and macOS): it may hold the database's password
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write("\n".join(lines) + "\n")
        if os.name == "posix":
            os.chmod(tmp, 0o600)  # a .tmp left by a crash keeps its old mode through O_TRUNC
        os.replace(tmp, path)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


# --- where the database is (no database code here: the window shows before it opens) -----------
def sqlite_url(path: Path) -> str:
    """The URL of a SQLite file; characters such as ? and # are escaped."""
    posix = path.absolute().as_posix()
    escaped = posix.replace("%", "%25").replace("?", "%3F").replace("#", "%23")
    return "sqlite://" + (escaped if escaped.startswith("/") else "/" + escaped)


def default_url() -> str:
    return sqlite_url(data_dir() / "shop.db")


def resolve_url(cli_url: str | None = None, configured: str = "") -> str:
    """--db beats POS_DATABASE_URL beats the machine setting beats the default file.

    An empty --db is not "no --db": it is refused by ``connect`` like any bad URL.
    """
    if cli_url is not None:
        return cli_url
    return os.environ.get("POS_DATABASE_URL") or configured or default_url()


def hide_password(url: str) -> str:
    """The URL as it may be shown: any password replaced by ***."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    netloc, slash, tail = rest.partition("/")
    userinfo, at, hostport = netloc.rpartition("@")
    if at and ":" in userinfo:
        netloc = userinfo.split(":", 1)[0] + ":***@" + hostport
    return f"{scheme}://{netloc}{slash}{tail}"
