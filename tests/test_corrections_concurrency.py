"""Issue #11 §3: corrections that never go stale and never travel back in time; article revisions.

Concurrent editors run in threads, each with its own store handle (its own connections), on SQLite and on a
throw-away PostgreSQL cluster.
"""

from __future__ import annotations

import threading

import pytest

from events.models import Article
from store import open_store
from store.corrections import apply_corrections
from tests.test_postgres import pg_url  # noqa: F401 — the throw-away PostgreSQL cluster fixture
from tests.test_store import at

#: What each of four editors changes at the same moment (one field each, so every one must show).
EDITS = [
    dict(actor1="LNA"),
    dict(fatalities=9),
    dict(event_date="2020-05-17"),
    dict(sub_event_type="Shelling/artillery/missile attack"),
]


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "c.sqlite")
    url = request.getfixturevalue("pg_url")
    st = open_store(url)
    from sqlalchemy import text

    with st.engine.begin() as conn:
        conn.execute(
            text(
                "TRUNCATE correction_targets, corrections, event_sources, merged_events, events, "
                "article_revisions, articles, users CASCADE"
            )
        )
        conn.execute(text("UPDATE lem_meta SET value = '0' WHERE key = 'dirty'"))
    st.close()
    return url


def _merged_row(st, event_id):
    """The merged row as stored (no rebuild): what every reader sees."""
    from sqlalchemy import select

    m = st.t["merged"]
    with st.engine.connect() as conn:
        return conn.execute(select(m).where(m.c.event_id == event_id)).one()


def test_concurrent_editors_leave_the_merged_row_current(db_url, gaz):
    st = open_store(db_url)
    try:
        for i in range(2):  # two reports of one incident: one merged event
            st.add_article(
                Article(text=f"غارة على الوطية {i}", id=f"r{i}", date="2020-05-18", source=f"o{i}"),
                [at(gaz, "watiya-airbase", f"r{i}", fatalities=5 + i)],
            )
        (ev,) = st.events()
        for _round in range(5):
            barrier = threading.Barrier(len(EDITS))
            errors: list[BaseException] = []

            def editor(n: int, barrier: threading.Barrier, errors: list[BaseException]) -> None:
                s = open_store(db_url)
                try:
                    barrier.wait()
                    s.correct(ev.event_id, author=f"editor{n}", **EDITS[n])
                except BaseException as exc:
                    errors.append(exc)
                finally:
                    s.close()

            threads = [threading.Thread(target=editor, args=(n, barrier, errors)) for n in range(len(EDITS))]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert errors == []
            row = _merged_row(st, ev.event_id)
            # every editor's change shows in the stored merged row at once, without any later ingest
            assert (row.actor1, row.fatalities, row.event_date, row.sub_event_type) == (
                "LNA",
                9,
                "2020-05-17",
                "Shelling/artillery/missile attack",
            )
            # and the row is exactly the corrections applied in the database's order
            corrs = st.corrections(ev.event_id)
            ids = [c["correction_id"] for c in corrs]
            assert ids == sorted(ids) and row.correction_note.count("\n") == len(corrs) - 1
            st.correct(
                ev.event_id,
                author="reset",
                actor1=None,
                fatalities=5,
                event_date="2020-05-18",
                sub_event_type="Air/drone strike",
            )
        final = st.event(ev.event_id)
        expected, _ = apply_corrections(ev, st.corrections(ev.event_id))
        assert (
            (final.actor1, final.fatalities, final.event_date)
            == (expected.actor1, expected.fatalities, expected.event_date)
            == (None, 5, "2020-05-18")
        )
        assert len(st.corrections(ev.event_id)) == 5 * (len(EDITS) + 1)
    finally:
        st.close()


def test_a_client_clock_in_2099_does_not_win(db_url, gaz, monkeypatch):
    import store.db

    st = open_store(db_url)
    try:
        st.add_article(Article(text="غارة على مصراتة", id="k1", date="2020-05-18"), [at(gaz, "misrata", "k1")])
        (ev,) = st.events()
        monkeypatch.setattr(store.db, "_now", lambda: "2099-01-01T00:00:00+00:00")  # a laptop set to 2099
        st.correct(ev.event_id, author="laptop", fatalities=50)
        monkeypatch.undo()
        st.correct(ev.event_id, author="office", fatalities=3)
        assert st.event(ev.event_id).fatalities == 3  # the later write wins
        first, second = st.corrections(ev.event_id)
        assert (first["author"], second["author"]) == ("laptop", "office")
        assert not first["created_at"].startswith("2099")  # stamped by the database's clock
        # a row a buggy client once wrote with a 2099 stamp still sorts by when it was written
        from sqlalchemy import update

        with st.engine.begin() as conn:
            conn.execute(
                update(st.t["corrections"])
                .where(st.t["corrections"].c.author == "laptop")
                .values(created_at="2099-01-01T00:00:00+00:00")
            )
        st.deduplicate()
        assert st.event(ev.event_id).fatalities == 3
    finally:
        st.close()


def test_an_older_copy_never_reverts_a_newer_one_and_no_text_is_lost(db_url, gaz):
    st = open_store(db_url)
    try:
        v1 = Article(text="غارة على مصراتة قتل فيها 3", id="doc", date="2020-05-18", source="s")
        v2 = Article(text="غارة على مصراتة قتل فيها 7 (تحديث)", id="doc", date="2020-05-19", source="s")
        assert st.add_article(v1, [at(gaz, "misrata", "doc", fatalities=3)]) == "added"
        assert st.add_article(v2, [at(gaz, "misrata", "doc", fatalities=7)]) == "updated"
        assert st.add_article(v1, [at(gaz, "misrata", "doc", fatalities=3)]) == "older"  # re-ingest of v1
        assert st.article("doc").text == v2.text
        assert st.events()[0].fatalities == 7
        revs = st.article_revisions("doc")
        assert [(r["revision"], r["text"]) for r in revs] == [(1, v1.text)]
        # an older copy never seen before (earlier date) is kept as a revision, not made current
        v0 = Article(text="غارة على مصراتة (أول خبر)", id="doc", date="2020-05-17", source="s")
        assert st.add_article(v0, [at(gaz, "misrata", "doc", fatalities=1)]) == "older"
        assert st.article("doc").text == v2.text
        assert [r["text"] for r in st.article_revisions("doc")] == [v1.text, v0.text]
        s = st.stats()
        assert (s["revisions"], s["revised_articles"], s["articles"]) == (2, 1, 1)
    finally:
        st.close()
