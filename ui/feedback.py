"""Thumbs up/down with an optional comment under every answer, and the gold-JSONL export."""

from __future__ import annotations

import io

import streamlit as st

from rag.conversations import ConversationStore
from ui.components import error_boundary


def _save_rating(store: ConversationStore, message_id: int) -> None:
    score = st.session_state.get(f"feedback-{message_id}")
    comment = str(st.session_state.get(f"comment-{message_id}") or "")
    with error_boundary():
        store.add_feedback(message_id, score, comment)


def _save_comment(store: ConversationStore, message_id: int) -> None:
    comment = str(st.session_state.get(f"comment-{message_id}") or "")
    with error_boundary():
        store.set_comment(message_id, comment)


def render_feedback(store: ConversationStore, message_id: int) -> None:
    """The rating widget (stored on change) and, once rated, a comment box (stored on Enter)."""
    stored = store.feedback_for(message_id)
    cols = st.columns([1, 5], vertical_alignment="center")
    with cols[0]:
        st.feedback(
            "thumbs",
            key=f"feedback-{message_id}",
            default=stored.score if stored else None,
            on_change=_save_rating,
            args=(store, message_id),
        )
    with cols[1]:
        if stored is not None:
            st.text_input(
                "Comment (optional)",
                value=stored.comment,
                key=f"comment-{message_id}",
                placeholder="What was wrong or missing? (press Enter to save)",
                label_visibility="collapsed",
                on_change=_save_comment,
                args=(store, message_id),
            )
            st.caption("Thanks — feedback saved." if stored.score else "Saved as a thumbs-down: it will be exported "
                       "as a gold question.")


def render_export(store: ConversationStore, *, container: st.delta_generator.DeltaGenerator | None = None) -> None:
    """A download button for the thumbs-down answers as evaluation gold JSONL."""
    target = container or st
    buf = io.StringIO()
    count = store.export_feedback_gold(buf)
    target.download_button(
        f"Export {count} thumbs-down as gold JSONL",
        data=buf.getvalue(),
        file_name="feedback-gold.jsonl",
        mime="application/jsonl",
        key="export_feedback",
        icon=":material/download:",
        disabled=count == 0,
        on_click="ignore",
    )


__all__ = ["render_export", "render_feedback"]
