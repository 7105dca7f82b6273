"""Loading and chunking documents, and the ingestion pipeline used by ``rag.index.Index``."""

from rag.ingest.chunking import chunk_document, contextual_text, embedded_text, keyword_fields, keyword_text
from rag.ingest.loaders import LoadedDoc, LoadError, load_document
from rag.ingest.pipeline import IngestReport

__all__ = [
    "IngestReport",
    "LoadError",
    "LoadedDoc",
    "chunk_document",
    "contextual_text",
    "embedded_text",
    "keyword_fields",
    "keyword_text",
    "load_document",
]
