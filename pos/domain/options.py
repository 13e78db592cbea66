"""A product's options (sizes, sugar, ice, extras): the groups, the choices a line carries, and their words.

An *option group* (Ukuran, Gula, Es, Tambahan…) offers *choices*, each with an optional price; the group
says whether a choice is required, how few and how many may be chosen, and which choices come preselected.
A cart line carries what was chosen as ``ChosenOption`` values: the group's and the choice's names and the
price at the moment of sale, so a sale keeps them whatever the back office renames or retires later.

``choices_text`` is the one way a line's choices are written on a screen, a receipt or a bar ticket:
"Large · Less sugar · +Extra shot" (a choice from an optional group is an *extra* and reads "+…").

Standard library only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pos.domain.errors import DomainError
from pos.money import Money, Quantity

SEPARATOR = " · "


@dataclass(frozen=True)
class ChosenOption:
    """One choice on a cart or sale line, as it was at the time."""

    group: str  # "Ukuran"
    name: str  # "Large"
    price: Money = Money(0)  # added to the line's unit price
    choice_id: int | None = None  # None: a choice since deleted, or one typed by hand
    extra: bool = False  # from an optional group: written "+Extra shot"

    @property
    def text(self) -> str:
        return f"+{self.name}" if self.extra else self.name


@dataclass(frozen=True)
class OptionChoice:
    id: int
    name: str
    price: Money = Money(0)
    default: bool = False
    active: bool = True  # a retired choice is no longer offered; old sales keep its name and price


@dataclass(frozen=True)
class OptionGroup:
    id: int
    name: str
    choices: tuple[OptionChoice, ...]
    min_choices: int = 0  # 0: optional
    max_choices: int = 1

    @property
    def required(self) -> bool:
        return self.min_choices > 0

    @property
    def offered(self) -> tuple[OptionChoice, ...]:
        return tuple(c for c in self.choices if c.active)

    def chosen(self, choice: OptionChoice) -> ChosenOption:
        return ChosenOption(self.name, choice.name, choice.price, choice.id, not self.required)


@dataclass(frozen=True)
class ChoiceFigure:
    """How often a choice was asked in a period, and what it brought in ("Extra shot: 42, Rp 252.000")."""

    group: str
    name: str
    quantity: Quantity  # units of the lines carrying it, after refunds (free items included)
    amount: Money  # quantity × the choice's price, on paid lines


def most_asked(figures: Sequence[ChoiceFigure]) -> tuple[ChoiceFigure, ...]:
    """Per group (in the order first seen), its most asked choice; only groups with more than one choice sold."""
    groups: dict[str, list[ChoiceFigure]] = {}
    for f in figures:
        if f.quantity.thousandths > 0:
            groups.setdefault(f.group, []).append(f)
    return tuple(max(fs, key=lambda f: (f.quantity.thousandths, f.amount.minor)) for fs in groups.values()
                 if len(fs) > 1)


class OptionError(DomainError):
    """A selection the groups refuse: ``code`` too_few | too_many | unknown_choice, ``params`` the values."""


def options_price(options: Iterable[ChosenOption]) -> Money:
    """What the choices add to one unit of the product."""
    return Money(sum(o.price.minor for o in options))


def choices_text(options: Iterable[ChosenOption] | None) -> str:
    """The choices of a stored or cart line in words: "Large · Less sugar · +Extra shot" ('' for none).

    Anything with ``name`` and ``extra`` (and optionally ``text``) will do, so a stored row reads the same.
    """
    return SEPARATOR.join((f"+{o.name}" if getattr(o, "extra", False) else str(o.name)) for o in options or ())


def options_to_data(options: Iterable[ChosenOption]) -> list[list]:
    """A line's choices as plain JSON values (a pre-order's agreed cart, a till's kept sale)."""
    return [[o.group, o.name, o.price.minor, o.choice_id, o.extra] for o in options]


def options_from_data(rows: Iterable[Sequence] | None) -> tuple[ChosenOption, ...]:
    """The choices ``options_to_data`` wrote (none for data written before choices existed)."""
    return tuple(ChosenOption(str(group), str(name), Money(int(price)), None if choice is None else int(choice),
                              bool(extra)) for group, name, price, choice, extra in rows or ())


def options_key(options: Iterable[ChosenOption]) -> tuple:
    """Equal for two lines with the same choices (whatever their order): such lines merge in a cart."""
    return tuple(sorted((o.group, o.name, o.price.minor, o.choice_id or 0) for o in options))


def default_ids(groups: Sequence[OptionGroup]) -> tuple[int, ...]:
    """The preselected choices: each group's defaults still offered (a plain "as usual" is one tap)."""
    return tuple(c.id for g in groups for c in g.offered if c.default)


def select(groups: Sequence[OptionGroup], choice_ids: Iterable[int]) -> tuple[ChosenOption, ...]:
    """The chosen options in the groups' order, or OptionError when a group's minimum or maximum is not kept."""
    wanted = set(choice_ids)
    known = {c.id for g in groups for c in g.offered}
    unknown = sorted(wanted - known)
    if unknown:
        raise OptionError("unknown_choice", choice=unknown[0])
    out: list[ChosenOption] = []
    for group in groups:
        picked = [c for c in group.offered if c.id in wanted]
        if len(picked) < group.min_choices:
            raise OptionError("too_few", group=group.name, minimum=group.min_choices)
        if len(picked) > group.max_choices:
            raise OptionError("too_many", group=group.name, maximum=group.max_choices)
        out.extend(group.chosen(c) for c in picked)
    return tuple(out)


def check_group(name: str, choices: Sequence[OptionChoice], min_choices: int, max_choices: int) -> None:
    """A group the back office may save: a name, at least one choice, 0 ≤ min ≤ max ≤ its choices."""
    if not name.strip():
        raise OptionError("no_name")
    if not choices:
        raise OptionError("no_choices", group=name)
    if any(not c.name.strip() for c in choices):
        raise OptionError("no_name")
    if len({c.name.strip().casefold() for c in choices}) != len(choices):
        raise OptionError("same_choice", group=name)
    if any(c.price.minor < 0 for c in choices):
        raise OptionError("negative_price", group=name)
    if min_choices < 0 or max_choices < 1 or min_choices > max_choices:
        raise OptionError("bad_limits", group=name, minimum=min_choices, maximum=max_choices)
    active = sum(1 for c in choices if c.active)
    if min_choices > active:
        raise OptionError("too_few", group=name, minimum=min_choices)
    defaults = sum(1 for c in choices if c.default and c.active)
    if defaults > max_choices:
        raise OptionError("too_many", group=name, maximum=max_choices)
