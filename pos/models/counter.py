"""Counters: per-till document numbers (receipts, refunds, invoices) and change versions."""

from peewee import BigIntegerField, CharField

from pos.models.base import BaseModel


class TillCounter(BaseModel):
    till_id = CharField()
    series = CharField()  # receipt | refund | invoice
    last_value = BigIntegerField(default=0)

    class Meta:
        indexes = ((("till_id", "series"), True),)

    @classmethod
    def increment(cls, till_id: str, series: str, by: int = 1) -> int:
        """Add ``by`` (one) to the counter (created at ``by``) and return it: one statement, on both engines."""
        param = cls._meta.database.param
        cursor = cls._meta.database.execute_sql(
            f'INSERT INTO "till_counter" ("till_id", "series", "last_value") VALUES ({param}, {param}, {param}) '
            f'ON CONFLICT ("till_id", "series") DO UPDATE SET "last_value" = "till_counter"."last_value" + {param} '
            'RETURNING "last_value"', (till_id, series, int(by), int(by)))
        return cursor.fetchone()[0]

    @classmethod
    def raise_to(cls, till_id: str, series: str, value: int) -> None:
        """The counter at ``value`` at least (a number given while the server was away): one statement."""
        param = cls._meta.database.param
        cls._meta.database.execute_sql(
            f'INSERT INTO "till_counter" ("till_id", "series", "last_value") VALUES ({param}, {param}, {param}) '
            f'ON CONFLICT ("till_id", "series") DO UPDATE SET "last_value" = {param} '
            f'WHERE "till_counter"."last_value" < {param}', (till_id, series, int(value), int(value), int(value)))


class ChangeCounter(BaseModel):
    """Bumped by database triggers (migration 0006) when something a price depends on changes."""

    name = CharField(primary_key=True)  # pricing
    value = BigIntegerField(default=0)
