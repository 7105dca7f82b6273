"""The HTTP API application: ``create_app(settings)`` builds the FastAPI app; ``rag serve`` runs it in uvicorn.

One :class:`~rag.services.Services` per process, built in the lifespan (or passed in by a test), shared
by every request: the Index serialises its own state, the llama.cpp model serialises generation. The
routers translate HTTP to core calls and back; nothing else lives here.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager

from fastapi import FastAPI

from rag.api.errors import install_error_handlers
from rag.api.guard import Guard
from rag.api.routers import chat, documents, evaluation, health, search
from rag.services import Services
from rag.settings import Settings

log = logging.getLogger(__name__)

STREAM_WORKERS = 8  # answers streamed at once; more wait for a free worker


def warm_up(services: Services) -> None:
    """Load the embedding model and select the default backend, so the first request is not slow."""
    try:
        if services.index.stats()["chunks"]:
            services.index.query_vector("warm up")
            services.assistant.select()
    except Exception as err:  # noqa: BLE001 - a failed warm-up shows up in /readyz and in the requests
        log.warning("warm-up failed: %s", err)


def create_app(settings: Settings, services: Services | None = None, *, ingest_if_empty: bool = False) -> FastAPI:
    """The API app over ``services`` (built from ``settings`` at startup when not given)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.services = services or Services(settings)
        if ingest_if_empty:
            report = app.state.services.index.ensure_bundled()
            if report is not None:
                log.info("indexed %s", "; ".join(report.summary_lines()))
        app.state.executor = ThreadPoolExecutor(STREAM_WORKERS, thread_name_prefix="rag-api-stream")
        threading.Thread(target=warm_up, args=(app.state.services,), name="rag-api-warm-up", daemon=True).start()
        try:
            yield
        finally:
            app.state.executor.shutdown(wait=False, cancel_futures=True)

    app = FastAPI(
        title="Roadmap Mentor API",
        version="1",
        summary="OpenAI-compatible chat with citations, search, documents and evaluation over your roadmap documents.",
        description="See docs/api.md. Errors use OpenAI's shape: {\"error\": {\"message\", \"type\", \"param\", \"code\"}}.",
        lifespan=lifespan,
    )
    install_error_handlers(app)
    for router in (chat.router, search.router, documents.router, evaluation.router, health.router):
        app.include_router(router)
    app.add_middleware(
        Guard,
        keys=settings.api_key_set,
        rate_limit=settings.api_rate_limit,
        max_body_bytes=int(settings.api_max_body_mb * 1024 * 1024),
    )
    return app


__all__ = ["create_app", "warm_up"]
