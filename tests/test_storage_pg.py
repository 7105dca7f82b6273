"""Server mode, one process: the lexical index, documents and ingest locks in a real PostgreSQL 15.

The SQLite default is covered by the existing index/ingest/retrieval tests; here the same contract runs
against PostgreSQL (``RAG_DATABASE_URL``), with embedded Chroma or a real `chroma run`.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import sqlalchemy as sa
from index_helpers import ROADMAP, CountingEmbedder
from pydantic import ValidationError

from bench._servers import create_database
from rag.errors import EmptyIndexError, IndexMismatchError
from rag.index import Index
from rag.ingest.chunking import chunk_document
from rag.ingest.loaders import load_document
from rag.lexical import CONJUNCTION_TERMS, LexicalIndex, _like_pattern, budget_terms, query_terms
from rag.settings import Settings
from rag.storage import open_lexical
from rag.storage.engine import server_engine
from rag.storage.lexical_pg import PgLexicalIndex, bm25_idf
from rag.storage.migrate import current_revision, head_revision, upgrade
from ui.server import wait_until

pytestmark = pytest.mark.postgres


def test_default_is_the_sqlite_file_and_a_bad_url_is_rejected(make_settings: Callable[..., Settings]) -> None:
    settings = make_settings()
    assert settings.database_url is None
    lexical = open_lexical(settings)
    assert isinstance(lexical, LexicalIndex) and lexical.path == settings.home / "lexical.sqlite3"
    with pytest.raises(ValidationError) as err:
        make_settings(database_url="mysql://root@localhost/rag")
    assert "postgresql://user:password@host:5432/dbname" in str(err.value)
    assert make_settings(database_url="  ").database_url is None


def test_migrations_run_on_start_once_and_are_versioned(database_url: str) -> None:
    engine = server_engine(database_url)
    assert current_revision(engine) == head_revision() == "0002"
    assert server_engine(database_url) is engine  # one pool per URL and process
    upgrade(engine)  # a second worker starting: no-op, no error
    with engine.connect() as conn:
        tables = set(conn.execute(sa.text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars())
        # the config keeps words every English stoplist drops (SQL keywords), stemmed like FTS5's porter
        lexemes = conn.execute(sa.text("SELECT to_tsvector('rag_english', 'WHERE filters rows, HAVING filters groups')")).scalar()
    assert {"rag_chunks", "rag_documents", "rag_pending", "rag_meta", "conversations", "feedback", "profiles"} <= tables
    assert "'where'" in lexemes and "'have'" in lexemes and "'filter'" in lexemes


def test_unreachable_database_is_a_clear_error(make_settings: Callable[..., Settings]) -> None:
    from rag.errors import StoreUnavailableError
    from ui.server import free_port

    settings = make_settings(database_url=f"postgresql://rag:secret@127.0.0.1:{free_port()}/rag")
    with pytest.raises(StoreUnavailableError) as err:
        Index(settings).stats()
    message = str(err.value)
    assert "PostgreSQL at postgresql://rag:***@127.0.0.1:" in message and "secret" not in message
    assert "unset RAG_DATABASE_URL" in message


def _roadmap_chunks() -> list[Any]:
    return chunk_document(load_document(ROADMAP, 20.0), ROADMAP.name, 900, 150)


def test_postgres_lexical_search_agrees_with_sqlite_bm25(database_url: str, tmp_path: Path) -> None:
    chunks = _roadmap_chunks()
    pg = PgLexicalIndex(server_engine(database_url), "roadmap")
    lite = LexicalIndex(tmp_path / "lexical.sqlite3")
    for store in (pg, lite):
        store.replace_document(ROADMAP.name, str(ROADMAP), "h1", chunks)
    assert pg.counts() == lite.counts() == (1, len(chunks))
    queries = [
        "which vector databases should I learn?",
        "docker kubernetes deployment",
        "transformer attention",
        "statistics probability",
        "fine-tuning LoRA",
    ]
    for query in queries:
        top_pg = [m.chunk_id for m in pg.search(query, 5)]
        top_lite = [m.chunk_id for m in lite.search(query, 5)]
        assert top_pg and top_pg[0] in top_lite[:2], (query, top_pg, top_lite)
        assert len(set(top_pg) & set(top_lite)) >= min(3, len(top_lite)), (query, top_pg, top_lite)
    # label filter and label lookup behave like SQLite's (case-insensitive "contains")
    needle = chunks[3].headings[0].upper()
    assert set(pg.ids_with_label(needle)) == set(lite.ids_with_label(needle))
    assert all(needle.lower() in pg.chunks([m.chunk_id]).popitem()[1].label.lower() for m in pg.search("learn", 5, needle))
    # document frequencies follow writes: replacing / removing the document leaves no counts behind
    pg.replace_document(ROADMAP.name, str(ROADMAP), "h2", chunks[:10])
    assert pg.counts() == (1, 10)
    assert pg.remove_document(ROADMAP.name) and pg.counts() == (0, 0)
    with pg.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT coalesce(sum(df), 0) FROM rag_lexemes WHERE collection = 'roadmap'")).scalar() == 0
    assert pg.search("vector databases", 5) == []


def _pg_index(
    make_settings: Callable[..., Settings], embedder: Any, database_url: str, tmp_path: Path, **overrides: Any
) -> tuple[Index, CountingEmbedder]:
    counting = CountingEmbedder(embedder, overrides.pop("interrupt_on_call", None))
    overrides.setdefault("home", tmp_path / f"home-{uuid.uuid4().hex[:6]}")
    # one embedded text per chunk (no separate context vector), so counted texts are counted chunks
    overrides.setdefault("context_weight", 0.0)
    settings = make_settings(database_url=database_url, **overrides)
    return Index(settings, embedder_factory=lambda: counting), counting


@pytest.mark.slow
def test_hybrid_retrieval_and_incremental_ingest_in_server_mode(
    make_settings: Callable[..., Settings], embedder: Any, database_url: str, chroma_server_url: str, tmp_path: Path
) -> None:
    collection = f"t{uuid.uuid4().hex[:8]}"
    index, counting = _pg_index(
        make_settings, embedder, database_url, tmp_path, chroma_url=chroma_server_url, collection=collection
    )
    report = index.ingest([ROADMAP])
    assert report.added == [ROADMAP.name] and counting.texts == report.chunks_written
    assert index.store.count() == report.chunks_written == index.stats()["chunks"]
    hits = index.retrieve("which vector databases should I learn?", k=3)
    assert hits[0].headings[-1].startswith("Level 2")
    assert any(h.lexical_score is not None for h in hits) and any(h.dense_score is not None for h in hits)
    # another worker (another RAG_HOME, same URLs) sees the same index and embeds nothing again
    other, other_counting = _pg_index(
        make_settings, embedder, database_url, tmp_path, chroma_url=chroma_server_url, collection=collection
    )
    again = other.ingest([ROADMAP])
    assert again.unchanged == [ROADMAP.name] and other_counting.texts == 0
    assert [h.chunk_id for h in other.retrieve("which vector databases should I learn?", k=3)] == [h.chunk_id for h in hits]
    assert other.documents()[0]["doc_hash"] == index.documents()[0]["doc_hash"]
    section = other.section(ROADMAP.name, hits[0].headings)
    assert hits[0].headings[-1] in section
    assert other.remove_document(ROADMAP.name) and index.stats()["documents"] == 0 and index.store.count() == 0


def test_interrupted_ingest_leaves_nothing_half_visible(
    make_settings: Callable[..., Settings], embedder: Any, database_url: str, tmp_path: Path
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("# A\n\nKubernetes schedules containers on a cluster of nodes.\n")
    (docs / "b.md").write_text("# B\n\nPostgres uses a GIN index for full-text search over tsvectors.\n")
    index, _ = _pg_index(make_settings, embedder, database_url, tmp_path, embedding_batch_size=1)
    real_upsert = index.store.upsert
    calls = {"n": 0}

    def upsert_then_die(*args: Any, **kwargs: Any) -> None:
        real_upsert(*args, **kwargs)
        calls["n"] += 1
        if calls["n"] == 2:  # b.md's vectors are in Chroma, its PostgreSQL commit never happens
            raise KeyboardInterrupt

    index.store.upsert = upsert_then_die  # type: ignore[method-assign]
    with pytest.raises(KeyboardInterrupt):
        index.ingest([docs])
    assert [d["source"] for d in index.documents()] == ["a.md"]
    assert index.lexical.pending_sources() == {"b.md"}
    assert index.store.count() == 2  # one vector without a committed chunk...
    hits = index.retrieve("GIN index full-text search", k=5)
    assert [h.source for h in hits] == ["a.md"]  # ...is never returned
    fresh, counting = _pg_index(make_settings, embedder, database_url, tmp_path, home=index.settings.home)
    report = fresh.ingest([docs])
    assert report.added == ["b.md"] and report.unchanged == ["a.md"] and counting.texts == 1
    assert fresh.lexical.pending_sources() == set() and fresh.store.count() == fresh.stats()["chunks"] == 2


def test_write_lock_makes_a_second_worker_wait(database_url: str) -> None:
    first = PgLexicalIndex(server_engine(database_url), "locked")
    second = PgLexicalIndex(sa.create_engine(server_engine(database_url).url), "locked")  # another pool
    acquired = threading.Event()

    def second_worker() -> None:
        with second.write_lock():
            acquired.set()

    with first.write_lock():
        with first.write_lock():  # re-entrant within a process
            thread = threading.Thread(target=second_worker)
            thread.start()

            def waiting() -> bool:
                with first.engine.connect() as conn:
                    sql = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                    return conn.execute(sa.text(sql)).scalar() == 1

            wait_until(waiting, 20, "the second worker to wait for the advisory lock")
            assert not acquired.is_set()
    thread.join(20)
    assert acquired.is_set()
    second.engine.dispose()


def _multi_statement_search(pg: PgLexicalIndex, text: str, n: int, label_filter: str | None = None) -> list[tuple[str, float]]:
    """The keyword search as it was before migration 0002: frequencies, budget and SQL built in Python."""
    terms = query_terms(text)
    frequencies, tsqueries, total = pg.document_frequencies(terms)
    rare, common = budget_terms(terms, frequencies, pg.max_postings)
    conjunction = common[:CONJUNCTION_TERMS] if len(common) >= 2 else []
    if not rare and not conjunction:
        return []
    tsq = dict(zip(terms, tsqueries, strict=True))
    operands = [f"({tsq[t]})" for t in rare]
    if conjunction:
        operands.append("(" + " & ".join(f"({tsq[t]})" for t in conjunction) + ")")
    df = dict(zip(terms, frequencies, strict=True))
    params: dict[str, Any] = {"c": pg.collection, "match": " | ".join(operands), "n": n, "w": "{0.5, 0.5, 0.5, 1.0}"}
    scores = []
    for i, term in enumerate([*rare, *conjunction]):
        params[f"q{i}"], params[f"f{i}"] = tsq[term], bm25_idf(df[term], total)
        scores.append(f"CAST(:f{i} AS real) * ts_rank(CAST(:w AS real[]), tsv, CAST(:q{i} AS tsquery), 1)")
    where = "collection = :c AND tsv @@ CAST(:match AS tsquery)"
    if label_filter:
        where += " AND label ILIKE :p ESCAPE '\\'"
        params["p"] = _like_pattern(label_filter)
    sql = f"SELECT id, {' + '.join(scores)} AS s FROM rag_chunks WHERE {where} ORDER BY s DESC, id LIMIT :n"
    with pg.engine.connect() as conn:
        return [(cid, float(score)) for cid, score in conn.execute(sa.text(sql), params)]


def test_one_statement_keyword_search_returns_what_the_multi_statement_one_did(database_url: str) -> None:
    chunks = _roadmap_chunks()
    pg = PgLexicalIndex(server_engine(database_url), "same")
    pg.replace_document(ROADMAP.name, str(ROADMAP), "h1", chunks)
    queries = [
        "which vector databases should I learn?",  # common words (learn) next to rarer ones
        "how do I learn python and machine learning for data science?",  # several common words
        "fine-tuning LoRA transformer attention",
        "docker kubernetes deployment with FastAPI",
        "pgvector",  # one rare term
        "zzzunknownword",  # nothing indexed
        "the a of",  # stopwords only
    ]
    budgets_split = conjunctions = 0
    for budget in (1000, 40, 12):  # the default budget (never reached here), then budgets that split the terms
        pg.max_postings = budget
        for query in queries:
            for label in (None, chunks[5].headings[0][:6]):
                got = pg.search(query, 10, label)
                assert [(m.chunk_id, m.score) for m in got] == _multi_statement_search(pg, query, 10, label), (budget, query, label)
                rows = pg.chunks(m.chunk_id for m in got)
                assert all(m.chunk == rows[m.chunk_id] for m in got)  # the winners' rows come back with them
            frequencies = pg.document_frequencies(query_terms(query))[0]
            rare, common = budget_terms(query_terms(query), frequencies, budget)
            budgets_split += bool(rare and common)
            conjunctions += len(common) >= 2
    assert budgets_split and conjunctions  # the budget and the AND of common terms were exercised
    assert pg.search("which vector databases should I learn?", 0) == [] and pg.search("   ", 5) == []


def test_a_rebuild_by_one_worker_is_what_the_others_serve(
    make_settings: Callable[..., Settings], embedder: Any, database_url: str, chroma_server_url: str, tmp_path: Path
) -> None:
    before, after = tmp_path / "before", tmp_path / "after"
    before.mkdir()
    after.mkdir()
    (before / "old.md").write_text("# Old\n\nKubernetes schedules containers on a cluster of nodes.\n")
    (after / "new.md").write_text("# New\n\nPostgres uses a GIN index for full-text search over tsvectors.\n")
    collection = f"t{uuid.uuid4().hex[:8]}"
    one, _ = _pg_index(make_settings, embedder, database_url, tmp_path, chroma_url=chroma_server_url, collection=collection)
    two, _ = _pg_index(make_settings, embedder, database_url, tmp_path, chroma_url=chroma_server_url, collection=collection)
    one.ingest([before])
    assert [h.source for h in two.retrieve("containers on a cluster", k=5)] == ["old.md"]  # two holds its handles now
    one.ingest([after], rebuild=True)  # drops and re-creates the Chroma collection and the PostgreSQL rows
    hits = two.retrieve("GIN index full-text search", k=5)
    assert [h.source for h in hits] == ["new.md"] and hits[0].dense_rank == 1  # the new vectors, not an error
    assert two.store.count() == 1 and two.stats()["documents"] == 1
    report = two.ingest([before])  # two's writes land in the re-created collection too
    assert report.added == ["old.md"] and one.store.count() == 2
    assert {h.source for h in one.retrieve("containers on a cluster", k=5)} == {"old.md", "new.md"}
    # a rebuild with another embedding model: the other workers say so instead of querying the wrong vectors

    class OtherModel:
        name, dim = "other-model", 8

        def embed_documents(self, texts: list[str]) -> Any:
            return np.ones((len(texts), self.dim), dtype=np.float32) / np.sqrt(self.dim)

        def embed_query(self, text: str) -> Any:
            return np.ones(self.dim, dtype=np.float32) / np.sqrt(self.dim)

    settings = make_settings(database_url=database_url, chroma_url=chroma_server_url, collection=collection, home=tmp_path / "h3")
    Index(settings, embedder_factory=OtherModel).ingest([after], rebuild=True)
    with pytest.raises(IndexMismatchError, match="built with other-model"):
        two.retrieve("GIN index full-text search", k=5)


def test_an_ingest_leaves_the_keyword_index_pending_list_merged(database_url: str) -> None:
    pg = PgLexicalIndex(server_engine(database_url), "merged")

    def pending_tuples() -> int:
        with pg.engine.begin() as conn:
            conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pgstattuple"))
            return int(conn.execute(sa.text("SELECT pending_tuples FROM pgstatginindex('rag_chunks_tsv')")).scalar_one())

    with pg.write_lock():
        pg.replace_document(ROADMAP.name, str(ROADMAP), "h1", _roadmap_chunks())
        assert pending_tuples() > 0  # fast inserts: the new entries wait in the GIN pending list...
    assert pending_tuples() == 0  # ...which the ingest merged when it released the lock
    assert pg.search("vector databases", 3)


@pytest.mark.parametrize("mode", ["sqlite", "postgres"])
def test_an_empty_index_says_so_and_a_filter_matching_nothing_is_no_hits(
    mode: str, make_settings: Callable[..., Settings], embedder: Any, postgres_admin_url: str, tmp_path: Path
) -> None:
    database = create_database(postgres_admin_url) if mode == "postgres" else None
    index = Index(make_settings(database_url=database, context_weight=0.0), embedder_factory=lambda: embedder)
    for kwargs in ({}, {"filter": "Kubernetes"}):  # nothing found by either search: is anything indexed at all?
        with pytest.raises(EmptyIndexError, match="Nothing is indexed yet"):
            index.retrieve("kubernetes clusters", **kwargs)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "k8s.md").write_text("# Kubernetes\n\nKubernetes schedules containers on a cluster of nodes.\n")
    index.ingest([docs])
    assert index.retrieve("kubernetes", filter="no such section") == []
    hits = index.retrieve("zzqx qqzv")  # no keyword matches: the dense search alone answers
    assert [h.source for h in hits] == ["k8s.md"] and hits[0].lexical_rank is None and hits[0].dense_rank == 1
    hits = index.retrieve("kubernetes containers", filter="K8S")  # labels contain it, case-insensitively
    assert hits[0].lexical_rank == 1 and hits[0].dense_rank == 1 and "schedules containers" in hits[0].text


def test_server_mode_runs_the_dense_and_keyword_searches_at_once(
    make_settings: Callable[..., Settings], embedder: Any, database_url: str, tmp_path: Path
) -> None:
    index, _ = _pg_index(make_settings, embedder, database_url, tmp_path)
    index.ingest([ROADMAP])
    expected = [(h.chunk_id, h.dense_rank, h.lexical_rank) for h in index.retrieve("which vector databases should I learn?")]
    both_running = threading.Barrier(2, timeout=20)  # each search waits here for the other: never passes if sequential
    threads: set[str] = set()
    store, lexical = index.store, index.lexical
    real_query, real_search = store.query, lexical.search

    def query(*args: Any, **kwargs: Any) -> Any:
        threads.add(threading.current_thread().name)
        both_running.wait()
        return real_query(*args, **kwargs)

    def search(*args: Any, **kwargs: Any) -> Any:
        threads.add(threading.current_thread().name)
        both_running.wait()
        return real_search(*args, **kwargs)

    store.query = query  # type: ignore[method-assign]
    lexical.search = search  # type: ignore[method-assign]
    hits = index.retrieve("which vector databases should I learn?")
    assert len(threads) == 2 and [(h.chunk_id, h.dense_rank, h.lexical_rank) for h in hits] == expected
    assert all(h.text and h.label for h in hits)  # rows from the keyword statement and the dense hits' read
