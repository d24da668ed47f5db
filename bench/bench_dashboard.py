"""Dashboard speed with many events: first map render and a filter change, measured in a real browser.

    .venv/bin/python bench/bench_dashboard.py [--sizes 10000 100000] [--keep]

Fills a temporary store with synthetic events at real gazetteer places, starts ``streamlit run app.py``
on loopback (offline map, network blocked in the browser) and drives Debian's Chromium with Playwright.
Prints one table: store fill time, server-side pieces (load + index, filter, build_map) and what the user
waits for (first map render, a filter change). Needs /usr/bin/chromium (apt-get install chromium).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from events.models import Article, Event, make_event_id  # noqa: E402  after sys.path names the repository

#: (event_type, sub_event_type, weight) for synthetic events; ACLED pairs.
KINDS = (
    ("Battles", "Armed clash", 30),
    ("Explosions/Remote violence", "Air/drone strike", 20),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", 15),
    ("Violence against civilians", "Attack", 8),
    ("Violence against civilians", "Abduction/forced disappearance", 5),
    ("Protests", "Peaceful protest", 10),
    ("Riots", "Violent demonstration", 3),
    ("Strategic developments", "Change to group/activity", 5),
    ("Strategic developments", "Disrupted weapons use", 4),
)
ACTORS = (
    "LNA",
    "GNA",
    "Wagner Group",
    "Turkish Armed Forces",
    "Protesters (Libya)",
    "Civilians (Libya)",
    "Military Forces of Libya (2014-) Libyan National Army",
    "Unidentified Armed Group (Libya)",
)
SOURCES = ("Libya Observer", "Al Wasat", "Libya Al Ahrar", "Anadolu (Arabic)", "Sample Wire")


def libyan_places() -> list:
    """Populated Libyan places of the gazetteer, to put synthetic events at real coordinates."""
    import gazetteer

    places = [
        p for p in gazetteer.load(user=False).places if p.in_libya and p.kind not in ("region", "country", "district")
    ]
    if not places:
        raise SystemExit("the gazetteer has no Libyan places")
    return places


def synthetic(n_events: int, *, seed: int = 7, per_article: int = 2) -> list[tuple[Article, list[Event]]]:
    """``n_events`` events in articles of ``per_article`` events, reproducible for a given seed."""
    rnd = random.Random(seed)
    places = libyan_places()
    kinds, weights = [k[:2] for k in KINDS], [k[2] for k in KINDS]
    out = []
    for a_i in range((n_events + per_article - 1) // per_article):
        day = f"20{rnd.choice((19, 20, 21))}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        source = rnd.choice(SOURCES)
        sentences, evs = [], []
        doc_id = f"bench-{seed}-{a_i:07d}"
        for k in range(min(per_article, n_events - a_i * per_article)):
            p = rnd.choice(places)
            etype, sub = rnd.choices(kinds, weights)[0]
            fatalities = rnd.choice((0, 0, 0, 1, 2, 3, 5, 8, 12))
            sentence = f"أفادت مصادر محلية بوقوع {sub} في {p.name_ar} وسقوط {fatalities} قتلى."
            start = sum(len(s) + 1 for s in sentences)
            sentences.append(sentence)
            a1, a2 = rnd.sample(ACTORS, 2)
            evs.append(
                Event(
                    event_id=make_event_id(doc_id, str(k)),
                    event_type=etype,
                    sub_event_type=sub,
                    event_date=day,
                    time_precision=1,
                    actor1=a1,
                    actor2=a2 if rnd.random() < 0.6 else None,
                    location=p.name_en,
                    location_ar=p.name_ar,
                    admin1=p.admin1,
                    place_id=p.place_id,
                    geo_precision=rnd.choice((1, 1, 2, 3)),
                    lat=p.lat,
                    lon=p.lon,
                    fatalities=fatalities,
                    evidence=sentence,
                    doc_id=doc_id,
                    source=source,
                    url=f"https://example.org/{doc_id}",
                    confidence=round(rnd.uniform(0.3, 0.95), 2),
                    evidence_spans=((start, start + len(sentence)),),
                )
            )
        text = " ".join(sentences)
        out.append(
            (
                Article(
                    text=text,
                    id=doc_id,
                    title=f"نشرة تجريبية {a_i}",
                    date=day,
                    source=source,
                    url=f"https://example.org/{doc_id}",
                    origin="bench",
                ),
                evs,
            )
        )
    return out


def fill_store(url: str, n_events: int, *, seed: int = 7) -> float:
    """Create a store at ``url`` holding ``n_events`` synthetic events; returns the seconds it took."""
    from store import open_store

    batch = synthetic(n_events, seed=seed)
    by_doc = {a.doc_id: evs for a, evs in batch}
    t0 = time.perf_counter()
    store = open_store(url)
    store.ingest((a for a, _ in batch), extract=lambda a: by_doc[a.doc_id], batch_size=500)
    store.close()
    return time.perf_counter() - t0


def server_side(url: str, map_limit: int) -> dict:
    """Process CPU seconds (robust on a shared machine) for what app.py runs: load + index, a filter, the
    map of the first page from the events (map_parts, then what streamlit-folium does with it before
    sending), the encoding of every event for the map (once per store version) and the map of a view from
    those rows (what a new filter costs the app), plus the size of what is sent for the map in MB."""
    import geo
    from store import open_store
    from ui import views

    out = {}
    t0 = time.process_time()
    store = open_store(url)
    index = views.EventIndex.from_pairs(store.events_with_search_text())
    out["cpu_load_index"] = time.process_time() - t0
    t0 = time.process_time()
    shown = index.filter(event_types=["Battles"], text="قتلى")
    out["cpu_filter"] = time.process_time() - t0
    on_map = views.most_recent(index.events, map_limit)
    t0 = time.process_time()
    parts = geo.map_parts(on_map, offline=True, asset_base="/app/static/lem")
    out["cpu_build_map"] = time.process_time() - t0
    t0 = time.process_time()
    encoded = geo.encode_events(index.events)
    position = {event_id: i for i, event_id in enumerate(encoded.ids)}
    out["cpu_encode"] = time.process_time() - t0
    t0 = time.process_time()
    geo.map_parts(encoded.take(position[e.event_id] for e in on_map), offline=True, asset_base="/app/static/lem")
    out["cpu_map_view"] = time.process_time() - t0
    out["cpu_st_folium"], out["map_mb"] = st_folium_cost(parts)
    out["n_all"], out["n_filtered"], out["n_on_map"] = len(index.events), len(shown), len(on_map)
    store.close()
    return out


def st_folium_cost(parts) -> tuple[float, float]:
    """CPU seconds of what streamlit-folium does with the map parts before sending them (render the base
    map, rebuild its script, turn the layers into scripts, hash), and the MB of JSON it sends."""
    import json
    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    import streamlit_folium as sf

    t0 = time.process_time()
    parts.base.get_root().render()
    script = sf._get_map_string(parts.base)
    layers = "".join(sf._get_feature_group_string(g, parts.base, i) for i, g in enumerate(parts.layers))
    control = sf._get_layer_control_string(parts.control, parts.base)
    sf.generate_js_hash(script, "map", False)
    cpu = time.process_time() - t0
    return cpu, len(json.dumps({"script": script, "feature_group": layers, "layer_control": control})) / 1e6


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(home: Path, db: str, port: int, map_limit: int | None = None) -> subprocess.Popen:
    env = {**os.environ, "LEM_HOME": str(home), "LEM_DB": db, "LEM_OFFLINE": "1"}
    if map_limit is not None:
        env["LEM_MAP_LIMIT"] = str(map_limit)
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )


def stop(proc) -> None:
    """Stop the dashboard server: politely, then for good if it lingers (a loaded machine can take long)."""
    proc.terminate()
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=30)


def wait_ready(port: int, timeout: float = 120) -> None:
    """Until the server answers its health check: it listens at once but answers after its warm start."""
    import urllib.request

    end = time.time() + timeout
    while time.time() < end:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=timeout) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"streamlit did not answer on port {port}")


#: app.py's default LEM_MAP_LIMIT (markers drawn at most).
APP_MAP_LIMIT = 20000
#: The events on the map: clusters, single markers, the heat map (not the local basemap's town labels, which
#: are marker icons too and show before the events do).
MARKERS = ".marker-cluster, path.leaflet-interactive, .leaflet-heatmap-layer"
#: The last parts of the page: the timeline's chart and the events table.
REST = ("[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg", "[data-testid='stDataFrame']")


#: Text searches typed one after the other to time filter changes (each changes the counts).
SEARCHES = ("Battles", "قتلى", "Misrata", "")


def browser_timings(home: Path, db: str, map_limit: int | None, shots: Path, label: str, *, loads: int = 3) -> dict:
    """What the user waits for, in one browser: the first visit ever (fresh server, empty browser cache),
    the first page after a server restart (browser cache warm, as for an analyst opening the dashboard
    each morning), ``loads`` reloads (median and worst) and the filter changes of ``SEARCHES`` (median and
    worst). The network is unreachable: no host but loopback resolves (Playwright's request interception
    would block too, but it routes every request through the driver and slows the page by a second)."""
    import statistics

    from playwright.sync_api import sync_playwright

    out, port, outside = {}, free_port(), []
    base = f"http://127.0.0.1:{port}/"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
            ],
        )
        page = browser.new_page(viewport={"width": 1500, "height": 1100})
        page.on("request", lambda r: None if r.url.startswith(base) else outside.append(r.url))
        frame = page.frame_locator("iframe[title*='st_folium'], iframe[src*='streamlit_folium']").first

        def load() -> tuple[float, float]:
            """Seconds until the first event marker shows, and until the timeline and the table show too."""
            t0 = time.perf_counter()
            page.goto(base, wait_until="domcontentloaded")
            frame.locator(MARKERS).first.wait_for(state="visible", timeout=180_000)
            took = time.perf_counter() - t0
            for part in REST:
                page.locator(part).first.wait_for(state="visible", timeout=180_000)
            done = time.perf_counter() - t0
            page.wait_for_timeout(1000)  # let the rest of the page finish before the next step
            return took, done

        for key in ("first_visit", "first_render_cold"):
            t0 = time.perf_counter()
            proc = start_server(home, db, port, map_limit)
            try:
                wait_ready(port)
                out["server_ready"] = time.perf_counter() - t0
                out[key] = load()[0]
            finally:
                if key == "first_visit":
                    page.goto("about:blank")
                    stop(proc)
        try:
            received: list[int] = []  # websocket bytes of the page loads: every element the server sends
            page.on("websocket", lambda ws: ws.on("framereceived", lambda p: received.append(len(p))))
            warm_loads = [load() for _ in range(loads)]
            warm = [m for m, _ in warm_loads]
            page_mb = sum(received) / loads / 1e6
            page.screenshot(path=str(shots / f"bench-{label}-map.png"))
            metric = page.locator("[data-testid='stMetricValue']").first
            search = page.get_by_label("Text search")
            filters = []
            for text in SEARCHES:
                before = metric.inner_text()
                # the events layer counts its draws on the map container (data-lem-drawn): wait for the next
                drawn = frame.locator(".leaflet-container").get_attribute("data-lem-drawn")
                t0 = time.perf_counter()
                search.fill(text)
                search.press("Enter")
                page.wait_for_function(
                    "([sel, before]) => { const m = document.querySelector(sel); return m && m.innerText !== before; }",
                    arg=["[data-testid='stMetricValue']", before],
                    timeout=120_000,
                )
                counts = time.perf_counter() - t0
                frame.locator(f".leaflet-container:not([data-lem-drawn='{drawn}'])").wait_for(timeout=120_000)
                frame.locator(MARKERS).first.wait_for(state="visible", timeout=120_000)
                filters.append((counts, time.perf_counter() - t0))
                if text == SEARCHES[0]:
                    page.screenshot(path=str(shots / f"bench-{label}-filtered.png"))
                page.wait_for_timeout(1000)
        finally:
            stop(proc)
        browser.close()
    if outside:
        raise SystemExit(f"the offline dashboard asked the network: {outside[:3]}")
    out["first_render_warm"], out["first_render_worst"] = statistics.median(warm), max(warm)
    out["page_done_warm"] = statistics.median(d for _, d in warm_loads)
    out["page_mb"] = page_mb
    out["filter_counts"] = statistics.median(c for c, _ in filters)
    out["filter_map"], out["filter_worst"] = statistics.median(m for _, m in filters), max(m for _, m in filters)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--keep", action="store_true", help="keep the temporary stores")
    ap.add_argument("--no-browser", action="store_true", help="server-side timings only")
    ap.add_argument(
        "--map-limit",
        type=int,
        nargs="+",
        default=[None],
        help="LEM_MAP_LIMIT values to measure (markers drawn at most; default: the app's)",
    )
    args = ap.parse_args(argv)
    if not args.no_browser and not Path("/usr/bin/chromium").exists():
        raise SystemExit("/usr/bin/chromium is missing: apt-get install chromium (or pass --no-browser)")
    shots = ROOT / "test-artifacts" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    rows = []
    for n in args.sizes:
        home = Path(tempfile.mkdtemp(prefix=f"lem-bench-{n}-"))
        db = str(home / "events.sqlite")
        base = {"events": n, "fill_store": fill_store(db, n)}
        for limit in args.map_limit:
            row = {**base, "map_limit": limit or APP_MAP_LIMIT}
            row.update(server_side(db, limit or APP_MAP_LIMIT))
            if not args.no_browser:
                row.update(browser_timings(home, db, limit, shots, f"{n}-{limit or 'app'}"))
            rows.append(row)
        if not args.keep:
            shutil.rmtree(home, ignore_errors=True)
    cols = [
        "events",
        "map_limit",
        "n_on_map",
        "fill_store",
        "cpu_load_index",
        "cpu_filter",
        "cpu_build_map",
        "cpu_st_folium",
        "cpu_encode",
        "cpu_map_view",
        "map_mb",
        "page_mb",
        "server_ready",
        "first_visit",
        "first_render_cold",
        "first_render_warm",
        "first_render_worst",
        "page_done_warm",
        "filter_counts",
        "filter_map",
        "filter_worst",
    ]
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for r in rows:
        print(
            "| " + " | ".join(f"{r[c]:.2f}" if isinstance(r.get(c), float) else str(r.get(c, "-")) for c in cols) + " |"
        )
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs.")
    print(
        "seconds; cpu_* = process CPU time of that step alone (cpu_build_map: geo.map_parts from the events; "
        "cpu_st_folium: streamlit-folium's own rework of the parts; cpu_encode: every event encoded for the map, "
        "once per store version; cpu_map_view: the map of a view from those rows, what a new filter costs); "
        "map_mb = the map as sent to the browser; page_mb = all a page load receives over the websocket; "
        "server_ready = server start until it answers (after its warm start; the page loads start then); "
        "first_visit / first_render = page load until the first event marker/cluster is visible (first_visit: "
        "new server, empty browser cache; cold: new server, browser cache warm; warm: median of the next "
        "loads; worst: their maximum); page_done_warm = a warm load until the timeline and the table show too; "
        "filter = a text search typed "
        "until the counts change (filter_counts) and the map has drawn the new events (filter_map), median of "
        f"{len(SEARCHES)} searches (worst: their maximum)."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
