"""CI gate: the project gold set, answered by the extractive backend, must not regress from eval/baseline.json.

Deterministic: the extractive backend and retrieval are deterministic, the bootstrap is seeded and
latency is not gated. When a change *improves* the numbers, regenerate the baseline with
``make eval-baseline`` and commit it with the change.

Questions added to the gold file since the baseline are "new": the gate lists them and does not count
them (``GateResult.new``), so growing the gold file never breaks this test; regenerate the baseline to
start gating them. Questions *removed* from the gold file fail it (a baseline question must not vanish).
"""

from __future__ import annotations

from pathlib import Path

from rag.evaluation import compare, load_gold, load_report, run_eval
from rag.services import Services

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "eval" / "gold.jsonl"
BASELINE = REPO / "eval" / "baseline.json"


def test_gold_set_does_not_regress_from_the_committed_baseline(shared_services: Services) -> None:
    assert BASELINE.is_file(), f"{BASELINE} is missing: create it with `make eval-baseline` and commit it"
    baseline = load_report(BASELINE)
    # a fresh Assistant over the shared index: no state left by other tests' questions
    services = Services(shared_services.settings)
    services.__dict__["index"] = shared_services.index
    report = run_eval(services, load_gold(GOLD), "extractive", baseline.manifest.get("k") or 5, gold_path=GOLD)
    gate = compare(baseline, report)
    assert not gate.only_in_baseline, f"questions dropped from the gold file: {gate.only_in_baseline}; run `make eval-baseline`"
    assert len(gate.new) == report.summary["questions"] - baseline.summary["questions"]
    assert not gate.regressed, "evaluation regressed against eval/baseline.json:\n" + gate.to_text()
