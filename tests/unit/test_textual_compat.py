"""Textual private API (used in tui/textual_compat.py only): fail loudly if it changes."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

from textual.app import App, ComposeResult
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.widget import Widget

from tui.textual_compat import (
    PRIVATE_APP_MEMBER,
    PRIVATE_ATTRIBUTE,
    PRIVATE_MEMBERS,
    QuietScrollBar,
    quiet_vertical_scrollbar,
    set_virtual_size,
)

ROOT = Path(__file__).resolve().parents[2]


def test_the_private_members_still_exist_with_the_same_signature() -> None:
    for name in PRIVATE_MEMBERS:
        assert callable(getattr(Widget, name, None)), f"Textual no longer has Widget.{name}"
    assert list(inspect.signature(Widget._scroll_update).parameters) == ["self", "virtual_size"]
    assert list(inspect.signature(Widget.set_reactive).parameters) == ["self", "reactive",
                                                                        "value"]
    assert "virtual_size" in ScrollView.__dict__ or hasattr(ScrollView, "virtual_size")
    assert callable(getattr(App, PRIVATE_APP_MEMBER, None))
    assert list(inspect.signature(App._start_widget).parameters) == ["self", "parent", "widget"]
    assert getattr(Widget(), PRIVATE_ATTRIBUTE, "missing") is None


class _Lines(ScrollView):
    DEFAULT_CSS = "_Lines { overflow-y: scroll; height: 10; }"


class _Host(App[None]):
    def compose(self) -> ComposeResult:
        yield _Lines()


class _QuietLines(_Lines):
    @property
    def vertical_scrollbar(self) -> ScrollBar:
        return quiet_vertical_scrollbar(self)


class _TwoLists(App[None]):
    def compose(self) -> ComposeResult:
        yield _Lines(id="plain")
        yield _QuietLines(id="quiet")


def _bar_text(bar: ScrollBar) -> list[list[tuple[str, object]]]:
    return [[(segment.text, segment.style) for segment in strip]
            for strip in bar.render_lines(bar.size.region)]


async def test_the_quiet_scrollbar_draws_what_textuals_draws_and_skips_unchanged_frames() -> None:
    app = _TwoLists()
    async with app.run_test(size=(40, 24)) as pilot:
        plain, quiet = app.query_one("#plain", _Lines), app.query_one("#quiet", _QuietLines)
        for lines in (plain, quiet):
            set_virtual_size(lines, Size(40, 100_000))
        await pilot.pause()
        bar = quiet.vertical_scrollbar
        assert isinstance(bar, QuietScrollBar) and bar.parent is quiet
        assert quiet.vertical_scrollbar is bar  # made once
        drawn = 0
        original = ScrollBar.render_lines

        def counting(self, crop):  # type: ignore[no-untyped-def]
            nonlocal drawn
            drawn += self is bar
            return original(self, crop)

        ScrollBar.render_lines = counting  # type: ignore[method-assign]
        try:
            for y in (0, 1, 2, 3, 5_000, 5_001, 50_000, 99_990):
                for lines in (plain, quiet):
                    lines.scroll_to(0, y, animate=False, immediate=True)
                await pilot.pause()
                assert _bar_text(bar) == _bar_text(plain.vertical_scrollbar), y
        finally:
            ScrollBar.render_lines = original  # type: ignore[method-assign]
        # Scrolling by a row or two moves no thumb at 100,000 rows: those frames reuse
        # the lines; each move of the thumb draws them again.
        assert 0 < drawn < 8


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
            if isinstance(node, ast.Attribute) and node.attr in (
                    *PRIVATE_MEMBERS, PRIVATE_ATTRIBUTE, PRIVATE_APP_MEMBER):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} .{node.attr}")
    assert offenders == []
