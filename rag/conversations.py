"""Chat and feedback persistence: one SQLite database (``settings.app_db``) in WAL mode, or the
PostgreSQL database of ``RAG_DATABASE_URL`` (server mode; open it with ``rag.storage.open_conversations``).

Tables
------
``conversations``  id, title, created_at, updated_at
``messages``       id, conversation_id, role, content, answer (JSON from :func:`answer_record`), created_at
``feedback``       id, message_id (unique: the latest rating wins), score (1 = thumbs up, 0 = thumbs down),
                   comment, question, answer, citations (JSON), history (JSON), created_at

Thumbs-down answers export as gold questions in the evaluation JSONL format
(:meth:`ConversationStore.export_feedback_gold`), so a user's complaint becomes a regression test.

Every call is one short transaction on a pooled connection, so the store is safe to share between
Streamlit sessions (threads), processes and, in server mode, workers on several machines.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

import sqlalchemy as sa
from sqlalchemy import Engine, RowMapping

from rag.errors import InputError
from rag.schema import LABEL_SEP, Answer, Turn
from rag.storage.engine import reading, sqlite_engine, sqlite_script

log = logging.getLogger(__name__)

DEFAULT_TITLE = "New conversation"
TITLE_MAX_CHARS = 60
THUMBS_UP, THUMBS_DOWN = 1, 0
GOLD_SOURCE_SEP = " > "

_SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
    content TEXT NOT NULL,
    answer TEXT,
    created_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_by_conversation ON messages(conversation_id, id);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id INTEGER NOT NULL UNIQUE REFERENCES messages(id) ON DELETE CASCADE,
    score INTEGER NOT NULL CHECK (score IN (0, 1)),
    comment TEXT NOT NULL DEFAULT '',
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    citations TEXT NOT NULL DEFAULT '[]',
    history TEXT NOT NULL DEFAULT '[]',
    created_at REAL NOT NULL
);
"""


@dataclass(frozen=True)
class Conversation:
    id: int
    title: str
    created_at: float
    updated_at: float


@dataclass(frozen=True)
class Message:
    id: int
    conversation_id: int
    role: Literal["user", "assistant"]
    content: str
    answer: dict[str, Any] | None  # answer_record(...) for assistant messages
    created_at: float


@dataclass(frozen=True)
class Feedback:
    id: int
    message_id: int
    score: int  # 1 thumbs up, 0 thumbs down
    comment: str
    question: str
    answer: str
    citations: list[dict[str, Any]] = field(default_factory=list)
    history: list[Turn] = field(default_factory=list)
    created_at: float = 0.0


def answer_record(answer: Answer, requested_backend: str | None = None) -> dict[str, Any]:
    """The JSON stored with an assistant message: ``Answer.to_json()`` plus what the UI needs to redraw it
    later (chunk ids, per-retriever scores, which passages were cited, the backend the user asked for)."""
    record = answer.to_json()
    record["requested_backend"] = requested_backend
    cited_ids = {c.chunk_id for c in answer.citations if c.chunk_id}
    cited_labels = {(c.label, c.start_line) for c in answer.citations}
    for hit_json, hit in zip(record["retrieved"], answer.retrieved, strict=True):
        hit_json.update(
            chunk_id=hit.chunk_id,
            dense_score=hit.dense_score,
            lexical_score=hit.lexical_score,
            cited=hit.chunk_id in cited_ids or (hit.label, hit.start_line) in cited_labels,
        )
    for cit_json, cit in zip(record["citations"], answer.citations, strict=True):
        cit_json["chunk_id"] = cit.chunk_id
    return record


def gold_source_fragment(citation: dict[str, Any]) -> str:
    """``heading > subheading`` for a cited passage: its two innermost headings (or the source if none)."""
    headings = [h for h in citation.get("headings") or [] if h]
    if not headings:
        label = str(citation.get("label", ""))
        headings = label.split(LABEL_SEP)[1:] or [str(citation.get("source", label))]
    return GOLD_SOURCE_SEP.join(headings[-2:])


def _title_from(question: str) -> str:
    text = " ".join(question.split())
    return text if len(text) <= TITLE_MAX_CHARS else text[: TITLE_MAX_CHARS - 1].rstrip() + "…"


class ConversationStore:
    """Conversations, messages and feedback: one SQLite file, or PostgreSQL in server mode (same SQL)."""

    def __init__(self, path: Path | str | None = None, *, engine: Engine | None = None):
        if engine is None:
            if path is None:
                raise ValueError("ConversationStore needs a SQLite path or an engine (rag.storage.open_conversations)")
            self.path: Path | None = Path(path)
            self.engine = sqlite_engine(self.path, timeout_s=10)
            self._owns_engine = True
            sqlite_script(self.engine, _SCHEMA)
        else:  # server mode: the schema is migrated by rag.storage.migrate
            self.path, self.engine, self._owns_engine = None, engine, False

    def close(self) -> None:
        if self._owns_engine:
            self.engine.dispose()

    @contextmanager
    def _connect(self) -> Iterator[sa.Connection]:
        with self.engine.begin() as db:  # commit on success, roll back on error
            yield db

    def _read(self, sql: str, **params: Any) -> list[RowMapping]:
        with reading(self.engine) as db:
            return list(db.execute(sa.text(sql), params).mappings())

    # --- conversations ------------------------------------------------------------------------
    def create_conversation(self, title: str = DEFAULT_TITLE) -> Conversation:
        now = time.time()
        title = title.strip() or DEFAULT_TITLE
        with self._connect() as db:
            conv_id = db.execute(
                sa.text("INSERT INTO conversations (title, created_at, updated_at) VALUES (:t, :now, :now) RETURNING id"),
                {"t": title, "now": now},
            ).scalar_one()
        return Conversation(int(conv_id), title, now, now)

    def list_conversations(self) -> list[Conversation]:
        """Most recently updated first."""
        rows = self._read("SELECT * FROM conversations ORDER BY updated_at DESC, id DESC")
        return [Conversation(r["id"], r["title"], r["created_at"], r["updated_at"]) for r in rows]

    def get_conversation(self, conversation_id: int) -> Conversation | None:
        rows = self._read("SELECT * FROM conversations WHERE id = :id", id=conversation_id)
        return Conversation(rows[0]["id"], rows[0]["title"], rows[0]["created_at"], rows[0]["updated_at"]) if rows else None

    def rename(self, conversation_id: int, title: str) -> None:
        title = " ".join(title.split())
        if not title:
            raise InputError("A conversation title cannot be empty: type a few words and press Enter.")
        with self._connect() as db:
            cur = db.execute(
                sa.text("UPDATE conversations SET title = :t, updated_at = :now WHERE id = :id"),
                {"t": title, "now": time.time(), "id": conversation_id},
            )
        if cur.rowcount == 0:
            raise InputError(f"No conversation {conversation_id}: pick one from the list or start a new one.")

    def delete(self, conversation_id: int) -> None:
        """Delete a conversation with its messages and their feedback."""
        with self._connect() as db:
            db.execute(sa.text("DELETE FROM conversations WHERE id = :id"), {"id": conversation_id})

    # --- messages -----------------------------------------------------------------------------
    def add_message(
        self,
        conversation_id: int,
        role: Literal["user", "assistant"],
        content: str,
        answer: Answer | dict[str, Any] | None = None,
    ) -> Message:
        """Append a message; the first user message names an untitled conversation."""
        record = answer_record(answer) if isinstance(answer, Answer) else answer
        now = time.time()
        with self._connect() as db:
            conv = db.execute(
                sa.text("SELECT title FROM conversations WHERE id = :id"), {"id": conversation_id}
            ).first()
            if conv is None:
                raise InputError(f"No conversation {conversation_id}: start a new conversation.")
            msg_id = db.execute(
                sa.text(
                    "INSERT INTO messages (conversation_id, role, content, answer, created_at) "
                    "VALUES (:cid, :role, :content, :answer, :now) RETURNING id"
                ),
                {
                    "cid": conversation_id,
                    "role": role,
                    "content": content,
                    "answer": json.dumps(record) if record is not None else None,
                    "now": now,
                },
            ).scalar_one()
            title = conv[0]
            if role == "user" and title == DEFAULT_TITLE:
                title = _title_from(content) or DEFAULT_TITLE
            db.execute(
                sa.text("UPDATE conversations SET title = :t, updated_at = :now WHERE id = :id"),
                {"t": title, "now": now, "id": conversation_id},
            )
        return Message(int(msg_id), conversation_id, role, content, record, now)

    def messages(self, conversation_id: int) -> list[Message]:
        rows = self._read("SELECT * FROM messages WHERE conversation_id = :id ORDER BY id", id=conversation_id)
        return [_message(r) for r in rows]

    def get_message(self, message_id: int) -> Message | None:
        rows = self._read("SELECT * FROM messages WHERE id = :id", id=message_id)
        return _message(rows[0]) if rows else None

    def history(self, conversation_id: int, limit: int | None = None, before_id: int | None = None) -> list[Turn]:
        """The chat turns (oldest first) to pass to ``Assistant.stream``; the last ``limit`` only."""
        turns: list[Turn] = [
            {"role": m.role, "content": m.content}
            for m in self.messages(conversation_id)
            if before_id is None or m.id < before_id
        ]
        if limit is not None:
            turns = turns[-limit:] if limit > 0 else []
        return turns

    # --- feedback -----------------------------------------------------------------------------
    def add_feedback(self, message_id: int, score: int | None, comment: str = "") -> Feedback | None:
        """Rate an assistant message (1 up, 0 down; ``None`` clears the rating). The latest rating wins.

        The question, answer, cited passages and prior turns are copied in, so the export needs no joins.
        Deleting the conversation deletes its feedback too (the user asked for it to be gone).
        """
        if score is None:
            with self._connect() as db:
                db.execute(sa.text("DELETE FROM feedback WHERE message_id = :id"), {"id": message_id})
            return None
        if score not in (THUMBS_UP, THUMBS_DOWN):
            raise InputError(f"Feedback score must be 1 (thumbs up) or 0 (thumbs down), got {score!r}.")
        msg = self.get_message(message_id)
        if msg is None or msg.role != "assistant":
            raise InputError(f"Message {message_id} is not an assistant answer: rate an answer instead.")
        record = msg.answer or {}
        previous = self.history(msg.conversation_id, before_id=msg.id)
        question = str(record.get("question") or (previous[-1]["content"] if previous else ""))
        history = previous[:-1] if previous and previous[-1]["role"] == "user" else previous
        now = time.time()
        with self._connect() as db:
            db.execute(
                sa.text(
                    """INSERT INTO feedback (message_id, score, comment, question, answer, citations, history, created_at)
                   VALUES (:id, :score, :comment, :question, :answer, :citations, :history, :now)
                   ON CONFLICT(message_id) DO UPDATE SET score = excluded.score, comment = excluded.comment,
                       created_at = excluded.created_at"""
                ),
                {
                    "id": message_id,
                    "score": score,
                    "comment": comment.strip(),
                    "question": question,
                    "answer": msg.content,
                    "citations": json.dumps(record.get("citations", [])),
                    "history": json.dumps(history),
                    "now": now,
                },
            )
        return self.feedback_for(message_id)

    def set_comment(self, message_id: int, comment: str) -> Feedback | None:
        """Attach a comment to an existing rating (no-op, returning None, if the answer is unrated)."""
        with self._connect() as db:
            db.execute(
                sa.text("UPDATE feedback SET comment = :comment WHERE message_id = :id"),
                {"comment": comment.strip(), "id": message_id},
            )
        return self.feedback_for(message_id)

    def feedback_for(self, message_id: int) -> Feedback | None:
        rows = self._read("SELECT * FROM feedback WHERE message_id = :id", id=message_id)
        return _feedback(rows[0]) if rows else None

    def feedback(self, score: int | None = None) -> list[Feedback]:
        """All feedback (oldest first), or only thumbs up (1) / down (0)."""
        if score is None:
            rows = self._read("SELECT * FROM feedback ORDER BY id")
        else:
            rows = self._read("SELECT * FROM feedback WHERE score = :score ORDER BY id", score=score)
        return [_feedback(r) for r in rows]

    def gold_records(self) -> list[dict[str, Any]]:
        """Thumbs-down answers as gold questions in the evaluation JSONL format."""
        records = []
        for fb in self.feedback(THUMBS_DOWN):
            sources = list(dict.fromkeys(gold_source_fragment(c) for c in fb.citations))
            records.append(
                {
                    "id": f"feedback-{fb.message_id}",
                    "question": fb.question,
                    "answerable": True,
                    "expected_sources": sources,
                    "key_facts": [],
                    "reference_answer": fb.comment,
                    "history": fb.history,
                    "tags": ["feedback"],
                }
            )
        return records

    def export_feedback_gold(self, target: str | Path | IO[str]) -> int:
        """Write thumbs-down answers as gold JSONL to a path or an open text file; returns the count."""
        lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in self.gold_records())
        if isinstance(target, str | Path):
            Path(target).parent.mkdir(parents=True, exist_ok=True)
            Path(target).write_text(lines, encoding="utf-8")
        else:
            target.write(lines)
        return lines.count("\n")


def _message(r: RowMapping) -> Message:
    return Message(
        r["id"], r["conversation_id"], r["role"], r["content"], json.loads(r["answer"]) if r["answer"] else None,
        r["created_at"],
    )


def _feedback(r: RowMapping) -> Feedback:
    return Feedback(
        r["id"], r["message_id"], r["score"], r["comment"], r["question"], r["answer"],
        json.loads(r["citations"]), json.loads(r["history"]), r["created_at"],
    )


__all__ = [
    "Conversation",
    "ConversationStore",
    "DEFAULT_TITLE",
    "Feedback",
    "Message",
    "THUMBS_DOWN",
    "THUMBS_UP",
    "answer_record",
    "gold_source_fragment",
]
