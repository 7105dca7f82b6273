"""Answer-generation benchmark: time to first token, total answer time and tokens/s per backend.

Backends: the embedded llama.cpp 0.5B and 1.5B models, and the Ollama stand-in (tests/ollama_standin.py:
Ollama's HTTP API with the 0.5B model behind it, i.e. 0.5B + HTTP/NDJSON overhead). Each answers
~5 roadmap questions with a realistic RAG prompt: ``prompts/answer.j2`` over 5 passages of the bundled
roadmap chosen by term overlap (no embedding model needed, so the numbers are generation only).

    .venv/bin/python -m bench.answer            # full: 5 questions, RAG_MAX_TOKENS tokens
    .venv/bin/python -m bench.answer --quick    # 2 questions, 64 tokens

:func:`measure_backend` times any LangChain chat model over a list of prompts; other measurements
(e.g. the pipeline overhead share) can reuse it.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import sys
import time
from collections.abc import Sequence
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

from rag.errors import RagError
from rag.ingest.chunking import chunk_document
from rag.ingest.loaders import load_document
from rag.lexical import query_terms
from rag.llm.models import MODELS
from rag.prompts import render_messages
from rag.settings import BUNDLED_CORPUS, REPO_DIR, Settings

log = logging.getLogger(__name__)

QUESTIONS = [
    "What should I learn first to become a machine learning engineer?",
    "Which math topics does the roadmap recommend for deep learning?",
    "How do I learn to deploy machine learning models to production?",
    "What projects should I build to practise natural language processing?",
    "Which tools does the roadmap list for MLOps?",
]
REFUSAL = "The roadmap does not cover that."
_ROLES: dict[str, type[BaseMessage]] = {"system": SystemMessage, "user": HumanMessage, "assistant": AIMessage}


def build_prompts(settings: Settings, questions: Sequence[str], k: int = 5) -> list[list[BaseMessage]]:
    """One answer prompt per question over the ``k`` chunks of the bundled roadmap sharing most terms."""
    doc = load_document(BUNDLED_CORPUS)
    chunks = chunk_document(doc, BUNDLED_CORPUS.name, settings.chunk_max_chars, settings.chunk_overlap_chars)
    prompts = []
    for question in questions:
        terms = set(query_terms(question))
        ranked = sorted(chunks, key=lambda c: -len(terms & set(query_terms(c.text + " " + c.label))))[:k]
        passages = [{"n": i, "title": c.label, "text": c.text} for i, c in enumerate(ranked, start=1)]
        messages = render_messages(
            "answer", settings.prompts_dir, question=question, passages=passages, refusal=REFUSAL
        )
        prompts.append([_ROLES[role](content=text) for role, text in messages])
    return prompts


def measure_backend(
    label: str, chat_model: BaseChatModel, prompts: Sequence[list[BaseMessage]], **call_kwargs: Any
) -> dict[str, Any]:
    """Stream each prompt through ``chat_model``; time to first token, total time and tokens/s.

    "Tokens" are streamed content chunks (one per generated token for llama.cpp and Ollama).
    """
    runs = []
    for messages in prompts:
        start = time.perf_counter()
        first: float | None = None
        tokens = 0
        for chunk in chat_model.stream(messages, **call_kwargs):
            if chunk.content:
                tokens += 1
                if first is None:
                    first = time.perf_counter() - start
        total = time.perf_counter() - start
        ttft = first if first is not None else total
        runs.append({"ttft_s": ttft, "total_s": total, "tokens": tokens})
    gen_time = sum(r["total_s"] - r["ttft_s"] for r in runs)
    gen_tokens = sum(max(r["tokens"] - 1, 0) for r in runs)
    return {
        "backend": label,
        "questions": len(runs),
        "ttft_median_s": statistics.median(r["ttft_s"] for r in runs),
        "total_median_s": statistics.median(r["total_s"] for r in runs),
        "tokens_mean": statistics.mean(r["tokens"] for r in runs),
        "tokens_per_s": gen_tokens / gen_time if gen_time > 0 else 0.0,
        "runs": runs,
    }


def _llamacpp(settings: Settings, name: str) -> BaseChatModel | str:
    from rag.llm.llamacpp import make_llamacpp_chat

    spec = MODELS[name]
    if spec.missing_parts():
        return f"not installed ({spec.install_hint})"
    try:
        return make_llamacpp_chat(settings.model_copy(update={"llamacpp_model": name}))
    except RagError as err:
        return str(err)


def run(quick: bool, threads: int | None = None) -> dict[str, Any]:
    """Measure every backend; ``quick`` = 2 questions and 64 answer tokens; ``threads`` overrides
    RAG_LLAMACPP_THREADS (use 1 on a busy machine: spinning llama.cpp threads collapse under contention)."""
    settings = Settings(max_tokens=64) if quick else Settings()
    if threads:
        settings = settings.model_copy(update={"llamacpp_threads": threads})
    questions = QUESTIONS[:2] if quick else QUESTIONS
    prompts = build_prompts(settings, questions)
    results: dict[str, Any] = {
        "quick": quick,
        "max_tokens": settings.max_tokens,
        "threads": settings.llamacpp_threads,
        "load_average_1m": os.getloadavg()[0],
        "backends": [],
        "skipped": {},
    }
    from rag.llm.llamacpp import ChatLlamaCpp

    results["prompt_tokens_mean"] = None
    for name in ("qwen2.5-coder-0.5b", "qwen2.5-coder-1.5b"):
        t0 = time.perf_counter()
        chat = _llamacpp(settings, name)
        if isinstance(chat, str):
            results["skipped"][f"llamacpp:{name}"] = chat
            continue
        assert isinstance(chat, ChatLlamaCpp)
        load_s = time.perf_counter() - t0
        if results["prompt_tokens_mean"] is None:
            results["prompt_tokens_mean"] = statistics.mean(chat.count_prompt_tokens(p) for p in prompts)
        row = measure_backend(f"llamacpp:{name}", chat, prompts)
        row["load_s"] = load_s
        results["backends"].append(row)
        _progress(row)
        if name == "qwen2.5-coder-0.5b":
            results["backends"].append(_measure_standin(settings, chat, prompts))
            _progress(results["backends"][-1])
    return results


def _measure_standin(
    settings: Settings, chat: BaseChatModel, prompts: Sequence[list[BaseMessage]]
) -> dict[str, Any]:
    if str(REPO_DIR) not in sys.path:
        sys.path.insert(0, str(REPO_DIR))
    from rag.llm.ollama import estimate_tokens, make_ollama_chat, num_ctx_for
    from tests.ollama_standin import OllamaStandIn

    model = "qwen2.5-coder:0.5b-instruct"
    with OllamaStandIn(chat, models=[model]) as standin:  # type: ignore[arg-type]
        ollama_settings = settings.model_copy(update={"ollama_url": standin.url, "ollama_model": model})
        longest = max(sum(estimate_tokens(str(m.content)) for m in p) for p in prompts)
        num_ctx = num_ctx_for(longest, settings.max_tokens, cap=settings.n_ctx)
        row = measure_backend("ollama-standin:0.5b", make_ollama_chat(ollama_settings, num_ctx), prompts)
    row["num_ctx"] = num_ctx
    return row


def _progress(row: dict[str, Any]) -> None:
    print(f"  measured {row['backend']}: {row['tokens_per_s']:.1f} tokens/s", file=sys.stderr, flush=True)


def _print(results: dict[str, Any]) -> None:
    print(
        f"answer generation: {len(results['backends'][0]['runs']) if results['backends'] else 0} questions, "
        f"max_tokens={results['max_tokens']}, prompt ~{results['prompt_tokens_mean'] or 0:.0f} tokens (5 passages), "
        f"{results['threads']} llama.cpp thread(s), load average {results['load_average_1m']:.1f} at start"
    )
    print(f"{'backend':28} {'ttft p50':>9} {'total p50':>10} {'tokens':>7} {'tok/s':>7}")
    for row in results["backends"]:
        print(
            f"{row['backend']:28} {row['ttft_median_s']:8.2f}s {row['total_median_s']:9.2f}s "
            f"{row['tokens_mean']:7.0f} {row['tokens_per_s']:7.1f}"
        )
    for name, why in results["skipped"].items():
        print(f"{name:28} skipped: {why}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 questions, 64 answer tokens")
    parser.add_argument("--json", action="store_true", help="print the raw results as JSON too")
    parser.add_argument(
        "--threads", type=int, default=None, help="llama.cpp threads (default RAG_LLAMACPP_THREADS)"
    )
    args = parser.parse_args(argv)
    results = run(args.quick, args.threads)
    _print(results)
    if args.json:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
