"""The commands of `pos` that work on the database (the parser and the window are in pos.cli)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pos.i18n import _, ngettext, format_date, format_money, format_month, format_number, format_period
from pos.services import backup as backups
from pos.services import db
from pos.services.errors import PosError
from pos.services.info import info_rows, shop_info
from pos.settings import MachineSettings


class Context:
    """What every command needs: the machine settings, the database URL."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.settings = MachineSettings.load()
        from pos.services.server_settings import with_saved_password  # the keyring keeps a server's password

        self.url = with_saved_password(db.resolve_url(getattr(args, "db", None), self.settings["database_url"]))
        self.till_id = self.settings["till_id"]
        self.upgrade_confirmed = bool(getattr(args, "yes", False))

    def open(self) -> db.DatabaseInfo:
        info = db.open_database(self.url, upgrade_confirmed=self.upgrade_confirmed)
        if info.recovered:
            print(_("The program did not close cleanly last time; the database was checked and is sound."),
                  file=sys.stderr)
        if info.upgrade_backup is not None:
            print(_("The database was upgraded from schema {old} to {new}; a copy from before is in {path}.")
                  .format(old=info.upgraded_from, new=info.schema_version, path=info.upgrade_backup),
                  file=sys.stderr)
        return info

    def sqlite_path(self, pg_hint: str) -> Path:
        if db.url_engine(self.url) == "postgresql":
            raise PosError(pg_hint)
        return db.sqlite_path(self.url)


def cmd_demo(ctx: Context, args: argparse.Namespace) -> int:
    if not 0 <= args.days <= 366:
        raise PosError(_("--days is between 0 and 366."))
    from pos.services.demo import create_demo, demo_exists  # not needed to open the window

    ctx.open()
    if demo_exists():  # said before anything else: no "making the demo shop… wait" for nothing
        print(_("The demo shop is there already; nothing changed."))
        return 0
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
    rows = info_rows(shop_info(ctx.open(), ctx.till_id))
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


NOT_CONFIRMED = 3  # the exit status of a print sent to a network printer that did not confirm it


def _printed(job) -> int:
    """One line about the job; 1 when it waits in the queue with its error, 3 when sent, not confirmed."""
    if job.status == "printed":
        print(_("{title}: printed on {printer}.").format(title=job.title, printer=job.printer_url))
        return 0
    if job.status == "sent":
        reason = job.error or _("add ?status=1 to the printer's address to have prints confirmed")
        print(_("pos: {title} was sent to {printer}, not confirmed ({reason}). Check that it came out; "
                "it is listed in the print queue to print again.").format(
            title=job.title, printer=job.printer_url, reason=reason), file=sys.stderr)
        return NOT_CONFIRMED
    print(_("pos: error: {message}").format(message=job.error), file=sys.stderr)
    print(_("{title} waits in the print queue; it is printed when you try again.").format(title=job.title),
          file=sys.stderr)
    return 1


def cmd_print_test(ctx: Context, args: argparse.Namespace) -> int:
    from pos.services.print_queue import print_now, printer_config, queue_test_page

    ctx.open()
    return _printed(print_now(queue_test_page(ctx.till_id, printer_config(ctx.settings, args.printer))))


def cmd_reprint(ctx: Context, args: argparse.Namespace) -> int:
    from pos.services.print_queue import print_now, printer_config, queue_receipt
    from pos.services.receipts import sale_id_by_number

    ctx.open()
    sale_id = sale_id_by_number(args.number)
    return _printed(print_now(queue_receipt(sale_id, ctx.till_id, printer_config(ctx.settings, args.printer),
                                            copy=True)))


def cmd_card(ctx: Context, args: argparse.Namespace) -> int:
    from pos.services.print_queue import card_data, print_now, printer_config, queue_card

    ctx.open()
    if args.pdf:
        from pos.printing.card_pdf import cards_pdf

        card = card_data(args.member_code)
        cards_pdf([card], args.pdf)
        print(_("Member card of {name} written to {path}.").format(name=card.member_name, path=args.pdf))
        return 0
    return _printed(print_now(queue_card(args.member_code, ctx.till_id, printer_config(ctx.settings, args.printer))))


def _say_tills_wait(data: bytes) -> None:
    """On SQLite a big import holds the write lock while it writes: say so before starting."""
    from pos.services.import_files import tills_wait_notice

    notice = tills_wait_notice(data.count(b"\n"))
    if notice:
        print(notice, flush=True)


def cmd_customers_import(ctx: Context, args: argparse.Namespace) -> int:
    from pos.services.customer_files import import_customers

    data = args.file.read_bytes()
    ctx.open()
    _say_tills_wait(data)
    result = import_customers(data, on_duplicate=args.on_duplicate, owner_pin=args.pin)
    print(_("Imported {added} new customers; {merged} merged and {skipped} skipped (already in the book); "
            "{joined} were the same person twice in the file.").format(
        added=result.added, merged=result.merged, skipped=result.skipped, joined=result.joined))
    if result.special_prices:
        print(_("Special prices set: {n}.").format(n=result.special_prices))
    return 0


def cmd_customers_export(ctx: Context, args: argparse.Namespace) -> int:
    from pos.services.customer_files import export_customers
    from pos.services.files import private_if_ours

    ctx.open()
    data, full = export_customers(pin=args.pin)
    args.file.write_bytes(data)
    private_if_ours(args.file)  # the customer book kept in the data folder is as private as the database
    print(_("Customer book written to {path}.").format(path=args.file) + " " +
          (_("Phone numbers in full.") if full else _("Phone numbers masked (the owner's PIN shows them).")))
    return 0


def cmd_products_import(ctx: Context, args: argparse.Namespace) -> int:
    from pos.services.product_files import import_products

    data = args.file.read_bytes()
    ctx.open()
    _say_tills_wait(data)
    result = import_products(data, owner_pin=args.pin)
    print(_("Products imported: {created} new, {updated} updated, {categories} new categories.").format(
        created=result.created, updated=result.updated, categories=result.categories))
    return 0


def cmd_products_export(ctx: Context, args: argparse.Namespace) -> int:
    from pos.services.product_files import export_products

    ctx.open()
    args.file.write_bytes(export_products("xlsx" if args.file.suffix.lower() == ".xlsx" else "csv"))
    print(_("Products written to {path}.").format(path=args.file))
    return 0


def cmd_invoice(ctx: Context, args: argparse.Namespace) -> int:
    from pos.services.invoices import invoice_file
    from pos.services.receipts import sale_id_by_number

    ctx.open()
    number, pdf = invoice_file(sale_id_by_number(args.receipt), till_id=ctx.till_id,
                               delivery_note=args.delivery_note, notes=args.notes)
    args.pdf.write_bytes(pdf)
    print((_("Delivery note for {number} written to {path}.") if args.delivery_note
           else _("Invoice {number} written to {path}.")).format(number=number, path=args.pdf))
    return 0


def cmd_statement(ctx: Context, args: argparse.Namespace) -> int:
    from pos.services.clock import today as shop_today
    from pos.services.kasbon_documents import customer_by_code, statement_file

    ctx.open()
    customer = customer_by_code(args.member_code)
    end = args.end or shop_today()
    start = args.start or end.replace(day=1)
    args.pdf.write_bytes(statement_file(customer.id, start, end))
    print(_("Statement of {name} ({start} to {end}) written to {path}.").format(
        name=customer.name, start=start.isoformat(), end=end.isoformat(), path=args.pdf))
    return 0


def cmd_kasbon_aging(ctx: Context, args: argparse.Namespace) -> int:
    from pos.services.kasbon_documents import aging_data, aging_file

    ctx.open()
    data = aging_data(args.date)
    names = (_("Customer"), *data.headers, _("Total"))
    print(_("Kasbon as of {day}").format(day=data.as_of.isoformat()))
    print(" | ".join(names))
    for name, code, amounts, total in data.rows:
        print(" | ".join([f"{name} ({code})", *(format_money(m) if m.minor else "-" for m in amounts),
                          format_money(total)]))
    print(" | ".join([_("Total"), *(format_money(m) for m in data.totals), format_money(data.total)]))
    if args.pdf:
        args.pdf.write_bytes(aging_file(args.date))
        print(_("Written to {path}.").format(path=args.pdf))
    return 0


def cmd_recap(ctx: Context, args: argparse.Namespace) -> int:
    from pos.printing.render_text import to_text
    from pos.services.clock import today as shop_today
    from pos.services.recap import day_recap, parse_day, recap_outputs

    ctx.open()
    day = parse_day(args.date, shop_today())
    outputs = recap_outputs(day_recap(day, args.till))
    print(to_text(outputs["document"], 48))
    if args.pdf:
        args.pdf.write_bytes(outputs["pdf"]())
        print(_("Written to {path}.").format(path=args.pdf))
    if args.csv:
        args.csv.write_bytes(outputs["csv"]())
        print(_("Written to {path}.").format(path=args.csv))
    if args.printer:
        from pos.services.print_queue import print_now, printer_config, queue_recap

        return _printed(print_now(queue_recap(day, args.till, ctx.till_id, printer_config(ctx.settings,
                                                                                          args.printer))))
    return 0


def cmd_report(ctx: Context, args: argparse.Namespace) -> int:
    from pos.printing.report_pdf import report_csv, report_pdf
    from pos.services.reports import period_report
    from pos.services.shop_settings import shop_settings

    ctx.open()
    r = period_report(args.start, args.end, args.by)
    print(_("{start} to {end}: {n} sales, {amount}").format(start=format_date(r.start), end=format_date(r.end),
                                                            n=r.total_sales, amount=format_money(r.sales_amount)))
    print(_("Refunds {refunds} · net sales {net} (voided sales not counted)").format(
        refunds=format_money(r.refunds_total), net=format_money(r.total_amount)))
    period = {"day": _("Day"), "week": _("Week"), "month": _("Month")}[r.by]
    _print_table((period, _("Sales"), _("Customers"), _("Refunds"), _("Net sales")),
                 [(format_period(row.label), format_number(row.sales), format_number(row.customers),
                   format_money(row.refunds), format_money(row.amount)) for row in r.rows])
    print()
    print(_("Promotions:"))
    _print_table((_("Promotion"), _("Sales"), _("Given"), _("Those sales came to"), _("Given at cost price")),
                 [(e.promotion, format_number(e.fired), format_money(e.discounts + e.free_items),
                   format_money(e.sales_total), _money_or_dash(e.cost_at_cost)) for e in r.promotions], indent=2)
    if r.choices:
        print()
        print(_("Options asked:"))
        _print_table((_("Option"), _("Asked"), _("Amount")),
                     [(f"{f.group}: {f.name}", format_number(f.quantity), format_money(f.amount)) for f in r.choices],
                     indent=2)
    print()
    if r.gross_profit is not None:
        print(_("Gross profit {amount} (sold less the goods' cost stored with each sale)").format(
            amount=format_money(r.gross_profit)))
        for heading, ranked in ((_("Category"), r.categories), (_("Price tier"), r.tiers)):
            _print_table((heading, _("Amount"), _("Gross profit")),
                         [(x.name, format_money(x.amount), _money_or_dash(x.gross_profit)) for x in ranked], indent=2)
        _print_table((period, _("Net sales"), _("Gross profit")),
                     [(format_period(row.label), format_money(row.amount), _money_or_dash(row.gross_profit))
                      for row in r.rows], indent=2)
        print()
    for m in r.returning:
        print(_("Returning customers {month}: {back} of {buyers} ({rate:.0%})").format(
            month=format_month(m.month), back=m.returning, buyers=m.buyers, rate=m.rate))
    if args.pdf:
        args.pdf.write_bytes(report_pdf(r, shop_settings().shop_name))
        print(_("Written to {path}.").format(path=args.pdf))
    if args.csv:
        args.csv.write_bytes(report_csv(r))
        print(_("Written to {path}.").format(path=args.csv))
    return 0


def _money_or_dash(amount) -> str:
    return format_money(amount) if amount is not None else "-"


def _print_table(headers: tuple[str, ...], rows: list[tuple[str, ...]], indent: int = 0) -> None:
    """Columns under a header row; the first column left, the figures right."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows)]

    def line(cells: tuple[str, ...]) -> str:
        return " " * indent + "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)
                                        for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    print(line(headers))
    print(" " * indent + "-" * (sum(widths) + 2 * (len(widths) - 1)))
    for row in rows:
        print(line(row))


def cmd_orders(ctx: Context, args: argparse.Namespace) -> int:
    import datetime as dt

    from pos.printing.orders import production_document
    from pos.printing.render_text import to_text
    from pos.services.clock import today as shop_today
    from pos.services.preorders import production_data, production_file

    ctx.open()
    day = args.date or shop_today() + dt.timedelta(days=1)
    print(to_text(production_document(production_data(day)), 48))
    if args.pdf:
        args.pdf.write_bytes(production_file(day))
        print(_("Written to {path}.").format(path=args.pdf))
    return 0


def cmd_trays(ctx: Context, args: argparse.Namespace) -> int:
    from pos.money import Quantity
    from pos.services.clock import today as shop_today
    from pos.services.trays import trays_of_day

    ctx.open()
    day = args.date or shop_today()
    rows = trays_of_day(day)
    if not rows:
        print(_("No product is marked as made daily."))
        return 0
    table = []
    for r in rows:
        made = format_number(r.made) + (f"+{format_number(r.day_old)}" if r.day_old.thousandths else "")
        sold = Quantity(r.sold.thousandths + r.day_old_sold.thousandths)
        left = Quantity(r.left.thousandths + r.day_old_left.thousandths)
        out = f"{r.sold_out_at:%H:%M}" if r.sold_out_at else ""
        table.append((r.name, made, format_number(sold), format_number(left), out))
    _print_table((_("Product"), _("Made"), _("Sold"), _("Left over"), _("Sold out")), table)
    return 0


def cmd_bake_plan(ctx: Context, args: argparse.Namespace) -> int:
    import datetime as dt

    from pos.printing.orders import production_document, production_pdf
    from pos.printing.render_text import to_text
    from pos.services.clock import today as shop_today
    from pos.services.preorders import production_data

    ctx.open()
    day = args.date or shop_today() + dt.timedelta(days=1)
    data = production_data(day)
    print(to_text(production_document(data), 48))
    if args.pdf:
        args.pdf.write_bytes(production_pdf(data))
        print(_("Written to {path}.").format(path=args.pdf))
    return 0


def cmd_labels(ctx: Context, args: argparse.Namespace) -> int:
    from pos.money import Quantity
    from pos.services.labels import give_instore_barcode, label_data, write_labels_pdf
    from pos.services.print_queue import print_now, printer_config, queue_labels

    ctx.open()
    if args.new_barcode:
        from pos.services.products import product_id_of

        code = give_instore_barcode(product_id_of(args.code), owner_pin=args.pin)
        print(_("{product} has the barcode {barcode} now.").format(product=args.code, barcode=code))
    try:
        weight = Quantity.of(args.weight) if args.weight else None
    except (ValueError, ArithmeticError):
        raise PosError(_("{qty} is not a quantity.").format(qty=args.weight)) from None
    options = dict(weight=weight, made=args.made, with_price=not args.no_price)
    if args.pdf:
        pages = write_labels_pdf(args.code, args.pdf, copies=args.copies, sheet=args.sheet, start=args.start,
                                 **options)
        label = label_data(args.code, **options)
        print(ngettext("{copies} label of {name} ({barcode}) written to {path}",
                       "{copies} labels of {name} ({barcode}) written to {path}", args.copies).format(
            copies=args.copies, name=label.name, barcode=label.barcode, path=args.pdf)
              + ngettext(", {pages} sheet.", ", {pages} sheets.", pages).format(pages=pages))
        return 0
    config = printer_config(ctx.settings, args.printer)
    return _printed(print_now(queue_labels(args.code, args.copies, ctx.till_id, config, **options)))


def cmd_consignment(ctx: Context, args: argparse.Namespace) -> int:
    from pos.services.consignment import goods_out
    from pos.services.kasbon_documents import customer_by_code

    ctx.open()
    shop_id = customer_by_code(args.shop).id if args.shop else None
    rows = goods_out(shop_id)
    if not rows:
        print(_("No goods are out on consignment."))
        return 0
    for r in rows:
        print(f"{r.shop} ({r.member_code}) | {r.product} | {format_number(r.quantity)} {r.unit} | "
              f"{format_money(r.unit_price)} | {format_money(r.value)}")
    from pos.money import Money

    print(_("Total value out: {amount}").format(amount=format_money(Money(sum(r.value.minor for r in rows)))))
    return 0


def _people(people) -> None:
    """A list of customers, numbers masked (the command line has no owner's PIN)."""
    from pos.services.customer_files import mask_phone

    print(" | ".join((_("Customer"), _("Number"), _("Last visit"), _("Visits"), _("Spent"), _("Why"),
                      _("Promotions"))))
    for p in people:
        print(" | ".join((p.name, mask_phone(p.phone) or "-", format_date(p.last_visit) if p.last_visit else "-",
                          str(p.visits), format_money(p.spend), p.detail, _("yes") if p.consent else _("no"))))


def cmd_customers_lapsed(ctx: Context, args: argparse.Namespace) -> int:
    from pos.services.retention import lapsed_customers

    ctx.open()
    people = lapsed_customers(args.days)
    print(_("{n} customers to bring back: overdue against their usual interval, or away {days} days or more.")
          .format(n=len(people), days=args.days))
    _people(people)
    return 0


def cmd_customers_rfm(ctx: Context, args: argparse.Namespace) -> int:
    from pos.services.retention import rfm, rfm_rule_help

    ctx.open()
    result = rfm()
    print(rfm_rule_help())
    print(" | ".join((_("Group"), _("Customers"), _("Revenue"), _("Rule"))))
    for g in result.groups:
        print(" | ".join((g.name, str(g.count), format_money(g.revenue), g.rule)))
    if args.group:
        print()
        _people(result.people({args.group}))
    return 0


def cmd_customers_referrals(ctx: Context, args: argparse.Namespace) -> int:
    from pos.services.retention import referrers

    ctx.open()
    print(" | ".join((_("Customer"), _("Brought"), _("Of them bought"), _("What they spent"), _("Own spend"))))
    for p in referrers():
        print(" | ".join((p.name, str(p.facts.referred), str(p.facts.buyers), format_money(p.facts.spend),
                          format_money(p.spend))))
    return 0


def cmd_visits(ctx: Context, args: argparse.Namespace) -> int:
    from pos.services.visits import check, rebuild

    ctx.open()
    if args.rebuild:
        result = rebuild(owner_pin=args.pin)
        print(_("Visit summary rebuilt for {customers} customers ({differed} were out of step).").format(
            customers=result.customers, differed=result.differed))
        return 0
    differed = check()
    if differed:
        print(_("The visit summary is out of step for {n} customers: run `pos visits --rebuild` with the "
                "owner's PIN.").format(n=differed))
        return 1
    print(_("The visit summary agrees with the sales."))
    return 0


def cmd_desktop_entry(ctx: Context, args: argparse.Namespace) -> int:
    from pos.services.desktop_entry import install_desktop_entry, remove_desktop_entry

    if args.remove:
        removed = remove_desktop_entry()
        print(_("Menu entry removed ({count} files); the shop's data is untouched.").format(count=len(removed)))
        return 0
    made = install_desktop_entry()
    print(_("Menu entry written: {path}").format(path=made.entry))
    print(_("It starts: {command}").format(command=made.command))
    return 0


def run(args: argparse.Namespace) -> int:
    """Run the chosen command; a PosError reaches the caller as one line for the user."""
    command = {"demo": cmd_demo, "info": cmd_info, "price": cmd_price, "backup": cmd_backup,
               "restore": cmd_restore, "print-test": cmd_print_test, "reprint": cmd_reprint,
               "card": cmd_card, "customers-import": cmd_customers_import,
               "customers-export": cmd_customers_export, "products-import": cmd_products_import,
               "products-export": cmd_products_export, "invoice": cmd_invoice, "statement": cmd_statement,
               "kasbon-aging": cmd_kasbon_aging, "orders": cmd_orders, "recap": cmd_recap, "report": cmd_report,
               "consignment": cmd_consignment, "customers-lapsed": cmd_customers_lapsed,
               "customers-rfm": cmd_customers_rfm, "customers-referrals": cmd_customers_referrals,
               "desktop-entry": cmd_desktop_entry, "visits": cmd_visits, "labels": cmd_labels,
               "trays": cmd_trays, "bake-plan": cmd_bake_plan}.get(args.func)
    if command is None:  # `pos db copy`, `pos server …`: they name their databases themselves
        from pos.cli_server import COMMANDS

        command = COMMANDS[args.func]
    try:
        return command(Context(args), args)
    finally:
        db.close_database()
