"""The owner makes the program theirs: the first run on an empty database, then the back office (products,
tier prices, promotions written in the editor, staff, settings), checked through the till's own pricing."""

from __future__ import annotations

import io

from tests.factories import owner_pin
from pos.domain.pricing import CartLine
from pos.i18n import describe_reason
from pos.models import AuditEntry, Category, Product, Promotion, StaffUser, TierPrice
from pos.money import Money, Quantity
from pos.services.customers import NewCustomer, add_customer
from pos.services.pricing import price
from pos.services.shop import get_shop_settings, shop_logo
from pos.settings import MachineSettings
from pos.ui.app import create_window
from tests.ui.test_till import errors, pay, scan, table_texts


def empty_window(qtbot, tmp_path):
    url = "sqlite://" + (tmp_path / "baru.db").as_posix()
    window = create_window(url, MachineSettings.load())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: getattr(window, "first_run", None) is not None)
    return window


def set_up(window, qtbot):
    page = window.first_run
    page.shop_name.setText("Toko Kue Sari")
    page.whatsapp.setText("0812-3456-7890")
    page.owner_name.setText("Sari")
    page.pin.setText("2468")
    page.again.setText("2468")
    page.set_product(0, "Kopi Bubuk 250 g", "25.000", "Kopi")
    page.start_button.click()
    dialog = window.open_shift_dialog
    dialog.amount.setText("100.000")
    dialog.save()
    return window.sale_screen


def test_the_first_run_on_an_empty_database_ends_on_a_usable_till(qtbot, tmp_path):
    window = empty_window(qtbot, tmp_path)
    assert window.stack.currentWidget() is window.first_run_scroll
    page = window.first_run
    page.shop_name.setText("Toko Kue Sari")
    page.pin.setText("2468")
    page.again.setText("2469")
    page.start_button.click()
    assert any("not the same" in e for e in errors(page)) and StaffUser.select().count() == 0
    page.again.setText("2468")
    page.set_product(0, "Roti Bolu", "lima ribu")
    page.start_button.click()
    assert any("not a price" in e for e in errors(page)) and StaffUser.select().count() == 0
    page.set_product(0, "Roti Bolu", "15.000", "Kue")
    page.start_button.click()
    window.open_shift_dialog.amount.setText("100.000")
    window.open_shift_dialog.save()
    screen = window.sale_screen
    assert screen is not None and window.stack.currentWidget() is screen and "Toko Kue Sari" in window.windowTitle()
    scan(screen, qtbot, "Roti Bolu")
    assert table_texts(screen)[0][0].startswith("Roti Bolu") and screen.totals.total_text() == "Rp 15.000"
    pay(screen, "cash", tendered="20.000")
    assert Product.get(Product.name == "Roti Bolu").retail_price == Money(15000)
    from pos.models import Sale

    assert Sale.select().count() == 1 and Sale.get().total == Money(15000)


def test_the_demo_shop_from_the_first_run(qtbot, tmp_path):
    window = empty_window(qtbot, tmp_path)
    page = window.first_run
    page.demo_button.click()
    assert page.task_bar.isVisible() and "demo shop" in page.task_bar.label.text()  # made off the GUI thread
    assert not page.demo_button.isEnabled() and not page.start_button.isEnabled()  # a second click starts nothing
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.login_page, timeout=30_000)
    assert window.stack.currentWidget() is window.login_page and "1111" in window.login_page.hint.text()
    window.login("1111")
    assert window.cashier.name and Product.select().count() > 20


def test_products_tier_price_and_two_promotions_from_the_back_office(qtbot, tmp_path):
    window = empty_window(qtbot, tmp_path)
    screen = set_up(window, qtbot)
    window.show_back_office("1111")  # a wrong PIN opens nothing
    assert getattr(window, "office_dialog", None) is None and any("owner's PIN" in e for e in errors(window))
    window.show_back_office("2468")
    office = window.office_dialog
    tab = office.products
    tab.add_category("Kue", "#f9a825")
    assert [c.name for c in tab.category_rows] == ["Kopi", "Kue"]
    for code, name, price_text in (("RB", "Roti Bolu", "15.000"), ("TS", "Tester Kopi", "5.000"),
                                   ("BR", "Brownies", "40.000")):
        tab.new_button.click()
        form = tab.form
        assert form.category.currentText() == "Kue"
        form.code.setText(code)
        form.name.setText(name)
        form.price.setText(price_text)
        if code == "RB":
            form.barcode.setText("8991234500010")
            form.add_tier_button.click()
            form.set_tier_row(0, "reseller", "10", "12.000")
        form.buttons.accepted.emit()
        assert not form.isVisible(), errors(form)
    assert [r.name for r in tab.rows] == ["Brownies", "Roti Bolu", "Tester Kopi"]
    last = tab.table.columnCount() - 1  # a product never sold is active: the column says so, not "sold"
    assert (tab.table.horizontalHeaderItem(last).text(), tab.table.item(0, last).text()) == ("Active", "yes")
    bolu = Product.get(Product.code == "RB")
    assert [(t.tier.code, t.min_qty, t.price) for t in TierPrice.select().where(TierPrice.product == bolu)] == [
        ("reseller", Quantity.of(10), Money(12000))]
    tab.new_button.click()
    bad = tab.form
    bad.code.setText("RB")
    bad.name.setText("Roti lain")
    bad.price.setText("-500")
    bad.buttons.accepted.emit()
    assert any("cannot be negative" in e for e in errors(bad)) and Product.select().count() == 4
    bad.price.setText("5.000")
    bad.buttons.accepted.emit()
    assert any("code RB is used already" in e for e in errors(bad)) and Product.select().count() == 4
    bad.reject()

    promos = office.promotions
    office.tabs.setCurrentWidget(promos)
    promos.edit(None, kind="buy_x_get_y")
    editor = promos.form
    editor.name.setText("Beli 10 gratis 1")
    editor.buy.setValue(10)
    editor.buy_product.setCurrentIndex(editor.buy_product.findData("RB"))
    editor.get.setValue(1)
    editor.fill_example()
    editor.update_preview()
    assert "Buy 10 get 1 free" in editor.result.text() and "Total: Rp&nbsp;150.000" in editor.result.text()
    assert "1 × Roti Bolu: <b>Rp&nbsp;0</b>" in editor.result.text()
    editor.set_example(0, "RB", 100)  # a reseller-sized order: its amounts never break across lines
    editor.update_preview()
    assert "100 × Roti Bolu: <b>Rp&nbsp;1.500.000</b>" in editor.result.text()
    assert "Total: Rp&nbsp;1.500.000" in editor.result.text()
    editor.buttons.accepted.emit()
    promos.edit(None, kind="threshold_gift")
    editor = promos.form
    editor.name.setText("Tester gratis")
    editor.min_total.setText("300.000")
    editor.gift.setCurrentIndex(editor.gift.findData("TS"))
    editor.set_example(0, "BR", 5)
    editor.update_preview()
    assert "Tester Kopi" not in editor.result.text()  # Rp 200.000 is below the threshold
    editor.min_total.setText("200.000")
    editor.update_preview()
    assert "1 × Tester Kopi: <b>Rp&nbsp;0</b>" in editor.result.text()
    editor.buttons.accepted.emit()
    assert [r.name for r in promos.rows] == ["Beli 10 gratis 1", "Tester gratis"]
    assert all(r.state == "active" for r in promos.rows)
    office.accept()

    lines = [CartLine(bolu.id, Quantity.of(10)), CartLine(Product.get(Product.code == "BR").id, Quantity.of(3))]
    walk_in = price(lines)
    assert walk_in.total == Money(270000)
    bonus = {ln.name: ln for ln in walk_in.lines if ln.is_bonus}
    assert set(bonus) == {"Roti Bolu", "Tester Kopi"}
    ids = {p.name: p.id for p in Promotion.select()}
    assert {ln.name: ln.promotion_id for ln in walk_in.lines if ln.is_bonus} == {
        "Roti Bolu": ids["Beli 10 gratis 1"], "Tester Kopi": ids["Tester gratis"]}
    reasons = [describe_reason(r.code, r.values) for ln in walk_in.lines for r in ln.reasons]
    assert "Buy 10 get 1 free" in reasons and any("200.000" in r for r in reasons), reasons
    toko = add_customer(NewCustomer("Toko Makmur", tier="reseller"), owner_pin=owner_pin())
    reseller = price(lines, toko.id)
    assert reseller.total == Money(240000)  # 10 × 12.000 + 3 × 40.000
    assert any(ln.name == "Tester Kopi" and ln.is_bonus for ln in reseller.lines)

    scan(screen, qtbot, "8991234500010")  # the new product at the till, after the back office closed
    assert table_texts(screen)[0][0].startswith("Roti Bolu")
    assert "Kue" in [screen.grid.tabText(i) for i in range(screen.grid.count())]


def test_staff_settings_and_logo_from_the_back_office(qtbot, tmp_path):
    window = empty_window(qtbot, tmp_path)
    set_up(window, qtbot)
    window.show_back_office("2468")
    office = window.office_dialog
    staff = office.staff
    staff.add("Rina", "cashier", "1111")
    staff.add("Tono", "cashier", "1111")
    assert any("has this PIN already" in e for e in errors(staff))
    assert [r.name for r in staff.rows] == ["Sari", "Rina"]
    staff.table.selectRow(1)
    staff.new_pin("5555")
    staff.protection_boxes["protect_line_removal"].setChecked(True)
    assert get_shop_settings()["protect_line_removal"] is True

    settings = office.settings
    name_field, _read = settings.shop_fields["shop_name"]
    name_field.setText("Toko Kue Sari Rasa")
    rounding, _read = settings.shop_fields["cash_rounding"]
    rounding.setCurrentIndex(rounding.findData(500))
    tax, _read = settings.shop_fields["tax_rate"]
    tax.setText("80")
    settings.save()
    assert any("between 0 and 50" in e for e in errors(settings))
    assert get_shop_settings()["shop_name"] == "Toko Kue Sari"  # nothing was stored
    tax.setText("10")
    settings.save()
    assert (get_shop_settings()["shop_name"], get_shop_settings()["cash_rounding"]) == ("Toko Kue Sari Rasa", 500)
    not_a_picture = tmp_path / "logo.png"
    not_a_picture.write_bytes(b"this is text")
    settings.pick_logo(str(not_a_picture))
    assert any("not a picture" in e for e in errors(settings)) and shop_logo() is None
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (1200, 600), "#6d4c41").save(out, "JPEG")
    real = tmp_path / "logo.jpg"
    real.write_bytes(out.getvalue())
    settings.pick_logo(str(real))
    assert shop_logo() is not None and not settings.logo.pixmap().isNull()
    office.accept()
    assert AuditEntry.select().where(AuditEntry.action == "staff.pin_reset").count() == 1
    assert Category.select().count() == 1 and Promotion.select().count() == 0
    assert window.office_button.isVisible() and window.office_shortcut.key().toString() == "Ctrl+O"


def test_the_login_page_locks_after_five_wrong_pins(qtbot, tmp_path):
    window = empty_window(qtbot, tmp_path)
    set_up(window, qtbot)
    window2 = create_window(window.url, MachineSettings.load())
    qtbot.addWidget(window2)
    window2.show()
    qtbot.waitUntil(lambda: window2.database is not None)
    for _n in range(4):
        window2.login("0000")
        assert window2.login_page.error.text() == "That PIN is not known."
    window2.login("0000")
    assert "try again in 5 minutes" in window2.login_page.error.text()
    window2.login("2468")  # the owner too must wait
    assert window2.cashier is None and "try again" in window2.login_page.error.text()
