"""Who said each quotation: attribution cues, continuation and coreference.

The work is split by concern: :mod:`~briefs.parse.skeleton` replaces quotations
by placeholders, :mod:`~briefs.parse.cues` finds speech verbs,
:mod:`~briefs.parse.subjects` reads their subjects and
:mod:`~briefs.parse.discourse` resolves what was found to a full name. This
module puts them together.

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
from dataclasses import dataclass
from itertools import islice

from briefs.models import Quote
from briefs.parse import lexicon as lx
from briefs.parse.clauses import adjacent as _adjacent
from briefs.parse.clauses import coordinated, listener_only
from briefs.parse.clauses import only_quotes as _only_quotes
from briefs.parse.clauses import opens_with_quote as _opens_with_quote
from briefs.parse.clauses import parenthetical_speaker as _parenthetical_speaker
from briefs.parse.clauses import reads_as_verb as _reads_as_verb
from briefs.parse.continuity import CLAUSE_DONE as _CLAUSE_DONE
from briefs.parse.continuity import goes_on, previous_subject, same_referent
from briefs.parse.cues import cue_text, find_cues, is_participle
from briefs.parse.discourse import Discourse
from briefs.parse.phrases import apposed_name, names_no_one, read_phrase
from briefs.parse.quotes import QuoteSpan, find_quotes
from briefs.parse.skeleton import PLACEHOLDER, Para, build_skeletons
from briefs.parse.subjects import (
    COORD,
    RELATIVE,
    SENTINELS,
    is_clause_fragment,
    sentence_subject,
    subject_after,
    subject_before,
    subject_of,
    valid_subject,
)

# An epigraph-style credit after a quotation: "…" — Carla Sanchez.
_DASH_NAME = re.compile(r"\s*[—―–]+\s*([A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,4})\s*[.,]?\s*$")
# A credit line may add where the speaker is from or when they said it: "-Ann Doe, Tarrow."
_CREDIT_LINE = re.compile(r"\s*[—―–-]+\s*([A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,4})"
                          r"(?:,\s+[^\s,.\ue000][^.\ue000]{0,60})?\s*\.?\s*")
# A verb in the perfect with nothing after it but a comma and a new clause: the thing
# promised or said is the noun before it ("the cuts the minister had promised, …").
_REDUCED_RELATIVE = re.compile(r",\s+[a-z]")
_PERFECT_BEFORE = re.compile(r"\b(?:had|has|have)\s+$")
_CLAUSE_LINK = re.compile(r"(?<![\w’'-])(?:and|but|or|while|which|who|whose|where)(?![\w’'-])")
_MORE_FROM = re.compile(r"\s*(?:More\s+from|From)\s+(?=\S)")
_LAST_DASH = re.compile(r"\s[—–-]+\s*(?=[^—–]*$)")
_COMMA_OR_SEMICOLON = re.compile(r"[,;]")
_COMMA_OR_AS_END = re.compile(r"(?:,|\bas)\s*$")
_TITLE_WORD = re.compile(r"[\w’'-]+")
_CIRCUMSTANCE = re.compile(r"\s*(?:in|on|at|during|via)\s+(?:a|an|the|his|her|their)\s")
_REPORTED = re.compile(r"\b(?:that|what|how|why|whether)\b")
#: A quotation with fewer words than this, and no speaker, is a term, not a statement.
MIN_UNATTRIBUTED_WORDS = 4
#: A title-case quotation this short is a name or a title ("State of the Union").
TITLE_MAX_WORDS = 6
#: Paragraphs without quotation or other speaker a stand-alone quotation paragraph
#: may reach back over to the last attributed speaker.
CONTINUATION_GAP = 1


@dataclass(slots=True)
class _Attribution:
    mention: str | None = None
    cue: str | None = None
    speaker: str | None = None
    pos: tuple[int, int] = (0, 0)
    weak: bool = False  # found in an earlier sentence, not around the quotation
    # "He …" with no speech verb: who the sentence before was about, to agree with.
    antecedent: tuple[str, tuple[int, int]] | None = None



def read_quotes(paragraphs: list[str]) -> list[Quote]:
    """The quoted statements of an article, in order, with resolved speakers."""
    spans = find_quotes(paragraphs)
    if not spans:
        return []
    paras = build_skeletons(paragraphs, spans)
    discourse = Discourse(paras)
    found: list[_Attribution | None] = []
    for span in spans:
        att = _attribute(span, paras)
        prev = found[-1] if found else None
        if (att is not None and att.mention is None and prev is not None and prev.weak
                and prev.cue is None and prev.mention is not None
                and span.first.para == prev.pos[0]
                and coordinated(paras[prev.pos[0]], span.index - 1, span.index)):
            att = _Attribution(prev.mention, None, pos=prev.pos, weak=True,
                               antecedent=prev.antecedent)  # "“…” and “…”": one phrase
        found.append(att)
    _fill_from_neighbours(spans, paras, found)
    quotes: list[Quote] = []
    for span, att in zip(spans, found, strict=True):
        if att is None:
            continue
        text = span.text.rstrip(" ,;:")
        title = _looks_like_title(text)
        if title and len(text.split()) <= TITLE_MAX_WORDS:
            continue
        if att.mention is None and att.speaker is None:
            if len(text.split()) < MIN_UNATTRIBUTED_WORDS or title:
                continue
            quotes.append(Quote(text=text))
            continue
        if att.mention is not None and att.speaker is None:
            phrase = read_phrase(att.mention)
            if phrase is not None and phrase.kind == "role":
                phrase = apposed_name(att.mention) or phrase  # "The head of X, Ann Doe,"
            written = None
            if phrase is None and _one_capitalised_word(att.mention):
                phrase = discourse.name_ending_in(att.mention.strip(), att.pos)
                written = att.mention.strip()  # "From", as the article wrote it
            if phrase is None:
                quotes.append(Quote(text=text, cue=att.cue))
                continue
            att.speaker = discourse.resolve(phrase, att.pos)
            if att.antecedent is not None and not (att.speaker and same_referent(
                    discourse, phrase, att.speaker, att.antecedent)):
                quotes.append(Quote(text=text))  # "he" may be anyone: no guess
                continue
            if att.speaker and (is_clause_fragment(att.speaker) or names_no_one(phrase)
                                or names_no_one(read_phrase(att.speaker))):
                att.speaker = None  # "critics say": the mention is kept, no one is named
            if att.speaker:
                discourse.note_speaker(phrase, att.pos, att.speaker)
            att.mention = written or phrase.text
        quotes.append(Quote(text=text, speaker=att.speaker, speaker_mention=att.mention,
                            cue=att.cue))
    return quotes


def _one_capitalised_word(mention: str) -> bool:
    """``From``, ``Will``: one capitalised word that read alone names no one."""
    word = mention.strip()
    return word[:1].isupper() and word.isalpha() and word.lower() not in lx.ALL_PRONOUNS


def _attribute(span: QuoteSpan, paras: list[Para]) -> _Attribution | None:
    """Attribution from cues around the quotation; None when it is a term."""
    first, last = span.first, span.last
    pf, pl = paras[first.para], paras[last.para]
    if span.index not in pf.slots or span.index not in pl.slots:
        return _Attribution()
    start = pf.slots[span.index][0]
    _, end, tail = pl.slots[span.index]
    sk_first = pf.skeleton
    if lx.introduces_term(sk_first[max(0, start - 40) : start]):
        return None
    # A quotation inside a sentence of the writer's ("Cable branded the plans as "…"") is
    # not attributed by a speech verb in the sentence after it.
    inside = bool(sk_first[pf.sentence_start(start) : start].strip(" “\"‘'(—–-"))
    found = _after(pl, end, tail, last.para, inside)
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
            found = _before(pf, lo - 1, first.para, main=True)
            if found is not None:
                found.weak = True  # a neighbouring quotation's speaker comes first
                break
            lo = pf.sentence_start(lo - 1)
    if found is None:
        # "“…” ― Carla Sanchez" closing the paragraph credits all of it.
        # (every credit holds one of its dashes: a substring test spares the pattern)
        dash = (_DASH_NAME.search(pl.skeleton)
                if any(d in pl.skeleton for d in "—―–") else None)
        if dash is not None:
            found = _Attribution(dash.group(1), "—", pos=(last.para, dash.start(1)))
        elif last.para + 1 < len(paras) and not pl.skeleton[tail:].strip(" .,;:!?"):
            # "“…”\n\n— Carla Sanchez.": a credit line of its own under the quotation.
            credit = _CREDIT_LINE.fullmatch(paras[last.para + 1].skeleton)
            if credit is not None:
                name = credit.group(1)
                if name.endswith(".") and len(name.rsplit(None, 1)[-1]) > 3:
                    name = name[:-1]  # the full stop closing the line, not an initial
                found = _Attribution(name, "—", pos=(last.para + 1, credit.start(1)))
    if (found is None and first.para > 0 and not sk_first[:start].strip()
            and not find_cues(sk_first, 0, len(sk_first))):
        # "Carter said the region mattered.\n\n“That's because …”": a paragraph of
        # quotation, with no cue of its own, goes on from reported speech just before.
        found = _reported_before(paras[first.para - 1], first.para - 1)
    if found is None:
        found = _embedded(paras, start, first.para, span.text)
    if (found is None and inside and len(span.text.split()) >= MIN_UNATTRIBUTED_WORDS
            and (at := goes_on(pf, start)) is not None
            and (found := _before(pf, at, first.para)) is not None):
        found.weak = True  # "…, he said. … only when “…”": his reported speech goes on
    return found or _Attribution()


def _embedded(paras: list[Para], start: int, p: int, text: str) -> _Attribution | None:
    """``Bush referred to Rubio as “a bright, charismatic leader”``: words quoted inside a
    sentence with no speech verb are the words of that sentence's subject, when the
    subject names a person or a body (a short scare quote is left alone, unless it is
    the verb right after the subject: ``A Tory spokesman “totally refuted” the claim``).
    A speech verb after the quotation names its speaker, unless it is in a relative
    clause ("critics who said") or shares the subject ("… and argued") with no other
    clause before the quotation."""
    short = len(text.split()) < MIN_UNATTRIBUTED_WORDS
    if short and not _reads_as_verb(text):
        return None
    para = paras[p]
    sk = para.skeleton
    lo, hi = para.sentence_start(start), para.sentence_end(start)
    if not sk[lo:start].strip() or PLACEHOLDER.search(sk, lo, start):
        return None
    for m in find_cues(sk, start, hi):  # "…," said the director: named after it, not found
        after = subject_before(sk, start, m.start(), participle=is_participle(m))
        if after is not RELATIVE and (after is not COORD or _CLAUSE_LINK.search(sk, lo, start)):
            return None
    subject = sentence_subject(sk, lo, start)
    predicate = False
    if (subject is None and short and _reads_as_verb(text)
            and (ph := PLACEHOLDER.match(sk, start)) is not None):
        # No verb before the quotation, and it reads as one: the quoted words are the
        # sentence's verb, the subject's own whatever else is said.
        subject = sentence_subject(sk, lo, ph.end())
        predicate = bool(subject) and not subject.endswith(("'s", "’s", "s'", "s’"))
    if not valid_subject(subject) or (short and not predicate):
        return None
    assert subject is not None
    phrase = read_phrase(subject)
    if phrase is None or not (phrase.kind == "name" or (
            phrase.kind == "role" and (phrase.head in lx.HUMAN_NOUNS or phrase.org)
            and not phrase.plural) or (
            phrase.kind == "pronoun" and phrase.head in lx.SINGULAR_PRONOUNS)):
        return None
    if phrase.kind == "name" and phrase.name.lower() in lx.HUMAN_PLURALS:
        return None  # "Protesters carried banners with “…”": a crowd, capitalised
    antecedent = None
    if phrase.kind == "pronoun":
        # "He then urged the board to “…”": whoever the sentence before was about.
        antecedent = previous_subject(paras, p, lo, start)
        if antecedent is None:
            return None
    return _Attribution(subject, None, pos=(p, lo), weak=not predicate, antecedent=antecedent)


def _reported_before(prev: Para, p: int) -> _Attribution | None:
    """The speaker of reported speech closing paragraph ``p`` (which holds no quotation)."""
    body = prev.skeleton.rstrip()
    if not body:
        return None
    lo = prev.sentence_start(len(body) - 1)
    # The main clause's cue, the first in the sentence: in "Carter said critics had been
    # predicting a withdrawal", what follows is Carter's.
    for m in find_cues(prev.skeleton, lo, len(body)):
        if PLACEHOLDER.search(body, m.start()):
            return None  # a quotation after the cue: continuation from it is decided elsewhere
        found = _before(prev, m.end(), p)
        if found is not None:
            found.weak = True
            return found
    return None


def _after(para: Para, end: int, tail: int, p: int, inside: bool = False) -> _Attribution | None:
    """``"…," the diplomat said`` / ``"…," said Smith`` / ``"…," according to X``,
    or an attribution closing the sentence (``… is "…" , Warren said.``)."""
    sk = para.skeleton
    stop = para.sentence_end(tail + 1)
    nxt = PLACEHOLDER.search(sk, tail, stop)
    if nxt is not None:
        stop = nxt.start()
    cues = find_cues(sk, tail, stop)
    if not cues:
        return None
    m = cues[0]
    between = sk[tail : m.start()]
    cue = cue_text(m)
    if not between.strip(" ,—–-"):
        if is_participle(m):
            return None  # '"…," adding that': the subject comes before the quotation
        if cue.lower().startswith(("according", "per")) or cue.lower() in lx.INVERTIBLE_FORMS:
            subject = subject_after(sk, m.end(), stop)
            if valid_subject(subject):
                return _Attribution(subject, cue, pos=(p, m.end()))
        return None
    if cue.lower().startswith("according"):
        # "… “…” to ensure X, according to Ann Doe.": the source closing the sentence, unless
        # a clause of its own comes between ("…,” and, according to Y, …").
        if sk[end:tail] == "." or _CLAUSE_LINK.search(between):
            return None
        subject = subject_after(sk, m.end(), stop)
        return _Attribution(subject, cue, pos=(p, m.end())) if valid_subject(subject) else None
    subject = subject_before(sk, tail, m.start(), participle=is_participle(m))
    if not valid_subject(subject):
        if (subject and subject not in SENTINELS and _one_capitalised_word(subject)
                and between.strip(" ,") == subject):
            # "“…,” From said": a name that is also a word; the discourse knows it or not.
            return _Attribution(subject, cue, pos=(p, tail + between.find(subject)))
        return _after_aside(sk, m, between, stop, p) if sk[end:tail] != "." else None
    assert subject is not None
    rest = sk[m.end() : stop]
    if rest.lstrip().startswith(":"):
        return None  # "The spokesperson added:" introduces what follows, not what precedes
    if _adjacent(between, subject):
        # After a full stop, only a short attribution clause belongs to the quote, and
        # one that leads straight into the next quotation ("He added, “…”") is that one's.
        if sk[end:tail] == "." and (inside or not (_CLAUSE_DONE.match(rest)
                                                   or listener_only(cue, rest))
                                    or (nxt is not None and not rest.strip(" ,:"))):
            return None
        return _Attribution(subject, cue, pos=(p, tail + between.find(subject[:8])))
    if sk[end:tail] == ".":
        return None  # "“….” The sale, analysts said, …": a new sentence reports speech of its own
    lead = between.rstrip()
    words_after = 6
    if lead.endswith(" as " + subject) or lead == "as " + subject:
        rest = _COMMA_OR_SEMICOLON.split(rest, maxsplit=1)[0]  # "…,” as Cruz said on radio, only …"
        words_after = 10
    elif _CIRCUMSTANCE.match(rest) and not _REPORTED.search(rest):
        words_after = 10  # "…, she said in a video message to the convention.": where, not what
    if (len(rest.split()) <= words_after
            and _COMMA_OR_AS_END.search(lead[: len(lead) - len(subject)])):
        return _Attribution(subject, cue, pos=(p, tail + between.rfind(subject[:8])))
    return None


def _after_aside(sk: str, m: re.Match[str], between: str, stop: int,
                 p: int) -> _Attribution | None:
    """``“…,” in sharp contrast to past years, says Ann Doe, a historian``: an inverted cue
    after a short aside names the speaker of the quotation it closes."""
    if (not between.rstrip().endswith(",") or is_participle(m)
            or m.group(1).lower() not in lx.INVERTIBLE_FORMS):
        return None
    subject = subject_after(sk, m.end(), stop)
    if subject and subject[:1].isupper() and valid_subject(subject):
        return _Attribution(subject, cue_text(m), pos=(p, m.end()))
    return None


def _before(para: Para, start: int, p: int, main: bool = False) -> _Attribution | None:
    """``X said: "…"``, ``X said that … "…"``, ``according to X, "…"``; the nearest cue, or
    with ``main`` the main clause's (the first: "he hit back at Labour claims he had …")."""
    sk = para.skeleton
    lo = para.sentence_start(start)
    hi = para.sentence_end(start)
    colon = sk[lo:start].rstrip().endswith(":")
    if colon and (dash := _LAST_DASH.search(sk, lo, start)) is not None:
        # "Pollsters agree - Carl Bialik:": the heading before the dash is no speaker.
        lo = dash.end()
    cues = find_cues(sk, lo, start)
    for i in range(len(cues)) if main else range(len(cues) - 1, -1, -1):
        m = cues[i]
        cue = cue_text(m)
        if _REDUCED_RELATIVE.match(sk, m.end()) and _PERFECT_BEFORE.search(sk, lo, m.start()):
            continue  # "instead of the “bonfire” New Labour had promised, there had been …"
        if cue == "per" and i and sk[cues[i - 1].end() : m.start()].strip() == ",":
            continue  # "Guccifer said, per a translator, that …": the go-between is no speaker
        if cue.lower().startswith(("according", "per")):
            subject = subject_after(sk, m.end(), start)
        elif (parenthetical := _parenthetical_speaker(sk, lo, m, start)) is not None:
            subject = parenthetical  # "The paradox, says Carl Anthony, a historian, is …"
        else:
            subject = subject_of(sk, lo, hi, cues, i)
            if subject is RELATIVE:
                continue  # "told a woman who suggested ...": the cue of a relative clause
            if (not valid_subject(subject) and cue.lower() in lx.INVERTIBLE_FORMS
                    and not is_participle(m)):
                subject = subject_after(sk, m.end(), start)
        if valid_subject(subject):
            return _Attribution(subject, cue, pos=(p, m.start()))
    if colon:
        # "Sanders made the following comment:" introduces what its subject said; in
        # "RED STATES LEAD - Jeffrey Jones:" the headline before the dash is not the subject,
        # and "More from Jones:" credits Jones.
        credit = _MORE_FROM.match(sk, lo)
        subject = sentence_subject(sk, credit.end() if credit else lo, start)
        if valid_subject(subject):
            return _Attribution(subject, None, pos=(p, lo))
    return None


def _fill_from_neighbours(
    spans: list[QuoteSpan], paras: list[Para], found: list[_Attribution | None]
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
        if (source is None and last_known is not None
                and (_only_quotes(paras[p].skeleton) or _opens_with_quote(paras[p].skeleton))
                and (last_known[0] >= p - 1 or _no_new_speaker(
                    paras, spans, found, last_known, p))):
            source = last_known[1]
        if source is not None:
            src = found[source]
            assert src is not None
            found[k] = _Attribution(src.mention, src.cue, src.speaker, src.pos)
            if source < k:
                last_known = (span.last.para, k)


def _no_new_speaker(paras: list[Para], spans: list[QuoteSpan],
                    found: list[_Attribution | None], last_known: tuple[int, int],
                    p: int) -> bool:
    """Whether the paragraphs between the last attributed quotation and paragraph ``p``
    (at most :data:`CONTINUATION_GAP`) leave the floor to its speaker: no quotation of
    their own, and no speech cue but the speaker's own ("Smith spoke only briefly")."""
    last_para, j = last_known
    if last_para < p - 1 - CONTINUATION_GAP:
        return False
    if any(found[i] is not None for i in range(j + 1, len(spans))
           if spans[i].first.para < p):
        return False
    src = found[j]
    speaker = read_phrase(src.mention or "") if src is not None else None
    if speaker is None:
        return False
    for i in range(last_para + 1, p):
        para = paras[i]
        for m in find_cues(para.skeleton, 0, len(para.skeleton)):
            other = _before(para, m.end(), i)
            phrase = read_phrase(other.mention or "") if other is not None else None
            if phrase is None or not (phrase.head == speaker.head or (
                    phrase.kind == "pronoun" and not phrase.plural)):
                return False
    return True


_TITLE_SMALL = frozenset({"of", "the", "a", "an", "and", "in", "on", "for", "to", "at", "by",
                          "with", "or", "from"})


def _looks_like_title(text: str) -> bool:
    """A title or name in quotation marks ("State of the Union"), not a statement."""
    # (more than ten words is no title: the first eleven tell, however long the text)
    words = [m.group() for m in islice(_TITLE_WORD.finditer(text), 11)]
    if not words or len(words) > 10:
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _TITLE_SMALL for w in words)
