"""What the store's bulk operations report back: plain dataclasses, no behaviour."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class UpsertReport:
    """Ids of the briefs an :meth:`~store.BriefStore.upsert_many` call added, changed or left."""

    imported: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def extend(self, other: UpsertReport) -> None:
        """Add ``other``'s ids to this report (used when a call is split into batches)."""
        self.imported.extend(other.imported)
        self.updated.extend(other.updated)
        self.unchanged.extend(other.unchanged)


@dataclass
class ImportReport:
    """The outcome of importing files: counts, and each failure or warning with its file."""

    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: list[tuple[Path, str]] = field(default_factory=list)
    warnings: list[tuple[Path, str]] = field(default_factory=list)


@dataclass
class DoctorReport:
    """The findings of :meth:`~store.BriefStore.doctor`: ``ok`` is False when something is wrong."""

    ok: bool
    lines: list[str] = field(default_factory=list)
