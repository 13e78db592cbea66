"""The import graph of pos/services, printed (a picture of the structure; not a test, not run by default).

    python tests/perf/import_graph.py            # services only
    python tests/perf/import_graph.py --all      # every pos module

Prints:
- cycles among the modules: with top-level imports only, and with the imports inside functions too
  (an import moved into a function hides a cycle from Python, not from the reader);
- private names (``_name``) imported from another pos module;
- back-arrows: the imports that close a cycle (A imports B while B, directly or not, imports A),
  and whether each sits at the top or inside a function; and the imports from the ground floor of
  services (GROUND: values many use cases share) up into a use case;
- the ten largest modules by lines.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from anywhere
from tests.test_layers import import_cycles  # noqa: E402  (one cycle finder: the one the layers test uses)

ROOT = Path(__file__).resolve().parents[2] / "pos"
# The ground floor of services (DESIGN.md): what use cases share, importing no use case.
GROUND = {"access", "audit", "auth", "changes", "clock", "db", "errors", "files", "ledgers", "phones", "pin_guard",
          "pin_keys", "rules", "schema_migrations", "setting_choices", "shop", "shop_settings", "sqlite_files",
          "text_limits"}


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def imports(module: str, path: Path, known: set[str]) -> list[tuple[str, list[str], bool, int]]:
    """(imported pos module, names taken from it, inside a function?, line) for each import of a pos module."""
    is_package = path.name == "__init__.py"
    package = module if is_package else module.rsplit(".", 1)[0]
    found: list[tuple[str, list[str], bool, int]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name in known:
                        found.append((alias.name, [], in_function, child.lineno))
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")[: len(package.split(".")) - child.level + 1]
                    name = ".".join(base + ([child.module] if child.module else []))
                else:
                    name = child.module or ""
                plain = []
                for alias in child.names:
                    sub = f"{name}.{alias.name}"
                    if sub in known:  # from pos.services import clock: the module clock
                        found.append((sub, [], in_function, child.lineno))
                    else:
                        plain.append(alias.name)
                if plain and name in known:
                    found.append((name, plain, in_function, child.lineno))
            visit(child, nested)

    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return found


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module, each sorted: the layers test's own."""
    sys.setrecursionlimit(10000)
    return sorted(import_cycles(edges))


def reaches(edges: dict[str, set[str]], start: str, goal: str) -> bool:
    seen, todo = set(), [start]
    while todo:
        v = todo.pop()
        if v == goal:
            return True
        if v not in seen:
            seen.add(v)
            todo.extend(edges.get(v, ()))
    return False


def short(module: str) -> str:
    return module.removeprefix("pos.services.").removeprefix("pos.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="every pos module, not only pos/services")
    args = parser.parse_args()
    every = modules()
    known = set(every)
    scope = {m for m in known if args.all or m.startswith("pos.services.")}

    top: dict[str, set[str]] = {m: set() for m in scope}
    full: dict[str, set[str]] = {m: set() for m in scope}
    lazy_edges: set[tuple[str, str]] = set()
    private: list[str] = []
    for module in sorted(scope):
        for target, names, in_function, line in imports(module, every[module], known):
            for name in names:
                if name.startswith("_") and name != "_" and not name.startswith("__"):
                    private.append(f"{short(module)}:{line} imports {name} from {short(target)}")
            if target not in scope or target == module:
                continue
            full[module].add(target)
            if in_function:
                lazy_edges.add((module, target))
            else:
                top[module].add(target)
    lazy_edges -= {(a, b) for a in top for b in top[a]}

    print(f"== import graph of {'pos' if args.all else 'pos/services'}: {len(scope)} modules, "
          f"{sum(map(len, top.values()))} top-level imports, {len(lazy_edges)} more inside functions")
    for title, graph in (("cycles, top-level imports", top), ("cycles, with imports inside functions", full)):
        found = cycles(graph)
        print(f"\n-- {title}: {len(found)}")
        for component in found:
            print("   " + " <-> ".join(short(m) for m in component))
    back = sorted((a, b) for a in full for b in full[a] if reaches(full, b, a))
    print(f"\n-- back-arrows (an import that closes a cycle): {len(back)}")
    for a, b in back:
        print(f"   {short(a)} -> {short(b)}{'   (inside a function)' if (a, b) in lazy_edges else ''}")
    upward = sorted((a, b) for a in full for b in full[a] if a.startswith("pos.services.")
                    and short(a) in GROUND and short(b) not in GROUND)
    print(f"\n-- ground floor importing a use case: {len(upward)}")
    for a, b in upward:
        print(f"   {short(a)} -> {short(b)}{'   (inside a function)' if (a, b) in lazy_edges else ''}")
    print(f"\n-- private names imported across modules: {len(private)}")
    for line in private:
        print("   " + line)
    sizes = sorted(((len(every[m].read_text(encoding="utf-8").splitlines()), m) for m in scope), reverse=True)
    print("\n-- the ten largest modules (lines)")
    for lines, m in sizes[:10]:
        print(f"   {lines:5d}  {short(m)}")
    counts = sorted(n for n, _m in sizes)
    print(f"   median {counts[len(counts) // 2]} lines over {len(counts)} modules")


if __name__ == "__main__":
    main()
