"""Starting and stopping the program as a person (or the desktop) does: no display, a stop from outside."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pos.ui.app import display_missing

WITHOUT_DISPLAY = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")


def env_without_display(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in WITHOUT_DISPLAY}
    env["POS_DATA_DIR"] = str(tmp_path / "data")
    return env


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the display check is for Linux")
@pytest.mark.parametrize("lang, words", [("en", "No display was found"), ("id", "Layar tidak ditemukan")])
def test_without_a_display_the_window_says_so_and_exits_1(tmp_path, lang, words):
    url = "sqlite://" + (tmp_path / "shop.db").as_posix()
    proc = subprocess.run([sys.executable, "-m", "pos", "--lang", lang, "--db", url], env=env_without_display(tmp_path),
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert words in proc.stderr and "QT_QPA_PLATFORM=offscreen" in proc.stderr
    assert "xcb" not in proc.stderr and "Traceback" not in proc.stderr


def test_which_environments_have_a_display():
    assert display_missing({}, "linux")
    assert not display_missing({"DISPLAY": ":0"}, "linux")
    assert not display_missing({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not display_missing({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert display_missing({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not display_missing({}, "win32")


def start_window(url: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pos", "--db", url, "--lang", "en"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(condition, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.parametrize("stop", ["SIGTERM", "SIGINT"])
def test_a_stop_from_outside_is_a_clean_stop(tmp_path, stop):
    """A logout sends SIGTERM: the next start must not report that the program was not closed properly."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "POS_DATA_DIR": str(tmp_path / "data")}
    url = "sqlite://" + (tmp_path / "shop.db").as_posix()
    subprocess.run([sys.executable, "-m", "pos", "--db", url, "demo", "--days", "0"], env=env, check=True,
                   capture_output=True)
    proc = start_window(url, env)
    try:
        assert wait_for(lambda: list(tmp_path.glob("shop.db.open-*")) or proc.poll() is not None)
        assert proc.poll() is None, proc.communicate()[1]
        proc.send_signal(getattr(signal, stop))
        proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    _out, err = proc.communicate()
    assert proc.returncode == 0, err
    assert not list(tmp_path.glob("shop.db.open-*")), "the database was closed and marked as closed"
    assert (tmp_path / "data" / "settings.toml").read_text().count("window_geometry = \"") == 1  # as if closed
    again = subprocess.run([sys.executable, "-m", "pos", "--db", url, "--lang", "en", "info"], env=env,
                           capture_output=True, text=True, timeout=60)
    assert again.returncode == 0 and "did not close cleanly" not in again.stderr, again.stderr


def test_killed_without_a_chance_the_next_start_checks_the_database(tmp_path):
    """The other side: a real crash (SIGKILL) is still reported, so the clean stop above proves something."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "POS_DATA_DIR": str(tmp_path / "data")}
    url = "sqlite://" + (tmp_path / "shop.db").as_posix()
    subprocess.run([sys.executable, "-m", "pos", "--db", url, "demo", "--days", "0"], env=env, check=True,
                   capture_output=True)
    proc = start_window(url, env)
    try:
        assert wait_for(lambda: list(tmp_path.glob("shop.db.open-*")) or proc.poll() is not None)
    finally:
        proc.kill()
        proc.communicate()
    again = subprocess.run([sys.executable, "-m", "pos", "--db", url, "--lang", "en", "info"], env=env,
                           capture_output=True, text=True, timeout=60)
    assert "did not close cleanly" in again.stderr
