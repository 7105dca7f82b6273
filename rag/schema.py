"""Plain data types shared by every part of the core. The JSON field names are a public contract."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal, TypedDict

LABEL_SEP = " › "


class Turn(TypedDict):
    role: Literal["user", "assistant"]
    content: str


def make_label(source: str, headings: tuple[str, ...] | list[str]) -> str:
    """``source › heading › subheading`` (what a citation shows)."""
    return LABEL_SEP.join([source, *headings])


@dataclass(frozen=True)
class Chunk:
    """One indexed passage. ``id`` is deterministic: sha1(source, ordinal, text)[:16]-style."""

    id: str
    text: str  # the passage as it appears in the document
    source: str  # path relative to the ingested folder, or the file name
    headings: tuple[str, ...]  # every enclosing heading, outermost first
    label: str  # make_label(source, headings)
    start_line: int  # 1-based, inclusive
    end_line: int  # 1-based, inclusive
    content_hash: str  # sha256 of text
    doc_hash: str  # sha256 of the whole file's content
    ordinal: int = 0  # position of the chunk in its document
    title: str = ""  # the document title (a lone leading H1), kept out of ``headings`` and ``label``

    def metadata(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "headings": "\n".join(self.headings),
            "label": self.label,
            "start_line": self.start_line,
            "end_line": self.end_line,
            "content_hash": self.content_hash,
            "doc_hash": self.doc_hash,
            "ordinal": self.ordinal,
        }


@dataclass
class Hit:
    """A retrieved passage. ``score`` is the fused (RRF) score; higher is better."""

    rank: int
    chunk_id: str
    source: str
    headings: list[str]
    label: str
    score: float
    text: str
    start_line: int
    end_line: int
    dense_score: float | None = None  # cosine similarity in [-1, 1] from the vector store, if it ranked this hit
    lexical_score: float | None = None  # BM25 score (higher is better), if the lexical index ranked this hit
    dense_rank: int | None = None
    lexical_rank: int | None = None

    def to_json(self) -> dict[str, Any]:
        """The ``rag search --json`` hit: keep these field names."""
        return {
            "rank": self.rank,
            "source": self.source,
            "headings": list(self.headings),
            "label": self.label,
            "score": round(self.score, 6),
            "text": self.text,
            "start_line": self.start_line,
            "end_line": self.end_line,
        }


@dataclass
class Citation:
    n: int
    source: str
    headings: list[str]
    label: str
    start_line: int
    end_line: int
    text: str
    chunk_id: str = ""
    sentences: list[str] = field(default_factory=list)  # answer sentences that cite this passage
    supported: bool = True  # every citing sentence is supported by this passage
    note: str = ""  # e.g. "re-attributed from [3]" or "unsupported: flagged"

    def to_json(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "source": self.source,
            "headings": list(self.headings),
            "label": self.label,
            "start_line": self.start_line,
            "end_line": self.end_line,
            "text": self.text,
            "supported": self.supported,
            "sentences": list(self.sentences),
            "note": self.note,
        }


@dataclass
class Answer:
    question: str
    answer: str
    refused: bool
    citations: list[Citation]
    retrieved: list[Hit]
    backend: str  # e.g. "llamacpp:qwen2.5-coder-0.5b", "ollama:qwen2.5:1.5b-instruct", "extractive"
    timings: dict[str, float]  # retrieve_s, generate_s, total_s (+ first_token_s when streamed)
    standalone_question: str = ""
    refusal_reason: str = ""  # "" unless refused: "weak evidence", "out of scope", "model refused" ...
    backend_note: str = ""  # why this backend answered (e.g. "Ollama unreachable at ...; fell back to llama.cpp")
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The ``rag ask --json`` result: keep these field names."""
        return {
            "question": self.question,
            "answer": self.answer,
            "refused": self.refused,
            "citations": [c.to_json() for c in self.citations],
            "retrieved": [h.to_json() for h in self.retrieved],
            "backend": self.backend,
            "timings": {k: round(v, 4) for k, v in self.timings.items()},
            "standalone_question": self.standalone_question,
            "refusal_reason": self.refusal_reason,
            "backend_note": self.backend_note,
        }


# --- streaming events (Assistant.stream yields these, in this order) ------------------------
@dataclass
class RetrievedEvent:
    standalone_question: str
    hits: list[Hit]
    backend: str


@dataclass
class TokenEvent:
    text: str


@dataclass
class AnswerEvent:
    answer: Answer


StreamEvent = RetrievedEvent | TokenEvent | AnswerEvent


def asdict_safe(obj: Any) -> dict[str, Any]:
    return asdict(obj)
