"""The back office's Groups and sources tab, the settings' code choices and bringing back a staff member,
as the owner uses them: what the lists and forms show afterwards."""

from __future__ import annotations

from pos.services.customers import NewCustomer, add_customer
from pos.services.shop import get_shop_settings
from pos.ui.customer_form import CustomerFormDialog
from tests.ui.test_back_office_window import empty_window, set_up
from tests.ui.test_till import errors

OWNER_PIN = "2468"  # set_up's owner


def office(qtbot, tmp_path):
    window = empty_window(qtbot, tmp_path)
    set_up(window, qtbot)
    window.show_back_office(OWNER_PIN)
    return window.office_dialog


def form_groups(qtbot, customer_id=None) -> dict[str, str]:
    form = CustomerFormDialog(customer_id)
    qtbot.addWidget(form)
    return {code: box.text() for code, box in form.segment_boxes.items()}


def test_groups_added_renamed_and_retired_show_in_the_list_and_the_customer_form(qtbot, tmp_path):
    dialog = office(qtbot, tmp_path)
    tab = dialog.lists
    assert dialog.tabs.tabText(dialog.tabs.indexOf(tab)) == "Groups and sources"
    groups = tab.segments
    groups.add("Ibu PKK")
    assert groups.names()[-1] == "Ibu PKK" and "Ibu PKK" in form_groups(qtbot).values()
    groups.add(" ibu pkk ")
    assert any("Ibu PKK exists already" in e for e in errors(groups))
    assert groups.names().count("Ibu PKK") == 1
    groups.select("Ibu PKK")
    groups.rename("Ibu-ibu PKK")
    groups.move(-1)
    assert groups.names()[-2:] == ["Ibu-ibu PKK", "Komunitas/Arisan"]
    assert "Ibu-ibu PKK" in form_groups(qtbot).values()
    wati = add_customer(NewCustomer("Wati", "081233344455", segments=("ibu_pkk",)))
    dialog.tabs.setCurrentWidget(dialog.settings)
    dialog.tabs.setCurrentWidget(tab)  # the tab counts again when it is shown
    groups.select("Ibu-ibu PKK")
    assert not groups.delete_button.isEnabled()  # a customer has it: retire, not delete
    groups.toggle_retired()
    assert "Ibu-ibu PKK (retired)" in groups.names() and groups.retire_button.text() == "Bring back"
    assert "ibu_pkk" not in form_groups(qtbot)  # not offered to a new customer
    assert form_groups(qtbot, wati.id)["ibu_pkk"] == "Ibu-ibu PKK (retired)"  # kept on hers
    groups.toggle_retired()
    assert form_groups(qtbot)["ibu_pkk"] == "Ibu-ibu PKK"
    sources = tab.sources
    sources.select("TikTok")
    sources.toggle_retired()
    form = CustomerFormDialog(None)
    qtbot.addWidget(form)
    assert "TikTok" not in [form.source.itemText(i) for i in range(form.source.count())]


def test_the_settings_offer_named_choices_and_save_the_code(qtbot, tmp_path):
    settings = office(qtbot, tmp_path).settings
    region, _read = settings.shop_fields["phone_region"]
    zone, _read = settings.shop_fields["time_zone"]
    currency, _read = settings.shop_fields["currency"]
    assert region.currentText() == "Indonesia (+62) · ID"
    assert [zone.itemData(i) for i in range(3)] == ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"]
    assert zone.currentText() == "Western Indonesia Time, WIB (Asia/Jakarta)"
    assert currency.currentText() == "Indonesian Rupiah (IDR)"
    assert region.findData("XX") < 0 and region.count() > 200
    region.setCurrentIndex(region.findData("MY"))
    zone.setCurrentIndex(zone.findData("Asia/Makassar"))
    settings.save()
    assert not errors(settings)
    shop = get_shop_settings()
    assert (shop["phone_region"], shop["time_zone"], shop["currency"]) == ("MY", "Asia/Makassar", "IDR")


def test_bringing_back_someone_whose_pin_is_taken_says_so(qtbot, tmp_path):
    staff = office(qtbot, tmp_path).staff
    staff.add("Tono", "cashier", "5555")
    staff.table.selectRow([r.name for r in staff.rows].index("Tono"))
    staff.toggle()
    staff.add("Dewi", "cashier", "5555")
    staff.table.selectRow([r.name for r in staff.rows].index("Tono"))
    staff.toggle()
    assert any("Tono's PIN was given to someone else" in e for e in errors(staff))
    assert {r.name: r.active for r in staff.rows} == {"Sari": True, "Dewi": True, "Tono": False}
