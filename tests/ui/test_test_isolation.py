"""A finished test's windows do not reach into the next test (tests/conftest.py, end_qt_leftovers)."""

from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import QWidget

from pos.ui.shop_signal import shop_signal
from tests.conftest import end_qt_leftovers


class Listening(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.heard = []
        shop_signal().changed.connect(self.shop_changed)

    def shop_changed(self, settings) -> None:
        self.heard.append(settings)


def test_a_closed_window_is_deleted_and_the_shop_watch_stopped_before_the_next_test(qtbot):
    before = shop_signal().receivers("2changed(PyObject)")
    window = Listening()
    window.show()
    shop_signal().watch()
    assert shop_signal().receivers("2changed(PyObject)") == before + 1
    window.close()
    window.deleteLater()  # what pytest-qt does with the widgets it was given, after the test
    end_qt_leftovers()
    assert not shiboken6.isValid(window)
    assert shop_signal().receivers("2changed(PyObject)") == before
    assert not shop_signal().timer.isActive()
