"""Metric functions against hand-computed examples (refusals, empty answers, no citations)."""

from __future__ import annotations

import math

import pytest

from rag.evaluation.metrics import (
    SUMMARY_METRICS,
    confusion_matrix,
    first_match_rank,
    key_fact_recall,
    key_facts_present,
    normalise,
    percentile,
    score_question,
    source_matches,
    summarise,
    support_pairs,
)

L2 = "ai-ml-mastery-roadmap.md › AI Integration Engineering Path › Level 2: Integration (6-12 months)"
ML2 = "ai-ml-mastery-roadmap.md › Machine Learning Engineering Path › Level 2: Advanced ML (6-12 months)"
INT_ML = "ai-ml-mastery-roadmap.md › Interview Preparation › Machine Learning Engineer"
INT_AI = "ai-ml-mastery-roadmap.md › Interview Preparation › AI Integration Engineer"


def test_source_matching_needs_every_fragment_case_insensitively() -> None:
    assert source_matches(L2, "AI Integration Engineering Path > Level 2")
    assert source_matches(L2, "ai integration engineering path > level 2")
    assert not source_matches(L2, "AI Integration Engineering Path > Level 3")
    assert not source_matches(ML2, "AI Integration Engineering Path > Level 2")
    # a fragment holding the label separator pins a heading that is also a substring elsewhere
    assert source_matches(INT_ML, "Interview Preparation › Machine Learning Engineer")
    assert not source_matches(INT_AI, "Interview Preparation › Machine Learning Engineer")
    assert not source_matches(L2, "")


def test_first_match_rank_only_looks_at_top_k() -> None:
    labels = [ML2, INT_AI, L2]
    entries = ["AI Integration Engineering Path > Level 2"]
    assert first_match_rank(labels, entries, k=3) == 3
    assert first_match_rank(labels, entries, k=2) is None
    assert first_match_rank([], entries, k=5) is None


def test_key_facts_normalise_case_whitespace_punctuation_and_alternatives() -> None:
    answer = "Learn  faiss, PINECONE and the CNN/RNN basics; also Weaviate-DB."
    assert normalise("CNN/RNN") == "cnn rnn"
    assert key_facts_present(answer, ["FAISS", "Pinecone", ["Milvus", "weaviate db"], "cnn rnn", "Qdrant"]) == [
        True, True, True, True, False,
    ]
    # whole words only: "Git" is not found inside "GitHub"
    assert key_facts_present("Use GitHub", ["Git"]) == [False]
    assert key_fact_recall(answer, ["FAISS", "Qdrant"]) == 0.5
    assert key_fact_recall(answer, []) is None
    assert key_fact_recall("", ["FAISS"]) == 0.0


def test_support_pairs_check_each_sentence_against_headings_and_text() -> None:
    citations = [
        {"label": L2, "headings": ["AI Integration Engineering Path"], "text": "FAISS Pinecone", "sentences": ["a", "b"]},
        {"label": ML2, "headings": [], "text": "CNNs", "sentences": []},
    ]
    seen: list[tuple[str, str]] = []

    def check(sentence: str, passage: str) -> bool:
        seen.append((sentence, passage))
        return sentence == "a"

    assert support_pairs(citations, check) == [True, False]
    assert seen[0] == ("a", "AI Integration Engineering Path\nFAISS Pinecone")


def test_support_pairs_use_the_answer_pipelines_check_by_default() -> None:
    citation = {"headings": ["Level 2"], "text": "- FAISS\n- Pinecone\n- Weaviate", "sentences": [
        "Learn FAISS, Pinecone and Weaviate.", "Bake sourdough bread at 250 degrees.",
    ]}
    assert support_pairs([citation]) == [True, False]


def _cit(label: str, sentences: list[str] | None = None) -> dict:
    return {"n": 1, "label": label, "headings": [], "text": "x", "sentences": sentences or []}


def always(_s: str, _p: str) -> bool:
    return True


def test_score_answerable_pass_and_each_fail_reason() -> None:
    common = dict(answerable=True, expected_sources=["AI Integration Engineering Path > Level 2"],
                  key_facts=["FAISS", "Pinecone"], retrieved_labels=[ML2, L2], k=5, check=always)
    m, passed, reason = score_question(answer="FAISS and Pinecone [1]", refused=False, citations=[_cit(L2, ["s"])], **common)
    assert passed and reason == ""
    assert (m.hit, m.first_match_rank, m.reciprocal_rank, m.cited_hit) == (True, 2, 0.5, True)
    assert (m.citations, m.citations_matching, m.support_checked, m.support_ok, m.key_fact_recall) == (1, 1, 1, 1, 1.0)

    m, passed, reason = score_question(answer="FAISS [1]", refused=False, citations=[_cit(ML2)], **common)
    assert not passed and reason.startswith("cites no expected source") and m.key_fact_recall == 0.5

    m, passed, reason = score_question(answer="Only CNNs [1]", refused=False, citations=[_cit(L2)], **common)
    assert not passed and reason == "key facts missing: FAISS, Pinecone"

    m, passed, reason = score_question(answer="", refused=False, citations=[], **common)  # empty answer, no citations
    assert not passed and m.cited_hit is False and m.citations == 0 and m.key_fact_recall == 0.0
    assert "cites no expected source (cited: nothing)" in reason

    m, passed, reason = score_question(answer="I can't answer.", refused=True, citations=[], **common)
    assert not passed and reason.startswith("refused an answerable question")
    assert m.cited_hit is None and m.citations_matching is None and m.hit is True  # retrieval still scored


def test_score_unanswerable_passes_only_when_refused() -> None:
    common = dict(answerable=False, expected_sources=[], key_facts=[], retrieved_labels=[L2], k=5, check=always)
    m, passed, reason = score_question(answer="The roadmap doesn't cover that.", refused=True, citations=[], **common)
    assert passed and reason == "" and m.hit is None and m.reciprocal_rank is None and m.key_fact_recall is None
    m, passed, reason = score_question(answer="It costs 20 EUR [1]", refused=False, citations=[_cit(L2, ["s"])], **common)
    assert not passed and reason == "answered a question that should be refused" and m.support_checked == 1


def test_percentile_interpolates_and_handles_empty() -> None:
    assert percentile([], 0.5) is None
    assert percentile([3.0], 0.95) == 3.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0], 0.95) == pytest.approx(4.8)


def _entry(answerable: bool, refused: bool, passed: bool, latency: float, error: str = "", **metrics: object) -> dict:
    base = {"hit": None, "reciprocal_rank": None, "cited_hit": None, "citations": 0, "citations_matching": None,
            "support_checked": 0, "support_ok": 0, "key_fact_recall": None}
    return {"answerable": answerable, "refused": refused, "passed": passed, "latency_s": latency, "error": error,
            "metrics": {**base, **metrics}}


def test_summary_on_a_hand_computed_set() -> None:
    questions = [
        # answerable, answered, 2 citations (1 matching), 3 support pairs (2 ok), recall 1.0, rank 1
        _entry(True, False, True, 1.0, hit=True, reciprocal_rank=1.0, cited_hit=True, citations=2,
               citations_matching=1, support_checked=3, support_ok=2, key_fact_recall=1.0),
        # answerable, answered, no citations, hit at rank 4, recall 0.5
        _entry(True, False, False, 2.0, hit=True, reciprocal_rank=0.25, cited_hit=False, citations=0,
               citations_matching=0, key_fact_recall=0.5),
        # answerable, refused (false refusal), no hit, recall 0
        _entry(True, True, False, 3.0, hit=False, reciprocal_rank=0.0, key_fact_recall=0.0),
        # unanswerable refused, unanswerable answered with 1 supported pair
        _entry(False, True, True, 4.0),
        _entry(False, False, False, 5.0, citations=1, support_checked=1, support_ok=1),
        # an errored answerable question: failed, not measured
        _entry(True, False, False, 0.0, error="timeout"),
    ]
    s = summarise(questions)
    assert set(s) == {"questions", *SUMMARY_METRICS}
    assert s["questions"] == 6
    assert s["hit_rate"] == {"value": pytest.approx(2 / 3, abs=1e-6), "n": 3, "not_measured": 1}
    assert s["mrr"]["value"] == pytest.approx((1 + 0.25 + 0) / 3, abs=1e-6)
    assert s["cited_hit_rate"] == {"value": 0.5, "n": 2, "not_measured": 1}
    assert s["citation_precision"] == {"value": 0.5, "n": 2, "not_measured": 2}
    assert s["supported_citation_rate"] == {"value": 0.75, "n": 4, "not_measured": 2}
    assert s["key_fact_recall"]["value"] == pytest.approx(0.5) and s["key_fact_recall"]["n"] == 3
    assert s["refusal_rate_unanswerable"] == {"value": 0.5, "n": 2, "not_measured": 0}
    assert s["false_refusal_rate"]["value"] == pytest.approx(1 / 3, abs=1e-6)
    assert s["latency_p50_s"]["value"] == 3.0 and s["latency_p50_s"]["n"] == 5
    assert s["latency_p95_s"]["value"] == pytest.approx(4.8)
    assert s["pass_rate"] == {"value": pytest.approx(2 / 6, abs=1e-6), "n": 6, "not_measured": 0}
    assert confusion_matrix(questions) == {
        "answerable": {"answered": 2, "refused": 1, "error": 1},
        "unanswerable": {"answered": 1, "refused": 1, "error": 0},
    }


def test_summary_never_nan_when_nothing_is_in_scope() -> None:
    s = summarise([_entry(False, True, True, 0.1)])
    for name in ("hit_rate", "mrr", "cited_hit_rate", "citation_precision", "key_fact_recall", "false_refusal_rate"):
        assert s[name]["value"] is None and s[name]["n"] == 0, name
    assert s["refusal_rate_unanswerable"]["value"] == 1.0
    values = [s[n]["value"] for n in SUMMARY_METRICS]
    assert not any(isinstance(v, float) and math.isnan(v) for v in values)
    assert summarise([])["pass_rate"]["value"] is None
