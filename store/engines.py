"""The Dask engine (the local one is ``Store.ingest``): the input is cut into line-aligned byte ranges; workers
parse and extract them in parallel and write each finished partition through the store (``Store.put_batch``, one
transaction per batch of whole articles), or write month-partitioned files (GeoParquet, with a writer the caller
brings). When workers cannot reach the store (a remote scheduler and a SQLite file)
they send their results back and the driver writes them. The driver deduplicates at the end.

Memory stays bounded by the partition size: at most ``3 × workers`` partitions are in flight.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from base.errors import InputError
from events.models import Article, Event

if TYPE_CHECKING:
    from distributed import Client, LocalCluster
    from sqlalchemy import Engine

    from .db import IngestReport, Store


class DaskUnavailable(Exception):
    """Dask/distributed are not installed; ``str()`` is the one-line message."""


@dataclass(frozen=True, slots=True)
class Partition:
    """A piece of the input: a byte range of one .jsonl file (first line number given), or .txt files."""

    index: int
    path: str
    start: int = 0
    end: int = 0
    first_line: int = 1
    txt_files: tuple[str, ...] = ()


def _expand(inputs: Sequence[str]) -> Iterator[Path]:
    from events.io import expand_inputs

    for p in expand_inputs(inputs):
        if isinstance(p, str):  # "-", the one name expand_inputs passes through
            raise InputError("<stdin>:0", "--engine dask reads files, not stdin")
        yield p


def partitions(
    inputs: Sequence[str], *, partition_bytes: int = 8_000_000, txt_per_partition: int = 200
) -> list[Partition]:
    """Line-aligned partitions of the inputs; one streaming pass counts lines so messages keep line numbers."""
    out: list[Partition] = []
    txt: list[str] = []
    for path in _expand(inputs):
        if path.suffix.lower() == ".txt":
            txt.append(str(path))
            continue
        size = path.stat().st_size
        if size == 0:
            raise InputError(f"{path}:1", "no articles (empty file)")
        with open(path, "rb") as fh:
            start, line = 0, 1
            while start < size:
                fh.seek(start)
                lines = 0
                read = 0
                while read < partition_bytes:
                    chunk = fh.read(min(1 << 20, partition_bytes - read))
                    if not chunk:
                        break
                    read += len(chunk)
                    lines += chunk.count(b"\n")
                rest = fh.readline() if start + read < size else b""
                end = min(size, start + read + len(rest))
                lines += rest.count(b"\n")
                out.append(Partition(len(out), str(path), start, end, line))
                start, line = end, line + lines
    for i in range(0, len(txt), txt_per_partition):
        out.append(Partition(len(out), "", txt_files=tuple(txt[i : i + txt_per_partition])))
    return out


def read_partition(
    part: Partition, *, date: str | None = None, source: str | None = None, skip_bad: bool = True
) -> tuple[list[Article], list[str]]:
    """Articles of one partition and the messages of its bad records (raises the first one unless skip_bad)."""
    from events.io import article_from_line, read_articles

    bad: list[str] = []
    if part.txt_files:
        arts = list(read_articles(list(part.txt_files), date=date, source=source, skip_bad=skip_bad, warn=bad.append))
        return arts, bad
    arts = []
    with open(part.path, "rb") as fh:
        fh.seek(part.start)
        data = fh.read(part.end - part.start)
    for n, raw in enumerate(data.split(b"\n")):
        try:
            art = article_from_line(raw, f"{part.path}:{part.first_line + n}", date=date, source=source)
        except InputError as exc:
            if not skip_bad:
                raise
            bad.append(str(exc))
        else:
            if art is not None:
                arts.append(art)
    return arts, bad


_KNOWN: dict[str, Engine] = {}


def _known_hashes(url: str | None, articles: Sequence[Article]) -> set[str]:
    """Text hashes already in the store (so a re-run extracts only what is missing); empty when unreachable."""
    if not url:
        return set()
    try:
        from sqlalchemy import create_engine, text

        if url.startswith("sqlite:///") and not Path(url[len("sqlite:///") :]).exists():
            return set()
        eng = _KNOWN.get(url)
        if eng is None:
            eng = _KNOWN[url] = create_engine(url, connect_args={"timeout": 30} if url.startswith("sqlite") else {})
        hashes = [a.text_hash for a in articles]
        found: set[str] = set()
        with eng.connect() as conn:
            for i in range(0, len(hashes), 500):
                chunk = hashes[i : i + 500]
                marks = ", ".join(f":h{j}" for j in range(len(chunk)))
                rows = conn.execute(
                    text(f"SELECT text_hash FROM articles WHERE text_hash IN ({marks})"),
                    {f"h{j}": h for j, h in enumerate(chunk)},
                )
                found.update(r[0] for r in rows)
        return found
    except Exception:
        return set()


def validate_partition(part: Partition, date: str | None, source: str | None) -> tuple[int, tuple[str, str] | None]:
    """Worker task: number of good records of one partition and its first bad record as (where, problem)."""
    try:
        arts, _ = read_partition(part, date=date, source=source, skip_bad=False)
    except InputError as exc:
        return 0, (exc.where, exc.problem)
    return len(arts), None


_STORES: dict[str, Store] = {}


def _worker_store(url: str) -> Store:
    """This worker process's handle on the store (opened once per process)."""
    from .db import open_store

    st = _STORES.get(url)
    if st is None:
        st = _STORES[url] = open_store(url)
    return st


def warm_up(url: str | None) -> bool:
    """Worker task: load the extractor and gazetteer (and open the store) while the input is being checked."""
    import events.extract  # noqa: F401  imported only to load it now, not on the first partition
    import gazetteer

    gazetteer.load()
    if url:
        _worker_store(url)
    return True


def extract_partition(
    part: Partition, date: str | None, source: str | None, url: str | None, write: bool = False
) -> tuple[Any, ...]:
    """Worker task: extract the articles of one partition that are not stored yet.

    With ``write`` the worker stores them itself (each article with its events in one transaction) and
    returns (status counts, events stored, bad-record messages); otherwise it returns the
    (article, events) pairs for the driver to store, the messages, and the number already stored.
    """
    from events.extract import extract

    arts, bad = read_partition(part, date=date, source=source, skip_bad=True)
    if write:
        assert url is not None, "a worker writes to the store it is given"
        st = _worker_store(url)
        known = st.stored_hashes(arts)
    else:
        known = _known_hashes(url, arts)
    out = []
    n_known = 0
    for art in arts:
        if art.text_hash in known:
            n_known += 1
            continue
        try:
            out.append((art, extract(art)))
        except Exception as exc:
            bad.append(f"{art.origin or art.doc_id}: extraction failed ({type(exc).__name__}: {exc})")
    if not write:
        return out, bad, n_known
    counts = {"unchanged": n_known}
    n_events = 0
    for i in range(0, len(out), 256):
        for status, n in st.put_batch(out[i : i + 256]):
            counts[status] = counts.get(status, 0) + 1
            n_events += n
    return counts, n_events, bad


def parquet_partition(
    part: Partition,
    date: str | None,
    source: str | None,
    out_dir: str,
    write_file: Callable[[list[Event], Path], object],
) -> tuple[int, int, list[str]]:
    """Worker task: extract one partition and write its events with ``write_file(events, path)``, one file per
    event month (the shell passes ``geo.frame.write_geoparquet``; the store layer writes no geodata itself)."""
    from events.extract import extract

    arts, bad = read_partition(part, date=date, source=source, skip_bad=True)
    by_month: dict[str, list[Event]] = {}
    for art in arts:
        try:
            for ev in extract(art):
                by_month.setdefault((ev.event_date or "unknown")[:7], []).append(ev)
        except Exception as exc:
            bad.append(f"{art.origin or art.doc_id}: extraction failed ({type(exc).__name__}: {exc})")
    n = 0
    for month, evs in sorted(by_month.items()):
        folder = Path(out_dir) / f"event_month={month}"
        folder.mkdir(parents=True, exist_ok=True)
        write_file(evs, folder / f"part-{part.index:06d}.parquet")
        n += len(evs)
    return len(arts), n, bad


def _client(scheduler: str | None, workers: int, processes: bool = True) -> tuple[Client, LocalCluster | None]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise DaskUnavailable(
            "--engine dask needs dask and distributed: pip install 'dask[dataframe]' distributed"
        ) from None
    if scheduler:
        try:
            return Client(scheduler, timeout="20s"), None
        except OSError as exc:
            raise DaskUnavailable(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
    cluster = LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=processes, dashboard_address=None, silence_logs=40
    )
    return Client(cluster), cluster


def auto_partition_bytes(inputs: Sequence[str], workers: int) -> int:
    """About 32 partitions per worker, so no worker idles long at the end; 64 KB to 8 MB each."""
    total = sum(p.stat().st_size for p in _expand(inputs) if p.suffix.lower() != ".txt")
    return int(min(8_000_000, max(64_000, total / (32 * max(1, workers)))))


def ingest_dask(
    inputs: Sequence[str],
    *,
    url: str | None = None,
    scheduler: str | None = None,
    workers: int = 2,
    partition_bytes: int | None = None,
    skip_bad: bool = False,
    out_parquet: str | None = None,
    progress: bool = False,
    date: str | None = None,
    source: str | None = None,
    warn: Callable[[str], None] | None = None,
    processes: bool = True,
    write_on_workers: bool | None = None,
    write_parquet: Callable[[list[Event], Path], object] | None = None,
) -> IngestReport:
    """Ingest on Dask; returns a :class:`store.db.IngestReport`.

    With ``out_parquet`` the events go to files instead of the store, one per partition and event month,
    written by ``write_parquet(events, path)`` (``geo.frame.write_geoparquet``: the caller brings the writer,
    so this layer does not depend on ``geo``).

    Without ``skip_bad`` every record is checked first (in parallel) so bad input leaves the store untouched.
    Workers write to the store themselves when they can reach it (a LocalCluster, or a server URL such as
    PostgreSQL); with a remote scheduler and a SQLite file, the driver writes what they send back.
    """
    from .db import IngestReport, normalise_url, open_store

    if out_parquet is not None and write_parquet is None:
        raise ValueError("out_parquet needs write_parquet, e.g. geo.frame.write_geoparquet")
    warn = warn or (lambda msg: print(f"warning: {msg}", file=sys.stderr))
    start = time.perf_counter()
    list(_expand(inputs))  # missing files are reported before a cluster is started
    client, cluster = _client(scheduler, workers, processes)
    store = None
    try:
        from distributed import as_completed

        worker_addrs = list(client.scheduler_info().get("workers", {}))
        n_workers = max(1, len(worker_addrs) or workers)
        url_n = normalise_url(url)
        if write_on_workers is None:
            write_on_workers = scheduler is None or not url_n.startswith("sqlite")
        if out_parquet is None:
            store = open_store(url_n)  # creates the schema before workers write
        warm = [
            client.submit(
                warm_up, url_n if write_on_workers and out_parquet is None else None, workers=[addr], pure=False
            )
            for addr in worker_addrs
        ]
        parts = partitions(inputs, partition_bytes=partition_bytes or auto_partition_bytes(inputs, n_workers))

        total_articles = None
        if not skip_bad:
            checks = client.gather(client.map(validate_partition, parts, date=date, source=source, pure=False))
            for _, first_bad in checks:
                if first_bad:
                    raise InputError(*first_bad)
            total_articles = sum(n for n, _ in checks)
            if total_articles == 0:
                raise InputError(f"{inputs[0]}:1", "no articles")
        client.gather(warm)
        bar = None
        if progress:
            from tqdm import tqdm

            bar = tqdm(
                total=total_articles, unit=" articles", desc="ingest (dask)", file=sys.stderr, dynamic_ncols=True
            )
        counts = {"added": 0, "updated": 0, "unchanged": 0, "duplicate": 0}
        n_read = n_events = 0
        bad_all: list[str] = []
        todo = iter(parts)
        in_flight = as_completed()
        submitted = {}

        def submit_next() -> bool:
            part = next(todo, None)
            if part is None:
                return False
            if out_parquet is not None:
                fut = client.submit(parquet_partition, part, date, source, out_parquet, write_parquet, pure=False)
            else:
                fut = client.submit(extract_partition, part, date, source, url_n, write_on_workers, pure=False)
            submitted[fut.key] = part
            in_flight.add(fut)
            return True

        for _ in range(3 * n_workers):
            if not submit_next():
                break
        for fut in in_flight:
            submitted.pop(fut.key)
            result = fut.result()
            fut.release()
            if out_parquet is not None:
                n_art, n_ev, bad = result
                n_read += n_art
                n_events += n_ev
                counts["added"] += n_art
            elif write_on_workers:
                part_counts, n_ev, bad = result
                for status, n in part_counts.items():
                    counts[status] += n
                n_read += sum(part_counts.values())
                n_events += n_ev
            else:
                pairs, bad, n_known = result
                assert store is not None  # the driver writes: it opened the store
                n_read += len(pairs) + n_known
                counts["unchanged"] += n_known
                for i in range(0, len(pairs), 256):
                    for status, n in store.put_batch(pairs[i : i + 256]):
                        counts[status] += 1
                        n_events += n
            for msg in bad:
                bad_all.append(msg)
                warn(msg)
            if bar is not None:
                bar.update(n_read - bar.n)
            submit_next()
        if bar is not None:
            bar.close()
        merged = store.deduplicate() if store is not None else 0
        return IngestReport(
            read=n_read,
            added=counts["added"],
            updated=counts["updated"],
            unchanged=counts["unchanged"],
            duplicates=counts["duplicate"],
            events=n_events,
            merged_events=merged,
            seconds=time.perf_counter() - start,
            bad=tuple(bad_all),
        )
    finally:
        if store is not None:
            store.close()
        client.close()
        if cluster is not None:
            cluster.close()
