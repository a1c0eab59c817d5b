"""The layout of an article: paragraphs, captions, labelled sections, lead and background."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from briefs.parse.sentences import split_sentences
from briefs.text import clean_block, collapse_spaces, decode_entities

# Private-use characters stand for quotations inside the parser (see speakers.py);
# they carry no meaning in an article, so input loses them up front.
_PRIVATE = re.compile(r"[\ue000-\ue00f]")
_LINE_EDGE_SPACE = re.compile(r" ?\n ?")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_WORDS = re.compile(r"\S+")
#: Hard-wrapped text has lines no longer than this; longer lines are paragraphs.
WRAPPED_LINE_MAX = 100

#: Labels that open a section, on a line of their own or leading a paragraph.
SECTION_LABELS = (
    "Source", "Sources", "Details", "Background", "Context", "Update", "Updated",
    "Editor's note", "Editor’s note", "Note", "Correction", "Clarification", "Quote",
    "Quotes", "Reminder", "Reference", "References", "Analysis", "What happened",
    "Why it matters", "What's next", "What’s next", "Key points", "Summary", "Reaction",
    "Reactions", "Timeline", "Read more", "Also read", "Related", "Fact check", "History",
    "Recap", "Previously", "Catch up", "For context", "Lead", "Outcome", "Response",
)
_LABEL = re.compile(
    r"\A(?P<label>"
    + "|".join(re.escape(label).replace(r"\ ", r"\s+") for label in SECTION_LABELS)
    + r")\s*:\s*(?P<rest>.*)\Z",
    re.IGNORECASE | re.DOTALL,
)
# A short title-case line ending with a colon is a label too ("Key Takeaways:").
_GENERIC_LABEL = re.compile(r"\A(?P<label>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,2})\s*:\Z")
#: Labels whose section is one paragraph long: what follows is back to the story.
ONE_PARAGRAPH_LABELS = frozenset({"source", "sources", "quote", "reference", "references",
                                  "read more", "also read", "related"})

# Photo captions and credits. A paragraph that ends with a credit, or starts as
# a caption does in web exports, is a caption as a whole.
_CREDIT_END = re.compile(
    r"(?:^|[.!?)\s])(?:(?:Stock|File|Main|Top|Header|Feature[d]?)\s+)?"
    r"(?:Photo|Photograph|Picture|Pic|Image|Illustration|Graphic|Video|Photo\s+credit|"
    r"Image\s+credit|Image\s+source|Credit|Photo\s+illustration)s?\s*(?::|by|via|-|–|—)\s*"
    r"[^.!?\n]{1,80}[.]?\s*$",
    re.IGNORECASE,
)
# Every credit _CREDIT_END finds holds one of these (lower case).
_CREDIT_WORDS = ("photo", "pic", "image", "illustration", "graphic", "video", "credit")
_CAPTION_START = re.compile(
    r"^(?:Image|Media|Photo|Video)\s+(?:caption|copyright|source|credit)\b|"
    r"^(?:Photo|Image|Picture|Caption|Stock\s+photo|File\s+photo)\s*:",
    re.IGNORECASE,
)
# A lone wire credit, or one in brackets at the end of a caption.
_WIRE = (
    r"(?:Reuters|AP|AFP|EPA|PA|Getty(?:\s+Images)?(?:/[\w ]{1,30})?|AP\s+Photo[^)]{0,60}|"
    r"Reuters/[^)]{1,60}|AFP/[^)]{1,60}|EPA/[^)]{1,60}|Shutterstock|Alamy)"
)
_LONE_CREDIT = re.compile(rf"^\(?{_WIRE}\)?\.?$")
_END_CREDIT = re.compile(rf"\s*\((?:Photo:\s*)?{_WIRE}\)\s*$")
# "LONDON (Reuters) - " opening a lead: the wire credit leaves, the place stays out.
_DATELINE_CREDIT = re.compile(
    rf"^(?P<place>[A-Z][A-Za-z .,'’-]{{1,40}}?)\s*\((?P<credit>{_WIRE})\)\s*[-–—:]+\s*"
)
#: A caption is short; a long paragraph that happens to end "Photo: ..." is text.
CAPTION_MAX_WORDS = 60
# A line that points elsewhere rather than telling the story: listen/watch/read more,
# subscription and sharing prompts, credits. Never part of a summary.
_BOILERPLATE = re.compile(
    r"\W*(?:(?:listen|watch|read|see|click|tap)\b(?:\s+\w+){0,3}\s+(?:here|more|full|live|"
    r"interview|video|story|report|coverage)\b|read\s+more\b|(?:subscribe|sign\s+up|"
    r"follow\s+us|share\s+this|download\s+(?:our|the)\s+app|advertisement\b|related\s+"
    r"(?:stories|articles|links)|(?:photo|image|video)\s+credit)|all\s+rights\s+reserved)",
    re.IGNORECASE,
)

# Paragraphs that step back to earlier events, when no "Background:" label says so.
_BACKSTEP = re.compile(
    r"^(?:(?:This|Last|Earlier\s+this|Back\s+in|In|Since|Until|By|Earlier\s+in)\s+"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|spring|summer|autumn|fall|winter)\b"
    r"|(?:In|Back\s+in|Since|Until|By|As\s+early\s+as|As\s+of)\s+(?:late\s+|early\s+|mid-?)?"
    r"(?P<year>(?:19|20)\d\d)\b"
    r"|(?:Historically|Previously|Formerly|Earlier|In\s+the\s+past|Over\s+the\s+years|"
    r"Years\s+ago|Back\s+then|At\s+the\s+time|Last\s+(?:year|month|week|spring|summer|"
    r"autumn|fall|winter)|\w+\s+years?\s+ago|In\s+recent\s+(?:years|months)|"
    r"Prior\s+to|Before\s+(?:that|this|then))\b)",
    re.IGNORECASE,
)
# A paragraph that goes on about what the previous one introduced.
_CONTINUES = re.compile(r"^(?:They|He|She|It|These|Those|Such|Both|Its|Their|The\s+talks)\b")

#: The summary is the lead, cut to about this many words.
SUMMARY_MAX_WORDS = 80
# A lead shorter than this takes the next plain paragraph along.
_SHORT_LEAD_WORDS = 25

# Characters that Markdown would read as markup: escaped so user text stays text.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~])|&(?=#?\w+;)")
# Every character _MD_INLINE finds one of.
_MD_INLINE_CHARS = "\\`*_[]<>|~&"
_MD_LINE_START = re.compile(r"^(\s*)(#|>|[-+=]|\d+)([.)]?)(?=\s|$)", re.MULTILINE)


@dataclass(slots=True)
class Layout:
    """An article split into its parts, before any quote is read.

    ``paragraphs`` are the story's paragraphs without captions; ``labels[i]``
    is the label of the section paragraph ``i`` belongs to (None before the
    first label), and ``label_only`` holds the paragraphs that are just a label.
    """

    paragraphs: list[str]
    captions: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    headline: str | None = None
    labels: list[str | None] = field(default_factory=list)
    label_only: set[int] = field(default_factory=set)
    label_text: dict[int, str] = field(default_factory=dict)


def normalise(text: str) -> str:
    """Clean text for parsing: entities decoded, controls out, ``\\n`` line breaks, odd
    spaces made plain."""
    text = decode_entities(text or "")
    if not text.isascii():  # an ASCII text (a constant-time test) holds no private-use mark
        text = _PRIVATE.sub("", text)
        if not unicodedata.is_normalized("NFC", text):
            # "JesA\u0303A\u0302os": accents typed as combining marks, composed, so that a
            # name reads as one word.
            text = unicodedata.normalize("NFC", text)
    text = collapse_spaces(clean_block(text))
    # Most texts have no space at a line edge: two substring tests spare a regex pass.
    if " \n" in text or "\n " in text:
        text = _LINE_EDGE_SPACE.sub("\n", text)
    return text.strip()


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs are separated by blank lines; the lines of a hard-wrapped block are joined.

    A text with no blank line at all has one paragraph per line (exports that
    use single line breaks), and so does a block whose lines are longer than a
    wrapped line would be. A label on a line of its own stays a paragraph.
    """
    if not text:
        return []
    blocks = _BLANK_LINE.split(text) if _BLANK_LINE.search(text) else text.split("\n")
    paragraphs: list[str] = []
    for block in blocks:
        lines = [line for line in block.split("\n") if line]
        wrapped = all(len(line) <= WRAPPED_LINE_MAX for line in lines[:-1])
        current: list[str] = []
        for line in lines:
            if is_label_line(line) or not wrapped:
                if current:
                    paragraphs.append(" ".join(current))
                    current = []
                paragraphs.append(line)
            else:
                current.append(line)
        if current:
            paragraphs.append(" ".join(current))
    return paragraphs


def is_label_line(line: str) -> bool:
    """True for a line that is only a section label, such as ``Background:``."""
    if ":" not in line:
        return False  # both label patterns need their colon: a substring test spares them
    m = _LABEL.match(line)
    if m:
        return not m.group("rest").strip()
    return bool(_GENERIC_LABEL.match(line)) and len(line) <= 40


def split_label(paragraph: str) -> tuple[str, str] | None:
    """``("Details", "the rest")`` for a paragraph led by a known label, else None."""
    if ":" not in paragraph:
        return None  # both label patterns need their colon
    m = _LABEL.match(paragraph)
    if m:
        return _label_name(m.group("label")), m.group("rest").strip()
    m = _GENERIC_LABEL.match(paragraph)
    if m and len(paragraph) <= 40:
        return m.group("label"), ""
    return None


def _label_name(label: str) -> str:
    label = " ".join(label.split())
    return label[:1].upper() + label[1:]


def layout(paragraphs: list[str]) -> Layout:
    """Take captions out, find the headline and the labelled sections."""
    kept: list[str] = []
    result = Layout(paragraphs=kept)
    for para in paragraphs:
        caption, rest, credit = _caption_of(para, first=not kept)
        if caption:
            result.captions.append(caption)
        if credit:
            result.credits.append(credit)
        if rest:
            kept.append(rest)
    current: str | None = None
    for i, para in enumerate(kept):
        found = split_label(para)
        if found is not None:
            current, rest = found
            result.label_text[i] = rest
            if not rest:
                result.label_only.add(i)
        elif current is not None and current.lower() in ONE_PARAGRAPH_LABELS and (
            i - 1 not in result.label_only
        ):
            current = None
        result.labels.append(current)
    return result


def _caption_of(para: str, first: bool) -> tuple[str | None, str, str | None]:
    """Split a paragraph into (caption, remaining text, wire credit)."""
    # (n words take 2n - 1 characters at least; a split stopped after the limit says
    # whether there are more words than that)
    short = (len(para) < 2 * CAPTION_MAX_WORDS + 1
             or len(para.split(None, CAPTION_MAX_WORDS)) <= CAPTION_MAX_WORDS)
    if _LONE_CREDIT.match(para):
        return para.strip("()."), "", para.strip("().")
    if short and (_CAPTION_START.match(para) or (_may_end_in_credit(para)
                                                 and _CREDIT_END.search(para))):
        return para, "", None
    m = _END_CREDIT.search(para) if short and para.rstrip().endswith(")") else None
    if m and not para.rstrip().endswith((".)", "?)", "!)")):
        credit = m.group().strip().strip("()")
        return credit, para[: m.start()].rstrip(), None
    if first:
        m = _DATELINE_CREDIT.match(para)
        if m:
            return f"({m.group('credit')})", para[m.end() :], m.group("credit")
    return None, para, None


def _may_end_in_credit(para: str) -> bool:
    """False when ``para`` cannot match :data:`_CREDIT_END`: substring tests for the
    words every credit holds are much cheaper than the pattern, which is tried at
    every position. Only ASCII is pre-checked (case folding outside it is subtler)."""
    if not para.isascii():
        return True
    lowered = para.lower()
    return any(word in lowered for word in _CREDIT_WORDS)


def lead_indices(lay: Layout, start: int) -> list[int]:
    """The paragraphs that make the lead: the first story paragraph, and the next
    ones while the lead is still short and they are plain story text."""
    indices: list[int] = []
    total = 0
    for i in range(start, len(lay.paragraphs)):
        label = lay.labels[i]
        if i in lay.label_only or (label or "").lower() in ONE_PARAGRAPH_LABELS:
            if indices:
                break
            continue
        if indices and (i in lay.label_text or total >= _SHORT_LEAD_WORDS):
            break
        if _BOILERPLATE.match(lay.paragraphs[i]):
            continue  # "Listen to the full interview …", "Subscribe to our newsletter"
        words = len(lay.label_text.get(i, lay.paragraphs[i]).split())  # what \S+ finds
        if indices and total + words > SUMMARY_MAX_WORDS:
            break
        indices.append(i)
        total += words
    return indices


def cut_words(text: str, limit: int = SUMMARY_MAX_WORDS) -> str:
    """``text`` cut to whole sentences within ``limit`` words (the first sentence
    itself is cut with an ellipsis when it alone is longer)."""
    words = text.split()  # str.split() and \S+ agree on white space (both Unicode's)
    if len(words) <= limit:
        return text
    kept: list[str] = []
    count = 0
    for sentence in split_sentences(text):
        n = len(sentence.split())
        if count + n > limit:
            break
        kept.append(sentence)
        count += n
    if kept:
        return " ".join(kept)
    return " ".join(words[:limit]).rstrip(",;:") + "…"


def backstep_indices(lay: Layout, lead: set[int], year: int | None) -> list[int]:
    """Paragraphs that step back to earlier events, and those that go on about them."""
    found: list[int] = []
    previous = False
    for i, para in enumerate(lay.paragraphs):
        if i in lead or i in lay.label_only or (lay.labels[i] is not None and not previous):
            previous = False
            continue
        m = _BACKSTEP.match(para)
        if m and (year is None or not m.group("year") or int(m.group("year")) < year):
            found.append(i)
            previous = True
        elif previous and _CONTINUES.match(para):
            found.append(i)
        else:
            previous = False
    return found


def escape_markdown(text: str) -> str:
    """Backslash-escape what Markdown would read as markup, so user text stays text."""
    # Substring tests first: both patterns are tried at every position, and most text
    # holds none of the inline marks, nor a line opening on a mark or a number.
    if any(ch in text for ch in _MD_INLINE_CHARS):
        text = _MD_INLINE.sub(lambda m: "\\" + (m.group(1) or "&"), text)
    if any(_may_open_markup(line) for line in text.split("\n")):
        text = _MD_LINE_START.sub(_escape_line_start, text)
    return text


def _may_open_markup(line: str) -> bool:
    """Whether ``line``'s first character past white space is one that
    :data:`_MD_LINE_START` escapes (every match of it opens so on some line)."""
    first = line.lstrip()[:1]
    return bool(first) and (first in "#>-+=" or first.isdecimal())


def _escape_line_start(m: re.Match[str]) -> str:
    indent, mark, dot = m.groups()
    if mark.isdigit():
        # "1." opens a list; only its full stop can be escaped ("1\.").
        return f"{indent}{mark}\\{dot}" if dot else m.group()
    return f"{indent}\\{mark}{dot}"
