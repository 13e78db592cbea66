"""Long work off the screen (pos/ui/tasks.py): while a list is built the window keeps turning, shows that it
works, can cancel; an error is said in words; the worker's database connection works on both engines and is
closed afterwards."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QThread, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from pos.services import db
from pos.services.errors import PosError
from pos.ui import retention_window
from pos.ui.tasks import Cancelled, Progress, Runner, TaskBar
from tests.ui.test_retention_window import names, opened, settle, window  # noqa: F401 (fixtures)

SLOW = 0.8  # seconds the list takes in these tests: far beyond what a frozen window would hide


@pytest.fixture
def slow_lapsed(monkeypatch):
    """The lapsed list, slowed down; notes the thread it was built on (its id: a QThread object of a pool thread,
    kept past the thread's life, is a dangling wrapper when Python lets it go later)."""
    real = retention_window.lapsed_customers
    threads = []

    def slow(*args, **kwargs):
        threads.append(threading.get_ident())
        time.sleep(SLOW)
        return real(*args, **kwargs)

    monkeypatch.setattr(retention_window, "lapsed_customers", slow)
    return threads


def ticking(qtbot) -> list[int]:
    ticks = [0]
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.__setitem__(0, ticks[0] + 1))
    timer.start(20)
    qtbot.ticking_timer = timer  # kept alive for the test
    return ticks


def test_the_event_loop_turns_while_the_lapsed_list_is_built(qtbot, window, slow_lapsed):  # noqa: F811
    window.show()
    assert names(window.lapsed) == ["Wati", "Rina", "Sari"]
    ticks = ticking(qtbot)
    window.days.setValue(91)  # a new list: built again, slowly
    assert window.runner.busy() and window.task_bar.isVisible()
    assert window.task_bar.label.text() == "Building the list…"
    assert window.task_bar.bar.maximum() == 0  # a busy bar: the size is unknown
    assert window.lapsed.table.rowCount() == 3  # the old list stays until the new one is ready
    settle(qtbot, window)
    assert ticks[0] >= SLOW / 0.020 / 3  # the timer kept firing: the window was never frozen
    assert slow_lapsed[-1] != threading.main_thread().ident  # built on a worker thread, not the GUI thread
    assert names(window.lapsed) == ["Wati", "Rina"]  # Sari came once, 90 days ago: not away 91 days
    assert window.lapsed.count.text() == "2 customers"
    assert not window.task_bar.isVisible()


def test_asking_again_while_it_builds_builds_once_more_with_the_last_choice(qtbot, window, slow_lapsed):  # noqa: F811
    window.days.setValue(20)
    assert window.runner.run(lambda: 1, lambda _r: None) is None  # a second start is refused meanwhile
    window.days.setValue(60)
    window.days.setValue(96)
    settle(qtbot, window)
    assert len(slow_lapsed) == 2  # 20 days, then only the last choice: 96 (60 was never built)
    assert names(window.lapsed) == ["Wati"]


def test_cancel_leaves_the_list_as_it_was(qtbot, window, slow_lapsed):  # noqa: F811
    window.show()
    window.days.setValue(96)
    assert window.task_bar.cancel_button.isVisible()
    window.task_bar.cancel_button.click()
    assert window.task_bar.label.text() == "Cancelling…"
    qtbot.waitUntil(lambda: not window.runner.busy(), timeout=10_000)
    qtbot.wait(SLOW * 1000 + 200)  # the dropped result arrives, and changes nothing
    assert names(window.lapsed) == ["Wati", "Rina", "Sari"]
    assert not window.task_bar.isVisible() and window.findChild(QMessageBox, "errorBox") is None


def test_a_failing_list_is_said_in_words_and_the_window_stays_usable(qtbot, window, monkeypatch):  # noqa: F811
    def broken(*_args, **_kwargs):
        raise PosError("The book cannot be read now.")

    monkeypatch.setattr(retention_window, "lapsed_customers", broken)
    window.days.setValue(96)
    settle(qtbot, window)
    assert window.findChild(QMessageBox, "errorBox").text() == "The book cannot be read now."
    assert not window.task_bar.isVisible() and not window.runner.busy()
    assert names(window.lapsed) == ["Wati", "Rina", "Sari"]


def test_closing_the_window_while_it_builds_drops_the_result(qtbot, window, slow_lapsed):  # noqa: F811
    from PySide6.QtCore import Qt

    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)  # kept, to look at it after
    window.show()
    window.days.setValue(96)
    task = window.runner.task
    window.close()
    assert not task.running  # closing waited for the worker (it only reads, so nothing is half done)
    assert window.runner.stopped and window.runner.run(lambda: 1, lambda _r: None) is None
    qtbot.wait(50)
    assert names(window.lapsed) == ["Wati", "Rina", "Sari"] and not window.task_bar.isVisible()


def test_progress_is_shown_and_a_cooperative_cancel_stops_the_work(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    bar = TaskBar(parent)
    parent.show()
    runner = Runner(parent, bar)
    seen, ended, results = [], [], []
    go_on, paused = threading.Event(), threading.Event()

    def work(progress: Progress) -> str:
        for i in range(1, 1001):
            progress(i, 1000)
            seen.append(i)
            if i == 10:
                paused.set()
                go_on.wait(5)
            time.sleep(0.001)
        return "finished"

    runner.run(work, results.append, text="Counting", cancellable=True, takes_progress=True,
               cancelled=lambda: ended.append("cancelled"))
    qtbot.waitUntil(lambda: paused.is_set() and bar.bar.maximum() == 1000 and bar.bar.value() >= 1)
    assert bar.label.text() == "Counting" and bar.cancel_button.isVisible()
    bar.cancel_button.click()
    go_on.set()
    qtbot.waitUntil(lambda: ended == ["cancelled"], timeout=5000)
    assert results == [] and len(seen) == 10 and not bar.isVisible()


def test_a_bug_is_said_briefly_and_the_result_comes_on_the_gui_thread(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    runner = Runner(parent)
    failures, threads = [], []
    runner.run(lambda: 1 / 0, lambda _r: None, failed=failures.append)
    qtbot.waitUntil(lambda: bool(failures))
    assert failures == ["This could not be finished: division by zero"]
    runner.run(lambda: 42, lambda r: threads.append((r, QThread.currentThread())))
    qtbot.waitUntil(lambda: bool(threads))
    assert threads == [(42, QApplication.instance().thread())]


def test_the_worker_reads_the_database_on_each_engine_and_closes_its_connection(qtbot, database):
    from pos.services.shop import get_shop_settings

    label = QLabel()
    qtbot.addWidget(label)
    runner = Runner(label)
    opened_before = _connections()
    runner.run(lambda: (get_shop_settings()["time_zone"], _connections()), lambda r: label.setText(repr(r)))
    qtbot.waitUntil(lambda: bool(label.text()))
    zone, during = eval(label.text())  # noqa: S307 - our own repr of a str and an int
    assert zone == "Asia/Jakarta"
    if database.engine == "postgresql":  # the worker had its own connection, and gave it back
        assert during == opened_before + 1
        qtbot.waitUntil(lambda: _connections() == opened_before, timeout=5000)


def _connections() -> int:
    from peewee import PostgresqlDatabase

    database = db.current()
    if not isinstance(database, PostgresqlDatabase):
        return 0
    return database.execute_sql("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                                 ).fetchone()[0]


def test_a_product_import_is_written_off_the_screen_and_a_wrong_pin_changes_nothing(qtbot, tmp_path):
    from pos.services.catalog import find_product
    from pos.services.demo import create_demo
    from pos.ui.product_import import ProductImportDialog
    from tests.ui.test_big_import_notice import products_file
    from tests.ui.test_till import errors

    db.open_database("sqlite://" + (tmp_path / "shop.db").as_posix())
    create_demo(seed=1)
    path = products_file(tmp_path / "products.csv", 300)
    refused = ProductImportDialog(path, None, owner_pin="1111")  # the cashier's PIN
    qtbot.addWidget(refused)
    refused.show()
    refused.run_import()
    qtbot.waitUntil(lambda: not refused.runner.busy())
    assert any("owner's PIN" in e for e in errors(refused)) and refused.isVisible() and refused.result is None
    dialog = ProductImportDialog(path, None, owner_pin="1234")
    qtbot.addWidget(dialog)
    dialog.show()
    price = dialog.columns["retail_price"]
    dialog.columns["retail_price"].setCurrentIndex(0)  # (none): read again off the GUI thread
    qtbot.waitUntil(lambda: not dialog.runner.busy())
    assert not dialog.import_button.isEnabled()  # new products need a price
    price.setCurrentIndex(price.findText("harga_ecer"))
    qtbot.waitUntil(lambda: not dialog.runner.busy())
    assert "300 products ready to import" in dialog.summary.text()
    dialog.run_import()
    assert dialog.task_bar.isVisible() and dialog.task_bar.label.text() == "Importing…"
    assert not dialog.task_bar.cancel_button.isVisible()  # all or nothing: it is not stopped half-way
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=20_000)
    assert dialog.result.created == 300 and not dialog.isVisible()
    assert find_product("BIG-000299").retail_price.minor == 1299


def test_a_tight_loop_reports_a_few_times_and_always_its_end():
    reports = []
    progress = Progress(lambda done, total: reports.append((done, total)))
    for i in range(1, 100_001):
        progress(i, 100_000)
    assert reports[0] == (1, 100_000) and reports[-1] == (100_000, 100_000)
    assert len(reports) < 100  # the window is not flooded with 100,000 signals
    progress.cancel()
    with pytest.raises(Cancelled):
        progress.check()


def test_closing_the_till_while_the_demo_shop_is_made_waits_for_it(qtbot, tmp_path):
    from pos.services.catalog import find_product
    from tests.ui.test_back_office_window import empty_window

    till = empty_window(qtbot, tmp_path)
    page = till.first_run
    page.demo_button.click()
    assert page.runner.busy()
    page.demo_button.click()  # a second click starts nothing
    till.close()  # waits for the demo's one transaction: it is whole, or not there at all
    assert not page.runner.busy() and page.runner.stopped
    assert find_product("KUE-01") is not None  # the demo was finished, not cut off
