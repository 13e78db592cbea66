"""A barcode scanner is a keyboard that types very fast: its characters a few milliseconds apart, then Enter.
``KeyBurst`` tells such a burst from a person's keys (the options panel takes digits as choices, and a
scan typed into it must not pick choices; issue #24)."""

from __future__ import annotations

SCAN_GAP_MS = 35  # a scanner sends a character every 1–20 ms; a person's fastest keys are ~60 ms apart
SCAN_MIN_CHARS = 4  # the shortest code a scanner sends (EAN-8 has 8; the shop's own codes, "KOP-05", 6)


class KeyBurst:
    """The characters typed in one burst, by the window system's key times (milliseconds)."""

    def __init__(self) -> None:
        self.text = ""
        self.last: int | None = None

    def key(self, text: str, at_ms: int) -> bool:
        """A character typed; True when it starts a new burst (the one before it came too long ago)."""
        new = self.last is None or not 0 <= at_ms - self.last <= SCAN_GAP_MS
        self.text = text if new else self.text + text
        self.last = at_ms
        return new

    def enter(self, at_ms: int) -> str | None:
        """Enter typed: the code when the burst was a scan (long and fast enough), else None. Ends the burst."""
        fast = self.last is not None and 0 <= at_ms - self.last <= SCAN_GAP_MS
        code = self.text if fast and len(self.text) >= SCAN_MIN_CHARS else None
        self.reset()
        return code

    def reset(self) -> None:
        self.text, self.last = "", None
