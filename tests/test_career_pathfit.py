"""Which path fits me: questions from the tree, scoring, cited reasons and the first month's plan."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.career.pathfit import questions, recommend_path, resolve_answer
from rag.career.roadmap import Roadmap, parse_roadmap
from rag.settings import BUNDLED_CORPUS

FIXTURES = Path(__file__).parent / "fixtures"
AI, ML = "AI Integration Engineering Path", "Machine Learning Engineering Path"


@pytest.fixture(scope="module")
def roadmap() -> Roadmap:
    return parse_roadmap(BUNDLED_CORPUS)


def test_questions_come_from_the_roadmap(roadmap: Roadmap) -> None:
    qs = questions(roadmap)
    assert 4 <= len(qs) <= 6
    by_id = {q.id: q for q in qs}
    assert set(by_id["first"].options) == {t.title for p in roadmap.paths for t in p.levels[0].topics}
    assert "Custom models" in by_id["build"].options and "QA systems" in by_id["build"].options
    assert by_id["free"].options == ()
    assert resolve_answer(by_id["first"], "b") == by_id["first"].options[1]
    assert resolve_answer(by_id["first"], "3") == by_id["first"].options[2]
    assert resolve_answer(by_id["first"], "I like maths") == "I like maths"


def test_integration_minded_answers_pick_the_ai_path(roadmap: Roadmap) -> None:
    advice = recommend_path(roadmap, {
        "background": "A", "first": "API Development", "build": "Search engines",
        "free": "I enjoy wiring APIs together and deploying services to the cloud",
    })
    assert advice.path.title == AI
    assert advice.scores[AI] > advice.scores[ML]
    assert advice.reasons and all(r.source.label.startswith("ai-ml-mastery-roadmap.md › ") for r in advice.reasons)
    lines = BUNDLED_CORPUS.read_text(encoding="utf-8").splitlines()
    for reason in advice.reasons:  # the cited passage holds the matched node
        passage = "\n".join(lines[reason.source.start_line - 1 : reason.source.end_line])
        assert reason.source.title in passage


def test_research_minded_answers_pick_the_ml_path(roadmap: Roadmap) -> None:
    advice = recommend_path(roadmap, ["B", "Advanced Mathematics", "Research implementations", "Research & Development",
                                      "Publish findings", "neural networks and backpropagation fascinate me"])
    assert advice.path.title == ML and advice.scores[ML] > advice.scores[AI]
    first = [p for p in advice.plan if not p.title.startswith("Prerequisite")]
    assert [p.title.split(" (")[0] for p in first] == ["Advanced Mathematics", "ML Fundamentals"]
    assert first[0].resources == ("3Blue1Brown videos", "MIT OpenCourseWare", '"Mathematics for Machine Learning" book')
    assert (first[0].source.start_line, first[0].source.end_line) == (124, 132)
    prereqs = [p for p in advice.plan if p.title.startswith("Prerequisite")]
    assert [p.title for p in prereqs] == [f"Prerequisite: {g.title}" for g in roadmap.prerequisites]


def test_no_signal_says_so(roadmap: Roadmap) -> None:
    advice = recommend_path(roadmap, {})
    assert advice.path.title == AI and "None of your answers" in advice.note and not advice.reasons


def test_second_roadmap_gets_its_own_questions_and_paths() -> None:
    rm = parse_roadmap(FIXTURES / "second_roadmap.md")
    by_id = {q.id: q for q in questions(rm)}
    assert "SQL Mastery" in by_id["first"].options and "dbt project" in by_id["build"].options
    advice = recommend_path(rm, {"first": "SQL Mastery", "build": "dbt project", "free": "dashboards and metrics"})
    assert advice.path.title == "Analytics Engineering Path"
    advice = recommend_path(rm, {"first": "Batch Processing", "free": "Kafka streaming pipelines"})
    assert advice.path.title == "Data Engineering Path"
