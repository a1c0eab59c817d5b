"""The reader's memory: briefs read ahead, their related briefs, and their laid-out text.

Plain Python used on the UI thread; :func:`prepare` is what the reader's workers
run to parse and lay out a brief before the cursor reaches it, so that showing
it costs only drawing.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tui.widgets.brief_document import PreparedBody, Ranges, layout_lines, parse_document

if TYPE_CHECKING:
    from briefs import Brief
    from store import SearchHit
    from store.search import Query

#: Briefs kept in memory (with their related briefs) so that moving shows them at once.
BRIEF_CACHE_SIZE = 64

#: What a brief is laid out for: (full text shown, the pane's text width, the query).
LayoutKey = tuple[bool, int, str]


def ranges_for(query: Query | None) -> Ranges | None:
    """What to highlight in a brief's text: the matches of ``query`` (None: nothing)."""
    if query is None:
        return None
    from store.search import match_ranges  # loaded by the search that made the query

    return lambda text: match_ranges(text, query)


def prepare(brief: Brief, key: LayoutKey, query: Query | None) -> PreparedBody:
    """Render, parse and lay out ``brief`` for ``key`` (safe to run in a worker)."""
    from briefs import render_markdown

    full_text, width, _ = key
    markdown = render_markdown(brief, full_text=full_text)
    parsed = parse_document(markdown)
    return PreparedBody(key, markdown, parsed, layout_lines(parsed, width, ranges_for(query)))


class BriefCache:
    """Recently read briefs (least recently used dropped first), by id, with what goes with them."""

    def __init__(self) -> None:
        self._briefs: OrderedDict[str, Brief] = OrderedDict()
        self._related: dict[str, list[SearchHit]] = {}
        self._prepared: dict[str, PreparedBody] = {}

    def __contains__(self, brief_id: object) -> bool:
        """True if the brief was read already."""
        return brief_id in self._briefs

    def brief(self, brief_id: str) -> Brief | None:
        """The brief if it was read already (and keep it as recently used)."""
        brief = self._briefs.get(brief_id)
        if brief is not None:
            self._briefs.move_to_end(brief_id)
        return brief

    def peek(self, brief_id: str) -> Brief | None:
        """The brief if it was read already, leaving the order as it is."""
        return self._briefs.get(brief_id)

    def prepared(self, brief_id: str, key: LayoutKey) -> PreparedBody | None:
        """The brief's laid-out text if it was laid out for ``key``."""
        prepared = self._prepared.get(brief_id)
        return prepared if prepared is not None and prepared.key == key else None

    def has_related(self, brief_id: str) -> bool:
        """True if the related briefs of ``brief_id`` are known."""
        return brief_id in self._related

    def related_of(self, brief_id: str) -> list[SearchHit]:
        """The related briefs found for ``brief_id`` (none until found)."""
        return self._related.get(brief_id, [])

    def set_related(self, brief_id: str, related: list[SearchHit]) -> None:
        """Remember the related briefs of ``brief_id``."""
        self._related[brief_id] = related

    def remember(self, briefs: dict[str, Brief],
                 prepared: dict[str, PreparedBody] | None = None) -> None:
        """Keep ``briefs`` (and their laid-out text), dropping the least recently used."""
        self._briefs.update(briefs)
        self._prepared.update(prepared or {})
        while len(self._briefs) > BRIEF_CACHE_SIZE:
            gone, _ = self._briefs.popitem(last=False)
            self._prepared.pop(gone, None)

    def forget(self, ids: Sequence[str] | None = None) -> None:
        """Drop cached briefs that changed (all of them when ``ids`` is None).

        Related lists are dropped with them: tags and imports change what is related.
        """
        self._related.clear()
        if ids is None:
            self._briefs.clear()
            self._prepared.clear()
        else:
            for brief_id in ids:
                self._briefs.pop(brief_id, None)
                self._prepared.pop(brief_id, None)
