"""Langganan: a point of sale with a customer book for small food businesses."""

from __future__ import annotations

from pathlib import Path

__version__ = "0.1.0"


def resource_path(*parts: str) -> Path:
    """A file the program ships (translations, icons, demo data), wherever the program runs from.

    Installed (editable, normal, wheel) or frozen (PyInstaller), the files are the package
    ``pos.resources``; run from a checkout where that package is not importable (``pip install .``
    then ``python -m pytest`` in the clone: ``./pos`` wins and has no ``resources``), they are the
    checkout's top-level ``resources/``.
    """
    here = Path(__file__).parent
    beside = here / "resources"  # installed or frozen: no importlib.resources (the cold start)
    if beside.is_dir():
        return beside.joinpath(*parts)
    checkout = here.parent  # a clone (editable install, or ./pos first on the path): its own resources/, found
    if (checkout / "pyproject.toml").is_file() and (checkout / "resources" / "locale").is_dir():  # without the
        return (checkout / "resources").joinpath(*parts)  # import machinery either (5 modules before the login)
    try:
        from importlib.resources import files

        base = Path(str(files("pos.resources")))
    except ModuleNotFoundError:
        base = Path(__file__).resolve().parent.parent / "resources"
    return base.joinpath(*parts)
