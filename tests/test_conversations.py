"""ConversationStore: conversations, messages, feedback and the gold export, on a real SQLite file."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest

from rag.conversations import (
    DEFAULT_TITLE,
    THUMBS_DOWN,
    THUMBS_UP,
    ConversationStore,
    answer_record,
    gold_source_fragment,
)
from rag.errors import InputError
from rag.evaluation.gold import load_gold
from rag.evaluation.metrics import matches_any
from rag.schema import Answer, Citation, Hit

DOC = "ai-ml-mastery-roadmap.md"
TITLE = "Mastery Roadmap: AI Integration vs Machine Learning Engineering"


def _answer(question: str = "What should I learn first for AI integration?") -> Answer:
    headings = [TITLE, "AI Integration Engineering Path", "Level 1: Foundation (0-6 months)"]
    label = " › ".join([DOC, *headings])
    hits = [
        Hit(1, "c1", DOC, headings, label, 0.032, "1. **API Development**\n   - FastAPI", 37, 50, 0.61, 4.2, 1, 2),
        Hit(2, "c2", DOC, [TITLE, "Overview"], f"{DOC} › {TITLE} › Overview", 0.016, "This document ...", 3, 5),
    ]
    cit = Citation(1, DOC, headings, label, 37, 50, hits[0].text, "c1", ["Start with FastAPI [1]."])
    return Answer(
        question=question,
        answer="Start with FastAPI [1].",
        refused=False,
        citations=[cit],
        retrieved=hits,
        backend="extractive",
        timings={"retrieve_s": 0.01, "generate_s": 0.0, "total_s": 0.01},
        standalone_question=question,
    )


@pytest.fixture
def store(tmp_path: Path) -> ConversationStore:
    return ConversationStore(tmp_path / "app.sqlite3")


def test_database_is_in_wal_mode(store: ConversationStore) -> None:
    with sqlite3.connect(store.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_conversation_lifecycle_title_rename_delete(store: ConversationStore) -> None:
    conv = store.create_conversation()
    assert conv.title == DEFAULT_TITLE
    store.add_message(conv.id, "user", "  What is   FastAPI used for in the roadmap? ")
    assert store.get_conversation(conv.id).title == "What is FastAPI used for in the roadmap?"
    store.add_message(conv.id, "user", "a second question does not rename it")
    assert store.get_conversation(conv.id).title == "What is FastAPI used for in the roadmap?"

    store.rename(conv.id, "  FastAPI  questions ")
    assert store.get_conversation(conv.id).title == "FastAPI questions"
    with pytest.raises(InputError, match="cannot be empty"):
        store.rename(conv.id, "   ")
    with pytest.raises(InputError, match="No conversation"):
        store.rename(9999, "x")

    other = store.create_conversation("Other")
    assert [c.id for c in store.list_conversations()][0] == other.id  # most recent first
    store.delete(conv.id)
    assert store.get_conversation(conv.id) is None
    assert store.messages(conv.id) == []
    assert [c.id for c in store.list_conversations()] == [other.id]


def test_long_first_question_gives_a_short_title(store: ConversationStore) -> None:
    conv = store.create_conversation()
    store.add_message(conv.id, "user", "word " * 40)
    title = store.get_conversation(conv.id).title
    assert len(title) <= 60 and title.endswith("…")


def test_messages_keep_the_answer_record_and_history_order(store: ConversationStore) -> None:
    conv = store.create_conversation()
    q = store.add_message(conv.id, "user", "What should I learn first?")
    a = store.add_message(conv.id, "assistant", "Start with FastAPI [1].", _answer())
    msgs = store.messages(conv.id)
    assert [m.id for m in msgs] == [q.id, a.id]
    rec = msgs[1].answer
    assert rec["citations"][0]["label"].endswith("Level 1: Foundation (0-6 months)")
    assert rec["citations"][0]["chunk_id"] == "c1"
    assert [h["cited"] for h in rec["retrieved"]] == [True, False]
    assert rec["retrieved"][0]["dense_score"] == pytest.approx(0.61)
    assert store.history(conv.id) == [
        {"role": "user", "content": "What should I learn first?"},
        {"role": "assistant", "content": "Start with FastAPI [1]."},
    ]
    assert store.history(conv.id, limit=1) == [{"role": "assistant", "content": "Start with FastAPI [1]."}]
    assert store.history(conv.id, limit=0) == []
    with pytest.raises(InputError):
        store.add_message(12345, "user", "orphan")


def test_persisted_across_store_instances(tmp_path: Path) -> None:
    path = tmp_path / "app.sqlite3"
    first = ConversationStore(path)
    conv = first.create_conversation()
    first.add_message(conv.id, "user", "hello there")
    again = ConversationStore(path)
    assert [m.content for m in again.messages(conv.id)] == ["hello there"]


def test_feedback_latest_rating_wins_and_comment(store: ConversationStore) -> None:
    conv = store.create_conversation()
    user = store.add_message(conv.id, "user", "What should I learn first?")
    ans = store.add_message(conv.id, "assistant", "Start with FastAPI [1].", _answer("What should I learn first?"))
    with pytest.raises(InputError, match="not an assistant answer"):
        store.add_feedback(user.id, THUMBS_UP)
    with pytest.raises(InputError, match="must be 1"):
        store.add_feedback(ans.id, 5)

    up = store.add_feedback(ans.id, THUMBS_UP)
    assert up is not None and up.score == THUMBS_UP and up.question == "What should I learn first?"
    down = store.add_feedback(ans.id, THUMBS_DOWN, "It should mention cloud platforms too")
    assert down.score == THUMBS_DOWN and len(store.feedback()) == 1
    assert store.set_comment(ans.id, "better comment").comment == "better comment"
    assert store.add_feedback(ans.id, None) is None
    assert store.feedback() == []


def test_export_feedback_gold_format(store: ConversationStore, tmp_path: Path) -> None:
    conv = store.create_conversation()
    store.add_message(conv.id, "user", "Tell me about the AI path")
    first = store.add_message(conv.id, "assistant", "It starts with APIs.", _answer("Tell me about the AI path"))
    store.add_message(conv.id, "user", "What comes first?")
    second = store.add_message(conv.id, "assistant", "Start with FastAPI [1].", _answer("What comes first?"))
    store.add_feedback(first.id, THUMBS_UP)
    store.add_feedback(second.id, THUMBS_DOWN, "Also name REST principles")

    out = tmp_path / "gold" / "feedback.jsonl"
    assert store.export_feedback_gold(out) == 1
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record == {
        "id": f"feedback-{second.id}",
        "question": "What comes first?",
        "answerable": True,
        "expected_sources": ["AI Integration Engineering Path > Level 1: Foundation (0-6 months)"],
        "key_facts": [],
        "reference_answer": "Also name REST principles",
        "history": [
            {"role": "user", "content": "Tell me about the AI path"},
            {"role": "assistant", "content": "It starts with APIs."},
        ],
        "tags": ["feedback"],
    }
    (item,) = load_gold(out)  # the evaluation harness accepts it as a gold file
    assert item.tags == ["feedback"] and item.history[0]["role"] == "user"
    assert matches_any(
        "ai-ml-mastery-roadmap.md › AI Integration Engineering Path › Level 1: Foundation (0-6 months)",
        item.expected_sources,
    )
    buf = io.StringIO()
    assert store.export_feedback_gold(buf) == 1
    assert buf.getvalue() == out.read_text(encoding="utf-8")

    # deleting the conversation deletes its feedback too
    store.delete(conv.id)
    assert store.export_feedback_gold(io.StringIO()) == 0


def test_gold_source_fragment_falls_back_to_label() -> None:
    assert gold_source_fragment({"headings": ["A", "B", "C"]}) == "B > C"
    assert gold_source_fragment({"headings": [], "label": "doc.md › Only"}) == "Only"
    assert gold_source_fragment({"headings": [], "label": "doc.md", "source": "doc.md"}) == "doc.md"


def test_answer_record_round_trips_json() -> None:
    rec = answer_record(_answer())
    assert json.loads(json.dumps(rec)) == rec
