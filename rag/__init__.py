"""Roadmap Mentor core: ingestion, hybrid retrieval, grounded answers, evaluation, career guidance.

Nothing in this package (outside ``rag.cli``) imports Streamlit, typer or rich.
"""

from rag.errors import RagError
from rag.schema import Answer, Chunk, Citation, Hit, Turn
from rag.services import Services
from rag.settings import Settings

__all__ = ["Answer", "Chunk", "Citation", "Hit", "RagError", "Services", "Settings", "Turn"]
