"""Who may call a service: declared beside each public function, and enforced here.

Every public function of ``pos/services`` carries one rule (``tests/test_guards.py`` walks them all):

- ``@allowed(OWNER)``: the call carries the owner's PIN (the ``owner_pin`` or ``pin`` parameter), checked
  by the one PIN guard (``auth.require_owner``, with its lock-out) before anything is done. Changes to money,
  prices, promotions, tiers, staff, settings, merges and imports are the owner's.
- ``@allowed(CASHIER)``: the call names the logged-in staff member (``staff_id`` unless told otherwise) and that
  person is active staff; the till logged them in with their PIN.
- ``@allowed(ANYONE, why="…")``: the everyday work anybody at the counter does; the reason is required.
- ``@allowed(READ)``: reads only, changes nothing.

An owner's function that calls another checks the PIN once (the inner call is the service's own);
``owner_approval(pin)`` checks it once for a block of such calls (the demo builder, right after it made its
owner), and ``owner_when(needed, pin)`` inside everyday work that touches the owner's matters (a customer's
tier or kasbon limit). Nothing passes an owner's rule without the PIN: the first run creates the owner first
(an internal helper, only while the shop has no staff at all) and then uses the PIN it was just given.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Callable, Iterator, TypeVar

from pos.i18n import _
from pos.models.staff import CASHIER, OWNER  # a rule names the role that may call
from pos.services import auth
from pos.services.errors import NotAllowed
from pos.services.rules import ANYONE, READ, RULES, Rule, check_rule, rule_of

__all__ = ["ANYONE", "CASHIER", "OWNER", "READ", "RULES", "Rule", "allowed", "approving_owner", "owner_approval",
           "owner_when", "rule_of", "confirm_staff", "NotStaff"]

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class _Approval:
    pin: str | None
    owner: Any  # the Staff whose PIN it was


_approval: ContextVar[_Approval | None] = ContextVar("owner_approval", default=None)


def _param_for(fn: Callable, who: str, given: str | None) -> str:
    params = inspect.signature(fn).parameters
    if who == OWNER:
        names = (given,) if given else ("owner_pin", "pin")
    elif who == CASHIER:
        names = (given,) if given else ("staff_id", "cashier_id")
    else:
        return ""
    for name in names:
        if name and name.partition(".")[0] in params:
            return name
    raise TypeError(f"{fn.__qualname__}: @allowed({who}) needs a parameter {' or '.join(n for n in names if n)}")


def _position(signature: inspect.Signature, head: str) -> int | None:
    """Where the parameter ``head`` comes among the positional arguments (None: keyword only)."""
    for index, p in enumerate(signature.parameters.values()):
        if p.kind not in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            return None
        if p.name == head:
            return index
    return None


def _value(args: tuple, kwargs: dict, position: int | None, param: str) -> Any:
    """The argument the guard checks, as given by the caller (None when not given), without binding every
    argument: every sale passes here."""
    head, _dot, attr = param.partition(".")
    if head in kwargs:
        value = kwargs[head]
    elif position is not None and position < len(args):
        value = args[position]
    else:
        value = None
    return getattr(value, attr, None) if attr and value is not None else value


class NotStaff(NotAllowed):
    """The call names nobody, or someone who is not active staff."""


_staff_check: ContextVar[list | None] = ContextVar("staff_check", default=None)


def confirm_staff(active: bool) -> None:
    """For a CASHIER rule checked inside the function (``inside=True``): the function read, in its own first
    statement, whether the staff member is active; refuse if not."""
    pending = _staff_check.get()
    if pending is None:
        raise RuntimeError("confirm_staff() outside a function whose CASHIER rule is checked inside")
    if not active:
        raise NotStaff(_("This needs a staff member who is logged in."))
    pending[0] = True


def allowed(who: str, *, why: str = "", param: str | None = None, inside: bool = False) -> Callable[[F], F]:
    """Declare (and, for OWNER and CASHIER, enforce) who may call the decorated service function.

    ``inside`` (CASHIER only): the function reads whether its staff member is active in a statement it sends anyway
    (a checkout's first read) and calls ``confirm_staff`` with the answer; a return without that is an error."""
    check_rule(who, why)

    def decorate(fn: F) -> F:
        name = _param_for(fn, who, param)
        signature = inspect.signature(fn)
        rule = Rule(who, why, name)
        if who not in (OWNER, CASHIER):
            fn.__access__ = rule  # type: ignore[attr-defined]
            return fn

        position = _position(signature, name.partition(".")[0])

        @functools.wraps(fn)
        def guarded_call(*args: Any, **kwargs: Any) -> Any:
            if who == CASHIER and inside:
                return _checked_inside(fn, _value(args, kwargs, position, name), args, kwargs)
            if who == CASHIER:
                _require_staff(_value(args, kwargs, position, name))
                return fn(*args, **kwargs)
            with owner_approval(_value(args, kwargs, position, name)):
                return fn(*args, **kwargs)

        guarded_call.__access__ = rule  # type: ignore[attr-defined]
        return guarded_call  # type: ignore[return-value]

    return decorate


@contextlib.contextmanager
def owner_approval(pin: str | None) -> Iterator[Any]:
    """Check the owner's PIN once (NotAllowed, LockedOut) for a block of owner's calls made with it."""
    current = _approval.get()
    if current is not None:
        yield current.owner  # the owner's PIN was checked already further up this call
        return
    token = _approval.set(_Approval(pin, auth.require_owner(pin)))
    try:
        yield _approval.get().owner  # type: ignore[union-attr]
    finally:
        _approval.reset(token)


def owner_when(needed: bool, pin: str | None) -> contextlib.AbstractContextManager:
    """The owner's approval for a block when ``needed`` (a change of a tier, a kasbon limit… inside everyday work),
    else nothing to check."""
    return owner_approval(pin) if needed else contextlib.nullcontext()


def approving_owner() -> Any:
    """The owner whose PIN let the current OWNER call through (None outside such a call)."""
    current = _approval.get()
    return current.owner if current is not None else None


def _checked_inside(fn: Callable, staff_id: Any, args: tuple, kwargs: dict) -> Any:
    if staff_id is None:
        raise NotStaff(_("This needs a staff member who is logged in."))
    pending = [False]
    token = _staff_check.set(pending)
    try:
        result = fn(*args, **kwargs)
    finally:
        _staff_check.reset(token)
    if not pending[0]:
        raise RuntimeError(f"{fn.__qualname__} returned without confirm_staff()")
    return result


def _require_staff(staff_id: Any) -> None:
    from pos.models import StaffUser
    from pos.models.statements import first_row  # its SQL text built once: every sale passes here

    if staff_id is None or first_row(StaffUser, ("id",), id=staff_id, active=True) is None:
        raise NotAllowed(_("This needs a staff member who is logged in."))


# this module's own rules: it only reads, and the PIN check is the one guard's
for _fn in (rule_of, allowed, approving_owner, owner_when, confirm_staff):
    allowed(READ)(_fn)
allowed(ANYONE, why="checks the owner's PIN through the one guard, with its lock-out")(owner_approval)
