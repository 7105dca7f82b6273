"""Domain errors. Each message says what happened and what to do next.

The core raises these; the edges (CLI, app.py) turn them into one clear line / an ``st.error`` banner.
"""

from __future__ import annotations


class RagError(Exception):
    """Base class: ``str(err)`` is a complete, user-facing sentence with the next step."""

    exit_code = 1


class ConfigError(RagError):
    """A setting is wrong or a required file is missing."""


class IndexMismatchError(RagError):
    """The index was built with another embedding model than the one configured."""


class EmptyIndexError(RagError):
    """Nothing is indexed yet."""


class StoreUnavailableError(RagError):
    """The Chroma server (RAG_CHROMA_URL) cannot be reached."""


class ModelUnavailableError(RagError):
    """A model (embedding or LLM) is not installed / cannot be loaded."""


class LLMUnavailableError(RagError):
    """The LLM backend cannot be reached or has no model; the caller may fall back."""


class LLMError(RagError):
    """The LLM failed while answering (timeout, error mid-stream)."""


class ModelStartingError(LLMUnavailableError):
    """The embedded model's process is still starting; the caller may answer without it meanwhile."""


class ModelProcessError(LLMError):
    """The embedded model's process crashed or hung while answering.

    ``restarted`` says whether a fresh process is already up, so the caller may ask again once.
    """

    def __init__(self, message: str, restarted: bool = False):
        super().__init__(message)
        self.restarted = restarted


class InputError(RagError):
    """Bad user input (a malformed JSONL line, an unknown profile ...)."""

    exit_code = 2


__all__ = [
    "RagError",
    "ConfigError",
    "IndexMismatchError",
    "EmptyIndexError",
    "StoreUnavailableError",
    "ModelUnavailableError",
    "LLMUnavailableError",
    "LLMError",
    "ModelStartingError",
    "ModelProcessError",
    "InputError",
]
