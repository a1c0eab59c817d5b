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
