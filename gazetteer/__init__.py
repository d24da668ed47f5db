"""Libyan places: the curated gazetteer, Arabic name normalisation, ``match`` and ``tag``."""

from .core import Gazetteer, GazetteerError, haversine_km, load, read_places, write_places
from .models import Candidate, Mention, Place
from .normalize import normalize

__all__ = [
    "Candidate",
    "Gazetteer",
    "GazetteerError",
    "Mention",
    "Place",
    "haversine_km",
    "load",
    "match",
    "normalize",
    "read_places",
    "tag",
    "write_places",
]


def match(name: str, *, limit: int = 5) -> list[Candidate]:
    """Best gazetteer candidates for one name (shipped + user gazetteer)."""
    return load().match(name, limit=limit)


def tag(text: str) -> list[Mention]:
    """Place mentions in running text (shipped + user gazetteer)."""
    return load().tag(text)
