"""The career commands through ``rag.cli.main``: progress, quiz, interview and plan, scripted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import run_cli as run

from rag.career.profiles import ProfileStore
from rag.settings import Settings


def test_progress_mark_show_next(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["progress", "mark", "vector databases & search", "--done", "--profile", "ann"], capsys)
    assert code == 0 and "Vector Databases & Search" in out and "done for 'ann'" in out
    assert "created new profile 'ann'" in err
    run(["progress", "mark", "API Development", "--in-progress", "-p", "ann"], capsys)
    code, out, _ = run(["progress", "show", "-p", "ann"], capsys)
    assert code == 0 and "1/9 topics (11%)" in out
    assert "[x] Vector Databases & Search" in out and "[~] API Development" in out
    code, out, _ = run(["progress", "show", "-p", "ann", "--json"], capsys)
    data = json.loads(out)
    assert [lv["percent"] for lv in data["levels"]] == [0.0, 33.3, 0.0]
    code, out, _ = run(["progress", "next", "-p", "ann", "--json"], capsys)
    recs = json.loads(out)["recommendations"]
    assert [r["topic"] for r in recs] == ["API Development", "Cloud Platforms", "Pre-trained Models"]
    assert recs[0]["reason"] == "in_progress" and recs[0]["start_line"] == 38 and recs[0]["duration"] == "0-6 months"
    code, out, _ = run(["progress", "next", "-p", "ann"], capsys)
    assert "1. API Development" in out and "source: ai-ml-mastery-roadmap.md › AI Integration" in out


def test_unknown_topic_exits_2_with_suggestions(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["progress", "mark", "Vectr Databses", "--done"], capsys)
    assert code == 2
    assert "no topic 'Vectr Databses'; did you mean: Vector Databases & Search?" in err
    assert "Traceback" not in err


def test_unknown_profile_is_created_with_a_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    run(["progress", "mark", "API Development", "--done", "-p", "alice"], capsys)
    code, out, err = run(["progress", "show", "-p", "alcie"], capsys)
    assert code == 0 and "created new profile 'alcie' (did you mean: alice?)" in err
    assert "0/9 topics" in out


def test_path_milestone_export_import(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(["progress", "path", "machine learning", "-p", "bo"], capsys)
    assert code == 0 and "Machine Learning Engineering Path" in out
    code, out, _ = run(["progress", "milestone", "publish findings", "-p", "bo"], capsys)
    assert code == 0 and "Publish findings" in out and "reached" in out
    target = tmp_path / "bo.json"
    code, out, _ = run(["progress", "export", "-p", "bo", "-o", str(target)], capsys)
    assert code == 0 and json.loads(target.read_text())["path"] == "Machine Learning Engineering Path"
    code, out, _ = run(["progress", "import", str(target), "--as", "bo2"], capsys)
    assert code == 0 and "Imported profile 'bo2'" in out
    store = ProfileStore(Settings().mentor_db)
    assert store.load("bo2").milestones.keys() == store.load("bo").milestones.keys() != set()


def test_quiz_json_then_graded_from_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(["quiz", "--topic", "Vector Databases & Search", "-n", "4", "--json", "--seed", "3"], capsys)
    assert code == 0
    questions = json.loads(out)["questions"]
    assert len(questions) == 4 and all(q["citation"]["start_line"] in (65, 66) for q in questions)
    answers = {}
    for q in questions:
        if q["type"] == "short":
            answers[q["id"]] = "FAISS"  # one of two: partial credit
        else:
            answers[q["id"]] = "Z"  # not an option: wrong
    file = tmp_path / "answers.json"
    file.write_text(json.dumps(answers))
    code, out, _ = run(["quiz", "--topic", "Vector Databases & Search", "-n", "4", "--seed", "3",
                        "--answers", str(file), "--json", "-p", "quizzer"], capsys)
    graded = json.loads(out)
    assert code == 0 and graded["score"] == 0.125
    assert graded["topic_scores"] == {"ai-integration-engineering-path:vector-databases-search": 0.125}
    scores = ProfileStore(Settings().mentor_db).load("quizzer").latest_scores()
    assert scores == {"ai-integration-engineering-path:vector-databases-search": 0.125}


def test_quiz_interactive_via_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(["quiz", "--topic", "MLOps Fundamentals", "-n", "2"], capsys, "A\nB\n", monkeypatch)
    assert code == 0 and out.count("your answer") == 2 and "Score:" in out and "lines 170–178" in out


def test_interview_scripted_via_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = "supervised and unsupervised learning and model evaluation\nCNNs\n"
    code, out, _ = run(["interview", "--role", "machine learning engineer", "-n", "2", "-p", "ivy"],
                       capsys, stdin, monkeypatch)
    assert code == 0
    assert "Score 100% on ML algorithms" in out and "Missed: RNNs, Transformers" in out
    assert "overall 67%" in out
    sessions = ProfileStore(Settings().mentor_db).load("ivy").interviews
    assert len(sessions) == 1 and sessions[0].role == "Machine Learning Engineer"
    code, _, err = run(["interview", "--role", "chef"], capsys)
    assert code == 2 and "no role 'chef'" in err


def test_plan_from_answers_file_and_stdin(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "plan.json"
    file.write_text(json.dumps({"background": "B", "first": "Advanced Mathematics", "free": "research papers"}))
    code, out, _ = run(["plan", "--answers", str(file), "--json", "-p", "pat"], capsys)
    advice = json.loads(out)
    assert code == 0 and advice["path"] == "Machine Learning Engineering Path"
    assert advice["plan"][0]["title"] == "Prerequisite: Programming Fundamentals"
    assert ProfileStore(Settings().mentor_db).load("pat").path == "Machine Learning Engineering Path"
    code, out, _ = run(["plan", "--no-save", "-p", "pat2"], capsys, "A\nA\nQA systems\n\n\n\n", monkeypatch)
    assert code == 0 and "Recommended: AI Integration Engineering Path" in out and "Your first month" in out
    assert ProfileStore(Settings().mentor_db).load("pat2").path is None


def test_plan_scores_by_meaning_free_text_and_statistics_choice(capsys: pytest.CaptureFixture[str],
                                                              tmp_path: Path) -> None:
    """Issue 16: "Data analysis, statistics or mathematics" (B) no longer counts for AI Integration, and a
    free-text self-description alone is enough; the reasons show what matched in meaning."""
    file = tmp_path / "b.json"
    file.write_text(json.dumps({"background": "B"}))
    code, out, _ = run(["plan", "--answers", str(file), "--json", "--no-save", "-p", "sta"], capsys)
    advice = json.loads(out)
    assert code == 0 and advice["path"] == "Machine Learning Engineering Path"
    assert advice["scores"]["Machine Learning Engineering Path"] > advice["scores"]["AI Integration Engineering Path"]
    assert all("System Design" not in r["citation"] for r in advice["reasons"])
    file.write_text(json.dumps({"free": "I have a statistics and mathematics background and I love building models "
                                        "from scratch"}))
    code, out, _ = run(["plan", "--answers", str(file), "--no-save", "-p", "sta"], capsys)
    assert code == 0 and "Recommended: Machine Learning Engineering Path" in out
    assert "You said “I love building models from scratch”" in out
    assert "This would change if you cared more about" in out


def test_quiz_llm_without_an_llm_keeps_plain_wording(capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAG_LLM", "extractive")
    code, out, err = run(["quiz", "--topic", "MLOps Fundamentals", "-n", "2", "--json", "--llm"], capsys)
    assert code == 0 and "no LLM available" in err
    plain = run(["quiz", "--topic", "MLOps Fundamentals", "-n", "2", "--json"], capsys)[1]
    assert json.loads(out) == json.loads(plain)
    assert not any(q["rephrased"] for q in json.loads(out)["questions"])
