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


def test_a_former_regime_named_in_passing_is_no_party():
    text = "قتل جنديان أمس في هجوم على بوابة أمنية في مدينة سرت مسقط رأس معمر القذافي"
    found = actors(text, "2016-03-01")
    assert len(found) == 1
    assert "Military Forces of Libya (1969-2011)" not in found[0]


def test_a_political_body_is_no_party_to_a_battle():
    text = "اندلعت اشتباكات عنيفة أمس بين مسلحين في مدينة سبها وفق بعثة الأمم المتحدة"
    found = actors(text, "2015-07-20")
    assert len(found) == 1 and "UNSMIL" not in found[0]


def test_unnamed_kidnappers_are_an_unidentified_armed_group():
    found = actors("اختطف ثلاثة مواطنين أمس من منازلهم في منطقة جنزور", "2015-03-11")
    assert found == [("Unidentified Armed Group (Libya)", "Civilians (Libya)")]


def test_an_unnamed_aircraft_is_an_unidentified_military():
    found = actors("استهدفت غارة جوية أمس موقعا في منطقة السدادة", "2018-04-21")
    assert [a1 for a1, _ in found] == ["Unidentified Military Forces"]


def test_every_era_names_a_known_actor_and_ends_after_it_starts():
    known = {a.actor for a in load_actors()}
    for name, era in eras().items():
        assert name in known and (era.earlier is None or era.earlier in known)
        assert era.start is None or era.end is None or era.start < era.end


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
