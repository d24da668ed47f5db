"""What ``libya-event-map`` runs (``streamlit run`` on this file): the installed page ``ui/app.py`` served as an
``st.App`` with a warm start (``ui.server``), as ``streamlit run app.py`` serves it in the repository."""

from pathlib import Path

import streamlit as st

from ui.server import warm_start

app = st.App(Path(__file__).resolve().with_name("app.py"), lifespan=warm_start)
