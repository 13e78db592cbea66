"""Print jobs: every print is stored first, then sent; a failed one waits with its error."""

from peewee import BlobField, BooleanField, CharField, Check, DateTimeField, IntegerField, TextField

from pos.models.base import BaseModel, utcnow


class PrintJob(BaseModel):
    """Transitions:

    ========  =====================================================================
    queued    → printed (the printer took it and said so), → sent (a network printer's network took it,
                the printer did not confirm), → cancelled; a failed attempt stays queued, with its error
    sent      → printed (the cashier saw it come out), → queued (print it again)
    ========  =====================================================================
    """

    till_id = CharField(index=True)
    kind = CharField()  # receipt | refund | card | shift | test | drawer | production | consignment | ticket | label
    reference = CharField(default="")  # the receipt number, the member code …
    title = CharField()  # in the language it was made in: "Struk K1-000123"
    printer_url = CharField()
    payload = BlobField()  # the exact bytes for that printer
    copy = BooleanField(default=False)  # a reprint: made again as a copy when sent to another printer
    open_drawer = BooleanField(default=False)  # the drawer kick follows the first attempt only, never a retry
    status = CharField(default="queued", constraints=[Check("status IN ('queued', 'sent', 'printed', 'cancelled')")])
    attempts = IntegerField(default=0)
    error = TextField(default="")  # why it waits; for a sent job, why it is not confirmed (may be empty)
    created_at = DateTimeField(default=utcnow)
    printed_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("till_id", "status"), False),)  # the waiting jobs of a till
