import pytest

from pos.models import AuditEntry, Customer
from pos.services.customers import DuplicatePhone, find_by_phone
from pos.services.errors import InvalidInput
from tests.factories import make_customer


def test_three_spellings_of_one_number_are_one_customer(database):
    siti = make_customer("Siti Rahayu", "0812-3456-7890")
    assert siti.phone == "+6281234567890"
    for spelling in ("+62 812 3456 7890", "6281234567890", "0812 3456 7890"):
        assert find_by_phone(spelling).id == siti.id
    for spelling in ("+62 812 3456 7890", "6281234567890"):
        with pytest.raises(DuplicatePhone, match="belongs to Siti Rahayu") as caught:
            make_customer("Siti R.", spelling)
        assert caught.value.customer_id == siti.id
    assert Customer.select().count() == 1


@pytest.mark.parametrize("phone", ["12345", "0812", "bukan nomor", "0812 3456 789O"])
def test_a_number_that_is_not_a_phone_number_is_refused_and_nothing_is_created(database, phone):
    audit_before = AuditEntry.select().count()
    with pytest.raises(InvalidInput, match="not a valid phone number"):
        make_customer("Budi", phone)
    assert Customer.select().count() == 0
    assert AuditEntry.select().count() == audit_before


def test_customers_without_a_phone_and_member_codes(database):
    a = make_customer("Pak Slamet")
    b = make_customer("Bu Sri")
    assert a.phone is None and b.phone is None
    assert (a.member_code, b.member_code) == ("LG00001", "LG00002")


def test_unknown_tier_or_segment_is_refused(database):
    with pytest.raises(InvalidInput):
        make_customer("Dewi", tier="vip")
    with pytest.raises(InvalidInput):
        make_customer("Dewi", segments=("astronaut",))
    assert Customer.select().count() == 0
