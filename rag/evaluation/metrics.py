"""Deterministic evaluation metrics. Pure functions; nothing here returns NaN.

A metric that cannot be computed (no question in its scope) has ``value = None`` ("not measured")
and always carries ``n`` (how many units it was computed over) and ``not_measured`` (how many
in-scope questions contributed nothing). Exact definitions: ``docs/evaluation.md``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rag.evaluation.gold import KeyFact

__all__ = [
    "SUMMARY_METRICS",
    "HIGHER_IS_BETTER",
    "LOWER_IS_BETTER",
    "PASS_KEY_FACT_RECALL",
    "fact_text",
    "MetricValue",
    "QuestionMetrics",
    "normalise",
    "source_matches",
    "matches_any",
    "first_match_rank",
    "key_facts_present",
    "key_fact_recall",
    "support_pairs",
    "score_question",
    "percentile",
    "summarise",
    "confusion_matrix",
]

SUMMARY_METRICS = (
    "hit_rate",
    "mrr",
    "cited_hit_rate",
    "citation_precision",
    "supported_citation_rate",
    "key_fact_recall",
    "refusal_rate_unanswerable",
    "false_refusal_rate",
    "latency_p50_s",
    "latency_p95_s",
    "pass_rate",
)
LOWER_IS_BETTER = {"false_refusal_rate", "latency_p50_s", "latency_p95_s"}
HIGHER_IS_BETTER = set(SUMMARY_METRICS) - LOWER_IS_BETTER
PASS_KEY_FACT_RECALL = 0.5  # the pass rule's minimum key-fact recall
ENTRY_SEP = " > "

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    """Casefold, NFKC, every run of punctuation/whitespace becomes one space (``"CNN/RNN"`` → ``"cnn rnn"``)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_NON_WORD.sub(" ", text).split())


# --- sources ---------------------------------------------------------------------------------
def source_matches(label: str, entry: str) -> bool:
    """True when every `` > ``-separated fragment of ``entry`` occurs (case-insensitively) in ``label``."""
    fragments = [f.strip().casefold() for f in entry.split(ENTRY_SEP) if f.strip()]
    folded = label.casefold()
    return bool(fragments) and all(f in folded for f in fragments)


def matches_any(label: str, entries: Iterable[str]) -> bool:
    return any(source_matches(label, e) for e in entries)


def first_match_rank(labels: Sequence[str], entries: Sequence[str], k: int) -> int | None:
    """1-based rank of the first of the top ``k`` labels matching an entry, or None."""
    for rank, label in enumerate(labels[:k], start=1):
        if matches_any(label, entries):
            return rank
    return None


# --- key facts -------------------------------------------------------------------------------
def _fact_in(alternative: str, padded_answer: str) -> bool:
    needle = normalise(alternative)
    return bool(needle) and f" {needle} " in padded_answer


def key_facts_present(answer: str, key_facts: Sequence[KeyFact]) -> list[bool]:
    """For each key fact: does any alternative occur in the answer as whole normalised words?"""
    padded = f" {normalise(answer)} "
    return [any(_fact_in(alt, padded) for alt in ([f] if isinstance(f, str) else f)) for f in key_facts]


def key_fact_recall(answer: str, key_facts: Sequence[KeyFact]) -> float | None:
    """Share of key facts present; None when the question has no key facts."""
    if not key_facts:
        return None
    present = key_facts_present(answer, key_facts)
    return sum(present) / len(present)


def fact_text(fact: KeyFact) -> str:
    return fact if isinstance(fact, str) else " | ".join(fact)


# --- citations -------------------------------------------------------------------------------
def support_pairs(
    citations: Sequence[dict[str, Any]], check: Callable[[str, str], bool] | None = None
) -> list[bool]:
    """``is_supported(sentence, passage)`` for every (citing sentence, cited passage) pair."""
    if check is None:
        from rag.citations import is_supported

        check = is_supported
    return [bool(check(s, _passage(c))) for c in citations for s in c.get("sentences", [])]


def _passage(citation: dict[str, Any]) -> str:
    """What the answer pipeline checks a sentence against: the headings and the text (citations.passage_text)."""
    return "\n".join([*citation.get("headings", []), citation.get("text", "")])


@dataclass
class QuestionMetrics:
    """Every per-question metric; None = not in this metric's scope or not computable."""

    hit: bool | None = None  # answerable: a matching passage in the top k
    first_match_rank: int | None = None
    reciprocal_rank: float | None = None  # answerable: 1/rank of the first matching passage, 0 if none
    cited_hit: bool | None = None  # answered + answerable: at least one citation matches
    citations: int = 0
    citations_matching: int | None = None  # answered + answerable
    support_checked: int = 0  # (sentence, passage) pairs checked (answered questions)
    support_ok: int = 0
    key_facts_present: list[bool] = field(default_factory=list)
    key_facts_missing: list[str] = field(default_factory=list)
    key_fact_recall: float | None = None  # answerable with key facts

    def to_json(self) -> dict[str, Any]:
        return {
            "hit": self.hit,
            "first_match_rank": self.first_match_rank,
            "reciprocal_rank": self.reciprocal_rank,
            "cited_hit": self.cited_hit,
            "citations": self.citations,
            "citations_matching": self.citations_matching,
            "support_checked": self.support_checked,
            "support_ok": self.support_ok,
            "key_facts_present": list(self.key_facts_present),
            "key_facts_missing": list(self.key_facts_missing),
            "key_fact_recall": self.key_fact_recall,
        }


def score_question(
    *,
    answerable: bool,
    expected_sources: Sequence[str],
    key_facts: Sequence[KeyFact],
    answer: str,
    refused: bool,
    retrieved_labels: Sequence[str],
    citations: Sequence[dict[str, Any]],
    k: int,
    check: Callable[[str, str], bool] | None = None,
) -> tuple[QuestionMetrics, bool, str]:
    """Per-question metrics, pass/fail and the fail reason ("" when passed).

    Pass rule: answerable → not refused AND cites ≥ 1 expected source AND key-fact recall ≥ 0.5
    (or no key facts); unanswerable → refused.
    """
    m = QuestionMetrics(citations=len(citations))
    if not refused:
        pairs = support_pairs(citations, check)
        m.support_checked, m.support_ok = len(pairs), sum(pairs)
    if answerable:
        m.first_match_rank = first_match_rank(retrieved_labels, expected_sources, k)
        m.hit = m.first_match_rank is not None
        m.reciprocal_rank = 1.0 / m.first_match_rank if m.first_match_rank else 0.0
        if key_facts:
            m.key_facts_present = key_facts_present(answer, key_facts)
            m.key_facts_missing = [fact_text(f) for f, ok in zip(key_facts, m.key_facts_present, strict=True) if not ok]
            m.key_fact_recall = sum(m.key_facts_present) / len(key_facts)
        if not refused:
            m.citations_matching = sum(matches_any(c.get("label", ""), expected_sources) for c in citations)
            m.cited_hit = m.citations_matching > 0
    if not answerable:
        return m, refused, "" if refused else "answered a question that should be refused"
    reasons: list[str] = []
    if refused:
        reasons.append("refused an answerable question")
    elif not m.cited_hit:
        cited = sorted({c.get("label", "") for c in citations}) or ["nothing"]
        reasons.append(f"cites no expected source (cited: {'; '.join(cited)})")
    if m.key_fact_recall is not None and m.key_fact_recall < PASS_KEY_FACT_RECALL:
        reasons.append(f"key facts missing: {', '.join(m.key_facts_missing)}")
    return m, not reasons, "; ".join(reasons)


# --- aggregation -----------------------------------------------------------------------------
@dataclass(frozen=True)
class MetricValue:
    value: float | None  # None = not measured
    n: int
    not_measured: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"value": None if self.value is None else round(self.value, 6), "n": self.n, "not_measured": self.not_measured}


def _mean(values: Sequence[float], not_measured: int = 0) -> MetricValue:
    return MetricValue(sum(values) / len(values) if values else None, len(values), not_measured)


def _ratio(num: int, den: int, not_measured: int = 0) -> MetricValue:
    return MetricValue(num / den if den else None, den, not_measured)


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear interpolation between closest ranks (numpy's default); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def summarise(questions: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The report ``summary``: ``questions`` plus every name in :data:`SUMMARY_METRICS`.

    ``questions`` are per-question report entries (keys ``answerable``, ``refused``, ``error``,
    ``latency_s``, ``passed``, ``metrics``). Errored questions count as failed and as not measured.
    """
    ok = [q for q in questions if not q.get("error")]
    errored_answerable = sum(1 for q in questions if q.get("error") and q["answerable"])
    errored_unanswerable = sum(1 for q in questions if q.get("error") and not q["answerable"])
    answerable = [q for q in ok if q["answerable"]]
    unanswerable = [q for q in ok if not q["answerable"]]
    answered_ans = [q for q in answerable if not q["refused"]]
    answered = [q for q in ok if not q["refused"]]

    def met(q: dict[str, Any], name: str) -> Any:
        return q["metrics"][name]

    cit_total = sum(met(q, "citations") for q in answered_ans)
    cit_match = sum(met(q, "citations_matching") or 0 for q in answered_ans)
    pairs_total = sum(met(q, "support_checked") for q in answered)
    pairs_ok = sum(met(q, "support_ok") for q in answered)
    recalls = [met(q, "key_fact_recall") for q in answerable if met(q, "key_fact_recall") is not None]
    latencies = [q["latency_s"] for q in ok]
    summary: dict[str, Any] = {"questions": len(questions)}
    values = {
        "hit_rate": _ratio(sum(bool(met(q, "hit")) for q in answerable), len(answerable), errored_answerable),
        "mrr": _mean([rr for q in answerable if (rr := met(q, "reciprocal_rank")) is not None], errored_answerable),
        "cited_hit_rate": _ratio(sum(bool(met(q, "cited_hit")) for q in answered_ans), len(answered_ans), errored_answerable),
        "citation_precision": _ratio(
            cit_match, cit_total, errored_answerable + sum(1 for q in answered_ans if not met(q, "citations"))
        ),
        "supported_citation_rate": _ratio(
            pairs_ok, pairs_total, len(questions) - len(ok) + sum(1 for q in answered if not met(q, "support_checked"))
        ),
        "key_fact_recall": _mean(recalls, errored_answerable + len(answerable) - len(recalls)),
        "refusal_rate_unanswerable": _ratio(sum(q["refused"] for q in unanswerable), len(unanswerable), errored_unanswerable),
        "false_refusal_rate": _ratio(sum(q["refused"] for q in answerable), len(answerable), errored_answerable),
        "latency_p50_s": MetricValue(percentile(latencies, 0.50), len(latencies), len(questions) - len(ok)),
        "latency_p95_s": MetricValue(percentile(latencies, 0.95), len(latencies), len(questions) - len(ok)),
        "pass_rate": _ratio(sum(bool(q["passed"]) for q in questions), len(questions)),
    }
    summary.update({name: values[name].to_json() for name in SUMMARY_METRICS})
    return summary


def confusion_matrix(questions: Sequence[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Rows: gold ``answerable``/``unanswerable``; columns: ``answered``/``refused``/``error``."""
    matrix = {row: {"answered": 0, "refused": 0, "error": 0} for row in ("answerable", "unanswerable")}
    for q in questions:
        row = "answerable" if q["answerable"] else "unanswerable"
        col = "error" if q.get("error") else ("refused" if q["refused"] else "answered")
        matrix[row][col] += 1
    return matrix
