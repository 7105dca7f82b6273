"""The sidebar shared by every page: backend status and picker, roadmap-path filter, index counts,
learner profile. Returns the user's choices; the chat page passes them to the assistant."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from rag.errors import RagError
from rag.settings import Settings
from ui import DEFAULT_PROFILE, UIContext
from ui.components import as_dict, chunk_count, document_count

log = logging.getLogger(__name__)

BACKENDS = ["auto", "ollama", "llamacpp", "openai", "extractive"]
BACKEND_NAMES = {"auto": "Auto (best available)", "ollama": "Ollama", "llamacpp": "llama.cpp (embedded)",
                 "openai": "OpenAI-compatible server (RAG_OPENAI_URL)", "extractive": "Extractive (no LLM)"}
AUTO_ORDER = ["ollama", "llamacpp", "extractive"]
ALL_PATHS = "All roadmap paths"
STATUS_TTL_S = 30.0
PATH_SUFFIXES = ("Path",)  # top-level headings that name a roadmap path end with "Path"


@dataclass(frozen=True)
class BackendRow:
    kind: str
    available: bool
    detail: str
    action: str = ""


def status_rows(raw: Any) -> list[BackendRow]:
    """Read ``rag.llm.backend_status`` results (a list or a kind→status mapping) into rows."""
    items: Iterable[tuple[str | None, Any]]
    if isinstance(raw, dict):
        items = raw.items()
    else:
        items = ((None, s) for s in raw or [])
    rows = []
    for key, status in items:
        data = as_dict(status)
        kind = str(data.get("kind") or data.get("name") or key or "?")
        rows.append(
            BackendRow(
                kind=kind,
                available=bool(data.get("available", data.get("ok", False))),
                detail=str(data.get("detail") or data.get("message") or ""),
                action=str(data.get("action") or data.get("fix") or data.get("what_to_do") or data.get("hint") or ""),
            )
        )
    return rows


def _backend_status(settings: Settings, refresh: bool) -> list[BackendRow]:
    """``backend_status`` probed at most every STATUS_TTL_S seconds per browser session."""
    cached = st.session_state.get("_backend_status")
    if cached and not refresh and time.monotonic() - cached[0] < STATUS_TTL_S:
        return cached[1]
    try:
        from rag.llm import backend_status

        rows = status_rows(backend_status(settings))
    except (ImportError, RagError) as err:  # backends not installed yet / misconfigured
        rows = [BackendRow("extractive", True, "answers quote the best passages (no LLM)")]
        log.warning("backend status unavailable: %s", err)
    st.session_state["_backend_status"] = (time.monotonic(), rows)
    return rows


def resolve_backend(requested: str, rows: list[BackendRow]) -> tuple[str, str]:
    """Which backend will answer for ``requested`` and a banner text when it is not the one asked for."""
    by_kind = {r.kind: r for r in rows}
    if requested != "auto":
        row = by_kind.get(requested)
        if row is None or row.available:
            return requested, ""
        order = [k for k in AUTO_ORDER if k != "ollama"] if requested == "openai" else AUTO_ORDER
        fallback = next((k for k in order if by_kind.get(k, BackendRow(k, k == "extractive", "")).available),
                        "extractive")
        fix = f" {row.action}" if row.action else ""
        return fallback, f"{BACKEND_NAMES[requested]} is not available: {row.detail}.{fix} " \
                         f"Answers will fall back to {BACKEND_NAMES.get(fallback, fallback)}."
    for kind in AUTO_ORDER:
        row = by_kind.get(kind)
        if row is not None and row.available:
            return kind, ""
    return "extractive", ""


def roadmap_paths(heading_sets: Iterable[Iterable[str]]) -> list[str]:
    """The roadmap paths to filter by: top-level section headings that name a path (end with 'Path')."""
    found: list[str] = []
    for headings in heading_sets:
        for heading in list(headings)[:2]:
            if heading.strip().endswith(PATH_SUFFIXES) and heading not in found:
                found.append(heading)
    return found


def _path_choices(ctx: UIContext) -> list[str]:
    """Roadmap paths from the headings of the indexed documents (recomputed when the documents change)."""
    index = ctx.services.index
    try:
        docs = index.documents()
        signature = tuple((d["source"], d.get("ingested_at")) for d in docs)
        cached = st.session_state.get("_path_choices")
        if cached and cached[0] == signature:
            return list(cached[1])
        heading_sets = [c.headings for d in docs for c in index.lexical.source_chunks(d["source"])]
    except RagError as err:
        log.warning("could not list roadmap paths: %s", err)
        return []
    paths = roadmap_paths(heading_sets)
    st.session_state["_path_choices"] = (signature, paths)
    return paths


def render_sidebar(ctx: UIContext) -> UIContext:
    """Draw the shared sidebar; returns ``ctx`` with the backend, path filter and profile chosen."""
    sb = st.sidebar
    sb.text_input("Learner profile", value=DEFAULT_PROFILE, key="profile",
                  help="Progress, quizzes and interviews are saved per profile.")
    sb.subheader("Answer engine")
    default = BACKENDS.index(ctx.settings.llm) if ctx.settings.llm in BACKENDS else 0
    backend = sb.selectbox("Backend", BACKENDS, index=default, key="backend",
                           format_func=lambda k: BACKEND_NAMES.get(k, k))
    refresh = sb.button("Refresh status", key="refresh_status", icon=":material/refresh:", type="tertiary")
    rows = _backend_status(ctx.settings, refresh)
    for row in rows:
        mark = ":green[:material/check_circle:]" if row.available else ":gray[:material/block:]"
        text = f"{mark} **{BACKEND_NAMES.get(row.kind, row.kind)}**: {row.detail}"
        if not row.available and row.action and row.action not in row.detail:
            text += f" — {row.action}"
        sb.caption(text)
    effective, banner = resolve_backend(str(backend), rows)
    sb.caption(f"Answers now come from: **{BACKEND_NAMES.get(effective, effective)}**")
    st.session_state["_backend_banner"] = banner
    st.session_state["_effective_backend"] = effective

    sb.subheader("Search scope")
    paths = _path_choices(ctx)
    choice = sb.selectbox("Roadmap path", [ALL_PATHS, *paths], key="path_filter")

    stats: Any = {}
    try:
        stats = ctx.services.index.stats()
    except RagError as err:
        sb.error(str(err))
    docs, chunks = document_count(stats), chunk_count(stats)
    sb.caption(f":material/library_books: {docs} document{'' if docs == 1 else 's'} · "
               f"{chunks} chunk{'' if chunks == 1 else 's'} indexed")
    ctx.profile = str(st.session_state.get("profile") or DEFAULT_PROFILE).strip() or DEFAULT_PROFILE
    ctx.backend = str(backend)
    ctx.path_filter = None if choice == ALL_PATHS else str(choice)
    return ctx


def backend_banner() -> str:
    """The warning computed by the last :func:`render_sidebar` ('' when the chosen backend is available)."""
    return str(st.session_state.get("_backend_banner", ""))


__all__ = ["BackendRow", "backend_banner", "render_sidebar", "resolve_backend", "roadmap_paths", "status_rows"]
