"""Session fixtures shared by the LLM backend tests: the real 0.5B llama.cpp model, loaded once,
and the Ollama stand-in server (tests/ollama_standin.py) serving it over real HTTP.

Use with ``from llm_fixtures import *  # noqa: F403`` in a test module. The model is assembled into a
fixed folder under the session's base temp dir and llama.cpp models are cached per (path, n_ctx,
threads), so importing these fixtures into several modules still assembles and loads the model once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from ollama_standin import OllamaStandIn

from rag.llm.llamacpp import ChatLlamaCpp, make_llamacpp_chat
from rag.settings import Settings
from ui.server import free_port

STANDIN_MODEL = "qwen2.5-coder:0.5b-instruct"  # the tag the stand-in claims; the 0.5B GGUF answers
# One llama.cpp thread in tests: when the 2 cores are shared with other processes, llama.cpp's
# spinning worker threads slow 2-thread generation down more than tenfold (measured: 32 tokens in 72 s
# with 2 threads vs 6 s with 1 thread under a load average of 10).
TEST_THREADS = 1

__all__ = [
    "STANDIN_MODEL",
    "chat_05b",
    "closed_port_url",
    "llm_home",
    "llm_settings",
    "standin",
    "standin_server",
]


@pytest.fixture(scope="session")
def llm_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """RAG_HOME whose models/ holds the assembled, verified 0.5B GGUF (assembled once per session)."""
    home = tmp_path_factory.getbasetemp() / "llm_home"
    home.mkdir(exist_ok=True)
    return home


@pytest.fixture
def llm_settings(llm_home: Path) -> Callable[..., Settings]:
    """Settings over the shared llm_home; keyword overrides are field values."""

    def _make(**overrides: object) -> Settings:
        overrides.setdefault("home", llm_home)
        overrides.setdefault("llamacpp_threads", TEST_THREADS)
        return Settings(**overrides)  # type: ignore[arg-type]

    return _make


@pytest.fixture(scope="session")
def chat_05b(llm_home: Path) -> ChatLlamaCpp:
    """The real Qwen2.5-Coder-0.5B-Instruct model through ChatLlamaCpp (small max_tokens keeps tests fast)."""
    settings = Settings(
        home=llm_home,
        llamacpp_model="qwen2.5-coder-0.5b",
        llamacpp_threads=TEST_THREADS,
        max_tokens=48,
        temperature=0.0,
    )
    return make_llamacpp_chat(settings)


@pytest.fixture(scope="session")
def standin_server(chat_05b: ChatLlamaCpp) -> Iterator[OllamaStandIn]:
    with OllamaStandIn(chat_05b, models=[STANDIN_MODEL]) as server:
        yield server


@pytest.fixture
def standin(standin_server: OllamaStandIn) -> Iterator[OllamaStandIn]:
    """The running Ollama stand-in, with faults and recorded requests cleared around each test."""
    standin_server.reset()
    standin_server.models = [STANDIN_MODEL]
    yield standin_server
    standin_server.reset()
    standin_server.models = [STANDIN_MODEL]


@pytest.fixture
def closed_port_url() -> str:
    """A loopback URL where nothing listens (connection refused)."""
    return f"http://127.0.0.1:{free_port()}"
