"""The lexical index, chunk metadata, document hashes and pending marks in PostgreSQL (server mode).

Same contract as :class:`rag.lexical.LexicalIndex` (SQLite FTS5), so ``rag.index.Index`` and the
ingest pipeline do not know which one they hold:

- Full-text search: a ``tsvector`` per chunk (the heading path weighted 'A', the passage 'D'; text
  from :func:`rag.ingest.chunking.keyword_fields`) under a GIN index, with the ``rag_english``
  configuration (English stemming like FTS5's porter tokenizer, and no stopword list, so WHERE or
  HAVING stay searchable). A chunk's score is BM25-like: the sum over the query terms of
  ``idf(term) * ts_rank(weights, tsv, term, 1)`` (ts_rank's normalisation 1 divides by the log of the
  chunk length). The document frequencies come from ``rag_lexemes``, kept up to date in the write
  transactions, and the same postings budget logic as the SQLite index applies (``budget_terms``, with
  ``PG_MAX_POSTINGS``). All of it runs on the server in one statement, the PL/pgSQL function
  ``rag_keyword_search`` (migration 0002), which also returns the winners' chunk rows: one round trip.
- Several workers: ``write_lock()`` is a session advisory lock per collection, held for a whole
  ingest or removal. A second worker ingesting the same folder waits, then sees the committed hashes
  and skips every unchanged document (each chunk is embedded once). A worker that dies releases its
  lock with its connection; its pending marks make the next ingest rewrite those sources.
- Nothing is cached across requests.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa

from rag.ingest.chunking import keyword_fields
from rag.lexical import (
    CONJUNCTION_TERMS,
    DocumentRow,
    LexicalMatch,
    _like_pattern,
    chunk_from_row,
    query_terms,
)
from rag.schema import Chunk
from rag.storage.engine import shown_url, unreachable

log = logging.getLogger(__name__)

TS_CONFIG = "rag_english"
# ts_rank weights {D, C, B, A}: the heading path ('A') counts twice the passage ('D'), as bm25(2.0, 1.0) does
_RANK_WEIGHTS = "{0.5, 0.5, 0.5, 1.0}"
# Most postings one keyword search may score (see rag.lexical.MAX_POSTINGS, 4000 for FTS5): PostgreSQL
# tests and ranks each matching row at ~4x FTS5's cost (measured: 3,400 matching rows of a 10k-chunk
# corpus took 35-50 ms, 1,000 took ~15 ms on the loaded 2-core machine), so its budget is 1000.
PG_MAX_POSTINGS = 1000
# planner statistics are refreshed (ANALYZE) when an ingest holding the lock wrote at least this many chunks,
# so the first searches after a bulk load already use the GIN index (autovacuum would, a minute later)
ANALYZE_AFTER_CHUNKS = 1000
# New chunks enter the GIN index's pending list (fastupdate: fast batch inserts), which every search then
# scans linearly until autovacuum merges it: right after a 10k-chunk ingest that made a keyword search 4x
# slower (5.5 ms, 1.2 ms once merged). An ingest holding the lock that wrote chunks merges it on release
# (gin_clean_pending_list: ~50 ms after 10k chunks).
_GIN_INDEX = "rag_chunks_tsv"
_LOCK_NAMESPACE = 0x726D  # first key of the (int, int) advisory lock; the second is hashtext(collection)
_COLUMNS = "id, source, ordinal, headings, label, start_line, end_line, content_hash, doc_hash, text"
_DOC_COLUMNS = "source, doc_hash, chunk_count, ingested_at, path"

# Ingest commits do not wait for the WAL flush, like the SQLite index (WAL, synchronous=NORMAL): a power
# loss may drop the last commits, in order, never half of one; the pending marks then make the next
# ingest redo those documents. Conversations and profiles keep PostgreSQL's default (wait for the flush).
_NO_FLUSH_WAIT = sa.text("SET LOCAL synchronous_commit = off")
_INSERT_CHUNK = sa.text(
    f"INSERT INTO rag_chunks (collection, {_COLUMNS}, tsv) VALUES (:c, :id, :source, :ordinal, :headings, "
    ":label, :start_line, :end_line, :content_hash, :doc_hash, :text, "
    f"setweight(to_tsvector('{TS_CONFIG}', :kw_context), 'A') || setweight(to_tsvector('{TS_CONFIG}', :kw_text), 'D'))"
)
# document frequencies: + for the rows of a source just written, - for the rows about to be deleted
_SOURCE_LEXEMES = (
    "SELECT lx, count(*) AS n FROM rag_chunks ch, unnest(tsvector_to_array(ch.tsv)) AS lx "
    "WHERE ch.collection = :c AND ch.source = :s GROUP BY lx ORDER BY lx"
)
_ADD_LEXEMES = sa.text(
    f"INSERT INTO rag_lexemes (collection, lexeme, df) SELECT :c, lx, n FROM ({_SOURCE_LEXEMES}) d "
    "ON CONFLICT (collection, lexeme) DO UPDATE SET df = rag_lexemes.df + excluded.df"
)
_SUB_LEXEMES = sa.text(
    f"UPDATE rag_lexemes l SET df = l.df - d.n FROM ({_SOURCE_LEXEMES}) d "
    "WHERE l.collection = :c AND l.lexeme = d.lx"
)
# per query term: its document frequency, its tsquery (normalised once here, so the search below compares
# constants instead of parsing and stemming each term again for every matching row), and the chunk count
_FREQUENCIES = sa.text(
    f"SELECT t.term, coalesce(l.df, 0), to_tsquery('{TS_CONFIG}', quote_literal(t.term))::text, "
    "(SELECT coalesce(sum(chunk_count), 0) FROM rag_documents WHERE collection = :c) "
    "FROM unnest(CAST(:terms AS text[])) WITH ORDINALITY AS t(term, i) "
    f"LEFT JOIN rag_lexemes l ON l.collection = :c AND l.lexeme = (tsvector_to_array(to_tsvector('{TS_CONFIG}', t.term)))[1] "
    "ORDER BY t.i"
)
# the statements of every retrieval (run by _read_hot: DBAPI parameters): the keyword search of
# rag_keyword_search() (migration 0002) with the winners' chunk rows, and the rows of the dense winners
_SEARCH = (
    "SELECT id, score, source, ordinal, headings, label, start_line, end_line, content_hash, doc_hash, body "
    "FROM rag_keyword_search(%(c)s, CAST(%(terms)s AS text[]), CAST(%(n)s AS integer), CAST(%(budget)s AS bigint), "
    "CAST(%(conjunction)s AS integer), CAST(%(w)s AS real[]), CAST(%(p)s AS text))"
)
_CHUNKS = f"SELECT {_COLUMNS} FROM rag_chunks WHERE collection = %(c)s AND id = ANY(%(ids)s)"


def bm25_idf(df: int, total: int) -> float:
    """The BM25 inverse document frequency (never negative)."""
    return math.log(1.0 + (max(total, df) - df + 0.5) / (df + 0.5))


class PgLexicalIndex:
    """One collection's rows in the ``rag_*`` tables of a PostgreSQL database."""

    def __init__(self, engine: sa.Engine, collection: str):
        self.engine = engine
        self.collection = collection
        self._lock = threading.RLock()
        self._lock_depth = 0
        self._lock_conn: sa.Connection | None = None
        self._written = 0  # chunks written since the last ANALYZE by this process
        self._unmerged = False  # chunks written since the GIN pending list was last merged by this process
        # reads are single statements: autocommit spares each one a BEGIN and a ROLLBACK round trip
        self._reader = engine.execution_options(isolation_level="AUTOCOMMIT")
        self.max_postings = PG_MAX_POSTINGS  # the postings budget of a keyword search (tests lower it)

    def close(self) -> None:
        """The engine is shared by the process (one pool per URL): nothing of ours to close."""

    @contextmanager
    def write_lock(self) -> Iterator[None]:
        """The collection's advisory lock (waits for any other worker's ingest); re-entrant in a process."""
        with self._lock:
            if self._lock_depth == 0:
                conn = self.engine.connect()
                try:
                    conn.execute(
                        sa.text("SELECT pg_advisory_lock(:ns, hashtext(:c))"), {"ns": _LOCK_NAMESPACE, "c": self.collection}
                    )
                    conn.commit()
                except BaseException:
                    conn.close()
                    raise
                self._lock_conn = conn
            self._lock_depth += 1
            try:
                yield
            finally:
                self._lock_depth -= 1
                if self._lock_depth == 0 and self._lock_conn is not None:
                    conn, self._lock_conn = self._lock_conn, None
                    try:
                        if self._written >= ANALYZE_AFTER_CHUNKS:
                            conn.execute(sa.text("ANALYZE rag_chunks"))
                            conn.execute(sa.text("ANALYZE rag_lexemes"))
                            conn.commit()
                            self._written = 0
                        if self._unmerged:
                            self._merge_pending_list(conn)
                        conn.execute(
                            sa.text("SELECT pg_advisory_unlock(:ns, hashtext(:c))"),
                            {"ns": _LOCK_NAMESPACE, "c": self.collection},
                        )
                        conn.commit()
                    finally:
                        conn.close()  # a broken connection releases the lock with its session anyway

    def _merge_pending_list(self, conn: sa.Connection) -> None:
        try:
            conn.execute(sa.text(f"SELECT gin_clean_pending_list('{_GIN_INDEX}'::regclass)"))
            conn.commit()
        except sa.exc.ProgrammingError as err:  # not the index's owner: autovacuum will merge it later
            conn.rollback()
            log.info("could not merge the keyword index's pending list (%s): autovacuum will", err.orig)
        self._unmerged = False

    def _read(self, sql: str, **params: Any) -> list[Any]:
        try:
            with self._reader.connect() as conn:
                return list(conn.execute(sa.text(sql), {"c": self.collection, **params}))
        except sa.exc.DBAPIError as err:
            if err.connection_invalidated or isinstance(err, sa.exc.OperationalError):
                raise unreachable(shown_url(self.engine), err) from err
            raise

    def _read_hot(self, sql: str, **params: Any) -> list[Any]:
        """``_read`` for the statements of every retrieval (keyword search, chunk rows): the same pooled
        connection, but used through the DBAPI directly, which spares ~0.3 ms of client CPU per statement
        (SQLAlchemy's execution layer); ``sql`` takes ``%(name)s`` parameters."""
        dialect, dbapi = self.engine.dialect, self.engine.dialect.loaded_dbapi
        try:
            pooled = self.engine.raw_connection()
        except dbapi.Error as err:  # no connection (the engine's handle_error hook does not see this one)
            raise unreachable(shown_url(self.engine), err) from err
        connection = pooled.dbapi_connection
        assert connection is not None
        try:
            dialect.set_isolation_level(connection, "AUTOCOMMIT")  # one statement: no BEGIN/ROLLBACK round trips
            try:
                cursor = pooled.cursor()
                cursor.execute(sql, {"c": self.collection, **params})
                return list(cursor.fetchall())
            finally:
                dialect.reset_isolation_level(connection)
        except dbapi.Error as err:
            if isinstance(err, dbapi.OperationalError | dbapi.InterfaceError):  # lost: never reuse it
                pooled.invalidate(err)
                raise unreachable(shown_url(self.engine), err) from err
            raise
        finally:
            pooled.close()  # back to the pool

    # --- meta ------------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        rows = self._read("SELECT value FROM rag_meta WHERE collection = :c AND key = :k", k=key)
        return rows[0][0] if rows else None

    def set_meta(self, key: str, value: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO rag_meta (collection, key, value) VALUES (:c, :k, :v) "
                    "ON CONFLICT (collection, key) DO UPDATE SET value = excluded.value"
                ),
                {"c": self.collection, "k": key, "v": value},
            )

    # --- documents -------------------------------------------------------------------------
    def documents(self) -> list[DocumentRow]:
        rows = self._read(f'SELECT {_DOC_COLUMNS} FROM rag_documents WHERE collection = :c ORDER BY source COLLATE "C"')
        return [DocumentRow(*row) for row in rows]

    def document(self, source: str) -> DocumentRow | None:
        rows = self._read(f"SELECT {_DOC_COLUMNS} FROM rag_documents WHERE collection = :c AND source = :s", s=source)
        return DocumentRow(*rows[0]) if rows else None

    def has_chunks(self) -> bool:
        return bool(self._read("SELECT 1 FROM rag_chunks WHERE collection = :c LIMIT 1"))

    def counts(self) -> tuple[int, int]:
        """(documents, chunks): a document's chunk rows are committed with its row, so the sum is exact."""
        docs, chunks = self._read(
            "SELECT count(*), coalesce(sum(chunk_count), 0) FROM rag_documents WHERE collection = :c"
        )[0]
        return int(docs), int(chunks)

    # --- writes (each one transaction) -----------------------------------------------------
    def replace_document(self, source: str, path: str, doc_hash: str, chunks: Sequence[Chunk]) -> None:
        """Replace all rows of ``source`` and record its hash LAST, in one transaction."""
        params = {"c": self.collection, "s": source}
        with self.engine.begin() as conn:
            conn.execute(_NO_FLUSH_WAIT)
            self._delete_chunks(conn, source)
            if chunks:
                rows = []
                for chunk in chunks:
                    context, text = keyword_fields(chunk)
                    rows.append(
                        {
                            "c": self.collection,
                            "id": chunk.id,
                            "source": chunk.source,
                            "ordinal": chunk.ordinal,
                            "headings": "\n".join(chunk.headings),
                            "label": chunk.label,
                            "start_line": chunk.start_line,
                            "end_line": chunk.end_line,
                            "content_hash": chunk.content_hash,
                            "doc_hash": chunk.doc_hash,
                            "text": chunk.text,
                            "kw_context": context,
                            "kw_text": text,
                        }
                    )
                conn.execute(_INSERT_CHUNK, rows)
                conn.execute(_ADD_LEXEMES, params)
            conn.execute(
                sa.text(
                    f"INSERT INTO rag_documents (collection, {_DOC_COLUMNS}) VALUES (:c, :s, :h, :n, :t, :p) "
                    "ON CONFLICT (collection, source) DO UPDATE SET doc_hash = excluded.doc_hash, "
                    "chunk_count = excluded.chunk_count, ingested_at = excluded.ingested_at, path = excluded.path"
                ),
                {**params, "h": doc_hash, "n": len(chunks), "t": time.time(), "p": path},
            )
            conn.execute(sa.text("DELETE FROM rag_pending WHERE collection = :c AND source = :s"), params)
        self._written += len(chunks)
        self._unmerged = self._unmerged or bool(chunks)

    def mark_pending(self, sources: Sequence[str]) -> None:
        """Record that these sources are about to be written to the vector store (write-ahead intent)."""
        if not sources:
            return
        with self.engine.begin() as conn:
            conn.execute(_NO_FLUSH_WAIT)
            conn.execute(
                sa.text("INSERT INTO rag_pending (collection, source) VALUES (:c, :s) ON CONFLICT DO NOTHING"),
                [{"c": self.collection, "s": s} for s in sources],
            )

    def pending_sources(self) -> set[str]:
        return {r[0] for r in self._read("SELECT source FROM rag_pending WHERE collection = :c")}

    def set_document_path(self, source: str, path: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                sa.text("UPDATE rag_documents SET path = :p WHERE collection = :c AND source = :s"),
                {"c": self.collection, "s": source, "p": path},
            )

    def remove_document(self, source: str) -> bool:
        params = {"c": self.collection, "s": source}
        with self.engine.begin() as conn:
            self._delete_chunks(conn, source)
            cur = conn.execute(sa.text("DELETE FROM rag_documents WHERE collection = :c AND source = :s"), params)
            conn.execute(sa.text("DELETE FROM rag_pending WHERE collection = :c AND source = :s"), params)
        return cur.rowcount > 0

    def reset(self) -> None:
        """Drop every document and chunk of the collection (``rag ingest --rebuild``)."""
        with self.engine.begin() as conn:
            for table in ("rag_chunks", "rag_documents", "rag_pending", "rag_lexemes"):
                conn.execute(sa.text(f"DELETE FROM {table} WHERE collection = :c"), {"c": self.collection})
            conn.execute(
                sa.text("DELETE FROM rag_meta WHERE collection = :c AND key LIKE 'embedding\\_%'"), {"c": self.collection}
            )

    def _delete_chunks(self, conn: sa.Connection, source: str) -> None:
        params = {"c": self.collection, "s": source}
        conn.execute(_SUB_LEXEMES, params)
        conn.execute(sa.text("DELETE FROM rag_chunks WHERE collection = :c AND source = :s"), params)

    # --- reads -----------------------------------------------------------------------------
    def chunk_ids(self, source: str) -> list[str]:
        return [r[0] for r in self._read("SELECT id FROM rag_chunks WHERE collection = :c AND source = :s", s=source)]

    def chunks(self, ids: Iterable[str]) -> dict[str, Chunk]:
        ids = list(ids)
        if not ids:
            return {}
        rows = self._read_hot(_CHUNKS, ids=ids)
        return {row[0]: chunk_from_row(row) for row in rows}

    def source_chunks(self, source: str) -> list[Chunk]:
        rows = self._read(
            f"SELECT {_COLUMNS} FROM rag_chunks WHERE collection = :c AND source = :s ORDER BY ordinal", s=source
        )
        return [chunk_from_row(row) for row in rows]

    def ids_with_label(self, needle: str) -> list[str]:
        """Ids of chunks whose label contains ``needle`` (case-insensitive)."""
        rows = self._read(
            "SELECT id FROM rag_chunks WHERE collection = :c AND label ILIKE :p ESCAPE '\\'", p=_like_pattern(needle)
        )
        return [r[0] for r in rows]

    def document_frequencies(self, terms: Sequence[str]) -> tuple[list[int], list[str], int]:
        """(chunks containing each term, each term as a normalised tsquery, number of chunks).

        Diagnostics and tests only: ``search`` computes the same inside its one statement."""
        if not terms:
            return [], [], 0
        rows = self._read(_FREQUENCIES.text, terms=list(terms))
        return [int(r[1]) for r in rows], [str(r[2]) for r in rows], int(rows[0][3])

    def search(self, text: str, n: int, label_filter: str | None = None) -> list[LexicalMatch]:
        """Top ``n`` chunks for the words of ``text``, scored BM25-like (see the module docstring), with their rows.

        One statement (``rag_keyword_search``, migration 0002): document frequencies, postings budget,
        ranking and the winners' rows in a single round trip.
        """
        if n <= 0:
            return []
        terms = query_terms(text)
        if not terms:
            return []
        rows = self._read_hot(
            _SEARCH,
            terms=terms,
            n=n,
            budget=self.max_postings,
            conjunction=CONJUNCTION_TERMS,
            w=_RANK_WEIGHTS,
            p=_like_pattern(label_filter) if label_filter else None,
        )
        return [LexicalMatch(row[0], float(row[1]), chunk_from_row((row[0], *row[2:]))) for row in rows]


__all__ = ["PgLexicalIndex", "TS_CONFIG", "bm25_idf"]
