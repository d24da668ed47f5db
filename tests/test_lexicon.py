"""The actor/trigger/modality tables and their matcher, on real Libyan news phrasing."""

from __future__ import annotations

import itertools
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from events.lexicon import (
    Lexicon,
    inflections,
    load_actors,
    load_lexicon,
    load_modality,
    load_triggers,
)
from tests.common import SAMPLES


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return load_lexicon()


def actors_in(lex, text):
    return [(h.surface, h.item.actor) for h in lex.find_actors(text)]


def subtypes_in(lex, text):
    return [(h.surface, h.item.event_type, h.item.sub_event_type) for h in lex.find_triggers(text)]


def kinds_in(lex, text):
    return [(h.surface, h.item.kind) for h in lex.find_modality(text)]


# ------------------------------------------------------------------------------------------------ shipped tables

#: Names the extractor and the dashboard filters rely on (ACLED spelling).
REQUIRED = {
    "Libyan National Army (Operation Dignity)": "LNA",
    "Government of National Accord": "GNA",
    "Islamic State (Libya)": "IS",
    "Benghazi Revolutionaries Shura Council": "ISLAMIST",
    "Derna Mujahideen Shura Council": "ISLAMIST",
    "Ansar al-Sharia": "ISLAMIST",
    "Al Qaeda in the Islamic Maghreb": "ISLAMIST",
    "Tebu militia": "TEBU",
    "Tuareg militia": "TUAREG",
    "Military Forces of Turkey": "GNA",
    "Syrian mercenaries": "GNA",
    "Wagner Group": "LNA",
    "Military Forces of Russia": "LNA",
    "Sudanese mercenaries": "LNA",
    "Chadian mercenaries": "LNA",
    "Military Forces of the United Arab Emirates": "LNA",
    "Military Forces of Egypt": "LNA",
    "Civilians (Libya)": "CIVILIAN",
    "Migrants": "CIVILIAN",
    "Unidentified Armed Group (Libya)": "UNKNOWN",
    "UNSMIL": "INTL",
    "Military Forces of Libya (1969-2011)": "GOV2011",
    "NTC rebels": "REBEL2011",
}
OTHER_REQUIRED = [
    "Libya Dawn",
    "General National Congress",
    "House of Representatives",
    "Misrata brigades",
    "Zintan brigades",
    "Civilians (International)",
    "Protesters (Libya)",
    "Rioters (Libya)",
    "Military Forces of the United States",
    "Military Forces of France",
    "Government of National Unity",
    "Presidential Council",
    "Petroleum Facilities Guard",
    "Rada Special Deterrence Force",
    "Tripoli Revolutionaries Brigade",
    "Nawasi Brigade",
    "Al-Kaniyat (7th Brigade)",
    "Tarhuna militia",
    "Zawiya militias",
    "Police Forces of Libya",
    "Border Guard (Libya)",
]


def test_required_actors_exist_with_their_side(lex):
    sides = {a.actor: a.side for a in lex.actors}
    assert {name: sides.get(name) for name in REQUIRED} == REQUIRED
    assert [n for n in OTHER_REQUIRED if n not in sides] == []


def test_table_sizes(lex):
    assert len(lex.actors) >= 60
    assert sum(len(a.aliases) for a in lex.actors) >= 300
    assert len(lex.triggers) >= 150
    assert {t.event_type for t in lex.triggers} == {
        "Battles",
        "Explosions/Remote violence",
        "Violence against civilians",
        "Protests",
        "Riots",
        "Strategic developments",
    }


def test_every_alias_is_found_as_itself(lex):
    wrong = []
    for a in lex.actors:
        for alias in a.aliases:
            text = f"وقال مصدر إن {alias} في المنطقة منذ أيام."
            found = [(h.surface, h.item.actor) for h in lex.find_actors(text) if h.start == text.index(alias)]
            if found != [(alias, a.actor)]:
                wrong.append((alias, a.actor, found))
    assert wrong == []


def test_every_arabic_alias_takes_proclitics(lex):
    wrong = []
    for a in lex.actors:
        for alias in (x for x in a.aliases if re.match(r"[\u0600-\u06FF]", x)):
            for prefix in ("و", "ب", "وب"):
                text = f"أفادت مصادر {prefix}{alias} اليوم"
                found = [(h.surface, h.item.actor) for h in lex.find_actors(text)]
                if found != [(alias, a.actor)]:
                    wrong.append((prefix + alias, found))
            if alias.startswith("ال"):
                text = f"أفادت مصادر لل{alias[2:]} اليوم"
                found = [(h.item.actor, h.end) for h in lex.find_actors(text)]
                if found != [(a.actor, text.index(" اليوم"))]:
                    wrong.append(("لل" + alias[2:], found))
    assert wrong == []


# ------------------------------------------------------------------------------------------------ actor matching


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("اشتبك مسلحون من ورشفانة مع الحراس", [("مسلحون من ورشفانة", "Warshefana militia")]),
        ("وصلت قوة من الزاوية إلى المنطقة", [("قوة من الزاوية", "Zawiya militias")]),
        ("قتل 5 من عناصر الجيش", [("الجيش", "Libyan National Army (Operation Dignity)")]),  # the partitive stays
        ("اشتبكت كتيبة أبوسليم مع الحراس", [("كتيبة أبوسليم", "Abu Salim Central Security (Ghneiwa)")]),  # joined أبو
    ],
)
def test_names_written_another_way_name_the_same_militia(lex, text, found):
    assert actors_in(lex, text) == found


def test_longest_alias_wins(lex):
    assert actors_in(lex, "أعلن الجيش الوطني الليبي سيطرته على غريان") == [
        ("الجيش الوطني الليبي", "Libyan National Army (Operation Dignity)")
    ]
    assert actors_in(lex, "وقال الجيش في بيان إن قواته تقدمت") == [
        ("الجيش", "Libyan National Army (Operation Dignity)")
    ]
    # the GNA's own name for its forces in 2020 is longer than the LNA's alias inside it
    assert actors_in(lex, "وقال الجيش الليبي التابع لحكومة الوفاق إن وحداته تقدمت") == [
        ("الجيش الليبي التابع لحكومة الوفاق", "Government of National Accord")
    ]
    # a Chadian rebel front whose name contains الوفاق
    assert actors_in(lex, "مقاتلو جبهة الوفاق من أجل التغيير في الجفرة") == [
        ("جبهة الوفاق من أجل التغيير", "Chadian mercenaries")
    ]


def test_offsets_point_into_the_original_text(lex):
    text = "وشنَّ طيرانُ الوفاقِ غارتين، وردّت وللجيشِ الليبيِّ مدفعيةٌ… وبميليشيات الوفاق"
    hits = lex.find_actors(text)
    assert [(h.item.side, h.surface) for h in hits] == [
        ("GNA", "طيرانُ الوفاقِ"),
        ("LNA", "لجيشِ الليبيِّ"),
        ("GNA", "ميليشيات الوفاق"),
    ]
    assert all(text[h.start : h.end] == h.surface for h in hits)


def test_place_inside_an_actor_name_is_covered_by_the_actor_hit(lex):
    text = "أعلنت قوة عمليات أجدابيا أن مجلس شورى ثوار بنغازي انسحب، وأن كتيبة شهداء الزاوية وصلت"
    hits = lex.find_actors(text)
    assert [h.item.actor for h in hits] == [
        "Libyan National Army (Operation Dignity)",
        "Benghazi Revolutionaries Shura Council",
        "Zawiya militias",
    ]
    covered = [any(h.start <= text.index(p) < h.end for h in hits) for p in ("أجدابيا", "بنغازي", "الزاوية")]
    assert covered == [True, True, True]


def test_phrase_does_not_cross_punctuation(lex):
    assert actors_in(lex, "قال الجيش، الليبي الأصل") == [("الجيش", "Libyan National Army (Operation Dignity)")]
    assert actors_in(lex, "clashes involving U.S. forces") == [("U.S. forces", "Military Forces of the United States")]


def test_bare_generic_words_are_not_actors(lex):
    # القاعدة (the base), السراج (a Tripoli district), المدني (civil) must not become actors
    assert actors_in(lex, "استهدفت القاعدة الجوية في منطقة السراج ومصلحة الطيران المدني") == []


def test_english_aliases_are_case_insensitive(lex):
    assert actors_in(lex, "Haftar forces and the GNA clashed; wagner fighters were seen") == [
        ("Haftar forces", "Libyan National Army (Operation Dignity)"),
        ("GNA", "Government of National Accord"),
        ("wagner", "Wagner Group"),
    ]


# ------------------------------------------------------------------------------------------------ triggers


@pytest.mark.parametrize(
    "text,surface,event_type,sub_type",
    [
        (
            "اندلعت اشتباكات عنيفة بين قوات الوفاق وقوات الجيش في محور عين زارة",
            "اشتباكات عنيفة",
            "Battles",
            "Armed clash",
        ),
        ("وسيطرت قوات الوفاق على قاعدة الوطية الجوية بالكامل", "سيطرت", "Battles", "Government regains territory"),
        (
            "شن الطيران المسير غارة جوية على تمركزات في ترهونة",
            "الطيران المسير",
            "Explosions/Remote violence",
            "Air/drone strike",
        ),
        (
            "سقطت قذائف هاون على حي سكني في صلاح الدين",
            "قذائف هاون",
            "Explosions/Remote violence",
            "Shelling/artillery/missile attack",
        ),
        (
            "قتل شخصان في تفجير سيارة مفخخة أمام مديرية الأمن في بنغازي",
            "تفجير سيارة مفخخة",
            "Explosions/Remote violence",
            "Remote explosive/landmine/IED",
        ),
        (
            "أقدم مسلحون على اختطاف ناشط مدني في صبراتة",
            "اختطاف",
            "Violence against civilians",
            "Abduction/forced disappearance",
        ),
        ("نجا عميد البلدية من محاولة اغتيال في درنة", "محاولة اغتيال", "Violence against civilians", "Attack"),
        ("نظم العشرات وقفة احتجاجية أمام مقر البلدية في مصراتة", "وقفة احتجاجية", "Protests", "Peaceful protest"),
        ("اندلعت أعمال شغب في الزاوية بعد مقتل شاب", "أعمال شغب", "Riots", "Violent demonstration"),
        (
            "أسقطت الدفاعات الجوية طائرة مسيرة تركية فوق الجفرة",
            "أسقطت",
            "Strategic developments",
            "Disrupted weapons use",
        ),
        ("تمكنت قوة الردع من القبض على ثلاثة متهمين", "القبض على", "Strategic developments", "Arrests"),
        ("وقع الطرفان اتفاق وقف إطلاق النار في جنيف", "اتفاق وقف إطلاق النار", "Strategic developments", "Agreement"),
        ("Heavy clashes erupted south of Tripoli on Friday", "Heavy", None, None),
    ],
)
def test_first_trigger_of_each_event_type(lex, text, surface, event_type, sub_type):
    hits = lex.find_triggers(text)
    if event_type is None:  # English: the first hit is the clash, "Heavy" is not a trigger
        assert (hits[0].surface, hits[0].item.sub_event_type) == ("clashes", "Armed clash")
        return
    assert (hits[0].surface, hits[0].item.event_type, hits[0].item.sub_event_type) == (surface, event_type, sub_type)


def test_longest_trigger_wins(lex):
    assert subtypes_in(lex, "قصف مدفعي على عين زارة") == [
        ("قصف مدفعي", "Explosions/Remote violence", "Shelling/artillery/missile attack")
    ]
    assert subtypes_in(lex, "وتم إسقاط طائرة مسيرة") == [
        ("إسقاط طائرة مسيرة", "Strategic developments", "Disrupted weapons use")
    ]
    assert subtypes_in(lex, "أعلنت الدفاعات إسقاط المسيرة") == [
        ("إسقاط المسيرة", "Strategic developments", "Disrupted weapons use")
    ]
    assert subtypes_in(lex, "فجر انتحاري حزاما ناسفا") == [
        ("انتحاري", "Explosions/Remote violence", "Suicide bomb"),
        ("حزاما ناسفا", "Explosions/Remote violence", "Suicide bomb"),
    ]


def test_trigger_prefix_clitic_and_article(lex):
    text = "واشتبكت القوات، وأسفرت الغارة عن مقتل اثنين بالقصف"
    hits = lex.find_triggers(text)
    assert [(h.surface, h.item.sub_event_type) for h in hits] == [
        ("اشتبكت", "Armed clash"),
        ("الغارة", "Air/drone strike"),
        ("القصف", "Shelling/artillery/missile attack"),
    ]
    assert hits[0].start == 1  # after the conjunction و


def test_prefix_pattern_does_not_swallow_unrelated_words(lex):
    # احتجاز (detention) must not read as a protest, فجر (dawn) not as a bombing, القنصلية not as sniping
    hits = subtypes_in(lex, "تم احتجاز شخصين فجر الجمعة قرب القنصلية")
    assert [(s, t) for s, _, t in hits] == [("احتجاز", "Arrests")]


# ------------------------------------------------------------------------------------------------ modality


@pytest.mark.parametrize(
    "text,expected",
    [
        ("دعت البعثة الأممية إلى وقف فوري لإطلاق النار", [("دعت", "call")]),
        ("وطالبت البلدية بفتح تحقيق", [("طالبت", "call")]),
        ("هدد المتحدث باسم الجيش بقصف مطار معيتيقة", [("هدد", "threat")]),
        ("ونفت قوات الوفاق استهداف المدنيين", [("نفت", "denial")]),
        ("تعتزم القوات شن هجوم على سرت الأسبوع المقبل", [("تعتزم", "plan"), ("المقبل", "plan")]),
        ("في حال تقدمت القوات نحو الجفرة", [("في حال", "conditional")]),
        ("لم يتم تسجيل أي خروقات", [("لم يتم", "negation")]),
        ("قد يؤدي التصعيد إلى موجة نزوح", [("قد يؤدي", "hedge")]),
        (
            "أدانت البعثة القصف العشوائي وأعربت عن قلقها",
            [("أدانت", "condemnation"), ("أعربت عن قلقها", "condemnation")],
        ),
    ],
)
def test_modality(lex, text, expected):
    assert kinds_in(lex, text) == expected


def test_factual_wording_is_not_modality(lex):
    # قد + past asserts; بعد أن تم is "after it was done"; neither is a hedge or a condition
    assert kinds_in(lex, "وقد قتل ثلاثة مدنيين بعد أن تم استهداف الحي وقد تم نقلهم") == []


# ------------------------------------------------------------------------------------------------ validation


def _write(tmp_path, name, lines):
    p = tmp_path / name
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def test_actor_table_wrong_column_count_names_the_line(tmp_path):
    p = _write(
        tmp_path,
        "actors.tsv",
        [
            "# comment",
            "actor\tactor_type\tside\taliases\tnotes",
            "Tebu militia\tIdentity militia\tTEBU\tالتبو\t",
            "Tuareg militia\tIdentity militia\tالطوارق",
        ],
    )
    with pytest.raises(ValueError, match=rf"^{re.escape(str(p))}:4: expected 5 tab-separated columns, found 3$"):
        load_actors(p)


def test_actor_table_unknown_type_and_duplicate_alias(tmp_path):
    p = _write(tmp_path, "a.tsv", ["actor\tactor_type\tside\taliases\tnotes", "X\tMilitia\t\tمسلحون\t"])
    with pytest.raises(ValueError, match=r"a\.tsv:2: unknown actor_type 'Militia'"):
        load_actors(p)
    p = _write(
        tmp_path,
        "b.tsv",
        [
            "actor\tactor_type\tside\taliases\tnotes",
            "A\tRebel group\tIS\tداعش|الدواعش\t",
            "B\tRebel group\tIS\tالدَّواعش\t",
        ],
    )
    with pytest.raises(ValueError, match=r"b\.tsv:3: alias 'الدَّواعش' already belongs to 'A'"):
        load_actors(p)


def test_trigger_table_errors_name_the_line(tmp_path):
    head = "pattern\tevent_type\tsub_event_type\tweight\tnotes"
    cases = [
        ("غارة\tBattles\tAir/drone strike\t0.9\t", r":2: 'Air/drone strike' is not a sub-event type of 'Battles'"),
        ("غارة\tAirstrikes\tAir/drone strike\t0.9\t", r":2: unknown event_type 'Airstrikes'"),
        ("غارة\tExplosions/Remote violence\tAir/drone strike\t1.5\t", r":2: weight 1.5 outside 0..1"),
        ("غارة\tExplosions/Remote violence\tAir/drone strike\thigh\t", r":2: weight 'high' is not a number"),
    ]
    for row, message in cases:
        p = _write(tmp_path, "t.tsv", [head, row])
        with pytest.raises(ValueError, match=re.escape(str(p)) + message):
            load_triggers(p)
    p = _write(tmp_path, "t.tsv", ["pattern\tevent_type\tsub_event_type\tweight", "غارة\tBattles\tArmed clash\t0.5"])
    with pytest.raises(ValueError, match=r"t\.tsv:1: header must be"):
        load_triggers(p)


def test_modality_table_errors_name_the_line(tmp_path):
    p = _write(tmp_path, "m.tsv", ["pattern\tkind\tscope\tnotes", "دعا\tcall\tclause\t", "هدد\twarning\tclause\t"])
    with pytest.raises(ValueError, match=r"m\.tsv:3: unknown kind 'warning'"):
        load_modality(p)


def test_a_lexicon_from_custom_tables(tmp_path):
    a = _write(
        tmp_path,
        "a.tsv",
        [
            "actor\tactor_type\tside\taliases\tnotes",
            "Zintan brigades\tPolitical militia\t\tكتائب الزنتان|Zintan brigades\t",
        ],
    )
    t = _write(
        tmp_path, "t.tsv", ["pattern\tevent_type\tsub_event_type\tweight\tnotes", "اشتبك*\tBattles\tArmed clash\t0.8\t"]
    )
    lex = Lexicon(load_actors(a), load_triggers(t), [])
    text = "واشتبكت كتائب الزنتان مع قوة أخرى"
    assert [(h.surface, h.item.actor) for h in lex.find_actors(text)] == [("كتائب الزنتان", "Zintan brigades")]
    assert [(h.surface, h.item.weight) for h in lex.find_triggers(text)] == [("اشتبكت", 0.8)]
    assert lex.find_modality(text) == []


# ------------------------------------------------------------------------------------------------ samples


def _samples():
    return [json.loads(line) for line in SAMPLES.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_samples_are_marked_and_realistic():
    arts = _samples()
    assert 12 <= len(arts) <= 16
    assert [a["id"] for a in arts] == [f"sample-{i:03d}" for i in range(1, len(arts) + 1)]
    assert {a["source"] for a in arts} == {"sample"}
    assert all(800 <= len(a["text"]) <= 2500 for a in arts), [len(a["text"]) for a in arts]
    years = sorted({a["date"][:4] for a in arts})
    assert years[0] <= "2016" and "2019" in years and "2020" in years
    assert sum(not re.search(r"[\u0600-\u06FF]", a["text"]) for a in arts) == 1  # one English article
    assert any("<script" in a["text"] for a in arts)


def test_samples_cover_all_six_event_types(lex):
    found = {
        h.item.event_type
        for a in _samples()
        for h in lex.find_triggers(a["title"] + "\n" + a["text"])
        if h.item.weight >= 0.8
    }
    assert found == {
        "Battles",
        "Explosions/Remote violence",
        "Violence against civilians",
        "Protests",
        "Riots",
        "Strategic developments",
    }


# ------------------------------------------------------------------------------------------------ offsets, any text


_WORDS = [
    "والجيش",
    "الليبي",
    "للجيشِ",
    "وبقوات",
    "الوفاق",
    "غارة",
    "جوية",
    "واشتبكت",
    "قصفـت",
    "مسيّرة",
    "ـ",
    "،",
    ".",
    "U.S.",
    "forces",
    "  ",
    "\n",
    "ببركان",
    "الغضب",
    "داعش",
    "مدنيين",
    "لم",
    "يتم",
    "دَعَت",
    "الشغب",
    "أعمال",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=30).map(" ".join))
def test_hits_point_at_their_surface_and_do_not_overlap(text):
    lex = load_lexicon()
    for hits in (lex.find_actors(text), lex.find_triggers(text), lex.find_modality(text)):
        for h in hits:
            assert 0 <= h.start < h.end <= len(text) and text[h.start : h.end] == h.surface
        assert all(a.end <= b.start for a, b in itertools.pairwise(hits))


def test_one_word_noun_triggers_get_their_accusative_and_dual():
    assert inflections("صاروخ") == ["صاروخا", "صاروخين", "صاروخان"]
    assert inflections("قذيفة") == ["قذيفتين", "قذيفتان"]
    assert inflections("الصاروخ") == ["الصاروخين", "الصاروخان"]  # no accusative -ا after the article
    assert inflections("هجمات") == inflections("اعتداء") == inflections("shelling") == []
    lex = load_lexicon()
    hits = lex.find_triggers("أطلقوا 20 صاروخا وسقطت قذيفتان")
    assert [(h.surface, h.item.pattern) for h in hits] == [("صاروخا", "صاروخ"), ("قذيفتان", "قذيفة")]


def test_a_noun_before_its_li_complement_takes_the_accusative_as_an_object(lex):
    hits = lex.find_triggers("وأبرم الطرفان اتفاقا لوقف إطلاق النار بعد أن أعلنت القبيلة وقفا لإطلاق النار")
    assert [h.item.pattern for h in hits] == ["اتفاق لوقف إطلاق النار", "وقف لإطلاق النار"]
    assert [h.item.pattern for h in lex.find_triggers("أدى انفجار لغم إلى")] == ["انفجار لغم"]  # ل of لغم: no object
