"""Helpers for the answer-chain tests: chat models that script or forbid LLM calls, and a selector."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

from rag.errors import LLMError
from rag.llm import SelectedBackend


class ForbiddenChatModel(BaseChatModel):
    """Fails the test if the chain ever calls the LLM."""

    @property
    def _llm_type(self) -> str:
        return "forbidden"

    def _generate(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kw: Any) -> ChatResult:
        pytest.fail(f"the LLM must not be called here; it got: {messages[-1].content[:200]!r}")


class FailingMidStream(BaseChatModel):
    """Streams a few tokens, then raises LLMError (as the Ollama client does when the server drops)."""

    tokens: list[str] = ["FAISS ", "is "]

    @property
    def _llm_type(self) -> str:
        return "failing"

    def _generate(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kw: Any) -> ChatResult:
        raise LLMError("the model server closed the connection mid-answer; try again")

    def _stream(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: CallbackManagerForLLMRun | None = None, **kw: Any
    ) -> Iterator[ChatGenerationChunk]:
        for token in self.tokens:
            yield ChatGenerationChunk(message=AIMessageChunk(content=token))
        raise LLMError("the model server closed the connection mid-answer; try again")


def scripted(*answers: str) -> GenericFakeChatModel:
    """A chat model answering the given texts in order (streamed word by word)."""
    return GenericFakeChatModel(messages=iter([AIMessage(a) for a in answers]))


def selector_for(chat_model: BaseChatModel | None, calls: list[str] | None = None):  # noqa: ANN201
    """A backend selector returning ``chat_model`` (extractive when None) and recording the kinds asked."""

    def select(settings: Any, requested: str) -> SelectedBackend:
        if calls is not None:
            calls.append(requested)
        if chat_model is None or requested == "extractive":
            return SelectedBackend(kind="extractive", name="extractive", chat_model=None, note="test: extractive")
        return SelectedBackend(kind="llamacpp", name="llamacpp:scripted", chat_model=chat_model, note="test model")

    return select


__all__ = ["ForbiddenChatModel", "FailingMidStream", "scripted", "selector_for", "ChatGeneration"]
