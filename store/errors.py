"""Errors the store raises: each names the file and says what to do."""

from __future__ import annotations

import errno
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


#: How each operating-system refusal is said, in a few words.
_CAUSES = {
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.EISDIR: "is a folder, not a file",
    errno.ENOENT: "no such file or folder",
    errno.EIO: "input/output error",
}
#: The refusals that mean "this store cannot be written here" (it may still be read).
NOT_WRITABLE = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})


def os_cause(error: OSError) -> str:
    """The cause of an OS error in a few words ("no space left on the device")."""
    return _CAUSES.get(error.errno or 0) or (error.strerror or str(error)).lower()


def describe_os_error(error: OSError, path: Path | str | None = None) -> str:
    """One line naming the path and the cause of an OS error: ``PATH: cause``."""
    named = path if path is not None else (error.filename2 or error.filename)
    cause = os_cause(error)
    return f"{named}: {cause}" if named else cause


class StoreOSError(StoreError, OSError):
    """The operating system refused a store operation (disk full, read-only, not a folder...).

    ``path`` is the file or folder concerned, ``cause`` the refusal in a few
    words, ``errno`` the OS error number. A write refused this way has left the
    store as it was. It is an :class:`OSError` too, for callers that catch those.
    """

    def __init__(self, path: Path | str, cause: str, *, errno_code: int | None = None,
                 hint: str = "") -> None:
        super().__init__(f"{Path(path)}: {cause}{'; ' + hint if hint else ''}")
        self.path = Path(path)
        self.cause = cause
        self.errno = errno_code
        self.filename = str(self.path)

    def __str__(self) -> str:  # OSError would otherwise show "[Errno N] None: 'path'"
        return str(self.args[0])

    @classmethod
    def from_os_error(cls, error: OSError, fallback: Path | str, *, hint: str = "") -> StoreOSError:
        """The store error for ``error``, naming its file (else ``fallback``)."""
        named = error.filename2 or error.filename or fallback
        return cls(named, os_cause(error), errno_code=error.errno, hint=hint)
