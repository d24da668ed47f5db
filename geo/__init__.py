"""Events on maps: GeoJSON/CSV/GeoPackage export, GeoDataFrames, folium maps, offline map assets.

Importing ``geo`` is light: folium, pandas and geopandas load only when a function needs them.
"""

from __future__ import annotations

from geo.export import csv_text, to_geojson, write_csv, write_geojson, write_gpkg
from geo.frame import distance_km, event_at, to_geodataframe

__all__ = [
    "MapEvents",
    "build_map",
    "csv_text",
    "distance_km",
    "encode_events",
    "event_at",
    "event_id_from_tooltip",
    "install_static",
    "map_parts",
    "packed_payload",
    "to_geodataframe",
    "to_geojson",
    "write_csv",
    "write_geojson",
    "write_gpkg",
]


def __getattr__(name: str):
    if name in ("build_map", "map_parts", "event_id_from_tooltip", "encode_events", "MapEvents", "packed_payload"):
        from geo import maps

        return getattr(maps, name)
    if name == "install_static":
        from geo.assets import install_static

        return install_static
    raise AttributeError(f"module 'geo' has no attribute {name!r}")
