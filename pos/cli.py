"""The `pos` command: without a subcommand it opens the window; the subcommands (pos.cli_commands) are thin
calls into services, imported only when one is asked for."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pos import __version__
from pos.i18n import N_, _, set_language
from pos.settings import MachineSettings, resolve_url

if TYPE_CHECKING:
    import datetime as dt


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
    common.add_argument("--yes", action="store_true", default=argparse.SUPPRESS,
                        help=_("upgrade a PostgreSQL database without asking (after saving a copy with pg_dump)"))
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
    p.set_defaults(func="demo")

    p = sub.add_parser("info", parents=[common], help=_("show where the data is, the schema version and counts"))
    p.set_defaults(func="info")

    p = sub.add_parser("price", parents=[common],
                       help=_("price a cart as the till would, with every reason (nothing is sold)"))
    p.add_argument("items", nargs="+", metavar=_("CODE[=QTY]"),
                   help=_("product code or barcode, with a quantity (0,5 for weighed goods)"))
    p.add_argument("--customer", metavar=_("PHONE|MEMBER"), help=_("the customer: phone number or member code"))
    p.add_argument("--at", metavar=_("'YYYY-MM-DD HH:MM'"), help=_("the moment on the shop's clock (default: now)"))
    p.add_argument("--choose", action="append", default=[], metavar=_("PROMO=CODE"),
                   help=_("pick the free item of a promotion that offers a choice"))
    p.add_argument("--accept-stamps", action="store_true", help=_("take the stamp card reward when offered"))
    p.set_defaults(func="price")

    p = sub.add_parser("backup", parents=[common], help=_("write a consistent copy of the database"))
    p.add_argument("--to", metavar=_("FOLDER"), type=Path, help=_("folder for the backup, e.g. a USB stick"))
    p.set_defaults(func="backup")

    p = sub.add_parser("restore", parents=[common],
                       help=_("replace the database with a backup (the current one is kept first)"))
    p.add_argument("file", metavar=_("FILE"), type=Path)
    p.set_defaults(func="restore")

    printer = Parser(add_help=False)
    printer.add_argument("--printer", metavar="URL",
                         help=_("printer URL, e.g. tcp://192.168.1.50:9100 or file:///tmp/out.bin "
                                "(default: this till's printer)"))
    p = sub.add_parser("print-test", parents=[common, printer], help=_("print a test page"))
    p.set_defaults(func="print-test")
    p = sub.add_parser("reprint", parents=[common, printer], help=_("print a receipt again, marked COPY"))
    p.add_argument("number", metavar=_("RECEIPT_NO"))
    p.set_defaults(func="reprint")
    p = sub.add_parser("card", parents=[common, printer], help=_("print a customer's member card, or a PDF of it"))
    p.add_argument("member_code", metavar=_("MEMBER_CODE"))
    p.add_argument("--pdf", metavar=_("FILE"), type=Path, help=_("write a PDF sheet for a print shop instead"))
    p.set_defaults(func="card")

    p = sub.add_parser("customers", parents=[common],
                       help=_("the customer book: import, export, and who to bring back"))
    books = p.add_subparsers(dest="customers_command", metavar=_("command"), required=True)
    q = books.add_parser("import", parents=[common],
                         help=_("import customers from a CSV file or a phone's contacts (vCard)"))
    q.add_argument("file", metavar=_("FILE"), type=Path)
    q.add_argument("--on-duplicate", choices=("merge", "skip"), default="skip",
                   help=_("what to do with people already in the book (default: skip)"))
    q.add_argument("--pin", default=None, help=_("the owner's PIN (an import is the owner's)"))
    q.set_defaults(func="customers-import")
    q = books.add_parser("export", parents=[common], help=_("write the customer book to a CSV file"))
    q.add_argument("file", metavar=_("FILE"), type=Path)
    q.add_argument("--pin", default="", help=_("the owner's PIN: full phone numbers (without it they are masked)"))
    q.set_defaults(func="customers-export")
    q = books.add_parser("lapsed", parents=[common],
                         help=_("customers who stopped coming: overdue against their own rhythm, or away N days"))
    q.add_argument("--days", type=int, default=60, metavar="N",
                   help=_("also list everyone away this many days or more (default 60)"))
    q.set_defaults(func="customers-lapsed")
    q = books.add_parser("rfm", parents=[common], help=_("RFM groups: champions, loyal, new, at risk, lost"))
    q.add_argument("--group", choices=("champions", "loyal", "new", "at_risk", "lost", "others"),
                   help=_("list the customers of this group"))
    q.set_defaults(func="customers-rfm")
    q = books.add_parser("referrals", parents=[common], help=_("customers ranked by the customers they brought"))
    q.set_defaults(func="customers-referrals")

    p = sub.add_parser("visits", parents=[common],
                       help=_("check each customer's visit summary against the sales, or rebuild it"))
    p.add_argument("--rebuild", action="store_true", help=_("write every summary again from the sales"))
    p.add_argument("--pin", default=None, help=_("the owner's PIN (a rebuild is the owner's)"))
    p.set_defaults(func="visits")

    p = sub.add_parser("invoice", parents=[common], help=_("write a sale's A4 invoice (or delivery note) as PDF"))
    p.add_argument("receipt", metavar=_("RECEIPT_NO"))
    p.add_argument("--pdf", metavar=_("FILE"), type=Path, required=True)
    p.add_argument("--delivery-note", action="store_true", help=_("a delivery note (surat jalan): no prices"))
    p.add_argument("--notes", default="", help=_("notes printed on the invoice"))
    p.set_defaults(func="invoice")
    p = sub.add_parser("statement", parents=[common], help=_("write a customer's kasbon statement of account"))
    p.add_argument("member_code", metavar=_("MEMBER_CODE"))
    p.add_argument("--from", dest="start", type=_date, metavar="YYYY-MM-DD",
                   help=_("first day (default: the first of this month)"))
    p.add_argument("--to", dest="end", type=_date, metavar="YYYY-MM-DD", help=_("last day (default: today)"))
    p.add_argument("--pdf", metavar=_("FILE"), type=Path, required=True)
    p.set_defaults(func="statement")
    p = sub.add_parser("kasbon", parents=[common], help=_("who owes what since when"))
    debts = p.add_subparsers(dest="kasbon_command", metavar=_("command"), required=True)
    q = debts.add_parser("aging", parents=[common], help=_("what each customer owes, by days past the due date"))
    q.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help=_("as of this day (default: today)"))
    q.add_argument("--pdf", metavar=_("FILE"), type=Path, help=_("also write it as PDF"))
    q.set_defaults(func="kasbon-aging")

    p = sub.add_parser("recap", parents=[common], help=_("the day's recap: sales, money, promotions, customers"))
    p.add_argument("--date", metavar="YYYY-MM-DD", help=_("the shop day (default: today)"))
    p.add_argument("--till", metavar="T", help=_("one till only (default: all)"))
    p.add_argument("--pdf", metavar=_("FILE"), type=Path, help=_("also write it as an A4 PDF"))
    p.add_argument("--csv", metavar=_("FILE"), type=Path, help=_("also write the lines behind it as CSV"))
    p.add_argument("--printer", metavar="URL", help=_("also print it on this printer"))
    p.set_defaults(func="recap")
    p = sub.add_parser("report", parents=[common], help=_("sales, products, promotions and returning customers over a "
                                                          "period"))
    p.add_argument("--from", dest="start", type=_date, metavar="YYYY-MM-DD", required=True,
                   help=_("the period's first shop day"))
    p.add_argument("--to", dest="end", type=_date, metavar="YYYY-MM-DD", required=True,
                   help=_("the period's last shop day (included)"))
    p.add_argument("--by", choices=("day", "week", "month"), default="day",
                   help=_("one row per day, week or month (default: day)"))
    p.add_argument("--pdf", metavar=_("FILE"), type=Path, help=_("also write it as an A4 PDF"))
    p.add_argument("--csv", metavar=_("FILE"), type=Path, help=_("also write the lines behind it as CSV"))
    p.set_defaults(func="report")
    p = sub.add_parser("orders", parents=[common], help=_("the production list of a day's pre-orders"))
    p.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help=_("the pickup day (default: tomorrow)"))
    p.add_argument("--pdf", metavar=_("FILE"), type=Path, help=_("also write it as an A4 PDF"))
    p.set_defaults(func="orders")
    p = sub.add_parser("trays", parents=[common], help=_("the day's trays: made, sold and left per product"))
    p.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help=_("the shop day (default: today)"))
    p.set_defaults(func="trays")
    p = sub.add_parser("bake-plan", parents=[common],
                       help=_("the suggested bake of a day beside its pre-orders"))
    p.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help=_("the day to bake for (default: tomorrow)"))
    p.add_argument("--pdf", metavar=_("FILE"), type=Path, help=_("also write it as an A4 PDF"))
    p.set_defaults(func="bake-plan")
    p = sub.add_parser("consignment", parents=[common], help=_("goods still out at shops on consignment"))
    p.add_argument("--shop", metavar=_("MEMBER_CODE"), help=_("one shop only"))
    p.set_defaults(func="consignment")

    p = sub.add_parser("labels", parents=[common, printer],
                       help=_("print labels for a packed product: on sticker sheets (PDF) or the receipt printer"))
    p.add_argument("code", metavar=_("CODE"), help=_("the product's code or barcode"))
    p.add_argument("--copies", type=int, default=1, metavar="N", help=_("how many labels (default 1)"))
    p.add_argument("--sheet", metavar=_("NAME"), help=_("the sticker sheet: tj103 (default), tj121 or a4-3x8"))
    p.add_argument("--start", type=int, default=1, metavar="N",
                   help=_("the first free label on the sheet, 1 = top left, row by row (a half-used sheet)"))
    p.add_argument("--pdf", metavar=_("FILE"), type=Path, help=_("write the sheet as a PDF instead of printing"))
    p.add_argument("--weight", metavar=_("QTY"), help=_("a weighed pack: its weight (0,485), printed in its barcode"))
    p.add_argument("--made", type=_date, metavar="YYYY-MM-DD", help=_("the production date (default: today)"))
    p.add_argument("--no-price", action="store_true", help=_("leave the price off (goods that shops resell)"))
    p.add_argument("--new-barcode", action="store_true",
                   help=_("first give a product without a barcode the shop's own EAN-13 (the owner's PIN)"))
    p.add_argument("--pin", default=None, help=_("the owner's PIN (for --new-barcode)"))
    p.set_defaults(func="labels")

    p = sub.add_parser("desktop-entry", parents=[common],
                       help=_("put Langganan in the Linux desktop's menu, with its icon (--remove takes it out)"))
    p.add_argument("--remove", action="store_true", help=_("take the menu entry and the icons out again"))
    p.set_defaults(func="desktop-entry")

    p = sub.add_parser("products", parents=[common], help=_("bring products in from a spreadsheet, or write them out"))
    items = p.add_subparsers(dest="products_command", metavar=_("command"), required=True)
    q = items.add_parser("import", parents=[common],
                         help=_("create or update products from a CSV or Excel (.xlsx) file, by code"))
    q.add_argument("file", metavar=_("FILE"), type=Path)
    q.add_argument("--pin", default=None, help=_("the owner's PIN (an import is the owner's)"))
    q.set_defaults(func="products-import")
    q = items.add_parser("export", parents=[common],
                         help=_("write every product to a CSV or Excel (.xlsx) file, in the columns import reads"))
    q.add_argument("file", metavar=_("FILE"), type=Path)
    q.set_defaults(func="products-export")

    from pos.cli_server import add_parsers  # `pos db copy`, `pos server init|upgrade`

    add_parsers(sub, common)
    return parser


def _date(text: str) -> dt.date:
    import datetime as dt  # not at the top: the window's start reads no date before the login page

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{text} is not a date like 2026-11-27").format(text=text)) from None


def _language_asked(argv: list[str]) -> str | None:
    """--lang, read before the parser exists so that its help and errors speak that language."""
    for i, arg in enumerate(argv):
        value = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else arg.partition("=")[2]
        if (arg == "--lang" or arg.startswith("--lang=")) and value in ("id", "en"):
            return value
    return None


def window_asked(argv: list[str]) -> dict[str, str] | None:
    """The options of a plain `pos [--db URL] [--lang id|en] [--yes]` (the window), read without building the
    parser (about 20 ms of the cold start); None for anything else (a command, --help, an abbreviation, a
    missing or bad value), which the full parser reads, with its errors, exactly as before."""
    options: dict[str, str] = {}
    i = 0
    while i < len(argv):
        name, eq, value = argv[i].partition("=")
        if name == "--yes" and not eq:
            options["yes"] = "1"
            i += 1
            continue
        if name not in ("--db", "--lang"):
            return None
        if not eq:
            if i + 1 >= len(argv):
                return None
            value = argv[i + 1]
            if value.startswith("-") and value != "-":  # argparse reads it as an option: its error, not ours
                return None
            i += 1
        if name == "--lang" and value not in ("id", "en"):
            return None
        options[name[2:]] = value
        i += 1
    return options


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    settings = MachineSettings.load()
    set_language(_language_asked(argv) or settings["language"])
    window = window_asked(argv)
    if window is not None:  # the window: Qt first, the database once the login page shows
        from pos.ui.app import run_window

        return run_window(resolve_url(window.get("db"), settings["database_url"]), settings)
    args = build_parser().parse_args(argv)
    if getattr(args, "func", None) is None:  # the window, asked in a way only the full parser reads
        from pos.ui.app import run_window

        return run_window(resolve_url(getattr(args, "db", None), settings["database_url"]), settings)
    from pos.cli_commands import run
    from pos.services.errors import PosError

    try:
        return run(args)
    except PosError as exc:
        print(_("pos: error: {message}").format(message=exc), file=sys.stderr)
        return 1
    except BrokenPipeError:  # `pos customers lapsed | head`: the reader has seen enough
        sys.stdout = None  # nothing more to flush at exit
        return 0
    except OSError as exc:  # a folder that cannot be written, a missing file …
        where = f" ({exc.filename})" if exc.filename else ""
        print(_("pos: error: {message}").format(message=f"{exc.strerror or exc}{where}"), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
