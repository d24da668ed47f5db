"""Gazetteer loading, the name index, ``match`` for one name and ``tag`` for running text."""

from __future__ import annotations

import csv
import io
import math
import os
import re
from bisect import bisect_right
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache, partial
from itertools import compress
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple, NoReturn

from .models import KINDS, Candidate, Mention, Place
from .normalize import Token, normalize, raw_offset, strip_clitics
from .normalize import tokens as split_words

DATA_DIR = Path(__file__).parent / "data"
SHIPPED = DATA_DIR / "places.csv"
COLUMNS = (
    "place_id",
    "name_en",
    "name_ar",
    "alt_names",
    "lat",
    "lon",
    "kind",
    "admin1",
    "country",
    "population",
    "context_required",
    "priority",
    "source",
)
_ARABIC = re.compile(r"[\u0621-\u064A]")
_MAX_TOKENS = 6
_START, _NORM = itemgetter(0), itemgetter(3)  # of a Token
_READINGS, _FOLLOW = itemgetter(0), itemgetter(1)  # of a word's ``_words`` entry
_FUZZY_MIN_LEN = 5
_FUZZY_CUTOFF = 85.0
#: A name that is also an ordinary word (context_required) is read as a place after an attached ب/ل ("بسرت")
#: only when the place is a large town; for a small one "بالحجارة" (with stones), "بالقلعة" (in the castle),
#: "للسراج" (to al-Sarraj) are far likelier, and a kind word, a relation or a separate preposition is needed.
_CLITIC_CONTEXT_POPULATION = 20_000
#: A small Libyan town that shares its name with a town abroad (سوسة، المهدية) is read as the foreign one when
#: the text names that country and no unambiguous Libyan place within ``_HOMONYM_NEIGHBOUR_CHARS`` of the name (about
#: a paragraph) lies within ``_HOMONYM_NEIGHBOUR_KM`` of the Libyan town: a report from a small Libyan town names
#: its neighbours beside it (Susa with Derna, 60 km away), while the Tunisian Sousse in a survey of Libya's
#: neighbours stands among Tunisian words, with Derna or Benghazi paragraphs away.
_HOMONYM_NEIGHBOUR_KM = 150.0
_HOMONYM_NEIGHBOUR_CHARS = 400
#: A port or an airport named by its kind alone (الميناء التجاري، المطار) is the one of that kind within this distance
#: of the town the text is about: a town's airport can lie 20 km out (Benina from Benghazi), while another town's
#: facilities rarely fall within it (Misrata's and Zliten's do not); Tripoli has two airports within it, so its
#: bare "المطار" names none.
_FACILITY_KM = 30.0
#: ... and that town is named at most this many characters before it (about two sentences), or later in its sentence:
#: farther back the text may have moved on to another country's ports.
_FACILITY_CHARS = 300
# Which place kinds each kind word in front of a name points to.
_HINT_KINDS = {
    "city": {"city", "town"},
    "town": {"town", "village", "city"},
    "village": {"village", "town"},
    "neighbourhood": {"neighbourhood"},
    "airbase": {"airbase", "airport", "military_camp"},
    "airport": {"airport", "airbase"},
    "port": {"port", "oil_terminal"},
    "oilfield": {"oilfield", "oil_terminal"},
    "oil_terminal": {"oil_terminal", "oilfield", "port"},
    "border_crossing": {"border_crossing"},
    "military_camp": {"military_camp", "airbase"},
    "road_or_axis": {"road_or_axis"},
    "district": {"district"},
    "landmark": {"landmark"},
}


class _Hit(NamedTuple):
    """A name found in running text: ``n`` words from word ``i``, after a ``prefix`` of proclitic letters."""

    i: int
    n: int
    prefix: int
    places: list[Place]
    method: str
    score: float


class _Around(NamedTuple):
    """What the words before a name say: its kind, a relation, the governing preposition, whether it is part of an
    organisation's name, and whether that preposition is a word of its own (في سرت) rather than attached (بسرت)."""

    hint: str | None
    relation: str | None
    prep: str | None
    in_org: bool
    separate: bool


class _Staged(NamedTuple):
    """A hit kept after the words before it were read: the places of the hit usable there, and that context."""

    hit: _Hit
    usable: list[Place]
    hint: str | None
    relation: str | None
    prep: str | None


class GazetteerError(ValueError):
    """A gazetteer file that cannot be used; the message names file, line and problem."""


def data_home() -> Path:
    """The user's data folder (``LEM_HOME``, else the platform's user data dir)."""
    env = os.environ.get("LEM_HOME")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("libya-event-map"))


def user_gazetteer_path() -> Path:
    return data_home() / "gazetteer" / "user_places.csv"


def place_from_row(row: Mapping[str, str], where: str) -> Place:
    """One CSV row (a dict) as a Place, validated; ``where`` (file:line) prefixes any error."""

    def fail(problem: str) -> NoReturn:
        raise GazetteerError(f"{where}: {problem}")

    pid = (row.get("place_id") or "").strip()
    if not pid:
        fail("empty place_id")
    name_ar = (row.get("name_ar") or "").strip()
    if not name_ar or not _ARABIC.search(name_ar):
        fail(f"place {pid!r} has no Arabic name")
    try:
        lat, lon = float(row["lat"]), float(row["lon"])
    except (TypeError, ValueError, KeyError):
        fail(f"place {pid!r} has a bad coordinate ({row.get('lat')!r}, {row.get('lon')!r})")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or math.isnan(lat) or math.isnan(lon):
        fail(f"place {pid!r} has a coordinate out of range ({lat}, {lon})")
    kind = (row.get("kind") or "").strip()
    if kind not in KINDS:
        fail(f"place {pid!r} has unknown kind {kind!r}")
    country = (row.get("country") or "LY").strip().upper()
    if country == "LY" and not (19.0 <= lat <= 34.0 and 9.0 <= lon <= 25.5) and kind != "country":
        fail(f"place {pid!r} is marked Libyan but ({lat}, {lon}) lies outside Libya")
    context = (row.get("context_required") or "").strip().lower()
    if context not in ("", "0", "1", "true", "false", "yes", "no", "strict"):
        fail(f"place {pid!r} has context_required {context!r} (empty, 1 or strict)")
    pop = (row.get("population") or "").strip()
    prio = (row.get("priority") or "").strip()
    try:
        population = int(float(pop)) if pop else None
        priority = int(prio) if prio else 0
    except ValueError:
        fail(f"place {pid!r} has a non-numeric population or priority")
    alts = tuple(dict.fromkeys(a.strip() for a in (row.get("alt_names") or "").split("|") if a.strip()))
    return Place(
        place_id=pid,
        name_en=(row.get("name_en") or "").strip() or name_ar,
        name_ar=name_ar,
        lat=lat,
        lon=lon,
        kind=kind,
        admin1=(row.get("admin1") or "").strip() or None,
        country=country,
        alt_names=alts,
        population=population,
        context_required=context in ("1", "true", "yes", "strict"),
        priority=priority,
        source=(row.get("source") or "").strip(),
        strict_context=context == "strict",
    )


def read_places(path: str | Path, *, text: str | None = None) -> list[Place]:
    """Read a gazetteer CSV (or ``text``, its content already read, which ``path`` then only names in messages);
    a bad row, a missing column or a duplicate id raises ``GazetteerError``."""
    path = Path(path)
    try:
        with io.StringIO(text, newline="") if text is not None else open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in ("place_id", "name_ar", "lat", "lon", "kind") if c not in (reader.fieldnames or [])]
            if missing:
                raise GazetteerError(f"{path}:1: missing column(s) {', '.join(missing)}")
            places: list[Place] = []
            seen: dict[str, int] = {}
            for row in reader:
                where = f"{path}:{reader.line_num}"
                place = place_from_row(row, where)
                if place.place_id in seen:
                    raise GazetteerError(
                        f"{where}: duplicate place_id {place.place_id!r} (first on line {seen[place.place_id]})"
                    )
                seen[place.place_id] = reader.line_num
                places.append(place)
            return places
    except UnicodeDecodeError as exc:
        raise GazetteerError(f"{path}:0: not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise GazetteerError(f"{path}:0: cannot read ({exc.strerror})") from None


def write_places(places: Iterable[Place], path: str | Path) -> None:
    """Write places in the gazetteer CSV schema, atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(COLUMNS)
            for p in places:
                w.writerow(
                    [
                        p.place_id,
                        p.name_en,
                        p.name_ar,
                        "|".join(p.alt_names),
                        p.lat,
                        p.lon,
                        p.kind,
                        p.admin1 or "",
                        p.country,
                        p.population if p.population is not None else "",
                        "strict" if p.strict_context else "1" if p.context_required else "",
                        p.priority or "",
                        p.source,
                    ]
                )
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


@dataclass(frozen=True, slots=True)
class _Ctx:
    role: str
    value: str


@lru_cache(maxsize=1)
def context_words() -> dict[str, _Ctx]:
    """The context lexicon (kind words, prepositions, relations, organisation heads), normalised."""
    out: dict[str, _Ctx] = {}
    with open(DATA_DIR / "context.tsv", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip() or line.startswith("word\t"):
                continue
            word, role, value = [*line.rstrip("\n").split("\t"), "", ""][:3]
            out.setdefault(normalize(word), _Ctx(role, value))
    return out


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


class Gazetteer:
    """An in-memory index of places: exact normalised names first, rapidfuzz only where that misses."""

    def __init__(self, places: Iterable[Place]):
        self.places: list[Place] = list(places)
        self._by_id = {p.place_id: p for p in self.places}
        self._names: dict[str, list[Place]] = {}
        self._span: dict[str, int] = {}  # first token -> most tokens of a name starting with it
        for p in self.places:
            for name in p.names:
                key = normalize(name)
                if key:
                    self._index(key, p)
        # Misspellings are looked for among Libyan names only: a foreign place is listed to tell a text set abroad,
        # and a near miss of one ("حي السلام" for السلوم، "الحصين" for الصين) would send a Libyan act abroad.
        self._fuzzy: dict[str, list[str]] = {}
        for key, bucket in self._names.items():
            if (
                " " not in key
                and len(key) >= _FUZZY_MIN_LEN
                and not all(p.context_required for p in bucket)
                and any(p.in_libya for p in bucket)
            ):
                self._fuzzy.setdefault(key[0], []).append(key)
        listed = [
            (key, p) for key, bucket in self._names.items() for p in bucket if p.in_libya and not p.context_required
        ]
        for key, p in listed:
            for variant in _spelling_variants(key):
                if variant not in self._names:  # a listed name is never taken over by another's variant
                    self._index(variant, p)
        self._ctx = context_words()
        #: directions written bare (شمال، جنوبي): after a name they may place it in a country named next
        self._directions = frozenset(w for w, c in self._ctx.items() if c.role == "relation" and c.value != "axis")
        self._ctx_cache: dict[str, tuple[_Ctx | None, int]] = {}
        self._facility_cache: dict[tuple[str, str], list[Place]] = {}
        self._readings_cache: dict[str, tuple[tuple[str, int], ...]] = {}
        self._word_cache: dict[str, tuple[tuple[tuple[str, int], ...], bool]] = {}

    def _index(self, key: str, p: Place) -> None:
        """File place ``p`` under the normalised name ``key``."""
        bucket = self._names.setdefault(key, [])
        if p not in bucket:
            bucket.append(p)
        toks = key.split(" ")
        if len(toks) <= _MAX_TOKENS:
            self._span[toks[0]] = max(self._span.get(toks[0], 0), len(toks))

    def __len__(self) -> int:
        return len(self.places)

    @property
    def name_count(self) -> int:
        return len(self._names)

    def get(self, place_id: str) -> Place | None:
        return self._by_id.get(place_id)

    # ----- one name -------------------------------------------------------------------------------
    def match(self, name: str, *, limit: int = 5, cutoff: float = 75.0) -> list[Candidate]:
        """Ranked candidates for one name: exact normalised, then clitic-stripped, then fuzzy (rapidfuzz)."""
        q = normalize(name)
        if not q:
            return []
        found: dict[str, Candidate] = {}

        def add(places: Iterable[Place], score: float, method: str, matched: str) -> None:
            for p in places:
                if p.place_id not in found or found[p.place_id].score < score:
                    found[p.place_id] = Candidate(p, score, method, matched)

        add(self._names.get(q, ()), 1.0, "exact", q)
        if not found:
            head, _, rest = q.partition(" ")
            for stem, _ in strip_clitics(head)[1:]:
                key = f"{stem} {rest}".strip()
                add(self._names.get(key, ()), 0.95, "clitic", key)
        if not found:
            from rapidfuzz import fuzz, process

            for key, score, _ in process.extract(
                q, list(self._names), scorer=fuzz.ratio, limit=limit * 3, score_cutoff=cutoff
            ):
                add(self._names[key], round(score / 100 * 0.9, 3), "fuzzy", key)
        ranked = sorted(
            found.values(),
            key=lambda c: (
                -c.score,
                not c.place.in_libya,
                -c.place.priority,
                -(c.place.population or 0),
                c.place.place_id,
            ),
        )
        return ranked[:limit]

    # ----- running text ---------------------------------------------------------------------------
    def _readings(self, tok: str) -> tuple[tuple[str, int], ...]:
        r = self._readings_cache.get(tok)
        if r is None:
            if len(self._readings_cache) > 200_000:
                self._readings_cache.clear()
            r = self._readings_cache[tok] = tuple(
                (s, n) for s, n in self._with_article_dropped(strip_clitics(tok)) if s in self._span
            )
        return r

    def _with_article_dropped(self, readings: list[tuple[str, int]]) -> list[tuple[str, int]]:
        """Readings plus each one without the article ال when only that form is a name: "الكرسة" is كرسة.

        Tried after the readings with it, and only for stems of four letters or more (الدرج is "the stairs"); never
        for a country's name in ية, where the article makes the adjective ("والسورية" is "and the Syrian")."""
        extra = [
            (s[2:], n)
            for s, n in readings
            if s.startswith("ال")
            and len(s) >= 6
            and s not in self._span
            and s[2:] in self._span
            and not (s.endswith("يه") and self._nisba_of_country(s[2:]))
        ]
        return readings + extra if extra else readings

    def _nisba_of_country(self, name: str) -> bool:
        places = self._names.get(name, ())
        return bool(places) and all(p.kind in ("country", "region") for p in places)

    def _words(self, norm: list[str]) -> list[tuple[tuple[tuple[str, int], ...], bool]]:
        """Per word: the readings that may start a name, and whether a misspelt name may follow the word.

        Filled from a cache with set operations, so that ``tag`` visits only the words where a name can begin.
        A misspelt name is looked for only after a kind or relation word in construct state: "مدينة ترهونا"
        names a place, "المدينة الواقعة" is a noun and its adjective.
        """
        cache = self._word_cache
        try:
            return list(map(cache.__getitem__, norm))  # all seen before (most texts): one look-up a word
        except KeyError:
            new = set(norm).difference(cache)
        if len(cache) > 200_000:
            cache.clear()
            new = set(norm)
        for tok in new:
            ctx, pre = self._context(tok)
            cache[tok] = (
                self._readings(tok),
                ctx is not None and ctx.role in ("kind", "relation") and not tok[pre:].startswith("ال"),
            )
        return list(map(cache.__getitem__, norm))

    def _context(self, tok: str) -> tuple[_Ctx | None, int]:
        hit = self._ctx_cache.get(tok)
        if hit is None:
            if len(self._ctx_cache) > 200_000:
                self._ctx_cache.clear()
            hit = next(((self._ctx[s], n) for s, n in strip_clitics(tok) if s in self._ctx), (None, 0))
            self._ctx_cache[tok] = hit
        return hit

    def tag(
        self,
        text: str,
        *,
        tokens: list[Token] | None = None,
        actor_places: bool = False,
        vocabulary: Container[str] = frozenset(),
    ) -> list[Mention]:
        """Every place mention in ``text`` with character offsets, longest match first, ambiguity resolved.

        ``tokens``: ``text``'s words as ``Token`` records (``normalize.tokens``) if the caller already has them.
        ``vocabulary``: normalised words the caller reads as ordinary words (an injury, a number, a trigger):
        never taken for a misspelt place ("وإصابة" is no الأصابعة); exact names are still found.
        ``actor_places``: also return names inside organisation names (مديرية أمن بنغازي), marked
        ``relation="in_actor"`` — they are not place mentions, but a building of that body can be a target.
        """
        if not text:
            return []
        toks = split_words(text) if tokens is None else tokens
        norm = list(map(_NORM, toks))
        raw_hits: list[_Hit] = []
        count = len(toks)
        info = self._words(norm)
        kind_words = list(compress(range(count), map(_FOLLOW, info)))  # indices picked in C: words are many
        fuzzy = {i + 1 for i in kind_words if i + 1 < count and len(norm[i + 1]) >= _FUZZY_MIN_LEN}
        free = 0  # the first word not inside a name found already
        for i in sorted(fuzzy.union(compress(range(count), map(_READINGS, info)))):
            if i < free:
                continue
            best = None
            for stem, pre in info[i][0]:
                for n in range(min(self._span[stem], count - i), 0, -1):
                    if best is not None and n <= best.n:
                        break
                    key = stem if n == 1 else stem + " " + " ".join(norm[i + 1 : i + n])
                    places = self._names.get(key)
                    if places:
                        best = _Hit(i, n, pre, places, "exact" if pre == 0 else "clitic", 1.0 if pre == 0 else 0.95)
                        break
            if best is not None and best.n > 1 and self._axis_prefix(norm, best):
                best = None  # "محور عين زارة": the front word is a relation on the place that follows
            if best is None and i in fuzzy:
                best = self._fuzzy_hit(i, norm, vocabulary)
            if best is not None:
                raw_hits.append(best)
                free = i + best.n
                nxt = free  # "مطار سبها وتمنهند": a misspelt name coordinated with the one just found
                if nxt < count and norm[nxt][:1] == "و" and len(norm[nxt]) > _FUZZY_MIN_LEN and not info[nxt][0]:
                    also = self._fuzzy_hit(nxt, norm, vocabulary, coordinated=True)
                    if also is not None:
                        raw_hits.append(also)
                        free = nxt + 1
        found = (
            _rehomed(text, _not_abroad(text, _not_named_for(self._resolve(text, toks, norm, raw_hits, actor_places))))
            if raw_hits
            else []
        )
        quarters = self._quarters(text, toks, norm, found, vocabulary, kind_words)
        extra = quarters + self._facilities(text, toks, norm, found)
        return sorted(found + extra, key=lambda m: m.start) if extra else found

    def _facilities(self, text: str, toks: list[Token], norm: list[str], found: list[Mention]) -> list[Mention]:
        """A port or an airport named by its kind alone (الميناء، الميناء التجاري، المطار) is the one of that kind the
        gazetteer knows within ``_FACILITY_KM`` of the Libyan town named last before it, ``_FACILITY_CHARS`` back at
        most (else right after it, before the sentence ends), with no foreign place between: "الميناء التجاري المغلق
        بالمدينة" in a report on Benghazi is Benghazi's port. With none or several such facilities (Tripoli's two
        airports), or a foreign adjective after it (الميناء الإيطالي), it names no place."""
        hints = list(_FACILITY_HINT.finditer(text))  # the few words that may be one, not every word of the text
        towns = [m for m in found if m.place.in_libya and m.place.kind in ("city", "town")] if hints else []
        if not towns:
            return []
        out = []
        starts = [t.start for t in toks]
        seen: set[int] = set()
        for hint in hints:
            i = bisect_right(starts, hint.start()) - 1
            if i < 0 or i in seen or toks[i].end < hint.end():
                continue
            seen.add(i)
            word = norm[i]
            kind, pre = next(((_FACILITY_WORDS[s], n) for s, n in strip_clitics(word) if s in _FACILITY_WORDS), ("", 0))
            if not kind or any(m.start <= toks[i].start < m.end for m in found):
                continue
            end = toks[i].end
            if i + 1 < len(norm) and _adjacent(text, toks, i, i + 1):
                nxt = norm[i + 1]
                if nxt in _FACILITY_ADJECTIVES:
                    end = toks[i + 1].end  # الميناء التجاري
                elif (nxt.startswith("ال") and nxt.endswith("ي")) or any(m.start == toks[i + 1].start for m in found):
                    continue  # الميناء الإيطالي، المطار معيتيقة: another's, or named
            start = toks[i].start + raw_offset(toks[i].raw, pre)
            before = [m for m in towns if m.end <= start and start - m.end <= _FACILITY_CHARS]
            after = [m for m in towns if m.start >= end and not _SENTENCE_END.search(text, end, m.start)]
            town = before[-1] if before else after[0] if after else None
            if town is None or any(
                not m.place.in_libya and min(town.end, end) <= m.start < max(town.start, start) for m in found
            ):
                continue  # a foreign place between: the facility may be its
            near = self._near_facilities(town.place, kind)
            if len(near) == 1:
                out.append(Mention(text[start:end], start, end, near[0], 0.6, "facility", None, kind, None))
        return out

    def _near_facilities(self, town: Place, kind: str) -> list[Place]:
        key = (town.place_id, kind)
        got = self._facility_cache.get(key)
        if got is None:
            got = self._facility_cache[key] = [
                p for p in self.places if p.kind == kind and p.in_libya and _km(p, town) <= _FACILITY_KM
            ]
        return got

    def _quarters(
        self,
        text: str,
        toks: list[Token],
        norm: list[str],
        found: list[Mention],
        vocabulary: Container[str],
        kind_words: list[int],
    ) -> list[Mention]:
        """Named quarters the gazetteer lacks, placed at their city with geo_precision 2 (relation "quarter"):
        "منطقة النهضة جنوب المدينة" (the city named last), "حي الزهور بمدينة سبها", "منطقة بوهديمة في بنغازي"."""
        heads = []
        for i in kind_words:  # the words in construct state that are kind or relation words (``_words``)
            if i >= len(norm) - 2:
                break
            ctx, pre = self._context(norm[i])
            if (
                ctx is not None
                and ctx.role == "kind"
                and ctx.value in _QUARTER_KINDS
                and not norm[i][pre:].startswith("ال")
            ):
                heads.append((i, ctx))
        if not heads or not found:
            return []
        starts = list(map(_START, toks))
        by_tok: dict[int, Mention] = {}
        for m in found:
            k = max(bisect_right(starts, m.start) - 1, 0)
            while k < len(toks) and toks[k].start < m.end:
                by_tok[k] = m
                k += 1
        out = []
        for i, ctx in heads:
            j = i + 1
            name = norm[j]
            if (
                j in by_tok
                or self._context(name)[0] is not None
                or any(stem in vocabulary for stem, _ in strip_clitics(name))
                or len(name) < _FUZZY_MIN_LEN
                or name.isdigit()
                or name.endswith("يه")
                or name.endswith("ي")  # a nisba adjective: منطقة عسكرية، الحي الليبي، حي تجاري
                or not _adjacent(text, toks, i, j + 1)
            ):
                continue
            k = j + 1
            rel, _ = self._context(norm[k])
            if rel is not None and rel.role == "relation" and rel.value not in ("axis",) and k + 1 < len(norm):
                if not _adjacent(text, toks, k, k + 1):
                    continue
                k += 1
            city = self._city_at(norm, k, by_tok, found, toks)
            if city is None:
                continue
            start, end = toks[j].start, toks[j].end
            out.append(Mention(text[start:end], start, end, city, 0.6, "quarter", "quarter", ctx.value, None))
        return out

    def _city_at(
        self, norm: list[str], k: int, by_tok: dict[int, Mention], found: list[Mention], toks: list[Token]
    ) -> Place | None:
        """The Libyan city or town at word k: named there ("بمدينة سبها", "في طرابلس", "في مدينة مصراتة"), or
        "المدينة" for the one named last before it."""
        m = by_tok.get(k)
        j = k
        while m is None and j < min(k + 2, len(norm) - 1) and self._context(norm[j])[0] is not None:
            j += 1  # past a preposition and a kind word: في مدينة
            m = by_tok.get(j)
        if m is not None:
            return m.place if m.place.in_libya and m.place.kind in ("city", "town") else None
        if any(s == "المدينه" for s, _ in strip_clitics(norm[k])) or (
            norm[k] in _PREPOSITIONS and k + 1 < len(norm) and norm[k + 1] == "المدينه"
        ):
            before = [
                x.place
                for x in found
                if x.end <= toks[k].start and x.place.in_libya and x.place.kind in ("city", "town")
            ]
            return before[-1] if before else None
        return None

    def _axis_prefix(self, norm: list[str], hit: _Hit) -> bool:
        i, n, pre = hit.i, hit.n, hit.prefix
        ctx = self._ctx.get(norm[i][pre:])
        if ctx is None or ctx.value != "axis":
            return False
        rest = norm[i + 1 : i + n]
        return any(" ".join(rest[:k]) in self._names for k in range(len(rest), 0, -1))

    def _settlement_word(self, norm: list[str], i: int) -> bool:
        """Word i follows a settlement kind word (مدينة، بلدة، قرية، منطقة، حي): "منطقة الوشكا" is a name."""
        ctx = self._context(norm[i - 1])[0] if i > 0 else None
        return ctx is not None and ctx.role == "kind" and ctx.value in _SETTLEMENTS

    def _fuzzy_hit(
        self, i: int, norm: list[str], vocabulary: Container[str] = frozenset(), *, coordinated: bool = False
    ) -> _Hit | None:
        """A misspelt name at word i (which follows a kind or relation word, see ``_words``).

        A definite word is a common noun more often than a name: after a relation word, or a kind word that is no
        settlement ("جنوب القارة", "طريق المصالحة", "قاعدة الاستثمارات"), it is only compared, without its article,
        with names written without one ("الشميخ" is اشميخ); after a settlement word ("منطقة الوشكا") with all.
        A word coordinated with a place just found ("مطار سبها وتمنهند") is a weaker cue: no definite word, and only
        names that begin with the same two letters ("وإمكانيات" is no ألمانيا)."""
        from rapidfuzz import fuzz, process

        for stem, pre in strip_clitics(norm[i]):
            if stem in self._ctx or stem in vocabulary or len(stem) < _FUZZY_MIN_LEN:
                continue
            tries = [(stem, self._fuzzy.get(stem[0], ()))]
            if coordinated:
                if stem.startswith("ال"):
                    continue
                tries = [(stem, [n for n in tries[0][1] if n[:2] == stem[:2]])]
            elif stem.startswith("ال"):
                if stem.endswith(("ي", "يه")):
                    continue  # a nisba adjective (الليبي، التونسية), never a place
                bare = stem[2:]
                tries = [
                    (
                        bare,
                        [
                            n
                            for n in (*self._fuzzy.get(bare[0], ()), *self._fuzzy.get("ا", ()))
                            if not n.startswith("ال")
                        ],
                    )
                ]
                if self._settlement_word(norm, i):
                    tries.append((stem, self._fuzzy.get(stem[0], ())))
            for query, names in tries:
                hit = process.extractOne(
                    query, names, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF if len(query) < 6 else _FUZZY_CUTOFF - 5
                )
                if hit:
                    return _Hit(i, 1, pre, self._names[hit[0]], "fuzzy", round(hit[1] / 100 * 0.9, 3))
        return None

    def _look_back(self, i: int, pre: int, norm: list[str]) -> _Around:
        """Kind hint, relation, preposition and whether the name heads into an organisation, or is a surname after a
        given name (خالد غريان، سالم زليتن), from the words before."""
        hint = relation = prep = None
        separate = False
        prefix = norm[i][:pre]
        if "ب" in prefix:
            prep = "in"
        elif "ل" in prefix:
            prep = "to"
        j = i - 1
        steps = 0
        while j >= 0 and steps < 4:
            ctx, cpre = self._context(norm[j])
            if ctx is None:
                break
            if ctx.role == "org" and ctx.value == "verbal" and any(c in norm[j][:cpre] for c in "بل"):
                break  # بحماية، لإنقاذ: protecting, rescuing — an act, not the head of a body's name
            if (ctx.role == "org" and prep != "in") or (
                ctx.role == "given" and steps == 0 and not pre and norm[j][:cpre] in ("", "و", "ف")
            ):
                if steps == 0 or (steps == 1 and hint is not None):
                    return _Around(hint, relation, prep, True, separate)
                break
            if ctx.role == "kind":
                if hint is None and relation is None:
                    hint = ctx.value
                if ctx.value == "people":
                    break  # the people of a town are no part of an organisation's name (إنقاذ أهالي درنة)
            elif ctx.role == "relation":
                relation = relation or ctx.value
            elif ctx.role == "prep":
                prep, separate = prep or ctx.value, True
                if ctx.value != "from":
                    break
            if "ب" in norm[j][:cpre] and prep is None:
                prep = "in"
            j -= 1
            steps += 1
        return _Around(hint, relation, prep, False, separate)

    def _resolve(
        self, text: str, toks: list[Token], norm: list[str], raw_hits: list[_Hit], actor_places: bool = False
    ) -> list[Mention]:
        staged: list[_Staged] = []
        prev_end_tok = -2
        dual_end = -2  # the last word of a name right after a dual organisation word (حكومتي، برلماني)
        # a name that heads a list ("نفط السدرة ورأس لانوف"): the next word is و + a name that needs no context
        listed_next = {
            h.i
            for h in raw_hits
            if norm[h.i][:1] == "و" and h.prefix >= 1 and any(not p.context_required for p in h.places)
        }
        hits_at: dict[int, _Hit] = {}
        for hit in raw_hits:
            i, n, pre = hit.i, hit.n, hit.prefix
            hint, relation, prep, in_org, separate = self._look_back(i, pre, norm)
            head = self._ctx.get(norm[i][pre:]) if n > 1 else None
            if head is not None and head.role == "kind":
                hint = hint or head.value  # a name that begins with its kind word (حي المغار، مدينة البيضاء)
            if not in_org and dual_end == i - 1 and norm[i][:1] == "و" and pre >= 1:
                in_org = True  # "برلماني طرابلس وطبرق": the second town of a dual organisation is the other's name
            dual_end = -2
            if in_org:
                before = self._context(norm[i - 1])[0] if i > 0 else None
                if before is not None and before.value == "dual":  # حكومتي طرابلس والبيضاء: two bodies, two towns
                    dual_end = i + n - 1
                prev_end_tok = -2
                if not actor_places:
                    continue
                relation = "in_actor"
            coordinated = (norm[i][:1] == "و" and pre >= 1 and prev_end_tok == i - 1) or i + n in listed_next
            after = self._ctx.get(norm[i + n]) if i + n < len(norm) else None
            nisba = after is not None and after.role == "nisba"  # البردي الليبية: a Libyan town
            # a kind word, a list or a front (محور صلاح الدين): a place even for a person's name or a noun
            sited = bool(hint or coordinated or relation == "axis")
            strong = sited or relation or separate or nisba
            has_context = strong or bool(prep)
            usable = [
                p
                for p in hit.places
                if not p.context_required
                or sited
                or (strong and not p.strict_context)
                or (has_context and not p.strict_context and (p.population or 0) >= _CLITIC_CONTEXT_POPULATION)
            ]
            if nisba and after is not None:
                usable = [p for p in usable if p.country == after.value] or usable
            beyond = None
            if (
                i + n < len(norm)
                and norm[i + n] in self._directions  # "وشمال مالي" goes on a list: a bare direction only
                and text[toks[i + n - 1].end : toks[i + n].start].strip() in ("", "،", ",")
            ):
                hits_at = hits_at or {h.i: h for h in raw_hits}
                beyond = _country_beyond(i + n, hits_at)
            if beyond is not None:  # "طرابلس شمال لبنان": that country's town, or one the gazetteer does not hold
                usable = [p for p in usable if p.country == beyond]
            if not usable:
                continue
            staged.append(_Staged(hit, usable, hint, relation, prep))
            prev_end_tok = i + n - 1
        anchors = [
            s.usable[0]
            for s in staged
            if len(s.usable) == 1 and s.usable[0].in_libya and s.usable[0].kind not in ("region", "country")
        ]
        centre = (
            (sorted(p.lat for p in anchors)[len(anchors) // 2], sorted(p.lon for p in anchors)[len(anchors) // 2])
            if anchors
            else None
        )
        votes: dict[str, int] = {}  # the countries of the text's unambiguous places, countries named included
        for st in staged:
            if len(st.usable) == 1 and st.usable[0].kind != "region":  # "جنوب البلاد" says no country itself
                votes[st.usable[0].country] = votes.get(st.usable[0].country, 0) + 1
        home = max(sorted(votes), key=votes.__getitem__) if votes else "LY"
        abroad = home if home != "LY" and votes[home] > votes.get("LY", 0) else None
        named = frozenset(votes) - {"LY"}
        placed = [
            (s.usable[0], toks[s.hit.i].start)
            for s in staged
            if named and len(s.usable) == 1 and s.usable[0].in_libya and s.usable[0].kind not in ("region", "country")
        ]
        out = []
        for (i, n, pre, _, method, score), usable, hint, relation, prep in staged:
            if len(usable) > 1:
                near = [p for p, at in placed if abs(at - toks[i].start) <= _HOMONYM_NEIGHBOUR_CHARS]
                key = partial(_rank_key, hint=hint, centre=centre, abroad=abroad, named=named, neighbours=near)
                ordered = sorted(usable, key=key)
            else:
                ordered = usable
            best = ordered[0]
            if abroad is not None and "البلاد" in norm[i + 1 : i + n] and best.kind == "region":
                continue  # "جنوب البلاد" in a text set in another country is that country's south
            if best.context_required and score >= 0.95:
                score = round(score * 0.9, 3)
            start = toks[i].start + raw_offset(toks[i].raw, pre)
            end = toks[i + n - 1].end
            out.append(
                Mention(text[start:end], start, end, best, score, method, relation, hint, prep, tuple(ordered[1:]))
            )
        return out


def _country_beyond(k: int, hits_at: dict[int, _Hit]) -> str | None:
    """The foreign country a name is placed in by the direction at word ``k`` right after it (a comma at most
    between): the direction and the country (طرابلس شمال لبنان), or a region of it the direction opens (بنقردان، جنوب
    تونس)."""
    for h in (hits_at.get(k + 1), hits_at.get(k)):
        if h is not None and h.places and all(not p.in_libya and p.kind in ("country", "region") for p in h.places):
            countries = {p.country for p in h.places}
            return countries.pop() if len(countries) == 1 else None
    return None


def _rank_key(
    p: Place,
    *,
    hint: str | None,
    centre: tuple[float, float] | None,
    abroad: str | None,
    named: frozenset[str] = frozenset(),
    neighbours: Sequence[Place] = (),
) -> tuple[float, str]:
    """Sort key among the places one name may be, best first: in Libya (or in ``abroad``, the country the text is set
    in when that is not Libya: "سوسة" in an article about Tunisia), of the kind the kind word before the name asks
    for, populous, and near ``centre`` (the median of the text's unambiguous Libyan places). A small Libyan homonym
    (context_required) with none of the Libyan places named around it (``neighbours``) near it ranks below a town
    of a foreign country the text ``named``. A row's ``priority`` counts only in a text set in Libya."""
    r = 10.0 if p.in_libya else 0.0
    if p.country == abroad:
        r = 12.0
    elif p.country in named:
        r = 9.0
    elif p.in_libya and p.context_required and named and not _has_neighbour(p, neighbours):
        r = 7.0
    elif abroad is None:
        r += p.priority  # a preference among Libyan places, not over the country a text is set in
    if hint and p.kind in _HINT_KINDS.get(hint, ()):
        r += 5.0
    if p.population:
        r += math.log10(p.population) / 10
    if centre is not None:
        r -= haversine_km(p.lat, p.lon, *centre) / 500.0
    return -r, p.place_id


def _spelling_variants(key: str) -> tuple[str, ...]:
    """The ways the news writes a Libyan name that the gazetteer row may not list: its ending (``_ending_variants``),
    a leading أبو as أبو or بو, joined to the next word or not (أبو سليم، ابوسليم، بوسليم، بو سليم), and بئر as بير."""
    first, _, rest = key.partition(" ")
    forms = {key, *(head + rest for head in _HEAD_FORMS.get(first, ()) if rest)}
    return tuple(sorted({v for f in forms for v in (f, *_ending_variants(f))} - {key}))


#: A name's first word and the ways the news writes it, with the space after it or joined to the next word.
_HEAD_FORMS = {
    "ابو": ("ابو ", "ابو", "بو ", "بو"),
    "بو": ("ابو ", "ابو", "بو ", "بو"),
    "بئر": ("بئر ", "بير "),
    "بير": ("بئر ", "بير "),
}


def _ending_variants(key: str) -> tuple[str, ...]:
    """The spellings of a name's last letters that Libyan names are written with in the news: a final ا also as ة (ه
    once normalised: شيحا، شيحة), a final اء with or without its hamza (تاورغاء، تاورغا). Only for a last
    word of four letters or more without its article, so short words stay what they are, and not after ي, where
    the two endings tell a country from its adjective (ليبيا، ليبية)."""
    head, _, last = key.rpartition(" ")
    if len(last.removeprefix("ال")) < 4:
        return ()
    lead = f"{head} " if head else ""
    if last.endswith("اء"):
        return (f"{lead}{last[:-1]}",)
    if last.endswith("يا"):
        return ()  # ليبيا، ليبية: a country and its adjective
    if last.endswith("ا"):
        return (f"{lead}{last[:-1]}ه", f"{lead}{last}ء")
    return ()  # not ة → ا: an accusative noun ends so (ارتكب جرما is no جرمة)


def _has_neighbour(p: Place, around: Sequence[Place]) -> bool:
    return any(q is not p and haversine_km(p.lat, p.lon, q.lat, q.lon) <= _HOMONYM_NEIGHBOUR_KM for q in around)


_SETTLEMENTS = frozenset({"city", "town", "village", "area", "neighbourhood"})
#: A facility named by its kind alone (normalised, with the article): the place kind it is.
_FACILITY_WORDS = {"الميناء": "port", "المرفا": "port", "المطار": "airport"}
#: Adjectives that keep a facility generic (الميناء التجاري، المطار الدولي), unlike a country's (الميناء الإيطالي).
_FACILITY_ADJECTIVES = frozenset({"التجاري", "البحري", "الدولي", "الرئيسي", "المدني"})
_FACILITY_HINT = re.compile(r"ميناء|مطار|مرفأ|مرفا")
_SENTENCE_END = re.compile(r"[.!?؟\n]")

#: Kind words that name a part of a city (منطقة، حي، ضاحية) or a site in it (معسكر، سجن، طريق): an unknown
#: name after one, with its city named beside it, is a quarter or landmark of that city.
_QUARTER_KINDS = frozenset({"area", "neighbourhood", "military_camp", "landmark", "road_or_axis"})
_PREPOSITIONS = frozenset({"في", "داخل"})


#: Kinds of place that lie inside a town or at its edge (a camp: معسكر الصاعقة is a name many towns' camps bear): the
#: town named right after them says which country, and which town, they are in.
_INSIDE_A_TOWN = frozenset({"neighbourhood", "area", "village", "landmark", "road_or_axis", "military_camp"})
_OF_TOWN = re.compile(  # not east of: Sadada lies 40 km from Bani Walid; "معسكر الصاعقة وكلية الشرطة في درنة": both
    r"^(?:\s+و[^\s،,.]+(?:\s+[^\s،,.]+){0,2})?\s*(?:ب|في\s+|بمدينة\s+|في\s+مدينة\s+|،\s*|وسط\s+(?:مدينة\s+)?)$"
)
_OF_THE_TOWN = re.compile(r"\s*(?:ب|في\s+|وسط\s+|[شغ]رقي?\s+|شمالي?\s+|جنوبي?\s+|غربي?\s+)?المدينة(?!\w)")
#: A quarter or village named as in a town ("حي الأندلس بمدينة مصراتة") is that town's when the gazetteer's place of
#: that name lies farther than this from it: quarters and suburbs sit within about 20 km of their city's point
#: (Tajoura and Janzour from Tripoli's centre), so a namesake 200 km away is another town's quarter.
QUARTER_OF_TOWN_KM = 30.0


#: An administrative unit of Libya's neighbours right after a name, or after its من (Libya has none of them): a
#: governorate, a Tunisian delegation or governorate (ولاية; not before a name: "ولاية طرابلس" is a group's
#: "province").
_FOREIGN_UNIT_AFTER = re.compile(r"\s*[،,]?\s*(?:من\s+)?[وب]?(?:معتمدية|معتمديه|محافظة|محافظه|ولاية|ولايه)\s+\w")


def _not_named_for(found: list[Mention]) -> list[Mention]:
    """A place abroad right after a landmark word is the landmark's name (دوار القدس، جسر بغداد in Tripoli), not a
    mention of it: dropped, so the landmark is read as a quarter of the town named beside it. Not one a preposition
    governs (مستشفى بباريس: a hospital in Paris)."""
    return [m for m in found if m.hint != "landmark" or m.place.in_libya or m.prep is not None]


def _not_abroad(text: str, found: list[Mention]) -> list[Mention]:
    """A Libyan quarter or village, or a misspelt name, right before a town abroad ("حي الغدران بسوسة" in Tunisia)
    or an administrative unit Libya lacks ("… معتمدية الهوارية") is that town's, not Libya's: dropped; so is a small
    Libyan namesake (context_required) set beside one as its address ("شاب من العامرية بنقردان")."""
    out = []
    for k, m in enumerate(found):
        nxt = found[k + 1] if k + 1 < len(found) else None
        small = m.place.kind in _INSIDE_A_TOWN or m.method == "fuzzy" or m.place.context_required
        if m.place.in_libya and small and _FOREIGN_UNIT_AFTER.match(text, m.end):
            continue  # "منطقة بوكريم معتمدية الهوارية": a place of a Tunisian delegation, not a Libyan namesake
        if (
            nxt is not None
            and m.place.in_libya
            and not nxt.place.in_libya
            and nxt.place.kind in ("city", "town")
            and (m.place.kind in _INSIDE_A_TOWN or m.method == "fuzzy" or m.place.context_required)
            and (
                _OF_TOWN.match(text[m.end : nxt.start])
                or (m.place.context_required and not text[m.end : nxt.start].strip())
            )
        ):
            continue
        out.append(m)
    return out


def _rehomed(text: str, found: list[Mention]) -> list[Mention]:
    """A quarter or village named as in a Libyan town far from the gazetteer's place of that name ("حي الأندلس
    بمدينة مصراتة": the Tripoli quarter is 190 km away) is a namesake in that town: the one near it among the
    name's places, else an unknown quarter at the town (geo_precision 2), as for names the gazetteer lacks."""
    out = list(found)
    for k, m in enumerate(found):
        if not (m.place.in_libya and m.place.kind in _INSIDE_A_TOWN):
            continue
        if k + 1 < len(found) and _OF_TOWN.match(text[m.end : found[k + 1].start]):
            town = found[k + 1].place
        elif _OF_THE_TOWN.match(text, m.end):  # "… وسط المدينة": the town named last
            town = next((x.place for x in reversed(found[:k]) if x.place.kind in ("city", "town")), m.place)
        else:
            continue
        if not (town.in_libya and town.kind in ("city", "town") and _km(m.place, town) > QUARTER_OF_TOWN_KM):
            continue
        near = [p for p in m.alternatives if _km(p, town) <= QUARTER_OF_TOWN_KM]
        if near:
            out[k] = replace(
                m, place=near[0], alternatives=tuple(p for p in (m.place, *m.alternatives) if p != near[0])
            )
        else:
            out[k] = Mention(m.surface, m.start, m.end, town, 0.6, "quarter", "quarter", m.hint, m.prep)
    return out


def _km(a: Place, b: Place) -> float:
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


def _adjacent(text: str, toks: list[Token], a: int, b: int) -> bool:
    """Words a..b follow one another with nothing but spaces between (no comma, stop or quote)."""
    return all(not text[toks[x].end : toks[x + 1].start].strip() for x in range(a, b))


@lru_cache(maxsize=4)
def _load_cached(shipped: str, user: str | None, user_mtime: float, user_text: str | None = None) -> Gazetteer:
    places = {p.place_id: p for p in read_places(shipped)}
    if user:
        for p in read_places(user, text=user_text):
            old = places.get(p.place_id)
            if old is None:
                places[p.place_id] = p
            else:  # an import only adds names to a curated place; later fixes of the curated row still show
                extra = tuple(a for a in p.names if a not in old.names)
                places[p.place_id] = replace(old, alt_names=old.alt_names + extra) if extra else old
    return Gazetteer(places.values())


def load(*, user: bool = True, path: str | Path | None = None, user_places: str | None = None) -> Gazetteer:
    """The shipped gazetteer (or ``path``) with the user's imported places on top; cached per process.

    ``user_places`` is the content of a user gazetteer to take instead of this user's file: a Dask worker gets
    the client's, so every worker finds the places the client would.
    """
    shipped = str(path or SHIPPED)
    if user_places is not None:
        return _load_cached(shipped, "<user places of the ingesting client>", 0.0, user_places)
    up = user_gazetteer_path() if user else None
    if up is not None and up.exists():
        return _load_cached(shipped, str(up), up.stat().st_mtime)
    return _load_cached(shipped, None, 0.0)
