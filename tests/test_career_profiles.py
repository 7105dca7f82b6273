"""Learner profiles in SQLite: persistence across store objects, concurrent writers, export/import."""

from __future__ import annotations

import multiprocessing as mp
from pathlib import Path

import pytest

from rag.career.profiles import ProfileStore
from rag.career.recommend import completion
from rag.career.roadmap import parse_roadmap
from rag.errors import InputError
from rag.settings import BUNDLED_CORPUS

MARKS_PER_WRITER = 40


def _writer(db: str, profile: str, prefix: str, n: int) -> None:
    store = ProfileStore(db)
    for i in range(n):
        store.mark_topic(profile, f"{prefix}:{i}", "done")
        store.record_quiz(profile, {f"{prefix}:{i}": i / n})


def test_progress_survives_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "mentor.sqlite3"
    store = ProfileStore(db)
    store.mark_topic("alice", "p:api-development", "done", when="2026-01-02T00:00:00+00:00")
    store.mark_topic("alice", "p:cloud-platforms", "in_progress")
    store.mark_milestone("alice", "ai:beginner:deploy-cloud-function")
    store.record_quiz("alice", {"p:api-development": 0.5})
    store.record_interview("alice", "AI Integration Engineer", 0.4, {"answers": []})
    store.set_path("alice", "AI Integration Engineering Path")
    del store

    again = ProfileStore(db)  # a new process would do the same
    prog = again.load("alice")
    assert prog.path == "AI Integration Engineering Path"
    assert prog.topics["p:api-development"] == ("done", "2026-01-02T00:00:00+00:00")
    assert prog.status("p:cloud-platforms") == "in_progress"
    assert list(prog.milestones) == ["ai:beginner:deploy-cloud-function"]
    assert prog.latest_scores() == {"p:api-development": 0.5}
    assert [(i.role, i.score) for i in prog.interviews] == [("AI Integration Engineer", 0.4)]
    again.mark_topic("alice", "p:cloud-platforms", None)
    assert again.load("alice").status("p:cloud-platforms") is None


def test_profiles_are_separate_and_listed(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "m.sqlite3")
    store.mark_topic("alice", "k:1", "done")
    store.mark_topic("bob", "k:2", "in_progress")
    assert store.names() == ["alice", "bob"]
    assert list(store.load("alice").topics) == ["k:1"]
    assert list(store.load("bob").topics) == ["k:2"]
    assert store.ensure("carol") is True and store.ensure("carol") is False


def test_unknown_profile_gets_suggestions(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "m.sqlite3")
    store.ensure("alice")
    with pytest.raises(InputError, match=r"No profile 'alcie'; did you mean: alice\?"):
        store.load("alcie")
    assert store.suggestions("alicia") == ["alice"]


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "mentor.sqlite3")
    ProfileStore(db).ensure("shared")
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(db, "shared", f"w{w}", MARKS_PER_WRITER)) for w in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
        assert p.exitcode == 0, f"writer process failed with exit code {p.exitcode}"
    prog = ProfileStore(db).load("shared")
    expected = {f"w{w}:{i}" for w in range(2) for i in range(MARKS_PER_WRITER)}
    assert set(prog.topics) == expected
    assert len(prog.quizzes) == 2 * MARKS_PER_WRITER
    assert ProfileStore(db).names() == ["shared"]


def test_export_import_round_trip(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "a.sqlite3")
    store.set_path("alice", "Machine Learning Engineering Path")
    store.mark_topic("alice", "ml:ml-fundamentals", "done", when="2026-02-01T10:00:00+00:00")
    store.mark_milestone("alice", "ml:beginner:train-cnn-rnn", when="2026-02-03T10:00:00+00:00")
    store.record_quiz("alice", {"ml:ml-fundamentals": 0.75}, when="2026-02-04T10:00:00+00:00")
    store.record_interview("alice", "Machine Learning Engineer", 0.5, {"answers": [{"topic": "Mathematics"}]},
                           when="2026-02-05T10:00:00+00:00")
    exported = store.export("alice")

    other = ProfileStore(tmp_path / "b.sqlite3")
    assert other.import_(exported) == "alice"
    assert other.export("alice") == exported
    assert other.import_(exported, name="alice2") == "alice2"
    assert other.export("alice2") == {**exported, "name": "alice2"}
    other.import_(exported)  # importing again replaces instead of duplicating
    assert len(other.load("alice").quizzes) == 1
    with pytest.raises(InputError, match="Not a profile export"):
        other.import_({"name": "x"})


def test_completion_per_level_and_path(tmp_path: Path) -> None:
    roadmap = parse_roadmap(BUNDLED_CORPUS)
    ml = roadmap.paths[1]
    store = ProfileStore(tmp_path / "m.sqlite3")
    for topic in ml.levels[0].topics:
        store.mark_topic("bob", topic.key, "done")
    store.mark_topic("bob", ml.levels[1].topics[0].key, "done")
    store.mark_topic("bob", ml.levels[1].topics[1].key, "in_progress")
    comp = completion(roadmap, store.load("bob"), ml)
    assert [round(lc.percent) for lc in comp.levels] == [100, 33, 0]
    assert [lc.in_progress for lc in comp.levels] == [0, 1, 0]
    assert (comp.done, comp.total, round(comp.percent, 1)) == (4, 9, 44.4)
    assert completion(roadmap, store.load("bob"), roadmap.paths[0]).done == 0


def test_switching_a_new_file_to_wal_waits_for_another_process_lock(tmp_path: Path) -> None:
    """SQLite answers "database is locked" at once, without the busy handler, when the journal mode is switched
    while another connection holds a lock: the switch is retried until the timeout, then the error is raised."""
    import sqlite3

    from rag.storage.engine import _set_wal

    path = tmp_path / "new.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    other = sqlite3.connect(path, timeout=0.05, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        _set_wal(other, timeout_s=0.2)
    holder.execute("COMMIT")
    _set_wal(other, timeout_s=5)
    assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    _set_wal(other, timeout_s=0)  # already WAL: nothing to switch, no lock needed
