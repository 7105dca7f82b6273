"""The Ollama backend: the only module importing ``langchain_ollama`` / ``ollama``.

:func:`make_ollama_chat` builds a ``ChatOllama`` with an explicit ``num_ctx`` (Ollama's default context
silently truncates long RAG prompts) and maps every client failure to a domain error, so ``.stream()``,
``.invoke()`` and LCEL raise :class:`LLMUnavailableError` / :class:`LLMError` with the next step.
:func:`probe_ollama` asks ``GET /api/tags`` whether the server answers and has the model.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.messages import BaseMessage
from langchain_core.outputs import ChatGenerationChunk, ChatResult
from langchain_ollama import ChatOllama
from ollama import ResponseError

from rag.errors import LLMError, LLMUnavailableError, RagError
from rag.settings import Settings

log = logging.getLogger(__name__)

MIN_NUM_CTX = 2048
PROBE_TIMEOUT_S = 3.0
_CHARS_PER_TOKEN = 3.0  # conservative for English prose + Markdown (real ratio is about 4)


def estimate_tokens(text: str) -> int:
    """A conservative token estimate for sizing ``num_ctx`` without the remote model's tokenizer."""
    return math.ceil(len(text) / _CHARS_PER_TOKEN)


def num_ctx_for(prompt_tokens_estimate: int, max_tokens: int, cap: int) -> int:
    """The context to request: prompt + answer, rounded up to a power of two >= 2048, at most ``cap``."""
    needed = max(prompt_tokens_estimate + max_tokens, 1)
    size = MIN_NUM_CTX
    while size < needed:
        size *= 2
    return min(size, cap)


def _matches(wanted: str, available: str) -> bool:
    def norm(name: str) -> str:
        return name.removesuffix(":latest")

    return norm(wanted) == norm(available)


@dataclass
class ProbeResult:
    """What ``GET /api/tags`` told us. ``error`` is the domain error to raise if Ollama is required."""

    url: str
    model: str
    reachable: bool
    has_model: bool
    models: list[str] = field(default_factory=list)
    detail: str = ""
    error: RagError | None = None

    @property
    def ok(self) -> bool:
        return self.reachable and self.has_model


def _unreachable(settings: Settings, reason: str) -> LLMUnavailableError:
    return LLMUnavailableError(
        f"Ollama is not reachable at {settings.ollama_url} ({reason}): start it with `ollama serve` "
        "or set RAG_OLLAMA_URL."
    )


def _not_pulled(settings: Settings, available: list[str] | None = None) -> LLMUnavailableError:
    have = f" (it has: {', '.join(available) or 'no models'})" if available is not None else ""
    return LLMUnavailableError(
        f"Ollama model {settings.ollama_model} is not pulled at {settings.ollama_url}{have}: "
        f"run `ollama pull {settings.ollama_model}` or set RAG_OLLAMA_MODEL."
    )


def _timed_out(settings: Settings, seconds: float, during: str) -> str:
    return (
        f"Ollama did not answer within {seconds:g} s at {settings.ollama_url} ({during}): the model may still be "
        "loading or the machine is busy; try again, raise RAG_OLLAMA_TIMEOUT_S, or use RAG_LLM=llamacpp."
    )


def _connect_reason(err: BaseException) -> str:
    text = str(err)
    if "refused" in f"{text} {err.__context__ or ''}".lower():  # ollama re-raises httpx's error "from None"
        return "connection refused"
    return f"cannot connect: {text}" if isinstance(err, httpx.ConnectError) else "cannot connect"


def probe_ollama(settings: Settings, timeout_s: float | None = None) -> ProbeResult:
    """Ask the server for its models (short timeout). Never raises; see ``ProbeResult.error``."""
    timeout = timeout_s if timeout_s is not None else min(PROBE_TIMEOUT_S, settings.ollama_timeout_s)
    url = settings.ollama_url.rstrip("/")
    result = ProbeResult(url=url, model=settings.ollama_model, reachable=False, has_model=False)
    try:
        response = httpx.get(f"{url}/api/tags", timeout=timeout)
        response.raise_for_status()
        names = [str(m.get("name") or m.get("model")) for m in response.json().get("models", [])]
    except httpx.ConnectError as err:
        result.error = _unreachable(settings, _connect_reason(err))
    except httpx.TimeoutException:
        result.error = LLMUnavailableError(_timed_out(settings, timeout, "listing models"))
    except httpx.HTTPStatusError as err:
        result.error = LLMUnavailableError(
            f"Ollama at {url} answered GET /api/tags with HTTP {err.response.status_code}: check that "
            "RAG_OLLAMA_URL points at an Ollama server and look at its log."
        )
    except (httpx.HTTPError, ValueError, AttributeError) as err:
        result.error = _unreachable(settings, f"unexpected answer: {err}")
    else:
        result.reachable = True
        result.models = names
        result.has_model = any(_matches(settings.ollama_model, name) for name in names)
        if not result.has_model:
            result.error = _not_pulled(settings, names)
    result.detail = f"Ollama at {url} has {settings.ollama_model}" if result.ok else str(result.error)
    return result


def map_ollama_error(err: BaseException, settings: Settings) -> RagError:
    """Turn an ``ollama`` / ``httpx`` failure into a domain error whose message says what to do."""
    if isinstance(err, RagError):
        return err
    if isinstance(err, ResponseError):
        text = str(err.error)
        if err.status_code == 404 or ("not found" in text and "model" in text):
            return _not_pulled(settings)
        if err.status_code == -1:  # an {"error": ...} line inside the NDJSON stream
            return LLMError(
                f"Ollama reported an error while answering: {text}. Try again; if it repeats, check the "
                "Ollama server log or use RAG_LLM=llamacpp."
            )
        return LLMError(
            f"Ollama answered HTTP {err.status_code}: {text}. Check the Ollama server log, or use RAG_LLM=llamacpp."
        )
    if isinstance(err, httpx.TimeoutException):
        return LLMError(_timed_out(settings, settings.ollama_timeout_s, "answering"))
    if isinstance(err, ConnectionError | httpx.ConnectError):
        return _unreachable(settings, _connect_reason(err))
    if isinstance(err, httpx.HTTPError | json.JSONDecodeError):
        return LLMError(
            f"The answer stream from Ollama at {settings.ollama_url} broke ({type(err).__name__}: {err}): "
            "try again; if it repeats, check the Ollama server log."
        )
    return LLMError(
        f"Ollama failed while answering ({type(err).__name__}: {err}): try again or use RAG_LLM=llamacpp."
    )


_OLLAMA_ERRORS = (ResponseError, httpx.HTTPError, ConnectionError, json.JSONDecodeError)


@contextmanager
def ollama_errors(settings: Settings) -> Iterator[None]:
    """Context manager: re-raise Ollama client failures as domain errors."""
    try:
        yield
    except _OLLAMA_ERRORS as err:
        raise map_ollama_error(err, settings) from err


def wrap_ollama_errors(iterator: Iterator[Any], settings: Settings) -> Iterator[Any]:
    """Iterate ``iterator`` (e.g. ``chat.stream(...)``), mapping Ollama failures to domain errors."""
    with ollama_errors(settings):
        yield from iterator


class RagChatOllama(ChatOllama):
    """``ChatOllama`` whose failures surface as :mod:`rag.errors` (LLMUnavailableError / LLMError)."""

    rag_settings: Settings | None = None

    def _errors(self) -> Any:
        settings = self.rag_settings or Settings(ollama_url=self.base_url or "", ollama_model=self.model)
        return ollama_errors(settings)

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        with self._errors():
            yield from super()._stream(messages, stop=stop, run_manager=run_manager, **kwargs)

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        with self._errors():
            return super()._generate(messages, stop=stop, run_manager=run_manager, **kwargs)


def make_ollama_chat(settings: Settings, num_ctx: int | None = None) -> ChatOllama:
    """A ``ChatOllama`` for ``settings.ollama_model`` at ``settings.ollama_url`` with an explicit ``num_ctx``.

    ``num_ctx`` defaults to ``settings.n_ctx``; size it per prompt with :func:`num_ctx_for`.
    """
    return RagChatOllama(
        base_url=settings.ollama_url,
        model=settings.ollama_model,
        num_ctx=num_ctx or settings.n_ctx,
        temperature=settings.temperature,
        num_predict=settings.max_tokens,
        client_kwargs={"timeout": settings.ollama_timeout_s},
        rag_settings=settings,
    )


__all__ = [
    "ProbeResult",
    "RagChatOllama",
    "estimate_tokens",
    "make_ollama_chat",
    "map_ollama_error",
    "num_ctx_for",
    "ollama_errors",
    "probe_ollama",
    "wrap_ollama_errors",
]
