"""Ingestion with the real embedding model, real embedded Chroma and real SQLite, on real files."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from index_helpers import ROADMAP, CountingEmbedder, make_pdf

from rag.errors import IndexMismatchError, InputError
from rag.index import Index
from rag.ingest import LoadError, load_document, pipeline
from rag.settings import Settings

MakeIndex = Callable[..., tuple[Index, CountingEmbedder]]


@pytest.fixture
def make_index(make_settings: Callable[..., Settings], embedder: Any) -> MakeIndex:
    def _make(interrupt_on_call: int | None = None, **overrides: Any) -> tuple[Index, CountingEmbedder]:
        counting = CountingEmbedder(embedder, interrupt_on_call)
        return Index(make_settings(**overrides), embedder_factory=lambda: counting), counting

    return _make


def _corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROADMAP, folder / "roadmap.md")
    (folder / "notes.txt").write_text("Kubernetes notes\n\nLearn pods, deployments and services.\n")
    sub = folder / "guides"
    sub.mkdir(exist_ok=True)
    (sub / "rust.md").write_text("# Rust\n\n## Ownership\n\nBorrowing and lifetimes explained.\n")
    return folder


def test_bad_inputs_are_skipped_with_reasons(tmp_path: Path, make_index: MakeIndex) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.md").write_text("# Good\n\n## Part\n\nReal content about embeddings.\n")
    (docs / "empty.md").write_text("  \n\n")
    (docs / "binary.txt").write_bytes(b"abc\x00\x01\x02def")
    (docs / "latin1.txt").write_bytes("caf\xe9 cr\xe8me".encode("latin-1"))
    (docs / "image.png").write_bytes(b"\x89PNG\r\n")
    (docs / "broken.pdf").write_bytes(b"%PDF-1.4\nthis is not really a pdf\n%%EOF")
    (docs / "big.md").write_text("x" * (2 * 1024 * 1024))
    locked = docs / "locked.md"
    locked.write_text("# Locked\n\nsecret\n")
    locked.chmod(0)
    make_pdf(docs / "real.pdf", [["A real PDF page about Pinecone"]])
    (docs / "page.html").write_text("<h2>HTML</h2><p>Weaviate text</p>")
    index, _ = make_index(max_file_mb=1.0)
    try:
        report = index.ingest([docs])
    finally:
        locked.chmod(0o644)
    reasons = {Path(path).name: reason for path, reason in report.skipped}
    assert sorted(set(report.added) - {"locked.md"}) == ["good.md", "page.html", "real.pdf"]
    assert "empty" in reasons["empty.md"]
    assert "binary" in reasons["binary.txt"]
    assert "UTF-8" in reasons["latin1.txt"]
    assert "unsupported" in reasons["image.png"]
    assert "PDF" in reasons["broken.pdf"]
    assert "larger than RAG_MAX_FILE_MB" in reasons["big.md"]
    if os.geteuid() != 0:  # root can read a chmod-0 file; then it is simply indexed
        assert "cannot read" in reasons["locked.md"]
    else:
        assert "locked.md" in report.added
    assert all("\n" not in reason for reason in reasons.values())
    assert any("skipped: " in line for line in report.summary_lines())
    assert index.retrieve("Pinecone", k=1)[0].source == "real.pdf"


def test_unreadable_file_reason(tmp_path: Path) -> None:
    """A file without read permission (as an unprivileged user, even when the suite runs as root)."""
    locked = tmp_path / "locked.md"
    locked.write_text("# Locked\n\nsecret\n")
    locked.chmod(0)
    as_root = os.geteuid() == 0
    if as_root:
        os.seteuid(65534)
    try:
        with pytest.raises(LoadError, match="cannot read file: Permission denied"):
            load_document(locked)
    finally:
        if as_root:
            os.seteuid(0)


def test_incremental_reingest_unchanged_changed_and_pruned(tmp_path: Path, make_index: MakeIndex) -> None:
    docs = _corpus(tmp_path / "docs")
    index, counting = make_index()
    first = index.ingest([docs])
    assert sorted(first.added) == ["guides/rust.md", "notes.txt", "roadmap.md"]
    assert first.chunks_written == index.stats()["chunks"] > 0
    texts_after_first = counting.texts

    again = index.ingest([docs])
    assert sorted(again.unchanged) == ["guides/rust.md", "notes.txt", "roadmap.md"]
    assert again.chunks_written == 0 and not again.added and not again.updated
    assert counting.texts == texts_after_first, "re-ingesting an unchanged corpus embedded something"

    (docs / "notes.txt").write_text("Kubernetes notes\n\nHelm charts and operators.\n")
    (docs / "guides" / "rust.md").unlink()
    changed = index.ingest([docs])
    assert changed.updated == ["notes.txt"] and changed.removed == []
    assert counting.texts == texts_after_first + 1
    hits = index.retrieve("Helm charts operators", k=3)
    assert hits[0].source == "notes.txt" and "Helm" in hits[0].text
    assert all("pods, deployments" not in h.text for h in hits), "old chunk of the changed file survived"
    assert "guides/rust.md" in [d["source"] for d in index.documents()], "removed without --prune"

    pruned = index.ingest([docs], prune=True)
    assert pruned.removed == ["guides/rust.md"]
    assert sorted(d["source"] for d in index.documents()) == ["notes.txt", "roadmap.md"]
    assert all(h.source != "guides/rust.md" for h in index.retrieve("Rust ownership borrowing lifetimes", k=5))
    assert index.store.count() == index.stats()["chunks"]


def test_rebuild_drops_and_reingests(tmp_path: Path, make_index: MakeIndex) -> None:
    docs = _corpus(tmp_path / "docs")
    index, counting = make_index()
    index.ingest([docs])
    (docs / "notes.txt").unlink()
    report = index.ingest([docs / "roadmap.md"], rebuild=True)
    assert report.added == ["roadmap.md"]
    assert [d["source"] for d in index.documents()] == ["roadmap.md"]
    assert index.store.count() == index.stats()["chunks"] == report.chunks_written


def test_remove_document_and_section(tmp_path: Path, make_index: MakeIndex) -> None:
    index, _ = make_index()
    index.ingest([_corpus(tmp_path / "docs")])
    text = index.section("roadmap.md", ["AI Integration Engineering Path"])
    assert text.startswith("roadmap.md › AI Integration Engineering Path (lines 38-119)")
    assert "### Level 1: Foundation (0-6 months)" in text and "### Level 3: Advanced (12-24 months)" in text
    assert "CI/CD for AI courses" in text and "FAISS documentation" in text
    with pytest.raises(InputError, match="No section"):
        index.section("roadmap.md", ["Nope"])
    assert index.remove_document("notes.txt") is True
    assert index.remove_document("notes.txt") is False
    assert "notes.txt" not in [d["source"] for d in index.documents()]
    assert index.store.count() == index.stats()["chunks"]


def test_interrupted_ingest_leaves_usable_index_and_next_run_completes(
    tmp_path: Path, make_index: MakeIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = _corpus(tmp_path / "docs")
    # embed and commit each document on its own, so the 2nd embedding call is the 2nd document
    monkeypatch.setattr(pipeline, "FLUSH_CHUNKS", 1)
    index, _ = make_index(interrupt_on_call=2, embedding_batch_size=1)
    with pytest.raises(KeyboardInterrupt):
        index.ingest([docs])
    assert [d["source"] for d in index.documents()] == ["guides/rust.md"]
    assert index.retrieve("Rust ownership", k=1)[0].source == "guides/rust.md"

    # simulate a crash between the Chroma write and the SQLite commit: stale vectors for an unrecorded source
    vectors = index.embedder.embed_documents(["stale text"])
    index.lexical.mark_pending(["notes.txt"])
    index.store.upsert(["stale-id-1"], vectors, ["stale text"], [{"source": "notes.txt"}])

    index2, counting2 = make_index(embedding_batch_size=1)
    report = index2.ingest([docs])
    assert report.unchanged == ["guides/rust.md"]
    assert sorted(report.added) == ["notes.txt", "roadmap.md"]
    assert "stale-id-1" not in index2.store.ids_for_source("notes.txt")
    assert index2.store.count() == index2.stats()["chunks"]
    assert index2.lexical.pending_sources() == set()
    assert counting2.calls == 2


def test_model_mismatch_is_a_clear_error(tmp_path: Path, make_index: MakeIndex, embedder: Any) -> None:
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.models import Dense

    index, _ = make_index()
    index.ingest([ROADMAP])
    # a real, different local model: MiniLM with a 384 -> 128 projection, saved to a folder
    base = embedder.model
    projected = SentenceTransformer(modules=[*base, Dense(384, 128)], device="cpu")
    other_dir = tmp_path / "minilm-128"
    projected.save(str(other_dir))
    other_settings = Settings(home=index.settings.home, embedding_model=str(other_dir))
    other = Index(other_settings)
    with pytest.raises(IndexMismatchError) as err:
        other.retrieve("vector databases")
    message = str(err.value)
    assert f"built with all-MiniLM-L6-v2 (dim 384) but RAG_EMBEDDING_MODEL is {other_dir} (dim 128)" in message
    assert "rag ingest --rebuild PATH" in message
    # the stats do not need the model and still say what the index holds
    assert other.stats()["embedding_model"] == "all-MiniLM-L6-v2"
    # rebuilding with the new model works, and then the old model is the mismatching one
    report = other.ingest([ROADMAP], rebuild=True)
    assert report.added == ["ai-ml-mastery-roadmap.md"]
    assert other.retrieve("vector databases", k=1)[0].dense_score is not None
    with pytest.raises(IndexMismatchError, match="dim 128"):
        make_index()[0].retrieve("vector databases")


def test_ingest_missing_path_and_no_paths(make_index: MakeIndex, tmp_path: Path) -> None:
    index, _ = make_index()
    with pytest.raises(InputError, match="does not exist"):
        index.ingest([tmp_path / "nope"])
    with pytest.raises(InputError, match="No path"):
        index.ingest([])


def test_progress_callback_and_ensure_bundled(make_index: MakeIndex, tmp_path: Path) -> None:
    index, _ = make_index()
    seen: list[tuple[int, int, str]] = []
    report = index.ensure_bundled()
    assert report is not None and report.added == ["ai-ml-mastery-roadmap.md"]
    assert index.ensure_bundled() is None
    index.ingest([_corpus(tmp_path / "docs")], progress=lambda d, t, p: seen.append((d, t, p)))
    assert [s[0] for s in seen] == [1, 2, 3] and all(s[1] == 3 for s in seen)


def test_a_document_indexed_with_an_older_chunk_format_is_re_embedded(make_settings, tmp_path: Path) -> None:
    """Issue 17 changed what is embedded (title + heading path): an index built by an older version must not
    keep its stale vectors just because the file did not change."""
    from rag.index import Index
    from rag.ingest.chunking import CHUNK_FORMAT

    settings = make_settings(home=tmp_path / "home-format")
    doc = tmp_path / "docs" / "guide.md"
    doc.parent.mkdir()
    doc.write_text("# Guide\n\n## Setup\n\nInstall Python and Git.\n")
    index = Index(settings)
    assert index.ingest([doc.parent]).added == ["guide.md"]
    assert index.lexical.document("guide.md").doc_hash.endswith(f":{CHUNK_FORMAT}")
    assert index.ingest([doc.parent]).unchanged == ["guide.md"]
    # what an older version recorded: the file's hash alone
    raw = index.lexical.document("guide.md").doc_hash.rsplit(":", 1)[0]
    index.lexical.conn.execute("UPDATE documents SET doc_hash = ? WHERE source = ?", (raw, "guide.md"))
    report = index.ingest([doc.parent])
    assert report.updated == ["guide.md"] and report.chunks_written > 0
