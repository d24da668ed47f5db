"""GeoJSON / CSV / GeoPackage export of events (CONTRACT §4), read back with independent readers."""

from __future__ import annotations

import csv
import io
import json
import math

import pytest

import geo
from events.models import EVENT_PROPERTIES, Event

HOSTILE = 'مصدر: <script>alert(1)</script> و <img src=x onerror=alert(1)> "اقتباس" & co'


def _events() -> list[Event]:
    return [
        Event(
            event_id="ev-watiya",
            event_type="Explosions/Remote violence",
            sub_event_type="Air/drone strike",
            event_date="2020-05-18",
            time_precision=1,
            actor1="Government of National Accord",
            actor2="Libyan National Army",
            location="Al-Watiya Air Base",
            location_ar="قاعدة الوطية",
            admin1="Nuqat al Khams",
            place_id="watiya_airbase",
            geo_precision=1,
            lat=32.4736123,
            lon=11.8978456,
            fatalities=0,
            evidence="شنت طائرات مسيرة غارات على قاعدة الوطية الجوية.",
            doc_id="doc-1",
            source="Libya Observer",
            url="https://www.libyaobserver.ly/news/x",
            confidence=0.82,
            evidence_spans=((10, 55),),
        ),
        Event(
            event_id="ev-ainzara",
            event_type="Battles",
            sub_event_type="Armed clash",
            event_date="2019-04-20",
            time_precision=2,
            actor1="Libyan National Army",
            actor2="Government of National Accord",
            location="Ain Zara",
            location_ar="عين زارة",
            admin1="Tripoli",
            place_id="ain_zara",
            geo_precision=2,
            lat=32.8019,
            lon=13.2386,
            fatalities=4,
            evidence="=SUM(A1) اشتباكات عنيفة جنوب عين زارة " + HOSTILE,
            doc_id="doc-2",
            source="-Al Wasat",
            url="javascript:alert(1)",
            confidence=0.6,
            fatalities_note="4 to 6 reported",
            source_count=2,
        ),
        Event(
            event_id="ev-misrata",
            event_type="Protests",
            sub_event_type="Peaceful protest",
            event_date=None,
            location="Misrata",
            location_ar="مصراتة",
            admin1="Misrata",
            place_id="misrata",
            lat=32.3754,
            lon=15.0925,
            evidence="تظاهر العشرات في مصراتة",
            doc_id="doc-3",
            source="@source",
            confidence=0.5,
        ),
        Event(
            event_id="ev-nowhere",
            event_type="Strategic developments",
            sub_event_type="Agreement",
            evidence="اتفاق دون مكان محدد",
            doc_id="doc-4",
        ),
    ]


def test_to_geojson_structure_and_order():
    events = _events()
    fc = geo.to_geojson(events)
    assert fc["type"] == "FeatureCollection"
    assert "crs" not in fc
    assert [f["id"] for f in fc["features"]] == [e.event_id for e in events]
    watiya = fc["features"][0]
    assert watiya["type"] == "Feature"
    assert watiya["geometry"] == {"type": "Point", "coordinates": [11.89785, 32.47361]}
    lon, lat = fc["features"][2]["geometry"]["coordinates"]
    assert (lon, lat) == (15.0925, 32.3754)  # [lon, lat], not [lat, lon]
    assert 9 < lon < 26 and 19 < lat < 34  # inside Libya's bounding box
    props = watiya["properties"]
    assert list(props)[: len(EVENT_PROPERTIES)] == list(EVENT_PROPERTIES)
    assert props["event_type"] == "Explosions/Remote violence"
    assert props["location_ar"] == "قاعدة الوطية"
    assert props["evidence_spans"] == [[10, 55]]
    assert fc["features"][3]["geometry"] is None
    assert fc["features"][3]["properties"]["event_id"] == "ev-nowhere"
    assert fc["features"][1]["properties"]["evidence"] == events[1].evidence  # text kept verbatim
    json.dumps(fc, allow_nan=False)  # strict JSON: no NaN sneaks in


def test_write_geojson_round_trip_with_pyogrio(tmp_path):
    pyogrio = pytest.importorskip("pyogrio")
    events = _events()
    path = tmp_path / "events.geojson"
    assert geo.write_geojson(events, path) == 4
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw == json.loads(json.dumps(geo.to_geojson(events)))
    df = pyogrio.read_dataframe(path)
    assert list(df["event_id"]) == [e.event_id for e in events]
    assert list(df["location_ar"][:3]) == ["قاعدة الوطية", "عين زارة", "مصراتة"]
    assert list(df["fatalities"]) == [0, 4, 0, 0]
    assert df["evidence"][1] == events[1].evidence
    assert df.geometry[2].x == pytest.approx(15.0925) and df.geometry[2].y == pytest.approx(32.3754)
    assert df.geometry[3] is None
    assert df.crs.to_epsg() == 4326


def test_write_csv_columns_and_round_trip(tmp_path):
    events = _events()
    path = tmp_path / "events.csv"
    assert geo.write_csv(events, path) == 4
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")  # plain UTF-8, no BOM
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    header = list(rows[0])
    assert header[:17] == [
        "event_id_cnty",
        "event_date",
        "time_precision",
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "country",
        "admin1",
        "location",
        "location_ar",
        "latitude",
        "longitude",
        "geo_precision",
        "source",
        "notes",
        "fatalities",
    ]
    for name in ("event_id", "place_id", "doc_id", "url", "confidence", "evidence", "source_count", "fatalities_note"):
        assert name in header
    assert len(rows) == 4
    w, a, m, n = rows
    assert w["event_id_cnty"] == w["event_id"] == "ev-watiya"
    assert w["country"] == "Libya"
    assert (float(w["latitude"]), float(w["longitude"])) == (32.47361, 11.89785)
    assert w["notes"] == w["evidence"] == events[0].evidence
    assert w["url"] == "https://www.libyaobserver.ly/news/x"
    assert json.loads(w["evidence_spans"]) == [[10, 55]]
    assert a["fatalities"] == "4" and a["fatalities_note"] == "4 to 6 reported"
    # csv injection: text cells starting with = + - @ are defused, the rest of the text is intact
    assert a["notes"] == "'" + events[1].evidence
    assert a["source"] == "'-Al Wasat"
    assert m["source"] == "'@source"
    assert m["event_date"] == ""
    assert n["latitude"] == n["longitude"] == ""


def test_write_csv_empty_has_header(tmp_path):
    path = tmp_path / "none.csv"
    assert geo.write_csv([], path) == 0
    header = path.read_text(encoding="utf-8").splitlines()
    assert len(header) == 1 and header[0].startswith("event_id_cnty,event_date,")


def test_write_gpkg_round_trip(tmp_path):
    pyogrio = pytest.importorskip("pyogrio")
    events = _events()
    path = tmp_path / "events.gpkg"
    assert geo.write_gpkg(events, path) == 4
    info = pyogrio.read_info(path, layer="events")
    assert info["crs"] == "EPSG:4326" and info["geometry_type"] == "Point"
    assert info["features"] == 4
    df = pyogrio.read_dataframe(path, layer="events")
    assert list(df["event_id"]) == [e.event_id for e in events]
    assert list(df["fatalities"]) == [0, 4, 0, 0]
    assert df["evidence"][1] == events[1].evidence
    assert df["location_ar"][0] == "قاعدة الوطية"
    assert math.isclose(df.geometry[0].x, 11.89785) and math.isclose(df.geometry[0].y, 32.47361)
    assert df.geometry[3] is None
    assert [p.name for p in tmp_path.iterdir()] == ["events.gpkg"]


def test_geodataframe_crs_and_types():
    gdf = geo.to_geodataframe(_events())
    assert gdf.crs.to_epsg() == 4326
    assert list(gdf.columns[: len(EVENT_PROPERTIES)]) == list(EVENT_PROPERTIES)
    assert gdf["fatalities"].sum() == 4
    assert gdf.geometry.isna().tolist() == [False, False, False, True]
    empty = geo.to_geodataframe([])
    assert len(empty) == 0 and "event_id" in empty.columns and empty.crs.to_epsg() == 4326


def _failing(events, after):
    for i, e in enumerate(events):
        if i == after:
            raise RuntimeError("reader failed mid-way")
        yield e


@pytest.mark.parametrize("writer,name", [(geo.write_geojson, "out.geojson"), (geo.write_csv, "out.csv")])
def test_atomic_write_leaves_nothing_on_error(tmp_path, writer, name):
    path = tmp_path / name
    with pytest.raises(RuntimeError):
        writer(_failing(_events(), after=2), path)
    assert list(tmp_path.iterdir()) == []
    # an existing file is left untouched by a failed rewrite
    writer(_events()[:1], path)
    before = path.read_bytes()
    with pytest.raises(RuntimeError):
        writer(_failing(_events(), after=3), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_stdout_dash(capsys):
    geo.write_geojson(_events()[:2], "-")
    out = capsys.readouterr().out
    assert [f["id"] for f in json.loads(out)["features"]] == ["ev-watiya", "ev-ainzara"]
    geo.write_csv(_events()[:1], "-")
    out = capsys.readouterr().out
    assert out.splitlines()[1].startswith("ev-watiya,2020-05-18,1,Explosions/Remote violence,")


def test_event_at_nearest_click():
    events = _events()
    assert geo.event_at(events, 32.80, 13.24).event_id == "ev-ainzara"
    assert geo.event_at(events, 32.3754, 15.0925).event_id == "ev-misrata"
    assert geo.event_at(events, 25.0, 20.0, max_km=5) is None  # desert: nothing within 5 km
    assert geo.event_at(events, 25.0, 20.0).event_id == "ev-misrata"  # nearest, no limit
    assert geo.event_at(events, None, None) is None


def test_mapping_rows_with_nan_coordinates_have_null_geometry():
    row = {**_events()[2].to_dict(), "lat": float("nan"), "lon": float("nan")}
    fc = geo.to_geojson([row, _events()[0].to_dict()])
    assert fc["features"][0]["geometry"] is None
    assert fc["features"][1]["geometry"]["coordinates"] == [11.89785, 32.47361]
    assert "lat" not in fc["features"][1]["properties"]
    json.dumps(fc, allow_nan=False)
