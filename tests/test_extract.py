"""Event extraction on real Arabic text: types, locations, dates, fatalities, merging, the CLI."""

import json
import subprocess
import sys

import pytest

from events import Article, extract
from gazetteer import haversine_km
from tests.common import (
    DISTANCE_REFERENCES,
    DRONE_ORIGIN,
    EMPTY,
    HTML_TEXT,
    INFLECTED_TRIGGERS,
    NO_PLACE,
    ROOT,
    STRIKE_MEANS,
    WEAPONS_SEIZED,
    WEAPONS_TALKED_OF,
)


def art(text, date="2020-05-01", **kw):
    return Article(text=text, id=kw.pop("id", "t1"), date=date, **kw)


def one(text, date="2020-05-01"):
    evs = extract(art(text, date))
    assert len(evs) == 1, [(e.event_type, e.location) for e in evs]
    return evs[0]


def test_no_event_in_empty_or_quiet_text():
    assert extract(art(EMPTY or " ")) == []
    assert extract(art(NO_PLACE)) == []


def test_airstrike_with_place_date_and_toll():
    e = one("شنت طائرة مسيرة تركية فجر الجمعة غارة على قاعدة الوطية الجوية أسفرت عن مقتل 5 جنود", "2020-05-02")
    assert (e.event_type, e.sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")
    assert e.place_id and haversine_km(e.lat, e.lon, 32.4734, 11.8979) < 5
    assert e.event_date == "2020-05-01" and e.time_precision == 1
    assert e.fatalities == 5 and e.geo_precision == 1


@pytest.mark.parametrize(("text", "place"), WEAPONS_SEIZED)
def test_weapons_found_or_seized_are_disrupted_weapons_use(text, place):
    e = one(text)
    assert (e.event_type, e.sub_event_type, e.location) == ("Strategic developments", "Disrupted weapons use", place)


@pytest.mark.parametrize("text", WEAPONS_TALKED_OF)
def test_weapons_talked_of_are_no_event(text):
    assert extract(art(text)) == []


def test_the_same_weapons_used_stay_a_strike():
    e = one("سقط 20 صاروخ غراد أمس على منطقة جنوب مدينة سرت")
    assert (e.sub_event_type, e.location) == ("Shelling/artillery/missile attack", "Sirte")
    e = one("انفجر لغم أرضي أمس قرب بوابة في مدينة بنغازي")
    assert (e.sub_event_type, e.location) == ("Remote explosive/landmine/IED", "Benghazi")


@pytest.mark.parametrize(("text", "sub_type", "place"), INFLECTED_TRIGGERS)
def test_accusative_and_dual_trigger_nouns_report_their_act(text, sub_type, place):
    e = one(text)
    assert (e.sub_event_type, e.location, e.event_date) == (sub_type, place, "2020-04-30")


def test_a_blast_heard_where_an_article_reports_an_air_strike_is_that_strike():
    e = one(
        "أعلن الجيش الأمريكي مقتل مسلحين اثنين في غارة جوية على مدينة أوباري. وقال شهود إن انفجارا كبيرا سمع "
        "منتصف يوم السبت في حي سكني بالمدينة",
        "2018-03-25",
    )
    assert (e.sub_event_type, e.location, e.event_date, e.fatalities) == ("Air/drone strike", "Ubari", "2018-03-24", 2)


@pytest.mark.parametrize(("text", "place"), DISTANCE_REFERENCES)
def test_a_place_far_from_the_spot_locates_it_only_when_nothing_else_does(text, place):
    e = one(text)
    assert (e.location, e.event_date) == (place, "2020-04-30")


def test_an_undated_report_goes_on_with_the_story_of_the_dated_one_before_it():
    lead = "قتل أربعة جنود الأربعاء في تفجير انتحاري في مدينة درنة."
    then = "وفي الأثناء سيطر الجيش على أحياء وسط مدينة درنة."
    before = "قتل ثلاثة مسلحين في اشتباكات مع الجيش في مدينة درنة."
    got = extract(art(f"{lead}\n{then}", "2018-06-21"))
    assert [(e.sub_event_type, e.event_date, e.time_precision) for e in got] == [
        ("Suicide bomb", "2018-06-20", 1),
        ("Government regains territory", "2018-06-20", 2),  # the lead's day, approximately
    ]
    got = extract(art(f"{before}\n{lead}", "2018-06-21"))  # before any dated report: the publication day
    assert [(e.sub_event_type, e.event_date, e.time_precision) for e in got] == [
        ("Armed clash", "2018-06-21", 2),
        ("Suicide bomb", "2018-06-20", 1),
    ]


def test_a_body_found_shot_is_one_attack_not_also_a_clash():
    e = one("عثر على جثة شاب مقتولا بالرصاص في منطقة الهواري ببنغازي صباح اليوم")
    assert (e.sub_event_type, e.location, e.fatalities) == ("Attack", "Al Hawari", 1)


def test_the_date_of_a_dateline_is_the_filing_day_not_the_events():
    text = "طرابلس، 11 مايو 2019 — تظاهر المئات في ميدان الشهداء وسط العاصمة، مساء أمس الجمعة، رفضا للحرب"
    e = one(text, "2019-05-11")
    assert (e.sub_event_type, e.event_date) == ("Peaceful protest", "2019-05-10")


def test_drone_origin_is_not_the_event_place():
    e = one(DRONE_ORIGIN)
    assert e.sub_event_type == "Disrupted weapons use"
    assert e.location != "Misrata"
    assert haversine_km(e.lat, e.lon, 31.3734, 15.5709) < 10


@pytest.mark.parametrize(
    ("text", "struck"),
    [
        ("أطلقت القوات طائرة مسيرة من قاعدة الجفرة لقصف مواقع في مدينة مصراتة أمس", "Misrata"),
        ("أقلعت طائرة مسيرة من الكلية الجوية في مصراتة وقصفت مواقع في الجفرة أمس", "Jufra oases"),  # nor its town
    ],
)
def test_the_base_a_drone_was_launched_from_is_not_where_it_struck(text, struck):
    e = one(text)
    assert (e.sub_event_type, e.location) == ("Air/drone strike", struck)


def test_place_inside_an_actor_name_is_not_the_location():
    e = one("أعلنت قوة عمليات أجدابيا أن قوات الجيش تصدت لهجوم لقوات الوفاق على محور عين زارة أمس")
    assert e.event_type == "Battles" and e.location != "Ajdabiya"
    assert haversine_km(e.lat, e.lon, 32.8133, 13.2697) < 10
    assert e.event_date == "2020-04-30"


@pytest.mark.parametrize(("text", "sub_type"), STRIKE_MEANS)
def test_the_doer_decides_air_or_ground(text, sub_type):
    assert one(text, "2018-05-20").sub_event_type == sub_type


def test_relation_makes_geo_precision_two():
    e = one("قصفت مدفعية الجيش اليوم مواقع المسلحين في ضواحي الجميل")
    assert e.sub_event_type == "Shelling/artillery/missile attack"
    assert e.location_ar and e.geo_precision == 2


@pytest.mark.parametrize(
    "text",
    [
        "دعت بعثة الأمم المتحدة إلى وقف إطلاق النار في طرابلس",
        "هدد المتحدث بقصف مواقع المليشيات في مصراتة إذا لم تنسحب",
        "نفى الجيش شن أي غارة على مدينة سرت أمس",
        "يعتزم الجيش شن هجوم على مدينة غريان الأسبوع المقبل",
    ],
)
def test_calls_threats_denials_and_plans_are_not_events(text):
    assert extract(art(text)) == []


def test_same_incident_twice_becomes_one_event_with_both_evidence():
    text = (
        "استطاعت الدفاعات الجوية صباح اليوم إسقاط طائرة مسيرة في محور الوشكة.\n"
        "كما تمكن الجيش من إسقاط طائرة تركية مسيرة في منطقة الوشكـة شرقي مصراتـة."
    )
    e = one(text)
    assert e.sub_event_type == "Disrupted weapons use"
    assert len(e.evidence_spans) == 2 and "…" in e.evidence


def test_kidnapping_abroad_named_victims_and_dates():
    e = one("اختطف مسلحون مجهولون أربعة عمال أجانب يوم الأحد الماضي بالقرب من مجمع مليتة النفطي بزوارة", "2015-07-23")
    assert e.event_type == "Violence against civilians" and e.sub_event_type == "Abduction/forced disappearance"
    assert e.event_date == "2015-07-19" and e.geo_precision == 2


def test_event_abroad_is_not_placed_in_libya():
    assert extract(art("نجا وزير الداخلية أمس من محاولة اغتيال في تونس خلال زيارة غير معلنة")) == []


def test_html_in_text_is_kept_as_data_not_markup():
    evs = extract(art(HTML_TEXT))
    assert evs and "<script>" in evs[0].evidence  # escaping is the job of whatever renders HTML


def test_event_ids_are_stable():
    a = art("سقطت قذائف هاون اليوم على حي عين زارة وأسفرت عن مقتل مدنيين اثنين")
    assert [e.event_id for e in extract(a)] == [e.event_id for e in extract(a)]


def load_one(path):
    return json.loads(path.read_text(encoding="utf-8").splitlines()[0])


def test_seed_article_events(eval_dev):
    a = load_one(eval_dev / "seed_article.jsonl")
    gold = load_one(eval_dev / "seed_gold.jsonl")
    evs = extract(Article(text=a["text"], id=a["id"], date=a["date"]))
    for g in gold["events"]:
        assert any(
            e.event_type == g["event_type"] and haversine_km(e.lat, e.lon, g["lat"], g["lon"]) <= 25 for e in evs
        ), g["evidence"]
    assert not [e for e in evs if e.location in ("Misrata", "Ajdabiya")]
    washka = [e for e in evs if haversine_km(e.lat, e.lon, 31.3734, 15.5709) <= 10]
    assert len(washka) == 1 and washka[0].sub_event_type == "Disrupted weapons use"


def run(*args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "events", *args], cwd=ROOT, input=stdin, capture_output=True, timeout=300
    )


def test_cli_extract_formats(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps(
            {
                "id": "x",
                "date": "2020-05-01",
                "title": "غارة على الوطية",
                "text": "شنت طائرة مسيرة غارة على قاعدة الوطية الجوية اليوم أسفرت عن مقتل 5 جنود",
            },
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    r = run("extract", str(src))
    assert r.returncode == 0, r.stderr
    rec = json.loads(r.stdout)
    assert rec["doc_id"] == "x" and rec["events"] and rec["places"]
    ev = rec["events"][0]
    for k in (
        "event_id",
        "event_date",
        "time_precision",
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "location",
        "location_ar",
        "admin1",
        "place_id",
        "geo_precision",
        "fatalities",
        "evidence",
        "doc_id",
        "source",
        "url",
        "confidence",
        "lat",
        "lon",
    ):
        assert k in ev
    gj = tmp_path / "out.geojson"
    assert run("extract", str(src), "-o", str(gj)).returncode == 0
    fc = json.loads(gj.read_text(encoding="utf-8"))
    assert fc["type"] == "FeatureCollection" and "crs" not in fc
    lon, lat = fc["features"][0]["geometry"]["coordinates"]
    assert (round(lat, 4), round(lon, 4)) == (round(ev["lat"], 4), round(ev["lon"], 4))
    csv_out = tmp_path / "out.csv"
    assert run("extract", str(src), "-o", str(csv_out)).returncode == 0
    assert csv_out.read_text(encoding="utf-8").splitlines()[0].startswith("event_id_cnty,")


def test_cli_txt_date_from_file_name(tmp_path):
    src = tmp_path / "report-2020-05-01.txt"
    src.write_text("قصفت مدفعية الجيش أمس مواقع في منطقة عين زارة", encoding="utf-8")
    rec = json.loads(run("extract", str(src)).stdout)
    assert rec["events"][0]["event_date"] == "2020-04-30"


@pytest.mark.parametrize(
    "content, problem",
    [
        (b'{"text": "x", "date": "2020-02-30"}\n', "not a real day"),
        (b'{"text": 5}\n', "not a string"),
        (b"[1, 2]\n", "expected a JSON object"),
        (b'{"id": "a", "text": "\xd9"}\n', "UTF-8"),
    ],
)
def test_cli_bad_records(tmp_path, content, problem):
    src = tmp_path / "bad.jsonl"
    src.write_bytes(
        b'{"text": "\xd9\x82\xd8\xb5\xd9\x81 \xd8\xb9\xd9\x84\xd9\x89 \xd8\xb3\xd8\xb1\xd8\xaa"}\n' + content
    )
    out = tmp_path / "out.geojson"
    r = run("extract", str(src), "-o", str(out))
    err = r.stderr.decode()
    assert r.returncode == 2 and "Traceback" not in err and err.count("\n") == 1
    assert f"{src}:2" in err and problem in err
    assert not out.exists() and not list(tmp_path.glob(".out.geojson*"))
    r2 = run("extract", str(src), "--skip-bad")
    assert r2.returncode == 0 and f"{src}:2" in r2.stderr.decode()
    assert len(r2.stdout.decode().splitlines()) == 1


def test_cli_stdin():
    r = run(
        "extract",
        "-",
        stdin=json.dumps({"id": "s", "text": "اشتباكات عنيفة اليوم في منطقة عين زارة"}, ensure_ascii=False).encode(),
    )
    assert r.returncode == 0 and json.loads(r.stdout)["doc_id"] == "s"


def test_cli_evaluate_prints_scores(eval_dev):
    r = run("evaluate", str(eval_dev / "seed_gold.jsonl"), "--articles", str(eval_dev / "seed_article.jsonl"), "--json")
    d = json.loads(r.stdout)
    assert d["articles"] == 1 and d["places"]["gold"] == 11 and d["events"]["gold"] == 5


def test_civilians_are_victims_not_actors():
    e = one("قتل ثلاثة مدنيين جراء سقوط قذائف عشوائية على حي أبوسليم بالعاصمة طرابلس مساء الثلاثاء", "2020-06-05")
    assert e.sub_event_type == "Shelling/artillery/missile attack" and e.location == "Abu Salim"
    assert e.actor1 != "Civilians (Libya)" and e.actor2 == "Civilians (Libya)"
    assert e.fatalities == 3 and e.event_date == "2020-06-02"


def test_protest_gets_protesters_as_actor():
    e = one("خرجت مظاهرة حاشدة في ميدان الشهداء بطرابلس للمطالبة بإسقاط الحكومة")
    assert (e.event_type, e.actor1) == ("Protests", "Protesters (Libya)")


def test_premises_of_a_body_locate_an_attack_but_its_name_alone_does_not():
    e = one("انفجرت سيارة مفخخة أمام مديرية أمن بنغازي مما أدى إلى مقتل 4 أشخاص")
    assert (e.sub_event_type, e.location, e.fatalities) == ("Remote explosive/landmine/IED", "Benghazi", 4)
    assert "Benghazi" not in [p["name"] for p in __import__("events").analyse(art("أمام مديرية أمن بنغازي"))["places"]]


@pytest.mark.parametrize(
    "text, sub",
    [
        ("قال المتحدث إن سلاح الجو قام أمس بتفجير مخزن ذخيرة للمجموعات المسلحة في سرت", "Air/drone strike"),
        ("وفجرت المقاتلات أمس مخزن ذخيرة في سرت", "Air/drone strike"),
        ("قتل شخصان أمس في تفجير استهدف مقرا أمنيا في سرت", "Remote explosive/landmine/IED"),
        ("قتل شخصان أمس في تفجير سيارة مفخخة في سرت بينما حلقت طائرات فوق المدينة", "Remote explosive/landmine/IED"),
        ("فجروا أمس طائرة رابضة في سرت", "Remote explosive/landmine/IED"),  # the aircraft is the target
        (
            "قالت مصلحة الطيران المدني إن التفجير الذي وقع أمس في سرت أدى إلى مقتل شخصين",
            "Remote explosive/landmine/IED",
        ),
    ],
)
def test_a_blast_by_an_aircraft_is_an_air_strike(text, sub):
    e = one(text)
    assert (e.event_type, e.sub_event_type, e.location) == ("Explosions/Remote violence", sub, "Sirte")


def test_deaths_of_others_in_the_next_sentence_add_to_the_incident():
    text = (
        "هاجم مسلحون نقطة تفتيش على مشارف أجدابيا أمس فقتلوا خمسة جنود.\nوقتل جنديان آخران عندما أرسلت الحكومة تعزيزات."
    )
    e = one(text, "2015-08-03")
    assert (e.location, e.fatalities, len(e.evidence_spans)) == ("Ajdabiya", 7, 2)


def test_the_headline_and_lead_of_one_attack_count_its_dead_once_though_others_were_wounded():
    text = (
        "مقتل 4 جنود في هجوم على بوابة جنوب سبها\n"
        "قتل أربعة جنود وأصيب اثنان آخران فجر اليوم في هجوم شنه مسلحون على بوابة أمنية جنوب مدينة سبها."
    )
    e = one(text, "2020-05-05")
    assert (e.location, e.fatalities) == ("Sabha", 4)


def test_event_properties_carry_every_field_but_the_coordinates():
    from dataclasses import fields

    from events.models import Event

    e = Event(event_id="e", event_type="Battles", sub_event_type="Armed clash", evidence_spans=((1, 4),))
    assert set(e.properties()) == {f.name for f in fields(Event)} - {"lat", "lon"}
    assert e.properties()["evidence_spans"] == [[1, 4]] and e.to_dict()["lat"] is None


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("صدر البيان اليوم الجمعة في أعقاب المواجهات التي اندلعت فجر الأربعاء في منطقة قصر بن غشير", "2017-02-22"),
        ("نشرت البعثة مساء اليوم تقريرا عن الاشتباكات التي تدور في منطقة عين زارة منذ أمس الخميس", "2017-02-23"),
    ],
)
def test_a_relative_clause_after_the_act_gives_its_own_day(text, day):
    assert one(text, "2017-02-24").event_date == day


def test_a_bare_targeted_verb_retells_the_attack_beside_it():
    e = one(
        "ذكر مصدر أمني أن الهجوم الذي استهدف أمس بوابة أمنية في مدينة زليتن أسفر عن مقتل ثلاثة شرطيين", "2017-02-24"
    )
    assert (e.sub_event_type, e.location, e.fatalities) == ("Armed clash", "Zliten", 3)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        (
            "أعلنت وزارة الخارجية التونسية أن ثلاثة مهندسين تونسيين خطفوا قرب مدينة الزاوية. وقالت الوزارة في بيان "
            "أصدرته أمس الأحد إنها تتابع القضية مع السلطات الليبية.",
            "2016-03-13",
        ),
        (
            "أعلنت الشركة أن مسلحين اختطفوا اثنين من موظفيها في مدينة أوباري. ونقلت وكالة الأنباء عن مصدر في الشركة "
            "يوم الأحد أن الموظفين كانا في طريقهما إلى حقل الشرارة.",
            "2016-03-13",
        ),
        (  # a new paragraph is other news: the publication day, roughly
            "أعلنت الشركة أن مسلحين اختطفوا اثنين من موظفيها في مدينة أوباري.\nوقالت الوزارة في بيان أصدرته يوم "
            "الأحد إنها تتابع أوضاع العمال الأجانب.",
            "2016-03-15",
        ),
    ],
)
def test_an_undated_statement_takes_its_day_from_the_next_sentence_that_quotes_it(text, day):
    assert one(text, "2016-03-15").event_date == day


def test_an_undated_act_told_with_the_days_incident_is_part_of_that_news():
    lead = "اندلعت أمس اشتباكات عنيفة في مدينة سرت بين قوات البنيان المرصوص وعناصر تنظيم داعش."
    reply = "وقالت مصادر عسكرية إن القوات استخدمت الطائرات لقصف مواقع التنظيم."
    same = extract(art(f"{lead} {reply}", "2016-08-01"))
    assert [(e.sub_event_type, e.location, e.event_date, e.actor1, e.actor2) for e in same] == [
        ("Armed clash", "Sirte", "2016-07-31", "Government of National Accord", "Islamic State (Libya)"),
        ("Air/drone strike", "Sirte", "2016-07-31", "Government of National Accord", "Islamic State (Libya)"),
    ]
    apart = extract(art(f"{lead}\n{reply}", "2016-08-01"))  # another paragraph: no day, no place of its own
    assert [e.sub_event_type for e in apart] == ["Armed clash"]


@pytest.mark.parametrize(
    "text",
    [
        "قصفت قوات حفتر أمس من مواقعها في منطقة قصر بن غشير حي أبوسليم في طرابلس",
        "أطلقت قوات حفتر أمس من مواقعها بقصر بن غشير قذائف على حي أبوسليم في طرابلس",
    ],
)
def test_the_positions_fire_came_from_are_not_where_it_fell(text):
    assert one(text, "2019-08-10").location == "Abu Salim"


@pytest.mark.parametrize(
    ("text", "n"),
    [
        (
            "ويرى ضباط أن ما يحدث في سبها يشبه ما عرفته درنة حين كان مسلحون يغتالون رجال الأمن ويجرون الجنود إلى "
            "حرب شوارع",
            0,
        ),
        ("ويعتقد محللون أن الجماعات المسلحة تخوض حرب شوارع في مدينة الزاوية", 0),
        ("ويرى مراقبون أن الاشتباكات العنيفة في مدينة الزاوية تهدد العاصمة", 0),
        ("وقال مسؤولون عسكريون إن مسلحين اغتالوا أمس ضابطا في الجيش في مدينة سبها", 1),  # a report, not a view
    ],
)
def test_an_assessment_of_how_things_go_is_no_incident(text, n):
    assert len(extract(art(text, "2015-08-07"))) == n


def test_an_act_in_a_relative_clause_is_at_the_place_the_clause_refers_to():
    text = (
        "لم تمنع معارك الجيش في درنة قواته من إخراج المقاتلين من موانئ الهلال النفطي، التي سيطروا عليها الخميس الماضي"
    )
    e = one(text, "2018-06-18")
    assert (e.location, e.event_date) == ("Oil Crescent", "2018-06-14")


@pytest.mark.parametrize(
    "text",
    [
        "شهد محيط مقر المجلس البلدي في مدينة الزاوية أمس إطلاق النار في الهواء من قبل مسلحين",
        "أطلقوا الرصاص في الهواء أمس أمام مقر المجلس البلدي في مدينة الزاوية",
        "وقامت المجموعة المسلحة أمس بإطلاق النار في الهواء عند معبر راس جدير",
    ],
)
def test_shots_into_the_air_attack_nobody(text):
    assert extract(art(text, "2018-06-18")) == []


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        ("قتل شخصان أمس في انفجار استهدف موكب وزير الداخلية في مدينة طرابلس", "Remote explosive/landmine/IED"),
        ("أصيب ثلاثة أشخاص أمس في انفجار استهدف سيارة ضابط في منطقة الهواري ببنغازي", "Remote explosive/landmine/IED"),
        ("قال مصدر إن انفجارا استهدف صباح أمس قائد المنطقة العسكرية في بنغازي", "Remote explosive/landmine/IED"),
        # a blast on an area, or near houses, is still a shell's impact as the table says
        ("قتل شخصان أمس في انفجار استهدف حيا سكنيا في منطقة أبوسليم بطرابلس", "Shelling/artillery/missile attack"),
        ("قتل مدنيان أمس في انفجار قرب منازلهم في حي أبوسليم بطرابلس", "Shelling/artillery/missile attack"),
    ],
)
def test_a_bare_blast_aimed_at_a_vehicle_a_convoy_or_a_post_was_a_bomb(text, sub):
    assert one(text, "2018-06-18").sub_event_type == sub
