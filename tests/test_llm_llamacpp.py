"""ChatLlamaCpp with the real Qwen2.5-Coder-0.5B-Instruct GGUF (rag/llm/llamacpp.py), served by its own
process (rag/llm/process.py + rag/llm/server.py: llama.cpp's server from the prebuilt xllamacpp wheel)."""

from __future__ import annotations

import os

import httpx
import pytest
from langchain_core.messages import AIMessageChunk, HumanMessage, SystemMessage
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from llm_fixtures import *  # noqa: F403

from rag.errors import LLMError, ModelUnavailableError
from rag.llm.llamacpp import make_llamacpp_chat

pytestmark = pytest.mark.slow

MESSAGES = [
    SystemMessage(content="You answer in one short sentence."),
    HumanMessage(content="What is the capital city of France?"),
]


def test_stream_yields_several_chunks_of_real_text(chat_05b) -> None:
    chunks = list(chat_05b.stream(MESSAGES))
    assert all(isinstance(c, AIMessageChunk) for c in chunks)
    texts = [c.content for c in chunks if c.content]
    assert len(texts) >= 3
    assert "paris" in "".join(texts).lower()
    assert any(c.response_metadata.get("finish_reason") == "stop" for c in chunks)


def test_max_tokens_is_respected(chat_05b) -> None:
    chunks = list(
        chat_05b.stream([HumanMessage(content="Write a long essay about machine learning.")], max_tokens=6)
    )
    texts = [c.content for c in chunks if c.content]
    assert 1 <= len(texts) <= 6
    assert chat_05b.count_tokens("".join(texts)) <= 7  # re-tokenizing may merge/split one token
    assert any(c.response_metadata.get("finish_reason") == "length" for c in chunks)


def test_invoke_and_lcel(chat_05b) -> None:
    message = chat_05b.invoke(MESSAGES, max_tokens=24)
    assert "paris" in message.content.lower()
    assert message.response_metadata["finish_reason"] == "stop"
    prompt = ChatPromptTemplate.from_messages([("user", "Reply with the single word: {word}")])
    chain = prompt | chat_05b.bind(max_tokens=8) | StrOutputParser()
    assert "banana" in chain.invoke({"word": "banana"}).lower()


def test_too_long_prompt_raises_llm_error_with_advice(chat_05b) -> None:
    huge = HumanMessage(content="roadmap passage about gradient descent and transformers. " * 900)
    assert chat_05b.count_prompt_tokens([huge]) > chat_05b.n_ctx
    with pytest.raises(LLMError, match="exceeds the available context size.*lower RAG_K.*RAG_N_CTX"):
        chat_05b.invoke([huge])
    assert chat_05b.process.alive()  # a refused prompt is not a crash: same process, free for the next question
    assert "paris" in chat_05b.invoke(MESSAGES, max_tokens=16).content.lower()


def test_model_runs_in_its_own_process_behind_the_openai_api(chat_05b) -> None:
    process = chat_05b.process
    assert process.alive() and process.pid != os.getpid()
    assert process.url.startswith("http://127.0.0.1:")
    models = httpx.get(f"{process.url}/v1/models", timeout=10).json()
    assert [m["id"] for m in models["data"]] == ["qwen2.5-coder-0.5b"]
    assert process.status().state == "ready"


def test_the_gguf_chat_template_is_qwens(chat_05b) -> None:
    prompt = chat_05b.apply_template(MESSAGES)
    assert prompt.startswith("<|im_start|>system\nYou answer in one short sentence.<|im_end|>\n")
    assert prompt.endswith("<|im_start|>user\nWhat is the capital city of France?<|im_end|>\n<|im_start|>assistant\n")


def test_the_process_is_shared_per_path_ctx_threads(chat_05b, llm_settings) -> None:
    again = make_llamacpp_chat(llm_settings(llamacpp_model="qwen2.5-coder-0.5b"))
    assert again.process is chat_05b.process
    assert again.model_name == "qwen2.5-coder-0.5b" and again._llm_type == "llamacpp"


def test_broken_gguf_raises_model_unavailable(tmp_path, make_settings) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + b"\x03\x00\x00\x00" + b"\x00" * 256)
    with pytest.raises(ModelUnavailableError, match="llama.cpp could not load the model .*complete GGUF"):
        make_llamacpp_chat(make_settings(llamacpp_model=str(broken), llamacpp_threads=1))
