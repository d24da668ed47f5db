"""``python -m gazetteer match NAME`` / ``tag INPUT... [-o OUT]`` / ``import-geonames`` / ``import-osm``: the commands.

The shell around the gazetteer (``gazetteer/__main__.py`` only calls :func:`main`); ``tag`` reads articles with
``events.io``, which the gazetteer package itself may not import.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from base.errors import run_cli
from base.files import atomic_write, output_errors
from cli.common import UsageError, check_inputs
from events.io import read_articles
from gazetteer.core import GazetteerError, load
from gazetteer.importers import (
    DEFAULT_MAX_KM,
    DumpError,
    ReadStats,
    import_into_user_gazetteer,
    read_admin1_codes,
    read_geonames,
    read_osm,
)


def _cmd_match(args) -> int:
    g = load()
    out = [
        {
            "place_id": c.place.place_id,
            "name": c.place.name_en,
            "name_ar": c.place.name_ar,
            "kind": c.place.kind,
            "lat": c.place.lat,
            "lon": c.place.lon,
            "in_libya": c.place.in_libya,
            "admin1": c.place.admin1,
            "score": c.score,
            "method": c.method,
        }
        for c in g.match(args.name, limit=args.limit)
    ]
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


def _cmd_tag(args) -> int:
    check_inputs(args.inputs)
    from events.extract import vocabulary

    g, words = load(), vocabulary()
    lines = [
        json.dumps(
            {"doc_id": a.doc_id, "places": [m.to_dict() for m in g.tag(a.analysed_text, vocabulary=words)]},
            ensure_ascii=False,
        )
        + "\n"
        for a in read_articles(args.inputs, skip_bad=args.skip_bad)
    ]
    if args.output and args.output != "-":
        with output_errors(args.output), atomic_write(args.output) as fh:
            fh.writelines(lines)
    else:
        sys.stdout.writelines(lines)
    return 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="python -m gazetteer", description="Libyan gazetteer: match names, tag text, import dumps."
    )
    sub = ap.add_subparsers(dest="command", required=True)
    m = sub.add_parser("match", help="best candidates for one name, as JSON")
    m.add_argument("name")
    m.add_argument("--limit", type=int, default=5)
    m.set_defaults(func=_cmd_match)
    t = sub.add_parser("tag", help="place mentions of articles, JSON Lines")
    t.add_argument("inputs", nargs="+", metavar="INPUT")
    t.add_argument("-o", "--output")
    t.add_argument("--skip-bad", action="store_true", help="warn about bad records and go on")
    t.set_defaults(func=_cmd_tag)
    add_import_commands(sub)
    return ap


def main(argv: list[str] | None = None) -> int:
    return run_cli(build_parser(), argv, errors=(GazetteerError, DumpError, UsageError))


# ------------------------------------------------------------------------------------------------ import-geonames, import-osm


def _run_import(args, reader) -> int:
    stats = ReadStats()
    try:
        if not Path(args.file).is_file():
            problem = "no such file" if not Path(args.file).exists() else "not a file"
            raise DumpError(f"{args.file}:1", problem)
        places = list(reader(args.file, stats))
        report = import_into_user_gazetteer(
            places, user_path=args.user_gazetteer, max_km=args.max_km, skipped=stats.n_skipped, dry_run=args.dry_run
        )
    except (DumpError, GazetteerError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"error: {e.filename or args.file}:1: {e.strerror or e}", file=sys.stderr)
        return 2
    print(report.summary() + ("" if report.written else " (unchanged)" if not args.dry_run else " (dry run)"))
    if stats.skipped:
        reasons = ", ".join(f"{n} {why}" for why, n in sorted(stats.skipped.items(), key=lambda kv: -kv[1]))
        print(f"skipped: {reasons}")
    return 0


def _geonames_handler(args) -> int:
    try:
        admin1 = read_admin1_codes(args.admin1) if args.admin1 else None
    except DumpError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"error: {args.admin1}:1: {e.strerror or e}", file=sys.stderr)
        return 2
    return _run_import(args, lambda path, stats: read_geonames(path, admin1=admin1, stats=stats))


def _osm_handler(args) -> int:
    return _run_import(args, lambda path, stats: read_osm(path, stats=stats))


def add_import_commands(subparsers) -> None:
    """Register ``import-geonames`` and ``import-osm`` on an argparse subparsers object."""

    def common(p) -> None:
        p.add_argument(
            "--max-km",
            type=float,
            default=DEFAULT_MAX_KM,
            help="a same-name place closer than this is the same place (default %(default)s)",
        )
        p.add_argument(
            "--user-gazetteer",
            metavar="PATH",
            default=None,
            help="user gazetteer CSV to update (default $LEM_HOME/gazetteer/user_places.csv)",
        )
        p.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")

    g = subparsers.add_parser("import-geonames", help="add places from a GeoNames country dump (e.g. LY.txt)")
    g.add_argument("file", help="GeoNames dump: 19 tab-separated columns (.txt, or the .zip)")
    g.add_argument("--admin1", metavar="FILE", default=None, help="GeoNames admin1CodesASCII.txt for district names")
    common(g)
    g.set_defaults(func=_geonames_handler)

    o = subparsers.add_parser("import-osm", help="add places from an Overpass JSON export")
    o.add_argument("file", help="Overpass JSON ([out:json]; ways/relations need 'out center')")
    common(o)
    o.set_defaults(func=_osm_handler)
