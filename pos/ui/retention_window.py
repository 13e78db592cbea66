"""Bring them back (from the customer book): lapsed regulars, RFM groups, birthdays, new customers who have not
come back, who brings friends, and the returning rate per month. Each list has a one-to-one WhatsApp action
from a template, a campaign helper that steps through one customer at a time, and exports for a broadcast list.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton,
                               QSpinBox, QTabWidget, QVBoxLayout, QWidget)

from pos.i18n import N_, _, format_date, format_money
from pos.services.errors import PosError
from pos.services.clock import today as shop_today
from pos.services.phones import display_phone
from pos.services.promotion_book import list_promotions
from pos.services.retention import (LIST_LIMIT, birthdays, lapsed_customers, monthly_returning, new_not_returned,
                                    referrers, rfm, rfm_rule_help)
from pos.services.whatsapp import (broadcast_file, campaign, last_message_words, left_out_words, message_for,
                                   note_sent, templates)
from pos.ui.tasks import Runner, TaskBar
from pos.ui.widgets import ask_owner_pin, fill_table, read_only_table, show_error, write_export

RESTING_DAYS = 7  # a campaign leaves out whoever the shop wrote to this past week

COLUMNS = (N_("Customer"), N_("Number"), N_("Last visit"), N_("Visits"), N_("Spent"), N_("Why"), N_("Promotions"),
           N_("Messaged"))


class PeopleList(QWidget):
    """One list: its own controls on top, the people below (the first LIST_LIMIT of them).

    ``load`` reads the people (slow with a big book: the window runs it off the GUI thread); ``refresh()``
    asks the window for it (``wanted``), ``show(people)`` fills the table."""

    wanted = Signal(object)

    def __init__(self, load, template_code: str, header: QWidget | None = None, columns=COLUMNS) -> None:
        super().__init__()
        self.load, self.template_code, self.people = load, template_code, []
        self.table = read_only_table([_(c) for c in columns])
        self.count = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if header is not None:
            layout.addWidget(header)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)

    def refresh(self) -> None:
        self.wanted.emit(self)

    def show_people(self, people: list) -> None:
        self.people = people
        shown = self.people[:LIST_LIMIT]
        fill_table(self.table, [self.row(p) for p in shown], right_from=3)
        for row in range(self.table.rowCount()):
            for col in (5, 6, 7):
                item = self.table.item(row, col)
                if item is not None:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.resizeColumnsToContents()
        text = _("{n} customers").format(n=len(self.people))
        if len(self.people) > len(shown):
            text += " · " + _("the first {shown} shown; a campaign or an export takes them all").format(
                shown=len(shown))
        self.count.setText(text)

    @staticmethod
    def row(p) -> tuple:
        return (p.name, display_phone(p.phone) or "-", format_date(p.last_visit) if p.last_visit else "-",
                str(p.visits), format_money(p.spend), p.detail, _("yes") if p.consent else _("no"),
                last_message_words(p))

    def selected(self):
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        return [self.people[r] for r in rows if r < len(self.people)]

    def mark_messaged(self, customer_id: int, day: dt.date) -> None:
        """Shows the message just noted on the customer's row, without reading the whole list again."""
        for row in range(self.table.rowCount()):
            if self.people[row].customer_id == customer_id:
                self.table.item(row, 7).setText(_("messaged {day}").format(day=format_date(day)))


class RetentionWindow(QDialog):
    def __init__(self, staff_id: int | None = None, parent: QWidget | None = None, *,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.staff_id = staff_id
        self.today = today or shop_today()
        self.setWindowTitle(_("Bring them back"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.days = QSpinBox()
        self.days.setRange(1, 3650)
        self.days.setValue(60)
        self.days.setSuffix(" " + _("days"))
        self.days.setKeyboardTracking(False)  # typing 120 is one refresh, not three
        lapsed_top = QWidget()
        row = QHBoxLayout(lapsed_top)
        row.setContentsMargins(0, 0, 0, 0)
        explain = QLabel(_("Overdue against their own usual interval (twice it, and at least a week more), or "
                           "away at least"))
        for w in (explain, self.days):
            row.addWidget(w)
        row.addStretch(1)
        self.task_bar = TaskBar()
        self.runner = Runner(self, self.task_bar)
        self.runner.ended.connect(self._load_pending)
        self.pending = False  # asked for a list while another was being built: built right after it
        self.lapsed = PeopleList(self.lapsed_work, "lapsed", lapsed_top)
        self.days.valueChanged.connect(lambda _v: self.lapsed.refresh())

        self.groups = read_only_table([_("Group"), _("Customers"), _("Revenue"), _("Rule")])
        self.groups.setFixedHeight(self.groups.horizontalHeader().sizeHint().height() + 6 * 31 + 4)
        rules = QLabel(rfm_rule_help())
        rules.setWordWrap(True)
        rfm_top = QWidget()
        column = QVBoxLayout(rfm_top)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(rules)
        column.addWidget(self.groups)
        self.rfm_result = None
        self.rfm = PeopleList(self.rfm_people, "promo", rfm_top)
        self.groups.itemSelectionChanged.connect(lambda: self.rfm.show_people(self.rfm_people()))

        self.birthdays = PeopleList(lambda: birthdays(today=self.today), "birthday")
        self.new = PeopleList(lambda: new_not_returned(today=self.today), "new")
        self.referrals = PeopleList(referrers, "referral")
        from pos.ui.charts import MonthChart

        self.chart = MonthChart()
        self.save_chart_button = QPushButton(_("Save as picture"))
        chart_tab = QWidget()
        chart_layout = QVBoxLayout(chart_tab)
        chart_layout.addWidget(self.chart, 1)
        chart_row = QHBoxLayout()
        chart_row.addStretch(1)
        chart_row.addWidget(self.save_chart_button)
        chart_layout.addLayout(chart_row)

        self.lists = (self.lapsed, self.rfm, self.birthdays, self.new, self.referrals)
        for people_list in self.lists:
            people_list.wanted.connect(lambda _list: self.load_current())
        self.tabs = QTabWidget()
        for widget, title in ((self.lapsed, _("Lapsed")), (self.rfm, _("Groups (RFM)")),
                              (self.birthdays, _("Birthdays this week")), (self.new, _("New, not back yet")),
                              (self.referrals, _("Word of mouth")), (chart_tab, _("Returning per month"))):
            self.tabs.addTab(widget, title)

        self.template = QComboBox()
        self.promotion = QComboBox()
        self.whatsapp_button = QPushButton(_("WhatsApp"))
        self.whatsapp_button.setToolTip(_("Opens a chat with the chosen customer, the message typed in"))
        self.campaign_button = QPushButton(_("Campaign…"))
        self.csv_button = QPushButton(_("Export CSV"))
        self.vcard_button = QPushButton(_("Export vCard"))
        self.page_button = QPushButton(_("Open page"))
        self.templates_button = QPushButton(_("Messages…"))
        self.status_button = QPushButton(_("Status picture…"))
        self.close_button = QPushButton(_("Close"))
        self.note = QLabel()
        actions = QHBoxLayout()
        for w in (QLabel(_("Message")), self.template, QLabel(_("Promotion")), self.promotion,
                  self.whatsapp_button, self.campaign_button, self.page_button, self.csv_button, self.vcard_button):
            actions.addWidget(w)
        actions.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.note, 1)
        for w in (self.templates_button, self.status_button, self.close_button):
            bottom.addWidget(w)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.task_bar)
        layout.addLayout(actions)
        layout.addLayout(bottom)

        self.tabs.currentChanged.connect(self.tab_changed)
        self.whatsapp_button.clicked.connect(lambda: self.send_one())
        self.campaign_button.clicked.connect(lambda: self.start_campaign())
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.vcard_button.clicked.connect(lambda: self.export("vcf"))
        self.page_button.clicked.connect(self.open_page)
        self.templates_button.clicked.connect(self.edit_templates)
        self.status_button.clicked.connect(self.status_picture)
        self.save_chart_button.clicked.connect(lambda: self.save_chart())
        self.close_button.clicked.connect(self.accept)
        self.fill_choices()
        self.resize(1250, 700)
        self.tab_changed(0)

    # --- lists ---------------------------------------------------------------------------------------------
    def fill_choices(self) -> None:
        chosen = self.template.currentData()
        self.template.clear()
        for t in templates():
            self.template.addItem(t.name, t.id)
        if chosen is not None:
            self.template.setCurrentIndex(max(0, self.template.findData(chosen)))
        self.promotion.clear()
        self.promotion.addItem(_("(no promotion)"), None)
        for p in list_promotions():
            if p.state == "active":
                self.promotion.addItem(p.name, p.id)

    def current(self) -> PeopleList | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, PeopleList) else None

    def tab_changed(self, _index: int) -> None:
        current = self.current()
        for w in (self.template, self.promotion, self.whatsapp_button, self.campaign_button, self.page_button,
                  self.csv_button, self.vcard_button):
            w.setEnabled(current is not None)
        self.load_current()
        if current is None:
            return
        by_code = {t.code: t.id for t in templates()}
        if current.template_code in by_code:
            self.template.setCurrentIndex(self.template.findData(by_code[current.template_code]))

    def load_current(self) -> None:
        """Build the shown tab's list off the GUI thread (the window stays usable, a bar shows it working);
        asked again meanwhile, it is built once more when the first one is ready."""
        if self.runner.busy():
            self.pending = True
            return
        current, today = self.current(), self.today
        if current is None:
            self.runner.run(lambda: monthly_returning(12, today=today), self.chart.show_rates,
                            text=_("Counting the returning customers…"), cancellable=True)
        elif current is self.rfm:
            self.runner.run(lambda: rfm(today=today), self.show_groups, text=_("Sorting customers into groups…"),
                            cancellable=True)
        else:
            work = self.lapsed_work() if current is self.lapsed else current.load  # the days read here, not there
            self.runner.run(work, current.show_people, text=_("Building the list…"), cancellable=True)

    def lapsed_work(self):
        days, today = self.days.value(), self.today
        return lambda: lapsed_customers(days, today=today)

    def _load_pending(self) -> None:
        if self.pending and not self.runner.stopped:
            self.pending = False
            self.load_current()

    def done(self, result: int) -> None:
        """Closing: a list still being built is given up (it only reads)."""
        self.runner.stop()
        super().done(result)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.runner.stop()
        super().closeEvent(event)

    def show_groups(self, result) -> None:
        self.rfm_result = result
        fill_table(self.groups, [(g.name, str(g.count), format_money(g.revenue), g.rule)
                                 for g in self.rfm_result.groups], right_from=1)
        for row in range(self.groups.rowCount()):
            self.groups.item(row, 3).setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.groups.resizeColumnsToContents()
        if not self.groups.selectedIndexes():  # one group at a time: the list below is that group's customers
            self.groups.blockSignals(True)
            self.groups.selectRow(0)
            self.groups.blockSignals(False)
        self.rfm.show_people(self.rfm_people())

    def rfm_people(self) -> list:
        if self.rfm_result is None:
            return []
        rows = sorted({i.row() for i in self.groups.selectedIndexes()})
        return self.rfm_result.people({self.rfm_result.groups[r].code for r in rows} if rows else None)

    def chosen(self):
        current = self.current()
        chosen = current.selected() if current else []
        if not chosen:
            show_error(self, _("Choose a customer in the list first."))
            return None
        return chosen[0]

    # --- messages --------------------------------------------------------------------------------------------
    def confirm(self, question: str) -> bool:
        """Asks yes or no (tests put an answer here)."""
        answer = QMessageBox.question(self, _("Bring them back"), question)
        return answer == QMessageBox.StandardButton.Yes

    def send_one(self, person=None) -> bool:
        """Opens the chat with the filled-in message and notes it on the customer's page."""
        person = person or self.chosen()
        if person is None:
            return False
        if self.template.currentData() is None:
            show_error(self, _("Write a message first (Messages…)."))
            return False
        if not person.consent and not self.confirm(_(
                "{name} has not agreed to promotions. Send a personal message anyway?").format(name=person.name)):
            return False
        from pos.ui.documents import open_chat

        try:
            message = message_for(person.customer_id, self.template.currentData(), self.promotion.currentData())
            if not open_chat(message.link, self):
                return False
            note_sent(message, staff_id=self.staff_id)
        except PosError as exc:
            show_error(self, str(exc))
            return False
        self.note.setText(_("Chat with {name} opened; noted on their page.").format(name=person.name))
        self.current().mark_messaged(person.customer_id, self.today)
        return True

    def start_campaign(self) -> CampaignDialog | None:
        current = self.current()
        if current is None:
            return None
        if self.template.currentData() is None:
            show_error(self, _("Write a message first (Messages…)."))
            return None
        plan = campaign(current.people, messaged_since=self.today - dt.timedelta(days=RESTING_DAYS - 1))
        if not plan.recipients:
            show_error(self, _("Nobody on this list has agreed to promotions and has a number."))
            return None
        try:  # a message that cannot be filled in (no promotion chosen…) is said once, before the first chat
            message_for(plan.recipients[0].customer_id, self.template.currentData(), self.promotion.currentData())
        except PosError as exc:
            show_error(self, str(exc))
            return None
        self.campaign = CampaignDialog(plan, self.template.currentData(), self.promotion.currentData(),
                                       self.staff_id, self)
        self.campaign.finished.connect(lambda _r: current.refresh())
        self.campaign.open()
        return self.campaign

    def export(self, kind: str, path: str | None = None, pin: str | None = None) -> bool:
        current = self.current()
        if current is None:
            return False
        if pin is None:
            pin = ask_owner_pin(self, _("Exporting phone numbers"))
            if pin is None:
                return False
        written = []

        def make() -> bytes:
            made = broadcast_file(current.people, kind, pin, staff_id=self.staff_id)
            written.append(made)
            return made.data

        path = write_export(self, path, _("Export for a broadcast list"), f"pelanggan.{kind}",
                            "vCard (*.vcf)" if kind == "vcf" else "CSV (*.csv)", make)
        if path is None:
            return False
        left_out = left_out_words(written[0])
        self.note.setText(_("{n} customers who agreed to promotions written to {path}.").format(
            n=written[0].written, path=path) + (f" {left_out}." if left_out else ""))
        return True

    def open_page(self) -> None:
        person = self.chosen()
        if person is None:
            return
        from pos.ui.customer_page import CustomerPageDialog

        self.page = CustomerPageDialog(person.customer_id, self.staff_id, self)
        self.page.open()

    def edit_templates(self) -> None:
        from pos.ui.message_templates import TemplatesDialog

        self.templates_dialog = TemplatesDialog(self)
        self.templates_dialog.finished.connect(lambda _r: self.fill_choices())
        self.templates_dialog.open()

    def status_picture(self) -> None:
        from pos.ui.status_dialog import StatusPictureDialog

        self.status_dialog = StatusPictureDialog(self, promotion_id=self.promotion.currentData())
        self.status_dialog.open()

    def save_chart(self, path: str | None = None) -> Path | None:
        """The chart as a PNG to share (documents folder), opened with the picture viewer."""
        from pos.ui.documents import save_and_open

        self.tabs.setCurrentIndex(self.tabs.count() - 1)
        picture = self.chart.grab()
        from PySide6.QtCore import QBuffer, QIODevice

        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        picture.save(buffer, "PNG")
        saved = save_and_open(path or f"pelanggan-kembali-{self.today.isoformat()}.png", bytes(buffer.data()), self)
        self.note.setText(_("Saved as {path}.").format(path=saved))
        return saved


class CampaignDialog(QDialog):
    """One customer at a time: open the chat (the message typed in), mark it sent, or skip. Never sends by itself;
    only customers who agreed to promotions are in it."""

    def __init__(self, plan, template_id: int, promotion_id: int | None, staff_id: int | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Campaign"))
        self.recipients, self.template_id, self.promotion_id = plan.recipients, template_id, promotion_id
        self.staff_id, self.position, self.sent, self.skipped = staff_id, 0, 0, 0
        self.message = None
        left_out = []
        if plan.without_consent:
            left_out.append(_("{n} without consent to promotions left out").format(n=plan.without_consent))
        if plan.without_number:
            left_out.append(_("{n} without a number left out").format(n=plan.without_number))
        if plan.messaged_lately:
            left_out.append(_("{n} written to this past week left out").format(n=plan.messaged_lately))
        self.left_out = QLabel(" · ".join(left_out))
        self.who = QLabel()
        self.who.setStyleSheet("font-size: 16pt; font-weight: bold")
        self.who.setWordWrap(True)
        self.left_out.setWordWrap(True)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setMinimumWidth(560)
        self.open_button = QPushButton(_("Open chat"))
        self.sent_button = QPushButton(_("Mark sent"))
        self.skip_button = QPushButton(_("Skip"))
        self.close_button = QPushButton(_("Close"))
        buttons = QHBoxLayout()
        for b in (self.open_button, self.sent_button, self.skip_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        for w in (self.left_out, self.who, self.text):
            layout.addWidget(w)
        layout.addLayout(buttons)
        self.open_button.clicked.connect(self.open_chat)
        self.sent_button.clicked.connect(self.mark_sent)
        self.skip_button.clicked.connect(self.skip)
        self.close_button.clicked.connect(self.accept)
        self.show_current()

    def person(self):
        return self.recipients[self.position] if self.position < len(self.recipients) else None

    def show_current(self) -> None:
        person = self.person()
        self.sent_button.setEnabled(False)
        if person is None:
            self.who.setText(_("Done: {sent} sent, {skipped} skipped.").format(sent=self.sent, skipped=self.skipped))
            self.text.clear()
            for b in (self.open_button, self.skip_button):
                b.setEnabled(False)
            return
        try:
            self.message = message_for(person.customer_id, self.template_id, self.promotion_id)
        except PosError as exc:
            self.message = None
            self.text.setText(str(exc))
        else:
            self.text.setText(self.message.text)
        self.who.setText(_("{i} of {n}: {name}, {number}").format(i=self.position + 1, n=len(self.recipients),
                                                                  name=person.name, number=display_phone(person.phone)))
        self.open_button.setEnabled(self.message is not None)

    def open_chat(self) -> None:
        if self.message is None:
            return
        from pos.ui.documents import open_chat

        self.sent_button.setEnabled(open_chat(self.message.link, self))

    def mark_sent(self) -> None:
        if self.message is not None:
            note_sent(self.message, staff_id=self.staff_id)
            self.sent += 1
        self.position += 1
        self.show_current()

    def skip(self) -> None:
        self.skipped += 1
        self.position += 1
        self.show_current()
