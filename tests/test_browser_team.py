"""Issue #11 in a real browser: login and roles, the author of a correction, DNS rebinding, undated events,
file names shown as text. Same setup as test_browser.py (Debian's Chromium, server on loopback, network blocked).
"""

from __future__ import annotations

import json
import time

import pytest

from tests.common import SAMPLES, dashboard, wait_for_page, wait_for_rerun
from tests.test_browser import CHROMIUM, SHOTS

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium not installed (apt-get install chromium)"),
    pytest.mark.skipif(not SAMPLES.exists(), reason=f"sample articles not found at {SAMPLES}"),
]
UNDATED = {
    "id": "team-undated",
    "source": "Undated desk",
    "text": "قتل ثلاثة مدنيين جراء قصف صاروخي استهدف حي أبوسليم في طرابلس بحسب جهاز الإسعاف.",
}
PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def team_server(tmp_path_factory):
    """A dashboard with accounts (editor amal, viewer vic) over the samples plus one undated article."""
    pytest.importorskip("playwright.sync_api")
    from events.io import read_articles
    from store import open_store, users

    home = tmp_path_factory.mktemp("team_home")
    db = home / "events.sqlite"
    extra = home / "undated.jsonl"
    extra.write_text(json.dumps(UNDATED, ensure_ascii=False) + "\n", encoding="utf-8")
    st = open_store(str(db))
    st.ingest(read_articles([SAMPLES, extra]))
    users.add_user(st, "root", "admin", PASSWORD)
    users.add_user(st, "amal", "editor", PASSWORD)
    users.add_user(st, "vic", "viewer", PASSWORD)
    st.close()
    with dashboard(home, db) as port:
        yield port, str(db)


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--host-resolver-rules=MAP rebind.example 127.0.0.1",
            ],
        )
        yield b
        b.close()


def open_page(chromium, base: str):
    outside: list[str] = []
    ctx = chromium.new_context(viewport={"width": 1400, "height": 1200})

    def route(r):
        if r.request.url.startswith(base):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    ctx.route("**/*", route)
    page = ctx.new_page()
    page.set_default_timeout(60_000)
    page.goto(base + "/")
    return ctx, page, outside


def login(page, name: str, password: str = PASSWORD) -> None:
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_login_roles_author_and_undated(team_server, chromium):
    port, db = team_server
    base = f"http://127.0.0.1:{port}"
    ctx, page, outside = open_page(chromium, base)
    try:
        page.get_by_role("button", name="Sign in").wait_for()
        assert page.locator("[data-testid='stMetricValue']").count() == 0  # nothing before a login
        login(page, "amal", "wrong password")
        page.get_by_text("Wrong name or password.").wait_for()
        assert page.locator("[data-testid='stMetricValue']").count() == 0
        login(page, "amal")
        page.get_by_text("Signed in as amal (editor)").wait_for()
        # the page is complete (the map's run that adds the timeline and the table redraws the counters too), and a
        # tab clicked while the script still runs may be lost to that run
        wait_for_page(page)
        # the undated article's event is counted and the date filter says so
        from store import open_store

        st = open_store(db)
        events = st.events()
        st.close()
        undated = [e for e in events if e.event_date is None]
        assert undated, "the undated article should give an event"
        assert int(page.locator("[data-testid='stMetricValue']").first.inner_text().replace(",", "")) == len(events)
        page.get_by_text(f"Include undated events ({len(undated)})").wait_for()
        # a correction's author is the signed-in user: no author field to type another name in
        page.get_by_role("tab", name="Review").click()
        page.get_by_role("button", name="Save correction").wait_for()
        assert page.get_by_label("Author").count() == 0
        page.get_by_text("Reject").first.click()
        wait_for_rerun(page)
        page.get_by_role("button", name="Save correction").click()
        deadline = time.time() + 60
        while time.time() < deadline:
            st = open_store(db)
            corr = st.stats()["corrections"]
            authors = {c["author"] for e in st.events(include_rejected=True) for c in st.corrections(e.event_id)}
            st.close()
            if corr:
                break
            page.wait_for_timeout(300)
        assert corr == 1 and authors == {"amal"}
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "team-01-editor.png"), full_page=True)
    finally:
        ctx.close()
    assert outside == []


def test_viewer_has_no_write_tabs(team_server, chromium):
    port, _ = team_server
    ctx, page, outside = open_page(chromium, f"http://127.0.0.1:{port}")
    try:
        login(page, "vic")
        page.get_by_text("Signed in as vic (viewer)").wait_for()
        wait_for_page(page)
        page.get_by_role("tab", name="Review").click()
        page.locator("p:visible", has_text="Your role (viewer) can read only").first.wait_for()
        assert page.get_by_role("button", name="Save correction").count() == 0
    finally:
        ctx.close()
    assert outside == []


def test_a_foreign_host_name_gets_no_session(team_server, chromium):
    """DNS rebinding: a page under another name that resolves to this server cannot even log in."""
    port, _ = team_server
    ctx, page, outside = open_page(chromium, f"http://rebind.example:{port}")
    try:
        page.get_by_text("This address is not served here").wait_for()
        assert page.get_by_role("button", name="Sign in").count() == 0
        assert page.locator("[data-testid='stMetricValue']").count() == 0
    finally:
        ctx.close()
    assert outside == []


def test_an_uploaded_file_name_is_text_not_markdown(team_server, chromium, tmp_path):
    port, _ = team_server
    ctx, page, outside = open_page(chromium, f"http://127.0.0.1:{port}")
    try:
        login(page, "amal")
        page.get_by_text("Signed in as amal (editor)").wait_for()
        wait_for_page(page)
        page.get_by_role("tab", name="Add articles").click()
        name = "![x](http:⁄⁄outside.example⁄p.png).jsonl"
        upload = page.locator("input[type='file']")
        upload.wait_for(state="attached")  # the tab is drawn by the rerun its click starts
        upload.set_input_files([{"name": name, "mimeType": "application/json", "buffer": b'{"text": \n'}])
        page.locator("[data-testid='stFileChipName']").wait_for()  # uploaded, before Preview reads it
        page.locator("[data-testid='stFileChipIconSpinner']").wait_for(state="detached")
        page.get_by_role("button", name="Preview").click()
        alert = page.locator("[data-testid='stAlert']").filter(has_text="malformed JSON")
        alert.wait_for()
        assert "![x](http:" in alert.inner_text()  # shown as typed
        assert alert.locator("img").count() == 0
    finally:
        ctx.close()
    assert outside == []
