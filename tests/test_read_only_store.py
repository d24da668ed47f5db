"""A store on read-only media (a mounted share, a write-protected disk) opens read-only for stats and export."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from events.io import read_articles
from store import StoreError, open_store
from tests.common import SAMPLES
from tests.test_honest_io import run


@pytest.fixture
def read_only_store(tmp_path):
    """A store with the sample articles, seen through a read-only bind mount (root cannot write there either)."""
    src, mnt = tmp_path / "src", tmp_path / "ro"
    src.mkdir()
    mnt.mkdir()
    store = open_store(str(src / "events.sqlite"))
    store.ingest(read_articles([SAMPLES]))
    store.close()
    for extra in src.glob("events.sqlite-*"):  # WAL files are checkpointed on close
        extra.unlink()
    mounted = subprocess.run(["mount", "--bind", str(src), str(mnt)], capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot make a read-only mount here (needs root and mount rights): {mounted.stderr.strip()}")
    try:
        ro = subprocess.run(["mount", "-o", "remount,bind,ro", str(mnt)], capture_output=True, text=True)
        if ro.returncode != 0:
            pytest.skip(f"cannot remount read-only here: {ro.stderr.strip()}")
        yield mnt / "events.sqlite"
    finally:
        subprocess.run(["umount", str(mnt)], capture_output=True)
        shutil.rmtree(src, ignore_errors=True)


def test_stats_and_export_read_a_store_on_read_only_media(read_only_store, tmp_path):
    stats = run("events", "stats", "--db", str(read_only_store), "--json")
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["articles"] == 16
    out = tmp_path / "out.geojson"
    exported = run("events", "export", "--db", str(read_only_store), "--format", "geojson", "-o", str(out))
    assert exported.returncode == 0, exported.stderr
    assert len(json.loads(out.read_text(encoding="utf-8"))["features"]) > 0
    assert not list(read_only_store.parent.glob("events.sqlite-*"))  # no journal or lock file was attempted


def test_writing_to_a_store_on_read_only_media_is_one_line(read_only_store):
    r = run("events", "ingest", str(SAMPLES), "--db", str(read_only_store))
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and "read-only media" in r.stderr
    store = open_store(str(read_only_store))
    try:
        assert store.read_only
        with pytest.raises(StoreError, match="read-only media"):
            store.correct(store.events()[0].event_id, author="amal", fatalities=3)
    finally:
        store.close()
