"""Deterministic evaluation metrics. Pure functions; nothing here returns NaN.

A metric that cannot be computed (no question in its scope) has ``value = None`` ("not measured")
and always carries ``n`` (how many units it was computed over) and ``not_measured`` (how many
in-scope questions contributed nothing). Exact definitions: ``docs/evaluation.md``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rag.evaluation.gold import KeyFact, normalise, question_type
from rag.lead import first_sentence_and_reason as first_sentence  # the rule the chain checks too

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
    "summarise_by_type",
    "summarise_by_tag",
    "CATEGORY_TAGS",
    "confusion_matrix",
    "first_sentence",
    "lead_check",
    "answer_words",
    "ADDED_METRICS",
    "INFORMATIONAL",
    "BY_TYPE_COLUMNS",
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
    "lead_hit_rate",
    "answer_length_median",
)
# Metrics added after report format 1: a report without them loads with them "not measured".
ADDED_METRICS = ("lead_hit_rate", "answer_length_median")
# For --fail-under these are maxima. answer_length_median is a ceiling ("answers stay short"), not a goal.
LOWER_IS_BETTER = {"false_refusal_rate", "latency_p50_s", "latency_p95_s", "answer_length_median"}
HIGHER_IS_BETTER = set(SUMMARY_METRICS) - LOWER_IS_BETTER
# Shown but not coloured better/worse in reports (depend on the machine, or are a style figure).
INFORMATIONAL = {"latency_p50_s", "latency_p95_s", "answer_length_median"}
# Tags of question categories reported on their own (docs/evaluation.md, "By question type").
CATEGORY_TAGS = ("near-scope", "paraphrase", "persona", "decision", "casual-fact", "follow-up", "off-topic")
# The per-type breakdown's columns (every metric is computed per type in the JSON report).
BY_TYPE_COLUMNS = (
    "pass_rate", "refusal_rate", "refusal_rate_unanswerable", "false_refusal_rate", "lead_hit_rate",
    "citation_precision", "key_fact_recall",
)
PASS_KEY_FACT_RECALL = 0.5  # the pass rule's minimum key-fact recall
ENTRY_SEP = " > "



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


# --- the lead sentence (issue 16) ----------------------------------------------------------------
_CITATION = re.compile(r"\s*\[\d+(?:\s*[,;]\s*\d+)*\]")  # [1], [1, 2], [1;2] and the space before
@dataclass(frozen=True)
class LeadResult:
    hit: bool
    sentence: str
    missing: list[str]  # lead groups not in the first sentence
    wrong: list[str]  # lead_not forms found in it
    reason: str  # "" when hit

    def to_json(self) -> dict[str, Any]:
        return {"lead_hit": self.hit, "first_sentence": self.sentence, "lead_missing": list(self.missing),
                "lead_not_found": list(self.wrong)}


def lead_check(answer: str, lead: Sequence[KeyFact], lead_not: Sequence[str] = (), refused: bool = False) -> LeadResult:
    """Does the first sentence carry every lead group and none of the ``lead_not`` forms?

    Matching is the key facts' (normalised whole words). A refusal misses the lead.
    """
    if refused:
        return LeadResult(False, "", [fact_text(g) for g in lead], [], "refused, so no lead sentence")
    sentence, why = first_sentence(answer)
    if not sentence:
        return LeadResult(False, "", [fact_text(g) for g in lead], [], why)
    present = key_facts_present(sentence, lead)
    missing = [fact_text(g) for g, ok in zip(lead, present, strict=True) if not ok]
    wrong = [form for form, ok in zip(lead_not, key_facts_present(sentence, list(lead_not)), strict=True) if ok]
    reasons = []
    if missing:
        reasons.append(f"lacks {', '.join(missing)}")
    if wrong:
        reasons.append(f"names the wrong choice {', '.join(wrong)}")
    reason = f"first sentence {sentence!r} " + " and ".join(reasons) if reasons else ""
    return LeadResult(not reasons, sentence, missing, wrong, reason)


def answer_words(answer: str) -> int:
    """Words in an answer: whitespace-separated tokens holding a letter or digit, ``[n]`` citations removed."""
    return sum(1 for tok in _CITATION.sub(" ", answer).split() if any(ch.isalnum() for ch in tok))


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
    lead_hit: bool | None = None  # answerable with a lead
    first_sentence: str = ""  # the sentence the lead was checked in ("" if none / no lead)
    lead_missing: list[str] = field(default_factory=list)
    lead_not_found: list[str] = field(default_factory=list)
    answer_words: int | None = None  # answered (not refused) questions

    def to_json(self) -> dict[str, Any]:
        return {
            "lead_hit": self.lead_hit,
            "first_sentence": self.first_sentence,
            "lead_missing": list(self.lead_missing),
            "lead_not_found": list(self.lead_not_found),
            "answer_words": self.answer_words,
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
    lead: Sequence[KeyFact] = (),
    lead_not: Sequence[str] = (),
) -> tuple[QuestionMetrics, bool, str]:
    """Per-question metrics, pass/fail and the fail reason ("" when passed).

    Pass rule: answerable → not refused AND cites ≥ 1 expected source AND key-fact recall ≥ 0.5
    (or no key facts) AND, when it has a ``lead``, the lead hits; unanswerable → refused.
    """
    m = QuestionMetrics(citations=len(citations))
    if not refused:
        pairs = support_pairs(citations, check)
        m.support_checked, m.support_ok = len(pairs), sum(pairs)
        m.answer_words = answer_words(answer)
    lead_result = None
    if answerable and lead:
        lead_result = lead_check(answer, lead, lead_not, refused)
        m.lead_hit, m.first_sentence = lead_result.hit, lead_result.sentence
        m.lead_missing, m.lead_not_found = lead_result.missing, lead_result.wrong
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
    if lead_result is not None and not lead_result.hit and not refused:
        reasons.append(f"lead missed: {lead_result.reason}")
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
        return q["metrics"].get(name)  # reports of format 1 lack the lead metrics

    cit_total = sum(met(q, "citations") for q in answered_ans)
    cit_match = sum(met(q, "citations_matching") or 0 for q in answered_ans)
    pairs_total = sum(met(q, "support_checked") for q in answered)
    pairs_ok = sum(met(q, "support_ok") for q in answered)
    recalls = [met(q, "key_fact_recall") for q in answerable if met(q, "key_fact_recall") is not None]
    latencies = [q["latency_s"] for q in ok]
    with_lead = [q for q in answerable if q.get("lead")]
    errored_lead = sum(1 for q in questions if q.get("error") and q["answerable"] and q.get("lead"))
    words = [met(q, "answer_words") for q in answered if met(q, "answer_words") is not None]
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
        "lead_hit_rate": _ratio(sum(bool(met(q, "lead_hit")) for q in with_lead), len(with_lead), errored_lead),
        "answer_length_median": MetricValue(
            percentile(words, 0.5), len(words), len(answered) - len(words) + len(questions) - len(ok)
        ),
    }
    summary.update({name: values[name].to_json() for name in SUMMARY_METRICS})
    return summary


def _group_summary(qs: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """:func:`summarise` of a group plus ``answerable`` (count) and ``refusal_rate`` (refused / non-errored)."""
    ok = [q for q in qs if not q.get("error")]
    summary = summarise(qs)
    summary["answerable"] = sum(1 for q in qs if q["answerable"])
    summary["refusal_rate"] = _ratio(sum(bool(q["refused"]) for q in ok), len(ok), len(qs) - len(ok)).to_json()
    return summary


def summarise_by_type(questions: Sequence[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """:func:`summarise` per question type (``type:<name>`` tag, else ``untyped``), plus ``refusal_rate``.

    Each value is a full summary (``questions`` and every metric) with two more entries: ``answerable``
    (how many of the type must be answered) and ``refusal_rate`` (refused / non-errored questions of the
    type, answerable or not). Types are sorted by name.
    """
    groups: dict[str, list[dict[str, Any]]] = {}
    for q in questions:
        groups.setdefault(question_type(q.get("tags", [])), []).append(q)
    return {name: _group_summary(groups[name]) for name in sorted(groups)}


def summarise_by_tag(questions: Sequence[dict[str, Any]], tags: Sequence[str] = CATEGORY_TAGS) -> dict[str, dict[str, Any]]:
    """Like :func:`summarise_by_type` for each of ``tags`` carried by at least one question (a question
    can be in several groups), in the order of ``tags``: e.g. ``persona`` for issue 16's path questions."""
    out: dict[str, dict[str, Any]] = {}
    for tag in tags:
        qs = [q for q in questions if tag in q.get("tags", [])]
        if qs:
            out[tag] = _group_summary(qs)
    return out


def confusion_matrix(questions: Sequence[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Rows: gold ``answerable``/``unanswerable``; columns: ``answered``/``refused``/``error``."""
    matrix = {row: {"answered": 0, "refused": 0, "error": 0} for row in ("answerable", "unanswerable")}
    for q in questions:
        row = "answerable" if q["answerable"] else "unanswerable"
        col = "error" if q.get("error") else ("refused" if q["refused"] else "answered")
        matrix[row][col] += 1
    return matrix
