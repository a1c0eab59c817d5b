"""``briefs sync [REMOTE]``: share the collection through a git remote (see docs/sync-design.md)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from briefs.text import strip_controls

EXIT_OK = 0
EXIT_ERROR = 2


def cmd_sync(args: argparse.Namespace) -> int:
    """Export, commit, fetch, merge, push, import; print what was exchanged."""
    from store.sync import SyncError, SyncState, sync

    if args.status:
        state = SyncState.load(args.home_path)
        if not state.remote:
            print("never synced (run: briefs sync REMOTE)")
            return EXIT_OK
        shared = "shared" if state.share_reading_state else "personal"
        print(strip_controls(f"remote: {state.remote}"))
        print(f"last synced: {state.last_synced or 'never'}; reading state: {shared}")
        return EXIT_OK
    share = {"share": True, "personal": False}.get(args.reading_state or "")
    progress = _progress if sys.stderr.isatty() else None
    try:
        report = sync(args.home_path, args.remote, share_reading_state=share, progress=progress)
    except SyncError as error:
        print(strip_controls(f"briefs: sync: {error}"), file=sys.stderr)
        return EXIT_ERROR
    for problem in report.skipped:
        print(strip_controls(f"briefs: warning: {problem}"), file=sys.stderr)
    print(f"synced with {strip_controls(report.remote)}: {report.summary()}")
    return EXIT_OK


def _progress(message: str) -> None:
    print(f"sync: {message}", file=sys.stderr)


def add_sync_command(add: Callable[..., Any]) -> None:
    """Register ``sync`` with the parser's ``add(name, func, help)``."""
    p = add("sync", cmd_sync, "share the collection through a git remote (merges per brief)")
    p.add_argument("remote", nargs="?", metavar="REMOTE",
                   help="git URL or path of a (bare) repository; remembered for later syncs")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--share-reading-state", dest="reading_state", action="store_const",
                       const="share", help="share read/unread with the other copies (remembered)")
    group.add_argument("--personal-reading-state", dest="reading_state", action="store_const",
                       const="personal", help="keep read/unread to this copy (the default)")
    p.add_argument("--status", action="store_true",
                   help="print the remote and when the collection was last synced")
