"""EAN-13: check digits, the shop's own codes, weighed packs (issue #25 items 5 and 7)."""

from __future__ import annotations

import pytest

from pos.domain.barcodes import (BarcodeError, check_digit, check_ean13, check_prefixes, check_typed_barcode,
                                 instore_code, read_weighed, weighed_code)


def test_check_digit_of_a_real_code():
    # by hand: 8+9+9+9+9+1 = 45 in the odd places, 3 × (9+9+9+0+0+0) = 81 in the even ones; 126 → 4 to 130
    assert check_digit("899999909010") == 4
    assert check_ean13("4006381333931") == "4006381333931"


def test_a_bad_check_digit_is_refused_with_the_digit_it_should_be():
    with pytest.raises(BarcodeError) as caught:
        check_ean13("4006381333932")
    assert caught.value.code == "ean13_check" and caught.value.params["expected"] == 1
    with pytest.raises(BarcodeError):
        check_typed_barcode("4006381333932")
    check_typed_barcode("ABC-123")  # not an EAN-13: taken as it is


def test_in_store_codes_carry_the_prefix_and_a_check_digit():
    code = instore_code("21", 7)
    assert code[:12] == "210000000007" and check_ean13(code) == code


def test_the_two_prefixes_must_differ_and_stay_in_20_to_29():
    with pytest.raises(BarcodeError) as caught:
        check_prefixes("20", "20")
    assert caught.value.code == "prefix_same"
    with pytest.raises(BarcodeError):
        check_prefixes("19", "20")


def test_a_weight_embedded_code_reads_back():
    code = weighed_code("20", "PPPPPWWWWW", 1234, grams=485)
    assert code[:12] == "200123400485"
    assert read_weighed(code, "20", "PPPPPWWWWW").grams == 485
    assert read_weighed(code, "20", "PPPPPWWWWW").plu == 1234
    assert read_weighed("2100000000075", "20", "PPPPPWWWWW") is None  # another prefix: not a weighed pack


def test_a_price_embedded_code_reads_back():
    code = weighed_code("28", "PPPP0RRRRR", 42, price=38800)
    found = read_weighed(code, "28", "PPPP0RRRRR")
    assert (found.plu, found.grams, found.price) == (42, None, 38800)


def test_a_weighed_code_with_a_bad_check_digit_is_refused():
    code = weighed_code("20", "PPPPPWWWWW", 1234, grams=485)
    bad = code[:12] + str((int(code[12]) + 1) % 10)
    with pytest.raises(BarcodeError):
        read_weighed(bad, "20", "PPPPPWWWWW")


@pytest.mark.parametrize("layout", ["PPPPPWWWW", "PPPPPWWWWX", "WWWWWWWWWW", "PPPWWWRRRR"])
def test_a_bad_layout_is_refused(layout):
    with pytest.raises(BarcodeError):
        weighed_code("20", layout, 1, grams=1, price=1)
