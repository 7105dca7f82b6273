"""Quiz page: pick a path, level or topic; answer; see each grade with its explanation and citation."""

from __future__ import annotations

import streamlit as st

from rag.career.quiz import Quiz, grade_quiz, make_quiz
from ui import UIContext
from ui._career_common import cite, roadmap_and_store
from ui.components import md_text

PAGE_TITLE = "Quiz"
PAGE_ICON = ":material/quiz:"
PAGE_ORDER = 20
K = "career_quiz"


def render(ctx: UIContext) -> None:
    """Errors are shown by the page wrapper in app.py (ui.components.error_boundary)."""
    st.header("Skill check")
    roadmap, store = roadmap_and_store(ctx)
    c1, c2, c3 = st.columns(3)
    path_title = c1.selectbox("Path", ["All paths", *(p.title for p in roadmap.paths)], key=f"{K}_path")
    path = roadmap.find_path(path_title) if path_title != "All paths" else None
    level_names = ["All levels", *(lv.display for lv in path.levels)] if path else ["All levels"]
    level = c2.selectbox("Level", level_names, key=f"{K}_level", disabled=path is None)
    topics = ["All topics", *(t.title for t in roadmap.topics(path))]
    topic = c3.selectbox("Topic", topics, key=f"{K}_topic")
    n = st.slider("Questions", 1, 10, 5, key=f"{K}_n")
    if st.button("New quiz", type="primary", key=f"{K}_new"):
        seed = int(st.session_state.get(f"{K}_seed", 0)) + 1
        st.session_state[f"{K}_seed"] = seed
        st.session_state[f"{K}_quiz"] = make_quiz(
            roadmap,
            path=path.title if path and topic == "All topics" else None,
            level=level.split(":")[0].removeprefix("Level ").strip() if path and level != "All levels" and topic == "All topics" else None,
            topic=None if topic == "All topics" else topic,
            n=n,
            seed=seed,
        )
        st.session_state.pop(f"{K}_result", None)
    quiz: Quiz | None = st.session_state.get(f"{K}_quiz")
    if quiz is None:
        st.caption("Choose a scope and press **New quiz**.")
        return
    st.subheader(md_text(quiz.scope))
    with st.form(f"{K}_form"):
        for q in quiz.questions:
            if q.is_choice:
                st.radio(md_text(q.prompt), q.options, index=None, key=f"{K}_{q.id}")
            else:
                st.text_input(md_text(q.prompt), key=f"{K}_{q.id}", placeholder="type your answer")
        submitted = st.form_submit_button("Check answers")
    if submitted:
        responses = {q.id: str(st.session_state.get(f"{K}_{q.id}") or "") for q in quiz.questions}
        result = grade_quiz(roadmap, quiz, responses)
        store.record_quiz(ctx.profile, result.topic_scores())
        st.session_state[f"{K}_result"] = result
    result = st.session_state.get(f"{K}_result")
    if result is None:
        return
    st.metric("Score", f"{result.score:.0%}")
    for g in result.grades:
        icon = ":material/check_circle:" if g.correct else (":material/adjust:" if g.score else ":material/cancel:")
        with st.container(border=True):
            st.markdown(f"{icon} **{md_text(g.question.prompt)}** — {g.score:.0%}")
            st.markdown(md_text(g.explanation.split(" (see ")[0]))
            cite(roadmap, g.question.source, key=f"{K}_cite_{g.question.id}")
    st.caption(f"Scores saved to profile '{ctx.profile}'.")
