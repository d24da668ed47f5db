"""The command line without friction (#12 §4): summaries, known filter values with suggestions, normal file
permissions, nothing on stdout before an error, plain "no such file", and ``export -o -``.

Commands run in-process through ``cli.events.main`` / ``cli.gazetteer.main`` (the same entry points as
``python -m events`` / ``python -m gazetteer``), on the shipped sample articles.
"""

from __future__ import annotations

import json
import os
import re
import stat

import pytest

from tests.common import ROOT, SAMPLES

ARTICLE = {
    "id": "cli-1",
    "date": "2020-04-20",
    "source": "Test desk",
    "text": "استهدفت طائrة مسيرة رتلاً عسكرياً قرب مدينة ترهونة صباح الاثنين ما أسفر عن مقتل أربعة عناصر.".replace(
        "ئr", "ئر"
    ),
}


def events_cli(*argv: str) -> int:
    from cli.events import main

    return main(list(argv))


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    if not SAMPLES.exists():
        pytest.skip(f"sample articles not found at {SAMPLES}")
    db = tmp_path_factory.mktemp("cli") / "events.sqlite"
    assert events_cli("ingest", str(SAMPLES), "--db", str(db), "--no-progress") == 0
    return str(db)


@pytest.fixture
def umask022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def _jsonl(tmp_path, *records: str) -> str:
    path = tmp_path / "in.jsonl"
    path.write_text("".join(r + "\n" for r in records), encoding="utf-8")
    return str(path)


def test_readme_command_line_uses_the_venv():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Command line") : readme.index("### The store")]
    commands = re.findall(r"^(\S.*?-m (?:events|gazetteer)\b.*)$", section, flags=re.M)
    assert commands and all(c.startswith(".venv/bin/python -m ") for c in commands), commands
    assert "source .venv/bin/activate" in section


@pytest.mark.parametrize("suffix", [".geojson", ".jsonl", ".csv"])
def test_extract_to_a_file_says_what_it_wrote_with_normal_permissions(tmp_path, capsys, umask022, suffix):
    src = _jsonl(
        tmp_path, json.dumps(ARTICLE, ensure_ascii=False), json.dumps({**ARTICLE, "id": "cli-2"}, ensure_ascii=False)
    )
    out = tmp_path / f"out{suffix}"
    assert events_cli("extract", src, "-o", str(out)) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    if suffix == ".geojson":
        n = len(json.loads(out.read_text(encoding="utf-8"))["features"])
    elif suffix == ".jsonl":
        n = sum(len(json.loads(line)["events"]) for line in out.read_text(encoding="utf-8").splitlines())
    else:
        n = len(out.read_text(encoding="utf-8").strip().splitlines()) - 1
    assert n >= 2
    assert captured.err.strip() == f"{n} events from 2 articles → {out}"
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_export_file_has_normal_permissions(sample_db, tmp_path, capsys, umask022):
    out = tmp_path / "all.geojson"
    assert events_cli("export", "--db", sample_db, "-o", str(out)) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


@pytest.mark.parametrize(
    "option, typo, suggestion",
    [
        ("--type", "Battle", "Battles"),
        ("--type", "protests", "Protests"),
        ("--sub-type", "Air strike", "Air/drone strike"),
        ("--actor", "Libyan National Army", "Libyan National Army (Operation Dignity)"),
    ],
)
def test_export_filters_take_known_values_and_suggest_one(sample_db, tmp_path, capsys, option, typo, suggestion):
    out = tmp_path / "x.geojson"
    assert events_cli("export", "--db", sample_db, option, typo, "-o", str(out)) == 2
    err = capsys.readouterr().err
    assert (
        err == f"error: {option} {typo!r} is not a known "
        f"{ {'--type': 'event type', '--sub-type': 'sub-event type', '--actor': 'actor'}[option] }; "
        f"did you mean {suggestion!r}?\n"
    )
    assert not out.exists()
    # the suggested value is accepted and finds events
    assert events_cli("export", "--db", sample_db, option, suggestion, "-o", str(out)) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["features"]


def test_unknown_value_without_a_close_one_lists_the_known(sample_db, tmp_path, capsys):
    assert events_cli("export", "--db", sample_db, "--type", "Picnic", "-o", str(tmp_path / "x.csv")) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --type 'Picnic' is not a known event type (known: Battles, ")


@pytest.mark.parametrize("argv", [("extract",), ("extract", "--skip-bad")])
def test_bad_record_leaves_stdout_empty_unless_skipped(tmp_path, capsys, argv):
    good = json.dumps(ARTICLE, ensure_ascii=False)
    src = _jsonl(tmp_path, good, good.replace("cli-1", "cli-2"), '{"id": "broken", "text": ')
    code = events_cli(*argv[:1], src, *argv[1:])
    captured = capsys.readouterr()
    if "--skip-bad" in argv:
        assert code == 0 and len(captured.out.splitlines()) == 2
        assert f"{src}:3" in captured.err
    else:
        assert code == 2
        assert captured.out == ""
        assert captured.err == f"error: {src}:3: malformed JSON (Expecting value at column 26)\n"


@pytest.mark.parametrize("argv", [("events", "extract"), ("events", "ingest"), ("gazetteer", "tag")])
def test_missing_input_is_no_such_file(tmp_path, capsys, argv, monkeypatch):
    from cli.gazetteer import main as gazetteer_cli

    monkeypatch.setenv("LEM_HOME", str(tmp_path))
    missing = str(tmp_path / "nope.jsonl")
    run = events_cli if argv[0] == "events" else lambda *a: gazetteer_cli(list(a))
    assert run(argv[1], missing) == 2
    captured = capsys.readouterr()
    assert captured.err == f"error: no such file: {missing}\n"
    assert captured.out == ""


def test_export_writes_to_stdout(sample_db, tmp_path, capsys):
    out = tmp_path / "b.geojson"
    assert events_cli("export", "--db", sample_db, "--type", "Battles", "-o", str(out)) == 0
    capsys.readouterr()
    assert events_cli("export", "--db", sample_db, "--type", "Battles", "-o", "-") == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out) == json.loads(out.read_text(encoding="utf-8"))
    n = len(json.loads(captured.out)["features"])
    assert n > 0 and captured.err == f"{n} events written to standard output (geojson)\n"
    assert events_cli("export", "--db", sample_db, "--type", "Battles", "-o", "-", "--format", "csv") == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == n + 1
    assert events_cli("export", "--db", sample_db, "-o", "-", "--format", "gpkg") == 2
