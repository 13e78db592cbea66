"""Back office → Copy the shop to another database: the copy runs off the GUI thread, then shows its check per
table; a target that holds a shop is refused in red."""

from __future__ import annotations

from pos.models import Sale
from pos.services.staff import authenticate
from pos.ui.back_office import BackOfficeDialog


def cell_rows(table) -> dict[tuple[str, str], list[str]]:
    rows = {}
    for r in range(table.rowCount()):
        texts = [table.item(r, c).text() for c in range(table.columnCount())]
        rows[(texts[0], texts[1])] = texts[2:]
    return rows


def test_the_owner_copies_the_shop_onto_a_laptop_file_and_reads_the_check(till, qtbot, tmp_path):
    office = BackOfficeDialog(authenticate("1234"), "1234", till.settings, till)
    qtbot.addWidget(office)
    dialog = office.open_db_copy()
    assert dialog.source.text() == till.url and dialog.source.isReadOnly()
    laptop = tmp_path / "laptop.db"
    dialog.target.setText("sqlite://" + laptop.as_posix())

    dialog.copy_button.click()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=20000)

    rows = cell_rows(dialog.table)
    sales = str(Sale.select().count())
    assert rows[("sale", "rows")] == [sales, sales, "equal"]
    assert rows[("customer", "rows")] == ["200", "200", "equal"]
    assert "every count and money sum is equal" in dialog.summary.text() and laptop.is_file()
    assert dialog.copy_button.isEnabled()

    dialog.copy_button.click()  # again: the laptop's file holds a shop now
    qtbot.waitUntil(lambda: "already holds a shop" in dialog.summary.text(), timeout=20000)
    assert "b71c1c" in dialog.summary.styleSheet()
    dialog.grab().save(str(tmp_path / "db-copy.png"))


def test_a_cancelled_copy_keeps_nothing(till, qtbot, tmp_path):
    office = BackOfficeDialog(authenticate("1234"), "1234", till.settings, till)
    qtbot.addWidget(office)
    dialog = office.open_db_copy()
    laptop = tmp_path / "laptop.db"
    dialog.target.setText("sqlite://" + laptop.as_posix())

    dialog.copy_button.click()
    assert not dialog.copy_button.isEnabled() and not dialog.close_button.isEnabled()
    dialog.task_bar.cancel_button.click()  # before the first row: the copy stops at its next report
    qtbot.waitUntil(lambda: "Cancelled" in dialog.summary.text(), timeout=20000)

    assert dialog.result is None and not laptop.exists() and dialog.copy_button.isEnabled()
