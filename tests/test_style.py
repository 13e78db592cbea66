"""The code stays ruff clean (DESIGN.md: type hints everywhere, ruff clean)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_finds_nothing():
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not Path(ruff).exists():
        pytest.skip("ruff is not installed (it comes with the test extra)")
    result = subprocess.run([ruff, "check", "pos", "tests", "installer"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
