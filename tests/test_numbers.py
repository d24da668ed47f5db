"""events.numbers: people reported killed in one clause of news, and Arabic number words."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from events.numbers import FatalityInfo, count_fatalities, parse_number

#: (clause, people reported killed) — phrasing of the Libyan news in the dev set and its kin.
KILLED = [
    ("قتل 40 شخصًا على الأقل وأصيب العشرات بجروح", 40),
    ("ذبح المسلحون 12 عاملا أجنبيا على الشاطئ", 12),  # beheaded: a death verb like قتل
    ("وأظهر التسجيل نحر ثلاثة رهائن", 3),
    ("قضى ثلاثة أشخاص نحبهم في قصف على الحي", 3),  # قضى نحبه: died
    ("وقضى الجندي نحبه في الهجوم", 1),
    ("اغتال مجهولون رئيس النقابة أمام منزله", 1),  # one man assassinated, in the active voice too
    ("اغتالت مجموعة مسلحة ثلاثة قضاة", 3),
    ("واغتيلت محامية بارزة في وضح النهار", 1),
    ("أعدم المسلحون أربعة رهائن", 4),  # people held, counted by a death verb, are the dead
    ("ذبح التنظيم سبعة أسرى من الجيش", 7),
    ("قتل 6 جنود ووقع اثنان أسرى", 6),  # ... while after a count of the dead they stay the captured
    ("أطلق قناص النار على سائق فأرداه قتيلا", 1),  # shot him dead
    ("قتل شرطيان وسائق في الكمين", 3),  # people joined by و: a dual and a singular
    ("قتل موظفان ومزارع في الهجوم على الشركة", 3),  # unarmed people by their work: the dual counts two
    ("لقيت ممرضتان حتفهما في القصف", 2),
    ("قتل مساء الجمعة سودانيان في قصف على الحي", 2),  # a nationality's dual: two people of that country
    ("لقي مصريان وعامل ثالث مصرعهم في الانفجار", 3),
    ("قتل حارسان وأربعة عمال في الهجوم على الحقل", 6),  # a dual, then a number and its noun joined by و
    ("قتل مسعف وثلاثة مدنيين في القصف", 4),  # one, then a number joined to him
    ("يقتل مسلح ثلاثة حراس عند البوابة", 3),  # the doer's noun before the number is no one killed
    ("قتل مسلحون مجهولون ضابطا أمام منزله", 1),  # one in the accusative after the doer: the verb's object
    ("قتلت مجموعة مسلحة شابا عند البوابة", 1),
    ("قتل مسلحون جنديا وأصابوا طفلا", 1),  # not the one after و: another act's
    ("اعتقل ثلاثة مسلحين بعد اشتباك قتل فيه شرطي", 1),  # the one named after the verb, not the arrested before it
    ("لقي مزارع وابنه مصرعهما", 2),  # the dual's pronoun counts two
    ("قتل 4 عمال ومهندسان", 6),
    ("قتل صياد وأصيب آخر", 1),  # the wounded never
    ("سقط قتيلان وعدد من الجرحى في اشتباكات بالمدينة", 2),  # the dual noun counts; the wounded never
    ("لقي خمسة أشخاص مصرعهم وأصيب 12 خلال اشتباكات", 5),
    ("أسفرت المعارك عن مقتل العشرات وأسر العديد", 10),
    ("قتل حوالي 29 فردا من الطوارق وجرح أربعة في اشتباكات", 29),
    ("قال إن ثمانية أفراد من القبيلة قتلوا وجرح 18 آخرون", 8),
    ("أسفرت عن مقتل 5 جنود", 5),
    ("أكد الجيش مقتل أمير التنظيم في اشتباكات بمنطقة قنفودة", 1),
    ("أعلنت مصادر مقتل زعيم الجماعة خلال المواجهات", 1),
    ("قال مسؤولون عسكريون إن سبعة جنود ليبيين قتلوا اليوم الجمعة", 7),
    ("وقتل جنديان آخران عندما أرسلت الحكومة تعزيزا", 2),
    ("25 قتيلا و35 جريحا من القوات الخاصة", 25),
    ("إن 25 جنديا قتلوا وأصيب 35 آخرون في شهر يوليو وحده", 25),
    ("يقتل انتحاري ثلاثة جنود ليبيين عند نقطة تفتيش", 3),
    ("فتح مسلحون النار عليهم من مبان قريبة فيقتلون ستة آخرين", 6),
    ("أودت بحياة أكثر من 60 شخصًا خلال الأسابيع الأخيرة", 60),
    ("خمسة جنود قتلوا وفقد 15 آخرون عندما هاجم مقاتلو الدولة الإسلامية", 5),
    ("قتل خمسة جنود من الكتيبة 21 حرس حدود وقتل جنديان آخران", 7),
    ("قال مسؤولون أمس إن العشرات سقطوا قتلى في اشتباكات بين قبيلتين", 10),
    ("سقط 40 قتيلاً على الأقل غالبيتهم العظمى من المسلحين", 40),
    ("والحصيله الي الآن قتيلين وخمسة جرحي", 2),
    ("أسفر عن سقوط عشرات القتلى", 10),
    ("حيث قتل شخصان وأصيب عشرة بجروح في اشتباكات", 2),
    ("وتمكنت من أسر وقتل عدد من الجنود", 3),
    ("في عملية أسفرت عن مقتل السفير الأمريكي", 1),
    ("أحد قادة القوات الخاصة الذي لقي حتفه في مواجهات", 1),
    ("بدأت الاشتباكات بعد مقتل أحد أفراد القبيلة عند حاجز أمني", 1),
    ("مقتل قيادي في تنظيم داعش", 1),
    ("استشهاد شاب برصاص قناص", 1),
    ("مقتل ٢٥ شخصا", 25),
    ("مقتل خمسة وعشرين مدنيا وإصابة ثلاثين", 25),
    ("مقتل ثلاثة عشر جنديا", 13),
    ("مقتل 5 جنود و3 مدنيين في القصف", 8),
    ("أسفر القصف عن سقوط 3 قتلى و7 جرحى", 3),
    ("ارتفعت حصيلة القتلى إلى 45", 45),
    ("قتل 40 شخصا وارتفعت حصيلة القتلى إلى 45", 45),
    ("مقتل مئات المدنيين", 100),
    ("مقتل طفلين في سقوط قذيفة", 2),
    ("قتل في 5 غارات 12 شخصا", 12),
    ("أصيب 3 أشخاص ومقتل جندي", 1),
    ("أعلنت اللجنة العسكرية المشتركة 5+5 مقتل جندي", 1),
    ("قتل أثناء مشاركته في العمليات العسكرية ضد الجيش في محور وادي الربيع", 1),
    ("قتل في 28 من الشهر الماضي", 1),
    ("قال إن 5 من الجنود قتلوا في الكمين", 5),
    ("مقتل ثلاثة مدنيين بينهم طفل", 3),
    ("أعلن الجيش تصفية 5 مسلحين في المواجهات", 5),  # liquidated: a word of killing in military reports
    ("حصيلة الاشتباكات 12 قتيلا", 12),
    ("توفي 3 من الجرحى متأثرين بجراحهم", 3),
    ("انتشال 12 جثة لمهاجرين قبالة سواحل صبراتة", 12),
    ("انفجار راح ضحيته 5 أشخاص", 5),
    ("وفاة طفل في القصف", 1),
    ("أعلن الجيش هلاك ستة إرهابيين في المواجهات", 6),  # perished: how a side's media tell their foes' dead
    ("هلك أربعة من عناصر التنظيم في الغارة", 4),
    ("five people died", 5),
    ("At least 12 people were killed and 30 injured", 12),
    ("Dozens of people were killed in Sabha", 12),
    ("the death toll rose to 30", 30),
    ("killing three soldiers near Sirte", 3),
]

#: Deaths reported without a number: conservative 0, but reported.
UNCOUNTED = [
    "سقوط قتلى وجرحى في الاشتباكات",
    "قتل وجرح العشرات في القصف على الحي",  # the dead and the hurt told as one count: not one death
    "لقوا حتفهم في القصف",
    "مقتل مدنيين في القصف",  # plural, not the dual
    "قتل 30 مليون دينار",
    "مقتل 2 مدرعات",
    "ذبح 30 خروفا في عيد الأضحى",  # livestock, not people
    "قتل 700 كيلومتر",
    "ضمن صراع توسع منذ الإطاحة بمعمر القذافي وقتل فيه 2011",
    "في 28 أبريل قتل",
    "تتكرر في المدينة جرائم قتل المهاجرين",
    "مقتل وإصابة 10 أشخاص",  # dead and wounded together: no count of the dead
    "وقد استغل تنظيم داعش الفوضى بأن سيطر على بضع بلدات وأعدم أجانب",  # بضع counts towns, not the dead
]

#: No death reported: injuries, captives, missing, kidnapped, displaced, threats, negations.
NO_DEATH = [
    "جرح 5 أشخاص في الاشتباكات",
    "أصيب 12 شخصا بجروح",
    "اعتقال 5 من عناصر التنظيم",
    "أسر 15 جنديا",
    "فقد 15 جنديا بعد الهجوم",
    "اختطاف 3 أشخاص من مجمع مليتة",
    "نزوح مئات العائلات من الأحياء الجنوبية",
    "تهدد بقتل الرهائن",
    "نجا من محاولة قتله بفضل تدخل قوات الأمن",
    "لا يوجد قتلى ولا جرحى خلال اليومين الماضيين",
    "لم يسفر القصف عن قتلى",
    "No one was killed in the attack",
    "أصدرت المحكمة حكما بالإعدام على 5 متهمين",
    "وسيلة حاسمة لتجنب تكرار حوادث الخطف والقتل",
    "فصائل مجلس الشورى الذي لا يكشف عن أرقام قتلاه",
    "اجتماع اللجنة العسكرية المشتركة 5+5 في جنيف",
    "",
]

NUMBERS = [
    ("25", 25),
    ("٢٥", 25),
    ("۲۵", 25),
    ("1,200", 1200),
    ("واحد", 1),
    ("واحدة", 1),
    ("اثنان", 2),
    ("اثنين", 2),
    ("اثنتين", 2),
    ("ثلاثة", 3),
    ("ثلاث", 3),
    ("أربعة", 4),
    ("اربع", 4),
    ("خمسة", 5),
    ("خمس", 5),
    ("ثمانية", 8),
    ("عشرة", 10),
    ("عشر", 10),
    ("أحد عشر", 11),
    ("إحدى عشرة", 11),
    ("اثنا عشر", 12),
    ("ثلاثة عشر", 13),
    ("تسعة عشر", 19),
    ("عشرون", 20),
    ("عشرين", 20),
    ("تسعين", 90),
    ("خمسة وعشرون", 25),
    ("خمسة وعشرين", 25),
    ("ثلاثة وأربعون", 43),
    ("مئة", 100),
    ("مائة", 100),
    ("مئتان", 200),
    ("ثلاثمئة", 300),
    ("ثلاث مئة", 300),
    ("مئة وخمسون", 150),
    ("ألف", 1000),
    ("ثلاثة آلاف", 3000),
    ("5 آلاف", 5000),
    ("twenty", 20),
    ("twelve", 12),
]
NOT_NUMBERS = ["", "قتلى", "abc", "الجمعة", "خمسة جنود", "5+5"]


@pytest.mark.parametrize(("text", "count"), KILLED)
def test_killed(text, count):
    got = count_fatalities(text)
    assert got is not None, text
    assert got.count == count
    assert text[got.start : got.end] == got.surface


@pytest.mark.parametrize("text", UNCOUNTED)
def test_deaths_without_a_head_count_are_zero(text):
    got = count_fatalities(text)
    assert got is not None and got.count == 0


@pytest.mark.parametrize("text", NO_DEATH)
def test_no_death_reported(text):
    assert count_fatalities(text) is None


def test_span_covers_trigger_and_number():
    text = "قال مصدر طبي إن خمسة جنود قتلوا وفقد 15 آخرون"
    start = text.index("خمسة")
    assert count_fatalities(text) == FatalityInfo(5, start, start + len("خمسة جنود قتلوا"), "خمسة جنود قتلوا")


@pytest.mark.parametrize(("text", "value"), NUMBERS)
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_parse_number_rejects(text):
    assert parse_number(text) is None


@given(st.integers(min_value=0, max_value=10**9))
def test_parse_number_round_trips_digits(n):
    assert parse_number(str(n)) == n
    assert parse_number(str(n).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))) == n


@settings(max_examples=150, deadline=None)
@given(
    n=st.integers(min_value=1, max_value=999),
    noun=st.sampled_from(["أشخاص", "جنود", "مدنيين", "عناصر", "مسلحين"]),
    template=st.sampled_from(
        [
            "قتل {n} {noun}",
            "أسفر الهجوم عن مقتل {n} {noun} وإصابة 7 آخرين",
            "{n} {noun} قتلوا في القصف",
            "لقي {n} {noun} مصرعهم",
        ]
    ),
)
def test_any_head_count_next_to_a_death_word(n, noun, template):
    assert count_fatalities(template.format(n=n, noun=noun)).count == n


@settings(max_examples=100, deadline=None)
@given(n=st.integers(min_value=1, max_value=999), verb=st.sampled_from(["أصيب", "جرح", "اعتقال", "أسر", "فقد"]))
def test_injured_and_captured_are_never_deaths(n, verb):
    assert count_fatalities(f"{verb} {n} أشخاص في الاشتباكات") is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_any_text_gives_a_consistent_span(text):
    got = count_fatalities(text)
    if got is not None:
        assert text[got.start : got.end] == got.surface
        assert got.count >= 0


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("قتل مدنيَّين في القصف على الحي", 2),  # dual written with its fatha
        ("مقتل شرطيَّين عند البوابة", 2),
        ("قتل مدنيِّين في القصف على الحي", 0),  # the plural's kasra: how many is not said
        ("قتل مدنيين في القصف على الحي", 0),  # unvowelled: plural or dual, the conservative reading
    ],
)
def test_a_dual_written_with_its_vowel_counts_two(text, killed):
    assert count_fatalities(text).count == killed


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("لقي شرطيان مصرعهما في هجوم على البوابة", 2),  # the nominative dual of a noun the table lists once
        ("قتل صحفيان في القصف", 2),
        ("مقتل ناشطتين أمام منزلهما", 2),  # a feminine dual
        ("قتل مسلحين في الاشتباكات", 0),  # -ين is also the plural: how many is not said
    ],
)
def test_the_dual_of_any_noun_for_one_person_counts_two(text, killed):
    assert count_fatalities(text).count == killed


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("ما أدى إلى مقتل متظاهر وإصابة آخرين", 1),  # a protester, a prisoner, a refugee: one person each
        ("قتل سجين داخل الزنزانة", 1),
        ("مقتل لاجئة سودانية في القصف", 1),
        ("قتل محتجان أمام المقر", 2),  # and their duals
    ],
)
def test_a_singular_noun_for_a_person_counts_one(text, killed):
    assert count_fatalities(text).count == killed


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("عثر على جثة رجل قرب الطريق", 1),  # a body found is one death
        ("عثر على جثتين قرب الطريق", 2),
        ("انتشلت فرق الإنقاذ 12 جثة من البحر", 12),
    ],
)
def test_bodies_count_their_dead(text, killed):
    assert count_fatalities(text).count == killed


def test_the_body_already_told_is_not_counted_again():
    assert count_fatalities("ونقلت الجثة إلى المستشفى") is None
