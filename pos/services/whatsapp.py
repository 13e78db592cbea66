"""One-to-one WhatsApp messages from templates: filled in for one customer, opened as a click-to-chat link by
the person at the till (never sent by the program), and noted as a touchpoint. Lists go out as CSV or vCard for
a WhatsApp Business broadcast list, only with the customers who agreed to promotions."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass

from peewee import fn

from pos.domain.contacts import write_vcards
from pos.domain.messages import PLACEHOLDERS, fill, template_problems
from pos.i18n import _, format_date
from pos.models import Customer, MessageTemplate, Promotion, Sale, SaleLine, db
from pos.services.sold_options import favourite_orders
from pos.services.audit import record
from pos.services.customer_book import add_touchpoint
from pos.services.errors import InvalidInput
from pos.services.phones import chat_link, display_phone
from pos.services.shop_settings import shop_settings
from pos.services.access import ANYONE, OWNER, READ, allowed, approving_owner


@dataclass(frozen=True)
class Template:
    id: int
    code: str
    name: str
    text: str


@dataclass(frozen=True)
class Message:
    customer_id: int
    name: str
    phone: str  # E.164
    text: str
    link: str  # https://wa.me/<number>?text=…


@allowed(READ)
def templates() -> list[Template]:
    return [Template(t.id, t.code, t.name, t.text)
            for t in MessageTemplate.select().order_by(MessageTemplate.position, MessageTemplate.id)]


@allowed(READ)
def placeholder_help() -> str:
    return _("Placeholders: {list}").format(list=" ".join("{" + p + "}" for p in PLACEHOLDERS))


@allowed(ANYONE, why="the wording of WhatsApp messages; no money, prices or customer data")
def save_template(template_id: int | None, name: str, text: str) -> int:
    """Add (no id) or change a template; a bad placeholder is refused with the ones that can be used."""
    name, text = name.strip(), text.strip()
    if not name:
        raise InvalidInput(_("Give the message a name."))
    if not text:
        raise InvalidInput(_("Write the message."))
    problems = template_problems(text)
    if problems:
        wrong = ", ".join(p for p in problems if p != "{")
        raise InvalidInput((_("{wrong} is not a placeholder.").format(wrong=wrong) if wrong else
                            _("A brace \"{\" is left open.")) + " " + placeholder_help())
    with db.atomic():
        if template_id is None:
            code = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "pesan"
            while MessageTemplate.select().where(MessageTemplate.code == code).exists():
                code += "-2"
            position = (MessageTemplate.select(fn.MAX(MessageTemplate.position)).scalar() or 0) + 1
            return MessageTemplate.create(code=code, name=name, text=text, position=position).id
        if not MessageTemplate.update(name=name, text=text).where(MessageTemplate.id == template_id).execute():
            raise InvalidInput(_("That message is not there any more."))
        return template_id


@allowed(ANYONE, why="the wording of WhatsApp messages; no money, prices or customer data")
def delete_template(template_id: int) -> None:
    MessageTemplate.delete().where(MessageTemplate.id == template_id).execute()


@allowed(READ)
def favourite_product(customer_id: int) -> str:
    """What the customer bought most of (paid lines), or empty."""
    row = (SaleLine.select(SaleLine.description, fn.SUM(SaleLine.quantity).alias("q")).join(Sale)
           .where((Sale.customer == customer_id) & (Sale.kind == "sale") & (Sale.status == "completed")
                  & (SaleLine.is_bonus == False))  # noqa: E712
           .group_by(SaleLine.description).order_by(fn.SUM(SaleLine.quantity).desc(), SaleLine.description)
           .limit(1).tuples().first())
    return row[0] if row else ""


def _stamps(customer_id: int) -> str:
    from pos.services.customers import customer_card

    card = customer_card(customer_id)
    return f"{card.stamps}/{card.stamps_needed}" if card.stamps_needed else str(card.stamps)


@allowed(READ)
def message_for(customer_id: int, template_id: int, promotion_id: int | None = None) -> Message:
    """The template filled in for this customer, and the link that opens the chat with it typed in."""
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None or not customer.active:
        raise InvalidInput(_("That customer is not in the book any more."))
    if not customer.phone:
        raise InvalidInput(_("{name} has no WhatsApp number in the book.").format(name=customer.name))
    template = MessageTemplate.get_or_none(MessageTemplate.id == template_id)
    if template is None:
        raise InvalidInput(_("That message is not there any more."))
    uses = {name for name in PLACEHOLDERS if "{" + name + "}" in template.text}
    promo = ""
    if "promo" in uses and promotion_id is None:
        raise InvalidInput(_("The message {name} has {{promo}} in it: choose a promotion.").format(
            name=template.name))
    if promotion_id is not None:
        promotion = Promotion.get_or_none(Promotion.id == promotion_id)
        if promotion is None:
            raise InvalidInput(_("That promotion is not there any more."))
        promo = promotion.name
    shop = shop_settings()
    if "toko" in uses and not shop.shop_name.strip():
        raise InvalidInput(_("Put the shop's name in the settings first."))
    values = {"nama": customer.name, "toko": shop.shop_name, "promo": promo}
    if "produk_favorit" in uses:
        values["produk_favorit"] = favourite_product(customer_id)
        if not values["produk_favorit"]:
            raise InvalidInput(_("{name} has bought nothing yet: choose a message without {{produk_favorit}}.")
                               .format(name=customer.name))
    if "pesanan_biasa" in uses:  # the usual with its choices: "Es Kopi Susu · Less sugar"
        usual = favourite_orders(customer_id, 1)
        if not usual:
            raise InvalidInput(_("{name} has bought nothing yet: choose a message without {{pesanan_biasa}}.")
                               .format(name=customer.name))
        values["pesanan_biasa"] = usual[0][0]
    if "stempel" in uses:
        values["stempel"] = _stamps(customer_id)
    text = fill(template.text, values)
    return Message(customer.id, customer.name, customer.phone, text, chat_link(customer.phone, text))


@allowed(ANYONE, why="notes that a message was sent to a customer")
def note_sent(message: Message, *, staff_id: int | None = None) -> None:
    """The message was opened in WhatsApp for sending: noted on the customer's page."""
    add_touchpoint(message.customer_id, "message", _("WhatsApp: {text}").format(text=message.text),
                   staff_id=staff_id)


@dataclass(frozen=True)
class Campaign:
    recipients: tuple  # the people who agreed to promotions and have a number, in the list's order
    without_consent: int
    without_number: int
    messaged_lately: int = 0  # left out: the shop wrote to them since the day given


@allowed(READ)
def campaign(people, messaged_since: dt.date | None = None) -> Campaign:
    """Who a campaign over a list may reach: only customers who agreed to promotions, with a number, and (with
    ``messaged_since``) not written to on or after that day."""
    recipients, without_consent, without_number, lately = [], 0, 0, 0
    for p in people:  # once: a long list makes each customer as it is read
        if not p.consent:
            without_consent += 1
        elif not p.phone:
            without_number += 1
        elif messaged_since is not None and p.last_message is not None and p.last_message >= messaged_since:
            lately += 1
        else:
            recipients.append(p)
    return Campaign(tuple(recipients), without_consent, without_number, lately)


@dataclass(frozen=True)
class BroadcastFile:
    data: bytes
    written: int
    without_consent: int  # left out: no consent to promotions
    without_number: int  # left out: no WhatsApp number


@allowed(OWNER)
def broadcast_file(people, kind: str, pin: str | None, *, staff_id: int | None = None,
                   details: dict | None = None) -> BroadcastFile:
    """A list for a WhatsApp Business broadcast list as CSV or vCard: full numbers, so the owner's PIN, and only
    customers who agreed to promotions (and have a number); says how many were left out and why."""
    owner = approving_owner()
    plan = campaign(people)
    chosen = plan.recipients
    if not chosen:
        raise InvalidInput(_("Nobody on this list has agreed to promotions and has a number."))
    if kind == "vcf":
        data = write_vcards([(p.name, p.phone, p.detail) for p in chosen]).encode("utf-8")
    elif kind == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["nama", "hp", "whatsapp", "kunjungan_terakhir", "kunjungan", "belanja", "keterangan"])
        for p in chosen:
            writer.writerow([p.name, display_phone(p.phone), p.phone.lstrip("+"),
                             p.last_visit.isoformat() if p.last_visit else "", p.visits, p.spend.minor, p.detail])
        data = ("\ufeff" + out.getvalue()).encode("utf-8")
    else:
        raise InvalidInput(_("Export as CSV or vCard."))
    record("customers.exported", staff_id=staff_id or owner.id,
           details={"customers": len(chosen), "full_numbers": True, "kind": kind, "approved_by": owner.name,
                    "without_consent": plan.without_consent, "without_number": plan.without_number,
                    **(details or {})})
    return BroadcastFile(data, len(chosen), plan.without_consent, plan.without_number)


@allowed(OWNER)
def export_list(people, kind: str, pin: str) -> tuple[bytes, int]:
    """The broadcast list's file and how many are in it (see broadcast_file)."""
    made = broadcast_file(people, kind, pin)
    return made.data, made.written


@allowed(READ)
def left_out_words(made: BroadcastFile) -> str:
    """'4 left out: no consent to promotions; 1 left out: no number' (empty when nobody was)."""
    parts = []
    if made.without_consent:
        parts.append(_("{n} left out: no consent to promotions").format(n=made.without_consent))
    if made.without_number:
        parts.append(_("{n} left out: no number").format(n=made.without_number))
    return "; ".join(parts)


@allowed(READ)
def last_message_words(person) -> str:
    return _("messaged {day}").format(day=format_date(person.last_message)) if person.last_message else ""
