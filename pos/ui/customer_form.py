"""Adding or editing a customer: every field of the profile, checked by the service on Save."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QGridLayout,
                               QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QWidget)

from pos.i18n import _, format_datetime
from pos.money import parse_amount
from pos.services import clock
from pos.services.customer_profile import (CONSENT_SOURCES, Profile, choices, load_profile, profile_needs_owner,
                                           save_profile)
from pos.services.customers import DuplicatePhone
from pos.services.errors import PosError
from pos.services.shop_settings import shop_settings
from pos.ui.widgets import amount_text, ask_owner_pin, dialog_buttons, show_error


class CustomerFormDialog(QDialog):
    saved = Signal(int)  # the customer's id
    open_other = Signal(int)  # the cashier chose to open the customer who has the number already

    def __init__(self, customer_id: int | None = None, staff_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.customer_id, self.staff_id = customer_id, staff_id
        self.loaded = load_profile(customer_id) if customer_id else Profile()
        p = self.loaded
        lists = choices(keep_segments=p.segments, keep_source=p.source)
        self.setWindowTitle(_("Edit {name}").format(name=p.name) if customer_id else _("New customer"))
        self.name = QLineEdit(p.name)
        self.phone = QLineEdit(p.phone)
        self.phone.setPlaceholderText("0812-3456-7890")
        self.tier = QComboBox()
        for code, name in lists.tiers:
            self.tier.addItem(name, code)
        self.tier.setCurrentIndex(max(0, self.tier.findData(p.tier)))
        self.segment_boxes: dict[str, QCheckBox] = {}
        segments = QGridLayout()  # four a row: a shop with many groups still fits the form
        for i, (code, name) in enumerate(lists.segments):
            box = self.segment_boxes[code] = QCheckBox(name)
            box.setChecked(code in p.segments)
            segments.addWidget(box, i // 4, i % 4)
        self.source = QComboBox()
        self.source.addItem(_("(not known)"), None)
        for code, name in lists.sources:
            self.source.addItem(name, code)
        self.source.setCurrentIndex(max(0, self.source.findData(p.source)))
        self.referred_by = QLineEdit(p.referred_by)
        self.referred_by.setPlaceholderText(_("Member code, e.g. LG00012"))
        self.village = QLineEdit(p.village)
        self.address = QLineEdit(p.address)
        self.birthday_known = QCheckBox(_("Known"))
        self.birthday = QDateEdit()
        self.birthday.setDisplayFormat("dd-MM-yyyy")
        self.birthday.setCalendarPopup(True)
        self.birthday.setDate(QDate(p.birthday) if p.birthday else QDate(1990, 1, 1))
        self.birthday_known.setChecked(p.birthday is not None)
        self.birthday.setEnabled(p.birthday is not None)
        self.birthday_known.toggled.connect(self.birthday.setEnabled)
        birthday = QHBoxLayout()
        birthday.addWidget(self.birthday_known)
        birthday.addWidget(self.birthday, 1)
        self.credit_limit = QLineEdit(amount_text(p.credit_limit))
        self.credit_limit.setPlaceholderText(_("Empty: no kasbon"))
        self.terms = QLineEdit("" if p.payment_terms_days is None else str(p.payment_terms_days))
        self.terms.setPlaceholderText(_("Empty: the shop's {days} days").format(
            days=shop_settings().payment_terms_days))
        self.notes = QPlainTextEdit(p.notes)
        self.notes.setMaximumHeight(70)
        self.consent = QCheckBox(_("Agreed to receive promotions on WhatsApp"))
        self.consent.setChecked(p.promo_consent)
        self.consent_source = QComboBox()
        self.consent_source.addItem(_("How?"), "")
        for code, label in CONSENT_SOURCES:
            self.consent_source.addItem(_(label), code)
        self.consent_source.setCurrentIndex(max(0, self.consent_source.findData(p.consent_source)))
        self.consent_source.setEnabled(p.promo_consent)
        self.consent.toggled.connect(self.consent_source.setEnabled)
        consent = QHBoxLayout()
        consent.addWidget(self.consent)
        consent.addWidget(self.consent_source, 1)
        self.consent_when = QLabel(_("Recorded {when}").format(when=format_datetime(p.consent_at, clock.zone_name()))
                                   if p.promo_consent and p.consent_at else "")
        self.buttons = dialog_buttons(QDialogButtonBox.StandardButton.Save, QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(lambda: self.save())
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout(self)
        if p.member_code:
            form.addRow(_("Member code"), QLabel(p.member_code))
        form.addRow(_("Name"), self.name)
        form.addRow(_("WhatsApp number"), self.phone)
        form.addRow(_("Price tier"), self.tier)
        form.addRow(_("Groups"), segments)
        form.addRow(_("Found us through"), self.source)
        form.addRow(_("Referred by"), self.referred_by)
        form.addRow(_("Village"), self.village)
        form.addRow(_("Address"), self.address)
        form.addRow(_("Birthday"), birthday)
        form.addRow(_("Kasbon limit"), self.credit_limit)
        form.addRow(_("Days to pay an invoice"), self.terms)
        form.addRow(_("Notes"), self.notes)
        form.addRow(_("Promotions"), consent)
        form.addRow("", self.consent_when)
        form.addRow(self.buttons)
        self.resize(620, 0)

    def profile(self) -> Profile:
        """What the form says; a malformed kasbon limit raises ValueError."""
        limit = self.credit_limit.text().strip()
        return replace(
            self.loaded, name=self.name.text(), phone=self.phone.text(), tier=self.tier.currentData(),
            segments=tuple(code for code, box in self.segment_boxes.items() if box.isChecked()),
            source=self.source.currentData(), referred_by=self.referred_by.text(), village=self.village.text(),
            address=self.address.text(),
            birthday=self.birthday.date().toPython() if self.birthday_known.isChecked() else None,
            notes=self.notes.toPlainText(), promo_consent=self.consent.isChecked(),
            consent_source=self.consent_source.currentData() or "",
            credit_limit=parse_amount(limit) if limit else None,
            payment_terms_days=int(self.terms.text()) if self.terms.text().strip() else None)

    def save(self, pin: str | None = None) -> None:
        try:
            profile = self.profile()
        except ValueError:
            if self.terms.text().strip() and not self.terms.text().strip().isdigit():
                show_error(self, _("{text} is not a number of days.").format(text=self.terms.text()))
            else:
                show_error(self, _("{text} is not an amount of rupiah.").format(text=self.credit_limit.text()))
            return
        if pin is None and profile_needs_owner(profile, self.customer_id):  # a tier, kasbon limit or days to pay
            pin = ask_owner_pin(self, _("Changing a customer's tier or kasbon terms"))
            if pin is None:
                return
        try:
            self.customer_id = save_profile(profile, self.customer_id, staff_id=self.staff_id, owner_pin=pin)
        except DuplicatePhone as exc:
            self.offer_other(str(exc), exc.customer_id)
            return
        except PosError as exc:
            show_error(self, str(exc))  # the form stays open, nothing was stored
            return
        self.saved.emit(self.customer_id)
        self.accept()

    def offer_other(self, message: str, other_id: int) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, _("Number already in the book"), message, parent=self)
        box.setObjectName("duplicateBox")
        self.open_other_button = box.addButton(_("Open that customer"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Change the number"), QMessageBox.ButtonRole.RejectRole)
        self.duplicate_box = box

        def answered(_result) -> None:
            if box.clickedButton() is self.open_other_button:
                self.open_other.emit(other_id)
                self.reject()

        box.finished.connect(answered)
        box.open()
