"""The event store: articles, their extracted events, merged (deduplicated) events and analysts' corrections.

One SQLite file by default (WAL, one transaction per article batch, each article all-or-nothing); any
SQLAlchemy URL (``postgresql://…``) lets a team share one store. Every statement is parameterised.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from sqlalchemy import Column, ColumnElement, Connection, MetaData, Row, Select, Table

from events.models import Article, Event, search_text

from .corrections import apply_corrections, correction_note, validate_changes
from .errors import StoreError
from .feeds import feed_tables

SCHEMA_VERSION = "2"  # 2: article_revisions and users
#: How long a SQLite writer waits for another (a concurrent ingest, a long deduplication) before failing.
BUSY_TIMEOUT_S = 600
#: Layout of the derived tables (merged_events, event_sources); a change rebuilds them from the events.
DERIVED_VERSION = "2"
_EVENT_COLS = tuple(f.name for f in fields(Event))
#: Largest death toll stored for one event; a higher figure is a misreading (or a hostile input), so it is
#: capped and flagged in ``fatalities_note`` rather than summed into every total (and it fits any INTEGER).
MAX_FATALITIES = 10_000


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What one ingest did. ``bad`` holds the one-line messages of skipped records."""

    read: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    older: int = 0
    events: int = 0
    merged_events: int = 0
    seconds: float = 0.0
    bad: tuple[str, ...] = ()

    def summary(self) -> str:
        rate = self.read / self.seconds if self.seconds else 0.0
        return (
            f"{self.read} articles read: {self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.duplicates} duplicate text, {self.older} older copies kept as revisions, "
            f"{len(self.bad)} skipped as bad; {self.events} events stored, "
            f"{self.merged_events} after deduplication ({self.seconds:.1f} s, {rate:.0f} articles/s)"
        )


def default_url() -> str:
    """``$LEM_DB``, else the SQLite file ``$LEM_HOME/events.sqlite`` (LEM_HOME: the user's data folder)."""
    env = os.environ.get("LEM_DB")
    if env:
        return env
    from gazetteer.core import data_home

    return str(data_home() / "events.sqlite")


#: A store value with a URL scheme (two letters or more: ``C:\\x`` is a Windows path): it must be a valid URL.
_SCHEME = __import__("re").compile(r"^[A-Za-z][A-Za-z0-9+.\-]+:")
_BACKENDS = ("sqlite", "postgresql", "postgres")


def check_url(url: str) -> None:
    """A store URL must parse and name a backend we support; a typo (``postgresql:/host/db``) is a one-line
    StoreError, never a silently created local SQLite file."""
    from sqlalchemy.engine import make_url

    shown = url.split("@")[-1] if "@" in url else url  # never echo a password
    if "://" not in url:
        raise StoreError(
            f"cannot open store {shown!r}: a URL needs '://' (e.g. postgresql://user@host/db); "
            "a file path needs no scheme"
        )
    try:
        parsed = make_url(url)
    except Exception:
        raise StoreError(f"cannot open store {shown!r}: not a valid URL") from None
    backend = parsed.get_backend_name()
    if backend not in _BACKENDS:
        raise StoreError(
            f"cannot open store {shown!r}: unsupported store URL scheme {backend!r}; use a file "
            "path, sqlite:/// or postgresql://"
        )


def normalise_url(url: str | None) -> str:
    """A SQLAlchemy URL from a URL or a plain file path; ``postgresql://`` uses the psycopg 3 driver."""
    url = url or default_url()
    if _SCHEME.match(url) and not url.startswith("file:"):
        check_url(url)
    elif "://" not in url:
        path = Path(url.removeprefix("file:") if url.startswith("file:") else url).expanduser().resolve()
        return f"sqlite:///{path}"
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _tables(meta: MetaData) -> dict[str, Table]:
    from sqlalchemy import Boolean, Column, Float, ForeignKey, Index, Integer, String, Table, Text

    def event_columns() -> list[Column[Any]]:
        return [
            Column("event_id", String(64), primary_key=True),
            Column("event_type", String(64), nullable=False),
            Column("sub_event_type", String(128), nullable=False),
            Column("event_date", String(10)),
            Column("time_precision", Integer, nullable=False),
            Column("actor1", Text),
            Column("actor2", Text),
            Column("location", Text),
            Column("location_ar", Text),
            Column("admin1", Text),
            Column("place_id", String(128)),
            Column("geo_precision", Integer, nullable=False),
            Column("lat", Float),
            Column("lon", Float),
            Column("fatalities", Integer, nullable=False),
            Column("evidence", Text, nullable=False),
            Column("doc_id", String(256), nullable=False),
            Column("source", Text, nullable=False),
            Column("url", Text, nullable=False),
            Column("confidence", Float, nullable=False),
            Column("fatalities_note", Text),
            Column("source_count", Integer, nullable=False),
            Column("evidence_spans", Text, nullable=False),
        ]

    t = {}
    t["meta"] = Table("lem_meta", meta, Column("key", String(64), primary_key=True), Column("value", Text))
    t["articles"] = Table(
        "articles",
        meta,
        Column("doc_id", String(256), primary_key=True),
        Column("date", String(10)),
        Column("source", Text, nullable=False),
        Column("url", Text, nullable=False),
        Column("title", Text, nullable=False),
        Column("text", Text, nullable=False),
        Column("text_hash", String(40), nullable=False, unique=True),
        Column("origin", Text, nullable=False),
        Column("ingested_at", String(32), nullable=False),
    )
    t["events"] = Table(
        "events",
        meta,
        *event_columns(),
        Column("search", Text, nullable=False),
        Index("ix_events_doc", "doc_id"),
    )
    t["events"].c.doc_id.append_foreign_key(ForeignKey("articles.doc_id", ondelete="CASCADE"))
    t["merged"] = Table(
        "merged_events",
        meta,
        *event_columns(),
        Column("rejected", Boolean, nullable=False, default=False),
        Column("corrected", Boolean, nullable=False, default=False),
        Column("correction_note", Text),
        Column("search", Text, nullable=False),
        Index("ix_merged_date", "event_date"),
        Index("ix_merged_type", "event_type"),
        Index("ix_merged_admin1", "admin1"),
    )
    t["sources"] = Table(
        "event_sources",
        meta,
        Column("cluster_id", String(64), primary_key=True),
        Column("event_id", String(64), primary_key=True),
        Column("doc_id", String(256), nullable=False),
        Column("evidence", Text, nullable=False),
        Index("ix_sources_event", "event_id"),
        Index("ix_sources_doc", "doc_id"),
    )
    t["corrections"] = Table(
        "corrections",
        meta,
        Column("correction_id", Integer, primary_key=True, autoincrement=True),
        Column("event_id", String(64), nullable=False),
        Column("author", Text, nullable=False),
        Column("created_at", String(32), nullable=False),
        Column("changes", Text, nullable=False),
        Column("note", Text, nullable=False),
    )
    t["revisions"] = Table(  # earlier texts of an article id: a changed text never loses the other
        "article_revisions",
        meta,
        Column("doc_id", String(256), primary_key=True),
        Column("revision", Integer, primary_key=True),
        Column("date", String(10)),
        Column("source", Text, nullable=False),
        Column("url", Text, nullable=False),
        Column("title", Text, nullable=False),
        Column("text", Text, nullable=False),
        Column("text_hash", String(40), nullable=False),
        Column("origin", Text, nullable=False),
        Column("ingested_at", String(32), nullable=False),
        Index("ix_revisions_hash", "text_hash"),
    )
    t["users"] = Table(  # dashboard accounts (store.users); passwords as argon2 hashes only
        "users",
        meta,
        Column("name", String(64), primary_key=True),
        Column("role", String(16), nullable=False),
        Column("password_hash", Text, nullable=False),
        Column("created_at", String(32), nullable=False),
    )
    t["targets"] = Table(
        "correction_targets",
        meta,
        Column("correction_id", Integer, ForeignKey("corrections.correction_id"), primary_key=True),
        Column("event_id", String(64), primary_key=True),
        Index("ix_targets_event", "event_id"),
    )
    t.update(feed_tables(meta))  # live sources (store/feeds.py)
    return t


def extraction_failed(article: Article, exc: Exception) -> str:
    """The one-line message for an article the extractor failed on (every engine words it alike)."""
    return f"{article.origin or article.doc_id}: extraction failed ({type(exc).__name__}: {exc})"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def cap_fatalities(ev: Event) -> Event:
    """The event with an absurd death toll capped at ``MAX_FATALITIES`` and the reported figure in the note."""
    n = int(ev.fatalities or 0)
    if n <= MAX_FATALITIES:
        return ev
    flag = f"reported toll {n} capped at {MAX_FATALITIES} (implausible)"
    return replace(
        ev, fatalities=MAX_FATALITIES, fatalities_note=f"{ev.fatalities_note}; {flag}" if ev.fatalities_note else flag
    )


def _event_row(ev: Event) -> dict[str, Any]:
    ev = cap_fatalities(ev)
    row = {c: getattr(ev, c) for c in _EVENT_COLS}
    row["evidence_spans"] = json.dumps([list(s) for s in ev.evidence_spans])
    row["fatalities"] = int(ev.fatalities or 0)
    for c in ("actor1", "actor2", "location", "location_ar", "admin1", "place_id", "event_date"):
        row[c] = row[c] or None
    for c in ("evidence", "doc_id", "source", "url"):
        row[c] = row[c] or ""
    return row


def _row_event(row: Row[Any]) -> Event:
    m = row._mapping
    kw = {c: m[c] for c in _EVENT_COLS if c != "evidence_spans"}
    kw["evidence_spans"] = _spans(m["evidence_spans"])
    return Event(**kw)


def _spans(stored: str | None) -> tuple[tuple[int, int], ...]:
    """Evidence spans as stored (JSON text) back to tuples."""
    return tuple(tuple(s) for s in json.loads(stored)) if stored and stored != "[]" else ()


def _correction(r: Row[Any]) -> dict[str, Any]:
    return {
        "correction_id": r.correction_id,
        "event_id": r.event_id,
        "author": r.author,
        "created_at": r.created_at,
        "changes": json.loads(r.changes),
        "note": r.note,
    }


class Store:
    """A handle on one event store; open it with :func:`open_store`."""

    def __init__(self, url: str):
        from sqlalchemy import MetaData, create_engine, select
        from sqlalchemy import event as sa_event

        self.url = url
        self.dialect = url.split(":", 1)[0].split("+", 1)[0]
        self.read_only = False
        kwargs: dict[str, Any] = {}
        if self.dialect == "sqlite":
            path = url.split("sqlite:///", 1)[-1]
            if path and path != ":memory:" and not path.startswith("file:"):
                if _on_read_only_media(Path(path)):
                    # a store on a read-only disk or share: read it in place, no journal, no lock files
                    self.read_only = True
                    url = f"sqlite:///file:{Path(path).resolve()}?mode=ro&immutable=1&uri=true"
                else:
                    try:
                        Path(path).parent.mkdir(parents=True, exist_ok=True)
                    except OSError as exc:
                        raise StoreError(f"cannot open store {path}: {exc.strerror or exc}") from None
            kwargs["connect_args"] = {"timeout": BUSY_TIMEOUT_S, "check_same_thread": False}
        try:
            self.engine = create_engine(url, **kwargs)
        except Exception as exc:  # bad URL, driver not installed
            raise StoreError(f"cannot open store {self.safe_url}: {exc}") from None
        if self.dialect == "sqlite":

            @sa_event.listens_for(self.engine, "connect")
            def _on_connect(dbapi_conn: Any, _rec: Any) -> None:
                dbapi_conn.isolation_level = None  # transactions are begun explicitly below
                cur = dbapi_conn.cursor()
                cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
                if not self.read_only:
                    cur.execute("PRAGMA journal_mode = WAL")
                cur.execute("PRAGMA synchronous = NORMAL")
                cur.execute("PRAGMA foreign_keys = ON")
                cur.close()

            @sa_event.listens_for(self.engine, "begin")
            def _on_begin(conn: Connection) -> None:
                write = conn.get_execution_options().get("lem_write", False)
                conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        self.meta = MetaData()
        self.t = _tables(self.meta)
        if self._schema_current():
            return  # no write lock needed: a dashboard opening the store never waits for an ingest
        if self.read_only:
            raise StoreError(
                f"cannot open store {path}: it is on read-only media and needs an upgrade "
                "(open it once where it can be written)"
            )
        try:
            with self._write() as conn:
                if self.dialect == "postgresql":
                    from sqlalchemy import text

                    conn.execute(text("SELECT pg_advisory_xact_lock(4242001)"))
                self.meta.create_all(conn, checkfirst=True)
                m = self.t["meta"]
                if conn.execute(m.select().where(m.c.key == "dirty")).first() is None:
                    conn.execute(m.insert(), [{"key": "dirty", "value": "0"}])
                self._set_meta(conn, "schema", SCHEMA_VERSION)  # create_all added any newer table
                derived = conn.execute(select(m.c.value).where(m.c.key == "derived_schema")).scalar_one_or_none()
                if derived != DERIVED_VERSION:
                    # merged events and their sources are derived data: rebuild them in the current layout
                    for name in ("sources", "merged"):
                        self.t[name].drop(conn, checkfirst=True)
                        self.t[name].create(conn)
                    self._set_meta(conn, "derived_schema", DERIVED_VERSION)
                    self._set_meta(conn, "dirty", "1")
        except StoreError:
            raise
        except Exception as exc:
            raise StoreError(f"cannot open store {self.safe_url}: {str(exc).splitlines()[0]}") from None

    # -- plumbing -------------------------------------------------------------------------------------
    def _schema_current(self) -> bool:
        """Whether the tables exist in the current layout (checked without taking the write lock)."""
        from sqlalchemy import select

        m = self.t["meta"]
        try:
            with self._read() as conn:
                rows = dict(
                    conn.execute(select(m.c.key, m.c.value).where(m.c.key.in_(["schema", "derived_schema"]))).all()
                )
        except Exception:  # no tables yet, or not a database: the write path reports it
            return False
        return rows.get("schema") == SCHEMA_VERSION and rows.get("derived_schema") == DERIVED_VERSION

    @property
    def safe_url(self) -> str:
        """The URL with any password masked, for messages."""
        try:
            from sqlalchemy.engine import make_url

            return make_url(self.url).render_as_string(hide_password=True)
        except Exception:
            return self.url

    @contextlib.contextmanager
    def _write(self) -> Iterator[Any]:
        """A write transaction (``BEGIN IMMEDIATE`` on SQLite, so concurrent writers wait, not fail)."""
        from sqlalchemy.exc import OperationalError

        if self.read_only:
            raise StoreError(
                f"cannot write to store {self.safe_url}: it is on read-only media "
                "(stats and export work; ingest and corrections need a writable copy)"
            )
        try:
            with self.engine.connect() as conn:
                conn = conn.execution_options(lem_write=True)
                with conn.begin():
                    yield conn
        except OperationalError as exc:  # locked beyond the timeout, disk full, read-only file...
            raise StoreError(f"cannot write to store {self.safe_url}: {str(exc.orig).splitlines()[0]}") from None

    @contextlib.contextmanager
    def _read(self) -> Iterator[Any]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _set_meta(self, conn: Connection, key: str, value: str) -> None:
        m = self.t["meta"]
        if conn.execute(m.update().where(m.c.key == key).values(value=value)).rowcount == 0:
            conn.execute(m.insert().values(key=key, value=value))

    def _db_now(self, conn: Connection) -> str:
        """The database server's UTC time (ISO 8601, seconds): every client's record is ordered by one clock,
        so a laptop set to 2099 cannot put its correction last."""
        from sqlalchemy import text

        if self.dialect == "sqlite":
            q = "SELECT strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')"
        elif self.dialect == "postgresql":
            q = "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"+00:00\"')"
        else:
            return _now()
        now: str = conn.execute(text(q)).scalar_one()
        return now

    def _lock_merged(self, conn: Connection) -> None:
        """Serialise writers of merged events (deduplication, corrections) on PostgreSQL, as BEGIN IMMEDIATE
        does on SQLite: the correction and the merged row it rewrites are then one consistent step."""
        if self.dialect == "postgresql":
            from sqlalchemy import text

            conn.execute(text("SELECT pg_advisory_xact_lock(4242002)"))

    # -- writing articles -----------------------------------------------------------------------------
    def _lookup(self, conn: Connection, articles: Sequence[Article]) -> tuple[dict[str, str], dict[str, str]]:
        """(doc_id → stored text hash, text hash → stored doc_id) for the given articles, in bulk."""
        from sqlalchemy import select

        a = self.t["articles"]
        ids = list({x.doc_id for x in articles})
        hashes = list({x.text_hash for x in articles})
        by_id: dict[str, str] = {}
        by_hash: dict[str, str] = {}
        for i in range(0, len(ids), 500):
            for r in conn.execute(select(a.c.doc_id, a.c.text_hash).where(a.c.doc_id.in_(ids[i : i + 500]))):
                by_id[r.doc_id] = r.text_hash
        for i in range(0, len(hashes), 500):
            for r in conn.execute(select(a.c.doc_id, a.c.text_hash).where(a.c.text_hash.in_(hashes[i : i + 500]))):
                by_hash[r.text_hash] = r.doc_id
        return by_id, by_hash

    @staticmethod
    def _status(article: Article, by_id: dict[str, str], by_hash: dict[str, str]) -> str:
        """``added``, ``updated`` (same id, new text), ``unchanged`` or ``duplicate`` (same text, other id)."""
        old = by_id.get(article.doc_id)
        if old == article.text_hash:
            return "unchanged"
        owner = by_hash.get(article.text_hash)
        if owner is not None and owner != article.doc_id:
            return "duplicate"
        return "updated" if old is not None else "added"

    def _put_many(self, conn: Connection, batch: Sequence[tuple[Article, Sequence[Event]]]) -> list[tuple[str, int]]:
        """Insert whole articles with their events inside the caller's transaction; (status, events) each."""
        a, e, rv = self.t["articles"], self.t["events"], self.t["revisions"]
        by_id, by_hash = self._lookup(conn, [art for art, _ in batch])
        out, art_rows, ev_rows, replaced, rev_rows = [], [], [], [], []
        now = self._db_now(conn)
        changed = [art.doc_id for art, _ in batch if self._status(art, by_id, by_hash) == "updated"]
        current, past = self._revision_info(conn, changed)
        for art, events in batch:
            status = self._status(art, by_id, by_hash)
            if status in ("unchanged", "duplicate"):
                out.append((status, 0))
                continue
            doc_id = art.doc_id
            if status == "updated":
                cur = current[doc_id]
                if art.text_hash in past.get(doc_id, set()):
                    out.append(("older", 0))  # an older copy again: the newer text stays current
                    continue
                n_rev = len(past.setdefault(doc_id, set())) + 1
                past[doc_id].add(art.text_hash)
                if art.date and cur["date"] and art.date < cur["date"]:
                    # an older copy never seen before: kept as a revision, the newer text stays current
                    rev_rows.append(
                        dict(
                            doc_id=doc_id,
                            revision=n_rev,
                            date=art.date,
                            source=art.source or "",
                            url=art.url or "",
                            title=art.title or "",
                            text=art.text,
                            text_hash=art.text_hash,
                            origin=art.origin or "",
                            ingested_at=now,
                        )
                    )
                    out.append(("older", 0))
                    continue
                rev_rows.append({**cur, "revision": n_rev})  # the text it replaces, never lost
                past[doc_id].add(cur["text_hash"])
                current[doc_id] = {}
                replaced.append(doc_id)
                by_hash.pop(by_id[doc_id], None)
            by_id[doc_id], by_hash[art.text_hash] = art.text_hash, doc_id
            art_rows.append(
                dict(
                    doc_id=doc_id,
                    date=art.date,
                    source=art.source or "",
                    url=art.url or "",
                    title=art.title or "",
                    text=art.text,
                    text_hash=art.text_hash,
                    origin=art.origin or "",
                    ingested_at=now,
                )
            )
            seen: set[str] = set()
            for ev in events:
                if ev.event_id in seen:
                    continue
                seen.add(ev.event_id)
                if ev.doc_id != doc_id or (art.source and ev.source != art.source) or (art.url and ev.url != art.url):
                    ev = replace(ev, doc_id=doc_id, source=art.source or ev.source, url=art.url or ev.url)
                row = _event_row(ev)
                row["search"] = search_text(ev)
                ev_rows.append(row)
            out.append((status, len(seen)))
        if replaced:
            for i in range(0, len(replaced), 500):
                conn.execute(e.delete().where(e.c.doc_id.in_(replaced[i : i + 500])))
                conn.execute(a.delete().where(a.c.doc_id.in_(replaced[i : i + 500])))
        if rev_rows:
            conn.execute(rv.insert(), rev_rows)
        if art_rows:
            conn.execute(a.insert(), art_rows)
        if ev_rows:
            conn.execute(e.insert(), ev_rows)
        return out

    def _revision_info(
        self, conn: Connection, ids: Sequence[str]
    ) -> tuple[dict[str, dict[str, Any]], dict[str, set[str]]]:
        """(doc_id → current article row, doc_id → text hashes of its earlier revisions) for ``ids``."""
        from sqlalchemy import select

        a, rv = self.t["articles"], self.t["revisions"]
        current: dict[str, dict[str, Any]] = {}
        past: dict[str, set[str]] = {}
        ids = list(dict.fromkeys(ids))
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            for r in conn.execute(
                select(
                    a.c.doc_id,
                    a.c.date,
                    a.c.source,
                    a.c.url,
                    a.c.title,
                    a.c.text,
                    a.c.text_hash,
                    a.c.origin,
                    a.c.ingested_at,
                ).where(a.c.doc_id.in_(part))
            ):
                current[r.doc_id] = dict(r._mapping)
            for rev in conn.execute(select(rv.c.doc_id, rv.c.text_hash).where(rv.c.doc_id.in_(part))):
                past.setdefault(rev.doc_id, set()).add(rev.text_hash)
        return current, past

    def article_revisions(self, doc_id: str) -> list[dict[str, Any]]:
        """Earlier (or older, re-ingested) texts of an article id, by revision number; the current text is
        :meth:`article`."""
        from sqlalchemy import select

        rv = self.t["revisions"]
        with self._read() as conn:
            return [
                dict(r._mapping) for r in conn.execute(select(rv).where(rv.c.doc_id == doc_id).order_by(rv.c.revision))
            ]

    def stored_statuses(self, articles: Sequence[Article]) -> list[str | None]:
        """Per article, ``unchanged`` (same id and text stored) or ``duplicate`` (the same text under another id),
        else None: the ingest engines extract only the articles with None."""
        with self._read() as conn:
            by_id, by_hash = self._lookup(conn, articles)
        statuses = (self._status(a, by_id, by_hash) for a in articles)
        return [s if s in ("unchanged", "duplicate") else None for s in statuses]

    def put_batch(
        self, batch: Sequence[tuple[Article, Sequence[Event]]], *, on_bad: Callable[[str], None] | None = None
    ) -> list[tuple[str, int]]:
        """Write whole articles with their extracted events in one transaction (each article with all its events,
        or not at all); one (status, events stored) per article, status as in :meth:`add_article`.

        The ingest engines (``Store.ingest``, ``store.engines``) write through this; merged events are brought
        up to date on the next :meth:`deduplicate` (which :meth:`ingest` and :meth:`add_article` run).

        An article the database refuses is a :class:`StoreError` naming it, or, with ``on_bad``, reported
        there with status ``bad`` while the rest of the batch is stored.
        """
        from sqlalchemy.exc import DataError, IntegrityError, StatementError

        try:
            with self._write() as conn:
                out = self._put_many(conn, batch)
                if any(s in ("added", "updated") for s, _ in out):
                    self._set_meta(conn, "dirty", "1")
                return out
        except (IntegrityError, DataError, StatementError) as exc:
            if len(batch) == 1:
                if isinstance(exc, IntegrityError):
                    known = self._known(batch[0][0])
                    if known:  # a concurrent writer (PostgreSQL) stored the same article first
                        return [(known, 0)]
                art = batch[0][0]
                detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
                msg = f"{art.origin or art.doc_id}: cannot store article ({detail})"
                if on_bad is None:
                    raise StoreError(msg) from None
                on_bad(msg)
                return [("bad", 0)]
            out = []
            for item in batch:
                out.extend(self.put_batch([item], on_bad=on_bad))
            return out

    def add_article(self, article: Article, events: Sequence[Event], *, dedup: bool = True) -> str:
        """Store one article with its events in one transaction; ``added``/``updated``/``unchanged``/``duplicate``
        or ``older`` (an older copy of a stored article: kept as a revision, the newer text stays current).

        With ``dedup`` the merged events are rebuilt at once (reading never writes, so writers keep them current).
        """
        status = self.put_batch([(article, events)])[0][0]
        if dedup and status in ("added", "updated"):
            self.deduplicate()
        return status

    def ingest(
        self,
        articles: Iterable[Article],
        *,
        extract: Callable[[Article], list[Event]] | None = None,
        skip_bad: bool = False,
        progress: bool = False,
        batch_size: int = 64,
        dedup: bool = True,
        warn: Callable[[str], None] | None = None,
        total: int | None = None,
    ) -> IngestReport:
        """Extract and store articles; re-ingesting an article changes nothing.

        An article whose extraction fails is reported (``skip_bad``) or raises :class:`StoreError`;
        articles are committed in batches, each article all-or-nothing, so an interrupted ingest
        leaves only whole articles and a re-run completes the rest.
        """
        from base.errors import InputError

        if extract is None:
            from events.extract import extract as extract_fn

            extract = extract_fn
        warn = warn or (lambda msg: print(f"warning: {msg}", file=sys.stderr))
        counts = {"added": 0, "updated": 0, "unchanged": 0, "duplicate": 0, "bad": 0, "older": 0}
        n_read = n_events = 0
        bad: list[str] = []
        start = time.perf_counter()
        bar = None
        if progress:
            from tqdm import tqdm

            bar = tqdm(total=total, unit=" articles", desc="ingest", file=sys.stderr, dynamic_ncols=True)
        it = iter(articles)
        try:
            while True:
                chunk = list(itertools.islice(it, batch_size))
                if not chunk:
                    break
                n_read += len(chunk)
                pending: list[tuple[Article, list[Event]]] = []
                for art, known in zip(chunk, self.stored_statuses(chunk), strict=True):
                    if known:
                        counts[known] += 1
                        continue
                    try:
                        evs = list(extract(art))
                    except InputError as exc:
                        if not skip_bad:
                            raise
                        bad.append(str(exc))
                        warn(str(exc))
                        continue
                    except Exception as exc:
                        msg = extraction_failed(art, exc)
                        if not skip_bad:
                            raise StoreError(msg) from exc
                        bad.append(msg)
                        warn(msg)
                        continue
                    pending.append((art, evs))

                def on_bad(msg: str) -> None:
                    bad.append(msg)
                    warn(msg)

                for status, n in self.put_batch(pending, on_bad=on_bad if skip_bad else None) if pending else ():
                    counts[status] += 1
                    n_events += n
                if bar is not None:
                    bar.update(len(chunk))
        finally:
            if bar is not None:
                bar.close()
        merged = self.deduplicate() if dedup else self._count(self.t["merged"])
        return IngestReport(
            read=n_read,
            added=counts["added"],
            updated=counts["updated"],
            unchanged=counts["unchanged"],
            duplicates=counts["duplicate"],
            older=counts["older"],
            events=n_events,
            merged_events=merged,
            seconds=time.perf_counter() - start,
            bad=tuple(bad),
        )

    def _known(self, article: Article) -> str | None:
        """``unchanged``/``duplicate`` when the article is already stored, else None."""
        with self._read() as conn:
            status = self._status(article, *self._lookup(conn, [article]))
        return status if status in ("unchanged", "duplicate") else None

    # -- deduplication --------------------------------------------------------------------------------
    def _corrections_for(self, conn: Connection, ids: Iterable[str]) -> list[dict[str, Any]]:
        from sqlalchemy import select

        ids = list(set(ids))
        c, tg = self.t["corrections"], self.t["targets"]
        out: dict[int, dict[str, Any]] = {}
        for i in range(0, len(ids), 500):
            q = select(c).join(tg, tg.c.correction_id == c.c.correction_id).where(tg.c.event_id.in_(ids[i : i + 500]))
            for r in conn.execute(q):
                out[r.correction_id] = _correction(r)
        return [out[k] for k in sorted(out)]  # the database's order of writing, never a client's clock

    def _all_corrections(self, conn: Connection) -> dict[str, list[dict[str, Any]]]:
        """Corrections by target event id."""
        from sqlalchemy import select

        c, tg = self.t["corrections"], self.t["targets"]
        by_id: dict[int, dict[str, Any]] = {}
        targets: dict[str, list[int]] = {}
        for r in conn.execute(select(c)):
            by_id[r.correction_id] = _correction(r)
        for r in conn.execute(select(tg)):
            targets.setdefault(r.event_id, []).append(r.correction_id)
        return {k: [by_id[i] for i in v] for k, v in targets.items()}

    def _merged_row(
        self, merged: Event, corrections: list[dict[str, Any]], search: str | None = None
    ) -> dict[str, Any]:
        """The merged_events row: corrections applied; ``search`` (members' search text) unless corrected."""
        ev, rejected = apply_corrections(merged, corrections)
        row = _event_row(ev)
        row.update(
            rejected=rejected,
            corrected=bool(corrections),
            correction_note=correction_note(corrections),
            search=search if search is not None and not corrections else search_text(ev),
        )
        return row

    def deduplicate(self) -> int:
        """Rebuild merged events and their sources from all stored events; corrections are re-applied.

        Deterministic: the same stored events give the same merged events and ids. Events are streamed
        in date order and each incident is written as soon as it is complete, so memory holds a few days
        of events, not the whole record. Returns the number of merged events.
        """
        from .dedup import cluster_stream, merge

        with self._write() as conn:
            if self.dialect == "postgresql":
                from sqlalchemy import text

                conn.execute(text("SELECT pg_advisory_xact_lock(4242002)"))
                # writers wait until the merged events are rebuilt, as they do on SQLite
                conn.execute(text("LOCK TABLE events IN SHARE MODE"))
            corr = self._all_corrections(conn)
            conn.execute(self.t["sources"].delete())
            conn.execute(self.t["merged"].delete())
            published: dict[str, str | None] = {}
            search: dict[str, str] = {}

            def rows_in_order() -> Iterator[Event]:
                cols = ", ".join(f"e.{c}" for c in _EVENT_COLS)
                sql = (
                    f"SELECT {cols}, e.search, a.date FROM events e JOIN articles a ON a.doc_id = e.doc_id "
                    "ORDER BY e.event_date"
                )
                n = len(_EVENT_COLS)
                day: str | None = None
                group: list[Event] = []
                for r in conn.exec_driver_sql(sql, execution_options={"stream_results": True, "yield_per": 5000}):
                    values = list(r[:n])
                    values[-1] = _spans(values[-1])
                    ev = Event(*values)
                    if ev.event_date != day:
                        yield from sorted(group, key=lambda x: x.event_id)
                        day, group = ev.event_date, []
                    published[ev.event_id] = r[n + 1]
                    search[ev.event_id] = r[n]
                    group.append(ev)
                yield from sorted(group, key=lambda x: x.event_id)

            merged_rows: list[dict[str, Any]] = []
            source_rows: list[dict[str, Any]] = []
            total = 0

            def flush() -> None:
                self._bulk_insert(conn, self.t["merged"], merged_rows)
                self._bulk_insert(conn, self.t["sources"], source_rows)
                merged_rows.clear()
                source_rows.clear()

            for members in cluster_stream(rows_in_order()):
                merged = merge(members, article_dates={m.doc_id: published.pop(m.event_id) for m in members})
                ids = {merged.event_id, *(m.event_id for m in members)}
                cs = {c["correction_id"]: c for i in ids for c in corr.get(i, ())}
                ordered = sorted(cs.values(), key=lambda c: c["correction_id"])
                text_ = " ".join(dict.fromkeys(search.pop(m.event_id) for m in members))
                merged_rows.append(self._merged_row(merged, ordered, text_))
                source_rows.extend(
                    {
                        "cluster_id": merged.event_id,
                        "event_id": m.event_id,
                        "doc_id": m.doc_id,
                        "evidence": m.evidence or "",
                    }
                    for m in members
                )
                total += 1
                if len(merged_rows) >= 5000:
                    flush()
            flush()
            self._set_meta(conn, "dirty", "0")
            self._set_meta(conn, "deduplicated_at", _now())
        return total

    @staticmethod
    def _bulk_insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
        """executemany straight through the driver (our own table and column names, values as parameters):
        SQLAlchemy's per-row parameter processing would dominate rebuilding 100k merged events."""
        if not rows:
            return
        cols = list(rows[0])
        mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        sql = f"INSERT INTO {table.name} ({', '.join(cols)}) VALUES ({', '.join([mark] * len(cols))})"
        conn.exec_driver_sql(sql, [tuple(r[c] for c in cols) for r in rows])

    def _is_dirty(self) -> bool:
        from sqlalchemy import select

        m = self.t["meta"]
        with self._read() as conn:
            dirty: str | None = conn.execute(select(m.c.value).where(m.c.key == "dirty")).scalar_one_or_none()
        return dirty == "1"

    def _ensure_merged(self) -> None:
        """Bring merged events up to date before a write that builds on them (never called by a read)."""
        if self._is_dirty():
            self.deduplicate()

    # -- reading --------------------------------------------------------------------------------------
    def events(
        self,
        *,
        date_from: str | None = None,
        date_to: str | None = None,
        actors: Sequence[str] = (),
        types: Sequence[str] = (),
        sub_types: Sequence[str] = (),
        admin1: Sequence[str] = (),
        min_fatalities: int = 0,
        sources: Sequence[str] = (),
        text: str | None = None,
        include_rejected: bool = False,
    ) -> list[Event]:
        """Merged, corrected events matching every given filter, ordered by date then id.

        ``actors`` match actor1 or actor2; ``sources`` match any reporting outlet; ``text`` is matched
        word by word against Arabic-normalised evidence, places and actors (مصراته finds مصراتة).
        """
        from sqlalchemy import and_, exists, or_

        from gazetteer.normalize import normalize

        m, s, a = self.t["merged"], self.t["sources"], self.t["articles"]
        cond = []
        if date_from:
            cond.append(m.c.event_date >= str(date_from))
        if date_to:
            cond.append(m.c.event_date <= str(date_to))
        if actors:
            cond.append(or_(m.c.actor1.in_(list(actors)), m.c.actor2.in_(list(actors))))
        if types:
            cond.append(m.c.event_type.in_(list(types)))
        if sub_types:
            cond.append(m.c.sub_event_type.in_(list(sub_types)))
        if admin1:
            cond.append(m.c.admin1.in_(list(admin1)))
        if min_fatalities:
            cond.append(m.c.fatalities >= int(min_fatalities))
        if sources:
            cond.append(
                exists().where(
                    and_(s.c.cluster_id == m.c.event_id, a.c.doc_id == s.c.doc_id, a.c.source.in_(list(sources)))
                )
            )
        if text:
            for word in normalize(text).split():
                pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
                cond.append(m.c.search.like(pattern, escape="\\"))
        return [e for e, _ in self._merged_events(cond, include_rejected=include_rejected)]

    def events_with_search_text(self, *, include_rejected: bool = False) -> list[tuple[Event, str]]:
        """Every merged, corrected event (ordered as ``events``) with the normalised text that ``text``
        searches, as stored at ingest: a dashboard's in-memory search matches exactly what SQL matches."""
        pairs = self._merged_events([], include_rejected=include_rejected, search=True)
        return cast("list[tuple[Event, str]]", pairs)  # with search=True each has its text (a NOT NULL column)

    def _merged_events(
        self, cond: list[ColumnElement[bool]], *, include_rejected: bool, search: bool = False
    ) -> list[tuple[Event, str | None]]:
        """(event, its search text when ``search``) of the merged events meeting ``cond``, by date then id."""
        from sqlalchemy import false, select

        m = self.t["merged"]
        if not include_rejected:
            cond = [*cond, m.c.rejected == false()]
        cols = [m.c[c] for c in _EVENT_COLS] + ([m.c.search] if search else [])
        q = select(*cols).where(*cond).order_by(m.c.event_date, m.c.event_id)
        with self._read() as conn:
            return [(_row_event(r), r.search if search else None) for r in conn.execute(q)]

    def _cluster_of(self, conn: Connection, event_id: str) -> str | None:
        from sqlalchemy import select

        m, s = self.t["merged"], self.t["sources"]
        if conn.execute(select(m.c.event_id).where(m.c.event_id == event_id)).first():
            return event_id
        return conn.execute(select(s.c.cluster_id).where(s.c.event_id == event_id)).scalar_one_or_none()

    def event(self, event_id: str) -> Event | None:
        """One merged, corrected event by its id or any member's id (rejected ones included)."""
        from sqlalchemy import select

        m = self.t["merged"]
        with self._read() as conn:
            cid = self._cluster_of(conn, event_id)
            if cid is None:
                return None
            row = conn.execute(select(*[m.c[c] for c in _EVENT_COLS]).where(m.c.event_id == cid)).first()
        return _row_event(row) if row else None

    def correction_notes(self) -> dict[str, tuple[str, bool]]:
        """(correction summary, rejected) of every corrected merged event, by id — for exports."""
        from sqlalchemy import select, true

        m = self.t["merged"]
        with self._read() as conn:
            rows = conn.execute(select(m.c.event_id, m.c.correction_note, m.c.rejected).where(m.c.corrected == true()))
            return {r.event_id: (r.correction_note, bool(r.rejected)) for r in rows}

    def rejected_ids(self) -> set[str]:
        """Ids of merged events an analyst rejected."""
        from sqlalchemy import select, true

        m = self.t["merged"]
        with self._read() as conn:
            return set(conn.execute(select(m.c.event_id).where(m.c.rejected == true())).scalars())

    def event_sources(self, event_id: str) -> list[dict[str, Any]]:
        """The articles that reported a (merged) event, with their evidence, earliest first."""
        from sqlalchemy import select

        s, a = self.t["sources"], self.t["articles"]
        with self._read() as conn:
            cid = self._cluster_of(conn, event_id)
            if cid is None:
                return []
            q = (
                select(s.c.event_id, s.c.doc_id, s.c.evidence, a.c.source, a.c.url, a.c.title, a.c.date)
                .join(a, a.c.doc_id == s.c.doc_id)
                .where(s.c.cluster_id == cid)
            )
            rows = [dict(r._mapping) for r in conn.execute(q)]
        rows.sort(key=lambda r: (r["date"] or "9999", r["doc_id"], r["event_id"]))
        return rows

    def article(self, doc_id: str) -> Article | None:
        """A stored article by id."""
        from sqlalchemy import select

        a = self.t["articles"]
        with self._read() as conn:
            r = conn.execute(select(a).where(a.c.doc_id == doc_id)).first()
        if r is None:
            return None
        return Article(
            text=r.text, id=r.doc_id, title=r.title, date=r.date, source=r.source, url=r.url, origin=r.origin
        )

    # -- corrections ----------------------------------------------------------------------------------
    def correct(self, event_id: str, *, author: str, note: str = "", **changes: Any) -> Event:
        """Record an analyst's correction of a merged event and return the corrected event.

        Changes: ``place_id`` (another gazetteer place; sets location, Arabic name, admin1, coordinates),
        ``event_type``, ``sub_event_type``, ``actor1``, ``actor2``, ``event_date``, ``fatalities``,
        ``rejected``. Stored against the merged event's id and every member's id, so it survives
        re-ingesting and re-deduplicating.
        """
        from sqlalchemy import select

        if not author or not str(author).strip():
            raise StoreError("a correction needs an author")
        resolved = validate_changes(changes)
        self._ensure_merged()
        s, c, tg = self.t["sources"], self.t["corrections"], self.t["targets"]
        with self._write() as conn:
            # one transaction, one writer of merged rows at a time: the correction and the merged row it
            # rewrites are read and written under the same lock, so no concurrent editor leaves it stale
            self._lock_merged(conn)
            cid = self._cluster_of(conn, event_id)
            if cid is None:
                raise StoreError(f"no event {event_id!r} in the store")
            members = list(conn.execute(select(s.c.event_id).where(s.c.cluster_id == cid)).scalars())
            targets = sorted({cid, event_id, *members})
            new_id = conn.execute(
                c.insert().values(
                    event_id=event_id,
                    author=str(author).strip(),
                    created_at=self._db_now(conn),
                    changes=json.dumps(resolved, ensure_ascii=False, sort_keys=True),
                    note=note or "",
                )
            ).inserted_primary_key[0]
            conn.execute(tg.insert(), [{"correction_id": new_id, "event_id": t} for t in targets])
            merged = self._merge_members(conn, members)
            row = self._merged_row(merged, self._corrections_for(conn, targets))
            conn.execute(self.t["merged"].update().where(self.t["merged"].c.event_id == cid).values(**row))
        ev, _ = apply_corrections(merged, [{"changes": resolved}])
        return self.event(cid) or ev

    def _merge_members(self, conn: Connection, members: list[str]) -> Event:
        """The merged event of a cluster's member events, read inside ``conn``'s transaction."""
        from sqlalchemy import select

        from .dedup import merge

        raw = [
            _row_event(r)
            for r in conn.execute(select(self.t["events"]).where(self.t["events"].c.event_id.in_(members)))
        ]
        a = self.t["articles"]
        dates = {
            r.doc_id: r.date
            for r in conn.execute(select(a.c.doc_id, a.c.date).where(a.c.doc_id.in_({e.doc_id for e in raw})))
        }
        return merge(raw, article_dates=dates)

    def undo_correction(self, correction_id: int) -> Event | None:
        """Remove one correction and re-apply the event's remaining ones; returns the event as it now stands.

        The analyst's undo: an erroneous correction (wrong place, a mistaken reject) goes, the others stay.
        """
        from sqlalchemy import delete, select

        self._ensure_merged()
        s, c, tg = self.t["sources"], self.t["corrections"], self.t["targets"]
        with self._write() as conn:
            row = conn.execute(select(c.c.event_id).where(c.c.correction_id == correction_id)).first()
            if row is None:
                raise StoreError(f"no correction {correction_id!r} in the store")
            cid = self._cluster_of(conn, row.event_id)
            conn.execute(delete(tg).where(tg.c.correction_id == correction_id))
            conn.execute(delete(c).where(c.c.correction_id == correction_id))
            if cid is None:
                return None
            members = list(conn.execute(select(s.c.event_id).where(s.c.cluster_id == cid)).scalars())
            merged = self._merge_members(conn, members)
            targets = sorted({cid, row.event_id, *members})
            new = self._merged_row(merged, self._corrections_for(conn, targets))
            conn.execute(self.t["merged"].update().where(self.t["merged"].c.event_id == cid).values(**new))
        return self.event(cid)

    def corrections(self, event_id: str) -> list[dict[str, Any]]:
        """Corrections of a merged event (by its id or a member's), oldest first."""
        from sqlalchemy import select

        s = self.t["sources"]
        with self._read() as conn:
            cid = self._cluster_of(conn, event_id)
            ids = {event_id}
            if cid is not None:
                ids |= {cid, *conn.execute(select(s.c.event_id).where(s.c.cluster_id == cid)).scalars()}
            return self._corrections_for(conn, ids)

    # -- statistics -----------------------------------------------------------------------------------
    def _count(self, table: Table, *where: ColumnElement[bool]) -> int:
        from sqlalchemy import func, select

        with self._read() as conn:
            n: int = conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one()
        return n

    def stats(self) -> dict[str, Any]:
        """Counts for ``python -m events stats`` and the dashboard."""
        from sqlalchemy import false, func, select, true

        a, e, m, c = self.t["articles"], self.t["events"], self.t["merged"], self.t["corrections"]
        with self._read() as conn:

            def one(q: Select[Any]) -> Any:
                return conn.execute(q).scalar_one()

            out = {
                "store": self.safe_url,
                "articles": one(select(func.count()).select_from(a)),
                "sources": one(select(func.count(func.distinct(a.c.source))).where(a.c.source != "")),
                "article_dates": list(conn.execute(select(func.min(a.c.date), func.max(a.c.date))).one()),
                "extracted_events": one(select(func.count()).select_from(e)),
                "events": one(select(func.count()).select_from(m).where(m.c.rejected == false())),
                "multi_source_events": one(select(func.count()).select_from(m).where(m.c.source_count > 1)),
                "rejected_events": one(select(func.count()).select_from(m).where(m.c.rejected == true())),
                "corrections": one(select(func.count()).select_from(c)),
                "revisions": one(select(func.count()).select_from(self.t["revisions"])),
                "revised_articles": one(select(func.count(func.distinct(self.t["revisions"].c.doc_id)))),
                "undated_events": one(
                    select(func.count()).select_from(m).where(m.c.rejected == false(), m.c.event_date.is_(None))
                ),
                "needs_deduplication": conn.execute(
                    select(self.t["meta"].c.value).where(self.t["meta"].c.key == "dirty")
                ).scalar_one_or_none()
                == "1",
                "event_dates": list(
                    conn.execute(
                        select(func.min(m.c.event_date), func.max(m.c.event_date)).where(m.c.rejected == false())
                    ).one()
                ),
                "fatalities": one(select(func.coalesce(func.sum(m.c.fatalities), 0)).where(m.c.rejected == false())),
                "by_type": dict(
                    conn.execute(
                        select(m.c.event_type, func.count())
                        .where(m.c.rejected == false())
                        .group_by(m.c.event_type)
                        .order_by(func.count().desc())
                    ).all()
                ),
                "by_admin1": dict(
                    conn.execute(
                        select(func.coalesce(m.c.admin1, "(unknown)"), func.count())
                        .where(m.c.rejected == false())
                        .group_by(m.c.admin1)
                        .order_by(func.count().desc())
                    ).all()
                ),
            }
        return out


def _on_read_only_media(path: Path) -> bool:
    """An existing store file that cannot be written (read-only disk, share or mount; even root cannot)."""
    return path.is_file() and not os.access(path, os.W_OK)


def open_store(url: str | None = None) -> Store:
    """Open (creating if needed) the store at ``url``: a SQLAlchemy URL or a file path.

    None → ``$LEM_DB``, else the SQLite file ``$LEM_HOME/events.sqlite``.
    """
    return Store(normalise_url(url))
