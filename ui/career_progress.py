"""Progress dashboard: completion per level (bar chart), quiz scores over time (line chart), marking
topics, what to learn next, and export/import of the profile."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from rag.career.recommend import choose_path, completion, what_next
from ui import UIContext
from ui._career_common import cite, roadmap_and_store
from ui.components import md_text

PAGE_TITLE = "Progress"
PAGE_ICON = ":material/trending_up:"
PAGE_ORDER = 10

_STATUS = {"Not started": None, "In progress": "in_progress", "Done": "done"}
K = "career_progress"


def render(ctx: UIContext) -> None:
    """Errors are shown by the page wrapper in app.py (ui.components.error_boundary)."""
    st.header("Your progress")
    roadmap, store = roadmap_and_store(ctx)
    prog = store.load(ctx.profile)
    current, note = choose_path(roadmap, prog)
    titles = [p.title for p in roadmap.paths]
    chosen = st.selectbox("Path", titles, index=titles.index(current.title), key=f"{K}_path")
    if chosen != prog.path and (prog.path or chosen != current.title):
        store.set_path(ctx.profile, chosen)
        prog = store.load(ctx.profile)
        note = ""
    path = roadmap.find_path(chosen) or current
    if note:
        st.info(note)

    comp = completion(roadmap, prog, path)
    cols = st.columns(3)
    cols[0].metric("Path complete", f"{comp.percent:.0f}%")
    cols[1].metric("Topics done", f"{comp.done}/{comp.total}")
    cols[2].metric("Milestones reached", len(prog.milestones))
    levels = pd.DataFrame({"level": [lc.level.display for lc in comp.levels],
                           "percent complete": [lc.percent for lc in comp.levels]})
    st.subheader("Completion per level")
    st.bar_chart(levels, x="level", y="percent complete")

    st.subheader("Quiz scores over time")
    if prog.quizzes:
        rows = [{"taken": q.taken_at, "topic": (t.title if (t := roadmap.topic_by_key(q.topic)) else q.topic),
                 "score": q.score} for q in prog.quizzes]
        frame = pd.DataFrame(rows).pivot_table(index="taken", columns="topic", values="score", aggfunc="mean")
        st.line_chart(frame)
    else:
        st.caption("No quizzes yet: take one on the Quiz page.")

    st.subheader("What to learn next")
    for i, rec in enumerate(what_next(roadmap, prog, path), start=1):
        st.markdown(f"**{i}. {md_text(rec.topic.title)}** — {md_text(rec.level.display)} "
                    f"({md_text(rec.duration)}); {md_text(rec.why)}")
        if rec.topic.resources:
            st.caption("Resources: " + md_text(", ".join(r.title for r in rec.topic.resources)))
        cite(roadmap, rec.topic, key=f"{K}_next_{i}")

    st.subheader("Mark topics")
    for lc in comp.levels:
        with st.expander(f"{lc.level.display} ({lc.level.duration}) — {lc.done}/{lc.total} done"):
            for t in lc.level.topics:
                status = prog.status(t.key)
                current_label = next(k for k, v in _STATUS.items() if v == status)
                picked = st.segmented_control(t.title, list(_STATUS), default=current_label, key=f"{K}_{t.key}")
                if picked is not None and _STATUS[picked] != status:
                    store.mark_topic(ctx.profile, t.key, _STATUS[picked])  # type: ignore[arg-type]
                    st.rerun()

    with st.expander("Export / import this profile"):
        st.download_button("Download JSON", json.dumps(store.export(ctx.profile), indent=2),
                           file_name=f"{ctx.profile}-progress.json", mime="application/json", key=f"{K}_export")
        upload = st.file_uploader("Import a profile JSON", type=["json"], key=f"{K}_import")
        if upload is not None and st.button("Import", key=f"{K}_import_go"):
            try:
                data = json.loads(upload.getvalue())
            except json.JSONDecodeError:
                st.error("That file is not JSON; export a profile with the button above or `rag progress export`.")
                return
            name = store.import_(data, name=ctx.profile)
            st.success(f"Imported into profile '{name}'.")
