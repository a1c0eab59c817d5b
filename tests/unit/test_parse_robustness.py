"""``parse_article`` never raises, and what it returns is always a clean Brief."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefs import parse_article
from briefs.models import brief_id_for

# Text made of the pieces the parser reacts to, so that random input reaches the
# interesting paths (quotes, cues, labels, markers) and not only plain letters.
_PIECES = st.sampled_from(
    ['"', "“", "”", "„", "«", "»", "‘", "’", ",", ".", ":", ";", "—", "―", "(", ")", "\n",
     "\n\n", "\r\n", " ", "\u00a0", "\x1b[31m", "\x07", "\u202e", "\ue000", "\ue001", "said",
     " he said", "She told", "according to", "the diplomat", "Mr.", "Ms Ode", "Photo:",
     "Source:", "Background:", "Details:", "date 2024-02-30", "date 2023-09-23 ", "In 2019,",
     "Tamsin Reeve", "they", "It", "(Reuters)", " - ", "Image caption", "who", "and", "1."]
)
_TEXT = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=60).map("".join),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_parse_article_never_raises(text: str) -> None:
    brief = parse_article(text)
    assert brief.id == brief_id_for(text)
    assert brief.title
    assert len(brief.summary.split()) <= 90
    assert brief.tags == [] and brief.read is False
    for q in brief.quotes:
        assert q.text
    for field in (brief.title, brief.summary, brief.body, brief.background):
        assert "\x1b" not in field and "\x07" not in field and "\r" not in field
