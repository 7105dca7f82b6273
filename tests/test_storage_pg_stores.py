"""Server mode: conversations, feedback and learner profiles in a real PostgreSQL 15.

The conversation tests of tests/test_conversations.py run again here, unchanged, against a store opened
by ``rag.storage.open_conversations`` on PostgreSQL (their ``store`` fixture is overridden below).
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable
from pathlib import Path

import pytest
from test_conversations import (  # noqa: F401 - collected again here, against PostgreSQL
    _answer,
    test_conversation_lifecycle_title_rename_delete,
    test_export_feedback_gold_format,
    test_feedback_latest_rating_wins_and_comment,
    test_long_first_question_gives_a_short_title,
    test_messages_keep_the_answer_record_and_history_order,
)

from rag.career.intents import make_intent_handlers
from rag.career.profiles import ProfileStore
from rag.conversations import THUMBS_DOWN, ConversationStore
from rag.errors import InputError
from rag.settings import Settings
from rag.storage import open_conversations, open_profiles

pytestmark = pytest.mark.postgres


@pytest.fixture
def store(database_url: str, make_settings: Callable[..., Settings]) -> ConversationStore:
    opened = open_conversations(make_settings(database_url=database_url))
    assert opened.path is None  # nothing written under RAG_HOME
    return opened


def test_any_worker_continues_any_conversation(database_url: str, make_settings: Callable[..., Settings], tmp_path: Path) -> None:
    one = open_conversations(make_settings(database_url=database_url, home=tmp_path / "worker1"))
    two = open_conversations(make_settings(database_url=database_url, home=tmp_path / "worker2"))
    conv = one.create_conversation()
    one.add_message(conv.id, "user", "What should I learn first for AI integration?")
    answer = one.add_message(conv.id, "assistant", "Start with FastAPI [1].", _answer())
    two.add_message(conv.id, "user", "And after that?")
    assert [m.content for m in two.messages(conv.id)] == [m.content for m in one.messages(conv.id)]
    assert two.get_conversation(conv.id).title == "What should I learn first for AI integration?"  # type: ignore[union-attr]
    two.add_feedback(answer.id, THUMBS_DOWN, "missing the Level 1 list")
    assert one.feedback_for(answer.id).comment == "missing the Level 1 list"  # type: ignore[union-attr]
    assert [r["id"] for r in one.gold_records()] == [f"feedback-{answer.id}"]
    one.delete(conv.id)
    assert two.messages(conv.id) == [] and two.feedback() == []
    assert not (tmp_path / "worker1" / "app.sqlite3").exists()
    with pytest.raises(InputError, match="No conversation"):
        two.add_message(conv.id, "user", "still there?")


def _writer(url: str, profile: str, prefix: str, n: int) -> None:
    store = open_profiles(Settings(database_url=url))
    for i in range(n):
        store.mark_topic(profile, f"{prefix}:{i}", "done")
        store.record_quiz(profile, {f"{prefix}:{i}": i / n})


def test_profiles_in_postgres_shared_by_processes(database_url: str, make_settings: Callable[..., Settings]) -> None:
    store = open_profiles(make_settings(database_url=database_url))
    assert isinstance(store, ProfileStore) and store.path is None
    store.mark_topic("alice", "p:api-development", "done", when="2026-01-02T00:00:00+00:00")
    store.mark_milestone("alice", "ai:beginner:deploy-cloud-function")
    store.mark_milestone("alice", "ai:beginner:deploy-cloud-function", when="2026-01-03T00:00:00+00:00")  # upsert
    store.record_interview("alice", "AI Integration Engineer", 0.4, {"answers": []})
    store.set_path("alice", "AI Integration Engineering Path")
    assert store.ensure("alice") is False and store.ensure("carol") is True
    with pytest.raises(InputError, match=r"No profile 'alcie'; did you mean: alice\?"):
        store.load("alcie")
    exported = store.export("alice")
    assert exported["milestones"] == [{"milestone": "ai:beginner:deploy-cloud-function", "date": "2026-01-03T00:00:00+00:00"}]
    assert store.import_(exported, name="alice2") == "alice2" and store.export("alice2") == {**exported, "name": "alice2"}
    store.import_(exported, name="alice2")  # replaces, does not duplicate
    assert len(store.load("alice2").interviews) == 1
    # two processes (two workers) write to one profile at once and lose nothing
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(database_url, "shared", f"w{w}", 20)) for w in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
        assert p.exitcode == 0, f"writer process failed with exit code {p.exitcode}"
    shared = store.load("shared")
    assert set(shared.topics) == {f"w{w}:{i}" for w in range(2) for i in range(20)} and len(shared.quizzes) == 40
    store.delete("alice2")
    assert store.names() == ["alice", "carol", "shared"]


def test_chat_progress_intent_reads_the_shared_profile(database_url: str, make_settings: Callable[..., Settings], tmp_path: Path) -> None:
    writer = open_profiles(make_settings(database_url=database_url, home=tmp_path / "w1"))
    writer.set_path("bob", "Machine Learning Engineering Path")
    writer.mark_topic("bob", "ml:ml-fundamentals", "done")
    handlers = make_intent_handlers(make_settings(database_url=database_url, home=tmp_path / "w2"), "bob")
    answers = [h("How far am I in my roadmap progress?") for h in handlers]
    answer = next(a for a in answers if a is not None)
    assert "Machine Learning Engineering Path" in answer.answer
    assert not (tmp_path / "w2" / "mentor.sqlite3").exists()
