"""``GET /healthz`` (the process answers) and ``GET /readyz`` (the index has chunks and a backend answers)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from rag.api.deps import get_services
from rag.api.schemas import Health, Readiness
from rag.errors import RagError
from rag.services import Services

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health)
async def healthz() -> Health:
    """200 while the process serves requests (no key needed)."""
    return Health()


def _readiness(services: Services) -> tuple[bool, dict[str, Any]]:
    problems: list[str] = []
    index: dict[str, Any] = {}
    backend, note = None, ""
    try:
        index = services.index.stats()
        if not index.get("chunks"):
            problems.append("nothing is indexed: run `rag ingest PATH` (or start with `rag serve --ingest-if-empty`)")
    except RagError as err:
        problems.append(str(err))
    try:
        from rag.chain import backend_label

        choice = services.assistant.select()
        backend, note = backend_label(choice), choice.note
    except RagError as err:
        problems.append(str(err))
    body = Readiness(ready=not problems, index=index, backend=backend, backend_note=note, problems=problems)
    return not problems, body.model_dump()


@router.get("/readyz", response_model=Readiness, responses={503: {"model": Readiness}})
async def readyz(services: Annotated[Services, Depends(get_services)]) -> JSONResponse:
    """200 when the index has chunks and the configured backend (RAG_LLM) is selected; else 503 with the problems."""
    ready, body = await run_in_threadpool(_readiness, services)
    return JSONResponse(body, 200 if ready else 503)
