"""Remember when the owner set a customer's tier by hand: the automatic regular-customer rule leaves it alone."""

from peewee import BooleanField


def up(migrator, db):
    migrator.migrate(migrator.add_column("customer", "tier_set_by_hand", BooleanField(default=False)))


def down(migrator, db):
    migrator.migrate(migrator.drop_column("customer", "tier_set_by_hand"))
