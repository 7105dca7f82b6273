"""Interview practice: a mock interview for a role found in the roadmap's interview section.

Each question comes from one of the role's technical topics and is matched to the roadmap section
that teaches it by word overlap of topic names (e.g. "Vector databases" → "Vector Databases & Search").
Feedback names the section's points (its subtopics) the answer included and missed, suggests the
section's resources, cites the passage, and scores the answer.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from rag.career.quiz import term_in
from rag.career.roadmap import Item, Roadmap, Role, Span, Topic
from rag.career.suggest import unknown
from rag.terms import content_terms

__all__ = ["InterviewQuestion", "Feedback", "InterviewSession", "match_section", "start_interview", "role_of"]


@dataclass(frozen=True)
class InterviewQuestion:
    id: str
    role: str
    topic: Item  # the role's technical topic (interview section)
    section: Topic | None  # the roadmap topic that teaches it, if one matches
    prompt: str

    @property
    def points(self) -> tuple[Item, ...]:
        return self.section.subtopics if self.section else ()

    @property
    def sources(self) -> list[Span]:
        return [self.topic, *([self.section] if self.section else [])]


@dataclass(frozen=True)
class Feedback:
    question: InterviewQuestion
    answer: str
    included: tuple[str, ...]
    missed: tuple[str, ...]
    score: float  # 0..1
    text: str

    def to_json(self) -> dict[str, Any]:
        return {
            "topic": self.question.topic.title,
            "section": self.question.section.title if self.question.section else None,
            "score": round(self.score, 3),
            "included": list(self.included),
            "missed": list(self.missed),
            "citations": [s.cite() for s in self.question.sources],
        }


@dataclass
class InterviewSession:
    roadmap: Roadmap
    role: Role
    questions: list[InterviewQuestion]
    feedback: list[Feedback] = field(default_factory=list)

    @property
    def finished(self) -> bool:
        return len(self.feedback) >= len(self.questions)

    @property
    def current(self) -> InterviewQuestion | None:
        return None if self.finished else self.questions[len(self.feedback)]

    def answer(self, text: str) -> Feedback:
        q = self.current
        if q is None:
            raise IndexError("the interview is over")
        fb = assess(q, text)
        self.feedback.append(fb)
        return fb

    @property
    def score(self) -> float:
        return sum(f.score for f in self.feedback) / len(self.feedback) if self.feedback else 0.0

    def summary(self) -> str:
        if not self.feedback:
            return f"No questions answered in the {self.role.name} interview."
        ranked = sorted(self.feedback, key=lambda f: f.score)
        lines = [f"{self.role.name} mock interview: {len(self.feedback)} answers, overall {self.score:.0%}."]
        best = ranked[-1]
        lines.append(f"Strongest: {best.question.topic.title} ({best.score:.0%}).")
        revise = [f for f in ranked if f.score < 1.0][:3]
        for f in revise:
            sec = f.question.section
            where = f" — study {sec.title} ({sec.cite()})" if sec else ""
            lines.append(f"Revise: {f.question.topic.title} ({f.score:.0%}), missed {', '.join(f.missed) or '-'}{where}.")
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        return {
            "role": self.role.name,
            "score": round(self.score, 3),
            "answers": [f.to_json() for f in self.feedback],
            "summary": self.summary(),
        }


def match_section(roadmap: Roadmap, role: Role, topic: Item) -> Topic | None:
    """The roadmap topic that best matches an interview topic, by shared words of the names.

    Title words count double, subtopic words once; each word is weighted by how rare it is among topic
    titles (so "integration", in several titles, says less than "system"). The role's own path is
    searched first, the other paths only when nothing there overlaps; ties keep roadmap order.
    """
    want = content_terms(topic.title)
    all_topics = roadmap.topics()
    titles = [content_terms(t.title) for t in all_topics]
    weight = {w: 1.0 / max(1, sum(w in words for words in titles)) for w in want}

    def overlap(text: str) -> float:
        return sum(weight[w] for w in want & content_terms(text))

    own = [p for p in roadmap.paths if p.title == role.path_name]
    others = [p for p in roadmap.paths if p.title != role.path_name]
    for group in (own, others):
        best, best_score = None, 0.0
        for t in (t for p in group for t in p.topics()):
            score = 2 * overlap(t.title) + sum(overlap(s.title) for s in t.subtopics)
            if score > best_score:
                best, best_score = t, score
        if best is not None:
            return best
    return None


def role_of(roadmap: Roadmap, name: str) -> Role:
    role = roadmap.find_role(name)
    if role is None:
        raise unknown("role", name, [r.name for r in roadmap.roles])
    return role


def start_interview(roadmap: Roadmap, role_name: str, n: int | None = None, seed: int | None = None) -> InterviewSession:
    """A session over the role's technical topics (in roadmap order; shuffled when ``seed`` is given)."""
    role = role_of(roadmap, role_name)
    topics = list(role.technical_topics)
    if seed is not None:
        random.Random(seed).shuffle(topics)
    questions = []
    for i, item in enumerate(topics[: n or len(topics)], start=1):
        section = match_section(roadmap, role, item)
        prompt = f"As a candidate for {role.name}: explain {item.title.lower()} — what does it involve and what would you use?"
        questions.append(InterviewQuestion(f"i{i}", role.name, item, section, prompt))
    return InterviewSession(roadmap, role, questions)


def assess(q: InterviewQuestion, answer: str) -> Feedback:
    """Which of the section's points the answer included and missed, with a score and citations."""
    said = content_terms(answer)
    points = [p.title for p in q.points]
    if not points:
        text = f"The roadmap has no section teaching {q.topic.title}; no points to check. ({q.topic.cite()})"
        return Feedback(q, answer, (), (), 0.0, text)
    included = tuple(p for p in points if term_in(p, said))
    missed = tuple(p for p in points if p not in included)
    score = len(included) / len(points)
    sec = q.section
    assert sec is not None
    parts = [f"Score {score:.0%} on {q.topic.title}."]
    parts.append(f"You covered: {', '.join(included)}." if included else "You covered none of the roadmap's points.")
    if missed:
        parts.append(f"Missed: {', '.join(missed)}.")
        if sec.resources:
            parts.append(f"To study: {', '.join(r.title for r in sec.resources)}.")
    parts.append(f"(roadmap: {sec.title}, {sec.cite()})")
    return Feedback(q, answer, included, missed, score, " ".join(parts))
