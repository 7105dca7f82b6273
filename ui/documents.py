"""The Documents page: upload Markdown/text/PDF/HTML into the index, list and remove documents.

Uploads are checked (extension, size) before anything is written; a file that fails to index is
removed again, so a failed upload leaves the index and the uploads folder as they were.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st

from rag.errors import InputError
from rag.settings import Settings
from ui import UIContext
from ui.components import as_dict, error_boundary, format_when, md_text

log = logging.getLogger(__name__)

ALLOWED_EXTENSIONS = (".md", ".markdown", ".txt", ".pdf", ".html", ".htm")
_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


def safe_name(name: str) -> str:
    """A file name without folders or odd characters (``../x y?.md`` → ``x y_.md``)."""
    base = Path(name.replace("\\", "/")).name.strip().lstrip(".")
    return _UNSAFE.sub("_", base) or "upload"


def upload_problem(name: str, size: int, settings: Settings) -> str | None:
    """Why this upload is refused (type or size), or None when it may be indexed."""
    ext = Path(name).suffix.lower()
    if ext not in ALLOWED_EXTENSIONS:
        return (f"{name}: {ext or 'files without an extension'} cannot be indexed. "
                f"Upload {', '.join(ALLOWED_EXTENSIONS)} files.")
    if size > settings.upload_max_mb * 1024 * 1024:
        return (f"{name}: {size / 1024 / 1024:.1f} MB is over the {settings.upload_max_mb:g} MB upload limit "
                "(RAG_UPLOAD_MAX_MB); split the document or raise the limit.")
    if size == 0:
        return f"{name}: the file is empty; upload a document with some text."
    return None


def ingest_uploads(ctx: UIContext, uploads: list[Upload], progress: Any = None) -> list[str]:
    """Save valid uploads under ``uploads_dir`` and index them; returns the summary lines.

    Raises the first validation problem as :class:`rag.errors.InputError` before writing anything.
    If indexing raises, the files written here are removed (or restored) and the error re-raised.
    """
    problems = [p for u in uploads if (p := upload_problem(u.name, len(u.data), ctx.settings))]
    if problems:
        raise InputError(" ".join(problems))
    folder = ctx.settings.uploads_dir
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[Path, bytes | None] = {}
    for upload in uploads:
        path = folder / safe_name(upload.name)
        written[path] = path.read_bytes() if path.exists() else None
        path.write_bytes(upload.data)
    try:
        report = ctx.services.index.ingest(list(written), progress=progress)
    except Exception:
        _undo(written)
        raise
    failed = _failed_sources(report)
    _undo({p: old for p, old in written.items() if p.name in failed})
    return list(report.summary_lines())


def _failed_sources(report: Any) -> set[str]:
    """File names the ingest report lists as failed/skipped (best effort over the report's fields)."""
    data = as_dict(report)
    names: set[str] = set()
    for field_name in ("failed", "errors", "skipped"):
        for item in data.get(field_name) or []:
            value = item if isinstance(item, str) else as_dict(item).get("path") or as_dict(item).get("source")
            if isinstance(item, tuple | list) and item:
                value = item[0]
            if value:
                names.add(Path(str(value)).name)
    return names


def _undo(written: dict[Path, bytes | None]) -> None:
    for path, old in written.items():
        if old is None:
            path.unlink(missing_ok=True)
        else:
            path.write_bytes(old)


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
                ctx.services.index.remove_document(source)
                uploaded = ctx.settings.uploads_dir / safe_name(source)
                if uploaded.is_file() and uploaded.parent == ctx.settings.uploads_dir:
                    uploaded.unlink()
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
