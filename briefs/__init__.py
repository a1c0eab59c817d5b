"""Briefs' domain: models, article parsing, the Markdown brief format and rendering.

Pure functions over strings: nothing here imports Textual or TinyDB, or does I/O.

The names below are loaded on first use (PEP 562): importing ``briefs.models``
for the list's rows must not load the article parser and Markdown renderer
(a third of the app's start-up).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefs.lazy import lazy_attributes

if TYPE_CHECKING:
    from briefs.markdown_format import BriefFormatError, read_markdown, write_markdown
    from briefs.models import Brief, Quote, Section, brief_id_for, normalize_tags
    from briefs.parse import parse_article
    from briefs.render import render_markdown

#: Public name -> the module that defines it.
_WHERE = {
    "Brief": "briefs.models",
    "BriefFormatError": "briefs.markdown_format",
    "Quote": "briefs.models",
    "Section": "briefs.models",
    "brief_id_for": "briefs.models",
    "normalize_tags": "briefs.models",
    "parse_article": "briefs.parse",
    "read_markdown": "briefs.markdown_format",
    "render_markdown": "briefs.render",
    "write_markdown": "briefs.markdown_format",
}

__all__ = [
    "Brief",
    "BriefFormatError",
    "Quote",
    "Section",
    "brief_id_for",
    "normalize_tags",
    "parse_article",
    "read_markdown",
    "render_markdown",
    "write_markdown",
]


__getattr__ = lazy_attributes(__name__, _WHERE)
