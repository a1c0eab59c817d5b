"""One sync: export what changed → commit → fetch → merge → push → import what others changed.

The repository in ``HOME/sync/repo`` holds, on its branch, the collection as
this store last agreed with the remote. The order of the steps is what makes
a failure harmless:

1. **Export**: the briefs whose fingerprint changed since the last export are
   rendered; a file whose bytes differ is rewritten; a deleted brief's file is
   removed. Then one commit (``L``).
2. **Fetch** the shared branch (``R``) and **merge** it with ``L``: a fast-
   forward when one contains the other, else a merge commit built in a
   private index from :func:`briefs.merge.merge_briefs` for every brief both
   sides changed. Git's textual merge is never used, so there is never a
   conflict to show anyone.
3. **Push** the result (never forced). Rejected because someone pushed in the
   meantime: fetch and merge again.
4. Only now **import**: every brief the merge changed relative to ``L`` is
   merged once more, under the store's lock, with what the store holds now
   (the reader may have tagged something during the sync), and written.
5. The branch moves to the merged commit.

Until step 4 nothing in the store has changed, so a sync that fails on the
way (no network, push refused, killed) leaves the store exactly as it was,
and the next sync redoes the work from the branch and the remote.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import filelock

from briefs.markdown_format import BriefFormatError
from briefs.merge import merge_briefs
from briefs.models import Brief
from store.briefstore import BriefStore
from store.sync import exchange
from store.sync.git import Git, PushRejected, SyncError, find_git
from store.sync.state import Exported, SyncState, sync_folder

#: Set to a step name (``export``, ``commit``, ``fetch``, ``merge``, ``push``,
#: ``import-batch``, ``import``) to make the sync SIGKILL itself right after it:
#: how the tests stop a sync at a chosen point, deterministically.
KILL_AFTER_ENV = "BRIEFS_SYNC_KILL_AFTER"
#: Briefs rendered, or merged into the store, per batch (and per store lock).
BATCH = 500
#: How many times a rejected push is retried (fetch, merge, push) before giving up.
PUSH_ATTEMPTS = 4

Progress = Callable[[str], None]


@dataclass
class SyncReport:
    """What one sync did, for the command line, the app and the benchmark."""

    remote: str
    files_written: int = 0  # files this copy rewrote or removed in its commit
    pushed: bool = False
    merged: bool = False  # a merge commit joined both sides' changes
    imported: int = 0  # briefs added or changed in the store
    removed: int = 0  # briefs deleted from the store
    notes_kept_both: int = 0
    skipped: list[str] = field(default_factory=list)  # files that could not be read
    commit: str | None = None
    seconds: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        """One line for people."""
        parts = [f"sent {self.files_written} changed files" if self.pushed else "nothing sent",
                 f"received {self.imported} briefs, removed {self.removed}"]
        if self.notes_kept_both:
            parts.append(f"{self.notes_kept_both} notes edited on both sides kept both texts")
        if self.skipped:
            parts.append(f"{len(self.skipped)} unreadable files left out")
        return "; ".join(parts)


def sync(home: Path | str, remote: str | None = None, *,
         share_reading_state: bool | None = None, progress: Progress | None = None,
         store: BriefStore | None = None) -> SyncReport:
    """Sync the store in ``home`` with ``remote`` (remembered; later syncs may omit it).

    ``share_reading_state`` is remembered too (default: personal). Pass an open
    ``store`` to use it (the app's), else the store is opened and closed here.
    Raises :class:`SyncError` (a :class:`~store.errors.StoreError`) with a one-line reason.
    """
    home = Path(home).expanduser()
    executable = find_git()
    folder = sync_folder(home)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise SyncError(f"{folder}: {error.strerror or error}") from error
    lock = filelock.FileLock(folder / ".lock")
    try:
        lock.acquire(timeout=0)
    except filelock.Timeout:
        raise SyncError("another sync of this collection is running") from None
    try:
        state = SyncState.load(home)
        chosen = _normalise_remote(remote) if remote else state.remote
        if not chosen:
            raise SyncError("no remote yet: run `briefs sync REMOTE` once "
                            "(a git URL, or the path of a bare repository)")
        share = state.share_reading_state if share_reading_state is None else share_reading_state
        own = store is None
        opened = BriefStore.open(home) if store is None else store
        try:
            run = _SyncRun(home, opened, Git(folder / "repo", executable), chosen, share,
                           progress or (lambda _message: None))
            return run.run(state)
        finally:
            if own:
                opened.close()
    finally:
        lock.release()


def _normalise_remote(remote: str) -> str:
    # git runs inside the repository, so a relative path must be made absolute.
    path = Path(remote).expanduser()
    if "://" not in remote and path.exists():
        return str(path.resolve())
    return remote


def _checkpoint(step: str) -> None:
    if os.environ.get(KILL_AFTER_ENV) == step:
        os.kill(os.getpid(), signal.SIGKILL)


@contextlib.contextmanager
def _store_lock(store: BriefStore) -> Iterator[None]:
    with store.locked():
        yield


class _SyncRun:
    """The steps of one sync over one store, repository and remote."""

    def __init__(self, home: Path, store: BriefStore, git: Git, remote: str, share: bool,
                 progress: Progress) -> None:
        self.home = home
        self.store = store
        self.git = git
        self.remote = remote
        self.share = share
        self.progress = progress
        self.report = SyncReport(remote)
        self.exported: Exported | None = None
        #: Imported briefs stored exactly as the merged commit's files hold them.
        self.as_in_files: dict[str, str] = {}

    def run(self, state: SyncState) -> SyncReport:
        started = time.perf_counter()
        self.progress("preparing the repository")
        self._prepare()
        state.remote, state.share_reading_state = self.remote, self.share
        state.save(self.home)
        head = self.git.head()

        self.progress("exporting changed briefs")
        local = self._timed("export", lambda: self._export(head))
        _checkpoint("commit")
        self.progress("exchanging with the remote")
        merged = self._timed("exchange", lambda: self._exchange(local))
        if merged is not None and merged != local:
            self.progress("importing what others changed")
            imported = self._timed("import", lambda: self._import(local, merged))
            _checkpoint("import")
            self.git.reset_hard(merged)
            record = self.exported or Exported()
            for brief_id in imported:
                record.fingerprints.pop(brief_id, None)
            # Briefs the store now holds exactly as the merged files say need no
            # rendering next time; the others (changed here meanwhile) do.
            record.fingerprints.update(self.as_in_files)
            record.commit = merged
            record.share_reading_state = self.share
            record.save(self.home)
        self.report.commit = merged
        state.last_synced = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        state.last_commit = merged
        state.save(self.home)
        self.report.seconds["total"] = time.perf_counter() - started
        self.progress("synced")
        return self.report

    def _timed(self, name: str, step: Callable[[], object]) -> object:
        started = time.perf_counter()
        try:
            return step()
        finally:
            self.report.seconds[name] = time.perf_counter() - started

    # --- 0: a repository in a known state ----------------------------------

    def _prepare(self) -> None:
        self.git.init()
        self.git.set_remote(self.remote)
        git_dir = self.git.repo / ".git"
        # Only sync uses this repository, and we hold its lock: a lock file left
        # here is from a sync that was killed inside a git command.
        for stale in (*git_dir.glob("*.lock"), *git_dir.glob("refs/**/*.lock")):
            stale.unlink(missing_ok=True)
        if self.git.is_dirty():
            # A sync stopped between writing files and committing them: the branch
            # is the truth, and the export below writes the changes again.
            self.git.reset_hard(self.git.head())

    # --- 1: export and commit ------------------------------------------------

    def _export(self, head: str | None) -> str | None:
        fingerprints = self.store.fingerprints()
        record = Exported.load(self.home)
        valid = (head is not None and record.commit == head
                 and record.share_reading_state == self.share)
        known = record.fingerprints if valid else {}
        repo = self.git.repo
        changed = [i for i, fp in fingerprints.items() if known.get(i) != fp]
        if valid:
            gone = [exchange.path_of(i) for i in known if i not in fingerprints]
        else:
            expected = {exchange.path_of(i) for i in fingerprints}
            folder = repo / exchange.BRIEFS_DIR
            present = {f"{exchange.BRIEFS_DIR}/{p.name}" for p in folder.glob("*.md")}
            gone = sorted(present - expected)
        written: list[str] = []
        (repo / exchange.BRIEFS_DIR).mkdir(parents=True, exist_ok=True)
        for start in range(0, len(changed), BATCH):
            for brief in self.store.get_many(changed[start:start + BATCH]):
                path = exchange.path_of(brief.id)
                target = repo / path
                old = target.read_bytes() if target.exists() else None
                read = brief.read if self.share else exchange.read_flag_in(old, path)
                data = exchange.render(brief, read=read)
                if data != old:
                    target.write_bytes(data)
                    written.append(path)
        for path in gone:
            if (repo / path).exists():
                (repo / path).unlink()
                written.append(path)
        for name, data in exchange.FIXED_FILES.items():
            target = repo / name
            # With the first briefs only: a new, empty copy must not start a history.
            if written and (not target.exists() or target.read_bytes() != data):
                target.write_bytes(data)
                written.append(name)
        _checkpoint("export")
        self.git.stage(written)
        count = sum(1 for p in written if p.startswith(exchange.BRIEFS_DIR))
        commit = self.git.commit_staged(f"Briefs: {count} briefs changed") or head
        self.report.files_written = count
        if commit is not None:
            self.exported = Exported(commit, self.share, fingerprints)
            self.exported.save(self.home)
        return commit

    # --- 2, 3: fetch, merge, push ----------------------------------------------

    def _exchange(self, local: str | None) -> str | None:
        for _attempt in range(PUSH_ATTEMPTS):
            remote_head = self.git.fetch()
            _checkpoint("fetch")
            merged = self._merge(local, remote_head)
            _checkpoint("merge")
            if merged is None or merged == remote_head:
                return merged
            try:
                self.git.push(merged)
            except PushRejected:
                continue
            self.report.pushed = True
            _checkpoint("push")
            return merged
        raise SyncError("the remote kept changing during the sync; nothing was imported, "
                        "sync again")

    def _merge(self, local: str | None, remote: str | None) -> str | None:
        git = self.git
        if remote is None:
            return local
        if local is None or git.is_ancestor(local, remote):
            return remote
        if git.is_ancestor(remote, local):
            return local
        base = git.merge_base(local, remote)
        ours = {c.path: c for c in git.changes(base, local)}
        theirs = {c.path: c for c in git.changes(base, remote)}
        updates: dict[str, str | None] = {}
        both = []
        for path, change in theirs.items():
            mine = ours.get(path)
            if mine is None:
                updates[path] = change.new
            elif mine.new != change.new and path.startswith(exchange.BRIEFS_DIR + "/"):
                both.append((path, change.old, mine.new, change.new))
            # Both changed a file of our own (README): ours stays.
        blobs = git.read_blobs(b for _p, *ids in both for b in ids if b)
        merged_paths, merged_data = [], []
        for path, base_id, our_id, their_id in both:
            try:
                versions = [exchange.parse(blobs.get(i) if i else None, path)
                            for i in (base_id, our_id, their_id)]
            except BriefFormatError as error:
                self.report.skipped.append(str(error))
                continue  # ours stays as it is
            outcome = merge_briefs(*versions)
            self.report.notes_kept_both += outcome.notes_kept_both
            if outcome.brief is None:
                updates[path] = None
            else:
                merged_paths.append(path)
                merged_data.append(exchange.render(outcome.brief, read=outcome.brief.read))
        scratch = sync_folder(self.home) / "scratch"
        updates.update(zip(merged_paths, git.write_blobs(merged_data, scratch), strict=True))
        self.report.merged = True
        return git.merge_commit(local, remote, updates, "Briefs: merge",
                                sync_folder(self.home) / "merge.index")

    # --- 4: import ---------------------------------------------------------------

    def _import(self, local: str | None, merged: str) -> list[str]:
        """Bring the briefs the merge changed into the store; their ids."""
        git = self.git
        changes = git.changes(local, merged, prefix=exchange.BRIEFS_DIR + "/")
        blobs = git.read_blobs(b for c in changes for b in (c.old, c.new) if b)
        items: list[tuple[str, Brief | None, Brief | None]] = []
        for change in changes:
            try:
                base = exchange.parse(blobs.get(change.old) if change.old else None, change.path)
                theirs = exchange.parse(blobs.get(change.new) if change.new else None,
                                        change.path)
            except BriefFormatError as error:
                self.report.skipped.append(str(error))
                continue
            known = theirs or base
            assert known is not None
            items.append((known.id, base, theirs))
        for start in range(0, len(items), BATCH):
            self._import_batch(items[start:start + BATCH])
            self.progress(f"imported {min(start + BATCH, len(items))} of {len(items)}")
            _checkpoint("import-batch")
        return [brief_id for brief_id, _b, _t in items]

    def _import_batch(self, items: list[tuple[str, Brief | None, Brief | None]]) -> None:
        store = self.store
        with _store_lock(store):
            store.refresh()
            current = {b.id: b for b in store.get_many([i for i, _b, _t in items])}
            puts: list[Brief] = []
            deletes: list[str] = []
            same_as_file: list[str] = []
            for brief_id, base, theirs in items:
                ours = current.get(brief_id)
                result = self._merged_for_store(base, ours, theirs)
                if result is None:
                    if ours is not None:
                        deletes.append(brief_id)
                    continue
                if result != ours:
                    puts.append(result)
                if theirs is not None and self._same_in_file(result, theirs):
                    same_as_file.append(brief_id)
            if puts:
                store.restore(puts)
            if deletes:
                store.delete(deletes)
            self.as_in_files.update(store.fingerprints(same_as_file))
        self.report.imported += len(puts)
        self.report.removed += len(deletes)

    def _same_in_file(self, stored: Brief, in_file: Brief) -> bool:
        if self.share:
            return stored == in_file
        return replace(stored, read=False) == replace(in_file, read=False)

    def _merged_for_store(self, base: Brief | None, ours: Brief | None,
                          theirs: Brief | None) -> Brief | None:
        if self.share:
            return merge_briefs(base, ours, theirs).brief
        # Reading state is personal: merged without it, and ours is kept.
        outcome = merge_briefs(*(replace(b, read=False) if b else None
                                 for b in (base, ours, theirs)))
        if outcome.brief is None:
            return None
        return replace(outcome.brief, read=ours.read if ours else False)
