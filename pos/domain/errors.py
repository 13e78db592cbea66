"""The one shape of a domain refusal: a problem code and plain values, put into words by the caller."""

from __future__ import annotations

from typing import Any


class DomainError(ValueError):
    """``code`` names the problem (e.g. "more_than_sold"), ``params`` its values."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params
