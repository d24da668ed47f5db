"""The store on a real PostgreSQL server that this test run starts itself (Debian's ``postgresql`` package).

Skips with the reason when the server binaries (initdb, pg_ctl) or the psycopg driver are missing, or the
throw-away cluster cannot start. As root the server runs as ``nobody`` (PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import threading

import pytest

from events.models import Article, Event, make_event_id
from store import open_store
from tests.common import throwaway_postgres

STRIKE = dict(event_type="Explosions/Remote violence", sub_event_type="Air/drone strike")


@pytest.fixture(scope="module")
def pg_url():
    """URL of a fresh database on a throw-away PostgreSQL cluster, stopped and deleted afterwards."""
    with throwaway_postgres() as url:
        yield url


@pytest.fixture
def pg_store(pg_url):
    st = open_store(pg_url)
    from sqlalchemy import text

    with st.engine.begin() as conn:  # each test starts from an empty store
        conn.execute(
            text("TRUNCATE correction_targets, corrections, event_sources, merged_events, events, articles CASCADE")
        )
        conn.execute(text("UPDATE lem_meta SET value = '0' WHERE key = 'dirty'"))
    yield st
    st.close()


def at(gaz, place_id: str, doc: str, key: str = "e1", **kw) -> Event:
    p = gaz.get(place_id)
    base = dict(
        STRIKE,
        event_date="2020-05-18",
        time_precision=1,
        location=p.name_en,
        location_ar=p.name_ar,
        admin1=p.admin1,
        place_id=p.place_id,
        lat=p.lat,
        lon=p.lon,
        doc_id=doc,
        evidence=f"evidence {doc}",
    )
    base.update(kw)
    return Event(event_id=make_event_id(doc, key), **base)


def test_postgres_store_round_trip(pg_store, gaz):
    st = pg_store
    assert st.dialect == "postgresql"
    for i, deaths in enumerate((5, 7, 6)):
        art = Article(text=f"غارة على الوطية رقم {i}", id=f"p{i}", date="2020-05-18", source=f"outlet{i}")
        assert st.add_article(art, [at(gaz, "watiya-airbase", art.doc_id, fatalities=deaths)]) == "added"
    assert (
        st.add_article(
            Article(text="غارة على الوطية رقم 0", id="p0", date="2020-05-18", source="outlet0"),
            [at(gaz, "watiya-airbase", "p0", fatalities=5)],
        )
        == "unchanged"
    )
    (ev,) = st.events()
    assert (ev.source_count, ev.fatalities, ev.fatalities_note) == (3, 5, "reports range 5–7")
    assert [s["doc_id"] for s in st.event_sources(ev.event_id)] == ["p0", "p1", "p2"]
    assert st.events(text="الوطيه")[0].event_id == ev.event_id
    st.correct(ev.event_id, author="amal", place_id="misrata", fatalities=4)
    st.deduplicate()
    (again,) = st.events(admin1=["Misrata"])
    assert (again.event_id, again.location, again.fatalities) == (ev.event_id, "Misrata", 4)
    assert st.stats()["corrections"] == 1


def test_postgres_sql_in_fields_is_data(pg_store, gaz):
    nasty = "x'); DROP TABLE articles; -- <img src=x onerror=alert(1)>"
    art = Article(text=nasty, id=nasty, title=nasty, date="2020-05-18", source=nasty, url=nasty)
    pg_store.add_article(art, [at(gaz, "misrata", nasty, evidence=nasty, actor1=nasty)])
    back = pg_store.article(nasty)
    assert (back.text, back.title, back.source, back.url) == (nasty,) * 4
    assert pg_store.events(actors=[nasty])[0].evidence == nasty


def test_postgres_concurrent_writers_store_each_article_once(pg_url, pg_store, gaz):
    arts = [Article(text=f"مقال رقم {i}", id=f"c{i}", date="2020-06-01", source="s") for i in range(60)]
    errors: list[BaseException] = []

    def writer(order):
        st = open_store(pg_url)
        try:
            for n, i in enumerate(order):
                st.add_article(arts[i], [at(gaz, "tripoli", arts[i].doc_id, event_date="2020-06-01")])
                if n % 20 == 19:
                    st.deduplicate()  # rebuilds race with the other writer's inserts
        except BaseException as exc:
            errors.append(exc)
        finally:
            st.close()

    threads = [threading.Thread(target=writer, args=(order,)) for order in (range(60), range(59, -1, -1))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    s = pg_store.stats()
    assert (s["articles"], s["extracted_events"]) == (60, 60)
    (merged,) = pg_store.events()  # one place, one day, one type: every report is the same incident
    assert merged.source_count == 60
