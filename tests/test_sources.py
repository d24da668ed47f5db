"""Live sources (issue #13): feeds and article links on a news site served by the tests on 127.0.0.1.

The site (``tests/feed_site.py``) is ours: invented Arabic sample articles with menus, cookie banners, related
links and comments, plus every awkward case the issue lists. No request leaves the machine; the server stops
itself after a bounded number of requests or seconds.
"""

from __future__ import annotations

import pytest

from sources.feeds import FeedError, parse_feed
from sources.pages import NotArticle, doc_id_for, extract_page
from sources.schedule import MAX_BACKOFF_S, HostPacer, backoff, due, next_poll, parse_every
from sources.urls import BadURL, canonical_url
from tests.feed_site import ARTICLES, COMMENT, COOKIES, FOOTER, MENU, RELATED, Site, article_html, news_site, rss

GOOD = (
    "/news/ain-zara-shelling",
    "/news/watiya-drone",
    "/news/tarhuna-clashes",
    "/news/sirte-protest",
    "/news/misrata-port",
)
BAD = {
    "/news/undated": "no publication date",
    "/news/broken": "HTTP 500",
    "/news/missing": "HTTP 404",
    "/news/slow": "timeout",
    "/news/huge": "more than the",
    "/section/economy": "not an article",
    "/private/secret": "robots.txt",
}


@pytest.fixture
def site():
    with Site(delay={"/news/slow": 2.0}, max_requests=300, lifetime=90) as s:
        yield news_site(s)


def run(capsys, *argv) -> tuple[int, str]:
    from cli.events import main

    code = main([str(a) for a in argv])
    return code, capsys.readouterr().err


def stored(db) -> dict[str, object]:
    """Stored articles by path of their URL."""
    from urllib.parse import urlsplit

    from store import open_store

    st = open_store(str(db))
    try:
        from sqlalchemy import select

        with st._read() as conn:
            rows = conn.execute(select(st.t["articles"])).all()
    finally:
        st.close()
    return {urlsplit(r.url).path: r for r in rows}


# -- pure parts ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "a, b",
    [
        ("https://www.alwasat.ly/news/libya/123?utm_source=fb&utm_medium=x#top", "https://alwasat.ly/news/libya/123"),
        ("https://m.alwasat.ly/news/libya/123", "https://alwasat.ly/news/libya/123/"),
        ("https://alwasat.ly/news/libya/123/amp", "http://alwasat.ly/news/libya/123?fbclid=abc"),
        ("https://amp.alwasat.ly/amp/news/libya/123", "https://ALWASAT.ly/news/libya/123"),
        ("https://libyaobserver.ly/news/x?b=2&a=1", "https://libyaobserver.ly/news/x?a=1&b=2&gclid=9"),
    ],
)
def test_variants_of_one_link_are_one_article(a, b):
    assert canonical_url(a) == canonical_url(b)
    assert doc_id_for(a) == doc_id_for(b)


@pytest.mark.parametrize(
    "a, b",
    [
        ("https://alwasat.ly/news/libya/123", "https://alwasat.ly/news/libya/124"),
        ("https://site.ly/article?id=1", "https://site.ly/article?id=2"),
        ("https://alwasat.ly/news/1", "https://libyaobserver.ly/news/1"),
    ],
)
def test_different_articles_stay_different(a, b):
    assert canonical_url(a) != canonical_url(b)


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "ftp://x.ly/a",
        "javascript:alert(1)",
        "/news/1",
        "http://",
        "http://[::1",
        "http://x.ly:port/",
        "http://x.ly/a b",
    ],
)
def test_only_http_links_are_accepted(bad):
    with pytest.raises(BadURL):
        canonical_url(bad)


def test_feed_entries_resolve_relative_links_and_read_dates():
    data = rss(
        [
            ("/news/a", "أ", "Sat, 02 May 2020 23:30:00 GMT"),
            ("../news/b", "ب", None),
            ("c?x=1", "ج", "Mon, 04 May 2020 08:00:00 +0200"),
            ("javascript:alert(1)", "د", None),
        ]
    ).encode()
    feed = parse_feed(data, url="https://site.ly/feeds/all.xml")
    assert [(e.url, e.title, e.date) for e in feed.entries] == [
        ("https://site.ly/news/a", "أ", "2020-05-02"),
        ("https://site.ly/news/b", "ب", None),
        ("https://site.ly/feeds/c?x=1", "ج", "2020-05-04"),
    ]
    assert feed.title == "موقع الأخبار التجريبي"


def test_atom_feed_is_read():
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>أخبار</title>'
        '<entry><id>tag:site.ly,2020:1</id><title>سرت</title><link href="/n/1"/>'
        "<updated>2020-06-01T08:00:00Z</updated></entry></feed>"
    ).encode()
    (e,) = parse_feed(atom, url="https://site.ly/atom").entries
    assert (e.id, e.url, e.date) == ("tag:site.ly,2020:1", "https://site.ly/n/1", "2020-06-01")


@pytest.mark.parametrize(
    "data, why",
    [
        (b"<html><body><p>hi</p></body></html>", "an HTML page"),
        (b"", "no feed entries"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "no feed entries"),
    ],
)
def test_what_is_not_a_feed_says_so(data, why):
    with pytest.raises(FeedError, match=why):
        parse_feed(data, url="https://site.ly/feed")


def test_extraction_keeps_the_article_and_drops_the_page_furniture():
    path = "/news/ain-zara-shelling"
    art = extract_page(article_html(path).encode(), url="https://news.example.ly" + path + "?utm_source=rss")
    title, day, paras = ARTICLES[path]
    assert art.title == title and art.date == day == "2020-05-02"
    assert art.text.splitlines() == paras
    for junk in [MENU.split(" | ")[1], COOKIES, COMMENT, FOOTER, *RELATED]:
        assert junk not in art.text
    assert art.source == "موقع الأخبار التجريبي"
    assert art.url == "https://news.example.ly/news/ain-zara-shelling"  # tracking parameters dropped
    assert art.id == doc_id_for("https://news.example.ly/news/ain-zara-shelling")


def test_windows_1256_page_declared_in_its_meta_tag():
    path = "/news/misrata-port"
    data = article_html(path, charset="windows-1256").encode("cp1256")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    art = extract_page(data, url="https://news.example.ly" + path)
    assert art.title == ARTICLES[path][0] and art.text.splitlines()[0] == ARTICLES[path][2][0]


def test_a_page_without_date_takes_the_feeds_and_without_either_is_refused():
    data = article_html("/news/tarhuna-clashes").encode()
    with pytest.raises(NotArticle, match="no publication date"):
        extract_page(data, url="https://news.example.ly/t")
    assert extract_page(data, url="https://news.example.ly/t", date="2020-05-05").date == "2020-05-05"


@pytest.mark.parametrize(
    "data, why",
    [
        (b"", "empty page"),
        (b"   \n", "empty page"),
        (b"<html><body><script>x()</script><style>p{}</style></body></html>", "no article text"),
        (
            b"<html><head><title>t</title><meta property='article:published_time' content='2020-01-01'></head>"
            b"<body><article><p>\xd8\xb9\xd8\xa7\xd8\xac\xd9\x84</p></article></body></html>",
            "only",
        ),
        (b"<p>" + b"x" * 5_000_001, "larger than 5 MB"),
        (b"\x00\x01\x02binary", "binary content"),
    ],
)
def test_what_is_not_an_article_says_why(data, why):
    with pytest.raises(NotArticle, match=why) as exc:
        extract_page(data, url="https://news.example.ly/p")
    assert str(exc.value).startswith("https://news.example.ly/p: ") and "\n" not in str(exc.value)


def test_intervals_and_backoff():
    assert [parse_every(x) for x in ("15m", "1h", "90s", "1d", "20")] == [900, 3600, 90, 86400, 1200]
    for bad in ("fast", "10s", "", "5 minutes"):
        with pytest.raises(ValueError):
            parse_every(bad)
    assert [backoff(k, 900) for k in range(5)] == [900, 1800, 3600, 7200, 14400]
    assert backoff(40, 900) == MAX_BACKOFF_S
    assert next_poll(1000.0, 900, failures=2) == 1000.0 + 3600


def test_due_feeds_most_overdue_first():
    from store.feeds import FeedState

    feeds = [
        FeedState(url="a", next_poll=50.0),
        FeedState(url="b", next_poll=None),
        FeedState(url="c", next_poll=10.0),
        FeedState(url="d", next_poll=500.0),
    ]
    assert [f.url for f in due(feeds, 100.0)] == ["b", "c", "a"]


def test_host_pacer_spaces_requests_to_one_host_only():
    p = HostPacer(2.0)
    assert p.wait("a.ly", 100.0) == 0.0
    p.done("a.ly", 100.0)
    assert p.wait("a.ly", 100.5) == 1.5
    assert p.wait("b.ly", 100.5) == 0.0
    assert p.wait("a.ly", 103.0) == 0.0


# -- the shell, against the local site ------------------------------------------------------------------
def test_watch_once_ingests_every_good_article_exactly_once_and_reports_every_bad_one(site, tmp_path, capsys):
    db = tmp_path / "events.sqlite"
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# our outlets\n{site.url('/feeds/main.xml')}\n\n{site.url('/feeds/second.xml')}  # second\n")
    code, err = run(capsys, "watch", feeds, "--once", "--db", db, "--timeout", "1", "--delay", "0")
    assert code == 0, err
    arts = stored(db)
    assert sorted(arts) == sorted(GOOD)
    assert arts["/news/tarhuna-clashes"].date == "2020-05-05"  # from the feed: the page has none
    assert arts["/news/misrata-port"].title == ARTICLES["/news/misrata-port"][0]  # windows-1256 page
    for path, why in BAD.items():
        line = next((x for x in err.splitlines() if site.url(path) in x), None)
        assert line is not None and why in line, (path, err)
    # the AMP copy, the tracking link and the printer page were never fetched as articles of their own;
    # the old link redirected to a page fetched before and was not followed
    assert site.hits.get("/news/ain-zara-shelling/amp", 0) == 0
    assert site.hits["/news/ain-zara-shelling"] == 1 and site.hits["/news/watiya-drone"] == 1
    assert "watch: 2 feeds polled, 0 not read; 5 new articles" in err
    assert site.hits["/robots.txt"] == 1
    agents = {h.get("User-Agent") for _, h in site.log}
    assert len(agents) == 1 and agents.pop().startswith("LibyaEventMap/")
    from tests.common import store_events

    assert {e.location for e in store_events(str(db))} >= {"Ain Zara", "Sirte"}


def test_a_restart_fetches_nothing_twice_and_keeps_feed_state(site, tmp_path, capsys):
    from store import open_store
    from store.feeds import SourceLog

    db = tmp_path / "events.sqlite"
    main = site.url("/feeds/main.xml")
    etag = '"v1"'

    def feed_route(handler):
        if handler.headers.get("If-None-Match") == etag:
            return 304, {"ETag": etag}, b""
        return 200, {"Content-Type": "application/rss+xml", "ETag": etag}, site.routes["/feeds/main-body"][2]

    site.routes["/feeds/main-body"] = site.routes["/feeds/main.xml"]
    site.routes["/feeds/main.xml"] = feed_route
    run(capsys, "watch", main, "--once", "--db", db, "--timeout", "1", "--delay", "0")
    hits = dict(site.hits)
    code, err = run(capsys, "watch", "--once", "--db", db, "--timeout", "1", "--delay", "0")  # the store's feeds
    assert code == 0, err
    assert "0 new articles" in err
    assert site.hits["/feeds/main.xml"] == hits["/feeds/main.xml"] + 1
    assert [h.get("If-None-Match") for p, h in site.log if p == "/feeds/main.xml"] == [None, etag]

    def pages(h):
        return {p: n for p, n in h.items() if p.startswith(("/news/", "/section/", "/private/"))}

    assert pages(site.hits) == pages(hits) and pages(hits)  # no page fetched again (304)
    st = open_store(str(db))
    try:
        (state,) = SourceLog(st).feeds()
        assert (state.url, state.etag, state.last_status, state.failures) == (main, etag, "not modified", 0)
        assert state.total_articles == 3 and state.last_seen.endswith(
            "ain-zara-shelling?utm_source=rss&utm_medium=feed"
        )
    finally:
        st.close()


def test_a_feed_repeating_old_entries_brings_only_the_new_one(site, tmp_path):
    from sources.follow import Follower
    from sources.http import Fetcher
    from store import open_store

    site.page("/feeds/r.xml", rss([("/news/sirte-protest", "سرت", "Mon, 01 Jun 2020 08:00:00 GMT")]))
    st = open_store(str(tmp_path / "events.sqlite"))
    try:
        f = Follower(st, Fetcher(timeout=2, gap=0))
        first = f.poll(site.url("/feeds/r.xml"), every=900)
        site.page(
            "/feeds/r.xml",
            rss(
                [
                    ("/news/watiya-drone", "الوطية", "Mon, 18 May 2020 06:00:00 GMT"),
                    ("/news/sirte-protest?utm_campaign=again", "سرت", None),
                ]
            ),
        )
        second = f.poll(site.url("/feeds/r.xml"), every=900)
    finally:
        st.close()
    assert (first.new_articles, second.new_articles, second.seen) == (1, 1, 1)
    assert site.hits["/news/sirte-protest"] == 1


def test_backoff_follows_the_recorded_schedule_and_a_failing_feed_never_stops_the_others(site, tmp_path):
    from sources.follow import Follower
    from sources.http import Fetcher
    from store import open_store
    from store.feeds import SourceLog

    clock = [1_000_000.0]
    slept: list[float] = []

    def sleep(s):  # the recorded clock moves; nobody waits
        slept.append(s)
        clock[0] += s

    st = open_store(str(tmp_path / "events.sqlite"))
    try:
        f = Follower(st, Fetcher(timeout=2, gap=0), clock=lambda: clock[0])
        reports = f.watch(
            [site.url("/feeds/gone.xml"), site.url("/feeds/second.xml")], every=600, rounds=4, sleep=sleep
        )
        log = SourceLog(st)
        gone = log.feed(site.url("/feeds/gone.xml"))
        second = log.feed(site.url("/feeds/second.xml"))
    finally:
        st.close()
    polls = [(r.url.rsplit("/", 1)[1], r.ok, r.next_poll - 1_000_000.0) for r in reports]
    # rounds at t = 0, 600, 1200, 1800: gone.xml fails and waits 2 × 600, then 4 × 600; second.xml answers
    # and is polled every 600 s all along
    assert polls == [
        ("gone.xml", False, 1200.0),
        ("second.xml", True, 600.0),
        ("second.xml", True, 1200.0),
        ("gone.xml", False, 1200.0 + 2400.0),
        ("second.xml", True, 1800.0),
        ("second.xml", True, 2400.0),
    ]
    assert slept == [600.0, 600.0, 600.0]
    assert (gone.failures, gone.last_status, gone.last_error) == (2, "error", "HTTP 404 Not Found")
    assert (second.failures, second.new_articles, second.total_articles) == (0, 0, 3)


def test_requests_to_one_site_are_spaced_by_the_recorded_clock(site):
    from sources.http import Fetcher

    clock = [0.0]
    slept: list[float] = []
    f = Fetcher(
        timeout=2,
        gap=5.0,
        clock=lambda: clock[0],
        sleep=lambda s: (slept.append(s), clock.__setitem__(0, clock[0] + s)),
    )
    f.get(site.url("/news/sirte-protest"))  # robots.txt, then the page: one wait between them
    f.get(site.url("/news/watiya-drone"))
    assert slept == [5.0, 5.0] and f.requests == 3


def test_fetch_links_once_unless_refresh(site, tmp_path, capsys):
    db = tmp_path / "events.sqlite"
    url = site.url("/news/watiya-drone") + "?utm_source=whatsapp"
    code, err = run(capsys, "fetch", url, "--db", db, "--delay", "0")
    assert code == 0 and "1 new articles" in err, err
    code, err = run(capsys, "fetch", site.url("/news/watiya-drone"), "--db", db, "--delay", "0")
    assert code == 0 and "0 pages read" in err and "1 fetched before" in err
    assert site.hits["/news/watiya-drone"] == 1
    code, err = run(capsys, "fetch", site.url("/news/watiya-drone"), "--refresh", "--db", db, "--delay", "0")
    assert code == 0 and site.hits["/news/watiya-drone"] == 2 and "0 new articles" in err
    assert list(stored(db)) == ["/news/watiya-drone"]


def test_fetch_stops_on_a_bad_link_with_one_line_and_stores_nothing(site, tmp_path, capsys):
    db = tmp_path / "events.sqlite"
    code, err = run(
        capsys, "fetch", site.url("/news/sirte-protest"), site.url("/section/economy"), "--db", db, "--delay", "0"
    )
    assert code == 2
    assert (
        err.splitlines()[0] == f"error: {site.url('/section/economy')}: not an article: only 59 characters of main text"
    )
    assert "Traceback" not in err and stored(db) == {}
    code, err = run(
        capsys,
        "fetch",
        site.url("/news/sirte-protest"),
        site.url("/section/economy"),
        "--skip-bad",
        "--db",
        db,
        "--delay",
        "0",
    )
    assert code == 0 and list(stored(db)) == ["/news/sirte-protest"]
    assert f"warning: {site.url('/section/economy')}: not an article" in err


def test_fetch_reads_a_saved_page_offline(tmp_path, capsys):
    db = tmp_path / "events.sqlite"
    page = tmp_path / "page.html"
    page.write_text(article_html("/news/sirte-protest"), encoding="utf-8")
    code, err = run(capsys, "fetch", page, "--db", db)
    assert code == 2 and err.strip() == f"error: {page}:0: a saved page needs the address it came from: add --url URL"
    code, err = run(capsys, "fetch", page, "--url", "https://news.example.ly/news/sirte-protest?fbclid=1", "--db", db)
    assert code == 0, err
    (art,) = stored(db).values()
    assert art.url == "https://news.example.ly/news/sirte-protest" and art.date == "2020-06-01"
    undated = tmp_path / "undated.html"
    undated.write_text(article_html("/news/undated"), encoding="utf-8")
    code, err = run(capsys, "fetch", undated, "--url", "https://news.example.ly/u", "--db", db)
    assert code == 2 and err.strip() == f"error: {undated}:0: no publication date on the page or in the feed"
    code, err = run(capsys, "fetch", undated, "--url", "https://news.example.ly/u", "--date", "2020-06-02", "--db", db)
    assert code == 0 and len(stored(db)) == 2


def test_watch_once_fails_when_a_feed_cannot_be_read_but_polls_the_others(site, tmp_path, capsys):
    db = tmp_path / "events.sqlite"
    code, err = run(
        capsys,
        "watch",
        site.url("/feeds/gone.xml"),
        site.url("/feeds/notafeed.xml"),
        site.url("/feeds/second.xml"),
        "--once",
        "--db",
        db,
        "--delay",
        "0",
    )
    assert code == 1
    assert f"poll {site.url('/feeds/gone.xml')}: feed not read: HTTP 404 Not Found" in err
    assert f"poll {site.url('/feeds/notafeed.xml')}: feed not read: not an RSS or Atom feed (an HTML page)" in err
    assert sorted(stored(db)) == ["/news/misrata-port", "/news/sirte-protest", "/news/watiya-drone"]
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "argv, message",
    [
        (["watch", "--once"], "error: watch: no feeds: give feed URLs or a file of them"),
        (["watch", "nofile.txt", "--once"], "error: nofile.txt:0: no such file"),
        (["fetch", "missing.html"], "error: missing.html:0: no such file"),
    ],
)
def test_bad_commands_are_one_line(tmp_path, capsys, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    code, err = run(capsys, *argv, "--db", tmp_path / "e.sqlite")
    assert code == 2 and err.startswith(message) and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "argv", [["watch", "https://example.ly/feed.xml", "--once"], ["fetch", "https://example.ly/a"]]
)
def test_without_the_feeds_extra_live_sources_say_how_to_install_it(tmp_path, capsys, monkeypatch, argv):
    import sources

    monkeypatch.setattr(sources, "FEEDS_MODULES", ("feedparser", "no_such_module_lem_test"))  # as if not installed
    code, err = run(capsys, *argv, "--db", tmp_path / "e.sqlite")
    assert code == 2
    assert err.splitlines() == [
        f"error: {argv[0]}: live sources need the feeds extra: pip install 'libya-event-map[feeds]' "
        "(missing: no_such_module_lem_test)"
    ]
    assert not (tmp_path / "e.sqlite").exists()


def test_a_feed_file_with_a_bad_line_names_it(tmp_path, capsys):
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("https://site.ly/rss\nsite.ly/feed\n")
    code, err = run(capsys, "watch", feeds, "--once", "--db", tmp_path / "e.sqlite")
    assert code == 2 and err.strip() == f"error: {feeds}:2: site.ly/feed: not an http(s) link"
