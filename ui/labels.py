"""The dashboard's words in English and Arabic (``ui/labels.json``), the current language, event-type labels,
and the right-to-left layout of the Arabic interface."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import streamlit as st

from geo.maps import type_label as _map_type_label

LABELS = json.loads((Path(__file__).resolve().parent / "labels.json").read_text(encoding="utf-8"))


def lang() -> str:
    return "ar" if st.session_state.get("lang") == "ar" else "en"


def t(key: str, **fmt) -> str:
    """The label ``key`` in the current language (English when the Arabic one is missing)."""
    text = LABELS[lang()].get(key) or LABELS["en"][key]
    return text.format(**fmt) if fmt else text


def type_label(event_type: str) -> str:
    return _map_type_label(event_type, lang())


def type_labels(event_types) -> dict[str, str]:
    """{event type: its label in the current language} for the distinct types given."""
    current = lang()
    return {x: _map_type_label(x, current) for x in set(event_types)}


def sub_type_label(sub_type: str | None) -> str:
    """An ACLED sub-event type in the current language (the English name when no translation exists)."""
    if not sub_type:
        return t("none")
    return LABELS[lang()].get("sub_event_types", {}).get(sub_type, sub_type)


def _has_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


@functools.cache
def arabic_actor_names() -> dict[str, str]:
    """{canonical actor: its first Arabic alias} from the actor table, the Arabic interface's actor names."""
    from events.lexicon import load_actors

    return {a.actor: next((x for x in a.aliases if _has_arabic(x)), a.actor) for a in load_actors()}


def actor_label(actor: str | None) -> str:
    """An actor's name in the current language; "—" for none."""
    if not actor:
        return t("none")
    return arabic_actor_names().get(actor, actor) if lang() == "ar" else actor


def apply_direction(*, more_css: str = "") -> None:
    """Right-to-left layout for the Arabic interface; marks and article text styling in both, and ``more_css``."""
    css = (
        more_css
        + """
    mark.place {background: #ffe08a; padding: 0 2px;}
    mark.evidence {background: #cfe8ff;}
    mark.evidence.place {background: #ffc96b;}
    .lem-article-head {font-weight: 600; margin-bottom: .3rem;}
    .lem-evidence {color: #555; font-size: .95rem; margin-bottom: .5rem;}
    .lem-fields div {margin-bottom: .35rem;}
    .lem-correction {font-size: .9rem;}
    [data-testid="stSidebar"] [data-testid="stMultiSelectTagsContainer"] [data-tag] {max-width: 100%; height: auto;}
    [data-testid="stSidebar"] [data-testid="stMultiSelectTagsContainer"] [data-tag] > span {white-space: normal;
        overflow: visible; text-overflow: clip; max-width: none; line-height: 1.3;}
    [data-testid="stSidebar"] [data-testid="stMultiSelectTagsContainer"] [data-tag] > button {padding-left: 0;
        padding-inline-start: 8px;}
    [data-testid="stDataFrame"] {max-width: 100%;}
    .lem-article {line-height: 1.9; font-size: 1.05rem; border: 1px solid #ddd; padding: .8rem;
                  border-radius: .4rem; max-height: 28rem; overflow-y: auto;}
    """
    )
    if lang() == "ar":
        css += """
        [data-testid="stMain"], [data-testid="stSidebar"] {direction: rtl; text-align: right;}
        [data-testid="stSidebar"] .stSlider, [data-testid="stMain"] .stSlider,
        [data-testid="stVegaLiteChart"], [data-testid="stDataFrame"] {direction: ltr;}
        """
    st.html(f"<style>{css}</style>")
