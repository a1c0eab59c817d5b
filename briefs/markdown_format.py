"""The Markdown brief format (being written)."""

from briefs.models import Brief


class BriefFormatError(ValueError):
    """A Markdown brief that cannot be read."""


def write_markdown(brief: Brief) -> str:
    """Placeholder."""
    raise NotImplementedError


def read_markdown(text: str) -> Brief:
    """Placeholder."""
    raise NotImplementedError
