"""The longest text each field takes, declared once, and the check every service makes with it.

The same on SQLite and PostgreSQL: a short field is a VARCHAR(255) on PostgreSQL, which
refuses longer text (and any text with a NUL byte) with a database error; SQLite would
store it. So the services check first and name the field: one declared maximum per field.
"""

from __future__ import annotations

from dataclasses import dataclass

from pos.i18n import N_, _
from pos.services.errors import InvalidInput
from pos.services.access import READ, allowed


@dataclass(frozen=True)
class TextLimit:
    label: str  # the field in words (N_: translated when shown)
    maximum: int  # characters


CUSTOMER_NAME = TextLimit(N_("name"), 120)
VILLAGE = TextLimit(N_("village"), 100)
ADDRESS = TextLimit(N_("address"), 500)
NOTES = TextLimit(N_("notes"), 2000)
COMPLAINT = TextLimit(N_("complaint"), 2000)
PRODUCT_CODE = TextLimit(N_("product code"), 40)
PRODUCT_NAME = TextLimit(N_("product name"), 120)
UNIT = TextLimit(N_("unit"), 20)
BARCODE = TextLimit(N_("barcode"), 64)
CATEGORY_NAME = TextLimit(N_("category"), 60)
LABEL_WORDS = TextLimit(N_("label text"), 40)  # net weight, P-IRT number (migration 0035: VARCHAR(40))
LABEL_LINE = TextLimit(N_("halal mark text"), 80)
INGREDIENT_NAME = TextLimit(N_("ingredient"), 80)
STAFF_NAME = TextLimit(N_("staff name"), 60)
PROMOTION_NAME = TextLimit(N_("promotion name"), 120)
TIER_NAME = TextLimit(N_("price tier"), 60)
LIST_NAME = TextLimit(N_("group or source"), 60)


@allowed(READ)
def text_problem(value: str, limit: TextLimit) -> str:
    """What is wrong with ``value`` for this field, in the user's words; '' when it is fine."""
    if "\x00" in (value or ""):
        return _("The {field} field holds a NUL character (\\0); remove it.").format(field=_(limit.label))
    if len(value or "") > limit.maximum:
        return _("The {field} field is {length} characters long; at most {maximum} fit.").format(
            field=_(limit.label), length=len(value), maximum=limit.maximum)
    return ""


@allowed(READ)
def check_text(value: str, limit: TextLimit) -> None:
    """InvalidInput naming the field when ``value`` is too long or holds a NUL byte."""
    problem = text_problem(value, limit)
    if problem:
        raise InvalidInput(problem)


@allowed(READ)
def check_texts(*pairs: tuple[str, TextLimit]) -> None:
    for value, limit in pairs:
        check_text(value, limit)
