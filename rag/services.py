"""The service container built once at an entry point (CLI command, app.py, a test) from Settings.

Heavy objects are created lazily on first use, so ``rag status`` never loads torch and the UI
can cache the whole container with ``st.cache_resource`` (in app.py only).
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from rag.settings import Settings

if TYPE_CHECKING:  # pragma: no cover
    from rag.chain import Assistant
    from rag.embeddings import Embedder
    from rag.index import Index


class Services:
    def __init__(self, settings: Settings):
        self.settings = settings

    @cached_property
    def embedder(self) -> Embedder:
        from rag.embeddings import make_embedder

        return make_embedder(self.settings)

    @cached_property
    def index(self) -> Index:
        from rag.index import Index

        return Index(self.settings, embedder_factory=lambda: self.embedder)

    @cached_property
    def assistant(self) -> Assistant:
        from rag.chain import Assistant

        return Assistant(self.settings, self.index)
