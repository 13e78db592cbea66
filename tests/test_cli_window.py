"""`pos` without a command opens the window: read on a fast path (the cold start, issue #20), with the same
answers as the full parser."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


FAST_WINDOW_ARGVS = [
    [], ["--db", "sqlite:///a.db"], ["--db=sqlite:///a.db"], ["--db", ""], ["--db="], ["--lang", "en"],
    ["--lang=id"], ["--yes"], ["--db", "-"], ["--db", "a", "--db", "b"], ["--db", "a b", "--lang", "en", "--yes"],
    ["--lang", "en", "--lang", "id"],
]
PARSED_WINDOW_ARGVS = [["--d", "x"], ["--la", "en"], ["--db", "-1"]]  # argparse's abbreviations and quirks
NOT_WINDOW_ARGVS = [
    ["--lang", "xx"], ["--yes=1"], ["--db", "-x"], ["--db"], ["--lang"], ["--"], ["--db", "--lang"], ["x"],
    ["--db", "a", "info"], ["--help"], ["--version"],
]


@pytest.mark.parametrize("argv", FAST_WINDOW_ARGVS + PARSED_WINDOW_ARGVS + NOT_WINDOW_ARGVS, ids=repr)
def test_the_window_opens_on_the_database_the_full_parser_reads(argv, monkeypatch, capsys, tmp_path, request):
    """The cold start reads a plain `pos [--db URL] [--lang id|en] [--yes]` without building the parser: it opens
    the window on the same database the full parser names, and anything else gets the parser's answer."""
    from pos import cli
    from pos.i18n import current_language, set_language
    from pos.ui import app

    monkeypatch.setenv("POS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("POS_DATABASE_URL", raising=False)
    request.addfinalizer(lambda language=current_language(): set_language(language))
    set_language(cli._language_asked(argv))  # as main() does, so that both answers speak the same language
    opened: list[str] = []
    monkeypatch.setattr(app, "run_window", lambda url, settings: opened.append(url) or 0)
    try:
        expected = cli.build_parser().parse_args(argv)
    except SystemExit as refused:
        expected_exit = refused.code
        expected_out = capsys.readouterr()
        with pytest.raises(SystemExit) as exited:
            cli.main(argv)
        assert exited.value.code == expected_exit and opened == []
        assert capsys.readouterr() == expected_out  # the same help, version or one-line error
        return
    if getattr(expected, "func", None) is not None:  # a command: not the window
        assert cli.window_asked(argv) is None
        return
    assert cli.main(argv) == 0
    assert opened == [cli.resolve_url(getattr(expected, "db", None), "")]
    assert (cli.window_asked(argv) is not None) == (argv in FAST_WINDOW_ARGVS)


def test_the_window_starts_without_loading_what_the_login_page_does_not_use(tmp_path):
    script = (
        "import sys\n"
        "import pos.ui.app as app\n"
        "app.run_window = lambda url, settings: print(' '.join(sorted(set(sys.modules) & {'platformdirs', "
        "'tomllib', 'pos.money', 'decimal', 'pos.ui.tasks', 'peewee', 'pos.services', 'babel'})) or 'none')\n"
        "from pos.cli import main\n"
        "main(['--db', sys.argv[1]])\n"
    )
    env = {**os.environ, "POS_DATA_DIR": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", script, "sqlite:///" + str(tmp_path / "shop.db")], env=env,
                         capture_output=True, text=True, check=True).stdout
    assert out.strip() == "none"
