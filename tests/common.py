"""Canonical cases reused across test modules (shapely's tests/common.py idea).

Each case is real Arabic news phrasing about a real Libyan place; expected values are place names in
English as the gazetteer spells them, so a test reads as the analyst would check it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EVAL_DEV = SHARED / "eval" / "dev"
EVAL_TRAIN = SHARED / "eval" / "train"
REFERENCE = SHARED / "reference"
SAMPLES = ROOT / "ui" / "samples" / "sample_articles.jsonl"

EMPTY = ""
NO_PLACE = "قال المتحدث باسم الحكومة إن الاجتماع كان إيجابيا وإن المحادثات ستستمر."

#: (text, English name of the one place it names): each spelling variant a monitor meets.
SPELLING_VARIANTS = [
    ("وصلت التعزيزات إلى مصراتة", "Misrata"),
    ("وصلت التعزيزات إلى مصراته", "Misrata"),
    ("وصلت التعزيزات إلى مصراتـة", "Misrata"),
    ("وصلت التعزيزات إلى مِصْرَاتَة", "Misrata"),
    ("اشتباكات عنيفة بمصراتة", "Misrata"),
    ("وصل الوفد إلى بنغازي وطرابلس", "Benghazi"),
    ("عاد الهدوء إلى إجدابيا", "Ajdabiya"),
    ("عاد الهدوء إلى أجدابيا", "Ajdabiya"),
    ("عاد الهدوء إلى اجدابيا", "Ajdabiya"),
    ("دخلت القوات لمدينة سرت", "Sirte"),
    ("The convoy reached Misurata on Friday", "Misrata"),
    ("The convoy reached Misratah on Friday", "Misrata"),
    ('تقدمت القوات في حي "شيحة" شرق درنة', "Shiha"),  # شيحا: a final ا written ة
    ("عاد النازحون إلى تاورغا", "Tawergha"),  # تاورغاء without its hamza
    ("اشتباكات في منطقة أبو هديمة ببنغازي", "Bu Hadima"),  # بوهديمة with أبو, apart
    ("وصلت القوات إلى بير الوار", "Bir al-War"),  # بئر as بير
    ("اندلعت اشتباكات في گرگارش", "Gargaresh"),  # the g written گ
    ("وصلت قافلة المساعدات إلى جرابولي شرق طرابلس", "Garabulli"),  # the g (Gasr Garabulli) written ج
]

#: Places inside actor names are not place mentions.
ACTOR_NAMES = [
    ("أعلنت قوة عمليات أجدابيا أن قوات الجيش تصدت للهجوم", "Ajdabiya"),
    ("قال مجلس شورى ثوار بنغازي في بيان إن عناصره انسحبت", "Benghazi"),
    ("أصدرت محكمة استئناف طرابلس أحكاما بحق 37 متهما", "Tripoli"),
    ("قال نائب في مجلس نواب طبرق إن الجلسة تأجلت", "Tobruk"),
    ("فاز أهلي بنغازي على منافسه بهدفين", "Benghazi"),  # a club named after its city
    ("قالت قوة حماية طرابلس إنها صدت الهجوم", "Tripoli"),  # a verbal noun heads a body's name when bare
    ("تعادل الأهلي طرابلس مع ضيفه", "Tripoli"),
    ("قال المحامي خالد غريان إن القضية مستمرة", "Gharyan"),  # a surname after a given name is a person's
    ("وأكد الناشط سالم زليتن أن الطريق مغلق", "Zliten"),
    ("وصلت إلى فاطمة الزهراء رسالة من أسرتها", "Al Zahra"),  # a woman's given name too
    ("أصدرت المحكمة حكما غيابيا على المكنى أبو جعفر الليبي", "Jaffar"),  # a kunya, masculine nisba and all
    ("أعلنت شركة البريقة لتسويق النفط وصول شحنة وقود", "Brega"),  # a company
    ("قال المجلس البلدي مصراتة إن المدارس تفتح غدا", "Misrata"),  # a council named by its adjective
    ("أكد رئيس المجلس العسكري الزنتان دعمه للحوار", "Zintan"),
    ("تخرج الضابط في أكاديمية طبرق البحرية", "Tobruk"),  # an academy, an institute, a school named after a town
    ("نشر معهد مصراتة للدراسات تقريرا", "Misrata"),
    ("تتنافس حكومتا طرابلس والبيضاء، وقال رئيسا حكومتي طرابلس والبيضاء إنهما يرفضان", "Al Bayda"),  # a dual's second
    ("قالت سرايا مصراتة في بيان إنها صدت الهجوم", "Misrata"),  # the plurals of the unit words
    ("انضمت ألوية الزنتان إلى القتال", "Zintan"),
]
#: Places inside the name of an actor the lexicon knows, with no organisation word before them (فجر ليبيا، مجاهدي درنة،
#: سرايا الدفاع عن بنغازي): not place mentions, and never an act's location: (text, the place that is no mention,
#: the act's (sub-type, location)).
KNOWN_ACTOR_NAMES = [
    ("قصفت الطائرات أمس مواقع لقوات فجر ليبيا قرب مدينة غريان.", "Libya", ("Air/drone strike", "Gharyan")),
    ("اشتبك الجيش أمس مع مسلحي مجاهدي درنة في حي المغار.", "Derna", ("Armed clash", "Al Maghar")),
    (
        "أعلنت سرايا الدفاع عن بنغازي مسؤوليتها عن الهجوم على ميناء راس لانوف أمس.",
        "Benghazi",
        ("Armed clash", "Ras Lanuf oil terminal"),
    ),
]
#: ... but an organisation "in" a town (an attached ب), or a head word used for the act it names (بحماية، لحماية),
#: leaves the town a place: (text, place).
ACTOR_IN_A_PLACE = [
    ("قال آمر المجلس العسكري بغريان إن الوضع هادئ", "Gharyan"),
    ("أعلنت شركة بمصراتة توقف أعمالها", "Misrata"),
    ("كلفت الكتيبة بحماية قاعدة الجفرة الجوية", "Al Jufra airbase"),  # protecting: an act, not a body's name
    ("أرسلت الحكومة قوات لحماية مدينة سرت", "Sirte"),
]

#: A foreign capital or region named by its country's adjective (العاصمة التونسية، الجنوب التونسي) is that place:
#: (text, the English name).
CAPITALS_BY_ADJECTIVE = [
    ("عقد الطرفان اجتماعا في العاصمة التونسية أمس", "Tunis"),
    ("وصل المبعوث مساء السبت إلى العاصمة المصرية", "Cairo"),
    ("تستضيف العاصمة الجزائرية الاجتماع المقبل", "Algiers"),
    ("تشهد مدن الجنوب التونسي احتجاجات منذ أيام", "Southern Tunisia"),  # a neighbour's region by its adjective
    ("عبر المهاجرون شمال النيجر", "Northern Niger"),
]

#: A name shared by a Libyan and a foreign place is the Libyan one unless the text is set in the other country,
#: or names that country and no Libyan place near the small Libyan town around the name: (text, place_id).
SAME_NAME_ABROAD = [
    ("داهمت الوحدات الأمنية في تونس منزلا بمنطقة سوسة الشمالية قرب المنستير", "x-sousse"),
    ("وصلت القوات إلى سوسة قرب شحات والبيضاء", "susa"),
    (
        "تتواصل المعارك في بنغازي وسرت وطرابلس ومصراتة. وفي تونس المجاورة شددت الشرطة الحراسة على الفنادق"
        " في مدينة سوسة بعد هجوم على السياح",
        "x-sousse",
    ),
    ("قصف التحالف مواقع الحوثيين في اليمن، وقال إن الحوثيين سيطروا على محافظة البيضاء", "x-al-bayda-yemen"),
    ("عقدت الحكومة المؤقتة اجتماعها في البيضاء", "al-bayda"),
    ("وقع انفجار في طرابلس اللبنانية", "x-tripoli-lebanon"),
    ("قال مسؤول في طرابلس إن لبنان يتابع القضية", "tripoli"),  # the capital needs no more than its name
    (
        "تتواصل المعارك في بنغازي وسرت وطرابلس ومصراتة. وفي تونس المجاورة شددت الشرطة الحراسة. وقال مسؤول"
        " في درنة إن قوارب صيد وصلت إلى مدينة سوسة",
        "susa",
    ),
]

#: A name placed in a foreign country by a direction right after it is that country's, or unknown here, never the
#: Libyan namesake: (text, the place it must not be, the same words with the name placed in Libya).
PLACED_IN_A_COUNTRY = [
    ("اندلعت مواجهات في طرابلس شمال لبنان", "tripoli", "اندلعت مواجهات في طرابلس شمال ليبيا"),
    ("احتج الصيادون في الزاوية، جنوب تونس", "zawiya", "احتج الصيادون في الزاوية، غرب ليبيا"),
]
#: ... but a direction that goes on a list (و) places nothing: (text, the place named before it).
LIST_GOES_ON = [("تنشط الجماعات في ليبيا وشمال مالي", "Libya"), ("انتشرت القوات في تونس، وجنوب الجزائر", "Tunisia")]

#: A Libyan quarter's name before a town abroad is that town's quarter: (text, the Libyan name it is not,
#: the same words before a Libyan town, where it is).
QUARTER_OF_A_TOWN_ABROAD = [
    ("ولد في حي الأندلس بمدينة صفاقس", "ولد في حي الأندلس بطرابلس", "Hay al-Andalus"),
    ("اعتقل في حي الأندلس بصفاقس", "اعتقل في حي الأندلس بطرابلس", "Hay al-Andalus"),
    ("أوقف شاب من العامرية بنقردان على الحدود", "أوقف شاب من العامرية غرب طرابلس", "Al Amiriya"),
    ("ولد اللاعب في منطقة العامرية بولاية صفاقس", "ولد اللاعب في منطقة العامرية غرب طرابلس", "Al Amiriya"),  # a unit
    ("نشأ في حي الأندلس معتمدية صفاقس المدينة", "نشأ في حي الأندلس بطرابلس", "Hay al-Andalus"),
    ("تسكن الأسرة في منطقة الزهراء من ولاية بن عروس", "اندلعت اشتباكات في الزهراء جنوب طرابلس", "Al Zahra"),  # من ولاية
]

#: A quarter's name shared by towns: written as in a town far from the gazetteer's quarter of that name, it is that
#: town's (an unknown quarter there, geo_precision 2), also as "المدينة" after the town was named:
#: (text, the quarter's words, the English name they resolve to, geo_precision).
QUARTER_OF_ANOTHER_TOWN = [
    ("اندلعت اشتباكات في حي الأندلس بمدينة مصراتة", "حي الأندلس", "Misrata", 2),  # Hay al-Andalus is Tripoli's
    ("سقطت قذيفة على منطقة الحدائق في زليتن", "الحدائق", "Zliten", 2),  # al-Hadaiq is Benghazi's
    ("داهمت قوة أمنية منزلا في منطقة الهواري وسط مدينة طبرق", "الهواري", "Tobruk", 2),
    ("قال مسؤول في زليتن إن قذيفة سقطت على منطقة الحدائق جنوب المدينة", "الحدائق", "Zliten", 2),
    ("سيطرت القوات على معسكر الصاعقة في مدينة درنة", "معسكر الصاعقة", "Derna", 2),  # the listed camp is Benghazi's
    ("سيطرت القوات على معسكر الصاعقة ومبنى البلدية في مدينة درنة", "معسكر الصاعقة", "Derna", 2),  # both in Derna
    ("اندلعت اشتباكات في حي الأندلس بطرابلس", "حي الأندلس", "Hay al-Andalus", 1),  # at home: the listed quarter
    ("سيطرت القوات على معسكر الصاعقة في بنغازي", "معسكر الصاعقة", "Saiqa special forces camp (Bu Atni)", 1),
    ("قال مسؤول في طرابلس إن اشتباكات اندلعت في حي الأندلس وسط المدينة", "حي الأندلس", "Hay al-Andalus", 1),
]

#: A country's name in ية after the article is its adjective, no place: (text, the country it is not).
NISBA_ADJECTIVES = [
    ("تناولت المحادثات القضيتين الفلسطينية والسورية", "Syria"),
    ("وصل الوفد أمس على متن الطائرة السورية", "Syria"),
]

#: Named quarters the gazetteer lacks sit at their city, approximately (geo_precision 2): (text, quarter, city).
UNKNOWN_QUARTERS = [
    ("قال مصدر في مدينة صبراتة إن مسلحين هاجموا مقرات في منطقة النهضة جنوب المدينة", "النهضة", "Sabratha"),
    ("اختطف مسلحون مقيما أمس في حي الزهور بمدينة سبها", "الزهور", "Sabha"),
    ("وقعت الاشتباكات في منطقة الشواهدة قرب مصراتة", "الشواهدة", "Misrata"),
    ("نقل المعتقلون أمس إلى سجن الجديدة في طرابلس", "الجديدة", "Tripoli"),
    ("اندلعت اشتباكات عند دوار القبائل في مدينة مصراتة", "القبائل", "Misrata"),  # a roundabout; في مدينة
    ("انفجرت عبوة قرب جسر الصنوبر في درنة", "الصنوبر", "Derna"),  # a bridge
    ("وقع انفجار أمس قرب دوار القدس في مدينة طرابلس", "القدس", "Tripoli"),  # named for a city abroad
]
#: ... and kind words followed by no name are no quarter: a nisba, a known word, a name outside any city.
NO_QUARTERS = [
    "أصابت القذائف حيا تجاريا في مدينة مصراتة وقال شهود إن حي تجاري في مصراتة تضرر",  # an adjective, no name
    "أعلن الجيش سرت منطقة عسكرية مغلقة قرب مدينة سرت",
    "تقدمت القوات في منطقة الاشتباكات جنوب طرابلس",
    "اختطف مسلحون مقيما في حي الزهور وسط العاصمة",
    "وقف الطلاب أمس على بوابة مدرسة درنة الثانوية",
    "نقل القائد أمس إلى مستشفى بباريس قادما من مدينة بنغازي",  # a hospital in Paris: the city, no name
]

#: A drone launched from Misrata struck al-Washka: the origin is not the event place.
DRONE_ORIGIN = "رصدت الدفاعات طائرة مسيرة خرجت من مصراتة لاستهداف قوات الجيش في محور الوشكة واستطاعت إسقاطها صباح اليوم"

#: Names that are ordinary words need a place context.
COMMON_WORD_NO_PLACE = "وصف الشاعر المنظر الجميل في قصيدته وقال إنه سرت في جسده قشعريرة"
COMMON_WORD_PLACE = ("رصدت قوات الاستطلاع سرية هاون بضواحي الجميل", "Al Jumayl")

#: Place names that are ordinary words (مساعد "assistant", الملاحة "navigation", الشرارة "spark"): (the word in its
#: ordinary sense, the same name with a place context, the English place name).
ORDINARY_WORD_NAMES = [
    ("قال مساعد وزير الخارجية إن المحادثات مستمرة", "وصل الوفد أمس إلى بلدة مساعد الحدودية", "Musaid"),
    ("تطالب المنظمة باحترام قانون الملاحة الدولي", "اندلعت اشتباكات في منطقة الملاحة", "Sharfat al-Mallaha"),
    ("أشعلت الحادثة الشرارة الأولى للاحتجاجات", "توقف الإنتاج في حقل الشرارة", "Sharara oilfield"),
    ("قال إن مراده الوحيد العودة إلى أسرته", "وصلت القوات إلى بلدة مرادة", "Marada"),  # his wish, written like مرادة
    ("قاس المهندس الزاوية بين الجدارين", "انتشل خفر السواحل جثثا قبالة الزاوية", "Zawiya"),  # off its coast
    ("ودان البيان الختامي للقمة الاعتداءات على المدنيين", "وصلت تعزيزات عسكرية إلى مدينة ودان", "Waddan"),  # و + دان
    ("أصيب الجندي بجروح فنقل إلى المستشفى لتلقي العلاج", "وصلت القافلة أمس إلى قرية فنقل", "Funqul"),  # ف + نقل
    ("استبدل العامل السدادة التالفة", "قصفت الطائرات تمركزات قرب قلعة السدادة", "Al Sadada"),  # a fort names its place
    ("وسرت شائعات أمس عن انسحاب القوات", "عثر الصيادون على جثث على شاطئ سرت", "Sirte"),  # a shore names its town
]

#: Names whose ordinary reading, a person or a common noun, takes a preposition as readily as the place does
#: (context_required "strict"): a preposition alone leaves them words; a kind word makes them places.
#: (the word after a preposition, the same name after a kind word, the English place name).
PERSON_OR_NOUN_NAMES = [
    ("بعث الرئيس الفرنسي برسالة إلى السراج يدعوه فيها إلى الحوار", "اندلعت اشتباكات في منطقة السراج", "Al Sarraj"),
    ("أهدى الكاتب روايته الأولى إلى عمر المختار", "وصلت القوات إلى قرية عمر المختار", "Omar al-Mukhtar (village)"),
    ("جلس المصطافون على الشاطئ طوال اليوم", "سقطت قذيفة في منطقة الشاطئ", "Wadi al-Shati"),
    ("غرق قارب يقل مهاجرين قبالة الشاطئ الليبي", "تقدمت القوات نحو وادي الشاطئ", "Wadi al-Shati"),
    ("تجمع المصطافون قرب الشاطئ", "سقطت قذيفة في منطقة الشاطئ", "Wadi al-Shati"),  # a relation word is no kind word
    ("رشق المحتجون الشرطة بوابل من الحجارة", "اندلعت اشتباكات في حي الحجارة", "Al Hajara (Sabha)"),
    ("يستخرج الزيت في المعاصر من الزيتون", "وصلت دورية إلى قرية الزيتون", "Al Zaytuna (Murzuq)"),
    ("ألقى الخطيب كلمة عن صلاح الدين", "تقدمت القوات على محور صلاح الدين", "Salah al-Din"),  # a front: its place
]

HTML_TEXT = 'قصف مدفعي على <script>alert("x")</script> منطقة عين زارة <img src=x onerror=alert(1)>'


def store_events(db: str) -> list:
    """The events of the store at ``db`` (path or URL), read and closed again."""
    from store import open_store

    store = open_store(db)
    try:
        return store.events()
    finally:
        store.close()


#: Factuality (events/factuality.py): sentences that report no incident of the article's own time.
#: Each is (text, publication date); each names a real place and an act, so only factuality can drop it.
NOT_INCIDENTS = {
    "a denial of the act itself": ("نفت الكتيبة قصف مدرسة في حي الأندلس بطرابلس أمس", "2019-06-13"),
    "pluperfect recap with an old year": ("وكان التنظيم قد سيطر على مدينة سرت عام 2015", "2020-05-01"),
    "fronted old month and year": ("وفي مايو 2013 شن مسلحون هجوما على معسكر في سبها", "2020-05-01"),
    "old explicit month after the act": ("شنت الطائرات غارة على مدينة درنة في فبراير 2016", "2020-05-01"),
    "background note": ("يذكر أن الطيران قصف مواقع في مدينة الجفرة في أكتوبر 2019", "2020-05-01"),
    "a habit, not an incident": ("تشن الجماعات المسلحة هجمات متكررة على المنشآت النفطية في راس لانوف", "2020-05-01"),
    "a daily habit": ("تتعرض أحياء مدينة غريان لقصف يومي من المواقع المحيطة بها", "2019-08-01"),
    "a campaign launched": ("أعلن القائد العام الأحد إطلاق عملية عسكرية واسعة في محيط مدينة سرت", "2018-05-08"),
    "a campaign started, with its doer between": ("أطلقت القوات أمس حملة عسكرية واسعة في مدينة درنة", "2018-05-08"),
    "a campaign's next phase launched, the campaign named by its aim": (
        "بدأت القوات المرحلة الأخيرة من حملة استعادة مدينة سرت أمس",
        "2018-05-08",
    ),
    "a campaign launched, its doer and day between": (
        "دشنت القوات الخاصة التابعة للمجلس الرئاسي فجر الجمعة عملية عسكرية كبيرة في أحياء مدينة سبها",
        "2017-04-15",
    ),
    "preparations for a battle": ("أكمل الجيش أمس الاستعدادات لمعركة تحرير مدينة سرت", "2018-05-08"),
    "a toll summed over weeks, a count in the span": (
        "قتل 15 شخصا خلال الأسابيع الثلاثة الماضية في اشتباكات متقطعة في مدينة سبها",
        "2019-05-10",
    ),
    "a state the news is set against": (
        "وصل وفد أممي إلى طرابلس أمس، في الوقت الذي تشهد فيه مدينة سبها اشتباكات متقطعة بين قبيلتين",
        "2017-05-10",
    ),
    "the charge of a lawsuit": (
        "قدم حقوقيون أمس شكوى في لاهاي ضد آمر كتيبة في مدينة بنغازي بتهمة تعذيب سجناء",
        "2018-05-08",
    ),
    "a death sentence passed": ("أصدرت محكمة في مدينة مصراتة أمس حكما بإعدام ستة أشخاص", "2018-05-08"),
    "a span of recent fighting fronted over the sentence": (
        "وخلال العمليات الأخيرة، أعلن الجيش مقتل قائد المسلحين في مدينة سرت خلال اشتباكات مع قواته",
        "2018-05-08",
    ),
    "a toll over a span of days": ("قتل خلال الأيام الماضية 20 شخصا في اشتباكات متقطعة في مدينة سبها", "2020-05-01"),
    "what a group does, in the present": (
        "وتنشط في ضواحي مدينة الزاوية عصابة تقوم بعمليات اختطاف للمسافرين",
        "2020-05-01",
    ),
    "a toll since the start": ("منذ بداية الهجوم على طرابلس قتل أكثر من ألف شخص", "2020-05-01"),
    "a toll since a stated day": (
        "قالت الوزارة إن حصيلة المعارك في مدينة طرابلس منذ 4 أبريل بلغت 1093 قتيلا",
        "2019-07-15",
    ),
    "a toll since a day in words": (
        "قالت الوزارة إن المعارك في مدينة طرابلس أوقعت منذ الرابع من أبريل 1093 قتيلا",
        "2019-07-15",
    ),
    "a toll over a period": ("أوقعت المعارك في ترهونة 30 قتيلا منذ الاثنين الماضي", "2020-05-01"),
    "an inquiry into an act": ("أعلن النائب العام فتح تحقيق في تعذيب معتقلين بسجن معيتيقة", "2020-05-01"),
    "a scandal about an act": ("تتفاعل فضيحة تعذيب سجناء داخل سجن الجديدة في طرابلس", "2020-05-01"),
    "the fighting as the thing to end": ("يسعى الوجهاء في مدينة الزاوية أمس لإنهاء القتال بين الكتائب", "2020-05-01"),
    "a game's words for its goal": ("قصف مهاجم الفريق المرمى بثلاث كرات خطيرة في ملعب مدينة بنغازي أمس", "2020-05-01"),
    "acts listed as the things to prevent": (
        "وقال المتحدث إن الطوق حول مدينة الزاوية أمس يهدف لمنع تسلل المسلحين والسيارات المفخخة إلى المدينة",
        "2020-05-01",
    ),
    "an act another time is measured from": ("وصل القائد أمس إلى مدينة بنغازي بعد ثلاثة أيام من الهجوم", "2020-05-01"),
    "held since then": ("واعتقل الرجل منذ ذلك الحين في سجن بمدينة طرابلس", "2020-05-01"),
    "commentary on known acts": ("قال الوزير أمس إن الاشتباكات الأخيرة في طرابلس أوضحت خطورة الوضع", "2020-05-01"),
    "an area named after an act": (
        "بدأ الجيش أمس عملية تستهدف قاعدة جوية قريبة من منطقة الاشتباكات في مدينة طبرق",
        "2020-05-01",
    ),
    "an institution named after an act": (
        "نقل خفر السواحل المهاجرين أمس إلى مركز احتجاز في مدينة الزاوية",
        "2020-05-01",
    ),
    "an accident": ("لقي شخص مصرعه مساء أمس جراء انفجار شاحنة غاز بمنطقة الليثي في مدينة بنغازي", "2020-05-01"),
    "a road accident": ("قتل ثلاثة أشخاص أمس في حادث سير على الطريق الساحلي قرب مدينة مصراتة", "2020-05-01"),
    "a celebration": ("أطلقت المدافع في مدينة بنغازي أمس احتفالا بعودة القائد", "2020-05-01"),
    "a rumour the media circulate": (
        "تناقلت وسائل الإعلام أمس مقتل قائد التنظيم في محور قنفودة غرب مدينة بنغازي",
        "2020-05-01",
    ),
    "a front named after the fighting": (
        "التقى القائد أمس في مدينة المرج قادة محاور القتال في منطقة الصابري بمدينة بنغازي",
        "2020-05-01",
    ),
    "a call reaching over an aside": (
        "طالب القائد أمس، في كلمة متلفزة، قواته بحسم القتال في مدينة بنغازي",
        "2020-05-01",
    ),
    "the battle as the thing to finish": ("تعمل القوات منذ أمس على استكمال المعركة في مدينة درنة", "2020-05-01"),
    "a party of a bygone era": ("وقصفت كتائب القذافي مدينة مصراتة بالصواريخ", "2018-04-20"),
    "a party of a bygone era after the act": (
        "تعرض المعتقلون للتعذيب على يد كتائب القذافي في سجن أبو سليم بطرابلس",
        "2018-04-20",
    ),
    "then, at that time": ("اغتيل عشرات العسكريين في مدينة درنة، وسط صمت السلطات آنذاك", "2020-05-01"),
    "demands of a party": (
        "أعلن المجلس أمس عن سلسلة من المطالب من بينها وقف إطلاق النار فورا في مدينة درنة",
        "2020-05-01",
    ),
    "a meeting about a battle": ("عقد القادة أمس اجتماعا طارئا بشأن معركة مدينة درنة", "2020-05-01"),
    "an act named by its place abroad": ("قالت الصحيفة إنه سيحاكم أمس في طرابلس بسبب هجوم مانشستر", "2020-05-01"),
    "a press review": ("تناولت الصحف اليوم التطورات الميدانية في ليبيا، والمعارك الدائرة في مدينة درنة", "2020-05-01"),
    "tools of an act found": ("وعثرت القوات أمس على أدوات التفجير داخل مخزن في مدينة سرت", "2020-05-01"),
    "a truce broken": ("واتهم المتحدث أمس الطرف الآخر بأنه انتهك الهدنة في مدينة طرابلس", "2020-05-01"),
    "an order": ("أصدر القائد العام أمس تعليماته لشن عملية عسكرية على مدينة درنة", "2020-05-01"),
    "an old act named again after a paragraph break": (
        "وكانت الطائرات قد شنت غارة على مواقع للمسلحين في مارس 2019.\nونفذت الطائرات الغارة قرب مدينة أوباري",
        "2020-05-01",
    ),
    "fire as a figure of speech": ("صب المتحدث أمس النار على خصومه في مدينة الزاوية", "2020-05-01"),
    "sacrifices slaughtered at a feast": ("ذبح الأهالي الأضاحي أمس في مدينة سرت احتفالا بالعيد", "2020-05-01"),
    "a truce that holds": ("صمدت الهدنة في مدينة طرابلس أمس لليوم الثالث على التوالي", "2018-09-07"),
    "an act named again in a transition": ("وتأتي المظاهرات التي شهدتها مدينة طرابلس أمس في وقت حساس", "2020-05-01"),
    "a permission": ("قال التقرير إن السلطات سمحت أمس لجماعات مسلحة باعتقال معارضين في مدينة طرابلس", "2020-05-01"),
    "a weapon someone wore": ("وظهر القائد أمس في مدينة درنة وهو يرتدي حزاما ناسفا", "2020-05-01"),
    "a weapon someone carried": ("وقال المصدر إن الرجل كان يحمل قنبلة يدوية عند وصوله أمس إلى مدينة سرت", "2020-05-01"),
    "an act as the topic of a meeting": ("التقى الوزير أمس بوفد في مدينة طرابلس لبحث الهجمات", "2020-05-01"),
    "what a front sees these days": (
        "قال المتحدث إن محور الليثي يشهد هذه الأيام اشتباكات متقطعة في مدينة بنغازي",
        "2020-05-01",
    ),
    "fighting expected": ("من المتوقع أن تندلع اشتباكات في مدينة غريان خلال الأيام المقبلة", "2020-05-01"),
    "strikes a source expects": ("توقعت مصادر عسكرية أمس أن تشن الطائرات غارات على مدينة غريان", "2020-05-01"),
    "the fighting as what stopped": ("عاد الهدوء إلى مدينة غريان أمس بعد توقف الاشتباكات", "2020-05-01"),
    "a tally rising over a period": ("ارتفعت حصيلة قتلى المعارك في مدينة سبها منذ أسبوع إلى 40 قتيلا", "2020-05-01"),
    "a toll since the fighting's outbreak": (
        "أوقعت المعارك منذ اندلاعها الشهر الماضي 80 قتيلا في مدينة سبها",
        "2020-05-01",
    ),
    "disposing of spoilt goods": ("بدأت البلدية أمس إعدام الشحنات الفاسدة في ميناء بنغازي", "2020-05-01"),
    "a warning of an act": ("حذر المجلس البلدي أمس من اشتباكات وشيكة في مدينة غريان", "2020-05-01"),
    "a plan for an act": ("ناقش المجلس العسكري أمس خطة اقتحام مدينة سبها", "2020-05-01"),
    "preparations for a campaign": (
        "اجتمع القادة أمس لوضع الترتيبات النهائية لمعركة تحرير مدينة سرت من المتشددين",
        "2020-05-01",
    ),
    "a force's own preparations": ("تواصل الكتائب أمس استعداداتها لهجوم على مدينة غريان", "2020-05-01"),
}

#: The same wording with a recent time: an incident (text, publication date, English place name, event date).
RECENT_INCIDENTS = {
    "an act whose authorship is denied (the act is not)": (
        "نفت الكتيبة مسؤوليتها عن قصف استهدف مدرسة في حي الأندلس بطرابلس أمس",
        "2019-06-13",
        "Hay al-Andalus",
        "2019-06-12",
    ),
    "a strike on a place of detention, in English (the centre is no arrest)": (
        "An airstrike hit a migrant detention centre in Tajoura yesterday, killing at least 40 people.",
        "2019-07-03",
        "Tajoura",
        "2019-07-02",
    ),
    "a tally raised by yesterday's clash, told with its day": (
        "ارتفعت حصيلة قتلى الاشتباكات التي شهدتها مدينة سبها أمس إلى 15 قتيلا",
        "2019-05-10",
        "Sabha",
        "2019-05-09",
    ),
    "a cautious calm after a clash": (
        "يسود هدوء حذر مدينة غريان بعد اشتباكات عنيفة الليلة الماضية",
        "2019-05-10",
        "Gharyan",
        "2019-05-09",
    ),
    "an act after a plan named in a clause of its own": (
        "وفي إطار الخطة الأمنية، اعتقلت الشرطة أمس ثلاثة مهربين في مدينة زوارة",
        "2020-05-01",
        "Zuwara",
        "2020-04-30",
    ),
    "a day of its own beside a span that tells a lull": (
        "اندلعت اشتباكات أمس في مدينة سبها بعد هدوء استمر خلال الأسابيع الماضية",
        "2019-05-10",
        "Sabha",
        "2019-05-09",
    ),
    "repeated fire on a day of its own": ("تعرضت مدينة غريان أمس لقصف متكرر", "2019-05-10", "Gharyan", "2019-05-09"),
    "earlier today, a time and no state": (
        "في وقت سابق اليوم، اندلعت اشتباكات في مدينة سبها بين قبيلتين",
        "2017-05-10",
        "Sabha",
        "2017-05-10",
    ),
    "pluperfect recap of yesterday": (
        "وكانت قوات الجيش قد سيطرت أمس على مدينة الأصابعة",
        "2020-05-01",
        "Al Asabaa",
        "2020-04-30",
    ),
    "an arrest on a charge: the arrest is the act": (
        "اعتقلت الشرطة أمس رجلا في مدينة مصراتة بتهمة قتل جندي",
        "2018-05-08",
        "Misrata",
        "2018-05-07",
    ),
    "fighting since a morning, no toll": (
        "تدور منذ صباح الخميس اشتباكات متقطعة في منطقة قنفودة غرب مدينة بنغازي",
        "2016-11-25",
        "Ganfouda",
        "2016-11-24",
    ),
    "the place in a later clause": (
        "ألقت أجهزة الأمن القبض على رجل، أمس الأربعاء، في مدينة مصراتة",
        "2017-05-25",
        "Misrata",
        "2017-05-24",
    ),
    "a month of the publication's own year": (
        "سيطرت قوات الوفاق على مدينة صبراتة في 13 أبريل 2020",
        "2020-04-20",
        "Sabratha",
        "2020-04-13",
    ),
    "a party in its own era": ("وقصفت كتائب القذافي أمس مدينة مصراتة بالصواريخ", "2011-04-20", "Misrata", "2011-04-19"),
    "fighting on the fronts": (
        "اندلعت اشتباكات عنيفة أمس في محاور القتال بمدينة الزاوية",
        "2020-05-01",
        "Zawiya",
        "2020-04-30",
    ),
    "fire opened with the shooter between verb and fire": (
        "أطلق مسلحون مجهولون أمس النار على دورية للشرطة في مدينة الزاوية",
        "2020-05-01",
        "Zawiya",
        "2020-04-30",
    ),
    "people beheaded by a group": (
        "ذبح مسلحون أمس ثلاثة عمال على شاطئ في مدينة سرت",
        "2020-05-01",
        "Sirte",
        "2020-04-30",
    ),
    "protesters named as the doers": (
        "أغلق محتجون أمس حقل الشرارة النفطي للمطالبة بتحسين الخدمات",
        "2018-07-01",
        "Sharara oilfield",
        "2018-06-30",
    ),
    "a truce announced": ("أعلن المجلس أمس هدنة في مدينة طرابلس", "2018-09-07", "Tripoli", "2018-09-06"),
    "an arrest by a body whose name holds a topic word": (
        "ألقى جهاز البحث الجنائي أمس القبض على ثلاثة مطلوبين في مدينة مصراتة",
        "2020-05-01",
        "Misrata",
        "2020-04-30",
    ),
    "a call, then a new clause that reports": (
        "دعا الوزير أمس إلى التهدئة، وقتل ثلاثة أشخاص في اشتباكات بمدينة الزاوية",
        "2020-05-01",
        "Zawiya",
        "2020-04-30",
    ),
}

#: An undated act named with the article after a paragraph of old news: another kind of act than the old one is the
#: article's own news (text, publication date, English place name, event date: the publication day).
NEW_ACT_AFTER_OLD_PARAGRAPH = (
    "وكان القائد قد أعلن في مارس 2019 تحرك القوات لتحرير مدينة درنة.\nوقتل ثلاثة جنود في الاشتباكات قرب مدينة درنة",
    "2020-05-01",
    "Derna",
    "2020-05-01",
)

#: Air or ground: the doer decides what a bare strike word is (text, expected sub-event type).
STRIKE_MEANS = [
    ("قصفت الطائرات الحربية أمس مواقع المسلحين في مدينة درنة", "Air/drone strike"),
    ("أعلن الجيش قيام قواته الجوية باستهداف مقر للمسلحين داخل مدينة درنة أمس", "Air/drone strike"),
    ("شن سلاح الجو أمس قصفا على مواقع في مدينة سرت", "Air/drone strike"),
    ("قال مسؤول إن طائرتين حربيتين قصفتا أمس قاعدة لكتيبة في مدينة بنغازي", "Air/drone strike"),
    ("أعلن الجيش اليوم أن طائراته قصفت أمس مواقع للمسلحين في مدينة درنة", "Air/drone strike"),  # its aircraft
    ("قال الجيش إن طائرته الحربية قصفت أمس مواقع للمسلحين في مدينة درنة", "Air/drone strike"),
    ("قصفت المدفعية أمس مواقع المسلحين في مدينة درنة", "Shelling/artillery/missile attack"),
    (  # the aircraft named later in the sentence as the one that carried the shelling out
        "تعرضت منطقة السواني أمس لقصف عنيف، وقالت مصادر إن الطائرات الإماراتية نفذت القصف",
        "Air/drone strike",
    ),
    (
        "تعرضت منطقة السواني أمس لقصف عنيف، وقالت مصادر إن كتيبة المدفعية نفذت القصف",
        "Shelling/artillery/missile attack",
    ),
    ("انفجرت عبوة ناسفة أمس قرب بوابة في مدينة سرت", "Remote explosive/landmine/IED"),
]

#: Weapons found, seized, defused or a blast foiled: ACLED's "Disrupted weapons use", not the blast or strike the weapon word names
#: (text, English place name); a count, a word of amount or, after على, the finder may stand between.
WEAPONS_SEIZED = [
    ("عثرت قوات الجيش أمس على 20 صاروخ غراد في منطقة جنوب مدينة سرت", "Sirte"),
    ("ضبطت الأجهزة الأمنية أمس كمية من العبوات الناسفة داخل مخزن في مدينة مصراتة", "Misrata"),
    ("تمكن فريق الهندسة العسكرية أمس من تفكيك لغم أرضي قرب بوابة في مدينة بنغازي", "Benghazi"),
    ("وضبطت الشرطة أمس معدات تفجير وألغاما في مخزن بمدينة سرت", "Sirte"),  # a list of things found
    ("أحبطت الأجهزة الأمنية أمس محاولة تفجير سيارة مفخخة في مدينة مصراتة", "Misrata"),  # a blast foiled
    ("ضبطت دورية للجيش أمس شحنة أسلحة على مشارف مدينة سبها", "Sabha"),  # weapons seized, the finder between
    ("صادرت الشرطة أمس كمية من الأسلحة والذخائر في مدينة مصراتة", "Misrata"),
]
#: Weapons talked of, none seized: no event.
WEAPONS_TALKED_OF = [
    "تتواصل عمليات تهريب الأسلحة إلى ليبيا عبر حدودها الجنوبية",
    "دعا المجلس إلى وقف توريد الأسلحة والذخائر إلى الأطراف المتحاربة في طرابلس",
]

#: A trigger noun in the accusative or the dual, forms no table row lists (text, sub-event type, English place).
INFLECTED_TRIGGERS = [
    ("أطلق المسلحون أمس 20 صاروخا على مدينة سرت", "Shelling/artillery/missile attack", "Sirte"),
    ("سقطت قذيفتان أمس على حي سكني في مدينة طرابلس", "Shelling/artillery/missile attack", "Tripoli"),
    ("هز انفجاران مدينة بنغازي أمس", "Shelling/artillery/missile attack", "Benghazi"),
    ("نصب مسلحون أمس كمينا لدورية أمنية قرب مدينة المرج", "Armed clash", "Al Marj"),  # the subject between
]

#: A place a distance is measured from (text, English place of the event): far away, another place the sentence
#: names is where it happened; near, or alone, it stands for the spot.
DISTANCE_REFERENCES = [
    ("قصف الطيران أمس حاجزا على بعد 400 كلم جنوب شرقي سبها، ومواقع أخرى في منطقة تربو", "Tarbu"),
    ("انفجرت عبوة ناسفة أمس على بعد 10 كلم جنوب مدينة سرت", "Sirte"),
    ("استهدف تفجير أمس بوابة تقع على بعد نحو 70 كيلومترا غربي بلدة راس لانوف", "Ras Lanuf"),
]

#: Text copied from web pages and PDFs: invisible characters inside a word and Arabic presentation forms.
INVISIBLES = {
    "zero-width space": "\u200b",
    "zero-width non-joiner": "\u200c",
    "zero-width joiner": "\u200d",
    "soft hyphen": "\u00ad",
    "word joiner": "\u2060",
    "Arabic letter mark": "\u061c",
    "byte-order mark": "\ufeff",
    "right-to-left mark": "\u200f",
}


def presentation_forms(text: str) -> str:
    """``text`` with every Arabic letter in its isolated presentation form, as PDF text extraction gives it."""
    import unicodedata

    out = []
    for c in text:
        try:
            out.append(unicodedata.lookup(unicodedata.name(c) + " ISOLATED FORM"))
        except (KeyError, ValueError):
            out.append(c)
    return "".join(out)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def dashboard(home: Path, db: Path, *, console: bool = False, **env):
    """The dashboard (``streamlit run app.py``) on 127.0.0.1 over the store ``db``; yields its port once the server
    answers (after its warm start). The server's output goes to ``home/server.log``, quoted when it does not start.

    ``console=True`` starts it as the ``libya-event-map`` console command does (``cli.dashboard``), from ``home``:
    a folder with no ``.streamlit/config.toml``.
    """
    import os
    import subprocess
    import sys
    import time
    import urllib.request

    import pytest

    port = free_port()
    env = {**os.environ, "LEM_HOME": str(home), "LEM_DB": str(db), "LEM_OFFLINE": "1", **env}
    server = ["--server.port", str(port), "--server.address", "127.0.0.1", "--server.fileWatcherType", "none"]
    if console:
        env["PYTHONPATH"] = str(ROOT)
        argv = [sys.executable, "-m", "cli.dashboard", *server]
    else:
        argv = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), *server]
        argv += ["--server.headless", "true", "--browser.gatherUsageStats", "false"]
    with open(home / "server.log", "wb") as log:
        proc = subprocess.Popen(
            argv,
            cwd=home if console else ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.time() + 90
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=10) as r:
                        if r.status == 200:
                            break
                except OSError:  # not listening yet, or still warming up
                    pass
                if proc.poll() is not None or time.time() > deadline:
                    pytest.fail(f"streamlit did not start: {(home / 'server.log').read_text(errors='replace')[-2000:]}")
                time.sleep(0.3)
            yield port
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def _pg_bin() -> Path | None:
    env = os.environ.get("LEM_PG_BIN")
    if env and (Path(env) / "initdb").is_file():
        return Path(env)
    root = Path("/usr/lib/postgresql")
    versions = (
        sorted(
            (p for p in root.glob("*/bin") if (p / "initdb").is_file()),
            key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        )
        if root.is_dir()
        else []
    )
    if versions:
        return versions[-1]
    found = shutil.which("initdb")
    return Path(found).parent if found else None


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[str]:
    """URL of a fresh database on a throw-away PostgreSQL cluster that this context starts (Debian's ``postgresql``
    package), stopped and deleted afterwards. Skips the test, with the reason, when the server binaries or the psycopg
    driver are missing or the cluster cannot start. As root the server runs as ``nobody`` (PostgreSQL refuses root).
    """
    import pytest

    pytest.importorskip("psycopg", reason="psycopg (psycopg[binary] in requirements-dev.txt) is not installed")
    bindir = _pg_bin()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries not found (apt-get install postgresql; or set LEM_PG_BIN)")
    base = Path(tempfile.mkdtemp(prefix="lem-pg-"))
    data, sock, log = base / "data", base / "sock", base / "server.log"
    sock.mkdir()
    as_user: list[str] = []
    if os.geteuid() == 0:
        if not shutil.which("runuser"):
            pytest.skip("running as root and runuser is missing; PostgreSQL cannot run as root")
        import pwd

        nobody = pwd.getpwnam("nobody")
        os.chmod(base, 0o755)
        for p in (base, sock):
            os.chown(p, nobody.pw_uid, nobody.pw_gid)
        as_user = ["runuser", "-u", "nobody", "--"]
    port = free_port()

    def pg(*cmd: str, timeout: int = 120) -> subprocess.CompletedProcess:
        return subprocess.run([*as_user, *cmd], capture_output=True, text=True, timeout=timeout, cwd=base)

    init = pg(
        str(bindir / "initdb"), "-D", str(data), "-U", "lem", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"
    )
    if init.returncode != 0:
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"initdb failed: {(init.stderr or init.stdout).strip().splitlines()[-1:]}")
    opts = f"-h 127.0.0.1 -p {port} -k {sock} -F -c fsync=off -c full_page_writes=off"
    start = pg(str(bindir / "pg_ctl"), "-D", str(data), "-o", opts, "-l", str(log), "-w", "-t", "60", "start")
    if start.returncode != 0:
        tail = log.read_text(errors="replace").strip().splitlines()[-3:] if log.exists() else start.stderr
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"PostgreSQL did not start: {tail}")
    try:
        made = pg(str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "lem", "lemtest")
        assert made.returncode == 0, made.stderr
        yield f"postgresql://lem@127.0.0.1:{port}/lemtest"
    finally:
        pg(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(base, ignore_errors=True)


def wait_for_page(page) -> None:
    """Wait until the dashboard's first page is complete: its map has drawn the events and the run the map then
    asks for (the timeline and the events table) has finished; a click before that may be lost to that run."""
    page.locator("[data-testid='stDataFrame']").first.wait_for(state="attached", timeout=60_000)
    wait_for_rerun(page)


def wait_for_rerun(page) -> None:
    """Wait until Streamlit has finished rerunning the page script (a click on a tab or a radio starts a rerun)."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        '() => !document.querySelector(\'[data-testid="stStatusWidget"] button, [data-testid="stStatusWidget"] img\')',
        timeout=60_000,
    )
    page.wait_for_timeout(300)
