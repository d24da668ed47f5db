"""Where did it happen? The place a trigger governs, among the sentence's place mentions.

Never a drone's origin ("خرجت من مصراتة"), an agency dateline, or a place named only to situate another
("سبها جنوب طرابلس"); a body's premises named as the spot ("أمام مديرية أمن بنغازي") locate the act.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from gazetteer import Mention, haversine_km
from gazetteer.core import QUARTER_OF_TOWN_KM
from gazetteer.normalize import WORD_RE, normalize_token, strip_clitics

from .config import DISTANCE_REFERENCE_KM
from .text import Span

VAGUE_KINDS = ("region", "country")


def _is_dateline(text: str, m: Mention) -> bool:
    """A place in an agency dateline ("رويترز - بنغازي (ليبيا):") is where the report was filed."""
    line_start = text.rfind("\n", 0, m.start) + 1
    head = text[line_start : m.start]
    if len(head) > 40 or not any(c in head for c in "-–—"):
        return False
    tail = text[m.end : m.end + 12].lstrip()
    return tail[:1] in ("(", ":", "\n", "") or text[m.end : m.end + 1] == "\n"


#: "على بعد نحو 400 كلم جنوب شرقي" / "70 كيلومترا غربي بلدة": a distance, a direction, then (after an optional kind
#: word) the place it is measured from, right before the mention.
_DISTANCE = re.compile(
    r"([0-9\u0660-\u0669]+(?:[.,][0-9]+)?)\s*(?:كم|كلم|كلغ|كيلو\s?مترا?|كيلومترا?ت?|كيلومترات|ك\.م)\s*"
    r"(?:[اإ]لى\s+)?(?:ال)?(?:شمال|جنوب|شرق|غرب)[يا]?(?:\s+(?:ال)?(?:شرق|غرب)[يا]?)?\s*(?:من\s+)?"
    r"(?:(?:مدينة|بلدة|قرية|منطقة|العاصمة)\s+)?$"
)


def _far_reference(text: str, m: Mention) -> bool:
    """A place a distance is measured from ("على بعد 400 كلم جنوب شرقي سبها", "70 كيلومترا غربي راس لانوف"):
    farther than DISTANCE_REFERENCE_KM, what happened there happened elsewhere, at another place the sentence names
    if it names one."""
    found = _DISTANCE.search(text, max(0, m.start - 70), m.start)
    if found is None:
        return False
    digits = found.group(1).translate(_ARABIC_DIGITS).replace(",", ".")
    try:
        return float(digits) > DISTANCE_REFERENCE_KM
    except ValueError:
        return False


_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


def _word_before(text: str, start: int, words: frozenset[str], n: int, lo: int = 0) -> bool:
    """One of the ``n`` words before ``start`` (not before ``lo``, within 40 characters) is one of ``words``, read
    without its proclitics (normalised)."""
    before = WORD_RE.findall(text[max(lo, start - 40) : start])[-n:]
    return any(stem in words for tok in before for stem, _ in strip_clitics(normalize_token(tok)))


def _origin(text: str, m: Mention, origin_words: frozenset[str]) -> bool:
    """True when the mention follows "خرجت من" / "قادمة من": a point of departure; or sets the positions fire came
    from ("قصفت القوات من مواقعها في قصر بن غشير حي أبوسليم"): where the guns stood, not what they hit."""
    if m.prep == "from" and _word_before(text, m.start, origin_words, 3):
        return True
    before = _FROM_POSITIONS.search(text, max(0, m.start - 45), m.start)
    return before is not None and not _AT_TARGET.search(before.group())


#: Words for the positions guns fire from (مواقعها، تمركزات قواته، منصات، مرابض المدفعية), any ending allowed.
POSITIONS = "(?:مواقع|موقع|تمركزات|تمركز|منصات|منصة|مرابض|مربض)\\w*"
#: "من مواقعها في …", "من تمركزات قواته ب…", "من منصات في …" right before a name (three words at most between).
_FROM_POSITIONS = re.compile(rf"(?<!\w)من\s+{POSITIONS}(?:\s+\S+){{0,3}}?\s+(?:في\s+|ب)?(?=\S*$)")
_AT_TARGET = re.compile(r"(?<!\w)(?:على|ضد|استهدف\w*|باتجاه|نحو)(?!\w)")


def _seat(text: str, m: Mention) -> bool:
    """The mention says where a mission sits ("سفارة الهند في طرابلس"): where its statement came from, not where the
    act it reports happened, when the act's clause names a place of its own."""
    return _SEAT_HINT.search(text, max(0, m.start - 40), m.start) is not None and _word_before(text, m.start, _SEATS, 4)


_SEAT_HINT = re.compile(r"سفار|قنصل|بعث")


#: Missions abroad, normalised: an embassy, a consulate, a delegation (with a possessive: سفارتها، سفارة بلادهم).
_SEATS = frozenset(
    {"سفاره", "السفاره", "سفارتها", "سفارته", "سفارات", "قنصليه", "القنصليه", "قنصليتها", "بعثه", "البعثه"}
)


def _place_score(text: str, m: Mention, trig: Span, clause: Span | None) -> float:
    """How likely a mention of the trigger's clause is the place the trigger happened at."""
    s = 0.0
    if m.place.kind in VAGUE_KINDS:
        s -= 1.5
    if m.prep in ("in", "on", "at", "around") or m.relation or m.hint:
        s += 1.0
    if m.prep in ("to", "towards"):
        s -= 0.3
    if m.start >= trig.end:
        s += 0.5
        if len(WORD_RE.findall(text[trig.end : m.start])) <= 3:
            s += 0.8  # the trigger's own object: غارة على قاعدة الوطية
        dist = m.start - trig.end
    else:
        dist = trig.start - m.end
    return s - min(dist, 400) / 400.0


def pick_location(
    text: str,
    mentions: list[Mention],
    trig: Span,
    clause_list: list[Span],
    origin_words: frozenset[str],
    *,
    libyan: bool = True,
) -> Mention | None:
    """The place the trigger governs: its own clause first, then the clauses before it, then after.

    With ``libyan=False`` places abroad compete too: when one wins, the act happened abroad.
    """
    usable = [
        m
        for k, m in enumerate(mentions)
        if (m.place.in_libya or not libyan)
        and not _is_dateline(text, m)
        and not _origin(text, m, origin_words)
        and not _origin_town(text, mentions, k, origin_words)
        and not _locator(text, mentions, k, origin_words)
    ]
    own = next((c for c in clause_list if c.start <= trig.start < c.end), None)
    seats = [
        m
        for m in usable
        if (m.start < trig.start or own is None or not own.start <= m.start < own.end) and _seat(text, m)
    ]  # not the mission the act itself hits: "هاجم مسلحون السفارة الإيطالية في طرابلس"
    if seats and own is not None and any(own.start <= m.start < own.end and m not in seats for m in usable):
        usable = [m for m in usable if m not in seats]  # the act's clause names its own place, even "في ليبيا"
    near = [m for m in usable if not _far_reference(text, m)]
    usable = near or usable  # a place a distance is measured from locates the act only when nothing else does
    if not usable:
        return None
    idx = next((k for k, c in enumerate(clause_list) if c.start <= trig.start < c.end), None)
    if idx is None:
        return _best_place(text, usable, trig, None)
    order = [idx, *range(idx - 1, -1, -1), *range(idx + 1, len(clause_list))]
    c = clause_list[idx]
    after = [m for m in usable if trig.end <= m.start < c.end]
    if after and all(m.place.kind == "region" for m in after) and any(m.prep for m in after):
        return _best_place(text, after, trig, c)  # … بعدما سيطرت القوات على منطقة الهلال النفطي: the region it governs
    for k in order:  # a precise place anywhere in the sentence beats "في ليبيا" in the trigger's own clause
        c = clause_list[k]
        here = [m for m in usable if c.start <= m.start < c.end]
        if any(m.place.kind not in VAGUE_KINDS for m in here):
            return _best_place(text, here, trig, c)
    own = clause_list[idx]
    here = [m for m in usable if own.start <= m.start < own.end]
    return _best_place(text, here, trig, own) if here else None


def _best_place(text: str, mentions: list[Mention], trig: Span, clause: Span | None) -> Mention:
    """The best scored of ``mentions``, the earlier on a tie (a single one needs no scoring)."""
    if len(mentions) == 1:
        return mentions[0]
    return max(mentions, key=lambda m: (_place_score(text, m, trig, clause), -m.start))


_DIRECTIONS = frozenset({"near", "east", "west", "north", "south", "centre"})


#: What joins a point of departure to the town it is in: في، ب، with a kind word (في مدينة، بمنطقة).
_IN_TOWN = re.compile(r"\s*(?:في\s+|ب)?(?:(?:مدينة|مدينه|بلدة|بلده|منطقة|منطقه)\s+)?")


def _origin_town(text: str, mentions: list[Mention], k: int, origin_words: frozenset[str]) -> bool:
    """The town a point of departure is in (أقلعت طائرة من الكلية الجوية في مصراتة وقصفت …): part of the origin."""
    if k == 0:
        return False
    prev, m = mentions[k - 1], mentions[k]
    return _origin(text, prev, origin_words) and _IN_TOWN.fullmatch(text, prev.end, m.start) is not None


def _locator(text: str, mentions: list[Mention], k: int, origin_words: frozenset[str]) -> bool:
    """ "سبها جنوب طرابلس", "أجدابيا قرب ميناء البريقة": a place named only to situate the one before it — unless that
    one is a point of departure (اللواء القادم من ترهونة … مواقع جنوب طرابلس: the act's place is the second)."""
    m = mentions[k]
    if m.relation not in _DIRECTIONS or k == 0:
        return False
    prev = mentions[k - 1]
    if _origin(text, prev, origin_words):
        return False
    between = text[prev.end : m.start]
    return not any(c in between for c in ".،,؛;:\n") and len(WORD_RE.findall(between)) <= 8


def last_place(text: str, mentions: list[Mention], lo: int, hi: int, origin_words: frozenset[str]) -> Mention | None:
    """The last precise Libyan place among ``mentions[lo:hi]`` (one sentence's); looked for only when needed."""
    for k in range(hi - 1, lo - 1, -1):
        m = mentions[k]
        if (
            m.place.in_libya
            and m.place.kind not in VAGUE_KINDS
            and not _is_dateline(text, m)
            and not _origin(text, m, origin_words)
            and not _locator(text, mentions, k, origin_words)
        ):
            return m
    return None


def abroad(text: str, mentions: list[Mention], clause: Span | None) -> bool:
    """The trigger's clause is set abroad (في تونس، في منطقة بن قردان، شرقي مصر; or in a governorate or a Tunisian
    delegation, units Libya does not have: بمحافظة شمال سيناء، معتمدية الهوارية) and names no Libyan place."""
    if clause is None:
        return False
    here = [m for m in mentions if clause.start <= m.start < clause.end]
    if any(m.place.in_libya for m in here):
        return False
    return (
        any(not m.place.in_libya and (m.prep in ("in", "at", "on") or m.relation in COMPASS) for m in here)
        or FOREIGN_UNIT.search(text, clause.start, clause.end) is not None
    )


#: The relations that put a place at a compass point of another (شرقي مصر، غرب بني وليد).
COMPASS = frozenset({"east", "west", "north", "south"})
#: Administrative units of Libya's neighbours that Libya does not use (a governorate, a Tunisian delegation), with
#: a name after them.
FOREIGN_UNIT = re.compile(r"(?<!\w)[وب]?(?:محافظة|محافظه|معتمدية|معتمديه)\s+\w")


def home_of(text: str, mentions: list[Mention], clause: Span | None, residents: frozenset[str]) -> Mention | None:
    """The place whose people the clause names (سكان زوارة، أهالي مدينة بنغازي): where they gather to protest, whatever
    their grievance is about."""
    if clause is None:
        return None
    return next(
        (
            m
            for m in mentions
            if clause.start <= m.start < clause.end and _word_before(text, m.start, residents, 2, clause.start)
        ),
        None,
    )


def building_of_actor(text: str, tagged: list[Mention], clause: Span) -> Mention | None:
    """ "أمام مديرية أمن بنغازي": a body's premises named as the spot locate the event in that place."""
    for m in tagged:
        if m.relation == "in_actor" and clause.start <= m.start < clause.end and m.place.in_libya:
            before = [normalize_token(w) for w in WORD_RE.findall(text[max(clause.start, m.start - 30) : m.start])]
            if any(w in _LOCATIVE for w in before[-3:]):
                return replace(m, relation=None)
    return None


def body_of_target(tagged: list[Mention], clause: Span, after: int) -> Mention | None:
    """ "خطف مسلحون رئيس المجلس البلدي لمدينة غريان": with no place of its own, an act on a body's member or premises,
    named after the act, happened in that body's town, the best guess a map can make."""
    return next(
        (
            replace(m, relation=None)
            for m in tagged
            if m.relation == "in_actor" and after <= m.start < clause.end and m.place.in_libya
        ),
        None,
    )


def town_of_the_city(tagged: list[Mention], text: str, clause: Span, since: int) -> Mention | None:
    """ "قال المجلس العسكري لمدينة غريان إن قواته صدت هجوما على البوابة الجنوبية للمدينة": with no place of its own,
    an act in "the city" is in the town named last before it in its sentence, even inside a body's name."""
    city = _THE_CITY.search(text, clause.start, clause.end)
    if city is None:
        return None
    town = None
    for m in tagged:
        if m.start >= city.start():
            break
        if m.start >= since and m.place.in_libya and m.place.kind in ("city", "town"):
            town = m
    return replace(town, relation=None) if town is not None else None


_THE_CITY = re.compile(r"(?<!\w)[وف]?(?:بال|لل|ال)مدينة(?!\w)")


#: A sentence set in a town by a phrase fronted before a comma (وفي غرب درنة، … ; وفي غرب المدينة أيضا، …).
_SCENE_LEAD = re.compile(
    r"\W*[وف]{0,2}(?:في|ب)\s*(?:(?:[شغ]رقي?|شمالي?|جنوبي?|غربي?|وسط)\s+)?(?:(?:مدينة|بلدة|العاصمة)\s+)?"
    r"(?P<city>المدينة)?"
)
#: Places inside a town (a quarter, a camp, a landmark) and towns, as the gazetteer's kinds.
_WITHIN = frozenset({"neighbourhood", "landmark", "military_camp", "airport", "airbase", "port", "road_or_axis"})


def scene_town(text: str, tagged: list[Mention], span: Span) -> Mention | None:
    """The town a sentence is set in by a phrase fronted before a comma: one it names (وفي غرب درنة، …) or "the city"
    (وفي غرب المدينة، …), the town named last before the sentence; None when the sentence opens otherwise."""
    lead = _SCENE_LEAD.match(text, span.start, span.end)
    if lead is None or "،" not in text[lead.end() : min(span.end, lead.end() + 40)]:
        return None
    towns = [m for m in tagged if m.place.in_libya and m.place.kind in ("city", "town")]
    if lead.group("city"):
        return next((replace(m, relation=None) for m in reversed(towns) if m.end <= span.start), None)
    return next((m for m in towns if m.start == lead.end()), None)


def rehomed_in_scene(mention: Mention, scene: Mention | None) -> Mention:
    """A quarter, camp or landmark the gazetteer lists far from the town its sentence is set in (معسكر الصاعقة in a
    sentence set in Derna: the listed one is Benghazi's) is an unlisted one of that town: the town, geo_precision 2."""
    if scene is None or mention.place.kind not in _WITHIN:
        return mention
    a, b = mention.place, scene.place
    if haversine_km(a.lat, a.lon, b.lat, b.lon) <= QUARTER_OF_TOWN_KM:  # the gazetteer's reach of a quarter
        return mention
    return Mention(
        mention.surface, mention.start, mention.end, b, 0.6, "quarter", "quarter", mention.hint, mention.prep
    )


_LOCATIVE = frozenset({"امام", "داخل", "قرب", "مقر", "محيط", "استهدف", "استهدفت", "على"})


@lru_cache(maxsize=1)
def _list_gap() -> frozenset[str]:
    """What may stand between two listed places: "و" and the gazetteer's kind words (مدينة، بلدة، منطقة…)."""
    from gazetteer.core import context_words

    return frozenset({"", "و"} | {w for w, c in context_words().items() if c.role == "kind"})


def listed_with(text: str, mentions: list[Mention], first: Mention) -> list[Mention]:
    """``first`` and the places coordinated after it ("على بلدات الأصابعة وغريان والعزيزية"): only "و", a comma
    or a kind word (مدينة، بلدة) between two of them."""
    out = [first]
    k = next((i for i, m in enumerate(mentions) if m is first), None)
    if k is None:
        return out
    for m in mentions[k + 1 :]:
        gap = text[out[-1].end : m.start]
        words = {w[1:] if w.startswith("و") else w for w in (normalize_token(x) for x in WORD_RE.findall(gap))}
        if (
            not words <= _list_gap()
            or any(c in gap for c in ".؛;:\n")
            or not m.place.in_libya
            or m.place.kind in VAGUE_KINDS
        ):
            break
        out.append(m)
    return out
