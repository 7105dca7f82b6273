"""HTTP API benchmark (issue 13): time to first token over HTTP vs in-process, and search under load.

* ``ttft``: the same question's time to the first answer token from the in-process ``Assistant.stream``
  and from a streamed ``POST /v1/chat/completions`` (first chunk with non-empty ``delta.content``, read
  with httpx), both over the bundled roadmap, alternating in-process / HTTP, each question ``repeat``
  times after one warm-up answer on each side (questions alternate, so llama.cpp never reuses the cache
  of the same prompt). Target: ``ttft_ratio`` = median over questions of HTTP / in-process ≤ 1.1.
  Measured for the embedded llama.cpp model (what a user waits for; one thread and 64-token answers on
  both sides, see ``run``) and for the extractive backend (where the first token is only retrieval, so
  the HTTP overhead shows most: ``http_overhead_ms``). ``ttft_ratio_to_server_internal`` compares the
  HTTP time with the server's own condense + retrieve + first-token timings for the same request, which
  takes the two processes' different CPU luck on a shared machine out of the ratio.
* ``answer_replaced_rate``: share of streamed answers whose final chunk says ``answer_replaced`` (the
  citation check rewrote the streamed text; see docs/api.md).
* ``search``: ``POST /v1/search`` (k=5) from ``clients`` concurrent asyncio + httpx clients, each query
  distinct (no query-embedding cache hits): requests/s and p50/p95 latency per concurrency level.

The server is a real ``rag serve`` child process (uvicorn, one worker) with API keys and the rate
limiter on (with a limit far above the load), so auth and limiting costs are included.

    .venv/bin/python -m bench --only api            # or: .venv/bin/python -m bench.api [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rag.schema import TokenEvent
from rag.services import Services
from rag.settings import REPO_DIR, Settings

if str(REPO_DIR) not in sys.path:
    sys.path.insert(0, str(REPO_DIR))

from tests.api_helpers import RunningApi, running_api  # noqa: E402

KEY = "bench-key"
WARM_UP = "What does the roadmap cover?"
LLM_MAX_TOKENS = 64
QUESTIONS = [
    "Which path fits someone who likes building APIs and deploying things to the cloud?",
    "What are the first steps to get going?",
    "Which books does the roadmap recommend?",
]


def _gold_questions() -> list[str]:
    lines = (REPO_DIR / "eval" / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines if line.strip()]


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def inprocess_ttft(services: Services, question: str, backend: str) -> float:
    """Seconds from calling ``Assistant.stream`` to its first non-empty token (the answer is read to the end,
    as the server does, so the model is free again afterwards)."""
    started = time.perf_counter()
    first: float | None = None
    for event in services.assistant.stream(question, backend=backend):
        if first is None and isinstance(event, TokenEvent) and event.text:
            first = time.perf_counter() - started
    return first if first is not None else time.perf_counter() - started  # a refusal: no tokens


def http_stream(http: Any, question: str, backend: str) -> tuple[float, bool, str, float]:
    """(seconds to the first content delta, answer_replaced, backend, the server's own time to first token)."""
    body = {"model": backend, "stream": True, "messages": [{"role": "user", "content": question}]}
    first: float | None = None
    replaced, used, internal = False, "", 0.0
    started = time.perf_counter()
    with http.stream("POST", "/v1/chat/completions", json=body) as resp:
        resp.raise_for_status()
        for line in resp.iter_lines():
            if not line.startswith("data: ") or line == "data: [DONE]":
                continue
            chunk = json.loads(line[6:])
            if first is None and chunk["choices"] and chunk["choices"][0]["delta"].get("content"):
                first = time.perf_counter() - started
            if chunk.get("rag", {}).get("event") == "answer":
                replaced, used = bool(chunk["rag"]["answer_replaced"]), chunk["rag"]["backend"]
                t = chunk["rag"]["timings"]
                internal = sum(t.get(k, 0.0) for k in ("condense_s", "retrieve_s", "first_token_s"))
    return (first if first is not None else time.perf_counter() - started), replaced, used, internal


def measure_ttft(services: Services, http: Any, backend: str, questions: list[str], repeat: int) -> dict[str, Any]:
    """Questions alternate (q1 q2 q3 q1 q2 q3 ...), so no side reuses llama.cpp's cache of the same prompt."""
    inprocess_ttft(services, WARM_UP, backend)  # model load and first-call costs are not counted
    http_stream(http, WARM_UP, backend)
    local: dict[str, list[float]] = {q: [] for q in questions}
    remote: dict[str, list[float]] = {q: [] for q in questions}
    internal: dict[str, list[float]] = {q: [] for q in questions}
    replaced: list[bool] = []
    backends: set[str] = set()
    for _ in range(repeat):
        for question in questions:
            local[question].append(inprocess_ttft(services, question, backend))
            seconds, was_replaced, used, inside = http_stream(http, question, backend)
            remote[question].append(seconds)
            internal[question].append(inside)
            replaced.append(was_replaced)
            backends.add(used)
    per_question = [
        {"question": q[:60], "inprocess_ttft_s": statistics.median(local[q]), "http_ttft_s": statistics.median(remote[q]),
         "ratio": statistics.median(remote[q]) / statistics.median(local[q]),
         "server_internal_ttft_s": statistics.median(internal[q]),
         "ratio_to_server_internal": statistics.median(remote[q]) / statistics.median(internal[q])}
        for q in questions
    ]
    return {
        "ttft_ratio": statistics.median(q["ratio"] for q in per_question),
        "inprocess_ttft_s": statistics.median(q["inprocess_ttft_s"] for q in per_question),
        "http_ttft_s": statistics.median(q["http_ttft_s"] for q in per_question),
        "ttft_ratio_to_server_internal": statistics.median(q["ratio_to_server_internal"] for q in per_question),
        "http_overhead_ms": 1000 * statistics.median(q["http_ttft_s"] - q["inprocess_ttft_s"] for q in per_question),
        "answer_replaced_rate": sum(replaced) / len(replaced),
        "answers": len(replaced),
        "server_backends": ", ".join(sorted(backends)),
        "questions": {str(i): q for i, q in enumerate(per_question, start=1)},
    }


def replaced_rate(http: Any, backend: str, questions: list[str]) -> float:
    return sum(http_stream(http, q, backend)[1] for q in questions) / len(questions)


async def _search_load(api: RunningApi, queries: list[str], clients: int) -> dict[str, float]:
    import httpx

    latencies: list[float] = []
    errors = 0
    pending = list(queries)

    async def worker(http: httpx.AsyncClient) -> None:
        nonlocal errors
        while pending:
            query = pending.pop()
            started = time.perf_counter()
            resp = await http.post("/v1/search", json={"query": query, "k": 5})
            latencies.append(time.perf_counter() - started)
            errors += resp.status_code != 200

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=api.url, headers={"Authorization": f"Bearer {KEY}"}, timeout=120,
                                 limits=limits) as http:
        started = time.perf_counter()
        await asyncio.gather(*(worker(http) for _ in range(clients)))
        wall = time.perf_counter() - started
    return {
        "requests": len(latencies),
        "errors": errors,
        "requests_per_s": len(latencies) / wall,
        "p50_ms": 1000 * statistics.median(latencies),
        "p95_ms": 1000 * _pct(latencies, 0.95),
    }


def measure_search(api: RunningApi, levels: list[int], per_level: int) -> dict[str, Any]:
    gold = _gold_questions()
    results: dict[str, Any] = {}
    for n, clients in enumerate(levels):
        # distinct text per request: every query is embedded (no hit in the server's query cache)
        queries = [f"{gold[i % len(gold)]} ({n}-{i})" for i in range(per_level)]
        results[f"clients_{clients}"] = asyncio.run(_search_load(api, queries, clients))
    return results


def run(quick: bool = False, repeat: int | None = None) -> dict[str, Any]:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    repeat = repeat or (1 if quick else 2)
    questions = QUESTIONS[:1] if quick else QUESTIONS
    result: dict[str, Any] = {"load_average_at_start": round(os.getloadavg()[0], 2)}
    with tempfile.TemporaryDirectory(prefix="bench-api-") as tmp:
        base = Path(tmp)
        # one llama.cpp thread and short answers on both sides: on a shared 2-core machine two spinning
        # threads per process slow generation down many times over (tests/llm_fixtures.py); TTFT does
        # not depend on the answer length
        services = Services(Settings(home=base / "inprocess", llamacpp_threads=1, max_tokens=LLM_MAX_TOKENS))
        services.index.ensure_bundled()
        from rag.llm.models import ensure_model

        gguf = ensure_model(services.settings)  # the server loads the same file (assembled once)
        env = {"RAG_API_KEYS": KEY, "RAG_API_RATE_LIMIT": "1000000000", "RAG_LLAMACPP_MODEL": str(gguf),
               "RAG_LLAMACPP_THREADS": "1", "RAG_MAX_TOKENS": str(LLM_MAX_TOKENS)}
        import httpx

        with running_api(base / "server", env, base / "server.log") as api, httpx.Client(
            base_url=api.url, headers={"Authorization": f"Bearer {KEY}"}, timeout=600
        ) as http:
            result["search"] = measure_search(api, [1, 4] if quick else [1, 4, 16], 40 if quick else 240)
            result["extractive"] = measure_ttft(services, http, "extractive", questions, repeat)
            result["extractive"]["answer_replaced_rate_gold"] = replaced_rate(
                http, "extractive", _gold_questions()[: 10 if quick else 80])
            result["llamacpp"] = measure_ttft(services, http, "llamacpp", questions, repeat)
    result["load_average_at_end"] = round(os.getloadavg()[0], 2)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.api", description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeat", type=int)
    args = parser.parse_args(argv)
    print(json.dumps(run(args.quick, args.repeat), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
