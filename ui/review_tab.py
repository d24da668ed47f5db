"""The review tab: a queue of events to check (doubtful ones first), accept / correct / reject with the keyboard,
each event's corrections history with undo. Every widget is keyed by the event, so a form starts clean."""

from __future__ import annotations

import html
from datetime import date

import streamlit as st

from events.lexicon import SUB_EVENT_TYPES
from events.models import EVENT_TYPES
from store import StoreError
from ui import review
from ui.auth import current_author, md_escape
from ui.data import bump_version, canonical_actors, correction_notes, get_gazetteer, review_order, store_key
from ui.labels import actor_label, sub_type_label, t, type_label, type_labels

#: Events offered in the review tab's list at most (plus the selected one): a pick list, not a table.
REVIEW_OPTIONS = 1000


def _save(store, event_id: str, author: str, next_id: str | None, note: str = "", **changes) -> None:
    """Record one correction, move the queue on to ``next_id`` and redraw the whole page with it."""
    try:
        store.correct(event_id, author=author, note=note, **changes)
    except StoreError as exc:
        st.error(md_escape(str(exc)))
        return
    st.session_state["author"] = author
    bump_version()
    st.session_state["flash"] = t("correction_saved")
    if next_id:
        st.session_state["rev_next"] = next_id
    st.rerun(scope="app")


def _go_to(event_id: str | None) -> None:
    """Button callback: show ``event_id`` next (a callback may set the pick list's state before it is drawn)."""
    if event_id:
        st.session_state["rev_next"] = event_id


def _history(store, event_id: str) -> None:
    """Who changed what and when, oldest first, each with an undo button."""
    done = store.corrections(event_id)
    if not done:
        st.caption(t("no_corrections"))
        return
    st.markdown(f"**{t('corrections_history')}**")
    for c in done:
        what = review.describe_changes(c["changes"])
        if c.get("note"):
            what += f" ({c['note']})"
        c1, c2 = st.columns([5, 1], vertical_alignment="center")
        c1.html(
            f'<div class="lem-correction" dir="auto">{html.escape(c["created_at"])} · '
            f"<b>{html.escape(c['author'])}</b>: {html.escape(what)}</div>"
        )
        if c2.button(t("undo"), key=f"rev_undo-{c['correction_id']}"):
            try:
                store.undo_correction(c["correction_id"])
            except StoreError as exc:
                st.error(md_escape(str(exc)))
                return
            bump_version()
            st.session_state["flash"] = t("correction_undone")
            st.session_state["rev_next"] = event_id
            st.rerun(scope="app")


@st.fragment
def review_tab(store, shown: list, facets: dict, version: str, filter_key: str) -> None:
    """Review the filtered events (``shown``, named by ``filter_key``) in queue order. A fragment: searching the
    gazetteer does not rebuild the map."""
    if not shown:
        st.info(t("no_events"))
        return
    reviewed = set(correction_notes(store_key(), version))
    queue = list(review_order(store_key(), version, filter_key, shown))
    sel = st.session_state.get("selected")
    pool = queue[:REVIEW_OPTIONS]
    if len(queue) > REVIEW_OPTIONS:
        pool += [e for e in queue[REVIEW_OPTIONS:] if e.event_id == sel]
        st.caption(t("review_limited", n=REVIEW_OPTIONS))
    ids = [e.event_id for e in pool]
    by_id = {e.event_id: e for e in pool}
    # which event to show: the one a save moved on to, else an event newly selected on the map or table
    if (nxt := st.session_state.pop("rev_next", None)) in by_id:
        st.session_state["rev_pick"] = nxt
    elif sel != st.session_state.get("rev_seen_sel") and sel in by_id:
        st.session_state["rev_pick"] = sel
    st.session_state["rev_seen_sel"] = sel
    if st.session_state.get("rev_pick") not in by_id:
        st.session_state["rev_pick"] = ids[0]

    st.progress(
        review.reviewed_count(queue, reviewed) / len(queue),
        text=t("reviewed_count", n=review.reviewed_count(queue, reviewed), total=len(queue)),
    )
    labels = type_labels(e.event_type for e in pool)
    actor_names = {a: actor_label(a) for a in {e.actor1 for e in pool}}  # a label per actor, not per option
    event_id = st.selectbox(
        t("event_to_review"),
        ids,
        key="rev_pick",
        format_func=lambda i: (
            ("✓ " if i in reviewed else "") + f"{by_id[i].event_date or '—'} · "
            f"{labels[by_id[i].event_type]} · {by_id[i].location or '—'} · "
            f"{actor_names[by_id[i].actor1]}"
        ),
    )
    ev = by_id[event_id]
    reasons = review.review_reasons(ev)
    if reasons:
        st.warning(
            " · ".join(t(f"reason_{r}") for r in reasons) + (f" — {ev.fatalities_note}" if ev.fatalities_note else "")
        )
    st.html(f'<div class="lem-evidence" dir="auto">{html.escape(ev.evidence or "")}</div>')
    signed_in = current_author()  # with accounts the author is the signed-in user, never free text
    author = (
        signed_in
        or st.text_input(t("author"), value=st.session_state.get("author", "analyst"), key="rev_author").strip()
        or "analyst"
    )
    following = review.next_in_queue(queue, event_id, reviewed)

    b1, b2, b3 = st.columns(3)
    if b1.button(
        t("accept"), key=f"rev_accept-{event_id}", shortcut="Alt+A", use_container_width=True, help=t("accept_help")
    ):
        _save(store, event_id, author, following, note="accepted", rejected=False)
    if b2.button(t("reject"), key=f"rev_reject-{event_id}", shortcut="Alt+X", use_container_width=True):
        _save(store, event_id, author, following, note="rejected", rejected=True)
    b3.button(
        t("next"),
        key=f"rev_skip-{event_id}",
        shortcut="Alt+N",
        use_container_width=True,
        disabled=following is None,
        on_click=_go_to,
        args=(following,),
    )

    # correct: every widget keyed by the event, so nothing carries over from the previous one
    query = st.text_input(t("place_search"), key=f"rev_place_q-{event_id}", placeholder=t("place_search_hint"))
    candidates = get_gazetteer().match(query, limit=8) if query.strip() else []
    place_options = [None] + [c.place.place_id for c in candidates]
    place_names = {
        c.place.place_id: f"{c.place.name_en} — {c.place.name_ar} ({c.place.admin1 or c.place.kind})"
        for c in candidates
    }
    with st.form(f"review-{event_id}"):
        place_id = st.selectbox(
            t("new_place"),
            place_options,
            key=f"rev_place-{event_id}",
            format_func=lambda p: t("keep_place", place=ev.location or "—") if p is None else place_names[p],
        )
        types = list(EVENT_TYPES)
        c1, c2 = st.columns(2)
        event_type = c1.selectbox(
            t("event_type"),
            types,
            index=types.index(ev.event_type) if ev.event_type in types else 0,
            format_func=type_label,
            key=f"rev_type-{event_id}",
        )
        subs = list(dict.fromkeys([s for ss in SUB_EVENT_TYPES.values() for s in ss] + [ev.sub_event_type]))
        sub_type = c2.selectbox(
            t("sub_event_type"),
            subs,
            index=subs.index(ev.sub_event_type),
            format_func=sub_type_label,
            key=f"rev_sub-{event_id}",
        )
        actors = [
            None,
            *sorted(
                {a.actor for a in canonical_actors()} | set(facets["actors"]) | {a for a in (ev.actor1, ev.actor2) if a}
            ),
        ]
        actor1 = c1.selectbox(
            t("actor1"), actors, index=actors.index(ev.actor1), format_func=actor_label, key=f"rev_actor1-{event_id}"
        )
        actor2 = c2.selectbox(
            t("actor2"), actors, index=actors.index(ev.actor2), format_func=actor_label, key=f"rev_actor2-{event_id}"
        )
        day = c1.date_input(
            t("date"), value=date.fromisoformat(ev.event_date) if ev.event_date else None, key=f"rev_date-{event_id}"
        )
        fatalities = c2.number_input(
            t("fatalities"), min_value=0, step=1, value=int(ev.fatalities or 0), key=f"rev_fatal-{event_id}"
        )
        submitted = st.form_submit_button(t("save_correction"), type="primary", shortcut="Ctrl+Enter")
    if submitted:
        changes = review.form_changes(
            ev,
            {
                "event_type": event_type,
                "sub_event_type": sub_type,
                "actor1": actor1,
                "actor2": actor2,
                "event_date": day,
                "fatalities": fatalities,
            },
            place_id,
        )
        if not changes:
            st.info(t("no_changes"))
        else:
            _save(store, event_id, author, following, **changes)
    _history(store, event_id)
    st.caption(t("review_keys"))
