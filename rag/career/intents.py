"""Chat intent handlers for the answer chain: "what should I learn next?" and "how far along am I?".

Matching is deterministic (regular expressions that need the learner to speak about *themselves*), so
ordinary roadmap questions ("what comes after the foundation level of the ML path?") go to retrieval.
Answers come from the profile and the roadmap tree, with citations built from tree nodes.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Sequence

from rag.career.profiles import ProfileStore
from rag.career.recommend import choose_path, completion, what_next
from rag.career.roadmap import Roadmap, Span, load_roadmap
from rag.schema import Answer, Citation, Turn
from rag.settings import Settings
from rag.storage import open_profiles

log = logging.getLogger(__name__)

__all__ = ["make_intent_handlers", "is_next_question", "is_progress_question", "BACKEND"]

BACKEND = "mentor"
Handler = Callable[[str, Sequence[Turn]], Answer | None]

_NEXT = re.compile(
    r"\bwhat\s+(?:should|shall|do|can|could|would you recommend)\s+i\s+(?:learn|study|do|focus on|work on|pick up|tackle)"
    r"\s+(?:next|now)\b(?!\s+(?:about|in|for|on|from|after)\b)"
    r"|\bwhat(?:'s| is)\s+(?:next|my next (?:step|topic))\s+for me\b"
    r"|\bwhat(?:'s| is| are)\s+my\s+next\s+(?:step|topic|thing)s?\b"
    r"|\b(?:where|how)\s+should\s+i\s+(?:go|continue|start|begin)\b"
    r"|\b(?:recommend|suggest)\s+(?:me\s+)?(?:my\s+)?(?:the\s+)?next\s+(?:topic|step)s?\b"
    r"|\bwhat\s+next\s+for\s+me\b",
    re.IGNORECASE,
)
_PROGRESS = re.compile(
    r"\bhow\s+far\s+(?:along\s+)?(?:am\s+i|have\s+i\s+(?:got|gotten|come))\b"
    r"|\bhow\s+(?:am\s+i|is\s+my\s+\w+)\s+(?:doing|progressing)\b"
    r"|\b(?:show|what(?:'s| is))\s+my\s+progress\b"
    r"|\bhow\s+much\s+(?:have\s+i|did\s+i|of\s+the\s+(?:roadmap|path)\s+have\s+i)\s+(?:done|completed|finished|covered)\b"
    r"|\bam\s+i\s+on\s+track\b",
    re.IGNORECASE,
)


# "what should I learn after X?" asks about the roadmap's order, not about the learner's progress
_ROADMAP_ORDER = re.compile(r"\b(?:after|before|instead of|to become|in order to)\b", re.IGNORECASE)


def is_next_question(question: str) -> bool:
    return bool(_NEXT.search(question)) and not _ROADMAP_ORDER.search(question)


def is_progress_question(question: str) -> bool:
    return bool(_PROGRESS.search(question))


class _Cites:
    """Numbers tree nodes as citations [1], [2] ... in the order they are first cited."""

    def __init__(self, roadmap: Roadmap):
        self.roadmap = roadmap
        self.items: list[Citation] = []

    def __call__(self, span: Span, sentence: str = "") -> str:
        for c in self.items:
            if (c.label, c.start_line, c.end_line) == (span.label, span.start_line, span.end_line):
                c.sentences.append(sentence)
                return f"[{c.n}]"
        c = self.roadmap.citation(span, len(self.items) + 1)
        c.sentences.append(sentence)
        self.items.append(c)
        return f"[{c.n}]"


def _answer(question: str, text: str, cites: _Cites, started: float, intent: str) -> Answer:
    return Answer(
        question=question, answer=text, refused=False, citations=cites.items, retrieved=[], backend=BACKEND,
        timings={"total_s": time.perf_counter() - started}, standalone_question=question,
        backend_note=f"answered from your learner profile ({intent})", extra={"intent": intent},
    )


def next_answer(roadmap: Roadmap, store: ProfileStore, profile: str, question: str) -> Answer:
    started = time.perf_counter()
    store.ensure(profile)
    progress = store.load(profile)
    path, note = choose_path(roadmap, progress)
    cites = _Cites(roadmap)
    recs = what_next(roadmap, progress, path)
    lines = [f"Next on the {path.title} for profile '{profile}':"] if recs else []
    for i, rec in enumerate(recs, start=1):
        t = rec.topic
        line = (
            f"{i}. {t.title} ({rec.level.display}, {rec.duration or 'no duration given'}) — {rec.why}. "
            f"Subtopics: {', '.join(s.title for s in t.subtopics)}."
        )
        if t.resources:
            line += f" Resources: {', '.join(r.title for r in t.resources)}."
        lines.append(line + " " + cites(t, line))
    if not recs:
        lines.append(f"Every topic of the {path.title} is marked done for '{profile}'. Well done!")
        ms = roadmap.milestones_for(path)
        if ms and ms.stages:
            last = ms.stages[-1]
            lines.append(f"Check the {last.title}: {', '.join(i.title for i in last.items)}. {cites(last)}")
    if note:
        lines.append(note)
    return _answer(question, "\n".join(lines), cites, started, "what_next")


def progress_answer(roadmap: Roadmap, store: ProfileStore, profile: str, question: str) -> Answer:
    started = time.perf_counter()
    store.ensure(profile)
    progress = store.load(profile)
    path, note = choose_path(roadmap, progress)
    comp = completion(roadmap, progress, path)
    cites = _Cites(roadmap)
    lines = [f"Profile '{profile}' has completed {comp.done} of {comp.total} topics ({comp.percent:.0f}%) of the {path.title}."]
    for lc in comp.levels:
        extra = f", {lc.in_progress} in progress" if lc.in_progress else ""
        line = f"- {lc.level.display} ({lc.level.duration}): {lc.done}/{lc.total} done ({lc.percent:.0f}%){extra}."
        lines.append(line + " " + cites(lc.level, line))
    scores = progress.latest_scores()
    weak = [roadmap.topic_by_key(k) for k, s in scores.items() if s < 0.6]
    weak_titles = [t.title for t in weak if t is not None]
    if weak_titles:
        lines.append(f"Quiz topics to review: {', '.join(weak_titles)}.")
    if progress.milestones:
        lines.append(f"Milestones reached: {len(progress.milestones)}.")
    if note:
        lines.append(note)
    return _answer(question, "\n".join(lines), cites, started, "progress")


def make_intent_handlers(settings: Settings, profile_name: str) -> list[Handler]:
    """Handlers ``(question, history) -> Answer | None`` for the chain; None means "not mine"."""
    store_holder: dict[str, ProfileStore] = {}

    def store() -> ProfileStore:
        if "s" not in store_holder:
            store_holder["s"] = open_profiles(settings)
        return store_holder["s"]

    def next_handler(question: str, history: Sequence[Turn] = ()) -> Answer | None:
        if not is_next_question(question):
            return None
        return next_answer(load_roadmap(settings), store(), profile_name, question)

    def progress_handler(question: str, history: Sequence[Turn] = ()) -> Answer | None:
        if not is_progress_question(question):
            return None
        return progress_answer(load_roadmap(settings), store(), profile_name, question)

    return [progress_handler, next_handler]
