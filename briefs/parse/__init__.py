"""Plain-text article parsing (being written)."""

from briefs.models import Brief, brief_id_for


def parse_article(text: str) -> Brief:
    """Parse a plain-text article into a Brief (placeholder: title and body only)."""
    return Brief(id=brief_id_for(text), title=text.strip().split("\n", 1)[0][:80], body=text)
