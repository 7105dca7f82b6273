"""Chat completions answered by the real embedded llama.cpp model through a real ``rag serve``.

Tolerant of the engine (the llama.cpp binding may change, the model may fall back to an extractive
answer when it cites nothing supported) but strict on the wire contract: the backend the server
selected, the streamed text vs the checked answer, [n] markers backed by citations with line ranges.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import openai
import pytest
from api_helpers import RunningApi, running_api
from llm_fixtures import *  # noqa: F403 - llm_home: the assembled 0.5B GGUF

from rag.llm.models import ensure_model
from rag.settings import Settings

pytestmark = [pytest.mark.slow, pytest.mark.api]

KEY = "llm-key"
QUESTION = "Which path fits someone who likes building APIs and deploying things to the cloud?"


@pytest.fixture(scope="module")
def llm_api(tmp_path_factory: pytest.TempPathFactory, llm_home) -> Iterator[RunningApi]:  # noqa: ANN001, F811
    gguf = ensure_model(Settings(home=llm_home))  # assembled once per session, shared with the other LLM tests
    base = tmp_path_factory.mktemp("api_llm")
    env = {"RAG_LLM": "llamacpp", "RAG_LLAMACPP_MODEL": str(gguf), "RAG_LLAMACPP_THREADS": "1",
           "RAG_MAX_TOKENS": "96", "RAG_API_KEYS": KEY}
    with running_api(base / "home", env, base / "server.log") as server:
        yield server


def _check_contract(text: str, rag: dict, model: str) -> None:
    assert model == rag["backend"]
    assert rag["backend"].startswith("llamacpp:") or rag["backend_note"], rag  # a fallback says why
    assert text.strip()
    numbers = {c["n"] for c in rag["citations"]}
    assert {int(n) for n in re.findall(r"\[(\d+)\]", text)} <= numbers, (text, sorted(numbers))
    assert all(1 <= c["start_line"] <= c["end_line"] for c in rag["citations"])
    if not rag["refused"]:
        assert rag["citations"], rag


def test_llamacpp_streams_tokens_and_ends_with_the_checked_answer(llm_api: RunningApi) -> None:
    client = openai.OpenAI(base_url=llm_api.v1, api_key=KEY, max_retries=0, timeout=600)
    chunks = list(client.chat.completions.create(
        model="llamacpp", messages=[{"role": "user", "content": QUESTION}], stream=True))
    first, final = chunks[0].model_extra["rag"], chunks[-1].model_extra["rag"]
    assert first["event"] == "retrieved"
    assert first["backend"].startswith("llamacpp:"), f"the embedded model was not selected: {first}"
    token_chunks = [c for c in chunks[1:-1] if c.choices[0].delta.content]
    assert len(token_chunks) >= 3, "the model's tokens arrive as separate chunks"
    streamed = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert final["event"] == "answer"
    if not final["answer_replaced"]:
        assert streamed == final["answer"]
    else:
        assert streamed != final["answer"]
    _check_contract(final["answer"], final, chunks[-1].model)


def test_llamacpp_non_streaming_answer(llm_api: RunningApi) -> None:
    client = openai.OpenAI(base_url=llm_api.v1, api_key=KEY, max_retries=0, timeout=600)
    completion = client.chat.completions.create(model="llamacpp", messages=[{"role": "user", "content": QUESTION}])
    rag = completion.model_extra["rag"]
    assert rag["answer"] == completion.choices[0].message.content
    assert "timings" in rag and rag["timings"]["total_s"] > 0
    _check_contract(completion.choices[0].message.content, rag, completion.model)
