"""What to learn next, and how far along a learner is — computed from the roadmap tree and a profile.

Order of recommendations: topics whose latest quiz score is weak (< ``WEAK_SCORE``) first, then
topics in progress, then the next not-done topics in roadmap order. Each recommendation carries the
topic's resources, the time the roadmap gives for its level, and the passage it comes from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rag.career.profiles import Progress
from rag.career.roadmap import LearningPath, Level, Roadmap, Topic

__all__ = [
    "WEAK_SCORE",
    "Recommendation",
    "LevelCompletion",
    "PathCompletion",
    "choose_path",
    "completion",
    "what_next",
]

WEAK_SCORE = 0.6

Reason = Literal["review", "in_progress", "next"]


@dataclass(frozen=True)
class Recommendation:
    topic: Topic
    level: Level
    path: LearningPath
    reason: Reason
    why: str  # one sentence for the learner

    @property
    def duration(self) -> str:
        return self.level.duration


@dataclass(frozen=True)
class LevelCompletion:
    level: Level
    done: int
    in_progress: int
    total: int

    @property
    def percent(self) -> float:
        return 100.0 * self.done / self.total if self.total else 0.0


@dataclass(frozen=True)
class PathCompletion:
    path: LearningPath
    levels: tuple[LevelCompletion, ...]

    @property
    def done(self) -> int:
        return sum(lv.done for lv in self.levels)

    @property
    def total(self) -> int:
        return sum(lv.total for lv in self.levels)

    @property
    def percent(self) -> float:
        return 100.0 * self.done / self.total if self.total else 0.0


def choose_path(roadmap: Roadmap, progress: Progress) -> tuple[LearningPath, str]:
    """The profile's chosen path; else the path with most activity; else the first. Returns (path, note)."""
    if progress.path:
        found = roadmap.find_path(progress.path)
        if found:
            return found, ""
    activity = {
        p.title: sum(1 for t in p.topics() if t.key in progress.topics or t.key in progress.latest_scores())
        for p in roadmap.paths
    }
    best = max(roadmap.paths, key=lambda p: activity[p.title])
    if activity[best.title]:
        return best, f"No path chosen; using '{best.title}', where your progress is."
    first = roadmap.paths[0]
    return first, f"No path chosen yet; showing '{first.title}'. Run `rag plan` to find the path that fits you."


def completion(roadmap: Roadmap, progress: Progress, path: LearningPath) -> PathCompletion:
    levels = []
    for level in path.levels:
        statuses = [progress.status(t.key) for t in level.topics]
        levels.append(
            LevelCompletion(level, statuses.count("done"), statuses.count("in_progress"), len(level.topics))
        )
    return PathCompletion(path, tuple(levels))


def what_next(
    roadmap: Roadmap, progress: Progress, path: LearningPath | None = None, limit: int = 3
) -> list[Recommendation]:
    """Up to ``limit`` recommendations for ``path`` (default: :func:`choose_path`)."""
    if path is None:
        path, _ = choose_path(roadmap, progress)
    scores = progress.latest_scores()
    recs: list[Recommendation] = []
    seen: set[str] = set()

    def add(topic: Topic, level: Level, reason: Reason, why: str) -> None:
        if topic.key not in seen:
            seen.add(topic.key)
            recs.append(Recommendation(topic, level, path, reason, why))

    pairs = [(t, lv) for lv in path.levels for t in lv.topics]
    weak = sorted(
        ((t, lv) for t, lv in pairs if t.key in scores and scores[t.key] < WEAK_SCORE),
        key=lambda pair: scores[pair[0].key],
    )
    for t, lv in weak:
        add(t, lv, "review", f"your last quiz score on it was {scores[t.key]:.0%} (below {WEAK_SCORE:.0%})")
    for t, lv in pairs:
        if progress.status(t.key) == "in_progress":
            add(t, lv, "in_progress", "you have started it")
    for t, lv in pairs:
        if progress.status(t.key) is None:
            add(t, lv, "next", f"it is the next topic of {lv.display} in roadmap order")
    return recs[:limit]
