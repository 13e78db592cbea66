"""The back office's services on SQLite and PostgreSQL: staff and settings behind the owner's PIN, the
wrong-PIN lock, products with tier prices, tiers, promotions' states and preview, the first run."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from pos.domain.pricing import CartLine
from pos.models import AuditEntry, Category, LoginGuard, Product, ProductPicture, Promotion, ShopSetting, StaffUser
from pos.money import Money, Quantity
from pos.services import promotion_book, setup, tiers
from pos.services.auth import require_owner
from pos.services.errors import InvalidInput, NotAllowed
from pos.services.pricing import price
from pos.services.products import (ProductForm, TierPriceRow, delete_category, list_categories, list_products,
                                   load_product, move_category, remove_product, save_category, save_product)
from pos.services.promotions import PromotionInput, save_promotion
from pos.services.shop import change_shop_settings, get_shop_settings, set_shop_logo, shop_logo
from pos.services.staff import (LOCK_AFTER, LockedOut, _add_staff, add_staff_member, change_own_pin, list_staff,
                                log_in, reset_pin, set_staff_active)
from tests.factories import owner_pin, make_sale

OWNER_PIN, CASHIER_PIN = "1234", "1111"
T0 = dt.datetime(2026, 11, 27, 8, 0)


@pytest.fixture
def shop(database):
    owner = _add_staff("Bu Sari", "owner", OWNER_PIN)
    cashier = _add_staff("Rina", "cashier", CASHIER_PIN)
    return {"owner": owner, "cashier": cashier}


def png(width=600, height=400) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), "#c62828").save(out, "PNG")
    return out.getvalue()


# --- security -----------------------------------------------------------------------------------
def test_pins_are_never_stored_in_clear(shop):
    for user in StaffUser.select():
        name, n, r, p, key = user.pin_key.split("$")  # the key's hex digits may hold "1234" by chance, not the PIN
        assert (name, user.pin_hash) == ("scrypt", "") and n.isdigit() and r.isdigit() and p.isdigit()
        assert len(key) >= 32 and set(key) <= set("0123456789abcdef")
        assert OWNER_PIN not in (n, r, p) and CASHIER_PIN not in (n, r, p)
    assert len({u.pin_key for u in StaffUser.select()}) == 2


@pytest.mark.parametrize("action", [
    lambda: list_staff(owner_pin=CASHIER_PIN),
    lambda: add_staff_member("Tono", "owner", "5555", owner_pin=CASHIER_PIN),
    lambda: reset_pin(1, "9999", owner_pin=CASHIER_PIN),
    lambda: set_staff_active(1, False, owner_pin=CASHIER_PIN),
    lambda: change_shop_settings({"shop_name": "Toko Rina"}, owner_pin=CASHIER_PIN),
    lambda: set_shop_logo(png(), owner_pin=CASHIER_PIN),
])
def test_a_cashier_cannot_reach_staff_or_settings_through_the_services(shop, action):
    staff_before = [(u.name, u.role, u.pin_hash, u.active) for u in StaffUser.select().order_by(StaffUser.id)]
    with pytest.raises(NotAllowed, match="owner's PIN"):
        action()
    assert [(u.name, u.role, u.pin_hash, u.active) for u in StaffUser.select().order_by(StaffUser.id)] == \
        staff_before
    assert get_shop_settings()["shop_name"] == "" and shop_logo() is None


def test_the_owner_manages_staff_and_pins(shop):
    tono = add_staff_member("Tono", "cashier", "5555", owner_pin=OWNER_PIN)
    assert [s.name for s in list_staff(owner_pin=OWNER_PIN)] == ["Bu Sari", "Rina", "Tono"]
    with pytest.raises(InvalidInput, match="has this PIN already"):
        add_staff_member("Dewi", "cashier", CASHIER_PIN, owner_pin=OWNER_PIN)
    with pytest.raises(InvalidInput, match="4 to 6 digits"):
        reset_pin(tono.id, "12", owner_pin=OWNER_PIN)
    reset_pin(tono.id, "8888", owner_pin=OWNER_PIN)
    assert log_in("8888", "K1").id == tono.id
    change_own_pin("8888", "7777")
    assert log_in("7777", "K1").id == tono.id
    set_staff_active(tono.id, False, owner_pin=OWNER_PIN)
    with pytest.raises(NotAllowed, match="not known"):
        log_in("7777", "K1")
    with pytest.raises(InvalidInput, match="at least one active owner"):
        set_staff_active(shop["owner"].id, False, owner_pin=OWNER_PIN)
    actions = [a.action for a in AuditEntry.select().where(AuditEntry.action.startswith("staff."))]
    assert {"staff.pin_reset", "staff.pin_changed", "staff.deactivated"} <= set(actions)


def test_the_login_locks_after_repeated_wrong_pins_and_opens_again_later(shop):
    for n in range(LOCK_AFTER - 1):
        with pytest.raises(NotAllowed, match="not known"):
            log_in("0000", "K1", now=T0 + dt.timedelta(seconds=n))
    with pytest.raises(LockedOut, match="try again in 5 minutes"):
        log_in("0000", "K1", now=T0 + dt.timedelta(seconds=10))
    with pytest.raises(LockedOut):  # even the right PIN waits
        log_in(CASHIER_PIN, "K1", now=T0 + dt.timedelta(minutes=2))
    with pytest.raises(LockedOut):  # the lock is the shop's: another till waits too
        log_in(CASHIER_PIN, "K2", now=T0 + dt.timedelta(minutes=2))
    assert log_in(CASHIER_PIN, "K1", now=T0 + dt.timedelta(minutes=6)).name == "Rina"
    assert LoginGuard.get(LoginGuard.key == "login").failures == 0  # the count starts again after the lock
    assert AuditEntry.select().where(AuditEntry.action == "staff.locked_out").count() == 1


def test_owner_approvals_lock_too(shop):
    for _n in range(LOCK_AFTER):  # the cashier's own PIN guesses nothing: not counted (issue #18)
        with pytest.raises(NotAllowed, match="owner's PIN"):
            require_owner(CASHIER_PIN)
    for _n in range(LOCK_AFTER - 1):
        with pytest.raises(NotAllowed):
            require_owner("4444")  # a cashier guessing the owner's PIN
    with pytest.raises(LockedOut):
        require_owner("9999")
    with pytest.raises(LockedOut):
        require_owner(OWNER_PIN)


def test_settings_and_logo_with_the_owner_pin(shop):
    change_shop_settings({"shop_name": "Toko Kue Sari", "bank_accounts": "BRI 0123-01-000123-50-1 a.n. Sari",
                          "payment_terms_days": "30", "time_zone": "Asia/Makassar"}, owner_pin=OWNER_PIN)
    s = get_shop_settings()
    assert (s["shop_name"], s["payment_terms_days"], s["time_zone"]) == ("Toko Kue Sari", 30, "Asia/Makassar")
    for bad, message in (({"time_zone": "Bandung"}, "not a time zone"), ({"tax_rate": "80"}, "between 0 and 50"),
                         ({"shop_name": "X", "cash_rounding": "250"}, "choose one of")):
        with pytest.raises(InvalidInput, match=message):
            change_shop_settings(bad, owner_pin=OWNER_PIN)
    assert get_shop_settings()["shop_name"] == "Toko Kue Sari"
    with pytest.raises(InvalidInput, match="not a picture"):
        set_shop_logo(b"%PDF-1.4 not a picture", owner_pin=OWNER_PIN)
    set_shop_logo(png(2000, 1000), owner_pin=OWNER_PIN)
    from PIL import Image

    logo = Image.open(io.BytesIO(shop_logo()))
    assert logo.size == (384, 192)
    set_shop_logo(None, owner_pin=OWNER_PIN)
    assert shop_logo() is None and not ShopSetting.select().where(ShopSetting.key == "logo_png").exists()


# --- products -----------------------------------------------------------------------------------
def bread(category_id=None, **changes):
    values = dict(code="RB-01", name="Roti Bolu", category_id=category_id, retail_price=Money(15000), unit="pcs",
                  barcode="8991234500010", cost=Money(9000),
                  tier_prices=(TierPriceRow("reseller", Quantity.of(10), Money(12000)),
                               TierPriceRow("regular", Quantity.of(1), Money(14000))))
    values.update(changes)
    return ProductForm(**values)


def test_categories_in_counter_order_with_a_colour(database):
    kue = save_category("Kue", "#f9a825", owner_pin=owner_pin())
    kopi = save_category("Kopi", "#6d4c41", owner_pin=owner_pin())
    with pytest.raises(InvalidInput, match="exists already"):
        save_category("kue", owner_pin=owner_pin())
    with pytest.raises(InvalidInput, match="not a colour"):
        save_category("Keripik", "merah", owner_pin=owner_pin())
    move_category(kopi, -1, owner_pin=owner_pin())
    assert [c.name for c in list_categories()] == ["Kopi", "Kue"]
    save_product(bread(kue), owner_pin=owner_pin())
    with pytest.raises(InvalidInput, match="still has products"):
        delete_category(kue, owner_pin=owner_pin())
    delete_category(kopi, owner_pin=owner_pin())
    assert [c.name for c in list_categories()] == ["Kue"]


def test_a_product_with_tier_prices_is_priced_by_the_till(database):
    kue = save_category("Kue", owner_pin=owner_pin())
    pid = save_product(bread(kue), owner_pin=owner_pin())
    assert load_product(pid).tier_prices == (TierPriceRow("regular", Quantity.of(1), Money(14000)),
                                             TierPriceRow("reseller", Quantity.of(10), Money(12000)))
    from pos.services.customers import NewCustomer, add_customer

    toko = add_customer(NewCustomer("Toko Makmur", tier="reseller"), owner_pin=owner_pin())
    assert price([CartLine(pid, Quantity.of(10))], toko.id).total == Money(120000)
    assert price([CartLine(pid, Quantity.of(9))], toko.id).total == Money(135000)  # below the break: retail


@pytest.mark.parametrize("change, message", [
    (dict(retail_price=Money(-1)), "cannot be negative"),
    (dict(retail_price=Money(2_000_000_000)), "too large"),
    (dict(tier_prices=(TierPriceRow("reseller", Quantity(0), Money(1000)),)), "at least 1"),
    (dict(tier_prices=(TierPriceRow("vip", Quantity.of(1), Money(1000)),)), "no price tier"),
    (dict(code="RB-01"), "code RB-01 is used already"),
    (dict(code="RB-02", barcode="8991234500010"), "barcode 8991234500010 belongs to Roti Bolu"),
    (dict(code="RB-02", name=" "), "needs a code and a name"),
    (dict(code="RB-02", category_id=None), "category"),
])
def test_a_bad_product_is_refused_with_its_reason_and_nothing_changes(database, change, message):
    kue = save_category("Kue", owner_pin=owner_pin())
    pid = save_product(bread(kue), owner_pin=owner_pin())
    before = [(p.code, p.name, p.retail_price) for p in Product.select()]
    with pytest.raises(InvalidInput, match=message):
        save_product(bread(**{"category_id": kue, **change}), None if "code" in change else pid,  # new, or an edit
                     owner_pin=owner_pin())
    assert [(p.code, p.name, p.retail_price) for p in Product.select()] == before


def test_a_sold_product_is_deactivated_an_unsold_one_deleted_and_pictures_kept(database):
    kue = save_category("Kue", owner_pin=owner_pin())
    sold = save_product(bread(kue, picture=png(90, 90)), owner_pin=owner_pin())
    unsold = save_product(bread(kue, code="RB-02", barcode="", name="Roti Sobek"), owner_pin=owner_pin())
    assert ProductPicture.get(ProductPicture.product == sold).data == png(90, 90)
    assert [r.has_picture for r in list_products()] == [True, False]
    make_sale(None, 15000)  # the factory sells the first product
    assert remove_product(sold, owner_pin=owner_pin()) == "deactivated" and not Product.get_by_id(sold).active
    assert remove_product(unsold, owner_pin=owner_pin()) == "deleted"
    assert Product.get_or_none(Product.id == unsold) is None
    assert [r.code for r in list_products("bolu")] == ["RB-01"]


def test_a_product_a_promotion_gives_away_cannot_be_removed(database):
    kue = save_category("Kue", owner_pin=owner_pin())
    pid = save_product(bread(kue), owner_pin=owner_pin())
    save_promotion(PromotionInput("Beli 10 gratis 1", "buy_x_get_y", {"products": ["RB-01"]},
                                  {"buy": 10, "get": 1}), time_zone="Asia/Jakarta", owner_pin=owner_pin())
    with pytest.raises(InvalidInput, match="Beli 10 gratis 1"):
        remove_product(pid, owner_pin=owner_pin())


# --- tiers, promotions, first run ------------------------------------------------------------------
def test_tiers_added_renamed_ordered_and_only_unused_own_ones_deleted(database):
    code = tiers.add_tier("Grosir Besar", owner_pin=owner_pin())
    assert code == "grosir_besar"
    with pytest.raises(InvalidInput, match="exists already"):
        tiers.add_tier("grosir besar", owner_pin=owner_pin())
    tiers.rename_tier("regular", "Pelanggan Setia", owner_pin=owner_pin())
    tiers.move_tier(code, -3, owner_pin=owner_pin())
    assert [t.code for t in tiers.list_tiers()][0] == code
    assert {t.code: t.name for t in tiers.list_tiers()}["regular"] == "Pelanggan Setia"
    with pytest.raises(InvalidInput, match="stay"):
        tiers.delete_tier("reseller", owner_pin=owner_pin())
    tiers.delete_tier(code, owner_pin=owner_pin())
    assert code not in [t.code for t in tiers.list_tiers()]


def test_promotion_states_copies_and_the_preview(database):
    kue = save_category("Kue", owner_pin=owner_pin())
    save_product(bread(kue), owner_pin=owner_pin())
    save_product(bread(kue, code="TST", name="Tester Kopi", barcode="", retail_price=Money(5000), tier_prices=()),
                 owner_pin=owner_pin())
    zone = "Asia/Jakarta"
    now = dt.datetime(2026, 11, 27, 3, 0)
    old = save_promotion(PromotionInput("Lebaran", "period_discount", {}, {"percent": 10},
                                        valid_from=dt.datetime(2026, 3, 1), valid_to=dt.datetime(2026, 4, 1)),
                         time_zone=zone, owner_pin=owner_pin())
    soon = save_promotion(PromotionInput("Natal", "period_discount", {}, {"percent": 5},
                                         valid_from=dt.datetime(2026, 12, 20), valid_to=dt.datetime(2026, 12, 27)),
                          time_zone=zone, owner_pin=owner_pin())
    b10 = save_promotion(PromotionInput("Beli 10 gratis 1", "buy_x_get_y", {"products": ["RB-01"]},
                                        {"buy": 10, "get": 1}), time_zone=zone, owner_pin=owner_pin())
    states = {r.id: r.state for r in promotion_book.list_promotions(now)}
    assert states == {old: "expired", soon: "upcoming", b10: "active"}
    copy = promotion_book.duplicate_promotion(b10, owner_pin=owner_pin())
    assert Promotion.get_by_id(copy).name == "Beli 10 gratis 1 (copy)" and not Promotion.get_by_id(copy).active

    tester = PromotionInput("Tester gratis", "threshold_gift", {"min_total": 200000},
                            {"gift_products": ["TST"], "quantity": 1})
    cart = promotion_book.preview_promotion(tester, promotion_book.Example((("RB-01", Quantity.of(14)),)))
    assert cart.total == Money(210000)
    assert [(ln.name, ln.quantity, ln.retail_price, ln.amount, ln.is_bonus) for ln in cart.lines][-1] == (
        "Tester Kopi", Quantity.of(1), Money(5000), Money(0), True)
    small = promotion_book.preview_promotion(tester, promotion_book.Example((("RB-01", Quantity.of(13)),)))
    assert not any(ln.is_bonus for ln in small.lines)
    with pytest.raises(InvalidInput):
        promotion_book.preview_promotion(PromotionInput("Kosong", "threshold_gift", {}, {"gift_products": ["TST"]}),
                                         promotion_book.Example((("RB-01", Quantity.of(1)),)))
    assert Promotion.select().count() == 4  # a preview stores nothing


def test_the_first_run_sets_up_the_shop_once(database):
    assert setup.needs_setup()
    owner = setup.set_up_shop("Toko Kue Sari", "Sari", "2468", (
        setup.FirstProduct("Roti Bolu", Money(15000), "Kue"), setup.FirstProduct("Kopi Tubruk", Money(8000)),
        setup.FirstProduct("", Money(0))))
    assert not setup.needs_setup() and owner.role == "owner" and log_in("2468", "K1").id == owner.id
    assert get_shop_settings()["shop_name"] == "Toko Kue Sari"
    assert [(p.name, p.retail_price.minor, p.category.name) for p in Product.select().order_by(Product.id)] == [
        ("Roti Bolu", 15000, "Kue"), ("Kopi Tubruk", 8000, "Products")]
    with pytest.raises(NotAllowed, match="set up already"):
        setup.set_up_shop("Lain", "X", "1357")
    assert Category.select().count() == 2


def test_the_shop_logo_prints_on_receipts_unless_the_till_has_its_own(shop, tmp_path):
    from pos.services.print_queue import printer_config
    from pos.settings import MachineSettings

    assert printer_config(MachineSettings()).logo == ""
    set_shop_logo(png(800, 400), owner_pin=OWNER_PIN)
    config = printer_config(MachineSettings())
    with open(config.logo, "rb") as f:
        assert f.read() == shop_logo()
    own = MachineSettings()
    own.set("receipt_logo", str(tmp_path / "till-logo.png"))
    assert printer_config(own).logo == str(tmp_path / "till-logo.png")
