"""Which path fits me: a short guided conversation ending in a recommendation between the paths.

The questions' options come from the roadmap itself (first-level topics, portfolio items, advanced
milestones, last-level topics), so another roadmap of the same shape gets its own options. Answers are
scored by word overlap with each path's text (its sections, milestones and the matching role's
interview topics); words every path shares do not count. Reasons cite the passages that matched, and
the plan for the first month is the prerequisites plus the first topics of Level 1 with resources.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import zip_longest
from typing import Any

from rag.career.roadmap import LearningPath, Roadmap, Span
from rag.terms import content_terms

__all__ = ["PathQuestion", "Reason", "PlanItem", "PathAdvice", "questions", "resolve_answer", "recommend_path"]

LETTERS = "ABCDEFGHIJKLMNOP"


@dataclass(frozen=True)
class PathQuestion:
    id: str
    prompt: str
    options: tuple[str, ...]  # any answer may also be free text

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "prompt": self.prompt, "options": list(self.options)}


@dataclass(frozen=True)
class Reason:
    text: str
    source: Span


@dataclass(frozen=True)
class PlanItem:
    when: str  # "Week 1" ...
    title: str
    details: tuple[str, ...]  # subtopics / items
    resources: tuple[str, ...]
    source: Span


@dataclass(frozen=True)
class PathAdvice:
    path: LearningPath
    scores: dict[str, float]  # path title -> score
    reasons: tuple[Reason, ...]
    plan: tuple[PlanItem, ...]
    note: str  # e.g. "close call" or "no answer matched"

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path.title,
            "scores": self.scores,
            "note": self.note,
            "reasons": [{"text": r.text, "citation": r.source.cite()} for r in self.reasons],
            "plan": [
                {"when": p.when, "title": p.title, "details": list(p.details), "resources": list(p.resources),
                 "citation": p.source.cite()}
                for p in self.plan
            ],
        }


def _interleave(groups: list[list[str]], limit: int = 6) -> tuple[str, ...]:
    out: list[str] = []
    for row in zip_longest(*groups):
        out.extend(x for x in row if x and x not in out)
    return tuple(out[:limit])


def questions(roadmap: Roadmap) -> list[PathQuestion]:
    """The guided conversation: 5 questions with options drawn from the roadmap, plus free text."""
    paths = roadmap.paths
    first = _interleave([[t.title for t in p.levels[0].topics] for p in paths])
    last = _interleave([[t.title for t in p.levels[-1].topics] for p in paths])
    portfolio = _interleave([list(r.title for r in role.portfolio) for role in roadmap.roles])
    goals = _interleave(
        [[i.title for i in m.stages[-1].items] for m in roadmap.milestones if m.stages]
    )
    qs = [
        PathQuestion(
            "background",
            "Which best describes your background?",
            (
                "Software development: building applications, APIs and cloud services",
                "Data analysis, statistics or mathematics",
                "Science or research",
                "New to tech",
            ),
        ),
        PathQuestion("first", "Which of these would you most like to learn first?", first),
        PathQuestion("build", "Which project would you rather show in your portfolio?", portfolio),
        PathQuestion("advanced", "Which advanced topic sounds most exciting?", last),
        PathQuestion("goal", "Where would you like to be in two years?", goals),
        PathQuestion("free", "Anything else about your interests or goals? (free text, or leave empty)", ()),
    ]
    return [q for q in qs if q.options or q.id == "free"]


def resolve_answer(q: PathQuestion, answer: str) -> str:
    """An option letter ('B') or number ('2') becomes that option's text; anything else is free text."""
    a = answer.strip()
    m = re.fullmatch(r"\(?([A-Pa-p])\)?[.)]?", a)
    if m and q.options and LETTERS.index(m.group(1).upper()) < len(q.options):
        return q.options[LETTERS.index(m.group(1).upper())]
    if a.isdigit() and q.options and 1 <= int(a) <= len(q.options):
        return q.options[int(a) - 1]
    return a


def _path_spans(roadmap: Roadmap, path: LearningPath) -> list[Span]:
    """The passages that describe a path: its topics, milestone stages and its role's interview items."""
    spans: list[Span] = [*path.topics()]
    ms = roadmap.milestones_for(path)
    if ms:
        spans.extend(ms.stages)
    role = roadmap.role_for(path)
    if role:
        spans.extend([*role.technical_topics, *role.portfolio])
    return spans


def recommend_path(roadmap: Roadmap, answers: Mapping[str, str] | list[str]) -> PathAdvice:
    """Score the answers against each path and explain the choice with cited reasons and a plan."""
    qs = questions(roadmap)
    if isinstance(answers, list):
        answers = {q.id: a for q, a in zip(qs, answers, strict=False)}
    texts = {q.id: resolve_answer(q, answers.get(q.id, "")) for q in qs}

    vocab = {p.title: content_terms(p.title) | {w for s in _path_spans(roadmap, p) for w in content_terms(roadmap.passage(s))}
             for p in roadmap.paths}
    shared = set.intersection(*vocab.values()) if len(vocab) > 1 else set()
    unique = {title: words - shared for title, words in vocab.items()}

    scores = {p.title: 0.0 for p in roadmap.paths}
    for text in texts.values():
        said = content_terms(text)
        for title in scores:
            scores[title] += len(said & unique[title])
    ranked = sorted(roadmap.paths, key=lambda p: -scores[p.title])  # stable: ties keep roadmap order
    best = ranked[0]
    note = ""
    if scores[best.title] == 0:
        note = "None of your answers matched one path more than another; showing the first path. Say more about your interests."
    elif len(ranked) > 1 and scores[ranked[1].title] >= 0.8 * scores[best.title]:
        note = f"Close call with '{ranked[1].title}'; both could fit."

    reasons = _reasons(roadmap, best, texts, unique[best.title])
    return PathAdvice(best, scores, tuple(reasons), tuple(first_month_plan(roadmap, best)), note)


def _reasons(roadmap: Roadmap, path: LearningPath, texts: Mapping[str, str], unique: set[str]) -> list[Reason]:
    reasons: list[Reason] = []
    used: set[tuple[int, int]] = set()
    for text in texts.values():
        said = content_terms(text) & unique
        if not said:
            continue
        best, best_hits = None, 0
        for span in _path_spans(roadmap, path):
            hits = len(said & content_terms(roadmap.passage(span)))
            if hits > best_hits and (span.start_line, span.end_line) not in used:
                best, best_hits = span, hits
        if best is None:
            continue
        used.add((best.start_line, best.end_line))
        words = ", ".join(sorted(w for w in said if w in content_terms(roadmap.passage(best))))
        reasons.append(Reason(f"You said “{text}”: the {path.title} covers {best.title} (shared words: {words}).", best))
        if len(reasons) == 3:
            break
    return reasons


def first_month_plan(roadmap: Roadmap, path: LearningPath, topics: int = 2) -> list[PlanItem]:
    """Week 1: the common prerequisites; then the first topics of Level 1 with their resources."""
    plan = [
        PlanItem("Week 1", f"Prerequisite: {g.title}", tuple(i.title for i in g.items), (), g)
        for g in roadmap.prerequisites
    ]
    first = path.levels[0]
    weeks = ["Weeks 2–3", "Week 4"] if topics == 2 else [f"Week {i + 2}" for i in range(topics)]
    for when, t in zip(weeks, first.topics[:topics], strict=False):
        plan.append(
            PlanItem(when, f"{t.title} ({first.display}, {first.duration})", tuple(s.title for s in t.subtopics),
                     tuple(r.title for r in t.resources), t)
        )
    return plan
