"""Invoices for sales to known customers (resellers, mostly), and delivery notes.

An invoice is a document with its own gap-free number (INV-K1-000001); issuing it twice
for one sale gives the same number. What is owed is not on the invoice row: it is read
from the kasbon ledger (what is still open on that sale).
"""

from __future__ import annotations

from dataclasses import dataclass

from pos.domain.payment_methods import KASBON, ledger_of
from pos.i18n import _, current_language, describe_reason
from pos.models import Invoice, KasbonEntry, Payment, Sale, SaleLine, db
from pos.money import Money
from pos.printing.invoice_pdf import InvoiceData, InvoiceLine, invoice_pdf
from pos.printing.words import amount_in_words
from pos.domain.options import choices_text
from pos.services.sold_options import sold_choices
from pos.services import clock
from pos.services.audit import record
from pos.services.errors import InvalidInput
from pos.services.clock import local_date
from pos.services.kasbon import charges, due_date_for
from pos.services.numbering import INVOICE, next_number
from pos.services.phones import display_phone
from pos.services.shop import shop_logo
from pos.services.shop_settings import shop_settings
from pos.services.access import ANYONE, READ, allowed


@dataclass(frozen=True)
class IssuedInvoice:
    id: int
    number: str
    sale_id: int


def _sale_for_invoice(sale_id: int) -> Sale:
    sale = Sale.get_or_none(Sale.id == sale_id)
    if sale is None:
        raise InvalidInput(_("That sale is not there any more."))
    if sale.kind != "sale" or sale.status != "completed":
        raise InvalidInput(_("{number} is not a completed sale: it gets no invoice.").format(number=sale.number))
    if sale.customer_id is None:
        raise InvalidInput(_("{number} was sold to a walk-in customer: an invoice needs a customer from the book "
                             "(name and address).").format(number=sale.number))
    return sale


@allowed(ANYONE, why="an invoice for a sale already made; numbers it, changes no amount")
def issue_invoice(sale_id: int, *, till_id: str, staff_id: int | None = None, notes: str = "") -> IssuedInvoice:
    """The sale's invoice, numbered from this till's invoice series the first time; the same one after."""
    with db.atomic():
        sale = _sale_for_invoice(sale_id)
        existing = Invoice.get_or_none(Invoice.sale == sale_id)
        if existing is not None:
            if notes.strip() and notes.strip() != existing.notes:
                Invoice.update(notes=notes.strip()).where(Invoice.id == existing.id).execute()
            return IssuedInvoice(existing.id, existing.number, sale_id)
        charge = KasbonEntry.get_or_none((KasbonEntry.sale == sale_id) & (KasbonEntry.amount > 0))
        due = charge.due_date if charge is not None and charge.due_date else due_date_for(sale.customer_id,
                                                                                           sale.created_at)
        invoice = Invoice.create(number=next_number(till_id, INVOICE), sale=sale_id, customer=sale.customer_id,
                                 issued_at=clock.now(), due_date=due, notes=notes.strip(), staff=staff_id)
        record("invoice.issued", entity="invoice", entity_id=invoice.number, staff_id=staff_id, till_id=till_id,
               details={"sale": sale.number, "total": sale.total.minor})
    return IssuedInvoice(invoice.id, invoice.number, sale_id)


@allowed(READ)
def invoice_data(sale_id: int, *, delivery_note: bool = False) -> InvoiceData:
    """What the invoice shows, from the stored sale (the rules are never run again)."""
    sale = _sale_for_invoice(sale_id)
    invoice = Invoice.get_or_none(Invoice.sale == sale_id)
    if invoice is None:
        raise InvalidInput(_("{number} has no invoice yet.").format(number=sale.number))
    shop = shop_settings()
    customer = sale.customer
    lines = []
    stored = list(SaleLine.select(SaleLine, SaleLine.product).where(SaleLine.sale == sale_id)
                  .order_by(SaleLine.position))
    chosen = sold_choices(line.id for line in stored)
    for line in stored:
        free = line.is_bonus and line.price_source != "bonus_deduction"
        notes = tuple(describe_reason(r.code, r.params, amount=r.amount) for r in line.reasons)
        unit = line.product.unit if line.product_id else ""
        lines.append(InvoiceLine(line.description, line.quantity, unit, line.unit_price, line.amount, free, notes,
                                 choices_text(chosen.get(line.id))))
    charge = next((c for c in charges(customer.id) if c.sale_id == sale_id), None)
    owed = charge.remaining if charge is not None else Money(0)
    paid = Money(sum(p.amount.minor for p in Payment.select().where(Payment.sale == sale_id)
                     if ledger_of(p.method) != KASBON))  # applied to the sale (change is not in it)
    paid = paid + ((charge.amount - charge.remaining) if charge is not None else Money(0))
    address = ", ".join(part for part in (customer.address, customer.village) if part)
    return InvoiceData(
        shop_name=shop.shop_name, address=shop.address, whatsapp=shop.whatsapp, number=invoice.number,
        issued=local_date(sale.created_at), due=invoice.due_date, customer_name=customer.name,
        customer_address=address, customer_phone=display_phone(customer.phone), receipt_number=sale.number,
        lines=tuple(lines), subtotal=sale.subtotal, discounts=sale.discount_total, tax=sale.tax_total,
        tax_label=_("{tax} {rate}%").format(tax=shop.tax_name, rate=shop.tax_rate_text), rounding=sale.rounding,
        total=sale.total, paid=paid, owed=owed, words=amount_in_words(sale.total, current_language()),
        bank_accounts=shop.bank_accounts, qris_text=shop.qris_text, notes=invoice.notes, logo=shop_logo(),
        delivery_note=delivery_note)


@allowed(ANYONE, why="an invoice's PDF, numbered on first issue")
def invoice_file(sale_id: int, *, till_id: str, staff_id: int | None = None, delivery_note: bool = False,
                 notes: str = "") -> tuple[str, bytes]:
    """Issue (or find) the invoice and render it: (its number, the PDF bytes)."""
    issued = issue_invoice(sale_id, till_id=till_id, staff_id=staff_id, notes=notes)
    return issued.number, invoice_pdf(invoice_data(sale_id, delivery_note=delivery_note))
