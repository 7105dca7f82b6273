"""Interview practice: role lookup, topic→section matching, feedback on good and poor answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.career.interview import start_interview
from rag.career.roadmap import Roadmap, parse_roadmap
from rag.errors import InputError
from rag.settings import BUNDLED_CORPUS

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def roadmap() -> Roadmap:
    return parse_roadmap(BUNDLED_CORPUS)


def test_questions_match_roadmap_sections(roadmap: Roadmap) -> None:
    ai = start_interview(roadmap, "AI Integration Engineer")
    matched = {q.topic.title: (q.section.title if q.section else None) for q in ai.questions}
    assert matched["Vector databases"] == "Vector Databases & Search"
    assert matched["System integration"] == "System Design"  # "system" is rarer among titles than "integration"
    assert matched["Pre-trained models"] == "Pre-trained Models"
    assert matched["Performance optimization"] == "Performance Optimization"
    assert all(q.section and q.section.path_name == "AI Integration Engineering Path" for q in ai.questions)
    ml = start_interview(roadmap, "machine learning engineer")
    matched = {q.topic.title: q.section.title for q in ml.questions if q.section}
    assert matched == {
        "ML algorithms": "ML Fundamentals", "Model architecture": "Model Architecture",
        "Training optimization": "Training Optimization", "Mathematics": "Advanced Mathematics",
        "Research papers": "Research & Development",
    }
    second = parse_roadmap(FIXTURES / "second_roadmap.md")
    de = start_interview(second, "Data Engineer")
    assert [q.section.title for q in de.questions if q.section] == [
        "Event Streaming", "Workflow Orchestration", "Data Quality"]


def test_unknown_role_gets_suggestions(roadmap: Roadmap) -> None:
    with pytest.raises(InputError, match=r"no role 'ML Enginer'; did you mean: Machine Learning Engineer\?"):
        start_interview(roadmap, "ML Enginer")


def _vector_question_session(roadmap: Roadmap):  # noqa: ANN202
    session = start_interview(roadmap, "AI Integration Engineer")
    while session.current and session.current.topic.title != "Vector databases":
        session.answer("")
    return session


def test_feedback_on_good_and_poor_answers(roadmap: Roadmap) -> None:
    good_session = _vector_question_session(roadmap)
    good = good_session.answer("I have indexed embeddings in FAISS locally and used Pinecone and Weaviate as hosted stores.")
    poor_session = _vector_question_session(roadmap)
    poor = poor_session.answer("I would store the vectors in a database, maybe Pinecone.")
    assert good.included == ("FAISS", "Pinecone", "Weaviate") and good.missed == ()
    assert poor.included == ("Pinecone",) and poor.missed == ("FAISS", "Weaviate")
    assert good.score == 1.0 and round(poor.score, 2) == 0.33 and good.score > poor.score
    assert "Missed: FAISS, Weaviate" in poor.text
    assert "FAISS documentation" in poor.text  # resources to study for the missed points
    assert "lines 66–74" in poor.text and "Level 2: Integration (6-12 months)" in poor.text
    assert good.to_json()["citations"][1].endswith("lines 66–74")


def test_session_summary_and_json(roadmap: Roadmap) -> None:
    session = start_interview(roadmap, "Machine Learning Engineer", n=2)
    assert [q.topic.title for q in session.questions] == ["ML algorithms", "Model architecture"]
    session.answer("supervised and unsupervised learning, plus model evaluation with cross-validation")
    session.answer("CNNs for images")
    assert session.finished and session.current is None
    assert round(session.score, 3) == round((1.0 + 1 / 3) / 2, 3)
    summary = session.summary()
    assert "overall 67%" in summary
    assert "Strongest: ML algorithms (100%)" in summary
    assert "Revise: Model architecture (33%), missed RNNs, Transformers" in summary
    data = session.to_json()
    assert data["role"] == "Machine Learning Engineer" and [a["score"] for a in data["answers"]] == [1.0, 0.333]
