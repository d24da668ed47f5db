"""Cross-source deduplication: reports of one incident from several articles become one event (ACLED-style).

Two reports are the same incident when they share the event type, lie at the same gazetteer place or within
``RADIUS_KM``, are dated within ``DAY_WINDOW`` days and name compatible actors. Clustering is greedy
complete-linkage over events sorted by (date, event_id), so it is deterministic and re-runnable.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from events.models import Event
from gazetteer import haversine_km

RADIUS_KM = 5.0
DAY_WINDOW = 1


def _day(value: str | None) -> int | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value).toordinal()
    except ValueError:
        return None


def _compatible_value(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def actors_compatible(a: Event, b: Event) -> bool:
    """Actors agree where both are named, in either order (reports swap attacker and target)."""
    straight = _compatible_value(a.actor1, b.actor1) and _compatible_value(a.actor2, b.actor2)
    crossed = _compatible_value(a.actor1, b.actor2) and _compatible_value(a.actor2, b.actor1)
    return straight or crossed


def same_place(a: Event, b: Event, *, radius_km: float = RADIUS_KM) -> bool:
    """Same gazetteer place, or both located and within ``radius_km`` of each other."""
    if a.place_id and a.place_id == b.place_id:
        return True
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return False
    return haversine_km(a.lat, a.lon, b.lat, b.lon) <= radius_km


def same_incident(a: Event, b: Event, *, radius_km: float = RADIUS_KM, days: int = DAY_WINDOW) -> bool:
    """Whether two reported events from *different* articles describe one incident."""
    if a.doc_id and a.doc_id == b.doc_id:
        return False  # the extractor already separated events of one article
    if a.event_type != b.event_type:
        return False
    da, db = _day(a.event_date), _day(b.event_date)
    if da is None or db is None or abs(da - db) > days:
        return False
    return same_place(a, b, radius_km=radius_km) and actors_compatible(a, b)


@dataclass
class _Cluster:
    members: list[Event] = field(default_factory=list)
    docs: set[str] = field(default_factory=set)
    keys: set[tuple[object, ...]] = field(default_factory=set)


#: Grid cell (degrees of latitude, longitude) used to find nearby events: more than 2 × 5.5 km across up to 60° N/S.
_CELL = (0.1, 0.2)


def _cell(ev: Event) -> tuple[int, int] | None:
    if ev.lat is None or ev.lon is None:
        return None
    return math.floor(ev.lat / _CELL[0]), math.floor(ev.lon / _CELL[1])


def _keys(ev: Event, day: int) -> list[tuple[object, ...]]:
    """Index keys an event is found under: its place and its grid cell on its day."""
    keys: list[tuple[object, ...]] = []
    if ev.place_id:
        keys.append(("p", ev.event_type, day, ev.place_id))
    cell = _cell(ev)
    if cell is not None:
        keys.append(("c", ev.event_type, day, *cell))
    return keys


def _probe(ev: Event, day: int, days: int) -> list[tuple[object, ...]]:
    """Keys under which a matching event may have been indexed: neighbouring days, its place, nearby cells.

    A cell is more than twice RADIUS_KM across, so a match lies in the event's cell or in the neighbour
    on the side of the nearer edge: four cells are enough.
    """
    out: list[tuple[object, ...]] = []
    cells: list[tuple[int, int]] = []
    if ev.lat is not None and ev.lon is not None:
        fy, fx = ev.lat / _CELL[0], ev.lon / _CELL[1]
        cy, cx = math.floor(fy), math.floor(fx)
        ny = cy - 1 if fy - cy < 0.5 else cy + 1
        nx = cx - 1 if fx - cx < 0.5 else cx + 1
        cells = [(cy, cx), (cy, nx), (ny, cx), (ny, nx)]
    for d in range(day - days, day + days + 1):
        if ev.place_id:
            out.append(("p", ev.event_type, d, ev.place_id))
        out.extend(("c", ev.event_type, d, y, x) for y, x in cells)
    return out


def _order(ev: Event) -> tuple[str, str]:
    return (ev.event_date or "9999", ev.event_id)


def cluster_stream(
    ordered: Iterable[Event], *, radius_km: float = RADIUS_KM, days: int = DAY_WINDOW
) -> Iterator[list[Event]]:
    """Clusters of events given in (date, id) order, each yielded as soon as no later event can join it.

    A cluster whose first day is more than ``days`` before the current event's day is closed, so memory
    holds only a few days of events however long the record is. Yields clusters in creation order.
    """
    if radius_km > 5.5:
        raise ValueError("radius_km larger than half the grid cell the index assumes")
    open_: dict[int, _Cluster] = {}
    first_day: dict[int, int | None] = {}
    index: dict[int, dict[tuple[object, ...], list[int]]] = defaultdict(
        lambda: defaultdict(list)
    )  # day → key → clusters
    next_ci = 0
    current_day: int | None = None
    for ev in ordered:
        day = _day(ev.event_date)
        if day is not None and day != current_day:
            current_day = day
            for ci in [ci for ci, d in first_day.items() if d is None or d < day - days]:
                yield open_.pop(ci).members
                del first_day[ci]
            for d in [d for d in index if d < day - days]:
                del index[d]
        elif day is None:  # undated events come last and stay alone
            for ci in list(open_):
                yield open_.pop(ci).members
            first_day.clear()
            index.clear()
            yield [ev]
            continue
        chosen = None
        seen: set[int] = set()
        for key in _probe(ev, day, days):
            for ci in index[key[2]].get(key, ()) if key[2] in index else ():
                if ci in seen or (chosen is not None and ci > chosen) or ci not in open_:
                    continue
                seen.add(ci)
                c = open_[ci]
                if ev.doc_id in c.docs:
                    continue
                if all(same_incident(ev, m, radius_km=radius_km, days=days) for m in c.members):
                    chosen = ci
        if chosen is None:
            chosen, next_ci = next_ci, next_ci + 1
            open_[chosen] = _Cluster()
            first_day[chosen] = day
        c = open_[chosen]
        c.members.append(ev)
        c.docs.add(ev.doc_id)
        for key in _keys(ev, day):
            if key not in c.keys:
                c.keys.add(key)
                index[day][key].append(chosen)
    for ci in sorted(open_):
        yield open_[ci].members


def cluster(events: Iterable[Event], *, radius_km: float = RADIUS_KM, days: int = DAY_WINDOW) -> list[list[Event]]:
    """Group events into incidents; each event joins the first cluster all of whose members match it.

    Candidates are found through an index on (type, day, place) and (type, day, grid cell), so only
    neighbouring days and places are compared; undated or unlocated events stay alone.
    """
    return list(cluster_stream(sorted(events, key=_order), radius_km=radius_km, days=days))


def cluster_id(members: Sequence[Event]) -> str:
    """The stable id of a merged event: its smallest member id."""
    return min(m.event_id for m in members)


def _first_seen(values: Iterable[str | None]) -> list[str]:
    out: list[str] = []
    for v in values:
        if v and v not in out:
            out.append(v)
    return out


def merge(members: Sequence[Event], *, article_dates: dict[str, str | None] | None = None) -> Event:
    """One event from the reports of one incident.

    Keeps the most precise location and date, the lowest reported fatality figure (with the range in
    ``fatalities_note``), every distinct evidence sentence and source, and ``source_count`` = articles.
    ``article_dates`` (doc_id → publication date) orders sources by first publication.
    """
    article_dates = article_dates or {}
    if len(members) == 1:
        ev = members[0]
        return replace(ev, source_count=1) if ev.source_count != 1 else ev
    by_report = sorted(
        members, key=lambda e: (article_dates.get(e.doc_id) or e.event_date or "9999", e.doc_id, e.event_id)
    )
    first = by_report[0]
    loc = min(members, key=lambda e: (e.lat is None, e.geo_precision, -e.confidence, e.event_id))
    dated = [e for e in members if e.event_date]
    if dated:
        best_tp = min(e.time_precision for e in dated)
        counts = Counter(e.event_date for e in dated if e.time_precision == best_tp)
        event_date = min(counts, key=lambda d: (-counts[d], d))
        time_precision = best_tp
    else:
        event_date, time_precision = None, max(e.time_precision for e in members)
    subs = Counter(e.sub_event_type for e in members)
    top_conf = {e.sub_event_type: e.confidence for e in sorted(members, key=lambda e: e.confidence)}
    sub_event_type = min(subs, key=lambda s: (-subs[s], -top_conf[s], s))
    actor1 = next((e.actor1 for e in sorted(members, key=lambda e: e.event_id) if e.actor1), None)
    actor2 = next(
        (e.actor2 for e in sorted(members, key=lambda e: e.event_id) if e.actor2 and e.actor2 != actor1), None
    )
    reported = sorted({e.fatalities for e in members if e.fatalities > 0})
    fatalities = reported[0] if reported else 0
    notes = [f"reports range {reported[0]}–{reported[-1]}"] if len(reported) > 1 else []
    notes += [n for n in _first_seen(e.fatalities_note or "" for e in by_report) if "capped" in n]  # absurd tolls
    note = "; ".join(notes) or None
    return Event(
        event_id=cluster_id(members),
        event_type=first.event_type,
        sub_event_type=sub_event_type,
        event_date=event_date,
        time_precision=time_precision,
        actor1=actor1,
        actor2=actor2,
        location=loc.location,
        location_ar=loc.location_ar,
        admin1=loc.admin1,
        place_id=loc.place_id,
        geo_precision=loc.geo_precision,
        lat=loc.lat,
        lon=loc.lon,
        fatalities=fatalities,
        evidence="\n".join(_first_seen(e.evidence for e in by_report)),
        doc_id=first.doc_id,
        source="; ".join(_first_seen(e.source for e in by_report)),
        url=first.url,
        confidence=max(e.confidence for e in members),
        fatalities_note=note,
        source_count=len({e.doc_id for e in members}),
        evidence_spans=(),
    )


def deduplicate(
    events: Iterable[Event],
    *,
    article_dates: dict[str, str | None] | None = None,
    radius_km: float = RADIUS_KM,
    days: int = DAY_WINDOW,
) -> list[tuple[Event, list[Event]]]:
    """Merged events with their members, ordered by (date, id)."""
    out = [(merge(m, article_dates=article_dates), m) for m in cluster(events, radius_km=radius_km, days=days)]
    out.sort(key=lambda pair: (pair[0].event_date or "9999", pair[0].event_id))
    return out
