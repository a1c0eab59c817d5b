"""How the app's parts reach the store: one protocol, so no screen imports the app.

The worker model (the one rule every part follows)
--------------------------------------------------
* A store call runs in a thread worker started with
  ``@work(thread=True, exit_on_error=False)`` (or :func:`run_store_job`), never
  on the UI thread.
* The worker posts its result back as a ``@dataclass`` message; the UI thread
  applies it. A worker checks ``is_cancelled`` before it posts, so a result a
  newer call has superseded (``exclusive=True`` in a group) is dropped.
* A failure is not caught by the worker: it ends the worker in the ERROR state
  and the app's one handler (``BriefsApp.on_worker_state_changed``) shows it.
* Locking belongs to the store: ``BriefStore`` is thread-safe behind its own
  re-entrant lock (and a file lock between processes). The app adds no lock of
  its own, so a long import committing in batches lets a tag or a read flag in
  between its batches.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from textual.dom import DOMNode
from textual.worker import Worker, get_current_worker

if TYPE_CHECKING:
    from store import BriefStore


T = TypeVar("T")


class StoreHost(Protocol):
    """What the app offers its screens and controllers (``BriefsApp`` implements it)."""

    #: The store once opened (None before, or when it could not be opened).
    store: BriefStore | None
    saved_searches: dict[str, str]
    #: The folder the export prompt proposes.
    export_folder: Path
    #: The store's folder.
    home: Path

    def open_store(self) -> BriefStore:
        """The open store (opened on first use; call from a worker)."""
        ...


def host_of(node: DOMNode) -> StoreHost:
    """The app behind ``node``, seen through :class:`StoreHost`."""
    return cast(StoreHost, node.app)


def store_of(node: DOMNode) -> BriefStore:
    """The store, for a worker started by ``node`` (opens it on first use)."""
    return host_of(node).open_store()


def is_cancelled() -> bool:
    """True if the current worker was cancelled (a newer call superseded it)."""
    return get_current_worker().is_cancelled


def run_store_job(
    node: DOMNode,
    job: Callable[[BriefStore], T],
    then: Callable[[T], Any] | None = None,
    *,
    group: str = "store",
    exclusive: bool = False,
    description: str = "store",
) -> Worker[None]:
    """Run ``job(store)`` in a thread worker for ``node``; ``then(result)`` on the UI thread.

    For one-off calls (a palette command, a saved search); the main screen's own
    calls are ``@work`` methods of its controllers posting messages. A cancelled
    call never reaches ``then``.
    """

    def work() -> None:
        if is_cancelled():
            return
        result = job(store_of(node))
        if then is not None and not is_cancelled():
            node.app.call_from_thread(then, result)

    # On the app's node: its handler is the one that shows failures.
    return node.app.run_worker(work, thread=True, exit_on_error=False, group=group,
                           exclusive=exclusive, description=description)
