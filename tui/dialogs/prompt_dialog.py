"""A one-line prompt (a name, or paths with completion of what exists on disk)."""

from __future__ import annotations

import os
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.suggester import Suggester
from textual.widgets import Input, Static

from briefs.text import strip_controls
from tui.dialogs.dialog import Dialog


class PathSuggester(Suggester):
    """Completes the last path typed from what exists on disk."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        """The input with its last path completed, or None."""
        head, sep, last = value.rpartition(" ")
        expanded = os.path.expanduser(last)
        folder, _, partial = expanded.rpartition("/")
        try:
            names = sorted(os.listdir(folder or "."))
        except OSError:
            return None
        for name in names:
            if name.startswith(partial) and name != partial and not name.startswith("."):
                completed = last[: len(last) - len(partial)] + name
                if os.path.isdir(os.path.join(folder or ".", name)):
                    completed += "/"
                return f"{head}{sep}{completed}"
        return None


class PromptDialog(Dialog[str | None]):
    """A one-line prompt; dismisses with the text typed (stripped), or None on escape."""


    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("tab", "complete", "Complete", priority=True),
    ]

    def __init__(self, *, title: str, hint: str, value: str = "",
                 complete_paths: bool = False) -> None:
        super().__init__()
        self.prompt_title = strip_controls(title)
        self.hint = strip_controls(hint)
        self.value = value
        self.complete_paths = complete_paths

    def compose(self) -> ComposeResult:
        """Title, input, hint."""
        with Vertical():
            yield Static(self.prompt_title, markup=False)
            suggester = PathSuggester() if self.complete_paths else None
            yield Input(value=self.value, suggester=suggester, id="prompt")
            yield Static(self.hint, classes="hint", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Return what was typed."""
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_complete(self) -> None:
        """Accept the suggested completion."""
        prompt = self.query_one(Input)
        prompt.action_end()
        prompt.action_cursor_right()

    def action_cancel(self) -> None:
        """Do nothing."""
        self.dismiss(None)
