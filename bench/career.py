"""Career-feature benchmark: roadmap parsing, quiz generation + grading, what-next, profile writes,
the chat intent handlers (what the chain pays before retrieval on every question), and path fit by
meaning (the embedding model; the path units are embedded once per roadmap and model).

    .venv/bin/python -m bench.career          # table
    .venv/bin/python -m bench --only career   # through the bench runner (run(quick) -> dict)
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rag.career import pathfit
from rag.career.intents import make_intent_handlers
from rag.career.profiles import ProfileStore
from rag.career.quiz import grade_quiz, make_quiz
from rag.career.recommend import what_next
from rag.career.roadmap import _parse_cached, parse_roadmap
from rag.settings import BUNDLED_CORPUS, Settings


def _time(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), max(samples)


def measure(quick: bool = False) -> list[tuple[str, float, float]]:
    """(operation, median ms, max ms) rows; ``quick`` repeats each measurement a tenth as often."""
    scale = 10 if quick else 1
    rows: list[tuple[str, float, float]] = []

    def uncached_parse() -> None:
        _parse_cached.cache_clear()
        parse_roadmap(BUNDLED_CORPUS)

    rows.append(("parse bundled roadmap (uncached)", *_time(uncached_parse, max(3, 30 // scale))))
    roadmap = parse_roadmap(BUNDLED_CORPUS)
    rows.append(("parse bundled roadmap (cached)", *_time(lambda: parse_roadmap(BUNDLED_CORPUS), max(3, 200 // scale))))
    rows.append(("make_quiz n=10 (whole roadmap)", *_time(lambda: make_quiz(roadmap, n=10, seed=1), max(3, 100 // scale))))
    quiz = make_quiz(roadmap, n=10, seed=1)
    answers = {q.id: q.answers[0] for q in quiz.questions}
    rows.append(("grade_quiz n=10", *_time(lambda: grade_quiz(roadmap, quiz, answers), max(3, 100 // scale))))
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(home=Path(tmp))
        store = ProfileStore(settings.mentor_db)
        keys = [t.key for t in roadmap.topics()]
        counter = iter(range(10**6))
        rows.append(("profile write (mark_topic)",
                     *_time(lambda: store.mark_topic("bench", keys[next(counter) % len(keys)], "done"), max(3, 200 // scale))))
        rows.append(("profile load", *_time(lambda: store.load("bench"), max(3, 200 // scale))))
        progress = store.load("bench")
        rows.append(("what_next", *_time(lambda: what_next(roadmap, progress), max(3, 200 // scale))))
        from rag.embeddings import make_embedder

        embedder = make_embedder(settings)
        handlers = make_intent_handlers(settings, "bench", embedder=embedder)

        def miss() -> None:
            for h in handlers:
                h("What comes after the foundation level of the ML path?", [])

        def hit() -> None:
            for h in handlers:
                if h("What should I learn next?", []) is not None:
                    return

        rows.append(("intent handlers, ordinary question (no match)", *_time(miss, max(3, 500 // scale))))
        rows.append(("intent handlers, 'what should I learn next?'", *_time(hit, max(3, 100 // scale))))

        def ask(question: str) -> Callable[[], None]:
            def _ask() -> None:
                for h in handlers:
                    if h(question, []) is not None:
                        return
            return _ask

        rows.append(("intent handlers, 'how long until I reach Level 3?'",
                     *_time(ask("How long until I reach Level 3?"), max(3, 100 // scale))))
        rows.append(("intent handlers, 'am I ready for Level 2?'", *_time(ask("Am I ready for Level 2?"), max(3, 100 // scale))))

        def cold_fit() -> None:
            pathfit._CACHE.clear()
            pathfit.recommend_path(roadmap, "I love maths", embedder)

        rows.append(("path fit by meaning, first call (embeds the path units)", *_time(cold_fit, max(3, 10 // scale))))
        rows.append(("path fit by meaning, units cached (one description)",
                     *_time(lambda: pathfit.recommend_path(roadmap, "I love maths", embedder), max(3, 50 // scale))))
        rows.append(("intent handlers, 'which path fits me' with a 2-clause description",
                     *_time(ask("I have a statistics background and I love building models. Which path fits me?"),
                            max(3, 50 // scale))))
        store.close()
    return rows


def run(quick: bool = False) -> dict[str, Any]:
    """For ``python -m bench``: median and max milliseconds per operation."""
    return {name: {"median_ms": round(med, 4), "max_ms": round(worst, 4)} for name, med, worst in measure(quick)}


def main() -> None:
    rows = measure()
    width = max(len(r[0]) for r in rows)
    print(f"{'operation':<{width}}  median ms    max ms")
    for name, med, worst in rows:
        print(f"{name:<{width}}  {med:9.3f}  {worst:8.3f}")


if __name__ == "__main__":
    main()
