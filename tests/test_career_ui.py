"""The career pages in-process (streamlit.testing.v1.AppTest): each renders, and its main action works."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from rag.career.profiles import ProfileStore
from rag.career.roadmap import parse_roadmap
from rag.settings import BUNDLED_CORPUS, Settings

REPO = str(Path(__file__).resolve().parents[1])


def _page_script(repo: str, module: str, profile: str, services: object = None) -> None:
    import importlib
    import sys

    if repo not in sys.path:
        sys.path.insert(0, repo)
    from rag.settings import Settings
    from ui import UIContext
    from ui.components import error_boundary

    page = importlib.import_module(module)
    ctx = UIContext(settings=Settings(), services=services, conversations=None, profile=profile)  # type: ignore[arg-type]
    with error_boundary():  # as app.py's page wrapper runs every page
        page.render(ctx)


def _app(module: str, profile: str = "uma", services: object = None) -> AppTest:
    at = AppTest.from_function(_page_script, args=(REPO, module, profile, services), default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def _markdown(at: AppTest) -> str:
    return "\n".join(str(m.value) for m in at.markdown)


def test_progress_page_shows_completion_and_marks_topics() -> None:
    roadmap = parse_roadmap(BUNDLED_CORPUS)
    store = ProfileStore(Settings().mentor_db)
    store.set_path("uma", "Machine Learning Engineering Path")
    store.mark_topic("uma", roadmap.find_topic("Advanced Mathematics").key, "done")  # type: ignore[union-attr]
    store.record_quiz("uma", {roadmap.find_topic("ML Fundamentals").key: 0.4})  # type: ignore[union-attr]
    at = _app("ui.career_progress")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Topics done"] == "1/9" and metrics["Path complete"] == "11%"
    assert "ML Fundamentals" in _markdown(at) and "below 60%" in _markdown(at)
    control = at.get("button_group")
    assert len(control) == 9  # one status control per topic of the path
    key = roadmap.find_topic("Deep Learning Basics").key  # type: ignore[union-attr]
    seg = next(c for c in control if c.key == f"career_progress_{key}")
    seg.set_value("Done").run()
    assert not at.exception, [e.value for e in at.exception]
    assert store.load("uma").status(key) == "done"


def test_quiz_page_grades_and_stores_scores() -> None:
    at = _app("ui.career_quiz", profile="quinn")
    at.selectbox(key="career_quiz_topic").set_value("Vector Databases & Search")
    at.button(key="career_quiz_new").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.radio) + len(at.text_input) == 4
    for r in at.radio:
        r.set_value(r.options[0])
    for t in at.text_input:
        t.set_value("FAISS and Weaviate")
    at.button[-1].click().run()  # the form's submit button
    assert not at.exception, [e.value for e in at.exception]
    assert any(m.label == "Score" for m in at.metric)
    scores = ProfileStore(Settings().mentor_db).load("quinn").latest_scores()
    assert list(scores) == ["ai-integration-engineering-path:vector-databases-search"]


def test_interview_page_runs_a_session() -> None:
    at = _app("ui.career_interview", profile="ian")
    at.selectbox(key="career_interview_role").set_value("Machine Learning Engineer")
    at.button(key="career_interview_start").click().run()
    for _ in range(5):
        at.text_area[0].set_value("supervised learning, CNNs, Transformers, calculus, paper implementation")
        at.button[-1].click().run()
        assert not at.exception, [e.value for e in at.exception]
    assert "Machine Learning Engineer mock interview: 5 answers" in _markdown(at)
    sessions = ProfileStore(Settings().mentor_db).load("ian").interviews
    assert len(sessions) == 1 and 0 < sessions[0].score < 1


def test_pathfinder_page_recommends_and_follows(shared_services) -> None:  # noqa: ANN001
    """The page scores with the app's embedding model (ctx.services.embedder); a free-text description is enough."""
    at = _app("ui.career_pathfinder", profile="pia", services=shared_services)
    at.text_area(key="career_pathfinder_free_text").set_value(
        "I studied statistics and I love building models from scratch")
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Machine Learning Engineering Path" in str(at.success[0].value)
    assert "“I studied statistics”" in _markdown(at) or "“I love building models from scratch”" in _markdown(at)
    at.button(key="career_pathfinder_follow").click().run()
    assert ProfileStore(Settings().mentor_db).load("pia").path == "Machine Learning Engineering Path"


@pytest.mark.parametrize("module", ["ui.career_progress", "ui.career_quiz", "ui.career_interview", "ui.career_pathfinder"])
def test_pages_are_discovered(module: str) -> None:
    import sys

    if REPO not in sys.path:
        sys.path.insert(0, REPO)
    from ui import discover_career_pages

    urls = {p.url_path for p in discover_career_pages()}
    assert module.split(".")[1].replace("_", "-") in urls
