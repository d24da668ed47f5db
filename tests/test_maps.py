"""The folium events map: offline assets only, a safely embedded event payload, DOM-built popups, legend,
Arabic layout. The popup/tooltip script itself is exercised in Chromium when it is installed."""

from __future__ import annotations

import base64
import gzip
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

folium = pytest.importorskip("folium")

import geo  # noqa: E402  only once folium is known to be installed
from events.models import Event  # noqa: E402  only once folium is known to be installed
from geo import assets, basemap, maps  # noqa: E402  only once folium is known to be installed

SCRIPT_TAG = "<script>alert(1)</script>"
CLOSE_SCRIPT = "</script><script>alert(2)</script>"
IMG_TAG = "<img src=x onerror=alert(1)>"
TEMPLATE_JS = "`${alert(3)}` \\u0041"


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
            lat=32.4736,
            lon=11.8978,
            fatalities=0,
            evidence="شنت طائرات مسيرة غارات على قاعدة الوطية الجوية.",
            doc_id="d1",
            source="Libya Observer",
            url="https://www.libyaobserver.ly/news/x?a=1&b=2",
        ),
        Event(
            event_id="ev-ainzara",
            event_type="Battles",
            sub_event_type="Armed clash",
            event_date="2019-04-20",
            actor1="Libyan National Army" + IMG_TAG,
            actor2="Government of National Accord",
            location="Ain Zara" + SCRIPT_TAG,
            location_ar="عين زارة",
            admin1="Tripoli",
            place_id="ain_zara",
            geo_precision=2,
            lat=32.8019,
            lon=13.2386,
            fatalities=9,
            evidence="اشتباكات في عين زارة "
            + SCRIPT_TAG
            + " "
            + IMG_TAG
            + " "
            + TEMPLATE_JS
            + " "
            + CLOSE_SCRIPT
            + " <!-- x",
            doc_id="d2",
            source="Al Wasat " + IMG_TAG,
            url="javascript:alert(1)",
        ),
        Event(
            event_id="ev-misrata",
            event_type="Protests",
            sub_event_type="Peaceful protest",
            location="Misrata",
            location_ar="مصراتة",
            admin1="Misrata",
            place_id="misrata",
            lat=32.3754,
            lon=15.0925,
            evidence="Dozens protested in Misrata.",
            doc_id="d3",
            url="data:text/html,<b>x</b>",
        ),
        Event(
            event_id="ev-nowhere",
            event_type="Strategic developments",
            sub_event_type="Agreement",
            evidence="اتفاق دون مكان",
            doc_id="d4",
        ),
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


def _payload(page: str) -> dict:
    """The event layer's payload, unpacked from the page (gzipped JSON in base64)."""
    found = re.findall(r"^payload: (.*)$", page, re.M)
    assert len(found) == 1, "one event payload expected"
    return json.loads(gzip.decompress(base64.b64decode(json.loads(found[0]))))


def _rows(page: str) -> dict[str, dict]:
    """Payload rows by event_id, as field dicts (string-table indexes resolved)."""
    data = _payload(page)
    out = {}
    for row in data["rows"]:
        rec = {}
        for name, value in zip(maps.ROW_FIELDS, row, strict=True):
            if name.startswith("s:"):
                name, value = name[2:], None if value is None else data["strings"][value]
            rec[name] = value
        out[rec["event_id"]] = rec
    return out


def _legend(page: str) -> dict:
    """The legend data handed to the event layer, with its items as {label: (colour, count)}."""
    found = re.findall(r"^legend: (.*),$", page, re.M)
    assert len(found) == 1, "one legend expected"
    data = json.loads(found[0])
    data["items"] = {label: (color, n) for label, color, n in data["items"]}
    return data


@pytest.fixture(scope="module")
def static_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("site")
    assets.install_static(root / "app" / "static" / "lem")
    return root


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"heatmap": True},
        {"cluster": False, "lang": "ar"},
        {"basemap": "osm", "heatmap": True},
    ],
)
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
    # what no element uses is not loaded: the map loads its scripts one after the other
    assert not any(x in u for u in urls for x in ("bootstrap", "awesome-markers", "jquery", "fontawesome")), urls
    if kwargs.get("heatmap"):
        assert any(u.endswith("heat/leaflet_heat.min.js") for u in refs.scripts)
    if kwargs.get("cluster", True):
        assert any(u.endswith("markercluster/leaflet.markercluster.js") for u in refs.scripts)
    image_path = re.search(r'L\.Icon\.Default\.imagePath = "([^"]+)"', page).group(1)
    assert (static_dir / image_path.lstrip("/") / "marker-icon.png").is_file()
    if kwargs.get("basemap") != "osm":
        assert "L.tileLayer" not in page
        assert "https://" not in page.replace("https://www.libyaobserver.ly", "")


def test_many_events_one_local_payload(static_dir):
    base = _events()[1]
    many = [
        Event(
            **{
                **{f: getattr(base, f) for f in base.__dataclass_fields__},
                "event_id": f"ev-{i}",
                "lat": 30 + (i % 100) / 50,
                "lon": 12 + (i // 100) / 5,
                "fatalities": i % 5,
            }
        )
        for i in range(3000)
    ]
    page = _render(geo.build_map(many, offline=True))
    refs = _refs(page)
    for url in refs.scripts + refs.links:
        assert (static_dir / url.lstrip("/")).is_file(), url
    rows = _rows(page)
    assert len(rows) == len(many)
    assert rows["ev-7"]["lat"] == 30.14 and rows["ev-7"]["lon"] == 12.0
    assert rows["ev-7"]["fatalities"] == 2 and rows["ev-7"]["radius"] == maps.marker_radius(2)
    data = _payload(page)
    assert data["strings"].count("Ain Zara" + SCRIPT_TAG) == 1  # repeated strings are stored once
    assert SCRIPT_TAG not in page and IMG_TAG not in page
    assert ".bindPopup(popup_" not in page  # no per-marker folium popups
    assert len(page) < 1200 * len(many)


def test_payload_cannot_break_out_of_its_script():
    page = _render(geo.build_map(_events(), offline=True))
    for raw in (SCRIPT_TAG, IMG_TAG, CLOSE_SCRIPT, "<!-- x", "onerror=alert(1)>"):
        assert raw not in page
    script = re.findall(r"^payload: (.*)$", page, re.M)[0]
    assert re.fullmatch(r'"[A-Za-z0-9+/=]+"', script)  # base64: nothing in it a browser could parse as markup
    legend = re.findall(r"^legend: (.*),$", page, re.M)[0]
    assert "<" not in legend and ">" not in legend and "&" not in legend
    rows = _rows(page)
    evidence = rows["ev-ainzara"]["evidence"]
    for raw in (SCRIPT_TAG, IMG_TAG, TEMPLATE_JS, CLOSE_SCRIPT, "<!-- x"):
        assert raw in evidence  # the text arrives intact, as data; the browser shows it with textContent
    assert rows["ev-ainzara"]["actor1"] == "Libyan National Army" + IMG_TAG
    assert rows["ev-watiya"]["url"] == "https://www.libyaobserver.ly/news/x?a=1&b=2"
    assert rows["ev-ainzara"]["url"] is None and rows["ev-misrata"]["url"] is None  # javascript:, data:
    assert "javascript:alert" not in page and "data:text/html" not in page
    assert "textContent" in maps._EVENT_LAYER_JS and "innerHTML" not in maps._EVENT_LAYER_JS


def test_mappings_and_events_give_the_same_payload():
    events = _events()
    from_events = _payload(_render(geo.build_map(events, offline=True)))
    from_dicts = _payload(_render(geo.build_map([e.to_dict() for e in events], offline=True)))
    assert from_dicts == from_events
    assert len(from_events["rows"]) == 3


def test_long_evidence_is_cut():
    base = _events()[0]
    long = Event(**{**{f: getattr(base, f) for f in base.__dataclass_fields__}, "evidence": "قصف " * 300})
    evidence = _rows(_render(geo.build_map([long], offline=True)))["ev-watiya"]["evidence"]
    assert evidence.endswith("…") and len(evidence) <= maps.EVIDENCE_CHARS + 1
    assert evidence.startswith("قصف قصف")


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
    assert not any("bootstrap" in u or "awesome-markers" in u or "glyphicons" in u for u in refs.scripts + refs.links)


def test_one_marker_per_located_event_with_parseable_id():
    events = _events()
    rows = _rows(_render(geo.build_map(events, offline=True)))
    assert sorted(rows) == ["ev-ainzara", "ev-misrata", "ev-watiya"]  # ev-nowhere has no coordinates
    assert rows["ev-ainzara"]["radius"] == 14.0  # 5 + 3 * sqrt(9) for the 9 killed in Ain Zara
    assert rows["ev-ainzara"]["geo_precision"] == 2 and rows["ev-ainzara"]["source"] == "Al Wasat " + IMG_TAG
    props = events[0].properties()
    assert maps.tooltip_text(props, "en") == "Explosions/Remote violence · Al-Watiya Air Base [ev-watiya]"
    assert geo.event_id_from_tooltip(maps.tooltip_text(props, "en")) == "ev-watiya"
    assert geo.event_id_from_tooltip("Battles · Ain Zara&lt;b&gt; [ev-ainzara]") == "ev-ainzara"
    assert geo.event_id_from_tooltip("Battles · a [b] c") is None


def test_legend_lists_all_types_with_counts():
    page = _render(geo.build_map(_events(), offline=True))
    legend = _legend(page)
    assert (legend["dir"], legend["title"]) == ("ltr", "Event type")
    assert {label: n for label, (_, n) in legend["items"].items()} == {
        "Battles": 1,
        "Explosions/Remote violence": 1,
        "Protests": 1,
        "Strategic developments": 1,
        "Riots": 0,
        "Violence against civilians": 0,
    }
    assert legend["items"]["Battles"][0] == "#d55e00"
    other = _legend(
        _render(
            geo.build_map(
                [*_events(), Event(event_id="ev-x", event_type="Unknown type", sub_event_type="x", doc_id="d5")],
                offline=True,
            )
        )
    )
    assert other["items"]["Other"] == ("#777777", 1)


def test_arabic_map_is_right_to_left():
    events = _events()
    page = _render(geo.build_map(events, offline=True, lang="ar"))
    legend = _legend(page)
    assert (legend["dir"], legend["lang"], legend["title"]) == ("rtl", "ar", "نوع الحدث")
    assert legend["items"]["معارك"][1] == 1
    data = _payload(page)
    assert (data["lang"], data["dir"]) == ("ar", "rtl")
    assert data["ui"]["fatalities"] == "القتلى" and data["ui"]["vs"] == "ضد"
    assert ["معارك", "#d55e00"] in data["types"]
    assert maps.tooltip_text(events[1].properties(), "ar") == "معارك · عين زارة [ev-ainzara]"
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
        "tunis,Tunis,تونس,,36.8065,10.1815,city,,TN,2300000\n",
        encoding="utf-8",
    )
    towns = basemap.main_towns(2, places_csv=places)
    assert [t["name_en"] for t in towns] == ["Tripoli", "Misrata"]
    page = _render(geo.build_map(_events(), offline=True, basemap="local"))
    assert "Misratah" in page and "Al Kufrah" in page  # district polygons embedded
    assert "#dfe9ef" in page  # plain background instead of tiles


def test_selected_event_is_marked_in_the_payload():
    m = geo.build_map(_events(), offline=True, selected="ev-misrata", cluster=False)
    data = _payload(_render(m))
    assert data["rows"][data["selected"]][0] == "ev-misrata"
    assert _payload(_render(geo.build_map(_events(), offline=True)))["selected"] == -1


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


CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium not installed (apt-get install chromium)")
@pytest.mark.parametrize("lang, cluster", [("en", False), ("ar", True)])
def test_browser_draws_markers_tooltips_and_text_only_popups(static_dir, lang, cluster):
    """The page on its own in Chromium (file://, network blocked): one marker per located event,
    tooltips with the event id, popups that show markup as text and link only http(s) URLs."""
    sync_api = pytest.importorskip("playwright.sync_api")
    page_file = static_dir / f"map-{lang}.html"
    page_file.write_text(
        _render(geo.build_map(_events(), offline=True, cluster=cluster, lang=lang, asset_base="./app/static/lem")),
        encoding="utf-8",
    )
    dialogs, errors, outside = [], [], []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 800})
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.route(
                "**/*",
                lambda r: (
                    r.continue_() if r.request.url.startswith("file://") else (outside.append(r.request.url), r.abort())
                ),
            )
            page.goto(page_file.as_uri())
            markers = page.locator("path.leaflet-interactive")
            page.wait_for_function("() => document.querySelectorAll('path.leaflet-interactive').length >= 3")
            page.wait_for_timeout(300)
            assert markers.count() == 3
            seen = {}
            for i in range(3):
                markers.nth(i).hover(force=True)
                tip = page.locator(".leaflet-tooltip").last.inner_text()
                markers.nth(i).click(force=True)
                popup = page.locator(".leaflet-popup-content")
                popup.wait_for()
                seen[geo.event_id_from_tooltip(tip)] = {
                    "tip": tip,
                    "text": popup.inner_text(),
                    "tags": popup.locator("img, script, b").count(),
                    "links": popup.locator("a").evaluate_all("els => els.map(a => [a.href, a.rel, a.target])"),
                    "evidence_dir": popup.locator(".lem-evidence").get_attribute("dir"),
                    "popup_dir": popup.locator(".lem-popup").get_attribute("dir"),
                }
                page.locator(".leaflet-popup-close-button").click()
                page.wait_for_function("() => !document.querySelector('.leaflet-popup, .leaflet-tooltip')")
            page.screenshot(path=str(static_dir / f"map-{lang}.png"))
            legend = page.locator(".lem-legend").inner_text()
            # a selected event: the map opens on it, its popup open and the marker in view
            page_file.write_text(
                _render(
                    geo.build_map(
                        _events(),
                        offline=True,
                        cluster=cluster,
                        lang=lang,
                        selected="ev-misrata",
                        asset_base="./app/static/lem",
                    )
                ),
                encoding="utf-8",
            )
            page.goto(page_file.as_uri())
            popup = page.locator(".leaflet-popup-content")
            popup.wait_for()
            selected_popup = popup.inner_text()
            in_view = page.evaluate("""() => {
                const box = document.querySelector('.leaflet-container').getBoundingClientRect();
                const p = document.querySelector('.leaflet-popup').getBoundingClientRect();
                return p.left >= box.left && p.right <= box.right && p.top >= box.top && p.bottom <= box.bottom;
            }""")
        finally:
            browser.close()
    assert "ev-misrata" in selected_popup and in_view
    label = {"en": "Battles (1)", "ar": "معارك (1)"}[lang]
    assert label in legend and ("Riots (0)" in legend or "أعمال شغب (0)" in legend)
    assert sorted(seen) == ["ev-ainzara", "ev-misrata", "ev-watiya"]
    hostile = seen["ev-ainzara"]
    for raw in (SCRIPT_TAG, IMG_TAG, CLOSE_SCRIPT, "${alert(3)}"):
        assert raw in hostile["text"]
    assert hostile["tags"] == 0 and hostile["links"] == [] and hostile["evidence_dir"] == "rtl"
    assert seen["ev-misrata"]["links"] == [] and seen["ev-misrata"]["evidence_dir"] == "ltr"
    assert seen["ev-watiya"]["links"] == [
        ["https://www.libyaobserver.ly/news/x?a=1&b=2", "noopener noreferrer", "_blank"]
    ]
    assert {v["popup_dir"] for v in seen.values()} == {"rtl" if lang == "ar" else "ltr"}
    if lang == "ar":
        assert hostile["tip"] == "معارك · عين زارة [ev-ainzara]" and "القتلى" in hostile["text"]
    else:
        assert hostile["tip"] == f"Battles · Ain Zara{SCRIPT_TAG} [ev-ainzara]" and "Fatalities" in hostile["text"]
    assert dialogs == [] and errors == [] and outside == []
