"""What every writer and map needs of an event: its properties and point, from an ``Event`` or a mapping.

Only the standard library is imported here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

#: Decimals kept of a coordinate in every output (about 1 m).
COORD_DECIMALS = 5


def event_parts(event: Any) -> tuple[dict, float | None, float | None]:
    """(properties, lat, lon) of an ``Event`` or of a mapping shaped like ``Event.to_dict()``."""
    if hasattr(event, "properties") and callable(event.properties):
        return event.properties(), event.lat, event.lon
    if isinstance(event, Mapping):
        props = {k: v for k, v in event.items() if k not in ("lat", "lon")}
        return props, event.get("lat"), event.get("lon")
    raise TypeError(f"not an event: {type(event).__name__}")


def finite_point(lat: Any, lon: Any) -> tuple[float, float] | None:
    """(lat, lon) as floats when both are finite numbers, else None (rows coming from a DataFrame may carry NaN for
    "unknown")."""
    try:
        point = float(lat), float(lon)
    except (TypeError, ValueError):
        return None
    return point if math.isfinite(point[0]) and math.isfinite(point[1]) else None
