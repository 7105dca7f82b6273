"""Interview practice page: a mock interview for a role, with feedback that cites the roadmap."""

from __future__ import annotations

import streamlit as st

from rag.career.interview import InterviewSession, start_interview
from ui import UIContext
from ui._career_common import cite, roadmap_and_store
from ui.components import md_text

PAGE_TITLE = "Interview practice"
PAGE_ICON = ":material/record_voice_over:"
PAGE_ORDER = 30
K = "career_interview"


def render(ctx: UIContext) -> None:
    """Errors are shown by the page wrapper in app.py (ui.components.error_boundary)."""
    st.header("Mock interview")
    roadmap, store = roadmap_and_store(ctx)
    roles = [r.name for r in roadmap.roles]
    role = st.selectbox("Role", roles, key=f"{K}_role")
    if st.button("Start interview", type="primary", key=f"{K}_start"):
        st.session_state[f"{K}_session"] = start_interview(roadmap, role)
        st.session_state[f"{K}_saved"] = False
    session: InterviewSession | None = st.session_state.get(f"{K}_session")
    if session is None:
        st.caption("Pick a role and press **Start interview**. Answer each question in your own words.")
        return
    for i, fb in enumerate(session.feedback):
        with st.container(border=True):
            st.markdown(f"**{md_text(fb.question.prompt)}**")
            st.markdown(f"> {md_text(fb.answer) or '(no answer)'}")
            st.progress(fb.score, text=f"{fb.score:.0%}")
            if fb.included:
                st.markdown("Covered: " + md_text(", ".join(fb.included)))
            if fb.missed:
                st.markdown("Missed: " + md_text(", ".join(fb.missed)))
            if fb.question.section:
                cite(roadmap, fb.question.section, key=f"{K}_cite_{i}")
    q = session.current
    if q is not None:
        st.subheader(f"Question {len(session.feedback) + 1} of {len(session.questions)}")
        with st.form(f"{K}_form_{q.id}", clear_on_submit=True):
            st.markdown(md_text(q.prompt))
            answer = st.text_area("Your answer", key=f"{K}_answer_{q.id}")
            if st.form_submit_button("Submit answer"):
                session.answer(answer)
                st.rerun()
        return
    st.subheader("Summary")
    st.markdown(md_text(session.summary()).replace("\n", "  \n"))
    if not st.session_state.get(f"{K}_saved"):
        store.record_interview(ctx.profile, session.role.name, session.score, session.to_json())
        st.session_state[f"{K}_saved"] = True
        st.caption(f"Saved to profile '{ctx.profile}'.")
