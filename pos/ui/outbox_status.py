"""The status bar's word on the server: "Offline · 3 sales waiting", the forwarding, and when it is done.

Every few seconds a background check (``forwarding.tick`` through ``pos.ui.tasks``: never on the GUI thread, so
it never holds up selling) asks the server, and when it answers sends what the outbox holds. After each sale the
count is read again at once from the till's own file (no server asked). A till on SQLite shows nothing here.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from pos.i18n import _, ngettext
from pos.ui.tasks import Task, run_in_background

CHECK_MS = 3000  # between two questions to the server
DONE_SHOWN_MS = 15_000  # "all sent" stays this long

OFFLINE_STYLE = "background: #b71c1c; color: white; font-weight: 600; padding: 2px 8px; border-radius: 3px;"
SENDING_STYLE = "background: #f9a825; color: black; font-weight: 600; padding: 2px 8px; border-radius: 3px;"
DONE_STYLE = "background: #1b5e20; color: white; font-weight: 600; padding: 2px 8px; border-radius: 3px;"


class OutboxStatusLabel(QLabel):
    server_changed = Signal()  # the server went away or came back (noticed on any thread): shown at once

    def __init__(self, till_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from pos.services import connectivity, forwarding

        self.till_id = till_id
        self.tick: Callable[[str], object] = forwarding.tick  # tests hand in their own
        self.read: Callable[[str], object] = forwarding.status
        self.task: Task | None = None
        self.state = None  # the last OutboxStatus shown
        self.sent = 0  # sent since the server came back
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.done_timer = QTimer(self)
        self.done_timer.setSingleShot(True)
        self.done_timer.timeout.connect(self._done_shown)
        self.server_changed.connect(self.refresh)  # queued onto the GUI thread when a worker noticed it

        def listener(_offline: bool) -> None:
            try:
                self.server_changed.emit()
            except RuntimeError:  # the label is gone already
                connectivity.unsubscribe(listener)

        connectivity.subscribe(listener)
        self.destroyed.connect(lambda: connectivity.unsubscribe(listener))
        self.hide()

    def start(self) -> None:
        """Begin the checks (a till on a server only)."""
        from pos.services import connectivity

        if not connectivity.can_go_offline() or self.timer.isActive():
            return
        self.refresh()
        self.check()
        self.timer.start(CHECK_MS)

    def stop(self) -> None:
        self.timer.stop()

    def check(self) -> None:
        if self.task is not None and self.task.running():
            return  # the last check is still waiting for the server
        till_id = self.till_id
        self.task = run_in_background(lambda: self.tick(till_id), self.show_status)

    def refresh(self) -> None:
        """After a sale: the count from the till's own file, at once."""
        self.show_status(self.read(self.till_id))

    def show_status(self, state) -> None:
        self.state = state
        if state.offline:
            self.sent = 0
            self.done_timer.stop()
            self._show(ngettext("Offline · {count} sale waiting", "Offline · {count} sales waiting",
                                state.waiting).format(count=state.waiting), OFFLINE_STYLE)
            return
        self.sent += state.sent
        if state.problem:
            self._show(_("{count} offline sales wait: {reason}").format(count=state.waiting, reason=state.problem),
                       OFFLINE_STYLE)
        elif state.waiting:
            self._show(ngettext("Back online · sending {count} offline sale…",
                                "Back online · sending {count} offline sales…", state.waiting).format(
                                    count=state.waiting), SENDING_STYLE)
        elif self.sent:
            self._show(ngettext("Back online · {count} offline sale sent to the server",
                                "Back online · {count} offline sales sent to the server", self.sent).format(
                                    count=self.sent), DONE_STYLE)
            self.done_timer.start(DONE_SHOWN_MS)
        elif not self.done_timer.isActive():
            self.hide()

    def _show(self, text: str, style: str) -> None:
        self.setText(text)
        self.setStyleSheet(style)
        self.show()

    def _done_shown(self) -> None:
        self.sent = 0
        self.hide()
