"""What a career question is about: a path, a level, a topic or a role named in free text.

Used by the chat intents ("how long until I reach Level 3?", "what should I learn before MLOps
Fundamentals?", "am I ready for a Machine Learning Engineer interview?"). Deterministic, from the tree:

* a **path** is mentioned by its distinctive words as a phrase ("machine learning", "AI integration"),
  their initials ("ML", "AI"), or a distinctive word that is not a generic one ("integration");
* a **level** by ``level 2`` / ``level two`` or by its name followed by level/stage ("the foundation
  level", "advanced ML stage"), or its name alone when the name is not also a path word ("expertise");
* a **topic** by its title as a phrase, else by most of its distinctive title words (path words and
  generic words like "fundamentals" do not count), else by a subtopic named in full ("transformers");
* a **role** by "engineer", "job", "role", "interview", "hired" ... with the path it belongs to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from rag.career.roadmap import LearningPath, Level, Roadmap, Role, Span, Topic, slug
from rag.terms import content_terms, parse_months, stem

__all__ = ["Target", "mentioned_paths", "find_level", "find_topic", "find_target", "parse_months", "group_span"]

Kind = Literal["path", "level", "topic", "role"]

_GENERIC_PATH_WORDS = {"path", "engineering", "engineer", "learning", "machine", "data", "science", "development", "track"}
_GENERIC_TITLE_TERMS = {stem(w) for w in ("fundamentals", "basics", "basic", "advanced", "topics", "topic", "level",
                                          "path", "introduction", "foundation", "foundations")}
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "first": 1, "second": 2, "third": 3, "fourth": 4,
            "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_ROLE_WORDS = re.compile(r"\b(?:engineers?|jobs?|roles?|positions?|interviews?|hired|employ(?:ed|able)|career)\b", re.I)


@dataclass(frozen=True)
class Target:
    kind: Kind
    path: LearningPath
    level: Level | None = None
    topic: Topic | None = None
    role: Role | None = None

    @property
    def name(self) -> str:
        if self.topic is not None:
            return self.topic.title
        if self.level is not None:
            return f"{self.level.display} of the {self.path.title}"
        if self.role is not None:
            return self.role.name
        return self.path.title


def _words(text: str) -> list[str]:
    return [w for w in slug(text).split("-") if w]


def _path_keys(roadmap: Roadmap) -> dict[str, tuple[list[str], str, set[str]]]:
    """path title -> (distinctive words in order, their initials, distinctive non-generic words)."""
    words = {p.title: [w for w in _words(p.title) if w not in {"path"}] for p in roadmap.paths}
    out = {}
    for title, ws in words.items():
        others = {w for t, o in words.items() if t != title for w in o}
        distinct = [w for w in ws if w not in others]
        initials = "".join(w[0] for w in distinct) if len(distinct) > 1 else ""
        out[title] = (distinct, initials, {w for w in distinct if w not in _GENERIC_PATH_WORDS and len(w) > 2})
    return out


def mentioned_paths(roadmap: Roadmap, text: str) -> list[LearningPath]:
    """The paths ``text`` names, in the order they are first named."""
    text = re.sub(r"\b[\w-]+\.ai\b", " ", text, flags=re.I)  # ("fast.ai", "DeepLearning.AI": courses, not the AI path)
    low = " " + " ".join(_words(text)) + " "
    found: list[tuple[int, LearningPath]] = []
    for p in roadmap.paths:
        distinct, initials, strong = _path_keys(roadmap)[p.title]
        spots = []
        if distinct:
            spots.append(low.find(" " + " ".join(distinct) + " "))
        if initials:
            spots.append(low.find(f" {initials} "))
            spots.append(low.find(f" {initials}s "))
        spots.extend(low.find(f" {w} ") for w in strong)
        role = roadmap.role_for(p)
        if role:
            spots.append(low.find(" " + " ".join(_words(role.name)) + " "))
        hits = [s for s in spots if s >= 0]
        if hits:
            found.append((min(hits), p))
    return [p for _, p in sorted(found, key=lambda x: x[0])]


def find_level(roadmap: Roadmap, path: LearningPath, text: str, by_name: bool = True) -> Level | None:
    """A level of ``path`` named in ``text`` ("level 2", "level two", "the foundation level", "expertise");
    ``by_name=False``: only by number ("level 2", "the second level")."""
    low = " ".join(_words(text))
    m = re.search(r"\blevel (\d+|one|two|three|four|five)\b", low)
    if m:
        n = int(m.group(1)) if m.group(1).isdigit() else _NUMBERS[m.group(1)]
        return next((lv for lv in path.levels if lv.number == n), None)
    m = re.search(r"\b(first|second|third|fourth|1st|2nd|3rd|4th|last|final) (?:level|stage)\b", low)
    if m:
        if m.group(1) in ("last", "final"):
            return path.levels[-1]
        return next((lv for lv in path.levels if lv.number == _NUMBERS[m.group(1)]), None)
    if not by_name:
        return None
    path_words = {w for ws in (_path_keys(roadmap)[p.title][0] for p in roadmap.paths) for w in ws}
    for lv in sorted(path.levels, key=lambda lv: -len(lv.name)):  # "advanced ml" before "advanced"
        name = " ".join(_words(lv.name))
        if re.search(rf"\b{re.escape(name)}s? (?:level|stage|phase)\b", low):
            return lv
        if not (set(name.split()) & (path_words | {"advanced", "intermediate", "basic"})) and re.search(
            rf"\b{re.escape(name)}s?\b", low
        ):
            return lv
    for lv in path.levels:  # "the advanced level" → "Advanced ML" on a path without an "Advanced" level
        first = _words(lv.name)[:1]
        if first and first[0] not in path_words and re.search(rf"\b{re.escape(first[0])} (?:level|stage|phase)\b", low):
            return lv
    return None


def _title_terms(roadmap: Roadmap, title: str) -> set[str]:
    path_terms = {stem(w) for ws in (_path_keys(roadmap)[p.title][0] for p in roadmap.paths) for w in ws}
    path_terms |= {"ml", "ai"}
    return content_terms(title) - _GENERIC_TITLE_TERMS - path_terms


def _ordered_topics(roadmap: Roadmap, prefer: LearningPath | None) -> list[Topic]:
    topics = roadmap.topics()
    if prefer is not None:  # the preferred path's topics win ties
        topics = sorted(topics, key=lambda t: t.path_name != prefer.title)
    return topics


def topic_by_title(roadmap: Roadmap, text: str, prefer: LearningPath | None = None) -> Topic | None:
    """The topic whose whole title ``text`` contains ("before event streaming" → Event Streaming)."""
    low = " " + " ".join(_words(text)) + " "
    return next((t for t in _ordered_topics(roadmap, prefer) if f" {' '.join(_words(t.title))} " in low), None)


def find_topic(roadmap: Roadmap, text: str, prefer: LearningPath | None = None) -> Topic | None:
    """The topic named in ``text`` (title phrase, most distinctive title words, or a subtopic in full)."""
    low = " " + " ".join(_words(text)) + " "
    said = content_terms(text)
    topics = _ordered_topics(roadmap, prefer)
    exact = topic_by_title(roadmap, text, prefer)
    if exact is not None:
        return exact
    best, best_score = None, 0.0
    for t in topics:
        terms = _title_terms(roadmap, t.title)
        if not terms:
            continue
        score = len(terms & said) / len(terms)
        if score > best_score:
            best, best_score = t, score
    if best is not None and best_score >= 1.0:
        return best
    # a subtopic in full ("played with the OpenAI API": Pre-trained Models) before half a title ("API")
    for t in topics:
        for s in t.subtopics:
            terms = content_terms(s.title)
            if terms and terms <= said and f" {' '.join(_words(s.title))} " in low:
                return t
    if best is not None and best_score >= 0.5:
        return best
    for t in topics:  # a resource named in full ("the spaCy course": NLP Integration)
        for r in t.resources:
            terms = content_terms(r.title)
            if len(terms) >= 2 and terms <= said:
                return t
    return None


def find_target(roadmap: Roadmap, text: str, default_path: LearningPath) -> Target | None:
    """The most specific thing ``text`` names: a level by number, a topic by its full title, a level by
    name, a topic by most of its words or a subtopic, else a role, else a path."""
    paths = mentioned_paths(roadmap, text)
    path = paths[0] if paths else default_path
    level = find_level(roadmap, path, text, by_name=False)
    if level is not None:
        return Target("level", path, level=level)
    topic = topic_by_title(roadmap, text, prefer=path)
    if topic is not None:
        return Target("topic", roadmap.path_of(topic), level=roadmap.level_of(topic), topic=topic)
    level = find_level(roadmap, path, text)
    if level is not None:
        return Target("level", path, level=level)
    if not paths:  # a level name only another path has ("the expertise level")
        for other in roadmap.paths:
            level = find_level(roadmap, other, text) if other is not path else None
            if level is not None:
                return Target("level", other, level=level)
    topic = find_topic(roadmap, text, prefer=path)
    if topic is not None:
        return Target("topic", roadmap.path_of(topic), level=roadmap.level_of(topic), topic=topic)
    if _ROLE_WORDS.search(text):
        role = roadmap.role_for(path)
        if role is not None:
            return Target("role", path, role=role)
    if paths:
        return Target("path", path)
    return None


def group_span(spans: list[Span], title: str) -> Span:
    """One span from the first to the last of ``spans`` (same heading trail as the first)."""
    first, last = spans[0], spans[-1]
    return Span(title, first.source, first.headings, first.start_line, last.end_line)
