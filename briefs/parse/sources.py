"""The outlets and reports an article cites, as clean names.

``according to a report by the UK publication inews`` gives ``inews``;
``the Moscow Times and NBC reported`` gives ``Moscow Times`` and ``NBC``;
``Source: Reuters, citing three sources …, as reported by European Pravda``
gives ``Reuters`` and ``European Pravda``.
"""

from __future__ import annotations

import re

from briefs.parse import lexicon as lx

_NAME = r"[A-Z][\w.&’'-]*(?:\s+(?:of\s+|de\s+|&\s+)?[A-Z][\w.&’'-]*)*"
# "the publication inews", "the news agency Interfax": a descriptor vouches for
# the name after it, even a lower-case one.
_DESCRIBED = re.compile(
    r"\b(?:publication|newspaper|news\s+outlet|outlet|news\s+agency|agency|broadcaster|"
    r"news\s+site|website|magazine|daily|tabloid|weekly|channel|network|paper|blog)\s+"
    r"(?P<name>(?:[A-Z][\w.&’'-]*|[a-z][\w.&’'-]*[A-Z][\w.&’'-]*|[a-z]{2,}(?=[\s.,;]))"
    r"(?:\s+[A-Z][\w.&’'-]*)*)"
)
# _NAME with possessive words: a name word is always followed by a space or a comma,
# neither of which it can hold, so giving characters back never finds another match.
_NAME_RUN = r"[A-Z][\w.&’'-]*+(?:\s+(?:of\s+|de\s+|&\s+)?[A-Z][\w.&’'-]*+)*"
# "NBC reported", "the Moscow Times and NBC reported", "Reuters has reported".
# The names are one atomic group: fewer names leave a capital, "of" or a comma next,
# where no verb can follow, so backtracking into them finds nothing (and cost most).
_REPORTED = re.compile(
    rf"(?:\b[Tt]he\s+)?(?P<names>(?>{_NAME_RUN}(?:\s*,\s*(?:the\s+)?{_NAME_RUN})*"
    rf"(?:,?\s+and\s+(?:the\s+)?{_NAME_RUN})?))"
    r"\s+(?:has\s+|had\s+|first\s+|also\s+|previously\s+|earlier\s+)?"
    r"(?:reported|reports|revealed|reveals|wrote|writes|published|cited|cites|quoted|quotes|"
    r"said|says|learned|learnt|obtained|broke\s+the\s+news)\b"
)
# "as reported by X", "according to X", "told X", "in an interview with X", "citing X".
_INTRODUCED = re.compile(
    r"\b(?:reported\s+by|according\s+to|[Aa]ccording\s+to|told|interview\s+with|speaking\s+to|"
    r"spoke\s+to|writing\s+in|wrote\s+in|published\s+(?:by|in)|citing|cited\s+by|quoted\s+by|"
    r"report\s+(?:by|in|from)|article\s+(?:by|in)|via)\s+(?:an?\s+|the\s+)?"
    r"(?:(?:new|recent|latest|exclusive)\s+)?(?:(?:report|article|story|interview|"
    r"investigation)\s+(?:by|in|from|with)\s+)?(?:the\s+)?(?P<name>" + _NAME + r")"
)
# Cheap substring tests before running _DESCRIBED (each of its descriptors holds one).
_DESCRIPTOR_HINTS = ("publication", "paper", "outlet", "agency", "broadcaster", "site",
                     "magazine", "daily", "tabloid", "weekly", "channel", "network", "blog")
# A capitalised word ("\b[A-Z][\w-]*"), led by the capital so that the regex engine
# skips to capitals at C speed; the look-behind checks the character before it.
_CAPITALISED = re.compile(r"[A-Z](?<!\w[A-Z])[\w-]*")
# A cheap first look: the verbs and phrases the patterns above start from (substring
# tests, which are faster here than one pattern of alternatives).
_ANY_CUE = ("report", "reveal", "wrote", "writes", "published", "cite", "quote", "said",
            "says", "learn", "obtained", "broke", "according", "told", "interview",
            "speaking", "spoke", "writing", "via")


def _capitalised_word_pattern(words: frozenset[str]) -> re.Pattern[str]:
    """A capitalised token (as :data:`_CAPITALISED` finds them) whose lower case is one of
    ``words``: a capital not inside a word, the rest in any case, nothing of the token after.
    Led by a literal capital, so that the regex engine skips to capitals at C speed."""
    by_first: dict[str, list[str]] = {}
    for word in sorted(words, key=len, reverse=True):
        by_first.setdefault(word[0].upper(), []).append(re.escape(word[1:]))
    return re.compile("|".join(
        rf"{first}(?<!\w{first})(?i:{'|'.join(rests)})(?![\w-])"
        for first, rests in sorted(by_first.items())))


# Whether an ASCII text may name an outlet (for other text, the exact test is taken).
_OUTLET_TOKEN = _capitalised_word_pattern(lx.OUTLET_WORDS)
# Where a _REPORTED match can open: a capitalised run (as its first name), or "the"
# before one. A start inside a run's first name reads the same names to the same end
# as the run's start, so when that fails they all do.
# (Led by a character class, so that the regex engine skips to candidates in C: the
# same as rf"\b[Tt]he\s+(?=[A-Z])|{_NAME_RUN}", the word boundary before "the" a
# look-behind, and _NAME_RUN's capital taken first.)
_REPORTED_START = re.compile(
    rf"[A-Zt](?:(?<=[Tt])(?<!\w[Tt])he\s+(?=[A-Z])|(?<=[A-Z]){_NAME_RUN[len('[A-Z]'):]})")
_SOURCE_LABEL = re.compile(r"^Sources?\s*:\s*(?P<rest>.+)$", re.IGNORECASE)
_LABEL_NAME_END = re.compile(r",|\bciting\b|\bas\b")
_CHUNK_NAME = re.compile(rf"^(?:the\s+)?(?P<name>{_NAME})\s*$", re.IGNORECASE)
_SPLIT_NAMES = re.compile(r"\s*,\s*|\s+and\s+")
_LEADING_THE = re.compile(r"^(?:the|The)\s+")
_POSSESSIVE = re.compile(r"[’']s$")
# A full stop after a word ends the name ("the Wall Street Journal. The EU's …").
_SENTENCE_END = re.compile(r"(?<=[a-z]{2})\.\s+.*$", re.DOTALL)
_BRAND_ENDINGS = tuple(w for w in lx.OUTLET_WORDS if len(w) >= 4 and w.isalpha())


def _clean(name: str) -> str:
    name = _LEADING_THE.sub("", _SENTENCE_END.sub("", name).strip(" .,;:\"“”"))
    return _POSSESSIVE.sub("", name).strip()


def _is_outlet(name: str) -> bool:
    return any(w.lower().strip(".") in lx.OUTLET_WORDS for w in name.split())


def _is_brand(word: str) -> bool:
    """A lower-case outlet name is a brand made on an outlet word ("inews", "eastwire"):
    the plain word ("news", "magazine") or any other word ("that", "and") is not a name."""
    return any(word.endswith(w) and len(word) > len(w) for w in _BRAND_ENDINGS)


def _reported(para: str) -> list[re.Match[str]]:
    """What ``_REPORTED.finditer(para)`` finds, trying the pattern only where a match can
    open (the engine would otherwise read every capitalised run again from each capital)."""
    found: list[re.Match[str]] = []
    pos = 0
    match = _REPORTED.match
    for start in _REPORTED_START.finditer(para):
        if start.start() < pos:
            continue
        m = match(para, start.start())
        if m is not None:
            found.append(m)
            pos = m.end()
    return found


def find_sources(paragraphs: list[str], credits: list[str]) -> list[str]:
    """Outlet names cited in ``paragraphs`` (plus wire ``credits``), in order of mention."""
    found: list[tuple[int, int, str]] = []
    # The cheap looks below, taken once over the whole article first: a word absent
    # from the article is absent from each paragraph, and most articles name no
    # outlet at all (no outlet word or hint spans a paragraph break).
    whole = "\n".join(paragraphs)
    hints = [w for w in _DESCRIPTOR_HINTS if w in whole]
    may_cite = not whole.isascii() or _OUTLET_TOKEN.search(whole) is not None
    for p, para in enumerate(paragraphs):
        label = _SOURCE_LABEL.match(para)
        if label:
            first = _LABEL_NAME_END.split(label.group("rest"), maxsplit=1)[0]
            m = _CHUNK_NAME.match(first.strip())
            if m:
                found.append((p, label.start("rest"), _clean(m.group("name"))))
        hinted = bool(hints) and any(w in para for w in hints)
        described = _DESCRIBED.finditer(para) if hinted else ()
        for m in described:
            name = _clean(m.group("name"))
            if name.islower() and not _is_brand(name):
                continue  # "the magazine and …": a lower-case word is a name only if a brand
            found.append((p, m.start("name"), name))
        if not may_cite or not any(w in para for w in _ANY_CUE) or lx.OUTLET_WORDS.isdisjoint(
            map(str.lower, _CAPITALISED.findall(para))
        ):
            continue  # no outlet named, or nothing that cites one: nothing more to find
        for m in _reported(para):
            offset = m.start("names")
            for part in _SPLIT_NAMES.split(m.group("names")):
                name = _clean(part)
                if name and _is_outlet(name):
                    found.append((p, offset, name))
                offset += len(part) + 1
        for m in _INTRODUCED.finditer(para):
            name = _clean(m.group("name"))
            if _is_outlet(name):
                found.append((p, m.start("name"), name))
    found.sort(key=lambda item: (item[0], item[1]))
    names = [name for _, _, name in found if name]
    return names + [_clean(c) for c in credits if _is_outlet(c)]
