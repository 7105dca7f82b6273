"""Request and response models of the HTTP API (they are also its OpenAPI schema, served at /openapi.json).

The chat models follow OpenAI's Chat Completions wire format; the ``rag`` field is this project's
documented extension (docs/api.md): the ``rag ask --json`` object of the answer.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

MAX_TEXT = 20_000
BACKEND_NAMES = ("auto", "llamacpp", "ollama", "extractive")  # rag.chain.BACKENDS (not imported: no langchain here)  # characters of one message / query: far above any real question


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[dict[str, Any]] | None = Field(
        default=None, description="Text, or a list of content parts of which only {'type': 'text'} ones are read."
    )


class RagOptions(BaseModel):
    """Retrieval options for a chat completion (OpenAI client: ``extra_body={"rag": {...}}``)."""

    model_config = ConfigDict(extra="forbid")

    filter: str | None = Field(default=None, max_length=500, description="Only passages whose source/label contains this text.")
    k: int | None = Field(default=None, ge=1, le=50, description="Passages retrieved (default RAG_K).")


class ChatCompletionRequest(BaseModel):
    """OpenAI's request body; unknown OpenAI parameters (temperature, max_tokens, ...) are accepted and ignored."""

    model_config = ConfigDict(extra="allow")

    model: str = Field(
        default="auto", max_length=200, description="Backend: auto | llamacpp | ollama | extractive (else 404).",
        json_schema_extra={"enum": list(BACKEND_NAMES)},
    )
    messages: list[ChatMessage] = Field(min_length=1, max_length=200)
    stream: bool = False
    rag: RagOptions | None = None


class ResponseMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str
    refusal: str | None = None


class CompletionChoice(BaseModel):
    index: int = 0
    message: ResponseMessage
    logprobs: None = None
    finish_reason: Literal["stop"] = "stop"


class ChatCompletion(BaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str = Field(description="The backend that answered, e.g. 'extractive' or 'llamacpp:qwen2.5-coder-0.5b'.")
    choices: list[CompletionChoice]
    usage: None = None
    system_fingerprint: None = None
    rag: dict[str, Any] = Field(
        description=(
            "The answer as `rag ask --json` gives it: answer, refused, refusal_reason, citations (with start_line/"
            "end_line), retrieved, backend, backend_note, standalone_question, timings; plus ignored_roles."
        )
    )


class ModelCard(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int = 0
    owned_by: str = "roadmap-mentor"
    rag: dict[str, Any] = Field(description="available, name, detail, action (what to do when it is not available).")


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]


class SearchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    query: str = Field(min_length=1, max_length=MAX_TEXT)
    k: int | None = Field(default=None, ge=1, le=50, description="Passages returned (default RAG_K).")
    filter: str | None = Field(default=None, max_length=500, description="Only passages whose source/label contains this text.")


class SearchHit(BaseModel):
    rank: int
    source: str
    headings: list[str]
    label: str
    score: float
    text: str
    start_line: int
    end_line: int


class SearchResponse(BaseModel):
    object: Literal["list"] = "list"
    query: str
    data: list[SearchHit]


class DocumentInfo(BaseModel):
    source: str
    chunks: int
    ingested_at: float | None = None
    path: str | None = None
    doc_hash: str | None = None


class DocumentList(BaseModel):
    object: Literal["list"] = "list"
    data: list[DocumentInfo]


class IngestResult(BaseModel):
    object: Literal["ingest.report"] = "ingest.report"
    report: dict[str, Any] = Field(description="added, updated, unchanged, removed, skipped, chunks_written, seconds.")
    summary: list[str]


class DeletedDocument(BaseModel):
    id: str
    object: Literal["document"] = "document"
    deleted: bool


class EvalRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    gold: str | list[dict[str, Any]] = Field(
        description="The gold questions: JSONL text (as in eval/gold.jsonl) or a list of the same objects."
    )
    backend: Literal["auto", "llamacpp", "ollama", "extractive"] | None = Field(
        default=None, description="Backend answering (default RAG_LLM)."
    )
    k: int | None = Field(default=None, ge=1, le=50)
    baseline: dict[str, Any] | None = Field(
        default=None, description="A previous report (`rag eval --report` JSON, e.g. eval/baseline.json) to gate against."
    )
    fail_under: list[str] = Field(default_factory=list, description="METRIC=VALUE thresholds, as `rag eval --fail-under`.")
    include_report: bool = Field(default=True, description="Return the full report (every question) under 'report'.")


class EvalResponse(BaseModel):
    object: Literal["eval.result"] = "eval.result"
    summary: dict[str, Any]
    manifest: dict[str, Any]
    gate: dict[str, Any] | None = Field(description="GateResult JSON when a baseline was given, else null.")
    gate_text: str | None = None
    passed: bool = Field(description="No regression against the baseline and no --fail-under miss.")
    fail_under_misses: list[str]
    report: dict[str, Any] | None = None


class Health(BaseModel):
    status: Literal["ok"] = "ok"


class Readiness(BaseModel):
    ready: bool
    index: dict[str, Any]
    backend: str | None = None
    backend_note: str = ""
    problems: list[str]
