"""The owner's own lists: a segment or an acquisition source can be retired (kept on old customers and in
reports, no longer offered); and a deactivated staff member whose PIN was since given to someone else is
marked, so bringing them back asks for a new PIN instead of letting two people share one."""

from peewee import BooleanField


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("segment", "retired", BooleanField(default=False)),
        migrator.add_column("acquisition_source", "retired", BooleanField(default=False)),
        migrator.add_column("staff_user", "pin_taken", BooleanField(default=False)),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column("staff_user", "pin_taken"),
        migrator.drop_column("acquisition_source", "retired"),
        migrator.drop_column("segment", "retired"),
    )
