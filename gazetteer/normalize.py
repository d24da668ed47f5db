"""The one Arabic/Latin normaliser used to build every index and to clean every query."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import accumulate, repeat
from typing import NamedTuple

_MARKS = [chr(c) for c in range(0x064B, 0x0660)] + ["\u0670", "\u0640"] + [chr(c) for c in range(0x06D6, 0x06EE)]
_MAP: dict[int, str | None] = {ord(c): None for c in _MARKS}
#: Invisible characters that text copied from the web or a PDF carries inside words: zero-width space, (non-)joiner,
#: direction marks and embeddings, soft hyphen, word joiner, Arabic letter mark, byte-order mark. Dropped.
INVISIBLE = (
    "\u200b\u200c\u200d\u200e\u200f\u00ad\u2060\u061c\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_MAP.update(
    {
        ord(a): b
        for a, b in {
            "أ": "ا",
            "إ": "ا",
            "آ": "ا",
            "ٱ": "ا",
            "ى": "ي",
            "ة": "ه",
            "ی": "ي",
            "ک": "ك",
            # Maghrebi and Persian letters for sounds Arabic script lacks: the g of Libyan and Tunisian names
            # (بن ڨردان، گرگارش: قردان، قرقارش), v and p and ch of foreign names (ڤيينا، پاريس، چاد)
            "ڨ": "ق",
            "گ": "ق",
            "ڤ": "ف",
            "پ": "ب",
            "چ": "ج",
        }.items()
    }
)
_MAP.update({ord(c): None for c in INVISIBLE})
_MAP.update({0x0660 + i: str(i) for i in range(10)})
_MAP.update({0x06F0 + i: str(i) for i in range(10)})
_TABLE = str.maketrans(_MAP)
#: Characters ``_TABLE`` deletes: only they can join or split words, the rest ``normalize_token`` maps word by word.
_DROPPED = re.compile("[" + "".join(re.escape(chr(c)) for c, v in _MAP.items() if v is None) + "]")

#: Characters that may sit inside one word of running text (letters, digits, Arabic marks, tatweel, invisibles).
_W = r"[\w\u064B-\u065F\u0670\u0640\u06D6-\u06ED]+"
WORD_RE = re.compile(rf"{_W}(?:[{INVISIBLE}]+{_W})*")
_HAS_INVISIBLE = re.compile(f"[{INVISIBLE}]")
#: Arabic presentation forms (text copied from PDFs): NFKC maps them to the letters.
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")
_NON_WORD = re.compile(r"[^\w]+")

PROCLITICS_CONJ = ("و", "ف")
PROCLITICS_PREP = ("ب", "ل", "ك")


_LATIN_MARKED = re.compile(r"[\u00C0-\u036F\u1E00-\u1EFF]")


@lru_cache(maxsize=262_144)
def normalize_token(token: str) -> str:
    """Normalise one token: strip tashkeel and tatweel, unify alef/ya/ta marbuta, ASCII digits, casefold."""
    if _PRESENTATION.search(token):
        token = unicodedata.normalize("NFKC", token)
    out = token.translate(_TABLE)
    if out.isascii():
        return out.lower()
    if _LATIN_MARKED.search(out):
        out = unicodedata.normalize("NFKD", out)
        out = "".join(c for c in out if not unicodedata.combining(c)).translate(_TABLE)
    return out.casefold()


def word_aligned(text: str) -> bool:
    """Whether ``normalize(text)`` is just the ``normalize_token`` of each ``WORD_RE`` word, joined by spaces.

    True unless the text has marks or joiners to drop (they join or split words), an underscore, or characters
    that NFC would recompose; a caller that has the words already can then skip normalising the text again.
    """
    return (
        "_" not in text
        and not _DROPPED.search(text)
        and unicodedata.is_normalized("NFC", text)
        and not _PRESENTATION.search(text)
    )


def normalize(text: str) -> str:
    """Normalise a name or query: token-wise ``normalize_token`` with punctuation folded to single spaces."""
    text = unicodedata.normalize("NFKC" if _PRESENTATION.search(text) else "NFC", text)
    if _DROPPED.search(text):  # translating a whole text is slow; most have no marks
        text = text.translate(_TABLE)
    return " ".join(normalize_token(t) for t in _NON_WORD.split(text.replace("_", " ")) if t)


@lru_cache(maxsize=262_144)
def _strip_clitics(token: str) -> tuple[tuple[str, int], ...]:
    return tuple(_clitic_readings(token))


def strip_clitics(token: str) -> list[tuple[str, int]]:
    """Readings of a normalised token with its proclitics removed, as (stem, prefix length), longest stem first.

    و/ف (and), then ب/ل/ك (in, to, like); ``لل`` is ل + ال with the alef dropped (للمدينة → المدينة).
    Stems shorter than two letters are not offered.
    """
    return list(_strip_clitics(token))


def _clitic_readings(token: str) -> list[tuple[str, int]]:
    """Readings of a normalised token with its proclitics removed, as (stem, prefix length), longest stem first.

    و/ف (and), then ب/ل/ك (in, to, like); ``لل`` is ل + ال with the alef dropped (للمدينة → المدينة).
    Stems shorter than two letters are not offered.
    """
    out: list[tuple[str, int]] = [(token, 0)]
    seen = {token}

    def add(stem: str, n: int) -> None:
        if len(stem) >= 2 and stem not in seen:
            seen.add(stem)
            out.append((stem, n))

    bases = [(token, 0)]
    if token[:1] in PROCLITICS_CONJ:
        bases.append((token[1:], 1))
    for base, n in bases:
        add(base, n)
        head = base[:1]
        if head in PROCLITICS_PREP:
            rest = base[1:]
            if head == "ل" and rest.startswith("ل"):
                add("ا" + rest, n + 1)
            add(rest, n + 1)
    return out


def raw_offset(raw: str, n_normalized: int) -> int:
    """Index in ``raw`` after its first ``n_normalized`` normalised characters (skipping marks and tatweel)."""
    count = 0
    for i, ch in enumerate(raw):
        if count == n_normalized:
            return i
        if ch.translate(_TABLE):
            count += 1
    return len(raw)


class Token(NamedTuple):
    """One word of a text (``WORD_RE``): character offsets, the word as written and its normalised form."""

    start: int
    end: int
    raw: str
    norm: str


_new_token = tuple.__new__  # Token(...) without the Python-level __new__ of a NamedTuple: words are many
#: The word patterns as one group, for ``re.split``: words at the odd places, the gaps between them at the even.
_WORD_SPLIT = re.compile(f"({WORD_RE.pattern})")
_PLAIN_WORD_SPLIT = re.compile(f"({_W})")  # the same words in a text without invisibles (most), ~2× faster


def tokens(text: str) -> list[Token]:
    """Every word of ``text`` with offsets and normalised form: tokenise once, match many times.

    Split rather than ``finditer``: the offsets are running sums of the pieces' lengths, and no Python frame
    runs per word (tokenising was a sixth of extraction time, most of it a match object and two calls a word).
    """
    parts = (_WORD_SPLIT if _HAS_INVISIBLE.search(text) else _PLAIN_WORD_SPLIT).split(text)
    ends = list(accumulate(map(len, parts)))
    words = parts[1::2]
    fields = zip(ends[:-1:2], ends[1::2], words, map(normalize_token, words), strict=True)
    return list(map(_new_token, repeat(Token), fields))
