"""The shop's tills (K1, K2 …) and the computer that holds each: one computer per till, one till per computer."""

from peewee import CharField, DateTimeField

from pos.models.base import BaseModel, utcnow


class Till(BaseModel):
    """A till of the shop. Its shifts and counters are keyed by its id; only its holder sells at it.

    Transitions: free → held (a computer claims it) → free (that computer moves to another till, or the owner
    releases it when the computer died). A held till is never taken over: it is released first.
    """

    id = CharField(primary_key=True, max_length=6)  # K1, K2 … (printed in receipt numbers)
    name = CharField(default="")  # "Counter by the door"
    computer_id = CharField(null=True)  # the holder's random identity (pos.services.computer); None: free
    computer_name = CharField(default="")  # the holder's host name, for people to read
    claimed_at = DateTimeField(null=True)
    last_seen = DateTimeField(null=True)  # the holder's last sign of life (start, login, heartbeat)
    created_at = DateTimeField(default=utcnow)
