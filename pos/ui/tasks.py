"""Slow work off the GUI thread (backups, printing). Widgets are touched only on the GUI thread."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(str)


class Task(QRunnable):
    def __init__(self, work: Callable[[], object]) -> None:
        super().__init__()
        self.work = work
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as exc:  # noqa: BLE001 - reported to the window, never lost silently
            self.signals.failed.emit(str(exc))
            return
        self.signals.done.emit(result)


def run_in_background(work: Callable[[], object], done: Callable[[object], None] | None = None,
                      failed: Callable[[str], None] | None = None, pool: QThreadPool | None = None) -> Task:
    task = Task(work)
    task.setAutoDelete(False)  # the caller keeps it; Qt must not delete it under a late signal
    if done:
        task.signals.done.connect(done)
    if failed:
        task.signals.failed.connect(failed)
    (pool or QThreadPool.globalInstance()).start(task)
    return task
