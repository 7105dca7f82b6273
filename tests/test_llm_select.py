"""Backend selection (rag/llm/select.py): auto order, notes, explicit requests, status rows.

Ollama is played by the Ollama stand-in (tests/ollama_standin.py) with the real 0.5B model behind it.
"""

from __future__ import annotations

import pytest
from llm_fixtures import *  # noqa: F403
from llm_fixtures import STANDIN_MODEL

from rag.errors import ConfigError, LLMUnavailableError, ModelUnavailableError
from rag.llm import SelectedBackend, backend_status, select_backend, sized_for_prompt
from rag.llm.llamacpp import ChatLlamaCpp
from rag.llm.ollama import RagChatOllama


def test_extractive_has_no_chat_model(make_settings) -> None:
    backend = select_backend(make_settings(), "extractive")
    assert isinstance(backend, SelectedBackend)
    assert (backend.kind, backend.name, backend.chat_model) == ("extractive", "extractive", None)
    assert "no LLM" in backend.note


def test_unknown_backend_is_a_config_error(make_settings) -> None:
    with pytest.raises(ConfigError, match="use one of auto, ollama, llamacpp, openai, extractive"):
        select_backend(make_settings(), "gpt-5")


@pytest.mark.slow
def test_auto_prefers_the_standin_when_it_has_the_model(standin, llm_settings) -> None:
    settings = llm_settings(ollama_url=standin.url, ollama_model=STANDIN_MODEL)
    backend = select_backend(settings)
    assert backend.kind == "ollama" and backend.name == f"ollama:{STANDIN_MODEL}"
    assert isinstance(backend.chat_model, RagChatOllama)
    assert standin.url in backend.note and backend.num_ctx == settings.n_ctx


@pytest.mark.slow
def test_auto_falls_back_to_llamacpp_when_the_model_is_not_pulled(standin, llm_settings) -> None:
    settings = llm_settings(ollama_url=standin.url, ollama_model="qwen2.5:1.5b-instruct")
    backend = select_backend(settings, "auto")
    assert backend.kind == "llamacpp" and backend.name == "llamacpp:qwen2.5-coder-0.5b"
    assert isinstance(backend.chat_model, ChatLlamaCpp)
    assert "qwen2.5:1.5b-instruct is not pulled" in backend.note
    assert backend.note.endswith("using llama.cpp (qwen2.5-coder-0.5b)")


@pytest.mark.slow
def test_auto_falls_back_to_llamacpp_when_nothing_listens(closed_port_url, llm_settings) -> None:
    backend = select_backend(llm_settings(ollama_url=closed_port_url))
    assert backend.kind == "llamacpp"
    assert backend.note.startswith(
        f"Ollama is not reachable at {closed_port_url} (connection refused); using llama.cpp"
    )
    assert backend.chat_model.invoke("Say OK.", max_tokens=4).content  # the real model answers


def test_auto_falls_back_to_extractive_without_any_model(closed_port_url, tmp_path, make_settings) -> None:
    missing = tmp_path / "no-such-model.gguf"
    backend = select_backend(make_settings(ollama_url=closed_port_url, llamacpp_model=str(missing)))
    assert backend.kind == "extractive" and backend.chat_model is None
    assert "connection refused" in backend.note
    assert f"GGUF file {missing} does not exist" in backend.note
    assert backend.note.endswith("using extractive answers")


def test_explicit_ollama_unreachable_raises(closed_port_url, make_settings) -> None:
    with pytest.raises(LLMUnavailableError, match="`ollama serve`"):
        select_backend(make_settings(ollama_url=closed_port_url), "ollama")


@pytest.mark.slow
def test_explicit_ollama_without_the_model_raises_pull_advice(standin, llm_settings) -> None:
    with pytest.raises(LLMUnavailableError, match="`ollama pull llama3.2`"):
        select_backend(llm_settings(ollama_url=standin.url, ollama_model="llama3.2", llm="ollama"))


def test_explicit_llamacpp_with_missing_model_raises(tmp_path, make_settings) -> None:
    with pytest.raises(ModelUnavailableError, match="does not exist"):
        select_backend(make_settings(llamacpp_model=str(tmp_path / "x.gguf")), "llamacpp")


@pytest.mark.slow
def test_backend_status_rows(closed_port_url, standin, llm_settings) -> None:
    rows = {row.kind: row for row in backend_status(llm_settings(ollama_url=closed_port_url))}
    assert list(rows) == ["ollama", "llamacpp", "extractive"]
    assert not rows["ollama"].available and "`ollama serve`" in rows["ollama"].action
    assert rows["llamacpp"].available and rows["llamacpp"].action == ""
    assert rows["extractive"].available

    rows = {
        r.kind: r for r in backend_status(llm_settings(ollama_url=standin.url, ollama_model=STANDIN_MODEL))
    }
    assert rows["ollama"].available and rows["ollama"].name == f"ollama:{STANDIN_MODEL}"


def test_backend_status_llamacpp_missing_says_what_to_do(closed_port_url, tmp_path, make_settings) -> None:
    rows = backend_status(make_settings(ollama_url=closed_port_url, llamacpp_model=str(tmp_path / "m.gguf")))
    llamacpp = next(r for r in rows if r.kind == "llamacpp")
    assert not llamacpp.available and "RAG_LLAMACPP_MODEL" in llamacpp.action


@pytest.mark.slow
def test_sized_for_prompt_sends_a_larger_num_ctx(standin, llm_settings) -> None:
    settings = llm_settings(ollama_url=standin.url, ollama_model=STANDIN_MODEL, n_ctx=8192, max_tokens=16)
    backend = select_backend(settings, "ollama")

    assert backend.num_ctx == 8192  # selection starts at the cap, RAG_N_CTX
    assert sized_for_prompt(backend, settings, prompt_tokens=5000) is backend  # 5000 + 16 needs 8192 already
    small = sized_for_prompt(backend, settings, prompt_tokens=200)
    assert small.num_ctx == 2048 and small.chat_model is not backend.chat_model
    small.chat_model.invoke("Hi")
    assert standin.chat_requests()[-1]["options"]["num_ctx"] == 2048

    extractive = select_backend(settings, "extractive")
    assert sized_for_prompt(extractive, settings, 5000) is extractive
