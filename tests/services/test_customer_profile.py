"""Editing a customer, consent with its source, likely duplicates and the cards of merged records."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from pos.models import AuditEntry, Customer, CustomerSegment, MemberCodeAlias
from pos.money import Money
from pos.services.customer_profile import Profile, load_profile, save_profile, set_promo_consent
from pos.services.customers import DuplicatePhone, find_customer
from pos.services.duplicates import SAME_NUMBER, SIMILAR_NAME, likely_duplicates, name_key
from pos.services.errors import InvalidInput
from pos.services.merge import merge_customers
from tests.factories import make_customer, owner_pin

NOW = dt.datetime(2026, 11, 20, 9, 30)


def test_a_new_customer_from_the_form_with_consent_and_its_source(database):
    cid = save_profile(Profile(name=" Dewi Lestari ", phone="0813 2222 0001", tier="reseller", segments=("student",),
                               source="whatsapp", village="Kledung", promo_consent=True, consent_source="form",
                               credit_limit=Money(250000)), now=NOW, owner_pin=owner_pin())
    c = Customer.get_by_id(cid)
    assert (c.name, c.phone, c.tier.code, c.village) == ("Dewi Lestari", "+6281322220001", "reseller", "Kledung")
    assert (c.promo_consent, c.promo_consent_at, c.promo_consent_source) == (True, NOW, "form")
    assert [link.segment.code for link in c.segment_links] == ["student"]
    assert c.credit_limit == Money(250000) and c.source.code == "whatsapp"


def test_editing_stores_every_field_pins_the_tier_and_is_audited(database):
    budi = make_customer("Budi", "0813-2222-0002")
    referrer = make_customer("Pak Slamet")
    p = load_profile(budi.id)
    assert p.phone == "0813-2222-0002" and p.tier == "retail" and not p.promo_consent
    save_profile(replace(p, name="Budi Santoso", phone="+62 813 2222 0003", tier="regular", village="Wonosobo",
                         birthday=dt.date(1990, 5, 17), referred_by=referrer.member_code.lower(),
                         segments=("office", "student")), budi.id, now=NOW, owner_pin=owner_pin())
    c = Customer.get_by_id(budi.id)
    assert (c.name, c.phone, c.tier.code, c.tier_set_by_hand) == ("Budi Santoso", "+6281322220003", "regular", True)
    assert c.birthday == dt.date(1990, 5, 17) and c.referred_by_id == referrer.id and c.village == "Wonosobo"
    assert sorted(link.segment.code for link in c.segment_links) == ["office", "student"]
    entry = AuditEntry.select().where(AuditEntry.action == "customer.edited").get()
    assert {"name", "phone", "tier", "village", "birthday", "referred_by"} <= set(entry.details["fields"])


@pytest.mark.parametrize("change, message", [
    (dict(phone="0812"), "not a valid phone number"),
    (dict(name="  "), "needs a name"),
    (dict(promo_consent=True, consent_source=""), "how the customer agreed"),
    (dict(birthday=dt.date(2030, 1, 1)), "birthday"),
    (dict(credit_limit=Money(-5)), "kasbon limit"),
    (dict(referred_by="LG99999"), "no customer with member code"),
    (dict(tier="vip"), "no price tier"),
])
def test_a_wrong_field_is_refused_with_its_reason_and_nothing_changes(database, change, message):
    budi = make_customer("Budi", "0813-2222-0002", segments=("student",))
    before = load_profile(budi.id)
    with pytest.raises(InvalidInput, match=message):
        save_profile(replace(before, village="Kledung", segments=(), **change), budi.id, now=NOW,
                     owner_pin=owner_pin())
    assert load_profile(budi.id) == before
    assert CustomerSegment.select().count() == 1


def test_a_number_already_in_the_book_names_its_customer(database):
    siti = make_customer("Siti", "0812-3456-7890")
    budi = make_customer("Budi")
    with pytest.raises(DuplicatePhone, match=r"Siti \(LG00001\)") as caught:
        save_profile(replace(load_profile(budi.id), phone="+62 812-3456-7890"), budi.id)
    assert caught.value.customer_id == siti.id
    save_profile(replace(load_profile(siti.id), village="Dieng"), siti.id)  # its own number is no clash


def test_consent_given_and_withdrawn_keeps_the_date_and_source(database):
    sri = make_customer("Bu Sri", "0813-2222-0004")
    set_promo_consent(sri.id, True, "whatsapp", now=NOW)
    c = Customer.get_by_id(sri.id)
    assert (c.promo_consent, c.promo_consent_at, c.promo_consent_source) == (True, NOW, "whatsapp")
    save_profile(replace(load_profile(sri.id), notes="suka pedas"), sri.id, now=NOW + dt.timedelta(days=3))
    assert Customer.get_by_id(sri.id).promo_consent_at == NOW  # an unrelated edit is not a new consent
    set_promo_consent(sri.id, False, now=NOW + dt.timedelta(days=9))
    c = Customer.get_by_id(sri.id)
    assert (c.promo_consent, c.promo_consent_at, c.promo_consent_source) == (False, None, "")


def test_a_consent_from_before_sources_were_kept_does_not_block_an_edit(database):
    sri = make_customer("Bu Sri", promo_consent=True)
    assert load_profile(sri.id).consent_source == ""
    save_profile(replace(load_profile(sri.id), village="Dieng"), sri.id, now=NOW)
    assert Customer.get_by_id(sri.id).promo_consent and Customer.get_by_id(sri.id).village == "Dieng"


def test_name_keys_take_away_titles_old_spellings_and_doubled_letters():
    assert name_key("Bu Sarii W.") == ("sari", "w")
    assert name_key("Soekarno") == name_key("Sukarno") == ("sukarno",)
    assert name_key("Pak") == ("pak",)  # a title alone is still a name


def test_likely_duplicates_by_number_in_the_notes_and_by_near_names_in_one_village(database):
    sari = make_customer("Sari Wulandari", "0813-5555-0101", village="Kledung")
    bu_sari = make_customer("Bu Sari", village="kledung ")
    other_village = make_customer("Sari", village="Dieng")
    wati = make_customer("Wati", village="Dieng")
    watie = make_customer("Watie", village="Dieng")
    make_customer("Wawan", village="Dieng")
    tono = make_customer("Tono", "0813-5555-0200")
    anton = make_customer("Anton", notes="Other numbers: 0813 5555 0200")
    make_customer("Tini", "0813-5555-0301", village="Bansari")  # a number each: two people
    make_customer("Tini", "0813-5555-0302", village="Bansari")
    found = {(d.first.id, d.second.id): d.reason for d in likely_duplicates()}
    assert found == {(tono.id, anton.id): SAME_NUMBER, (sari.id, bu_sari.id): SIMILAR_NAME,
                     (wati.id, watie.id): SIMILAR_NAME}
    assert other_village.id not in {i for pair in found for i in pair}
    assert likely_duplicates()[0].reason == SAME_NUMBER


def test_a_merged_away_member_card_still_finds_the_customer(database):
    sari = make_customer("Sari", "0813-5555-0101")
    old = make_customer("Bu Sari")
    older = make_customer("Sari W")
    merge_customers(old.id, older.id, owner_pin=owner_pin())
    merge_customers(sari.id, old.id, owner_pin=owner_pin())
    assert find_customer(old.member_code).id == sari.id
    assert find_customer(older.member_code.lower()).id == sari.id  # the alias followed the second merge
    assert MemberCodeAlias.select().count() == 2
