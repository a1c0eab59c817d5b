"""Briefs' domain: models, article parsing, the Markdown brief format and rendering.

Pure functions over strings: nothing here imports Textual or TinyDB, or does I/O.
"""

from briefs.markdown_format import BriefFormatError, read_markdown, write_markdown
from briefs.models import Brief, Quote, Section, brief_id_for, normalize_tags
from briefs.parse import parse_article
from briefs.render import render_markdown

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
