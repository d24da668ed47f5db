"""events.dates: date expressions of Arabic and English news resolved against the publication date."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from events.dates import DateInfo, find_dates, resolve_date

FRIDAY = dt.date(2015, 7, 24)  # a Friday, as in the dev articles of July 2015
SPRING_2020 = dt.date(2020, 5, 1)

#: (text, expected ISO date, precision), published on FRIDAY.
RELATIVE = [
    ("قال مسؤولون اليوم إن الاشتباكات توقفت", "2015-07-24", 1),
    ("وقع الهجوم الليلة على البوابة", "2015-07-24", 1),
    ("سمع دوي انفجار هذا الصباح", "2015-07-24", 1),
    ("قال مسؤولون أمس إن العشرات سقطوا قتلى", "2015-07-23", 1),
    ("وقع الانفجار امس قرب الميناء", "2015-07-23", 1),
    ("اندلعت الاشتباكات البارحة", "2015-07-23", 1),
    ("أعلن وزير الخارجية الليلة الماضية اختطاف الموظفين", "2015-07-23", 1),
    ("قصفت الطائرات مساء أمس مواقع", "2015-07-23", 1),
    ("وقتل 7 جنود ليبيين أول أمس", "2015-07-22", 1),
    ("أغلق الجانب الليبي أول من أمس بوابة رأس إجدير", "2015-07-22", 1),
    ("قبل أمس سقطت قذائف", "2015-07-22", 1),
    ("بدأت المواجهات قبل يومين", "2015-07-22", 1),
    ("قتل الرجل قبل يوم", "2015-07-23", 1),
    ("استمرت منذ يومين", "2015-07-22", 1),
    ("تفجرت بين الطرفين قبل أربعة أيام في ضاحية", "2015-07-20", 2),
    ("قبل ثلاثة أيام", "2015-07-21", 2),
    ("قبل 3 أيام", "2015-07-21", 2),
    ("قبل ٣ أيام", "2015-07-21", 2),
    ("وصلت التعزيزات منذ أسبوع", "2015-07-17", 2),
    ("قبل أسبوع", "2015-07-17", 2),
    ("قبل أسبوعين", "2015-07-10", 2),
    ("قتل قبل يومين من الآن", "2015-07-22", 1),  # "from now" counts from today
    ("تأتي الخطوة بعد يومين من مقتل جنديين", "2015-07-22", 2),  # the act after it, that long before now
    ("جاءت الزيارة بعد أسبوع من الهجوم", "2015-07-17", 2),
    ("ويأتي ذلك عقب ساعات من انفجار", "2015-07-24", 2),
    ("قتل قبل يومين. من جهة أخرى", "2015-07-22", 1),  # a من after the sentence ends
    ("سقطت الصواريخ الأسبوع الماضي", "2015-07-17", 2),
    ("تعرضت المدينة خلال الساعات الماضية لقصف", "2015-07-24", 2),
    ("في الساعات الأخيرة", "2015-07-24", 2),
    ("خلال الساعات القليلة الماضية", "2015-07-24", 2),
    ("خلال الـ24 ساعة الماضية", "2015-07-24", 2),
    ("لا قتلى خلال اليومين الماضيين", "2015-07-23", 2),
    ("الشهر الماضي", "2015-06-01", 3),
    ("أواخر الشهر الماضي", "2015-06-25", 2),  # a part of the month: the day it names, to the week
    ("يوم أمس الأول", "2015-07-22", 1),
    ("في وقت سابق اليوم", "2015-07-24", 1),
    ("سمع دوي انفجار قبل قليل في الميناء", "2015-07-24", 1),
    ("أفادت مصادر محلية منذ قليل بسقوط قذائف", "2015-07-24", 1),  # a moment ago, as breaking news says it
    ("مطلع الأسبوع الجاري", "2015-07-19", 2),  # the week's first day, Sunday, in a Friday's article
    ("منتصف الأسبوع الماضي", "2015-07-15", 2),
    ("نفذ سلاح الجو غارات نهاية الأسبوع الماضي", "2015-07-17", 2),  # the last weekend's first day
    ("نهاية الأسبوع الجاري", "2015-07-24", 2),  # not after publication
    ("yesterday", "2015-07-23", 1),
    ("today", "2015-07-24", 1),
    ("Clashes erupted last night in the port", "2015-07-23", 1),
    ("the day before yesterday", "2015-07-22", 1),
    ("three days ago", "2015-07-21", 2),
    ("last week", "2015-07-17", 2),
]

#: Weekdays: the most recent such day on or before publication (a Friday); الماضي on a Friday = 7 back.
WEEKDAYS = [
    ("هاجم مسلحون الجمعة نقطة تفتيش", "2015-07-24"),
    ("وقع الهجوم يوم الجمعة", "2015-07-24"),
    ("شنت الطائرات غارات فجر الجمعة", "2015-07-24"),
    ("المسلحون الذين هاجموا الجمعة الماضي نقطة تفتيش", "2015-07-17"),
    ("الجمعة الماضية", "2015-07-17"),
    ("اختطفوا يوم الأحد الماضي بالقرب من مجمع مليتة", "2015-07-19"),
    ("اختطفوا يوم الاحد الماضي", "2015-07-19"),
    ("مساء الخميس", "2015-07-23"),
    ("الخميس الماضي", "2015-07-23"),
    ("صباح الأربعاء", "2015-07-22"),
    ("ظهر الاثنين", "2015-07-20"),
    ("عصر الثلاثاء", "2015-07-21"),
    ("كما قال مصدر أمني أمس الخميس", "2015-07-23"),
    ("كما قال مصدر أمني أمس الأربعاء", "2015-07-22"),  # written on Thursday, dated Friday: the weekday wins
    ("قال مسؤول أمس الاثنين", "2015-07-23"),  # a weekday that is neither day: أمس
    ("سبعة جنود ليبيين قتلوا اليوم الجمعة", "2015-07-24"),
    ("The convoy reached Misurata on Friday", "2015-07-24"),
    ("last Friday", "2015-07-17"),
    ("on Monday night", "2015-07-20"),
    ("شنت طائرات مسيرة غارات فجر اليوم الجمعة على مواقع", "2015-07-24"),
    ("في وقت متأخر من مساء الخميس", "2015-07-23"),
    ("مساء يوم الأربعاء الماضي", "2015-07-22"),
    ("منتصف ليل الثلاثاء", "2015-07-21"),
]

#: Explicit dates: (text, published, expected ISO date, precision).
EXPLICIT = [
    ("قتل في 28 أبريل 2020", SPRING_2020, "2020-04-28", 1),
    ("أطلق الهجوم في السابع من أبريل الماضي", SPRING_2020, "2020-04-07", 1),  # an ordinal day
    ("في الخامس عشر من مارس 2020", SPRING_2020, "2020-03-15", 1),
    ("في الحادي والعشرين من أبريل/نيسان", SPRING_2020, "2020-04-21", 1),
    ("28 أبريل/نيسان 2020", SPRING_2020, "2020-04-28", 1),
    ("٢٨ أبريل ٢٠٢٠", SPRING_2020, "2020-04-28", 1),
    ("2020-04-28", SPRING_2020, "2020-04-28", 1),
    ("28/4/2020", SPRING_2020, "2020-04-28", 1),
    ("وقع الهجوم في 28-04-2020", SPRING_2020, "2020-04-28", 1),
    ("April 28, 2020", SPRING_2020, "2020-04-28", 1),
    ("28 April 2020", SPRING_2020, "2020-04-28", 1),
    ("28th April 2020", SPRING_2020, "2020-04-28", 1),
    ("يوم الثلاثاء 28 أبريل/نيسان 2020", SPRING_2020, "2020-04-28", 1),
    ("الجمعة 3 يوليو", FRIDAY, "2015-07-03", 1),
    ("في 3 مايو", FRIDAY, "2015-05-03", 1),
    ("في 25 يوليو", FRIDAY, "2015-07-25", 1),  # publication + 1 day: still this year
    ("في 28 يوليو", FRIDAY, "2014-07-28", 1),  # later than that: last year
    ("في 12 تشرين الأول", FRIDAY, "2014-10-12", 1),
    ("في 5 جوان 2015", FRIDAY, "2015-06-05", 1),
    ("في 14 أفريل", FRIDAY, "2015-04-14", 1),
    ("في الـ 15 من يوليو", FRIDAY, "2015-07-15", 1),
    ("يوم 5 يوليو الجاري", FRIDAY, "2015-07-05", 1),
    ("May 5", FRIDAY, "2015-05-05", 1),
    ("اندلعت الاشتباكات في شباط/فبراير", FRIDAY, "2015-02-01", 3),
    ("قتل 25 جنديا في شهر يوليو وحده", FRIDAY, "2015-07-01", 3),
    ("في نيسان الماضي", FRIDAY, "2015-04-01", 3),
    ("في أغسطس", FRIDAY, "2014-08-01", 3),
    ("كانون الثاني 2015", FRIDAY, "2015-01-01", 3),
    ("تشرين الثاني/نوفمبر 2019", SPRING_2020, "2019-11-01", 3),
    ("في مارس 2020", SPRING_2020, "2020-03-01", 3),
    ("in April 2020", SPRING_2020, "2020-04-01", 3),
    ("في 12 أكتوبر (تشرين الأول) 2014", FRIDAY, "2014-10-12", 1),
    ("في 17 فبراير 2015 قتل", FRIDAY, "2015-02-17", 1),
    ("قتل في الخامس من الشهر الجاري", FRIDAY, "2015-07-05", 1),  # a day of the month named by "month"
    ("يوم 12 من الشهر الحالي", FRIDAY, "2015-07-12", 1),
    ("في الحادي والعشرين من الشهر الماضي", FRIDAY, "2015-06-21", 1),
    ("أوقف يوم 5 الجاري", FRIDAY, "2015-07-05", 1),  # "current" alone after the day, as Maghrebi outlets write
    ("في 21 المنقضي", FRIDAY, "2015-06-21", 1),
    ("في 21 من الشهر المنقضي", FRIDAY, "2015-06-21", 1),
]

#: Nothing to resolve: years, Hijri months, the future, durations, ordinary words that look like months.
NOTHING = [
    "سيطرت على العاصمة منذ عام 2011",
    "زار الوزير المدينة قبل يومين من الهجوم",  # two days before another act, not before today
    "وفي ذلك اليوم اقتحم المسلحون المعسكر",  # that day: one named before, not today
    "وفي تلك الليلة غادر القافلة",
    "وفي مثل هذا اليوم دخل الثوار المدينة",  # this day: an anniversary, a day told before
    "روى الحارس ما رآه في هذا اليوم",
    "عبر الرتل الجسر يوم الأحد (14 يوليو)",  # 14 July of 2015 is a Tuesday: a Sunday of another, unsaid year
    "الثلاثاء 3 يوليو",
    "وقبل ثلاثة أيام فقط من توقيع الاتفاق، اندلعت اشتباكات",
    "وصل الوفد بعد أيام من الهجوم",  # days: how many is not said
    "وصل الوفد بعد يومين",  # two days later than something unsaid
    "المركز الأول من نوعه في المدينة",  # an ordinal, but no month after its من
    "تجرى الانتخابات يوم 28 من الشهر الجاري",  # a day of this month still to come
    "تجرى الانتخابات يوم 28 الجاري",
    "في ذكرى هجمات الحادي عشر من سبتمبر",  # a date that names an event
    "منذ 2014",
    "خلال شهر رمضان",
    "تستأنف المحادثات غدا",
    "غدًا",
    "تعقد الجلسة يوم غد الخميس في طرابلس",  # tomorrow, named by its weekday
    "ويصل الوفد غدا السبت",
    "الأسبوع المقبل",
    "الشهر المقبل",
    "تجرى الانتخابات في أكتوبر المقبل",
    "في 2 مايو المقبل",
    "الجمعة المقبلة",
    "تستمر الحرب منذ أكثر من عام",
    "الحرب التي يشنها حفتر منذ أبريل 2019",
    "مارس الضغط على الحكومة",
    "في اليوم التالي",
    "قتل فيه 2011 شخصا",
    "أغلق الميناء منذ الخريف الماضي",
    "they may attack the port",
    "قبل انتهاء فترة ولايته الدستورية في أكتوبر (تشرين الأول) المقبل",
    "هذا قرار فرض في ثورة 17 فبراير، بحجة أنه لا يوجد جيش",
    "تقدمت كتيبة 17 فبراير نحو الميناء",
    "في ذكرى 17 فبراير 2011",
    "in 30 فبراير",
    "",
    "\x00\ufffd<script>",
]


@pytest.mark.parametrize(("text", "iso", "precision"), RELATIVE)
def test_relative_days(text, iso, precision):
    got = resolve_date(text, published=FRIDAY)
    assert got is not None, text
    assert (got.date.isoformat(), got.precision) == (iso, precision)
    assert text[got.start : got.end] == got.surface


@pytest.mark.parametrize(("text", "iso"), WEEKDAYS)
def test_weekdays_resolve_on_or_before_publication(text, iso):
    got = resolve_date(text, published=FRIDAY)
    assert got is not None, text
    assert (got.date.isoformat(), got.precision) == (iso, 1)


@pytest.mark.parametrize(
    "text",
    [
        "قالت مصادر، السبت، إن مسلحين اختطفوا مهندسا",  # the text a day ahead of the article's date
        "ليلة السبت",  # Friday's night: the night before Saturday
        "مساء السبت",
    ],
)
def test_the_weekday_after_publications_is_the_publication_day_not_six_days_back(text):
    got = resolve_date(text, published=FRIDAY)
    assert got is not None and (got.date, got.precision) == (FRIDAY, 2)
    assert resolve_date("السبت الماضي", published=FRIDAY).date == dt.date(2015, 7, 18)  # marked past: a week back


@pytest.mark.parametrize(("text", "published", "iso", "precision"), EXPLICIT)
def test_explicit_dates(text, published, iso, precision):
    got = resolve_date(text, published=published)
    assert got is not None, text
    assert (got.date.isoformat(), got.precision) == (iso, precision)


@pytest.mark.parametrize(
    ("text", "iso", "surface"),
    [
        ("اندلعت اشتباكات منتصف الشهر الجاري", "2015-07-15", "منتصف الشهر الجاري"),  # the part of a month: its day
        ("اختطف أواخر الشهر الماضي", "2015-06-25", "أواخر الشهر الماضي"),
        ("في مطلع يونيو الماضي", "2015-06-01", "مطلع يونيو الماضي"),
        ("نهاية يونيو", "2015-06-28", "نهاية يونيو"),
        ("أواخر الشهر الجاري", "2015-07-24", "أواخر الشهر الجاري"),  # never after publication
    ],
)
def test_a_part_of_a_month_is_the_day_it_names_to_the_week(text, iso, surface):
    got = resolve_date(text, published=FRIDAY)
    assert got is not None and (got.date.isoformat(), got.precision, got.surface) == (iso, 2, surface)
    assert resolve_date("الشهر الماضي", published=FRIDAY).precision == 3  # a month with no part stays a month


@pytest.mark.parametrize("text", NOTHING)
def test_not_an_event_date(text):
    assert find_dates(text, published=FRIDAY) == []
    assert resolve_date(text, published=FRIDAY) is None


def test_surface_and_offsets():
    text = "قال مسؤولون إن مسلحين هاجموا فجر الجمعة نقطة تفتيش"
    got = resolve_date(text, published=FRIDAY)
    assert got == DateInfo(FRIDAY, 1, text.index("فجر"), text.index("فجر") + len("فجر الجمعة"), "فجر الجمعة")


def test_prefers_precise_then_first():
    text = "بعد معارك استمرت الأسبوع الماضي، قصفت الطائرات أمس ثم الخميس مواقع في شهر يوليو"
    found = find_dates(text, published=FRIDAY)
    assert [(d.surface, d.date.isoformat(), d.precision) for d in found] == [
        ("الأسبوع الماضي", "2015-07-17", 2),
        ("أمس", "2015-07-23", 1),
        ("الخميس", "2015-07-23", 1),
        ("يوليو", "2015-07-01", 3),
    ]
    assert resolve_date(text, published=FRIDAY).surface == "أمس"


def test_background_duration_does_not_win_over_the_news_day():
    text = "في إطار الحرب التي يشنها منذ 4 أبريل 2019، قصفت قواته أمس الأحياء الجنوبية"
    got = resolve_date(text, published=SPRING_2020)
    assert (got.surface, got.date) == ("أمس", dt.date(2020, 4, 30))


def test_stated_weekday_wins_over_a_next_day_publication_date():
    text = "قال مسؤولون عسكريون إن سبعة جنود ليبيين قتلوا اليوم الجمعة"
    got = resolve_date(text, published=dt.date(2015, 8, 1))  # a Saturday
    assert (got.date, got.surface) == (dt.date(2015, 7, 31), "اليوم الجمعة")


def test_relative_needs_a_publication_date_but_explicit_does_not():
    assert resolve_date("قصفت الطائرات أمس", published=None) is None
    assert resolve_date("فجر الجمعة", published=None) is None
    got = resolve_date("في 28 أبريل 2020", published=None)
    assert (got.date, got.precision) == (dt.date(2020, 4, 28), 1)


def test_publication_date_may_be_a_datetime_or_iso_string():
    when = dt.datetime(2015, 7, 24, 18, 30)
    assert resolve_date("قصفت الطائرات أمس", published=when).date == dt.date(2015, 7, 23)
    assert resolve_date("قصفت الطائرات أمس", published="2015-07-24").date == dt.date(2015, 7, 23)
    assert resolve_date("قصفت الطائرات أمس", published="not a date") is None


def test_dates_after_publication_are_dropped():
    assert resolve_date("ستجرى الانتخابات في 24 ديسمبر 2021", published=SPRING_2020) is None


PAST_EXPRESSIONS = [
    "أمس",
    "اليوم",
    "الليلة الماضية",
    "أول من أمس",
    "قبل يومين",
    "منذ أسبوع",
    "الأسبوع الماضي",
    "خلال الساعات الماضية",
    "فجر الجمعة",
    "الخميس الماضي",
    "يوم الأحد",
    "مساء السبت",
    "أمس الأربعاء",
    "في 3 مايو",
    "في 31 ديسمبر",
    "في شهر مارس",
    "شباط/فبراير",
    "yesterday",
    "on Friday",
    "last Tuesday",
]
DAYS = st.dates(min_value=dt.date(1995, 1, 1), max_value=dt.date(2035, 12, 31))


@settings(max_examples=200, deadline=None)
@given(published=DAYS, expr=st.sampled_from(PAST_EXPRESSIONS))
def test_past_expressions_never_after_publication_plus_one(published, expr):
    got = resolve_date(f"قصفت الطائرات {expr} مواقع", published=published)
    assert got is not None
    assert got.date <= published + dt.timedelta(days=1)
    assert got.date > published - dt.timedelta(days=366)


WEEKDAY_NAMES = {"الاثنين": 0, "الثلاثاء": 1, "الأربعاء": 2, "الخميس": 3, "الجمعة": 4, "السبت": 5, "الأحد": 6}


@settings(max_examples=200, deadline=None)
@given(
    published=DAYS,
    name=st.sampled_from(sorted(WEEKDAY_NAMES)),
    past=st.booleans(),
    prefix=st.sampled_from(["", "يوم ", "فجر ", "مساء ", "ليلة "]),
)
def test_weekday_is_that_weekday_within_a_week(published, name, past, prefix):
    text = f"هاجم مسلحون {prefix}{name}{' الماضي' if past else ''} نقطة تفتيش"
    got = resolve_date(text, published=published)
    back = (published - got.date).days
    if not past and (WEEKDAY_NAMES[name] - published.weekday()) % 7 == 1:
        assert (got.date, got.precision) == (published, 2)  # the day after publication's
        return
    assert got.date.weekday() == WEEKDAY_NAMES[name]
    assert (1 <= back <= 7) if past else (0 <= back <= 6)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_any_text_gives_consistent_spans(text):
    for d in find_dates(text, published=FRIDAY):
        assert text[d.start : d.end] == d.surface
        assert d.precision in (1, 2, 3)
        assert d.date <= FRIDAY + dt.timedelta(days=1)


@settings(max_examples=150, deadline=None)
@given(published=st.dates(), expr=st.sampled_from([*PAST_EXPRESSIONS, "الشهر الماضي", "في 29 فبراير"]))
def test_any_publication_date_is_safe(published, expr):
    for d in find_dates(expr, published=published):
        assert d.date <= published + dt.timedelta(days=1)


def test_the_same_day_is_not_today():
    published = dt.date(2018, 9, 12)
    assert find_dates("وفي نفس اليوم من عام 1931 ألقت القوات القبض على القائد", published=published) == []
    assert find_dates("وفي ذات اليوم اندلعت اشتباكات", published=published) == []
    assert [d.date for d in find_dates("اندلعت اليوم اشتباكات", published=published)] == [published]
