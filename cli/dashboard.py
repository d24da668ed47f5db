"""``libya-event-map [STREAMLIT OPTIONS]``: the dashboard of the installed package, from any folder.

It runs ``streamlit run`` on ``ui/serve.py``, which serves the installed page (``ui/app.py``) with a warm start.
Streamlit reads ``.streamlit/config.toml`` only from the working folder, so the repository's settings travel as flags
(:data:`SETTINGS`, which the tests keep equal to that file); options given on the command line come after them and win
(``--server.port 8502``).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections.abc import Sequence
from pathlib import Path

from base import __version__

#: The repository's ``.streamlit/config.toml`` as ``section.option`` → value: local only, no telemetry, static files
#: served (the offline map's Leaflet assets).
SETTINGS: dict[str, str] = {
    "server.address": "localhost",
    "server.headless": "true",
    "server.enableStaticServing": "true",
    "browser.gatherUsageStats": "false",
    "client.toolbarMode": "viewer",
}


def installed(module: str) -> Path:
    """The file of an installed module of ours, found without importing it (importing ``ui.app`` would load
    streamlit and the whole ui)."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise FileNotFoundError(f"the dashboard's {module.replace('.', '/')}.py is not installed")
    return Path(spec.origin)


def streamlit_argv(script: Path, extra: Sequence[str]) -> list[str]:
    """The ``streamlit`` command line: ``run SCRIPT``, our settings, then the user's options (the last value wins)."""
    return ["run", str(script), *(f"--{k}={v}" for k, v in SETTINGS.items()), *extra]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="libya-event-map",
        description="Start the Libya Event Map dashboard (http://localhost:8501); a fresh store gets the sample "
        "articles. LEM_HOME, LEM_DB, LEM_OFFLINE and LEM_MAP_LIMIT work as for `streamlit run app.py`.",
        epilog="Any other option goes to `streamlit run`, e.g. --server.port 8502.",
        allow_abbrev=False,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _, extra = parser.parse_known_args(argv)
    import geo

    try:
        page, server = installed("ui.app"), installed("ui.serve")
        # copied here rather than on the first page view, so that a read-only installation is one line, not a
        # traceback in the browser
        geo.install_static(page.with_name("static") / "lem")
    except OSError as exc:
        print(f"error: cannot prepare the dashboard's map files: {exc}", file=sys.stderr)
        return 2
    from streamlit.web import cli as streamlit_cli

    streamlit_cli.main(args=streamlit_argv(server, extra), prog_name="libya-event-map")  # exits with its status
    return 0


if __name__ == "__main__":
    sys.exit(main())
