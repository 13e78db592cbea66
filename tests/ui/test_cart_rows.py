"""The cart table draws again only the rows that changed, and always shows what a fresh table would."""

from pos.domain.pricing import PricedCart, PricedLine, Reason
from pos.money import Money, Quantity
from pos.ui.cart_view import CartTable


def paid(index: int, name: str, qty: int, unit: int, discount: int = 0) -> PricedLine:
    gross = unit * qty
    reasons = (Reason("discount", (("name", "Promo"), ("percent", "10")), 7, Money(-discount)),) if discount else ()
    return PricedLine(index, 100 + index, name, "Roti", Quantity.of(qty), Money(unit), Money(unit), "retail",
                      Money(gross), Money(discount), Money(gross - discount), reasons=reasons)


def free(name: str) -> PricedLine:
    return PricedLine(None, 900, name, "Kue", Quantity.of(1), Money(15000), Money(0), "bonus", Money(0), Money(0),
                      Money(0), True, 3, (Reason("threshold_gift", (("name", "Hadiah"),), 3, Money(-15000)),))


def cart(*lines: PricedLine) -> PricedCart:
    total = Money(sum(line.amount.minor for line in lines))
    return PricedCart(tuple(lines), total, Money(0), Money(0), Money(0), total, total, Money(0))


def texts(table: CartTable) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(4)] for r in range(table.rowCount())]


def fresh(qtbot, priced: PricedCart) -> list[list[str]]:
    table = CartTable()
    qtbot.addWidget(table)
    table.show_cart(priced)
    return texts(table)


def test_a_scanned_line_goes_in_above_the_free_item_and_the_other_rows_stay(qtbot):
    table = CartTable()
    qtbot.addWidget(table)
    first = cart(paid(0, "Roti Sobek", 2, 12000), paid(1, "Bolu Pandan", 1, 55000), free("Nastar Mini"))
    table.show_cart(first)
    kept = [table.item(0, 0), table.item(2, 0)]
    second = cart(paid(0, "Roti Sobek", 2, 12000), paid(1, "Bolu Pandan", 1, 55000),
                  paid(2, "Kopi Susu", 3, 18000), free("Nastar Mini"))
    table.show_cart(second)
    assert texts(table) == fresh(qtbot, second)
    assert texts(table)[2][:2] == ["Kopi Susu", "3"] and texts(table)[3][3] == "FREE"
    assert [table.item(0, 0), table.item(3, 0)] == kept  # the rows that did not change were not drawn again
    assert table.rows == [0, 1, 2, None]


def test_an_edited_line_shows_its_new_cells_and_a_removed_line_goes(qtbot):
    table = CartTable()
    qtbot.addWidget(table)
    table.show_cart(cart(paid(0, "Roti Sobek", 2, 12000), paid(1, "Bolu Pandan", 1, 55000), free("Nastar Mini")))
    edited = cart(paid(0, "Roti Sobek", 2, 12000), paid(1, "Bolu Pandan", 4, 55000, discount=22000),
                  free("Nastar Mini"))
    table.show_cart(edited)
    assert texts(table) == fresh(qtbot, edited)
    assert texts(table)[1][1:] == ["4", "Rp 55.000", "Rp 198.000"] and "Promo" in texts(table)[1][0]
    shorter = cart(paid(0, "Bolu Pandan", 4, 55000, discount=22000), free("Nastar Mini"))
    table.show_cart(shorter)
    assert texts(table) == fresh(qtbot, shorter) and table.rows == [0, None]
    table.show_cart(None)
    assert table.rowCount() == 0


def test_a_quantity_typed_over_is_put_back_when_the_cart_stays_the_same(qtbot):
    table = CartTable()
    qtbot.addWidget(table)
    same = cart(paid(0, "Roti Sobek", 2, 12000))
    table.show_cart(same)
    typed = []
    table.quantity_typed.connect(lambda index, text: typed.append((index, text)))
    table.item(0, 1).setText("abc")  # refused by the till, which shows the cart as it was
    table.show_cart(same)
    assert typed == [(0, "abc")] and texts(table)[0][1] == "2"


def test_the_amount_columns_grow_for_a_long_amount_and_fit_again_for_a_new_cart(qtbot):
    table = CartTable()
    qtbot.addWidget(table)
    table.show_cart(cart(paid(0, "Roti Sobek", 1, 1000)))
    narrow = table.columnWidth(3)
    table.show_cart(cart(paid(0, "Roti Sobek", 1, 1000), paid(1, "Kue Tart", 100, 1_250_000)))
    metrics = table.fontMetrics()
    assert table.columnWidth(3) > narrow
    assert table.columnWidth(3) >= metrics.horizontalAdvance(table.item(1, 3).text())
    table.show_cart(None)
    table.show_cart(cart(paid(0, "Roti Sobek", 1, 1000)))
    assert table.columnWidth(3) == narrow
