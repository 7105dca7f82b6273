"""The roadmap tree: exact expectations for the bundled roadmap, a second roadmap of the same shape,
malformed documents, and labels/line ranges that match the index's chunks."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.career.roadmap import Roadmap, load_roadmap, parse_roadmap
from rag.errors import InputError
from rag.ingest.chunking import chunk_document
from rag.ingest.loaders import load_document
from rag.settings import BUNDLED_CORPUS

FIXTURES = Path(__file__).parent / "fixtures"
SOURCE = "ai-ml-mastery-roadmap.md"
AI, ML = "AI Integration Engineering Path", "Machine Learning Engineering Path"


@pytest.fixture(scope="module")
def roadmap() -> Roadmap:
    return parse_roadmap(BUNDLED_CORPUS)


def test_bundled_roadmap_counts(roadmap: Roadmap) -> None:
    assert [p.title for p in roadmap.paths] == [AI, ML]
    assert [len(p.levels) for p in roadmap.paths] == [3, 3]
    for path in roadmap.paths:
        for level in path.levels:
            assert len(level.topics) == 3, level.title
            for topic in level.topics:
                assert len(topic.subtopics) == 3, topic.title
                assert len(topic.resources) == 3, topic.title
    assert roadmap.counts() == {
        "paths": 2, "levels": 6, "topics": 18, "subtopics": 54, "resources": 54, "milestones": 18,
        "roles": 2, "interview_topics": 10, "portfolio_items": 8, "library_categories": 5,
        "library_items": 20, "prerequisite_groups": 3,
    }


def test_levels_keep_names_durations_and_lines(roadmap: Roadmap) -> None:
    ai, ml = roadmap.paths
    assert [(lv.number, lv.name, lv.duration) for lv in ai.levels] == [
        (1, "Foundation", "0-6 months"), (2, "Integration", "6-12 months"), (3, "Advanced", "12-24 months")]
    assert [lv.name for lv in ml.levels] == ["Foundation", "Advanced ML", "Expertise"]
    assert (ai.start_line, ai.end_line) == (35, 120)
    assert [(lv.start_line, lv.end_line) for lv in ml.levels] == [(123, 150), (151, 178), (179, 206)]


def test_named_topic_vector_databases(roadmap: Roadmap) -> None:
    topic = roadmap.find_topic("Vector Databases & Search")
    assert topic is not None
    assert (topic.path_name, topic.level_number, topic.number) == (AI, 2, 1)
    assert (topic.start_line, topic.end_line) == (66, 74)
    assert [s.title for s in topic.subtopics] == ["FAISS", "Pinecone", "Weaviate"]
    assert [s.start_line for s in topic.subtopics] == [67, 68, 69]
    assert [r.title for r in topic.resources] == [
        "FAISS documentation", "Vector database comparison guides", "Practical Vector DB tutorials"]
    assert topic.label == f"{SOURCE} › {AI} › Level 2: Integration (6-12 months)"
    assert topic.key == "ai-integration-engineering-path:vector-databases-search"
    assert roadmap.find_topic("vector databases & search") is topic
    assert roadmap.find_topic(topic.key) is topic


def test_other_named_nodes(roadmap: Roadmap) -> None:
    mlops = roadmap.find_topic("MLOps Fundamentals")
    assert mlops and mlops.path_name == ML and mlops.level_number == 2
    assert [r.title for r in mlops.resources] == ["MLflow documentation", "DVC tutorials", "MLOps guides"]
    ms = roadmap.milestones_for(roadmap.paths[0])
    assert ms is not None and [s.title for s in ms.stages] == [
        "Beginner Milestones", "Intermediate Milestones", "Advanced Milestones"]
    assert [i.title for i in ms.stages[0].items] == [
        "Build basic API with pre-trained model", "Deploy cloud function", "Implement vector search"]
    assert roadmap.milestones_for(roadmap.paths[1]).stages[2].items[1].title == "Publish findings"  # type: ignore[union-attr]
    role = roadmap.find_role("Machine Learning Engineer")
    assert role and role.path_name == ML
    assert [t.title for t in role.technical_topics] == [
        "ML algorithms", "Model architecture", "Training optimization", "Mathematics", "Research papers"]
    assert [p.title for p in role.portfolio] == [
        "Custom models", "Training pipelines", "Research implementations", "Novel solutions"]
    assert [c.title for c in roadmap.library] == ["Online Courses", "Books", "Platforms", "Communities", "Conferences"]
    assert all(len(c.items) == 4 for c in roadmap.library)
    assert roadmap.library[4].items[0].title == "NeurIPS"
    assert [(g.title, g.start_line, g.end_line) for g in roadmap.prerequisites] == [
        ("Programming Fundamentals", 17, 22), ("Mathematics & Statistics", 23, 28), ("Development Tools", 29, 34)]
    assert roadmap.prerequisites[2].items[2].title == "Docker basics"


def test_every_node_lies_in_its_passage(roadmap: Roadmap) -> None:
    lines = BUNDLED_CORPUS.read_text(encoding="utf-8").splitlines()
    for topic in roadmap.topics():
        assert f"**{topic.title}**" in lines[topic.start_line - 1]
        for item in (*topic.subtopics, *topic.resources):
            assert item.title in lines[item.start_line - 1]
            assert topic.start_line < item.start_line <= topic.end_line


def test_labels_match_the_index_chunks(roadmap: Roadmap) -> None:
    """A citation built from a node carries the label of the chunk that holds its lines."""
    chunks = chunk_document(load_document(BUNDLED_CORPUS), SOURCE)
    nodes = [*roadmap.topics(), *(s for m in roadmap.milestones for s in m.stages), *roadmap.roles,
             *roadmap.library, *roadmap.prerequisites]
    for node in nodes:
        holders = [c for c in chunks if c.start_line <= node.end_line and node.start_line <= c.end_line]
        assert holders, f"no chunk holds lines {node.start_line}-{node.end_line} ({node.title})"
        assert node.label in {c.label for c in holders}, (node.title, node.label, [c.label for c in holders])


def test_second_roadmap_parses_with_its_own_counts() -> None:
    rm = parse_roadmap(FIXTURES / "second_roadmap.md")
    assert [p.title for p in rm.paths] == ["Data Engineering Path", "Analytics Engineering Path"]
    assert [[len(lv.topics) for lv in p.levels] for p in rm.paths] == [[2, 3], [2, 2, 1]]
    assert [lv.duration for lv in rm.paths[1].levels] == ["0-3 months", "3-9 months", "9-18 months"]
    orchestration = rm.find_topic("Workflow Orchestration")
    assert orchestration and [s.title for s in orchestration.subtopics] == [
        "Apache Airflow", "Dagster", "Scheduling", "Backfills"]
    assert (orchestration.start_line, orchestration.end_line) == (26, 34)
    assert rm.counts() == {
        "paths": 2, "levels": 5, "topics": 10, "subtopics": 22, "resources": 20, "milestones": 8,
        "roles": 2, "interview_topics": 6, "portfolio_items": 6, "library_categories": 2,
        "library_items": 6, "prerequisite_groups": 2,
    }
    assert {r.name: r.path_name for r in rm.roles} == {
        "Data Engineer": "Data Engineering Path", "Analytics Engineer": "Analytics Engineering Path"}
    assert [m.path_name for m in rm.milestones] == ["Data Engineering Path", "Analytics Engineering Path"]
    assert rm.topics()[0].label == "second_roadmap.md › Data Engineering Path › Level 1: Pipelines (0-4 months)"


def test_malformed_roadmap_lists_what_is_missing(tmp_path: Path) -> None:
    doc = tmp_path / "notes.md"
    doc.write_text("# Notes\n\n## Learning Path\n\n### Basics\n- Python\n- SQL\n\n## Resources\nSome links.\n")
    with pytest.raises(InputError) as info:
        parse_roadmap(doc)
    message = str(info.value)
    for part in ("learning paths", "milestones", "interview preparation", "resource library", "prerequisites"):
        assert part in message
    assert "docs/career.md" in message


def test_level_without_topics_is_reported(tmp_path: Path) -> None:
    text = (FIXTURES / "second_roadmap.md").read_text(encoding="utf-8")
    broken = text.replace("1. **Semantic Layers**", "Semantic layers")
    doc = tmp_path / "broken.md"
    doc.write_text(broken)
    with pytest.raises(InputError, match=r"topics in 'Analytics Engineering Path › Level 3: Semantics"):
        parse_roadmap(doc)


def test_load_roadmap_follows_the_corpus_setting(make_settings, tmp_path: Path) -> None:  # noqa: ANN001
    assert load_roadmap(make_settings()).source == SOURCE
    folder = tmp_path / "docs"
    (folder / "team").mkdir(parents=True)
    (folder / "a-notes.md").write_text("# Just notes\n\nNothing here.\n")
    (folder / "team" / "data.md").write_text((FIXTURES / "second_roadmap.md").read_text(encoding="utf-8"))
    rm = load_roadmap(make_settings(corpus=folder))
    assert rm.source == "team/data.md"
    assert rm.paths[0].label == "team/data.md › Data Engineering Path"
