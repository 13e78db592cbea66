"""This till's printer: where it is, its paper, the cash drawer; and a test print before saving."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout,
                               QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget)

from pos.i18n import _
from pos.printing.transport import PrintFailed, find_printers, parse_printer_url
from pos.services import print_queue
from pos.services.errors import PosError
from pos.services.bar_tickets import STATIONS, category_stations, set_category_stations, station_words
from pos.services.printer_settings import save_printer_settings
from pos.settings import MachineSettings
from pos.ui.printer import Printer
from pos.ui.widgets import show_error

PROFILE_NAMES = {"": "", "generic58": "58 mm", "generic80": "80 mm", "sunmi58": "Sunmi 58 mm"}


class PrinterSettingsDialog(QDialog):
    def __init__(self, settings: MachineSettings, printer: Printer, parent: QWidget | None = None, *,
                 owner_pin: str = "") -> None:
        """``owner_pin``: the owner's PIN given to open the dialog; saving checks it again (in the service)."""
        super().__init__(parent)
        self.settings, self.printer, self.owner_pin = settings, printer, owner_pin
        self.setWindowTitle(_("Printer"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.url = QComboBox()
        self.url.setEditable(True)
        self.url.setMinimumWidth(420)
        self.url.lineEdit().setPlaceholderText("tcp://192.168.1.50:9100")
        self.found = QLabel()
        self.found.setWordWrap(True)
        self.search_button = QPushButton(_("Look for printers"))
        self.paper = QComboBox()
        for width in (58, 80):
            self.paper.addItem(f"{width} mm", width)
        self.profile = QComboBox()
        self.profile.addItem(_("By the paper width"), "")
        for key in ("generic58", "generic80", "sunmi58"):
            self.profile.addItem(PROFILE_NAMES[key], key)
        self.drawer = QCheckBox(_("A cash drawer is plugged into the printer"))
        self.receipts = QCheckBox(_("Print a receipt after each sale"))
        self.logo = QComboBox()
        self.logo.setEditable(True)
        self.logo_button = QPushButton(_("Choose…"))
        self.help = QLabel(_("USB: usb://VID:PID · Bluetooth: serial://COM5 or serial:///dev/rfcomm0 · network: "
                             "tcp://HOST:9100 · Windows printer: win32://Name · a file: file:///path"))
        self.help.setWordWrap(True)
        self.help.setStyleSheet("color: #555;")
        self.station_urls = {station: QLineEdit(settings[f"{station}_printer_url"]) for station in STATIONS}
        for field in self.station_urls.values():
            field.setPlaceholderText(_("none: no tickets printed there"))
        self.categories = category_stations()
        self.routes: dict[int, QComboBox] = {}
        for category in self.categories:
            combo = QComboBox()
            for station in ("", *STATIONS):
                combo.addItem(station_words(station), station)
            combo.setCurrentIndex(max(0, combo.findData(category.station)))
            self.routes[category.category_id] = combo
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.test_button = QPushButton(_("Test print"))
        self.save_button = QPushButton(_("Save"))
        self.cancel_button = QPushButton(_("Cancel"))

        url_row = QHBoxLayout()
        url_row.addWidget(self.url, 1)
        url_row.addWidget(self.search_button)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo, 1)
        logo_row.addWidget(self.logo_button)
        form = QFormLayout()
        form.addRow(_("Printer address"), url_row)
        form.addRow("", self.found)
        form.addRow("", self.help)
        form.addRow(_("Paper"), self.paper)
        form.addRow(_("Printer kind"), self.profile)
        form.addRow("", self.drawer)
        form.addRow("", self.receipts)
        form.addRow(_("Logo on receipts"), logo_row)
        tickets = QGroupBox(_("Tickets for the bar and the kitchen"))
        ticket_form = QFormLayout(tickets)
        for station, field in self.station_urls.items():
            ticket_form.addRow(_("{station} printer").format(station=station_words(station)), field)
        for category in self.categories:
            ticket_form.addRow(_("{category}: tickets to").format(category=category.name.replace("&", "&&")),
                               self.routes[category.category_id])
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(tickets)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

        self.url.setEditText(settings["printer_url"])
        self.paper.setCurrentIndex(max(0, self.paper.findData(settings["paper_width"])))
        self.profile.setCurrentIndex(max(0, self.profile.findData(settings["printer_profile"])))
        self.drawer.setChecked(settings["cash_drawer"])
        self.receipts.setChecked(settings["print_receipts"])
        self.logo.setEditText(settings["receipt_logo"])
        self.search_button.clicked.connect(self.look_for_printers)
        self.logo_button.clicked.connect(self.choose_logo)
        self.test_button.clicked.connect(self.test_print)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        printer.finished.connect(self.tested)
        printer.refused.connect(self.refused)
        self.look_for_printers()

    def look_for_printers(self) -> None:
        found = find_printers()
        current = self.url.currentText()
        self.url.clear()
        for url, description in found:
            self.url.addItem(url)
            self.url.setItemData(self.url.count() - 1, description)
        self.url.setEditText(current)
        self.found.setText(_("Found: {list}").format(list=", ".join(d for _u, d in found)) if found
                           else _("No USB printer found (a network or Windows printer is typed in)."))

    def choose_logo(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Logo on receipts"), "",
                                                    _("Pictures (*.png *.jpg *.jpeg *.bmp)"))
        if path:
            self.logo.setEditText(path)

    def values(self) -> dict:
        return {"printer_url": self.url.currentText().strip(), "paper_width": self.paper.currentData(),
                "printer_profile": self.profile.currentData(), "cash_drawer": self.drawer.isChecked(),
                "print_receipts": self.receipts.isChecked(), "receipt_logo": self.logo.currentText().strip(),
                **{f"{station}_printer_url": field.text().strip() for station, field in self.station_urls.items()}}

    def _checked(self) -> dict | None:
        values = self.values()
        for key in ("printer_url", *(f"{station}_printer_url" for station in STATIONS)):
            if values[key]:
                try:
                    parse_printer_url(values[key])
                except PrintFailed as exc:
                    show_error(self, str(exc))
                    return None
        return values

    def stations(self) -> dict[int, str]:
        """Each category's ticket printer as chosen here."""
        return {category_id: combo.currentData() for category_id, combo in self.routes.items()}

    def test_print(self) -> None:
        """A test page on the printer as typed here (nothing is saved)."""
        values = self._checked()
        if values is None:
            return
        if not values["printer_url"]:
            show_error(self, _("Type the printer's address first."))
            return
        trial = MachineSettings(path=self.settings.path)
        for key, value in {**self.settings.values, **values}.items():
            trial.values[key] = value
        config = print_queue.printer_config(trial)
        self.status.setText(_("Sending a test page to {printer}…").format(printer=config.url))
        self.testing = True  # a refusal while storing the test page is shown here, not on the sale screen
        try:
            self.test_job = self.printer.submit(
                lambda _config: print_queue.queue_test_page(self.printer.till_id, config))
        finally:
            self.testing = False

    def refused(self, message: str) -> None:
        if getattr(self, "testing", False):
            self.status.setText(message)
            self.status.setStyleSheet("color: #b71c1c;")

    def tested(self, job: print_queue.Job) -> None:
        if getattr(self, "test_job", None) is None or job.id != self.test_job.id:
            return
        if job.status == print_queue.PRINTED:
            self.status.setText(_("The test page went to the printer. Check it is sharp and within the paper."))
            self.status.setStyleSheet("color: #1b5e20;")
        elif job.unconfirmed:
            self.status.setText(
                _("The test page was sent, but the printer did not confirm it: {reason}.").format(reason=job.error)
                if job.error else
                _("The test page was sent, but the printer did not confirm it. If it came out, add ?status=1 to "
                  "the printer's address to have every print confirmed."))
            self.status.setStyleSheet("color: #8d6e00;")
        else:
            self.status.setText(job.error)
            self.status.setStyleSheet("color: #b71c1c;")

    def save(self) -> None:
        values = self._checked()
        if values is None:
            return
        try:
            save_printer_settings(self.settings, values, owner_pin=self.owner_pin, till_id=self.printer.till_id)
            set_category_stations(self.stations(), owner_pin=self.owner_pin, till_id=self.printer.till_id)
        except PosError as exc:  # a wrong PIN, a bad value, a file that cannot be written: nothing changed
            show_error(self, str(exc))
            return
        self.accept()
