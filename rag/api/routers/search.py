"""``POST /v1/search``: retrieval only (the hybrid top-k the chat answers from), with an optional label filter."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from rag.api.deps import get_services
from rag.api.schemas import SearchRequest, SearchResponse
from rag.services import Services

router = APIRouter(prefix="/v1", tags=["search"])


@router.post("/search", response_model=SearchResponse)
def search(body: SearchRequest, services: Annotated[Services, Depends(get_services)]) -> SearchResponse:
    """The passages retrieved for ``query`` (as ``rag search --json``), best first, with their line ranges."""
    hits = services.index.retrieve(body.query, k=body.k, filter=body.filter)
    return SearchResponse.model_validate({"query": body.query, "data": [h.to_json() for h in hits]})
