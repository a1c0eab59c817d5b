"""Plain-text article parsing: ``parse_article(text) -> Brief``.

The parser reads an article the way an editor would:

* :mod:`~briefs.parse.structure` cleans the text, splits paragraphs, takes
  captions out and finds labelled sections, the lead and the background;
* :mod:`~briefs.parse.dates` and :mod:`~briefs.parse.titles` find the date
  and the title;
* :mod:`~briefs.parse.quotes` pairs quotation marks, and
  :mod:`~briefs.parse.speakers` attributes each statement to its speaker;
* :mod:`~briefs.parse.sources` lists the outlets cited.

Everything is rules and word lists over strings: no I/O, no models.
"""

from __future__ import annotations

from briefs.models import Brief, Section, brief_id_for
from briefs.parse import structure
from briefs.parse.dates import find_dateline, take_date_marker
from briefs.parse.sources import find_sources
from briefs.parse.speakers import read_quotes
from briefs.parse.titles import headline, title_from_lead

__all__ = ["parse_article"]


def parse_article(text: str) -> Brief:
    """Parse a plain-text news article into a :class:`~briefs.models.Brief`.

    Never raises for any ``str``: empty or shapeless input gives a Brief with
    what could be found (at least an id and a title).
    """
    raw = text if isinstance(text, str) else str(text or "")
    clean = structure.normalise(raw)
    marker_date, clean = take_date_marker(clean)
    lay = structure.layout(structure.split_paragraphs(clean))
    paras = lay.paragraphs

    start = 0
    title = headline(paras[0], len(paras) > 1) if paras else None
    if title is not None:
        lay.headline = title
        start = 1
    date = marker_date or find_dateline(paras)
    # Label prefixes ("Details: ...") are not part of what the paragraph says.
    texts = [lay.label_text.get(i, p) for i, p in enumerate(paras)]
    story = [t if i >= start and i not in lay.label_only else "" for i, t in enumerate(texts)]

    lead = structure.lead_indices(lay, start)
    lead_text = " ".join(texts[i] for i in lead)
    if title is None:
        title = title_from_lead(lead_text) if lead_text else ""
    summary = structure.cut_words(lead_text)

    background_parts: list[str] = []
    sections: list[Section] = []
    for label, body in _sections(lay, story):
        if label.lower() == "background":
            background_parts.append(body)
        elif body:
            sections.append(Section(label, body))
    if not background_parts:
        year = date.year if date else None
        background_parts = [
            texts[i] for i in structure.backstep_indices(lay, set(lead) | set(range(start)), year)
        ]

    return Brief(
        id=brief_id_for(raw),
        title=title,
        date=date,
        summary=structure.escape_markdown(summary),
        quotes=read_quotes(story),
        background=structure.escape_markdown("\n\n".join(background_parts)),
        sections=sections,
        sources=find_sources(paras, lay.credits),
        caption="\n".join(lay.captions) or None,
        body="\n\n".join(paras),
    )


def _sections(lay: structure.Layout, story: list[str]) -> list[tuple[str, str]]:
    """(label, text) for each labelled section, in order."""
    sections: list[tuple[str, list[str]]] = []
    for i, label in enumerate(lay.labels):
        if i in lay.label_text:
            sections.append((label or "", []))
        if sections and label is not None and story[i]:
            sections[-1][1].append(story[i])
    return [(label, "\n\n".join(parts)) for label, parts in sections]
