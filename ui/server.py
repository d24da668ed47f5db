"""The dashboard's server start: Streamlit's caches filled before the server answers (``warm_start``).

Streamlit's caches live in the server process and start empty: without a warm start, the first page after a
server start pays the imports (folium, pandas, altair, pyarrow), the store's event index and the map's encoding of
every event, ~3.5 s on a 2-core machine. ``streamlit run app.py`` and the ``libya-event-map`` command serve the page
as an ``st.App`` whose lifespan is ``warm_start``.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import importlib
import logging
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from streamlit.logger import get_logger

_LOG = get_logger(__name__)


#: Modules the first page imports: the timeline's chart, the table's Arrow, the page (folium, pandas, sqlalchemy), and
#: Streamlit's emoji table, which ``st.set_page_config`` loads to check the page icon (0.3 s).
IMPORTS = ("altair", "pyarrow", "ui.app", "streamlit.emojis")
#: A new session's language (``ui.sidebar.init_state``): the map of the first page is packed in it.
FIRST_LANG = "en"


def warm(static_dir: Path) -> None:
    """Fill the process's caches the first page view reads, with the values a fresh session asks for."""
    # outside a page Streamlit warns about each cached call and element ("missing ScriptRunContext"): expected here
    with _quiet("streamlit.runtime.scriptrunner_utils.script_run_context"):
        _warm(static_dir)


@contextlib.contextmanager
def _quiet(logger: str) -> Iterator[None]:
    log = logging.getLogger(logger)
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(level)


def _warm(static_dir: Path) -> None:
    import streamlit as st

    for module in IMPORTS:
        with contextlib.suppress(ImportError):  # Streamlit's own modules may move between versions
            importlib.import_module(module)
    from ui import data, map_panel

    data.static_assets(str(static_dir))
    db = data.store_key()
    store = data.get_store(db)
    version = data.fresh_version()
    index = data.event_index(db, version, store)
    data.event_facets(db, version, index)
    data.get_gazetteer()
    # the map of a page without filters: every event (the latest MAP_LIMIT), packed for the page
    view = map_panel.encoded_view(map_panel.on_map(index.events), index, version)
    data.map_payload(db, version, data.view_key(view), FIRST_LANG, None, view)
    # the first element a process draws runs Streamlit's one-time "is this a REPL?" check, which reads the source of
    # every frame on the stack (0.3 s); drawn here, outside any page, it goes nowhere
    st.empty()
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
