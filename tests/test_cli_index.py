"""`rag ingest / search / status` in-process through ``rag.cli.main`` (and ``rag status`` as a subprocess)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import run_cli as run
from index_helpers import ROADMAP

from rag.cli import index_cmds
from rag.services import Services
from rag.settings import Settings

HIT_KEYS = ["rank", "source", "headings", "label", "score", "text", "start_line", "end_line"]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, embedder: Any) -> Path:
    """RAG_HOME for the commands; the commands reuse the session's loaded embedding model."""
    home = tmp_path / "cli_home"
    monkeypatch.setenv("RAG_HOME", str(home))

    def services() -> Services:
        built = Services(Settings())
        built.__dict__["embedder"] = embedder  # the real model, loaded once per session
        return built

    monkeypatch.setattr(index_cmds, "_services", services)
    return home


def test_search_json_schema_and_if_empty(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["ingest", "--if-empty"], capsys)
    assert code == 0 and "1 added" in out
    code, out, _ = run(["ingest", "--if-empty"], capsys)
    assert code == 0 and "nothing to do" in out
    code, out, _ = run(["search", "which vector databases should I learn?", "-k", "3", "--json"], capsys)
    assert code == 0
    result = json.loads(out)
    assert list(result) == ["question", "hits"]
    assert result["question"] == "which vector databases should I learn?"
    assert len(result["hits"]) == 3
    for rank, hit in enumerate(result["hits"], start=1):
        assert list(hit) == HIT_KEYS and hit["rank"] == rank
    assert "Level 2" in result["hits"][0]["label"] and "FAISS" in result["hits"][0]["text"]
    code, out, _ = run(["search", "what to learn", "--filter", "Resource Library", "--json"], capsys)
    assert all("Resource Library" in h["label"] for h in json.loads(out)["hits"])
    code, out, _ = run(["search", "vector databases"], capsys)
    assert code == 0 and "Level 2: Integration" in out


def test_search_batch(home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    batch = tmp_path / "q.jsonl"
    batch.write_text(
        '{"question": "which books are recommended?", "expected": "ignored"}\n\n'
        '{"question": "Kaggle platforms", "id": 7}\n'
    )
    code, out, _ = run(["search", "--batch", str(batch), "--json", "-k", "2"], capsys)
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["question"] for line in lines] == ["which books are recommended?", "Kaggle platforms"]
    assert "Books" in lines[0]["hits"][0]["label"] and "Platforms" in lines[1]["hits"][0]["label"]


def test_malformed_batch_line_exits_2_before_any_work(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    batch = tmp_path / "bad.jsonl"
    batch.write_text('{"question": "fine"}\n{"question": \n')
    code, out, err = run(["search", "--batch", str(batch), "--json"], capsys)
    assert code == 2 and out == ""
    assert f"{batch}:2:" in err and err.count("\n") == 1
    assert not (home / "lexical.sqlite3").exists(), "work was done before the batch file was validated"
    batch.write_text('{"q": "no question field"}\n')
    code, _, err = run(["search", "--batch", str(batch)], capsys)
    assert code == 2 and ":1:" in err


def test_ingest_paths_prune_rebuild_and_errors(home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(ROADMAP, docs / "roadmap.md")
    (docs / "extra.md").write_text("# Extra\n\n## Go\n\nGoroutines and channels.\n")
    code, out, _ = run(["ingest", str(docs), "--json"], capsys)
    report = json.loads(out)
    assert code == 0 and sorted(report["added"]) == ["extra.md", "roadmap.md"]
    (docs / "extra.md").unlink()
    code, out, _ = run(["ingest", str(docs), "--prune"], capsys)
    assert code == 0 and "1 unchanged, 1 removed" in out and "removed: extra.md" in out
    code, out, _ = run(["ingest", str(docs), "--rebuild"], capsys)
    assert code == 0 and "1 added" in out
    code, _, err = run(["ingest", str(tmp_path / "missing")], capsys)
    assert code == 2 and "does not exist" in err
    code, _, err = run(["ingest"], capsys)
    assert code == 2 and "--if-empty" in err
    code, _, err = run(["search", "   "], capsys)
    assert code == 2 and "empty" in err


def test_status_does_not_load_torch_or_chroma(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(["ingest", "--if-empty"], capsys)
    probe = (
        "import sys\nfrom rag.cli import main\nmain(['status'])\n"
        "heavy = [m for m in ('torch', 'sentence_transformers', 'chromadb') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    env = {**os.environ, "RAG_HOME": str(home)}
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert f"RAG_HOME:        {home}" in proc.stdout
    assert "documents:       1" in proc.stdout and "chunks:          " in proc.stdout
    assert "all-MiniLM-L6-v2 (dim 384)" in proc.stdout and "embedded" in proc.stdout
    assert "HEAVY []" in proc.stdout
