"""A progress bar for long command-line work, on stderr, only where a person watches it.

``briefs import`` of a few thousand files, ``reindex`` and ``export`` take long
enough that silence looks like a hang. The bar is drawn (by Rich, which Textual
already brings) only when stderr is a terminal and ``--quiet`` was not given:
a pipe, a log file or a script sees nothing but the command's own messages.
Lines printed to stderr while the bar runs (per-file errors) appear above it.

Usage, for any command that knows (or learns) how much work there is::

    with progress_bar("importing", enabled=not args.quiet) as advance:
        for done, item in enumerate(items, 1):
            work(item)
            advance(done, len(items))
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

#: ``advance(done, total)``: how much is done, out of how much (None while unknown).
Advance = Callable[[int, "int | None"], None]


def wants_progress(stream: TextIO | None = None, *, quiet: bool = False) -> bool:
    """True when ``stream`` (stderr by default) is a terminal that can redraw a bar."""
    stream = stream if stream is not None else sys.stderr
    if quiet or os.environ.get("TERM", "") in ("dumb", "unknown"):
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (OSError, ValueError):  # a closed or detached stream
        return False


def _no_progress(done: int, total: int | None = None) -> None:
    """The ``advance`` of a bar that is not shown."""


@contextmanager
def progress_bar(description: str, *, total: int | None = None, enabled: bool = True,
                 stream: TextIO | None = None) -> Iterator[Advance]:
    """A bar labelled ``description`` on ``stream`` (stderr); yields ``advance(done, total)``.

    With ``enabled`` False, or when the stream is not a terminal, nothing is
    drawn and ``advance`` does nothing. The bar is removed when the block ends
    (the command's summary line says how it went). ``description`` is ours,
    never user text: Rich would read it as markup.
    """
    stream = stream if stream is not None else sys.stderr
    if not enabled or not wants_progress(stream):
        yield _no_progress
        return
    # Imported here: scripted runs (no terminal) never pay for Rich's start-up.
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    console = Console(file=stream, force_terminal=True, highlight=False)
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        redirect_stdout=False,  # stdout may be a pipe carrying the command's output
        redirect_stderr=True,  # per-file errors are printed above the bar
    )
    task = bar.add_task(description, total=total)

    def advance(done: int, new_total: int | None = None) -> None:
        if new_total is not None:
            bar.update(task, completed=done, total=new_total)
        else:
            bar.update(task, completed=done)

    with bar:
        yield advance
