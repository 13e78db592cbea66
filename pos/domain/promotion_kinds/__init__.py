"""The promotion kinds, each declared once, and the registry that everyone looks them up in.

How to add a promotion kind
---------------------------
Write ONE module that builds a ``PromotionKind`` and calls ``register()`` with it (the built-in kinds are
the modules next to this one, imported by ``pos.domain.promotions``; add yours to that list; a test
registers its own in a fixture and ``unregister()``s it after, see ``tests/promotion_kind_example.py``).
The declaration holds all that the program knows about the kind, and nothing else names the kind:

``code``, ``label``, ``hint``
    Stored in the promotion row; its name in the editor and the back office's list (``N_`` text).
``parameters``
    ``Param`` declarations (name, type, required, label): the same list refuses an unknown or misspelt key
    when the promotion is saved.
``build(parameters, data, scope) -> dict``
    Checks the values (``pos.domain.promotion_rules`` has the checkers) and gives the ``Rule`` fields,
    ``effect`` among them: its family, which decides stacking (DISCOUNT touches lines; FREE_EACH,
    FREE_THRESHOLD and STAMPS only count them). ``Rule.params`` carries values no shared field holds.
``apply(pricing, rule, lines)``
    The effect in the pure engine (``pos.domain.pricing``). ``lines`` are all the paid lines in the rule's
    scope that it may act on, at once: a combo or a cheapest-of-N kind sees the whole basket. ``pricing``
    offers ``discount(rule, lines, code, **values)`` (the rule's percentage or amount), ``take_off(rule,
    [(line, amount), …], code, **values)`` (exact amounts off chosen lines), ``reward``, ``add_bonus``, ``mark``,
    ``why(code, **values)``, ``customer`` and ``subtotal``. A figure a kind needs from the database (a
    kind-wide limit counted in all sales) reaches it the way ``CustomerContext.promotion_uses`` does: the
    service counts, the engine reads. ``None``: the engine's own effect for the family (the stamp card).
``reasons``
    ``{reason code: words(values, say)}``: how a receipt, the preview and a reprint word what the kind
    gave. ``say(N_("Buy {buy} get {get} free"), buy=…)`` translates and fills; ``say.money(minor)``,
    ``say.number(quantity text)`` and ``say.amount`` (what the reason gave on the line, or ``None``).
``headline(rule) -> (code, values)``
    The rule in those same words before any sale (the WhatsApp Status picture).
``refunds``
    ``{reason code: earned(values, bonus, kept, paid, whole_cart) -> units}``: how many units of a free
    line the items a customer keeps still earn (``paid``: the sale's paid lines in the scope, ``kept``:
    line id -> quantity kept). What they no longer earn is kept back from the money. A code without a
    rule: a refund takes nothing back (a stamp reward was paid in stamps).
``refund_discount(rule, paid, kept) -> Money``
    For a kind that gives a discount on paid lines: the discount the items a customer keeps still earn
    (``paid``: the sale's paid lines, ``pos.domain.refunds.SoldLine``, with their unit prices; ``kept``: line
    id -> quantity kept). A refund keeps back what the promotion gave on the kept items beyond that (the
    free cheapest cake kept after the two paid ones came back), never more than the money back. ``None``:
    a refund gives back what was paid for the returned items and takes nothing back.
``form``, ``example``
    The editor's sentences as data: words (``N_``) and ``FormField`` (key, widget, where the value is
    stored, minimum/maximum/default, choices). ``pos.ui.promotion_form`` renders and reads them with no
    code of its own per kind. ``example``: the field giving the example order's product and quantity.

Standard library only, like all of ``pos.domain``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pos.money import QUANTITY_SCALE, Quantity

# the editor's widgets
COUNT, MONEY, PERCENT, PRODUCT, SCOPE, CHOICE, FLAG = "count", "money", "percent", "product", "scope", "choice", "flag"
OPTION = "option"  # one of the products' option choices (Tambahan: Extra shot), stored by its id
NONE = "*"  # a PRODUCT's, SCOPE's or OPTION's first choice when it has one: nothing stored (the same product, the
# whole order, any choice)


def N_(message: str) -> str:
    """Mark a text for the catalogues; ``i18n`` translates it where it is shown."""
    return message


@dataclass(frozen=True)
class FormField:
    """One widget of the editor, and where its value is stored."""

    key: str  # the widget's name on the form (``form.<key>``); kinds that declare the same key share it
    widget: str  # COUNT | MONEY | PERCENT | PRODUCT | SCOPE (a product, a category, the whole order) | CHOICE | FLAG
    # | OPTION (an option choice of the products: "a promotion on a choice")
    to: str = ""  # "parameters.buy" / "conditions.min_qty"; SCOPE: conditions.products or .categories
    listed: bool = False  # stored as a list of one
    default: Any = None
    minimum: int = 1
    maximum: int = 100000
    choices: tuple[tuple[str, str], ...] = ()  # CHOICE: (stored value, N_ words)
    none: str = ""  # PRODUCT, SCOPE, OPTION: the words of the NONE choice (N_); empty: a product must be chosen
    label: str = ""  # FLAG: its words (N_)
    blank: Any = None  # COUNT: this value is not stored (0 months: never)
    only_if: tuple[str, Any] | None = None  # stored only while another field has this value
    echo: str = ""  # FLAG: when ticked, stores the value of that other field


Sentence = tuple[Any, ...]  # words (str, N_) and FormField keys (FormField) from left to right
Words = Callable[[Mapping[str, Any], Any], str]
RefundRule = Callable[[Mapping[str, Any], Any, Mapping[int, Quantity], list, bool], int]
DiscountRefund = Callable[[Any, list, Mapping[int, Quantity]], Any]  # (rule, paid lines, kept) -> Money


@dataclass(frozen=True)
class PromotionKind:
    code: str
    label: str  # N_
    parameters: tuple[Any, ...]  # promotion_rules.Param
    build: Callable[[dict[str, Any], Any, tuple[int, ...]], dict[str, Any]]
    apply: Callable[[Any, Any, list], None] | None
    reasons: Mapping[str, Words] = field(default_factory=dict)
    headline: Callable[[Any], tuple[str, dict[str, Any]]] | None = None
    refunds: Mapping[str, RefundRule] = field(default_factory=dict)
    refund_discount: DiscountRefund | None = None
    form: tuple[Sentence, ...] = ()
    example: tuple[str, str | int] = ("", 3)  # (product field key or "", quantity field key or a number)
    hint: str = ""  # N_: what else to set below the sentence

    def fields(self) -> tuple[FormField, ...]:
        return tuple(part for sentence in self.form for part in sentence if isinstance(part, FormField))


_KINDS: dict[str, PromotionKind] = {}


def register(kind: PromotionKind) -> PromotionKind:
    """Make the kind known to the engine, the editor, the words and refunds; one code, one kind."""
    if kind.code in _KINDS and _KINDS[kind.code] is not kind:
        raise ValueError(f"promotion kind {kind.code!r} is declared twice")
    for code, words in kind.reasons.items():
        other = next((k for k in _KINDS.values() if k.reasons.get(code) not in (None, words)), None)
        if other is not None and other.code != kind.code:
            raise ValueError(f"reason {code!r} is worded by {other.code!r} already")
    _KINDS[kind.code] = kind
    return kind


def unregister(code: str) -> None:
    _KINDS.pop(code, None)


def get(code: str) -> PromotionKind | None:
    return _KINDS.get(code)


def kinds() -> tuple[PromotionKind, ...]:
    """Every kind, in the order they were registered (the editor's order)."""
    return tuple(_KINDS.values())


def reason_words(code: str) -> Words | None:
    return next((k.reasons[code] for k in _KINDS.values() if code in k.reasons), None)


def refund_rule(code: str) -> RefundRule | None:
    return next((k.refunds[code] for k in _KINDS.values() if code in k.refunds), None)


def parameter_label(name: str) -> str:
    """A parameter's words (N_) as a kind declares them; '' when none does."""
    return next((p.label for k in _KINDS.values() for p in k.parameters if p.name == name and p.label), "")


# --- counting helpers for effects and refund rules ------------------------------------------------

def total_quantity(lines: list) -> Quantity:
    """The quantity of these lines (anything with a ``quantity``)."""
    return Quantity(sum(line.quantity.thousandths for line in lines))


def whole_units(qty: Quantity) -> int:
    return qty.thousandths // QUANTITY_SCALE


def kept_units(paid: list, kept: Mapping[int, Quantity], wanted: Callable[[Any], bool]) -> list[tuple[Any, int]]:
    """(line, whole units kept) of the sold lines ``wanted`` picks, in the sale's order (for refund rules)."""
    return [(line, whole_units(kept.get(line.id, Quantity(0)))) for line in paid if wanted(line)]
