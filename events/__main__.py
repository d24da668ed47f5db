"""``python -m events``: a thin entry point; the commands live in ``cli/events.py`` and ``cli/store.py``."""

import sys

from cli.events import main

sys.exit(main())
