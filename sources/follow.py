"""Fetching links and polling feeds into the store: the I/O shell around ``pages``, ``feeds`` and ``schedule``.

Every link is reduced to its canonical form first; one already fetched (stored, a duplicate, or not an
article) is not fetched again unless ``refresh``; one whose site failed is tried again on later polls, up to
``MAX_ATTEMPTS`` times. Articles go into the store through ``Store.ingest`` like any other article.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from events.models import Article
from store.feeds import Fetched, SourceLog

from .feeds import Entry, FeedError, parse_feed
from .http import AlreadyFetched, Fetcher, FetchError
from .pages import NotArticle, extract_page
from .schedule import due, next_poll
from .urls import BadURL, canonical_url, check_url

#: A link whose site failed (5xx, timeout) is tried on this many polls before it is given up.
MAX_ATTEMPTS = 3


@dataclass
class Outcome:
    """What fetching a batch of links did: stored articles, skipped links, one-line problems."""

    #: (canonical link, the page's canonical link, link, feed, article) of each article to store
    articles: list[tuple[str, str, str, str | None, Article]] = field(default_factory=list)
    seen: int = 0  # links fetched before, not fetched again
    problems: list[str] = field(default_factory=list)
    new_articles: int = 0
    new_events: int = 0


@dataclass(frozen=True, slots=True)
class PollReport:
    """One feed's poll: ``ok`` False when the feed itself could not be read."""

    url: str
    ok: bool
    entries: int = 0
    new_articles: int = 0
    new_events: int = 0
    seen: int = 0
    problems: tuple[str, ...] = ()
    error: str | None = None
    next_poll: float | None = None

    def summary(self) -> str:
        if not self.ok:
            return f"{self.url}: feed not read: {self.error}"
        return (
            f"{self.url}: {self.entries} entries, {self.new_articles} new articles, {self.new_events} new "
            f"events, {self.seen} seen before, {len(self.problems)} errors"
        )


def read_feed_list(items: Iterable[str]) -> list[str]:
    """Feed URLs from the arguments: each is a URL or a file of URLs (one a line, ``#`` comments)."""
    from base.errors import InputError

    out: list[str] = []
    for item in items:
        if "://" in item:
            try:
                out.append(check_url(item))
            except BadURL as exc:
                raise InputError(item, str(exc).split(": ", 1)[-1]) from None
            continue
        path = Path(item)
        if not path.is_file():
            raise InputError(f"{item}:0", "no such file (give a feed URL or a file of feed URLs)")
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{item}:0", f"cannot read ({getattr(exc, 'strerror', None) or exc})") from None
        for n, line in enumerate(lines, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            try:
                out.append(check_url(line))
            except BadURL as exc:
                raise InputError(f"{item}:{n}", str(exc)) from None
    return list(dict.fromkeys(out))


class Follower:
    """Fetches links and polls feeds for one store; ``clock`` gives the wall time recorded in the store."""

    def __init__(
        self,
        store,
        fetcher: Fetcher | None = None,
        *,
        refresh: bool = False,
        clock: Callable[[], float] = time.time,
        warn: Callable[[str], None] | None = None,
    ):
        self.store = store
        self.log = SourceLog(store)
        self.fetcher = fetcher or Fetcher()
        self.refresh = refresh
        self.clock = clock
        self.warn = warn or (lambda msg: None)

    # -- links ---------------------------------------------------------------------------------------
    def _known(self, canonical: str) -> bool:
        rec = self.log.fetched(canonical)
        if rec is None or self.refresh:
            return False
        return rec.status != "error" or rec.attempts >= MAX_ATTEMPTS

    def _known_link(self, url: str) -> bool:
        try:
            return self._known(canonical_url(url))
        except BadURL:
            return False

    def read_link(self, url: str, *, entry: Entry | None = None, source: str | None = None) -> Article:
        """Fetch one link and extract its article (``entry`` supplies a missing date or title)."""
        resp = self.fetcher.get(url, known=self._known_link)
        if resp.content_type and not ("html" in resp.content_type or "xml" in resp.content_type):
            raise NotArticle(url, f"not a web page ({resp.content_type})")
        return extract_page(
            resp.body,
            url=resp.url,
            charset=resp.charset,
            date=entry.date if entry else None,
            title=entry.title if entry else "",
            source=source,
        )

    def collect(
        self,
        links: Iterable[str | Entry],
        *,
        feed: str | None = None,
        source: str | None = None,
        record_bad: bool = True,
    ) -> Outcome:
        """Fetch and extract every new link; each problem is one line in ``problems`` (and recorded)."""
        out = Outcome()
        pending: dict[str, str] = {}  # canonical of this batch → link, so a batch never fetches a link twice
        for item in links:
            entry = item if isinstance(item, Entry) else None
            url = entry.url if entry else str(item).strip()
            try:
                canonical = canonical_url(url)
            except BadURL as exc:
                out.problems.append(str(exc))
                continue
            if canonical in pending or self._known(canonical):
                out.seen += 1
                continue
            pending[canonical] = url
            prior = self.log.fetched(canonical)
            attempts = (prior.attempts + 1) if prior is not None and prior.status == "error" else 1
            try:
                art = self.read_link(url, entry=entry, source=source)
            except AlreadyFetched as exc:
                out.seen += 1
                self.log.record(
                    Fetched(
                        canonical=canonical,
                        url=url,
                        status="duplicate",
                        reason=f"redirects to {exc.url}, fetched before",
                        title=entry.title if entry else "",
                        feed=feed,
                        fetched_at=self.clock(),
                    )
                )
                continue
            except (FetchError, NotArticle) as exc:
                out.problems.append(str(exc))
                self.warn(str(exc))
                if record_bad:
                    transient = isinstance(exc, FetchError) and not exc.permanent
                    self.log.record(
                        Fetched(
                            canonical=canonical,
                            url=url,
                            status="error" if transient else "bad",
                            reason=exc.reason,
                            title=entry.title if entry else "",
                            feed=feed,
                            attempts=attempts,
                            fetched_at=self.clock(),
                        )
                    )
                continue
            page_canonical = canonical_url(art.url) if art.url else canonical
            if page_canonical != canonical:
                if page_canonical in pending or self._known(page_canonical):
                    # the page names its canonical link, and that one is already here (an AMP or mobile copy)
                    out.seen += 1
                    self.log.record(
                        Fetched(
                            canonical=canonical,
                            url=url,
                            status="duplicate",
                            doc_id=art.doc_id,
                            reason=f"same article as {art.url}",
                            title=art.title,
                            feed=feed,
                            fetched_at=self.clock(),
                        )
                    )
                    continue
                pending[page_canonical] = art.url
            out.articles.append((canonical, page_canonical, url, feed, art))
        return out

    def store_articles(self, out: Outcome) -> Outcome:
        """Ingest the collected articles (same checks, same store as files); record what came of each link."""
        if not out.articles:
            return out
        problems: list[str] = []
        report = self.store.ingest([a for *_, a in out.articles], skip_bad=True, warn=problems.append)
        out.problems.extend(problems)
        out.new_articles = report.added + report.updated
        out.new_events = report.events
        for canonical, page_canonical, url, feed, art in out.articles:
            failed = next((p for p in problems if p.startswith(art.origin)), None)
            stored = self.store.article(art.doc_id) is not None
            status = "bad" if failed else "ok" if stored else "duplicate"
            reason = failed.split(": ", 1)[-1] if failed else None if stored else "same text already stored"
            for key in dict.fromkeys((canonical, page_canonical)):
                self.log.record(
                    Fetched(
                        canonical=key,
                        url=url if key == canonical else art.url,
                        status=status,
                        reason=reason,
                        doc_id=art.doc_id if stored else None,
                        title=art.title,
                        feed=feed,
                        fetched_at=self.clock(),
                    )
                )
        return out

    def fetch_links(self, links: Iterable[str], *, source: str | None = None) -> Outcome:
        """``fetch``: every new link fetched, extracted and stored; problems reported, the rest goes on."""
        return self.store_articles(self.collect(links, source=source))

    # -- feeds ---------------------------------------------------------------------------------------
    def poll(self, url: str, *, every: float) -> PollReport:
        """Poll one feed now: read it (conditionally), fetch its new entries, store them, record the state."""
        now = self.clock()
        self.log.add_feed(url, now=now)
        state = self.log.feed(url)
        assert state is not None, url  # added just above
        try:
            resp = self.fetcher.get(url, etag=state.etag, last_modified=state.last_modified)
            feed = None if resp.status == 304 else parse_feed(resp.body, url=resp.url)
        except (FetchError, FeedError) as exc:
            reason = exc.reason if isinstance(exc, FetchError) else str(exc)
            failures = state.failures + 1
            when = next_poll(now, every, failures=failures)
            self.log.update_feed(
                url,
                last_poll=now,
                last_status="error",
                last_error=reason,
                failures=failures,
                next_poll=when,
                new_articles=0,
                new_events=0,
                entry_errors=0,
            )
            return PollReport(url=url, ok=False, error=reason, next_poll=when)
        when = next_poll(now, every)
        if feed is None:
            self.log.update_feed(
                url,
                last_poll=now,
                last_ok=now,
                last_status="not modified",
                last_error=None,
                failures=0,
                next_poll=when,
                new_articles=0,
                new_events=0,
                entry_errors=0,
            )
            return PollReport(url=url, ok=True, next_poll=when)
        out = self.store_articles(self.collect(feed.entries, feed=url))
        self.log.update_feed(
            url,
            title=feed.title or state.title,
            etag=resp.etag,
            last_modified=resp.last_modified,
            last_seen=feed.entries[0].id if feed.entries else state.last_seen,
            last_poll=now,
            last_ok=now,
            last_status="ok",
            last_error=out.problems[-1] if out.problems else None,
            failures=0,
            next_poll=when,
            entries=len(feed.entries),
            new_articles=out.new_articles,
            new_events=out.new_events,
            entry_errors=len(out.problems),
            total_articles=state.total_articles + out.new_articles,
        )
        return PollReport(
            url=url,
            ok=True,
            entries=len(feed.entries),
            new_articles=out.new_articles,
            new_events=out.new_events,
            seen=out.seen,
            problems=tuple(out.problems),
            next_poll=when,
        )

    def watch(
        self,
        urls: Iterable[str],
        *,
        every: float,
        once: bool = False,
        rounds: int | None = None,
        sleep: Callable[[float], None] = time.sleep,
        report: Callable[[PollReport], None] = lambda r: None,
    ) -> list[PollReport]:
        """Poll the feeds (``urls`` are added to the followed ones) as they fall due; ``once``: each feed once.

        Returns every poll's report. ``rounds`` bounds the loop (tests); without it and ``once`` it runs until
        interrupted, sleeping until the next feed is due.
        """
        now = self.clock()
        for u in urls:
            self.log.add_feed(u, now=now)
        reports: list[PollReport] = []
        n = 0
        while True:
            feeds = self.log.feeds()
            todo = feeds if once else due(feeds, self.clock())
            for f in todo:
                r = self.poll(f.url, every=every)
                reports.append(r)
                report(r)
            n += 1
            if once or (rounds is not None and n >= rounds):
                return reports
            nexts = [f.next_poll for f in self.log.feeds() if f.next_poll is not None]
            sleep(max(1.0, min(nexts) - self.clock()) if nexts else every)
