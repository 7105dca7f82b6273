"""Quiz rewording with the real llama.cpp 0.5B model: whatever the model writes, options, answers,
citations and grading stay the tree's, and a reply that gives the answer away is rejected."""

from __future__ import annotations

import pytest
from llm_fixtures import chat_05b, llm_home  # noqa: F401

from rag.career.quiz import _acceptable_rewrite, grade, make_quiz, rephrase_with_llm
from rag.career.roadmap import parse_roadmap
from rag.settings import BUNDLED_CORPUS


def test_rewrite_filter_rejects_answers_and_non_questions() -> None:
    roadmap = parse_roadmap(BUNDLED_CORPUS)
    q = next(q for q in make_quiz(roadmap, topic="Vector Databases & Search", n=4).questions if q.kind == "subtopics")
    assert _acceptable_rewrite(q, "Your team must search millions of embeddings quickly; which tools would you consider?")
    assert _acceptable_rewrite(q, "Would FAISS help you search embeddings?") is None  # reveals an answer
    assert _acceptable_rewrite(q, "Use a vector database.") is None  # not a question
    assert _acceptable_rewrite(q, "Which tool?\nFAISS") is None
    assert _acceptable_rewrite(q, "What is your favourite tool at work these days?") is None  # lost the subject


@pytest.mark.slow
def test_llm_rewording_keeps_grading_grounded(chat_05b) -> None:  # noqa: ANN001, F811
    roadmap = parse_roadmap(BUNDLED_CORPUS)
    quiz = make_quiz(roadmap, path="AI Integration", level="2", n=2, seed=4)
    reworded = rephrase_with_llm(roadmap, quiz, chat_05b)
    assert [q.id for q in reworded.questions] == [q.id for q in quiz.questions]
    for before, after in zip(quiz.questions, reworded.questions, strict=True):
        assert (after.options, after.answers, after.source) == (before.options, before.answers, before.source)
        if after.rephrased:
            assert after.prompt.endswith("?") and "\n" not in after.prompt
            assert not any(a.lower() in after.prompt.lower() for a in after.answers)
        else:
            assert after.prompt == before.prompt
        right = after.answers[0] if after.is_choice else ", ".join(after.answers)
        assert grade(roadmap, after, right).score == 1.0
