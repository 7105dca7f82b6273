"""Backend selection: which generator answers, and why (the ``note`` the UI and CLI show).

``auto`` prefers Ollama when it answers and has the model, then the embedded llama.cpp model when
its parts (or GGUF file) are installed, then the extractive no-LLM answers. ``openai`` is an
OpenAI-compatible server the user runs (``RAG_OPENAI_URL``), used only when asked for. An explicitly
requested backend that cannot run raises (the chain / edge decide whether to fall back and say so).
The embedded model runs in its own process: while it starts, ``llamacpp`` raises ModelStartingError
(``auto`` answers extractively, ``SelectedBackend.starting`` set) unless RAG_LLM_START_WAIT_S allows waiting.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Literal

from langchain_core.language_models import BaseChatModel

from rag.errors import ConfigError, ModelStartingError, ModelUnavailableError
from rag.llm.models import model_name, model_status
from rag.settings import Settings

log = logging.getLogger(__name__)

BackendKind = Literal["ollama", "llamacpp", "openai", "extractive"]
_KINDS = ("auto", "ollama", "llamacpp", "openai", "extractive")


@dataclass
class SelectedBackend:
    kind: BackendKind
    name: str  # "ollama:<model>", "llamacpp:<model-name>", "extractive"
    chat_model: BaseChatModel | None  # None for extractive
    note: str  # why this backend
    num_ctx: int | None = None
    starting: bool = False  # extractive only because the embedded model is still loading: ask again soon


@dataclass
class BackendStatus:
    """One row of the UI sidebar / ``rag status``."""

    kind: BackendKind
    name: str
    available: bool
    detail: str
    action: str = ""  # what to do to make it available ("" when it is)


def _ollama(settings: Settings, note: str) -> SelectedBackend:
    from rag.llm.ollama import make_ollama_chat

    return SelectedBackend(
        kind="ollama",
        name=f"ollama:{settings.ollama_model}",
        chat_model=make_ollama_chat(settings, settings.n_ctx),
        note=note,
        num_ctx=settings.n_ctx,
    )


def _llamacpp(settings: Settings, note: str) -> SelectedBackend:
    from rag.llm.llamacpp import make_llamacpp_chat

    available, detail = model_status(settings)
    if not available:  # checked here, quickly: the process start below runs in the background
        raise ModelUnavailableError(f"The embedded model is not available: {detail}.")
    return SelectedBackend(
        kind="llamacpp",
        name=f"llamacpp:{model_name(settings)}",
        chat_model=make_llamacpp_chat(settings),
        note=note,
        num_ctx=settings.n_ctx,
    )


def _openai(settings: Settings) -> SelectedBackend:
    from rag.llm.openai_api import make_openai_chat, probe_openai

    probe = probe_openai(settings.openai_url, settings.openai_api_key, settings.openai_model)
    if probe.error is not None:
        raise probe.error
    model = settings.openai_model or (probe.models[0] if probe.models else "default")
    chat = make_openai_chat(
        probe.url,
        model,
        api_key=settings.openai_api_key,
        timeout_s=settings.llm_timeout_s,
        temperature=settings.temperature,
        max_tokens=settings.max_tokens,
        advice="or use another RAG_LLM",
    )
    return SelectedBackend(
        kind="openai",
        name=f"openai:{model}",
        chat_model=chat,
        note=f"OpenAI-compatible server requested: {model} at {probe.url}",
        num_ctx=settings.n_ctx,
    )


def _extractive(note: str, starting: bool = False) -> SelectedBackend:
    return SelectedBackend(kind="extractive", name="extractive", chat_model=None, note=note, starting=starting)


def select_backend(settings: Settings, requested: str | None = None) -> SelectedBackend:
    """Pick the generator for ``requested`` (or ``settings.llm``); see the module docstring for the order."""
    choice = (requested or settings.llm).strip().lower()
    if choice not in _KINDS:
        raise ConfigError(
            f"Unknown LLM backend {choice!r}: use one of {', '.join(_KINDS)} (RAG_LLM or --backend)."
        )
    if choice == "extractive":
        return _extractive(
            "extractive answers requested: sentences quoted from the retrieved passages, no LLM"
        )
    if choice == "llamacpp":
        return _llamacpp(settings, f"llama.cpp requested: embedded model {model_name(settings)}")
    if choice == "openai":
        return _openai(settings)
    from rag.llm.ollama import probe_ollama

    probe = probe_ollama(settings)
    if choice == "ollama":
        if probe.error is not None:
            raise probe.error
        return _ollama(settings, f"Ollama requested: {settings.ollama_model} at {probe.url}")
    # auto
    if probe.ok:
        return _ollama(settings, f"Ollama answers at {probe.url} with {settings.ollama_model}")
    why_not_ollama = _short(probe.detail)
    available, detail = model_status(settings)
    if available:
        try:
            return _llamacpp(settings, f"{why_not_ollama}; using llama.cpp ({model_name(settings)})")
        except ModelStartingError as err:
            return _extractive(f"{why_not_ollama}; {err}", starting=True)
        except ModelUnavailableError as err:
            detail = str(err)
    return _extractive(
        f"{why_not_ollama}; llama.cpp unavailable ({_short(detail)}); using extractive answers"
    )


def sized_for_prompt(backend: SelectedBackend, settings: Settings, prompt_tokens: int) -> SelectedBackend:
    """The backend with a context window that fits a prompt of ``prompt_tokens`` plus the answer.

    Ollama: a new chat model with ``num_ctx = num_ctx_for(prompt_tokens, max_tokens, cap=n_ctx)``.
    llama.cpp has a fixed window (``settings.n_ctx``, set at load) and extractive none: returned as is.
    Estimate ``prompt_tokens`` with ``rag.llm.ollama.estimate_tokens(text)`` when no tokenizer is at hand.
    """
    if backend.kind != "ollama":
        return backend
    from rag.llm.ollama import make_ollama_chat, num_ctx_for

    num_ctx = num_ctx_for(prompt_tokens, settings.max_tokens, cap=settings.n_ctx)
    if num_ctx == backend.num_ctx:
        return backend
    return replace(backend, chat_model=make_ollama_chat(settings, num_ctx), num_ctx=num_ctx)


def _short(message: str) -> str:
    """The first clause of an error message (before the advice after ':'), for compact notes."""
    head, sep, _ = message.partition("): ")
    if sep:
        return head + ")"
    return message.partition(": ")[0].rstrip(".")


def backend_status(settings: Settings) -> list[BackendStatus]:
    """Every backend, whether it can answer now, and what to do if not. Loads no model."""
    from rag.llm.ollama import probe_ollama

    probe = probe_ollama(settings)
    rows = [
        BackendStatus(
            kind="ollama",
            name=f"ollama:{settings.ollama_model}",
            available=probe.ok,
            detail=probe.detail,
            action="" if probe.ok else _advice(probe.detail),
        )
    ]
    available, detail = model_status(settings)
    rows.append(
        BackendStatus(
            kind="llamacpp",
            name=f"llamacpp:{model_name(settings)}",
            available=available,
            detail=detail,
            action=""
            if available
            else _advice(detail) or "set RAG_LLAMACPP_MODEL to an installed model or GGUF path",
        )
    )
    if available:
        from rag.llm.process import process_status

        state = process_status(settings)
        if state.state in ("starting", "failed"):
            rows[-1].detail = f"{detail}; {state.detail}"
    if settings.openai_url or settings.llm == "openai":
        from rag.llm.openai_api import probe_openai

        openai_probe = probe_openai(settings.openai_url, settings.openai_api_key, settings.openai_model)
        rows.append(
            BackendStatus(
                kind="openai",
                name=f"openai:{settings.openai_model or 'default'}",
                available=openai_probe.ok,
                detail=openai_probe.detail,
                action="" if openai_probe.ok else _advice(openai_probe.detail),
            )
        )
    rows.append(
        BackendStatus(
            kind="extractive", name="extractive", available=True, detail="always available (no LLM)"
        )
    )
    return rows


def _advice(message: str) -> str:
    _, sep, tail = message.partition("): ")
    if not sep:
        _, sep, tail = message.partition(": ")
    return tail.strip() if sep else ""


__all__ = [
    "BackendKind",
    "BackendStatus",
    "SelectedBackend",
    "backend_status",
    "select_backend",
    "sized_for_prompt",
]
