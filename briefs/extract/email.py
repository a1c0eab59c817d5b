"""Email newsletters: ``.eml`` messages and ``.mbox`` mailboxes (stdlib :mod:`email`).

The HTML part goes through the web-page extractor (a newsletter is a web page
sent by mail), else the plain-text part is the article; the subject is the
title, the sender the source, the ``Date`` header the date, and the
``Message-ID`` the identity, so a mailbox imported twice updates its briefs.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils
import re
from email.message import EmailMessage, Message

from briefs.extract.article import Extracted
from briefs.extract.html import NotAnArticleError, extract_html, html_fragment_text

# mbox: each message starts with a "From " line at the start of a line (the
# first one at the start of the file); ">From " in a body is an escaped "From ".
_MBOX_SEPARATOR = re.compile(rb"(?:^|\n)From [^\n]*\n")
_ESCAPED_FROM = re.compile(rb"^>(>*From )", re.MULTILINE)


class NotAnEmailError(ValueError):
    """The bytes are not an email with readable text; the message says why."""


def parse_email(data: bytes) -> Extracted:
    """The article in one email message (RFC 5322 bytes, as in a ``.eml`` file)."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(message, EmailMessage) or not (
        message.get("From") or message.get("Subject") or message.get("Date")
    ):
        raise NotAnEmailError("not an email message (no From, Subject or Date header)")
    return _extracted(message)


def split_mbox(data: bytes) -> list[bytes]:
    """The messages of an mbox file, in order, with ``>From`` unescaped."""
    if not data.startswith(b"From "):
        raise NotAnEmailError("not an mbox mailbox (it does not start with a 'From ' line)")
    parts = _MBOX_SEPARATOR.split(data)
    return [_ESCAPED_FROM.sub(rb"\1", part) for part in parts if part.strip()]


def parse_mbox(data: bytes) -> list[Extracted | NotAnEmailError]:
    """Each message of an mbox as an :class:`Extracted`, or the error that one message raised."""
    results: list[Extracted | NotAnEmailError] = []
    for index, raw in enumerate(split_mbox(data), 1):
        try:
            results.append(parse_email(raw))
        except NotAnEmailError as error:
            results.append(NotAnEmailError(f"message {index}: {error}"))
    return results


def _extracted(message: EmailMessage) -> Extracted:
    subject = str(message.get("Subject") or "") or None
    sender = _sender(message)
    date = _date(message)
    key = str(message.get("Message-ID") or "").strip() or None
    html_part = message.get_body(preferencelist=("html",))
    text_part = message.get_body(preferencelist=("plain",))
    if html_part is not None:
        html = _content(html_part)
        try:
            found = extract_html(html)
            text = found.text
        except NotAnArticleError:
            # A short newsletter may be too small for boilerplate detection.
            text = html_fragment_text(html)
    else:
        text = _content(text_part) if text_part is not None else ""
    if not text.strip() and text_part is not None and html_part is not None:
        text = _content(text_part)
    if not text.strip():
        raise NotAnEmailError("the message has no readable text part")
    return Extracted(text=text, title=subject, date=date, sitename=sender, key=key,
                     author=sender)


def _content(part: Message) -> str:
    try:
        content = part.get_content()  # type: ignore[attr-defined]
    except (LookupError, ValueError, AssertionError):
        # An unknown charset name: read the raw payload as UTF-8 with replacement.
        payload = part.get_payload(decode=True) or b""
        content = payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else ""
    return content if isinstance(content, str) else ""


def _sender(message: EmailMessage) -> str | None:
    raw = str(message.get("From") or "")
    name, address = email.utils.parseaddr(raw)
    return name or address or raw or None


def _date(message: EmailMessage) -> dt.date | None:
    raw = message.get("Date")
    if not raw:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(str(raw))
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.date() if parsed else None
