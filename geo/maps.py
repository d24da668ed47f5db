"""The events map (folium/Leaflet): coloured, fatality-sized, clustered markers with safe popups.

The event layer is one compact JSON payload (``event_payload``, joined from rows encoded once by
``encode_events``) plus a small script of ours that builds markers, clusters, tooltips and popups in the
browser: popups are DOM nodes filled with ``textContent``, so article text never becomes markup, and the
page stays small and quick to render for many events.
``build_map(offline=True)`` references only files installed by ``geo.assets.install_static`` and,
with the local basemap, our own outline/district/town layers: it needs no network at all.
``map_parts`` gives the same map in two parts for streamlit-folium: a base map that stays the same while
filters change, and the event layers, which the browser swaps in place without reloading the map.
"""

from __future__ import annotations

import base64
import functools
import gzip
import html
import json
import math
import operator
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

import folium
from branca.element import CssLink, Element, JavascriptLink, MacroElement
from folium import plugins
from folium.elements import JSCSSMixin
from jinja2 import Template

from geo import assets, basemap
from geo.parts import event_parts, finite_point

LABELS_FILE = Path(__file__).resolve().parent / "data" / "map_labels.json"
#: Unclustered maps with more markers than this draw them on one canvas instead of one SVG path each.
CANVAS_ABOVE = 2000
#: Evidence longer than this is cut (with "…") in the popup payload; the full text is in the table/article.
EVIDENCE_CHARS = 400
#: The view before the events layer fits the map to its events (all of Libya).
LIBYA_VIEW = ([26.4, 17.3], 5)
MAX_ZOOM = 18
LOCAL_BACKGROUND = "#dfe9ef"
#: folium resources we never load: bootstrap, awesome-markers, Font Awesome, glyphicons and jQuery (no element we
#: draw uses them; the map loads its scripts one after the other, so each unused one delays it).
_UNUSED = frozenset(
    {
        "bootstrap",
        "awesome_markers",
        "bootstrap_css",
        "glyphicons_css",
        "awesome_markers_css",
        "awesome_rotate_css",
        "awesome_markers_font_css",
        "jquery",
    }
)
_TOOLTIP_ID = re.compile(r"\[([^\[\]\s]+)\]\s*$")
_HTTP_URL = re.compile(r"https?://\S+", re.IGNORECASE)
#: The event fields the map uses; read straight off ``Event`` objects (``properties()`` is slower).
_FIELDS = (
    "event_id",
    "event_type",
    "sub_event_type",
    "event_date",
    "actor1",
    "actor2",
    "fatalities",
    "fatalities_note",
    "location",
    "location_ar",
    "admin1",
    "geo_precision",
    "source",
    "url",
    "source_count",
    "confidence",
    "evidence",
    "lat",
    "lon",
)
_get_fields = operator.attrgetter(*_FIELDS)


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


def http_url(url: Any) -> str | None:
    """The URL when it is a plain http(s) link; None for anything else (javascript:, data:, spaces, …)."""
    if not isinstance(url, str):
        return None
    u = url.strip()
    return u if _HTTP_URL.fullmatch(u) else None


def marker_radius(fatalities: Any) -> float:
    """5 px plus 3 px per square root of the death toll, capped so a massacre stays readable."""
    return _radius(_count(fatalities))


@functools.lru_cache(maxsize=1024)
def _radius(count: int) -> float:
    return round(min(5 + 3 * math.sqrt(count), 35.0), 1)


def _count(value: Any) -> int:
    """A non-negative whole number (0 for None, NaN, text, negatives)."""
    if type(value) is int:
        return value if value > 0 else 0
    try:
        n = int(value or 0)
    except (TypeError, ValueError):
        return 0
    return n if n > 0 else 0


def tooltip_text(props: dict, lang: str) -> str:
    """Plain hover text: type · place [event_id]; the id in brackets is what a click gives back.

    The browser builds the same text from the payload (see ``_EVENT_LAYER_JS``); this is its reference.
    """
    place = (
        (props.get("location_ar") or props.get("location"))
        if lang == "ar"
        else (props.get("location") or props.get("location_ar"))
    )
    return f"{type_label(props.get('event_type'), lang)} · {place or '?'} [{props.get('event_id') or ''}]"


def event_id_from_tooltip(text: str | None) -> str | None:
    """The event_id in a clicked marker's tooltip (streamlit-folium ``last_object_clicked_tooltip``)."""
    if not text:
        return None
    m = _TOOLTIP_ID.search(html.unescape(str(text)))
    return m.group(1) if m else None


#: Field order of one payload row; "s:" fields are indexes into the payload's string table (or null).
ROW_FIELDS = (
    "event_id",
    "lat",
    "lon",
    "type",
    "radius",
    "s:sub_event_type",
    "event_date",
    "s:actor1",
    "s:actor2",
    "fatalities",
    "s:fatalities_note",
    "s:location",
    "s:location_ar",
    "s:admin1",
    "geo_precision",
    "s:source",
    "url",
    "source_count",
    "confidence",
    "evidence",
)


def _text(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _evidence(text: Any) -> str:
    s = "" if text is None else str(text)
    return s if len(s) <= EVIDENCE_CHARS else s[:EVIDENCE_CHARS].rstrip() + "…"


class MapEvents(NamedTuple):
    """Events encoded for the map once, so that the layer of any selection of them is a join of ready rows:
    the dashboard encodes a store version's events once and takes each filtered view from them (``take``)."""

    ids: tuple[str, ...]
    #: each event's type: the legend counts every event, located or not
    types: tuple[Any, ...]
    #: each event's payload row (``ROW_FIELDS``) as JSON text; None for an event without a point
    rows: tuple[str | None, ...]
    #: each located event's heat-map point [lat, lon, 1 + fatalities]; None without a point
    heat: tuple[tuple[float, float, int] | None, ...]
    #: the rows' string table: actors, places, sources, sub-types, fatality notes, each once
    strings: tuple[str, ...]
    #: event types outside the legend's six, numbered after them in the rows
    other_types: tuple[Any, ...]

    def take(self, positions: Iterable[int]) -> MapEvents:
        """The events at ``positions``, in that order (string table and type numbering shared)."""
        pos = list(positions)
        return self._replace(**{f: tuple(map(getattr(self, f).__getitem__, pos)) for f in _PER_EVENT})


_PER_EVENT = ("ids", "types", "rows", "heat")
_UI_KEYS = (
    "sub_event_type",
    "date",
    "date_unknown",
    "actors",
    "vs",
    "fatalities",
    "place",
    "geo_precision",
    "precision_1",
    "precision_2",
    "precision_3",
    "source",
    "sources",
    "open",
    "confidence",
    "event_id",
)
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode


def encode_events(events: Iterable[Any]) -> MapEvents:
    """``events`` (``Event`` objects or mappings like ``Event.to_dict()``) encoded for the map, in order."""
    type_index = {t["type"]: i for i, t in enumerate(labels()["event_types"])}
    other_types: list = []
    strings: list[str] = []
    string_index: dict[str, int] = {}

    def intern(value: Any) -> int | None:
        if value is None or value == "":
            return None
        v = str(value)
        i = string_index.get(v)
        if i is None:
            i = string_index[v] = len(strings)
            strings.append(v)
        return i

    ids: list[str] = []
    types: list[Any] = []
    rows: list[str | None] = []
    heat: list[tuple[float, float, int] | None] = []
    for event in events:
        props = _record(event)
        etype = props.get("event_type")
        ids.append("" if props.get("event_id") is None else str(props["event_id"]))
        types.append(etype)
        point = finite_point(props.get("lat"), props.get("lon"))
        if point is None:
            rows.append(None)
            heat.append(None)
            continue
        lat, lon = point
        if etype not in type_index:
            type_index[etype] = len(type_index)
            other_types.append(etype)
        conf = props.get("confidence")
        fatalities = _count(props.get("fatalities"))
        rows.append(
            _JSON(
                [
                    ids[-1],
                    round(lat, 5),
                    round(lon, 5),
                    type_index[etype],
                    _radius(fatalities),
                    intern(props.get("sub_event_type")),
                    _text(props.get("event_date")),
                    intern(props.get("actor1")),
                    intern(props.get("actor2")),
                    fatalities,
                    intern(props.get("fatalities_note")),
                    intern(props.get("location")),
                    intern(props.get("location_ar")),
                    intern(props.get("admin1")),
                    _count(props.get("geo_precision")) or None,
                    intern(props.get("source")),
                    http_url(props.get("url")),
                    _count(props.get("source_count")) or 1,
                    round(float(conf), 2) if isinstance(conf, (int, float)) and math.isfinite(conf) else None,
                    _evidence(props.get("evidence")),
                ]
            )
        )
        heat.append((lat, lon, 1 + fatalities))
    return MapEvents(tuple(ids), tuple(types), tuple(rows), tuple(heat), tuple(strings), tuple(other_types))


def event_payload(events: MapEvents, *, lang: str, selected: str | None) -> str:
    """What the browser needs to draw the event layer, as JSON text: one row per located event
    (``ROW_FIELDS``), repeated strings stored once, type labels/colours and UI text. The rows are joined
    as encoded, not encoded again."""
    ui = labels()["ui"][lang]
    types = [[t[lang], t["color"]] for t in labels()["event_types"]]
    types += [[type_label(x, lang), labels()["other_color"]] for x in events.other_types]
    located = [(i, r) for i, r in zip(events.ids, events.rows, strict=True) if r is not None]
    sel = next((k for k, (i, _) in enumerate(located) if i == selected), -1) if selected is not None else -1
    head = {
        "lang": lang,
        "dir": "rtl" if lang == "ar" else "ltr",
        "ui": {k: ui[k] for k in _UI_KEYS},
        "types": types,
        "strings": events.strings,
        "selected": sel,
    }
    return _JSON(head)[:-1] + ',"rows":[' + ",".join(r for _, r in located) + "]}"


def packed_payload(events: MapEvents, *, lang: str, selected: str | None) -> str:
    """``event_payload`` packed for the page (``packed_json``): what a caller may keep and hand back to
    ``map_parts(payload=…)`` for the same events, language and selection."""
    return packed_json(event_payload(events, lang=lang, selected=selected))


def packed_json(text: str) -> str:
    """JSON text gzipped in base64, inside double quotes: a JavaScript string literal with nothing to escape.
    A sixth of the JSON's size once streamlit-folium has JSON-encoded it again (which writes each Arabic
    letter as six bytes), so the map's data travels and parses quickly."""
    raw = text.encode("utf-8")
    return '"' + base64.b64encode(gzip.compress(raw, compresslevel=5, mtime=0)).decode("ascii") + '"'


def script_json(value: Any) -> str:
    """JSON that is safe inside an HTML <script>: no "<", ">" or "&" (so no ``</script>`` or ``<!--``)
    and no raw line/paragraph separators; still valid JSON and a valid JavaScript literal."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return text


def legend(counts: Counter, lang: str) -> dict:
    """The legend as data: one [label, colour, count] per ACLED type (always all six), plus "other" if
    present; the browser builds it with textContent."""
    ui = labels()["ui"][lang]
    known = {t["type"] for t in labels()["event_types"]}
    items = [[t[lang], t["color"], counts.get(t["type"], 0)] for t in labels()["event_types"]]
    other = sum(n for t, n in counts.items() if t not in known)
    if other:
        items.append([ui["other"], labels()["other_color"], other])
    return {
        "title": ui["legend"],
        "toggle": ui["legend_toggle"],
        "dir": "rtl" if lang == "ar" else "ltr",
        "lang": lang,
        "items": items,
    }


class _MapExtras(MacroElement):
    """Leaflet's default icon path and the local basemap's background colour."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function (map) {
    {%- if this.image_path %}
    L.Icon.Default.imagePath = {{ this.image_path|tojson }};
    {%- endif %}
    {%- if this.background %}
    map.getContainer().style.background = {{ this.background|tojson }};
    {%- endif %}
})({{ this._parent.get_name() }});
{% endmacro %}
""")

    def __init__(self, *, image_path: str | None, background: str | None):
        super().__init__()
        self._name = "LemExtras"
        self.image_path, self.background = image_path, background


class _TileFallback(MacroElement):
    """Online basemap without a connection: when no OpenStreetMap tile has loaded and tiles fail, draw the
    local basemap (Libya's outline) instead and say why, rather than leave a blank map."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function (map, tiles) {
    var loaded = false, failed = 0, done = false;
    tiles.on("tileload", function () { loaded = true; });
    tiles.on("tileerror", function () {
        failed += 1;
        if (loaded || done || failed < 2) { return; }
        done = true;
        map.removeLayer(tiles);
        map.getContainer().style.background = {{ this.background|tojson }};
        L.geoJSON({{ this.outline|tojson }}, {interactive: false, style: {color: "#8a8170", weight: 1.2,
            fillColor: "#f4efe3", fillOpacity: 1}}).addTo(map).bringToBack();
        var note = L.control({position: "bottomleft"});
        note.onAdd = function () {
            var div = L.DomUtil.create("div", "lem-no-tiles");
            div.textContent = {{ this.message|tojson }};
            div.setAttribute("dir", "auto");
            div.setAttribute("role", "status");
            div.style.cssText = "background:#fff3cd;color:#664d03;padding:4px 8px;border-radius:4px;" +
                "font:12px sans-serif;max-width:320px;box-shadow:0 1px 4px rgba(0,0,0,.3)";
            return div;
        };
        note.addTo(map);
        map.getContainer().dataset.lemBasemap = "local-fallback";
    });
})({{ this._parent.get_name() }}, {{ this.tiles.get_name() }});
{% endmacro %}
""")

    def __init__(self, tiles, *, outline: dict, message: str, background: str):
        super().__init__()
        self._name = "LemTileFallback"
        self.tiles, self.outline, self.message, self.background = tiles, outline, message, background


class _Plugins(JSCSSMixin):
    """The Leaflet plugins any event layer may need (clusters, heat map), loaded with the base map:
    streamlit-folium loads scripts only when the map first loads, not when a layer is swapped in."""

    _template = Template("")

    def __init__(self):
        super().__init__()
        self._name = "LemPlugins"
        self.default_js = [*plugins.MarkerCluster.default_js, *plugins.HeatMap.default_js]
        self.default_css = list(plugins.MarkerCluster.default_css)


class _TownLabels(MacroElement):
    """Town dots and name labels drawn with textContent (no HTML from data) into the parent layer."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function (layer) {
    // towns come most populous first: at each zoom a label is shown only where it overlaps no label of a
    // bigger town, so the crowded coast (Tripoli, Benghazi, Derna) reads at every zoom
    var towns = {{ this.towns|tojson }}, labels = [];
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
        labels.push([t, span]);
    });
    function declutter() {
        var map = layer._map;
        if (!map) { return; }
        var placed = [];
        labels.forEach(function (pair) {
            var p = map.latLngToContainerPoint([pair[0][0], pair[0][1]]), span = pair[1];
            var w = span.offsetWidth || 7 * pair[0][2].length, box = [p.x + 2, p.y - 8, p.x + 6 + w, p.y + 8];
            var clash = placed.some(function (q) {
                return box[0] < q[2] && q[0] < box[2] && box[1] < q[3] && q[1] < box[3]; });
            span.style.visibility = clash ? "hidden" : "visible";
            span.classList.toggle("lem-town-hidden", clash);
            if (!clash) { placed.push(box); }
        });
    }
    function watch() {
        layer._map.on("zoomend viewreset", declutter);
        setTimeout(declutter, 0);
    }
    layer.on("add", watch);
    if (layer._map) { watch(); }
})({{ this._parent.get_name() }});
{% endmacro %}
""")

    def __init__(self, towns: list[list]):
        super().__init__()
        self._name = "LemTowns"
        self.towns = towns


class _EventLayer(JSCSSMixin):
    """The events: markers, clusters, tooltips and popups drawn in the browser from one JSON payload.

    Tooltips and popups are bound on first hover/press (creating 100,000 of them up front is slow);
    popups are DOM nodes filled with ``textContent``; links only for http(s) URLs. The legend comes and
    goes with the layer. When added, the layer fits the map to its events if their extent changed since
    the last fit, and centres on a newly selected event; a changed selection alone keeps the user's view.
    Once its markers are on the map and painted, it dispatches "lem-drawn" on the window (a page may wait for
    the map before it draws more).
    """

    _template = Template("""
{% macro script(this, kwargs) %}
(function (group, options) {
{{ this.js }}
})({{ this._parent.get_name() }}, {cluster: {{ this.cluster|tojson }}, canvasAbove: {{ this.canvas_above|tojson }},
legendPosition: {{ this.legend_position|tojson }},
legend: {{ this.legend }},
payload: {{ this.payload }}
});
{% endmacro %}
""")

    def __init__(self, payload: str, *, cluster: bool, legend: dict, legend_position: str):
        super().__init__()
        self._name = "LemEvents"
        self.payload = payload
        self.legend = script_json(legend)
        self.legend_position = legend_position
        self.cluster = cluster
        self.canvas_above = CANVAS_ABOVE
        self.js = _EVENT_LAYER_JS
        self.default_js = list(plugins.MarkerCluster.default_js) if cluster else []
        self.default_css = list(plugins.MarkerCluster.default_css) if cluster else []

    def render(self, **kwargs):
        """As ``JSCSSMixin.render``, but the script goes into the page verbatim: branca would compile it
        as a Jinja template again, which costs seconds for a large payload."""
        figure = self.get_root()
        for name, url in self.default_js:
            figure.header.add_child(JavascriptLink(url), name=name)
        for name, url in self.default_css:
            figure.header.add_child(CssLink(url), name=name)
        figure.script.add_child(_Verbatim(self._template.module.script(self, kwargs)), name=self.get_name())


class _Verbatim(Element):
    """Text rendered as is (never parsed as a template)."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


_EVENT_LAYER_JS = """
    function unpack(text) {
        var bytes = Uint8Array.fromBase64 ? Uint8Array.fromBase64(text) : null;  // native where there is one
        if (!bytes) {
            var bin = atob(text);
            bytes = new Uint8Array(bin.length);
            for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
        }
        var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
        return new Response(stream).text().then(JSON.parse);
    }
    unpack(options.payload).then(function (P) {
        var rows = P.rows, S = P.strings, UI = P.ui, TYPES = P.types;
        var ARABIC = /[\\u0600-\\u06FF]/, HTTP = /^https?:\\/\\/[^\\s]+$/i;
        function str(i) { return i === null || i === undefined ? "" : S[i]; }
        function el(tag, cls, text) {
            var e = document.createElement(tag);
            if (cls) { e.className = cls; }
            if (text !== undefined && text !== null) { e.textContent = String(text); }
            return e;
        }
        function escapeHtml(text) {
            return String(text).replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; });
        }
        function tooltipText(r) {
            var place = P.lang === "ar" ? (str(r[12]) || str(r[11])) : (str(r[11]) || str(r[12]));
            return TYPES[r[3]][0] + " \\u00b7 " + (place || "?") + " [" + r[0] + "]";
        }
        function popup(layer) {
            var r = rows[layer.lemRow], type = TYPES[r[3]];
            var box = el("div", "lem-popup");
            box.dir = P.dir; box.lang = P.lang;
            var title = el("div", "lem-popup-title", type[0]);
            title.style.fontWeight = "bold"; title.style.color = type[1];
            box.appendChild(title);
            var table = el("table", "lem-popup-table");
            box.appendChild(table);
            function row(label) {
                var tr = table.insertRow();
                tr.appendChild(el("th", null, label));
                var td = tr.insertCell();
                td.dir = "auto";
                return td;
            }
            function text(td, t) { td.appendChild(document.createTextNode(t)); }
            function small(td, t) { text(td, " "); td.appendChild(el("small", null, "(" + t + ")")); }
            text(row(UI.sub_event_type), str(r[5]));
            text(row(UI.date), r[6] || UI.date_unknown);
            var actors = [str(r[7]), str(r[8])].filter(Boolean);
            if (actors.length) {
                var td = row(UI.actors);
                text(td, actors[0]);
                if (actors.length > 1) {
                    text(td, " "); td.appendChild(el("i", null, UI.vs)); text(td, " " + actors[1]);
                }
            }
            td = row(UI.fatalities);
            text(td, String(r[9]));
            if (str(r[10])) { small(td, str(r[10])); }
            td = row(UI.place);
            text(td, str(r[11]));
            if (str(r[12])) {
                text(td, " \\u00b7 ");
                var ar = el("span", null, str(r[12]));
                ar.dir = "rtl"; ar.lang = "ar";
                td.appendChild(ar);
            }
            if (str(r[13])) { small(td, str(r[13])); }
            if (r[14]) { text(row(UI.geo_precision), r[14] + " \\u2013 " + (UI["precision_" + r[14]] || "")); }
            var url = typeof r[16] === "string" && HTTP.test(r[16]) ? r[16] : null;
            if (str(r[15]) || url || r[17] > 1) {
                td = row(UI.source);
                text(td, str(r[15]));
                if (url) {
                    var a = el("a", null, UI.open);
                    a.href = url; a.target = "_blank"; a.rel = "noopener noreferrer";
                    text(td, " "); td.appendChild(a);
                }
                if (r[17] > 1) { small(td, r[17] + " " + UI.sources); }
            }
            if (typeof r[18] === "number") { text(row(UI.confidence), r[18].toFixed(2)); }
            var evidence = r[19] || "", rtl = !evidence || ARABIC.test(evidence);
            var ev = el("div", "lem-evidence", evidence);
            ev.dir = rtl ? "rtl" : "ltr"; ev.lang = rtl ? "ar" : "en";
            ev.style.cssText = "margin-top:4px;padding:4px;background:#f6f6f6";
            box.appendChild(ev);
            var id = el("div", "lem-event-id", UI.event_id + ": " + r[0]);
            id.style.cssText = "color:#888;font-size:10px";
            box.appendChild(id);
            return box;
        }
        function bind(layer) {
            if (layer.lemRow === undefined || layer.getTooltip()) { return false; }
            layer.bindTooltip(escapeHtml(tooltipText(rows[layer.lemRow])), {sticky: true});
            // the Arabic map stacks the zoom and layer buttons at the top left: a popup opened near the top
            // pans the map down far enough to clear them
            layer.bindPopup(popup, options.legendPosition === "bottomleft"
                ? {maxWidth: 380, autoPanPaddingTopLeft: [10, 130]} : {maxWidth: 380});
            return true;
        }
        var renderer = !options.cluster && rows.length > options.canvasAbove ? L.canvas({padding: 0.5}) : null;
        var markers = [], selected = null;
        for (var i = 0; i < rows.length; i++) {
            var r = rows[i], color = TYPES[r[3]][1], isSel = i === P.selected;
            var style = {radius: r[4], color: isSel ? "#000" : color, weight: isSel ? 3 : 1, fillColor: color,
                         fillOpacity: 0.75};
            if (renderer && !isSel) { style.renderer = renderer; }
            var marker = L.circleMarker([r[1], r[2]], style);
            marker.lemRow = i;
            if (isSel) { selected = marker; } else { markers.push(marker); }
        }
        group.on("mouseover", function (e) {
            var layer = e.sourceTarget || e.layer;
            if (bind(layer)) { layer.openTooltip(e.latlng); }
        });
        group.on("mousedown", function (e) { bind(e.sourceTarget || e.layer); });
        group.on("click", function (e) {
            var layer = e.sourceTarget || e.layer;
            if (bind(layer)) { layer.openPopup(e.latlng); }
        });
        // once the markers are in (clustered in chunks) and the map is fitted to them, and the browser has painted
        // them: "lem-drawn" on the window, for a page that waits for the map before drawing more
        var pending = options.cluster ? 2 : 1;
        function drawn() {
            if (--pending !== 0) { return; }
            requestAnimationFrame(function () { setTimeout(function () {
                window.dispatchEvent(new CustomEvent("lem-drawn", {detail: {events: rows.length}}));
            }, 0); });
        }
        if (options.cluster) {
            var clusters = L.markerClusterGroup({maxClusterRadius: 40, chunkedLoading: true,
                chunkProgress: function (done, total) { if (done === total) { drawn(); } }});
            // markers go in once the clusters are on the map: before that, addLayers is quadratic
            clusters.once("add", function () { clusters.addLayers(markers); });
            group.addLayer(clusters);
        } else {
            markers.forEach(function (m) { group.addLayer(m); });
        }
        if (selected) {
            bind(selected);
            group.addLayer(selected);
        }
        var legend = L.control({position: options.legendPosition});
        legend.onAdd = function () {
            var L_ = options.legend, div = L.DomUtil.create("div", "lem-legend-control");
            var box = el("div", "lem-legend");
            box.dir = L_.dir; box.lang = L_.lang;
            box.style.cssText = "background:rgba(255,255,255,.92);padding:6px 8px;border-radius:4px;" +
                "box-shadow:0 1px 4px rgba(0,0,0,.3);font:12px/1.5 sans-serif";
            var title = el("div", "lem-legend-title", L_.title + " ▾");
            title.style.cssText = "font-weight:bold;cursor:pointer";
            title.title = L_.toggle;
            title.setAttribute("role", "button");
            title.tabIndex = 0;
            function toggle() {  // fold the legend to its title, and back
                var folded = box.classList.toggle("lem-folded");
                title.textContent = L_.title + (folded ? " ▸" : " ▾");
                box.querySelectorAll(".lem-legend-item").forEach(function (x) {
                    x.style.display = folded ? "none" : ""; });
            }
            title.addEventListener("click", toggle);
            title.addEventListener("keydown", function (e) { if (e.key === "Enter") { toggle(); } });
            box.appendChild(title);
            L_.items.forEach(function (item) {
                var line = el("div", "lem-legend-item"), dot = el("span");
                dot.style.cssText = "display:inline-block;width:11px;height:11px;border-radius:50%;margin:0 4px";
                dot.style.background = item[1];
                line.appendChild(dot);
                line.appendChild(document.createTextNode(item[0] + " (" + item[2] + ")"));
                box.appendChild(line);
            });
            div.appendChild(box);
            L.DomEvent.disableClickPropagation(div);
            return div;
        };
        function extent() {
            if (!rows.length) { return null; }
            var s = 90, w = 180, n = -90, e = -180;
            for (var i = 0; i < rows.length; i++) {
                var r = rows[i];
                if (r[1] < s) { s = r[1]; } if (r[1] > n) { n = r[1]; }
                if (r[2] < w) { w = r[2]; } if (r[2] > e) { e = r[2]; }
            }
            return [[s, w], [n, e]];
        }
        function view(map) {
            var box = extent(), key = JSON.stringify(box);
            if (box && map.lemExtent !== key) {
                if (box[0][0] === box[1][0] && box[0][1] === box[1][1]) {
                    map.setView(box[0], Math.max(map.getZoom(), 8), {animate: false});
                } else {
                    // keep the markers out of the legend's corner: pad that side by the legend's size
                    var lg = legend.getContainer(), lw = lg ? lg.offsetWidth + 20 : 30,
                        lh = lg ? lg.offsetHeight + 20 : 30, left = options.legendPosition === "bottomleft";
                    map.fitBounds(box, {paddingTopLeft: [left ? lw : 30, 40],
                                        paddingBottomRight: [left ? 30 : lw, lh], maxZoom: 10, animate: false});
                }
            }
            map.lemExtent = key;
            var id = selected ? rows[P.selected][0] : null;
            if (selected && map.lemSelected !== id) {
                map.setView(selected.getLatLng(), Math.max(map.getZoom(), 9), {animate: false});
                selected.openPopup();
            }
            map.lemSelected = id;
        }
        function styled(then) {
            // streamlit-folium adds Leaflet's stylesheet and runs the map's script without waiting for it; until
            // it applies, the legend spans the whole map, and a fit padded by its size zooms into a corner
            var sheet = [].find.call(document.querySelectorAll("link[rel=stylesheet]"), function (l) {
                return /\\/leaflet\\.css$/.test(l.href); });
            if (!sheet || sheet.sheet) { then(); return; }
            sheet.addEventListener("load", then, {once: true});
            sheet.addEventListener("error", then, {once: true});
        }
        function added() {
            var map = group._map;
            legend.addTo(map);
            styled(function () {
                if (group._map !== map) { return; }  // a newer layer took its place meanwhile
                view(map);
                var box = map.getContainer();
                box.dataset.lemEvents = String(rows.length);
                box.dataset.lemDrawn = String(Number(box.dataset.lemDrawn || 0) + 1);
                drawn();
            });
        }
        group.on("add", added);
        group.on("remove", function () { legend.remove(); });
        if (group._map) { added(); }
    }).catch(function (err) { console.error("events layer:", err); });
"""


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


def localise(m: Element, *, offline: bool, asset_base: str) -> None:
    """Per element of ``m`` and below (never the classes): drop unused resources; offline, point the rest
    at our files.

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


def _record(event: Any) -> Mapping:
    """The map's fields of one event (an ``Event``, a mapping like ``Event.to_dict()`` or anything
    ``event_parts`` understands), with ``lat``/``lon``."""
    if isinstance(event, Mapping):
        return event
    try:
        return dict(zip(_FIELDS, _get_fields(event), strict=True))
    except AttributeError:
        props, lat, lon = event_parts(event)
        return {**props, "lat": lat, "lon": lon}


class MapParts(NamedTuple):
    """One events map in parts: ``base`` (basemap, districts, towns, plugin scripts) changes only with the
    map options; ``layers`` (events, heat map) and ``control`` (the layer switcher) change with the data."""

    base: folium.Map
    layers: list[folium.FeatureGroup]
    control: folium.LayerControl


def map_parts(
    events: Iterable[Any] | MapEvents,
    *,
    offline: bool,
    basemap: str = "auto",
    cluster: bool = True,
    heatmap: bool = False,
    districts: bool = True,
    lang: str = "en",
    selected: str | None = None,
    asset_base: str = "app/static/lem",
    payload: str | None = None,
) -> MapParts:
    """The events map, as parts for ``st_folium(base, feature_group_to_add=layers, layer_control=control)``:
    a filter change then swaps the layers in the open map instead of reloading it. ``events``: events, or
    events already encoded (``encode_events``, ``MapEvents.take``); ``payload``: their ``packed_payload``
    when the caller kept it."""
    base = base_map(offline=offline, basemap=basemap, districts=districts, lang=lang, asset_base=asset_base)
    layers = event_layers(events, cluster=cluster, heatmap=heatmap, lang=lang, selected=selected, payload=payload)
    for layer in layers:
        localise(layer, offline=offline, asset_base=asset_base)
    return MapParts(
        base, layers, folium.LayerControl(position="topleft" if lang == "ar" else "topright", collapsed=True)
    )


def build_map(events: Iterable[Any] | MapEvents, **options) -> folium.Map:
    """The events map as one folium map (a page of its own); options as for ``map_parts``.
    ``basemap``: "osm" (online tiles), "local" (our vector basemap), "auto" (local when offline);
    ``selected``: an event_id to highlight and centre on."""
    parts = map_parts(events, **options)
    for layer in parts.layers:
        layer.add_to(parts.base)
    parts.control.add_to(parts.base)
    return parts.base


def base_map(
    *,
    offline: bool,
    basemap: str = "auto",
    districts: bool = True,
    lang: str = "en",
    asset_base: str = "app/static/lem",
) -> folium.Map:
    """The map without events: tiles or our local basemap, district boundaries, town labels, and every
    script an event layer may need. Its script depends only on these options."""
    if lang not in ("en", "ar"):
        raise ValueError(f"lang must be 'en' or 'ar', not {lang!r}")
    if basemap not in ("auto", "osm", "local"):
        raise ValueError(f"basemap must be 'auto', 'osm' or 'local', not {basemap!r}")
    kind = ("local" if offline else "osm") if basemap == "auto" else basemap
    ui = labels()["ui"][lang]

    # no fit_bounds here: its zoom animation would end after, and undo, the events layer's own fit
    m = folium.Map(location=LIBYA_VIEW[0], zoom_start=LIBYA_VIEW[1], tiles=None, control_scale=True)
    m.options.update(max_zoom=MAX_ZOOM, min_zoom=3)  # tiles=None: MarkerCluster needs the map's maxZoom
    m.add_child(_Plugins())
    if kind == "osm":
        tiles = folium.TileLayer("OpenStreetMap", name=ui["osm"], max_zoom=MAX_ZOOM).add_to(m)
        m.add_child(
            _TileFallback(tiles, outline=basemap_outline(), message=ui["no_tiles"], background=LOCAL_BACKGROUND)
        )
    else:
        folium.GeoJson(
            basemap_outline(),
            name="Libya",
            control=False,
            interactive=False,
            style_function=lambda f: {"color": "#8a8170", "weight": 1.2, "fillColor": "#f4efe3", "fillOpacity": 1},
        ).add_to(m)
    if districts:
        folium.GeoJson(
            basemap_districts(),
            name=ui["districts"],
            interactive=False,
            style_function=lambda f: {"color": "#7a7a7a", "weight": 0.8, "dashArray": "4 3", "fill": False},
        ).add_to(m)
    if kind == "local":
        towns = basemap_towns(lang)
        if towns:
            group = folium.FeatureGroup(name=ui["towns"], show=True)
            group.add_child(_TownLabels(towns))
            group.add_to(m)
    m.add_child(
        _MapExtras(
            image_path=f"{_asset_base(asset_base)}/{assets.LEAFLET_IMAGES}" if offline else None,
            background=LOCAL_BACKGROUND if kind == "local" else None,
        )
    )
    localise(m, offline=offline, asset_base=asset_base)
    return m


def event_layers(
    events: Iterable[Any] | MapEvents,
    *,
    cluster: bool = True,
    heatmap: bool = False,
    lang: str = "en",
    selected: str | None = None,
    payload: str | None = None,
) -> list[folium.FeatureGroup]:
    """The events layer (markers or clusters, with its legend) and, if asked, a heat-map layer; ``payload``
    as for ``map_parts``."""
    if lang not in ("en", "ar"):
        raise ValueError(f"lang must be 'en' or 'ar', not {lang!r}")
    ui = labels()["ui"][lang]
    encoded = events if isinstance(events, MapEvents) else encode_events(events)
    layer = folium.FeatureGroup(name=ui["events"], show=True)
    layer.add_child(
        _EventLayer(
            payload or packed_payload(encoded, lang=lang, selected=selected),
            cluster=cluster,
            legend=legend(Counter(encoded.types), lang),
            legend_position="bottomleft" if lang == "ar" else "bottomright",
        )
    )
    layers = [layer]
    points = [list(p) for p in encoded.heat if p is not None] if heatmap else []
    if points:
        heat = folium.FeatureGroup(name=ui["heatmap"], show=True)
        plugins.HeatMap(points, radius=22, blur=18, min_opacity=0.35, max_zoom=10).add_to(heat)
        layers.append(heat)
    return layers


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
