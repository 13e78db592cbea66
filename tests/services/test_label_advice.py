"""A weighed product asked for a label without a weight is told to give the pack's weight, not to give it a
barcode of its own (`pos labels KOP-04` on the demo's bulk coffee beans advised `--new-barcode`)."""

from __future__ import annotations

import pytest

from pos.services.errors import InvalidInput
from pos.services.labels import label_data
from tests.services.test_labels import weighed


@pytest.fixture
def empty_url(tmp_path) -> str:
    return "sqlite://" + (tmp_path / "shop.db").as_posix()


def test_a_weighed_product_without_a_weight_is_told_to_give_the_weight(database):
    weighed(database)
    with pytest.raises(InvalidInput) as refused:
        label_data("CML-06")
    said = str(refused.value)
    assert "no EAN-13 barcode" in said and "--weight 0,485" in said and "--new-barcode" not in said
