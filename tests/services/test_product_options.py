"""Options on products (issue #24): groups saved by the owner, offered at the till, stored with the sale line."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest

from pos.domain.options import select
from pos.domain.pricing import CartLine
from pos.domain.till import Tender
from pos.i18n import set_language
from pos.models import OptionChoice, SaleLine, SaleLineChoice
from pos.money import Money, Quantity
from pos.services.errors import InvalidInput, NotAllowed
from pos.services.pricing import price
from pos.services.product_options import (ChoiceForm, GroupForm, list_option_groups, move_option_group,
                                          options_for, save_option_group)
from pos.services.receipts import receipt_preview
from pos.services.sales import CheckoutRequest, checkout
from pos.services.sold_options import sold_choices
from pos.services.staff import _add_staff
from pos.services.till import open_shift
from tests.factories import make_category, make_product, owner_pin

SIZE = GroupForm("Ukuran", (ChoiceForm("Regular", default=True), ChoiceForm("Large", Money(5000))), 1, 1)
SUGAR = GroupForm("Gula", (ChoiceForm("Normal", default=True), ChoiceForm("Less sugar"), ChoiceForm("No sugar")),
                  1, 1)
EXTRAS = GroupForm("Tambahan", (ChoiceForm("Extra shot", Money(6000)), ChoiceForm("Oat milk", Money(8000))), 0, 2)


@pytest.fixture
def counter(database):
    drinks = make_category("Minuman")
    coffee = make_product(name="Es Kopi Susu", price=18000, category_id=drinks)
    bread = make_product(name="Roti Sobek", price=15000)
    pin = owner_pin()
    ids = {
        "size": save_option_group(SIZE.__class__(**{**SIZE.__dict__, "category_ids": (drinks,)}), owner_pin=pin),
        "sugar": save_option_group(GroupForm(**{**SUGAR.__dict__, "product_ids": (coffee.id,)}), owner_pin=pin),
        "extras": save_option_group(GroupForm(**{**EXTRAS.__dict__, "product_ids": (coffee.id,)}), owner_pin=pin),
    }
    cashier = _add_staff("Kasir Uji", "cashier", "5151")
    shift = open_shift("K1", cashier.id, Money(100000))
    return {"coffee": coffee.id, "bread": bread.id, "groups": ids, "pin": pin, "cashier": cashier.id,
            "shift": shift.id, "drinks": drinks}


def _choice(groups, name):
    return next(c.id for g in groups for c in g.choices if c.name == name)


def test_a_product_gets_its_own_groups_and_its_categorys_in_the_panels_order(counter):
    groups = options_for(counter["coffee"])
    assert [g.name for g in groups] == ["Ukuran", "Gula", "Tambahan"]
    assert [c.name for c in groups[0].choices if c.default] == ["Regular"] and groups[2].max_choices == 2
    assert options_for(counter["bread"]) == ()
    move_option_group(counter["groups"]["extras"], -1, owner_pin=counter["pin"])
    assert [g.name for g in options_for(counter["coffee"])] == ["Ukuran", "Tambahan", "Gula"]


def test_choices_are_stored_with_the_line_and_a_reprint_keeps_the_old_name(counter):
    groups = options_for(counter["coffee"])
    chosen = select(groups, [_choice(groups, "Large"), _choice(groups, "Less sugar"), _choice(groups, "Extra shot")])
    lines = (CartLine(counter["coffee"], Quantity.of(2), options=chosen), CartLine(counter["bread"], Quantity.of(1)))
    total = price(list(lines)).total
    assert total == Money(2 * (18000 + 5000 + 6000) + 15000)
    sale = checkout(CheckoutRequest(uuid.uuid4().hex, "K1", counter["shift"], counter["cashier"], lines,
                                    (Tender("cash", total, total),)))
    rows = list(SaleLineChoice.select().order_by(SaleLineChoice.id))
    assert [(r.group_name, r.name, r.price, r.extra) for r in rows] == [
        ("Ukuran", "Large", Money(5000), False), ("Gula", "Less sugar", Money(0), False),
        ("Tambahan", "Extra shot", Money(6000), True)]
    # the owner renames Large and makes it dearer, and retires the extra shot
    size = next(r for r in list_option_groups() if r.name == "Ukuran")
    save_option_group(GroupForm("Ukuran", (ChoiceForm("Regular", default=True, id=size.choices[0].id),
                                           ChoiceForm("Besar", Money(7000), id=size.choices[1].id)), 1, 1,
                                category_ids=(counter["drinks"],)), size.id, owner_pin=counter["pin"])
    extras = next(r for r in list_option_groups() if r.name == "Tambahan")
    save_option_group(GroupForm("Tambahan", (ChoiceForm("Oat milk", Money(8000), id=extras.choices[1].id),), 0, 2,
                                product_ids=(counter["coffee"],)), extras.id, owner_pin=counter["pin"])
    assert OptionChoice.get_by_id(extras.choices[0].id).active is False  # retired, not deleted
    assert [c.name for c in options_for(counter["coffee"])[2].offered] == ["Oat milk"]
    set_language("en")
    text = receipt_preview(sale.id, width=48)
    assert "Large - Less sugar - +Extra shot" in text and "Besar" not in text  # paper spells "·" as "-"
    assert "Rp 29.000" in text  # the unit price as sold
    (stored,) = sold_choices([rows[0].line_id]).values()
    assert [o.name for o in stored] == ["Large", "Less sugar", "Extra shot"]


def test_a_group_the_owner_gets_wrong_is_refused_with_its_reason_and_nothing_changes(counter):
    before = list_option_groups()
    for form, words in (
        (GroupForm("Es", (), 0, 1), "needs at least one choice"),
        (GroupForm("Es", (ChoiceForm("Less ice"), ChoiceForm("less ice")), 0, 1), "two choices of the same name"),
        (GroupForm("Es", (ChoiceForm("Less ice"),), 2, 1), "the minimum must not be more than the maximum"),
        (GroupForm("Es", (ChoiceForm("Less ice", Money(-1)),), 0, 1), "cannot be negative"),
        (GroupForm("", (ChoiceForm("Less ice"),), 0, 1), "need a name"),
    ):
        with pytest.raises(InvalidInput, match=words):
            save_option_group(form, owner_pin=counter["pin"])
    with pytest.raises(NotAllowed):
        save_option_group(GroupForm("Es", (ChoiceForm("Less ice"),), 0, 1), owner_pin="0000")
    assert list_option_groups() == before


def _sell(counter, *lines):
    total = price(list(lines)).total
    return checkout(CheckoutRequest(uuid.uuid4().hex, "K1", counter["shift"], counter["cashier"], tuple(lines),
                                    (Tender("cash", total, total),)))


def test_a_refund_takes_the_line_back_with_its_choices_and_the_recap_counts_them_after_refunds(counter):
    from pos.services.clock import today
    from pos.services.recap import day_recap
    from pos.services.refunds import refund, refundable_lines
    from pos.services.reports import period_report

    groups = options_for(counter["coffee"])
    shot = select(groups, [_choice(groups, "Large"), _choice(groups, "Less sugar"), _choice(groups, "Extra shot")])
    plain = select(groups, [_choice(groups, "Regular"), _choice(groups, "Less sugar")])
    first = _sell(counter, CartLine(counter["coffee"], Quantity.of(3), options=shot))
    _sell(counter, CartLine(counter["coffee"], Quantity.of(2), options=plain),
          CartLine(counter["coffee"], Quantity.of(1), options=select(groups, [_choice(groups, "Regular"),
                                                                              _choice(groups, "Normal")])))
    (line,) = refundable_lines(first.number)
    assert line.choices == "Large · Less sugar · +Extra shot"
    refund(first.number, {line.line_id: Quantity.of(1)}, back_to="cash", owner_pin=counter["pin"],
           staff_id=counter["cashier"], shift_id=counter["shift"], till_id="K1")
    back = SaleLineChoice.select().join(SaleLine).where(SaleLine.quantity < 0)
    assert sorted(c.name for c in back) == ["Extra shot", "Large", "Less sugar"]

    recap = day_recap(today())
    asked = {(f.group, f.name): (f.quantity, f.amount) for f in recap.choices}
    # extra shots: 3 sold, 1 back = 2, at Rp 6.000; less sugar 2 + 2 = 4 cups, free of charge
    assert asked[("Tambahan", "Extra shot")] == (Quantity.of(2), Money(12000))
    assert asked[("Ukuran", "Large")] == (Quantity.of(2), Money(10000))
    assert asked[("Gula", "Less sugar")] == (Quantity.of(4), Money(0)) and asked[("Gula", "Normal")][0] == \
        Quantity.of(1)
    from pos.domain.options import most_asked
    assert [(f.group, f.name) for f in most_asked(recap.choices)] == [("Gula", "Less sugar"), ("Ukuran", "Regular")]
    report = period_report(today(), today())
    assert {(f.group, f.name): f.quantity for f in report.choices}[("Tambahan", "Extra shot")] == Quantity.of(2)
    set_language("en")
    from pos.printing.recap import recap_document
    from pos.printing.render_text import to_text
    text = to_text(recap_document(recap, "Toko"), 48)
    assert "Extra shot: 2" in text and "Rp 12.000" in text and "Most asked Gula: Less sugar" in text


def test_the_product_spreadsheet_carries_each_products_own_option_groups(counter):
    from pos.services.product_files import export_products, import_products

    exported = export_products("csv").decode("utf-8-sig")
    head, *rows = exported.splitlines()
    assert head.split(";")[-1] == "opsi"
    coffee_row = next(r for r in rows if "Es Kopi Susu" in r)
    assert coffee_row.split(";")[-1] == "Gula, Tambahan"  # its own groups; Ukuran comes from its category
    bread_code = next(r for r in rows if "Roti Sobek" in r).split(";")[0]
    data = f"kode;opsi\n{bread_code};Tambahan\n".encode()
    import_products(data, owner_pin=counter["pin"])
    assert [g.name for g in options_for(counter["bread"])] == ["Tambahan"]
    with pytest.raises(InvalidInput, match="no option group Topping"):
        import_products(f"kode;opsi\n{bread_code};Topping\n".encode(), owner_pin=counter["pin"])
    assert [g.name for g in options_for(counter["bread"])] == ["Tambahan"]  # nothing changed
    import_products(f"kode;harga_ecer\n{bread_code};16000\n".encode(), owner_pin=counter["pin"])
    assert [g.name for g in options_for(counter["bread"])] == ["Tambahan"]  # no column: left as it was


def test_the_usual_keeps_its_choices_repeat_favourites_and_the_whatsapp_message(counter):
    from pos.services.customer_book import customer_page
    from pos.services.customers import last_order
    from pos.services.whatsapp import message_for, save_template
    from tests.factories import make_customer

    bayu = make_customer("Mas Bayu", "0812-3456-7001")
    groups = options_for(counter["coffee"])
    less = select(groups, [_choice(groups, "Regular"), _choice(groups, "Less sugar")])
    cup = CartLine(counter["coffee"], Quantity.of(1), options=less)
    for lines in ((cup,), (cup, CartLine(counter["bread"], Quantity.of(1)))):
        total = price(list(lines), bayu.id).total
        checkout(CheckoutRequest(uuid.uuid4().hex, "K1", counter["shift"], counter["cashier"], lines,
                                 (Tender("cash", total),), bayu.id))
    (coffee, bread) = last_order(bayu.id)
    assert coffee[0] == counter["coffee"] and [o.name for o in coffee[2]] == ["Regular", "Less sugar"]
    assert bread[2] == ()
    assert customer_page(bayu.id).favourites[0] == ("Es Kopi Susu · Regular · Less sugar", Quantity.of(2))
    template = save_template(None, "Yang biasa", "Halo {nama}, {pesanan_biasa} seperti biasa?")
    assert message_for(bayu.id, template).text == "Halo Mas Bayu, Es Kopi Susu · Regular · Less sugar seperti biasa?"


def test_a_promotion_on_a_choice_extra_shot_half_price(counter):
    from pos.services.promotions import PromotionInput, save_promotion

    groups = options_for(counter["coffee"])
    shot = _choice(groups, "Extra shot")
    with pytest.raises(InvalidInput, match="no option choice number 999"):
        save_promotion(PromotionInput("Shot setengah harga", "discount", {"options": [999]}, {"percent": 50}),
                       time_zone="Asia/Jakarta", owner_pin=counter["pin"])
    save_promotion(PromotionInput("Shot setengah harga", "discount", {"options": [shot]}, {"percent": 50}),
                   time_zone="Asia/Jakarta", owner_pin=counter["pin"])
    chosen = select(groups, [_choice(groups, "Regular"), _choice(groups, "Normal"), shot])
    priced = price([CartLine(counter["coffee"], Quantity.of(2), options=chosen),
                    CartLine(counter["bread"], Quantity.of(1))])
    # 2 × (18.000 + 6.000) − 2 × 3.000 + 15.000
    assert priced.total == Money(48000 - 6000 + 15000)


def test_the_invoice_and_the_delivery_note_name_each_lines_choices(counter):
    import io

    from pypdf import PdfReader

    from pos.services.invoices import invoice_file
    from tests.factories import make_customer

    bayu = make_customer("Mas Bayu", "0812-3456-7002")
    groups = options_for(counter["coffee"])
    chosen = select(groups, [_choice(groups, "Large"), _choice(groups, "Less sugar")])
    lines = (CartLine(counter["coffee"], Quantity.of(3), options=chosen),)
    total = price(list(lines), bayu.id).total
    sale = checkout(CheckoutRequest(uuid.uuid4().hex, "K1", counter["shift"], counter["cashier"], lines,
                                    (Tender("cash", total),), bayu.id))
    set_language("en")
    for delivery_note in (False, True):
        _number, data = invoice_file(sale.id, till_id="K1", delivery_note=delivery_note)
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
        assert "Large · Less sugar" in text, text


def test_the_products_own_page_shows_how_it_sold_with_its_choices(counter):
    from pos.services.sold_options import product_choice_figures

    groups = options_for(counter["coffee"])
    _sell(counter, CartLine(counter["coffee"], Quantity.of(2), options=select(
        groups, [_choice(groups, "Large"), _choice(groups, "Less sugar")])), CartLine(counter["bread"], Quantity.of(1)))
    figures = {f.name: f.quantity for f in product_choice_figures(counter["coffee"])}
    assert figures == {"Large": Quantity.of(2), "Less sugar": Quantity.of(2)}
    assert product_choice_figures(counter["bread"]) == ()


def _pay(counter, lines, amount):
    return checkout(CheckoutRequest(uuid.uuid4().hex, "K1", counter["shift"], counter["cashier"], tuple(lines),
                                    (Tender("cash", Money(amount), Money(amount)),)))


def test_a_choice_dearer_since_it_was_picked_is_priced_and_stored_at_its_price_now(counter):
    groups = options_for(counter["coffee"])
    chosen = select(groups, [_choice(groups, "Large"), _choice(groups, "Normal"), _choice(groups, "Extra shot")])
    lines = [CartLine(counter["coffee"], Quantity.of(1), options=chosen)]
    assert price(lines).total == Money(18000 + 5000 + 6000)  # the till, as the drink was picked
    extras = next(r for r in list_option_groups() if r.name == "Tambahan")  # the owner: an extra shot is 7.000 now
    save_option_group(GroupForm("Tambahan", (ChoiceForm("Extra shot", Money(7000), id=extras.choices[0].id),
                                             ChoiceForm("Oat milk", Money(8000), id=extras.choices[1].id)), 0, 2,
                                product_ids=(counter["coffee"],)), extras.id, owner_pin=counter["pin"])
    with pytest.raises(InvalidInput, match="30.000"):  # paid as shown before: refused, nothing stored
        _pay(counter, lines, 29000)
    assert SaleLine.select().count() == 0
    assert price(lines).total == Money(30000)  # the till's cart priced again: the extra shot at 7.000
    sale = _pay(counter, lines, 30000)
    stored = SaleLineChoice.select().join(SaleLine).where(SaleLine.sale == sale.id)
    assert {r.name: r.price for r in stored}["Extra shot"] == Money(7000)


def test_a_choice_sent_at_another_price_is_stored_at_the_shops_price(counter):
    groups = options_for(counter["coffee"])
    chosen = select(groups, [_choice(groups, "Large"), _choice(groups, "Normal")])
    cheap = tuple(replace(o, price=Money(0)) if o.name == "Large" else o for o in chosen)
    lines = [CartLine(counter["coffee"], Quantity.of(1), options=cheap)]  # "Large" sent at Rp 0
    assert price(lines).total == Money(23000)
    with pytest.raises(InvalidInput):
        _pay(counter, lines, 18000)
    sale = _pay(counter, lines, 23000)
    assert [(r.name, r.price) for r in SaleLineChoice.select().join(SaleLine).where(SaleLine.sale == sale.id)
            if r.name == "Large"] == [("Large", Money(5000))]


def test_a_choice_retired_since_it_was_picked_keeps_the_price_it_was_picked_at(counter):
    groups = options_for(counter["coffee"])  # an extra shot on a drink already made (an open bill, a cart)
    chosen = select(groups, [_choice(groups, "Regular"), _choice(groups, "Normal"), _choice(groups, "Extra shot")])
    lines = [CartLine(counter["coffee"], Quantity.of(1), options=chosen)]
    assert price(lines).total == Money(24000)
    extras = next(r for r in list_option_groups() if r.name == "Tambahan")  # the extra shot retired, oat milk dearer
    save_option_group(GroupForm("Tambahan", (ChoiceForm("Oat milk", Money(9000), id=extras.choices[1].id),), 0, 2,
                                product_ids=(counter["coffee"],)), extras.id, owner_pin=counter["pin"])
    assert price(lines).total == Money(24000)
    sale = _pay(counter, lines, 24000)
    stored = SaleLineChoice.select().join(SaleLine).where(SaleLine.sale == sale.id)
    assert {r.name: r.price for r in stored}["Extra shot"] == Money(6000)


def test_a_cart_priced_while_the_server_was_away_is_priced_afresh_once_it_answers(counter, monkeypatch):
    from pos.services import connectivity

    groups = options_for(counter["coffee"])
    extras = next(r for r in list_option_groups() if r.name == "Tambahan")  # an extra shot is 7.000 now
    save_option_group(GroupForm("Tambahan", (ChoiceForm("Extra shot", Money(7000), id=extras.choices[0].id),
                                             ChoiceForm("Oat milk", Money(8000), id=extras.choices[1].id)), 0, 2,
                                product_ids=(counter["coffee"],)), extras.id, owner_pin=counter["pin"])
    picked = select(groups, [_choice(groups, "Regular"), _choice(groups, "Normal"), _choice(groups, "Extra shot")])
    assert any(o.name == "Extra shot" and o.price == Money(6000) for o in picked)  # picked before the change
    coffee = CartLine(counter["coffee"], Quantity.of(1), options=picked)
    assert price([coffee]).total == Money(25000)  # online: the shop's price
    bread = CartLine(counter["bread"], Quantity.of(1))
    assert price([bread]).total == Money(15000)  # the bread's price held on the till too
    cart = [coffee, bread]
    monkeypatch.setattr(connectivity, "offline", lambda: True)  # the server went away: as the till holds it
    assert price(cart).total == Money(24000 + 15000)
    monkeypatch.setattr(connectivity, "offline", lambda: False)  # back, at the same pricing version
    assert price(cart).total == Money(25000 + 15000)
    sale = _pay(counter, cart, 40000)
    assert Money(7000) in [r.price for r in SaleLineChoice.select().join(SaleLine).where(SaleLine.sale == sale.id)]
