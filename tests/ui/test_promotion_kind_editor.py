"""The promotion editor renders a kind from its declaration alone: a kind only the tests know
(tests/promotion_kind_example.py) is offered, shows its fields, previews, saves and opens again."""

from __future__ import annotations

import pytest

from pos.models import Promotion
from tests.promotion_kind_example import CODE, example_kind  # noqa: F401  (the fixture)
from tests.ui.test_back_office_window import empty_window, set_up


@pytest.mark.usefixtures("example_kind")
def test_a_test_only_kind_in_the_editor(qtbot, tmp_path):
    window = empty_window(qtbot, tmp_path)
    set_up(window, qtbot)  # one product: Kopi Bubuk 250 g (P001), category Kopi
    window.show_back_office("2468")
    promos = window.office_dialog.promotions
    promos.edit(None, kind=CODE)
    editor = promos.form
    assert editor.kind.currentData() == CODE and editor.kind.currentText() == "A gift for every few items, mixed"
    shown = [w for w in (editor.mixed_every, editor.mixed_scope, editor.mixed_gift) if editor.pages.isAncestorOf(w)]
    assert shown == [editor.mixed_every, editor.mixed_scope, editor.mixed_gift]
    assert not editor.pages.isAncestorOf(editor.buy)  # another kind's field is not on the page
    assert editor.mixed_every.minimum() == 2 and editor.mixed_every.value() == 3
    editor.name.setText("Kopi tiap 2")
    editor.mixed_every.setValue(2)
    editor.mixed_scope.setCurrentIndex(editor.mixed_scope.findData("cat:Kopi"))
    editor.mixed_gift.setCurrentIndex(editor.mixed_gift.findData("P001"))
    editor.fill_example()  # its example order: the scope's first product, as many as a gift asks
    editor.update_preview()
    assert "2 × Kopi Bubuk 250 g" in editor.result.text() and "A gift for every 2 items" in editor.result.text()
    assert "1 × Kopi Bubuk 250 g: <b>Rp&nbsp;0</b>" in editor.result.text()
    editor.buttons.accepted.emit()
    stored = Promotion.get(Promotion.name == "Kopi tiap 2")
    assert (stored.kind, stored.conditions, stored.parameters) == (
        CODE, {"categories": ["Kopi"]}, {"every": 2, "gift_product": "P001"})
    row = next(i for i, r in enumerate(promos.rows) if r.name == "Kopi tiap 2")
    assert promos.table.item(row, 1).text() == "A gift for every few items, mixed"

    promos.edit(stored.id)  # opened again: the fields say what was stored
    again = promos.form
    assert (again.kind.currentData(), again.mixed_every.value(), again.mixed_scope.currentData(),
            again.mixed_gift.currentData()) == (CODE, 2, "cat:Kopi", "P001")
    again.kind.setCurrentIndex(again.kind.findData("buy_x_get_y"))  # another kind: its own sentence
    assert again.pages.isAncestorOf(again.buy) and not again.pages.isAncestorOf(again.mixed_every)
    again.reject()


def test_the_cheapest_item_kind_in_the_editor_with_a_total_limit(qtbot, tmp_path):
    window = empty_window(qtbot, tmp_path)
    set_up(window, qtbot)  # one product: Kopi Bubuk 250 g (P001), category Kopi
    window.show_back_office("2468")
    promos = window.office_dialog.promotions
    promos.edit(None, kind="cheapest_item")
    editor = promos.form
    assert editor.kind.currentText() == "The cheapest item free or cheaper"
    assert editor.pages.isAncestorOf(editor.cheapest_every) and editor.cheapest_percent.text() == "100"  # free
    editor.name.setText("Beli 3 kopi")
    editor.cheapest_scope.setCurrentIndex(editor.cheapest_scope.findData("cat:Kopi"))
    editor.max_uses_total.setValue(50)
    editor.fill_example()  # 3 × the scope's first product
    editor.update_preview()
    assert "3 × Kopi Bubuk 250 g" in editor.result.text(), editor.result.text()
    assert "Buy 3, the cheapest free" in editor.result.text(), editor.result.text()
    editor.buttons.accepted.emit()
    stored = Promotion.get(Promotion.name == "Beli 3 kopi")
    assert (stored.kind, stored.conditions, stored.parameters, stored.max_uses_total) == (
        "cheapest_item", {"categories": ["Kopi"]}, {"every": 3, "percent": "100"}, 50)
    promos.edit(stored.id)
    assert (promos.form.cheapest_every.value(), promos.form.max_uses_total.value()) == (3, 50)
    promos.form.reject()
