"""The dashboard driven headless with Streamlit's AppTest, on the shipped sample articles.

Each test works on its own copy of a store built from ui/samples/sample_articles.jsonl in a temporary
folder (LEM_HOME/LEM_DB), never the user's. Expected counts are computed from the store's events with
plain predicates written here, not with the app's own filter code.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from tests.common import ROOT, SAMPLES, store_events

pytest.importorskip("streamlit.testing.v1")
from streamlit.testing.v1 import AppTest

APP = str(ROOT / "app.py")
TIMEOUT = 180
#: What the map sends back (streamlit-folium keeps it under the map's key) once it has drawn its events.
MAP_DRAWN = {"lem_drawn": True}
OTHER_SOURCE = {
    "id": "app-test-other-source",
    "date": "2020-04-20",
    "source": "Test desk",
    "text": "استهدفت طائرة مسيرة رتلاً عسكرياً قرب مدينة ترهونة صباح الاثنين ما أسفر عن مقتل أربعة عناصر.",
}


def _need_samples():
    if not SAMPLES.exists():
        pytest.skip(f"sample articles not found at {SAMPLES}")


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    """A store holding the sample articles, built once per module (copied for each test)."""
    _need_samples()
    from events.io import read_articles
    from store import open_store

    folder = tmp_path_factory.mktemp("sample_store")
    # one article from another outlet, so that filtering by source has something to separate
    extra = folder / "other_source.jsonl"
    extra.write_text(json.dumps(OTHER_SOURCE, ensure_ascii=False) + "\n", encoding="utf-8")
    store = open_store(str(folder / "events.sqlite"))
    store.ingest(read_articles([SAMPLES, extra]))
    store.close()
    return folder / "events.sqlite"


@pytest.fixture
def db(sample_store, tmp_path, monkeypatch):
    """This test's own copy of the sample store, named by LEM_DB."""
    target = tmp_path / "events.sqlite"
    for suffix in ("", "-wal", "-shm"):
        src = Path(str(sample_store) + suffix)
        if src.exists():
            shutil.copy(src, str(target) + suffix)
    monkeypatch.setenv("LEM_DB", str(target))
    monkeypatch.setenv("LEM_OFFLINE", "1")
    return str(target)


def run_app(tab: str | None = None) -> AppTest:
    """The dashboard as a browser gets it: the first run, then the run the map asks for once it has drawn its
    events (AppTest has no browser to draw it); ``tab`` (its English label) opened: the page draws only the open
    tab besides the map."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if tab:
        at.session_state["tab"] = tab
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    at.session_state["map"] = MAP_DRAWN
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def timelines(at: AppTest) -> list:
    return at.get("vega_lite_chart")


def counts(at: AppTest) -> tuple[int, int]:
    """The (events, fatalities) counters shown above the map."""
    values = {m.label: m.value for m in at.metric}
    return int(values["Events"]), int(values["Fatalities"])


def expect(events, keep) -> tuple[int, int]:
    kept = [e for e in events if keep(e)]
    return len(kept), sum(e.fatalities for e in kept)


@pytest.fixture
def media(monkeypatch):
    """Files the app hands to download buttons, by URL (AppTest keeps them in memory only)."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    saved: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        data = path_or_data if isinstance(path_or_data, bytes) else Path(path_or_data).read_bytes()
        saved[file_id] = data
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    return saved


def download(at: AppTest, media: dict, label_start: str) -> bytes:
    button = next(b for b in at.get("download_button") if b.proto.label.startswith(label_start))
    file_id = button.proto.url.rsplit("/", 1)[-1].split(".")[0]
    return media[file_id]


# --------------------------------------------------------------------------- tests


def test_first_start_ingests_samples_and_shows_them(tmp_path, monkeypatch):
    """On an empty store, the README's one command shows the sample articles' events."""
    _need_samples()
    monkeypatch.setenv("LEM_DB", str(tmp_path / "fresh.sqlite"))
    at = run_app()
    events = store_events(str(tmp_path / "fresh.sqlite"))
    assert events, "the sample articles gave no events"
    assert counts(at) == expect(events, lambda e: True)
    assert at.title[0].value == "Libya Event Map"
    # the table lists exactly the events of the current filter
    table = at.dataframe[0].value
    assert sorted(table["event_id"]) == sorted(e.event_id for e in events)


@pytest.mark.parametrize(
    "key, pick, keep",
    [
        ("f_types", lambda ev: [ev[0].event_type], lambda v: lambda e: e.event_type in v),
        ("f_subs", lambda ev: [ev[-1].sub_event_type], lambda v: lambda e: e.sub_event_type in v),
        (
            "f_actors",
            lambda ev: [next(e.actor1 for e in ev if e.actor1)],
            lambda v: lambda e: e.actor1 in v or e.actor2 in v,
        ),
        ("f_admin1", lambda ev: [next(e.admin1 for e in ev if e.admin1)], lambda v: lambda e: e.admin1 in v),
        ("f_prec", lambda ev: [max(e.geo_precision for e in ev)], lambda v: lambda e: e.geo_precision in v),
        (
            "f_sources",
            lambda ev: [min({e.source for e in ev}, key=[e.source for e in ev].count)],
            lambda v: lambda e: e.source in v,
        ),
    ],
)
def test_each_multiselect_filter_changes_the_counts(db, key, pick, keep):
    events = store_events(db)
    value = pick(events)
    want = expect(events, keep(value))
    at = run_app()
    assert counts(at) == expect(events, lambda e: True)
    at.sidebar.multiselect(key=key).set_value(value).run()
    assert not at.exception
    assert counts(at) == want
    assert 0 < want[0] < len(events)


def test_fatalities_confidence_and_date_filters(db):
    events = store_events(db)
    at = run_app()
    threshold = sorted(e.fatalities for e in events)[len(events) // 2] or 1
    at.sidebar.number_input(key="f_fatal").set_value(threshold).run()
    assert counts(at) == expect(events, lambda e: e.fatalities >= threshold)
    at.sidebar.number_input(key="f_fatal").set_value(0).run()

    at.sidebar.slider(key="f_conf").set_value(0.6).run()
    assert counts(at) == expect(events, lambda e: e.confidence >= 0.6)
    at.sidebar.slider(key="f_conf").set_value(0.0).run()

    days = sorted({e.event_date for e in events if e.event_date})
    if len(days) < 3:
        pytest.skip("the samples span fewer than three days")
    lo, hi = days[1], days[-2]
    at.sidebar.slider(key="f_dates").set_value((date.fromisoformat(lo), date.fromisoformat(hi))).run()
    assert not at.exception
    assert counts(at) == expect(events, lambda e: e.event_date is not None and lo <= e.event_date <= hi)


def test_text_search_is_arabic_normalised(db):
    from gazetteer.normalize import normalize

    events = store_events(db)
    # a place written with its final ta marbuta in the store, searched with ha as Libyan press often does
    name = next((e.location_ar for e in events if e.location_ar and e.location_ar.endswith("ة")), None)
    if name is None:
        pytest.skip("no sample event at a place whose Arabic name ends in ة")
    query = name[:-1] + "ه"
    at = run_app()
    at.sidebar.text_input(key="f_text").set_value(query).run()
    n, _ = counts(at)
    assert (
        n
        == expect(
            events,
            lambda e: normalize(name) in normalize(" ".join(x for x in (e.evidence, e.location_ar, e.location) if x)),
        )[0]
    )
    assert n > 0


def test_geojson_download_is_exactly_the_filtered_view(db, media):
    events = store_events(db)
    etype = events[0].event_type
    at = run_app()
    at.sidebar.multiselect(key="f_types").set_value([etype]).run()
    doc = json.loads(download(at, media, "Download GeoJSON").decode("utf-8"))
    want = {e.event_id: e for e in events if e.event_type == etype}
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    assert sorted(f["properties"]["event_id"] for f in doc["features"]) == sorted(want)
    for f in doc["features"]:
        ev = want[f["properties"]["event_id"]]
        assert f["properties"]["event_type"] == etype
        assert f["properties"]["fatalities"] == ev.fatalities
        if ev.lat is not None:
            lon, lat = f["geometry"]["coordinates"]
            assert (round(lat, 3), round(lon, 3)) == (round(ev.lat, 3), round(ev.lon, 3))
    csv_text = download(at, media, "Download CSV").decode("utf-8")
    assert len(csv_text.strip().splitlines()) == 1 + len(want)


def test_arabic_switch_translates_and_flips_layout(db):
    at = run_app()
    at.sidebar.radio(key="lang").set_value("ar").run()
    assert not at.exception
    labels = json.loads((ROOT / "ui" / "labels.json").read_text(encoding="utf-8"))
    assert at.title[0].value == labels["ar"]["app_title"]
    assert at.metric[0].label == labels["ar"]["events"]
    styles = " ".join(h.proto.body for h in at.get("html"))
    assert "direction: rtl" in styles


def test_correction_and_rejection_show_at_once(db):
    events = store_events(db)
    target = max(events, key=lambda e: e.fatalities)
    at = run_app("Review")
    n0, f0 = counts(at)
    # the review tab starts on the first event of its queue; pick ours, raise its fatalities by 4
    at.selectbox(key="rev_pick").set_value(target.event_id).run()
    at.number_input(key=f"rev_fatal-{target.event_id}").set_value(target.fatalities + 4)
    next(b for b in at.button if b.label == "Save correction").click().run()
    assert not at.exception
    assert counts(at) == (n0, f0 + 4)
    after = {e.event_id: e for e in store_events(db)}
    assert after[target.event_id].fatalities == target.fatalities + 4

    # rejecting it removes it from the map, table and counters
    at.selectbox(key="rev_pick").set_value(target.event_id).run()
    at.button(key=f"rev_reject-{target.event_id}").click().run()
    assert counts(at) == (n0 - 1, f0 - target.fatalities)
    assert target.event_id not in set(at.dataframe[0].value["event_id"])


def test_pasted_article_is_previewed_and_saved(db):
    text = (
        "قتل ثلاثة مدنيين وأصيب خمسة آخرون جراء قصف صاروخي استهدف حي أبوسليم في العاصمة طرابلس "
        "مساء الأحد، وفق ما أفاد به جهاز الإسعاف والطوارئ."
    )
    at = run_app("Add articles")
    n0, _ = counts(at)
    at.text_area(key="add_text").input(text)
    at.date_input(key="add_date").set_value(date(2020, 1, 12))
    at.text_input(key="add_source").input("Test desk")
    next(b for b in at.button if b.label == "Preview extracted events").click().run()
    assert not at.exception
    preview = [h.proto.body for h in at.get("html") if "lem-article" in h.proto.body]
    assert preview and "<mark" in preview[0]
    found = [c.value for c in at.caption if "event(s) extracted" in c.value]
    assert found and not found[0].startswith("0 ")
    next(b for b in at.button if b.label == "Save to store").click().run()
    assert not at.exception
    n1, _ = counts(at)
    assert n1 > n0
    assert len(store_events(db)) == n1


def test_review_moves_event_to_a_place_found_in_the_gazetteer(db):
    import gazetteer

    events = store_events(db)
    target = events[0]
    query = "الوطية" if target.location_ar != "الوطية" else "مصراته"
    best = gazetteer.load().match(query, limit=8)[0].place
    at = run_app("Review")
    at.selectbox(key="rev_pick").set_value(target.event_id).run()
    at.text_input(key=f"rev_place_q-{target.event_id}").input(query).run()
    at.selectbox(key=f"rev_place-{target.event_id}").set_value(best.place_id)
    next(b for b in at.button if b.label == "Save correction").click().run()
    assert not at.exception
    moved = {e.event_id: e for e in store_events(db)}[target.event_id]
    assert (moved.place_id, moved.location, moved.location_ar) == (best.place_id, best.name_en, best.name_ar)
    # shown at once: the table row now names the new place
    row = at.dataframe[0].value.set_index("event_id").loc[target.event_id]
    assert row["location"] == best.name_en


def test_unreadable_store_gives_a_clear_message(tmp_path, monkeypatch):
    bad = tmp_path / "events.sqlite"
    bad.write_bytes(b"this is not a database\n" * 100)
    monkeypatch.setenv("LEM_DB", str(bad))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert len(at.error) == 1
    assert at.error[0].value.startswith("The event store cannot be opened:")
    assert "\n" not in at.error[0].value


def test_uploaded_files_are_previewed_and_bad_lines_named(db):
    good = {
        "id": "upload-1",
        "date": "2020-04-20",
        "source": "Upload desk",
        "text": "استهدفت طائرة مسيرة رتلاً عسكرياً قرب مدينة ترهونة صباح الاثنين ما أسفر عن مقتل أربعة عناصر.",
    }
    lines = json.dumps(good, ensure_ascii=False) + "\n"
    at = run_app("Add articles")
    at.file_uploader(key="add_files").set_value([("good.jsonl", lines.encode("utf-8"), "application/json")])
    next(b for b in at.button if b.label == "Preview extracted events").click().run()
    assert not at.exception and not at.error
    heads = [h.proto.body for h in at.get("html") if "lem-article-head" in h.proto.body]
    assert any("Upload desk" in h and "2020-04-20" in h for h in heads)

    broken = lines + '{"id": "upload-2", "text": \n'
    at.file_uploader(key="add_files").set_value([("broken.jsonl", broken.encode("utf-8"), "application/json")])
    next(b for b in at.button if b.label == "Preview extracted events").click().run()
    assert not at.exception
    assert len(at.error) == 1 and at.error[0].value.startswith("broken.jsonl:2:")


def test_sources_tab_follows_a_feed_and_fetches_pasted_links(db):
    """The Sources tab against a news site served by this test on 127.0.0.1 (tests/feed_site.py)."""
    from tests.feed_site import Site, news_site

    with Site(max_requests=60, lifetime=120) as site:
        news_site(site)
        at = run_app("Sources")
        n0, _ = counts(at)
        at.text_input(key="src_feed_url").input("javascript:alert(1)")
        next(b for b in at.button if b.label == "Follow feed").click().run()
        assert any("javascript:alert(1): not an http(s) link" in e.value.replace("\\", "") for e in at.error)
        at.text_input(key="src_feed_url").input(site.url("/feeds/second.xml"))
        next(b for b in at.button if b.label == "Follow feed").click().run()
        assert not at.exception
        feeds = next(d.value for d in at.dataframe if "feed" in d.value.columns)
        assert list(feeds["feed"]) == [site.url("/feeds/second.xml")] and list(feeds["status"]) == ["—"]
        at.text_area(key="src_links").input(
            f"{site.url('/news/ain-zara-shelling')}?utm_source=x\n{site.url('/section/economy')}"
        )
        next(b for b in at.button if b.label == "Fetch articles").click().run()
        assert not at.exception, [e.message for e in at.exception]
        assert any(s.value.startswith("1 pages read: 1 new articles") for s in at.success)
        assert any("not an article" in e.value and "section/economy" in e.value.replace("\\", "") for e in at.error)
        n1, _ = counts(at)
        assert n1 > n0
        recent = next(d.value for d in at.dataframe if "reason" in d.value.columns)
        assert sorted(recent["status"]) == ["bad", "ok"]
        newest = next(d.value for d in at.dataframe if "event_type" in d.value.columns and "url" in d.value.columns)
        assert set(newest["location"]) >= {"Ain Zara"}
        next(b for b in at.button if b.label == "Stop following").click().run()
        assert not any("feed" in d.value.columns for d in at.dataframe)


def test_sources_tab_without_the_feeds_extra_says_how_to_install_it(db, monkeypatch):
    import sources

    monkeypatch.setattr(sources, "FEEDS_MODULES", ("no_such_module_lem_test",))  # as if not installed
    at = run_app("Sources")
    assert any("pip install 'libya-event-map[feeds]'" in w.value for w in at.warning)
    assert not any(b.label in ("Follow feed", "Fetch articles") for b in at.button)


def test_the_article_view_shows_an_articles_earlier_texts(db, tmp_path):
    from events.io import read_articles
    from store import open_store

    store = open_store(db)
    try:
        first = store.events()[0]
        article = store.article(first.doc_id)
        old_text = article.text
        changed = tmp_path / "changed.jsonl"
        changed.write_text(
            json.dumps(
                {
                    "id": first.doc_id,
                    "date": article.date,
                    "source": article.source,
                    "title": article.title,
                    "text": old_text + " وأضاف المصدر <b>تفاصيل</b>.",
                },
                ensure_ascii=False,
            )
            + "\n",
            encoding="utf-8",
        )
        store.ingest(read_articles([changed]))
        event_id = next(e.event_id for e in store.events() if e.doc_id == first.doc_id)
    finally:
        store.close()
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["selected"] = event_id
    at.run()
    assert not at.exception
    assert [e.label for e in at.expander if e.label.startswith("Earlier texts")] == [
        "Earlier texts of this article (1)"
    ]
    shown = [h.proto.body for h in at.get("html") if "lem-revision" in h.proto.body]
    assert len(shown) == 1 and old_text[:40] in shown[0] and "Revision 1" in shown[0]
    current = [
        h.proto.body for h in at.get("html") if "lem-article" in h.proto.body and "lem-revision" not in h.proto.body
    ]
    assert any("&lt;b&gt;" in h or "تفاصيل" in h for h in current)


def test_only_the_open_tab_is_drawn_besides_the_map_and_it_stays_open_in_arabic(db):
    """The page draws the map tab and the open tab only (less for the browser to build before the map); the
    open tab survives a language switch."""
    labels = json.loads((ROOT / "ui" / "labels.json").read_text(encoding="utf-8"))
    at = run_app()
    assert len(at.metric) == 3 and at.dataframe  # the map tab is drawn
    assert not [w for w in at.selectbox if w.key == "rev_pick"] and not [w for w in at.text_area if w.key == "add_text"]
    at.session_state["tab"] = "Review"
    at.run()
    assert [w for w in at.selectbox if w.key == "rev_pick"] and not [w for w in at.text_area if w.key == "add_text"]
    assert len(at.metric) == 3 and at.dataframe  # the map tab stays drawn behind the open one
    at.sidebar.radio(key="lang").set_value("ar").run()
    assert not at.exception
    assert at.session_state["tab"] == labels["ar"]["tab_review"]
    assert [w for w in at.selectbox if w.key == "rev_pick"]


def test_the_first_page_draws_the_timeline_and_table_once_the_map_has_drawn(db):
    """A session's first run leaves the timeline and the table for the run the map asks for when it has drawn its
    events: the browser builds the page on the map's thread. Later runs draw everything."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    n, _ = counts(at)
    assert n > 0 and not at.dataframe and not timelines(at)
    # the map's report arrives: that run (map_panel, a fragment in the browser) reruns the whole page
    first = AppTest.from_file(APP, default_timeout=TIMEOUT)
    first.session_state["map"] = MAP_DRAWN
    first.run()
    assert not first.exception
    assert len(first.dataframe[0].value) == n and len(timelines(first)) == 1
    # any later run draws them at once, report or not
    at.sidebar.text_input(key="f_text").input("").run()
    assert len(at.dataframe[0].value) == n and len(timelines(at)) == 1
