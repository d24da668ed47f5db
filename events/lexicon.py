"""Actor, trigger and modality lexicons (events/data/*.tsv) and a fast phrase matcher over raw article text.

The tables are data, not code: this module only validates them and finds their phrases in text, returning
offsets into the original string so the extractor can cite evidence and mask actor names that contain places.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Container, Iterable
from dataclasses import dataclass, replace
from itertools import compress
from operator import itemgetter
from pathlib import Path
from typing import Any, Generic, TypeVar

from gazetteer.normalize import Token, normalize, normalize_token, raw_offset, strip_clitics, tokens

DATA = Path(__file__).resolve().parent / "data"
ACTORS_TSV = DATA / "actors.tsv"
TRIGGERS_TSV = DATA / "triggers.tsv"
MODALITY_TSV = DATA / "modality.tsv"

#: Longest phrase, in tokens, that a pattern may have.
MAX_TOKENS = 6

#: ACLED event types and their sub-event types (codebook 2019+).
SUB_EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}
ACTOR_TYPES = (
    "State forces",
    "Rebel group",
    "Political militia",
    "Identity militia",
    "Rioters",
    "Protesters",
    "Civilians",
    "External/Other forces",
)
SIDES = ("", "LNA", "GNA", "IS", "ISLAMIST", "TEBU", "TUAREG", "CIVILIAN", "INTL", "UNKNOWN", "GOV2011", "REBEL2011")
MODALITY_KINDS = ("call", "threat", "denial", "plan", "conditional", "negation", "condemnation", "hedge")
MODALITY_SCOPES = ("clause", "sentence")


@dataclass(frozen=True, slots=True)
class Actor:
    """One actor of the actor table; ``side`` is the camp key used to infer opponents ("" when it changed)."""

    actor: str
    actor_type: str
    side: str
    aliases: tuple[str, ...]
    notes: str = ""


@dataclass(frozen=True, slots=True)
class Trigger:
    """A word or phrase signalling an ACLED event of one sub-type, with how strongly (0..1)."""

    pattern: str
    event_type: str
    sub_event_type: str
    weight: float
    notes: str = ""
    told: str = ""  # on a hit's copy, never a lexicon row: "done" (سيطرت القوات), "announced" (أعلنت القوات السيطرة)


@dataclass(frozen=True, slots=True)
class Modality:
    """A word that makes its clause or sentence not a report of something that happened (call, threat, …)."""

    pattern: str
    kind: str
    scope: str
    notes: str = ""


T = TypeVar("T", Actor, Trigger, Modality)


@dataclass(frozen=True, slots=True)
class Hit(Generic[T]):
    """A lexicon phrase found in text; ``start``/``end`` index the original text, ``surface`` is text[start:end]."""

    start: int
    end: int
    surface: str
    item: T


# ---------------------------------------------------------------------------------------------------- loading


def _rows(path: Path, columns: tuple[str, ...]) -> Iterable[tuple[int, list[str]]]:
    """(line number, fields) of a TSV with a header row; '#' lines and blank lines are skipped."""
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    header_seen = False
    for lineno, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if not header_seen:
            if tuple(f.strip() for f in fields) != columns:
                raise ValueError(f"{path}:{lineno}: header must be {' | '.join(columns)}, found {' | '.join(fields)}")
            header_seen = True
            continue
        if len(fields) != len(columns):
            raise ValueError(f"{path}:{lineno}: expected {len(columns)} tab-separated columns, found {len(fields)}")
        yield lineno, [f.strip() for f in fields]
    if not header_seen:
        raise ValueError(f"{path}: empty table (no header row {' | '.join(columns)})")


@functools.lru_cache(maxsize=32_768)
def _pattern_key(pattern: str) -> tuple[tuple[str, bool], ...]:
    """Normalised tokens of a pattern as (text, is_prefix); a trailing ``*`` makes a token a prefix (cached: the
    tables' checks, their generated forms and the matchers all ask for the same patterns)."""
    out: list[tuple[str, bool]] = []
    for raw in pattern.split():
        prefix = raw.endswith("*")
        parts = normalize(raw.rstrip("*")).split()
        if not parts:
            continue
        out.extend((p, False) for p in parts[:-1])
        out.append((parts[-1], prefix))
    return tuple(out)


def pattern_key(pattern: str) -> tuple[tuple[str, bool], ...]:
    """A table pattern's normalised tokens as (text, is prefix), as the matchers read them."""
    return _pattern_key(pattern)


def _check_pattern(path: Path, lineno: int, pattern: str) -> tuple[tuple[str, bool], ...]:
    key = _pattern_key(pattern)
    if not key:
        raise ValueError(f"{path}:{lineno}: empty pattern")
    if len(key) > MAX_TOKENS:
        raise ValueError(f"{path}:{lineno}: pattern {pattern!r} has {len(key)} words, at most {MAX_TOKENS} allowed")
    return key


def load_actors(path: Path | str | None = None) -> list[Actor]:
    """Read and validate the actor table; every normalised alias must belong to one actor only."""
    path = Path(path) if path is not None else ACTORS_TSV
    actors: list[Actor] = []
    names: set[str] = set()
    owner: dict[tuple[tuple[str, bool], ...], str] = {}
    for lineno, (name, actor_type, side, aliases, notes) in _rows(
        path, ("actor", "actor_type", "side", "aliases", "notes")
    ):
        if not name:
            raise ValueError(f"{path}:{lineno}: empty actor name")
        if name in names:
            raise ValueError(f"{path}:{lineno}: actor {name!r} listed twice")
        if actor_type not in ACTOR_TYPES:
            raise ValueError(
                f"{path}:{lineno}: unknown actor_type {actor_type!r} (expected one of {', '.join(ACTOR_TYPES)})"
            )
        if side not in SIDES:
            raise ValueError(
                f"{path}:{lineno}: unknown side {side!r} (expected empty or one of {', '.join(SIDES[1:])})"
            )
        kept: list[str] = []
        for alias in (a.strip() for a in aliases.split("|")):
            if not alias:
                continue
            key = _check_pattern(path, lineno, alias)
            if any(prefix for _, prefix in key):
                raise ValueError(f"{path}:{lineno}: alias {alias!r}: '*' prefixes are not allowed in actor aliases")
            if key in owner and owner[key] != name:
                raise ValueError(f"{path}:{lineno}: alias {alias!r} already belongs to {owner[key]!r}")
            if key not in owner:
                owner[key] = name
                kept.append(alias)
        if not kept:
            raise ValueError(f"{path}:{lineno}: actor {name!r} has no aliases")
        names.add(name)
        actors.append(Actor(name, actor_type, side, tuple(kept), notes))
    if path == ACTORS_TSV:
        actors = _with_nationals(_with_aircraft(actors, owner), owner)
    return actors


def _claim(
    aliases: list[str], name: str, owner: dict[tuple[tuple[str, bool], ...], str], path: Path, lineno: int
) -> list[str]:
    """Generated aliases for actor ``name``; one another actor already owns is an error naming the data line."""
    for alias in aliases:
        key = _check_pattern(path, lineno, alias)
        if owner.setdefault(key, name) != name:
            raise ValueError(f"{path}:{lineno}: alias {alias!r} already belongs to {owner[key]!r}")
    return aliases


#: Person nouns that, with a nationality after them, name civilians of that country (nationalities.tsv).
CIVILIAN_NOUNS = (
    ("مواطنين", "مواطن"),
    ("مواطنون", "مواطن"),
    ("عمال", "عامل"),
    ("رعايا", "رعية"),
    ("مهندسين", "مهندس"),
    ("صيادين", "صياد"),
    ("أقباط", "قبطي"),
    ("موظفين", "موظف"),
    ("طلاب", "طالب"),
    ("أطباء", "طبيب"),
    ("فنيين", "فني"),
    ("سياح", "سائح"),
    ("مدنيين", "مدني"),
)


def _with_nationals(actors: list[Actor], owner: dict[tuple[tuple[str, bool], ...], str]) -> list[Actor]:
    """Civilians of each nationality of nationalities.tsv: مواطنين مصريين، العمال المصريين، عامل مصري."""
    path = DATA / "nationalities.tsv"
    by_name = {a.actor: a for a in actors}
    for lineno, (country, singular, plurals) in _rows(path, ("country", "singular", "plural")):
        name = f"Civilians ({country})"
        forms = []
        for noun_pl, noun_sg in CIVILIAN_NOUNS:
            for adj in plurals.split("|"):
                forms += [f"{noun_pl} {adj}", f"ال{noun_pl} ال{adj}"]
                if not adj.endswith(("ين", "ون")):  # a broken plural takes the accusative's alif: مهندسين أتراكا
                    noun_acc = noun_pl if noun_pl.endswith(("ين", "ون")) else noun_pl + "ا"  # عمالا أتراكا
                    forms.append(f"{noun_acc} {adj}ا")
            forms += [f"{noun_sg} {singular}", f"{noun_sg}ا {singular}ا", f"ال{noun_sg} ال{singular}"]
        kept = _claim(forms, name, owner, path, lineno)
        old = by_name.get(name)
        by_name[name] = (
            replace(old, aliases=tuple(dict.fromkeys((*old.aliases, *kept))))
            if old is not None
            else Actor(name, "Civilians", "CIVILIAN", tuple(kept), "victims of their nationality (nationalities.tsv)")
        )
    return list(by_name.values())


@functools.lru_cache(maxsize=1)
def counted_nationals() -> dict[str, str]:
    """Normalised nationality words that, right after a number, are people of that country (أربعة إيطاليين، 21
    مصريا، ثلاثة تونسيون) → the "Civilians (country)" actor."""
    out: dict[str, str] = {}
    for _, (country, singular, plurals) in _rows(DATA / "nationalities.tsv", ("country", "singular", "plural")):
        for form in (*plurals.split("|"), singular + "ا"):
            out.setdefault(normalize_token(form), f"Civilians ({country})")
    return out


@functools.lru_cache(maxsize=1)
def national_duals() -> frozenset[str]:
    """The nominative duals of the nationality adjectives (تونسيان، مصريان): two people of that country, a form no
    plural shares (تونسيين is also the plural)."""
    rows = _rows(DATA / "nationalities.tsv", ("country", "singular", "plural"))
    return frozenset(normalize_token(singular + "ان") for _, (_, singular, _) in rows)


#: Aircraft and air-raid nouns that, with a state's adjective after them, name that state's military (air_forces.tsv).
AIR_NOUNS = (
    "طائرة",
    "طائرات",
    "مقاتلة",
    "مقاتلات",
    "مسيرة",
    "مسيرات",
    "طائرة مسيرة",
    "طائرات مسيرة",
    "طائرة حربية",
    "طائرات حربية",
    "غارة",
    "غارات",
    "غارة جوية",
    "غارات جوية",
    "ضربة جوية",
    "ضربات جوية",
)


def _with_aircraft(actors: list[Actor], owner: dict[tuple[tuple[str, bool], ...], str]) -> list[Actor]:
    """Each state of air_forces.tsv gets its aircraft, its raids and its forces as aliases: مقاتلات مصرية، الطائرات
    المصرية، غارة جوية أمريكية، الطيران المصري، القصف الجوي الأمريكي، قوات أميركية، القوات الأميركية."""
    path = DATA / "air_forces.tsv"
    extra: dict[str, list[str]] = {}
    for lineno, (name, adjective) in _rows(path, ("actor", "adjective")):
        if name not in {a.actor for a in actors}:
            raise ValueError(f"{path}:{lineno}: unknown actor {name!r}")
        if not adjective.startswith("ال"):
            raise ValueError(f"{path}:{lineno}: adjective {adjective!r} must be the definite form (ال…)")
        bare = adjective.removeprefix("ال")
        forms = [f"الطيران {adjective}", f"الطيران الحربي {adjective}", f"الطيران المسير {adjective}"]
        forms += [f"قصف جوي {bare}", f"القصف الجوي {adjective}"]
        forms += [f"قوات {bare}ة", f"القوات {adjective}ة"]
        for noun in AIR_NOUNS:
            first, *rest = noun.split()
            definite = " ".join(["ال" + first, *("ال" + w for w in rest)])
            forms += [f"{noun} {bare}ة", f"{definite} {adjective}ة"]
        extra.setdefault(name, []).extend(_claim(forms, name, owner, path, lineno))
    return [
        replace(a, aliases=tuple(dict.fromkeys((*a.aliases, *extra[a.actor])))) if a.actor in extra else a
        for a in actors
    ]


def load_triggers(path: Path | str | None = None) -> list[Trigger]:
    """Read and validate the trigger table (ACLED type/sub-type pairs, weights in 0..1, unique patterns)."""
    path = Path(path) if path is not None else TRIGGERS_TSV
    out: list[Trigger] = []
    seen: dict[tuple[tuple[str, bool], ...], int] = {}
    cols = ("pattern", "event_type", "sub_event_type", "weight", "notes")
    for lineno, (pattern, event_type, sub_type, weight, notes) in _rows(path, cols):
        key = _check_pattern(path, lineno, pattern)
        if event_type not in SUB_EVENT_TYPES:
            raise ValueError(f"{path}:{lineno}: unknown event_type {event_type!r}")
        if sub_type not in SUB_EVENT_TYPES[event_type]:
            raise ValueError(f"{path}:{lineno}: {sub_type!r} is not a sub-event type of {event_type!r}")
        try:
            w = float(weight)
        except ValueError:
            raise ValueError(f"{path}:{lineno}: weight {weight!r} is not a number") from None
        if not 0.0 <= w <= 1.0:
            raise ValueError(f"{path}:{lineno}: weight {w} outside 0..1")
        if key in seen:
            raise ValueError(f"{path}:{lineno}: pattern {pattern!r} repeats line {seen[key]}")
        seen[key] = lineno
        out.append(Trigger(pattern, event_type, sub_type, w, notes))
    return out


_ARABIC_WORD = re.compile(r"^[\u0621-\u064a]{3,}$")


def inflections(word: str) -> list[str]:
    """The accusative and dual forms a one-word noun trigger takes in news (20 صاروخا، نصبوا كمينا، قذيفتين،
    انفجاران), which a table row for the base form would otherwise miss. Plurals, verbs' endings and words ending
    in a vowel letter or hamza get none."""
    if not _ARABIC_WORD.match(word) or word.endswith(("ات", "ين", "ون", "ا", "ى", "ي", "ء", "و")):
        return []
    if word.endswith("ة"):
        return [word[:-1] + "تين", word[:-1] + "تان"]
    forms = [word + "ين", word + "ان"]
    return forms if word.startswith("ال") else [word + "ا", *forms]


def _accusative_before_li(pattern: str, patterns: Container[str]) -> list[str]:
    """A phrase whose noun is followed by a complement with لـ takes the accusative on the noun as an object
    (وقعوا اتفاقا لوقف إطلاق النار، أعلنوا وقفا لإطلاق النار), which no construct phrase can. The لـ is that
    preposition when the table also has the construct without it (اتفاق وقف إطلاق النار), not a word's letter
    (انفجار لغم)."""
    first, _, rest = pattern.partition(" ")
    if not rest.startswith("ل") or f"{first} {rest[1:]}" not in patterns:
        return []
    return [f"{form} {rest}" for form in inflections(first) if form == first + "ا"]


def _with_inflections(entries: Iterable[tuple[str, T]]) -> list[tuple[str, T]]:
    """(pattern, item) for a table's rows and the inflected forms of its one-word rows (``inflections``): a
    trigger (20 صاروخا) or a people's name (قتل 12 مهاجرا), each form kept only where no row of its own exists."""
    entries = list(entries)
    taken = {_pattern_key(p) for p, _ in entries}
    out = list(entries)
    patterns = {p for p, _ in entries}
    for pattern, item in entries:
        for form in inflections(pattern) or _accusative_before_li(pattern, patterns):
            key = _pattern_key(form)
            if key not in taken:
                taken.add(key)
                out.append((form, item))
    return out


#: Words that head a militia's name by its town or people (قوات مصراتة، مسلحي ورشفانة) and the ways news name some
#: of its men instead (مسلحون من ورشفانة، قوة من الزاوية): the same actor.
_MILITIA_HEADS = frozenset({"قوات", "كتائب", "ميليشيات", "مليشيات", "مسلحي", "مسلحو", "ثوار"})
_MEN_FROM = ("مسلحين من", "مسلحون من", "مقاتلين من", "مقاتلون من", "قوة من", "قوات من")


def _from_forms(entries: Iterable[tuple[str, Actor]]) -> list[tuple[str, Actor]]:
    """A militia named by its town or people (``Identity militia``, ``Political militia``: قوات مصراتة، مسلحي
    ورشفانة) is also named by "armed men from" that town (مسلحون من ورشفانة، قوة من الزاوية); a name with أبو is also
    written with it joined (أبوسليم)."""
    entries = list(entries)
    have = {p for p, _ in entries}
    out = list(entries)
    for pattern, actor in entries:
        if " أبو " in f" {pattern} ":  # الأمن المركزي أبو سليم is also written أبوسليم
            joined = re.sub(r"(?<!\S)أبو\s+", "أبو", pattern)
            if joined not in have:
                have.add(joined)
                out.append((joined, actor))
        head, _, rest = pattern.partition(" ")
        if actor.actor_type not in ("Identity militia", "Political militia") or head not in _MILITIA_HEADS or not rest:
            continue
        if rest.split(" ")[0] in _MILITIA_HEADS:
            continue
        for men in _MEN_FROM:
            form = f"{men} {rest}"
            if form not in have:
                have.add(form)
                out.append((form, actor))
    return out


def load_modality(path: Path | str | None = None) -> list[Modality]:
    """Read and validate the modality table (kind and scope from fixed sets, unique patterns)."""
    path = Path(path) if path is not None else MODALITY_TSV
    out: list[Modality] = []
    seen: dict[tuple[tuple[str, bool], ...], int] = {}
    for lineno, (pattern, kind, scope, notes) in _rows(path, ("pattern", "kind", "scope", "notes")):
        key = _check_pattern(path, lineno, pattern)
        if kind not in MODALITY_KINDS:
            raise ValueError(f"{path}:{lineno}: unknown kind {kind!r} (expected one of {', '.join(MODALITY_KINDS)})")
        if scope not in MODALITY_SCOPES:
            raise ValueError(f"{path}:{lineno}: unknown scope {scope!r} (expected clause or sentence)")
        if key in seen:
            raise ValueError(f"{path}:{lineno}: pattern {pattern!r} repeats line {seen[key]}")
        seen[key] = lineno
        out.append(Modality(pattern, kind, scope, notes))
    return out


# ---------------------------------------------------------------------------------------------------- matching

#: Punctuation between two words that ends a phrase (a phrase never spans a comma, bracket, quote or sentence end).
_BREAK = re.compile(r"[،,;؛:!?؟()\[\]{}«»\"“”\n\r\t]|\.(?:\s|$)")


@dataclass(frozen=True, slots=True)
class _Pattern(Generic[T]):
    tokens: tuple[tuple[str, bool], ...]
    item: T
    rank: tuple[int, int, int]  # (words, exact words, letters): bigger wins


#: A pattern that may start at a token, as ((-rank, order), pattern, proclitic length): smaller sorts first.
_Entry = tuple[tuple[tuple[int, ...], int], _Pattern[T], int]


def _rank(tokens: tuple[tuple[str, bool], ...]) -> tuple[int, int, int]:
    return (len(tokens), sum(not p for _, p in tokens), sum(len(t) for t, _ in tokens))


class _Matcher(Generic[T]):
    """Greedy left-to-right, longest-match-first phrase matcher over normalised tokens."""

    def __init__(self, entries: Iterable[tuple[str, T]], *, article: bool):
        self.article = article
        self.exact: dict[str, list[_Pattern[T]]] = {}
        self.prefix: dict[str, list[_Pattern[T]]] = {}
        self._prefix_lens: tuple[int, ...] = ()
        for pattern, item in entries:
            tokens = _pattern_key(pattern)
            if not tokens:
                continue
            p = _Pattern(tokens, item, _rank(tokens))
            head, is_prefix = tokens[0]
            (self.prefix if is_prefix else self.exact).setdefault(head, []).append(p)
        self._prefix_lens = tuple(sorted({len(h) for h in self.prefix}))

    def _readings(self, token: str) -> list[tuple[str, int, bool]]:
        """Stems of the first token with proclitics removed, as (stem, offset, article dropped).

        With ``article``, a stem with the article ال also offers the bare noun (الغارة → غارة, الاشتباكات →
        اشتباك*); that reading uses prefix patterns only when the prefix has 4+ letters (الحذر is not حذر*).
        """
        readings = [(s, n, False) for s, n in strip_clitics(token)]
        if self.article:
            readings += [(s[2:], n, True) for s, n, _ in readings if s.startswith("ال") and len(s) >= 5]
        return readings

    def _candidates(self, stem: str, *, article_dropped: bool) -> Iterable[_Pattern[T]]:
        yield from self.exact.get(stem, ())
        for n in self._prefix_lens:
            if n > len(stem):
                break
            if article_dropped and n < 4:
                continue
            yield from self.prefix.get(stem[:n], ())

    def _starts(self, token: str) -> tuple[dict[str, tuple[_Entry[T], ...]], tuple[_Entry[T], ...]] | tuple[()]:
        """Patterns that may start at this normalised token, cached per token; () when none.

        As (by second word, the rest): the patterns whose second word is exact, keyed by it, and all others, each
        as ((-rank, order), pattern, proclitic length) best first, so a scan tries only what the next word allows.
        """
        cache = self.__dict__.setdefault("_start_cache", {})
        got: tuple[dict[str, tuple[_Entry[T], ...]], tuple[_Entry[T], ...]] | tuple[()] | None = cache.get(token)
        if got is None:
            if len(cache) > 200_000:
                cache.clear()
            found = [
                (p, n)
                for stem, n, dropped in self._readings(token)
                for p in self._candidates(stem, article_dropped=dropped)
            ]
            ranked = sorted(
                (((tuple(-r for r in p.rank), k), p, n) for k, (p, n) in enumerate(found)), key=lambda e: e[0]
            )
            by_second: dict[str, list[_Entry[T]]] = {}
            rest: list[_Entry[T]] = []
            for entry in ranked:
                tokens = entry[1].tokens
                if len(tokens) > 1 and not tokens[1][1]:
                    by_second.setdefault(tokens[1][0], []).append(entry)
                else:
                    rest.append(entry)
            got = cache[token] = ({w: tuple(e) for w, e in by_second.items()}, tuple(rest)) if found else ()
        return got

    def find(self, text: str, toks: list[Token] | None = None, lo: int = 0, hi: int | None = None) -> list[Hit[T]]:
        """Hits in ``text``; ``toks`` (from ``tokens(text)``) may be shared between calls, ``lo:hi`` limits the scan."""
        toks = tokens(text) if toks is None else toks
        joinable = _LazyJoin(self, text, toks)
        hits: list[Hit[T]] = []
        hi = len(toks) if hi is None else hi
        cache = self.__dict__.setdefault("_start_cache", {})
        norms = list(map(_NORM, toks[lo:hi]))
        for token in set(norms).difference(cache):  # words never seen: find what may start at them, once
            self._starts(token)
        got = list(map(cache.get, norms))
        if None in got:  # the cache was emptied while filling: an unknown word counts as a possible start
            got = [g is None or g for g in got]
        free = lo  # the first word after the last hit
        for i in compress(range(lo, hi), got):  # only words something may start at, picked in C
            if i < free:
                continue
            starts = cache.get(toks[i][3]) or self._starts(toks[i][3])
            if not starts:
                continue
            best: _Entry[T] | None = None
            by_second, rest = starts
            for group in (by_second.get(toks[i + 1][3], ()) if by_second and i + 1 < hi else (), rest):
                for entry in group:
                    if best is not None and entry[0] >= best[0]:
                        break
                    p = entry[1]
                    if len(p.tokens) == 1 or self._rest_matches(p.tokens, toks, joinable, i, hi):
                        best = entry
                        break
            if best is None:
                continue
            _, p, n = best
            start = toks[i][0] + raw_offset(toks[i][2], n)
            last = i + len(p.tokens) - 1
            end = toks[last][1]
            hits.append(Hit(start, end, text[start:end], p.item))
            free = last + 1
        return hits

    @staticmethod
    def _joinable(text: str, left: Token, right: Token) -> bool:
        """Whether two neighbouring tokens may belong to one phrase; "U.S. forces" is one, "… قصف. جوي" is not."""
        gap = text[left[1] : right[0]]
        if not gap or gap.isspace():
            return True
        if _BREAK.search(gap):
            return len(left[2]) == 1 and left[2].isascii() and left[2].isalpha() and gap.strip() == "."
        return True

    @staticmethod
    def _rest_matches(
        tokens: tuple[tuple[str, bool], ...], toks: list[Token], joinable: _LazyJoin, i: int, hi: int | None = None
    ) -> bool:
        if i + len(tokens) > (len(toks) if hi is None else hi):
            return False
        for k in range(1, len(tokens)):
            want, is_prefix = tokens[k]
            got = toks[i + k][3]
            if not (got.startswith(want) if is_prefix else got == want):
                return False
        return all(joinable[i + k - 1] for k in range(1, len(tokens)))  # words first: they fail cheaply


_NORM = itemgetter(3)  # a Token's normalised form


class _LazyJoin:
    """``joinable[i]`` for neighbouring tokens i, i+1, computed only when a multi-word pattern asks."""

    __slots__ = ("m", "text", "toks")

    def __init__(self, matcher: _Matcher[Any], text: str, toks: list[Token]) -> None:
        self.m, self.text, self.toks = matcher, text, toks

    def __getitem__(self, i: int) -> bool:
        return self.m._joinable(self.text, self.toks[i], self.toks[i + 1])


class Lexicon:
    """The three tables with their matchers; build once (``load_lexicon()``) and reuse, it is immutable."""

    def __init__(self, actors: list[Actor], triggers: list[Trigger], modality: list[Modality]):
        self.actors: tuple[Actor, ...] = tuple(actors)
        self.triggers: tuple[Trigger, ...] = tuple(triggers)
        self.modality: tuple[Modality, ...] = tuple(modality)
        self._by_name = {a.actor: a for a in self.actors}
        self._actor_matcher = _Matcher(
            _with_inflections(_from_forms((al, a) for a in self.actors for al in a.aliases)), article=False
        )
        self._trigger_matcher = _Matcher(_with_inflections((t.pattern, t) for t in self.triggers), article=True)
        self._modality_matcher = _Matcher(((m.pattern, m) for m in self.modality), article=True)

    def actor(self, name: str) -> Actor | None:
        """The actor with this canonical name, or None."""
        return self._by_name.get(name)

    def find_actors(
        self, text: str, toks: list[Token] | None = None, lo: int = 0, hi: int | None = None
    ) -> list[Hit[Actor]]:
        """Actor names in ``text``, longest alias first, left to right, non-overlapping."""
        return self._actor_matcher.find(text, toks, lo, hi)

    def find_triggers(
        self, text: str, toks: list[Token] | None = None, lo: int = 0, hi: int | None = None
    ) -> list[Hit[Trigger]]:
        """Event trigger words in ``text``, longest pattern first, left to right, non-overlapping."""
        return self._trigger_matcher.find(text, toks, lo, hi)

    def find_modality(
        self, text: str, toks: list[Token] | None = None, lo: int = 0, hi: int | None = None
    ) -> list[Hit[Modality]]:
        """Modality words (calls, threats, denials, …) in ``text``."""
        return self._modality_matcher.find(text, toks, lo, hi)


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The shipped lexicon, read and validated once per process."""
    return Lexicon(load_actors(), load_triggers(), load_modality())
