"""Merge: one incident reported several times in an article becomes one event.

Same sub-type, same day (or an approximate one) and places at most ``SAME_PLACE_KM`` apart; a report at a
vague place ("في ضواحي طرابلس", "شرق ليبيا") joins a precise one, and an event no place is given for is dropped.
"""

from __future__ import annotations

from gazetteer import haversine_km

from .actors import UNNAMED_DOERS
from .candidate import Candidate
from .config import DIRECTION_KM, SAME_PLACE_KM, VICINITY_KM
from .locate import COMPASS, VAGUE_KINDS

#: When a sentence or an article holds several readings of one act, the more specific one wins.
SUBTYPE_RANK = {
    "Disrupted weapons use": 9,
    "Suicide bomb": 8,
    "Remote explosive/landmine/IED": 7,
    "Air/drone strike": 6,
    "Abduction/forced disappearance": 6,
    "Shelling/artillery/missile attack": 5,
    "Arrests": 5,
    "Government regains territory": 4,
    "Non-state actor overtakes territory": 4,
    "Armed clash": 3,
    "Attack": 3,
}

#: A bomb told once as a blast and once as a suicide attack, at one place and day, is one bombing.
_BOMBS = frozenset({"Remote explosive/landmine/IED", "Suicide bomb"})

#: ACLED codes one battle per place and day: a clash and a takeover there that day are one event, a takeover.
BATTLE_RANK = {"Armed clash": 1, "Government regains territory": 2, "Non-state actor overtakes territory": 2}


def _same_place(a: Candidate, b: Candidate) -> bool:
    if a.mention is None or b.mention is None:
        return True  # a report that names no place can be the same incident as one that does
    if a.mention.place.place_id == b.mention.place.place_id:
        return True
    pa, pb = a.mention.place, b.mention.place
    return haversine_km(pa.lat, pa.lon, pb.lat, pb.lon) <= SAME_PLACE_KM


#: Places inside a town (a quarter, a camp, a port): one of them names where in the town a report's act happened.
_WITHIN_TOWN = frozenset(
    {"neighbourhood", "landmark", "military_camp", "airport", "airbase", "port", "oil_terminal", "road_or_axis"}
)
_TOWNS = frozenset({"city", "town", "village"})


def _finer(keep: Candidate, other: Candidate) -> bool:
    """The other report names a place inside the town this one names (طرابلس … حي النوفليين): the finer place."""
    if keep.mention is None or other.mention is None:
        return False
    a, b = keep.mention.place, other.mention.place
    return a.kind in _TOWNS and b.kind in _WITHIN_TOWN and haversine_km(a.lat, a.lon, b.lat, b.lon) <= SAME_PLACE_KM


def _headline_town(k: Candidate, c: Candidate, headline: int) -> bool:
    """A headline's report at a town with no day of its own (مقتل مدنيين في قصف على طرابلس) and the body's at a place
    inside the town (منطقة عين زارة) within ``VICINITY_KM``: the headline tells the body's act."""
    head, body = (k, c) if k.start < headline <= c.start else (c, k) if c.start < headline <= k.start else (None, None)
    if head is None or body is None or head.time_precision < 2:
        return False
    return _town_and_within(head, body)


def _town_and_within(town: Candidate, inside: Candidate) -> bool:
    """``town`` is at a town (in it, not near it) and ``inside`` at a place inside the town, within ``VICINITY_KM``."""
    if town.mention is None or inside.mention is None or town.mention.relation:
        return False
    a, b = town.mention.place, inside.mention.place
    return a.kind in _TOWNS and b.kind in _WITHIN_TOWN and haversine_km(a.lat, a.lon, b.lat, b.lon) <= VICINITY_KM


def _scene_town(k: Candidate, c: Candidate) -> bool:
    """One day's report at a town (شهدت مدينة بنغازي أمس اشتباكات عنيفة) and that day's at a quarter of it (وقتل ثلاثة
    جنود في منطقة الهواري جنوب المدينة): the town's tells the quarter's act — ACLED codes the fighting once, at the
    finer place."""
    return k.date == c.date and (_town_and_within(k, c) or _town_and_within(c, k))


def _merge_into(keep: Candidate, other: Candidate, *, headline: int = 0) -> None:
    """Fold ``other`` into ``keep``; a headline's report (``keep`` starts before ``headline``) yields its parties to
    the body's, which tells them in full where the headline only hints ("اختطاف عضو … أيد بيان حفتر")."""
    unnamed = (None, *UNNAMED_DOERS)
    if (
        keep.start < headline <= other.start
        and keep.actor1 not in unnamed
        and other.actor1 not in (*unnamed, keep.actor1)
        and {other.actor1, other.actor2} != {keep.actor1, keep.actor2}  # the same two sides, told the other way round
    ):
        keep.actor1 = other.actor1
        if other.actor2 not in (*unnamed, other.actor1):
            keep.actor2 = other.actor2
        elif keep.actor2 == other.actor1:
            keep.actor2 = None
    if _finer(keep, other) or _headline_town(keep, other, headline) or _town_and_within(keep, other):
        keep.mention = other.mention
    keep.evidence.extend(e for e in other.evidence if e not in keep.evidence)
    keep.fatalities = keep.fatalities or other.fatalities  # the first (usually the lead's) figure stands
    keep.confidence = min(0.99, max(keep.confidence, other.confidence) + 0.05)
    if other.date is not None and (other.time_precision < keep.time_precision or (other.dated and not keep.dated)):
        keep.date, keep.time_precision, keep.dated = other.date, other.time_precision, True
    if keep.actor1 is None or (
        keep.actor1 in UNNAMED_DOERS and other.actor1 not in (None, *UNNAMED_DOERS, keep.actor2)
    ):
        keep.actor1 = other.actor1  # a doer the other report names beats an unnamed one (a headline's)
    elif keep.actor1 in UNNAMED_DOERS and keep.event_type == other.event_type == "Battles":
        side = next((a for a in (other.actor1, other.actor2) if a not in (None, *UNNAMED_DOERS, keep.actor2)), None)
        if side is not None and not side.startswith("Civilians"):
            keep.actor1 = side  # "اشتباكات بين قبيلتين" … "بين مقاتلين من الطوارق وقبيلة تبو": the side it lacked
    _trade_guesses(keep, other)
    if keep.actor2 is None:  # the other report's party facing this one's doer; a doer never faces itself
        keep.actor2 = other.actor2 if other.actor2 != keep.actor1 else None
        if keep.actor2 is None and keep.event_type == other.event_type == "Battles" and other.actor1 != keep.actor1:
            keep.actor2 = other.actor1  # a battle told as "B fought A" names A's foe first
    if (
        keep.mention is None
        or (keep.mention.place.kind in VAGUE_KINDS and other.mention is not None)
        or (
            other.mention is not None
            and other.mention.place.place_id == keep.mention.place.place_id
            and keep.mention.relation
            and not other.mention.relation
        )
    ):
        keep.mention = other.mention


def _trade_guesses(keep: Candidate, other: Candidate) -> None:
    """A side only guessed for one report of a battle (a front's sides, the usual foe) yields to the sides another
    report of it names ("اندلع القتال في أجدابيا" … "اقتحم متشددون من داعش نقطة للجيش")."""
    if not keep.guessed or keep.event_type != "Battles" or other.event_type != "Battles":
        return
    theirs = [
        a
        for a in (other.actor1, other.actor2)
        if a is not None and a not in other.guessed and a not in UNNAMED_DOERS and not a.startswith("Civilians")
    ]
    if len(theirs) == 2:
        keep.actor1, keep.actor2, keep.guessed = theirs[0], theirs[1], frozenset()
    elif len(theirs) == 1 and theirs[0] not in (keep.actor1, keep.actor2):
        if keep.actor2 in keep.guessed or keep.actor2 is None:
            keep.actor2 = theirs[0]
        elif keep.actor1 in keep.guessed:
            keep.actor1 = theirs[0]
        keep.guessed = keep.guessed.intersection((keep.actor1, keep.actor2))


def merge(cands: list[Candidate], *, headline: int = 0) -> list[Candidate]:
    """One incident reported twice in an article becomes one event; vague-place reports join a precise one.
    ``headline``: where the title's line ends (0 without a title)."""
    out: list[Candidate] = []
    for c in cands:
        target = None
        for k in out:
            if k.sub_event_type != c.sub_event_type and k.event_type != c.event_type:
                continue
            same_day = k.date == c.date or k.time_precision > 1 or c.time_precision > 1
            one_battle = k.event_type == c.event_type == "Battles" and k.mention is not None and c.mention is not None
            if one_battle and k.sub_event_type != c.sub_event_type and k.date != c.date:
                same_day = False  # a taking with no day beside fighting on a day told apart: not the same event
            one_blast = {k.sub_event_type, c.sub_event_type} <= _BOMBS
            if (
                (k.sub_event_type == c.sub_event_type or one_battle or one_blast)
                and same_day
                and (_same_place(k, c) or _headline_town(k, c, headline) or _scene_town(k, c))
            ):
                target = k
                break
        if target is not None:
            if BATTLE_RANK.get(c.sub_event_type, 0) > BATTLE_RANK.get(target.sub_event_type, 0):
                target.sub_event_type = c.sub_event_type  # the clash in which ground changed hands took it
            if {c.sub_event_type, target.sub_event_type} <= _BOMBS and SUBTYPE_RANK[c.sub_event_type] > SUBTYPE_RANK[
                target.sub_event_type
            ]:
                target.sub_event_type = c.sub_event_type  # "تفجير" and "تفجير انتحاري" there that day: the bomber's
            _merge_into(target, c, headline=headline)
        else:
            out.append(c)
    out = _fold_vicinity(out, headline=headline)
    precise = [c for c in out if c.mention is not None and c.mention.place.kind not in VAGUE_KINDS]
    final = []
    for c in out:
        if c.mention is None:
            continue  # an event no place can be given for cannot be mapped or checked
        if c.mention.place.kind in VAGUE_KINDS:
            host = next((p for p in precise if p.sub_event_type == c.sub_event_type), None) or next(
                (p for p in precise if p.event_type == c.event_type), None
            )  # a headline's "في شرق ليبيا"
            if host is not None:
                if c.event_type == host.event_type == "Explosions/Remote violence" and SUBTYPE_RANK.get(
                    c.sub_event_type, 0
                ) > SUBTYPE_RANK.get(host.sub_event_type, 0):
                    host.sub_event_type = c.sub_event_type  # "هجوم انتحاري في شرق ليبيا" names the car bomb's kind
                _merge_into(host, c)
                continue
            if not c.dated:
                continue  # "ويشن الجيش غارات في ليبيا": with neither a day nor a place of its own, commentary
        final.append(c)
    _share_the_day(final)
    return final


def _share_the_day(cands: list[Candidate]) -> None:
    """The places one act was told at (سيطرت على ميناءي أ وب) share its day: when a later report that gives the day
    ("التي سيطرت عليها الخميس") joined one of them, the others took place that day too. A place with a day of its
    own keeps it."""
    acts: dict[tuple[int, str], list[Candidate]] = {}
    for c in cands:
        acts.setdefault((c.start, c.event_type), []).append(c)
    for group in acts.values():
        if len(group) < 2:
            continue
        best = min(group, key=lambda c: (not c.dated, c.time_precision))
        for c in group if best.dated else ():
            if not c.dated:
                c.date, c.time_precision, c.dated = best.date, best.time_precision, True


_VICINITY = frozenset({"outskirts", "near", "around", "outside"})


def _fold_vicinity(cands: list[Candidate], *, headline: int = 0) -> list[Candidate]:
    """ "في ضواحي طرابلس" and "في محور وادي الربيع" the same day, or "شرقي بني وليد" and "في السدادة": the vague
    report joins the precise one nearby; a headline's with no day (قصف على حي جنوب طرابلس) joins the body's report
    of it whatever its day."""

    def vague(c: Candidate) -> bool:
        return c.mention is not None and (c.mention.relation in _VICINITY or c.mention.relation in COMPASS)

    out = []
    for c in cands:
        if vague(c):
            assert c.mention is not None  # vague() checked it
            p = c.mention.place
            reach = VICINITY_KM if c.mention.relation in _VICINITY else DIRECTION_KM
            host = next(
                (
                    k
                    for k in cands
                    if k is not c
                    and not vague(k)
                    and k.mention is not None
                    and k.mention.place.kind not in VAGUE_KINDS
                    and k.sub_event_type == c.sub_event_type
                    and (k.date == c.date or (c.start < headline and c.time_precision > 1))  # a headline's, undated
                    and k.mention.place.place_id != p.place_id
                    and haversine_km(p.lat, p.lon, k.mention.place.lat, k.mention.place.lon) <= reach
                ),
                None,
            )
            if host is not None:
                if c.event_type == host.event_type == "Explosions/Remote violence" and SUBTYPE_RANK.get(
                    c.sub_event_type, 0
                ) > SUBTYPE_RANK.get(host.sub_event_type, 0):
                    host.sub_event_type = c.sub_event_type  # "هجوم انتحاري في شرق ليبيا" names the car bomb's kind
                _merge_into(host, c)
                continue
        out.append(c)
    return out
