"""Speech cues in a skeleton: verb forms that introduce a statement, not nouns or passives."""

from __future__ import annotations

import re

from briefs.parse import lexicon as lx

_WORD_AFTER = re.compile(r"\s+([A-Z][\w’'.]*)")
# Bare forms ("say", "state"); "read", "put it" are their own past tense and not bare.
_LEMMAS = frozenset(lx.SPEECH_VERBS) - {"read", "put it", "hit back", "cut in"}
_BARE_VERB_BEFORE = frozenset({
    "i", "we", "you", "they", "will", "would", "can", "could", "may", "might", "must",
    "should", "shall", "did", "does", "do", "not", "never", "also", "often", "always",
    "and", "or", "but", "who", "that", "which", "people", "police", "men", "women",
    "children", "staff", "public", "media", "let", "to", "then", "still", "now", "just",
})
# The last word before a cue. Possessive: giving back a word's characters never lets
# the rest match (its apostrophes would be followed by a word character).
_WORD_BEFORE = re.compile(r"([\w’']++)\W*+$")
# The same, opening where a word does: past the window's first character, a match
# inside a word would also match one character earlier, so the leftmost one opens a word.
_WORD_BEFORE_OPENING = re.compile(r"(?<![\w’'])([\w’']++)\W*+$")
# A preposition never comes right before a finite verb: "against attacks" is a noun.
_NOUN_AFTER = frozenset({"of", "in", "with", "for", "about", "from", "on", "at", "into",
                         "following", "few", "many", "several", "some", "those", "these",
                         "against", "amid", "amidst", "despite", "during", "among", "amongst",
                         "toward", "towards", "between", "within", "without", "through",
                         "unlike", "upon", "across", "beyond", "behind"})
# A preposition before a one-word name before a cue ("at Labour claims", "amid Tory
# warnings"): the cue is a noun the name modifies. (Not one of time: "On Monday Ann says".)
_PREPOSITION_BEFORE = re.compile(
    r"(?<![\w’'])(?:at|against|amid|amidst|despite|about|over|of|to|with|from|by|among)\s+$")
_POSSESSIVE_AND_WORD = re.compile(
    r"(?<![\w’'])(?:[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Oo]ur|[Mm]y|[Yy]our)\s+[a-z]+\s+$")
_GOES_ON_TO = frozenset({"continue", "continues", "continued", "continuing"})
_WORD_NOT_TO = re.compile(r"\s+(?!to\b)[A-Za-z]")
_TO_INFINITIVE = re.compile(r"\s+to\s+[a-z]")
_CLAUSE_PUNCT = re.compile(r"[,;:]")
_FINITE_ONLY = frozenset({"said", "says", "told", "tells", "wrote", "spoke", "swore"})
SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it"})


def is_cue(sk: str, m: re.Match[str]) -> bool:
    """False for a verb form used as a noun or in the passive ("the report", "were said")."""
    cue = m.group(1).lower()
    if cue.startswith(("according", "per")) or "quoted" in cue:
        return True
    if cue in _LEMMAS:
        after = _WORD_AFTER.match(sk, m.end())
        if after is not None and after.group(1).lower() in lx.TITLES:
            return False  # "state Sen. Jason Holsman": an adjective before a title
    lo = max(0, m.start() - 40)
    before = (_WORD_BEFORE.match(sk, lo, m.start())
              or _WORD_BEFORE_OPENING.search(sk, lo + 1, m.start()))
    if before is None:
        return True
    if _CLAUSE_PUNCT.search(before.group()):
        return True  # "the head of Ferry First, said": the word belongs to the phrase before
    word = before.group(1).lower()
    if (cue.endswith("s") and cue not in _FINITE_ONLY and before.group(1)[:1].isupper()
            and _PREPOSITION_BEFORE.search(sk, max(0, before.start() - 10), before.start())):
        return False  # "hit back at Labour claims he had": a body's claims, a noun
    if (cue not in _LEMMAS and before.group(1)[:1].isupper()
            and not word.endswith(("'s", "’s", "s’", "s'", "’", "'"))
            and _mid_sentence(sk, before.start() - 1)):
        return True  # "“…,” From said", "Ms May said": a name, however common the word
    if cue in _LEMMAS and not _can_take_bare_verb(word):
        return False  # "Kim's mental state is": a bare form after a singular noun is a noun
    if word == "to" and not cue.startswith("according"):
        return False  # "authorized to speak", "declined to comment": not the clause's verb
    if word in lx.PASSIVE_BEFORE and not cue.endswith("ing"):
        return False
    if word in _NOUN_AFTER and not cue.endswith("ing"):
        return False  # "a series of tweets", "in comments"
    if word in lx.DETERMINERS:
        return False
    if cue.startswith(("go", "went")) and _WORD_NOT_TO.match(sk, m.end()):
        return False  # "once the Senate goes on recess", "went on television": no words said
    if cue in _GOES_ON_TO and _TO_INFINITIVE.match(sk, m.end()):
        # ("went on to say" stays: there the speaking is the point)
        return False  # "will continue to be": an aspect verb, nothing said
    if (_POSSESSIVE_AND_WORD.search(sk, max(0, m.start() - 40), m.start())
            and not _plainly_finite(cue)):
        return False  # "his recent remarks", "her latest claims": a noun
    # "Trump's statement" is a noun; "he's claiming" is a verb.
    return not (word.endswith(("'s", "’s", "s’", "s'")) and word[:-2] not in SUBJECT_PRONOUNS)


def _plainly_finite(cue: str) -> bool:
    """A past tense, a participle or "says" is no noun: "his campaign protested", "her aide
    wrote", "with one of her ads asking"."""
    return cue.endswith(("ed", "ing")) or cue in _FINITE_ONLY


def _mid_sentence(sk: str, at: int) -> bool:
    """Whether the word ending just after ``at`` follows a comma, a quotation or a lower-case
    word, so that its capital marks a name rather than a sentence opening."""
    head = sk[: at + 1].rstrip()
    return bool(head) and (head[-1] in ",\ue001" or head[-1].islower())


def _can_take_bare_verb(word: str) -> bool:
    """Whether a bare verb form ("say", "state") can follow ``word`` as a finite verb:
    after a plural ("officials say"), a pronoun, an auxiliary or an adverb."""
    return (word in _BARE_VERB_BEFORE or word.endswith(("s", "ly", "’", "'"))
            or word in lx.HUMAN_PLURALS)


# is_cue looks at the skeleton around a match only, whatever range it was found in, and
# the same cue is looked at from several ranges: its verdict is kept (for the last few
# thousand, an article's worth, so that a long run does not grow it).
_VERDICTS: dict[tuple[str, int, int], bool] = {}
_VERDICTS_SIZE = 4096


def find_cues(sk: str, lo: int, hi: int) -> list[re.Match[str]]:
    cues: list[re.Match[str]] = []
    for m in _cue_matches(sk, lo, hi):
        key = (sk, m.start(), m.end())
        verdict = _VERDICTS.get(key)
        if verdict is None:
            if len(_VERDICTS) >= _VERDICTS_SIZE:
                _VERDICTS.clear()
            verdict = _VERDICTS[key] = is_cue(sk, m)
        if verdict:
            cues.append(m)
    # "news reports said": of two cues in a row, the second is the verb; but in
    # "Clinton said answering a question" the participle hangs on the verb before it.
    kept: list[re.Match[str]] = []
    for m in cues:
        if kept and kept[-1].end() <= m.start() and not sk[kept[-1].end() : m.start()].strip():
            if m.group(1).endswith("ing"):
                continue
            kept.pop()
        kept.append(m)
    return kept


def cue_text(m: re.Match[str]) -> str:
    return " ".join(m.group(1).split())


def is_participle(m: re.Match[str]) -> bool:
    return m.group(1).endswith("ing") and not m.group(1).lower().startswith("according")



# The words of lx.CUE_FIRST_WORDS where lx.WORD_START_RE finds them: bounded alike on
# both sides, a word matches only whole, so these are exactly its words in that set.
_CUE_FIRST_WORD_RE = re.compile(
    r"(?<![\w'’-])" + lx.word_alternation(lx.CUE_FIRST_WORDS) + r"(?![\w'’-])")


def _cue_matches(sk: str, lo: int, hi: int) -> list[re.Match[str]]:
    """What ``CUE_RE.finditer(sk, lo, hi)`` finds, trying the pattern only where a
    word that can open a cue starts."""
    out: list[re.Match[str]] = []
    end = lo
    for w in _CUE_FIRST_WORD_RE.finditer(sk, lo, hi):
        if w.start() < end:
            continue
        m = lx.CUE_RE.match(sk, w.start(), hi)
        if m is not None:
            out.append(m)
            end = m.end()
    return out
