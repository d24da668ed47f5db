"""When to poll a feed next, as pure functions over times the caller records (seconds since the epoch).

A feed that answered is polled again ``every`` seconds later; one that failed ``k`` times in a row waits
``every × 2^k`` (capped at a day), so a broken site is asked less and less often and never hammered.
"""

from __future__ import annotations

import re

#: The longest a failing feed waits between attempts.
MAX_BACKOFF_S = 24 * 3600
#: Shortest polling interval accepted: feeds are not chat.
MIN_EVERY_S = 60
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_every(text: str) -> int:
    """Seconds in ``15m``, ``1h``, ``90s``, ``1d`` or a bare number of minutes; ValueError with the reason."""
    m = re.fullmatch(r"\s*(\d+)\s*([smhd]?)\s*", text or "", re.IGNORECASE)
    if not m:
        raise ValueError(f"{text!r} is not an interval like 15m, 1h or 1d")
    seconds = int(m.group(1)) * _UNITS[(m.group(2) or "m").lower()]
    if seconds < MIN_EVERY_S:
        raise ValueError(f"{text!r} is shorter than the {MIN_EVERY_S} s minimum")
    return seconds


def backoff(failures: int, every: float) -> float:
    """Wait before the next attempt after ``failures`` consecutive failures (0: the normal interval)."""
    if failures <= 0:
        return float(every)
    return float(min(MAX_BACKOFF_S, every * 2 ** min(failures, 32)))


def next_poll(now: float, every: float, *, failures: int = 0) -> float:
    """When a feed polled at ``now`` (ending with ``failures`` consecutive failures) is due again."""
    return now + backoff(failures, every)


def due(feeds, now: float) -> list:
    """The feeds (objects with ``next_poll``, None for never polled) due at ``now``, the most overdue first."""
    ready = [f for f in feeds if f.next_poll is None or f.next_poll <= now]
    return sorted(ready, key=lambda f: (f.next_poll or 0.0, f.url))


class HostPacer:
    """One request at a time per host, at least ``gap`` seconds apart: how long to wait before the next one."""

    def __init__(self, gap: float):
        self.gap = gap
        self.last: dict[str, float] = {}

    def wait(self, host: str, now: float) -> float:
        """Seconds to wait before asking ``host`` at ``now`` (0 when it may be asked at once)."""
        last = self.last.get(host)
        return 0.0 if last is None else max(0.0, last + self.gap - now)

    def done(self, host: str, now: float) -> None:
        """Record that a request to ``host`` finished at ``now``."""
        self.last[host] = now
