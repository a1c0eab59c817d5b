"""import_paths: folders, file kinds, encodings, and bad files reported while the rest go on."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

import briefs.extract.files as file_readers
import store.importer as importer
from briefs import brief_id_for, write_markdown
from briefs.decode import MAX_ARTICLE_BYTES
from store import BriefStore, ImportReport, import_paths
from tests.unit.test_store_support import make_brief

ARTICLE = """Harbour talks in Valdoria enter a second week

Negotiators from Eastmarch and Valdoria met again on Tuesday, the Valdoria Herald reported.

"We will keep talking until the harbour reopens," said Amara Brisco, the harbour authority's chair.
"""


def article(n: int) -> str:
    return ARTICLE.replace("second week", f"week {n}")


@pytest.fixture
def store(tmp_path: Path) -> BriefStore:
    opened = BriefStore.open(tmp_path / "home")
    yield opened
    opened.close()


def run(store: BriefStore, *paths: Path, **options: object) -> ImportReport:
    return import_paths(store, list(paths), **options)  # type: ignore[arg-type]


def one_failure(report: ImportReport) -> tuple[Path, str]:
    assert len(report.failed) == 1, report.failed
    path, reason = report.failed[0]
    assert reason and "\n" not in reason
    return path, reason


def test_a_folder_is_imported_recursively_txt_and_markdown(
    store: BriefStore, tmp_path: Path
) -> None:
    root = tmp_path / "news"
    (root / "2024" / "march").mkdir(parents=True)
    (root / "a.txt").write_text(article(1), encoding="utf-8")
    (root / "2024" / "b.TXT").write_text(article(2), encoding="utf-8")
    brief = make_brief(3, tags=["Energy"])
    (root / "2024" / "march" / "c.md").write_text(write_markdown(brief), encoding="utf-8")
    (root / "2024" / "march" / "d.markdown").write_text(
        write_markdown(make_brief(4)), encoding="utf-8"
    )
    (root / "notes.pdf").write_bytes(b"%PDF-1.4 not an article")  # skipped inside folders
    (root / ".hidden.txt").write_text(article(5), encoding="utf-8")  # hidden: skipped
    seen: list[tuple[int, int | None, str]] = []
    report = run(store, root, on_progress=lambda d, t, p: seen.append((d, t, p.name)))
    assert (report.imported, report.updated, report.unchanged, report.failed) == (4, 0, 0, [])
    # Name order, folders walked where they sort (like `find | sort`).
    assert seen == [(1, 4, "b.TXT"), (2, 4, "c.md"), (3, 4, "d.markdown"), (4, 4, "a.txt")]
    assert store.get(brief.id) == brief
    assert store.count() == 4
    txt = store.get(brief_id_for(article(1)))
    assert "week 1" in txt.title


def test_markdown_without_an_id_gets_the_id_of_its_text(store: BriefStore, tmp_path: Path) -> None:
    text = write_markdown(make_brief(0)).replace(f"id: {make_brief(0).id}\n", "")
    assert f"id: {make_brief(0).id}" not in text
    path = tmp_path / "no-id.md"
    path.write_text(text, encoding="utf-8")
    report = run(store, path)
    assert report.imported == 1, report.failed
    assert store.rows()[0].id == brief_id_for(text)


def test_a_file_named_twice_is_imported_once(store: BriefStore, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(article(1), encoding="utf-8")
    report = run(store, path, tmp_path, path)
    assert (report.imported, report.unchanged) == (1, 0)


def test_re_importing_counts_unchanged_and_updated(store: BriefStore, tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(write_markdown(make_brief(0)), encoding="utf-8")
    assert run(store, path).imported == 1
    store.add_tags([make_brief(0).id], ["kept"])
    assert run(store, path).unchanged == 1
    path.write_text(write_markdown(make_brief(0, body="A corrected body.")), encoding="utf-8")
    assert run(store, path).updated == 1
    assert store.row(make_brief(0).id).tags == ["kept"]


def test_one_bad_file_is_reported_by_name_and_the_rest_import(
    store: BriefStore, tmp_path: Path
) -> None:
    root = tmp_path / "news"
    root.mkdir()
    for n in range(5):
        (root / f"{n}.txt").write_text(article(n), encoding="utf-8")
    (root / "2-bad.txt").write_bytes(b"\x00\x01\x02binary")
    errors: list[tuple[Path, str]] = []
    report = run(store, root, on_error=lambda p, r: errors.append((p, r)))
    assert report.imported == 5
    path, reason = one_failure(report)
    assert path == root / "2-bad.txt" and "binary" in reason
    assert errors == report.failed


def test_a_bad_markdown_brief_is_reported(store: BriefStore, tmp_path: Path) -> None:
    path = tmp_path / "broken.md"
    path.write_text("---\ntitle: [unclosed\n---\n\nBody.\n", encoding="utf-8")
    report = run(store, path)
    assert one_failure(report)[0] == path
    assert report.imported == 0


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8", "not valid UTF-16"),
    ],
)
def test_undecodable_files_give_their_reason(
    store: BriefStore, tmp_path: Path, data: bytes, reason: str
) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(data)
    assert reason in one_failure(run(store, path))[1]


@pytest.mark.parametrize(
    ("data", "warned"),
    [
        (codecs.BOM_UTF8 + ARTICLE.encode("utf-8"), False),
        (codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"), False),
        (ARTICLE.replace("Tuesday", "Tuesday at the Café Brûlé").encode("cp1252"), True),
    ],
)
def test_encodings_are_decoded(
    store: BriefStore, tmp_path: Path, data: bytes, warned: bool
) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(data)
    report = run(store, path)
    assert report.imported == 1 and report.failed == []
    assert [w[0] for w in report.warnings] == ([path] if warned else [])
    assert store.rows()[0].title == "Harbour talks in Valdoria enter a second week"


def test_a_file_too_large_is_refused_before_it_is_read(
    store: BriefStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:  # sparse: no 5 MB written to disk
        handle.truncate(MAX_ARTICLE_BYTES + 1)
    monkeypatch.setattr(file_readers, "decode_article", lambda data: pytest.fail("read"))
    assert "too large" in one_failure(run(store, path))[1]


def test_an_unreadable_file_is_reported(
    store: BriefStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good, locked = tmp_path / "good.txt", tmp_path / "locked.txt"
    good.write_text(article(1), encoding="utf-8")
    locked.write_text(article(2), encoding="utf-8")
    real_open = os.open

    def refusing(path: str | os.PathLike[str], flags: int, *args: int) -> int:
        # Root reads through chmod 000, so refuse the way the OS would for a user.
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(importer.os, "open", refusing)
    report = run(store, tmp_path)
    assert report.imported == 1
    assert one_failure(report) == (locked, "permission denied (cannot read this file)")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a file whatever its mode")
def test_a_file_without_read_permission_is_reported(store: BriefStore, tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text(article(1), encoding="utf-8")
    path.chmod(0)
    assert "permission denied" in one_failure(run(store, path))[1]


def test_a_broken_symlink_is_reported(store: BriefStore, tmp_path: Path) -> None:
    root = tmp_path / "news"
    root.mkdir()
    (root / "ok.txt").write_text(article(1), encoding="utf-8")
    (root / "gone.txt").symlink_to(tmp_path / "deleted.txt")
    report = run(store, root)
    assert report.imported == 1
    path, reason = one_failure(report)
    assert path == root / "gone.txt" and reason.startswith("broken symbolic link")
    assert "broken symbolic link" in one_failure(run(store, root / "gone.txt"))[1]


def test_symlink_loops_are_reported_not_followed_forever(
    store: BriefStore, tmp_path: Path
) -> None:
    root = tmp_path / "news"
    (root / "inner").mkdir(parents=True)
    (root / "inner" / "a.txt").write_text(article(1), encoding="utf-8")
    (root / "inner" / "back").symlink_to(root)  # a folder link back up
    (root / "self.txt").symlink_to(root / "self.txt")  # a file link to itself
    report = run(store, root)
    assert report.imported == 1
    reasons = dict(report.failed)
    assert reasons[root / "self.txt"] == "symbolic link loop"
    assert "symbolic link loop" in reasons[root / "inner" / "back"]
    assert one_failure(run(store, root / "self.txt"))[1] == "symbolic link loop"


def test_named_files_of_another_kind_and_missing_paths_are_reported(
    store: BriefStore, tmp_path: Path
) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF")
    report = run(store, pdf, tmp_path / "absent.txt")
    assert report.failed == [
        (pdf, "not an article file (expected .txt, .md, .markdown, .html, .htm, .xml, "
               ".rss, .atom, .json, .eml, .mbox)"),
        (tmp_path / "absent.txt", "no such file or folder"),
    ]


def test_a_named_pipe_does_not_hang_the_import(store: BriefStore, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert one_failure(run(store, fifo))[1] == "not a regular file"


def test_imports_are_stored_in_batches(
    store: BriefStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(7):
        (tmp_path / f"{n}.txt").write_text(article(n), encoding="utf-8")
    sizes: list[int] = []
    original = BriefStore.upsert_many

    def recording(self: BriefStore, briefs: list, **options: object) -> object:
        sizes.append(len(briefs))
        return original(self, briefs, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(BriefStore, "upsert_many", recording)
    report = run(store, tmp_path, batch_size=3)
    assert report.imported == 7
    assert sizes == [3, 3, 1]  # never more than a batch of parsed briefs in memory


def test_web_pages_feeds_and_mail_are_imported_with_tags_and_excludes(
    store: BriefStore, tmp_path: Path
) -> None:
    from tests.unit.test_extract import EML, JSON_FEED, RSS, page

    root = tmp_path / "inbox"
    (root / "drafts").mkdir(parents=True)
    (root / "page.html").write_text(page(), encoding="utf-8")
    (root / "wire.rss").write_bytes(RSS)
    (root / "wire.json").write_bytes(JSON_FEED)
    (root / "letter.eml").write_bytes(EML)
    (root / "settings.json").write_text('{"theme": "dark"}', encoding="utf-8")
    (root / "README.md").write_text("# What this folder is\n\nNot an article.\n", encoding="utf-8")
    (root / "drafts" / "draft.txt").write_text(article(1), encoding="utf-8")
    report = run(store, root, tags=["inbox", "Inbox"], exclude=["drafts/*"])
    assert report.failed == []
    # one page, two RSS entries, two JSON entries, one email; README, draft and settings skipped
    assert report.imported == 6
    assert [w for p, w in report.warnings if p.name == "settings.json"]
    titles = {r.title for r in store.rows()}
    assert "River talks resume" in titles and "What this folder is" not in titles
    assert all(r.tags == ["inbox"] for r in store.rows())
    # Imported again with another tag: the same briefs, the new tag added, none doubled.
    again = run(store, root / "page.html", tags=["web"])
    assert again.unchanged == 1 and store.count() == 6
    assert {tuple(r.tags) for r in store.rows() if r.title == "River talks resume"} == {
        ("inbox", "web")}
