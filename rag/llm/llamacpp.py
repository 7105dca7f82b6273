"""The embedded llama.cpp backend: a LangChain chat model over ``llama_cpp.Llama``.

``ChatLlamaCpp`` streams with ``create_chat_completion(stream=True)``; the GGUF carries the Qwen
chat template. Loaded models are kept in a small explicit cache keyed by (path, n_ctx, threads), so
selecting the backend again (per question, per Services) does not reload the weights. llama.cpp is not
thread-safe: each loaded model has a lock held while it generates.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel, generate_from_stream
from langchain_core.messages import AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGenerationChunk, ChatResult
from pydantic import PrivateAttr

from rag.errors import LLMError, ModelUnavailableError
from rag.llm.models import ensure_model, model_name
from rag.settings import Settings

log = logging.getLogger(__name__)

# Tokens the chat template adds around each message (<|im_start|>role\n ... <|im_end|>\n) and for the
# default system prompt Qwen inserts when none is given. Deliberately generous.
_PER_MESSAGE_TOKENS = 8
_TEMPLATE_TOKENS = 32
_MIN_ANSWER_TOKENS = 32
_LOCK_TIMEOUT_S = 600.0
_CACHE_SIZE = 2


@dataclass
class LoadedLlama:
    """One loaded model and the lock that serialises generation on it."""

    llama: Any  # llama_cpp.Llama
    path: str
    n_ctx: int
    lock: threading.Lock = field(default_factory=threading.Lock)


_CACHE: OrderedDict[tuple[str, int, int], LoadedLlama] = OrderedDict()
_CACHE_LOCK = threading.Lock()


def load_llama(path: str | Path, n_ctx: int, n_threads: int) -> LoadedLlama:
    """Load (or reuse) the model at ``path``; at most ``_CACHE_SIZE`` models stay loaded."""
    key = (str(Path(path).resolve()), n_ctx, n_threads)
    with _CACHE_LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
        try:
            from llama_cpp import Llama
        except ImportError as err:  # pragma: no cover - a broken install
            raise ModelUnavailableError(
                "llama-cpp-python is not installed: run `pip install llama-cpp-python==0.3.36` "
                "(it compiles for about 5 minutes) or use RAG_LLM=extractive."
            ) from err
        log.info("loading llama.cpp model %s (n_ctx=%d, threads=%d)", key[0], n_ctx, n_threads)
        try:
            llama = Llama(model_path=key[0], n_ctx=n_ctx, n_threads=n_threads, verbose=False)
        except (ValueError, RuntimeError, OSError) as err:
            raise ModelUnavailableError(
                f"llama.cpp could not load {key[0]} ({err}): check that it is a complete GGUF model "
                "(delete it under RAG_HOME/models to re-assemble an embedded model) or use RAG_LLM=extractive."
            ) from err
        loaded = LoadedLlama(llama=llama, path=key[0], n_ctx=n_ctx)
        _CACHE[key] = loaded
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
        return loaded


def clear_cache() -> None:
    """Forget every loaded model (their memory is freed once nothing else references them)."""
    with _CACHE_LOCK:
        _CACHE.clear()


def _role(message: BaseMessage) -> str:
    return {"human": "user", "ai": "assistant", "system": "system"}.get(message.type, "user")


def _text(message: BaseMessage) -> str:
    content = message.content
    if isinstance(content, str):
        return content
    return "".join(part if isinstance(part, str) else str(part.get("text", "")) for part in content)


def to_chat_messages(messages: list[BaseMessage]) -> list[dict[str, str]]:
    """LangChain messages -> the OpenAI-style dicts llama.cpp's chat handler takes."""
    return [{"role": _role(m), "content": _text(m)} for m in messages]


class ChatLlamaCpp(BaseChatModel):
    """A llama.cpp GGUF model as a LangChain chat model (``.invoke``, ``.stream``, LCEL).

    Per-call overrides: ``max_tokens=`` and ``temperature=`` keyword arguments.
    """

    model_path: str
    model_name: str = ""
    n_ctx: int = 4096
    n_threads: int = 2
    temperature: float = 0.0
    max_tokens: int = 320

    _loaded: LoadedLlama = PrivateAttr()

    def model_post_init(self, context: Any, /) -> None:
        super().model_post_init(context)
        self._loaded = load_llama(self.model_path, self.n_ctx, self.n_threads)
        if not self.model_name:
            self.model_name = Path(self.model_path).stem

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

    def count_tokens(self, text: str) -> int:
        """Tokens in ``text`` by the model's own tokenizer."""
        return len(self._loaded.llama.tokenize(text.encode("utf-8"), add_bos=False, special=True))

    def count_prompt_tokens(self, messages: list[BaseMessage]) -> int:
        """Tokens the chat prompt takes, including a generous allowance for the chat template."""
        return _TEMPLATE_TOKENS + sum(self.count_tokens(_text(m)) + _PER_MESSAGE_TOKENS for m in messages)

    def _answer_budget(self, messages: list[BaseMessage], max_tokens: int) -> int:
        prompt_tokens = self.count_prompt_tokens(messages)
        room = self.n_ctx - prompt_tokens
        if room < min(_MIN_ANSWER_TOKENS, max_tokens):
            raise LLMError(
                f"The prompt is about {prompt_tokens} tokens but the llama.cpp context window is {self.n_ctx}: "
                "ask a shorter question, retrieve fewer passages (lower RAG_K), or raise RAG_N_CTX."
            )
        return min(max_tokens, room)

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        max_tokens = self._answer_budget(messages, int(kwargs.get("max_tokens", self.max_tokens)))
        temperature = float(kwargs.get("temperature", self.temperature))
        loaded = self._loaded
        if not loaded.lock.acquire(timeout=_LOCK_TIMEOUT_S):
            raise LLMError(
                f"The llama.cpp model stayed busy with another answer for {_LOCK_TIMEOUT_S:.0f} s: try again."
            )
        produced = 0
        try:
            stream = loaded.llama.create_chat_completion(
                messages=to_chat_messages(messages),
                stream=True,
                temperature=temperature,
                max_tokens=max_tokens,
                stop=stop or [],
            )
            for part in stream:
                choice = part["choices"][0]
                text = choice.get("delta", {}).get("content") or ""
                if text:
                    produced += 1
                    chunk = ChatGenerationChunk(message=AIMessageChunk(content=text))
                    if run_manager:
                        run_manager.on_llm_new_token(text, chunk=chunk)
                    yield chunk
                if choice.get("finish_reason"):
                    yield ChatGenerationChunk(
                        message=AIMessageChunk(
                            content="",
                            response_metadata={
                                "finish_reason": choice["finish_reason"],
                                "model_name": self.model_name,
                                "model_provider": "llamacpp",
                            },
                        ),
                        generation_info={"finish_reason": choice["finish_reason"], "chunks": produced},
                    )
        except ValueError as err:  # e.g. "Requested tokens (N) exceed context window of M"
            raise LLMError(
                f"llama.cpp refused the prompt ({err}): retrieve fewer passages (lower RAG_K) or raise RAG_N_CTX."
            ) from err
        except RuntimeError as err:
            raise LLMError(
                f"llama.cpp failed while answering ({err}): try again or use RAG_LLM=extractive."
            ) from err
        finally:
            loaded.lock.release()

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return generate_from_stream(self._stream(messages, stop=stop, run_manager=run_manager, **kwargs))


def make_llamacpp_chat(settings: Settings) -> ChatLlamaCpp:
    """The configured embedded model, assembled/verified if needed and loaded (cached)."""
    path = ensure_model(settings)
    return ChatLlamaCpp(
        model_path=str(path),
        model_name=model_name(settings),
        n_ctx=settings.n_ctx,
        n_threads=settings.llamacpp_threads,
        temperature=settings.temperature,
        max_tokens=settings.max_tokens,
    )


__all__ = [
    "ChatLlamaCpp",
    "LoadedLlama",
    "clear_cache",
    "load_llama",
    "make_llamacpp_chat",
    "to_chat_messages",
]
