"""Slow work off the GUI thread: the one place that runs a service call on a worker thread.

Every call that can take longer than about 100 ms at the benchmark sizes (the bring-them-back lists, likely
duplicates, a period report, an import, the demo shop, a backup, a print job) goes through here:

- ``Runner`` belongs to one window: it runs one piece of work at a time (a second start while one runs is
  refused, so a double click builds a list once), shows a ``TaskBar`` (busy or with progress, and a Cancel
  button where cancelling makes sense), and hands the result to a callback on the GUI thread; a failure is
  shown in the user's language (a ``PosError``'s own words; anything else as "could not be finished").
- The work may take a ``Progress``: it reports ``progress(done, total)`` and is cancelled cooperatively, since
  the next report after Cancel raises ``Cancelled`` (inside ``db.atomic()`` that rolls everything back).
  Work that cannot report is cancelled by dropping its result when it ends.
- Widgets are touched only on the GUI thread: results travel by queued signals to the runner, a QObject that
  lives there. The worker's database connection (peewee keeps one per thread, on SQLite and PostgreSQL) is
  opened by the first query and closed when the work ends.
- Closing the window: ``Runner.stop()`` cancels, waits a moment for the work to end, and drops any late result.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from pos.i18n import _

# Nothing from pos.services at the top: importing it loads peewee and every model, and the main window imports
# this module before its login page shows (the cold start); the services load while the PIN is typed. Nor Qt's
# ``Qt`` namespace: its first use makes some ninety enums (80 ms), which the login page does without.

log = logging.getLogger("pos.tasks")
STOP_WAIT_SECONDS = 5.0  # a closing window waits this long for work that cannot stop at once
PROGRESS_EVERY = 0.05  # seconds between two progress reports sent to the window (the rest are skipped)


class Cancelled(Exception):
    """Raised inside the work by ``Progress`` once the user cancelled; the task ends quietly."""


class Progress:
    """Handed to work that can report: ``progress(done, total)`` says how far it got (total 0: unknown) and
    raises ``Cancelled`` once the user pressed Cancel. Safe to call from the worker thread only."""

    def __init__(self, report: Callable[[int, int], None] | None = None) -> None:
        self._cancel = threading.Event()
        self._report = report
        self._last = 0.0

    def __call__(self, done: int = 0, total: int = 0) -> None:
        if self._cancel.is_set():
            raise Cancelled
        if self._report is not None:
            moment = time.monotonic()
            if moment - self._last >= PROGRESS_EVERY or (total and done >= total):  # a loop of 100,000 rows
                self._last = moment  # reports twenty times a second, not 100,000 times
                self._report(done, total)

    def check(self) -> None:
        """Raise ``Cancelled`` if the user cancelled (for loops with nothing to report)."""
        if self._cancel.is_set():
            raise Cancelled

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


def failure_words(exc: BaseException) -> str:
    """What the user reads when work failed: a PosError speaks for itself; a bug is logged and named briefly."""
    from pos.services.errors import PosError

    if isinstance(exc, PosError):
        return str(exc)
    log.error("background work failed", exc_info=exc)
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
    return _("This could not be finished: {reason}").format(reason=reason)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(str)
    progress = Signal(int, int)
    cancelled = Signal()
    ended = Signal()  # after done, failed or cancelled


class Task(QRunnable):
    """One piece of work. ``work()`` or, with ``takes_progress``, ``work(progress)``."""

    def __init__(self, work: Callable[..., object], *, takes_progress: bool = False) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the caller keeps it; Qt must not delete it under a late signal
        self.work, self.takes_progress = work, takes_progress
        self.signals = _Signals()  # made on the GUI thread: slots of GUI objects get its signals queued
        self.progress = Progress(lambda done, total: self._emit(self.signals.progress, done, total))
        self._ended = threading.Event()

    def run(self) -> None:
        try:
            result = self.work(self.progress) if self.takes_progress else self.work()
        except Cancelled:
            self._emit(self.signals.cancelled)
        except Exception as exc:  # noqa: BLE001 - reported to the window, never lost silently
            self._emit(self.signals.failed, failure_words(exc))
        else:
            if self.progress.cancelled:
                self._emit(self.signals.cancelled)  # it could not stop early; its result is dropped
            else:
                self._emit(self.signals.done, result)
        finally:
            try:
                from pos.services.db import close_thread_connection

                close_thread_connection()  # this worker thread's own connection; the GUI thread keeps its one
            except Exception:  # noqa: BLE001 - a connection that will not close must not hide the result
                log.exception("a worker's database connection did not close")
            self._ended.set()
            self._emit(self.signals.ended)

    @staticmethod
    def _emit(signal, *args: Any) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the window was closed and deleted meanwhile: nobody is waiting for it
            pass

    def cancel(self) -> None:
        self.progress.cancel()

    @property
    def running(self) -> bool:
        return not self._ended.is_set()

    def wait(self, seconds: float) -> bool:
        """Block until the work ended (True) or the time is up (False)."""
        return self._ended.wait(seconds)


def run_in_background(work: Callable[[], object], done: Callable[[object], None] | None = None,
                      failed: Callable[[str], None] | None = None, pool: QThreadPool | None = None) -> Task:
    """Fire and forget: for work without a window to show it (the print queue, the automatic backup).
    ``done``/``failed`` should be methods of GUI objects (they are then called on the GUI thread)."""
    task = Task(work)
    if done:
        task.signals.done.connect(done)
    if failed:
        task.signals.failed.connect(failed)
    (pool or QThreadPool.globalInstance()).start(task)
    return task


class TaskBar(QWidget):
    """What the window shows while its work runs: what it is doing, a progress bar (moving back and forth
    while the size is unknown) and Cancel. Hidden when nothing runs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(260)
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton(_("Cancel"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.bar)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        self.hide()

    def begin(self, text: str, cancellable: bool) -> None:
        self.label.setText(text)
        self.bar.setRange(0, 0)  # busy until the work says how much there is
        self.cancel_button.setEnabled(True)
        self.cancel_button.setVisible(cancellable)
        self.show()

    def advance(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))

    def cancelling(self) -> None:
        self.label.setText(_("Cancelling…"))
        self.cancel_button.setEnabled(False)

    def end(self) -> None:
        self.hide()


class Runner(QObject):
    """One window's background work, one task at a time. Create it on the GUI thread, with the window as
    parent; give it the window's ``TaskBar`` (or none: the window shows its own sign, e.g. a disabled button).

    ``started``/``ended`` let the window disable what must not be pressed meanwhile."""

    started = Signal()
    ended = Signal()

    def __init__(self, window: QWidget, bar: TaskBar | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(window)
        self.window, self.bar, self.pool = window, bar, pool or QThreadPool.globalInstance()
        self.task: Task | None = None
        self._done: Callable[[Any], None] | None = None
        self._failed: Callable[[str], None] | None = None
        self._cancelled: Callable[[], None] | None = None
        self.stopped = False
        self._next: tuple | None = None  # asked for while busy, through run_latest
        if bar is not None:
            bar.cancel_button.clicked.connect(self.cancel)

    def busy(self) -> bool:
        return self.task is not None

    def run(self, work: Callable[..., object], done: Callable[[Any], None], *, text: str = "",
            failed: Callable[[str], None] | None = None, cancelled: Callable[[], None] | None = None,
            cancellable: bool = False, takes_progress: bool = False) -> Task | None:
        """Start ``work`` on a worker thread; ``done(result)`` on the GUI thread when it is finished.

        Refused (None) while another task of this window runs, or once the window stopped. A failure goes
        to ``failed(message)``, else to an error box over the window."""
        if self.busy() or self.stopped:
            return None
        from PySide6.QtCore import Qt

        task = Task(work, takes_progress=takes_progress)
        queued = Qt.ConnectionType.QueuedConnection
        task.signals.done.connect(self._on_done, queued)
        task.signals.failed.connect(self._on_failed, queued)
        task.signals.cancelled.connect(self._on_cancelled, queued)
        task.signals.progress.connect(self._on_progress, queued)
        self.task, self._done, self._failed, self._cancelled = task, done, failed, cancelled
        if self.bar is not None:
            self.bar.begin(text or _("Working…"), cancellable)
        self.started.emit()
        self.pool.start(task)
        return task

    def run_latest(self, work: Callable[..., object], done: Callable[[Any], None], **options: Any) -> None:
        """Like ``run``, but asked while busy it runs once the current work ended (only the last one asked:
        a preview for the columns chosen last, not for each choice on the way)."""
        if self.busy():
            self._next = (work, done, options)
        else:
            self.run(work, done, **options)

    def _run_next(self) -> None:
        if self._next is not None and not self.busy() and not self.stopped:
            work, done, options = self._next
            self._next = None
            self.run(work, done, **options)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            if self.bar is not None:
                self.bar.cancelling()

    def wait(self, seconds: float = STOP_WAIT_SECONDS) -> bool:
        """Block until the current work ended (results still arrive through the event loop)."""
        return self.task.wait(seconds) if self.task is not None else True

    def stop(self, seconds: float = STOP_WAIT_SECONDS) -> bool:
        """The window is closing: cancel, give the work a moment to end, drop whatever it still sends."""
        self.stopped, self._next = True, None
        task = self.task
        if task is None:
            return True
        task.cancel()
        self._finish()
        return task.wait(seconds)

    def _current(self) -> bool:
        return self.task is not None and self.sender() is self.task.signals

    def _finish(self) -> None:
        self.task = None
        if self.bar is not None:
            self.bar.end()
        self.ended.emit()

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        if self._current() and self.bar is not None:
            self.bar.advance(done, total)

    @Slot(object)
    def _on_done(self, result: object) -> None:
        if not self._current():
            return
        callback = self._done
        self._finish()
        callback(result)
        self._run_next()

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        if not self._current():
            return
        callback = self._failed
        self._finish()
        if callback is not None:
            callback(message)
        else:
            from pos.ui.widgets import show_error

            show_error(self.window, message)
        self._run_next()

    @Slot()
    def _on_cancelled(self) -> None:
        if not self._current():
            return
        callback = self._cancelled
        self._finish()
        if callback is not None:
            callback()
        self._run_next()
