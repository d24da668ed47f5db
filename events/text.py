"""Sentence and clause splitting of Arabic/English news text, keeping character offsets."""

from __future__ import annotations

import re
from typing import NamedTuple

# A sentence ends at . ! ? ؟ (not between digits: 5.5) or a line break, also after a number ("… عام 2015. وتوسعت");
# Arabic news often omits the space after ".". The leading look-ahead only lets the regex engine skip quickly to a
# candidate character (3× faster).
_SENT_END = re.compile(r"(?=[.!?؟\n])(?:(?<!\d)[.!?؟]+|[.!?؟]+(?!\d)|\n+)")
_CLAUSE_END = re.compile(r"[،,;؛:]")


class Span(NamedTuple):
    """A sentence or clause: character offsets into the article and its text (a named tuple: many are made)."""

    start: int
    end: int
    text: str


_new_span = tuple.__new__  # Span(...) without the Python-level __new__ of a NamedTuple: spans are many


def _spans(text: str, pattern: re.Pattern[str], start: int = 0, end: int | None = None) -> list[Span]:
    """The pieces of ``text[start:end]`` between the matches of ``pattern``, stripped of spaces (a line break ends
    the piece before it, other separators stay with it); empty pieces are left out."""
    end = len(text) if end is None else end
    cuts: list[tuple[int, int]] = []
    pos = start
    for m in pattern.finditer(text, start, end):
        cuts.append((pos, m.start() if m.group()[:1] == "\n" else m.end()))
        pos = m.end()
    cuts.append((pos, end))
    out: list[Span] = []
    for a, b in cuts:
        piece = text[a:b]
        left = piece.lstrip()
        if left:
            inner = left.rstrip()
            a += len(piece) - len(left)
            out.append(_new_span(Span, (a, a + len(inner), inner)))
    return out


#: A subheading run into the sentence after it (pages that lost its line break): one to four words, none opening with و
#: or ف nor a verb of saying, then a connective that opens a sentence (في المقابل، من جهته، …) or a verb of saying with و
#: (وأضاف).
_HEADING = re.compile(
    r"(?:(?![وف]|(?:قال|قالت|أكد|أكدت|أضاف|أضافت|أوضح|أوضحت|أشار|أشارت|ذكر|ذكرت)\s)[^\s،,.؛:!?؟\"«»()]+\s+){1,4}?"
    r"(?=(?:في المقابل|من جهته|من جهتها|من جهة أخرى|من جهة اخرى|من ناحية أخرى|من ناحيته|في سياق متصل|وفي سياق متصل"
    r"|في الأثناء|وفي الأثناء)\s*[،,]|و(?:قال|أضاف|اضاف|أكد|اكد|أوضح|اوضح|أشار|اشار|تابع|ذكر)(?!\w))"
)


def _headings_apart(spans: list[Span]) -> list[Span]:
    """Sentences that open with a subheading run into them ("معارك الجنوب في المقابل، بدأ الجيش حملة …"): the
    heading becomes a sentence of its own, so its words are not read as the sentence's subject or act."""
    out: list[Span] = []
    for span in spans:
        m = _HEADING.match(span.text)
        if m is None:
            out.append(span)
            continue
        head = m.group().rstrip()
        out.append(_new_span(Span, (span.start, span.start + len(head), head)))
        out.append(_new_span(Span, (span.start + m.end(), span.end, span.text[m.end() :])))
    return out


def sentences(text: str) -> list[Span]:
    """Sentences of ``text`` with offsets into it. An ellipsis inside a quotation (هتف المتظاهرون «الحرية..
    الحرية»، ثم تفرقوا) is a pause in what is quoted, and one in brackets (قال إن "القوات (..) تقدمت") marks words
    left out: neither ends the sentence. A subheading run into its sentence is one apart (``_headings_apart``)."""
    out = _headings_apart(_spans(text, _SENT_END))
    if ".." not in text:
        return out
    merged: list[Span] = []
    for span in out:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and prev.text.endswith("..")
            and _open(prev.text)
            and "\n" not in text[prev.end : span.start]
        ):
            merged[-1] = Span(prev.start, span.end, text[prev.start : span.end])
        else:
            merged.append(span)
    return merged


def clause_pattern(words: list[str]) -> re.Pattern[str]:
    """Clause boundaries: punctuation, plus subordinating words (حيث، بينما، قبل أن، التي…) given as data."""
    alts = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    if not alts:
        return _CLAUSE_END
    firsts = re.escape("".join(sorted({"و", "ف"} | {w[0] for w in words if w})))  # lets the engine skip ahead
    return re.compile(rf"(?=[،,;؛:{firsts}])(?:{_CLAUSE_END.pattern}|(?<=\s)(?=[وف]?(?:{alts})(?:\s|$)))")


def clauses(text: str, sentence: Span, pattern: re.Pattern[str] = _CLAUSE_END) -> list[Span]:
    """Clauses of one sentence (split at ، , ; ؛ : and the boundaries of ``pattern``), offsets into the whole text."""
    return _spans(text, pattern, sentence.start, sentence.end)


def _open(text: str) -> bool:
    """A quotation or a bracket is still open at the end of ``text``."""
    return (
        text.count("«") > text.count("»")
        or text.count("(") > text.count(")")
        or text.count("[") > text.count("]")
        or text.count('"') % 2 == 1
    )
