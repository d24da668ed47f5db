"""``python -m gazetteer``: a thin entry point; the commands live in ``cli/gazetteer.py``."""

import sys

from cli.gazetteer import main

if __name__ == "__main__":
    sys.exit(main())
