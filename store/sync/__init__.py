"""Share a collection through git: ``briefs sync REMOTE`` (see docs/sync-design.md).

The store stays the working copy; a git repository inside the home holds one
Markdown brief file per brief, and copies exchange commits through any remote.
"""

from store.sync.engine import KILL_AFTER_ENV, SyncReport, sync
from store.sync.git import SyncError, find_git
from store.sync.state import SyncState

__all__ = ["KILL_AFTER_ENV", "SyncError", "SyncReport", "SyncState", "find_git", "sync"]
