"""Charts on screen (QtCharts): the day's sales by hour, and returning and new customers per month.

QtCharts loads only when a window with a chart opens, so the till's start does not pay for it.
"""

from __future__ import annotations

from PySide6.QtCharts import (QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QLineSeries,
                              QValueAxis)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QWidget

from pos.i18n import _, format_month

GREEN, BLUE, ORANGE = QColor("#2e7d32"), QColor("#90caf9"), QColor("#ef6c00")  # light bars: labels over them


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    font = QFont(chart.titleFont())
    font.setBold(True)
    chart.setTitleFont(font)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(0)
    return chart


def _reset(chart: QChart) -> None:
    chart.removeAllSeries()
    for axis in chart.axes():
        chart.removeAxis(axis)


def _value_axis(top: float, label_format: str, title: str = "", nice: bool = True) -> QValueAxis:
    axis = QValueAxis()
    axis.setRange(0, top)
    axis.setLabelFormat(label_format)
    axis.setTickCount(5)
    if nice:
        axis.applyNiceNumbers()  # 0, 10, 20… rather than 0, 33, 67
    if title:
        _title(axis, title)
    return axis


def _title(axis, title: str) -> None:
    """An axis title in the labels' size, not bold: a short chart keeps room for all its words."""
    axis.setTitleText(title)
    font = QFont(axis.labelsFont())
    font.setBold(False)
    axis.setTitleFont(font)


class HourChart(QChartView):
    """Sales by hour as bars (amount in thousands of rupiah); each hour's label carries its number of sales, as
    the axis title says."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_chart(_("Sales by hour")), parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        self.chart().legend().hide()
        self.figures = ()

    def show_figures(self, figures) -> None:
        self.figures = tuple(figures)
        chart = self.chart()
        _reset(chart)
        if not self.figures:
            chart.setTitle(_("Sales by hour") + " · " + _("No sales on this day."))
            return
        chart.setTitle(_("Sales by hour"))
        bars = QBarSet(_("Sales"))
        bars.setColor(GREEN)
        for f in self.figures:
            bars.append(f.amount.minor / 1000)
        series = QBarSeries()
        series.append(bars)
        chart.addSeries(series)
        hours = QBarCategoryAxis()
        hours.append([f"{f.label[:2]}\n({f.count})" for f in self.figures])
        _title(hours, _("Hour (number of sales)"))
        chart.addAxis(hours, Qt.AlignmentFlag.AlignBottom)
        amounts = _value_axis(max(f.amount.minor for f in self.figures) / 1000 * 1.1, "%.0f", _("Rp thousand"))
        chart.addAxis(amounts, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(hours)
        series.attachAxis(amounts)

    def labels(self) -> list[str]:
        """The hours under the bars, as shown (for tests)."""
        axes = self.chart().axes(Qt.Orientation.Horizontal)
        return list(axes[0].categories()) if axes else []


class MonthChart(QChartView):
    """Per month: new customers as bars, and the returning-customer rate (%) as a line on its own axis."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_chart(_("Returning and new customers per month")), parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(260)
        self.rates = ()

    def show_rates(self, rates) -> None:
        self.rates = tuple(rates)
        chart = self.chart()
        _reset(chart)
        if not self.rates:
            return
        new = QBarSet(_("New customers"))
        new.setColor(BLUE)
        for r in self.rates:
            new.append(r.new)
        bars = QBarSeries()
        bars.append(new)
        line = QLineSeries()
        line.setName(_("Returning rate (%)"))
        line.setPen(QPen(ORANGE, 3))
        line.setPointsVisible(True)
        line.setPointLabelsVisible(True)
        line.setPointLabelsFormat("@yPoint%")
        line.setPointLabelsClipping(False)
        line.setPointLabelsColor(QColor("#bf360c"))
        for i, r in enumerate(self.rates):
            if r.buyers:  # a month without buyers has no rate, not a rate of 0 %
                line.append(i, round(r.rate * 100))
        chart.addSeries(bars)
        chart.addSeries(line)
        months = QBarCategoryAxis()
        months.append([format_month(r.month) for r in self.rates])
        chart.addAxis(months, Qt.AlignmentFlag.AlignBottom)
        counts = _value_axis(max(max(r.new for r in self.rates), 4) * 1.1, "%.0f", _("New customers"))
        percent = _value_axis(100, "%.0f%%", _("Returning rate (%)"), nice=False)
        chart.addAxis(counts, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(percent, Qt.AlignmentFlag.AlignRight)
        for series, axis in ((bars, counts), (line, percent)):
            series.attachAxis(months)
            series.attachAxis(axis)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
