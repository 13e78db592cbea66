"""The owner's lists of customer groups and sources, on SQLite and PostgreSQL: added, renamed, ordered,
retired and brought back behind the owner's PIN; a retired one stays where it is used and is not given anew."""

from __future__ import annotations

import pytest

from tests.factories import owner_pin
from pos.domain.pricing import CartLine
from pos.models import AcquisitionSource, AuditEntry, Customer, Promotion, Segment
from pos.money import Money, Quantity
from pos.services import customer_lists as lists
from pos.services.customer_lists import SEGMENTS, SOURCES
from pos.services.customer_profile import choices, load_profile, save_profile
from pos.services.customers import NewCustomer, add_customer, customer_card
from pos.services.errors import InvalidInput, NotAllowed
from pos.services.pricing import price
from pos.services.products import ProductForm, save_category, save_product
from pos.services.promotions import PromotionInput, save_promotion
from pos.services.staff import _add_staff

OWNER_PIN, CASHIER_PIN = "1234", "1111"


@pytest.fixture
def shop(database):
    _add_staff("Bu Sari", "owner", OWNER_PIN)
    _add_staff("Rina", "cashier", CASHIER_PIN)


def names(kind):
    return [lists.shown_name(e.name, e.retired) for e in lists.list_entries(kind)]


def rows(model):
    return [(r.code, r.name, r.position, r.retired) for r in model.select().order_by(model.id)]


def test_groups_added_renamed_ordered_retired_and_brought_back(shop):
    code = lists.add_entry(SEGMENTS, "  Ibu   PKK ", owner_pin=OWNER_PIN)
    assert code == "ibu_pkk"
    assert names(SEGMENTS)[-1] == "Ibu PKK"
    lists.rename_entry(SEGMENTS, "student", "Anak Sekolah", owner_pin=OWNER_PIN)
    lists.move_entry(SEGMENTS, code, -1, owner_pin=OWNER_PIN)
    lists.move_entry(SEGMENTS, "office", 1, owner_pin=OWNER_PIN)
    assert names(SEGMENTS) == ["Anak Sekolah", "Ibu Muda", "Warung/Reseller", "Karyawan Kantor", "Ibu PKK",
                               "Komunitas/Arisan"]
    lists.set_entry_retired(SEGMENTS, "young_mother", True, owner_pin=OWNER_PIN)
    assert "Ibu Muda (retired)" in names(SEGMENTS)
    assert "young_mother" not in dict(choices().segments)  # not offered to a new customer
    lists.set_entry_retired(SEGMENTS, "young_mother", False, owner_pin=OWNER_PIN)
    assert dict(choices().segments)["young_mother"] == "Ibu Muda"
    actions = [a.action for a in AuditEntry.select().where(AuditEntry.action.startswith("segment."))]
    assert actions == ["segment.added", "segment.renamed", "segment.moved", "segment.moved", "segment.retired",
                       "segment.restored"]


def test_sources_have_the_same_list(shop):
    code = lists.add_entry(SOURCES, "Bazar RT", owner_pin=OWNER_PIN)
    lists.move_entry(SOURCES, code, -10, owner_pin=OWNER_PIN)
    assert names(SOURCES)[0] == "Bazar RT"
    lists.set_entry_retired(SOURCES, "tiktok", True, owner_pin=OWNER_PIN)
    assert "tiktok" not in dict(choices().sources)
    assert dict(choices(include_retired=True).sources)["tiktok"] == "TikTok (retired)"
    with pytest.raises(InvalidInput, match="TikTok is retired"):
        add_customer(NewCustomer("Wati", "081233344455", source="tiktok"))
    assert not Customer.select().exists()


@pytest.mark.parametrize("kind, model, action, message", [
    (SEGMENTS, Segment, lambda: lists.add_entry(SEGMENTS, "ibu MUDA", owner_pin=OWNER_PIN), "Ibu Muda exists"),
    (SEGMENTS, Segment, lambda: lists.add_entry(SEGMENTS, "IbuMuda", owner_pin=OWNER_PIN), "Ibu Muda exists"),
    (SEGMENTS, Segment, lambda: lists.rename_entry(SEGMENTS, "office", " ibu  muda", owner_pin=OWNER_PIN),
     "Ibu Muda exists"),
    (SEGMENTS, Segment, lambda: lists.add_entry(SEGMENTS, "   ", owner_pin=OWNER_PIN), "needs a name"),
    (SEGMENTS, Segment, lambda: lists.rename_entry(SEGMENTS, "office", "", owner_pin=OWNER_PIN), "needs a name"),
    (SOURCES, AcquisitionSource, lambda: lists.add_entry(SOURCES, "whats app", owner_pin=OWNER_PIN),
     "WhatsApp exists"),
    (SEGMENTS, Segment, lambda: lists.add_entry(SEGMENTS, "Arisan RW", owner_pin=CASHIER_PIN), "owner's PIN"),
    (SOURCES, AcquisitionSource, lambda: lists.set_entry_retired(SOURCES, "tiktok", True, owner_pin=CASHIER_PIN),
     "owner's PIN"),
])
def test_a_duplicate_or_empty_name_or_a_cashier_is_refused_and_nothing_changes(shop, kind, model, action, message):
    before = rows(model)
    audit = AuditEntry.select().count()
    with pytest.raises((InvalidInput, NotAllowed), match=message):
        action()
    assert rows(model) == before
    assert AuditEntry.select().count() == audit


def test_a_retired_group_stays_on_old_customers_and_is_not_given_anew(shop):
    wati = add_customer(NewCustomer("Wati", "081233344455", segments=("young_mother",), source="tiktok"))
    lists.set_entry_retired(SEGMENTS, "young_mother", True, owner_pin=OWNER_PIN)
    lists.set_entry_retired(SOURCES, "tiktok", True, owner_pin=OWNER_PIN)
    assert customer_card(wati.id).segment_names == ("Ibu Muda (retired)",)
    profile = load_profile(wati.id)
    assert profile.segments == ("young_mother",) and profile.source == "tiktok"
    form = choices(keep_segments=profile.segments, keep_source=profile.source)
    assert dict(form.segments)["young_mother"] == "Ibu Muda (retired)"  # her own form still shows it
    from dataclasses import replace

    save_profile(replace(profile, village="Sukamaju"), wati.id, owner_pin=owner_pin())  # keeping what she has is fine
    assert load_profile(wati.id).segments == ("young_mother",)
    with pytest.raises(InvalidInput, match="Ibu Muda is retired"):
        add_customer(NewCustomer("Sri", "081299988877", segments=("young_mother",)))
    budi = add_customer(NewCustomer("Budi", "081211122233"))
    with pytest.raises(InvalidInput, match="Ibu Muda is retired"):
        save_profile(replace(load_profile(budi.id), segments=("young_mother",)), budi.id, owner_pin=owner_pin())
    assert load_profile(budi.id).segments == ()
    assert Customer.select().count() == 2


def test_a_used_entry_cannot_be_deleted_an_unused_one_can(shop):
    add_customer(NewCustomer("Wati", "081233344455", segments=("student",), source="whatsapp"))
    save_promotion(PromotionInput("Arisan 5%", "segment_discount", {"segments": ["community"]}, {"percent": 5}),
                   time_zone="Asia/Jakarta", owner_pin=OWNER_PIN)
    for kind, code in ((SEGMENTS, "student"), (SEGMENTS, "community"), (SOURCES, "whatsapp")):
        with pytest.raises(InvalidInput, match="retire it instead"):
            lists.delete_entry(kind, code, owner_pin=OWNER_PIN)
    assert {e.code: (e.customers, e.promotions) for e in lists.list_entries(SEGMENTS)}["community"] == (0, 1)
    lists.delete_entry(SEGMENTS, "office", owner_pin=OWNER_PIN)
    lists.delete_entry(SOURCES, "facebook", owner_pin=OWNER_PIN)
    assert "office" not in [e.code for e in lists.list_entries(SEGMENTS)]
    assert "facebook" not in [e.code for e in lists.list_entries(SOURCES)]


def test_a_retired_group_is_refused_in_a_new_promotion_but_kept_in_an_old_one(shop):
    zone = "Asia/Jakarta"
    old = save_promotion(PromotionInput("Pelajar 5%", "segment_discount", {"segments": ["student"]},
                                        {"percent": 5}), time_zone=zone, owner_pin=OWNER_PIN)
    lists.set_entry_retired(SEGMENTS, "student", True, owner_pin=OWNER_PIN)
    with pytest.raises(InvalidInput, match="Pelajar/Mahasiswa is retired"):
        save_promotion(PromotionInput("Pelajar 10%", "segment_discount", {"segments": ["student"]},
                                      {"percent": 10}), time_zone=zone, owner_pin=OWNER_PIN)
    save_promotion(PromotionInput("Pelajar 7%", "segment_discount", {"segments": ["student"]}, {"percent": 7}),
                   time_zone=zone, promotion_id=old, owner_pin=OWNER_PIN)  # the old one may still be changed
    assert Promotion.get_by_id(old).parameters == {"percent": 7}
    assert Promotion.select().count() == 1


def test_a_segment_added_and_then_used_in_a_promotion_condition(shop):
    """Acceptance: "Ibu PKK" added through the service, a promotion for that group, a cart priced for a
    customer in it (gets the discount) and for one who is not (does not)."""
    pkk = lists.add_entry(SEGMENTS, "Ibu PKK", owner_pin=OWNER_PIN)
    kue = save_category("Kue", owner_pin=OWNER_PIN)
    bolu = save_product(ProductForm(code="RB-01", name="Roti Bolu", category_id=kue, retail_price=Money(15000),
                                    unit="pcs"), owner_pin=OWNER_PIN)
    save_promotion(PromotionInput("Ibu PKK 10%", "segment_discount", {"segments": [pkk]}, {"percent": 10}),
                   time_zone="Asia/Jakarta", owner_pin=OWNER_PIN)
    member = add_customer(NewCustomer("Bu Yati", "081233344455", segments=(pkk,)))
    other = add_customer(NewCustomer("Bu Tini", "081299988877", segments=("office",)))
    cart = [CartLine(bolu, Quantity.of(4))]
    assert price(cart, member.id).total == Money(54000)
    assert price(cart, other.id).total == Money(60000)
    assert price(cart, None).total == Money(60000)
