"""Who said each quotation: attribution cues, continuation and coreference.

Each paragraph is read as a *skeleton*: its quotations replaced by a private
placeholder (``\\ue000<k>\\ue001`` followed by the quotation's closing
punctuation), so that the words inside a quotation never pass for a speech
verb or a speaker, and sentence splitting sees a quotation as one token.

For every quotation, in article order:

1. a term or title (``known as "Track 1.5 diplomacy"``) is not a statement;
2. an attribution right after it (``"…," the diplomat said`` / ``said Smith``);
3. else the last speech cue before it in its sentence (``X said: "…"``,
   ``X said that … "…"``, ``according to X``), or a cue ending the previous
   paragraph with a colon;
4. else the speaker of a neighbouring quotation in the same paragraph, or, for a
   paragraph that is nothing but a quotation, the previous quotation's speaker.

The phrase found is then resolved (:class:`Discourse`) to the fullest earlier
mention of its referent: pronouns to the latest compatible person, group or
organisation, role nouns (``the spokesperson``) to the mention with that head
noun, surnames (``Mr Blair``) to the full name.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from briefs.models import Quote
from briefs.parse import lexicon as lx
from briefs.parse.lexicon import word_set
from briefs.parse.phrases import Phrase, read_phrase
from briefs.parse.quotes import QuoteSpan, find_quotes
from briefs.parse.sentences import sentence_starts

_PH_OPEN, _PH_CLOSE = "\ue000", "\ue001"
_PLACEHOLDER = re.compile(r"\ue000(\d+)\ue001")
_TOKEN = re.compile(r"\ue000\d+\ue001|[\w][\w’'.&/-]*|[,;:()—–]|\S")
# An epigraph-style credit after a quotation: "…" — Carla Sanchez.
_DASH_NAME = re.compile(r"\s*[—―–]+\s*([A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,4})\s*[.,]?\s*$")
_WORD_BEFORE = re.compile(r"([\w’']+)\W*$")
_FINAL_PUNCT = {",": ",", ".": ".", "?": ".", "!": ".", ";": ";", ":": ":", "…": "."}
_HARD_PUNCT = frozenset({";", ":", "(", ")", "—", "–"})
_INTRO_WORDS = word_set("""in on at during after before speaking asked when while following
    earlier later
    responding writing meanwhile however separately also but and yet still then last this
    today yesterday by for from with as since under according unlike like despite amid
    upon addressing appearing testifying interviewed reached contacted""")
_TIME_WORDS = word_set("""monday tuesday wednesday thursday friday saturday sunday morning
    afternoon evening
    night week month year weekend""")
_TIME_LEADS = frozenset({"on", "last", "this", "next", "that", "late", "early", "in"})
_NOT_SUBJECT = frozenset({"there", "here", "it's", "what", "which", "who"})
_COORD = "\x00coord"  # sentinel: a verb coordinated with the previous one ("and warned")
_RELATIVE = "\x00relative"  # sentinel: a verb inside a relative clause ("who suggested")
_SENTINELS = (_COORD, _RELATIVE)
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
_SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it"})
_MONTHS = word_set("""january february march april may june july august september october
    november december jan feb mar apr jun jul aug sep sept oct nov dec""")
# Frequent irregular verbs, to tell where a subject ends ("Clinton took …").
_COMMON_VERBS = word_set("""is are was were be has have had do does did will would can could
    shall should may might must made makes took takes gave gives went goes came comes got gets
    held holds met meets left leaves kept keeps ran runs saw sees began begins put puts set sets
    found finds knew knows thought thinks became becomes brought brings felt feels won wins
    lost loses paid pays sent sends spent spends stood stands led leads chose chooses""")
_INTRO_WINDOW = 80
_ROLE_WINDOW = 60
_TWO_WORDS_BEFORE = re.compile(r"(?:[\w’'-]+ ){1,2}$")
# Words that cannot modify a bare plural noun: they belong to the clause before it.
_NOT_MODIFIERS = lx.CLAUSE_WORDS | lx.SPEECH_FORMS | word_set(
    """of for at from with in on to by between among about against into over under as
    were are said told met held asked urged"""
)
_APPOSITION = re.compile(r",\s+")
# A mention right after an introductory phrase is still the sentence's subject.
_AFTER_INTRO = re.compile(r"(?:^|[.?!]\s+)(?:[A-Z][\w’']*\s+){0,1}(?:[\w’'-]+\s+){0,5}?"
                          r"[\w’'-]+,\s+$")
_NOUN_AFTER = frozenset({"of", "in", "with", "for", "about", "from", "on", "at", "into",
                         "following", "few", "many", "several", "some", "those", "these"})
_DOUBLE_PUNCT = re.compile(r"(\ue001[,.;:])[,.;:]")
_ASIDE = re.compile(r"\s*\([^()\ue000\ue001]{0,40}\)")
_ABBREVIATION_END = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Inc|Corp|Co|Ltd)|\b[A-Z])\.$")
#: A quotation with fewer words than this, and no speaker, is a term, not a statement.
MIN_UNATTRIBUTED_WORDS = 4
#: A title-case quotation this short is a name or a title ("State of the Union").
TITLE_MAX_WORDS = 6
#: Longest subject read backwards from a verb, in tokens.
MAX_SUBJECT_TOKENS = 12


@dataclass(slots=True)
class _Para:
    """A paragraph's skeleton and where each quotation sits in it."""

    skeleton: str
    slots: dict[int, tuple[int, int, int]] = field(default_factory=dict)  # k -> (start, end, tail)
    ends: list[int] = field(default_factory=list)  # sentence starts, ascending

    def sentence_start(self, pos: int) -> int:
        """Offset where the sentence holding ``pos`` starts."""
        i = bisect_right(self.ends, pos)
        return self.ends[i - 1] if i else 0

    def sentence_end(self, pos: int) -> int:
        """Offset where the sentence holding ``pos`` ends (the next one starts)."""
        i = bisect_right(self.ends, pos)
        return self.ends[i] if i < len(self.ends) else len(self.skeleton)


@dataclass(slots=True)
class _Attribution:
    mention: str | None = None
    cue: str | None = None
    speaker: str | None = None
    pos: tuple[int, int] = (0, 0)
    weak: bool = False  # found in an earlier sentence, not around the quotation


@dataclass(slots=True)
class _Mention:
    pos: tuple[int, int]
    phrase: Phrase
    display: str
    speaker: bool = False
    subject: bool = False  # opens its sentence: the likeliest antecedent of "he"/"she"


class Discourse:
    """The referents mentioned so far, to resolve pronouns, roles and surnames.

    Mentions are read from paragraph skeletons lazily, in order, as far as a
    resolution needs; quotation contents are never read (a name inside a
    quotation is not an antecedent).
    """

    _NAME = re.compile(
        r"(?<![\w’'-])[A-Z][\w’'.&-]*(?:\s+(?:[A-Z][\w’'.&-]*|de|van|von|bin|al|la|le|du|da|"
        r"di|der|del|dos))*"
    )
    # Role nouns are found by their head, then read back to a determiner: one pass
    # over the heads is much cheaper than a pattern that starts at every word.
    _HEAD = re.compile(
        r"(?<![\w’'-])(?:" + "|".join(sorted(lx.HUMAN_NOUNS | lx.HUMAN_PLURALS | lx.THING_NOUNS,
                                            key=len, reverse=True)) + r")(?![\w’'-])"
    )
    _DETERMINED = re.compile(
        r"(?<![\w’'-])(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother|[Tt]his|[Tt]wo|[Tt]hree|[Ff]our|"
        r"[Ss]everal|[Ss]ome|[Mm]any|[Tt]hese|[Tt]hose|[Oo]ther)\s+(?:[\w’'-]+\s+){0,4}$"
    )

    def __init__(self, paras: list[_Para]) -> None:
        self._paras = paras
        self._scanned = -1
        self._mentions: list[_Mention] = []
        self._gender: dict[str, str] = {}
        self._person_keys: set[str] = set()
        self._full: dict[str, str] = {}  # surname -> fullest name seen

    def _scan_to(self, para: int) -> None:
        while self._scanned < para:
            self._scanned += 1
            self._scan(self._scanned)

    def _scan(self, p: int) -> None:
        sk = self._paras[p].skeleton
        found: list[tuple[int, Phrase]] = []
        for m in self._NAME.finditer(sk):
            name = m.group()
            if " " not in name and name.lower() in lx.CAP_STOPWORDS:
                continue  # a capitalised sentence opener, not a name
            phrase = read_phrase(name)
            if phrase is not None and phrase.kind == "name":
                found.append((m.start(), phrase))
        for m in self._HEAD.finditer(sk):
            det = self._DETERMINED.search(sk, max(0, m.start() - _ROLE_WINDOW), m.start())
            if det is not None:
                phrase = read_phrase(sk[det.start() : m.end()])
                if phrase is not None and phrase.kind == "role":
                    found.append((det.start(), phrase))
                continue
            if m.group() not in lx.HUMAN_PLURALS:
                continue
            # "between retired envoys": a group named without a determiner, for "they".
            lead = _TWO_WORDS_BEFORE.search(sk, max(0, m.start() - 40), m.start())
            words = ((lead.group() if lead else "") + m.group()).split()
            while len(words) > 1 and words[0].lower() in _NOT_MODIFIERS:
                words = words[1:]
            phrase = read_phrase(" ".join(words))
            if phrase is not None and phrase.plural:
                found.append((m.end() - len(" ".join(words)), phrase))
        found.sort(key=lambda item: item[0])
        starts = {0, *self._paras[p].ends}
        previous: _Mention | None = None
        for offset, phrase in found:
            # Only people can be "he" or "she", so only their position is looked at.
            subject = not phrase.org and not phrase.plural and (offset in starts or bool(
                _AFTER_INTRO.search(sk, max(0, offset - _INTRO_WINDOW), offset)
            ))
            display = self._display(phrase)
            if previous is not None and _APPOSITION.fullmatch(
                sk, previous.pos[1] + len(previous.phrase.text), offset
            ):
                # "The union's chair, Wendel Stroud," / "Wendel Stroud, the chair,":
                # one referent, named by the name.
                if previous.phrase.kind == "role" and phrase.kind == "name" and not phrase.org:
                    previous.display = display
                elif previous.phrase.kind == "name" and phrase.kind == "role":
                    display = previous.display
            self._add((p, offset), phrase, display, speaker=False, subject=subject)
            previous = self._mentions[-1]

    def _add(self, pos: tuple[int, int], phrase: Phrase, display: str, speaker: bool,
             subject: bool = False) -> None:
        if phrase.kind == "name" and not phrase.org:
            key = phrase.head
            words = phrase.name.split()
            if len(words) > 1 or phrase.gender or speaker or phrase.descriptors:
                self._person_keys.add(key)
            if _given_words(phrase.name) >= _given_words(self._full.get(key, "")):
                self._full[key] = phrase.name
            if phrase.gender:
                self._gender.setdefault(display, phrase.gender)
                self._gender.setdefault(self._full.get(key, display), phrase.gender)
        elif phrase.gender or (phrase.kind == "name" and phrase.gender):
            self._gender.setdefault(display, phrase.gender)
        self._mentions.append(_Mention(pos, phrase, display, speaker, subject))

    def _display(self, phrase: Phrase) -> str:
        if phrase.kind == "name":
            if phrase.org:
                return phrase.name
            full = self._full.get(phrase.head)
            if full and _given_words(full) > _given_words(phrase.name):
                return full
            return phrase.name
        return phrase.text

    def _is_person(self, m: _Mention) -> bool:
        ph = m.phrase
        if ph.plural or ph.org:
            return False
        if ph.kind == "role":
            return ph.head in lx.HUMAN_NOUNS
        if ph.kind == "name":
            return ph.head in self._person_keys
        return False

    def resolve(self, phrase: Phrase, pos: tuple[int, int]) -> str | None:
        """The fullest name for ``phrase`` at ``pos`` (None when nothing fits)."""
        self._scan_to(pos[0])
        before = [m for m in self._mentions if m.pos < pos]
        if phrase.kind == "pronoun":
            return self._antecedent(phrase, before)
        if phrase.kind == "role":
            return self._role(phrase, before) or phrase.text
        return self._display(phrase)

    def _antecedent(self, phrase: Phrase, before: list[_Mention]) -> str | None:
        word = phrase.head
        if word == "i":
            return "the author"
        if word == "we" and not any(m.speaker for m in before):
            return "the authors"
        if word in lx.SINGULAR_PRONOUNS:
            # A speaker or sentence subject nearby first, then any person mentioned.
            recent = [m for m in before if m.pos[0] >= before[-1].pos[0] - 2] if before else []
            for pool in ([m for m in recent if m.speaker or m.subject], before):
                for m in reversed(pool):
                    if self._is_person(m) and self._gender_fits(m, phrase.gender):
                        return m.display
            return None
        if word in lx.PLURAL_PRONOUNS:
            for m in reversed(before):
                if m.phrase.plural or (m.speaker and m.phrase.org):
                    return m.display
            # "The council said they …": an organisation spoken of in the plural.
            for m in reversed(before):
                if m.phrase.org and m.phrase.kind == "name":
                    return m.display
            return None
        for m in reversed(before):
            ph = m.phrase
            if (ph.org or (ph.kind == "role" and ph.head in lx.THING_NOUNS)) and not ph.plural:
                return m.display
        return None

    def _gender_fits(self, m: _Mention, gender: str | None) -> bool:
        known = self._gender.get(m.display) or m.phrase.gender
        return not (known and gender and known != gender)

    def _role(self, phrase: Phrase, before: list[_Mention]) -> str | None:
        head = phrase.head
        best: _Mention | None = None
        for m in reversed(before):
            ph = m.phrase
            if ph.plural != phrase.plural:
                continue
            if phrase.outlet and head in lx.OUTLET_NOUNS:
                match = ph.outlet and ph.kind == "name"
            else:
                match = ph.head == head or head in ph.descriptors
            if not match or m.display == phrase.text:
                continue
            if m.speaker:
                return m.display
            if best is None or len(m.display) > len(best.display):
                best = m
        return best.display if best is not None else None

    def note_speaker(self, phrase: Phrase, pos: tuple[int, int], display: str) -> None:
        """Record an attributed speaker: it is now the latest mention of its referent."""
        self._scan_to(pos[0])
        if phrase.kind == "pronoun" and phrase.gender:
            self._gender.setdefault(display, phrase.gender)
        if phrase.kind == "pronoun":
            # Carry the referent forward under the pronoun's position.
            for m in reversed(self._mentions):
                if m.display == display:
                    phrase = m.phrase
                    break
            else:
                return
        mention = _Mention(pos, phrase, display, speaker=True)
        i = bisect_right([m.pos for m in self._mentions], pos)
        self._mentions.insert(i, mention)
        if phrase.kind == "name" and not phrase.org:
            self._person_keys.add(phrase.head)


def _given_words(name: str) -> int:
    """How much of a name is name: "Mrs Halloran" counts one word, "Anne Halloran" two."""
    words = name.split()
    return len(words) - (1 if words and words[0].lower() in lx.TITLES else 0)


def read_quotes(paragraphs: list[str]) -> list[Quote]:
    """The quoted statements of an article, in order, with resolved speakers."""
    spans = find_quotes(paragraphs)
    if not spans:
        return []
    paras = _skeletons(paragraphs, spans)
    discourse = Discourse(paras)
    found: list[_Attribution | None] = []
    for span in spans:
        found.append(_attribute(span, paras))
    _fill_from_neighbours(spans, paras, found)
    quotes: list[Quote] = []
    for span, att in zip(spans, found, strict=True):
        if att is None:
            continue
        text = span.text.rstrip(" ,;:")
        if _looks_like_title(text) and len(text.split()) <= TITLE_MAX_WORDS:
            continue
        if att.mention is None and att.speaker is None:
            if len(text.split()) < MIN_UNATTRIBUTED_WORDS or _looks_like_title(text):
                continue
            quotes.append(Quote(text=text))
            continue
        if att.mention is not None and att.speaker is None:
            phrase = read_phrase(att.mention)
            if phrase is None:
                quotes.append(Quote(text=text, cue=att.cue))
                continue
            att.speaker = discourse.resolve(phrase, att.pos)
            if att.speaker:
                discourse.note_speaker(phrase, att.pos, att.speaker)
            att.mention = phrase.text
        quotes.append(Quote(text=text, speaker=att.speaker, speaker_mention=att.mention,
                            cue=att.cue))
    return quotes


def _skeletons(paragraphs: list[str], spans: list[QuoteSpan]) -> list[_Para]:
    by_para: dict[int, list[tuple[int, int, int, str]]] = {}
    for span in spans:
        last = len(span.pieces) - 1
        for i, piece in enumerate(span.pieces):
            tail = ""
            if i == last:
                inner = piece.inner.rstrip()
                tail = _FINAL_PUNCT.get(inner[-1:], "") if inner else ""
            by_para.setdefault(piece.para, []).append((piece.start, piece.end, span.index, tail))
    paras: list[_Para] = []
    for p, text in enumerate(paragraphs):
        out: list[str] = []
        pos = 0
        for start, end, k, tail in sorted(by_para.get(p, ())):
            out.append(text[pos:start])
            out.append(f"{_PH_OPEN}{k}{_PH_CLOSE}{tail}")
            pos = end
        out.append(text[pos:])
        skeleton = "".join(out)
        # Punctuation the writer put after the closing mark as well is kept once;
        # short asides in brackets ("Sen. Claire Doe (D-Mo.) said") are dropped so
        # that they do not split a speaker from the verb.
        skeleton = _DOUBLE_PUNCT.sub(r"\1", skeleton)
        skeleton = _ASIDE.sub("", skeleton)
        paras.append(_Para(skeleton, _slots_of(skeleton), sentence_starts(skeleton)))
    return paras


def _slots_of(skeleton: str) -> dict[int, tuple[int, int, int]]:
    slots: dict[int, tuple[int, int, int]] = {}
    for m in _PLACEHOLDER.finditer(skeleton):
        tail = 1 if m.end() < len(skeleton) and skeleton[m.end()] in ",.;:" else 0
        slots[int(m.group(1))] = (m.start(), m.end(), m.end() + tail)
    return slots


def _attribute(span: QuoteSpan, paras: list[_Para]) -> _Attribution | None:
    """Attribution from cues around the quotation; None when it is a term."""
    first, last = span.first, span.last
    pf, pl = paras[first.para], paras[last.para]
    if span.index not in pf.slots or span.index not in pl.slots:
        return _Attribution()
    start = pf.slots[span.index][0]
    _, end, tail = pl.slots[span.index]
    sk_first = pf.skeleton
    if lx.TERM_INTRO_RE.search(sk_first[max(0, start - 40) : start]):
        return None
    found = _after(pl, end, tail, last.para)
    if found is None:
        found = _before(pf, start, first.para)
    if found is None and not sk_first[:start].strip() and first.para > 0:
        # "The spokesperson added:" closing the paragraph before.
        prev = paras[first.para - 1]
        body = prev.skeleton.rstrip()
        if body.endswith(":"):
            found = _before(prev, len(body), first.para - 1)
    if found is None and not sk_first[pf.sentence_start(start) : start].strip():
        # "Schiff said the talks would fail. “The other factor …”": a quotation opening
        # its sentence goes on from reported speech just before it in the paragraph.
        lo = pf.sentence_start(start)
        for _ in range(2):
            if lo == 0:
                break
            found = _before(pf, lo - 1, first.para)
            if found is not None:
                found.weak = True  # a neighbouring quotation's speaker comes first
                break
            lo = pf.sentence_start(lo - 1)
    if found is None:
        # "“…” ― Carla Sanchez" closing the paragraph credits all of it.
        dash = _DASH_NAME.search(pl.skeleton)
        if dash is not None:
            found = _Attribution(dash.group(1), "—", pos=(last.para, dash.start(1)))
    return found or _Attribution()


def _is_cue(sk: str, m: re.Match[str]) -> bool:
    """False for a verb form used as a noun or in the passive ("the report", "were said")."""
    cue = m.group(1).lower()
    if cue.startswith(("according", "per")) or "quoted" in cue:
        return True
    before = _WORD_BEFORE.search(sk, max(0, m.start() - 40), m.start())
    if before is None:
        return True
    word = before.group(1).lower()
    if word in lx.PASSIVE_BEFORE and not cue.endswith("ing"):
        return False
    if word in _NOUN_AFTER and not cue.endswith("ing"):
        return False  # "a series of tweets", "in comments"
    if word in lx.DETERMINERS:
        return False
    # "Trump's statement" is a noun; "he's claiming" is a verb.
    return not (word.endswith(("'s", "’s", "s’", "s'")) and word[:-2] not in _SUBJECT_PRONOUNS)


def _cues(sk: str, lo: int, hi: int) -> list[re.Match[str]]:
    cues = [m for m in lx.CUE_RE.finditer(sk, lo, hi) if _is_cue(sk, m)]
    # "news reports said": of two cues in a row, the second is the verb.
    return [m for i, m in enumerate(cues)
            if not (i + 1 < len(cues) and not sk[m.end() : cues[i + 1].start()].strip())]


def _cue_text(m: re.Match[str]) -> str:
    return " ".join(m.group(1).split())


def _is_participle(m: re.Match[str]) -> bool:
    return m.group(1).endswith("ing") and not m.group(1).lower().startswith("according")


def _valid(subject: str | None) -> bool:
    return bool(subject) and subject not in _SENTINELS and read_phrase(subject) is not None


def _after(para: _Para, end: int, tail: int, p: int) -> _Attribution | None:
    """``"…," the diplomat said`` / ``"…," said Smith`` / ``"…," according to X``,
    or an attribution closing the sentence (``… is "…" , Warren said.``)."""
    sk = para.skeleton
    stop = para.sentence_end(tail + 1)
    nxt = _PLACEHOLDER.search(sk, tail, stop)
    if nxt is not None:
        stop = nxt.start()
    cues = _cues(sk, tail, stop)
    if not cues:
        return None
    m = cues[0]
    between = sk[tail : m.start()]
    cue = _cue_text(m)
    if not between.strip(" ,—–-"):
        if _is_participle(m):
            return None  # '"…," adding that': the subject comes before the quotation
        if cue.lower().startswith(("according", "per")) or cue.lower() in lx.INVERTIBLE_FORMS:
            subject = _subject_after(sk, m.end(), stop)
            if _valid(subject):
                return _Attribution(subject, cue, pos=(p, m.end()))
        return None
    subject = _subject_before(sk, tail, m.start(), participle=_is_participle(m))
    if not _valid(subject):
        return None
    assert subject is not None
    rest = sk[m.end() : stop]
    if rest.lstrip().startswith(":"):
        return None  # "The spokesperson added:" introduces what follows, not what precedes
    if _adjacent(between, subject):
        # After a full stop, only a short attribution clause belongs to the quote.
        if sk[end:tail] == "." and not _CLAUSE_DONE.match(rest):
            return None
        return _Attribution(subject, cue, pos=(p, tail + between.find(subject[:8])))
    lead = between.rstrip()
    if len(rest.split()) <= 6 and re.search(r"(?:,|\bas)\s*$", lead[: len(lead) - len(subject)]):
        return _Attribution(subject, cue, pos=(p, tail + between.rfind(subject[:8])))
    return None


def _adjacent(between: str, subject: str) -> bool:
    """The subject opens the text after the quotation (no other clause in between)."""
    lead = between.strip(" ,—–-")
    return lead.startswith(subject[:12])


def _before(para: _Para, start: int, p: int) -> _Attribution | None:
    """``X said: "…"``, ``X said that … "…"``, ``according to X, "…"``."""
    sk = para.skeleton
    lo = para.sentence_start(start)
    hi = para.sentence_end(start)
    cues = _cues(sk, lo, start)
    for i in range(len(cues) - 1, -1, -1):
        m = cues[i]
        cue = _cue_text(m)
        if cue.lower().startswith(("according", "per")):
            subject = _subject_after(sk, m.end(), start)
        else:
            subject = _subject_of(sk, lo, hi, cues, i)
            if subject is _RELATIVE:
                continue  # "told a woman who suggested ...": the cue of a relative clause
            if not _valid(subject) and cue.lower() in lx.INVERTIBLE_FORMS and not _is_participle(m):
                subject = _subject_after(sk, m.end(), start)
        if _valid(subject):
            return _Attribution(subject, cue, pos=(p, m.start()))
    if sk[lo:start].rstrip().endswith(":"):
        # "Sanders made the following comment:" introduces what its subject said.
        subject = _sentence_subject(sk, lo, start)
        if _valid(subject):
            return _Attribution(subject, None, pos=(p, lo))
    return None


def _subject_of(sk: str, lo: int, hi: int, cues: list[re.Match[str]], i: int) -> str | None:
    """The subject of cue ``i``, following coordination back to an earlier cue."""
    while True:
        m = cues[i]
        subject = _subject_before(sk, lo, m.start(), participle=_is_participle(m))
        if subject is not _COORD:
            return subject
        if i == 0:
            before = _tokens(sk, lo, m.start())
            if len(before) <= 1:
                # "After saying …, she was": the participle hangs on the main clause.
                comma = sk.find(",", m.end(), hi)
                return _sentence_subject(sk, comma + 1, hi) if comma >= 0 else None
            return _sentence_subject(sk, lo, m.start())
        i -= 1


def _subject_after(sk: str, lo: int, hi: int) -> str | None:
    """The noun phrase after an inverted cue: ``said Peter Morgan, a lawyer``."""
    text = sk[lo:hi]
    cut = _PLACEHOLDER.search(text)
    if cut is not None:
        text = text[: cut.start()]
    text = re.split(r"[;:?!](?:\s|$)|\s[—–]\s", text, maxsplit=1)[0].rstrip()
    if text.endswith(".") and not _ABBREVIATION_END.search(text):
        text = text[:-1]
    tokens = _TOKEN.findall(text)
    if not tokens:
        return None
    first = tokens[0]
    w = first.lower()
    if w in _OBJECT_WORDS or not (
        first[:1].isupper() or first[:1].isdigit() or w in lx.DETERMINERS
        or w in lx.ALL_PRONOUNS or w in _QUANTIFIERS
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
        elif tok in _HARD_PUNCT or _PLACEHOLDER.fullmatch(tok):
            break
        elif commas == 0 and kept and kept[-1][:1].isupper() and tok.lower() in _AFTER_NAME:
            break  # "said Smith in a statement": the name is complete
        kept.append(tok)
        if len(kept) > 24:
            break
    return _join(kept).strip(" ,") or None


def _tokens(sk: str, lo: int, hi: int) -> list[str]:
    """Tokens of ``sk[lo:hi]``, with "he's" read as "he has" (a subject and its auxiliary)."""
    out: list[str] = []
    for tok in _TOKEN.findall(sk, lo, hi):
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
        if w in lx.BETWEEN_SUBJECT_AND_VERB or (w.endswith("ly") and len(w) > 4):
            i -= 1
        elif w in _TIME_WORDS and i > 1 and tokens[i - 2].lower() in _TIME_LEADS:
            i -= 2
        elif w in _TIME_WORDS:
            i -= 1
        else:
            break
    return i


def _subject_before(sk: str, lo: int, verb: int, participle: bool = False) -> str | None:
    """The subject of a speech verb, read backwards from it within one sentence.

    Returns :data:`_COORD` for a verb that shares an earlier one's subject
    (``… and warned``, ``…, adding``) and :data:`_RELATIVE` for a verb inside a
    relative clause (``a woman who suggested``).
    """
    tokens = _tokens(sk, lo, verb)
    i = _skip_between(tokens)
    if i == 0:
        return _COORD if participle else None
    last = tokens[i - 1]
    lw = last.lower()
    if lw in ("and", "but", "or", "then", "before", "after", "while", "when", "by", "without"):
        return _COORD
    if participle:
        # "footage of Trump saying": a name right before the participle is its subject;
        # otherwise the participle hangs on the clause's subject.
        if last[:1].isupper() and not _PLACEHOLDER.fullmatch(last):
            j = i
            while j > 0 and (tokens[j - 1][:1].isupper() or tokens[j - 1].lower() in _NAME_GLUE):
                j -= 1
            return _join(tokens[j:i])
        return _COORD
    if _PLACEHOLDER.fullmatch(last) or last in _HARD_PUNCT:
        return None
    if last == ",":
        return _appositive_subject(tokens[: i - 1])
    j = i
    while j > 0:
        tok = tokens[j - 1]
        w = tok.lower()
        if tok in _HARD_PUNCT or tok == "," or _PLACEHOLDER.fullmatch(tok) or not tok[:1].isalnum():
            break
        if w in lx.CLAUSE_WORDS or w in _QUESTION_WORDS:
            break
        if tok in lx.SPEECH_FORMS and j < i:
            break  # "Smith said Jones told": the earlier verb ends the subject
        j -= 1
        if i - j > MAX_SUBJECT_TOKENS:
            return None
    np = tokens[j:i]
    if not np:
        return None
    if len(np) > 1 and np[-1].lower() in _SUBJECT_PRONOUNS:
        return np[-1]  # "at 86 she still says": the pronoun is the subject
    if np[-1].lower() in _RELATIVE_WORDS and len(np) > 1:
        return _RELATIVE
    if np[0].lower() in ("who", "which") and j > 1 and tokens[j - 1] == ",":
        return _appositive_subject([*tokens[: j - 1], ","])
    if np[0].lower() in _NOT_SUBJECT:
        return None
    return _join(np)


def _sentence_subject(sk: str, lo: int, hi: int) -> str | None:
    """The noun phrase opening the clause (after any introductory phrases)."""
    tokens = _tokens(sk, lo, hi)
    for _ in range(3):
        if not tokens or "," not in tokens:
            break
        w = tokens[0].lower()
        if w in _INTRO_WORDS or w in _TIME_WORDS or w in _MONTHS or tokens[0][:1].isdigit():
            tokens = tokens[tokens.index(",") + 1 :]
        else:
            break
    while tokens and not tokens[0][:1].isalnum():
        tokens = tokens[1:]
    if not tokens:
        return None
    if tokens[0].lower() in lx.ALL_PRONOUNS and tokens[0].lower() not in _OBJECT_WORDS:
        return tokens[0]
    np = _leading_np(tokens)
    return _join(np) if np else None


def _leading_np(tokens: list[str]) -> list[str]:
    """The noun phrase at the head of ``tokens``: up to the first word that reads as a verb."""
    for j, tok in enumerate(tokens[:MAX_SUBJECT_TOKENS]):
        if not tok[:1].isalnum() or _PLACEHOLDER.fullmatch(tok):
            return tokens[:j]
        if j and not tok[:1].isupper():
            w = tok.lower()
            if (w in lx.CLAUSE_WORDS or w in lx.BETWEEN_SUBJECT_AND_VERB or w in lx.SPEECH_FORMS
                    or w in _COMMON_VERBS or (w.endswith("ed") and len(w) > 3)
                    or (w.endswith("s") and tokens[j - 1][:1].isupper()
                        and w not in lx.HUMAN_PLURALS)):
                return tokens[:j]
    return []


def _appositive_subject(tokens: list[str]) -> str | None:
    """``Peter Morgan, a lawyer for X, who …,`` before a verb: the first plain chunk."""
    b = len(tokens)
    while b > 0:
        tok = tokens[b - 1]
        if tok in _HARD_PUNCT or _PLACEHOLDER.fullmatch(tok):
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
        text = _join(chunk)
        rest = chunks[n + 1 :]
        if rest:
            text += ", " + ", ".join(_join(c) for c in rest)
        return text
    return None


def _join(tokens: list[str]) -> str:
    out = ""
    for tok in tokens:
        if not out or tok in (",", ")") or out.endswith("("):
            out += tok
        else:
            out += " " + tok
    return out


def _fill_from_neighbours(
    spans: list[QuoteSpan], paras: list[_Para], found: list[_Attribution | None]
) -> None:
    """Continuation: an unattributed quotation takes a neighbour's speaker.

    In its own paragraph, the previous attributed quotation (``"A," X said.
    "B."``) or else the next (``"A." "B," he said.``); a paragraph that is
    nothing but a quotation continues the previous paragraph's speaker.
    """
    def known(j: int) -> bool:
        att = found[j]
        return att is not None and att.mention is not None and not att.weak

    last_known: tuple[int, int] | None = None  # (paragraph, quote index)
    for k, span in enumerate(spans):
        att = found[k]
        if att is None:
            continue
        if known(k):
            last_known = (span.last.para, k)
            continue
        p = span.first.para
        source = None
        # The previous quotation ending in this paragraph, else the next one opening in it.
        for j in range(k - 1, -1, -1):
            if spans[j].last.para != p:
                break
            if known(j):
                source = j
                break
        if source is None:
            for j in range(k + 1, len(spans)):
                if spans[j].first.para != span.last.para:
                    break
                if known(j):
                    source = j
                    break
        if source is None and att.weak:
            last_known = (span.last.para, k)
            continue
        if (source is None and last_known is not None and last_known[0] >= p - 1
                and (_only_quotes(paras[p].skeleton) or _opens_with_quote(paras[p].skeleton))):
            source = last_known[1]
        if source is not None:
            src = found[source]
            assert src is not None
            found[k] = _Attribution(src.mention, src.cue, src.speaker, src.pos)
            if source < k:
                last_known = (span.last.para, k)


def _only_quotes(skeleton: str) -> bool:
    return not _PLACEHOLDER.sub("", skeleton).strip(" .,;:!?—–-")


def _opens_with_quote(skeleton: str) -> bool:
    return skeleton.lstrip().startswith(_PH_OPEN) and not _cues(skeleton, 0, len(skeleton))


_TITLE_SMALL = frozenset({"of", "the", "a", "an", "and", "in", "on", "for", "to", "at", "by",
                          "with", "or", "from"})


def _looks_like_title(text: str) -> bool:
    """A title or name in quotation marks ("State of the Union"), not a statement."""
    words = re.findall(r"[\w’'-]+", text)
    if not words or len(words) > 10:
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _TITLE_SMALL for w in words)
