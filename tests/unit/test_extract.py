"""briefs.extract: web pages, feeds, email and URLs, as pure functions over bytes."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from briefs.extract.email import parse_email, parse_mbox
from briefs.extract.feed import NotAFeedError, parse_feed
from briefs.extract.files import FileRefused, briefs_from_file
from briefs.extract.html import NotAnArticleError, decode_html, extract_html
from briefs.extract.urls import canonical_url

PARAGRAPHS = [
    "Ministers of Valdoria and Corvain met in Port Elsin on Tuesday to reopen talks on the "
    "shared river, the first meeting of its kind since the drought of 2021 ended the last round.",
    "\u201cWe came to listen, not to lecture,\u201d the Valdorian envoy Maren Oakhurst told "
    "reporters outside the harbour hall, where the delegations had met for six hours.",
    "The two states suspended water talks in 2021 after a dry summer left the lower river "
    "too shallow for barges, and farmers on both banks blamed the other side for the loss.",
    "Officials said a second session would follow in the spring, once engineers from both "
    "countries had measured the flow at the three gauging stations along the border.",
]


def page(title: str = "River talks resume", *, charset: str = "utf-8",
         extra_head: str = "", body_extra: str = "") -> str:
    paras = "\n".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"""<!DOCTYPE html><html><head><meta charset="{charset}">
<title>{title}</title>
<meta property="og:site_name" content="Eastmarch Wire">
<meta name="author" content="Ida Fenwick">
<meta property="article:published_time" content="2024-05-02T09:00:00Z">
<link rel="canonical" href="https://news.example.org/river-talks?utm_source=feed">
{extra_head}</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>{title}</h1>{paras}{body_extra}</article>
<footer>Copyright Eastmarch Wire. All rights reserved.</footer>
</body></html>"""


def test_a_page_gives_its_text_in_paragraphs_and_its_own_metadata() -> None:
    found = extract_html(page().encode("utf-8"))
    assert found.text.split("\n\n")[:1] == [PARAGRAPHS[0]]
    assert all(p in found.text for p in PARAGRAPHS)
    assert "Copyright" not in found.text and "Home" not in found.text
    assert found.title == "River talks resume"
    assert found.sitename == "Eastmarch Wire"
    assert found.author == "Ida Fenwick"
    assert found.date == dt.date(2024, 5, 2)


def test_a_page_brief_keeps_the_pages_metadata_and_quotes() -> None:
    [brief] = briefs_from_file(".html", page().encode("utf-8")).briefs
    assert brief.title == "River talks resume"
    assert brief.date == dt.date(2024, 5, 2)
    assert brief.sources[0] == "Eastmarch Wire"
    assert brief.url == "https://news.example.org/river-talks"
    assert brief.quotes and brief.quotes[0].text.startswith("We came to listen")
    assert brief.quotes[0].speaker == "Maren Oakhurst"


def test_a_wrong_declared_charset_is_overruled_by_valid_utf8() -> None:
    data = page("Café talks in Zürich", charset="iso-8859-1").encode("utf-8")
    text, warnings = decode_html(data)
    assert "Café talks in Zürich" in text and warnings == []
    assert extract_html(data).title == "Café talks in Zürich"


def test_a_declared_legacy_charset_is_used_when_the_bytes_fit_it() -> None:
    data = page("Сочи: переговоры", charset="windows-1251").encode("windows-1251")
    assert extract_html(data).title == "Сочи: переговоры"
    latin = page("Café crème", charset="iso-8859-1").encode("cp1252")  # as browsers read it
    assert extract_html(latin).title == "Café crème"
    assert "\u201cWe came" in extract_html(latin).text


def test_a_page_declared_utf8_that_is_not_is_read_as_windows_1252_with_a_warning() -> None:
    data = page("Café crème", charset="utf-8").encode("cp1252")
    text, warnings = decode_html(data)
    assert "Café crème" in text and warnings


def test_a_page_that_is_not_an_article_is_refused() -> None:
    shell = b"<html><head><title>Log in</title></head><body><nav>Home</nav></body></html>"
    with pytest.raises(NotAnArticleError):
        extract_html(shell)
    with pytest.raises(FileRefused, match="no article text"):
        briefs_from_file(".html", shell)


def test_script_and_style_never_reach_the_text_and_titles_stay_literal() -> None:
    hostile = "&lt;b&gt;Vote&lt;/b&gt; [red]now[/] \x1b[31m"
    data = page(hostile, extra_head="<style>p{color:red} .secret{}</style>",
                body_extra="<script>var secret='SCRIPTTEXT';</script>"
                           "<style>.x{}STYLETEXT</style>").encode("utf-8")
    [brief] = briefs_from_file(".html", data).briefs
    assert "SCRIPTTEXT" not in brief.body and "STYLETEXT" not in brief.body
    assert brief.title == "<b>Vote</b> [red]now[/]"  # literal; the escape sequence stripped
    assert "\x1b" not in json.dumps(brief.to_dict())


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("HTTPS://News.Example.ORG:443/a/B?id=3&utm_source=x&fbclid=y#top",
         "https://news.example.org/a/B?id=3"),
        ("http://example.org:8080/x?gclid=1&utm_medium=m", "http://example.org:8080/x"),
        ("http://example.org", "http://example.org/"),
    ],
)
def test_urls_are_canonicalised(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Eastmarch &lt;b&gt;Wire&lt;/b&gt;</title><link>https://news.example.org/</link>
<item><title>Harbour strike ends &lt;script&gt;x&lt;/script&gt;</title>
<link>https://news.example.org/strike?utm_campaign=rss</link><guid>strike-1</guid>
<pubDate>Wed, 15 Jan 2025 08:00:00 GMT</pubDate>
<content:encoded><![CDATA[""" + b"".join(
    f"<p>{p}</p>".encode() for p in PARAGRAPHS * 2
) + b"""<script>SCRIPTTEXT</script>]]></content:encoded></item>
<item><title>Teaser only</title><link>https://news.example.org/teaser</link>
<description>Short teaser.</description></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>
<entry><id>tag:example.org,2024:1</id><title>River talks resume</title>
<link href="https://news.example.org/river"/><updated>2024-05-02T09:00:00Z</updated>
<content type="html">&lt;p&gt;A short atom entry.&lt;/p&gt;</content></entry></feed>"""

JSON_FEED = json.dumps({
    "version": "https://jsonfeed.org/version/1.1", "title": "JSON Wire",
    "home_page_url": "https://news.example.org/",
    "items": [{"id": "j1", "url": "https://news.example.org/j1", "title": "First <i>item</i>",
               "content_text": "\n\n".join(PARAGRAPHS * 2) + "\n\nA <b> stays text.",
               "date_published": "2024-06-01T10:00:00Z",
               "authors": [{"name": "Ida Fenwick"}]},
              {"id": "j2", "title": "No link", "content_html": "<p>Only a paragraph.</p>"}],
}).encode()


def test_rss_entries_with_full_content_and_teasers() -> None:
    feed = parse_feed(RSS)
    assert feed.kind == "rss20" and feed.title == "Eastmarch <b>Wire</b>"
    full, teaser = feed.entries
    assert full.key == "id:strike-1" and full.date == dt.date(2025, 1, 15)
    assert full.title == "Harbour strike ends <script>x</script>"
    assert full.full_text() is not None and "SCRIPTTEXT" not in full.full_text()
    assert teaser.full_text() is None and teaser.key == "url:https://news.example.org/teaser"


def test_atom_and_json_feeds() -> None:
    atom = parse_feed(ATOM)
    assert atom.kind == "atom10" and atom.entries[0].key == "id:tag:example.org,2024:1"
    assert atom.entries[0].date == dt.date(2024, 5, 2)
    jf = parse_feed(JSON_FEED)
    assert jf.title == "JSON Wire" and [e.key for e in jf.entries] == ["id:j1", "id:j2"]
    assert jf.entries[0].full_text().endswith("A <b> stays text.")
    assert jf.entries[0].author == "Ida Fenwick"
    briefs = briefs_from_file(".json", JSON_FEED).briefs
    assert [b.title for b in briefs] == ["First <i>item</i>", "No link"]
    assert briefs[0].url == "https://news.example.org/j1" and briefs[0].sources[0] == "JSON Wire"


def test_a_file_that_is_not_a_feed() -> None:
    with pytest.raises(NotAFeedError):
        parse_feed(b"<html><body>hello</body></html>")
    with pytest.raises(NotAFeedError):
        parse_feed(b'{"name": "settings"}')
    with pytest.raises(FileRefused) as caught:
        briefs_from_file(".json", b'{"name": "settings"}')
    assert caught.value.other_kind


EML = b"""From: "Eastmarch Briefing" <briefing@news.example.org>
To: reader@example.org
Subject: =?utf-8?q?River_talks_=1B[31m_<b>resume</b>?=
Date: Thu, 02 May 2024 09:00:00 +0000
Message-ID: <briefing-1@news.example.org>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b1"

--b1
Content-Type: text/plain; charset=utf-8

Plain part.

--b1
Content-Type: text/html; charset=utf-8

<html><body><style>.x{STYLETEXT}</style>""" + b"".join(
    f"<p>{p}</p>".encode() for p in PARAGRAPHS
) + b"""</body></html>
--b1--
"""


def test_an_email_newsletter() -> None:
    found = parse_email(EML)
    assert found.key == "<briefing-1@news.example.org>"
    [brief] = briefs_from_file(".eml", EML).briefs
    assert brief.title.endswith("<b>resume</b>") and "\x1b" not in brief.title
    assert brief.sources[0] == "Eastmarch Briefing"
    assert brief.date == dt.date(2024, 5, 2)
    assert PARAGRAPHS[0] in brief.body and "STYLETEXT" not in brief.body


def test_a_plain_text_email_and_a_mailbox() -> None:
    plain = (b"From: Ida Fenwick <ida@example.org>\nSubject: Notes\n"
             b"Date: Fri, 03 May 2024 10:00:00 +0000\n\nOn the river: talks went well.\n")
    mbox = (b"From ida@example.org Fri May  3 10:00:00 2024\n" + plain
            + b"\n>From here on, quoted.\n\nFrom x@example.org Sat May  4 10:00:00 2024\n"
            + EML)
    items = parse_mbox(mbox)
    assert items[0].title == "Notes"
    assert "From here on, quoted." in items[0].text
    briefs = briefs_from_file(".mbox", mbox).briefs
    assert [b.sources[0] for b in briefs] == ["Ida Fenwick", "Eastmarch Briefing"]


def test_page_furniture_is_dropped_and_article_sentences_are_not() -> None:
    from briefs.extract.html import without_page_furniture

    article = (
        "The minister said she would subscribe to the plan.\n\n"
        "Readers can sign up for the consultation until May, the ministry said."
    )
    furniture = (
        "Like this story? Share it with a friend!\n\nAlso on example.com Other story here\n\n"
        "Comments\n\nTell us what YOU think...\n\n[button link=x] Send[/button]\n\n"
        "Sign up for our free daily newsletter, delivered to your inbox."
    )
    assert without_page_furniture(article + "\n\n" + furniture) == article
