"""Helpers shared by the career pages (``ui/career_*.py``): the roadmap, the profile store, citations."""

from __future__ import annotations

import streamlit as st

from rag.career.profiles import ProfileStore
from rag.career.roadmap import Roadmap, Span, load_roadmap
from rag.storage import open_profiles
from ui import UIContext
from ui.components import md_text


def roadmap_and_store(ctx: UIContext) -> tuple[Roadmap, ProfileStore]:
    """The parsed roadmap (cached by file mtime in the core) and the profile store, profile ensured."""
    roadmap = load_roadmap(ctx.settings)
    store = open_profiles(ctx.settings)
    if store.ensure(ctx.profile):
        st.toast(f"Created learner profile '{ctx.profile}'.")
    return roadmap, store


def cite(roadmap: Roadmap, span: Span, key: str) -> None:
    """A caption naming the passage, with the passage itself in a popover."""
    label = md_text(f"{span.label}, lines {span.start_line}–{span.end_line}")
    with st.popover(label, icon=":material/format_quote:", key=key):
        st.code(roadmap.passage(span), language="markdown", wrap_lines=True)


def bullet(text: str) -> None:
    st.markdown(f"- {md_text(text)}")
