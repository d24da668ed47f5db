"""Table, timeline and language (#12 §3), driven with AppTest on a copy of the sample store."""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime

from tests.common import store_events
from tests.test_app import counts, db, run_app, sample_store  # noqa: F401  fixtures, used by name
from ui import views


def _ms(day: str) -> int:
    return int(datetime.fromisoformat(day).replace(tzinfo=UTC).timestamp() * 1000)


def test_table_shows_place_district_fatalities_newest_first(db):  # noqa: F811  the fixture imported above
    events = store_events(db)
    at = run_app()
    table = at.dataframe[0]
    shown = list(table.proto.column_order)
    assert shown[:6] == ["event_date", "event_type", "sub_event_type", "location", "admin1", "fatalities"]
    assert "event_id" not in shown and len(shown) <= 9
    dates = [d for d in table.value["event_date"] if d]
    assert dates == sorted(dates, reverse=True) and len(dates) == sum(1 for e in events if e.event_date)


def test_arabic_interface_names_sub_types_actors_and_none_in_arabic(db):  # noqa: F811  the fixture imported above
    from events.lexicon import load_actors

    events = store_events(db)
    at = run_app()
    at.sidebar.radio(key="lang").set_value("ar").run()
    assert not at.exception
    df = at.dataframe[0].value

    def arabic(s: str) -> bool:
        return any("\u0600" <= ch <= "\u06ff" for ch in s)

    assert all(arabic(s) for s in df["sub_event_type"])
    assert all(arabic(s) for s in df["location"])
    first_alias = {
        a.actor: next(x for x in a.aliases if arabic(x)) for a in load_actors() if any(arabic(x) for x in a.aliases)
    }
    by_id = {e.event_id: e for e in events}
    for _, row in df.iterrows():
        ev = by_id[row["event_id"]]
        assert row["actor1"] == (first_alias.get(ev.actor1, ev.actor1) if ev.actor1 else "—")
        assert row["actor2"] == (first_alias.get(ev.actor2, ev.actor2) if ev.actor2 else "—")
    assert "None" not in set(df["actor2"]) | set(df["admin1"])
    # the sidebar chips and options too
    subs = at.sidebar.multiselect(key="f_subs")
    assert subs.options and all(arabic(o) for o in subs.options)  # AppTest lists the formatted labels


def test_timeline_selection_moves_the_sidebar_range(db):  # noqa: F811  the fixture imported above
    events = store_events(db)
    days = sorted({e.event_date for e in events if e.event_date})
    lo, hi = days[1], days[-2]
    at = run_app()
    at.session_state["timeline"] = {"selection": {"brush": {"period": [_ms(lo), _ms(hi)]}}}
    at.run()
    assert not at.exception
    assert at.sidebar.slider(key="f_dates").value == (date.fromisoformat(lo), date.fromisoformat(hi))
    assert counts(at)[0] == sum(1 for e in events if e.event_date and lo <= e.event_date <= hi)
    # clearing the selection gives the slider its full range back
    at.session_state["timeline"] = {"selection": {"brush": {}}}
    at.run()
    assert at.sidebar.slider(key="f_dates").value == (date.fromisoformat(days[0]), date.fromisoformat(days[-1]))
    assert counts(at)[0] == len(events)


def test_timeline_axes_keep_the_year_and_whole_numbers_and_full_legend():
    spec = views.timeline_spec(
        [("Battles", "#d55e00"), ("Explosions/Remote violence", "#6a3d9a")],
        titles={"date": "Date", "event_type": "Type", "events": "Events", "fatalities": "Fatalities"},
    )
    bars, points = spec["layer"]
    assert bars["encoding"]["x"]["axis"]["format"] == "%Y-%m-%d"
    for layer in (bars, points):
        assert layer["encoding"]["y"]["axis"]["format"] == "d"
        assert layer["encoding"]["y"]["axis"]["tickMinStep"] == 1
    assert bars["encoding"]["color"]["legend"]["labelLimit"] == 0


def _timeline_spec(at) -> dict:
    return json.loads(at.get("vega_lite_chart")[0].proto.spec)


def test_timeline_spec_stays_the_same_while_a_filter_keeps_the_types(db):  # noqa: F811
    """The timeline lists the shown types in ACLED order, whatever the order of the events: a filter that keeps
    every type gives the very same spec, so the browser gives the chart new data instead of rebuilding it."""
    from events.models import EVENT_TYPES

    events = [e for e in store_events(db) if e.event_date]
    best = {}
    for e in events:
        best[e.event_type] = max(best.get(e.event_type, 0.0), e.confidence)
    threshold = math.floor(min(best.values()) * 20) / 20  # on the slider's steps, keeps an event of each type
    kept = [e for e in events if e.confidence >= threshold]
    assert len(kept) < len(events) and {e.event_type for e in kept} == set(best)
    at = run_app()
    before = _timeline_spec(at)
    at.sidebar.slider(key="f_conf").set_value(threshold).run()
    assert not at.exception
    assert counts(at)[0] < len(store_events(db))
    assert _timeline_spec(at) == before
    domain = before["layer"][0]["encoding"]["color"]["scale"]["domain"]
    assert domain == [t for t in EVENT_TYPES if t in best]  # the English labels are the ACLED names
