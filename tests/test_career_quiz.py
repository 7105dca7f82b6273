"""Quizzes generated from the tree: answers lie in the cited passage, determinism, grading."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rag.career.quiz import Question, grade, grade_quiz, make_quiz
from rag.career.roadmap import Roadmap, parse_roadmap
from rag.errors import InputError
from rag.settings import BUNDLED_CORPUS

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def roadmap() -> Roadmap:
    return parse_roadmap(BUNDLED_CORPUS)


def _file_passage(roadmap: Roadmap, q: Question) -> str:
    """The text of the cited line range, read straight from the file."""
    assert roadmap.file is not None
    lines = roadmap.file.read_text(encoding="utf-8").splitlines()
    return "\n".join(lines[q.source.start_line - 1 : q.source.end_line])


@pytest.mark.parametrize("doc", [BUNDLED_CORPUS, FIXTURES / "second_roadmap.md"], ids=["bundled", "second"])
def test_every_answer_is_in_its_cited_passage(doc: Path) -> None:
    rm = parse_roadmap(doc)
    quizzes = [make_quiz(rm, n=40, seed=s) for s in range(3)]
    quizzes += [make_quiz(rm, path=p.title, level=str(lv.number), n=10, seed=1) for p in rm.paths for lv in p.levels]
    quizzes += [make_quiz(rm, topic=t.title, n=4, seed=2) for t in rm.topics()]
    kinds = set()
    for quiz in quizzes:
        for q in quiz.questions:
            kinds.add(q.kind)
            passage = _file_passage(rm, q)
            assert q.source.label.startswith(rm.source + " › ")
            assert rm.passage(q.source) == passage.strip("\n")
            found = [a for a in q.answers if a in passage]
            assert len(found) >= q.required, (q.prompt, q.answers, q.source.cite())
            if q.is_choice:
                assert q.answers[0] in q.options and len(set(q.options)) == len(q.options) >= 2
                wrong = [o for o in q.options if o != q.answers[0]]
                if q.kind in ("resource", "subtopic"):  # distractors are not in the right topic's passage
                    assert not any(f"- {o}" in passage or f"* {o}" in passage for o in wrong), q.prompt
    assert kinds == {"resource", "subtopic", "level", "subtopics", "duration"}


def test_quiz_is_deterministic_per_seed(roadmap: Roadmap) -> None:
    a = make_quiz(roadmap, path="machine learning", n=6, seed=7)
    b = make_quiz(roadmap, path="machine learning", n=6, seed=7)
    c = make_quiz(roadmap, path="machine learning", n=6, seed=8)
    assert a == b
    assert a.to_json() != c.to_json()
    assert len(a.questions) == 6 and [q.id for q in a.questions] == [f"q{i}" for i in range(1, 7)]
    assert all(q.source.label.startswith("ai-ml-mastery-roadmap.md › Machine Learning") for q in a.questions)


def test_scopes(roadmap: Roadmap) -> None:
    level_quiz = make_quiz(roadmap, path="Machine Learning Engineering Path", level="Advanced ML", n=20)
    assert level_quiz.scope == "Machine Learning Engineering Path › Level 2: Advanced ML"
    assert {q.topic_title for q in level_quiz.questions if q.topic_key} == {
        "Model Architecture", "Training Optimization", "MLOps Fundamentals"}
    prompts = [q.prompt for q in level_quiz.questions]
    assert "Which of these is a resource for MLOps Fundamentals?" in prompts
    level_q = next(q for q in level_quiz.questions if q.kind == "level" and q.topic_title == "Model Architecture")
    assert re.fullmatch(r"In which level of the Machine Learning Engineering Path do you meet (CNNs|RNNs|Transformers)\?",
                        level_q.prompt)
    assert level_q.answers == ("Level 2: Advanced ML",) and (level_q.source.start_line, level_q.source.end_line) == (151, 178)
    topic_quiz = make_quiz(roadmap, topic="Vector Databases & Search", n=10)
    assert "Name two subtopics of Vector Databases & Search." in [q.prompt for q in topic_quiz.questions]
    assert len(topic_quiz.questions) == 4


def test_unknown_scope_names_get_suggestions(roadmap: Roadmap) -> None:
    with pytest.raises(InputError, match=r"no topic 'vectr databases'; did you mean: Vector Databases & Search\?"):
        make_quiz(roadmap, topic="vectr databases")
    with pytest.raises(InputError, match="no path 'robotics'; choose one of"):
        make_quiz(roadmap, path="robotics")
    with pytest.raises(InputError, match="no level '7'"):
        make_quiz(roadmap, path="ML", level="7")


def _question(roadmap: Roadmap, kind: str) -> Question:
    quiz = make_quiz(roadmap, topic="Vector Databases & Search", n=4, seed=3)
    return next(q for q in quiz.questions if q.kind == kind)


def test_grading_choice_right_and_wrong(roadmap: Roadmap) -> None:
    q = _question(roadmap, "resource")
    right_letter = "ABCD"[q.options.index(q.answers[0])]
    wrong_letter = next("ABCD"[i] for i, o in enumerate(q.options) if o != q.answers[0])
    for reply in (right_letter, right_letter.lower(), str(q.options.index(q.answers[0]) + 1), q.answers[0].upper()):
        g = grade(roadmap, q, reply)
        assert g.correct and g.score == 1.0, reply
        assert "lines 66–74" in g.explanation and q.source.label in g.explanation
    g = grade(roadmap, q, wrong_letter)
    assert g.score == 0.0 and not g.correct
    assert q.answers[0] in g.explanation and "lines 66–74" in g.explanation
    assert grade(roadmap, q, "Z").score == 0.0


def test_grading_short_answer_right_partial_wrong(roadmap: Roadmap) -> None:
    q = _question(roadmap, "subtopics")
    assert q.required == 2 and set(q.answers) == {"FAISS", "Pinecone", "Weaviate"}
    full = grade(roadmap, q, "I would use faiss or Pinecone.")
    assert full.score == 1.0 and set(full.matched) == {"FAISS", "Pinecone"} and full.missed == ("Weaviate",)
    partial = grade(roadmap, q, "weaviate, and maybe Postgres")
    assert partial.score == 0.5 and partial.matched == ("Weaviate",)
    assert "Partly right" in partial.explanation
    wrong = grade(roadmap, q, "MySQL and Redis")
    assert wrong.score == 0.0 and wrong.matched == ()
    assert "FAISS, Pinecone, Weaviate" in wrong.explanation and "lines 66–74" in wrong.explanation


def test_grade_quiz_scores_per_topic(roadmap: Roadmap) -> None:
    quiz = make_quiz(roadmap, path="AI Integration", level="1", n=12, seed=0)
    right = {q.id: q.answers[0] if q.is_choice else ", ".join(q.answers) for q in quiz.questions}
    result = grade_quiz(roadmap, quiz, right)
    assert result.score == 1.0
    assert set(result.topic_scores()) == {t.key for t in roadmap.paths[0].levels[0].topics}
    blank = grade_quiz(roadmap, quiz, {})
    assert blank.score == 0.0 and all(v == 0.0 for v in blank.topic_scores().values())
