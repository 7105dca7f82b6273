"""One stateless worker process for tests/test_storage_workers.py.

Settings come from the environment (RAG_HOME, RAG_DATABASE_URL, RAG_CHROMA_URL, RAG_COLLECTION, RAG_LLM);
argv[1] is a JSON list of steps; stdout's last line is a JSON list with one result per step.
Usage: ``python tests/storage_worker.py '[{"op": "ingest", "path": "docs"}]'``.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from index_helpers import CountingEmbedder

from rag.embeddings import make_embedder
from rag.services import Services
from rag.settings import Settings
from rag.storage import open_conversations, open_profiles
from ui.server import wait_until


def _answer_json(answer: Any) -> dict[str, Any]:
    return {"answer": answer.answer, "refused": answer.refused, "labels": [c.label for c in answer.citations]}


def main() -> int:
    steps = json.loads(sys.argv[1])
    settings = Settings()
    services = Services(settings)
    counting: CountingEmbedder | None = None

    def embedder() -> CountingEmbedder:
        nonlocal counting
        if counting is None:
            counting = CountingEmbedder(make_embedder(settings))
            services.__dict__["embedder"] = counting  # Services.index embeds through it
        return counting

    conversations = open_conversations(settings)
    results: list[Any] = []
    for step in steps:
        op = step["op"]
        if op == "barrier":  # model loaded and connections open, then wait for the test's "go"
            embedder().embed_query("warm up")
            services.index.stats()
            Path(step["ready"]).touch()
            wait_until(Path(step["go"]).exists, 300, f"{step['go']} (the test's start signal)", interval_s=0.05)
            results.append("go")
        elif op == "ingest":
            counter = embedder()
            before = counter.texts
            started = time.time()
            report = services.index.ingest([step["path"]])
            results.append(
                {"report": report.to_json(), "embedded": counter.texts - before, "started": started, "finished": time.time()}
            )
        elif op == "documents":
            results.append([{k: d[k] for k in ("source", "doc_hash", "chunks")} for d in services.index.documents()])
        elif op == "search":
            embedder()
            results.append([{"id": h.chunk_id, "label": h.label} for h in services.index.retrieve(step["query"], k=5)])
        elif op == "ask":  # a new conversation: question and answer stored
            embedder()
            conv = conversations.create_conversation()
            conversations.add_message(conv.id, "user", step["question"])
            answer = services.assistant.ask(step["question"], backend="extractive")
            msg = conversations.add_message(conv.id, "assistant", answer.answer, answer)
            results.append({"conversation": conv.id, "message": msg.id, **_answer_json(answer)})
        elif op == "follow_up":  # continue a conversation started by any worker
            embedder()
            history = conversations.history(step["conversation"], limit=settings.history_turns)
            conversations.add_message(step["conversation"], "user", step["question"])
            answer = services.assistant.ask(step["question"], history=history, backend="extractive")
            msg = conversations.add_message(step["conversation"], "assistant", answer.answer, answer)
            results.append({"message": msg.id, "history": history, **_answer_json(answer)})
        elif op == "feedback":
            fb = conversations.add_feedback(step["message"], step["score"], step.get("comment", ""))
            results.append({"score": fb.score if fb else None})
        elif op == "mark":
            open_profiles(settings).mark_topic(step["profile"], step["topic"], "done")
            open_profiles(settings).set_path(step["profile"], step["path"])
            results.append("ok")
        elif op == "progress":  # the chat's progress intent reads the learner's profile
            services.profile = step["profile"]
            results.append(_answer_json(services.assistant.ask("How far am I in the roadmap?", backend="extractive")))
        else:
            raise SystemExit(f"unknown step {op!r}")
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
