"""Event store speed: ingest throughput (default engine vs Dask on local workers), peak memory, export time.

    .venv/bin/python bench/bench_store.py [--sizes 10000 100000] [--workers 2] [--repeat 1] [--export-events 100000]

Corpora come from bench/synth.py (realistic Arabic articles at real gazetteer places). Each ingest runs as
``python -m events ingest`` in a fresh SQLite store, timed end to end (including extraction, writing and
deduplication, and for Dask the LocalCluster start); peak memory is the largest summed RSS of the process
tree (driver and workers), sampled every 0.1 s. Export times ``python -m events export`` of a store holding
``--export-events`` merged events. Targets (the issue): Dask/default >= 1.6x, GeoJSON export of 100k < 10 s.
On a shared machine use ``--repeat 3``: runs are interleaved and the best of each engine is reported.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def run_measured(cmd: list[str]) -> tuple[float, float, str]:
    """(wall seconds, peak RSS of the whole process tree in MB, stderr tail) of one command."""
    import psutil

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    root = psutil.Process(proc.pid)
    peak = 0
    err_chunks: list[str] = []
    import threading

    reader = threading.Thread(target=lambda: err_chunks.append(proc.stderr.read()), daemon=True)
    reader.start()
    while proc.poll() is None:
        total = 0
        with contextlib.suppress(psutil.Error):  # a process may end while we look
            for p in [root, *root.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    total += p.memory_info().rss
        peak = max(peak, total)
        time.sleep(0.1)
    reader.join()
    wall = time.perf_counter() - t0
    err = "".join(err_chunks)
    if proc.returncode != 0:
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{err[-2000:]}")
    return wall, peak / 1e6, err.strip().splitlines()[-1] if err.strip() else ""


def fill_export_store(db: Path, n: int, seed: int = 7) -> int:
    """A store with about ``n`` merged events at real places (one article per event), for the export timing."""
    import gazetteer
    from events.models import Article, Event, make_event_id
    from store import open_store

    rng = random.Random(seed)
    first = dt.date(2011, 2, 15)
    actors = (
        "LNA",
        "GNA",
        "Wagner Group",
        "Islamic State (Libya)",
        "Tripoli Protection Force",
        "RADA",
        "Zintan militia",
        "Civilians (Libya)",
        "Protesters (Libya)",
        "Police Forces of Libya",
        "Migrants (Libya)",
        "Unidentified Armed Group (Libya)",
    )
    places = [p for p in gazetteer.load(user=False).places if p.in_libya and p.kind not in ("region", "country")]
    kinds = (
        ("Battles", "Armed clash"),
        ("Explosions/Remote violence", "Air/drone strike"),
        ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
        ("Violence against civilians", "Attack"),
        ("Protests", "Peaceful protest"),
    )
    st = open_store(str(db))
    batch = []
    for i in range(n):
        p = rng.choice(places)
        etype, sub = rng.choice(kinds)
        day = (first + dt.timedelta(days=rng.randrange(5000))).isoformat()
        doc = f"x{i:07d}"
        art = Article(
            text=f"مقال تجريبي {i} عن {p.name_ar}",
            id=doc,
            date=day,
            source=f"outlet{i % 9}",
            url=f"https://example.org/{doc}",
        )
        ev = Event(
            event_id=make_event_id(doc, "e"),
            event_type=etype,
            sub_event_type=sub,
            event_date=day,
            time_precision=1,
            actor1=actors[i % 7],
            actor2=actors[7 + i % 5],
            location=p.name_en,
            location_ar=p.name_ar,
            admin1=p.admin1,
            place_id=p.place_id,
            geo_precision=1,
            lat=p.lat,
            lon=p.lon,
            fatalities=i % 7,
            evidence=f"قتل {i % 7} أشخاص في {p.name_ar} حسب مصادر محلية.",
            doc_id=doc,
            source=art.source,
            url=art.url,
            confidence=0.8,
        )
        batch.append((art, [ev]))
        if len(batch) == 2000:
            st.put_batch(batch)
            batch.clear()
    if batch:
        st.put_batch(batch)
    merged = st.deduplicate()
    st.close()
    return merged


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000], help="corpus sizes (articles)")
    ap.add_argument("--workers", type=int, default=2, help="Dask LocalCluster worker processes")
    ap.add_argument("--export-events", type=int, default=100_000)
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument("--repeat", type=int, default=1, help="ingest runs per engine; the best is reported")
    ap.add_argument("--dir", help="working folder (default: a temporary one)")
    ap.add_argument("--keep", action="store_true", help="keep corpora and stores")
    args = ap.parse_args(argv)
    from bench.synth import write_corpus

    work = Path(args.dir or tempfile.mkdtemp(prefix="lem-bench-store-"))
    work.mkdir(parents=True, exist_ok=True)
    py = sys.executable
    rows: list[tuple[str, str, str, str]] = []

    def row(what: str, value: str, memory: str = "", note: str = "") -> None:
        rows.append((what, value, memory, note))
        print(f"  {what:<44} {value:>14} {memory:>12}  {note}", file=sys.stderr, flush=True)

    try:
        for n in args.sizes:
            corpus = work / f"corpus-{n}.jsonl"
            if not corpus.exists():
                t = time.perf_counter()
                write_corpus(corpus, n, seed=n)
                row(f"generate {n:,} articles", f"{time.perf_counter() - t:.1f} s")
            engines = [("default engine", [])]
            if not args.no_dask:
                engines.append(
                    (f"Dask {args.workers} local workers", ["--engine", "dask", "--workers", str(args.workers)])
                )
            best: dict[str, tuple[float, float]] = {}
            for _ in range(args.repeat):  # interleaved, so both engines see the same machine load
                for name, extra in engines:
                    db = work / f"{'dask' if extra else 'local'}-{n}.sqlite"
                    for suffix in ("", "-wal", "-shm"):
                        Path(f"{db}{suffix}").unlink(missing_ok=True)
                    wall, mem, _ = run_measured(
                        [py, "-m", "events", "ingest", str(corpus), "--db", str(db), "--no-progress", *extra]
                    )
                    if name not in best or wall < best[name][0]:
                        best[name] = (wall, mem)
            local_rate = n / best["default engine"][0]
            for name, (wall, mem) in best.items():
                rate = n / wall
                note = f"{wall:.1f} s" + (
                    f"; ratio {rate / local_rate:.2f}x (target >= 1.6x)" if name != "default engine" else ""
                )
                row(f"ingest {n:,}, {name}", f"{rate:,.0f} art/s", f"{mem:,.0f} MB", note)
            if not args.no_dask:
                from store import open_store

                a, b = open_store(str(work / f"local-{n}.sqlite")), open_store(str(work / f"dask-{n}.sqlite"))
                same = [e.event_id for e in a.events()] == [e.event_id for e in b.events()]
                row("  same merged events both engines", "yes" if same else "NO")
                a.close(), b.close()

        db = work / "export.sqlite"
        if not db.exists():
            t = time.perf_counter()
            fill_export_store(db, args.export_events)
            row(f"fill export store ({args.export_events:,} articles)", f"{time.perf_counter() - t:.1f} s")
        from store import open_store

        with open_store(str(db)) as st:
            n_export = st.stats()["events"]
        for fmt in ("geojson", "csv", "gpkg"):
            out = work / f"export.{fmt}"
            wall, mem, _ = run_measured(
                [py, "-m", "events", "export", "--db", str(db), "--format", fmt, "-o", str(out)]
            )
            note = "target < 10 s" if fmt == "geojson" else ""
            row(
                f"export {n_export:,} events to {fmt}",
                f"{wall:.2f} s",
                f"{mem:,.0f} MB",
                f"{note} ({out.stat().st_size / 1e6:,.0f} MB file)",
            )
    finally:
        if not args.keep and not args.dir:
            shutil.rmtree(work, ignore_errors=True)

    print("\n| measurement | value | peak memory | note |\n|---|---:|---:|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
