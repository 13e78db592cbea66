"""Regenerate the pictures in docs/screens (not a test): the demo shop at 1366×768, in Indonesian.

    QT_QPA_PLATFORM=offscreen python tests/ui/make_screens.py
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "docs" / "screens"


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    tmp = Path(tempfile.mkdtemp())
    os.environ["POS_DATA_DIR"] = str(tmp)
    from PySide6.QtWidgets import QApplication

    from pos.i18n import set_language
    from pos.models import Customer, Sale, StampEntry
    from pos.services import db
    from pos.services.customers import find_customer
    from pos.services.demo import create_demo
    from pos.settings import MachineSettings
    from pos.ui.app import create_window

    set_language(sys.argv[1] if len(sys.argv) > 1 else "id")
    app = QApplication([])
    url = "sqlite://" + (tmp / "shop.db").as_posix()
    db.open_database(url)
    create_demo(seed=1, history_days=30, today=dt.date(2026, 11, 26))
    window = create_window(url, MachineSettings.load())
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    window.grab().save(str(OUT / "login.png"))
    window.login("1111")
    window.open_shift_dialog.amount.setText("200.000")
    window.open_shift_dialog.save()
    screen = window.sale_screen
    regular = Customer.select().join(Sale).where(Customer.tier == 2).group_by(Customer.id).first()
    StampEntry.create(customer=regular.id, earned=10)
    screen.customer.pick(find_customer(regular.member_code).id)
    for code in ("KUE-01", "ROT-01", "ROT-01", "KOP-05", "CML-01"):
        screen.search.setText(code)
        screen.scan()
        if screen.options_panel.isVisible():
            screen.options_panel.accept_choices()  # as usual
    screen.table.item(3, 1).setText("10")
    app.processEvents()
    window.grab().save(str(OUT / "sale-regular.png"))
    screen.pay()
    app.processEvents()
    screen.payment.tendered.setText("300.000")
    screen.payment.show_change()
    screen.payment.grab().save(str(OUT / "payment.png"))
    screen.payment.complete_button.click()
    app.processEvents()
    window.grab().save(str(OUT / "sale-receipt.png"))  # the receipt beside the grid, in place of the empty cart
    window.show_about()
    app.processEvents()
    window.about_dialog.grab().save(str(OUT / "about.png"))
    window.about_dialog.show_licences()
    app.processEvents()
    window.about_dialog.licences.grab().save(str(OUT / "licences.png"))
    window.about_dialog.licences.accept()
    window.about_dialog.accept()
    printing_pictures(window, app, tmp)
    window.refund()
    dialog = window.refund_dialog
    dialog.number.setText(Sale.select().where(Sale.kind == "sale").order_by(Sale.id.desc()).first().number)
    dialog.find()
    dialog.set_refund_quantity(1, "1")
    app.processEvents()
    dialog.grab().save(str(OUT / "refund.png"))
    dialog.reject()
    window.show_customer_book()
    book = window.book_dialog
    book.sort.setCurrentIndex(book.sort.findData("visits"))
    app.processEvents()
    book.grab().save(str(OUT / "customer-book.png"))
    book.table.selectRow(0)
    book.open_selected()
    from pos.services.customer_book import add_complaint, add_touchpoint

    add_complaint(book.page.customer_id, "Kopi kemarin terlalu manis", kind="feedback")
    add_touchpoint(book.page.customer_id, "message", "Info promo Ramadan lewat WhatsApp")
    book.page.refresh()
    app.processEvents()
    book.page.grab().save(str(OUT / "customer-page.png"))
    page = book.page
    page.tabs.setCurrentWidget(page.special_section)
    page.special_section.choose("CML-01")
    page.special_section.price.setText("15.000")
    page.special_section.set_price("1234")
    page.special_section.choose("KUE-01")
    app.processEvents()
    page.grab().save(str(OUT / "customer-special-prices.png"))
    page.tabs.setCurrentIndex(0)
    book.page.edit()
    app.processEvents()
    book.page.form.grab().save(str(OUT / "customer-form.png"))
    book.page.form.reject()
    book.page.accept()
    customer_file_pictures(book, app, tmp)
    book.accept()
    back_office_pictures(window, app)
    bakery_pictures(window, app, tmp)
    tray_pictures(window, app, tmp)
    combo_receipt_picture(tmp)
    coffee_counter_pictures(window, app, tmp)
    options_pictures(window, app)
    offline_pictures(window, app)
    offline_ticket_picture(tmp)
    window.switch_cashier()  # Ctrl+L: the next cashier's PIN, the shift stays open
    app.processEvents()
    window.switch_dialog.grab().save(str(OUT / "switch-cashier.png"))
    window.switch_dialog.reject()
    window.close_shift()
    close = window.close_dialog
    for value, pieces in ((100000, 3), (50000, 1), (20000, 2), (5000, 1)):
        close.counts[value].setValue(pieces)
    app.processEvents()
    close.grab().save(str(OUT / "shift-close-blind.png"))  # counted, nothing to count towards
    close.next_step()
    app.processEvents()
    close.grab().save(str(OUT / "shift-close.png"))  # after the count: expected and the difference
    document_pictures(window, tmp)
    db.close_database()
    first_run_picture(app, tmp)
    retention_pictures(app, tmp)
    join_pictures(app, tmp)


def offline_pictures(window, app) -> None:
    """The till while its server is away: two sales kept on the till, the status bar's "Offline · 2 sales
    waiting" (the demo's file stands in for a server), then sent."""
    from pos.models import Sale
    from pos.services import connectivity, forwarding, outbox

    screen, can_go_offline = window.sale_screen, connectivity.can_go_offline
    connectivity.can_go_offline = lambda: True
    last = (Sale.select(Sale.number).where((Sale.till_id == window.till_id) & (Sale.kind == "sale"))
            .order_by(Sale.number.desc()).first())
    outbox.note_number(window.till_id, last.number)
    forwarding.tick(window.till_id)  # the window's background check: the catalogue and the prices held
    connectivity.went_offline("connection refused")
    for codes, tendered in ((("ROT-01", "KOP-05"), "50.000"), (("KUE-01",), "100.000")):
        for code in codes:
            screen.search.setText(code)
            screen.scan()
        screen.pay()
        screen.payment.tendered.setText(tendered)
        screen.payment.show_change()
        screen.payment.complete_button.click()
    app.processEvents()
    window.grab().save(str(OUT / "offline-status.png"))
    connectivity.back_online()
    forwarding.forward(window.till_id)
    window.outbox_status.refresh()
    connectivity.can_go_offline = can_go_offline


def document_pictures(window, tmp: Path) -> None:
    """The invoice, the delivery note, a statement and the aging list, as A4 PDFs rendered with pdftoppm."""
    import subprocess

    from pos.models import KasbonEntry
    from pos.money import Money
    from pos.services.invoices import invoice_file
    from pos.services.kasbon import record_payment
    from pos.services.kasbon_documents import aging_file, statement_file
    from pos.services.shop import _update_shop_settings

    _update_shop_settings({"bank_accounts": "BRI 0123-01-000123-50-1 a.n. Ani Wulandari\n"
                                           "BCA 845-012-3456 a.n. Ani Wulandari", "qris_text": "NMID ID1023456789012"})
    charge = (KasbonEntry.select().where(KasbonEntry.amount > 0).order_by(KasbonEntry.amount.desc()).first())
    shift = window.shift_id
    record_payment(charge.customer_id, Money(charge.amount.minor // 2), "transfer", shift_id=shift,
                   staff_id=window.cashier.id)

    def picture(name: str, pdf: bytes) -> None:
        path = tmp / f"{name}.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "70", "-png", "-singlefile", str(path), str(OUT / name)], check=True)

    picture("invoice", invoice_file(charge.sale_id, till_id="K1")[1])
    picture("delivery-note", invoice_file(charge.sale_id, till_id="K1", delivery_note=True)[1])
    today = dt.date(2026, 11, 27)
    picture("statement", statement_file(charge.customer_id, today - dt.timedelta(days=30), today))
    picture("kasbon-aging", aging_file(today))
    order_pictures(window, tmp, picture)


def order_pictures(window, tmp: Path, picture) -> None:
    """Saturday's production list (A4 and the thermal paper) with two cakes and their writing; a consignment
    note after a visit (32 sold, 8 taken back, 10 still at the shop)."""
    import subprocess

    from pos.domain.pricing import CartLine
    from pos.models import Customer, Product
    from pos.money import Money, Quantity
    from pos.services import consignment, print_queue, preorders

    ids = {p.code: p.id for p in Product.select()}
    customers = list(Customer.select().where(Customer.phone.is_null(False)).order_by(Customer.id).limit(3))
    now = dt.datetime(2026, 11, 26, 3, 0)
    saturday = dt.date(2026, 11, 28)
    for customer, code, hour, writing in ((customers[0], "KUE-06", 10, "Happy Birthday Dinda ke-7"),
                                          (customers[1], "KUE-08", 15, "Selamat Ulang Tahun Pak Darto, tulisan emas"),
                                          (customers[2], "ROT-01", 9, "")):
        qty = Quantity.of(30 if code == "ROT-01" else 1)
        preorders.take_preorder(customer.id, [CartLine(ids[code], qty)], dt.datetime.combine(saturday, dt.time(hour)),
                                down_payment=Money(100000), details={0: writing}, till_id="K1",
                                shift_id=window.shift_id, staff_id=window.cashier.id, now=now)
    picture("production-list", preorders.production_file(saturday))
    viewer = OUT.parents[2] / "shared" / "tools" / "escpos-view"
    out = tmp / "production.bin"
    print_queue.print_now(print_queue.queue_production_list(saturday, "K1",
                                                            print_queue.PrinterConfig(out.as_uri(), "generic58")))
    if viewer.exists():
        subprocess.run([str(viewer), str(out), "--png", str(OUT / "production-list-58.png"), "--profile",
                        "generic58"], check=True, capture_output=True)
    shop = Customer.get(Customer.name == "Toko Barokah")
    Customer.update(credit_limit=Money(5_000_000)).where(Customer.id == shop.id).execute()
    chips = ids["CML-01"]
    consignment.leave_goods(shop.id, {chips: Quantity.of(50), ids["KRG-01"]: Quantity.of(10)}, till_id="K1",
                            staff_id=window.cashier.id, at=now - dt.timedelta(days=7))
    visit = consignment.settle_visit(shop.id, {chips: Quantity.of(32), ids["KRG-01"]: Quantity.of(6)},
                                     {chips: Quantity.of(8)}, till_id="K1", shift_id=window.shift_id,
                                     staff_id=window.cashier.id, at=now)
    picture("consignment-note", consignment.note_file(visit.reference))
    recap_pictures(window, tmp, picture)


def recap_pictures(window, tmp: Path, picture) -> None:
    """Yesterday's recap: the window, the A4 PDF (first page) and the 58 mm slip. The demo's yesterday has a void,
    a split refund, tax and cash rounding (services/demo_history.py), so these show them."""
    import subprocess

    from pos.services import print_queue
    from pos.services.recap import day_recap, recap_outputs
    from pos.ui.reports_window import ReportsWindow

    day = dt.date(2026, 11, 25)
    picture("recap", recap_outputs(day_recap(day))["pdf"]())
    out = tmp / "recap.bin"
    print_queue.print_now(print_queue.queue_recap(day, None, "K1", print_queue.PrinterConfig(out.as_uri(),
                                                                                           "generic58")))
    viewer = OUT.parents[2] / "shared" / "tools" / "escpos-view"
    if viewer.exists():
        subprocess.run([str(viewer), str(out), "--png", str(OUT / "recap-58.png"), "--profile", "generic58"],
                       check=True, capture_output=True)
    reports = ReportsWindow(till_id="K1", today=dt.date(2026, 11, 26), parent=window)
    reports.day.setDate(day)
    reports.resize(1366, 768)
    reports.show()
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    reports.grab().save(str(OUT / "recap-window.png"))
    reports.tabs.setCurrentWidget(reports.period)
    settle(QApplication.instance(), reports.period)
    reports.grab().save(str(OUT / "recap-period.png"))
    reports.tabs.setCurrentWidget(reports.activity.parentWidget())
    QApplication.processEvents()
    reports.grab().save(str(OUT / "recap-activity.png"))
    reports.accept()


def back_office_pictures(window, app) -> None:
    """The products window, the promotions editor with its preview, and the settings, at 1366×768."""
    from pos.models import Promotion

    window.show_back_office("1234")
    office = window.office_dialog
    office.resize(1366, 768)
    office.products.categories.setCurrentRow(1)
    app.processEvents()
    office.grab().save(str(OUT / "back-office-products.png"))
    office.products.table.selectRow(0)
    office.products.edit_selected()
    app.processEvents()
    office.products.form.grab().save(str(OUT / "product-form.png"))
    office.products.form.reject()
    office.tabs.setCurrentWidget(office.promotions)
    app.processEvents()
    office.grab().save(str(OUT / "back-office-promotions.png"))
    promo = Promotion.select().where(Promotion.kind == "buy_x_get_y").first()
    office.promotions.edit(promo.id)
    editor = office.promotions.form
    editor.resize(1366, 768)
    editor.update_preview()
    app.processEvents()
    editor.grab().save(str(OUT / "promotion-editor.png"))
    editor.reject()
    new_kind_pictures(office, app)
    office.tabs.setCurrentWidget(office.settings)
    app.processEvents()
    office.grab().save(str(OUT / "back-office-settings.png"))
    office.tabs.setCurrentWidget(office.staff)
    app.processEvents()
    office.grab().save(str(OUT / "back-office-staff.png"))
    office.tabs.setCurrentWidget(office.lists)
    app.processEvents()
    office.grab().save(str(OUT / "back-office-groups-and-sources.png"))
    office.tabs.setCurrentWidget(office.activity)
    office.activity.day.setDate(dt.date(2026, 11, 25))  # the demo's yesterday: a drawer, a manual price, a void
    app.processEvents()
    office.grab().save(str(OUT / "back-office-activity.png"))
    copying = office.open_db_copy()  # issue #21: the shop copied into a laptop's file, with its check per table
    copying.target.setText("sqlite://" + (Path(os.environ["POS_DATA_DIR"]) / "laptop.db").as_posix())
    copying.copy_button.click()
    settle(app, copying)
    copying.grab().save(str(OUT / "db-copy.png"))
    copying.reject()
    office.accept()


def bakery_pictures(window, app, tmp: Path) -> None:
    """Issue #25: the recipe editor over the product form, and a Tom & Jerry No. 103 sheet of labels (PDF page)."""
    import subprocess

    from pos.models import Product, StaffUser
    from pos.services.labels import write_labels_pdf
    from pos.ui.product_form import ProductFormDialog

    owner = StaffUser.get(StaffUser.role == "owner")
    form = ProductFormDialog(Product.get(Product.code == "ROT-01").id, owner.id, window, owner_pin="1234")
    form.show()
    recipe = form.open_recipe(exec_=False)
    recipe.show()
    app.processEvents()
    recipe.grab().save(str(OUT / "recipe-editor.png"))
    recipe.reject()
    form.reject()
    pdf = tmp / "labels.pdf"
    write_labels_pdf("CML-01", pdf, copies=9, sheet="tj103", start=4)  # a sheet with its first 3 labels used
    subprocess.run(["pdftoppm", "-r", "70", "-png", "-singlefile", str(pdf), str(OUT / "label-sheet")], check=True)


def tray_pictures(window, app, tmp: Path, out: Path = OUT) -> None:
    """Issue #25: the trays view, the counter with "sisa", sold out and yesterday's goods at the day-old price
    ("kemarin 6 · Rp 7.500"), the question a scan asks when both are on hand, the closing dialog, and the
    production list with the suggested bake (A4)."""
    import subprocess

    from pos.models import Product, StaffUser
    from pos.money import Quantity
    from pos.services import clock, preorders
    from pos.services.trays import close_trays, enter_made, set_day_old_percent, set_made_daily, trays_of_day

    owner = StaffUser.get(StaffUser.role == "owner")
    breads = [p for p in Product.select().where(Product.code.startswith("ROT-")).order_by(Product.code)][:4]
    for p in breads:
        set_made_daily(p.id, True, owner_pin="1234")
        set_day_old_percent(50, product_id=p.id, owner_pin="1234")
    today = clock.today()
    yesterday = today - dt.timedelta(days=1)
    if not any(r.closed for r in trays_of_day(yesterday)):  # yesterday's leftovers carried to today
        left = {breads[0].id: 6, breads[2].id: 4}
        enter_made(yesterday, {pid: Quantity.of(n) for pid, n in left.items()}, staff_id=owner.id)
        close_trays(yesterday, {pid: {"carried": Quantity.of(n)} for pid, n in left.items()}, staff_id=owner.id)
    made = {p.id: Quantity.of(n) for p, n in zip(breads, (24, 0, 12, 18))}
    enter_made(today, made, staff_id=owner.id)
    screen = window.sale_screen
    screen.refresh_catalogue()
    tabs = [screen.grid.tabText(i).replace("&&", "&") for i in range(screen.grid.count())]
    screen.grid.setCurrentIndex(tabs.index(breads[0].category.name))
    app.processEvents()
    window.grab().save(str(out / "counter-trays.png"))
    screen.scan_code(breads[0].code)  # both on hand: today's or yesterday's?
    app.processEvents()
    if getattr(screen, "day_old_question", None) is not None and screen.day_old_question.isVisible():
        screen.day_old_question.grab().save(str(out / "counter-today-or-yesterday.png"))
        screen.day_old_question.reject()
    window.show_trays()
    app.processEvents()
    window.trays_dialog.grab().save(str(out / "trays.png"))
    window.trays_dialog.close_day()
    app.processEvents()
    window.trays_dialog.closing.grab().save(str(out / "trays-closing.png"))
    window.trays_dialog.closing.reject()
    window.trays_dialog.reject()
    pdf = tmp / "bake-plan.pdf"
    pdf.write_bytes(preorders.production_file(today + dt.timedelta(days=1)))
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", str(pdf), str(out / "production-list-bake")],
                   check=True)


def _pick(box, data) -> None:
    box.setCurrentIndex(box.findData(data))


NEW_KINDS = {  # issue #22: kind -> (how the owner fills its sentence, an example order that earns it)
    "combo": (lambda e: (e.name.setText("Paket hemat"), e.combo_first_qty.setValue(1), _pick(e.combo_first, "KOP-05"),
                         _pick(e.combo_second, "ROT-01"), e.combo_price.setText("25.000"),
                         e.max_uses_total.setValue(100)),
              (("KOP-05", 2), ("ROT-01", 2), ("KOP-06", 1))),
    "cheapest_item": (lambda e: (e.name.setText("Beli 3 kue kering, yang termurah gratis"),
                                 _pick(e.cheapest_scope, "cat:Kue Kering")),
                      (("KRG-01", 1), ("KRG-03", 1), ("KRG-07", 1))),
    "buy_get_discount": (lambda e: (e.name.setText("Kopi biji + keripik setengah harga"), _pick(e.bgd_scope, "KOP-01"),
                                    _pick(e.bgd_reward, "CML-01"), e.bgd_percent.setText("50")),
                         (("KOP-01", 1), ("CML-01", 2))),
}


def new_kind_pictures(office, app) -> None:
    """Each promotion kind of issue #22 in the editor, filled in, with its preview of an example order."""
    for kind, (fill, order) in NEW_KINDS.items():
        office.promotions.edit(None, kind=kind)
        editor = office.promotions.form
        editor.resize(1366, 768)
        fill(editor)
        for row, (code, qty) in enumerate(order):
            editor.set_example(row, code, qty)
        editor.update_preview()
        app.processEvents()
        editor.grab().save(str(OUT / f"promotion-{kind.replace('_', '-')}.png"))
        editor.reject()


def combo_receipt_picture(tmp: Path) -> None:
    """A receipt with the combo: 2 Es Kopi Susu + 2 Roti Sobek as two Paket hemat (escpos-view)."""
    import subprocess
    import uuid

    from pos.domain.pricing import CartLine
    from pos.domain.till import Tender
    from pos.models import Product, Shift
    from pos.money import Quantity
    from pos.services import print_queue
    from pos.services.pricing import price
    from pos.services.promotions import PromotionInput, save_promotion
    from pos.services.sales import CheckoutRequest, checkout
    from pos.services.shop import get_shop_settings

    save_promotion(PromotionInput("Paket hemat", "combo", {}, {"first": "KOP-05", "second": "ROT-01", "price": 25000},
                                  max_uses_total=100), time_zone=get_shop_settings()["time_zone"], owner_pin="1234")
    ids = {p.code: p.id for p in Product.select().where(Product.code.in_(["KOP-05", "ROT-01", "KOP-06"]))}
    lines = tuple(CartLine(ids[code], Quantity.of(qty)) for code, qty in (("KOP-05", 2), ("ROT-01", 2), ("KOP-06", 1)))
    shift = Shift.select().where(Shift.status == "open").first()
    priced = price(list(lines))
    sale = checkout(CheckoutRequest(uuid.uuid4().hex, shift.till_id, shift.id, shift.cashier_id, lines,
                                    (Tender("cash", priced.cash_total),)))
    out = tmp / "receipt-combo-58.bin"
    print_queue.print_now(print_queue.queue_receipt(sale.id, shift.till_id,
                                                    print_queue.PrinterConfig(out.as_uri(), "generic58")))
    viewer = OUT.parents[2] / "shared" / "tools" / "escpos-view"
    if viewer.exists():
        subprocess.run([str(viewer), str(out), "--png", str(OUT / "receipt-combo-58.png"), "--profile", "generic58"],
                       check=True, capture_output=True)


def coffee_counter_pictures(window, app, tmp: Path, out: Path = OUT) -> None:
    """Two open bills sent to the bar (issue #24): the open bills list, and the bar's ticket (escpos-view). The
    bills stay open, so the shift's close lists them."""
    import subprocess

    from pos.models import Category, PrintJob
    from pos.services.bar_tickets import set_category_station

    set_category_station(Category.get(Category.name == "Kopi & Minuman").id, "bar", owner_pin="1234")
    window.settings.set("bar_printer_url", (tmp / "bar-printer.bin").as_uri())
    screen = window.sale_screen
    screen.close_receipt()
    for name, codes in (("Meja 4", ("KOP-05", "KOP-05", "KOP-07", "ROT-01")), ("Mas Bayu", ("KOP-06", "KUE-01"))):
        screen.bill_name_provider = lambda parent, suggested="", name=name: name
        for code in codes:
            screen.search.setText(code)
            screen.scan()
            if screen.options_panel.isVisible():
                screen.options_panel.accept_choices()  # as usual
        screen.send_order()
    app.processEvents()
    screen.show_bills()
    app.processEvents()
    screen.bills_dialog.grab().save(str(out / "open-bills.png"))
    screen.bills_dialog.reject()
    ticket = PrintJob.select().where(PrintJob.kind == "ticket").order_by(PrintJob.id).first()
    paper = tmp / "ticket-bar-58.bin"
    paper.write_bytes(bytes(ticket.payload))  # the exact bytes the bar's printer gets
    viewer = OUT.parents[2] / "shared" / "tools" / "escpos-view"
    if viewer.exists():
        subprocess.run([str(viewer), str(paper), "--png", str(out / "ticket-bar-58.png"), "--profile", "generic58"],
                       check=True, capture_output=True)


def offline_ticket_picture(tmp: Path, out: Path = OUT) -> None:
    """The bar's ticket of a sale kept on the till while the server is away (issue #21): the till's own number,
    marked offline (escpos-view)."""
    import datetime as dt
    import subprocess

    from pos.money import Quantity
    from pos.printing.render_escpos import to_bytes
    from pos.printing.ticket import TicketData, TicketItem, ticket_document

    data = TicketData("Bar", 3, dt.datetime(2026, 11, 28, 2, 41), "Asia/Jakarta",
                      (TicketItem("Es Kopi Susu Gula Aren", Quantity.of(2), ("Large · Less sugar",)),
                       TicketItem("Kopi Tubruk", Quantity.of(1), ())),
                      customer="Mas Bayu", reference="K1-000128", till_id="K1", offline=True)
    paper = tmp / "ticket-offline-58.bin"
    paper.write_bytes(to_bytes(ticket_document(data), "generic58"))
    viewer = OUT.parents[2] / "shared" / "tools" / "escpos-view"
    if viewer.exists():
        subprocess.run([str(viewer), str(paper), "--png", str(out / "ticket-offline-58.png"), "--profile",
                        "generic58"], check=True, capture_output=True)


def settle(app, owner) -> None:
    """Wait for the window's background work (pos/ui/tasks.py) and anything it asked for next."""
    import time

    while owner.runner.busy() or getattr(owner, "pending", False):
        app.processEvents()
        time.sleep(0.01)
    app.processEvents()


def first_run_picture(app, tmp: Path) -> None:
    from pos.settings import MachineSettings
    from pos.ui.app import create_window

    url = "sqlite://" + (tmp / "new-shop.db").as_posix()
    window = create_window(url, MachineSettings.load())
    window.resize(1366, 768)
    window.show()
    for _n in range(5):
        app.processEvents()
    page = window.first_run
    page.shop_name.setText("Toko Kue Sari")
    page.whatsapp.setText("0812-3456-7890")
    page.owner_name.setText("Sari")
    for row, (name, price, category) in enumerate((("Roti Bolu", "15.000", "Kue"), ("Brownies Kukus", "40.000", "Kue"),
                                                   ("Kopi Bubuk 250 g", "25.000", "Kopi"))):
        page.set_product(row, name, price, category)
    app.processEvents()
    window.grab().save(str(OUT / "first-run.png"))


def join_pictures(app, tmp: Path) -> None:
    """This computer joins a shop's server: the server's address tested, then the shop's tills and their state."""
    from pos.models import Till
    from pos.services import clock, db, tills
    from pos.services.computer import Computer
    from pos.settings import MachineSettings
    from pos.ui.join_server import GOOD, JoinServerDialog

    url = "sqlite://" + (tmp / "server-shop.db").as_posix()  # the tills as a server would list them
    db.open_database(url)
    now = clock.now()
    tills.start_at_till("K1", Computer("a" * 32, "KASIR-DEPAN"), embedded=True)
    Till.update(name="Depan").where(Till.id == "K1").execute()
    Till.create(id="K2", name="Belakang", computer_id="b" * 32, computer_name="LAPTOP-BU-ANI",
                last_seen=now - dt.timedelta(hours=5), created_at=now)
    Till.create(id="K3", name="Meja kopi", created_at=now)
    dialog = JoinServerDialog(MachineSettings.load(), url)
    dialog.host.setText("192.168.1.10")
    dialog.user.setText("kasir")
    dialog.password.setText("rahasia")
    dialog.result.setText(_connected())
    dialog.result.setStyleSheet(GOOD)
    dialog.next_button.setEnabled(True)
    dialog.show()
    app.processEvents()
    dialog.grab().save(str(OUT / "join-server.png"))
    dialog.show_tills(select="K3")
    app.processEvents()
    dialog.grab().save(str(OUT / "join-tills.png"))
    dialog.hide()
    db.close_database()


def _connected() -> str:
    from pos.i18n import _

    return _("Connected: {shop} on {host}.").format(shop="Toko Roti & Kopi Bu Ani", host="192.168.1.10")


def retention_pictures(app, tmp: Path) -> None:
    """Bring them back on half a year of demo history: the lapsed list, the RFM groups, the monthly chart, the
    messages, the campaign helper, and a Status picture (its dialog, and the picture at half size)."""
    from PIL import Image

    from pos.models import Product, Promotion
    from pos.services import db
    from pos.services.demo import create_demo
    from pos.services.status_picture import status_picture
    from pos.ui.retention_window import RetentionWindow

    db.open_database("sqlite://" + (tmp / "half-year.db").as_posix())
    create_demo(seed=1, history_days=180, today=dt.date(2026, 11, 26))
    window = RetentionWindow(today=dt.date(2026, 11, 28))
    window.resize(1366, 768)
    window.show()
    settle(app, window)
    window.grab().save(str(OUT / "retention-lapsed.png"))
    window.tabs.setCurrentIndex(1)
    settle(app, window)
    window.groups.selectRow(3)  # at risk
    app.processEvents()
    window.grab().save(str(OUT / "retention-groups.png"))
    window.tabs.setCurrentIndex(window.tabs.count() - 1)
    settle(app, window)
    window.grab().save(str(OUT / "retention-chart.png"))
    window.edit_templates()
    app.processEvents()
    window.templates_dialog.grab().save(str(OUT / "message-templates.png"))
    window.templates_dialog.accept()
    window.tabs.setCurrentIndex(0)
    window.days.setValue(30)
    settle(app, window)
    window.start_campaign()
    app.processEvents()
    window.campaign.grab().save(str(OUT / "campaign.png"))
    window.campaign.accept()
    chips = Product.get(Product.code == "CML-01").id
    bonus = Promotion.get(Promotion.kind == "buy_x_get_y").id
    window.status_picture()
    dialog = window.status_dialog
    dialog.product.setCurrentIndex(dialog.product.findData(chips))
    dialog.promotion.setCurrentIndex(dialog.promotion.findData(bonus))
    app.processEvents()
    dialog.grab().save(str(OUT / "status-dialog.png"))
    (tmp / "status.png").write_bytes(status_picture(chips, bonus))
    with Image.open(tmp / "status.png") as picture:
        picture.resize((540, 960), Image.LANCZOS).save(OUT / "status-picture.png", optimize=True)
    window.accept()
    db.close_database()


def customer_file_pictures(book, app, tmp: Path) -> None:
    """The import dialog with a row that stops the import, and the likely duplicates."""
    from pos.services.customers import NewCustomer, add_customer

    path = tmp / "kontak-hp.csv"
    path.write_text("Nama;No HP;Desa;Alamat\nBu Ratna;0813-2771-0401;Kledung;Jl. Kopi 3\n"
                    "Pak Darto;0812 2771 0402;Bansari;\nMbak Yuni;0812-277;Kledung;RT 02\n"
                    "Ibu Sumarni;+62 813 2771 0404;Wonotirto;\n", encoding="utf-8-sig")
    book.import_file(str(path))
    app.processEvents()
    book.importer.grab().save(str(OUT / "customer-import.png"))
    book.importer.reject()
    add_customer(NewCustomer("Bu Sumarni", "", village="Wonotirto"))
    add_customer(NewCustomer("Sumarni", "0813-2771-0404", village="wonotirto"))
    add_customer(NewCustomer("Pak Darto Wiyono", "0812-2771-0409", village="Bansari"))
    add_customer(NewCustomer("Darto", "", village="Bansari", notes="Nomor lain 0812-2771-0409"))
    book.show_duplicates()
    settle(app, book.duplicates)
    book.duplicates.grab().save(str(OUT / "duplicates.png"))
    book.duplicates.accept()


def options_pictures(window, app) -> None:
    """Issue #24: the options panel after "2, 2" (Besar, Kurang manis) from a scan, then a cart with choices."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent

    screen = window.sale_screen
    screen.new_cart()
    screen.new_cart()
    panel = screen.options_panel

    def key(k) -> None:
        panel.keyPressEvent(QKeyEvent(QEvent.Type.KeyPress, k, Qt.KeyboardModifier.NoModifier))

    for keys in ((Qt.Key.Key_2, Qt.Key.Key_2), (Qt.Key.Key_Tab, Qt.Key.Key_Tab, Qt.Key.Key_Tab, Qt.Key.Key_1), ()):
        screen.search.setText("KOP-05")
        screen.scan()
        for k in keys:
            key(k)
        if keys and keys[0] == Qt.Key.Key_2:
            app.processEvents()
            panel.grab().save(str(OUT / "options-panel.png"))
        key(Qt.Key.Key_Return)
    for code in ("ROT-01", "KOP-07"):
        screen.search.setText(code)
        screen.scan()
        if panel.isVisible():
            key(Qt.Key.Key_Return)
    app.processEvents()
    window.grab().save(str(OUT / "sale-options.png"))
    screen.new_cart()


def printing_pictures(window, app, tmp: Path) -> None:
    """The last receipt and a member card as the printer prints them (escpos-view), the card PDF sheet,
    the printer settings and the print queue with a printer that is off."""
    import shutil
    import subprocess

    from pos.models import Sale
    from pos.printing.card_pdf import cards_pdf
    from pos.services import print_queue
    from pos.services.shop import _update_shop_settings

    _update_shop_settings({"whatsapp": "0812-2735-4816"})
    viewer = OUT.parents[2] / "shared" / "tools" / "escpos-view"
    sale = Sale.select().where(Sale.kind == "sale").order_by(Sale.id.desc()).first()
    for name, job in (("receipt-58", lambda c: print_queue.queue_receipt(sale.id, "K1", c)),
                      ("card-58", lambda c: print_queue.queue_card(sale.customer.member_code, "K1", c))):
        out = tmp / f"{name}.bin"
        print_queue.print_now(job(print_queue.PrinterConfig(out.as_uri(), "generic58")))
        if viewer.exists():
            subprocess.run([str(viewer), str(out), "--png", str(OUT / f"{name}.png"), "--profile", "generic58"],
                           check=True, capture_output=True)
    pdf = tmp / "cards.pdf"
    members = [print_queue.card_data(s.customer.member_code) for s in Sale.select().where(Sale.customer.is_null(False))
               .order_by(Sale.id.desc()).limit(40)]
    unique = list({card.member_code: card for card in members}.values())[:10]
    cards_pdf(unique, pdf)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                        str(OUT / "card-sheet")], check=True)
    window.settings.set("printer_url", "tcp://127.0.0.1:9")  # a printer that is off
    job = print_queue.queue_receipt(sale.id, "K1", window.printer.config())
    print_queue.print_now(job, timeout=2)
    card = print_queue.queue_card(sale.customer.member_code, "K1", window.printer.config("tcp://127.0.0.1:9100"))
    print_queue.mark_sent(card.id)  # a network printer without ?status=1 took it: sent, not confirmed
    window.update_queue()
    window.show_print_queue()
    app.processEvents()
    window.queue_dialog.grab().save(str(OUT / "print-queue.png"))
    window.queue_dialog.accept()
    window.printer_settings("1234")  # behind the owner's PIN
    app.processEvents()
    window.printer_dialog.grab().save(str(OUT / "printer-settings.png"))
    window.printer_dialog.reject()
    window.settings.set("printer_url", "")


if __name__ == "__main__":
    main()
