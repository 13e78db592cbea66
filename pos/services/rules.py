"""Who may call a service: the rules and their declaration, for the ground floor under the PIN guard.

``access.allowed`` declares AND enforces (the owner's PIN, a logged-in staff member). The modules the PIN
guard itself is built from (audit, pin_keys, pin_guard, auth) cannot use it: ``access`` checks the owner's
PIN through them. They declare their READ and ANYONE functions here, with the same ``@allowed`` and the
same walk in ``tests/test_guards.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, TypeVar

from pos.models.staff import CASHIER, OWNER  # a rule names the role that may call

ANYONE, READ = "anyone", "read"
RULES = (OWNER, CASHIER, ANYONE, READ)

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Rule:
    who: str
    why: str = ""
    param: str = ""  # the parameter that carries the owner's PIN or the staff member's id


def rule_of(fn: Callable) -> Rule | None:
    return getattr(fn, "__access__", None)


def check_rule(who: str, why: str) -> None:
    if who not in RULES:
        raise ValueError(f"unknown rule {who!r}")
    if who == ANYONE and not why.strip():
        raise ValueError("@allowed(ANYONE) needs a why")


def allowed(who: str, *, why: str = "") -> Callable[[F], F]:
    """Declare a READ or ANYONE function (nothing to enforce); OWNER and CASHIER rules are access.allowed's."""
    check_rule(who, why)
    if who not in (ANYONE, READ):
        raise ValueError(f"@allowed({who}) is enforced: use pos.services.access.allowed")

    def declare(fn: F) -> F:
        fn.__access__ = Rule(who, why)  # type: ignore[attr-defined]
        return fn

    return declare


for _fn in (rule_of, check_rule, allowed):
    allowed(READ)(_fn)
