"""Argument types and options of the ``briefs`` command line that are more than one line.

Kept apart from :mod:`tui.cli` (the commands) so that the parser's rules are
easy to find: what a value must look like is checked by argparse itself, so a
bad one is a usage error (exit 2) before any store is opened.
"""

from __future__ import annotations

import argparse
import os
import sys
from importlib import metadata
from typing import Any

import shtab

#: What the completion scripts offer for an argument: any file, or folders only.
FILE = shtab.FILE
DIRECTORY = shtab.DIRECTORY


def store_folder(value: str) -> str:
    """``--home DIR``: any folder name but an empty one.

    ``--home ""`` (an unset shell variable, say) once fell back to the user's
    real store, so a script meant for a scratch store wrote to the real one.
    """
    if not value.strip():
        raise argparse.ArgumentTypeError("the folder name is empty")
    return value


def positive_int(value: str) -> int:
    """A whole number of at least 1 (``--limit``)."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value} is not at least 1")
    return number


def version_text() -> str:
    """``briefs 0.1.0``: the installed distribution's version."""
    try:
        return f"%(prog)s {metadata.version('briefs')}"
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "%(prog)s (version unknown: not installed)"


class _PrintCompletion(argparse.Action):
    """Print the completion script for the shell named, then exit (``| head`` is fine)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        try:
            sys.stdout.write(shtab.complete(parser, shell=values) + "\n")
            sys.stdout.flush()
        except BrokenPipeError:
            # The reader went away; point stdout at nothing so that exiting cannot fail too.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        parser.exit(0)


def add_completion(parser: argparse.ArgumentParser) -> None:
    """``briefs --print-completion {bash,zsh,tcsh}`` prints a shell completion script."""
    parser.add_argument(
        "--print-completion", choices=("bash", "zsh", "tcsh"), metavar="SHELL",
        action=_PrintCompletion, help="print a completion script for SHELL (bash, zsh, tcsh)",
    )
