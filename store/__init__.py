"""The event store (SQLite or PostgreSQL through SQLAlchemy): idempotent ingest, cross-source deduplication,
analysts' corrections, and the local (``Store.ingest``) and Dask (``store.engines``) ingest engines."""

from .db import IngestReport, Store, open_store
from .errors import StoreError

__all__ = ["IngestReport", "Store", "StoreError", "open_store"]
