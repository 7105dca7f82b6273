"""Where the state shared between workers lives, chosen by ``RAG_DATABASE_URL``.

One small interface per concern, one implementation per store:

============================  ==============================================  ==========================================
concern                       unset (default: SQLite files under RAG_HOME)     ``postgresql://...`` (server mode)
============================  ==============================================  ==========================================
lexical index + documents     :class:`rag.lexical.LexicalIndex` (FTS5, BM25)   :class:`rag.storage.lexical_pg.PgLexicalIndex`
conversations + feedback      :class:`rag.conversations.ConversationStore` on ``app.sqlite3`` / on PostgreSQL (same code)
learner profiles              :class:`rag.career.profiles.ProfileStore` on ``mentor.sqlite3`` / on PostgreSQL (same code)
============================  ==============================================  ==========================================

Vectors live in Chroma (embedded, or a server with ``RAG_CHROMA_URL``). Workers keep nothing else:
caches only (query embeddings, stems), which are valid across workers, and their Chroma collection
handle, which follows another worker's ``rag ingest --rebuild`` (see ``VectorStore._on_collection``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # pragma: no cover
    from rag.career.profiles import ProfileStore
    from rag.conversations import ConversationStore
    from rag.lexical import DocumentRow, LexicalMatch
    from rag.schema import Chunk
    from rag.settings import Settings


class LexicalStore(Protocol):
    """The keyword index, chunk metadata, document hashes and pending marks of one collection.

    It is the source of truth for what is indexed: a document counts as ingested only once its row in
    ``documents`` is committed, in the same transaction as its chunk rows.
    """

    def close(self) -> None: ...
    def write_lock(self) -> AbstractContextManager[None]: ...
    def get_meta(self, key: str) -> str | None: ...
    def set_meta(self, key: str, value: str) -> None: ...
    def documents(self) -> list[DocumentRow]: ...
    def document(self, source: str) -> DocumentRow | None: ...
    def has_chunks(self) -> bool: ...
    def counts(self) -> tuple[int, int]: ...
    def replace_document(self, source: str, path: str, doc_hash: str, chunks: Sequence[Chunk]) -> None: ...
    def mark_pending(self, sources: Sequence[str]) -> None: ...
    def pending_sources(self) -> set[str]: ...
    def set_document_path(self, source: str, path: str) -> None: ...
    def remove_document(self, source: str) -> bool: ...
    def reset(self) -> None: ...
    def chunk_ids(self, source: str) -> list[str]: ...
    def chunks(self, ids: Iterable[str]) -> dict[str, Chunk]: ...
    def source_chunks(self, source: str) -> list[Chunk]: ...
    def ids_with_label(self, needle: str) -> list[str]: ...
    def search(self, text: str, n: int, label_filter: str | None = None) -> list[LexicalMatch]: ...


def open_lexical(settings: Settings) -> LexicalStore:
    """The lexical store for ``settings``: PostgreSQL when RAG_DATABASE_URL is set, else lexical.sqlite3."""
    if settings.database_url:
        from rag.storage.engine import server_engine
        from rag.storage.lexical_pg import PgLexicalIndex

        return PgLexicalIndex(server_engine(settings.database_url), settings.collection)
    from rag.lexical import LexicalIndex

    settings.ensure_home()
    return LexicalIndex(settings.lexical_db)


def open_conversations(settings: Settings) -> ConversationStore:
    """Conversations and feedback: PostgreSQL when RAG_DATABASE_URL is set, else app.sqlite3."""
    from rag.conversations import ConversationStore

    if settings.database_url:
        from rag.storage.engine import server_engine

        return ConversationStore(engine=server_engine(settings.database_url))
    return ConversationStore(settings.app_db)


def open_profiles(settings: Settings) -> ProfileStore:
    """Learner profiles: PostgreSQL when RAG_DATABASE_URL is set, else mentor.sqlite3."""
    from rag.career.profiles import ProfileStore

    if settings.database_url:
        from rag.storage.engine import server_engine

        return ProfileStore(engine=server_engine(settings.database_url))
    return ProfileStore(settings.mentor_db)


__all__ = ["LexicalStore", "open_conversations", "open_lexical", "open_profiles"]
