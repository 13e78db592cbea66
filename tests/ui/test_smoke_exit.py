"""POS_SMOKE_EXIT: the build's proof that a (frozen) program builds and shows its window, then quits."""

from __future__ import annotations

import os
import subprocess
import sys

from pos.ui.app import app_icon


def test_smoke_exit_reports_the_window_shown_and_quits_with_0(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "POS_SMOKE_EXIT": "1", "POS_DATA_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "pos", "--lang", "en"], env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert "smoke: window shown: 'Langganan — new shop', page " in done.stdout


def test_smoke_exit_fails_when_the_database_cannot_open(tmp_path):
    (tmp_path / "not a db").write_text("hello")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "POS_SMOKE_EXIT": "1", "POS_DATA_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "pos", "--lang", "en", "--db", f"sqlite:///{tmp_path}/not a db"],
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "smoke:" not in done.stdout


def test_the_window_icon_has_every_size(qapp):
    sizes = {(s.width(), s.height()) for s in app_icon().availableSizes()}
    assert sizes == {(n, n) for n in (16, 32, 48, 64, 128, 256)}
