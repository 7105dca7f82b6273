"""The extractive backend on the real index: key facts verbatim, citations on the right sections."""

from __future__ import annotations

import pytest

from rag.chain import Assistant
from rag.extractive import parse_units
from rag.lead import extractive_answer, is_prose_line
from rag.schema import Hit
from rag.services import Services

CASES = [
    ("Which vector databases does the roadmap want me to learn?", ["FAISS", "Pinecone", "Weaviate", "Vector Databases & Search"], "Level 2: Integration"),
    ("What resources do you recommend for learning FastAPI?", ["FastAPI official documentation", "FastAPI Master Course"], "Level 1: Foundation"),
    ("Which model architectures should I master in the ML path?", ["CNNs", "RNNs", "Transformers"], "Level 2: Advanced ML"),
    ("Which conferences are worth following?", ["NeurIPS", "ICML", "PyData"], "Resource Library › Conferences"),
    ("What are the intermediate milestones for an integration engineer?", ["Build production QA system"], "Assessment & Milestones › AI Integration Engineering"),
]


@pytest.fixture(scope="module")
def assistant(shared_services: Services) -> Assistant:
    return Assistant(shared_services.settings, shared_services.index)


@pytest.mark.parametrize(("question", "facts", "section"), CASES)
def test_extractive_answer_quotes_key_facts_and_cites_their_section(
    assistant: Assistant, question: str, facts: list[str], section: str
) -> None:
    answer = assistant.ask(question, backend="extractive")
    assert not answer.refused, answer.refusal_reason
    assert answer.backend == "extractive"
    for fact in facts:
        assert fact in answer.answer, f"{fact!r} missing from:\n{answer.answer}"
    assert any(section in c.label for c in answer.citations), [c.label for c in answer.citations]
    lines = answer.answer.splitlines()
    assert 1 <= len(lines) <= 7
    assert is_prose_line(lines[0]), f"the answer must open with a prose sentence, not {lines[0]!r}"
    for line in lines:  # every line cites a passage that really is among the citations
        assert line.rstrip(".").endswith(tuple(f"[{c.n}]" for c in answer.citations)), line
    assert all(c.supported for c in answer.citations)


def test_faiss_line_carries_its_topic_title(assistant: Assistant) -> None:
    answer = assistant.ask("Tell me about FAISS", backend="extractive")
    line = next(ln for ln in answer.answer.splitlines() if "FAISS" in ln)
    assert "Vector Databases & Search" in line


def test_extractive_is_deterministic(assistant: Assistant) -> None:
    q = "How do I learn deep learning basics like backpropagation?"
    assert assistant.ask(q, backend="extractive").answer == assistant.ask(q, backend="extractive").answer


def test_parse_units_keeps_topics_items_and_resources() -> None:
    hit = Hit(1, "c", "r.md", ["Path", "Level 1"], "r.md › Path › Level 1", 1.0,
              "1. **API Development**\n   - FastAPI\n   - REST principles\n   - Resources:\n     * FastAPI official documentation\n"
              "\nSome prose here. And a second sentence.", 1, 9)
    topic, first, second = parse_units(hit)
    assert (topic.kind, topic.title, topic.items, topic.resources) == (
        "topic", "API Development", ["FastAPI", "REST principles"], ["FastAPI official documentation"])
    assert (first.kind, first.title, second.title) == ("sentence", "Some prose here.", "And a second sentence.")
    first = extractive_answer("REST principles", [hit]).splitlines()[0]
    assert is_prose_line(first) and "REST principles" in first and "API Development" in first


def test_a_sentence_ending_with_a_colon_introduces_the_list_after_it() -> None:
    hit = Hit(1, "c", "r.md", ["Next Steps"], "r.md › Next Steps", 1.0,
              "1. Choose your path\n2. Start with the basics\n\nThis roadmap will be used in the QA system for:\n- Career guidance\n"
              "- Progress tracking\n\nA closing sentence.", 1, 9)
    steps, uses, closing = parse_units(hit)
    assert (steps.kind, steps.title, steps.items) == ("list", "", ["Choose your path", "Start with the basics"])
    assert (uses.kind, uses.title, uses.items) == ("list", "This roadmap will be used in the QA system for", ["Career guidance", "Progress tracking"])
    assert closing.kind == "sentence"
    first = extractive_answer("what will the qa system use the roadmap for?", [hit]).splitlines()[0]
    assert first.startswith("This roadmap will be used in the QA system for: Career guidance and Progress tracking"), first


@pytest.mark.parametrize(("question", "fact", "section"), [
    ("which subreddit should i follow for ml?", "r/MachineLearning", "Communities"),  # a learner's word for Reddit
    ("which code editor should i get good at?", "VS Code", "Common Prerequisites"),  # editor: the roadmap says IDE
])
def test_learner_words_reach_the_line_that_answers(assistant: Assistant, question: str, fact: str, section: str) -> None:
    answer = assistant.ask(question, backend="extractive")
    assert fact in answer.answer.splitlines()[0], answer.answer
    assert any(section in c.label for c in answer.citations), [c.label for c in answer.citations]


def test_the_paths_a_question_names_leave_out_the_one_it_turns_away_from() -> None:
    from rag.extractive import paths_named
    from rag.schema import Hit

    def hit(headings: list[str]) -> Hit:
        return Hit(rank=1, chunk_id="c", source="r.md", headings=headings, label=" › ".join(headings), score=1.0, text="x",
                   start_line=1, end_line=2)

    hits = [hit(["AI Integration Engineering Path", "Level 1: Foundation (0-6 months)"]),
            hit(["Machine Learning Engineering Path", "Level 1: Foundation (0-6 months)"]), hit(["Overview"])]
    assert paths_named("do I still need math if I pick AI integration instead of ML?", hits) == {
        "AI Integration Engineering Path"}
    assert paths_named("is calculus part of the ML foundation?", hits) == {"Machine Learning Engineering Path"}
    assert paths_named("is calculus in the roadmap?", hits) == set()
