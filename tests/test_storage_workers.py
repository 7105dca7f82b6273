"""Two stateless workers (two processes, two RAG_HOMEs) sharing a real PostgreSQL 15 and a real `chroma run`.

What one worker writes (index, conversations, feedback, profiles) the other sees; the same folder
ingested by both at once is embedded once and ends as one consistent index in both stores.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from index_helpers import ROADMAP

from rag.settings import Settings
from rag.storage import open_conversations, open_profiles
from rag.storage.engine import server_engine
from ui.server import wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

WORKER = Path(__file__).resolve().parent / "storage_worker.py"
SECOND = Path(__file__).resolve().parent / "fixtures" / "second_roadmap.md"
TIMEOUT_S = 600


def _env(home: Path, database_url: str, chroma_url: str, collection: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    env.update(
        RAG_HOME=str(home),
        RAG_DATABASE_URL=database_url,
        RAG_CHROMA_URL=chroma_url,
        RAG_COLLECTION=collection,
        RAG_LLM="extractive",
        RAG_CONTEXT_WEIGHT="0",  # one embedded text per chunk, so the workers' counted texts are counted chunks
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        ANONYMIZED_TELEMETRY="False",
        PYTHONPATH=str(WORKER.parents[1]),  # the repository (for `ui.server`)
    )
    return env


def _start(env: dict[str, str], steps: list[dict[str, Any]]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), json.dumps(steps)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _finish(proc: subprocess.Popen[str]) -> list[Any]:
    out, err = proc.communicate(timeout=TIMEOUT_S)
    assert proc.returncode == 0, f"worker failed ({proc.returncode}):\n{err[-3000:]}"
    return json.loads(out.strip().splitlines()[-1])


def _docs(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / ROADMAP.name).write_text(ROADMAP.read_text(encoding="utf-8"), encoding="utf-8")
    (docs / SECOND.name).write_text(SECOND.read_text(encoding="utf-8"), encoding="utf-8")
    return docs


def test_what_one_worker_writes_the_other_serves(database_url: str, chroma_server_url: str, tmp_path: Path) -> None:
    docs = _docs(tmp_path)
    collection = f"w{uuid.uuid4().hex[:8]}"
    env_a = _env(tmp_path / "worker_a", database_url, chroma_server_url, collection)
    env_b = _env(tmp_path / "worker_b", database_url, chroma_server_url, collection)
    question = "Which vector databases should I learn?"
    ingest, asked, _ = _finish(
        _start(
            env_a,
            [
                {"op": "ingest", "path": str(docs)},
                {"op": "ask", "question": question},
                {"op": "mark", "profile": "alice", "topic": "ml:ml-fundamentals", "path": "Machine Learning Engineering Path"},
            ],
        )
    )
    assert sorted(ingest["report"]["added"]) == sorted([ROADMAP.name, SECOND.name])
    assert ingest["embedded"] == ingest["report"]["chunks_written"] > 0
    assert not asked["refused"] and asked["labels"]

    searched, again, follow, feedback, progress, documents = _finish(
        _start(
            env_b,
            [
                {"op": "search", "query": question},
                {"op": "ingest", "path": str(docs)},
                {"op": "follow_up", "conversation": asked["conversation"], "question": "How long does that level take?"},
                {"op": "feedback", "message": asked["message"], "score": 0, "comment": "name Qdrant too"},
                {"op": "progress", "profile": "alice"},
                {"op": "documents"},
            ],
        )
    )
    assert any(hit["label"] == asked["labels"][0] for hit in searched)  # B's hybrid search finds what A indexed
    assert again["embedded"] == 0 and sorted(again["report"]["unchanged"]) == sorted([ROADMAP.name, SECOND.name])
    assert [turn["content"] for turn in follow["history"]] == [question, asked["answer"]]  # A's turns, read by B
    assert feedback == {"score": 0}
    assert "Machine Learning Engineering Path" in progress["answer"]
    assert {d["source"] for d in documents} == {ROADMAP.name, SECOND.name}

    # and back in any third process (here: the test), everything is in PostgreSQL, nothing under the homes
    settings = Settings(database_url=database_url, home=tmp_path / "worker_c")
    store = open_conversations(settings)
    messages = store.messages(asked["conversation"])
    assert [m.role for m in messages] == ["user", "assistant", "user", "assistant"]
    assert store.feedback_for(asked["message"]).comment == "name Qdrant too"  # type: ignore[union-attr]
    assert "ml:ml-fundamentals" in open_profiles(settings).load("alice").topics
    for home in ("worker_a", "worker_b"):
        leftovers = {"lexical.sqlite3", "app.sqlite3", "mentor.sqlite3", "chroma"} & {
            p.name for p in (tmp_path / home).glob("*")
        }
        assert not leftovers, f"{home} keeps state of its own: {leftovers}"


def test_concurrent_ingest_of_one_folder_embeds_each_chunk_once(
    database_url: str, chroma_server_url: str, tmp_path: Path
) -> None:
    docs = _docs(tmp_path)
    for i in range(6):  # more documents, so both ingests are under way at the same time
        (docs / f"notes_{i}.md").write_text(
            f"# Notes {i}\n\n" + "\n\n".join(f"## Part {j}\n\nTopic {i}.{j}: " + "vector search " * 30 for j in range(8)),
            encoding="utf-8",
        )
    collection = f"c{uuid.uuid4().hex[:8]}"
    go = tmp_path / "go"
    procs = []
    for name in ("a", "b"):
        steps = [
            {"op": "barrier", "ready": str(tmp_path / f"ready_{name}"), "go": str(go)},
            {"op": "ingest", "path": str(docs)},
            {"op": "documents"},
        ]
        procs.append(_start(_env(tmp_path / name, database_url, chroma_server_url, collection), steps))

    def both_ready() -> bool:
        for proc in procs:
            assert proc.poll() is None, f"a worker exited early: {proc.communicate()[1][-3000:]}"
        return all((tmp_path / f"ready_{name}").exists() for name in ("a", "b"))

    wait_until(both_ready, TIMEOUT_S, "both workers to load their models")
    go.touch()  # both start ingesting the same folder now
    (_, ingest_a, docs_a), (_, ingest_b, docs_b) = (_finish(p) for p in procs)
    assert max(ingest_a["started"], ingest_b["started"]) < min(ingest_a["finished"], ingest_b["finished"])
    sources = sorted(p.name for p in docs.iterdir())
    with server_engine(database_url).connect() as conn:
        chunks = conn.execute(sa.text("SELECT count(*) FROM rag_chunks WHERE collection = :c"), {"c": collection}).scalar()
        pending = conn.execute(sa.text("SELECT count(*) FROM rag_pending WHERE collection = :c"), {"c": collection}).scalar()
    # each chunk embedded (and written) exactly once, by whichever worker got the lock first
    assert ingest_a["embedded"] + ingest_b["embedded"] == chunks > 0
    first, second = sorted((ingest_a, ingest_b), key=lambda r: -r["embedded"])
    assert sorted(first["report"]["added"]) == sources and second["report"]["added"] == []
    assert sorted(second["report"]["unchanged"]) == sources and second["embedded"] == 0
    assert second["finished"] >= first["finished"]  # it waited for the first worker's lock
    # one consistent index: same documents seen by both workers, Chroma holds exactly the committed chunks
    assert docs_a == docs_b and sum(d["chunks"] for d in docs_a) == chunks and pending == 0
    import chromadb

    host, port = chroma_server_url.rsplit(":", 1)
    client = chromadb.HttpClient(host=host.split("//")[1], port=int(port))
    assert client.get_collection(collection).count() == chunks
