"""Who a speech verb's subject is: noun phrases read back or forward from a cue.

Functions here work on a paragraph skeleton (see :mod:`briefs.parse.skeleton`)
between two offsets inside one sentence; they return the subject as written,
or a sentinel (:data:`COORD`, :data:`RELATIVE`) that tells the caller to look
further.
"""

from __future__ import annotations

import re
from functools import lru_cache

from briefs.parse import lexicon as lx
from briefs.parse.cues import SUBJECT_PRONOUNS, is_participle
from briefs.parse.lexicon import word_set
from briefs.parse.phrases import read_phrase
from briefs.parse.skeleton import PLACEHOLDER

TOKEN = re.compile(r"\ue000\d+\ue001|[\w][\w’'.&/-]*|[,;:()—–]|\S")
_HARD_PUNCT = frozenset({";", ":", "(", ")", "—", "–"})
_INTRO_WORDS = word_set("""in on at during after before speaking asked when while following
    earlier later
    responding writing meanwhile however separately also but and yet still then last this
    today yesterday by for from with as since under according unlike like despite amid
    upon addressing appearing testifying interviewed reached contacted likewise similarly
    instead indeed moreover here""")
_TIME_WORDS = word_set("""monday tuesday wednesday thursday friday saturday sunday morning
    afternoon evening
    night week month year weekend""")
_TIME_LEADS = frozenset({"on", "last", "this", "next", "that", "late", "early", "in"})
_NOT_SUBJECT = frozenset({"there", "here", "it's", "what", "which", "who"})
COORD = "\x00coord"  # sentinel: a verb coordinated with the previous one ("and warned")
RELATIVE = "\x00relative"  # sentinel: a verb inside a relative clause ("who suggested")
SENTINELS = (COORD, RELATIVE)
_TITLE_LEADS = frozenset({"of", "the", "a", "an"})
_POSSESSIVES = frozenset({"its", "his", "her", "their", "our", "my", "your"})
_CONJUNCTIONS = frozenset({"but", "and", "yet", "or", "so"})
_INTRO_ADVERBS = frozenset({"even", "just", "only", "right", "soon", "long", "not"})
_DETERMINED_OPENERS = frozenset({"the", "a", "an", "one", "his", "her", "its", "their",
                                 "another", "some", "two", "three", "several"})
_RELATIVE_WORDS = frozenset({"who", "which", "that", "whom"})
_QUESTION_WORDS = frozenset({"what", "how", "why"})
_OBJECT_WORDS = frozenset({"her", "him", "them", "us", "me", "that", "this", "it's", "there"})
_QUANTIFIERS = frozenset({"one", "two", "three", "four", "five", "several", "some", "many",
                          "most", "both", "few", "other", "others", "another"})
_AFTER_NAME = frozenset({"in", "on", "at", "during", "after", "before", "to", "when", "while",
                         "as", "via", "from", "about", "outside", "inside"})
_NAME_GLUE = frozenset({"of", "de", "van", "von", "bin", "al", "la", "le", "du", "da", "di",
                        "der", "del", "&"})
# What may follow the verb of an attribution clause: its end, or a short adverbial.
_CLAUSE_DONE = re.compile(
    r"\s*(?:$|[,.;:]|(?:in|on|at|to|during|via|after|before|from|when|while|on|about|"
    r"this|last|yesterday|today|of|[A-Z][a-z]+day)\b)"
)
_CONTRACTION = re.compile(r"^(he|she|they|it|we|i|you)[’'](?:s|re|d|ll|ve|m)$", re.IGNORECASE)
_MONTHS = word_set("""january february march april may june july august september october
    november december jan feb mar apr jun jul aug sep sept oct nov dec""")
# Frequent irregular verbs, to tell where a subject ends ("Clinton took …").
_COMMON_VERBS = word_set("""is are was were be has have had do does did will would can could
    shall should may might must made makes took takes gave gives went goes came comes got gets
    held holds met meets left leaves kept keeps ran runs saw sees began begins put puts set sets
    found finds knew knows thought thinks became becomes brought brings felt feels won wins
    lost loses paid pays sent sends spent spends stood stands led leads chose chooses""")
# Where the noun phrase after an inverted cue ends at the latest.
_PHRASE_END = re.compile(r"[;:?!](?:\s|$)|\s[—–]\s")
_ABBREVIATION_END = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Inc|Corp|Co|Ltd)|\b[A-Z])\.$")
# A dateline opening a story: a place in capitals, perhaps a date and a wire, a dash.
_DATELINE = re.compile(r"\s*[A-Z][A-Z.'’ -]{2,}[A-Z.],[^—–\n]{0,40}?\s[—–-]+\s+")
# Lower-case words that cannot be a role written before a name ("said on Monday").
_NOT_ROLE_WORDS = (lx.CLAUSE_WORDS | lx.DETERMINERS | lx.BETWEEN_SUBJECT_AND_VERB | _AFTER_NAME
                   | _TIME_WORDS | _OBJECT_WORDS | lx.ALL_PRONOUNS
                   | word_set("of for by with into over under against among through"))
# A bare verb lemma inside a noun phrase is a modifier: "state Sen. Jason Holsman".
_LEMMAS = frozenset(lx.SPEECH_VERBS)
_THATS = frozenset({"That’s", "That's", "This", "That"})  # "That’s why", "This is why"
_DASHES = frozenset({"-", "–", "—"})
_INVERTED_OPENERS = frozenset({"Said", "Says", "Added", "Adds", "Asked", "Wrote", "Stated"})
_PROGRESSIVE = frozenset({"is", "are", "was", "were", "been", "be", "’s", "'s"})
#: Longest speaker phrase before its first comma, in words.
MAX_SPEAKER_WORDS = 9
# Lower-case finite verbs and function words a noun phrase never holds / ends on.
_FINITE = word_set("""is are was were has have had will would can could should must does
    did do shall may might""")
_DANGLING = word_set("""a an the of to in on at for with by from as and or but that which
    than into over about after before while when where because if its their his her""")
#: Longest subject read backwards from a verb, in tokens.
MAX_SUBJECT_TOKENS = 12


@lru_cache(maxsize=4096)  # asked of the same subject from several cues and quotations
def valid_subject(subject: str | None) -> bool:
    """A subject that can name a speaker: a noun phrase, not a sentinel or a clause."""
    if not subject or subject in SENTINELS:
        return False
    phrase = read_phrase(subject)  # relative clauses and appositives cut off
    return phrase is not None and not is_clause_fragment(phrase.text, any_length=True)


@lru_cache(maxsize=4096)  # a pure test, asked again of each speaker and subject
def is_clause_fragment(phrase: str, any_length: bool = False) -> bool:
    """A speaker is a name or a role phrase: words with a finite verb ("the year had
    begun well"), ending on a function word ("the chief executive of a") or running
    longer than a noun phrase does are a piece of a clause. ``any_length`` leaves the
    length alone, for a mention whose prepositional tail will be cut off ("Ann Doe of
    the University of Tarrow School of Law")."""
    core = phrase.split(",", 1)[0]
    words = [w.strip("()") for w in core.split()]
    if not words:
        return False
    if len(words) > MAX_SPEAKER_WORDS and not any_length:
        return True
    if any(w in _FINITE for w in words):
        return True
    return len(words) > 1 and words[-1] in _DANGLING



def subject_of(sk: str, lo: int, hi: int, cues: list[re.Match[str]], i: int) -> str | None:
    """The subject of cue ``i``, following coordination back to an earlier cue."""
    coordinated = False
    while True:
        m = cues[i]
        subject = subject_before(sk, lo, m.start(), participle=is_participle(m))
        if coordinated and subject is not COORD and not valid_subject(subject):
            # "Carson did not mention …, but told his supporters": the earlier verb's
            # subject, behind an auxiliary and a negation, opens the clause.
            return sentence_subject(sk, lo, m.start())
        if subject is not COORD:
            return subject
        coordinated = True
        if i == 0:
            before = _tokens(sk, lo, m.start())
            if len(before) <= 1:
                # "After saying …, she was": the participle hangs on the main clause.
                comma = sk.find(",", m.end(), hi)
                return sentence_subject(sk, comma + 1, hi) if comma >= 0 else None
            return sentence_subject(sk, lo, m.start())
        i -= 1


def subject_after(sk: str, lo: int, hi: int) -> str | None:
    """The noun phrase after an inverted cue: ``said Peter Morgan, a lawyer``."""
    text = sk[lo:hi]
    cut = PLACEHOLDER.search(text)
    if cut is not None:
        text = text[: cut.start()]
    text = _PHRASE_END.split(text, maxsplit=1)[0].rstrip()
    if text.endswith(".") and not _ABBREVIATION_END.search(text):
        text = text[:-1]
    tokens = TOKEN.findall(text)
    if not tokens:
        return None
    first = tokens[0]
    w = first.lower()
    if w in _OBJECT_WORDS or not (
        first[:1].isupper() or first[:1].isdigit() or w in lx.DETERMINERS
        or w in lx.ALL_PRONOUNS or w in _QUANTIFIERS or _titled_name(tokens)
    ):
        return None
    # Keep the name and its appositives; stop at a prepositional tail after a name.
    kept: list[str] = []
    commas = 0
    for tok in tokens:
        if tok == ",":
            commas += 1
            if commas > 2:
                break
        elif tok in _HARD_PUNCT or PLACEHOLDER.fullmatch(tok):
            break
        elif (commas == 0 and kept and kept[-1][:1].isupper() and tok.lower() in _AFTER_NAME
              and tok[:1].islower()):
            break  # "said Smith in a statement": the name is complete
        kept.append(tok)
        if len(kept) > 24:
            break
    titled = (cut is not None or sk.startswith("\ue000", hi)) and w not in _POSSESSIVES
    while titled and len(kept) == len(tokens) and kept and kept[-1].lower() in _TITLE_LEADS:
        kept.pop()  # "wrote the authors of the “Growth Project”": the authors, cut at the title
        tokens.pop()
    return join_tokens(kept).strip(" ,") or None


def _titled_name(tokens: list[str]) -> bool:
    """``said election lawyer Joe Birkenstock``: a few lower-case role words, then a name."""
    for n, tok in enumerate(tokens[:7]):
        if tok[:1].isupper():
            return n > 0
        w = tok.lower()
        if w in ("of", "for") and n and tokens[n - 1].lower() in lx.HUMAN_NOUNS:
            continue  # "said former secretary of state Ann Doe"
        if n and tokens[n - 1].lower() in ("of", "for") and tok.isalpha():
            continue  # "state" there is the office, not a verb
        if (not tok.isalpha() or w in _NOT_ROLE_WORDS or w.endswith("ly")
                or w in lx.SPEECH_FORMS):
            return False
    return False


def _tokens(sk: str, lo: int, hi: int) -> list[str]:
    """Tokens of ``sk[lo:hi]``, with "he's" read as "he has" (a subject and its auxiliary)."""
    if sk.find("'", lo, hi) < 0 and sk.find("’", lo, hi) < 0:
        return TOKEN.findall(sk, lo, hi)  # no apostrophe, no contraction: the usual case
    out: list[str] = []
    for tok in TOKEN.findall(sk, lo, hi):
        m = _CONTRACTION.match(tok)
        if m:
            out.extend((m.group(1), "has"))
        else:
            out.append(tok)
    return out


def _skip_between(tokens: list[str]) -> int:
    """Index just past the subject: adverbs, auxiliaries and time phrases skipped."""
    i = len(tokens)
    while i > 0:
        w = tokens[i - 1].lower()
        # "-ly" is an adverb in lower case only: "Kelly said", "Reilly said" are names.
        adverb = w.endswith("ly") and len(w) > 4 and tokens[i - 1][:1].islower()
        if (w in lx.BETWEEN_SUBJECT_AND_VERB and tokens[i - 1][:1].islower()) or adverb:
            i -= 1
        elif w in _TIME_WORDS and i > 1 and tokens[i - 2].lower() in _TIME_LEADS:
            i -= 2
        elif w in _TIME_WORDS:
            i -= 1
        else:
            break
    return i


def subject_before(sk: str, lo: int, verb: int, participle: bool = False) -> str | None:
    """The subject of a speech verb, read backwards from it within one sentence.

    Returns :data:`COORD` for a verb that shares an earlier one's subject
    (``… and warned``, ``…, adding``) and :data:`RELATIVE` for a verb inside a
    relative clause (``a woman who suggested``).
    """
    tokens = _tokens(sk, lo, verb)
    i = _skip_between(tokens)
    if participle and i > 0 and tokens[i - 1].lower() in _PROGRESSIVE:
        # "Sanders is pledging": a progressive tense has a subject of its own.
        i = _skip_between(tokens[: i - 1])
        participle = False
    if i == 0:
        return COORD if participle else None
    last = tokens[i - 1]
    lw = last.lower()
    if lw in ("and", "but", "or", "then", "before", "after", "while", "when", "by", "without"):
        return COORD
    if participle:
        # "footage of Trump saying": a name right before the participle is its subject;
        # otherwise the participle hangs on the clause's subject.
        absolute = _with_absolute(tokens[:i])
        if absolute is not None:
            return absolute
        if last[:1].isupper() and not PLACEHOLDER.fullmatch(last):
            j = i
            while j > 0 and (tokens[j - 1][:1].isupper() or tokens[j - 1].lower() in _NAME_GLUE):
                j -= 1
            while j < i and tokens[j].lower() in _NAME_GLUE:
                j += 1  # "footage of Trump saying": the name, without "of"
            if j > 0 and tokens[j - 1].lower() in _AFTER_NAME:
                return COORD  # "responded on Facebook writing": a place, not a subject
            return join_tokens(tokens[j:i]) or COORD
        return COORD
    if PLACEHOLDER.fullmatch(last) or last in _HARD_PUNCT:
        return None
    if last == ",":
        return _appositive_subject(tokens[: i - 1])
    j = i
    while j > 0:
        tok = tokens[j - 1]
        w = tok.lower()
        if tok in _HARD_PUNCT or tok == "," or PLACEHOLDER.fullmatch(tok) or not tok[:1].isalnum():
            break
        if ((w in lx.CLAUSE_WORDS and not (tok[:1].isupper() and w in ("will", "may")))
                or w in _QUESTION_WORDS):
            break  # a new clause; "Will" and "May" in capitals are names
        if (tok in lx.SPEECH_FORMS and tok not in _LEMMAS and j < i
                and not (tok.endswith("ing") and j > 1 and tokens[j - 2][:1].isalpha()
                         and tokens[j - 2].lower() not in lx.CLAUSE_WORDS)
                and not (j > 2 and tokens[j - 2].lower() == "who"
                         and tokens[j - 3][:1].isalpha())):
            # "Smith said Jones told": the earlier verb ends the subject; but in "a source
            # speaking to the paper said" the participle belongs to the noun before it, and
            # in "an official who spoke on condition of anonymity said" a relative clause.
            break
        j -= 1
        if i - j > MAX_SUBJECT_TOKENS:
            return None
    if j > 1 and j < i and tokens[j - 1] == "and":
        j = _coordinated_start(tokens, j - 1, i)
    np = tokens[j:i]
    if not np:
        # "a resolution which said the city …": the relative pronoun is the subject, and
        # what follows the verb is what was said, not who said it.
        return RELATIVE if j and tokens[j - 1].lower() in _RELATIVE_WORDS else None
    if len(np) > 1 and np[-1].lower() in SUBJECT_PRONOUNS:
        return np[-1]  # "at 86 she still says": the pronoun is the subject
    if np[-1].lower() == "who" and len(np) > 1 and np[-2][:1].isupper():
        return _name_run(np[:-1]) or RELATIVE  # "Rikkie Wells who tweeted"
    if np[-1].lower() in _RELATIVE_WORDS and len(np) > 1:
        return RELATIVE
    if np[0].lower() in ("who", "which") and j > 1 and tokens[j - 1] == ",":
        # "from Mike Lee, who declared": the name the relative clause hangs on.
        named = _name_run(tokens[: j - 1])
        if named and valid_subject(named):
            return named
        return _appositive_subject([*tokens[: j - 1], ","])
    if np[0].lower() == "who" and j > 1 and tokens[j - 1] in _DASHES:
        # "Ann Doe - who had said she would …": a name set off by a dash, as by a comma.
        named = _name_run(tokens[: j - 1])
        return named if named and valid_subject(named) else None
    if np[0].lower() in _NOT_SUBJECT:
        return None
    subject = join_tokens(np)
    if read_phrase(subject) is None and np[-1][:1].isupper():
        # "Fight for $15 organizing director Kendall Fells told": the name before the verb.
        k = len(np)
        while k > 0 and (np[k - 1][:1].isupper() or np[k - 1].lower() in _NAME_GLUE):
            k -= 1
        subject = join_tokens(np[k:])
    return subject


def _with_absolute(tokens: list[str]) -> str | None:
    """``…, with the campaign of the former senator saying …``: the noun phrase after "with"
    is the participle's own subject (a determined phrase; "met with reporters saying" is
    left to the clause)."""
    for k in range(len(tokens) - 1, max(-1, len(tokens) - 12), -1):
        tok = tokens[k]
        if tok.lower() == "with":
            np = tokens[k + 1 :]
            if np and np[0].lower() in _DETERMINED_OPENERS:
                subject = join_tokens(np)
                return subject if valid_subject(subject) else None
            return None
        if not tok[:1].isalnum() or tok.lower() in lx.CLAUSE_WORDS or tok in lx.SPEECH_FORMS:
            return None
    return None


def _coordinated_start(tokens: list[str], conj: int, verb: int) -> int:
    """Where a subject joined by "and" starts ("the Florida senator and presidential
    candidate said", "Ann Doe and Ivo Roe wrote"), or just after the "and" when what
    comes before it is not a plain noun phrase opening the clause."""
    k = conj
    while k > 0:
        tok = tokens[k - 1]
        if tok == "," or tok in _HARD_PUNCT or PLACEHOLDER.fullmatch(tok):
            break
        w = tok.lower()
        if (w in lx.CLAUSE_WORDS or w in lx.SPEECH_FORMS or w in _COMMON_VERBS
                or (tok[:1].islower() and w.endswith("ed")) or not tok[:1].isalnum()
                or conj - k >= 6):
            return conj + 1
        k -= 1
    return k if k < conj else conj + 1


def _name_run(tokens: list[str]) -> str | None:
    """The capitalised name (with titles and "of Florida") that ends ``tokens``."""
    k = len(tokens)
    while k > 0 and (tokens[k - 1][:1].isupper() or (tokens[k - 1].lower() in _NAME_GLUE
                                                     and k > 1 and tokens[k - 2][:1].isupper())):
        k -= 1
    while k < len(tokens) and tokens[k].lower() in _NAME_GLUE:
        k += 1
    return join_tokens(tokens[k:]) or None


def sentence_subject(sk: str, lo: int, hi: int) -> str | None:
    """The noun phrase opening the clause (after any introductory phrases)."""
    dateline = _DATELINE.match(sk, lo, hi)
    if dateline is not None:
        lo = dateline.end()  # "PHILADELPHIA, July 25 (UPI) — The committee …"
    tokens = _tokens(sk, lo, hi)
    if tokens and tokens[0] in _INVERTED_OPENERS:
        tokens = tokens[1:]  # "Said Williams: …"
    elif tokens and tokens[0] in _THATS:
        # "That’s why he wanted …", "This is how she …": the pronoun is who it is about.
        k = 1 if tokens[0].startswith("That") and len(tokens[0]) > 4 else 2
        if (len(tokens) > k + 1 and (k == 1 or tokens[1] == "is")
                and tokens[k] in ("why", "how") and tokens[k + 1] in lx.SINGULAR_PRONOUNS):
            tokens = tokens[k + 1 :]
    for _ in range(3):
        if (len(tokens) > 1 and tokens[0].lower() in _CONJUNCTIONS and (
                (tokens[1][:1].isupper() and tokens[1].lower() not in lx.CAP_STOPWORDS)
                or tokens[1] in lx.SINGULAR_PRONOUNS)):
            # "But Sen. Ann Doe refused …", "And he made a point …": the conjunction
            # links sentences
            tokens = tokens[1:]
        if not tokens or "," not in tokens:
            break
        w = tokens[0].lower()
        # "Continuing to explain his view, Carson …": a participle phrase opens the sentence.
        participle = w.endswith("ing") and len(w) > 5 and w not in lx.HUMAN_NOUNS
        # "Led by the speaker, the rally …": a passive participle phrase, too.
        participle = participle or (w.endswith("ed") and len(tokens) > 1
                                    and tokens[1].lower() == "by")
        # "Eight years ago, he …": a time before now, however many words it takes.
        ago = tokens[tokens.index(",") - 1].lower() == "ago"
        if (w in _INTRO_WORDS or w in _TIME_WORDS or w in _MONTHS or tokens[0][:1].isdigit()
                or participle or ago or _adverb_intro(tokens)):
            tokens = tokens[tokens.index(",") + 1 :]
        else:
            break
    while tokens and not tokens[0][:1].isalnum():
        tokens = tokens[1:]
    if not tokens:
        return None
    if tokens[0].lower() in lx.ALL_PRONOUNS and tokens[0].lower() not in _OBJECT_WORDS:
        return tokens[0]
    if tokens[0].lower() in _RELATIVE_WORDS:
        return None  # "…, which hits liberals where they live:": a relative clause, no subject
    np = _leading_np(tokens)
    return join_tokens(np) if np else None


def _leading_np(tokens: list[str]) -> list[str]:
    """The noun phrase at the head of ``tokens``: up to the first word that reads as a verb."""
    for j, tok in enumerate(tokens[:MAX_SUBJECT_TOKENS]):
        if not tok[:1].isalnum() or PLACEHOLDER.fullmatch(tok):
            return tokens[:j]
        if j and not tok[:1].isupper():
            w = tok.lower()
            if (w in lx.CLAUSE_WORDS or w in lx.BETWEEN_SUBJECT_AND_VERB
                    or (w in lx.SPEECH_FORMS and w not in _LEMMAS)
                    or w.endswith(("n't", "n’t"))
                    or w in _COMMON_VERBS
                    or (w.endswith("ed") and len(w) > 3
                        and tokens[j - 1].lower() not in lx.DETERMINERS)  # "the retired"
                    or (w.endswith("s") and tokens[j - 1][:1].isupper()
                        and w not in lx.HUMAN_PLURALS)):
                return tokens[:j]
    return []


def _appositive_subject(tokens: list[str]) -> str | None:
    """``Peter Morgan, a lawyer for X, who …,`` before a verb: the first plain chunk."""
    b = len(tokens)
    while b > 0:
        tok = tokens[b - 1]
        if tok in _HARD_PUNCT or PLACEHOLDER.fullmatch(tok):
            break
        if tok.lower() in ("that", "because", "although", "though", "whereas", "if"):
            break
        b -= 1
    chunks: list[list[str]] = [[]]
    for tok in tokens[b:]:
        if tok == ",":
            chunks.append([])
        else:
            chunks[-1].append(tok)
    chunks = [c for c in chunks if c]
    if not chunks or sum(len(c) for c in chunks) > 40:
        return None
    for n, chunk in enumerate(chunks):
        if chunk[0].lower() in ("and", "but") and len(chunk) > 1:
            chunk = chunk[1:]
        first = chunk[0].lower()
        if first in _INTRO_WORDS or first.endswith("ing") or first in _TIME_WORDS:
            continue
        if first in ("who", "which", "whose"):
            return None
        text = join_tokens(chunk)
        rest = chunks[n + 1 :]
        if rest:
            text += ", " + ", ".join(join_tokens(c) for c in rest)
        return text
    return None


def _adverb_intro(tokens: list[str]) -> bool:
    """``Shortly after the call ended, …``, ``Even before …,``: an adverb before an introductory
    word opens an adverbial phrase, not a name ("Kelly said")."""
    first = tokens[0].lower()
    return (len(tokens) > 1 and (first.endswith("ly") or first in _INTRO_ADVERBS)
            and tokens[1].lower() in _INTRO_WORDS and tokens[1].islower())


def join_tokens(tokens: list[str]) -> str:
    out = ""
    for tok in tokens:
        if not out or tok in (",", ")") or out.endswith("("):
            out += tok
        else:
            out += " " + tok
    return out
