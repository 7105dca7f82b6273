"""OpenAI-compatible chat servers: the only module importing ``langchain_openai`` / ``openai``.

Two users: the embedded model's own process (:mod:`rag.llm.llamacpp` talks to llama.cpp's server through
:func:`make_openai_chat`), and ``RAG_LLM=openai``, any OpenAI-compatible server the user runs (vLLM,
llama-server, LM Studio, a remote GPU box) at ``RAG_OPENAI_URL``. Failures surface as
:mod:`rag.errors` (``LLMUnavailableError`` when the server cannot be reached, ``LLMError`` while
answering), never as ``openai`` / ``httpx`` errors. :func:`probe_openai` asks ``GET {url}/models``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import openai
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.messages import BaseMessage
from langchain_core.outputs import ChatGenerationChunk, ChatResult
from langchain_openai.chat_models.base import BaseChatOpenAI

from rag.errors import LLMError, LLMUnavailableError, RagError

log = logging.getLogger(__name__)

PROBE_TIMEOUT_S = 3.0
CONNECT_TIMEOUT_S = 5.0


def map_openai_error(err: BaseException, where: str, timeout_s: float, advice: str) -> RagError:
    """Turn an ``openai`` / ``httpx`` failure into a domain error; ``where`` names the server."""
    if isinstance(err, RagError):
        return err
    where = where[:1].upper() + where[1:]
    if isinstance(err, openai.APITimeoutError):
        return LLMError(f"{where} sent nothing for {timeout_s:g} s: the machine may be busy; try again, {advice}.")
    if isinstance(err, openai.APIConnectionError):
        cause = err.__cause__ or err.__context__
        return LLMUnavailableError(f"{where} is not reachable ({cause or err}): {advice}.")
    if isinstance(err, openai.NotFoundError):
        return LLMUnavailableError(f"{where} answered 404 ({_message(err)}): check the model name and URL; {advice}.")
    if isinstance(err, openai.BadRequestError):
        return LLMError(
            f"{where} refused the prompt ({_message(err)}): retrieve fewer passages (lower RAG_K) or give the "
            "model a larger context window (RAG_N_CTX)."
        )
    if isinstance(err, openai.APIStatusError):
        return LLMError(f"{where} answered HTTP {err.status_code} ({_message(err)}): try again; {advice}.")
    return LLMError(f"The answer stream from {where[:1].lower() + where[1:]} broke ({type(err).__name__}: {err}): try again; {advice}.")


def _message(err: openai.APIStatusError) -> str:
    body = err.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            return str(inner["message"])
    return str(err.message)


class RagChatOpenAI(BaseChatOpenAI):
    """An OpenAI-compatible chat model whose failures surface as :mod:`rag.errors`.

    Based on ``BaseChatOpenAI`` (not ``ChatOpenAI``) so the request carries ``max_tokens``, which every
    OpenAI-compatible server understands, rather than OpenAI's newer ``max_completion_tokens``.
    """

    rag_where: str = "the OpenAI-compatible server"
    rag_advice: str = "check the server, or set RAG_LLM=llamacpp"

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except RagError:
            raise
        except Exception as err:  # noqa: BLE001 - every client failure becomes a domain error
            timeout = self.request_timeout if isinstance(self.request_timeout, int | float) else 0
            raise map_openai_error(err, self.rag_where, float(timeout), self.rag_advice) from err

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


def make_openai_chat(
    base_url: str,
    model: str,
    *,
    api_key: str = "not-needed",
    timeout_s: float = 120.0,
    temperature: float = 0.0,
    max_tokens: int = 320,
    where: str | None = None,
    advice: str = "check the server, or set RAG_LLM=llamacpp",
) -> RagChatOpenAI:
    """A chat model for the OpenAI-compatible server at ``base_url`` (e.g. ``http://127.0.0.1:8080/v1``).

    ``timeout_s`` is the longest wait for the next bytes of an answer (a hung server ends the answer);
    no retries: the chain decides what happens next.
    """
    return RagChatOpenAI(
        base_url=base_url,
        api_key=api_key or "not-needed",  # type: ignore[arg-type]
        model=model or "default",
        temperature=temperature,
        max_tokens=max_tokens,
        timeout=timeout_s,
        max_retries=0,
        rag_where=where or f"the OpenAI-compatible server at {base_url}",
        rag_advice=advice,
    )


@dataclass
class OpenAIProbe:
    """What ``GET {url}/models`` said. ``error`` is the domain error to raise if the server is required."""

    url: str
    reachable: bool = False
    models: list[str] = field(default_factory=list)
    error: RagError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def detail(self) -> str:
        if self.error is not None:
            return str(self.error)
        return f"OpenAI-compatible server at {self.url} serves {', '.join(self.models) or 'a model'}"


def probe_openai(url: str | None, api_key: str = "", model: str = "", timeout_s: float = PROBE_TIMEOUT_S) -> OpenAIProbe:
    """Ask the server for its models (short timeout); never raises, see ``OpenAIProbe.error``."""
    if not url:
        return OpenAIProbe("", error=LLMUnavailableError(
            "No OpenAI-compatible server is configured: set RAG_OPENAI_URL (e.g. http://127.0.0.1:8080/v1)."
        ))
    base = url.rstrip("/")
    result = OpenAIProbe(base)
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    try:
        response = httpx.get(f"{base}/models", headers=headers, timeout=timeout_s)
        response.raise_for_status()
        result.models = [str(m.get("id")) for m in response.json().get("data", []) if isinstance(m, dict)]
    except httpx.ConnectError as err:
        result.error = LLMUnavailableError(
            f"The OpenAI-compatible server at {base} is not reachable ({err}): start it, or fix RAG_OPENAI_URL."
        )
    except httpx.TimeoutException:
        result.error = LLMUnavailableError(
            f"The OpenAI-compatible server at {base} did not answer GET /models within {timeout_s:g} s: "
            "check that it runs, or fix RAG_OPENAI_URL."
        )
    except httpx.HTTPStatusError as err:
        result.error = LLMUnavailableError(
            f"The server at {base} answered GET /models with HTTP {err.response.status_code}: check that "
            "RAG_OPENAI_URL is its OpenAI API base (usually ending in /v1) and RAG_OPENAI_API_KEY."
        )
    except (httpx.HTTPError, ValueError, AttributeError) as err:
        result.error = LLMUnavailableError(
            f"The server at {base} gave an unexpected answer to GET /models ({err}): check RAG_OPENAI_URL."
        )
    else:
        result.reachable = True
        if model and result.models and model not in result.models:
            result.error = LLMUnavailableError(
                f"The OpenAI-compatible server at {base} does not serve {model!r} (it has: "
                f"{', '.join(result.models)}): set RAG_OPENAI_MODEL to one of them."
            )
    return result


__all__ = ["OpenAIProbe", "RagChatOpenAI", "make_openai_chat", "map_openai_error", "probe_openai"]
