"""The print queue: every print is a stored job first; sending it can fail without touching the sale.

The till stores a job (quick, on the GUI thread), hands ``job.printer_url`` and
``job.payload`` to a background task that calls ``printing.transport.send`` (slow,
with a timeout), then records the outcome with ``record_delivery`` or ``mark_failed``.
A failed job stays queued with its error, to retry, reprint or send elsewhere.

A job is *printed* only when that is proven: a local printer took the bytes, or a network printer with
``?status=1`` answered a status question sent after the job. A network printer that cannot prove it leaves
the job *sent, not confirmed* (``SENT``): the print queue shows it, the cashier prints it again or says it
came out.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace

from pos.domain.payment_methods import gives_change
from pos.i18n import _, describe_cash_kind
from pos.models import AuditEntry, CashEntry, Customer, PrintJob, Sale, Shift, db
from pos.printing.card import CardData, card_document
from pos.printing.document import Document
from pos.printing.receipt import ReceiptData, receipt_document
from pos.printing.render_escpos import DRAWER_KICK, PROFILES, to_bytes
from pos.printing.ticket import TicketData, ticket_document
from pos.printing.slips import ShiftSlipData, printer_test_document, shift_slip_document
from pos.printing.transport import DEFAULT_TIMEOUT, Delivery, PrintFailed, parse_printer_url, send
from pos.services import clock
from pos.services.errors import InvalidInput, PosError
from pos.services.pricing import stamp_card
from pos.services.receipts import receipt_data
from pos.services.shop_settings import shop_settings
from pos.services.till import shift_info
from pos.services.access import ANYONE, READ, allowed

QUEUED, SENT, PRINTED, CANCELLED = "queued", "sent", "printed", "cancelled"
log = logging.getLogger("pos.printing")
UNCONFIRMED_SHOWN = 50  # the latest sent-not-confirmed jobs the print queue lists


@dataclass(frozen=True)
class PrinterConfig:
    url: str
    profile: str  # a key of render_escpos.PROFILES
    cash_drawer: bool = False
    logo: str = ""

    @property
    def columns(self) -> int:
        return PROFILES[self.profile].columns


@allowed(READ)
def printer_config(settings, url: str | None = None) -> PrinterConfig:
    """The machine's printer (or ``url`` instead), its kind from the setting or the paper width."""
    from pos.services.shop import shop_logo_file

    profile = settings["printer_profile"] or ("generic80" if settings["paper_width"] == 80 else "generic58")
    return PrinterConfig(url if url is not None else settings["printer_url"], profile, settings["cash_drawer"],
                         settings["receipt_logo"] or shop_logo_file())  # this till's own logo, else the shop's


@dataclass(frozen=True)
class Job:
    id: int
    kind: str
    reference: str
    title: str
    printer_url: str
    payload: bytes
    status: str
    attempts: int
    error: str
    created_at: dt.datetime
    copy: bool = False
    open_drawer: bool = False

    @property
    def unconfirmed(self) -> bool:
        """Sent to a network printer that did not prove it took it."""
        return self.status == SENT

    @property
    def data(self) -> bytes:
        """What to send now: the drawer opens with the first attempt only (a retry hours later must not)."""
        return self.payload + (DRAWER_KICK if self.open_drawer and self.attempts == 0 else b"")


def _job(row: PrintJob) -> Job:
    return Job(row.id, row.kind, row.reference, row.title, row.printer_url, bytes(row.payload), row.status,
               row.attempts, row.error, row.created_at, row.copy, row.open_drawer)


def _store(till_id: str, kind: str, reference: str, doc: Document, config: PrinterConfig,
           payload: bytes | None = None, *, copy: bool = False, open_drawer: bool = False) -> Job:
    if not config.url:
        raise InvalidInput(_("No printer is set up on this till: choose one in the printer settings."))
    try:
        parse_printer_url(config.url)
    except PrintFailed as exc:
        raise InvalidInput(str(exc)) from None
    data = payload if payload is not None else to_bytes(doc, config.profile)
    with db.atomic():
        row = PrintJob.create(till_id=till_id, kind=kind, reference=reference, title=doc.title,
                              printer_url=config.url, payload=data, copy=copy, open_drawer=open_drawer)
    return _job(row)


@allowed(ANYONE, why="queues a print of what is stored; prints change no data")
def queue_receipt(sale_id: int, till_id: str, config: PrinterConfig, *, copy: bool = False,
                  drawer: bool = True, data: ReceiptData | None = None) -> Job:
    """The sale's receipt (or refund slip); the drawer opens with it when cash came in and a drawer is attached
    (not for a copy, and not when ``drawer`` is False: a receipt sent again to another printer). ``data``: the
    sale's receipt built already (completing a sale builds it once for the screen, the chat and the paper)."""
    data = data if data is not None else receipt_data(sale_id, copy=copy)
    doc = receipt_document(replace(data, logo=config.logo, copy=copy))
    sale = Sale.get_by_id(sale_id)
    cash = any(gives_change(p.method) for p in sale.payments)
    kick = drawer and config.cash_drawer and cash and not copy
    return _store(till_id, "refund" if sale.kind == "refund" else "receipt", sale.number, doc, config,
                  copy=copy, open_drawer=kick)


@dataclass(frozen=True)
class Printed:
    """What became of a print asked for as part of a larger action: the stored job (sent next, in the
    background), or why none could be stored (no printer set up, a bad address), or nothing asked."""

    job: Job | None = None
    refused: str = ""


@allowed(ANYONE, why="queues a print of what is stored; a failure is returned, never raised")
def queue_quietly(make: Callable[[PrinterConfig], Job | None], config: PrinterConfig | None) -> Printed:
    """Store the job ``make`` builds for ``config`` (None: no print asked). Nothing that goes wrong here reaches
    the caller: a sale, a refund or a pickup is complete whatever its paper does."""
    if config is None:
        return Printed()
    try:
        return Printed(make(config))
    except PosError as exc:
        return Printed(refused=str(exc))
    except Exception as exc:  # noqa: BLE001 - a printing bug must never undo or hold up a sale
        log.exception("a print could not be prepared")
        return Printed(refused=_("The print could not be prepared ({reason}); the sale is stored.").format(
            reason=exc))


@allowed(READ)
def card_data(member_code: str) -> CardData:
    customer = Customer.get_or_none(Customer.member_code == member_code.strip().upper())
    if customer is None:
        raise InvalidInput(_("There is no customer with member code {value}.").format(value=member_code))
    shop = shop_settings()
    stamps = stamp_card(customer.id, clock.now())
    have, need, reward = stamps if stamps else (0, 0, "")
    return CardData(shop.shop_name, customer.name, customer.member_code, have, need, reward, shop.whatsapp)


@allowed(ANYONE, why="queues a print of the bar's or the kitchen's ticket")
def queue_ticket(data: TicketData, till_id: str, config: PrinterConfig) -> Job:
    """A ticket for the bar or the kitchen, on that station's printer."""
    return _store(till_id, "ticket", data.reference, ticket_document(data), config)


@allowed(ANYONE, why="queues a print of a loyalty card")
def queue_card(member_code: str, till_id: str, config: PrinterConfig) -> Job:
    card = card_data(member_code)
    return _store(till_id, "card", card.member_code, card_document(card), config)


@allowed(ANYONE, why="a member card's PDF in the documents folder")
def save_card_pdf(member_code: str, path) -> None:
    """The member card as a PDF, to print on any printer (no receipt printer on this till)."""
    from pos.printing.card_pdf import cards_pdf

    cards_pdf([card_data(member_code)], path)


@allowed(ANYONE, why="queues a test page")
def queue_test_page(till_id: str, config: PrinterConfig) -> Job:
    doc = printer_test_document(shop_settings().shop_name, config.url, config.profile, config.columns)
    return _store(till_id, "test", "", doc, config)


@allowed(ANYONE, why="the drawer after a cash sale")
def queue_drawer_kick(till_id: str, config: PrinterConfig) -> Job | None:
    """The drawer pulse alone (after the owner approved opening it); None when no drawer is attached."""
    if not config.cash_drawer or not config.url:
        return None
    return _store(till_id, "drawer", "", Document((), cut=False, title=_("Open the drawer")), config,
                  payload=DRAWER_KICK)


ONE_TRY = ("drawer",)  # jobs that mean something only now: a failed one is dropped, never retried later


@allowed(READ)
def shift_slip_data(shift_id: int) -> ShiftSlipData:
    shift = Shift.get_by_id(shift_id)
    info = shift_info(shift_id)
    entries = list(shift.cash_entries.order_by(CashEntry.id))
    moves = tuple((e.note or describe_cash_kind(e.kind), e.amount) for e in entries
                  if e.kind in ("cash_in", "cash_out"))
    count = tuple(sorted(((int(k), int(v)) for k, v in (shift.cash_count or {}).items()), reverse=True))
    shop = shop_settings()
    closing = AuditEntry.get_or_none((AuditEntry.action == "shift.closed") & (AuditEntry.entity == "shift")
                                     & (AuditEntry.entity_id == str(shift.id)))
    details = closing.details if closing is not None else {}
    return ShiftSlipData(shop.shop_name, shift.till_id, info.cashier, shift.opened_at, shift.closed_at,
                         shop.zone_name, info.summary, count, info.by_kind, moves,
                         closed_by=details.get("by", ""), approved_by=details.get("approved_by", ""))


@allowed(ANYONE, why="queues a print of a shift's slip")
def queue_shift_slip(shift_id: int, till_id: str, config: PrinterConfig) -> Job:
    doc = shift_slip_document(shift_slip_data(shift_id))
    return _store(till_id, "shift", str(shift_id), doc, config)


@allowed(ANYONE, why="queues a print of the production list")
def queue_production_list(day, till_id: str, config: PrinterConfig, *, data=None) -> Job:
    """The kitchen's list of a day; ``data``: its ``preorders.production_data`` built already."""
    from pos.printing.orders import production_document
    from pos.services.preorders import production_data

    doc = production_document(data if data is not None else production_data(day))
    return _store(till_id, "production", day.isoformat(), doc, config)


@allowed(ANYONE, why="queues a print of a consignment note")
def queue_consignment_note(reference: str, till_id: str, config: PrinterConfig, *, data=None) -> Job:
    """The note of one leaving or one visit; ``data``: its ``consignment.note_data`` built already."""
    from pos.printing.orders import consignment_document
    from pos.services.consignment import note_data

    doc = consignment_document(data if data is not None else note_data(reference))
    return _store(till_id, "consignment", reference, doc, config)


@allowed(ANYONE, why="queues a print of the day's recap")
def queue_recap(day, till_filter: str | None, till_id: str, config: PrinterConfig) -> Job:
    from pos.services.recap import day_recap, recap_outputs

    doc = recap_outputs(day_recap(day, till_filter))["document"]
    return _store(till_id, "recap", day.isoformat(), doc, config)


@allowed(READ)
def waiting_jobs(till_id: str) -> list[Job]:
    """Jobs of this till not printed yet, oldest first (those that failed carry their error)."""
    rows = (PrintJob.select().where((PrintJob.till_id == till_id) & (PrintJob.status == QUEUED))
            .order_by(PrintJob.id))
    return [_job(row) for row in rows]


@allowed(READ)
def unconfirmed_jobs(till_id: str, limit: int = UNCONFIRMED_SHOWN) -> list[Job]:
    """This till's latest jobs sent, not confirmed, oldest first: a network printer took the bytes and never
    said it printed them (a printer that hung, or one without ``?status=1``)."""
    rows = (PrintJob.select().where((PrintJob.till_id == till_id) & (PrintJob.status == SENT)
                                    & PrintJob.kind.not_in(ONE_TRY))  # a drawer pulse means nothing later
            .order_by(PrintJob.id.desc()).limit(limit))
    return [_job(row) for row in reversed(rows)]


@allowed(READ)
def queue_jobs(till_id: str) -> list[Job]:
    """What the print queue shows: the waiting jobs, then the ones sent, not confirmed."""
    return waiting_jobs(till_id) + unconfirmed_jobs(till_id)


@allowed(READ)
def get_job(job_id: int) -> Job:
    return _job(PrintJob.get_by_id(job_id))


@allowed(ANYONE, why="the print queue's own state")
def mark_printed(job_id: int) -> None:
    with db.atomic():
        PrintJob.update(status=PRINTED, attempts=PrintJob.attempts + 1, error="", printed_at=clock.now()).where(
            (PrintJob.id == job_id) & (PrintJob.status == QUEUED)).execute()


@allowed(ANYONE, why="the print queue's own state")
def mark_sent(job_id: int, note: str = "") -> None:
    """The network took the job, the printer did not confirm it: shown in the queue, to print again."""
    with db.atomic():
        PrintJob.update(status=SENT, attempts=PrintJob.attempts + 1, error=note[:500], printed_at=clock.now()).where(
            (PrintJob.id == job_id) & (PrintJob.status == QUEUED)).execute()


@allowed(ANYONE, why="the print queue's own state")
def record_delivery(job_id: int, delivery: Delivery) -> None:
    """What the transport knows after an attempt that did not fail: printed when proven, else sent."""
    if delivery.confirmed:
        mark_printed(job_id)
    else:
        mark_sent(job_id, delivery.note)


@allowed(ANYONE, why="the print queue's own state")
def print_again(job_id: int) -> Job:
    """A job sent, not confirmed, waits to be printed again (the drawer does not open a second time)."""
    with db.atomic():
        changed = PrintJob.update(status=QUEUED).where(
            (PrintJob.id == job_id) & (PrintJob.status.in_((QUEUED, SENT))) & PrintJob.kind.not_in(ONE_TRY)).execute()
    if not changed:
        raise InvalidInput(_("That print is not waiting any more."))
    return get_job(job_id)


@allowed(ANYONE, why="the print queue's own state")
def came_out(job_id: int) -> None:
    """The cashier saw a job sent, not confirmed, come out of the printer: it is printed."""
    with db.atomic():
        changed = PrintJob.update(status=PRINTED, error="").where(
            (PrintJob.id == job_id) & (PrintJob.status == SENT)).execute()
    if not changed:
        raise InvalidInput(_("That print is not waiting any more."))


@allowed(ANYONE, why="the print queue's own state")
def mark_failed(job_id: int, error: str) -> None:
    with db.atomic():
        row = PrintJob.get_by_id(job_id)
        status = CANCELLED if row.kind in ONE_TRY else row.status
        PrintJob.update(attempts=PrintJob.attempts + 1, error=error[:500], status=status).where(
            PrintJob.id == job_id).execute()


@allowed(ANYONE, why="sends a waiting print to another printer")
def redirect(job_id: int, config: PrinterConfig) -> Job:
    """Send a waiting job to another printer instead (made again for that printer's paper, never with a kick)."""
    row = PrintJob.get_by_id(job_id)
    if row.status not in (QUEUED, SENT):
        raise InvalidInput(_("That print is not waiting any more."))
    job = _job(row)
    if job.kind in ("receipt", "refund"):
        sale = Sale.get(Sale.number == job.reference)
        new = queue_receipt(sale.id, row.till_id, config, copy=job.copy, drawer=False)
    else:
        new = _store(row.till_id, job.kind, job.reference, Document((), title=job.title), config,
                     payload=job.payload, copy=job.copy)
    cancel(job_id)
    return new


@allowed(ANYONE, why="drops a waiting print (the sale stays; a reprint is possible)")
def cancel(job_id: int) -> None:
    with db.atomic():
        PrintJob.update(status=CANCELLED).where((PrintJob.id == job_id) & (PrintJob.status.in_((QUEUED, SENT)))
                                                ).execute()


@allowed(ANYONE, why="sends a queued print to its printer")
def print_now(job: Job, timeout: float = DEFAULT_TIMEOUT) -> Job:
    """Send and record the outcome, in the caller's thread (the command line; the till uses a background task)."""
    try:
        delivery = send(job.printer_url, job.data, timeout)
    except PrintFailed as exc:
        mark_failed(job.id, str(exc))
        return get_job(job.id)
    record_delivery(job.id, delivery)
    return get_job(job.id)


@allowed(ANYONE, why="queues a print of product labels")
def queue_labels(code: str, copies: int, till_id: str, config: PrinterConfig, **options) -> Job:
    """``copies`` labels of a product on the thermal printer, one job (``options``: as ``labels.label_data``)."""
    from pos.printing.labels import label_document
    from pos.services.labels import label_copies

    label = label_copies(code, copies, **options)[0]
    return _store(till_id, "label", label.barcode, label_document(label, copies=copies), config)
