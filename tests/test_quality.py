"""Quality floors on the development sets (dev/ and train/, never test/), a few points under what we reach.

Each floor is one the extractor fails with one of its stages switched off (``extract(..., disable=...)``), so
that no stage can silently stop working: factuality (dev events), location (events), fatalities (dev
fatalities), date (dates), actors (actors), merge (dev events), types (train events, 0.857 without it).
``confidence`` changes no event here; its own tests (test_pipeline.py) fail when it is off.
"""

import pytest

from events.evaluate import evaluate
from tests.common import EVAL_DEV, EVAL_TRAIN

#: (set, metric, floor). Reached on 2026-12-07 (ninth session): dev events F1 0.973, train 0.884 (sub-type 1.000
#: and 1.000; dev date 0.944, train 0.857; actors 0.901 and 0.899); one event more or less moves a dev share by 5
#: points.
FLOORS = [
    ("dev", "places_f1", 0.96),
    ("train", "places_f1", 0.94),
    ("dev", "events_f1", 0.93),
    ("train", "events_f1", 0.86),
    ("dev", "sub_event_type", 0.94),
    ("train", "sub_event_type", 0.95),
    ("dev", "event_date", 0.88),
    ("train", "event_date", 0.82),
    ("dev", "fatalities", 0.88),
    ("train", "fatalities", 0.93),
    ("dev", "actors_f1", 0.83),
    ("train", "actors_f1", 0.86),
]


def _metrics(folder, gaz):
    if not folder.is_dir():
        pytest.skip(f"evaluation data not found at {folder} (../shared is absent in a user's clone)")
    d = evaluate(folder / "gold.jsonl", folder / "articles.jsonl", gazetteer=gaz).as_dict()
    return {
        "places_f1": d["places"]["f1"],
        "events_f1": d["events"]["f1"],
        "actors_f1": d["actors"]["f1"],
        "sub_event_type": d["sub_event_type_accuracy"],
        "event_date": d["event_date_accuracy"],
        "fatalities": d["fatalities_accuracy"],
    }


@pytest.fixture(scope="module")
def measured(gaz):
    return {"dev": _metrics(EVAL_DEV, gaz), "train": _metrics(EVAL_TRAIN, gaz)}


@pytest.mark.parametrize(("name", "metric", "floor"), FLOORS)
def test_quality_floor(measured, name, metric, floor):
    assert measured[name][metric] >= floor, f"{name} {metric} {measured[name][metric]:.3f} < {floor}"
