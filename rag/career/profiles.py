"""Learner profiles and progress in SQLite (``settings.mentor_db``).

WAL journal, a busy timeout and one short transaction per write, so several processes (the CLI and
the Streamlit app) can write at the same time without losing anything. Topics and milestones are
stored by their stable keys (``Topic.key``), so progress survives edits that move a topic.
"""

from __future__ import annotations

import difflib
import json
import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from rag.errors import InputError

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
    """Named learner profiles with progress, quiz results and interview sessions."""

    def __init__(self, path: Path | str, timeout_s: float = 30.0):
        self.path = Path(path)
        self.timeout_s = timeout_s
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()  # one connection per store, shared by threads (Streamlit), one at a time
        self._con: sqlite3.Connection | None = None
        with self._connect() as con:
            con.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """The store's connection (opened on first use). Kept open: closing the last connection of a WAL
        database checkpoints and fsyncs, which would make every short write cost tens of milliseconds."""
        with self._lock:
            if self._con is None:
                con = sqlite3.connect(self.path, timeout=self.timeout_s, isolation_level=None, check_same_thread=False)
                con.execute(f"PRAGMA busy_timeout = {int(self.timeout_s * 1000)}")
                con.execute("PRAGMA journal_mode = WAL")
                con.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: consistent, commits skip an fsync
                con.execute("PRAGMA foreign_keys = ON")
                self._con = con
            yield self._con

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction (BEGIN IMMEDIATE takes the write lock up front: no upgrade deadlock)."""
        with self._connect() as con:
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    @contextmanager
    def _write_profile(self, name: str) -> Iterator[sqlite3.Connection]:
        """A write transaction on ``name``'s rows; the profile is created in the same transaction."""
        name = _valid_name(name)
        with self._write() as con:
            stamp = now_iso()
            con.execute(
                "INSERT OR IGNORE INTO profiles(name, path, created_at, updated_at) VALUES (?, NULL, ?, ?)",
                (name, stamp, stamp),
            )
            yield con
            con.execute("UPDATE profiles SET updated_at = ? WHERE name = ?", (stamp, name))

    # --- profiles ------------------------------------------------------------------------------
    def names(self) -> list[str]:
        with self._connect() as con:
            return [r[0] for r in con.execute("SELECT name FROM profiles ORDER BY name")]

    def exists(self, name: str) -> bool:
        with self._connect() as con:
            return con.execute("SELECT 1 FROM profiles WHERE name = ?", (name,)).fetchone() is not None

    def suggestions(self, name: str) -> list[str]:
        return difflib.get_close_matches(name, self.names(), n=3, cutoff=0.5)

    def ensure(self, name: str) -> bool:
        """Create the profile if needed; True when it was created now."""
        name = _valid_name(name)
        stamp = now_iso()
        with self._write() as con:
            cur = con.execute(
                "INSERT OR IGNORE INTO profiles(name, path, created_at, updated_at) VALUES (?, NULL, ?, ?)",
                (name, stamp, stamp),
            )
            return cur.rowcount == 1

    def delete(self, name: str) -> None:
        with self._write() as con:
            con.execute("DELETE FROM profiles WHERE name = ?", (name,))

    def set_path(self, name: str, path_title: str | None) -> None:
        with self._write_profile(name) as con:
            con.execute("UPDATE profiles SET path = ? WHERE name = ?", (path_title, name))

    # --- progress --------------------------------------------------------------------------------
    def mark_topic(self, name: str, topic_key: str, status: TopicStatus | None, when: str | None = None) -> None:
        """Set a topic's status ('done' / 'in_progress'); ``None`` clears it."""
        if status is not None and status not in _STATUSES:
            raise InputError(f"Unknown topic status {status!r}; use one of {', '.join(_STATUSES)}.")
        with self._write_profile(name) as con:
            if status is None:
                con.execute("DELETE FROM topic_progress WHERE profile = ? AND topic = ?", (name, topic_key))
            else:
                con.execute(
                    "INSERT INTO topic_progress(profile, topic, status, updated_at) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT(profile, topic) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at",
                    (name, topic_key, status, when or now_iso()),
                )

    def mark_milestone(self, name: str, milestone_key: str, reached: bool = True, when: str | None = None) -> None:
        with self._write_profile(name) as con:
            if reached:
                con.execute(
                    "INSERT OR REPLACE INTO milestones(profile, milestone, reached_at) VALUES (?, ?, ?)",
                    (name, milestone_key, when or now_iso()),
                )
            else:
                con.execute("DELETE FROM milestones WHERE profile = ? AND milestone = ?", (name, milestone_key))

    def record_quiz(self, name: str, scores: dict[str, float], when: str | None = None) -> None:
        """Store one quiz's score per topic key (0..1)."""
        stamp = when or now_iso()
        with self._write_profile(name) as con:
            con.executemany(
                "INSERT INTO quiz_results(profile, topic, score, taken_at) VALUES (?, ?, ?, ?)",
                [(name, key, float(score), stamp) for key, score in scores.items()],
            )

    def record_interview(
        self, name: str, role: str, score: float, detail: dict[str, Any], when: str | None = None
    ) -> None:
        with self._write_profile(name) as con:
            con.execute(
                "INSERT INTO interview_sessions(profile, role, score, taken_at, detail) VALUES (?, ?, ?, ?, ?)",
                (name, role, float(score), when or now_iso(), json.dumps(detail)),
            )

    def load(self, name: str) -> Progress:
        """Everything stored for ``name``; an unknown profile is an InputError with suggestions."""
        with self._connect() as con:
            row = con.execute("SELECT path FROM profiles WHERE name = ?", (name,)).fetchone()
            if row is None:
                hint = self.suggestions(name)
                raise InputError(
                    f"No profile {name!r}"
                    + (f"; did you mean: {', '.join(hint)}?" if hint else "")
                    + " Create it by marking a topic or choosing a path (e.g. `rag progress mark TOPIC --profile NAME`)."
                )
            progress = Progress(name=name, path=row[0])
            for topic, status, date in con.execute(
                "SELECT topic, status, updated_at FROM topic_progress WHERE profile = ? ORDER BY topic", (name,)
            ):
                progress.topics[topic] = (status, date)
            for key, date in con.execute(
                "SELECT milestone, reached_at FROM milestones WHERE profile = ? ORDER BY milestone", (name,)
            ):
                progress.milestones[key] = date
            progress.quizzes = [
                QuizResult(t, s, d)
                for t, s, d in con.execute(
                    "SELECT topic, score, taken_at FROM quiz_results WHERE profile = ? ORDER BY id", (name,)
                )
            ]
            progress.interviews = [
                InterviewRecord(r, s, d, json.loads(detail))
                for r, s, d, detail in con.execute(
                    "SELECT role, score, taken_at, detail FROM interview_sessions WHERE profile = ? ORDER BY id",
                    (name,),
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
                    con.execute("DELETE FROM profiles WHERE name = ?", (target,))
                con.execute(
                    "INSERT OR IGNORE INTO profiles(name, path, created_at, updated_at) VALUES (?, ?, ?, ?)",
                    (target, data.get("path"), stamp, stamp),
                )
                con.executemany(
                    "INSERT OR REPLACE INTO topic_progress(profile, topic, status, updated_at) VALUES (?, ?, ?, ?)",
                    [(target, t["topic"], t["status"], t["date"]) for t in data.get("topics", [])],
                )
                con.executemany(
                    "INSERT OR REPLACE INTO milestones(profile, milestone, reached_at) VALUES (?, ?, ?)",
                    [(target, m["milestone"], m["date"]) for m in data.get("milestones", [])],
                )
                con.executemany(
                    "INSERT INTO quiz_results(profile, topic, score, taken_at) VALUES (?, ?, ?, ?)",
                    [(target, q["topic"], float(q["score"]), q["date"]) for q in data.get("quizzes", [])],
                )
                con.executemany(
                    "INSERT INTO interview_sessions(profile, role, score, taken_at, detail) VALUES (?, ?, ?, ?, ?)",
                    [
                        (target, i["role"], float(i["score"]), i["date"], json.dumps(i.get("detail", {})))
                        for i in data.get("interviews", [])
                    ],
                )
        except (KeyError, TypeError, ValueError) as err:
            raise InputError(f"The profile export is incomplete ({err!r} is missing or wrong); re-export it.") from err
        return target


def _valid_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 64:
        raise InputError("A profile name must be 1–64 characters, e.g. --profile alice.")
    return name
