"""``POST /v1/eval``: run gold questions against this server's assistant, gate against an optional baseline."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends

from rag.api.deps import get_services
from rag.api.schemas import EvalRequest, EvalResponse
from rag.evaluation import Report, compare, parse_fail_under, parse_gold, run_eval
from rag.evaluation.gate import check_fail_under
from rag.services import Services

router = APIRouter(prefix="/v1", tags=["eval"])


@router.post("/eval", response_model=EvalResponse)
def evaluate(body: EvalRequest, services: Annotated[Services, Depends(get_services)]) -> EvalResponse:
    """The same run and gate as ``rag eval --gold ... --baseline ...``, answered by this server (synchronous)."""
    thresholds = parse_fail_under(body.fail_under)
    baseline = Report.from_json(body.baseline, "baseline") if body.baseline is not None else None
    text = body.gold if isinstance(body.gold, str) else "\n".join(json.dumps(item) for item in body.gold)
    gold = parse_gold(text, "gold")
    report = run_eval(services, gold, body.backend, body.k)
    gate = compare(baseline, report, fail_under=thresholds) if baseline else None
    misses = gate.fail_under_misses if gate else check_fail_under(report, thresholds)
    return EvalResponse(
        summary=report.summary,
        manifest=report.manifest,
        gate=gate.to_json() if gate else None,
        gate_text=gate.to_text() if gate else None,
        passed=not (gate and gate.regressed) and not misses,
        fail_under_misses=misses,
        report=report.to_json() if body.include_report else None,
    )
