"""The timeline: events per day or week by type, with fatalities; dragging on it selects a date range."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import streamlit as st

from geo.maps import type_color
from ui import views
from ui.data import store_key, timeline_data, timeline_spec
from ui.labels import t, type_labels

#: The timeline starts per week when the events span more days than this (per day otherwise).
WEEKLY_ABOVE_DAYS = 180
#: The chart's height in px. Its slot on the page (``SLOT``) keeps that height while the chart waits for the map and
#: while the browser draws it (``SLOT_CSS``), so the map below never moves.
TIMELINE_HEIGHT = 190
SLOT = "timeline_slot"
SLOT_CSS = f".st-key-{SLOT} {{min-height: {TIMELINE_HEIGHT}px;}}"


def timeline(index, filters: dict, freq: str, version: str) -> None:
    """Stacked events per period by type with fatalities of the ``index`` events that pass ``filters`` (the
    sidebar's, without the dates); dragging on it selects a date range (read from ``st.session_state["timeline"]``)."""
    df = timeline_data(store_key(), version, json.dumps(filters, sort_keys=True, default=str), freq, index, filters)
    if df.empty:
        st.info(t("no_dated_events"))
        return None
    labels = type_labels(df["event_type"])
    df["type_label"] = df["event_type"].map(labels)
    spec = timeline_spec(
        # in a fixed order: the same types give the same spec, so the chart takes new data without being rebuilt
        tuple((labels[x], type_color(x)) for x in views.in_type_order(df["event_type"])),
        tuple((k, t(k)) for k in ("date", "event_type", "events", "fatalities")),
        TIMELINE_HEIGHT,
    )
    st.vega_lite_chart(df, spec, key="timeline", on_select="rerun", selection_mode="brush", width="stretch")


def date_range_from_brush(state) -> tuple[date, date] | None:
    """The (first day, last day) chosen by dragging on the timeline, if any."""
    try:
        sel = state["selection"]["brush"]
    except (KeyError, TypeError):
        return None
    values = next(iter(sel.values()), None) if isinstance(sel, dict) and sel else None
    if not values or len(values) != 2:
        return None

    def to_day(v):
        if isinstance(v, (int, float)):
            return datetime.fromtimestamp(v / 1000, tz=UTC).date()
        return date.fromisoformat(str(v)[:10])

    lo, hi = sorted(to_day(v) for v in values)
    return lo, hi
