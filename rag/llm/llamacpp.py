"""The embedded llama.cpp backend: a LangChain chat model over the model's own child process.

The model runs in a separate process (:mod:`rag.llm.process`: llama.cpp's server from the prebuilt
``xllamacpp`` wheel, on a free loopback port); ``ChatLlamaCpp`` streams from it over the OpenAI chat API
(:mod:`rag.llm.openai_api`). The GGUF carries Qwen's chat template, which the server applies.

When the process crashes or hangs during a call, ``ChatLlamaCpp`` restarts it and raises
:class:`~rag.errors.ModelProcessError` (``restarted=True`` when a fresh process answers), so the chain
can ask once more or answer extractively, saying why. llama.cpp's server queues concurrent requests,
so any number of threads may share one ``ChatLlamaCpp``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import httpx
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel, generate_from_stream
from langchain_core.messages import AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGenerationChunk, ChatResult
from pydantic import PrivateAttr

from rag.errors import LLMError, ModelProcessError, RagError
from rag.llm.models import model_name
from rag.llm.openai_api import make_openai_chat
from rag.llm.process import DEFAULT_START_WAIT_S, ModelProcess, model_process, start_wait_s
from rag.settings import Settings

log = logging.getLogger(__name__)

# Tokens the chat template adds around each message (<|im_start|>role\n ... <|im_end|>\n) and for the
# default system prompt Qwen inserts when none is given. Deliberately generous.
_PER_MESSAGE_TOKENS = 8
_TEMPLATE_TOKENS = 32
_HELPER_TIMEOUT_S = 30.0
_EXIT_GRACE_S = 2.0  # a killed process closes its sockets a moment before it can be reaped


def _role(message: BaseMessage) -> str:
    return {"human": "user", "ai": "assistant", "system": "system"}.get(message.type, "user")


def _text(message: BaseMessage) -> str:
    content = message.content
    if isinstance(content, str):
        return content
    return "".join(part if isinstance(part, str) else str(part.get("text", "")) for part in content)


def to_chat_messages(messages: list[BaseMessage]) -> list[dict[str, str]]:
    """LangChain messages -> the OpenAI-style dicts llama.cpp's chat endpoint takes."""
    return [{"role": _role(m), "content": _text(m)} for m in messages]


class ChatLlamaCpp(BaseChatModel):
    """The embedded GGUF model, served by its own process, as a LangChain chat model.

    Per-call overrides: ``max_tokens=`` and ``temperature=`` keyword arguments.
    """

    model_name: str
    n_ctx: int = 4096
    temperature: float = 0.0
    max_tokens: int = 320
    timeout_s: float = 120.0
    start_wait_s: float = 300.0

    _process: ModelProcess = PrivateAttr()
    _clients: dict[str, BaseChatModel] = PrivateAttr(default_factory=dict)

    def __init__(self, process: ModelProcess, **data: Any):
        super().__init__(**data)
        self._process = process

    @property
    def process(self) -> ModelProcess:
        return self._process

    @property
    def model_path(self) -> str:
        """The GGUF file the process serves."""
        return self._process.model_path

    @property
    def _llm_type(self) -> str:
        return "llamacpp"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {
            "model_name": self.model_name,
            "n_ctx": self.n_ctx,
            "temperature": self.temperature,
            "max_tokens": self.max_tokens,
        }

    # --- helpers over the server's own endpoints ----------------------------------------------
    def _post(self, path: str, body: dict[str, Any]) -> Any:
        url = self._process.wait_ready(self.start_wait_s)
        try:
            response = httpx.post(f"{url}{path}", json=body, timeout=_HELPER_TIMEOUT_S)
            response.raise_for_status()
            return response.json()
        except (httpx.HTTPError, ValueError) as err:
            raise LLMError(f"The embedded model's server failed on {path} ({err}): try again.") from err

    def count_tokens(self, text: str) -> int:
        """Tokens in ``text`` by the model's own tokenizer."""
        return len(self._post("/tokenize", {"content": text, "add_special": False, "parse_special": True})["tokens"])

    def count_prompt_tokens(self, messages: list[BaseMessage]) -> int:
        """Tokens the chat prompt takes, including a generous allowance for the chat template."""
        return _TEMPLATE_TOKENS + sum(self.count_tokens(_text(m)) + _PER_MESSAGE_TOKENS for m in messages)

    def apply_template(self, messages: list[BaseMessage]) -> str:
        """The prompt text the server builds from ``messages`` with the GGUF's chat template."""
        return str(self._post("/apply-template", {"messages": to_chat_messages(messages)})["prompt"])

    # --- generation ---------------------------------------------------------------------------
    def _client(self, url: str) -> BaseChatModel:
        client = self._clients.get(url)
        if client is None:
            self._clients.clear()  # a restarted process listens on a new port
            client = self._clients[url] = make_openai_chat(
                f"{url}/v1",
                self.model_name,
                timeout_s=self.timeout_s,
                temperature=self.temperature,
                max_tokens=self.max_tokens,
                where=f"the embedded model {self.model_name}",
                advice="or use RAG_LLM=extractive",
            )
        return client

    def _ready(self) -> tuple[str, int]:
        """The running server's URL and generation, restarting a process that stopped while idle."""
        process = self._process
        url = process.wait_ready(self.start_wait_s)
        generation = process.generation
        if not process.alive():
            reason = f"the model process had stopped ({process.exit_description()})"
            if not process.restart(generation, reason):
                raise ModelProcessError(f"{reason} and could not be restarted: {process.status().detail}")
            url, generation = process.url, process.generation
        return url, generation

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        url, generation = self._ready()
        call: dict[str, Any] = {k: kwargs[k] for k in ("max_tokens", "temperature") if k in kwargs}
        produced = 0
        finished = False
        failure: RagError | None = None
        try:
            for part in self._client(url)._stream(messages, stop=stop, **call):
                text = part.message.content if isinstance(part.message.content, str) else ""
                finish = (part.generation_info or {}).get("finish_reason") or part.message.response_metadata.get(
                    "finish_reason"
                )
                if text:
                    produced += 1
                    chunk = ChatGenerationChunk(message=AIMessageChunk(content=text))
                    if run_manager:
                        run_manager.on_llm_new_token(text, chunk=chunk)
                    yield chunk
                if finish:
                    finished = True
                    yield ChatGenerationChunk(
                        message=AIMessageChunk(
                            content="",
                            response_metadata={
                                "finish_reason": finish,
                                "model_name": self.model_name,
                                "model_provider": "llamacpp",
                            },
                        ),
                        generation_info={"finish_reason": finish, "chunks": produced},
                    )
        except RagError as err:
            failure = err
        if failure is None and (finished or self._process.alive()):
            self._process.note_success()
            return
        raise self._diagnose(generation, failure, produced)

    def _diagnose(self, generation: int, failure: RagError | None, produced: int) -> RagError:
        """Why a call failed: a crashed or hung process is restarted (ModelProcessError), else ``failure``."""
        process = self._process
        when = "mid-answer" if produced else "before answering"
        healthy = process.alive() and process.healthy()
        if not healthy and process.wait_exit(_EXIT_GRACE_S):
            reason = f"the embedded model's process stopped {when} ({process.exit_description()})"
        elif not healthy:
            why = str(failure) if failure is not None else "its answer ended without a finish reason"
            reason = f"the embedded model's process stopped responding {when} ({why}; no answer to its health check)"
        else:
            assert failure is not None  # alive, healthy and finished would have returned
            return failure
        restarted = process.restart(generation, reason)
        outcome = "it was restarted" if restarted else f"it could not be restarted ({process.status().detail})"
        return ModelProcessError(f"{reason}; {outcome}", restarted=restarted)

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return generate_from_stream(self._stream(messages, stop=stop, run_manager=run_manager, **kwargs))


def make_llamacpp_chat(settings: Settings, wait_s: float | None = None) -> ChatLlamaCpp:
    """The configured embedded model, its process started (shared) and waited for up to ``wait_s``
    (default RAG_LLM_START_WAIT_S; raises ModelStartingError while it is still loading after that)."""
    wait = start_wait_s(settings) if wait_s is None else wait_s
    process = model_process(settings)
    process.wait_ready(wait)
    return ChatLlamaCpp(
        process,
        model_name=model_name(settings),
        n_ctx=settings.n_ctx,
        temperature=settings.temperature,
        max_tokens=settings.max_tokens,
        timeout_s=settings.llm_timeout_s,
        start_wait_s=max(wait, DEFAULT_START_WAIT_S),  # a restart mid-answer is waited for
    )


__all__ = ["ChatLlamaCpp", "make_llamacpp_chat", "to_chat_messages"]
