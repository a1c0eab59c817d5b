"""Fetching and feeds against a real HTTP server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import gzip
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Request, Response

from store import BriefStore
from store.feeds import add_feed, list_feeds, update_feeds
from store.fetch import Fetcher, FetchError, FetchLimits, fetch_pages
from tests.unit.test_extract import PARAGRAPHS, page
from tui.cli import main

FAST = FetchLimits(connect_timeout=2.0, read_timeout=0.5, total_timeout=5.0)


@pytest.fixture
def server() -> Iterator[HTTPServer]:
    """A fresh server per test, so a test may stop it."""
    srv = HTTPServer(host="127.0.0.1", port=0)
    srv.start()
    yield srv
    srv.clear()
    if srv.is_running():
        srv.stop()


@pytest.fixture
def store(home: Path) -> Iterator[BriefStore]:
    with BriefStore.open(home) as opened:
        yield opened


def article_page(n: int) -> str:
    return page(f"Story number {n} from the harbour",
                body_extra=f"<p>Story {n} closes with this line, which only it has.</p>")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- fetching -------------------------------------------------------------------------------


def test_fetch_stores_the_page_with_its_url_and_text(server: HTTPServer,
                                                     store: BriefStore) -> None:
    server.expect_request("/story").respond_with_data(article_page(1),
                                                      content_type="text/html; charset=utf-8")
    url = server.url_for("/story") + "?utm_source=x#top"
    report = fetch_pages(store, [url], limits=FAST)
    assert report.failed == [] and report.imported == 1
    brief = store.get(report.ids[0])
    assert brief.url == server.url_for("/story")
    assert PARAGRAPHS[1] in brief.body and brief.title == "Story number 1 from the harbour"


def test_the_same_article_again_updates_one_brief_and_keeps_its_state(
    server: HTTPServer, store: BriefStore
) -> None:
    server.expect_request("/story").respond_with_data(article_page(1), content_type="text/html")
    first = fetch_pages(store, [server.url_for("/story")], limits=FAST)
    brief_id = first.ids[0]
    store.add_tags([brief_id], ["mine"])
    store.set_note(brief_id, "my note")
    store.set_read([brief_id], True)
    again = fetch_pages(store, [server.url_for("/story") + "?fbclid=abc"], limits=FAST,
                        tags=["later"])
    assert again.ids == [brief_id] and again.imported == 0 and store.count() == 1
    brief = store.get(brief_id)
    assert brief.tags == ["mine", "later"] and brief.note == "my note" and brief.read


def test_redirects_are_followed_up_to_five(server: HTTPServer, store: BriefStore) -> None:
    for hop in range(5):
        server.expect_request(f"/r{hop}").respond_with_data(
            "", status=302, headers={"Location": f"/r{hop + 1}"})
    server.expect_request("/r5").respond_with_data(article_page(2), content_type="text/html")
    report = fetch_pages(store, [server.url_for("/r0")], limits=FAST)
    assert report.failed == [] and store.get(report.ids[0]).url == server.url_for("/r5")


def test_a_redirect_loop_and_a_redirect_to_another_scheme_are_named(
    server: HTTPServer, store: BriefStore
) -> None:
    server.expect_request("/loop").respond_with_data("", status=302,
                                                     headers={"Location": "/loop"})
    server.expect_request("/file").respond_with_data("", status=302,
                                                     headers={"Location": "file:///etc/passwd"})
    server.expect_request("/ok").respond_with_data(article_page(3), content_type="text/html")
    urls = [server.url_for("/loop"), server.url_for("/file"), server.url_for("/ok")]
    report = fetch_pages(store, urls, limits=FAST)
    reasons = dict(report.failed)
    assert "too many redirects" in reasons[urls[0]]
    assert "not http or https" in reasons[urls[1]]
    assert report.imported == 1  # the others went on


def test_a_non_http_scheme_is_refused_without_a_request(store: BriefStore) -> None:
    report = fetch_pages(store, ["file:///etc/passwd", "ftp://example.org/x", "javascript:1"])
    assert [reason for _, reason in report.failed] == [
        "only http and https URLs are fetched (scheme: file:)",
        "only http and https URLs are fetched (scheme: ftp:)",
        "only http and https URLs are fetched (scheme: javascript:)",
    ]


def test_a_slow_server_times_out(server: HTTPServer) -> None:
    released = threading.Event()

    def slow(request: Request) -> Response:
        released.wait(timeout=30)  # answers only once the client has given up
        return Response(article_page(4), content_type="text/html")

    server.expect_request("/slow").respond_with_handler(slow)
    started = time.monotonic()
    try:
        with Fetcher(FAST) as fetcher, pytest.raises(FetchError,
                                                     match=r"sent nothing for 0\.5 s"):
            fetcher.get(server.url_for("/slow"))
    finally:
        released.set()
    assert time.monotonic() - started < 20  # the read timeout, not the server, ended it


def test_an_oversized_body_is_cut_off(server: HTTPServer) -> None:
    limits = FetchLimits(read_timeout=5, max_bytes=1024 * 1024)
    big = b"<p>" + b"x" * (2 * 1024 * 1024) + b"</p>"
    server.expect_request("/declared").respond_with_data(big, content_type="text/html")

    def chunked(request: Request) -> Response:  # no Content-Length: counted as it streams
        return Response((big[i:i + 65536] for i in range(0, len(big), 65536)),
                        content_type="text/html")

    server.expect_request("/streamed").respond_with_handler(chunked)
    with Fetcher(limits) as fetcher:
        with pytest.raises(FetchError, match="too large"):
            fetcher.get(server.url_for("/declared"))
        with pytest.raises(FetchError, match="larger than 1 MB"):
            fetcher.get(server.url_for("/streamed"))


def test_a_gzip_bomb_is_refused(server: HTTPServer) -> None:
    bomb = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < 200 * 1024  # a small download that would inflate to 64 MB
    server.expect_request("/bomb").respond_with_data(
        bomb, content_type="text/html", headers={"Content-Encoding": "gzip"})
    server.expect_request("/gz").respond_with_data(
        gzip.compress(article_page(5).encode()), content_type="text/html",
        headers={"Content-Encoding": "gzip"})
    with Fetcher(FetchLimits(read_timeout=5)) as fetcher:
        with pytest.raises(FetchError, match="decompressed body larger than 10 MB"):
            fetcher.get(server.url_for("/bomb"))
        assert b"Story number 5" in fetcher.get(server.url_for("/gz")).content


def test_a_wrong_charset_header_is_overruled(server: HTTPServer, store: BriefStore) -> None:
    server.expect_request("/utf8").respond_with_data(
        page("Café talks in Zürich").encode("utf-8"), content_type="text/html; charset=iso-8859-1")
    server.expect_request("/cp1252").respond_with_data(
        page("Crème brûlée summit", charset="utf-8").encode("cp1252"),
        content_type="text/html; charset=windows-1252")
    report = fetch_pages(store, [server.url_for("/utf8"), server.url_for("/cp1252")], limits=FAST)
    titles = {b.title for b in store.get_many(report.ids)}
    assert titles == {"Café talks in Zürich", "Crème brûlée summit"}


def test_a_page_that_is_not_an_article_and_http_errors_are_named(
    server: HTTPServer, capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    server.expect_request("/login").respond_with_data(
        "<html><body><nav>Home</nav><form>Log in</form></body></html>", content_type="text/html")
    server.expect_request("/gone").respond_with_data("no", status=404)
    server.expect_request("/photo").respond_with_data(b"\x89PNG", content_type="image/png")
    server.expect_request("/ok").respond_with_data(article_page(6), content_type="text/html")
    urls = [server.url_for(p) for p in ("/login", "/gone", "/ok", "/photo")]
    code, out, err = run(capsys, "--home", str(home), "fetch", *urls)
    assert code == 1
    assert f"{urls[0]}: no article text found on the page" in err
    assert f"{urls[1]}: HTTP 404 NOT FOUND" in err
    assert f"{urls[3]}: not a web page (image/png)" in err
    assert "fetched 1 new" in out


# --- feeds ----------------------------------------------------------------------------------


def rss(base: str, count: int, *, title: str = "Harbour Wire") -> str:
    items = "".join(
        f"<item><title>Entry {n}</title><link>{base}/story/{n}?utm_medium=rss</link>"
        f"<guid>story-{n}</guid><description>Teaser {n}.</description>"
        f"<pubDate>Wed, 1{n} Jan 2025 08:00:00 GMT</pubDate></item>"
        for n in range(1, count + 1)
    )
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>{base}/</link>{items}</channel></rss>")


def serve_feed(server: HTTPServer, body: str, content_type: str, *, etag: str = '"v1"') -> None:
    def handler(request: Request) -> Response:
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304)
        return Response(body, content_type=content_type, headers={
            "ETag": etag, "Last-Modified": "Wed, 15 Jan 2025 08:00:00 GMT"})

    server.expect_request("/feed").respond_with_handler(handler)


def test_feed_add_update_update_offline(server: HTTPServer, capsys: pytest.CaptureFixture[str],
                                        home: Path) -> None:
    base = server.url_for("").rstrip("/")
    serve_feed(server, rss(base, 5), "application/rss+xml")
    for n in range(1, 6):
        server.expect_request(f"/story/{n}").respond_with_data(article_page(n),
                                                               content_type="text/html")
    feed_url = server.url_for("/feed")
    code, out, _ = run(capsys, "--home", str(home), "feed", "add", feed_url, "--tag", "harbour",
                       "--tag", "Wire")
    assert code == 0 and "subscribed" in out
    code, out, err = run(capsys, "--home", str(home), "feed", "update", "--json")
    assert code == 0, err
    [result] = json.loads(out)
    assert result["new"] == 5 and result["title"] == "Harbour Wire"

    served = len(server.log)
    code, out, _ = run(capsys, "--home", str(home), "feed", "update", "--json")
    assert code == 0 and json.loads(out)[0]["new"] == 0 and json.loads(out)[0]["not_modified"]
    second = server.log[served:]
    assert len(second) == 1  # only the feed, asked conditionally: no page fetched again
    assert second[0][0].headers.get("If-None-Match") == '"v1"'
    assert second[0][0].headers.get("If-Modified-Since") == "Wed, 15 Jan 2025 08:00:00 GMT"

    server.stop()  # offline: every brief still reads in full
    with BriefStore.open(home) as store:
        briefs = store.get_many([r.id for r in store.rows()])
    assert len(briefs) == 5
    for brief in briefs:
        n = int(brief.url.rsplit("/", 1)[-1])
        assert brief.title == f"Entry {n}" and brief.tags == ["harbour", "Wire"]
        assert f"Story {n} closes with this line" in brief.body and PARAGRAPHS[3] in brief.body
        assert brief.url == f"{base}/story/{n}"


def test_a_changed_feed_brings_only_unseen_entries(server: HTTPServer, store: BriefStore) -> None:
    base = server.url_for("").rstrip("/")
    for n in range(1, 4):
        server.expect_request(f"/story/{n}").respond_with_data(article_page(n),
                                                               content_type="text/html")
    serve_feed(server, rss(base, 2), "application/rss+xml", etag='"a"')
    add_feed(store, server.url_for("/feed"))
    assert update_feeds(store, limits=FAST)[0].new == 2
    server.clear()
    for n in range(1, 4):
        server.expect_request(f"/story/{n}").respond_with_data(article_page(n),
                                                               content_type="text/html")
    serve_feed(server, rss(base, 3), "application/rss+xml", etag='"b"')
    [result] = update_feeds(store, limits=FAST)
    assert result.new == 1 and store.count() == 3
    fetched = [entry[0].path for entry in server.log]
    assert fetched == ["/feed", "/story/3"]


def test_atom_and_json_feeds_with_full_content_need_no_page(server: HTTPServer,
                                                            store: BriefStore) -> None:
    body = "".join(f"&lt;p&gt;{p}&lt;/p&gt;" for p in PARAGRAPHS * 2)
    atom = ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">'
            "<title>Atom &lt;b&gt;Wire&lt;/b&gt; \x1b[2J</title>"
            '<entry><id>tag:a,2024:1</id><title>Atom entry</title>'
            '<link href="https://news.example.org/atom-1"/>'
            f'<updated>2024-05-02T00:00:00Z</updated><content type="html">{body}</content>'
            "</entry></feed>").replace("\x1b", "&#27;")
    jf = json.dumps({"version": "https://jsonfeed.org/version/1", "title": "JSON Wire",
                     "items": [{"id": "1", "url": "https://news.example.org/json-1",
                                "title": "JSON entry", "content_text":
                                "\n\n".join(PARAGRAPHS * 2)}]})
    server.expect_request("/atom").respond_with_data(atom, content_type="application/atom+xml")
    server.expect_request("/json").respond_with_data(jf, content_type="application/feed+json")
    add_feed(store, server.url_for("/atom"), tags=["atom"])
    add_feed(store, server.url_for("/json"), tags=["json"])
    results = update_feeds(store, limits=FAST)
    assert [(r.new, r.error) for r in results] == [(1, None), (1, None)]
    assert [entry[0].path for entry in server.log] == ["/atom", "/json"]
    by_title = {b.title: b for b in store.get_many([r.id for r in store.rows()])}
    assert by_title["Atom entry"].tags == ["atom"] and by_title["JSON entry"].tags == ["json"]
    assert PARAGRAPHS[2] in by_title["Atom entry"].body
    assert by_title["Atom entry"].sources[0] == "Atom <b>Wire</b>"
    assert list_feeds(store)[0].title == "Atom <b>Wire</b>"


def test_one_bad_entry_is_named_and_retried_later(server: HTTPServer, store: BriefStore) -> None:
    base = server.url_for("").rstrip("/")
    serve_feed(server, rss(base, 2), "application/rss+xml")
    server.expect_request("/story/1").respond_with_data(article_page(1), content_type="text/html")
    server.expect_request("/story/2").respond_with_data("down", status=503)
    add_feed(store, server.url_for("/feed"))
    errors: list[tuple[str, str]] = []
    [result] = update_feeds(store, limits=FAST, on_error=lambda w, r: errors.append((w, r)))
    assert result.new == 1 and len(result.failed_entries) == 1
    assert "Entry 2" in errors[0][0] and "HTTP 503" in errors[0][1]
    [seen] = list_feeds(store)[0].seen  # entry 2 is not marked seen: tried again next time
    assert seen.endswith("story-1")


def test_feed_list_and_remove(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    url = "HTTPS://News.Example.org/feed.xml?utm_source=x"
    assert run(capsys, "--home", str(home), "feed", "add", url, "--tag", "news")[0] == 0
    code, out, _ = run(capsys, "--home", str(home), "feed", "list", "--json")
    assert json.loads(out)[0]["url"] == "https://news.example.org/feed.xml"
    assert json.loads(out)[0]["tags"] == ["news"]
    code, out, err = run(capsys, "--home", str(home), "feed", "add", "file:///etc/passwd")
    assert code == 2 and "only http and https" in err
    assert run(capsys, "--home", str(home), "feed", "remove", url)[0] == 0
    code, out, _ = run(capsys, "--home", str(home), "feed", "list", "--json")
    assert json.loads(out) == []
    code, _, err = run(capsys, "--home", str(home), "feed", "remove", url)
    assert code == 2 and "not subscribed" in err
