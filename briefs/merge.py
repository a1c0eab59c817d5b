"""Three-way merge of two versions of one brief, field by field, as a reader would agree.

``merge_briefs(base, ours, theirs)`` takes the version both sides last agreed on
(``base``, None when the brief is new on both) and each side's current version
(None when that side deleted it). The rules (also in docs/sync-design.md):

* **Tags**: a tag added on either side is kept; a tag removed on either side is
  removed. Tags compare case-insensitively (:func:`~briefs.models.tag_key`).
* **Starred, read**: the side that changed the flag since ``base`` wins; if both
  changed it, they changed it to the same value (a flag has two values).
* **Note**: one side changed it: that text. Both changed it differently: both
  texts are kept, in a fixed order, with a marker line between them, so that
  no one's words are ever lost and every copy builds the same note.
* **Content** (title, summary, quotes, ...): the side that changed it (a
  re-import) wins. Both re-imported differently: the version whose Markdown
  sorts last, so every copy picks the same one.
* **Deleted on one side**: deleted if the other side left it as it was; kept,
  with the other side's edits, if the other side changed anything.

Pure: no I/O, and ``merge_briefs(b, x, y)`` and ``merge_briefs(b, y, x)`` give the
same brief up to the order of tags.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from briefs.markdown_format import write_markdown
from briefs.models import Brief, tag_key

__all__ = ["NOTE_MERGE_MARKER", "MergeOutcome", "merge_briefs"]

#: The line put between two versions of a note that were edited on both sides.
NOTE_MERGE_MARKER = "⁂ This note was edited on two copies at once; both versions are kept. ⁂"


@dataclass(frozen=True)
class MergeOutcome:
    """The merged brief (None: deleted) and what the merge had to decide."""

    brief: Brief | None
    #: Both sides edited the note differently: both texts were kept.
    notes_kept_both: bool = False
    #: Both sides changed the content differently: one version was chosen.
    content_chosen: bool = False


def merge_briefs(base: Brief | None, ours: Brief | None, theirs: Brief | None) -> MergeOutcome:
    """Merge ``ours`` and ``theirs`` from their common ``base`` (see the module docs)."""
    if ours is None and theirs is None:
        return MergeOutcome(None)
    if ours is None or theirs is None:
        survivor = ours if theirs is None else theirs
        assert survivor is not None
        if base is None or survivor != base:
            # New on one side only, or deleted on one side and edited on the other: kept.
            return MergeOutcome(survivor)
        return MergeOutcome(None)
    if ours == theirs:
        return MergeOutcome(ours)
    content, content_chosen = _merge_content(base, ours, theirs)
    note, kept_both = _merge_note(base.note if base else "", ours.note, theirs.note)
    merged = replace(
        content,
        tags=_merge_tags(base.tags if base else [], ours.tags, theirs.tags),
        starred=_merge_flag(base.starred if base else False, ours.starred, theirs.starred),
        read=_merge_flag(base.read if base else False, ours.read, theirs.read),
        note=note,
    )
    return MergeOutcome(merged, notes_kept_both=kept_both, content_chosen=content_chosen)


def _merge_content(base: Brief | None, ours: Brief, theirs: Brief) -> tuple[Brief, bool]:
    if ours.content_equals(theirs):
        return ours, False
    if base is not None and ours.content_equals(base):
        return theirs, False
    if base is not None and theirs.content_equals(base):
        return ours, False
    # Both re-imported, differently: the same choice on every copy.
    return max(ours, theirs, key=_content_key), True


def _content_key(brief: Brief) -> str:
    return write_markdown(replace(brief, tags=[], read=False, starred=False, note=""))


def _merge_tags(base: list[str], ours: list[str], theirs: list[str]) -> list[str]:
    if ours == base:
        return list(theirs)
    if theirs == base:
        return list(ours)
    base_keys = {tag_key(t) for t in base}
    ours_keys = {tag_key(t) for t in ours}
    theirs_keys = {tag_key(t) for t in theirs}
    # Ours in its order, less what theirs removed; then what theirs added.
    kept = [t for t in ours if not (tag_key(t) in base_keys and tag_key(t) not in theirs_keys)]
    added = [t for t in theirs if tag_key(t) not in ours_keys and tag_key(t) not in base_keys]
    return kept + added


def _merge_flag(base: bool, ours: bool, theirs: bool) -> bool:
    # Whichever side changed the flag since base; two changes agree (two values).
    return theirs if ours == base else ours


def _merge_note(base: str, ours: str, theirs: str) -> tuple[str, bool]:
    if ours == theirs or theirs == base:
        return ours, False
    if ours == base:
        return theirs, False
    # Both edited: keep both, in an order that does not depend on who merges.
    texts = sorted(t for t in (ours, theirs) if t)
    if len(texts) == 1:
        # Removed on one side, rewritten on the other: the words are kept.
        return texts[0], False
    return f"{texts[0]}\n\n{NOTE_MERGE_MARKER}\n\n{texts[1]}", True
