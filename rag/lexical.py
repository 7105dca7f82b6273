"""SQLite FTS5 (BM25) lexical index, plus the chunk metadata and per-document hash table.

It is the source of truth for what is indexed: a document counts as ingested only once its row in
``documents`` is committed, in the same transaction as its chunk rows. WAL mode, so readers never block.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import time
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rag.ingest.chunking import keyword_fields
from rag.schema import Chunk

log = logging.getLogger(__name__)

SCHEMA_VERSION = "1"

# Words dropped from keyword queries: only those that never tell one technical passage from another
# (articles, personal pronouns, question words and auxiliaries of how learners phrase a question).
# SQL and programming keywords (where, having, in, on, as, or, not, all, is, if, for, with, from, this ...)
# are kept: BM25's idf already discounts a word that is everywhere, and in technical text such a word
# is often the one that matters ("WHERE vs HAVING", "is vs ==").
STOPWORDS = frozenset(
    """a an the i i'm im me my myself you your yours we our ours us he him his she her they them their theirs
    its of to how what why do does did should would could s t m ll re ve""".split()  # s, t ...: it's, don't
)
_WORD = re.compile(r"\w+", re.UNICODE)


def query_terms(text: str) -> list[str]:
    """Lower-cased word tokens (single letters too: C, R) without STOPWORDS or FTS syntax, first-seen order."""
    seen: dict[str, None] = {}
    for token in _WORD.findall(text.lower()):
        token = token.strip("_")
        if token and token not in STOPWORDS:
            seen.setdefault(token, None)
    return list(seen)


def fts_query(text: str) -> str:
    """A safe FTS5 MATCH expression: every term quoted, OR-ed (so any user text works)."""
    return " OR ".join(f'"{term}"' for term in query_terms(text))


@dataclass
class LexicalMatch:
    chunk_id: str
    score: float  # -bm25(): higher is better
    # the chunk's row when the search returned it too (PostgreSQL), so retrieval need not fetch it again
    chunk: Chunk | None = field(default=None, compare=False, repr=False)


@dataclass
class DocumentRow:
    source: str
    doc_hash: str
    chunk_count: int
    ingested_at: float
    path: str


_DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    source TEXT PRIMARY KEY, doc_hash TEXT NOT NULL, chunk_count INTEGER NOT NULL,
    ingested_at REAL NOT NULL, path TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS chunks (
    rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, source TEXT NOT NULL, ordinal INTEGER NOT NULL,
    headings TEXT NOT NULL, label TEXT NOT NULL, start_line INTEGER NOT NULL, end_line INTEGER NOT NULL,
    content_hash TEXT NOT NULL, doc_hash TEXT NOT NULL, text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS pending (source TEXT PRIMARY KEY);
CREATE INDEX IF NOT EXISTS chunks_source ON chunks (source, ordinal);
CREATE INDEX IF NOT EXISTS chunks_label ON chunks (label, id); -- covering: label filters scan it, not the texts
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5 (
    headings, text, tokenize='porter unicode61'
);
CREATE VIRTUAL TABLE IF NOT EXISTS temp.chunks_vocab USING fts5vocab(main, chunks_fts, 'row');
CREATE VIRTUAL TABLE IF NOT EXISTS temp.stemmer USING fts5 (t, tokenize='porter unicode61');
CREATE VIRTUAL TABLE IF NOT EXISTS temp.stemmer_terms USING fts5vocab(temp, stemmer, 'instance');
"""

# Most postings (sum of the document frequencies of the kept query terms) one BM25 query may score.
# BM25 in FTS5 costs ~2.5 us per matching row (a docsize lookup each), so this bounds a lexical search
# to ~10 ms at any corpus size. Terms are kept rarest first; a term found in more chunks than this
# carries little information alone (at 100k chunks: in > 4% of them), see ``match_expression``.
# Below MAX_POSTINGS chunks nothing is ever dropped, so small corpora rank exactly as plain BM25.
MAX_POSTINGS = 4000
CONJUNCTION_TERMS = 3
_STEM_CACHE_SIZE = 4096

# bm25 column weights: (headings, text). The heading path names the topic of the passage.
_BM25 = "bm25(chunks_fts, 2.0, 1.0)"

# "label contains" (ASCII case-insensitive, as instr(lower()) was, but ~2x faster over the label index)
_LABEL_LIKE = "label LIKE ? ESCAPE '\\'"


def _like_pattern(needle: str) -> str:
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


CHUNK_COLUMNS = "id, source, ordinal, headings, label, start_line, end_line, content_hash, doc_hash, text"


def budget_terms(
    terms: Sequence[str], frequencies: Sequence[int], max_postings: int = MAX_POSTINGS
) -> tuple[list[str], list[str]]:
    """(rare, common): the terms present in the index, rarest first, split where the sum of the document
    frequencies of the rare ones would exceed ``max_postings`` (see ``LexicalIndex.match_expression``)."""
    ranked = sorted((df, i, t) for i, (t, df) in enumerate(zip(terms, frequencies, strict=True)) if df)
    rare: list[str] = []
    total = 0
    for df, _, term in ranked:
        if total + df > max_postings:
            break
        rare.append(term)
        total += df
    common = [term for _, _, term in ranked[len(rare) :]]
    if common:
        log.debug("lexical search: OR %s, common %s (%s postings)", rare, common, total)
    return rare, common


def chunk_from_row(row: Sequence[Any]) -> Chunk:
    cid, source, ordinal, headings, label, start, end, content_hash, doc_hash, text = row
    return Chunk(
        id=cid,
        text=text,
        source=source,
        headings=tuple(headings.split("\n")) if headings else (),
        label=label,
        start_line=start,
        end_line=end,
        content_hash=content_hash,
        doc_hash=doc_hash,
        ordinal=ordinal,
    )


class LexicalIndex:
    """One SQLite file: ``meta``, ``documents``, ``chunks`` and the FTS5 table ``chunks_fts``."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._stems: dict[str, str] = {}
        self._df: dict[str, int] = {}
        self._df_version: int | None = None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(str(self.path), timeout=30, check_same_thread=False, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.executescript(_DDL)
        self.set_meta("schema_version", SCHEMA_VERSION)

    def close(self) -> None:
        self.conn.close()

    def write_lock(self) -> AbstractContextManager[None]:
        """Held around an ingest/removal; one SQLite file needs none (SQLite serialises writers)."""
        return nullcontext()

    # --- meta ------------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    # --- documents -------------------------------------------------------------------------
    def documents(self) -> list[DocumentRow]:
        rows = self.conn.execute(
            "SELECT source, doc_hash, chunk_count, ingested_at, path FROM documents ORDER BY source"
        ).fetchall()
        return [DocumentRow(*row) for row in rows]

    def document(self, source: str) -> DocumentRow | None:
        row = self.conn.execute(
            "SELECT source, doc_hash, chunk_count, ingested_at, path FROM documents WHERE source = ?", (source,)
        ).fetchone()
        return DocumentRow(*row) if row else None

    def has_chunks(self) -> bool:
        return self.conn.execute("SELECT 1 FROM chunks LIMIT 1").fetchone() is not None

    def counts(self) -> tuple[int, int]:
        docs = self.conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        chunks = self.conn.execute("SELECT count(*) FROM chunks").fetchone()[0]
        return int(docs), int(chunks)

    # --- writes (each one transaction) -----------------------------------------------------
    def replace_document(self, source: str, path: str, doc_hash: str, chunks: Sequence[Chunk]) -> None:
        """Replace all rows of ``source`` and record its hash LAST, in one transaction."""
        with self._transaction():
            self._delete_chunks(source)
            for chunk in chunks:
                cur = self.conn.execute(
                    f"INSERT INTO chunks ({CHUNK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        chunk.id,
                        chunk.source,
                        chunk.ordinal,
                        "\n".join(chunk.headings),
                        chunk.label,
                        chunk.start_line,
                        chunk.end_line,
                        chunk.content_hash,
                        chunk.doc_hash,
                        chunk.text,
                    ),
                )
                context, text = keyword_fields(chunk)  # title + heading path, passage
                self.conn.execute(
                    "INSERT INTO chunks_fts (rowid, headings, text) VALUES (?, ?, ?)", (cur.lastrowid, context, text)
                )
            self.conn.execute(
                "INSERT OR REPLACE INTO documents (source, doc_hash, chunk_count, ingested_at, path) "
                "VALUES (?, ?, ?, ?, ?)",
                (source, doc_hash, len(chunks), time.time(), path),
            )
            self.conn.execute("DELETE FROM pending WHERE source = ?", (source,))

    def mark_pending(self, sources: Sequence[str]) -> None:
        """Record that these sources are about to be written to the vector store (write-ahead intent)."""
        with self._transaction():
            self.conn.executemany("INSERT OR IGNORE INTO pending (source) VALUES (?)", [(s,) for s in sources])

    def pending_sources(self) -> set[str]:
        """Sources whose vector-store write started but whose SQLite commit never happened."""
        return {r[0] for r in self.conn.execute("SELECT source FROM pending")}

    def set_document_path(self, source: str, path: str) -> None:
        self.conn.execute("UPDATE documents SET path = ? WHERE source = ?", (path, source))

    def remove_document(self, source: str) -> bool:
        with self._transaction():
            self._delete_chunks(source)
            cur = self.conn.execute("DELETE FROM documents WHERE source = ?", (source,))
            self.conn.execute("DELETE FROM pending WHERE source = ?", (source,))
        return cur.rowcount > 0

    def reset(self) -> None:
        """Drop every document and chunk (``rag ingest --rebuild``); meta is kept until rewritten."""
        with self._transaction():
            self.conn.execute("DELETE FROM chunks")
            self.conn.execute("DELETE FROM chunks_fts")
            self.conn.execute("DELETE FROM documents")
            self.conn.execute("DELETE FROM pending")
            self.conn.execute("DELETE FROM meta WHERE key LIKE 'embedding_%'")
        self._df_version = None

    def _delete_chunks(self, source: str) -> None:
        rowids = [r[0] for r in self.conn.execute("SELECT rowid FROM chunks WHERE source = ?", (source,))]
        self.conn.executemany("DELETE FROM chunks_fts WHERE rowid = ?", [(r,) for r in rowids])
        self.conn.execute("DELETE FROM chunks WHERE source = ?", (source,))

    def _transaction(self) -> _Transaction:
        self._df_version = None  # our own commits do not change PRAGMA data_version
        return _Transaction(self.conn)

    # --- reads -----------------------------------------------------------------------------
    def chunk_ids(self, source: str) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT id FROM chunks WHERE source = ?", (source,))]

    def chunks(self, ids: Iterable[str]) -> dict[str, Chunk]:
        ids = list(ids)
        out: dict[str, Chunk] = {}
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            marks = ",".join("?" * len(part))
            for row in self.conn.execute(f"SELECT {CHUNK_COLUMNS} FROM chunks WHERE id IN ({marks})", part):
                out[row[0]] = chunk_from_row(row)
        return out

    def source_chunks(self, source: str) -> list[Chunk]:
        rows = self.conn.execute(
            f"SELECT {CHUNK_COLUMNS} FROM chunks WHERE source = ? ORDER BY ordinal", (source,)
        ).fetchall()
        return [chunk_from_row(row) for row in rows]

    def ids_with_label(self, needle: str) -> list[str]:
        """Ids of chunks whose label contains ``needle`` (case-insensitive, like SQLite: ASCII letters)."""
        rows = self.conn.execute(f"SELECT id FROM chunks WHERE {_LABEL_LIKE}", (_like_pattern(needle),))
        return [r[0] for r in rows]

    def stems(self, terms: Sequence[str]) -> list[str]:
        """Each term as the FTS5 tokenizer indexes it (porter stem), via a temp FTS5 table; cached."""
        missing = [t for t in dict.fromkeys(terms) if t not in self._stems]
        if missing:
            if len(self._stems) + len(missing) > _STEM_CACHE_SIZE:
                self._stems.clear()
            self.conn.execute("DELETE FROM temp.stemmer")
            self.conn.executemany("INSERT INTO temp.stemmer (rowid, t) VALUES (?, ?)", list(enumerate(missing)))
            for row, stem in self.conn.execute("SELECT doc, term FROM temp.stemmer_terms ORDER BY doc, offset"):
                self._stems.setdefault(missing[row], stem)  # a term splitting into tokens keeps its first
            self.conn.execute("DELETE FROM temp.stemmer")
        return [self._stems.get(t, t) for t in terms]

    def document_frequencies(self, terms: Sequence[str]) -> list[int]:
        """Number of chunks containing each term (fts5vocab), cached until the index changes."""
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        if version != self._df_version:
            self._df.clear()
            self._df_version = version
        out = []
        for stem in self.stems(terms):
            if stem not in self._df:
                row = self.conn.execute("SELECT doc FROM temp.chunks_vocab WHERE term = ?", (stem,)).fetchone()
                self._df[stem] = int(row[0]) if row else 0
            out.append(self._df[stem])
        return out

    def match_expression(self, text: str, max_postings: int = MAX_POSTINGS) -> str:
        """The FTS5 MATCH for ``text``, bounded in cost on large indexes (empty: nothing to search).

        Like a common-terms query: terms present in the index are taken rarest first and OR-ed while the
        sum of their document frequencies stays within ``max_postings``; the remaining (common) terms
        only count together, as one AND of the rarest ``CONJUNCTION_TERMS`` of them (cheap: FTS5 scores
        only the rows in the intersection). Below ``max_postings`` chunks this is plain OR-ed BM25.
        """
        terms = query_terms(text)
        rare, common = budget_terms(terms, self.document_frequencies(terms), max_postings)
        parts = [f'"{term}"' for term in rare]
        if len(common) >= 2:
            parts.append("(" + " AND ".join(f'"{term}"' for term in common[:CONJUNCTION_TERMS]) + ")")
        return " OR ".join(parts)

    def search(self, text: str, n: int, label_filter: str | None = None) -> list[LexicalMatch]:
        """Top ``n`` chunks by BM25 for the words of ``text`` (stopwords dropped, any syntax neutralised).

        On large indexes, terms found in very many chunks only count together (see ``match_expression``);
        a single such term is not searched at all, and the dense search decides.
        """
        if n <= 0:
            return []
        match = self.match_expression(text)
        if not match:
            return []
        if label_filter:
            sql = (
                f"SELECT c.id, {_BM25} AS s FROM chunks_fts JOIN chunks c ON c.rowid = chunks_fts.rowid "
                f"WHERE chunks_fts MATCH ? AND c.{_LABEL_LIKE} ORDER BY s LIMIT ?"
            )
            params: list[Any] = [match, _like_pattern(label_filter), n]
        else:  # rank inside FTS first, join only the top n (2-3x faster than joining every match)
            sql = (
                f"SELECT c.id, f.s FROM (SELECT rowid, {_BM25} AS s FROM chunks_fts WHERE chunks_fts MATCH ? "
                "ORDER BY s LIMIT ?) f JOIN chunks c ON c.rowid = f.rowid ORDER BY f.s"
            )
            params = [match, n]
        return [LexicalMatch(cid, -float(score)) for cid, score in self.conn.execute(sql, params)]


class _Transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``; rolls back on any exception (including KeyboardInterrupt)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self.conn.execute("COMMIT")
        else:
            self.conn.execute("ROLLBACK")
