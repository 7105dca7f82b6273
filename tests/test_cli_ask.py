"""``rag ask`` / ``rag chat`` through the real CLI entry point over the shared, already built index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import run_cli as _run

from rag.services import Services

ANSWER_KEYS = {"question", "answer", "refused", "citations", "retrieved", "backend", "timings",
               "standalone_question", "refusal_reason", "backend_note"}
CITATION_KEYS = {"n", "source", "headings", "label", "start_line", "end_line", "text", "supported", "sentences", "note"}


@pytest.fixture
def on_shared_index(shared_services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAG_HOME", str(shared_services.settings.home))
    monkeypatch.setenv("RAG_LLM", "extractive")


def test_ask_json_schema(on_shared_index: None, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["ask", "Which vector databases should I learn?", "--json", "-k", "4"], capsys)
    assert code == 0
    result = json.loads(out)
    assert set(result) == ANSWER_KEYS
    assert result["backend"] == "extractive" and not result["refused"]
    assert len(result["retrieved"]) == 4 and result["citations"]
    assert set(result["citations"][0]) == CITATION_KEYS
    assert "FAISS" in result["answer"]
    assert {"retrieve_s", "generate_s", "total_s"} <= set(result["timings"])


def test_ask_human_output_lists_sources_and_backend(on_shared_index: None, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["ask", "Which conferences are worth following?"], capsys)
    assert code == 0
    assert "NeurIPS" in out
    assert "sources:\n  [1] ai-ml-mastery-roadmap.md › Resource Library › Conferences (lines" in out
    assert "backend: extractive" in out


def test_ask_with_history_file(on_shared_index: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    history = tmp_path / "h.json"
    history.write_text(json.dumps([{"role": "user", "content": "Which vector databases should I learn?"}]))
    code, out, _ = _run(["ask", "And what resources help me learn them?", "--history", str(history), "--json"], capsys)
    result = json.loads(out)
    assert code == 0 and "vector databases" in result["standalone_question"]
    assert "FAISS documentation" in result["answer"]


def test_batch_keeps_order_and_schema(on_shared_index: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    batch = tmp_path / "q.jsonl"
    batch.write_text(
        json.dumps({"question": "Which conferences are worth following?"}) + "\n\n"
        + json.dumps({"question": "How do I bake bread?"}) + "\n"
        + json.dumps({"question": "And what resources help me learn them?",
                      "history": [{"role": "user", "content": "Which vector databases should I learn?"}]}) + "\n"
    )
    code, out, _ = _run(["ask", "--batch", str(batch), "--json"], capsys)
    results = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(results) == 3
    assert all(set(r) == ANSWER_KEYS for r in results)
    assert [r["question"] for r in results][1] == "How do I bake bread?"
    assert results[1]["refused"] and not results[0]["refused"]
    assert "FAISS documentation" in results[2]["answer"]


def test_malformed_batch_line_exits_2_before_any_work(on_shared_index: None, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    batch = tmp_path / "bad.jsonl"
    batch.write_text('{"question": "Which conferences?"}\n{"question": ""}\n')
    code, out, err = _run(["ask", "--batch", str(batch)], capsys)
    assert code == 2 and out == ""
    assert "bad.jsonl:2" in err


def test_chat_session_saves_and_resumes(on_shared_index: None, shared_services: Services,
                                       monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    lines = iter(["Which vector databases should I learn?", "/save"])

    def fake_input(prompt: str) -> str:
        try:
            return next(lines)
        except StopIteration:
            raise EOFError from None

    monkeypatch.setattr("builtins.input", fake_input)
    code, out, _ = _run(["chat", "--session", "t1"], capsys)
    assert code == 0 and "FAISS" in out and "saved to" in out
    saved = json.loads((shared_services.settings.home / "sessions" / "t1.json").read_text())
    assert [t["role"] for t in saved["turns"]] == ["user", "assistant"]
    lines = iter(["/quit"])
    code, out, _ = _run(["chat", "--session", "t1"], capsys)
    assert code == 0 and "resumed session 't1' (2 turns)" in out
