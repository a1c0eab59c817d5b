"""Fetching web pages and feeds over HTTP(S) with httpx, within hard limits.

The only network code of Briefs, with its limits in one place
(:class:`FetchLimits`): http and https only, connect and read timeouts, at
most five redirects, TLS verified, and bodies streamed and cut at 10 MB. The
body is decompressed here (gzip, deflate) with a bound on the *output*, so a
small gzip bomb that would inflate to gigabytes is refused after 10 MB.
Every failure is a :class:`FetchError` whose message is the one-line reason.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from email.message import Message
from typing import Any
from urllib.parse import urlsplit

import httpx

from briefs.extract.article import brief_from_extracted
from briefs.extract.html import NotAnArticleError, extract_html
from briefs.extract.urls import canonical_url
from briefs.models import Brief, normalize_tags

USER_AGENT = "Briefs/0.1 (a terminal news reader; +https://example.invalid/briefs)"
_ENCODINGS = "gzip, deflate"


@dataclass(frozen=True)
class FetchLimits:
    """How long and how much one request may take (tests shorten the timeouts)."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    #: A server that sends a byte every 29 s must not hold an import for hours.
    total_timeout: float = 120.0
    max_redirects: int = 5
    max_bytes: int = 10 * 1024 * 1024


class FetchError(Exception):
    """A URL that could not be fetched; ``reason`` is the one-line why."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


@dataclass
class Fetched:
    """A response: final URL, status, body (decompressed), and the headers Briefs uses."""

    url: str
    status: int
    content: bytes = b""
    content_type: str = ""
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        """True for a 304 answer to a conditional request."""
        return self.status == 304


def check_url(url: str) -> str:
    """``url`` trimmed if it is an absolute http(s) URL with a host; else raise FetchError."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError as error:
        raise FetchError(url, f"not a valid URL ({error})") from error
    if parts.scheme.lower() not in ("http", "https"):
        shown = f"{parts.scheme}:" if parts.scheme else "none"
        raise FetchError(url, f"only http and https URLs are fetched (scheme: {shown})")
    if not parts.hostname:
        raise FetchError(url, "the URL has no host")
    return url


class Fetcher:
    """One HTTP client for a run of requests (connections are reused); a context manager."""

    def __init__(self, limits: FetchLimits | None = None, *, verify: Any = True) -> None:
        self.limits = limits or FetchLimits()
        timeout = httpx.Timeout(
            connect=self.limits.connect_timeout,
            read=self.limits.read_timeout,
            write=self.limits.read_timeout,
            pool=self.limits.connect_timeout,
        )
        self._client = httpx.Client(
            timeout=timeout,
            follow_redirects=True,
            max_redirects=self.limits.max_redirects,
            verify=verify,
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": _ENCODINGS},
            # Proxies from the environment are honoured; .netrc credentials are not sent.
            trust_env=True,
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections."""
        self._client.close()

    def get(self, url: str, *, etag: str | None = None,
            last_modified: str | None = None) -> Fetched:
        """GET ``url`` (conditionally when ``etag``/``last_modified`` are given)."""
        url = check_url(url)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                final = str(response.url)
                if response.status_code == 304:
                    return Fetched(url=final, status=304, etag=etag, last_modified=last_modified)
                if response.status_code >= 400:
                    raise FetchError(url, f"HTTP {response.status_code} "
                                          f"{response.reason_phrase or ''}".rstrip())
                if response.status_code != 200:
                    raise FetchError(url, f"unexpected HTTP status {response.status_code}")
                content = self._read_body(url, response)
                content_type, charset = _content_type(response.headers.get("content-type", ""))
                return Fetched(
                    url=final, status=200, content=content, content_type=content_type,
                    charset=charset, etag=response.headers.get("etag"),
                    last_modified=response.headers.get("last-modified"),
                )
        except httpx.TooManyRedirects as error:
            raise FetchError(url, f"too many redirects (more than {self.limits.max_redirects}; "
                                  "a redirect loop?)") from error
        except httpx.UnsupportedProtocol as error:
            raise FetchError(url, "redirected to a URL that is not http or https") from error
        except httpx.ConnectTimeout as error:
            raise FetchError(url, f"could not connect within {self.limits.connect_timeout:g} s"
                             ) from error
        except httpx.ReadTimeout as error:
            raise FetchError(url, f"the server sent nothing for {self.limits.read_timeout:g} s"
                             ) from error
        except httpx.TimeoutException as error:
            raise FetchError(url, "timed out") from error
        except httpx.ConnectError as error:
            raise FetchError(url, f"could not connect ({_short(error)})") from error
        except httpx.HTTPError as error:
            raise FetchError(url, f"{type(error).__name__}: {_short(error)}") from error

    def _read_body(self, url: str, response: httpx.Response) -> bytes:
        limit = self.limits.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(url, f"body too large ({int(declared) / 1024 / 1024:.1f} MB; "
                                  f"the limit is {limit // 1024 // 1024} MB)")
        decoder = _Decoder(url, response.headers.get("content-encoding", ""), limit)
        deadline = time.monotonic() + self.limits.total_timeout
        # iter_raw: the bytes as sent, so that decompression is ours and bounded.
        for chunk in response.iter_raw():
            decoder.feed(chunk)
            if time.monotonic() > deadline:
                raise FetchError(url, f"took longer than {self.limits.total_timeout:g} s")
        return decoder.finish()


class _Decoder:
    """Content-Encoding undone with a cap on the decompressed size."""

    def __init__(self, url: str, encoding: str, limit: int) -> None:
        self.url, self.limit = url, limit
        self.parts: list[bytes] = []
        self.size = 0
        codings = [c.strip().lower() for c in encoding.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > 1 or (codings and codings[0] not in ("gzip", "x-gzip", "deflate")):
            raise FetchError(url, f"unsupported content encoding {encoding!r}")
        self.coding = codings[0] if codings else None
        # 16 + MAX_WBITS: a gzip header; deflate is tried as zlib first, then raw.
        self.inflater = zlib.decompressobj(16 + zlib.MAX_WBITS) if self.coding in (
            "gzip", "x-gzip") else zlib.decompressobj() if self.coding == "deflate" else None
        self.raw_deflate_tried = False

    def feed(self, chunk: bytes) -> None:
        if self.inflater is None:
            self._keep(chunk)
            return
        data = chunk
        while data:
            try:
                out = self.inflater.decompress(data, self.limit + 1 - self.size)
            except zlib.error as error:
                if self.coding == "deflate" and not self.raw_deflate_tried and not self.parts:
                    # Some servers send raw deflate without the zlib header.
                    self.raw_deflate_tried = True
                    self.inflater = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise FetchError(self.url, f"the {self.coding} body is corrupt ({error})"
                                 ) from error
            self._keep(out)
            data = self.inflater.unconsumed_tail
            if self.inflater.eof:
                break

    def _keep(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            what = "decompressed body" if self.inflater is not None else "body"
            raise FetchError(self.url, f"{what} larger than {self.limit // 1024 // 1024} MB "
                                       "(cut off)")
        self.parts.append(data)

    def finish(self) -> bytes:
        return b"".join(self.parts)


def _content_type(header: str) -> tuple[str, str | None]:
    message = Message()
    message["content-type"] = header or "application/octet-stream"
    charset = message.get_param("charset")
    return message.get_content_type(), str(charset) if isinstance(charset, str) else None


def _short(error: Exception) -> str:
    return " ".join(str(error).split())[:160] or type(error).__name__


# --- pages as briefs ---------------------------------------------------------------------


#: Media types that are certainly not a web page (others are given to the extractor).
_NOT_PAGES = ("image/", "audio/", "video/", "font/", "application/pdf", "application/zip",
              "application/octet-stream")


def brief_from_page(fetched: Fetched, *, tags: Sequence[str] = ()) -> Brief:
    """The brief of a fetched web page; raise FetchError when it holds no article."""
    if fetched.content_type.startswith(_NOT_PAGES):
        raise FetchError(fetched.url, f"not a web page ({fetched.content_type})")
    try:
        found = extract_html(fetched.content, url=fetched.url, header_charset=fetched.charset)
    except NotAnArticleError as error:
        raise FetchError(fetched.url, str(error)) from error
    # The URL the page was fetched from (after redirects) names it, not a
    # canonical link it may declare for another site.
    found.url = canonical_url(fetched.url)
    found.tags = normalize_tags([*found.tags, *tags])
    return brief_from_extracted(found)


OnProgress = Callable[[int, int, str], None]
OnError = Callable[[str, str], None]


@dataclass
class FetchReport:
    """What :func:`fetch_pages` did: counts, and each URL that failed with its reason."""

    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    ids: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


def fetch_pages(
    store: Any,
    urls: Sequence[str],
    *,
    tags: Sequence[str] = (),
    limits: FetchLimits | None = None,
    fetcher: Fetcher | None = None,
    on_progress: OnProgress | None = None,
    on_error: OnError | None = None,
) -> FetchReport:
    """Fetch each URL and store it as a brief; a failed URL is reported and the rest go on.

    ``on_progress(done, total, url)`` after each URL (the app's progress bar),
    ``on_error(url, reason)`` for each failure. A page fetched again updates
    its brief (same canonical URL, same id) and keeps its tags, notes and state.
    """
    report = FetchReport()
    own = fetcher is None
    client = fetcher or Fetcher(limits)
    try:
        for done, url in enumerate(urls, 1):
            try:
                brief = brief_from_page(client.get(url), tags=tags)
            except FetchError as error:
                report.failed.append((url, error.reason))
                if on_error is not None:
                    on_error(url, error.reason)
            else:
                store_briefs(store, [brief], report, tags=tags)
            if on_progress is not None:
                on_progress(done, len(urls), url)
    finally:
        if own:
            client.close()
    return report


def store_briefs(store: Any, briefs: list[Brief], report: FetchReport, *,
                 tags: Sequence[str] = ()) -> None:
    """Upsert ``briefs`` and add ``tags`` to those already stored; count into ``report``."""
    from store.importer import store_tagged

    if not briefs:
        return
    outcome = store_tagged(store, briefs, tags)
    report.imported += len(outcome.imported)
    report.updated += len(outcome.updated)
    report.unchanged += len(outcome.unchanged)
    report.ids.extend(dict.fromkeys(b.id for b in briefs))
