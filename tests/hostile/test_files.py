"""Broken files on import: each bad one named on stderr with a one-line reason, the rest imported.

Through the command line (``briefs import``, exit status 1 when anything failed) and
through :func:`store.import_paths` (``on_error``, ``on_progress``, the report).
"""

from __future__ import annotations

import codecs
import errno
import os
import tracemalloc
from pathlib import Path

import pytest

import store.importer as importer
from briefs.decode import MAX_ARTICLE_BYTES
from store import BriefStore, import_paths
from tests.hostile.conftest import can_read, has_controls, run_cli

GOOD = """\
Harbour talks resume in Tessaly

Date 2025-01-15. Dock workers in Tessaly returned to work on Monday, the Eastmarch Wire said.

"The agreement protects every job on the quay," said union leader Joram Lockhart.
"""


def article(title: str) -> str:
    """A small article whose first line is ``title``."""
    return GOOD.replace("Harbour talks resume in Tessaly", title)


def billion_laughs() -> str:
    """YAML front matter whose aliases expand to 9**9 strings if anyone walks them."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 9):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "---\n" + "\n".join(lines) + "\ntitle: Laughs\ntags: *a8\n---\n\n## Summary\n\nx\n"


@pytest.fixture
def drop(tmp_path: Path) -> dict[str, Path]:
    """A folder of good and broken files; name -> path of each broken one."""
    folder = tmp_path / "drop"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "bom8.txt").write_bytes(codecs.BOM_UTF8 + article("Café talks under a BOM")
                                      .encode("utf-8"))
    (folder / "u16le.txt").write_bytes(codecs.BOM_UTF16_LE + article("Little-endian Ærø talks")
                                       .encode("utf-16-le"))
    (folder / "u16be.txt").write_bytes(codecs.BOM_UTF16_BE + article("Big-endian Ærø talks")
                                       .encode("utf-16-be"))
    (folder / "ansi.txt").write_bytes(article("Naïve “quoted” café talks").encode("cp1252"))
    bad = {
        "binary": folder / "binary.txt",
        "empty": folder / "empty.txt",
        "blank": folder / "blank.txt",
        "huge": folder / "huge.txt",
        "broken link": folder / "broken.txt",
        "self loop": folder / "loop.txt",
        "folder loop": folder / "sub" / "up",
        "bad yaml": folder / "bad.md",
        "deep yaml": folder / "deep.md",
        "bad utf-16": folder / "odd16.txt",
    }
    bad["binary"].write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00 not an article")
    bad["empty"].write_bytes(b"")
    bad["blank"].write_bytes(b" \n\t\n  \r\n")
    with bad["huge"].open("wb") as handle:  # sparse: refused by its size, never read
        handle.truncate(MAX_ARTICLE_BYTES + 1)
    bad["broken link"].symlink_to(folder / "nowhere.txt")
    bad["self loop"].symlink_to(bad["self loop"])
    bad["folder loop"].symlink_to(folder, target_is_directory=True)
    bad["bad yaml"].write_text("---\ntitle: [unclosed\n---\n\n## Summary\n\nx\n", encoding="utf-8")
    bad["deep yaml"].write_text("---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\n\nx\n",
                                encoding="utf-8")
    bad["bad utf-16"].write_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8")  # a lone surrogate
    if hasattr(os, "mkfifo"):
        bad["named pipe"] = folder / "pipe.txt"
        os.mkfifo(bad["named pipe"])
    (folder / "laughs.md").write_text(billion_laughs(), encoding="utf-8")
    bad["yaml bomb"] = folder / "laughs.md"
    return bad


REASONS = {
    "binary": "binary",
    "empty": "empty",
    "blank": "empty",
    "huge": "too large",
    "broken link": "broken symbolic link",
    "self loop": "loop",
    "folder loop": "loop",
    "bad yaml": "not valid YAML",
    "deep yaml": "Markdown brief",
    "bad utf-16": "UTF-16",
    "named pipe": "not a regular file",
    "yaml bomb": "list of text",
}


def test_cli_import_names_each_bad_file_once_and_imports_the_rest(
    capsys: pytest.CaptureFixture[str], home: Path, drop: dict[str, Path]
) -> None:
    folder = drop["binary"].parent
    code, out, err = run_cli(capsys, "--home", str(home), "import", str(folder))
    assert code == 1, "something failed: exit status 1"
    assert out.strip() == f"imported 5, updated 0, unchanged 0, failed {len(drop)}"
    lines = err.strip().splitlines()
    assert "Traceback" not in err
    for name, path in drop.items():
        found = [line for line in lines if line.startswith(f"briefs: {path}: ")]
        assert len(found) == 1, f"{name}: {lines}"
        assert REASONS[name] in found[0], found[0]
    warnings = [line for line in lines if "warning" in line]
    assert warnings == [f"briefs: warning: {folder / 'ansi.txt'}: not valid UTF-8: read as "
                        "Windows-1252 (cp1252); check accented letters"]
    assert len(lines) == len(drop) + 1  # one line per bad file, one warning
    with BriefStore.open(home) as store:
        titles = {row.title for row in store.rows()}
    assert titles == {"Harbour talks resume in Tessaly", "Café talks under a BOM",
                      "Little-endian Ærø talks", "Big-endian Ærø talks",
                      "Naïve “quoted” café talks"}


def test_import_paths_reports_each_bad_file_through_on_error(
    tmp_path: Path, drop: dict[str, Path]
) -> None:
    errors: list[tuple[Path, str]] = []
    with BriefStore.open(tmp_path / "home") as store:
        report = import_paths(store, [drop["binary"].parent],
                              on_error=lambda path, reason: errors.append((path, reason)))
    assert report.imported == 5
    assert sorted(errors) == sorted(report.failed)
    assert {path for path, _ in errors} == set(drop.values())
    for _, reason in errors:
        assert reason and "\n" not in reason and len(reason) < 200
    assert [str(path.name) for path, _ in report.warnings] == ["ansi.txt"]


def test_files_named_one_by_one_are_refused_the_same_way(
    capsys: pytest.CaptureFixture[str], home: Path, drop: dict[str, Path], tmp_path: Path
) -> None:
    other = tmp_path / "notes.pdf"
    other.write_bytes(b"%PDF-1.4")
    missing = tmp_path / "missing.txt"
    named = [drop["binary"], drop["huge"], drop["broken link"], other, missing]
    code, out, err = run_cli(capsys, "--home", str(home), "import", *map(str, named))
    assert code == 1 and out.strip() == "imported 0, updated 0, unchanged 0, failed 5"
    lines = err.strip().splitlines()
    assert len(lines) == 5
    assert any(line.startswith(f"briefs: {other}: not an article file") for line in lines)
    assert any(line.startswith(f"briefs: {missing}: no such file") for line in lines)


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_an_unreadable_file_is_named_and_the_rest_imported(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    locked = folder / "locked.txt"
    locked.write_text(article("Locked talks"), encoding="utf-8")
    locked.chmod(0)
    try:
        if can_read(locked):
            pytest.skip("this user (root) can read a file whatever its mode")
        code, out, err = run_cli(capsys, "--home", str(home), "import", str(folder))
    finally:
        locked.chmod(0o644)
    assert code == 1 and out.strip() == "imported 1, updated 0, unchanged 0, failed 1"
    assert err.strip() == f"briefs: {locked}: permission denied (cannot read this file)"


def test_a_file_the_system_refuses_to_open_is_named_even_as_root(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The same refusal as chmod 000, simulated where root could read anything."""
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    locked = folder / "locked.txt"
    locked.write_text(article("Locked talks"), encoding="utf-8")
    real_open = os.open

    def deny(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if Path(os.fsdecode(path)) == locked:  # type: ignore[arg-type]
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(importer.os, "open", deny)
    code, out, err = run_cli(capsys, "--home", str(home), "import", str(folder))
    assert code == 1 and out.strip() == "imported 1, updated 0, unchanged 0, failed 1"
    assert err.strip() == f"briefs: {locked}: permission denied (cannot read this file)"


def test_a_file_name_with_a_newline_stays_on_one_line(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "evil\nbriefs: forged.txt: imported fine.txt").write_bytes(b"\x00binary")
    code, _out, err = run_cli(capsys, "--home", str(home), "import", str(folder))
    assert code == 1
    assert len(err.strip().splitlines()) == 1, err
    assert "forged.txt" in err and "binary" in err


def test_a_file_name_with_escape_sequences_reaches_stderr_without_them(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "esc\x1b[2Jape\x07.txt").write_bytes(b"\x00binary")
    code, _out, err = run_cli(capsys, "--home", str(home), "import", str(folder))
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "binary" in lines[0]
    assert not has_controls(err)


@pytest.mark.slow
def test_ten_thousand_files_import_with_progress_and_flat_memory(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    count, every_bad = 10_000, 1_000
    for i in range(count):
        data = b"\x00" if i % every_bad == 0 else b"Note %d" % i
        (folder / f"a{i:05d}.txt").write_bytes(data)
    progress: list[tuple[int, int | None]] = []
    errors: list[str] = []
    batches: list[int] = []
    with BriefStore.open(tmp_path / "home") as store:
        upsert_many = store.upsert_many

        def counting_upsert(briefs: list, **options: object) -> object:
            batches.append(len(briefs))
            return upsert_many(briefs, **options)  # type: ignore[arg-type]

        store.upsert_many = counting_upsert  # type: ignore[method-assign]
        tracemalloc.start()
        try:
            report = import_paths(
                store, [folder],
                on_progress=lambda done, total, path: progress.append((done, total)),
                on_error=lambda path, reason: errors.append(f"{path.name}: {reason}"),
            )
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert store.count() == count - count // every_bad
    assert report.imported == count - count // every_bad
    assert len(report.failed) == len(errors) == count // every_bad
    assert all("binary" in line for line in errors)
    assert progress[0] == (1, count) and progress[-1] == (count, count)
    assert [done for done, _ in progress] == list(range(1, count + 1))
    assert max(batches) <= 500 and len(batches) >= count // 500  # stored as it goes
    assert peak < 50 * 1024 * 1024, f"peak {peak / 1024 / 1024:.1f} MB"


@pytest.mark.parametrize("brief_id", ["news/2025-03", "../../etc/passwd"])
def test_a_markdown_brief_with_a_slash_in_its_id_exports_inside_the_folder(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path, brief_id: str
) -> None:
    source = tmp_path / "odd-id.md"
    source.write_text(f'---\nid: "{brief_id}"\ntitle: Harbour talks\n---\n\n## Summary\n\n'
                      "Dock workers returned.\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, "--home", str(home), "import", str(source))
    assert (code, out.strip()) == (0, "imported 1, updated 0, unchanged 0, failed 0")
    target = tmp_path / "out"
    code, out, _ = run_cli(capsys, "--home", str(home), "export", str(target))
    assert code == 0 and out.startswith("exported 1")
    written = [p for p in tmp_path.rglob("*.md") if p != source]
    assert len(written) == 1 and written[0].parent == target
