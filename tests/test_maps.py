"""The folium events map: offline assets only, escaped popups, markers, legend, Arabic layout."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

folium = pytest.importorskip("folium")

import geo  # noqa: E402
from events.models import Event  # noqa: E402
from geo import assets, basemap, maps  # noqa: E402

SCRIPT_TAG = "<script>alert(1)</script>"
IMG_TAG = "<img src=x onerror=alert(1)>"
TEMPLATE_JS = "`${alert(3)}` \\u0041"


def _events() -> list[Event]:
    return [
        Event(event_id="ev-watiya", event_type="Explosions/Remote violence",
              sub_event_type="Air/drone strike", event_date="2020-05-18", time_precision=1,
              actor1="Government of National Accord", actor2="Libyan National Army",
              location="Al-Watiya Air Base", location_ar="قاعدة الوطية", admin1="Nuqat al Khams",
              place_id="watiya_airbase", lat=32.4736, lon=11.8978, fatalities=0,
              evidence="شنت طائرات مسيرة غارات على قاعدة الوطية الجوية.", doc_id="d1",
              source="Libya Observer", url="https://www.libyaobserver.ly/news/x?a=1&b=2"),
        Event(event_id="ev-ainzara", event_type="Battles", sub_event_type="Armed clash",
              event_date="2019-04-20", actor1="Libyan National Army" + IMG_TAG,
              actor2="Government of National Accord", location="Ain Zara" + SCRIPT_TAG,
              location_ar="عين زارة", admin1="Tripoli", place_id="ain_zara", geo_precision=2,
              lat=32.8019, lon=13.2386, fatalities=9,
              evidence="اشتباكات في عين زارة " + SCRIPT_TAG + " " + IMG_TAG + " " + TEMPLATE_JS,
              doc_id="d2", source="Al Wasat " + IMG_TAG, url="javascript:alert(1)"),
        Event(event_id="ev-misrata", event_type="Protests", sub_event_type="Peaceful protest",
              location="Misrata", location_ar="مصراتة", admin1="Misrata", place_id="misrata",
              lat=32.3754, lon=15.0925, evidence="Dozens protested in Misrata.", doc_id="d3",
              url="data:text/html,<b>x</b>"),
        Event(event_id="ev-nowhere", event_type="Strategic developments", sub_event_type="Agreement",
              evidence="اتفاق دون مكان", doc_id="d4"),
    ]


class _Refs(HTMLParser):
    """Collects <script src> and <link href> from a rendered page."""

    def __init__(self):
        super().__init__()
        self.scripts: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.scripts.append(a["src"])
        if tag == "link" and a.get("href"):
            self.links.append(a["href"])


def _refs(page: str) -> _Refs:
    p = _Refs()
    p.feed(page)
    return p


def _render(m) -> str:
    return m.get_root().render()


def _legend(page: str) -> str:
    m = re.search(r"var lem_legend_html = (\".*?\");\n", page)
    assert m, "legend script missing"
    return json.loads(m.group(1))


@pytest.fixture(scope="module")
def static_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("site")
    assets.install_static(root / "app" / "static" / "lem")
    return root


@pytest.mark.parametrize("kwargs", [
    {}, {"heatmap": True}, {"cluster": False, "lang": "ar"}, {"basemap": "osm", "heatmap": True},
])
def test_offline_references_only_installed_local_files(static_dir, kwargs):
    page = _render(geo.build_map(_events(), offline=True, **kwargs))
    refs = _refs(page)
    urls = refs.scripts + refs.links
    assert any(u.endswith("leaflet/leaflet.js") for u in refs.scripts)
    assert any(u.endswith("leaflet/leaflet.css") for u in refs.links)
    for url in urls:
        assert not re.match(r"(https?:)?//", url), url
        assert url.startswith("/app/static/lem/"), url
        assert (static_dir / url.lstrip("/")).is_file(), f"{url} not installed"
    assert not any("bootstrap" in u or "awesome-markers" in u for u in urls)
    if kwargs.get("heatmap"):
        assert any(u.endswith("heat/leaflet_heat.min.js") for u in refs.scripts)
    if kwargs.get("cluster", True):
        assert any(u.endswith("markercluster/leaflet.markercluster.js") for u in refs.scripts)
    image_path = re.search(r'L\.Icon\.Default\.imagePath = "([^"]+)"', page).group(1)
    assert (static_dir / image_path.lstrip("/") / "marker-icon.png").is_file()
    if kwargs.get("basemap") != "osm":
        assert "L.tileLayer" not in page
        assert "https://" not in page.replace("https://www.libyaobserver.ly", "")


def test_offline_fast_cluster_is_local_and_escaped(static_dir):
    base = _events()[1]
    many = [Event(**{**{f: getattr(base, f) for f in base.__dataclass_fields__},
                     "event_id": f"ev-{i}", "lat": 30 + (i % 100) / 50, "lon": 12 + (i // 100) / 5})
            for i in range(maps.FAST_CLUSTER_ABOVE + 1)]
    page = _render(geo.build_map(many, offline=True))
    refs = _refs(page)
    for url in refs.scripts + refs.links:
        assert (static_dir / url.lstrip("/")).is_file(), url
    data = json.loads(re.search(r"var data = (\[.*?\]\]);", page, re.S).group(1))
    assert len(data) == len(many)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in data[0][4]
    assert SCRIPT_TAG not in data[0][4] and IMG_TAG not in data[0][4]
    assert SCRIPT_TAG not in page and IMG_TAG not in page
    assert geo.event_id_from_tooltip(data[7][5]) == "ev-7"


def test_classes_are_not_mutated():
    before = list(folium.Map.default_js), list(folium.plugins.MarkerCluster.default_css)
    geo.build_map(_events(), offline=True, heatmap=True)
    assert (folium.Map.default_js, folium.plugins.MarkerCluster.default_css) == before
    assert folium.Map.default_js[0][1].startswith("https://")


def test_online_osm_uses_tiles_and_drops_unused_css():
    page = _render(geo.build_map(_events(), offline=False))
    assert "tile.openstreetmap.org" in page
    refs = _refs(page)
    assert any(u.startswith("https://") and u.endswith("leaflet.js") for u in refs.scripts)
    assert not any("bootstrap" in u or "awesome-markers" in u or "glyphicons" in u
                   for u in refs.scripts + refs.links)


def test_popups_escape_article_text():
    page = _render(geo.build_map(_events(), offline=True, cluster=False))
    for raw in (SCRIPT_TAG, IMG_TAG, "onerror=alert(1)>", "${alert(3)}"):
        assert raw not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&#96;&#36;{alert(3)}&#96; &#92;u0041" in page
    assert "javascript:alert" not in page and "data:text/html" not in page
    assert ('<a href="https://www.libyaobserver.ly/news/x?a=1&amp;b=2" target="_blank" '
            'rel="noopener noreferrer">') in page
    assert re.search(r'<div class="lem-evidence" dir="rtl" lang="ar"[^>]*>اشتباكات في عين زارة', page)
    assert re.search(r'<div class="lem-evidence" dir="ltr" lang="en"[^>]*>Dozens protested', page)


def test_one_marker_per_located_event_with_parseable_id():
    events = _events()
    page = _render(geo.build_map(events, offline=True))
    assert page.count(".bindPopup(popup_") == 3
    tooltips = re.findall(r"bindTooltip\(\s*`<div>\s*(.*?)\s*</div>`", page, re.S)
    ids = [geo.event_id_from_tooltip(t) for t in tooltips]
    assert sorted(ids) == ["ev-ainzara", "ev-misrata", "ev-watiya"]
    assert "Explosions/Remote violence · Al-Watiya Air Base [ev-watiya]" in tooltips
    assert re.search(r'"radius": 14\.0', page)  # 5 + 3 * sqrt(9) for the 9 killed in Ain Zara
    assert geo.event_id_from_tooltip("Battles · a [b] c") is None


def test_legend_lists_all_types_with_counts():
    page = _render(geo.build_map(_events(), offline=True))
    legend = _legend(page)
    assert 'dir="ltr"' in legend and "Event type" in legend
    for label, n in (("Battles", 1), ("Explosions/Remote violence", 1), ("Protests", 1),
                     ("Strategic developments", 1), ("Riots", 0), ("Violence against civilians", 0)):
        assert f"{label} ({n})" in legend
    assert "#d55e00" in legend


def test_arabic_map_is_right_to_left():
    page = _render(geo.build_map(_events(), offline=True, lang="ar"))
    legend = _legend(page)
    assert 'dir="rtl"' in legend and 'lang="ar"' in legend
    assert "معارك (1)" in legend and "نوع الحدث" in legend
    assert '<div class="lem-popup" dir="rtl" lang="ar">' in page
    assert "معارك · عين زارة [ev-ainzara]" in page
    assert json.dumps("الشعبيات") in page  # district layer name in the layer control


def test_local_basemap_has_outline_districts_and_towns(tmp_path):
    data = basemap.districts()
    names = {f["properties"]["name"] for f in data["features"]}
    assert {"Misratah", "Benghazi", "Surt", "Sabha"} <= names
    assert all(f["properties"]["name_ar"] for f in data["features"])
    for path in (basemap.OUTLINE_FILE, basemap.DISTRICTS_FILE):
        assert path.stat().st_size < 300_000
    places = tmp_path / "places.csv"
    places.write_text(
        "place_id,name_en,name_ar,alt_names,lat,lon,kind,admin1,country,population\n"
        "misrata,Misrata,مصراتة,,32.3754,15.0925,city,Misrata,LY,386120\n"
        "tripoli,Tripoli,طرابلس,,32.8872,13.1913,city,Tripoli,LY,1150989\n"
        "watiya,Al-Watiya Air Base,قاعدة الوطية,,32.4736,11.8978,airbase,Nuqat al Khams,LY,\n"
        "sabha,Sabha,سبها,,27.0377,14.4283,city,Sabha,LY,130000\n"
        "tunis,Tunis,تونس,,36.8065,10.1815,city,,TN,2300000\n", encoding="utf-8")
    towns = basemap.main_towns(2, places_csv=places)
    assert [t["name_en"] for t in towns] == ["Tripoli", "Misrata"]
    page = _render(geo.build_map(_events(), offline=True, basemap="local"))
    assert "Misratah" in page and "Al Kufrah" in page  # district polygons embedded
    assert "#dfe9ef" in page  # plain background instead of tiles


def test_selected_event_is_centred_and_outlined():
    m = geo.build_map(_events(), offline=True, selected="ev-misrata", cluster=False)
    assert m.location == [32.3754, 15.0925]
    page = _render(m)
    assert re.search(r'"color": "#000",[^}]*"weight": 3', page, re.S)


def test_event_at_matches_marker_positions():
    events = _events()
    assert geo.event_at(events, 32.4736, 11.8978).event_id == "ev-watiya"
    assert geo.event_at(events, 32.40, 15.10).event_id == "ev-misrata"


def test_install_static_is_idempotent(tmp_path):
    out = assets.install_static(tmp_path / "lem")
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert "leaflet/leaflet.js" in files and "heat/leaflet_heat.min.js" in files
    assert "fontawesome/webfonts/fa-solid-900.woff2" in files
    assert not any(p.is_symlink() for p in out.rglob("*"))
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    assets.install_static(out)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == mtimes
