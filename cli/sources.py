"""``python -m events fetch|watch``: the command-line shell around the :mod:`sources` package (issue #13).

``fetch`` reads article links (or saved HTML pages) into the store; ``watch`` polls news feeds. Exit status
0 on success, 2 on unusable input (one line naming the link or file), 1 when ``watch --once`` could not read
a feed at all (each failure is reported on its own line either way).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from base.errors import InputError
from events.models import Article
from store import StoreError, open_store

_DB_HELP = "store: a file path or SQLAlchemy URL (default: $LEM_DB, else $LEM_HOME/events.sqlite)"


def _every(value: str) -> int:
    from sources.schedule import parse_every

    try:
        return parse_every(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _positive(value: str) -> float:
    try:
        v = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    if v < 0:
        raise argparse.ArgumentTypeError(f"{value!r} is negative")
    return v


def add_source_commands(sub) -> None:
    """Register ``fetch`` and ``watch`` on an argparse subparsers object."""
    p = sub.add_parser(
        "fetch",
        help="download article links (or read saved HTML pages) into the store",
        description="Download each article page, keep its main text, title, date and outlet, "
        "and ingest it like any article. A link fetched before is skipped "
        "(--refresh fetches it again).",
    )
    p.add_argument("links", nargs="+", metavar="URL", help="http(s) links, or saved .html files (with --url)")
    p.add_argument("--url", help="the address a saved HTML file was downloaded from")
    p.add_argument("--date", help="publication date YYYY-MM-DD for pages that give none")
    p.add_argument("--source", help="outlet name (default: the site's name)")
    p.add_argument("--skip-bad", action="store_true", help="report pages that are not articles and go on")
    p.add_argument("--refresh", action="store_true", help="fetch links again even if fetched before")
    p.add_argument("--timeout", type=_positive, default=20.0, metavar="S", help="seconds to wait for a site (20)")
    p.add_argument(
        "--delay", type=_positive, default=1.0, metavar="S", help="seconds between two requests to one site (1)"
    )
    p.add_argument("--db", metavar="URL", help=_DB_HELP)
    p.set_defaults(func=cmd_fetch)

    p = sub.add_parser(
        "watch",
        help="poll RSS/Atom feeds and ingest their new articles",
        description="Poll each feed on an interval, fetch its new entries and ingest them. "
        "Feeds given are added to those the store follows; per-feed state "
        "(last entry, ETag, errors, next poll) is kept in the store.",
    )
    p.add_argument(
        "feeds",
        nargs="*",
        metavar="FEEDS",
        help="feed URLs, or files of feed URLs (one a line); none: the feeds the store follows",
    )
    p.add_argument(
        "--every",
        type=_every,
        default=900,
        metavar="INTERVAL",
        help="poll interval: 15m (default), 1h, 1d; failing feeds back off exponentially",
    )
    p.add_argument("--once", action="store_true", help="poll every feed once and exit (for cron)")
    p.add_argument("--refresh", action="store_true", help="fetch entries again even if fetched before")
    p.add_argument("--timeout", type=_positive, default=20.0, metavar="S", help="seconds to wait for a site (20)")
    p.add_argument(
        "--delay", type=_positive, default=1.0, metavar="S", help="seconds between two requests to one site (1)"
    )
    p.add_argument("--db", metavar="URL", help=_DB_HELP)
    p.set_defaults(func=cmd_watch)


def _warn(msg: str) -> None:
    print(f"warning: {msg}", file=sys.stderr)


def _page_file(path: Path, args: argparse.Namespace) -> tuple[str, Article]:
    """(url, Article) of a saved HTML page; InputError naming the file when it cannot be one."""
    from sources.pages import MAX_PAGE_BYTES, NotArticle, extract_page
    from sources.urls import BadURL, check_url

    if not args.url:
        raise InputError(f"{path}:0", "a saved page needs the address it came from: add --url URL")
    try:
        url = check_url(args.url)
    except BadURL as exc:
        raise InputError("--url", str(exc)) from None
    if path.stat().st_size > MAX_PAGE_BYTES:
        raise InputError(f"{path}:0", f"file is larger than {MAX_PAGE_BYTES:,} bytes; not an article page")
    try:
        return url, extract_page(path.read_bytes(), url=url, date=args.date, source=args.source)
    except NotArticle as exc:
        raise InputError(f"{path}:0", exc.reason) from None
    except OSError as exc:
        raise InputError(f"{path}:0", f"cannot read ({exc.strerror})") from None


def _need_feeds(command: str) -> None:
    """Stop in one line, before anything is read, when the ``feeds`` extra is not installed."""
    from sources import FEEDS_INSTALL, missing_modules

    if missing := missing_modules():
        raise InputError(command, f"live sources need the feeds extra: {FEEDS_INSTALL} (missing: {', '.join(missing)})")


def cmd_fetch(args) -> int:
    """Handler of ``fetch``: without --skip-bad, one bad link stops it before anything is stored."""
    _need_feeds("fetch")
    from events.io import parse_date
    from sources.follow import Follower
    from sources.http import Fetcher
    from sources.urls import canonical_url

    args.date = parse_date(args.date, "--date") if args.date else None
    files = [Path(x) for x in args.links if "://" not in x]
    links = [x for x in args.links if "://" in x]
    if len(files) > 1 and args.url:
        raise InputError("--url", "names the address of one saved page; give one file at a time")
    pages = []
    problems: list[str] = []
    for f in files:
        if not f.is_file():
            raise InputError(f"{f}:0", "no such file (give an http(s) link or a saved .html page)")
        try:
            pages.append(_page_file(f, args))
        except InputError as exc:
            if not args.skip_bad:
                raise
            problems.append(str(exc))
            _warn(str(exc))
    try:
        store = open_store(args.db)
    except StoreError as exc:
        raise InputError(args.db or "store", str(exc)) from None
    try:
        follower = Follower(
            store,
            Fetcher(timeout=args.timeout, gap=args.delay),
            refresh=args.refresh,
            warn=_warn if args.skip_bad else (lambda m: None),
        )
        out = follower.collect(links, source=args.source, record_bad=args.skip_bad)
        if out.problems and not args.skip_bad:
            print(f"error: {out.problems[0]}", file=sys.stderr)
            more = len(out.problems) - 1
            if more:
                print(
                    f"error: … and {more} more bad link(s); nothing was stored (--skip-bad stores the rest)",
                    file=sys.stderr,
                )
            return 2
        for url, art in pages:
            out.articles.append((canonical_url(url), canonical_url(art.url or url), url, None, art))
        follower.store_articles(out)
    finally:
        store.close()
    problems += out.problems
    print(
        f"fetch: {len(out.articles)} pages read, {out.new_articles} new articles, {out.new_events} new events, "
        f"{out.seen} fetched before, {len(problems)} bad",
        file=sys.stderr,
    )
    return 0


def cmd_watch(args) -> int:
    """Handler of ``watch``: a summary line per poll; ``--once`` exits 1 when a feed could not be read."""
    _need_feeds("watch")
    from sources.follow import Follower, read_feed_list
    from sources.http import Fetcher

    urls = read_feed_list(args.feeds)
    try:
        store = open_store(args.db)
    except StoreError as exc:
        raise InputError(args.db or "store", str(exc)) from None
    try:
        follower = Follower(store, Fetcher(timeout=args.timeout, gap=args.delay), refresh=args.refresh)
        if not urls and not follower.log.feeds():
            raise InputError("watch", "no feeds: give feed URLs or a file of them (the store follows none yet)")

        def report(r) -> None:
            print(f"poll {r.summary()}", file=sys.stderr)
            for p in r.problems:
                print(f"  error: {p}", file=sys.stderr)

        reports = follower.watch(urls, every=args.every, once=args.once, report=report)
    finally:
        store.close()
    failed = [r for r in reports if not r.ok]
    print(
        f"watch: {len(reports)} feeds polled, {len(failed)} not read; "
        f"{sum(r.new_articles for r in reports)} new articles, {sum(r.new_events for r in reports)} new events, "
        f"{sum(len(r.problems) for r in reports)} entry errors",
        file=sys.stderr,
    )
    return 1 if failed else 0
