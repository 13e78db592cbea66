"""The numbered migrations of ``pos.migrations``, found by import rather than by listing files.

A frozen program (PyInstaller) has no ``pos/migrations/*.py`` on disk, only compiled modules, so
playhouse's runner, which globs a directory, would see none and take every database for a newer one.
Here the package's modules are listed with ``pkgutil`` (which also walks a frozen archive) and
loaded with ``importlib``.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from pos.services.rules import READ, allowed
from types import ModuleType

from playhouse.migrations import Migration, Runner

PACKAGE = "pos.migrations"
MIGRATIONS_TABLE = "schema_migration"


@allowed(READ)
def migration_names() -> list[str]:
    """'0001_initial', '0002_…' in order: every module of the package whose name starts with digits."""
    package = importlib.import_module(PACKAGE)
    names = [m.name for m in pkgutil.iter_modules(package.__path__) if re.match(r"\d+_", m.name)]
    return sorted(names, key=lambda n: (int(re.match(r"\d+", n).group()), n))


@allowed(READ)
def known_migrations() -> list[str]:
    return migration_names()


@allowed(READ)
def schema_version_of(names: list[str] | tuple[str, ...]) -> int:
    return max((int(re.match(r"\d+", n).group()) for n in names if re.match(r"\d+", n)), default=0)


class ImportedMigration(Migration):
    """A migration whose ``path`` is its module name; ``load()`` imports it."""

    __slots__ = ()

    def load(self) -> ModuleType:
        return importlib.import_module(self.path)


class PackageRunner(Runner):
    """playhouse's Runner over the modules of ``pos.migrations`` (the directory argument is unused)."""

    def __init__(self, database, table_name: str) -> None:
        super().__init__(database, PACKAGE, table_name=table_name)

    def migrations(self) -> list[Migration]:
        return [ImportedMigration(int(re.match(r"\d+", n).group()), n, f"{PACKAGE}.{n}", None)
                for n in migration_names()]
