"""The loyalty card: on thermal paper (a document) and on a PDF sheet for a print shop (card_pdf)."""

from __future__ import annotations

from dataclasses import dataclass

from pos.i18n import _
from pos.printing.document import QR, Barcode, Document, Feed, Rule, Text


@dataclass(frozen=True)
class CardData:
    shop_name: str
    member_name: str
    member_code: str  # what the QR and the barcode hold: scanning either at the till picks the customer
    stamps: int = 0  # stamps collected now
    stamps_needed: int = 0  # 0: the shop has no stamp card
    reward: str = ""  # "a free Es Kopi Susu Gula Aren"
    shop_whatsapp: str = ""


def stamp_grid(have: int, need: int, per_row: int = 5) -> list[str]:
    """``[X] [X] [ ] [ ] [ ]`` rows: the stamps collected, then the empty boxes."""
    boxes = ["[X]" if i < have else "[ ]" for i in range(need)]
    return [" ".join(boxes[i:i + per_row]) for i in range(0, len(boxes), per_row)]


def reward_rule(card: CardData) -> str:
    return _("Collect {need} stamps: {reward} free").format(need=card.stamps_needed, reward=card.reward)


def card_document(card: CardData) -> Document:
    blocks: list = [Text(card.shop_name, align="center", bold=True), Text(_("MEMBER CARD"), align="center"), Rule(),
                    Text(card.member_name, align="center", bold=True, big=True),
                    Text(card.member_code, align="center"), Feed(), QR(card.member_code), Barcode(card.member_code)]
    if card.stamps_needed:
        blocks += [Rule(), Text(_("Stamps: {n} of {needed}").format(n=min(card.stamps, card.stamps_needed),
                                                                     needed=card.stamps_needed), align="center")]
        blocks += [Text(row, align="center") for row in stamp_grid(card.stamps, card.stamps_needed)]
        blocks.append(Text(reward_rule(card), align="center"))
    if card.shop_whatsapp:
        blocks.append(Text("WA " + card.shop_whatsapp, align="center"))
    return Document(tuple(blocks), title=_("Member card {code}").format(code=card.member_code))
