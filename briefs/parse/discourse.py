"""The referents an article has mentioned so far, to resolve pronouns, roles and surnames."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from briefs.parse import lexicon as lx
from briefs.parse.lexicon import word_set
from briefs.parse.phrases import Phrase, read_phrase
from briefs.parse.sentences import is_abbreviation
from briefs.parse.skeleton import Para

_INTRO_WINDOW = 80
_ROLE_WINDOW = 60
_TWO_WORDS_BEFORE = re.compile(r"(?:[\w’'-]+ ){1,2}$")
# Words that cannot modify a bare plural noun: they belong to the clause before it.
_NOT_MODIFIERS = lx.CLAUSE_WORDS | lx.SPEECH_FORMS | word_set(
    """of for at from with in on to by between among about against into over under as
    were are said told met held asked urged"""
)
#: How many earlier mentions a pronoun looks back through: an antecedent further
#: back than this is not one a reader would find either, and the bound keeps the
#: parse linear in the length of the article.
LOOKBACK = 400
#: How many earlier mentions with the same head a role noun weighs.
ROLE_LOOKBACK = 64
# Role nouns are found by their head, then read back to a determiner: one pass over
# the words, looked up in a set, is much cheaper than a pattern starting at every word.
_HEADS = lx.HUMAN_NOUNS | lx.HUMAN_PLURALS | lx.THING_NOUNS
_PHRASE_BREAKS = word_set("after before since until during")
_NEXT_WORD = re.compile(r" ([a-z]+)(?![\w’'-])")
# The lower-case words that are in _HEADS, each matched only whole.
_HEAD_WORD = re.compile(
    r"(?<![\w’'-])" + lx.word_alternation({w for w in _HEADS if w.isascii() and w.isalpha()
                                            and w.islower()}) + r"(?![\w’'-])")
# The word or two before an offset (possessive: giving back never lets the rest match);
# past the window's first character the leftmost match opens a word (see _LAST_WORD_OPENING).
_LAST_WORD = re.compile(r"([a-z]++)\s++(?:[a-z]++\s++)?$")
_LAST_WORD_OPENING = re.compile(r"(?<![a-z])([a-z]++)\s++(?:[a-z]++\s++)?$")
_FULL_STOP = re.compile(r"\.\s+")
_OUTLET_KEY = "\x00outlet"
_APPOSITION = re.compile(r",\s+")
# A mention right after an introductory phrase is still the sentence's subject.
_AFTER_INTRO = re.compile(r"(?:^|[.?!]\s+)(?:[A-Z][\w’']*\s+){0,1}(?:[\w’'-]+\s+){0,5}?"
                          r"[\w’'-]+,\s+$")


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

    # A capitalised run not preceded by a word character. The pattern opens with the
    # capital and looks behind it (two characters: the one before and the capital), so
    # that the regex engine skips to capitals at C speed instead of trying every position.
    _NAME = re.compile(
        r"[A-Z](?<![\w’'-][A-Z])[\w’'.&-]*(?:\s+(?:[A-Z][\w’'.&-]*|de|van|von|bin|al|la|le|"
        r"du|da|di|der|del|dos))*"
    )
    _DETERMINED = re.compile(
        r"(?<![\w’'-])(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother|[Tt]his|[Tt]wo|[Tt]hree|[Ff]our|"
        r"[Ss]everal|[Ss]ome|[Mm]any|[Tt]hese|[Tt]hose|[Oo]ther)\s++(?:[\w’'-]++\s++){0,4}+$"
    )  # possessive: fewer words or spaces never reach the end the more did not

    def __init__(self, paras: list[Para]) -> None:
        self._paras = paras
        self._scanned = -1
        # Most quotes name their speaker, and a name needs only the fullest form of
        # it seen so far: names are read ahead cheaply, and the full reading (roles,
        # subjects, appositions, speakers noted) is replayed from a log only when a
        # pronoun or a role asks for it, in the order it would have run.
        self._names_scanned = -1
        self._names_found: list[list[tuple[int, Phrase]]] = []
        self._pending: list[tuple] = []
        self._full_hist: dict[str, tuple[list[tuple[int, int]], list[str]]] = {}
        # Mentions in article order, with their positions apart for bisection, and
        # indexed by head noun (role lookup) and by display (carrying a referent on),
        # so that no lookup rescans the whole article.
        self._mentions: list[_Mention] = []
        self._positions: list[tuple[int, int]] = []
        self._by_key: dict[str, list[_Mention]] = {}
        self._by_display: dict[str, _Mention] = {}
        self._first_speaker: tuple[int, int] | None = None
        self._gender: dict[str, str] = {}
        self._person_keys: set[str] = set()
        self._full: dict[str, str] = {}  # surname -> fullest name seen
        self._full_given: dict[str, int] = {}  # surname -> _given_words of that name

    def _names_to(self, para: int) -> None:
        """Read the names of every paragraph up to ``para``: the fullest name of each."""
        while self._names_scanned < para:
            self._names_scanned += 1
            p = self._names_scanned
            sk = self._paras[p].skeleton
            found: list[tuple[int, Phrase]] = []
            for at, name in _names(self._NAME.finditer(sk)):
                if " " not in name and name.lower() in lx.CAP_STOPWORDS:
                    continue  # a capitalised sentence opener, not a name
                phrase = read_phrase(name)
                if phrase is not None and phrase.kind == "name":
                    found.append((at, phrase))
                    if not phrase.org:
                        key = phrase.head
                        given = _given_words(phrase.name)
                        if given >= self._full_given.get(key, 0):
                            self._full[key] = phrase.name
                            self._full_given[key] = given
                            positions, names = self._full_hist.setdefault(key, ([], []))
                            positions.append((p, at))
                            names.append(phrase.name)
            self._names_found.append(found)

    def name_ending_in(self, word: str, pos: tuple[int, int]) -> Phrase | None:
        """Who is named in full up to ``pos`` with surname ``word`` ("From": "Al From")."""
        return _full_name(self._names_to(pos[0]) or self._full.get(word.lower(), ""))

    def _full_at(self, key: str, pos: tuple[int, int], inclusive: bool) -> str:
        """The fullest name for ``key`` as read up to ``pos`` ("" when none yet)."""
        hist = self._full_hist.get(key)
        if hist is None:
            return ""
        positions, names = hist
        i = (bisect_right if inclusive else bisect_left)(positions, pos)
        return names[i - 1] if i else ""

    def _advance(self, para: int) -> None:
        """Note that the reading has come to ``para``: names now, the rest on demand."""
        self._names_to(para)
        self._pending.append(("scan", para))

    def _materialise(self) -> None:
        """Run the full reading that was put off, in the order it was asked for."""
        pending, self._pending = self._pending, []
        for op in pending:
            if op[0] == "scan":
                self._scan_to(op[1])
            else:
                self._note_speaker(*op[1:])

    def _scan_to(self, para: int) -> None:
        while self._scanned < para:
            self._scanned += 1
            self._scan(self._scanned)

    def _scan(self, p: int) -> None:
        sk = self._paras[p].skeleton
        found: list[tuple[int, Phrase]] = list(self._names_found[p])
        for m in _HEAD_WORD.finditer(sk):
            if _modifies_next(sk, m.end()):
                continue
            det = self._DETERMINED.search(sk, max(0, m.start() - _ROLE_WINDOW), m.start())
            while det is not None and _crosses_clause(det.group()):
                # "welcomed the statement and said G7 ministers": a verb between the
                # determiner and the noun ends one phrase and starts the next.
                det = self._DETERMINED.search(sk, det.start() + 1, m.start())
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
        first_new = len(self._mentions)
        for offset, phrase in found:
            # Only people can be "he" or "she", so only their position is looked at.
            subject = not phrase.org and not phrase.plural and (offset in starts or (
                sk[max(0, offset - 3) : offset].rstrip().endswith(",")
                and _AFTER_INTRO.search(sk, max(0, offset - _INTRO_WINDOW), offset) is not None
            ) or _after_inverted_cue(sk, offset))
            display = self._display(phrase, (p, offset))
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
        for m in self._mentions[first_new:]:
            self._by_display[m.display] = m  # after appositions have settled the display

    def _add(self, pos: tuple[int, int], phrase: Phrase, display: str, speaker: bool,
             subject: bool = False) -> None:
        if phrase.kind == "name" and not phrase.org:
            key = phrase.head
            words = phrase.name.split()
            if _person_like(words) or phrase.gender or speaker or phrase.descriptors:
                self._person_keys.add(key)
            if phrase.gender:
                self._gender.setdefault(display, phrase.gender)
                self._gender.setdefault(self._full_at(key, pos, True) or display, phrase.gender)
        elif phrase.gender or (phrase.kind == "name" and phrase.gender):
            self._gender.setdefault(display, phrase.gender)
        self._insert(_Mention(pos, phrase, display, speaker, subject))

    def _insert(self, mention: _Mention) -> None:
        pos = mention.pos
        # Mentions nearly always come in article order: append, and bisect only when not.
        if not self._positions or self._positions[-1] <= pos:
            self._mentions.append(mention)
            self._positions.append(pos)
        else:
            i = bisect_right(self._positions, pos)
            self._mentions.insert(i, mention)
            self._positions.insert(i, pos)
        ph = mention.phrase
        keys = {ph.head, *ph.descriptors}
        if ph.outlet and ph.kind == "name":
            keys.add(_OUTLET_KEY)
        for key in keys:
            bucket = self._by_key.setdefault(key, [])
            if not bucket or bucket[-1].pos <= pos:
                bucket.append(mention)
            else:
                bucket.insert(bisect_right(bucket, pos, key=_pos_of), mention)
        if mention.speaker and (self._first_speaker is None or pos < self._first_speaker):
            self._first_speaker = pos

    def _display(self, phrase: Phrase, at: tuple[int, int] | None = None) -> str:
        """How a phrase is shown: a name at its fullest (as read up to ``at``, or so far)."""
        if phrase.kind == "name":
            if phrase.org:
                return phrase.name
            full = (self._full.get(phrase.head) if at is None
                    else self._full_at(phrase.head, at, False))
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
        return ph.kind == "name" and ph.head in self._person_keys

    def resolve(self, phrase: Phrase, pos: tuple[int, int]) -> str | None:
        """The fullest name for ``phrase`` at ``pos`` (None when nothing fits)."""
        self._advance(pos[0])
        if phrase.kind == "name":
            return self._display(phrase)
        self._materialise()
        if phrase.kind == "pronoun":
            return self._antecedent(phrase, pos)
        if phrase.kind == "role":
            return self._role(phrase, pos) or phrase.text
        return self._display(phrase)

    def _before(self, pos: tuple[int, int]) -> list[_Mention]:
        """The last :data:`LOOKBACK` mentions before ``pos``, in article order."""
        end = bisect_left(self._positions, pos)
        return self._mentions[max(0, end - LOOKBACK) : end]

    def _antecedent(self, phrase: Phrase, pos: tuple[int, int]) -> str | None:
        word = phrase.head
        if word == "i":
            return "the author"
        if word == "we" and (self._first_speaker is None or self._first_speaker >= pos):
            return "the authors"
        before = self._before(pos)
        if word in lx.SINGULAR_PRONOUNS:
            # A speaker or sentence subject nearby first, then any person mentioned.
            recent: list[_Mention] = []
            if before:
                floor = before[-1].pos[0] - 2
                for m in reversed(before):
                    if m.pos[0] < floor:
                        break
                    if m.speaker or m.subject:
                        recent.append(m)
            for pool in (recent, before[::-1]):
                for m in pool:
                    if self._is_person(m) and _gender_fits(self._gender, m, phrase.gender):
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

    def _role(self, phrase: Phrase, pos: tuple[int, int]) -> str | None:
        head = phrase.head
        key = _OUTLET_KEY if phrase.outlet and head in lx.OUTLET_NOUNS else head
        bucket = self._by_key.get(key, [])
        end = bisect_left(bucket, pos, key=_pos_of)
        best: _Mention | None = None
        for m in reversed(bucket[max(0, end - ROLE_LOOKBACK) : end]):
            if m.phrase.plural != phrase.plural or m.display == phrase.text:
                continue
            if m.phrase.kind == "name" and m.display.lower() == head:
                continue  # "the American": the word itself, not an earlier referent
            if m.speaker:
                return m.display
            if best is None or len(m.display) > len(best.display):
                best = m
        return best.display if best is not None else None

    def note_speaker(self, phrase: Phrase, pos: tuple[int, int], display: str) -> None:
        """Record an attributed speaker: it is now the latest mention of its referent."""
        self._advance(pos[0])
        self._pending.append(("note", phrase, pos, display))

    def _note_speaker(self, phrase: Phrase, pos: tuple[int, int], display: str) -> None:
        if phrase.kind == "pronoun" and phrase.gender:
            self._gender.setdefault(display, phrase.gender)
        if phrase.kind == "pronoun":
            # Carry the referent forward under the pronoun's position.
            carried = self._by_display.get(display)
            if carried is None:
                return
            phrase = carried.phrase
        mention = _Mention(pos, phrase, display, speaker=True)
        self._insert(mention)
        self._by_display[display] = mention
        if phrase.kind == "name" and not phrase.org:
            self._person_keys.add(phrase.head)


def _gender_fits(genders: dict[str, str], m: _Mention, gender: str | None) -> bool:
    """Whether a mention can be a pronoun of this gender (a known one must agree)."""
    known = genders.get(m.display) or m.phrase.gender
    return not (known and gender and known != gender)


def _full_name(name: str) -> Phrase | None:
    """A name of more than one word read as a phrase (None for one word or none)."""
    return read_phrase(name) if " " in name else None


def _after_inverted_cue(sk: str, offset: int) -> bool:
    """``said David Wasserman``: the subject of a speech verb, even one no quotation
    hangs on, is who a later "he said" most likely means."""
    lo = max(0, offset - 16)
    before = _LAST_WORD.match(sk, lo, offset) or _LAST_WORD_OPENING.search(sk, lo + 1, offset)
    return before is not None and before.group(1) in lx.INVERTIBLE_FORMS


def _person_like(words: list[str]) -> bool:
    """A name of two words or more, as people's are; none opens on "New" ("New Line",
    "New York" are a firm and a place)."""
    return len(words) > 1 and words[0] != "New"


def _modifies_next(sk: str, end: int) -> bool:
    """"an official statement", "a campaign spokesman": a head noun before another one
    modifies it and names no referent of its own."""
    after = _NEXT_WORD.match(sk, end)
    return after is not None and after.group(1) in _HEADS


def _crosses_clause(words: str) -> bool:
    """Whether a finite speech verb or a preposition of time stands among
    ``words`` (a determiner and the words after it): a noun phrase does not run across
    one ("the day after the chancellor" holds two; "a lawyer for the victims" is one)."""
    return any((w in lx.SPEECH_FORMS and not w.endswith("ing")) or w in _PHRASE_BREAKS
               for w in words.split()[1:])


def _pos_of(mention: _Mention) -> tuple[int, int]:
    return mention.pos


def _names(matches: Iterator[re.Match[str]]) -> Iterator[tuple[int, str]]:
    """Capitalised runs cut at full stops that end a sentence ("Blackpool Pleasure
    Beach. Charles Smith" is two names), not at abbreviations ("Mr. Smith")."""
    for m in matches:
        text, at = m.group(), m.start()
        if text.endswith(".") and not is_abbreviation(text, len(text) - 1):
            text = text[:-1]  # "… opposed by the Liberal Democrats." ends a sentence
        if ". " not in text and ".\n" not in text:
            yield at, text
            continue
        start = 0
        for stop in _FULL_STOP.finditer(text):
            if not is_abbreviation(text, stop.start()):
                yield at + start, text[start : stop.start()]
                start = stop.end()
        yield at + start, text[start:]


@lru_cache(maxsize=4096)  # asked of the same few names at every mention
def _given_words(name: str) -> int:
    """How much of a name is name: "Mrs Halloran" counts one word, "Anne Halloran" two."""
    words = name.split()
    return len(words) - (1 if words and words[0].lower() in lx.TITLES else 0)
