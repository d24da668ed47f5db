"""Libya Event Map dashboard: `streamlit run app.py`.

A thin shell: widgets call ``events.store`` (data), ``geo.views`` (filters, timeline, highlighting),
``geo.map_parts`` (the folium map) and ``geo`` exports. Caching lives here and nowhere else.
"""
from __future__ import annotations

import functools
import html
import json
import os
import tempfile
from datetime import date, datetime, timezone
from pathlib import Path

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

import geo
from events.lexicon import SUB_EVENT_TYPES
from events.models import EVENT_TYPES, Article
from store import StoreError
from geo import views

HERE = Path(__file__).resolve().parent
SAMPLES = HERE / "samples" / "sample_articles.jsonl"
STATIC_DIR = HERE / "static" / "lem"
ASSET_BASE = "/app/static/lem"
LABELS = json.loads((HERE / "ui" / "labels.json").read_text(encoding="utf-8"))
TABLE_LIMIT = 5000
#: Events offered in the review tab's list at most (plus the selected one): a pick list, not a table.
REVIEW_OPTIONS = 1000
EAGER_EXPORT_LIMIT = 2000
#: Markers on the map at most (the latest events; 0: no limit); counts, table and exports always cover the
#: whole view. The map's payload is gzipped: ~70 bytes per event (more with long evidence), 1.5 MB for 20,000.
MAP_LIMIT = int(os.environ.get("LEM_MAP_LIMIT", "20000"))
#: The timeline starts per week when the events span more days than this (per day otherwise).
WEEKLY_ABOVE_DAYS = 180

st.set_page_config(page_title="Libya Event Map", page_icon="🗺️", layout="wide")


# --------------------------------------------------------------------------- labels

def lang() -> str:
    return "ar" if st.session_state.get("lang") == "ar" else "en"


def t(key: str, **fmt) -> str:
    """The label ``key`` in the current language (English when the Arabic one is missing)."""
    text = LABELS[lang()].get(key) or LABELS["en"][key]
    return text.format(**fmt) if fmt else text


def type_label(event_type: str) -> str:
    from geo.maps import type_label as label

    return label(event_type, lang())


def type_labels(event_types) -> dict[str, str]:
    """{event type: its label in the current language} for the distinct types given."""
    from geo.maps import type_label as label

    current = lang()
    return {x: label(x, current) for x in set(event_types)}


# --------------------------------------------------------------------------- cached resources

def _db_key() -> str:
    """Identifies the store this process uses (tests point LEM_DB/LEM_HOME at temporary folders)."""
    return f"{os.environ.get('LEM_DB', '')}|{os.environ.get('LEM_HOME', '')}"


@st.cache_resource(show_spinner=False)
def get_store(db_key: str):
    """The event store; on a fresh machine it is filled from the shipped sample articles."""
    from events.io import read_articles
    from store import open_store

    store = open_store()
    if store.stats()["articles"] == 0 and SAMPLES.exists():
        store.ingest(read_articles([SAMPLES]))
    return store


@st.cache_resource(show_spinner=False)
def get_gazetteer():
    import gazetteer

    return gazetteer.load()


@st.cache_resource(show_spinner=False)
def canonical_actors():
    """The actor table's canonical actors, offered when an analyst corrects an event."""
    from events.lexicon import load_actors

    return load_actors()


@st.cache_resource(show_spinner=False)
def static_assets() -> str:
    """Leaflet, its plugins, icons and the offline basemap, copied once under ./static for Streamlit to serve."""
    return str(geo.install_static(STATIC_DIR))


@st.cache_data(show_spinner=False, ttl=5)
def _stats_json(db_key: str, writes: int) -> str:
    return json.dumps(get_store(db_key).stats(), sort_keys=True, default=str)


def store_version(store) -> str:
    """Changes whenever the store's content changes, so cached queries never show stale events.

    This session's own writes count at once; other sessions' writes show within five seconds.
    """
    writes = st.session_state.get("writes", 0)
    return f"{_stats_json(_db_key(), writes)}|{writes}"


@st.cache_resource(show_spinner=False, max_entries=4)
def event_index(db_key: str, version: str, _store) -> views.EventIndex:
    """All non-rejected events with their search text. A resource (not copied per run): events are frozen."""
    return views.EventIndex.from_pairs(_store.events_with_search_text())


@st.cache_data(show_spinner=False, max_entries=4)
def event_facets(db_key: str, version: str, _index: views.EventIndex) -> dict:
    return views.facets(_index.events)


@st.cache_data(show_spinner=False, max_entries=16)
def timeline_data(db_key: str, version: str, filter_key: str, freq: str, _events: list):
    return views.timeline_frame(_events, freq)


@st.cache_data(show_spinner=False, max_entries=32)
def timeline_spec(types: tuple, titles: tuple) -> dict:
    return views.timeline_spec(types, titles=dict(titles))


@st.cache_data(show_spinner=False, max_entries=16)
def export_bytes(db_key: str, version: str, filter_key: str, _events: list) -> tuple[bytes, bytes]:
    """(GeoJSON, CSV) of exactly the filtered events."""
    return (json.dumps(geo.to_geojson(_events), ensure_ascii=False).encode("utf-8"),
            geo.csv_text(_events).encode("utf-8"))


@st.cache_data(show_spinner=False, max_entries=64)
def article_view(db_key: str, version: str, doc_id: str, event_id: str) -> tuple[str, dict] | None:
    """(title + text highlighted as HTML, article fields) for one stored article, or None when unknown."""
    import events

    article = get_store(db_key).article(doc_id)
    if article is None:
        return None
    analysis = events.analyse(article, gazetteer=get_gazetteer())
    event = next((e for e in event_index(db_key, version, get_store(db_key)).events if e.event_id == event_id), None)
    spans = views.article_spans(analysis, event_id=event_id, evidence_spans=event.evidence_spans if event else None)
    meta = {"title": article.title, "date": article.date, "source": article.source, "url": article.url}
    return views.highlight_html(article.analysed_text, spans), meta


def bump_version() -> None:
    st.session_state["writes"] = st.session_state.get("writes", 0) + 1


# --------------------------------------------------------------------------- layout helpers

def apply_direction() -> None:
    """Right-to-left layout for the Arabic interface; marks and article text styling in both."""
    css = """
    mark.place {background: #ffe08a; padding: 0 2px;}
    mark.evidence {background: #cfe8ff;}
    mark.evidence.place {background: #ffc96b;}
    .lem-article-head {font-weight: 600; margin-bottom: .3rem;}
    .lem-evidence {color: #555; font-size: .95rem; margin-bottom: .5rem;}
    .lem-fields div {margin-bottom: .35rem;}
    .lem-article {line-height: 1.9; font-size: 1.05rem; border: 1px solid #ddd; padding: .8rem;
                  border-radius: .4rem; max-height: 28rem; overflow-y: auto;}
    """
    if lang() == "ar":
        css += """
        [data-testid="stMain"], [data-testid="stSidebar"] {direction: rtl; text-align: right;}
        [data-testid="stSidebar"] .stSlider, [data-testid="stMain"] .stSlider,
        [data-testid="stVegaLiteChart"], [data-testid="stDataFrame"] {direction: ltr;}
        """
    st.html(f"<style>{css}</style>")


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
            return datetime.fromtimestamp(v / 1000, tz=timezone.utc).date()
        return date.fromisoformat(str(v)[:10])

    lo, hi = sorted(to_day(v) for v in values)
    return lo, hi


# --------------------------------------------------------------------------- sidebar

def sidebar(facets: dict) -> dict:
    """Language, map options and every filter; returns the filter keyword arguments for views.filter_events."""
    sb = st.sidebar
    sb.radio("Language / اللغة", ["en", "ar"], key="lang", horizontal=True,
             format_func=lambda v: "English" if v == "en" else "العربية")
    sb.header(t("map_options"))
    sb.toggle(t("offline_map"), key="offline", help=t("offline_help"))
    if not st.session_state["offline"]:
        st.session_state["basemap"] = lang_radio(t("basemap"), ["osm", "local"], "basemap", sb,
                                                 format_func=lambda b: t(f"basemap_{b}"))
    sb.toggle(t("heatmap"), key="heatmap")
    sb.toggle(t("clusters"), key="cluster")
    sb.toggle(t("districts"), key="districts")

    sb.header(t("filters"))
    f: dict = {}
    lo, hi = facets["date_min"], facets["date_max"]
    if lo and hi and lo < hi:
        f["date_from"], f["date_to"] = sb.slider(t("date_range"), min_value=lo, max_value=hi, value=(lo, hi),
                                                 key="f_dates", format="YYYY-MM-DD")
    f["event_types"] = sb.multiselect(t("event_type"), facets["event_types"], key="f_types",
                                      format_func=type_label, placeholder=t("any"))
    f["sub_types"] = sb.multiselect(t("sub_event_type"), facets["sub_types"], key="f_subs", placeholder=t("any"))
    f["actors"] = sb.multiselect(t("actor"), facets["actors"], key="f_actors", placeholder=t("any"))
    f["admin1"] = sb.multiselect(t("district"), facets["admin1"], key="f_admin1", placeholder=t("any"))
    f["min_fatalities"] = sb.number_input(t("min_fatalities"), min_value=0, step=1, key="f_fatal")
    f["geo_precision"] = sb.multiselect(t("geo_precision"), [1, 2, 3], key="f_prec", placeholder=t("any"),
                                        format_func=lambda p: t(f"precision_{p}"))
    f["sources"] = sb.multiselect(t("source"), facets["sources"], key="f_sources", placeholder=t("any"))
    f["min_confidence"] = sb.slider(t("min_confidence"), 0.0, 1.0, step=0.05, key="f_conf")
    f["text"] = sb.text_input(t("search"), key="f_text", placeholder=t("search_hint"))
    return f


def lang_radio(label: str, options: list, state_key: str, where, *, format_func):
    """A radio whose labels follow the language. Keyed per language: Streamlit's front end drops the shown
    choice when a radio's option labels change, so each language gets its own widget, seeded from state."""
    value = st.session_state.get(state_key, options[0])
    return where.radio(label, options, index=options.index(value) if value in options else 0,
                       key=f"{state_key}-{lang()}", horizontal=True, format_func=format_func)


def init_state() -> None:
    defaults = {"lang": "en", "offline": os.environ.get("LEM_OFFLINE", "1") != "0", "heatmap": False,
                "basemap": "osm", "cluster": True, "districts": True, "f_fatal": 0, "f_conf": 0.0, "f_text": ""}
    for k, v in defaults.items():
        st.session_state.setdefault(k, v)


# --------------------------------------------------------------------------- main panels

def timeline(events_no_date: list, freq: str, version: str, filter_key: str) -> None:
    """Stacked events per period by type with fatalities; dragging on it selects a date range (read from
    ``st.session_state["timeline"]``)."""
    df = timeline_data(_db_key(), version, filter_key, freq, events_no_date)
    if df.empty:
        st.info(t("no_dated_events"))
        return None
    from geo.maps import type_color

    labels = type_labels(df["event_type"])
    df["type_label"] = df["event_type"].map(labels)
    spec = timeline_spec(tuple((labels[x], type_color(x)) for x in dict.fromkeys(df["event_type"])),
                         tuple((k, t(k)) for k in ("date", "event_type", "events", "fatalities")))
    st.vega_lite_chart(df, spec, key="timeline", on_select="rerun", selection_mode="brush", width="stretch")


@st.fragment
def map_panel(shown: list, selected: str | None) -> None:
    """The folium map. Only marker clicks come back, so panning and zooming never rerun the script; the
    events go in as layers of a map that stays loaded, so a filter change only swaps them."""
    from streamlit_folium import st_folium

    offline = st.session_state["offline"]
    parts = geo.map_parts(shown, offline=offline, basemap="local" if offline else st.session_state["basemap"],
                          cluster=st.session_state["cluster"], heatmap=st.session_state["heatmap"],
                          districts=st.session_state["districts"], lang=lang(), selected=selected,
                          asset_base=ASSET_BASE)
    out = st_folium(parts.base, key="map", height=560, use_container_width=True,
                    feature_group_to_add=parts.layers, layer_control=parts.control,
                    returned_objects=["last_object_clicked", "last_object_clicked_tooltip",
                                      "last_object_clicked_count"],
                    on_change=functools.partial(st.session_state.__setitem__, "map_clicked", True))
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


def _table_pick(key: str, ids: list[str]) -> None:
    """Row click: select that event before the rerun, so the map can already centre on it."""
    rows = st.session_state[key].selection.rows
    if rows:
        st.session_state["selected"] = ids[rows[0]]
        st.session_state["selected_from"] = "table"


def events_table(shown: list) -> None:
    """The filtered events; a row click selects the event (and shows its article below)."""
    rows = shown[:TABLE_LIMIT]
    if len(shown) > TABLE_LIMIT:
        st.caption(t("table_limited", n=TABLE_LIMIT))
    df = views.table_frame(rows)
    df["event_type"] = df["event_type"].map(type_labels(df["event_type"]))
    ids = [e.event_id for e in rows]
    pick = st.session_state.get("map_pick")
    key = f"table-{pick}"
    default = {"selection": {"rows": [ids.index(pick)] if pick in ids else [], "columns": []}}
    st.dataframe(
        df, key=key, on_select=functools.partial(_table_pick, key, ids), selection_mode="single-row",
        hide_index=True, selection_default=default, height=320,
        column_config={c: st.column_config.Column(t(f"col_{c}")) for c in views.TABLE_COLUMNS},
    )


def _fields_html(rows: list[tuple[str, str]], *, links: list[tuple[str, str]] = ()) -> str:
    """A label/value list with every value HTML-escaped; links only for http(s) URLs."""
    items = "".join(f"<div><b>{html.escape(k)}:</b> <span dir=\"auto\">{html.escape(v)}</span></div>"
                    for k, v in rows)
    from geo.maps import http_url

    for name, url in links:
        if (url := http_url(url)) is not None:  # the map's rule: plain http(s) links only
            items += (f'<div>• <a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener noreferrer">'
                      f'{html.escape(name)}</a></div>')
        else:
            items += f"<div>• {html.escape(name)}</div>"
    return f'<div class="lem-fields">{items}</div>'


def event_details(event, store) -> None:
    """Fields, sources and the article with place mentions and the evidence highlighted."""
    st.subheader(t("selected_event"))
    c1, c2 = st.columns(2)
    c1.html(_fields_html([
        (t("event_type"), f"{type_label(event.event_type)} — {event.sub_event_type}"),
        (t("date"), event.event_date or "—"),
        (t("actors"), f"{event.actor1 or '—'} / {event.actor2 or '—'}"),
        (t("fatalities"), f"{event.fatalities}" + (f" ({event.fatalities_note})" if event.fatalities_note else "")),
    ]))
    sources = [(s.get("source") or s.get("doc_id") or "", s.get("url") or "")
               for s in store.event_sources(event.event_id) or []]
    c2.html(_fields_html([
        (t("place"), f"{event.location or '—'} · {event.location_ar or ''} ({event.admin1 or '—'})"),
        (t("geo_precision"), t(f"precision_{event.geo_precision}")),
        (t("confidence"), f"{event.confidence:.2f}"),
        (t("source"), str(len(sources))),
    ], links=sources))
    view = article_view(_db_key(), store_version(store), event.doc_id, event.event_id)
    if view is None:
        st.caption(t("no_article"))
        return
    body, meta = view
    head = " · ".join(x for x in (meta["title"], meta["source"], meta["date"]) if x)
    st.html(f'<div class="lem-article-head" dir="auto">{html.escape(head)}</div>'
            f'<div class="lem-article" dir="auto">{body}</div>')
    st.caption(t("legend_marks"))


def downloads(shown: list, version: str, filter_key: str) -> None:
    """GeoJSON and CSV of exactly the filtered view; large views are generated only when clicked."""
    if len(shown) <= EAGER_EXPORT_LIMIT:
        gj, csv = export_bytes(_db_key(), version, filter_key, shown)
    else:
        gj = lambda: json.dumps(geo.to_geojson(shown), ensure_ascii=False).encode("utf-8")  # noqa: E731
        csv = lambda: geo.csv_text(shown).encode("utf-8")  # noqa: E731
    c1, c2 = st.columns(2)
    c1.download_button(t("download_geojson"), gj, file_name="libya-events.geojson",
                       mime="application/geo+json", key="dl_geojson", on_click="ignore")
    c2.download_button(t("download_csv"), csv, file_name="libya-events.csv", mime="text/csv",
                       key="dl_csv", on_click="ignore")


# --------------------------------------------------------------------------- add articles

def pasted_articles() -> list[Article]:
    """Articles from the paste box and the uploaded files, with the date and source given in the form."""
    from base.errors import InputError
    from events.io import read_articles

    day = st.session_state.get("add_date")
    day = day.isoformat() if isinstance(day, date) else None
    source = (st.session_state.get("add_source") or "").strip() or None
    out = []
    text = (st.session_state.get("add_text") or "").strip()
    if text:
        out.append(Article(text=text, title=(st.session_state.get("add_title") or "").strip(), date=day,
                           source=source or "", url=(st.session_state.get("add_url") or "").strip(),
                           origin="pasted"))
    files = st.session_state.get("add_files") or []
    with tempfile.TemporaryDirectory() as tmp:
        for i, f in enumerate(files):
            folder = Path(tmp) / f"{i:03d}"
            folder.mkdir()
            path = folder / Path(f.name).name
            path.write_bytes(f.getvalue())
            try:
                out.extend(read_articles([path], date=day, source=source))
            except InputError as exc:  # name the uploaded file, not our temporary copy
                raise InputError(exc.where.replace(str(folder) + os.sep, ""), exc.problem) from None
    return out


@st.fragment
def add_articles_tab(store) -> None:
    """Paste/upload → preview → save. A fragment: typing and previewing do not rebuild the map."""
    import events
    from base.errors import InputError

    st.caption(t("add_help"))
    with st.form("add_form"):
        st.text_input(t("article_title"), key="add_title")
        st.text_area(t("article_text"), key="add_text", height=180)
        c1, c2, c3 = st.columns(3)
        c1.date_input(t("publication_date"), key="add_date", value=None)
        c2.text_input(t("source"), key="add_source")
        c3.text_input(t("url"), key="add_url")
        st.file_uploader(t("upload"), type=["txt", "jsonl"], accept_multiple_files=True, key="add_files")
        preview = st.form_submit_button(t("preview"))
    if preview:
        try:
            articles = pasted_articles()
        except InputError as exc:
            st.error(str(exc))
            articles = []
        gaz = get_gazetteer()
        st.session_state["preview"] = [(a, events.analyse(a, gazetteer=gaz), events.extract(a, gazetteer=gaz))
                                       for a in articles]
        if not articles:
            st.warning(t("nothing_to_preview"))
    items = st.session_state.get("preview") or []
    for article, analysis, evs in items:
        with st.container(border=True):
            head = " · ".join((article.title or article.doc_id[:12], article.date or "—", article.source or "—"))
            body = views.highlight_html(article.analysed_text, views.article_spans(analysis))
            st.html(f'<div class="lem-article-head" dir="auto">{html.escape(head)}</div>'
                    f'<div class="lem-article" dir="auto">{body}</div>')
            st.caption(t("found_events", n=len(evs)))
            if evs:
                df = views.table_frame(evs)
                df["event_type"] = df["event_type"].map(type_labels(df["event_type"]))
                st.dataframe(df, hide_index=True)
    if items and st.button(t("save"), key="add_save", type="primary"):
        for article, _, evs in items:
            store.add_article(article, evs)
        st.session_state["preview"] = []
        bump_version()
        st.session_state["flash"] = t("saved", n=sum(len(e) for _, _, e in items))
        st.rerun(scope="app")


# --------------------------------------------------------------------------- review

@st.fragment
def review_tab(store, shown: list, facets: dict) -> None:
    """Correct or reject one event. A fragment: searching the gazetteer does not rebuild the map."""
    if not shown:
        st.info(t("no_events"))
        return
    sel = st.session_state.get("selected")
    pool = shown[:REVIEW_OPTIONS]
    if len(shown) > REVIEW_OPTIONS:
        pool += [e for e in shown[REVIEW_OPTIONS:] if e.event_id == sel]
        st.caption(t("review_limited", n=REVIEW_OPTIONS))
    ids = [e.event_id for e in pool]
    by_id = {e.event_id: e for e in pool}
    labels = type_labels(e.event_type for e in pool)
    event_id = st.selectbox(
        t("event_to_review"), ids, index=ids.index(sel) if sel in ids else 0, key=f"rev_pick-{sel}",
        format_func=lambda i: f"{by_id[i].event_date or '—'} · {labels[by_id[i].event_type]} · "
                              f"{by_id[i].location or '—'} · {by_id[i].actor1 or '—'}")
    ev = by_id[event_id]
    st.html(f'<div class="lem-evidence" dir="auto">{html.escape(ev.evidence or "")}</div>')
    query = st.text_input(t("place_search"), key="rev_place_q", placeholder=t("place_search_hint"))
    candidates = get_gazetteer().match(query, limit=8) if query.strip() else []
    place_options = [None] + [c.place.place_id for c in candidates]
    place_names = {c.place.place_id: f"{c.place.name_en} — {c.place.name_ar} ({c.place.admin1 or c.place.kind})"
                   for c in candidates}
    with st.form(f"review-{event_id}"):
        place_id = st.selectbox(t("new_place"), place_options, key="rev_place",
                                format_func=lambda p: t("keep_place", place=ev.location or "—") if p is None
                                else place_names[p])
        types = list(EVENT_TYPES)
        c1, c2 = st.columns(2)
        event_type = c1.selectbox(t("event_type"), types, index=types.index(ev.event_type)
                                  if ev.event_type in types else 0, format_func=type_label)
        subs = list(dict.fromkeys([s for ss in SUB_EVENT_TYPES.values() for s in ss] + [ev.sub_event_type]))
        sub_type = c2.selectbox(t("sub_event_type"), subs, index=subs.index(ev.sub_event_type))
        actors = [None] + sorted({a.actor for a in canonical_actors()} | set(facets["actors"])
                                 | {a for a in (ev.actor1, ev.actor2) if a})
        actor1 = c1.selectbox(t("actor1"), actors, index=actors.index(ev.actor1), format_func=lambda a: a or "—")
        actor2 = c2.selectbox(t("actor2"), actors, index=actors.index(ev.actor2), format_func=lambda a: a or "—")
        day = c1.date_input(t("date"), value=date.fromisoformat(ev.event_date) if ev.event_date else None)
        fatalities = c2.number_input(t("fatalities"), min_value=0, step=1, value=int(ev.fatalities or 0))
        reject = st.checkbox(t("reject"))
        author = st.text_input(t("author"), value=st.session_state.get("author", "analyst"))
        submitted = st.form_submit_button(t("save_correction"), type="primary")
    if submitted:
        changes: dict = {}
        if place_id:
            changes["place_id"] = place_id
        new = {"event_type": event_type, "sub_event_type": sub_type, "actor1": actor1, "actor2": actor2,
               "event_date": day.isoformat() if day else None, "fatalities": int(fatalities)}
        changes.update({k: v for k, v in new.items() if v != getattr(ev, k)})
        if reject:
            changes["rejected"] = True
        if not changes:
            st.info(t("no_changes"))
            return
        st.session_state["author"] = author
        try:
            store.correct(event_id, author=author.strip() or "analyst", **changes)
        except StoreError as exc:
            st.error(str(exc))
            return
        bump_version()
        st.session_state["flash"] = t("correction_saved")
        st.rerun(scope="app")


# --------------------------------------------------------------------------- page

def main() -> None:
    init_state()
    apply_direction()
    static_assets()
    db = _db_key()
    try:
        store = get_store(db)
        version = store_version(store)
    except (StoreError, SQLAlchemyError, OSError) as exc:
        st.error(t("store_error", error=str(exc).splitlines()[0]))
        st.stop()
    index = event_index(db, version, store)
    facets = event_facets(db, version, index)
    if "freq" not in st.session_state:  # daily bars over years are unreadable: start weekly then
        span = (facets["date_max"] - facets["date_min"]).days if facets["date_min"] else 0
        st.session_state["freq"] = "W" if span > WEEKLY_ABOVE_DAYS else "D"
    filters = sidebar(facets)

    st.title(t("app_title"))
    # slots that are always there, filled or not: an element appearing above the map would shift it
    # and make the browser load the map anew
    flash = st.empty()
    if msg := st.session_state.pop("flash", None):
        flash.success(msg)
    counters = st.container()

    tab_map, tab_add, tab_review = st.tabs([t("tab_map"), t("tab_add"), t("tab_review")])
    with tab_map:
        no_date = {k: v for k, v in filters.items() if k not in ("date_from", "date_to")}
        st.session_state["freq"] = lang_radio(t("per"), ["D", "W"], "freq", st,
                                              format_func=lambda v: t("per_day") if v == "D" else t("per_week"))
        # the timeline is drawn above the map but after it: the map, the slower part, starts loading first
        timeline_slot = st.container()
        brushed = date_range_from_brush(st.session_state.get("timeline"))
        if brushed:
            lo = max(brushed[0], filters.get("date_from") or brushed[0])
            hi = min(brushed[1], filters.get("date_to") or brushed[1])
            filters["date_from"], filters["date_to"] = lo, hi
        shown = index.filter(**filters)
        n, fatal = views.totals(shown)
        c1, c2, c3 = counters.columns(3)
        c1.metric(t("events"), n)
        c2.metric(t("fatalities"), fatal)
        c3.metric(t("in_store"), len(index.events))
        selected = st.session_state.get("selected")
        shown_ids = {e.event_id for e in shown}
        from_table = st.session_state.get("selected_from") == "table" and selected in shown_ids
        on_map = views.most_recent(shown, MAP_LIMIT) if MAP_LIMIT > 0 else shown
        limit_note = st.empty()
        if len(on_map) < len(shown):
            limit_note.warning(t("map_limited", n=len(on_map), total=len(shown)))
        map_panel(on_map, selected if from_table else None)
        with timeline_slot:
            timeline(index.filter(**no_date), st.session_state["freq"], version,
                     json.dumps(no_date, sort_keys=True, default=str))
            if brushed:
                st.caption(t("timeline_selection", lo=filters["date_from"].isoformat(),
                             hi=filters["date_to"].isoformat()))
        downloads(shown, version, json.dumps(filters, sort_keys=True, default=str))
        events_table(shown)
        event = next((e for e in shown if e.event_id == selected), None)
        if event is not None:
            event_details(event, store)
    with tab_add:
        add_articles_tab(store)
    with tab_review:
        review_tab(store, shown, facets)

main()
