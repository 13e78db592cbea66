"""The till's printer: jobs are stored at once, sent off the GUI thread, and never hold up a sale."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from pos.i18n import _
from pos.printing.transport import Delivery, send
from pos.services import print_queue
from pos.services.errors import PosError
from pos.services.print_queue import Job, Printed, PrinterConfig
from pos.settings import MachineSettings
from pos.ui.tasks import Task, run_in_background

log = logging.getLogger("pos.printing")
GRACE_SECONDS = 5  # beyond the transport's own timeout, before an attempt is given up as hanging


class Printer(QObject):
    """``finished`` carries the job after each attempt (printed, or still queued with its error);
    ``refused`` a message when a job could not even be stored (no printer set up, a bad address)."""

    finished = Signal(object)
    refused = Signal(str)

    def __init__(self, settings: MachineSettings, till_id: str, timeout: float = 10.0) -> None:
        super().__init__()
        self.settings, self.till_id, self.timeout = settings, till_id, timeout
        self.tasks: dict[int, Task] = {}  # the attempts under way, by job id
        self.pool = QThreadPool(self)  # its own threads: a stuck printer never holds up a backup
        self.pool.setMaxThreadCount(4)

    @property
    def configured(self) -> bool:
        return bool(self.settings["printer_url"])

    @property
    def prints_receipts(self) -> bool:
        return self.configured and bool(self.settings["print_receipts"])

    def config(self, url: str | None = None) -> PrinterConfig:
        return print_queue.printer_config(self.settings, url)

    def submit(self, make: Callable[[PrinterConfig], Job | None], url: str | None = None) -> Job | None:
        """Store the job ``make`` builds for this till's printer (or ``url``) and send it in the background.

        Nothing that goes wrong here reaches the caller: a sale is complete whatever its receipt does.
        """
        try:
            job = make(self.config(url))
        except PosError as exc:
            self.refused.emit(str(exc))
            return None
        except Exception as exc:  # noqa: BLE001 - a printing bug must never undo or hold up a sale
            log.exception("a print could not be prepared")
            self.refused.emit(_("The print could not be prepared ({reason}); the sale is stored.").format(
                reason=exc))
            return None
        if job is not None:
            self.send(job)
        return job

    def receipt_config(self) -> PrinterConfig | None:
        """Where a sale's receipt goes (None: this till prints no receipts, or its printer cannot be read)."""
        return self.config_for(self.prints_receipts)

    def ticket_configs(self) -> dict[str, PrinterConfig] | None:
        """This till's bar and kitchen printers (None when it has none, or they cannot be read: no tickets, the sale
        goes on)."""
        from pos.services.bar_tickets import ticket_printers

        try:
            return ticket_printers(self.settings) or None  # none on this till: no tickets, nothing asked
        except Exception as exc:  # noqa: BLE001 - a printing bug must never undo or hold up a sale
            log.exception("the ticket printers' settings could not be read")
            self.refused.emit(_("The print could not be prepared ({reason}); the sale is stored.").format(
                reason=exc))
            return None

    def config_for(self, wanted: bool) -> PrinterConfig | None:
        """This till's printer for a print that is ``wanted`` (None: not wanted, or the printer cannot be read;
        a service handed the config stores the job, ``deliver`` sends it)."""
        if not wanted:
            return None
        try:
            return self.config()
        except Exception as exc:  # noqa: BLE001 - a printing bug must never undo or hold up a sale
            log.exception("the printer's settings could not be read")
            self.refused.emit(_("The print could not be prepared ({reason}); the sale is stored.").format(
                reason=exc))
            return None

    def deliver(self, printed: Printed) -> None:
        """Send the job a service stored as part of a larger action, or say why there is none."""
        if printed.refused:
            self.refused.emit(printed.refused)
        if printed.job is not None:
            self.send(printed.job)

    def send(self, job: Job) -> None:
        if job.id in self.tasks:  # an attempt is under way already
            return
        url, data, timeout = job.printer_url, job.data, self.timeout
        task = run_in_background(lambda: send(url, data, timeout),
                                 lambda delivery: self._printed(job.id, task, delivery),
                                 lambda message: self._failed(job.id, task, message), pool=self.pool)
        self.tasks[job.id] = task
        QTimer.singleShot(int((timeout + GRACE_SECONDS) * 1000), self, lambda: self._expired(job.id, task))

    def retry(self, job_id: int) -> None:
        self.send(print_queue.get_job(job_id))

    def print_again(self, job: Job) -> None:
        """Send a waiting job again, or one sent, not confirmed (it waits again until the printer takes it)."""
        if job.id in self.tasks:
            return
        self.send(print_queue.print_again(job.id))

    def busy(self) -> bool:
        return bool(self.tasks)

    def wait(self, seconds: float) -> None:
        """Give the attempts under way a moment to finish (the window is closing)."""
        self.pool.waitForDone(int(seconds * 1000))

    def _current(self, job_id: int, task: Task) -> bool:
        if self.tasks.get(job_id) is not task:
            return False  # given up already; a late answer changes nothing
        del self.tasks[job_id]
        return True

    def _printed(self, job_id: int, task: Task, delivery: Delivery) -> None:
        """Printed when the printer proved it; a network printer that could not is *sent, not confirmed*."""
        if self._current(job_id, task) and job_id > 0:  # an offline receipt (id < 0) is in no queue
            print_queue.record_delivery(job_id, delivery)
            self.finished.emit(print_queue.get_job(job_id))

    def _failed(self, job_id: int, task: Task, message: str) -> None:
        if not self._current(job_id, task):
            return
        if job_id < 0:  # an offline receipt: no queue to keep it in
            self.refused.emit(_("The receipt was not printed: {reason}").format(reason=message))
            return
        print_queue.mark_failed(job_id, message)
        self.finished.emit(print_queue.get_job(job_id))

    def _expired(self, job_id: int, task: Task) -> None:
        """The transport did not give up by itself (a serial port or a device file that hangs)."""
        if job_id < 0:
            self._failed(job_id, task, _("it did not answer in time"))
        elif self._current(job_id, task):
            job = print_queue.get_job(job_id)
            print_queue.mark_failed(job_id, _("The printer {printer} cannot print: {reason}.").format(
                printer=job.printer_url, reason=_("it did not answer in time")))
            self.finished.emit(print_queue.get_job(job_id))
