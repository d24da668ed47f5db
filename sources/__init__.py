"""Live sources: news feeds and article links followed over HTTP, ingested like any article.

A pure core (``urls``: canonical links; ``feeds``: feed bytes → entries; ``pages``: HTML bytes → Article or a
reason; ``schedule``: polling and backoff over a recorded clock) under a thin I/O shell (``http``: polite
fetching with robots.txt; ``follow``: fetch and poll into the store). Nothing here is imported eagerly.
"""
