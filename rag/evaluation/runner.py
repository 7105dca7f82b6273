"""Run a gold set through the same code path as ``rag ask`` (``services.assistant.ask``) and score it."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import subprocess
import time
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rag.errors import LLMError
from rag.evaluation.gold import GoldItem, file_sha256
from rag.evaluation.metrics import confusion_matrix, score_question, summarise, summarise_by_type
from rag.evaluation.report import Report
from rag.settings import REPO_DIR

if TYPE_CHECKING:  # pragma: no cover
    from rag.evaluation.judge import Judge
    from rag.schema import Answer
    from rag.services import Services

logger = logging.getLogger(__name__)

__all__ = ["run_eval", "Progress", "question_entry", "build_manifest"]

Progress = Callable[[int, int, dict[str, Any]], None]  # (done, total, question entry)


def question_entry(item: GoldItem, answer: Answer | None, latency_s: float, k: int, error: str = "") -> dict[str, Any]:
    """One question's report entry: its answer, citations, retrieved labels, metrics, pass/fail and reason."""
    citations = [c.to_json() for c in answer.citations] if answer else []
    retrieved = [h.label for h in answer.retrieved] if answer else []
    refused = bool(answer.refused) if answer else False
    entry: dict[str, Any] = {
        **item.to_json(),
        "answer": answer.answer if answer else "",
        "refused": refused,
        "refusal_reason": answer.refusal_reason if answer else "",
        "standalone_question": answer.standalone_question if answer else "",
        "backend": answer.backend if answer else "",
        "backend_note": answer.backend_note if answer else "",
        "citations": citations,
        "retrieved": retrieved[:k],
        "latency_s": round(latency_s, 4),
        "error": error,
    }
    metrics, passed, reason = score_question(
        answerable=item.answerable,
        expected_sources=item.expected_sources,
        key_facts=item.key_facts,
        answer=entry["answer"],
        refused=refused,
        retrieved_labels=retrieved,
        citations=citations,
        k=k,
        lead=item.lead,
        lead_not=item.lead_not,
    )
    entry["metrics"] = metrics.to_json()
    entry["passed"] = passed and not error
    entry["fail_reason"] = f"error: {error}" if error else reason
    return entry


def _git_commit() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=REPO_DIR, capture_output=True, text=True, timeout=5, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def _field(obj: Any, name: str) -> Any:
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)


def corpus_hash(services: Services) -> str | None:
    """sha256 over the sorted (source, document hash) pairs of the indexed documents."""
    try:
        index = services.index
        docs = index.lexical.documents() if hasattr(index, "lexical") else index.documents()
    except Exception as err:  # noqa: BLE001 - the manifest must not fail the run
        logger.warning("could not list indexed documents for the manifest: %s", err)
        return None
    pairs = sorted(f"{_field(d, 'source')}\t{_field(d, 'doc_hash') or _field(d, 'hash')}" for d in docs)
    return hashlib.sha256("\n".join(pairs).encode()).hexdigest()


def _version() -> str:
    try:
        return metadata.version("roadmap-mentor")
    except metadata.PackageNotFoundError:
        return "unknown"


def build_manifest(
    services: Services,
    gold_path: str | Path | None,
    backend: str | None,
    k: int,
    backends_seen: Sequence[str],
    notes: Sequence[str] = (),
) -> dict[str, Any]:
    settings = services.settings
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "rag_version": _version(),
        "git_commit": _git_commit(),
        "corpus_hash": corpus_hash(services),
        "gold_file": str(gold_path) if gold_path else None,
        "gold_sha256": file_sha256(gold_path) if gold_path and Path(gold_path).is_file() else None,
        "backend": ", ".join(sorted(set(backends_seen))) or (backend or settings.llm),
        "backend_requested": backend or settings.llm,
        "backend_notes": sorted(set(n for n in notes if n)),
        "k": k,
        "settings": settings.model_dump(mode="json"),
    }


def run_eval(
    services: Services,
    gold: Sequence[GoldItem],
    backend: str | None = None,
    k: int | None = None,
    *,
    gold_path: str | Path | None = None,
    progress: Progress | None = None,
    judge: Judge | None = None,
) -> Report:
    """Ask every gold question (models loaded once, through ``services``) and return the scored report.

    A question whose answer fails with :class:`LLMError` (timeout, error mid-answer) is recorded as an
    error and fails; any other :class:`RagError` (no model, no index ...) stops the run.
    """
    k = k or services.settings.k
    assistant = services.assistant
    entries: list[dict[str, Any]] = []
    for done, item in enumerate(gold, start=1):
        started = time.perf_counter()
        answer, error = None, ""
        try:
            answer = assistant.ask(item.question, history=list(item.history) or None, backend=backend, k=k)
            if not answer.retrieved and not answer.refused:
                # a career-engine answer cites roadmap nodes without searching: retrieve for the question
                # anyway, so hit_rate and MRR keep measuring search on every answerable question
                answer.retrieved = services.index.retrieve(answer.standalone_question or item.question, k=k)
        except LLMError as err:
            error = str(err)
            logger.warning("question %s failed: %s", item.id, err)
        entry = question_entry(item, answer, time.perf_counter() - started, k, error)
        entries.append(entry)
        if progress:
            progress(done, len(gold), entry)
    backends_seen = [e["backend"] for e in entries if e["backend"]]
    notes = [e["backend_note"] for e in entries]
    report = Report(
        manifest=build_manifest(services, gold_path, backend, k, backends_seen, notes),
        summary=summarise(entries),
        confusion=confusion_matrix(entries),
        questions=entries,
        by_type=summarise_by_type(entries),
    )
    if judge is not None:
        report.judge = judge.judge_report(report)
    return report
