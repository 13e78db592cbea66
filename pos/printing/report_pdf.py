"""A period report as an A4 PDF and as CSV: the same tables the command line prints."""

from __future__ import annotations

import csv
import io

from pos.domain.options import most_asked
from pos.domain.reports import PeriodReport
from pos.i18n import _, format_date, format_money, format_number, format_period
from pos.money import Money
from pos.printing.invoice_pdf import MM
from pos.printing.statement_pdf import a4_document, grid


def _gp(amount: Money | None) -> str:
    return format_money(amount) if amount is not None else "-"


def report_pdf(r: PeriodReport, shop_name: str) -> bytes:
    """The periods, products, categories, tiers and groups with their gross profit (the sale's stored costs),
    what each promotion gave at retail and at cost price, and the returning customers."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Spacer

    by = {"day": _("Day"), "week": _("Week"), "month": _("Month")}[r.by]
    story = [grid([[by, _("Sales"), _("Customers"), _("Refunds"), _("Net sales"), _("Gross profit")]] +
                  [[format_period(row.label), str(row.sales), str(row.customers), format_money(row.refunds),
                    format_money(row.amount), _gp(row.gross_profit)] for row in r.rows] +
                  [[_("Total"), str(r.total_sales), "", format_money(r.refunds_total), format_money(r.total_amount),
                    _gp(r.gross_profit)]],
                  [38 * MM, 18 * MM, 22 * MM, 30 * MM, 32 * MM, 30 * MM], right_from=1, bold_last=True),
             Spacer(1, 5 * MM)]
    ranked_widths = [70 * MM, 22 * MM, 18 * MM, 30 * MM, 30 * MM]
    story += [grid([[_("Product (after refunds)"), _("Qty"), _("Sales"), _("Amount"), _("Gross profit")]] +
                   [[p.name[:38], format_number(p.quantity), str(p.sales), format_money(p.amount),
                     _gp(p.gross_profit)] for p in r.products[:40]], ranked_widths, right_from=1),
              Spacer(1, 5 * MM)]
    story += [grid([[_("Category"), _("Qty"), _("Sales"), _("Amount"), _("Gross profit")]] +
                   [[c.name, format_number(c.quantity), str(c.sales), format_money(c.amount), _gp(c.gross_profit)]
                    for c in r.categories], ranked_widths, right_from=1), Spacer(1, 5 * MM)]
    if r.tiers and r.gross_profit is not None:
        story += [grid([[_("Price tier"), _("Sales"), _("Amount"), _("Gross profit")]] +
                       [[t.name, str(t.sales), format_money(t.amount), _gp(t.gross_profit)] for t in r.tiers],
                       [85 * MM, 25 * MM, 30 * MM, 30 * MM], right_from=1), Spacer(1, 5 * MM)]
    elif r.tiers:  # a shop that keeps no costs: no column of dashes
        story += [grid([[_("Price tier"), _("Sales"), _("Amount")]] +
                       [[t.name, str(t.sales), format_money(t.amount)] for t in r.tiers],
                       [110 * MM, 25 * MM, 35 * MM], right_from=1), Spacer(1, 5 * MM)]
    if r.segments:
        story += [grid([[_("Customer group"), _("Sales"), _("Amount")]] +
                       [[t.name, str(t.sales), format_money(t.amount)] for t in r.segments],
                       [110 * MM, 25 * MM, 35 * MM], right_from=1), Spacer(1, 5 * MM)]
    story += [grid([[_("Promotion"), _("Fired"), _("Discounts"), _("Free items"), _("Sales it was in")]] +
                   [[e.promotion[:38], str(e.fired), format_money(e.discounts), format_money(e.free_items),
                     format_money(e.sales_total)] for e in r.promotions],
                   [62 * MM, 18 * MM, 28 * MM, 28 * MM, 34 * MM], right_from=1), Spacer(1, 5 * MM)]
    if any(e.cost_at_cost is not None for e in r.promotions):
        story += [grid([[_("What a promotion cost"), _("At retail"), _("At cost price")]] +
                       [[e.promotion[:50], format_money(e.cost_at_retail), _gp(e.cost_at_cost)]
                        for e in r.promotions], [100 * MM, 35 * MM, 35 * MM], right_from=1),
                  Paragraph(_("At cost price: the discounts, and the free items at what they cost the shop."),
                            ParagraphStyle("note", fontName="Helvetica-Oblique", fontSize=8, leading=10)),
                  Spacer(1, 5 * MM)]
    if r.choices:  # sizes, sugar, extras (#24): each choice asked and its money, then each group's most asked
        story += [grid([[_("Option"), _("Asked"), _("Amount")]] +
                       [[f"{f.group}: {f.name}"[:60], format_number(f.quantity),
                         format_money(f.amount) if f.amount else ""] for f in r.choices] +
                       [[_("Most asked {group}: {choice}").format(group=f.group, choice=f.name)[:60],
                         format_number(f.quantity), ""] for f in most_asked(r.choices)],
                       [110 * MM, 25 * MM, 35 * MM], right_from=1), Spacer(1, 5 * MM)]
    story += [grid([[_("Month"), _("Customers who bought"), _("Had bought before"), _("Returning rate")]] +
                   [[format_period(m.month), str(m.buyers), str(m.returning), f"{m.rate * 100:.0f}%"]
                    for m in r.returning],
                   [40 * MM, 45 * MM, 45 * MM, 40 * MM], right_from=1)]
    period = _("{start} to {end}").format(start=format_date(r.start), end=format_date(r.end))
    return a4_document(story, _("SALES REPORT"), period, shop_name)


def report_csv(r: PeriodReport) -> bytes:
    """The report's rows in the reader's language: the periods (refunds and net sales), the products after
    refunds, the promotions, the options asked and the returning customers."""
    out = io.StringIO()
    w = csv.writer(out, delimiter=";")
    w.writerow([_("section"), _("name"), _("sales"), _("quantity or customers"), _("refunds"), _("rupiah")])
    for row in r.rows:
        w.writerow([_("period"), row.label, row.sales, row.customers, row.refunds.minor, row.amount.minor])
    for p in r.products:
        w.writerow([_("product"), p.name, p.sales, str(p.quantity), "", p.amount.minor])
    for e in r.promotions:
        w.writerow([_("promotion"), e.promotion, e.fired, "", "", e.discounts.minor + e.free_items.minor])
    for e in r.promotions:
        if e.cost_at_cost is not None:
            w.writerow([_("promotion at cost price"), e.promotion, e.fired, "", "", e.cost_at_cost.minor])
    for p in r.products:
        if p.gross_profit is not None:
            w.writerow([_("gross profit"), p.name, p.sales, str(p.quantity), "", p.gross_profit.minor])
    for f in r.choices:
        w.writerow([_("option"), f"{f.group}: {f.name}", "", str(f.quantity), "", f.amount.minor])
    for m in r.returning:
        w.writerow([_("returning customers"), m.month, m.buyers, m.returning, "", ""])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
