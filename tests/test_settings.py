from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from rag.settings import BUNDLED_CORPUS, Settings

DOC = Path(__file__).resolve().parents[1] / "docs" / "configuration.md"


def test_every_setting_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = [f"RAG_{name.upper()}" for name in Settings.model_fields if f"RAG_{name.upper()}" not in text]
    assert not missing, f"document these in docs/configuration.md: {missing}"


def test_every_setting_has_a_description() -> None:
    assert all(f.description for f in Settings.model_fields.values())


def test_env_prefix_and_derived_paths(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("RAG_HOME", str(tmp_path / "h"))
    monkeypatch.setenv("RAG_LLM", "extractive")
    monkeypatch.setenv("RAG_K", "7")
    s = Settings()
    assert s.home == tmp_path / "h"
    assert s.llm == "extractive" and s.k == 7
    assert s.chroma_dir.parent == s.home and s.lexical_db.parent == s.home
    assert s.store_mode.startswith("embedded")
    assert BUNDLED_CORPUS.is_file()


def test_bad_values_are_rejected_with_the_field_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAG_LLM", "gpt-17")
    with pytest.raises(ValidationError, match="llm"):
        Settings()


def test_server_mode_is_reported(make_settings) -> None:  # noqa: ANN001
    s = make_settings(chroma_url="http://127.0.0.1:9")
    assert s.store_mode == "server http://127.0.0.1:9"
