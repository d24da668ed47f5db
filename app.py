"""Libya Event Map dashboard from the repository: ``streamlit run app.py``. The page itself is ``ui/app.py``.

``streamlit run`` finds the ``st.App`` below and serves it with a warm start (``ui.server``); the app runs this
file again as its page script, under the name ``__main__``, as AppTest does.
"""

from pathlib import Path

if __name__ == "__main__":
    from ui.app import main

    main(Path(__file__).with_name("static"))
else:
    import streamlit as st

    from ui.server import warm_start

    app = st.App(Path(__file__).resolve(), lifespan=warm_start)
