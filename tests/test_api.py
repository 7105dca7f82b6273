"""The HTTP API over a real ``rag serve`` (uvicorn) on loopback, driven by the real ``openai`` client and httpx.

One server per module (extractive answers over the bundled roadmap, two API keys, a small upload limit).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import openai
import pytest
from api_helpers import RunningApi, running_api

pytestmark = [pytest.mark.slow, pytest.mark.api]

KEY, OTHER_KEY = "test-key-1", "test-key-2"
ANSWERABLE = "Which path fits someone who likes building APIs and deploying things to the cloud?"
OFF_TOPIC = "How do I bake sourdough bread at home?"
UPLOAD_MAX_MB = 0.05
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApi]:
    base = tmp_path_factory.mktemp("api")
    env = {"RAG_LLM": "extractive", "RAG_API_KEYS": f"{KEY}, {OTHER_KEY}", "RAG_API_RATE_LIMIT": "100000",
           "RAG_UPLOAD_MAX_MB": str(UPLOAD_MAX_MB)}
    with running_api(base / "home", env, base / "server.log") as server:
        yield server


@pytest.fixture
def client(api: RunningApi) -> openai.OpenAI:
    return openai.OpenAI(base_url=api.v1, api_key=KEY, max_retries=0, timeout=120)


@pytest.fixture
def http(api: RunningApi) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=api.url, headers={"Authorization": f"Bearer {KEY}"}, timeout=120) as c:
        yield c


def _markers(text: str) -> set[int]:
    return {int(n) for n in re.findall(r"\[(\d+)\]", text)}


def _assert_cited_answer(text: str, rag: dict) -> None:
    assert not rag["refused"], rag
    assert rag["citations"], "an answerable question should come back with citations"
    numbers = {c["n"] for c in rag["citations"]}
    assert _markers(text), f"the answer text keeps its [n] markers: {text!r}"
    assert _markers(text) <= numbers, f"every [n] in the text has a citation: {text!r} vs {sorted(numbers)}"
    for c in rag["citations"]:
        assert 1 <= c["start_line"] <= c["end_line"], c
        assert c["source"] == "ai-ml-mastery-roadmap.md"
    assert rag["retrieved"] and all(h["start_line"] <= h["end_line"] for h in rag["retrieved"])


# --- chat completions ---------------------------------------------------------------------------
def test_non_streaming_answer_has_citations_with_line_ranges(client: openai.OpenAI) -> None:
    completion = client.chat.completions.create(
        model="extractive", messages=[{"role": "user", "content": ANSWERABLE}]
    )
    assert completion.object == "chat.completion"
    assert completion.model == "extractive"
    text = completion.choices[0].message.content
    assert completion.choices[0].finish_reason == "stop"
    rag = completion.model_extra["rag"]
    assert rag["answer"] == text
    assert rag["backend"] == "extractive" and rag["backend_note"]
    _assert_cited_answer(text, rag)
    assert "AI Integration" in text


def test_streaming_answer_ends_with_the_checked_text(client: openai.OpenAI) -> None:
    stream = client.chat.completions.create(
        model="extractive", messages=[{"role": "user", "content": ANSWERABLE}], stream=True
    )
    chunks = list(stream)
    assert len(chunks) >= 3, "role chunk, at least one token chunk, final chunk"
    assert all(c.object == "chat.completion.chunk" for c in chunks)
    assert len({c.id for c in chunks}) == 1
    first, last = chunks[0].model_extra["rag"], chunks[-1].model_extra["rag"]
    assert chunks[0].choices[0].delta.role == "assistant"
    assert first["event"] == "retrieved" and first["retrieved"] and first["backend"] == "extractive"
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert last["event"] == "answer"
    streamed = "".join(c.choices[0].delta.content or "" for c in chunks)
    # an extractive answer is checked before it is streamed: the deltas add up to the final answer
    assert last["answer_replaced"] is False
    assert streamed == last["answer"]
    _assert_cited_answer(streamed, last)
    # the same question without streaming gives the same (deterministic) answer
    plain = client.chat.completions.create(model="extractive", messages=[{"role": "user", "content": ANSWERABLE}])
    assert plain.choices[0].message.content == last["answer"]


def test_refused_question_says_so_in_the_extension(client: openai.OpenAI) -> None:
    completion = client.chat.completions.create(model="extractive", messages=[{"role": "user", "content": OFF_TOPIC}])
    rag = completion.model_extra["rag"]
    assert rag["refused"] is True
    assert rag["refusal_reason"] in ("out of scope", "weak evidence")
    assert rag["citations"] == []
    assert completion.choices[0].message.content  # the refusal explains what the roadmap does cover
    stream = list(client.chat.completions.create(
        model="extractive", messages=[{"role": "user", "content": OFF_TOPIC}], stream=True))
    assert "".join(c.choices[0].delta.content or "" for c in stream) == completion.choices[0].message.content
    assert stream[-1].model_extra["rag"]["refused"] is True


def test_multi_turn_messages_condense_the_follow_up(client: openai.OpenAI) -> None:
    first = client.chat.completions.create(
        model="extractive", messages=[{"role": "user", "content": "What does the Machine Learning Engineering path cover?"}]
    )
    completion = client.chat.completions.create(
        model="extractive",
        messages=[
            {"role": "system", "content": "You are helpful."},
            {"role": "user", "content": "What does the Machine Learning Engineering path cover?"},
            {"role": "assistant", "content": first.choices[0].message.content},
            {"role": "user", "content": "And how long does it take?"},
        ],
    )
    rag = completion.model_extra["rag"]
    assert rag["question"] == "And how long does it take?"
    # condensed with the earlier turn's topic (deterministically without an LLM)
    assert "Machine" in rag["standalone_question"] and "Engineering" in rag["standalone_question"], rag
    assert rag["ignored_roles"] == ["system"]


def test_retrieval_options_travel_in_extra_body(client: openai.OpenAI) -> None:
    completion = client.chat.completions.create(
        model="extractive", messages=[{"role": "user", "content": ANSWERABLE}],
        extra_body={"rag": {"k": 2, "filter": "Interview Preparation"}},
    )
    retrieved = completion.model_extra["rag"]["retrieved"]
    assert 1 <= len(retrieved) <= 2
    assert all("Interview Preparation" in h["label"] for h in retrieved)


def test_unknown_model_is_a_404_in_openai_shape(client: openai.OpenAI) -> None:
    with pytest.raises(openai.NotFoundError) as caught:
        client.chat.completions.create(model="gpt-17", messages=[{"role": "user", "content": ANSWERABLE}])
    error = caught.value.body
    assert error["code"] == "model_not_found" and error["param"] == "model"
    assert "extractive" in error["message"]


def test_models_lists_every_backend_and_its_availability(client: openai.OpenAI) -> None:
    models = {m.id: m.model_extra["rag"] for m in client.models.list()}
    assert set(models) == {"auto", "ollama", "llamacpp", "extractive"}
    assert models["extractive"]["available"] is True
    assert models["ollama"]["available"] is False and models["ollama"]["action"]  # no Ollama on this machine
    assert client.models.retrieve("extractive").id == "extractive"


def test_last_message_must_be_the_users(http: httpx.Client) -> None:
    resp = http.post("/v1/chat/completions", json={"model": "auto", "messages": [{"role": "assistant", "content": "hi"}]})
    assert resp.status_code == 400
    assert resp.json()["error"]["param"] == "messages"


def test_validation_errors_are_400_in_openai_shape(http: httpx.Client) -> None:
    resp = http.post("/v1/chat/completions", json={"model": "auto", "messages": []})
    assert resp.status_code == 400
    error = resp.json()["error"]
    assert error["type"] == "invalid_request_error" and error["param"] == "messages"
    assert set(error) == {"message", "type", "param", "code"}
    bad_json = http.post("/v1/search", content=b"{not json", headers={"content-type": "application/json"})
    assert bad_json.status_code == 400 and "error" in bad_json.json()
    too_long = http.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": "why " * 6000}]})
    assert too_long.status_code == 400 and "characters" in too_long.json()["error"]["message"]
    missing = http.get("/v1/nothing-here")
    assert missing.status_code == 404 and "docs/api.md" in missing.json()["error"]["message"]


# --- auth ---------------------------------------------------------------------------------------
def test_wrong_or_missing_key_is_401(api: RunningApi) -> None:
    wrong = openai.OpenAI(base_url=api.v1, api_key="not-a-key", max_retries=0)
    with pytest.raises(openai.AuthenticationError) as caught:
        wrong.models.list()
    assert caught.value.body["code"] == "invalid_api_key"
    resp = httpx.get(f"{api.v1}/models")
    assert resp.status_code == 401
    assert resp.headers["www-authenticate"].startswith("Bearer")
    assert "Authorization: Bearer" in resp.json()["error"]["message"]
    other = openai.OpenAI(base_url=api.v1, api_key=OTHER_KEY, max_retries=0)
    assert [m.id for m in other.models.list()][0] == "auto"
    assert httpx.get(f"{api.url}/healthz").json() == {"status": "ok"}  # probes need no key
    assert "/v1/chat/completions" in httpx.get(f"{api.url}/openapi.json").json()["paths"]  # nor the schema


def test_readyz_reports_the_index_and_backend(api: RunningApi) -> None:
    resp = httpx.get(f"{api.url}/readyz", timeout=60)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["ready"] is True and body["index"]["chunks"] > 0 and body["backend"] == "extractive"


# --- search -------------------------------------------------------------------------------------
def test_search_returns_passages_with_line_ranges(http: httpx.Client) -> None:
    resp = http.post("/v1/search", json={"query": "FastAPI REST API security", "k": 3})
    assert resp.status_code == 200, resp.text
    hits = resp.json()["data"]
    assert [h["rank"] for h in hits] == [1, 2, 3]
    assert all(1 <= h["start_line"] <= h["end_line"] for h in hits)
    assert any("FastAPI" in h["text"] for h in hits)
    filtered = http.post("/v1/search", json={"query": "projects", "k": 5, "filter": "Machine Learning Engineering Path"})
    assert filtered.json()["data"] and all("Machine Learning Engineering Path" in h["label"] for h in filtered.json()["data"])
    assert http.post("/v1/search", json={"query": ""}).status_code == 400


# --- documents ----------------------------------------------------------------------------------
def _sources(http: httpx.Client) -> list[str]:
    resp = http.get("/v1/documents")
    assert resp.status_code == 200
    return [d["source"] for d in resp.json()["data"]]


def test_upload_search_and_delete_a_document(http: httpx.Client, api: RunningApi) -> None:
    note = b"# Quantum Gardening\n\nThe zylophant technique waters tomatoes with qubits every morning.\n"
    resp = http.post("/v1/documents", files=[("files", ("quantum-gardening.md", note, "text/markdown"))])
    assert resp.status_code == 200, resp.text
    assert resp.json()["report"]["added"] == ["quantum-gardening.md"]
    assert "quantum-gardening.md" in _sources(http)
    hits = http.post("/v1/search", json={"query": "zylophant technique", "k": 1}).json()["data"]
    assert hits[0]["source"] == "quantum-gardening.md"
    assert http.delete("/v1/documents/quantum-gardening.md").json() == {
        "id": "quantum-gardening.md", "object": "document", "deleted": True}
    assert "quantum-gardening.md" not in _sources(http)
    again = http.delete("/v1/documents/quantum-gardening.md")
    assert again.status_code == 404 and again.json()["error"]["code"] == "document_not_found"


@pytest.mark.parametrize(
    ("name", "data", "status", "needle"),
    [
        ("archive.zip", b"PK\x03\x04 not a document", 415, "cannot be indexed"),
        ("huge.md", b"# Big\n\n" + b"word " * int(UPLOAD_MAX_MB * 1024 * 1024 / 4), 413, "upload limit"),
        ("empty.txt", b"", 400, "empty"),
        ("broken.pdf", b"%PDF-1.4 this is not really a pdf", 400, "broken.pdf"),
    ],
)
def test_bad_upload_is_refused_and_indexes_nothing(
    http: httpx.Client, api: RunningApi, name: str, data: bytes, status: int, needle: str
) -> None:
    before = _sources(http)
    good = b"# Fine\n\nA perfectly fine note about gradient descent.\n"
    files = [("files", (name, data, "application/octet-stream"))]
    if status != 400 or name != "broken.pdf":
        files.insert(0, ("files", ("fine-note.md", good, "text/markdown")))  # checked together: nothing written
    resp = http.post("/v1/documents", files=files)
    assert resp.status_code == status, resp.text
    error = resp.json()["error"]
    assert needle in error["message"] and error["param"] == "files"
    assert _sources(http) == before
    uploads = Path(api.log.parent / "home" / "uploads")
    assert not (uploads / name).exists()


# --- eval ---------------------------------------------------------------------------------------
def test_eval_runs_gold_questions_and_gates_against_a_baseline(http: httpx.Client) -> None:
    gold = "\n".join((REPO / "eval" / "gold.jsonl").read_text(encoding="utf-8").splitlines()[:4])
    first = http.post("/v1/eval", json={"gold": gold, "backend": "extractive"}, timeout=300)
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["gate"] is None and body["passed"] is True
    assert len(body["report"]["questions"]) == 4
    assert body["manifest"]["settings"]["api_keys"] == "**********"  # never echoed
    gated = http.post("/v1/eval", json={"gold": gold, "backend": "extractive", "baseline": body["report"],
                                        "include_report": False}, timeout=300)
    assert gated.status_code == 200, gated.text
    result = gated.json()
    assert result["gate"]["regressed"] is False and result["passed"] is True and result["report"] is None
    assert "gate: passed" in result["gate_text"]
    bad = http.post("/v1/eval", json={"gold": '{"id": "x"}'})
    assert bad.status_code == 400 and "gold:1: missing field 'question'" in bad.json()["error"]["message"]
    bad_metric = http.post("/v1/eval", json={"gold": gold, "fail_under": ["speed=1"]})
    assert bad_metric.status_code == 400


def test_no_error_response_carries_a_traceback(api: RunningApi) -> None:
    log = api.log_tail(100_000)
    assert "Traceback" not in log, f"the server logged an unexpected exception:\n{log[-3000:]}"
