"""The dashboard's data: the store, the gazetteer and static assets as cached resources, and every cached query.

All of the dashboard's Streamlit caching lives here; keys carry the store (``store_key()``) and its content version, so
a cached query never shows stale events.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import streamlit as st

import geo
from ui import review, views

#: The invented sample articles a fresh store is filled with (``ui/samples/README.md``); shipped with the package.
SAMPLES = Path(__file__).resolve().parent / "samples" / "sample_articles.jsonl"


def store_key() -> str:
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
def static_assets(static_dir: str) -> str:
    """Leaflet, its plugins, icons and the offline basemap, copied once into ``static_dir/lem`` for Streamlit to serve.

    ``static_dir`` is the ``static`` folder beside the page script Streamlit runs: the one folder it serves.
    """
    return str(geo.install_static(Path(static_dir) / "lem"))


@st.cache_data(show_spinner=False, ttl=5)
def _stats_json(db_key: str, writes: int) -> str:
    return json.dumps(get_store(db_key).stats(), sort_keys=True, default=str)


def store_version(store) -> str:
    """Changes whenever the store's content changes, so cached queries never show stale events.

    This session's own writes count at once; other sessions' writes show within five seconds.
    """
    return _version(st.session_state.get("writes", 0))


def fresh_version() -> str:
    """The store version a new session starts with (no writes of its own): what the server's warm start fills
    the caches for."""
    return _version(0)


def _version(writes: int) -> str:
    return f"{_stats_json(store_key(), writes)}|{writes}"


@st.cache_resource(show_spinner=False, max_entries=4)
def event_index(db_key: str, version: str, _store) -> views.EventIndex:
    """All non-rejected events with their search text. A resource (not copied per run): events are frozen."""
    return views.EventIndex.from_pairs(_store.events_with_search_text())


@st.cache_resource(show_spinner=False, max_entries=4)
def map_events(db_key: str, version: str, _index: views.EventIndex):
    """Every event of the index encoded for the map once (``geo.MapEvents``), and each event's position in it:
    a filtered view's map layer is then a selection of ready rows, not 10,000 events encoded again."""
    encoded = geo.encode_events(_index.events)
    return encoded, {event_id: i for i, event_id in enumerate(encoded.ids)}


@st.cache_data(show_spinner=False, max_entries=16)
def map_payload(db_key: str, version: str, view_key: str, lang: str, selected: str | None, _events) -> str:
    """The map layer of the encoded events ``_events`` (named by ``view_key``) packed for the page
    (``geo.packed_payload``), so a rerun that shows the same events (a reload, a click elsewhere, another filter
    that keeps the same events) does not pack them again."""
    return geo.packed_payload(_events, lang=lang, selected=selected)


def view_key(events) -> str:
    """Names a selection of encoded events (``geo.MapEvents``) by the events it holds, in order."""
    return hashlib.blake2b("\n".join(events.ids).encode("utf-8"), digest_size=16).hexdigest()


@st.cache_data(show_spinner=False, max_entries=4)
def event_facets(db_key: str, version: str, _index: views.EventIndex) -> dict:
    return views.facets(_index.events)


@st.cache_data(show_spinner=False, max_entries=16)
def timeline_data(db_key: str, version: str, filter_key: str, freq: str, _index: views.EventIndex, _filters: dict):
    """Events per period of the index filtered by ``_filters`` (named by ``filter_key``): filtered only when
    not cached."""
    return views.timeline_frame(_index.filter(**_filters), freq)


@st.cache_data(show_spinner=False, max_entries=32)
def timeline_spec(types: tuple, titles: tuple, height: int) -> dict:
    return views.timeline_spec(types, titles=dict(titles), height=height)


@st.cache_data(show_spinner=False, max_entries=4)
def correction_notes(db_key: str, version: str) -> dict[str, tuple[str, bool]]:
    """(correction summary, rejected) by corrected event id: the downloads' ``corrections`` and the review count."""
    return get_store(db_key).correction_notes()


@st.cache_data(show_spinner=False, max_entries=8)
def table_data(db_key: str, version: str, filter_key: str, lang: str, _build) -> tuple:
    """The events table of the view named by ``filter_key`` in ``lang``, as ``_build()`` makes it (event ids,
    frame): built once per view, language and store version, not on every rerun."""
    return _build()


@st.cache_resource(show_spinner=False, max_entries=8)
def review_order(db_key: str, version: str, filter_key: str, _events: list) -> tuple:
    """The filtered events (named by ``filter_key``) in review order, sorted once per view and store version
    rather than on every rerun; a tuple, shared by the sessions and never changed."""
    return tuple(review.review_queue(_events, correction_notes(db_key, version)))


def export_dicts(db_key: str, version: str, events: list) -> list[dict]:
    """The filtered events as ``python -m events export`` writes them, with their ``corrections`` property."""
    from geo.export import event_dicts

    return event_dicts(events, correction_notes(db_key, version))


@st.cache_data(show_spinner=False, max_entries=16)
def export_bytes(db_key: str, version: str, filter_key: str, _events: list) -> tuple[bytes, bytes]:
    """(GeoJSON, CSV) of exactly the filtered events, with corrections like the command line's export."""
    rows = export_dicts(db_key, version, _events)
    return (json.dumps(geo.to_geojson(rows), ensure_ascii=False).encode("utf-8"), geo.csv_text(rows).encode("utf-8"))


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
