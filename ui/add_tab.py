"""The "add articles" tab: paste or upload → preview with places and events → save to the store."""

from __future__ import annotations

import html
import os
import tempfile
from datetime import date
from pathlib import Path

import streamlit as st

import events
from base.errors import InputError
from events.io import article_from_record, read_articles
from events.models import Article
from ui import views
from ui.auth import md_escape
from ui.data import bump_version, get_gazetteer
from ui.labels import t
from ui.table import SHOWN_COLUMNS, display_frame, table_config


def pasted_articles() -> list[Article]:
    """Articles from the paste box and the uploaded files, with the date and source given in the form."""
    day = st.session_state.get("add_date")
    day = day.isoformat() if isinstance(day, date) else None
    source = (st.session_state.get("add_source") or "").strip() or None
    out = []
    text = (st.session_state.get("add_text") or "").strip()
    if text:
        # through the reader's checks (NUL, lone surrogates, far-off dates): one edge for every input
        out.append(
            article_from_record(
                {
                    "text": text,
                    "title": st.session_state.get("add_title") or "",
                    "url": (st.session_state.get("add_url") or "").strip(),
                },
                "pasted",
                date=day,
                source=source or "",
            )
        )
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
            st.error(md_escape(str(exc)))  # a file name is text, never Markdown
            articles = []
        gaz = get_gazetteer()
        st.session_state["preview"] = [
            (a, events.analyse(a, gazetteer=gaz), events.extract(a, gazetteer=gaz)) for a in articles
        ]
        if not articles:
            st.warning(t("nothing_to_preview"))
    items = st.session_state.get("preview") or []
    for article, analysis, evs in items:
        with st.container(border=True):
            head = " · ".join((article.title or article.doc_id[:12], article.date or "—", article.source or "—"))
            body = views.highlight_html(article.analysed_text, views.article_spans(analysis))
            st.html(
                f'<div class="lem-article-head" dir="auto">{html.escape(head)}</div>'
                f'<div class="lem-article" dir="auto">{body}</div>'
            )
            st.caption(t("found_events", n=len(evs)))
            if evs:
                _, df = display_frame(evs)
                st.dataframe(df, hide_index=True, column_order=SHOWN_COLUMNS, column_config=table_config())
    if items and st.button(t("save"), key="add_save", type="primary"):
        for article, _, evs in items:
            store.add_article(article, evs)
        st.session_state["preview"] = []
        bump_version()
        st.session_state["flash"] = t("saved", n=sum(len(e) for _, _, e in items))
        st.rerun(scope="app")
