"""The ``briefs`` command line: the app, and scriptable commands over the same store.

Global options come before the subcommand (``briefs --home DIR import ...``).
Exit status: 0 success, 1 when some input failed (the rest was done),
2 for a usage error or a store that cannot be opened.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from briefs import Brief, render_markdown, write_markdown
from briefs.text import clean_line, printable_path
from tui.cli_output import EXIT_ERROR, EXIT_OK, EXIT_PARTIAL
from tui.cli_output import dump_json as _dump_json
from tui.cli_output import err as _err
from tui.cli_output import json_path as _json_path
from tui.cli_output import open_store as _open_store
from tui.cli_output import out as _out


def brief_json(brief: Brief, *, with_body: bool) -> dict[str, Any]:
    """The JSON shape of a brief; ``body`` only where the full text is wanted."""
    data = brief.to_dict()
    if not with_body:
        data.pop("body", None)
    return data


def _format_row(row: Any, short_id: str | None = None, width: int = 8) -> str:
    # ``short_id``: the shortest prefix ``show`` accepts (tui.ids), padded to ``width``.
    date = row.date.isoformat() if row.date else "----------"
    flags = ("*" if row.starred else " ") + (" " if row.read else "•")
    tags = "  " + " ".join(f"#{t}" for t in row.tags) if row.tags else ""
    return f"{(short_id or row.id[:8]):<{width}}  {date} {flags} {row.title}{tags}"





def cmd_app(args: argparse.Namespace) -> int:
    """Open the Textual app on the store."""
    from tui.app import make_app  # imported here so that scripted commands start fast

    app = make_app(home=args.home_path)
    app.run()
    return app.return_code or 0


def cmd_import(args: argparse.Namespace) -> int:
    """Import files and folders; report per-file failures on stderr."""
    from store import import_paths
    from tui.progress import progress_bar

    paths = [Path(p) for p in args.paths]
    with _open_store(args) as store, progress_bar("importing", enabled=not args.quiet) as bar:

        def on_error(path: Path, reason: str) -> None:
            _err(f"briefs: {printable_path(path)}: {reason}")

        report = import_paths(store, paths, tags=args.tag or (), exclude=args.exclude or (),
                              on_error=on_error,
                              on_progress=lambda done, total, _path: bar(done, total))
    for path, warning in report.warnings:
        _err(f"briefs: warning: {printable_path(path)}: {warning}")
    if args.json:
        _dump_json({
            "imported": report.imported, "updated": report.updated,
            "unchanged": report.unchanged,
            "failed": [{"path": _json_path(p), "reason": r} for p, r in report.failed],
            "warnings": [{"path": _json_path(p), "warning": w} for p, w in report.warnings],
        })
        return EXIT_PARTIAL if report.failed else EXIT_OK
    print(
        f"imported {report.imported}, updated {report.updated}, "
        f"unchanged {report.unchanged}, failed {len(report.failed)}"
    )
    return EXIT_PARTIAL if report.failed else EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    """List briefs, newest first."""
    from tui.ids import unique_prefixes

    with _open_store(args, create=False) as store:
        rows = store.list(tag=args.tag)
        if args.json:
            briefs = store.get_many([r.id for r in rows])
            _dump_json([brief_json(b, with_body=False) for b in briefs])
            return EXIT_OK
        short = unique_prefixes(row.id for row in store.rows())
    width = max((len(short[row.id]) for row in rows), default=8)
    for row in rows:
        _out(_format_row(row, short[row.id], width))
    if not rows:
        _err("no briefs" + (f" tagged {args.tag!r}" if args.tag else ""))
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    """Show one brief as rendered Markdown, as the brief file format, or as JSON."""
    with _open_store(args, create=False) as store:
        brief = store.get(args.id)
    if args.json:
        _dump_json(brief_json(brief, with_body=True))
    elif args.markdown:
        _out(write_markdown(brief))
    else:
        _out(render_markdown(brief))
    return EXIT_OK


def cmd_parse(args: argparse.Namespace) -> int:
    """Parse files of any kind import reads, without storing them.

    ``--json`` always prints a list, one brief per article in argument order (a
    feed or mailbox gives its entries in order); a file that cannot be read is
    named on stderr and stands as ``null`` in the list, so positions still match.
    """
    from briefs.decode import UndecodableError
    from store import read_briefs_file

    results: list[dict[str, Any] | None] = []
    status = EXIT_OK
    for name in args.files:
        path = Path(name)
        try:
            # Regular files only, size-limited, as the importer reads them.
            found_briefs, warnings = read_briefs_file(path)
        except (OSError, UndecodableError) as error:
            _err(f"briefs: {printable_path(path)}: {getattr(error, 'strerror', None) or error}")
            status = EXIT_PARTIAL
            results.append(None)
            continue
        except (ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
            # A parser bug on an odd file must not stop the others (nor shift the list).
            _err(f"briefs: {printable_path(path)}: could not parse ({type(error).__name__})")
            status = EXIT_PARTIAL
            results.append(None)
            continue
        for warning in warnings:
            _err(f"briefs: warning: {printable_path(path)}: {warning}")
        for brief in found_briefs:
            results.append(brief_json(brief, with_body=True))
            if not args.json:
                _out(render_markdown(brief))
    if args.json:
        _dump_json(results)
    return status


def cmd_search(args: argparse.Namespace) -> int:
    """Search with the query language; save, list or run saved searches."""
    from tui.ids import prefixes_for

    with _open_store(args, create=False) as store:
        if args.saved:
            saved = store.saved_searches()
            if args.json:
                _dump_json(saved)
                return EXIT_OK
            for name, query in saved.items():
                _out(f"{name}\t{query}")
            if not saved and not args.json:
                _err("no saved searches (save one with: briefs search --save NAME QUERY)")
            return EXIT_OK
        query = " ".join(args.query)
        if args.delete:
            if not store.delete_saved_search(args.delete):
                _err(f"briefs: no saved search {clean_line(args.delete)!r} "
                     "(list them with: briefs search --saved)")
                return EXIT_PARTIAL
            print(f"deleted saved search {clean_line(args.delete)!r}")
            return EXIT_OK
        if not query:
            _err("briefs: search needs a query (or --saved)")
            return EXIT_ERROR
        if args.save:
            store.save_search(args.save, query)
            print(f"saved search {clean_line(args.save)!r}: {clean_line(query)}")
        saved = store.saved_searches()
        if query.startswith("@") and query[1:] in saved:  # run a saved search by name
            query = saved[query[1:]]
        results = store.search(query, limit=args.limit)
        if results.error:
            _err(f"briefs: bad query: {results.error}")
            return EXIT_ERROR
        if args.json:
            by_id = {b.id: b for b in store.get_many([h.id for h in results.hits])}
            payload = []
            for hit in results.hits:
                if hit.id in by_id:
                    item = brief_json(by_id[hit.id], with_body=False)
                    item["score"] = round(hit.score, 4)
                    item["snippet"] = hit.snippet
                    payload.append(item)
            _dump_json(payload)
            return EXIT_OK
        hit_rows = [store.row(hit.id) for hit in results.hits]
        short = prefixes_for([row.id for row in hit_rows], (row.id for row in store.rows()))
        width = max((len(short[row.id]) for row in hit_rows), default=8)
        for hit, row in zip(results.hits, hit_rows, strict=True):
            _out(_format_row(row, short[row.id], width))
            if hit.snippet:
                _out(f"          {clean_line(hit.snippet)}")
    if not results.hits:
        hint = f"; did you mean: {', '.join(results.suggestions)}?" if results.suggestions else ""
        _err(f"no briefs match{hint}")
    else:
        _err(f"{len(results.hits)} of {results.total} matches")
    return EXIT_OK


def cmd_tag(args: argparse.Namespace) -> int:
    """Add (+tag or bare tag) and remove (-tag) tags on one brief."""
    if "--json" in args.changes:  # the changes take the rest of the line, options too
        args.changes = [c for c in args.changes if c != "--json"]
        args.json = True
    add = [c[1:] if c.startswith("+") else c for c in args.changes if not c.startswith("-")]
    remove = [c[1:] for c in args.changes if c.startswith("-")]
    if not add and not remove:
        _err("briefs: tag needs at least one +TAG or -TAG")
        return EXIT_ERROR
    from tui.ids import prefixes_for

    with _open_store(args, create=False) as store:
        brief_id = store.resolve_id(args.id)
        store.edit_tags([brief_id], add=add, remove=remove)
        row = store.row(brief_id)
        short = prefixes_for([row.id], (r.id for r in store.rows()))[row.id]
    if args.json:
        _dump_json({"id": row.id, "tags": list(row.tags)})
        return EXIT_OK
    _out(f"{short}  tags: {', '.join(row.tags) or '(none)'}")
    return EXIT_OK


#: Briefs written between two moves of the export progress bar.
_EXPORT_STEP = 200


def cmd_export(args: argparse.Namespace) -> int:
    """Write one Markdown brief per file into a folder (readable back by import)."""
    from store.export import export_briefs
    from tui.progress import progress_bar

    target = Path(args.dir)
    with _open_store(args, create=False) as store:
        ids = [r.id for r in store.list(tag=args.tag)]
        if args.query:
            results = store.search(args.query, limit=10**9, snippets=0)
            if results.error:
                _err(f"briefs: bad query: {results.error}")
                return EXIT_ERROR
            tagged = set(ids) if args.tag else None  # both filters apply
            ids = [h.id for h in results.hits if tagged is None or h.id in tagged]
        written: list[Path] = []
        with progress_bar("exporting", total=len(ids), enabled=not args.quiet) as bar:
            for start in range(0, len(ids), _EXPORT_STEP):  # in steps, to move the bar
                written += export_briefs(store, ids[start:start + _EXPORT_STEP], target)
                bar(len(written), len(ids))
            if not ids:
                target.mkdir(parents=True, exist_ok=True)  # an empty export still makes DIR
    if args.json:
        _dump_json({"exported": len(written), "dir": _json_path(target),
                    "files": [_json_path(path.name) for path in written]})
        return EXIT_OK
    print(f"exported {len(written)} briefs to {target}")
    return EXIT_OK


def cmd_doctor(args: argparse.Namespace) -> int:
    """Check every store file and report."""
    from store import BriefStore, StoreError

    try:
        # Not rebuilding a stale index first: the doctor reports it.
        with BriefStore.open(args.home_path, create=False, index_later=True) as store:
            report = store.doctor()
    except StoreError as error:
        _err(f"briefs: {error}")
        return EXIT_ERROR
    if args.json:
        _dump_json({"ok": report.ok, "lines": report.lines})
        return EXIT_OK if report.ok else EXIT_PARTIAL
    for line in report.lines:
        _out(line)
    return EXIT_OK if report.ok else EXIT_PARTIAL


def cmd_reindex(args: argparse.Namespace) -> int:
    """Rebuild the search index from the stored briefs."""
    from tui.progress import progress_bar

    with _open_store(args, create=False, rebuild_index=False) as store, \
            progress_bar("reindexing", enabled=not args.quiet) as bar:
        count = store.reindex(on_progress=bar)
    print(f"reindexed {count} briefs")
    return EXIT_OK


# --- plumbing -------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for the tests and the README)."""
    from tui.cli_args import (
        DIRECTORY,
        FILE,
        add_completion,
        positive_int,
        store_folder,
        version_text,
    )

    parser = argparse.ArgumentParser(
        prog="briefs",
        description="A keyboard-driven terminal browser for curated news briefs.",
        epilog="Run without a command to open the app.",
    )
    parser.add_argument(
        "--home",
        metavar="DIR",
        type=store_folder,
        help="store folder (default: $BRIEFS_HOME, else the platform's user data folder)",
    ).complete = DIRECTORY  # type: ignore[attr-defined]
    parser.add_argument("--version", action="version", version=version_text())
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="no progress bars (they are drawn only when stderr is a terminal)")
    add_completion(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, func: Callable[[argparse.Namespace], int], help_: str) -> Any:
        command = sub.add_parser(name, help=help_, description=help_)
        command.set_defaults(func=func)
        return command

    p = add("import", cmd_import, "import articles (.txt), Markdown briefs (.md), web pages "
            "(.html), feeds (.xml .rss .atom .json) and email (.eml .mbox)")
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="files or folders (recursive)").complete = FILE  # type: ignore[attr-defined]
    p.add_argument("--tag", action="append", metavar="T", help="tag every brief (repeatable)")
    p.add_argument("--exclude", action="append", metavar="GLOB",
                   help="skip files matching GLOB inside folders (repeatable; README* always)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")

    p = add("list", cmd_list, "list briefs, newest first")
    p.add_argument("--tag", help="only briefs with this tag")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = add("show", cmd_show, "show one brief")
    p.add_argument("id", help="brief id or a unique prefix of it")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print JSON")
    fmt.add_argument("--markdown", action="store_true", help="print the Markdown brief file")

    p = add("parse", cmd_parse, "parse files of any kind import reads, without storing them")
    p.add_argument("files", nargs="+", metavar="FILE").complete = FILE  # type: ignore[attr-defined]
    p.add_argument("--json", action="store_true", help="print JSON (else rendered Markdown)")

    p = add("search", cmd_search, "search briefs (see `?` in the app for the query language)")
    p.add_argument("query", nargs="*", help='e.g. talks tag:russia after:2024 "track two"')
    p.add_argument("--json", action="store_true", help="print JSON with score and snippet")
    p.add_argument("--limit", type=positive_int, default=20, metavar="N",
                   help="at most N results (default 20)")
    p.add_argument("--save", metavar="NAME", help="save the query under NAME")
    p.add_argument("--saved", action="store_true", help="list saved searches")
    p.add_argument("--delete", metavar="NAME", help="delete the saved search NAME")

    p = add("tag", cmd_tag, "add (+TAG) and remove (-TAG) tags")
    p.add_argument("id", help="brief id or a unique prefix of it")
    p.add_argument("--json", action="store_true", help="print the brief's id and tags as JSON")
    p.add_argument("changes", nargs=argparse.REMAINDER, metavar="+TAG|-TAG")

    p = add("export", cmd_export, "export briefs as Markdown files, one per brief")
    p.add_argument("dir", help="target folder (created if missing)"
                   ).complete = DIRECTORY  # type: ignore[attr-defined]
    p.add_argument("--tag", help="only briefs with this tag")
    p.add_argument("--query", help="only briefs matching this search (with --tag: both)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")

    from tui.cli_sync import add_sync_command
    add_sync_command(add)

    p = add("doctor", cmd_doctor, "check the store and report")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    add("reindex", cmd_reindex, "rebuild the search index")

    from tui.cli_ingest import add_commands as add_ingest_commands  # fetch, feed

    add_ingest_commands(sub, add)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``briefs`` console script."""
    from store import StoreError, describe_os_error, resolve_home

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        args.home_path = resolve_home(args.home)
        func = getattr(args, "func", cmd_app)
        return func(args)
    except StoreError as error:
        _err(f"briefs: {error}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        _err("briefs: interrupted")
        return 130
    except BrokenPipeError:  # `briefs list | head`
        return EXIT_OK
    except OSError as error:  # disk full, read-only, not a folder: one line, no traceback
        _err(f"briefs: {describe_os_error(error)}")
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
