"""One promotion, written in the shop's words ("Buy [10] [Roti Bolu] get [1] free"), with a live preview that
prices an example cart through the till's own engine and shows the reasons."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QGridLayout,
                               QGroupBox, QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QSpinBox, QStackedWidget,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from pos.domain.promotions import DISCOUNT_KINDS
from pos.i18n import N_, _, describe_reason, format_money, format_number
from pos.money import Quantity
from pos.services import clock
from pos.services.customer_profile import choices
from pos.services.errors import PosError
from pos.services.products import list_categories, list_products
from pos.services.promotion_book import Example, load_promotion, preview_promotion
from pos.services.promotions import PromotionInput, save_promotion
from pos.services.shop_settings import shop_settings
from pos.ui.widgets import dialog_buttons, show_error

KINDS = (("buy_x_get_y", N_("Buy … get … free")), ("threshold_gift", N_("A gift above an order amount")),
         ("bonus_pack", N_("A bonus pack on a big order")), ("discount", N_("A discount")),
         ("segment_discount", N_("A discount for a group (students, mothers…)")),
         ("period_discount", N_("A seasonal promo (Ramadan, Christmas…)")),
         ("markdown", N_("Happy hour (cheaper at certain hours)")), ("stamp_card", N_("The stamp card")))
WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
WHOLE_CART = "*"


def _spin(value: int, low: int = 1, high: int = 100000) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    return box


def _money_edit(value) -> QLineEdit:
    edit = QLineEdit("" if value in (None, "") else f"{int(value):,}".replace(",", "."))
    edit.setPlaceholderText("200.000")
    edit.setMaximumWidth(130)
    return edit


def _amount(edit: QLineEdit) -> int | None:
    text = edit.text().strip().replace(".", "").replace(" ", "")
    if text.lower().startswith("rp"):
        text = text[2:]
    return int(text) if text.isdigit() else (None if not text else text)  # the engine names a bad one


def _sentence(*parts) -> QWidget:
    """Words and fields on one line, read left to right like the owner says it."""
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    for part in parts:
        row.addWidget(QLabel(part) if isinstance(part, str) else part)
    row.addStretch(1)
    return box


class PromotionFormDialog(QDialog):
    saved = Signal(int)

    def __init__(self, promotion_id: int | None = None, staff_id: int | None = None, parent: QWidget | None = None,
                 *, kind: str = "buy_x_get_y", owner_pin: str = "") -> None:
        super().__init__(parent)
        self.promotion_id, self.staff_id, self.owner_pin = promotion_id, staff_id, owner_pin
        p = load_promotion(promotion_id) if promotion_id else PromotionInput(name="", kind=kind)
        self.loaded = p
        c, par = p.conditions, p.parameters
        lists = choices(keep_segments=c.get("segments") or ())
        self.products = [(r.code, r.name) for r in list_products(include_inactive=False)]
        self.setWindowTitle(_("Promotion: {name}").format(name=p.name) if promotion_id else _("New promotion"))
        self.name = QLineEdit(p.name)
        self.name.setPlaceholderText(_("e.g. Beli 10 gratis 1"))
        self.kind = QComboBox()
        for code, label in KINDS:
            self.kind.addItem(_(label), code)
        self.kind.setCurrentIndex(max(0, self.kind.findData(p.kind)))

        def product_box(selected: str | None, whole: str | None = None) -> QComboBox:
            box = QComboBox()
            if whole:
                box.addItem(whole, WHOLE_CART)
            for code, name in self.products:
                box.addItem(f"{name} ({code})", code)
            if whole:
                for cat in list_categories():
                    box.addItem(_("category {name}").format(name=cat.name), "cat:" + cat.name)
            box.setCurrentIndex(max(0, box.findData(selected)))
            return box

        first = (c.get("products") or [None])[0]
        # buy x get y
        self.buy = _spin(int(par.get("buy", 10)))
        self.buy_product = product_box(first)
        self.get = _spin(int(par.get("get", 1)))
        self.reward = product_box(par.get("reward_product"), whole=_("the same"))
        # threshold gift
        self.min_total = _money_edit(c.get("min_total"))
        self.gift_qty = _spin(int(Quantity.of(par.get("quantity", 1)).thousandths // 1000 or 1))
        self.gift = product_box((par.get("gift_products") or [None])[0])
        # bonus pack
        self.pack_min = _spin(int(float(c.get("min_qty", 10))))
        self.pack_product = product_box(first)
        self.pack_qty = _spin(int(Quantity.of(par.get("quantity", 1)).thousandths // 1000 or 1))
        self.pack_gift = product_box((par.get("gift_products") or [None])[0])
        self.pack_repeat = QCheckBox(_("for every such amount"))
        self.pack_repeat.setChecked(par.get("per") is not None)
        # discounts
        self.percent = QLineEdit(str(par.get("percent", "")) if par.get("percent") is not None else "")
        self.percent.setPlaceholderText("10")
        self.percent.setMaximumWidth(60)
        self.amount = _money_edit(par.get("amount"))
        self.cap = _money_edit(par.get("cap"))
        scope = first or ("cat:" + (c.get("categories") or [""])[0] if c.get("categories") else WHOLE_CART)
        self.discount_on = product_box(scope, whole=_("the whole order"))
        # stamp card
        self.earn = QComboBox()
        for code, label in (("sale", _("each visit")), ("item", _("each item")), ("amount", _("every Rp …"))):
            self.earn.addItem(label, code)
        self.earn.setCurrentIndex(max(0, self.earn.findData(par.get("earn", "sale"))))
        self.earn_amount = _money_edit(par.get("earn_amount"))
        self.stamps_needed = _spin(int(par.get("stamps_needed", 10)))
        self.stamp_reward = product_box(par.get("reward_product"), whole=_("an amount off:"))
        self.stamp_amount = _money_edit(par.get("reward_amount"))
        self.expiry = _spin(int(par.get("expiry_months") or 0), 0, 120)

        self.pages = QStackedWidget()
        self.pages.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        pages = {
            "buy_x_get_y": [_sentence(_("Buy"), self.buy, self.buy_product, _("get"), self.get, _("free:"),
                                      self.reward)],
            "threshold_gift": [_sentence(_("Orders from Rp"), self.min_total, _("get"), self.gift_qty, _("of"),
                                         self.gift, _("free"))],
            "bonus_pack": [_sentence(_("Buy"), self.pack_min, _("of"), self.pack_product, _("get"), self.pack_qty,
                                     _("of"), self.pack_gift, _("free")), _sentence(self.pack_repeat)],
            "stamp_card": [_sentence(_("One stamp for"), self.earn, self.earn_amount),
                           _sentence(self.stamps_needed, _("stamps give"), self.stamp_reward, self.stamp_amount),
                           _sentence(_("Stamps expire after"), self.expiry, _("months (0: never)")),
                           QLabel(_("A customer collects on one card; the shop has one stamp card at a time.")),
                           ],
        }
        self.discount_rows: dict[str, QWidget] = {}
        for code in DISCOUNT_KINDS:
            pages[code] = []  # one shared discount sentence, moved to the current page when shown
        self.discount_sentence = _sentence(self.percent, _("% off, or Rp"), self.amount, _("off, on"),
                                           self.discount_on, _("at most Rp"), self.cap)
        self.page_index: dict[str, int] = {}
        for code, _label in KINDS:
            page = QWidget()
            box = QVBoxLayout(page)
            box.setContentsMargins(0, 0, 0, 0)
            for w in pages[code]:
                box.addWidget(w)
            box.addStretch(1)
            self.page_index[code] = self.pages.addWidget(page)
        hints = {"segment_discount": _("Tick the group(s) below."), "period_discount": _("Set the dates below."),
                 "markdown": _("Set the hours below.")}
        self.hint = QLabel()
        self.hints = hints

        # when
        when = QGroupBox(_("When and for whom"))
        grid = QGridLayout(when)
        self.from_on, self.to_on = QCheckBox(_("From")), QCheckBox(_("Until (not including)"))
        self.date_from, self.date_to = QDateEdit(), QDateEdit()
        for check, edit, value in ((self.from_on, self.date_from, p.valid_from), (self.to_on, self.date_to,
                                                                                  p.valid_to)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd-MM-yyyy")
            edit.setDate(QDate(value.date() if value else clock.today()))
            check.setChecked(value is not None)
        self.weekdays = [QCheckBox(_(d)) for d in WEEKDAYS]
        for i, box in enumerate(self.weekdays):
            box.setChecked(str(i) in p.weekdays)
        self.hours_on = QCheckBox(_("Only from"))
        self.hour_from, self.hour_to = _spin(p.hour_from if p.hour_from is not None else 14, 0, 23), \
            _spin(p.hour_to if p.hour_to is not None else 17, 1, 24)
        self.hours_on.setChecked(p.hour_from is not None)
        self.tier_boxes = {code: QCheckBox(name) for code, name in lists.tiers}
        for code, box in self.tier_boxes.items():
            box.setChecked(code in (c.get("tiers") or ()))
        self.segment_boxes = {code: QCheckBox(name) for code, name in lists.segments}
        for code, box in self.segment_boxes.items():
            box.setChecked(code in (c.get("segments") or ()))
        self.order_min = _money_edit(c.get("min_total") if p.kind != "threshold_gift" else None)
        self.first_purchase = QCheckBox(_("Only on a customer's first purchase"))
        self.first_purchase.setChecked(bool(c.get("first_purchase")))
        self.priority = _spin(p.priority, 0, 1000)
        self.stackable = QCheckBox(_("Can combine with other promotions"))
        self.stackable.setChecked(p.stackable)
        self.max_uses = _spin(p.max_uses_per_customer or 0, 0, 1000)
        self.active = QCheckBox(_("Switched on"))
        self.active.setChecked(p.active)
        grid.addWidget(_sentence(self.from_on, self.date_from, self.to_on, self.date_to), 0, 0, 1, 2)
        grid.addWidget(_sentence(_("Days:"), *self.weekdays), 1, 0, 1, 2)
        grid.addWidget(_sentence(self.hours_on, self.hour_from, _("to"), self.hour_to, _("o'clock")), 2, 0)
        grid.addWidget(_sentence(_("Order at least Rp"), self.order_min), 2, 1)
        grid.addWidget(_sentence(_("Only for tiers:"), *self.tier_boxes.values()), 3, 0, 1, 2)
        groups = list(self.segment_boxes.values())
        grid.addWidget(_sentence(_("Only for groups:"), *groups[:4]), 4, 0, 1, 2)
        if groups[4:]:
            grid.addWidget(_sentence(*groups[4:]), 5, 0, 1, 2)
        grid.addWidget(_sentence(self.first_purchase, _("Times per customer (0: no limit)"), self.max_uses), 6, 0,
                       1, 2)
        grid.addWidget(_sentence(_("Priority (lower first)"), self.priority, self.stackable, self.active), 7, 0, 1, 2)

        # preview
        preview = QGroupBox(_("Try it: an example order"))
        pv = QVBoxLayout(preview)
        self.example = QTableWidget(3, 2)
        self.example.setHorizontalHeaderLabels([_("Product"), _("Quantity")])
        self.example.horizontalHeader().setStretchLastSection(True)
        self.example.setMaximumHeight(130)
        self.example.setColumnWidth(0, 240)
        for r in range(3):
            self.example.setCellWidget(r, 0, product_box(None, whole="—"))
            self.example.setItem(r, 1, QTableWidgetItem(""))
        self.example_tier = QComboBox()
        for code, name in lists.tiers:
            self.example_tier.addItem(name, code)
        wanted = (c.get("tiers") or [None])[0]  # the example customer is one the promotion is for
        self.example_tier.setCurrentIndex(max(0, self.example_tier.findData(wanted)))
        self.example_segment = QComboBox()
        self.example_segment.addItem(_("no group"), None)
        for code, name in lists.segments:
            self.example_segment.addItem(name, code)
        self.example_segment.setCurrentIndex(max(0, self.example_segment.findData((c.get("segments") or [None])[0])))
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setMinimumHeight(120)
        pv.addWidget(self.example)
        pv.addWidget(_sentence(_("Customer:"), self.example_tier, self.example_segment))
        pv.addWidget(self.result)
        pv.addStretch(1)

        self.buttons = dialog_buttons(QDialogButtonBox.StandardButton.Save, QDialogButtonBox.StandardButton.Cancel)
        head = QFormLayout()
        head.addRow(_("Name"), self.name)
        head.addRow(_("Kind"), self.kind)
        left = QVBoxLayout()
        left.addLayout(head)
        left.addWidget(self.pages)
        left.addWidget(self.hint)
        left.addWidget(when)
        left.addStretch(1)
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addWidget(preview, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addWidget(self.buttons)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(150)
        self.timer.timeout.connect(self.update_preview)
        for w in self.findChildren(QLineEdit):
            w.textEdited.connect(lambda _t: self.timer.start())
        for w in self.findChildren(QComboBox):
            w.currentIndexChanged.connect(lambda _i: self.timer.start())
        for w in self.findChildren(QSpinBox):
            w.valueChanged.connect(lambda _v: self.timer.start())
        for w in self.findChildren(QCheckBox):
            w.toggled.connect(lambda _on: self.timer.start())
        for w in self.findChildren(QDateEdit):
            w.dateChanged.connect(lambda _d: self.timer.start())
        self.example.itemChanged.connect(lambda _item: self.timer.start())
        self.kind.currentIndexChanged.connect(lambda _i: self.show_kind())
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.show_kind()
        self.fill_example()
        self.update_preview()
        self.resize(1250, 640)

    def show_kind(self) -> None:
        kind = self.kind.currentData()
        if kind in DISCOUNT_KINDS:
            page = self.pages.widget(self.page_index[kind])
            page.layout().insertWidget(0, self.discount_sentence)
            self.discount_sentence.show()
        self.pages.setCurrentIndex(self.page_index[kind])
        self.hint.setText(self.hints.get(kind, ""))

    def fill_example(self) -> None:
        """An order that should trigger the promotion: its product, in the amount it asks for."""
        kind = self.kind.currentData()
        product, qty = {"buy_x_get_y": (self.buy_product.currentData(), self.buy.value()),
                        "bonus_pack": (self.pack_product.currentData(), self.pack_min.value())}.get(
            kind, (self.products[0][0] if self.products else None, 3))
        if kind in DISCOUNT_KINDS and self.discount_on.currentData() not in (WHOLE_CART, None) \
                and not str(self.discount_on.currentData()).startswith("cat:"):
            product = self.discount_on.currentData()
        if kind == "threshold_gift" and self.products:
            qty = 20
        self.set_example(0, product, qty)

    def set_example(self, row: int, code: str | None, qty: int | str) -> None:
        box = self.example.cellWidget(row, 0)
        box.setCurrentIndex(max(0, box.findData(code)))
        self.example.item(row, 1).setText(str(qty))

    # --- what the form says --------------------------------------------------------------------
    def promotion(self) -> PromotionInput:
        kind = self.kind.currentData()
        conditions: dict = {}
        parameters: dict = {}
        if kind == "buy_x_get_y":
            conditions["products"] = [self.buy_product.currentData()]
            parameters = {"buy": self.buy.value(), "get": self.get.value()}
            if self.reward.currentData() != WHOLE_CART:
                parameters["reward_product"] = self.reward.currentData()
        elif kind == "threshold_gift":
            conditions["min_total"] = _amount(self.min_total)
            parameters = {"gift_products": [self.gift.currentData()], "quantity": self.gift_qty.value()}
        elif kind == "bonus_pack":
            conditions = {"products": [self.pack_product.currentData()], "min_qty": self.pack_min.value()}
            parameters = {"gift_products": [self.pack_gift.currentData()], "quantity": self.pack_qty.value()}
            if self.pack_repeat.isChecked():
                parameters["per"] = self.pack_min.value()
        elif kind in DISCOUNT_KINDS:
            on = self.discount_on.currentData()
            if on and on.startswith("cat:"):
                conditions["categories"] = [on[4:]]
            elif on and on != WHOLE_CART:
                conditions["products"] = [on]
            if self.percent.text().strip():
                parameters["percent"] = self.percent.text().strip()
            elif self.amount.text().strip():
                parameters["amount"] = _amount(self.amount)
            if self.cap.text().strip():
                parameters["cap"] = _amount(self.cap)
        elif kind == "stamp_card":
            parameters = {"earn": self.earn.currentData(), "stamps_needed": self.stamps_needed.value()}
            if self.earn.currentData() == "amount":
                parameters["earn_amount"] = _amount(self.earn_amount)
            if self.stamp_reward.currentData() == WHOLE_CART:
                parameters["reward_amount"] = _amount(self.stamp_amount)
            else:
                parameters["reward_product"] = self.stamp_reward.currentData()
            if self.expiry.value():
                parameters["expiry_months"] = self.expiry.value()
        tiers = [code for code, box in self.tier_boxes.items() if box.isChecked()]
        segments = [code for code, box in self.segment_boxes.items() if box.isChecked()]
        if tiers:
            conditions["tiers"] = tiers
        if segments:
            conditions["segments"] = segments
        if self.order_min.text().strip() and kind != "threshold_gift":
            conditions["min_total"] = _amount(self.order_min)
        if self.first_purchase.isChecked():
            conditions["first_purchase"] = True
        valid_from = dt.datetime.combine(self.date_from.date().toPython(), dt.time()) if self.from_on.isChecked() \
            else None
        valid_to = dt.datetime.combine(self.date_to.date().toPython(), dt.time()) if self.to_on.isChecked() else None
        return replace(
            self.loaded, name=self.name.text().strip() or self.kind.currentText(), kind=kind, conditions=conditions,
            parameters=parameters, valid_from=valid_from, valid_to=valid_to,
            weekdays="".join(str(i) for i, box in enumerate(self.weekdays) if box.isChecked()),
            hour_from=self.hour_from.value() if self.hours_on.isChecked() else None,
            hour_to=self.hour_to.value() if self.hours_on.isChecked() else None, priority=self.priority.value(),
            stackable=self.stackable.isChecked(), max_uses_per_customer=self.max_uses.value() or None,
            active=self.active.isChecked())

    def example_order(self) -> Example:
        items = []
        for r in range(self.example.rowCount()):
            code = self.example.cellWidget(r, 0).currentData()
            text = (self.example.item(r, 1).text() if self.example.item(r, 1) else "").strip().replace(",", ".")
            if code in (None, WHOLE_CART) or not text:
                continue
            try:
                items.append((code, Quantity.of(text)))
            except (ValueError, ArithmeticError):
                continue
        p = self.promotion()
        at = None
        if p.valid_from is not None:
            at = p.valid_from + dt.timedelta(hours=p.hour_from if p.hour_from is not None else 12)
        elif p.hour_from is not None:
            at = dt.datetime.combine(clock.today(), dt.time(p.hour_from))
        return Example(tuple(items), self.example_tier.currentData(),
                       (self.example_segment.currentData(),) if self.example_segment.currentData() else (), at)

    def update_preview(self) -> None:
        example = self.example_order()
        if not example.items:
            self.result.setText(_("Put a product and a quantity in the example order."))
            return
        try:
            cart = preview_promotion(self.promotion(), example)
        except PosError as exc:
            self.result.setText(f"<span style='color:#b71c1c'>{exc}</span>")
            return
        rows = []
        for line in cart.lines:
            colour = "#2e7d32" if line.is_bonus else "#000"
            text = f"<span style='color:{colour}'>{format_number(line.quantity)} × {line.name}: " \
                   f"<b>{_whole(format_money(line.amount))}</b></span>"
            notes = [_whole(describe_reason(r.code, r.values, amount=r.amount)) for r in line.reasons]
            if notes:
                text += "<br>&nbsp;&nbsp;<i>" + "; ".join(notes) + "</i>"
            rows.append(text)
        earned = sum(n for _promo, n in cart.stamps_earned)
        if earned:
            rows.append(_("Stamps earned: {n}").format(n=earned))
        rows.append("<b>" + _("Total: {amount}").format(amount=_whole(format_money(cart.total))) + "</b>")
        self.result.setText("<br>".join(rows))

    def save(self) -> None:
        try:
            self.promotion_id = save_promotion(self.promotion(), time_zone=shop_settings().zone_name,
                                               owner_pin=self.owner_pin, promotion_id=self.promotion_id,
                                               staff_id=self.staff_id)
        except PosError as exc:
            show_error(self, str(exc))  # the engine's words; nothing was stored
            return
        self.saved.emit(self.promotion_id)
        self.accept()


_MONEY_SPACE = re.compile(r"(?<=Rp) (?=-?\d)|(?<=[A-Z]{3}) (?=-?\d)")


def _whole(text: str) -> str:
    """An amount never broken across lines in the preview: "Rp 1.250.000" stays on one line."""
    return _MONEY_SPACE.sub("&nbsp;", text)
