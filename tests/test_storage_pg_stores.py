"""Server mode: conversations, feedback and learner profiles in a real PostgreSQL 15.

The conversation tests of tests/test_conversations.py run again here, unchanged, against a store opened
by ``rag.storage.open_conversations`` on PostgreSQL (their ``store`` fixture is overridden below).
"""

from __future__ import annotations

import os
import subprocess
import sys
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

from bench._servers import create_database, postgres_server
from rag.career.intents import make_intent_handlers
from rag.career.profiles import ProfileStore
from rag.conversations import THUMBS_DOWN, ConversationStore
from rag.errors import InputError, StoreUnavailableError
from rag.settings import Settings
from rag.storage import open_conversations, open_lexical, open_profiles
from rag.storage.engine import create_server_engine
from ui.server import free_port

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


_WRITER = """
import sys
from rag.settings import Settings
from rag.storage import open_profiles
url, profile, prefix, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
store = open_profiles(Settings(database_url=url))
for i in range(n):
    store.mark_topic(profile, f"{prefix}:{i}", "done")
    store.record_quiz(profile, {f"{prefix}:{i}": i / n})
"""


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
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, database_url, "shared", f"w{w}", "20"],
            stderr=subprocess.PIPE,
            text=True,
            env={k: v for k, v in os.environ.items() if not k.startswith("RAG_")},
        )
        for w in range(2)
    ]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, f"writer process failed ({p.returncode}): {err[-2000:]}"
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


def _assert_unreachable(call: Callable[[], object], url_prefix: str) -> None:
    with pytest.raises(StoreUnavailableError) as err:
        call()
    message = str(err.value)
    assert f"PostgreSQL at {url_prefix}" in message and "is not reachable" in message, message
    assert "start it (or fix RAG_DATABASE_URL)" in message and "unset RAG_DATABASE_URL" in message
    assert "secret" not in message


def test_stores_say_postgres_is_unreachable_not_a_driver_error(make_settings: Callable[..., Settings]) -> None:
    # a store on a closed port: every read and write says which database and what to do
    port = free_port()
    url = f"postgresql://rag:secret@127.0.0.1:{port}/rag"
    conversations = ConversationStore(engine=create_server_engine(url))
    profiles = ProfileStore(engine=create_server_engine(url))
    shown = f"postgresql://rag:***@127.0.0.1:{port}/rag"
    for call in (conversations.list_conversations, conversations.create_conversation, profiles.names):
        _assert_unreachable(call, shown)
    _assert_unreachable(lambda: profiles.mark_topic("alice", "p:api-development", "done"), shown)
    _assert_unreachable(lambda: open_conversations(make_settings(database_url=url)), shown)
    # a server that stops while the stores are open: their next calls say so too (not psycopg's error)
    with postgres_server(fsync=False) as admin:
        live = create_database(admin)
        conversations = open_conversations(make_settings(database_url=live))
        profiles = open_profiles(make_settings(database_url=live))
        conv = conversations.create_conversation()
        profiles.mark_topic("alice", "p:api-development", "done")
        assert profiles.names() == ["alice"]
        lexical = open_lexical(make_settings(database_url=live))  # and the retrieval statements
        assert lexical.search("anything", 5) == [] and lexical.chunks(["x"]) == {}
    live_shown = live.rsplit("/", 1)[0]
    _assert_unreachable(lambda: conversations.messages(conv.id), live_shown)
    _assert_unreachable(lambda: conversations.add_message(conv.id, "user", "still there?"), live_shown)
    _assert_unreachable(lambda: profiles.load("alice"), live_shown)
    _assert_unreachable(lambda: lexical.search("anything", 5), live_shown)
    _assert_unreachable(lambda: lexical.chunks(["x"]), live_shown)
