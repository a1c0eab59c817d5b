"""Reading a noun phrase that names a speaker: its name, head noun, kind and gender.

``"White House press secretary Josh Earnest"`` is the person Josh Earnest,
described as a secretary; ``"an unnamed senior British diplomat"`` is a role
whose head noun is *diplomat*; ``"the Moscow Times"`` is an outlet.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from briefs.parse import lexicon as lx

_PAREN = re.compile(r"\s*\([^()]*\)")
# Words that end the core of a noun phrase: a relative clause or participle follows.
_RELATIVE = frozenset({"who", "which", "that", "whose", "whom", "where"})
_PREPOSITIONS = frozenset({"of", "for", "at", "from", "with", "in", "on", "to", "by", "under",
                           "within", "inside", "near", "about", "close", "familiar"})
_PARTICLES = frozenset({"de", "del", "della", "di", "da", "van", "von", "der", "den", "bin",
                        "ibn", "al", "el", "la", "le", "du", "dos", "das", "y", "&", "and"})
_JOINERS = frozenset({"and", "&", "y"})
_NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
_POSSESSIVE = re.compile(r"[’']s?$")
_HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "sir",
                         "dame", "lord", "lady", "prof", "prof."})
_DEMONYMS = frozenset({"swiss", "dutch", "french", "greek", "thai", "scot", "welsh", "irish",
                       "czech", "dane", "swede", "finn", "pole", "brit", "kiwi", "german",
                       "frenchman", "englishman", "scotsman", "welshman", "irishman", "iraqi",
                       "saudi", "kuwaiti", "yemeni", "somali", "pakistani", "israeli"})
# Capitalised words that usually open a sentence but are also surnames ("Will said").
_ALSO_NAMES = frozenset({"may", "will", "read"})
_QUANTIFIERS = frozenset({"one", "two", "three", "four", "several", "some", "many", "a", "an",
                          "the", "another"})
# Words that can close a phrase after a determiner without naming anyone.
_PARTITIVES = _QUANTIFIERS | {"each", "none", "another"}
_NOT_HEADS = frozenset({"few", "lot", "number", "bit", "couple", "way", "time", "day", "year",
                        "week", "month", "thing", "things", "moment", "following", "same",
                        "other", "others", "rest", "most", "more", "all", "both", "each"})


class Phrase(NamedTuple):
    """What a speaker phrase says about its referent (immutable: a tuple, which is
    built several times faster than a frozen dataclass).

    Attributes:
        text: The phrase as written (appositives and relative clauses cut off).
        kind: ``"pronoun"``, ``"name"`` or ``"role"``.
        name: For a name, the name without titles (``"Josh Earnest"``).
        head: The head noun in lower case (``"diplomat"``, ``"earnest"`` for names).
        org: True when the phrase names an organisation, outlet or document.
        outlet: True when it names a news outlet.
        plural: True for a plural referent (``"two sources"``, ``"they"``).
        gender: ``"m"``, ``"f"`` or None.
        descriptors: Role head nouns the phrase gives its referent (``"secretary"``).
    """

    text: str
    kind: str
    name: str = ""
    head: str = ""
    org: bool = False
    outlet: bool = False
    plural: bool = False
    gender: str | None = None
    descriptors: frozenset[str] = frozenset()


_NOUN_BEFORE_ING = lx.DETERMINERS | _PREPOSITIONS


def _is_cap(token: str) -> bool:
    return token[:1].isupper()


_WORD_EDGES = ".,;:!?\"“”‘’'()[]"


def _word(token: str) -> str:
    return token.strip(_WORD_EDGES).lower()


@lru_cache(maxsize=8192)
def read_phrase(text: str) -> Phrase | None:
    """Analyse a speaker phrase; None when it cannot name anyone.

    Cached: the same names come up again and again, and a Phrase is immutable.
    """
    if "(" in text:
        text = _PAREN.sub("", text)
    text = text.strip(" ,;:—–-")
    if not text:
        return None
    if "," in text:
        chunks = [c.strip() for c in text.split(",") if c.strip()]
    else:  # most phrases hold no comma: one chunk, or none when only white space is left
        core = text.strip()
        chunks = [core] if core else []
    main, appositives = chunks[0], chunks[1:]
    tokens = main.split()
    words = [t.strip(_WORD_EDGES).lower() for t in tokens]  # _word() of each, inlined
    # Cut the relative clause or participle phrase: "officials who spoke ...".
    for i in range(1, len(tokens)):
        w = words[i]
        # "-ing" after a determiner or preposition is a noun ("in the planning").
        # "-ing" before a person noun modifies it ("chief operating officer").
        if w in _RELATIVE or (w.endswith("ing") and len(w) > 5 and tokens[i].islower()
                              and words[i - 1] not in _NOUN_BEFORE_ING
                              and (i + 1 == len(words) or words[i + 1] not in lx.HUMAN_NOUNS)):
            tokens, words = tokens[:i], words[:i]
            break
    if not tokens:
        return None
    if len(tokens) == 1 and words[0] in lx.ALL_PRONOUNS:
        return Phrase(
            text=tokens[0], kind="pronoun", head=words[0],
            plural=words[0] in lx.PLURAL_PRONOUNS, gender=lx.PRONOUN_GENDER.get(words[0]),
            org=words[0] == "it",
        )
    # The part before the first preposition carries the head ("Mr. Morgan of the Club").
    cut = len(tokens)
    for i, w in enumerate(words):
        if i and w in _PREPOSITIONS and tokens[i].islower():
            cut = i
            break
    if cut == 1 and words[0] in _PARTITIVES and len(words) > 2 \
            and words[1] == "of":
        # "one of two witnesses", "some of the protesters": the head is after "of".
        cut = next((i for i, w in enumerate(words) if i > 1 and w in _PREPOSITIONS
                    and tokens[i].islower()), len(tokens))
    if cut < len(tokens) and not _is_cap(tokens[cut - 1]) and _is_cap(tokens[-1]):
        # "secretary of state Hillary Clinton": a name after a lower-case word ends the
        # phrase even past a preposition (but "the head of Ferry First" names no one).
        k = len(tokens)
        while k > cut and _is_cap(tokens[k - 1]):
            k -= 1
        if k > cut + 1 and tokens[k - 1].islower() and words[k - 1] not in _PREPOSITIONS \
                and words[k - 1] not in lx.DETERMINERS:
            cut = len(tokens)
    pre, pre_words = tokens[:cut], words[:cut]
    if appositives:
        heads = [_head_of(a) for a in appositives]
        descriptors = set(heads) - {""}
        gender = _gender(pre_words) or _gender(heads)
    else:
        descriptors = set()
        gender = _gender(pre_words)
    # A name ends the phrase: the trailing run of capitalised tokens.
    start = len(pre)
    while start > 0 and (pre[start - 1][:1].isupper() or pre_words[start - 1] in _PARTICLES
                         or pre_words[start - 1] in _NAME_SUFFIXES) and start - 1 >= 0:
        start -= 1
    # A particle opening the name in capitals is part of it ("Al Gore", "De Niro"); in
    # lower case, or a conjunction, it is not ("and Smith").
    while start < len(pre) and ((pre_words[start] in _PARTICLES and (
            pre[start].islower() or pre_words[start] in _JOINERS)) or (
            pre_words[start] in lx.CAP_STOPWORDS and pre_words[start] not in _ALSO_NAMES
            and not _new_in_name(pre, start))):
        start += 1
    name_tokens = pre[start:]
    name_words = pre_words[start:]  # _word() of each name token
    last_word = name_words[-1] if name_words else ""
    if len(pre) >= 2 and pre_words[0] in ("the", "a", "an") and _is_demonym(pre[-1]) and all(
            t.islower() or not t[:1].isalpha() for t in pre[1:-1]):
        # "said the American", "the 24-year-old Swiss": a person named by nationality,
        # a role as written.
        return Phrase(text=" ".join(tokens), kind="role", head=pre_words[1], gender=gender,
                      descriptors=frozenset(descriptors))
    # A sentence-opening word closes a name only after a given name ("Al From").
    if name_tokens and _is_cap(name_tokens[-1]) and (
            last_word not in lx.CAP_STOPWORDS or last_word in _ALSO_NAMES
            or (len(name_tokens) > 1 and name_words[-2] not in lx.CAP_STOPWORDS
                and name_words[-2] not in lx.TITLES)):
        before = pre_words[:start]
        # Titles and role nouns written before the name describe it.
        last_title = -1
        for i, w in enumerate(name_words[:-1]):
            if w in lx.TITLES or w.rstrip(".") in lx.TITLES or w in lx.HUMAN_NOUNS:
                last_title = i
        titles = name_words[: last_title + 1]
        honorific = name_tokens[last_title] if last_title >= 0 else ""
        honorific_word = name_words[last_title] if last_title >= 0 else ""
        name_tokens = name_tokens[last_title + 1 :]
        name_words = name_words[last_title + 1 :]
        # (the last token loses a possessive ending: "Blair's" names Blair)
        name = " ".join([*name_tokens[:-1], _POSSESSIVE.sub("", name_tokens[-1])])
        if len(name_tokens) == 1 and honorific_word in _HONORIFICS:
            name = f"{honorific} {name}"  # "Mrs Halloran": a surname alone keeps its title
        lowered = set(name_words)
        outlet = bool(lowered & lx.OUTLET_WORDS)
        org = outlet or bool(lowered & lx.ORG_WORDS)
        for w in before + titles:
            if w in lx.HUMAN_NOUNS:
                descriptors.add(w)
        gender = gender or _gender(titles) or _gender(before)
        if gender is None and len(name_tokens) > 1:
            given = name_words[0]
            if given in lx.MALE_FIRST_NAMES:
                gender = "m"
            elif given in lx.FEMALE_FIRST_NAMES:
                gender = "f"
        return Phrase(
            text=" ".join(tokens), kind="name", name=name, head=name_words[-1],
            # "the Liberal Democrats", "Ministers" opening a sentence: a group, for "they".
            org=org, outlet=outlet, gender=gender,
            plural=" and " in name or name_words[-1] in lx.HUMAN_PLURALS,
            descriptors=frozenset(descriptors),
        )
    head = pre_words[-1]
    plural = head in lx.HUMAN_PLURALS or (head.endswith("s") and head[:-1] in lx.HUMAN_NOUNS)
    known = head in lx.HUMAN_NOUNS or head in lx.HUMAN_PLURALS or head in lx.THING_NOUNS
    # An unknown head still names someone after a determiner or a possessive
    # ("the ruling", "Ivana Doe's brief"), unless it is a quantity word ("a few").
    led = pre_words[0] in lx.DETERMINERS or pre_words[0] in _QUANTIFIERS or (
        len(pre) > 1 and _POSSESSIVE.search(pre[0]) is not None
    )
    if not known and (not led or len(pre) < 2 or head in _NOT_HEADS):
        return None
    return Phrase(
        text=" ".join(tokens), kind="role", head=_singular(head), plural=plural,
        org=head in lx.THING_NOUNS and head not in lx.HUMAN_NOUNS,
        outlet=head in lx.OUTLET_NOUNS, gender=gender, descriptors=frozenset(descriptors),
    )


def apposed_name(text: str) -> Phrase | None:
    """``The head of the unit, Mick Deats,``: a role whose first
    appositive names the person (in full, two words or more) is that person."""
    for chunk in [c.strip() for c in _PAREN.sub("", text).split(",")][1:2]:
        phrase = read_phrase(chunk) if chunk else None
        if (phrase is not None and phrase.kind == "name" and not phrase.org
                and not phrase.plural and " " in phrase.name):
            return phrase
    return None


def _new_in_name(tokens: list[str], i: int) -> bool:
    """"New" before a capitalised word is part of the name: "New York Times", "New Labour"."""
    return tokens[i] == "New" and i + 1 < len(tokens) and _is_cap(tokens[i + 1])


def _is_demonym(token: str) -> bool:
    """A capitalised nationality noun ("American", "Brazilian", "Swiss"), not an outlet."""
    w = _word(token)
    if not _is_cap(token) or w in lx.OUTLET_WORDS or w in lx.ORG_WORDS:
        return False
    return w in _DEMONYMS or w.endswith(("ian", "ean", "ese", "ish", "can", "ani", "eli"))


def _head_of(phrase: str) -> str:
    words = [_word(t) for t in phrase.split()]
    for i, w in enumerate(words):
        if i and (w in _PREPOSITIONS or w in _RELATIVE):
            words = words[:i]
            break
    return _singular(words[-1]) if words else ""


def _singular(noun: str) -> str:
    if noun in lx.HUMAN_PLURALS and noun.endswith("s") and noun[:-1] in lx.HUMAN_NOUNS:
        return noun[:-1]
    if noun.endswith("men") and noun[:-3] + "man" in lx.HUMAN_NOUNS:
        return noun[:-3] + "man"
    return noun


_GENDERED = lx.MALE_TITLES | lx.MALE_NOUNS | lx.FEMALE_TITLES | lx.FEMALE_NOUNS


def _gender(words: list[str]) -> str | None:
    if _GENDERED.isdisjoint(words):
        return None  # the usual case, found by one set test
    for w in words:
        if w in lx.MALE_TITLES or w in lx.MALE_NOUNS:
            return "m"
        if w in lx.FEMALE_TITLES or w in lx.FEMALE_NOUNS:
            return "f"
    return None
