"""The import rules of DESIGN.md ("Which way the arrows go"), enforced on every module of pos/."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "pos"
STDLIB = set(sys.stdlib_module_names)
QT = {"PySide6", "shiboken6"}

# layer -> (pos layers it may import, third-party top-level packages it may import)
RULES: dict[str, tuple[set[str], set[str]]] = {
    "money": (set(), set()),
    "domain": ({"money", "domain"}, set()),
    "models": ({"money", "models"}, {"peewee", "playhouse", "psycopg"}),  # psycopg: pos.models.driver
    "migrations": (set(), {"peewee", "playhouse"}),
    "i18n": ({"money", "domain"}, {"babel"}),  # domain: a promotion kind declares its own words
    "settings": ({"i18n"}, {"platformdirs"}),
    "services": ({"models", "domain", "printing", "money", "i18n", "settings", "services"},
                 {"peewee", "playhouse", "phonenumbers", "babel", "num2words", "platformdirs", "psycopg",
                  "openpyxl", "keyring"}),  # openpyxl: products from and to Excel; keyring: a server's password
    "printing": ({"domain", "money", "i18n", "printing"},
                 # usb (pyusb), serial (pyserial): finding the printers plugged in
                 {"escpos", "reportlab", "qrcode", "babel", "num2words", "PIL", "usb", "serial"}),
    # money too: a widget parses what the cashier types (50.000) into the value type the domain uses
    "ui": ({"services", "domain", "printing", "settings", "i18n", "money", "ui"}, QT),
    "cli": ({"services", "settings", "i18n", "money", "domain", "printing", "package", "cli_price", "cli_commands",
             "cli_server"}, set()),
    "cli_commands": ({"services", "settings", "i18n", "money", "domain", "printing", "package", "cli_price",
                      "cli_server"}, set()),
    "cli_server": ({"services", "settings", "i18n"}, set()),
    "cli_price": ({"services", "i18n", "money", "domain", "printing"}, set()),
    "__main__": ({"cli"}, set()),
    "package": (set(), set()),
}
# Imports allowed only inside a function (never at import time of the module).
# `pos` without a command shows the window before any database code loads (see tests/perf/bench_till.py).
LAZY_ONLY = {"cli": {"ui", "services", "cli_commands", "cli_server"}}


def layer_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1 or parts[1] == "__init__":
        return "package"
    return parts[1]


def imports_of(module: str, source: str) -> list[tuple[str, bool]]:
    """(imported module, is it inside a function) for every import statement."""
    tree = ast.parse(source)
    package = module if module.endswith("__init__") else module.rsplit(".", 1)[0]
    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                found.extend((alias.name, in_function) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")[: len(package.split(".")) - child.level + 1]
                    name = ".".join(base + ([child.module] if child.module else []))
                else:
                    name = child.module or ""
                found.append((name, in_function))
                if name == "pos":
                    found.extend((f"pos.{alias.name}", in_function) for alias in child.names
                                 if (ROOT / alias.name).is_dir() or (ROOT / f"{alias.name}.py").is_file())
            visit(child, nested)

    visit(tree, False)
    return found


def violations(module: str, source: str) -> list[str]:
    layer = layer_of(module)
    allowed_pos, allowed_third = RULES[layer]
    problems = []
    for name, lazy in imports_of(module, source):
        top = name.split(".")[0]
        if top == "pos":
            target = layer_of(name) if name != "pos" else "package"
            if target == "package" and name == "pos":
                continue
            if target in allowed_pos or (lazy and target in LAZY_ONLY.get(layer, set())):
                continue
            problems.append(f"{module} imports {name}")
        elif top in STDLIB or top == "__future__":
            continue
        elif top not in allowed_third:
            problems.append(f"{module} imports third-party {name}")
    return problems


# Calls that a layer must not make even through objects it was handed.
FORBIDDEN_CALLS: dict[str, set[str]] = {
    # widgets never write SQL nor open transactions, even on a Database a service returned
    # (models are out of reach already: ui cannot import them)
    "ui": {"atomic", "transaction", "execute_sql", "cursor", "savepoint", "manual_commit"},
    # domain has no clock: the moment of sale is a parameter
    "domain": {"now", "today", "utcnow", "time", "monotonic", "perf_counter"},
    "money": {"now", "today", "utcnow", "time"},
}


def forbidden_calls(module: str, source: str) -> list[str]:
    names = FORBIDDEN_CALLS.get(layer_of(module), set())
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in names:
            found.append(f"{module}:{node.lineno} calls .{node.func.attr}()")
    return found


# The one shop clock (DESIGN.md, "Money, quantities, time"): only its raw source reads the machine's clock.
CLOCK_SOURCE = "pos.models.base"
MACHINE_CLOCK = {("date", "today"), ("datetime", "today"), ("datetime", "now"), ("datetime", "utcnow"),
                 ("time", "time"), ("time", "time_ns"), ("time", "localtime"), ("time", "gmtime"),
                 ("time", "ctime"), ("time", "asctime"), ("QDate", "currentDate"), ("QTime", "currentTime"),
                 ("QDateTime", "currentDateTime"), ("QDateTime", "currentDateTimeUtc"),
                 ("QDateTime", "currentSecsSinceEpoch"), ("QDateTime", "currentMSecsSinceEpoch")}


def machine_clock_reads(module: str, source: str) -> list[str]:
    """Every read of the machine's clock (monotonic timers for timeouts are fine: they tell no date)."""
    if module == CLOCK_SOURCE:
        return []
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value  # the module or class itself (time, dt.date), not a widget named so (self.time)
            name = owner.id if isinstance(owner, ast.Name) else owner.attr if isinstance(owner, ast.Attribute) \
                and isinstance(owner.value, ast.Name) and owner.value.id != "self" and owner.attr != "time" else ""
            if (name, node.func.attr) in MACHINE_CLOCK or (name, node.func.attr) == ("time", "strftime") \
                    and len(node.args) < 2:
                found.append(f"{module}:{node.lineno} reads the machine's clock: {name}.{node.func.attr}()")
        elif isinstance(node, ast.ImportFrom) and node.module == "time":
            found.extend(f"{module}:{node.lineno} imports time.{a.name}" for a in node.names
                         if ("time", a.name) in MACHINE_CLOCK)
    return found


def all_modules() -> list[tuple[str, Path]]:
    modules = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT.parent).with_suffix("")
        modules.append((".".join(rel.parts), path))
    return modules


def test_every_module_has_a_layer():
    unknown = [m for m, _ in all_modules() if layer_of(m) not in RULES]
    assert unknown == []


@pytest.mark.parametrize("module,path", all_modules(), ids=lambda v: str(v) if isinstance(v, str) else "")
def test_imports_follow_design(module, path):
    assert violations(module, path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("module,path", all_modules(), ids=lambda v: str(v) if isinstance(v, str) else "")
def test_no_sql_in_widgets_and_no_clock_in_domain(module, path):
    assert forbidden_calls(module, path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "module,source",
    [
        ("pos.ui.sale_screen", "def f(db):\n    with db.atomic():\n        pass\n"),
        ("pos.ui.sale_screen", "def f(db):\n    db.execute_sql('DELETE FROM sale')\n"),
        ("pos.domain.pricing", "import datetime\ndef f():\n    return datetime.datetime.now()\n"),
    ],
)
def test_a_forbidden_call_is_caught(module, source):
    assert forbidden_calls(module, source) != []


@pytest.mark.parametrize("module,path", all_modules(), ids=lambda v: str(v) if isinstance(v, str) else "")
def test_only_the_shop_clock_reads_the_machines_clock(module, path):
    assert machine_clock_reads(module, path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "source",
    [
        "import datetime as dt\ndef f():\n    return dt.date.today()\n",
        "from datetime import date\ntoday = date.today()\n",
        "import datetime\ndef f():\n    return datetime.datetime.now(datetime.timezone.utc)\n",
        "from datetime import datetime\nstamp = datetime.now().strftime('%Y')\n",
        "import datetime as dt\nx = dt.datetime.utcnow()\n",
        "import datetime as dt\nx = dt.datetime.today()\n",
        "import time\nx = time.time()\n",
        "import time\nx = time.localtime()\n",
        "import time\nx = time.strftime('%H:%M')\n",
        "from time import time\n",
        "from PySide6.QtCore import QDate\nx = QDate.currentDate()\n",
    ],
)
def test_a_machine_clock_read_is_caught(source):
    assert machine_clock_reads("pos.services.backup", source) != []
    assert machine_clock_reads("pos.ui.sale_screen", source) != []


def test_timers_and_the_clock_source_are_allowed():
    assert machine_clock_reads("pos.ui.printer", "import time\nstart = time.monotonic()\n") == []
    assert machine_clock_reads("pos.services.till", "import datetime as dt\nx = dt.date(2026, 11, 28)\n") == []
    assert machine_clock_reads("pos.ui.preorder_dialogs", "t = self.time.time().toPython()\n") == []
    assert machine_clock_reads(CLOCK_SOURCE, "import datetime as dt\nx = dt.datetime.now(dt.timezone.utc)\n") == []


def test_every_moment_shown_names_the_shops_zone():
    """A stored moment is UTC: format_datetime / format_day are always told the shop's zone (clock.zone_name())."""
    found = []
    for module, path in all_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id in ("format_datetime", "format_day") and len(node.args) + len(node.keywords) < 2:
                found.append(f"{module}:{node.lineno}")
    assert found == []


def test_tests_never_read_the_machines_clock():
    """The tests set the shop clock (tests/conftest.py); a test that reads the machine's passes only at some hours."""
    tests = Path(__file__).resolve().parent
    found = [read for path in sorted(tests.rglob("*.py")) if path.name != "test_layers.py" and "perf" not in path.parts
             for read in machine_clock_reads("tests." + path.stem, path.read_text(encoding="utf-8"))]
    assert found == []


@pytest.mark.parametrize(
    "module,source",
    [
        ("pos.services.sales", "import reportlab"),
        ("pos.domain.pricing", "import peewee"),
        ("pos.domain.pricing", "from PySide6.QtCore import Qt"),
        ("pos.domain.pricing", "from pos.models import Product"),
        ("pos.money", "import babel"),
        ("pos.ui.sale_screen", "from pos.models import Sale"),
        ("pos.ui.sale_screen", "import peewee"),
        ("pos.printing.receipt", "from pos.services import sales"),
        ("pos.printing.receipt", "from ..models import Sale"),
        ("pos.services.sales", "from PySide6.QtWidgets import QWidget"),
        ("pos.models.sale", "from pos.services.sales import checkout"),
        ("pos.cli", "from pos.ui.app import run_window"),
        ("pos.cli", "import PySide6"),
        ("pos.migrations.0009_x", "from pos.models import Sale"),
    ],
)
def test_a_broken_rule_is_caught(module, source):
    assert violations(module, source) != []


def test_lazy_window_import_in_cli_is_allowed():
    assert violations("pos.cli", "def f():\n    from pos.ui.app import run_window\n") == []


def test_widgets_reach_staff_and_shop_settings_only_through_the_owner_checked_services():
    """The unguarded helpers (used by the demo, the first run and tests) never appear in a widget."""
    unguarded = ("_update_shop_settings", "_add_staff(", "hash_pin", "StaffUser", "ShopSetting", "authenticate(",
                 "holder_of(")
    for path in sorted((ROOT / "ui").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        assert not [name for name in unguarded if name in source], path.name


# --- the ground floor (DESIGN.md, "Shared values have one home"): no cycle, no private name across modules -------
# The unguarded twins of the owner's functions stay private (tests/test_guards.py) and are imported, on purpose,
# only by what builds a shop before it has an owner to ask (the demo, the first run) and by the owner's imports.
INTERNAL_TWINS = {"_add_staff", "_update_shop_settings", "_add_product", "_add_category", "_set_tier_price",
                  "_store_special_price"}


def module_names() -> dict[str, Path]:
    """Every pos module by its import name (a package by its own name, not ``…__init__``)."""
    names = {}
    for module, path in all_modules():
        names[module.removesuffix(".__init__")] = path
    return names


def pos_imports(module: str, source: str, known: set[str]) -> list[tuple[str, tuple[str, ...], int]]:
    """(pos module imported, names taken from it that are not modules, line) for every import, inside functions
    too: ``from pos.services import clock`` imports the module pos.services.clock."""
    is_package = module == "pos" or any(name.startswith(f"{module}.") for name in known)
    package = module if is_package else module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(a.name, (), node.lineno) for a in node.names if a.name in known]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([node.module] if node.module else []))
            names = []
            for alias in node.names:
                if f"{base}.{alias.name}" in known:
                    found.append((f"{base}.{alias.name}", (), node.lineno))
                else:
                    names.append(alias.name)
            if names and base in known:
                found.append((base, tuple(names), node.lineno))
    return found


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, directly or not (strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while not group or group[-1] != v:
                group.append(stack.pop())
            if len(group) > 1 or v in graph.get(v, ()):
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def import_graph(sources: dict[str, str]) -> dict[str, set[str]]:
    known = set(sources)
    return {m: {t for t, _names, _line in pos_imports(m, s, known) if t in sources and t != m}
            for m, s in sources.items()}


def private_imports(sources: dict[str, str]) -> list[str]:
    known = set(sources)
    return [f"{m}:{line} imports {name} from {target}" for m, s in sources.items()
            for target, names, line in pos_imports(m, s, known) if target != m for name in names
            if name.startswith("_") and name != "_" and not name.startswith("__") and name not in INTERNAL_TWINS]


def pos_sources() -> dict[str, str]:
    return {m: p.read_text(encoding="utf-8") for m, p in module_names().items()}


def test_no_import_cycle_among_pos_modules():
    """Not at the top, not hidden inside a function: a module that needs a value from one that needs it back
    shows a value without its home on the ground floor."""
    assert import_cycles(import_graph(pos_sources())) == []


def test_no_private_name_is_imported_from_another_module():
    assert private_imports(pos_sources()) == []


def test_a_cycle_and_a_private_import_are_caught():
    sources = {"pos.services": "", "pos.services.a": "def f():\n    from pos.services import b\n",
               "pos.services.b": "from pos.services.c import x\n", "pos.services.c": "from .a import f\n",
               "pos.services.d": "from pos.services.a import _hidden, _\n"}
    assert import_cycles(import_graph(sources)) == [["pos.services.a", "pos.services.b", "pos.services.c"]]
    assert private_imports(sources) == ["pos.services.d:1 imports _hidden from pos.services.a"]
    del sources["pos.services.c"]
    assert import_cycles(import_graph(sources)) == []
