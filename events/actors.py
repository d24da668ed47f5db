"""Actors in time: a name found in an article is read as the actor of the article's own era (actor_eras.tsv).

"الجيش الليبي" in 2013 is the national army, in 2019 the LNA; "نظام القذافي" in a 2018 article is history,
never a party to a 2018 event.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from gazetteer.normalize import normalize

from .lexicon import Actor, Hit, Trigger, _rows, load_actors

_DATA = Path(__file__).parent / "data"


class Roles(NamedTuple):
    """Who acted (actor1) and the other party (actor2)."""

    actor1: str | None
    actor2: str | None


#: ACLED's actors for a doer nobody named: an armed group, or the military that flew an unclaimed aircraft.
UNNAMED_GROUP = "Unidentified Armed Group (Libya)"
UNKNOWN_MILITARY = "Unidentified Military Forces"
UNNAMED_DOERS = (UNNAMED_GROUP, UNKNOWN_MILITARY)


class Front(NamedTuple):
    """A city one coalition held against other camps for a while (actor_fronts.tsv)."""

    place_id: str
    km: float
    start: dt.date
    end: dt.date
    actor: str
    members: frozenset[str]
    against: frozenset[str]
    flier: str | None = None  # whose aircraft struck there (the coalition had none)
    counterpart: str | None = None  # the one camp that fought the coalition there then


class Era(NamedTuple):
    start: dt.date | None
    end: dt.date | None
    earlier: str | None
    later: str | None = None


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
        name, start, end, earlier, later, _notes = line.split("\t")
        for who in filter(None, (name, earlier, later)):
            if who not in known:
                raise ValueError(f"{path}:{lineno}: {who!r} is not in the actor table")
        out[name] = Era(_day(start), _day(end), earlier or None, later or None)
    return out


@lru_cache(maxsize=1)
def _by_name() -> dict[str, Actor]:
    return {a.actor: a for a in load_actors()}


def camp(name: str | None) -> str:
    """The camp key of a table actor (LNA, IS, …), "" for a name the table does not hold."""
    known = _by_name().get(name) if name else None
    return known.side if known is not None else ""


def state_force(name: str | None) -> bool:
    """The actor is a state's force (police, army, coast guard): its detaining someone is an arrest (ACLED)."""
    known = _by_name().get(name) if name else None
    return known is not None and known.actor_type == "State forces" and name not in political()


def grounded(name: str | None) -> bool:
    """The actor flew no aircraft in Libya's wars: a rebel group (IS, al-Qaeda, the shura councils) or an unnamed
    armed group. Named beside an air strike, it was struck."""
    known = _by_name().get(name) if name else None
    return known is not None and (known.actor_type == "Rebel group" or name == UNNAMED_GROUP)


def actor_of_era(actor: Actor, published: dt.date | None) -> Actor | None:
    """The actor a name of ``actor`` means in an article of ``published``; None when it is history."""
    if published is None:
        era = eras().get(actor.actor)
        if era is not None and era.start is None and era.earlier is not None:
            return _by_name()[era.later or era.earlier]  # a name only, undated: its latest bearer
        return actor
    for _ in range(4):  # an era chain is short; the bound guards against a cycle in the table
        era = eras().get(actor.actor)
        if era is None:
            return actor
        if era.end is not None and published > era.end:
            if era.later is None:
                return None
            actor = _by_name()[era.later]  # "قوات الوفاق" in mid-2021: the western forces, now the GNU's
            continue
        if era.start is None and era.earlier is not None:
            actor = _by_name()[era.earlier]  # a name only (الحكومة المعترف بها دوليا): up to its end, the earlier actor
            continue
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


#: The Libyan police, named with another country's adjective (وزارة الداخلية التونسية، الشرطة المصرية), is that
#: country's police.
LIBYAN_POLICE = "Police Forces of Libya"
_ADJECTIVE = re.compile(r"\s+(\S+)")


@lru_cache(maxsize=1)
def _foreign_adjectives() -> dict[str, str]:
    """A foreign country's adjective, normalised, masculine and feminine, bare and definite → the country."""
    out: dict[str, str] = {}
    for _, (country, singular, _) in _rows(_DATA / "nationalities.tsv", ("country", "singular", "plural")):
        if country == "Libya":
            continue
        for form in (singular, singular + "ة"):
            for word in (form, "ال" + form):
                out.setdefault(normalize(word), country)
    return out


def of_another_state(text: str, hits: list[Hit[Actor]]) -> list[Hit[Actor]]:
    """The Libyan police's names with a foreign country's adjective right after them are that country's police
    (أعلنت وزارة الداخلية التونسية القبض على … : Tunisia's): the hit takes in the adjective."""
    if not hits:
        return hits
    known, adjectives = _by_name(), _foreign_adjectives()
    out = []
    for h in hits:
        m = _ADJECTIVE.match(text, h.end) if h.item.actor == LIBYAN_POLICE else None
        country = adjectives.get(normalize(m.group(1))) if m else None
        if m is None or country is None:
            out.append(h)
            continue
        name = f"Police Forces of {country}"
        actor = known.get(name) or Actor(name, "State forces", "INTL", (), "a foreign police named by its adjective")
        out.append(Hit(h.start, m.end(), text[h.start : m.end()], actor))
    return out


_FRONT_COLUMNS = ("place_id", "km", "from", "to", "actor", "members", "against", "flier", "counterpart", "notes")


@lru_cache(maxsize=1)
def fronts() -> tuple[Front, ...]:
    """The fronts of actor_fronts.tsv, their actors checked against the actor table."""
    known = _by_name()
    path = _DATA / "actor_fronts.tsv"
    out = []
    for lineno, (place_id, km, start, end, actor, members, against, flier, counterpart, _notes) in _rows(
        path, _FRONT_COLUMNS
    ):
        for who in (actor, *members.split("|"), *[x for x in (flier, counterpart) if x]):
            if who not in known:
                raise ValueError(f"{path}:{lineno}: {who!r} is not in the actor table")
        out.append(
            Front(
                place_id,
                float(km),
                dt.date.fromisoformat(start),
                dt.date.fromisoformat(end),
                actor,
                frozenset(members.split("|")),
                frozenset(against.split("|")),
                flier or None,
                counterpart or None,
            )
        )
    return tuple(out)


def at_front(front: Front | None, found: Roles, *, battle: bool = False) -> Roles:
    """``found`` read on ``front``: a named member group is the front's coalition (ACLED codes Benghazi's
    Ansar al-Sharia of 2014-2017 as its Shura Council); facing a camp the coalition fought there, so is an
    unnamed armed group or a missing party; and in a ``battle`` the coalition alone faced the front's one counterpart
    ("قتل عنصر من داعش في المعارك الجارية في سرت" in 2016: the Bunyan al-Marsus forces of the GNA)."""
    if front is None:
        return found
    actors = _by_name()

    def side(name: str | None) -> str:
        a = actors.get(name) if name else None
        return a.side if a else ""

    facing = [a for a in found if side(a) in front.against]

    def read(name: str | None) -> str | None:
        if name in front.members and (side(name) != "UNKNOWN" or len(facing) == 1):
            return front.actor
        if name is None and len(facing) == 1:
            return front.actor
        return name

    a1, a2 = found
    if a1 is None and a2 is None:
        return found
    if a1 is None:
        a1, a2 = a2, None
    a1, a2 = read(a1), read(a2)
    if battle and front.counterpart and a1 == front.actor and a2 in (None, UNNAMED_GROUP):
        a2 = front.counterpart
    elif battle and front.counterpart and a2 == front.actor and a1 in (None, UNNAMED_GROUP):
        a1 = front.counterpart
    return Roles(a1, a2 if a2 != a1 else None)


@lru_cache(maxsize=1)
def _roles() -> dict[str, tuple[str, str | None]]:
    """Actor → (role, army) from actor_roles.tsv, validated against the actor table."""
    known = _by_name()
    path = _DATA / "actor_roles.tsv"
    out: dict[str, tuple[str, str | None]] = {}
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith(("#", "actor\t")):
            continue
        name, role, army, _notes = line.split("\t")
        for who in filter(None, (name, army)):
            if who not in known:
                raise ValueError(f"{path}:{lineno}: {who!r} is not in the actor table")
        out[name] = (role, army or None)
    return out


@lru_cache(maxsize=1)
def political() -> frozenset[str]:
    """Actors that talk rather than fight (actor_roles.tsv, role ``political``)."""
    return frozenset(name for name, (role, _) in _roles().items() if role == "political")


def army_of(name: str) -> Actor | None:
    """The armed actor a political body's forces are (قوات الحكومة المؤقتة: the LNA), or None."""
    army = _roles().get(name, ("", None))[1]
    return _by_name()[army] if army else None


#: A verbal noun whose next word is its object, not its doer (طرد المسلحين: driving the gunmen out), unlike دخول قوات.
_OBJECT_FIRST = re.compile(r"[وفبل]?(?:ال)?طرد(?!\S)")


def roles(hits: list[Hit[Actor]], trig: Hit[Trigger], event_type: str) -> Roles:
    """actor1 = who acted (the actor whose name holds or shares the trigger's words: a drone of a named state, the
    forces of "دخلت قوات الجيش"; else the nearest actor before the trigger, else the first after), actor2 = the
    other party. A weapon taken out of use (إسقاط طائرة تركية) names the other party, not the doer.

    Civilians are never the actor of a battle or a strike: they are its victims; political bodies are no party, save
    to what bodies do: an agreement or a declared measure (أعلن مجلس النواب حظر التجول).
    ``hits`` and ``trig`` share one offset base.
    """
    armed = hits
    declared = trig.item.sub_event_type in ("Agreement", "Other")
    if (
        event_type in ("Battles", "Explosions/Remote violence", "Strategic developments", "Violence against civilians")
        and not declared
    ):
        talkers = political()
        hits = [h for h in hits if h.item.actor not in talkers]
    if event_type not in ("Protests", "Riots"):
        armed = [h for h in hits if h.item.side != "CIVILIAN"]
    # the actor whose name holds or shares the trigger's words: طائرة مسيرة تركية (its drone), دخلت قوات الجيش
    holding = [h for h in armed if h.start < trig.end and trig.start < h.end]
    before = [h for h in armed if h.end <= trig.start]
    after = [h for h in armed if h.start >= trig.end]
    if holding and (
        trig.item.sub_event_type == "Disrupted weapons use" or _OBJECT_FIRST.match(normalize(trig.surface))
    ):
        # إسقاط طائرة تركية، طرد قوات حفتر: the party the trigger names is acted on, the other party acts
        a1 = before[-1] if before else (after[0] if after else None)
        return Roles(a1.item.actor if a1 else None, holding[0].item.actor)
    a1 = holding[0] if holding else before[-1] if before else (after[0] if after else None)
    after = [h for h in hits if h.start >= trig.end]
    before = [h for h in hits if h.end <= trig.start]
    rest = [h for h in (after + before[::-1]) if a1 is None or h.item.actor != a1.item.actor]
    a2 = rest[0] if rest else None
    if a1 is not None and a2 is not None and a1.item.side and a1.item.side == a2.item.side and not _rivals(a1, a2):
        others = [h for h in rest if h.item.side != a1.item.side]
        a2 = others[0] if others else None
    return Roles(a1.item.actor if a1 else None, a2.item.actor if a2 else None)


def _rivals(a: Hit[Actor], b: Hit[Actor]) -> bool:
    """Two militias of one camp fight each other too (Tripoli's brigades, 2018): the camp is no bar between them, while
    a camp's forces and its government are one party."""
    return a.item.actor_type == b.item.actor_type == "Political militia"


def dominant_opponent(actor_hits: list[Hit[Actor]], actor: str | None, side_of: dict[str, str]) -> str | None:
    """The article's most named fighter on another armed side: the usual opponent when a sentence names one party."""
    if actor is None:
        return None
    known = _by_name().get(actor)
    mine = side_of.get(actor) or (known.side if known else None)
    talkers = political()
    counts: dict[str, int] = {}
    for h in actor_hits:
        s = h.item.side
        if (
            h.item.actor != actor
            and s
            and s != mine
            and s not in ("CIVILIAN", "INTL", "")
            and h.item.actor not in talkers
        ):
            counts[h.item.actor] = counts.get(h.item.actor, 0) + 1
    return max(sorted(counts), key=counts.__getitem__) if counts else None
