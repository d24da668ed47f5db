"""Loading, ``match`` and ``tag`` of the shipped gazetteer on real Arabic text."""

import json
import subprocess
import sys

import pytest

from gazetteer import Gazetteer, GazetteerError, haversine_km, read_places, write_places
from tests.common import (
    ACTOR_IN_A_PLACE,
    ACTOR_NAMES,
    CAPITALS_BY_ADJECTIVE,
    COMMON_WORD_NO_PLACE,
    COMMON_WORD_PLACE,
    DRONE_ORIGIN,
    EMPTY,
    LIST_GOES_ON,
    NISBA_ADJECTIVES,
    NO_PLACE,
    ORDINARY_WORD_NAMES,
    PERSON_OR_NOUN_NAMES,
    PLACED_IN_A_COUNTRY,
    QUARTER_OF_A_TOWN_ABROAD,
    QUARTER_OF_ANOTHER_TOWN,
    ROOT,
    SAME_NAME_ABROAD,
    SPELLING_VARIANTS,
)

HEADER = "place_id,name_en,name_ar,alt_names,lat,lon,kind,admin1,country,population,context_required,priority,source\n"


def names(mentions):
    return [m.place.name_en for m in mentions]


def test_shipped_gazetteer_covers_libya(gaz):
    libyan = [p for p in gaz.places if p.in_libya]
    assert len(libyan) >= 600
    assert all(p.name_ar for p in gaz.places)
    assert all(p.source for p in gaz.places)
    import json

    from shapely.geometry import Point, shape

    outline = shape(
        json.loads((ROOT / "geo" / "data" / "libya_outline.geojson").read_text())["features"][0]["geometry"]
    )
    abroad = [p for p in gaz.places if not p.in_libya and p.kind != "country"]
    assert abroad and not [p.place_id for p in abroad if outline.contains(Point(p.lon, p.lat))]
    inland = [p for p in libyan if p.kind not in ("region", "port", "oil_terminal", "country")]
    assert not [p.place_id for p in inland if not outline.buffer(0.1).contains(Point(p.lon, p.lat))]


def test_empty_and_placeless_text(gaz):
    assert gaz.tag(EMPTY) == []
    assert gaz.tag(NO_PLACE) == []


@pytest.mark.parametrize("text, expected", SPELLING_VARIANTS)
def test_each_spelling_variant_resolves(gaz, text, expected):
    assert expected in names(gaz.tag(text))


def test_offsets_point_at_the_name_without_its_clitic(gaz):
    text = "اشتباكات عنيفة بمصراتـة"
    (m,) = gaz.tag(text)
    assert text[m.start : m.end] == m.surface == "مصراتـة"


@pytest.mark.parametrize("text, inside", ACTOR_NAMES)
def test_place_inside_actor_name_is_not_a_mention(gaz, text, inside):
    assert inside not in names(gaz.tag(text))


@pytest.mark.parametrize(("text", "place"), CAPITALS_BY_ADJECTIVE)
def test_a_capital_or_region_named_by_its_countrys_adjective(gaz, text, place):
    assert names(gaz.tag(text)) == [place]


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("تقدمت القوات في مدينة بنغازي أمس نحو الميناء التجاري المغلق", ["Benghazi", "Benghazi port"]),
        ("سقطت قذائف على المطار في مدينة مصراتة", ["Misrata airport", "Misrata"]),  # the town right after it
        ("سقطت قذائف على المطار في طرابلس", ["Tripoli"]),  # two airports near Tripoli: neither
        ("وصلت السفينة إلى الميناء الإيطالي بعد مغادرتها زوارة", ["Zuwara"]),  # a foreign port
        ("غادر القارب زوارة ليلا. وقال مدير ميناء مرسيليا إن السفينة سترسو في الميناء", ["Zuwara", "Marseille"]),
    ],
)
def test_a_facility_named_by_its_kind_is_the_one_of_the_town_beside_it(gaz, text, places):
    assert names(gaz.tag(text)) == places


@pytest.mark.parametrize(("text", "place"), ACTOR_IN_A_PLACE)
def test_an_organisation_in_a_town_names_the_town(gaz, text, place):
    assert names(gaz.tag(text)) == [place]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("خرج أهالي الزاوية إلى الشوارع", "Zawiya"),  # a name that needs context: its people give it
        ("وعد الجيش بإنقاذ أهالي درنة من الحصار", "Derna"),  # not an organisation's (حكومة الإنقاذ)
    ],
)
def test_the_people_of_a_place_name_it(gaz, text, place):
    assert names(gaz.tag(text)) == [place]


def test_a_place_with_a_preposition_after_a_given_name_is_no_surname(gaz):
    assert names(gaz.tag("اشتباكات في سيدي حسين ببنغازي")) == ["Sidi Hussein", "Benghazi"]


def test_ordinary_words_need_a_place_context(gaz):
    assert gaz.tag(COMMON_WORD_NO_PLACE) == []
    text, expected = COMMON_WORD_PLACE
    (m,) = gaz.tag(text)
    assert m.place.name_en == expected and m.relation == "outskirts" and m.geo_precision == 2


@pytest.mark.parametrize(("text", "quarter", "place", "precision"), QUARTER_OF_ANOTHER_TOWN)
def test_a_quarter_named_in_another_town_is_that_towns(gaz, text, quarter, place, precision):
    assert [(m.place.name_en, m.geo_precision) for m in gaz.tag(text) if m.surface == quarter] == [(place, precision)]


@pytest.mark.parametrize(("abroad", "at_home", "quarter"), QUARTER_OF_A_TOWN_ABROAD)
def test_a_quarter_named_before_a_town_abroad_is_not_libyan(gaz, abroad, at_home, quarter):
    assert quarter not in [m.place.name_en for m in gaz.tag(abroad)]
    assert quarter in [m.place.name_en for m in gaz.tag(at_home)]


@pytest.mark.parametrize(("ordinary", "placed", "place"), ORDINARY_WORD_NAMES)
def test_a_name_that_is_an_ordinary_word_is_a_place_only_in_a_place_context(gaz, ordinary, placed, place):
    assert gaz.tag(ordinary) == []
    assert [m.place.name_en for m in gaz.tag(placed)] == [place]


@pytest.mark.parametrize(("ordinary", "placed", "place"), PERSON_OR_NOUN_NAMES)
def test_a_preposition_alone_leaves_a_person_or_a_noun_a_word(gaz, ordinary, placed, place):
    assert gaz.tag(ordinary) == []
    assert [m.place.name_en for m in gaz.tag(placed)] == [place]


def test_strict_context_is_read_and_written_with_the_gazetteer(tmp_path):
    path = tmp_path / "places.csv"
    path.write_text(HEADER + "p1,Shore,الشاطئ,,27.5,14.2,region,,LY,,strict,,manual\n", encoding="utf-8")
    (place,) = read_places(path)
    assert place.context_required and place.strict_context
    write_places([place], tmp_path / "again.csv")
    assert read_places(tmp_path / "again.csv") == [place]


def test_an_unknown_context_value_names_its_line(tmp_path):
    path = tmp_path / "places.csv"
    path.write_text(HEADER + "p1,Shore,الشاطئ,,27.5,14.2,region,,LY,,maybe,,manual\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"places\.csv:2: .*context_required 'maybe'"):
        read_places(path)


@pytest.mark.parametrize(
    "text", ["ورشقوا رجال الأمن بالحجارة", "يقع المعسكر بالقلعة القديمة", "وجه النائب رسالة للسراج"]
)
def test_an_attached_preposition_does_not_make_an_ordinary_word_a_small_place(gaz, text):
    assert gaz.tag(text) == []


@pytest.mark.parametrize(
    ("text", "place"),
    [("اشتباكات عنيفة بسرت", "Sirte"), ("اشتباكات في القلعة", "Al Qalaa"), ("انفجار في حي السراج", "Al Sarraj")],
)
def test_a_large_town_after_an_attached_preposition_or_any_place_after_a_separate_one(gaz, text, place):
    assert [m.place.name_en for m in gaz.tag(text)] == [place]


def test_a_name_written_with_the_article_finds_the_name_without_it(gaz):
    found = gaz.tag("وصلت القوات إلى الكرسة غربي درنة")
    assert [(m.surface, m.place.name_en) for m in found] == [("الكرسة", "Karsa"), ("درنة", "Derna")]


def test_relations_and_origin_preposition_are_kept(gaz):
    ms = gaz.tag(DRONE_ORIGIN)
    by = {m.place.name_en: m for m in ms}
    assert by["Misrata"].prep == "from"
    washka = next(m for m in ms if m.place.name_en != "Misrata")
    assert haversine_km(washka.place.lat, washka.place.lon, 31.3734, 15.5709) < 10


def test_kind_word_picks_the_airbase_over_the_village(gaz):
    (m,) = gaz.tag("شنت طائرات مسيرة خمس غارات على قاعدة الوطية الجوية")
    assert m.place.kind == "airbase"
    assert haversine_km(m.place.lat, m.place.lon, 32.4734, 11.8979) < 5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وقع انفجار أمس قرب دوار القدس في مدينة طرابلس", ["Tripoli", "Tripoli"]),  # the roundabout's name
        ("سقطت قذيفة قرب جسر تونس في مدينة سرت", ["Sirte"]),  # too short a name for a quarter: the town alone
        ("نقل القائد أمس إلى مستشفى بباريس", ["Paris"]),  # a hospital in Paris: ب governs the city
    ],
)
def test_a_place_abroad_that_names_a_landmark_is_no_mention_of_it(gaz, text, expected):
    assert names(gaz.tag(text)) == expected


def test_places_abroad_are_recognised_and_flagged(gaz):
    ms = gaz.tag("ضمن حوارات جنيف ومؤتمر برلين وبدعم من أنقرة")
    assert {m.place.name_en for m in ms} >= {"Geneva", "Berlin", "Ankara"}
    assert all(not m.place.in_libya for m in ms)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وصل مهاجرون من غينيا وساحل العاج وليبيريا إلى الشاطئ", {"Guinea", "Ivory Coast", "Liberia"}),
        ("أوقف الحرس الوطني في ولاية جندوبة وفي سيدي بوزيد مشتبهين", {"Jendouba", "Sidi Bouzid"}),
        ("نقلت الجثث من مصراتة إلى مطار فيينا ثم إلى أفغانستان", {"Vienna", "Afghanistan"}),
    ],
)
def test_places_abroad_beyond_the_neighbours_are_known(gaz, text, expected):
    """Articles name migrants' countries, Tunisian governorates and far capitals: places too (ANNOTATION: abroad)."""
    ms = [m for m in gaz.tag(text) if not m.place.in_libya]
    assert {m.place.name_en for m in ms} >= expected


def test_match_ranks_variants_and_latin_names(gaz):
    for q in ("مصراته", "مصراتـة", "Misurata", "Misratah", "misrata", "بمصراتة"):
        assert gaz.match(q)[0].place.name_en == "Misrata", q
    assert gaz.match("مصراتة")[0].method == "exact"
    assert gaz.match("بمصراتة")[0].method == "clitic"
    fuzzy = gaz.match("مصرانة")
    assert fuzzy and fuzzy[0].place.name_en == "Misrata" and fuzzy[0].method == "fuzzy" and fuzzy[0].score < 1


def test_fuzzy_only_in_a_place_context_and_never_on_short_tokens(gaz):
    assert "Tarhuna" in names(gaz.tag("دخلت القوات مدينة ترهونا صباح اليوم"))
    assert gaz.tag("قال إنه ترهونا") == [] or all(m.method != "fuzzy" for m in gaz.tag("قال إنه ترهونا"))


@pytest.mark.parametrize(
    "row, problem",
    [
        ("a,A,أ,,abc,13,city,,LY,,,,t\n", "bad coordinate"),
        ("a,A,,,32,13,city,,LY,,,,t\n", "no Arabic name"),
        ("a,A,أ,,32,13,castle,,LY,,,,t\n", "unknown kind"),
        ("a,A,أ,,32,13,city,,LY,,,,t\na,B,ب,,32,13,city,,LY,,,,t\n", "duplicate place_id"),
        ("a,Paris,باريس,,48.8,2.3,city,,LY,,,,t\n", "outside Libya"),
    ],
)
def test_bad_rows_fail_loading_with_file_line_and_problem(tmp_path, row, problem):
    path = tmp_path / "places.csv"
    path.write_text(HEADER + row, encoding="utf-8")
    with pytest.raises(GazetteerError) as exc:
        read_places(path)
    assert str(path) in str(exc.value) and problem in str(exc.value)
    assert ":2:" in str(exc.value) or ":3:" in str(exc.value)


def test_a_new_place_list_builds_its_own_index():
    from gazetteer import Place

    g = Gazetteer([Place("x", "Qasr al-Akhyar", "قصر الأخيار", 32.63, 14.42, "town")])
    assert names(g.tag("في قصر الاخيار")) == ["Qasr al-Akhyar"]


def run_cli(*args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "gazetteer", *args], cwd=ROOT, input=stdin, capture_output=True, timeout=120
    )


def test_cli_match_prints_json():
    r = run_cli("match", "مصراته")
    assert r.returncode == 0
    assert json.loads(r.stdout)[0]["name"] == "Misrata"


def test_cli_tag_writes_contract_lines(tmp_path):
    src = tmp_path / "a.jsonl"
    src.write_text(
        json.dumps({"id": "a1", "title": "قصف على مصراتة", "text": "سقطت قذائف على عين زارة"}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "places.jsonl"
    r = run_cli("tag", str(src), "-o", str(out))
    assert r.returncode == 0, r.stderr
    (rec,) = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert rec["doc_id"] == "a1"
    analysed = "قصف على مصراتة\nسقطت قذائف على عين زارة"
    assert [analysed[p["start"] : p["end"]] for p in rec["places"]] == ["مصراتة", "عين زارة"]
    assert {"surface", "place_id", "name", "name_ar", "kind", "lat", "lon", "in_libya", "score"} <= set(
        rec["places"][0]
    )


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary", "binary"),
        ("نص".encode("cp1256") + b"\xff\n", "UTF-8"),
        (b'{"text": "x"\n', "malformed JSON"),
        (b'{"title": "no text"}\n', "missing field 'text'"),
    ],
)
def test_cli_bad_input_is_one_line_exit_2(tmp_path, content, problem):
    src = tmp_path / "bad.jsonl"
    src.write_bytes(content)
    r = run_cli("tag", str(src))
    err = r.stderr.decode()
    assert r.returncode == 2
    assert "Traceback" not in err and err.count("\n") == 1
    assert f"{src}:1" in err and problem in err


def test_seed_article_places_within_10km_of_gold(gaz, eval_dev):
    art = json.loads((eval_dev / "seed_article.jsonl").read_text(encoding="utf-8").splitlines()[0])
    gold = json.loads((eval_dev / "seed_gold.jsonl").read_text(encoding="utf-8").splitlines()[0])
    found = gaz.tag(art["text"])
    for gp in gold["places"]:
        if gp["lat"] is None:
            continue
        near = [
            m
            for m in found
            if m.place.in_libya == gp["in_libya"] and haversine_km(m.place.lat, m.place.lon, gp["lat"], gp["lon"]) <= 10
        ]
        assert near, f"{gp['surface']} not found within 10 km"
    assert all(m.place.name_en != "Ajdabiya" for m in found)
    assert all(not m.place.in_libya for m in found if m.surface in ("جنيف", "برلين", "أنقرة"))


def test_fuzzy_needs_a_kind_word_in_construct_state():
    assert gaz_names("ويعد سقوط المدينة، الواقعة على بعد ثمانين كيلومترا") == []
    assert gaz_names("اشتباكات في منطقة الوشكا شرقي مصراتة")[0] == "Al Washka"


def gaz_names(text):
    import gazetteer

    return names(gazetteer.load(user=False).tag(text))


@pytest.mark.parametrize(
    "text",
    [
        "هربوا من حروب جنوب القارة",
        "اعترضت مجموعة مسلحة طريق السيارة",
        "على طريق المصالحة الوطنية",
        "أهم محاور المبادرة الرئاسية",
        "أكد أهمية توسيع قاعدة الاستثمارات",
        "يحيا وسط المذهبية والصراعات",
    ],
)
def test_a_common_noun_after_a_kind_or_relation_word_is_no_misspelt_place(gaz, text):
    assert gaz.tag(text) == []


def test_a_misspelt_name_with_an_article_is_still_found(gaz):
    assert [m.place.name_en for m in gaz.tag("استهدفت غارة منطقة قرية الشميخ")] == ["Ishmikh"]


@pytest.mark.parametrize(
    ("text", "place"),
    [("يطارد الجيش المسلحين بأزقة حي المغار", "Al Maghar"), ("الحكومة المؤقتة ومقرها مدينة البيضاء", "Al Bayda")],
)
def test_a_name_that_begins_with_its_kind_word_is_its_own_context(gaz, text, place):
    assert [m.place.name_en for m in gaz.tag(text)] == [place]


def test_a_misspelt_name_coordinated_with_a_place_is_found(gaz):
    found = gaz.tag("سيطرت على منشآت مثل مطار سبها وتمنهند")
    assert [(m.surface, m.place.name_en) for m in found] == [("مطار سبها", "Sabha airport"), ("تمنهند", "Tamanhint")]


@pytest.mark.parametrize("text", ["في طرابلس وإمكانيات الدولة", "في طرابلس والمرتبطة بها"])
def test_a_common_word_coordinated_with_a_place_is_no_misspelt_place(gaz, text):
    assert [m.place.name_en for m in gaz.tag(text)] == ["Tripoli"]


@pytest.mark.parametrize(("text", "country"), NISBA_ADJECTIVES)
def test_a_countrys_adjective_is_no_place_but_its_name_is(gaz, text, country):
    assert country not in names(gaz.tag(text))
    assert country in names(gaz.tag("زار الوزير سورية أمس"))


@pytest.mark.parametrize("text", ["اندلعت اشتباكات في حي السلام بمدينة درنة", "سيطرت القوات على منطقة الحصين"])
def test_a_misspelling_is_looked_for_among_libyan_names_only(gaz, text):
    assert [m.place.country for m in gaz.tag(text)] in ([], ["LY", "LY"])
    assert [m.place.name_en for m in gaz.tag("قتل مسلحون في مدينة صبراطة")] == ["Sabratha"]


@pytest.mark.parametrize("text", ["وصلت سفينة ليبية إلى الميناء", "قال إن المتهم ارتكب جرما خارج البلاد"])
def test_a_final_letter_variant_never_makes_an_adjective_or_a_noun_a_place(gaz, text):
    assert [m.place.name_en for m in gaz.tag(text)] == []


@pytest.mark.parametrize(("text", "not_this", "at_home"), PLACED_IN_A_COUNTRY)
def test_a_name_placed_in_a_foreign_country_is_not_the_libyan_namesake(gaz, text, not_this, at_home):
    assert not_this not in [m.place.place_id for m in gaz.tag(text)]
    assert not_this in [m.place.place_id for m in gaz.tag(at_home)]


def test_two_places_joined_by_wa_are_two_places_not_the_front_between_them(gaz):
    assert names(gaz.tag("طالبت البعثة بخروج المقاتلين من سرت والجفرة")) == ["Sirte", "Jufra oases"]
    assert names(gaz.tag("تحشد الطرفان على خط سرت الجفرة")) == ["Sirte-Jufra axis"]


@pytest.mark.parametrize(("text", "place"), LIST_GOES_ON)
def test_a_direction_that_goes_on_a_list_places_nothing(gaz, text, place):
    assert place in names(gaz.tag(text))


@pytest.mark.parametrize(("text", "place_id"), SAME_NAME_ABROAD)
def test_a_shared_name_is_read_in_the_country_the_text_is_set_in(gaz, text, place_id):
    assert place_id in [m.place.place_id for m in gaz.tag(text)]


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("وتوقف التصدير من موانئ السدرة ورأس لانوف", ["Es Sider", "Ras Lanuf"]),  # a name heading a list
        ("وقصفت الطائرات الجميل وزوارة", ["Al Jumayl", "Zuwara"]),
        ("جلس الرعاة تحت السدرة وأكلوا", []),  # the tree: what follows is no place
    ],
)
def test_an_ordinary_word_heading_a_list_of_places_is_a_place(gaz, text, places):
    assert [m.place.name_en for m in gaz.tag(text)] == places


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("عند نقطتي السلوم المصرية والبردي الليبية", [("Salloum", "EG"), ("Bardia", "LY")]),
        ("وقع الهجوم على منتجع في سوسة التونسية", [("Sousse", "TN")]),
        ("وقعت اشتباكات في سوسة الليبية", [("Susa", "LY")]),
    ],
)
def test_a_countrys_adjective_after_a_name_makes_it_a_town_of_that_country(gaz, text, places):
    assert [(m.place.name_en, m.place.country) for m in gaz.tag(text)] == places
