"""The values of a Markdown brief's front matter, checked one by one.

Each reader takes the parsed YAML mapping and a key and returns the value in
the shape a :class:`briefs.models.Brief` wants, or raises
:class:`BriefFormatError` naming the key and what was wrong, so a person
editing the file by hand learns exactly which line to fix.
"""

from __future__ import annotations

import datetime as dt
from typing import Any


class BriefFormatError(ValueError):
    """A Markdown brief that cannot be read; the message names the problem."""


def optional_line(meta: dict[str, Any], key: str) -> str | None:
    """A single-line text value; whole numbers are accepted (an unquoted id may be one)."""
    value = meta.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return require_encodable(value, f"front matter {key!r}")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise BriefFormatError(f"front matter {key!r} must be text, not {kind(value)}")


def optional_text(meta: dict[str, Any], key: str) -> str | None:
    """A text value that may run over several lines."""
    value = meta.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return require_encodable(value, f"front matter {key!r}")
    raise BriefFormatError(f"front matter {key!r} must be text, not {kind(value)}")


def string_list(meta: dict[str, Any], key: str) -> list[str]:
    """A list of text values; a single string is read as a comma-separated list."""
    value = meta.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        value = require_encodable(value, f"front matter {key!r}")
        return [item for item in value.split(",") if item.strip()]
    if not isinstance(value, list):
        raise BriefFormatError(f"front matter {key!r} must be a list of text, not {kind(value)}")
    items: list[str] = []
    for item in value:
        if isinstance(item, str):
            items.append(require_encodable(item, f"front matter {key!r}"))
        elif isinstance(item, int) and not isinstance(item, bool):
            items.append(str(item))  # an unquoted tag such as 2024
        else:
            raise BriefFormatError(
                f"front matter {key!r} must be a list of text, but has {kind(item)}"
            )
    return items


def flag(meta: dict[str, Any], key: str) -> bool:
    """A true/false value (missing: false)."""
    value = meta.get(key)
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    raise BriefFormatError(f"front matter {key!r} must be true or false, not {kind(value)}")


def read_date(value: Any) -> dt.date | None:
    """The ``date`` value as a date (missing or empty: None)."""
    # YAML reads an unquoted 2024-03-05 as a date, and a date with a time as a datetime.
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise BriefFormatError(
        f"front matter 'date' must be a date like 2024-03-05, not {shorten(repr(value))}"
    )


def require_encodable(value: str, where: str) -> str:
    """``value``, refused when it holds a lone surrogate (``where`` names the field)."""
    # Lone surrogates come from a "\\ud800" escape in YAML or JSON, or from a badly
    # decoded file; no file or store can save them, so refuse them here.
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise BriefFormatError(f"{where} contains an unpaired surrogate character") from None
    return value


def kind(value: Any) -> str:
    """What sort of value this is, in words for an error message."""
    kinds = {
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "a mapping",
        dt.date: "a date",
        dt.datetime: "a date and time",
    }
    return kinds.get(type(value), "empty" if value is None else f"a {type(value).__name__}")


def shorten(line: str, limit: int = 40) -> str:
    """``line`` cut to ``limit`` characters with an ellipsis."""
    return line if len(line) <= limit else line[: limit - 1] + "…"
