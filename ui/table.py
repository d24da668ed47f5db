"""The events table (a row click selects the event) and the downloads of the filtered view."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

import streamlit as st

import geo
from ui import views
from ui.data import export_bytes, export_dicts, store_key, table_data

if TYPE_CHECKING:
    from streamlit.elements.arrow import DataframeStateInput
    from streamlit.elements.lib.column_types import ColumnConfig

from ui.labels import actor_label, lang, sub_type_label, t, type_labels

TABLE_LIMIT = 5000
EAGER_EXPORT_LIMIT = 2000


def _table_pick(key: str, ids: list[str]) -> None:
    """Row click: select that event before the rerun, so the map can already centre on it."""
    rows = st.session_state[key].selection.rows
    if rows:
        st.session_state["selected"] = ids[rows[0]]
        st.session_state["selected_from"] = "table"


#: Columns the events table shows, in order; the rest of ``views.TABLE_COLUMNS`` (Arabic place name, precision,
#: confidence, outlet, id) stays in the data and the downloads, so place, district and fatalities fit without
#: sideways scrolling at 1440 px.
SHOWN_COLUMNS = [
    "event_date",
    "event_type",
    "sub_event_type",
    "location",
    "admin1",
    "fatalities",
    "actor1",
    "actor2",
    "source_count",
]


def display_frame(events: list):
    """The events as the table shows them: newest first, types, sub-types, actors and "none" in the interface's
    language (the place in Arabic in the Arabic interface). The add-article preview uses it too. Each distinct
    value is labelled once: thousands of rows share a few dozen names."""
    rows = sorted(events, key=lambda e: e.event_date or "", reverse=True)
    df = views.table_frame(rows)
    df["event_type"] = df["event_type"].map(type_labels(df["event_type"]))
    # lists, not Series.map: pandas hands a missing value to the function only when the whole column is missing
    subs = {s: sub_type_label(s) for s in {e.sub_event_type for e in rows}}
    df["sub_event_type"] = [subs[e.sub_event_type] for e in rows]
    actors = {a: actor_label(a) for a in {a for e in rows for a in (e.actor1, e.actor2)}}
    for c in ("actor1", "actor2"):
        df[c] = [actors[getattr(e, c)] for e in rows]
    if lang() == "ar":
        df["location"] = [e.location_ar or e.location for e in rows]
    none = t("none")
    df["admin1"] = [e.admin1 or none for e in rows]
    return rows, df


def table_config() -> dict[str, ColumnConfig]:
    """Headers in the interface's language and widths that fit the page."""
    widths: dict[str, Literal["small", "medium", "large"]] = {
        "event_date": "small",
        "fatalities": "small",
        "source_count": "small",
        "admin1": "small",
    }
    return {c: st.column_config.Column(t(f"col_{c}"), width=widths.get(c)) for c in views.TABLE_COLUMNS}


#: Columns of names that repeat from row to row: sent as categories (Arrow dictionaries), each name once, which
#: makes the table a third of the bytes; shown and sorted exactly like text.
REPEATED_COLUMNS = ("event_type", "sub_event_type", "actor1", "actor2", "location", "location_ar", "admin1", "source")


def _table_frame(shown: list) -> tuple[list[str], object]:
    """(event ids, display frame) of the newest ``TABLE_LIMIT`` events of ``shown``."""
    rows, df = display_frame(
        shown[:TABLE_LIMIT]
        if len(shown) <= TABLE_LIMIT
        else sorted(shown, key=lambda e: e.event_date or "", reverse=True)[:TABLE_LIMIT]
    )
    for c in REPEATED_COLUMNS:
        df[c] = df[c].astype("category")
    return [e.event_id for e in rows], df


def events_table(shown: list, version: str, filter_key: str) -> None:
    """The filtered events (``shown``, named by ``filter_key``), newest first and sortable by any column; a row
    click selects the event."""
    ids, df = table_data(store_key(), version, filter_key, lang(), functools.partial(_table_frame, shown))
    if len(shown) > TABLE_LIMIT:
        st.caption(t("table_limited", n=TABLE_LIMIT))
    pick = st.session_state.get("map_pick")
    key = f"table-{pick}"
    default: DataframeStateInput = {"selection": {"rows": [ids.index(pick)] if pick in ids else [], "columns": []}}
    st.dataframe(
        df,
        key=key,
        on_select=functools.partial(_table_pick, key, ids),
        selection_mode="single-row",
        hide_index=True,
        selection_default=default,
        height=320,
        column_order=SHOWN_COLUMNS,
        column_config=table_config(),
    )


def _exports_on_click(key: str, version: str, shown: list) -> tuple[Callable[[], bytes], Callable[[], bytes]]:
    """GeoJSON and CSV makers that Streamlit calls only when their download button is clicked."""

    def gj() -> bytes:
        return json.dumps(geo.to_geojson(export_dicts(key, version, shown)), ensure_ascii=False).encode("utf-8")

    def csv() -> bytes:
        return geo.csv_text(export_dicts(key, version, shown)).encode("utf-8")

    return gj, csv


def downloads(shown: list, version: str, filter_key: str) -> None:
    """GeoJSON and CSV of exactly the filtered view; large views are generated only when clicked."""
    gj: bytes | Callable[[], bytes]
    csv: bytes | Callable[[], bytes]
    if len(shown) <= EAGER_EXPORT_LIMIT:
        gj, csv = export_bytes(store_key(), version, filter_key, shown)
    else:
        gj, csv = _exports_on_click(store_key(), version, shown)
    c1, c2 = st.columns(2)
    c1.download_button(
        t("download_geojson"),
        gj,
        file_name="libya-events.geojson",
        mime="application/geo+json",
        key="dl_geojson",
        on_click="ignore",
    )
    c2.download_button(
        t("download_csv"), csv, file_name="libya-events.csv", mime="text/csv", key="dl_csv", on_click="ignore"
    )
