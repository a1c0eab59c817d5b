"""The layers stay apart: the domain and the store never import the UI."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("textual", "tui", "rich")


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_domain_and_store_sources_never_import_the_ui() -> None:
    offenders = []
    for package in ("briefs", "store"):
        for path in sorted((ROOT / package).rglob("*.py")):
            bad = _imported_modules(path) & set(FORBIDDEN)
            if bad:
                offenders.append(f"{path.relative_to(ROOT)} imports {sorted(bad)}")
    assert offenders == []


def test_importing_domain_and_store_loads_no_ui_module() -> None:
    # A fresh interpreter, so that nothing else in the test session has loaded Textual.
    code = (
        "import sys, briefs, store, briefs.parse, store.rows;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'tui', 'rich')];"
        "print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == ""


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports_of(path: Path, known: set[str]) -> set[str]:
    """The project modules ``path`` imports anywhere (top level, in functions, TYPE_CHECKING)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()

    def add(name: str) -> None:
        # "from tui.dialogs import x" may name a module or a name in a package.
        while name and name not in known:
            name = name.rpartition(".")[0]
        if name:
            found.add(name)

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                add(f"{node.module}.{alias.name}")
    return found


def _tui_graph() -> dict[str, set[str]]:
    paths = {_module_name(p): p for p in (ROOT / "tui").rglob("*.py")}
    known = set(paths)
    return {name: _imports_of(path, known) - {name} for name, path in paths.items()}


def test_no_screen_imports_the_command_line() -> None:
    graph = _tui_graph()
    offenders = sorted(name for name, imports in graph.items()
                       if name.startswith("tui.screens") and "tui.cli" in imports)
    assert offenders == []


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import circle met by a depth-first walk, as the list of modules around it."""
    circles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        path.append(name)
        for child in sorted(graph.get(name, ())):
            if state.get(child) == 1:
                circles.append([*path[path.index(child):], child])
            elif child not in state:
                visit(child)
        path.pop()
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)
    return circles


def test_no_import_circles_in_tui() -> None:
    assert _circles(_tui_graph()) == []


def test_the_circle_finder_finds_circles() -> None:
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    assert _circles({"a": {"b", "c"}, "b": {"c"}, "c": set()}) == []
