"""Text hygiene shared by every layer: what may be stored and shown.

Briefs shows text written by strangers in a terminal. Two rules follow:

* terminal control characters never survive: C0 and C1 controls (except newline
  and tab) are removed, and whole escape sequences (CSI, OSC, DCS...) are removed
  with them, so ``"\\x1b[31mred"`` becomes ``"red"`` rather than ``"[31mred"``;
* text is normalised once, on the way in, so that equality and round trips are
  about content rather than about ``\\r\\n`` versus ``\\n``.
"""

from __future__ import annotations

import html
import re
import unicodedata

# A complete escape sequence: CSI (ESC [ ... final), OSC/DCS/APC/PM/SOS strings
# (terminated by BEL or ST), or a two-character ESC sequence. The 8-bit forms
# (U+009B CSI, U+009D OSC, ...) are matched too.
_ESCAPE_SEQUENCE = re.compile(
    r"""
    (?:\x1b\[|\x9b) [\x30-\x3f]* [\x20-\x2f]* [\x40-\x7e]?          # CSI
    # OSC, DCS, SOS, PM, APC strings, only with their terminator (BEL or ST) and
    # on one line: a stray C1 byte (double-encoded UTF-8 is full of them) must
    # not swallow the rest of an article. An unterminated opener is removed alone.
  | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f]) [^\x07\x1b\x9c\n]{0,1024}? (?:\x07|\x1b\\|\x9c)
  | \x1b [\x20-\x2f]* [\x30-\x7e]?                                    # other ESC sequences
    """,
    re.VERBOSE,
)

# C0 controls except \t and \n, DEL, and C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# Bidirectional overrides and isolates can reorder what the reader sees
# (the "Trojan Source" trick); they carry no meaning in a news brief.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
# Lone surrogates cannot be encoded as UTF-8: no file or store could hold them.
_SURROGATES = re.compile(r"[\ud800-\udfff]")

_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")
# Anything strip_controls would change; most text has none, and one C-speed
# search lets it through untouched (the parser calls this on every article).
_NEEDS_CLEANING = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
# What _NEEDS_CLEANING finds in ASCII text, as bytes.
_ASCII_CONTROLS = bytes([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F])
_C1_OR_ESC = re.compile(r"[\x1b\x90-\x9f]")
# A run of white space other than one plain space (replacing each single space by
# itself would cost a match per word).
_SPACE_CHARS = "[ \\t\\u00a0\\u1680\\u2000-\\u200a\\u202f\\u205f\\u3000]"
_SPACES = re.compile(
    rf"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]{_SPACE_CHARS}*| {_SPACE_CHARS}+"
)
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")
# A character reference written out in full, with its semicolon ("&#163;", "&amp;"):
# "AT&T" or "R&D" are left alone.
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def strip_controls(text: str) -> str:
    """Remove escape sequences and control characters, keeping ``\\n`` and ``\\t``.

    Line breaks of every kind (``\\r\\n``, ``\\r``, U+2028, U+2029, NEL) become ``\\n``
    first, so that stripping controls never glues two lines together.
    """
    if not text:
        return ""
    if text.isascii():
        # For ASCII, the test is whether any control but tab and newline is there: deleting
        # those bytes (a table lookup each, in C) leaves the length alone when none is.
        raw = text.encode("ascii")
        if len(raw.translate(None, _ASCII_CONTROLS)) == len(raw):
            return text
    elif _NEEDS_CLEANING.search(text) is None:
        return text
    text = _LINE_BREAKS.sub("\n", text)
    if _C1_OR_ESC.search(text):
        text = _ESCAPE_SEQUENCE.sub("", text)
    text = _CONTROL.sub("", text)
    text = _SURROGATES.sub("", text)
    return _BIDI.sub("", text)


def clean_block(text: str) -> str:
    """Normalise multi-line text (summaries, notes, quotes, bodies).

    Controls removed, line breaks unified, trailing spaces dropped, at most one
    blank line in a row, no leading or trailing blank space.
    """
    text = strip_controls(text)
    if "\n" in text:  # most quotes and speakers are one line: nothing more to do
        if " \n" in text or "\t\n" in text:
            text = _TRAILING_SPACE.sub("\n", text)
        if "\n\n\n" in text:
            text = _MANY_BLANK_LINES.sub("\n\n", text)
    return text.strip()


def clean_line(text: str) -> str:
    """Normalise single-line text (titles, speakers, tags, sources).

    Every run of white space, line breaks included, becomes one space.
    """
    text = strip_controls(text)
    return " ".join(text.split())


def collapse_spaces(text: str) -> str:
    """Turn every run of horizontal white space (NBSP included) into one space."""
    if text.isascii() and "\t" not in text and "  " not in text:
        return text  # the usual case, found by substring tests instead of a regex pass
    return _SPACES.sub(" ", text)


def fold(text: str) -> str:
    """Case- and accent-insensitive key: ``"Élysée"`` and ``"elysee"`` fold alike."""
    if text.isascii():
        return text.lower()  # the same result: ASCII has no accents, casefold == lower
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_PATH_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable_path(path: object) -> str:
    """A file name as it really is, with control characters shown as escapes.

    Stripping them would name another file (``esc.txt`` for ``e\\x1bsc.txt``), and a
    newline would let one message pose as two; ``\\x1b`` and ``\\n`` say what is there.
    Shared by the command line and the app (both name files in their messages).
    """
    return _PATH_CONTROLS.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"),
                              str(path))


def decode_entities(text: str) -> str:
    """HTML character references (``&#163;``, ``&amp;``, ``&eacute;``) as the characters they name.

    Flattened web copy often carries them; a reader must see "£8m", not "&#163;8m".
    Only complete references (ending in ``;``) are decoded, and unknown names stay as written.
    """
    if "&" not in text:
        return text
    return _ENTITY.sub(lambda m: html.unescape(m.group()), text)
