"""The demo shop's till, logged in as the cashier with a shift open: the window the UI tests drive."""

from __future__ import annotations

import pytest

from tests.db_templates import open_demo


@pytest.fixture
def till(qtbot, tmp_path):
    from tests.ui.test_till import start

    url = "sqlite://" + (tmp_path / "shop.db").as_posix()
    open_demo(url)
    window = start(qtbot, url)
    window.url = url
    return window
