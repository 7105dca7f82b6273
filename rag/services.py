"""The service container built once at an entry point (CLI command, app.py, a test) from Settings.

Heavy objects are created lazily on first use, so ``rag status`` never loads torch and the UI
can cache the whole container with ``st.cache_resource`` (in app.py only).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

from rag.schema import Answer, Turn
from rag.settings import Settings

if TYPE_CHECKING:  # pragma: no cover
    from rag.chain import Assistant
    from rag.embeddings import Embedder
    from rag.index import Index


DEFAULT_PROFILE = "default"


class Services:
    def __init__(self, settings: Settings, profile: str = DEFAULT_PROFILE):
        self.settings = settings
        #: the learner profile whose progress answers "what should I learn next?" in the chat;
        #: the UI sidebar and ``rag ask --profile`` change it.
        self.profile = profile
        self._mentor_handlers: dict[str, list[Any]] = {}

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

        return Assistant(self.settings, self.index, intent_handlers=[self._mentor_intent])

    def _mentor_intent(self, question: str, history: Sequence[Turn] = ()) -> Answer | None:
        """Career questions about the learner's own progress, answered from the current profile."""
        from rag.career.intents import make_intent_handlers

        handlers = self._mentor_handlers.get(self.profile)
        if handlers is None:
            handlers = self._mentor_handlers[self.profile] = make_intent_handlers(
                self.settings, self.profile, embedder=lambda: self.embedder
            )
        for handler in handlers:
            answer = handler(question, history)
            if answer is not None:
                return answer
        return None
