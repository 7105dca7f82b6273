"""Embedded LLM engine comparison (issue 18): the prebuilt xllamacpp server (chosen) vs the source-built
llama-cpp-python, with the same Qwen2.5-Coder-0.5B GGUF, the same RAG prompts and the same threads.

Per engine: install time of the engine package alone (fresh venv, ``pip install --no-cache-dir``; full
mode only), model load time, resident memory of the model (the child process for xllamacpp, the growth of
this process for llama-cpp-python), time to first token and generation tokens/s over the answer prompts
of ``bench/answer.py``, and chat-template fidelity: whether both render the same prompt text from the
GGUF's template, and whether greedy answers to the same prompts are identical.

llama-cpp-python is optional (``pip install -e '.[llamacpp-python]'``, compiles ~5 min); without it only
xllamacpp is measured and the reason is recorded.

    .venv/bin/python -m bench.engine            # 5 questions, RAG_MAX_TOKENS, engines' install times
    .venv/bin/python -m bench.engine --quick    # 2 questions, 64 tokens, no install timing
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from langchain_core.messages import BaseMessage

from bench.answer import QUESTIONS, build_prompts
from rag.llm.llamacpp import make_llamacpp_chat, to_chat_messages
from rag.llm.models import ensure_model
from rag.llm.process import model_process
from rag.settings import Settings

XLLAMACPP = "xllamacpp==2026.10.11549"
LLAMA_CPP_PYTHON = "llama-cpp-python==0.3.36"


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def measure(label: str, stream: Any, prompts: list[list[BaseMessage]]) -> tuple[dict[str, Any], list[str]]:
    """Time to first token and tokens/s of ``stream(messages) -> Iterator[str]``, and the answers' texts."""
    runs, texts = [], []
    for messages in prompts:
        start = time.perf_counter()
        first: float | None = None
        parts: list[str] = []
        for text in stream(messages):
            if text:
                parts.append(text)
                if first is None:
                    first = time.perf_counter() - start
        total = time.perf_counter() - start
        runs.append({"ttft_s": first if first is not None else total, "total_s": total, "tokens": len(parts)})
        texts.append("".join(parts))
    gen_time = sum(r["total_s"] - r["ttft_s"] for r in runs)
    gen_tokens = sum(max(r["tokens"] - 1, 0) for r in runs)
    return {
        "backend": label,
        "ttft_median_s": statistics.median(r["ttft_s"] for r in runs),
        "total_median_s": statistics.median(r["total_s"] for r in runs),
        "tokens_mean": statistics.mean(r["tokens"] for r in runs),
        "tokens_per_s": gen_tokens / gen_time if gen_time > 0 else 0.0,
        "runs": runs,
    }, texts


def install_time(requirement: str) -> dict[str, Any]:
    """Seconds to install ``requirement`` alone into a fresh venv with an empty pip cache."""
    with tempfile.TemporaryDirectory(prefix="bench-engine-venv-") as tmp:
        subprocess.run([sys.executable, "-m", "venv", tmp], check=True)
        load = os.getloadavg()[0]
        started = time.perf_counter()
        done = subprocess.run([f"{tmp}/bin/pip", "install", "-q", "--no-cache-dir", requirement],
                              capture_output=True, text=True)
        took = time.perf_counter() - started
    return {"requirement": requirement, "seconds": took, "ok": done.returncode == 0, "load_average_1m": load}


def _measure_xllamacpp(settings: Settings, prompts: list[list[BaseMessage]]) -> tuple[dict[str, Any], list[str]]:
    model_process(settings).stop()  # a cold start, measured
    load = os.getloadavg()[0]
    started = time.perf_counter()
    chat = make_llamacpp_chat(settings)
    row: dict[str, Any] = {"engine": XLLAMACPP, "load_s": time.perf_counter() - started, "load_average_1m": load}
    pid = chat.process.pid
    assert pid is not None
    measured, answers = measure("xllamacpp", lambda m: (str(c.content) for c in chat.stream(m)), prompts)
    row.update(measured)
    row["rss_mib"] = _rss_mib(pid)
    return row, answers


def _llama_cpp_python(path: Path, settings: Settings) -> tuple[Any, float, float]:
    from llama_cpp import Llama  # the optional extra; only this benchmark imports it

    before = _rss_mib(os.getpid())
    started = time.perf_counter()
    llama = Llama(model_path=str(path), n_ctx=settings.n_ctx, n_threads=settings.llamacpp_threads, verbose=False)
    return llama, time.perf_counter() - started, _rss_mib(os.getpid()) - before


def _stream_llama(llama: Any, messages: list[BaseMessage], max_tokens: int) -> Iterator[str]:
    for part in llama.create_chat_completion(messages=to_chat_messages(messages), stream=True, temperature=0.0,
                                             max_tokens=max_tokens):
        text = part["choices"][0].get("delta", {}).get("content") or ""
        if text:
            yield text


def _measure_llama_cpp_python(
    path: Path, settings: Settings, prompts: list[list[BaseMessage]]
) -> tuple[dict[str, Any], list[str], Any]:
    load = os.getloadavg()[0]
    llama, load_s, rss = _llama_cpp_python(path, settings)
    row: dict[str, Any] = {"engine": LLAMA_CPP_PYTHON + " (source build)", "load_s": load_s, "load_average_1m": load}
    measured, answers = measure("llama-cpp-python", lambda m: _stream_llama(llama, m, settings.max_tokens), prompts)
    row.update(measured)
    row["rss_mib"] = rss
    return row, answers, llama


def _template_of(llama: Any, messages: list[BaseMessage]) -> str:
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    formatter = Jinja2ChatFormatter(template=llama.metadata["tokenizer.chat_template"],
                                    eos_token="<|im_end|>", bos_token="")
    return str(formatter(messages=to_chat_messages(messages)).prompt)


def run(quick: bool, threads: int = 1) -> dict[str, Any]:
    """Both engines over the same prompts; ``threads`` defaults to 1 (the machine is shared)."""
    settings = Settings(max_tokens=64 if quick else 160, llamacpp_threads=threads, llm_start_wait_s=300)
    prompts = build_prompts(settings, QUESTIONS[:2] if quick else QUESTIONS)
    results: dict[str, Any] = {"quick": quick, "threads": threads, "max_tokens": settings.max_tokens,
                               "questions": len(prompts), "engines": [], "skipped": {}}
    if not quick:
        results["install"] = [install_time(XLLAMACPP)]
        results["install_note"] = (f"{LLAMA_CPP_PYTHON} compiles from source (cmake + a C++ compiler): about "
                                   "5.5 min on 2 cores, as reported in issue 18; not re-timed here")
    path = ensure_model(settings)
    row, x_answers = _measure_xllamacpp(settings, prompts)
    results["engines"].append(row)
    _progress(row)
    try:
        import llama_cpp  # noqa: F401
    except ImportError:
        results["skipped"][LLAMA_CPP_PYTHON] = "not installed: pip install -e '.[llamacpp-python]'"
        return results
    model_process(settings).stop()  # one engine at a time on the 2 cores
    row, l_answers, llama = _measure_llama_cpp_python(path, settings, prompts)
    results["engines"].append(row)
    _progress(row)
    same_prompt = [_template_of(llama, p) for p in prompts]
    del llama
    server_prompt = [make_llamacpp_chat(settings).apply_template(p) for p in prompts]
    results["template"] = {
        "same_prompt_text": sum(a == b for a, b in zip(same_prompt, server_prompt, strict=True)),
        "identical_answers": sum(a.strip() == b.strip() for a, b in zip(x_answers, l_answers, strict=True)),
        "of": len(prompts),
        "first_difference": next(({"xllamacpp": a, "llama-cpp-python": b}
                                  for a, b in zip(x_answers, l_answers, strict=True) if a.strip() != b.strip()), None),
    }
    return results


def _progress(row: dict[str, Any]) -> None:
    print(f"  measured {row['engine']}: load {row['load_s']:.1f}s, first token {row['ttft_median_s']:.2f}s, "
          f"{row['tokens_per_s']:.1f} tokens/s, {row['rss_mib']:.0f} MiB", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 questions, 64 tokens, no install timing")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args(argv)
    results = run(args.quick, args.threads)
    for row in results["engines"]:
        row.pop("runs", None)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
