"""Importers that grow the user gazetteer from public dumps (GeoNames country dumps, Overpass JSON).

Reading (``read_geonames``, ``read_osm``) turns a dump into ``Place`` records; ``merge`` decides which of
them are already known (a shared normalised name within ``max_km``); ``import_into_user_gazetteer``
writes the result to ``$LEM_HOME/gazetteer/user_places.csv``, which the loader reads on top of the
shipped gazetteer. Re-importing the same dump leaves the user file unchanged.
"""

from __future__ import annotations

import io
import json
import math
import os
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import IO, Any

from . import core
from .core import GazetteerError, haversine_km, read_places, user_gazetteer_path, write_places
from .models import Place
from .normalize import normalize

ADMIN1_LY = Path(__file__).with_name("data") / "geonames_admin1_LY.tsv"
GEONAMES_COLUMNS = 19
DEFAULT_MAX_KM = 5.0
NL = b"\n"

# GeoNames feature codes kept, by class, and the kind they become ("P" is decided by population below).
_GEONAMES_KINDS: dict[str, dict[str, str | None]] = {
    "S": {
        "AIRB": "airbase",
        "AIRF": "airport",
        "AIRP": "airport",
        "AIRH": "airport",
        "PRT": "port",
        "PORT": "port",
        "HBR": "port",
        "OILT": "oil_terminal",
        "OILR": "oil_terminal",
        "INSM": "military_camp",
        "MILB": "military_camp",
        "PSTB": "border_crossing",
        "BDGQ": "border_crossing",
        "CSTM": "border_crossing",
        "FT": "landmark",
        "CSTL": "landmark",
        "PRN": "landmark",
        "BDG": "landmark",
    },
    "L": {"OILF": "oilfield", "MILB": "military_camp", "PRT": "port", "RGN": "region", "AREA": "region"},
    "A": {"ADM1": "district", "ADM1H": None},
    "R": {"RD": "road_or_axis"},
}
_GEONAMES_SKIP_P = {"PPLH", "PPLQ", "PPLW", "PPLCH"}  # historical, abandoned, destroyed

_OSM_PLACE_KINDS = {
    "city": "city",
    "town": "town",
    "village": "village",
    "hamlet": "village",
    "isolated_dwelling": "village",
    "suburb": "neighbourhood",
    "neighbourhood": "neighbourhood",
    "quarter": "neighbourhood",
    "borough": "neighbourhood",
    "city_block": "neighbourhood",
    "state": "region",
    "region": "region",
    "province": "region",
    "district": "district",
    "county": "district",
    "municipality": "town",
    "locality": "landmark",
}
_OSM_ALT_KEYS = (
    "name",
    "name:en",
    "int_name",
    "official_name",
    "short_name",
    "alt_name",
    "alt_name:ar",
    "alt_name:en",
    "old_name",
    "old_name:ar",
    "official_name:ar",
    "short_name:ar",
    "loc_name",
)

_ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")
_NON_ARABIC_SCRIPT = re.compile(r"[^\u0600-\u06FF\u0750-\u077F\s\-'’ـ]")
# Letters of Persian, Urdu and Kurdish spellings that Arabic does not use.
_NOT_ARABIC_LANG = re.compile(r"[پچژگیکەۆێڵڕٹڈڑںےہۇۋ]")
# Kind words that OSM mappers put in front of a settlement's name (قرية الخربة); "وادي" is not one: the
# wadi is a different place from the town named after it.
_KIND_HEADS = frozenset({"مدينه", "بلده", "قريه", "حي", "منطقه"})
_LABEL_SPLIT = re.compile(r"[()\[\]/;,.،:]+")
_LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F\u1E00-\u1EFF0-9 .'’`ʼʻ()\-]+$")


class DumpError(ValueError):
    """An unusable dump; ``str()`` is the one-line message "file:line: problem"."""

    def __init__(self, where: str, problem: str):
        super().__init__(f"{where}: {problem}")
        self.where = where
        self.problem = problem


@dataclass(frozen=True, slots=True)
class MergeResult:
    """What ``merge`` decided: new places to add, existing places given new names, and every match made.

    ``matched`` pairs each duplicate read from the dump with the place_id it was merged into.
    """

    added: tuple[Place, ...] = ()
    updated: tuple[Place, ...] = ()
    matched: tuple[tuple[Place, str], ...] = ()


@dataclass(frozen=True, slots=True)
class ImportReport:
    """Counts of one import and where the user gazetteer was written."""

    read: int
    added: int
    merged: int
    skipped: int
    updated: int
    user_path: Path
    written: bool = False

    def summary(self) -> str:
        return (
            f"read {self.read}, added {self.added}, merged {self.merged}, skipped {self.skipped} "
            f"({self.updated} known places got new names) -> {self.user_path}"
        )


@dataclass(slots=True)
class ReadStats:
    """Filled while a reader runs: rows seen and rows skipped, with the reason for each skip."""

    rows: int = 0
    skipped: dict[str, int] = field(default_factory=dict)

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1

    @property
    def n_skipped(self) -> int:
        return sum(self.skipped.values())


# ---------------------------------------------------------------------------------------------- names


def is_arabic_name(name: str) -> bool:
    """True for a name written in Arabic script, in Arabic (not a Persian/Urdu/Kurdish spelling)."""
    return (
        bool(_ARABIC_LETTER.search(name)) and not _NON_ARABIC_SCRIPT.search(name) and not _NOT_ARABIC_LANG.search(name)
    )


def arabic_runs(label: str) -> list[str]:
    """The Arabic runs of a mixed OSM label, in order: "Khadra` خضراء" → [خضراء], "الدرسية (طلميثة)" → both."""
    out = []
    for part in _LABEL_SPLIT.split(_clean(label)):
        run: list[str] = []
        for tok in [*part.split(), ""]:
            if tok and is_arabic_name(tok):
                run.append(tok)
            elif run:
                out.append(" ".join(run))
                run = []
    return out


def is_generic_word(name: str) -> bool:
    """A one-word name that is a cue word of running text (القرية، المنطقة، طريق): never a place name alone."""
    key = normalize(name)
    if " " in key:
        return False
    words = core.context_words()
    return key in words or (key.startswith("ال") and key[2:] in words)


def _without_kind_word(name: str) -> str:
    """ "منطقة السباخ" → "السباخ": an Arabic name that starts with a kind word, without it ("" otherwise)."""
    head, _, rest = name.partition(" ")
    if not rest or not is_arabic_name(name):
        return ""
    return rest if normalize(head) in _KIND_HEADS and not is_generic_word(rest) else ""


def _latin_part(label: str) -> str:
    return " ".join(t for t in label.split() if _LATIN.match(t)).strip(" -.,()")


def _is_useful_latin(name: str) -> bool:
    """Latin names worth matching in English text: capitalised, not a code (TOB) nor a bare transliteration (tbrq)."""
    if not _LATIN.match(name) or len(name) < 3:
        return False
    letters = [c for c in name if c.isalpha()]
    if not letters or not letters[0].isupper():
        return False
    return not (len(name) <= 4 and name.isupper())


_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")


def _clean(name: str) -> str:
    """One-line name: direction marks removed, Arabic presentation forms (ﻻ) unfolded, "|" and spaces folded."""
    name = _INVISIBLE.sub("", name)
    if _PRESENTATION_FORMS.search(name):
        name = unicodedata.normalize("NFKC", name)
    return " ".join(name.replace("|", " ").split())


def _unique_names(names: Iterable[str], *, exclude: Iterable[str] = ()) -> tuple[str, ...]:
    """Names in order, dropping empties and those whose normalised form was already seen or excluded."""
    seen = {normalize(n) for n in exclude if n}
    out = []
    for name in names:
        name = _clean(name)
        key = normalize(name)
        if len(key) >= 2 and key not in seen:
            seen.add(key)
            out.append(name)
    return tuple(out)


def _coord(value: object, low: float, high: float) -> float | None:
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) and low <= x <= high else None


def _population(value: object) -> int | None:
    text = str(value or "").replace(",", "").replace(" ", "").strip()
    try:
        n = int(float(text))
    except ValueError:
        return None
    return n if n > 0 else None


#: Imported kinds that are tagged in running text only with a cue in front (في، قرية، قرب…), unless populous.
CONTEXT_KINDS = frozenset({"village", "neighbourhood", "landmark"})


def _finish(place: Place, stats: ReadStats, where: str) -> Place | None:
    """The place as the loader will read it back, or None (counted as skipped) when the loader would refuse it.

    Small imported villages get ``context_required``: bare village names are often common words.
    """
    if place.kind in CONTEXT_KINDS and (place.population or 0) < 5_000:
        place = replace(place, context_required=True)
    bare = [b for b in (_without_kind_word(n) for n in place.names) if b]
    if bare:
        place = replace(place, alt_names=place.alt_names + _unique_names(bare, exclude=place.names))
    row = {
        "place_id": place.place_id,
        "name_en": place.name_en,
        "name_ar": place.name_ar,
        "lat": str(place.lat),
        "lon": str(place.lon),
        "kind": place.kind,
        "country": place.country,
    }
    try:
        core.place_from_row(row, where)
    except GazetteerError as e:
        problem = re.sub(r"^place '[^']*' | \([^)]*\)", "", str(e)[len(where) + 2 :])
        stats.skip("refused by the loader: " + problem)
        return None
    return place


def _town_kind(population: int | None, *, capital: bool) -> str:
    if capital or (population or 0) >= 50_000:
        return "city"
    if (population or 0) >= 5_000:
        return "town"
    return "village"


# ------------------------------------------------------------------------------------------- GeoNames


def read_admin1_codes(path: str | os.PathLike[str] | None = None) -> dict[str, str]:
    """Code ("LY.72") → district name: from a GeoNames admin1CodesASCII file, else the project's LY table."""
    if path is None:
        rows = ADMIN1_LY.read_text(encoding="utf-8").splitlines()
        table = [r.split("\t") for r in rows if r and not r.startswith("#")][1:]
        return {r[0]: r[1] for r in table}
    out: dict[str, str] = {}
    for lineno, line in _text_lines(Path(path)):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.rstrip("\r\n").split("\t")
        if len(cols) < 3 or "." not in cols[0]:
            raise DumpError(f"{path}:{lineno}", "not a GeoNames admin1 codes line (code<TAB>name<TAB>asciiname…)")
        out[cols[0]] = cols[2] or cols[1]
    return out


def _text_lines(path: Path) -> Iterator[tuple[int, str]]:
    """Numbered lines of a UTF-8 text file (or the .txt inside a GeoNames .zip); DumpError on binary data."""
    try:
        if path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as zf:
                members = [m for m in zf.namelist() if m.endswith(".txt") and "readme" not in m.lower()]
                if not members:
                    raise DumpError(f"{path}:1", "zip archive holds no GeoNames .txt file")
                raw: IO[bytes] = io.BytesIO(zf.read(members[0]))
        else:
            raw = open(path, "rb")  # noqa: SIM115 - closed below
    except zipfile.BadZipFile:
        raise DumpError(f"{path}:1", "not a valid zip archive") from None
    with raw:
        head = raw.read(8192)
        nul = head.find(b"\x00")
        if nul >= 0:
            raise DumpError(f"{path}:{head.count(NL, 0, nul) + 1}", "binary data, not a text dump")
        raw.seek(0)
        for lineno, data in enumerate(raw, 1):
            if b"\x00" in data:
                raise DumpError(f"{path}:{lineno}", "binary data, not a text dump")
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                raise DumpError(f"{path}:{lineno}", "not UTF-8 text") from None
            if lineno == 1:
                text = text.lstrip("\ufeff")
            yield lineno, text


def read_geonames(
    path: str | os.PathLike[str], *, admin1: dict[str, str] | None = None, stats: ReadStats | None = None
) -> Iterator[Place]:
    """Places of a GeoNames dump (19 tab-separated columns): populated places, airports/bases/ports, districts.

    The Arabic name is the first Arabic-script alternate name that is not a Persian/Urdu spelling; rows
    without one are skipped (counted in ``stats``). Raises DumpError for a malformed row.
    """
    path = Path(path)
    codes = read_admin1_codes() if admin1 is None else admin1
    stats = stats if stats is not None else ReadStats()
    seen_rows = False
    for lineno, line in _text_lines(path):
        line = line.rstrip("\r\n")
        if not line.strip() or line.startswith("#"):
            continue
        seen_rows = True
        cols = line.split("\t")
        where = f"{path}:{lineno}"
        if len(cols) != GEONAMES_COLUMNS:
            raise DumpError(where, f"expected {GEONAMES_COLUMNS} tab-separated GeoNames columns, found {len(cols)}")
        gid, name, ascii_name, alternates = cols[0], cols[1], cols[2], cols[3]
        if not gid.strip().isdigit():
            raise DumpError(where, f"geonameid {gid[:30]!r} is not a number")
        lat, lon = _coord(cols[4], -90, 90), _coord(cols[5], -180, 180)
        if lat is None or lon is None:
            raise DumpError(where, f"bad coordinates {cols[4][:20]!r}, {cols[5][:20]!r}")
        stats.rows += 1
        fclass, fcode, country = cols[6], cols[7], cols[8].upper()
        population = _population(cols[14])
        if fclass == "P":
            if fcode in _GEONAMES_SKIP_P:
                stats.skip(f"feature {fclass}.{fcode}")
                continue
            kind = (
                "neighbourhood"
                if fcode == "PPLX"
                else _town_kind(population, capital=fcode in ("PPLC", "PPLA", "PPLG"))
            )
        else:
            listed = _GEONAMES_KINDS.get(fclass, {}).get(fcode)
            if listed is None:
                stats.skip(f"feature {fclass}.{fcode}")
                continue
            kind = listed
        alts = [_clean(a) for a in alternates.split(",") if a.strip()]
        arabic = [a for a in alts if is_arabic_name(a) and not is_generic_word(a)]
        if not arabic:
            stats.skip("no Arabic name")
            continue
        name_ar = arabic[0]
        name_en = _clean(name) or _clean(ascii_name)
        latin = [a for a in (ascii_name, *alts) if _is_useful_latin(a)]
        alt_names = _unique_names([*arabic[1:], *latin], exclude=(name_ar, name_en))
        code = f"{country}.{cols[10]}" if cols[10] else ""
        place = _finish(
            Place(
                place_id=f"gn-{gid.strip()}",
                name_en=name_en,
                name_ar=name_ar,
                lat=lat,
                lon=lon,
                kind=kind,
                admin1=codes.get(code),
                country=country or "LY",
                alt_names=alt_names,
                population=population,
                source=f"geonames:{gid.strip()}",
            ),
            stats,
            where,
        )
        if place is not None:
            yield place
    if not seen_rows:
        raise DumpError(f"{path}:1", "empty file: no GeoNames rows")


# ------------------------------------------------------------------------------------------------ OSM


def _json_line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _where(path: Path, text: str, element: dict[str, Any]) -> str:
    """``path:line`` of an element, for a message (searched for only when there is an error to report)."""
    return f"{path}:{_element_line(text, element)}"


def _element_line(text: str, element: dict[str, Any]) -> int:
    """Line where an element starts in the raw JSON (its "id"), for messages; 1 when it cannot be found."""
    m = re.search(rf'"id"\s*:\s*{re.escape(str(element.get("id", "")))}\b', text) if "id" in element else None
    return _json_line(text, m.start()) if m else 1


def _load_overpass(path: Path) -> tuple[str, list[Any]]:
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise DumpError(f"{path}:1", "is a folder, not an Overpass JSON file") from None
    nul = data.find(b"\x00")
    if nul >= 0:
        raise DumpError(f"{path}:{data.count(NL, 0, nul) + 1}", "binary data, not Overpass JSON")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise DumpError(f"{path}:{data.count(NL, 0, e.start) + 1}", "not UTF-8 text") from None
    if not text.strip():
        raise DumpError(f"{path}:1", "empty file: no Overpass JSON")
    if text.lstrip().startswith("<"):
        raise DumpError(f"{path}:1", "this is XML; export the Overpass query as JSON ([out:json])")
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise DumpError(f"{path}:{e.lineno}", f"not valid JSON ({e.msg}, column {e.colno})") from None
    if isinstance(doc, dict) and doc.get("type") in ("FeatureCollection", "Feature"):
        raise DumpError(f"{path}:1", "this is GeoJSON; export the Overpass query as JSON ([out:json])")
    if not isinstance(doc, dict) or not isinstance(doc.get("elements"), list):
        raise DumpError(f"{path}:1", 'not Overpass JSON: no "elements" list at the top level')
    return text, doc["elements"]


def _osm_kind(tags: dict[str, str]) -> str | None:
    if tags.get("aeroway") in ("aerodrome", "airstrip"):
        military = (
            tags.get("military") in ("airfield", "base")
            or tags.get("aerodrome:type") == "military"
            or tags.get("landuse") == "military"
        )
        return "airbase" if military else "airport"
    if (
        tags.get("military") in ("base", "barracks", "airfield", "camp", "naval_base", "range", "training_area")
        or tags.get("landuse") == "military"
    ):
        return "airbase" if tags.get("military") == "airfield" else "military_camp"
    if tags.get("barrier") == "border_control" or tags.get("government") == "customs":
        return "border_crossing"
    if tags.get("industrial") == "oil" or tags.get("landuse") == "oilfield" or tags.get("man_made") == "petroleum_well":
        return "oilfield"
    if tags.get("man_made") in ("oil_terminal", "storage_tank") and tags.get("substance") in ("oil", "fuel", None):
        return "oil_terminal" if tags.get("man_made") == "oil_terminal" else None
    if tags.get("harbour") or tags.get("landuse") == "port" or tags.get("industrial") == "port":
        return "port"
    if tags.get("boundary") == "administrative" and tags.get("admin_level") in ("4", "5"):
        return "district"
    place = tags.get("place")
    if place:
        return _OSM_PLACE_KINDS.get(place)
    if tags.get("historic") or tags.get("tourism") == "attraction":
        return "landmark"
    return None


def read_osm(path: str | os.PathLike[str], *, stats: ReadStats | None = None) -> Iterator[Place]:
    """Places of an Overpass JSON dump: nodes with lat/lon, ways and relations with a ``center``.

    Elements without an Arabic name (name:ar, or an Arabic ``name``), without a usable kind or without
    coordinates are skipped (counted in ``stats``). Raises DumpError for a file that is not Overpass JSON.
    """
    path = Path(path)
    stats = stats if stats is not None else ReadStats()
    text, elements = _load_overpass(path)
    for element in elements:
        if not isinstance(element, dict):
            raise DumpError(f"{path}:1", 'an entry of "elements" is not a JSON object')
        etype = element.get("type")
        if etype not in ("node", "way", "relation"):
            continue
        stats.rows += 1
        osm_id = element.get("id")
        if not isinstance(osm_id, int):
            raise DumpError(_where(path, text, element), f"{etype} without a numeric id")
        tags = element.get("tags") or {}
        if not isinstance(tags, dict):
            raise DumpError(_where(path, text, element), f"{etype}/{osm_id}: tags is not an object")
        tags = {str(k): str(v) for k, v in tags.items()}
        point = element if etype == "node" else element.get("center")
        if not isinstance(point, dict) or "lat" not in point or "lon" not in point:
            if etype == "node":
                raise DumpError(_where(path, text, element), f"node/{osm_id} has no lat/lon")
            stats.skip("way/relation without center (use 'out center')")
            continue
        lat, lon = _coord(point.get("lat"), -90, 90), _coord(point.get("lon"), -180, 180)
        if lat is None or lon is None:
            raise DumpError(
                _where(path, text, element),
                f"{etype}/{osm_id}: bad coordinates {point.get('lat')!r}, {point.get('lon')!r}",
            )
        kind = _osm_kind(tags)
        if kind is None:
            stats.skip("no usable place kind")
            continue
        name = _clean(tags.get("name", ""))
        arabic = [
            run
            for key in ("name:ar", "name", "alt_name:ar")
            for run in arabic_runs(tags.get(key, ""))
            if not is_generic_word(run)
        ]
        name_ar = arabic[0] if arabic else ""
        if not name_ar:
            stats.skip("no Arabic name")
            continue
        latin_name = _latin_part(name)
        name_en = (
            _clean(tags.get("name:en", "") or tags.get("int_name", "") or latin_name or tags.get("name:fr", ""))
            or name_ar
        )
        alts = [_clean(part) for key in _OSM_ALT_KEYS for part in tags.get(key, "").split(";")]
        alt_names = _unique_names(
            [*arabic[1:], *(a for a in alts if is_arabic_name(a) or _is_useful_latin(a))], exclude=(name_ar, name_en)
        )
        prefix = {"node": "", "way": "w", "relation": "r"}[etype]
        place = _finish(
            Place(
                place_id=f"osm-{prefix}{osm_id}",
                name_en=name_en,
                name_ar=name_ar,
                lat=lat,
                lon=lon,
                kind=kind,
                admin1=None,
                country=(tags.get("addr:country") or tags.get("is_in:country_code") or "LY").upper()[:2],
                alt_names=alt_names,
                population=_population(tags.get("population")),
                source=f"osm:{etype}/{osm_id}",
            ),
            stats,
            f"{path}:{etype}/{osm_id}",
        )
        if place is not None:
            yield place


# ---------------------------------------------------------------------------------------------- merge


def _indexed_only_at(index: dict[str, list[int]], target: int, name: str) -> bool:
    """Whether ``name`` leads in ``index`` to the place at ``target`` only (a name another place has is not taken)."""
    return all(i == target for i in index.get(normalize(name), ()))


def _keys(place: Place) -> set[str]:
    return {k for k in (normalize(n) for n in place.names if n) if k}


def _absorb(target: Place, extra: Place, keep: Callable[[str], bool] = lambda name: True) -> Place:
    """``target`` with the names of its duplicate ``extra`` it lacks (those ``keep`` accepts), and the
    admin1/population it lacks."""
    new = _unique_names([n for n in extra.names if keep(n)], exclude=target.names)
    changes: dict[str, Any] = {"alt_names": target.alt_names + new} if new else {}
    if not target.admin1 and extra.admin1:
        changes["admin1"] = extra.admin1
    if not target.population and extra.population:
        changes["population"] = extra.population
    return replace(target, **changes) if changes else target


def merge(existing: list[Place], new: Iterable[Place], *, max_km: float = DEFAULT_MAX_KM) -> MergeResult:
    """Split ``new`` into places to add and duplicates of known places.

    A new place is a duplicate when it has the place_id of a known place, or when one of its normalised
    names equals a normalised name of a known (or just added) place lying within ``max_km``; the nearest
    such place wins, one sharing its Arabic name first. Duplicates are not added; the names they bring
    are appended to the known place's alternate names (returned in ``updated`` for known places, folded
    into ``added`` for new ones), except names that already belong to another place: an import never
    makes a known name ambiguous.
    """
    places: list[Place] = list(existing)
    n_existing = len(places)
    by_id = {p.place_id: i for i, p in enumerate(places)}
    index: dict[str, list[int]] = {}
    for i, p in enumerate(places):
        for key in _keys(p):
            index.setdefault(key, []).append(i)
    matched: list[tuple[Place, str]] = []
    touched: set[int] = set()

    for place in new:
        target = by_id.get(place.place_id)
        if target is None:
            primary = set(index.get(normalize(place.name_ar), ()))
            hits = {i for key in _keys(place) for i in index.get(key, ())}
            near = [
                (
                    i not in primary,
                    haversine_km(place.lat, place.lon, places[i].lat, places[i].lon),
                    places[i].place_id,
                    i,
                )
                for i in hits
            ]
            near = [c for c in near if c[1] <= max_km]
            if near:
                target = min(near)[3]
        if target is None:
            by_id[place.place_id] = len(places)
            for key in _keys(place):
                index.setdefault(key, []).append(len(places))
            places.append(place)
            continue
        matched.append((place, places[target].place_id))
        grown = _absorb(places[target], place, keep=partial(_indexed_only_at, index, target))
        if grown is not places[target]:
            places[target] = grown
            touched.add(target)
            for key in _keys(grown):
                if target not in index.setdefault(key, []):
                    index[key].append(target)

    return MergeResult(
        added=tuple(places[n_existing:]),
        updated=tuple(places[i] for i in sorted(touched) if i < n_existing),
        matched=tuple(matched),
    )


# ------------------------------------------------------------------------------------ the user file


def _shipped_places() -> list[Place]:
    return read_places(core.SHIPPED)


def import_into_user_gazetteer(
    places: Iterable[Place],
    *,
    user_path: str | os.PathLike[str] | None = None,
    shipped: list[Place] | None = None,
    max_km: float = DEFAULT_MAX_KM,
    skipped: int = 0,
    dry_run: bool = False,
) -> ImportReport:
    """Merge ``places`` into the user gazetteer file (shipped places and current user rows count as known).

    Known places that gain names are written as user rows with their own place_id (the loader lets a user
    row override the shipped one); new places are appended. The file is only rewritten when it changes.
    """
    path = Path(user_path) if user_path is not None else user_gazetteer_path()
    shipped = _shipped_places() if shipped is None else list(shipped)
    user_rows = read_places(path) if path.exists() else []
    user_ids = {p.place_id for p in user_rows}
    known = [p for p in shipped if p.place_id not in user_ids] + user_rows

    places = list(places)
    result = merge(known, places, max_km=max_km)

    rows = {p.place_id: p for p in user_rows}
    for p in result.updated:
        rows[p.place_id] = p  # replaces a user row in place, or adds an override of a shipped row
    for p in result.added:
        rows[p.place_id] = p
    out = list(rows.values())
    changed = out != user_rows
    if changed and not dry_run:
        write_places(out, path)
    return ImportReport(
        read=len(places) + skipped,
        added=len(result.added),
        merged=len(result.matched),
        skipped=skipped,
        updated=len(result.updated),
        user_path=path,
        written=changed and not dry_run,
    )
