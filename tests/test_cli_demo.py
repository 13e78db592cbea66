"""`pos demo` a second time: it says at once that the demo is there, not that it is being made."""

from __future__ import annotations

from tests.test_cli import run_pos


def test_demo_on_an_existing_demo_says_so_first_and_only(tmp_path):
    url = "sqlite://" + (tmp_path / "demo.db").as_posix()
    first = run_pos("--lang", "en", "--db", url, "demo", "--days", "1", "--today", "2026-11-20")
    assert first.returncode == 0, first.stderr
    assert "Making the demo shop" in first.stdout and "Demo shop ready" in first.stdout
    again = run_pos("--lang", "en", "--db", url, "demo", "--days", "30")
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "The demo shop is there already; nothing changed."
    assert "Making" not in again.stdout and "wait" not in again.stdout
