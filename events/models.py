"""Typed records of the events package: an input article and an extracted event (CONTRACT §1, §4)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

EVENT_TYPES = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
)

#: The CONTRACT §4 property names, in output order.
EVENT_PROPERTIES = (
    "event_id",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "location",
    "location_ar",
    "admin1",
    "place_id",
    "geo_precision",
    "fatalities",
    "evidence",
    "doc_id",
    "source",
    "url",
    "confidence",
)


@dataclass(frozen=True, slots=True)
class Article:
    """One input article. ``analysed_text`` is what offsets refer to: title + "\\n" + text, or text."""

    text: str
    id: str = ""
    title: str = ""
    date: str | None = None
    source: str = ""
    url: str = ""
    origin: str = ""  # "file:line" the article was read from, for messages
    _hash: str = field(default="", init=False, repr=False, compare=False)  # text_hash, once asked

    @property
    def doc_id(self) -> str:
        return self.id or hashlib.sha1(self.text.encode("utf-8")).hexdigest()

    @property
    def analysed_text(self) -> str:
        return f"{self.title}\n{self.text}" if self.title else self.text

    @property
    def text_hash(self) -> str:
        """SHA-1 of the analysed text, computed once (the store asks for it several times per article)."""
        if not self._hash:
            object.__setattr__(self, "_hash", hashlib.sha1(self.analysed_text.encode("utf-8")).hexdigest())
        return self._hash


@dataclass(frozen=True, slots=True)
class Event:
    """One ACLED-style event; field names are CONTRACT §4's. ``lat``/``lon`` are None when unresolved.

    ``evidence_spans`` are (start, end) offsets of the evidence in the article's analysed text;
    ``fatalities_note``/``sources`` are filled by cross-source deduplication in the store.
    """

    event_id: str
    event_type: str
    sub_event_type: str
    event_date: str | None = None
    time_precision: int = 2
    actor1: str | None = None
    actor2: str | None = None
    location: str | None = None
    location_ar: str | None = None
    admin1: str | None = None
    place_id: str | None = None
    geo_precision: int = 1
    lat: float | None = None
    lon: float | None = None
    fatalities: int = 0
    evidence: str = ""
    doc_id: str = ""
    source: str = ""
    url: str = ""
    confidence: float = 0.5
    fatalities_note: str | None = None
    source_count: int = 1
    evidence_spans: tuple[tuple[int, int], ...] = field(default=(), compare=False)

    def properties(self) -> dict[str, Any]:
        """The CONTRACT §4 properties (plus extensions), JSON-ready; built field by field (asdict is slow)."""
        out = {k: getattr(self, k) for k in EVENT_PROPERTIES}
        out["fatalities_note"] = self.fatalities_note
        out["source_count"] = self.source_count
        out["evidence_spans"] = [list(s) for s in self.evidence_spans]
        return out

    def to_dict(self) -> dict[str, Any]:
        """Per-article JSON form (CONTRACT §3): the properties plus ``lat``/``lon``."""
        return {**self.properties(), "lat": self.lat, "lon": self.lon}


def search_text(event: Event) -> str:
    """What a free-text search looks in, Arabic-normalised (مصراته finds مصراتة): evidence, places, actors,
    types and source. One definition for the store's SQL search and the dashboard's in-memory filter."""
    from gazetteer.normalize import normalize

    parts = (
        event.evidence,
        event.location,
        event.location_ar,
        event.admin1,
        event.actor1,
        event.actor2,
        event.event_type,
        event.sub_event_type,
        event.source,
        event.place_id,
    )
    return " " + normalize(" ".join(p for p in parts if p)) + " "


def make_event_id(doc_id: str, key: str) -> str:
    """Stable id: the same article analysed twice gives the same ids."""
    return "ev-" + hashlib.sha1(f"{doc_id}|{key}".encode()).hexdigest()[:16]
