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
_INTRO_WORDS = frozenset(
    """in on at during after before speaking asked when while following earlier later
    responding writing meanwhile however separately also but and yet still then last this
    today yesterday by for from with as since under according unlike like despite amid
    upon addressing appearing testifying interviewed reached contacted""".split()
)
_TIME_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday morning afternoon evening
    night week month year weekend""".split()
)
_TIME_LEADS = frozenset({"on", "last", "this", "next", "that", "late", "early", "in"})
_NOT_SUBJECT = frozenset({"there", "here", "it's", "what", "which", "who"})
_COORD = "\x00coord"  # sentinel: a verb coordinated with the previous one ("and warned")
#: A quotation with fewer words than this, and no speaker, is a term, not a statement.
MIN_UNATTRIBUTED_WORDS = 4
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


@dataclass(slots=True)
class _Mention:
    pos: tuple[int, int]
    phrase: Phrase
    display: str
    speaker: bool = False


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
    _ROLE = re.compile(
        r"(?<![\w’'-])(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother|[Tt]his|[Tt]hat|[Tt]wo|[Tt]hree|"
        r"[Ff]our|[Ss]everal|[Ss]ome|[Mm]any|[Tt]hese|[Tt]hose|[Oo]ther)\s+(?:[\w’'-]+\s+){0,4}?"
        r"(?:" + "|".join(sorted(lx.HUMAN_NOUNS | lx.HUMAN_PLURALS | lx.THING_NOUNS,
                                 key=len, reverse=True)) + r")(?![\w’'-])"
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
            phrase = read_phrase(m.group())
            if phrase is not None and phrase.kind == "name":
                found.append((m.start(), phrase))
        for m in self._ROLE.finditer(sk):
            phrase = read_phrase(m.group())
            if phrase is not None and phrase.kind == "role":
                found.append((m.start(), phrase))
        found.sort(key=lambda item: item[0])
        for offset, phrase in found:
            self._add((p, offset), phrase, self._display(phrase), speaker=False)

    def _add(self, pos: tuple[int, int], phrase: Phrase, display: str, speaker: bool) -> None:
        if phrase.kind == "name" and not phrase.org:
            key = phrase.head
            words = phrase.name.split()
            if len(words) > 1 or phrase.gender or speaker or phrase.descriptors:
                self._person_keys.add(key)
            if len(words) >= len(self._full.get(key, "").split()):
                self._full[key] = phrase.name
            if phrase.gender:
                self._gender.setdefault(display, phrase.gender)
        elif phrase.gender:
            self._gender.setdefault(display, phrase.gender)
        self._mentions.append(_Mention(pos, phrase, display, speaker))

    def _display(self, phrase: Phrase) -> str:
        if phrase.kind == "name":
            if phrase.org:
                return phrase.name
            full = self._full.get(phrase.head)
            if full and len(full.split()) > len(phrase.name.split()):
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
        for m in reversed(before):
            ph = m.phrase
            if word in lx.SINGULAR_PRONOUNS:
                if not self._is_person(m):
                    continue
                known = self._gender.get(m.display) or ph.gender
                if known and phrase.gender and known != phrase.gender:
                    continue
                return m.display
            if word in lx.PLURAL_PRONOUNS:
                if ph.plural or (m.speaker and ph.org):
                    return m.display
            elif word == "it" and (ph.org or (ph.kind == "role" and ph.head in lx.THING_NOUNS)) \
                    and not ph.plural:
                return m.display
        return None

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
        pieces = by_para.get(p)
        if not pieces:
            paras.append(_Para(text, ends=sentence_starts(text)))
            continue
        out: list[str] = []
        slots: dict[int, tuple[int, int, int]] = {}
        pos = 0
        length = 0
        for start, end, k, tail in sorted(pieces):
            chunk = text[pos:start]
            out.append(chunk)
            length += len(chunk)
            token = f"{_PH_OPEN}{k}{_PH_CLOSE}"
            out.append(token + tail)
            slots[k] = (length, length + len(token), length + len(token) + len(tail))
            length += len(token) + len(tail)
            pos = end
        # Punctuation the writer put after the closing mark ("...". / "...",) is kept
        # once: the quotation's own tail already stands for it.
        rest = text[pos:]
        out.append(rest)
        skeleton = "".join(out)
        skeleton = re.sub(r"(\ue001[,.;:])[,.;:]", r"\1", skeleton)
        paras.append(_Para(skeleton, slots, sentence_starts(skeleton)))
        if skeleton != "".join(out):
            # Offsets moved: recompute the slots from the placeholders themselves.
            paras[-1].slots = _slots_of(skeleton)
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
    start, _, _ = pf.slots[span.index]
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
        if prev.skeleton.rstrip().endswith(":") and not _PLACEHOLDER.search(
            prev.skeleton[-3:]
        ):
            found = _before(prev, len(prev.skeleton.rstrip()) - 1, first.para - 1)
    return found or _Attribution()


def _is_cue(sk: str, m: re.Match[str]) -> bool:
    """False for a verb form used as a noun or in the passive ("the report", "were said")."""
    before = _WORD_BEFORE.search(sk, 0, m.start())
    if before is None:
        return True
    word = before.group(1).lower()
    cue = m.group(1).lower()
    if cue.startswith("according") or "quoted" in cue:
        return True
    if word in lx.PASSIVE_BEFORE and not cue.endswith("ing"):
        return False
    if word in lx.DETERMINERS or word.endswith(("'s", "’s", "s’", "s'")):
        return False
    return True


def _cues(sk: str, lo: int, hi: int) -> list[re.Match[str]]:
    cues = [m for m in lx.CUE_RE.finditer(sk, lo, hi) if _is_cue(sk, m)]
    # "news reports said": of two cues in a row, the second is the verb.
    return [m for i, m in enumerate(cues)
            if not (i + 1 < len(cues) and not sk[m.end() : cues[i + 1].start()].strip())]


def _after(para: _Para, end: int, tail: int, p: int) -> _Attribution | None:
    """``"…," the diplomat said`` / ``"…," said Smith`` / ``"…," according to X``."""
    sk = para.skeleton
    dash = _DASH_NAME.match(sk, tail)
    if dash is not None:
        return _Attribution(dash.group(1), "—", pos=(p, dash.start(1)))
    stop = para.sentence_end(tail + 1)
    nxt = _PLACEHOLDER.search(sk, tail, stop)
    if nxt is not None:
        stop = nxt.start()
    for m in _cues(sk, tail, stop):
        between = sk[tail : m.start()]
        cue = " ".join(m.group(1).split())
        if not between.strip(" ,—–-"):
            if cue.lower() == "according to" or cue.lower() in lx.INVERTIBLE_FORMS:
                subject = _subject_after(sk, m.end(), stop)
                if subject:
                    return _Attribution(subject, cue, pos=(p, m.end()))
            return None
        subject = _subject_before(sk, tail, m.start())
        if subject and subject is not _COORD and _adjacent(between, subject):
            # After a full stop, only a short attribution clause belongs to the quote.
            if sk[end:tail] == "." and len(sk[m.end() : stop].split()) > 8:
                return None
            return _Attribution(subject, cue, pos=(p, tail + between.find(subject[:8])))
        return None
    return None


def _adjacent(between: str, subject: str) -> bool:
    """The subject opens the text after the quotation (no other clause in between)."""
    lead = between.strip(" ,—–-")
    return lead.startswith(subject[:12])


def _before(para: _Para, start: int, p: int) -> _Attribution | None:
    """``X said: "…"``, ``X said that … "…"``, ``according to X, "…"``."""
    sk = para.skeleton
    lo = para.sentence_start(start)
    cues = _cues(sk, lo, start)
    for i in range(len(cues) - 1, -1, -1):
        m = cues[i]
        cue = " ".join(m.group(1).split())
        if cue.lower() == "according to":
            subject = _subject_after(sk, m.end(), start)
            if subject:
                return _Attribution(subject, cue, pos=(p, m.end()))
            continue
        subject = _subject_before(sk, lo, m.start())
        j = i
        while subject is _COORD and j > 0:
            j -= 1
            subject = _subject_before(sk, lo, cues[j].start())
        if subject and subject is not _COORD:
            return _Attribution(subject, cue, pos=(p, m.start()))
        if cue.lower() in lx.INVERTIBLE_FORMS:
            subject = _subject_after(sk, m.end(), start)
            if subject:
                return _Attribution(subject, cue, pos=(p, m.end()))
        return None
    return None


def _subject_after(sk: str, lo: int, hi: int) -> str | None:
    """The noun phrase after an inverted cue: ``said Peter Morgan, a lawyer``."""
    text = sk[lo:hi]
    cut = _PLACEHOLDER.search(text)
    if cut is not None:
        text = text[: cut.start()]
    text = re.split(r"[;:.?!](?:\s|$)|\s[—–]\s", text, maxsplit=1)[0]
    tokens = _TOKEN.findall(text)
    if not tokens:
        return None
    first = tokens[0]
    w = first.lower()
    if not (first[:1].isupper() or w in lx.DETERMINERS or w in lx.ALL_PRONOUNS
            or w in ("one", "two", "three", "several", "some", "many")):
        return None
    # Keep the name and one appositive; stop at a prepositional tail after a name.
    kept: list[str] = []
    commas = 0
    for tok in tokens:
        if tok == ",":
            commas += 1
            if commas > 2:
                break
        elif tok in _HARD_PUNCT or _PLACEHOLDER.fullmatch(tok):
            break
        elif commas == 0 and kept and kept[-1][:1].isupper() and tok.lower() in (
            "in", "on", "at", "during", "after", "before", "to", "when", "while", "as"
        ):
            break
        kept.append(tok)
        if len(kept) > 24:
            break
    return _join(kept).strip(" ,") or None


def _subject_before(sk: str, lo: int, verb: int) -> str | None:
    """The subject of a speech verb, read backwards from it within one sentence."""
    tokens = _TOKEN.findall(sk, lo, verb)
    i = len(tokens)
    # Adverbs, auxiliaries and time phrases between subject and verb.
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
    if i == 0:
        return None
    last = tokens[i - 1]
    lw = last.lower()
    if lw in ("and", "but", "or", "then"):
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
        if w in lx.CLAUSE_WORDS or (tok in lx.SPEECH_FORMS):
            break
        j -= 1
        if i - j > MAX_SUBJECT_TOKENS:
            return None
    np = tokens[j:i]
    if not np:
        return None
    if np[0].lower() in ("who", "which") and j > 0 and tokens[j - 1] == ",":
        return _appositive_subject(tokens[: j - 1] + [","]) if j > 1 else None
    if np[0].lower() in _NOT_SUBJECT:
        return None
    return _join(np)


def _appositive_subject(tokens: list[str]) -> str | None:
    """``Peter Morgan, a lawyer for X, who …,`` before a verb: the first plain chunk."""
    b = len(tokens)
    while b > 0:
        tok = tokens[b - 1]
        if tok in _HARD_PUNCT or _PLACEHOLDER.fullmatch(tok):
            break
        if tok.lower() in ("that", "because", "although", "though", "whereas", "if") :
            break
        b -= 1
    clause = tokens[b:]
    chunks: list[list[str]] = [[]]
    for tok in clause:
        if tok == ",":
            chunks.append([])
        else:
            chunks[-1].append(tok)
    chunks = [c for c in chunks if c]
    if len(chunks) < 1 or sum(len(c) for c in chunks) > 40:
        return None
    for n, chunk in enumerate(chunks):
        first = chunk[0].lower()
        if first in ("and", "but") and len(chunk) > 1:
            chunk = chunk[1:]
            first = chunk[0].lower()
        if first in _INTRO_WORDS or first.endswith("ing") or first in _TIME_WORDS:
            continue
        if first in ("who", "which", "whose"):
            return None
        rest = chunks[n + 1 :]
        text = _join(chunk)
        if rest:
            text += ", " + ", ".join(_join(c) for c in rest)
        return text
    return None


def _join(tokens: list[str]) -> str:
    out = ""
    for tok in tokens:
        if tok in (",", ")") or not out:
            out += tok
        elif out.endswith("("):
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
    last_known: tuple[int, int] | None = None  # (paragraph, quote index)
    for k, span in enumerate(spans):
        att = found[k]
        if att is None:
            continue
        if att.mention is not None:
            last_known = (span.last.para, k)
            continue
        p = span.first.para
        source = None
        # The previous quotation ending in this paragraph, else the next one opening in it.
        for j in range(k - 1, -1, -1):
            if spans[j].last.para != p:
                break
            if found[j] is not None and found[j].mention is not None:
                source = j
                break
        if source is None:
            for j in range(k + 1, len(spans)):
                if spans[j].first.para != span.last.para:
                    break
                if found[j] is not None and found[j].mention is not None:
                    source = j
                    break
        if source is None and last_known is not None and last_known[0] >= p - 1:
            if _only_quotes(paras[p].skeleton) or _opens_with_quote(paras[p].skeleton):
                source = last_known[1]
        if source is not None:
            src = found[source]
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
