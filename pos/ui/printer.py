"""The till's printer: jobs are stored at once, sent off the GUI thread, and never hold up a sale."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from pos.printing.transport import send
from pos.services import print_queue
from pos.services.errors import PosError
from pos.services.print_queue import Job, PrinterConfig
from pos.settings import MachineSettings
from pos.ui.tasks import Task, run_in_background


class Printer(QObject):
    """``finished`` carries the job after each attempt (printed, or still queued with its error);
    ``refused`` a message when a job could not even be stored (no printer set up, a bad address)."""

    finished = Signal(object)
    refused = Signal(str)

    def __init__(self, settings: MachineSettings, till_id: str, timeout: float = 10.0) -> None:
        super().__init__()
        self.settings, self.till_id, self.timeout = settings, till_id, timeout
        self.tasks: dict[int, Task] = {}  # the attempts under way, by job id

    @property
    def configured(self) -> bool:
        return bool(self.settings["printer_url"])

    @property
    def prints_receipts(self) -> bool:
        return self.configured and bool(self.settings["print_receipts"])

    def config(self, url: str | None = None) -> PrinterConfig:
        return print_queue.printer_config(self.settings, url)

    def submit(self, make: Callable[[PrinterConfig], Job | None], url: str | None = None) -> Job | None:
        """Store the job ``make`` builds for this till's printer (or ``url``) and send it in the background."""
        try:
            job = make(self.config(url))
        except PosError as exc:
            self.refused.emit(str(exc))
            return None
        if job is not None:
            self.send(job)
        return job

    def send(self, job: Job) -> None:
        if job.id in self.tasks:  # an attempt is under way already
            return
        url, payload, timeout = job.printer_url, job.payload, self.timeout
        self.tasks[job.id] = run_in_background(lambda: send(url, payload, timeout),
                                               lambda _result: self._printed(job.id),
                                               lambda message: self._failed(job.id, message))

    def retry(self, job_id: int) -> None:
        self.send(print_queue.get_job(job_id))

    def busy(self) -> bool:
        return bool(self.tasks)

    def _printed(self, job_id: int) -> None:
        self.tasks.pop(job_id, None)
        print_queue.mark_printed(job_id)
        self.finished.emit(print_queue.get_job(job_id))

    def _failed(self, job_id: int, message: str) -> None:
        self.tasks.pop(job_id, None)
        print_queue.mark_failed(job_id, message)
        self.finished.emit(print_queue.get_job(job_id))
