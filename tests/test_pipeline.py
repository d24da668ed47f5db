"""The extraction pipeline stage by stage, on sentences we wrote (each stage's own contribution)."""

import pytest

from events import Article, extract
from events.actors import in_era, of_another_state
from events.extract import STAGES, analyse
from events.lexicon import load_lexicon
from tests.common import KNOWN_ACTOR_NAMES, NO_QUARTERS, UNKNOWN_QUARTERS

LNA = "Libyan National Army (Operation Dignity)"
UNNAMED = "Unidentified Armed Group (Libya)"
TRANSFER = "Non-violent transfer of territory"


def run(text, date="2020-05-01", **kw):
    return extract(Article(text=text, id="p1", date=date), **kw)


def test_stages_are_named_and_checked():
    assert STAGES[0] == "factuality" and STAGES[-1] == "merge"
    with pytest.raises(ValueError, match="unknown stage"):
        run("قتل جنديان أمس في اشتباكات في مدينة سرت", disable=("dates",))


def test_triggers_a_death_on_a_front_is_a_clash():
    events = run("قتل جنديان أمس في محور عين زارة")
    assert [(e.event_type, e.fatalities) for e in events] == [("Battles", 2)]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("أعلنت القوات تدمير 4 مدرعات للمهاجمين في محور الطويشة أمس", ["Armed clash"]),  # a fight's result on a front
        ("دمرت الكتيبة أمس دبابتين في محور الطويشة", ["Armed clash"]),
        ("زار الوزير أمس أسر الضحايا في محور الطويشة", []),  # families, not captives
    ],
)
def test_triggers_a_fights_result_on_a_front_is_a_clash(text, found):
    assert [e.sub_event_type for e in run(text, "2019-09-02")] == found


def test_types_an_attack_in_which_people_were_kidnapped_is_the_kidnapping():
    text = "هاجم مسلحون أمس مقر الشركة في مدينة أوباري وتم خلال الهجوم اختطاف أربعة مهندسين"
    assert [e.sub_event_type for e in run(text)] == ["Abduction/forced disappearance"]


def test_types_a_strike_word_absorbs_the_attack_that_names_it():
    text = "أدى هجوم بسيارة مفخخة أمس عند بوابة أمنية في مدينة سرت إلى مقتل ثلاثة جنود"
    assert [e.sub_event_type for e in run(text)] == ["Remote explosive/landmine/IED"]


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("قتل جنديان أمس في اشتباكات في مدينة سرت", 2),
        ("قتل ثلاثة مدنيين أمس في قصف على حي في مدينة ترهونة", 3),
        ("أصيب خمسة جنود أمس في اشتباكات في مدينة سرت", 0),
    ],
)
def test_fatalities_count_deaths_never_injuries(text, killed):
    assert [e.fatalities for e in run(text)] == [killed]


def test_date_is_the_nearest_time_the_sentence_gives():
    events = run("اندلعت اشتباكات فجر الجمعة في مدينة غريان")
    assert [(e.event_date, e.time_precision) for e in events] == [("2020-05-01", 1)]
    events = run("اندلعت اشتباكات يوم الأربعاء الماضي في مدينة غريان")
    assert [(e.event_date, e.time_precision) for e in events] == [("2020-04-29", 1)]


def test_confidence_ranks_a_dated_report_on_its_own_place_above_a_carried_one():
    text = "قصفت المدفعية أمس مواقع في مدينة ترهونة. وقتل مدني في غارة جوية على المدينة."
    strike, shelling = sorted(run(text), key=lambda e: e.sub_event_type)
    assert strike.location == shelling.location == "Tarhuna"
    assert shelling.confidence > strike.confidence


def test_merge_two_reports_of_one_clash_are_one_event():
    text = "اندلعت اشتباكات عنيفة أمس في مدينة سبها. وتواصلت الاشتباكات أمس في سبها بين مسلحين."
    assert len(run(text)) == 1


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        ("قالت الشرطة إن طائرات مجهولة قصفت أمس مواقع في مدينة سبها.", ("Unidentified Military Forces", None)),
        ("قالت الشرطة إن انفجارا وقع أمس في مدينة سبها.", ("Unidentified Armed Group (Libya)", None)),
        # ... unless the force announces its own act: an arrest or gain with no other doer, a pronoun, its aircraft
        (
            "أعلن الناطق العسكري للجيش الليبي أن المطلوب اعتقل أمس في مدينة درنة.",
            ("Libyan National Army (Operation Dignity)", None),
        ),
        (
            "قالت القيادة الأمريكية في أفريقيا إن غارة جوية قتلت أمس اثنين من المسلحين قرب أوباري.",
            ("Military Forces of the United States", "Unidentified Armed Group (Libya)"),
        ),
    ],
)
def test_actors_the_source_of_a_statement_is_no_party_to_the_act_it_reports(text, parties):
    assert [(e.actor1, e.actor2) for e in run(text, "2017-05-11")] == [parties]


@pytest.mark.parametrize(
    ("text", "toll"),
    [
        ("قتل الجندي الثالث في اشتباكات أمس في مدينة درنة ليصل عدد القتلى منذ بداية المعارك إلى 40.", 1),
        ("قتل خمسة مدنيين في قصف على حي أبو سليم أمس ليرتفع عدد القتلى المدنيين إلى 20.", 5),
    ],
)
def test_fatalities_a_running_total_a_death_brings_the_toll_to_is_not_the_acts(text, toll):
    assert [e.fatalities for e in run(text, "2019-05-10")] == [toll]


@pytest.mark.parametrize(("text", "inside", "event"), KNOWN_ACTOR_NAMES)
def test_location_a_place_inside_a_known_actors_name_is_no_mention(text, inside, event):
    result = analyse(Article(text=text, id="n1", date="2015-06-10"))
    assert inside not in [p["name"] for p in result["places"]]
    assert [(e["sub_event_type"], e["location"]) for e in result["events"]] == [event]


def test_actors_the_dead_caught_in_a_battle_are_no_side_of_it():
    text = "اندلعت اشتباكات في مدينة سبها أمس خلفت عشرات القتلى، بينهم ثلاث نساء وأربعة أطفال."
    assert [(e.sub_event_type, e.actor1, e.actor2, e.fatalities) for e in run(text, "2015-07-25")] == [
        ("Armed clash", "Unidentified Armed Group (Libya)", None, 10)
    ]


def test_actors_civilians_an_agreement_protects_are_no_party_to_it():
    text = "وقع قادة الجماعات المسلحة أمس في طرابلس اتفاقا لوقف إطلاق النار يضمن حماية المدنيين برعاية البعثة الأممية."
    assert [(e.sub_event_type, e.actor2) for e in run(text, "2018-09-05")] == [("Agreement", None)]


@pytest.mark.parametrize("meanwhile", ["فيما تواصل قوات الجيش", "في وقت تواصل فيه قوات الجيش"])
def test_actors_the_party_of_a_clause_of_what_goes_on_meanwhile_is_not_the_doer(meanwhile):
    text = f"قتل ثلاثة أشخاص أمس في انفجار سيارة مفخخة وسط بنغازي، {meanwhile} معارك ضد المتطرفين في حي الصابري."
    blast = [e for e in run(text, "2017-05-10") if e.event_type == "Explosions/Remote violence"]
    assert [(e.actor1, e.actor2, e.fatalities) for e in blast] == [
        ("Unidentified Armed Group (Libya)", "Civilians (Libya)", 3)
    ]


def test_merge_a_clash_between_unnamed_sides_takes_the_sides_another_report_of_it_names():
    text = (
        "اندلعت اشتباكات عنيفة بين قبيلتين في مدينة سبها أمس. وقال عميد البلدية إن الاشتباكات دارت أمس بين مسلحين"
        " من التبو ومسلحين من الطوارق في سبها وأسفرت عن مقتل ستة."
    )
    assert [({e.actor1, e.actor2}, e.fatalities) for e in run(text, "2015-07-22")] == [
        ({"Tebu militia", "Tuareg militia"}, 6)
    ]


def test_merge_sides_guessed_from_a_front_yield_to_those_another_report_of_the_battle_names():
    text = (
        "دارت معارك عنيفة أمس في محور قنفودة غرب بنغازي. وأوضح مصدر طبي أن مسلحين من تنظيم داعش شنوا أمس هجوما"
        " على تمركزات الجيش في قنفودة، ردت عليه وحدات الجيش."
    )  # the front's sides in Benghazi in 2016 were the Shura Council and the army: here the text names IS
    assert [{e.actor1, e.actor2} for e in run(text, "2016-11-25")] == [
        {"Islamic State (Libya)", "Libyan National Army (Operation Dignity)"}
    ]


@pytest.mark.parametrize(
    ("text", "quarter"),
    [
        (
            "اندلعت اشتباكات عنيفة في طرابلس أمس بين كتيبة ثوار طرابلس وقوة الردع. وتركزت الاشتباكات في حي أبو سليم.",
            "أبو سليم",
        ),
        (  # a scene set at the town, then the act at a quarter some kilometres from its centre, that day
            "شهدت العاصمة طرابلس أمس اشتباكات متقطعة. وقتل عنصران من قوة الردع في اشتباكات بمنطقة عين زارة.",
            "عين زارة",
        ),
    ],
)
def test_merge_a_report_at_a_town_and_one_at_its_quarter_are_one_event_at_the_quarter(text, quarter):
    assert [(e.sub_event_type, e.location_ar) for e in run(text)] == [("Armed clash", quarter)]


def test_merge_a_headline_yields_its_parties_to_the_body_that_names_the_doer():
    title = "اختطاف مسؤول محلي في طرابلس انتقد قرار حفتر"  # Haftar: whom the victim criticised, not the doer
    text = "قالت مصادر أمس إن ميليشيات تابعة لحكومة الوفاق اختطفت المسؤول المحلي من منزله بحي أبو سليم في طرابلس."
    events = extract(Article(title=title, text=text, id="p1", date="2019-02-12"))
    assert [(e.location, e.actor1, e.actor2) for e in events] == [
        ("Abu Salim", "Government of National Accord", "Civilians (Libya)")
    ]


@pytest.mark.parametrize(
    ("title", "quarter"),
    [
        ("مقتل مدنيين في قصف على حي سكني جنوب طرابلس", "الفرناج"),  # no day: the news of the day the lead tells
        ("مقتل مدنيين في قصف على طرابلس", "عين زارة"),  # the city, a quarter 12 km from its centre
    ],
)
def test_merge_a_headline_at_a_city_joins_the_bodys_report_at_a_quarter_there(title, quarter):
    text = f"قتل مدنيان مساء الأحد في قصف صاروخي استهدف منازل في منطقة {quarter} جنوب العاصمة طرابلس."
    events = extract(Article(title=title, text=text, id="p1", date="2019-09-02"))
    assert [(e.sub_event_type, e.location_ar, e.event_date) for e in events] == [
        ("Shelling/artillery/missile attack", quarter, "2019-09-01")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "نظم أهالي الضحايا القادمين من مدينة صبراتة، مسيرة سلمية أمس جابت شوارع مدينة بن قردان",
    ],
)
def test_location_an_act_whose_clause_is_set_abroad_is_no_libyan_event(text):
    assert run(text) == []


@pytest.mark.parametrize(
    "abroad",
    [
        "وقتل 10 مسلحين اليوم في مداهمة أمنية في مدينة عنابة شرقي الجزائر.",  # a compass point of a country abroad
        "وأسفرت مداهمة أمنية بمحافظة البحيرة اليوم عن مقتل 10 مسلحين.",  # a unit Libya lacks
    ],
)
def test_location_an_act_set_abroad_takes_no_place_from_the_paragraph(abroad):
    text = f"اعتقل الجيش أمس مطلوبا في مدينة درنة. {abroad}"
    assert [(e.sub_event_type, e.location, e.fatalities) for e in run(text)] == [("Arrests", "Derna", 0)]


def test_location_a_foreign_hometown_does_not_move_a_libyan_clash_abroad():
    text = "قتل أمس تونسيان من مدينة بن قردان، يقاتلان في صفوف تنظيم القاعدة خلال اشتباكات غرب مدينة بنغازي"
    assert [e.location for e in run(text)] == ["Benghazi"]


def test_types_the_device_names_an_assassination_attempt():
    text = "نجا القائد أمس من محاولة اغتيال بسيارة مفخخة في مدينة بنغازي"
    assert [e.sub_event_type for e in run(text)] == ["Remote explosive/landmine/IED"]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("أقفل أنصار الجيش الوطني الليبي أمس ميناء الزويتينة النفطي احتجاجا على مؤتمر برلين", "Zueitina oil terminal"),
        ("أغلق التجار محلاتهم أمس في مدينة سبها تنديدا بالقصف على مدينة مرزق", "Sabha"),
    ],
)
def test_location_what_an_act_done_in_protest_protests_against_is_not_its_place(text, place):
    assert [(e.event_type, e.location) for e in run(text, "2020-01-20")] == [("Protests", place)]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "خرج سكان مدينة الزاوية أمس في مسيرة تطالب بإخراج المليشيات من المدينة",
            [("Peaceful protest", "Zawiya", "Protesters (Libya)", None)],
        ),
        (  # whom a peaceful crowd backs is no party to it
            "نظم أهالي مدينة غريان أمس مسيرة حاشدة تأييدا للجيش",
            [("Peaceful protest", "Gharyan", "Protesters (Libya)", None)],
        ),
        (  # the same word for a drone
            "قصفت طائرة مسيرة أمس مواقع في مدينة غريان",
            [("Air/drone strike", "Gharyan", "Unidentified Military Forces", None)],
        ),
    ],
)
def test_types_a_march_is_a_protest_and_a_drone_is_not(text, found):
    assert [(e.sub_event_type, e.location, e.actor1, e.actor2) for e in run(text, "2020-01-20")] == found


def test_towns_taken_in_one_breath_are_one_event_each():
    events = run("سيطرت قوات الجيش أمس على بلدات الأصابعة وغريان والعزيزية")
    assert [(e.sub_event_type, e.location) for e in events] == [
        ("Government regains territory", "Al Asabaa"),
        ("Government regains territory", "Gharyan"),
        ("Government regains territory", "Al Aziziya"),
    ]
    assert len({e.event_id for e in events}) == 3


def test_towns_a_crowd_filled_at_once_are_one_protest_each():
    events = run("تظاهر مئات الشباب أمس في طرابلس ومصراتة والزاوية احتجاجا على انقطاع الكهرباء")
    assert [(e.sub_event_type, e.location) for e in events] == [
        ("Peaceful protest", "Tripoli"),
        ("Peaceful protest", "Misrata"),
        ("Peaceful protest", "Zawiya"),
    ]


def test_towns_struck_in_one_breath_are_one_strike_each_with_each_towns_own_front():
    events = run("شنت طائرات الجيش الوطني الليبي أمس غارات على مواقع في درنة وأجدابيا", "2016-06-06")
    assert [(e.sub_event_type, e.location, e.actor2) for e in events] == [
        ("Air/drone strike", "Derna", "Derna Mujahideen Shura Council"),
        ("Air/drone strike", "Ajdabiya", "Ajdabiya Revolutionaries Shura Council"),
    ]


def test_a_clash_between_two_towns_is_one_event():
    assert len(run("اندلعت اشتباكات أمس بين قوات من الزنتان وأخرى من مدينة غريان")) == 1


@pytest.mark.parametrize(
    "text",
    [
        "استهدفت غارة جوية أمس شاحنة على الطريق الرابط بين مدينتي غريان والأصابعة",
        "سيطرت القوات أمس على المنطقة الواقعة بين بلدتي غريان والأصابعة",
        "سقطت قذائف أمس على المزارع بين غريان والأصابعة",
    ],
)
def test_a_stretch_between_two_towns_is_one_place_not_two(text):
    """بين أ وب after the act's object names the two ends of one stretch (a road, an area), not two targets."""
    assert [e.location for e in run(text)] == ["Gharyan"]


@pytest.mark.parametrize(
    ("text", "date", "expected"),
    [
        (  # no fighting told: a transfer
            "أعلن الجيش الوطني الليبي أن قوات الوفاق انسحبت أمس من مدينة ترهونة",
            "2020-06-06",
            ("Non-violent transfer of territory", "Tarhuna", LNA, "Government of National Accord"),
        ),
        (  # under fire: the other side takes it in the battle
            "انسحبت قوات الجيش الوطني من مدينة غريان فجر اليوم بعد اشتباكات عنيفة مع قوات الوفاق",
            "2019-06-26",
            ("Government regains territory", "Gharyan", "Government of National Accord", LNA),
        ),
    ],
)
def test_a_withdrawal_hands_the_ground_to_the_other_side(text, date, expected):
    assert [(e.sub_event_type, e.location, e.actor1, e.actor2) for e in run(text, date)] == [expected]


def test_a_withdrawal_under_fire_is_part_of_the_battle():
    events = run("انسحبت القوات أمس من مدينة ترهونة بعد اشتباكات عنيفة", "2020-06-06")
    assert [e.event_type for e in events] == ["Battles"]


def test_withdrawing_from_talks_is_no_event():
    assert run("انسحب الوفد أمس من الحوار في مدينة غدامس", "2020-06-06") == []


def test_location_a_precise_place_in_another_clause_beats_the_country_in_the_triggers_own():
    text = "قالت الوزارة أمس إن أربعة عمال خطفوا في ليبيا، وأضافت أنهم خطفوا قرب مجمع للنفط في منطقة مليتة"
    assert [e.location for e in run(text)] == ["Mellitah oil and gas complex"]


def test_each_act_with_its_own_day_is_its_own_event():
    text = "أعلنت هدنة في مدينة طرابلس يوم الثلاثاء، ثم وقف لإطلاق النار يوم الخميس، لكنه لم يصمد إلا لساعات"
    events = run(text, "2018-09-02")
    assert sorted((e.sub_event_type, e.event_date) for e in events) == [
        ("Agreement", "2018-08-28"),
        ("Agreement", "2018-08-30"),
    ]
    assert len({e.event_id for e in events}) == 2


@pytest.mark.parametrize(
    ("text", "sub_type"),
    [
        ("دخلت قوات الوفاق مدينة ترهونة أمس دون قتال بعد انسحاب القوات الأخرى منها.", TRANSFER),
        ("سيطرت القوات أمس على بلدة الأصابعة دون مقاومة تذكر.", TRANSFER),
        ("سيطرت القوات أمس على بلدة الأصابعة دون أي اشتباك مع حراسها.", TRANSFER),  # the fight word denied
        ("دخلت القوات أمس بلدة الأصابعة بلا قتال، وفق مصادر محلية.", TRANSFER),
        ("دخلت القوات أمس بلدة الأصابعة ودون إراقة دماء.", TRANSFER),
        ("سيطرت القوات أمس على بلدة الأصابعة بعد اشتباكات عنيفة.", "Government regains territory"),
        ("دخلت القوات أمس بلدة الأصابعة دون قتال بعد اشتباكات عنيفة في محيطها.", "Government regains territory"),
    ],
)
def test_ground_taken_with_no_fight_is_a_non_violent_transfer(text, sub_type):
    assert [e.sub_event_type for e in run(text, "2020-06-05")] == [sub_type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("تقدمت القوات أمس نحو مدينة غريان من ثلاثة محاور.", []),  # moving towards a town takes none of it
        ("زحفت القوات أمس باتجاه مدينة غريان.", []),
        ("سيطرت القوات أمس على بلدة الأصابعة في طريقها نحو غريان.", ["Al Asabaa"]),  # the town taken on the way
    ],
)
def test_ground_advanced_towards_is_not_taken(text, expected):
    assert [e.location for e in run(text, "2019-04-10")] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # the driven out are the object of طرد, though their name follows it as a doer's would
            "تمكنت قوات حكومة الوفاق أمس من طرد قوات حفتر من مدينة غريان.",
            [("Government regains territory", "Gharyan", "Government of National Accord", LNA)],
        ),
        (
            "نجح الجيش أمس في طرد مسلحي داعش من بلدة هراوة.",
            [("Government regains territory", "Harawa", LNA, "Islamic State (Libya)")],
        ),
        (  # the verb, its subject between: read across it
            "طردت قوات الجيش أمس مسلحي داعش من بلدة هراوة.",
            [("Government regains territory", "Harawa", LNA, "Islamic State (Libya)")],
        ),
        ("قررت البلدية أمس طرد المهاجرين من مركز الإيواء في مدينة مصراتة.", []),  # no armed men: no ground taken
        ("طردت الحكومة أمس السفير من العاصمة طرابلس.", []),
        ("تحدث القائد أمس في مدينة سرت عن مساعي دحر تنظيم داعش.", []),  # defeat in general: no place taken
    ],
)
def test_driving_armed_men_out_of_a_place_takes_it(text, expected):
    found = [(e.sub_event_type, e.location, e.actor1, e.actor2) for e in run(text, "2019-06-13")]
    assert found == expected


@pytest.mark.parametrize(
    ("text", "sub_type"),
    [
        ("قتل أربعة مهاجرين برصاص مسلحين مجهولين في مدينة أجدابيا أمس.", "Attack"),
        ("قتل ثلاثة مدنيين برصاص مسلحين عند حاجز في مدينة الزاوية أمس.", "Attack"),
        ("قتل جنديان برصاص مسلحين في اشتباكات بمدينة بنغازي أمس.", "Armed clash"),
        ("وقال السكني إن إطلاق النار في مدينة الزاوية أمس أوقع قتيلين.", "Armed clash"),  # a family name, no victims
    ],
)
def test_unarmed_people_shot_by_gunmen_is_an_attack(text, sub_type):
    assert [e.sub_event_type for e in run(text, "2017-03-02")] == [sub_type]


def test_an_assault_on_an_airbase_is_a_battle_whoever_died_there():
    text = "هاجمت قوة مسلحة أمس قاعدة براك الشاطئ الجوية، ما أسفر عن مقتل 141 شخصا بينهم جنود ومدنيون."
    assert [(e.sub_event_type, e.fatalities) for e in run(text, "2017-05-19")] == [("Armed clash", 141)]


@pytest.mark.parametrize(
    "text",
    [
        "تظاهر عشرات الشبان في مدينة بنغازي مساء أمس احتجاجا على تردي الأوضاع أمام مبنى الحكومة المؤقتة.",
        "تظاهر العشرات أمام مقر حكومة الوفاق في طرابلس أمس للمطالبة برواتبهم.",  # nor a party: peaceful is sole action
        "نظم العشرات وقفة احتجاجية أمام مقر البعثة الأممية في طرابلس أمس.",
    ],
)
def test_the_body_a_crowd_protests_at_is_not_the_protester(text):
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in run(text, "2020-09-13")] == [
        ("Peaceful protest", "Protesters (Libya)", None)
    ]


@pytest.mark.parametrize(
    ("forces", "actor"),
    [
        ("قوات الأمن التونسية", "Police Forces of Tunisia"),
        ("قوات الأمن", "Police Forces of Libya"),
        ("قوات أمن تونسية", "Police Forces of Tunisia"),  # indefinite, the adjectives agreeing
        ("أجهزة أمنية ليبية", "Police Forces of Libya"),
    ],
)
def test_security_forces_named_with_a_nationality_are_that_countrys(forces, actor):
    """Named at a crossing, a foreign police acts on its own side: no event in Libya; the Libyan police's is one."""
    events = run(f"اعتقلت {forces} أمس ثلاثة مهربين عند معبر رأس اجدير.", "2015-06-16")
    in_libya = [] if actor != "Police Forces of Libya" else [("Arrests", actor)]
    assert [(e.sub_event_type, e.actor1) for e in events] == in_libya
    hits = of_another_state(f"قالت {forces} إن", in_era(load_lexicon().find_actors(f"قالت {forces} إن"), None))
    assert [h.item.actor for h in hits] == [actor]


@pytest.mark.parametrize(
    "raid",
    ["غارة جوية أمريكية", "غارات أمريكية", "قصف جوي أمريكي"],
)
def test_a_raid_named_with_a_states_adjective_is_that_states(raid):
    (e,) = run(f"قتل قيادي في تنظيم داعش في {raid} استهدفت منزلا قرب مدينة صبراتة أمس.", "2016-02-20")
    assert (e.sub_event_type, e.actor1, e.actor2) == (
        "Air/drone strike",
        "Military Forces of the United States",
        "Islamic State (Libya)",
    )


@pytest.mark.parametrize(
    ("text", "kind", "victims"),
    [
        ("اختطف مسلحون أمس أربعة إيطاليين قرب مجمع مليتة غرب ليبيا.", "Abduction/forced disappearance", "Italy"),
        ("اختطف مسلحون أمس 10 تونسيين في مدينة الزاوية.", "Abduction/forced disappearance", "Tunisia"),
        ("قتل 21 مصريا في هجوم مسلح على مزرعة في مدينة سرت أمس.", "Attack", "Egypt"),
        ("قتل مسلحون سودانيين اثنين في مدينة الكفرة أمس.", "Attack", "Sudan"),  # the number after them
        ("اختطف مسلحون أمس ثلاثة من الأتراك قرب مدينة أوباري.", "Abduction/forced disappearance", "Turkey"),
    ],
)
def test_people_counted_by_their_nationality_are_its_civilians(text, kind, victims):
    (e,) = run(text, "2015-07-25")
    assert (e.sub_event_type, e.actor2) == (kind, f"Civilians ({victims})")


@pytest.mark.parametrize("site", ["كنيسة", "مسجد", "مستشفى"])
def test_an_armed_assault_on_a_place_of_worship_or_care_is_an_attack(site):
    (e,) = run(f"هاجم مسلحون {site} في مدينة سرت أمس ما أسفر عن مقتل ثلاثة.", "2015-07-25")
    assert (e.sub_event_type, e.actor2) == ("Attack", "Civilians (Libya)")


def test_soldiers_of_a_nationality_are_no_civilians():
    (e,) = run("قتل خمسة جنود ليبيين في هجوم على بوابة في مدينة سرت أمس.", "2015-07-25")
    assert e.sub_event_type == "Armed clash" and not (e.actor2 or "").startswith("Civilians")


def test_a_residential_adjective_after_its_noun_makes_the_victims_civilians():
    (e,) = run("سقطت قذائف أمس على الحي السكني في مدينة سرت", "2017-03-02")
    assert (e.sub_event_type, e.actor2) == ("Shelling/artillery/missile attack", "Civilians (Libya)")


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("قصفت طائرة مسيرة أمس مواقع لقوات حفتر في محور أبوقرين.", ("Unidentified Military Forces", LNA)),
        ("فجر انتحاري أمس سيارة مفخخة عند بوابة الجيش غرب مدينة سرت.", ("Unidentified Armed Group (Libya)", LNA)),
        ("قصفت قوات حفتر أمس مواقع في محور أبوقرين.", (LNA, None)),  # the doer after the verb, no party after the site
    ],
)
def test_the_party_whose_site_is_hit_is_the_target(text, pair):
    (e,) = run(text, "2020-02-10")
    assert (e.actor1, e.actor2) == pair


def test_a_fear_in_a_later_clause_does_not_take_back_an_announced_truce():
    text = "أبرم الطرفان هدنة في مدينة الزاوية مساء الجمعة، وتواصل القصف السبت وسط مخاوف من انهيارها."
    assert sorted((e.sub_event_type, e.event_date) for e in run(text, "2018-09-02")) == [
        ("Agreement", "2018-08-31"),
        ("Shelling/artillery/missile attack", "2018-09-01"),
    ]
    called = "دعت البعثة الأممية إلى هدنة في مدينة الزاوية مساء الجمعة، وأعلن الطرفان ترحيبهما بالدعوة."
    assert run(called, "2018-09-02") == []  # a call before the truce still makes it talk


def test_merge_a_clash_and_a_takeover_at_one_place_and_day_are_one_battle():
    text = (
        "قتل شخصان أمس في اشتباكات وسط مدينة بنغازي. وقال الجيش إن قواته نجحت أمس في السيطرة على "
        "سوق الجريد في مدينة بنغازي."
    )
    assert [(e.event_type, e.sub_event_type) for e in run(text)] == [("Battles", "Government regains territory")]


def test_merge_a_taking_with_no_day_and_fighting_on_a_day_told_apart_are_two_events():
    text = "سيطر الجيش على حي الصابري في مدينة بنغازي. وتشهد منطقة الصابري منذ صباح السبت معارك عنيفة بين الجيش والمتشددين."
    assert [(e.sub_event_type, e.event_date) for e in run(text, "2018-05-27")] == [
        ("Government regains territory", "2018-05-27"),
        ("Armed clash", "2018-05-26"),
    ]


def test_date_an_act_named_again_with_its_day_takes_that_day():
    text = (
        "وجهت القوات الأميركية ضربة جوية هذا الأسبوع إلى موقع قرب مدينة بني وليد. "
        "وقالت القيادة إن الضربة التي نفذت يوم الأربعاء لم تسفر عن مقتل مدنيين."
    )
    assert [(e.sub_event_type, e.event_date) for e in run(text, "2018-06-15")] == [("Air/drone strike", "2018-06-13")]


@pytest.mark.parametrize(
    ("later", "day", "precision"),
    [
        ("وهدد زملاؤه بالاعتصام ما لم يفرج عن المدير الذي اختطف مساء الأحد.", "2017-03-05", 1),
        ("وهدد زملاؤه بالاعتصام ما لم يفرج عن المدير الذي خطف قبل ثلاثة أيام.", "2017-03-05", 2),  # N days ago: roughly
        (
            "وهدد زملاؤه بالاعتصام ما لم يفرج عن المدير الذي اختطف عام 2014.",
            "2017-03-08",
            2,
        ),  # an old time: not its day
        ("وهدد زملاؤه بالاعتصام ما لم يفرج عن المدير الذي اعتقل مساء الأحد.", "2017-03-08", 2),  # another act
    ],
)
def test_date_an_act_retold_in_a_relative_clause_takes_its_day(later, day, precision):
    text = "اختطف مسلحون مجهولون مدير شركة الكهرباء من أمام منزله في مدينة سبها. " + later
    found = [(e.sub_event_type, e.event_date, e.time_precision) for e in run(text, "2017-03-08")]
    assert found == [("Abduction/forced disappearance", day, precision)]


@pytest.mark.parametrize(
    ("text", "day", "precision"),
    [
        ("أعلنت الشرطة، الاثنين، اعتقال ثلاثة مهربين في مدينة زوارة الأحد", "2018-03-11", 1),  # the act's own day
        ("أعلنت الشرطة، الاثنين، اعتقال ثلاثة مهربين في مدينة زوارة", "2018-03-12", 2),  # only the announcement's
        (  # the deaths announced are the strike's: one act, on the strike's own day, however far it is told
            "أكد مصدر طبي الاثنين مقتل أربعة من عناصر الحراسة وإصابة ستة آخرين في غارة جوية على مخازن الوقود في"
            " مدينة سرت مساء السبت",
            "2018-03-10",
            1,
        ),
        (  # the same, told with the clash that killed them
            "أعلنت البلدية الاثنين وفاة طالبين بعد إصابتهما في تبادل لإطلاق النار بين مجموعتين مسلحتين قرب كلية"
            " الهندسة في مدينة زوارة يوم الأحد",
            "2018-03-11",
            1,
        ),
        (  # an act with no day of its own keeps the announcement's
            "أكد مصدر طبي الاثنين مقتل أربعة من عناصر الحراسة في غارة جوية على مخازن الوقود في مدينة سرت",
            "2018-03-12",
            2,
        ),
    ],
)
def test_date_a_day_between_an_announcement_and_its_act_is_the_announcements(text, day, precision):
    assert [(e.event_date, e.time_precision) for e in run(text, "2018-03-13")] == [(day, precision)]


@pytest.mark.parametrize(
    ("text", "day", "precision"),
    [
        ("قال مسؤول محلي أمس إن الاشتباكات اندلعت قبل يومين في مدينة سبها", "2015-07-19", 1),  # chained: 2 before 21
        ("قال مسؤول محلي أمس إن الاشتباكات اندلعت في مدينة سبها", "2015-07-21", 2),  # only the statement's day
        ("اندلعت الاشتباكات قبل يومين في مدينة سبها", "2015-07-20", 1),  # no statement: from publication
        ("قال مسؤول محلي يوم الأحد إن الاشتباكات اندلعت أمس في مدينة سبها", "2015-07-18", 1),  # Sunday's yesterday
        ('وقال المسؤول في تصريح الأحد: "اندلعت الاشتباكات صباح اليوم في مدينة سبها"', "2015-07-19", 1),  # quoted
        ("قال مسؤول محلي اليوم إن الاشتباكات اندلعت أمس في مدينة سبها", "2015-07-21", 1),  # today's: no shift
        (  # "بأن" ends the words of saying as "إن" does, however far the act
            "أفاد مسؤول محلي يوم الأحد بأن مسلحين من خارج المدينة اشتبكوا أمس مع حراس المصرف في مدينة سبها",
            "2015-07-18",
            1,
        ),
        (  # a colon opens the quotation, however far the act
            'وقال المسؤول في تصريح يوم الأحد: "شهدت المدينة أمس اشتباكات عنيفة بين الطرفين في أحد أحياء مدينة سبها"',
            "2015-07-18",
            1,
        ),
        (  # a clock's colon opens nothing
            "أعلن المسؤول في الساعة 10:30 من مساء الأحد أن الاشتباكات اندلعت أمس في مدينة سبها",
            "2015-07-18",
            1,
        ),
    ],
)
def test_date_a_relative_day_in_a_statement_counts_from_the_statements_day(text, day, precision):
    assert [(e.event_date, e.time_precision) for e in run(text, "2015-07-22")] == [(day, precision)]


@pytest.mark.parametrize(
    "verb",
    ["وقع", "جرى", "نفذ"],  # وقع opens with its own و: no conjunction ends the relative clause
)
def test_date_a_day_in_the_relative_clause_after_the_act_is_its_own_beside_the_statements(verb):
    text = f"أدان المجلس البلدي اليوم الهجوم الذي {verb} أمس على بوابة أمنية في مدينة سبها"
    assert [(e.event_date, e.time_precision) for e in run(text, "2019-06-13")] == [("2019-06-12", 1)]


@pytest.mark.parametrize(
    ("text", "day", "precision"),
    [
        ("اندلعت اشتباكات بين مجموعتين مسلحتين في منطقة سوق الجمعة أمس.", "2021-08-09", 1),
        ("اندلعت اشتباكات بين مجموعتين مسلحتين في منطقة سوق الجمعة.", "2021-08-10", 2),  # no day told
        ("قصفت المدفعية يوم الجمعة منطقة سوق الثلاثاء.", "2021-08-06", 1),  # a day beside another name
    ],
)
def test_date_a_weekday_in_a_place_name_is_no_day(text, day, precision):
    assert [(e.event_date, e.time_precision) for e in run(text, "2021-08-10")] == [(day, precision)]


def test_date_an_arrest_told_in_the_paragraph_of_the_days_fighting_is_part_of_that_news():
    text = (
        "أعلن المركز الإعلامي أن وحدات الجيش تقدمت صباح اليوم في محور صلاح الدين بعد اشتباكات."
        " وأكد أن قواتنا ألقت القبض على خمسة مسلحين خلال عمليات التمشيط في المنطقة."
    )
    found = [(e.sub_event_type, e.location, e.event_date) for e in run(text, "2019-12-10")]
    assert ("Arrests", "Salah al-Din", "2019-12-10") in found


_SCENE = "شهدت مدينة سرت أمس توترا أمنيا."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"{_SCENE} واندلعت اشتباكات بين مجموعتين مسلحتين وسط المدينة.", [("Sirte", "2019-06-12", 1)]),
        (  # a weekday sets the scene as well
            "ساد هدوء حذر مدينة الزاوية صباح الثلاثاء. ثم اندلعت اشتباكات متقطعة بين مجموعتين مسلحتين في أحد أحياء"
            " المدينة.",
            [("Zawiya", "2019-06-11", 1)],
        ),
        (f"{_SCENE} وتفاقمت المعارك بين الطرفين وسط المدينة.", []),  # the fighting as known: commentary on it
        (f"{_SCENE}\nواندلعت اشتباكات بين مجموعتين مسلحتين وسط المدينة.", []),  # another paragraph
        (  # a scene months old: history
            "عاشت مدينة سرت في يناير الماضي أياما صعبة. واندلعت اشتباكات بين مجموعتين مسلحتين وسط المدينة.",
            [],
        ),
    ],
)
def test_date_an_act_with_no_time_or_place_of_its_own_takes_the_day_of_the_scene_set_before_it(text, expected):
    assert [(e.location, e.event_date, e.time_precision) for e in run(text, "2019-06-13")] == expected


_SPOKE = "قال قائد المحور أمس إن قواته تتقدم بثبات."
_FIGHTING = "المواجهات تدور الآن في منطقة الهواري جنوب بنغازي."


@pytest.mark.parametrize(
    ("text", "day"),
    [
        (f"{_SPOKE}\nولفت إلى أن الجيش لن يتراجع.\nوأضاف أن {_FIGHTING}", "2016-05-09"),  # one source's run
        (  # attributed to the speaker, the day said with the meeting
            f"نسبت الوكالة إلى قائد المحور قوله، خلال لقائه أمس بأعيان المنطقة، إن قواته تتقدم. وأضاف أن {_FIGHTING}",
            "2016-05-09",
        ),
        (f"{_SPOKE} ومن جهته، قال مسؤول محلي إن {_FIGHTING}", "2016-05-10"),  # another side's turn
        (f"{_SPOKE} وتشهد المدينة نقصا حادا في الوقود. وقال مسؤول محلي إن {_FIGHTING}", "2016-05-10"),  # narration
    ],
)
def test_date_a_statement_in_a_run_of_reported_speech_is_of_the_runs_day(text, day):
    assert [(e.event_date, e.time_precision) for e in run(text, "2016-05-10")] == [(day, 2)]


def test_date_a_run_of_reported_speech_keeps_no_undated_act_it_mentions():
    assert run(f"{_SPOKE} وأضاف أن الجيش سحق المتطرفين في معارك الهواري.", "2016-05-10") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # the push is the act; the liberation it brings near has not happened
            "وتوغلت وحدات الجيش صباح الثلاثاء في آخر مواقع المسلحين بحي الصابري بعد اشتباكات، فيما قال ضابط إن"
            " بنغازي صارت على وشك التحرير الكامل من الجماعات المتطرفة.",
            ["Armed clash"],
        ),
        ("ويقول قادة الجيش إن قواتهم باتت قاب قوسين من السيطرة على حي الصابري في بنغازي بعد معارك الثلاثاء.", []),
    ],
)
def test_factuality_an_act_brought_near_is_not_done(text, expected):
    assert [e.sub_event_type for e in run(text, "2017-07-06")] == expected


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("تظاهر العشرات من أهالي رقدالين أمس احتجاجا على نقص الوقود في محطات زوارة", ["Raqdalin"]),
        ("احتج عدد من أهالي الزاوية أمس على قطع الطريق الساحلي قرب صبراتة", ["Zawiya"]),
        ("تظاهر مئات من أهالي مدنين أمس احتجاجا على توقف حركة الشاحنات في منفذ وازن", []),  # a protest in Tunisia
    ],
)
def test_location_a_protest_is_where_its_protesters_live_not_what_they_protest(text, places):
    assert [e.location for e in run(text, "2019-03-12")] == places


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("أعلن الجيش مقتل قناص في حي الليثي ببنغازي اليوم", []),  # the sniper is the one killed
        ("سقط ثلاثة قناصة قتلى قرب مصنع الإسمنت في بنغازي اليوم", []),
        ("قتلت امرأة برصاص قناص في حي الليثي ببنغازي اليوم", ["Attack"]),  # the sniper's fire is the act
        ("تعرض المارة لنيران القناصة في حي الليثي ببنغازي اليوم", ["Attack"]),
    ],
)
def test_triggers_a_sniper_is_a_doer_his_fire_is_the_act(text, types):
    assert [e.sub_event_type for e in run(text, "2016-02-10")] == types


@pytest.mark.parametrize(
    "lead",
    [
        "وفي الثالث من مارس/آذار الجاري، ",  # a dual month name, in words
        "ويوم 3 مارس الجاري، ",
    ],
)
def test_date_a_date_that_opens_a_long_sentence_dates_its_acts(lead):
    text = (
        lead + "نشر المكتب الإعلامي لمديرية الأمن في المنطقة الجنوبية صورا للموقوفين، ونشرت المديرية نص البلاغ،"
        " وفيه أن دورية تابعة لقسم مكافحة التهريب اعتقلت ثلاثة مهربين في منطقة الحجارة بمدينة سبها وصادرت شاحنتهم"
    )
    assert [(e.sub_event_type, e.event_date) for e in run(text, "2016-03-07")] == [("Arrests", "2016-03-03")]


def test_merge_a_strike_east_of_a_town_and_at_a_village_there_are_one():
    text = (
        "استهدفت غارة جوية السبت معسكرا في منطقة شرقي بلدة بني وليد. "
        "وقال مسؤول إن الغارة استهدفت المعسكر الواقع عند منطقة السدادة شرقي بني وليد."
    )
    assert [(e.sub_event_type, e.location) for e in run(text, "2018-04-21")] == [("Air/drone strike", "Al Sadada")]


def test_location_a_word_our_tables_know_is_never_a_misspelt_place():
    """ "وإصابة" after a town is the injury word, not a misspelling of الأصابعة coordinated with it."""
    from events import analyse

    text = "قتل شخص أمس في هجوم مسلح في طرابلس وإصابة ثلاثة آخرين بجروح"
    places = {p["name"] for p in analyse(Article(text=text, id="a1", date="2017-02-20"))["places"]}
    assert places == {"Tripoli"}


@pytest.mark.parametrize(("text", "quarter", "city"), UNKNOWN_QUARTERS)
def test_location_a_quarter_the_gazetteer_lacks_sits_at_its_city_approximately(text, quarter, city):
    from events import analyse

    places = analyse(Article(text=text, id="a1", date="2017-02-20"))["places"]
    found = [p for p in places if p["surface"] == quarter]
    assert [(p["name"], p["relation"]) for p in found] == [(city, "quarter")]


@pytest.mark.parametrize("text", NO_QUARTERS)
def test_location_a_kind_word_before_no_name_of_a_city_quarter_is_no_quarter(text):
    from events import analyse

    places = analyse(Article(text=text, id="a1", date="2017-02-20"))["places"]
    assert [p for p in places if p["relation"] == "quarter"] == []


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        ("قصف الجيش أمس مواقع للمتشددين في مدينة درنة. وقال الجيش إن هذه الغارات دمرت مخازن أسلحة", "Air/drone strike"),
        (
            "قصف الجيش أمس مواقع للمتشددين في مدينة درنة. وقال الجيش إن الغارات وقذائف المدفعية دمرت مخازن أسلحة",
            "Shelling/artillery/missile attack",
        ),
        ("قصف الجيش أمس مواقع للمتشددين في مدينة درنة", "Shelling/artillery/missile attack"),
        (
            "عثرت الشرطة على سيارة مفخخة. وقال مسؤول إن السيارة انفجرت أمس قرب مسجد في مدينة سبها",
            "Remote explosive/landmine/IED",
        ),
        ("سقطت قذائف هاون. وقال مسؤول إن سيارة انفجرت أمس قرب مسجد في مدينة سبها", "Shelling/artillery/missile attack"),
    ],
)
def test_types_a_bare_strike_or_blast_word_takes_the_one_means_the_article_names(text, sub):
    assert [e.sub_event_type for e in run(text)] == [sub]


@pytest.mark.parametrize(
    ("title", "text", "event"),
    [
        # a headline's more specific reading names the kind of bomb its story reports
        (
            "قتلى في هجوم انتحاري في شرق ليبيا",
            "قتل ثمانية جنود أمس في تفجير سيارة مفخخة عند البوابة الشرقية لمدينة أجدابيا",
            ("Suicide bomb", "Ajdabiya", 8),
        ),
        # a blast and a suicide bombing told at one place and day are one bombing
        (
            "قتلى بتفجير انتحاري في مدينة سرت",
            "قال مصدر أمني إن شخصين قتلا أمس في تفجير استهدف نقطة تفتيش في مدينة سرت",
            ("Suicide bomb", "Sirte", 2),
        ),
    ],
)
def test_merge_one_bombing_told_twice_is_the_suicide_bombers(title, text, event):
    article = Article(title=title, text=text, id="p1", date="2020-05-01")
    assert [(e.sub_event_type, e.location, e.fatalities) for e in extract(article)] == [event]


def test_location_a_clause_runs_on_over_an_aside_to_its_libyan_place():
    """A foreign place in the act's clause does not set it abroad when the clause goes on, after an aside,
    to the Libyan place it happened in."""
    events = run("ألقت الشرطة القبض على والد منفذ هجوم مانشستر، أمس، في العاصمة طرابلس")
    assert [(e.sub_event_type, e.location) for e in events] == [("Arrests", "Tripoli")]


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("شنت الطائرات أمس غارات على مواقع في مدينة درنة ردا على التخطيط لهجوم المنيا الذي أسفر عن مقتل 29 شخصا", 0),
        ("شنت الطائرات أمس غارات على مواقع في مدينة درنة أسفرت عن مقتل 5 مسلحين", 5),
    ],
)
def test_fatalities_a_toll_after_an_act_named_in_passing_is_that_acts(text, killed):
    assert [e.fatalities for e in run(text)] == [killed]


def test_types_aircraft_right_after_a_strike_verb_make_it_an_air_strike():
    assert [e.sub_event_type for e in run("قصفت اليوم طائرتان حربيتان قواعد لميليشيا في مدينة بنغازي")] == [
        "Air/drone strike"
    ]


def test_location_a_region_of_another_country_is_no_libyan_region():
    from events import analyse

    text = "أعلن الجيش الفلبيني مقتل ثمانية مسلحين في جنوب البلاد قرب الحدود مع إندونيسيا والفلبين"
    places = analyse(Article(text=text, id="p1", date="2018-03-09"))["places"]
    assert "Southern Libya" not in [p["name"] for p in places]


@pytest.mark.parametrize(
    "text",
    [
        "وسيطرت قوات الجيش الوطني على مدينة الأصابعة بعد انسحاب المسلحين منها",
        "وأحكمت وحدات من الجيش السيطرة تماما على مدينة الأصابعة",
        "وبسطت القوات المساندة سيطرتها على مدينة الأصابعة",
    ],
)
def test_factuality_a_takeover_told_by_a_past_verb_goes_on_with_the_report_without_a_time_word(text):
    report = "قتل جنديان أمس في اشتباكات عنيفة في مدينة الأصابعة. "
    assert [(e.sub_event_type, e.location, e.event_date) for e in run(report + text)] == [
        ("Government regains territory", "Al Asabaa", "2020-04-30")  # the clash and the takeover: one battle
    ]


@pytest.mark.parametrize(
    "text",
    [
        "وأعلنت قوات الوفاق السيطرة على مدينة غريان",  # the announcement is the news
        "أعلنت قوات الوفاق استعادة السيطرة على مدينة غريان بعد معارك مع قوات حفتر",  # one battle: the takeover
    ],
)
def test_factuality_a_takeover_announced_is_reported_that_day(text):
    assert [(e.sub_event_type, e.location, e.event_date) for e in run(text, "2019-06-27")] == [
        ("Government regains territory", "Gharyan", "2019-06-27")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "تمكنت قوات الجيش من السيطرة على مدينة الأصابعة بعد معارك مع المسلحين",  # managed to: done
        "نجحت قوات الجيش في السيطرة على مدينة الأصابعة",
        "الجيش يتقدم في الجبل\nتمكنت قوات الجيش من السيطرة على مدينة الأصابعة",  # the lead under a title
        "استعادت قوات الجيش اليوم مدينة الأصابعة، لتطوي بذلك حصارا فرضه المسلحون منذ أشهر",  # a result clause
        "فرضت قوات الجيش سيطرتها على مدينة الأصابعة",  # a verb whose ف is its own, not "and"
        "وصلت قوات الجيش إلى مدينة الأصابعة وسيطرت عليها بالكامل",
    ],
)
def test_factuality_an_undated_takeover_that_opens_the_article_is_its_news(text):
    assert [(e.sub_event_type, e.location, e.event_date) for e in run(text)] == [
        ("Government regains territory", "Al Asabaa", "2020-05-01")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "قال القائد إن المسلحين يخشون الجيش الذي تمكنت وحداته من السيطرة على مدينة الأصابعة",  # the army described
        "وتمكنت قوات الجيش من السيطرة على مدينة الأصابعة",  # goes on with a story not told here
        "ففرضت قوات الجيش سيطرتها على مدينة الأصابعة",
        "سيطرت قوات الجيش على مدينة الأصابعة منذ سنوات",  # a state that has lasted
    ],
)
def test_factuality_a_takeover_that_describes_or_continues_is_no_news_of_its_own(text):
    assert run(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "وفي الزاوية، تظاهر العشرات أمام مقر المجلس البلدي احتجاجا على تردي الأوضاع.",  # a roundup's setting
        "أما في مدينة الزاوية، فقد تظاهر العشرات أمام مقر المجلس البلدي.",
    ],
)
def test_location_a_place_fronted_before_a_comma_is_where_the_sentence_is_set(text):
    assert [(e.sub_event_type, e.location) for e in run(text, "2017-05-20")] == [("Peaceful protest", "Zawiya")]


def test_location_an_unknown_site_takes_the_place_named_earlier_in_its_paragraph():
    strike = "قصفت الطائرات أمس مواقع في مدينة درنة. وقال المتحدث إن العملية مستمرة بحسب البيان."
    take = 'وأحكمت القوات السيطرة على منطقة "وادي الحصين" المجاورة.'
    assert [(e.sub_event_type, e.location) for e in run(f"{strike} {take}")] == [
        ("Air/drone strike", "Derna"),
        ("Government regains territory", "Derna"),
    ]
    assert [e.sub_event_type for e in run(f"{strike}\n{take}")] == ["Air/drone strike"]  # not across a paragraph


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "وحاصرت القوات ميناء الزويتينة، الذي سيطر عليه يوم الأربعاء مسلحون.",
            [("Non-state actor overtakes territory", "Zueitina oil terminal", "2020-04-29")],
        ),
        (
            "وحاصرت القوات ميناء الزويتينة، الذي سيطر عليه المسلحون يوم الأربعاء.",
            [("Non-state actor overtakes territory", "Zueitina oil terminal", "2020-04-29")],
        ),
        ("وبثت الخطب من الإذاعة في مدينة سرت التي سيطر عليها المسلحون وأصبحت تحمل اليوم اسما آخر.", []),
        ("وزار الوفد مدينة سرت التي سيطر عليها المسلحون وأصبحت اليوم خالية من السكان.", []),
    ],
)
def test_factuality_a_takeover_in_a_relative_clause_is_an_event_only_with_its_own_day(text, expected):
    assert [(e.sub_event_type, e.location, e.event_date) for e in run(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("عثر على جثث ثلاثة رجال مقتولين بالرصاص قرب مدينة زوارة أمس", [("Attack", "Zuwara", 3)]),  # shot: an attack
        ("عثر على جثث ثلاثة رجال في منزل مهجور بمدينة زوارة", []),  # how they died is not said
        ("أعلن الهلال الأحمر العثور على مقبرة جماعية تضم 12 جثة في مدينة سرت", []),  # the dead of an earlier time
    ],
)
def test_types_bodies_found_are_an_attack_only_when_the_death_was_dealt(text, expected):
    assert [(e.sub_event_type, e.location, e.fatalities) for e in run(text)] == expected


def test_dates_an_act_abroad_in_the_next_clause_neither_joins_nor_dates_the_libyan_one():
    text = "قال المتحدث إن قصفا أصاب مخزنا للذخيرة في مدينة سرت، مشيرا إلى غارة أخرى في مالي في 3 مارس"
    assert [(e.sub_event_type, e.location, e.event_date, e.time_precision) for e in run(text, "2020-03-10")] == [
        ("Air/drone strike", "Sirte", "2020-03-10", 2)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "اندلعت اليوم اشتباكات عنيفة في مدينة بنغازي هي الأشد منذ أشهر",
        "تجددت اليوم الاشتباكات العنيفة بين الجيش والمسلحين في مدينة بنغازي، في أشد أعمال عنف تعرفها المدينة منذ"
        " أشهر",  # and the generic violence is the clash's, no riot
    ],
)
def test_factuality_the_worst_since_compares_with_the_past_and_tells_no_background(text):
    assert [(e.sub_event_type, e.location, e.event_date) for e in run(text)] == [
        ("Armed clash", "Benghazi", "2020-05-01")
    ]
    assert run("وسيطر التنظيم على أكبر أحياء مدينة الأصابعة منذ سقوط النظام") == []  # a state, no comparison


@pytest.mark.parametrize(
    ("held", "day"),
    [
        ("وقالت إنهم ظلوا محتجزين منذ أربعة أيام في ضواحي المدينة.", "2020-04-27"),
        ("وقالت إنهم بصحة جيدة.", "2020-05-01"),
    ],
)
def test_dates_a_release_dates_its_abduction_by_how_long_the_captives_were_held(held, day):
    text = f"أعلنت الخارجية إطلاق سراح ثلاثة عمال مختطفين في مدينة سبها. {held}"
    assert [(e.sub_event_type, e.event_date, e.time_precision) for e in run(text)] == [
        ("Abduction/forced disappearance", day, 2)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وكان المخزن الذي تعرض للقصف جنوب مدينة أجدابيا يضم ذخائر قديمة", []),
        ("ونشر الجيش أسماء الأسرى الذين تمت تصفيتهم في مدينة سرت", []),
        ("وقال المتحدث إن المطلوب الذي اعتقلته القوات في مدينة درنة كان فارا منذ سنوات", []),
        (
            "قال المتحدث إن المطلوب الذي اعتقلته القوات في مدينة درنة الاثنين سيحاكم قريبا",
            [("Arrests", "Derna", "2020-04-27")],  # the sentence says when
        ),
    ],
)
def test_factuality_an_act_that_describes_someone_is_news_only_with_a_recent_day(text, expected):
    assert [(e.sub_event_type, e.location, e.event_date) for e in run(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "أعلن مجلس النواب الخميس حظر التجول في مدينة طبرق",
            [("Other", "Tobruk", "2018-08-30", "House of Representatives")],  # the body that declares is the actor
        ),
        ("أعلن مجلس النواب حظر التجول في مدينة طبرق", []),  # no day: a state, as likely as a declaration
        ("تعيش مدينة طبرق حظر التجول منذ أسابيع", []),
    ],
)
def test_factuality_a_measure_declared_with_its_day_is_a_strategic_development(text, expected):
    assert [(e.sub_event_type, e.location, e.event_date, e.actor1) for e in run(text, "2018-09-03")] == expected


def test_types_of_words_for_one_act_the_one_whose_clause_says_where_tells_it():
    text = "أفرج مسلحون عن سائقين كانوا مختطفين لديهم في مدينة أجدابيا، دون كشف ظروف عملية الاختطاف."
    assert [(e.sub_event_type, e.location) for e in run(text)] == [("Abduction/forced disappearance", "Ajdabiya")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "انسحبت قوات الجيش من مدينة غريان بعد معارك مع قوات الوفاق",  # lost in battle: the other side's gain
            [("Government regains territory", "Gharyan", "Government of National Accord")],
        ),
        (  # on the Tarhuna front of 2019-2020 the ground Haftar's forces left went to the GNA, the one camp they fought
            "انسحبت قوات حفتر من مدينة ترهونة",
            [("Non-violent transfer of territory", "Tarhuna", "Government of National Accord")],
        ),
        (
            "دخلت قوات الوفاق مدينة ترهونة دون قتال",
            [("Non-violent transfer of territory", "Tarhuna", "Government of National Accord")],
        ),
        ("أوقفت البحرية قارب صيد بعد أن دخل مياها محظورة قرب ميناء طبرق", []),  # a boat entered: no taking
    ],
)
def test_factuality_a_withdrawal_or_an_entry_told_by_a_past_verb_needs_no_time_word(text, expected):
    assert [(e.sub_event_type, e.location, e.actor1) for e in run(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "خرج المئات في مظاهرة وسط مدينة مصراتة مساء الخميس تنديدا بالاشتباكات",
        "أغلق محتجون الطريق الساحلي في مدينة مصراتة الخميس احتجاجا على مقتل شاب",
    ],
)
def test_factuality_the_grievance_of_a_protest_is_its_topic_not_an_act(text):
    assert [(e.sub_event_type, e.location) for e in run(text)] == [("Peaceful protest", "Misrata")]


def test_types_a_killing_told_as_part_of_a_battle_is_the_battle():
    text = "تمت تصفية ثلاثة من قادة التنظيم خلال معارك عنيفة مع الجيش أمس في مدينة درنة"
    assert [(e.sub_event_type, e.location) for e in run(text)] == [("Armed clash", "Derna")]


def test_factuality_an_aim_announced_is_no_takeover():
    assert run("وأعلن الجيش أنه يسعى إلى السيطرة على مدينة غريان", "2019-06-27") == []


@pytest.mark.parametrize(
    "text",
    [
        "وسيطر تنظيم الدولة على مدينة سرت وأعلنها ولاية تابعة له",  # a background paragraph: nothing reported there
        "قتل جنديان أمس في اشتباكات في مدينة الأصابعة. ومنذ سقوط النظام سيطر التنظيم على مدينة الأصابعة",  # a state
        "قتل جنديان أمس في اشتباكات في مدينة الأصابعة. لقد سيطر التنظيم أخيرا على مدينة الأصابعة",  # a recap
        "قتل جنديان أمس في اشتباكات في مدينة الأصابعة. وزار الوفد الأحياء التي سيطر عليها الجيش في الأصابعة",
    ],
)
def test_factuality_an_undated_takeover_in_a_background_paragraph_is_no_event(text):
    assert [e.sub_event_type for e in run(text)] == (["Armed clash"] if "اشتباكات" in text else [])


@pytest.mark.parametrize(
    "text",
    [
        "وتسيطر قوات الجيش الوطني على مدينة الأصابعة",  # who holds it now
        "وتقع مدينة الأصابعة تحت سيطرة قوات الجيش الوطني",
        "وتسعى القوات إلى السيطرة على مدينة الأصابعة",  # an aim
        "وزار الوفد المناطق التي سيطرت عليها القوات في مدينة الأصابعة",  # a place described by who took it
    ],
)
def test_factuality_control_as_a_state_or_an_aim_is_no_takeover(text):
    assert run(text) == []


@pytest.mark.parametrize(
    ("text", "subs"),
    [
        ("وردت قوات الجيش أمس باستخدام طائرات الهليكوبتر لقصف معسكرات المسلحين في مدينة درنة", ["Air/drone strike"]),
        (
            "واستخدمت القوات المدفعية الثقيلة أمس لقصف مواقع المسلحين في مدينة درنة",
            ["Shelling/artillery/missile attack"],
        ),
        ("ودعا النائب أمس إلى استخدام الطائرات لقصف مواقع المسلحين في مدينة درنة", []),  # a call
        ("وتستعد القوات أمس لقصف مواقع المسلحين في مدينة درنة", []),  # an aim
    ],
)
def test_factuality_a_means_used_to_strike_reports_the_strike(text, subs):
    assert [e.sub_event_type for e in run(text)] == subs


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        # today's statement retells a strike of eight months ago: history, though the sentence says اليوم
        ("وقال المتحدث اليوم الثلاثاء إن الغارة التي استهدفت منزلا بمدينة صبراتة في فبراير 2016 قتلت 10 أشخاص", []),
        ("وأضاف البيان اليوم أن المسلحين هاجموا ميناء السدرة في شهر يونيو 2016", []),
        ("وقال المتحدث اليوم الثلاثاء إن الغارة استهدفت منزلا بمدينة صبراتة في 27 سبتمبر 2016", ["2016-09-27"]),
    ],
)
def test_date_an_act_whose_own_time_is_weeks_old_is_history_retold(text, dates):
    assert [e.event_date for e in run(text, "2016-10-04")] == dates


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("قتل 30 طالبا أمس في غارة جوية استهدفت الكلية العسكرية في طرابلس", [30]),  # students, counted
        ("وقتل ثلاثون طالبا أمس في غارة جوية استهدفت الكلية العسكرية في طرابلس", [30]),
        ("وطالبا أمس بوقف الغارات الجوية على الكلية العسكرية في طرابلس", []),  # the two demanded: a call
        ("قتل طالب أمس في غارة جوية استهدفت الكلية العسكرية في طرابلس", [1]),  # after a death word: the student
        ("قتل طالبان أمس في غارة جوية استهدفت الكلية العسكرية في طرابلس", [2]),  # two students (a dual)
        (  # a plural or dual of the noun is never the verb
            "أعلنت الجامعة الاثنين وفاة طالبين بعد إصابتهما في غارة جوية على الكلية العسكرية في طرابلس أمس",
            [2],
        ),
        ("طالب المجلس أمس بوقف الغارات الجوية على الكلية العسكرية في طرابلس", []),  # the verb: a call
    ],
)
def test_factuality_a_word_counted_after_a_number_is_a_noun_not_a_call(text, killed):
    assert [e.fatalities for e in run(text, "2020-01-05")] == killed


def test_sentences_end_after_a_number_but_not_inside_one():
    from events.text import sentences

    text = "طرد التنظيم من المدينة عام 2015. وتوسعت المواجهات بنسبة 5.5 في المئة"
    assert [s.text for s in sentences(text)] == [
        "طرد التنظيم من المدينة عام 2015.",
        "وتوسعت المواجهات بنسبة 5.5 في المئة",
    ]


def test_sentences_an_ellipsis_ends_one_but_not_inside_a_quotation():
    from events.text import sentences

    quoted = "هتف المتظاهرون «الحرية.. الحرية»، ثم تفرقوا. وعاد الهدوء"
    assert [s.text for s in sentences(quoted)] == ["هتف المتظاهرون «الحرية.. الحرية»، ثم تفرقوا.", "وعاد الهدوء"]
    listed = "حاول المسلحون السيطرة على الحقول.. وتكرر الأمر أمس"
    assert [s.text for s in sentences(listed)] == ["حاول المسلحون السيطرة على الحقول..", "وتكرر الأمر أمس"]
    elided = 'وقال الضابط: "قصفت الطائرات (..) مخازن للذخيرة قرب سبها". وعاد الهدوء'
    assert [s.text for s in sentences(elided)] == [
        'وقال الضابط: "قصفت الطائرات (..) مخازن للذخيرة قرب سبها".',
        "وعاد الهدوء",
    ]
    assert len(sentences('قال الضابط "إن القوات انسحبت.. ثم عادت". وعاد الهدوء')) == 2  # an open quotation


def test_sentences_a_subheading_run_into_its_sentence_stands_apart():
    from events.text import sentences

    text = "أعلن المجلس دعمه للحوار. معارك الجنوب في المقابل، بدأ الجيش قبل شهر حملة على المهربين. هدنة هشة وأضاف أن"
    assert [s.text for s in sentences(text)] == [
        "أعلن المجلس دعمه للحوار.",
        "معارك الجنوب",
        "في المقابل، بدأ الجيش قبل شهر حملة على المهربين.",
        "هدنة هشة",
        "وأضاف أن",
    ]
    for said in ("قال المتحدث في المقابل، إن القوات تقدمت", "وقال المتحدث من جهته، إن القوات تقدمت"):
        assert [s.text for s in sentences(said)] == [said]  # a speaker before the connective: no heading


@pytest.mark.parametrize(
    ("middle", "events"),
    [
        ("ويقول أنصاره إنه قائد شجاع لا يعرف التراجع.", []),  # a profile: old years and no day of its own
        ("وقال أنصاره أمس إنه قائد شجاع لا يعرف التراجع.", ["Armed clash"]),  # a day of its own: news
    ],
)
def test_date_an_undated_act_in_an_article_about_the_past_is_that_past(middle, events):
    text = (
        "ولد القائد عام 1950 في مدينة أجدابيا، وتخرج في الكلية العسكرية عام 1966.\n"
        + middle
        + "\nواندلعت اشتباكات عنيفة بين قواته والمتشددين في مدينة درنة."
    )
    assert [e.sub_event_type for e in run(text, "2019-06-01")] == events


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("اختطف مجهولون أمس سائقين نيجريين في ليبيا، بحسب بيان لسفارة النيجر في طرابلس", []),
        ("نقلت وكالة أنباء عن قنصلية مصر في طرابلس أن مجهولين اختطفوا عمالا مصريين في ليبيا أمس", []),
        ("ونقلت وكالة أنباء عن قنصلية مصر في طرابلس أن مجهولين اختطفوا عمالا مصريين أمس في مدينة سرت", ["Sirte"]),
        ("أطلق مسلحون أمس قذيفة على السفارة الإيطالية في طرابلس", ["Tripoli"]),  # the mission is what was hit
    ],
)
def test_location_a_missions_seat_is_where_its_statement_came_from(text, places):
    assert [e.location for e in run(text, "2018-08-02")] == places


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        (  # the ground was taken from the group named after من قبضة; the bare "armed forces" took it
            "أعلن المتحدث الخميس استعادة القوات المسلحة السيطرة على مدينة سرت من قبضة تنظيم داعش.",
            ("Libyan National Army (Operation Dignity)", "Islamic State (Libya)"),
        ),
        (
            "أكد الناطق أمس تحرير حي الصابري ببنغازي من أيدي مجلس شورى ثوار بنغازي.",
            ("Unidentified Military Forces", "Benghazi Revolutionaries Shura Council"),  # a regaining: a state's
        ),
    ],
)
def test_actors_the_side_ground_is_taken_from_lost_it(text, actors):
    assert [(e.actor1, e.actor2) for e in run(text, "2018-06-25")] == [actors]


@pytest.mark.parametrize(
    "text",
    [
        "نجا آمر قوة الردع الخاصة أمس من محاولة اغتيال بعبوة ناسفة في طرابلس.",
        "أعلن مكتبه الإعلامي نجاة آمر قوة الردع الخاصة أمس من محاولة اغتيال بعبوة ناسفة في طرابلس.",  # the noun
    ],
)
def test_actors_the_one_who_survived_an_attempt_was_its_target(text):
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in run(text, "2018-04-19")] == [
        ("Remote explosive/landmine/IED", "Unidentified Armed Group (Libya)", "Rada Special Deterrence Force")
    ]


def test_actors_the_one_who_underwent_an_attack_was_its_target():
    text = "وتعرضت دورية تابعة لقوة الردع الخاصة مساء أمس لهجوم مسلح في منطقة جنزور."
    assert [(e.actor1, e.actor2) for e in run(text, "2018-04-19")] == [
        ("Unidentified Armed Group (Libya)", "Rada Special Deterrence Force")
    ]


def test_actors_an_aside_that_describes_a_man_names_no_party():
    text = "وأعلنت الشرطة أمس أن الرجل، وهو مترجم عمل مع الجيش التونسي، اعتقل في مدينة الزاوية."  # who he was
    assert [e.actor1 for e in run(text, "2018-10-09")] == ["Police Forces of Libya"]


def test_date_an_act_with_its_own_time_ago_right_after_it_takes_that_time():
    text = "أطلق مسلحون أمس سراح ثلاثة صحفيين اختطفوهم قبل أسبوع في مدينة سبها."  # not the release's day
    assert [(e.sub_event_type, e.event_date) for e in run(text, "2019-09-10")] == [
        ("Abduction/forced disappearance", "2019-09-03")
    ]


def test_date_an_act_after_ghadat_happened_the_day_before():
    text = "اعتقلت قوة أمنية أمس الأربعاء رجلا في مدينة مصراتة، غداة اعتقال شقيقه في مدينة زليتن."
    found = [(e.sub_event_type, e.location, e.event_date) for e in run(text, "2017-05-25")]
    assert found == [("Arrests", "Misrata", "2017-05-24"), ("Arrests", "Zliten", "2017-05-23")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # the force that broke the crowd up is the other party; the crowd is ACLED's protesters
            "تظاهر العشرات أمام مقر البلدية في مدينة الزاوية أمس للمطالبة بالرواتب، وأطلق مسلحون النار لتفريقهم.",
            ("Protest with intervention", "Protesters (Libya)", "Unidentified Armed Group (Libya)"),
        ),
        (
            "تظاهر المئات في ساحة الشهداء بطرابلس أمس تنديدا بالغلاء، ثم فرقتهم الشرطة بالهراوات.",
            ("Protest with intervention", "Protesters (Libya)", "Police Forces of Libya"),
        ),
    ],
)
def test_actors_a_crowd_met_by_force_is_the_first_party(text, expected):
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in run(text, "2020-05-20")] == [expected]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (  # protesters arrested at their protest: the intervention it met, one event
            "اعتقلت قوات الأمن عددا من المعتصمين خلال اعتصام أمام مقر البلدية في مدينة غات أمس.",
            [("Protest with intervention", "Protesters (Libya)", "Police Forces of Libya")],
        ),
        (  # others arrested beside a protest: two events
            "اعتقلت الشرطة أمس مهربين في مدينة غات، فيما نظم محتجون وقفة أمام مقر البلدية.",
            [
                ("Arrests", "Police Forces of Libya", "Smugglers (Libya)"),
                ("Peaceful protest", "Protesters (Libya)", None),
            ],
        ),
    ],
)
def test_types_protesters_arrested_at_their_protest_are_its_intervention(text, found):
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in run(text, "2019-04-10")] == found


@pytest.mark.parametrize(
    ("later", "found"),
    [
        # the toll of the act just told, now higher: its count, no second event
        (
            "وارتفعت حصيلة ضحايا التفجير إلى ستة قتلى بعد وفاة جريحين صباح اليوم.",
            [("Remote explosive/landmine/IED", 6)],
        ),
        ("وارتفع عدد قتلى الانفجار إلى خمسة.", [("Remote explosive/landmine/IED", 5)]),
    ],
)
def test_fatalities_a_toll_that_rose_is_the_last_acts_count(later, found):
    text = "قتل أربعة أشخاص في انفجار سيارة مفخخة أمام مسجد في مدينة بنغازي أمس. " + later
    assert [(e.sub_event_type, e.fatalities) for e in run(text, "2018-05-03")] == found


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        ("اعترضت دورية لخفر السواحل الليبية أمس قارب صيد واقتادته إلى ميناء طرابلس", "Arrests"),  # custody
        ("اقتادت الشرطة أمس ثلاثة مهربين إلى مركز أمني في زوارة", "Arrests"),
        ("اقتاد مسلحون مجهولون أمس ناشطا من منزله في طرابلس إلى جهة مجهولة", "Abduction/forced disappearance"),
    ],
)
def test_types_leading_someone_away_is_custody_for_a_state_force_and_kidnapping_for_gunmen(text, sub):
    assert [e.sub_event_type for e in run(text, "2016-11-17")] == [sub]


def test_types_an_aircraft_named_in_the_accusative_makes_a_bare_strike_an_air_strike():
    text = "قالت الحكومة إن طيرانا مجهولا قصف أمس مخازن للذخيرة في مدينة الجفرة."
    assert [e.sub_event_type for e in run(text, "2020-05-20")] == ["Air/drone strike"]


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("أكد ضابط في مصراتة أن اشتباكات اندلعت أمس في الجنوب الليبي", ["Southern Libya"]),
        ("أكد ضابط في مصراتة أن طائرات قصفت أمس مواقع في الجبل الغربي", ["Nafusa mountains"]),
        ("أكد ضابط في مصراتة أن اشتباكات اندلعت أمس", ["Misrata"]),  # nothing else locates it: the speaker's town
    ],
)
def test_location_the_speakers_town_is_not_the_acts(text, places):
    assert [e.location for e in run(text, "2018-06-18")] == places


def test_location_an_act_in_a_neighbours_region_takes_no_libyan_place():
    text = "قالت السلطات إن الحدود مغلقة في زوارة. وفي الجنوب التونسي اعتقلت الشرطة أمس ثلاثة مهربين."
    assert run(text, "2018-05-08") == []


def test_location_a_quarter_named_in_another_town_puts_the_act_in_that_town():
    found = run("اندلعت اشتباكات عنيفة أمس في حي الأندلس بمدينة مصراتة", "2019-05-02")
    assert [(e.sub_event_type, e.location, e.geo_precision) for e in found] == [("Armed clash", "Misrata", 2)]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # a camp or quarter the gazetteer lists in a town far from the one the sentence is set in: that town's
        ("وفي غرب مصراتة، اندلعت أمس اشتباكات عنيفة في حي الأندلس.", [("Misrata", 2)]),
        (  # "the city": the town named last; one clash there that day, told twice
            "اشتبكت قوتان في مدينة مصراتة أمس.\nوفي وسط المدينة، اندلعت اشتباكات أمس في حي الأندلس.",
            [("Misrata", 1)],
        ),
        ("وفي طرابلس، اندلعت أمس اشتباكات عنيفة في حي الأندلس.", [("Hay al-Andalus", 1)]),  # the listed one, there
    ],
)
def test_location_a_quarter_listed_far_from_the_town_its_sentence_is_set_in_is_that_towns(text, found):
    assert [(e.location, e.geo_precision) for e in run(text, "2019-05-02")] == found


def test_sentences_words_left_out_in_brackets_leave_the_act_with_its_place():
    text = 'وقال ضابط إن "سلاح الجو نفذ أمس غارات على مخازن للمهربين (..) على بعد 50 كلم شرقي مدينة سبها".'
    assert [(e.sub_event_type, e.location) for e in run(text, "2018-03-29")] == [("Air/drone strike", "Sabha")]


@pytest.mark.parametrize(
    "text",
    [
        "فرقت قوات الأمن بالقوة متظاهرين أمام مقر البرلمان في طبرق",  # the doer between verb and crowd
        "تجمع العشرات في مظاهرة بمدينة طبرق أمس، ثم تفرقوا حين رشقهم شبان بالحجارة",  # violence met them
    ],
)
def test_types_a_protest_broken_up_is_a_protest_with_intervention(text):
    assert [(e.sub_event_type, e.location) for e in run(text)] == [("Protest with intervention", "Tobruk")]


@pytest.mark.parametrize(
    "text",
    [
        "تظاهر العشرات في مدينة طبرق أمس وحضرت فرق الإسعاف",  # فرق: teams, no verb of dispersing
        "تظاهر العشرات في مدينة طبرق أمس ضد القمع",  # the repression they protest
    ],
)
def test_types_a_protest_with_no_verb_of_dispersing_stays_peaceful(text):
    assert [e.sub_event_type for e in run(text)] == ["Peaceful protest"]


def test_factuality_the_fighting_that_began_is_no_campaign_launched():
    assert [e.sub_event_type for e in run("بدأت المعركة في مدينة درنة فجر اليوم")] == ["Armed clash"]


@pytest.mark.parametrize(
    ("text", "events"),
    [
        # a paragraph of history: the sentence after one dated years back tells more of it
        ("نجحت الجماعات في طرد التنظيم من مدينة درنة عام 2015. وتوسعت المواجهات في أعقاب اغتيال شخصيتين في درنة", 0),
        ("قتل جنديان أمس في اشتباكات في مدينة درنة. وتوسعت المواجهات في أعقاب اغتيال شخصيتين في درنة", 2),
    ],
)
def test_date_an_undated_act_after_a_sentence_of_history_is_history(text, events):
    assert len(run(text, "2018-05-08")) == events


_STEP_BY_STEP = (
    "فرضت الحكومة عقوبات على قائد مجموعة مسلحة.\nوهاجم مسلحوه ميناء السدرة {when}.\nوحينها أحرقوا خزانين للنفط.\n"
    "وفي غضون أيام استعاد الجيش السيطرة على المنطقة عبر قصف الطائرات مواقع المسلحين في ميناء السدرة."
)


@pytest.mark.parametrize(
    ("when", "days"),
    [
        ("في يونيو الماضي", []),  # then, within days: June's story, told line by line in a September piece
        ("يوم الأحد", ["2018-09-09"]),  # the same story of last Sunday is the news
    ],
)
def test_date_sentences_opening_in_the_time_before_them_keep_that_time(when, days):
    got = run(_STEP_BY_STEP.format(when=when), "2018-09-12")
    assert sorted({str(e.event_date) for e in got}) == days


@pytest.mark.parametrize(
    ("text", "places"),
    [
        # neither a day nor a place of its own: a paragraph of commentary
        ("وأدى تكدس المهاجرين في الجنوب الليبي إلى نشوب معارك بالأسلحة بينهم وسقوط عشرات القتلى", []),
        ("اندلعت اشتباكات مسلحة أمس في الجنوب الليبي أسفرت عن مقتل خمسة أشخاص", ["Southern Libya"]),
    ],
)
def test_merge_an_undated_report_with_only_a_region_for_its_place_is_commentary(text, places):
    assert [e.location for e in run(text)] == places


@pytest.mark.parametrize(
    ("text", "subs"),
    [
        ("أغلق التجار محالهم في مدينة مصراتة أمس احتجاجا على انقطاع الكهرباء", ["Peaceful protest"]),
        ("وهدد التجار بإغلاق محالهم في مدينة مصراتة احتجاجا على انقطاع الكهرباء", []),  # a threat
    ],
)
def test_types_an_act_done_in_protest_is_a_protest(text, subs):
    assert [e.sub_event_type for e in run(text)] == subs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("اغتيل قاض متقاعد أمس في مدينة سبها", [("Attack", "Sabha", 1)]),  # the passive names the act too
        ("اغتال مسلحون أمس قاضيا متقاعدا في مدينة سبها", [("Attack", "Sabha", 1)]),
        # no place of its own: the act on a body's head, named after it, happened in that body's town
        ("وخطف مسلحون أمس رئيس مجلس حكماء غريان من أمام منزله", [("Abduction/forced disappearance", "Gharyan", 0)]),
    ],
)
def test_an_assassination_or_abduction_of_a_named_office_holder(text, expected):
    assert [(e.sub_event_type, e.location, e.fatalities) for e in run(text, "2020-01-20")] == expected


@pytest.mark.parametrize(
    "text",
    [
        "فتح مجهولون النار مساء أمس على حافلة تقل عمالا قرب مدينة غدامس",  # the time between the fire and its target
        "أطلق مسلحون الرصاص صباح الجمعة على حافلة تقل عمالا قرب مدينة غدامس",
        "أطلق مسلحون النار على حافلة تقل عمالا قرب مدينة غدامس مساء أمس",
    ],
)
def test_triggers_fire_with_a_time_before_its_target_is_one_phrase(text):
    assert [e.location for e in run(text, "2016-06-18")] == ["Ghadames"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # the condemned act, set in its own clause in a place and on a day, is reported too
        ("استنكرت الحكومة الهجوم المسلح على مستشفى في مدينة سبها صباح أمس", ["Sabha"]),
        ("استنكرت الحكومة أمس الهجوم المسلح على مستشفى في مدينة سبها", []),  # the day is the statement's
        ("استنكرت الحكومة الهجمات المسلحة على المستشفيات", []),
    ],
)
def test_factuality_a_condemned_act_with_its_own_place_and_day_is_reported(text, found):
    assert [e.location for e in run(text, "2019-08-01")] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # "the city" with no town of its own: the town named last, here inside the speaking council's name
        ("أعلن المجلس العسكري لمدينة زوارة أن قواته صدت أمس هجوما على البوابة الشرقية للمدينة", ["Zuwara"]),
        ("أعلنت الكتيبة أن قواتها صدت أمس هجوما على البوابة الشرقية للمدينة", []),  # no town named before it
    ],
)
def test_location_the_city_is_the_town_named_last(text, found):
    assert [e.location for e in run(text, "2016-02-23")] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "خرج مئات المتظاهرين في مدينة الزاوية أمس، وأطلقت قوة مسلحة النار على المحتجين",
            [("Excessive force against protesters", "Zawiya", "Protesters (Libya)", UNNAMED, 0)],
        ),
        (
            "قتل متظاهر أمس برصاص قوات الأمن خلال احتجاجات في مدينة الزاوية",
            [("Excessive force against protesters", "Zawiya", "Protesters (Libya)", "Police Forces of Libya", 1)],
        ),
    ],
)
def test_fire_on_a_crowd_is_force_against_the_protest_not_a_clash(text, found):
    """Fire opened on protesters, or a protester killed, is one event: ACLED's excessive force against protesters."""
    assert [(e.sub_event_type, e.location, e.actor1, e.actor2, e.fatalities) for e in run(text)] == found


def test_a_crowd_that_kills_uses_no_force_against_itself():
    assert all(
        e.sub_event_type != "Excessive force against protesters" for e in run("قتل المتظاهرون أمس شرطيا في الزاوية")
    )


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("قتل شاب أمس على أيدي مهربين في مدينة صبراتة", ("Attack", "Sabratha", "Smugglers (Libya)", 1)),
        ("قتل جنديان أمس بنيران مسلحي داعش جنوب سرت", ("Armed clash", "Sirte", "Islamic State (Libya)", 2)),
        ("قتل شخص أمس بطلق ناري من قبل مجموعة مسلحة في مدينة الزاوية", ("Attack", "Zawiya", UNNAMED, 1)),
    ],
)
def test_a_death_by_someones_fire_or_hands_is_their_act(text, found):
    """على يد، بنيران، بطلق ناري with a death: the killer's act; on unarmed people an attack, on soldiers a clash."""
    assert [(e.sub_event_type, e.location, e.actor1, e.fatalities) for e in run(text)] == [found]


def test_at_the_hands_of_without_a_death_is_no_act():
    assert run("أشاد المجلس أمس بالعمل الذي أنجز على يد المتطوعين في مدينة الزاوية") == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("قتل مسلحو داعش ثلاثة جنود في سرت أمس", [("Armed clash", "Sirte", "Islamic State (Libya)", 3)]),
        ("قتل مسلحون مجهولون أمس ثلاثة مدنيين في مدينة سبها", [("Attack", "Sabha", UNNAMED, 3)]),
        ("قتل مسلحو داعش أمس في سرت", []),  # no count after the name: the militants were the ones killed
        # one victim in the accusative after the doer (VSO): the doer killed one
        ("قتل مسلحون مجهولون مواطنا في مدينة سبها أمس", [("Attack", "Sabha", UNNAMED, 1)]),
        ("قتلت عصابة مسلحة طفلا قرب مدينة سبها أمس", [("Attack", "Sabha", UNNAMED, 1)]),
        ("قتل مسلحون جنديا عند بوابة قرب سرت أمس", [("Armed clash", "Sirte", UNNAMED, 1)]),
        # a verb of proceeding, the doer, then the masdar of killing: done
        ("أقدم مسلحون مجهولون على قتل مهندس في مدينة سبها أمس", [("Attack", "Sabha", UNNAMED, 1)]),
        ("عمدت عصابة مسلحة إلى قتل سائق قرب مدينة سبها أمس", [("Attack", "Sabha", UNNAMED, 1)]),
        ("دعا الشيخ في خطبته إلى قتل المخالفين في مدينة سبها", []),  # a call to kill is no killing
        # civilians killed with no number: the killing is told all the same
        ("قتل مسلحون مجهولون مواطنين مصريين في مدينة سبها أمس", [("Attack", "Sabha", UNNAMED, 0)]),
    ],
)
def test_a_party_named_after_a_verb_of_killing_did_the_killing(text, found):
    assert [(e.sub_event_type, e.location, e.actor1, e.fatalities) for e in run(text)] == found


def test_a_verb_of_burning_with_its_day_is_property_destruction():
    events = run("أحرقت مجموعة مسلحة أمس منازل لمواطنين في مدينة ترهونة")
    assert [(e.sub_event_type, e.location, e.actor1, e.event_date) for e in events] == [
        ("Looting/property destruction", "Tarhuna", UNNAMED, "2020-04-30")
    ]


@pytest.mark.parametrize(
    ("text", "date", "parties"),
    [
        (
            "انسحب مسلحو داعش أمس من حي الجيزة البحرية في سرت",
            "2016-12-10",
            ("Government of National Accord", "Islamic State (Libya)"),
        ),
        (
            "انسحبت قوات الجيش أمس من منطقة قنفودة غرب بنغازي",
            "2016-12-10",
            ("Benghazi Revolutionaries Shura Council", LNA),
        ),
        (
            "انسحب مسلحو داعش أمس من حي الجيزة البحرية في سرت",
            "2019-12-10",
            (None, "Islamic State (Libya)"),
        ),  # no front then
    ],
)
def test_ground_left_on_a_front_goes_to_the_camp_the_leaver_fought_there(text, date, parties):
    assert [(e.actor1, e.actor2) for e in run(text, date)] == [parties]


def test_a_running_tally_after_an_act_adds_no_act_of_its_own():
    events = run("قتل 5 أشخاص أمس في قصف على حي سكني في مدينة سبها، ليرتفع عدد قتلى المعارك إلى 70")
    assert [(e.sub_event_type, e.fatalities) for e in events] == [("Shelling/artillery/missile attack", 5)]


@pytest.mark.parametrize(
    "text",
    [
        "اندلعت اشتباكات أمس في الأصابعة وغريان",
        "دارت معارك عنيفة أمس على محاور الأصابعة وغريان",  # on several fronts: one clash on each
    ],
)
def test_fighting_in_two_towns_is_a_clash_in_each(text):
    events = run(text)
    assert [(e.sub_event_type, e.location) for e in events] == [
        ("Armed clash", "Al Asabaa"),
        ("Armed clash", "Gharyan"),
    ]


def test_a_toll_told_once_for_towns_struck_together_stays_with_the_first():
    events = run("قتل 3 أشخاص أمس في قصف على مدينتي غريان والأصابعة")
    assert [(e.location, e.fatalities) for e in events] == [("Gharyan", 3), ("Al Asabaa", 0)]


@pytest.mark.parametrize(
    "text",
    [
        "اقتحمت مجموعة من المواطنين الغاضبين مركز شرطة في مدينة الزاوية أمس وأحرقوه",  # angry citizens: a crowd
        "هاجم محتجون أمس مقر المجلس البلدي في مدينة الزاوية",  # the crowd right after the assault verb
    ],
)
def test_a_crowd_that_storms_a_building_riots(text):
    assert [(e.sub_event_type, e.actor1) for e in run(text)] == [("Violent demonstration", "Rioters (Libya)")]


def test_forces_that_storm_a_sit_in_are_no_rioters():
    events = run("اقتحمت قوات الأمن أمس خيام المعتصمين في مدينة الزاوية")
    assert [e.actor1 for e in events] == ["Police Forces of Libya"]


@pytest.mark.parametrize(
    "text",
    [
        "سيطر الجيش الوطني أمس على كلية الشرطة في درنة",  # a police building the other side held
        "سيطر الجيش الوطني أمس على معسكر الصاعقة ومبنى البلدية في درنة",  # a camp named after a unit
    ],
)
def test_a_body_named_in_a_place_taken_is_not_the_side_that_lost_it(text):
    events = run(text, "2018-06-04")
    assert [(e.sub_event_type, e.location, e.actor1, e.actor2) for e in events] == [
        ("Government regains territory", "Derna", LNA, "Derna Mujahideen Shura Council")
    ]


@pytest.mark.parametrize(
    ("text", "tolls"),
    [
        ("قتل 3 أشخاص في اشتباكات بسبها الخميس، وقتل اثنان آخران في تجدد الاشتباكات الجمعة", [3, 2]),
        ("اندلعت اشتباكات الخميس في سبها، ما أدى إلى مقتل 3 أشخاص، وتجددت الاشتباكات الجمعة دون ضحايا", [3, 0]),
    ],
)
def test_acts_told_on_days_of_their_own_take_each_its_own_toll(text, tolls):
    events = run(text, "2019-05-11")
    assert [(e.event_date, e.fatalities) for e in events] == list(zip(["2019-05-09", "2019-05-10"], tolls, strict=True))


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        (  # "أنه تم" is "it is that": no pointing back at the army; the gang that held them took them
            "أعلن الجيش أمس أنه تم الإفراج عن عمال ظلوا مختطفين لدى عصابة مسلحة في مدينة أجدابيا",
            (UNNAMED, "Civilians (Libya)"),
        ),
        (
            "قالت الشرطة أمس إن عناصرها اعتقلوا ثلاثة مهربين في مدينة زوارة",
            ("Police Forces of Libya", "Smugglers (Libya)"),
        ),
    ],
)
def test_a_statements_source_is_a_party_only_when_the_report_points_back_at_it(text, parties):
    assert [(e.actor1, e.actor2) for e in run(text)] == [parties]


def test_of_two_words_for_one_kind_of_act_the_one_with_its_day_places_it():
    text = "زرعت القوات ألغاما في الأحياء الجنوبية لمدينة غريان، وانفجر لغم أمس في منطقة الأصابعة فقتل شخصين"
    assert [(e.sub_event_type, e.location) for e in run(text)] == [("Remote explosive/landmine/IED", "Al Asabaa")]


def test_a_unit_coming_from_a_town_did_not_act_there():
    events = run("هاجمت كتيبة قادمة من مدينة غريان أمس مواقع لمسلحين جنوب مدينة الأصابعة")
    assert [e.location for e in events] == ["Al Asabaa"]
    events = run("هاجم اللواء القادم من مدينة غريان أمس مواقع لمسلحين جنوب مدينة الأصابعة")
    assert [e.location for e in events] == ["Al Asabaa"]


def test_buildings_handed_over_in_the_plural_are_a_transfer():
    events = run("أعلن المجلس أمس تسليم المقار الحكومية في مدينة الزاوية إلى قوة أمنية")
    assert [(e.sub_event_type, e.location) for e in events] == [("Non-violent transfer of territory", "Zawiya")]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # a port, an airport or a base handed over or received, its giver or taker between (VSO)
        (
            "سلمت قوات حرس المنشآت ميناء الزويتينة إلى الجيش أمس.",
            [("Non-violent transfer of territory", "Zueitina oil terminal")],
        ),
        ("تسلمت وحدات من الجيش مطار الأبرق أمس.", [("Non-violent transfer of territory", "Al Abraq airport")]),
        (  # withdrawn from two ports at once (a dual before the names): one transfer each
            "انسحبت قوات حرس المنشآت أمس من ميناءي البريقة والزويتينة دون قتال.",
            [("Non-violent transfer of territory", "Brega"), ("Non-violent transfer of territory", "Zueitina")],
        ),
    ],
)
def test_territory_a_place_handed_over_or_left_is_a_transfer(text, found):
    assert [(e.sub_event_type, e.location) for e in run(text, "2016-09-12")] == found


def test_location_a_named_region_the_act_governs_beats_a_place_told_before_it_in_the_clause():
    text = "أعلنت المؤسسة أمس وقف التصدير من ميناء الحريقة بعدما سيطرت قوات الجيش على منطقة الهلال النفطي"
    assert [e.location for e in run(text, "2018-07-02")] == ["Oil Crescent"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("تمكنت قوات الجيش أمس من تحرير جنود محاصرين في معسكر بمدينة غريان", []),  # people freed: no ground taken
        ("أعلن الجيش أمس تحرير مدينة غريان من المسلحين", [("Government regains territory", "Gharyan")]),  # ground
    ],
)
def test_liberating_people_is_no_taking_of_ground(text, found):
    assert [(e.sub_event_type, e.location) for e in run(text)] == found


@pytest.mark.parametrize(
    "later",
    [
        "وكانت المجموعة قد سيطرت على المدينتين يوم الثلاثاء.",  # the act told again, with its day
        "وتحاول القوات طرد المجموعة من المدينتين اللتين سيطرت عليهما يوم الثلاثاء.",  # its day in a relative clause
    ],
)
def test_merge_the_places_of_one_act_share_the_day_a_later_report_gives(later):
    text = "سيطرت مجموعة مسلحة على مدينتي هون وودان في الجفرة. " + later
    got = run(text, "2019-03-08")
    taken = "Non-state actor overtakes territory"
    assert sorted((e.sub_event_type, e.location, str(e.event_date)) for e in got) == [
        (taken, "Hun", "2019-03-05"),
        (taken, "Waddan", "2019-03-05"),
    ]


def test_actors_ground_taken_by_a_group_named_only_before_is_the_groups_overtaking():
    """The taker read from the sentence before (الجماعة: the group just named) decides the kind of taking too."""
    got = run("هاجمت جماعة مسلحة مدينة هون. وكانت الجماعة قد سيطرت على المدينة يوم الثلاثاء.", "2019-03-08")
    assert [(e.sub_event_type, e.actor1) for e in got] == [("Non-state actor overtakes territory", UNNAMED)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the act named after "بعد يومين من" happened two days before the sentence's own time
        ("وتأتي هذه الخطوة بعد يومين من مقتل ثلاثة جنود في هجوم على بوابة في سرت.", [("Sirte", "2018-10-07")]),
        ("وجاءت الزيارة بعد يوم من إعلان الجيش أن قواته اعتقلت قياديا في درنة.", [("Derna", "2018-10-08")]),
        # the act told before it is the later one: it keeps the day of the report
        ("سيطر الجيش على مدينة سرت بعد يومين من اشتباكات عنيفة.", [("Sirte", "2018-10-09")]),
    ],
)
def test_date_after_so_long_since_an_act_dates_that_act(text, expected):
    assert [(e.location, str(e.event_date)) for e in run(text, "2018-10-09")] == expected


@pytest.mark.parametrize(
    ("text", "subs"),
    [
        ("قضت محكمة في مصراتة أمس بالإعدام على خمسة متهمين.", []),  # sentenced to death, the court between
        ("هدد التنظيم أمس بالإعدام كل من يتعاون مع الجيش في سرت.", []),  # a threat of death
        ("أعدم مسلحون أمس خمسة أسرى في سرت.", ["Attack"]),
        ("قام التنظيم أمس بإعدام خمسة أسرى في سرت.", ["Attack"]),  # carried out an execution: done
    ],
)
def test_triggers_to_death_is_a_sentence_or_a_threat_not_an_execution(text, subs):
    assert [e.sub_event_type for e in run(text, "2018-10-09")] == subs


def test_factuality_so_long_since_another_act_is_no_recent_time_for_an_old_one():
    """ "بعد أسبوع من" dates the ruling after it; the arrest of 2011 told in the same sentence stays history."""
    text = "ونشر التسجيل بعد أسبوع من صدور حكم على القائد السابق الذي اعتقله مسلحون في سرت عام 2011."
    assert run(text, "2015-08-06") == []


@pytest.mark.parametrize(
    ("text", "hit"),
    [
        ("انفجرت سيارة مفخخة أمام مديرية الأمن في بنغازي ما أسفر عن مقتل جنديين.", "Police Forces of Libya"),
        ("انفجرت عبوة ناسفة قرب عناصر من الجيش في درنة.", LNA),
        ("انفجرت سيارة مفخخة أمام كتيبة ثوار طرابلس في طرابلس.", "Tripoli Revolutionaries Brigade"),
        (  # as its men passed, however long the device's description between
            "انفجرت عبوة ناسفة مزروعة على جانب الطريق الرئيسي أثناء مرور دورية للشرطة في درنة.",
            "Police Forces of Libya",
        ),
    ],
)
def test_actors_a_blast_beside_a_partys_building_hit_that_party(text, hit):
    """An explosion has no doer in its clause: the party whose building it went off at was hit, not the bomber."""
    assert [(e.actor1, e.actor2) for e in run(text)] == [(UNNAMED, hit)]


@pytest.mark.parametrize(
    "text",
    [
        "وقعت اشتباكات متقطعة بين مجموعتين مسلحتين في منطقة جنزور غرب طرابلس ليلة أمس.",
        "اشتبكت ميليشيتان أمس في منطقة جنزور غرب طرابلس.",
    ],
)
def test_actors_two_armed_groups_named_by_a_dual_are_no_fronts_camps(text):
    """A dual of unnamed groups (مجموعتين مسلحتين، ميليشيتين) names the fighters: not the camps of the front there."""
    assert [e.actor1 for e in run(text)] == [UNNAMED]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("أسقطت الدفاعات الجوية طائرة مسيرة تركية فوق ترهونة.", [("Disrupted weapons use", "Tarhuna")]),
        ("أعلن الجيش إسقاط طائرة مسيرة تركية في سماء ترهونة.", [("Disrupted weapons use", "Tarhuna")]),
        ("حلقت طائرات حربية فوق طرابلس.", []),  # flying over is no strike
        ("أفاد سكان بتحليق طائرات مسيرة في أجواء مدينة ترهونة.", []),
        ("حلقت طائرات حربية فوق طرابلس ثم قصفت مواقع في عين زارة.", [("Air/drone strike", "Ain Zara")]),
    ],
)
def test_location_over_a_town_and_in_its_sky_is_at_the_town(text, found):
    """فوق، في سماء، في أجواء: what happens in the air over a town is placed at it; aircraft only flying strike none."""
    assert [(e.sub_event_type, e.location) for e in run(text)] == found


@pytest.mark.parametrize(
    ("text", "taking"),
    [
        ("حررت القوات مدينة غريان أمس.", ("Government regains territory", "Unidentified Military Forces")),
        ("سيطرت القوات أمس على مدينة غريان.", ("Government regains territory", "Unidentified Military Forces")),
        ("سيطر مسلحون أمس على مدينة غريان.", ("Non-state actor overtakes territory", UNNAMED)),
    ],
)
def test_actors_ground_taken_by_forces_nobody_named_agrees_with_its_kind(text, taking):
    """A regaining is a state's: by forces nobody named it is an unidentified military's, never an armed group's."""
    assert [(e.sub_event_type, e.actor1) for e in run(text, "2018-06-18")] == [taking]


@pytest.mark.parametrize(
    ("text", "subs"),
    [
        ("اقتحم مسلحون مقر قناة تلفزيونية في طرابلس أمس ونهبوا معداتها.", ["Looting/property destruction"]),
        ("اقتحم مسلحون مصرفا في الزاوية أمس وسرقوا أموالا.", ["Looting/property destruction"]),
        ("سرق مجهولون سيارة إسعاف في درنة أمس.", ["Looting/property destruction"]),  # a verb of theft with its day
        (  # a fight told beside it is a clash of its own
            "اقتحم مسلحون مقر قناة في طرابلس أمس بعد اشتباكات مع حراسه ونهبوا معداتها.",
            ["Armed clash", "Looting/property destruction"],
        ),
    ],
)
def test_types_a_storming_to_loot_is_the_looting(text, subs):
    assert [e.sub_event_type for e in run(text, "2016-03-10")] == subs


@pytest.mark.parametrize("aircraft", ["طائراتنا", "مقاتلاتنا"])
def test_types_our_aircraft_in_a_quote_struck_from_the_air(aircraft):
    """ "طائراتنا" (our aircraft) in a spokesman's words is an aircraft like طائراته: the strike is an air strike."""
    text = f'وقال الناطق باسم الجيش يوم الخميس: "قصفت {aircraft} اليوم مواقع المسلحين في درنة".'
    got = [(e.sub_event_type, e.location, str(e.event_date), e.actor1) for e in run(text, "2020-05-10")]
    assert got == [("Air/drone strike", "Derna", "2020-05-07", LNA)]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # an air force named as the doer of a bare act of targeting struck from the air, undated as a lead is
        ("استهدف سلاح الجو تمركزات للمسلحين في منطقة الوشكة غرب سرت.", [("Air/drone strike", "Al Washka")]),
        ("أعلن سلاح الجو استعداده لاستهداف أي تحرك في منطقة الوشكة.", []),  # readiness to strike: no strike
    ],
)
def test_types_an_air_force_named_with_a_bare_act_struck_from_the_air(text, found):
    assert [(e.sub_event_type, e.location) for e in run(text, "2020-05-19")] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("قتل جندي أمس عند بوابة الخمسين غرب سرت.", [("Armed clash", 1)]),  # armed dead: a fight
        ("قتل شابان أمس في سبها.", [("Attack", 2)]),  # others: an attack on civilians
        ("قتل 3 أشخاص أمس جراء تحطم طائرة في سبها.", []),  # a cause that is no violence
        ("قتل شابان أمس في حادث سير في سبها.", []),
    ],
)
def test_triggers_a_sentence_opening_on_a_bare_killing_reports_one(text, found):
    assert [(e.sub_event_type, e.fatalities) for e in run(text, "2019-04-10")] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("وفي سياق متصل، قتل جندي أمس عند بوابة غرب سرت.", [("Armed clash", 1)]),  # after a fronted phrase
        ("وفي مدينة سبها، قتل شابان أمس برصاص مجهولين.", [("Attack", 2)]),
        ("قتل شابان، وهما شقيقان، أمس في مدينة سبها.", [("Attack", 2)]),  # opening on the verb, an aside after it
    ],
)
def test_triggers_a_bare_killing_after_a_fronted_phrase_reports_one(text, found):
    assert [(e.sub_event_type, e.fatalities) for e in run(text, "2019-04-10")] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (  # the dead told right after the day's fighting fell in it: one clash, at the quarter, with its toll
            "شهدت مدينة سبها أمس اشتباكات قبلية عنيفة. وقتل ثلاثة أشخاص في حي المنشية.",
            [("Armed clash", "Al Manshiya (Sabha)", 3)],
        ),
        (  # another incident, said so: an attack of its own
            "شهدت مدينة سبها أمس اشتباكات قبلية عنيفة. وفي حادثة منفصلة، قتل ثلاثة أشخاص في حي المنشية.",
            [("Armed clash", "Sabha", 0), ("Attack", "Al Manshiya (Sabha)", 3)],
        ),
    ],
)
def test_types_a_bare_killing_told_after_fighting_is_its_toll(text, found):
    assert [(e.sub_event_type, e.location, e.fatalities) for e in run(text, "2019-04-10")] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # the act a charge names is what the arrested are accused of, not a new event; the arrest kills none
        ("اعتقلت الشرطة أمس في سبها أربعة متهمين بتفجير عبوة ناسفة قرب مركز الشرطة.", [("Arrests", 0)]),
        ("ألقت قوة أمنية القبض أمس في سبها على رجل يشتبه في تورطه في اغتيال مهندس.", [("Arrests", 0)]),
        ("اعتقلت الشرطة أمس في سبها خلية متهمة بتنفيذ هجمات على بوابات أمنية.", [("Arrests", 0)]),
        ("اعتقلت الشرطة أمس في سبها أحد الضالعين في خطف طبيب.", [("Arrests", 0)]),
        # an act told beside the arrest keeps its own toll, the one it names after the verb, not the arrested
        (
            "اعتقلت الشرطة أمس في سبها خمسة مسلحين بعد اشتباك قتل فيه شرطي.",
            [("Armed clash", 1), ("Arrests", 0)],
        ),
    ],
)
def test_an_arrest_names_a_charge_and_kills_none(text, found):
    assert sorted((e.sub_event_type, e.fatalities) for e in run(text, "2019-04-10")) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # a table phrase opened by a verb, read across the verb's subject, time and place (VSO order)
        ("قبضت قوة أمنية في مدينة غات أمس على أربعة مهربين.", ("Arrests", "Ghat")),
        ("أوقفت الشرطة أمس في غات ثلاثة متهمين.", ("Arrests", "Ghat")),
        ("أسرت قوات الجيش أمس قرب غات سبعة مقاتلين.", ("Arrests", "Ghat")),
        ("نصبت مجموعة مسلحة أمس كمينا لدورية قرب غات.", ("Armed clash", "Ghat")),
        ("فضت قوات الأمن في غات أمس اعتصاما أمام مقر البلدية.", ("Protest with intervention", "Ghat")),
        ("استعادت القوات الحكومية أمس السيطرة على مدينة غات.", ("Government regains territory", "Ghat")),
        ("نظم العشرات من أهالي مدينة غات أمس مسيرة أمام مقر البلدية.", ("Peaceful protest", "Ghat")),  # a crowd
    ],
)
def test_triggers_a_phrase_opened_by_a_verb_is_read_across_its_subject(text, found):
    assert [(e.sub_event_type, e.location) for e in run(text, "2019-04-10")] == [found]


@pytest.mark.parametrize(
    "text",
    [
        "أوقفت الشرطة أمس حركة السير في مدينة غات.",  # a word of another kind between: not the phrase
        "قبضت البلدية أمس رسوما على المحلات في مدينة غات.",
    ],
)
def test_triggers_a_verb_and_a_phrase_word_with_other_words_between_are_no_phrase(text):
    assert run(text, "2019-04-10") == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # an armed group that targets something attacked it, though no weapon is named
        ("استهدف مسلحون مجهولون نقطة تفتيش عند مدخل مدينة غات فجر اليوم.", [("Armed clash", UNNAMED)]),
        ("استهدفت عصابة مسلحة حافلة تقل مدنيين قرب مدينة غات فجر اليوم.", [("Attack", UNNAMED)]),
        ("استهدف الجيش مواقع في مدينة غات فجر اليوم.", []),  # a state's forces: the weapon decides, none is named
        ("استهدف المجلس البلدي في بيانه الفساد في مدينة غات.", []),  # no armed subject
    ],
)
def test_triggers_a_verb_of_targeting_with_an_armed_group_as_subject_is_an_attack(text, found):
    assert [(e.sub_event_type, e.actor1) for e in run(text, "2019-04-10")] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # a place become held or fallen into someone's hands changed hands; "تحت سيطرة" alone is who holds it
        ("أصبحت مدينة غات تحت سيطرة قوات الجيش بالكامل صباح اليوم.", [("Government regains territory", "Ghat")]),
        (
            "باتت بلدة العوينات تحت سيطرة مسلحي داعش صباح اليوم.",
            [("Non-state actor overtakes territory", "Al Uwaynat (Ghat)")],
        ),
        ("سقطت مدينة غات بيد قوات الجيش صباح اليوم بعد معارك عنيفة.", [("Government regains territory", "Ghat")]),
        (
            "سقطت بلدة العوينات في قبضة مسلحي داعش صباح اليوم.",
            [("Non-state actor overtakes territory", "Al Uwaynat (Ghat)")],
        ),
        (  # an adverb of completeness or a time between the place and its holder
            "أصبحت بلدة العوينات بالكامل تحت سيطرة مسلحي داعش صباح اليوم.",
            [("Non-state actor overtakes territory", "Al Uwaynat (Ghat)")],
        ),
        (  # the place before the verb, and "under full control"
            "وقال مسؤول إن مدينة غات أصبحت تحت السيطرة الكاملة لقوات الجيش صباح اليوم.",
            [("Government regains territory", "Ghat")],
        ),
        ("تقع مدينة غات تحت السيطرة الكاملة لقوات الجيش منذ سنوات.", []),  # who holds it
        ("تقع مدينة غات تحت سيطرة قوات الجيش منذ سنوات.", []),
        ("سقط المتهم في قبضة الشرطة في مدينة غات صباح اليوم.", []),  # a person fell into the hands: no place
    ],
)
def test_territory_a_place_become_held_or_fallen_into_hands_changed_hands(text, found):
    assert [(e.sub_event_type, e.location) for e in run(text, "2019-04-10")] == found


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        ("داهمت قوة أمنية منزلا في حي الأندلس بطرابلس أمس واعتقلت ثلاثة مشتبه بهم.", ("Police Forces of Libya", None)),
        ("نصب مسلحون أمس كمينا لدورية أمنية قرب سبها.", (UNNAMED, "Police Forces of Libya")),
        ("احتجزت السلطات الأمنية أمس تسعة مهاجرين قرب مدينة المرج.", ("Police Forces of Libya", "Migrants")),
        ("أعلنت الجهات الأمنية في مصراتة القبض على خلية إرهابية أمس.", ("Police Forces of Libya", None)),
    ],
)
def test_actors_a_security_force_or_patrol_is_the_police(text, actors):
    """قوة أمنية، دورية أمنية، السلطات الأمنية: the security forces unnamed are the police, as قوات الأمن are."""
    assert [(e.actor1, e.actor2) for e in run(text, "2015-03-10")] == [actors]


@pytest.mark.parametrize(
    ("text", "date", "actor"),
    [
        ("سيطرت قوات عملية البرق الخاطف على ميناء راس لانوف أمس.", "2016-09-12", LNA),
        ("قصفت قوات عملية الشروق مواقع قرب ميناء السدرة أمس.", "2015-01-10", "Libya Dawn"),
        ("قصفت قوات قسورة مواقع قرب مطار طرابلس أمس.", "2014-08-10", "Libya Dawn"),
    ],
)
def test_actors_a_camps_named_operation_is_the_camp(text, date, actor):
    """A named military operation (البرق الخاطف، الشروق، قسورة) is the camp that fought it in its years."""
    assert [e.actor1 for e in run(text, date)] == [actor]


@pytest.mark.parametrize(
    ("date", "party"),
    [
        ("2015-08-01", LNA),  # the Thinni government and the HoR: the Dignity camp
        ("2017-08-01", "Government of National Accord"),  # after the Presidential Council reached Tripoli
    ],
)
def test_actors_the_internationally_recognised_government_is_read_by_the_articles_date(date, party):
    text = "اشتبكت أمس قوات تابعة للحكومة المعترف بها دوليا مع مسلحي داعش قرب أجدابيا."
    assert [{e.actor1, e.actor2} for e in run(text, date)] == [{party, "Islamic State (Libya)"}]


def test_actors_the_government_not_recognised_is_not_the_recognised_one():
    text = "قصفت أمس طائرات للحكومة غير المعترف بها في طرابلس مواقع في سرت."
    assert [e.actor1 for e in run(text, "2015-08-01")] == ["Unidentified Military Forces"]


@pytest.mark.parametrize(
    ("text", "date", "doer"),
    [
        ("قصفت قوات الحكومة المؤقتة مواقع في بنغازي أمس.", "2015-08-01", LNA),
        ("اشتبكت قوات تابعة لمجلس النواب مع مسلحين في درنة أمس.", "2015-08-01", LNA),
        (
            "اشتبكت القوات الموالية للمجلس الرئاسي مع مسلحين في جنوب طرابلس أمس.",
            "2018-08-01",
            "Government of National Accord",
        ),
        ("أدان مجلس النواب القصف الذي استهدف درنة أمس.", "2015-08-01", UNNAMED),  # the body itself only speaks
    ],
)
def test_actors_a_political_bodys_forces_are_its_army(text, date, doer):
    assert [e.actor1 for e in run(text, date)] == [doer]
