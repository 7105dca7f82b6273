"""The core (rag/ outside rag/cli) knows nothing of Streamlit or the terminal, and each outside
service is imported by exactly one factory module."""

from __future__ import annotations

import ast
from pathlib import Path

RAG = Path(__file__).resolve().parents[1] / "rag"
EDGE_ONLY = {"streamlit", "typer", "rich", "click"}
# HTTP server libraries: only the API edge (rag/api) and the CLI that starts it (rag/cli) import them
HTTP_EDGE_ONLY = {"fastapi", "starlette", "uvicorn"}
# outside service -> the only core module allowed to import it
FACTORIES = {
    "chromadb": {"vectorstore.py"},
    "langchain_ollama": {"llm/ollama.py"},
    "ollama": {"llm/ollama.py"},
    "sentence_transformers": {"embeddings.py"},
    "xllamacpp": {"llm/server.py"},
    "langchain_openai": {"llm/openai_api.py"},
    "openai": {"llm/openai_api.py"},
    # server mode (issue 14): SQLAlchemy names the driver (psycopg) in one place; Alembic runs the migrations
    "psycopg": {"storage/engine.py"},
    "alembic": {
        "storage/migrate.py",
        "storage/migrations/env.py",
        "storage/migrations/versions/0001_initial.py",
        "storage/migrations/versions/0002_keyword_search.py",
    },
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _core_modules() -> list[Path]:
    return [p for p in RAG.rglob("*.py") if "cli" not in p.relative_to(RAG).parts]


def _outside_api_and_cli() -> list[Path]:
    return [p for p in RAG.rglob("*.py") if not {"cli", "api"} & set(p.relative_to(RAG).parts[:1])]


def test_core_never_imports_ui_or_terminal_libraries() -> None:
    offenders = {
        str(p.relative_to(RAG)): sorted(_imports(p) & EDGE_ONLY)
        for p in _core_modules()
        if _imports(p) & EDGE_ONLY
    }
    assert not offenders, f"core modules import edge libraries: {offenders}"


def test_only_the_api_and_cli_import_http_server_libraries() -> None:
    offenders = {
        str(p.relative_to(RAG)): sorted(_imports(p) & HTTP_EDGE_ONLY)
        for p in _outside_api_and_cli()
        if _imports(p) & HTTP_EDGE_ONLY
    }
    assert not offenders, f"core modules import HTTP server libraries: {offenders}"
    assert any("api" in p.relative_to(RAG).parts for p in RAG.rglob("*.py")), "rag/api is missing"


def test_each_outside_service_has_one_factory_module() -> None:
    offenders = []
    for p in RAG.rglob("*.py"):
        rel = p.relative_to(RAG).as_posix()
        for lib in _imports(p) & FACTORIES.keys():
            if rel not in FACTORIES[lib]:
                offenders.append(f"{rel} imports {lib} (only {sorted(FACTORIES[lib])} may)")
    assert not offenders, "\n".join(offenders)


def test_layering_check_sees_the_core() -> None:
    # guards against the checks above passing vacuously (e.g. a moved package)
    assert len(_core_modules()) >= 5
