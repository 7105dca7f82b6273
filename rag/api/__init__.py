"""The HTTP API edge (FastAPI): OpenAI-compatible chat with citations, search, documents, eval, health.

Only this package (and ``rag/cli/serve_cmd.py``, which starts it) imports fastapi/starlette/uvicorn.
See docs/api.md.
"""

from rag.api.app import create_app

__all__ = ["create_app"]
