"""A streamed answer whose whole text is known before streaming (the extractive backend, an LLM that said
nothing) streams the citation-checked text: the tokens add up to the final answer, with the same [n]."""

from __future__ import annotations

import json
from pathlib import Path

from rag.schema import AnswerEvent, TokenEvent
from rag.services import Services

GOLD = Path(__file__).resolve().parents[1] / "eval" / "gold.jsonl"


def test_extractive_stream_is_the_checked_answer(shared_services: Services) -> None:
    questions = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    answered = 0
    for item in [q for q in questions if q["answerable"]][:20]:
        events = list(shared_services.assistant.stream(item["question"], backend="extractive"))
        answer = events[-1]
        assert isinstance(answer, AnswerEvent)
        streamed = "".join(e.text for e in events if isinstance(e, TokenEvent))
        if answer.answer.refused:
            continue
        answered += 1
        assert streamed == answer.answer.answer, item["id"]
        assert answer.answer.citations and answer.answer.citations[0].n == 1
    assert answered >= 10, "most answerable gold questions are answered extractively"
