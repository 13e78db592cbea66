"""Back office → *Copy the shop to another database…*: ``pos db copy`` with a window, off the GUI thread.

The shop this window has open is the source (only read); the owner types the address of an empty database (the
server's, from ``pos server init``, or a new file for a laptop). The copy runs through ``pos.ui.tasks`` with its
progress and a Cancel that rolls it back; afterwards the check (rows and money sums per table) is shown.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from pos.i18n import _, format_number
from pos.services.db_copy import CopyResult, copy_database
from pos.settings import hide_password
from pos.ui.tasks import Runner, TaskBar
from pos.ui.widgets import fill_table, read_only_table

RED = "#b71c1c"


class DbCopyDialog(QDialog):
    def __init__(self, source_url: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source_url = source_url
        self.result: CopyResult | None = None
        self.setWindowTitle(_("Copy the shop to another database"))
        intro = QLabel(_("Copies every table of this shop (sales, customers, ledgers, audit, pictures) into an empty "
                         "database: the shop's server when a second till joins, or a file for a laptop. This "
                         "database is only read. PDFs already saved in the documents folder stay on this computer."))
        intro.setWordWrap(True)
        self.source = QLineEdit(hide_password(source_url))
        self.source.setReadOnly(True)
        self.target = QLineEdit()
        self.target.setPlaceholderText(_("postgresql://postgres:password@192.168.1.10/langganan or "
                                         "sqlite:///home/ani/laptop.db"))
        form = QFormLayout()
        form.addRow(_("From (this shop)"), self.source)
        form.addRow(_("To (an empty database)"), self.target)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = read_only_table([_("Table"), _("What"), _("Source"), _("Copy"), ""])
        self.table.horizontalHeader().setStretchLastSection(False)
        self.copy_button = QPushButton(_("Copy"))
        self.close_button = QPushButton(_("Close"))
        self.task_bar = TaskBar()
        self.runner = Runner(self, self.task_bar)
        self.runner.started.connect(lambda: self._busy(True))
        self.runner.ended.connect(lambda: self._busy(False))
        buttons = QHBoxLayout()
        buttons.addWidget(self.task_bar, 1)
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.copy_button.clicked.connect(lambda: self.start())
        self.close_button.clicked.connect(self.reject)
        self.resize(820, 560)

    def _busy(self, busy: bool) -> None:
        self.copy_button.setEnabled(not busy)
        self.target.setEnabled(not busy)
        self.close_button.setEnabled(not busy)

    def start(self) -> None:
        target = self.target.text().strip()
        if not target:
            self._say(_("Type the address of the empty database to copy into."), error=True)
            self.target.setFocus()
            return
        source = self.source_url
        self.summary.clear()
        self.table.setRowCount(0)
        self.runner.run(lambda progress: copy_database(source, target, progress), self.finished_copy,
                        text=_("Copying the shop…"), failed=lambda message: self._say(message, error=True),
                        cancelled=lambda: self._say(_("Cancelled: nothing was kept in the target.")),
                        cancellable=True, takes_progress=True)

    def finished_copy(self, result: CopyResult) -> None:
        self.result = result
        fill_table(self.table, [(f.table, f.column or _("rows"), format_number(f.source), format_number(f.copy),
                                 _("equal") if f.equal else _("DIFFERENT")) for f in result.figures], right_from=2)
        self._say(_("Copied {rows} rows into {target}; every count and money sum is equal. This shop is unchanged.")
                  .format(rows=format_number(result.rows), target=result.target))

    def _say(self, text: str, *, error: bool = False) -> None:
        self.summary.setText(text)
        self.summary.setStyleSheet(f"color: {RED}" if error else "")

    def reject(self) -> None:
        if self.runner.busy():
            return  # Cancel in the task bar first: the copy rolls back
        super().reject()
