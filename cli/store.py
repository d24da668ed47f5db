"""``python -m events ingest|export|stats``: the command-line shell around the :mod:`store` package.

Exit status 0 on success, 2 on unusable input or store (one line on stderr naming file and line).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import json
import shutil
import sys
import tempfile
from pathlib import Path

import geo
from base.errors import InputError
from cli.common import UsageError, check_choices, check_inputs
from events.io import read_articles
from geo.export import event_dicts
from store import StoreError, open_store

FORMATS = ("geojson", "csv", "gpkg")
_EXT = {".geojson": "geojson", ".json": "geojson", ".csv": "csv", ".gpkg": "gpkg"}


def _date_arg(value: str) -> str:
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date YYYY-MM-DD") from None


def add_store_commands(sub) -> None:
    """Register ``ingest``, ``export`` and ``stats`` on an argparse subparsers object."""
    db_help = (
        "store: a file path or SQLAlchemy URL such as postgresql://user@host/db (default: $LEM_DB, "
        "else $LEM_HOME/events.sqlite)"
    )

    p = sub.add_parser(
        "ingest",
        help="extract events from articles into the event store",
        description="Extract events from articles and add them to the event store; "
        "articles already stored are skipped, reports of one incident are merged.",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help=".jsonl, .txt, a folder, or - for stdin")
    p.add_argument("--db", metavar="URL", help=db_help)
    p.add_argument("--skip-bad", action="store_true", help="report malformed records and ingest the rest")
    p.add_argument("--date", type=_date_arg, help="publication date for .txt inputs without one")
    p.add_argument("--source", help="outlet name for inputs without one")
    p.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local: this process (default); dask: chunks of articles extracted in parallel on a Dask cluster",
    )
    p.add_argument(
        "--scheduler", metavar="tcp://HOST:PORT", help="Dask scheduler to use (default: a LocalCluster on this machine)"
    )
    p.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes (default 2)")
    p.add_argument(
        "--chunk",
        type=int,
        metavar="N",
        help="with --engine dask: articles per task (default 100, see store/engines.py CHUNK_ARTICLES)",
    )
    p.add_argument(
        "--out-parquet",
        metavar="DIR",
        help="with --engine dask: write events as GeoParquet partitioned by month to DIR instead of the store",
    )
    bar = p.add_mutually_exclusive_group()
    bar.add_argument(
        "--progress",
        dest="progress",
        action="store_true",
        default=None,
        help="show a progress bar (default when stderr is a terminal)",
    )
    bar.add_argument("--no-progress", dest="progress", action="store_false")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser(
        "export",
        help="export stored events to GeoJSON, CSV (ACLED columns) or GeoPackage",
        description="Export merged, corrected events from the store.",
    )
    p.add_argument("--format", choices=FORMATS, help="output format (default: from the -o extension)")
    p.add_argument("--from", dest="date_from", type=_date_arg, metavar="DATE", help="first event date")
    p.add_argument("--to", dest="date_to", type=_date_arg, metavar="DATE", help="last event date")
    p.add_argument(
        "--actor", dest="actors", action="append", default=[], metavar="A", help="actor1 or actor2 (repeatable)"
    )
    p.add_argument("--type", dest="types", action="append", default=[], metavar="T", help="event type (repeatable)")
    p.add_argument(
        "--sub-type", dest="sub_types", action="append", default=[], metavar="S", help="sub-event type (repeatable)"
    )
    p.add_argument("--admin1", action="append", default=[], metavar="D", help="district (repeatable)")
    p.add_argument(
        "--source",
        dest="sources",
        action="append",
        default=[],
        metavar="NAME",
        help="reported by this outlet (repeatable)",
    )
    p.add_argument("--text", help="words to find in evidence, places and actors (Arabic-normalised)")
    p.add_argument("--min-fatalities", type=int, default=0, metavar="N")
    p.add_argument("--include-rejected", action="store_true", help="also export events analysts rejected")
    p.add_argument("--db", metavar="URL", help=db_help)
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help="output file, or - for standard output (GeoJSON unless --format csv)",
    )
    p.set_defaults(func=cmd_export)

    add_users_command(sub, db_help)

    p = sub.add_parser("stats", help="summary of the event store")
    p.add_argument("--db", metavar="URL", help=db_help)
    p.add_argument("--json", action="store_true", help="print the numbers as JSON")
    p.set_defaults(func=cmd_stats)


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


@contextlib.contextmanager
def _stdin_spooled(inputs: list[str]):
    """Inputs with ``-`` replaced by a temporary copy of stdin, so it can be read twice (check, then ingest)."""
    if "-" not in inputs:
        yield inputs, {}
        return
    tmpdir = tempfile.mkdtemp(prefix="lem-stdin-")
    try:
        path = Path(tmpdir) / "stdin.jsonl"
        with open(path, "wb") as fh:
            shutil.copyfileobj(sys.stdin.buffer, fh)
        yield [str(path) if i == "-" else i for i in inputs], {str(path): "<stdin>"}
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)


def _rename(message: str, names: dict[str, str]) -> str:
    for tmp, shown in names.items():
        message = message.replace(tmp, shown)
    return message


def cmd_ingest(args) -> int:
    """Handler of ``ingest``."""
    progress = sys.stderr.isatty() if args.progress is None else args.progress
    if args.out_parquet and args.engine != "dask":
        return _fail("--out-parquet needs --engine dask")
    if args.workers < 1:
        return _fail("--workers must be at least 1")
    if args.chunk is not None and args.engine != "dask":
        return _fail("--chunk needs --engine dask")
    if args.chunk is not None and args.chunk < 1:
        return _fail("--chunk must be at least 1")
    try:
        check_inputs(args.inputs)
    except UsageError as exc:
        return _fail(str(exc))
    with _stdin_spooled(list(args.inputs)) as (inputs, names):
        warnings: list[str] = []

        def warn(msg: str) -> None:
            msg = _rename(msg, names)
            warnings.append(msg)
            print(f"warning: {msg}", file=sys.stderr)

        try:
            if args.engine == "dask":
                from geo.frame import write_geoparquet
                from store.engines import CHUNK_ARTICLES, ClusterError, ingest_dask

                try:
                    report = ingest_dask(
                        inputs,
                        url=args.db,
                        scheduler=args.scheduler,
                        workers=args.workers,
                        chunk_articles=args.chunk or CHUNK_ARTICLES,
                        skip_bad=args.skip_bad,
                        out_parquet=args.out_parquet,
                        write_parquet=write_geoparquet if args.out_parquet else None,
                        progress=progress,
                        date=args.date,
                        source=args.source,
                        warn=warn,
                    )
                except ClusterError as exc:
                    return _fail(str(exc))
            else:
                total = None
                if not args.skip_bad:
                    # check every record first, so bad input leaves the store untouched
                    total = sum(1 for _ in read_articles(inputs, date=args.date, source=args.source))
                store = open_store(args.db)
                try:
                    articles = read_articles(
                        inputs, date=args.date, source=args.source, skip_bad=args.skip_bad, warn=warn
                    )
                    report = store.ingest(articles, skip_bad=args.skip_bad, progress=progress, warn=warn, total=total)
                finally:
                    store.close()
        except InputError as exc:
            return _fail(_rename(str(exc), names))
        except StoreError as exc:
            return _fail(_rename(str(exc), names))
    report = dataclasses.replace(report, bad=tuple(warnings))  # reader's and extractor's, each once
    print(report.summary(), file=sys.stderr)
    return 0


def _check_export_filters(args, store) -> None:
    """``--type``, ``--sub-type`` and ``--actor`` take known values only (a typo would export 0 events)."""
    from events.lexicon import SUB_EVENT_TYPES, load_actors
    from events.models import EVENT_TYPES

    check_choices("--type", args.types, EVENT_TYPES, "event type")
    check_choices(
        "--sub-type", args.sub_types, [s for subs in SUB_EVENT_TYPES.values() for s in subs], "sub-event type"
    )
    if args.actors:
        known = {a.actor for a in load_actors()}
        unknown = [a for a in args.actors if a not in known]
        if unknown:  # actors named in the store but not in the table (older ingests) count as known too
            known |= {x for e in store.events(actors=unknown, include_rejected=True) for x in (e.actor1, e.actor2) if x}
        check_choices("--actor", args.actors, known, "actor")


def cmd_export(args) -> int:
    """Handler of ``export``."""
    to_stdout = args.output == "-"
    fmt = args.format or ("geojson" if to_stdout else _EXT.get(Path(args.output).suffix.lower()))
    if fmt is None:
        return _fail(f"cannot tell the format of {args.output!r}; give --format geojson|csv|gpkg")
    if to_stdout and fmt == "gpkg":
        return _fail("a GeoPackage cannot be written to standard output; give -o FILE.gpkg")
    if args.min_fatalities < 0:
        return _fail("--min-fatalities must not be negative")
    out = Path(args.output)
    if not to_stdout and out.is_dir():
        return _fail(f"{out} is a folder; -o needs a file name")
    if not to_stdout and not out.parent.exists():
        return _fail(f"{out.parent}: no such folder")
    try:
        store = open_store(args.db)
        try:
            _check_export_filters(args, store)
            events = store.events(
                date_from=args.date_from,
                date_to=args.date_to,
                actors=args.actors,
                types=args.types,
                sub_types=args.sub_types,
                admin1=args.admin1,
                sources=args.sources,
                text=args.text,
                min_fatalities=args.min_fatalities,
                include_rejected=args.include_rejected,
            )
            notes = store.correction_notes()
        finally:
            store.close()
    except (StoreError, UsageError) as exc:
        return _fail(str(exc))
    writer = {"geojson": geo.write_geojson, "csv": geo.write_csv, "gpkg": geo.write_gpkg}[fmt]
    try:
        writer(event_dicts(events, notes, rejected=args.include_rejected), "-" if to_stdout else out)
    except BrokenPipeError:  # `export -o - | head`: the reader has what it wanted
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        return _fail(f"{out}: cannot write ({exc.strerror or exc})")
    print(f"{len(events)} events written to {'standard output' if to_stdout else out} ({fmt})", file=sys.stderr)
    return 0


def _span(pair: list) -> str:
    """A (first, last) date pair as "first – last", or "none" for an empty store."""
    return " – ".join(str(x) for x in pair) if pair[0] else "none"


def cmd_stats(args) -> int:
    """Handler of ``stats``."""
    try:
        store = open_store(args.db)
        try:
            s = store.stats()
        finally:
            store.close()
    except StoreError as exc:
        return _fail(str(exc))
    if args.json:
        print(json.dumps(s, ensure_ascii=False, indent=2))
        return 0
    lines = [
        f"store               {s['store']}",
        f"articles            {s['articles']:,} from {s['sources']:,} outlets, published {_span(s['article_dates'])}",
        f"extracted events    {s['extracted_events']:,}",
        f"events (merged)     {s['events']:,} ({s['multi_source_events']:,} reported by several articles), "
        f"dated {_span(s['event_dates'])}",
        f"fatalities          {s['fatalities']:,} (conservative)",
        f"rejected            {s['rejected_events']:,}",
        f"corrections         {s['corrections']:,}",
    ]
    lines += _team_stats_lines(s)
    if s["by_type"]:
        lines.append("by type")
        lines += [f"  {k:<30} {v:,}" for k, v in s["by_type"].items()]
    if s["by_admin1"]:
        lines.append("by district")
        lines += [f"  {k:<30} {v:,}" for k, v in s["by_admin1"].items()]
    print("\n".join(lines))
    return 0


def add_users_command(sub, db_help: str) -> None:
    """Register ``users add|list|remove|passwd``: the dashboard's accounts, kept in the store."""
    from store.users import ROLES

    p = sub.add_parser(
        "users",
        help="dashboard accounts: add, list, remove, passwd",
        description="Manage the dashboard's accounts (stored in the store, passwords as argon2 "
        "hashes). A password is asked twice on a terminal, else read from one line "
        "of standard input.",
    )
    us = p.add_subparsers(dest="users_command", required=True)
    a = us.add_parser("add", help="create an account")
    a.add_argument("name")
    a.add_argument("--role", choices=ROLES, default="viewer", help="viewer (default), editor or admin")
    a.add_argument("--db", metavar="URL", help=db_help)
    a.set_defaults(func=cmd_users)
    ls = us.add_parser("list", help="every account and its role")
    ls.add_argument("--db", metavar="URL", help=db_help)
    ls.set_defaults(func=cmd_users)
    r = us.add_parser("remove", help="delete an account")
    r.add_argument("name")
    r.add_argument("--db", metavar="URL", help=db_help)
    r.set_defaults(func=cmd_users)
    pw = us.add_parser("passwd", help="set a new password")
    pw.add_argument("name")
    pw.add_argument("--db", metavar="URL", help=db_help)
    pw.set_defaults(func=cmd_users)


def _read_password() -> str:
    """Asked twice on a terminal (never echoed), else one line of standard input (for scripts)."""
    import getpass

    if sys.stdin.isatty():
        first = getpass.getpass("password: ")
        if getpass.getpass("again: ") != first:
            raise StoreError("the passwords differ")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def cmd_users(args) -> int:
    """Handler of ``users``."""
    from store import users

    try:
        store = open_store(args.db)
        try:
            if args.users_command == "add":
                users.add_user(store, args.name, args.role, _read_password())
                print(f"user {args.name} added ({args.role})", file=sys.stderr)
            elif args.users_command == "list":
                for u in users.list_users(store):
                    print(f"{u['name']}\t{u['role']}\t{u['created_at']}")
            elif args.users_command == "remove":
                users.remove_user(store, args.name)
                print(f"user {args.name} removed", file=sys.stderr)
            else:
                users.set_password(store, args.name, _read_password())
                print(f"password of {args.name} changed", file=sys.stderr)
        finally:
            store.close()
    except StoreError as exc:
        return _fail(str(exc))
    return 0


def _team_stats_lines(s: dict) -> list[str]:
    """The stats lines of issue #11: undated events (counted, never hidden), revisions, a pending rebuild."""
    out = [
        f"undated events      {s['undated_events']:,} (counted above)",
        f"revisions           {s['revisions']:,} earlier texts of {s['revised_articles']:,} articles",
    ]
    if s.get("needs_deduplication"):
        out.append("note                merged events are rebuilt on the next ingest or correction")
    return out


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry (the package CLI registers the same commands)."""
    parser = argparse.ArgumentParser(prog="python -m cli.store")
    sub = parser.add_subparsers(dest="command", required=True)
    add_store_commands(sub)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
