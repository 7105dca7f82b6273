"""Uploaded documents: the checks every upload edge uses (the Documents page, ``POST /v1/documents``),
saving them under ``settings.uploads_dir`` and indexing them, and removing one again.

Uploads are checked (extension, size, emptiness) before anything is written; a file that fails to
index is removed again (or its previous version restored), so a failed upload leaves the index and the
uploads folder as they were.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from rag.errors import InputError
from rag.settings import Settings

if TYPE_CHECKING:  # pragma: no cover
    from rag.index import Index
    from rag.ingest.pipeline import IngestReport, Progress

log = logging.getLogger(__name__)

ALLOWED_EXTENSIONS = (".md", ".markdown", ".txt", ".pdf", ".html", ".htm")
_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")

ProblemKind = Literal["type", "size", "empty"]


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


@dataclass(frozen=True)
class UploadProblem:
    """Why one upload is refused: ``kind`` lets an edge pick its status (415 / 413 / 400)."""

    kind: ProblemKind
    message: str


class UploadRejected(InputError):
    """One or more uploads failed the checks; nothing was written."""

    def __init__(self, problems: Sequence[UploadProblem]):
        self.problems = list(problems)
        super().__init__(" ".join(p.message for p in self.problems))


def safe_name(name: str) -> str:
    """A file name without folders or odd characters (``../x y?.md`` → ``x y_.md``)."""
    base = Path(name.replace("\\", "/")).name.strip().lstrip(".")
    return _UNSAFE.sub("_", base) or "upload"


def check_upload(name: str, size: int, settings: Settings) -> UploadProblem | None:
    """Why this upload is refused (type, size or empty), or None when it may be indexed."""
    ext = Path(name).suffix.lower()
    if ext not in ALLOWED_EXTENSIONS:
        return UploadProblem(
            "type",
            f"{name}: {ext or 'files without an extension'} cannot be indexed. "
            f"Upload {', '.join(ALLOWED_EXTENSIONS)} files.",
        )
    if size > settings.upload_max_mb * 1024 * 1024:
        return UploadProblem(
            "size",
            f"{name}: {size / 1024 / 1024:.1f} MB is over the {settings.upload_max_mb:g} MB upload limit "
            "(RAG_UPLOAD_MAX_MB); split the document or raise the limit.",
        )
    if size == 0:
        return UploadProblem("empty", f"{name}: the file is empty; upload a document with some text.")
    return None


def upload_problem(name: str, size: int, settings: Settings) -> str | None:
    """The message of :func:`check_upload` (what the Documents page shows), or None."""
    problem = check_upload(name, size, settings)
    return problem.message if problem else None


def ingest_uploads(
    settings: Settings, index: Index, uploads: Sequence[Upload], progress: Progress | None = None
) -> IngestReport:
    """Save valid uploads under ``uploads_dir`` and index them; return the ingest report.

    Raises :class:`UploadRejected` listing every problem before writing anything. If indexing raises,
    the files written here are removed (or restored) and the error re-raised; a file the ingester
    skipped (unreadable PDF, no text ...) is removed (or restored) too and stays in ``report.skipped``.
    """
    if not uploads:
        raise InputError("No file was uploaded: send one or more Markdown, text, PDF or HTML files.")
    problems = [p for u in uploads if (p := check_upload(u.name, len(u.data), settings))]
    if problems:
        raise UploadRejected(problems)
    folder = settings.uploads_dir
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[Path, bytes | None] = {}
    for upload in uploads:
        path = folder / safe_name(upload.name)
        if path not in written:
            written[path] = path.read_bytes() if path.exists() else None
        path.write_bytes(upload.data)
    try:
        report = index.ingest(list(written), progress=progress)
    except Exception:
        _undo(written)
        raise
    failed = {Path(str(path)).name for path, _ in report.skipped}
    _undo({p: old for p, old in written.items() if p.name in failed})
    return report


def remove_document(settings: Settings, index: Index, source: str) -> bool:
    """Remove ``source`` from the index and its uploaded copy (if it was uploaded); False if not indexed."""
    removed = index.remove_document(source)
    uploaded = settings.uploads_dir / safe_name(source)
    if removed and uploaded.is_file() and uploaded.parent == settings.uploads_dir and uploaded.name == source:
        uploaded.unlink()
    return removed


def _undo(written: dict[Path, bytes | None]) -> None:
    for path, old in written.items():
        if old is None:
            path.unlink(missing_ok=True)
        else:
            path.write_bytes(old)


__all__ = [
    "ALLOWED_EXTENSIONS",
    "Upload",
    "UploadProblem",
    "UploadRejected",
    "check_upload",
    "ingest_uploads",
    "remove_document",
    "safe_name",
    "upload_problem",
]
