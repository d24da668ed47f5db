"""The "Sources" tab: follow or drop news feeds, paste article links, see each feed's status and the newest
articles and events from the web (issue #13).

Its words live here (English and Arabic) rather than in ``labels.json``, so the tab is one module to review.
Editing is open to whoever may use the Add tab (``can_edit``); once accounts exist, editors only.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import streamlit as st

from ui.data import bump_version
from ui.labels import lang

WORDS = {
    "en": {
        "tab": "Sources",
        "help": "Follow RSS/Atom feeds of news sites and paste article links: pages are "
        "downloaded, their main text kept, and their events added to the map. `python -m events watch` keeps "
        "polling the followed feeds.",
        "feed_url": "Feed URL",
        "follow": "Follow feed",
        "followed": "Now following {url}",
        "already": "Already following {url}",
        "drop_pick": "Followed feed",
        "drop": "Stop following",
        "dropped": "Stopped following {url}",
        "links": "Article links (one a line)",
        "fetch": "Fetch articles",
        "poll": "Poll all feeds now",
        "fetched": "{pages} pages read: {new} new articles, {events} new events, {seen} fetched before, {bad} problems",
        "polled": "{feeds} feeds polled ({failed} not read): {new} new articles, {events} new events",
        "feeds": "Followed feeds",
        "no_feeds": "No feed followed yet.",
        "recent": "Newest links fetched",
        "events": "Newest events from the web",
        "no_edit": "Only editors can change sources.",
        "no_links": "Paste at least one link.",
        "no_extra": "Fetching needs the feeds extra: `{install}` (missing: {missing}).",
    },
    "ar": {
        "tab": "المصادر",
        "help": "تابع خلاصات RSS/Atom للمواقع الإخبارية والصق روابط المقالات: تُنزَّل الصفحات "
        "ويُحفظ نصها الرئيسي وتضاف أحداثها إلى الخريطة. يواصل الأمر `python -m events watch` متابعة الخلاصات.",
        "feed_url": "رابط الخلاصة",
        "follow": "متابعة الخلاصة",
        "followed": "تتم الآن متابعة {url}",
        "already": "الخلاصة متابعة من قبل: {url}",
        "drop_pick": "خلاصة متابعة",
        "drop": "إيقاف المتابعة",
        "dropped": "أوقفت متابعة {url}",
        "links": "روابط المقالات (رابط في كل سطر)",
        "fetch": "جلب المقالات",
        "poll": "تحديث كل الخلاصات الآن",
        "fetched": "قُرئت {pages} صفحات: {new} مقالات جديدة، {events} أحداث جديدة، {seen} جُلبت من قبل، {bad} مشكلات",
        "polled": "حُدّثت {feeds} خلاصات ({failed} تعذرت قراءتها): {new} مقالات جديدة، {events} أحداث جديدة",
        "feeds": "الخلاصات المتابعة",
        "no_feeds": "لا خلاصات بعد.",
        "recent": "أحدث الروابط المجلوبة",
        "events": "أحدث الأحداث من الويب",
        "no_edit": "تغيير المصادر للمحررين فقط.",
        "no_links": "الصق رابطاً واحداً على الأقل.",
        "no_extra": "يحتاج الجلب إلى الإضافة feeds: `{install}` (غير مثبّت: {missing}).",
    },
}
_MD = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$])")


def w(key: str, **fmt) -> str:
    """This tab's word ``key`` in the dashboard's language."""
    text = WORDS[lang()].get(key) or WORDS["en"][key]
    return text.format(**fmt) if fmt else text


def md(text: object) -> str:
    """``text`` (a URL, a site's error) with every Markdown character escaped, shown as typed."""
    return _MD.sub(r"\\\1", str(text))


def _when(ts: float | None) -> str:
    return dt.datetime.fromtimestamp(ts, dt.UTC).strftime("%Y-%m-%d %H:%M UTC") if ts else "—"


def _follower(store):
    from sources.follow import Follower
    from sources.http import Fetcher

    return Follower(store, Fetcher(timeout=10, gap=1.0))


def _done(messages: list[tuple[str, str]], *, changed: bool) -> None:
    """Show ``messages`` (kind, Markdown-safe text); when the store changed, rerun the page so map and counts
    show the new events (the messages are shown again after the rerun)."""
    if changed:
        st.session_state["src_messages"] = messages
        bump_version()
        st.rerun(scope="app")
    for kind, text in messages:
        getattr(st, kind)(text)


def _edit(follower) -> None:
    from sources.urls import BadURL, check_url

    for kind, text in st.session_state.pop("src_messages", []):
        getattr(st, kind)(text)
    with st.form("src_follow_form", clear_on_submit=True):
        st.text_input(w("feed_url"), key="src_feed_url")
        follow = st.form_submit_button(w("follow"))
    if follow:
        try:
            url = check_url(st.session_state.get("src_feed_url") or "")
        except BadURL as exc:
            st.error(md(exc))
        else:
            added = follower.log.add_feed(url, now=follower.clock())
            (st.success if added else st.info)(md(w("followed" if added else "already", url=url)))
    feeds = [f.url for f in follower.log.feeds()]
    if feeds:
        c1, c2 = st.columns([4, 1], vertical_alignment="bottom")
        pick = c1.selectbox(w("drop_pick"), feeds, key="src_drop_pick")
        if c2.button(w("drop"), key="src_drop") and follower.log.remove_feed(pick):
            st.success(md(w("dropped", url=pick)))
    with st.form("src_links_form"):
        st.text_area(w("links"), key="src_links", height=100)
        fetch = st.form_submit_button(w("fetch"), type="primary")
    if fetch:
        links = [x.strip() for x in (st.session_state.get("src_links") or "").splitlines() if x.strip()]
        if not links:
            st.warning(w("no_links"))
        else:
            with st.spinner(w("fetch")):
                out = follower.fetch_links(links)
            _done(
                [
                    (
                        "success",
                        w(
                            "fetched",
                            pages=len(out.articles),
                            new=out.new_articles,
                            events=out.new_events,
                            seen=out.seen,
                            bad=len(out.problems),
                        ),
                    )
                ]
                + [("error", md(p)) for p in out.problems],
                changed=out.new_articles > 0,
            )
    if feeds and st.button(w("poll"), key="src_poll"):
        with st.spinner(w("poll")):
            reports = follower.watch([], every=900, once=True)
        _done(
            [
                (
                    "success",
                    w(
                        "polled",
                        feeds=len(reports),
                        failed=sum(not r.ok for r in reports),
                        new=sum(r.new_articles for r in reports),
                        events=sum(r.new_events for r in reports),
                    ),
                )
            ]
            + [("error", md(p)) for r in reports for p in ([r.summary()] if not r.ok else []) + list(r.problems)],
            changed=any(r.new_articles for r in reports),
        )


@st.fragment
def sources_tab(store, events, *, can_edit: bool = True) -> None:
    """Feeds and links: edit (``can_edit``), then each feed's status and the newest articles and ``events``
    (the dashboard's merged events) that came from the web."""
    from sources import FEEDS_INSTALL, missing_modules

    follower = _follower(store)
    st.caption(w("help"))
    if missing := missing_modules():
        st.warning(w("no_extra", install=FEEDS_INSTALL, missing=md(", ".join(missing))))
    elif can_edit:
        _edit(follower)
    else:
        st.info(w("no_edit"))
    st.subheader(w("feeds"))
    feeds = follower.log.feeds()
    if not feeds:
        st.caption(w("no_feeds"))
    else:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "feed": f.url,
                        "title": f.title,
                        "status": f.last_status or "—",
                        "last_poll": _when(f.last_poll),
                        "new_articles": f.new_articles,
                        "new_events": f.new_events,
                        "errors": f.entry_errors + f.failures,
                        "last_error": f.last_error or "",
                        "next_poll": _when(f.next_poll),
                        "articles": f.total_articles,
                    }
                    for f in feeds
                ]
            ),
            hide_index=True,
            key="src_feeds_table",
        )
    recent = follower.log.recent(50)
    if recent:
        st.subheader(w("recent"))
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "fetched": _when(r.fetched_at),
                        "status": r.status,
                        "title": r.title,
                        "url": r.url,
                        "reason": r.reason or "",
                    }
                    for r in recent
                ]
            ),
            hide_index=True,
            key="src_recent_table",
        )
        order = {r.doc_id: i for i, r in enumerate(recent) if r.doc_id and r.status == "ok"}
        evs = sorted((e for e in events if e.doc_id in order), key=lambda e: (order[e.doc_id], e.event_date or ""))
        if evs:
            st.subheader(w("events"))
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            "event_date": e.event_date,
                            "event_type": e.event_type,
                            "location": e.location,
                            "fatalities": e.fatalities,
                            "source": e.source,
                            "url": e.url,
                        }
                        for e in evs
                    ]
                ),
                hide_index=True,
                key="src_events_table",
            )
