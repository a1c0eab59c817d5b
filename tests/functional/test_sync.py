"""`briefs sync`: two or three homes and a bare repository on disk, no network."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefs.merge import NOTE_MERGE_MARKER
from briefs.samples import load_samples
from store import BriefStore
from store.sync import KILL_AFTER_ENV, SyncError, SyncState, sync

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _git_identity(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A fixed identity and no user or system git config, so the tests are the same anywhere."""
    for name, value in {
        "GIT_AUTHOR_NAME": "Test Author", "GIT_AUTHOR_EMAIL": "author@example.invalid",
        "GIT_COMMITTER_NAME": "Test Author", "GIT_COMMITTER_EMAIL": "author@example.invalid",
        "GIT_CONFIG_GLOBAL": str(tmp_path / "no-gitconfig"), "GIT_CONFIG_NOSYSTEM": "1",
    }.items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def remote(tmp_path: Path) -> str:
    """An empty bare repository: the shared remote."""
    path = tmp_path / "shared.git"
    subprocess.run(["git", "init", "--quiet", "--bare", "--initial-branch=main", str(path)],
                   check=True)
    return str(path)


@pytest.fixture
def homes(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Three store homes: A, B and C (laptop, desktop, colleague)."""
    return tmp_path / "a", tmp_path / "b", tmp_path / "c"


def _open(home: Path) -> BriefStore:
    return BriefStore.open(home)


def _seed(home: Path) -> list[str]:
    with _open(home) as store:
        store.upsert_many(load_samples())
        return sorted(r.id for r in store.rows())


def _snapshot(home: Path) -> dict[str, tuple[list[str], bool, str]]:
    with _open(home) as store:
        return {b.id: (sorted(b.tags), b.starred, b.note)
                for b in store.get_many([r.id for r in store.rows()])}


def load_samples_tags(brief_id: str) -> list[str]:
    return next(b.tags for b in load_samples() if b.id == brief_id)


def _brief(home: Path, brief_id: str):
    with _open(home) as store:
        return store.get(brief_id)


def test_b_receives_what_a_imported_and_tagged(homes, remote) -> None:
    a, b, _c = homes
    ids = _seed(a)
    with _open(a) as store:
        store.add_tags(ids[:3], ["shared-topic"])
        store.set_starred([ids[0]], True)
        store.set_note(ids[1], "Check the second source.")
    report = sync(a, remote)
    assert report.pushed and report.files_written == len(ids)
    report = sync(b, remote)
    assert report.imported == len(ids)
    assert _snapshot(b) == _snapshot(a)
    with _open(a) as sa, _open(b) as sb:
        for brief_id in ids:  # the content too, not only the reader's fields
            assert sb.get(brief_id).content_equals(sa.get(brief_id))
    # The remote is remembered: a plain sync later.
    assert SyncState.load(b).remote == remote
    assert sync(b).imported == 0


def test_tags_added_and_removed_on_both_sides_merge(homes, remote) -> None:
    a, b, _c = homes
    ids = _seed(a)
    target = ids[0]
    with _open(a) as store:
        store.add_tags([target], ["one", "two", "three"])
    sync(a, remote)
    sync(b, remote)
    with _open(a) as store:
        store.edit_tags([target], add=["from-a"], remove=["one"])
    with _open(b) as store:
        store.edit_tags([target], add=["from-b"], remove=["two"])
    sync(a)
    sync(b)
    sync(a)
    expected = sorted({*_brief(a, target).tags} - {"one", "two"})
    assert {"from-a", "from-b", "three"} <= set(expected)
    expected = sorted(set(load_samples_tags(target)) | {"from-a", "from-b", "three"})
    assert sorted(_brief(a, target).tags) == expected
    assert sorted(_brief(b, target).tags) == expected


def test_stars_take_the_side_that_changed_them(homes, remote) -> None:
    a, b, _c = homes
    ids = _seed(a)
    with _open(a) as store:
        store.set_starred([ids[1]], True)
    sync(a, remote)
    sync(b, remote)
    with _open(a) as store:
        store.set_starred([ids[0]], True)   # A stars one
    with _open(b) as store:
        store.set_starred([ids[1]], False)  # B unstars another
    sync(a)
    sync(b)
    sync(a)
    for home in (a, b):
        assert _brief(home, ids[0]).starred
        assert not _brief(home, ids[1]).starred


def test_a_note_edited_on_both_sides_keeps_both_texts(homes, remote) -> None:
    a, b, _c = homes
    ids = _seed(a)
    target = ids[2]
    with _open(a) as store:
        store.set_note(target, "Original note.")
    sync(a, remote)
    sync(b, remote)
    with _open(a) as store:
        store.set_note(target, "Edited on the laptop.")
    with _open(b) as store:
        store.set_note(target, "Edited on the desktop.")
    sync(a)
    report = sync(b)
    assert report.notes_kept_both == 1
    sync(a)
    notes = {_brief(home, target).note for home in (a, b)}
    assert len(notes) == 1
    note = notes.pop()
    assert "Edited on the laptop." in note and "Edited on the desktop." in note
    assert NOTE_MERGE_MARKER in note
    assert "Original note." not in note


def test_a_brief_deleted_on_one_side_and_edited_on_the_other_is_kept(homes, remote) -> None:
    a, b, _c = homes
    ids = _seed(a)
    deleted_and_edited, only_deleted = ids[0], ids[1]
    sync(a, remote)
    sync(b, remote)
    with _open(a) as store:
        store.delete([deleted_and_edited, only_deleted])
    with _open(b) as store:
        store.add_tags([deleted_and_edited], ["keep-me"])
    sync(a)
    sync(b)
    sync(a)
    for home in (a, b):
        with _open(home) as store:
            ids_now = {r.id for r in store.rows()}
            assert deleted_and_edited in ids_now
            assert only_deleted not in ids_now
            assert "keep-me" in store.get(deleted_and_edited).tags


def test_a_reimport_wins_and_keeps_the_other_sides_tags(homes, remote) -> None:
    a, b, _c = homes
    ids = _seed(a)
    sync(a, remote)
    sync(b, remote)
    with _open(a) as store:
        brief = store.get(ids[0])
    from dataclasses import replace
    with _open(a) as store:
        store.upsert_many([replace(brief, summary="A corrected summary from a re-import.")])
    with _open(b) as store:
        store.add_tags([ids[0]], ["b-tag"])
    sync(a)
    sync(b)
    sync(a)
    for home in (a, b):
        got = _brief(home, ids[0])
        assert got.summary == "A corrected summary from a re-import."
        assert "b-tag" in got.tags


def test_reading_state_is_personal_unless_shared(homes, remote, tmp_path) -> None:
    a, b, c = homes
    ids = _seed(a)
    with _open(a) as store:
        store.set_read([ids[0]], True)
    sync(a, remote)
    sync(b, remote)
    assert not _brief(b, ids[0]).read
    # A sharing pair (a second remote) passes it on.
    shared = tmp_path / "reading.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(shared)], check=True)
    sync(b, str(shared), share_reading_state=True)
    sync(c, str(shared), share_reading_state=True)
    with _open(b) as store:
        store.set_read([ids[1]], True)
    sync(b)
    sync(c)
    assert _brief(c, ids[1]).read
    assert SyncState.load(c).share_reading_state


def test_three_homes_converge(homes, remote) -> None:
    a, b, c = homes
    ids = _seed(a)
    sync(a, remote)
    sync(b, remote)
    sync(c, remote)
    for home, tag in ((a, "a"), (b, "b"), (c, "c")):
        with _open(home) as store:
            store.add_tags([ids[0]], [tag])
            store.set_note(ids[1], f"note from {tag}")
    for home in (a, b, c, a, b):
        sync(home)
    snapshots = [_snapshot(home) for home in (a, b, c)]
    assert snapshots[0] == snapshots[1] == snapshots[2]
    assert {"a", "b", "c"} <= set(snapshots[0][ids[0]][0])
    assert all(f"note from {t}" in snapshots[0][ids[1]][2] for t in "abc")


def test_two_exports_of_an_unchanged_store_are_byte_identical(homes, remote, tmp_path) -> None:
    a, _b, _c = homes
    _seed(a)
    with _open(a) as store:
        store.add_tags([store.rows()[0].id], ["z-tag", "a-tag"])
    sync(a, remote)
    first = {p.name: p.read_bytes() for p in (a / "sync/repo/briefs").iterdir()}
    # Throw the repository away: a full export from scratch gives the same bytes.
    shutil.rmtree(a / "sync")
    second_remote = tmp_path / "second.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(second_remote)], check=True)
    report = sync(a, str(second_remote))
    second = {p.name: p.read_bytes() for p in (a / "sync/repo/briefs").iterdir()}
    assert first == second
    assert report.files_written == len(first)
    # And a sync with nothing changed writes nothing.
    assert sync(a).files_written == 0
    assert b"\r\n" not in b"".join(first.values())


def test_a_one_tag_change_rewrites_one_file(homes, remote) -> None:
    a, b, _c = homes
    ids = _seed(a)
    sync(a, remote)
    sync(b, remote)
    with _open(a) as store:
        store.add_tags([ids[3]], ["just-one"])
    assert sync(a).files_written == 1
    show = subprocess.run(["git", "-C", str(a / "sync/repo"), "show", "--stat", "--format=",
                           "HEAD"], capture_output=True, text=True, check=True).stdout
    assert show.count("|") == 1
    assert sync(b).imported == 1
    # B stored it exactly as the file says: nothing to render at B's next sync.
    from store.sync.state import Exported
    assert set(Exported.load(b).fingerprints) == set(ids)


def test_missing_git_is_a_clear_error(homes, remote, monkeypatch) -> None:
    a, _b, _c = homes
    monkeypatch.setenv("PATH", "")
    with pytest.raises(SyncError, match="git is not installed"):
        sync(a, remote)


def test_without_a_remote_the_error_says_how_to_give_one(homes) -> None:
    with pytest.raises(SyncError, match="briefs sync REMOTE"):
        sync(homes[0])


def test_an_unreachable_remote_leaves_the_store_as_it_was(homes, remote, tmp_path) -> None:
    a, b, _c = homes
    ids = _seed(a)
    sync(a, remote)
    sync(b, remote)
    with _open(a) as store:
        store.add_tags([ids[0]], ["offline-change"])
    with _open(b) as store:
        store.add_tags([ids[1]], ["b-change"])
    sync(b)
    before = _snapshot(a)
    moved = tmp_path / "moved.git"
    Path(remote).rename(moved)
    with pytest.raises(SyncError, match="cannot fetch"):
        sync(a)
    assert _snapshot(a) == before
    Path(moved).rename(remote)
    sync(a)
    assert "b-change" in _brief(a, ids[1]).tags
    sync(b)
    assert "offline-change" in _brief(b, ids[0]).tags


def test_a_rejected_push_imports_nothing_and_the_next_sync_finishes(
        homes, remote, monkeypatch) -> None:
    from store.sync import engine
    from store.sync.git import Git, PushRejected

    a, b, _c = homes
    ids = _seed(a)
    sync(a, remote)
    sync(b, remote)
    with _open(b) as store:
        store.add_tags([ids[0]], ["from-b"])
    sync(b)
    with _open(a) as store:
        store.add_tags([ids[1]], ["from-a"])
    before = _snapshot(a)

    def rejected(self, commit):
        raise PushRejected("the remote changed during the sync")

    monkeypatch.setattr(Git, "push", rejected)
    with pytest.raises(SyncError, match="kept changing"):
        sync(a)
    assert _snapshot(a) == before
    monkeypatch.undo()
    assert engine.PUSH_ATTEMPTS > 1
    sync(a)
    assert "from-b" in _brief(a, ids[0]).tags
    sync(b)
    assert "from-a" in _brief(b, ids[1]).tags


KILLED_SYNC = """
import sys
from store.sync import engine, sync
engine.BATCH = 2  # several import batches, so "import-batch" stops in the middle
sync(sys.argv[1])
"""


@pytest.mark.parametrize("step", ["export", "commit", "fetch", "merge", "push",
                                  "import-batch", "import"])
def test_a_sync_killed_midway_loses_nothing_and_the_next_one_completes(
        homes, remote, step) -> None:
    a, b, _c = homes
    ids = _seed(a)
    sync(a, remote)
    sync(b, remote)
    with _open(b) as store:
        store.add_tags([ids[0]], ["from-b"])
        store.set_note(ids[2], "B's note")
        store.add_tags(ids[4:8], ["b-bulk"])
    sync(b)
    with _open(a) as store:  # acknowledged changes on A, not yet synced
        store.add_tags([ids[1]], ["from-a"])
        store.set_starred([ids[2]], True)
        store.delete([ids[3]])
    before = _snapshot(a)
    env = {**os.environ, KILL_AFTER_ENV: step, "PYTHONPATH": str(ROOT)}
    killed = subprocess.run([sys.executable, "-c", KILLED_SYNC, str(a)], env=env,
                            capture_output=True, cwd=ROOT)
    assert killed.returncode == -9, killed.stderr.decode()
    after = _snapshot(a)
    # Every acknowledged change is there; at most others' changes came in.
    assert "from-a" in after[ids[1]][0] and after[ids[2]][1] and ids[3] not in after
    if step not in ("import-batch", "import"):
        assert after == before
    if step == "import-batch":  # stopped between batches: some of B's changes are in
        arrived = ["from-b" in after[ids[0]][0], after[ids[2]][2] == "B's note",
                   *("b-bulk" in after[i][0] for i in ids[4:8])]
        assert 0 < sum(arrived) < len(arrived)
    sync(a)
    sync(b)
    final_a, final_b = _snapshot(a), _snapshot(b)
    assert final_a == final_b
    assert "from-b" in final_a[ids[0]][0]
    assert "from-a" in final_a[ids[1]][0]
    assert final_a[ids[2]][1:] == (True, "B's note")
    assert ids[3] not in final_a
    assert all("b-bulk" in final_a[i][0] for i in ids[4:8])


def test_the_command_line_syncs_remembers_and_reports(homes, remote, capsys) -> None:
    from tui.cli import main

    a, b, _c = homes
    _seed(a)
    assert main(["--home", str(a), "sync"]) == 2
    assert "briefs sync REMOTE" in capsys.readouterr().err
    assert main(["--home", str(a), "sync", remote]) == 0
    out = capsys.readouterr().out
    assert "sent 10 changed files" in out
    assert main(["--home", str(b), "sync", remote, "--share-reading-state"]) == 0
    assert "received 10 briefs" in capsys.readouterr().out
    assert main(["--home", str(b), "sync", "--status"]) == 0
    status = capsys.readouterr().out
    assert remote in status and "last synced: 20" in status and "reading state: shared" in status
    assert main(["--home", str(b), "sync"]) == 0
    assert "nothing sent; received 0 briefs" in capsys.readouterr().out


def test_a_change_made_while_a_sync_runs_is_kept_and_sent_next_time(
        homes, remote, monkeypatch) -> None:
    from store.sync import engine

    a, b, _c = homes
    ids = _seed(a)
    sync(a, remote)
    sync(b, remote)
    with _open(b) as store:
        store.add_tags([ids[0]], ["from-b"])
    sync(b)

    def meanwhile(step: str) -> None:
        if step == "merge":  # after the export, before the import: the reader tags
            with _open(a) as store:
                store.add_tags([ids[0]], ["during-sync"])
                store.add_tags([ids[5]], ["also-during"])

    monkeypatch.setattr(engine, "_checkpoint", meanwhile)
    sync(a)
    monkeypatch.undo()
    tags = _brief(a, ids[0]).tags
    assert "from-b" in tags and "during-sync" in tags
    sync(a)
    sync(b)
    assert {"from-b", "during-sync"} <= set(_brief(b, ids[0]).tags)
    assert "also-during" in _brief(b, ids[5]).tags


async def test_the_palette_sync_runs_in_a_worker_and_the_status_line_says_when(
        homes, remote) -> None:
    from tests.pilot_waits import settle, wait_until
    from tui.app import make_app
    from tui.commands import BriefsCommands
    from tui.widgets.status_line import StatusLine

    a, b, _c = homes
    ids = _seed(a)
    with _open(a) as store:
        store.add_tags([ids[0]], ["sent-by-a"])
    sync(a, remote)
    sync(b, remote)
    with _open(a) as store:
        store.add_tags([ids[1]], ["second-round"])
    sync(a)
    app = make_app(b, seed_samples=False)
    async with app.run_test() as pilot:
        await settle(pilot, app)
        assert "synced" in str(app.screen.query_one(StatusLine).render())
        before = app.last_synced
        entry = next(e for e in BriefsCommands(app.screen)._entries() if e[0] == "Sync")
        entry[2]()
        await settle(pilot, app)
        # The list reloads after the sync: wait for it.
        await wait_until(
            pilot, lambda: "second-round" in app.main_screen.state.row_by_id[ids[1]].tags,
            "the list to reload after the sync")
        assert SyncState.load(b).last_commit == SyncState.load(a).last_commit
        assert app.last_synced == SyncState.load(b).last_synced >= before


def test_a_second_sync_of_the_same_home_is_refused_while_one_runs(homes, remote) -> None:
    import filelock

    a, _b, _c = homes
    _seed(a)
    sync(a, remote)
    with filelock.FileLock(a / "sync" / ".lock"), pytest.raises(SyncError, match="another sync"):
        sync(a)


def test_an_unreadable_file_on_the_remote_is_named_and_the_rest_goes_on(
        homes, remote, tmp_path) -> None:
    a, b, _c = homes
    ids = _seed(a)
    sync(a, remote)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", "--branch", "main", remote, str(clone)],
                   check=True)
    (clone / "briefs" / "broken.md").write_text("---\ntitle: [unclosed\n---\n")
    subprocess.run(["git", "-C", str(clone), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(clone), "commit", "--quiet", "-m", "hand edit"], check=True)
    subprocess.run(["git", "-C", str(clone), "push", "--quiet", "origin", "HEAD:main"],
                   check=True)
    report = sync(b, remote)
    assert report.imported == len(ids)
    assert len(report.skipped) == 1 and "briefs/broken.md" in report.skipped[0]


def test_a_push_refused_because_someone_pushed_first_merges_again(
        homes, remote, monkeypatch) -> None:
    from store.sync import engine

    a, b, _c = homes
    ids = _seed(a)
    sync(a, remote)
    sync(b, remote)
    with _open(a) as store:
        store.add_tags([ids[0]], ["from-a"])
    with _open(b) as store:
        store.add_tags([ids[0]], ["from-b"])
    steps: list[str] = []
    real_push = engine.Git.push

    def push_after_b(self, commit):
        if not steps:  # B pushes between A's fetch and A's push: A's push is refused
            steps.append("b pushed")
            sync(b)
        real_push(self, commit)

    monkeypatch.setattr(engine.Git, "push", push_after_b)
    report = sync(a)
    monkeypatch.undo()
    assert steps == ["b pushed"] and report.pushed
    sync(b)
    for home in (a, b):
        assert {"from-a", "from-b"} <= set(_brief(home, ids[0]).tags)
    log = subprocess.run(["git", "--git-dir", remote, "log", "--format=%s", "main"],
                         capture_output=True, text=True, check=True).stdout
    assert log.count("Briefs: merge") == 1
