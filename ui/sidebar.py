"""The sidebar: language, map options and every filter; and the session's defaults."""

from __future__ import annotations

import os

import streamlit as st

from ui.labels import actor_label, lang, sub_type_label, t, type_label


def sidebar(facets: dict) -> dict:
    """Language, map options and every filter; returns the filter keyword arguments for views.filter_events."""
    sb = st.sidebar
    sb.radio(
        "Language / اللغة",
        ["en", "ar"],
        key="lang",
        horizontal=True,
        format_func=lambda v: "English" if v == "en" else "العربية",
    )
    sb.header(t("map_options"))
    sb.toggle(t("offline_map"), key="offline", help=t("offline_help"))
    if not st.session_state["offline"]:
        st.session_state["basemap"] = lang_radio(
            t("basemap"), ["osm", "local"], "basemap", sb, format_func=lambda b: t(f"basemap_{b}")
        )
    sb.toggle(t("heatmap"), key="heatmap")
    sb.toggle(t("clusters"), key="cluster")
    sb.toggle(t("districts"), key="districts")

    sb.header(t("filters"))
    relabel_chips()
    f: dict = {}
    lo, hi = facets["date_min"], facets["date_max"]
    if lo and hi and lo < hi:
        current = st.session_state.get("f_dates")
        if not (isinstance(current, tuple) and len(current) == 2 and lo <= current[0] <= current[1] <= hi):
            st.session_state["f_dates"] = (lo, hi)  # first run, or the store's dates moved
        f["date_from"], f["date_to"] = sb.slider(
            t("date_range"), min_value=lo, max_value=hi, key="f_dates", format="YYYY-MM-DD"
        )
    undated_filter(f, facets, sb)
    f["event_types"] = sb.multiselect(
        t("event_type"), facets["event_types"], key="f_types", format_func=type_label, placeholder=t("any")
    )
    f["sub_types"] = sb.multiselect(
        t("sub_event_type"), facets["sub_types"], key="f_subs", placeholder=t("any"), format_func=sub_type_label
    )
    f["actors"] = sb.multiselect(
        t("actor"), facets["actors"], key="f_actors", placeholder=t("any"), format_func=actor_label
    )
    f["admin1"] = sb.multiselect(t("district"), facets["admin1"], key="f_admin1", placeholder=t("any"))
    f["min_fatalities"] = sb.number_input(t("min_fatalities"), min_value=0, step=1, key="f_fatal")
    f["geo_precision"] = sb.multiselect(
        t("geo_precision"), [1, 2, 3], key="f_prec", placeholder=t("any"), format_func=lambda p: t(f"precision_{p}")
    )
    f["sources"] = sb.multiselect(t("source"), facets["sources"], key="f_sources", placeholder=t("any"))
    f["min_confidence"] = sb.slider(t("min_confidence"), 0.0, 1.0, step=0.05, key="f_conf")
    f["text"] = sb.text_input(t("search"), key="f_text", placeholder=t("search_hint"))
    return f


#: Multiselect filters whose options are shown in the interface's language.
LABELLED_FILTERS = ("f_types", "f_subs", "f_actors", "f_prec")


def relabel_chips() -> None:
    """Streamlit's front end keeps the label a chosen chip had when the labels change language; giving the
    filters their (unchanged) values again from the script makes it draw the chips in the new language."""
    if st.session_state.get("chips_lang") == lang():
        return
    for key in LABELLED_FILTERS:
        if key in st.session_state:
            st.session_state[key] = list(st.session_state[key])
    st.session_state["chips_lang"] = lang()


def undated_filter(f: dict, facets: dict, sb) -> None:
    """Undated events are shown and counted by default, whatever the date range; the box says how many."""
    from ui.auth import tt_undated

    n = facets.get("undated", 0)
    f["undated"] = sb.checkbox(tt_undated(n), value=True, key="f_undated") if n else True


def lang_radio(label: str, options: list, state_key: str, where, *, format_func):
    """A radio whose labels follow the language. Keyed per language: Streamlit's front end drops the shown
    choice when a radio's option labels change, so each language gets its own widget, seeded from state."""
    value = st.session_state.get(state_key, options[0])
    return where.radio(
        label,
        options,
        index=options.index(value) if value in options else 0,
        key=f"{state_key}-{lang()}",
        horizontal=True,
        format_func=format_func,
    )


def brush_to_sidebar(brushed, facets: dict) -> None:
    """The timeline's selection and the sidebar's date range are one filter: a new selection on the timeline
    moves the slider, and clearing it gives the slider back its full range. Runs before the slider is drawn."""
    lo, hi = facets["date_min"], facets["date_max"]
    if not (lo and hi and lo < hi):
        return
    last = st.session_state.get("brush_applied")
    if brushed and brushed != last:
        st.session_state["f_dates"] = (max(lo, min(hi, brushed[0])), min(hi, max(lo, brushed[1])))
        st.session_state["brush_applied"] = brushed
    elif not brushed and last:
        st.session_state["f_dates"] = (lo, hi)
        st.session_state["brush_applied"] = None


def init_state() -> None:
    defaults = {
        "lang": "en",
        "offline": os.environ.get("LEM_OFFLINE", "1") != "0",
        "heatmap": False,
        "basemap": "osm",
        "cluster": True,
        "districts": True,
        "f_fatal": 0,
        "f_conf": 0.0,
        "f_text": "",
    }
    for k, v in defaults.items():
        st.session_state.setdefault(k, v)
