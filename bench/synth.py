"""Synthetic corpus generator for the store benchmark: realistic Arabic news articles built from the sample
sentences in ``bench/data/synth_templates.tsv`` and real gazetteer places.

Each incident (type, place, day) is reported by one to three outlets in different wording, some a day
later ("أمس"), with filler sentences around it, so ingest exercises extraction and deduplication alike.

    python bench/synth.py -n 10000 -o /tmp/corpus10k.jsonl [--seed 1]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

TEMPLATES = Path(__file__).with_name("data") / "synth_templates.tsv"
#: Real news the ``pool`` corpora cycle through (shared evaluation data, outside the repository).
POOL = Path(__file__).resolve().parents[2] / "shared" / "eval" / "pool" / "articles.jsonl"
EVENT_KINDS = ("airstrike", "shelling", "clash", "bombing", "protest", "abduction")
#: How often each kind of incident happens in the corpus (weights).
KIND_WEIGHTS = (5, 3, 4, 1, 2, 1)
POINT_KINDS = ("city", "town", "village", "neighbourhood", "airbase", "military_camp", "oil_terminal", "port")
WEEKDAYS_AR = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")


def load_templates(path: Path = TEMPLATES) -> dict[str, list[str]]:
    """Templates grouped by kind."""
    out: dict[str, list[str]] = defaultdict(list)
    with open(path, encoding="utf-8") as fh:
        rows = csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t")
        for row in rows:
            out[row["kind"]].append(row["template"])
    return dict(out)


def libyan_places() -> list[tuple[str, str]]:
    """(place_id, Arabic name) of point-like Libyan places in the shipped gazetteer."""
    import gazetteer

    return sorted(
        (p.place_id, p.name_ar)
        for p in gazetteer.load(user=False).places
        if p.in_libya and p.kind in POINT_KINDS and p.name_ar and not p.context_required
    )


def _when(rng: random.Random, incident: dt.date, published: dt.date) -> str:
    if published == incident:
        return rng.choice(("اليوم", "صباح اليوم", "فجر اليوم", "مساء اليوم"))
    return rng.choice(("أمس", "مساء أمس", f"يوم {WEEKDAYS_AR[incident.weekday()]}"))


def generate(n_articles: int, *, seed: int = 1, start: str = "2019-04-01", days: int = 730):
    """Yield ``n_articles`` article records (CONTRACT §1 JSON objects), deterministic for a seed."""
    rng = random.Random(seed)
    t = load_templates()
    places = libyan_places()
    actors, outlets = t["actor"], t["outlet"]
    day0 = dt.date.fromisoformat(start)
    made = 0
    incident_no = 0
    while made < n_articles:
        incident_no += 1
        kind = rng.choices(EVENT_KINDS, KIND_WEIGHTS)[0]
        place_id, place = rng.choice(places)
        day = day0 + dt.timedelta(days=rng.randrange(days))
        a1, a2 = rng.sample(actors, 2)
        deaths = rng.choice((0, 1, 2, 3, 4, 5, 6, 7, 9, 12))
        reports = min(n_articles - made, rng.choices((1, 2, 3), (6, 3, 2))[0])
        for r, outlet in enumerate(rng.sample(outlets, reports)):
            published = day + dt.timedelta(days=rng.choice((0, 0, 1)))
            n = max(1, deaths + rng.choice((0, 0, 0, 1, -1))) if deaths else 2
            fill = {"place": place, "n": n, "actor1": a1, "actor2": a2, "when": _when(rng, day, published)}
            body = [rng.choice(t[kind]).format(**fill)]
            for _ in range(rng.randint(2, 6)):
                body.insert(rng.randint(1, len(body)), rng.choice(t["filler"]))
            made += 1
            yield {
                "id": f"synth-{seed}-{incident_no:07d}-{r}",
                "date": published.isoformat(),
                "source": outlet,
                "url": f"https://example.org/{outlet}/{incident_no}/{r}",
                "title": rng.choice(t[f"title_{kind}"]).format(**fill),
                "text": " ".join(body),
                "_truth": {"kind": kind, "place_id": place_id, "day": day.isoformat(), "incident": incident_no},
            }


def write_corpus(path: str | Path, n_articles: int, *, seed: int = 1, truth: bool = False) -> Path:
    """Write a JSON Lines corpus (without the ``_truth`` member unless asked)."""
    records = generate(n_articles, seed=seed)
    return write_records(path, records if truth else ({k: v for k, v in r.items() if k != "_truth"} for r in records))


def pool_records(pool: str | Path, n_articles: int) -> Iterator[dict]:
    """``n_articles`` records cycling through a JSON Lines corpus of real news (``../shared/eval/pool``, read, never
    copied into the project): each later round gets new ids and, in the title, a tatweel per round, which makes a
    new text for the store while Arabic normalisation drops it, so every copy reads like the original."""
    with open(pool, encoding="utf-8") as fh:  # lines, not splitlines(): texts may hold U+2028
        records = [json.loads(line) for line in fh if line.strip()]
    for i in range(n_articles):
        rec = dict(records[i % len(records)])
        if i >= len(records):
            rec["id"] = f"{rec['id']}~{i // len(records)}"
            rec["title"] = (rec.get("title") or "") + " " + "ـ" * (i // len(records))
        yield rec


def write_records(path: str | Path, records: Iterable[dict]) -> Path:
    """Write records as JSON Lines."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=10_000, help="number of articles")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--truth", action="store_true", help="keep the generator's _truth member per record")
    args = ap.parse_args(argv)
    write_corpus(args.output, args.n, seed=args.seed, truth=args.truth)
    print(f"{args.n} articles written to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.exit(main())
