"""Citation checking: the lexical support test, wrong-citation repair, dangling numbers, renumbering."""

from __future__ import annotations

import pytest

from rag.citations import check_citations, cut_loops, drop_unsupported_items, is_supported, passage_text
from rag.schema import Hit

VECTOR = """1. **Vector Databases & Search**
   - FAISS
   - Pinecone
   - Weaviate
   - Resources:
     * FAISS documentation
     * Vector database comparison guides
     * Practical Vector DB tutorials"""
NLP = """2. **NLP Integration**
   - Sentence transformers
   - Token handling
   - Text preprocessing
   - Resources:
     * Sentence-transformers documentation
     * spaCy course"""
BOOKS = """- "Designing Machine Learning Systems"
- "Building ML Powered Applications"
- "Deep Learning" (Goodfellow)"""
LEVEL2 = ["AI Integration Engineering Path", "Level 2: Integration (6-12 months)"]


def _hit(rank: int, headings: list[str], text: str) -> Hit:
    return Hit(rank=rank, chunk_id=f"c{rank}", source="roadmap.md", headings=headings,
               label=" › ".join(["roadmap.md", *headings]), score=1 / rank, text=text,
               start_line=10 * rank, end_line=10 * rank + 8)


@pytest.fixture
def hits() -> list[Hit]:
    return [_hit(1, LEVEL2, VECTOR), _hit(2, LEVEL2, NLP), _hit(3, ["Resource Library", "Books"], BOOKS)]


@pytest.mark.parametrize(
    ("sentence", "right", "wrong"),
    [
        ("Learn the vector databases FAISS, Pinecone and Weaviate.", VECTOR, NLP),
        ("Start with the FAISS documentation and practical vector DB tutorials.", VECTOR, BOOKS),
        ("The NLP integration topic covers token handling and text preprocessing.", NLP, VECTOR),
        ("Read Designing Machine Learning Systems by way of the books list.", BOOKS, NLP),
    ],
)
def test_the_right_passage_supports_and_a_wrong_one_does_not(sentence: str, right: str, wrong: str) -> None:
    assert is_supported(sentence, right)
    assert not is_supported(sentence, wrong)


def test_numbers_and_names_must_appear_in_the_passage() -> None:
    assert not is_supported("Level 3 takes 12-24 months.", "Level 2: Integration (6-12 months)")
    assert not is_supported("Learn FAISS and Milvus.", VECTOR)  # Milvus is not in the roadmap
    assert not is_supported("Good luck!", VECTOR)  # nothing checkable


def test_wrong_citation_is_reattributed_to_the_supporting_passage(hits: list[Hit]) -> None:
    text, citations = check_citations("The vector databases to learn are FAISS, Pinecone and Weaviate [2].", hits)
    assert text == "The vector databases to learn are FAISS, Pinecone and Weaviate [1]."
    assert len(citations) == 1
    assert citations[0].chunk_id == "c1" and citations[0].n == 1
    assert citations[0].supported and "re-attributed from [2]" in citations[0].note
    assert citations[0].sentences == ["The vector databases to learn are FAISS, Pinecone and Weaviate."]


def test_number_without_a_passage_is_removed(hits: list[Hit]) -> None:
    text, citations = check_citations("Token handling and text preprocessing are part of NLP integration [2][7].", hits)
    assert "[7]" not in text and text.endswith("[1].")
    assert [c.chunk_id for c in citations] == ["c2"]
    assert "removed [7]" in citations[0].note


def test_citations_are_renumbered_in_order_of_first_appearance(hits: list[Hit]) -> None:
    answer = (
        "Read Designing Machine Learning Systems [3]. Then learn FAISS and Pinecone [1, 3]. "
        "Token handling comes with NLP integration [2]."
    )
    text, citations = check_citations(answer, hits)
    assert text == (
        "Read Designing Machine Learning Systems [1]. Then learn FAISS and Pinecone [2]. "
        "Token handling comes with NLP integration [3]."
    )
    assert [(c.n, c.chunk_id) for c in citations] == [(1, "c3"), (2, "c1"), (3, "c2")]


def test_uncited_supported_sentence_gets_a_citation_and_unsupported_is_flagged(hits: list[Hit]) -> None:
    text, citations = check_citations(
        "Weaviate and Pinecone are vector databases. Kubernetes operators scale GPU clusters [2].", hits
    )
    assert text.startswith("Weaviate and Pinecone are vector databases [1].")
    flagged = [c for c in citations if not c.supported]
    assert len(flagged) == 1 and flagged[0].chunk_id == "c2" and "unsupported" in flagged[0].note
    assert flagged[0].sentences == ["Kubernetes operators scale GPU clusters."]


def test_citation_after_the_full_stop_stays_with_its_sentence(hits: list[Hit]) -> None:
    text, citations = check_citations("Learn FAISS and Weaviate. [1] Learn token handling. [2]", hits)
    assert text == "Learn FAISS and Weaviate [1]. Learn token handling [2]."
    assert [c.chunk_id for c in citations] == ["c1", "c2"]


def test_passage_text_includes_the_headings(hits: list[Hit]) -> None:
    assert passage_text(hits[0]).startswith("AI Integration Engineering Path\nLevel 2")
    assert is_supported("Level 2 of the AI integration path lists Pinecone.", passage_text(hits[0]))


def test_a_line_the_model_repeats_is_dropped(hits: list[Hit]) -> None:
    looped = "FAISS, Pinecone and Weaviate [1].\nSentence transformers [2].\nFAISS, Pinecone and Weaviate [1]."
    text, citations = check_citations(looped, hits)
    assert text.splitlines() == ["FAISS, Pinecone and Weaviate [1].", "Sentence transformers [2]."]
    assert citations[0].sentences == ["FAISS, Pinecone and Weaviate."]


def test_a_sentence_citing_two_passages_is_supported_by_them_together(hits: list[Hit]) -> None:
    """"X covers A, while Y covers B [1][2]": neither passage states it all, both together do."""
    text, citations = check_citations(
        "Vector Databases & Search covers FAISS, Pinecone and Weaviate, while NLP Integration covers "
        "Sentence transformers and Token handling [1][2].", hits)
    assert [c.n for c in citations] == [1, 2] and all(c.supported for c in citations), citations
    # a passage holding almost none of the sentence is not carried along by the other
    text, citations = check_citations("FAISS, Pinecone and Weaviate are the vector databases to learn [1][3].", hits)
    assert [c.headings for c in citations] == [LEVEL2], citations


def test_a_list_the_model_loops_on_is_cut_at_the_first_repeat() -> None:
    """Seen with the 0.5B at temperature 0: a list item cycle repeated until the token limit."""
    looped = ("Level 1 takes 0-6 months [1].\n- Beginner Milestones: Build basic API with pre-trained model, Deploy cloud "
              "function, Implement vector search, Deploy cloud function, Implement vector search, Deploy cloud [2]")
    assert cut_loops(looped).splitlines() == [
        "Level 1 takes 0-6 months [1].",
        "- Beginner Milestones: Build basic API with pre-trained model, Deploy cloud function, Implement vector search [2]",
    ]


def test_a_line_whose_words_an_earlier_line_already_says_is_dropped() -> None:
    """A restated list, and the same list cut short by the token limit, say nothing new; a new line stays."""
    text = ("Next Steps: Choose your path, Start with foundational requirements and Engage with community [1].\n"
            "- Choose your path, Start with foundational requirements, Engage with community [1]\n"
            "- Choose your path, Start with [1]\n"
            "- Track progress with milestones [1]")
    assert cut_loops(text).splitlines() == [text.splitlines()[0], "- Track progress with milestones [1]"]
    plain = "Learn FAISS [1].\nThen Pinecone [1]."
    assert cut_loops(plain) == plain  # nothing repeated: unchanged


def test_a_made_up_item_of_a_model_list_is_dropped(hits: list[Hit]) -> None:
    """The 0.5B padded a list with items no passage states; the real ones stay, prose is left alone."""
    text = ("- Vector Databases & Search: FAISS, Pinecone, Weaviate, Milvus [1]\n"
            "- Made up: Quantum annealing, Blockchain ledgers, Holographic storage [1]\n"
            "Learn FAISS, then Pinecone, then Weaviate [1].")
    assert drop_unsupported_items(text, hits).splitlines() == [
        "- Vector Databases & Search: FAISS, Pinecone, Weaviate [1]", "Learn FAISS, then Pinecone, then Weaviate [1]."]
