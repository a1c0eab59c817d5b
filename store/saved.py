"""Saved searches: name -> query, in ``saved.json`` (a :class:`~store.tables.SmallTable`)."""

from __future__ import annotations

from briefs.text import clean_line, fold
from store.metafile import SAVED_VERSION
from store.shards import Doc
from store.tables import SmallTable, TableHost, checked

SAVED_FILE = "saved.json"
SAVED_TABLE = "saved_searches"


class SavedSearches:
    """The saved searches of one store; names compare case-insensitively."""

    def __init__(self, host: TableHost) -> None:
        """The saved searches of the store ``host``."""
        self.table = SmallTable(host, SAVED_VERSION, file=SAVED_FILE, table=SAVED_TABLE)

    def all(self) -> dict[str, str]:
        """Name -> query, by folded name."""
        pairs = checked(self.table.path, self.table.documents(),
                        lambda doc: (str(doc["name"]), str(doc["query"])))
        found = dict(pairs)
        return {name: found[name] for name in sorted(found, key=fold)}

    def save(self, name: str, query: str) -> None:
        """Save (or replace) a search under ``name``."""
        name, query = clean_line(name), clean_line(query)
        if not name:
            raise ValueError("a saved search needs a name")
        key = fold(name)

        def edit(docs: list[Doc]) -> None:
            docs[:] = [d for d in docs if fold(str(d.get("name"))) != key]
            docs.append({"name": name, "query": query})

        self.table.change(edit)

    def delete(self, name: str) -> bool:
        """Forget the saved search ``name``; False when there was none."""
        key = fold(clean_line(name))

        def edit(docs: list[Doc]) -> bool:
            kept = [d for d in docs if fold(str(d.get("name"))) != key]
            removed = len(kept) != len(docs)
            docs[:] = kept
            return removed

        return self.table.change(edit)
