"""Prompt files: StrictUndefined rendering, message splitting, documented variables and versions."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.errors import ConfigError
from rag.prompts import DEFAULT_PROMPTS_DIR, prompt_version, render, render_messages


def test_answer_prompt_numbers_passages_and_holds_the_refusal_sentence() -> None:
    passages = [{"n": 1, "title": "Level 2", "text": "- FAISS"}, {"n": 2, "title": "Books", "text": "- Deep Learning"}]
    messages = render_messages("answer", question="Which vector DB?", passages=passages, refusal="NOPE.")
    assert [role for role, _ in messages] == ["system", "user"]
    system, user = messages[0][1], messages[1][1]
    assert "reply exactly: NOPE." in system
    assert user.index("[1] Level 2") < user.index("[2] Books") < user.index("Question: Which vector DB?")


def test_missing_variable_is_an_error_that_names_it() -> None:
    with pytest.raises(ConfigError, match="refusal"):
        render("answer", question="q", passages=[])


def test_missing_template_says_where_it_looked(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="RAG_PROMPTS_DIR"):
        render("answer", tmp_path, question="q")


def test_every_prompt_documents_its_variables_and_version() -> None:
    for path in sorted(DEFAULT_PROMPTS_DIR.glob("*.j2")):
        head = path.read_text().split("-#}", 1)[0]
        assert head.startswith("{#-") and "version" in head and "Variables:" in head, path.name


def test_prompt_version_changes_with_the_file(tmp_path: Path) -> None:
    (tmp_path / "p.j2").write_text("{#- p — version 1 -#}\nhello {{ name }}")
    first = prompt_version("p", tmp_path)
    assert render("p", tmp_path, name="you") == "hello you"
    (tmp_path / "p.j2").write_text("{#- p — version 2 -#}\nhi {{ name }}")
    assert prompt_version("p", tmp_path) != first
    assert prompt_version("answer") == prompt_version("answer")
