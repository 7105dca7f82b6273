"""The vector store: the only module that imports chromadb.

Embedded (``PersistentClient`` under RAG_HOME/chroma) or client/server (``HttpClient`` to RAG_CHROMA_URL).
The collection uses cosine space and no Chroma embedding function: we always pass our own vectors.
The embedding model name and dimension are stored in the collection metadata.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

import numpy as np

from rag.errors import IndexMismatchError, StoreUnavailableError
from rag.settings import Settings

log = logging.getLogger(__name__)

_UPSERT_BATCH = 4000  # below Chroma's max batch size


@dataclass
class DenseMatch:
    chunk_id: str
    similarity: float  # 1 - cosine distance


def mismatch_message(built_name: str, built_dim: object, name: str, dim: int) -> str:
    return (
        f"The index was built with {built_name} (dim {built_dim}) but RAG_EMBEDDING_MODEL is {name} (dim {dim}); "
        "run `rag ingest --rebuild PATH` to rebuild the index with the configured model, "
        f"or set RAG_EMBEDDING_MODEL={built_name}."
    )


def _server_unreachable(url: str, err: Exception) -> StoreUnavailableError:
    return StoreUnavailableError(
        f"Chroma server at {url} is not reachable ({type(err).__name__}): start it with "
        "`chroma run --path DIR --port N` or unset RAG_CHROMA_URL to use the embedded store."
    )


class VectorStore:
    """One Chroma collection holding chunk vectors; ids are chunk ids, metadata is ``Chunk.metadata()``."""

    def __init__(self, settings: Settings, embedder_name: str, dim: int, recreate: bool = False):
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        self.settings = settings
        self.embedder_name = embedder_name
        self.dim = dim
        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        url = settings.chroma_url
        try:
            if url:
                parsed = urlparse(url if "://" in url else f"http://{url}")
                self.client: Any = chromadb.HttpClient(
                    host=parsed.hostname or "localhost",
                    port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                    ssl=parsed.scheme == "https",
                    settings=chroma_settings,
                )
                self.client.heartbeat()
            else:
                settings.chroma_dir.mkdir(parents=True, exist_ok=True)
                self.client = chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)
        except Exception as err:
            if url:
                raise _server_unreachable(url, err) from err
            raise
        if recreate:
            self._drop_collection()
        self.collection = self._open_collection()

    def _call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        """Run a Chroma call, turning a lost server connection into StoreUnavailableError."""
        try:
            return fn(*args, **kwargs)
        except Exception as err:
            if self.settings.chroma_url and _is_connection_error(err):
                raise _server_unreachable(self.settings.chroma_url, err) from err
            raise

    def _on_collection(self, method: str, **kwargs: Any) -> Any:
        """Call a method of the collection; if it no longer exists, open the current one and call it there.

        Another worker's ``rag ingest --rebuild`` drops the collection and creates a new one under the same
        name (a new id): this worker's handle then points at nothing, and it follows the rebuild instead of
        failing (or, with another embedding model, says so: IndexMismatchError). Costs nothing otherwise.
        """
        from chromadb.errors import NotFoundError

        try:
            return self._call(getattr(self.collection, method), **kwargs)
        except NotFoundError:
            log.info("collection %r was re-created (rebuilt by another worker?): reopening it", self.settings.collection)
            self.collection = self._open_collection()
            return self._call(getattr(self.collection, method), **kwargs)

    def _open_collection(self) -> Any:
        metadata = {"embedding_model": self.embedder_name, "embedding_dim": self.dim}
        collection = self._call(
            self.client.get_or_create_collection,
            self.settings.collection,
            configuration={"hnsw": {"space": "cosine"}},
            metadata=metadata,
            embedding_function=None,
        )
        built = collection.metadata or {}
        if (built.get("embedding_model"), built.get("embedding_dim")) != (self.embedder_name, self.dim):
            raise IndexMismatchError(
                mismatch_message(
                    str(built.get("embedding_model", "an unknown model")),
                    built.get("embedding_dim", "?"),
                    self.embedder_name,
                    self.dim,
                )
            )
        return collection

    # --- writes ----------------------------------------------------------------------------
    def upsert(
        self, ids: Sequence[str], embeddings: np.ndarray, documents: Sequence[str], metadatas: Sequence[dict]
    ) -> None:
        for start in range(0, len(ids), _UPSERT_BATCH):
            end = start + _UPSERT_BATCH
            self._on_collection(
                "upsert",
                ids=list(ids[start:end]),
                embeddings=embeddings[start:end],
                documents=list(documents[start:end]),
                metadatas=list(metadatas[start:end]),
            )

    def delete_source(self, source: str) -> None:
        self._on_collection("delete", where={"source": source})

    def delete_ids(self, ids: Sequence[str]) -> None:
        for start in range(0, len(ids), _UPSERT_BATCH):
            self._on_collection("delete", ids=list(ids[start : start + _UPSERT_BATCH]))

    def _drop_collection(self) -> None:
        try:
            self._call(self.client.delete_collection, self.settings.collection)
        except StoreUnavailableError:
            raise
        except Exception as err:  # the collection did not exist
            log.debug("delete_collection: %s", err)

    # --- reads -----------------------------------------------------------------------------
    def count(self) -> int:
        return int(self._on_collection("count"))

    def ids_for_source(self, source: str) -> list[str]:
        return list(self._on_collection("get", where={"source": source}, include=[])["ids"])

    def query(self, embedding: np.ndarray, n: int, ids: Sequence[str] | None = None) -> list[DenseMatch]:
        """Top ``n`` chunks by cosine similarity, optionally restricted to ``ids``."""
        if n <= 0 or ids is not None and not ids:
            return []
        kwargs: dict[str, Any] = {"query_embeddings": [embedding], "n_results": n, "include": ["distances"]}
        if ids is not None:
            kwargs["ids"] = list(ids)
        result = self._on_collection("query", **kwargs)
        found_ids = result["ids"][0] if result["ids"] else []
        distances = result["distances"][0] if result.get("distances") else []
        return [DenseMatch(cid, 1.0 - float(dist)) for cid, dist in zip(found_ids, distances, strict=False)]


def _is_connection_error(err: Exception) -> bool:
    name = type(err).__name__
    return "Connect" in name or "Timeout" in name or "connection" in str(err).lower()


def make_vector_store(settings: Settings, embedder_name: str, dim: int, recreate: bool = False) -> VectorStore:
    """Open (``recreate=True``: drop and re-create) the collection for this embedding model."""
    return VectorStore(settings, embedder_name, dim, recreate=recreate)
