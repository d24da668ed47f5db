"""Scoring against gold annotations exactly as CONTRACT §5 defines it, number for number as ../shared/eval/score.py.

Per article: places (in Libya, with coordinates, not of kind region/country, points within 0.5 km counted
once) match within 10 km; events with coordinates match within 25 km when their ``event_type`` is equal;
both closest first, each side used once. On matched event pairs: equal sub-type, date and fatalities, and
actors compared by family (``data/actor_families.tsv``). Everything is micro-averaged over the articles.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from base.errors import InputError

if TYPE_CHECKING:
    from gazetteer import Gazetteer

VAGUE = ("region", "country")  # too vague to score as a point
PLACE_KM, EVENT_KM, SAME_POINT_KM = 10.0, 25.0, 0.5
FAMILIES_TSV = Path(__file__).resolve().parent / "data" / "actor_families.tsv"


# --------------------------------------------------------------------------------------------- actors


class ActorFamilies:
    """Actor name → family: the first pattern that matches (case-insensitive ``re.search``), else the name
    lower-cased with spaces collapsed. A gold name with " / " lists alternatives."""

    def __init__(self, rows: list[tuple[str, re.Pattern[str]]]):
        self.rows = rows

    @classmethod
    def read(cls, path: str | Path) -> ActorFamilies:
        rows = []
        try:
            text = Path(path).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise InputError(f"{path}:1", "not UTF-8 text") from None
        except OSError as exc:
            raise InputError(f"{path}:0", f"cannot read ({exc.strerror})") from None
        for n, line in enumerate(text.splitlines(), 1):
            if not line or line.startswith(("#", "family\t")):
                continue
            parts = line.split("\t")
            if len(parts) != 2 or not parts[0] or not parts[1]:
                raise InputError(f"{path}:{n}", "expected 'family<TAB>pattern'")
            try:
                rows.append((parts[0], re.compile(parts[1], re.I)))
            except re.error as exc:
                raise InputError(f"{path}:{n}", f"bad pattern ({exc})") from None
        return cls(rows)

    def family(self, name: str) -> str:
        for fam, rx in self.rows:
            if rx.search(name):
                return fam
        return " ".join(name.lower().split())

    def compare(self, gold_ev: dict[str, Any], pred_ev: dict[str, Any]) -> tuple[int, int, int, list[str], list[str]]:
        """(gold actors found, gold actors, distinct predicted families, gold names not found,
        predicted names whose family no gold actor has) for one matched pair."""
        pred_names = [a for a in (pred_ev.get("actor1"), pred_ev.get("actor2")) if a]
        gold_names = [a for a in (gold_ev.get("actor1"), gold_ev.get("actor2")) if a]
        pred = {self.family(a) for a in pred_names}
        gold = [{self.family(x) for x in a.split(" / ")} for a in gold_names]
        missed = [name for name, alts in zip(gold_names, gold, strict=True) if not alts & pred]
        gold_fams = set().union(*gold) if gold else set()
        extra = [a for a in pred_names if self.family(a) not in gold_fams]
        return sum(1 for alts in gold if alts & pred), len(gold), len(pred), missed, extra


_families_cache: dict[str, ActorFamilies] = {}


def load_families(path: str | Path | None = None) -> ActorFamilies:
    """The shipped family table (or ``path``), read once per process."""
    key = str(Path(path or FAMILIES_TSV).resolve())
    if key not in _families_cache:
        _families_cache[key] = ActorFamilies.read(key)
    return _families_cache[key]


# --------------------------------------------------------------------------------------------- tallies


@dataclass
class Tally:
    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Tally) -> None:
        self.tp += other.tp
        self.n_pred += other.n_pred
        self.n_gold += other.n_gold


@dataclass
class Scores:
    places: Tally = field(default_factory=Tally)
    events: Tally = field(default_factory=Tally)
    actors: Tally = field(default_factory=Tally)  # tp = gold actors found, n_pred = distinct predicted families
    pairs: int = 0
    same_sub_type: int = 0
    same_date: int = 0
    same_fatalities: int = 0
    articles: int = 0
    missing_articles: int = 0  # gold articles without an article text (scored as finding nothing)
    per_article: list[dict[str, Any]] = field(default_factory=list)
    name: str = ""

    def add(self, other: Scores) -> None:
        for k in ("places", "events", "actors"):
            getattr(self, k).add(getattr(other, k))
        for k in ("pairs", "same_sub_type", "same_date", "same_fatalities", "articles", "missing_articles"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        self.per_article.extend(other.per_article)

    def share(self, k: int) -> float | None:
        return k / self.pairs if self.pairs else None

    def as_dict(self) -> dict[str, Any]:
        def t(x: Tally) -> dict[str, Any]:
            return {
                "precision": round(x.precision, 4),
                "recall": round(x.recall, 4),
                "f1": round(x.f1, 4),
                "tp": x.tp,
                "predicted": x.n_pred,
                "gold": x.n_gold,
            }

        def share(k: int) -> float | None:
            s = self.share(k)
            return None if s is None else round(s, 4)

        return {
            "articles": self.articles,
            "places": t(self.places),
            "events": t(self.events),
            "matched_pairs": self.pairs,
            "sub_event_type_accuracy": share(self.same_sub_type),
            "event_date_accuracy": share(self.same_date),
            "fatalities_accuracy": share(self.same_fatalities),
            "actors": t(self.actors),
            "missing_articles": self.missing_articles,
        }


# --------------------------------------------------------------------------------------------- matching


def km(a: dict[str, Any], b: dict[str, Any]) -> float:
    """Great-circle distance of two records' lat/lon, computed as score.py does (same float operations)."""
    la1, lo1, la2, lo2 = a["lat"], a["lon"], b["lat"], b["lon"]
    p = math.pi / 180
    h = math.sin((la2 - la1) * p / 2) ** 2 + math.cos(la1 * p) * math.cos(la2 * p) * math.sin((lo2 - lo1) * p / 2) ** 2
    return 12742 * math.asin(min(1, math.sqrt(h)))


def greedy(
    gold: list[dict[str, Any]],
    pred: list[dict[str, Any]],
    limit: float,
    ok: Callable[[dict[str, Any], dict[str, Any]], bool] = lambda g, p: True,
) -> list[tuple[int, int]]:
    """(gold index, predicted index) pairs within ``limit`` km, closest first, each side used once."""
    cands = sorted(
        (d, i, j) for i, g in enumerate(gold) for j, p in enumerate(pred) if ok(g, p) and (d := km(g, p)) <= limit
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    out: list[tuple[int, int]] = []
    for _, i, j in cands:
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        out.append((i, j))
    return out


def distinct_points(records: list[dict[str, Any]], eps: float = SAME_POINT_KM) -> list[dict[str, Any]]:
    """The records in order, leaving out any within ``eps`` km of one already kept."""
    out: list[dict[str, Any]] = []
    for r in records:
        if all(km(r, q) > eps for q in out):
            out.append(r)
    return out


def scored_places(places: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return distinct_points(
        [p for p in places if p.get("in_libya") and p.get("lat") is not None and p.get("kind") not in VAGUE]
    )


def scored_events(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for e in events if e.get("lat") is not None]


# --------------------------------------------------------------------------------------------- describing


def _place(p: dict[str, Any]) -> str:
    name = p.get("name_en") or p.get("name")
    surface = p.get("surface")
    return " / ".join(x for x in (surface, name) if x) or f"({p.get('lat')}, {p.get('lon')})"


def _event(e: dict[str, Any]) -> str:
    where = e.get("location") or e.get("location_ar") or f"({e.get('lat')}, {e.get('lon')})"
    return f"{e.get('event_type')} / {e.get('sub_event_type')} at {where}, {e.get('event_date')}"


def _pair_problems(g: dict[str, Any], p: dict[str, Any], actors: tuple[Any, ...]) -> list[str]:
    at = f"{g.get('event_type')} at {g.get('location') or p.get('location')}, {g.get('event_date')}"
    out = []
    if g.get("sub_event_type") != p.get("sub_event_type"):
        out.append(f"wrong sub-type [{at}]: gold {g.get('sub_event_type')!r}, predicted {p.get('sub_event_type')!r}")
    if g.get("event_date") != p.get("event_date"):
        out.append(f"wrong date [{at}]: gold {g.get('event_date')}, predicted {p.get('event_date')}")
    if int(g.get("fatalities") or 0) != int(p.get("fatalities") or 0):
        out.append(f"wrong fatalities [{at}]: gold {g.get('fatalities')}, predicted {p.get('fatalities')}")
    _, _, _, missed, extra = actors
    if missed or extra:

        def names(e: dict[str, Any]) -> str:
            return " + ".join(repr(a) for a in (e.get("actor1"), e.get("actor2")) if a) or "none"

        what = "; ".join(
            x
            for x in (
                missed and "missed " + ", ".join(map(repr, missed)),
                extra and "extra " + ", ".join(map(repr, extra)),
            )
            if x
        )
        out.append(f"wrong actors [{at}]: gold {names(g)} vs predicted {names(p)} ({what})")
    return out


# --------------------------------------------------------------------------------------------- scoring


def score_article(
    analysis: dict[str, Any], gold: dict[str, Any], scores: Scores, families: ActorFamilies | None = None
) -> dict[str, Any]:
    """Add one article's matches to ``scores``; returns the article's own counts and its problems."""
    fam = families or load_families()
    gp, pp = scored_places(gold.get("places") or []), scored_places(analysis.get("places") or [])
    mp = greedy(gp, pp, PLACE_KM)
    scores.places.tp += len(mp)
    scores.places.n_pred += len(pp)
    scores.places.n_gold += len(gp)
    ge, pe = scored_events(gold.get("events") or []), scored_events(analysis.get("events") or [])
    me = greedy(ge, pe, EVENT_KM, lambda g, p: g.get("event_type") == p.get("event_type"))
    scores.events.tp += len(me)
    scores.events.n_pred += len(pe)
    scores.events.n_gold += len(ge)
    problems = []
    for i, j in me:
        g, p = ge[i], pe[j]
        scores.pairs += 1
        scores.same_sub_type += g.get("sub_event_type") == p.get("sub_event_type")
        scores.same_date += g.get("event_date") == p.get("event_date")
        scores.same_fatalities += int(g.get("fatalities") or 0) == int(p.get("fatalities") or 0)
        actors = fam.compare(g, p)
        scores.actors.tp += actors[0]
        scores.actors.n_gold += actors[1]
        scores.actors.n_pred += actors[2]
        problems += _pair_problems(g, p, actors)
    scores.articles += 1
    hit_gp, hit_pp = {i for i, _ in mp}, {j for _, j in mp}
    hit_ge, hit_pe = {i for i, _ in me}, {j for _, j in me}
    row = {
        "doc_id": gold.get("doc_id") or gold.get("id"),
        "places_tp": len(mp),
        "places_pred": len(pp),
        "places_gold": len(gp),
        "events_tp": len(me),
        "events_pred": len(pe),
        "events_gold": len(ge),
        "missed_places": [_place(x) for i, x in enumerate(gp) if i not in hit_gp],
        "extra_places": [_place(x) for j, x in enumerate(pp) if j not in hit_pp],
        "missed_events": [_event(x) for i, x in enumerate(ge) if i not in hit_ge],
        "extra_events": [_event(x) for j, x in enumerate(pe) if j not in hit_pe],
        "pair_problems": problems,
    }
    scores.per_article.append(row)
    return row


def score(
    gold: dict[str, dict[str, Any]],
    analyses: dict[str, dict[str, Any]],
    families: ActorFamilies | None = None,
    name: str = "",
) -> Scores:
    """Score ``analyses`` (doc id → CONTRACT §3 analysis) against ``gold`` (doc id → gold record).
    A gold article without an analysis counts as one that found nothing, as in score.py."""
    s = Scores(name=name)
    for doc, g in gold.items():
        a = analyses.get(doc)
        if a is None:
            s.missing_articles += 1
            a = {"places": [], "events": []}
        score_article(a, g, s, families)
    return s


# --------------------------------------------------------------------------------------------- input


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    return [r for _, r in _read_jsonl_lines(path)]


def _read_jsonl_lines(path: str | Path) -> list[tuple[int, Any]]:
    out = []
    try:
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if line.strip():
                    try:
                        out.append((n, json.loads(line)))
                    except json.JSONDecodeError as exc:
                        raise InputError(f"{path}:{n}", f"malformed JSON ({exc.msg})") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}:1", "not UTF-8 text") from None
    except OSError as exc:
        raise InputError(f"{path}:0", f"cannot read ({exc.strerror})") from None
    return out


def _check_gold(r: object) -> str | None:
    """What makes one gold record unusable, or None."""
    if not isinstance(r, dict):
        return "a gold record must be a JSON object"
    if not isinstance(r.get("doc_id") or r.get("id"), str):
        return "gold record without a 'doc_id'"
    for key in ("places", "events"):
        items = r.get(key)
        if items is None:
            continue
        if not isinstance(items, list) or not all(isinstance(x, dict) for x in items):
            return f"'{key}' must be a list of objects"
        for x in items:
            if x.get("lat") is not None and not all(
                isinstance(x.get(c), (int, float)) and not isinstance(x.get(c), bool) for c in ("lat", "lon")
            ):
                return f"{key[:-1]} with non-numeric lat/lon"
            if key == "events" and not isinstance(x.get("event_type"), str):
                return "event without an 'event_type'"
            if key == "events" and x.get("fatalities") not in (None, "") and not _is_int(x.get("fatalities")):
                return f"event with fatalities {x.get('fatalities')!r}, not a whole number"
    return None


def _is_int(v: Any) -> bool:
    try:
        int(v)
        return True
    except (TypeError, ValueError):
        return False


def load_gold(path: str | Path) -> dict[str, dict[str, Any]]:
    """doc id → gold record (a later line with the same id wins, as in score.py); a bad line is an InputError."""
    gold: dict[str, dict[str, Any]] = {}
    for n, r in _read_jsonl_lines(path):
        problem = _check_gold(r)
        if problem:
            raise InputError(f"{path}:{n}", problem)
        gold[r.get("doc_id") or r.get("id")] = r
    return gold


def default_articles_path(gold: Path) -> Path | None:
    """The articles file beside a gold file: x_gold.jsonl → x_article(s).jsonl, gold.jsonl → articles.jsonl."""
    for name in (gold.name.replace("gold", "articles"), gold.name.replace("gold", "article"), "articles.jsonl"):
        cand = gold.with_name(name)
        if cand != gold and cand.exists():
            return cand
    return None


def evaluate(
    gold_path: str | Path,
    articles_path: str | Path | None = None,
    *,
    gazetteer: Gazetteer | None = None,
    families: ActorFamilies | str | Path | None = None,
    name: str = "",
    disable: tuple[str, ...] = (),
) -> Scores:
    """Analyse the gold file's articles and score them (``disable``: extraction stages to switch off)."""
    from .extract import analyse
    from .io import read_articles

    gold_path = Path(gold_path)
    gold = load_gold(gold_path)
    articles_path = articles_path or default_articles_path(gold_path)
    if articles_path is None:
        raise InputError(f"{gold_path}:0", "no articles file beside it; pass --articles")
    if not isinstance(families, ActorFamilies):
        families = load_families(families)
    analyses = {
        art.doc_id: analyse(art, gazetteer=gazetteer, disable=disable)
        for art in read_articles([articles_path])
        if art.doc_id in gold
    }
    return score(gold, analyses, families, name=name or set_name(gold_path))


def set_name(path: str | Path) -> str:
    """dev/ or dev/gold.jsonl → 'dev'; seed_gold.jsonl → 'seed'."""
    p = Path(path)
    if p.is_dir() or p.name == "gold.jsonl":
        return (p if p.is_dir() else p.parent).resolve().name
    stem = p.name.removesuffix(".jsonl")
    return re.sub(r"[_-]?gold$", "", stem) or stem


def resolve_set(path: str | Path) -> tuple[Path, Path | None]:
    """(gold file, articles file or None) for a gold file or an eval folder."""
    p = Path(path)
    if p.is_dir():
        gold = p / "gold.jsonl"
        if not gold.is_file():
            raise InputError(f"{p}:0", "no gold.jsonl in this folder")
        arts = p / "articles.jsonl"
        if not arts.is_file():
            raise InputError(f"{p}:0", "no articles.jsonl in this folder")
        return gold, arts
    if not p.exists():
        raise InputError(f"{p}:0", "no such file or folder")
    return p, None


def evaluate_sets(
    paths: list[str | Path],
    articles: str | Path | None = None,
    *,
    gazetteer: Gazetteer | None = None,
    families: str | Path | None = None,
) -> list[Scores]:
    """Score each gold file or eval folder; each result's ``name`` is unique among them."""
    if articles is not None and len(paths) != 1:
        raise InputError("--articles", "only with a single GOLD.jsonl")
    fam = load_families(families)
    resolved = [resolve_set(p) for p in paths]
    names = [set_name(p) for p in paths]
    names = [n if names.count(n) == 1 and n != "total" else str(p) for n, p in zip(names, paths, strict=True)]
    return [
        evaluate(g, articles or a, gazetteer=gazetteer, families=fam, name=n)
        for (g, a), n in zip(resolved, names, strict=True)
    ]


def total(sets: list[Scores]) -> Scores:
    """All sets pooled (micro-averaged as one set)."""
    t = Scores(name="total")
    for s in sets:
        t.add(s)
    return t


# --------------------------------------------------------------------------------------------- output


def _f(v: float | None) -> str:
    return "  n/a" if v is None else f"{v:.3f}"


def format_table(sets: list[Scores]) -> str:
    """One row per set (and a pooled row when there are several)."""
    rows = list(sets) + ([total(sets)] if len(sets) > 1 else [])
    w = max([len(s.name) for s in rows] + [3])
    head = (
        f"{'set':<{w}} {'arts':>4} | {'places P':>8} {'R':>5} {'F1':>5} | {'events P':>8} {'R':>5} {'F1':>5} "
        f"{'tp/pred/gold':>12} | {'sub':>5} {'date':>5} {'fatal':>5} | {'actors P':>8} {'R':>5} {'F1':>5}"
    )
    lines = [head, "-" * len(head)]
    for s in rows:
        pl, ev, ac = s.places, s.events, s.actors
        lines.append(
            f"{s.name:<{w}} {s.articles:>4} | {pl.precision:>8.3f} {pl.recall:>5.3f} {pl.f1:>5.3f} | "
            f"{ev.precision:>8.3f} {ev.recall:>5.3f} {ev.f1:>5.3f} {f'{ev.tp}/{ev.n_pred}/{ev.n_gold}':>12} | "
            f"{_f(s.share(s.same_sub_type)):>5} {_f(s.share(s.same_date)):>5} {_f(s.share(s.same_fatalities)):>5} | "
            f"{ac.precision:>8.3f} {ac.recall:>5.3f} {ac.f1:>5.3f}"
        )
    for s in sets:
        if s.missing_articles:
            lines.append(
                f"{s.name}: {s.missing_articles} gold article(s) without an article text, scored as finding nothing"
            )
    return "\n".join(lines)


def format_details(s: Scores) -> str:
    """Per article: missed and extra places and events, and what is wrong on matched event pairs."""
    out = [f"== {s.name} =="] if s.name else []
    for row in s.per_article:
        items = (
            [f"missed place: {x}" for x in row["missed_places"]]
            + [f"extra place:  {x}" for x in row["extra_places"]]
            + [f"missed event: {x}" for x in row["missed_events"]]
            + [f"extra event:  {x}" for x in row["extra_events"]]
            + row["pair_problems"]
        )
        if not items:
            continue
        out.append(
            f"{row['doc_id']}  (places {row['places_tp']}/{row['places_pred']}/{row['places_gold']}, "
            f"events {row['events_tp']}/{row['events_pred']}/{row['events_gold']} tp/pred/gold)"
        )
        out += [f"  {x}" for x in items]
    return "\n".join(out)


def scores_json(sets: list[Scores], verbose: bool = False) -> dict[str, Any]:
    """One set: its scores (today's shape); several: a dict keyed by set name, with 'total'."""

    def one(s: Scores) -> dict[str, Any]:
        d = s.as_dict()
        if verbose:
            d["per_article"] = s.per_article
        return d

    if len(sets) == 1:
        return one(sets[0])
    return {**{s.name: one(s) for s in sets}, "total": total(sets).as_dict()}


def format_scores(s: Scores) -> str:
    return format_table([s])
