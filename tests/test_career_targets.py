"""What a career question is about (rag/career/targets.py): paths, levels, topics and roles named in free text."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.career.roadmap import Roadmap, parse_roadmap
from rag.career.targets import find_target, mentioned_paths, parse_months
from rag.settings import BUNDLED_CORPUS

FIXTURES = Path(__file__).parent / "fixtures"
AI, ML = "AI Integration Engineering Path", "Machine Learning Engineering Path"


@pytest.fixture(scope="module")
def roadmap() -> Roadmap:
    return parse_roadmap(BUNDLED_CORPUS)


def _path(roadmap: Roadmap, title: str):  # noqa: ANN202
    p = roadmap.find_path(title)
    assert p is not None
    return p


def test_paths_are_named_by_phrase_initials_or_distinctive_word(roadmap: Roadmap) -> None:
    def names(text: str) -> list[str]:
        return [p.title for p in mentioned_paths(roadmap, text)]

    assert names("the ML path") == [ML] and names("machine learning engineering") == [ML]
    assert names("AI integration or machine learning?") == [AI, ML]
    assert names("the integration path") == [AI]
    assert names("I am curious about deep learning") == []  # "learning" alone is too generic
    assert names("become a Machine Learning Engineer") == [ML]


@pytest.mark.parametrize(("text", "default", "expected"), [
    ("reach Level 3", ML, ("level", ML, "Level 3: Expertise")),
    ("level two of the AI path", ML, ("level", AI, "Level 2: Integration")),
    ("the foundation level", AI, ("level", AI, "Level 1: Foundation")),
    ("the expertise level", AI, ("level", ML, "Level 3: Expertise")),  # a name only the other path has
    ("the advanced level", ML, ("level", ML, "Level 2: Advanced ML")),
    ("the advanced level", AI, ("level", AI, "Level 3: Advanced")),
    ("MLOps Fundamentals", AI, ("topic", ML, "MLOps Fundamentals")),
    ("vector databases", ML, ("topic", AI, "Vector Databases & Search")),
    ("transformers", ML, ("topic", ML, "Model Architecture")),  # a subtopic named in full
    ("become a machine learning engineer", AI, ("role", ML, "Machine Learning Engineer")),
    ("I'm job ready", AI, ("role", AI, "AI Integration Engineer")),
    ("finish the ML path", AI, ("path", ML, ML)),
])
def test_targets(roadmap: Roadmap, text: str, default: str, expected: tuple[str, str, str]) -> None:
    target = find_target(roadmap, text, _path(roadmap, default))
    assert target is not None
    name = target.topic.title if target.topic else target.level.display if target.level else target.name
    assert (target.kind, target.path.title, name) == expected


def test_nothing_named_is_none(roadmap: Roadmap) -> None:
    assert find_target(roadmap, "starting either path?", _path(roadmap, AI)) is None
    assert find_target(roadmap, "even starting it", _path(roadmap, ML)) is None


def test_a_topic_title_beats_a_level_name() -> None:
    rm = parse_roadmap(FIXTURES / "second_roadmap.md")
    de = rm.find_path("Data Engineering Path")
    assert de is not None
    target = find_target(rm, "before Event Streaming", de)  # Level 2 is called "Streaming"
    assert target is not None and target.kind == "topic" and target.topic is not None
    assert target.topic.title == "Event Streaming"
    target = find_target(rm, "the streaming level", de)
    assert target is not None and target.kind == "level"


def test_month_ranges() -> None:
    assert parse_months("6-12 months") == (6.0, 12.0)
    assert parse_months("1-2 years") == (12.0, 24.0)
    assert parse_months("0–6 months") == (0.0, 6.0)
    assert parse_months("") is None
