"""How many people were killed? Reads the death toll of one clause of Arabic or English news.

A number counts only when it sits within a few tokens of a death word (مقتل, قتلوا, قتيلا, لقي حتفه,
أودت بحياة, killed) and is not held by an injury, capture or missing word; numbers of things (5 غارات),
years, dates and labels (الكتيبة 21) never count. Vague counts follow ACLED's conservative readings
(عشرات → 10, مئات → 100, عدة/عدد من → 3). The vocabulary is in data/numbers_words.tsv.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .lexicon import national_duals
from .words import LETTERS, Word, WordTable, months, read_word_table, word_info, words

_DATA = Path(__file__).parent / "data"
_TOKEN_RE = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+|" + LETTERS)
_HARD_BREAK = re.compile(r"[.!?؟؛;:\n\"«»“”()]")
_NOT_A_COUNT_GAP = re.compile(r"^\s*[+%/\-×x*]|^\s*٪")
_WINDOW = 5
_SINGULAR_PASSIVE = frozenset({"قتل", "اغتيل", "قتلت"})
_DEATH_WORDS = frozenset({"death_verb", "death_noun"})
_NUMBER_CATS = (
    "unit",
    "ten_word",
    "one_of",
    "ten",
    "hundred",
    "hundreds_fixed",
    "thousand",
    "thousands_fixed",
    "million",
)
_COUNT_WORDS = frozenset((*_NUMBER_CATS, "vague", "vague_of"))  # categories a number phrase can start with


#: A dual written with its vowel (مدنيَّين، شرطيَّين: fatha before the final ين); the plural has a kasra (مدنيِّين).
_MARKED_DUAL = re.compile("(?:\u064e\u0651?|\u0651\u064e)\u064a\u0652?\u0646$")


@dataclass(frozen=True, slots=True)
class FatalityInfo:
    """Reported deaths in a clause: the conservative count and the span of the words it was read from."""

    count: int
    start: int
    end: int
    surface: str


@dataclass(frozen=True, slots=True)
class _Count:
    value: int
    first: int  # token index of the number phrase
    last: int
    vague: bool = False


@dataclass(frozen=True, slots=True)
class _Group:
    count: int
    lo: int  # token span covered by trigger and number
    hi: int
    number_at: int | None
    other: bool  # "…آخرين": a further group, to be added


@lru_cache(maxsize=1)
def words_table() -> WordTable:
    """Category → {normalised word: value}; the duals of the one-person nouns (``_duals``) and of the nationality
    adjectives are added."""
    table = read_word_table(_DATA / "numbers_words.tsv")
    two = table.setdefault("person_two", {})
    ones = table.setdefault("person_one", {})
    accusative = table.setdefault("person_one_object", {})
    for one in list(ones):
        for form in _duals(one):
            two.setdefault(form, 2)
        if not one.endswith("ه"):
            accusative.setdefault(one + "ا", None)  # قتل مسلحون ضابطا: one officer, the verb's object
    for form in accusative:
        ones.setdefault(form, None)
    for form in national_duals():  # قتل تونسيان: two Tunisians
        two.setdefault(form, 2)
    return table


def _duals(one: str) -> list[str]:
    """The dual forms of a noun for one person that cannot be read as a plural (شرطيان، ضابطان، طفلتين; not
    مسلحين, which is also the plural): the nominative ان, and تين after a feminine ة (normalised ه)."""
    if one.endswith("ه"):
        return [one[:-1] + "تان", one[:-1] + "تين"]
    return [one + "ان"]


@lru_cache(maxsize=1)
def _month_names() -> frozenset[str]:
    return frozenset(name.split()[0] for name in months())


@lru_cache(maxsize=65_536)
def _later_forms(norm: str) -> frozenset[str]:
    """Readings of a word inside a number phrase: itself, and without a leading و."""
    return frozenset({norm} | ({norm[1:]} if norm.startswith("و") else set()))


def _tokenize(text: str) -> list[Word]:
    return words(text, _TOKEN_RE)


class _Clause:
    """Tokens of one clause with lexicon look-ups and the number-phrase parser."""

    def __init__(self, text: str):
        self.text = text
        self.toks = _tokenize(text)
        self.lex = words_table()
        breaks = [m.start() for m in _HARD_BREAK.finditer(text)]
        #: per token, how many hard breaks come before it (None: the clause has none)
        self._part = [bisect_left(breaks, t.start) for t in self.toks] if breaks else None

    def has(self, i: int, cat: str) -> bool:
        return 0 <= i < len(self.toks) and cat in self.lex.categories(self.toks[i].forms)

    def get(self, i: int, cat: str) -> int | None:
        words = self.lex.get(cat, {})
        for f in sorted(self.toks[i].forms, key=len, reverse=True):
            if f in words:
                return words[f]
        return None

    def joined(self, i: int, j: int) -> bool:
        """No sentence punctuation between tokens i and j (i < j)."""
        return self._part is None or i >= j or self._part[i] == self._part[j]

    def word_value(self, i: int, *, first: bool) -> tuple[str, int] | None:
        """(category, value) of token i as a number word; clitic و only on a phrase's later words."""
        t = self.toks[i]
        forms = t.forms if first else _later_forms(t.norm)
        cats = self.lex.categories(forms)
        for cat in _NUMBER_CATS:
            if cat in cats:
                words = self.lex[cat]
                value = next(words[f] for f in forms if f in words)
                assert value is not None, (cat, forms)  # every number word has its value (numbers_words.tsv)
                return cat, value
        return None

    def number_at(self, i: int) -> _Count | None:
        """The number phrase starting at token i: digits (with ألف/مليون), word compounds, vague counts."""
        if not 0 <= i < len(self.toks):
            return None
        t = self.toks[i]
        if t.number is None and t.norm != "a" and _COUNT_WORDS.isdisjoint(self.lex.categories(t.forms)):
            return None  # most words: no number word, no vague count
        if t.number is not None:
            value, last = t.number, i
            if i + 1 < len(self.toks) and self.joined(i, i + 1):
                nxt = self.word_value(i + 1, first=True)
                if nxt and nxt[0] in ("thousand", "million"):
                    value, last = value * nxt[1], i + 1
            return _Count(value, i, last)
        if self.has(i, "vague"):
            many = self.get(i, "vague")
            assert many is not None, t.norm  # every vague count word has its value (numbers_words.tsv)
            return _Count(many, i, i, vague=True)
        if self.has(i, "vague_of") and i + 1 < len(self.toks) and self.toks[i + 1].norm in ("من", "of"):
            return _Count(3, i, i + 1, vague=True)
        if (
            t.norm == "a"
            and i + 2 < len(self.toks)
            and self.toks[i + 1].norm == "number"
            and self.toks[i + 2].norm == "of"
        ):
            return _Count(3, i, i + 2, vague=True)
        return self.words_at(i)

    def words_at(self, i: int) -> _Count | None:
        total = current = 0
        last = None
        j = i
        while j < len(self.toks) and (j == i or self.joined(j - 1, j)):
            wv = self.word_value(j, first=j == i)
            if wv is None:
                break
            cat, v = wv
            if cat == "one_of":
                if j != i:
                    break
                nxt = self.word_value(j + 1, first=False) if j + 1 < len(self.toks) else None
                if nxt and nxt[0] == "ten_word":
                    current, last, j = 11, j + 1, j + 2
                    continue
                if j + 1 < len(self.toks) and (
                    self.toks[j + 1].norm.startswith("ال") or self.toks[j + 1].norm == "من" or self.has(j + 1, "person")
                ):
                    return _Count(1, i, i)
                return None
            if cat == "ten_word" and 0 < current % 100 < 10 and last == j - 1:
                current += 10
            elif cat in ("unit", "ten", "ten_word", "hundreds_fixed"):
                current += v
            elif cat == "hundred":
                current = current * 100 if 0 < current < 10 else current + 100
            elif cat in ("thousand", "million"):
                total += (current or 1) * v
                current = 0
            elif cat == "thousands_fixed":
                total += v
            last = j
            j += 1
        if last is None:
            return None
        return _Count(total + current, i, last)

    # --- what a number is about ------------------------------------------------------------------
    def is_head_count(self, c: _Count, *, killed: bool = False) -> bool:
        """A number of people, not a year, a date, a label (الكتيبة 21), a quantity of things or a ratio. ``killed``:
        the number follows a death verb, so people held (أعدم ثلاثة أسرى) are the ones it killed."""
        t = self.toks[c.first]
        if t.number is not None and c.first == c.last and len(t.raw) == 4 and 1900 <= t.number <= 2100:
            return False
        after = self.text[self.toks[c.last].end :]
        before = self.text[: t.start]
        if _NOT_A_COUNT_GAP.search(after) or re.search(r"[+%/\-×:]\s*$", before):
            return False
        if c.first > 0 and self.joined(c.first - 1, c.first) and self.has(c.first - 1, "label_before"):
            return False
        k = c.last + 2
        if (
            k < len(self.toks)
            and self.toks[c.last + 1].norm == "من"
            and self.joined(c.last, k)
            and (self.toks[k].norm in _month_names() or self.toks[k].norm in ("الشهر", "شهر"))
        ):
            return False
        k = c.last + 1
        return not (
            k < len(self.toks)
            and self.joined(c.last, k)
            and (
                self.has(k, "nonperson")
                or (self.toks[k].norm in self.lex["barrier"] and not (killed and self.has(k, "held")))
                or self.toks[k].norm in _month_names()
            )
        )

    def injured_before(self, c: _Count) -> bool:
        """أصيب 3 …: the number belongs to the injury verb in front of it."""
        k = c.first - 1
        return k >= 0 and self.joined(k, c.first) and self.has(k, "barrier")

    def other_after(self, c: _Count) -> bool:
        for k in range(c.last + 1, min(c.last + 4, len(self.toks))):
            if not self.joined(c.last, k):
                break
            if self.has(k, "other"):
                return True
            if not self.has(k, "person") and not self.has(k, "person_two"):
                break
        return False

    def is_dual(self, k: int) -> bool:
        """A dual noun of people: only a dual (جنديان), or a plural form written with the dual's vowel."""
        return (self.has(k, "person_two") and not self.has(k, "person")) or (
            (self.has(k, "person") or self.has(k, "person_two")) and bool(_MARKED_DUAL.search(self.toks[k].raw))
        )

    def stops(self, k: int) -> bool:
        return self.has(k, "barrier") or self.has(k, "subset")

    # --- one trigger ---------------------------------------------------------------------------
    def negated(self, i: int) -> bool:
        """A negation or threat shortly before the trigger: لم يسفر القصف عن قتلى, تهدد بقتل, No one was killed."""
        return any(self.has(k, "negator") and self.joined(k, i) for k in range(i - 1, i - 5, -1))

    def forward(self, i: int) -> tuple[_Count | None, int | None]:
        """(number, dual-noun index) after trigger i, stopping at injury/capture words and punctuation."""
        k = i + 1
        while k < len(self.toks) and k <= i + _WINDOW and self.joined(i, k) and not self.stops(k):
            if k > i + 1 and self.is_trigger(k):
                break
            if self.is_dual(k):
                return None, k
            c = self.number_at(k)
            if c is not None:
                if self.is_head_count(c, killed=True):
                    return c, None
                k = c.last + 1
                continue
            k += 1
        return None, None

    def backward(self, i: int, reach: int) -> tuple[_Count | None, int | None]:
        k = i - 1
        while k >= 0 and k >= i - reach and self.joined(k, i) and not self.stops(k):
            if self.is_dual(k):
                return None, k
            if self.is_trigger(k):
                break
            for start in (k - 1, k):
                c = self.number_at(start) if start >= 0 else None
                if c is not None and c.last == k:
                    if self.is_head_count(c) and not self.injured_before(c) and self.subject_of(c, i):
                        return c, None
                    if self.injured_before(c):
                        return None, None
            k -= 1
        return None, None

    def bare_forms(self, k: int) -> frozenset[str]:
        """Word k's readings, also without the article (الجندي is جندي)."""
        forms = self.toks[k].forms
        return forms | {f[2:] for f in forms if f.startswith("ال")}

    def is_person(self, k: int) -> bool:
        if not 0 <= k < len(self.toks):
            return False
        return any(f in self.lex["person"] or f in self.lex["person_two"] for f in self.bare_forms(k))

    def subject_of(self, c: _Count, trigger: int) -> bool:
        """A number before the death word counts people: 5 قتلى, ثمانية أفراد… قتلوا, العشرات سقطوا قتلى."""
        k = c.last + 1
        if (
            k == trigger
            or self.is_person(k)
            or self.has(k, "other")
            or self.has(k, "death_noun")
            or self.has(k, "fell")
        ):
            return True
        return k < trigger and self.toks[k].norm in ("من", "of") and self.is_person(k + 1)

    def is_trigger(self, i: int) -> bool:
        return not _DEATH_WORDS.isdisjoint(self.lex.categories(self.toks[i].forms))

    def singular_after(self, i: int) -> int | None:
        """مقتل جندي / قتل شخص / مقتل القيادي: a singular person right after the trigger; or, after the doer, one in
        the accusative, the verb's object (قتل مسلحون مجهولون ضابطا)."""
        for k in (i + 1, i + 2):
            if k >= len(self.toks) or not self.joined(i, k):
                return None
            if self.is_one(k):
                return k
            if self.number_at(k) is not None:
                return None
            if self.has(k, "person"):
                return self.object_after(i, k)
        return self.object_after(i, i + 2)

    def object_after(self, i: int, subject: int) -> int | None:
        """The one person in the accusative within two words after the doer's word ``subject`` (قتل مسلحون مجهولون
        ضابطا، قتلت مجموعة مسلحة شابا); not past a number or a word joined by و (وأصاب طفلا: another act)."""
        for k in (subject + 1, subject + 2):
            if k >= len(self.toks) or not self.joined(i, k) or self.number_at(k) is not None:
                return None
            if self.toks[k].norm.startswith("و"):
                return None
            if self.has(k, "person_one_object"):
                return k
        return None

    def group(self, i: int) -> _Group | None:
        """The deaths trigger i reports, or None when it is negated (لم يسفر عن قتلى, تهدد بقتل)."""
        if self.negated(i):
            return None
        noun = self.has(i, "death_noun") and not self.has(i, "death_verb")
        one = self.singular_after(i)
        if one is not None and one + 1 < len(self.toks) and self.counted_people(one + 1) is not None:
            more, last = self.and_people(one)  # قتل جندي وثلاثة مدنيين: the one, then the number joined to him
            return _Group(1 + more, i, last, one, False)
        if noun:
            c, dual = self.backward(i, 3)
            if c is None and dual is None and self.has(i, "person_two"):
                return _Group(2, i, i, i, False)  # سقط قتيلان وعدد من الجرحى: the dual noun is the count
            if c is None and dual is None:
                c, dual = self.forward(i)
        else:
            c, dual = self.forward(i)
            if c is None and dual is None and self.singular_after(i) is None:
                c, dual = self.backward(i, _WINDOW)  # not past the one it names (… بعد اشتباك قتل فيه شرطي)
        if c is not None:
            extra = self.conjoined(c)
            value = c.value + (extra.value if extra else 0)
            last = extra.last if extra else c.last
            noun_end = last + 1 if self.is_person(last + 1) else last  # "3 جنود": the counted noun after the number
            more, last = self.and_people(noun_end)
            return _Group(value + more, min(i, c.first), max(i, last), c.first, self.other_after(extra or c))
        if dual is not None:
            more, last = self.and_people(dual)
            return _Group(2 + more, min(i, dual), max(i, last), dual, self.has(dual + 1, "other"))
        if self.has(i, "person_two"):
            return _Group(2, i, i, i, False)
        one = self.singular_after(i) if not noun else None
        if one is not None:
            more, last = self.and_people(one)
            return _Group(1 + more, i, last, one, False)
        if self.has(i, "death_two"):
            return _Group(2, i, i, i, False)  # لقي مزارع وابنه مصرعهما
        if self.has(i, "death_single") or self.passive_at_start(i):
            return _Group(1, i, i, i, False)
        return _Group(0, i, i, None, False)

    def and_people(self, last: int) -> tuple[int, int]:
        """People joined by و right after those counted up to word ``last`` (قتل طفلان وامرأة، جندي ومدنيان): one for
        a singular noun, two for a dual; (how many more, the last word read)."""
        more, k = 0, last + 1
        while k < len(self.toks) and self.joined(k - 1, k) and self.toks[k].norm.startswith("و"):
            if self.is_dual(k):
                more += 2
            elif self.is_one(k):
                more += 1
            elif (counted := self.counted_people(k)) is not None:  # جنديان وثلاثة مدنيين
                more += counted.value
                k = counted.last + 1
            else:
                break
            k += 1
        return more, k - 1

    def counted_people(self, k: int) -> _Count | None:
        """A number and its noun of people opening at word k with و (وثلاثة مدنيين، و3 جنود); the count ends on the
        number, the noun follows it."""
        if not self.toks[k].norm.startswith("و"):
            return None
        start = k + 1 if self.toks[k].norm == "و" else k
        if start >= len(self.toks) or not self.joined(k, start):
            return None
        c = self.number_at(start)
        if c is None or not self.is_head_count(c) or c.last + 1 >= len(self.toks):
            return None
        return c if self.joined(c.last, c.last + 1) and self.has(c.last + 1, "person") else None

    def is_one(self, k: int) -> bool:
        """Word k is a noun for one person (جندي، الطفل، امرأة)."""
        return any(f in self.lex["person_one"] for f in self.bare_forms(k))

    def passive_at_start(self, i: int) -> bool:
        """قُتل أثناء مشاركته…: a clause opening on the singular passive reports one death (its subject went before)."""
        t = self.toks[i]
        if not ({t.norm, t.norm[1:] if t.norm[:1] in "وف" else ""} & _SINGULAR_PASSIVE):
            return False
        opens = i == 0 or not self.joined(i - 1, i)
        nxt = (
            i + 1 < len(self.toks)
            and self.joined(i, i + 1)
            and (
                self.has(i + 1, "person")
                or self.has(i + 1, "person_two")
                or self.number_at(i + 1) is not None
                or self.has(i + 1, "barrier")  # قتل وجرح العشرات: the dead and the hurt told as one count
            )
        )
        return opens and not nxt

    def conjoined(self, c: _Count) -> _Count | None:
        """مقتل 5 جنود و3 مدنيين: a second number of people joined by و to the first group."""
        k = c.last + 1
        while k < len(self.toks) and k <= c.last + 2 and self.joined(c.last, k) and self.has(k, "person"):
            k += 1
        if k == c.last + 1 or k >= len(self.toks) or not self.joined(c.last, k):
            return None
        t = self.toks[k]
        start = k + 1 if t.norm == "و" else k
        if start != k + 1 and not t.norm.startswith("و"):
            return None
        nxt = self.number_at(start) if start < len(self.toks) else None
        if nxt is None or not self.is_head_count(nxt) or nxt.last + 1 >= len(self.toks):
            return None
        return nxt if self.has(nxt.last + 1, "person") else None


def parse_number(s: str) -> int | None:
    """The value of a number written in digits (25, ٢٥, 1,200) or Arabic/English words (خمسة وعشرون, twenty)."""
    if not isinstance(s, str):
        return None
    clause = _Clause(s)
    if not clause.toks:
        return None
    c = clause.words_at(0) if clause.toks[0].number is None else clause.number_at(0)
    if c is None or c.last != len(clause.toks) - 1:
        return None
    return c.value


_DEATH_CUE: dict[str, bool] = {}


def _death_cue(raw: str) -> bool:
    """The token reads as a death word (a verb or a noun of dying), cached: the words were seen before, most of them."""
    hit = _DEATH_CUE.get(raw)
    if hit is None:
        if len(_DEATH_CUE) > 200_000:
            _DEATH_CUE.clear()
        lex = words_table()
        verbs, nouns = lex.get("death_verb", {}), lex.get("death_noun", {})
        forms = word_info(raw)[2] if raw[0] not in "0123456789" else frozenset()
        hit = _DEATH_CUE[raw] = any(f in verbs or f in nouns for f in forms)
    return hit


def _may_report_death(text: str) -> bool:
    """Cheap pre-check: does any token read as a death word? Most sentences have none."""
    raws = _TOKEN_RE.findall(text)
    known = list(map(_DEATH_CUE.get, raws))  # in C: the words were seen before, most of them
    if True in known:
        return True
    return any(_death_cue(raw) for raw, hit in zip(raws, known, strict=True) if hit is None)


def first_death_word(text: str, start: int = 0, end: int | None = None) -> int | None:
    """Where the first death word (مقتل، قتلى، مصرع …) in ``text[start:end]`` starts, or None."""
    end = len(text) if end is None else end
    return next((m.start() for m in _TOKEN_RE.finditer(text, start, end) if _death_cue(m.group())), None)


def count_fatalities(text: str) -> FatalityInfo | None:
    """People reported killed in ``text``: None when no death is reported, count 0 when no number is given."""
    if not isinstance(text, str) or not text.strip() or not _may_report_death(text):
        return None
    clause = _Clause(text)
    groups = [g for i in range(len(clause.toks)) if clause.is_trigger(i) and (g := clause.group(i)) is not None]
    if not groups:
        return None
    by_number: dict[int | None, _Group] = {}
    for g in groups:
        key = g.number_at if g.number_at is not None else -1 - g.lo
        if key not in by_number or g.count > by_number[key].count:
            by_number[key] = g
    distinct = [g for g in by_number.values() if g.count > 0] or list(by_number.values())
    main = [g for g in distinct if not g.other]
    extra = [g for g in distinct if g.other]
    total = (max(g.count for g in main) if main else 0) + sum(g.count for g in extra)
    used = [g for g in distinct if g in extra or (main and g is max(main, key=lambda x: x.count))]
    lo = min(g.lo for g in used)
    hi = max(g.hi for g in used)
    start, end = clause.toks[lo].start, clause.toks[hi].end
    return FatalityInfo(total, start, end, text[start:end])


__all__ = ["FatalityInfo", "count_fatalities", "parse_number"]
