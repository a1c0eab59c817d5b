"""What sync remembers between runs, in ``HOME/sync/`` (each file replaced crash-safely).

* ``state.json``: the remote, whether reading state is shared, when the last
  sync finished and at which commit.
* ``exported.json``: the fingerprint (see :meth:`store.BriefStore.fingerprints`)
  of every brief as its file in the commit ``commit`` holds it, so that a sync
  renders only the briefs that changed since. It is only a shortcut: when it
  does not name the current commit, every brief is rendered and compared.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import orjson

from store.storage import atomic_write_bytes, read_json_file

SYNC_FOLDER = "sync"
STATE_FILE = "state.json"
EXPORTED_FILE = "exported.json"


def sync_folder(home: Path) -> Path:
    """The folder of sync's own files inside the store's home."""
    return Path(home) / SYNC_FOLDER


@dataclass
class SyncState:
    """The remembered settings and the outcome of the last sync."""

    remote: str | None = None
    share_reading_state: bool = False
    last_synced: str | None = None  # ISO 8601, UTC
    last_commit: str | None = None

    @classmethod
    def load(cls, home: Path) -> SyncState:
        """The state of ``home`` (defaults when it never synced)."""
        data = read_json_file(sync_folder(home) / STATE_FILE)
        if not isinstance(data, dict):
            return cls()
        known = {k: data[k] for k in asdict(cls()) if k in data}
        return cls(**known)

    def save(self, home: Path) -> None:
        """Write the state crash-safely."""
        folder = sync_folder(home)
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(folder / STATE_FILE, orjson.dumps(asdict(self),
                                                             option=orjson.OPT_INDENT_2))

    def last_synced_at(self) -> dt.datetime | None:
        """When the last sync finished, as an aware datetime."""
        if not self.last_synced:
            return None
        try:
            return dt.datetime.fromisoformat(self.last_synced)
        except ValueError:
            return None


@dataclass
class Exported:
    """Brief id -> fingerprint of the brief its file in ``commit`` was rendered from."""

    commit: str | None = None
    share_reading_state: bool = False
    fingerprints: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, home: Path) -> Exported:
        """The record (empty when missing or unreadable: it is only a shortcut)."""
        try:
            data: Any = read_json_file(sync_folder(home) / EXPORTED_FILE)
        except Exception:  # a damaged shortcut costs one full comparison, nothing more
            return cls()
        if not isinstance(data, dict) or not isinstance(data.get("fingerprints"), dict):
            return cls()
        return cls(data.get("commit"), bool(data.get("share_reading_state")),
                   dict(data["fingerprints"]))

    def save(self, home: Path) -> None:
        """Write the record crash-safely."""
        folder = sync_folder(home)
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(folder / EXPORTED_FILE, orjson.dumps(asdict(self)))
