"""Typed records of the gazetteer: a place, a candidate for a queried name, a mention in text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

KINDS = frozenset(
    {
        "city",
        "town",
        "village",
        "neighbourhood",
        "district",
        "region",
        "airbase",
        "airport",
        "port",
        "oil_terminal",
        "oilfield",
        "military_camp",
        "road_or_axis",
        "border_crossing",
        "landmark",
        "country",
    }
)
#: Kinds too vague to be an event point (CONTRACT §5 leaves them out of place scoring).
AREA_KINDS = frozenset({"region", "country"})


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer row."""

    place_id: str
    name_en: str
    name_ar: str
    lat: float
    lon: float
    kind: str
    admin1: str | None = None
    country: str = "LY"
    alt_names: tuple[str, ...] = ()
    population: int | None = None
    context_required: bool = False
    priority: int = 0
    source: str = ""
    #: The name's ordinary reading (a person, a common noun: السراج، الشاطئ) takes a preposition or a relation word as
    #: often as the place does (قرب الشاطئ), so only a kind word or a list of places makes it a place ("strict").
    strict_context: bool = False

    @property
    def in_libya(self) -> bool:
        return self.country == "LY"

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name_ar, self.name_en, *self.alt_names)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place proposed for a queried name, with how it was found."""

    place: Place
    score: float
    method: str  # "exact", "clitic" or "fuzzy"
    matched: str = ""


@dataclass(frozen=True, slots=True)
class Mention:
    """A place named in running text; offsets are character offsets into the analysed string.

    ``relation`` records a spatial qualifier in front of the name ("east", "near", "outskirts", "axis"...);
    ``hint`` is the kind word before it (قاعدة → airbase) and ``prep`` the preposition that governs it.
    """

    surface: str
    start: int
    end: int
    place: Place
    score: float
    method: str
    relation: str | None = None
    hint: str | None = None
    prep: str | None = None
    alternatives: tuple[Place, ...] = field(default=(), compare=False)

    @property
    def geo_precision(self) -> int:
        if self.place.kind in ("region", "country", "district"):
            return 3
        return 2 if self.relation and self.relation not in ("axis", "in_actor") else 1

    def to_dict(self) -> dict[str, Any]:
        p = self.place
        return {
            "surface": self.surface,
            "start": self.start,
            "end": self.end,
            "place_id": p.place_id,
            "name": p.name_en,
            "name_ar": p.name_ar,
            "kind": p.kind,
            "lat": p.lat,
            "lon": p.lon,
            "in_libya": p.in_libya,
            "admin1": p.admin1,
            "score": round(self.score, 3),
            "method": self.method,
            "relation": self.relation,
        }
