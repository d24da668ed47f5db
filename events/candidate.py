"""The typed records the extraction stages read and fill: an article's context, a sentence's, a candidate event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from gazetteer import Mention

from .lexicon import Actor, Hit, Modality, Trigger
from .text import Span

if TYPE_CHECKING:
    from .dates import DateInfo
    from .factuality import TimeRef
    from .numbers import FatalityInfo


@dataclass(slots=True)
class Candidate:
    """One event while the article is analysed; each stage fills its fields (mutable until frozen into an Event).

    ``hit`` is the deciding trigger in sentence offsets, ``trigger`` the same span in article offsets.
    """

    start: int
    end: int
    event_type: str
    sub_event_type: str
    weight: float
    hit: Hit[Trigger]
    trigger: Span
    clause: Span | None
    mention: Mention | None = None
    inherited: bool = False  # the place carried over from the previous sentence
    governed: bool = False  # the place sits in the trigger's clause with a preposition or relation
    dated: bool = False  # a date expression of the sentence gives the day
    date: dt.date | None = None
    time_precision: int = 2
    actor1: str | None = None
    actor2: str | None = None
    guessed: frozenset[str] = frozenset()  # parties not read in the text: a front's sides, the article's usual foe
    fatalities: int = 0
    evidence: list[tuple[int, int]] = field(default_factory=list)
    confidence: float = 0.0
    place_key: str = ""  # tells apart the events of one sentence and type (several places or days) in event ids
    toll_span: tuple[int, int] | None = None  # one of a sentence's acts on days of their own: where its toll is read
    news: Candidate | None = None  # the article's dated incident this undated act goes on with (same place, paragraph)


_UNREAD = object()


@dataclass(slots=True)
class Sentence:
    """What the stages read about one sentence; hits, dates and clause offsets of ``modal`` are sentence-relative,
    mentions and clauses are in article offsets. The death toll is read the first time a stage asks for it."""

    span: Span
    clauses: list[Span]
    mentions: list[Mention]
    previous: tuple[int, int]  # the previous sentence's mentions: doc.mentions[previous[0]:previous[1]]
    modal: list[Hit[Modality]]
    dates: list[DateInfo]
    refs: list[TimeRef]
    read_fatalities: Callable[[], FatalityInfo | None]  # the sentence's toll, or None
    actor_hits: list[Hit[Actor]]
    dropped: list[Hit[Trigger]] = field(default_factory=list)  # triggers factuality found no report of (relative)
    reach: dict[int, Span] = field(default_factory=dict)  # clause start → the clause and the asides it runs into
    before: Span | None = None  # the sentence before, when in the same paragraph
    prior: Span | None = None  # the sentence before, in any paragraph
    paragraph: tuple[int, int] = (0, 0)  # the mentions of the paragraph's sentences before this one
    _fatalities: object = _UNREAD

    @property
    def fatalities(self) -> FatalityInfo | None:
        if self._fatalities is _UNREAD:
            self._fatalities = self.read_fatalities()
        return cast("FatalityInfo | None", self._fatalities)  # no longer the sentinel: read just above
