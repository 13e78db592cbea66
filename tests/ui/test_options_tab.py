"""The back office's options tab: the owner writes a group, the till offers it; a wrong group is refused."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from pos.money import Money
from pos.services.product_options import list_option_groups, options_for
from pos.ui.options_tab import OptionsTab
from tests.factories import make_category, make_product, owner_pin


@pytest.fixture
def tab(qtbot, database):
    drinks = make_category("Minuman")
    coffee = make_product(name="Es Kopi Susu", category_id=drinks)
    tab = OptionsTab(owner_pin())
    qtbot.addWidget(tab)
    tab.show()
    return tab, drinks, coffee


def _fill(tab, name, choices, at_least, at_most):
    tab.new_group()
    tab.name.setText(name)
    tab.min_choices.setValue(at_least)
    tab.max_choices.setValue(at_most)
    for text, price, default in choices:
        tab.add_choice()
        row = tab.choices.rowCount() - 1
        tab.choices.item(row, 0).setText(text)
        tab.choices.item(row, 1).setText(price)
        tab.choices.cellWidget(row, 2).setChecked(default)


def _tick(box, label):
    from PySide6.QtCore import Qt
    for i in range(box.count()):
        if box.item(i).text().startswith(label):
            box.item(i).setCheckState(Qt.CheckState.Checked)


def test_the_owner_writes_a_group_for_a_category_and_the_till_offers_it(tab, monkeypatch):
    tab, drinks, coffee = tab
    _fill(tab, "Ukuran", [("Regular", "", True), ("Large", "5.000", False)], 1, 1)
    _tick(tab.categories, "Minuman")
    assert tab.save()
    (group,) = options_for(coffee.id)
    assert [(c.name, c.price, c.default) for c in group.choices] == [("Regular", Money(0), True),
                                                                     ("Large", Money(5000), False)]
    _fill(tab, "Tambahan", [("Extra shot", "6.000", False)], 0, 2)
    _tick(tab.products, "Es Kopi Susu")
    assert tab.save()
    assert [g.name for g in options_for(coffee.id)] == ["Ukuran", "Tambahan"]
    tab.move(-1)  # Tambahan first on the panel
    assert [g.name for g in options_for(coffee.id)] == ["Tambahan", "Ukuran"]
    assert tab.groups.item(0).text() == "Tambahan · Es Kopi Susu"


def test_a_group_at_least_more_than_at_most_is_refused_and_nothing_is_saved(tab, monkeypatch):
    tab, _drinks, _coffee = tab
    said = []
    monkeypatch.setattr("pos.ui.options_tab.show_error", lambda _w, text: said.append(text))
    _fill(tab, "Gula", [("Normal", "", True)], 2, 1)
    assert not tab.save()
    _fill(tab, "Gula", [("Normal", "lima ribu", True)], 1, 1)
    assert not tab.save()
    assert "minimum" in said[0] and "5.000" in said[1] and list_option_groups() == []
    assert not [b for b in tab.findChildren(QMessageBox) if b.isVisible()]
