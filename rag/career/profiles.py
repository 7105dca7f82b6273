"""Learner profiles and progress in SQLite (``settings.mentor_db``), or in PostgreSQL (``RAG_DATABASE_URL``).

WAL journal, a busy timeout and one short transaction per write, so several processes (the CLI and
the Streamlit app) can write at the same time without losing anything. Topics and milestones are
stored by their stable keys (``Topic.key``), so progress survives edits that move a topic.
"""

from __future__ import annotations

import difflib
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy import Engine

from rag.errors import InputError
from rag.storage.engine import reading, sqlite_engine, sqlite_script

log = logging.getLogger(__name__)

__all__ = ["ProfileStore", "Progress", "QuizResult", "InterviewRecord", "TopicStatus", "DEFAULT_PROFILE"]

DEFAULT_PROFILE = "default"
TopicStatus = Literal["done", "in_progress"]
_STATUSES = ("done", "in_progress")
EXPORT_FORMAT = "roadmap-mentor-profile/1"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS profiles (
    name TEXT PRIMARY KEY, path TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS topic_progress (
    profile TEXT NOT NULL REFERENCES profiles(name) ON DELETE CASCADE, topic TEXT NOT NULL,
    status TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (profile, topic));
CREATE TABLE IF NOT EXISTS milestones (
    profile TEXT NOT NULL REFERENCES profiles(name) ON DELETE CASCADE, milestone TEXT NOT NULL,
    reached_at TEXT NOT NULL, PRIMARY KEY (profile, milestone));
CREATE TABLE IF NOT EXISTS quiz_results (
    id INTEGER PRIMARY KEY AUTOINCREMENT, profile TEXT NOT NULL REFERENCES profiles(name) ON DELETE CASCADE,
    topic TEXT NOT NULL, score REAL NOT NULL, taken_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS interview_sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT, profile TEXT NOT NULL REFERENCES profiles(name) ON DELETE CASCADE,
    role TEXT NOT NULL, score REAL NOT NULL, taken_at TEXT NOT NULL, detail TEXT NOT NULL);
"""


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class QuizResult:
    topic: str
    score: float  # 0..1
    taken_at: str


@dataclass(frozen=True)
class InterviewRecord:
    role: str
    score: float
    taken_at: str
    detail: dict[str, Any]


@dataclass
class Progress:
    """Everything stored for one profile."""

    name: str
    path: str | None  # chosen path title
    topics: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (status, date)
    milestones: dict[str, str] = field(default_factory=dict)  # key -> date
    quizzes: list[QuizResult] = field(default_factory=list)  # oldest first
    interviews: list[InterviewRecord] = field(default_factory=list)

    def status(self, topic_key: str) -> str | None:
        entry = self.topics.get(topic_key)
        return entry[0] if entry else None

    def latest_scores(self) -> dict[str, float]:
        """The most recent quiz score per topic key."""
        out: dict[str, float] = {}
        for q in self.quizzes:
            out[q.topic] = q.score
        return out


class ProfileStore:
    """Named learner profiles with progress, quiz results and interview sessions.

    One SQLite file (default), or the PostgreSQL database of ``RAG_DATABASE_URL`` (server mode; open it
    with ``rag.storage.open_profiles``): the same SQL on both.
    """

    def __init__(self, path: Path | str | None = None, timeout_s: float = 30.0, *, engine: Engine | None = None):
        self.timeout_s = timeout_s
        if engine is None:
            if path is None:
                raise ValueError("ProfileStore needs a SQLite path or an engine (rag.storage.open_profiles)")
            self.path: Path | None = Path(path)
            self.engine = sqlite_engine(self.path, timeout_s=timeout_s)
            self._owns_engine = True
            sqlite_script(self.engine, _SCHEMA)
        else:  # server mode: the schema is migrated by rag.storage.migrate
            self.path, self.engine, self._owns_engine = None, engine, False

    def close(self) -> None:
        if self._owns_engine:
            self.engine.dispose()

    @contextmanager
    def _write(self) -> Iterator[_Con]:
        """One short write transaction (SQLite: BEGIN IMMEDIATE takes the write lock up front)."""
        with self.engine.begin() as con:
            yield _Con(con)

    @contextmanager
    def _read(self) -> Iterator[_Con]:
        with reading(self.engine) as con:
            yield _Con(con)

    @contextmanager
    def _write_profile(self, name: str) -> Iterator[_Con]:
        """A write transaction on ``name``'s rows; the profile is created in the same transaction."""
        name = _valid_name(name)
        with self._write() as con:
            stamp = now_iso()
            con.run(
                "INSERT INTO profiles(name, path, created_at, updated_at) VALUES (:name, NULL, :stamp, :stamp) "
                "ON CONFLICT DO NOTHING",
                name=name,
                stamp=stamp,
            )
            yield con
            con.run("UPDATE profiles SET updated_at = :stamp WHERE name = :name", stamp=stamp, name=name)

    # --- profiles ------------------------------------------------------------------------------
    def names(self) -> list[str]:
        with self._read() as con:
            return [r[0] for r in con.run("SELECT name FROM profiles ORDER BY name")]

    def exists(self, name: str) -> bool:
        with self._read() as con:
            return con.run("SELECT 1 FROM profiles WHERE name = :name", name=name).first() is not None

    def suggestions(self, name: str) -> list[str]:
        return difflib.get_close_matches(name, self.names(), n=3, cutoff=0.5)

    def ensure(self, name: str) -> bool:
        """Create the profile if needed; True when it was created now."""
        name = _valid_name(name)
        stamp = now_iso()
        with self._write() as con:
            cur = con.run(
                "INSERT INTO profiles(name, path, created_at, updated_at) VALUES (:name, NULL, :stamp, :stamp) "
                "ON CONFLICT DO NOTHING",
                name=name,
                stamp=stamp,
            )
            return cur.rowcount == 1

    def delete(self, name: str) -> None:
        with self._write() as con:
            con.run("DELETE FROM profiles WHERE name = :name", name=name)

    def set_path(self, name: str, path_title: str | None) -> None:
        with self._write_profile(name) as con:
            con.run("UPDATE profiles SET path = :path WHERE name = :name", path=path_title, name=name)

    # --- progress --------------------------------------------------------------------------------
    def mark_topic(self, name: str, topic_key: str, status: TopicStatus | None, when: str | None = None) -> None:
        """Set a topic's status ('done' / 'in_progress'); ``None`` clears it."""
        if status is not None and status not in _STATUSES:
            raise InputError(f"Unknown topic status {status!r}; use one of {', '.join(_STATUSES)}.")
        with self._write_profile(name) as con:
            if status is None:
                con.run("DELETE FROM topic_progress WHERE profile = :name AND topic = :topic", name=name, topic=topic_key)
            else:
                con.run(_UPSERT_TOPIC, profile=name, topic=topic_key, status=status, at=when or now_iso())

    def mark_milestone(self, name: str, milestone_key: str, reached: bool = True, when: str | None = None) -> None:
        with self._write_profile(name) as con:
            if reached:
                con.run(_UPSERT_MILESTONE, profile=name, milestone=milestone_key, at=when or now_iso())
            else:
                con.run(
                    "DELETE FROM milestones WHERE profile = :name AND milestone = :milestone",
                    name=name,
                    milestone=milestone_key,
                )

    def record_quiz(self, name: str, scores: dict[str, float], when: str | None = None) -> None:
        """Store one quiz's score per topic key (0..1)."""
        stamp = when or now_iso()
        with self._write_profile(name) as con:
            con.run_many(
                _INSERT_QUIZ, [{"profile": name, "topic": key, "score": float(score), "at": stamp} for key, score in scores.items()]
            )

    def record_interview(
        self, name: str, role: str, score: float, detail: dict[str, Any], when: str | None = None
    ) -> None:
        with self._write_profile(name) as con:
            con.run(
                _INSERT_INTERVIEW, profile=name, role=role, score=float(score), at=when or now_iso(), detail=json.dumps(detail)
            )

    def load(self, name: str) -> Progress:
        """Everything stored for ``name``; an unknown profile is an InputError with suggestions."""
        with self._read() as con:
            row = con.run("SELECT path FROM profiles WHERE name = :name", name=name).first()
            if row is None:
                hint = self.suggestions(name)
                raise InputError(
                    f"No profile {name!r}"
                    + (f"; did you mean: {', '.join(hint)}?" if hint else "")
                    + " Create it by marking a topic or choosing a path (e.g. `rag progress mark TOPIC --profile NAME`)."
                )
            progress = Progress(name=name, path=row[0])
            for topic, status, date in con.run(
                "SELECT topic, status, updated_at FROM topic_progress WHERE profile = :name ORDER BY topic", name=name
            ):
                progress.topics[topic] = (status, date)
            for key, date in con.run(
                "SELECT milestone, reached_at FROM milestones WHERE profile = :name ORDER BY milestone", name=name
            ):
                progress.milestones[key] = date
            progress.quizzes = [
                QuizResult(t, s, d)
                for t, s, d in con.run(
                    "SELECT topic, score, taken_at FROM quiz_results WHERE profile = :name ORDER BY id", name=name
                )
            ]
            progress.interviews = [
                InterviewRecord(r, s, d, json.loads(detail))
                for r, s, d, detail in con.run(
                    "SELECT role, score, taken_at, detail FROM interview_sessions WHERE profile = :name ORDER BY id",
                    name=name,
                )
            ]
            return progress

    # --- export / import ----------------------------------------------------------------------
    def export(self, name: str) -> dict[str, Any]:
        p = self.load(name)
        return {
            "format": EXPORT_FORMAT,
            "name": p.name,
            "path": p.path,
            "topics": [{"topic": k, "status": s, "date": d} for k, (s, d) in p.topics.items()],
            "milestones": [{"milestone": k, "date": d} for k, d in p.milestones.items()],
            "quizzes": [{"topic": q.topic, "score": q.score, "date": q.taken_at} for q in p.quizzes],
            "interviews": [
                {"role": i.role, "score": i.score, "date": i.taken_at, "detail": i.detail} for i in p.interviews
            ],
        }

    def import_(self, data: dict[str, Any], name: str | None = None, replace: bool = True) -> str:
        """Load an :meth:`export` document (optionally under another name); returns the profile name."""
        if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
            raise InputError(f"Not a profile export (expected \"format\": \"{EXPORT_FORMAT}\"); export one with `rag progress export`.")
        target = _valid_name(name or str(data.get("name") or ""))
        try:
            stamp = now_iso()
            with self._write() as con:
                if replace:
                    con.run("DELETE FROM profiles WHERE name = :name", name=target)
                con.run(
                    "INSERT INTO profiles(name, path, created_at, updated_at) VALUES (:name, :path, :stamp, :stamp) "
                    "ON CONFLICT DO NOTHING",
                    name=target,
                    path=data.get("path"),
                    stamp=stamp,
                )
                con.run_many(
                    _UPSERT_TOPIC,
                    [{"profile": target, "topic": t["topic"], "status": t["status"], "at": t["date"]} for t in data.get("topics", [])],
                )
                con.run_many(
                    _UPSERT_MILESTONE,
                    [{"profile": target, "milestone": m["milestone"], "at": m["date"]} for m in data.get("milestones", [])],
                )
                con.run_many(
                    _INSERT_QUIZ,
                    [{"profile": target, "topic": q["topic"], "score": float(q["score"]), "at": q["date"]} for q in data.get("quizzes", [])],
                )
                con.run_many(
                    _INSERT_INTERVIEW,
                    [
                        {
                            "profile": target,
                            "role": i["role"],
                            "score": float(i["score"]),
                            "at": i["date"],
                            "detail": json.dumps(i.get("detail", {})),
                        }
                        for i in data.get("interviews", [])
                    ],
                )
        except (KeyError, TypeError, ValueError) as err:
            raise InputError(f"The profile export is incomplete ({err!r} is missing or wrong); re-export it.") from err
        return target


_UPSERT_TOPIC = (
    "INSERT INTO topic_progress(profile, topic, status, updated_at) VALUES (:profile, :topic, :status, :at) "
    "ON CONFLICT(profile, topic) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at"
)
_UPSERT_MILESTONE = (
    "INSERT INTO milestones(profile, milestone, reached_at) VALUES (:profile, :milestone, :at) "
    "ON CONFLICT(profile, milestone) DO UPDATE SET reached_at = excluded.reached_at"
)
_INSERT_QUIZ = "INSERT INTO quiz_results(profile, topic, score, taken_at) VALUES (:profile, :topic, :score, :at)"
_INSERT_INTERVIEW = (
    "INSERT INTO interview_sessions(profile, role, score, taken_at, detail) VALUES (:profile, :role, :score, :at, :detail)"
)


class _Con:
    """A connection running SQL text with named parameters (the same statements on SQLite and PostgreSQL)."""

    def __init__(self, con: sa.Connection):
        self.con = con

    def run(self, sql: str, **params: Any) -> Any:  # a CursorResult (rows of any width)
        return self.con.execute(sa.text(sql), params)

    def run_many(self, sql: str, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.con.execute(sa.text(sql), rows)


def _valid_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 64:
        raise InputError("A profile name must be 1–64 characters, e.g. --profile alice.")
    return name
