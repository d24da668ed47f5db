"""The map panel: the folium map (base map and event layers) in streamlit-folium, and marker clicks."""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence

import streamlit as st
from branca.element import MacroElement
from jinja2 import Template

import geo
from ui import views
from ui.data import map_events, map_payload, store_key, view_key
from ui.labels import lang

ASSET_BASE = "/app/static/lem"
#: Where streamlit-folium keeps the map's last value in the session state.
MAP_KEY = "map"
#: Session keys: the page waits for this session's map before drawing the timeline and the table (``rest_waits``).
WAITING, SEEN = "rest_waiting", "page_seen"
#: What the map sends back once it has drawn its events (``_ReportDrawn``).
DRAWN = "lem_drawn"
#: Markers on the map at most (the latest events; 0: no limit); counts, table and exports always cover the
#: whole view. The map's payload is gzipped: ~70 bytes per event (more with long evidence), 1.5 MB for 20,000.
MAP_LIMIT = int(os.environ.get("LEM_MAP_LIMIT", "20000"))


def on_map(shown: Sequence) -> list:
    """The events of the view that go on the map: the latest ``MAP_LIMIT``."""
    return views.most_recent(shown, MAP_LIMIT) if MAP_LIMIT > 0 else list(shown)


def encoded_view(shown: list, index, version: str):
    """The shown events as rows of the store version's encoded events (encoded on their own if one is not
    in the index, e.g. an event the script made up)."""
    encoded, position = map_events(store_key(), version, index)
    try:
        return encoded.take([position[e.event_id] for e in shown])
    except KeyError:
        return geo.encode_events(shown)


def rest_waits() -> bool:
    """True on a session's first run only: the page then leaves the timeline and the table for the run the map
    asks for once it has drawn its events. The browser builds the page on the thread the map's frame runs on, and
    those two would cost the first map ~0.8 s of it; any later run (a filter, a click) draws them at once."""
    first = SEEN not in st.session_state
    st.session_state[SEEN] = True
    st.session_state[WAITING] = first
    return first


class _ReportDrawn(MacroElement):
    """Once the events layer has drawn (its "lem-drawn" event), the map sends ``{DRAWN: true}`` back through
    streamlit-folium's channel (``window.Streamlit``, with the value it last sent), which reruns ``map_panel``; after
    ``FALLBACK_MS`` it sends it anyway, so a map that cannot draw does not keep the rest of the page away."""

    FALLBACK_MS = 10_000

    _template = Template("""
{% macro script(this, kwargs) %}
(function () {
    var sent = false;
    function report() {
        var S = window.Streamlit, G = window.__GLOBAL_DATA__;
        if (sent || !S || !G) { return; }
        sent = true;
        var value = Object.assign({}, G.previous_data);
        value[{{ this.key|tojson }}] = true;
        S.setComponentValue(value);
    }
    window.addEventListener("lem-drawn", report, {once: true});
    setTimeout(report, {{ this.FALLBACK_MS }});
})();
{% endmacro %}
""")

    def __init__(self):
        super().__init__()
        self._name = "LemReportDrawn"
        self.key = DRAWN


@st.fragment
def map_panel(shown: list, selected: str | None, *, index, version: str) -> None:
    """The folium map of ``shown`` (events of ``index``, see ``on_map``). Only marker
    clicks come back, so panning and zooming never rerun the script; the events go in as layers of a map
    that stays loaded, so a filter change only swaps them."""
    from streamlit_folium import st_folium

    if (st.session_state.get(MAP_KEY) or {}).get(DRAWN) and st.session_state.pop(WAITING, False):
        st.rerun(scope="app")  # the first map has drawn its events: now the rest of the page
    offline = st.session_state["offline"]
    view = encoded_view(shown, index, version)
    # Leaflet and its plugins always come from this app (offline=True): online only the basemap tiles are
    # fetched, so without internet the map still draws, and falls back to the local basemap
    parts = geo.map_parts(
        view,
        offline=True,
        basemap="local" if offline else st.session_state["basemap"],
        cluster=st.session_state["cluster"],
        heatmap=st.session_state["heatmap"],
        districts=st.session_state["districts"],
        lang=lang(),
        selected=selected,
        asset_base=ASSET_BASE,
        payload=map_payload(store_key(), version, view_key(view), lang(), selected, view),
    )
    parts.base.add_child(_ReportDrawn())
    out = st_folium(
        parts.base,
        key=MAP_KEY,
        height=560,
        use_container_width=True,
        feature_group_to_add=parts.layers,
        layer_control=parts.control,
        returned_objects=["last_object_clicked", "last_object_clicked_tooltip", "last_object_clicked_count"],
        on_change=functools.partial(st.session_state.__setitem__, "map_clicked", True),
    )
    # the map stays loaded across reruns and keeps returning its last click: act on new clicks only
    if not out or not st.session_state.pop("map_clicked", False):
        return
    picked = None
    tooltip = out.get("last_object_clicked_tooltip")
    if tooltip:
        picked = geo.event_id_from_tooltip(tooltip)
    if picked is None and out.get("last_object_clicked"):
        pt = out["last_object_clicked"]
        hit = geo.event_at(shown, pt.get("lat"), pt.get("lng"))
        picked = hit.event_id if hit is not None else None
    if picked and picked != st.session_state.get("selected"):
        st.session_state["map_pick"] = picked
        st.session_state["selected"] = picked
        st.session_state["selected_from"] = "map"
        st.rerun(scope="app")
