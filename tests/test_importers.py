"""Importers: GeoNames dumps and Overpass JSON into the user gazetteer, on the shared reference dumps."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import gazetteer
from gazetteer import core
from gazetteer.importers import (
    DumpError,
    ReadStats,
    import_into_user_gazetteer,
    is_arabic_name,
    merge,
    read_geonames,
    read_osm,
)
from gazetteer.models import KINDS
from gazetteer.normalize import normalize

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GEONAMES = SHARED / "reference" / "geonames" / "cities15000_LY.txt"
ADMIN1 = SHARED / "reference" / "geonames" / "admin1CodesASCII_LY.txt"
OSM = SHARED / "reference" / "osm" / "libya_osm_places_overpass.json"
needs_reference = pytest.mark.skipif(
    not (GEONAMES.exists() and OSM.exists()),
    reason="../shared/reference (GeoNames and OSM dumps) is absent: importer tests on real dumps skipped",
)
needs_shipped = pytest.mark.skipif(not core.SHIPPED.exists(), reason="gazetteer/data/places.csv not written yet")

GEONAMES_HEADER = [
    "geonameid",
    "name",
    "asciiname",
    "alternatenames",
    "latitude",
    "longitude",
    "feature_class",
    "feature_code",
    "country_code",
    "cc2",
    "admin1",
    "admin2",
    "admin3",
    "admin4",
    "population",
    "elevation",
    "dem",
    "timezone",
    "modified",
]


def geonames_row(gid, name, alternates, lat, lon, fclass, fcode, admin1="", population="0") -> str:
    cols = [
        str(gid),
        name,
        name,
        ",".join(alternates),
        str(lat),
        str(lon),
        fclass,
        fcode,
        "LY",
        "",
        admin1,
        "",
        "",
        "",
        population,
        "",
        "10",
        "Africa/Tripoli",
        "2024-01-01",
    ]
    assert len(cols) == len(GEONAMES_HEADER)
    return "\t".join(cols)


@pytest.fixture(scope="module")
def geonames_places():
    stats = ReadStats()
    return list(read_geonames(GEONAMES, stats=stats)), stats


@pytest.fixture(scope="module")
def osm_places():
    stats = ReadStats()
    return list(read_osm(OSM, stats=stats)), stats


@pytest.fixture(scope="module")
def shipped():
    return gazetteer.read_places(core.SHIPPED)


def by_id(places, place_id):
    found = [p for p in places if p.place_id == place_id]
    assert found, f"{place_id} not read"
    return found[0]


# ------------------------------------------------------------------------------------------- readers


@needs_reference
def test_geonames_dump_rows_and_known_city(geonames_places):
    places, stats = geonames_places
    assert stats.rows == 59
    assert len(places) + stats.n_skipped == 59
    assert set(stats.skipped) == {"no Arabic name"}
    assert len(places) >= 40
    misrata = by_id(places, "gn-2214846")
    assert misrata.name_ar == "مصراتة" and misrata.name_en == "Misratah"
    assert (misrata.lat, misrata.lon) == pytest.approx((32.37535, 15.09254))
    assert misrata.kind == "city" and misrata.admin1 == "Misrata" and misrata.source == "geonames:2214846"
    assert "Misurata" in misrata.alt_names
    tripoli = by_id(places, "gn-2210247")
    assert tripoli.kind == "city" and tripoli.admin1 == "Tripoli" and tripoli.population > 1_000_000
    for p in places:
        assert p.kind in KINDS and p.country == "LY" and is_arabic_name(p.name_ar)
        assert 19 <= p.lat <= 34 and 9 <= p.lon <= 25.5
        assert not any(c in n for n in p.names for c in "پچژگیک"), p  # Persian spellings are not Arabic names
        assert all(n.strip() == n and "|" not in n for n in p.alt_names)


@needs_reference
def test_geonames_arabic_name_skips_persian_and_invisible_marks(geonames_places):
    places, _ = geonames_places
    benghazi = by_id(places, "gn-88319")
    assert normalize(benghazi.name_ar) == normalize("بنغازي")
    zintan = by_id(places, "gn-2218963")
    assert zintan.name_ar == "الزنتان"  # the dump spells it with a left-to-right mark after the name
    # IATA codes and lower-case transliterations are not kept as names to match in English text
    tobruk = by_id(places, "gn-81302")
    assert "TOB" not in tobruk.alt_names and "tbrq" not in tobruk.alt_names and "Tubruq" in tobruk.alt_names


@needs_reference
def test_geonames_admin1_file_overrides_builtin_names():
    from gazetteer.importers import read_admin1_codes

    codes = read_admin1_codes(ADMIN1)
    assert codes["LY.72"] == "Misratah" and len(codes) == 22
    places = {p.place_id: p for p in read_geonames(GEONAMES, admin1=codes)}
    assert places["gn-2214846"].admin1 == "Misratah"
    builtin = read_admin1_codes()
    assert set(builtin) == set(codes)  # the shipped table covers every GeoNames district code of Libya


def test_geonames_feature_kinds(tmp_path):
    dump = tmp_path / "LY.txt"
    dump.write_text(
        "\n".join(
            [
                geonames_row(
                    1, "Al Watiyah Airbase", ["Okba Ibn Nafa", "قاعدة الوطية"], 32.48, 11.90, "S", "AIRB", "80"
                ),
                geonames_row(2, "Mitiga", ["مطار معيتيقة"], 32.89, 13.28, "S", "AIRP", "77"),
                geonames_row(3, "Sha`biyat Misratah", ["شعبية مصراتة"], 31.5, 15.2, "A", "ADM1", "72"),
                geonames_row(4, "Jabal Akakus", ["جبال أكاكوس"], 25.0, 10.5, "T", "MTS", "71"),
                geonames_row(5, "Qaryat Kabir", ["قرية كبیر"], 31.0, 14.0, "P", "PPL", "72", "900"),
                geonames_row(6, "Ash Shwayrif", ["الشويرف"], 29.99, 14.26, "P", "PPL", "84", "6000"),
                geonames_row(7, "Old Site", ["الموقع القديم"], 30.0, 14.0, "P", "PPLQ", "84"),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    stats = ReadStats()
    places = {p.place_id: p for p in read_geonames(dump, stats=stats)}
    assert places["gn-1"].kind == "airbase" and places["gn-1"].name_ar == "قاعدة الوطية"
    assert places["gn-2"].kind == "airport" and places["gn-2"].admin1 == "Tripoli"
    assert places["gn-3"].kind == "district" and places["gn-3"].admin1 == "Misrata"
    assert places["gn-6"].kind == "town" and not places["gn-6"].context_required
    assert set(places) == {"gn-1", "gn-2", "gn-3", "gn-6"}
    assert stats.skipped == {"feature T.MTS": 1, "no Arabic name": 1, "feature P.PPLQ": 1}


@needs_reference
def test_osm_dump_counts_and_known_places(osm_places):
    places, stats = osm_places
    assert stats.rows == 910
    assert len(places) + stats.n_skipped == 910
    assert stats.skipped["no Arabic name"] >= 100
    with_name_ar = sum(1 for e in json.loads(OSM.read_text(encoding="utf-8"))["elements"] if "name:ar" in e["tags"])
    assert with_name_ar <= len(places) <= 910 - 100  # Arabic `name` without name:ar also counts
    ghat = by_id(places, "osm-260714409")
    assert ghat.name_ar == "غات" and ghat.name_en == "Ghat" and ghat.kind == "city"
    assert (ghat.lat, ghat.lon) == pytest.approx((24.9626299, 10.1797167))
    assert ghat.population == 22000 and ghat.source == "osm:node/260714409"
    misrata = by_id(places, "osm-5431087789")
    assert misrata.name_ar == "مصراتة" and {"Misurata", "Misratah"} <= set(misrata.alt_names)
    kinds = {p.kind for p in places}
    assert kinds == {"city", "town", "village"}  # hamlets are villages
    villages = [p for p in places if p.kind == "village"]
    assert sum(p.context_required for p in villages) >= len(villages) - 5  # bare village names need a cue
    for p in places:
        assert is_arabic_name(p.name_ar) and p.name_en and p.place_id.startswith("osm-")


def test_osm_ways_military_and_skips(tmp_path):
    doc = {
        "elements": [
            {
                "type": "way",
                "id": 11,
                "center": {"lat": 32.49, "lon": 11.89},
                "tags": {
                    "aeroway": "aerodrome",
                    "military": "airfield",
                    "name": "قاعدة الوطية الجوية",
                    "name:en": "Al-Watiya",
                },
            },
            {
                "type": "node",
                "id": 12,
                "lat": 32.89,
                "lon": 13.28,
                "tags": {"aeroway": "aerodrome", "name:ar": "مطار معيتيقة", "alt_name:ar": "معيتيقة;مطار امعيتيقة"},
            },
            {"type": "relation", "id": 13, "tags": {"place": "town", "name": "بلدة"}},
            {"type": "node", "id": 14, "lat": 31.0, "lon": 14.0, "tags": {"shop": "bakery", "name": "مخبز"}},
            {"type": "node", "id": 15, "lat": 31.0, "lon": 14.0, "tags": {"place": "village", "name": "Bir Ghanam"}},
            {"type": "node", "id": 16, "lat": 36.8, "lon": 10.2, "tags": {"place": "city", "name": "تونس"}},
        ]
    }
    path = tmp_path / "x.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    stats = ReadStats()
    places = {p.place_id: p for p in read_osm(path, stats=stats)}
    assert set(places) == {"osm-w11", "osm-12"}
    assert places["osm-w11"].kind == "airbase" and places["osm-w11"].source == "osm:way/11"
    assert places["osm-12"].kind == "airport" and set(places["osm-12"].alt_names) == {"معيتيقة", "مطار امعيتيقة"}
    assert stats.rows == 6 and stats.n_skipped == 4
    assert any("outside Libya" in reason for reason in stats.skipped)  # never written with Libyan country code


# --------------------------------------------------------------------------------------------- merge


@needs_reference
@needs_shipped
def test_merge_marks_misrata_duplicate_of_shipped(shipped, osm_places):
    places, _ = osm_places
    shipped_misrata = by_id(shipped, "misrata")
    result = merge(shipped, places)
    matches = {new.place_id: old for new, old in result.matched}
    assert matches["osm-5431087789"] == "misrata"
    assert "osm-5431087789" not in {p.place_id for p in result.added}
    assert len(result.added) + len(result.matched) == len(places)
    assert {p.place_id for p in result.updated} <= {p.place_id for p in shipped}
    for p in result.updated:  # a known place only gains names, never loses any
        old = by_id(shipped, p.place_id)
        assert set(old.names) <= set(p.names) and (p.lat, p.lon, p.kind) == (old.lat, old.lon, old.kind)
    # a name that already belongs to another place is not added: an import never creates ambiguity
    osm_misrata = by_id(places, "osm-5431087789")
    greedy = dataclasses.replace(osm_misrata, place_id="osm-9", alt_names=("طرابلس", "Qasr Ahmad test"))
    grown = merge(shipped, [greedy]).updated
    assert [p.place_id for p in grown] == ["misrata"]
    assert "Qasr Ahmad test" in grown[0].alt_names and "طرابلس" not in grown[0].alt_names
    # the misrata row is updated only if OSM brought a name it lacked
    updated = {p.place_id: p for p in result.updated}
    if "misrata" in updated:
        assert len(updated["misrata"].alt_names) > len(shipped_misrata.alt_names)


@needs_reference
def test_merge_by_name_and_distance(geonames_places, osm_places):
    gn, _ = geonames_places
    osm, _ = osm_places
    misrata = by_id(osm, "osm-5431087789")
    far = dataclasses.replace(misrata, place_id="osm-1", lat=misrata.lat - 0.5)  # 55 km south, same name
    near = dataclasses.replace(misrata, place_id="osm-2", lat=misrata.lat + 0.03, alt_names=("Qasr Ahmad test",))
    other = dataclasses.replace(misrata, place_id="osm-3", name_ar="زليتن", name_en="Zliten test", alt_names=())
    result = merge(gn, [far, near, other])
    assert [p.place_id for p in result.added] == ["osm-1", "osm-3"]
    assert [(p.place_id, old) for p, old in result.matched] == [("osm-2", "gn-2214846")]
    assert "Qasr Ahmad test" in result.updated[0].alt_names
    assert merge(gn, [far], max_km=60.0).matched[0][1] == "gn-2214846"


@needs_reference
def test_merge_geonames_and_osm_dumps(geonames_places, osm_places):
    gn, _ = geonames_places
    osm, _ = osm_places
    result = merge(gn, osm)
    matches = dict((new.place_id, old) for new, old in result.matched)
    assert matches["osm-5431087789"] == "gn-2214846"  # Misrata
    assert "osm-260714409" not in matches  # Ghat (22,000 people) is not in the GeoNames ≥15k extract: added
    assert len(result.matched) >= 30
    gn_ids = {p.place_id for p in gn}
    for new, old in result.matched:  # every match shares a normalised name within 5 km
        target = next(p for p in [*gn, *result.added] if p.place_id == old)
        assert {normalize(n) for n in new.names} & {normalize(n) for n in target.names}
        assert gazetteer.haversine_km(new.lat, new.lon, target.lat, target.lon) <= 5.0
    assert all(p.place_id in gn_ids for p in result.updated)
    # the other way round, OSM places known to GeoNames gain its district and population
    reverse = {p.place_id: p for p in merge(osm, gn).updated}
    assert reverse["osm-5431087789"].admin1 == "Misrata" and reverse["osm-5431087789"].population == 600000
    assert sum(1 for p in reverse.values() if p.admin1) >= 30


# ------------------------------------------------------------------------------------ user gazetteer


@needs_reference
@needs_shipped
def test_import_is_idempotent_and_fills_admin1(tmp_path, shipped):
    user = tmp_path / "user_places.csv"
    first = import_into_user_gazetteer(read_osm(OSM), user_path=user, shipped=shipped)
    assert first.written and first.added > 300 and first.updated > 0
    content = user.read_bytes()
    again = import_into_user_gazetteer(read_osm(OSM), user_path=user, shipped=shipped)
    assert (again.added, again.updated, again.written) == (0, 0, False)
    assert user.read_bytes() == content
    gn = import_into_user_gazetteer(read_geonames(GEONAMES), user_path=user, shipped=shipped)
    assert gn.written and gn.merged >= 30
    rows = {p.place_id: p for p in gazetteer.read_places(user)}
    shipped_ids = {p.place_id for p in shipped}
    assert all(pid in shipped_ids or pid[:3] in ("osm", "gn-") for pid in rows)
    assert len([pid for pid in rows if pid not in shipped_ids]) == first.added + gn.added
    again = import_into_user_gazetteer(read_geonames(GEONAMES), user_path=user, shipped=shipped)
    assert (again.added, again.updated, again.written) == (0, 0, False)
    assert not [f for f in tmp_path.iterdir() if f.name != "user_places.csv"]  # no temp file left behind


@needs_reference
@needs_shipped
def test_imported_village_is_tagged_through_load(tmp_path, monkeypatch, shipped):
    monkeypatch.setenv("LEM_HOME", str(tmp_path))
    shipped_names = {normalize(n) for p in shipped for n in p.names}
    report = import_into_user_gazetteer(read_osm(OSM))
    assert report.user_path == tmp_path / "gazetteer" / "user_places.csv" and report.user_path.exists()
    user = gazetteer.read_places(report.user_path)
    village = next(
        p
        for p in user
        if p.place_id.startswith("osm-")
        and p.kind == "village"
        and " " not in normalize(p.name_ar)
        and len(normalize(p.name_ar)) >= 5
        and not ({normalize(n) for n in p.names} & shipped_names)
    )
    text = f"قصفت طائرة مسيرة مواقع في قرية {village.name_ar} جنوب غرب طرابلس صباح اليوم."
    found = {m.place.place_id: m for m in gazetteer.load().tag(text)}
    assert village.place_id in found
    assert found[village.place_id].surface == village.name_ar
    assert village.place_id not in {m.place.place_id for m in gazetteer.load(user=False).tag(text)}


# ------------------------------------------------------------------------------------------------ CLI


def run_cli(*args, home):
    env = {**os.environ, "LEM_HOME": str(home), "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "gazetteer", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


BAD_OSM = {
    "truncated.json": ('{\n "elements": [\n  {"type": "node", "id": 1, "lat": 32.1,\n', r":4: not valid JSON"),
    "binary.json": (b'{"elements": []}\n\x00\x01\x02\xff', r":2: binary data"),
    "latin1.json": (
        '{"elements": [\n{"type": "node", "id": 5, "lat": 1, "lon": 2, "tags": {"name": "Sabh\xe2"}}]}'.encode(
            "latin-1"
        ),
        r":2: not UTF-8",
    ),
    "empty.json": ("", r":1: empty file"),
    "list.json": ("[1, 2]", r":1: not Overpass JSON"),
    "badcoord.json": (
        '{"elements": [\n{"type": "node", "id": 7, "tags": {}, "lat": 1},\n'
        '{"type": "node", "id": 8, "lat": "north", "lon": 13.1, "tags": {"name": "جادو"}}]}',
        r":2: node/7 has no lat/lon",
    ),
    "geo.json": ('{"type": "FeatureCollection", "features": []}', r":1: this is GeoJSON"),
}


@pytest.mark.parametrize("name", sorted(BAD_OSM))
def test_cli_import_osm_bad_input_is_one_line_error(tmp_path, name):
    content, expected = BAD_OSM[name]
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    proc = run_cli("import-osm", path, home=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) + expected in lines[0], lines
    assert not (tmp_path / "gazetteer").exists()  # nothing written


def test_cli_import_geonames_bad_rows(tmp_path):
    good = geonames_row(6, "Ash Shwayrif", ["الشويرف"], 29.99, 14.26, "P", "PPL", "84", "6000")
    cases = {
        "columns.txt": (f"{good}\n{good}\n6\tAsh Shwayrif\t29.99\t14.26\n", ":3: expected 19 tab-separated"),
        "coords.txt": (good.replace("29.99", "29,99") + "\n", ":1: bad coordinates"),
        "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ":3: binary data"),
        "empty.txt": ("\n", ":1: empty file"),
    }
    for name, (content, expected) in cases.items():
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        proc = run_cli("import-geonames", path, home=tmp_path)
        assert proc.returncode == 2, (name, proc.stderr)
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and str(path) + expected in lines[0] and "Traceback" not in proc.stderr, lines
    proc = run_cli("import-geonames", tmp_path / "missing.txt", home=tmp_path)
    assert proc.returncode == 2 and "missing.txt:1: no such file" in proc.stderr
    assert not (tmp_path / "gazetteer").exists()


def test_reader_error_names_file_and_line(tmp_path):
    path = tmp_path / "LY.txt"
    path.write_text("1\tA\tA\t\t32\n", encoding="utf-8")
    with pytest.raises(DumpError) as err:
        list(read_geonames(path))
    assert str(err.value).startswith(f"{path}:1: expected 19")
    assert isinstance(err.value, ValueError)


@needs_reference
@needs_shipped
def test_cli_import_geonames_summary_and_rerun(tmp_path):
    user = tmp_path / "u.csv"
    proc = run_cli("import-geonames", GEONAMES, "--admin1", ADMIN1, "--user-gazetteer", user, home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    first = proc.stdout.splitlines()[0]
    assert first.startswith("read 59, added ") and "skipped 14" in first
    numbers = [int(w.rstrip(",")) for w in first.split() if w.rstrip(",").isdigit()]
    read, added, merged, skipped = numbers[:4]
    assert added + merged + skipped == read
    assert user.exists() and len(gazetteer.read_places(user)) >= added
    proc = run_cli("import-geonames", GEONAMES, "--admin1", ADMIN1, "--user-gazetteer", user, home=tmp_path)
    assert proc.returncode == 0 and "added 0," in proc.stdout and "(unchanged)" in proc.stdout
