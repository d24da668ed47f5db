"""Feed bytes → entries (RSS 0.9x/1.0/2.0 and Atom through feedparser), with links made absolute and dates as days."""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
from dataclasses import dataclass
from urllib.parse import urljoin

from .urls import BadURL, check_url


class FeedError(ValueError):
    """The bytes are not a usable feed; ``str()`` says why in one line."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One feed item: a link to an article, with what the feed says about it."""

    id: str
    url: str
    title: str = ""
    date: str | None = None  # YYYY-MM-DD of publication, when the feed gives one
    summary: str = ""


@dataclass(frozen=True, slots=True)
class Feed:
    title: str
    entries: tuple[Entry, ...]


def _day(entry) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = entry.get(key)
        if t:
            try:
                return dt.datetime.fromtimestamp(calendar.timegm(t), dt.UTC).date().isoformat()
            except (OverflowError, ValueError):
                continue
    return None


def parse_feed(data: bytes, *, url: str) -> Feed:
    """The entries of the feed ``data`` fetched from ``url``; relative links resolve against ``url``.

    Entries without a usable http(s) link are left out; a document with no entries that feedparser cannot
    read as a feed raises :class:`FeedError`.
    """
    import feedparser

    parsed = feedparser.parse(data, response_headers={"content-location": url})
    version = parsed.get("version") or ""
    if not parsed.entries and (parsed.bozo or not version):
        head = data[:512].lstrip().lower()
        what = "an HTML page" if head.startswith((b"<!doctype html", b"<html")) else "no feed entries found"
        raise FeedError(f"not an RSS or Atom feed ({what})")
    entries = []
    seen = set()
    for e in parsed.entries:
        link = e.get("link") or next((x.get("href") for x in e.get("links", []) if x.get("href")), "")
        try:
            link = check_url(urljoin(url, link.strip()))
        except BadURL:
            continue
        if link in seen:
            continue
        seen.add(link)
        eid = (e.get("id") or link).strip()
        entries.append(
            Entry(
                id=eid,
                url=link,
                title=(e.get("title") or "").strip(),
                date=_day(e),
                summary=(e.get("summary") or "").strip(),
            )
        )
    return Feed(title=(parsed.feed.get("title") or "").strip(), entries=tuple(entries))


def entries_digest(entries) -> str:
    """A short fingerprint of the entries' ids, to say whether a feed changed since the last poll."""
    return hashlib.sha1("\n".join(e.id for e in entries).encode("utf-8")).hexdigest()[:16]
