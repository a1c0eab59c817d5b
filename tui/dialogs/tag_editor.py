"""The tag editor: ``a, b, -c`` adds a and b and removes c, with completion from existing tags."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.suggester import Suggester
from textual.widgets import Input, Static

from briefs.models import normalize_tag
from briefs.text import clean_line, fold
from tui.dialogs.dialog import Dialog


@dataclass
class TagEdit:
    """Tags to add and to remove, as typed."""

    add: list[str] = field(default_factory=list)
    remove: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when nothing would change."""
        return not self.add and not self.remove


def parse_tag_edit(text: str) -> TagEdit:
    """Read ``"a, b, -c"``: comma-separated tags, a leading ``-`` removes, ``+`` (optional) adds."""
    edit = TagEdit()
    for piece in text.split(","):
        piece = piece.strip()
        if not piece:
            continue
        target = edit.remove if piece.startswith("-") else edit.add
        tag = normalize_tag(piece.lstrip("+-"))
        if tag:
            target.append(tag)
    return edit


class TagSuggester(Suggester):
    """Completes the tag being typed (the part after the last comma) from known tags."""

    def __init__(self, tags: Sequence[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.tags = sorted(tags, key=fold)

    async def get_suggestion(self, value: str) -> str | None:
        """The whole input with the last tag completed, or None."""
        head, _, last = value.rpartition(",")
        stripped = last.lstrip()
        sign = stripped[:1] if stripped[:1] in "+-" else ""
        partial = stripped[len(sign):]
        if not partial:
            return None
        key = fold(partial)
        for tag in self.tags:
            if fold(tag).startswith(key) and fold(tag) != key:
                prefix = last[: len(last) - len(stripped)]
                return f"{head}{',' if head or value.startswith(',') else ''}{prefix}{sign}{tag}"
        return None


class TagEditor(Dialog[TagEdit | None]):
    """A small modal input for tag changes on one or several briefs."""

    DEFAULT_CSS = """
    TagEditor > Vertical {
        width: 70%;
        max-width: 80;
    }
    """

    BINDINGS = [  # noqa: RUF012
        ("escape", "cancel", "Cancel"),
        Binding("tab", "complete", "Complete", priority=True),
    ]

    def __init__(self, *, target: str, current: Sequence[str], known: Sequence[str]) -> None:
        super().__init__()
        self.target = clean_line(target)
        self.current = [clean_line(tag) for tag in current]
        self.known = [clean_line(tag) for tag in known]

    def compose(self) -> ComposeResult:
        """A title naming the target, the input and a hint line."""
        with Vertical():
            yield Static(f"Tags for {self.target}", markup=False, id="tag-target")
            current = ", ".join(self.current) if self.current else "(none)"
            yield Static(f"Current: {current}", markup=False, id="tag-current")
            yield Input(
                placeholder="a, b, -c   (enter applies, tab completes, escape cancels)",
                suggester=TagSuggester(self.known),
                id="tag-input",
            )
            yield Static(
                "Comma-separated; a leading - removes a tag. Tags ignore case.",
                classes="hint",
                markup=False,
            )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Apply: return the parsed edit."""
        event.stop()
        edit = parse_tag_edit(event.value)
        self.dismiss(None if edit.empty else edit)

    def action_complete(self) -> None:
        """Accept the suggested completion (tab), as shells do."""
        tag_input = self.query_one(Input)
        tag_input.action_end()
        tag_input.action_cursor_right()

    def action_cancel(self) -> None:
        """Close without changes."""
        self.dismiss(None)
