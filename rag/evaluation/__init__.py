"""Evaluation harness: gold files, deterministic metrics, reports and the regression gate.

``load_gold(path)`` → ``run_eval(services, gold, backend, k)`` → :class:`Report` →
``compare(baseline, report)`` → :class:`GateResult`. See docs/evaluation.md.
"""

from __future__ import annotations

from rag.evaluation.gate import GateResult, compare, parse_fail_under
from rag.evaluation.gold import GoldFileError, GoldItem, load_gold, parse_gold
from rag.evaluation.html_report import render_html
from rag.evaluation.metrics import SUMMARY_METRICS
from rag.evaluation.report import Report, load_report, render_markdown
from rag.evaluation.runner import run_eval

__all__ = [
    "SUMMARY_METRICS",
    "GateResult",
    "GoldFileError",
    "GoldItem",
    "Report",
    "compare",
    "load_gold",
    "load_report",
    "parse_fail_under",
    "parse_gold",
    "render_html",
    "render_markdown",
    "run_eval",
]
