"""Issue #11 §2: no poison record stops an ingest, on SQLite and PostgreSQL alike.

Each hostile or faulty record is refused at the input edge (``events.io``) with one line naming file and line,
so a file that passes on SQLite passes on PostgreSQL; ``--skip-bad`` stores every other record.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cli.events import main as events_main
from store import open_store
from tests.common import ROOT
from tests.test_postgres import pg_url  # noqa: F401 — the throw-away PostgreSQL cluster fixture

GOOD = "قتل 5 أشخاص في غارة جوية على مدينة مصراتة أمس"


def good(i: int) -> str:
    return json.dumps(
        {"id": f"good{i}", "text": f"{GOOD} رقم {i}", "date": "2020-05-01", "source": "s"}, ensure_ascii=False
    )


#: name → (one JSON Lines record, expected words of the one-line error). Written as raw JSON text: the escapes
#: (\ud800, \u0000) reach the reader exactly as a hostile file would carry them.
POISON = {
    "deep JSON": ('{"text": "x", "a": ' + "[" * 2000 + "]" * 2000 + "}", "nested more than"),
    "lone surrogate in text": (
        '{"id": "s1", "text": "غارة \\ud800 على مصراتة", "date": "2020-05-01"}',
        "lone surrogate",
    ),
    "lone surrogate in id": ('{"id": "s\\udfff2", "text": "غارة على مصراتة", "date": "2020-05-01"}', "lone surrogate"),
    "NUL in text": ('{"id": "n0", "text": "غارة\\u0000 على مصراتة", "date": "2020-05-01"}', "NUL"),
    "NUL in title": ('{"id": "n1", "text": "غارة على مصراتة", "title": "a\\u0000b", "date": "2020-05-01"}', "NUL"),
    "NUL in id": ('{"id": "n\\u00002", "text": "غارة على مصراتة", "date": "2020-05-01"}', "NUL"),
    "NUL in source": ('{"id": "n3", "text": "غارة على مصراتة", "source": "\\u0000", "date": "2020-05-01"}', "NUL"),
    "NUL in url": ('{"id": "n4", "text": "غارة على مصراتة", "url": "http://x/\\u0000", "date": "2020-05-01"}', "NUL"),
    "id over 256 characters": (
        json.dumps({"id": "x" * 300, "text": "غارة على مصراتة", "date": "2020-05-01"}),
        "more than the 256 accepted",
    ),
    "far-future date": ('{"id": "f1", "text": "غارة على مصراتة غدا", "date": "9999-12-31"}', "in the future"),
    "year 1": ('{"id": "f2", "text": "غارة على مصراتة أمس", "date": "0001-01-01"}', "before 1900"),
}

#: Absurd death tolls are no poison: stored capped and flagged.
TOLLS = {"t31": (3_000_000_000, "بنغازي", "2020-02-01"), "t23": (10**23, "سبها", "2020-03-01")}


def poisoned_file(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    """Good records around every poison record; returns the file and each poison record's line number."""
    lines, where = [good(0)], {}
    for i, (name, (rec, _)) in enumerate(POISON.items(), 1):
        where[name] = len(lines) + 1
        lines += [rec, good(i)]
    for doc, (n, town, day) in TOLLS.items():
        lines.append(
            json.dumps(
                {"id": doc, "text": f"قتل {n} شخصا في غارة جوية على مدينة {town} أمس", "date": day}, ensure_ascii=False
            )
        )
    path = tmp_path / "poison.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, where


@pytest.mark.parametrize("name", list(POISON))
def test_each_poison_record_is_one_line_error_and_stores_nothing(tmp_path, capsys, name):
    rec, words = POISON[name]
    path = tmp_path / "one.jsonl"
    path.write_text(good(0) + "\n" + rec + "\n", encoding="utf-8")
    db = tmp_path / "s.sqlite"
    assert events_main(["ingest", str(path), "--db", str(db), "--no-progress"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and err.startswith(f"error: {path}:2: ") and words in err, err
    st = open_store(str(db))
    try:
        assert st.stats()["articles"] == 0  # checked before anything was stored
    finally:
        st.close()


def _check_skip_bad(db: str, path: Path, where: dict[str, int]) -> None:
    p = subprocess.run(
        [sys.executable, "-m", "events", "ingest", str(path), "--db", db, "--skip-bad", "--no-progress"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert p.returncode == 0, p.stderr
    assert "Traceback" not in p.stderr
    warnings = [line for line in p.stderr.splitlines() if line.startswith("warning: ")]
    assert [w.split(": ")[1] for w in warnings] == [f"{path}:{n}" for n in where.values()]
    st = open_store(db)
    try:
        s = st.stats()
        assert s["articles"] == len(POISON) + 1 + len(TOLLS)
        by_doc = {e.doc_id: e for e in st.events()}
        for doc, (n, _, _) in TOLLS.items():
            assert by_doc[doc].fatalities == 10_000
            assert f"reported toll {n} capped at 10000" in by_doc[doc].fatalities_note
        assert all(by_doc[f"good{i}"].fatalities == 5 for i in range(len(POISON) + 1) if f"good{i}" in by_doc)
    finally:
        st.close()


def test_skip_bad_stores_the_rest_on_sqlite(tmp_path):
    path, where = poisoned_file(tmp_path)
    _check_skip_bad(str(tmp_path / "s.sqlite"), path, where)


def test_skip_bad_stores_the_rest_on_postgres(tmp_path, pg_url):  # noqa: F811  the fixture imported above
    path, where = poisoned_file(tmp_path)
    _check_skip_bad(pg_url, path, where)


def test_without_skip_bad_no_traceback_on_postgres(tmp_path, pg_url):  # noqa: F811  the fixture imported above
    path, _ = poisoned_file(tmp_path)
    p = subprocess.run(
        [sys.executable, "-m", "events", "ingest", str(path), "--db", pg_url, "--no-progress"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert p.returncode == 2
    assert p.stderr.strip() == f"error: {path}:2: JSON nested more than 64 levels deep"


def test_database_refusal_of_one_article_skips_it_not_the_batch(tmp_path, gaz):
    """Below the edge, an article the database refuses (here: an id past the PostgreSQL column, given straight
    to the API) is a StoreError naming it, or with ``on_bad`` a skipped record while the batch goes in."""
    from events.models import Article
    from store import StoreError

    st = open_store(str(tmp_path / "s.sqlite"))
    try:
        ok = Article(text="نص 1", id="a1", date="2020-05-01", origin="f.jsonl:1")
        clash = Article(text="نص 1", id="a2", date="2020-05-01", origin="f.jsonl:2")  # same text: duplicate
        out = st.put_batch([(ok, []), (clash, [])])
        assert [s for s, _ in out] == ["added", "duplicate"]
        from events.models import Event

        bad_ev = Event(
            event_id="ev-x",
            event_type="Battles",
            sub_event_type="Armed clash",
            doc_id="a3",
            evidence=None,
            source="",
            url="",
        )  # a NULL in a NOT NULL column once stored
        bad = Article(text="نص 3", id="a3", date="2020-05-01", origin="f.jsonl:3")
        from dataclasses import replace

        bad_ev = replace(bad_ev, sub_event_type=None)
        seen: list[str] = []
        out = st.put_batch(
            [(Article(text="نص 4", id="a4", origin="f.jsonl:4"), []), (bad, [bad_ev])], on_bad=seen.append
        )
        assert [s for s, _ in out] == ["added", "bad"]
        assert seen and seen[0].startswith("f.jsonl:3: cannot store article")
        with pytest.raises(StoreError, match=r"f\.jsonl:3: cannot store article"):
            st.put_batch([(bad, [bad_ev])])
        assert st.article("a3") is None and st.article("a4") is not None
    finally:
        st.close()
