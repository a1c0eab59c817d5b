"""Textual private API (used in tui/textual_compat.py only): fail loudly if it changes."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

from textual.app import App, ComposeResult
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.widget import Widget

from tui.textual_compat import PRIVATE_MEMBERS, set_virtual_size

ROOT = Path(__file__).resolve().parents[2]


def test_the_private_members_still_exist_with_the_same_signature() -> None:
    for name in PRIVATE_MEMBERS:
        assert callable(getattr(Widget, name, None)), f"Textual no longer has Widget.{name}"
    assert list(inspect.signature(Widget._scroll_update).parameters) == ["self", "virtual_size"]
    assert list(inspect.signature(Widget.set_reactive).parameters) == ["self", "reactive",
                                                                        "value"]
    assert "virtual_size" in ScrollView.__dict__ or hasattr(ScrollView, "virtual_size")


class _Lines(ScrollView):
    DEFAULT_CSS = "_Lines { overflow-y: scroll; height: 10; }"


class _Host(App[None]):
    def compose(self) -> ComposeResult:
        yield _Lines()


async def test_set_virtual_size_updates_size_and_scrollbar_without_layout() -> None:
    app = _Host()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        lines = app.query_one(_Lines)
        set_virtual_size(lines, Size(40, 500))
        await pilot.pause()
        assert lines.virtual_size == Size(40, 500)
        assert lines.vertical_scrollbar.window_virtual_size == 500
        assert lines.max_scroll_y > 400
        lines.scroll_to(0, 490, animate=False, immediate=True)
        set_virtual_size(lines, Size(40, 20))
        await pilot.pause()
        assert lines.max_scroll_y <= 20


def test_no_other_module_uses_private_textual_members() -> None:
    offenders = []
    for path in sorted((ROOT / "tui").rglob("*.py")):
        if path.name == "textual_compat.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in PRIVATE_MEMBERS:
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} .{node.attr}")
    assert offenders == []
