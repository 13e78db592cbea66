"""A product's options as the owner sets them up and the till offers them (issue #24).

Groups of choices (Ukuran, Gula, Es, Tambahan…) attach to products or to a whole category. The till asks
``options_for(product_id)`` on every scan, so the groups are read once per pricing version (triggers of
migration 0033 bump it when an option table changes) and kept in memory.
"""

from __future__ import annotations

from dataclasses import dataclass

from peewee import fn

from pos.domain.options import ChosenOption, OptionChoice as Choice, OptionError, OptionGroup as Group, check_group
from pos.i18n import N_, _, format_money
from pos.models import Category, OptionChoice, OptionGroup, OptionLink, Product, db
from pos.money import Money
from pos.services.access import OWNER, READ, allowed
from pos.services.audit import record
from pos.services.catalog import MAX_PRICE
from pos.services.changes import pricing_version
from pos.services.errors import InvalidInput
from pos.services.text_limits import TextLimit, check_texts

OPTION_NAME = TextLimit(N_("option"), 60)


@dataclass(frozen=True)
class ChoiceForm:
    name: str
    price: Money = Money(0)
    default: bool = False
    active: bool = True
    id: int | None = None  # None: a new choice


@dataclass(frozen=True)
class GroupForm:
    name: str
    choices: tuple[ChoiceForm, ...]
    min_choices: int = 0
    max_choices: int = 1
    product_ids: tuple[int, ...] = ()
    category_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class GroupRow:
    """A group as the back office lists it: every choice (retired ones too) and where it applies."""

    id: int
    name: str
    position: int
    min_choices: int
    max_choices: int
    choices: tuple[ChoiceForm, ...]
    product_ids: tuple[int, ...]
    category_ids: tuple[int, ...]
    products: tuple[str, ...]  # names, for the list
    categories: tuple[str, ...]


@dataclass
class _Cache:
    key: tuple
    groups: dict[int, Group]  # id -> group with its choices, in panel order
    by_product: dict[int, list[int]]
    by_category: dict[int, list[int]]
    product_category: dict[int, int]


_cache: list[_Cache] = []


def _problem(error: OptionError) -> str:
    p = error.params
    words = {
        "no_name": lambda: _("A group and each of its choices need a name."),
        "no_choices": lambda: _("The group {group} needs at least one choice.").format(group=p["group"]),
        "same_choice": lambda: _("The group {group} has two choices of the same name.").format(group=p["group"]),
        "negative_price": lambda: _("A choice's price cannot be negative."),
        "bad_limits": lambda: _("{group}: choose at least {minimum} and at most {maximum}: the minimum must not be "
                                "more than the maximum, and the maximum at least 1.").format(**p),
        "too_few": lambda: _("{group}: choose at least {minimum}.").format(**p),
        "too_many": lambda: _("{group}: choose at most {maximum}.").format(**p),
        "unknown_choice": lambda: _("That choice is not offered any more."),
    }
    return words.get(error.code, lambda: error.code)()


@allowed(READ)
def option_problem(error: OptionError) -> str:
    """A domain refusal of a selection or a group, in the user's words."""
    return _problem(error)


def _load() -> _Cache:
    key = (db.obj, pricing_version())
    if _cache and _cache[0].key == key:
        return _cache[0]
    choices: dict[int, list[Choice]] = {}
    for c in OptionChoice.select().order_by(OptionChoice.position, OptionChoice.id):
        choices.setdefault(c.group_id, []).append(Choice(c.id, c.name, c.price, c.is_default, c.active))
    groups = {g.id: Group(g.id, g.name, tuple(choices.get(g.id, ())), g.min_choices, g.max_choices)
              for g in OptionGroup.select().where(OptionGroup.active).order_by(OptionGroup.position, OptionGroup.id)}
    by_product: dict[int, list[int]] = {}
    by_category: dict[int, list[int]] = {}
    for link in OptionLink.select():
        if link.group_id not in groups:
            continue
        if link.product_id is not None:
            by_product.setdefault(link.product_id, []).append(link.group_id)
        if link.category_id is not None:
            by_category.setdefault(link.category_id, []).append(link.group_id)
    categories = dict(Product.select(Product.id, Product.category).tuples()) if by_category else {}
    cache = _Cache(key, groups, by_product, by_category, categories)
    _cache[:] = [cache]
    return cache


@allowed(READ)
def options_for(product_id: int) -> tuple[Group, ...]:
    """The groups offered with this product (its own and its category's), in the panel's order; () for none."""
    cache = _load()
    ids = set(cache.by_product.get(product_id, ()))
    category = cache.product_category.get(product_id)
    if category is not None:
        ids.update(cache.by_category.get(category, ()))
    if not ids:
        return ()
    order = list(cache.groups)
    return tuple(cache.groups[i] for i in sorted(ids, key=order.index) if cache.groups[i].offered)


@allowed(READ)
def choices_today(product_id: int, sold: tuple[ChosenOption, ...] | list[ChosenOption]) -> tuple[ChosenOption, ...]:
    """Choices sold before, as the product offers them today (today's name and price): "the usual" sold again.
    A choice retired or no longer offered with the product is left out."""
    offered = {c.id: g.chosen(c) for g in options_for(product_id) for c in g.offered}
    return tuple(offered[o.choice_id] for o in sold if o.choice_id in offered)


@allowed(READ)
def product_name(product_id: int) -> str:
    """The name on the options panel's title."""
    row = Product.select(Product.name).where(Product.id == product_id).tuples().first()
    return row[0] if row else ""


@allowed(READ)
def list_option_groups() -> list[GroupRow]:
    rows = []
    links: dict[int, list[OptionLink]] = {}
    for link in OptionLink.select().order_by(OptionLink.id):
        links.setdefault(link.group_id, []).append(link)
    products = dict(Product.select(Product.id, Product.name).where(
        Product.id.in_([x.product_id for ls in links.values() for x in ls if x.product_id])).tuples())
    categories = dict(Category.select(Category.id, Category.name).tuples())
    for g in OptionGroup.select().where(OptionGroup.active).order_by(OptionGroup.position, OptionGroup.id):
        mine = links.get(g.id, [])
        choices = tuple(ChoiceForm(c.name, c.price, c.is_default, c.active, c.id)
                        for c in g.choices.order_by(OptionChoice.position, OptionChoice.id))
        rows.append(GroupRow(
            g.id, g.name, g.position, g.min_choices, g.max_choices, choices,
            tuple(x.product_id for x in mine if x.product_id), tuple(x.category_id for x in mine if x.category_id),
            tuple(products.get(x.product_id, "") for x in mine if x.product_id),
            tuple(categories.get(x.category_id, "") for x in mine if x.category_id)))
    return rows


def _check(form: GroupForm) -> None:
    check_texts((form.name, OPTION_NAME), *((c.name, OPTION_NAME) for c in form.choices))
    for c in form.choices:
        if c.price > MAX_PRICE:
            raise InvalidInput(_("{what} is too large; check the number.").format(what=c.name))
    try:
        check_group(form.name, [Choice(c.id or 0, c.name.strip(), c.price, c.default, c.active) for c in form.choices],
                    form.min_choices, form.max_choices)
    except OptionError as exc:
        raise InvalidInput(_problem(exc)) from None


@allowed(OWNER)
def save_option_group(form: GroupForm, group_id: int | None = None, *, owner_pin: str | None,
                      staff_id: int | None = None) -> int:
    """Create or change a group, its choices (in the form's order) and where it applies.

    A choice left out of the form is retired (no longer offered); a sold line keeps its own copy of the
    choice's name and price whatever happens to the choice.
    """
    _check(form)
    with db.atomic():
        if group_id is None:
            last = OptionGroup.select(fn.MAX(OptionGroup.position)).scalar() or 0
            group_id = OptionGroup.create(name=form.name.strip(), min_choices=form.min_choices,
                                          max_choices=form.max_choices, position=last + 1).id
        else:
            if not OptionGroup.update(name=form.name.strip(), min_choices=form.min_choices,
                                      max_choices=form.max_choices).where(OptionGroup.id == group_id).execute():
                raise InvalidInput(_("That option group does not exist any more."))
        kept = []
        for position, c in enumerate(form.choices):
            values = dict(name=c.name.strip(), price=c.price, is_default=c.default, active=c.active,
                          position=position)
            if c.id is not None and OptionChoice.update(**values).where(
                    (OptionChoice.id == c.id) & (OptionChoice.group == group_id)).execute():
                kept.append(c.id)
            else:
                kept.append(OptionChoice.create(group=group_id, **values).id)
        # retired, never deleted: a cart at a till may carry it still, and sold lines point at it
        OptionChoice.update(active=False).where((OptionChoice.group == group_id)
                                                & OptionChoice.id.not_in(kept)).execute()
        OptionLink.delete().where(OptionLink.group == group_id).execute()
        links = [dict(group=group_id, product=p) for p in dict.fromkeys(form.product_ids)]
        links += [dict(group=group_id, category=c) for c in dict.fromkeys(form.category_ids)]
        if links:
            OptionLink.insert_many(links).execute()
        record("options.saved", entity="option_group", entity_id=group_id, staff_id=staff_id,
               details={"name": form.name.strip(), "choices": [
                   {"name": c.name, "price": c.price.minor, "default": c.default, "active": c.active}
                   for c in form.choices], "min": form.min_choices, "max": form.max_choices})
    return group_id


@allowed(OWNER)
def move_option_group(group_id: int, step: int, *, owner_pin: str | None) -> None:
    """Move a group up (step −1) or down (+1) on the till's panel."""
    with db.atomic():
        order = [g for (g,) in OptionGroup.select(OptionGroup.id).where(OptionGroup.active)
                 .order_by(OptionGroup.position, OptionGroup.id).tuples()]
        if group_id not in order:
            raise InvalidInput(_("That option group does not exist any more."))
        i = order.index(group_id)
        j = max(0, min(len(order) - 1, i + step))
        order[i], order[j] = order[j], order[i]
        for position, gid in enumerate(order, start=1):
            OptionGroup.update(position=position).where(OptionGroup.id == gid).execute()


@allowed(OWNER)
def remove_option_group(group_id: int, *, owner_pin: str | None, staff_id: int | None = None) -> None:
    """Stop offering a group; sold lines keep their choices' names and prices."""
    with db.atomic():
        OptionGroup.update(active=False).where(OptionGroup.id == group_id).execute()
        OptionLink.delete().where(OptionLink.group == group_id).execute()
        record("options.removed", entity="option_group", entity_id=group_id, staff_id=staff_id, details={})


@allowed(READ)
def choice_label(option: Choice | ChosenOption) -> str:
    """"Large (+Rp 5.000)": a choice on a button."""
    return option.name if not option.price.minor else f"{option.name} (+{format_money(option.price)})"
