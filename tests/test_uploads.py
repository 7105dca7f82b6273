"""rag/uploads.py: the upload checks shared by the Documents page and POST /v1/documents, and their rollback."""

from __future__ import annotations

import pytest

from rag.index import Index
from rag.uploads import Upload, UploadRejected, check_upload, ingest_uploads, remove_document


def test_check_upload_names_the_kind_of_problem(make_settings) -> None:  # noqa: ANN001
    settings = make_settings(upload_max_mb=1)
    assert check_upload("notes.MD", 10, settings) is None
    assert check_upload("archive.zip", 10, settings).kind == "type"
    assert check_upload("big.pdf", 2 * 1024 * 1024, settings).kind == "size"
    assert check_upload("empty.txt", 0, settings).kind == "empty"


def test_one_bad_file_writes_nothing_and_an_unreadable_one_is_rolled_back(make_settings, embedder) -> None:  # noqa: ANN001
    settings = make_settings()
    index = Index(settings, embedder_factory=lambda: embedder)
    good = Upload("guide.md", b"# Guide\n\nStudy linear algebra before deep learning.\n")
    with pytest.raises(UploadRejected) as caught:
        ingest_uploads(settings, index, [good, Upload("tool.exe", b"MZ")])
    assert [p.kind for p in caught.value.problems] == ["type"]
    assert not settings.uploads_dir.exists() or not any(settings.uploads_dir.iterdir())
    report = ingest_uploads(settings, index, [good, Upload("broken.pdf", b"%PDF-1.4 not a pdf")])
    assert report.added == ["guide.md"] and [p for p, _ in report.skipped] and "broken.pdf" in report.skipped[0][0]
    assert sorted(p.name for p in settings.uploads_dir.iterdir()) == ["guide.md"]  # the unreadable file is gone
    assert [d["source"] for d in index.documents()] == ["guide.md"]
    assert remove_document(settings, index, "guide.md") is True
    assert index.documents() == [] and not (settings.uploads_dir / "guide.md").exists()
    assert remove_document(settings, index, "guide.md") is False
