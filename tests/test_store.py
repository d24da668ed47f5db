"""The event store: SQLite default, idempotent ingest, filters, corrections, exports, concurrency, crash safety.

Tests marked ``cli`` run ``python -m events`` as a subprocess (real extraction, real concurrency, real SIGKILL).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from events.models import Article, Event, make_event_id
from store import StoreError, open_store
from tests.common import ROOT

STRIKE = dict(event_type="Explosions/Remote violence", sub_event_type="Air/drone strike")


def at(gaz, place_id: str, doc: str, key: str = "e1", **kw) -> Event:
    """An event at a real gazetteer place, as the extractor would emit it for article ``doc``."""
    p = gaz.get(place_id)
    assert p is not None, place_id
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


def article(doc: str, text: str | None = None, **kw) -> Article:
    return Article(
        text=text or f"نص المقال {doc}",
        id=doc,
        date=kw.pop("date", "2020-05-18"),
        source=kw.pop("source", "alwasat"),
        url=kw.pop("url", f"https://example.org/{doc}"),
        **kw,
    )


@pytest.fixture
def store(tmp_path):
    st = open_store(str(tmp_path / "events.sqlite"))
    yield st
    st.close()


def count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as con:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


# --------------------------------------------------------------------------- opening


def test_default_store_is_a_wal_sqlite_file_under_lem_home(_isolated_home):
    st = open_store()
    try:
        st.stats()
    finally:
        st.close()
    db = _isolated_home / "events.sqlite"
    assert db.is_file()
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_lem_db_overrides_the_default(tmp_path, monkeypatch):
    monkeypatch.setenv("LEM_DB", str(tmp_path / "team.sqlite"))
    open_store().close()
    assert (tmp_path / "team.sqlite").is_file()


def test_unusable_store_url_is_a_one_line_error(tmp_path):
    with pytest.raises(StoreError) as exc:
        open_store("nosuchdialect://x/y")
    assert "\n" not in str(exc.value) and "cannot open store" in str(exc.value)


# --------------------------------------------------------------------------- articles and idempotency


def test_same_article_twice_changes_nothing(store, gaz, tmp_path):
    art = article("a1")
    assert store.add_article(art, [at(gaz, "misrata", "a1")]) == "added"
    snapshot = store.stats()
    assert store.add_article(art, [at(gaz, "misrata", "a1")]) == "unchanged"
    assert store.stats() == snapshot
    assert snapshot["articles"] == 1 and snapshot["extracted_events"] == 1 and snapshot["events"] == 1


def test_same_text_under_another_id_is_a_duplicate(store, gaz):
    store.add_article(article("a1", "نفس النص"), [at(gaz, "misrata", "a1")])
    assert store.add_article(article("a2", "نفس النص"), [at(gaz, "misrata", "a2")]) == "duplicate"
    assert store.stats()["articles"] == 1


def test_changed_text_replaces_the_articles_events(store, gaz):
    store.add_article(article("a1", "الأول"), [at(gaz, "misrata", "a1", key="x"), at(gaz, "sirte", "a1", key="y")])
    assert store.add_article(article("a1", "الأول مصحح"), [at(gaz, "tripoli", "a1", key="z")]) == "updated"
    assert [e.location for e in store.events()] == ["Tripoli"]
    assert store.article("a1").text == "الأول مصحح"


def test_an_article_whose_events_cannot_be_stored_is_absent(store, gaz):
    broken = at(gaz, "misrata", "a1", key="bad", event_type=None)  # NOT NULL column: the insert fails
    with pytest.raises(StoreError, match="cannot store article"):
        store.add_article(article("a1"), [at(gaz, "misrata", "a1"), broken])
    assert store.article("a1") is None
    assert store.stats()["extracted_events"] == 0


def test_sql_and_html_in_fields_come_back_unchanged(store, gaz):
    nasty = "Robert'); DROP TABLE events;-- <script>alert('x')</script> \"q\" %_ \\"
    art = Article(
        text=f"نص {nasty}",
        id=f"id-{nasty}",
        title=f"<b>{nasty}</b>",
        date="2020-05-18",
        source=nasty,
        url=f"https://e.org/?q={nasty}",
    )
    ev = at(gaz, "misrata", art.doc_id, evidence=nasty, actor1=nasty, source=nasty)
    store.add_article(art, [ev])
    back = store.article(art.doc_id)
    assert (back.text, back.title, back.source, back.url) == (art.text, art.title, art.source, art.url)
    (got,) = store.events()
    assert (got.evidence, got.actor1, got.source, got.doc_id) == (nasty, nasty, nasty, art.doc_id)
    assert store.events(actors=[nasty])[0].event_id == got.event_id
    assert store.events(sources=[nasty])[0].event_id == got.event_id
    assert store.events(text="DROP TABLE")[0].event_id == got.event_id
    assert store.event_sources(got.event_id)[0]["title"] == art.title
    assert store.stats()["extracted_events"] == 1  # the events table is still there


# --------------------------------------------------------------------------- queries


@pytest.fixture
def filled(store, gaz):
    rows = [
        (
            "f1",
            "2020-01-05",
            "alwasat",
            at(gaz, "misrata", "f1", event_date="2020-01-05", actor1="LNA", fatalities=4, evidence="غارة على مصراتة"),
        ),
        (
            "f2",
            "2020-02-10",
            "218tv",
            at(
                gaz,
                "sirte",
                "f2",
                event_date="2020-02-10",
                event_type="Battles",
                sub_event_type="Armed clash",
                actor1="GNA",
                actor2="LNA",
                fatalities=0,
                evidence="اشتباكات في سرت",
            ),
        ),
        (
            "f3",
            "2020-03-15",
            "alahrar",
            at(
                gaz,
                "tripoli",
                "f3",
                event_date="2020-03-15",
                event_type="Protests",
                sub_event_type="Peaceful protest",
                evidence="مظاهرة في طرابلس",
            ),
        ),
    ]
    for doc, date, source, ev in rows:
        store.add_article(article(doc, date=date, source=source), [ev])
    return store


def test_filters_select_the_right_events(filled):
    def ids(evs):
        return [e.doc_id for e in evs]

    assert ids(filled.events()) == ["f1", "f2", "f3"]
    assert ids(filled.events(date_from="2020-02-01")) == ["f2", "f3"]
    assert ids(filled.events(date_to="2020-02-10")) == ["f1", "f2"]
    assert ids(filled.events(actors=["LNA"])) == ["f1", "f2"]  # actor1 or actor2
    assert ids(filled.events(types=["Battles", "Protests"])) == ["f2", "f3"]
    assert ids(filled.events(sub_types=["Armed clash"])) == ["f2"]
    assert ids(filled.events(admin1=["Misrata", "Tripoli"])) == ["f1", "f3"]
    assert ids(filled.events(min_fatalities=1)) == ["f1"]
    assert ids(filled.events(sources=["218tv"])) == ["f2"]


def test_text_search_is_arabic_normalised(filled):
    assert [e.doc_id for e in filled.events(text="مصراته")] == ["f1"]  # ta marbuta / ha
    assert [e.doc_id for e in filled.events(text="اشتباكات سرت")] == ["f2"]
    assert [e.doc_id for e in filled.events(text="tripoli")] == ["f3"]  # the place's English name
    assert filled.events(text="بنغازي") == []


@pytest.mark.parametrize("query", ["مصراته", "اشتباكات سرت", "tripoli", "بنغازي", "LNA"])
def test_in_memory_search_over_stored_search_text_matches_sql(filled, query):
    from ui.views import EventIndex

    index = EventIndex.from_pairs(filled.events_with_search_text())
    assert [e.event_id for e in index.filter(text=query)] == [e.event_id for e in filled.events(text=query)]
    filled.correct(filled.events(text="مصراته")[0].event_id, author="t", rejected=True)
    assert [e.doc_id for e, _ in filled.events_with_search_text()] == ["f2", "f3"]
    assert [e.doc_id for e, _ in filled.events_with_search_text(include_rejected=True)] == ["f1", "f2", "f3"]


# --------------------------------------------------------------------------- corrections


def test_corrections_change_the_event_and_are_recorded(filled, gaz):
    ev = filled.events(text="مصراتة")[0]
    zawiya = gaz.get("zawiya")
    out = filled.correct(ev.event_id, author="amal", place_id="zawiya", fatalities=2, actor2="Civilians (Libya)")
    assert (out.location, out.location_ar, out.admin1, out.lat, out.lon, out.place_id) == (
        zawiya.name_en,
        zawiya.name_ar,
        zawiya.admin1,
        zawiya.lat,
        zawiya.lon,
        "zawiya",
    )
    assert (out.fatalities, out.actor2) == (2, "Civilians (Libya)")
    assert [e.event_id for e in filled.events(admin1=[zawiya.admin1])] == [ev.event_id]
    (c,) = filled.corrections(ev.event_id)
    assert c["author"] == "amal" and c["created_at"][:4] == time.strftime("%Y", time.gmtime())
    assert c["changes"]["place_id"] == "zawiya" and c["changes"]["fatalities"] == 2


def test_rejected_events_are_hidden_unless_asked(filled):
    ev = filled.events(types=["Protests"])[0]
    filled.correct(ev.event_id, author="omar", rejected=True, note="not an event: an anniversary")
    assert ev.event_id not in [e.event_id for e in filled.events()]
    assert ev.event_id in [e.event_id for e in filled.events(include_rejected=True)]
    assert filled.rejected_ids() == {ev.event_id}
    assert filled.stats()["rejected_events"] == 1


def test_invalid_corrections_are_refused(filled):
    ev = filled.events()[0]
    for bad in (
        {"place_id": "no-such-place"},
        {"event_type": "Picnic"},
        {"fatalities": -1},
        {"event_date": "2020-13-40"},
        {"colour": "red"},
        {},
    ):
        with pytest.raises(StoreError):
            filled.correct(ev.event_id, author="amal", **bad)
    with pytest.raises(StoreError):
        filled.correct(ev.event_id, author=" ", fatalities=1)
    with pytest.raises(StoreError):
        filled.correct("ev-nonexistent", author="amal", fatalities=1)
    assert filled.corrections(ev.event_id) == []


def test_corrections_survive_reingest_and_a_changed_cluster(store, gaz):
    # two outlets report one strike; an analyst corrects it
    store.add_article(article("m2"), [at(gaz, "misrata", "m2", fatalities=3)])
    store.add_article(article("m3", source="218tv"), [at(gaz, "misrata", "m3", fatalities=4)])
    (ev,) = store.events()
    store.correct(ev.event_id, author="amal", event_type="Battles", sub_event_type="Armed clash", fatalities=9)
    # re-ingesting the same articles and re-deduplicating changes nothing
    store.add_article(article("m2"), [at(gaz, "misrata", "m2", fatalities=3)])
    store.deduplicate()
    (again,) = store.events()
    assert (again.event_id, again.event_type, again.fatalities) == (ev.event_id, "Battles", 9)
    # a third report joins the incident; whatever the merged id becomes, the correction stays
    members = {s["event_id"] for s in store.event_sources(ev.event_id)}
    new_doc = next(
        d for d in (f"m{i}" for i in range(100, 999)) if make_event_id(d, "e1") < min(members)
    )  # this report's id sorts first
    store.add_article(article(new_doc, source="alahrar"), [at(gaz, "misrata", new_doc, fatalities=5)])
    (grown,) = store.events()
    assert grown.event_id == make_event_id(new_doc, "e1") != ev.event_id
    assert (grown.source_count, grown.event_type, grown.fatalities) == (3, "Battles", 9)
    assert len(store.corrections(grown.event_id)) == 1
    assert store.event(ev.event_id).event_id == grown.event_id  # old id still finds the event


def test_later_corrections_win(filled):
    ev = filled.events()[0]
    filled.correct(ev.event_id, author="amal", fatalities=10)
    filled.correct(ev.event_id, author="omar", fatalities=12)
    assert filled.event(ev.event_id).fatalities == 12
    assert [c["author"] for c in filled.corrections(ev.event_id)] == ["amal", "omar"]


# --------------------------------------------------------------------------- stats


def test_stats_counts(filled):
    s = filled.stats()
    assert (s["articles"], s["extracted_events"], s["events"], s["sources"]) == (3, 3, 3, 3)
    assert s["event_dates"] == ["2020-01-05", "2020-03-15"]
    assert s["fatalities"] == 4
    assert s["by_type"] == {"Explosions/Remote violence": 1, "Battles": 1, "Protests": 1}
    assert s["by_admin1"] == {"Misrata": 1, "Sirte": 1, "Tripoli": 1}


# --------------------------------------------------------------------------- CLI (needs the lead's cli.events and events.extract)


def _cli_ready() -> str | None:
    cli = ROOT / "cli" / "events.py"
    if not cli.is_file() or "add_store_commands" not in cli.read_text(encoding="utf-8"):
        return "cli/events.py does not register the store commands yet"
    try:
        from events.extract import extract

        extract(Article(text="قتل ثلاثة أشخاص في غارة جوية على مصراتة أمس", id="probe", date="2020-05-18"))
    except Exception as exc:
        return f"events.extract is not usable yet ({type(exc).__name__}: {exc})"
    return None


cli = pytest.mark.skipif(_cli_ready() is not None, reason=str(_cli_ready()))


def run(*args, env_db: Path | None = None, check: bool = False, **kw) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    if env_db is not None:
        env["LEM_DB"] = str(env_db)
    p = subprocess.run(
        [sys.executable, "-m", "events", *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        **kw,
    )
    if check:
        assert p.returncode == 0, p.stderr
    return p


def corpus(path: Path, n: int, seed: int = 1) -> Path:
    sys.path.insert(0, str(ROOT))
    from bench.synth import write_corpus

    return write_corpus(path, n, seed=seed)


@cli
def test_cli_ingest_export_stats(tmp_path):
    import pyogrio

    src = corpus(tmp_path / "in.jsonl", 40)
    db = tmp_path / "cli.sqlite"
    p = run("ingest", src, "--db", db, "--progress", check=True)
    assert "40 articles read: 40 added" in p.stderr
    assert "articles/s" in p.stderr and "40/40" in p.stderr  # the progress bar
    st = open_store(str(db))
    n_events = len(st.events())
    assert n_events > 0 and st.stats()["articles"] == 40
    again = run("ingest", src, "--db", db, check=True)
    assert "40 unchanged" in again.stderr and st.stats()["articles"] == 40 and len(st.events()) == n_events

    run("export", "--db", db, "--format", "geojson", "-o", tmp_path / "e.geojson", check=True)
    fc = json.loads((tmp_path / "e.geojson").read_text(encoding="utf-8"))
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == n_events and "crs" not in fc
    f0 = fc["features"][0]
    ev = st.event(f0["properties"]["event_id"])
    assert f0["geometry"]["coordinates"] == [pytest.approx(ev.lon, abs=1e-5), pytest.approx(ev.lat, abs=1e-5)]
    assert {"event_id", "event_date", "fatalities", "source_count", "fatalities_note"} <= set(f0["properties"])

    run("export", "--db", db, "-o", tmp_path / "e.csv", check=True)
    header = (tmp_path / "e.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    for col in (
        "event_id_cnty",
        "event_date",
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "admin1",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "time_precision",
        "fatalities",
        "notes",
        "source",
    ):
        assert col in header

    run("export", "--db", db, "--format", "gpkg", "-o", tmp_path / "e.gpkg", "--min-fatalities", "1", check=True)
    gdf = pyogrio.read_dataframe(tmp_path / "e.gpkg")
    assert len(gdf) == len(st.events(min_fatalities=1)) and (gdf["fatalities"] >= 1).all()

    s = run("stats", "--db", db, "--json", check=True)
    assert json.loads(s.stdout)["articles"] == 40
    st.close()


@cli
def test_cli_malformed_record_names_file_and_line_and_leaves_store_untouched(tmp_path):
    src = corpus(tmp_path / "in.jsonl", 5)
    lines = src.read_text(encoding="utf-8").splitlines()
    lines.insert(3, '{"id": "broken", "text": ')
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "bad.sqlite"
    p = run("ingest", src, "--db", db)
    assert p.returncode == 2 and "Traceback" not in p.stderr
    assert f"{src}:4" in p.stderr and "malformed JSON" in p.stderr
    assert not db.exists() or count(db, "articles") == 0
    p = run("ingest", src, "--db", db, "--skip-bad")
    assert p.returncode == 0 and f"{src}:4" in p.stderr
    assert count(db, "articles") == 5, p.stderr


@cli
def test_two_concurrent_ingests_lose_and_duplicate_nothing(tmp_path):
    a = corpus(tmp_path / "a.jsonl", 150, seed=11)
    b = corpus(tmp_path / "b.jsonl", 150, seed=12)
    # both inputs share 50 articles, so the two processes race to store the same ones
    shared = a.read_text(encoding="utf-8").splitlines()[:50]
    b.write_text("\n".join(shared + b.read_text(encoding="utf-8").splitlines()) + "\n", encoding="utf-8")
    db = tmp_path / "race.sqlite"
    open_store(str(db)).close()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "events", "ingest", str(src), "--db", str(db)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for src in (a, b)
    ]
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    ids = {json.loads(x)["id"] for src in (a, b) for x in src.read_text(encoding="utf-8").splitlines()}
    with sqlite3.connect(db) as con:
        stored = [r[0] for r in con.execute("SELECT doc_id FROM articles")]
        per_doc = dict(con.execute("SELECT doc_id, count(*) FROM events GROUP BY doc_id").fetchall())
    assert sorted(stored) == sorted(ids)  # every article once
    from events.extract import extract
    from events.io import read_articles

    expected = {art.doc_id: len(extract(art)) for art in read_articles([a, b])}
    assert {d: per_doc.get(d, 0) for d in ids} == expected  # every article with exactly its events


@cli
def test_sigkill_mid_ingest_leaves_whole_articles_and_rerun_completes(tmp_path):
    from events.extract import extract
    from events.io import read_articles

    src = corpus(tmp_path / "big.jsonl", 8000, seed=5)
    db = tmp_path / "killed.sqlite"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-m", "events", "ingest", str(src), "--db", str(db)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 300
    stored = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
        if db.exists():
            try:
                stored = count(db, "articles")
            except sqlite3.OperationalError:
                continue
            if stored >= 128:
                break
    assert proc.poll() is None, "ingest finished before it could be killed; use a larger input"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    expected = {art.doc_id: sorted(e.event_id for e in extract(art)) for art in read_articles([src])}
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        docs = [r[0] for r in con.execute("SELECT doc_id FROM articles")]
        evs: dict[str, list[str]] = {}
        for doc, eid in con.execute("SELECT doc_id, event_id FROM events"):
            evs.setdefault(doc, []).append(eid)
    assert 0 < len(docs) < len(expected)
    assert set(evs) <= set(docs)  # no events without their article
    for doc in docs:
        assert sorted(evs.get(doc, [])) == expected[doc]  # each stored article has all its events
    run("ingest", src, "--db", db, check=True)
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == len(expected)
        assert con.execute("SELECT count(*) FROM events").fetchone()[0] == sum(map(len, expected.values()))


@cli
def test_store_ingest_with_real_extraction_merges_outlets(tmp_path):
    st = open_store(str(tmp_path / "x.sqlite"))
    arts = [
        Article(
            id="r1",
            date="2020-05-18",
            source="alwasat",
            text="شن الطيران المسير غارة جوية على قاعدة الوطية صباح اليوم، ما أسفر عن مقتل 5 أشخاص.",
        ),
        Article(
            id="r2", date="2020-05-19", source="218tv", text="قُتل 7 أشخاص في غارة جوية استهدفت قاعدة الوطية الجوية أمس."
        ),
        Article(
            id="r3",
            date="2020-05-18",
            source="libya-observer",
            text="أعلنت مصادر محلية أن طائرة مسيرة قصفت قاعدة الوطية اليوم وأن القصف أدى إلى مقتل 6 مسلحين.",
        ),
        Article(
            id="r4", date="2020-05-25", source="alwasat", text="شنت طائرة مسيرة غارة جوية جديدة على قاعدة الوطية اليوم."
        ),
    ]
    report = st.ingest(arts)
    assert (report.read, report.added) == (4, 4)
    strikes = st.events(types=["Explosions/Remote violence"])
    assert [e.source_count for e in strikes] == [3, 1]
    assert strikes[0].fatalities == 5 and strikes[0].fatalities_note == "reports range 5–7"
    assert [e.event_date for e in strikes] == ["2020-05-18", "2020-05-25"]
    assert st.ingest(arts).unchanged == 4
    st.close()


@cli
def test_dask_engine_gives_the_same_store_as_the_default(tmp_path):
    pytest.importorskip("distributed", reason="dask/distributed are not installed (requirements-dev.txt)")
    from store.engines import ingest_dask

    src = corpus(tmp_path / "in.jsonl", 120, seed=3)
    lines = src.read_text(encoding="utf-8").splitlines()
    lines.insert(50, lines[10].replace('"id": "', '"id": "copy-'))  # the same text again under another id
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    local = open_store(str(tmp_path / "local.sqlite"))
    from events.io import read_articles

    expected = local.ingest(read_articles([src]))
    report = ingest_dask([str(src)], url=str(tmp_path / "dask.sqlite"), workers=2, processes=False, chunk_articles=7)
    assert (report.read, report.added, report.duplicates) == (121, 120, 1) == (121, expected.added, expected.duplicates)
    assert report.events == expected.events and report.merged_events == expected.merged_events
    dask_store = open_store(str(tmp_path / "dask.sqlite"))
    assert dask_store.events() == local.events()
    again = ingest_dask([str(src)], url=str(tmp_path / "dask.sqlite"), workers=2, processes=False, chunk_articles=7)
    assert (again.added, again.unchanged, again.duplicates) == (0, 120, 1)

    from distributed import LocalCluster

    with LocalCluster(n_workers=2, processes=False, dashboard_address=None) as cluster:  # --scheduler tcp://…
        assert cluster.scheduler_address.startswith(("tcp://", "inproc://"))
        remote = ingest_dask([str(src)], url=str(tmp_path / "remote.sqlite"), scheduler=cluster.scheduler_address)
    assert remote.added == 120
    with open_store(str(tmp_path / "remote.sqlite")) as remote_store:
        assert remote_store.events() == local.events()

    import geopandas as gpd

    from geo.frame import write_geoparquet

    out = tmp_path / "parquet"
    pq = ingest_dask(
        [str(src)], out_parquet=str(out), write_parquet=write_geoparquet, workers=2, processes=False, chunk_articles=7
    )
    files = sorted(out.rglob("*.parquet"))
    assert files and all(f.parent.name.startswith("event_month=") for f in files)
    frames = [gpd.read_parquet(f) for f in files]
    from events.extract import extract

    assert sum(len(f) for f in frames) == pq.events == sum(len(extract(a)) for a in read_articles([src]))
    assert frames[0].crs.to_epsg() == 4326
    local.close(), dask_store.close()


@cli
def test_dask_engine_rejects_bad_input_before_writing(tmp_path):
    pytest.importorskip("distributed", reason="dask/distributed are not installed (requirements-dev.txt)")
    src = corpus(tmp_path / "in.jsonl", 30, seed=4)
    lines = src.read_text(encoding="utf-8").splitlines()
    lines[20] = "not json"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "d.sqlite"
    p = run("ingest", src, "--db", db, "--engine", "dask", "--workers", "1", "--chunk", "4")
    assert p.returncode == 2 and f"{src}:21: malformed JSON" in p.stderr and "Traceback" not in p.stderr
    assert not db.exists()  # not even an empty store
    p = run("ingest", src, "--db", db, "--engine", "dask", "--workers", "1", "--skip-bad", "--chunk", "4")
    assert p.returncode == 0, p.stderr
    assert f"{src}:21" in p.stderr and count(db, "articles") == 29


def test_exports_carry_corrections_and_read_back(filled, tmp_path, gaz):
    import csv

    import pyogrio

    from cli.store import main as store_cli

    db = filled.url.split("sqlite:///", 1)[1]
    first, second, third = filled.events()
    filled.correct(first.event_id, author="amal", fatalities=6, place_id="zawiya", note="hospital count")
    filled.correct(third.event_id, author="omar", rejected=True)

    assert store_cli(["export", "--db", db, "-o", str(tmp_path / "e.geojson")]) == 0
    fc = json.loads((tmp_path / "e.geojson").read_text(encoding="utf-8"))
    props = {f["properties"]["event_id"]: f for f in fc["features"]}
    assert set(props) == {first.event_id, second.event_id}  # the rejected event is left out
    corrected = props[first.event_id]
    assert corrected["properties"]["fatalities"] == 6 and corrected["properties"]["location"] == "Zawiya"
    assert corrected["geometry"]["coordinates"] == [
        pytest.approx(gaz.get("zawiya").lon, abs=1e-5),
        pytest.approx(gaz.get("zawiya").lat, abs=1e-5),
    ]
    note = corrected["properties"]["corrections"]
    assert "amal" in note and "fatalities=6" in note and "place_id=zawiya" in note and "hospital count" in note
    assert props[second.event_id]["properties"]["corrections"] is None

    assert store_cli(["export", "--db", db, "--include-rejected", "-o", str(tmp_path / "all.csv")]) == 0
    with open(tmp_path / "all.csv", encoding="utf-8", newline="") as fh:
        rows = {r["event_id_cnty"]: r for r in csv.DictReader(fh)}
    assert len(rows) == 3 and rows[third.event_id]["rejected"].lower() == "true"
    assert rows[first.event_id]["fatalities"] == "6" and rows[first.event_id]["admin1"] == gaz.get("zawiya").admin1

    assert (
        store_cli(
            [
                "export",
                "--db",
                db,
                "--format",
                "gpkg",
                "--from",
                "2020-01-01",
                "--to",
                "2020-02-28",
                "-o",
                str(tmp_path / "e.gpkg"),
            ]
        )
        == 0
    )
    gdf = pyogrio.read_dataframe(tmp_path / "e.gpkg")
    assert sorted(gdf["event_id"]) == sorted([first.event_id, second.event_id])
    assert gdf.crs.to_epsg() == 4326


def test_export_and_stats_refuse_bad_requests(filled, tmp_path, capsys):
    from cli.store import main as store_cli

    db = filled.url.split("sqlite:///", 1)[1]
    assert store_cli(["export", "--db", db, "-o", str(tmp_path / "e.xyz")]) == 2
    assert "cannot tell the format" in capsys.readouterr().err
    assert store_cli(["export", "--db", db, "-o", str(tmp_path / "no" / "such" / "e.csv")]) == 2
    assert "no such folder" in capsys.readouterr().err and not (tmp_path / "no").exists()
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"this is not a database" * 100)
    assert store_cli(["stats", "--db", str(garbage)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: cannot open store") and err.count("\n") == 1
    assert store_cli(["stats", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "articles            3" in out and "Battles" in out


@cli
def test_cli_ingest_from_stdin(tmp_path):
    src = corpus(tmp_path / "in.jsonl", 6, seed=8)
    db = tmp_path / "stdin.sqlite"
    good = src.read_text(encoding="utf-8")
    p = run("ingest", "-", "--db", db, input=good.replace("\n", "\n{oops\n", 1))
    assert p.returncode == 2 and "<stdin>:2: malformed JSON" in p.stderr and str(tmp_path) not in p.stderr
    assert not db.exists() or count(db, "articles") == 0
    p = run("ingest", "-", "--db", db, input=good, check=True)
    assert "6 articles read: 6 added" in p.stderr and count(db, "articles") == 6


def test_readers_never_need_the_write_lock(filled, monkeypatch):
    """While an ingest holds the write lock, the dashboard can still open the store and query it."""
    import store.db as store_module

    filled.events()  # merged events are up to date
    db = filled.url.split("sqlite:///", 1)[1]
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO lem_meta (key, value) VALUES ('busy', 'yes')")
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_S", 0)  # any attempt to write would fail at once
    try:
        with open_store(db) as reader:
            assert [e.doc_id for e in reader.events(min_fatalities=1)] == ["f1"]
            assert reader.stats()["articles"] == 3
            assert reader.event_sources(reader.events()[0].event_id)[0]["doc_id"] == "f1"
            with pytest.raises(StoreError):
                reader.correct(reader.events()[0].event_id, author="amal", fatalities=1)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
