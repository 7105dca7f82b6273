"""``rag serve``: the HTTP API (rag/api) in uvicorn, one process, one Services container."""

from __future__ import annotations

from typing import Annotated

import typer

from rag.errors import ConfigError


def check_bind(host: str, has_keys: bool) -> None:
    """Refuse to listen beyond loopback without API keys (anyone on the network could use the server)."""
    from rag.api.guard import is_loopback

    if not has_keys and not is_loopback(host):
        raise ConfigError(
            f"Refusing to listen on {host} without API keys: anyone who can reach it could use the server. "
            "Set RAG_API_KEYS=token1,token2 (clients send Authorization: Bearer TOKEN), or serve on 127.0.0.1."
        )


def serve(
    host: Annotated[str | None, typer.Option("--host", help="Address to bind (default RAG_API_HOST, 127.0.0.1).")] = None,
    port: Annotated[
        int | None, typer.Option("--port", min=0, max=65535, help="Port to listen on (default RAG_API_PORT, 8000).")
    ] = None,
    ingest_if_empty: Annotated[
        bool, typer.Option("--ingest-if-empty", help="Index the bundled roadmap (RAG_CORPUS) first when the index is empty.")
    ] = False,
    log_level: Annotated[str, typer.Option("--log-level", help="uvicorn log level: warning, info, debug ...")] = "info",
) -> None:
    """Serve the HTTP API: OpenAI-compatible /v1/chat/completions, /v1/search, /v1/documents, /v1/eval (docs/api.md)."""
    import uvicorn

    from rag.api import create_app
    from rag.settings import Settings

    settings = Settings()
    host = host or settings.api_host
    port = settings.api_port if port is None else port
    check_bind(host, bool(settings.api_key_set))
    app = create_app(settings, ingest_if_empty=ingest_if_empty)
    typer.echo(f"Roadmap Mentor API on http://{host}:{port} (docs: http://{host}:{port}/docs)", err=True)
    uvicorn.run(app, host=host, port=port, log_level=log_level, timeout_graceful_shutdown=5)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
