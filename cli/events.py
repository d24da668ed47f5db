"""``python -m events``: extract and evaluate (here), and the store's ingest / export / stats (``cli/store.py``).

The shell around the events package (``events/__main__.py`` only calls :func:`main`); it may import every layer.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import geo
from base.errors import InputError, run_cli
from base.files import atomic_write, output_errors
from events.evaluate import evaluate_sets, format_details, format_table, scores_json
from events.extract import analyse, extract
from events.io import read_articles
from gazetteer import GazetteerError, load

from .common import UsageError, check_inputs
from .sources import add_source_commands
from .store import _rename, _stdin_spooled, add_store_commands


def _counted(items, counter: list[int]):
    """Pass ``items`` through, counting them in ``counter[0]`` (for the one-line summary)."""
    for item in items:
        counter[0] += 1
        yield item


def _cmd_extract(args) -> int:
    if args.output and args.output != "-":
        with output_errors(args.output):  # a folder, /proc, a full disk: one line, exit 2
            return _extract(args)
    return _extract(args)


def _extract(args) -> int:
    check_inputs(args.inputs)
    out = args.output
    suffix = Path(out).suffix.lower() if out and out != "-" else ".jsonl"
    if suffix not in (".geojson", ".csv", ".gpkg", ".jsonl", ".json"):
        raise UsageError(f"unknown output format {suffix!r} for {out} (use .geojson, .jsonl, .csv or .gpkg)")
    g = load()
    with _stdin_spooled(list(args.inputs)) as (inputs, names):
        try:
            if not args.skip_bad and not (out and out != "-"):
                # standard output cannot be taken back: check every record before writing the first line
                for _ in read_articles(inputs, date=args.date, source=args.source):
                    pass
            n_articles = [0]
            arts = _counted(
                read_articles(inputs, date=args.date, source=args.source, skip_bad=args.skip_bad), n_articles
            )
            if suffix in (".geojson", ".csv", ".gpkg"):
                events = [e for a in arts for e in extract(a, gazetteer=g)]
                writer = {".geojson": geo.write_geojson, ".csv": geo.write_csv, ".gpkg": geo.write_gpkg}[suffix]
                writer(events, out)
                n_events = len(events)
            else:
                n_events = 0
                analyses = (analyse(a, gazetteer=g) for a in arts)
                if out and out != "-":
                    with atomic_write(out) as fh:
                        for doc in analyses:
                            n_events += len(doc["events"])
                            fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
                else:
                    for doc in analyses:
                        sys.stdout.write(json.dumps(doc, ensure_ascii=False) + "\n")
        except InputError as exc:
            raise UsageError(_rename(str(exc), names)) from None
    if out and out != "-":
        print(f"{n_events} events from {n_articles[0]} articles → {out}", file=sys.stderr)
    return 0


def _cmd_evaluate(args) -> int:
    sets = evaluate_sets(args.gold, args.articles, families=args.families)
    if args.json:
        json.dump(scores_json(sets, verbose=args.verbose), sys.stdout, indent=1, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    print(format_table(sets))
    if args.verbose:
        for s in sets:
            print("\n" + format_details(s))
    return 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="python -m events", description="Extract, score, store and export Libyan conflict events."
    )
    sub = ap.add_subparsers(dest="command", required=True)
    e = sub.add_parser("extract", help="analyse articles; JSON Lines to stdout, or -o OUT (.geojson/.jsonl/.csv/.gpkg)")
    e.add_argument("inputs", nargs="+", metavar="INPUT", help=".jsonl, .txt, a folder, or - for stdin")
    e.add_argument("-o", "--output", metavar="OUT")
    e.add_argument("--date", help="publication date YYYY-MM-DD for .txt input")
    e.add_argument("--source", help="outlet name for articles that have none")
    e.add_argument("--skip-bad", action="store_true", help="warn about bad records and go on")
    e.set_defaults(func=_cmd_extract)
    v = sub.add_parser("evaluate", help="score against gold annotations (CONTRACT §5)")
    v.add_argument(
        "gold", nargs="+", metavar="GOLD", help="gold .jsonl files and/or eval folders (gold.jsonl + articles.jsonl)"
    )
    v.add_argument("--articles", metavar="ARTICLES.jsonl", help="the articles of a single gold file")
    v.add_argument("--families", metavar="PATH", help="actor family table (default: the shipped actor_families.tsv)")
    v.add_argument("--json", action="store_true", help="print the scores as JSON")
    v.add_argument("-v", "--verbose", action="store_true", help="also list, per article, what was missed or wrong")
    v.set_defaults(func=_cmd_evaluate)
    add_store_commands(sub)
    add_source_commands(sub)  # fetch, watch (live sources)
    return ap


def main(argv: list[str] | None = None) -> int:
    return run_cli(build_parser(), argv, errors=(GazetteerError, UsageError))
