"""Which reader a file takes, by its name: one function shared by ``import`` and ``parse``."""

from __future__ import annotations

from dataclasses import dataclass, field

from briefs.decode import MAX_ARTICLE_BYTES, UndecodableError, decode_article
from briefs.extract.article import brief_from_extracted
from briefs.extract.email import NotAnEmailError, parse_email, parse_mbox
from briefs.extract.feed import NotAFeedError, parse_feed
from briefs.extract.html import NotAnArticleError, extract_html
from briefs.markdown_format import BriefFormatError, read_markdown
from briefs.models import Brief, brief_id_for
from briefs.parse import parse_article

TEXT_SUFFIXES = (".txt",)
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
FEED_SUFFIXES = (".xml", ".rss", ".atom", ".json")
EMAIL_SUFFIXES = (".eml",)
MAILBOX_SUFFIXES = (".mbox",)
#: Every file name ending import and parse read.
SUFFIXES = (TEXT_SUFFIXES + MARKDOWN_SUFFIXES + HTML_SUFFIXES + FEED_SUFFIXES
            + EMAIL_SUFFIXES + MAILBOX_SUFFIXES)
#: A mailbox holds many messages; every other file one article or one feed.
MAX_MAILBOX_BYTES = 200 * 1024 * 1024
MAX_FILE_BYTES = 10 * 1024 * 1024


class FileRefused(ValueError):
    """The whole file cannot be read; the message is the one-line reason.

    ``other_kind`` is True when the file is simply not of the kind its ending
    suggests (a ``.json`` settings file, an ``.xml`` that is no feed): met
    inside a folder, such a file is skipped rather than reported as a failure.
    """

    def __init__(self, reason: str, *, other_kind: bool = False) -> None:
        super().__init__(reason)
        self.other_kind = other_kind


@dataclass
class FileBriefs:
    """What one file gave: its briefs in order, and a one-line note per problem or entry lost."""

    briefs: list[Brief] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def max_bytes_for(suffix: str) -> int:
    """The largest file of this kind that is read."""
    suffix = suffix.lower()
    if suffix in MAILBOX_SUFFIXES:
        return MAX_MAILBOX_BYTES
    if suffix in TEXT_SUFFIXES + MARKDOWN_SUFFIXES:
        return MAX_ARTICLE_BYTES
    return MAX_FILE_BYTES


def too_large_reason_for(suffix: str, size: int) -> str | None:
    """The refusal reason for a file of this kind and size, or None when it may be read."""
    limit = max_bytes_for(suffix)
    if size <= limit:
        return None
    return (f"file too large ({size / 1024 / 1024:.1f} MB; "
            f"files of this kind over {limit // 1024 // 1024} MB are refused)")


def briefs_from_file(suffix: str, data: bytes) -> FileBriefs:
    """Read a file's bytes as its ending says; raise :class:`FileRefused` with the reason.

    ``.txt`` articles and ``.md`` briefs give one brief, a web page one, a feed
    one per entry (with the entry's own text: nothing is fetched here), an
    ``.eml`` one, an ``.mbox`` one per message. A bad entry or message is a
    warning; the others go on.
    """
    suffix = suffix.lower()
    result = FileBriefs()
    try:
        if suffix in HTML_SUFFIXES:
            found = extract_html(data)
            result.warnings.extend(found.warnings)
            result.briefs.append(brief_from_extracted(found))
        elif suffix in FEED_SUFFIXES:
            feed = parse_feed(data)
            result.warnings.extend(feed.warnings)
            for entry in feed.entries:
                text = entry.any_text()
                if not text:
                    result.warnings.append(f"entry {entry.title or entry.key!r}: no text; skipped")
                    continue
                result.briefs.append(brief_from_extracted(entry.extracted(text, feed=feed)))
        elif suffix in EMAIL_SUFFIXES:
            result.briefs.append(brief_from_extracted(parse_email(data)))
        elif suffix in MAILBOX_SUFFIXES:
            for item in parse_mbox(data):
                if isinstance(item, Exception):
                    result.warnings.append(str(item))
                else:
                    result.briefs.append(brief_from_extracted(item))
        else:
            text, warnings = decode_article(data)
            result.warnings.extend(warnings)
            if suffix in MARKDOWN_SUFFIXES:
                result.briefs.append(read_markdown(text, fallback_id=brief_id_for(text)))
            else:
                result.briefs.append(parse_article(text))
    except UndecodableError as error:
        raise FileRefused(error.reason) from error
    except BriefFormatError as error:
        raise FileRefused(f"not a valid Markdown brief: {_one_line(str(error))}") from error
    except NotAFeedError as error:
        raise FileRefused(_one_line(str(error)), other_kind=True) from error
    except (NotAnArticleError, NotAnEmailError) as error:
        raise FileRefused(_one_line(str(error))) from error
    if suffix in FEED_SUFFIXES + MAILBOX_SUFFIXES and not result.briefs:
        raise FileRefused("no entries with text" + (f" ({result.warnings[-1]})"
                                                    if result.warnings else ""))
    return result


def _one_line(text: str) -> str:
    return " ".join(text.split())[:200]
