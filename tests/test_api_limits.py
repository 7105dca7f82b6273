"""The API's front door on a real server: per-key rate limits (429 + Retry-After), the request body limit
(413, with and without Content-Length), loopback-only without keys, and no stack trace in a 500."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import openai
import pytest
from api_helpers import RunningApi, running_api

from rag.api import create_app
from rag.services import Services
from ui.server import REPO

RATE_KEY, BODY_KEY, EMPTY_KEY = "rate-key", "body-key", "empty-key"
LIMIT = 3


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApi]:
    base = tmp_path_factory.mktemp("api_limits")
    env = {"RAG_LLM": "extractive", "RAG_API_KEYS": f"{RATE_KEY},{BODY_KEY},{EMPTY_KEY}", "RAG_API_RATE_LIMIT": str(LIMIT),
           "RAG_API_MAX_BODY_MB": "0.01"}
    with running_api(base / "home", env, base / "server.log", ingest=False) as server:
        yield server


@pytest.mark.slow
@pytest.mark.api
def test_rate_limit_is_per_key_with_retry_after(api: RunningApi) -> None:
    client = openai.OpenAI(base_url=api.v1, api_key=RATE_KEY, max_retries=0)
    for _ in range(LIMIT):
        client.models.list()
    with pytest.raises(openai.RateLimitError) as caught:
        client.models.list()
    response = caught.value.response
    assert response.status_code == 429
    retry_after = int(response.headers["retry-after"])
    assert 1 <= retry_after <= 60
    assert caught.value.body["code"] == "rate_limit_exceeded" and "RAG_API_RATE_LIMIT" in caught.value.body["message"]
    # another key has its own budget, and probes are never limited
    assert httpx.get(f"{api.v1}/documents", headers={"Authorization": f"Bearer {BODY_KEY}"}).status_code == 200
    assert all(httpx.get(f"{api.url}/healthz").status_code == 200 for _ in range(LIMIT + 1))


@pytest.mark.slow
@pytest.mark.api
def test_request_body_over_the_limit_is_413(api: RunningApi) -> None:
    big = {"query": "x" * 20_000}
    headers = {"Authorization": f"Bearer {BODY_KEY}"}
    resp = httpx.post(f"{api.v1}/search", json=big, headers=headers)
    assert resp.status_code == 413
    assert "RAG_API_MAX_BODY_MB" in resp.json()["error"]["message"]

    def chunked() -> Iterator[bytes]:  # no Content-Length: the server counts the bytes as they arrive
        yield b'{"query": "'
        for _ in range(40):
            yield b"y" * 1000
        yield b'"}'

    resp = httpx.post(f"{api.v1}/search", content=chunked(), headers={**headers, "content-type": "application/json"})
    assert resp.status_code == 413, resp.text
    assert resp.json()["error"]["code"] == "request_too_large"


@pytest.mark.slow
@pytest.mark.api
def test_an_empty_index_is_503_with_what_to_do_and_not_ready(api: RunningApi) -> None:
    client = openai.OpenAI(base_url=api.v1, api_key=EMPTY_KEY, max_retries=0)
    for stream in (False, True):
        with pytest.raises(openai.InternalServerError) as caught:
            client.chat.completions.create(
                model="extractive", stream=stream, messages=[{"role": "user", "content": "Which vector databases should I learn?"}])
        assert caught.value.status_code == 503
        assert caught.value.body["code"] == "index_empty" and "rag ingest" in caught.value.body["message"]
    ready = httpx.get(f"{api.url}/readyz", timeout=60)
    assert ready.status_code == 503 and ready.json()["ready"] is False
    assert any("nothing is indexed" in p for p in ready.json()["problems"])


@pytest.mark.slow
@pytest.mark.api
def test_serve_refuses_a_public_address_without_keys(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "RAG_HOME": str(tmp_path / "home"), "HF_HUB_OFFLINE": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "rag.cli", "serve", "--host", "0.0.0.0", "--port", "0"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 1
    assert "Refusing to listen on 0.0.0.0 without API keys" in proc.stderr
    assert "RAG_API_KEYS" in proc.stderr and "Traceback" not in proc.stderr


def test_without_keys_only_loopback_clients_are_served(make_settings) -> None:  # noqa: ANN001
    asyncio.run(_loopback_only(create_app(make_settings(llm="extractive"))))


async def _loopback_only(app) -> None:  # noqa: ANN001
    async with app.router.lifespan_context(app):
        for client, status in ((("192.0.2.7", 5000), 403), (("127.0.0.1", 5000), 200)):
            transport = httpx.ASGITransport(app=app, client=client)
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
                resp = await http.get("/healthz")
                assert resp.status_code == status, resp.text
        assert "loopback" in (await _get_from(app, ("192.0.2.7", 1), "/v1/models")).json()["error"]["message"]


async def _get_from(app, client: tuple[str, int], path: str) -> httpx.Response:  # noqa: ANN001
    transport = httpx.ASGITransport(app=app, client=client)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        return await http.get(path)


class _BrokenIndex:
    def documents(self) -> list:
        raise RuntimeError("secret detail /srv/private/path")

    def stats(self) -> dict:
        return {"chunks": 0}


class _BrokenServices(Services):
    @property  # type: ignore[override]
    def index(self):  # noqa: ANN201
        return _BrokenIndex()


def test_unexpected_errors_are_a_generic_500(make_settings) -> None:  # noqa: ANN001
    settings = make_settings(llm="extractive")
    resp = asyncio.run(_broken_documents(create_app(settings, _BrokenServices(settings))))
    assert resp.status_code == 500
    error = resp.json()["error"]
    assert error["type"] == "server_error" and error["code"] == "internal_error"
    assert "secret" not in resp.text and "Traceback" not in resp.text and "RuntimeError" not in resp.text


async def _broken_documents(app) -> httpx.Response:  # noqa: ANN001
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            return await http.get("/v1/documents")
