"""Words of a clause for the date and death-toll readers: offsets, normalised form, clitic readings, number;
and the word tables both read (``read_word_table``, the month names ``months``)."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import accumulate, repeat
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from gazetteer.normalize import normalize_token, strip_clitics

_DATA = Path(__file__).parent / "data"

#: Arabic-Indic and Persian digits → ASCII, keeping string length (offsets stay valid).
DIGITS = str.maketrans({**{chr(0x0660 + i): str(i) for i in range(10)}, **{chr(0x06F0 + i): str(i) for i in range(10)}})
_NON_ASCII_DIGIT = re.compile(r"[\u0660-\u0669\u06F0-\u06F9]")
_LEADING_NUMBER = re.compile(r"[0-9][0-9,]*")
_MARKS = "\u064b-\u065f\u0670\u0640"
#: A run of letters, Arabic marks and tatweel (the last alternative of a word pattern), written with runs rather
#: than ``(?:[^\W\d_]|[marks])+`` so the regex engine does not loop once per character (~40% faster).
LETTERS = rf"[^\W\d_]+(?:[{_MARKS}]+[^\W\d_]*)*|[{_MARKS}]+(?:[^\W\d_]+[{_MARKS}]*)*"


class Word(NamedTuple):
    """One word (a named tuple: one is built for every word scanned, so it must be cheap)."""

    raw: str
    norm: str
    forms: frozenset[str]
    start: int
    end: int
    number: int | None


@lru_cache(maxsize=131_072)
def word_info(flat: str) -> tuple[int | None, str, frozenset[str]]:
    """Number value ("1,200" → 1200, "28th" → 28), normalised form and proclitic readings; cached, words repeat."""
    m = _LEADING_NUMBER.match(flat)
    number = int(m.group().replace(",", "")) if m else None
    norm = normalize_token(flat)
    plain = number is not None or norm.isascii()
    return number, norm, (frozenset({norm}) if plain else frozenset(s for s, _ in strip_clitics(norm)))


def ascii_digits(text: str) -> str:
    """``text`` with Arabic-Indic and Persian digits in ASCII (same length); searched first, as most text has none."""
    return text.translate(DIGITS) if _NON_ASCII_DIGIT.search(text) else text


_new_word = tuple.__new__  # Word(...) without the Python-level __new__ of a NamedTuple: words are many
_NUMBER, _NORM, _FORMS = itemgetter(0), itemgetter(1), itemgetter(2)


@lru_cache(maxsize=16)
def _splitter(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` as one group, for ``re.split``: words at the odd places, the gaps between them at the even. A
    pattern with groups of its own would add pieces, so it is refused."""
    if pattern.groups:
        raise ValueError(f"word pattern {pattern.pattern!r} must have no capturing group")
    return re.compile(f"({pattern.pattern})", pattern.flags)


def words(text: str, pattern: re.Pattern[str]) -> list[Word]:
    """The words ``pattern`` finds in ``text`` (digits read as ASCII), with offsets into ``text``.

    Split rather than ``finditer``: offsets are running sums of the pieces' lengths, and no Python frame runs per word.
    """
    flat = ascii_digits(text)
    parts = _splitter(pattern).split(flat)
    ends = list(accumulate(map(len, parts)))
    found = parts[1::2]
    starts, stops = ends[:-1:2], ends[1::2]
    infos = list(map(word_info, found))
    raws = found if flat is text else [text[a:b] for a, b in zip(starts, stops, strict=True)]
    fields = zip(raws, map(_NORM, infos), map(_FORMS, infos), starts, stops, map(_NUMBER, infos), strict=True)
    return list(map(_new_word, repeat(Word), fields))


class WordTable(dict[str, dict[str, int | None]]):
    """Category → {normalised word: value}; build once and do not change it (category sets are memoised)."""

    def __init__(self) -> None:
        super().__init__()
        self._memo: dict[frozenset[str], frozenset[str]] = {}

    def categories(self, forms: frozenset[str]) -> frozenset[str]:
        """The categories holding any of a word's readings: one look-up instead of a scan per category asked."""
        got = self._memo.get(forms)
        if got is None:
            if len(self._memo) > 200_000:
                self._memo.clear()
            got = self._memo[forms] = frozenset(cat for cat, words in self.items() if not forms.isdisjoint(words))
        return got


def read_word_table(path: Path) -> WordTable:
    """Category → {normalised word: value} from a ``category<TAB>word[<TAB>value]`` file (# comments)."""
    out = WordTable()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cat, word, *rest = line.split("\t")
        value = rest[0].strip() if rest else ""
        out.setdefault(cat, {})[normalize_token(word)] = int(value) if value else None
    return out


def _norm_phrase(text: str) -> str:
    return " ".join(normalize_token(t) for t in text.split())


@lru_cache(maxsize=1)
def months() -> dict[str, tuple[int, bool]]:
    """Normalised month name (words joined by one space) → (month number, needs context), from months.tsv.

    Dates read them as months; the death-toll reader must not read a day before a month name as a count.
    """
    out: dict[str, tuple[int, bool]] = {}
    for line in (_DATA / "months.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        month, name, ambiguous = line.split("\t")
        out[_norm_phrase(name)] = (int(month), ambiguous.strip() == "1")
    return out
