"""The chain with the real embedded llama.cpp model (Qwen2.5-Coder-0.5B): tokens stream before the answer."""

from __future__ import annotations

import pytest
from chain_helpers import selector_for
from llm_fixtures import STANDIN_MODEL, chat_05b, llm_home, standin, standin_server  # noqa: F401 - fixtures

from rag.chain import Assistant
from rag.schema import AnswerEvent, RetrievedEvent, TokenEvent
from rag.services import Services


@pytest.mark.slow
def test_real_model_streams_tokens_before_the_answer(shared_services: Services, chat_05b) -> None:  # noqa: ANN001, F811
    assistant = Assistant(shared_services.settings, shared_services.index, backend_selector=selector_for(chat_05b))
    events = list(assistant.stream("Which vector databases does the roadmap want me to learn?", backend="llamacpp"))
    kinds = [type(e) for e in events]
    assert kinds[0] is RetrievedEvent and kinds[-1] is AnswerEvent
    tokens = [e.text for e in events if isinstance(e, TokenEvent)]
    assert len(tokens) >= 3, "llama.cpp should stream several tokens"
    assert kinds.index(TokenEvent) < kinds.index(AnswerEvent)
    answer = events[-1].answer
    assert answer.backend == "llamacpp:scripted" and answer.answer.strip()
    assert answer.timings["first_token_s"] < answer.timings["generate_s"]
    assert not answer.refused, answer.answer
    assert any(name in answer.answer for name in ("FAISS", "Pinecone", "Weaviate")), answer.answer


@pytest.mark.slow
def test_ollama_path_over_real_http_and_mid_stream_failure(shared_services: Services, standin) -> None:  # noqa: ANN001, F811
    """The real selector and ChatOllama against the Ollama stand-in (real HTTP, real 0.5B model behind it)."""
    settings = shared_services.settings.model_copy(
        update={"ollama_url": standin.url, "ollama_model": STANDIN_MODEL, "max_tokens": 48}
    )
    assistant = Assistant(settings, shared_services.index)
    answer = assistant.ask("Which vector databases does the roadmap want me to learn?", backend="ollama")
    assert answer.backend == f"ollama:{STANDIN_MODEL}" and answer.answer.strip()
    request = standin.chat_requests()[-1]
    assert request["options"]["num_ctx"] < settings.n_ctx  # the context window is sized to the prompt

    standin.set_fault("/api/chat", "error_mid_stream")
    broken = assistant.ask("Which conferences are worth following?", backend="ollama")
    assert broken.backend == "extractive" and "answered extractively" in broken.backend_note
    assert "NeurIPS" in broken.answer and not broken.refused
