"""The date of an article: the ``date YYYY-MM-DD`` marker, else a dateline.

Only dates the article states as its own are returned: a dateline
(``TARROW, March 4, 2019 —``), a publication line (``Published 12 Sept.
2018``) or a short line that is a date. An event date in the running text
("the attacks of 11 September 2001") is not the article's date. When nothing
unambiguous is found the answer is None, never today's date.
"""

from __future__ import annotations

import datetime as dt
import re

#: The export marker: ``date 2023-09-23`` at the very start of the text, on its
#: own line or followed by the first paragraph.
DATE_MARKER = re.compile(r"\A\s*date\s*:?[ \t]+(\d{4})-(\d{2})-(\d{2})(?![\w-])[ \t]*\n?", re.I)

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# "2016-09-12", "12 September 2016", "September 12, 2016", "Sept. 12 2016", "12/09/2016".
_DATES = re.compile(
    r"\b(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})\b"
    rf"|\b(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH.replace('month', 'm1')},?\s+"
    r"(?P<y1>\d{4})\b"
    rf"|\b{_MONTH.replace('month', 'm2')}\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})\b"
    r"|\b(?P<na>\d{1,2})[/.](?P<nb>\d{1,2})[/.](?P<ny>\d{4})\b",
    re.IGNORECASE,
)
#: How many leading paragraphs a dateline may sit in.
DATELINE_PARAGRAPHS = 3
_YEAR = re.compile(r"\d{4}")
#: The most characters a _DATES match puts before its year (``12th of September, ``:
#: 20) when each of its white-space runs is one character wide, with a margin.
_BEFORE_YEAR_MAX = 24
# Wider white space would let a match reach further back than that.
_WIDE_SPACE = re.compile(r"\s\s")
#: A paragraph this short holding a date is a date line ("12 March 2019, 10:41 GMT").
DATE_LINE_MAX_WORDS = 10
# What may come before a date that is the article's own: nothing, a place in capitals
# ("TARROW,"), or a publication word ("Published", "Updated:", "Posted on").
_OWN_DATE_LEAD = re.compile(
    r"\A\W*(?:[A-Z][A-Z.'’ -]*[A-Z.],?\s*(?:[—–-]\s*)?"
    r"|(?i:(?:first\s+|last\s+)?(?:published|posted|updated|dated?|filed)\s*(?:on\s*)?:?\s*))?\Z"
)


def take_date_marker(text: str) -> tuple[dt.date | None, str]:
    """Split a leading ``date YYYY-MM-DD`` marker off ``text``.

    Returns the date (None when there is no valid marker) and the text
    without the marker; an invalid marker such as ``date 2023-13-45`` is
    left in the text, as it is then just words.
    """
    m = DATE_MARKER.match(text)
    if not m:
        return None, text
    day = _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if day is None:
        return None, text
    return day, text[m.end() :]


def find_dateline(paragraphs: list[str]) -> dt.date | None:
    """The one date written in the first paragraphs, or None if there is none or several.

    Purely numeric dates count only when the day cannot be mistaken for the
    month (``25/12/2024``), since ``03/04/2024`` reads differently in the US
    and in Europe.
    """
    found: set[dt.date] = set()
    for para in paragraphs[:DATELINE_PARAGRAPHS]:
        year = _YEAR.search(para)
        if not year:
            continue  # every date form written out holds a four-digit year
        short = len(para.split(None, DATE_LINE_MAX_WORDS)) <= DATE_LINE_MAX_WORDS
        # Every match holds a year, so none starts more than _BEFORE_YEAR_MAX characters
        # before the first one: the pattern (slow: every position, any case) starts there.
        lo = max(0, year.start() - _BEFORE_YEAR_MAX)
        if lo and _WIDE_SPACE.search(para, max(0, year.start() - 64), year.start()):
            lo = 0
        for m in _DATES.finditer(para, lo):
            lead = para[: m.start()]
            if not _OWN_DATE_LEAD.match(lead) and not (short and len(lead.split()) < 3):
                continue  # a date inside the story is an event's, not the article's
            day = _match_date(m)
            if day is not None:
                found.add(day)
    return found.pop() if len(found) == 1 else None


def _match_date(m: re.Match[str]) -> dt.date | None:
    g = m.groupdict()
    if g["iy"]:
        return _make_date(int(g["iy"]), int(g["im"]), int(g["id"]))
    if g["y1"]:
        return _make_date(int(g["y1"]), _month(g["m1"]), int(g["d1"]))
    if g["y2"]:
        return _make_date(int(g["y2"]), _month(g["m2"]), int(g["d2"]))
    a, b, year = int(g["na"]), int(g["nb"]), int(g["ny"])
    if a > 12 >= b:
        return _make_date(year, b, a)
    if b > 12 >= a:
        return _make_date(year, a, b)
    return None  # both readings possible (or neither): ambiguous


def _month(name: str) -> int:
    return _MONTHS.get(name.lower().rstrip(".")[:4], 0) or _MONTHS.get(name.lower()[:3], 0)


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
