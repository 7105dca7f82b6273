"""Client/server mode: a real `chroma run` server on loopback, reached through RAG_CHROMA_URL."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from index_helpers import ROADMAP

from rag.errors import StoreUnavailableError
from rag.index import Index
from rag.settings import Settings
from ui.server import free_port, stop_process, wait_until

CHROMA = Path(sys.executable).with_name("chroma")  # the venv running the tests, wherever it is


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    assert CHROMA.exists(), f"{CHROMA} is missing: install chromadb==1.5.9 into this venv (make install)"
    port = free_port()
    data = tmp_path_factory.mktemp("chroma_server")
    log = (data / "server.log").open("w")
    proc = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(data / "db"), "--port", str(port), "--host", "127.0.0.1"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"

    def heartbeat() -> bool:
        assert proc.poll() is None, f"chroma server exited early: {(data / 'server.log').read_text()[-2000:]}"
        try:
            return httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    try:
        wait_until(heartbeat, 60, "the chroma server's heartbeat", interval_s=0.2)
        yield url
    finally:
        stop_process(proc, timeout_s=20)
        log.close()


@pytest.mark.slow
def test_ingest_and_retrieve_through_server(
    chroma_url: str, make_settings: Callable[..., Settings], embedder: Any, tmp_path: Path
) -> None:
    settings = make_settings(chroma_url=chroma_url)
    assert settings.store_mode == f"server {chroma_url}"
    index = Index(settings, embedder_factory=lambda: embedder)
    report = index.ingest([ROADMAP])
    assert report.added == ["ai-ml-mastery-roadmap.md"]
    assert index.store.count() == report.chunks_written
    hits = index.retrieve("which vector databases should I learn?", k=3)
    assert hits[0].headings[-1].startswith("Level 2") and hits[0].dense_score is not None
    again = Index(settings, embedder_factory=lambda: embedder).ingest([ROADMAP])
    assert again.unchanged == ["ai-ml-mastery-roadmap.md"] and again.chunks_written == 0
    assert index.stats()["store_mode"].startswith("server http://127.0.0.1:")


def test_unreachable_server_is_a_clear_error(make_settings: Callable[..., Settings], embedder: Any) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    index = Index(make_settings(chroma_url=url), embedder_factory=lambda: embedder)
    with pytest.raises(StoreUnavailableError) as err:
        index.ingest([ROADMAP])
    message = str(err.value)
    assert f"Chroma server at {url} is not reachable" in message
    assert "chroma run --path DIR --port N" in message and "unset RAG_CHROMA_URL" in message
