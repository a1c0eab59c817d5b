"""Rendering a brief as Markdown for the app (being written)."""

from briefs.models import Brief


def render_markdown(brief: Brief) -> str:
    """Placeholder."""
    return f"# {brief.title}\n\n{brief.body}"
