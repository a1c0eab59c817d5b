"""Pure extraction helpers: web pages, feeds and email newsletters as article text.

Each function takes bytes or strings and returns :class:`Extracted` records (the
article's text and the metadata its source states); no network, no store, no UI.
:func:`briefs.extract.article.brief_from_extracted` turns one into a Brief through
the article parser, and :func:`briefs.extract.files.briefs_from_file` picks the
reader for a file by its name.
"""

from briefs.extract.article import Extracted, brief_from_extracted
from briefs.extract.urls import canonical_url

__all__ = ["Extracted", "brief_from_extracted", "canonical_url"]
