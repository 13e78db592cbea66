"""The `pos` command: without a subcommand it opens the window; subcommands are thin calls into services."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Callable

from pos import __version__
from pos.i18n import N_, _, format_number, set_language
from pos.services import backup as backups
from pos.services import db
from pos.services.errors import PosError
from pos.services.info import shop_info
from pos.settings import MachineSettings


# argparse's own words, so that `pos --help` and its errors speak the user's language too.
ARGPARSE_TEXTS = (
    N_("usage: "), N_("options"), N_("positional arguments"), N_("show this help message and exit"),
    N_("show program's version number and exit"), N_("%(prog)s: error: %(message)s\n"),
    N_("the following arguments are required: %s"), N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unrecognized arguments: %s"), N_("expected one argument"), N_("invalid %(type)s value: %(value)r"),
    N_("argument %(argument_name)s: %(message)s"),
)


class Parser(argparse.ArgumentParser):
    """argparse, but an error is one line in the user's language (and the hint to --help)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        print(_("pos: error: {message}").format(message=message) + "  (pos --help)", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    argparse._ = _  # type: ignore[attr-defined]  # argparse looks its texts up through this name
    common = Parser(add_help=False)
    common.add_argument("--db", metavar="URL", default=argparse.SUPPRESS,
                        help=_("database URL: sqlite:///path/shop.db or postgresql://user:password@host/db "
                               "(also POS_DATABASE_URL)"))
    common.add_argument("--lang", choices=("id", "en"), default=argparse.SUPPRESS,
                        help=_("language of the program (default: the setting, else the system's)"))
    parser = Parser(
        prog="pos", parents=[common],
        description=_("Langganan: point of sale and customer book. Without a command it opens the cashier window."),
    )
    parser.add_argument("--version", action="version", version=f"Langganan {__version__}")
    sub = parser.add_subparsers(dest="command", metavar=_("command"))

    p = sub.add_parser("demo", parents=[common], help=_("fill an empty database with the demo shop"))
    p.add_argument("--seed", type=int, default=1, help=_("the same seed gives the same shop (default 1)"))
    p.add_argument("--days", type=int, default=90,
                   help=_("days of sales history, recorded through the real checkout (default 90; 0: none)"))
    p.add_argument("--today", type=_date, metavar=_("YYYY-MM-DD"),
                   help=_("the last day of the history (default: today)"))
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("info", parents=[common], help=_("show where the data is, the schema version and counts"))
    p.set_defaults(func=cmd_info)

    p = sub.add_parser("price", parents=[common],
                       help=_("price a cart as the till would, with every reason (nothing is sold)"))
    p.add_argument("items", nargs="+", metavar=_("CODE[=QTY]"),
                   help=_("product code or barcode, with a quantity (0,5 for weighed goods)"))
    p.add_argument("--customer", metavar=_("PHONE|MEMBER"), help=_("the customer: phone number or member code"))
    p.add_argument("--at", metavar=_("'YYYY-MM-DD HH:MM'"), help=_("the moment on the shop's clock (default: now)"))
    p.add_argument("--choose", action="append", default=[], metavar=_("PROMO=CODE"),
                   help=_("pick the free item of a promotion that offers a choice"))
    p.add_argument("--accept-stamps", action="store_true", help=_("take the stamp card reward when offered"))
    p.set_defaults(func=cmd_price)

    p = sub.add_parser("backup", parents=[common], help=_("write a consistent copy of the database"))
    p.add_argument("--to", metavar=_("FOLDER"), type=Path, help=_("folder for the backup, e.g. a USB stick"))
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", parents=[common],
                       help=_("replace the database with a backup (the current one is kept first)"))
    p.add_argument("file", metavar=_("FILE"), type=Path)
    p.set_defaults(func=cmd_restore)
    return parser


class Context:
    """What every command needs: the machine settings, the database URL."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.settings = MachineSettings.load()
        self.url = db.resolve_url(getattr(args, "db", None), self.settings["database_url"])
        self.till_id = self.settings["till_id"]

    def open(self) -> db.DatabaseInfo:
        info = db.open_database(self.url)
        if info.recovered:
            print(_("The program did not close cleanly last time; the database was checked and is sound."),
                  file=sys.stderr)
        return info

    def sqlite_path(self, pg_hint: str) -> Path:
        if db.url_engine(self.url) == "postgresql":
            raise PosError(pg_hint)
        return db.sqlite_path(self.url)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{text} is not a date like 2026-11-27").format(text=text)) from None


def cmd_demo(ctx: Context, args: argparse.Namespace) -> int:
    if not 0 <= args.days <= 366:
        raise PosError(_("--days is between 0 and 366."))
    from pos.services.demo import create_demo  # not needed to open the window

    ctx.open()
    if args.days:
        print(_("Making the demo shop and {days} days of sales; this takes a little while…").format(days=args.days))
    result = create_demo(args.seed, history_days=args.days, today=args.today)
    if not result.created:
        print(_("The demo shop is there already; nothing changed."))
    else:
        print(_("Demo shop ready: {products} products, {customers} customers, {promotions} promotions.")
              .format(products=result.products, customers=result.customers, promotions=result.promotions))
        if result.sales:
            print(_("History: {sales} sales and {refunds} refunds.").format(sales=result.sales,
                                                                             refunds=result.refunds))
        print(_("Log in as owner Bu Ani with PIN 1234, or as cashier Dita with PIN 1111."))
    return 0


def cmd_info(ctx: Context, args: argparse.Namespace) -> int:
    info = shop_info(ctx.open(), ctx.till_id)
    rows = [
        (_("Data folder"), info.data_dir),
        (_("Settings file"), info.config_file),
        (_("Database"), info.database),
        (_("Schema version"), str(info.schema_version)),
        (_("Till"), info.till_id),
        (_("Shop"), (info.shop_name or "-") + (" " + _("(demo)") if info.is_demo else "")),
        (_("Categories"), format_number(info.counts["categories"])),
        (_("Products"), format_number(info.counts["products"])),
        (_("Customers"), format_number(info.counts["customers"])),
        (_("Promotions"), format_number(info.counts["promotions"])),
        (_("Staff"), format_number(info.counts["staff"])),
        (_("Sales"), format_number(info.counts["sales"])),
    ]
    width = max(len(label) for label, _value in rows)
    for label, value in rows:
        print(f"{label.ljust(width)}  {value}")
    return 0


def cmd_price(ctx: Context, args: argparse.Namespace) -> int:
    from pos.cli_price import price_command  # the table printer, kept out of this file

    ctx.open()
    return price_command(args)


def cmd_backup(ctx: Context, args: argparse.Namespace) -> int:
    path = ctx.sqlite_path(_("Backups of a PostgreSQL database are made with pg_dump on the server, "
                             "e.g. pg_dump -Fc -f shop.dump DBNAME."))
    ctx.open()
    result = backups.backup(path, args.to)
    print(_("Backup written: {path}").format(path=result.path))
    return 0


def cmd_restore(ctx: Context, args: argparse.Namespace) -> int:
    path = ctx.sqlite_path(_("A PostgreSQL database is restored with pg_restore on the server, "
                             "e.g. pg_restore -c -d DBNAME shop.dump."))
    db.close_database()
    result = backups.restore(args.file, path)
    info = ctx.open()  # upgrades an older backup and proves it opens
    print(_("Restored {file}. The database as it was before is kept in {kept}.")
          .format(file=args.file, kept=result.path))
    print(_("Schema version: {version}").format(version=info.schema_version))
    return 0


def cmd_window(ctx: Context, args: argparse.Namespace) -> int:
    from pos.ui.app import run_window  # Qt only when the window is wanted

    return run_window(ctx.url, ctx.settings)


def _language_asked(argv: list[str]) -> str | None:
    """--lang, read before the parser exists so that its help and errors speak that language."""
    for i, arg in enumerate(argv):
        value = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else arg.partition("=")[2]
        if (arg == "--lang" or arg.startswith("--lang=")) and value in ("id", "en"):
            return value
    return None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    settings_language = MachineSettings.load()["language"]
    set_language(_language_asked(argv) or settings_language)
    args = build_parser().parse_args(argv)
    func: Callable[[Context, argparse.Namespace], int] = getattr(args, "func", cmd_window)
    try:
        return func(Context(args), args)
    except PosError as exc:
        print(_("pos: error: {message}").format(message=exc), file=sys.stderr)
        return 1
    except OSError as exc:  # a folder that cannot be written, a missing file …
        where = f" ({exc.filename})" if exc.filename else ""
        print(_("pos: error: {message}").format(message=f"{exc.strerror or exc}{where}"), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        db.close_database()
