"""Use cases: each changes data in one transaction and returns dataclasses, never rows."""

import pos.models  # noqa: E402,F401  (before any service imports peewee: see pos.models.driver)
