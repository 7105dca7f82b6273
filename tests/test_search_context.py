"""Issue 17: what is indexed carries the document context, technical words are searchable, and fusion is not
worse than its best single retriever (on a small committed corpus of interview answers, one file per question
with the question as its H1 title)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rag.index import Index, expand_query
from rag.ingest import chunk_document, embedded_text, keyword_fields, keyword_text, load_document
from rag.lexical import LexicalIndex, query_terms
from rag.settings import Settings

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ANSWERS = FIXTURES / "interview_answers"
QUESTIONS = [json.loads(line) for line in (FIXTURES / "interview_questions.jsonl").read_text().splitlines() if line]


def _chunks_of_fixture() -> list:
    return [c for path in sorted(ANSWERS.glob("*.md")) for c in chunk_document(load_document(path), path.name)]


def test_title_and_heading_path_are_embedded_and_keyword_indexed(tmp_path: Path) -> None:
    path = tmp_path / "guide.md"
    path.write_text("# Interview answers\n\n## SQL\n\n### Filtering\n\nRows first, then groups.\n")
    (chunk,) = chunk_document(load_document(path), "guide.md")
    assert chunk.label == "guide.md › SQL › Filtering"  # the label shown to users stays short
    assert chunk.headings == ("SQL", "Filtering") and chunk.title == "Interview answers"
    assert embedded_text(chunk) == "Interview answers > SQL > Filtering\nRows first, then groups."
    assert keyword_fields(chunk) == ("Interview answers SQL Filtering", "Rows first, then groups.")
    assert keyword_text(chunk) == "Interview answers SQL Filtering\nRows first, then groups."
    lexical = LexicalIndex(tmp_path / "lexical.sqlite3")
    try:
        lexical.replace_document("guide.md", str(path), "h", [chunk])
        # words found only in the title or the heading path find the chunk
        assert [m.chunk_id for m in lexical.search("interview", 5)] == [chunk.id]
        assert [m.chunk_id for m in lexical.search("filtering", 5)] == [chunk.id]
    finally:
        lexical.close()


def test_a_lone_h1_question_is_the_title_and_is_indexed() -> None:
    (chunk,) = chunk_document(load_document(ANSWERS / "where-vs-having.md"), "where-vs-having.md")
    assert chunk.headings == () and chunk.label == "where-vs-having.md"
    assert chunk.title == "What is the difference between WHERE and HAVING?"
    assert "WHERE" not in chunk.text  # the answer never repeats the question's keywords ...
    assert embedded_text(chunk).startswith("What is the difference between WHERE and HAVING?\n")
    assert "HAVING" in keyword_fields(chunk)[0]  # ... but both indexes see them


def test_technical_words_are_query_terms() -> None:
    terms = query_terms("What is the difference between WHERE and HAVING?")
    assert "where" in terms and "having" in terms and "the" not in terms
    for word in ("IN", "ON", "AS", "OR", "NOT", "ALL", "is", "if", "for", "with", "from", "this", "C", "R"):
        assert query_terms(f"{word} clause") == [word.lower(), "clause"], word


def test_keyword_search_finds_sql_keyword_questions(tmp_path: Path) -> None:
    lexical = LexicalIndex(tmp_path / "lexical.sqlite3")
    try:
        by_source: dict[str, list] = {}
        for chunk in _chunks_of_fixture():
            by_source.setdefault(chunk.source, []).append(chunk)
        for source, chunks in by_source.items():
            lexical.replace_document(source, source, source, chunks)
        ids = {c.id: c.source for cs in by_source.values() for c in cs}
        for question, expected in [
            ("WHERE vs HAVING", "where-vs-having.md"),
            ("IN or EXISTS?", "in-vs-exists.md"),
            ("ON or WHERE for a LEFT JOIN", "join-on-vs-where.md"),
            ("NOT NULL", "not-null.md"),
        ]:
            top = lexical.search(question, 3)
            assert top and ids[top[0].chunk_id] == expected, (question, [ids[m.chunk_id] for m in top])
    finally:
        lexical.close()


def _mrr(ranks: list[int | None]) -> float:
    return sum(1 / r for r in ranks if r) / len(ranks)


def test_fusion_is_not_worse_than_its_best_single_retriever(tmp_path: Path, embedder: object) -> None:
    if not ANSWERS.is_dir():
        pytest.fail(f"the fixture corpus {ANSWERS} is missing")
    index = Index(Settings(home=tmp_path / "home"), embedder_factory=lambda: embedder)  # type: ignore[arg-type,return-value]
    index.ingest([ANSWERS])
    try:
        ranks: dict[str, list[int | None]] = {"dense": [], "keyword": [], "fused": []}
        for item in QUESTIONS:
            query = expand_query(item["question"])
            n = index.settings.candidates
            dense = [m.chunk_id for m in index.store.query(index.query_vector(query), n)]
            keyword = [m.chunk_id for m in index.lexical.search(query, n)]
            chunks = index.lexical.chunks(set(dense) | set(keyword))
            fused = [h.source for h in index.retrieve(item["question"], k=10)]
            for name, sources in (
                ("dense", [chunks[c].source for c in dense[:10]]),
                ("keyword", [chunks[c].source for c in keyword[:10]]),
                ("fused", fused),
            ):
                ranks[name].append(sources.index(item["expected"]) + 1 if item["expected"] in sources else None)
        mrr = {name: _mrr(values) for name, values in ranks.items()}
        assert mrr["fused"] >= max(mrr["dense"], mrr["keyword"]) - 1e-9, mrr
        assert ranks["fused"][0] == 1, "the WHERE/HAVING answer is not the first hit"
        assert all(r is not None and r <= 5 for r in ranks["fused"]), ranks["fused"]
    finally:
        index.lexical.close()


def test_chunk_vector_adds_the_context_vector(embedder: object) -> None:
    import numpy as np

    from rag.ingest.chunking import context_text
    from rag.ingest.pipeline import embed_chunks

    chunks = _chunks_of_fixture()[:3]
    text = embedder.embed_documents([embedded_text(c) for c in chunks])  # type: ignore[attr-defined]
    context = embedder.embed_documents([context_text(c) for c in chunks])  # type: ignore[attr-defined]
    expected = text + 0.5 * context
    expected /= np.linalg.norm(expected, axis=1, keepdims=True)
    assert np.allclose(embed_chunks(embedder, chunks, 0.5), expected, atol=1e-5)  # type: ignore[arg-type]
    assert np.allclose(embed_chunks(embedder, chunks, 0.0), text, atol=1e-6)  # type: ignore[arg-type]
    assert context_text(chunks[0]) == chunks[0].title  # a lone-H1 file: its context is its title


def test_an_afterthought_after_the_question_mark_is_not_the_question() -> None:
    from rag.terms import asking_part
    assert asking_part("is cs231n in there somewhere? a friend said its a must for cnns") == "is cs231n in there somewhere?"
    assert asking_part("how long is the fastapi course? like total video hours") == "how long is the fastapi course? like total video hours"
    assert asking_part("which pays more? whats the avg salary") == "which pays more? whats the avg salary"  # it asks too
    assert asking_part("what is in level 2?") == "what is in level 2?"
    # an aside saying what is not meant is not asked about
    assert asking_part("transformers (the architecture, not the HF lib) - which level?") == "transformers - which level?"


def test_chat_shorthand_is_spelled_out_and_capitalised_words_are_not() -> None:
    from rag.terms import spell_out_shorthand
    assert spell_out_shorthand("how long is lvl 2 abt? u know") == "how long is level 2 about? you know"
    assert spell_out_shorthand("U-Net w/ PyTorch, 2 yrs") == "U-Net with PyTorch, 2 years"
    assert spell_out_shorthand("the upload button") == "the upload button"  # inside words: untouched
    # an ordinal is spelled out only where it places a level; "r" is "are" only after a question word
    assert spell_out_shorthand("what r the topics in the 1st stage of ml eng") == "what are the topics in the first stage of ml engineering"
    assert spell_out_shorthand("the 2nd or the 3rd edition, in R") == "the 2nd or the 3rd edition, in R"
    assert spell_out_shorthand("how many hrs a week for r/MachineLearning") == "how many hours a week for r/MachineLearning"
    assert spell_out_shorthand("web apis bore me tbh. wich path?") == "web apis bore me tbh. which path?"


def test_a_misspelt_document_word_is_mended_and_an_english_word_is_not() -> None:
    from rag.terms import Vocabulary
    vocabulary = Vocabulary(["Conferences: NeurIPS, ICML. Python (Advanced). Build projects for portfolio. Transformers"])
    assert vocabulary.correct("which confrences does it tell us to follow?") == "which conferences does it tell us to follow?"
    assert vocabulary.correct("is pyhton needed for transformrs") == "is python needed for transformers"  # a swap, a drop
    assert vocabulary.correct("how do i protect my api") == "how do i protect my api"  # English, though near "project"
    assert vocabulary.correct("Confrences and NeurlPS") == "Confrences and NeurlPS"  # capitalised: a name, left alone
    assert Vocabulary([]).correct("confrences") == "confrences"


def test_a_month_inside_a_range_and_words_written_whole() -> None:
    from rag.condense import topic_of
    from rag.terms import content_terms, month_point_numbers, month_points, point_in_span
    assert month_points("im around month 8, and 6 months in on the other") == [(8.0, True), (6.0, False)]
    assert month_point_numbers("i'm 3 months in") == {"3"}
    # time spent, in other words: "for about 8 months now", "been studying the track (path) for 3 months"
    assert month_points("ive been on the ML path for about 8 months now") == [(8.0, False)]
    assert month_points("been studying the integration track (path) for 3 months") == [(3.0, False)]
    assert month_points("i can study 10 hours a week for 3 weeks") == []  # weeks of study are not a month
    assert point_in_span((8.0, True), "6-12 months") and not point_in_span((8.0, True), "0-6 months")
    assert point_in_span((6.0, True), "0-6 months")  # the 6th month ends the first range …
    assert point_in_span((6.0, False), "6-12 months")  # … six months spent starts the next
    assert point_in_span((14.0, True), "1-2 years") and not point_in_span((3.0, True), "weekly")
    assert content_terms("pretrained models") == content_terms("Pre-trained Models")
    assert content_terms("apis") == content_terms("API") and content_terms("built") == content_terms("build")
    # "the first level" keeps its ordinal as a follow-up's topic; "first" alone is filler
    assert topic_of("what's the first level of the ml engineering path?").startswith("first level")
    assert "first" not in topic_of("what should i learn first?")
