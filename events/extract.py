"""Event extraction: trigger lexicon → event type, governed place → location, dates, actors, fatalities.

Gazetteer- and lexicon-driven (no model can be downloaded here): each sentence with an event trigger that
is not under a call/threat/denial/plan/conditional becomes a candidate event; its location is the place the
trigger governs, never a drone's origin, a dateline or a place inside an actor's name; reports of one incident
within the article are then merged.
"""
from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from gazetteer import Gazetteer, Mention, load as load_gazetteer
from gazetteer.normalize import WORD_RE, normalize, normalize_token, strip_clitics, word_aligned

from .config import STRONG_TRIGGER_WEIGHT
from .lexicon import Hit, Trigger
from .models import Article, Event, make_event_id
from .text import Span, clause_pattern, clauses, sentences

DATA = Path(__file__).parent / "data"
_SUBTYPE_RANK = {  # when a sentence holds several triggers, the more specific reading wins
    "Disrupted weapons use": 9, "Suicide bomb": 8, "Remote explosive/landmine/IED": 7, "Air/drone strike": 6,
    "Abduction/forced disappearance": 6, "Shelling/artillery/missile attack": 5, "Arrests": 5,
    "Government regains territory": 4, "Non-state actor overtakes territory": 4, "Armed clash": 3, "Attack": 3,
}
_NON_STATE = {"IS", "ISLAMIST", "TEBU", "TUAREG", "UNKNOWN", "REBEL2011"}
_VAGUE_KINDS = ("region", "country")
_MIN_CONFIDENCE = 0.45
_MIN_TRIGGER_WEIGHT = 0.5
_WEAK_TRIGGER_WEIGHT = 0.4
_ARMED_TYPES = ("Battles", "Explosions/Remote violence")


_NO_HIT = Hit(0, 0, "", Trigger("", "", "", 0.0))
#: A death reported on a front ("قتل ... في محور وادي الربيع") is a battle even without a battle word.
_FRONT_DEATH = Trigger("", "Battles", "Armed clash", 0.75)
_IED = "Remote explosive/landmine/IED"
#: Remote-violence readings of a bare word (تفجير، قصف، استهداف) whose means the doer decides.
_BARE_REMOTE = (_IED, "Shelling/artillery/missile attack")
#: IED words at least this strong name the device (عبوة ناسفة، سيارة مفخخة); below, a bare blast word (تفجير).
_STRONG_IED = 0.8


@dataclass(frozen=True, slots=True)
class _Rules:
    origin: frozenset[str]
    background: re.Pattern  # any of the phrases, each between spaces
    undergo: frozenset[str]
    state: tuple[str, ...]
    clause: re.Pattern
    air: re.Pattern  # an aircraft or air force as a whole word (a leading و or ف allowed)
    blast_verb: frozenset[str]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    words: dict[str, list[str]] = {}
    for line in (DATA / "extract_rules.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("word\t"):
            continue
        word, kind = line.split("\t")[:2]
        words.setdefault(kind, []).append(word)
    norm = lambda kind: [normalize(w) for w in words.get(kind, [])]
    background = "|".join(re.escape(f" {w} ") for w in norm("background")) or "(?!)"
    air = "|".join(re.escape(w) for w in sorted(norm("air"), key=len, reverse=True)) or "(?!)"
    not_air = "|".join(re.escape(w) for w in norm("not_air")) or "(?!)"
    return _Rules(frozenset(norm("origin")), re.compile(background),
                  frozenset(norm("undergo")), tuple(norm("state")), clause_pattern(words.get("clause", [])),
                  re.compile(rf"(?:^|\s)[وف]?(?:{air})(?=\s|$)(?!\s+(?:{not_air})(?:\s|$))"),
                  frozenset(norm("blast_verb")))


#: ``normalize`` of trigger surfaces, which repeat from article to article.
_normalized = lru_cache(maxsize=65_536)(normalize)


def _normalized_span(span: Span, toks: list, starts: list[int]) -> str:
    """``normalize(span.text)``, joined from the article's normalised words when that gives the same (most spans)."""
    if not word_aligned(span.text):
        return normalize(span.text)
    return " ".join(t[3] for t in toks[bisect_left(starts, span.start):bisect_left(starts, span.end)])


def _lexicon():
    from .lexicon import load_lexicon
    return load_lexicon()


def _published(article: Article) -> dt.date | None:
    try:
        return dt.date.fromisoformat(article.date) if article.date else None
    except ValueError:
        return None


@dataclass
class _Cand:
    """A candidate event while the article is analysed (mutable until frozen into an Event)."""

    start: int
    end: int
    event_type: str
    sub_event_type: str
    weight: float
    mention: Mention | None
    date: dt.date | None
    time_precision: int
    actor1: str | None
    actor2: str | None
    fatalities: int
    evidence: list[tuple[int, int]]
    confidence: float


def _is_dateline(text: str, m: Mention) -> bool:
    """A place in an agency dateline ("رويترز - بنغازي (ليبيا):") is where the report was filed."""
    line_start = text.rfind("\n", 0, m.start) + 1
    head = text[line_start:m.start]
    if len(head) > 40 or not any(c in head for c in "-–—"):
        return False
    tail = text[m.end:m.end + 12].lstrip()
    return tail[:1] in ("(", ":", "\n", "") or text[m.end:m.end + 1] == "\n"


def _origin(text: str, m: Mention, origin_words: frozenset[str]) -> bool:
    """True when the mention follows "خرجت من" / "قادمة من": a point of departure."""
    if m.prep != "from":
        return False
    before = [normalize_token(t) for t in WORD_RE.findall(text[max(0, m.start - 40):m.start])][-3:]
    return any(stem in origin_words for tok in before for stem, _ in strip_clitics(tok))


def _place_score(text: str, m: Mention, trig: Span, clause: Span | None) -> float:
    """How likely a mention of the trigger's clause is the place the trigger happened at."""
    s = 0.0
    if m.place.kind in _VAGUE_KINDS:
        s -= 1.5
    if m.prep in ("in", "on", "at", "around") or m.relation or m.hint:
        s += 1.0
    if m.prep in ("to", "towards"):
        s -= 0.3
    if m.start >= trig.end:
        s += 0.5
        if len(WORD_RE.findall(text[trig.end:m.start])) <= 3:
            s += 0.8  # the trigger's own object: غارة على قاعدة الوطية
        dist = m.start - trig.end
    else:
        dist = trig.start - m.end
    return s - min(dist, 400) / 400.0


def _pick_location(text, mentions, trig, clause_list, rules) -> Mention | None:
    """The place the trigger governs: its own clause first, then the clauses before it, then after."""
    usable = [m for k, m in enumerate(mentions) if m.place.in_libya and not _is_dateline(text, m)
              and not _origin(text, m, rules.origin) and not _locator(text, mentions, k)]
    if not usable:
        return None
    idx = next((k for k, c in enumerate(clause_list) if c.start <= trig.start < c.end), None)
    if idx is None:
        return _best_place(text, usable, trig, None)
    order = [idx] + list(range(idx - 1, -1, -1)) + list(range(idx + 1, len(clause_list)))
    for k in order:
        c = clause_list[k]
        here = [m for m in usable if c.start <= m.start < c.end]
        precise = [m for m in here if m.place.kind not in _VAGUE_KINDS]
        if precise or (here and k == idx):
            return _best_place(text, here, trig, c)
    return None


def _best_place(text: str, mentions: list[Mention], trig: Span, clause: Span | None) -> Mention:
    """The best scored of ``mentions``, the earlier on a tie (a single one needs no scoring)."""
    if len(mentions) == 1:
        return mentions[0]
    return max(mentions, key=lambda m: (_place_score(text, m, trig, clause), -m.start))


_DIRECTIONS = frozenset({"near", "east", "west", "north", "south", "centre"})


def _locator(text: str, mentions: list[Mention], k: int) -> bool:
    """"سبها جنوب طرابلس", "أجدابيا قرب ميناء البريقة": a place named only to situate the one before it."""
    m = mentions[k]
    if m.relation not in _DIRECTIONS or k == 0:
        return False
    prev = mentions[k - 1]
    between = text[prev.end:m.start]
    return not any(c in between for c in ".،,؛;:\n") and len(WORD_RE.findall(between)) <= 8


def _last_place(text: str, mentions: list[Mention], lo: int, hi: int, rules: _Rules) -> Mention | None:
    """The last precise Libyan place among ``mentions[lo:hi]`` (one sentence's); looked for only when needed."""
    for k in range(hi - 1, lo - 1, -1):
        m = mentions[k]
        if m.place.in_libya and m.place.kind not in _VAGUE_KINDS and not _is_dateline(text, m) \
                and not _origin(text, m, rules.origin) and not _locator(text, mentions, k):
            return m
    return None


def _by_aircraft(text: str, trig: Span, clause: Span | None, rules: _Rules) -> bool:
    """An aircraft or air force does the blast: named before it in its clause (قام سلاح الجو بتفجير مخزن), or
    as the subject right after a blast verb (فجرت المقاتلات مخزنا). ACLED codes such blasts as air strikes."""
    if clause is None:
        return False
    if rules.air.search(normalize(text[clause.start:trig.start])):
        return True
    verb = {s for s, _ in strip_clitics(normalize_token(trig.text))}
    after = normalize(text[trig.end:clause.end]).split()[:2]
    return not verb.isdisjoint(rules.blast_verb) and bool(rules.air.search(" ".join(after)))


def _abroad(text: str, mentions: list[Mention], clause: Span | None) -> bool:
    """The trigger's clause is set abroad (في تونس، في منطقة بن قردان) and names no Libyan place."""
    if clause is None:
        return False
    here = [m for m in mentions if clause.start <= m.start < clause.end]
    return any(not m.place.in_libya and m.prep in ("in", "at", "on") for m in here) and not any(
        m.place.in_libya for m in here)


def _building_of_actor(text: str, tagged: list[Mention], clause: Span) -> Mention | None:
    """"أمام مديرية أمن بنغازي": a body's premises named as the spot locate the event in that place."""
    for m in tagged:
        if m.relation == "in_actor" and clause.start <= m.start < clause.end and m.place.in_libya:
            before = [normalize_token(w) for w in WORD_RE.findall(text[max(clause.start, m.start - 30):m.start])]
            if any(w in _LOCATIVE for w in before[-3:]):
                return replace(m, relation=None)
    return None


_LOCATIVE = frozenset({"امام", "داخل", "قرب", "مقر", "محيط", "استهدف", "استهدفت", "على"})


def _purpose(sent_text: str, start: int, undergo: frozenset[str]) -> bool:
    """A trigger after purposive ل (لاستهداف، لقصف) states an aim, unless it follows تعرض ("was subjected to")."""
    if start == 0 or sent_text[start - 1] != "ل":
        return False
    head = sent_text[max(0, start - 3):start - 1]
    if head and not (head[-1].isspace() or (head[-1] in "وف" and (len(head) < 2 or head[-2].isspace()))):
        return False
    prev = WORD_RE.findall(sent_text[max(0, start - 30):start - 1])
    return not (prev and normalize_token(prev[-1]) in undergo)


#: Who acted when no actor is named: ACLED codes an unnamed perpetrator as an unidentified armed group.
_DEFAULT_ACTOR1 = {"Protests": "Protesters (Libya)", "Riots": "Rioters (Libya)",
                   "Battles": "Unidentified Armed Group (Libya)",
                   "Violence against civilians": "Unidentified Armed Group (Libya)",
                   "Explosions/Remote violence": "Unidentified Armed Group (Libya)"}


def _actors(hits, trig, event_type) -> tuple[str | None, str | None, set[str]]:
    """actor1 = who acted (nearest actor before the trigger, else first after), actor2 = the other party.

    Civilians are never the actor of a battle or a strike: they are its victims; political bodies are no party.
    """
    from .actors import political

    armed = hits
    if event_type in ("Battles", "Explosions/Remote violence", "Strategic developments"):
        talkers = political()
        hits = [h for h in hits if h.item.actor not in talkers]
    if event_type not in ("Protests", "Riots"):
        armed = [h for h in hits if h.item.side != "CIVILIAN"]
    before = [h for h in armed if h.end <= trig.start]
    after = [h for h in armed if h.start >= trig.end]
    a1 = before[-1] if before else (after[0] if after else None)
    after = [h for h in hits if h.start >= trig.end]
    before = [h for h in hits if h.end <= trig.start]
    rest = [h for h in (after + before[::-1]) if a1 is None or h.item.actor != a1.item.actor]
    a2 = rest[0] if rest else None
    if a1 is not None and a2 is not None and a1.item.side and a1.item.side == a2.item.side:
        others = [h for h in rest if h.item.side != a1.item.side]
        a2 = others[0] if others else None
    sides = {h.item.side for h in hits if h.item.side}
    return (a1.item.actor if a1 else None), (a2.item.actor if a2 else None), sides


def _dominant_opponent(actor_hits, actor: str | None, side_of: dict[str, str]) -> str | None:
    """The article's most named actor on another armed side: the usual opponent when a sentence names one party."""
    if actor is None:
        return None
    mine = side_of.get(actor)
    counts: dict[str, int] = {}
    for h in actor_hits:
        s = h.item.side
        if h.item.actor != actor and s and s != mine and s not in ("CIVILIAN", "INTL", ""):
            counts[h.item.actor] = counts.get(h.item.actor, 0) + 1
    return max(sorted(counts), key=counts.get) if counts else None


def _candidates(article: Article, text: str, mentions: list[Mention], toks: list,
                tagged: list[Mention] = ()) -> list[_Cand]:
    from .actors import in_era
    from .dates import find_dates
    from .factuality import ASSERTED, judge, time_refs
    from .numbers import count_fatalities

    lex = _lexicon()
    rules = _rules()
    published = _published(article)
    starts = [t[0] for t in toks]
    mention_starts = [m.start for m in mentions]  # mentions and hits come in text order
    all_actor_hits = in_era(lex.find_actors(text, toks), published)
    all_triggers = lex.find_triggers(text, toks)  # phrases never cross sentence punctuation
    trigger_starts = [h.start for h in all_triggers]
    actor_starts = [h.start for h in all_actor_hits]
    side_of = {h.item.actor: h.item.side for h in all_actor_hits}
    out: list[_Cand] = []
    prev_range = (0, 0)  # the previous sentence's mentions
    for sent in sentences(text):
        m_lo, m_hi = bisect_left(mention_starts, sent.start), bisect_left(mention_starts, sent.end)
        sent_mentions = mentions[m_lo:m_hi]
        before_range, prev_range = prev_range, (m_lo, m_hi)
        lo, hi = bisect_left(starts, sent.start), bisect_left(starts, sent.end)
        triggers = [_shift(h, -sent.start) for h in all_triggers[bisect_left(trigger_starts, sent.start):
                                                                  bisect_left(trigger_starts, sent.end)]]
        if _add_other_deaths(out, sent, triggers, count_fatalities, toks, starts):
            continue
        if not triggers:
            front = [m for m in sent_mentions if m.relation == "axis" or m.place.kind == "road_or_axis"]
            if not front or count_fatalities(sent.text) is None:
                continue
            triggers = [Hit(front[0].start - sent.start, front[0].end - sent.start, front[0].surface, _FRONT_DEATH)]
        modal = [_shift(h, -sent.start) for h in lex.find_modality(text, toks, lo, hi)]
        clause_list = clauses(text, sent, rules.clause)
        sent_dates = find_dates(sent.text, published=published)
        refs = time_refs(sent.text, sent_dates, published)
        sent_fat = count_fatalities(sent.text) if any(r.since for r in refs) else None
        toll = sent_fat is not None and sent_fat.count > 0
        live = []
        clause_norm: dict[int, str] = {}
        for t in triggers:
            if t.item.weight < _WEAK_TRIGGER_WEIGHT:
                continue
            t_clause = next((c for c in clause_list if c.start <= sent.start + t.start < c.end), None)
            if t_clause is not None and t_clause.start not in clause_norm:
                clause_norm[t_clause.start] = f" {_normalized_span(t_clause, toks, starts)} "
            cn = clause_norm.get(t_clause.start, "") if t_clause is not None else ""
            if rules.background.search(cn):
                continue
            if t_clause is not None and judge(f" {normalize(sent.text[:t.start])} ", cn,
                                              (t_clause.start - sent.start, t_clause.end - sent.start), t.start,
                                              refs, published, toll=toll) != ASSERTED:
                continue
            if _purpose(sent.text, t.start, rules.undergo):
                continue
            if t.item.sub_event_type in _TERRITORY and any(w in cn for w in rules.state):
                continue  # "تحت سيطرة": who holds a place, not a change of hands
            blocked = False
            for mh in modal:
                scope = "clause" if mh.item.kind == "condemnation" else mh.item.scope  # أدان ... الهجوم still reports it
                if mh.start >= t.start:
                    continue
                if scope == "sentence" or (t_clause and t_clause.start <= sent.start + mh.start < t_clause.end):
                    blocked = True
                    break
            if not blocked:
                live.append(t)
        if not live:
            continue
        w_lo = max(0, min(t.start for t in live) - _DATE_REACH)
        w_hi = max(t.end for t in live) + _DATE_REACH
        dates = [d for d in sent_dates if d.start >= w_lo and d.end <= w_hi]
        live = [t for t in live if _supported(t.item, _near_date(dates, t), modal)]
        if not live:
            continue
        by_type: dict[str, list] = {}
        for t in live:
            by_type.setdefault(t.item.event_type, []).append(t)
        if "Strategic developments" in by_type and any(
                t.item.sub_event_type == "Disrupted weapons use" for t in by_type["Strategic developments"]):
            by_type.pop("Explosions/Remote violence", None)
        if any(t.item.sub_event_type == "Abduction/forced disappearance" for t in by_type.get(
                "Violence against civilians", ())) and max(t.item.weight for t in by_type.get("Battles", [_NO_HIT])) < 0.7:
            by_type.pop("Battles", None)  # "هجوم … تم خلاله اختطاف": the attack is the kidnapping
        strong_remote = max((t.item.weight for t in by_type.get("Explosions/Remote violence", ())), default=0.0)
        if strong_remote >= 0.8 and max(t.item.weight for t in by_type.get("Battles", [_NO_HIT])) < 0.7:
            by_type.pop("Battles", None)  # هجوم / خروقات describing the strike itself
        fat = sent_fat if any(r.since for r in refs) else count_fatalities(sent.text)
        if fat is not None and fat.count == 0:  # "قُتل أثناء…" opens a clause of its own: read clause by clause
            fat = next((f for c in clause_list if (f := count_fatalities(c.text)) is not None and f.count > 0), fat)
        local_actor_hits = [_shift(h, -sent.start) for h in all_actor_hits[bisect_left(actor_starts, sent.start):
                                                                           bisect_left(actor_starts, sent.end)]]
        for etype, ts in by_type.items():
            best = max(ts, key=lambda t: (_SUBTYPE_RANK.get(t.item.sub_event_type, 0), t.item.weight, -t.start))
            distinct = {_normalized(t.surface) for t in ts}
            weight = min(1.0, max(t.item.weight for t in ts) + 0.1 * (len(distinct) - 1))  # تصدت لهجوم
            trig = Span(sent.start + best.start, sent.start + best.end, best.surface)
            t_clause = next((c for c in clause_list if c.start <= trig.start < c.end), None)
            sub = best.item.sub_event_type
            if sub in _BARE_REMOTE and best.item.weight < _STRONG_IED and _by_aircraft(text, trig, t_clause, rules):
                sub = "Air/drone strike"  # قام سلاح الجو بتفجير، قامت قواته الجوية باستهداف: an aircraft did it
                weight = max(weight, STRONG_TRIGGER_WEIGHT)
            if weight < _MIN_TRIGGER_WEIGHT and not (fat is not None and fat.count > 0 and etype in _ARMED_TYPES):
                continue  # a weak word (النار على) counts only when people were killed
            if _abroad(text, sent_mentions, t_clause):
                continue
            mention = _pick_location(text, sent_mentions, trig, clause_list, rules)
            inherited = False
            if mention is None and t_clause is not None:
                mention = _building_of_actor(text, tagged, t_clause)
            if mention is None:  # the paragraph's place carries over one sentence
                mention = _last_place(text, mentions, *before_range, rules)
                inherited = mention is not None
            governed = (mention is not None and not inherited and t_clause is not None
                        and t_clause.start <= mention.start < t_clause.end
                        and bool(mention.prep or mention.relation or mention.hint))
            date_info = _near_date(dates, best)
            killed = fat is not None and fat.count > 0
            if date_info is None and not killed and not (weight >= 0.7 and governed):
                continue  # no time, no toll, no trigger on its own place: commentary, not a report
            a1, a2, _ = _actors(local_actor_hits, best, etype)
            if sub in ("Government regains territory", "Non-state actor overtakes territory") and a1:
                sub = ("Non-state actor overtakes territory" if side_of.get(a1) in _NON_STATE
                       else "Government regains territory")
            if etype == "Violence against civilians" and a2 is None:
                a2 = "Civilians (Libya)"
            if a1 is None and sub == "Air/drone strike":
                a1 = "Unidentified Military Forces"  # only states fly: an unnamed aircraft is an unknown military
            a1 = a1 or _DEFAULT_ACTOR1.get(etype)
            if a2 is None and etype in ("Battles", "Explosions/Remote violence", "Strategic developments"):
                a2 = _dominant_opponent(all_actor_hits, a1, side_of)
            conf = 0.2 + 0.4 * weight
            if mention is not None:
                conf += 0.15 if mention.place.kind not in _VAGUE_KINDS else 0.05
            conf += 0.1 * governed + 0.1 * (date_info is not None) + 0.1 * killed + 0.05 * (a1 is not None)
            conf -= 0.1 * inherited
            if date_info is not None:
                date, tp = date_info.date, date_info.precision
            else:
                date, tp = published, 2
            out.append(_Cand(sent.start, sent.end, etype, sub, weight, mention, date, tp, a1, a2,
                             fat.count if fat else 0, [(sent.start, sent.end)], min(conf, 0.99)))
    return out


_TERRITORY = ("Government regains territory", "Non-state actor overtakes territory")
_STRATEGIC_KEPT = ("Disrupted weapons use", "Arrests", "Agreement")


def _supported(item, date_info, modal) -> bool:
    """Trigger classes that are mostly background or talk unless the sentence pins them down."""
    if item.sub_event_type in _TERRITORY:
        return date_info is not None  # "X controls Y" is a state of affairs; a takeover has a time
    if item.event_type == "Strategic developments":
        if item.sub_event_type == "Agreement":
            return item.weight >= 0.8 and not modal
        return item.sub_event_type in _STRATEGIC_KEPT or item.weight >= 0.8
    return True


_DATE_REACH = 150


_OTHERS = re.compile(r"(?<!\w)[وف]?(?:ال)?اخر(?:ين|ان|ون|ى)(?!\w)")


def _add_other_deaths(out: list[_Cand], sent: Span, triggers, count_fatalities, toks, starts) -> bool:
    """"وقتل جنديان آخران": deaths of *others* right after an incident add to its toll; True when taken.

    Not when the sentence names an act of another kind (فتح النار after a bombing is a second incident).
    """
    last = out[-1] if out else None
    if last is None or not 0 <= sent.start - last.end <= 3 or last.event_type not in _ARMED_TYPES \
            or last.fatalities <= 0:
        return False
    if any(t.item.weight >= 0.7 or (t.item.weight >= _MIN_TRIGGER_WEIGHT and t.item.event_type != last.event_type)
           for t in triggers) or not _OTHERS.search(_normalized_span(sent, toks, starts)):
        return False
    fat = count_fatalities(sent.text)
    if fat is None or fat.count <= 0:
        return False
    last.fatalities += fat.count
    last.evidence.append((sent.start, sent.end))
    last.end = sent.end
    return True


def _near_date(dates, trig, max_chars: int = _DATE_REACH):
    """The date expression closest to the trigger within the sentence, if close enough to govern it."""
    best = None
    for d in dates:
        dist = d.start - trig.end if d.start >= trig.end else trig.start - d.end
        if dist <= max_chars and (best is None or (d.precision, dist) < (best[1].precision, best[0])):
            best = (dist, d)
    return best[1] if best else None


def _shift(hit, delta):
    """The same hit with offsets moved by ``delta`` (built directly: ``dataclasses.replace`` is slow in this loop)."""
    return type(hit)(hit.start + delta, hit.end + delta, hit.surface, hit.item)


def _same_place(a: _Cand, b: _Cand) -> bool:
    if a.mention is None or b.mention is None:
        return True  # a report that names no place can be the same incident as one that does
    if a.mention.place.place_id == b.mention.place.place_id:
        return True
    from gazetteer import haversine_km
    pa, pb = a.mention.place, b.mention.place
    return haversine_km(pa.lat, pa.lon, pb.lat, pb.lon) <= 5.0


def _merge_into(keep: _Cand, other: _Cand) -> None:
    keep.evidence.extend(e for e in other.evidence if e not in keep.evidence)
    keep.fatalities = keep.fatalities or other.fatalities  # the first (usually the lead's) figure stands
    keep.confidence = min(0.99, max(keep.confidence, other.confidence) + 0.05)
    if other.time_precision < keep.time_precision and other.date is not None:
        keep.date, keep.time_precision = other.date, other.time_precision
    if keep.actor1 is None:
        keep.actor1 = other.actor1
    if keep.actor2 is None:
        keep.actor2 = other.actor2
    if keep.mention is None or (keep.mention.place.kind in _VAGUE_KINDS and other.mention is not None):
        keep.mention = other.mention
    elif (other.mention is not None and other.mention.place.place_id == keep.mention.place.place_id
          and keep.mention.relation and not other.mention.relation):
        keep.mention = other.mention


def _dedupe(cands: list[_Cand]) -> list[_Cand]:
    """One incident reported twice in an article becomes one event; vague-place reports join a precise one."""
    out: list[_Cand] = []
    for c in cands:
        target = None
        for k in out:
            if k.sub_event_type != c.sub_event_type and k.event_type != c.event_type:
                continue
            same_day = k.date == c.date or k.time_precision > 1 or c.time_precision > 1
            if k.sub_event_type == c.sub_event_type and same_day and _same_place(k, c):
                target = k
                break
        if target is not None:
            _merge_into(target, c)
        else:
            out.append(c)
    out = _fold_vicinity(out)
    precise = [c for c in out if c.mention is not None and c.mention.place.kind not in _VAGUE_KINDS]
    final = []
    for c in out:
        if c.mention is None:
            continue  # an event no place can be given for cannot be mapped or checked
        if c.mention.place.kind in _VAGUE_KINDS:
            host = next((p for p in precise if p.sub_event_type == c.sub_event_type), None) or next(
                (p for p in precise if p.event_type == c.event_type), None)  # a headline's "في شرق ليبيا"
            if host is not None:
                _merge_into(host, c)
                continue
        final.append(c)
    return final


_VICINITY = frozenset({"outskirts", "near", "around", "outside"})


def _fold_vicinity(cands: list[_Cand]) -> list[_Cand]:
    """"في ضواحي طرابلس" and "في محور وادي الربيع" the same day: the vague report joins the precise one."""
    from gazetteer import haversine_km

    def vague(c: _Cand) -> bool:
        return c.mention is not None and c.mention.relation in _VICINITY

    out = []
    for c in cands:
        if vague(c):
            p = c.mention.place
            host = next((k for k in cands if k is not c and not vague(k) and k.mention is not None
                         and k.mention.place.kind not in _VAGUE_KINDS and k.sub_event_type == c.sub_event_type
                         and k.date == c.date and k.mention.place.place_id != p.place_id
                         and haversine_km(p.lat, p.lon, k.mention.place.lat, k.mention.place.lon) <= 25), None)
            if host is not None:
                _merge_into(host, c)
                continue
        out.append(c)
    return out


def _to_event(article: Article, text: str, c: _Cand) -> Event:
    m = c.mention
    p = m.place if m is not None else None
    geo = m.geo_precision if m is not None else 3
    evidence = " … ".join(text[a:b].strip() for a, b in c.evidence)
    return Event(
        event_id=make_event_id(article.doc_id, f"{c.start}|{c.event_type}|{c.sub_event_type}"),
        event_type=c.event_type, sub_event_type=c.sub_event_type,
        event_date=c.date.isoformat() if c.date else None, time_precision=c.time_precision,
        actor1=c.actor1, actor2=c.actor2,
        location=p.name_en if p else None, location_ar=p.name_ar if p else None,
        admin1=p.admin1 if p else None, place_id=p.place_id if p else None, geo_precision=geo,
        lat=p.lat if p else None, lon=p.lon if p else None, fatalities=int(c.fatalities), evidence=evidence,
        doc_id=article.doc_id, source=article.source, url=article.url, confidence=round(c.confidence, 2),
        evidence_spans=tuple(c.evidence),
    )


def _run(article: Article, gazetteer: Gazetteer | None) -> tuple[list[Mention], list[Event]]:
    from .lexicon import tokens

    g = gazetteer or load_gazetteer()
    text = article.analysed_text
    toks = tokens(text)
    tagged = g.tag(text, tokens=toks, actor_places=True)
    mentions = [m for m in tagged if m.relation != "in_actor"]
    cands = [c for c in _dedupe(_candidates(article, text, mentions, toks, tagged)) if c.confidence >= _MIN_CONFIDENCE]
    cands = [c for c in cands if c.mention is None or c.mention.place.kind != "country"]
    return mentions, [_to_event(article, text, c) for c in sorted(cands, key=lambda c: c.start)]


def analyse(article: Article, *, gazetteer: Gazetteer | None = None) -> dict:
    """The CONTRACT §3 per-article object: every place mention and every event."""
    mentions, events = _run(article, gazetteer)
    return {"doc_id": article.doc_id, "places": [m.to_dict() for m in mentions],
            "events": [e.to_dict() for e in events]}


def extract(article: Article, *, gazetteer: Gazetteer | None = None) -> list[Event]:
    """The events of one article, located, dated and merged."""
    return _run(article, gazetteer)[1]
