"""``python -m gazetteer match NAME`` / ``tag INPUT... [-o OUT]`` / ``import-geonames`` / ``import-osm``."""
from __future__ import annotations

import argparse
import json
import sys

from .core import GazetteerError, load


def _cmd_match(args) -> int:
    g = load()
    out = [{"place_id": c.place.place_id, "name": c.place.name_en, "name_ar": c.place.name_ar,
            "kind": c.place.kind, "lat": c.place.lat, "lon": c.place.lon, "in_libya": c.place.in_libya,
            "admin1": c.place.admin1, "score": c.score, "method": c.method} for c in g.match(args.name, limit=args.limit)]
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


def _cmd_tag(args) -> int:
    from base.files import atomic_write
    from events.io import read_articles

    g = load()
    lines = [json.dumps({"doc_id": a.doc_id, "places": [m.to_dict() for m in g.tag(a.analysed_text)]},
                        ensure_ascii=False) + "\n"
             for a in read_articles(args.inputs, skip_bad=args.skip_bad)]
    if args.output and args.output != "-":
        with atomic_write(args.output) as fh:
            fh.writelines(lines)
    else:
        sys.stdout.writelines(lines)
    return 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m gazetteer", description="Libyan gazetteer: match names, tag text, import dumps.")
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
    from .importers import add_import_commands

    add_import_commands(sub)
    return ap


def main(argv: list[str] | None = None) -> int:
    from base.errors import run_cli

    from .importers import DumpError

    return run_cli(build_parser(), argv, errors=(GazetteerError, DumpError))


if __name__ == "__main__":
    sys.exit(main())
