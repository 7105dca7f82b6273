"""``rag ask --batch --backend llamacpp`` over 50 gold questions in ONE process, with the real embedded
model in its own process: it completes with exit 0 and writes each result as soon as it is ready.

(Issue 18: the in-process engine once segfaulted on such a batch, losing every answer with exit 139.)
Answers are kept short (RAG_MAX_TOKENS=16, RAG_K=2) so the 50 questions take minutes, not tens.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from llm_fixtures import TEST_THREADS, llm_home  # noqa: F401 - fixture

from rag.llm.models import ensure_model
from rag.services import Services
from rag.settings import Settings

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "eval" / "gold.jsonl"
QUESTIONS = 50


def test_batch_of_50_questions_completes_and_streams_its_lines(
    tmp_path: Path, shared_services: Services, llm_home: Path  # noqa: F811
) -> None:
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(gold) >= QUESTIONS, f"eval/gold.jsonl has only {len(gold)} questions"
    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(json.dumps({"question": g["question"]}) + "\n" for g in gold[:QUESTIONS]))
    gguf = ensure_model(Settings(home=llm_home))
    env = {
        **os.environ,
        "RAG_HOME": str(shared_services.settings.home),  # the bundled roadmap, indexed once per session
        "RAG_LLAMACPP_MODEL": str(gguf),
        "RAG_LLAMACPP_THREADS": str(TEST_THREADS),
        "RAG_MAX_TOKENS": "16",
        "RAG_K": "2",
        "HF_HUB_OFFLINE": "1",
    }
    rag = Path(sys.executable).with_name("rag")
    proc = subprocess.Popen([str(rag), "ask", "--batch", str(batch), "--backend", "llamacpp"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    lines: list[str] = []
    running_when_first = None
    for line in proc.stdout:  # each line is read as soon as the CLI writes it
        if not lines:
            running_when_first = proc.poll() is None
        lines.append(line)
    stderr = proc.stderr.read() if proc.stderr else ""
    code = proc.wait(timeout=60)
    assert code == 0, f"exit {code}: {stderr[-2000:]}"
    assert running_when_first, "the first result only appeared when the batch had ended (not flushed per line)"
    results = [json.loads(line) for line in lines]
    assert len(results) == QUESTIONS
    assert not [r for r in results if "error" in r]
    assert [r["question"] for r in results] == [g["question"] for g in gold[:QUESTIONS]]
    assert all(r["answer"].strip() for r in results)
    by_model = [r for r in results if r["backend"].startswith("llamacpp:")]
    assert len(by_model) >= 10, f"only {len(by_model)} answers came from the model: {[r['backend_note'] for r in results][:5]}"
    assert not [r for r in results if "process stopped" in (r.get("backend_note") or "")]
