"""Factuality: does a trigger report an incident of the article's own time, or background, a recap or a habit?

A trigger is *background* when the time it is set in lies more than ``BACKGROUND_DAYS`` before the
publication date (a year, a month, an explicit date, "last summer"), judged from the article's own date and
never from a list of years; *generic* when a frequency word makes it a habit ("تشن هجمات متكررة"); a
*period* when it is counted from a start ("منذ بداية الهجوم"): a running total, not one incident; a state the
news is set against ("… في وقت تتواصل فيه المعارك جنوب المدينة") is generic too. A
pluperfect recap ("وكان التنظيم قد سيطر…", "يذكر أن…") is background unless a recent time is named with it; an
act named as the *topic* of a scandal, a video, an inquiry or a person ("فضيحة تعذيب", "منفذ هجوم"), as the thing
ended or prevented ("لإنهاء القتال"), or as the mark another time is measured from ("قبل 5 أيام من الهجوم") is
no report.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from gazetteer.normalize import normalize, normalize_token

from .config import BACKGROUND_DAYS
from .dates import DateInfo, find_dates
from .words import ascii_digits

_DATA = Path(__file__).parent / "data"

ASSERTED = "asserted"
BACKGROUND = "background"
GENERIC = "generic"
PERIOD = "period"
TOPIC = "topic"


class TimeRef(NamedTuple):
    """A time expression in a sentence: its span (sentence offsets), the last day it can mean, and whether
    منذ ("since") opens it, making it the start of a period."""

    start: int
    end: int
    last_day: dt.date
    since: bool = False
    day: bool = False  # names one day (أمس، الخميس، 3 مايو), not a week, a month or a year


@dataclass(frozen=True, slots=True)
class _Words:
    year_cue: frozenset[str]
    recap: re.Pattern[str]
    habitual: re.Pattern[str]
    period: re.Pattern[str]
    topic: re.Pattern[str]
    known: re.Pattern[str]
    preparation: frozenset[str]
    preparation_hint: re.Pattern[str]


def _alternation(phrases: list[str]) -> str:
    """The phrases as one alternation, longest first, behind a look-ahead for their first letters: the engine then
    skips at once the many places where none can start (the same matches, found sooner)."""
    if not phrases:
        return "(?!)"
    firsts = "".join(sorted({re.escape(p[0]) for p in phrases if p}))
    return f"(?=[{firsts}])(?:" + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)) + ")"


@lru_cache(maxsize=1)
def _words() -> _Words:
    kinds: dict[str, list[str]] = {}
    for line in (_DATA / "factuality.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith(("#", "word\t")):
            word, kind = line.split("\t")[:2]
            kinds.setdefault(kind, []).append(normalize(word))
    return _Words(
        year_cue=frozenset(kinds.get("year_cue", [])),
        recap=re.compile(
            rf"(?:^|\s)[وف]?(?:(?:{_alternation(kinds.get('recap', []))})|(?:كان|كانت|كانوا)"
            rf"(?:\s+\S+){{0,4}}?\s+قد|^\s*[وف]?(?:كان|كانت|كانوا))(?=\s|$)"
        ),
        habitual=re.compile(rf"(?:^|\s)[وبل]?(?:{_alternation(kinds.get('habitual', []))})(?=\s|$)"),
        period=re.compile(
            rf"(?:^|\s)[و]?منذ(?:\s+\S+){{0,2}}?\s+[وبل]?"
            rf"(?:{_alternation(kinds.get('period_start', []))})(?:ها|هم|ه)?(?=\s|$)"
        ),
        topic=re.compile(
            rf"(?:^|\s)[وبل]?(?:{_alternation(kinds.get('topic', []))})(?:\s+\S+)?\s+$"
            # an ending word's object may be a list: لمنع تسلل المسلحين والسيارات المفخخة
            rf"|(?:^|\s)[وبل]?(?:{_alternation(kinds.get('ending', []))})"
            r"(?:(?:\s+\S+){0,2}\s+و\S+|(?:\s+\S+)?)\s+$"
            r"|(?:^|\s)(?:قبل|بعد)(?:\s+\S+){1,3}\s+من\s+$"
        ),
        known=re.compile(rf"^\s*(?:{_alternation(kinds.get('known', []))})(?=\s|$)"),
        preparation=frozenset(kinds.get("preparation", [])),
        preparation_hint=re.compile(_alternation(kinds.get("preparation", []))),
    )


#: A span of days, weeks or months, a count between (خلال الأسابيع الثلاثة الماضية، على مدى الأيام العشرة الأخيرة):
#: what happened over it is a series and its toll a sum, not one incident.
_SPAN_OF_DAYS = re.compile(
    r"(?:^|\s)[و]?(?:خلال|طوال|علي\s+مدي|علي\s+مدار)\s+ال(?:ايام|اسابيع|اشهر|شهور)(?:\s+\S+){0,2}?"
    r"\s+ال(?:ماضيه|اخيره|منصرمه|فائته)(?=\s|$)"
)
#: A tally rising or reaching a figure, right before the act it counts (ارتفعت حصيلة قتلى المعارك، ليصل عدد ضحايا
#: القصف): the act is what the running total sums, unless the clause gives it a day of its own.
_TALLY_OF = re.compile(
    r"(?:^|\s)[لوف]?(?:ارتفع|ارتفعت|يرتفع|ترتفع|وصل|وصلت|يصل|تصل|بلغ|بلغت|تجاوز|تجاوزت)\s+(?:ال)?(?:حصيله|عدد)"
    r"(?:\s+\S+){0,2}\s+$"
)
#: "في وقت/في الوقت الذي" and a present-tense verb a few words before the act: the state of things the news is set
#: against ("في وقت تشهد فيه المدينة اشتباكات متقطعة"), not an incident (a past "في وقت سابق" is a time, no state).
_MEANWHILE = re.compile(r"(?:^|\s)في\s+(?:ال)?وقت\s+(?:الذي\s+)?[يت]\S+(?:\s+\S+){0,4}\s+$")
_YEAR = re.compile(r"(?<![0-9/.\-])(1[89][0-9]{2}|20[0-9]{2})(?![0-9/\-]|\.[0-9])")  # "عام 2015." ends a sentence
_WORD = re.compile(r"[^\W\d_]+")


def _last_day(date: dt.date, precision: int) -> dt.date:
    if precision == 3:  # a month: its last day
        nxt = date.replace(day=28) + dt.timedelta(days=4)
        return nxt - dt.timedelta(days=nxt.day)
    return date


def time_refs(sentence: str, dates: Iterable[DateInfo], published: dt.date | None) -> list[TimeRef]:
    """The sentence's dates (from ``find_dates``) and the years a year word introduces (عام 2015، في 2013)."""
    refs = [
        TimeRef(d.start, d.end, _last_day(d.date, d.precision), _after_since(sentence, d.start), d.precision == 1)
        for d in dates
    ]
    if published is None:
        return refs
    refs += _since_days(sentence, refs, published)
    flat = ascii_digits(sentence)
    cues = _words().year_cue
    for m in _YEAR.finditer(flat):
        if any(r.start <= m.start() < r.end for r in refs):
            continue
        before = [normalize(w) for w in _WORD.findall(flat[max(0, m.start() - 25) : m.start()])][-2:]
        if any(w in cues or w.lstrip("وفب") in cues for w in before):
            year = int(m.group())
            if year <= published.year:
                refs.append(TimeRef(m.start(), m.end(), dt.date(year, 12, 31), _after_since(flat, m.start())))
    return sorted(refs)


_SINCE_WORD = re.compile(r"(?<!\w)[وف]?منذ\s+")


def _since_days(sentence: str, refs: list[TimeRef], published: dt.date) -> list[TimeRef]:
    """The day a period starts (منذ الرابع من أبريل، منذ 4 أبريل), which ``find_dates`` keeps out of the event dates:
    a since-reference, so that a toll counted from it reads as a running total."""
    out: list[TimeRef] = []
    if "منذ" not in sentence:
        return out
    for m in _SINCE_WORD.finditer(sentence):
        if any(r.start <= m.end() < r.end for r in refs):
            continue
        found = find_dates(sentence[m.start() : m.end() + 40], published=published)
        if not found:
            found = [d for d in find_dates(sentence[m.end() : m.end() + 40], published=published) if d.start == 0]
            if found:
                d = found[0]
                out.append(TimeRef(m.end(), m.end() + d.end, _last_day(d.date, d.precision), True))
    return out


def _after_since(sentence: str, start: int) -> bool:
    before = _WORD.findall(sentence[max(0, start - 12) : start])
    return bool(before) and normalize(before[-1]).lstrip("و") == "منذ"


def _is_old(ref: TimeRef, published: dt.date) -> bool:
    return (published - ref.last_day).days > BACKGROUND_DAYS


def is_recent(ref: TimeRef, published: dt.date) -> bool:
    """A time that can date an act of the article's own time: not background, not the start of a period."""
    return not ref.since and not _is_old(ref, published)


#: A mark that ends a clause when it closes a word: a plan named before it does not govern the act after it.
_CLAUSE_MARKS = tuple('.,،؛;:!?؟"»)')


def prepared(sentence_before: str) -> bool:
    """A plan or preparation noun governs the act right after it, or after a qualifier and its ل-noun (خطة اقتحام
    المدينة، الترتيبات النهائية لمعركة تحرير سرت، استعداداتها لهجوم): the act is planned, not done. A mark of
    punctuation between ends the plan's reach (في إطار الخطة الأمنية، اعتقلت الشرطة …)."""
    last = sentence_before[-80:].split()[-3:]  # the plan word and at most a qualifier and a ل-noun
    for k in range(len(last) - 1, -1, -1):
        if last[k].endswith(_CLAUSE_MARKS):
            last = last[k + 1 :]
            break
    words = [normalize_token(w) for w in last]
    w_ = _words()
    if not w_.preparation_hint.search(" ".join(words)):  # a plan word is rare: one look first
        return False
    plans = w_.preparation
    for k, w in enumerate(words):
        rest = words[k + 1 :]
        if _is_plan(w, plans) and (
            not rest
            or (len(rest) == 1 and rest[0].startswith(("ال", "ل")))
            or (len(rest) == 2 and rest[0].startswith("ال") and rest[1].startswith("ل"))
        ):
            return True
    return False


def _is_plan(word: str, plans: frozenset[str]) -> bool:
    """The word is a plan noun, with a proclitic, the article or a possessive (للخطة، والترتيبات، استعداداتها)."""
    for head in ("لل", "وال", "بال", "ال", "و", "ب", "ل", ""):
        if word.startswith(head):
            stem = word[len(head) :]
            if stem in plans or any(stem.endswith(end) and stem[: -len(end)] in plans for end in ("ها", "هم", "ه")):
                return True
    return False


def judge(
    sentence_norm_before: str,
    clause_norm: str,
    clause: tuple[int, int],
    trigger_start: int,
    refs: list[TimeRef],
    published: dt.date | None,
    *,
    toll: bool = False,
    after: str = "",
) -> str:
    """The factuality of a trigger at ``trigger_start`` (offsets in the sentence) of a clause.

    ``sentence_norm_before`` is the normalised sentence up to the trigger, ``clause_norm`` the normalised
    clause between spaces; ``toll`` says the sentence reports deaths. A toll counted since a day is a running
    total (PERIOD); fighting "since Saturday morning" without one is dated by that day. ``after``: the normalised
    words after the trigger.
    """
    w = _words()
    day_of_its_own = published is not None and any(
        clause[0] <= r.start < clause[1] and r.day and not r.since and not _is_old(r, published) for r in refs
    )
    if (w.habitual.search(clause_norm) or _SPAN_OF_DAYS.search(clause_norm)) and not day_of_its_own:
        return GENERIC  # "تشن هجمات متكررة"، "قتل 15 خلال الأسابيع الماضية"; "تعرضت أمس لقصف متكرر" is that day's
    opening = w.habitual.match(sentence_norm_before)
    if opening is not None and opening.end() < len(sentence_norm_before):
        return GENERIC  # "وخلال العمليات الأخيرة، أعلن الجيش مقتل …": a span fronted over the whole sentence
    if _MEANWHILE.search(sentence_norm_before[-80:]):
        return GENERIC
    if not day_of_its_own and _TALLY_OF.search(sentence_norm_before[-80:]):
        return PERIOD  # "ليرتفع عدد قتلى المعارك إلى 70": the war a running tally counts, not a new act
    if w.topic.search(sentence_norm_before[-80:]) or w.known.search(after):  # both look at a few words only
        return TOPIC
    if toll and any(r.since for r in refs) and not any(clause[0] <= r.start < clause[1] and not r.since for r in refs):
        return PERIOD
    if w.period.search(clause_norm):
        return PERIOD
    own = [r for r in refs if clause[0] <= r.start < clause[1]]
    if published is None:
        return ASSERTED
    recent = any(not _is_old(r, published) for r in refs)
    if any(not _is_old(r, published) for r in own):
        return ASSERTED
    if own:
        return BACKGROUND
    before = [r for r in refs if r.end <= trigger_start]
    if before and _is_old(before[-1], published) and not recent:
        return BACKGROUND
    if w.recap.search(sentence_norm_before) and not recent:
        return BACKGROUND
    return ASSERTED
