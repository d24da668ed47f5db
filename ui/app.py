"""Libya Event Map dashboard page: ``streamlit run app.py`` in the repository, ``libya-event-map`` when installed.

Only the wiring: the page's layout and the order its parts are drawn in. The parts live in ``ui/``: ``data``
(the store and every cached query), ``sidebar`` (filters), ``timeline``, ``map_panel``, ``table`` (with the
downloads), ``article`` (the selected event), ``add_tab``, ``review_tab``, ``sources_tab`` (feeds and links),
``labels`` (English/Arabic) and ``views`` (the pure view-model: filtering, facets, timeline data, highlighting).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from store import StoreError
from ui import views
from ui.add_tab import add_articles_tab
from ui.article import event_details
from ui.auth import account_box, gate, may_write, md_escape, read_only_note
from ui.data import event_facets, event_index, get_store, static_assets, store_key, store_version
from ui.labels import apply_direction, t
from ui.map_panel import map_panel, on_map, rest_waits
from ui.review_tab import review_tab
from ui.sidebar import brush_to_sidebar, init_state, lang_radio, sidebar
from ui.sources_tab import sources_tab
from ui.sources_tab import w as sources_word
from ui.table import downloads, events_table
from ui.timeline import SLOT as TIMELINE_SLOT
from ui.timeline import SLOT_CSS as TIMELINE_SLOT_CSS
from ui.timeline import WEEKLY_ABOVE_DAYS, date_range_from_brush, timeline


def main(static_dir: Path) -> None:
    """Draw the page; ``static_dir`` is the folder Streamlit serves, beside the script it runs."""
    st.set_page_config(page_title="Libya Event Map", page_icon="🗺️", layout="wide")
    init_state()
    apply_direction(more_css=TIMELINE_SLOT_CSS)
    static_assets(str(static_dir))
    db = store_key()
    try:
        store = get_store(db)
        version = store_version(store)
    except (StoreError, SQLAlchemyError, OSError) as exc:
        st.error(t("store_error", error=md_escape(str(exc).splitlines()[0])))
        st.stop()
    user = gate(store)  # login with accounts; single-user only on localhost; no session under a foreign Host
    index = event_index(db, version, store)
    facets = event_facets(db, version, index)
    if "freq" not in st.session_state:  # daily bars over years are unreadable: start weekly then
        span = (facets["date_max"] - facets["date_min"]).days if facets["date_min"] else 0
        st.session_state["freq"] = "W" if span > WEEKLY_ABOVE_DAYS else "D"
    brushed = date_range_from_brush(st.session_state.get("timeline"))
    brush_to_sidebar(brushed, facets)
    filters = sidebar(facets)
    account_box(user)

    st.title(t("app_title"))
    # slots that are always there, filled or not: an element appearing above the map would shift it
    # and make the browser load the map anew
    flash = st.empty()
    if msg := st.session_state.pop("flash", None):
        flash.success(msg)
    counters = st.container()

    tab_map, tab_add, tab_review, tab_sources = page_tabs()
    later = rest_waits()
    with tab_map:
        no_date = {k: v for k, v in filters.items() if k not in ("date_from", "date_to")}
        st.session_state["freq"] = lang_radio(
            t("per"), ["D", "W"], "freq", st, format_func=lambda v: t("per_day") if v == "D" else t("per_week")
        )
        # the timeline is drawn above the map but after it: the map, the slower part, starts loading first
        timeline_slot = st.container(key=TIMELINE_SLOT)
        shown = index.filter(**filters)
        filter_key = json.dumps(filters, sort_keys=True, default=str)  # names the view in the cached queries
        n, fatal = views.totals(shown)
        c1, c2, c3 = counters.columns(3)
        c1.metric(t("events"), n)
        c2.metric(t("fatalities"), fatal)
        c3.metric(t("in_store"), len(index.events))
        selected = st.session_state.get("selected")
        shown_ids = {e.event_id for e in shown}
        from_table = st.session_state.get("selected_from") == "table" and selected in shown_ids
        mapped = on_map(shown)
        limit_note = st.empty()
        if len(mapped) < len(shown):
            limit_note.warning(t("map_limited", n=len(mapped), total=len(shown)))
        map_panel(mapped, selected if from_table else None, index=index, version=version)
        with timeline_slot:
            if later:
                st.empty()  # the slot is drawn (an empty one is not) and keeps the chart's height
            else:
                timeline(index, no_date, st.session_state["freq"], version)
            if brushed and filters.get("date_from"):
                st.caption(
                    t("timeline_selection", lo=filters["date_from"].isoformat(), hi=filters["date_to"].isoformat())
                )
        downloads(shown, version, filter_key)
        if not later:
            events_table(shown, version, filter_key)
        event = next((e for e in shown if e.event_id == selected), None)
        if event is not None:
            event_details(event, store)
    # the other tabs are drawn only when open: the browser has less to build before the map, which shares its
    # main thread with the page
    if tab_add.open:
        with tab_add:
            add_articles_tab(store) if may_write(user) else read_only_note(user)
    if tab_review.open:
        with tab_review:
            review_tab(store, shown, facets, version, filter_key) if may_write(user) else read_only_note(user)
    if tab_sources.open:
        with tab_sources:
            sources_tab(store, index.events, can_edit=may_write(user))


def page_tabs() -> Sequence[Any]:
    """Map, Add articles, Review, Sources. Each knows whether it is open (``.open``), so the page draws only the
    open one besides the map; the map tab is always drawn so that the loaded map survives a visit to another tab.
    The open tab stays open when the labels change language."""
    labels = [t("tab_map"), t("tab_add"), t("tab_review"), sources_word("tab")]
    before, shown = st.session_state.get("tab_labels"), st.session_state.get("tab")
    if before and shown not in labels and shown in before:
        st.session_state["tab"] = labels[before.index(shown)]
    st.session_state["tab_labels"] = labels
    return st.tabs(labels, key="tab", on_change="rerun")


if __name__ == "__main__":  # Streamlit runs this file as the page script of an installed package
    main(Path(__file__).with_name("static"))
