"""What waits for the shop's server while it is away (issue #21), in the user's words: the one home of these
refusals, for the kept sale (``offline_sale``), the window, and ``connectivity.needs_server``."""

from __future__ import annotations

from pos.i18n import _
from pos.services.rules import READ, allowed

KASBON_OR_DEPOSIT, STAMP_REWARD, CHANGED_PRICE, REFUND, PREORDER = (
    "kasbon_or_deposit", "stamp_reward", "changed_price", "refund", "preorder")
CASH_MOVE, DRAWER = "cash_move", "drawer"
OPEN_BILL, PRINT_QUEUE, CUSTOMER_BOOK, BACK_OFFICE = "open_bill", "print_queue", "customer_book", "back_office"


@allowed(READ)
def waits_for_server(action: str) -> str:
    """Why ``action`` waits while the server is away, in the user's words."""
    words = {
        KASBON_OR_DEPOSIT: lambda: _("Kasbon and deposit wait for the server, which is not answering: take cash, "
                                     "QRIS, transfer or card, or wait until it is back."),
        STAMP_REWARD: lambda: _("The stamp card reward waits for the server, which is not answering: the sale goes "
                                "on without it (the stamps stay on the card)."),
        CHANGED_PRICE: lambda: _("A changed price needs the owner's PIN, which the server checks: it is not "
                                 "answering. Sell at the usual price, or wait until it is back."),
        REFUND: lambda: _("Refunds wait for the server, which is not answering: keep the receipt and refund it "
                          "when the server is back."),
        PREORDER: lambda: _("New pre-orders wait for the server, which is not answering: note the order and take "
                            "it when the server is back."),
        CASH_MOVE: lambda: _("Cash in and out waits for the server, which is not answering: note it on paper and "
                             "enter it when the server is back."),
        DRAWER: lambda: _("Opening the drawer without a sale needs the owner's PIN, which the server checks: it is "
                          "not answering."),
        OPEN_BILL: lambda: _("Open bills are kept on the server, which is not answering: sell at the counter (paid "
                             "now) until it is back; the bills stay open there."),
        PRINT_QUEUE: lambda: _("The print queue is kept on the server, which is not answering: the sales kept on "
                               "this till print straight to the printer."),
        CUSTOMER_BOOK: lambda: _("The customer book is kept on the server, which is not answering: pick a customer "
                                 "read lately, or take a new one with New customer."),
        BACK_OFFICE: lambda: _("This needs the server, which is not answering: open it when the server is back."),
    }
    return words[action]()
