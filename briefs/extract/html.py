"""Web pages: the article's main text and metadata, taken with trafilatura.

:func:`decode_html` picks the charset (a wrong declaration is common: a page
saved as UTF-8 that still says ``iso-8859-1``); :func:`extract_html` runs
trafilatura on the text and returns an :class:`~briefs.extract.Extracted`,
or raises :class:`NotAnArticleError` when the page holds no article text.
:func:`html_fragment_text` turns a feed entry's or an email's HTML into
paragraphs without trafilatura's boilerplate detection (a fragment has none).
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from typing import Any

from briefs.extract.article import Extracted
from briefs.text import strip_controls

#: Fewer words than this is a menu, a login wall or an error page, not an article.
MIN_ARTICLE_WORDS = 20
#: The largest page handed to the extractor (a news page is well under 2 MB).
MAX_HTML_BYTES = 10 * 1024 * 1024

_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""")
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
# Paragraph-level elements of a fragment: each ends a paragraph.
_BLOCKS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "section",
    "article", "header", "footer", "aside", "figure", "figcaption", "table", "tr", "dd", "dt",
    "ul", "ol", "address", "hr",
})
_SKIPPED = frozenset({
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "head",
})


# Lines a page adds around an article that no reporter wrote: share and comment
# prompts, newsletter pitches, ad labels, cross-promotion, WordPress shortcodes.
_PROMPT_LINE = re.compile(
    r"^(?:comments?|advertisement|advertising|share(?: this)?(?: story| article| page)?"
    r"|related(?: articles| stories| content)?|read more|more on this story|recommended"
    r"|tell us what you think\W*|like this story\?.*|(?:please )?share this .{0,60}"
    r"|also on [\w.-]+\.\w{2,}\b.*)\W*$",
    re.IGNORECASE,
)
_NEWSLETTER_PITCH = re.compile(
    r"\b(?:sign up|subscribe)\b.{0,120}\b(?:newsletter|inbox|daily email)\b", re.IGNORECASE)
_SHORTCODE = re.compile(r"^\[\w+[^\]]*\].*\[/\w+\]$")
_PITCH_MAX_WORDS = 40


def without_page_furniture(text: str) -> str:
    """The article paragraphs without share prompts, newsletter pitches and the like."""
    kept = []
    for para in text.split("\n\n"):
        if _PROMPT_LINE.match(para) or _SHORTCODE.match(para):
            continue
        if len(para.split()) <= _PITCH_MAX_WORDS and _NEWSLETTER_PITCH.search(para):
            continue
        kept.append(para)
    return "\n\n".join(kept)


class NotAnArticleError(ValueError):
    """The page has no article text (an index page, a login wall, an empty shell)."""


def declared_charset(data: bytes, header_charset: str | None = None) -> str | None:
    """The charset the HTTP header, the XML declaration or a ``<meta>`` tag names, if known."""
    candidates = [header_charset] if header_charset else []
    head = data[:4096]
    for pattern in (_XML_ENCODING, _META_CHARSET):
        match = pattern.search(head)
        if match:
            candidates.append(match.group(1).decode("ascii", "replace"))
    for name in candidates:
        try:
            found = codecs.lookup(name.strip()).name
        except LookupError:
            continue
        # As browsers do (WHATWG Encoding): a page labelled Latin-1 or ASCII is
        # read as Windows-1252, whose curly quotes and dashes such pages use.
        return "cp1252" if found in ("iso8859-1", "latin-1", "ascii") else found
    return None


def decode_html(data: bytes, header_charset: str | None = None) -> tuple[str, list[str]]:
    """Decode a page's bytes; return the text and warnings.

    A byte order mark decides; then valid UTF-8 is UTF-8 whatever the page
    declares (text in another charset is almost never valid UTF-8 by chance,
    and a stale ``iso-8859-1`` declaration on a UTF-8 page is common); then
    the declared charset if the bytes are valid in it; else Windows-1252.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace"), []
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data, header_charset)
    if declared and declared != "utf-8":
        try:
            return data.decode(declared), []
        except UnicodeDecodeError:
            pass
    warning = (f"not valid {declared}: read as Windows-1252" if declared
               else "no usable charset declared: read as Windows-1252")
    return data.decode("cp1252", errors="replace"), [warning]


def extract_html(
    data: bytes | str, *, url: str | None = None, header_charset: str | None = None
) -> Extracted:
    """The article in a web page: main text (paragraphs), title, date, author, site, URL.

    Comments and other boilerplate are left out, and trafilatura is asked to
    favour precision: a brief is better missing a stray line than carrying a
    reader comment or a "related stories" list. Script and style never reach
    the text. Raises :class:`NotAnArticleError` when nothing article-like is found.
    """
    if isinstance(data, bytes):
        if len(data) > MAX_HTML_BYTES:
            raise NotAnArticleError(f"page too large ({len(data) // 1024 // 1024} MB)")
        text, warnings = decode_html(data, header_charset)
    else:
        text, warnings = data, []
    # Whole escape sequences go before parsing: the HTML parser would drop the
    # ESC alone and leave "[31m" in a title.
    text = strip_controls(text)
    if not text.strip():
        raise NotAnArticleError("empty page")
    document = _trafilatura_extract(text, url)
    body = _paragraphs(getattr(document, "text", None) or "") if document else ""
    title = getattr(document, "title", None)
    body = without_page_furniture(_without_headline(body, title))
    if len(body.split()) < MIN_ARTICLE_WORDS:
        raise NotAnArticleError("no article text found on the page")
    return Extracted(
        text=body,
        title=title,
        date=_date(getattr(document, "date", None)),
        author=getattr(document, "author", None),
        sitename=getattr(document, "sitename", None),
        url=getattr(document, "url", None) or url,
        warnings=warnings,
    )


def _trafilatura_extract(text: str, url: str | None) -> Any:
    # Imported here: trafilatura takes about half a second to import, and most
    # commands (list, show, search) never read a web page.
    import trafilatura

    try:
        return trafilatura.bare_extraction(
            text,
            url=url,
            include_comments=False,
            favor_precision=True,
            include_tables=True,
            with_metadata=True,
            # The page's stated publication date, not the newest date it mentions.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except (ValueError, TypeError, AttributeError, LookupError):
        # lxml and trafilatura raise these on some malformed documents.
        return None


def _paragraphs(text: str) -> str:
    # trafilatura puts one block per line; the article parser wants blank lines.
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n\n".join(line for line in lines if line)


def _without_headline(body: str, title: str | None) -> str:
    # The headline is the brief's title; repeated as the first paragraph it
    # is not part of the article text.
    first, _, rest = body.partition("\n\n")
    if title and rest and _folded(first) == _folded(title):
        return rest
    return body


def _folded(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def plain_paragraphs(text: str) -> str:
    """Plain text (never parsed as HTML) as paragraphs separated by blank lines."""
    blocks = re.split(r"\n\s*\n", text) if re.search(r"\n\s*\n", text) else text.split("\n")
    return "\n\n".join(" ".join(b.split()) for b in blocks if b.strip())


def html_fragment_text(fragment: str) -> str:
    """The text of an HTML fragment as paragraphs; script, style and the like dropped."""
    import lxml.html

    if not fragment or not fragment.strip():
        return ""
    if "<" not in fragment:  # plain text (an entry summary often is)
        return plain_paragraphs(fragment)
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, TypeError):  # lxml's ParserError is a ValueError
        return ""
    parts: list[str] = []
    _walk(root, parts)
    return _paragraphs("".join(parts))


def _walk(element: Any, parts: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag.lower() in _SKIPPED:
        if element.tail:
            parts.append(element.tail)
        return
    block = tag.lower() in _BLOCKS
    if block or tag.lower() == "br":
        parts.append("\n")
    if element.text and isinstance(element.tag, str):
        parts.append(element.text)
    for child in element:
        _walk(child, parts)
    if block:
        parts.append("\n")
    if element.tail:
        parts.append(element.tail)
