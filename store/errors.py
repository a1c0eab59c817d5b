"""Errors the store raises: each names the file and says what to do."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """Base class for every error the store reports to the user."""


class StoreCorruptError(StoreError):
    """A store file cannot be read (truncated, not JSON, wrong shape). It is never overwritten."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(
            f"{self.path}: cannot read this store file ({reason}). It has been left untouched. "
            f"Restore it from a backup (see `briefs doctor`), or move it aside to start afresh."
        )


class StoreVersionError(StoreError):
    """The store was written by a newer version of Briefs than this one."""

    def __init__(self, path: Path, found: int, supported: int) -> None:
        self.path = Path(path)
        self.found = found
        self.supported = supported
        super().__init__(
            f"{self.path}: this store has schema version {found}, but this Briefs understands "
            f"versions up to {supported}. Upgrade Briefs; the store has been left untouched."
        )


class StoreLockedError(StoreError):
    """Another process held the store's lock for too long."""

    def __init__(self, path: Path, seconds: float) -> None:
        self.path = Path(path)
        super().__init__(
            f"{self.path}: another Briefs process has held the store lock for {seconds:.0f} s; "
            f"try again when it has finished."
        )


class BriefNotFoundError(StoreError, KeyError):
    """No brief has this id (or id prefix)."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(f"no brief with id {key!r}")

    def __str__(self) -> str:  # KeyError would otherwise repr() the message
        return str(self.args[0])


class AmbiguousIdError(StoreError, KeyError):
    """An id prefix matches several briefs."""

    def __init__(self, prefix: str, matches: list[str]) -> None:
        self.prefix = prefix
        self.matches = matches
        shown = ", ".join(matches[:5]) + (", ..." if len(matches) > 5 else "")
        super().__init__(f"id prefix {prefix!r} matches {len(matches)} briefs: {shown}")

    def __str__(self) -> str:
        return str(self.args[0])
