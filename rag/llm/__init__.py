"""Generator backends: Ollama (remote/local server), embedded llama.cpp models, or extractive (no LLM).

``select_backend(settings, requested)`` returns a :class:`SelectedBackend` with a LangChain chat model
(``None`` for extractive) and a ``note`` saying why it was chosen. Both chat models raise
:mod:`rag.errors` (``LLMUnavailableError`` / ``LLMError``) from ``.stream()`` / ``.invoke()``.
See docs/llm-backends.md.
"""

from __future__ import annotations

from rag.llm.select import (
    BackendKind,
    BackendStatus,
    SelectedBackend,
    backend_status,
    select_backend,
    sized_for_prompt,
)

__all__ = [
    "BackendKind",
    "BackendStatus",
    "SelectedBackend",
    "backend_status",
    "select_backend",
    "sized_for_prompt",
]
