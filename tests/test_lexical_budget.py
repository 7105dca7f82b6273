"""The cost-bounded lexical query (rag.lexical.LexicalIndex.match_expression), on a real SQLite FTS5 file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from rag.lexical import LexicalIndex
from rag.schema import Chunk, make_label


def _chunk(source: str, ordinal: int, text: str) -> Chunk:
    headings = (f"Section {ordinal}",)
    return Chunk(
        id=f"{source}-{ordinal}",
        text=text,
        source=source,
        headings=headings,
        label=make_label(source, headings),
        start_line=ordinal + 1,
        end_line=ordinal + 1,
        content_hash=f"c{ordinal}",
        doc_hash="d",
        ordinal=ordinal,
    )


@pytest.fixture
def lexical(tmp_path: Path) -> Iterator[LexicalIndex]:
    """40 chunks: 'learning' in all, 'python' in 20, 'docker' in 10, 'kubernetes' in 2."""
    index = LexicalIndex(tmp_path / "lexical.sqlite")
    chunks = []
    for i in range(40):
        words = ["learning"]
        if i % 2 == 0:
            words.append("python")
        if i % 4 == 0:
            words.append("docker")
        if i % 20 == 0:
            words.append("kubernetes")
        chunks.append(_chunk("a.md", i, " ".join(words) + " basics"))
    index.replace_document("a.md", "a.md", "d", chunks)
    yield index
    index.close()


def test_document_frequencies_use_the_indexed_stems(lexical: LexicalIndex) -> None:
    assert lexical.stems(["learning", "dockers", "python"]) == ["learn", "docker", "python"]
    assert lexical.document_frequencies(["learning", "python", "docker", "kubernetes", "absent"]) == [
        40,
        20,
        10,
        2,
        0,
    ]


def test_small_index_keeps_plain_or_of_all_terms(lexical: LexicalIndex) -> None:
    expression = lexical.match_expression("How do I learn Python and Docker with Kubernetes?")
    assert expression == '"kubernetes" OR "docker" OR "python" OR "learn"'


def test_common_terms_only_count_together_when_over_budget(lexical: LexicalIndex) -> None:
    # budget 12 postings: kubernetes (2) + docker (10) fit; python and learning are common
    expression = lexical.match_expression("learning python docker kubernetes", max_postings=12)
    assert expression == '"kubernetes" OR "docker" OR ("python" AND "learning")'
    # a single common term is not searched at all
    assert lexical.match_expression("learning", max_postings=12) == ""
    assert lexical.match_expression("unknownword", max_postings=12) == ""


def test_search_ranks_rare_term_first_and_sees_new_documents(lexical: LexicalIndex) -> None:
    hits = lexical.search("kubernetes learning", 5)
    assert {h.chunk_id for h in hits[:2]} == {"a.md-0", "a.md-20"}
    assert lexical.document_frequencies(["kubernetes"]) == [2]
    lexical.replace_document("b.md", "b.md", "d2", [_chunk("b.md", 0, "kubernetes operators")])
    assert lexical.document_frequencies(["kubernetes"]) == [3]  # the df cache follows writes
    assert "b.md-0" in {h.chunk_id for h in lexical.search("kubernetes", 5)}
    lexical.remove_document("b.md")
    assert lexical.document_frequencies(["kubernetes"]) == [2]


def test_df_cache_follows_writes_from_another_connection(lexical: LexicalIndex) -> None:
    assert lexical.document_frequencies(["operators"]) == [0]
    other = LexicalIndex(lexical.path)
    try:
        other.replace_document("c.md", "c.md", "d3", [_chunk("c.md", 0, "operators")])
    finally:
        other.close()
    assert lexical.document_frequencies(["operators"]) == [1]
    assert [h.chunk_id for h in lexical.search("operators", 5)] == ["c.md-0"]


def test_label_filter_is_a_literal_case_insensitive_substring(lexical: LexicalIndex) -> None:
    lexical.replace_document("b_100%.md", "b_100%.md", "d4", [_chunk("b_100%.md", 0, "kubernetes operators")])
    assert lexical.ids_with_label("B_100%") == ["b_100%.md-0"]
    assert lexical.ids_with_label("a%md") == []  # % is not a wildcard
    assert len(lexical.ids_with_label("SECTION 1")) == 11  # Section 1, 10-19 of a.md
    hits = lexical.search("kubernetes", 5, label_filter="b_100%")
    assert [h.chunk_id for h in hits] == ["b_100%.md-0"]
