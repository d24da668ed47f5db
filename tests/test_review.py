"""The analyst's review loop (#12 §1): a clean form per event, changed fields only, history with undo, the
review queue, and downloads that carry corrections exactly like ``python -m events export``.

Store-level checks use a real store; dashboard checks drive app.py with AppTest on a copy of the sample store.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from events.models import Event
from tests.common import ROOT, store_events
from tests.test_app import APP, TIMEOUT, db, download, media, run_app, sample_store  # noqa: F401  fixtures, used by name
from ui import review


def _ev(event_id: str, **kw) -> Event:
    base = dict(
        event_id=event_id,
        event_type="Battles",
        sub_event_type="Armed clash",
        event_date="2020-04-01",
        confidence=0.8,
        fatalities=2,
        place_id="misrata",
        location="Misrata",
    )
    base.update(kw)
    return Event(**base)


# --------------------------------------------------------------------------- pure logic


def test_form_changes_keep_only_what_the_analyst_changed():
    from datetime import date

    ev = _ev("a", actor1="Libyan National Army (Operation Dignity)", actor2=None)
    same = {
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": ev.actor1,
        "actor2": None,
        "event_date": date(2020, 4, 1),
        "fatalities": 2,
    }
    assert review.form_changes(ev, same, None) == {}
    assert review.form_changes(ev, same, "misrata") == {}  # choosing the event's own place is no change
    assert review.form_changes(ev, {**same, "fatalities": 5}, None) == {"fatalities": 5}
    assert review.form_changes(ev, {**same, "event_date": None}, "zawiya") == {"event_date": None, "place_id": "zawiya"}


def test_review_queue_puts_doubtful_events_first_and_moves_on():
    sure = _ev("sure", confidence=0.9)
    undated = _ev("undated", event_date=None, confidence=0.9)
    conflict = _ev("conflict", fatalities_note="2-5 across 2 sources", confidence=0.9)
    doubtful = _ev("doubtful", confidence=0.3)
    both = _ev("both", event_date=None, confidence=0.2)
    queue = review.review_queue([sure, undated, conflict, doubtful, both])
    assert queue[0].event_id == "both"
    assert queue[-1].event_id == "sure"
    assert set(e.event_id for e in queue[1:4]) == {"undated", "conflict", "doubtful"}
    # reviewed events go to the back; "next" skips them
    queue = review.review_queue([sure, undated, conflict, doubtful, both], reviewed={"both", "undated"})
    assert [e.event_id for e in queue][-2:] in (["both", "undated"], ["undated", "both"])
    assert review.next_in_queue(queue, queue[0].event_id, {"both", "undated"}) == queue[1].event_id
    assert review.next_in_queue(queue, "sure", {"both", "undated", "conflict", "doubtful"}) is None
    assert review.reviewed_count(queue, {"both", "nope"}) == 1
    assert review.review_reasons(both) == ["no_date", "low_confidence"]


def test_undo_removes_one_correction_and_keeps_the_others(tmp_path):
    from events.io import read_articles
    from store import open_store
    from tests.common import SAMPLES

    if not SAMPLES.exists():
        pytest.skip("no sample articles")
    store = open_store(str(tmp_path / "s.sqlite"))
    store.ingest(read_articles([SAMPLES]))
    ev = store.events()[0]
    store.correct(ev.event_id, author="amal", fatalities=ev.fatalities + 7)
    store.correct(ev.event_id, author="omar", place_id="zawiya")
    first, second = store.corrections(ev.event_id)
    after = store.undo_correction(first["correction_id"])
    assert after.fatalities == ev.fatalities and after.place_id == "zawiya"
    assert [c["author"] for c in store.corrections(ev.event_id)] == ["omar"]
    store.undo_correction(second["correction_id"])
    back = store.event(ev.event_id)
    assert (back.place_id, back.fatalities) == (ev.place_id, ev.fatalities)
    assert store.correction_notes() == {}
    # rejecting then undoing brings the event back
    store.correct(ev.event_id, author="amal", rejected=True)
    assert ev.event_id not in {e.event_id for e in store.events()}
    store.undo_correction(store.corrections(ev.event_id)[0]["correction_id"])
    assert ev.event_id in {e.event_id for e in store.events()}
    store.close()


# --------------------------------------------------------------------------- the dashboard


def _pick(at, event_id: str):
    at.selectbox(key="rev_pick").set_value(event_id).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _click(at, key: str):
    at.button(key=key).click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _corrections(db_path: str, event_id: str) -> list[dict]:
    from store import open_store

    s = open_store(db_path)
    try:
        return s.corrections(event_id)
    finally:
        s.close()


def test_form_starts_clean_for_each_event_and_saves_only_changes(db):  # noqa: F811  the fixture imported above
    import gazetteer

    events = store_events(db)
    a, b = events[0], events[1]
    query = "الوطية" if "watiya" not in (a.place_id, b.place_id) else "مصراته"
    place = gazetteer.load().match(query, limit=8)[0].place
    at = _pick(run_app("Review"), a.event_id)
    # choose a new place for A, then change our mind and go to B without saving
    at.text_input(key=f"rev_place_q-{a.event_id}").input(query).run()
    at.selectbox(key=f"rev_place-{a.event_id}").set_value(place.place_id).run()
    _pick(at, b.event_id)
    assert at.text_input(key=f"rev_place_q-{b.event_id}").value == ""
    assert at.selectbox(key=f"rev_place-{b.event_id}").value is None
    at.number_input(key=f"rev_fatal-{b.event_id}").set_value(b.fatalities + 3)
    at.button(key=f"FormSubmitter:review-{b.event_id}-{'Save correction'}").click().run()
    assert not at.exception
    (c,) = _corrections(db, b.event_id)
    assert c["changes"] == {"fatalities": b.fatalities + 3}
    moved = {e.event_id: e for e in store_events(db)}[b.event_id]
    assert (moved.place_id, moved.fatalities) == (b.place_id, b.fatalities + 3)

    # a reject records the rejection only, even with a place chosen in the form
    _pick(at, a.event_id)
    at.text_input(key=f"rev_place_q-{a.event_id}").input(query).run()
    at.selectbox(key=f"rev_place-{a.event_id}").set_value(place.place_id).run()
    _click(at, f"rev_reject-{a.event_id}")
    (r,) = _corrections(db, a.event_id)
    assert r["changes"] == {"rejected": True}
    assert a.event_id not in {e.event_id for e in store_events(db)}


def test_history_shows_who_when_what_and_undoes_one(db):  # noqa: F811  the fixture imported above
    events = store_events(db)
    ev = max(events, key=lambda e: e.fatalities)
    at = _pick(run_app("Review"), ev.event_id)
    at.number_input(key=f"rev_fatal-{ev.event_id}").set_value(ev.fatalities + 4)
    at.text_input(key="rev_author").input("amal")
    at.button(key=f"FormSubmitter:review-{ev.event_id}-Save correction").click().run()
    assert not at.exception
    _pick(at, ev.event_id)
    rows = [h.proto.body for h in at.get("html") if h.proto.body.startswith('<div class="lem-correction')]
    assert len(rows) == 1 and "amal" in rows[0] and f"fatalities → {ev.fatalities + 4}" in rows[0]
    (c,) = _corrections(db, ev.event_id)
    assert c["created_at"][:10] in rows[0]
    _click(at, f"rev_undo-{c['correction_id']}")
    assert _corrections(db, ev.event_id) == []
    assert {e.event_id: e for e in store_events(db)}[ev.event_id].fatalities == ev.fatalities
    assert any("Correction undone" in s.value for s in at.success)


def test_queue_accept_reject_next_and_reviewed_count(db):  # noqa: F811  the fixture imported above
    events = store_events(db)
    queue = review.review_queue(events)
    at = run_app("Review")
    assert at.selectbox(key="rev_pick").value == queue[0].event_id
    assert f"Reviewed 0 of {len(events)}" in at.get("progress")[0].proto.text
    first = queue[0].event_id
    _click(at, f"rev_accept-{first}")
    (c,) = _corrections(db, first)
    assert c["changes"] == {"rejected": False} and c["note"] == "accepted"
    # the tab moved on to the next event of the queue and counts one reviewed
    assert at.selectbox(key="rev_pick").value == queue[1].event_id
    assert f"Reviewed 1 of {len(events)}" in at.get("progress")[0].proto.text
    _click(at, f"rev_skip-{queue[1].event_id}")
    assert at.selectbox(key="rev_pick").value == queue[2].event_id
    assert _corrections(db, queue[1].event_id) == []
    _click(at, f"rev_reject-{queue[2].event_id}")
    assert f"Reviewed 1 of {len(events) - 1}" in at.get("progress")[0].proto.text
    # keyboard: every action has a shortcut
    shortcuts = {b.proto.id: b.proto.shortcut for b in at.button if b.proto.shortcut}
    assert {"alt+a", "alt+x", "alt+n", "ctrl+enter"} <= {s.lower() for s in shortcuts.values()}


def test_downloads_carry_corrections_like_the_cli_export(db, media, tmp_path):  # noqa: F811  the fixture imported above
    events = store_events(db)
    ev = events[0]
    at = _pick(run_app("Review"), ev.event_id)
    at.number_input(key=f"rev_fatal-{ev.event_id}").set_value(ev.fatalities + 2)
    at.button(key=f"FormSubmitter:review-{ev.event_id}-Save correction").click().run()
    assert not at.exception
    doc = json.loads(download(at, media, "Download GeoJSON").decode("utf-8"))
    out = tmp_path / "cli.geojson"
    subprocess.run(
        [sys.executable, "-m", "events", "export", "--db", db, "-o", str(out)],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    cli = json.loads(out.read_text(encoding="utf-8"))

    def by_id(d):
        return {f["properties"]["event_id"]: f["properties"] for f in d["features"]}

    dash, want = by_id(doc), by_id(cli)
    assert set(dash) == set(want)
    assert dash[ev.event_id]["corrections"] == want[ev.event_id]["corrections"]
    assert f"fatalities={ev.fatalities + 2}" in dash[ev.event_id]["corrections"]
    assert all(dash[i]["corrections"] is None for i in dash if i != ev.event_id)
    csv_head = download(at, media, "Download CSV").decode("utf-8").splitlines()[0].split(",")
    assert "corrections" in csv_head
