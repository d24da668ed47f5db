"""The Sources tab in Chromium: follow a feed served on 127.0.0.1 by this test, poll it, see its status.

Reuses the dashboard fixtures of ``tests/test_browser.py`` (a streamlit server on loopback, network blocked
for the browser); the news site is ``tests/feed_site.py``, reached by the dashboard's server, not the browser.
"""

from __future__ import annotations

import pytest

from tests.feed_site import Site, news_site
from tests.test_browser import CHROMIUM, SHOTS, Page, browser, server  # noqa: F401  fixtures, used by name

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium not installed")


def test_sources_tab_follows_and_polls_a_feed(server, browser):  # noqa: F811  the fixture imported above
    with Site(max_requests=80, lifetime=150) as site:
        news_site(site)
        tab = Page(browser, server[0])
        try:
            page = tab.page
            page.get_by_role("tab", name="Sources").click()
            page.get_by_label("Feed URL").fill(site.url("/feeds/second.xml"))
            page.get_by_role("button", name="Follow feed").click()
            page.get_by_text("Now following").wait_for()
            page.get_by_role("button", name="Poll all feeds now").click()
            page.get_by_text("1 feeds polled (0 not read): 3 new articles").wait_for(timeout=90_000)
            tab.idle()
            page.get_by_role("tab", name="Sources").click()
            page.get_by_text("Newest events from the web").wait_for()
            assert site.hits["/news/sirte-protest"] == 1 and site.hits["/news/misrata-port"] == 1
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / "09-sources-tab.png"), full_page=True)
        finally:
            tab.close()
        assert tab.outside == []
