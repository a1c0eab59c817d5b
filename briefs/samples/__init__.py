"""The sample briefs shipped with Briefs, so that a first run shows a linked collection.

Two are summaries of real articles (their ids are those the article parser gives
the same text, so importing the article later updates the sample); the others
tell one invented story and say so in their summary.
"""

from __future__ import annotations

from importlib.resources import files

from briefs.markdown_format import read_markdown
from briefs.models import Brief

__all__ = ["load_samples"]


def load_samples() -> list[Brief]:
    """Every ``*.md`` file in this package read as a Brief, in file-name (date) order.

    Raises:
        BriefFormatError: a sample file is malformed (a packaging bug, not user error).
    """
    package = files(__name__)
    names = sorted(entry.name for entry in package.iterdir() if entry.name.endswith(".md"))
    return [read_markdown(package.joinpath(name).read_text(encoding="utf-8")) for name in names]
