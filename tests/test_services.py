"""The service container wires the career handlers into the chat: "what should I learn next?" is
answered from the current learner profile, ordinary questions still go to retrieval."""

from __future__ import annotations

from pathlib import Path

from rag.career.profiles import ProfileStore
from rag.career.roadmap import load_roadmap
from rag.services import Services
from rag.settings import Settings


def test_chat_answers_what_next_from_the_current_profile(shared_services: Services, shared_home: Path) -> None:
    settings = Settings(home=shared_home, llm="extractive")
    services = Services(settings, profile="ada-test-services")
    store = ProfileStore(settings.mentor_db)
    roadmap = load_roadmap(settings)
    ai_path = roadmap.find_path("AI Integration")
    assert ai_path is not None
    store.ensure("ada-test-services")
    store.set_path("ada-test-services", ai_path.title)
    first = ai_path.topics()[0]

    before = services.assistant.ask("What should I learn next?")
    assert before.backend == "mentor" and not before.refused
    assert first.title in before.answer
    assert before.citations, "a recommendation must cite its roadmap passage"

    store.mark_topic("ada-test-services", first.key, "done")
    after = services.assistant.ask("What should I learn next?")
    assert after.backend == "mentor"
    assert ai_path.topics()[1].title in after.answer

    ordinary = services.assistant.ask("What comes after the foundation level of the ML path?")
    assert ordinary.backend == "extractive" and ordinary.retrieved


def test_profile_switch_changes_whose_progress_is_used(shared_services: Services, shared_home: Path) -> None:
    settings = Settings(home=shared_home, llm="extractive")
    services = Services(settings, profile="nobody-yet-1")
    services.assistant.ask("how far along am I?")
    services.profile = "nobody-yet-2"
    answer = services.assistant.ask("how far along am I?")
    assert answer.backend == "mentor"
    assert set(services._mentor_handlers) == {"nobody-yet-1", "nobody-yet-2"}
