"""What next (recommendations from a profile) and the chat intent handlers built on it."""

from __future__ import annotations

import pytest

from rag.career.intents import is_next_question, is_progress_question, make_intent_handlers
from rag.career.profiles import ProfileStore
from rag.career.recommend import choose_path, what_next
from rag.career.roadmap import Roadmap, parse_roadmap
from rag.schema import Answer
from rag.settings import BUNDLED_CORPUS

AI, ML = "AI Integration Engineering Path", "Machine Learning Engineering Path"


@pytest.fixture(scope="module")
def roadmap() -> Roadmap:
    return parse_roadmap(BUNDLED_CORPUS)


def test_next_topics_in_order_skipping_done(roadmap: Roadmap, tmp_path) -> None:  # noqa: ANN001
    store = ProfileStore(tmp_path / "m.sqlite3")
    store.set_path("amy", ML)
    recs = what_next(roadmap, store.load("amy"))
    assert [r.topic.title for r in recs] == ["Advanced Mathematics", "ML Fundamentals", "Deep Learning Basics"]
    assert recs[0].reason == "next" and recs[0].duration == "0-6 months"
    store.mark_topic("amy", roadmap.find_topic("Advanced Mathematics").key, "done")  # type: ignore[union-attr]
    store.mark_topic("amy", roadmap.find_topic("ML Fundamentals").key, "done")  # type: ignore[union-attr]
    store.mark_topic("amy", roadmap.find_topic("Model Architecture").key, "in_progress")  # type: ignore[union-attr]
    recs = what_next(roadmap, store.load("amy"), limit=4)
    assert [(r.topic.title, r.reason) for r in recs] == [
        ("Model Architecture", "in_progress"), ("Deep Learning Basics", "next"),
        ("Training Optimization", "next"), ("MLOps Fundamentals", "next")]
    assert recs[2].duration == "6-12 months"
    assert [x.title for x in recs[3].topic.resources] == ["MLflow documentation", "DVC tutorials", "MLOps guides"]
    assert (recs[3].topic.start_line, recs[3].topic.end_line) == (170, 178)


def test_weak_quiz_topics_come_first(roadmap: Roadmap, tmp_path) -> None:  # noqa: ANN001
    store = ProfileStore(tmp_path / "m.sqlite3")
    store.set_path("amy", AI)
    cloud, api = roadmap.find_topic("Cloud Platforms"), roadmap.find_topic("API Development")
    assert cloud and api
    store.mark_topic("amy", cloud.key, "done")
    store.mark_topic("amy", api.key, "done")
    store.record_quiz("amy", {cloud.key: 0.2, api.key: 0.9})
    store.record_quiz("amy", {api.key: 0.5})  # the latest score counts
    recs = what_next(roadmap, store.load("amy"))
    assert [(r.topic.title, r.reason) for r in recs] == [
        ("Cloud Platforms", "review"), ("API Development", "review"), ("Pre-trained Models", "next")]
    assert "20%" in recs[0].why


def test_path_choice_without_a_chosen_path(roadmap: Roadmap, tmp_path) -> None:  # noqa: ANN001
    store = ProfileStore(tmp_path / "m.sqlite3")
    store.ensure("new")
    path, note = choose_path(roadmap, store.load("new"))
    assert path.title == AI and "rag plan" in note
    store.mark_topic("new", roadmap.find_topic("Model Architecture").key, "done")  # type: ignore[union-attr]
    path, note = choose_path(roadmap, store.load("new"))
    assert path.title == ML and "where your progress is" in note


NEXT_QUESTIONS = [
    "What should I learn next?", "what should i study now", "What's my next step?",
    "Where should I go from here?", "Recommend my next topic", "OK, what do I focus on next?",
]
PROGRESS_QUESTIONS = ["How far along am I?", "how far have I got?", "Show my progress", "Am I on track?",
                      "How much have I completed?"]
ROADMAP_QUESTIONS = [
    "What comes after the foundation level of the ML path?", "What should I learn after API Development?",
    "What is in Level 2 of the AI Integration path?", "Which resources cover vector databases?",
    "How long does the advanced level take?", "What are the next steps in the roadmap?",
    "How far is Level 3 from Level 1?", "What progress milestones does the ML path have?",
    "What should I learn first?",
    "What should I learn about API development in Level 1 of the AI Integration Engineering Path?",
    "What should I learn next in the ML path after Level 1?",
]


def test_intent_matching() -> None:
    assert all(is_next_question(q) for q in NEXT_QUESTIONS)
    assert all(is_progress_question(q) for q in PROGRESS_QUESTIONS)
    for q in ROADMAP_QUESTIONS:
        assert not is_next_question(q) and not is_progress_question(q), q
    assert not any(is_progress_question(q) for q in NEXT_QUESTIONS)
    assert not any(is_next_question(q) for q in PROGRESS_QUESTIONS)


def _ask(handlers, question: str) -> Answer | None:  # noqa: ANN001
    for handler in handlers:
        answer = handler(question, [])
        if answer is not None:
            return answer
    return None


def test_handlers_answer_from_the_profile_with_citations(make_settings, roadmap: Roadmap) -> None:  # noqa: ANN001
    settings = make_settings()
    store = ProfileStore(settings.mentor_db)
    store.set_path("zoe", AI)
    store.mark_topic("zoe", roadmap.find_topic("API Development").key, "done")  # type: ignore[union-attr]
    handlers = make_intent_handlers(settings, "zoe")

    nxt = _ask(handlers, "What should I learn next?")
    assert nxt is not None and not nxt.refused and nxt.backend == "mentor" and nxt.retrieved == []
    assert "Cloud Platforms" in nxt.answer and "API Development" not in nxt.answer.split("\n", 1)[1]
    assert "0-6 months" in nxt.answer and "AWS/Azure/GCP free tiers" in nxt.answer
    assert [(c.n, c.start_line, c.end_line) for c in nxt.citations] == [(1, 47, 55), (2, 56, 64), (3, 66, 74)]
    assert nxt.citations[0].label == "ai-ml-mastery-roadmap.md › AI Integration Engineering Path › Level 1: Foundation (0-6 months)"
    assert nxt.citations[0].text.startswith("2. **Cloud Platforms**")
    assert "[1]" in nxt.answer and "[3]" in nxt.answer

    prog = _ask(handlers, "How far along am I?")
    assert prog is not None and prog.backend == "mentor"
    assert "1 of 9 topics (11%)" in prog.answer and "Level 1: Foundation (0-6 months): 1/3 done (33%)" in prog.answer
    assert [(c.start_line, c.end_line) for c in prog.citations] == [(37, 64), (65, 92), (93, 120)]

    for q in ROADMAP_QUESTIONS:
        assert _ask(handlers, q) is None, q


def test_assistant_uses_the_handlers_and_citations_match_the_index(shared_services, make_settings,  # noqa: ANN001
                                                                    roadmap: Roadmap) -> None:
    from rag.chain import Assistant

    settings = make_settings(llm="extractive")
    ProfileStore(settings.mentor_db).set_path("eve", ML)
    assistant = Assistant(settings, shared_services.index, intent_handlers=make_intent_handlers(settings, "eve"))
    mine = assistant.ask("What should I learn next?", backend="extractive")
    assert mine.backend == "mentor" and "Advanced Mathematics" in mine.answer
    hits = shared_services.index.retrieve("Advanced Mathematics linear algebra calculus optimization theory")
    assert mine.citations[0].label in {h.label for h in hits}
    ordinary = assistant.ask("What comes after the foundation level of the ML path?", backend="extractive")
    assert ordinary.backend != "mentor" and ordinary.retrieved


def test_what_next_leads_with_a_sentence_and_honours_what_the_question_says(make_settings, roadmap: Roadmap) -> None:  # noqa: ANN001
    """"i finished level 1 of the ml path, where should i go from here?" answered the profile's path (AI
    Integration) from its start; the path named and the work said finished count, for this answer only."""
    from rag.lead import first_sentence

    settings = make_settings()
    store = ProfileStore(settings.mentor_db)
    store.set_path("kai", AI)
    handlers = make_intent_handlers(settings, "kai")
    answer = _ask(handlers, "i finished level 1 of the ml path, where should i go from here?")
    assert answer is not None and answer.extra["intent"] == "what_next"
    lead = first_sentence(answer.answer)
    assert lead.startswith("Learn Model Architecture next (Level 2: Advanced ML of the Machine Learning Engineering Path"), answer.answer
    assert store.load("kai").topics == {}  # the profile is not changed
    answer = _ask(handlers, "done with API Development, what should i learn next?")
    assert answer is not None and first_sentence(answer.answer).startswith("Learn Cloud Platforms next"), answer.answer
    answer = _ask(handlers, "What should I learn next?")
    assert answer is not None and first_sentence(answer.answer).startswith("Learn API Development next"), answer.answer
    # found on the sixteenth fresh set: other onward wordings after what is finished, and a list of finished topics
    for question, lead in [
        ("finished level 1 of the ml path, what do i move on to?", "Learn Model Architecture next"),
        ("i'm done with the foundation level of the integration track, what now?", "Learn Vector Databases & Search next"),
        ("just wrapped up apis, cloud and pretrained models on the integration track... what do i move on to now?",
         "Learn Vector Databases & Search next"),
        ("just wrapped up level 1 on the ml path (math, ml fundamentals, DL basics). whats next?",
         "Learn Model Architecture next"),
    ]:
        answer = _ask(handlers, question)
        assert answer is not None and answer.extra["intent"] == "what_next", (question, answer and answer.answer)
        assert first_sentence(answer.answer).startswith(lead), answer.answer
    # without a statement of what is finished, "what do i move on to" is not the profile's next topic
    assert _ask(handlers, "what do i move on to after api development?") is None
