"""Scoring against gold annotations exactly as CONTRACT §5 defines it (places within 10 km, events within 25 km)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from gazetteer import haversine_km

from base.errors import InputError

_VAGUE = ("region", "country")


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


@dataclass
class Scores:
    places: Tally = field(default_factory=Tally)
    events: Tally = field(default_factory=Tally)
    pairs: int = 0
    same_sub_type: int = 0
    same_date: int = 0
    same_fatalities: int = 0
    articles: int = 0
    per_article: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        def t(x: Tally) -> dict:
            return {"precision": round(x.precision, 4), "recall": round(x.recall, 4), "f1": round(x.f1, 4),
                    "tp": x.tp, "predicted": x.n_pred, "gold": x.n_gold}
        share = (lambda k: round(k / self.pairs, 4) if self.pairs else None)
        return {"articles": self.articles, "places": t(self.places), "events": t(self.events),
                "matched_pairs": self.pairs, "sub_event_type_accuracy": share(self.same_sub_type),
                "event_date_accuracy": share(self.same_date), "fatalities_accuracy": share(self.same_fatalities)}


def _greedy(pred: list, gold: list, max_km: float, compatible=lambda p, g: True) -> list[tuple]:
    """Pairs (pred, gold) matched closest first, each side used once."""
    cands = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            if p.get("lat") is None or g.get("lat") is None or not compatible(p, g):
                continue
            d = haversine_km(p["lat"], p["lon"], g["lat"], g["lon"])
            if d <= max_km:
                cands.append((d, i, j))
    used_p, used_g, pairs = set(), set(), []
    for d, i, j in sorted(cands):
        if i not in used_p and j not in used_g:
            used_p.add(i), used_g.add(j)
            pairs.append((pred[i], gold[j]))
    return pairs


def _distinct(places: list[dict], key) -> list[dict]:
    seen, out = set(), []
    for p in places:
        k = key(p)
        if k not in seen:
            seen.add(k)
            out.append(p)
    return out


def score_article(analysis: dict, gold: dict, scores: Scores) -> dict:
    """Add one article's place and event matches to ``scores``; returns the article's own counts."""
    gp = _distinct([p for p in gold.get("places", []) if p.get("in_libya") and p.get("lat") is not None
                    and p.get("kind") not in _VAGUE], lambda p: (round(p["lat"], 4), round(p["lon"], 4)))
    pp = _distinct([p for p in analysis.get("places", []) if p.get("in_libya") and p.get("kind") not in _VAGUE],
                   lambda p: p.get("place_id") or (p["lat"], p["lon"]))
    place_pairs = _greedy(pp, gp, 10.0)
    scores.places.tp += len(place_pairs)
    scores.places.n_pred += len(pp)
    scores.places.n_gold += len(gp)
    ge, pe = gold.get("events", []), analysis.get("events", [])
    ev_pairs = _greedy(pe, ge, 25.0, lambda p, g: p.get("event_type") == g.get("event_type"))
    scores.events.tp += len(ev_pairs)
    scores.events.n_pred += len(pe)
    scores.events.n_gold += len(ge)
    for p, g in ev_pairs:
        scores.pairs += 1
        scores.same_sub_type += p.get("sub_event_type") == g.get("sub_event_type")
        scores.same_date += p.get("event_date") == g.get("event_date")
        scores.same_fatalities += int(p.get("fatalities") or 0) == int(g.get("fatalities") or 0)
    scores.articles += 1
    matched_p = {id(p) for p, _ in place_pairs}
    matched_g = {id(g) for _, g in place_pairs}
    row = {"doc_id": gold.get("doc_id"), "places_tp": len(place_pairs), "places_pred": len(pp), "places_gold": len(gp),
           "events_tp": len(ev_pairs), "events_pred": len(pe), "events_gold": len(ge),
           "missed_places": [g.get("surface") or g.get("name_en") for g in gp if id(g) not in matched_g],
           "extra_places": [p.get("surface") for p in pp if id(p) not in matched_p]}
    scores.per_article.append(row)
    return row


def read_jsonl(path: str | Path) -> list[dict]:
    out = []
    try:
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if line.strip():
                    try:
                        out.append(json.loads(line))
                    except json.JSONDecodeError as exc:
                        raise InputError(f"{path}:{n}", f"malformed JSON ({exc.msg})") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}:1", "not UTF-8 text") from None
    except OSError as exc:
        raise InputError(f"{path}:0", f"cannot read ({exc.strerror})") from None
    return out


def default_articles_path(gold: Path) -> Path | None:
    """The articles file beside a gold file: x_gold.jsonl → x_article(s).jsonl, gold.jsonl → articles.jsonl."""
    for name in (gold.name.replace("gold", "articles"), gold.name.replace("gold", "article"), "articles.jsonl"):
        cand = gold.with_name(name)
        if cand != gold and cand.exists():
            return cand
    return None


def evaluate(gold_path: str | Path, articles_path: str | Path | None = None, *, gazetteer=None) -> Scores:
    """Analyse the gold file's articles and score them."""
    from .extract import analyse
    from .io import read_articles

    gold_path = Path(gold_path)
    gold = {g.get("doc_id"): g for g in read_jsonl(gold_path)}
    articles_path = articles_path or default_articles_path(gold_path)
    if articles_path is None:
        raise InputError(f"{gold_path}:0", "no articles file beside it; pass --articles")
    scores = Scores()
    for art in read_articles([articles_path]):
        if art.doc_id in gold:
            score_article(analyse(art, gazetteer=gazetteer), gold[art.doc_id], scores)
    return scores


def format_scores(s: Scores) -> str:
    d = s.as_dict()
    lines = [f"articles scored: {d['articles']}",
             f"{'':8}{'precision':>10}{'recall':>9}{'F1':>7}{'tp':>6}{'pred':>6}{'gold':>6}"]
    for k in ("places", "events"):
        t = d[k]
        lines.append(f"{k:8}{t['precision']:>10.3f}{t['recall']:>9.3f}{t['f1']:>7.3f}{t['tp']:>6}{t['predicted']:>6}{t['gold']:>6}")
    fmt = lambda v: "n/a" if v is None else f"{v:.3f}"
    lines.append(f"matched event pairs: {d['matched_pairs']}  sub_event_type {fmt(d['sub_event_type_accuracy'])}  "
                 f"event_date {fmt(d['event_date_accuracy'])}  fatalities {fmt(d['fatalities_accuracy'])}")
    return "\n".join(lines)
