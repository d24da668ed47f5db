"""Gazetteer speed: tagging throughput with the shipped and a ≥20,000-name gazetteer, against a bare
``re.findall(r"\\w+")`` pass over the same articles, and the time to load the gazetteer from disk.

    .venv/bin/python bench/bench_gazetteer.py [--articles 1000] [--names 20000] [--repeat 3] [--profile]

The corpus is generated (seeded) from sentences in the style of Libyan war news with real gazetteer names
(plus bench/data/synth_templates.tsv and ui/samples/sample_articles.jsonl when present); 2-4 KB of UTF-8 each.
The grown gazetteer is the shipped one + the ../shared/reference GeoNames and OSM dumps run through the
importers + synthetic Arabic place names up to ``--names`` distinct normalised names.
Targets (from the issue): tagging ≤ 20× the findall pass; grown ≤ 1.5× shipped; loading < 1 s.
Throughput is process CPU time (best of interleaved rounds), so busy neighbours on a shared machine
do not decide the verdict; load times are wall-clock in a fresh interpreter.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import re
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import gazetteer  # noqa: E402  after sys.path names the repository
from gazetteer import core  # noqa: E402  after sys.path names the repository
from gazetteer.importers import merge, read_geonames, read_osm  # noqa: E402  after sys.path names the repository
from gazetteer.models import Place  # noqa: E402  after sys.path names the repository

REFERENCE = ROOT.parent / "shared" / "reference"
TEMPLATES = ROOT / "bench" / "data" / "synth_templates.tsv"
SAMPLES = ROOT / "ui" / "samples" / "sample_articles.jsonl"
TARGET_VS_FINDALL = 20.0
TARGET_GROWN = 1.5
TARGET_LOAD_S = 1.0

# Sentences with place slots, in the register of Libyan news wires (written for this benchmark).
EVENT_SENTENCES = (
    "شن الطيران المسير غارة جوية على مواقع في {p} {when}، ما أسفر عن مقتل {n} أشخاص وإصابة آخرين.",
    "قالت مصادر محلية في {p} إن اشتباكات عنيفة اندلعت بين {a1} و{a2} {when} واستخدمت فيها الأسلحة الثقيلة.",
    "سقطت قذائف عشوائية على أحياء سكنية في {p} {when}، وأفاد الهلال الأحمر بمقتل {n} مدنيين.",
    "تقدمت {a1} على محور {p} باتجاه {p2} بعد معارك استمرت ساعات، بحسب بيان صادر عن المركز الإعلامي.",
    "أعلنت {a1} سيطرتها على قاعدة {p} الجوية بعد انسحاب {a2} منها {when}.",
    "استهدفت ضربة جوية رتلا عسكريا على الطريق الرابط بين {p} و{p2} جنوب البلاد.",
    "وصلت تعزيزات عسكرية قادمة من {p} إلى تخوم {p2} استعدادا لهجوم محتمل، وفق ما أفاد شهود عيان.",
    "أغلق محتجون حقل {p} النفطي {when} للمطالبة بصرف المرتبات المتأخرة، ما أدى إلى توقف الإنتاج.",
    "تظاهر مئات المواطنين في ميدان الشهداء وسط {p} {when} احتجاجا على تردي الخدمات وانقطاع الكهرباء.",
    "انفجرت سيارة مفخخة قرب بوابة أمنية عند مدخل {p} الشرقي، ما أدى إلى مقتل {n} من عناصر الأمن.",
    "أفاد سكان في بلدة {p} بسماع دوي انفجارات متتالية مصدرها معسكر قريب من {p2}.",
    "نزحت عشرات العائلات من {p} و{p2} نحو المدن الساحلية هربا من القصف المتواصل.",
    "قصفت المدفعية الثقيلة مطار {p} {when}، ما أدى إلى تعليق الرحلات وتحويلها إلى مطار {p2}.",
    "تمكنت قوة تابعة لمديرية أمن {p} من ضبط شحنة أسلحة كانت في طريقها إلى {p2}.",
    "شهدت منطقة {p} جنوب غرب {p2} مواجهات متقطعة بين مجموعات مسلحة محلية.",
    "أعلن المجلس البلدي {p} الحداد ثلاثة أيام على أرواح الضحايا الذين سقطوا {when}.",
    "رصدت طائرات استطلاع تحركات لآليات مسلحة في ضواحي {p} وعلى أطراف {p2}.",
    "أكد آمر غرفة عمليات {p} أن قواته صدت هجوما على مواقعها غرب المدينة.",
)
FILLER_SENTENCES = (
    "ودعت بعثة الأمم المتحدة للدعم في ليبيا جميع الأطراف إلى ضبط النفس والالتزام بوقف إطلاق النار وحماية المدنيين.",
    "وتعاني البلاد من انقسام سياسي حاد بين حكومتين متنافستين منذ سنوات، في ظل تدخلات إقليمية ودولية متزايدة.",
    "وأشار المتحدث إلى أن فرق الإسعاف والطوارئ نقلت الجرحى إلى المستشفيات القريبة، وأن بعضهم في حالة حرجة.",
    "ولم تصدر أي جهة رسمية بيانا يوضح ملابسات الحادثة حتى ساعة إعداد هذا التقرير.",
    "وكانت المنطقة قد شهدت خلال الأسابيع الماضية توترا أمنيا متصاعدا وعمليات اغتيال طالت عددا من الناشطين.",
    "ويطالب سكان المنطقة منذ أشهر بتوفير الأمن وإعادة فتح الطرق المغلقة أمام حركة الشاحنات والمسافرين.",
    "وقال مسؤول في المؤسسة الوطنية للنفط إن الخسائر الناجمة عن الإغلاق تتجاوز عشرات الملايين من الدولارات يوميا.",
    "ونشرت صفحات على مواقع التواصل الاجتماعي مقاطع مصورة تظهر أعمدة الدخان تتصاعد من المكان.",
    "وتأتي هذه التطورات بعد أيام من جولة محادثات بين ممثلي الأطراف الليبية في إطار اللجنة العسكرية المشتركة.",
    "وأكد مصدر طبي أن المستشفى استقبل عددا من المصابين بينهم نساء وأطفال، وأن الأطقم الطبية تعمل بطاقتها القصوى.",
    "وطالبت منظمات حقوقية بفتح تحقيق مستقل في الانتهاكات ومحاسبة المسؤولين عنها وفقا للقانون الدولي الإنساني.",
    "وأعلنت وزارة التعليم تعليق الدراسة في المدارس القريبة من مناطق الاشتباك حفاظا على سلامة التلاميذ.",
    "ويرى محللون أن التصعيد الأخير يهدد المسار السياسي الهش ويعرقل جهود توحيد المؤسسات السيادية.",
    "وأوضح البيان أن الوحدات العسكرية ستواصل عملياتها حتى تطهير المنطقة بالكامل من المجموعات الخارجة عن القانون.",
)
ACTORS = (
    "قوات الجيش الوطني الليبي",
    "قوات حكومة الوفاق الوطني",
    "قوة الردع الخاصة",
    "الكتيبة 166",
    "قوات حماية طرابلس",
    "مجموعة مسلحة مجهولة",
    "عناصر تنظيم داعش",
    "اللواء 444 قتال",
)
WHEN = ("اليوم", "صباح اليوم", "مساء أمس", "فجر الجمعة", "يوم الأحد الماضي", "ليلة الثلاثاء", "في وقت سابق")
POINT_KINDS = (
    "city",
    "town",
    "village",
    "neighbourhood",
    "airbase",
    "airport",
    "oilfield",
    "oil_terminal",
    "military_camp",
    "port",
    "road_or_axis",
    "border_crossing",
)

# Building blocks of synthetic place names for the grown gazetteer.
SYN_HEADS = (
    "بئر",
    "وادي",
    "قصر",
    "سيدي",
    "عين",
    "حوش",
    "زاوية",
    "رأس",
    "أبو",
    "بني",
    "أولاد",
    "جبل",
    "سوق",
    "نجع",
    "مزرعة",
    "كاف",
    "قارة",
    "خشم",
    "هنشير",
    "مرسى",
    "ظهرة",
    "قرية",
    "منطقة",
    "ام",
)
SYN_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
SYN_TAILS = ("ة", "ات", "ين", "ي", "ان", "")
LATIN_OF = dict(zip(SYN_LETTERS, ["a", "b", "t", "th", "j", "h", "kh", "d", "dh", "r", "z", "s", "sh", "s", "d", "t", "z", "a", "gh", "f", "q", "k", "l", "m", "n", "h", "w", "y"], strict=True))  # fmt: skip


# ----------------------------------------------------------------------------------------------- corpus


def _extra_sentences() -> tuple[list[str], list[str]]:
    """Event templates and fillers from the store bench's template file and the shipped samples, if present."""
    events, fillers = [], []
    if TEMPLATES.exists():
        for line in TEMPLATES.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or "\t" not in line:
                continue
            kind, text = line.split("\t", 1)
            if kind == "filler":
                fillers.append(text)
            elif not kind.startswith(("title_", "actor", "outlet", "kind")):
                events.append(text.replace("{place}", "{p}").replace("{actor1}", "{a1}").replace("{actor2}", "{a2}"))
    if SAMPLES.exists():
        for line in SAMPLES.read_text(encoding="utf-8").splitlines():
            try:
                text = json.loads(line).get("text", "")
            except (json.JSONDecodeError, AttributeError):
                continue
            fillers += [s.strip() + "." for s in re.split(r"[.!؟]\s", text) if 40 <= len(s) <= 400]
    return events, fillers


def make_corpus(n: int, *, seed: int, places: list[Place]) -> list[str]:
    """``n`` Arabic articles of 2-4 KB (UTF-8), deterministic for ``seed``."""
    rng = random.Random(seed)
    extra_events, extra_fillers = _extra_sentences()
    events = list(EVENT_SENTENCES) + extra_events
    fillers = list(FILLER_SENTENCES) + extra_fillers
    names = [
        n
        for p in places
        if p.in_libya and p.kind in POINT_KINDS and not p.context_required
        for n in (p.name_ar, *p.alt_names)
        if re.search("[\u0621-\u064a]", n)
    ]
    foreign = [p.name_ar for p in places if not p.in_libya] or ["تونس"]

    def place() -> str:
        if rng.random() < 0.05:
            return rng.choice(foreign)
        name = rng.choice(names)
        if rng.random() < 0.04:  # an elongated or vocalised spelling now and then
            name = name.replace("ا", "ـا", 1) if rng.random() < 0.5 else name + "َ"
        return name

    out = []
    for _ in range(n):
        target = rng.randint(2048, 4096)
        parts: list[str] = []
        size = 0
        while size < target:
            if rng.random() < 0.45:
                s = rng.choice(events).format(
                    p=place(),
                    p2=place(),
                    n=rng.randint(1, 12),
                    when=rng.choice(WHEN),
                    a1=rng.choice(ACTORS),
                    a2=rng.choice(ACTORS),
                )
            else:
                s = rng.choice(fillers)
            parts.append(s)
            size += len(s.encode("utf-8")) + 1
        out.append(" ".join(parts))
    return out


# ------------------------------------------------------------------------------------ grown gazetteer


def _synthetic_name(rng: random.Random) -> tuple[str, str]:
    body = "".join(rng.choice(SYN_LETTERS) for _ in range(rng.randint(3, 5))) + rng.choice(SYN_TAILS)
    if rng.random() < 0.5:
        body = "ال" + body
    latin = "-".join(LATIN_OF.get(c, "") for c in body if c in LATIN_OF).replace("-", "").capitalize() or "X"
    if rng.random() < 0.6:
        head = rng.choice(SYN_HEADS)
        return f"{head} {body}", f"{head[:3]} {latin}".strip()
    return body, latin


def grow(shipped: list[Place], *, names: int, seed: int) -> tuple[list[Place], str]:
    """Shipped places + reference dumps through the importers + synthetic places, ≥ ``names`` distinct names."""
    places = list(shipped)
    note = []
    gn, osm = REFERENCE / "geonames" / "cities15000_LY.txt", REFERENCE / "osm" / "libya_osm_places_overpass.json"
    imported = []
    if gn.exists():
        imported += list(read_geonames(gn))
    if osm.exists():
        imported += list(read_osm(osm))
    if imported:
        result = merge(places, imported)
        updated = {p.place_id: p for p in result.updated}
        places = [updated.get(p.place_id, p) for p in places] + list(result.added)
        note.append(f"{len(result.added)} imported from ../shared/reference")
    else:
        note.append("../shared/reference absent: no imported places")
    rng = random.Random(seed)
    keys = {gazetteer.normalize(n) for p in places for n in p.names}
    i = 0
    while len(keys) < names:
        i += 1
        ar, en = _synthetic_name(rng)
        alt, _ = _synthetic_name(rng)
        p = Place(
            place_id=f"syn-{i}",
            name_en=en,
            name_ar=ar,
            lat=round(rng.uniform(24.0, 33.0), 5),
            lon=round(rng.uniform(10.0, 25.0), 5),
            kind=rng.choice(("village", "village", "town")),
            alt_names=(alt,),
            context_required=rng.random() < 0.7,
            source="synthetic",
        )
        places.append(p)
        keys.update(gazetteer.normalize(n) for n in p.names)
    note.append(f"{i} synthetic")
    return places, ", ".join(note)


# --------------------------------------------------------------------------------------------- timing


def best_of(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def load_in_fresh_process(lem_home: Path, repeat: int) -> float:
    """Seconds for ``import gazetteer; gazetteer.load()`` in a new interpreter (best of ``repeat``)."""
    code = (
        "import time; t=time.perf_counter(); import gazetteer; g=gazetteer.load(); print(time.perf_counter()-t, len(g))"
    )
    env = {**os.environ, "LEM_HOME": str(lem_home), "PYTHONPATH": str(ROOT)}
    best = float("inf")
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, check=True
        ).stdout.split()
        best = min(best, float(out[0]))
    return best


def tag_pass(places: list[Place], texts: list[str]) -> tuple[float, int]:
    """CPU seconds to tag every text with a freshly built gazetteer (its caches empty), and the mentions found.

    CPU time of this process, not wall time: on a shared machine wall time mostly measures the neighbours.
    """
    g = gazetteer.Gazetteer(places)
    found = 0
    t = time.process_time()
    for text in texts:
        found += len(g.tag(text))
    return time.process_time() - t, found


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--names", type=int, default=20_000, help="distinct names in the grown gazetteer")
    ap.add_argument("--repeat", type=int, default=3, help="take the best of this many runs")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--profile", action="store_true", help="cProfile one tagging pass with the grown gazetteer")
    args = ap.parse_args(argv)

    shipped = gazetteer.read_places(core.SHIPPED)
    grown, note = grow(shipped, names=args.names, seed=args.seed)
    texts = make_corpus(args.articles, seed=args.seed, places=shipped)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(
        f"corpus: {len(texts)} articles, {mb:.2f} MB UTF-8 ({mb * 1e3 / len(texts):.1f} KB/article); "
        f"grown gazetteer: {note}",
        flush=True,
    )

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        empty_home, grown_home = Path(tmp) / "empty", Path(tmp) / "grown"
        extra = [p for p in grown if p.place_id not in {s.place_id for s in shipped}]
        core.write_places(extra, grown_home / "gazetteer" / "user_places.csv")
        disk = {
            "shipped": load_in_fresh_process(empty_home, args.repeat),
            "grown": load_in_fresh_process(grown_home, args.repeat),
        }
    # Interleaved rounds, best of each: the machine is shared, so load changes between passes.
    passes: dict[str, list[tuple[float, int]]] = {"findall": [], "shipped": [], "grown": []}
    for _ in range(args.repeat):
        t = time.process_time()
        for text in texts:
            re.findall(r"\w+", text)
        passes["findall"].append((time.process_time() - t, 0))
        passes["shipped"].append(tag_pass(shipped, texts))
        passes["grown"].append(tag_pass(grown, texts))
    findall = min(p[0] for p in passes["findall"])
    for label, places in (("shipped", shipped), ("grown", grown)):
        build = best_of(args.repeat, partial(gazetteer.Gazetteer, places))
        rows.append(
            {
                "label": label,
                "places": len(places),
                "names": gazetteer.Gazetteer(places).name_count,
                "load": disk[label],
                "build": build,
                "seconds": min(p[0] for p in passes[label]),
                "mentions": passes[label][0][1],
            }
        )

    head = (
        f"{'pass':<22}{'places':>8}{'names':>8}{'load s':>8}{'build s':>9}{'articles/s':>12}{'MB/s':>8}"
        f"{'mentions/art':>14}{'x findall':>11}  verdict"
    )
    print(head)
    print("-" * len(head))
    baseline = r're.findall(r"\w+")'
    print(
        f"{baseline:<22}{'':>8}{'':>8}{'':>8}{'':>9}{len(texts) / findall:>12.0f}"
        f"{mb / findall:>8.1f}{'':>14}{1.0:>11.1f}"
    )
    base = rows[0]["seconds"]
    for r in rows:
        ratio = r["seconds"] / findall
        checks = [ratio <= TARGET_VS_FINDALL, r["load"] < TARGET_LOAD_S]
        if r["label"] == "grown":
            checks.append(r["seconds"] / base <= TARGET_GROWN)
        print(
            f"{'tag, ' + r['label']:<22}{r['places']:>8}{r['names']:>8}{r['load']:>8.2f}{r['build']:>9.2f}"
            f"{len(texts) / r['seconds']:>12.0f}{mb / r['seconds']:>8.2f}{r['mentions'] / len(texts):>14.1f}"
            f"{ratio:>11.1f}  {'PASS' if all(checks) else 'MISS'}"
        )
    grown_ratio = rows[1]["seconds"] / base
    print()
    print(
        f"targets: tag ≤ {TARGET_VS_FINDALL:.0f}× findall: shipped {rows[0]['seconds'] / findall:.1f}×, "
        f"grown {rows[1]['seconds'] / findall:.1f}× | grown ≤ {TARGET_GROWN}× shipped: {grown_ratio:.2f}× "
        f"{'PASS' if grown_ratio <= TARGET_GROWN else 'MISS'} | load < {TARGET_LOAD_S:.0f} s (fresh process): "
        f"shipped {rows[0]['load']:.2f} s, grown {rows[1]['load']:.2f} s "
        f"{'PASS' if max(r['load'] for r in rows) < TARGET_LOAD_S else 'MISS'}"
    )
    print(
        "load s: `import gazetteer; gazetteer.load()` in a fresh interpreter (grown: as a user gazetteer file); "
        "build s: Gazetteer(places) in memory; tagging and findall: process CPU time, best of "
        f"{args.repeat} interleaved rounds, each tagging pass with a fresh Gazetteer (empty caches)."
    )

    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        tag_pass(grown, texts)
        prof.disable()
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(15)
        print(buf.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
