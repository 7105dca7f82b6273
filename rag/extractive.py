"""The extractive backend: answers without an LLM, by quoting the best lines of the top passages.

Each passage is parsed into *units*: a roadmap topic (``1. **Vector Databases & Search**`` with its
skills and resources), a run of list items under a heading, or a sentence of prose. Units are scored by
how many of the question's content words they contain (the topic title and headings count too, so a
"FAISS" line always comes with "Vector Databases & Search"), plus a small bonus for the passage's rank.
The best 2-6 units become the answer, each line quoting the document verbatim and ending with its [n].
Deterministic and instant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rag.schema import LABEL_SEP, Hit
from rag.terms import content_terms, split_sentences

__all__ = ["Unit", "parse_units", "select_units", "extractive_answer", "MAX_LINES", "MIN_LINES"]

MIN_LINES, MAX_LINES = 2, 6
RANK_BONUS = 0.12  # added to a unit's score for passage [1], decaying with rank
KEEP_RATIO = 0.6  # keep units scoring at least this share of the best unit

_TOPIC = re.compile(r"^\s*\d+[.)]\s+\*\*(.+?)\*\*:?\s*$")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+(.+)$")
_BULLET = re.compile(r"^(\s*)[-*+•]\s+(.+)$")
_HEADING = re.compile(r"^\s*#{1,6}\s")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")


def _clean(text: str) -> str:
    text = _LINK.sub(r"\1", text)
    return re.sub(r"\*\*|__", "", text).strip()


@dataclass
class Unit:
    """A quotable piece of a passage."""

    kind: str  # "topic" | "list" | "sentence"
    context: str  # the heading path of the passage
    title: str = ""
    items: list[str] = field(default_factory=list)
    resources: list[str] = field(default_factory=list)
    order: int = 0  # position inside the passage

    def text(self, with_context: bool = True) -> str:
        """The unit on one line; ``with_context=False`` leaves out the heading path (shown elsewhere)."""
        if self.kind == "sentence":
            return self.title
        if self.kind == "list":
            return f"{self.context}: {', '.join(self.items)}" if with_context else ", ".join(self.items)
        line = f"{self.title} ({self.context})" if with_context else self.title
        if self.items:
            line += f": {', '.join(self.items)}"
        if self.resources:
            line += f"; resources: {'; '.join(self.resources)}"
        return line

    def terms(self) -> set[str]:
        return content_terms(" ".join([self.context, self.title, *self.items, *self.resources]))


def parse_units(hit: Hit) -> list[Unit]:
    """Split a passage into topics, list runs and sentences, in document order."""
    context = LABEL_SEP.join(hit.headings) or hit.source
    units: list[Unit] = []
    topic: Unit | None = None
    loose: Unit | None = None  # list items not under a topic
    in_resources = False
    for raw in hit.text.splitlines():
        if not raw.strip() or _HEADING.match(raw):
            continue
        if m := _TOPIC.match(raw):
            topic = Unit("topic", context, title=_clean(m.group(1)), order=len(units))
            units.append(topic)
            loose, in_resources = None, False
            continue
        bullet = _BULLET.match(raw)
        numbered = _NUMBERED.match(raw)
        if bullet or numbered:
            text = _clean(bullet.group(2) if bullet else numbered.group(1))  # type: ignore[union-attr]
            if topic is not None and bullet:
                if text.rstrip(":").lower() == "resources":
                    in_resources = True
                elif in_resources:
                    topic.resources.append(text)
                else:
                    topic.items.append(text)
                continue
            topic = None
            if loose is None:
                loose = Unit("list", context, order=len(units))
                units.append(loose)
            loose.items.append(text.rstrip(":"))
            continue
        topic, loose = None, None
        for sentence in split_sentences(_clean(raw)):
            units.append(Unit("sentence", context, title=sentence, order=len(units)))
    return [u for u in units if u.kind == "sentence" or u.items or u.resources or u.title]


def _score(question_terms: set[str], unit: Unit, rank: int) -> float:
    if not question_terms:
        return RANK_BONUS / (rank + 1)
    matched = question_terms & unit.terms()
    title_matched = question_terms & content_terms(unit.title) if unit.kind == "topic" else set()
    return (len(matched) + 0.5 * len(title_matched)) / len(question_terms) + RANK_BONUS / (rank + 1)


def select_units(question: str, hits: list[Hit]) -> list[tuple[int, Unit]]:
    """The 2-6 units of ``hits`` that best match ``question``, best first, as (rank in ``hits``, unit)."""
    question_terms = content_terms(question, drop_filler=True)
    scored: list[tuple[float, int, int, Unit]] = []
    for rank, hit in enumerate(hits):
        for unit in parse_units(hit):
            scored.append((_score(question_terms, unit, rank), rank, unit.order, unit))
    if not scored:
        return []
    scored.sort(key=lambda s: (-s[0], s[1], s[2]))
    best = scored[0][0]
    chosen = [s for s in scored if s[0] >= KEEP_RATIO * best][:MAX_LINES]
    for extra in scored[len(chosen) :]:
        if len(chosen) >= MIN_LINES:
            break
        chosen.append(extra)
    return [(rank, unit) for _, rank, _, unit in chosen]


def extractive_answer(question: str, hits: list[Hit]) -> str:
    """2-6 lines quoting the passages that best match ``question``; line ``[n]`` cites ``hits[n-1]``."""
    return "\n".join(f"- {unit.text()} [{rank + 1}]" for rank, unit in select_units(question, hits))
