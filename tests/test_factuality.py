"""Factuality: background, recaps, habits, running totals and topics of talk give no event; recent acts do."""

import datetime as dt

import pytest

from events import Article, extract
from events.dates import find_dates
from events.factuality import time_refs
from tests.common import NEW_ACT_AFTER_OLD_PARAGRAPH, NOT_INCIDENTS, RECENT_INCIDENTS


def run(text, date):
    return extract(Article(text=text, id="f1", date=date))


@pytest.mark.parametrize("name", sorted(NOT_INCIDENTS))
def test_no_incident(name):
    text, date = NOT_INCIDENTS[name]
    assert run(text, date) == []


@pytest.mark.parametrize("name", sorted(RECENT_INCIDENTS))
def test_recent_incident(name):
    text, date, place, day = RECENT_INCIDENTS[name]
    events = run(text, date)
    assert [(e.location, e.event_date) for e in events] == [(place, day)]


def test_another_kind_of_act_after_an_old_paragraph_is_news():
    text, date, place, day = NEW_ACT_AFTER_OLD_PARAGRAPH
    assert [(e.location, e.event_date) for e in run(text, date)] == [(place, day)]


def test_a_year_is_old_or_recent_by_the_articles_own_date():
    text = "سيطرت قوات الوفاق على مدينة صبراتة في 13 أبريل 2020"
    assert len(run(text, "2020-04-20")) == 1
    assert run(text, "2021-04-20") == []
    assert run(text, "2020-06-01") == []  # seven weeks later it is background


def test_time_refs_read_years_after_a_year_word_only():
    text = "قتل 2000 مقاتل منذ عام 2014 وفي 2019 تجددت المعارك"
    refs = time_refs(text, find_dates(text, published=dt.date(2020, 5, 1)), dt.date(2020, 5, 1))
    assert [(text[r.start : r.end], r.last_day.isoformat(), r.since) for r in refs] == [
        ("2014", "2014-12-31", False),
        ("2019", "2019-12-31", False),
    ]


def test_since_marks_the_start_of_a_period():
    text = "تتواصل الاشتباكات منذ الاثنين الماضي"
    refs = time_refs(text, find_dates(text, published=dt.date(2020, 5, 1)), dt.date(2020, 5, 1))
    assert [r.since for r in refs] == [True]
