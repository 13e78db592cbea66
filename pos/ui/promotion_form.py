"""One promotion, written in the shop's words ("Buy [10] [Roti Bolu] get [1] free"), with a live preview that
prices an example cart through the till's own engine and shows the reasons.

The sentences are each kind's declaration (``PromotionKind.form`` in ``pos.domain.promotion_kinds``): this
form renders their fields and reads them back, with no code of its own per kind. Each field's widget is an
attribute of the form under its key (``form.buy``); kinds that declare the same key share one widget."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QGridLayout,
                               QGroupBox, QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QSpinBox, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from pos.domain.promotion_kinds import (CHOICE, COUNT, FLAG, MONEY, NONE, OPTION, PERCENT, PRODUCT, SCOPE,
                                        FormField, PromotionKind)
from pos.domain.options import choices_text
from pos.domain.promotions import registry
from pos.i18n import N_, _, describe_reason, format_money, format_number
from pos.money import Quantity
from pos.services import clock
from pos.services.customer_profile import choices
from pos.services.errors import PosError
from pos.services.product_options import list_option_groups, options_for
from pos.services.products import list_categories, list_products
from pos.services.promotion_book import Example, load_promotion, preview_promotion
from pos.services.promotions import PromotionInput, save_promotion
from pos.services.shop_settings import shop_settings
from pos.ui.widgets import dialog_buttons, show_error

WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
WHOLE_CART = NONE  # a product box's first choice: nothing stored (the same product, the whole order)


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
        listed = list_products(include_inactive=False)
        self.products = [(r.code, r.name) for r in listed]
        self.product_ids = {r.code: r.id for r in listed}
        self.setWindowTitle(_("Promotion: {name}").format(name=p.name) if promotion_id else _("New promotion"))
        self.name = QLineEdit(p.name)
        self.name.setPlaceholderText(_("e.g. Beli 10 gratis 1"))
        self.kind = QComboBox()
        for declared in registry.kinds():
            self.kind.addItem(_(declared.label), declared.code)
        self.kind.setCurrentIndex(max(0, self.kind.findData(p.kind)))

        def product_box(selected: str | None, whole: str | None = None, categories: bool = False) -> QComboBox:
            box = QComboBox()
            if whole:
                box.addItem(whole, WHOLE_CART)
            for code, name in self.products:
                box.addItem(f"{name} ({code})", code)
            if categories:
                for cat in list_categories():
                    box.addItem(_("category {name}").format(name=cat.name), "cat:" + cat.name)
            box.setCurrentIndex(max(0, box.findData(selected)))
            return box

        self.product_box = product_box
        self._spare = QWidget(self)  # holds the fields of the kinds not shown
        self._spare.hide()
        self.fields: dict[str, tuple[FormField, QWidget]] = {}
        for declared in registry.kinds():
            for f in declared.fields():
                if f.key in self.fields:
                    continue
                widget = self._widget(f, c, par)
                widget.setParent(self._spare)
                self.fields[f.key] = (f, widget)
                if not hasattr(self, f.key):
                    setattr(self, f.key, widget)
        self.pages = QWidget()
        self.pages.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.page = QVBoxLayout(self.pages)
        self.page.setContentsMargins(0, 0, 0, 0)
        self.rows: list[QWidget] = []
        self.hint = QLabel()

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
        self.order_min = _money_edit(None if _sets_min_total(registry.get(p.kind)) else c.get("min_total"))
        self.first_purchase = QCheckBox(_("Only on a customer's first purchase"))
        self.first_purchase.setChecked(bool(c.get("first_purchase")))
        self.priority = _spin(p.priority, 0, 1000)
        self.stackable = QCheckBox(_("Can combine with other promotions"))
        self.stackable.setChecked(p.stackable)
        self.max_uses = _spin(p.max_uses_per_customer or 0, 0, 1000)
        self.max_uses_total = _spin(p.max_uses_total or 0, 0, 1_000_000)  # "the first 50 customers"
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
        grid.addWidget(_sentence(self.first_purchase, _("Times per customer (0: no limit)"), self.max_uses,
                                 _("Sales in all, every till (0: no limit)"), self.max_uses_total), 6, 0, 1, 2)
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
        for f, widget in self.fields.values():
            if f.widget == OPTION:  # the example order: a product offering the choice, carrying it
                widget.currentIndexChanged.connect(lambda _i: self.fill_example())
        self.kind.currentIndexChanged.connect(lambda _i: self.show_kind())
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.show_kind()
        self.fill_example()
        self.update_preview()
        self.resize(1250, 640)

    # --- the kind's sentences, from its declaration ----------------------------------------------
    def _widget(self, f: FormField, c: dict, par: dict) -> QWidget:
        stored = _stored(f, c, par)
        if f.widget == COUNT:
            return _spin(_count(stored, f.default), f.minimum, f.maximum)
        if f.widget == MONEY:
            return _money_edit(stored)
        if f.widget == PERCENT:
            shown = stored if stored is not None else f.default  # a kind's default: "100" (free), "50" (half)
            edit = QLineEdit("" if shown is None else str(shown))
            edit.setPlaceholderText("10")
            edit.setMaximumWidth(60)
            return edit
        if f.widget in (PRODUCT, SCOPE):
            return self.product_box(stored, whole=_(f.none) if f.none else None, categories=f.widget == SCOPE)
        if f.widget == OPTION:
            return self._option_box(stored, _(f.none) if f.none else None)
        if f.widget == CHOICE:
            box = QComboBox()
            for code, words in f.choices:
                box.addItem(_(words), code)
            box.setCurrentIndex(max(0, box.findData(stored if stored is not None else f.default)))
            return box
        if f.widget == FLAG:
            check = QCheckBox(_(f.label))
            check.setChecked(stored is not None if f.echo else bool(stored))
            return check
        raise ValueError(f"a promotion form field of an unknown widget: {f.widget}")

    def _option_box(self, selected, none: str | None) -> QComboBox:
        """The products' option choices, "Tambahan: Extra shot", each by its id (a retired one says so)."""
        box = QComboBox()
        if none:
            box.addItem(none, NONE)
        for group in list_option_groups():
            for choice in group.choices:
                words = _("{group}: {choice}").format(group=group.name, choice=choice.name)
                box.addItem(words if choice.active else _("{choice} (retired)").format(choice=words), choice.id)
        box.setCurrentIndex(max(0, box.findData(selected)))
        return box

    def value(self, key: str):
        """What the field ``key`` says now."""
        f, w = self.fields[key]
        if f.widget == COUNT:
            return w.value()
        if f.widget == MONEY:
            return _amount(w)
        if f.widget == PERCENT:
            return w.text().strip()
        if f.widget == FLAG:
            return w.isChecked()
        return w.currentData()

    def current_kind(self) -> PromotionKind:
        return registry.get(self.kind.currentData())

    def show_kind(self) -> None:
        kind = self.current_kind()
        for _f, widget in self.fields.values():
            if widget.parent() in self.rows:
                widget.setParent(self._spare)
        for row in self.rows:
            row.setParent(None)
            row.deleteLater()
        self.rows = []
        for sentence in kind.form:
            parts = [_(part) if isinstance(part, str) else self.fields[part.key][1] for part in sentence]
            row = _sentence(*parts)
            for part in parts:
                if not isinstance(part, str):
                    part.show()
            self.page.addWidget(row)
            self.rows.append(row)
        self.hint.setText(_(kind.hint) if kind.hint else "")

    def fill_example(self) -> None:
        """An order that should trigger the promotion: its product, in the amount it asks for."""
        product_key, qty = self.current_kind().example
        product = self.value(product_key) if product_key else None
        if product in (None, WHOLE_CART) or str(product).startswith("cat:"):
            product = self._offering(self.example_choices()) or (self.products[0][0] if self.products else None)
        self.set_example(0, product, self.value(qty) if isinstance(qty, str) else qty)

    def set_example(self, row: int, code: str | None, qty: int | str) -> None:
        box = self.example.cellWidget(row, 0)
        box.setCurrentIndex(max(0, box.findData(code)))
        self.example.item(row, 1).setText(str(qty))

    def example_choices(self) -> tuple[int, ...]:
        """The option choices the kind's fields name: the example order's lines carry them where offered."""
        return tuple(self.value(f.key) for f in self.current_kind().fields()
                     if f.widget == OPTION and self.value(f.key) not in (None, NONE))

    def _offering(self, choice_ids: tuple[int, ...]) -> str | None:
        """The first product offering one of these choices (the example of "extra shot half price")."""
        if not choice_ids:
            return None
        for code, _name in self.products:
            offered = {c.id for g in options_for(self.product_ids[code]) for c in g.offered}
            if offered & set(choice_ids):
                return code
        return None

    # --- what the form says --------------------------------------------------------------------
    def promotion(self) -> PromotionInput:
        kind = self.kind.currentData()
        conditions, parameters = self.stated(self.current_kind())
        tiers = [code for code, box in self.tier_boxes.items() if box.isChecked()]
        segments = [code for code, box in self.segment_boxes.items() if box.isChecked()]
        if tiers:
            conditions["tiers"] = tiers
        if segments:
            conditions["segments"] = segments
        if self.order_min.text().strip() and not _sets_min_total(self.current_kind()):
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
            active=self.active.isChecked(), max_uses_total=self.max_uses_total.value() or None)

    def stated(self, kind: PromotionKind) -> tuple[dict, dict]:
        """The kind's conditions and parameters, as its fields say them."""
        conditions: dict = {}
        parameters: dict = {}
        for f in kind.fields():
            value = self.value(f.key)
            if f.only_if is not None and self.value(f.only_if[0]) != f.only_if[1]:
                continue
            if f.widget == FLAG:
                if not value:
                    continue
                value = self.value(f.echo) if f.echo else True
            if (f.blank is not None and value == f.blank) or value in (None, "", WHOLE_CART):
                continue
            if f.widget == SCOPE:
                if str(value).startswith("cat:"):
                    conditions["categories"] = [value[4:]]
                else:
                    conditions["products"] = [value]
                continue
            section, key = f.to.split(".", 1)
            (conditions if section == "conditions" else parameters)[key] = [value] if f.listed else value
        return conditions, parameters

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
                       (self.example_segment.currentData(),) if self.example_segment.currentData() else (), at,
                       self.example_choices())

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
            if line.options:
                text += "<br>&nbsp;&nbsp;" + choices_text(line.options)
            notes = [_whole(describe_reason(r.code, r.values, amount=r.amount)) for r in line.reasons]
            if notes:
                text += "<br>&nbsp;&nbsp;<i>" + "; ".join(notes) + "</i>"
            rows.append(text)
        earned = sum(n for _promo, n in cart.stamps_earned)
        if earned:
            rows.append(_("Stamps earned: {n}").format(n=earned))
        rows.append("<b>" + _("Total: {amount}").format(amount=_whole(format_money(cart.total))) + "</b>")
        rows += self._margin_rows(cart)
        self.result.setText("<br>".join(rows))

    def _margin_rows(self, cart) -> list[str]:
        """The example order's gross profit over its goods' cost, and a warning where it sells below cost."""
        from pos.services.costs import cart_margin

        margin = cart_margin(cart)
        rows = []
        if margin.profit.revenue.minor or margin.profit.cost.minor:
            colour = "#b71c1c" if margin.profit.gross_profit.minor < 0 else "#000"
            percent = (f" ({format_number(margin.profit.margin)} %)" if margin.profit.margin is not None else "")
            rows.append(f"<span style='color:{colour}'>" + _("Gross profit: {amount}").format(
                amount=_whole(format_money(margin.profit.gross_profit))) + percent + "</span>")
        for name, each, cost in margin.below:
            words = _("⚠ {name} sells at {price} a unit, below its cost of {cost}").format(
                name=name, price=_whole(format_money(each)), cost=_whole(format_money(cost)))
            rows.append(f"<span style='color:#b71c1c'>{words}</span>")
        return rows

    def done(self, result: int) -> None:
        self.timer.stop()  # a preview still waiting to run has nothing left to show
        super().done(result)

    def save(self) -> None:
        try:
            self.promotion_id = save_promotion(self.promotion(), time_zone=shop_settings().zone_name,
                                               owner_pin=self.owner_pin, promotion_id=self.promotion_id,
                                               staff_id=self.staff_id)
        except PosError as exc:
            show_error(self, str(exc))  # the engine's words; nothing was stored
            return
        self.saved.emit(self.promotion_id)
        below = self.below_cost()
        self.accept()
        if below:  # saved: the owner's word; what it means is said once more
            show_error(self.parent(), below)

    def below_cost(self) -> str:
        """The products this promotion would sell under their cost, in words ("" when none)."""
        from pos.services.promotion_book import promotion_below_cost

        try:
            found = promotion_below_cost(self.promotion(), self.example_order())
        except PosError:
            return ""
        if not found:
            return ""
        names = "; ".join(_("{name} at {price} (cost {cost})").format(
            name=name, price=format_money(each), cost=format_money(cost)) for name, each, cost in found[:8])
        return _("{promotion} sells below cost: {names}. Each such sale loses money.").format(
            promotion=self.name.text().strip(), names=names)


def _sets_min_total(kind: PromotionKind | None) -> bool:
    """The kind's own sentence asks for the order amount (the general "order at least" is then not used)."""
    return kind is not None and any(f.to == "conditions.min_total" for f in kind.fields())


def _stored(f: FormField, c: dict, par: dict):
    """What a stored promotion says for this field (a list's first item)."""
    if f.widget == SCOPE:
        products, categories = c.get("products") or [], c.get("categories") or []
        return products[0] if products else ("cat:" + categories[0] if categories else WHOLE_CART)
    section, key = f.to.split(".", 1)
    value = (c if section == "conditions" else par).get(key)
    if f.listed and isinstance(value, (list, tuple)):
        value = value[0] if value else None
    return value


def _count(value, default) -> int:
    if value in (None, ""):
        return int(default or 0)
    try:
        return int(Quantity.of(str(value)).thousandths // 1000) or int(default or 0)
    except (ValueError, ArithmeticError):
        return int(default or 0)


_MONEY_SPACE = re.compile(r"(?<=Rp) (?=-?\d)|(?<=[A-Z]{3}) (?=-?\d)")


def _whole(text: str) -> str:
    """An amount never broken across lines in the preview: "Rp 1.250.000" stays on one line."""
    return _MONEY_SPACE.sub("&nbsp;", text)
