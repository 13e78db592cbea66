"""The counter's made-daily buttons (issue #25): what is left on each ("sisa 4"), sold out at zero, a warning when
a sold-out product is added, and the owner's PIN to sell beyond the tray. Mixed into the sale screen."""

from __future__ import annotations

from pos.i18n import _, format_number
from pos.money import Quantity
from pos.services import clock
from pos.services.errors import PosError
from pos.services.trays import counter_left


class TrayCounter:
    """Needs ``tray_buttons`` (product id → (button, its usual text)), ``message`` and ``owner_pin_provider``."""

    tray_buttons: dict
    trays_left: dict[int, tuple[Quantity, Quantity]]

    def show_trays(self) -> None:
        """The buttons of products with a tray today say what is left, or that they sold out."""
        try:
            self.trays_left = counter_left(clock.today())
        except PosError:  # the server away: the buttons keep their usual words
            self.trays_left = {}
        for pid, (button, usual) in self.tray_buttons.items():
            left = self.trays_left.get(pid)
            if left is None:
                button.setText(usual)
            elif left[0].thousandths > 0:
                button.setText(usual + "\n" + _("left {n}").format(n=format_number(left[0])))
            else:
                button.setText(usual + "\n" + _("SOLD OUT"))

    def sold_out(self, product_id: int) -> bool:
        left = getattr(self, "trays_left", {}).get(product_id)
        return left is not None and left[0].thousandths <= 0

    def warn_sold_out(self, product_id: int, name: str) -> None:
        if self.sold_out(product_id):
            self.message.setText(_("{name} is sold out: selling it needs the owner's PIN at payment.").format(
                name=name))
            self.message.setStyleSheet("font-size: 14pt; color: #e65100; font-weight: 600;")

    def oversell_pin(self) -> str:
        """The owner's PIN to sell beyond a tray ("" when not given)."""
        return self.owner_pin_provider(self, _("Selling beyond the day's tray")) or ""
