"""The reader's edits from the keyboard: the dialogs that ask, then the change in a worker.

Which briefs an edit applies to (the marked ones, else the one under the
cursor), the tag editor, the note editor and the delete confirmation live here;
:class:`~tui.controllers.changes.Changes` saves them and keeps the undo.
"""

from __future__ import annotations

from typing import Any, Protocol, cast

from tui.controllers.base import Controller
from tui.controllers.changes import Changes
from tui.controllers.reader import Reader
from tui.dialogs.confirm_dialog import ConfirmDialog
from tui.dialogs.tag_editor import TagEdit, TagEditor
from tui.store_access import host_of
from tui.widgets.brief_list import BriefList
from tui.widgets.brief_view import BriefView


class EditingScreen(Protocol):
    """What the edits need of their screen (the main screen)."""

    @property
    def brief_list(self) -> BriefList:
        """The list: its cursor and its marks choose the briefs."""
        ...

    @property
    def changes(self) -> Changes:
        """Where the changes are saved."""
        ...

    @property
    def known_tags(self) -> list[str]:
        """Every tag in the store (the tag editor completes them)."""
        ...

    @property
    def reader(self) -> Reader:
        """The reader (its automatic mark-read waits while the reader sets read by hand)."""
        ...


class Editing(Controller):
    """Tag, read, star, note and delete, for the marked briefs or the one under the cursor."""

    @property
    def _host(self) -> EditingScreen:
        return cast(EditingScreen, self.screen)

    def target_ids(self) -> list[str]:
        """The marked briefs (shown or not), else the one under the cursor."""
        marked = self._host.brief_list.marked
        if marked:
            shown = [row.id for row in self._host.brief_list.rows if row.id in marked]
            hidden = sorted(marked - set(shown))
            return shown + hidden
        current = self._host.brief_list.highlighted_id
        return [current] if current else []

    def tag(self) -> None:
        """Edit the tags of the marked briefs, or of the brief under the cursor."""
        ids = self.target_ids()
        row = self._host.brief_list.highlighted_row
        if not ids or row is None:
            return
        if len(ids) == 1:
            target, current = f"“{row.title}”", row.tags
        else:
            target, current = f"{len(ids)} marked briefs", []
        known = self._host.known_tags

        def apply(edit: TagEdit | None) -> None:
            if edit is not None:
                self._host.changes.edit_tags(ids, add=edit.add, remove=edit.remove)

        self.app.push_screen(TagEditor(target=target, current=current, known=known), apply)

    def toggle_read(self) -> None:
        """Mark the brief(s) read or unread."""
        row = self._host.brief_list.highlighted_row
        if row is None:
            return
        self._host.reader.stop_reading()
        self._host.changes.set_flag("read", self.target_ids(), not row.read)

    def toggle_star(self) -> None:
        """Star or unstar the brief(s)."""
        row = self._host.brief_list.highlighted_row
        if row is not None:
            self._host.changes.set_flag("starred", self.target_ids(), not row.starred)

    def edit_note(self) -> None:
        """Write or change the personal note on the brief (shown in the brief)."""
        brief = self.screen.query_one(BriefView).brief
        if brief is None or brief.id != self._host.brief_list.highlighted_id:
            return
        old_note = brief.note

        def save(note: str | None) -> None:
            if note is not None and note != old_note:
                self._host.changes.set_note(brief.id, old_note, note)

        from tui.dialogs.note_editor import NoteEditor  # TextArea: loaded when first used

        self.app.push_screen(NoteEditor(title=brief.title, note=old_note), save)

    def delete(self) -> None:
        """Delete the brief or the marked briefs, after a confirmation."""
        ids = self.target_ids()
        row = self._host.brief_list.highlighted_row
        if not ids or row is None:
            return
        what = f"“{row.title}”" if len(ids) == 1 else f"{len(ids)} marked briefs"

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._host.changes.delete(ids)

        self.app.push_screen(ConfirmDialog(f"Delete {what}?", confirm_label="Delete"),
                             confirmed)

    def export_shown(self) -> None:
        """Write the briefs shown in the list as Markdown files into a folder (``x``)."""
        from tui.jobs import export_job

        brief_list = self._host.brief_list
        ids = [row.id for row in brief_list.rows]
        if brief_list.partial is not None:
            self.notify("The list is still being read; export in a moment.")
        elif ids:
            cast(Any, self.screen).run_long_job(export_job(ids, host_of(self).export_folder))
        else:
            self.notify("Nothing to export.")
