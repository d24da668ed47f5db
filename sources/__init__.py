"""Live sources: news feeds and article links followed over HTTP, ingested like any article.

A pure core (``urls``: canonical links; ``feeds``: feed bytes → entries; ``pages``: HTML bytes → Article or a
reason; ``schedule``: polling and backoff over a recorded clock) under a thin I/O shell (``http``: polite
fetching with robots.txt; ``follow``: fetch and poll into the store). Nothing here is imported eagerly.
"""

import importlib.util

#: The third-party modules live sources use, installed by the ``feeds`` extra.
FEEDS_MODULES = ("trafilatura", "lxml_html_clean", "feedparser")
FEEDS_INSTALL = "pip install 'libya-event-map[feeds]'"


def missing_modules() -> list[str]:
    """The modules of the ``feeds`` extra that are not installed (found without importing them: trafilatura is slow)."""
    return [m for m in FEEDS_MODULES if importlib.util.find_spec(m) is None]
