"""The review tab: an analyst corrects or rejects one event (stored with author and time)."""
from __future__ import annotations

import html
from datetime import date

import streamlit as st

from events.lexicon import SUB_EVENT_TYPES
from events.models import EVENT_TYPES
from store import StoreError
from ui.data import bump_version, canonical_actors, get_gazetteer
from ui.auth import current_author, md_escape
from ui.labels import t, type_label, type_labels

#: Events offered in the review tab's list at most (plus the selected one): a pick list, not a table.
REVIEW_OPTIONS = 1000


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
        signed_in = current_author()  # with accounts the author is the signed-in user, never free text
        author = signed_in or st.text_input(t("author"), value=st.session_state.get("author", "analyst"))
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
            st.error(md_escape(str(exc)))
            return
        bump_version()
        st.session_state["flash"] = t("correction_saved")
        st.rerun(scope="app")

