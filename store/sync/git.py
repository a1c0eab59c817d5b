"""The real ``git`` command, run as a subprocess: the few operations sync needs.

Every call runs with a fixed locale (messages we can read), no terminal
prompts (a credential prompt would hang a worker thread) and the repository's
own config; the user's ssh keys, credential helpers and identity still apply.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from store.errors import StoreError

#: The branch every copy of a collection shares.
BRANCH = "main"
REMOTE = "origin"
_ZERO = "0" * 40


class SyncError(StoreError):
    """A sync that could not be done; the message says why in one line."""


class PushRejected(SyncError):
    """The remote moved on since our fetch (someone else pushed): fetch and merge again."""


@dataclass(frozen=True)
class Change:
    """One path that differs between two commits: its blob before and after (None: absent)."""

    path: str
    old: str | None
    new: str | None


def find_git() -> str:
    """The ``git`` executable, or :class:`SyncError` saying it is needed."""
    found = shutil.which("git")
    if not found:
        raise SyncError(
            "git is not installed or not on PATH; `briefs sync` uses it "
            "(install it from https://git-scm.com or your package manager)"
        )
    return found


class Git:
    """One repository (with its work tree) driven through the ``git`` command."""

    def __init__(self, repo: Path, executable: str | None = None) -> None:
        """Drive the repository at ``repo`` (it need not exist yet: see :meth:`init`)."""
        self.repo = Path(repo)
        self.executable = executable or find_git()
        self._env = {
            **os.environ,
            "LC_ALL": "C",
            "LANGUAGE": "C",
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_ASKPASS": os.environ.get("GIT_ASKPASS", ""),
            "GIT_EDITOR": "true",
            "GIT_MERGE_AUTOEDIT": "no",
        }

    # --- running -------------------------------------------------------------

    def run(self, *args: str, input: bytes | None = None, check: bool = True,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
        """Run ``git -C repo ARGS``; a failure raises :class:`SyncError` with git's own words."""
        try:
            result = subprocess.run(
                [self.executable, "-C", str(self.repo), *args],
                input=input, capture_output=True, env={**self._env, **(env or {})},
                check=False,
            )
        except OSError as error:
            raise SyncError(f"cannot run git: {error.strerror or error}") from error
        if check and result.returncode != 0:
            raise SyncError(f"git {args[0]} failed: {_first_lines(result.stderr)}")
        return result

    def text(self, *args: str, check: bool = True) -> str:
        """The standard output of a git command, stripped."""
        return self.run(*args, check=check).stdout.decode("utf-8", "replace").strip()

    # --- the repository ----------------------------------------------------

    def init(self) -> None:
        """Create the repository if missing, with settings that keep files byte-exact."""
        if (self.repo / ".git").is_dir():
            return
        self.repo.mkdir(parents=True, exist_ok=True)
        self.run("init", "--quiet")
        self.run("symbolic-ref", "HEAD", f"refs/heads/{BRANCH}")
        for key, value in (
            ("core.autocrlf", "false"),  # same bytes on every platform
            ("core.quotepath", "off"),
            ("gc.autoDetach", "false"),
            ("commit.gpgsign", "false"),  # no pinentry prompt inside a worker thread
        ):
            self.run("config", key, value)
        if not self.text("config", "user.email", check=False):
            # No identity anywhere: commits still need one.
            self.run("config", "user.name", "Briefs")
            self.run("config", "user.email", "briefs@localhost")

    def set_remote(self, url: str) -> None:
        """Point ``origin`` at ``url``."""
        current = self.run("remote", "get-url", REMOTE, check=False)
        if current.returncode != 0:
            self.run("remote", "add", REMOTE, url)
        elif current.stdout.decode("utf-8", "replace").strip() != url:
            self.run("remote", "set-url", REMOTE, url)

    def head(self) -> str | None:
        """The commit of our branch, None before the first commit."""
        out = self.run("rev-parse", "--verify", "--quiet", f"refs/heads/{BRANCH}^{{commit}}",
                       check=False)
        return out.stdout.decode().strip() or None

    def remote_head(self) -> str | None:
        """The remote branch as last fetched, None when the remote has none yet."""
        out = self.run("rev-parse", "--verify", "--quiet",
                       f"refs/remotes/{REMOTE}/{BRANCH}^{{commit}}", check=False)
        return out.stdout.decode().strip() or None

    def is_dirty(self) -> bool:
        """True when the work tree or index differ from HEAD (an interrupted sync)."""
        return bool(self.run("status", "--porcelain", "--untracked-files=all").stdout.strip())

    def reset_hard(self, commit: str | None) -> None:
        """Make the branch, index and work tree exactly ``commit`` (None: empty, unborn)."""
        if commit is None:
            self.run("read-tree", "--empty")
            self.run("clean", "-fdxq")
            return
        self.run("update-ref", f"refs/heads/{BRANCH}", commit)
        self.run("reset", "--quiet", "--hard", commit)
        self.run("clean", "-fdxq")

    def stage(self, paths: Sequence[str]) -> None:
        """Stage these paths as they are in the work tree (deleted files too)."""
        if paths:
            self.run("add", "-A", "--pathspec-from-file=-", "--pathspec-file-nul",
                     input=b"\0".join(p.encode() for p in paths))

    def commit_staged(self, message: str) -> str | None:
        """Commit the index if it differs from HEAD; the new commit, or None if nothing."""
        has_head = self.head() is not None
        if has_head and self.run("diff", "--cached", "--quiet", check=False).returncode == 0:
            return None
        if not has_head and not self.text("ls-files"):
            return None
        self.run("commit", "--quiet", "--no-verify", "-m", message)
        return self.head()

    # --- the exchange with the remote ----------------------------------------

    def fetch(self) -> str | None:
        """Fetch the shared branch; the remote's commit, None when it has none yet."""
        result = self.run("fetch", "--quiet", "--no-tags", REMOTE,
                          f"+refs/heads/{BRANCH}:refs/remotes/{REMOTE}/{BRANCH}", check=False)
        if result.returncode != 0:
            if b"couldn't find remote ref" in result.stderr:
                return None  # an empty remote: the first sync will create the branch
            raise SyncError(f"cannot fetch from the remote: {_first_lines(result.stderr)}")
        return self.remote_head()

    def push(self, commit: str) -> None:
        """Push ``commit`` to the shared branch, never forced; :class:`PushRejected` if it moved."""
        result = self.run("push", "--porcelain", "--quiet", REMOTE,
                          f"{commit}:refs/heads/{BRANCH}", check=False)
        if result.returncode == 0:
            return
        out = (result.stdout + result.stderr).decode("utf-8", "replace")
        if "[rejected]" in out or "non-fast-forward" in out or "fetch first" in out:
            raise PushRejected("the remote changed during the sync")
        raise SyncError(f"git push failed: {_first_lines(result.stderr or result.stdout)}")

    # --- reading and building history ----------------------------------------

    def is_ancestor(self, older: str, newer: str) -> bool:
        """True when ``older`` is ``newer`` or one of its ancestors."""
        return self.run("merge-base", "--is-ancestor", older, newer, check=False).returncode == 0

    def merge_base(self, a: str, b: str) -> str | None:
        """Their best common ancestor, None for unrelated histories."""
        return self.text("merge-base", a, b, check=False) or None

    def changes(self, old: str | None, new: str, prefix: str = "") -> list[Change]:
        """Paths that differ from ``old`` (None: the empty tree) to ``new``, with blob ids."""
        if old is None:
            out = self.run("ls-tree", "-r", "-z", "--full-tree", new).stdout
            changes = []
            for entry in out.split(b"\0"):
                if entry:
                    meta, _, path = entry.partition(b"\t")
                    name = path.decode()
                    if name.startswith(prefix):
                        changes.append(Change(name, None, meta.split()[2].decode()))
            return changes
        out = self.run("diff", "--raw", "-z", "--no-abbrev", "--no-renames", old, new).stdout
        fields = out.split(b"\0")
        changes = []
        for info, path in zip(fields[0::2], fields[1::2], strict=False):
            if not info:
                continue
            parts = info.decode().split()
            name = path.decode()
            if name.startswith(prefix):
                before, after = parts[2], parts[3]
                changes.append(Change(name, None if before == _ZERO else before,
                                      None if after == _ZERO else after))
        return changes

    def read_blobs(self, blob_ids: Iterable[str]) -> dict[str, bytes]:
        """The content of many blobs, read by one ``git cat-file --batch``."""
        wanted = list(dict.fromkeys(blob_ids))
        if not wanted:
            return {}
        out = self.run("cat-file", "--batch", input="\n".join(wanted).encode() + b"\n").stdout
        blobs: dict[str, bytes] = {}
        position = 0
        for blob_id in wanted:
            end = out.index(b"\n", position)
            header = out[position:end].split()
            if len(header) < 3:
                raise SyncError(f"git cat-file: object {blob_id} is missing")
            size = int(header[2])
            blobs[blob_id] = out[end + 1:end + 1 + size]
            position = end + 1 + size + 1
        return blobs

    def write_blobs(self, contents: Sequence[bytes], scratch: Path) -> list[str]:
        """Store these contents as blobs (one ``git hash-object`` for all); their ids."""
        if not contents:
            return []
        scratch.mkdir(parents=True, exist_ok=True)
        paths = []
        for number, data in enumerate(contents):
            path = scratch / f"{number}.blob"
            path.write_bytes(data)
            paths.append(str(path))
        out = self.run("hash-object", "-w", "--no-filters", "--stdin-paths",
                       input="\n".join(paths).encode() + b"\n").stdout
        shutil.rmtree(scratch, ignore_errors=True)
        return out.decode().split()

    def merge_commit(self, ours: str, theirs: str, updates: dict[str, str | None],
                     message: str, index_file: Path) -> str:
        """A commit with parents ``ours`` and ``theirs``: ours's tree with ``updates``.

        ``updates`` maps a path to its new blob id (None: removed). Built in a
        private index, so neither the work tree nor our branch changes.
        """
        env = {"GIT_INDEX_FILE": str(index_file)}
        index_file.unlink(missing_ok=True)
        self.run("read-tree", ours, env=env)
        lines = [
            f"0 {_ZERO}\t{path}" if blob is None else f"100644 {blob}\t{path}"
            for path, blob in sorted(updates.items())
        ]
        if lines:
            self.run("update-index", "-z", "--index-info", env=env,
                     input="\0".join(lines).encode() + b"\0")
        tree = self.run("write-tree", env=env).stdout.decode().strip()
        index_file.unlink(missing_ok=True)
        return self.run("commit-tree", tree, "-p", ours, "-p", theirs, "-m", message,
                        ).stdout.decode().strip()


def _first_lines(stderr: bytes, limit: int = 2) -> str:
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines()
             if line.strip() and not line.startswith("hint:")]
    return " / ".join(lines[:limit]) or "no message"
