"""The Dask engine (the local one is ``Store.ingest``): this process reads the input and sends chunks of articles to
the workers of a Dask cluster; it writes what they extract through the store (``Store.put_batch``: whole articles per
transaction, in input order, so the store ends exactly as the local engine leaves it) and deduplicates at the end.
With ``out_parquet`` the events go to month-partitioned GeoParquet files instead.

Only plain data and standard-library callables cross the cluster: a task is ``operator.call`` of
``pkgutil.resolve_name("store.engines:extract_chunk")`` on pickled tuples of article fields, and its result is pickled
tuples of event fields. The scheduler, which unpickles every task, thus never imports the project and needs only dask/distributed;
the workers need the project installed at this client's version, which :func:`check_workers` verifies first. A worker
lost mid-run only delays the run: the scheduler keeps its tasks and hands them to another worker, and each result is
written once, here.
"""

from __future__ import annotations

import itertools
import operator
import pickle
import pkgutil
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from base.errors import InputError
from events.models import Article, Event

from .db import extraction_failed
from .errors import StoreError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from distributed import Client, Future, LocalCluster

    from .db import IngestReport, Store

#: What a worker sends back per article: its events as tuples of Event fields, or why it could not be read.
ArticleResult = tuple[tuple[Any, ...], ...] | str

#: Articles per task. Whatever its size, a task costs the client, the scheduler and a worker together 10-20 ms of CPU,
#: and an article 2-6 ms to extract: at 250 the overhead is ~2 % (bench/README.md: at 20,000 articles 100 per task
#: took 5 % more CPU than 250, and 500 no less than 250). Larger chunks would only lengthen the wait for the last task
#: and the work redone after a lost worker.
CHUNK_ARTICLES = 250
#: Chunks sent but not yet written, per worker: enough that every worker has the next chunk queued while this process
#: writes, few enough to bound memory (results are written in input order, so a slow chunk holds up later ones).
IN_FLIGHT_PER_WORKER = 4
#: Seconds a run waits for a worker while the cluster has none (at the start, or after losing them all).
NO_WORKER_WAIT_S = 60
#: Events per GeoParquet file (``out_parquet``): larger files read faster; 50,000 events hold about 50 MB here.
PARQUET_EVENTS = 50_000

_ARTICLE_FIELDS = tuple(f.name for f in fields(Article) if f.init)
_EVENT_FIELDS = tuple(f.name for f in fields(Event))


class ClusterError(Exception):
    """The cluster cannot run the ingest (Dask missing, scheduler unreachable, a worker without the project or at
    another version, workers lost); ``str()`` is the one-line message, naming the scheduler or worker."""


# -- on the workers: called by name, so that tasks hold nothing but plain data ---------------------------------------
def worker_ready(user_places: str | None) -> None:
    """Worker task: load the extractor, its tables and the gazetteer (the client's user places on top) once per
    process, by extracting a short report, so that the first chunk costs no more than the others; then keeps what it
    loaded, which lives as long as the worker, out of the garbage collector's scans (2 % of a worker's time)."""
    import gc

    import gazetteer
    from events.extract import extract

    report = "قتل شخصان في اشتباكات مسلحة بمدينة سبها مساء أمس الأربعاء، حسب مصادر محلية."
    extract(Article(text=report, date="2020-01-02"), gazetteer=gazetteer.load(user=False, user_places=user_places))
    gc.collect()
    gc.freeze()


def extract_chunk(rows: bytes, user_places: str | None) -> bytes:
    """Worker task: for each article (``rows``: a pickled list of tuples of :class:`Article` fields) its events as
    tuples of :class:`Event` fields, or the one-line message of why it could not be read; pickled as one bytes object,
    since dask would otherwise walk, size and frame a list of tuples item by item (4 % of a worker's CPU)."""
    import gazetteer
    from events.extract import extract

    gaz = gazetteer.load(user=False, user_places=user_places)
    out: list[ArticleResult] = []
    for row in pickle.loads(rows):
        art = Article(*row)
        try:
            events = extract(art, gazetteer=gaz)
        except InputError as exc:
            out.append(str(exc))
        except Exception as exc:
            out.append(extraction_failed(art, exc))
        else:
            out.append(tuple(tuple(getattr(ev, f) for f in _EVENT_FIELDS) for ev in events))
    return pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL)


# -- on the client ---------------------------------------------------------------------------------------------------
def _one_line(exc: BaseException) -> str:
    return " ".join(f"{type(exc).__name__}: {exc}".split())


def _client(scheduler: str | None, workers: int, processes: bool) -> tuple[Client, LocalCluster | None]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ClusterError("--engine dask needs dask and distributed: pip install 'libya-event-map[dask]'") from None
    if scheduler:
        try:
            return Client(scheduler, timeout="20s"), None
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"cannot reach the Dask scheduler {scheduler}: {_one_line(exc)}") from None
    cluster = LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=processes, dashboard_address=None, silence_logs=40
    )
    return Client(cluster), cluster


def _task(client: Client, name: str, *args: Any, **options: Any) -> Future[Any]:
    """Submit this module's ``name(*args)`` built from standard-library callables, so the scheduler can unpickle it
    without the project."""
    from dask.task_spec import Task

    return client.submit(
        operator.call, Task(None, pkgutil.resolve_name, f"{__name__}:{name}"), *args, pure=False, **options
    )


def _workers(client: Client) -> list[str]:
    return sorted(client.scheduler_info(n_workers=-1).get("workers", {}))


def _wait_for_workers(client: Client, where: str) -> list[str]:
    """The cluster's worker addresses, waiting up to ``NO_WORKER_WAIT_S`` for a first one."""
    deadline = time.monotonic() + NO_WORKER_WAIT_S
    while not (found := _workers(client)):
        if time.monotonic() > deadline:
            raise ClusterError(f"the Dask scheduler {where} has no workers (waited {NO_WORKER_WAIT_S} s)")
        time.sleep(0.5)
    return found


def check_workers(client: Client, addresses: Iterable[str]) -> None:
    """Every worker imports the project at this client's version, else :class:`ClusterError` naming the first that
    does not. Asks with ``pkgutil.resolve_name``, so the question itself needs nothing of ours on the worker."""
    from base import __version__

    found = client.run(pkgutil.resolve_name, "base:__version__", workers=list(addresses), on_error="return")
    for addr in sorted(found):
        version = found[addr]
        if isinstance(version, BaseException):
            raise ClusterError(
                f"worker {addr} cannot import the project ({_one_line(version)}); "
                f"install libya-event-map {__version__} there, with its dask extra"
            )
        if version != __version__:
            raise ClusterError(
                f"worker {addr} runs libya-event-map {version}, this client {__version__}; "
                "install the same version on every worker"
            )


def _blame_workers(client: Client) -> None:
    """After a failed task: :class:`ClusterError` naming a worker without the project, if one is the cause."""
    try:
        check_workers(client, _workers(client))
    except ClusterError:
        raise
    except Exception:  # the cluster cannot answer: the task's own failure is the message
        return


def _result(client: Client, fut: Future[Any], where: str, first: Article, n: int) -> list[ArticleResult]:
    """A chunk's result, released on the cluster once fetched. Waits while the cluster has a worker; a task that
    failed is one line, naming the worker without the project when that is the cause."""
    finished = threading.Event()  # not Future.result(timeout=…), which can lose the result when it races the timeout
    fut.add_done_callback(lambda _: finished.set())
    alone_since = None
    try:
        while not finished.wait(1):
            if _workers(client):
                alone_since = None
            elif alone_since is None:
                alone_since = time.monotonic()
            elif time.monotonic() - alone_since > NO_WORKER_WAIT_S:
                raise ClusterError(
                    f"the Dask scheduler {where} has had no workers for {NO_WORKER_WAIT_S} s; the articles "
                    f"from {first.origin or first.doc_id} on are not stored (run the ingest again to finish)"
                )
        try:
            got: list[ArticleResult] = pickle.loads(fut.result())
            return got
        except Exception as exc:
            _blame_workers(client)
            raise ClusterError(
                f"the Dask cluster {where} failed on {n} articles from {first.origin or first.doc_id} "
                f"({_one_line(exc)}); they and the rest are not stored (run the ingest again to finish)"
            ) from None
    finally:
        fut.release()


def _user_places() -> str | None:
    """This user's gazetteer additions, which the workers must use too (a broken file stops here, naming its line)."""
    from gazetteer.core import load, user_gazetteer_path

    load()
    path = user_gazetteer_path()
    return path.read_text(encoding="utf-8") if path.exists() else None


def _batched(items: Iterable[Article], n: int) -> Iterator[list[Article]]:
    it = iter(items)
    while chunk := list(itertools.islice(it, n)):
        yield chunk


class _ParquetSink:
    """Events by month, written ``PARQUET_EVENTS`` at a time to ``DIR/event_month=YYYY-MM/part-NNNNNN.parquet``."""

    def __init__(self, out_dir: str, write: Callable[[list[Event], Path], object]):
        self.out, self.write, self.files = Path(out_dir), write, 0
        self.by_month: dict[str, list[Event]] = {}

    def add(self, events: Iterable[Event]) -> None:
        for ev in events:
            month = (ev.event_date or "unknown")[:7]
            self.by_month.setdefault(month, []).append(ev)
            if len(self.by_month[month]) >= PARQUET_EVENTS:
                self.flush(month)

    def flush(self, month: str) -> None:
        folder = self.out / f"event_month={month}"
        folder.mkdir(parents=True, exist_ok=True)
        self.write(self.by_month.pop(month), folder / f"part-{self.files:06d}.parquet")
        self.files += 1

    def close(self) -> None:
        for month in sorted(self.by_month):
            self.flush(month)


def _count_into(conn: Connection, inputs: Sequence[str], date: str | None, source: str | None) -> None:
    """In the checking process: every record read once; sends the number of articles, or why the input is unusable."""
    from events.io import read_articles

    try:
        conn.send(("ok", sum(1 for _ in read_articles(inputs, date=date, source=source))))
    except InputError as exc:
        conn.send(("bad", exc.where, exc.problem))
    except BaseException as exc:
        conn.send(("error", _one_line(exc)))
    finally:
        conn.close()


class _Checked:
    """Every record read once in a process of its own while this one connects to the cluster and sends the first
    chunks (the workers are idle until then, so the check has a core to itself); bad input stops the run
    (:meth:`count` raises its InputError) before anything is written."""

    def __init__(self, inputs: Sequence[str], date: str | None, source: str | None):
        import multiprocessing

        ctx = multiprocessing.get_context("spawn")  # this process starts threads (dask) while the check runs
        self.conn, child = ctx.Pipe(duplex=False)
        self.proc = ctx.Process(target=_count_into, args=(child, list(inputs), date, source), name="lem-check-input")
        self.proc.daemon = True
        try:
            self.proc.start()
        except OSError as exc:  # no process to be had (a limit on processes, memory): one line, nothing written
            self.conn.close()
            raise StoreError(f"cannot start the input check: {_one_line(exc)}") from None
        finally:
            child.close()

    def count(self) -> int:
        try:
            answer = self.conn.recv()
        except EOFError:
            raise StoreError(f"the input check stopped (exit code {self.proc.exitcode}); nothing was stored") from None
        finally:
            self.close()
        if answer[0] == "bad":
            raise InputError(answer[1], answer[2])
        if answer[0] == "error":
            raise StoreError(f"cannot read the input: {answer[1]}")
        total: int = answer[1]
        return total

    def close(self) -> None:
        """Stop the check if it still runs (the ingest failed before it was needed)."""
        if self.proc.is_alive():
            self.proc.terminate()
        self.proc.join()
        self.conn.close()


def _stored_so_far(url: str | None) -> Store | None:
    """The store if it exists already (a new SQLite file is made only once the input has passed its check)."""
    from .db import normalise_url, open_store

    url_n = normalise_url(url)
    if url_n.startswith("sqlite:///") and not Path(url_n.removeprefix("sqlite:///")).exists():
        return None
    return open_store(url_n)


def ingest_dask(
    inputs: Sequence[str],
    *,
    url: str | None = None,
    scheduler: str | None = None,
    workers: int = 2,
    chunk_articles: int = CHUNK_ARTICLES,
    skip_bad: bool = False,
    out_parquet: str | None = None,
    write_parquet: Callable[[list[Event], Path], object] | None = None,
    progress: bool = False,
    date: str | None = None,
    source: str | None = None,
    warn: Callable[[str], None] | None = None,
    processes: bool = True,
) -> IngestReport:
    """Ingest on Dask (the scheduler at ``scheduler``, else a local cluster of ``workers`` processes); returns a
    :class:`store.db.IngestReport`.

    ``inputs`` are files and folders (the shell spools standard input to a file). Without ``skip_bad`` every record
    is checked before the first result is written (meanwhile the cluster already extracts), so bad input leaves the
    store untouched. Articles already stored are not sent. With ``out_parquet`` the events go to GeoParquet files
    written by ``write_parquet(events, path)`` (``geo.frame.write_geoparquet``: the caller brings the writer, so this
    layer does not depend on ``geo``) instead of the store.
    """
    from events.io import expand_inputs, read_articles

    from .db import IngestReport, open_store

    if out_parquet is not None and write_parquet is None:
        raise ValueError("out_parquet needs write_parquet, e.g. geo.frame.write_geoparquet")
    warn = warn or (lambda msg: print(f"warning: {msg}", file=sys.stderr))
    start = time.perf_counter()
    list(expand_inputs(inputs))  # a missing file is reported before a cluster is started
    user_places = _user_places()
    checked = None if skip_bad else _Checked(inputs, date, source)
    try:
        client, cluster = _client(scheduler, workers, processes)
    except BaseException:
        if checked is not None:
            checked.close()
        raise
    where = scheduler or "(local cluster)"
    store = _stored_so_far(url) if out_parquet is None else None
    sink = bar = None
    try:
        addresses = _wait_for_workers(client, where)
        check_workers(client, addresses)
        places = client.scatter(user_places, broadcast=True) if user_places is not None else None
        ready = {
            addr: _task(client, "worker_ready", places, workers=[addr], allow_other_workers=True) for addr in addresses
        }
        counts: Counter[str] = Counter()
        n_read = n_events = 0
        bad: list[str] = []

        def on_bad(msg: str) -> None:
            bad.append(msg)
            warn(msg)

        def before_the_first_write() -> None:
            nonlocal store, sink, bar
            total = checked.count() if checked is not None else None
            for addr, fut in ready.items():
                try:
                    fut.result()
                except Exception as exc:
                    raise ClusterError(f"worker {addr} cannot load the extractor ({_one_line(exc)})") from None
            if out_parquet is not None and write_parquet is not None:
                sink = _ParquetSink(out_parquet, write_parquet)
            elif store is None:
                store = open_store(url)
            if progress:
                from tqdm import tqdm

                bar = tqdm(total=total, unit=" articles", desc="ingest (dask)", file=sys.stderr, dynamic_ncols=True)

        chunks = _batched(
            read_articles(inputs, date=date, source=source, skip_bad=skip_bad, warn=on_bad), chunk_articles
        )
        window = IN_FLIGHT_PER_WORKER * len(addresses)
        pending: deque[tuple[list[Article], list[str | None], Future[Any] | None]] = deque()
        first = True
        while True:
            while len(pending) < window and (chunk := next(chunks, None)) is not None:
                known: list[str | None] = store.stored_statuses(chunk) if store is not None else [None] * len(chunk)
                rows = [
                    tuple(getattr(a, f) for f in _ARTICLE_FIELDS) for a, k in zip(chunk, known, strict=True) if not k
                ]
                # one bytes object, as dask would walk a list of tuples item by item on every submit
                blob = pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL)
                pending.append((chunk, known, _task(client, "extract_chunk", blob, places) if rows else None))
            if not pending:
                break
            if first:
                before_the_first_write()
                first = False
            chunk, known, job = pending.popleft()
            results = iter(_result(client, job, where, chunk[0], len(chunk)) if job is not None else ())
            done: list[tuple[Article, list[Event]]] = []
            for art, status in zip(chunk, known, strict=True):
                if status:
                    counts[status] += 1
                    continue
                result = next(results)
                if isinstance(result, str):
                    if not skip_bad:
                        raise StoreError(result)
                    on_bad(result)
                else:
                    done.append((art, [Event(*e) for e in result]))
            if sink is not None:
                for _, events in done:
                    sink.add(events)
                    n_events += len(events)
                counts["added"] += len(done)
            elif store is not None and done:
                for status, n in store.put_batch(done, on_bad=on_bad if skip_bad else None):
                    counts[status] += 1
                    n_events += n
            n_read += len(chunk)
            if bar is not None:
                bar.update(len(chunk))
        if first:
            before_the_first_write()
        if sink is not None:
            sink.close()
        return IngestReport(
            read=n_read,
            added=counts["added"],
            updated=counts["updated"],
            unchanged=counts["unchanged"],
            duplicates=counts["duplicate"],
            older=counts["older"],
            events=n_events,
            merged_events=store.deduplicate() if store is not None else 0,
            seconds=time.perf_counter() - start,
            bad=tuple(bad),
        )
    finally:
        if checked is not None:
            checked.close()
        if bar is not None:
            bar.close()
        if store is not None:
            store.close()
        client.close()
        if cluster is not None:
            cluster.close()
