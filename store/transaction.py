"""One store operation's changes: computed aside, written in crash-safe order, then applied.

Shard tables are copied before being changed, so nothing in memory changes
unless every file was written and the commit succeeded. The caller holds the
store's lock (see ``docs/store-design.md``, "Transactions and crash safety").
"""

from __future__ import annotations

from typing import Any

from briefs.models import Brief
from briefs.text import clean_line
from store.catalog import CatalogChange, row_catalog_doc, with_state
from store.engine import Engine
from store.metafile import bump_versions
from store.reports import UpsertReport
from store.rows import BriefRow
from store.shards import (
    CATALOG,
    CONTENT,
    QUOTES,
    STATE,
    Doc,
    ShardKind,
    Table,
    brief_from_docs,
    content_digest,
    content_doc,
    quotes_doc,
    state_doc,
    state_of_brief,
)


class Transaction:
    """The changes of one store operation on ``engine`` (its lock held by the caller)."""

    def __init__(self, engine: Engine) -> None:
        """An empty change on top of what ``engine`` has loaded."""
        self.engine = engine
        self.catalog = engine.catalog
        self.rows: dict[str, BriefRow | None] = {}
        self.serials: dict[str, int | None] = {}
        self.digests: dict[str, str] = {}
        self.content: dict[int, Table] = {}
        self.quotes: dict[int, Table] = {}
        self.state: dict[int, Table] = {}
        self.members: dict[int, dict[int, str]] = {}
        self.segments: set[int] = set()
        self.next_serial: int = engine.meta.record["next_serial"]
        self.new_serials = 0
        self.indexed: dict[str, Brief] = {}
        self.unindexed: list[str] = []
        self.fresh: set[str] = set()  # briefs new to the store: nothing to delete in the index
        self.spellings: dict[str, str] = {}

    # --- views of the store with this transaction's changes on top ---------------

    def serial_of(self, brief_id: str) -> int | None:
        """The serial of ``brief_id`` (None: not stored, or removed here)."""
        if brief_id in self.serials:
            return self.serials[brief_id]
        return self.catalog.serial_of(brief_id)

    def digest_of(self, brief_id: str) -> str | None:
        """The content digest of ``brief_id``."""
        return self.digests.get(brief_id) or self.catalog.digest_of(brief_id)

    def row_of(self, brief_id: str) -> BriefRow | None:
        """The listing row of ``brief_id``."""
        if brief_id in self.rows:
            return self.rows[brief_id]
        return self.catalog.row(brief_id)

    def state_of(self, serial: int) -> Doc | None:
        """The reading state stored under ``serial``."""
        return self._state_table(STATE.shard_of(serial)).get(str(serial))

    def spelling(self, tag: str) -> str:
        """The spelling this tag already has in the store, else its own."""
        key = self.catalog.tag_key(tag)
        if key not in self.spellings:
            self.spellings[key] = self.catalog.usual_spelling(key) or tag
        return self.spellings[key]

    def canonical_state(self, brief: Brief) -> Doc | None:
        """The state document of ``brief``, its tags spelled as the store spells them."""
        tags = [self.spelling(t) for t in brief.tags]
        return state_doc(tags, brief.read, brief.starred, brief.note)

    def _content_table(self, shard: int) -> Table:
        if shard not in self.content:
            versions = self.engine.meta.record["versions"]
            self.content[shard] = dict(self.engine.shards.content(shard, versions))
        return self.content[shard]

    def _quotes_table(self, segment: int) -> Table:
        if segment not in self.quotes:
            versions = self.engine.meta.record["versions"]
            self.quotes[segment] = dict(self.engine.shards.quotes(segment, versions))
        return self.quotes[segment]

    def _state_table(self, segment: int) -> Table:
        if segment in self.state:
            return self.state[segment]
        return self.catalog.state_table(segment)  # type: ignore[return-value]

    def _state_table_for_write(self, segment: int) -> Table:
        if segment not in self.state:
            self.state[segment] = dict(self.catalog.state_table(segment))
        return self.state[segment]

    def _members(self, segment: int) -> dict[int, str]:
        if segment not in self.members:
            self.members[segment] = dict(self.catalog.members(segment))
        return self.members[segment]

    # --- changes -------------------------------------------------------------------

    def put(
        self, brief: Brief, doc: Doc, digest: str, state: Doc | None, *, keep_state: bool
    ) -> None:
        """Write a brief's content (new or changed); keep or replace its reading state."""
        serial = self.serial_of(brief.id)
        if serial is None:
            self.fresh.add(brief.id)
            if not self.new_serials:
                # meta.json's counter may have been lowered by hand: never hand
                # out a serial in use (it would overwrite a live brief).
                self.next_serial = max(self.next_serial, self.catalog.highest_serial() + 1)
            serial = self.next_serial
            self.next_serial += 1
            self.new_serials += 1
        segment = CATALOG.shard_of(serial)
        self._content_table(CONTENT.shard_of(serial))[str(serial)] = doc
        self._members(segment)[serial] = brief.id
        self.segments.add(segment)
        quote_doc = quotes_doc(brief)
        quotes = self._quotes_table(segment)
        if quote_doc:
            quotes[str(serial)] = quote_doc
        else:
            quotes.pop(str(serial), None)
        self.serials[brief.id] = serial
        self.digests[brief.id] = digest
        if keep_state:
            state = self.state_of(serial)
        elif state != self.state_of(serial):
            self._write_state(serial, state)
        self.rows[brief.id] = with_state(BriefRow.from_brief(brief), state)
        # The index gets the brief as the store now holds it, reading state included.
        if state != state_of_brief(brief):
            brief = brief_from_docs(doc, state)
        self.indexed[brief.id] = brief

    def set_state(self, brief_id: str, state: Doc | None) -> None:
        """Replace a known brief's reading state."""
        serial = self.serial_of(brief_id)
        row = self.row_of(brief_id)
        assert serial is not None and row is not None
        if self.state_of(serial) == state:
            return
        self._write_state(serial, state)
        self.rows[brief_id] = with_state(row, state)

    def update_state(self, brief_id: str, **changes: Any) -> None:
        """Change some fields of a known brief's reading state."""
        serial = self.serial_of(brief_id)
        assert serial is not None
        current = self.state_of(serial) or {}
        fields = {
            "tags": list(current.get("tags") or []),
            "read": bool(current.get("read")),
            "starred": bool(current.get("starred")),
            "note": current.get("note") or "",
        }
        fields.update(changes)
        for tag in fields["tags"]:
            self.spellings.setdefault(self.catalog.tag_key(tag), tag)
        self.set_state(brief_id, state_doc(**fields))

    def _write_state(self, serial: int, state: Doc | None) -> None:
        table = self._state_table_for_write(STATE.shard_of(serial))
        if state is None:
            table.pop(str(serial), None)
        else:
            table[str(serial)] = state
            for tag in state["tags"]:
                self.spellings.setdefault(self.catalog.tag_key(tag), tag)

    def remove(self, brief_id: str) -> None:
        """Delete a brief: content, row, quotes and reading state."""
        serial = self.serial_of(brief_id)
        if serial is None:
            return
        segment = CATALOG.shard_of(serial)
        self._content_table(CONTENT.shard_of(serial)).pop(str(serial), None)
        self._members(segment).pop(serial, None)
        self.segments.add(segment)
        quotes = self._quotes_table(segment)
        if str(serial) in quotes:
            del quotes[str(serial)]
        if self.state_of(serial) is not None:
            self._write_state(serial, None)
        self.serials[brief_id] = None
        self.rows[brief_id] = None
        self.indexed.pop(brief_id, None)
        self.unindexed.append(brief_id)

    # --- writing -------------------------------------------------------------------

    def commit(self) -> None:
        """Write the changed files so that the change is wholly in or out, commit, apply.

        A change of one state file (a tag, a flag, a note) writes it, then the
        commit. Any larger change (an import batch, a delete, a bulk edit) is
        staged first: every file's next version is written beside it, then the
        intent listing them goes into ``meta.json``, then they are renamed into
        place, then the commit. Dying before the intent leaves the store as it
        was; after it, the next lock finishes the renames (:mod:`store.repair`).
        """
        if not (self.content or self.state or self.segments):
            return
        engine = self.engine
        meta = engine.meta.record
        content_changed = bool(self.content)
        generation = meta["generation"] + (1 if content_changed else 0)
        undo = None if engine.index is None else engine.index.restate(  # see its docstring
            [(self.catalog.row(k), row) for k, row in self.rows.items()
             if row is not None and k not in self.indexed])
        files = self._files()
        staged = content_changed or len(files) > 1
        try:
            if staged:
                self._write_staged(files, generation)
            else:
                engine.shards.write(*files[0])
        except BaseException:
            undo()
            raise
        versions = bump_versions(meta, {
            "content": self.content, "quotes": self.quotes, "catalog": self.segments,
            "state": self.state,
        })
        committed = {**meta, "seq": meta["seq"] + 1, "generation": generation, "pending": None,
                     "next_serial": self.next_serial, "versions": versions}
        # A staged change's commit must be durable (it ends the pending intent);
        # a one-file state change's data is durable in its state file.
        engine.meta.write(committed, durable=staged)
        try:
            self.catalog.apply(CatalogChange(
                self.serials, self.digests, self.rows, self.members, self.state
            ))
            engine.shards.written(self.content, self.quotes)
            if content_changed and engine.index is not None:
                # During an import the index commits once at its end (store.search.writing).
                defer = engine.importing > 0
                if self.unindexed:
                    engine.index.remove(self.unindexed, generation, defer=defer)
                if self.indexed:
                    engine.index.update(list(self.indexed.values()), generation, defer=defer,
                                       new=self.fresh)
        except BaseException:
            # Memory (or the index) may be half updated: reload at the next lock.
            engine.needs_reload = True
            raise

    def _files(self) -> list[tuple[ShardKind, int, Table]]:
        """Every file this change writes, content first."""
        return [
            *((CONTENT, shard, table) for shard, table in self.content.items()),
            *((QUOTES, segment, table) for segment, table in self.quotes.items()),
            *((CATALOG, segment, self._catalog_table(segment)) for segment in self.segments),
            *((STATE, segment, table) for segment, table in self.state.items()),
        ]

    def _write_staged(self, files: list[tuple[ShardKind, int, Table]], generation: int) -> None:
        engine = self.engine
        names: list[str] = []
        try:
            for kind, shard, table in files:
                names.append(engine.shards.stage(kind, shard, table))
            engine.shards.sync_staged(names)  # every staged file durable before the intent
            engine.meta.write({**engine.meta.record, "pending": {
                "generation": generation,
                "segments": sorted(self.segments | set(self.quotes) | set(self.state)),
                "next_serial": self.next_serial,
                "staged": names,
            }}, adopt=False)
        except BaseException:
            # Nothing is listed yet (or the intent may be, with nothing published:
            # repair then keeps the old files): the store is as it was.
            engine.shards.discard(names)
            raise
        try:
            engine.shards.publish(names)
        except BaseException:
            # Half renamed: the next lock finishes the renames from the intent.
            engine.needs_reload = True
            raise

    def _catalog_table(self, segment: int) -> Table:
        table: Table = {}
        for serial, brief_id in self._members(segment).items():
            row = self.row_of(brief_id)
            digest = self.digest_of(brief_id)
            assert row is not None and digest is not None
            table[str(serial)] = row_catalog_doc(row, digest)
        return table


def apply_batch(engine: Engine, batch: list[Brief], *, restore: bool) -> UpsertReport:
    """Write one batch of briefs in one transaction (the store's lock held).

    A new brief is added with its own state. A re-imported brief whose content
    changed is updated and keeps the reader's tags, flags and note (unless
    ``restore``: an undo puts the old state back). Identical content is
    "unchanged" and writes nothing, unless the brief carries state of its own
    that differs (a Markdown brief's front matter): then the file's state wins.
    """
    report = UpsertReport()
    tx = Transaction(engine)
    for brief in batch:
        if not isinstance(brief, Brief):
            raise TypeError(f"expected a Brief, got {type(brief).__name__}")
        if not brief.id or clean_line(brief.id) != brief.id:
            # Checked for the whole batch before anything is written.
            raise ValueError(f"brief {brief.title!r} has no id" if not clean_line(brief.id)
                             else f"brief {brief.title!r} has an unusable id {brief.id!r}")
        doc = content_doc(brief)
        digest = content_digest(doc)
        known = tx.serial_of(brief.id) is not None
        state = tx.canonical_state(brief)
        # A known brief whose article changed keeps the reader's state, unless
        # this is an undo. One whose article is unchanged but which carries
        # other state of its own (a Markdown brief's front matter: a restore from
        # an export) gets the file's state.
        keep_state = known and not restore
        if known and tx.digest_of(brief.id) == digest:
            serial = tx.serial_of(brief.id)
            assert serial is not None
            if (restore or state is not None) and tx.state_of(serial) != state:
                tx.set_state(brief.id, state)
                report.updated.append(brief.id)
            else:
                report.unchanged.append(brief.id)
            continue
        (report.updated if known else report.imported).append(brief.id)
        tx.put(brief, doc, digest, None if keep_state else state, keep_state=keep_state)
    tx.commit()
    return report
