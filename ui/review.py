"""The review loop's logic without streamlit: which events an analyst should look at first, and which fields a
filled-in review form actually changes (so a save never records a field the analyst did not touch)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from events.models import Event

#: Below this extractor confidence an event goes to the front of the review queue.
LOW_CONFIDENCE = 0.5

#: Fields of the review form, compared with the event to find what changed.
FORM_FIELDS = ("event_type", "sub_event_type", "actor1", "actor2", "event_date", "fatalities")


def review_reasons(ev: Event) -> list[str]:
    """Why an event needs a look: ``no_date``, ``conflicting_sources`` (outlets disagree on the toll),
    ``low_confidence``; empty when nothing stands out."""
    reasons = []
    if not ev.event_date:
        reasons.append("no_date")
    if ev.fatalities_note:
        reasons.append("conflicting_sources")
    if ev.confidence < LOW_CONFIDENCE:
        reasons.append("low_confidence")
    return reasons


def review_queue(events: Iterable[Event], reviewed: Iterable[str] = ()) -> list[Event]:
    """Events in review order: not yet reviewed before reviewed, those with a reason first (more reasons
    first), then lowest confidence; ties keep the newest first."""
    done = set(reviewed)
    evs = sorted(events, key=lambda e: e.event_date or "", reverse=True)
    return sorted(evs, key=lambda e: (e.event_id in done, -len(review_reasons(e)), round(e.confidence, 3)))


def next_in_queue(queue: Sequence[Event], current: str, reviewed: Iterable[str] = ()) -> str | None:
    """The id of the first not-yet-reviewed event after ``current`` (wrapping round), or None when all are done."""
    done = set(reviewed) | {current}
    ids = [e.event_id for e in queue]
    start = ids.index(current) + 1 if current in ids else 0
    for i in ids[start:] + ids[:start]:
        if i not in done:
            return i
    return None


def form_changes(ev: Event, values: Mapping[str, Any], place_id: str | None = None) -> dict:
    """The corrections a review form asks for: only the fields whose value differs from the event's, and
    ``place_id`` only when a new place was chosen for this very event."""
    changes: dict = {}
    if place_id and place_id != ev.place_id:
        changes["place_id"] = place_id
    for key in FORM_FIELDS:
        if key not in values:
            continue
        value = values[key]
        if key == "event_date" and isinstance(value, date):
            value = value.isoformat()
        if key == "fatalities":
            value = int(value or 0)
        if key in ("actor1", "actor2"):
            value = value or None
        if value != getattr(ev, key):
            changes[key] = value
    return changes


def describe_changes(changes: Mapping[str, object]) -> str:
    """One line for a correction in the history: "fatalities → 4 · place → Zawiya" (resolved place names kept)."""
    parts = []
    for key, value in sorted(changes.items()):
        if key in ("location_ar", "admin1", "lat", "lon", "geo_precision", "time_precision"):
            continue
        if key == "place_id":
            key, value = "place", changes.get("location") or value
        elif key == "location":
            continue
        parts.append(f"{key} → {'—' if value is None else value}")
    return " · ".join(parts)


def reviewed_count(queue: Sequence[Event], reviewed: Iterable[str]) -> int:
    """How many of the queue's events an analyst has accepted, corrected or rejected."""
    done = set(reviewed)
    return sum(1 for e in queue if e.event_id in done)
