"""Tests on the words around a quotation that attribution asks of a paragraph skeleton.

Pure functions of the skeleton text, kept apart from :mod:`~briefs.parse.speakers`,
which decides who said each quotation.
"""

from __future__ import annotations

import re

from briefs.parse import lexicon as lx
from briefs.parse.cues import find_cues
from briefs.parse.skeleton import PH_OPEN, PLACEHOLDER, Para
from briefs.parse.subjects import subject_after, valid_subject

_CLAUSE_PUNCT = re.compile(r"[,.;:]")
# Between two quotations of one phrase: a few lower-case words, then "and" or "or".
_COORDINATED = re.compile(r"[,\s]*(?:[a-z’'-]+\s+){0,6}?(?:and|or)\s+")
_REPORTING_WORD = re.compile(r"\b(?:that|what|how|why|whether|to)\b")


def reads_as_verb(text: str) -> bool:
    """``totally refuted``, ``categorically denied``: a past tense, perhaps after an
    adverb, in lower case."""
    words = text.split()
    return (text.islower() and len(words) <= 2 and words[-1].endswith("ed")
            and (len(words) == 1 or words[0].endswith("ly")))


def parenthetical_speaker(sk: str, lo: int, m: re.Match[str], start: int) -> str | None:
    """``…, says Carl Anthony, historian at X, …``: an inverted cue set off by commas
    names its speaker after the verb."""
    if (m.group(1).lower() not in lx.INVERTIBLE_FORMS
            or not sk[lo : m.start()].rstrip().endswith(",")):
        return None
    after = subject_after(sk, m.end(), start)
    name = after.split(",", 1)[0].strip() if after else ""
    if not name[:1].isupper() or not valid_subject(name):
        return None
    rest = sk[m.end() : start].lstrip()
    return name if rest.startswith(name) and rest[len(name) :].lstrip()[:1] == "," else None


def adjacent(between: str, subject: str) -> bool:
    """The subject opens the text after the quotation (no other clause in between)."""
    lead = between.strip(" ,—–-")
    if lead.startswith(subject[:12]):
        return True
    # "Fight for $15 organizing director Kendall Fells told": the name closes the phrase.
    words = lead[: -len(subject)].split()
    # (After "$", the phrase the subject reading kept may open on the figure.)
    return (lead.endswith(subject) and (subject[:1].isupper() or subject[:1].isdigit())
            and len(words) <= 6
            and subject.split()[0].lower() not in lx.ALL_PRONOUNS
            and not any(w.lower() in lx.CLAUSE_WORDS or w in lx.SPEECH_FORMS
                        or (not w[:1].isalnum() and w != "$") for w in words))


def only_quotes(skeleton: str) -> bool:
    """A paragraph that is nothing but quotations (and punctuation)."""
    return not PLACEHOLDER.sub("", skeleton).strip(" .,;:!?—–-")


def opens_with_quote(skeleton: str) -> bool:
    """A paragraph opening on a quotation, with no speech cue of its own."""
    return skeleton.lstrip().startswith(PH_OPEN) and not find_cues(skeleton, 0, len(skeleton))


def listener_only(cue: str, rest: str) -> bool:
    """``"…?" Trump told Britain's ITV in an interview.``: after "told" or "asked", the listener
    and circumstances, with no clause of reported speech of its own."""
    if cue.lower() not in ("told", "tells", "asked", "asks"):
        return False
    # The listener's few words: "told reporters that …" would report speech of its own.
    clause = " ".join(_CLAUSE_PUNCT.split(rest, maxsplit=1)[0].split()[:6])
    return not _REPORTING_WORD.search(clause) and not find_cues(
        clause, 0, len(clause))


def coordinated(para: Para, first: int, second: int) -> bool:
    """``having “a millstone be hanged” around their necks and “drowned at sea”``: two
    quotations of one sentence joined by "and" or "or", with no speech verb between."""
    if first not in para.slots or second not in para.slots:
        return False
    _, _, tail = para.slots[first]
    start = para.slots[second][0]
    return (para.sentence_start(start) <= tail
            and _COORDINATED.fullmatch(para.skeleton, tail, start) is not None
            and not find_cues(para.skeleton, tail, start))
