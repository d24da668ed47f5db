"""The dashboard's server start: Streamlit's caches filled before the server answers (``warm_start``).

Streamlit's caches live in the server process and start empty: without a warm start, the first page after a
server start pays the imports (folium, pandas, altair, pyarrow), the store's event index and the map's encoding of
every event, ~3.5 s on a 2-core machine. ``streamlit run app.py`` and the ``libya-event-map`` command serve the page
as an ``st.App`` whose lifespan is ``warm_start``.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from streamlit.logger import get_logger

_LOG = get_logger(__name__)


def warm(static_dir: Path) -> None:
    """Fill the process's caches the first page view reads, with the values a fresh session asks for."""
    for module in ("altair", "pyarrow", "ui.app"):  # the timeline's chart, the table's Arrow, the page (folium, pandas)
        importlib.import_module(module)
    from ui import data

    data.static_assets(str(static_dir))
    db = data.store_key()
    store = data.get_store(db)
    version = data.fresh_version()
    index = data.event_index(db, version, store)
    data.map_events(db, version, index)
    data.event_facets(db, version, index)
    data.get_gazetteer()
    # what is loaded now stays for the server's life: Streamlit collects garbage after every script run
    # (runner.postScriptGC), and a full collection that walks it all cost each run ~0.08 s with 10,000 events
    gc.collect()
    gc.freeze()


@asynccontextmanager
async def warm_start(app: Any) -> AsyncIterator[None]:
    """Lifespan of the dashboard's ``st.App`` (``app``): ``warm`` runs before the server answers (a browser
    that connects meanwhile waits). A failure is left to the page, which says what went wrong (e.g. a store that
    cannot be opened): the server starts anyway."""
    t0 = time.perf_counter()
    try:
        await asyncio.to_thread(warm, Path(app.script_path).resolve().with_name("static"))
    except Exception as exc:  # whatever it is, the page reports it
        _LOG.warning("warm start skipped: %s", str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    else:
        _LOG.info("warm start took %.1f s", time.perf_counter() - t0)
    yield
