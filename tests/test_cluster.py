"""A Dask cluster as a team runs it: ``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1, and
``python -m events ingest --engine dask --scheduler tcp://…`` on real news from ``../shared/eval/pool``.

The scheduler runs with every package of the project made unimportable (the engine must send it plain data only),
even where the project is installed;
the workers have the project on their path and their own empty data folder (the client's user gazetteer reaches them
through the engine). One worker is killed once the first results are stored: the run must still store every article
and event exactly as the default engine does. Workers without the project, or at another version, are refused with
one line naming them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench.cluster import DaskProcesses, clean_env, wait_for
from bench.synth import pool_records, write_records
from tests.common import ROOT, SHARED, throwaway_postgres

pytest.importorskip("distributed", reason="dask/distributed are not installed (requirements-dev.txt)")

POOL = SHARED / "eval" / "pool" / "articles.jsonl"
#: Rounds through the pool in the corpus (2 × 623 articles): long enough that a worker is killed mid-run, short enough
#: that the module runs in well under a minute on two cores.
COPIES = 2
PROJECT = ("app", "base", "cli", "events", "gazetteer", "geo", "sources", "store", "ui", "tests", "bench")
#: A ``sitecustomize`` that makes the project unimportable in a process and its children, even where it is installed:
#: on the PYTHONPATH of the scheduler (which must never need it) and of a worker the run must refuse.
WITHOUT_PROJECT = f"""
import sys
class NoProject:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in {PROJECT!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}")
sys.meta_path.insert(0, NoProject())
"""
#: A place only the client's user gazetteer knows, and an article of ours (not an outlet's) reporting shelling there.
USER_PLACES = (
    "place_id,name_en,name_ar,alt_names,lat,lon,kind,admin1,country,population,context_required,priority,source\n"
    "user-wadi-hinna,Wadi al Hinna,وادي الحناء,,26.1,12.9,town,Fezzan,LY,,,,test\n"
)
OUR_ARTICLE = {
    "id": "ours-wadi-hinna",
    "date": "2019-06-13",
    "source": "test",
    "title": "",
    "text": "قتل ثلاثة مدنيين وأصيب خمسة آخرون في قصف مدفعي استهدف بلدة وادي الحناء مساء أمس الأربعاء، حسب مصادر محلية.",
}


@pytest.fixture(scope="module")
def no_project(tmp_path_factory) -> Path:
    """A folder for PYTHONPATH in which Python finds no package of the project."""
    folder = tmp_path_factory.mktemp("no-project")
    (folder / "sitecustomize.py").write_text(WITHOUT_PROJECT, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, no_project):
    c = DaskProcesses(tmp_path_factory.mktemp("cluster"), scheduler_path=no_project)
    try:
        yield c
    finally:
        c.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Pool articles, ``COPIES`` times (bench.synth.pool_records: each copy a new text that reads the same), with our
    article at a place only the client's user gazetteer knows; and the client's data folder holding that gazetteer."""
    if not POOL.is_file():
        pytest.skip(f"evaluation pool not found at {POOL} (../shared is absent in a user's clone)")
    base = tmp_path_factory.mktemp("corpus")
    with open(POOL, encoding="utf-8") as fh:
        records = list(pool_records(POOL, COPIES * sum(1 for line in fh if line.strip())))
    records.insert(len(records) // 2, OUR_ARTICLE)
    path = write_records(base / "corpus.jsonl", records)
    home = base / "home"
    (home / "gazetteer").mkdir(parents=True)
    (home / "gazetteer" / "user_places.csv").write_text(USER_PLACES, encoding="utf-8")
    return path, home, len(records)


def _snapshot(db: str) -> dict:
    """Every stored article (but its ingest time), every extracted event, and the merged events."""
    from sqlalchemy import select

    from store import open_store

    with open_store(db) as st, st.engine.connect() as conn:
        arts = st.t["articles"]
        return {
            "articles": conn.execute(
                select(*[c for c in arts.c if c.name != "ingested_at"]).order_by(arts.c.doc_id)
            ).all(),
            "events": conn.execute(select(st.t["events"]).order_by(st.t["events"].c.event_id)).all(),
            "merged": st.events(),
        }


@pytest.fixture(scope="module")
def expected(corpus, tmp_path_factory):
    """The default engine's store of the corpus, with the client's user gazetteer."""
    from events.extract import extract
    from events.io import read_articles
    from gazetteer.core import load
    from store import open_store

    path, home, n = corpus
    gaz = load(user=False, user_places=(home / "gazetteer" / "user_places.csv").read_text(encoding="utf-8"))
    db = str(tmp_path_factory.mktemp("default") / "default.sqlite")
    with open_store(db) as st:
        report = st.ingest(read_articles([path]), extract=lambda a: extract(a, gazetteer=gaz))
    assert report.added == n
    return _snapshot(db)


def _stored_articles(db: str) -> int:
    """Articles in the store the ingest under test is writing (0 until it has made its tables)."""
    from sqlalchemy import create_engine, text

    if not db.startswith("postgresql") and not Path(db).exists():
        return 0
    engine = create_engine(db if db.startswith("postgresql") else f"sqlite:///{db}")
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM articles")).scalar_one()
    except Exception:
        return 0
    finally:
        engine.dispose()


def _ingest(cluster: DaskProcesses, corpus_path: Path, db: str, home: Path, *extra: str) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "events", "ingest", str(corpus_path), "--db", db, "--engine", "dask"]
    cmd += ["--scheduler", cluster.address, "--no-progress", *extra]
    env = clean_env(LEM_HOME=str(home), PYTHONPATH=str(ROOT))
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_killed_worker_only_delays_the_run(backend, cluster, corpus, expected, tmp_path, request):
    path, home, n = corpus
    db = request.getfixturevalue("pg_url") if backend == "postgresql" else str(tmp_path / "cluster.sqlite")
    cluster.stop_workers()
    cluster.add_worker("a", ROOT)
    cluster.add_worker("b", ROOT)

    run = _ingest(cluster, path, db, home, "--chunk", "20")
    stored_at_kill = wait_for(lambda: _stored_articles(db), "no article was stored", timeout=120)
    still_running = run.poll() is None
    cluster.kill(0)
    err = run.communicate(timeout=300)[1]

    assert run.returncode == 0, err
    assert still_running and 0 < stored_at_kill < n, (stored_at_kill, n)  # the worker died mid-run
    assert len(cluster.worker_addresses()) == 1
    assert "Traceback" not in err and f"{n} articles read: {n} added, 0 updated, 0 unchanged" in err
    got = _snapshot(db)
    assert len(got["articles"]) == n and got["articles"] == expected["articles"]  # nothing lost, nothing twice
    assert got["events"] == expected["events"] and got["merged"] == expected["merged"]
    assert any(e.place_id == "user-wadi-hinna" for e in got["merged"])  # the workers used the client's gazetteer


@pytest.fixture(scope="module")
def pg_url():
    with throwaway_postgres() as url:
        yield url


def test_workers_without_the_project_or_at_another_version_are_named(cluster, corpus, no_project, tmp_path):
    from base import __version__

    path, home, _ = corpus
    small = tmp_path / "small.jsonl"
    with open(path, encoding="utf-8", newline="") as fh:
        small.write_text("".join(fh.readline() for _ in range(20)), encoding="utf-8")
    old = tmp_path / "old" / "base"
    old.mkdir(parents=True)
    (old / "__init__.py").write_text('__version__ = "0.0.1"\n', encoding="utf-8")
    db = tmp_path / "refused.sqlite"
    cluster.stop_workers()
    try:
        for pythonpath, problem in [
            (no_project, "cannot import the project (ModuleNotFoundError: No module named 'base')"),
            (old.parent, f"runs libya-event-map 0.0.1, this client {__version__}"),
        ]:
            address = cluster.add_worker("stray", pythonpath)
            run = _ingest(cluster, small, str(db), home)
            err = run.communicate(timeout=120)[1]
            assert run.returncode == 2 and err.startswith(f"error: worker {address} {problem}"), err
            assert len(err.strip().splitlines()) == 1 and not db.exists()
            cluster.stop_workers()
    finally:
        cluster.stop_workers()
