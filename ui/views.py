"""Pure view helpers for the dashboard: filtering, facets, timeline aggregation and highlighted article HTML.

Nothing here imports streamlit; the dashboard's ui modules only wire widgets to these functions.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from events.models import EVENT_TYPES, Event, search_text
from gazetteer.normalize import normalize

#: Columns of the events table, in display order.
TABLE_COLUMNS = (
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "location",
    "location_ar",
    "admin1",
    "fatalities",
    "geo_precision",
    "confidence",
    "source",
    "source_count",
    "event_id",
)


@dataclass(frozen=True, slots=True)
class EventIndex:
    """The events of one store version with their normalised search text, built once and filtered many times."""

    events: tuple[Event, ...]
    haystacks: tuple[str, ...]

    @classmethod
    def build(cls, events: Iterable[Event]) -> EventIndex:
        evs = tuple(events)
        return cls(evs, tuple(search_text(e) for e in evs))

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[Event, str]]) -> EventIndex:
        """From (event, search text) pairs already normalised, e.g. ``Store.events_with_search_text()``."""
        pairs = tuple(pairs)
        return cls(tuple(p[0] for p in pairs), tuple(p[1] for p in pairs))

    def filter(self, **filters) -> list[Event]:
        """``filter_events`` over this index, reusing the pre-normalised search text."""
        return filter_events(self.events, haystacks=self.haystacks, **filters)


def _as_set(values) -> set | None:
    if values is None:
        return None
    values = set(values)
    return values or None


def _iso(d) -> str | None:
    if d is None:
        return None
    return d.isoformat() if isinstance(d, date) else str(d)


def filter_events(
    events: Sequence[Event],
    *,
    date_from: date | str | None = None,
    date_to: date | str | None = None,
    event_types: Iterable[str] | None = None,
    sub_types: Iterable[str] | None = None,
    actors: Iterable[str] | None = None,
    admin1: Iterable[str] | None = None,
    min_fatalities: int = 0,
    geo_precision: Iterable[int] | None = None,
    sources: Iterable[str] | None = None,
    min_confidence: float = 0.0,
    text: str | None = None,
    haystacks: Sequence[str] | None = None,
    undated: bool = False,
) -> list[Event]:
    """Events matching every given filter; an empty or None filter does not restrict.

    Dates are inclusive and compare on ``event_date``; an event without a date is dropped as soon as a
    date bound is set, unless ``undated`` (the dashboard's default: undated events are never hidden). ``actors`` matches actor1 or actor2. ``text`` is compared after Arabic/Latin
    normalisation, so مصراته finds مصراتة; all its words must occur. ``haystacks`` (parallel to
    ``events``) are pre-normalised search texts, see ``EventIndex``.
    """
    lo, hi = _iso(date_from), _iso(date_to)
    types, subs, acts = _as_set(event_types), _as_set(sub_types), _as_set(actors)
    districts, precs, srcs = _as_set(admin1), _as_set(geo_precision), _as_set(sources)
    words = normalize(text).split() if text and text.strip() else []
    out = []
    for i, e in enumerate(events):
        if e.event_date is None:
            if (lo is not None or hi is not None) and not undated:
                continue
        elif (lo is not None and e.event_date < lo) or (hi is not None and e.event_date > hi):
            continue
        if types is not None and e.event_type not in types:
            continue
        if subs is not None and e.sub_event_type not in subs:
            continue
        if acts is not None and e.actor1 not in acts and e.actor2 not in acts:
            continue
        if districts is not None and e.admin1 not in districts:
            continue
        if min_fatalities and (e.fatalities or 0) < min_fatalities:
            continue
        if precs is not None and e.geo_precision not in precs:
            continue
        if srcs is not None and e.source not in srcs:
            continue
        if min_confidence and (e.confidence or 0.0) < min_confidence:
            continue
        if words:
            hay = haystacks[i] if haystacks is not None else search_text(e)
            if not all(w in hay for w in words):
                continue
        out.append(e)
    return out


def facets(events: Iterable[Event]) -> dict:
    """Choices for the filter widgets: the values present in ``events``, sorted (types in ACLED order)."""
    types: set[str] = set()
    subs: set[str] = set()
    actors: set[str] = set()
    districts: set[str] = set()
    sources: set[str] = set()
    precs: set[int] = set()
    dates: list[str] = []
    undated = 0
    for e in events:
        types.add(e.event_type)
        subs.add(e.sub_event_type)
        actors.update(a for a in (e.actor1, e.actor2) if a)
        if e.admin1:
            districts.add(e.admin1)
        if e.source:
            sources.add(e.source)
        precs.add(e.geo_precision)
        if e.event_date:
            dates.append(e.event_date)
        else:
            undated += 1
    return {
        "event_types": in_type_order(types),
        "sub_types": sorted(subs),
        "actors": sorted(actors),
        "admin1": sorted(districts),
        "sources": sorted(sources),
        "geo_precision": sorted(precs),
        "date_min": date.fromisoformat(min(dates)) if dates else None,
        "date_max": date.fromisoformat(max(dates)) if dates else None,
        "undated": undated,
    }


def in_type_order(event_types: Iterable[str]) -> list[str]:
    """The distinct event types in ACLED order (others after them, alphabetically): the order of the filters and
    legends, whatever the events' order."""
    order = {t: i for i, t in enumerate(EVENT_TYPES)}
    return sorted(set(event_types), key=lambda t: (order.get(t, len(order)), t))


def totals(events: Iterable[Event]) -> tuple[int, int]:
    """(number of events, sum of fatalities) for the headline counters."""
    n = f = 0
    for e in events:
        n += 1
        f += e.fatalities or 0
    return n, f


def timeline_frame(events: Iterable[Event], freq: str = "D"):
    """Events and fatalities per day ("D") or week ("W", weeks start on Monday), per event type.

    Returns a pandas DataFrame with columns ``period`` (datetime64), ``event_type``, ``events``,
    ``fatalities``; undated events are left out.
    """
    import pandas as pd

    if freq not in ("D", "W"):
        raise ValueError(f"freq must be 'D' or 'W', not {freq!r}")
    rows = [(e.event_date, e.event_type, e.fatalities or 0) for e in events if e.event_date]
    df = pd.DataFrame(rows, columns=["event_date", "event_type", "fatalities"])
    if df.empty:
        return pd.DataFrame(
            {
                "period": pd.Series(dtype="datetime64[ns]"),
                "event_type": pd.Series(dtype=str),
                "events": pd.Series(dtype="int64"),
                "fatalities": pd.Series(dtype="int64"),
            }
        )
    day = pd.to_datetime(df["event_date"], format="%Y-%m-%d")
    df["period"] = day if freq == "D" else day - pd.to_timedelta(day.dt.day_of_week, unit="D")
    out = (
        df.groupby(["period", "event_type"], sort=True)
        .agg(events=("fatalities", "size"), fatalities=("fatalities", "sum"))
        .reset_index()
    )
    out["events"] = out["events"].astype("int64")
    out["fatalities"] = out["fatalities"].astype("int64")
    return out


def timeline_spec(types: Sequence[tuple[str, str]], *, titles: Mapping[str, str], height: int = 190) -> dict:
    """Vega-Lite spec (made with altair, without data) of the timeline for the frame of ``timeline_frame``
    plus a ``type_label`` column: bars of events per period stacked by type (``types``: (label, colour) in
    legend order); dragging on them selects a date range (the ``brush`` parameter); fatalities as red points
    on a second axis. ``titles``: date, event_type, events, fatalities. Without data, the spec depends only
    on these arguments, so the caller can cache it and skip altair's schema validation on every rerun."""
    import altair as alt

    brush = alt.selection_interval(encodings=["x"], name="brush")
    # ISO dates on the axis: the year stays when a filter narrows the range, and no month names to translate;
    # whole numbers only on the counts (a narrow range otherwise gives ticks like 0.000000)
    x = alt.X("period:T", title=None, axis=alt.Axis(format="%Y-%m-%d", labelOverlap=True, labelAngle=0))
    palette = alt.Scale(domain=[t[0] for t in types], range=[t[1] for t in types])
    whole: dict[str, Any] = {"format": "d", "tickMinStep": 1}
    bars = (
        alt.Chart()
        .mark_bar()
        .encode(
            x=x,
            y=alt.Y("sum(events):Q", title=titles["events"], axis=alt.Axis(**whole)),
            color=alt.Color(
                "type_label:N",
                title=None,
                scale=palette,
                legend=alt.Legend(orient="bottom", labelLimit=0, columns=3, symbolLimit=0),
            ),
            tooltip=[
                alt.Tooltip("period:T", title=titles["date"], format="%Y-%m-%d"),
                alt.Tooltip("type_label:N", title=titles["event_type"]),
                alt.Tooltip("events:Q", title=titles["events"]),
                alt.Tooltip("fatalities:Q", title=titles["fatalities"]),
            ],
        )
        .add_params(brush)
    )
    points = (
        alt.Chart()
        .mark_point(filled=True, color="#b00020", size=40)
        .encode(x=x, y=alt.Y("sum(fatalities):Q", title=titles["fatalities"], axis=alt.Axis(**whole)))
    )
    spec = alt.layer(bars, points).resolve_scale(y="independent").properties(height=height).to_dict()
    spec.pop("datasets", None)  # altair's placeholder for the missing data; the caller passes the frame
    for layer in spec["layer"]:
        layer.pop("data", None)
    return spec


def table_frame(events: Iterable[Event]):
    """The events table: one row per event with the ``TABLE_COLUMNS`` fields."""
    import pandas as pd

    rows = [{c: getattr(e, c) for c in TABLE_COLUMNS} for e in events]
    return pd.DataFrame(rows, columns=list(TABLE_COLUMNS))


def highlight_html(text: str, spans: Iterable[Sequence]) -> str:
    """``text`` HTML-escaped, with each (start, end[, css_class]) span wrapped in ``<mark>``; newlines become <br>.

    Overlapping spans are allowed: each piece of text is marked once with the classes of every span that
    covers it. Spans outside the text are clipped; empty ones are ignored.
    """
    n = len(text)
    cuts = {0, n}
    marks = []
    for span in spans:
        start, end = max(0, int(span[0])), min(n, int(span[1]))
        if start >= end:
            continue
        cls = str(span[2]) if len(span) > 2 and span[2] else ""
        marks.append((start, end, cls))
        cuts.update((start, end))
    edges = sorted(cuts)
    out = []
    for a, b in itertools.pairwise(edges):
        piece = html.escape(text[a:b]).replace("\n", "<br>")
        active = [m for m in marks if m[0] <= a and b <= m[1]]
        if not active:
            out.append(piece)
            continue
        classes = sorted({c for m in active for c in _classes(m[2])})
        attr = f' class="{html.escape(" ".join(classes))}"' if classes else ""
        out.append(f"<mark{attr}>{piece}</mark>")
    return "".join(out)


def _classes(classes: str) -> list[str]:
    return [c for c in classes.split() if c]


def article_spans(
    analysis: dict, *, event_id: str | None = None, evidence_spans: Sequence[Sequence[int]] | None = None
) -> list[tuple[int, int, str]]:
    """Spans to highlight from a CONTRACT §3 analysis: place mentions ("place") and event evidence ("evidence").

    With ``event_id``, only that event's evidence is marked (all place mentions stay marked);
    ``evidence_spans`` (e.g. a stored event's own) replace the evidence found in the analysis.
    """
    spans = [
        (p["start"], p["end"], "place")
        for p in analysis.get("places", [])
        if p.get("start") is not None and p.get("end") is not None
    ]
    if evidence_spans:
        return spans + [(s[0], s[1], "evidence") for s in evidence_spans]
    for ev in analysis.get("events", []):
        if event_id is not None and ev.get("event_id") != event_id:
            continue
        spans.extend((s[0], s[1], "evidence") for s in ev.get("evidence_spans") or [])
    return spans


def most_recent(events: Sequence[Event], limit: int) -> list[Event]:
    """At most ``limit`` events, the latest first by ``event_date`` (undated last), for a map that must stay light."""
    if len(events) <= limit:
        return list(events)
    return sorted(events, key=lambda e: e.event_date or "", reverse=True)[:limit]
