"""A small news site served on 127.0.0.1 by the tests themselves: feeds and article pages we wrote.

SAMPLE TEXT: every article below is invented by this project about real places; no outlet's text is copied.
Pages carry the usual furniture (menu, cookie banner, related links, comments, footer) so that tests can check
the extraction keeps only the article. The server counts requests per path, can be told to fail, and stops
itself after ``max_requests`` requests or ``lifetime`` seconds, whichever comes first.
"""

from __future__ import annotations

import html
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MENU = "الرئيسية | أخبار ليبيا | اقتصاد | رياضة | منوعات | اتصل بنا"
COOKIES = "نستخدم ملفات تعريف الارتباط لتحسين تجربتك. بمتابعة التصفح فإنك توافق على سياسة الخصوصية."
RELATED = [
    "تعرف على أفضل المطاعم في المدينة القديمة",
    "أسعار الذهب اليوم في السوق المحلي",
    "نتائج مباريات الدوري الليبي الممتاز",
]
COMMENT = "تعليق من القارئ أبو أحمد: الله يحفظ البلاد ويرجع الأمان"
FOOTER = "جميع الحقوق محفوظة © موقع الأخبار التجريبي 2020"

#: (path, title, date or None, paragraphs). Invented sample reports about real Libyan places.
ARTICLES = {
    "/news/ain-zara-shelling": (
        "سقوط قذائف على منازل في عين زارة جنوب طرابلس",
        "2020-05-02",
        [
            "قتل ثلاثة مدنيين وأصيب خمسة آخرون جراء سقوط قذائف هاون على منازل في منطقة عين زارة جنوب العاصمة "
            "طرابلس مساء أمس الجمعة، بحسب ما أفاد به جهاز الإسعاف والطوارئ في بيان مقتضب.",
            "وقال مصدر طبي في مستشفى الخضراء إن بين الجرحى طفلا في حالة حرجة، مشيرا إلى أن القذائف سقطت قرب "
            "مدرسة ابتدائية في شارع سكني مكتظ بالسكان.",
            "(هذا نص تجريبي كتبه المشروع لأغراض الاختبار وليس خبرا حقيقيا.)",
        ],
    ),
    "/news/watiya-drone": (
        "طائرة مسيرة تستهدف محيط قاعدة الوطية",
        "2020-05-18",
        [
            "استهدفت طائرة مسيرة فجر اليوم مواقع في محيط قاعدة الوطية الجوية غرب البلاد، ما أسفر عن مقتل اثنين "
            "من عناصر الحراسة وتدمير آلية عسكرية، وفق ما أعلنه مصدر عسكري.",
            "وأضاف المصدر أن الدفاعات الجوية تصدت لطائرة ثانية قبل وصولها إلى هدفها، وأن الوضع في القاعدة تحت السيطرة.",
            "(هذا نص تجريبي كتبه المشروع لأغراض الاختبار وليس خبرا حقيقيا.)",
        ],
    ),
    "/news/tarhuna-clashes": (
        "اشتباكات عنيفة على تخوم ترهونة",
        None,  # no date on the page: the feed entry supplies it
        [
            "اندلعت اشتباكات عنيفة صباح أمس الاثنين على تخوم مدينة ترهونة بين قوات حكومة الوفاق وقوات الجيش، "
            "استخدمت فيها الأسلحة الثقيلة والمتوسطة، بحسب شهود عيان من المنطقة.",
            "وأفاد سكان محليون بأن أصوات الانفجارات سمعت حتى ساعات المساء، وأن عددا من العائلات نزحت نحو "
            "المناطق المجاورة.",
            "(هذا نص تجريبي كتبه المشروع لأغراض الاختبار وليس خبرا حقيقيا.)",
        ],
    ),
    "/news/sirte-protest": (
        "وقفة احتجاجية في سرت للمطالبة بالخدمات",
        "2020-06-01",
        [
            "نظم عشرات من سكان مدينة سرت أمس وقفة احتجاجية أمام مقر المجلس البلدي للمطالبة بتحسين خدمات "
            "الكهرباء والمياه وصرف رواتب المعلمين المتأخرة منذ أشهر.",
            "ورفع المحتجون لافتات تطالب الحكومة بالتدخل العاجل، فيما قال عضو في المجلس البلدي إن مطالبهم "
            "ستحال إلى الجهات المختصة.",
            "(هذا نص تجريبي كتبه المشروع لأغراض الاختبار وليس خبرا حقيقيا.)",
        ],
    ),
    "/news/misrata-port": (  # served in windows-1256
        "وصول شحنة مساعدات إلى ميناء مصراتة",
        "2020-06-03",
        [
            "وصلت أمس إلى ميناء مصراتة البحري شحنة مساعدات طبية وغذائية مخصصة للنازحين من مناطق جنوب "
            "طرابلس، بحسب ما أعلنته إدارة الميناء في بيان.",
            "وقال مسؤول في الهلال الأحمر إن توزيع المساعدات سيبدأ خلال الأيام المقبلة على العائلات المسجلة "
            "في مراكز الإيواء.",
            "(هذا نص تجريبي كتبه المشروع لأغراض الاختبار وليس خبرا حقيقيا.)",
        ],
    ),
    "/news/undated": (
        "اجتماع في بنغازي لبحث ملف الكهرباء",
        None,  # and no date in the feed either: reported
        [
            "عقد مسؤولون في شركة الكهرباء اجتماعا في مدينة بنغازي لبحث خطة الصيانة الصيفية وتقليص ساعات "
            "انقطاع التيار الكهربائي عن الأحياء السكنية في المدينة.",
            "وأكد المجتمعون ضرورة توفير قطع الغيار اللازمة للمحطات قبل ذروة الاستهلاك في شهر يوليو.",
            "(هذا نص تجريبي كتبه المشروع لأغراض الاختبار وليس خبرا حقيقيا.)",
        ],
    ),
}


def article_html(path: str, *, canonical: str | None = None, charset: str = "utf-8") -> str:
    """The page of the article at ``path`` with menus, banner, related links and comments around it."""
    title, day, paras = ARTICLES[path]
    meta_date = f'<meta property="article:published_time" content="{day}T09:30:00+02:00">' if day else ""
    link = f'<link rel="canonical" href="{html.escape(canonical)}">' if canonical else ""
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paras)
    related = "".join(f'<li><a href="/news/x{i}">{html.escape(r)}</a></li>' for i, r in enumerate(RELATED))
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="{charset}">
<title>{html.escape(title)} | موقع الأخبار التجريبي</title>{meta_date}{link}
<meta property="og:site_name" content="موقع الأخبار التجريبي"><meta property="og:type" content="article">
</head><body>
<div id="cookie-banner" class="cookie-consent"><p>{COOKIES}</p><button>موافق</button></div>
<header><nav class="menu"><ul>{"".join(f"<li><a href='/'>{m}</a></li>" for m in MENU.split(" | "))}</ul></nav></header>
<main><article><h1>{html.escape(title)}</h1>{body}</article>
<aside class="related"><h3>اقرأ أيضا</h3><ul>{related}</ul></aside>
<section id="comments" class="comments"><h3>التعليقات</h3><div class="comment"><p>{COMMENT}</p></div></section>
</main><footer><p>{FOOTER}</p></footer></body></html>"""


def rss(items: list[tuple[str, str, str | None]], *, title: str = "موقع الأخبار التجريبي") -> str:
    """An RSS 2.0 feed of (link, title, RFC 822 date or None) items."""
    out = []
    for link, t, day in items:
        pub = f"<pubDate>{day}</pubDate>" if day else ""
        out.append(
            f"<item><title>{html.escape(t)}</title><link>{html.escape(link)}</link>"
            f"<guid>{html.escape(link)}</guid>{pub}</item>"
        )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>/</link><description>sample</description>{''.join(out)}</channel></rss>"
    )


class Site:
    """Routes → (status, headers, body bytes); a route may also be a callable(handler) → that triple."""

    def __init__(self, *, max_requests: int = 400, lifetime: float = 120.0, delay: dict[str, float] | None = None):
        self.routes: dict[str, object] = {}
        self.hits: dict[str, int] = {}
        self.log: list[tuple[str, dict]] = []
        self.delay = delay or {}
        self.max_requests = max_requests
        self.lifetime = lifetime
        self._server: ThreadingHTTPServer | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def __enter__(self) -> Site:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):  # quiet
                pass

            def do_GET(self):
                path = self.path.split("?", 1)[0]
                site.hits[path] = site.hits.get(path, 0) + 1
                site.log.append((path, dict(self.headers)))
                if len(site.log) >= site.max_requests:
                    threading.Thread(target=site.close, daemon=True).start()
                if path in site.delay:
                    time.sleep(site.delay[path])
                route = site.routes.get(path)
                if route is None:
                    status, headers, body = 404, {"Content-Type": "text/html"}, b"<h1>not found</h1>"
                elif callable(route):
                    status, headers, body = route(self)
                else:
                    status, headers, body = route
                try:
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        self._timer = threading.Timer(self.lifetime, self.close)
        self._timer.daemon = True
        self._timer.start()
        return self

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def __exit__(self, *exc) -> None:
        self._timer.cancel()
        self.close()

    def page(
        self,
        path: str,
        body: str | bytes,
        *,
        status: int = 200,
        ctype: str = "text/html; charset=utf-8",
        **headers: str,
    ) -> None:
        self.routes[path] = (
            status,
            {"Content-Type": ctype, **headers},
            body.encode("utf-8") if isinstance(body, str) else body,
        )


def news_site(site: Site) -> Site:
    """The awkward news site of the tests: two feeds, good articles, and every failure the issue lists."""
    b = site.base
    for path in (
        "/news/ain-zara-shelling",
        "/news/watiya-drone",
        "/news/tarhuna-clashes",
        "/news/sirte-protest",
        "/news/undated",
    ):
        site.page(path, article_html(path, canonical=b + path))
    # the AMP edition of the Ain Zara article says where its canonical page is
    site.page(
        "/news/ain-zara-shelling/amp", article_html("/news/ain-zara-shelling", canonical=b + "/news/ain-zara-shelling")
    )
    # a printer-friendly copy under another path: only its canonical link says it is the Sirte article
    site.page("/print/4711", article_html("/news/sirte-protest", canonical=b + "/news/sirte-protest"))
    # windows-1256, declared only in the page's own meta tag
    site.page(
        "/news/misrata-port",
        article_html("/news/misrata-port", charset="windows-1256").encode("cp1256"),
        ctype="text/html",
    )
    site.routes["/old/watiya"] = (301, {"Location": "/news/watiya-drone"}, b"")
    site.page("/news/broken", "<h1>server error</h1>", status=500)
    site.page("/news/slow", article_html("/news/sirte-protest"))
    site.page("/news/huge", "<html><body><article><p>" + "نص " * 2_000_000 + "</p></article></body></html>")
    site.page(
        "/section/economy",
        "<html><head><title>اقتصاد</title></head><body><nav>"
        + MENU
        + "</nav><ul>"
        + "".join(f"<li><a href='/n{i}'>{r}</a></li>" for i, r in enumerate(RELATED))
        + "</ul></body></html>",
    )
    site.page("/robots.txt", "User-agent: *\nDisallow: /private/\n", ctype="text/plain")
    site.page("/private/secret", article_html("/news/sirte-protest"))
    main = [
        (
            "/news/ain-zara-shelling?utm_source=rss&utm_medium=feed",
            "قذائف على عين زارة",
            "Sat, 02 May 2020 08:00:00 GMT",
        ),
        ("../news/watiya-drone", "الوطية", "Mon, 18 May 2020 06:00:00 GMT"),  # relative link
        ("/news/tarhuna-clashes", "ترهونة", "Tue, 05 May 2020 10:00:00 GMT"),  # page undated, feed dated
        ("/news/ain-zara-shelling/amp", "قذائف على عين زارة (AMP)", "Sat, 02 May 2020 08:00:00 GMT"),
        ("/news/undated", "بنغازي", None),
        ("/news/broken", "خطأ", "Sun, 03 May 2020 08:00:00 GMT"),
        ("/news/missing", "غير موجود", "Sun, 03 May 2020 08:00:00 GMT"),
        ("/news/slow", "بطيء", "Sun, 03 May 2020 08:00:00 GMT"),
        ("/news/huge", "كبير", "Sun, 03 May 2020 08:00:00 GMT"),
        ("/section/economy", "اقتصاد", "Sun, 03 May 2020 08:00:00 GMT"),
        ("/private/secret", "ممنوع", "Sun, 03 May 2020 08:00:00 GMT"),
    ]
    site.page("/feeds/main.xml", rss(main), ctype="application/rss+xml")
    second = [
        ("/old/watiya", "الوطية (رابط قديم)", "Mon, 18 May 2020 06:00:00 GMT"),
        ("/news/sirte-protest", "سرت", "Mon, 01 Jun 2020 08:00:00 GMT"),
        ("/news/misrata-port", "مصراتة", "Wed, 03 Jun 2020 08:00:00 GMT"),
        ("/print/4711", "سرت (نسخة للطباعة)", "Mon, 01 Jun 2020 08:00:00 GMT"),
    ]
    site.page("/feeds/second.xml", rss(second), ctype="application/rss+xml")
    site.page("/feeds/gone.xml", "<h1>gone</h1>", status=404)
    site.page("/feeds/notafeed.xml", "<html><body><p>hello</p></body></html>")
    return site
