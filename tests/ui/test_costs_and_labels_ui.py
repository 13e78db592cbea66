"""The back office's cost tools and the till's weighed packs, driven as the owner and the cashier would
(issue #25 items 4 and 7): the recipe editor, the below-cost warning, the shop's own barcode, a scale's code."""

from __future__ import annotations


from pos.domain.barcodes import is_ean13, weighed_code
from pos.models import Product, SaleLine, StaffUser
from pos.money import Money, Quantity
from pos.services.scanning import scan_code
from pos.ui.product_form import ProductFormDialog


def product_form(till, code: str) -> ProductFormDialog:
    owner = StaffUser.get(StaffUser.role == "owner")
    return ProductFormDialog(Product.get(Product.code == code).id, owner.id, till, owner_pin="1234")


def test_a_recipe_typed_in_the_editor_becomes_the_products_cost(till, qtbot):
    form = product_form(till, "ROT-04")  # Roti Abon Sapi, Rp 8.000: no recipe yet
    qtbot.addWidget(form)
    recipe = form.open_recipe(exec_=False)
    qtbot.addWidget(recipe)
    for name, unit, price in (("Tepung cakra", "kg", "14.000"), ("Abon sapi", "kg", "20.000")):
        recipe.new_ingredient.name.setText(name)
        recipe.new_ingredient.unit.setText(unit)
        recipe.new_ingredient.price.setText(price)
        recipe.new_ingredient.add_button.click()
    ids = {i.name: i.id for i in recipe.ingredients}
    recipe.set_line(0, ids["Tepung cakra"], "2")
    recipe.add_line(ids["Abon sapi"], "1,5")
    recipe.pieces.setValue(40)
    assert "one piece costs Rp 1.450" in recipe.result.text()  # (28.000 + 30.000) / 40
    assert recipe.table.item(1, 3).text() == "Rp 30.000"
    recipe.buttons.accepted.emit()
    assert Product.get(Product.code == "ROT-04").cost == Money(1450)
    assert form.cost.text() == "1.450"


def test_the_form_warns_when_a_tier_price_sells_below_cost(till, qtbot):
    form = product_form(till, "CML-01")  # reseller Rp 15.000 from 10 (the demo's), cost Rp 10.000
    qtbot.addWidget(form)
    assert form.below_cost.text() == ""
    form.cost.setText("16.000")
    form.cost.textEdited.emit("16.000")
    assert "Below the cost of Rp 16.000" in form.below_cost.text() and "Reseller" in form.below_cost.text()


def test_the_shops_own_barcode_is_filled_in_and_scans_after_saving(till, qtbot):
    form = product_form(till, "KRG-07")  # Nastar Mini Tester: no barcode
    qtbot.addWidget(form)
    form.own_barcode.click()
    code = form.barcode.text()
    assert code.startswith("21") and is_ean13(code)
    form.net_weight.setText("100 g")
    form.shelf_life.setValue(60)
    form.buttons.accepted.emit()
    assert not form.isVisible()
    assert scan_code(code).product.name == "Nastar Mini Tester 100 g"


def test_a_weighed_pack_scanned_at_the_till_is_a_line_of_its_weight(till, qtbot):
    from tests.ui.test_till import pay, scan

    Product.update(plu=6).where(Product.code == "CML-06").execute()  # Gula Aren Curah, Rp 30.000 a kg
    screen = till.sale_screen
    scan(screen, qtbot, weighed_code("20", "PPPPPWWWWW", 6, grams=485))
    assert screen.totals.total_text() == "Rp 14.550"  # 0,485 × 30.000
    pay(screen)
    line = SaleLine.get()
    assert (line.quantity, line.amount) == (Quantity(485), Money(14550))


def test_a_misread_barcode_is_refused_at_the_till(till, qtbot):
    from tests.ui.test_till import errors, scan

    screen = till.sale_screen
    scan(screen, qtbot, "8997321001706")  # the chips' code with its last digit misread
    assert any("wrong check digit" in e for e in errors(screen))
    assert screen.table.rowCount() == 0
    assert screen.search.selectedText() == "8997321001706"  # selected: the next scan replaces it


def test_the_promotion_preview_shows_the_margin(till, qtbot):
    from pos.models import Promotion

    till.show_back_office("1234")
    promos = till.office_dialog.promotions
    promos.edit(Promotion.get(Promotion.name == "Beli 10 gratis 1 Keripik Pisang").id)
    editor = promos.form
    editor.set_example(0, "CML-01", 10)
    editor.update_preview()
    # 10 × Rp 18.000 paid, 11 packs at the demo's cost of Rp 10.000: Rp 70.000 over 180.000
    assert "Gross profit: Rp&nbsp;70.000 (38,9 %)" in editor.result.text(), editor.result.text()
    assert "below its cost" not in editor.result.text()
    editor.reject()


def test_a_special_price_below_cost_is_named_as_it_is_typed(till, qtbot):
    till.show_customer_book()
    book = till.book_dialog
    book.table.selectRow(0)
    book.open_selected()
    section = book.page.special_section
    section.choose("CML-01")  # cost Rp 10.000
    assert "cost: Rp 10.000" in section.hint.text() and "below the cost" not in section.hint.text()
    section.price.setText("8.000")
    section.price.textEdited.emit("8.000")
    assert "Rp 8.000 is below the cost" in section.hint.text()
    book.page.accept()
    book.accept()


def test_saving_a_promotion_that_sells_below_cost_warns(till, qtbot):
    from pos.models import Promotion
    from tests.ui.test_till import errors

    till.show_back_office("1234")
    office = till.office_dialog
    promos = office.promotions
    promos.edit(None, kind="discount")
    editor = promos.form
    editor.name.setText("Roti separuh harga")
    editor.fields["percent"][1].setText("45")
    scope = editor.fields["discount_on"][1]
    scope.setCurrentIndex(scope.findData("cat:Roti"))
    editor.buttons.accepted.emit()
    assert Promotion.get_or_none(Promotion.name == "Roti separuh harga") is not None  # saved: the owner decides
    assert any("sells below cost: Roti Abon Sapi at Rp 4.400 (cost Rp 4.500)" in e for e in errors(promos)), \
        errors(promos)


def test_labels_from_the_product_form(till, qtbot, tmp_path):
    import io

    from pypdf import PdfReader

    from tests.ui.test_till import errors

    form = product_form(till, "CML-06")  # Gula Aren Curah: weighed, scale number 6
    qtbot.addWidget(form)
    dialog = form.open_labels(exec_=False)
    qtbot.addWidget(dialog)
    dialog.sheet.setCurrentIndex(dialog.sheet.findData("tj121"))
    assert dialog.start.maximum() == 10
    dialog.weight.setText("0,485")
    dialog.copies.setValue(2)
    text = PdfReader(io.BytesIO(dialog.pdf())).pages[0].extract_text()
    assert text.count("Gula Aren Curah") == 2 and "Net 0,485 kg" in text and "Rp 14.550" in text
    dialog.weight.setText("")  # a bulk product has no barcode of its own: said, nothing written
    dialog.make()
    assert any("no EAN-13 barcode" in e for e in errors(dialog)) and dialog.path is None
