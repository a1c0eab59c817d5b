"""Turning the bytes of an article file into text, or a one-line reason why not.

Pure: bytes in, text out, no I/O. The importer reads the file (after checking
its size against :data:`MAX_ARTICLE_BYTES`) and hands the bytes here.

The ladder, in order:

1. a byte order mark decides: UTF-8 (BOM dropped), UTF-32 or UTF-16, either byte order;
2. NUL bytes without a BOM mean a binary file (or BOM-less UTF-16, which no
   editor writes by default): refused rather than imported as garbage;
3. valid UTF-8 is taken as it is;
4. anything else is read as Windows-1252, the encoding of most old "ANSI" news
   files, with a warning so the user can check the result.

Control characters are not removed here: :class:`briefs.models.Brief` cleans
every field when the parsed brief is built.
"""

from __future__ import annotations

import codecs

#: Files larger than this are refused before being read (a news article is a few KB).
MAX_ARTICLE_BYTES = 5 * 1024 * 1024

# Longest BOMs first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_CP1252_WARNING = "not valid UTF-8: read as Windows-1252 (cp1252); check accented letters"


class UndecodableError(ValueError):
    """The bytes are not an article's text; ``reason`` says why in one line."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def decode_article(data: bytes) -> tuple[str, list[str]]:
    """Decode an article file's bytes; return the text and any warnings.

    Raises :class:`UndecodableError` for empty, too large, binary or
    undecodable data.
    """
    if len(data) > MAX_ARTICLE_BYTES:
        raise UndecodableError(_too_large(len(data)))
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_with_bom(data[len(bom) :], encoding), []
    if b"\x00" in data:
        raise UndecodableError("binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8")
        warnings: list[str] = []
    except UnicodeDecodeError:
        # cp1252 leaves five byte values undefined; they can only be stray
        # control bytes, which Brief would strip anyway, so replace them.
        text = data.decode("cp1252", errors="replace")
        warnings = [_CP1252_WARNING]
    _require_text(text)
    return text, warnings


def too_large_reason(size: int) -> str | None:
    """The refusal reason for a file of ``size`` bytes, or None when it may be read."""
    return _too_large(size) if size > MAX_ARTICLE_BYTES else None


def _too_large(size: int) -> str:
    return (
        f"file too large ({size / 1024 / 1024:.1f} MB; "
        f"articles over {MAX_ARTICLE_BYTES // 1024 // 1024} MB are refused)"
    )


def _decode_with_bom(payload: bytes, encoding: str) -> str:
    label = encoding.upper().replace("-LE", "").replace("-BE", "")
    try:
        text = payload.decode(encoding)
    except UnicodeDecodeError as error:
        raise UndecodableError(
            f"starts with a {label} byte order mark but is not valid {label} "
            f"(byte {error.start + len(_bom_of(encoding))})"
        ) from error
    _require_text(text)
    return text


def _bom_of(encoding: str) -> bytes:
    return next(bom for bom, name in _BOMS if name == encoding)


def _require_text(text: str) -> None:
    if not text.strip():
        raise UndecodableError("empty file (no text)")
