"""Actors in time: a name found in an article is read as the actor of the article's own era (actor_eras.tsv).

"الجيش الليبي" in 2013 is the national army, in 2019 the LNA; "نظام القذافي" in a 2018 article is history,
never a party to a 2018 event.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from .lexicon import Actor, Hit, load_actors

_DATA = Path(__file__).parent / "data"


class Era(NamedTuple):
    start: dt.date | None
    end: dt.date | None
    earlier: str | None


def _day(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


@lru_cache(maxsize=1)
def eras() -> dict[str, Era]:
    """Actor name → its era, from actor_eras.tsv (validated against the actor table)."""
    known = {a.actor for a in load_actors()}
    out: dict[str, Era] = {}
    path = _DATA / "actor_eras.tsv"
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith(("#", "actor\t")):
            continue
        name, start, end, earlier, _notes = line.split("\t")
        for who in filter(None, (name, earlier)):
            if who not in known:
                raise ValueError(f"{path}:{lineno}: {who!r} is not in the actor table")
        out[name] = Era(_day(start), _day(end), earlier or None)
    return out


@lru_cache(maxsize=1)
def _by_name() -> dict[str, Actor]:
    return {a.actor: a for a in load_actors()}


def actor_of_era(actor: Actor, published: dt.date | None) -> Actor | None:
    """The actor a name of ``actor`` means in an article of ``published``; None when it is history."""
    if published is None:
        return actor
    for _ in range(4):  # an era chain is short; the bound guards against a cycle in the table
        era = eras().get(actor.actor)
        if era is None:
            return actor
        if era.end is not None and published > era.end:
            return None
        if era.start is None or published >= era.start:
            return actor
        if era.earlier is None:
            return None
        actor = _by_name()[era.earlier]
    return None


def in_era(hits: list[Hit[Actor]], published: dt.date | None) -> list[Hit[Actor]]:
    """``hits`` with each actor read in the article's era; hits on actors of another era are dropped."""
    if published is None:
        return hits
    out = []
    for h in hits:
        actor = actor_of_era(h.item, published)
        if actor is h.item:
            out.append(h)
        elif actor is not None:
            out.append(Hit(h.start, h.end, h.surface, actor))
    return out


@lru_cache(maxsize=1)
def political() -> frozenset[str]:
    """Actors that talk rather than fight (actor_roles.tsv, role ``political``)."""
    known = _by_name()
    path = _DATA / "actor_roles.tsv"
    out = set()
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith(("#", "actor\t")):
            continue
        name, role, _notes = line.split("\t")
        if name not in known:
            raise ValueError(f"{path}:{lineno}: {name!r} is not in the actor table")
        if role == "political":
            out.add(name)
    return frozenset(out)
