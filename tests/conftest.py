"""Shared fixtures. Real components everywhere: the real embedding model, real Chroma, real SQLite.

Heavy objects are session-scoped so the suite loads each model once.
Add fixtures here only when several test modules need them; keep module-specific ones local.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from rag.services import Services
from rag.settings import Settings

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTIFACTS = REPO / "test-artifacts"


@pytest.fixture(autouse=True)
def _original_main_module() -> Iterator[None]:
    """Streamlit's AppTest runs app.py as ``__main__`` and leaves it there; a later ``spawn`` process would then
    re-run app.py on start (seen: two profile writers both opening the app's database and one exiting 1)."""
    main = sys.modules.get("__main__")
    yield
    if main is not None and sys.modules.get("__main__") is not main:
        sys.modules["__main__"] = main


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test sees the developer's RAG_* variables or writes to their data folder."""
    for key in list(os.environ):
        if key.startswith("RAG_"):
            monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("RAG_HOME", str(tmp_path / "rag_home"))


@pytest.fixture
def make_settings(tmp_path: Path) -> Callable[..., Settings]:
    """Settings with a private RAG_HOME under tmp_path; keyword overrides are field values."""

    def _make(**overrides: object) -> Settings:
        overrides.setdefault("home", tmp_path / "home")
        return Settings(**overrides)  # type: ignore[arg-type]

    return _make


@pytest.fixture(scope="session")
def shared_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("shared_home")


@pytest.fixture(scope="session")
def shared_services(shared_home: Path) -> Iterator[Services]:
    """One Services over the bundled roadmap, indexed once per test session (read-only use, please)."""
    services = Services(Settings(home=shared_home, llm="extractive"))
    services.index.ensure_bundled()
    yield services


@pytest.fixture(scope="session")
def embedder(shared_services: Services):  # noqa: ANN201
    """The real all-MiniLM-L6-v2 embedder, loaded once."""
    return shared_services.embedder


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


# --- server mode (issue 14): a real PostgreSQL 15 and a real `chroma run` on loopback, once per session ---
@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    """Admin URL of a fresh PostgreSQL 15 cluster (Debian's binaries); fails saying what to install if missing."""
    from bench._servers import postgres_missing_message, postgres_server

    missing = postgres_missing_message()
    if missing:
        pytest.fail(missing)
    with postgres_server(fsync=False) as url:
        yield url


@pytest.fixture
def database_url(postgres_admin_url: str) -> str:
    """A new empty database for one test: the RAG_DATABASE_URL of server mode."""
    from bench._servers import create_database

    return create_database(postgres_admin_url)


@pytest.fixture(scope="session")
def chroma_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `chroma run` server (tests keep apart by using their own collection names)."""
    from bench._servers import chroma_server

    with chroma_server(tmp_path_factory.mktemp("chroma_server_session")) as url:
        yield url
