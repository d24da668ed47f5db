"""When did the event happen? Date expressions of Arabic and English news, resolved against the publication date.

Relative days (أمس, أول من أمس, قبل ثلاثة أيام), weekdays (فجر الجمعة, الخميس الماضي), explicit dates
(28 أبريل/نيسان 2020, 2020-04-28, April 28, 2020) and month names are resolved by our own rules: news
weekdays mean the most recent such day on or before publication, which general date parsers get wrong.
Future expressions (غدا, الأسبوع المقبل), bare years and durations (منذ أكثر من عام) give nothing.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from gazetteer.normalize import normalize_token, strip_clitics

from .numbers import parse_number
from .words import LETTERS, Word, WordTable, ascii_digits, months, read_word_table, words

_DATA = Path(__file__).parent / "data"
_TOKEN_RE = re.compile(r"[0-9]+(?:st|nd|rd|th)?|" + LETTERS)
_HARD_BREAK = re.compile(r"[.!?؟؛;:\n\"«»“”]")
_NUMERIC_DATES = (  # (?=[0-9]) first: the regex engine then skips to digits instead of trying each position
    (re.compile(r"(?=[0-9])(?<![0-9/.\-])([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})(?![/.\-]?[0-9])"), "ymd"),
    (re.compile(r"(?=[0-9])(?<![0-9/.\-])([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})(?![/.\-]?[0-9])"), "dmy"),
)
_MAX_PREFIXES = 2
_UNITS = {"unit_day": 1, "unit_week": 7, "unit_month": 30}
_VAGUE_UNITS = frozenset({"ايام", "اسابيع", "اشهر", "شهور", "days", "weeks", "months"})


@dataclass(frozen=True, slots=True)
class DateInfo:
    """A date expression in a text: the day it resolves to, CONTRACT §4 ``time_precision`` and its span."""

    date: datetime.date
    precision: int
    start: int
    end: int
    surface: str


@dataclass(frozen=True, slots=True)
class _Hit:
    """A rule's result: ``date`` None means a recognised expression that must not give a date (future, duration)."""

    date: datetime.date | None
    precision: int
    size: int
    explicit: bool = False
    weekday: bool = False


_BLOCK = _Hit(None, 0, 1)
_AFTER = re.compile(r"[وف]?(?:بعد|عقب)\s")


def counts_back(d: DateInfo) -> bool:
    """The date is "بعد يومين من": it dates the act named after it, not one told before it."""
    return _AFTER.match(d.surface) is not None


#: Words that may follow "قبل يومين" before its "من" (قبل يومين فقط من), and what "من" may name to count from today.
_ONLY = frozenset({"فقط", "فحسب", "تقريبا", "تحديدا"})
_NOW = frozenset({"الان", "اليوم", None})


@lru_cache(maxsize=1)
def _words() -> WordTable:
    """Category → {normalised word: value} from dates_words.tsv."""
    return read_word_table(_DATA / "dates_words.tsv")


def _small_number(tok: Word) -> int | None:
    if tok.number is not None:
        return tok.number
    return parse_number(tok.raw)


def _tokenize(text: str) -> list[Word]:
    return words(text, _TOKEN_RE)


class _Scanner:
    """Token-level rules; each ``_rule_*`` returns a ``_Hit`` starting at token ``i`` or None."""

    def __init__(self, text: str, toks: list[Word], published: datetime.date | None):
        self.text = text
        self.toks = toks
        self.pub = published
        self.w = _words()
        self.months = months()

    # --- token helpers -------------------------------------------------------------------------
    def tok(self, i: int) -> Word | None:
        return self.toks[i] if 0 <= i < len(self.toks) else None

    def norm_at(self, i: int) -> str | None:
        t = self.tok(i)
        return t.norm if t is not None else None

    def joined(self, i: int) -> bool:
        """True when token i+1 follows token i within the same phrase (no sentence punctuation between)."""
        a, b = self.tok(i), self.tok(i + 1)
        if a is None or b is None:
            return False
        gap = self.text[a.end : b.start]
        return gap == " " or not _HARD_BREAK.search(gap)

    def is_(self, i: int, cat: str, *, exact: bool = False) -> bool:
        t = self.tok(i)
        if t is None:
            return False
        return t.norm in self.w.get(cat, ()) if exact else cat in self.w.categories(t.forms)

    def value(self, i: int, cat: str) -> int | None:
        t = self.tok(i)
        words = self.w.get(cat, {})
        for f in sorted(t.forms, key=len, reverse=True) if t else ():
            if f in words:
                return words[f]
        return None

    def nxt(self, i: int, cat: str) -> bool:
        """Token i+1 is in ``cat`` and joined to token i."""
        return self.is_(i + 1, cat) and self.joined(i)

    def month_at(self, i: int) -> tuple[int, bool, int] | None:
        """(month, needs_context, tokens used) for a month name starting at token i."""
        t = self.tok(i)
        if t is None or t.number is not None or _month_heads().isdisjoint(t.forms):
            return None
        if self.joined(i) and (u := self.tok(i + 1)) is not None:
            for f in t.forms:
                hit = self.months.get(f"{f} {u.norm}")
                if hit:
                    return hit[0], hit[1], 2
        candidates = [t.norm, *sorted(t.forms - {t.norm}, key=len, reverse=True)]
        for k, f in enumerate(candidates):
            hit = self.months.get(f)
            if hit is None or (k and hit[1]):
                continue
            if t.raw.isascii() and not t.raw[:1].isupper():
                return None
            return hit[0], hit[1], 1
        return None

    def year_at(self, i: int) -> tuple[int, int] | None:
        """(year, tokens used) for a year at token i, optionally after من عام / عام / سنة."""
        j = i
        t = self.tok(j)
        if t is not None and t.norm in ("من", "of") and self.joined(j):
            j += 1
        if self.is_(j, "year_word") and self.joined(j):
            j += 1
        t = self.tok(j)
        if t is not None and t.number is not None and len(t.raw) == 4 and 1900 <= t.number <= 2100:
            return t.number, j - i + 1
        return None

    # --- date arithmetic -----------------------------------------------------------------------
    def back(self, days: int, precision: int, size: int, **kw: Any) -> _Hit | None:
        if self.pub is None:
            return None
        return _Hit(self.pub - datetime.timedelta(days=days), precision, size, **kw)

    def month_start(self, months_back: int, size: int) -> _Hit | None:
        if self.pub is None:
            return None
        y, m = divmod(self.pub.year * 12 + self.pub.month - 1 - months_back, 12)
        return _Hit(datetime.date(y, m + 1, 1), 3, size)

    def infer_year(self, month: int, day: int | None, *, strictly_past: bool) -> datetime.date | None:
        """The most recent (day, month) not after publication (+1 day for a stated day)."""
        if self.pub is None:
            return None
        for year in (self.pub.year + 1, self.pub.year, self.pub.year - 1):
            try:
                d = datetime.date(year, month, day or 1)
            except ValueError:
                continue
            if day is None:
                limit = self.pub.replace(day=1)
                ok = d < limit if strictly_past else d <= limit
            else:
                ok = d < self.pub if strictly_past else d <= self.pub + datetime.timedelta(days=1)
            if ok:
                return d
        return None

    # --- rules ----------------------------------------------------------------------------------
    def match(self, i: int) -> _Hit | None:
        """Longest rule match at token i, allowing up to two time-of-day prefixes (فجر, مساء يوم, on)."""
        prefix = 0
        past_prefix = False
        best = None
        while True:
            j = i + prefix
            hit = self.core(j, past=past_prefix)
            if hit is not None:
                best = _Hit(hit.date, hit.precision, hit.size + prefix, hit.explicit, hit.weekday)
                break
            if prefix >= _MAX_PREFIXES:
                break
            time_word = self.is_(j, "time_of_day")
            last_weekday = not time_word and self.norm_at(j) == "last" and self.is_(j + 1, "weekday")
            if not (time_word or last_weekday) or not self.joined(j):  # joined last: it is the costly test
                break
            prefix += 1
            past_prefix = past_prefix or last_weekday
        return best

    def core(self, i: int, *, past: bool = False) -> _Hit | None:
        t = self.tok(i)
        if t is None:
            return None
        if t.number is not None:  # only "28 أبريل" and "3 days ago" start with a number
            return self._rule_explicit(i) or self._rule_ago_en(i)
        for rule in _rules_for(t.norm, t.forms):
            hit = rule(self, i)
            if hit is not None:
                return hit
        return self._rule_weekday(i, past=past)

    def _rule_explicit(self, i: int) -> _Hit | None:
        """28 أبريل/نيسان 2020 · April 28, 2020 · شباط/فبراير · أبريل 2020 · في 3 مايو (not …المقبل)."""
        t = self.tok(i)
        if t is None:
            return None
        day = None
        j = i
        if t.number is not None and 1 <= t.number <= 31 and len(t.raw.rstrip("stndrh")) <= 2 and self.joined(i):
            day, j = t.number, i + 1
            if self.norm_at(j) in ("of", "من") and self.joined(j):
                j += 1
        elif (ordinal := self.ordinal_day(i)) is not None:
            day, j = ordinal  # السابع من مايو: the ordinal, then من, then the month
        m = self.month_at(j)
        if m is None:
            return self._day_of_month_word(i, j, day)
        month, ambiguous, n = m
        k = j + n
        alt = False
        if (
            self.joined(k - 1)
            and (after := self.tok(k)) is not None
            and (before := self.tok(k - 1)) is not None
            and re.search(r"[/(]", self.text[before.end : after.start])
        ):
            m2 = self.month_at(k)
            if m2 is not None and m2[0] == month:
                k += m2[2]
                alt = True
        if (
            day is None
            and self.joined(k - 1)
            and (num := self.tok(k)) is not None
            and num.number is not None
            and 1 <= num.number <= 31
            and len(num.raw.rstrip("stndrh")) <= 2
        ):
            day, k = num.number, k + 1
        year = self.year_at(k) if self.joined(k - 1) else None
        if year is not None:
            k += year[1]
        past = future = False
        if self.joined(k - 1) and self.is_(k, "past"):
            past, k = True, k + 1
        elif self.joined(k - 1) and self.is_(k, "future"):
            future, k = True, k + 1
        if future or self._named(i, month, day, year is not None):
            return _Hit(None, 0, k - i)
        if day is None and year is None and not alt:
            prev_ok = self.joined(i - 1) and (
                self.is_(i - 1, "month_word") or (not ambiguous and self.is_(i - 1, "month_context"))
            )
            in_month = self.joined(i - 1) and self.is_(i - 1, "month_context")  # في مارس الماضي
            if not (prev_ok or (past and (not ambiguous or in_month))):
                return None
        d: datetime.date | None
        if year is not None:
            try:
                d = datetime.date(year[0], month, day or 1)
            except ValueError:
                return None
        else:
            d = self.infer_year(month, day, strictly_past=past)
            if d is None:
                return None
        return _Hit(d, 1 if day else 3, k - i, explicit=True)

    def _day_of_month_word(self, i: int, j: int, day: int | None) -> _Hit | None:
        """يوم 5 من الشهر الجاري · الخامس من الشهر الماضي · في 5 الجاري: a day of this or last month, named by the
        word "month" or by "current" alone; a day of this month still to come is a plan, no date of an event."""
        if day is None or self.pub is None:
            return None
        back: int | None
        if self.joined(j - 1) and self.is_(j, "current") and j > i:  # في 5 الجاري، 5 المنقضي
            back = 0
            j -= 1
        elif self.joined(j - 1) and self.is_(j, "past") and j > i:
            back = 1
            j -= 1
        elif self.joined(j) and self.is_(j, "the_month", exact=True):
            back = 0 if self.is_(j + 1, "current") else 1 if self.is_(j + 1, "past") else None
        else:
            back = None
        if back is None:
            return None
        y, m = divmod(self.pub.year * 12 + self.pub.month - 1 - back, 12)
        try:
            d = datetime.date(y, m + 1, day)
        except ValueError:
            return None
        return _Hit(d, 1, j + 2 - i, explicit=True) if d <= self.pub else _Hit(None, 0, j + 2 - i)

    def ordinal_day(self, i: int) -> tuple[int, int] | None:
        """(day, index after its من) for an ordinal day before "من" (السابع من، الخامس عشر من، الحادي والعشرين من)."""
        unit = self.value(i, "ordinal_day")
        if unit is None or not self.joined(i):
            return None
        j = i + 1
        tens = self.value(j, "ordinal_tens")
        if tens is not None and self.joined(j) and unit < 10:
            unit, j = unit + tens, j + 1
        if self.norm_at(j) != "من" or not self.joined(j) or not 1 <= unit <= 31:
            return None
        return unit, j + 1

    def _named(self, i: int, month: int, day: int | None, has_year: bool) -> bool:
        """ثورة 17 فبراير, كتيبة 17 فبراير, ساحة الشهداء…: a date that names a revolution, a brigade or a square."""
        if self.joined(i - 1) and self.is_(i - 1, "named_before"):
            return True
        return day is not None and not has_year and f"{month}-{day}" in self.w.get("named_date", {})

    def _rule_since(self, i: int) -> _Hit | None:
        """منذ + explicit date / منذ أكثر من …: the start of a duration, not the event."""
        if not self.is_(i, "since") or not self.joined(i):
            return None
        if self.norm_at(i + 1) in ("اكثر", "اقل", "more", "over"):
            return _Hit(None, 0, 2)
        hit = self._rule_explicit(i + 1)
        if hit is not None:
            return _Hit(None, 0, hit.size + 1)
        t = self.tok(i + 1)
        if t is not None and t.number is not None and len(t.raw) == 4:
            return _Hit(None, 0, 2)
        return None

    def _rule_today(self, i: int) -> _Hit | None:
        """اليوم · today · اليوم الجمعة (the weekday wins: wire stories are often dated the next day)."""
        if not self.is_(i, "today"):
            return None
        if self.nxt(i, "not_today"):
            return _Hit(None, 0, 2)
        if i > 0 and self.joined(i - 1) and self.is_(i - 1, "same"):
            return _Hit(None, 0, 1)  # في نفس اليوم، ذات اليوم، ذلك اليوم، هذا اليوم: the day of another act
        if self.nxt(i, "weekday"):
            hit = self._rule_weekday(i + 1, past=False)
            return None if hit is None else _Hit(hit.date, 1, hit.size + 1, weekday=True)
        size = 2 if self.nxt(i, "day_part") else 1
        return self.back(0, 1, size)

    def _rule_night(self, i: int) -> _Hit | None:
        """الليلة (tonight) · الليلة الماضية (last night) · الليلة قبل الماضية; not تلك الليلة (that night)."""
        if not self.is_(i, "night"):
            return None
        if i > 0 and self.joined(i - 1) and self.is_(i - 1, "same"):
            return _Hit(None, 0, 1)
        if self.nxt(i, "past"):
            return self.back(1, 1, 2)
        if self.nxt(i, "ago") and self.nxt(i + 1, "past"):
            return self.back(2, 1, 3)
        if self.nxt(i, "future"):
            return _Hit(None, 0, 2)
        return self.back(0, 1, 1)

    def _rule_this(self, i: int) -> _Hit | None:
        """هذا الصباح · هذه الليلة · this morning · earlier today · هذا الأسبوع · هذا الشهر. Not هذا اليوم: news
        says اليوم for today, and "this day" points back to a day told before (في مثل هذا اليوم، عن هذا اليوم)."""
        if not self.is_(i, "this") or not self.joined(i):
            return None
        if self.is_(i + 1, "this_part") or (self.is_(i + 1, "today") and self.norm_at(i) != "هذا"):
            return self.back(0, 1, 2)
        if self.is_(i + 1, "the_week"):
            return self.back(0, 2, 2)
        if self.is_(i + 1, "the_month"):
            return self.month_start(0, 2)
        return None

    def _rule_yesterday(self, i: int) -> _Hit | None:
        """أمس · البارحة · أمس الأول (= −2) · yesterday morning · أمس الأربعاء: the weekday when it is the day before
        yesterday (the text was written the day before its date, as a print paper's is; so اليوم الجمعة), else أمس."""
        if not self.is_(i, "yesterday"):
            return None
        if self.joined(i) and self.norm_at(i + 1) == "الاول":
            return self.back(2, 1, 2)
        if self.nxt(i, "weekday") and self.pub is not None:
            wd = self.value(i + 1, "weekday")
            if wd is not None and (self.pub.weekday() - wd) % 7 == 2:
                return self.back(2, 1, 3 if self.nxt(i + 1, "day_part") else 2)
        size = 2 if self.nxt(i, "weekday") or self.nxt(i, "day_part") else 1
        return self.back(1, 1, size)

    def _rule_first(self, i: int) -> _Hit | None:
        """أول أمس · أول من أمس (the day before yesterday); also English 'the day before yesterday'."""
        t = self.tok(i)
        if t is None:
            return None
        if self.is_(i, "first") and self.joined(i):
            if self.is_(i + 1, "yesterday"):
                return self.back(2, 1, 2)
            if self.norm_at(i + 1) == "من" and self.nxt(i + 1, "yesterday"):
                return self.back(2, 1, 3)
        if t.norm == "day" and self.joined(i) and [x.norm for x in self.toks[i + 1 : i + 3]] == ["before", "yesterday"]:
            return self.back(2, 1, 3)
        if t.norm == "last" and self.nxt(i, "day_part") and self.norm_at(i + 1) == "night":
            return self.back(1, 1, 2)
        return None

    def _days_hit(self, days: int, unit: int, size: int) -> _Hit | None:
        if unit == 1:
            return self.back(days, 1 if days <= 2 else 2, size)
        if unit == 7:
            return self.back(days, 2, size)
        if self.pub is None:
            return None
        back = self.pub - datetime.timedelta(days=days)
        months_back = (self.pub.year - back.year) * 12 + self.pub.month - back.month
        return self.month_start(months_back, size)

    def _units(self, n: int, k: int) -> _Hit | None:
        """n days, weeks or months named at token k (a three-token phrase); n hours: today."""
        for cat, unit in _UNITS.items():
            if self.is_(k, cat, exact=True):
                return self._days_hit(n * unit, unit, 3)
        return self.back(0, 2, 3) if self.is_(k, "hours") else None

    def _rule_ago(self, i: int) -> _Hit | None:
        """قبل/منذ + أمس · يوم · يومين · أسبوع · أسبوعين · ثلاثة أيام · 3 أسابيع · شهر · ساعات · قليل; "قبل يومين من
        الهجوم" counts from another act, not from today: recognised, no date."""
        hit = self._ago(i)
        if hit is None or hit.date is None or (self.norm_at(i) or "").lstrip("وف") != "قبل":
            return hit
        k = i + hit.size
        if self.norm_at(k) in _ONLY and self.joined(k - 1):
            k += 1
        if self.norm_at(k) == "من" and self.joined(k - 1) and self.norm_at(k + 1) not in _NOW:
            return _Hit(None, 0, hit.size)
        return hit

    def _rule_after(self, i: int) -> _Hit | None:
        """بعد/عقب + يومين · يوم · أسبوع · ثلاثة أيام · ساعات + من: the act named after it happened that long before the
        sentence's own time, roughly the publication day ("تأتي الخطوة بعد يومين من مقتل ثلاثة جنود"); the act the
        sentence tells before it is the later one (``counts_back``)."""
        hit = self._ago(i, "after")
        if hit is None or hit.date is None:
            return None
        k = i + hit.size
        if self.norm_at(k) in _ONLY and self.joined(k - 1):
            k += 1
        if self.norm_at(k) != "من" or not self.joined(k - 1):
            return None
        return _Hit(hit.date, max(hit.precision, 2), hit.size)

    def _ago(self, i: int, kind: str = "ago") -> _Hit | None:
        if not self.is_(i, kind) or not self.joined(i):
            return None
        nxt = self.tok(i + 1)
        if nxt is None:  # joined(i) said it is there
            return None
        if self.is_(i, "ago", exact=True):
            if self.norm_at(i) == "قبل" and self.is_(i + 1, "yesterday"):
                return self.back(2, 1, 2)
            if nxt.norm == "قليل":  # قبل قليل، منذ قليل: a moment ago
                return self.back(0, 1, 2)
        unit_cat = next((c for c in _UNITS if self.is_(i + 1, c, exact=True)), None)
        if unit_cat is not None:
            if nxt.norm in _VAGUE_UNITS:
                return None
            days = self.w[unit_cat][nxt.norm]
            assert days is not None, nxt.norm  # every unit word has its days (dates_words.tsv)
            return self._days_hit(days, _UNITS[unit_cat], 2)
        if self.is_(i + 1, "hours"):
            return self.back(0, 2, 2)
        n = _small_number(nxt) if nxt.number is None or len(nxt.raw) <= 2 else None
        if n is not None and 1 <= n <= 60 and self.joined(i + 1):
            return self._units(n, i + 2)
        return None

    def _rule_ago_en(self, i: int) -> _Hit | None:
        """three days ago · a week ago · 2 weeks ago."""
        if not (self.is_(i + 2, "ago_en") and self.joined(i) and self.joined(i + 1)):
            return None
        t = self.tok(i)
        if t is None:
            return None
        n = 1 if t.norm in ("a", "one") else _small_number(t)
        return None if n is None else self._units(n, i + 1)

    def _rule_week_month(self, i: int) -> _Hit | None:
        """الأسبوع الماضي (−7, week precision) · الشهر الماضي (previous month) · …المقبل (nothing)."""
        t = self.tok(i)
        if t is None:
            return None
        is_week = self.is_(i, "the_week", exact=True)
        is_month = self.is_(i, "the_month", exact=True)
        if t.norm == "last" and self.joined(i):
            if self.is_(i + 1, "the_week", exact=True):
                return self.back(7, 2, 2)
            if self.is_(i + 1, "the_month", exact=True):
                return self.month_start(1, 2)
            return None
        if t.norm == "next" and self.joined(i) and (self.is_(i + 1, "the_week") or self.is_(i + 1, "the_month")):
            return _Hit(None, 0, 2)
        if not (is_week or is_month):
            return None
        if self.nxt(i, "future"):
            return _Hit(None, 0, 2)
        if self.nxt(i, "past"):
            return self.back(7, 2, 2) if is_week else self.month_start(1, 2)
        if self.nxt(i, "current"):
            return self.back(0, 2, 2) if is_week else self.month_start(0, 2)
        return None

    def _rule_week_part(self, i: int) -> _Hit | None:
        """مطلع/منتصف/نهاية الأسبوع الماضي أو الجاري: that part of the week (from Sunday, its first day in Libya), week
        precision, never after publication."""
        part = self.value(i, "week_part")
        if part is None or self.pub is None or not self.joined(i) or not self.is_(i + 1, "the_week", exact=True):
            return None
        back = 7 if self.nxt(i + 1, "past") else 0 if self.nxt(i + 1, "current") else None
        if back is None:
            return None
        sunday = self.pub - datetime.timedelta(days=(self.pub.weekday() - 6) % 7 + back)
        return _Hit(min(self.pub, sunday + datetime.timedelta(days=part)), 2, 3)

    def _rule_hours(self, i: int) -> _Hit | None:
        """خلال الساعات الماضية / الأخيرة / القليلة الماضية · الـ24 ساعة الماضية · اليومين الماضيين."""
        j = i
        t = self.tok(i)
        if t is None:
            return None
        if t.number is not None and t.number in (12, 24, 36, 48, 72) and self.joined(i):
            j += 1
        if self.is_(j, "hours") or (j == i and self.is_(j, "the_two_days")):
            k = j + 1
            if self.nxt(k - 1, "few"):
                k += 1
            if self.nxt(k - 1, "recent"):
                return self.back(1 if self.is_(j, "the_two_days") else 0, 2, k + 1 - i)
        return None

    def _rule_tomorrow(self, i: int) -> _Hit | None:
        """غدا · غدا الثلاثاء · tomorrow: the future, never an event date."""
        if not self.is_(i, "tomorrow"):
            return None
        return _Hit(None, 0, 2 if self.nxt(i, "weekday") else 1)

    def _rule_weekday(self, i: int, *, past: bool) -> _Hit | None:
        """The most recent such weekday on or before publication; الماضي/last with the same weekday → 7 back. A bare
        weekday one day after publication's (الأربعاء in a Tuesday's article) is not six days back, which news would
        mark with الماضي: the article was dated the evening before its text (a wire story, another time zone), so it
        is the publication day, roughly."""
        wd = self.value(i, "weekday")
        if wd is None:
            return None
        t = self.tok(i)
        if t is None:
            return None
        if t.raw.isascii() and not t.raw[:1].isupper():
            return None
        size = 1
        if self.nxt(i, "future"):
            return _Hit(None, 0, 2)
        if self.nxt(i, "past"):
            past, size = True, 2
        if self.nxt(i + size - 1, "day_part"):
            size += 1
        if self.pub is None:
            return None
        back = (self.pub.weekday() - wd) % 7
        if past and back == 0:
            back = 7
        if not past and back == 6:  # the day after publication's: the text is a day ahead of its date, or tomorrow
            return self.back(0, 2, size, weekday=True)
        return self.back(back, 1, size, weekday=True)


_MONTH = "month name"
#: The rules ``_Scanner.core`` tries on a word that is not a number, in order, each with the categories (or the
#: month names) and the normalised words its first word must belong to (None: any word).
_Rule = Callable[[_Scanner, int], _Hit | None]
_RULES: tuple[tuple[_Rule, set[str] | None, tuple[str, ...]], ...] = (
    (_Scanner._rule_explicit, {_MONTH, "ordinal_day"}, ()),
    (_Scanner._rule_since, {"since"}, ()),
    (_Scanner._rule_today, {"today"}, ()),
    (_Scanner._rule_night, {"night"}, ()),
    (_Scanner._rule_this, {"this"}, ()),
    (_Scanner._rule_yesterday, {"yesterday"}, ()),
    (_Scanner._rule_first, {"first"}, ("day", "last")),
    (_Scanner._rule_ago, {"ago"}, ()),
    (_Scanner._rule_ago_en, None, ()),
    (_Scanner._rule_after, {"after"}, ()),
    (_Scanner._rule_week_part, {"week_part"}, ()),
    (_Scanner._rule_week_month, {"the_week", "the_month"}, ("last", "next")),
    (_Scanner._rule_hours, {"hours", "the_two_days"}, ()),
    (_Scanner._rule_tomorrow, {"tomorrow"}, ()),
)


@lru_cache(maxsize=1)
def _month_heads() -> frozenset[str]:
    """First words of the month names."""
    return frozenset(name.split(" ")[0] for name in months())


@lru_cache(maxsize=65_536)
def _rules_for(norm: str, forms: frozenset[str]) -> tuple[_Rule, ...]:
    """The rules that can match at a word: a rule whose first word is of another kind is not even tried."""
    kinds = set(_words().categories(forms))
    if not _month_heads().isdisjoint(forms):
        kinds.add(_MONTH)
    return tuple(rule for rule, cats, norms in _RULES if cats is None or norm in norms or not kinds.isdisjoint(cats))


def _numeric_dates(text: str) -> list[tuple[int, int, datetime.date]]:
    out = []
    for rx, order in _NUMERIC_DATES:
        for m in rx.finditer(text):
            a, b, c = (int(x) for x in m.groups())
            y, mo, d = (a, b, c) if order == "ymd" else (c, b, a)
            if order == "dmy" and mo > 12 >= d:
                mo, d = d, mo
            try:
                out.append((m.start(), m.end(), datetime.date(y, mo, d)))
            except ValueError:
                continue
    return out


def _merge(text: str, hits: list[DateInfo], explicit: set[int]) -> list[DateInfo]:
    """A weekday or relative day right before an explicit day (الجمعة 3 مايو) is one expression: the stated day."""
    out: list[DateInfo] = []
    for k, h in enumerate(hits):
        if out and k in explicit and h.precision == 1 and (k - 1) not in explicit:
            prev = out[-1]
            gap = text[prev.end : h.start]
            if len(gap) <= 3 and re.fullmatch(r"[\s(،,\-–]*", gap) and prev.precision == 1:
                if _other_year(prev, h):
                    out.pop()
                else:
                    out[-1] = DateInfo(h.date, 1, prev.start, h.end, text[prev.start : h.end])
                continue
        out.append(h)
    return out


@lru_cache(maxsize=1)
def time_words() -> frozenset[str]:
    """The words of a day or a part of it (أمس، اليوم، صباح، الجمعة، الماضي), normalised as tokens are."""
    w = _words()
    cats = ("yesterday", "today", "weekday", "day_part", "time_of_day", "this_part", "past", "night")
    return frozenset(word for cat in cats for word in w.get(cat, {}))


def told_from_now(surface: str) -> bool:
    """A date phrase named from the moment of speaking (أمس، صباح اليوم، الليلة الماضية، أول أمس) and pinned by no
    weekday or number: said in a statement, it counts from the statement's day."""
    w = _words()
    if _HAS_DIGIT.search(surface):
        return False
    forms = {s for tok in _TOKEN_RE.findall(surface) for s, _ in strip_clitics(normalize_token(tok))}
    return not forms.isdisjoint(
        word for cat in ("yesterday", "today", "night") for word in w.get(cat, {})
    ) and forms.isdisjoint(w.get("weekday", {}))


def _other_year(weekday: DateInfo, day: DateInfo) -> bool:
    """A weekday that the day of a month without its year does not fall on in the year assumed ("الأحد 16 أكتوبر"
    where 16 October of the publication's year is a Tuesday): the day belongs to another year, which one is not
    said, so the phrase dates nothing."""
    return (
        _YEAR.search(ascii_digits(day.surface)) is None
        and not _words().get("weekday", {}).keys().isdisjoint(normalize_token(w) for w in weekday.surface.split())
        and weekday.date.weekday() != day.date.weekday()
    )


_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")


def _as_date(value: object) -> datetime.date | None:
    """Publication date as a plain date; a datetime or an ISO string is accepted, anything else is unknown."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    elif isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    if isinstance(value, datetime.date) and 2 <= value.year <= 9998:  # room for date arithmetic
        return value
    return None


@lru_cache(maxsize=1)
def _cue_words() -> frozenset[str]:
    """First words of every date phrase and month name: a text with none of them (and no digit) has no date."""
    words = {w.split(" ")[0] for cat, ws in _words().items() if cat not in _NOT_STARTERS for w in ws}
    words.update(m.split(" ")[0] for m in months())
    numbers = (_DATA / "numbers_words.tsv").read_text(encoding="utf-8").splitlines()
    words.update(
        normalize_token(line.split("\t")[1].split(" ")[0])
        for line in numbers
        if line.split("\t")[0] in _NUMBER_CATEGORIES
    )
    return frozenset(words)


_CUE_CACHE: dict[str, bool] = {}
#: Word categories that qualify a date phrase but never begin one.
_NOT_STARTERS = frozenset(
    {
        "named_before",
        "named_date",
        "month_context",
        "future",
        "not_today",
        "past",
        "unit_month",
        "unit_week",
        "year_word",
    }
)
_HAS_DIGIT = re.compile(r"\d")
_NUMBER_CATEGORIES = (
    "unit",
    "ten",
    "ten_word",
    "hundred",
    "hundreds_fixed",
    "thousand",
    "thousands_fixed",
    "million",
    "vague",
)


def _may_hold_date(text: str) -> bool:
    if _HAS_DIGIT.search(text):
        return True
    toks = _TOKEN_RE.findall(text)
    known = list(map(_CUE_CACHE.get, toks))  # in C: the words were seen before, most of them
    if True in known:
        return True
    cues = _cue_words()
    for tok, hit in zip(toks, known, strict=True):
        if hit is None:
            if len(_CUE_CACHE) > 200_000:
                _CUE_CACHE.clear()
            hit = _CUE_CACHE[tok] = any(s in cues for s, _ in strip_clitics(normalize_token(tok)))
        if hit:
            return True
    return False


def find_dates(text: str, *, published: datetime.date | None) -> list[DateInfo]:
    """Every date expression in ``text`` that can be an event date, in order; future ones and bare years left out."""
    if not isinstance(text, str) or not text or not _may_hold_date(text):
        return []
    published = _as_date(published)
    flat = ascii_digits(text)
    limit = published + datetime.timedelta(days=1) if published else None
    found: list[tuple[DateInfo, bool]] = []
    numeric = _numeric_dates(flat)
    for start, end, d in numeric:
        found.append((DateInfo(d, 1, start, end, text[start:end]), True))
    taken = [(s, e) for s, e, _ in numeric]
    toks = _tokenize(flat)
    if taken:
        toks = [t for t in toks if not any(s <= t.start < e for s, e in taken)]
    scanner = _Scanner(flat, toks, published)
    cues = _cue_words()
    free = 0  # the first word not inside an expression found already
    for i in [i for i, t in enumerate(toks) if t.number is not None or not cues.isdisjoint(t.forms)]:
        if i < free:  # only numbers and cue words can start a date phrase
            continue
        hit = scanner.match(i)
        if hit is None:
            continue
        if hit.date is not None:
            start, end = toks[i].start, toks[i + hit.size - 1].end
            found.append((DateInfo(hit.date, hit.precision, start, end, text[start:end]), hit.explicit))
        free = i + hit.size
    found.sort(key=lambda x: x[0].start)
    found = [(d, e) for d, e in found if limit is None or d.date <= limit]
    explicit = {k for k, (_, e) in enumerate(found) if e}
    return _month_parts(text, _merge(text, [d for d, _ in found], explicit), published)


_WORD_BEFORE = re.compile(r"(\w+)\s+$")


def _month_parts(text: str, found: list[DateInfo], published: datetime.date | None) -> list[DateInfo]:
    """A month told by its part (منتصف الشهر الجاري، أواخر أبريل الماضي، مطلع مايو): the day that part names
    (``month_part``), to the week rather than the month, never after publication."""
    parts = _words().get("month_part", {})
    out = []
    for d in found:
        if d.precision == 3 and d.date is not None:
            word, start = normalize_token(d.surface.split()[0]), d.start
            before = _WORD_BEFORE.search(text, max(0, d.start - 20), d.start)
            if word not in parts and before is not None:  # أواخر الشهر الماضي: the part before the phrase read
                word, start = normalize_token(before.group(1)), before.start(1)
            if word in parts:
                day = d.date.replace(day=min(parts[word] or 1, calendar.monthrange(d.date.year, d.date.month)[1]))
                if published is not None:
                    day = min(day, published)
                d = DateInfo(day, 2, start, d.end, text[start : d.end])
        out.append(d)
    return out


def resolve_date(text: str, *, published: datetime.date | None) -> DateInfo | None:
    """The date the event in ``text`` most likely happened: the most precise expression, the first among equals."""
    found = find_dates(text, published=published)
    if not found:
        return None
    return min(found, key=lambda d: (d.precision, d.start))


__all__ = ["DateInfo", "find_dates", "resolve_date", "told_from_now"]
