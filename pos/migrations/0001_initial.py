"""The core schema: catalogue, prices, customers, promotions, sales, ledgers, staff, audit.

Frozen copies of the models as they were at this migration (generated from
them with playhouse.migrations, then given their CHECK constraints), so that
later changes to ``pos.models`` never change what this step creates.
"""
from peewee import *


def up(migrator, db):
    class AcquisitionSource(Model):
        code = CharField(unique=True)
        name = CharField()
        position = IntegerField(default=0)
        class Meta:
            database = db
            table_name = 'acquisition_source'
    db.create_tables([AcquisitionSource])

    class StaffUser(Model):
        name = CharField(unique=True)
        role = CharField(default='cashier')
        pin_hash = CharField()
        active = BooleanField(default=True)
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'staff_user'
    db.create_tables([StaffUser])

    class AuditEntry(Model):
        at = DateTimeField(index=True)
        till_id = CharField(default='')
        staff = ForeignKeyField(StaffUser, null=True, on_delete='RESTRICT')
        action = CharField()
        entity = CharField(default='')
        entity_id = CharField(default='')
        details = TextField(default='{}')
        summary = TextField(default='')
        class Meta:
            database = db
            table_name = 'audit_entry'
    db.create_tables([AuditEntry])

    class Shift(Model):
        till_id = CharField(index=True)
        cashier = ForeignKeyField(StaffUser, on_delete='RESTRICT')
        status = CharField(default='open')
        opened_at = DateTimeField()
        closed_at = DateTimeField(null=True)
        opening_float = BigIntegerField(default=0)
        counted_cash = BigIntegerField(null=True)
        class Meta:
            database = db
            table_name = 'shift'
    db.create_tables([Shift])

    class PriceTier(Model):
        code = CharField(unique=True)
        name = CharField()
        position = IntegerField(default=0)
        class Meta:
            database = db
            table_name = 'price_tier'
    db.create_tables([PriceTier])

    class Customer(Model):
        name = CharField()
        phone = CharField(unique=True, null=True)
        member_code = CharField(unique=True)
        tier = ForeignKeyField(PriceTier, on_delete='RESTRICT')
        source = ForeignKeyField(AcquisitionSource, null=True, on_delete='SET NULL')
        referred_by = ForeignKeyField('self', null=True, on_delete='SET NULL')
        village = CharField(default='')
        address = TextField(default='')
        birthday = DateField(null=True)
        notes = TextField(default='')
        promo_consent = BooleanField(default=False)
        promo_consent_at = DateTimeField(null=True)
        credit_limit = BigIntegerField(null=True, constraints=[Check('credit_limit IS NULL OR credit_limit >= 0')])
        active = BooleanField(default=True)
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'customer'
    db.create_tables([Customer])

    class Sale(Model):
        number = CharField(unique=True)
        till_id = CharField(index=True)
        kind = CharField(default='sale')
        status = CharField(default='completed')
        refund_of = ForeignKeyField('self', null=True, on_delete='RESTRICT')
        shift = ForeignKeyField(Shift, null=True, on_delete='RESTRICT')
        cashier = ForeignKeyField(StaffUser, null=True, on_delete='RESTRICT')
        customer = ForeignKeyField(Customer, null=True, on_delete='RESTRICT')
        created_at = DateTimeField(index=True)
        subtotal = BigIntegerField(default=0)
        discount_total = BigIntegerField(default=0)
        tax_total = BigIntegerField(default=0)
        rounding = BigIntegerField(default=0)
        total = BigIntegerField(default=0)
        note = TextField(default='')
        class Meta:
            database = db
            table_name = 'sale'
    db.create_tables([Sale])

    class CashEntry(Model):
        shift = ForeignKeyField(Shift, on_delete='RESTRICT')
        kind = CharField()
        amount = BigIntegerField()
        sale = ForeignKeyField(Sale, null=True, on_delete='RESTRICT')
        staff = ForeignKeyField(StaffUser, null=True, on_delete='RESTRICT')
        note = TextField(default='')
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'cash_entry'
    db.create_tables([CashEntry])

    class Category(Model):
        name = CharField(unique=True)
        position = IntegerField(default=0)
        color = CharField(default='#8d6e63')
        class Meta:
            database = db
            table_name = 'category'
    db.create_tables([Category])

    class Segment(Model):
        code = CharField(unique=True)
        name = CharField()
        position = IntegerField(default=0)
        class Meta:
            database = db
            table_name = 'segment'
    db.create_tables([Segment])

    class CustomerSegment(Model):
        customer = ForeignKeyField(Customer, on_delete='CASCADE')
        segment = ForeignKeyField(Segment, on_delete='CASCADE')
        class Meta:
            database = db
            table_name = 'customer_segment'
            indexes = ((('customer', 'segment'), True),)
    db.create_tables([CustomerSegment])

    class DepositEntry(Model):
        customer = ForeignKeyField(Customer, on_delete='RESTRICT')
        sale = ForeignKeyField(Sale, null=True, on_delete='RESTRICT')
        amount = BigIntegerField()
        note = TextField(default='')
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'deposit_entry'
    db.create_tables([DepositEntry])

    class KasbonEntry(Model):
        customer = ForeignKeyField(Customer, on_delete='RESTRICT')
        sale = ForeignKeyField(Sale, null=True, on_delete='RESTRICT')
        amount = BigIntegerField()
        due_date = DateField(null=True)
        note = TextField(default='')
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'kasbon_entry'
    db.create_tables([KasbonEntry])

    class Payment(Model):
        sale = ForeignKeyField(Sale, on_delete='CASCADE')
        method = CharField()
        amount = BigIntegerField()
        tendered = BigIntegerField(null=True)
        change = BigIntegerField(default=0)
        reference = CharField(default='')
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'payment'
    db.create_tables([Payment])

    class Product(Model):
        code = CharField(unique=True)
        barcode = CharField(unique=True, null=True)
        name = CharField()
        unit = CharField(default='pcs')
        category = ForeignKeyField(Category, on_delete='RESTRICT')
        retail_price = BigIntegerField(constraints=[Check('retail_price >= 0')])
        cost = BigIntegerField(null=True, constraints=[Check('cost IS NULL OR cost >= 0')])
        active = BooleanField(default=True)
        grid_position = IntegerField(default=0)
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'product'
    db.create_tables([Product])

    class Promotion(Model):
        name = CharField()
        kind = CharField()
        conditions = TextField(default='{}')
        parameters = TextField(default='{}')
        valid_from = DateTimeField(null=True)
        valid_to = DateTimeField(null=True)
        weekdays = CharField(default='0123456')
        hour_from = IntegerField(null=True)
        hour_to = IntegerField(null=True)
        priority = IntegerField(default=100)
        stackable = BooleanField(default=True)
        max_uses_per_customer = IntegerField(null=True)
        active = BooleanField(default=True)
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'promotion'
    db.create_tables([Promotion])

    class SaleLine(Model):
        sale = ForeignKeyField(Sale, on_delete='CASCADE')
        position = IntegerField()
        product = ForeignKeyField(Product, null=True, on_delete='RESTRICT')
        description = CharField()
        quantity = BigIntegerField()
        unit_price = BigIntegerField()
        retail_price = BigIntegerField()
        price_source = CharField(default='retail')
        discount = BigIntegerField(default=0)
        amount = BigIntegerField()
        is_bonus = BooleanField(default=False)
        promotion = ForeignKeyField(Promotion, null=True, on_delete='RESTRICT')
        class Meta:
            database = db
            table_name = 'sale_line'
    db.create_tables([SaleLine])

    class SaleLineReason(Model):
        line = ForeignKeyField(SaleLine, on_delete='CASCADE')
        code = CharField()
        params = TextField(default='{}')
        amount = BigIntegerField(default=0)
        promotion = ForeignKeyField(Promotion, null=True, on_delete='RESTRICT')
        class Meta:
            database = db
            table_name = 'sale_line_reason'
    db.create_tables([SaleLineReason])

    class ShopSetting(Model):
        key = CharField(unique=True)
        value = TextField()
        class Meta:
            database = db
            table_name = 'shop_setting'
    db.create_tables([ShopSetting])

    class SpecialPrice(Model):
        customer = ForeignKeyField(Customer, on_delete='CASCADE')
        product = ForeignKeyField(Product, on_delete='CASCADE')
        price = BigIntegerField(constraints=[Check('price >= 0')])
        class Meta:
            database = db
            table_name = 'special_price'
            indexes = ((('customer', 'product'), True),)
    db.create_tables([SpecialPrice])

    class StampEntry(Model):
        customer = ForeignKeyField(Customer, on_delete='RESTRICT')
        sale = ForeignKeyField(Sale, null=True, on_delete='RESTRICT')
        earned = IntegerField(default=0)
        used = IntegerField(default=0)
        note = TextField(default='')
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'stamp_entry'
    db.create_tables([StampEntry])

    class TierPrice(Model):
        product = ForeignKeyField(Product, on_delete='CASCADE')
        tier = ForeignKeyField(PriceTier, on_delete='CASCADE')
        min_qty = BigIntegerField(default=1000, constraints=[Check('min_qty >= 1000')])
        price = BigIntegerField(constraints=[Check('price >= 0')])
        class Meta:
            database = db
            table_name = 'tier_price'
            indexes = ((('product', 'tier', 'min_qty'), True),)
    db.create_tables([TierPrice])

    class TillCounter(Model):
        till_id = CharField()
        series = CharField()
        last_value = BigIntegerField(default=0)
        class Meta:
            database = db
            table_name = 'till_counter'
            indexes = ((('till_id', 'series'), True),)
    db.create_tables([TillCounter])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('till_counter'))
    migrator.migrate(migrator.drop_table('tier_price'))
    migrator.migrate(migrator.drop_table('stamp_entry'))
    migrator.migrate(migrator.drop_table('special_price'))
    migrator.migrate(migrator.drop_table('shop_setting'))
    migrator.migrate(migrator.drop_table('sale_line_reason'))
    migrator.migrate(migrator.drop_table('sale_line'))
    migrator.migrate(migrator.drop_table('promotion'))
    migrator.migrate(migrator.drop_table('product'))
    migrator.migrate(migrator.drop_table('payment'))
    migrator.migrate(migrator.drop_table('kasbon_entry'))
    migrator.migrate(migrator.drop_table('deposit_entry'))
    migrator.migrate(migrator.drop_table('customer_segment'))
    migrator.migrate(migrator.drop_table('segment'))
    migrator.migrate(migrator.drop_table('category'))
    migrator.migrate(migrator.drop_table('cash_entry'))
    migrator.migrate(migrator.drop_table('sale'))
    migrator.migrate(migrator.drop_table('customer'))
    migrator.migrate(migrator.drop_table('price_tier'))
    migrator.migrate(migrator.drop_table('shift'))
    migrator.migrate(migrator.drop_table('audit_entry'))
    migrator.migrate(migrator.drop_table('staff_user'))
    migrator.migrate(migrator.drop_table('acquisition_source'))

