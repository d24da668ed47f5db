"""Libya Event Map dashboard from the repository: ``streamlit run app.py``. The page itself is ``ui/app.py``."""

from pathlib import Path

from ui.app import main

main(Path(__file__).with_name("static"))
