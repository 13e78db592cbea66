"""The day's recap on paper: the thermal slip, the A4 PDF with the sales by hour as a chart, the CSV of the
lines behind it and a short WhatsApp text for the owner. All read the same ``Recap``, so they agree."""

from __future__ import annotations

import csv
import io
from xml.sax.saxutils import escape

from pos.domain.options import ChoiceFigure, most_asked
from pos.domain.payment_methods import DEPOSIT, KASBON, ledger_of, method
from pos.domain.recap import Recap
from pos.i18n import _, format_date, format_money, format_number, ngettext
from pos.printing.activity import activity_rows, activity_summary
from pos.money import Money
from pos.printing.document import Document, Pair, Rule, Text
from pos.printing.invoice_pdf import MM
from pos.printing.statement_pdf import a4_document, grid


def method_words(code: str) -> str:
    """A payment method in words (its registered label), or its code when no method of that code is registered."""
    m = method(code)
    return _(m.label) if m is not None else code


def headline(r: Recap) -> list[tuple[str, Money]]:
    """The figures every output shows, in this order (a test compares screen, paper and PDF on them). They add
    up as ``arithmetic()`` says: the sales from gross to Sales, then Sales and refunds to Net sales."""
    return [(_("Gross at retail prices"), r.gross_retail), (_("Given by tier prices"), -r.given_by_prices),
            (_("Given by special prices"), -r.given_by_special), (_("Discounts"), -r.discounts),
            (_("Free items (retail value)"), -r.free_items), (_("Tax added"), r.sales_tax_added),
            (_("Cash rounding"), r.sales_rounding), (_("Sales"), r.sales_total),
            (_("Refunds"), r.refunds_total), (_("Net sales"), r.net_sales)]


def arithmetic() -> str:
    """How the headline adds up, said once under it."""
    return _("Gross - tier prices - special prices - discounts - free items + tax +/- rounding = Sales; "
             "Sales + refunds = Net sales.")


def notes(r: Recap) -> list[tuple[str, Money]]:
    """Beside the headline, not part of its sum: the tax in the net sales (on top or included in the prices),
    and the voided sales, which count for nothing."""
    rows = [(_("Tax in net sales"), r.tax)] if r.tax or r.sales_tax_added else []
    if r.voids:
        rows.append((_("Voided sales (not counted)"), -r.voids_total))
    return rows


def short_labels() -> dict[str, str]:
    """Shorter words for the labels too long to stand beside an amount on 58 mm paper (32 columns)."""
    return {_("Gross at retail prices"): _("Gross at retail"), _("Given by tier prices"): _("Tier prices gave"),
            _("Given by special prices"): _("Special prices"), _("Free items (retail value)"): _("Free items"),
            _("Voided sales (not counted)"): _("Voided"), _("Payments = net sales"): _("Total"),
            _("Kasbon (pay later)"): _("Kasbon"), _("Customers from the book"): _("From the book"),
            _("Items after refunds"): _("Items total")}


def payments_total(r: Recap) -> Money:
    """The payments of the day's sales and refunds: they add up to the net sales."""
    return Money(sum(a.minor for _m, a in r.by_method))


def kasbon_rows(r: Recap) -> list[tuple[str, Money]]:
    """The kasbon paid back on the day by how it was paid ("Bank transfer: kasbon paid back"): money that came
    in beside the sales, so that a transfer for kasbon is found under transfer too."""
    return [(_("{method}: kasbon paid back").format(method=method_words(m) if m else _("other")), a)
            for m, a in r.kasbon_by_method]


def _method_amount(r: Recap, ledger: str) -> Money | None:
    """What the day's payments by the methods that write to ``ledger`` add up to (None: no such payment)."""
    amounts = [amount for m, amount in r.by_method if ledger_of(m) == ledger]
    return Money(sum(a.minor for a in amounts)) if amounts else None


def ledgers(r: Recap) -> list[tuple[str, Money]]:
    """Kasbon and deposits beside the payments. What a payment row already says is not said twice: the kasbon
    given on the day's sales is the "Kasbon (pay later)" payment, the deposit spent on them the "Deposit" one;
    those rows come only when the amounts differ (a kasbon sale refunded the same day)."""
    rows = []
    if r.kasbon_given != (_method_amount(r, KASBON) or Money(0)):
        rows.append((_("Kasbon given"), r.kasbon_given))
    rows.append((_("Kasbon collected"), r.kasbon_collected))
    rows.append((_("Deposits taken"), r.deposits_taken))
    if r.deposits_spent != (_method_amount(r, DEPOSIT) or Money(0)):
        rows.append((_("Deposits spent"), r.deposits_spent))
    return rows


def cash_rows(r: Recap) -> list[tuple[str, Money | None]]:
    return [(_("Cash expected"), r.cash_expected), (_("Cash counted"), r.cash_counted),
            (_("Difference"), r.cash_difference)]


def times(n: int) -> str:
    return ngettext("{n} time", "{n} times", n).format(n=n)


def recap_document(r: Recap, shop_name: str) -> Document:
    b: list = [Text(shop_name, align="center", bold=True), Text(_("DAY RECAP"), align="center", bold=True),
               Text(format_date(r.day) + (f" · {r.till}" if r.till else ""), align="center"), Rule()]
    if r.empty:
        b.append(Text(_("No sales on this day.")))
        b += _activity_section(r)
        return Document(tuple(b), title=_("Recap {day}").format(day=r.day.isoformat()))
    short = short_labels()

    def pair(label: str, amount: str, **kw) -> Pair:
        return Pair(label, amount, short=short.get(label, ""), **kw)

    b.append(pair(_("Number of sales"), format_number(r.sales_count)))
    b.append(pair(_("Average basket"), format_money(r.average_basket)))
    b += [pair(label, format_money(amount), bold=label in (_("Sales"), _("Net sales")))
          for label, amount in headline(r)]
    b.append(Text(arithmetic(), indent=2))
    b += [pair(label, format_money(amount)) for label, amount in notes(r)]
    b += [Rule(), Text(_("Payments"), bold=True)]
    b += [pair(method_words(m), format_money(a)) for m, a in r.by_method]
    b.append(pair(_("Payments = net sales"), format_money(payments_total(r)), bold=True))
    b += [Pair(label, format_money(a), above=(method_words(m) if m else _("other")) + ":",
               short="  " + _("kasbon paid back")) for (label, a), (m, _a) in zip(kasbon_rows(r), r.kasbon_by_method)]
    b += [Text(_("Kasbon and deposits"), bold=True)]
    b += [pair(label, format_money(a)) for label, a in ledgers(r)]
    b += [Rule(), Text(_("Cash in the drawer"), bold=True)]
    b += [pair(label, format_money(a) if a is not None else "-", bold=True) for label, a in cash_rows(r)]
    if r.given:
        b += [Rule(), Text(_("Promotions gave"), bold=True)]
        for g in r.given:
            name = g.promotion or _("tier prices")
            b.append(Pair(f"{name} ({times(g.times)})", format_money(g.discounts + g.free_items), above=name,
                          short="  " + times(g.times)))
    for heading, rows in ((_("Refunds"), r.refunds), (_("Voided sales (not counted)"), r.voids)):
        if rows:
            b += [Rule(), Text(heading, bold=True)]
            for x in rows:
                what = f"{x.number} ({x.of_number})"
                b.append(Pair(f"{what} {x.approved_by}".rstrip(), format_money(x.total), above=what,
                              short="  " + (x.approved_by or _("approved"))))
    b += [Rule(), Text(_("Best sellers (after refunds)"), bold=True)]
    b += [Pair(f"{i.product} x{format_number(i.quantity)}", format_money(i.amount), above=i.product,
               short=f"  x{format_number(i.quantity)}") for i in r.items[:8]]
    b.append(pair(_("Items after refunds"), format_money(r.items_total)))
    b.append(Text(_("Items after refunds + tax added +/- rounding = Net sales."), indent=2))
    b += _profit_section(r)
    b += trays_section(r)
    b += choices_section(r.choices)
    b += [Rule(), Text(_("Customers"), bold=True)]
    b += [Pair(f"{f.label} ({f.count})", format_money(f.amount),
               short=f"{short.get(f.label, f.label)} ({f.count})") for f in (r.walk_in, r.known)]
    b.append(Pair(_("New / returning"), f"{r.new_customers} / {r.returning_customers}"))
    if r.preorders_tomorrow:
        b += [Rule(), Text(_("Pre-orders tomorrow: {n}").format(n=len(r.preorders_tomorrow)), bold=True)]
        b += [Text(f"{when:%H:%M} {number} {who}", indent=2) for number, who, when, _t in r.preorders_tomorrow]
    b += _activity_section(r)
    return Document(tuple(b), title=_("Recap {day}").format(day=r.day.isoformat()))


def _profit_section(r: Recap) -> list:
    """Gross profit: the day's, then by category and by price tier (from the costs stored with the lines)."""
    if r.gross_profit is None:
        return []
    b: list = [Rule(), Text(_("Gross profit"), bold=True), Pair(_("Gross profit of the day"),
                                                               format_money(r.gross_profit), bold=True)]
    categories = [Pair(f"  {c.product}", format_money(c.gross_profit)) for c in r.categories
                  if c.gross_profit is not None]
    tiers = [Pair(f"  {f.label}", format_money(f.gross_profit)) for f in r.by_tier if f.gross_profit is not None]
    b += [Text(_("By category"))] + categories if categories else []
    b += [Text(_("By price tier"))] + tiers if tiers else []
    b.append(Text(_("Sold less the goods' cost at the sale; items without a cost are left out."), indent=2))
    return b


def tray_words(t) -> str:
    """"20 · 21 · 0 · 3": made · sold · left · wasted."""
    return " · ".join(format_number(q) for q in (t.made, t.sold, t.left, t.wasted))


def sold_out_words(r: Recap) -> str:
    return ", ".join(_("{product} at {time}").format(product=t.product, time=t.sold_out_at)
                     for t in r.trays if t.sold_out_at)


def refunded_words(r: Recap) -> str:
    """"Sold is after refunds: Roti Sobek 1 brought back" (empty: nothing brought back)."""
    back = ", ".join(_("{product} {n} brought back").format(product=t.product, n=format_number(t.refunded))
                     for t in r.trays if t.refunded.thousandths)
    return _("Sold is after refunds: {products}").format(products=back) if back else ""


def trays_section(r: Recap) -> list:
    """The made-daily trays: made · sold · left · wasted per product, the waste at cost, what sold out when."""
    if not r.trays:
        return []
    b: list = [Rule(), Text(_("Trays: made · sold · left · wasted"), bold=True)]
    b += [Pair(t.product, tray_words(t), above=t.product) for t in r.trays]
    b.append(Pair(_("Waste at cost"), profit_text(r.waste_cost), bold=True))
    if sold_out_words(r):
        b.append(Text(_("Sold out: {products}").format(products=sold_out_words(r)), indent=2))
    if refunded_words(r):
        b.append(Text(refunded_words(r), indent=2))
    return b


def _trays_table(r: Recap):
    rows = [[_("Tray"), _("Made"), _("Sold"), _("Left over"), _("Wasted"), _("Waste at cost"), _("Sold out")]]
    rows += [[t.product[:34], format_number(t.made), format_number(t.sold), format_number(t.left),
              format_number(t.wasted), profit_text(t.waste_cost), t.sold_out_at or "-"] for t in r.trays]
    rows.append([_("Waste at cost"), "", "", "", "", profit_text(r.waste_cost), ""])
    return grid(rows, [56 * MM, 18 * MM, 18 * MM, 18 * MM, 18 * MM, 26 * MM, 16 * MM], right_from=1,
                bold_last=True)


def profit_text(amount: Money | None) -> str:
    return format_money(amount) if amount is not None else "-"


def choice_words(f: ChoiceFigure) -> str:
    """"Extra shot: 42"."""
    return _("{choice}: {count}").format(choice=f.name, count=format_number(f.quantity))


def choices_section(figures: tuple[ChoiceFigure, ...]) -> list:
    """Sizes, sugar and extras: each choice asked (after refunds) and what it brought in; the most asked of each
    group ("Most asked Gula: Less sugar")."""
    if not figures:
        return []
    b: list = [Rule(), Text(_("Options asked"), bold=True)]
    b += [Pair(choice_words(f), format_money(f.amount) if f.amount else "") for f in figures[:12]]
    b += [Text(_("Most asked {group}: {choice}").format(group=f.group, choice=f.name), indent=2)
          for f in most_asked(figures)]
    return b


def _activity_section(r: Recap) -> list:
    """What the owner approved or should know of: the time, till and kind, who and who approved, what."""
    if not r.activity:
        return []
    b: list = [Rule(), Text(_("Till activity: {n}").format(n=len(r.activity)), bold=True)]
    for time, till, kind, who, approved, details in activity_rows(r.activity):
        b.append(Text(" ".join(part for part in (time, till, kind) if part), bold=True, indent=6))
        people = who + (" - " + _("approved by {name}").format(name=approved) if approved else "")
        b += [Text("  " + text, indent=2) for text in (details, people) if text]
    return b


def _hour_chart(r: Recap):
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    drawing = Drawing(170 * MM, 64 * MM)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 14 * MM, 14 * MM, 150 * MM, 38 * MM
    chart.data = [[f.amount.minor / 1000 for f in r.by_hour] or [0]]
    chart.categoryAxis.categoryNames = [f"{f.label[:2]} ({f.count})" for f in r.by_hour] or ["-"]
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = colors.HexColor("#2e7d32")
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontSize = 7
    drawing.add(chart)
    drawing.add(String(14 * MM, 57 * MM, _("Sales by hour (thousand rupiah)"), fontSize=9, fontName="Helvetica-Bold"))
    drawing.add(String(89 * MM, 3 * MM, _("Hour (number of sales)"), fontSize=8, fontName="Helvetica",
                       textAnchor="middle"))
    return drawing


def _customer_tables(r: Recap, widths: list[float]) -> list:
    """Who bought: walk-in and the book, new and returning; then price tiers, customer groups and the top
    customers, each a table of its own under its own heading."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Spacer

    def rows(figures) -> list[list[str]]:
        return [[f.label, format_number(f.count), format_money(f.amount)] for f in figures]

    def tier_rows(figures) -> list[list[str]]:
        return [[f.label, format_number(f.count), format_money(f.amount), profit_text(f.gross_profit)]
                for f in figures]

    people = [[_("Customers"), _("Sales"), _("Amount")], *rows((r.walk_in, r.known)),
              [_("New customers"), format_number(r.new_customers), ""],
              [_("Returning customers"), format_number(r.returning_customers), ""]]
    story = [grid(people, widths, right_from=1), Spacer(1, 4 * MM)]
    if r.by_tier and r.gross_profit is not None:
        four = [widths[0] - 35 * MM, widths[1], widths[2], 35 * MM]
        story += [grid([[_("Price tier"), _("Sales"), _("Amount"), _("Gross profit")], *tier_rows(r.by_tier)],
                       four, right_from=1), Spacer(1, 4 * MM)]
    elif r.by_tier:
        story += [grid([[_("Price tier"), _("Sales"), _("Amount")], *rows(r.by_tier)], widths, right_from=1),
                  Spacer(1, 4 * MM)]
    if r.by_segment:
        note = ParagraphStyle("note", fontName="Helvetica-Oblique", fontSize=8, leading=10)
        story += [grid([[_("Customer group"), _("Sales"), _("Amount")], *rows(r.by_segment)], widths, right_from=1),
                  Paragraph(_("A customer can be in more than one group, so the groups do not add up to the day."),
                            note), Spacer(1, 4 * MM)]
    if r.top_customers:
        story += [grid([[_("Top customers"), _("Sales"), _("Amount")], *rows(r.top_customers)], widths,
                       right_from=1)]
    return story


def recap_pdf(r: Recap, shop_name: str) -> bytes:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Spacer

    body = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13)
    title = format_date(r.day) + (f" · {r.till}" if r.till else "")
    if r.empty:
        return a4_document([Paragraph(_("No sales on this day."), body)] + ([Spacer(1, 4 * MM), _activity_table(r)]
                           if r.activity else []), _("DAY RECAP"), title, shop_name)
    figures = [[_("Number of sales"), format_number(r.sales_count)],
               [_("Average basket"), format_money(r.average_basket)]]
    figures += [[label, format_money(amount)] for label, amount in headline(r)]
    note = ParagraphStyle("note", fontName="Helvetica-Oblique", fontSize=8, leading=10)
    two = [110 * MM, 60 * MM]
    story = [grid([[_("The day"), _("Amount")]] + figures, two, right_from=1), Paragraph(arithmetic(), note)]
    if notes(r):
        story += [Spacer(1, 2 * MM), grid([[_("Beside the sums above"), _("Amount")]] +
                                          [[label, format_money(a)] for label, a in notes(r)], two, right_from=1)]
    story += [Spacer(1, 4 * MM)]
    story += [grid([[_("Payments"), _("Amount")]] + [[method_words(m), format_money(a)] for m, a in r.by_method]
                   + [[_("Payments = net sales"), format_money(payments_total(r))]], two, right_from=1,
                   bold_last=True), Spacer(1, 4 * MM)]
    if r.kasbon_by_method:
        story += [grid([[_("Kasbon paid back"), _("Amount")]] + [[label, format_money(a)] for label, a in
                                                                 kasbon_rows(r)], two, right_from=1),
                  Spacer(1, 4 * MM)]
    story += [grid([[_("Kasbon and deposits"), _("Amount")]] + [[label, format_money(a)] for label, a in ledgers(r)],
                   two, right_from=1), Spacer(1, 4 * MM)]
    story += [grid([[_("Cash in the drawer"), _("Amount")]] +
                   [[label, format_money(a) if a is not None else "-"] for label, a in cash_rows(r)], two,
                   right_from=1), Spacer(1, 4 * MM), _hour_chart(r), Spacer(1, 4 * MM)]
    if r.given:
        story += [grid([[_("Promotion"), _("Discounts"), _("Free items"), _("Times")]] +
                       [[g.promotion or _("tier prices"), format_money(g.discounts), format_money(g.free_items),
                         str(g.times)] for g in r.given], [80 * MM, 32 * MM, 32 * MM, 26 * MM], right_from=1),
                  Spacer(1, 4 * MM)]
    for heading, rows in ((_("Refund"), r.refunds), (_("Voided sales (not counted)"), r.voids)):
        if rows:
            story += [grid([[heading, _("Of sale"), _("Approved by"), _("Amount")]] +
                           [[x.number, x.of_number, x.approved_by, format_money(x.total)] for x in rows],
                           [50 * MM, 40 * MM, 44 * MM, 36 * MM], right_from=3), Spacer(1, 4 * MM)]
    if r.gross_profit is None:
        story += [grid([[_("Product (after refunds)"), _("Category"), _("Qty"), _("Amount")]] +
                       [[i.product[:40], i.category, format_number(i.quantity), format_money(i.amount)]
                        for i in r.items] + [[_("Items after refunds"), "", "", format_money(r.items_total)]],
                       [80 * MM, 40 * MM, 20 * MM, 30 * MM], right_from=2, bold_last=True)]
    else:
        story += [grid([[_("Product (after refunds)"), _("Category"), _("Qty"), _("Amount"), _("Gross profit")]] +
                       [[i.product[:34], i.category[:18], format_number(i.quantity), format_money(i.amount),
                         profit_text(i.gross_profit)] for i in r.items]
                       + [[_("Items after refunds"), "", "", format_money(r.items_total),
                           profit_text(r.gross_profit)]],
                       [66 * MM, 32 * MM, 16 * MM, 28 * MM, 28 * MM], right_from=2, bold_last=True),
                  grid([[_("Category"), _("Amount"), _("Gross profit")]] +
                       [[c.product, format_money(c.amount), profit_text(c.gross_profit)] for c in r.categories],
                       [100 * MM, 35 * MM, 35 * MM], right_from=1)]
    story += [Paragraph(_("Items after refunds + tax added +/- rounding = Net sales."), note), Spacer(1, 4 * MM)]
    if r.trays:
        story += [_trays_table(r)]
        story += [Paragraph(refunded_words(r), note)] if refunded_words(r) else []
        story += [Spacer(1, 4 * MM)]
    story += _customer_tables(r, [100 * MM, 30 * MM, 40 * MM])
    if r.preorders_tomorrow:
        rows = [[_("Pre-orders tomorrow"), _("Customer"), _("Pickup"), _("Total")]]
        rows += [[n, c, f"{w:%H:%M}", format_money(t)] for n, c, w, t in r.preorders_tomorrow]
        story += [Spacer(1, 4 * MM), grid(rows, [40 * MM, 70 * MM, 25 * MM, 35 * MM], right_from=3)]
    if r.activity:
        story += [Spacer(1, 4 * MM), _activity_table(r)]
    return a4_document(story, _("DAY RECAP"), title, shop_name)


def _activity_table(r: Recap):
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    cell = ParagraphStyle("cell", fontName="Helvetica", fontSize=9, leading=11)
    rows = [[_("Time"), _("Till"), _("Till activity"), _("Who"), _("Approved by"), _("Details")]]
    rows += [[time, till, Paragraph(escape(kind), cell), Paragraph(escape(who), cell),
              Paragraph(escape(approved), cell), Paragraph(escape(details).replace("Rp ", "Rp&nbsp;"), cell)]
             for time, till, kind, who, approved, details in activity_rows(r.activity)]
    table = grid(rows, [13 * MM, 14 * MM, 39 * MM, 22 * MM, 22 * MM, 60 * MM], right_from=6)  # "Mesin kasir"
    table.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP")])
    return table


def recap_csv(r: Recap) -> bytes:
    """The lines behind the recap, in the reader's language: one row per product (after refunds), then the
    payment methods, the kasbon paid back by method, the headline figures and the notes beside them."""
    out = io.StringIO()
    w = csv.writer(out, delimiter=";")
    w.writerow([_("section"), _("name"), _("category"), _("quantity"), _("rupiah")])
    for i in r.items:
        w.writerow([_("product"), i.product, i.category, str(i.quantity), i.amount.minor])
    for m, a in r.by_method:
        w.writerow([_("payment"), m, "", "", a.minor])
    for m, a in r.kasbon_by_method:
        w.writerow([_("kasbon paid back"), m, "", "", a.minor])
    for label, amount in headline(r) + notes(r):
        w.writerow([_("summary"), label, "", "", amount.minor])
    if r.gross_profit is not None:
        w.writerow([_("summary"), _("Gross profit of the day"), "", "", r.gross_profit.minor])
        for i in r.items:
            if i.gross_profit is not None:
                w.writerow([_("gross profit"), i.product, i.category, "", i.gross_profit.minor])
    for t in r.trays:
        for label, q in ((_("made"), t.made), (_("sold"), t.sold), (_("left"), t.left), (_("wasted"), t.wasted),
                         (_("brought back"), t.refunded)):
            w.writerow([_("tray") + " " + label, t.product, t.sold_out_at or "", str(q), ""])
        if t.waste_cost is not None:
            w.writerow([_("waste at cost"), t.product, "", str(t.wasted), t.waste_cost.minor])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def whatsapp_text(r: Recap, shop_name: str) -> str:
    """"Rekap 27 Nov: 84 transaksi, Rp 3.450.000, …" for the owner's phone."""
    if r.empty:
        return "\n".join([_("Recap {day}: no sales.").format(day=format_date(r.day)), *activity_summary(r.activity)])
    parts = [_("Recap {day}: {n} sales, net sales {amount}").format(day=format_date(r.day), n=r.sales_count,
                                                                   amount=format_money(r.net_sales))]
    if r.refunds:
        parts.append(_("refunds {amount}").format(amount=format_money(r.refunds_total)))
    if r.voids:
        parts.append(ngettext("{n} sale voided (not counted)", "{n} sales voided (not counted)",
                              len(r.voids)).format(n=len(r.voids)))
    parts += [f"{method_words(m)} {format_money(a)}" for m, a in r.by_method]
    parts += [f"{label} {format_money(a)}" for label, a in kasbon_rows(r)]
    if r.cash_difference is not None:
        parts.append(_("cash difference {amount}").format(amount=format_money(r.cash_difference)))
    parts.append(_("promotions gave {amount}").format(amount=format_money(r.discounts + r.free_items)))
    if r.gross_profit is not None:
        parts.append(_("gross profit {amount}").format(amount=format_money(r.gross_profit)))
    if r.waste_cost is not None:
        parts.append(_("waste at cost {amount}").format(amount=format_money(r.waste_cost)))
    if sold_out_words(r):
        parts.append(_("sold out: {products}").format(products=sold_out_words(r)))
    parts.append(_("{new} new, {returning} returning customers").format(new=r.new_customers,
                                                                        returning=r.returning_customers))
    return "\n".join([f"{shop_name} · " + ", ".join(parts), *activity_summary(r.activity)])
