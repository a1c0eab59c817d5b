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
# Offices that are seldom surnames ("King", "Bishop", "Judge" often are).
_OFFICES = frozenset({"leader", "secretary", "minister", "chancellor", "president", "premier",
                      "spokesman", "spokeswoman", "spokesperson", "chairman", "chairwoman",
                      "director", "commissioner", "governor", "mayor", "ambassador",
                      "senator", "councillor", "treasurer", "attorney"})
_HEADS = lx.HUMAN_NOUNS | lx.HUMAN_PLURALS | lx.THING_NOUNS
_PARTY_MEMBERS = frozenset({"democrat", "republican", "conservative", "liberal", "tory",
                            "socialist", "nationalist", "unionist", "libertarian"})
_ONE_OF = frozenset({"a", "an", "the", "one", "another"})
# Words that open a sentence or clause, never a name's middle ("U.S. While Clinton").
_OPENERS = frozenset({"while", "when", "but", "however", "meanwhile", "although", "though",
                      "because", "if", "yet", "then", "still", "also", "even", "after",
                      "before", "since", "unless", "until", "whereas"})
_MEDIA = frozenset({"music", "media", "dvd", "cd", "mp3", "video", "audio", "flash",
                    "digital", "portable", "record", "tape", "blu-ray"})
# Callings written before a name ("Guitarist Brian May", "Boss Steve Bruce"); kept out of
# the role nouns, so that "the comedian" alone is not taken for a referent of "he".
_CALLINGS = frozenset({"guitarist", "drummer", "bassist", "keyboardist", "pianist",
                       "violinist", "cellist", "vocalist", "frontman", "frontwoman", "rapper",
                       "songwriter", "composer", "comedian", "dancer", "novelist", "poet",
                       "playwright", "filmmaker", "photographer", "chef", "boss",
                       "midfielder", "defender", "goalkeeper", "winger", "batsman", "jockey"})
_OF_BODY = frozenset({"of", "for", "on"})
# Nouns of a relation to someone, whose name after "of"/"for" is not theirs ("a close
# associate of former Yukos boss Ann Doe" is not Ann Doe).
_RELATION_NOUNS = frozenset({"associate", "friend", "spokesman", "spokeswoman", "spokesperson",
                             "lawyer", "lawyers", "attorney", "aide", "adviser", "advisor", "son",
                             "daughter", "wife", "husband", "brother", "sister", "mother",
                             "father", "relative", "colleague", "ally", "supporter", "critic",
                             "assistant", "biographer", "rival", "opponent", "representative"})
_OFFICE_INITIALS = frozenset({"mp", "msp", "mep", "mla", "ceo", "cfo", "coo"})
# Capitalised words of parties and offices that open a description ("Tory", "Exchequer").
_BODY_WORDS = frozenset({"labour", "tory", "conservative", "liberal", "democrat", "democratic",
                         "republican", "green", "nationalist", "unionist", "state", "exchequer",
                         "commons", "treasury", "defence", "defense", "justice", "interior",
                         "health", "education", "transport", "environment", "shadow"})
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
    if cut < len(tokens) and _is_cap(tokens[-1]):
        # "secretary of state Hillary Clinton", "Bank of England governor Mervyn King": a
        # name after a lower-case word ends the phrase even past a preposition (but "the
        # head of Ferry First" names no one); so does a given name after a capitalised
        # office ("Secretary of State John Kerry", not "the Bishop of Durham").
        k = len(tokens)
        while k > cut and _is_cap(tokens[k - 1]):
            k -= 1
        head = words[cut - 1]
        if (k > cut + 1 and tokens[k - 1].islower() and words[k - 1] not in _PREPOSITIONS
                and words[k - 1] not in lx.DETERMINERS and head not in _RELATION_NOUNS
                and (tokens[cut - 1].islower() or head in lx.ORG_WORDS)) or (
                _is_cap(tokens[cut - 1]) and head in lx.TITLES
                and any(_given(words[j]) for j in range(k + 1, len(tokens) - 1))):
            cut = len(tokens)
    if (cut < len(tokens) and _is_cap(tokens[cut - 1]) and words[cut - 1] in lx.ORG_WORDS
            and words[cut] in _OF_BODY and cut + 1 < len(tokens) and _is_cap(tokens[cut + 1])):
        # "the Department for Transport", "A Department of Health spokeswoman": a body
        # with a preposition in its name; the phrase's head comes after it.
        end = next((i for i in range(cut + 2, len(tokens)) if words[i] in _PREPOSITIONS
                    and tokens[i].islower()), len(tokens))
        if _is_cap(tokens[end - 1]) or words[end - 1] in _HEADS:
            cut = end
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
    while start > 0 and (_is_cap(pre[start - 1]) or pre_words[start - 1] in _PARTICLES
                         or pre_words[start - 1] in _NAME_SUFFIXES or (
                             pre_words[start - 1] in _OF_BODY and start > 1
                             and pre_words[start - 2] in lx.ORG_WORDS
                             and _is_cap(pre[start - 2]))):
        start -= 1
    # A particle opening the name in capitals is part of it ("Al Gore", "De Niro"); in
    # lower case, or a conjunction, it is not ("and Smith").
    while start < len(pre) and ((pre_words[start] in _PARTICLES and (
            pre[start].islower() or pre_words[start] in _JOINERS)) or (
            pre_words[start] in lx.CAP_STOPWORDS and pre_words[start] not in _ALSO_NAMES
            and not _new_in_name(pre, start))):
        start += 1
    for k in range(len(pre) - 2, start, -1):
        if pre_words[k] in _OPENERS and _is_cap(pre[k]):
            start = k + 1  # "… the U.S. While Clinton": a sentence opens inside the run
            break
    name_tokens = pre[start:]
    name_words = pre_words[start:]  # _word() of each name token
    last_word = name_words[-1] if name_words else ""
    if len(pre) >= 2 and pre_words[0] in ("the", "a", "an") and _is_demonym(pre[-1]) and all(
            t.islower() or not t[:1].isalpha() for t in pre[1:-1]):
        # "said the American", "the 24-year-old Swiss": a person named by nationality,
        # a role as written.
        return Phrase(text=" ".join(tokens), kind="role", head=pre_words[1], gender=gender,
                      descriptors=frozenset(descriptors))
    if pre_words[-1] in _PARTY_MEMBERS and len(pre) >= 2:
        # "one senior Democrat", "a New Hampshire Republican": someone named by party.
        det = next((i for i in range(len(pre) - 2, -1, -1) if pre_words[i] in _ONE_OF), -1)
        if det >= 0:
            return Phrase(text=" ".join(tokens[det:]), kind="role", head=pre_words[-1],
                          gender=gender, descriptors=frozenset(descriptors))
    # A sentence-opening word closes a name only after a given name ("Al From"); so does
    # one with "’s" ("That’s why …" is "that is", no one's name).
    bare_last = _POSSESSIVE.sub("", last_word)
    if name_tokens and _is_cap(name_tokens[-1]) and (
            bare_last not in lx.CAP_STOPWORDS or bare_last in _ALSO_NAMES
            or (len(name_tokens) > 1 and name_words[-2] not in lx.CAP_STOPWORDS
                and name_words[-2] not in lx.TITLES)):
        before = pre_words[:start]
        # Titles and role nouns written before the name describe it.
        last_title = -1
        n_describable = len(name_tokens) - 2  # a description needs a name of two after it
        for i, tok in enumerate(name_tokens[:-1]):
            w = _word(tok)
            if (w in lx.TITLES or w.rstrip(".") in lx.TITLES or w in lx.HUMAN_NOUNS
                    or w in _CALLINGS or (i < n_describable and _describes(name_tokens, i))):
                last_title = i
        titles = name_words[: last_title + 1]
        honorific = name_tokens[last_title] if last_title >= 0 else ""
        honorific_word = name_words[last_title] if last_title >= 0 else ""
        name_tokens = name_tokens[last_title + 1 :]
        name_words = name_words[last_title + 1 :]
        if _office_title(name_tokens, honorific, cut < len(tokens)):
            # "the Tory Leader", "Leader of the Commons": an office, capitalised, not a name.
            return Phrase(text=" ".join(tokens), kind="role", head=_word(name_tokens[-1]),
                          gender=gender, descriptors=frozenset(descriptors))
        name = " ".join(_POSSESSIVE.sub("", t) if i == len(name_tokens) - 1 else t
                        for i, t in enumerate(name_tokens))
        if len(name_tokens) == 1 and honorific_word in _HONORIFICS:
            name = f"{honorific} {name}"  # "Mrs Halloran": a surname alone keeps its title
        lowered = set(name_words)
        outlet = bool(lowered & lx.OUTLET_WORDS)
        org = outlet or bool(lowered & lx.ORG_WORDS)
        for w in before + titles:
            if w in lx.HUMAN_NOUNS or w in _CALLINGS:
                descriptors.add(w)
        gender = gender or _gender(titles) or _gender(before)
        if gender is None and len(name_tokens) > 1:
            given = name_words[0]
            if given in lx.MALE_FIRST_NAMES:
                gender = "m"
            elif given in lx.FEMALE_FIRST_NAMES:
                gender = "f"
        return Phrase(
            text=" ".join(tokens), kind="name", name=name,
            head=_name_head(name_tokens) if org else _word(name_tokens[-1]),
            # "the Liberal Democrats", "Ministers" opening a sentence: a group, for "they".
            org=org, outlet=outlet, gender=gender,
            plural=" and " in name or name_words[-1] in lx.HUMAN_PLURALS,
            descriptors=frozenset(descriptors),
        )
    head = pre_words[-1]
    if head in ("player", "players") and len(pre_words) > 1 and pre_words[-2] in _MEDIA:
        return None  # "a new music player", "DVD players": a device, no one
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


def with_text(phrase: Phrase, text: str) -> Phrase:
    """The same reading of a phrase written out longer ("… research firm Gartner")."""
    return phrase._replace(text=text)


def apposed_name(text: str) -> Phrase | None:
    """``The head of the unit, Mick Deats,``: a role whose first
    appositive names the person (in full, two words or more) is that person."""
    for chunk in [c.strip() for c in _PAREN.sub("", text).split(",")][1:2]:
        phrase = read_phrase(chunk) if chunk else None
        if (phrase is not None and phrase.kind == "name" and not phrase.org
                and not phrase.plural and " " in phrase.name):
            return phrase
    return None


def _name_head(tokens: list[str]) -> str:
    """The key word of a name: its last, but a body's noun before "of" ("Bank of England")."""
    for i, t in enumerate(tokens[1:-1], 1):
        if t in _OF_BODY:
            return _word(tokens[i - 1])
    return _word(tokens[-1])


def _given(word: str) -> bool:
    return word in lx.MALE_FIRST_NAMES or word in lx.FEMALE_FIRST_NAMES


def _describes(tokens: list[str], i: int) -> bool:
    """``Labour MSP Christine May``, ``State John Kerry`` (after "Secretary of"): an
    elected office's initials, or a body's or party's word right before a given name,
    describe the person named after them (``tokens[i]`` has two or more after it)."""
    w = _word(tokens[i])
    if w in _OFFICE_INITIALS:
        return True
    return (_given(_word(tokens[i + 1])) and not _given(w)
            and (w in lx.ORG_WORDS or w in _BODY_WORDS or _is_demonym(tokens[i])))


def _office_title(name_tokens: list[str], honorific: str, of_body: bool) -> bool:
    """``Tory Leader``, ``Home Secretary``, ``Leader``: a capitalised office, not after
    a given name or an honorific, is a role ("Ann Leader", "Mr Speaker" are people);
    so is one word of any title before a preposition (``the Bishop of Durham``)."""
    if not name_tokens or honorific:
        return False
    last = _word(name_tokens[-1])
    if of_body and len(name_tokens) == 1 and (last in lx.HUMAN_NOUNS or last in lx.TITLES):
        return True
    if last not in _OFFICES:
        return False
    before = _word(name_tokens[-2]) if len(name_tokens) > 1 else ""
    return before not in lx.MALE_FIRST_NAMES and before not in lx.FEMALE_FIRST_NAMES and (
        len(before) > 2 or not before)  # "J. Leader": an initial


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


def names_no_one(phrase: Phrase | None) -> bool:
    """``critics``, ``some experts``, ``many delegates``: a plural role a writer cites
    without naming anyone (a weasel word), which is no speaker a reader could name."""
    if phrase is None or not phrase.plural:
        return False
    if phrase.kind == "name":  # "Critics say …" opening a sentence
        return " " not in phrase.name and _singular(phrase.head) in lx.WEASEL_HEADS
    first = _word(phrase.text.split()[0])
    return phrase.kind == "role" and (phrase.head in lx.WEASEL_HEADS
                                      or first in lx.VAGUE_QUANTIFIERS)
