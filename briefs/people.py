"""One person under one name: "Tony Blair", "Mr Blair" and "Blair" merged (pure functions).

A journalist names a person in full once, then by title and surname or by
surname alone. Across a collection the same rule holds: a short form (a
surname, with or without a title) belongs to the one full name that ends in
that surname. When two full names share the surname ("Tony Blair", "Cherie
Blair"), the short form is ambiguous and stays on its own: merging it would
put words in the wrong person's mouth.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from briefs.text import fold

#: Words before a name that are not part of it (folded, without the final dot).
HONORIFICS = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord",
    "lady", "rev", "reverend", "president", "prime", "minister", "chancellor", "senator",
    "sen", "rep", "gov", "governor", "mayor", "judge", "justice", "general", "gen",
    "colonel", "col", "captain", "capt", "king", "queen", "prince", "princess",
})


def name_key(name: str) -> tuple[str, ...]:
    """The words of a name that identify the person: folded, titles and dots dropped."""
    words = [fold(word).strip(".,;:") for word in name.split()]
    words = [word for word in words if word]
    while len(words) > 1 and words[0] in HONORIFICS:
        words.pop(0)
    return tuple(words)


def merge_names(names: Iterable[str]) -> dict[str, str]:
    """Map every name to the name its person is shown under.

    Full names (two words or more, titles aside) that fold alike are one
    person, shown under their most frequent spelling. A one-word name (after
    titles) joins the single full name ending in that word; with none or
    several, it stays as it is.
    """
    counts = Counter(name for name in names if name and name.strip())
    spellings: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for name, count in counts.items():
        spellings[name_key(name)][name] += count
    shown: dict[tuple[str, ...], str] = {}
    for key, spelled in spellings.items():
        # Most frequent, then the fullest form ("Mr Tony Blair" loses to "Tony Blair"
        # only on frequency), then alphabetical for a stable choice.
        shown[key] = sorted(spelled.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]
    by_surname: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for key in shown:
        if len(key) >= 2:
            by_surname[key[-1]].append(key)
    merged: dict[str, str] = {}
    for name in counts:
        key = name_key(name)
        if len(key) == 1 and len(by_surname.get(key[0], [])) == 1:
            key = by_surname[key[0]][0]
        merged[name] = shown.get(key, name)
    return merged


@dataclass(frozen=True)
class SpeakerCount:
    """One person, the names they were quoted under and how many quotes they have."""

    name: str
    count: int
    aliases: tuple[str, ...]


def count_speakers(speakers: Iterable[str | None]) -> list[SpeakerCount]:
    """Every person quoted, most quoted first, with their names merged (None: unattributed)."""
    named = Counter(speaker for speaker in speakers if speaker and speaker.strip())
    merged = merge_names(named.elements())
    totals: Counter[str] = Counter()
    aliases: dict[str, set[str]] = defaultdict(set)
    for name, count in named.items():
        person = merged[name]
        totals[person] += count
        aliases[person].add(name)
    return [SpeakerCount(person, count, tuple(sorted(aliases[person])))
            for person, count in sorted(totals.items(), key=lambda kv: (-kv[1], fold(kv[0])))]
