"""Event store speed: ingest throughput (default engine vs Dask), peak memory, export time.

    .venv/bin/python bench/bench_store.py [--sizes 5000 20000 100000] [--workers 2] [--repeat 3]
        [--corpus synth|pool] [--engines default local tcp] [--export-events 100000 | --no-export]

Corpora come from bench/synth.py: realistic Arabic articles at real gazetteer places (``synth``), or the real news of
``../shared/eval/pool`` cycled with new ids (``pool``). Each ingest runs as ``python -m events ingest`` in a fresh
SQLite store, timed end to end (reading, extraction, writing, deduplication). Engines: ``default`` (one process),
``local`` (``--engine dask``: the command starts a local cluster of ``--workers`` processes, included in its time) and
``tcp`` (``--engine dask --scheduler tcp://…``: a ``dask scheduler`` and ``--workers`` ``dask worker`` processes
started beforehand, as README "Scale-out" sets them up, and warmed by one small ingest; their start is not in the
time, as a team's cluster outlives a run). Runs are interleaved (every engine sees the same machine load); the table
gives the best and the median of ``--repeat`` runs, the CPU seconds of every process involved (command, workers,
scheduler) and the largest summed RSS of them, sampled every 0.1 s. From the best times it fits time = fixed +
per-article cost for each engine and reports where the cluster overtakes the default engine.

Export times ``python -m events export`` of a store holding ``--export-events`` merged events. Targets (the issues):
Dask/default >= 1.6x at 20k articles, GeoJSON export of 100k < 10 s.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ENGINES = ("default", "local", "tcp")


class Measured(NamedTuple):
    wall: float  # seconds
    cpu: float  # CPU seconds of the command and its children, plus those of the ``also`` processes
    peak_mb: float  # largest summed RSS of all of them
    tail: str  # last line of stderr


def _tree(pids: Sequence[int]) -> list:
    import psutil

    out = []
    for pid in pids:
        with contextlib.suppress(psutil.Error):
            root = psutil.Process(pid)
            out += [root, *root.children(recursive=True)]
    return out


def _cpu(procs: Sequence) -> float:
    import psutil

    total = 0.0
    for p in procs:
        with contextlib.suppress(psutil.Error):
            t = p.cpu_times()
            total += t.user + t.system
    return total


def run_measured(cmd: list[str], *, also: Sequence[int] = ()) -> Measured:
    """Run one command; ``also``: processes outside its tree that work for it (a Dask scheduler and workers)."""
    import psutil

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    others = _tree(also)
    cpu0, children0 = _cpu(others), resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0
    err_chunks: list[str] = []
    reader = threading.Thread(target=lambda: err_chunks.append(proc.stderr.read()), daemon=True)
    reader.start()
    while proc.poll() is None:
        total = 0
        for p in _tree([proc.pid, *also]):
            with contextlib.suppress(psutil.Error):
                total += p.memory_info().rss
        peak = max(peak, total)
        time.sleep(0.1)
    reader.join()
    wall = time.perf_counter() - t0
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = children.ru_utime + children.ru_stime - children0.ru_utime - children0.ru_stime + _cpu(others) - cpu0
    err = "".join(err_chunks)
    if proc.returncode != 0:
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{err[-2000:]}")
    return Measured(wall, cpu, peak / 1e6, err.strip().splitlines()[-1] if err.strip() else "")


def crossover(points: dict[str, list[tuple[int, float]]], base: str, other: str) -> str:
    """Where ``other`` overtakes ``base``, from a least-squares line time = fixed + n × per-article for each."""

    def fit(pts: list[tuple[int, float]]) -> tuple[float, float]:
        if len(pts) < 2:
            return 0.0, pts[0][1] / pts[0][0]
        mx, my = statistics.fmean(n for n, _ in pts), statistics.fmean(t for _, t in pts)
        slope = sum((n - mx) * (t - my) for n, t in pts) / sum((n - mx) ** 2 for n, _ in pts)
        return my - slope * mx, slope

    (a0, b0), (a1, b1) = fit(points[base]), fit(points[other])
    line = f"{other}: {a1:.1f} s + {b1 * 1000:.2f} ms/article; {base}: {a0:.1f} s + {b0 * 1000:.2f} ms/article"
    if b1 >= b0:
        return f"{line}; never faster"
    n_star = (a1 - a0) / (b0 - b1)
    where = "from the first article" if n_star <= 0 else f"from about {n_star:,.0f} articles"
    return f"{line}; faster {where}, limit {b0 / b1:.2f}x"


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
    ap.add_argument("--sizes", type=int, nargs="*", default=[5_000, 20_000, 100_000], help="corpus sizes (articles)")
    ap.add_argument("--workers", type=int, default=2, help="Dask worker processes (one thread each)")
    ap.add_argument("--engines", nargs="*", choices=ENGINES, default=list(ENGINES), help="ingest engines to time")
    ap.add_argument("--corpus", choices=("synth", "pool"), default="synth", help="generated articles or real news")
    ap.add_argument("--chunk", type=int, help="Dask articles per task (default: store/engines.py CHUNK_ARTICLES)")
    ap.add_argument("--export-events", type=int, default=100_000)
    ap.add_argument("--no-export", action="store_true", help="time ingest only")
    ap.add_argument("--repeat", type=int, default=1, help="ingest runs per engine; best and median are reported")
    ap.add_argument("--dir", help="working folder (default: a temporary one)")
    ap.add_argument("--keep", action="store_true", help="keep corpora and stores")
    args = ap.parse_args(argv)
    from bench.synth import POOL, pool_records, write_corpus, write_records

    if args.corpus == "pool" and not POOL.is_file():
        raise SystemExit(f"--corpus pool needs {POOL} (../shared)")
    work = Path(args.dir or tempfile.mkdtemp(prefix="lem-bench-store-"))
    work.mkdir(parents=True, exist_ok=True)
    py = sys.executable
    rows: list[tuple[str, ...]] = []

    def row(*cells: str) -> None:
        rows.append(cells)
        print("  " + " | ".join(cells), file=sys.stderr, flush=True)

    cluster = None
    dask = ["--engine", "dask", *(["--chunk", str(args.chunk)] if args.chunk else [])]
    engines: dict[str, tuple[str, list[str]]] = {}
    try:
        if "default" in args.engines:
            engines["default"] = ("default engine", [])
        if "local" in args.engines:
            engines["local"] = (f"Dask, local cluster of {args.workers}", [*dask, "--workers", str(args.workers)])
        if "tcp" in args.engines:
            from bench.cluster import DaskProcesses

            t = time.perf_counter()
            cluster = DaskProcesses(Path(tempfile.mkdtemp(prefix="cluster-", dir=work)))
            for i in range(args.workers):
                cluster.add_worker(f"w{i}", ROOT)
            engines["tcp"] = (
                f"Dask, scheduler + {args.workers} workers (tcp)",
                [*dask, "--scheduler", cluster.address],
            )
            warm = write_corpus(work / "warm-up.jsonl", 200, seed=99)
            run_measured(
                [py, "-m", "events", "ingest", str(warm), "--db", str(work / "warm.sqlite"), *engines["tcp"][1]]
            )
            row(
                f"start scheduler + {args.workers} workers, warm-up ingest",
                f"{time.perf_counter() - t:.1f} s",
                *[""] * 4,
            )
        points: dict[str, list[tuple[int, float]]] = {name: [] for name, _ in engines.values()}
        for n in args.sizes:
            corpus = work / f"corpus-{args.corpus}-{n}.jsonl"
            if not corpus.exists():
                if args.corpus == "pool":
                    write_records(corpus, pool_records(POOL, n))
                else:
                    write_corpus(corpus, n, seed=n)
            runs: dict[str, list[Measured]] = {name: [] for name, _ in engines.values()}
            for _ in range(args.repeat):  # interleaved, so all engines see the same machine load
                for key, (name, extra) in engines.items():
                    db = work / f"{key}-{n}.sqlite"
                    for suffix in ("", "-wal", "-shm"):
                        Path(f"{db}{suffix}").unlink(missing_ok=True)
                    cmd = [py, "-m", "events", "ingest", str(corpus), "--db", str(db), "--no-progress", *extra]
                    runs[name].append(run_measured(cmd, also=cluster.pids() if key == "tcp" and cluster else ()))
            base = min(m.wall for m in runs["default engine"]) if "default engine" in runs else None
            base_median = statistics.median(m.wall for m in runs["default engine"]) if base else None
            for name, measured in runs.items():
                best, median = min(m.wall for m in measured), statistics.median(m.wall for m in measured)
                points[name].append((n, best))
                cpu = min(m.cpu for m in measured)
                ratio = f"{base / best:.2f}x / {base_median / median:.2f}x" if base and name != "default engine" else ""
                row(
                    f"ingest {n:,} {args.corpus}, {name}",
                    f"{best:.1f} s / {median:.1f} s",
                    f"{n / best:,.0f} art/s",
                    ratio,
                    f"{cpu:.0f} s",
                    f"{max(m.peak_mb for m in measured):,.0f} MB",
                )
            if len(engines) > 1:
                from store import open_store

                stores = [open_store(str(work / f"{key}-{n}.sqlite")) for key in engines]
                same = all(st.events() == stores[0].events() for st in stores[1:])
                row(f"  same merged events, every engine ({n:,})", "yes" if same else "NO", "", "", "", "")
                for st in stores:
                    st.close()
        if "default engine" in points and len(args.sizes) > 1:
            for name in points:
                if name != "default engine":
                    row(f"cross-over, {name}", crossover(points, "default engine", name), "", "", "", "")
        if args.no_export:
            return _print_table(rows)

        db = work / "export.sqlite"
        if not db.exists():
            t = time.perf_counter()
            fill_export_store(db, args.export_events)
            row(
                f"fill export store ({args.export_events:,} articles)",
                f"{time.perf_counter() - t:.1f} s",
                "",
                "",
                "",
                "",
            )
        from store import open_store

        with open_store(str(db)) as st:
            n_export = st.stats()["events"]
        for fmt in ("geojson", "csv", "gpkg"):
            out = work / f"export.{fmt}"
            m = run_measured([py, "-m", "events", "export", "--db", str(db), "--format", fmt, "-o", str(out)])
            note = "target < 10 s" if fmt == "geojson" else ""
            size = f"{out.stat().st_size / 1e6:,.0f} MB file"
            row(
                f"export {n_export:,} events to {fmt}",
                f"{m.wall:.2f} s",
                "",
                note,
                f"{m.cpu:.0f} s",
                f"{m.peak_mb:,.0f} MB ({size})",
            )
    finally:
        if cluster is not None:
            cluster.close()
        if not args.keep and not args.dir:
            shutil.rmtree(work, ignore_errors=True)
    return _print_table(rows)


def _print_table(rows: list[tuple[str, ...]]) -> int:
    print(
        "\n| measurement | wall: best / median | rate (best) | vs default: best / median | CPU s (best) | peak memory |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
