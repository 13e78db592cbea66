"""Each customer's visits in one row, kept by checkout, refunds, voids and merges (services/visits.py), so the
bring-them-back lists read 100,000 rows instead of every sale. The raw sales stay the truth: the summary is
rebuilt from them (`pos visits --rebuild`, migration 0029).
"""

from peewee import BigIntegerField, ForeignKeyField, IntegerField, TextField

from pos.models.base import BaseModel
from pos.models.customer import Customer


class VisitSummary(BaseModel):
    customer = ForeignKeyField(Customer, primary_key=True)
    first_day = IntegerField()  # shop day numbers (date.toordinal()) of the first and last visit
    last_day = IntegerField()
    visits = IntegerField()  # days with a completed sale; 0 when every sale was voided
    spend = BigIntegerField()  # every sale and refund of theirs summed (minor units), as the lists count it
    usual_interval = IntegerField(null=True)  # the median gap between visit days; None under three visits
    days = TextField(default="")  # the visit days, comma-separated, oldest first (for the monthly rate)

    class Meta:
        table_name = "visit_summary"


class VisitSummaryState(BaseModel):
    """One row: the shop's UTC offset the day numbers were worked out with. When the shop's time zone
    changes, the lists read the sales again until the summary is rebuilt."""

    id = IntegerField(primary_key=True)
    offset_seconds = IntegerField()

    class Meta:
        table_name = "visit_summary_state"
