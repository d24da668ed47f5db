"""Offline map assets: Leaflet & co. from pip-installed XStatic packages and folium's own heat-map JS.

Nothing third-party is committed to the repo: ``install_static`` copies the files out of the installed
packages into a folder the dashboard serves (Streamlit ``server.enableStaticServing``), and
``build_map(offline=True)`` points every script and stylesheet at that folder.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Asset:
    """One file or folder to serve: ``dest`` below the static folder, taken from ``package``'s data."""

    dest: str
    package: str  # importable module whose BASE_DIR (XStatic) or folder (folium) holds the file
    src: str

    def source(self) -> Path:
        mod = importlib.import_module(self.package)
        base = getattr(mod, "BASE_DIR", None) or os.path.dirname(str(mod.__file__))
        return Path(base) / self.src


ASSETS: tuple[Asset, ...] = (
    Asset("leaflet/leaflet.js", "xstatic.pkg.leaflet", "leaflet.js"),
    Asset("leaflet/leaflet.css", "xstatic.pkg.leaflet", "leaflet.css"),
    Asset("leaflet/images", "xstatic.pkg.leaflet", "images"),
    Asset("markercluster/leaflet.markercluster.js", "xstatic.pkg.leaflet_markercluster", "leaflet.markercluster.js"),
    Asset("markercluster/MarkerCluster.css", "xstatic.pkg.leaflet_markercluster", "MarkerCluster.css"),
    Asset("markercluster/MarkerCluster.Default.css", "xstatic.pkg.leaflet_markercluster", "MarkerCluster.Default.css"),
    Asset("jquery/jquery.min.js", "xstatic.pkg.jquery", "jquery.min.js"),
    Asset("fontawesome/css/all.min.css", "xstatic.pkg.font_awesome", "css/all.min.css"),
    Asset("fontawesome/webfonts", "xstatic.pkg.font_awesome", "webfonts"),
    Asset("heat/leaflet_heat.min.js", "folium", "templates/leaflet_heat.min.js"),
)

#: folium resource names (their ``default_js``/``default_css`` keys) mapped to our files.
JS = {
    "leaflet": "leaflet/leaflet.js",
    "jquery": "jquery/jquery.min.js",
    "markerclusterjs": "markercluster/leaflet.markercluster.js",
    "leaflet-heat.js": "heat/leaflet_heat.min.js",
}
CSS = {
    "leaflet_css": "leaflet/leaflet.css",
    "awesome_markers_font_css": "fontawesome/css/all.min.css",
    "markerclustercss": "markercluster/MarkerCluster.css",
    "markerclusterdefaultcss": "markercluster/MarkerCluster.Default.css",
}
LEAFLET_IMAGES = "leaflet/images/"


def asset_files() -> list[tuple[str, Path]]:
    """Every file to serve as (path below the static folder, source file)."""
    out: list[tuple[str, Path]] = []
    for a in ASSETS:
        src = a.source()
        if src.is_dir():
            out.extend((f"{a.dest}/{p.relative_to(src).as_posix()}", p) for p in sorted(src.rglob("*")) if p.is_file())
        else:
            out.append((a.dest, src))
    return out


def _copy_atomic(src: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", dir=dest.parent)
    os.close(fd)
    try:
        shutil.copyfile(src, tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, dest)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def install_static(static_dir: Path | str) -> Path:
    """Copy the map's JS/CSS/fonts/images into ``static_dir`` (idempotent, safe to call per rerun).

    Files are copied, not linked: Streamlit refuses to serve symlinks that leave its static folder.
    Raises FileNotFoundError naming the missing package file when an XStatic package is absent.
    """
    static_dir = Path(static_dir)
    for rel, src in asset_files():
        if not src.is_file():
            raise FileNotFoundError(f"map asset missing from the installed packages: {src}")
        dest = static_dir / rel
        if dest.is_file() and dest.stat().st_size == src.stat().st_size:
            continue
        _copy_atomic(src, dest)
    return static_dir
