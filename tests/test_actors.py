"""Actors and their roles: names read in the article's era, political bodies are no party, unnamed doers."""

import datetime as dt

import pytest

from events import Article, extract
from events.actors import actor_of_era, eras
from events.lexicon import load_actors

ARMY_SHELLS = "قصف الجيش الليبي أمس مواقع المسلحين في مدينة بنغازي"


def actors(text, date):
    return [(e.actor1, e.actor2) for e in extract(Article(text=text, id="a1", date=date))]


@pytest.mark.parametrize(
    ("date", "army"),
    [
        ("2011-04-01", "Military Forces of Libya (1969-2011)"),
        ("2013-06-01", "Military Forces of Libya (2012-2014)"),
        ("2019-06-01", "Libyan National Army (Operation Dignity)"),
    ],
)
def test_the_libyan_army_is_the_army_of_the_articles_time(date, army):
    assert [a1 for a1, _ in actors(ARMY_SHELLS, date)] == [army]


@pytest.mark.parametrize(
    ("date", "force"),
    [
        ("2020-01-15", "Government of National Accord"),
        ("2021-06-15", "Government of National Unity"),  # the name outlived the government: its forces are the GNU's
    ],
)
def test_the_accord_forces_are_named_in_the_articles_era(date, force):
    assert [a1 for a1, _ in actors("سيطرت قوات الوفاق أمس على معسكر اليرموك جنوب طرابلس", date)] == [force]


@pytest.mark.parametrize(
    ("date", "foe", "found"),
    [
        ("2011-08-22", "قوات القذافي", [("NTC rebels", "Military Forces of Libya (1969-2011)")]),  # the NTC's fighters
        ("2014-08-25", "كتائب الزنتان", [("Unidentified Armed Group (Libya)", "Zintan brigades")]),  # not history
    ],
)
def test_the_revolutionaries_are_named_in_the_articles_era(date, foe, found):
    assert actors(f"سيطر الثوار أمس على معسكر اليرموك جنوب طرابلس بعد معارك مع {foe}", date) == found


def test_a_former_regime_named_in_passing_is_no_party():
    text = "قتل جنديان أمس في هجوم على بوابة أمنية في مدينة سرت مسقط رأس معمر القذافي"
    found = actors(text, "2016-03-01")
    assert len(found) == 1
    assert "Military Forces of Libya (1969-2011)" not in found[0]


def test_a_political_body_is_no_party_to_a_battle():
    text = "اندلعت اشتباكات عنيفة أمس بين مسلحين في مدينة سبها وفق بعثة الأمم المتحدة"
    found = actors(text, "2015-07-20")
    assert len(found) == 1 and "UNSMIL" not in found[0]


@pytest.mark.parametrize(
    "speaker",
    ["وزارة الصحة بحكومة الوفاق", "وزارة الصحة في حكومة الوفاق", "مستشفى تابع لحكومة الوفاق"],
)
def test_a_civil_service_of_a_government_counts_the_dead_and_is_no_party(speaker):
    found = actors(f"أعلنت {speaker} أن ثلاثة مزارعين قتلوا أمس في قصف على بلدة قصر بن غشير", "2019-09-02")
    assert len(found) == 1 and "Government of National Accord" not in found[0]


@pytest.mark.parametrize("that", ["أنها", "بأنها"])
def test_a_force_that_speaks_of_its_own_strike_is_its_doer(that):
    found = actors(f"أفادت قوات الوفاق {that} قصفت أمس مواقع في بلدة قصر بن غشير", "2019-09-02")
    assert found[0][0] == "Government of National Accord"


def test_a_taking_that_names_no_taker_gives_the_ground_to_the_side_its_type_says():
    text = "زار قائد الجيش الوطني الليبي مدينة بنغازي أمس.\nوقال وزير أجنبي الجمعة إن التحرير الكامل لمدينة درنة خطوة مهمة."
    assert actors(text, "2018-06-30") == [
        ("Libyan National Army (Operation Dignity)", "Derna Mujahideen Shura Council")
    ]


def test_a_taking_that_names_no_taker_on_a_front_of_two_states_is_the_counterparts():
    """Tarhuna was the LNA's base on the Tripoli front until June 2020: forces nobody names that take it are the GNA's."""
    assert actors("سيطرت القوات أمس على مدينة ترهونة بعد معارك قصيرة.", "2020-06-05") == [
        ("Government of National Accord", "Libyan National Army (Operation Dignity)")
    ]


@pytest.mark.parametrize(
    ("text", "council"),
    [
        ("اشتبكت قوات المجلس العسكري لمدينة غريان أمس مع مسلحين قرب بلدة الأصابعة", "Gharyan Military Council"),
        ("اشتبكت قوات مجلس غريان العسكري أمس مع مسلحين قرب بلدة الأصابعة", "Gharyan Military Council"),
        ("اشتبكت قوات المجلس العسكري مصراتة أمس مع مسلحين قرب بلدة الأصابعة", "Misrata brigades"),  # the table's
    ],
)
def test_a_towns_military_council_is_an_actor_of_its_own(text, council):
    assert actors(text, "2016-02-23")[0][0] == council


def test_unnamed_kidnappers_are_an_unidentified_armed_group():
    found = actors("اختطف ثلاثة مواطنين أمس من منازلهم في منطقة جنزور", "2015-03-11")
    assert found == [("Unidentified Armed Group (Libya)", "Civilians (Libya)")]


def test_an_unnamed_aircraft_is_an_unidentified_military():
    found = actors("استهدفت غارة جوية أمس موقعا في منطقة السدادة", "2018-04-21")
    assert [a1 for a1, _ in found] == ["Unidentified Military Forces"]


@pytest.mark.parametrize(
    "text",
    [
        "قصفت طائرة حربية أمس تجمعا لمسلحين مجهولين في منطقة المنشية بمدينة سبها",
        "قال مسؤول إن طائرتين حربيتين قصفتا أمس معسكرا لكتيبة وهي إحدى الجماعات المسلحة في مدينة أوباري",
    ],
)
def test_unnamed_gunmen_in_an_air_strike_were_struck_not_flying(text):
    assert actors(text, "2015-03-09") == [("Unidentified Military Forces", "Unidentified Armed Group (Libya)")]


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("قصفت طائرة مسيرة أمس مواقع لقوات الوفاق في منطقة الوشكة", "Government of National Accord"),
        ("استهدفت طائرة مسيرة أمس تجمعا لقوات الوفاق في منطقة الوشكة", "Government of National Accord"),
        (
            "قصفت طائرة حربية أمس معسكرا لمجلس شورى ثوار بنغازي في منطقة قنفودة",
            "Benghazi Revolutionaries Shura Council",
        ),
    ],
)
def test_the_party_whose_site_an_aircraft_hit_is_the_target(text, target):
    assert [a2 for _, a2 in actors(text, "2016-03-09")] == [target]


@pytest.mark.parametrize(
    ("text", "date", "doer"),
    [
        (
            "قصفت طائرات حربية أمس مواقع في منطقة الصابري بمدينة بنغازي",
            "2016-03-09",
            "Libyan National Army (Operation Dignity)",
        ),
        (
            "شنت طائرات حربية أمس غارات على مواقع في مدينة درنة",
            "2018-05-09",
            "Libyan National Army (Operation Dignity)",
        ),
        ("شنت مقاتلات مصرية أمس غارات على مواقع في مدينة درنة", "2017-05-27", "Military Forces of Egypt"),
        ("قصفت طائرات حربية أمس مواقع في مدينة سرت", "2016-03-09", "Unidentified Military Forces"),  # no such front
        ("قصفت طائرات حربية أمس مواقع في منطقة الصابري بمدينة بنغازي", "2019-03-09", "Unidentified Military Forces"),
    ],
)
def test_an_unnamed_aircraft_on_a_front_is_the_camp_that_flew_there(text, date, doer):
    assert [a1 for a1, _ in actors(text, date)] == [doer]


def test_every_era_names_a_known_actor_and_ends_after_it_starts():
    known = {a.actor for a in load_actors()}
    for name, era in eras().items():
        assert name in known and (era.earlier is None or era.earlier in known)
        assert era.later is None or era.later in known
        assert era.start is None or era.end is None or era.start < era.end


@pytest.mark.parametrize(
    ("published", "meant"),
    [
        (dt.date(2015, 6, 1), "Libyan National Army (Operation Dignity)"),
        (dt.date(2016, 3, 29), "Libyan National Army (Operation Dignity)"),
        (dt.date(2016, 3, 30), "Government of National Accord"),
        (dt.date(2019, 6, 1), "Government of National Accord"),
        (None, "Government of National Accord"),  # undated: its latest bearer
    ],
)
def test_a_name_only_row_always_means_another_actor(published, meant):
    """الحكومة المعترف بها دوليا names the LNA camp's government until the GNA reached Tripoli, the GNA after."""
    name = next(a for a in load_actors() if a.actor == "Internationally recognised government (era name)")
    got = actor_of_era(name, published)
    assert got is not None and got.actor == meant


def test_an_actor_outside_any_era_table_row_is_kept():
    tebu = next(a for a in load_actors() if a.actor == "Tebu militia")
    assert actor_of_era(tebu, dt.date(2012, 1, 1)) is tebu


def test_between_names_both_parties():
    found = actors("قال مسؤول إن المسلحين سقطوا في اشتباكات عنيفة أمس بين التبو والطوارق في مدينة سبها", "2015-07-23")
    assert found == [("Tebu militia", "Tuareg militia")]


def test_the_agent_of_a_passive_acted_and_the_subject_was_attacked():
    found = actors("تعرضت قوات الجيش الوطني الليبي أمس لهجوم من قبل تنظيم داعش في مدينة درنة", "2018-05-20")
    assert found == [("Islamic State (Libya)", "Libyan National Army (Operation Dignity)")]


def test_what_follows_against_was_attacked():
    found = actors("قالت قوات الوفاق إن تنظيم داعش شن أمس هجوما ضد قوات الوفاق في مدينة سرت", "2016-08-20")
    assert found == [("Islamic State (Libya)", "Government of National Accord")]


@pytest.mark.parametrize(
    "text",
    [
        "استهدفت طائرة مسيرة تركية أمس تجمعا لقوات الجيش الوطني في قاعدة الوطية الجوية",
        "قصفت طائرة مسيرة تركية أمس مواقع قوات الجيش الوطني في قاعدة الوطية الجوية",
    ],
)
def test_the_state_whose_drone_struck_acted(text):
    assert actors(text, "2020-05-10") == [("Military Forces of Turkey", "Libyan National Army (Operation Dignity)")]


@pytest.mark.parametrize(
    "text",
    [
        "أعلن الجيش الوطني الليبي إسقاط طائرة تركية مسيرة فوق قاعدة الوطية الجوية أمس",
        "أسقطت قوات الجيش الوطني أمس طائرة مسيرة تركية قرب قاعدة الوطية الجوية",
    ],
)
def test_the_state_whose_drone_was_shot_down_is_the_other_party(text):
    assert actors(text, "2020-05-10") == [("Libyan National Army (Operation Dignity)", "Military Forces of Turkey")]


@pytest.mark.parametrize(
    ("claim", "doer"),
    [
        ("وتبنى تنظيم داعش الهجوم في بيان", "Islamic State (Libya)"),
        ("وأعلن تنظيم داعش مسؤوليته عن التفجير", "Islamic State (Libya)"),
        ("ولم تتبن أي جهة الهجوم حتى الآن", "Unidentified Armed Group (Libya)"),  # no claim
    ],
)
def test_a_group_that_claims_an_attack_did_it(claim, doer):
    text = f"انفجرت سيارة مفخخة أمس عند بوابة أمنية في مدينة زليتن ما أسفر عن مقتل 5 أشخاص. {claim}"
    assert [a1 for a1, _ in actors(text, "2016-01-08")] == [doer]


@pytest.mark.parametrize(
    ("blame", "doer"),
    [  # the accused, named after the accuser, is the doer as reported; the accuser is not
        (
            "واتهمت حكومة الوفاق قوات حفتر بالوقوف وراء القصف، فيما لم يعلق الجيش.",
            "Libyan National Army (Operation Dignity)",
        ),
        ("وحمل المجلس البلدي قوات حفتر مسؤولية القصف.", "Libyan National Army (Operation Dignity)"),
        ("واتهم المجلس البلدي مسلحين من ورشفانة بالوقوف وراء القصف.", "Warshefana militia"),  # a group of no camp
        ("ولم يتهم المجلس البلدي أي طرف بالوقوف وراء القصف.", "Unidentified Armed Group (Libya)"),
    ],
)
def test_a_party_accused_of_an_act_told_before_is_its_doer(blame, doer):
    text = f"قتل ثلاثة مدنيين مساء الأحد في قصف صاروخي على منازل في منطقة عين زارة جنوب طرابلس. {blame}"
    assert actors(text, "2019-09-02") == [(doer, "Civilians (Libya)")]


def test_a_party_that_denies_responsibility_is_not_the_doer():
    text = "نفت كتيبة ثوار طرابلس مسؤوليتها عن قصف استهدف مدرسة في حي الأندلس بطرابلس أمس"
    assert actors(text, "2019-06-13") == [("Unidentified Armed Group (Libya)", "Civilians (Libya)")]


def test_two_militias_of_one_camp_can_fight_each_other():
    assert actors("هاجمت كتيبة ثوار طرابلس أمس مقرا لقوة الردع في منطقة سوق الجمعة", "2018-01-01") == [
        ("Tripoli Revolutionaries Brigade", "Rada Special Deterrence Force")
    ]


def test_a_doer_never_faces_itself_when_two_reports_of_one_battle_merge():
    text = (
        "سيطرت قوات الجيش الوطني الليبي الجمعة على منطقة قنفودة. وقالت مصادر إن اشتباكات اندلعت فجر الجمعة "
        "في قنفودة وأسفرت عن مقتل ثلاثة من عناصر الجيش الوطني الليبي."
    )
    assert actors(text, "2019-03-09") == [
        ("Libyan National Army (Operation Dignity)", "Unidentified Armed Group (Libya)")
    ]


def test_the_forces_named_with_the_trigger_took_the_town():
    assert actors("ودخلت قوات الجيش الوطني أمس مدينة سرت", "2020-01-06") == [
        ("Libyan National Army (Operation Dignity)", None)
    ]


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("نظم أهالي مدينة الزاوية أمس وقفة احتجاجية أمام مقر المجلس البلدي", "Protesters (Libya)"),
        ("تظاهر مواطنون أمس في مدينة الزاوية احتجاجا على انقطاع الكهرباء", "Protesters (Libya)"),
    ],
)
def test_the_people_who_protest_are_protesters(text, who):
    assert [a1 for a1, _ in actors(text, "2020-09-05")] == [who]


@pytest.mark.parametrize(
    ("text", "expected"),
    [  # an angry crowd is rioters: what it storms and burns is one violent demonstration, whom it kills mob violence
        (
            "هاجم حشد غاضب أمس مركزا للشرطة في مدينة الزاوية وأحرقوه",
            [("Violent demonstration", "Rioters (Libya)", "Police Forces of Libya")],
        ),
        ("قتل رجل أمس على يد حشد غاضب في مدينة سبها", [("Mob violence", "Rioters (Libya)", "Civilians (Libya)")]),
    ],
)
def test_an_angry_crowd_riots(text, expected):
    got = extract(Article(text=text, id="a1", date="2019-06-13"))
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in got] == expected


def test_protesters_who_burn_a_building_riot():
    got = extract(Article(text="أحرق محتجون أمس مقر الحكومة في مدينة البيضاء", id="a1", date="2020-09-13"))
    assert [(e.sub_event_type, e.location, e.actor1) for e in got] == [
        ("Violent demonstration", "Al Bayda", "Rioters (Libya)")
    ]
    got = extract(Article(text="أقدم مسلحون أمس على حرق منازل في مدينة ترهونة", id="a1", date="2020-09-13"))
    assert [e.sub_event_type for e in got] == ["Looting/property destruction"]


def test_people_held_by_unnamed_gunmen_are_abducted_not_arrested():
    found = extract(Article(text="واحتجز مسلحون أمس عددا من الموظفين في مدينة طرابلس", id="a", date="2018-09-10"))
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in found] == [
        ("Abduction/forced disappearance", "Unidentified Armed Group (Libya)", "Civilians (Libya)")
    ]
    found = extract(Article(text="واعتقلت قوة الردع أمس عددا من المطلوبين في مدينة طرابلس", id="b", date="2018-09-10"))
    assert [e.sub_event_type for e in found] == ["Arrests"]


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("شنت مقاتلات مصرية أمس غارات جوية على مواقع المسلحين في مدينة درنة", "Military Forces of Egypt"),
        ("قصفت طائرات حربية فرنسية أمس مواقع المسلحين في مدينة سرت", "Military Forces of France"),
        ("وقصفت الطائرات الإماراتية أمس مواقع في مدينة غريان", "Military Forces of the United Arab Emirates"),
        ("شنت قوات أميركية أمس غارة جوية على مواقع للمتشددين في مدينة أوباري", "Military Forces of the United States"),
    ],
)
def test_a_states_aircraft_are_its_military(text, state):
    assert [a1 for a1, _ in actors(text, "2019-06-20")] == [state]


@pytest.mark.parametrize(
    "text",
    [
        "هاجم مسلحون يعتقد أنهم من تنظيم داعش أمس حقل المبروك النفطي",
        "هاجم مسلحون تابعون لتنظيم داعش أمس حقل المبروك النفطي",
    ],
)
def test_gunmen_tied_to_a_group_are_that_group_not_its_foe(text):
    assert actors(text, "2015-02-05") == [("Islamic State (Libya)", None)]


@pytest.mark.parametrize(
    ("text", "victims"),
    [
        ("اختطف مسلحون أربعة عمال إيطاليين أمس قرب مدينة صبراتة", "Civilians (Italy)"),
        ("أعلنت الخارجية اختطاف سبعة مواطنين مصريين في مدينة سرت أمس", "Civilians (Egypt)"),
        ("اغتال مسلحون أمس عاملا مصريا في مدينة سرت", "Civilians (Egypt)"),
        ("اختطف مسلحون أمس الصيادين التونسيين قرب ميناء زوارة", "Civilians (Tunisia)"),
        ("اختطف مسلحون أمس عمالا أتراكا قرب مدينة أوباري", "Civilians (Turkey)"),  # a broken plural's accusative
        ("قتل 12 مهاجرا في غارة جوية على مركز احتجاز في تاجوراء أمس", "Migrants"),  # the accusative after a count
    ],
)
def test_victims_are_civilians_of_their_nationality(text, victims):
    assert [a2 for _, a2 in actors(text, "2015-07-21")] == [victims]


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        ("قتل مهاجرون أفارقة أمس في هجوم مسلح على مركز إيواء في تاجوراء", "Attack"),  # an attack on unarmed people
        ("هاجم مسلحون أمس المدنيين في سوق مدينة سبها", "Attack"),
        ("قتل مدنيون أمس في اشتباكات عنيفة بين التبو والطوارق في مدينة سبها", "Armed clash"),  # killed in fighting
        ("اقتحم مسلحون أمس مستشفى في مدينة بنغازي وأطلقوا النار على الطاقم الطبي", "Attack"),  # unnamed, unarmed
        ("قتل المواطن خالد عمران أمس برصاص مسلحين في مدينة سبها", "Attack"),  # "the citizen": a civilian
    ],
)
def test_an_armed_attack_on_unarmed_people_is_violence_against_civilians(text, sub):
    assert [e.sub_event_type for e in extract(Article(text=text, id="a", date="2019-07-03"))] == [sub]


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        # the party whose men the toll counts was hit, not the doer
        (
            "قتل 3 من عناصر قوات الردع أمس في هجوم مسلح على مقرهم في طرابلس",
            ("Unidentified Armed Group (Libya)", "Rada Special Deterrence Force"),
        ),
        (
            "قتل الجيش الوطني 5 من مسلحي داعش أمس في اشتباكات في مدينة سرت",
            ("Libyan National Army (Operation Dignity)", "Islamic State (Libya)"),
        ),
        (  # a member "in" a group (قيادي في تنظيم داعش) is its man too
            "قتل قيادي في تنظيم داعش أمس في غارة جوية على مدينة سرت",
            ("Unidentified Military Forces", "Islamic State (Libya)"),
        ),
        (  # "one of" its men
            "أسفر الهجوم المسلح على البوابة أمس عن مقتل أحد أفراد قوات الردع في طرابلس",
            ("Unidentified Armed Group (Libya)", "Rada Special Deterrence Force"),
        ),
    ],
)
def test_the_party_whose_dead_are_counted_was_attacked(text, roles):
    assert actors(text, "2016-06-10") == [roles]


# Fronts (actor_fronts.tsv): on a city's front, its militants are coded as the coalition that held it.
BRSC = "Benghazi Revolutionaries Shura Council"
DMSC = "Derna Mujahideen Shura Council"
LNA = "Libyan National Army (Operation Dignity)"
CLASH_WITH_MILITANTS = (
    "اندلعت أمس اشتباكات عنيفة بين قوات الجيش الوطني الليبي ومسلحين متشددين في منطقة قنفودة غرب بنغازي"
)


def test_militants_on_a_front_are_the_coalition_that_held_it():
    assert [set(a) for a in actors(CLASH_WITH_MILITANTS, "2016-03-10")] == [{LNA, BRSC}]


def test_the_same_words_outside_the_fronts_years_stay_unnamed():
    found = actors(CLASH_WITH_MILITANTS, "2019-03-10")
    assert len(found) == 1 and BRSC not in found[0]


def test_a_member_group_named_on_a_front_is_the_coalition():
    text = "فجّر عناصر تنظيم القاعدة أمس سيارة مفخخة في مدينة درنة"
    assert actors(text, "2018-05-20") == [(DMSC, None)]


def test_a_party_missing_from_a_report_of_the_front_is_the_coalition():
    text = "سيطرت قوات الجيش الوطني الليبي أمس على حي المغار في مدينة درنة"
    assert actors(text, "2018-06-20") == [(LNA, DMSC)]


def test_a_front_does_not_reach_another_city():
    text = "اندلعت أمس اشتباكات عنيفة بين قوات الجيش الوطني الليبي ومسلحين متشددين في مدينة سبها"
    found = actors(text, "2016-03-10")
    assert len(found) == 1 and BRSC not in found[0] and DMSC not in found[0]


@pytest.mark.parametrize(
    ("text", "date", "found"),
    [
        (
            "قتل ثلاثة من عناصر تنظيم داعش أمس في المعارك الدائرة في مدينة سرت",
            "2016-08-10",
            ("Government of National Accord", "Islamic State (Libya)"),
        ),
        (
            "قتل عنصران من مجلس شورى ثوار بنغازي أمس في اشتباكات في منطقة قنفودة",
            "2016-08-10",
            ("Libyan National Army (Operation Dignity)", "Benghazi Revolutionaries Shura Council"),
        ),
        (  # after the front closed: nobody to read the other side as
            "قتل ثلاثة من عناصر تنظيم داعش أمس في المعارك الدائرة في مدينة سرت",
            "2018-08-10",
            ("Unidentified Armed Group (Libya)", "Islamic State (Libya)"),
        ),
    ],
)
def test_the_coalition_of_a_front_alone_faced_the_camp_that_fought_it_there(text, date, found):
    assert actors(text, date) == [found]


@pytest.mark.parametrize(
    ("text", "date", "found"),
    [
        (  # the war for Tripoli (2019-2020): the capital's defenders were the GNA's
            "قتل عنصران من مرتزقة فاغنر أمس في اشتباكات بمحور صلاح الدين جنوب طرابلس",
            "2019-11-20",
            {"Government of National Accord", "Wagner Group"},
        ),
        (  # and Tarhuna, the offensive's base south-east of it, was the LNA's
            "قتل ثلاثة مسلحين أمس في اشتباكات مع قوات الوفاق قرب مدينة ترهونة",
            "2020-01-15",
            {LNA, "Government of National Accord"},
        ),
        (  # before the war: no front there
            "قتل ثلاثة مسلحين أمس في اشتباكات مع قوات الوفاق قرب مدينة ترهونة",
            "2018-01-15",
            {"Unidentified Armed Group (Libya)", "Government of National Accord"},
        ),
    ],
)
def test_the_war_for_tripoli_has_its_fronts(text, date, found):
    assert [set(a) for a in actors(text, date)] == [found]


@pytest.mark.parametrize(
    ("text", "date", "found"),
    [
        (
            "اندلعت اشتباكات عنيفة أمس في منطقة عين زارة جنوب طرابلس",
            "2019-09-18",
            {"Government of National Accord", LNA},
        ),
        ("تجددت الاشتباكات أمس في منطقة قنفودة غرب بنغازي", "2016-03-10", {BRSC, LNA}),
        ("تجددت الاشتباكات أمس في منطقة قنفودة غرب بنغازي", "2019-03-10", {"Unidentified Armed Group (Libya)"}),
        ("اندلعت اشتباكات عنيفة أمس في مدينة سبها", "2016-03-10", {"Unidentified Armed Group (Libya)"}),
        (  # the 7th Brigade's attack on the capital's south, August 2018 - January 2019
            "تجددت الاشتباكات أمس في منطقة صلاح الدين جنوب طرابلس",
            "2018-09-21",
            {"Government of National Accord", "Al-Kaniyat (7th Brigade)"},
        ),
        ("تجددت الاشتباكات أمس في منطقة صلاح الدين جنوب طرابلس", "2018-07-21", {"Unidentified Armed Group (Libya)"}),
    ],
)
def test_fighting_on_a_front_that_names_no_party_is_between_the_coalition_and_its_counterpart(text, date, found):
    assert [set(a) - {None} for a in actors(text, date)] == [found]


@pytest.mark.parametrize(
    ("date", "found"),
    [
        ("2018-09-05", ("Government of National Accord", "Al-Kaniyat (7th Brigade)")),  # the 2018 clashes' sides
        ("2019-09-18", ("Government of National Accord", LNA)),  # the war for Tripoli's
        ("2018-06-05", ("UNSMIL", None)),  # no front then: the mission that announced it is all that is named
    ],
)
def test_a_truce_on_a_front_that_names_no_fighter_is_between_its_camps(date, found):
    assert actors("أعلنت البعثة الأممية أمس هدنة بين الأطراف المتقاتلة جنوب طرابلس.", date) == [found]


@pytest.mark.parametrize(
    ("place", "date", "found"),
    [
        ("مدينة درنة", "2018-06-12", (DMSC, LNA)),  # a rebel camp against a force that flies: the rebels' bomb
        ("مدينة سبها", "2018-06-12", ("Unidentified Armed Group (Libya)", None)),  # no front there
        ("منطقة عين زارة", "2019-09-12", ("Unidentified Armed Group (Libya)", None)),  # two camps that both fly
    ],
)
def test_a_bomb_that_names_no_party_on_a_front_is_the_rebel_camps(place, date, found):
    assert actors(f"قتل جنديان أمس في تفجير انتحاري في {place}.", date) == [found]


def test_a_suicide_bombing_is_never_a_state_forces():
    """The army named first and the militants after it, by the front's name: the militants sent the bomber."""
    text = "قالت مصادر عسكرية إن وحدات الجيش الوطني واصلت زحفها في درنة أمس، فيما لجأ المتشددون إلى هجوم انتحاري على إحدى نقاطها."
    assert actors(text, "2018-06-12") == [(DMSC, LNA)]


def test_every_front_names_known_actors_and_a_gazetteer_place():
    from events.actors import fronts
    from gazetteer import load

    known = {a.actor for a in load_actors()}
    rows = fronts()
    assert rows
    for f in rows:
        assert load().get(f.place_id) is not None
        assert f.actor in known and f.members <= known and f.start < f.end


@pytest.mark.parametrize(
    "text",
    [
        "قتل ثلاثة أشخاص أمس بقذائف سقطت على حي سكني في مدينة بنغازي",
        "انفجرت سيارة مفخخة أمس قرب منازل المواطنين في مدينة سبها",
    ],
)
def test_the_unnamed_victims_of_a_blast_among_homes_are_civilians(text):
    assert [a2 for _, a2 in actors(text, "2016-10-05")] == ["Civilians (Libya)"]


def test_a_blast_that_names_its_target_keeps_it():
    text = "انفجرت سيارة مفخخة أمس عند بوابة لقوات الجيش الليبي في مدينة أجدابيا"
    assert [a2 for _, a2 in actors(text, "2018-03-29")] != ["Civilians (Libya)"]


def test_the_people_killed_at_a_military_site_are_not_called_civilians():
    text = "شن الطيران المسير غارة جوية على قاعدة الوطية صباح اليوم، ما أسفر عن مقتل 5 أشخاص"
    assert [a2 for _, a2 in actors(text, "2020-05-18")] != ["Civilians (Libya)"]


@pytest.mark.parametrize(
    "text",
    [
        "سقطت أمس قذائف أطلقت من مواقع تابعة لقوات حفتر على منازل في منطقة أبوسليم في طرابلس ما أدى إلى مقتل مدنيين",
        # the source told in the next sentence, the headline's unnamed doer giving way to it
        "قتلى في قصف على حي سكني في طرابلس\nقتل ثلاثة مدنيين أمس في قصف استهدف حيا سكنيا في منطقة أبوسليم بطرابلس. "
        "وقال شهود إن القصف جاء من مواقع تتمركز فيها قوات حفتر جنوب العاصمة.",
        "قتل ثلاثة مدنيين أمس في قصف استهدف حيا سكنيا في منطقة أبوسليم بطرابلس. وقال شهود إنه انطلقت الصواريخ "
        "من مناطق تسيطر عليها قوات حفتر.",
    ],
)
def test_fire_that_came_from_a_partys_positions_is_that_partys(text):
    assert actors(text, "2019-08-10") == [("Libyan National Army (Operation Dignity)", "Civilians (Libya)")]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "وبينما يواصل تنظيم داعش هجماته في مدينة سرت، سيطرت قوات الجيش الوطني الليبي أمس على ميناء السدرة",
            ("Libyan National Army (Operation Dignity)", "Islamic State (Libya)"),
        ),
        (
            "قالت مصادر إن تنظيم داعش يتحصن في سرت، وقصفت طائرات الوفاق أمس مواقعه في المدينة",
            ("Government of National Accord", "Islamic State (Libya)"),
        ),
        (  # the subject before the verb in its own clause keeps the party after it as the target
            "قالت مصادر في سرت إن قوات الوفاق قصفت أمس مواقع تنظيم داعش في المدينة",
            ("Government of National Accord", "Islamic State (Libya)"),
        ),
    ],
)
def test_the_subject_right_after_a_verb_acted_not_a_party_of_the_clause_before(text, found):
    assert actors(text, "2018-06-18") == [found]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "قصفت الطائرات أمس مواقع في مدينة أوباري، التي يتحصن فيها تنظيم داعش",
            ("Unidentified Military Forces", "Islamic State (Libya)"),
        ),
        (
            "قال البنتاغون إن تنظيم داعش فقد قائده في ليبيا في غارة جوية نفذتها طائرات أمريكية أمس على مدينة سرت",
            ("Military Forces of the United States", "Islamic State (Libya)"),
        ),
    ],
)
def test_a_group_that_never_flew_was_struck_by_an_air_strike(text, found):
    assert actors(text, "2018-06-18") == [found]


@pytest.mark.parametrize(
    "partner",
    [
        "بالتنسيق مع حكومة الوفاق",
        "بالتعاون مع قوات الوفاق",
        "بدعم من حكومة الوفاق",
        "وبمساندة حكومة الوفاق",
    ],
)
def test_a_partner_of_the_doer_is_not_its_target(partner):
    """ "X struck a site in coordination with / with the support of Y": Y is on X's side (ACLED's associate), not hit."""
    found = actors(f"قصفت القوات الأمريكية أمس موقعا في ضواحي مدينة سرت {partner}", "2016-09-20")
    assert len(found) == 1
    assert found[0][0] == "Military Forces of the United States"
    assert "Government of National Accord" not in found[0]


def test_a_government_described_as_backed_by_a_body_keeps_its_own_role():
    text = "اشتبكت قوات حكومة الوفاق المدعومة من الأمم المتحدة أمس مع مسلحين جنوب مدينة سرت"
    found = actors(text, "2016-09-20")
    assert len(found) == 1
    assert found[0][0] == "Government of National Accord" and "UNSMIL" not in found[0]


@pytest.mark.parametrize("group", ["مجموعة مسلحة تابعة لحكومة الوفاق", "الجماعات المسلحة الموالية لحكومة الوفاق"])
def test_armed_groups_tied_to_a_named_side_are_that_side(group):
    found = actors(f"اشتبكت {group} أمس مع قوات الجيش الوطني الليبي في منطقة عين زارة", "2019-06-18")
    assert found == [("Government of National Accord", "Libyan National Army (Operation Dignity)")]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("أسقطت الدفاعات الجوية أمس طائرة مسيرة تركية في سماء مدينة مصراتة", (None, "Military Forces of Turkey")),
        (
            "أعلن الجيش الوطني الليبي أمس إسقاط طائرة مسيرة تابعة لقوات الوفاق قرب مدينة ترهونة",
            ("Libyan National Army (Operation Dignity)", "Government of National Accord"),
        ),
        (
            "أسقطت قوات الوفاق أمس طائرة مسيرة إماراتية جنوب مدينة غريان",
            ("Government of National Accord", "Military Forces of the United Arab Emirates"),
        ),
    ],
)
def test_the_owner_of_a_downed_aircraft_was_hit_not_the_shooter(text, found):
    """ "أسقطت الدفاعات طائرة مسيرة تركية": the aircraft's owner, named after it, is the target of the shoot-down."""
    assert actors(text, "2020-04-14") == [found]


GNA = "Government of National Accord"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (  # an article that calls Haftar's forces militias is written in the GNA's camp: its "Libyan army" is the GNA's
            "نفذ الطيران الحربي التابع للجيش الليبي أمس 4 غارات على تمركزات لمليشيات حفتر في منطقة الوشكة غرب سرت",
            (GNA, LNA),
        ),
        (
            "قال المتحدث باسم الجيش الليبي إن قواته سيطرت أمس على بلدة الشويرف بعد طرد مليشيات المتمرد حفتر منها",
            (GNA, LNA),
        ),
        (  # without such words the Libyan army of those years is Haftar's
            "نفذ الطيران الحربي التابع للجيش الليبي أمس 4 غارات على تمركزات للميليشيات في منطقة الوشكة غرب سرت",
            (LNA, None),
        ),
    ],
)
def test_the_libyan_army_of_an_article_that_calls_haftars_forces_militias_is_the_gnas(text, found):
    assert actors(text, "2020-06-10") == [found]


@pytest.mark.parametrize(
    "text",
    [
        "سقطت قذائف أمس على سوق شعبي في منطقة أبوسليم",
        "قتل ثلاثة أمس في قصف استهدف مركز إيواء للنازحين في منطقة الفلاح بطرابلس",
    ],
)
def test_a_market_or_a_shelter_hit_makes_its_unnamed_victims_civilians(text):
    assert [a2 for _, a2 in actors(text, "2019-09-18")] == ["Civilians (Libya)"]


def test_a_government_named_only_as_the_owner_of_a_civil_service_is_nobodys_opponent():
    """Not the sentence's party, and not the article's main foe either, that a target left unnamed falls back to."""
    found = actors("أعلنت وزارة الصحة بحكومة الوفاق أن القصف طال أمس منطقة قصر بن غشير", "2019-09-18")
    assert len(found) == 1 and GNA not in found[0]


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        (
            "أطلقت قوات الأمن أمس الرصاص الحي على متظاهرين في مدينة الزاوية فقتلت اثنين منهم",
            "Excessive force against protesters",
        ),
        ("فرقت الشرطة أمس بالغاز المسيل للدموع محتجين أغلقوا الطريق في مدينة طرابلس", "Protest with intervention"),
    ],
)
def test_the_force_that_met_a_crowd_named_after_it_is_the_crowds_other_party(text, sub):
    """The force comes first and the crowd after it: both are parties, the crowd once."""
    found = extract(Article(text=text, id="a1", date="2017-05-10"))
    assert [(e.sub_event_type, {e.actor1, e.actor2}) for e in found] == [
        (sub, {"Police Forces of Libya", "Protesters (Libya)"})
    ]


@pytest.mark.parametrize(
    "victims",
    ["موظفان في شركة نفطية", "صحفيان", "ثلاثة مسعفين", "عمال في مزرعة"],
)
def test_unarmed_people_named_by_their_work_are_civilians_and_an_armed_assault_on_them_an_attack(victims):
    found = extract(Article(text=f"قتل {victims} أمس في هجوم مسلح في مدينة سبها", id="a1", date="2018-09-11"))
    assert [(e.sub_event_type, e.actor2) for e in found] == [("Attack", "Civilians (Libya)")]


def test_weapons_found_hit_no_civilians_named_beside_them():
    text = "فككت قوات الوفاق أمس ألغاما زرعها التنظيم في حي الجيزة البحرية بمدينة سرت ليعود إليه الأهالي"
    assert actors(text, "2017-02-02") == [("Government of National Accord", None)]


def test_the_police_named_with_another_countrys_adjective_is_that_countrys():
    from events.actors import of_another_state
    from events.lexicon import load_lexicon

    text = "قالت وزارة الداخلية التونسية والشرطة المصرية والشرطة الليبية إنها تتعاون"
    hits = of_another_state(text, load_lexicon().find_actors(text))
    assert [(h.surface, h.item.actor) for h in hits] == [
        ("وزارة الداخلية التونسية", "Police Forces of Tunisia"),
        ("الشرطة المصرية", "Police Forces of Egypt"),
        ("الشرطة الليبية", "Police Forces of Libya"),
    ]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("أعلنت وزارة الداخلية التونسية أمس القبض على 3 مهربين عند معبر رأس جدير", []),  # on Tunisia's side
        (
            "اعتقلت الشرطة أمس خمسة مهربين قرب معبر رأس جدير",
            [("Arrests", "Ras Ajdir border crossing", "Police Forces of Libya")],
        ),
    ],
)
def test_a_foreign_police_acts_on_its_own_side_of_a_border_crossing(text, found):
    events = extract(Article(text=text, id="b1", date="2016-03-10"))
    assert [(e.sub_event_type, e.location, e.actor1) for e in events] == found
