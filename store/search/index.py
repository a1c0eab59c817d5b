"""SearchIndex, first version: correct and persisted, not yet fast (one TinyDB file)."""

from __future__ import annotations

import math
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from briefs.models import Brief
from briefs.text import fold
from store.errors import StoreCorruptError
from store.rows import BriefRow
from store.search import analysis
from store.search.highlight import snippet
from store.search.query import And, Filter, Not, Or, Phrase, Prefix, Query, Word
from store.search.results import SearchHit, SearchResults
from store.storage import AtomicJSONStorage

WEIGHTS = (3.0, 2.0, 1.5, 1.0)
K1, B = 1.2, 0.75


class SearchIndex:
    """The full-text index of one store (see docs/search-design.md)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._storage = AtomicJSONStorage(self.folder / "index.json")
        self._lock = threading.RLock()
        self._stat: tuple[int, int] | None = None
        self.generation = -1
        self._docs: dict[str, dict] = {}
        self._load()

    def _load(self) -> None:
        try:
            data = self._storage.read()
        except StoreCorruptError:
            data = None
        self._docs = {}
        self.generation = -1
        if data:
            meta = data.get("meta", {}).get("1", {})
            self.generation = int(meta.get("generation", -1))
            for doc in data.get("docs", {}).values():
                self._docs[doc["id"]] = doc
        self._stat = self._stat_now()

    def _stat_now(self) -> tuple[int, int] | None:
        try:
            st = self._storage.path.stat()
        except FileNotFoundError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def _save(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        docs = {str(i): doc for i, doc in enumerate(self._docs.values(), 1)}
        self._storage.write({"meta": {"1": {"generation": self.generation}}, "docs": docs})
        self._stat = self._stat_now()

    @staticmethod
    def _doc(brief: Brief) -> dict:
        fields = [[t for item in items for t in analysis.terms(item)]
                  for items in analysis.field_items(brief)]
        return {"id": brief.id, "date": brief.date.toordinal() if brief.date else 0,
                "fields": fields}

    def update(self, briefs: Sequence[Brief], generation: int) -> None:
        """Add or replace these briefs."""
        with self._lock:
            for brief in briefs:
                self._docs[brief.id] = self._doc(brief)
            self.generation = generation
            self._save()

    def remove(self, ids: Iterable[str], generation: int) -> None:
        """Drop these briefs."""
        with self._lock:
            for key in ids:
                self._docs.pop(key, None)
            self.generation = generation
            self._save()

    def rebuild(self, briefs: Iterable[Brief], generation: int) -> None:
        """Index exactly these briefs."""
        with self._lock:
            self._docs = {b.id: self._doc(b) for b in briefs}
            self.generation = generation
            self._save()

    def refresh(self) -> bool:
        """Reload when another process changed the index."""
        with self._lock:
            if self._stat_now() == self._stat:
                return False
            self._load()
            return True

    def _matches(self, node, doc, row) -> bool:  # noqa: ANN001
        if isinstance(node, And):
            return all(self._matches(c, doc, row) for c in node.children)
        if isinstance(node, Or):
            return any(self._matches(c, doc, row) for c in node.children)
        if isinstance(node, Not):
            return not self._matches(node.child, doc, row)
        if isinstance(node, Filter):
            return _filter(node, doc, row)
        seq = [t for f in ([doc["fields"][0]] if node.field == "title" else doc["fields"])
               for t in f + ["\0"]]
        if isinstance(node, Prefix):
            return any(t.startswith(node.prefix) for t in seq)
        k = len(node.terms)
        return any(tuple(seq[i:i + k]) == node.terms for i in range(len(seq) - k + 1))

    def search(
        self,
        query: Query,
        rows: Mapping[str, BriefRow],
        load: Callable[[Sequence[str]], list[Brief]],
        *,
        limit: int,
    ) -> SearchResults:
        """Run a parsed query."""
        with self._lock:
            matched = [d for d in self._docs.values() if d["id"] in rows and (
                query.root is None or self._matches(query.root, d, rows[d["id"]]))]
            nodes = query.positive_text()
            sort = query.sort or ("relevance" if nodes else "date")
            terms = {t for n in nodes if isinstance(n, Word | Phrase) for t in n.terms}
            n_docs = max(1, len(self._docs))
            avg = sum(sum(len(f) for f in d["fields"]) for d in self._docs.values()) / n_docs
            scored = []
            for d in matched:
                score = 0.0
                length = sum(len(f) for f in d["fields"])
                for term in terms:
                    df = sum(1 for o in self._docs.values() if any(term in f for f in o["fields"]))
                    tf = sum(w * f.count(term) for w, f in zip(WEIGHTS, d["fields"], strict=True))
                    if tf:
                        idf = max(1e-6, math.log((n_docs - df + 0.5) / (df + 0.5)))
                        score += idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / avg))
                scored.append((score, d["date"], d["id"]))
            if sort == "relevance":
                scored.sort(key=lambda s: (-s[0], -s[1], s[2]))
            else:
                scored.sort(key=lambda s: (-s[1], rows[s[2]].title.casefold(), s[2]))
            top = scored[:limit]
            briefs = {b.id: b for b in load([s[2] for s in top])}
            hits = []
            for score, _, key in top:
                text, ranges = snippet(briefs[key], query) if key in briefs else ("", [])
                hits.append(SearchHit(key, score, text, ranges))
            suggestions = []
            if not hits:
                for node in nodes:
                    if isinstance(node, Word):
                        suggestions += self.suggest(node.text)
            return SearchResults(hits, len(scored), None, suggestions, sort, query.terms())

    def related(self, brief: Brief, rows: Mapping[str, BriefRow], *, limit: int) -> list[SearchHit]:
        """Briefs sharing the most distinctive terms with this one."""
        with self._lock:
            mine = Counter(analysis.terms(" ".join(analysis.field_texts(brief))))
            scores = []
            for d in self._docs.values():
                if d["id"] == brief.id or d["id"] not in rows:
                    continue
                theirs = {t for f in d["fields"] for t in f}
                score = sum(1 for t in mine if t in theirs and len(t) > 3)
                if score:
                    scores.append((score, d["id"]))
            scores.sort(reverse=True)
            return [SearchHit(k, float(s), rows[k].title, []) for s, k in scores[:limit]]

    def suggest(self, word: str, limit: int = 3) -> list[str]:
        """The closest indexed words."""
        from store.search.query import edit_distance

        vocab = Counter(t for d in self._docs.values() for f in d["fields"] for t in f)
        target = fold(word)
        close = sorted((edit_distance(target, t), -n, t) for t, n in vocab.items()
                       if abs(len(t) - len(target)) <= 2 and t != target)
        return [t for dist, _, t in close if dist <= 2][:limit]


def _filter(node: Filter, doc: dict, row: BriefRow) -> bool:
    if node.name in ("after", "before", "on"):
        return bool(doc["date"]) and node.accepts_date(doc["date"])
    if node.name == "is":
        return {"read": row.read, "unread": not row.read, "starred": row.starred}[node.value]
    if node.name == "tag":
        return any(fold(t) == node.value for t in row.tags)
    values = row.sources if node.name == "source" else row.speakers
    return any(node.value in fold(v) for v in values)
