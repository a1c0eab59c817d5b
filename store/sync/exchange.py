"""The exchange format: one Markdown brief file per brief, the same bytes for the same brief.

A brief lives at ``briefs/<id>.md`` (see :func:`store.export.safe_file_stem`):
the name depends on the id alone, so a re-import that changes the title does
not rename the file. The content is :func:`briefs.write_markdown`, which
writes the front matter in a fixed order and no time stamps.

Reading state (``read:``) is personal unless the collection shares it: a copy
that does not share it neither publishes its own flag nor takes others'; the
flag in the file is left as the last sharing copy wrote it.
"""

from __future__ import annotations

from dataclasses import replace

from briefs.markdown_format import BriefFormatError, read_markdown, write_markdown
from briefs.models import Brief
from store.export import safe_file_stem

BRIEFS_DIR = "briefs"

#: Written once at the top of the repository so a person opening it knows what it is.
README_TEXT = """\
# A Briefs collection

This repository is kept by `briefs sync`: one Markdown brief per file in
`briefs/`, named by the brief's id. Each copy of the collection merges the
others' changes brief by brief (tags, stars, notes) and pushes the result.

Edit briefs in Briefs rather than here: a hand edit is merged like any other
change, but a file that cannot be read is left out of the merge.

Exchange format version: 1
"""
#: Bytes exactly as written (no line-ending conversion), diffs as text.
GITATTRIBUTES_TEXT = "* -text\n"
FIXED_FILES = {"README.md": README_TEXT.encode(), ".gitattributes": GITATTRIBUTES_TEXT.encode()}


def path_of(brief_id: str) -> str:
    """The repository path of the brief with this id."""
    return f"{BRIEFS_DIR}/{safe_file_stem(brief_id)}.md"


def render(brief: Brief, *, read: bool) -> bytes:
    """The file for ``brief``, with ``read`` as the file's reading flag."""
    return write_markdown(replace(brief, read=read)).encode("utf-8")


def parse(data: bytes | None, path: str) -> Brief | None:
    """The brief in a file (None when absent); :class:`BriefFormatError` names the file."""
    if data is None:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise BriefFormatError(f"{path}: not UTF-8 text") from None
    try:
        return read_markdown(text, fallback_id=path.rsplit("/", 1)[-1].removesuffix(".md"))
    except BriefFormatError as error:
        raise BriefFormatError(f"{path}: {error}") from None


def read_flag_in(data: bytes | None, path: str) -> bool:
    """The reading flag a file holds (False when absent or unreadable)."""
    try:
        brief = parse(data, path)
    except BriefFormatError:
        return False
    return bool(brief and brief.read)
