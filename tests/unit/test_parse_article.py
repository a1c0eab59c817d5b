"""One whole invented article through ``parse_article``: every field at once."""

from __future__ import annotations

import datetime as dt

from briefs import parse_article

ARTICLE = "\n\n".join([
    ' date 2024-03-11 The Valdorian government has held undisclosed talks with Corvain '
    'over the past year despite the river dispute, according to a report by the '
    'regional publication eastwire. Quoting unnamed officials, the report said '
    'meetings were held in Tarrow and Ostrava Vale.',
    '“We have kept in contact and we feel it is crucial to keep talking,” an unnamed '
    'senior Valdorian diplomat told the publication. “Nobody is dividing up the '
    'river.”',
    'The talks covered fishing quotas. “At no point did we negotiate borders,” the '
    'diplomat stated.',
    'A Corvain ministry spokesperson confirmed meetings took place when “strictly '
    'necessary for the safety of shipping.” The spokesperson added: “It is for the '
    'river towns to decide their future.”',
    'Last summer, the Halvard Times and NBC reported on secret talks. Known as “the '
    'quiet channel,” they were held between retired envoys.',
    'They concluded that “a treaty could take a decade” and warned that haste would '
    '“make things worse.”',
])


def test_the_whole_article() -> None:
    brief = parse_article(ARTICLE)
    assert brief.date == dt.date(2024, 3, 11)
    assert brief.title == ("The Valdorian government has held undisclosed talks with Corvain "
                           "over the past year")
    assert brief.summary.startswith("The Valdorian government has held undisclosed talks")
    assert "Quoting unnamed officials" in brief.summary
    assert [(q.text.split()[0], q.speaker) for q in brief.quotes] == [
        ("We", "an unnamed senior Valdorian diplomat"),
        ("Nobody", "an unnamed senior Valdorian diplomat"),
        ("At", "an unnamed senior Valdorian diplomat"),
        ("strictly", "A Corvain ministry spokesperson"),
        ("It", "A Corvain ministry spokesperson"),
        ("a", "retired envoys"),
        ("make", "retired envoys"),
    ]
    assert brief.quotes[2].speaker_mention == "the diplomat"
    assert brief.quotes[2].cue == "stated"
    assert brief.sources == ["eastwire", "Halvard Times", "NBC"]
    assert "quiet channel" in brief.background
    assert brief.caption is None
    assert brief.body.startswith("The Valdorian government")
    assert (brief.tags, brief.read) == ([], False)
