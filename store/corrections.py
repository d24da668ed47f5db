"""Analysts' corrections of merged events: which fields may change, checking a change, applying them in order,
and the one-line notes exports carry. Pure functions; the store (``store.db``) keeps them in its tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from events.models import EVENT_TYPES, Event

from .errors import StoreError

#: Fields an analyst may correct (``place_id`` moves the event to another gazetteer place).
CORRECTABLE = frozenset(
    {"place_id", "event_type", "sub_event_type", "actor1", "actor2", "event_date", "fatalities", "rejected"}
)


def validate_changes(changes: dict[str, Any]) -> dict[str, Any]:
    """Check corrections and resolve a new ``place_id`` to its gazetteer values (stored with the correction)."""
    unknown = set(changes) - CORRECTABLE
    if unknown:
        raise StoreError(f"cannot correct {', '.join(sorted(unknown))}; correctable: {', '.join(sorted(CORRECTABLE))}")
    if not changes:
        raise StoreError("no change given")
    out: dict[str, Any] = {}
    for key, value in changes.items():
        if key == "place_id":
            import gazetteer

            place = gazetteer.load().get(value) if value else None
            if place is None:
                raise StoreError(f"unknown gazetteer place {value!r}")
            out.update(
                place_id=place.place_id,
                location=place.name_en,
                location_ar=place.name_ar,
                admin1=place.admin1,
                lat=place.lat,
                lon=place.lon,
                geo_precision=1,
            )
        elif key == "event_type":
            if value not in EVENT_TYPES:
                raise StoreError(f"unknown event type {value!r}")
            out[key] = value
        elif key == "event_date":
            if value is not None:
                try:
                    value = dt.date.fromisoformat(str(value)).isoformat()
                except ValueError:
                    raise StoreError(f"event_date {value!r} is not YYYY-MM-DD") from None
            out.update(event_date=value, time_precision=1)
        elif key == "fatalities":
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise StoreError(f"fatalities must be a non-negative integer, not {value!r}")
            out["fatalities"] = value
        elif key == "rejected":
            out[key] = bool(value)
        else:
            if value is not None and not isinstance(value, str):
                raise StoreError(f"{key} must be text or None")
            if key == "sub_event_type" and not value:
                raise StoreError("sub_event_type cannot be empty")
            out[key] = value if key == "sub_event_type" else (value or None)
    return out


def apply_corrections(ev: Event, corrections: Sequence[dict[str, Any]]) -> tuple[Event, bool]:
    """The event with the corrections applied in order, and whether it ends rejected."""
    rejected = False
    for c in corrections:
        changes = dict(c["changes"])
        if "rejected" in changes:
            rejected = bool(changes.pop("rejected"))
        if changes:
            ev = replace(ev, **changes)
    return ev, rejected


def correction_note(corrections: Sequence[dict[str, Any]]) -> str | None:
    """One line per correction for exports: "2026-05-01T10:00:00+00:00 amal: fatalities=4, place_id=zawiya"."""
    lines = []
    for c in corrections:
        shown = ", ".join(f"{k}={v}" for k, v in sorted(c["changes"].items()) if k in CORRECTABLE)
        lines.append(f"{c['created_at']} {c['author']}: {shown}" + (f" ({c['note']})" if c.get("note") else ""))
    return "\n".join(lines) or None
