"""RAG_LLM=openai: a user points the app at an OpenAI-compatible server they run themselves.

The "user's server" is a real llama.cpp server started by hand, as a user would (``python -m
rag.llm.server --model GGUF``: llama.cpp's own OpenAI-compatible server from the xllamacpp wheel), serving
the real 0.5B model under the name ``my-qwen``; the app is configured only through RAG_* variables.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from llm_fixtures import TEST_THREADS, closed_port_url, llm_home  # noqa: F401 - fixtures

from rag.chain import Assistant
from rag.errors import LLMUnavailableError
from rag.llm import backend_status, select_backend
from rag.llm.models import ensure_model
from rag.services import Services
from rag.settings import Settings
from ui.server import stop_process

pytestmark = pytest.mark.slow

QUESTION = "Which vector databases does the roadmap want me to learn?"


@pytest.fixture(scope="module")
def users_server(llm_home: Path) -> Iterator[str]:  # noqa: F811
    """The OpenAI API base URL (``.../v1``) of a model server started by hand."""
    gguf = ensure_model(Settings(home=llm_home))
    cmd = [sys.executable, "-m", "rag.llm.server", "--model", str(gguf), "--threads", str(TEST_THREADS),
           "--alias", "my-qwen", "--n-ctx", "4096"]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line, f"the model server exited with {proc.wait(timeout=30)} before printing its address"
        yield json.loads(line)["url"] + "/v1"
    finally:
        stop_process(proc)  # type: ignore[arg-type]


def _user_settings(monkeypatch: pytest.MonkeyPatch, home: Path, **env: str) -> Settings:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("RAG_HOME", str(home))
    return Settings()


def test_the_users_server_answers_by_url(
    monkeypatch: pytest.MonkeyPatch, users_server: str, shared_services: Services
) -> None:
    settings = _user_settings(monkeypatch, shared_services.settings.home, RAG_LLM="openai",
                              RAG_OPENAI_URL=users_server, RAG_MAX_TOKENS="64")
    answer = Assistant(settings, shared_services.index).ask(QUESTION)
    assert answer.backend == "openai:my-qwen", answer.backend_note
    assert users_server in answer.backend_note
    assert answer.citations and any(name in answer.answer for name in ("FAISS", "Pinecone", "Weaviate")), answer.answer

    rows = {row.kind: row for row in backend_status(settings)}
    assert rows["openai"].available and "my-qwen" in rows["openai"].detail


def test_a_model_the_server_does_not_have_is_named_with_what_it_has(
    monkeypatch: pytest.MonkeyPatch, users_server: str, tmp_path: Path
) -> None:
    settings = _user_settings(monkeypatch, tmp_path, RAG_OPENAI_URL=users_server, RAG_OPENAI_MODEL="gpt-9")
    with pytest.raises(LLMUnavailableError, match=r"does not serve 'gpt-9' \(it has: my-qwen\): set RAG_OPENAI_MODEL"):
        select_backend(settings, "openai")


def test_an_unreachable_server_falls_back_and_says_why(
    monkeypatch: pytest.MonkeyPatch, closed_port_url: str, shared_services: Services, tmp_path: Path  # noqa: F811
) -> None:
    settings = _user_settings(monkeypatch, shared_services.settings.home, RAG_LLM="openai",
                              RAG_OPENAI_URL=f"{closed_port_url}/v1",
                              RAG_LLAMACPP_MODEL=str(tmp_path / "no-model.gguf"))
    answer = Assistant(settings, shared_services.index).ask(QUESTION)
    assert answer.backend == "extractive" and answer.citations
    assert f"The OpenAI-compatible server at {closed_port_url}/v1 is not reachable" in answer.backend_note
    assert "fix RAG_OPENAI_URL" in answer.backend_note and "fell back to extractive" in answer.backend_note
