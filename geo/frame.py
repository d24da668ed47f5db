"""Events as a GeoDataFrame (EPSG:4326) or GeoParquet file, and the event nearest to a clicked point.

geopandas is imported inside ``to_geodataframe`` so that importing ``geo`` stays light.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from gazetteer import haversine_km as distance_km  # one great-circle distance for the whole tool
from geo.parts import COORD_DECIMALS, event_parts, finite_point

#: Integer properties; kept as nullable integers so GeoPackage/QGIS see integer fields.
_INT_COLUMNS = ("time_precision", "geo_precision", "fatalities", "source_count")


def _property_names() -> list[str]:
    try:
        from events.models import Event
    except ImportError:
        return []
    return list(Event(event_id="", event_type="", sub_event_type="").properties())


def to_geodataframe(events: Iterable[Any]):
    """A ``geopandas.GeoDataFrame`` in EPSG:4326: one row per event, the properties as columns.

    List-valued properties (``evidence_spans``) become JSON text; events without coordinates have a
    null geometry. Column order is the CONTRACT §4 order.
    """
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry import Point

    rows, geoms = [], []
    for event in events:
        props, lat, lon = event_parts(event)
        rows.append(
            {
                k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, tuple, dict)) else v
                for k, v in props.items()
            }
        )
        point = finite_point(lat, lon)
        geoms.append(Point(round(point[1], COORD_DECIMALS), round(point[0], COORD_DECIMALS)) if point else None)
    columns = list(rows[0]) if rows else _property_names()
    df = pd.DataFrame(rows, columns=columns)
    for col in df.columns:
        if col in _INT_COLUMNS:
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("Int64")
        elif col == "confidence":
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64")
        else:
            df[col] = df[col].astype("string")
    series = gpd.GeoSeries(geoms, crs="EPSG:4326")  # type: ignore[arg-type]  # None is a missing geometry, as geopandas means it
    return gpd.GeoDataFrame(df, geometry=series, crs="EPSG:4326")


def event_at(events: Sequence[Any], lat: float | None, lng: float | None, *, max_km: float | None = None) -> Any | None:
    """The event nearest to a clicked point (streamlit-folium's ``last_object_clicked``).

    That point is where the mouse was, which at country zoom can be tens of km from the marker's
    centre, hence no distance limit by default. Events sharing a point are tied (the first wins):
    prefer ``geo.event_id_from_tooltip`` (exact), and use this as the fallback.
    """
    if lat is None or lng is None:
        return None
    best, best_d = None, math.inf
    for event in events:
        _, elat, elon = event_parts(event)
        point = finite_point(elat, elon)
        if point is None:
            continue
        d = distance_km(float(lat), float(lng), *point)
        if d < best_d:
            best, best_d = event, d
    if best is None or (max_km is not None and best_d > max_km):
        return None
    return best


def write_geoparquet(events: Iterable[Any], path: str | os.PathLike) -> int:
    """GeoParquet of the events (``to_geodataframe``), moved into place when complete; returns the number of rows."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    gdf = to_geodataframe(events)
    gdf.to_parquet(tmp, index=False)
    os.replace(tmp, path)
    return len(gdf)
