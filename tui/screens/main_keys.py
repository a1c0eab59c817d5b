"""The main screen's keys (the help screen and the README list the same ones)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

MAIN_BINDINGS: list[BindingType] = [
    Binding("slash", "search", "Search"),
    Binding("escape", "escape", "Clear", show=False),
    Binding("t", "tag", "Tag"),
    Binding("r", "toggle_read", "Read"),
    Binding("s", "toggle_star", "Star"),
    Binding("n", "next_unread", "Next unread", show=False),
    Binding("e", "edit_note", "Note"),
    Binding("d", "delete", "Delete"),
    Binding("ctrl+z", "undo", "Undo", show=False),
    Binding("space", "mark", "Mark", show=False),
    Binding("i", "import_files", "Import", show=False),
    Binding("x", "export", "Export", show=False),
    Binding("Q", "quotes", "Quotes"),
    Binding("T", "toggle_tags", "Tags"),
    Binding("h", "thread", "Thread", show=False),
    Binding("o", "open_url", "Open URL", show=False),
    Binding("c", "copy_url", "Copy URL", show=False),
    Binding("M", "mark_all", "Mark all", show=False),
    Binding("f", "full_width", "Full width", show=False),
    Binding("b", "toggle_full_text", "Full text", show=False),
    Binding("S", "cycle_sort", "Sort", show=False),
    *[Binding(str(n), f"open_related({n})", show=False) for n in range(1, 10)],
    Binding("question_mark", "help", "Keys"),
]
