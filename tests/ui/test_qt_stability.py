"""Guard against a Qt binding that crashes a till after hours of repainting (PySide6 6.12.0 did)."""

import os
import subprocess
import sys

REPAINTS = """
from PySide6.QtWidgets import QApplication
from pos.ui.cart_view import CartTable
app = QApplication([])
table = CartTable()
from pos.domain.pricing import PricedLine, PricedCart
from pos.money import Money, Quantity
line = PricedLine(0, 1, "Roti", "Roti", Quantity(1000), Money(5000), Money(5000), "retail", Money(5000), Money(0),
                  Money(5000))
cart = PricedCart(tuple([line] * 10), Money(50000), Money(0), Money(0), Money(0), Money(50000), Money(50000), Money(0))
for _ in range(400):
    table.show_cart(cart)
print("ok")
"""


def test_the_cart_survives_thousands_of_repaints():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", REPAINTS], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr[-500:]
