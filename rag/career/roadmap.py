"""The roadmap as a structure: paths → levels → topics → subtopics/resources, plus milestones,
interview preparation per role, the resource library and the common prerequisites.

Sections are recognised by their *shape*, never by their names:

* a **path** is a section whose subsections are headed ``Level N: Name (duration)``;
* a **topic** is a numbered bold item (``1. **Name**``) in a level; its bullets are subtopics, and the
  bullets under a ``Resources:`` bullet are its resources;
* **milestones** live in a section whose heading mentions "milestone": one subsection per path, whose
  numbered bold items are stages;
* **interview preparation** is a section whose heading mentions "interview": one subsection per role,
  with a numbered bold item about technical topics and one about a (project) portfolio;
* the **resource library** is a section whose heading mentions "resource" and whose subsections are
  plain bullet lists (categories);
* the **prerequisites** are the numbered bold items of a section whose heading mentions "prerequisite".

Every node keeps the heading trail the index gives its chunk (``label`` = ``make_label(source,
headings)``) and its own 1-based inclusive line range, so a citation built from a node matches a
retrieved passage.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from rag.errors import ConfigError, InputError
from rag.ingest.loaders import DocLine, LoadError, load_document
from rag.schema import Citation, make_label
from rag.terms import content_terms

if TYPE_CHECKING:  # pragma: no cover
    from rag.settings import Settings

log = logging.getLogger(__name__)

__all__ = [
    "Span",
    "Item",
    "Topic",
    "Level",
    "LearningPath",
    "MilestoneStage",
    "PathMilestones",
    "Role",
    "LibraryCategory",
    "PrereqGroup",
    "Roadmap",
    "parse_roadmap",
    "load_roadmap",
    "slug",
]

_LEVEL = re.compile(r"^level\s+(\d+)\s*[:.\-–—]\s*(.+?)\s*(?:\(([^)]*)\))?\s*$", re.IGNORECASE)
_NUMBERED_BOLD = re.compile(r"^(\s*)(\d+)[.)]\s+\*\*(.+?)\*\*\s*:?\s*(.*)$")
_BULLET = re.compile(r"^(\s*)[-*+]\s+(.*\S)\s*$")
_RESOURCES_BULLET = re.compile(r"^(resources?|further reading|materials?)\s*:?\s*$", re.IGNORECASE)


def slug(text: str) -> str:
    """``"Vector Databases & Search"`` → ``"vector-databases-search"`` (stable keys for the profile store)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# --- the tree model ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Span:
    """A node's place in the document: its title, heading trail and line range."""

    title: str
    source: str
    headings: tuple[str, ...]
    start_line: int  # 1-based, inclusive
    end_line: int  # 1-based, inclusive

    @property
    def label(self) -> str:
        return make_label(self.source, self.headings)

    @property
    def lines(self) -> str:
        return f"{self.start_line}-{self.end_line}"

    def cite(self) -> str:
        """``label, lines a–b`` — how the CLI and UI show where something comes from."""
        return f"{self.label}, lines {self.start_line}–{self.end_line}"


@dataclass(frozen=True)
class Item(Span):
    """A leaf: a subtopic, resource, milestone, interview topic, portfolio item or library entry."""


@dataclass(frozen=True)
class Topic(Span):
    number: int
    path_name: str
    level_number: int
    subtopics: tuple[Item, ...]
    resources: tuple[Item, ...]

    @property
    def key(self) -> str:
        """Stable id used in the profile store: ``path-slug:topic-slug``."""
        return f"{slug(self.path_name)}:{slug(self.title)}"


@dataclass(frozen=True)
class Level(Span):
    number: int
    name: str
    duration: str  # e.g. "0-6 months" ("" when the heading gives none)
    path_name: str
    topics: tuple[Topic, ...]

    @property
    def display(self) -> str:
        return f"Level {self.number}: {self.name}"


@dataclass(frozen=True)
class LearningPath(Span):
    levels: tuple[Level, ...]

    @property
    def name(self) -> str:
        return self.title

    @property
    def key(self) -> str:
        return slug(self.title)

    def topics(self) -> list[Topic]:
        return [t for level in self.levels for t in level.topics]


@dataclass(frozen=True)
class MilestoneStage(Span):
    number: int
    items: tuple[Item, ...]


@dataclass(frozen=True)
class PathMilestones(Span):
    path_name: str | None  # the path this block belongs to (matched by heading words), if any
    stages: tuple[MilestoneStage, ...]


@dataclass(frozen=True)
class Role(Span):
    technical_topics: tuple[Item, ...]
    portfolio: tuple[Item, ...]
    path_name: str | None  # the path whose heading shares most words with the role

    @property
    def name(self) -> str:
        return self.title


@dataclass(frozen=True)
class LibraryCategory(Span):
    items: tuple[Item, ...]


@dataclass(frozen=True)
class PrereqGroup(Span):
    items: tuple[Item, ...]


@dataclass
class Roadmap:
    title: str
    source: str
    file: Path | None
    text_lines: list[str]
    paths: list[LearningPath]
    milestones: list[PathMilestones]
    roles: list[Role]
    library: list[LibraryCategory]
    prerequisites: list[PrereqGroup]
    _topic_index: dict[str, Topic] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._topic_index = {t.key: t for t in self.topics()}

    # --- lookups ---------------------------------------------------------------------------
    def topics(self, path: LearningPath | None = None) -> list[Topic]:
        paths = [path] if path else self.paths
        return [t for p in paths for t in p.topics()]

    def topic_by_key(self, key: str) -> Topic | None:
        return self._topic_index.get(key)

    def find_topic(self, name: str) -> Topic | None:
        """A topic by key or by (case-insensitive) title; ``None`` if absent."""
        if name in self._topic_index:
            return self._topic_index[name]
        wanted = slug(name)
        matches = [t for t in self.topics() if slug(t.title) == wanted]
        return matches[0] if matches else None

    def find_path(self, name: str) -> LearningPath | None:
        """A path by exact title, key, or the unique path whose title contains all the given words."""
        wanted = slug(name)
        for p in self.paths:
            if wanted in (p.key, slug(p.title)):
                return p
        words = set(wanted.split("-")) - {""}
        hits = [p for p in self.paths if words and words <= _expanded_words(p.title)]
        return hits[0] if len(hits) == 1 else None

    def find_role(self, name: str) -> Role | None:
        wanted = slug(name)
        for r in self.roles:
            if slug(r.name) == wanted:
                return r
        words = set(wanted.split("-")) - {""}
        hits = [r for r in self.roles if words and words <= _expanded_words(r.name)]
        return hits[0] if len(hits) == 1 else None

    def find_level(self, path: LearningPath, name: str) -> Level | None:
        """A level of ``path`` by number ("2"), "Level 2", or its name ("Integration")."""
        wanted = slug(name)
        for level in path.levels:
            if wanted in (str(level.number), f"level-{level.number}", slug(level.name), slug(level.title)):
                return level
        return None

    def level_of(self, topic: Topic) -> Level:
        path = self.path_of(topic)
        return next(lv for lv in path.levels if lv.number == topic.level_number)

    def path_of(self, topic: Topic) -> LearningPath:
        return next(p for p in self.paths if p.title == topic.path_name)

    def milestones_for(self, path: LearningPath) -> PathMilestones | None:
        return next((m for m in self.milestones if m.path_name == path.title), None)

    def role_for(self, path: LearningPath) -> Role | None:
        return next((r for r in self.roles if r.path_name == path.title), None)

    # --- passages and citations ------------------------------------------------------------
    def passage(self, span: Span) -> str:
        """The document text of the node's line range."""
        return "\n".join(self.text_lines[span.start_line - 1 : span.end_line]).strip("\n")

    def citation(self, span: Span, n: int) -> Citation:
        return Citation(
            n=n,
            source=span.source,
            headings=list(span.headings),
            label=span.label,
            start_line=span.start_line,
            end_line=span.end_line,
            text=self.passage(span),
        )

    def counts(self) -> dict[str, int]:
        topics = self.topics()
        return {
            "paths": len(self.paths),
            "levels": sum(len(p.levels) for p in self.paths),
            "topics": len(topics),
            "subtopics": sum(len(t.subtopics) for t in topics),
            "resources": sum(len(t.resources) for t in topics),
            "milestones": sum(len(s.items) for m in self.milestones for s in m.stages),
            "roles": len(self.roles),
            "interview_topics": sum(len(r.technical_topics) for r in self.roles),
            "portfolio_items": sum(len(r.portfolio) for r in self.roles),
            "library_categories": len(self.library),
            "library_items": sum(len(c.items) for c in self.library),
            "prerequisite_groups": len(self.prerequisites),
        }


# --- word helpers shared by the career modules -------------------------------------------------
def _expanded_words(title: str) -> set[str]:
    """Slug words of a title plus their initials-expansions ('ml' for 'machine learning')."""
    words = [w for w in slug(title).split("-") if w]
    out = set(words) | content_terms(title)
    for i in range(len(words) - 1):
        out.add(words[i][0] + words[i + 1][0])
    return out


def best_match(title: str, candidates: list[str]) -> str | None:
    """The candidate sharing most stemmed words with ``title`` (ties: first); None without overlap."""
    want = content_terms(title)
    best, best_score = None, 0
    for cand in candidates:
        score = len(want & content_terms(cand))
        if score > best_score:
            best, best_score = cand, score
    return best


# --- Markdown parsing ------------------------------------------------------------------------
@dataclass
class _Section:
    depth: int
    title: str
    headings: tuple[str, ...]
    start: int  # heading line
    end: int  # last line before the next heading of the same or a higher level
    body_end: int  # last line before the first subsection
    children: list[_Section] = field(default_factory=list)


@dataclass
class _NumberedItem:
    number: int
    title: str
    start: int
    end: int
    bullets: list[tuple[int, int, str]]  # (line, indent, text)


def _sections(doc_lines: list[DocLine], n_lines: int) -> list[_Section]:
    """Every heading as a section (flat list in document order, children linked).

    Heading trails follow the chunker's rule (``rag.ingest.chunking.split_sections``): a single
    level-1 heading that comes first is the document title and is left out of the trail.
    """
    heads = [(d.no, d.level, d.text) for d in doc_lines if d.level]
    h1 = [h for h in heads if h[1] == 1]
    title_line = h1[0][0] if len(h1) == 1 and heads and heads[0] is h1[0] else None
    out: list[_Section] = []
    stack: list[_Section] = []
    for i, (no, depth, title) in enumerate(heads):
        end = n_lines
        for later_no, later_depth, _ in heads[i + 1 :]:
            if later_depth <= depth:
                end = later_no - 1
                break
        body_end = heads[i + 1][0] - 1 if i + 1 < len(heads) else n_lines
        while stack and stack[-1].depth >= depth:
            stack.pop()
        trail = tuple(s.title for s in stack if s.start != title_line)
        if no != title_line:
            trail = (*trail, title)
        sec = _Section(depth, title, trail, no, end, min(body_end, end))
        if stack:
            stack[-1].children.append(sec)
        stack.append(sec)
        out.append(sec)
    return out


def _numbered_items(lines: list[str], start: int, end: int) -> list[_NumberedItem]:
    """Numbered bold items (``1. **Name**``) between lines start..end with their bullets."""
    items: list[_NumberedItem] = []
    for no in range(start, end + 1):
        line = lines[no - 1]
        m = _NUMBERED_BOLD.match(line)
        if m:
            if items:
                items[-1].end = no - 1
            items.append(_NumberedItem(int(m.group(2)), m.group(3).strip().rstrip(":"), no, end, []))
            continue
        b = _BULLET.match(line)
        if b and items:
            items[-1].bullets.append((no, len(b.group(1).expandtabs(4)), b.group(2).strip()))
    return items


def _plain_bullets(lines: list[str], start: int, end: int) -> list[tuple[int, str]]:
    out = []
    for no in range(start, end + 1):
        b = _BULLET.match(lines[no - 1])
        if b:
            out.append((no, b.group(2).strip()))
    return out


def _clean(text: str) -> str:
    return text.strip().strip("*").strip()


class _Builder:
    def __init__(self, lines: list[str], source: str):
        self.lines = lines
        self.source = source

    def item(self, title: str, headings: tuple[str, ...], line: int) -> Item:
        return Item(_clean(title), self.source, headings, line, line)

    def split_bullets(self, it: _NumberedItem, headings: tuple[str, ...]) -> tuple[list[Item], list[Item]]:
        """Bullets of a numbered item → (subtopics, resources under a 'Resources:' bullet)."""
        subs: list[Item] = []
        res: list[Item] = []
        res_indent: int | None = None
        for no, indent, text in it.bullets:
            if res_indent is not None and indent > res_indent:
                res.append(self.item(text, headings, no))
                continue
            res_indent = None
            if _RESOURCES_BULLET.match(text):
                res_indent = indent
                continue
            subs.append(self.item(text, headings, no))
        return subs, res

    def level(self, sec: _Section, m: re.Match[str], path_name: str) -> Level:
        topics = []
        for it in _numbered_items(self.lines, sec.start + 1, sec.end):
            subs, res = self.split_bullets(it, sec.headings)
            topics.append(
                Topic(
                    _clean(it.title), self.source, sec.headings, it.start, it.end,
                    it.number, path_name, int(m.group(1)), tuple(subs), tuple(res),
                )
            )
        return Level(
            sec.title, self.source, sec.headings, sec.start, sec.end,
            int(m.group(1)), m.group(2).strip(), (m.group(3) or "").strip(), path_name, tuple(topics),
        )

    def path(self, sec: _Section) -> LearningPath | None:
        levels = []
        for child in sec.children:
            m = _LEVEL.match(child.title)
            if m:
                levels.append(self.level(child, m, sec.title))
        if not levels:
            return None
        return LearningPath(sec.title, self.source, sec.headings, sec.start, sec.end, tuple(levels))

    def staged(self, sec: _Section) -> list[MilestoneStage]:
        stages = []
        for it in _numbered_items(self.lines, sec.start + 1, sec.end):
            items = tuple(self.item(t, sec.headings, no) for no, _, t in it.bullets)
            stages.append(MilestoneStage(_clean(it.title), self.source, sec.headings, it.start, it.end, it.number, items))
        return stages

    def role(self, sec: _Section, path_titles: list[str]) -> Role | None:
        tech: list[Item] = []
        port: list[Item] = []
        for it in _numbered_items(self.lines, sec.start + 1, sec.end):
            items = [self.item(t, sec.headings, no) for no, _, t in it.bullets]
            low = it.title.lower()
            if re.search(r"portfolio|project", low):
                port.extend(items)
            elif re.search(r"technical|topic|question|skill|concept", low):
                tech.extend(items)
        if not tech:
            return None
        return Role(
            sec.title, self.source, sec.headings, sec.start, sec.end,
            tuple(tech), tuple(port), best_match(sec.title, path_titles),
        )


def _build(doc_lines: list[DocLine], lines: list[str], source: str, file: Path) -> Roadmap:
    """The tree of a loaded Markdown document; raise InputError naming every missing part."""
    sections = _sections(doc_lines, len(lines))
    b = _Builder(lines, source)
    doc_title = next((s.title for s in sections if s.depth == 1), file.stem)

    paths = [p for s in sections if (p := b.path(s))]
    path_titles = [p.title for p in paths]
    path_starts = {p.start_line for p in paths}

    milestones: list[PathMilestones] = []
    roles: list[Role] = []
    library: list[LibraryCategory] = []
    prereqs: list[PrereqGroup] = []
    for sec in sections:
        if sec.start in path_starts or _LEVEL.match(sec.title):
            continue
        low = sec.title.lower()
        if "milestone" in low and sec.children:
            for child in sec.children:
                stages = b.staged(child)
                if stages:
                    milestones.append(
                        PathMilestones(
                            child.title, source, child.headings, child.start, child.end,
                            best_match(child.title, path_titles), tuple(stages),
                        )
                    )
        elif "interview" in low and sec.children:
            roles.extend(r for child in sec.children if (r := b.role(child, path_titles)))
        elif "resource" in low and sec.children:
            for child in sec.children:
                bullets = _plain_bullets(lines, child.start + 1, child.end)
                if bullets and not _numbered_items(lines, child.start + 1, child.end):
                    items = tuple(b.item(t, child.headings, no) for no, t in bullets)
                    library.append(LibraryCategory(child.title, source, child.headings, child.start, child.end, items))
        elif "prerequisite" in low and not prereqs:
            for it in _numbered_items(lines, sec.start + 1, sec.body_end):
                items = tuple(b.item(t, sec.headings, no) for no, _, t in it.bullets)
                prereqs.append(PrereqGroup(_clean(it.title), source, sec.headings, it.start, it.end, items))

    missing = []
    if not paths:
        missing.append("learning paths (a section whose subsections are headed 'Level N: Name (X-Y months)')")
    for p in paths:
        for lv in p.levels:
            if not lv.topics:
                missing.append(f"topics in '{p.title} › {lv.title}' (numbered bold items like '1. **Topic**')")
    if not milestones:
        missing.append("milestones (a 'Milestones' section with one subsection per path of numbered stages)")
    if not roles:
        missing.append("interview preparation (an 'Interview' section with per-role 'Technical Topics')")
    if not library:
        missing.append("a resource library (a 'Resource' section whose subsections are bullet lists)")
    if not prereqs:
        missing.append("prerequisites (a 'Prerequisites' section of numbered bold groups)")
    if missing:
        raise InputError(
            f"{file} does not have the shape of a learning roadmap; missing: " + "; ".join(missing)
            + ". Fix the document (see docs/career.md for the expected shape) or point RAG_CORPUS at one that has it."
        )
    roadmap = Roadmap(doc_title, source, file, lines, paths, milestones, roles, library, prereqs)
    log.debug("parsed roadmap %s: %s", source, roadmap.counts())
    return roadmap


def parse_roadmap(path: Path | str, source: str | None = None) -> Roadmap:
    """Parse a roadmap file. ``source`` is the name the index gives the document (default: file name)."""
    file = Path(path)
    if not file.is_file():
        raise ConfigError(f"Roadmap file {file} does not exist. Point RAG_CORPUS at a roadmap Markdown file.")
    stat = file.stat()
    return _parse_cached(str(file.resolve()), source or file.name, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=16)
def _parse_cached(path: str, source: str, _mtime: int, _size: int) -> Roadmap:
    file = Path(path)
    try:
        doc = load_document(file)
    except LoadError as err:
        raise InputError(f"Cannot read the roadmap {file}: {err}. Point RAG_CORPUS at a Markdown roadmap.") from err
    if doc.kind not in ("markdown", "text"):
        raise InputError(f"{file} is {doc.kind}; the career features need a Markdown roadmap (see docs/career.md).")
    lines = file.read_text(encoding="utf-8").splitlines()
    return _build(list(doc.lines), lines, source, file)


def load_roadmap(settings: Settings) -> Roadmap:
    """The roadmap the career features use: ``settings.corpus`` if it is a file; for a folder, the first
    Markdown file (sorted) that has the roadmap shape. ``source`` matches what the index records
    (the file name, or the path relative to the folder)."""
    corpus = Path(settings.corpus)
    if corpus.is_file():
        return parse_roadmap(corpus)
    if corpus.is_dir():
        problems = []
        for file in sorted(corpus.rglob("*.md")):
            rel = file.relative_to(corpus)
            if any(part.startswith(".") for part in rel.parts):
                continue
            try:
                return parse_roadmap(file, source=rel.as_posix())
            except InputError as err:
                problems.append(str(err))
        raise InputError(
            f"No Markdown file in {corpus} has the shape of a learning roadmap"
            + (f" ({problems[0]})" if problems else "")
            + ". Add one (see docs/career.md) or point RAG_CORPUS at a roadmap file."
        )
    raise ConfigError(f"RAG_CORPUS={corpus} does not exist. Point it at a roadmap Markdown file or folder.")
