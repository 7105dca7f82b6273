"""The regression gate: compare a report with a baseline using paired tests across questions.

The rule (documented in docs/evaluation.md, "The regression gate"):

* Questions are matched by ``id``. A question only in the current report is **new** (``GateResult.new``,
  e.g. one just added to the gold file): it is listed with its pass/fail but never counted by the paired
  tests, so adding questions cannot make the gate fail; it does count in the current report's summary,
  so ``--fail-under`` thresholds apply to it. A question only in the baseline is listed as dropped.
* **McNemar exact test** on pass/fail: ``b`` = pass→fail flips, ``c`` = fail→pass flips; two-sided
  exact binomial p-value ``min(1, 2·P(X ≤ min(b, c)))``, ``X ~ Bin(b + c, ½)``. A regression when
  ``b > c`` and ``p < alpha`` (0.05).
* **Paired bootstrap** (seeded, so deterministic) of the mean per-question difference of the continuous
  metrics in ``CONTINUOUS`` (``key_fact_recall``, ``mrr``). A drop is significant when the whole
  ``1 - alpha`` percentile interval lies below 0 and the mean drop exceeds ``tolerance`` (0.02).
  Such a drop fails the gate only together with at least one pass→fail flip.
* Latency is shown but never gated (it depends on the machine); ``--fail-under`` thresholds are
  checked on the current report (for latency and ``false_refusal_rate`` the threshold is a maximum).
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rag.errors import InputError
from rag.evaluation.metrics import LOWER_IS_BETTER, SUMMARY_METRICS
from rag.evaluation.report import Report, format_value

__all__ = [
    "ALPHA",
    "TOLERANCE",
    "CONTINUOUS",
    "GateResult",
    "MetricRow",
    "Flip",
    "compare",
    "mcnemar_exact",
    "paired_bootstrap",
    "parse_fail_under",
    "check_fail_under",
]

ALPHA = 0.05
TOLERANCE = 0.02
BOOTSTRAP_RESAMPLES = 2000
BOOTSTRAP_SEED = 20261130
CONTINUOUS = {"key_fact_recall": "key_fact_recall", "mrr": "reciprocal_rank"}  # summary name → per-question field


@dataclass(frozen=True)
class MetricRow:
    metric: str
    baseline: float | None
    now: float | None

    @property
    def change(self) -> float | None:
        return None if self.baseline is None or self.now is None else self.now - self.baseline

    def change_text(self) -> str:
        if self.change is None:
            return "n/a"
        unit = " s" if self.metric.startswith("latency") else ""
        return f"{self.change:+.3f}{unit}"


@dataclass(frozen=True)
class Flip:
    id: str
    before: str  # "pass" | "fail"
    after: str
    reason: str


@dataclass(frozen=True)
class BootstrapResult:
    metric: str
    n: int
    mean_diff: float
    low: float
    high: float
    significant_drop: bool

    def to_json(self) -> dict[str, Any]:
        return {k: (round(v, 6) if isinstance(v, float) else v) for k, v in self.__dict__.items()}


@dataclass
class GateResult:
    rows: list[MetricRow]
    flips: list[Flip]
    only_in_baseline: list[str]
    only_in_now: list[str]
    mcnemar: dict[str, Any]
    bootstrap: list[BootstrapResult]
    fail_under_misses: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def new(self) -> list[str]:
        """Ids of questions the baseline does not have (reported, not counted by the paired tests)."""
        return self.only_in_now

    @property
    def regressed(self) -> bool:
        return bool(self.reasons)

    @property
    def exit_code(self) -> int:
        return 1 if self.regressed else 0

    def to_json(self) -> dict[str, Any]:
        return {
            "regressed": self.regressed,
            "reasons": list(self.reasons),
            "notes": list(self.notes),
            "rows": [{"metric": r.metric, "baseline": r.baseline, "now": r.now, "change": r.change} for r in self.rows],
            "flips": [f.__dict__ for f in self.flips],
            "only_in_baseline": self.only_in_baseline,
            "only_in_now": self.only_in_now,
            "new": self.new,
            "mcnemar": self.mcnemar,
            "bootstrap": [b.to_json() for b in self.bootstrap],
            "fail_under_misses": self.fail_under_misses,
        }

    def to_text(self) -> str:
        """A plain-text table for the terminal (the CLI prints it; the core never imports rich)."""
        width = max(len(r.metric) for r in self.rows)
        lines = [f"{'metric':<{width}}  {'baseline':>13}  {'now':>13}  {'change':>9}"]
        lines += [
            f"{r.metric:<{width}}  {format_value(r.metric, r.baseline):>13}  {format_value(r.metric, r.now):>13}  {r.change_text():>9}"
            for r in self.rows
        ]
        m = self.mcnemar
        lines.append(f"McNemar exact: {m['b']} pass→fail, {m['c']} fail→pass, p = {m['p']:.4f} (alpha {ALPHA})")
        for b in self.bootstrap:
            lines.append(
                f"bootstrap {b.metric}: mean change {b.mean_diff:+.3f}, {100 * (1 - ALPHA):.0f}% CI "
                f"[{b.low:+.3f}, {b.high:+.3f}] over {b.n} questions{' — significant drop' if b.significant_drop else ''}"
            )
        if self.flips:
            lines.append("flipped questions:")
            lines += [f"  {f.id}: {f.before} → {f.after}  {f.reason}" for f in self.flips]
        if self.only_in_baseline:
            lines.append(f"only in baseline (dropped, not counted): {', '.join(self.only_in_baseline)}")
        if self.new:
            lines.append(
                f"new (not in baseline; not counted by McNemar/bootstrap, counted by --fail-under): {len(self.new)}: "
                + ", ".join(self.new)
            )
        lines += [f"note: {n}" for n in self.notes]
        lines.append("gate: " + ("REGRESSION — " + "; ".join(self.reasons) if self.reasons else "passed"))
        return "\n".join(lines)


def mcnemar_exact(b: int, c: int) -> float:
    """Two-sided exact McNemar p-value for ``b`` and ``c`` discordant pairs (1.0 when there are none)."""
    n = b + c
    if n == 0:
        return 1.0
    tail = sum(math.comb(n, i) for i in range(min(b, c) + 1)) / 2**n
    return min(1.0, 2 * tail)


def paired_bootstrap(
    diffs: list[float], metric: str, *, alpha: float = ALPHA, tolerance: float = TOLERANCE,
    resamples: int = BOOTSTRAP_RESAMPLES, seed: int = BOOTSTRAP_SEED,
) -> BootstrapResult:
    """Percentile interval of the mean of paired differences (now − baseline), deterministic by ``seed``."""
    n = len(diffs)
    mean = sum(diffs) / n if n else 0.0
    if n == 0 or all(d == diffs[0] for d in diffs):
        return BootstrapResult(metric, n, mean, mean, mean, n > 0 and mean < 0 and -mean > tolerance)
    rng = random.Random(seed)
    means = sorted(sum(diffs[rng.randrange(n)] for _ in range(n)) / n for _ in range(resamples))
    low = means[int(math.floor(alpha / 2 * (resamples - 1)))]
    high = means[int(math.ceil((1 - alpha / 2) * (resamples - 1)))]
    return BootstrapResult(metric, n, mean, low, high, high < 0 and -mean > tolerance)


def parse_fail_under(specs: Iterable[str]) -> dict[str, float]:
    """``["pass_rate=0.8", ...]`` → ``{"pass_rate": 0.8}``; unknown metric or bad syntax → InputError."""
    thresholds: dict[str, float] = {}
    for spec in specs:
        name, sep, raw = spec.partition("=")
        name = name.strip()
        if not sep or name not in SUMMARY_METRICS:
            raise InputError(
                f"--fail-under {spec!r}: use METRIC=VALUE with METRIC one of {', '.join(SUMMARY_METRICS)}."
            )
        try:
            thresholds[name] = float(raw)
        except ValueError as err:
            raise InputError(f"--fail-under {spec!r}: {raw!r} is not a number.") from err
    return thresholds


def check_fail_under(report: Report, thresholds: dict[str, float]) -> list[str]:
    """Misses: a metric not measured, below its threshold, or above it for lower-is-better metrics."""
    misses = []
    for name, limit in thresholds.items():
        value = report.value(name)
        if value is None:
            misses.append(f"{name} not measured (threshold {limit})")
        elif name in LOWER_IS_BETTER and value > limit:
            misses.append(f"{name} {value:.3f} > {limit}")
        elif name not in LOWER_IS_BETTER and value < limit:
            misses.append(f"{name} {value:.3f} < {limit}")
    return misses


def _status(q: dict[str, Any]) -> str:
    return "pass" if q["passed"] else "fail"


def compare(
    baseline: Report, now: Report, *, alpha: float = ALPHA, tolerance: float = TOLERANCE,
    fail_under: dict[str, float] | None = None,
) -> GateResult:
    """Compare ``now`` with ``baseline`` (see the module docstring for the exact rule)."""
    base_q, now_q = baseline.by_id(), now.by_id()
    shared = [i for i in now_q if i in base_q]
    flips = [
        Flip(i, _status(base_q[i]), _status(now_q[i]),
             now_q[i].get("fail_reason", "") if not now_q[i]["passed"] else "now passes")
        for i in shared if base_q[i]["passed"] != now_q[i]["passed"]
    ]
    b = sum(1 for f in flips if f.before == "pass")
    c = len(flips) - b
    p = mcnemar_exact(b, c)
    boot = []
    for metric, fld in CONTINUOUS.items():
        diffs = [
            now_q[i]["metrics"][fld] - base_q[i]["metrics"][fld]
            for i in shared
            if now_q[i]["metrics"].get(fld) is not None and base_q[i]["metrics"].get(fld) is not None
        ]
        boot.append(paired_bootstrap(diffs, metric, alpha=alpha, tolerance=tolerance))
    result = GateResult(
        rows=[MetricRow(m, baseline.value(m), now.value(m)) for m in SUMMARY_METRICS],
        flips=flips,
        only_in_baseline=sorted(set(base_q) - set(now_q)),
        only_in_now=sorted(set(now_q) - set(base_q)),
        mcnemar={"b": b, "c": c, "p": round(p, 6), "significant_drop": b > c and p < alpha},
        bootstrap=boot,
    )
    if result.mcnemar["significant_drop"]:
        result.reasons.append(f"{b} question(s) went pass→fail vs {c} fail→pass (McNemar exact p = {p:.4f} < {alpha})")
    dropped = [x for x in boot if x.significant_drop]
    if b >= 1 and dropped:
        result.reasons += [
            f"{x.metric} dropped by {-x.mean_diff:.3f} (CI [{x.low:+.3f}, {x.high:+.3f}]) with {b} pass→fail flip(s)"
            for x in dropped
        ]
    if fail_under:
        result.fail_under_misses = check_fail_under(now, fail_under)
        result.reasons += [f"--fail-under miss: {m}" for m in result.fail_under_misses]
    bm, nm = baseline.manifest, now.manifest
    if bm.get("gold_sha256") and nm.get("gold_sha256") and bm["gold_sha256"] != nm["gold_sha256"]:
        result.notes.append("the gold files differ (different sha256); only shared ids are compared")
    if bm.get("corpus_hash") and nm.get("corpus_hash") and bm["corpus_hash"] != nm["corpus_hash"]:
        result.notes.append("the indexed corpus differs from the baseline's")
    return result
