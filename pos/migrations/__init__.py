"""Numbered schema migrations (playhouse.migrations: up(migrator, db)); run by services/db.py."""
