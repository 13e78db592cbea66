"""A promotion on a choice in the editor (issue #24 item 3): "extra shot half price on Mondays" is written in the
form, previewed on an example order that carries the choice, saved as the condition ``options`` and opened again."""

from __future__ import annotations

from pos.models import Promotion
from pos.money import Money
from pos.services.product_options import ChoiceForm, GroupForm, save_option_group
from tests.factories import make_product
from tests.ui.test_back_office_window import empty_window, set_up


def test_extra_shot_half_price_on_mondays_in_the_editor(qtbot, tmp_path):
    window = empty_window(qtbot, tmp_path)
    set_up(window, qtbot)  # one product: Kopi Bubuk 250 g (P001), a shop with the owner's PIN 2468
    kopi = make_product(code="KS1", name="Es Kopi Susu", price=18000).id
    save_option_group(GroupForm("Tambahan", (ChoiceForm("Extra shot", Money(6000)), ChoiceForm("Boba", Money(5000))),
                                product_ids=(kopi,)), owner_pin="2468")
    window.show_back_office("2468")
    promos = window.office_dialog.promotions
    promos.edit(None, kind="discount")
    editor = promos.form
    assert editor.pages.isAncestorOf(editor.on_choice) and editor.on_choice.currentText() == "no, on the whole line"
    assert [editor.on_choice.itemText(i) for i in range(1, editor.on_choice.count())] == [
        "Tambahan: Extra shot", "Tambahan: Boba"]
    editor.name.setText("Extra shot Senin")
    editor.percent.setText("50")
    editor.on_choice.setCurrentIndex(editor.on_choice.findText("Tambahan: Extra shot"))  # the example follows
    editor.update_preview()
    shown = editor.result.text()
    # 3 × (18.000 + 6.000) = 72.000; half of the shots' 18.000 off = 9.000: 63.000
    assert "3 × Es Kopi Susu: <b>Rp&nbsp;63.000</b>" in shown and "+Extra shot" in shown, shown
    assert "Total: Rp&nbsp;63.000" in shown, shown
    assert "Extra shot Senin" in shown, shown

    for day in editor.weekdays[1:]:  # Mondays only (the preview prices at the shop's now, a Saturday)
        day.setChecked(False)
    editor.buttons.accepted.emit()
    stored = Promotion.get(Promotion.name == "Extra shot Senin")
    shot = editor.on_choice.currentData()
    assert (stored.kind, stored.conditions, stored.parameters, stored.weekdays) == (
        "discount", {"options": [shot]}, {"percent": "50"}, "0")

    promos.edit(stored.id)  # opened again: the choice is the one stored
    again = promos.form
    assert again.on_choice.currentText() == "Tambahan: Extra shot" and again.percent.text() == "50"
    again.on_choice.setCurrentIndex(0)  # back to the whole line: the condition goes
    again.buttons.accepted.emit()
    assert Promotion.get_by_id(stored.id).conditions == {}
