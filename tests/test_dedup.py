"""Cross-source deduplication: several outlets' reports of one incident become one event (ACLED-style)."""

from __future__ import annotations

import random

import pytest

from events.models import Article, Event, make_event_id
from store.dedup import cluster, deduplicate, haversine_km, merge, same_incident

STRIKE = dict(event_type="Explosions/Remote violence", sub_event_type="Air/drone strike")


def at(gaz, place_id: str, doc: str, key: str = "e1", **kw) -> Event:
    """An event located at a real gazetteer place, as the extractor would emit it for article ``doc``."""
    p = gaz.get(place_id)
    assert p is not None, place_id
    base = dict(
        STRIKE,
        event_date="2020-05-18",
        time_precision=1,
        location=p.name_en,
        location_ar=p.name_ar,
        admin1=p.admin1,
        place_id=p.place_id,
        lat=p.lat,
        lon=p.lon,
        doc_id=doc,
        source=f"outlet-{doc}",
        evidence=f"evidence of {doc}",
    )
    base.update(kw)
    return Event(event_id=make_event_id(doc, key), **base)


def test_three_reports_of_one_airstrike_become_one_event(gaz):
    reports = [
        at(
            gaz,
            "watiya-airbase",
            "a1",
            fatalities=5,
            evidence="شن الطيران المسير غارة على قاعدة الوطية",
            source="alwasat",
        ),
        at(
            gaz,
            "watiya-airbase",
            "a2",
            fatalities=7,
            event_date="2020-05-19",
            time_precision=2,
            evidence="قتل 7 في ضربة جوية استهدفت الوطية",
            source="218tv",
        ),
        at(
            gaz,
            "watiya-airbase",
            "a3",
            fatalities=6,
            geo_precision=2,
            actor1="LNA",
            evidence="غارات جوية قرب قاعدة الوطية الجوية أمس",
            source="libya-observer",
        ),
    ]
    published = {"a1": "2020-05-18", "a2": "2020-05-19", "a3": "2020-05-19"}
    groups = deduplicate(reports, article_dates=published)
    assert len(groups) == 1
    merged, members = groups[0]
    assert {m.doc_id for m in members} == {"a1", "a2", "a3"}
    assert merged.source_count == 3
    assert merged.fatalities == 5
    assert merged.fatalities_note == "reports range 5–7"
    assert merged.event_date == "2020-05-18" and merged.time_precision == 1  # the exact-day report wins
    assert merged.geo_precision == 1
    assert merged.actor1 == "LNA"
    assert merged.event_id == min(r.event_id for r in reports)
    for r in reports:
        assert r.evidence in merged.evidence
    assert merged.source.split("; ") == ["alwasat", "218tv", "libya-observer"]  # by publication
    assert merged.doc_id == "a1"


def test_two_airstrikes_on_different_days_stay_two(gaz):
    a = at(gaz, "watiya-airbase", "b1", event_date="2020-05-10")
    b = at(gaz, "watiya-airbase", "b2", event_date="2020-05-18")
    assert len(deduplicate([a, b])) == 2


def test_date_window_is_one_day(gaz):
    a = at(gaz, "sirte", "c1", event_date="2020-01-01")
    assert same_incident(a, at(gaz, "sirte", "c2", event_date="2020-01-02"))
    assert not same_incident(a, at(gaz, "sirte", "c3", event_date="2020-01-03"))
    assert not same_incident(a, at(gaz, "sirte", "c4", event_date=None))


def test_nearby_places_merge_within_5_km_only(gaz):
    near = (gaz.get("abu-salim"), gaz.get("hay-al-andalus"))
    far = (gaz.get("misrata"), gaz.get("misrata-airport"))
    assert haversine_km(near[0].lat, near[0].lon, near[1].lat, near[1].lon) < 5
    assert haversine_km(far[0].lat, far[0].lon, far[1].lat, far[1].lon) > 5
    assert len(deduplicate([at(gaz, "abu-salim", "d1"), at(gaz, "hay-al-andalus", "d2")])) == 1
    assert len(deduplicate([at(gaz, "misrata", "d3"), at(gaz, "misrata-airport", "d4")])) == 2


def test_type_and_actors_must_agree(gaz):
    base = at(gaz, "tripoli", "e1", actor1="LNA", actor2="GNA")
    other_type = at(gaz, "tripoli", "e2", event_type="Battles", sub_event_type="Armed clash")
    assert not same_incident(base, other_type)
    assert same_incident(base, at(gaz, "tripoli", "e3", actor1="GNA", actor2="LNA"))  # swapped sides
    assert same_incident(base, at(gaz, "tripoli", "e4", actor1=None, actor2=None))  # unnamed is compatible
    assert not same_incident(base, at(gaz, "tripoli", "e5", actor1="Islamic State (Libya)"))


def test_events_of_one_article_are_never_merged(gaz):
    a = at(gaz, "tripoli", "f1", key="x")
    b = at(gaz, "tripoli", "f1", key="y")
    assert len(cluster([a, b])) == 2


def test_clustering_is_deterministic_in_any_order(gaz):
    evs = [
        at(gaz, pid, f"g{i}", event_date=f"2020-03-{d:02d}", fatalities=i % 4)
        for i, (pid, d) in enumerate(
            [
                ("tripoli", 1),
                ("tripoli", 2),
                ("sirte", 1),
                ("sirte", 1),
                ("tripoli", 2),
                ("misrata", 9),
                ("tripoli", 3),
                ("sirte", 2),
            ]
        )
    ]
    first = [(m.event_id, sorted(e.event_id for e in ms)) for m, ms in deduplicate(evs)]
    for seed in range(5):
        shuffled = evs[:]
        random.Random(seed).shuffle(shuffled)
        assert [(m.event_id, sorted(e.event_id for e in ms)) for m, ms in deduplicate(shuffled)] == first
    # re-running on the merged output's members changes nothing
    again = [
        (m.event_id, sorted(e.event_id for e in ms))
        for m, ms in deduplicate([e for _, ms in deduplicate(evs) for e in ms])
    ]
    assert again == first


def test_merge_prefers_precise_location_and_keeps_zero_when_nobody_counts(gaz):
    vague = at(gaz, "misrata", "h1", geo_precision=2, confidence=0.9)
    exact = at(gaz, "misrata", "h2", geo_precision=1, confidence=0.4, location="Misrata (exact)")
    m = merge([vague, exact])
    assert m.location == "Misrata (exact)" and m.geo_precision == 1
    assert m.fatalities == 0 and m.fatalities_note is None
    assert m.confidence == 0.9


def test_store_merges_reports_and_keeps_every_source(tmp_path, gaz):
    from store import open_store

    st = open_store(str(tmp_path / "s.sqlite"))
    texts = [
        "شن الطيران المسير غارة على قاعدة الوطية",
        "قتل 7 في ضربة جوية استهدفت الوطية",
        "غارات جوية قرب قاعدة الوطية الجوية أمس",
    ]
    for i, (text, deaths) in enumerate(zip(texts, (5, 7, 6), strict=True)):
        art = Article(text=text, id=f"w{i}", date="2020-05-18", source=f"outlet{i}", url=f"https://x/{i}")
        st.add_article(art, [at(gaz, "watiya-airbase", art.doc_id, fatalities=deaths, evidence=text)])
    other_day = Article(text="غارة أخرى على الوطية", id="w9", date="2020-05-25", source="outlet9")
    st.add_article(other_day, [at(gaz, "watiya-airbase", "w9", event_date="2020-05-25", evidence=other_day.text)])
    evs = st.events()
    assert [e.source_count for e in evs] == [3, 1]
    assert evs[0].fatalities == 5 and evs[0].fatalities_note == "reports range 5–7"
    srcs = st.event_sources(evs[0].event_id)
    assert [s["doc_id"] for s in srcs] == ["w0", "w1", "w2"]
    assert [s["evidence"] for s in srcs] == texts
    assert [s["url"] for s in srcs] == ["https://x/0", "https://x/1", "https://x/2"]
    before = [(e.event_id, e.source_count) for e in evs]
    assert st.deduplicate() == 2
    assert [(e.event_id, e.source_count) for e in st.events()] == before


def _brute_force(events):
    """The clustering rule applied without any index: every event against every earlier cluster."""
    clusters: list[list[Event]] = []
    for ev in sorted(events, key=lambda e: (e.event_date or "9999", e.event_id)):
        for c in clusters:
            if all(same_incident(ev, m) for m in c):
                c.append(ev)
                break
        else:
            clusters.append([ev])
    return [[e.event_id for e in c] for c in clusters]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_indexed_clustering_equals_brute_force(gaz, seed):
    rng = random.Random(seed)
    places = [p for p in gaz.places if p.in_libya and p.admin1 in ("Tripoli", "Misrata", "Benghazi")]
    evs = []
    for i in range(700):
        p = rng.choice(places)
        doc = f"s{seed}-{i // 2}"
        evs.append(
            Event(
                event_id=make_event_id(doc, str(i % 2)),
                event_type=rng.choice(["Battles", "Protests"]),
                sub_event_type="x",
                event_date=None if i % 53 == 0 else f"2020-02-{1 + rng.randrange(12):02d}",
                place_id=p.place_id if i % 4 else None,
                lat=p.lat + rng.uniform(-0.06, 0.06),
                lon=p.lon + rng.uniform(-0.06, 0.06),
                actor1=rng.choice([None, "LNA", "GNA"]),
                doc_id=doc,
            )
        )
    got = [[e.event_id for e in c] for c in cluster(evs)]
    assert got == _brute_force(evs)
    assert any(len(c) > 2 for c in got)  # the sample does exercise merging
