"""The Documents page: upload Markdown/text/PDF/HTML into the index, list and remove documents.

Uploads are checked (extension, size) before anything is written; a file that fails to index is
removed again, so a failed upload leaves the index and the uploads folder as they were.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import streamlit as st

from rag import uploads as core_uploads
from rag.uploads import ALLOWED_EXTENSIONS, Upload, safe_name, upload_problem
from ui import UIContext
from ui.components import as_dict, error_boundary, format_when, md_text

log = logging.getLogger(__name__)


def ingest_uploads(ctx: UIContext, uploads: list[Upload], progress: Any = None) -> list[str]:
    """Save valid uploads and index them (:func:`rag.uploads.ingest_uploads`); returns the summary lines."""
    report = core_uploads.ingest_uploads(ctx.settings, ctx.services.index, uploads, progress)
    return list(report.summary_lines())


def _render_upload(ctx: UIContext) -> None:
    st.subheader("Add documents")
    files = st.file_uploader(
        f"Markdown, text, PDF or HTML, up to {ctx.settings.upload_max_mb:g} MB each",
        accept_multiple_files=True,
        key="upload",
        help=f"Accepted: {', '.join(ALLOWED_EXTENSIONS)}. Documents are chunked along their headings.",
    )
    if not files:
        return
    problems = [p for f in files if (p := upload_problem(f.name, f.size, ctx.settings))]
    for problem in problems:
        st.error(problem, icon=":material/block:")
    if problems:
        return
    if not st.button(f"Index {len(files)} file(s)", key="index_uploads", type="primary", icon=":material/upload:"):
        return
    bar = st.progress(0.0, text="Indexing…")

    def progress(done: int, total: int, path: Any) -> None:
        bar.progress(min(1.0, done / max(total, 1)), text=f"Indexed {done}/{total}: {Path(str(path)).name}")

    with error_boundary():
        lines = ingest_uploads(ctx, [Upload(f.name, f.getvalue()) for f in files], progress)
        bar.progress(1.0, text="Done")
        st.success("Indexed. Ask about it on the Chat page.", icon=":material/check:")
        st.code("\n".join(lines) or "nothing changed", language=None)


def _render_documents(ctx: UIContext) -> None:
    st.subheader("Indexed documents")
    docs = [as_dict(d) for d in ctx.services.index.documents()]
    if not docs:
        st.info("Nothing is indexed yet: upload a document above, or index the bundled roadmap from the Chat page.")
        return
    rows = ["| document | chunks | indexed |", "|---|---|---|"]
    for d in docs:
        when = format_when(d.get("ingested_at") or d.get("indexed_at") or d.get("updated_at") or d.get("created_at"))
        rows.append(f"| {md_text(str(d.get('source', '?')))} | {d.get('chunks', d.get('chunk_count', '?'))} | {when} |")
    st.markdown("\n".join(rows))
    sources = [str(d.get("source")) for d in docs]
    with st.form("remove_document", border=False):
        source = st.selectbox("Remove a document from the index", sources, key="remove_source")
        if st.form_submit_button("Remove document", icon=":material/delete:"):
            with error_boundary():
                core_uploads.remove_document(ctx.settings, ctx.services.index, source)
                st.toast(f"Removed {source} from the index.")
                st.rerun()


def render(ctx: UIContext) -> None:
    """The Documents page."""
    st.title("Documents")
    with error_boundary():
        _render_upload(ctx)
    with error_boundary():
        _render_documents(ctx)


__all__ = ["ALLOWED_EXTENSIONS", "Upload", "ingest_uploads", "render", "safe_name", "upload_problem"]
