"""`pos db copy`, `pos server init` and `pos server upgrade`: moving a shop onto a server and preparing the server.

They name their databases themselves (the addresses on the command line), so they do not open this computer's
database as the other commands do.
"""

from __future__ import annotations

import argparse

from pos.i18n import _, format_number


def add_parsers(sub, common: argparse.ArgumentParser) -> None:
    """The `db` and `server` commands, under the main parser's subcommands."""
    p = sub.add_parser("db", parents=[common], help=_("copy the whole shop into another, empty database"))
    commands = p.add_subparsers(dest="db_command", metavar=_("command"), required=True)
    q = commands.add_parser("copy", parents=[common],
                            help=_("copy every table into an empty database: SQLite to PostgreSQL or back"))
    q.add_argument("--from", dest="source", metavar="URL",
                   help=_("the shop to copy (default: this computer's database)"))
    q.add_argument("--to", dest="target", metavar="URL", required=True,
                   help=_("the empty database to fill, e.g. postgresql://postgres@192.168.1.10/langganan"))
    q.set_defaults(func="db-copy")

    p = sub.add_parser("server", parents=[common], help=_("prepare a PostgreSQL server for several tills"))
    commands = p.add_subparsers(dest="server_command", metavar=_("command"), required=True)
    q = commands.add_parser("init", parents=[common],
                            help=_("create the shop's database and a login for the tills (as the server's "
                                   "administrator)"))
    q.add_argument("admin_url", metavar="URL", help=_("the administrator's address: postgresql://postgres@host/"))
    q.add_argument("--name", default="langganan", help=_("the shop's database (default: langganan)"))
    q.add_argument("--role", default="kasir", help=_("the tills' login (default: kasir)"))
    q.add_argument("--password", default=None,
                   help=_("the tills' password (default: a new random one, printed; an existing login keeps its "
                          "own)"))
    q.set_defaults(func="server-init")
    q = commands.add_parser("upgrade", parents=[common],
                            help=_("upgrade the shop's database on the server to this version (as its owner)"))
    q.add_argument("admin_url", metavar="URL", help=_("the administrator's address with the database: "
                                                      "postgresql://postgres@host/langganan"))
    q.set_defaults(func="server-upgrade")


def print_figures(result) -> None:
    """The check after a copy: each table's rows and money sums, in the source and in the copy."""
    headers = (_("table"), _("what"), _("source"), _("copy"), "")
    rows = [(f.table, f.column or _("rows"), format_number(f.source), format_number(f.copy),
             _("equal") if f.equal else _("DIFFERENT")) for f in result.figures]
    widths = [max(len(str(r[i])) for r in (headers, *rows)) for i in range(len(headers))]
    for number, row in enumerate((headers, *rows)):
        print("  ".join(str(cell).rjust(w) if 1 < i < 4 else str(cell).ljust(w)
                        for i, (cell, w) in enumerate(zip(row, widths))).rstrip())
        if number == 0:
            print("  ".join("-" * w for w in widths).rstrip())


def cmd_db_copy(ctx, args: argparse.Namespace) -> int:
    from pos.services.db_copy import copy_database

    source = args.source or ctx.url
    print(_("Copying {source} into {target}…").format(source=_hidden(source), target=_hidden(args.target)))
    result = copy_database(source, args.target, _progress_on_terminal())
    print_figures(result)
    print(_("Copied {rows} rows at schema {version}; every count and money sum is equal. The source is unchanged.")
          .format(rows=format_number(result.rows), version=result.schema_version))
    print(_("Pictures, the logo and print jobs are inside the database and came along; PDFs already saved in a "
            "computer's documents folder stay there (any till prints invoices and statements again)."))
    return 0


def cmd_server_init(ctx, args: argparse.Namespace) -> int:
    from pos.services.pg_server import init_server

    shop = init_server(args.admin_url, name=args.name, role=args.role, password=args.password)
    print(_("Database {name}: {state}, schema {version}.").format(
        name=shop.database, version=shop.schema_version,
        state=_("created") if shop.created_database else _("already there, kept")))
    print(_("Login for the tills: {role} ({state}).").format(
        role=shop.role, state=_("created") if shop.created_role else _("already there")))
    print()
    print(_("Give each till (First run → This computer is a till of a shop that has a server):"))
    print("  " + _("server: {host}  port: {port}  database: {name}").format(
        host=shop.host, port=shop.port, name=shop.database))
    password = shop.password if shop.password else _("(its existing password)")
    print("  " + _("user: {role}  password: {password}").format(role=shop.role, password=password))
    if shop.password:
        print("  " + _("or: pos --db {url}").format(url=shop.till_url))
    if shop.host in ("localhost", "127.0.0.1", "::1"):
        print(_("Other computers reach this server by its address on the shop's network, not {host}.")
              .format(host=shop.host))
    print(_("Next: copy the shop in with pos db copy --from sqlite:///…/shop.db --to {url}").format(
        url=_hidden(_admin_url_for(args.admin_url, shop.database))))
    return 0


def cmd_server_upgrade(ctx, args: argparse.Namespace) -> int:
    from pos.services.pg_server import upgrade_server

    done = upgrade_server(args.admin_url, confirmed=ctx.upgrade_confirmed)
    if done.old_schema == done.new_schema:
        print(_("The database is at schema {version} already; nothing to upgrade.").format(version=done.new_schema))
    else:
        print(_("Upgraded from schema {old} to {new}.").format(old=done.old_schema, new=done.new_schema))
    if done.roles:
        print(_("Rights granted again to: {roles}").format(roles=", ".join(done.roles)))
    return 0


def _progress_on_terminal():
    """How far the copy got, on one line of a terminal (nothing when the output goes to a file or a pipe)."""
    import sys

    if not sys.stderr.isatty():
        return None
    shown = [-1]

    def report(done: int, total: int) -> None:
        percent = done * 100 // total if total else 100
        if percent != shown[0]:
            shown[0] = percent
            end = "\n" if done >= total else ""
            print("\r" + _("{percent}% of {total} rows").format(percent=percent, total=format_number(total)),
                  end=end, file=sys.stderr, flush=True)

    return report


def _hidden(url: str) -> str:
    from pos.settings import hide_password

    return hide_password(url)


def _admin_url_for(url: str, name: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    return urlunsplit(urlsplit(url)._replace(path="/" + name))


COMMANDS = {"db-copy": cmd_db_copy, "server-init": cmd_server_init, "server-upgrade": cmd_server_upgrade}
