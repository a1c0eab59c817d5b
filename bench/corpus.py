"""A generated collection of realistic briefs, shared by the store and search benchmarks.

Sentences, headlines and vocabulary come from the BBC corpus in
``../shared/corpora/bbc`` when it is present (real news prose of realistic
length and word distribution), else from a synthetic Zipf-distributed
vocabulary. Quotes are attributed to invented people only: benchmark data
never puts words in a real person's mouth.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from briefs.models import Brief, Quote, Section

ROOT = Path(__file__).resolve().parents[1]
BBC_DIR = Path(os.environ.get("BRIEFS_BBC_DIR", ROOT.parent / "shared" / "corpora" / "bbc"))

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")

_FIRST = ["Amara", "Bastian", "Corin", "Dalia", "Emeric", "Freya", "Galen", "Hesper", "Ilse",
          "Joram", "Katell", "Lucan", "Maren", "Nils", "Orla", "Pavlo", "Quilla", "Roswitha",
          "Soren", "Tamsin", "Ulric", "Vesna", "Wendel", "Xanthe", "Yorick", "Zelie"]
_LAST = ["Abernathy", "Brisco", "Calloway", "Dunmore", "Everhart", "Fairweather", "Grimsby",
         "Holloway", "Ingleby", "Jessup", "Kestrel", "Lockhart", "Merriman", "Northcott",
         "Oakhurst", "Pembry", "Quarrington", "Rookwood", "Stirling", "Thistlewood"]
_ROLES = ["a senior diplomat", "the foundation's spokesperson", "a ministry official",
          "the committee chair", "an analyst at the Verdant Institute", "the harbour authority"]
_OUTLETS = ["Valdoria Herald", "Eastmarch Wire", "The Lantern", "Northsea Ledger",
            "Corvain Daily", "Meridian Press", "Halvard Times", "Brindle Review"]
_TAG_WORDS = ["diplomacy", "trade", "energy", "elections", "security", "water", "health",
              "courts", "markets", "climate", "tech", "labour", "transport", "housing",
              "education", "media", "sport", "culture", "budget", "migration"]


@dataclass
class _Material:
    sentences: list[str]
    headlines: list[str]


def _load_bbc(limit_files: int | None = None) -> _Material | None:
    if not BBC_DIR.is_dir():
        return None
    sentences: list[str] = []
    headlines: list[str] = []
    files = sorted(BBC_DIR.glob("*/*.txt"))[:limit_files]
    for path in files:
        raw = path.read_bytes().decode("utf-8", errors="replace")
        head, _, rest = raw.partition("\n")
        headlines.append(head.strip())
        for paragraph in rest.split("\n"):
            sentences.extend(s.strip() for s in _SENTENCE_END.split(paragraph) if len(s) > 30)
    return _Material(sentences, headlines) if sentences else None


def _synthetic(rng: random.Random) -> _Material:
    # A Zipf-like vocabulary: a few very common words, a long tail of rare ones.
    syllables = ["ka", "lo", "mi", "ren", "tas", "vo", "dun", "pel", "sar", "qui", "bor", "nem"]
    vocab = sorted({"".join(rng.choices(syllables, k=rng.randint(1, 4))) for _ in range(30_000)})
    weights = [1 / (rank + 1) for rank in range(len(vocab))]

    def sentence() -> str:
        words = rng.choices(vocab, weights=weights, k=rng.randint(8, 28))
        return " ".join(words).capitalize() + "."

    sentences = [sentence() for _ in range(40_000)]
    headlines = [" ".join(rng.choices(vocab, weights=weights, k=7)).capitalize()
                 for _ in range(3_000)]
    return _Material(sentences, headlines)


def material(seed: int = 7) -> _Material:
    """The text material: BBC sentences when available, else synthetic ones."""
    return _load_bbc() or _synthetic(random.Random(seed))


def source_name() -> str:
    """Where the text came from, for the benchmark's header line."""
    return f"BBC corpus ({BBC_DIR})" if BBC_DIR.is_dir() else "synthetic vocabulary"


def tag_pool() -> list[str]:
    """200 tags: 20 topics crossed with 10 regions, drawn with Zipf weights."""
    regions = ["north", "south", "east", "west", "coast", "capital", "border", "islands",
               "highlands", "delta"]
    return [f"{t}-{r}" if i else t for t in _TAG_WORDS for i, r in enumerate(regions)]


def generate(n: int, seed: int = 7) -> Iterator[Brief]:
    """Yield ``n`` briefs of realistic size (about 3 KB each), deterministic for a seed."""
    rng = random.Random(seed)
    mat = material(seed)
    tags = tag_pool()
    tag_weights = [1 / (i + 1) ** 0.8 for i in range(len(tags))]
    start = dt.date(2004, 1, 1).toordinal()
    span = dt.date(2025, 12, 31).toordinal() - start
    for i in range(n):
        body_sentences = rng.sample(mat.sentences, rng.randint(10, 22))
        paragraphs = [" ".join(body_sentences[j:j + 3]) for j in range(0, len(body_sentences), 3)]
        speakers = [f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" for _ in range(rng.randint(0, 3))]
        quotes = [Quote(text=rng.choice(mat.sentences), speaker=name,
                        speaker_mention=name.split()[-1], cue=rng.choice(["said", "told", "added"]))
                  for name in speakers]
        if rng.random() < 0.2:
            quotes.append(Quote(text=rng.choice(mat.sentences), speaker=rng.choice(_ROLES),
                                speaker_mention=None, cue="said"))
        sections = []
        if rng.random() < 0.3:
            sections.append(Section("Details", " ".join(rng.sample(mat.sentences, 2))))
        headline = rng.choice(mat.headlines)
        yield Brief(
            id=f"{i:08x}{rng.getrandbits(32):08x}",
            title=headline if rng.random() < 0.5 else f"{headline}: {rng.choice(_TAG_WORDS)}",
            date=dt.date.fromordinal(start + rng.randrange(span)),
            summary=" ".join(body_sentences[:2]),
            quotes=quotes,
            background=" ".join(rng.sample(mat.sentences, 2)) if rng.random() < 0.6 else "",
            sections=sections,
            sources=rng.sample(_OUTLETS, rng.randint(1, 2)),
            body="\n\n".join(paragraphs),
            tags=list(dict.fromkeys(rng.choices(tags, weights=tag_weights, k=rng.randint(0, 4)))),
            read=rng.random() < 0.4,
            starred=rng.random() < 0.05,
        )


def bench_size(default: int = 100_000) -> int:
    """The collection size from ``BENCH_N``."""
    return int(os.environ.get("BENCH_N", default))


def batches(briefs: Iterable[Brief], size: int = 5_000) -> Iterator[list[Brief]]:
    """``briefs`` in lists of ``size`` (the last shorter), one store batch each."""
    batch: list[Brief] = []
    for brief in briefs:
        batch.append(brief)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
