"""The optional LLM judge: verdict parsing and the on-disk cache (a re-run replays with zero model calls)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from rag.evaluation.judge import Judge, JudgeCache, parse_verdict
from rag.evaluation.metrics import confusion_matrix, summarise
from rag.evaluation.report import Report


class CountingChatModel(FakeListChatModel):
    """The real langchain fake chat model, counting how often it is called."""

    calls: int = 0

    def _call(self, *args: Any, **kwargs: Any) -> str:
        self.calls += 1
        return super()._call(*args, **kwargs)


def _entry(qid: str, answer: str, refused: bool = False) -> dict[str, Any]:
    return {
        "id": qid, "question": f"Which databases? ({qid})", "answerable": True, "expected_sources": ["Level 2"],
        "key_facts": ["FAISS", ["Weaviate", "w"]], "tags": [], "answer": answer, "refused": refused,
        "standalone_question": "", "citations": [{"n": 1, "label": "doc › Level 2", "text": "- FAISS\n- Weaviate",
                                                   "headings": [], "sentences": [answer]}],
        "retrieved": [], "latency_s": 0.1, "error": "", "passed": True, "fail_reason": "",
        "metrics": {"hit": True, "reciprocal_rank": 1.0, "cited_hit": True, "citations": 1, "citations_matching": 1,
                    "support_checked": 1, "support_ok": 1, "key_fact_recall": 1.0},
    }


def _report() -> Report:
    qs = [_entry("a", "FAISS [1]"), _entry("b", "Weaviate [1]"), _entry("c", "I can't answer that.", refused=True)]
    return Report(manifest={}, summary=summarise(qs), confusion=confusion_matrix(qs), questions=qs)


def test_parse_verdict_json_loose_and_garbage() -> None:
    assert parse_verdict('Sure: {"faithfulness": 5, "correctness": 3, "reason": "ok"}') == {
        "faithfulness": 1.0, "correctness": 0.5, "reason": "ok"}
    assert parse_verdict("faithfulness: 1, correctness = 4") == {"faithfulness": 0.0, "correctness": 0.75, "reason": ""}
    assert parse_verdict('{"faithfulness": 9}') == {"faithfulness": None, "correctness": None, "reason": ""}


def test_cached_verdicts_replay_without_model_calls(tmp_path: Path) -> None:
    cache_path = tmp_path / "judge_cache.sqlite3"
    replies = ['{"faithfulness": 5, "correctness": 4, "reason": "r1"}', '{"faithfulness": 3, "correctness": 1}']
    first_model = CountingChatModel(responses=replies)
    first = Judge(first_model, "fake:judge", JudgeCache(cache_path))
    result = first.judge_report(_report())
    assert first_model.calls == 2  # the refused question is not judged
    assert result["calls"] == 2 and result["cache_hits"] == 0
    assert result["summary"] == {"judge_faithfulness": pytest.approx(0.75), "judge_correctness": pytest.approx(0.375)}

    replay_model = CountingChatModel(responses=['{"faithfulness": 1, "correctness": 1}'])
    replay_report = _report()
    replay = Judge(replay_model, "fake:judge", JudgeCache(cache_path)).judge_report(replay_report)
    assert replay_model.calls == 0 and replay["cache_hits"] == 2
    assert replay["summary"] == result["summary"]
    assert replay_report.questions[0]["judge"]["reason"] == "r1" and "judge" not in replay_report.questions[2]

    # another judge model (or another prompt version) is another cache key
    other_model = CountingChatModel(responses=['{"faithfulness": 1, "correctness": 1}'])
    Judge(other_model, "fake:other", JudgeCache(cache_path)).judge_report(_report())
    assert other_model.calls == 2
