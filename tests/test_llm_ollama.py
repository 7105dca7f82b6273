"""The Ollama backend against the Ollama stand-in (tests/ollama_standin.py) over real HTTP.

Ollama cannot run on the build machines, so the stand-in speaks Ollama's HTTP API with the real
llama.cpp 0.5B model behind it. Every error path is exercised through the real ``ChatOllama`` client.
"""

from __future__ import annotations

import httpx
import pytest
from langchain_core.messages import HumanMessage, SystemMessage
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_ollama import ChatOllama
from llm_fixtures import *  # noqa: F403
from llm_fixtures import STANDIN_MODEL

from rag.errors import LLMError, LLMUnavailableError
from rag.llm.ollama import (
    estimate_tokens,
    make_ollama_chat,
    num_ctx_for,
    probe_ollama,
    wrap_ollama_errors,
)

QUESTION = [
    SystemMessage(content="You are a concise assistant."),
    HumanMessage(content="Name three things a machine learning engineer should learn."),
]


def _collect(stream) -> list[str]:  # noqa: ANN001
    return [str(chunk.content) for chunk in stream]


# --- num_ctx policy (no server) --------------------------------------------------------------
@pytest.mark.parametrize(
    ("prompt", "max_tokens", "cap", "expected"),
    [
        (100, 320, 4096, 2048),  # never below 2048
        (1728, 320, 8192, 2048),  # exactly fits
        (1729, 320, 8192, 4096),  # one token over: next power of two
        (6000, 320, 16384, 8192),
        (20000, 320, 4096, 4096),  # capped by RAG_N_CTX
        (100, 320, 1024, 1024),  # a cap below 2048 wins
    ],
)
def test_num_ctx_rounds_up_to_a_power_of_two_within_the_cap(prompt, max_tokens, cap, expected) -> None:
    assert num_ctx_for(prompt, max_tokens, cap=cap) == expected


def test_estimate_tokens_is_conservative() -> None:
    text = "Learn linear algebra, probability and Python before deep learning. " * 20
    assert estimate_tokens(text) >= len(text.split())  # English runs about 4 chars/token; we assume 3


# --- probe ----------------------------------------------------------------------------------
@pytest.mark.slow
def test_probe_sees_the_standin_model_with_and_without_latest(standin, llm_settings) -> None:
    result = probe_ollama(llm_settings(ollama_url=standin.url, ollama_model=STANDIN_MODEL))
    assert result.ok and result.error is None and STANDIN_MODEL in result.models
    assert standin.requests[-1].path == "/api/tags"

    standin.models = ["mentor-model:latest"]
    assert probe_ollama(llm_settings(ollama_url=standin.url, ollama_model="mentor-model")).ok
    standin.models = ["mentor-model:latest"]
    assert probe_ollama(llm_settings(ollama_url=standin.url, ollama_model="mentor-model:latest")).ok


def test_probe_connection_refused_says_start_ollama(closed_port_url, make_settings) -> None:
    result = probe_ollama(make_settings(ollama_url=closed_port_url))
    assert not result.reachable and not result.ok
    assert isinstance(result.error, LLMUnavailableError)
    message = str(result.error)
    assert f"Ollama is not reachable at {closed_port_url}" in message
    assert "connection refused" in message
    assert "`ollama serve`" in message and "RAG_OLLAMA_URL" in message


@pytest.mark.slow
def test_probe_model_not_pulled_says_ollama_pull(standin, llm_settings) -> None:
    result = probe_ollama(llm_settings(ollama_url=standin.url, ollama_model="llama3.2:3b"))
    assert result.reachable and not result.has_model
    assert isinstance(result.error, LLMUnavailableError)
    assert "`ollama pull llama3.2:3b`" in str(result.error)
    assert STANDIN_MODEL in str(result.error)  # lists what the server does have


@pytest.mark.slow
def test_probe_timeout(standin, llm_settings) -> None:
    standin.set_fault("/api/tags", "hang")
    result = probe_ollama(llm_settings(ollama_url=standin.url), timeout_s=0.3)
    assert not result.reachable
    assert isinstance(result.error, LLMUnavailableError)
    assert "did not answer within 0.3 s" in str(result.error)


# --- real ChatOllama over real HTTP ----------------------------------------------------------
@pytest.mark.slow
def test_chat_ollama_streams_real_tokens_from_the_standin_and_sends_num_ctx(standin, llm_settings) -> None:
    settings = llm_settings(
        ollama_url=standin.url, ollama_model=STANDIN_MODEL, max_tokens=24, temperature=0.0
    )
    chat = make_ollama_chat(settings, num_ctx=num_ctx_for(3000, settings.max_tokens, cap=8192))
    assert isinstance(chat, ChatOllama)

    pieces = _collect(chat.stream(QUESTION))

    text = "".join(pieces)
    assert len([p for p in pieces if p]) >= 3, pieces  # tokens arrive one by one
    assert len(text.split()) >= 3
    body = standin.chat_requests()[-1]
    assert body["model"] == STANDIN_MODEL and body["stream"] is True
    assert body["options"]["num_ctx"] == 4096
    assert body["options"]["num_predict"] == 24 and body["options"]["temperature"] == 0.0
    assert body["messages"][0] == {"role": "system", "content": "You are a concise assistant."}


@pytest.mark.slow
def test_chat_ollama_invoke_and_lcel_work(standin, llm_settings) -> None:
    settings = llm_settings(ollama_url=standin.url, ollama_model=STANDIN_MODEL, max_tokens=16)
    chat = make_ollama_chat(settings)
    message = chat.invoke(QUESTION)
    assert message.content.strip()
    assert message.response_metadata["done_reason"] == "length"  # num_predict=16 stopped it
    assert message.usage_metadata["output_tokens"] <= 16
    chain = ChatPromptTemplate.from_messages([("user", "Say hello to {name}.")]) | chat | StrOutputParser()
    assert isinstance(chain.invoke({"name": "Ada"}), str)
    assert standin.chat_requests()[-1]["options"]["num_ctx"] == settings.n_ctx


# --- error paths ----------------------------------------------------------------------------
def test_chat_connection_refused_is_llm_unavailable(closed_port_url, make_settings) -> None:
    chat = make_ollama_chat(make_settings(ollama_url=closed_port_url))
    with pytest.raises(LLMUnavailableError, match="start it with `ollama serve` or set RAG_OLLAMA_URL"):
        _collect(chat.stream(QUESTION))
    with pytest.raises(LLMUnavailableError, match="not reachable"):
        chat.invoke(QUESTION)


@pytest.mark.slow
def test_chat_model_not_pulled_says_ollama_pull(standin, llm_settings) -> None:
    chat = make_ollama_chat(llm_settings(ollama_url=standin.url, ollama_model="mistral:7b"))
    with pytest.raises(LLMUnavailableError) as info:
        _collect(chat.stream(QUESTION))
    assert "`ollama pull mistral:7b`" in str(info.value)
    show = httpx.post(f"{standin.url}/api/show", json={"model": "mistral:7b"})
    assert show.status_code == 404 and show.json() == {"error": "model 'mistral:7b' not found"}


@pytest.mark.slow
def test_chat_timeout_is_llm_error_naming_the_limit(standin, llm_settings) -> None:
    standin.set_fault("/api/chat", "hang")
    chat = make_ollama_chat(
        llm_settings(ollama_url=standin.url, ollama_model=STANDIN_MODEL, ollama_timeout_s=0.5)
    )
    with pytest.raises(LLMError, match=r"Ollama did not answer within 0\.5 s") as info:
        _collect(chat.stream(QUESTION))
    assert "RAG_OLLAMA_TIMEOUT_S" in str(info.value)


@pytest.mark.slow
def test_error_line_mid_stream_is_llm_error_after_some_tokens(standin, llm_settings) -> None:
    standin.set_fault("/api/chat", "error_mid_stream")
    chat = make_ollama_chat(llm_settings(ollama_url=standin.url, ollama_model=STANDIN_MODEL))
    received: list[str] = []
    with pytest.raises(LLMError) as info:
        for chunk in chat.stream(QUESTION):
            received.append(str(chunk.content))
    assert len([r for r in received if r]) >= 1  # the stream had started
    assert "Ollama reported an error while answering" in str(info.value)
    assert "stand-in fault" in str(info.value)


@pytest.mark.slow
def test_broken_stream_is_llm_error(standin, llm_settings) -> None:
    standin.set_fault("/api/chat", "drop_mid_stream")
    chat = make_ollama_chat(llm_settings(ollama_url=standin.url, ollama_model=STANDIN_MODEL))
    with pytest.raises(LLMError, match="answer stream from Ollama .* broke"):
        _collect(chat.stream(QUESTION))


@pytest.mark.slow
def test_http_500_is_llm_error(standin, llm_settings) -> None:
    standin.set_fault("/api/chat", "http_500")
    chat = make_ollama_chat(llm_settings(ollama_url=standin.url, ollama_model=STANDIN_MODEL))
    with pytest.raises(LLMError, match="Ollama answered HTTP 500: stand-in fault"):
        chat.invoke(QUESTION)


@pytest.mark.slow
def test_wrap_ollama_errors_maps_a_plain_chat_ollama(standin, llm_settings) -> None:
    settings = llm_settings(ollama_url=standin.url, ollama_model="phi3:mini")
    plain = ChatOllama(base_url=standin.url, model="phi3:mini")
    with pytest.raises(LLMUnavailableError, match="`ollama pull phi3:mini`"):
        list(wrap_ollama_errors(plain.stream(QUESTION), settings))


@pytest.mark.slow
def test_standin_speaks_the_documented_wire_format(standin) -> None:
    """The stand-in's raw NDJSON and endpoints, as Ollama's docs/api.md describes them."""
    assert httpx.get(f"{standin.url}/").text == "Ollama is running"
    assert "version" in httpx.get(f"{standin.url}/api/version").json()
    tags = httpx.get(f"{standin.url}/api/tags").json()["models"][0]
    assert {"name", "model", "modified_at", "size", "digest", "details"} <= tags.keys()
    body = {
        "model": STANDIN_MODEL,
        "messages": [{"role": "user", "content": "Hi"}],
        "options": {"num_predict": 4},
    }
    with httpx.stream("POST", f"{standin.url}/api/chat", json=body) as response:
        assert response.headers["content-type"] == "application/x-ndjson"
        lines = [httpx.Response(200, content=line).json() for line in response.iter_lines() if line]
    assert all(line["done"] is False and line["message"]["role"] == "assistant" for line in lines[:-1])
    final = lines[-1]
    assert final["done"] is True and final["done_reason"] == "length"
    assert final["eval_count"] == len(lines) - 1 <= 4 and final["prompt_eval_count"] > 0
    assert final["total_duration"] > 0
    single = httpx.post(f"{standin.url}/api/chat", json={**body, "stream": False}, timeout=60).json()
    assert single["done"] is True and single["message"]["content"]
    missing = httpx.post(f"{standin.url}/api/chat", json={**body, "model": "nope"})
    assert missing.status_code == 404 and "not found" in missing.json()["error"]
