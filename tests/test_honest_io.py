"""Issue #11 §4: exports and inputs that don't lie (CSV line breaks and formulas, store URLs, output errors)."""

from __future__ import annotations

import csv
import io
import os
import resource
import signal
import subprocess
import sys

import pytest

import geo
from events.models import Event
from store import StoreError, open_store
from tests.common import ROOT

ARTICLE = '{"text": "قتل 5 أشخاص في غارة جوية على مدينة مصراتة أمس", "date": "2020-05-01"}\n'


def run(module: str, *args, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", module, *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )


# --------------------------------------------------------------------------- CSV

HOSTILE = [
    "a\rb",
    'x\r=HYPERLINK("http://evil")',
    "\r@SUM(1)",
    "c\r\nd",
    "e\u2028f",
    "g\x0bh",
    "-2+3",
    "\t=1",
    "+1",
    "@x",
    "=1",
]


def test_csv_no_field_splits_a_row_or_starts_a_formula():
    evs = [
        Event(
            event_id=f"e{i}",
            event_type="Battles",
            sub_event_type=v,
            actor1=v,
            actor2=v,
            location=v,
            evidence=v,
            source=v,
            url=v,
            doc_id=v,
            fatalities_note=v,
        )
        for i, v in enumerate(HOSTILE)
    ]
    text = geo.csv_text(evs)
    # a spreadsheet ends a row at any CR or LF outside quotes: split like one, count rows
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 1 + len(HOSTILE)
    physical = text.replace("\r\n", "\n").replace("\r", "\n")
    assert "\r" not in text and "\u2028" not in text and "\x0b" not in text
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\n")), row
    # every line break left is inside a quoted cell: outside quotes, each LF ends exactly one record
    assert physical.count("\n") - sum(c.count("\n") for row in rows for c in row) == len(rows)
    # the text is kept (defused with a leading quote, breaks as LF)
    assert rows[1][rows[0].index("notes")] == "a\nb"


# --------------------------------------------------------------------------- store URLs


@pytest.mark.parametrize(
    "value,words",
    [
        ("postgresql:/lem@localhost/events", "needs '://'"),
        ("postgres:relative", "needs '://'"),
        ("mysql://u@h/db", "unsupported store URL scheme 'mysql'"),
        ("nonsense://x", "unsupported store URL scheme"),
    ],
)
def test_a_store_value_with_a_scheme_must_be_a_valid_url(tmp_path, value, words):
    with pytest.raises(StoreError, match=words):
        open_store(value)
    p = run("events", "stats", "--db", value, cwd=tmp_path)
    assert p.returncode == 2 and p.stderr.count("\n") == 1 and words in p.stderr, p.stderr
    p = subprocess.run(
        [sys.executable, "-m", "events", "stats"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT), LEM_DB=value),
        timeout=300,
    )
    assert p.returncode == 2 and words in p.stderr
    assert list(tmp_path.iterdir()) == []  # no local SQLite file was created


def test_a_password_is_never_echoed():
    with pytest.raises(StoreError) as exc:
        open_store("mysql://user:s3cret@host/db")
    assert "s3cret" not in str(exc.value)


# --------------------------------------------------------------------------- -o errors


@pytest.mark.parametrize("module,args", [("events", ["extract"]), ("gazetteer", ["tag"])])
@pytest.mark.parametrize("target", ["folder", "/proc/lem.jsonl", "/proc/lem.geojson"])
def test_output_to_a_folder_or_proc_is_one_line(tmp_path, module, args, target):
    src = tmp_path / "a.jsonl"
    src.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path if target == "folder" else target
    p = run(module, *args, src, "-o", out)
    assert p.returncode == 2 and "Traceback" not in p.stderr
    assert p.stderr.count("\n") == 1 and p.stderr.startswith(f"error: {out}:0: "), p.stderr


@pytest.mark.parametrize("suffix", [".jsonl", ".geojson", ".csv"])
def test_output_to_a_full_disk_is_one_line_and_leaves_nothing(tmp_path, suffix):
    src = tmp_path / "a.jsonl"
    src.write_text(ARTICLE * 50, encoding="utf-8")
    out = tmp_path / "out" / f"events{suffix}"
    out.parent.mkdir()

    def small_disk():  # the file-size limit fails writes with EFBIG, as a full disk fails them with ENOSPC
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))

    p = subprocess.run(
        [sys.executable, "-B", "-m", "events", "extract", str(src), "-o", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=small_disk,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    assert p.returncode == 2 and "Traceback" not in p.stderr, p.stderr
    assert p.stderr.startswith(f"error: {out}:0: cannot write (File too large)")
    assert list(out.parent.iterdir()) == []  # no half-written file, no temporary left
