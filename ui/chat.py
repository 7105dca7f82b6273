"""The Chat page: streamed, cited answers; "How this answer was made"; conversations in the sidebar."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import streamlit as st

from rag.chain import backend_label
from rag.conversations import ConversationStore, Message, answer_record
from rag.errors import EmptyIndexError, RagError
from rag.schema import Answer, AnswerEvent, TokenEvent
from ui import UIContext
from ui.components import (
    answer_markdown,
    chunk_count,
    error_boundary,
    format_timings,
    md_text,
    passage_html,
)
from ui.feedback import render_export, render_feedback
from ui.sidebar import backend_banner

log = logging.getLogger(__name__)

CONV_KEY = "conversation_id"
CURSOR = " ▌"
# backend notes that explain an extractive answer the user did not ask for (rag.llm.process / llamacpp)
LLM_TROUBLE = ("still loading", "process stopped", "could not be restarted", "crashed")


# --- conversations in the sidebar ---------------------------------------------------------------
def _select(conversation_id: int | None) -> None:
    st.session_state[CONV_KEY] = conversation_id


def _rename(store: ConversationStore, conversation_id: int) -> None:
    with error_boundary():
        store.rename(conversation_id, str(st.session_state.get(f"rename-{conversation_id}", "")))


def _delete(store: ConversationStore, conversation_id: int) -> None:
    store.delete(conversation_id)
    if st.session_state.get(CONV_KEY) == conversation_id:
        st.session_state[CONV_KEY] = None


def render_conversations(ctx: UIContext, box: Any) -> None:
    """New / resume / rename / delete conversations, plus the feedback export."""
    store = ctx.conversations
    current = st.session_state.get(CONV_KEY)
    box.subheader("Conversations")
    box.button("New conversation", key="new_conversation", icon=":material/add:", on_click=_select, args=(None,),
               type="primary" if current is None else "secondary", width="stretch")
    for conv in store.list_conversations()[:30]:
        box.button(conv.title, key=f"conv-{conv.id}", on_click=_select, args=(conv.id,), width="stretch",
                   type="primary" if conv.id == current else "tertiary", help="Resume this conversation")
    conv = store.get_conversation(current) if current else None
    if conv is not None:
        with box.expander("Rename or delete this conversation", key="manage_conversation"):
            st.text_input("Title", value=conv.title, key=f"rename-{conv.id}", on_change=_rename,
                          args=(store, conv.id))
            st.button("Delete conversation", key=f"delete-{conv.id}", icon=":material/delete:",
                      on_click=_delete, args=(store, conv.id))
    render_export(store, container=box)


# --- one answer ----------------------------------------------------------------------------------
@st.dialog("Whole section", width="large")
def _section_dialog(ctx: UIContext, source: str, headings: list[str], label: str) -> None:
    st.caption(label)
    with error_boundary():
        st.markdown(answer_markdown(ctx.services.index.section(source, headings)))


def _render_sources(ctx: UIContext, message_id: int, citations: list[dict[str, Any]]) -> None:
    if not citations:
        return
    st.markdown("**Sources**")
    for cit in citations:
        n = cit["n"]
        with st.container(key=f"citation-{message_id}-{n}"):
            note = f" · _{md_text(cit['note'])}_" if cit.get("note") else ""
            st.markdown(f"**[{n}]** {md_text(cit['label'])} · lines {cit['start_line']}–{cit['end_line']}{note}")
            st.html(passage_html(cit.get("text", ""), list(cit.get("sentences") or [])))
            if st.button("Open whole section", key=f"section-{message_id}-{n}", icon=":material/article:",
                         type="tertiary"):
                _section_dialog(ctx, cit["source"], list(cit.get("headings") or []), cit["label"])


def _fmt(value: Any) -> str:
    return "–" if value is None else f"{float(value):.3f}"


def _render_how(message_id: int, rec: dict[str, Any]) -> None:
    with st.expander("How this answer was made", key=f"how-{message_id}", icon=":material/info:"):
        st.markdown(f"**Standalone question:** {md_text(rec.get('standalone_question') or rec.get('question', ''))}")
        if rec.get("refused"):
            st.markdown(f"**Refused:** {md_text(rec.get('refusal_reason') or 'no reason given')}")
        backend = str(rec.get("backend", ""))
        kind, _, model = backend.partition(":")
        st.markdown(f"**Backend:** {md_text(kind)}" + (f" · **model:** {md_text(model)}" if model else ""))
        if rec.get("backend_note"):
            st.markdown(f"**Backend note:** {md_text(rec['backend_note'])}")
        if rec.get("timings"):
            st.markdown(f"**Timings:** {format_timings(rec['timings'])}")
        hits = rec.get("retrieved") or []
        if hits:
            rows = ["| # | cited | passage | lines | fused | dense | lexical |", "|---|---|---|---|---|---|---|"]
            for h in hits:
                rows.append(
                    f"| {h['rank']} | {'✓' if h.get('cited') else ''} | {md_text(h['label'])} | "
                    f"{h['start_line']}–{h['end_line']} | {_fmt(h.get('score'))} | {_fmt(h.get('dense_score'))} | "
                    f"{_fmt(h.get('lexical_score'))} |"
                )
            st.markdown("**Retrieved passages**\n\n" + "\n".join(rows))
        else:
            st.markdown("**Retrieved passages:** none")


def fallback_note(rec: dict[str, Any]) -> str:
    """The backend note when the answer came from another backend than the one explicitly picked, or when
    it was answered extractively because the embedded model was still loading or had failed."""
    requested = rec.get("requested_backend")
    kind = str(rec.get("backend", "")).partition(":")[0]
    note = str(rec.get("backend_note") or "")
    if kind == "extractive" and any(mark in note for mark in LLM_TROUBLE):
        return note
    if requested in (None, "auto") or not kind or kind == requested:
        return ""
    return str(rec.get("backend_note") or f"{requested} was not available; {kind} answered instead.")


def render_answer(ctx: UIContext, message: Message) -> None:
    """A stored assistant message: answer with [n], sources with highlights, the 'how' expander, feedback."""
    rec = message.answer or {}
    with st.container(key=f"answer-{message.id}"):
        st.markdown(answer_markdown(message.content))
    if rec.get("refused"):
        st.caption(f"Not answered from the roadmap: {md_text(rec.get('refusal_reason') or 'weak evidence')}")
    if note := fallback_note(rec):
        st.info(note, icon=":material/info:")
    _render_sources(ctx, message.id, list(rec.get("citations") or []))
    _render_how(message.id, rec)
    render_feedback(ctx.conversations, message.id)


def _render_message(ctx: UIContext, message: Message) -> None:
    with st.chat_message(message.role):
        if message.role == "user":
            st.markdown(md_text(message.content))
        else:
            with st.container():
                render_answer(ctx, message)


# --- asking ----------------------------------------------------------------------------------------
def _stream_answer(ctx: UIContext, question: str, history: list[Any]) -> Answer | None:
    """Run ``assistant.stream``, showing tokens as they arrive; returns the final answer (None on error)."""
    status = st.empty()
    with st.container(key="answer-stream"):
        box = st.empty()
    text = ""
    answer: Answer | None = None
    # "what should I learn next?" / "how far along am I?" are answered from the sidebar's profile
    ctx.services.profile = ctx.profile
    try:
        # One status line, drawn before the model starts: a redraw when retrieval ends would land while
        # the model reads its prompt, and on a small CPU the browser's work slows the model down.
        assistant = ctx.services.assistant
        status.caption(f"Searching the roadmap · answering with {backend_label(assistant.select(ctx.backend))}…")
        for event in assistant.stream(question, history, backend=ctx.backend, filter=ctx.path_filter):
            if isinstance(event, TokenEvent):
                text += event.text
                box.markdown(answer_markdown(text) + CURSOR)
            elif isinstance(event, AnswerEvent):
                answer = event.answer
    except RagError as err:
        status.empty()
        box.empty()
        st.error(str(err), icon=":material/error:")
        return None
    status.empty()
    box.empty()
    return answer


def _ask(ctx: UIContext, question: str) -> None:
    store = ctx.conversations
    conv_id = st.session_state.get(CONV_KEY)
    if conv_id is None or store.get_conversation(conv_id) is None:
        conv_id = store.create_conversation().id
        st.session_state[CONV_KEY] = conv_id
    history = store.history(conv_id, limit=ctx.settings.history_turns)
    store.add_message(conv_id, "user", question)
    with st.chat_message("user"):
        st.markdown(md_text(question))
    with st.chat_message("assistant"):
        # One slot holds the stream, then the stored answer: the same layout as a redrawn message
        # (_render_message), so the next rerun replaces elements in place instead of shifting them.
        slot = st.empty()
        with slot.container():
            answer = _stream_answer(ctx, question, history)
        if answer is not None:
            record = answer_record(answer, requested_backend=ctx.backend)
            message = store.add_message(conv_id, "assistant", answer.answer, record)
            with slot.container():
                render_answer(ctx, message)


def _index_bundled(ctx: UIContext) -> bool:
    """Index the bundled roadmap with a progress bar naming each step; False (with the error) on failure."""
    index = ctx.services.index
    bar = st.progress(0.05, text="Nothing is indexed yet: loading the embedding model (all-MiniLM-L6-v2)…")
    try:
        index.embedder  # noqa: B018 - the slow part: importing torch and loading the model
        bar.progress(0.5, text=f"Indexing the bundled roadmap ({Path(ctx.settings.corpus).name}): "
                               "splitting and embedding its sections…")
        report = index.ensure_bundled()
    except RagError as err:
        bar.empty()
        st.error(str(err), icon=":material/error:")
        return False
    chunks = chunk_count(index.stats())
    bar.progress(1.0, text=f"Indexed the bundled roadmap: {chunks} passages." if report else "Indexed.")
    bar.empty()
    return True


def _model_state(ctx: UIContext) -> tuple[str, str]:
    """(state, detail) of the embedded model when it is the one answering; ('', '') otherwise."""
    if st.session_state.get("_effective_backend", ctx.backend) != "llamacpp":  # set by render_sidebar
        return "", ""
    from rag.llm.process import process_status

    status = process_status(ctx.settings)
    return status.state, status.detail


def _render_model_status(ctx: UIContext) -> None:
    """While the embedded model loads (in its own process), say so, and that answers are extractive
    meanwhile; refreshed every second until it is up (a fragment: the rest of the page is not redrawn)."""
    state, detail = _model_state(ctx)
    if state in ("starting", "failed"):
        icon = ":material/hourglass_top:" if state == "starting" else ":material/warning:"
        what = "is loading" if state == "starting" else "is not available"
        st.info(f"The embedded model {what} ({detail}). Until it is up, answers quote the roadmap's passages "
                "directly (extractive answers).", icon=icon)
    elif state == "ready":
        st.caption(f":material/check_circle: The embedded model is up: {detail}.")


def _model_status(ctx: UIContext) -> None:
    state, _ = _model_state(ctx)
    refresh = 1.0 if state in ("idle", "starting") else None  # stop polling once the model is up (or failed)
    with st.container(key="model-status"):
        st.fragment(_render_model_status, run_every=refresh)(ctx)


def _index_is_empty(ctx: UIContext) -> bool:
    try:
        return chunk_count(ctx.services.index.stats()) == 0
    except EmptyIndexError:
        return True


def render(ctx: UIContext) -> None:
    """The Chat page."""
    conv_box = st.sidebar.container(key="conversations")
    st.title("Roadmap Mentor")
    st.caption("Ask about the learning roadmaps. Every answer cites the passages it comes from.")
    if banner := backend_banner():
        st.warning(banner, icon=":material/warning:")
    with error_boundary():
        # an empty index on first start: the bundled roadmap is indexed right here, so the chat input
        # below is usable as soon as retrieval is ready (the model keeps loading in its own process)
        empty = _index_is_empty(ctx) and not _index_bundled(ctx)
        if empty:
            st.info("Nothing is indexed yet: add your own documents on the Documents page.",
                    icon=":material/lightbulb:")
        _model_status(ctx)
        conv_id = st.session_state.get(CONV_KEY)
        if conv_id is not None and ctx.conversations.get_conversation(conv_id) is None:
            conv_id = st.session_state[CONV_KEY] = None
        for message in ctx.conversations.messages(conv_id) if conv_id else []:
            _render_message(ctx, message)
        question = st.chat_input("Ask about the roadmap…", key="chat_input", disabled=empty)
        if question and question.strip():
            _ask(ctx, question.strip())
    render_conversations(ctx, conv_box)


__all__ = ["render", "render_answer"]
