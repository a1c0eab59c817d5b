"""Share a collection through git: ``briefs sync REMOTE`` (see docs/sync-design.md).

The store stays the working copy; a git repository inside the home holds one
Markdown brief file per brief, and copies exchange commits through any remote.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefs.lazy import lazy_attributes

if TYPE_CHECKING:
    from store.sync.engine import KILL_AFTER_ENV, SyncReport, sync
    from store.sync.git import SyncError, find_git
    from store.sync.state import SyncState

# Loaded on first use (PEP 562): the app reads SyncState as it starts, and the
# sync engine behind ``sync`` is not needed for that.
_WHERE = {
    "KILL_AFTER_ENV": "store.sync.engine",
    "SyncError": "store.sync.git",
    "SyncReport": "store.sync.engine",
    "SyncState": "store.sync.state",
    "find_git": "store.sync.git",
    "sync": "store.sync.engine",
}

__all__ = ["KILL_AFTER_ENV", "SyncError", "SyncReport", "SyncState", "find_git", "sync"]


__getattr__ = lazy_attributes(__name__, _WHERE)
