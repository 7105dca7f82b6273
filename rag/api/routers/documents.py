"""``/v1/documents``: list, upload (multipart, the Documents page's checks) and remove indexed documents."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, UploadFile

from rag.api.deps import get_services
from rag.api.errors import ApiError
from rag.api.schemas import DeletedDocument, DocumentList, IngestResult
from rag.services import Services
from rag.uploads import Upload, UploadRejected, ingest_uploads, remove_document

router = APIRouter(prefix="/v1", tags=["documents"])

_REJECTED = {"type": 415, "size": 413, "empty": 400}


@router.get("/documents", response_model=DocumentList)
def list_documents(services: Annotated[Services, Depends(get_services)]) -> DocumentList:
    """Indexed documents: source, chunks, ingested_at (epoch seconds), path, doc_hash."""
    return DocumentList.model_validate({"data": services.index.documents()})


@router.post(
    "/documents",
    response_model=IngestResult,
    responses={400: {"description": "empty or unreadable file"}, 413: {"description": "file over RAG_UPLOAD_MAX_MB"},
               415: {"description": "not .md/.markdown/.txt/.pdf/.html/.htm"}},
)
def upload_documents(
    files: Annotated[list[UploadFile], File(description="One or more Markdown, text, PDF or HTML files.")],
    services: Annotated[Services, Depends(get_services)],
) -> IngestResult:
    """Index uploaded files. Every file is checked first (type 415, size 413, empty 400) and nothing is written
    when one fails; a file the ingester cannot read is removed again and reported as 400."""
    uploads = [Upload(f.filename or "upload", f.file.read()) for f in files]
    try:
        report = ingest_uploads(services.settings, services.index, uploads)
    except UploadRejected as err:
        status = max(_REJECTED[p.kind] for p in err.problems)
        raise ApiError(status, str(err), param="files") from err
    unreadable = [f"{path}: {reason}" for path, reason in report.skipped]
    if unreadable:
        indexed = sorted(set(report.added + report.updated + report.unchanged))
        also = f" The other file(s) were indexed: {', '.join(indexed)}." if indexed else " Nothing was indexed."
        raise ApiError(400, "Could not index " + "; ".join(unreadable) + "." + also, code="unreadable_document",
                       param="files")
    return IngestResult(report=report.to_json(), summary=report.summary_lines())


@router.delete("/documents/{source:path}", response_model=DeletedDocument)
def delete_document(source: str, services: Annotated[Services, Depends(get_services)]) -> DeletedDocument:
    """Remove one document (its ``source`` as listed by ``GET /v1/documents``) from the index."""
    if not remove_document(services.settings, services.index, source):
        raise ApiError(404, f"No document {source!r} is indexed: GET /v1/documents lists the sources.",
                       code="document_not_found", param="source")
    return DeletedDocument(id=source, deleted=True)
