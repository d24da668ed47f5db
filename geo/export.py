"""Events to GeoJSON (RFC 7946), CSV (ACLED column names) and GeoPackage, written atomically.

Only the standard library is imported here; geopandas/pyogrio are imported inside ``write_gpkg``.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from base.files import atomic_write
from geo.frame import to_geodataframe
from geo.parts import COORD_DECIMALS, event_parts, finite_point

COUNTRY = "Libya"

#: CSV columns: ACLED's names first (event_id_cnty, notes... are ACLED's), then the other CONTRACT §4
#: properties. Each entry is (column, property it comes from); None means a computed column.
CSV_COLUMNS: tuple[tuple[str, str | None], ...] = (
    ("event_id_cnty", "event_id"),
    ("event_date", "event_date"),
    ("time_precision", "time_precision"),
    ("event_type", "event_type"),
    ("sub_event_type", "sub_event_type"),
    ("actor1", "actor1"),
    ("actor2", "actor2"),
    ("country", None),
    ("admin1", "admin1"),
    ("location", "location"),
    ("location_ar", "location_ar"),
    ("latitude", None),
    ("longitude", None),
    ("geo_precision", "geo_precision"),
    ("source", "source"),
    ("notes", "evidence"),
    ("fatalities", "fatalities"),
    ("event_id", "event_id"),
    ("place_id", "place_id"),
    ("doc_id", "doc_id"),
    ("url", "url"),
    ("confidence", "confidence"),
    ("evidence", "evidence"),
    ("source_count", "source_count"),
    ("fatalities_note", "fatalities_note"),
)
_CSV_NAMES = tuple(c for c, _ in CSV_COLUMNS)
_CSV_PROPS = frozenset(p for _, p in CSV_COLUMNS if p)
#: A spreadsheet treats a cell starting with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
#: Line breaks other than LF that spreadsheets (or Python's splitlines) treat as a row end: made LF, which the
#: CSV writer always quotes, so no field can split a row or put a cell at a row start.
_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _point(lat: float, lon: float) -> dict:
    return {"type": "Point", "coordinates": [round(float(lon), COORD_DECIMALS), round(float(lat), COORD_DECIMALS)]}


def to_feature(event: Any) -> dict:
    """One RFC 7946 Feature; geometry is null when the event has no coordinates."""
    props, lat, lon = event_parts(event)
    point = finite_point(lat, lon)
    return {
        "type": "Feature",
        "id": props.get("event_id"),
        "geometry": _point(*point) if point else None,
        "properties": props,
    }


def to_geojson(events: Iterable[Any]) -> dict:
    """RFC 7946 FeatureCollection (no ``crs``; ``[lon, lat]`` in WGS 84), one Feature per event."""
    return {"type": "FeatureCollection", "features": [to_feature(e) for e in events]}


# --------------------------------------------------------------------------- atomic writing


@contextlib.contextmanager
def _text_output(path: str | os.PathLike) -> Iterator[Any]:
    """``-`` is standard output; anything else an atomically replaced UTF-8 file."""
    if str(path) == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    with atomic_write(path, "w", newline="") as f:
        yield f


# --------------------------------------------------------------------------- GeoJSON


def event_dicts(events, notes: dict[str, tuple[str, bool]] | None = None, *, rejected: bool = False) -> list[dict]:
    """``Event.to_dict()`` of each event; with ``notes`` (``Store.correction_notes()``) also ``corrections``
    (who changed what, when; null when none) and, with ``rejected``, whether an analyst rejected it.
    One function for ``python -m events export`` and the dashboard's downloads, so both carry the same fields.
    """
    out = []
    for ev in events:
        d = ev.to_dict()
        if notes is not None:
            note, is_rejected = notes.get(ev.event_id, (None, False))
            d["corrections"] = note
            if rejected:
                d["rejected"] = is_rejected
        out.append(d)
    return out


def write_geojson(events: Iterable[Any], path: str | os.PathLike) -> int:
    """Write the FeatureCollection (one Feature per line, UTF-8); returns the number of features."""
    n = 0
    with _text_output(path) as f:
        f.write('{"type": "FeatureCollection", "features": [\n')
        for event in events:
            f.write(",\n" if n else "")
            f.write(json.dumps(to_feature(event), ensure_ascii=False))
            n += 1
        f.write("\n]}\n")
    return n


# --------------------------------------------------------------------------- CSV


def _cell(value: Any) -> Any:
    """CSV cell: None empty, lists/dicts as JSON, formula-looking text defused with a leading '."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str):
        value = _BREAKS.sub("\n", value)
        if value.startswith(_FORMULA_START):
            return "'" + value
    return value


def csv_row(event: Any, extra: tuple[str, ...] = ()) -> list:
    """One CSV row in ``CSV_COLUMNS`` order, followed by the ``extra`` properties."""
    props, lat, lon = event_parts(event)
    point = finite_point(lat, lon)
    computed = {
        "country": COUNTRY,
        "latitude": round(point[0], COORD_DECIMALS) if point else None,
        "longitude": round(point[1], COORD_DECIMALS) if point else None,
    }
    row = [_cell(props.get(p) if p else computed[c]) for c, p in CSV_COLUMNS]
    row.extend(_cell(props.get(k)) for k in extra)
    return row


def csv_extra_columns(first: Any) -> tuple[str, ...]:
    """Properties beyond ``CSV_COLUMNS`` (extensions), in the event's own order."""
    props, _, _ = event_parts(first)
    return tuple(k for k in props if k not in _CSV_PROPS and k not in _CSV_NAMES)


def _write_csv_rows(f: Any, events: Iterable[Any]) -> int:
    it = iter(events)
    first = next(it, None)
    extra = csv_extra_columns(first) if first is not None else _default_extra()
    w = csv.writer(f, lineterminator="\n")
    w.writerow(_CSV_NAMES + extra)
    if first is None:
        return 0
    w.writerow(csv_row(first, extra))
    n = 1
    for event in it:
        w.writerow(csv_row(event, extra))
        n += 1
    return n


def _default_extra() -> tuple[str, ...]:
    try:
        from events.models import Event
    except ImportError:
        return ()
    return csv_extra_columns(Event(event_id="", event_type="", sub_event_type=""))


def write_csv(events: Iterable[Any], path: str | os.PathLike) -> int:
    """One row per event with ACLED column names (plain UTF-8); returns the number of rows."""
    with _text_output(path) as f:
        return _write_csv_rows(f, events)


def csv_text(events: Iterable[Any]) -> str:
    """The CSV export as a string (for a download button)."""
    buf = io.StringIO()
    _write_csv_rows(buf, events)
    return buf.getvalue()


# --------------------------------------------------------------------------- GeoPackage


def write_gpkg(events: Iterable[Any], path: str | os.PathLike, *, layer: str = "events") -> int:
    """GeoPackage (EPSG:4326 points, layer ``events``) via pyogrio; returns the number of rows."""
    gdf = to_geodataframe(events)
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".gpkg", dir=path.parent or ".")
    os.close(fd)
    try:
        os.unlink(tmp)  # GDAL creates the file itself
        gdf.to_file(tmp, layer=layer, driver="GPKG", engine="pyogrio", geometry_type="Point")
        os.replace(tmp, path)
    except BaseException:
        for leftover in (tmp, tmp + "-journal", tmp + "-wal", tmp + "-shm"):
            with contextlib.suppress(OSError):
                os.unlink(leftover)
        raise
    return len(gdf)
