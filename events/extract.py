"""Event extraction: a pipeline of small named stages over typed candidate records.

Gazetteer- and lexicon-driven (no model can be downloaded here). Per sentence: **triggers** from the lexicon →
**factuality** (asserted, or background, a recap, a habit, a running total, a topic of talk, a call, a threat,
a denial, a plan) → **types** (one candidate per event type, the most specific trigger deciding the sub-type,
air or ground by the doer) → **location** (the place the trigger governs) → **fatalities** → **date** →
**actors** (who acted, against whom, in the article's era) → **confidence**; then the article's candidates are
**merged** (one incident reported twice is one event). Every stage but triggers can be switched off
(``disable=``), so that tests can show what each contributes. Thresholds: ``events/config.py``.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Container, Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from itertools import compress
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from gazetteer import Gazetteer, Mention, Place, haversine_km
from gazetteer import load as load_gazetteer
from gazetteer.normalize import WORD_RE, Token, normalize, normalize_token, strip_clitics, tokens, word_aligned

from .actors import (
    LIBYAN_POLICE,
    UNKNOWN_MILITARY,
    UNNAMED_DOERS,
    UNNAMED_GROUP,
    Front,
    Roles,
    actor_of_era,
    army_of,
    at_front,
    camp,
    dominant_opponent,
    fronts,
    grounded,
    in_era,
    of_another_state,
    political,
    roles,
    state_force,
)
from .candidate import Candidate, Sentence
from .config import (
    ANCHOR_CHAIN,
    ANNOUNCED_OBJECT_REACH,
    CARRIED_OUT_REACH,
    CROWD_ARREST_REACH,
    CROWD_DESTRUCTION_WEIGHT,
    DATE_REACH,
    DOWNED_OWNER_REACH,
    FIRE_REACH,
    FROM_HANDS_REACH,
    HELD_REACH,
    HOLDER_REACH,
    JOINED_FIRE_WEIGHT,
    LAUNCH_PHASE_REACH,
    LAUNCH_VERB_REACH,
    MIN_CONFIDENCE,
    MIN_TRIGGER_WEIGHT,
    OTHERS_REACH,
    OWN_DATE_REACH,
    PARTITIVE_REACH,
    PASSING_REACH,
    POINTS_BACK_REACH,
    RELATIVE_DATE_REACH,
    RETROSPECTIVE_OLD_YEARS,
    SITE_REACH,
    SOURCE_OWNER_REACH,
    STATEMENT_OPENS,
    STATEMENT_RUN_REACH,
    STRONG_IED_WEIGHT,
    STRONG_TRIGGER_WEIGHT,
    SUPERLATIVE_REACH,
    TAKE_LIGHT_WORDS,
    TOLD_DONE_WEIGHT,
    UNDERGO_REACH,
    VERB_FIRST_GAP,
    VICINITY_KM,
    WEAK_TRIGGER_WEIGHT,
    WITHDRAW_REACH,
)
from .dates import DateInfo, counts_back, find_dates, time_words, told_from_now
from .factuality import ASSERTED, is_recent, judge, prepared, time_refs
from .lexicon import Actor, Hit, Modality, Trigger, counted_nationals, load_lexicon, pattern_key
from .locate import (
    FOREIGN_UNIT,
    POSITIONS,
    VAGUE_KINDS,
    abroad,
    body_of_target,
    building_of_actor,
    home_of,
    last_place,
    listed_with,
    pick_location,
    rehomed_in_scene,
    scene_town,
    town_of_the_city,
)
from .merge import SUBTYPE_RANK, merge
from .models import Article, Event, make_event_id
from .numbers import FatalityInfo, count_fatalities, first_death_word, parse_number, words_table
from .text import Span, clause_pattern, clauses, sentences
from .words import ascii_digits

if TYPE_CHECKING:
    from .lexicon import Lexicon

_H = TypeVar("_H", bound=Hit[Any])

DATA = Path(__file__).parent / "data"
#: The stages that can be switched off, in the order they run.
STAGES = ("factuality", "types", "location", "fatalities", "date", "actors", "confidence", "merge")
_NON_STATE = {"IS", "ISLAMIST", "TEBU", "TUAREG", "UNKNOWN", "REBEL2011"}
ARMED_TYPES = ("Battles", "Explosions/Remote violence")
_NO_HIT = Hit(0, 0, "", Trigger("", "", "", 0.0))
#: A death reported on a front ("قتل ... في محور وادي الربيع") is a battle even without a battle word.
_FRONT_DEATH = Trigger("", "Battles", "Armed clash", 0.75)
#: An armed party named right after a perfect verb of killing, a count of people after it (قتل مسلحو داعش ثلاثة جنود):
#: the party's act, a battle (an attack when the dead are unarmed).
_KILLED_BY = Trigger("", "Battles", "Armed clash", 0.6)
_KILL_VERB = re.compile(r"[وف]?(?:قتل|قتلت|قتلوا)(?=\s)")
_IED = "Remote explosive/landmine/IED"
_SHELLING = "Shelling/artillery/missile attack"
_AIR = "Air/drone strike"
_REMOTE = "Explosions/Remote violence"
_STRATEGIC = "Strategic developments"
_DISRUPTED = "Disrupted weapons use"
#: Remote-violence readings of a bare word (تفجير، قصف، استهداف) whose means the doer decides.
_BARE_REMOTE = (_IED, "Shelling/artillery/missile attack")
#: Who acted when no actor is named: ACLED codes an unnamed perpetrator as an unidentified armed group.
_DEFAULT_ACTOR1 = {
    "Protests": "Protesters (Libya)",
    "Riots": "Rioters (Libya)",
    "Battles": UNNAMED_GROUP,
    "Violence against civilians": UNNAMED_GROUP,
    "Explosions/Remote violence": UNNAMED_GROUP,
}


@dataclass(frozen=True, slots=True)
class _Rules:
    origin: frozenset[str]
    background: re.Pattern[str]  # any of the phrases, each between spaces
    accident: re.Pattern[str]  # likewise: an accident or a celebration, not violence
    undergo: frozenset[str]
    state: tuple[str, ...]
    clause: re.Pattern[str]
    air: re.Pattern[str]  # an aircraft or air force as a whole word (a leading و or ف; an accusative ا or a possessive)
    blast_verb: frozenset[str]
    withdraw: tuple[str, ...]  # stems of withdrawal words: the doer loses the ground
    bare: frozenset[str]  # strike words that name no means
    bare_blast: frozenset[str]  # blast words that name no device
    civilian: frozenset[str]  # words that make a blast's unnamed victims civilians
    speech: re.Pattern[str]  # a verb of saying, as a whole word (a leading و or ف allowed)
    take_verb: frozenset[str]  # perfect forms of verbs of taking (سيطرت، استعادوا)
    take_light: frozenset[str]  # perfect forms of verbs that take control as their object (أحكمت … السيطرة)
    take_announce: frozenset[str]  # perfect forms of verbs that announce a takeover (أعلنت … استعادة السيطرة)
    assault: frozenset[str]  # one side's attack (هجوم، هاجم): on unarmed people it is violence against civilians
    held: frozenset[str]  # verbs of finding, seizing, defusing a weapon (عثرت على، ضبط، تفكيك)
    fire: frozenset[str]  # verbs of opening fire (أطلق، فتح), split from النار by the shooter
    worn: frozenset[str]  # verbs of wearing or carrying a weapon (يرتدي، بحوزته)
    stock: frozenset[str]  # weapons named as things (أسلحة، شحنة أسلحة): an act only as what was seized or found
    agreed: re.Pattern[str]  # a word of announcing or signing an agreement, as written
    claim: re.Pattern[str]  # a word of claiming an attack, as written
    claim_heads: frozenset[str]  # the first words of those phrases, to look for before the pattern
    unopposed: frozenset[str]  # words of ground taken without a fight (دون قتال)
    site: re.Pattern[str]  # a place or unit of one side that an act hits (مواقع، بوابة), as written
    superlative: frozenset[str]  # أسوأ، الأعنف، أول: "منذ …" after one compares, it tells no background
    launch: frozenset[str]  # words of starting (بدء، أطلق): a campaign word after one is a launch, no fighting
    campaign: frozenset[str]  # operation words (عملية، حملة)
    foil: frozenset[str]  # verbs of foiling (أحبط، إحباط): a foiled blast is a device taken out of use
    foil_any: re.Pattern[str]  # the same as written, to look for in a sentence first
    disperse: re.Pattern[str]  # verbs of breaking up a crowd (فرقت، فضت، قمعت), as written: a protest met by force
    force_on_crowd: re.Pattern[str]  # fire on or killing of protesters (النار على المحتجين، مقتل متظاهر): force used
    captive: re.Pattern[str]  # words of people held (محتجزين، مختطفين), as written: "held since" dates an abduction
    found: frozenset[str]  # words of finding (عثر، العثور): bodies found are an attack only with a violent word
    violent: re.Pattern[str]  # words that say a death was dealt (بالرصاص، مقتولا، أعدم), as written
    residents: frozenset[str]  # words for the people of a place (سكان، أهالي): a protest's place is their home
    front_act: frozenset[str]  # words of a fight's result (أسرت، تدمير): on a front they tell a clash
    civil: re.Pattern[str]  # a civil service right before the government that owns it (وزارة الصحة ب), as written
    civil_keys: tuple[str, ...]  # a word each civil service must show, to skip texts that name none
    calm: frozenset[str]  # nouns of calm or waiting: a modality word right after them is their adjective (هدوء حذر)
    anchored: re.Pattern[str]  # a sentence's opening set in the time of the one before (وحينها، وبعد أيام), normalised
    aimed: re.Pattern[str]  # a bare blast "targeting" a vehicle, a convoy, a house or a post, as written: a bomb
    partner: re.Pattern[str]  # working with or backed by (بالتنسيق مع، بدعم من), as written, ending right before a name
    partner_keys: tuple[str, ...]  # a word each of those phrases must show, to skip texts that name none
    haftar_foe: re.Pattern[str]  # a name for Haftar's forces only his foes use (ميليشيات حفتر), as written
    haftar_keys: tuple[str, ...]  # their last words (حفتر، الكرامة), rarer than ميليشيات
    haftar_reach: int  # characters such a name spans at most: twice the longest (proclitics, spaces)
    west_army: frozenset[str]  # bare army names (الجيش الليبي) each camp uses for its own army, normalised
    verb_first: frozenset[str]  # verbs opening a table phrase whose subject may stand inside it, normalised
    aim_verb: frozenset[str]  # weak verbs of targeting that an armed subject makes an attack, as in triggers.tsv
    become: frozenset[str]  # verbs of becoming (أصبحت، باتت): before "تحت سيطرة" a change of hands, normalised
    fall_verb: frozenset[str]  # verbs of falling (سقطت): a place that fell into someone's hands, normalised
    hands: re.Pattern[str]  # into whose hands a place fell (بيد، في قبضة), as written, right after the place
    crowd_people: re.Pattern[str]  # a word for protesters (المحتجين، متظاهرين), as written, with its endings


def _owner_after(bodies: list[str]) -> re.Pattern[str]:
    """A civil service's words (as written) ending right before an owner's name: بـ، في، التابعة لـ، then the name."""
    alts = "|".join(re.escape(b) for b in sorted(bodies, key=len, reverse=True)) or "(?!)"
    return re.compile(rf"(?<!\w)(?:{alts})\s+(?:(?:في|التابعة|التابع|تابعة|تابع)\s+)?[بل]?(?:ـ\s*)?$")


def _ending_before(phrases: list[str]) -> re.Pattern[str]:
    """Any of the phrases (as written, a leading و or ف allowed, "كل من" after) ending right before a name."""
    alts = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True)) or "(?!)"
    return re.compile(rf"(?<!\w)[وف]?(?:{alts})\s+(?:كل\s+من\s+)?$")


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    words: dict[str, list[str]] = {}
    for line in (DATA / "extract_rules.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("word\t"):
            continue
        word, kind = line.split("\t")[:2]
        words.setdefault(kind, []).append(word)

    def norm(kind: str) -> list[str]:
        return [normalize(w) for w in words.get(kind, [])]

    def perfect(kind: str) -> frozenset[str]:  # he, she, they (plural and dual) did
        return frozenset(w + end for w in norm(kind) for end in ("", "ت", "وا", "ا"))

    background = "|".join(re.escape(f" {w} ") for w in norm("background")) or "(?!)"
    # طائرته، طائرتها: before a possessive the feminine ending is written ت
    air_forms = {f for w in norm("air") for f in (w, w[:-1] + "ت" if w.endswith("ه") else w)}
    air = "|".join(re.escape(w) for w in sorted(air_forms, key=len, reverse=True)) or "(?!)"
    not_air = "|".join(re.escape(w) for w in norm("not_air")) or "(?!)"
    accident = "|".join(re.escape(f" {w} ") for w in norm("accident")) or "(?!)"
    return _Rules(
        frozenset(norm("origin")),
        re.compile(background),
        re.compile(accident),
        frozenset(norm("undergo")),
        tuple(norm("state")),
        clause_pattern(words.get("clause", [])),
        re.compile(rf"(?:^|\s)[وف]?(?:{air})(?:ا|ه|ها|هم|هما|نا)?(?=\s|$)(?!\s+(?:{not_air})(?:\s|$))"),
        frozenset(norm("blast_verb")),
        tuple(norm("withdraw")),
        frozenset(norm("bare")),
        frozenset(norm("bare_blast")),
        frozenset(norm("civilian")),
        _as_written(words.get("speech", [])),
        perfect("take_verb"),
        perfect("take_light"),
        perfect("take_announce"),
        frozenset(norm("assault")),
        frozenset(norm("held")),
        frozenset(norm("fire")),
        frozenset(norm("worn")),
        frozenset(norm("stock")),
        _as_written(words.get("agreed", [])),
        _as_written(words.get("claim", [])),
        frozenset(p.split(" ")[0].removesuffix("*") for p in words.get("claim", [])),
        frozenset(norm("unopposed")),
        _as_written(words.get("site", [])),
        frozenset(norm("superlative")),
        frozenset(norm("launch")),
        frozenset(norm("campaign")),
        frozenset(norm("foil")),
        _as_written(words.get("foil", [])),
        _as_written(words.get("disperse", [])),
        _force_on_crowd(words.get("crowd", [])),
        _as_written(words.get("captive", [])),
        frozenset(norm("found")),
        _as_written(words.get("violent", [])),
        frozenset(norm("residents")),
        frozenset(norm("front_act")),
        _owner_after(words.get("civil", [])),
        _keys(words.get("civil", [])),
        frozenset(norm("calm")),
        re.compile(r"[وف]?(?:" + ("|".join(re.escape(w) for w in norm("anchored")) or "(?!)") + r")(?!\w)"),
        _aimed_at(words.get("aimed", [])),
        _ending_before(words.get("partner", [])),
        _keys(words.get("partner", [])),
        _as_written(words.get("haftar_foe", []), proclitics="وفبل"),
        _keys(words.get("haftar_foe", []), last=True),
        2 * max((len(p) for p in words.get("haftar_foe", [])), default=0),
        frozenset(norm("west_army")),
        frozenset(norm("verb_first")),
        frozenset(norm("aim_verb")),
        frozenset(norm("become")),
        frozenset(norm("fall_verb")),
        re.compile(r"\s*(?:" + ("|".join(_hand_forms(words.get("hands", []))) or "(?!)") + r")(?!\w)"),
        re.compile(
            r"(?<!\w)[وفبل]?(?:ال)?(?:"
            + ("|".join(map(re.escape, words.get("crowd", []))) or "(?!)")
            + r")(?:ين|ون|ان|ا|ة|تين|ات)?(?!\w)"
        ),
    )


def _hand_forms(phrases: list[str]) -> list[str]:
    """The hand phrases as written, longest first, with the alef of أيدي in both spellings."""
    forms = {f for p in phrases for f in (p, p.replace("أ", "ا"))}
    return [re.escape(f) for f in sorted(forms, key=len, reverse=True)]


def _aimed_at(targets: list[str]) -> re.Pattern[str]:
    """Right after a blast word: "استهدف" (one word may stand between), then within four words one of ``targets``
    with any ending (موكبه، سيارته، مقرا): the blast was aimed, so it was a bomb."""
    alts = "|".join(re.escape(t) for t in sorted(targets, key=len, reverse=True)) or "(?!)"
    return re.compile(rf"\S*\s+(?:\S+\s+){{0,1}}[وف]?استهدف\w*\s+(?:\S+\s+){{0,4}}?(?:ال)?(?:{alts})\w*(?!\w)")


def _keys(phrases: list[str], *, last: bool = False) -> tuple[str, ...]:
    """The longest (or the last) word of each phrase as written: a text that shows none has none of the phrases."""
    words = [p.removesuffix("*").split() for p in phrases if p.strip()]
    return tuple(sorted({w[-1] if last else max(w, key=len) for w in words}))


def _has_any(text: str, keys: tuple[str, ...]) -> bool:
    return any(k in text for k in keys)


def _near_a_key(text: str, pattern: re.Pattern[str], keys: tuple[str, ...], before: int) -> bool:
    """``pattern`` ends at one of its phrases' last words (``keys``): looked for only in the ``before`` characters up
    to where one stands, as a whole-text search of a phrase table is slow."""
    for key in keys:
        i = text.find(key)
        while i >= 0:
            if pattern.search(text, max(0, i - before), i + len(key)):
                return True
            i = text.find(key, i + len(key))
    return False


def _force_on_crowd(stems: list[str]) -> re.Pattern[str]:
    """Fire opened on a crowd, or a crowd's people killed or hurt (as written): أطلقت النار على المحتجين، الرصاص الحي
    على المتظاهرين، مقتل متظاهر، قتل محتجين برصاص; the nominative plural (قتل المتظاهرون شرطيا) is the crowd acting."""
    if not stems:
        return re.compile("(?!)")
    crowd = rf"(?:ال)?(?:{'|'.join(map(re.escape, stems))})(?:ين|ان|ا|ة|تين|ات)?(?!\w)"
    return re.compile(
        rf"(?<!\w)(?:ال)?(?:نار|رصاص|خرطوش)(?:\s+الحي)?\s+على\s+(?:\w+\s+)?{crowd}"
        rf"|(?<!\w)[وف]?(?:قتل|مقتل|قتلى|إصابة|اصابة|استهداف|سقوط)\s+(?:\w+\s+)?{crowd}"
    )


def _as_written(phrases: list[str], *, proclitics: str = "وف") -> re.Pattern[str]:
    """Any of the phrases as whole words of the raw text, a leading و or ف (or up to two of ``proclitics``) allowed;
    ``*`` ends a stem (أعلن* is أعلنت، أعلنوا) and a space stands for any spaces."""
    alts = [
        re.escape(p.removesuffix("*")).replace(r"\ ", r"\s+") + (r"\w*" if p.endswith("*") else "") for p in phrases
    ]
    firsts = "".join(sorted({re.escape(p[0]) for p in phrases if p}))  # a look-ahead skips places none can start
    lead = "[وف]?" if proclitics == "وف" else f"[{proclitics}]{{0,2}}"
    return re.compile(rf"(?<!\w){lead}(?=[{firsts}])(?:{'|'.join(alts)})(?!\w)") if alts else re.compile("(?!)")


#: ``normalize`` of trigger surfaces, which repeat from article to article.
_normalized = lru_cache(maxsize=65_536)(normalize)
_START, _NORM = itemgetter(0), itemgetter(3)  # of a Token, read in C


def _normalized_span(span: Span, toks: list[Token], starts: list[int]) -> str:
    """``normalize(span.text)``, joined from the article's normalised words when that gives the same (most spans)."""
    if not word_aligned(span.text):
        return normalize(span.text)
    return " ".join(map(_NORM, toks[bisect_left(starts, span.start) : bisect_left(starts, span.end)]))


def _lexicon() -> Lexicon:
    return load_lexicon()


class Vocabulary:
    """Words and word beginnings (a trigger's "اشتباك*") our tables read as ordinary words, with or without ال."""

    def __init__(self, words: frozenset[str], prefixes: tuple[str, ...]):
        self.words, self.prefixes = words, prefixes

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        bare = word[2:] if word.startswith("ال") else word
        return word in self.words or bare in self.words or bare.startswith(self.prefixes)


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The ordinary words of our tables (one-word triggers, the death-toll vocabulary): the tagger never takes
    them for a misspelt place name or a quarter's name."""
    one_word = [t.pattern for t in _lexicon().triggers if " " not in t.pattern]
    words = {normalize_token(p) for p in one_word if "*" not in p}
    for table in words_table().values():
        words.update(w for w in table if " " not in w)
    prefixes = {normalize_token(p.rstrip("*")) for p in one_word if p.endswith("*")}
    return Vocabulary(frozenset(words), tuple(sorted(p for p in prefixes if len(p) >= 4)))


def _published(article: Article) -> dt.date | None:
    try:
        return dt.date.fromisoformat(article.date) if article.date else None
    except ValueError:
        return None


@dataclass(slots=True)
class _Doc:
    """The article-wide context every stage may read."""

    text: str
    published: dt.date | None
    toks: list[Token]
    starts: list[int]
    mentions: list[Mention]
    tagged: list[Mention]
    actor_hits: list[Hit[Actor]]
    side_of: dict[str, str]
    rules: _Rules
    off: frozenset[str]
    means: str | None  # the one means of remote violence the article names (_means), if only one
    fronts: list[tuple[Front, Place]]  # each front with its city's gazetteer row
    history: list[int]  # where actors of a bygone era are named (كتائب القذافي in 2018): their acts are history
    found: list[Candidate] = field(default_factory=list)  # the events read so far, in text order
    spans: list[Span] = field(default_factory=list)  # the article's sentences
    triggers: list[Hit[Trigger]] = field(default_factory=list)  # the article's trigger hits, in text order
    trigger_starts: list[int] = field(default_factory=list)  # where each of them starts
    own_day: bool = False  # a sentence read so far names a day of the article's own time
    dated_spans: set[int] = field(default_factory=set)  # where the sentences whose days were read start


# ------------------------------------------------------------------------------------------------ stages


def triggers(doc: _Doc, sent: Sentence, hits: list[Hit[Trigger]]) -> list[Hit[Trigger]]:
    """The sentence's lexicon triggers, a takeover or a withdrawal told by a past verb marked as done (and with it a
    "with no fight" beside it); a death on a front (محور، طريق) with none is a clash."""
    if hits:
        out = []
        for t in hits:
            if t.item.sub_event_type in _TERRITORY and _frees_people(doc, sent, t):
                continue  # "تحرير عمال مخطوفين"، "حررت القوات الرهائن": people freed, not ground taken
            if t.item.sub_event_type in (*_TERRITORY, _TRANSFER):
                t = _told_done(doc, sent, t)
            elif t.item.sub_event_type == _DESTRUCTION and _by_a_crowd(sent):
                t = Hit(t.start, t.end, t.surface, _rioted(t.item))
            elif t.item.event_type in _STORMING and _stormed_by_a_crowd(doc, sent, t):
                killed = sent.fatalities is not None and sent.fatalities.count > 0
                t = Hit(t.start, t.end, t.surface, _rioted(t.item, people=killed))  # اقتحم محتجون مقر الحكومة
            elif t.item.pattern in _SPLIT_FIRE and _fired(doc, sent, t):
                t = Hit(t.start, t.end, t.surface, _as_joined_fire(t.item))
            elif _bodies_found(t.item) and not doc.rules.violent.search(sent.span.text):
                continue  # bodies found with nothing said of how they died: no attack to code
            elif t.item.event_type == _REMOTE and doc.rules.foil_any.search(sent.span.text) and _foiled(doc, sent, t):
                t = Hit(t.start, t.end, t.surface, _seized(t.item))
            elif t.item.weight < MIN_TRIGGER_WEIGHT and _armed_aim(doc, sent, t):
                t = Hit(t.start, t.end, t.surface, _AIMED)  # استهدف مسلحون بوابة أمنية: they attacked it
            elif _normalized(t.item.pattern) in doc.rules.stock and _held(doc, sent, t, hits) != "held":
                continue  # "تهريب الأسلحة"، "حظر توريد الأسلحة": weapons talked of, none seized
            elif t.item.event_type == _REMOTE and not _is_act_word(doc, t) and (how := _held(doc, sent, t, hits)):
                if how == "worn":
                    continue
                t = Hit(t.start, t.end, t.surface, _seized(t.item))
            out.append(t)
        if any(t.item.told == "done" and t.item.sub_event_type in _TERRITORY for t in out):
            out = [  # دخلت القوات المدينة دون قتال: "with no fight" is told as the taking is
                Hit(t.start, t.end, t.surface, _told(t.item, "done")) if _unopposed(t, doc.rules) else t for t in out
            ]
        front = [] if any(t.item.event_type in ARMED_TYPES for t in out) else _on_a_front(sent)
        if front and _fight_result(doc, sent.span):
            out += front  # تدمير آليات في محور الرملة: the destruction word alone is no clash
        elif not any(t.item.event_type in (*ARMED_TYPES, "Violence against civilians") for t in out):
            out += _killed_by_named(sent)
        return out
    if sent.fatalities is None and not _fight_result(doc, sent.span):
        return []
    return (
        _on_a_front(sent)
        or _killed_by_named(sent)
        or _in_the_fighting(doc, sent, _killed_unnamed(sent, doc.rules))
        or _killed_after_a_light_verb(sent)
    )


#: A verb of targeting with an armed party as its subject: an attack, as هاجم (the victims decide clash or attack).
_AIMED = Trigger("", "Battles", "Armed clash", 0.6)


def _armed_aim(doc: _Doc, sent: Sentence, t: Hit[Trigger]) -> bool:
    """A weak verb of targeting (``aim_verb``: استهدف) whose subject, right after it, is an armed group (استهدف
    مسلحون بوابة أمنية، استهدفت مجموعة مسلحة دورية): what was aimed at was attacked, though no weapon is named. Not
    a state's forces (استهدف الجيش مواقع): they strike from afar as often as they fight, and the weapon decides."""
    if _normalized(t.item.pattern) not in doc.rules.aim_verb:
        return False
    return any(
        t.end < h.start <= t.end + 2 and h.item.actor_type in _ARMED_GROUPS and h.item.actor not in political()
        for h in sent.actor_hits
    )


#: ACLED's kinds of armed group that are not a state's forces.
_ARMED_GROUPS = frozenset({"Political militia", "Identity militia", "Rebel group"})


def _opening_kill_verb(sent: Sentence) -> re.Match[str] | None:
    """The perfect verb of killing the sentence's toll opens on (قتل، قتلت، قتلوا), when people were killed."""
    toll = sent.fatalities
    return _KILL_VERB.match(sent.span.text, toll.start) if toll is not None and toll.count else None


def _killed_by_named(sent: Sentence) -> list[Hit[Trigger]]:
    """The sentence's toll opens on a perfect verb of killing with a fighting party right after it and the count
    after that (قتل مسلحو داعش ثلاثة جنود، قتلت قوات الأمن مسلحين), or civilians with no number (قتل مسلحون مواطنين
    تونسيين): the party killed them. With neither after the name (قتل مسلحو داعش في غارة) the name is the dead's,
    read passively."""
    toll, verb = sent.fatalities, _opening_kill_verb(sent)
    uncounted = False
    if toll is not None and verb is None and not toll.count:  # قتل مسلحون مواطنين تونسيين: no number
        uncounted, verb = True, _KILL_VERB.match(sent.span.text, toll.start)
    if toll is None or verb is None:
        return []
    talkers = political()
    killer = next(
        (
            h
            for h in sent.actor_hits
            if verb.end() < h.start <= verb.end() + 2
            and (uncounted or h.end < toll.end)
            and h.item.side != "CIVILIAN"
            and h.item.actor not in talkers
        ),
        None,
    )
    if killer is None:
        return []
    if uncounted and not any(  # the civilians it killed named right after the killer, with no number
        killer.end < h.start <= killer.end + 2 and h.item.side == "CIVILIAN" for h in sent.actor_hits
    ):
        return []
    return [Hit(verb.start(), verb.end(), verb.group(), _KILLED_BY)]


#: The dead of a bare killing who were armed (قتل جندي، مقتل عنصرين من الجيش): a fight, not an attack on civilians.
_ARMED_DEAD = re.compile(
    r"(?<!\w)(?:ال)?(?:جندي|جنود|جنديين|جنديان|عسكري|عسكريين|عنصر|عناصر|عنصرين|عنصران|مقاتل|مقاتلين|مقاتلا|مسلح"
    r"|مسلحين|مسلحا|ضابط|ضباط|ضابطين|شرطي|شرطيين|أفراد|افراد|فرد|حراس|حارس)(?!\w)"
)
_BARE_KILLING = Trigger("", "Violence against civilians", "Attack", 0.6)
_CAUSE = re.compile(r"(?<!\w)(?:جراء|بسبب|إثر|اثر|نتيجة)(?!\w)")


#: A verb of proceeding to an act (أقدم على، عمد إلى) and the masdar of killing after it, its doer between.
_LIGHT_VERB_KILL = re.compile(
    r"(?<!\w)[وف]?(?:[أا]قدم|[أا]قدمت|[أا]قدموا|عمد|عمدت|عمدوا)(?:\s+\S+){1,4}?\s+(?:على|[إا]لى)\s+(?:ال)?قتل$"
)


_KILL_MASDAR = re.compile(r"(?:ال)?قتل")  # its own word or a pronoun after (قتلهما)


def _killed_after_a_light_verb(sent: Sentence) -> list[Hit[Trigger]]:
    """The toll opens on the masdar of killing after a verb of proceeding, its doer between (أقدم مسلحون على قتل
    ضابط، عمدت مجموعة مسلحة إلى قتل شاب): the killing was done. Armed dead make it a fight, others an attack."""
    toll = sent.fatalities
    if toll is None or not toll.count:
        return []
    text = sent.span.text
    masdar = _KILL_MASDAR.match(text, toll.start)
    if masdar is None or _LIGHT_VERB_KILL.search(text, 0, end := masdar.end()) is None:
        return []
    armed = _ARMED_DEAD.search(text, end, toll.end + 30) is not None
    return [Hit(toll.start, end, text[toll.start : end], _KILLED_BY if armed else _BARE_KILLING)]


def _in_the_fighting(doc: _Doc, sent: Sentence, hits: list[Hit[Trigger]]) -> list[Hit[Trigger]]:
    """A bare killing told right after a report of fighting in its paragraph (شهدت مدينة الكفرة أمس اشتباكات قبلية.
    وقتل ثلاثة أشخاص في حي الهواري): its dead fell in that fighting, a battle's toll, not an attack on civilians."""
    last = doc.found[-1] if doc.found else None
    if (
        not hits
        or hits[0].item is not _BARE_KILLING
        or last is None
        or last.event_type != "Battles"
        or sent.before is None
        or not sent.before.start <= last.start < sent.before.end
        or _ANOTHER_INCIDENT.search(sent.span.text, 0, _fronted_end(sent.span.text))
    ):
        return hits
    return [Hit(h.start, h.end, h.surface, _FRONT_DEATH) for h in hits]  # as a death on a front: the fight's


#: A fronted phrase that tells another incident (وفي حادثة أخرى، في حادث منفصل).
_ANOTHER_INCIDENT = re.compile(r"(?<!\w)(?:[أا]خرى|آخر|منفصل[ةه]?)(?!\w)")


#: A phrase fronted before a sentence's verb and closed by a comma (وفي حادثة أخرى، … ; وفي مدينة سبها، …).
_FRONTED = re.compile(r"\W*[وف]?(?:\S+\s+){0,4}\S+\s*[،,]\s*")


def _fronted_end(text: str) -> int:
    """Where the sentence's verb may stand after a phrase fronted before it and closed by a comma; 0 with none."""
    m = _FRONTED.match(text)
    return m.end() if m is not None else 0


def _killed_unnamed(sent: Sentence, rules: _Rules) -> list[Hit[Trigger]]:
    """A sentence that opens on a verb of killing, with no act and no armed party named (قتل جندي أمس عند بوابة في
    سرت، قتل شاب في سبها): people were killed there that day; armed dead make it a fight, others an attack on
    civilians."""
    toll, verb = sent.fatalities, _opening_kill_verb(sent)
    if toll is None or verb is None or verb.start() not in (0, _fronted_end(sent.span.text)):
        return []  # mid-sentence (… أن انتحاريا قتل 4 جنود): the killing of an act told around it
    if any(h.item.side != "CIVILIAN" for h in sent.actor_hits):
        return []  # قتل مسلحو داعش، قتل عنصران من الجيش: a party named may be the dead's or the killer's
    if _CAUSE.search(sent.span.text) or rules.accident.search(f" {normalize(sent.span.text)} "):
        return []  # قتل 3 جراء تحطم طائرة، في حادث سير: a cause that is no act of violence (that would be a trigger)
    armed = _ARMED_DEAD.search(sent.span.text, verb.end(), toll.end + 30) is not None
    return [Hit(verb.start(), verb.end(), verb.group(), _KILLED_BY if armed else _BARE_KILLING)]


def _opens_with(surface: str, words: Container[str]) -> bool:
    """The first word of a trigger as written, clitics stripped, is one of ``words`` (normalised)."""
    return any(s in words for s, _ in strip_clitics(normalize_token(surface.split()[0])))


_FREE_WORDS = frozenset({"تحرير", "حرر", "حررت", "حرروا"})


def _frees_people(doc: _Doc, sent: Sentence, t: Hit[Trigger]) -> bool:
    """A word of liberation whose object is people (تحرير عمال، حررت القوات الرهائن، تحرير 5 مختطفين): a rescue or a
    release, not a taking of ground."""
    if not _opens_with(t.surface, _FREE_WORDS):
        return False
    k = bisect_left(doc.starts, sent.span.start + t.end)
    table = words_table()
    places = {m.start for m in sent.mentions}
    for tok in doc.toks[k : k + 4]:  # the object after the doer, a time or a number (حررت القوات أمس 5 رهائن)
        if tok.norm in ("من", "في", "عن") or tok.start in places:
            return False  # "تحرير مدينة غريان من المسلحين": ground, freed from people
        forms = {s.removeprefix("ال") for s, _ in strip_clitics(tok.norm)} | {s for s, _ in strip_clitics(tok.norm)}
        if any(f in table.get(cat, {}) for f in forms for cat in ("person", "person_one", "person_two", "held")):
            return True
    return False


def _on_a_front(sent: Sentence) -> list[Hit[Trigger]]:
    """A clash told by the sentence as a whole at its front (محور، طريق), when it names one."""
    front = next((m for m in sent.mentions if m.relation == "axis" or m.place.kind == "road_or_axis"), None)
    if front is None:
        return []
    return [Hit(front.start - sent.span.start, front.end - sent.span.start, front.surface, _FRONT_DEATH)]


def _told_done(doc: _Doc, sent: Sentence, t: Hit[Trigger]) -> Hit[Trigger]:
    """A territory word whose first word is a perfect verb of taking (سيطرت القوات على), or which is the object of a
    perfect verb that takes control (أحكمت وحدات من الجيش السيطرة على): a change of hands told as done, even with
    no time word; the object of a perfect verb of announcing (أعلنت القوات استعادة السيطرة على) is told as news.
    Not in a relative clause (المناطق التي سيطرت عليها القوات: a place described by its taker; الجيش الذي تمكن من
    السيطرة على البلدة: an army described by what it once did)."""
    s0, rules = sent.span.start, doc.rules
    lo, k = bisect_left(doc.starts, s0), bisect_right(doc.starts, s0 + t.start) - 1  # the hit may skip a clitic
    if (k > lo and doc.toks[k - 1].norm in _NOT_NEWS) or _since_before(doc, sent, t):
        return t
    if t.item.weight >= MIN_TRIGGER_WEIGHT and any(
        stem in rules.take_verb for stem, _ in strip_clitics(doc.toks[k].norm)
    ):
        return Hit(t.start, t.end, t.surface, _told(t.item, "done"))  # not a bare دخل (دخل القارب مياها محظورة)
    first, _ = _lead_in(doc, sent, t, TAKE_LIGHT_WORDS)
    for j in range(first, k + 1):  # the hit's own word too: a phrase read across its subject opens on its verb
        stems = {stem for stem, _ in strip_clitics(doc.toks[j].norm)}
        if not stems & (rules.take_announce | rules.take_light):
            continue
        if j > lo and doc.toks[j - 1].norm in _NOT_NEWS:
            return t  # الجيش الذي تمكنت وحداته من السيطرة على البلدة: the army described, not the news
        told = "announced" if stems & rules.take_announce else "done"
        return Hit(t.start, t.end, t.surface, _told(t.item, told))
    return t


def _fight_result(doc: _Doc, span: Span) -> bool:
    """The sentence tells a fight's result (أسرت قواتنا خمسة مقاتلين، تدمير آليات): on a front, a clash."""
    lo, hi = bisect_left(doc.starts, span.start), bisect_left(doc.starts, span.end)
    return any(stem in doc.rules.front_act for t in doc.toks[lo:hi] for stem, _ in strip_clitics(t.norm))


def _lead_in(doc: _Doc, sent: Sentence, t: Hit[Trigger], reach: int) -> tuple[int, int]:
    """(first, k): the token range of the words before trigger ``t`` in its clause, at most ``reach`` of them; k is the
    trigger's own token (the hit may skip a clitic)."""
    s0 = sent.span.start
    clause = _clause_of(sent, s0 + t.start)
    k = bisect_right(doc.starts, s0 + t.start) - 1
    first = max(bisect_left(doc.starts, clause.start if clause is not None else s0), bisect_left(doc.starts, s0))
    return max(first, k - reach), k


def _held(doc: _Doc, sent: Sentence, t: Hit[Trigger], hits: list[Hit[Trigger]]) -> str:
    """ "held" for a weapon word that is the object of a verb of finding, seizing or defusing (عثرت القوات على 20
    صاروخا، ضبطت الأجهزة الأمنية أمس كمية من العبوات الناسفة), "worn" for one of wearing or carrying (كان يرتدي
    حزاما ناسفا), else "": the verb stands in the weapon's clause at most HELD_REACH words before it, with no other
    act word between (ضبطت القوات مسلحين قصفوا المدينة: the strike is an act of its own); another weapon between is
    in the same list of things found (ضبطت عبوات ناسفة وقذائف هاون)."""
    rules, s0 = doc.rules, sent.span.start
    first, k = _lead_in(doc, sent, t, HELD_REACH)
    other = max((h.end for h in hits if h.end <= t.start and h.item.event_type != _REMOTE), default=-1)
    for j in range(k - 1, first - 1, -1):
        if doc.starts[j] < s0 + other:
            break
        stems = {stem for stem, _ in strip_clitics(doc.toks[j].norm)}
        if stems & rules.held:
            return "held"
        if stems & rules.worn:
            return "worn"
    return ""


def _foiled(doc: _Doc, sent: Sentence, t: Hit[Trigger]) -> bool:
    """A verb of foiling stands before the blast or strike in its clause, within HELD_REACH words (أحبطت الأجهزة
    الأمنية محاولة تفجير سيارة مفخخة): the device was taken out of use, ACLED's "Disrupted weapons use"."""
    first, k = _lead_in(doc, sent, t, HELD_REACH)
    return any(stem in doc.rules.foil for j in range(first, k) for stem, _ in strip_clitics(doc.toks[j].norm))


_DESTRUCTION = "Looting/property destruction"
_ABDUCTION = "Abduction/forced disappearance"


def _by_a_crowd(sent: Sentence) -> bool:
    """Protesters or rioters are named in the sentence: the burning or looting is theirs."""
    return any(h.item.actor.startswith(("Protesters", "Rioters")) for h in sent.actor_hits)


@lru_cache(maxsize=1024)
def _first_stems(item: Trigger) -> frozenset[str]:
    """The readings of a lexicon row's first word, clitics stripped (judged once per row)."""
    return frozenset(stem for stem, _ in strip_clitics(normalize(item.pattern.split(" ", 1)[0].removesuffix("*"))))


def _bodies_found(item: Trigger) -> bool:
    """The trigger tells of bodies found (عثر على جثث، العثور على جثة): its first word is a word of finding."""
    return item.event_type == "Violence against civilians" and not _first_stems(item).isdisjoint(_rules().found)


_STORMING = ("Battles", "Violence against civilians")


def _stormed_by_a_crowd(doc: _Doc, sent: Sentence, t: Hit[Trigger]) -> bool:
    """An assault word (اقتحم، هاجم، اعتدى) with a crowd as its doer right after it (هاجم محتجون مقر المؤتمر), or in a
    sentence that names a crowd and no armed party (اقتحمت مجموعة من المواطنين الغاضبين مركز الشرطة): the crowd
    stormed it, a riot rather than a battle or an armed attack."""
    if (
        not _by_a_crowd(sent)
        or not _opens_with(t.surface, doc.rules.assault)
        or doc.rules.force_on_crowd.search(sent.span.text)  # النار على المحتجين: the crowd was the target
    ):
        return False
    subject = next((h for h in sent.actor_hits if h.start >= t.end), None)  # the doer right after a verb (VSO)
    if subject is not None and subject.start - t.end <= 2 and subject.item.actor.startswith(("Protesters", "Rioters")):
        return True
    return all(_civilian(doc, h.item.actor) or h.item.actor in political() for h in sent.actor_hits)


@lru_cache(maxsize=64)
def _rioted(item: Trigger, *, people: bool = False) -> Trigger:
    """Property a crowd burns, loots or storms (أحرق محتجون مقر الحكومة): ACLED's violent demonstration; people a crowd
    attacks or kills (``people``: قتل رجل على يد حشد غاضب): mob violence."""
    mob = people or item.event_type == "Violence against civilians"
    return replace(
        item,
        event_type="Riots",
        sub_event_type="Mob violence" if mob else "Violent demonstration",
        weight=max(item.weight, CROWD_DESTRUCTION_WEIGHT),
    )


#: The table's rows for fire split from its verb by the shooter ("أطلق مسلحون النار على").
_SPLIT_FIRE = frozenset({"النار على", "الرصاص على"})


def _fire_across_a_time(
    text: str, toks: list[Token], tok_starts: list[int], hits: list[Hit[Trigger]]
) -> list[Hit[Trigger]]:
    """ "أطلق مسلحون النار أمس على سيارة": a time said between the fire and its target (أمس، صباح اليوم، مساء
    الجمعة) leaves the phrase whole, as the table's row for it ("النار على") reads it without one."""
    if "على" not in text or ("النار" not in text and "الرصاص" not in text):
        return hits
    rows = _split_fire_rows()
    times, starts, added = time_words(), [h.start for h in hits], []
    for fire in _FIRE_WORD.finditer(text):
        i = bisect_left(tok_starts, fire.start())
        if i >= len(toks) or toks[i].start != fire.start() or f"{toks[i].raw} على" not in rows:
            continue
        t, j = toks[i], i + 1
        while j < len(toks) and j <= i + 3 and toks[j].norm in times:
            j += 1
        if j == i + 1 or j >= len(toks) or toks[j].norm != "علي" or _PUNCTUATION.search(text, t.end, toks[j].start):
            continue
        k = bisect_right(starts, t.start) - 1
        if k < 0 or hits[k].end <= t.start:
            added.append(Hit(t.start, toks[j].end, text[t.start : toks[j].end], rows[f"{t.raw} على"]))
    return sorted([*hits, *added], key=lambda h: h.start) if added else hits


_FIRE_WORD = re.compile(r"(?<!\w)(?:النار|الرصاص)(?!\w)")


class _VerbFirst(NamedTuple):
    """The table's phrases that open with a verb of ``verb_first``: each perfect form of the verbs (normalised, with
    و/ف too) by its stem, and by stem each phrase's rest (normalised tokens as (text, is prefix)) with its trigger,
    longest first."""

    forms: dict[str, str]
    rows: dict[str, tuple[tuple[tuple[tuple[str, bool], ...], Trigger], ...]]


#: The endings of a perfect verb (he, she, they, the two, we): قبض، قبضت، قبضوا، قبضا، ألقى → القي.
_PERFECT_ENDINGS = ("", "ت", "وا", "ا", "ي", "يا", "تا", "ن", "نا")


@lru_cache(maxsize=1)
def _verb_first_rows() -> _VerbFirst:
    stems = _rules().verb_first
    rows: dict[str, list[tuple[tuple[tuple[str, bool], ...], Trigger]]] = {}
    for t in _lexicon().triggers:
        key = pattern_key(t.pattern)
        if len(key) > 1 and key[0][0] in stems and t.weight > 0:  # a noun's row too (طرد عناصر*: طردت القوات عناصر)
            rows.setdefault(key[0][0], []).append((key[1:], t))
    forms = {c + v + e: v for v in rows for e in _PERFECT_ENDINGS for c in ("", "و", "ف")}
    return _VerbFirst(forms, {v: tuple(sorted(r, key=lambda e: -len(e[0]))) for v, r in rows.items()})


def _verb_first(
    text: str,
    toks: list[Token],
    tok_starts: list[int],
    hits: list[Hit[Trigger]],
    names: list[Hit[Actor]],
    mentions: list[Mention],
) -> list[Hit[Trigger]]:
    """A table phrase that opens with a verb, its subject between (قبضت الشرطة في سبها أمس على، أسقطت الدفاعات
    الجوية طائرة، نصب مسلحون كمينا): VSO order splits what the matcher reads only whole. Only a party's name, a time,
    a place and its preposition, a number may stand between (``VERB_FIRST_GAP`` words at most). The hit is the verb
    (the subject after it is read as the doer); a hit the verb or the rest's words gave alone is dropped."""
    vf = _verb_first_rows()
    found = list(compress(range(len(toks)), map(vf.forms.__contains__, map(_NORM, toks))))
    if not found:
        return hits
    times = time_words()
    covered: list[tuple[int, int]] = []
    covered_starts: list[int] = []
    hit_starts = [h.start for h in hits]
    added: list[Hit[Trigger]] = []
    spent: list[tuple[int, int]] = []
    for i in found:
        k = bisect_right(hit_starts, toks[i].start) - 1
        if k >= 0 and hits[k].end > toks[i].end:
            continue  # inside a longer phrase the matcher read
        rows = vf.rows[vf.forms[toks[i].norm]]
        j = i + 1
        while (
            j < len(toks)
            and j - i - 1 <= VERB_FIRST_GAP
            and not _PUNCTUATION.search(text, toks[j - 1].end, toks[j].start)
        ):
            row = next((r for r in rows if j > i + 1 and _rest_at(text, toks, j, r[0])), None)
            if row is not None:
                t = toks[i]
                added.append(Hit(t.start, t.end, t.raw, row[1]))
                spent += [(t.start, t.end), (toks[j].start, toks[j + len(row[0]) - 1].end)]  # the verb's own hit too
                break
            w = toks[j]
            if not covered:  # the names and places, listed when a verb first needs them
                covered = sorted([(h.start, h.end) for h in names] + [(m.start, m.end) for m in mentions]) or [(-1, -1)]
                covered_starts = [a for a, _ in covered]
            c = bisect_right(covered_starts, w.start) - 1
            if not (
                (c >= 0 and w.end <= covered[c][1])
                or w.norm in times
                or w.norm in _SUBJECT_LINKS
                or parse_number(w.raw) is not None  # أوقفت الشرطة أربعة متهمين: the count of the phrase's object
            ):
                break
            j += 1
    if not added:
        return hits
    kept = [h for h in hits if not any(a <= h.start < b for a, b in spent)]  # single words the phrase has
    return sorted([*kept, *added], key=lambda h: h.start)


#: A place that changed hands as the verbs of becoming and falling tell it: the taking, done.
_CHANGED_HANDS = Trigger("", "Battles", "Government regains territory", TOLD_DONE_WEIGHT, told="done")


def _changed_hands(
    text: str,
    toks: list[Token],
    tok_starts: list[int],
    hits: list[Hit[Trigger]],
    mentions: list[Mention],
    rules: _Rules,
) -> list[Hit[Trigger]]:
    """A place told to have become held or to have fallen (باتت مدينة سرت تحت سيطرة القوات، أصبحت البلدة تحت سيطرة
    التنظيم، سقطت مدينة صبراتة بيد القوات): a change of hands, done — where "تحت سيطرة" alone tells only who holds
    it. The verb stands right before the place (and its head word: مدينة، بلدة), which a verb of becoming has "تحت
    سيطرة" after and a verb of falling a hand phrase — a person falling into hands (سقط المتهم في قبضة) is no
    place's."""
    if not rules.become and not rules.fall_verb:
        return hits
    out = list(hits)
    ends, times = {m.end: m.start for m in mentions}, time_words()
    for k, h in enumerate(hits):
        if h.item.sub_event_type not in _TERRITORY:
            continue
        w = bisect_left(tok_starts, h.start) - 1
        if h.item.weight >= WEAK_TRIGGER_WEIGHT:  # السيطرة الكاملة: a state only as "تحت السيطرة الكاملة"
            if w < 0 or toks[w].norm != "تحت":
                continue
            w -= 1
        while w >= 0 and (toks[w].norm in _COMPLETELY or toks[w].norm in times):
            w -= 1  # أصبحت مدينة سرت بالكامل تحت سيطرة، باتت البلدة اليوم تحت سيطرة
        j = _before_a_place(toks, w, ends)
        if j >= 0 and _PUNCTUATION.search(text, toks[j].end, h.start):
            continue
        if j >= 0 and any(st in rules.become for st, _ in strip_clitics(toks[j].norm)):
            out[k] = Hit(toks[j].start, h.end, text[toks[j].start : h.end], _CHANGED_HANDS)  # VSO: أصبحت المدينة تحت
        elif (
            w > 0
            and any(st in rules.become for st, _ in strip_clitics(toks[w].norm))
            and _before_a_place(toks, w - 1, ends) != w - 1  # SVO: مدينة سرت أصبحت تحت سيطرة
        ):
            out[k] = Hit(toks[w].start, h.end, text[toks[w].start : h.end], _CHANGED_HANDS)
    for m in mentions:
        if (hand := rules.hands.match(text, m.end)) is None:
            continue
        j = _before_a_place(toks, bisect_right(tok_starts, m.end) - 1, ends)
        if j < 0 or not any(st in rules.fall_verb for st, _ in strip_clitics(toks[j].norm)):
            continue
        if _PUNCTUATION.search(text, toks[j].end, m.start) or any(toks[j].start <= x.start < hand.end() for x in out):
            continue
        out.append(Hit(toks[j].start, toks[j].end, toks[j].raw, _CHANGED_HANDS))
    return sorted(out, key=lambda h: h.start) if out != hits else hits


def _before_a_place(toks: list[Token], k: int, ends: dict[int, int]) -> int:
    """The word before the place whose last word is word ``k`` (or before the place and its head word, مدينة سرت);
    ``k`` itself when word k ends no place; -1 when none is before. ``ends``: each place's start by its end."""
    if k < 0 or toks[k].end not in ends:
        return k
    start = ends[toks[k].end]
    while k >= 0 and toks[k].start >= start:
        k -= 1
    return k - 1 if k >= 0 and toks[k].norm in _PLACE_HEADS else k


#: Adverbs of completeness (بالكامل، تماما), normalised: between a place and what holds it they change nothing.
_COMPLETELY = frozenset({"بالكامل", "كامله", "كليا", "تماما", "فعليا", "رسميا"})


#: The head word of a place's name (مدينة سرت، بلدة بن جواد), normalised.
_PLACE_HEADS = frozenset({"مدينه", "بلده", "منطقه", "قريه", "قاعده", "ميناء", "مطار", "حي", "معسكر"})


#: Words that join a subject's parts or set its place (في مدينة سبها، من الجيش، قوة تابعة للمجلس) or head a party's
#: or a crowd's name (قوات حرس المنشآت، العشرات من أهالي المدينة), normalised: they may stand between a verb and its
#: phrase's rest.
_SUBJECT_LINKS = frozenset(
    {"في", "من", "ب", "داخل", "قرب", "التابعه", "تابعه", "مدينه", "بلده", "منطقه", "حي"}
    | {"قوات", "قوه", "عناصر", "وحدات", "افراد", "مسلحو", "مسلحي", "مقاتلو", "مقاتلي"}  # the head of a party's name
    | {"اهالي", "سكان", "العشرات", "عشرات", "المئات", "مئات", "الالاف", "الاف", "نشطاء"}  # a crowd's: نظم أهالي …
)


def _rest_at(text: str, toks: list[Token], j: int, rest: tuple[tuple[str, bool], ...]) -> bool:
    """The phrase's rest matches the words from ``j``, with no punctuation inside."""
    if j + len(rest) > len(toks):
        return False
    for k, (want, is_prefix) in enumerate(rest):
        got = toks[j + k].norm
        if not (got.startswith(want) if is_prefix else got == want):
            return False
        if k and _PUNCTUATION.search(text, toks[j + k - 1].end, toks[j + k].start):
            return False
    return True


@lru_cache(maxsize=1)
def _split_fire_rows() -> dict[str, Trigger]:
    """The table's split-fire rows by pattern, read once."""
    return {t.pattern: t for t in _lexicon().triggers if t.pattern in _SPLIT_FIRE}


_PUNCTUATION = re.compile(r"[.!?؟،,;؛:\n]")


def _fired(doc: _Doc, sent: Sentence, t: Hit[Trigger]) -> bool:
    """A verb of opening fire stands in the trigger's clause at most FIRE_REACH words before it."""
    first, k = _lead_in(doc, sent, t, FIRE_REACH)
    return any(stem in doc.rules.fire for w in doc.toks[first:k] for stem, _ in strip_clitics(w.norm))


@lru_cache(maxsize=16)
def _as_joined_fire(item: Trigger) -> Trigger:
    return replace(item, weight=max(item.weight, JOINED_FIRE_WEIGHT))


def _is_act_word(doc: _Doc, t: Hit[Trigger]) -> bool:
    """A strike or blast word that names the act, not a weapon (قصف، استهداف، انفجر، فجروا): never a thing found."""
    rules = doc.rules
    return bool(_words_of(t) & (rules.bare | rules.bare_blast | rules.blast_verb))


@lru_cache(maxsize=256)
def _seized(item: Trigger) -> Trigger:
    return replace(item, event_type="Strategic developments", sub_event_type=_DISRUPTED)


@lru_cache(maxsize=256)
def _told(item: Trigger, how: str) -> Trigger:
    return replace(item, weight=max(item.weight, TOLD_DONE_WEIGHT), told=how)


_RELATIVE = frozenset({"التي", "الذي", "الذين", "اللتي", "اللذين", "اللتين", "اللتان", "اللذان", "اللواتي", "اللاتي"})
_ALREADY = frozenset({"قد", "لقد"})  # لقد سيطر أخيرا على سرت: a recap of what has come about, not the news
_NOT_NEWS = _RELATIVE | _ALREADY
_SINCE = re.compile(r"(?<!\w)[وف]?منذ(?!\w)")


def _campaign(item: Trigger) -> bool:
    """The trigger's first word is a campaign word (عملية عسكرية، حملة)."""
    return not _first_stems(item).isdisjoint(_rules().campaign)


def _names_a_campaign(doc: _Doc, t: Hit[Trigger], s0: int, lo: int) -> bool:
    """A taking right after a campaign word is the campaign's name (عملية تحرير درنة، معركة لتحرير سرت)."""
    if t.item.sub_event_type not in _TERRITORY:
        return False
    k = bisect_right(doc.starts, s0 + t.start) - 1
    return k > lo and any(
        stem in doc.rules.campaign or stem in _BATTLE_NAMES for stem, _ in strip_clitics(doc.toks[k - 1].norm)
    )


#: Words that name a battle by what it is for (معركة تحرير درنة): a campaign word too, when launched.
_BATTLE_NAMES = frozenset({"معركه", "المعركه", "مرحله", "المرحله"})


def _launched(doc: _Doc, at: int, lo: int, *, verb_reach: int = 0) -> bool:
    """A word of starting stands before the campaign word at ``at``, with at most one word between (بدء عملية،
    أطلقت القوات حملة), or a phase of it between (انطلاق المرحلة الثانية من عملية تحرير), or, within
    ``verb_reach`` words, a launching verb whose doer and day stand between (دشنت القوات الخاصة فجر الجمعة عملية
    عسكرية): the launch of a campaign."""
    k = bisect_right(doc.starts, at) - 1
    far = max(lo, k - LAUNCH_PHASE_REACH)
    span = range(far, k) if _PHASE.search(doc.text, doc.toks[far].start, at) else range(max(lo, k - 2), k)
    if any(stem in doc.rules.launch for j in span for stem, _ in strip_clitics(doc.toks[j].norm)):
        return True
    first = max(lo, k - verb_reach)
    return any(
        doc.toks[j].norm.lstrip("وف") in _LAUNCH_VERBS and not _HARD_STOP.search(doc.text, doc.toks[j].end, at)
        for j in range(first, k - 2)
    )


#: Perfect verbs of launching (normalised): with the doer between them and the campaign word.
_LAUNCH_VERBS = frozenset({"اطلق", "اطلقت", "اطلقوا", "بدا", "بدات", "بداوا", "دشن", "دشنت"})
_HARD_STOP = re.compile(r"[.،,؛;:!?؟]")


_PHASE = re.compile(r"المرحل[ةه]")


def _recent_day(sent: Sentence, published: dt.date | None) -> bool:
    """The sentence names a day of the article's own time."""
    return published is not None and any(is_recent(r, published) for r in sent.refs)


def _after_relative(doc: _Doc, at: int, lo: int) -> bool:
    """The word before the one at ``at`` (not before the sentence's first, ``lo``) is a relative pronoun, or a verb
    of undergoing or a passive helper is between (المخزن الذي تعرض للقصف، الأسرى الذين تمت تصفيتهم)."""
    k = bisect_right(doc.starts, at) - 1
    if k > lo and doc.toks[k - 1].norm in _RELATIVE:
        return True
    helper = k - 1 > lo and any(
        stem in doc.rules.undergo or stem in _PASSIVE for stem, _ in strip_clitics(doc.toks[k - 1].norm)
    )
    return helper and doc.toks[k - 2].norm in _RELATIVE


_PASSIVE = frozenset({"تم", "تمت", "جرى", "جرت"})


def _of_an_act_abroad(doc: _Doc, sent: Sentence, c: Candidate, d: DateInfo) -> bool:
    """The date stands in another clause, one set abroad ("…، مشيرا إلى غارة أخرى في مالي في 3 مارس"):
    it dates that act, not this one."""
    clause = _clause_of(sent, sent.span.start + d.start)
    return clause is not None and clause != c.clause and abroad(doc.text, sent.mentions, clause)


def _dated_by(sent: Sentence, t: Hit[Trigger]) -> bool:
    """A time word follows the trigger within ``OWN_DATE_REACH`` characters with no و or ف word between (التي
    سيطرت عليها الخميس الماضي): the act's own day, not one of a later verb (التي سيطر عليها المسلحون وباتت اليوم…)."""
    return _own_date(sent, t, sent.dates) is not None


def _own_date(sent: Sentence, t: Hit[Trigger], dates: Iterable[DateInfo]) -> DateInfo | None:
    """The first of ``dates`` that follows the trigger as its own (see ``_dated_by``)."""
    text = sent.span.text
    return next(
        (
            d
            for d in dates
            if t.end <= d.start <= t.end + OWN_DATE_REACH
            and not any(_CONJUNCTION.match(w) for w in text[t.end : d.start].split())
        ),
        None,
    )


def _relative_date(sent: Sentence, t: Hit[Trigger], dates: Iterable[DateInfo]) -> DateInfo | None:
    """A date inside the relative clause that opens right after the act's name ("الاشتباكات التي اندلعت مساء
    الخميس", "الهجوم الذي وقع أمس") is the act's own, however near another date stands before it."""
    text = sent.span.text
    after = text[t.end : t.end + RELATIVE_DATE_REACH].split()
    if not after or normalize(after[0]) not in _RELATIVE:
        return None
    return next(
        (
            d
            for d in dates
            if t.end < d.start <= t.end + RELATIVE_DATE_REACH
            and not any(_CONJUNCTION.match(w) for w in text[t.end : d.start].split())
        ),
        None,
    )


def _since_before(doc: _Doc, sent: Sentence, t: Hit[Trigger]) -> bool:
    """ "منذ" before the trigger in its clause: a state that has lasted since (ومنذ الإطاحة بالنظام سيطر التنظيم)."""
    clause = _clause_of(sent, sent.span.start + t.start)
    start = clause.start if clause is not None else sent.span.start
    return _SINCE.search(doc.text, start, sent.span.start + t.start) is not None


def factuality(doc: _Doc, sent: Sentence, hits: list[Hit[Trigger]]) -> list[Hit[Trigger]]:
    """Triggers that report an act of the article's own time: not background, a recap, a habit, a running total,
    a topic of talk, a purpose (لقصف), who holds a place (تحت سيطرة), nor under a call, threat, denial or plan."""
    rules, s0 = doc.rules, sent.span.start
    toll = any(r.since for r in sent.refs) and sent.fatalities is not None and sent.fatalities.count > 0
    lo = bisect_left(doc.starts, s0)
    words = list(map(_NORM, doc.toks[lo : bisect_left(doc.starts, sent.span.end)]))
    live = []
    clause_norm: dict[int, str] = {}
    relative_here = not _RELATIVE.isdisjoint(words)
    for t in hits:
        if t.item.weight < WEAK_TRIGGER_WEIGHT:
            continue
        t_clause = _clause_of(sent, s0 + t.start)
        if t_clause is None:
            continue
        if t_clause.start not in clause_norm:
            clause_norm[t_clause.start] = f" {_normalized_span(t_clause, doc.toks, doc.starts)} "
        cn = clause_norm[t_clause.start]
        reach = _reach(sent, t_clause, rules.clause)
        assert reach is not None  # the reach of a clause
        rn = cn if reach is t_clause else f" {_normalized_span(reach, doc.toks, doc.starts)} "
        if _background(rn, rules) or rules.accident.search(rn) or _purpose(sent.span.text, t.start, rules.undergo):
            continue
        if prepared(sent.span.text[: t.start]):
            continue  # خطة اقتحام المدينة: planned, not done
        if any(_party_at(s0 + t.start, s0 + t.end, h, t_clause, sent.mentions) for h in doc.history):
            continue  # a party of a bygone era: "قصفت كتائب القذافي مصراتة" in a 2018 article is history
        if t.item.sub_event_type in _TERRITORY and t.item is not _CHANGED_HANDS and any(w in cn for w in rules.state):
            continue  # "تحت سيطرة": who holds a place, not a change of hands
        if (_campaign(t.item) and _launched(doc, s0 + t.start, lo, verb_reach=LAUNCH_VERB_REACH)) or (
            _names_a_campaign(doc, t, s0, lo) and _launched(doc, s0 + t.start, lo)
        ):
            continue  # إطلاق عملية عسكرية في محيط سرت: a campaign launched, no fighting reported
        if (
            relative_here
            and _after_relative(doc, s0 + t.start, lo)
            and not _dated_by(sent, t)
            and (t.item.sub_event_type in _TERRITORY or not _recent_day(sent, doc.published))
        ):
            continue  # "التي سيطر عليها"، "المخزن الذي تعرض للقصف": what is described by an act, not news
        if _under_modality(sent, t, t_clause, doc.rules.clause, doc.published):
            continue
        # the trigger's first word; a death on a front is told by the whole sentence, not by the front's name
        k = 0 if t.item is _FRONT_DEATH else bisect_left(doc.starts, s0 + t.start) - lo
        n = bisect_left(doc.starts, s0 + t.end) - lo
        if (
            judge(
                f" {' '.join(words[:k])} ",
                cn,
                (t_clause.start - s0, t_clause.end - s0),
                t.start,
                sent.refs,
                doc.published,
                toll=toll,
                after=" ".join(words[n : n + 3]),
            )
            == ASSERTED
        ):
            live.append(t)
    if not live:
        return live
    dates = _date_window(sent, live)
    announced = rules.agreed.search(sent.span.text) is not None
    return [
        t
        for t in live
        if (
            _supported(t.item, _near_date(dates, t), _modal_up_to(sent, t))
            or (_declared(t.item) and announced and _near_date(dates, t) is not None)
        )
        and (t.item.sub_event_type != "Agreement" or announced)
    ]


def _declared(item: Trigger) -> bool:
    """A measure a body declares (حالة الطوارئ، حظر التجول، إغلاق المعبر): ACLED's strategic "Other", news when its
    declaration is told with its day (أعلن مجلس النواب الخميس حظر التجول)."""
    return item.event_type == "Strategic developments" and item.sub_event_type == "Other" and item.weight > 0


def _background(norm_clause: str, rules: _Rules) -> bool:
    """A background phrase in the clause, save a "منذ …" that follows a superlative within SUPERLATIVE_REACH words
    (أعنف اشتباكات منذ سقوط النظام: the act compared with the past, not told of it)."""
    for m in rules.background.finditer(norm_clause):
        if not m.group().lstrip().startswith("منذ"):
            return True
        before = norm_clause[: m.start()].split()[-SUPERLATIVE_REACH:]
        if not any(stem in rules.superlative for w in before for stem, _ in strip_clitics(w)):
            return True
    return False


def _places_in_clause(sent: Sentence, t: Hit[Trigger]) -> bool:
    """The trigger's clause names a Libyan place."""
    clause = _clause_of(sent, sent.span.start + t.start)
    return clause is not None and any(clause.start <= m.start < clause.end and m.place.in_libya for m in sent.mentions)


def _day_in_clause(sent: Sentence, t: Hit[Trigger]) -> bool:
    """The trigger's clause names a day (زرعت القوات ألغاما …، وانفجر لغم أمس في عين زارة: the blast, not the planting)."""
    clause = _clause_of(sent, sent.span.start + t.start)
    if clause is None:
        return False
    lo, hi = clause.start - sent.span.start, clause.end - sent.span.start
    return any(lo <= r.start < hi and r.day for r in sent.refs)


def _modal_up_to(sent: Sentence, t: Hit[Trigger]) -> list[Hit[Modality]]:
    """The sentence's modality words before the end of the trigger's clause: a fear or a call in a later clause
    (أبرم الطرفان هدنة الجمعة، وتواصل القصف السبت وسط مخاوف من انهيارها) does not take back what came before."""
    clause = _clause_of(sent, sent.span.start + t.start)
    end = clause.end - sent.span.start if clause is not None else len(sent.span.text)
    return [m for m in sent.modal if m.start < end]


_EXCESSIVE_FORCE = "Excessive force against protesters"
#: Event types whose acts, aimed at a crowd of protesters, are force used against a protest (ACLED).
_FORCE_TYPES = ("Battles", "Violence against civilians", "Explosions/Remote violence")


def _forced_on_crowd(sent: Sentence, by_type: dict[str, list[Hit[Trigger]]], rules: _Rules) -> bool:
    """Fire opened on protesters, or protesters killed (أطلقت قوة مسلحة النار على المحتجين، قتل متظاهر برصاص الأمن):
    the sentence's acts of violence are one event, force against the protest (ACLED "Excessive force against
    protesters"), not a clash or an attack beside a peaceful protest. Regroups ``by_type`` and says so."""
    if not any(e in by_type for e in _FORCE_TYPES) or not rules.force_on_crowd.search(sent.span.text):
        return False
    moved = [t for e in _FORCE_TYPES for t in by_type.pop(e, [])]
    by_type.setdefault("Protests", []).extend(moved)
    return True


def types(doc: _Doc, sent: Sentence, hits: list[Hit[Trigger]], *, precedence: bool = True) -> list[Candidate]:
    """One candidate per event type of the sentence: the most specific trigger decides the sub-type, several
    distinct words of one type strengthen it, an aircraft doer makes a bare strike word an air strike, and a
    more specific act absorbs the generic one it describes (a strike's هجوم, a kidnapping's هجوم). A trigger whose
    own clause is set abroad ("…، مشيرا إلى غارة أخرى في مالي") tells that act, not one in Libya."""
    by_type: dict[str, list[Hit[Trigger]]] = {}
    home = (
        [t for t in hits if not abroad(doc.text, sent.mentions, _clause_of(sent, sent.span.start + t.start))]
        if any(not m.place.in_libya for m in sent.mentions) or FOREIGN_UNIT.search(sent.span.text)
        else hits
    )
    for t in home or hits:
        by_type.setdefault(t.item.event_type, []).append(t)
    if "Protests" in by_type and "Riots" in by_type and doc.rules.disperse.search(sent.span.text):
        by_type.pop("Riots")  # تجمعوا في مظاهرة … ثم تفرقوا حين رشقهم شبان بالحجارة: violence met the protest
    forced = _forced_on_crowd(sent, by_type, doc.rules)
    held = _crowd_arrested(sent, by_type, doc.rules)
    if precedence:
        _precedence(by_type, doc.rules)
    killed = sent.fatalities is not None and sent.fatalities.count > 0
    out = []
    grouped = [(e, _by_own_day(sent, all_ts)) for e, all_ts in by_type.items()]
    for etype, ts, k, span in [
        (e, group, k, _toll_span(sent, groups, k)) for e, groups in grouped for k, group in enumerate(groups)
    ]:
        best = (
            max(
                ts,
                key=lambda t: (
                    SUBTYPE_RANK.get(t.item.sub_event_type, 0),
                    _places_in_clause(sent, t),  # of words for one act, the one whose clause says where it was
                    _day_in_clause(sent, t),  # … and when
                    t.item.weight,
                    -t.start,
                ),
            )
            if len(ts) > 1
            else ts[0]
        )
        distinct = {_normalized(t.surface) for t in ts}
        weight = min(1.0, max(t.item.weight for t in ts) + 0.1 * (len(distinct) - 1))  # تصدت لهجوم
        trig = Span(sent.span.start + best.start, sent.span.start + best.end, best.surface)
        t_clause = _clause_of(sent, trig.start)
        sub = best.item.sub_event_type
        if (
            sub in _BARE_REMOTE
            and best.item.weight < STRONG_IED_WEIGHT
            and _by_aircraft(doc.text, trig, t_clause, doc.rules, sentence_end=sent.span.end)
        ):
            sub = "Air/drone strike"  # قام سلاح الجو بتفجير، قامت قواته الجوية باستهداف: an aircraft did it
            weight = max(weight, STRONG_TRIGGER_WEIGHT)
        elif (
            sub == _AIR
            and best.item.weight < STRONG_TRIGGER_WEIGHT
            and any(t.item.sub_event_type in _BARE_REMOTE for t in ts)
        ):
            weight = max(weight, STRONG_TRIGGER_WEIGHT)  # استهدف سلاح الجو مواقع: the air force named does the act
        elif etype == "Protests" and forced:
            sub = _EXCESSIVE_FORCE  # أطلقت قوة مسلحة النار على المحتجين: the crowd met lethal force
            weight = max(weight, STRONG_TRIGGER_WEIGHT)
        elif sub == "Peaceful protest" and (held or doc.rules.disperse.search(sent.span.text)):
            sub = "Protest with intervention"  # فرقت قوات الأمن المتظاهرين، قمعت الشرطة المحتجين: the doer between
        elif (
            sub == _SHELLING
            and doc.means is None
            and _words_of(best) & doc.rules.bare_blast
            and doc.rules.aimed.match(sent.span.text, best.start)
        ):
            sub = _IED  # "انفجار استهدف موكب الوزير"، "انفجرت … مستهدفة سيارة": a blast aimed at someone was a bomb
        elif sub == _SHELLING and doc.means is not None:
            words = _words_of(best)
            if words & (doc.rules.bare_blast if doc.means == _IED else doc.rules.bare | doc.rules.bare_blast):
                sub = doc.means  # قصف … هذه الغارات؛ غارة … سمع انفجار؛ سيارة مفخخة … إن السيارة انفجرت
        if weight < MIN_TRIGGER_WEIGHT and not (killed and etype in ARMED_TYPES):
            continue  # a weak word (النار على) counts only when people were killed
        out.append(
            Candidate(
                sent.span.start,
                sent.span.end,
                etype,
                sub,
                weight,
                best,
                trig,
                t_clause,
                evidence=[(sent.span.start, sent.span.end)],
                place_key=f"@{trig.start}" if k else "",
                toll_span=span,
            )
        )
    return out


def location(doc: _Doc, sent: Sentence, c: Candidate) -> bool:
    """The place the trigger governs, else a body's premises named as the spot, else the previous sentence's
    place; False when the act is set abroad."""
    reach = _reach(sent, c.clause, doc.rules.clause)
    mentions = sent.mentions
    if _normalized(c.trigger.text).startswith(_GRIEVANCE):  # "أغلقوا الميناء احتجاجا على مؤتمر برلين": what is
        mentions = [m for m in mentions if m.start < c.trigger.start]  # protested at is the grievance's, not the place
    if abroad(doc.text, mentions, reach):
        return False
    named_by = next((m for m in mentions if m.start >= c.trigger.end), None)
    if named_by is not None and not named_by.place.in_libya and not doc.text[c.trigger.end : named_by.start].strip():
        return False  # "هجوم مانشستر": an act named by its place abroad
    if _withdrawal(doc, c):  # only ground left is a territorial change: "انسحبت من ترهونة", not "من الحوار"
        left = next((m for m in mentions if m.start >= c.trigger.end and m.prep == "from"), None)
        if left is None or len(WORD_RE.findall(doc.text[c.trigger.end : left.start])) > WITHDRAW_REACH:
            return False
    origin = doc.rules.origin
    home = home_of(doc.text, mentions, reach, doc.rules.residents) if c.event_type in _CROWDS else None
    if home is not None and not home.place.in_libya:
        return False  # "احتج سكان بن قردان على إغلاق المعبر": a protest abroad
    said = _said_places(sent, _statement(doc, sent, c))
    mention = home or (
        pick_location(doc.text, [m for m in mentions if m not in said], c.trigger, sent.clauses, origin)
        if said
        else None
    )
    mention = mention or _antecedent(doc, sent, c) or pick_location(doc.text, mentions, c.trigger, sent.clauses, origin)
    here = [m for m in mentions if reach is not None and reach.start <= m.start < reach.end]
    if mention is not None and reach is not None and any(not m.place.in_libya for m in here):
        anywhere = pick_location(doc.text, here, c.trigger, [reach], origin, libyan=False)
        if anywhere is not None and not anywhere.place.in_libya:
            return False  # the trigger's own clause governs a place abroad: "مسيرة جابت شوارع بن قردان"
    if mention is None and c.clause is not None:
        mention = building_of_actor(doc.text, doc.tagged, c.clause)
    if mention is None:  # the paragraph's place carries over one sentence
        mention = last_place(doc.text, doc.mentions, *sent.previous, origin)
        if mention is None and sent.paragraph[0] < sent.previous[0]:
            mention = last_place(doc.text, doc.mentions, sent.paragraph[0], sent.previous[0], origin)
        c.inherited = mention is not None
    if mention is None and c.clause is not None:
        mention = body_of_target(doc.tagged, c.clause, c.trigger.end) or town_of_the_city(
            doc.tagged, doc.text, c.clause, sent.span.start
        )
        c.inherited = mention is not None
    if c.sub_event_type in _TERRITORY and mention is not None and mention.prep == "towards" and not c.inherited:
        return False  # "تقدمت القوات نحو طرابلس": ground moved towards is not taken
    if mention is not None and not c.inherited:
        mention = rehomed_in_scene(mention, scene_town(doc.text, doc.tagged, sent.span))
    c.mention = mention
    c.governed = (
        mention is not None
        and not c.inherited
        and c.clause is not None
        and c.clause.start <= mention.start < c.clause.end
        and bool(mention.prep or mention.relation or mention.hint)
    ) or (mention is not None and not c.inherited and _fronted_place(sent, mention))
    return True


#: What opens a sentence before the place it is set in, fronted and cut off by a comma (وفي الزاوية، …، أما في مدينة
#: سبها، فقد …): a conjunction or أما, في, and a kind word.
_PLACE_LEAD = re.compile(
    r"\W*(?:[وف]?[أا]ما\s+)?[وف]{0,2}في\s+(?:(?:مدينة|مدينه|بلدة|بلده|منطقة|منطقه|العاصمة|العاصمه)\s+)?"
)


def _fronted_place(sent: Sentence, m: Mention) -> bool:
    """The place opens the sentence as its setting before a comma (وفي الزاوية، تظاهر العشرات …): it is where all the
    sentence tells happened, as a fronted date is when."""
    first = sent.clauses[0] if sent.clauses else None
    s0 = sent.span.start
    return (
        first is not None
        and first.start <= m.start < first.end
        and _PLACE_LEAD.fullmatch(sent.span.text, 0, m.start - s0) is not None
    )


_LETHAL = (*ARMED_TYPES, "Violence against civilians")
#: An act done in protest (normalised): what follows it is the grievance (احتجاجا على، تنديدا ب).
_GRIEVANCE = ("احتجاجا", "تنديدا")
_CROWDS = ("Protests", "Riots")
_ABDUCTION = "Abduction/forced disappearance"
#: Words of leading someone away (normalised, a conjunction allowed): by a state's force, custody, not a kidnapping.
_CUSTODY = ("اقتاد", "اقتياد", "واقتاد", "واقتياد")


def fatalities(doc: _Doc, sent: Sentence, c: Candidate) -> bool:
    """Deaths the sentence reports (numbers tied to death words only); for one of the events a sentence tells on days
    of their own, the deaths its own clause reports — unless the toll follows another act the
    sentence names only in passing ("قصف … بعد هجوم المنيا الذي أسفر عن مقتل 29"): that toll is that act's. An act
    that kills none (مركز احتجاز المهاجرين: a detention) takes no toll away. A strategic development (an arrest, a
    seizure) kills none itself: the deaths told with it are a charge's (اعتقال متهمين بقتل شاب) or a fight's,
    coded with that act, as ACLED does."""
    if c.event_type == _STRATEGIC:
        c.fatalities = 0
        return True
    if c.toll_span is not None:  # "قتل 3 في اشتباكات الخميس، وقتل اثنان آخران في تجددها الجمعة"
        own = count_fatalities(doc.text[c.toll_span[0] : c.toll_span[1]])
        c.fatalities = own.count if own else 0
        return True
    c.fatalities = sent.fatalities.count if sent.fatalities else 0
    toll_at = getattr(sent.fatalities, "start", None)
    if (
        c.fatalities
        and sent.dropped
        and toll_at is not None
        and any(c.hit.end <= t.start < toll_at and t.item.event_type in _LETHAL for t in sent.dropped)
    ):
        c.fatalities = 0
    return True


def date(doc: _Doc, sent: Sentence, c: Candidate) -> bool:
    """The date expression nearest the trigger; False for a report with no time, no toll and no place of its own
    (commentary, not a report). Undated reports take the publication day, approximately. In reported speech a day
    said with the verb dates the statement ("قال أمس إن"): the act's own cue wins, counted back from the
    statement's day when it is relative ("… إن الاشتباكات اندلعت قبل يومين"), else the statement's day, roughly."""
    dates = [
        d
        for d in _date_window(sent, [c.hit])
        if not _of_an_act_abroad(doc, sent, c, d) and not (d.start >= c.hit.end and counts_back(d))
    ]
    statement = _statement(doc, sent, c)
    said = _said_dates(dates, statement)
    if statement is not None and not dates:
        said = _statement_day_after(doc, sent)
    unsaid = [d for d in dates if d not in said]
    info = _near_date(unsaid, c.hit)
    own = _own_date(sent, c.hit, unsaid) if info is not None else None
    if own is not None and own is not info and _BEFORE_NOW.match(own.surface):
        info = own  # "أفرجت أمس عن صحفيين اختطفتهم قبل أسبوع": the act's own time ago, right after it
    told = _relative_date(sent, c.hit, unsaid) if info is not None else None
    if told is not None:
        info = told  # "أدان البيان مساء اليوم المعارك التي تدور في المدينة منذ أمس": the act's own day
    if info is None and not said:
        info = _fronted_date(sent, c.hit) or _scene_day(doc, sent, c)
    if info is None and not said and c.hit.item.told == "done":
        if not _continues_a_report(doc, c, sent):
            return False
    elif info is None and not c.fatalities and not said and not (c.weight >= STRONG_TRIGGER_WEIGHT and c.governed):
        c.news = _news_it_goes_on_with(doc, c, sent) if c.weight >= STRONG_TRIGGER_WEIGHT else None
        if c.news is None:
            return False
    if info is None and not said and c.news is not None and c.news.date is not None:
        info = DateInfo(c.news.date, c.news.time_precision, 0, 0, "")  # the day of the news it goes on with
    if info is None and not said and _told_of_the_past(doc, sent, c):
        return False
    if info is not None and _weeks_before(doc, info):
        recent = [d for d in dates if d not in said and not _weeks_before(doc, d)]
        if not recent:
            return False
        info = _near_date(recent, c.hit)  # the act's own recent day beside the old one of another act
        if info is None:
            return False
    if info is not None:
        c.dated, c.date, c.time_precision = True, info.date, info.precision
        if said and doc.published is not None and (_AGO.search(info.surface) or _deictic(info)):
            c.date = said[-1].date - (doc.published - info.date)  # the speaker's "two days ago", "yesterday"
    elif said:
        c.dated, c.date, c.time_precision = True, said[-1].date, 2
    elif statement is not None and not dates and (run := _statement_day_before(doc, sent)):
        c.dated, c.date, c.time_precision = True, run[-1].date, 2  # dates a report kept anyway; keeps no other
    else:
        c.date, c.time_precision = doc.published, 2
    if _the_day_before(sent, c.hit) and c.date is not None:
        c.date -= dt.timedelta(days=1)  # غداة: the day before the sentence's own
    return True


def _town_councils(text: str, tagged: list[Mention], hits: list[Hit[Actor]]) -> list[Hit[Actor]]:
    """A town's military council (المجلس العسكري بصبراتة، المجلس العسكري لمدينة غريان، مجلس الزنتان العسكري) is an
    armed actor of its own, named as ACLED names it ("Sabratha Military Council"), unless the actor table knows it
    under another name (المجلس العسكري مصراتة: the Misrata brigades)."""
    if "العسكري" not in text:
        return hits
    added: list[Hit[Actor]] = []
    for m in tagged:
        if not m.place.in_libya or m.place.kind not in _TOWN_KINDS:
            continue
        before = _COUNCIL_BEFORE.search(text, max(0, m.start - 40), m.start)
        if before is not None:
            start, end = before.start(), m.end
        else:
            head, after = _COUNCIL_HEAD.search(text, max(0, m.start - 12), m.start), _COUNCIL_AFTER.match(text, m.end)
            if head is None or after is None:
                continue
            start, end = head.start(), after.end()
        if any(h.start < end and start < h.end for h in hits):
            continue
        actor = Actor(f"{m.place.name_en} Military Council", "Political militia", "", ())
        added.append(Hit(start, end, text[start:end], actor))
    return sorted([*hits, *added], key=lambda h: h.start) if added else hits


_TOWN_KINDS = frozenset({"city", "town", "village"})
#: "المجلس العسكري" right before a town, with بـ، لـ or لمدينة between (the town's own hit starts after them).
_COUNCIL_BEFORE = re.compile(r"(?<!\w)[وف]?[بل]?(?:ال)?مجلس\s+العسكري\s+(?:[بل](?:مدينة\s+)?)?$")
#: "مجلس X العسكري": the council word right before the town and the adjective right after it.
_COUNCIL_HEAD = re.compile(r"(?<!\w)[وف]?[بل]?مجلس\s+$")
_COUNCIL_AFTER = re.compile(r"\s+العسكري(?!\w)")


#: Forces, aircraft or fighters of (or loyal to) a body named right after (قوات الحكومة المؤقتة، طائرات تابعة لمجلس
#: النواب، القوات الموالية للمجلس الرئاسي), as written up to the body's name.
_FORCES_OF = re.compile(
    r"(?<!\w)[وف]?(?:ال)?(?:قوات|طائرات|مقاتلات|ميليشيات|مليشيات|كتائب|عناصر|مسلحو|مسلحي)"
    r"(?:\s+(?:ال)?(?:تابعة|موالية))?\s+[لب]?$"
)


def _forces_of_bodies(text: str, hits: list[Hit[Actor]]) -> list[Hit[Actor]]:
    """A political body's forces (قوات الحكومة المؤقتة، قوات تابعة لمجلس النواب) are the armed actor it commands
    (actor_roles.tsv, army): a party to fighting, where the body itself only speaks."""
    out = []
    for h in hits:
        army = army_of(h.item.actor) if h.item.actor in political() else None
        if army is not None and _FORCES_OF.search(text, max(0, h.start - 30), h.start):
            h = Hit(h.start, h.end, h.surface, army)
        out.append(h)
    return out


def _affiliated(text: str, hits: list[Hit[Actor]]) -> list[Hit[Actor]]:
    """Unnamed gunmen tied to a named group (مسلحون يعتقد أنهم من تنظيم داعش، مجموعة مسلحة تابعة لـ…) are that
    group: the unnamed hit goes, so the group stands where they did."""
    out = []
    for i, h in enumerate(hits):
        nxt = hits[i + 1] if i + 1 < len(hits) else None
        if (
            h.item.actor == UNNAMED_GROUP
            and nxt is not None
            and nxt.item.actor != UNNAMED_GROUP
            and _AFFILIATION.fullmatch(normalize(text[h.end : nxt.start]))
        ):
            continue
        out.append(h)
    return out


#: What may stand between unnamed gunmen and the group they belong to (normalised): يعتقد/يشتبه/يرجح انهم من،
#: تابعين ل، التابعه ل، ينتمون الى، من عناصر.
_AFFILIATION = re.compile(
    r"\s*(?:(?:يعتقد|يشتبه|يرجح|يبدو)\s+(?:في\s+)?(?:انهم|انتماءهم|انتمائهم)\s+)?"
    r"(?:من|الى|ل|(?:ال)?تابع(?:ه|ين|ون)?\s*ل|ينتمون\s+الى|ينتمون\s+ل|منتمين\s+الى|(?:ال)?موال(?:يه|ين)\s*ل|من\s+عناصر)\s*"
)


def _not_a_verb(toks: list[Token], starts: list[int], hit: Hit[Modality], calm: frozenset[str]) -> bool:
    """A modality word right after a number is the counted noun (قتل 30 طالبا: students), not the verb (طالبا بـ);
    so it is right after a death word (قتل طالب، مقتل طالب: a student). Right after a noun of calm or waiting it is
    that noun's adjective (هدوء حذر: a cautious calm), not "warned"."""
    k = bisect_right(starts, hit.start) - 1
    if k <= 0 or hit.start != toks[k].start:
        return False
    prev = toks[k - 1]
    return (
        parse_number(prev.raw) is not None
        or any(s in calm for s, _ in strip_clitics(prev.norm))
        or first_death_word(prev.raw) is not None
    )


def _told_of_the_past(doc: _Doc, sent: Sentence, c: Candidate) -> bool:
    """The sentence has no time of its own, and the one before it names only times weeks past: in its paragraph
    ("… طرد الدولة الإسلامية من درنة عام 2015. وتوسعت المواجهات في أعقاب قيام التنظيم باغتيال …") the paragraph goes
    on telling history; across a paragraph break only when the act is named again with the article ("… شنت غارة في
    مارس الماضي" ¶ "ونفذت القوات الغارة قرب مدينة أوباري": the same, old strike)."""
    prior = sent.before or (sent.prior if _names_again(doc, sent, c) or _anchored(doc, sent.span) else None)
    if prior is None or sent.refs or doc.published is None:
        return False
    for _ in range(ANCHOR_CHAIN):
        refs = time_refs(prior.text, find_dates(prior.text, published=doc.published), doc.published)
        if refs or not _anchored(doc, prior):
            break
        k = bisect_left([s.start for s in doc.spans], prior.start)
        if k == 0:
            break
        prior = doc.spans[k - 1]  # "وحينها أحرقوا …" has no time but the one before it: go on back
    return bool(refs) and not any(is_recent(r, doc.published) for r in refs)


def _anchored(doc: _Doc, span: Span) -> bool:
    """The sentence opens in the time of the one before it (وحينها، وفي غضون أيام), even across a line break."""
    return doc.rules.anchored.match(normalize(span.text[:40].lstrip(' "«\n'))) is not None


def _names_again(doc: _Doc, sent: Sentence, c: Candidate) -> bool:
    """The trigger is a definite noun (الغارة، الهجوم) and the sentence before tells an act of the same sub-type."""
    if sent.prior is None or not any(s.startswith("ال") for s, _ in strip_clitics(_normalized(c.hit.surface))):
        return False
    prior, starts = sent.prior, doc.trigger_starts
    told = doc.triggers[bisect_left(starts, prior.start) : bisect_left(starts, prior.end)]
    return any(t.item.sub_event_type == c.sub_event_type for t in told)


def _weeks_before(doc: _Doc, info: DateInfo) -> bool:
    """An act whose own time lies more than BACKGROUND_DAYS before publication (الغارة التي استهدفت صبراتة في فبراير
    2016، in an October report) is history retold, even where the sentence also has today's news: not an event of
    the article (ANNOTATION.md). A month counts by its last day."""
    return doc.published is not None and not any(
        is_recent(r, doc.published) for r in time_refs("", [info], doc.published)
    )


def _continues_a_report(doc: _Doc, c: Candidate, sent: Sentence) -> bool:
    """An undated takeover told as done (وفي الأثناء سيطر الجيش على أحياء وسط درنة) is the news when it opens the
    article (its first sentence after the title) or goes on with an event the article has already reported nearby;
    elsewhere, alone, it is a background paragraph (وسيطر تحالف فجر ليبيا على طرابلس، وأعلن حكومة…)."""
    here = c.mention.place if c.mention is not None else None
    if here is None:
        return False
    return _opens_the_article(doc, sent) or any(
        f.mention is not None
        and haversine_km(f.mention.place.lat, f.mention.place.lon, here.lat, here.lon) <= VICINITY_KM
        for f in doc.found
    )


def _news_it_goes_on_with(doc: _Doc, c: Candidate, sent: Sentence) -> Candidate | None:
    """The article's dated incident an undated armed act (or arrest) of another kind is told next to, in the same place
    and paragraph ("اندلعت اليوم اشتباكات في بنغازي …" "وقالت مصادر إن القوات ردت باستخدام طائرات لقصف معسكرات"،
    "… وأكد أن قواتنا ألقت القبض على خمسة مسلحين خلال التمشيط"): the same news, on its day and, when the act names no
    party of its own, between its parties."""
    here = (
        c.mention.place
        if c.mention is not None and (c.event_type in ARMED_TYPES or c.sub_event_type == "Arrests")
        else None
    )
    return next(
        (
            f
            for f in reversed(doc.found)
            if here is not None
            and f.dated
            and f.time_precision == 1
            and f.mention is not None
            and f.sub_event_type != c.sub_event_type
            and "\n" not in doc.text[f.end : sent.span.start]
            and haversine_km(f.mention.place.lat, f.mention.place.lon, here.lat, here.lon) <= VICINITY_KM
        ),
        None,
    )


def _opens_the_article(doc: _Doc, sent: Sentence) -> bool:
    """The sentence is the lead: the first of the body, after the title's line (the text's first line when it has
    more than one), opening the story rather than going on with one (a leading و or ف: وسيطر التنظيم على…)."""
    body = doc.text.find("\n") + 1
    first = next((s for s in doc.spans if s.start >= body and s.text.strip()), None)
    return first is not None and sent.span.start <= first.start and not _CONJUNCTION.match(sent.span.text.lstrip())


_AGO = re.compile(r"(?<!\w)(?:قبل|منذ)(?!\w)")


def _deictic(d: DateInfo) -> bool:
    """The day is told from the moment of speaking (قصفت أمس، صباح اليوم), so in a statement with a day of its own it
    counts from that day ("قال الأحد إن الطائرات قصفت أمس": Saturday)."""
    return d.precision == 1 and told_from_now(d.surface)


_BEFORE_NOW = re.compile(r"[وف]?قبل(?!\w)")  # "قبل أسبوع": a time ago (not منذ, the start of what goes on)


class _Said(NamedTuple):
    """Where the words of saying before a trigger run, in sentence offsets: from a speech verb to its "إن/أن"
    (``that``), or to the act it announces as its object ("أعلنت الشرطة، الاثنين، اعتقال مهربين")."""

    start: int
    end: int
    that: bool


def _statement(doc: _Doc, sent: Sentence, c: Candidate) -> _Said | None:
    """The words of saying before the trigger, if any (see ``_Said``)."""
    text = sent.span.text
    verb = doc.rules.speech.search(text, 0, c.hit.start)
    if verb is None:
        return None
    that = _THAT.search(text, verb.end(), c.hit.start)
    if that is not None:
        return _Said(verb.start(), that.start(), True)
    if len(WORD_RE.findall(text[verb.end() : c.hit.start])) <= ANNOUNCED_OBJECT_REACH:
        return _Said(verb.start(), c.hit.start, False)
    first = _announced_act(doc, sent, verb.end(), c.hit.start)
    return _Said(verb.start(), first, False) if first is not None else None


def _announced_act(doc: _Doc, sent: Sentence, after: int, before: int) -> int | None:
    """Where the act a verb of announcing names as its object starts, when a later trigger is told with it ("أكد
    مصدر أمس مقتل ثلاثة مسلحين في غارة … في الثالث من الشهر": the strike is the deaths' act, and the day after
    the verb is the announcement's). Sentence offsets; None when no act is named within reach or a mark between
    ends the clause."""
    s0, text = sent.span.start, sent.span.text
    k = bisect_left(doc.trigger_starts, s0 + after)
    heads = [doc.triggers[k].start - s0] if k < len(doc.triggers) and doc.triggers[k].start < s0 + before else []
    death = first_death_word(text, after, before)
    first = min([*heads, *([death] if death is not None else [])], default=None)
    if first is None:
        return None
    if len(WORD_RE.findall(text[after:first])) > ANNOUNCED_OBJECT_REACH or _PUNCTUATION.search(text, first, before):
        return None
    return first


#: A report relayed from a source (ونقلت الوكالة عن بيان …، نقل التلفزيون عن مصدر …) or attributed to one (ونسبت
#: الوكالة إلى القائد قوله …): its words of saying run to إن/أن.
_RELAYED = re.compile(
    r"(?<!\w)[وف]?(?:(?:نقل|نقلت)(?=\s+\S+(?:\s+\S+){0,6}\s+عن(?!\w))|(?:نسب|نسبت)(?=\s+\S+(?:\s+\S+){0,6}\s+[اإ]لى(?!\w)))"
)


def _sentences_through(doc: _Doc, sent: Sentence) -> int:
    """How many of the article's sentences start at or before ``sent`` (its index + 1), without a list of starts."""
    return bisect_right(doc.spans, sent.span.start, key=lambda s: s.start)


def _next_sentence(doc: _Doc, sent: Sentence) -> Span | None:
    """The sentence after ``sent`` in the article, if any."""
    k = _sentences_through(doc, sent)
    return doc.spans[k] if k < len(doc.spans) else None


def _statement_day_after(doc: _Doc, sent: Sentence) -> list[DateInfo]:
    """A statement told without its day whose next sentence, in the same paragraph, opens by quoting it again with
    the day ("أعلنت الوزارة أن أربعة اختطفوا." "ونقلت الوكالة عن بيان صدر أمس أن …"): that day, as if said here."""
    after = _next_sentence(doc, sent)
    if after is None or "\n" in doc.text[sent.span.end : after.start]:
        return []
    return _statement_day(doc, after.text, opens=True) or []


def _statement_day_before(doc: _Doc, sent: Sentence) -> list[DateInfo]:
    """A statement told without its day in a run of reported speech ("نقلت الوكالة عن القائد قوله، خلال لقائه أمس،
    إن …" "وأضاف أن …" "وقال إن المعارك تدور الآن في …"): the day of the run's nearest statement that gives one, as
    a news story's statements are of one news day. Sentences of narration between, or another side's turn to speak
    ("من جهتها، أعلنت الحكومة …"), break the run."""
    k = _sentences_through(doc, sent) - 1
    if _OTHER_SIDE.match(sent.span.text):
        return []
    for span in doc.spans[max(0, k - STATEMENT_RUN_REACH) : max(0, k)][::-1]:
        day = _statement_day(doc, span.text, opens=False)
        if day is None:
            return []
        if day:
            return day
        if _OTHER_SIDE.match(span.text):
            return []
    return []


#: A sentence that opens with another source's turn to speak: "من جهته/من جانبها/بدوره/في المقابل …".
_OTHER_SIDE = re.compile(r"\W*[وف]?(?:من\s+(?:جهت|جانب)|بدور|في\s+المقابل|على\s+صعيد)")


def _statement_day(doc: _Doc, text: str, *, opens: bool) -> list[DateInfo] | None:
    """The day said with a sentence's statement, between its verb of saying and its "إن/أن" ([] when none is said);
    None for a sentence with no statement (one that opens with it when ``opens``)."""
    found = [m for m in (doc.rules.speech.search(text), _RELAYED.search(text)) if m is not None]
    verb = min(found, key=lambda m: m.start()) if found else None
    if verb is None or (opens and verb.start() > STATEMENT_OPENS):
        return None
    that = _THAT.search(text, verb.end())
    if that is None:
        return None
    return [
        d
        for d in find_dates(text, published=doc.published)
        if verb.end() <= d.start and d.end <= that.start() and d.date is not None
    ][-1:]


def _said_dates(dates: list[DateInfo], said: _Said | None) -> list[DateInfo]:
    """Dates within the words of saying: the statement's day, not the act's ("أعلنت الشرطة، الاثنين، اعتقال … الأحد")."""
    return [] if said is None else [d for d in dates if said.start <= d.start and d.end <= said.end]


#: Where the words of saying end: "إن/أن" and "بأن" (أفاد بأن), or the colon that opens a quotation (قال في تصريح:).
_THAT = re.compile(r"(?<!\w)(?:ب(?=أ))?[اأإ]ن(?:ه|ها|هم)?(?!\w)|(?<!\d):(?!\d)")  # not a clock's 10:30


def _said_places(sent: Sentence, said: _Said | None) -> list[Mention]:
    """Places between a speech verb and its "إن/أن" ("قال مسؤول في طرابلس إن اشتباكات اندلعت في جنوب ليبيا"): where
    the statement was made, not where the act happened, unless nothing else locates it."""
    if said is None or not said.that:
        return []
    s0 = sent.span.start
    return [m for m in sent.mentions if s0 + said.start <= m.start and m.end <= s0 + said.end]


def actors(doc: _Doc, sent: Sentence, c: Candidate) -> bool:
    """Who acted and against whom; unnamed doers and victims get ACLED's generic actors. The source of a statement
    ("قالت الشرطة إن طائرات مجهولة قصفت …") is no party to the act it reports unless the report points back at it
    ("أعلن الجيش أنه سيطر"، "إن قواته تقدمت")."""
    speaker = _speaker_hits(doc, sent, c) + _disowners(sent, c)
    if speaker:
        sent = replace(sent, actor_hits=[h for h in sent.actor_hits if h not in speaker])
    if c.sub_event_type in _TERRITORY:
        sent = replace(sent, actor_hits=_not_in_a_place_name(sent.actor_hits, sent.mentions, sent.span.start))
    a1, a2 = _between(sent, c) or _marked_roles(sent, c, roles(_own_clause(sent, c), c.hit, c.event_type), doc.rules)
    if a1 is None and c.event_type == "Explosions/Remote violence":
        a1 = _source_owner(doc, sent)  # "سقطت قذائف على حي سكني." "وأفاد شهود بأن القذائف انطلقت من مواقع للتنظيم"
    if a1 is None and c.news is not None and c.news.actor1 is not None:  # "وردت القوات بقصف": the news's parties
        a1, a2 = c.news.actor1, (a2 if a2 not in (None, c.news.actor1) else c.news.actor2)
    named = a1 is not None
    counted = _counted_nationals(doc, sent) if a2 is None else None  # اختطاف أربعة إيطاليين: people of a country
    dead = _the_dead(sent)
    if dead is not None and a1 == dead:
        a1, a2 = (a2 if a2 != dead else None), dead  # لقي 5 من عناصر الجيش حتفهم في هجوم: the army was hit
    if _withdrawal(doc, c):
        a1, a2 = dominant_opponent(doc.actor_hits, a1, doc.side_of), a1  # انسحبت قوات أ من ب: B goes to A's foe
        if a1 is None and a2 is not None:
            a1 = _gainer_at_front(_front(doc, c), a2)  # the one camp the leaver fought on that front
    _territory_of(doc, c, a1)
    if c.sub_event_type in _TERRITORY and a2 is not None and a2.startswith("Police Forces of"):
        a2 = None  # "سيطر الجيش على كلية الشرطة": a police building the other side held, not the police's loss
    if c.event_type in _CROWD and a1 is not None and a1.startswith(_CROWD_WORDS):
        a1 = _as_crowd(c.event_type, a1)  # أهالي المدينة in a protest: ACLED's protesters; who burn and loot: rioters
    elif c.event_type in _CROWD and a1 in political():
        a1 = None  # "تظاهروا أمام مبنى الحكومة": the body protested at is no protester; the crowd is ACLED's default
    elif c.event_type in _CROWD and a1 is not None:
        # "تظاهروا … وفرقتهم الشرطة"، "فرقت الشرطة محتجين": the force that met the crowd is the other party (a
        # peaceful protest has none), and the crowd named after the force is the crowd
        crowd = _as_crowd(c.event_type, a2) if a2 is not None and a2.startswith(_CROWD_WORDS) else None
        met = (a1 if crowd is not None else a2 or a1) if c.sub_event_type != "Peaceful protest" else None
        a1, a2 = crowd, met if met is not None else (None if crowd is not None else a2)
    if c.sub_event_type == "Peaceful protest" and a2 is not None and not a2.startswith(_CROWD_WORDS):
        a2 = None  # "مسيرة تأييدا للجيش"، "تظاهروا أمام مقر الحكومة": whom a peaceful crowd backs or blames is no party
    if c.sub_event_type == _EXCESSIVE_FORCE and a2 is None:
        a2 = UNNAMED_GROUP  # "أطلقت قوة مسلحة النار على المحتجين": the unnamed force that fired on the crowd
    owner = _downed_owner(sent, c) if c.sub_event_type == _DISRUPTED else None
    if owner is not None:  # "أسقطت الدفاعات طائرة مسيرة تركية": the aircraft's owner was hit
        a1, a2 = (a2 if a2 != owner else None) if a1 == owner else a1, owner
    elif c.sub_event_type == _DISRUPTED and a2 is not None and _civilian(doc, a2):
        a2 = None  # "عثرت القوات على صواريخ … قبل عودة الأهالي": weapons found or defused hit nobody
    if c.sub_event_type == "Arrests" and a1 == UNNAMED_GROUP:  # ACLED: authorities arrest, unnamed gunmen abduct
        c.event_type, c.sub_event_type = "Violence against civilians", "Abduction/forced disappearance"
    elif c.sub_event_type == _ABDUCTION and state_force(a1) and _normalized(c.trigger.text).startswith(_CUSTODY):
        c.event_type, c.sub_event_type = "Strategic developments", "Arrests"  # خفر السواحل اقتاد القارب: custody
    military = c.mention is not None and c.mention.place.kind in _MILITARY_SITES
    if (
        c.sub_event_type == "Armed clash"
        and not military  # an assault on an airbase or a camp is a battle, whoever died there
        and (_civilian(doc, a2) if a2 is not None else counted is not None or _civilian_victims(doc, sent))
        and not (a1 and _civilian(doc, a1))
        and _opens_with(c.trigger.text, doc.rules.assault)
        and c.hit.item is not _FRONT_DEATH  # the dead of fighting at a front or told after it: its toll
    ):
        c.event_type, c.sub_event_type = "Violence against civilians", "Attack"  # an armed attack on unarmed people
    if (c.event_type == "Violence against civilians" or c.sub_event_type == "Mob violence") and a2 is None:
        a2 = counted or "Civilians (Libya)"  # a crowd's victims too (قتل رجل على يد حشد غاضب)
    if a2 is None and c.event_type == "Explosions/Remote violence" and not military and _civilian_victims(doc, sent):
        a2 = "Civilians (Libya)"  # "قتل ثلاثة أشخاص بقذائف سقطت على حي سكني"
    if c.sub_event_type == _AIR and grounded(a1):  # "قصفت طائرتان قاعدة لكتيبة، وهي إحدى الجماعات المسلحة"
        a1, a2 = (a2 if a2 is not None and not grounded(a2) else None), a1  # the group was hit; the other party flew
    if a1 is None and c.sub_event_type == _AIR:
        a1 = UNKNOWN_MILITARY  # only states fly: an unnamed aircraft is an unknown military
    a1 = a1 or _DEFAULT_ACTOR1.get(c.event_type)
    read = {a1, a2}  # what follows is guessed: a front's sides, the article's usual foe
    front = _front(doc, c) if c.event_type in ARMED_TYPES or c.sub_event_type in _TERRITORY else None
    a1, a2 = at_front(front, Roles(a1, a2), battle=c.event_type == "Battles")
    if c.sub_event_type == "Agreement" and all(
        a is None or a in political() or doc.side_of.get(a) == "INTL" for a in (a1, a2)
    ):
        a1, a2 = _front_sides(_front(doc, c)) or (a1, a2)  # a truce on a front that names no fighter: its two camps
    if (
        (c.event_type == "Battles" or c.sub_event_type == "Agreement")
        and a2 is not None
        and _civilian(doc, a2)
        and not (a1 and _civilian(doc, a1))
    ):
        a2 = None  # "اشتباكات … قتل فيها عشرات بينهم نساء وأطفال"، "اتفاق … لحماية المدنيين": no side of it
    if a2 is None and a1 in (None, *UNNAMED_DOERS) and c.sub_event_type in (_IED, "Suicide bomb"):
        a1, a2 = _bombers_at_front(front) or (a1, a2)
    if c.sub_event_type == "Suicide bomb" and a1 and a2 and state_force(a1) and grounded(a2):
        a1, a2 = a2, a1  # "واصل الجيش زحفه فيما لجأ المتشددون إلى هجوم انتحاري": no state sends suicide bombers
    if a2 is None and c.event_type in ("Battles", "Explosions/Remote violence", "Strategic developments"):
        a2 = dominant_opponent(doc.actor_hits, a1, doc.side_of)
        if c.event_type == "Battles":  # fighting the camp the front faced there, the unnamed side is the coalition
            a1, a2 = at_front(front, Roles(a1, a2), battle=True)
    if not named and c.event_type == "Battles" and a1 in (None, *UNNAMED_DOERS) and a2 is None:
        a1, a2 = _front_sides(front) or (a1, a2)  # "تجددت الاشتباكات في قنفودة" (2016): no party named on a front
    if not named and c.sub_event_type in _TERRITORY and a1 and a2:
        a1, a2 = _taker_first(doc, c.sub_event_type, a1, a2, front)
    flier = front.flier if front is not None and c.sub_event_type == _AIR else None
    if a1 == UNKNOWN_MILITARY and flier:  # the camp whose aircraft struck on that front
        a1, a2 = flier, (None if a2 == flier else a2)
    if _foreign_police(a1) and c.mention is not None and c.mention.place.kind == "border_crossing":
        return False  # "أعلنت الداخلية التونسية القبض على … عبر معبر رأس جدير": on that state's side of the crossing
    if c.sub_event_type == "Government regains territory" and a1 == UNNAMED_GROUP and UNNAMED_GROUP not in doc.side_of:
        a1 = UNKNOWN_MILITARY  # regained by forces nobody named (حررت القوات المدينة): a state's, no group read
    _territory_of(doc, c, a1)  # the taker guessed since (an unnamed group, a front's camp) decides it too
    c.actor1, c.actor2 = a1, a2
    c.guessed = frozenset(a for a in (a1, a2) if a is not None and a not in read)
    return True


def _territory_of(doc: _Doc, c: Candidate, taker: str | None) -> None:
    """Ground taken is the government's regaining or a non-state actor's overtaking, by the taker's side."""
    if c.sub_event_type in _TERRITORY and taker:
        c.sub_event_type = (
            "Non-state actor overtakes territory"
            if doc.side_of.get(taker) in _NON_STATE
            else "Government regains territory"
        )


def _foreign_police(actor: str | None) -> bool:
    return actor is not None and actor.startswith("Police Forces of ") and actor != LIBYAN_POLICE


def _gainer_at_front(front: Front | None, leaver: str) -> str | None:
    """Who gains the ground a party left on a front with one counterpart: the counterpart when the coalition (or a
    member group) left (انسحب مسلحو داعش من حي في سرت، 2016: the GNA's forces), the coalition when the counterpart did."""
    if front is None or not front.counterpart:
        return None
    if leaver == front.actor or leaver in front.members:
        return front.counterpart
    return front.actor if leaver == front.counterpart else None


def _speaker_hits(doc: _Doc, sent: Sentence, c: Candidate) -> list[Hit[Actor]]:
    """The names between a verb of saying and its "إن/أن" before the act, when what is said does not point back at
    them (أنه، إنها، قواته، عناصرها، قواتنا): the statement's source, not a party."""
    said = _statement(doc, sent, c)
    if said is None or not said.that:
        return []
    if _POINTS_BACK.search(sent.span.text, said.end, c.hit.end + POINTS_BACK_REACH):
        return []
    source = [h for h in sent.actor_hits if said.start <= h.start < said.end]
    if not any(said.end <= h.start < c.hit.start for h in sent.actor_hits) and (
        c.sub_event_type in _CLAIMED or (c.sub_event_type == _AIR and any(not grounded(h.item.actor) for h in source))
    ):
        return []  # "أعلن المتحدث باسم الجيش أن المطلوب اعتقل"، "قالت القيادة الأمريكية إن غارة قتلت": its own act
    return source


#: Acts a force announces of itself in the passive or with no doer named: its arrests, its gains, weapons it seized.
_CLAIMED = frozenset({"Arrests", "Disrupted weapons use", "Government regains territory"})


#: What a statement says pointing back at its source: "أنه/إنها/أنهم" or a noun with the source's pronoun
#: (قواته، عناصرها، طائراتنا).
_POINTS_BACK = re.compile(
    r"(?<!\w)(?:ب(?=أ))?[اأإ]ن(?:ه|ها|هم|نا)(?!\w)(?!\s+(?:قد\s+)?(?:تم|يتم|سيتم|جرى|يجري)(?!\w))"  # not "إنه تم"
    r"|(?<!\w)[وفبل]?(?:قوات|عناصر|وحدات|طائرات|مقاتلات|مقاتلي|جنود|أفراد|افراد|قيادات|كتائب|دوريات|رجال|مسلحي"
    r"|أبناء|ابناء|سرايا|ألوية|الوية|مدفعية|طيران|قيادة|منتسبي|تشكيلات)(?:ه|ها|هم|نا)(?!\w)"  # its forces: قواته
)


def _downed_owner(sent: Sentence, c: Candidate) -> str | None:
    """The owner named with or right after an aircraft from the trigger on (طائرة مسيرة تركية، طائرة تابعة لقوات
    الوفاق): in a shoot-down, the side whose aircraft fell."""
    text = sent.span.text
    for h in sent.actor_hits:
        if h.start >= c.hit.start and _AIRCRAFT.search(
            normalize(text[max(c.hit.start, h.start - DOWNED_OWNER_REACH) : h.end])
        ):
            return h.item.actor
    return None


#: An aircraft (normalised), not an air force: طائرة، مسيرات، مقاتلتين، مروحية.
_AIRCRAFT = re.compile(r"(?<!\w)[وف]?(?:ال)?(?:طائر|مسير|مقاتل|مروحي)(?:ه|ات|تين|تان|تا)(?!\w)")


def _bombers_at_front(front: Front | None) -> Roles | None:
    """A bomb no party is named for on a front between a rebel camp and a force that flies (Sirte, 2015: IS against
    Libya Dawn): the rebel camp planted it, the other was hit — states do not send suicide bombers."""
    sides = _front_sides(front)
    if sides is None:
        return None
    a, b = sides
    if grounded(a) == grounded(b):
        return None
    return Roles(a, b) if grounded(a) else Roles(b, a)


def _front_sides(front: Front | None) -> Roles | None:
    """The two camps that fought on a front (its coalition and its one counterpart), when it had one."""
    return Roles(front.actor, front.counterpart) if front is not None and front.counterpart else None


def _taker_first(doc: _Doc, sub_event_type: str, a1: str, a2: str, front: Front | None = None) -> tuple[str, str]:
    """Sides found beyond the sentence (its front, the article's main foe) for a taking that names no taker: the
    state side regains ground and a non-state one overtakes it ("التحرير الكامل لمدينة درنة" is the army's); between
    two of a kind on a front, the counterpart takes what the coalition held (ترهونة، 2020: the GNA's)."""
    non_state = [(doc.side_of.get(a) or camp(a)) in _NON_STATE for a in (a1, a2)]
    if non_state[0] != non_state[1] and non_state[0] == (sub_event_type == "Government regains territory"):
        return a2, a1
    if non_state[0] == non_state[1] and front is not None and (a1, a2) == (front.actor, front.counterpart):
        return a2, a1
    return a1, a2


_NO_CLAIM = re.compile(r"(?<!\w)(?:لم|ولم|أي جهة|اي جهة)(?!\w)")


def _claimed(doc: _Doc, cands: list[Candidate]) -> None:
    """A group that claims an attack (وتبنى تنظيم داعش الهجوم، أعلن التنظيم مسؤوليته عن التفجير) did it, as ACLED
    codes a claimed perpetrator: the attacks reported before the claim with no named doer get the claimant. "لم تتبن
    أي جهة" claims nothing."""
    if not any(head in doc.text for head in doc.rules.claim_heads):  # most articles name no claim: skip the pattern
        return
    for m in doc.rules.claim.finditer(doc.text):
        span = next((s for s in doc.spans if s.start <= m.start() < s.end), None)
        if span is None or _NO_CLAIM.search(span.text):
            continue
        claimant = next(
            (
                h.item.actor
                for h in doc.actor_hits
                if span.start <= h.start < span.end
                and h.item.side not in ("CIVILIAN", "INTL", "")
                and h.item.actor not in political()
            ),
            None,
        )
        if claimant is None:
            continue
        for c in cands:
            if c.start < span.start and c.event_type in _LETHAL and c.actor1 in (UNNAMED_GROUP, UNKNOWN_MILITARY):
                c.actor1 = claimant
                if c.actor2 == claimant:
                    c.actor2 = None


#: An accusation of authorship (اتهمت الحكومة قوات حفتر بالوقوف وراء القصف، حمّل المجلس التنظيم مسؤولية الهجوم): the
#: verb, then up to eight words, then the words that name the act already told as the accused's.
_BLAME_KEYS = ("الوقوف", "مسؤولية", "بتنفيذ", "بارتكاب")  # a piece of each way of blaming that _ACCUSED reads
_ACCUSING = r"[وف]?(?:اتهم|اتهمت|اتهموا|يتهم|تتهم|حمل|حملت|حملوا|يحمل|تحمل)(?!\w)"
_ACCUSE_VERB = re.compile(rf"(?<!\w){_ACCUSING}")
_ACCUSED = re.compile(
    rf"{_ACCUSING}((?:\s+\S+){{1,8}}?)\s+"
    r"(?:بالوقوف\s+(?:وراء|خلف)|المسؤولية\s+عن|مسؤولية|بالمسؤولية\s+عن|بتنفيذ|بارتكاب)(?!\w)"
)


def _accused(doc: _Doc, cands: list[Candidate]) -> None:
    """A party accused of being behind an act told before with no doer named (… قصف … "واتهمت الحكومة قوات حفتر
    بالوقوف وراء القصف") is its doer as the report attributes it: the last party named before the words of blame, so
    not the accuser. A negation before the blame (لم يتهم أحد) attributes nothing."""
    if not any(w in doc.text for w in _BLAME_KEYS):  # most articles blame no one: one look first
        return
    for verb in _ACCUSE_VERB.finditer(doc.text):  # the few verbs first: the whole pattern is slow to scan for
        m = _ACCUSED.match(doc.text, verb.start())
        if m is None:
            continue
        span = next((s for s in doc.spans if s.start <= m.start() < s.end), None)
        if span is None or _NO_CLAIM.search(doc.text, span.start, m.end()):
            continue
        accused = [
            h.item.actor
            for h in doc.actor_hits
            if m.start(1) <= h.start and h.end <= m.end(1) and h.item.side != "CIVILIAN"
        ]
        if not accused or accused[-1] in political():
            continue
        for c in cands:
            if c.start < span.start and c.event_type in _LETHAL and c.actor1 in (UNNAMED_GROUP, UNKNOWN_MILITARY):
                c.actor1 = accused[-1]
                if c.actor2 == accused[-1]:
                    c.actor2 = None


def _the_dead(sent: Sentence) -> str | None:
    """The party whose people the sentence's toll counts (مقتل 3 من عناصر الجيش، لقي 5 من قوات الأمن حتفهم)."""
    toll = sent.fatalities
    if toll is None or not toll.count:
        return None
    text = sent.span.text
    return next(
        (
            h.item.actor
            for h in sent.actor_hits
            if toll.start <= h.start <= toll.end + PARTITIVE_REACH
            and _member_of(WORD_RE.findall(text[max(toll.start, h.start - 24) : h.start])[-3:])
        ),
        None,
    )  # "5 من عناصر الجيش": the partitive من names the dead's party, while "قتل الجيش 5" names their killer


_ONE_OF = frozenset({"احد", "احدي", "لاحد", "لاحدي"})  # normalised: أحد، إحدى، لأحد


def _member_of(before: list[str]) -> bool:
    """The words before an actor's name make the dead its members: the partitive من (5 من عناصر الجيش), "one of"
    (أحد عناصر الشرطة، إحدى منتسبات الجيش), or في after a noun for one person (قيادي في تنظيم داعش، قائد في الجيش);
    not من قبل, which names the killer."""
    if before[-2:] == ["من", "قبل"] or before[-1:] == ["قبل"]:
        return False  # "من قبل مجموعة مسلحة": by the group, its agent
    if "من" in before[-2:] or not _ONE_OF.isdisjoint(map(normalize_token, before[-2:])):
        return True
    one = words_table().get("person_one", {})
    return len(before) >= 2 and before[-1] == "في" and normalize_token(before[-2]) in one


def _civilian(doc: _Doc, actor: str) -> bool:
    return doc.side_of.get(actor) == "CIVILIAN" or actor.startswith(("Civilians", "Migrants"))


_CROWD = {"Protests": "Protesters", "Riots": "Rioters"}
_CROWD_WORDS = ("Civilians", "Protesters", "Rioters")


def _as_crowd(event_type: str, name: str) -> str:
    """People in a protest or a riot as ACLED names the crowd there, of their own country (Protesters (Libya))."""
    return _CROWD[event_type] + name[name.index(" (") :] if " (" in name else _CROWD[event_type]


#: Places whose people are fighters, whatever a report calls them ("مقتل 5 أشخاص" at an airbase).
_MILITARY_SITES = frozenset({"airbase", "military_camp"})


def _civilian_victims(doc: _Doc, sent: Sentence) -> bool:
    """The sentence's unnamed victims are civilians: people, homes, a residential area (extract_rules 'civilian').
    A definite adjective of the list (السكني) counts only after a definite noun (الحي السكني): alone it is more
    often a family name (قال السكني)."""
    lo, hi = bisect_left(doc.starts, sent.span.start), bisect_left(doc.starts, sent.span.end)
    for k in range(lo, hi):
        for s, _ in strip_clitics(doc.toks[k][3]):
            if s in doc.rules.civilian and (not _DEFINITE_NISBA.fullmatch(s) or _after_definite(doc.toks, k)):
                return True
    return False


_DEFINITE_NISBA = re.compile(r"ال\w+(?:ي|يه)")


def _after_definite(toks: list[Token], k: int) -> bool:
    return k > 0 and any(s.startswith("ال") for s, _ in strip_clitics(toks[k - 1][3]))


def _counted_nationals(doc: _Doc, sent: Sentence) -> str | None:
    """People counted by their nationality (أربعة إيطاليين، 21 مصريا، تونسيين اثنين، اثنين من التونسيين):
    "Civilians (country)" of the first such."""
    table = counted_nationals()
    lo, hi = bisect_left(doc.starts, sent.span.start), bisect_left(doc.starts, sent.span.end)

    def number(k: int) -> bool:
        return lo <= k < hi and parse_number(doc.toks[k][2]) is not None

    for k in range(lo, hi):
        stems = [s for s, _ in strip_clitics(doc.toks[k][3])]
        found = next((table[s] for s in (*stems, *(s[2:] for s in stems if s.startswith("ال"))) if s in table), None)
        if found is None:
            continue
        if number(k - 1) or number(k + 1) or (number(k - 2) and doc.toks[k - 1][3] == "من"):
            return found
    return None


def _front(doc: _Doc, c: Candidate) -> Front | None:
    """The front (actor_fronts.tsv) the candidate's place and day lie on, if any."""
    day = c.date or doc.published
    if c.mention is None or day is None:
        return None
    p = c.mention.place
    for front, centre in doc.fronts:
        if front.start <= day <= front.end and haversine_km(p.lat, p.lon, centre.lat, centre.lon) <= front.km:
            return front
    return None


def confidence(doc: _Doc, sent: Sentence, c: Candidate) -> bool:
    """How sure the report is: the trigger's strength, a precise governed place, a date, a toll, a named doer."""
    conf = 0.2 + 0.4 * c.weight
    if c.mention is not None:
        conf += 0.15 if c.mention.place.kind not in VAGUE_KINDS else 0.05
    conf += 0.1 * c.governed + 0.1 * c.dated + 0.1 * (c.fatalities > 0) + 0.05 * (c.actor1 is not None)
    conf -= 0.1 * c.inherited
    c.confidence = min(conf, 0.99)
    return True


#: The stages of one candidate: where, how many dead and when; then, for each place it was told of (ACLED's one
#: event per place), who and how sure.
_PLACE_STAGES = (
    ("location", location),
    ("fatalities", fatalities),
    ("date", date),
)
_PARTY_STAGES = (
    ("actors", actors),
    ("confidence", confidence),
)


# ------------------------------------------------------------------------------------------------ helpers


def _one_per_place(doc: _Doc, sent: Sentence, c: Candidate) -> list[Candidate]:
    """ACLED codes one event per place and day: towns taken in one breath ("سيطرت القوات على بلدات أ وب وج")
    are one territorial event each, and so are the towns a crowd filled at once ("تظاهر المئات في طرابلس ومصراتة").
    Fighting "في أ وب" or on the fronts of several (على محاور أ وب وج) is a clash in each; a clash "بين أ وب" stays one
    event (its places are the two sides' axis), and so does an act on a stretch between two towns (الطريق بين غريان
    والأصابعة). A toll told once stays with the first place: who died where is not said."""
    if (
        (
            c.sub_event_type not in (*_TERRITORY, _TRANSFER)
            and c.event_type not in (*_CROWD, "Explosions/Remote violence")
            and not (
                c.event_type == "Battles"
                and c.mention is not None
                and (c.mention.prep == "in" or c.mention.relation == "axis")
            )
        )
        or c.mention is None
        or c.inherited
        or c.mention.start < c.trigger.end
    ):
        return [c]
    if _ENDS_OF_A_STRETCH.search(doc.text, max(0, c.mention.start - 30), c.mention.start):
        return [c]  # "على الطريق الرابط بين مدينتي غريان والأصابعة": one stretch, not two targets
    places = listed_with(doc.text, sent.mentions, c.mention)
    return [c] + [
        replace(c, mention=m, evidence=list(c.evidence), place_key=m.place.place_id, fatalities=0) for m in places[1:]
    ]


#: بين, and at most a kind word (مدينتي، بلدتي), right before a place: it and the place after it are the two ends of
#: one stretch (a road, an area), not places listed.
_ENDS_OF_A_STRETCH = re.compile(r"(?<!\w)بين\s+(?:\w+\s+)?$")


_BETWEEN = re.compile(r"(?<!\w)بين(?!\w)")


def _between(sent: Sentence, c: Candidate) -> tuple[str, str] | None:
    """ "اشتباكات بين التبو والطوارق": the two parties named after بين right after the trigger, in that order."""
    if c.event_type not in ARMED_TYPES:
        return None
    m = _BETWEEN.search(sent.span.text, c.hit.end, c.hit.end + 40)
    if m is None:
        return None
    named: list[str] = []
    talkers = political()
    for h in sent.actor_hits:
        if (
            m.end() <= h.start <= m.end() + 80
            and h.item.actor not in named
            and h.item.side != "CIVILIAN"
            and h.item.actor not in talkers
        ):
            named.append(h.item.actor)
    return (named[0], named[1]) if len(named) >= 2 else None


_AGENT = re.compile(r"(?<!\w)من\s+(?:قبل|طرف)(?!\w)")
#: Who holds the captives (محتجزين لدى، في قبضة): in an abduction, the abductor.
_HOLDER = re.compile(r"(?<!\w)(?:لدى|في\s+قبضة|بيد|بأيدي)(?!\w)")
_FROM_WORD = re.compile(r"(?<!\w)من\s+$")
_TARGET = re.compile(r"(?<!\w)(?:ضد|على|علي|استهدف\w*)(?!\w)")
#: Where a blast went off beside a party's building or men (انفجرت سيارة مفخخة أمام مديرية الأمن): they were hit.
_BESIDE = re.compile(r"(?<!\w)(?:أمام|امام|قرب|بالقرب\s+من|داخل|عند)(?!\w)")
#: A blast as a party's men or vehicles passed (انفجرت عبوة زرعت على جانب الطريق أثناء مرور دورية للشرطة): they were
#: hit, however long the description of the device between.
_PASSING = re.compile(r"(?<!\w)(?:أثناء|اثناء|لدى|عند|خلال|لحظة)\s+مرور(?!\w)")
#: A verb of surviving or undergoing before an act (نجا … من، تعرض … لـ): its subject, named after it, was the target.
_SURVIVED = re.compile(r"(?<!\w)[وف]?(?:نجاة|نجا|نجت|نجوا|ينجو|تنجو|تعرض|تعرضت|تعرضوا|يتعرض|تتعرض|يتعرضون)(?!\w)")
#: Out of whose hands ground is taken (من أيدي المسلحين، من قبضة التنظيم، من سيطرة الميليشيات): the losing side.
_FROM_HANDS = re.compile(r"(?<!\w)من\s+(?:أيدي|ايدي|يد|قبضة|قبضه|سيطرة|سيطره|براثن)(?!\w)")


def _marked_roles(
    sent: Sentence, c: Candidate, found: tuple[str | None, str | None], rules: _Rules
) -> tuple[str | None, str | None]:
    """The agent of a passive ("اختطف … من قبل مسلحين") acted; what follows ضد/على right after the trigger
    ("هجوم على قوات الجيش"), or a site of a party soon after it ("قصفت طائرة مسيرة مواقع لقوات حفتر"، "عند بوابة
    الجيش"), or the side ground is taken from ("… من أيدي المسلحين") was acted on. Other slots keep what ``roles``
    found."""
    text, end = sent.span.text, c.hit.end

    def first_actor_after(pattern: re.Pattern[str], reach: int) -> str | None:
        m = pattern.search(text, end, end + reach)
        if m is None:
            return None
        return next(
            (h.item.actor for h in sent.actor_hits if m.end() <= h.start <= m.end() + 25 and h.item.side != "CIVILIAN"),
            None,
        )

    a1, a2 = found
    agent = first_actor_after(_AGENT, 80)
    if agent is None and c.sub_event_type == _ABDUCTION:  # "كانوا مختطفين لدى عصابة مسلحة": who held them took them
        agent = first_actor_after(_HOLDER, HOLDER_REACH)
    site = rules.site.search(text, end, end + SITE_REACH)
    source = site is not None and _FROM_WORD.search(text, max(0, site.start() - 4), site.start()) is not None
    if source and c.event_type in ARMED_TYPES:  # "قذائف أطلقت من مواقع لقوات حفتر": fired by their owner
        agent = agent or first_actor_after(rules.site, SITE_REACH)
    target = (
        None
        if c.event_type == "Violence against civilians"
        else first_actor_after(_TARGET, 15) or (None if source else first_actor_after(rules.site, SITE_REACH))
    )
    if target is None and c.event_type == _REMOTE:
        target = first_actor_after(_BESIDE, 15) or first_actor_after(_PASSING, PASSING_REACH)
    if c.sub_event_type in _TERRITORY:  # "استعادة السيطرة على سرت من أيدي المسلحين": they lost it
        target = first_actor_after(_FROM_HANDS, FROM_HANDS_REACH) or target
    survivor = _SURVIVED.search(text, max(0, c.hit.start - 80), c.hit.start)
    if survivor is not None:  # "نجا رئيس الأركان من محاولة اغتيال"، "تعرضت دورية للشرطة لهجوم": the one hit
        target = next((h.item.actor for h in sent.actor_hits if survivor.end() <= h.start < c.hit.start), target)
    if agent is not None:  # the agent acted; the other party is whoever roles put first besides it
        a2 = a2 if a1 == agent else a1
        a1, a2 = agent, (None if a2 == agent else a2)
    if target is not None and target != a1:
        a2 = target
    elif target is not None and target == a1:
        a1, a2 = (a2 if a2 != target else None), target
    return a1, a2


def _own_clause(sent: Sentence, c: Candidate) -> list[Hit[Actor]]:
    """The sentence's actors for the roles, less those of the clauses before the act's when its subject follows it
    ("بينما تواصل القوات هجومها جنوب طرابلس، سيطرت مجموعة مسلحة أمس على بلدة"، "…، وقصفت طائرات الوفاق
    مواقعه"): a verb's subject stands right after it, a time word at most between, and another clause's party is
    not its doer."""
    hits = sent.actor_hits
    if c.clause is None or not hits:
        return hits
    text, lo = sent.span.text, c.clause.start - sent.span.start
    meanwhile = _MEANWHILE_CLAUSE.search(text, c.clause.end - sent.span.start)
    if meanwhile is not None:  # "قتل ثلاثة في انفجار سيارة مفخخة، فيما يخوض الجيش معارك": the army is that clause's
        hits = [h for h in hits if h.start < meanwhile.start()]
        if not hits:
            return hits
    if not any(h.end <= lo for h in hits) or any(lo <= h.start and h.end <= c.hit.start for h in hits):
        return hits
    right = next((h for h in hits if h.start >= c.hit.end), None)
    between = WORD_RE.findall(text[c.hit.end : right.start]) if right is not None else ["?"]
    if any(normalize_token(w) not in time_words() and normalize_token(w) not in _SUBJECT_HEADS for w in between):
        return hits
    return [h for h in hits if h.start >= lo]


#: A clause of what goes on meanwhile (فيما، بينما، في وقت، في الوقت الذي): its parties are its own act's.
_MEANWHILE_CLAUSE = re.compile(r"(?<!\w)[وف]?(?:فيما|بينما|في\s+(?:ال)?وقت(?:\s+الذي)?)(?!\w)")

#: Head nouns a party's name follows as a subject (قصفت طائرات الوفاق، سيطرت قوات الجيش، هاجم عناصر التنظيم).
_SUBJECT_HEADS = frozenset(
    normalize_token(w) for w in ("قوات", "طائرات", "طائرة", "مقاتلات", "عناصر", "مسلحو", "وحدات", "مجموعة", "مجموعات")
)


def _antecedent(doc: _Doc, sent: Sentence, c: Candidate) -> Mention | None:
    """The place a relative clause opening right before the act refers to ("… من موانئ الهلال النفطي، التي سيطروا
    عليها الخميس الماضي"): the act's place, whatever the clauses before name."""
    before = WORD_RE.findall(doc.text[max(sent.span.start, c.trigger.start - 30) : c.trigger.start])
    if not before or normalize_token(before[-1]) not in _RELATIVE:
        return None
    pronoun = doc.text.rfind(before[-1], sent.span.start, c.trigger.start)
    return next(
        (
            m
            for m in sent.mentions
            if m.end <= pronoun and not doc.text[m.end : pronoun].strip(" ،,") and m.place.in_libya
        ),
        None,
    )


def _source_owner(doc: _Doc, sent: Sentence) -> str | None:
    """Whose positions fire came from, said in the sentence or the next one ("انطلقت القذائف من
    مواقع يسيطر عليها مسلحو التنظيم"، "انطلقت الصواريخ من مناطق تسيطر عليها قوات حفتر"): the doer of a strike that names
    none."""
    after = _next_sentence(doc, sent)
    for span in (sent.span, *([after] if after is not None else [])):
        for m in _CAME_FROM.finditer(span.text):
            lo, hi = span.start + m.end(), span.start + m.end() + SOURCE_OWNER_REACH
            owner = next(
                (h.item for h in doc.actor_hits if lo <= h.start < hi and h.item.side != "CIVILIAN"),
                None,
            )
            if owner is not None:
                return owner.actor
    return None


#: Fire that "came from" positions: a verb of coming or launching (its subject may stand between), من, and a word
#: of positions or areas.
_CAME_FROM = re.compile(
    r"(?<!\w)[وف]?(?:جاء|جاءت|انطلق|انطلقت|أطلق|أطلقت|اطلقت|مصدره|مصدرها)(?:\s+\w+)?\s+من\s+"
    rf"(?:{POSITIONS}|(?:منطقة|مناطق|أماكن)\w*)(?!\w)"
)


def _withdrawal(doc: _Doc, c: Candidate) -> bool:
    return c.hit.item.sub_event_type in (_TRANSFER, *_TERRITORY) and _normalized(c.hit.surface).lstrip("وف").startswith(
        doc.rules.withdraw
    )


@lru_cache(maxsize=64)
def _lost_in_battle(item: Trigger) -> Trigger:
    """A withdrawal word read as the takeover it gives the other side (the actors stage names the taker)."""
    return replace(item, event_type="Battles", sub_event_type="Government regains territory")


def _toll_span(sent: Sentence, groups: list[list[Hit[Trigger]]], k: int) -> tuple[int, int] | None:
    """Where the toll of group k of a sentence's acts on days of their own is read: from the clause of its first
    trigger to the clause of the next group's (text offsets); None when the sentence tells one day."""
    if len(groups) < 2:
        return None
    firsts = sorted(min(t.start for t in g) for g in groups)
    mine = min(t.start for t in groups[k])
    clause = _clause_of(sent, sent.span.start + mine)
    start = clause.start if clause is not None else sent.span.start + mine
    later = [f for f in firsts if f > mine]
    nxt = _clause_of(sent, sent.span.start + later[0]) if later else None
    end = nxt.start if nxt is not None else sent.span.start + later[0] if later else sent.span.end
    return (start, max(start, end))


def _by_own_day(sent: Sentence, ts: list[Hit[Trigger]]) -> list[list[Hit[Trigger]]]:
    """Triggers of one type that each carry their own day ("أعلنت هدنة الثلاثاء، ثم وقف لإطلاق النار الخميس")
    are separate events; triggers without a day of their own stay with the first group."""
    if len(ts) < 2:
        return [ts]
    eve = [t for t in ts if _the_day_before(sent, t)]
    if len(sent.dates) < 2:
        return [[t for t in ts if t not in eve], eve] if eve and len(eve) < len(ts) else [ts]
    groups: dict[object, list[Hit[Trigger]]] = {}
    for t in ts:
        d = _near_date(_date_window(sent, [t]), t)
        groups.setdefault("eve" if t in eve else d.date if d is not None else None, []).append(t)
    if len(groups) == 1:
        return [ts]
    undated = groups.pop(None, [])
    out = list(groups.values())
    out[0] = out[0] + undated
    return out


def _outside_asides(text: str, hits: list[Hit[Actor]]) -> list[Hit[Actor]]:
    """Actor names inside an aside that describes a person ("أن الرجل، وهو مترجم عمل مع الجيش التونسي، اعتقل")
    tell who he was, not who acted."""
    if not hits or "وه" not in text:
        return hits
    asides = [m.span() for m in _ASIDE.finditer(text)]
    return [h for h in hits if not any(a <= h.start < b for a, b in asides)] if asides else hits


LNA, GNA = "Libyan National Army (Operation Dignity)", "Government of National Accord"


def _in_camp(
    text: str, hits: list[Hit[Actor]], published: dt.date | None, lex: Lexicon, rules: _Rules
) -> list[Hit[Actor]]:
    """In an article that calls Haftar's forces militias (ميليشيات حفتر، المتمرد حفتر), written in the camp of his
    foes, the bare "Libyan army" (الجيش الليبي، قوات الجيش) is their government's army, read in the article's era."""
    if published is None or not _near_a_key(text, rules.haftar_foe, rules.haftar_keys, rules.haftar_reach):
        return hits
    west = lex.actor(GNA)
    own = actor_of_era(west, published) if west is not None else None
    if own is None:
        return hits
    return [
        Hit(h.start, h.end, h.surface, own)
        if h.item.actor == LNA and not rules.west_army.isdisjoint(_army_forms(h.surface))
        else h
        for h in hits
    ]


def _army_forms(surface: str) -> tuple[str, ...]:
    """A name as found and as listed: للجيش is ل + الجيش, so the hit's "لجيش الليبي" is listed as "الجيش الليبي"."""
    n = normalize(surface)
    return (n, "ا" + n) if n.startswith("ل") else (n,)


def _not_partners(text: str, hits: list[Hit[Actor]], rules: _Rules) -> list[Hit[Actor]]:
    """A name right after بالتنسيق مع، بدعم من، المدعومة من … is someone the doer worked with or was backed by: on
    the doer's side (ACLED's associate actor), so neither the target nor, when the doer is unnamed, the doer."""
    if not hits or not _has_any(text, rules.partner_keys):  # most articles name no partner: one look first
        return hits
    return [h for h in hits if rules.partner.search(text, max(0, h.start - 30), h.start) is None]


def _not_civil_owners(
    text: str, hits: list[Hit[Actor]], civil: re.Pattern[str], civil_keys: tuple[str, ...]
) -> list[Hit[Actor]]:
    """A government named as the owner of a civil service (وزارة الصحة بحكومة الوفاق، مستشفى تابع للجيش) is where a
    toll or a statement comes from, not a party to the act it reports."""
    if not hits or not _has_any(text, civil_keys):  # most articles name no civil service: one look first
        return hits
    return [h for h in hits if civil.search(text, max(0, h.start - 40), h.start) is None]


#: ، وهو/وهم + a description + ، : a man or men described (not "وهو ما أدى", which goes on with the story, nor a
#: place described by who holds it, "وهي أحد معاقل التنظيم", which tells the doer).
_ASIDE = re.compile(r"[،,]\s*و(?:هو|هم)\s+(?!ما\s|الذي|الذين)(?![^،,.؛:]*معاقل|[^،,.؛:]*معقل)[^،,.؛:]{3,120}[،,]")


def _the_day_before(sent: Sentence, t: Hit[Trigger]) -> bool:
    """The act comes right after غداة ("the day after"): it happened the day before what the sentence tells
    ("اعتقلت القوات أمس رجلا، غداة اعتقال شقيقه")."""
    return _DAY_AFTER.search(sent.span.text, max(0, t.start - 8), t.start) is not None


_DAY_AFTER = re.compile(r"(?<!\w)[وف]?غداة\s+$")


def _party_at(start: int, end: int, pos: int, clause: Span, mentions: list[Mention]) -> bool:
    """A name at ``pos`` stands where a party of the act stands: in its clause, before it (the doer) or after it
    with no place between — after a place it describes the place ("… في سرت مسقط رأس معمر القذافي")."""
    if not clause.start <= pos < clause.end:
        return False
    return pos < start or not any(end <= m.start < pos for m in mentions)


def _clause_of(sent: Sentence, pos: int) -> Span | None:
    return next((c for c in sent.clauses if c.start <= pos < c.end), None)


def _under_modality(
    sent: Sentence,
    t: Hit[Trigger],
    t_clause: Span | None,
    clause_words: re.Pattern[str],
    published: dt.date | None = None,
) -> bool:
    """A call, threat, denial, plan or condition before the trigger, in its clause (or its sentence). A clause
    reaches on over an aside between commas ("طالب حفتر، القائد العام، قادته بحسم القتال"): only a comma
    followed by و or ف, or a clause word, opens a clause of its own."""
    for mh in sent.modal:
        if mh.start >= t.start:
            continue
        kind = mh.item.kind
        if _disowning(sent, mh, t.start) is not None:
            kind = "condemnation"  # نفى الجيش مسؤوليته عن القصف: the act happened, only its authorship is denied
        scope = "clause" if kind == "condemnation" else mh.item.scope  # أدان ... الهجوم still reports it
        if scope == "sentence":
            return True
        if t_clause is None:
            continue
        start = _reach_start(sent, t_clause, clause_words) if kind != "condemnation" else t_clause.start
        if start <= sent.span.start + mh.start < t_clause.end:
            if kind == "condemnation" and _pinned(sent, t, t_clause, published):
                continue  # "أدان المجلس الهجوم على الكلية العسكرية في طرابلس أمس": the act it condemns, told
            return True
    return False


#: Responsibility as what a denial denies (نفى مسؤوليته عن، نفت أي مسؤولية عن): the act itself is not denied.
_DISOWNED = re.compile(r"(?<!\w)(?:ال)?(?:مسؤولي|مسئولي)(?:ة|ه|ته|تها|تهم|تهما)(?!\w)")


def _disowning(sent: Sentence, mh: Hit[Modality], before: int) -> re.Match[str] | None:
    """The responsibility a denial denies between it and ``before`` (نفى الجيش مسؤوليته عن القصف), if it is one."""
    return _DISOWNED.search(sent.span.text, mh.end, before) if mh.item.kind == "denial" and mh.start < before else None


def _disowners(sent: Sentence, c: Candidate) -> list[Hit[Actor]]:
    """The party that denies responsibility for the act (نفى الجيش مسؤوليته عن القصف): by its own word not the doer."""
    for mh in sent.modal:
        owned = _disowning(sent, mh, c.hit.start)
        if owned is not None:
            return [h for h in sent.actor_hits if mh.start <= h.start < owned.start()]
    return []


def _pinned(sent: Sentence, t: Hit[Trigger], t_clause: Span, published: dt.date | None) -> bool:
    """The act after the condemning words is set, in its own clause and after the trigger, in a Libyan place and on a
    recent day: a report of the act, not only the statement's."""
    s0 = sent.span.start
    placed = any(s0 + t.end <= m.start < t_clause.end and m.place.in_libya for m in sent.mentions)
    return (
        placed
        and published is not None
        and any(t.end <= r.start < t_clause.end - s0 and is_recent(r, published) for r in sent.refs)
    )


#: A word that opens with the conjunction و or ف: three letters or more follow (وسيطر، فقتل) or a particle (وقد، فلم،
#: وفي، وتم). Not في، فوق، وسط، وفق، وراء, nor a word of three letters (فرض، وصل، فجر، وقع), nor a common verb whose first
#: root letter is و or ف in another person (فرضت، وصلوا، وقعت، فتحت، وطدت): their و or ف is their own.
_CONJUNCTION = re.compile(
    r"(?!(?:وصل|وقع|وجه|وضع|وافق|وعد|وطد|وجد|ورد|وزع|وقف|فرض|فتح|فجر|فر|فشل|فاز|فك|فصل|فرق|فض)(?:ت|تا|وا|ا)?(?!\w))"
    r"[وف](?!(?:ي|يه|يها|وق|سط|فق|فقا|راء)(?!\w))"
    r"(?:\w{3}|(?:قد|لم|لن|ما|لا|لو|هل|له|هو|هي|هم|من|في|عن|مع|تم|[اأإ]ن|[اإ]ذ|كل)(?!\w))"
)


#: After a comma these open an adverbial of their own (بعد حملة …، إثر هجوم …), not an aside.
_ADVERBIAL = re.compile(r"(?:بعد|قبل|عقب|إثر|اثر|أثناء|اثناء|خلال|منذ|رغم)(?!\w)")
#: After a comma ل + an imperfect verb opens a clause of result or purpose (…، لتطوي بذلك حصارا فرضه المسلحون منذ
#: أشهر): what it says of time is its own. Not ليبيا، ليس، ليلة.
_RESULT = re.compile(r"ل(?:ي(?!بي|س|ل)|ت)\w{2,}")


def _continues(sent: Sentence, k: int, clause_words: re.Pattern[str]) -> bool:
    """Clause k goes on from clause k-1 after a bare comma: an aside or what follows one, not a new clause."""
    s0, text = sent.span.start, sent.span.text
    j, nxt = sent.clauses[k - 1].end - s0 - 1, sent.clauses[k].start - s0
    while j > 0 and text[j].isspace():
        j -= 1
    return (
        text[j] in "،,"
        and not _CONJUNCTION.match(text, nxt)
        and not _ADVERBIAL.match(text, nxt)
        and not _RESULT.match(text, nxt)
        and not clause_words.match(text, nxt)
    )


def _reach_start(sent: Sentence, clause: Span, clause_words: re.Pattern[str]) -> int:
    """The start of ``clause`` extended back over the clauses it continues after a bare comma."""
    k = sent.clauses.index(clause)
    while k > 0 and _continues(sent, k, clause_words):
        k -= 1
    return sent.clauses[k].start


def _reach(sent: Sentence, clause: Span | None, clause_words: re.Pattern[str]) -> Span | None:
    """``clause`` with the clauses it runs into over bare commas, both ways ("القبض على X، أمس، في طرابلس")."""
    if clause is None:
        return None
    got = sent.reach.get(clause.start)
    if got is not None:
        return got
    k = j = sent.clauses.index(clause)
    while k > 0 and _continues(sent, k, clause_words):
        k -= 1
    while j + 1 < len(sent.clauses) and _continues(sent, j + 1, clause_words):
        j += 1
    if k == j:
        got = clause
    else:
        a, b = sent.clauses[k].start, sent.clauses[j].end
        got = Span(a, b, sent.span.text[a - sent.span.start : b - sent.span.start])
    sent.reach[clause.start] = got
    return got


def _fronted_date(sent: Sentence, trig: Hit[Trigger]) -> DateInfo | None:
    """A date that opens the sentence ("وفي الخامس من مايو، أعلن … أن دورية اعتقلت …") is the time of all it tells,
    however long it runs: the adverb is fronted to scope over the sentence."""
    if not sent.dates:
        return None
    first = sent.dates[0]
    if first.start > trig.start or normalize(sent.span.text[: first.start]).strip(' ،,"«(') not in _FRONT_LEAD:
        return None
    return first


def _scene_day(doc: _Doc, sent: Sentence, c: Candidate) -> DateInfo | None:
    """An act with no time and no place of its own, told right after the sentence of its paragraph that sets the
    scene, naming the place the act carries over and one day ("شهدت مدينة سرت أمس توترا أمنيا. واندلعت اشتباكات وسط
    المدينة"): that sentence's day. Not for an act named as known (المعارك، الاحتجاجات: commentary on it), nor after a
    sentence that tells an act of its own (the scene is then that act's)."""
    prior = sent.before
    if prior is None or not c.inherited or c.mention is None or not prior.start <= c.mention.start < prior.end:
        return None
    if any(s.startswith("ال") for s, _ in strip_clitics(_normalized(c.hit.surface))):
        return None
    told = doc.triggers[bisect_left(doc.trigger_starts, prior.start) : bisect_left(doc.trigger_starts, prior.end)]
    if any(t.item.weight >= WEAK_TRIGGER_WEIGHT for t in told):
        return None
    days = [d for d in find_dates(prior.text, published=doc.published) if d.precision == 1]
    return days[0] if len({d.date for d in days}) == 1 else None


#: What may stand before a date that opens a sentence (normalised): a conjunction, في or يوم.
_FRONT_LEAD = frozenset({"", "و", "ف", "في", "وفي", "يوم", "ويوم", "وفي يوم", "في يوم"})


def _date_window(sent: Sentence, hits: list[Hit[Trigger]]) -> list[DateInfo]:
    """The sentence's dates within reach of ``hits`` (a date further than DATE_REACH belongs to something else)."""
    lo = max(0, min(t.start for t in hits) - DATE_REACH)
    hi = max(t.end for t in hits) + DATE_REACH
    return [d for d in sent.dates if d.start >= lo and d.end <= hi]


#: Words of looting (نهب، سرقة، سطو), not of destroying: what a storming with no fight was for.
_LOOTING = re.compile(r"[وف]?(?:ال)?(?:نهب|سرق|سطو)")


def _unopposed(t: Hit[Trigger], rules: _Rules) -> bool:
    """A transfer word that says ground changed hands with no fight (دون قتال، وبلا مقاومة، دون أي اشتباك)."""
    return t.item.sub_event_type == _TRANSFER and any(
        s in rules.unopposed for s, _ in strip_clitics(_normalized(t.surface))
    )


def _crowd_arrested(sent: Sentence, by_type: dict[str, list[Hit[Trigger]]], rules: _Rules) -> bool:
    """Protesters arrested at their protest (اعتقلت قوات الأمن عددا من المحتجين خلال وقفة احتجاجية): the arrest is the
    intervention the protest met (ACLED: one protest with intervention), so it is no event of its own."""
    if "Protests" not in by_type:
        return False
    text = sent.span.text
    ours = [
        t
        for t in by_type.get("Strategic developments", ())
        if t.item.sub_event_type == "Arrests" and rules.crowd_people.search(text, t.end, t.end + CROWD_ARREST_REACH)
    ]
    if not ours:
        return False
    rest = [t for t in by_type["Strategic developments"] if t not in ours]
    if rest:
        by_type["Strategic developments"] = rest
    else:
        del by_type["Strategic developments"]
    return True


def _precedence(by_type: dict[str, list[Hit[Trigger]]], rules: _Rules) -> None:
    """A specific act absorbs a generic word of another type that describes it."""
    if any(_unopposed(t, rules) for t in by_type.get("Strategic developments", ())) and all(
        t.item.sub_event_type in _TERRITORY for t in by_type.get("Battles", ())
    ):
        by_type.pop("Battles", None)  # دخلت القوات المدينة دون قتال: ground taken with no fight is a transfer
    battle = max(t.item.weight for t in by_type.get("Battles", [_NO_HIT]))
    if battle >= STRONG_TRIGGER_WEIGHT and "Strategic developments" in by_type:
        kept = [t for t in by_type["Strategic developments"] if t.item.sub_event_type != _TRANSFER]
        # a withdrawal under fire is the battle's outcome: the ground changes hands in it (ACLED: a takeover)
        by_type["Battles"] += [
            Hit(t.start, t.end, t.surface, _lost_in_battle(t.item))
            for t in by_type["Strategic developments"]
            if t.item.sub_event_type == _TRANSFER
        ]
        if kept:
            by_type["Strategic developments"] = kept
        else:
            del by_type["Strategic developments"]
    if "Strategic developments" in by_type and any(
        t.item.sub_event_type == "Disrupted weapons use" for t in by_type["Strategic developments"]
    ):
        by_type.pop("Explosions/Remote violence", None)
    if (
        any(
            t.item.sub_event_type == "Abduction/forced disappearance" or t.item.weight >= STRONG_TRIGGER_WEIGHT
            for t in by_type.get("Violence against civilians", ())
        )
        and battle < STRONG_TRIGGER_WEIGHT
    ):
        by_type.pop("Battles", None)  # "هجوم … تم خلاله اختطاف"، "جثة … مقتولا بالرصاص": the weak word tells the act
    if battle >= STRONG_TRIGGER_WEIGHT and all(
        t.item.sub_event_type == "Attack" and t.item.weight < 0.8 for t in by_type.get("Violence against civilians", ())
    ):
        by_type.pop("Violence against civilians", None)  # تمت تصفية قادة خلال المعارك: the killing is the battle's toll
    # اقتحم مسلحون مقر القناة ونهبوا معداتها: storming a place to loot it is the looting
    if battle < STRONG_TRIGGER_WEIGHT and any(
        _LOOTING.match(_normalized(t.surface)) for t in by_type.get("Strategic developments", ())
    ):
        by_type.pop("Battles", None)
    if battle >= STRONG_TRIGGER_WEIGHT and all(t.item.weight < STRONG_TRIGGER_WEIGHT for t in by_type.get("Riots", ())):
        by_type.pop("Riots", None)  # اشتباكات عنيفة … في أشد أعمال عنف: the generic violence is the clash's
    if "Riots" in by_type and all(t.item.sub_event_type == "Peaceful protest" for t in by_type.get("Protests", ())):
        by_type.pop("Protests", None)  # أحرق محتجون مقر الحكومة: the protesters who rioted are the riot
    strong_remote = max((t.item.weight for t in by_type.get("Explosions/Remote violence", ())), default=0.0)
    if "Battles" in by_type and 0 < strong_remote < MIN_TRIGGER_WEIGHT:
        by_type.pop("Explosions/Remote violence")  # الهجوم الذي استهدف بوابة: the bare "targeted" tells the attack
    if strong_remote >= STRONG_IED_WEIGHT and battle < STRONG_TRIGGER_WEIGHT:
        by_type.pop("Battles", None)  # هجوم / خروقات describing the strike itself
    if strong_remote >= STRONG_IED_WEIGHT and all(
        t.item.sub_event_type == "Attack" for t in by_type.get("Violence against civilians", ())
    ):
        by_type.pop("Violence against civilians", None)  # محاولة اغتيال بسيارة مفخخة: the device names the act


def _means(hits: list[Hit[Trigger]], rules: _Rules) -> str | None:
    """The article's one named means of remote violence: air strikes, or a bomb (a device word of an IED), when
    every shelling word in it names no means (قصف، انفجار) and the other means is not named."""
    named = {
        h.item.sub_event_type
        for h in hits
        if h.item.sub_event_type == _AIR or (h.item.sub_event_type == _IED and h.item.weight >= STRONG_IED_WEIGHT)
    }
    bare = rules.bare | rules.bare_blast
    if len(named) != 1 or any(not _words_of(h) & bare for h in hits if h.item.sub_event_type == _SHELLING):
        return None
    return named.pop()


def _words_of(hit: Hit[Trigger]) -> set[str]:
    """The trigger as written and as its table row: an inflected form (انفجارا، قصفين) is its row's word."""
    return {_normalized(hit.surface), _normalized(hit.item.pattern)}


def _by_aircraft(text: str, trig: Span, clause: Span | None, rules: _Rules, *, sentence_end: int = 0) -> bool:
    """An aircraft or air force does the blast: named before it in its clause (قام سلاح الجو بتفجير مخزن), or
    as the subject right after a blast verb (فجرت المقاتلات مخزنا), or later in the sentence as the one that carried
    the act out (تعرضت المنطقة لقصف، وقالت مصادر إن طائرات مسيرة نفذت القصف). ACLED codes such blasts as air
    strikes."""
    if clause is None:
        return False
    if rules.air.search(normalize(text[clause.start : trig.start])):
        return True
    verb = {s for s, _ in strip_clitics(normalize_token(trig.text))}
    after = normalize(text[trig.end : clause.end]).split()[:2]
    if not verb.isdisjoint(rules.blast_verb) and bool(rules.air.search(" ".join(after))):
        return True
    rest = normalize(text[clause.end : sentence_end]) if sentence_end > clause.end else ""
    return any(
        rules.air.search(rest, max(0, m.start() - CARRIED_OUT_REACH), m.end() + CARRIED_OUT_REACH)
        for m in _CARRIED_OUT.finditer(rest)
    )


#: The act named again as what someone carried out (نفذت القصف، شنت الغارة، القصف نفذته), normalised.
_CARRIED_OUT = re.compile(
    r"(?:(?<=\s)|^)[وف]?(?:نفذ|نفذت|شن|شنت)(?:ه|ها)?\s+(?:ال)?(?:قصف|غاره|غارات|ضربه|ضربات|هجوم)(?=\s|$)"
    r"|(?:(?<=\s)|^)(?:ال)?(?:قصف|هجوم)\s+(?:نفذ|نفذت|شن|شنت)(?:ه|ها)(?=\s|$)"
)


def _purpose(sent_text: str, start: int, undergo: frozenset[str]) -> bool:
    """A trigger after purposive ل (لاستهداف، لقصف) states an aim, unless a verb like تعرض ("was subjected to")
    governs it, right before or with its subject and a time between (تعرضت دورية تابعة للجيش مساء أمس لهجوم)."""
    if start == 0 or sent_text[start - 1] != "ل":
        return False
    head = sent_text[max(0, start - 3) : start - 1]
    if head and not (head[-1].isspace() or (head[-1] in "وف" and (len(head) < 2 or head[-2].isspace()))):
        return False
    times = time_words()
    prev = [
        w for w in map(normalize_token, WORD_RE.findall(sent_text[max(0, start - 100) : start - 1])) if w not in times
    ]
    return not any(stem in undergo for w in prev[-UNDERGO_REACH:] for stem, _ in strip_clitics(w))


_TERRITORY = ("Government regains territory", "Non-state actor overtakes territory")
_TRANSFER = "Non-violent transfer of territory"
_STRATEGIC_KEPT = (_DISRUPTED, "Arrests", "Agreement", _TRANSFER)


def _supported(item: Trigger, date_info: DateInfo | None, modal: list[Hit[Modality]]) -> bool:
    """Trigger classes that are mostly background or talk unless the sentence pins them down."""
    if item.sub_event_type in (*_TERRITORY, _TRANSFER):
        return date_info is not None or bool(item.told)  # "X controls Y" is a state; a takeover has a time or a verb
    if item.event_type == "Strategic developments":
        if item.sub_event_type == "Agreement":
            return item.weight >= 0.8 and not modal
        if item.sub_event_type == _DESTRUCTION and date_info is not None and item.pattern.split(" ")[0].endswith("*"):
            return True  # "أحرقت مجموعة مسلحة أمس منازل": a verb of burning (an inflected row) with its day
        return item.sub_event_type in _STRATEGIC_KEPT or item.weight >= 0.8
    return True


_OTHERS = re.compile(r"(?<!\w)[وف]?(?:ال)?اخر(?:ين|ان|ون|ى)(?!\w)")


#: A toll that rose to a number (ارتفعت حصيلة ضحايا الهجوم إلى 14 قتيلا، ارتفع عدد قتلى التفجير إلى): the count of an
#: act already told, the word for it definite (الهجوم، التفجير، القصف) a few words after the toll.
_TOLL_ROSE = re.compile(
    r"(?<!\w)[وف]?(?:ارتفع|ارتفعت|ترتفع|يرتفع)\s+(?:حصيلة|حصيله|عدد)\s+(?:\S+\s+){0,2}?"
    r"(?:ال\S+|\S+\s+ال\S+)\s+(?:\S+\s+){0,6}?[إا]لى\s+\S+"
)


def _raised_toll(out: list[Candidate], sent: Span, triggers: list[Hit[Trigger]]) -> bool:
    """ "وارتفعت حصيلة ضحايا الهجوم إلى 14 قتيلا": the toll of the act the article told last, now higher — that
    act's final count (ACLED keeps the latest), not a new event; True when taken. Only right after its report, and
    not when the sentence names an act of its own with an indefinite word (وقتل 3 في هجوم آخر)."""
    last = out[-1] if out else None
    if last is None or last.event_type not in (*ARMED_TYPES, "Violence against civilians") or sent.start - last.end > 3:
        return False
    m = _TOLL_ROSE.search(sent.text)
    if m is None:
        return False
    if any(t.start < m.start() or not _normalized(t.surface).startswith("ال") for t in triggers):
        return False
    toll = count_fatalities(sent.text)
    if toll is None or toll.count <= last.fatalities:
        return False
    last.fatalities = toll.count
    last.evidence.append((sent.start, sent.end))
    last.end = sent.end
    return True


def _add_other_deaths(
    out: list[Candidate], sent: Span, triggers: list[Hit[Trigger]], toks: list[Token], starts: list[int]
) -> bool:
    """ "وقتل جنديان آخران": deaths of *others* right after an incident add to its toll; True when taken.

    Not when the sentence names an act of another kind (فتح النار after a bombing is a second incident).
    """
    last = out[-1] if out else None
    if (
        last is None
        or not 0 <= sent.start - last.end <= 3
        or last.event_type not in ARMED_TYPES
        or last.fatalities <= 0
    ):
        return False
    if any(
        t.item.weight >= 0.7 or (t.item.weight >= MIN_TRIGGER_WEIGHT and t.item.event_type != last.event_type)
        for t in triggers
    ) or not _OTHERS.search(_normalized_span(sent, toks, starts)):
        return False
    fat = count_fatalities(sent.text)
    if fat is None or fat.count <= 0:
        return False
    if not _OTHERS.search(normalize(sent.text[fat.start : fat.end + OTHERS_REACH])):
        return False  # "قتل أربعة جنود وأصيب اثنان آخران": the others are the wounded, the dead are the report's own
    last.fatalities += fat.count
    last.evidence.append((sent.start, sent.end))
    last.end = sent.end
    return True


def _near_date(dates: Iterable[DateInfo], trig: Hit[Trigger], max_chars: int = DATE_REACH) -> DateInfo | None:
    """The date expression closest to the trigger within the sentence, if close enough to govern it."""
    best: tuple[int, DateInfo] | None = None
    for d in dates:
        dist = d.start - trig.end if d.start >= trig.end else trig.start - d.end
        if dist <= max_chars and (best is None or (d.precision, dist) < (best[1].precision, best[0])):
            best = (dist, d)
    return best[1] if best else None


def _shift(hit: _H, delta: int) -> _H:
    """The same hit with offsets moved by ``delta`` (built directly: ``dataclasses.replace`` is slow in this loop)."""
    return type(hit)(hit.start + delta, hit.end + delta, hit.surface, hit.item)


# ------------------------------------------------------------------------------------------------ pipeline


def _date_by_anaphora(doc: _Doc) -> None:
    """A report without a day takes the day another sentence gives the same act, by its definite name and a relative
    clause ("وجهت ضربة جوية … هذا الأسبوع" … "الضربة التي نفذت يوم الأربعاء") or by a relative clause telling it
    again ("… ما لم يفرج عن المدير الذي اختطف مساء الأحد"; only where no act of that kind has a day of its own):
    the recent time nearest it."""
    toks, published, cands = doc.toks, doc.published, doc.found
    undated = [c for c in cands if not c.dated or c.time_precision > 1]  # no day, or only "this week"
    if not undated or published is None:
        return
    definite: dict[str, list[int]] = {}  # definite word → where it stands with a relative pronoun after it
    for j in [j for j, t in enumerate(toks) if t[3] in _RELATIVE]:
        for k in range(max(0, j - 2), j):
            for form, _ in strip_clitics(toks[k].norm):
                if form.startswith("ال") and k not in definite.get(form, ()):
                    definite.setdefault(form, []).append(k)
    retold = [  # a trigger right after a relative pronoun: "الذي اختطف", "الذين قتلوا"
        h for h in doc.triggers if (k := bisect_left(doc.starts, h.start)) > 0 and toks[k - 1].norm in _RELATIVE
    ]
    if not definite and not retold:
        return
    spans = doc.spans
    starts = [s.start for s in spans]
    dated_kinds = {c.sub_event_type for c in cands if c.dated and c.time_precision == 1}
    for c in undated:
        head = next((s for s, _ in strip_clitics(_normalized(c.hit.surface).split(" ")[0])), "")
        head = head[2:] if head.startswith("ال") else head
        names = [(toks[k].start, toks[k].end) for k in definite.get("ال" + head, ())] if len(head) >= 3 else []
        if c.sub_event_type not in dated_kinds:  # beside an act of the kind with its own day, it could tell either
            names += [(h.start, h.end) for h in retold if h.item.sub_event_type == c.sub_event_type]
        best = None  # (distance to the anaphor, date): the time said closest to the act's name wins
        for t_start, t_end in names:
            if not c.start <= t_start < c.end:
                span = spans[bisect_left(starts, t_start + 1) - 1]
                dates = find_dates(span.text, published=published)
                recent = {r.start for r in time_refs(span.text, dates, published) if is_recent(r, published)}
                a, b = t_start - span.start, t_end - span.start
                for d in dates:
                    dist = d.start - b if d.start >= b else a - d.end
                    if d.start in recent and dist <= DATE_REACH and (best is None or dist < best[0]):
                        best = (dist, d)
        if best is not None and (not c.dated or best[1].precision < c.time_precision):
            c.date, c.time_precision, c.dated = best[1].date, best[1].precision, True


def _date_by_captivity(doc: _Doc) -> None:
    """An abduction told without a day (a release, "الإفراج عن مختطفين") began when the article says its captives
    have been held since ("ظلوا محتجزين منذ أربعة أيام"): that day, approximately."""
    undated = [c for c in doc.found if c.sub_event_type == _ABDUCTION and not c.dated]
    if not undated or doc.published is None:
        return
    for span in doc.spans:
        held = doc.rules.captive.search(span.text)
        if held is None:
            continue
        for d in find_dates(span.text, published=doc.published):
            if held.end() <= d.start <= held.end() + OWN_DATE_REACH and d.surface.startswith("منذ"):
                for c in undated:
                    c.date, c.time_precision, c.dated = d.date, 2, True
                return


def _retrospective(text: str, spans: list[Span], published: dt.date | None, read: Container[int] = ()) -> bool:
    """The article tells of the past: it names ``RETROSPECTIVE_OLD_YEARS`` years before its publication's and none of
    its own days (a profile, an anniversary, a trial of old crimes). An act it tells without a time of its own
    belongs to that past, not to the publication day. The years are counted first: a cheap test most news fails."""
    if published is None:
        return False
    years = [int(y) for y in _YEAR_NUMBER.findall(ascii_digits(text))]
    if sum(1900 <= y < published.year for y in years) < RETROSPECTIVE_OLD_YEARS:
        return False
    return not any(
        is_recent(r, published)
        for span in spans
        if span.start not in read  # a sentence read while extracting named no day of its own (``own_day``)
        for r in time_refs(span.text, find_dates(span.text, published=published), published)
    )


_YEAR_NUMBER = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _date_by_narrative(cands: list[Candidate]) -> None:
    """A report without a time of its own goes on with the story of the last report before it that has its day
    ("قتل 4 جنود الأربعاء في تفجير انتحاري" … "وفي الأثناء سيطر الجيش على أحياء وسط درنة"): news runs forward from
    a dated lead, so that day, not the publication day, is the better guess. Before any dated report it stays the
    publication day."""
    last: Candidate | None = None
    for c in sorted(cands, key=lambda c: c.start):
        if c.dated and c.time_precision == 1:
            last = c
        elif not c.dated and last is not None and last.date is not None:
            c.date, c.time_precision = last.date, 2


_DATELINE_END = re.compile(r"\s*(?:\([^()\n]{0,40}\)\s*)?[—–-]")


def _not_in_names(dates: list[DateInfo], mentions: list[Mention], span: Span) -> list[DateInfo]:
    """The dates of a sentence without those inside a place's name (سوق الجمعة، سوق الثلاثاء): a market day that
    names a quarter, not the day of anything."""
    if not dates or not mentions:
        return dates
    return [
        d for d in dates if not any(m.start <= span.start + d.start and span.start + d.end <= m.end for m in mentions)
    ]


def _not_dateline(text: str, span: Span, dates: list[DateInfo]) -> list[DateInfo]:
    """The dates of a sentence without the one of its dateline ("طرابلس، 11 مايو 2019 —", "بنغازي 3 يونيو (رويترز) -"):
    the day the report was filed, not the day of what it tells."""
    if not dates:
        return dates
    line_start = text.rfind("\n", 0, span.start) + 1
    out = []
    for d in dates:
        a, b = span.start + d.start, span.start + d.end
        if a - line_start <= 40 and _DATELINE_END.match(text, b):
            continue
        out.append(d)
    return out


def _sentence_fatalities(span: Span, clause_list: list[Span]) -> FatalityInfo | None:
    running = _RUNNING_TOTAL.search(span.text)
    if running is not None:  # "قتل جندي أمس ليرتفع عدد القتلى منذ بداية المعارك إلى 40": the total is no one act's
        return count_fatalities(span.text[: running.start()])
    fat = count_fatalities(span.text)
    if fat is not None and fat.count == 0:  # "قُتل أثناء…" opens a clause of its own: read clause by clause
        fat = next((f for c in clause_list if (f := count_fatalities(c.text)) is not None and f.count > 0), fat)
    return fat


#: A result clause bringing a toll up to a running total (ليرتفع عدد القتلى إلى، لتصل الحصيلة إلى).
_RUNNING_TOTAL = re.compile(r"(?<!\w)[لف](?:ي|ت)(?:رتفع|صل)(?!\w)")


def _candidates(
    article: Article,
    text: str,
    mentions: list[Mention],
    toks: list[Token],
    tagged: list[Mention],
    off: frozenset[str],
    gazetteer: Gazetteer,
    names: list[Hit[Actor]],
) -> _Doc:
    """The article read sentence by sentence: its candidate events are ``found``, and every trigger is kept.
    ``names``: the actor names the lexicon finds in the text."""
    lex = _lexicon()
    published = _published(article)
    tok_starts = list(map(_START, toks))
    rules = _rules()
    all_triggers = _changed_hands(
        text,
        toks,
        tok_starts,
        _verb_first(
            text,
            toks,
            tok_starts,
            _fire_across_a_time(text, toks, tok_starts, lex.find_triggers(text, toks)),  # never across punctuation
            names,
            mentions,
        ),
        mentions,
        rules,
    )
    named = _town_councils(text, tagged, names)
    in_time = _forces_of_bodies(
        text, _in_camp(text, of_another_state(text, in_era(named, published)), published, lex, rules)
    )
    kept = {h.start for h in in_time}
    all_actor_hits = _not_civil_owners(
        text, _not_partners(text, _affiliated(text, in_time), rules), rules.civil, rules.civil_keys
    )
    doc = _Doc(
        text,
        published,
        toks,
        tok_starts,
        mentions,
        tagged,
        all_actor_hits,
        {h.item.actor: h.item.side for h in all_actor_hits},
        rules,
        off,
        _means(all_triggers, rules),
        [(f, p) for f in fronts() if (p := gazetteer.get(f.place_id)) is not None],
        [h.start for h in named if h.start not in kept],
    )
    starts = doc.starts
    mention_starts = [m.start for m in mentions]  # mentions and hits come in text order
    trigger_starts = [h.start for h in all_triggers]
    actor_starts = [h.start for h in all_actor_hits]
    out: list[Candidate] = doc.found
    prev_range = (0, 0)  # the previous sentence's mentions
    para_lo = 0  # the first mention of the paragraph
    prev_span: Span | None = None
    doc.spans, doc.triggers, doc.trigger_starts = sentences(text), all_triggers, trigger_starts
    for span in doc.spans:
        m_lo, m_hi = bisect_left(mention_starts, span.start), bisect_left(mention_starts, span.end)
        before_range, prev_range = prev_range, (m_lo, m_hi)
        if prev_span is None or "\n" in text[prev_span.end : span.start]:
            para_lo = m_lo
        before_span, prev_span = prev_span, span
        hits = [
            _shift(h, -span.start)
            for h in all_triggers[bisect_left(trigger_starts, span.start) : bisect_left(trigger_starts, span.end)]
        ]
        if _add_other_deaths(out, span, hits, toks, starts) or _raised_toll(out, span, hits):
            continue
        sent_mentions = mentions[m_lo:m_hi]
        if (
            not hits
            and (
                not any(m.relation == "axis" or m.place.kind == "road_or_axis" for m in sent_mentions)
                or (count_fatalities(span.text) is None and not _fight_result(doc, span))
            )
            and not (
                _KILL_VERB.match(span.text)  # a bare killing (قتل جندي أمس في سرت)
                or _KILL_VERB.match(span.text, _fronted_end(span.text))  # وفي سياق متصل، قتل جندي …
                or (
                    _KILL_VERB.search(span.text)
                    and bisect_left(actor_starts, span.start) < bisect_left(actor_starts, span.end)
                )
            )
        ):
            continue
        if hits and all(t.item.weight < WEAK_TRIGGER_WEIGHT for t in hits):
            continue  # no word here is strong enough to report anything: skip the date and toll readers
        lo, hi = bisect_left(starts, span.start), bisect_left(starts, span.end)
        clause_list = clauses(text, span, doc.rules.clause)
        sent_dates = (
            _not_in_names(_not_dateline(text, span, find_dates(span.text, published=published)), sent_mentions, span)
            if "date" not in off or "factuality" not in off
            else []
        )
        sent = Sentence(
            span,
            clause_list,
            sent_mentions,
            before_range,
            [
                _shift(h, -span.start)
                for h in lex.find_modality(text, toks, lo, hi)
                if not _not_a_verb(toks, starts, h, doc.rules.calm)
            ],
            sent_dates,
            time_refs(span.text, [d for d in sent_dates if not counts_back(d)], published),  # not "بعد يومين من"
            (lambda: None) if "fatalities" in off else partial(_sentence_fatalities, span, clause_list),
            _outside_asides(
                span.text,
                [
                    _shift(h, -span.start)
                    for h in all_actor_hits[bisect_left(actor_starts, span.start) : bisect_left(actor_starts, span.end)]
                ],
            ),
        )
        sent.prior = before_span
        sent.paragraph = (para_lo, m_lo)
        doc.own_day = doc.own_day or (published is not None and any(is_recent(r, published) for r in sent.refs))
        doc.dated_spans.add(span.start)
        if before_span is not None and "\n" not in text[before_span.end : span.start]:
            sent.before = before_span
        hits = triggers(doc, sent, hits)
        if "factuality" not in off:
            found, hits = hits, factuality(doc, sent, hits)
            sent.dropped = [t for t in found if t not in hits and t.item.weight >= WEAK_TRIGGER_WEIGHT]
        else:
            hits = [t for t in hits if t.item.weight >= WEAK_TRIGGER_WEIGHT]
        if not hits:
            continue
        for c in types(doc, sent, hits, precedence="types" not in off):
            if not all(name in off or stage(doc, sent, c) for name, stage in _PLACE_STAGES):
                continue
            if "date" in off:
                c.date, c.time_precision = published, 2
            for each in _one_per_place(doc, sent, c):  # each place its own event, read on its own front
                if all(name in off or stage(doc, sent, each) for name, stage in _PARTY_STAGES):
                    if "confidence" in off:
                        each.confidence = 0.99
                    out.append(each)
    if "actors" not in off:
        _claimed(doc, out)
        _accused(doc, out)
    return doc


def _to_event(article: Article, text: str, c: Candidate) -> Event:
    m = c.mention
    p = m.place if m is not None else None
    geo = m.geo_precision if m is not None else 3
    evidence = " … ".join(text[a:b].strip() for a, b in c.evidence)
    return Event(
        event_id=make_event_id(article.doc_id, f"{c.start}|{c.event_type}|{c.sub_event_type}{c.place_key}"),
        event_type=c.event_type,
        sub_event_type=c.sub_event_type,
        event_date=c.date.isoformat() if c.date else None,
        time_precision=c.time_precision,
        actor1=c.actor1,
        actor2=c.actor2,
        location=p.name_en if p else None,
        location_ar=p.name_ar if p else None,
        admin1=p.admin1 if p else None,
        place_id=p.place_id if p else None,
        geo_precision=geo,
        lat=p.lat if p else None,
        lon=p.lon if p else None,
        fatalities=int(c.fatalities),
        evidence=evidence,
        doc_id=article.doc_id,
        source=article.source,
        url=article.url,
        confidence=round(c.confidence, 2),
        evidence_spans=tuple(c.evidence),
    )


def _run(
    article: Article, gazetteer: Gazetteer | None, off: frozenset[str] = frozenset()
) -> tuple[list[Mention], list[Event]]:
    unknown = off.difference(STAGES)
    if unknown:
        raise ValueError(f"unknown stage(s) {sorted(unknown)}; the stages are {', '.join(STAGES)}")
    g = gazetteer or load_gazetteer()
    text = article.analysed_text
    toks = tokens(text)
    tagged = g.tag(text, tokens=toks, actor_places=True, vocabulary=vocabulary())
    names = _lexicon().find_actors(text, toks)
    name_starts = [h.start for h in names]
    mentions = [m for m in tagged if m.relation != "in_actor" and not _in_a_name(m, names, name_starts)]
    doc = _candidates(article, text, mentions, toks, tagged, off, g, names)
    cands = doc.found
    if "date" not in off:
        _date_by_anaphora(doc)
        _date_by_captivity(doc)
        if (
            not doc.own_day
            and any(not c.dated for c in cands)
            and _retrospective(text, doc.spans, doc.published, doc.dated_spans)
        ):
            cands = doc.found = [c for c in cands if c.dated]
        _date_by_narrative(cands)
    headline = len(article.title) + 1 if article.title else 0
    cands = merge(cands, headline=headline) if "merge" not in off else [c for c in cands if c.mention is not None]
    cands = [c for c in cands if c.confidence >= MIN_CONFIDENCE]
    cands = [c for c in cands if c.mention is None or c.mention.place.kind != "country"]
    return mentions, [_to_event(article, text, c) for c in sorted(cands, key=lambda c: c.start)]


def _not_in_a_place_name(hits: list[Hit[Actor]], mentions: list[Mention], offset: int) -> list[Hit[Actor]]:
    """Actor names inside a longer place name the gazetteer knows (معسكر الصاعقة: a camp, not the Saiqa forces) are
    the place's words: in a taking of that place, not the side that lost it. ``offset``: where the hits' text starts."""
    spans = [(m.start - offset, m.end - offset) for m in mentions if " " in m.surface]
    if not spans or not hits:
        return hits
    return [h for h in hits if not any(a <= h.start and h.end <= b and b - a > h.end - h.start for a, b in spans)]


def _in_a_name(m: Mention, names: list[Hit[Actor]], starts: list[int]) -> bool:
    """The place is a word of a longer actor name the lexicon knows (فجر ليبيا، ثوار طرابلس، قوات مصراتة): part of the
    actor, not a place mention (CONTRACT §3). ``starts``: the names' starts."""
    k = bisect_right(starts, m.start) - 1
    return (
        k >= 0
        and names[k].start <= m.start
        and m.end <= names[k].end
        and names[k].end - names[k].start > m.end - m.start
    )


def analyse(article: Article, *, gazetteer: Gazetteer | None = None, disable: tuple[str, ...] = ()) -> dict[str, Any]:
    """The CONTRACT §3 per-article object: every place mention and every event."""
    mentions, events = _run(article, gazetteer, frozenset(disable))
    return {
        "doc_id": article.doc_id,
        "places": [m.to_dict() for m in mentions],
        "events": [e.to_dict() for e in events],
    }


def extract(article: Article, *, gazetteer: Gazetteer | None = None, disable: tuple[str, ...] = ()) -> list[Event]:
    """The events of one article, located, dated and merged; ``disable`` names stages to switch off (tests)."""
    return _run(article, gazetteer, frozenset(disable))[1]
