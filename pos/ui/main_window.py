"""The main window: log in with a PIN, open the shift, then the sale screen all day.

Only the login page is built at start, before the database opens; the database code,
then the sale screen and the dialogs (with the pricing engine behind them) load while
the cashier types the PIN.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMainWindow, QPushButton, QStackedWidget

from pos.i18n import _, format_money
from pos.settings import MachineSettings
from pos.ui.login import LoginPage

if TYPE_CHECKING:
    from pos.services.db import DatabaseInfo
    from pos.services.shop_settings import ShopOptions
    from pos.services.staff import Staff
    from pos.ui.sale_screen import SaleScreen

PREWARM_AFTER_MS = 300  # the login page is on screen and answering by then
DEMO_WAIT_SECONDS = 60  # closing while the demo shop is made: it ends (or rolls back) first
BACKUP_WAIT_SECONDS = 30  # closing while a backup is written


def _load_screens() -> None:
    """Import the sale screen and the dialogs (about 150 ms of imports), ahead of the first login."""
    import pos.ui.price_list  # noqa: F401
    import pos.ui.printer  # noqa: F401
    import pos.ui.customer_book  # noqa: F401
    import pos.ui.refund_dialog  # noqa: F401
    import pos.ui.sale_screen  # noqa: F401
    import pos.ui.shift_dialogs  # noqa: F401


def _ask_owner_pin(parent, action: str) -> str | None:
    """The owner's PIN dialog, loaded when first asked (pos.ui.widgets builds Qt's enums: not before the login)."""
    from pos.ui.widgets import ask_owner_pin

    return ask_owner_pin(parent, action)


class MainWindow(QMainWindow):
    def __init__(self, url: str, settings: MachineSettings) -> None:
        super().__init__()
        self.url = url
        self.database: DatabaseInfo | None = None  # open_database()
        self.settings = settings
        self.till_id = settings["till_id"]
        self.shop_name = ""
        self.following_shop = False  # the settings' change signal is connected (once the database is open)
        self.stack = QStackedWidget()
        self.login_page = LoginPage("", self.till_id)
        self.login_page.logged_in.connect(self.start)
        self.login_page.choose_till.connect(lambda: self.show_join(tills_only=True))
        self.stack.addWidget(self.login_page)
        self.setCentralWidget(self.stack)
        self.status = QLabel()
        self.statusBar().addWidget(self.status)
        self.outbox_status = None  # pos.ui.outbox_status, made with the sale screen (a till on a server)
        self.sale_screen: SaleScreen | None = None
        self.heartbeat_timer: QTimer | None = None  # on a server: this till's sign of life (hold_till)
        self.beating = None  # the timer's beat under way on a worker thread (pos.ui.tasks.Task)
        self.owner_pin_provider = _ask_owner_pin  # tests hand in a PIN instead of a dialog
        self.cashier: Staff | None = None
        self.shift_id: int | None = None
        self.printer = None  # pos.ui.printer.Printer, made with the sale screen
        self.queue_button = QPushButton()
        self.queue_button.setFlat(True)
        self.queue_button.clicked.connect(self.show_print_queue)
        self.printer_button = QPushButton()
        self.printer_button.setFlat(True)
        self.printer_button.clicked.connect(self.printer_settings)
        self.book_button = QPushButton()
        self.book_button.setFlat(True)
        self.book_button.clicked.connect(self.show_customer_book)
        self.reports_button = QPushButton()
        self.reports_button.setFlat(True)
        self.reports_button.clicked.connect(self.show_reports)
        self.office_button = QPushButton()
        self.office_button.setFlat(True)
        self.office_button.clicked.connect(lambda: self.show_back_office())
        self.trays_button = QPushButton()  # the day's trays (issue #25)
        self.trays_button.setFlat(True)
        self.trays_button.clicked.connect(self.show_trays)
        self.about_button = QPushButton()
        self.about_button.setFlat(True)
        self.about_button.clicked.connect(self.show_about)
        self.statusBar().addPermanentWidget(self.queue_button)
        self.statusBar().addPermanentWidget(self.book_button)
        self.statusBar().addPermanentWidget(self.trays_button)
        self.statusBar().addPermanentWidget(self.reports_button)
        self.statusBar().addPermanentWidget(self.office_button)
        self.statusBar().addPermanentWidget(self.printer_button)
        self.statusBar().addPermanentWidget(self.about_button)
        self.queue_button.hide()
        self.printer_button.hide()
        self.book_button.hide()
        self.trays_button.hide()
        self.office_button.hide()
        self.reports_button.hide()
        self.reports_shortcut = QShortcut(QKeySequence("Ctrl+R"), self)
        self.reports_shortcut.activated.connect(self.show_reports)
        self.office_shortcut = QShortcut(QKeySequence("Ctrl+O"), self)
        self.office_shortcut.activated.connect(lambda: self.show_back_office())
        self.book_shortcut = QShortcut(QKeySequence("Ctrl+B"), self)
        self.book_shortcut.activated.connect(self.show_customer_book)
        self.queue_shortcut = QShortcut(QKeySequence("Ctrl+P"), self)
        self.queue_shortcut.activated.connect(self.show_print_queue)
        self.price_shortcut = QShortcut(QKeySequence("F12"), self)
        self.price_shortcut.activated.connect(self.show_prices)  # also on the login page
        self.about_shortcut = QShortcut(QKeySequence("Ctrl+I"), self)
        self.about_shortcut.activated.connect(self.show_about)
        self.resize(1366, 768)
        if settings["window_geometry"]:
            self.restoreGeometry(QByteArray.fromBase64(settings["window_geometry"].encode()))
        self.retranslate()

    def open_database(self, upgrade_confirmed: bool = False) -> None:
        """Open (and upgrade) the database, then name the shop; raises PosError with the message to show
        (UpgradeNeedsConfirmation: a PostgreSQL upgrade waits for the owner's yes, see pos.ui.app)."""
        from pos.services import db
        from pos.services.info import shop_info

        from pos.services.setup import needs_setup

        from pos.services import connectivity
        from pos.services.server_settings import with_saved_password

        connectivity.sell_on_this_thread()  # a server that does not answer a sale within seconds: the outbox
        self.database = db.open_database(with_saved_password(self.url), upgrade_confirmed=upgrade_confirmed)
        self.shop_name = shop_info(self.database, self.till_id).shop_name
        self.login_page.set_shop(self.shop_name)
        self.retranslate()
        self._follow_shop_settings()
        self.hold_till()
        if needs_setup():
            self.show_first_run()
        QTimer.singleShot(PREWARM_AFTER_MS, _load_screens)

    # --- this computer's till (pos.services.tills) -----------------------------------------------------
    def on_server(self) -> bool:
        return self.database is not None and self.database.engine != "sqlite"

    def hold_till(self) -> bool:
        """The start's check: this computer holds its till (the shop's own SQLite file: always, nothing asked).
        On a server the holder's heartbeat keeps it live while the window is open."""
        from pos.services import tills

        try:
            tills.start_at_till(self.till_id, embedded=not self.on_server())
        except tills.TillNotHeld as exc:
            self.till_lost(str(exc))
            return False
        self.login_page.set_till_problem("")
        if self.on_server() and self.heartbeat_timer is None:
            self.heartbeat_timer = QTimer(self)
            self.heartbeat_timer.setInterval(tills.HEARTBEAT_SECONDS * 1000)
            self.heartbeat_timer.timeout.connect(self.beat_in_background)
            self.heartbeat_timer.start()
        return True

    def beat_in_background(self) -> None:
        """The timer's beat, off the GUI thread (``pos.ui.tasks``): a server that hangs (up to its limit of a few
        seconds) never freezes the till; a released till is answered on the GUI thread."""
        from pos.services import connectivity, tills
        from pos.ui.tasks import run_in_background

        if not self.on_server() or self.beating is not None or connectivity.offline():
            return  # one beat at a time; while the server is away the background check asks it already
        till_id = self.till_id

        def beat() -> bool:
            try:
                return tills.heartbeat(till_id)
            except Exception:  # noqa: BLE001 - the server is away: the next beat tries again (selling offline)
                return True

        self.beating = run_in_background(beat, self._beat_answered, lambda _message: self._beat_answered(True))

    def _beat_answered(self, held: object) -> None:
        self.beating = None
        if not held:
            self.till_lost(_("The owner released till {till} from this computer. Choose a till to go on "
                             "selling.").format(till=self.till_id))

    def heartbeat(self) -> bool:
        """One UPDATE of this till's row, at a login; False (and the PIN screen with what to do) when the till was
        released. While the server is away the login goes on (selling offline)."""
        from pos.services import connectivity, tills

        if not self.on_server() or connectivity.offline():
            return True
        try:
            held = tills.heartbeat(self.till_id)
        except Exception:  # noqa: BLE001 - the server is away: the next beat tries again (selling offline: #21)
            return True
        if not held:
            self.till_lost(_("The owner released till {till} from this computer. Choose a till to go on "
                             "selling.").format(till=self.till_id))
        return held

    def till_lost(self, message: str) -> None:
        """This computer does not hold its till: nobody sells here until a till is chosen (a cart is parked)."""
        if self.sale_screen is not None and self.sale_screen.cart.lines:
            self.sale_screen.park()
        self.cashier, self.shift_id = None, None
        for button in (self.printer_button, self.queue_button, self.book_button):
            button.hide()
        self.login_page.set_till_problem(message)
        self.stack.setCurrentWidget(self.login_page)
        self.retranslate()

    def show_join(self, *, tills_only: bool = False, owner_pin: str | None = None) -> None:
        """Join a shop's server, or choose this computer's till on it (pos.ui.join_server)."""
        from pos.ui.join_server import JoinServerDialog

        self.join_dialog = JoinServerDialog(self.settings, self.url, tills_only=tills_only, parent=self)
        self.join_dialog.owner_pin_provider = self.owner_pin_provider
        self.join_dialog.joined.connect(self.rejoin)
        self.join_dialog.open()

    def rejoin(self, url: str, till_id: str) -> None:
        """Open the window again on the server and till just chosen: the PIN screen of that till."""
        from pos.services.errors import PosError
        from pos.ui.widgets import show_error

        if self.sale_screen is not None and self.sale_screen.cart.lines:
            self.sale_screen.park()
        self.cashier, self.shift_id = None, None
        self.url, self.till_id = url, till_id
        self.login_page.till_id = till_id
        if self.printer is not None:
            self.printer.till_id = till_id
        for button in (self.printer_button, self.queue_button, self.book_button):
            button.hide()
        self.stack.setCurrentWidget(self.login_page)
        try:
            self.open_database()
        except PosError as exc:
            show_error(self, str(exc))
        self.retranslate()

    def _follow_shop_settings(self) -> None:
        """The shop's name in the title and on the login page follows the settings, changed here or at another till."""
        from pos.ui.shop_signal import shop_signal

        if not self.following_shop:
            self.following_shop = True
            shop_signal().changed.connect(self.shop_changed)
            shop_signal().watch()

    def shop_changed(self, settings: ShopOptions) -> None:
        self.shop_name = settings.shop_name
        self.login_page.set_shop(self.shop_name)
        self.retranslate()

    def show_first_run(self) -> None:
        """An empty database: the set-up page instead of a PIN nobody has."""
        from pos.ui.first_run import FirstRunPage

        from PySide6.QtWidgets import QScrollArea

        self.first_run = FirstRunPage()
        self.first_run.done.connect(self._set_up)
        self.first_run.demo_loaded.connect(self._demo_loaded)
        self.first_run.join_requested.connect(lambda: self.show_join())
        self.first_run_scroll = QScrollArea()  # a small screen scrolls instead of squeezing the fields
        self.first_run_scroll.setWidgetResizable(True)
        self.first_run_scroll.setWidget(self.first_run)
        self.stack.addWidget(self.first_run_scroll)
        self.stack.setCurrentWidget(self.first_run_scroll)

    def _set_up(self, owner) -> None:
        from pos.services.shop_settings import shop_settings

        self.shop_name = shop_settings().shop_name
        self.login_page.set_shop(self.shop_name)
        self.stack.setCurrentWidget(self.login_page)
        self.start(owner)

    def _demo_loaded(self) -> None:
        from pos.services.shop_settings import shop_settings

        self.shop_name = shop_settings().shop_name
        self.login_page.set_shop(self.shop_name)
        self.login_page.hint.setText(_("Demo shop: cashier PIN 1111, owner PIN 1234"))
        self.stack.setCurrentWidget(self.login_page)
        self.retranslate()

    def show_about(self) -> None:
        """Where the data is, which version and schema: what `pos info` prints."""
        if self.database is None:
            return
        from pos.ui.about_dialog import AboutDialog

        self.about_dialog = AboutDialog(self.database, self.till_id, self)
        self.about_dialog.open()

    def show_prices(self) -> None:
        from pos.ui.price_list import PriceListDialog

        self.price_dialog = PriceListDialog(self)
        self.price_dialog.open()

    def retranslate(self) -> None:
        self.printer_button.setText(_("Printer…"))
        self.book_button.setText(_("Customer book (Ctrl+B)"))
        self.trays_button.setText(_("Trays"))
        self.office_button.setText(_("Back office (Ctrl+O)"))
        self.reports_button.setText(_("Recap (Ctrl+R)"))
        self.about_button.setText(_("Info (Ctrl+I)"))
        self.about_button.setToolTip(_("Version, database, data and backup folders"))
        if self.printer is not None:
            self.update_queue()
        self.setWindowTitle(_("Langganan — {shop}").format(shop=self.shop_name or _("new shop")))
        parts = [self.shop_name] if self.shop_name else []
        parts.append(_("Till {till}").format(till=self.till_id))
        if self.cashier is not None:
            parts.append(_("cashier {who}").format(who=self.cashier.name))
        self.status.setText(" · ".join(parts))  # the database's place is in the Info dialog (Ctrl+I)

    # --- the day ---------------------------------------------------------------------------------
    def login(self, pin: str) -> None:
        self.login_page.pin.setText(pin)
        self.login_page.try_login()

    def start(self, staff: Staff) -> None:
        from pos.services.till import current_shift

        if not self.heartbeat():  # at each login: this computer still holds its till
            return
        self.cashier = staff
        self.retranslate()
        shift = current_shift(self.till_id)
        if shift is not None:
            self.show_sales(shift.id)
            return
        from pos.ui.shift_dialogs import OpenShiftDialog

        self.open_shift_dialog = OpenShiftDialog(self.till_id, staff.id, self)
        self.open_shift_dialog.accepted.connect(lambda: self.show_sales(self.open_shift_dialog.shift.id))
        self.open_shift_dialog.open()

    def show_sales(self, shift_id: int) -> None:
        from pos.ui.sale_screen import SaleScreen

        self.shift_id = shift_id
        if self.sale_screen is not None:
            self.stack.removeWidget(self.sale_screen)
            self.sale_screen.deleteLater()
        self.sale_screen = SaleScreen(self.till_id, self.cashier, shift_id, self._printer())
        self.sale_screen.refund_requested.connect(self.refund)
        self.sale_screen.cash_requested.connect(self.move_cash)
        self.sale_screen.close_requested.connect(self.close_shift)
        self.sale_screen.switch_requested.connect(self.switch_cashier)
        self.stack.addWidget(self.sale_screen)
        self.stack.setCurrentWidget(self.sale_screen)
        self.sale_screen.focus_search()
        self._watch_the_server()

    def _watch_the_server(self) -> None:
        """The status bar says when the server is away and how many sales wait for it (a till on a server)."""
        if self.outbox_status is None:
            from pos.ui.outbox_status import OutboxStatusLabel

            self.outbox_status = OutboxStatusLabel(self.till_id)
            self.statusBar().addWidget(self.outbox_status)
        self.sale_screen.sale_completed.connect(lambda _sale: self.outbox_status.refresh())
        self.outbox_status.start()

    # --- printing ---------------------------------------------------------------------------------
    def _printer(self):
        if self.printer is None:
            from pos.ui.printer import Printer

            self.printer = Printer(self.settings, self.till_id)
            self.printer.finished.connect(lambda _job: self.update_queue())
        if self.cashier is not None:
            self.printer_button.show()
            self.book_button.show()
            self.trays_button.show()
            self.office_button.show()
            self.reports_button.show()
            self.update_queue()
        return self.printer

    def show_trays(self) -> None:
        if self.database is None or self.cashier is None:
            return
        from pos.ui.trays_dialog import TraysDialog

        self.trays_dialog = TraysDialog(self.cashier.id, self)
        self.trays_dialog.finished.connect(lambda _r: self.sale_screen and self.sale_screen.show_trays())
        self.trays_dialog.open()

    def show_customer_book(self) -> None:
        if self.database is None or self.cashier is None:
            return
        from pos.services.offline_sale import CUSTOMER_BOOK
        from pos.ui.customer_book import CustomerBookDialog
        from pos.ui.widgets import with_server

        def open_book() -> None:
            self.book_dialog = CustomerBookDialog(self.cashier.id, self, printer=self._printer(),
                                                  shift_id=self.shift_id, till_id=self.till_id)
            self.book_dialog.open()

        with_server(self, CUSTOMER_BOOK, open_book)

    def owner_at_the_login(self, action: str) -> str | None:
        """Nobody is logged in (the shift was closed, or the cashier logged out): the owner's PIN opens the recap
        and the back office from the PIN screen. The PIN, or None (cancelled or refused, with a message)."""
        from pos.services.auth import require_owner
        from pos.services.errors import PosError
        from pos.ui.widgets import show_error

        pin = self.owner_pin_provider(self, action)
        if pin is None:
            return None
        try:
            require_owner(pin)
        except PosError as exc:
            show_error(self, str(exc))
            return None
        return pin

    def show_reports(self) -> None:
        if self.database is None:
            return
        if self.cashier is None and self.owner_at_the_login(_("The recap")) is None:
            return
        from pos.services.offline_sale import BACK_OFFICE
        from pos.ui.reports_window import ReportsWindow
        from pos.ui.widgets import with_server

        def open_reports() -> None:
            self.reports = ReportsWindow(till_id=self.till_id, printer=self._printer(), parent=self)
            self.reports.open()

        with_server(self, BACK_OFFICE, open_reports)

    def show_back_office(self, pin: str | None = None) -> None:
        """The owner's PIN, then the back office (products, promotions, tiers, staff, settings); from the PIN
        screen too."""
        if self.database is None:
            return
        from pos.services.auth import require_owner
        from pos.services.errors import PosError
        from pos.ui.widgets import show_error

        if pin is None:
            pin = self.owner_pin_provider(self, _("The back office"))
            if pin is None:
                return
        try:
            owner = require_owner(pin)
        except PosError as exc:
            show_error(self, str(exc))
            return
        from pos.ui.back_office import BackOfficeDialog

        self.office_dialog = BackOfficeDialog(owner, pin, self.settings, self)
        self.office_dialog.finished.connect(lambda _r: self.sale_screen and self.sale_screen.refresh_catalogue())
        self.office_dialog.settings.language_changed.connect(
            lambda _lang: QTimer.singleShot(0, lambda: self.apply_language(pin)))
        self.office_dialog.settings.join_requested.connect(
            lambda tills_only: (self.office_dialog.accept(), self.show_join(tills_only=tills_only)))
        self.office_dialog.open()

    def apply_language(self, owner_pin: str | None = None) -> None:
        """The language was changed in the settings: every open screen speaks it now, without a restart. The back
        office is built again in the new language, back on its settings tab."""
        self.retranslate()
        self.login_page.retranslate()
        if self.sale_screen is not None:
            self.sale_screen.retranslate()
            self.sale_screen.reprice()  # the totals and offers are worded when shown
        office = getattr(self, "office_dialog", None)
        if owner_pin is not None and office is not None and office.isVisible():
            office.accept()
            self.show_back_office(owner_pin)
            self.office_dialog.tabs.setCurrentWidget(self.office_dialog.settings)
            self.office_dialog.settings.message.setText(_("Saved."))

    def update_queue(self) -> None:
        from pos.services import connectivity
        from pos.services.print_queue import unconfirmed_jobs, waiting_jobs

        if connectivity.offline():  # the queue is on the server: the button shows what it last knew
            return
        waiting, unconfirmed = len(waiting_jobs(self.till_id)), len(unconfirmed_jobs(self.till_id))
        if waiting:
            self.queue_button.setText(_("Print queue: {n} waiting (Ctrl+P)").format(n=waiting))
            self.queue_button.setStyleSheet("color: #e65100; font-weight: 600;")
        else:  # a network printer took them and could not say it printed them
            self.queue_button.setText(_("Print queue: {n} sent, not confirmed (Ctrl+P)").format(n=unconfirmed))
            self.queue_button.setStyleSheet("color: #8d6e00;")
        self.queue_button.setVisible(waiting + unconfirmed > 0)

    def show_print_queue(self) -> None:
        if self.database is None or self.cashier is None:
            return
        from pos.services.offline_sale import PRINT_QUEUE
        from pos.ui.print_queue_dialog import PrintQueueDialog
        from pos.ui.widgets import with_server

        def open_queue() -> None:
            self.queue_dialog = PrintQueueDialog(self._printer(), self.time_zone(), self)
            self.queue_dialog.finished.connect(lambda _r: self.update_queue())
            self.queue_dialog.open()

        with_server(self, PRINT_QUEUE, open_queue)

    def printer_settings(self, pin: str | None = None) -> None:
        """The printer settings change every receipt: the owner's PIN first (checked again when saving)."""
        if self.cashier is None:
            return
        from pos.services.auth import require_owner
        from pos.services.errors import PosError
        from pos.ui.printer_settings import PrinterSettingsDialog
        from pos.ui.widgets import ask_owner_pin, show_error

        if pin is None:
            pin = ask_owner_pin(self, _("The printer settings"))
            if pin is None:
                return
        try:
            require_owner(pin)
        except PosError as exc:
            show_error(self, str(exc))
            return
        self.printer_dialog = PrinterSettingsDialog(self.settings, self._printer(), self, owner_pin=pin)
        self.printer_dialog.open()

    def time_zone(self) -> str:
        from pos.services import clock

        return clock.zone_name()

    def refund(self) -> None:
        from pos.ui.refund_dialog import RefundDialog

        from pos.services import connectivity, offline_sale

        if connectivity.offline():
            from pos.ui.widgets import show_error

            show_error(self, offline_sale.waits_for_server(offline_sale.REFUND))
            return
        self.refund_dialog = RefundDialog(self.till_id, self.shift_id, self.cashier.id, self, printer=self.printer)
        self.refund_dialog.open()

    def move_cash(self) -> None:
        from pos.services import connectivity, offline_sale
        from pos.ui.shift_dialogs import CashMoveDialog

        if connectivity.offline():
            from pos.ui.widgets import show_error

            show_error(self, offline_sale.waits_for_server(offline_sale.CASH_MOVE))
            return
        self.cash_dialog = CashMoveDialog(self.shift_id, self.cashier.id, self)
        self.cash_dialog.open()

    def close_shift(self) -> None:
        from pos.services import forwarding
        from pos.ui.shift_dialogs import CloseShiftDialog

        waiting = forwarding.status(self.till_id).waiting
        if waiting:  # the shift's cash is not whole until the kept sales are on the server
            from pos.ui.widgets import show_error

            show_error(self, _("{count} sales kept offline still wait for the server: close the shift once they "
                               "are sent (the status bar says when).").format(count=waiting))
            return
        self.close_dialog = CloseShiftDialog(self.till_id, self.cashier.id, self, printer=self.printer)
        self.close_dialog.accepted.connect(self._closed)
        self.close_dialog.open()

    def switch_cashier(self) -> None:
        """Ctrl+L: another cashier takes the till (their PIN), or log out; the shift stays open. A cart in progress
        is parked first, so the next cashier never finishes a sale as someone else."""
        if self.cashier is None or self.sale_screen is None:
            return
        from pos.ui.switch_cashier import SwitchCashierDialog

        self.switch_dialog = SwitchCashierDialog(self.till_id, self.cashier.name,
                                                 bool(self.sale_screen.cart.lines), self)
        self.switch_dialog.finished.connect(self._switched)
        self.switch_dialog.open()

    def _switched(self, result: int) -> None:
        from pos.ui.switch_cashier import SwitchCashierDialog

        dialog = self.switch_dialog
        if result == QDialog.DialogCode.Rejected.value or self.sale_screen is None:
            self.sale_screen and self.sale_screen.focus_search()
            return
        if self.sale_screen.cart.lines:
            self.sale_screen.park()
        if result == SwitchCashierDialog.LOG_OUT:
            self.log_out()
            return
        self.cashier = dialog.staff
        self.retranslate()
        self.show_sales(self.shift_id)
        self.sale_screen.message.setText(_("{who} is at the till now.").format(who=self.cashier.name))

    def log_out(self) -> None:
        """Back to the PIN screen; the shift stays open for the next cashier."""
        self.cashier = None
        self.printer_button.hide()
        self.queue_button.hide()
        self.book_button.hide()
        self.trays_button.hide()
        self.login_page.error.setText(_("Logged out. The shift is still open: type a PIN to carry on."))
        self.stack.setCurrentWidget(self.login_page)
        self.login_page.pin.setFocus()
        self.retranslate()

    def _closed(self) -> None:
        if self.sale_screen is not None and self.sale_screen.cart.lines:  # nothing scanned is thrown away
            self.sale_screen.park()
        closed = self.close_dialog.closed
        summary = closed.summary
        diff = format_money(summary.difference)
        self.login_page.error.setText(_("Shift closed. Difference {diff}.").format(diff=diff))
        self.cashier, self.shift_id = None, None
        self.printer_button.hide()  # printer settings, the queue and the book are for a logged-in cashier
        self.queue_button.hide()
        self.book_button.hide()
        self.trays_button.hide()
        self.stack.setCurrentWidget(self.login_page)
        self.login_page.pin.setFocus()
        self.retranslate()
        if self.database is not None and self.database.path is not None:  # an automatic backup, off the GUI thread
            from pos.services.backup import backup
            from pos.ui.tasks import run_in_background  # not before the login page: its Qt classes and logging

            path = self.database.path
            self.statusBar().showMessage(_("Writing a backup…"))
            self.backup_task = run_in_background(lambda: backup(path), self._backed_up, self._backup_failed)

    def _backed_up(self, result: object) -> None:
        self.statusBar().showMessage(_("Backup written: {path}").format(path=result.path), 10_000)

    def _backup_failed(self, message: str) -> None:
        self.statusBar().showMessage(_("The backup failed: {reason}").format(reason=message), 30_000)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        """Remember where the window was, for the next start on this till."""
        if self.printer is not None and self.printer.busy():  # let a receipt being sent finish and be recorded
            self.printer.wait(3)
            QApplication.processEvents()
        first_run = getattr(self, "first_run", None)
        if first_run is not None:  # the demo shop being made: its one transaction ends before the database closes
            first_run.runner.stop(DEMO_WAIT_SECONDS)
        backup_task = getattr(self, "backup_task", None)
        if backup_task is not None:  # a backup being written is finished, not left half a file
            backup_task.wait(BACKUP_WAIT_SECONDS)
        self.settings.set("window_geometry", bytes(self.saveGeometry().toBase64()).decode())
        try:
            self.settings.save()
        except OSError:
            pass  # a read-only config folder must not stop the program from closing
        super().closeEvent(event)
