"""Peewee tables only: one module per concept, all on the one ``db`` proxy."""

from pos.models.driver import import_peewee

import_peewee()  # before any table: keeps psycopg out of a SQLite start

# isort: split

from pos.models.audit import AuditEntry
from pos.models.bar import OpenBill, OpenBillLine, QueueCounter, SaleQueueNumber
from pos.models.base import BaseModel, db, utcnow
from pos.models.catalog import Category, Ingredient, Product, ProductPicture, RecipeLine
from pos.models.counter import ChangeCounter, TillCounter
from pos.models.invoice import Invoice, KasbonAllocation
from pos.models.orders import ConsignmentMove, Preorder
from pos.models.crm import Complaint, MemberCodeAlias, MessageTemplate, Touchpoint
from pos.models.customer import AcquisitionSource, Customer, CustomerSegment, Segment, SpecialPrice
from pos.models.options import OptionChoice, OptionGroup, OptionLink, SaleLineChoice
from pos.models.ledgers import CashEntry, DepositEntry, KasbonEntry, StampEntry
from pos.models.pricing import PriceTier, TierPrice
from pos.models.print_job import PrintJob
from pos.models.promotion import Promotion
from pos.models.sale import ParkedCart, Payment, Sale, SaleLine, SaleLineReason
from pos.models.shop_setting import ShopSetting
from pos.models.staff import LoginGuard, PinSalt, Shift, StaffUser
from pos.models.till import Till
from pos.models.trays import Tray, TrayLeftover
from pos.models.visit_summary import VisitSummary, VisitSummaryState

ALL_MODELS = (
    ShopSetting, TillCounter, ChangeCounter, Category, Product, PriceTier, TierPrice, Segment, AcquisitionSource,
    Customer, CustomerSegment, SpecialPrice, Promotion, StaffUser, Shift, Sale, SaleLine,
    SaleLineReason, Payment, ParkedCart, CashEntry, StampEntry, KasbonEntry, DepositEntry, AuditEntry, PrintJob,
    Complaint, Touchpoint, MemberCodeAlias, ProductPicture, LoginGuard, PinSalt,
    Invoice, KasbonAllocation, Preorder, ConsignmentMove, MessageTemplate, VisitSummary, VisitSummaryState, Till,
    QueueCounter, SaleQueueNumber, OpenBill, OpenBillLine, Ingredient, RecipeLine,
    OptionGroup, OptionChoice, OptionLink, SaleLineChoice, Tray, TrayLeftover,
)

__all__ = [m.__name__ for m in ALL_MODELS] + ["ALL_MODELS", "BaseModel", "db", "utcnow"]
