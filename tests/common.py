"""Canonical cases reused across test modules (shapely's tests/common.py idea).

Each case is real Arabic news phrasing about a real Libyan place; expected values are place names in
English as the gazetteer spells them, so a test reads as the analyst would check it.
"""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EVAL_DEV = SHARED / "eval" / "dev"
REFERENCE = SHARED / "reference"
SAMPLES = ROOT / "samples" / "sample_articles.jsonl"

EMPTY = ""
NO_PLACE = "قال المتحدث باسم الحكومة إن الاجتماع كان إيجابيا وإن المحادثات ستستمر."

#: (text, English name of the one place it names): each spelling variant a monitor meets.
SPELLING_VARIANTS = [
    ("وصلت التعزيزات إلى مصراتة", "Misrata"),
    ("وصلت التعزيزات إلى مصراته", "Misrata"),
    ("وصلت التعزيزات إلى مصراتـة", "Misrata"),
    ("وصلت التعزيزات إلى مِصْرَاتَة", "Misrata"),
    ("اشتباكات عنيفة بمصراتة", "Misrata"),
    ("وصل الوفد إلى بنغازي وطرابلس", "Benghazi"),
    ("عاد الهدوء إلى إجدابيا", "Ajdabiya"),
    ("عاد الهدوء إلى أجدابيا", "Ajdabiya"),
    ("عاد الهدوء إلى اجدابيا", "Ajdabiya"),
    ("دخلت القوات لمدينة سرت", "Sirte"),
    ("The convoy reached Misurata on Friday", "Misrata"),
    ("The convoy reached Misratah on Friday", "Misrata"),
]

#: Places inside actor names are not place mentions.
ACTOR_NAMES = [
    ("أعلنت قوة عمليات أجدابيا أن قوات الجيش تصدت للهجوم", "Ajdabiya"),
    ("قال مجلس شورى ثوار بنغازي في بيان إن عناصره انسحبت", "Benghazi"),
    ("أصدرت محكمة استئناف طرابلس أحكاما بحق 37 متهما", "Tripoli"),
]

#: A drone launched from Misrata struck al-Washka: the origin is not the event place.
DRONE_ORIGIN = ("رصدت الدفاعات طائرة مسيرة خرجت من مصراتة لاستهداف قوات الجيش في محور الوشكة "
                "واستطاعت إسقاطها صباح اليوم")

#: Names that are ordinary words need a place context.
COMMON_WORD_NO_PLACE = "وصف الشاعر المنظر الجميل في قصيدته وقال إنه سرت في جسده قشعريرة"
COMMON_WORD_PLACE = ("رصدت قوات الاستطلاع سرية هاون بضواحي الجميل", "Al Jumayl")

HTML_TEXT = 'قصف مدفعي على <script>alert("x")</script> منطقة عين زارة <img src=x onerror=alert(1)>'


def store_events(db: str) -> list:
    """The events of the store at ``db`` (path or URL), read and closed again."""
    from store import open_store

    store = open_store(db)
    try:
        return store.events()
    finally:
        store.close()
