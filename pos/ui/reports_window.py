"""The day's recap on screen (Ctrl+R): the figures, payments and cash, sales by hour as bars, what sold and
what the promotions gave; printed, as PDF, as CSV or sent to the owner's WhatsApp."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (QComboBox, QDateEdit, QDialog, QGridLayout, QHBoxLayout, QLabel, QPushButton,
                               QTabWidget, QVBoxLayout, QWidget)

from pos.ui.choice_rows import choice_rows
from pos.domain.recap import Recap
from pos.i18n import _, format_date, format_money, format_number
from pos.money import Money
from pos.printing.activity import activity_rows
from pos.printing.recap import (arithmetic, cash_rows, headline, kasbon_rows, ledgers, method_words, notes,
                                payments_total)
from pos.services.errors import PosError
from pos.services.clock import today as shop_today
from pos.services.recap import day_recap, opening_day, parse_day, recap_outputs
from pos.ui.charts import HourChart
from pos.ui.figure_tables import fill_figures, make_bold, show_every_row, summary_table
from pos.ui.widgets import fill_table, read_only_table, show_error


def _gp(amount) -> str:
    """Gross profit, or a dash where no cost was known."""
    return format_money(amount) if amount is not None else "–"


class ReportsWindow(QDialog):
    def __init__(self, *, till_id: str, printer=None, parent: QWidget | None = None,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.till_id, self.printer = till_id, printer
        self.today = today or shop_today()
        self.setWindowTitle(_("Day recap"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.opened_on = opening_day(self.today)  # the demo before today's first sale: the last day with sales
        self.day = QDateEdit(QDate(self.opened_on))
        self.today_button = QPushButton(_("Today"))
        self.day_note = QLabel()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd-MM-yyyy")
        self.till = QComboBox()
        self.till.addItem(_("All tills"), None)
        self.till.addItem(_("This till ({till})").format(till=till_id), till_id)
        self.figures = summary_table([_("The day"), _("Amount")])
        self.money = summary_table([_("Payments and cash"), _("Amount")])
        self.chart = HourChart()
        self.items = summary_table([_("Best sellers (after refunds)"), _("Qty"), _("Amount"), _("Gross profit")])
        self.arithmetic = QLabel(arithmetic())  # how the day's figures add up, said once
        self.arithmetic.setStyleSheet("color: #555; font-size: 9pt;")
        self.given = summary_table([_("Promotion"), _("Gave"), _("Times")])
        self.options_asked = summary_table([_("Options asked"), _("Qty"), _("Amount")])
        self.people = summary_table([_("Customers"), _("Sales"), _("Amount")])
        self.top = summary_table([_("Top customers"), _("Sales"), _("Amount")])
        self.print_button = QPushButton(_("Print"))
        self.pdf_button = QPushButton(_("PDF"))
        self.csv_button = QPushButton(_("CSV"))
        self.whatsapp_button = QPushButton(_("Send to my WhatsApp"))
        self.close_button = QPushButton(_("Close"))
        top = QHBoxLayout()
        for w in (QLabel(_("Day")), self.day, self.today_button, self.till, self.day_note):
            top.addWidget(w)
        top.addStretch(1)
        top.addWidget(self.arithmetic)
        grid = QGridLayout()  # the figures and the cash check whole at the top; lists that may scroll below
        grid.addWidget(self.figures, 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.money, 0, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.chart, 0, 2, 1, 2)
        grid.addWidget(self.given, 1, 0)
        grid.addWidget(self.people, 1, 1)
        grid.addWidget(self.top, 1, 2)
        best_and_options = QVBoxLayout()  # the options asked under the best sellers, in their column only
        best_and_options.addWidget(self.items, 1)
        best_and_options.addWidget(self.options_asked, 1)
        grid.addLayout(best_and_options, 1, 3)
        grid.setRowStretch(1, 1)
        for column in range(4):
            grid.setColumnStretch(column, 1)
        buttons = QHBoxLayout()
        for b in (self.print_button, self.pdf_button, self.csv_button, self.whatsapp_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        day_tab = QWidget()
        day_layout = QVBoxLayout(day_tab)
        day_layout.addLayout(top)
        day_layout.addLayout(grid, 1)
        day_layout.addLayout(buttons)
        from pos.ui.period_tab import PeriodTab

        self.period = PeriodTab(self.today)
        self.tabs = QTabWidget()
        self.tabs.addTab(day_tab, _("The day"))
        self.tabs.addTab(self.period, _("A period"))
        self.activity = read_only_table([_("Time"), _("Till"), _("Kind"), _("Who"), _("Approved by"), _("Details")])
        self.activity_day = QLabel()
        activity_tab = QWidget()
        activity_layout = QVBoxLayout(activity_tab)
        activity_layout.addWidget(self.activity_day)
        activity_layout.addWidget(self.activity, 1)
        self.tabs.addTab(activity_tab, _("Till activity"))
        closing = QHBoxLayout()
        closing.addStretch(1)
        closing.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(closing)
        self.day.dateChanged.connect(lambda _d: self.refresh())
        self.till.currentIndexChanged.connect(lambda _i: self.refresh())
        self.today_button.clicked.connect(lambda: self.day.setDate(QDate(self.today)))
        self.print_button.clicked.connect(self.print_recap)
        self.pdf_button.clicked.connect(lambda: self.save("pdf"))
        self.csv_button.clicked.connect(lambda: self.save("csv"))
        self.whatsapp_button.clicked.connect(self.whatsapp)
        self.close_button.clicked.connect(self.accept)
        self.tabs.currentChanged.connect(lambda _i: self.period.refresh() if self.tabs.currentWidget() is
                                         self.period and self.period.report is None else None)
        self.resize(1250, 720)
        self.refresh()

    def refresh(self) -> None:
        try:
            day = parse_day(self.day.date().toPython().isoformat(), self.today)
            self.recap: Recap = day_recap(day, self.till.currentData())
        except PosError as exc:
            show_error(self, str(exc))
            return
        r = self.recap
        self.today_button.setVisible(day != self.today)
        note = ""
        if day == self.opened_on != self.today:  # opened on an earlier day: say so
            note = (_("No sales yet today — showing yesterday, {day}") if day == self.today - dt.timedelta(days=1)
                    else _("No sales yet today — showing the last day with sales, {day}")).format(day=format_date(day))
        self.day_note.setText(note)
        self.outputs = recap_outputs(r)
        rows = [(_("Number of sales"), format_number(r.sales_count)), (_("Average basket"),
                                                                       format_money(r.average_basket))]
        rows += [(label, format_money(amount)) for label, amount in headline(r)]
        rows += [(label, format_money(amount)) for label, amount in notes(r)]
        if r.gross_profit is not None:
            rows.append((_("Gross profit of the day"), format_money(r.gross_profit)))
        fill_figures(self.figures, rows, right_from=1)
        money = [(method_words(m), format_money(a)) for m, a in r.by_method]
        money += [(_("Payments = net sales"), format_money(payments_total(r)))]
        money += [(label, format_money(a)) for label, a in kasbon_rows(r)]
        money += [(label, format_money(a)) for label, a in ledgers(r)]
        money += [(label, format_money(a) if a is not None else "-") for label, a in cash_rows(r)]
        fill_figures(self.money, money, right_from=1)
        make_bold(self.figures, {_("Sales"), _("Net sales")})
        make_bold(self.money, {label for label, _a in cash_rows(r)} | {_("Payments = net sales")})
        for table in (self.figures, self.money):
            show_every_row(table)
        self.chart.show_figures(r.by_hour)
        fill_figures(self.items, [(i.product, format_number(i.quantity), format_money(i.amount),
                                   _gp(i.gross_profit)) for i in r.items]
                     + [(_("Items after refunds"), "", format_money(r.items_total), _gp(r.gross_profit))],
                     right_from=1)
        fill_figures(self.options_asked, choice_rows(r.choices), right_from=1)  # sizes, sugar, extras (#24)
        self.options_asked.setVisible(bool(r.choices))
        make_bold(self.items, {_("Items after refunds")})
        fill_figures(self.given, [(g.promotion or _("tier prices"), format_money(g.discounts + g.free_items),
                                 format_number(g.times)) for g in r.given], right_from=1)
        people = [(f.label, format_number(f.count), format_money(f.amount)) for f in (r.walk_in, r.known)]
        people += [(_("New customers"), format_number(r.new_customers), ""),
                   (_("Returning customers"), format_number(r.returning_customers), "")]
        people += [(_("Tier: {name}").format(name=f.label) + (_(" · gross profit {amount}").format(
            amount=format_money(f.gross_profit)) if f.gross_profit is not None else ""), format_number(f.count),
            format_money(f.amount)) for f in r.by_tier]
        people.append((_("Pre-orders tomorrow"), format_number(len(r.preorders_tomorrow)),
                       format_money(Money(sum(t.minor for *_rest, t in r.preorders_tomorrow)))))
        fill_figures(self.people, people, right_from=1)
        fill_figures(self.top, [(f.label, format_number(f.count), format_money(f.amount)) for f in r.top_customers],
                   right_from=1)
        self._show_activity(r)

    def _show_activity(self, r: Recap) -> None:
        """The day's drawer openings, manual prices, voids …, with who approved them: the tab says how many."""
        fill_table(self.activity, activity_rows(r.activity))
        self.activity_day.setText(_("{day}, {till}: drawer openings, manual prices, voids, refunds, exports of phone "
                                    "numbers and wrong PINs, with who approved them.").format(
            day=format_date(r.day), till=r.till or _("all tills")))
        self.tabs.setTabText(self.tabs.indexOf(self.activity.parentWidget()),
                             _("Till activity ({n})").format(n=len(r.activity)) if r.activity else _("Till activity"))

    def print_recap(self) -> None:
        if self.printer is None or not self.printer.configured:
            show_error(self, _("No printer is set up on this till: choose one in the printer settings."))
            return
        from pos.services import print_queue

        day, till = self.recap.day, self.recap.till
        self.printer.submit(lambda config: print_queue.queue_recap(day, till, self.till_id, config))

    def save(self, kind: str) -> None:
        from pos.ui.documents import save_and_open

        self.document = save_and_open(f"rekap-{self.recap.day.isoformat()}.{kind}", self.outputs[kind](), self)

    def whatsapp(self) -> None:
        from pos.ui.documents import open_link

        if not self.outputs["link"]:
            show_error(self, _("Put the shop's WhatsApp number in the settings first."))
            return
        open_link(self.outputs["link"])
