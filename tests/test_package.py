"""The installable package: every data file the code reads ships in the wheel, and the ``libya-event-map`` console
command starts the dashboard from a folder that is not the repository.

Building and installing the wheel itself is checked by hand (README "Install as a package"); these tests catch what
would break it: a data file or a package the packaging config leaves out, and settings the console command loses.
"""

from __future__ import annotations

import tomllib
import urllib.request

import pytest

from base import __version__
from cli.dashboard import SETTINGS, main, streamlit_argv
from tests.common import ROOT, dashboard

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
#: Made at run time inside a package folder, never shipped: byte code, and the map files copied beside the page.
GENERATED = ("__pycache__", "static")


def _packages() -> list[str]:
    return PYPROJECT["tool"]["setuptools"]["packages"]["find"]["include"]


def test_every_top_level_package_is_packaged():
    on_disk = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests"}
    assert set(_packages()) == on_disk


@pytest.mark.parametrize("package", _packages())
def test_every_data_file_of_a_package_is_package_data(package):
    folder = ROOT / package
    patterns = PYPROJECT["tool"]["setuptools"]["package-data"].get(package, [])
    shipped = {p for pattern in patterns for p in folder.glob(pattern) if p.is_file()}
    data = {
        p
        for p in folder.rglob("*")
        if p.is_file() and p.suffix != ".py" and not set(p.relative_to(folder).parts) & set(GENERATED)
    }
    missing = sorted(str(p.relative_to(ROOT)) for p in data - shipped)
    assert not missing, f"not in [tool.setuptools.package-data] {package}: {missing}"


def test_console_command_settings_are_the_repository_streamlit_config():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    flat = {
        f"{section}.{key}": str(value).lower() if isinstance(value, bool) else str(value)
        for section, options in config.items()
        for key, value in options.items()
    }
    assert flat == SETTINGS


def test_the_users_options_come_after_the_settings(tmp_path):
    argv = streamlit_argv(tmp_path / "app.py", ["--server.address", "0.0.0.0"])
    assert argv[:2] == ["run", str(tmp_path / "app.py")]
    assert argv.index("--server.address=localhost") < argv.index("--server.address") == len(argv) - 2


def test_version_is_the_one_in_base(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.split() == ["libya-event-map", __version__]


def test_console_command_serves_the_dashboard_and_its_map_files_from_another_folder(tmp_path):
    assert PYPROJECT["project"]["scripts"]["libya-event-map"] == "cli.dashboard:main"
    with dashboard(tmp_path, tmp_path / "events.sqlite", console=True) as port:
        base = f"http://127.0.0.1:{port}"
        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=30) as r:
            assert r.read() == b"ok"
        # served only with server.enableStaticServing, which no config file in tmp_path turns on
        with urllib.request.urlopen(f"{base}/app/static/lem/leaflet/leaflet.js", timeout=30) as r:
            assert r.status == 200
            assert b"Leaflet" in r.read(2000)


def test_the_server_answers_once_its_warm_start_is_done(tmp_path):
    """The page's caches (store, event index, map rows) are filled before the server answers, so the first page after
    a start is as quick as any; a fresh store gets the sample articles then."""
    with dashboard(tmp_path, tmp_path / "events.sqlite") as port:
        assert "warm start took" in (tmp_path / "server.log").read_text(errors="replace")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=30) as r:
            assert r.read() == b"ok"


def test_a_store_that_cannot_be_opened_leaves_the_warm_start_to_the_page(tmp_path):
    """The server starts anyway and logs one line; the page then says what is wrong (tests/test_app.py)."""
    bad = tmp_path / "events.sqlite"
    bad.write_bytes(b"this is not a database\n" * 100)
    with dashboard(tmp_path, bad) as port, urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health") as r:
        assert r.read() == b"ok"
    log = (tmp_path / "server.log").read_text(errors="replace")
    assert [line for line in log.splitlines() if "warm start skipped: " in line and "not a database" in line]
    assert "Traceback" not in log
