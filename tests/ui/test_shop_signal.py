"""The open windows follow the shop's settings: the owner changes the tax rate or the shop's name and the
sale screen's cart and the window's title show it at once, without a restart; a change made at another till
shows after the window's next look at the database."""

from __future__ import annotations

from pos.models import ShopSetting
from pos.services.shop import change_shop_settings
from pos.ui.shop_signal import shop_signal
from tests.ui.test_till import NASTAR_BARCODE, scan


def test_the_sale_screen_prices_with_the_new_tax_and_the_title_shows_the_new_name(till, qtbot):
    screen = till.sale_screen
    scan(screen, qtbot, NASTAR_BARCODE)
    before = screen.totals.total_text()
    assert before == "Rp 95.000" and not screen.totals.labels["tax"][1].isVisible()
    with qtbot.waitSignal(shop_signal().changed, timeout=2000):
        change_shop_settings({"tax_enabled": True, "tax_rate": "10", "shop_name": "Roti Ana"}, owner_pin="1234")
    assert screen.totals.total_text() == "Rp 104.500"  # the same cart, priced again with 10 % tax
    assert screen.totals.labels["tax"][1].text() == "Rp 9.500"
    assert "Roti Ana" in till.windowTitle() and "Roti Ana" in till.status.text()


def test_a_change_at_another_till_shows_after_the_next_look(till, qtbot):
    screen = till.sale_screen
    scan(screen, qtbot, NASTAR_BARCODE)
    for key, value in (("tax_enabled", True), ("tax_rate", "11"), ("shop_name", "Kue Bu Sari")):
        ShopSetting.insert(key=key, value=value).on_conflict(  # another till's write: nobody here is told
            conflict_target=[ShopSetting.key], update={ShopSetting.value: value}).execute()
    assert screen.totals.total_text() == "Rp 95.000"
    shop_signal().watch(20)  # the window looks every 15 s; here every 20 ms
    try:
        qtbot.waitUntil(lambda: screen.totals.total_text() == "Rp 105.450", timeout=3000)
    finally:
        shop_signal().watch()
    assert "Kue Bu Sari" in till.windowTitle()
