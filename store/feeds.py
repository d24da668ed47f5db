"""The store's record of live sources: each followed feed's state and every link fetched (issue #13).

Two tables beside the articles: ``feeds`` (per feed: ETag/Last-Modified, last entry seen, last poll and
error, consecutive failures, next poll, what the last poll brought) and ``fetched_urls`` (per canonical
link: what came of fetching it), so a link is never fetched twice and state survives a restart.
The fetching itself lives in the ``sources`` package; this module only reads and writes the records.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import MetaData, Table

    from .db import Store

#: Outcomes of fetching a link: ``ok`` stored, ``duplicate`` already stored under another link or text,
#: ``bad`` not an article (permanent), ``error`` the site failed (tried again on a later poll).
STATUSES = ("ok", "duplicate", "bad", "error")


def feed_tables(meta: MetaData) -> dict[str, Table]:
    """The ``feeds`` and ``fetched_urls`` tables on ``meta`` (registered by ``store.db`` with the others)."""
    from sqlalchemy import Column, Float, Index, Integer, String, Table, Text

    return {
        "feeds": Table(
            "feeds",
            meta,
            Column("url", String(1000), primary_key=True),
            Column("title", Text, nullable=False, default=""),
            Column("added_at", Float, nullable=False),
            Column("added_by", Text, nullable=False, default=""),
            Column("etag", Text),
            Column("last_modified", Text),
            Column("last_seen", Text),
            Column("last_poll", Float),
            Column("last_ok", Float),
            Column("last_status", String(32)),
            Column("last_error", Text),
            Column("failures", Integer, nullable=False, default=0),
            Column("next_poll", Float),
            Column("entries", Integer, nullable=False, default=0),
            Column("new_articles", Integer, nullable=False, default=0),
            Column("new_events", Integer, nullable=False, default=0),
            Column("entry_errors", Integer, nullable=False, default=0),
            Column("total_articles", Integer, nullable=False, default=0),
        ),
        "fetched": Table(
            "fetched_urls",
            meta,
            Column("canonical", String(1000), primary_key=True),
            Column("url", Text, nullable=False),
            Column("status", String(16), nullable=False),
            Column("reason", Text),
            Column("doc_id", String(256)),
            Column("title", Text, nullable=False, default=""),
            Column("feed", String(1000)),
            Column("attempts", Integer, nullable=False, default=1),
            Column("fetched_at", Float, nullable=False),
            Index("ix_fetched_at", "fetched_at"),
            Index("ix_fetched_doc", "doc_id"),
        ),
    }


@dataclass(frozen=True, slots=True)
class FeedState:
    """One followed feed as stored (times in seconds since the epoch, None when never)."""

    url: str
    title: str = ""
    added_at: float = 0.0
    added_by: str = ""
    etag: str | None = None
    last_modified: str | None = None
    last_seen: str | None = None
    last_poll: float | None = None
    last_ok: float | None = None
    last_status: str | None = None
    last_error: str | None = None
    failures: int = 0
    next_poll: float | None = None
    entries: int = 0
    new_articles: int = 0
    new_events: int = 0
    entry_errors: int = 0
    total_articles: int = 0


@dataclass(frozen=True, slots=True)
class Fetched:
    """What came of fetching one canonical link."""

    canonical: str
    url: str
    status: str
    reason: str | None = None
    doc_id: str | None = None
    title: str = ""
    feed: str | None = None
    attempts: int = 1
    fetched_at: float = 0.0


_FEED_COLS = tuple(f.name for f in fields(FeedState))
_FETCHED_COLS = tuple(f.name for f in fields(Fetched))


class SourceLog:
    """Feeds and fetched links in one store (a :class:`store.Store`); every method is one short transaction."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.feeds_t = store.t["feeds"]
        self.fetched_t = store.t["fetched"]
        from sqlalchemy import inspect

        # stores created before these tables existed get them now (the write lock only when they are missing)
        with store._read() as conn:
            have = inspect(conn).has_table("feeds") and inspect(conn).has_table("fetched_urls")
        if not have:
            with store._write() as conn:
                store.meta.create_all(conn, tables=[self.feeds_t, self.fetched_t], checkfirst=True)

    # -- feeds ---------------------------------------------------------------------------------------
    def add_feed(self, url: str, *, now: float, added_by: str = "") -> bool:
        """Follow ``url`` (True), or do nothing when it is already followed (False)."""
        with self.store._write() as conn:
            if conn.execute(self.feeds_t.select().where(self.feeds_t.c.url == url)).first() is not None:
                return False
            conn.execute(
                self.feeds_t.insert().values(
                    url=url,
                    title="",
                    added_at=now,
                    added_by=added_by,
                    failures=0,
                    entries=0,
                    new_articles=0,
                    new_events=0,
                    entry_errors=0,
                    total_articles=0,
                )
            )
        return True

    def remove_feed(self, url: str) -> bool:
        """Stop following ``url``; the articles it brought stay in the store."""
        with self.store._write() as conn:
            removed: int = conn.execute(self.feeds_t.delete().where(self.feeds_t.c.url == url)).rowcount
        return removed > 0

    def feeds(self) -> list[FeedState]:
        """Every followed feed, in the order they were added."""
        with self.store._read() as conn:
            rows = conn.execute(self.feeds_t.select().order_by(self.feeds_t.c.added_at, self.feeds_t.c.url)).all()
        return [FeedState(**{c: r._mapping[c] for c in _FEED_COLS}) for r in rows]

    def feed(self, url: str) -> FeedState | None:
        with self.store._read() as conn:
            r = conn.execute(self.feeds_t.select().where(self.feeds_t.c.url == url)).first()
        return FeedState(**{c: r._mapping[c] for c in _FEED_COLS}) if r is not None else None

    def update_feed(self, url: str, **values: Any) -> None:
        """Set some of a feed's state columns (names as in :class:`FeedState`)."""
        bad = set(values) - set(_FEED_COLS)
        if bad:
            raise ValueError(f"unknown feed fields {sorted(bad)}")
        with self.store._write() as conn:
            conn.execute(self.feeds_t.update().where(self.feeds_t.c.url == url).values(**values))

    # -- fetched links -------------------------------------------------------------------------------
    def fetched(self, canonical: str) -> Fetched | None:
        """The record of the link whose canonical form is ``canonical``, or None if never fetched."""
        with self.store._read() as conn:
            r = conn.execute(self.fetched_t.select().where(self.fetched_t.c.canonical == canonical)).first()
        return Fetched(**{c: r._mapping[c] for c in _FETCHED_COLS}) if r is not None else None

    def record(self, item: Fetched) -> None:
        """Insert or replace the record of one link."""
        if item.status not in STATUSES:
            raise ValueError(f"unknown fetch status {item.status!r}")
        row = {c: getattr(item, c) for c in _FETCHED_COLS}
        with self.store._write() as conn:
            t = self.fetched_t
            if conn.execute(t.update().where(t.c.canonical == item.canonical).values(**row)).rowcount == 0:
                conn.execute(t.insert().values(**row))

    def recent(self, limit: int = 50) -> list[Fetched]:
        """The links fetched last, newest first."""
        t = self.fetched_t
        with self.store._read() as conn:
            rows = conn.execute(t.select().order_by(t.c.fetched_at.desc(), t.c.canonical).limit(limit)).all()
        return [Fetched(**{c: r._mapping[c] for c in _FETCHED_COLS}) for r in rows]
