"""The scorer (CONTRACT §5) on small hand-made gold/prediction pairs with known scores, and its CLI.

Distances: one degree of latitude is 111.19 km on the scorer's sphere (12742 km across), so 0.0045° is
0.50 km, 0.089° is 9.90 km, 0.091° is 10.12 km, 0.22° is 24.46 km and 0.23° is 25.57 km.
"""

import importlib.util
import json

import pytest

from cli.events import main
from events.evaluate import (
    FAMILIES_TSV,
    ActorFamilies,
    Scores,
    format_details,
    format_table,
    greedy,
    km,
    load_families,
    score,
    scores_json,
    total,
)
from tests.common import SHARED

LAT, LON = 32.0, 13.0


def pt(dlat, **kw):
    """A record ``dlat`` degrees north of (32, 13)."""
    return {"lat": LAT + dlat, "lon": LON, **kw}


def place(dlat, name="X", kind="town", in_libya=True, **kw):
    return pt(dlat, surface=name + "-ar", name=name, kind=kind, in_libya=in_libya, **kw)


def gplace(dlat, name="X", kind="town", in_libya=True):
    return pt(dlat, surface=name + "-ar", name_en=name, kind=kind, in_libya=in_libya)


def event(
    dlat, type_="Battles", sub="Armed clash", date="2020-01-01", fatalities=0, actor1=None, actor2=None, location="Here"
):
    return pt(
        dlat,
        event_type=type_,
        sub_event_type=sub,
        event_date=date,
        fatalities=fatalities,
        actor1=actor1,
        actor2=actor2,
        location=location,
    )


def one(gold_places=(), pred_places=(), gold_events=(), pred_events=()) -> Scores:
    gold = {"d1": {"doc_id": "d1", "places": list(gold_places), "events": list(gold_events)}}
    pred = {"d1": {"doc_id": "d1", "places": list(pred_places), "events": list(pred_events)}}
    return score(gold, pred, name="t")


def counts(t):
    return t.tp, t.n_pred, t.n_gold


# ------------------------------------------------------------------------------------------- matching


def test_distances_used_below_are_what_the_docstring_says():
    assert km(pt(0), pt(0.0045)) == pytest.approx(0.50, abs=0.01)
    assert km(pt(0), pt(0.089)) < 10 < km(pt(0), pt(0.091))
    assert km(pt(0), pt(0.22)) < 25 < km(pt(0), pt(0.23))


def test_greedy_takes_the_closest_pair_first_not_the_first_prediction():
    gold = [pt(0.0), pt(0.08)]
    pred = [pt(0.05), pt(0.07)]  # the first prediction is nearer gold 1, but prediction 2 is nearer still
    assert greedy(gold, pred, 10) == [(1, 1), (0, 0)]


def test_greedy_is_not_an_optimal_assignment():
    # P is 8.3 km from B and 9.5 km from A; Q reaches only B. Closest first gives P-B and leaves A and Q alone.
    s = one(gold_places=[gplace(0.0, "A"), gplace(0.16, "B")], pred_places=[place(0.085, "P"), place(0.24, "Q")])
    assert counts(s.places) == (1, 2, 2)


def test_place_limit_is_10_km():
    assert counts(one([gplace(0)], [place(0.089)]).places) == (1, 1, 1)
    assert counts(one([gplace(0)], [place(0.091)]).places) == (0, 1, 1)


def test_event_limit_is_25_km_and_type_must_match():
    assert counts(one(gold_events=[event(0)], pred_events=[event(0.22)]).events) == (1, 1, 1)
    assert counts(one(gold_events=[event(0)], pred_events=[event(0.23)]).events) == (0, 1, 1)
    # Same point, other type: no match; the right type 20 km away is matched instead.
    s = one(gold_events=[event(0)], pred_events=[event(0, type_="Protests", sub="Peaceful protest"), event(0.18)])
    assert counts(s.events) == (1, 2, 1)
    assert s.events.precision == 0.5 and s.events.recall == 1.0 and s.events.f1 == pytest.approx(2 / 3)


def test_vague_and_foreign_places_are_left_out_on_both_sides():
    gold = [
        gplace(0, "Town"),
        gplace(1, "East", kind="region"),
        gplace(-5, "Libya", kind="country"),
        gplace(3, "Egypt", kind="town", in_libya=False),
    ]
    pred = [
        place(0, "Town"),
        place(1, "East", kind="region"),
        place(-5, "Libya", kind="country"),
        place(3, "Egypt", in_libya=False),
        place(2, "Nowhere", in_libya=False),
    ]
    assert counts(one(gold, pred).places) == (1, 1, 1)


def test_places_within_half_a_km_count_once_whatever_their_ids():
    # Gold: two names 0.45 km apart are one point. Predicted: the same place_id three times is one point,
    # and a second place 0.55 km away is a point of its own (an extra, as only one gold point is there).
    gold = [gplace(0, "Old town"), gplace(0.004, "Old market")]
    pred = [
        place(0, "Old town", place_id="a"),
        place(0, "Old town", place_id="a"),
        place(0, "Old town", place_id="a"),
        place(0.005, "Market", place_id="b"),
    ]
    s = one(gold, pred)
    assert counts(s.places) == (1, 2, 1)
    # Points, not ids: two different ids at one spot are one predicted place.
    assert counts(one([gplace(0)], [place(0, place_id="a"), place(0.001, place_id="b")]).places) == (1, 1, 1)


def test_records_without_coordinates_are_not_scored():
    s = one(
        gold_places=[
            gplace(0),
            {"surface": "?", "name_en": "?", "kind": "town", "in_libya": True, "lat": None, "lon": None},
        ],
        pred_places=[place(0), place(0, "Unlocated") | {"lat": None, "lon": None}],
        gold_events=[event(0), event(0) | {"lat": None, "lon": None}],
        pred_events=[event(0), event(0, sub="Attack") | {"lat": None, "lon": None}],
    )
    assert counts(s.places) == (1, 1, 1)
    assert counts(s.events) == (1, 1, 1)


def test_matched_pairs_compare_sub_type_date_and_fatalities():
    gold = [
        event(0, sub="Armed clash", date="2020-01-01", fatalities=3),
        event(1, sub="Armed clash", date="2020-01-02", fatalities=None),
        event(2, sub="Armed clash", date="2020-01-03", fatalities=0),
    ]
    pred = [
        event(0, sub="Attack", date="2020-01-01", fatalities=3),
        event(1, sub="Armed clash", date="2020-01-01", fatalities=0),  # None and 0 are the same toll
        event(2, sub="Armed clash", date="2020-01-03", fatalities=1),
    ]
    s = one(gold_events=gold, pred_events=pred)
    assert (s.pairs, s.same_sub_type, s.same_date, s.same_fatalities) == (3, 2, 2, 2)
    assert s.as_dict()["sub_event_type_accuracy"] == round(2 / 3, 4)


# ------------------------------------------------------------------------------------------- actors


def test_actor_families_first_match_and_unmatched_names():
    f = load_families()
    assert f.family("Libyan National Army (Operation Dignity)") == "lna"
    assert f.family("Haftar forces") == "lna"
    assert f.family("Misrata police") == "police"  # police is listed before misrata: the first match wins
    assert f.family("ISLAMIC STATE (Libya)") == "is"  # case-insensitive
    assert f.family("Some  Local\tGroup") == "some local group"  # no pattern: lower-cased, spaces collapsed


def test_actor_scores_with_alternatives_and_distinct_predicted_families():
    gold = [
        event(0, actor1="Islamic State (Libya) / Ansar al-Sharia", actor2="Civilians (Libya)"),
        event(1, actor1="Tebu militia", actor2=None),
    ]
    pred = [
        event(0, actor1="Ansar al-Sharia", actor2="Misrata Militia"),  # the alternative counts; misrata is extra
        event(1, actor1="Police Forces of Libya", actor2="Police (Tripoli)"),
    ]  # one family, counted once
    s = one(gold_events=gold, pred_events=pred)
    assert counts(s.actors) == (1, 3, 3)
    assert s.actors.precision == pytest.approx(1 / 3) and s.actors.recall == pytest.approx(1 / 3)
    d = s.as_dict()["actors"]
    assert (d["tp"], d["predicted"], d["gold"]) == (1, 3, 3)


def test_actor_without_names_on_either_side():
    s = one(gold_events=[event(0, actor1="Unknown gunmen")], pred_events=[event(0)])
    assert counts(s.actors) == (0, 0, 1) and s.actors.precision == 0.0 and s.actors.f1 == 0.0
    s = one(gold_events=[event(0)], pred_events=[event(0, actor1="Unidentified Armed Group (Libya)")])
    assert counts(s.actors) == (0, 1, 0)


def test_families_table_can_be_replaced(tmp_path):
    tsv = tmp_path / "fam.tsv"
    tsv.write_text("# mine\nfamily\tpattern\nmilitia\tmilitia|brigade\n", encoding="utf-8")
    f = ActorFamilies.read(tsv)
    assert f.family("Tebu militia") == f.family("Tuareg brigade") == "militia"
    gold = {"d": {"doc_id": "d", "events": [event(0, actor1="Tebu militia")]}}
    pred = {"d": {"doc_id": "d", "events": [event(0, actor1="Tuareg brigade")]}}
    assert counts(score(gold, pred, f).actors) == (1, 1, 1)
    assert counts(score(gold, pred, load_families()).actors) == (0, 1, 1)


def test_bad_families_table_names_its_line(tmp_path):
    from base.errors import InputError

    tsv = tmp_path / "fam.tsv"
    tsv.write_text("a\tok\nb\t(unclosed\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"fam\.tsv:2: bad pattern"):
        ActorFamilies.read(tsv)


def test_shipped_family_table_is_the_contract_table():
    spec = SHARED / "spec" / "actor_families.tsv"
    if not spec.exists():
        pytest.skip(f"{spec} not found (../shared is absent in a user's clone); the shipped copy is used as is")
    assert FAMILIES_TSV.read_bytes() == spec.read_bytes()


# ------------------------------------------------------------------------------------------- sets


def test_empty_sets_score_zero_without_dividing_by_zero():
    s = score({}, {}, name="empty")
    assert (s.places.f1, s.events.f1, s.actors.f1, s.share(s.same_date)) == (0.0, 0.0, 0.0, None)
    assert s.as_dict()["event_date_accuracy"] is None
    assert "n/a" in format_table([s])
    s = one()  # an article with nothing on either side
    assert s.articles == 1 and counts(s.places) == counts(s.events) == (0, 0, 0)


def test_missing_article_counts_as_finding_nothing():
    gold = {"a": {"doc_id": "a", "places": [gplace(0)], "events": [event(0)]}}
    s = score(gold, {}, name="m")
    assert s.missing_articles == 1 and counts(s.places) == (0, 0, 1) and counts(s.events) == (0, 0, 1)
    assert "1 gold article(s) without an article text" in format_table([s])


def test_several_sets_pool_their_counts():
    a = one(gold_places=[gplace(0)], pred_places=[place(0), place(1)], gold_events=[event(0)], pred_events=[event(0)])
    a.name = "a"
    b = one(
        gold_places=[gplace(0), gplace(1)],
        pred_places=[place(0)],
        gold_events=[event(0, actor1="Tebu")],
        pred_events=[event(0, actor1="Tebu militia", date="2020-02-02")],
    )
    b.name = "b"
    t = total([a, b])
    assert counts(t.places) == (2, 3, 3) and counts(t.events) == (2, 2, 2) and t.articles == 2
    assert (t.pairs, t.same_date) == (2, 1) and counts(t.actors) == (1, 1, 1)
    table = format_table([a, b]).splitlines()
    assert [r.split()[0] for r in table[2:]] == ["a", "b", "total"]
    assert table[4].split()[1:6] == ["2", "|", "0.667", "0.667", "0.667"]
    d = scores_json([a, b])
    assert list(d) == ["a", "b", "total"] and d["total"]["places"]["tp"] == 2 and d["b"]["actors"]["tp"] == 1
    assert "per_article" not in d["a"] and "per_article" in scores_json([a], verbose=True)


def test_verbose_lists_what_is_missed_extra_and_wrong():
    s = one(
        gold_places=[gplace(0, "Sirte"), gplace(1, "Misrata")],
        pred_places=[place(0, "Sirte"), place(2, "Zliten")],
        gold_events=[
            event(0, date="2020-01-02", fatalities=3, actor1="Islamic State (Libya)", location="Sirte"),
            event(1, type_="Protests", sub="Peaceful protest", location="Misrata"),
        ],
        pred_events=[
            event(0, sub="Attack", fatalities=0, actor1="Unidentified Armed Group (Libya)", location="Sirte"),
            event(2, location="Zliten"),
        ],
    )
    out = format_details(s)
    lines = out.splitlines()
    assert lines[0] == "== t ==" and lines[1].startswith("d1  (places 1/2/2, events 1/2/2")
    assert "  missed place: Misrata-ar / Misrata" in lines
    assert "  extra place:  Zliten-ar / Zliten" in lines
    assert "  missed event: Protests / Peaceful protest at Misrata, 2020-01-01" in lines
    assert "  extra event:  Battles / Armed clash at Zliten, 2020-01-01" in lines
    at = "[Battles at Sirte, 2020-01-02]"
    assert f"  wrong sub-type {at}: gold 'Armed clash', predicted 'Attack'" in lines
    assert f"  wrong date {at}: gold 2020-01-02, predicted 2020-01-01" in lines
    assert f"  wrong fatalities {at}: gold 3, predicted 0" in lines
    assert (
        f"  wrong actors {at}: gold 'Islamic State (Libya)' vs predicted 'Unidentified Armed Group (Libya)' "
        f"(missed 'Islamic State (Libya)'; extra 'Unidentified Armed Group (Libya)')"
    ) in lines
    # An article with nothing wrong is not listed.
    assert format_details(one([gplace(0)], [place(0)])) == "== t =="


# ------------------------------------------------------------------------------------------- CLI

ARTICLE = {"id": "a1", "date": "2020-05-01", "text": "اشتباكات عنيفة اليوم في منطقة عين زارة"}


def eval_folder(root, name, gold_lines):
    d = root / name
    d.mkdir()
    (d / "articles.jsonl").write_text(json.dumps(ARTICLE, ensure_ascii=False) + "\n", encoding="utf-8")
    (d / "gold.jsonl").write_text("".join(line + "\n" for line in gold_lines), encoding="utf-8")
    return d


def test_cli_scores_several_folders_one_row_each(tmp_path, capsys):
    gold = json.dumps({"doc_id": "a1", "places": [], "events": []})
    a, b = eval_folder(tmp_path, "a", [gold]), eval_folder(tmp_path, "b", [gold])
    assert main(["evaluate", str(a), str(b / "gold.jsonl")]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert [r.split()[0] for r in rows[2:]] == ["a", "b", "total"]
    assert main(["evaluate", str(a), str(b), "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert list(d) == ["a", "b", "total"] and d["a"]["articles"] == 1 and d["a"]["events"]["gold"] == 0
    assert {"actors", "missing_articles"} <= set(d["a"])


def test_cli_single_gold_file_with_articles_keeps_its_json_shape(tmp_path, capsys):
    a = eval_folder(tmp_path, "a", [json.dumps({"doc_id": "a1", "places": [], "events": []})])
    (a / "mine.jsonl").write_bytes((a / "articles.jsonl").read_bytes())
    (a / "articles.jsonl").unlink()
    assert main(["evaluate", str(a / "gold.jsonl"), "--articles", str(a / "mine.jsonl"), "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["articles"] == 1 and d["places"]["gold"] == 0 and d["actors"]["gold"] == 0


@pytest.mark.parametrize(
    "bad, where, problem",
    [
        ('{"doc_id": "a2", "places": [', "gold.jsonl:2", "malformed JSON"),
        ('{"doc_id": "a2", "events": {"lat": 1}}', "gold.jsonl:2", "'events' must be a list of objects"),
        ('{"doc_id": "a2", "places": [{"lat": "32", "lon": 13}]}', "gold.jsonl:2", "non-numeric lat/lon"),
        ('{"places": []}', "gold.jsonl:2", "without a 'doc_id'"),
    ],
)
def test_cli_bad_gold_line_is_one_line_and_exit_2(tmp_path, capsys, bad, where, problem):
    a = eval_folder(tmp_path, "a", [json.dumps({"doc_id": "a1"}), bad])
    assert main(["evaluate", str(a)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{where}: " in err and problem in err


def test_cli_folder_without_gold_and_misused_articles(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["evaluate", str(tmp_path / "empty")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no gold.jsonl in this folder" in err
    a = eval_folder(tmp_path, "a", [json.dumps({"doc_id": "a1"})])
    assert main(["evaluate", str(a), str(a), "--articles", str(a / "articles.jsonl")]) == 2
    assert "--articles: only with a single GOLD.jsonl" in capsys.readouterr().err


def test_cli_families_option(tmp_path, capsys):
    tsv = tmp_path / "fam.tsv"
    tsv.write_text("x\t(\n", encoding="utf-8")
    a = eval_folder(tmp_path, "a", [json.dumps({"doc_id": "a1"})])
    assert main(["evaluate", str(a), "--families", str(tsv)]) == 2
    assert "fam.tsv:1: bad pattern" in capsys.readouterr().err


# ------------------------------------------------------------------------------------------- reference


def test_numbers_equal_the_reference_scorer_on_dev(eval_dev):
    path = SHARED / "eval" / "score.py"
    if not path.exists():
        pytest.skip(f"reference scorer not found at {path}")
    spec = importlib.util.spec_from_file_location("reference_score", path)
    ref = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ref)

    from events.extract import analyse
    from events.io import read_articles

    gold = ref.load(eval_dev / "gold.jsonl")
    pred = {a.doc_id: analyse(a) for a in read_articles([eval_dev / "articles.jsonl"])}
    want = ref.score(gold, pred)
    s = score(gold, pred, load_families())
    got = dict(
        place_p=s.places.precision,
        place_r=s.places.recall,
        place_f1=s.places.f1,
        event_p=s.events.precision,
        event_r=s.events.recall,
        event_f1=s.events.f1,
        sub_acc=s.share(s.same_sub_type),
        date_acc=s.share(s.same_date),
        fat_acc=s.share(s.same_fatalities),
        actor_p=s.actors.precision,
        actor_r=s.actors.recall,
        actor_f1=s.actors.f1,
    )
    assert got == {k: want[k] for k in got}
    c = want["counts"]
    assert (counts(s.places), counts(s.events), counts(s.actors)) == (
        (c["ptp"], c["pp"], c["pg"]),
        (c["etp"], c["ep"], c["eg"]),
        (c["atp"], c["ap"], c["ag"]),
    )
    assert (s.same_sub_type, s.same_date, s.same_fatalities, s.missing_articles) == (
        c["sub"],
        c["date"],
        c["fat"],
        c["missing_docs"],
    )
    assert {
        r["doc_id"]: {
            "places": (r["places_tp"], r["places_pred"], r["places_gold"]),
            "events": (r["events_tp"], r["events_pred"], r["events_gold"]),
        }
        for r in s.per_article
    } == want["per_doc"]
