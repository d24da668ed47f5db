"""The one Arabic normaliser: table of real spelling variants, clitics, and idempotence."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gazetteer.normalize import WORD_RE, normalize, normalize_token, strip_clitics, tokens, word_aligned
from tests.common import INVISIBLES, presentation_forms


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("مصراتـة", "مصراته"),  # tatweel
        ("مِصْرَاتَة", "مصراته"),  # tashkeel
        ("مصراته", "مصراته"),
        ("إجدابيا", "اجدابيا"),  # hamza under alef
        ("أجدابيا", "اجدابيا"),
        ("اجدابيا", "اجدابيا"),
        ("آمنة", "امنه"),
        ("ليبيى", "ليبيي"),  # alef maqsura
        ("بنى وليد", "بني وليد"),
        ("الوشكـة", "الوشكه"),
        ("٢٨ أبريل ٢٠٢٠", "28 ابريل 2020"),  # Arabic-Indic digits
        ("۲۰۲۰", "2020"),  # Persian digits
        ("Al-Watiya", "al watiya"),
        ("MISRATA", "misrata"),
        ("  طرابلس،  ", "طرابلس"),
        ("بن ڨردان", "بن قردان"),  # the Maghrebi g, written ڨ in Tunisian outlets
        ("گرگارش", "قرقارش"),
        ("ڤيينا", "فيينا"),
    ],
)
def test_normalize_table(raw, expected):
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    "token, stem",
    [
        ("بمصراته", "مصراته"),
        ("وطرابلس", "طرابلس"),
        ("لمدينه", "مدينه"),
        ("للمدينه", "المدينه"),
        ("وبنغازي", "بنغازي"),
        ("فسرت", "سرت"),
        ("كالجبل", "الجبل"),
        ("والزاويه", "الزاويه"),
    ],
)
def test_strip_clitics_offers_the_stem(token, stem):
    stems = [s for s, _ in strip_clitics(token)]
    assert stems[0] == token
    assert stem in stems


def test_strip_clitics_keeps_words_that_start_with_a_clitic_letter():
    assert strip_clitics("بنغازي")[0] == ("بنغازي", 0)
    assert all(len(s) >= 2 for s, _ in strip_clitics("وب"))


@given(st.text(alphabet=st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإىةـًٌٍَُِّْ٠١٢٣ -،.AbZ9")), max_size=40))
def test_normalize_is_idempotent(s):
    once = normalize(s)
    assert normalize(once) == once


@given(st.text(alphabet=st.sampled_from([*"ابتأإآةىیکـًّ٠١۲ _-.،:AbZé9", "\u0301", "\u200c", "ß"]), max_size=40))
def test_word_aligned_text_normalises_word_by_word(s):
    """What ``word_aligned`` promises, which lets the extractor reuse the words it normalised already."""
    if word_aligned(s):
        assert normalize(s) == " ".join(normalize_token(w) for w in WORD_RE.findall(s))


@pytest.mark.parametrize("name", sorted(INVISIBLES))
def test_an_invisible_character_inside_a_word_is_dropped(name):
    text = f"اشتباكات في مصر{INVISIBLES[name]}اتة"
    assert normalize(text) == normalize("اشتباكات في مصراتة")
    assert [t.norm for t in tokens(text)] == ["اشتباكات", "في", "مصراته"]


def test_presentation_forms_are_read_as_letters():
    text = presentation_forms("اشتباكات عنيفة في مصراتة")
    assert text != "اشتباكات عنيفة في مصراتة"
    assert normalize(text) == normalize("اشتباكات عنيفة في مصراتة")
    assert [t.norm for t in tokens(text)][-1] == "مصراته"


@pytest.mark.parametrize(
    "text",
    [f"اشتباكات عنيفة أمس في مصر{c}اتة" for c in INVISIBLES.values()]
    + [presentation_forms("اشتباكات عنيفة أمس في مصراتة")],
)
def test_copied_text_still_finds_the_place_and_the_event(text):
    from events import Article, extract

    assert [e.location for e in extract(Article(text=text, id="n1", date="2020-05-01"))] == ["Misrata"]
