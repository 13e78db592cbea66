"""An append-only audit log (the database refuses updates and deletes)."""

from peewee import CharField, DateTimeField, ForeignKeyField, TextField

from pos.models.base import BaseModel, utcnow
from pos.models.fields import JSONField
from pos.models.staff import StaffUser


class AuditEntry(BaseModel):
    at = DateTimeField(default=utcnow, index=True)
    till_id = CharField(default="")
    staff = ForeignKeyField(StaffUser, null=True, backref="audit_entries", on_delete="RESTRICT")
    action = CharField()  # e.g. demo.created, backup.restored, customer.merged
    entity = CharField(default="")
    entity_id = CharField(default="")
    details = JSONField(default=dict)
    summary = TextField(default="")
