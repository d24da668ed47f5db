"""The dashboard's parts (Streamlit): data and caching, sidebar filters, timeline, map panel, table, article view,
the add and review tabs, labels in English and Arabic, and the pure view-model (``ui.views``). ``app.py`` wires
them into the page. Nothing below this layer imports streamlit."""
