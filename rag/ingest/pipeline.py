"""The ingestion pipeline: discover files, skip unchanged ones, chunk, embed, write both stores.

Write order (crash / Ctrl-C safety): a source is first marked *pending* in SQLite, then its chunks
are written to Chroma, then its chunk + FTS rows and its ``documents`` row (the doc_hash) are
committed in ONE SQLite transaction, which also clears the pending mark. A document whose hash is
not recorded is therefore (re)ingested on the next run, and any stale Chroma ids of a pending or
known source are deleted before its new chunks are written.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rag.errors import InputError
from rag.ingest.chunking import CHUNK_FORMAT, chunk_document, embedded_text
from rag.ingest.loaders import LoadedDoc, LoadError, is_supported, load_document
from rag.schema import Chunk

if TYPE_CHECKING:  # pragma: no cover
    from rag.embeddings import Embedder
    from rag.settings import Settings
    from rag.storage import LexicalStore
    from rag.vectorstore import VectorStore

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]


def indexed_hash(doc_hash: str) -> str:
    """What the documents table records: the file's sha256 and the chunk format it was indexed with.

    A document indexed by an older version (another chunk format, e.g. before the title joined the embedded
    text) no longer counts as unchanged, so the next ingest re-embeds it instead of keeping stale vectors.
    """
    return f"{doc_hash}:{CHUNK_FORMAT}"

# Chunks of several documents are embedded together (one encode call per FLUSH_CHUNKS or more chunks),
# so small documents still fill whole batches; each document is still committed on its own.
FLUSH_CHUNKS = 512


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    chunks_written: int = 0
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def summary_lines(self) -> list[str]:
        """Human-readable lines for the CLI and the UI."""
        lines = [
            f"{len(self.added)} added, {len(self.updated)} updated, {len(self.unchanged)} unchanged, "
            f"{len(self.removed)} removed, {len(self.skipped)} skipped; "
            f"{self.chunks_written} chunks written in {self.seconds:.1f}s"
        ]
        for title, items in (("added", self.added), ("updated", self.updated), ("removed", self.removed)):
            lines.extend(f"  {title}: {item}" for item in items)
        lines.extend(f"  skipped: {path}: {reason}" for path, reason in self.skipped)
        return lines

    def to_json(self) -> dict:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "skipped": [{"path": p, "reason": r} for p, r in self.skipped],
            "chunks_written": self.chunks_written,
            "seconds": round(self.seconds, 3),
        }


@dataclass(frozen=True)
class SourceFile:
    path: Path  # resolved absolute path
    source: str  # path relative to the folder given, or the file name


def discover(paths: Sequence[Path | str]) -> tuple[list[SourceFile], list[Path]]:
    """Files to ingest (sorted, hidden files and folders ignored) and the folders that were given."""
    files: dict[str, SourceFile] = {}
    folders: list[Path] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if not path.exists():
            raise InputError(f"{path} does not exist: give a file or folder of documents to ingest.")
        path = path.resolve()
        if path.is_dir():
            folders.append(path)
            for item in sorted(path.rglob("*")):
                rel = item.relative_to(path)
                if item.is_file() and not any(part.startswith(".") for part in rel.parts):
                    files.setdefault(rel.as_posix(), SourceFile(item, rel.as_posix()))
        else:
            files.setdefault(path.name, SourceFile(path, path.name))
    return list(files.values()), folders


@dataclass
class _Pending:
    file: SourceFile
    doc: LoadedDoc
    chunks: list[Chunk]
    existed: bool


class Ingestor:
    """Runs one ingest over already-opened stores (built by ``rag.index.Index``)."""

    def __init__(self, settings: Settings, embedder: Embedder, store: VectorStore, lexical: LexicalStore):
        self.settings = settings
        self.embedder = embedder
        self.store = store
        self.lexical = lexical

    def run(self, paths: Sequence[Path | str], prune: bool = False, progress: Progress | None = None) -> IngestReport:
        started = time.perf_counter()
        files, folders = discover(paths)
        report = IngestReport()
        pending: list[_Pending] = []
        pending_chunks = 0
        flush_at = max(self.settings.embedding_batch_size, FLUSH_CHUNKS, 1)
        for done, file in enumerate(files, start=1):
            item = self._prepare(file, report)
            if item is not None:
                pending.append(item)
                pending_chunks += len(item.chunks)
                if pending_chunks >= flush_at:
                    self._flush(pending, report)
                    pending, pending_chunks = [], 0
            if progress is not None:
                progress(done, len(files), file.source)
        self._flush(pending, report)
        if prune:
            self._prune(folders, {f.path for f in files}, report)
        report.seconds = time.perf_counter() - started
        log.info("ingest: %s", report.summary_lines()[0])
        return report

    def _prepare(self, file: SourceFile, report: IngestReport) -> _Pending | None:
        if not is_supported(file.path):
            report.skipped.append((str(file.path), f"unsupported file type '{file.path.suffix or file.path.name}'"))
            return None
        try:
            doc = load_document(file.path, self.settings.max_file_mb)
        except LoadError as err:
            report.skipped.append((str(file.path), str(err)))
            return None
        known = self.lexical.document(file.source)
        if known is not None and known.doc_hash == indexed_hash(doc.doc_hash):
            if known.path != str(file.path):
                self.lexical.set_document_path(file.source, str(file.path))
            report.unchanged.append(file.source)
            return None
        chunks = chunk_document(doc, file.source, self.settings.chunk_max_chars, self.settings.chunk_overlap_chars)
        return _Pending(file, doc, chunks, existed=known is not None)

    def _flush(self, pending: list[_Pending], report: IngestReport) -> None:
        if not pending:
            return
        texts = [embedded_text(c) for item in pending for c in item.chunks]
        vectors = self.embedder.embed_documents(texts)
        stale = self.lexical.pending_sources()
        self.lexical.mark_pending([item.file.source for item in pending])
        offset = 0
        for item in pending:
            source, chunks = item.file.source, item.chunks
            if item.existed or source in stale:
                self.store.delete_source(source)
            if chunks:
                self.store.upsert(
                    [c.id for c in chunks],
                    vectors[offset : offset + len(chunks)],
                    [c.text for c in chunks],
                    [c.metadata() for c in chunks],
                )
            offset += len(chunks)
            self.lexical.replace_document(source, str(item.file.path), indexed_hash(item.doc.doc_hash), chunks)
            (report.updated if item.existed else report.added).append(source)
            report.chunks_written += len(chunks)

    def _prune(self, folders: list[Path], present: set[Path], report: IngestReport) -> None:
        for row in self.lexical.documents():
            path = Path(row.path)
            if path in present or not any(path.is_relative_to(folder) for folder in folders):
                continue
            self.store.delete_source(row.source)
            self.lexical.remove_document(row.source)
            report.removed.append(row.source)
