"""The dashboard's pure helpers (ui/views.py): filters, facets, timeline, highlighting."""

from __future__ import annotations

from datetime import date

import pytest

from events.models import Event
from ui import views


def _ev(n, **kw):
    base = dict(
        event_id=f"ev-{n}",
        event_type="Battles",
        sub_event_type="Armed clash",
        event_date="2020-05-18",
        actor1="LNA",
        actor2="GNA",
        location="Misrata",
        location_ar="مصراتة",
        admin1="Misrata",
        place_id="ly-misrata",
        geo_precision=1,
        lat=32.37,
        lon=15.09,
        fatalities=0,
        evidence="",
        source="Libya Observer",
        confidence=0.8,
    )
    base.update(kw)
    return Event(**base)


EVENTS = [
    _ev(1, evidence="اندلعت اشتباكات عنيفة في مصراتة صباح الاثنين", fatalities=3),
    _ev(
        2,
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
        event_date="2020-05-19",
        location="Al-Watiya",
        location_ar="الوطية",
        admin1="Nuqat al Khams",
        evidence="قصفت طائرة مسيرة قاعدة الوطية",
        fatalities=5,
        actor2=None,
        geo_precision=2,
        confidence=0.6,
        source="Al Wasat",
    ),
    _ev(
        3,
        event_type="Protests",
        sub_event_type="Peaceful protest",
        event_date="2020-05-25",
        actor1="Protesters (Libya)",
        actor2=None,
        location="Tripoli",
        location_ar="طرابلس",
        admin1="Tripoli",
        evidence="تظاهر مئات في ميدان الشهداء بطرابلس",
        fatalities=0,
        geo_precision=1,
        confidence=0.9,
    ),
    _ev(
        4,
        event_date=None,
        evidence="clashes were reported near Ain Zara",
        location="Ain Zara",
        location_ar="عين زارة",
        admin1="Tripoli",
        fatalities=1,
        actor1="GNA",
        actor2="LNA",
    ),
]


def ids(events):
    return [e.event_id for e in events]


def test_no_filter_keeps_everything():
    assert ids(views.filter_events(EVENTS)) == ids(EVENTS)


def test_date_range_is_inclusive_and_drops_undated():
    got = views.filter_events(EVENTS, date_from=date(2020, 5, 19), date_to="2020-05-25")
    assert ids(got) == ["ev-2", "ev-3"]


def test_type_actor_district_and_fatalities_filters():
    assert ids(views.filter_events(EVENTS, event_types=["Battles"])) == ["ev-1", "ev-4"]
    assert ids(views.filter_events(EVENTS, sub_types=["Air/drone strike"])) == ["ev-2"]
    # actor matches either side
    assert ids(views.filter_events(EVENTS, actors=["GNA"])) == ["ev-1", "ev-4"]
    assert ids(views.filter_events(EVENTS, admin1=["Tripoli"])) == ["ev-3", "ev-4"]
    assert ids(views.filter_events(EVENTS, min_fatalities=3)) == ["ev-1", "ev-2"]
    assert ids(views.filter_events(EVENTS, geo_precision=[2])) == ["ev-2"]
    assert ids(views.filter_events(EVENTS, sources=["Al Wasat"])) == ["ev-2"]
    assert ids(views.filter_events(EVENTS, min_confidence=0.85)) == ["ev-3"]
    # an empty selection means "no restriction", as for an untouched multiselect
    assert ids(views.filter_events(EVENTS, event_types=[])) == ids(EVENTS)


def test_text_search_is_arabic_normalised():
    # ta marbuta written as ha, as often in Libyan press
    assert ids(views.filter_events(EVENTS, text="مصراته")) == ["ev-1"]
    assert ids(views.filter_events(EVENTS, text="الوطيه")) == ["ev-2"]
    # Latin text, any case; several words must all occur
    assert ids(views.filter_events(EVENTS, text="AIN zara")) == ["ev-4"]
    assert ids(views.filter_events(EVENTS, text="طرابلس ميدان")) == ["ev-3"]
    assert views.filter_events(EVENTS, text="بنغازي") == []


def test_index_filters_like_plain_function():
    index = views.EventIndex.build(EVENTS)
    for kw in ({"text": "مصراته"}, {"event_types": ["Protests"]}, {"text": "زاره", "min_fatalities": 1}):
        assert ids(index.filter(**kw)) == ids(views.filter_events(EVENTS, **kw))


def test_facets_and_totals():
    f = views.facets(EVENTS)
    assert f["event_types"] == ["Battles", "Explosions/Remote violence", "Protests"]
    assert f["actors"] == ["GNA", "LNA", "Protesters (Libya)"]
    assert f["admin1"] == ["Misrata", "Nuqat al Khams", "Tripoli"]
    assert f["date_min"] == date(2020, 5, 18) and f["date_max"] == date(2020, 5, 25)
    assert views.totals(EVENTS) == (4, 9)
    assert views.totals([]) == (0, 0)


def test_timeline_daily_and_weekly():
    daily = views.timeline_frame(EVENTS, "D")
    assert len(daily) == 3  # the undated event is left out
    assert int(daily["events"].sum()) == 3 and int(daily["fatalities"].sum()) == 8
    weekly = views.timeline_frame([*EVENTS, _ev(5, event_date="2020-05-20", fatalities=2)], "W")
    battles = weekly[weekly["event_type"] == "Battles"]
    # 18 and 20 May 2020 fall in the week starting Monday 18 May
    assert [str(p.date()) for p in battles["period"]] == ["2020-05-18"]
    assert battles["events"].tolist() == [2] and battles["fatalities"].tolist() == [5]
    assert str(weekly[weekly["event_type"] == "Protests"]["period"].iloc[0].date()) == "2020-05-25"
    assert views.timeline_frame([], "W").empty
    with pytest.raises(ValueError):
        views.timeline_frame(EVENTS, "M")


def test_highlight_escapes_and_marks_overlaps():
    text = "قصف <script>alert(1)</script> على مصراتة\nثم"
    start = text.index("مصراتة")
    got = views.highlight_html(text, [(start, start + 6, "place"), (0, start + 6, "evidence")])
    assert "<script>" not in got and "&lt;script&gt;" in got
    assert '<mark class="evidence place">مصراتة</mark>' in got
    assert got.startswith('<mark class="evidence">قصف ')
    assert got.endswith("<br>ثم")
    # out-of-range and empty spans are ignored
    assert views.highlight_html("abc", [(5, 9), (1, 1)]) == "abc"


def test_article_spans_from_analysis():
    analysis = {
        "places": [{"start": 3, "end": 9}],
        "events": [{"event_id": "a", "evidence_spans": [[0, 20]]}, {"event_id": "b", "evidence_spans": [[30, 40]]}],
    }
    assert views.article_spans(analysis) == [(3, 9, "place"), (0, 20, "evidence"), (30, 40, "evidence")]
    assert views.article_spans(analysis, event_id="b") == [(3, 9, "place"), (30, 40, "evidence")]
    # a stored event's own spans win over what a fresh analysis found
    assert views.article_spans(analysis, event_id="b", evidence_spans=((5, 7),)) == [
        (3, 9, "place"),
        (5, 7, "evidence"),
    ]


def test_table_frame_columns():
    df = views.table_frame(EVENTS)
    assert list(df.columns) == list(views.TABLE_COLUMNS)
    assert df["location_ar"].tolist() == ["مصراتة", "الوطية", "طرابلس", "عين زارة"]


def test_most_recent_keeps_the_latest_dated_events():
    assert ids(views.most_recent(EVENTS, 10)) == ids(EVENTS)
    assert ids(views.most_recent(EVENTS, 2)) == ["ev-3", "ev-2"]
    assert views.most_recent(EVENTS, 0) == []
