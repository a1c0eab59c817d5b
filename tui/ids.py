"""Short brief ids for the command line: the shortest prefix ``briefs show`` accepts.

``briefs list`` once printed the first 8 characters of every id, and all eight
sample briefs (``sample-vessa-01`` ... ``-08``) came out as ``sample-v``, which
matches all of them. Each id is now shortened only as far as it stays unique
among every id in the store (never below :data:`MIN_PREFIX` characters, so
that ordinary hash ids keep their familiar width).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

#: The shortest prefix printed, even when fewer characters would be unique.
MIN_PREFIX = 8


def _common_length(a: str, b: str) -> int:
    """How many leading characters ``a`` and ``b`` share."""
    limit = min(len(a), len(b))
    n = 0
    while n < limit and a[n] == b[n]:
        n += 1
    return n


def unique_prefixes(ids: Iterable[str], *, minimum: int = MIN_PREFIX) -> dict[str, str]:
    """Each id -> its shortest prefix of at least ``minimum`` characters that no other id shares.

    In sorted order an id's nearest rivals are its neighbours, so one pass over
    the sorted ids finds the longest prefix it shares with any other id. An id
    that is itself the start of another (``ab`` and ``abc``) is printed whole:
    ``show`` takes a whole id as itself before it looks at prefixes.
    """
    ordered = sorted(set(ids))
    shared = [0] * len(ordered)
    for i in range(1, len(ordered)):
        common = _common_length(ordered[i - 1], ordered[i])
        shared[i - 1] = max(shared[i - 1], common)
        shared[i] = max(shared[i], common)
    return {
        brief_id: brief_id[: max(minimum, shared[i] + 1)]
        for i, brief_id in enumerate(ordered)
    }


def prefixes_for(wanted: Iterable[str], ids: Iterable[str], *,
                 minimum: int = MIN_PREFIX) -> dict[str, str]:
    """Like :func:`unique_prefixes`, for a few ``wanted`` ids among all ``ids`` (search hits).

    Sorting is the only whole-store step; each wanted id then looks at its two
    neighbours by bisection instead of every id being shortened.
    """
    ordered = sorted(set(ids))
    found: dict[str, str] = {}
    for brief_id in wanted:
        at = bisect.bisect_left(ordered, brief_id)
        neighbours = [ordered[i] for i in (at - 1, at, at + 1)
                      if 0 <= i < len(ordered) and ordered[i] != brief_id]
        shared = max((_common_length(brief_id, other) for other in neighbours), default=0)
        found[brief_id] = brief_id[: max(minimum, shared + 1)]
    return found
