"""peewee without the PostgreSQL driver until a PostgreSQL database is opened.

peewee imports psycopg when it is itself imported, and psycopg (with asyncio) takes
about 120 ms: a third of the till's start on a cheap laptop, for nothing on the
usual one-till SQLite shop. ``import_peewee`` hides psycopg while peewee loads;
``load_postgres_driver`` gives peewee what its own import would have set, the first
time a ``postgresql://`` URL is opened. The PostgreSQL tests run through this path
(``tests/services/test_db.py`` opens PostgreSQL in a fresh process).
"""

from __future__ import annotations

import sys


def import_peewee() -> None:
    """Import peewee and its migrations first, with psycopg hidden (a no-op when either is loaded already)."""
    if "peewee" in sys.modules or "psycopg" in sys.modules:
        return
    sys.modules["psycopg"] = None  # type: ignore[assignment]  # `import psycopg` fails: peewee sets it to None
    try:
        import peewee  # noqa: F401
        import playhouse.migrations  # noqa: F401  (through playhouse.postgres_ext, it imports psycopg too)
    finally:
        del sys.modules["psycopg"]


def load_postgres_driver() -> None:
    """Give peewee psycopg as its own import does (module names and the adapter's status constants)."""
    import peewee

    if peewee.psycopg is not None or peewee.psycopg2 is not None:
        return
    import psycopg
    from psycopg.pq import TransactionStatus
    from psycopg.types.json import Json, Jsonb

    peewee.psycopg, peewee.TransactionStatus = psycopg, TransactionStatus
    peewee.Json_pg3, peewee.Jsonb_pg3 = Json, Jsonb
    adapter = peewee.Psycopg3Adapter
    adapter.txn_idle = TransactionStatus.IDLE
    adapter.txn_inerror = TransactionStatus.INERROR
    adapter.txn_unknown = TransactionStatus.UNKNOWN
