"""Use cases: each changes data in one transaction and returns dataclasses, never rows."""
