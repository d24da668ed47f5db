"""The selected event: its fields, sources and the article with place mentions and evidence highlighted."""

from __future__ import annotations

import html
from collections.abc import Sequence

import streamlit as st

from geo.maps import http_url
from ui.data import article_view, store_key, store_version
from ui.labels import t, type_label


def _fields_html(rows: list[tuple[str, str]], *, links: Sequence[tuple[str, str]] = ()) -> str:
    """A label/value list with every value HTML-escaped; links only for http(s) URLs."""
    items = "".join(f'<div><b>{html.escape(k)}:</b> <span dir="auto">{html.escape(v)}</span></div>' for k, v in rows)
    for name, url in links:
        if (link := http_url(url)) is not None:  # the map's rule: plain http(s) links only
            items += (
                f'<div>• <a href="{html.escape(link, quote=True)}" target="_blank" rel="noopener noreferrer">'
                f"{html.escape(name)}</a></div>"
            )
        else:
            items += f"<div>• {html.escape(name)}</div>"
    return f'<div class="lem-fields">{items}</div>'


def event_details(event, store) -> None:
    """Fields, sources and the article with place mentions and the evidence highlighted."""
    st.subheader(t("selected_event"))
    c1, c2 = st.columns(2)
    c1.html(
        _fields_html(
            [
                (t("event_type"), f"{type_label(event.event_type)} — {event.sub_event_type}"),
                (t("date"), event.event_date or "—"),
                (t("actors"), f"{event.actor1 or '—'} / {event.actor2 or '—'}"),
                (
                    t("fatalities"),
                    f"{event.fatalities}" + (f" ({event.fatalities_note})" if event.fatalities_note else ""),
                ),
            ]
        )
    )
    sources = [
        (s.get("source") or s.get("doc_id") or "", s.get("url") or "")
        for s in store.event_sources(event.event_id) or []
    ]
    c2.html(
        _fields_html(
            [
                (t("place"), f"{event.location or '—'} · {event.location_ar or ''} ({event.admin1 or '—'})"),
                (t("geo_precision"), t(f"precision_{event.geo_precision}")),
                (t("confidence"), f"{event.confidence:.2f}"),
                (t("source"), str(len(sources))),
            ],
            links=sources,
        )
    )
    view = article_view(store_key(), store_version(store), event.doc_id, event.event_id)
    if view is None:
        st.caption(t("no_article"))
        return
    body, meta = view
    head = " · ".join(x for x in (meta["title"], meta["source"], meta["date"]) if x)
    st.html(
        f'<div class="lem-article-head" dir="auto">{html.escape(head)}</div>'
        f'<div class="lem-article" dir="auto">{body}</div>'
    )
    st.caption(t("legend_marks"))
    _revisions(store, event.doc_id)


def _revisions(store, doc_id: str) -> None:
    """Earlier texts of the article (a changed text for its id is kept, never lost), oldest first, as text."""
    revisions = store.article_revisions(doc_id)
    if not revisions:
        return
    with st.expander(t("earlier_texts", n=len(revisions))):
        for r in revisions:
            head = t("revision_head", revision=r["revision"], ingested_at=r["ingested_at"], origin=r["origin"])
            st.html(
                f'<div class="lem-revision" dir="auto"><b>{html.escape(head)}</b><br>'
                f"{html.escape(r['title'] or '')} {html.escape(r['text'])}</div>"
            )
