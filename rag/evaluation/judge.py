"""Optional LLM judge: faithfulness and correctness scores (1-5, reported as 0-1). Never gated by default.

Verdicts are cached in SQLite (``settings.home/judge_cache.sqlite3``) keyed by
sha256(judge model name, prompt version, inputs): a re-run replays every verdict without a model call.
The prompt is ``prompts/judge.j2``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

from rag.errors import LLMUnavailableError
from rag.evaluation.metrics import fact_text
from rag.prompts import prompt_version, render_messages

if TYPE_CHECKING:  # pragma: no cover
    from rag.evaluation.report import Report
    from rag.settings import Settings

logger = logging.getLogger(__name__)

__all__ = ["Judge", "JudgeCache", "make_judge", "parse_verdict", "JUDGE_CACHE_NAME"]

JUDGE_CACHE_NAME = "judge_cache.sqlite3"
SCORES = ("faithfulness", "correctness")
_OBJECT = re.compile(r"\{.*?\}", re.DOTALL)
_MESSAGE = {"system": SystemMessage, "user": HumanMessage, "assistant": AIMessage}


class JudgeCache:
    """sha256 key → the judge's raw reply, in SQLite."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as db, db:
            db.execute("CREATE TABLE IF NOT EXISTS verdicts (key TEXT PRIMARY KEY, model TEXT, raw TEXT NOT NULL)")

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=30)

    def get(self, key: str) -> str | None:
        with closing(self._connect()) as db:
            row = db.execute("SELECT raw FROM verdicts WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def put(self, key: str, model: str, raw: str) -> None:
        with closing(self._connect()) as db, db:
            db.execute("INSERT OR REPLACE INTO verdicts (key, model, raw) VALUES (?, ?, ?)", (key, model, raw))


def parse_verdict(raw: str) -> dict[str, Any]:
    """``{"faithfulness": 0..1 | None, "correctness": 0..1 | None, "reason": str}`` from the judge's reply."""
    data: dict[str, Any] = {}
    match = _OBJECT.search(raw)
    if match:
        try:
            data = json.loads(match.group(0))
        except json.JSONDecodeError:
            data = {}
    verdict: dict[str, Any] = {"reason": str(data.get("reason", ""))[:300]}
    for name in SCORES:
        value = data.get(name)
        if not isinstance(value, int | float):
            found = re.search(rf"{name}\W{{0,4}}([1-5])", raw, re.IGNORECASE)
            value = int(found.group(1)) if found else None
        verdict[name] = None if value is None or not 1 <= value <= 5 else (float(value) - 1) / 4
    return verdict


class Judge:
    def __init__(self, chat_model: BaseChatModel, model_name: str, cache: JudgeCache, prompts_dir: Path | None = None):
        self.chat_model = chat_model
        self.model_name = model_name
        self.cache = cache
        self.prompts_dir = prompts_dir
        self.prompt_version = prompt_version("judge", prompts_dir)
        self.calls = 0
        self.cache_hits = 0

    def _inputs(self, entry: dict[str, Any]) -> dict[str, Any]:
        reference = entry.get("reference_answer") or "; ".join(fact_text(f) for f in entry.get("key_facts", []))
        return {
            "question": entry.get("standalone_question") or entry["question"],
            "answer": entry["answer"],
            "passages": [{"n": c["n"], "title": c["label"], "text": c["text"]} for c in entry.get("citations", [])],
            "reference": reference,
        }

    def cache_key(self, inputs: dict[str, Any]) -> str:
        payload = json.dumps([self.model_name, self.prompt_version, inputs], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode()).hexdigest()

    def judge_entry(self, entry: dict[str, Any]) -> dict[str, Any]:
        """The verdict for one answered question (from the cache when seen before)."""
        inputs = self._inputs(entry)
        key = self.cache_key(inputs)
        raw = self.cache.get(key)
        if raw is None:
            pairs = render_messages("judge", self.prompts_dir, **inputs)
            messages: list[BaseMessage] = [_MESSAGE[role](content=text) for role, text in pairs]
            reply = self.chat_model.invoke(messages)
            raw = reply.content if isinstance(reply.content, str) else json.dumps(reply.content)
            self.calls += 1
            self.cache.put(key, self.model_name, raw)
        else:
            self.cache_hits += 1
        return parse_verdict(raw)

    def judge_report(self, report: Report) -> dict[str, Any]:
        """Judge every answered question; refusals and errors are not judged. Adds ``judge`` to entries."""
        verdicts: dict[str, dict[str, Any]] = {}
        for entry in report.questions:
            if entry.get("refused") or entry.get("error") or not entry.get("answer"):
                continue
            verdicts[entry["id"]] = entry["judge"] = self.judge_entry(entry)
        summary: dict[str, Any] = {}
        for name in SCORES:
            values = [v[name] for v in verdicts.values() if v[name] is not None]
            summary[f"judge_{name}"] = sum(values) / len(values) if values else None
            summary[f"judge_{name}_n"] = len(values)
        return {
            "model": self.model_name,
            "prompt_version": self.prompt_version,
            "summary": {k: v for k, v in summary.items() if not k.endswith("_n")},
            "counts": {k: v for k, v in summary.items() if k.endswith("_n")},
            "calls": self.calls,
            "cache_hits": self.cache_hits,
        }


def make_judge(settings: Settings, kind: str) -> Judge:
    """A judge on the ``ollama`` or ``llamacpp`` backend, caching in ``settings.home``."""
    from rag.llm import select_backend

    selected = select_backend(settings, kind)
    if selected.chat_model is None:
        raise LLMUnavailableError(f"The judge needs an LLM; backend {kind!r} has none. Use --judge ollama or --judge llamacpp.")
    cache = JudgeCache(settings.ensure_home() / JUDGE_CACHE_NAME)
    return Judge(selected.chat_model, selected.name, cache, settings.prompts_dir)
