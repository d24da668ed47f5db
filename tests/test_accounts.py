"""Issue #11 §1: accounts in the store, the users CLI, single-user mode only on localhost, and a read-only
database role serving stats and export (reading never writes)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from store import StoreError, open_store, users
from tests.common import ROOT, SAMPLES
from tests.test_postgres import pg_url  # noqa: F401 — the throw-away PostgreSQL cluster fixture


def ev(*args, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "events", *map(str, args)],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )


def test_users_cli_add_list_passwd_remove(tmp_path):
    db = tmp_path / "u.sqlite"
    assert ev("users", "add", "amal", "--role", "admin", "--db", db, stdin="first password\n").returncode == 0
    assert ev("users", "add", "bob", "--role", "editor", "--db", db, stdin="bob's password\n").returncode == 0
    p = ev("users", "add", "bob", "--db", db, stdin="another one\n")
    assert (p.returncode, p.stderr) == (2, "error: user 'bob' exists\n")
    p = ev("users", "add", "eve", "--db", db, stdin="short\n")
    assert p.returncode == 2 and "at least 8 characters" in p.stderr
    p = ev("users", "add", "x", "--role", "root", "--db", db, stdin="whatever12\n")
    assert p.returncode == 2 and "invalid choice: 'root'" in p.stderr and "Traceback" not in p.stderr
    p = ev("users", "list", "--db", db)
    assert [line.split("\t")[:2] for line in p.stdout.splitlines()] == [["amal", "admin"], ["bob", "editor"]]
    st = open_store(str(db))
    try:
        assert users.verify(st, "bob", "bob's password") == "editor"
        assert users.verify(st, "bob", "wrong") is None and users.verify(st, "nobody", "x") is None
        from sqlalchemy import select

        stored = st.engine.connect().execute(select(st.t["users"].c.password_hash)).scalars().all()
        assert all(h.startswith("$argon2id$") and "password" not in h for h in stored)  # hashes only
    finally:
        st.close()
    assert ev("users", "passwd", "bob", "--db", db, stdin="new password!\n").returncode == 0
    p = ev("users", "remove", "amal", "--db", db)
    assert p.returncode == 2 and "last admin" in p.stderr
    assert ev("users", "remove", "bob", "--db", db).returncode == 0
    st = open_store(str(db))
    try:
        assert [u["name"] for u in users.list_users(st)] == ["amal"]
        with pytest.raises(StoreError, match="no user"):
            users.set_password(st, "bob", "whatever123")
    finally:
        st.close()


def _app(db, address: str):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    os.environ["LEM_DB"] = str(db)
    from streamlit import config

    config.set_option("server.address", address)
    try:
        return at.run()
    finally:
        config.set_option("server.address", "localhost")


@pytest.mark.skipif(not SAMPLES.exists(), reason="sample articles missing")
def test_without_accounts_the_dashboard_runs_only_on_localhost(tmp_path, monkeypatch):
    db = tmp_path / "d.sqlite"
    monkeypatch.setenv("LEM_DB", str(db))
    at = _app(db, "0.0.0.0")
    assert [e.value for e in at.error] and "no admin account" in at.error[0].value
    assert len(at.metric) == 0
    at = _app(db, "localhost")
    assert not at.error and len(at.metric) == 3  # today's single-user dashboard
    st = open_store(str(db))
    users.add_user(st, "amal", "admin", "a long password")
    st.close()
    at = _app(db, "0.0.0.0")  # an admin exists: a login form, nothing else
    assert not at.error and len(at.metric) == 0
    assert [b.label for b in at.button] == ["Sign in"]


def test_a_select_only_postgres_role_serves_stats_and_export(tmp_path, pg_url):  # noqa: F811  the fixture imported above
    """Reading never writes: stats, export and the event queries work for a role that can only SELECT,
    even with merged events waiting for a rebuild."""
    from sqlalchemy import text

    import gazetteer
    from events.models import Article
    from tests.test_store import at

    gaz = gazetteer.load(user=False)
    st = open_store(pg_url)
    with st.engine.begin() as conn:
        conn.execute(
            text(
                "TRUNCATE correction_targets, corrections, event_sources, merged_events, events, "
                "article_revisions, articles, users CASCADE"
            )
        )
    st.add_article(Article(text="غارة على مصراتة", id="r1", date="2020-05-18"), [at(gaz, "misrata", "r1")])
    st.put_batch([(Article(text="غارة على سرت", id="r2", date="2020-05-19"), [at(gaz, "sirte", "r2")])])  # dirty
    with st.engine.begin() as conn:
        conn.execute(text("DROP ROLE IF EXISTS lem_reader"))
        conn.execute(text("CREATE ROLE lem_reader LOGIN"))
        conn.execute(text("GRANT SELECT ON ALL TABLES IN SCHEMA public TO lem_reader"))
    st.close()
    reader = pg_url.replace("//lem@", "//lem_reader@")
    ro = open_store(reader)
    try:
        s = ro.stats()
        assert (s["articles"], s["events"], s["needs_deduplication"]) == (2, 1, True)
        assert [e.location for e in ro.events()] == ["Misrata"]
        with pytest.raises(StoreError):
            ro.add_article(Article(text="x y", id="r3"), [])  # the role really cannot write
    finally:
        ro.close()
    p = ev("stats", "--db", reader)
    assert p.returncode == 0 and "merged events are rebuilt on the next ingest" in p.stdout, p.stderr
    out = tmp_path / "e.geojson"
    p = ev("export", "--db", reader, "-o", out)
    assert p.returncode == 0, p.stderr
    import json

    assert len(json.loads(out.read_text())["features"]) == 1
