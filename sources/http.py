"""The thin I/O shell: polite HTTP GETs with urllib (User-Agent, timeout, size cap, robots.txt, per-host pacing).

Requests are made one at a time; a host is asked again only ``gap`` seconds after its last answer. The clock
and the sleep are handed in, so tests record the waits instead of sleeping through them.
"""

from __future__ import annotations

import http.client
import socket
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from .pages import MAX_PAGE_BYTES
from .schedule import HostPacer
from .urls import host_of

USER_AGENT = "LibyaEventMap/1.0 (+https://github.com/libya-event-map; news monitoring; polite feed reader)"
#: Name matched against robots.txt ``User-agent`` lines.
ROBOTS_AGENT = "LibyaEventMap"


class AlreadyFetched(Exception):
    """A redirect leads to a link already fetched; it is not followed. ``url`` is that link."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects unless ``known(target)`` says the target was fetched already."""

    def __init__(self, known: Callable[[str], bool] | None):
        self.known = known

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if self.known is not None and self.known(newurl):
            raise AlreadyFetched(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class FetchError(Exception):
    """A link could not be fetched; ``str()`` is ``URL: reason``. ``permanent``: asking again will not help."""

    def __init__(self, url: str, reason: str, *, permanent: bool = False):
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.permanent = permanent


@dataclass(frozen=True, slots=True)
class Response:
    url: str  # after redirects
    status: int
    body: bytes = b""
    charset: str | None = None
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None


@dataclass
class Fetcher:
    """GETs with a User-Agent naming the tool, a timeout, a size cap, robots.txt and per-host pacing."""

    timeout: float = 20.0
    gap: float = 1.0
    max_bytes: int = MAX_PAGE_BYTES
    user_agent: str = USER_AGENT
    respect_robots: bool = True
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    requests: int = 0
    _pacer: HostPacer = field(init=False)
    _robots: dict[str, urllib.robotparser.RobotFileParser | None] = field(default_factory=dict, init=False)

    def __post_init__(self):
        self._pacer = HostPacer(self.gap)

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        known: Callable[[str], bool] | None = None,
    ) -> Response:
        """The answer to GET ``url`` (status 304 when the conditional headers say nothing changed).

        A redirect to a link for which ``known`` is true is not followed (:class:`AlreadyFetched`).
        Raises :class:`FetchError` for robots.txt refusals, HTTP errors, timeouts and pages over ``max_bytes``.
        """
        if self.respect_robots and not self.allowed(url):
            raise FetchError(url, "robots.txt of the site does not allow fetching it", permanent=True)
        headers = {"User-Agent": self.user_agent, "Accept-Encoding": "identity"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._get(url, headers, known)

    def _get(self, url: str, headers: dict[str, str], known: Callable[[str], bool] | None = None) -> Response:
        host = host_of(url)
        wait = self._pacer.wait(host, self.clock())
        if wait > 0:
            self.sleep(wait)
        self.requests += 1
        try:
            opener = urllib.request.build_opener(_Redirects(known))
            with opener.open(urllib.request.Request(url, headers=headers), timeout=self.timeout) as resp:
                length = resp.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > self.max_bytes:
                    raise FetchError(
                        url, f"page is {int(length):,} bytes, more than the {self.max_bytes:,} read", permanent=True
                    )
                body = resp.read(self.max_bytes + 1)
                if len(body) > self.max_bytes:
                    raise FetchError(url, f"page is more than the {self.max_bytes:,} bytes read", permanent=True)
                return Response(
                    url=resp.geturl(),
                    status=resp.status,
                    body=body,
                    charset=resp.headers.get_content_charset(),
                    content_type=resp.headers.get_content_type(),
                    etag=resp.headers.get("ETag"),
                    last_modified=resp.headers.get("Last-Modified"),
                )
        except urllib.error.HTTPError as exc:
            if exc.code == 304:
                return Response(
                    url=url,
                    status=304,
                    etag=headers.get("If-None-Match"),
                    last_modified=headers.get("If-Modified-Since"),
                )
            raise FetchError(
                url, f"HTTP {exc.code} {exc.reason}", permanent=exc.code in (400, 401, 403, 404, 405, 410, 451)
            ) from None
        except TimeoutError:
            raise FetchError(url, f"no answer within {self.timeout:g} s (timeout)") from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, (TimeoutError, socket.timeout)):
                raise FetchError(url, f"no answer within {self.timeout:g} s (timeout)") from None
            raise FetchError(url, f"cannot connect ({getattr(reason, 'strerror', None) or reason})") from None
        except (ConnectionError, OSError) as exc:
            raise FetchError(url, f"connection failed ({exc.strerror or type(exc).__name__})") from None
        except (http.client.HTTPException, ValueError) as exc:  # a broken answer, an unusable redirect target
            raise FetchError(url, f"broken answer ({type(exc).__name__})") from None
        finally:
            self._pacer.done(host, self.clock())

    def allowed(self, url: str) -> bool:
        """Whether the site's robots.txt lets this tool fetch ``url`` (read once per site; none: allowed)."""
        parts = urlsplit(url)
        site = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
        if site not in self._robots:
            self._robots[site] = self._read_robots(site + "/robots.txt")
        rules = self._robots[site]
        return True if rules is None else rules.can_fetch(ROBOTS_AGENT, url)

    def _read_robots(self, url: str) -> urllib.robotparser.RobotFileParser | None:
        rp = urllib.robotparser.RobotFileParser(url)
        try:
            resp = self._get(url, {"User-Agent": self.user_agent})
        except FetchError as exc:
            if "HTTP 401" in exc.reason or "HTTP 403" in exc.reason:
                # RFC 9309: an access-controlled robots.txt means keep out; read() sets this same attribute then
                rp.disallow_all = True  # type: ignore[attr-defined]  # set by read(), missing from the stubs
                return rp
            if exc.permanent:  # 404 and kin: no rules
                return None
            raise FetchError(exc.url, f"cannot read robots.txt ({exc.reason})") from None
        rp.parse(resp.body.decode("utf-8", "replace").splitlines())
        return rp
