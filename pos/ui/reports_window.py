"""The day's recap on screen (Ctrl+R): the figures, payments and cash, sales by hour as bars, what sold and
what the promotions gave; printed, as PDF, as CSV or sent to the owner's WhatsApp."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (QComboBox, QDateEdit, QDialog, QGridLayout, QHBoxLayout, QLabel, QPushButton,
                               QTabWidget, QVBoxLayout, QWidget)

from pos.domain.recap import Recap
from pos.i18n import _, format_date, format_money, format_number
from pos.printing.recap import cash_rows, headline, ledgers, method_words
from pos.services.errors import PosError
from pos.services.clock import today as shop_today
from pos.services.recap import day_recap, opening_day, parse_day, recap_outputs
from pos.ui.charts import HourChart
from pos.ui.widgets import fill_table, read_only_table, show_error


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
        self.figures = read_only_table([_("The day"), _("Amount")])
        self.money = read_only_table([_("Payments and cash"), _("Amount")])
        self.chart = HourChart()
        self.items = read_only_table([_("Product"), _("Qty"), _("Amount")])
        self.given = read_only_table([_("Promotion"), _("Gave"), _("Times")])
        self.people = QLabel()
        self.people.setWordWrap(True)
        self.print_button = QPushButton(_("Print"))
        self.pdf_button = QPushButton(_("PDF"))
        self.csv_button = QPushButton(_("CSV"))
        self.whatsapp_button = QPushButton(_("Send to my WhatsApp"))
        self.close_button = QPushButton(_("Close"))
        top = QHBoxLayout()
        for w in (QLabel(_("Day")), self.day, self.today_button, self.till, self.day_note):
            top.addWidget(w)
        top.addStretch(1)
        grid = QGridLayout()
        grid.addWidget(self.figures, 0, 0)
        grid.addWidget(self.chart, 0, 1)
        grid.addWidget(self.money, 1, 0)
        grid.addWidget(self.items, 1, 1)
        grid.addWidget(self.given, 2, 0)
        grid.addWidget(self.people, 2, 1)
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
        fill_table(self.figures, rows, right_from=1)
        money = [(method_words(m), format_money(a)) for m, a in r.by_method]
        money += [(label, format_money(a)) for label, a in ledgers(r)]
        money += [(label, format_money(a) if a is not None else "-") for label, a in cash_rows(r)]
        fill_table(self.money, money, right_from=1)
        self.chart.show_figures(r.by_hour)
        fill_table(self.items, [(i.product, format_number(i.quantity), format_money(i.amount)) for i in r.items],
                   right_from=1)
        fill_table(self.given, [(g.promotion or _("tier prices"), format_money(g.discounts + g.free_items),
                                 str(g.times)) for g in r.given], right_from=1)
        tiers = ", ".join(f"{f.label} {f.count}" for f in r.by_tier)
        top = ", ".join(f"{f.label} ({format_money(f.amount)})" for f in r.top_customers[:5])
        self.people.setText("<br>".join([
            _("Walk-in: {n} · customers from the book: {m}").format(n=r.walk_in.count, m=r.known.count),
            _("New: {new} · returning: {back}").format(new=r.new_customers, back=r.returning_customers),
            _("By tier: {tiers}").format(tiers=tiers or "-"), _("Top customers: {top}").format(top=top or "-"),
            _("Pre-orders tomorrow: {n}").format(n=len(r.preorders_tomorrow))]))

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
