"""Path finder page: a few questions, then the path that fits, cited reasons and a first-month plan.

Answers (options or free text) are matched by meaning with the app's embedding model
(``ctx.services.embedder``) against each path's topics, projects, interview topics and milestones."""

from __future__ import annotations

import streamlit as st

from rag.career.pathfit import questions, recommend_path
from ui import UIContext
from ui._career_common import cite, roadmap_and_store
from ui.components import md_text

PAGE_TITLE = "Which path fits me?"
PAGE_ICON = ":material/alt_route:"
PAGE_ORDER = 40
K = "career_pathfinder"
OTHER = "Something else (type below)"


def render(ctx: UIContext) -> None:
    """Errors are shown by the page wrapper in app.py (ui.components.error_boundary)."""
    st.header("Which path fits me?")
    roadmap, store = roadmap_and_store(ctx)
    qs = questions(roadmap)
    with st.form(f"{K}_form"):
        for q in qs:
            if q.options:
                st.radio(md_text(q.prompt), [*q.options, OTHER], index=None, key=f"{K}_{q.id}")
                st.text_input("In your words (optional)", key=f"{K}_{q.id}_text", label_visibility="collapsed",
                              placeholder="or say it in your own words")
            else:
                st.text_area(md_text(q.prompt), key=f"{K}_{q.id}_text")
        submitted = st.form_submit_button("Find my path", type="primary")
    if submitted:
        answers = {}
        for q in qs:
            picked = st.session_state.get(f"{K}_{q.id}")
            typed = str(st.session_state.get(f"{K}_{q.id}_text") or "")
            answers[q.id] = " ".join(x for x in ((picked if picked != OTHER else ""), typed) if x)
        services = ctx.services
        st.session_state[f"{K}_advice"] = recommend_path(roadmap, answers, embedder=lambda: services.embedder)
    advice = st.session_state.get(f"{K}_advice")
    if advice is None:
        return
    st.success(f"Recommended: **{md_text(advice.path.title)}**")
    if advice.note:
        st.info(advice.note)
    st.caption("Fit by meaning: " + " · ".join(f"{md_text(k)}: {v:.3f}" for k, v in advice.scores.items()))
    st.subheader("Why")
    for i, r in enumerate(advice.reasons):
        st.markdown(f"- {md_text(r.text)}")
        cite(roadmap, r.source, key=f"{K}_reason_{i}")
    if advice.runner_up is not None and advice.contrast:
        wants = ", ".join(u.short or u.title for u in advice.contrast[:2])
        st.caption(md_text(f"This would change if you cared more about {wants} ({advice.runner_up.title})."))
    st.subheader("Your first month")
    for i, item in enumerate(advice.plan):
        with st.container(border=True):
            st.markdown(f"**{md_text(item.when)}: {md_text(item.title)}**")
            st.markdown(md_text(", ".join(item.details)))
            if item.resources:
                st.caption("Resources: " + md_text(", ".join(item.resources)))
            cite(roadmap, item.source, key=f"{K}_plan_{i}")
    if st.button(f"Follow the {advice.path.title}", key=f"{K}_follow"):
        store.set_path(ctx.profile, advice.path.title)
        st.success(f"Profile '{ctx.profile}' now follows the {advice.path.title}.")
