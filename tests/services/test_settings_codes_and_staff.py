"""Shop settings that take a code (currency, phone region, time zone) accept only known codes; a staff
member whose PIN was given to someone else is not brought back with it. SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from pos.i18n import set_language
from pos.models import AuditEntry, ShopSetting, StaffUser
from pos.services.errors import InvalidInput
from pos.services.setting_choices import choices_for
from pos.services.shop import change_shop_settings, get_shop_settings
from pos.services.staff import (_add_staff, add_staff_member, change_own_pin, log_in, reset_pin,
                                set_staff_active)

OWNER_PIN = "1234"


@pytest.fixture
def owner(database):
    return _add_staff("Bu Sari", "owner", OWNER_PIN)


def stored():
    return sorted((r.key, r.value) for r in ShopSetting.select())


@pytest.mark.parametrize("changes, message", [
    ({"phone_region": "XX"}, "XX is not a country code"),
    ({"currency": "RPH"}, "RPH is not a currency code"),
    ({"time_zone": "Asia/Bandung"}, "Asia/Bandung is not a time zone"),
    ({"shop_name": "Toko Sari", "phone_region": "XX"}, "XX is not a country code"),  # all or nothing
])
def test_an_unknown_code_is_refused_and_nothing_saved(owner, changes, message):
    before, audit = stored(), AuditEntry.select().count()
    with pytest.raises(InvalidInput, match=message):
        change_shop_settings(changes, owner_pin=OWNER_PIN)
    assert stored() == before and AuditEntry.select().count() == audit
    assert get_shop_settings()["phone_region"] == "ID" and get_shop_settings()["shop_name"] == ""


def test_a_known_code_is_saved(owner):
    change_shop_settings({"phone_region": "sg", "currency": "SGD", "time_zone": "Asia/Makassar"},
                         owner_pin=OWNER_PIN)
    s = get_shop_settings()
    assert (s["phone_region"], s["currency"], s["time_zone"]) == ("SG", "SGD", "Asia/Makassar")


def test_the_choices_read_as_names_with_the_code_and_indonesia_first():
    set_language("id")
    zones = [c.label for c in choices_for("time_zone")]
    assert zones[:3] == ["Waktu Indonesia Barat, WIB (Asia/Jakarta)", "Waktu Indonesia Tengah, WITA (Asia/Makassar)",
                         "Waktu Indonesia Timur, WIT (Asia/Jayapura)"]
    assert "Waktu Singapura (Asia/Singapore)" in zones
    regions = choices_for("phone_region")
    assert regions[0].label == "Indonesia (+62) · ID" and regions[0].code == "ID"
    assert "Singapura (+65) · SG" in [c.label for c in regions]
    currencies = choices_for("currency")
    assert (currencies[0].code, currencies[0].label) == ("IDR", "Rupiah Indonesia (IDR)")
    assert "XX" not in {c.code for c in regions}


def test_a_staff_member_whose_pin_someone_now_uses_is_not_brought_back(owner):
    tono = add_staff_member("Tono", "cashier", "5555", owner_pin=OWNER_PIN)
    set_staff_active(tono.id, False, owner_pin=OWNER_PIN)
    dewi = add_staff_member("Dewi", "cashier", "5555", owner_pin=OWNER_PIN)  # Tono's old PIN, now free
    before = [(u.name, u.active, u.pin_hash) for u in StaffUser.select().order_by(StaffUser.id)]
    with pytest.raises(InvalidInput, match="Tono's PIN was given to someone else"):
        set_staff_active(tono.id, True, owner_pin=OWNER_PIN)
    assert [(u.name, u.active, u.pin_hash) for u in StaffUser.select().order_by(StaffUser.id)] == before
    assert log_in("5555", "K1").id == dewi.id  # two people never share a PIN
    reset_pin(tono.id, "6666", owner_pin=OWNER_PIN)  # a new PIN first, then he comes back
    set_staff_active(tono.id, True, owner_pin=OWNER_PIN)
    assert log_in("6666", "K1").id == tono.id


def test_a_pin_taken_by_a_reset_or_a_change_also_blocks_the_return(owner):
    rina = add_staff_member("Rina", "cashier", "1111", owner_pin=OWNER_PIN)
    ani = add_staff_member("Ani", "cashier", "2222", owner_pin=OWNER_PIN)
    tono = add_staff_member("Tono", "cashier", "3333", owner_pin=OWNER_PIN)
    set_staff_active(rina.id, False, owner_pin=OWNER_PIN)
    set_staff_active(ani.id, False, owner_pin=OWNER_PIN)
    reset_pin(tono.id, "1111", owner_pin=OWNER_PIN)
    change_own_pin(OWNER_PIN, "2222")
    for person in (rina, ani):
        with pytest.raises(InvalidInput, match="given to someone else"):
            set_staff_active(person.id, True, owner_pin="2222")
    set_staff_active(tono.id, False, owner_pin="2222")
    set_staff_active(tono.id, True, owner_pin="2222")  # nobody took Tono's PIN: he comes back as he was
    assert log_in("1111", "K1").id == tono.id
