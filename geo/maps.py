"""The events map (folium/Leaflet): coloured, fatality-sized, clustered markers with escaped popups.

``build_map(offline=True)`` references only files installed by ``geo.assets.install_static`` and,
with the local basemap, our own outline/district/town layers: it needs no network at all.
Every piece of article text is HTML-escaped (and made inert inside folium's JS template literals).
"""
from __future__ import annotations

import functools
import html
import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import folium
from branca.element import MacroElement
from folium import plugins
from jinja2 import Template

from geo import assets, basemap
from geo.export import event_parts, has_point

LABELS_FILE = Path(__file__).resolve().parent / "data" / "map_labels.json"
FAST_CLUSTER_ABOVE = 2000
LIBYA_BOUNDS = [[19.5, 9.3], [33.2, 25.2]]
MAX_ZOOM = 18
LOCAL_BACKGROUND = "#dfe9ef"
#: folium resources we never load: bootstrap, awesome-markers and glyphicons (no element uses them).
_UNUSED = frozenset({"bootstrap", "awesome_markers", "bootstrap_css", "glyphicons_css",
                     "awesome_markers_css", "awesome_rotate_css"})
_ARABIC = re.compile(r"[\u0600-\u06FF]")
_TOOLTIP_ID = re.compile(r"\[([^\[\]\s]+)\]\s*$")


@functools.lru_cache(maxsize=1)
def labels() -> dict:
    """Palette and UI strings (en/ar) from geo/data/map_labels.json."""
    return json.loads(LABELS_FILE.read_text(encoding="utf-8"))


def type_color(event_type: str | None) -> str:
    """The fixed legend colour of an ACLED event type (grey for anything else)."""
    for t in labels()["event_types"]:
        if t["type"] == event_type:
            return t["color"]
    return labels()["other_color"]


def type_label(event_type: str | None, lang: str) -> str:
    for t in labels()["event_types"]:
        if t["type"] == event_type:
            return t[lang]
    return event_type or labels()["ui"][lang]["other"]


def esc(value: Any) -> str:
    """HTML-escape text that also lands inside folium's JS template literals (`…`)."""
    s = html.escape("" if value is None else str(value), quote=True)
    return s.replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;")


def safe_url(url: Any) -> str | None:
    """The URL, escaped, when it is http(s); None for anything else (javascript:, data:, …)."""
    if not isinstance(url, str):
        return None
    u = url.strip()
    if not u.lower().startswith(("http://", "https://")) or any(c in u for c in "\r\n\t "):
        return None
    return esc(u)


def marker_radius(fatalities: Any) -> float:
    """5 px plus 3 px per square root of the death toll, capped so a massacre stays readable."""
    try:
        f = max(0, int(fatalities or 0))
    except (TypeError, ValueError):
        f = 0
    return round(min(5 + 3 * math.sqrt(f), 35.0), 1)


def tooltip_text(props: dict, lang: str) -> str:
    """Escaped hover text: type · place [event_id]; the id in brackets is what a click gives back."""
    place = (props.get("location_ar") or props.get("location")) if lang == "ar" else \
        (props.get("location") or props.get("location_ar"))
    return f"{esc(type_label(props.get('event_type'), lang))} · {esc(place or '?')} [{esc(props.get('event_id'))}]"


def event_id_from_tooltip(text: str | None) -> str | None:
    """The event_id in a clicked marker's tooltip (streamlit-folium ``last_object_clicked_tooltip``)."""
    if not text:
        return None
    m = _TOOLTIP_ID.search(html.unescape(str(text)))
    return m.group(1) if m else None


def popup_html(props: dict, lang: str) -> str:
    """The popup: every value escaped, links only for http(s), evidence right-to-left when Arabic."""
    ui = labels()["ui"][lang]
    d = "rtl" if lang == "ar" else "ltr"
    rows = []

    def row(label: str, value_html: str) -> None:
        rows.append(f"<tr><th>{esc(label)}</th><td>{value_html}</td></tr>")

    row(ui["sub_event_type"], esc(props.get("sub_event_type")))
    row(ui["date"], esc(props.get("event_date") or ui["date_unknown"]))
    actors = [a for a in (props.get("actor1"), props.get("actor2")) if a]
    if actors:
        row(ui["actors"], f" <i>{esc(ui['vs'])}</i> ".join(esc(a) for a in actors))
    fat = esc(props.get("fatalities", 0))
    if props.get("fatalities_note"):
        fat += f" <small>({esc(props['fatalities_note'])})</small>"
    row(ui["fatalities"], fat)
    place = esc(props.get("location") or "")
    if props.get("location_ar"):
        place += f' · <span dir="rtl" lang="ar">{esc(props["location_ar"])}</span>'
    if props.get("admin1"):
        place += f" <small>({esc(props['admin1'])})</small>"
    row(ui["place"], place)
    gp = props.get("geo_precision")
    row(ui["geo_precision"], f"{esc(gp)} – {esc(ui.get(f'precision_{gp}', ''))}")
    src = esc(props.get("source") or "")
    url = safe_url(props.get("url"))
    if url:
        src += (f' <a href="{url}" target="_blank" rel="noopener noreferrer">'
                f"{esc(ui['open'])}</a>")
    if (props.get("source_count") or 1) > 1:
        src += f" <small>({esc(props['source_count'])} {esc(ui['sources'])})</small>"
    if src:
        row(ui["source"], src)
    conf = props.get("confidence")
    if isinstance(conf, (int, float)):
        row(ui["confidence"], esc(f"{conf:.2f}"))
    evidence = props.get("evidence") or ""
    ev_attrs = 'dir="rtl" lang="ar"' if _ARABIC.search(evidence) or not evidence else 'dir="ltr" lang="en"'
    return (
        f'<div class="lem-popup" dir="{d}" lang="{lang}">'
        f'<div class="lem-popup-title" style="font-weight:bold;color:{type_color(props.get("event_type"))}">'
        f"{esc(type_label(props.get('event_type'), lang))}</div>"
        f'<table class="lem-popup-table">{"".join(rows)}</table>'
        f'<div class="lem-evidence" {ev_attrs} style="margin-top:4px;padding:4px;background:#f6f6f6">'
        f"{esc(evidence)}</div>"
        f'<div class="lem-event-id" style="color:#888;font-size:10px">{esc(ui["event_id"])}: '
        f"{esc(props.get('event_id'))}</div></div>"
    )


def legend_html(counts: Counter, lang: str) -> str:
    """Legend: one swatch per ACLED type (always all six, with counts), plus "other" if present."""
    ui = labels()["ui"][lang]
    d = "rtl" if lang == "ar" else "ltr"
    items = [(t["type"], t["color"], t[lang]) for t in labels()["event_types"]]
    known = {t for t, _, _ in items}
    other = sum(n for t, n in counts.items() if t not in known)
    lines = [f'<div class="lem-legend-title" style="font-weight:bold">{esc(ui["legend"])}</div>']
    for t, color, label in items:
        lines.append(f'<div class="lem-legend-item"><span style="display:inline-block;width:11px;'
                     f'height:11px;border-radius:50%;background:{color};margin:0 4px"></span>'
                     f"{esc(label)} ({counts.get(t, 0)})</div>")
    if other:
        lines.append(f'<div class="lem-legend-item"><span style="display:inline-block;width:11px;'
                     f'height:11px;border-radius:50%;background:{labels()["other_color"]};'
                     f'margin:0 4px"></span>{esc(ui["other"])} ({other})</div>')
    return (f'<div class="lem-legend" dir="{d}" lang="{lang}" style="background:rgba(255,255,255,.92);'
            f'padding:6px 8px;border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.3);font:12px/1.5 '
            f'sans-serif">{"".join(lines)}</div>')


class _MapExtras(MacroElement):
    """Legend control, Leaflet's default icon path and the local basemap's background colour."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function (map) {
    {%- if this.image_path %}
    L.Icon.Default.imagePath = {{ this.image_path|tojson }};
    {%- endif %}
    {%- if this.background %}
    map.getContainer().style.background = {{ this.background|tojson }};
    {%- endif %}
    var lem_legend_html = {{ this.legend|tojson }};
    var legend = L.control({position: {{ this.position|tojson }}});
    legend.onAdd = function () {
        var div = L.DomUtil.create("div", "lem-legend-control");
        div.innerHTML = lem_legend_html;
        L.DomEvent.disableClickPropagation(div);
        return div;
    };
    legend.addTo(map);
})({{ this._parent.get_name() }});
{% endmacro %}
""")

    def __init__(self, *, legend: str, position: str, image_path: str | None, background: str | None):
        super().__init__()
        self._name = "LemExtras"
        self.legend, self.position = legend, position
        self.image_path, self.background = image_path, background


class _TownLabels(MacroElement):
    """Town dots and name labels drawn with textContent (no HTML from data) into the parent layer."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function (layer) {
    var towns = {{ this.towns|tojson }};
    towns.forEach(function (t) {
        L.circleMarker([t[0], t[1]], {radius: 2.5, color: "#333", weight: 1, fillColor: "#fff",
            fillOpacity: 1, interactive: false}).addTo(layer);
        var span = document.createElement("span");
        span.className = "lem-town";
        span.textContent = t[2];
        span.setAttribute("dir", "auto");
        span.style.cssText = "font:11px sans-serif;color:#333;white-space:nowrap;" +
            "text-shadow:0 0 2px #fff,0 0 2px #fff,0 0 2px #fff";
        L.marker([t[0], t[1]], {interactive: false, keyboard: false,
            icon: L.divIcon({className: "lem-town-label", html: span, iconSize: null,
                             iconAnchor: [-4, 7]})}).addTo(layer);
    });
})({{ this._parent.get_name() }});
{% endmacro %}
""")

    def __init__(self, towns: list[list]):
        super().__init__()
        self._name = "LemTowns"
        self.towns = towns


def _walk(element):
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def _asset_base(asset_base: str) -> str:
    """Bare "app/static/lem" means the server path /app/static/lem (st_folium's iframe lives under
    /component/…, so a relative URL would miss); "./x", "/x" and http(s) URLs are kept as given."""
    base = asset_base.rstrip("/")
    if base.startswith(("/", "./", "../", "http://", "https://")):
        return base
    return "/" + base


def localise(m: folium.Map, *, offline: bool, asset_base: str) -> None:
    """Per element (never the classes): drop unused resources; offline, point the rest at our files.

    Raises ValueError when an element needs a resource we do not serve, rather than silently
    leaving a CDN link in an offline map.
    """
    base = _asset_base(asset_base)
    for el in _walk(m):
        if not isinstance(el, folium.elements.JSCSSMixin):
            continue
        for attr, table in (("default_js", assets.JS), ("default_css", assets.CSS)):
            out = []
            for name, url in getattr(el, attr):
                if name in _UNUSED:
                    continue
                if offline:
                    if name not in table:
                        raise ValueError(f"no offline copy of {name} ({url}) for {type(el).__name__}")
                    url = f"{base}/{table[name]}"
                out.append((name, url))
            setattr(el, attr, out)


def _bounds(points: list[tuple[float, float]]):
    if not points:
        return None
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def build_map(events: Iterable[Any], *, offline: bool, basemap: str = "auto", cluster: bool = True,
              heatmap: bool = False, districts: bool = True, lang: str = "en",
              selected: str | None = None, asset_base: str = "app/static/lem") -> folium.Map:
    """The events map. ``basemap``: "osm" (online tiles), "local" (our vector basemap), "auto"
    (local when offline). ``selected`` is an event_id to highlight and centre on."""
    if lang not in ("en", "ar"):
        raise ValueError(f"lang must be 'en' or 'ar', not {lang!r}")
    if basemap not in ("auto", "osm", "local"):
        raise ValueError(f"basemap must be 'auto', 'osm' or 'local', not {basemap!r}")
    kind = ("local" if offline else "osm") if basemap == "auto" else basemap
    ui = labels()["ui"][lang]

    rows = []
    for ev in events:
        props, lat, lon = event_parts(ev)
        rows.append((props, lat, lon))
    located = [(p, float(lat), float(lon)) for p, lat, lon in rows if has_point(lat, lon)]

    m = folium.Map(location=[27.0, 17.5], zoom_start=5, tiles=None, control_scale=True)
    m.options.update(max_zoom=MAX_ZOOM, min_zoom=3)  # tiles=None: MarkerCluster needs the map's maxZoom
    if kind == "osm":
        folium.TileLayer("OpenStreetMap", name=ui["osm"], max_zoom=MAX_ZOOM).add_to(m)
    else:
        folium.GeoJson(
            basemap_outline(), name="Libya", control=False, interactive=False,
            style_function=lambda f: {"color": "#8a8170", "weight": 1.2, "fillColor": "#f4efe3",
                                      "fillOpacity": 1},
        ).add_to(m)
    if districts:
        folium.GeoJson(
            basemap_districts(), name=ui["districts"], interactive=False,
            style_function=lambda f: {"color": "#7a7a7a", "weight": 0.8, "dashArray": "4 3",
                                      "fill": False},
        ).add_to(m)
    if kind == "local":
        towns = basemap_towns(lang)
        if towns:
            group = folium.FeatureGroup(name=ui["towns"], show=True)
            group.add_child(_TownLabels(towns))
            group.add_to(m)

    layer = folium.FeatureGroup(name=ui["events"], show=True).add_to(m)
    target = layer
    fast = cluster and len(located) > FAST_CLUSTER_ABOVE
    if cluster and not fast:
        target = plugins.MarkerCluster(control=False, options={"maxClusterRadius": 40}).add_to(layer)
    if fast:
        data = [[lat, lon, marker_radius(p.get("fatalities")), type_color(p.get("event_type")),
                 popup_html(p, lang), tooltip_text(p, lang)] for p, lat, lon in located]
        plugins.FastMarkerCluster(data, callback=_FAST_CALLBACK, control=False).add_to(layer)
    else:
        for p, lat, lon in located:
            sel = selected is not None and p.get("event_id") == selected
            color = type_color(p.get("event_type"))
            folium.CircleMarker(
                [lat, lon], radius=marker_radius(p.get("fatalities")),
                color="#000" if sel else color, weight=3 if sel else 1,
                fill=True, fill_color=color, fill_opacity=0.75,
                popup=folium.Popup(popup_html(p, lang), max_width=380, show=sel and not cluster),
                tooltip=folium.Tooltip(tooltip_text(p, lang)),
            ).add_to(target)

    if heatmap and located:
        points = [[lat, lon, 1 + max(0, int(p.get("fatalities") or 0))] for p, lat, lon in located]
        plugins.HeatMap(points, name=ui["heatmap"], radius=22, blur=18, min_opacity=0.35,
                        max_zoom=10).add_to(m)

    counts = Counter(p.get("event_type") for p, _, _ in rows)
    m.add_child(_MapExtras(
        legend=legend_html(counts, lang), position="bottomleft" if lang == "ar" else "bottomright",
        image_path=f"{_asset_base(asset_base)}/{assets.LEAFLET_IMAGES}" if offline else None,
        background=LOCAL_BACKGROUND if kind == "local" else None,
    ))
    folium.LayerControl(position="topleft" if lang == "ar" else "topright", collapsed=True).add_to(m)

    focus = next(((lat, lon) for p, lat, lon in located if selected and p.get("event_id") == selected), None)
    if focus:
        m.location, m.options["zoom"] = list(focus), 9
    elif len({(lat, lon) for _, lat, lon in located}) > 1:
        m.fit_bounds(_bounds([(lat, lon) for _, lat, lon in located]), padding=(30, 30), max_zoom=10)
    elif located:
        m.location, m.options["zoom"] = [located[0][1], located[0][2]], 8
    else:
        m.fit_bounds(LIBYA_BOUNDS)
    localise(m, offline=offline, asset_base=asset_base)
    return m


_FAST_CALLBACK = """
function (row) {
    var marker = L.circleMarker(new L.LatLng(row[0], row[1]), {radius: row[2], color: row[3],
        weight: 1, fillColor: row[3], fillOpacity: 0.75});
    marker.bindPopup(row[4], {maxWidth: 380});
    marker.bindTooltip(row[5]);
    return marker;
}"""


def basemap_outline() -> dict:
    return basemap.outline()


def basemap_districts() -> dict:
    return basemap.districts()


def basemap_towns(lang: str) -> list[list]:
    """[[lat, lon, label], …] of the main towns, label in the map's language."""
    out = []
    for t in basemap.main_towns():
        name = (t["name_ar"] or t["name_en"]) if lang == "ar" else (t["name_en"] or t["name_ar"])
        out.append([round(t["lat"], 4), round(t["lon"], 4), name])
    return out
