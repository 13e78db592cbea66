import pytest

from pos.models import ShopSetting, StaffUser
from pos.services.errors import InvalidInput
from pos.services.shop import get_shop_settings, _update_shop_settings
from pos.services.staff import _add_staff, authenticate


def test_shop_settings_have_defaults_and_are_stored_for_every_till(database):
    settings = get_shop_settings()
    assert (settings["currency"], settings["phone_region"], settings["time_zone"]) == ("IDR", "ID", "Asia/Jakarta")
    _update_shop_settings({"shop_name": "Toko Kue Sari", "cash_rounding": "500", "tax_enabled": "true"})
    again = get_shop_settings()
    assert (again["shop_name"], again["cash_rounding"], again["tax_enabled"]) == ("Toko Kue Sari", 500, True)


def test_one_bad_shop_setting_changes_nothing(database):
    _update_shop_settings({"shop_name": "Toko Kue Sari"})
    rows = ShopSetting.select().count()
    with pytest.raises(InvalidInput, match="Round cash totals"):
        _update_shop_settings({"shop_name": "Nama Baru", "cash_rounding": "250"})
    assert get_shop_settings()["shop_name"] == "Toko Kue Sari"
    assert ShopSetting.select().count() == rows


def test_pins_are_hashed_and_checked(database):
    owner = _add_staff("Bu Sari", "owner", "4321")
    assert StaffUser.get_by_id(owner.id).pin_hash != "4321"
    assert authenticate("4321") == owner
    assert authenticate("1234") is None
    with pytest.raises(InvalidInput):
        _add_staff("Rina", "cashier", "12")
    with pytest.raises(InvalidInput):
        _add_staff("Bu Sari", "cashier", "5555")
    assert StaffUser.select().count() == 1
