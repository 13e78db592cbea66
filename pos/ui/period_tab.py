"""The recap window's second tab: a period by day, week or month; best sellers; what each promotion did;
the returning-customer rate of each month."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pos.ui.choice_rows import choice_rows
from pos.i18n import _, format_money, format_number, format_period
from pos.services.reports import period_report
from pos.ui.charts import MonthChart
from pos.ui.figure_tables import fill_figures, show_every_row, summary_table
from pos.ui.tasks import Runner, TaskBar


def _gp(amount) -> str:
    """Gross profit, or a dash where no cost was known."""
    return format_money(amount) if amount is not None else "–"


class PeriodTab(QWidget):
    def __init__(self, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        first = today.replace(day=1)
        self.start, self.end = QDateEdit(QDate(first)), QDateEdit(QDate(today))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd-MM-yyyy")
        self.by = QComboBox()
        for code, label in (("day", _("Day")), ("week", _("Week")), ("month", _("Month"))):
            self.by.addItem(label, code)
        self.show_button = QPushButton(_("Show"))
        self.pdf_button = QPushButton(_("PDF"))
        self.csv_button = QPushButton(_("CSV"))
        self.summary = QLabel()
        self.rows = summary_table([_("Period"), _("Sales"), _("Customers"), _("Refunds"), _("Net sales"),
                                   _("Gross profit")])
        self.products = summary_table([_("Product"), _("Qty"), _("Amount"), _("Gross profit")], numbered=True)
        self.promotions = summary_table([_("Promotion"), _("Fired"), _("Gave"), _("Sales it was in"),
                                         _("Gave at cost price")])
        self.returning = summary_table([_("Month"), _("Customers who bought"), _("Had bought before"),
                                        _("Returning rate")])
        self.groups = summary_table([_("Category, tier or group"), _("Sales"), _("Amount"), _("Gross profit")])
        self.chart = MonthChart()
        self.chart.chart().setTitle(_("Returning rate per month"))
        self.chart.setMinimumHeight(270)  # room for the axis titles beside a short plot
        top = QHBoxLayout()
        for w in (QLabel(_("From")), self.start, QLabel(_("To")), self.end, self.by, self.show_button,
                  self.pdf_button, self.csv_button):
            top.addWidget(w)
        top.addStretch(1)
        left, right = QVBoxLayout(), QVBoxLayout()
        for column, widgets in ((left, ((self.rows, 3), (self.promotions, 2), (self.returning, 0))),
                                (right, ((self.products, 1), (self.groups, 1), (self.chart, 0)))):
            for widget, stretch in widgets:
                column.addWidget(widget, stretch)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        self.task_bar = TaskBar()
        self.runner = Runner(self, self.task_bar)
        self.runner.started.connect(lambda: self._buttons(False))
        self.runner.ended.connect(lambda: self._buttons(True))
        layout.addWidget(self.task_bar)
        layout.addLayout(columns, 1)
        self.show_button.clicked.connect(self.refresh)
        self.pdf_button.clicked.connect(lambda: self.save("pdf"))
        self.csv_button.clicked.connect(lambda: self.save("csv"))
        self.report = None

    def _buttons(self, enabled: bool) -> None:
        for button in (self.show_button, self.pdf_button, self.csv_button):
            button.setEnabled(enabled)

    def refresh(self, then=None) -> None:
        """Build the report off the GUI thread (a month of a busy shop takes a while); ``then()`` after it shows."""
        start, end, by = self.start.date().toPython(), self.end.date().toPython(), self.by.currentData()

        def shown(report) -> None:
            self.show_report(report)
            if then is not None:
                then()

        self.runner.run(lambda: period_report(start, end, by), shown, text=_("Adding up the period…"),
                        cancellable=True)

    def show_report(self, r) -> None:
        self.report = r
        self.summary.setText(_("{n} sales, {amount}; refunds {refunds}; net sales {net}").format(
            n=r.total_sales, amount=format_money(r.sales_amount), refunds=format_money(r.refunds_total),
            net=format_money(r.total_amount)))
        fill_figures(self.rows, [(format_period(row.label), format_number(row.sales), format_number(row.customers),
                                  format_money(row.refunds), format_money(row.amount), _gp(row.gross_profit))
                                 for row in r.rows])
        fill_figures(self.products, [(p.name, format_number(p.quantity), format_money(p.amount), _gp(p.gross_profit))
                                     for p in r.products[:50]] + choice_rows(r.choices))
        fill_figures(self.promotions, [(e.promotion, format_number(e.fired), format_money(e.discounts + e.free_items),
                                        format_money(e.sales_total), _gp(e.cost_at_cost)) for e in r.promotions])
        fill_figures(self.returning, [(format_period(m.month), format_number(m.buyers), format_number(m.returning),
                                       f"{m.rate * 100:.0f}%") for m in r.returning])
        show_every_row(self.returning)
        groups = [(_("Category"), r.categories), (_("Price tier"), r.tiers), (_("Customer group"), r.segments)]
        fill_figures(self.groups, [(f"{title}: {g.name}", format_number(g.sales), format_money(g.amount),
                                    _gp(g.gross_profit)) for title, ranked in groups for g in ranked])
        self.chart.show_rates(r.returning)

    def save(self, kind: str) -> None:
        """The report shown as a PDF or CSV, written off the GUI thread, then opened."""
        from pos.services.shop_settings import shop_settings

        if self.report is None:
            self.refresh(then=lambda: self.save(kind))
            return
        r, shop_name = self.report, shop_settings().shop_name

        def make() -> bytes:
            from pos.printing.report_pdf import report_csv, report_pdf

            return report_pdf(r, shop_name) if kind == "pdf" else report_csv(r)

        self.runner.run(make, lambda data: self._open(f"laporan-{r.start.isoformat()}-{r.end.isoformat()}.{kind}",
                                                      data), text=_("Writing the report…"))

    def _open(self, name: str, data: bytes) -> None:
        from pos.ui.documents import save_and_open

        self.document = save_and_open(name, data, self)
