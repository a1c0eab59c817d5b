"""Every ``briefs`` command on a temporary store, as a user would run it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.cli import main

ARTICLE_ONE = """\
 date 2024-05-02 Ministers of Valdoria and Corvain met in Port Elsin on Tuesday to \
reopen talks on the shared river, according to the Eastmarch Wire.

"We came to listen, not to lecture," the Valdorian envoy Maren Oakhurst told reporters.

Background:

The two states suspended water talks in 2021 after a dry summer.
"""

ARTICLE_TWO = """\
Harbour strike ends in Tessaly

date 2025-01-15

Dock workers in Tessaly returned to work on Monday after a nine-day strike.

"The agreement protects every job on the quay," said union leader Joram Lockhart.
"""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    (folder / "nested").mkdir(parents=True)
    (folder / "river.txt").write_text(ARTICLE_ONE, encoding="utf-8")
    (folder / "nested" / "harbour.txt").write_text(ARTICLE_TWO, encoding="utf-8")
    return folder


def test_import_then_reimport_reports_unchanged(capsys, home: Path, articles: Path) -> None:
    code, out, _ = run(capsys, "--home", str(home), "import", str(articles))
    assert code == 0
    assert out.strip() == "imported 2, updated 0, unchanged 0, failed 0"
    code, out, _ = run(capsys, "--home", str(home), "import", str(articles))
    assert out.strip() == "imported 0, updated 0, unchanged 2, failed 0"


def test_import_reports_a_bad_file_and_imports_the_rest(capsys, home: Path, articles: Path) -> None:
    (articles / "broken.txt").write_bytes(b"\x00\x01\x02binary\x00")
    code, out, err = run(capsys, "--home", str(home), "import", str(articles))
    assert code == 1
    assert out.strip() == "imported 2, updated 0, unchanged 0, failed 1"
    assert "broken.txt" in err


def test_list_json_has_the_brief_shape(capsys, home: Path, articles: Path) -> None:
    run(capsys, "--home", str(home), "import", str(articles))
    code, out, _ = run(capsys, "--home", str(home), "list", "--json")
    assert code == 0
    data = json.loads(out)
    assert [b["date"] for b in data] == ["2025-01-15", "2024-05-02"]
    expected_keys = {"id", "title", "date", "summary", "quotes", "background", "sections",
                     "sources", "caption", "tags", "read", "starred", "note", "url"}
    assert expected_keys <= set(data[0])
    assert set(data[0]["quotes"][0]) == {"text", "speaker", "speaker_mention", "cue"}


def test_list_plain_and_by_tag(capsys, home: Path, articles: Path) -> None:
    run(capsys, "--home", str(home), "import", str(articles))
    code, out, _ = run(capsys, "--home", str(home), "list")
    assert code == 0 and len(out.strip().splitlines()) == 2
    brief_id = out.split()[0]
    run(capsys, "--home", str(home), "tag", brief_id, "+harbour")
    code, out, _ = run(capsys, "--home", str(home), "list", "--tag", "Harbour")
    assert len(out.strip().splitlines()) == 1 and brief_id in out


def test_show_by_prefix_in_three_formats(capsys, home: Path, articles: Path) -> None:
    run(capsys, "--home", str(home), "import", str(articles))
    _, out, _ = run(capsys, "--home", str(home), "list", "--json")
    brief_id = next(b["id"] for b in json.loads(out) if b["date"] == "2025-01-15")
    code, out, _ = run(capsys, "--home", str(home), "show", brief_id[:6])
    assert code == 0 and out.startswith("# ") and "Joram Lockhart" in out
    code, out, _ = run(capsys, "--home", str(home), "show", brief_id, "--json")
    assert json.loads(out)["id"] == brief_id
    code, out, _ = run(capsys, "--home", str(home), "show", brief_id, "--markdown")
    assert out.startswith("---\n") and f"id: {brief_id}" in out


def test_show_unknown_id_is_a_clear_error(capsys, home: Path, articles: Path) -> None:
    run(capsys, "--home", str(home), "import", str(articles))
    code, out, err = run(capsys, "--home", str(home), "show", "ffffffffffff")
    assert code == 2 and out == "" and "no brief" in err


def test_parse_json_does_not_store(capsys, home: Path, articles: Path) -> None:
    code, out, _ = run(capsys, "--home", str(home), "parse", str(articles / "river.txt"), "--json")
    assert code == 0
    [data] = json.loads(out)  # always a list, one brief per article
    assert data["date"] == "2024-05-02"
    assert data["quotes"][0]["text"].startswith("We came to listen")
    code, out, _ = run(capsys, "--home", str(home), "list", "--json")
    assert code == 2 and out == "" and not home.exists()  # no store was made (issue 14.9)


def test_search_json_adds_score_and_snippet(capsys, home: Path, articles: Path) -> None:
    run(capsys, "--home", str(home), "import", str(articles))
    code, out, _ = run(capsys, "--home", str(home), "search", "river", "--json")
    assert code == 0
    hits = json.loads(out)
    assert len(hits) == 1 and hits[0]["date"] == "2024-05-02"
    assert "score" in hits[0] and "snippet" in hits[0]
    code, out, _ = run(capsys, "--home", str(home), "search", "dock", "workers", "--limit", "5")
    assert code == 0 and "Harbour strike" in out


def test_search_bad_query_is_a_short_message(capsys, home: Path, articles: Path) -> None:
    run(capsys, "--home", str(home), "import", str(articles))
    code, _out, err = run(capsys, "--home", str(home), "search", '"unclosed')
    assert code == 2 and "Traceback" not in err and "quote" in err


def test_saved_searches(capsys, home: Path, articles: Path) -> None:
    run(capsys, "--home", str(home), "import", str(articles))
    code, out, _ = run(capsys, "--home", str(home), "search", "--save", "strikes", "strike")
    assert code == 0 and "saved search" in out
    code, out, _ = run(capsys, "--home", str(home), "search", "--saved")
    assert "strikes\tstrike" in out


def test_tag_adds_and_removes(capsys, home: Path, articles: Path) -> None:
    run(capsys, "--home", str(home), "import", str(articles))
    _, out, _ = run(capsys, "--home", str(home), "list")
    brief_id = out.split()[0]
    code, out, _ = run(capsys, "--home", str(home), "tag", brief_id, "+water", "+talks", "tessaly")
    assert code == 0 and "water" in out and "talks" in out and "tessaly" in out
    code, out, _ = run(capsys, "--home", str(home), "tag", brief_id, "-talks")
    assert code == 0 and "talks" not in out and "water" in out


def test_export_then_import_elsewhere_round_trips(capsys, home: Path, articles: Path,
                                                  tmp_path: Path) -> None:
    run(capsys, "--home", str(home), "import", str(articles))
    _, out, _ = run(capsys, "--home", str(home), "list")
    run(capsys, "--home", str(home), "tag", out.split()[0], "+kept")
    target = tmp_path / "export"
    code, out, _ = run(capsys, "--home", str(home), "export", str(target))
    assert code == 0 and out.startswith("exported 2")
    assert len(list(target.glob("*.md"))) == 2
    other = tmp_path / "other-home"
    code, out, _ = run(capsys, "--home", str(other), "import", str(target))
    assert out.strip() == "imported 2, updated 0, unchanged 0, failed 0"
    _, first, _ = run(capsys, "--home", str(home), "list", "--json")
    _, second, _ = run(capsys, "--home", str(other), "list", "--json")
    assert json.loads(first) == json.loads(second)


def test_doctor_and_reindex(capsys, home: Path, articles: Path) -> None:
    run(capsys, "--home", str(home), "import", str(articles))
    code, out, _ = run(capsys, "--home", str(home), "reindex")
    assert code == 0 and out.strip() == "reindexed 2 briefs"
    code, out, _ = run(capsys, "--home", str(home), "doctor")
    assert code == 0 and out.strip()


def test_brief_home_from_environment(capsys, monkeypatch, tmp_path: Path, articles: Path) -> None:
    env_home = tmp_path / "env-home"
    monkeypatch.setenv("BRIEFS_HOME", str(env_home))
    code, _out, _ = run(capsys, "import", str(articles))
    assert code == 0 and env_home.is_dir()


def test_parse_json_is_a_list_in_argument_order_for_every_kind(
    capsys, home: Path, articles: Path, tmp_path: Path
) -> None:
    from briefs import parse_article, write_markdown
    from tests.unit.test_extract import EML, RSS, page

    (tmp_path / "page.htm").write_text(page(), encoding="utf-8")
    (tmp_path / "wire.xml").write_bytes(RSS)
    (tmp_path / "letter.eml").write_bytes(EML)
    (tmp_path / "brief.md").write_text(write_markdown(parse_article(ARTICLE_TWO)),
                                       encoding="utf-8")
    (tmp_path / "shell.html").write_text("<html><body><nav>Home</nav></body></html>")
    names = ["page.htm", "wire.xml", "shell.html", "letter.eml", "brief.md"]
    code, out, err = run(capsys, "--home", str(home), "parse",
                         *(str(tmp_path / n) for n in names), "--json")
    assert code == 1 and "shell.html: no article text found" in err
    data = json.loads(out)
    assert [d and d["title"] for d in data] == [
        "River talks resume", "Harbour strike ends <script>x</script>", "Teaser only", None,
        "River talks <b>resume</b>", "Harbour strike ends in Tessaly",
    ]
