"""Sync through a bare repository on disk: the first sync and a one-tag sync.

Ours: ``store.sync.sync`` (renders only briefs whose fingerprint changed, merges
per brief, imports only what the merge changed). Baseline, from the same run:
what a careful script would do without Briefs' bookkeeping, ``briefs export`` of
every brief into a git work tree, ``git add -A``, ``git commit``, ``git push``
(git itself finds the changed files). Each step is timed in this process, as a
user meets it; the collection size is ``BENCH_N`` (default here 10,000).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from bench.corpus import bench_size, generate, source_name
from store import BriefStore
from store.export import export_briefs
from store.sync import sync

_ENV = {"GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.invalid",
        "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.invalid"}


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout


def _timed(action) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def _baseline_sync(home: Path, work: Path) -> tuple[float, int]:
    """Export every brief, then let git find what changed; seconds and files committed."""
    def run() -> int:
        with BriefStore.open(home) as store:
            export_briefs(store, [r.id for r in store.rows()], work)
        _git("add", "-A", cwd=work)
        changed = len(_git("diff", "--cached", "--name-only", cwd=work).split())
        if changed:
            _git("commit", "-q", "-m", "export", cwd=work)
            _git("push", "-q", "origin", "HEAD:refs/heads/main", cwd=work)
        return changed
    seconds, changed = _timed(run)
    return seconds, changed  # type: ignore[return-value]


def main() -> None:
    """Print our figures and the baseline's at ``BENCH_N`` briefs."""
    os.environ.update(_ENV)
    n = bench_size(10_000)
    base = os.environ.get("BENCH_DIR")
    folder = Path(tempfile.mkdtemp(prefix="bench-sync-", dir=base))
    print(f"{n:,} briefs from the {source_name()}; in {folder}; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    try:
        home_a, home_b = folder / "a", folder / "b"
        with BriefStore.open(home_a) as store:
            store.upsert_many(generate(n))
            first_id = store.rows()[0].id
        remote = folder / "shared.git"
        _git("init", "-q", "--bare", str(remote), cwd=folder)
        rows: list[tuple[str, float, str, float | None, str]] = []

        t_first, first = _timed(lambda: sync(home_a, str(remote)))
        t_recv, recv = _timed(lambda: sync(home_b, str(remote)))
        with BriefStore.open(home_a) as store:
            store.add_tags([first_id], ["bench-one-tag"])
        t_one, one = _timed(lambda: sync(home_a))
        t_one_b, one_b = _timed(lambda: sync(home_b))
        t_idle, idle = _timed(lambda: sync(home_a))

        # Baseline: the same collection, plain export + git into its own remote.
        plain_remote = folder / "plain.git"
        _git("init", "-q", "--bare", str(plain_remote), cwd=folder)
        work = folder / "plain-work"
        work.mkdir()
        _git("init", "-q", cwd=work)
        _git("remote", "add", "origin", str(plain_remote), cwd=work)
        t_plain_first, plain_first = _baseline_sync(home_a, work)
        with BriefStore.open(home_a) as store:
            store.add_tags([first_id], ["bench-second-tag"])
        t_plain_one, plain_one = _baseline_sync(home_a, work)
        t_plain_idle, _ = _baseline_sync(home_a, work)

        rows = [
            ("first sync, A sends all (s)", t_first, f"{first.files_written:,} files",
             t_plain_first, f"{plain_first:,} files"),
            ("first sync, B receives all (s)", t_recv, f"{recv.imported:,} briefs", None, ""),
            ("one-tag sync, A sends (s)", t_one, f"{one.files_written} file",
             t_plain_one, f"{plain_one} file"),
            ("one-tag sync, B receives (s)", t_one_b, f"{one_b.imported} brief", None, ""),
            ("sync with nothing changed (s)", t_idle, f"{idle.files_written} files",
             t_plain_idle, "0 files"),
        ]
        print()
        header = f"| {'step':<32} | {'ours':>8} | {'':<14} | {'export+git':>10} | {'':<12} | " \
                 f"{'ratio':>7} |"
        print(header)
        print("|" + "|".join("-" * len(c) for c in header.split("|")[1:-1]) + "|")
        for label, mine, what, theirs, their_what in rows:
            ratio = f"{mine / theirs:.3g}x" if theirs else "-"
            plain = f"{theirs:.2f}" if theirs is not None else "-"
            print(f"| {label:<32} | {mine:>8.2f} | {what:<14} | {plain:>10} | "
                  f"{their_what:<12} | {ratio:>7} |")
        print("(ratio = ours / export+git; the baseline has no merge and no import: "
              "it only sends)")
        print("ours, by step: first " + _steps(first.seconds) + "; B first "
              + _steps(recv.seconds) + "; one-tag " + _steps(one.seconds))
    finally:
        if base is None:
            shutil.rmtree(folder, ignore_errors=True)


def _steps(seconds: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.2f}" for k, v in seconds.items())


if __name__ == "__main__":
    main()
