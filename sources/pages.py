"""An article page (HTML bytes + its URL) → an :class:`events.models.Article`, or the one-line reason it is not one.

trafilatura keeps the main text (no menus, related links, comments or cookie banners) and reads the title,
publication date, site name and canonical link; the Article then passes the same checks as a JSON record.
"""

from __future__ import annotations

import hashlib
import re

from base.errors import InputError
from events.io import article_from_record
from events.models import Article

from .urls import BadURL, canonical_url, host_of, strip_tracking

#: Largest page read (bytes); a bigger one is not a news article and is not read in full.
MAX_PAGE_BYTES = 5_000_000
#: Less main text than this (characters) is a section front, a video page or a stub, not an article.
MIN_TEXT_CHARS = 120
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)


class NotArticle(Exception):
    """The page cannot be ingested as an article; ``str()`` is ``URL: reason``."""

    def __init__(self, url: str, reason: str):
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


def decode_html(data: bytes, *, charset: str | None = None) -> str:
    """Text of an HTML page: the HTTP charset, else the page's <meta charset>, else UTF-8, else a guess."""
    tried = []
    head = _META_CHARSET.search(data[:4096])
    for enc in (charset, head.group(1).decode("ascii", "ignore") if head else None, "utf-8"):
        if not enc or enc.lower() in tried:
            continue
        tried.append(enc.lower())
        try:
            return data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
    from trafilatura.utils import decode_file

    return decode_file(data)


def doc_id_for(url: str) -> str:
    """Stable article id of a web page: from its canonical URL, so every variant of the link gives the same id."""
    return "web-" + hashlib.sha1(canonical_url(url).encode("utf-8")).hexdigest()[:24]


def extract_page(
    data: bytes,
    *,
    url: str,
    charset: str | None = None,
    date: str | None = None,
    title: str = "",
    source: str | None = None,
) -> Article:
    """The article in the page ``data`` fetched from ``url``; ``date``/``title`` (from a feed entry) fill gaps.

    Raises :class:`NotArticle` when the page is too large, not HTML, empty after extraction, too short to be an
    article, or has no publication date.
    """
    if len(data) > MAX_PAGE_BYTES:
        raise NotArticle(url, f"page is larger than {MAX_PAGE_BYTES // 1_000_000} MB; not an article")
    if not data.strip():
        raise NotArticle(url, "empty page")
    if b"\x00" in data[:4096]:
        raise NotArticle(url, "binary content, not an HTML page")
    html = decode_html(data, charset=charset)
    from trafilatura import bare_extraction
    from trafilatura.settings import Document

    doc = bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        favor_precision=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = (doc.text or "").strip() if isinstance(doc, Document) else ""  # a dict only with as_dict=True
    if not isinstance(doc, Document) or not text:
        raise NotArticle(url, "no article text after extraction (menus, links or scripts only)")
    if len(text) < MIN_TEXT_CHARS:
        raise NotArticle(url, f"not an article: only {len(text)} characters of main text")
    doc_title = (doc.title or title or "").strip()
    first, _, rest = text.partition("\n")
    if doc_title and first.strip() == doc_title and rest.strip():
        text = rest.strip()  # the headline is the title, not the first line of the text
    day = (doc.date or "")[:10] or date
    if not day:
        raise NotArticle(url, "no publication date on the page or in the feed")
    canonical = strip_tracking(url)
    if doc.url and doc.url != url:
        try:  # a canonical link is believed only on the same site (www./m./amp. aside)
            if host_of(canonical_url(doc.url)) == host_of(canonical_url(url)):
                canonical = strip_tracking(doc.url)
        except BadURL:
            pass
    record = {
        "id": doc_id_for(canonical),
        "text": text,
        "title": doc_title,
        "date": day,
        "source": source or (doc.sitename or "").strip() or host_of(url),
        "url": canonical,
    }
    try:
        return article_from_record(record, url)
    except InputError as exc:
        raise NotArticle(url, exc.problem) from None
