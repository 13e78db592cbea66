"""The jobs that did not print, and those sent to a network printer that did not confirm them: print again,
send to another printer, drop them, or say they came out."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QHBoxLayout, QInputDialog, QLabel, QPushButton,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from pos.i18n import _, format_datetime
from pos.services import print_queue
from pos.services.errors import PosError
from pos.ui.printer import Printer
from pos.ui.widgets import read_only_table, show_error


class PrintQueueDialog(QDialog):
    def __init__(self, printer: Printer, time_zone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.printer, self.time_zone = printer, time_zone
        self.setWindowTitle(_("Print queue"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.hint = QLabel(_("These prints did not reach the printer, or reached a network printer that did not "
                             "confirm them: check whether they came out. The sales themselves are stored."))
        self.hint.setWordWrap(True)
        self.table = read_only_table([_("Time"), _("What"), _("Printer"), _("Problem")])
        self.retry_button = QPushButton(_("Try again"))
        self.elsewhere_button = QPushButton(_("Print elsewhere…"))
        self.drop_button = QPushButton(_("Do not print"))
        self.came_out_button = QPushButton(_("It came out"))
        self.close_button = QPushButton(_("Close"))
        buttons = QHBoxLayout()
        for b in (self.retry_button, self.elsewhere_button, self.drop_button, self.came_out_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.retry_button.clicked.connect(self.retry)
        self.elsewhere_button.clicked.connect(self.elsewhere)
        self.drop_button.clicked.connect(self.drop)
        self.came_out_button.clicked.connect(self.came_out)
        self.close_button.clicked.connect(self.accept)
        printer.finished.connect(self.job_finished)
        self.table.itemSelectionChanged.connect(self.update_buttons)
        self.resize(900, 360)
        self.refresh()

    def refresh(self) -> None:
        self.jobs = print_queue.queue_jobs(self.printer.till_id)
        self.table.setRowCount(len(self.jobs))
        for row, job in enumerate(self.jobs):
            problem = _("sending…") if job.id in self.printer.tasks else job.error
            if job.unconfirmed and job.id not in self.printer.tasks:
                problem = _("Sent, not confirmed: {reason}").format(reason=job.error) if job.error else _(
                    "Sent, not confirmed: check that it came out")
            for col, text in enumerate((format_datetime(job.created_at, self.time_zone), job.title, job.printer_url,
                                        problem)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)  # a long reason is cut in the column
                self.table.setItem(row, col, item)
        for col in range(3):
            self.table.resizeColumnToContents(col)
        if self.jobs and not self.table.selectedItems():
            self.table.selectRow(0)
        self.update_buttons()

    def job_finished(self, _job: print_queue.Job) -> None:
        self.refresh()

    def update_buttons(self) -> None:
        """A print being sent cannot be moved or dropped (it could come out twice)."""
        job = self.selected()
        free = job is not None and job.id not in self.printer.tasks
        for b in (self.retry_button, self.elsewhere_button):
            b.setEnabled(free)
        self.drop_button.setEnabled(free and not job.unconfirmed)
        self.came_out_button.setEnabled(free and job.unconfirmed)

    def selected(self) -> print_queue.Job | None:
        row = self.table.currentRow()
        return self.jobs[row] if 0 <= row < len(self.jobs) else None

    def retry(self) -> None:
        job = self.selected()
        if job is not None and job.id not in self.printer.tasks:
            try:
                self.printer.print_again(job)
            except PosError as exc:
                show_error(self, str(exc))
            self.refresh()

    def elsewhere(self) -> None:
        job = self.selected()
        if job is None or job.id in self.printer.tasks:
            return
        url, ok = QInputDialog.getText(self, _("Print elsewhere"), _("Printer address, e.g. tcp://192.168.1.51:9100"),
                                       text=job.printer_url)
        if not ok or not url.strip():
            return
        try:
            new = print_queue.redirect(job.id, self.printer.config(url.strip()))
        except PosError as exc:
            show_error(self, str(exc))
            return
        self.printer.send(new)
        self.refresh()

    def came_out(self) -> None:
        job = self.selected()
        if job is not None and job.unconfirmed and job.id not in self.printer.tasks:
            try:
                print_queue.came_out(job.id)
            except PosError as exc:
                show_error(self, str(exc))
            self.refresh()

    def drop(self) -> None:
        job = self.selected()
        if job is not None and job.id not in self.printer.tasks:
            print_queue.cancel(job.id)
            self.refresh()
