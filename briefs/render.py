"""Rendering a brief as the Markdown document shown in the app's main pane.

User text is never markup. Single-line fields (title, speaker, tags, sources,
caption) and quoted statements are escaped so that every character shows as
typed. Summary, background, sections and note are Markdown by design, and so is
the full text, but they are made safe to embed: raw HTML is escaped rather than
interpreted, a level-one or level-two heading in them cannot pose as one of the
page's own headings (the full text, being article prose, keeps no headings at
all), and an unclosed code fence is closed so it cannot swallow the parts after it.
"""

from __future__ import annotations

import re
from urllib.parse import quote as url_quote

from markdown_it import MarkdownIt
from markdown_it.token import Token

from briefs.models import Brief, Quote
from briefs.text import clean_line

__all__ = ["BRIEF_LINK_SCHEME", "escape_inline", "render_markdown", "render_related"]

#: Scheme of the links in the "Related briefs" part: ``brief:<percent-encoded id>``.
BRIEF_LINK_SCHEME = "brief:"

# An escaped ASCII punctuation character is always literal text in CommonMark.
# Characters that open or close inline Markdown (emphasis, code, links, images,
# raw HTML, entities, strikethrough, table cells) or a heading: escaped anywhere.
_INLINE_ACTIVE = re.compile(r"([\\`*_\[\]<>!&~|#])")
# At the start of a line: list bullets, setext underlines, block quotes, "1." / "1)".
_LINE_START_ACTIVE = re.compile(r"^([ \t]*)([-+=>])|^([ \t]*\d{1,9})([.)])", re.MULTILINE)
_CLOSING_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})[ \t]*$")
_SEPARATOR = " · "

# The parser Briefs sanitises against. Textual's viewer uses the "gfm-like"
# preset, which has the same block rules plus tables and strikethrough.
_PARSER = MarkdownIt("commonmark")


def escape_inline(text: str) -> str:
    """``text`` as Markdown inline content that a viewer shows exactly as typed.

    Only what Markdown can act on is escaped (so ``briefs show`` stays readable):
    inline markers anywhere, and list, heading-underline and numbered-list
    markers where they start the line.
    """
    text = _INLINE_ACTIVE.sub(r"\\\1", text)
    return _LINE_START_ACTIVE.sub(
        lambda m: f"{m[1]}\\{m[2]}" if m[2] else f"{m[3]}\\{m[4]}", text)


def render_markdown(brief: Brief, *, related: list[tuple[str, str]] | None = None,
                    full_text: bool = True) -> str:
    """The Markdown document for ``brief``: title, meta line, caption, then its parts.

    Args:
        brief: The brief to show.
        related: Optional ``(id, title)`` pairs listed under "Related briefs" as
            links to ``brief:<percent-encoded id>``; the viewer decides what a
            click on one does (see :data:`BRIEF_LINK_SCHEME`).
        full_text: Append the article's full text (the app lets the reader hide it).
    """
    blocks = [f"# {escape_inline(brief.title)}"]
    header = [line for line in (_meta_line(brief), _url_line(brief)) if line]
    if header:
        # One paragraph, a hard break between the meta line and the URL.
        blocks.append("\\\n".join(header))
    if brief.caption:
        # A caption is one line under the meta line, even if it was stored with breaks.
        blocks.append(f"*{escape_inline(' '.join(brief.caption.split()))}*")
    if brief.summary:
        blocks += ["## Summary", _safe_markdown(brief.summary, max_heading=2)]
    if brief.quotes:
        blocks.append("## Quoted statements")
        blocks += [block for quote in brief.quotes for block in _quote_blocks(quote)]
    if brief.background:
        blocks += ["## Background", _safe_markdown(brief.background, max_heading=2)]
    for section in brief.sections:
        label = escape_inline(section.label)
        blocks += [f"## {label}", _safe_markdown(section.text, max_heading=2)]
    if brief.note:
        # A note is the reader's own lines: each line break is kept on screen.
        blocks += ["## Note", _keep_line_breaks(_safe_markdown(brief.note, max_heading=2))]
    if brief.body and full_text:
        blocks += ["## Full text", _safe_markdown(brief.body, max_heading=6)]
    if related:
        blocks.append(render_related(related).rstrip("\n"))
    return "\n\n".join(blocks) + "\n"


def render_related(related: list[tuple[str, str]]) -> str:
    """The "Related briefs" part alone (the app lays it out under a brief already shown).

    ``render_markdown(brief, related=r)`` is ``render_markdown(brief)`` followed by
    a blank line and this.
    """
    if not related:
        return ""
    items = (_related_item(n, i, t) for n, (i, t) in enumerate(related, start=1))
    return "## Related briefs\n\n" + "\n".join(items) + "\n"


def _meta_line(brief: Brief) -> str:
    parts: list[str] = []
    if brief.date:
        parts.append(brief.date.isoformat())
    if brief.sources:
        parts.append(", ".join(escape_inline(source) for source in brief.sources))
    if brief.tags:
        parts.append(" ".join(_code_span(f"#{tag}") for tag in brief.tags))
    return _SEPARATOR.join(parts)


def _url_line(brief: Brief) -> str:
    """The brief's URL as literal text (no link: it opens only with ``o``), so it can be copied."""
    return escape_inline(clean_line(brief.url)) if brief.url else ""


def _code_span(text: str) -> str:
    """``text`` as a code span: literal by nature, fenced by more backticks than it holds."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    # A space on each side keeps a backtick at either end from joining the fence;
    # CommonMark strips exactly one such space from each side.
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return f"{fence}{padded}{fence}"


def _quote_blocks(quote: Quote) -> list[str]:
    # Each line is escaped and stripped: leading spaces would turn into code blocks.
    lines = [line.strip() for line in quote.text.split("\n")]
    blockquote = "\n".join(f"> {escape_inline(line)}" if line else ">" for line in lines)
    speaker = f"**{escape_inline(quote.speaker)}**" if quote.speaker else "*unattributed*"
    return [blockquote, f"— {speaker}"]


def _related_item(number: int, brief_id: str, title: str) -> str:
    # Numbered, so that the app can open the n-th one with the key n.
    target = BRIEF_LINK_SCHEME + url_quote(brief_id, safe="")
    return f"{number}. [{escape_inline(clean_line(title))}]({target})"


# ------------------------------------------------------------- Markdown fields


_LONE_LINE_BREAK = re.compile(r"(?<=[^\n])\n(?=[^\n])")


def _keep_line_breaks(text: str) -> str:
    """Make every single line break a Markdown hard break (two spaces before it)."""
    return _LONE_LINE_BREAK.sub("  \n", text)


def _safe_markdown(text: str, max_heading: int) -> str:
    """Markdown ``text`` made safe to embed: no raw HTML, no headings h1..h``max_heading``.

    Each pass parses the text and escapes what it finds; escaping one construct
    can reveal another (``## x`` over ``---`` becomes a setext heading once the
    ``#`` is escaped), so passes repeat until nothing changes.
    """
    lines = text.split("\n")
    for _ in range(len(lines) + 2):
        tokens = _PARSER.parse("\n".join(lines))
        if not _escape_one_pass(lines, tokens, max_heading):
            break
    return "\n".join(lines + _closing_fence(lines, _PARSER.parse("\n".join(lines))))


def _escape_one_pass(lines: list[str], tokens: list[Token], max_heading: int) -> bool:
    """Escape, in place, the headings and HTML the tokens show; True if anything changed."""
    changed = False
    for token in tokens:
        if token.map is None:
            continue
        first, end = token.map
        if token.type == "heading_open" and int(token.tag[1:]) <= max_heading:
            if token.markup.startswith("#"):
                changed |= _escape_first(lines, first, "#")
            else:  # setext: the underline is the heading's last line
                changed |= _escape_first(lines, end - 1, token.markup[0])
        elif token.type == "html_block":
            changed |= _escape_first(lines, first, "<")
        elif token.type == "inline" and token.children:
            for child in token.children:
                if child.type == "html_inline":
                    changed |= _escape_inline_html(lines, first, end, child.content)
    return changed


def _escape_first(lines: list[str], index: int, char: str) -> bool:
    position = lines[index].find(char)
    if position < 0:
        return False
    lines[index] = lines[index][:position] + "\\" + lines[index][position:]
    return True


def _escape_inline_html(lines: list[str], first: int, end: int, html: str) -> bool:
    # The first occurrence of the tag that is not already escaped (preceded by an
    # even number of backslashes); a tag may span lines, so search the joined block.
    block = "\n".join(lines[first:end])
    pattern = re.compile(r"(?<!\\)((?:\\\\)*)" + re.escape(html))
    new_block, count = pattern.subn(lambda m: m.group(1) + "\\" + html, block, count=1)
    if not count:
        return False
    lines[first:end] = new_block.split("\n")
    return True


def _closing_fence(lines: list[str], tokens: list[Token]) -> list[str]:
    """The line that closes a top-level code fence left open at the end, if any.

    Only a top-level fence matters: one inside a list or quote ends with it, and
    every part of the page starts after a blank line and at column 0.
    """
    for token in reversed(tokens):
        if token.type != "fence" or token.level != 0 or token.map is None:
            continue
        first, end = token.map
        if end < len(lines):
            return []
        closing = _CLOSING_FENCE.match(lines[end - 1]) if end - first >= 2 else None
        fence = closing.group("fence") if closing else ""
        if fence[:1] == token.markup[:1] and len(fence) >= len(token.markup):
            return []
        return [token.markup]
    return []
