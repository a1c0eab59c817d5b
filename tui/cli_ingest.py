"""The ``briefs fetch`` and ``briefs feed`` commands (registered by :mod:`tui.cli`)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from tui.cli_output import EXIT_ERROR, EXIT_OK, EXIT_PARTIAL
from tui.cli_output import dump_json as _dump_json
from tui.cli_output import err as _err
from tui.cli_output import open_store as _open_store
from tui.cli_output import out as _out

AddCommand = Callable[[str, Callable[[argparse.Namespace], int], str], Any]


def cmd_fetch(args: argparse.Namespace) -> int:
    """Fetch web pages and store each as a brief; name every URL that failed, with the reason."""
    from store.fetch import fetch_pages

    with _open_store(args) as store:
        report = fetch_pages(store, args.urls, tags=args.tag or (),
                             on_error=lambda url, reason: _err(f"briefs: {url}: {reason}"))
    print(f"fetched {report.imported} new, {report.updated} updated, "
          f"{report.unchanged} unchanged, failed {len(report.failed)}")
    return EXIT_PARTIAL if report.failed else EXIT_OK


def cmd_feed_add(args: argparse.Namespace) -> int:
    """Subscribe to a feed."""
    from store.feeds import add_feed
    from store.fetch import FetchError

    with _open_store(args) as store:
        try:
            sub, new = add_feed(store, args.url, tags=args.tag or ())
        except FetchError as error:
            _err(f"briefs: {error.url}: {error.reason}")
            return EXIT_ERROR
    tags = f" tagged {', '.join(sub.tags)}" if sub.tags else ""
    _out(f"{'subscribed to' if new else 'already subscribed to'} {sub.url}{tags}")
    if new:
        _err("fetch its entries with: briefs feed update")
    return EXIT_OK


def cmd_feed_list(args: argparse.Namespace) -> int:
    """List subscribed feeds."""
    from store.feeds import list_feeds

    with _open_store(args, create=False) as store:
        subs = list_feeds(store)
    if args.json:
        _dump_json([s.public() for s in subs])
        return EXIT_OK
    for sub in subs:
        tags = "  " + " ".join(f"#{t}" for t in sub.tags) if sub.tags else ""
        _out(f"{sub.url}  {sub.title or '(not updated yet)'}{tags}")
    if not subs:
        _err("no feeds (subscribe with: briefs feed add URL)")
    return EXIT_OK


def cmd_feed_remove(args: argparse.Namespace) -> int:
    """Unsubscribe from a feed (its briefs stay)."""
    from store.feeds import remove_feed

    with _open_store(args, create=False) as store:
        removed = remove_feed(store, args.url)
    if not removed:
        _err(f"briefs: not subscribed to {args.url}")
        return EXIT_ERROR
    _out(f"unsubscribed from {args.url} (its briefs stay)")
    return EXIT_OK


def cmd_feed_update(args: argparse.Namespace) -> int:
    """Fetch every subscribed feed; store the entries not seen before."""
    from store.feeds import update_feeds

    with _open_store(args, create=False) as store:
        results = update_feeds(store, urls=args.urls or None,
                               on_error=lambda what, reason: _err(f"briefs: {what}: {reason}"))
    failed = any(r.error or r.failed_entries for r in results)
    if args.json:
        _dump_json([r.to_dict() for r in results])
    else:
        for r in results:
            state = ("unchanged (304)" if r.not_modified else f"failed: {r.error}" if r.error
                     else f"{r.new} new, {r.updated} already stored")
            _out(f"{r.url}  {state}")
        total = sum(r.new for r in results)
        print(f"{total} new briefs from {len(results)} feeds")
    return EXIT_PARTIAL if failed else EXIT_OK


def add_commands(sub: Any, add: AddCommand) -> None:
    """Register ``fetch`` and ``feed ...`` on the ``briefs`` parser."""
    p = add("fetch", cmd_fetch, "fetch web pages (http/https) and store each as a brief")
    p.add_argument("urls", nargs="+", metavar="URL")
    p.add_argument("--tag", action="append", metavar="T", help="tag every brief (repeatable)")

    feed = add("feed", lambda args: (feed.print_help(), EXIT_ERROR)[1],
               "subscribe to RSS, Atom and JSON feeds and update them")
    feed_sub = feed.add_subparsers(dest="feed_command", metavar="ACTION")

    def action(name: str, func: Callable[[argparse.Namespace], int], help_: str) -> Any:
        command = feed_sub.add_parser(name, help=help_, description=help_)
        command.set_defaults(func=func)
        return command

    p = action("add", cmd_feed_add, "subscribe to a feed")
    p.add_argument("url", metavar="URL")
    p.add_argument("--tag", action="append", metavar="T",
                   help="tag every brief from this feed (repeatable)")
    p = action("list", cmd_feed_list, "list subscribed feeds")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = action("remove", cmd_feed_remove, "unsubscribe from a feed (its briefs stay)")
    p.add_argument("url", metavar="URL")
    p = action("update", cmd_feed_update, "fetch the feeds and store new entries")
    p.add_argument("urls", nargs="*", metavar="URL", help="only these feeds (default: all)")
    p.add_argument("--json", action="store_true", help="print JSON")
