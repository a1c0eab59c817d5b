"""The title of an article: its headline line, or a concise cut of the lead sentence."""

from __future__ import annotations

import re

from briefs.parse.lexicon import word_set
from briefs.parse.sentences import split_sentences

#: The longest title made from a lead sentence, in words.
TITLE_MAX_WORDS = 16
#: A cut shorter than this reads as a fragment; the cut then moves further on.
TITLE_MIN_WORDS = 6
#: The longest first line still taken for a headline.
HEADLINE_MAX_WORDS = 20

# Words that open a new clause or phrase: a title may stop just before them.
_CLAUSE_OPENERS = word_set("""after amid as although because before but despite during
    following including
    over since though till until when whereas where which while who whom whose
    according ahead against following via without""")
# Prepositions that open a phrase too, tried when no clause opener fits.
_PHRASE_OPENERS = word_set("""at by for from in into on with""")
# A title must not end on a word that needs what follows.
_DANGLING = word_set("""a an the of to and or but nor with for from by in on at as that this
    these those
    its his her their our my your is are was were be been has have had will would can
    could should may might must not no very more most than""")
_ABBREVIATION_END = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Inc|Corp|Co|Ltd)|\b[A-Z])\.$")


def headline(first_paragraph: str, has_more: bool) -> str | None:
    """The first paragraph when it is a headline, else None.

    A headline is a short single line followed by more text, that does not end
    with a full stop (news exports put the headline alone on the first line).
    Title-case lines are headlines even with a final full stop.
    """
    line = first_paragraph.strip()
    if not has_more or not line or "\n" in line:
        return None
    words = line.split()
    if len(words) > HEADLINE_MAX_WORDS:
        return None
    if not line.endswith("."):
        return line.rstrip(":;,")
    capitalised = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    if len(words) >= 3 and capitalised / len(words) >= 0.7:
        return line[:-1]
    return None


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` (abbreviations such as ``Mr.`` do not end it)."""
    sentences = split_sentences(text)
    return sentences[0] if sentences else ""


def title_from_lead(lead: str) -> str:
    """A concise title from the lead's first sentence, cut at a clause boundary.

    At most :data:`TITLE_MAX_WORDS` words; the cut falls after a comma or
    before a word that opens a clause (``despite``, ``after``, ``which``...), and
    never after a word that needs what follows it (``the``, ``of``).
    """
    sentence = first_sentence(lead)
    words = sentence.split()
    if len(words) <= TITLE_MAX_WORDS:
        return _tidy(sentence)
    cut = _best_cut(words)
    return _tidy(" ".join(words[:cut]))


def _best_cut(words: list[str]) -> int:
    limit = min(TITLE_MAX_WORDS, len(words))
    for openers in (_CLAUSE_OPENERS, _PHRASE_OPENERS):
        for n in range(limit, TITLE_MIN_WORDS - 1, -1):
            last = words[n - 1]
            if _bare(last) in _DANGLING:
                continue
            if last.endswith((",", ";", ":")) or _bare(words[n]) in openers:
                return n
    # No boundary: the longest cut that does not end on a dangling word.
    for n in range(limit, TITLE_MIN_WORDS - 1, -1):
        if _bare(words[n - 1]) not in _DANGLING:
            return n
    return limit


def _bare(word: str) -> str:
    return word.strip(".,;:!?\"“”‘’'()[]").lower()


def _tidy(title: str) -> str:
    title = title.strip().rstrip(",;:—–- ")
    if title.endswith(".") and not _ABBREVIATION_END.search(title):
        title = title[:-1]
    return title
