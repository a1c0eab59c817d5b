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


# --- import graph: no circles, store internals stay inside store/ -----------------------------

PACKAGES = ("briefs", "store", "tui")
#: What code outside store/ may import from it: the package's public names, and
#: these modules, documented as public in docs/store-design.md.
STORE_PUBLIC_MODULES = {
    "store", "store.rows", "store.search", "store.sync", "store.export",
    "store.fetch", "store.feeds",
}


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _import_edges(name: str, path: Path, known: dict[str, Path]) -> set[tuple[str, str]]:
    """(imported module as written, the known module it loads) for every import in ``path``.

    Every import counts, also inside functions and ``if TYPE_CHECKING:``: a
    circle through a lazy import is still a circle in the design.
    """

    def owner(dotted: str) -> str | None:
        while dotted and dotted not in known:
            dotted = dotted.rpartition(".")[0]
        return dotted or None

    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    edges: set[tuple[str, str]] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            # ``from store import changes`` loads store.changes; ``from store import X``, store.
            targets = [f"{base}.{alias.name}" for alias in node.names]
            targets = [t if owner(t) == t else base for t in targets]
        else:
            continue
        for target in targets:
            found = owner(target)
            if found is not None and found != name:
                edges.add((target, found))
    return edges


def _graph() -> dict[str, set[str]]:
    known = _modules()
    return {name: {found for _, found in _import_edges(name, path, known)}
            for name, path in known.items()}


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        circles.append(sorted(component))
    return circles


def test_the_circle_finder_finds_a_circle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert _circles(graph) == [["a", "b", "c"]]


def test_no_import_circles_in_briefs_and_store() -> None:
    graph = _graph()
    inner = {name: {d for d in deps if not d.startswith("tui")}
             for name, deps in graph.items() if not name.startswith("tui")}
    assert _circles(inner) == []


def test_no_import_circles_anywhere() -> None:
    assert _circles(_graph()) == []


def test_nothing_outside_the_store_imports_its_internals() -> None:
    known = _modules()
    offenders = []
    for name, path in sorted(known.items()):
        if name.split(".")[0] == "store":
            continue
        for written, _ in sorted(_import_edges(name, path, known)):
            if written.split(".")[0] == "store" and written not in STORE_PUBLIC_MODULES:
                offenders.append(f"{path.relative_to(ROOT)} imports {written}")
    assert offenders == []


def test_no_screen_imports_the_command_line() -> None:
    graph = _graph()
    offenders = sorted(name for name, imports in graph.items()
                       if name.startswith("tui.screens") and "tui.cli" in imports)
    assert offenders == []


def test_extraction_is_pure_and_only_the_store_goes_online() -> None:
    # briefs.extract works on bytes and strings: no network, no TinyDB, no UI.
    offenders = []
    for path in sorted((ROOT / "briefs").rglob("*.py")):
        bad = _imported_modules(path) & {"httpx", "tinydb", "socket", "urllib3", "requests"}
        if bad:
            offenders.append(f"{path.relative_to(ROOT)} imports {sorted(bad)}")
    for path in sorted((ROOT / "tui").rglob("*.py")):
        if "httpx" in _imported_modules(path):
            offenders.append(f"{path.relative_to(ROOT)} imports httpx (network code is store/)")
    assert offenders == []



def test_no_module_over_500_lines_and_no_class_over_300() -> None:
    # Issue 12's limits, for every room (store/ keeps a stricter 400 of its own).
    too_big = []
    for name, path in sorted(_modules().items()):
        source = path.read_text(encoding="utf-8")
        if len(source.splitlines()) > 500:
            too_big.append(f"{name}: {len(source.splitlines())} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ClassDef) and node.end_lineno - node.lineno + 1 > 300:
                too_big.append(f"{name}: class {node.name} has "
                               f"{node.end_lineno - node.lineno + 1} lines")
    assert too_big == []
