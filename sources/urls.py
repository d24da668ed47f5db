"""Canonical article links: one URL per article whatever tracking, AMP or mobile variant it was found under."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

#: Query parameters that only say where a click came from (they never change the page).
TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|yclid|mc_cid|mc_eid|igshid|ref|ref_src|ref_url|"
    r"s_cid|cmpid|_ga|at_medium|at_campaign|amp|outputtype)$",
    re.IGNORECASE,
)
#: Host prefixes of mobile and AMP editions of a site.
_MOBILE_HOST = re.compile(r"^(m|mobile|amp|www)\.", re.IGNORECASE)
_AMP_PATH = re.compile(r"(/amp/?$|/amp(?=/)|\.amp(?=$|\.html?$))", re.IGNORECASE)


class BadURL(ValueError):
    """Not an http(s) URL we can fetch; ``str()`` says why."""


def check_url(url: str) -> str:
    """``url`` stripped, if it is an absolute http(s) URL with a host; else :class:`BadURL`."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises on a port that is not a number)
    except ValueError:
        raise BadURL(f"{url}: not a valid link") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or any(c.isspace() for c in url):
        raise BadURL(f"{url or '(empty)'}: not an http(s) link")
    return url


def host_of(url: str) -> str:
    """The host (lower case, no port): the unit of politeness."""
    return (urlsplit(url).hostname or "").lower()


def canonical_url(url: str) -> str:
    """The article's one URL: https, host without www./m./amp., no AMP path, no tracking parameters, no fragment.

    Two links that differ only in these are the same article and are fetched once.
    """
    parts = urlsplit(check_url(url))
    host = (parts.hostname or "").lower()  # check_url made sure there is one
    while _MOBILE_HOST.match(host) and host.count(".") > 1:
        host = _MOBILE_HOST.sub("", host, count=1)
    port = parts.port
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    path = _AMP_PATH.sub("", parts.path) or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    query = urlencode(
        sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING.match(k))
    )
    return urlunsplit(("https", netloc, path, query, ""))


def strip_tracking(url: str) -> str:
    """``url`` without tracking parameters and fragment, otherwise as given (still the link a reader follows)."""
    parts = urlsplit(url.strip())
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING.match(k)])
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))
