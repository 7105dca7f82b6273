"""Which path fits me: scored by *meaning* with the embedding model against the roadmap's structure.

The guided conversation's options come from the roadmap itself (first-level topics, portfolio items,
advanced milestones, last-level topics), so another roadmap of the same shape gets its own options.

Scoring (see docs/career.md, "Which path fits me"):

* every path is described by **units** taken from the tree: each topic (title + subtopics), each
  subtopic and resource (with its topic's name), each milestone, the role's interview topics and
  portfolio items. Their vectors are computed once per roadmap text and embedding model (cached);
* what the person says is split into **statements** (sentences and clauses; a lettered choice becomes
  its option's text). A statement that says what the person does *not* want ("maths was never my
  thing", "rather than glue services together") counts against the paths it matches;
* a statement's fit with a path is the mean of its ``TOP_M`` best cosine similarities with that path's
  units; a path's score is the (signed) mean of that fit over the statements. The best path wins; when
  its lead over the next one is below ``CLOSE_MARGIN`` the advice says it is a close call;
* the reasons are the units that matched the person's statements best, citing their passages.

The embedder is passed in (anything with ``name``, ``embed_documents`` and ``embed_query``, or a
zero-argument factory returning one): this module never loads a model.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import zip_longest
from typing import Any, Protocol, runtime_checkable

import numpy as np

from rag.career.roadmap import LearningPath, Roadmap, Span
from rag.terms import content_terms, expand_query

log = logging.getLogger(__name__)

__all__ = [
    "TextEmbedder",
    "EmbedderSource",
    "PathQuestion",
    "Reason",
    "PlanItem",
    "PathAdvice",
    "Statement",
    "Unit",
    "questions",
    "resolve_answer",
    "split_statements",
    "path_units",
    "recommend_path",
    "first_month_plan",
]

LETTERS = "ABCDEFGHIJKLMNOP"
TOP_M = 3  # a statement's fit with a path: the mean of its TOP_M best unit similarities
CLOSE_MARGIN = 0.015  # a lead smaller than this (in mean cosine) is "a close call"
MIN_RELEVANCE = 0.2  # a statement whose best unit similarity is below this says nothing about the paths
NEGATIVE_WEIGHT = 0.5  # what the person does not want counts half: its match is by topic, not by sentiment


@runtime_checkable
class TextEmbedder(Protocol):
    """What path fit needs from an embedding model (``rag.embeddings.Embedder`` is one)."""

    name: str

    def embed_documents(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


EmbedderSource = TextEmbedder | Callable[[], TextEmbedder]


def resolve_embedder(source: EmbedderSource) -> TextEmbedder:
    """An embedder, or the result of calling a factory (so the model loads only when needed)."""
    if isinstance(source, TextEmbedder):
        return source
    return source()


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
    said: str = ""  # the person's statement this reason answers
    matched: str = ""  # the roadmap unit it matched (e.g. "Advanced Mathematics: Linear algebra, ...")
    similarity: float = 0.0


@dataclass(frozen=True)
class PlanItem:
    when: str  # "Week 1" ...
    title: str
    details: tuple[str, ...]  # subtopics / items
    resources: tuple[str, ...]
    source: Span


@dataclass(frozen=True)
class Statement:
    text: str
    sign: int = 1  # -1: something the person does not want
    weight: float = 1.0  # how strongly: 2 for what excites them, 0.5 for what they only tolerate


@dataclass(frozen=True)
class Unit:
    """One piece of a path's description, embedded for matching."""

    path: str  # path title
    kind: str  # topic | subtopic | resource | milestone | interview | portfolio
    text: str  # what is embedded
    title: str  # what a reason shows
    source: Span  # what a reason cites
    short: str = ""  # how a sentence names it: "Advanced Mathematics", "the Custom models project"


@dataclass(frozen=True)
class StatementFit:
    statement: Statement
    fits: dict[str, float]  # path title -> mean of the top-m similarities
    best_units: dict[str, tuple[tuple[int, float], ...]]  # path title -> ((unit index, similarity), ...)


@dataclass(frozen=True)
class PathAdvice:
    path: LearningPath
    scores: dict[str, float]  # path title -> score (signed mean fit; higher fits better)
    reasons: tuple[Reason, ...]
    plan: tuple[PlanItem, ...]
    note: str  # e.g. "close call" or "no answer matched"
    runner_up: LearningPath | None = None
    margin: float = 0.0  # score of the path minus the runner-up's
    statements: tuple[StatementFit, ...] = ()
    contrast: tuple[Unit, ...] = ()  # the runner-up's units closest to what was said (what would change it)

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path.title,
            "scores": {k: round(v, 4) for k, v in self.scores.items()},
            "margin": round(self.margin, 4),
            "note": self.note,
            "reasons": [{"text": r.text, "said": r.said, "matched": r.matched, "similarity": round(r.similarity, 3),
                         "citation": r.source.cite()} for r in self.reasons],
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


# --- what the person says --------------------------------------------------------------------
_SENTENCES = re.compile(r"(?<=[.!?;])\s+|\s*;\s*|\n+|\s*[\U0001F300-\U0001FAFF\u2600-\u27BF]+\s*")  # (an emoji ends one too)
# clause boundaries: ", but", "but", ", and I ...", ", so", ", while", " - "
_CLAUSES = re.compile(
    r"\s*,?\s+\bbut\b\s+|\s*,\s*(?:and\s+|so\s+|while\s+|because\s+)?(?=(?:i|i'm|im|i've|ive|i'd|id|my|me)\b)"
    r"|\s+\band\s+(?=(?:i|i'm|im|i've|ive|i'd|id|my)\b)|\s+[-–—]\s+"
    # "loves shipping features and hates calculus", "likes shipping ui fast, hates calculus": two statements
    r"|(?:\s+\band|\s*,(?:\s+and)?)\s+(?=(?:hates?|loves?|likes?|enjoys?|dislikes?|can'?t\s+stand|prefers?|avoids?)\b)"
    # "i like shipping apis …, math honestly isnt my thing": a new subject and its verdict
    r"|\s*,\s*(?=[\w/-]+(?:\s+[\w/-]+)?\s+(?:honestly\s+|really\s+|just\s+|tbh\s+|kinda\s+|totally\s+)?"
    r"(?:is|isnt|isn't|are|arent|aren't|was|wasnt|wasn't|scares?|bores?|kills?|bugs?|excites?|drains?)\b)",
    re.IGNORECASE,
)
# "X rather than Y", "X instead of Y", "X, not (just) Y", "I'd rather X than Y", "more X than Y",
# "I prefer X over Y": Y is what the person does not want
_CONTRAST = re.compile(
    r"\s*,?\s*\b(?:rather\s+than|instead\s+of|as\s+opposed\s+to)\b\s+|\s*,\s*(?:but\s+)?not\s+(?:just\s+|only\s+|merely\s+)?",
    re.IGNORECASE,
)
_THAN = re.compile(r"\s*,?\s*\b(?:than|over)\b\s+", re.IGNORECASE)  # only after a comparative (below)
_COMPARATIVE = re.compile(r"\b(?:rather|prefer|sooner|more|better)\b", re.IGNORECASE)
_NEGATION = re.compile(
    r"\b(?:not|never|no|nor|don't|dont|do not|doesn't|didn't|isn't|wasn't|aren't|won't|can't|cannot|hate|hates|hated"
    r"|dislike|disliked|avoid|bored|boring|bores|tired of|not into|less into|puts? me to sleep|can'?t stand|not a fan"
    r"|not (?:really )?my thing|meh|glaze[sd]? over|makes? me (?:yawn|cringe|zone out)|scares? me|(?:i'?m|i am) (?:bad|terrible|awful) at"
    r"|lost\s+me|(?:went\s+)?over\s+my\s+head|dull|mind-?numbing|soul-?crushing|i struggle with|(?:is|are) a drag|drains? me|zone out|makes? me (?:sweat|nervous|anxious)|kills? me|burn(?:t|ed) out|sick of|(?:feels?|felt) like cheating|cheating|sweat|dread\w*|terrif\w*|intimidat\w*|cant|havent|didnt|isnt|wasnt|bugs? me|annoys? me|frustrat\w*|(?:i'?m|im|i\s+am)\s+(?:so\s+|kinda\s+|pretty\s+much\s+)?(?:done|over)\s+with|miserable|worst|painful|torture|nightmare|awful|zero|(?:a\s+)?chore|(?:a\s+)?slog|tedious|(?:little|no)\s+interest|uninterested|not\s+interested"
    # "my math basically stopped in high school", "my math is weak/rusty"
    # "math makes me want to cry", "stats makes me wanna scream"
    r"|makes?\s+me\s+(?:want\s+to\s+|wanna\s+)?(?:cry|scream|quit|puke|panic|sick|despair|run)|want\s+to\s+cry"
    r"|stopped\s+(?:in|at|after)|(?:is|are|'s)\s+(?:pretty\s+|really\s+|super\s+|kinda\s+)?(?:weak|rusty|shaky|bad|poor)"
    r"|(?:scared|afraid|frightened|nervous|anxious)\s+(?:of|about|by))\b|n't\b",  # "kinda scared of math"
    re.IGNORECASE,
)
_UNBOTHERED = re.compile(
    r"\b(?:doesn'?t|dont|don'?t|does\s+not|do\s+not|never|won'?t)\s+(?:really\s+)?(?:scare|bother|bore|intimidate|worry|faze|put\s+off)s?\s+me\b"
    r"|\bnot\s+(?:scared|afraid|intimidated|worried)\s+(?:of|by)\b",
    re.IGNORECASE,
)
# a negation that states a want, not a dislike: "i really dont care how the ai works inside" (use it as it is),
# "i just want it running and not falling over", "reuse answers so we dont pay for the same line twice" (a purpose)
_NEGATED_WANT = re.compile(
    r"\b(?:don'?t|dont|do\s+not)\s+(?:really\s+)?care\s+(?:about\s+)?how\s+(?:the\s+)?(?:ai|it|models?|llms?|they|that)\s+works?\b"
    r"(?:\s+(?:inside|internally|under\s+the\s+hood))?"
    r"|\b(?:not|never|without)\s+(?:falling\s+over|going\s+down|crashing)\b"
    r"|\bso\s+(?:that\s+)?(?:we|i|it|they|you)\s+(?:don'?t|dont|do\s+not|won'?t|never)\b.*$",
    re.IGNORECASE,
)
# "search them by meaning not by exact words": the "not by …" side is what is not wanted, up to the next comma
_QA_JOB = re.compile(r"\bQA\s+(?:tester|engineer|analyst|lead)\b", re.IGNORECASE)
# "Personal trainer here … knows my training programs": a fitness coach's training, not a model's
_FITNESS_TRAINING = re.compile(r"\b(?:personal|fitness|gym|sports?|athletic|strength)\s+(?:trainer|training)\b"
                               r"|\btraining\s+(?:programs?|programmes?|plans?|sessions?|clients?|routines?|schedules?)\b", re.IGNORECASE)
_NOT_BY = re.compile(r"\s+not\s+(?=(?:by|via|through|using)\s)", re.IGNORECASE)
_KEEN = re.compile(
    r"\b(?:gets?\s+me\s+(?:really\s+)?excited|excites?\s+me|(?:really|actually|truly)\s+(?:want|love|enjoy)|my\s+dream"
    r"|what\s+i\s+(?:really\s+|actually\s+|truly\s+)?(?:want|love|enjoy)\b|what\s+i'?d\s+(?:really\s+|actually\s+)?(?:like|love)\b|happiest|most\s+(?:fun|fulfilling|satisfying)"
    r"|keeps?\s+me\s+up\s+at\s+night|fascinat\w*|the\s+part\s+i\s+(?:love|enjoy|like)"
    r"|passion(?:ate)?|obsessed|can'?t\s+get\s+enough|favou?rite\s+(?:part|thing)"
    r"|(?:i'?d|i\s+would)\s+(?:way\s+|much\s+|far\s+|really\s+)?rather)\b",  # "I'd way rather train my own models than …"
    re.IGNORECASE,
)
_TOLERATED = re.compile(
    _UNBOTHERED.pattern + r"|\b(?:don'?t|do\s+not)\s+mind\b|\b(?:is|are)\s+(?:fine|ok|okay)\b"
    r"|\b(?:just|only)\s+(?:my\s+)?(?:day\s+job|a\s+job|what\s+pays)\b|\b(?:ok|okay|fine)\s+with\b"
    r"|\b(?:the\s+)?easy\s+(?:move|option|choice|way|path|route)\b",  # "the api-heavy route would be the easy move"
    re.IGNORECASE,
)
_MIN_WORDS = 1
# "building backend services for other people's models? hard pass.": a verdict on the statement before it
# ("math is fine but not my passion": the clause after "but" is a verdict on the one before)
_VERDICT_NO = re.compile(
    r"^(?:(?:a\s+)?hard\s+pass|pass|nope|no\s+thanks?|no\s+way|not\s+for\s+me|hell\s+no|nah|ugh|yuck|never"
    r"|(?:it'?s\s+|that'?s\s+)?not\s+(?:really\s+)?(?:my\s+(?:passion|thing|favou?rite(?:\s+thing)?|jam|cup\s+of\s+tea|calling)"
    r"|something\s+i\s+(?:love|enjoy))"
    # "calculus? lol no thank you", "never again", "… and i hated every minute of it", "i couldnt care less about that bit"
    r"|(?:(?:lol|lmao|haha|ha|ugh)\s+)?no\s+thank\s*(?:s|you)|never\s+again|(?:and\s+)?i\s+(?:hated|hate|loathed|disliked|detested)"
    r"\s+(?:every\s+(?:minute|second|bit)\s+of\s+)?(?:it|that|them)|i\s+couldn'?t\s+care\s+less(?:\s+about\s+(?:that|it|this)(?:\s+(?:bit|part|side))?)?"
    r"|(?:zero|no)\s+fun|i\s+was\s+(?:so\s+)?bored|(?:i\s+)?got\s+bored|boring)$",
    re.I,
)
_VERDICT_YES = re.compile(r"^(?:love\s+(?:it|that)|yes\s+please|count\s+me\s+in|sign\s+me\s+up|that'?s\s+me|same"
                          r"|(?:and\s+)?(?:i\s+)?loved\s+(?:every\s+(?:minute|second|bit)(?:\s+of\s+it)?|it))$", re.I)
# "ive used the openai api a couple times to write emails, whatever, it was fine": tolerated, counts half;
# "… kept adjusting it till it stopped overfitting. i want more of THAT": wanted, counts double
_VERDICT_MEH = re.compile(r"^(?:whatever|meh|it\s+was\s+(?:fine|ok|okay|alright)|(?:it'?s|that'?s)\s+(?:fine|ok|okay))$", re.I)
_VERDICT_MORE = re.compile(r"^(?:i\s+(?:want|need|wanna)\s+(?:way\s+|much\s+)?more\s+of\s+(?:that|this|it)|more\s+of\s+that\s+please)$", re.I)
# "trained a tiny classifier on my guitar samples, it was tedious, …": a clause judging the one before it
_JUDGES_BEFORE = re.compile(r"^(?:and\s+)?(?:it|that|this|which)\s+(?:was|is|felt|feels|got|gets)\b", re.I)


def split_statements(text: str, drop: Callable[[str], bool] | None = None) -> list[Statement]:
    """Sentences and clauses of ``text``, each with a sign (-1 for what the person does not want).

    ``drop(clause)`` removes clauses that are not about the person (e.g. the question "which path fits me?").
    """
    out: list[Statement] = []
    for sentence in _SENTENCES.split(text or ""):
        sentence = sentence.strip(" \t.,!?;:")
        if not sentence:
            continue
        first = len(out)
        for clause in _CLAUSES.split(sentence):
            clause = clause.strip(" \t.,!?;:")
            if not clause or (drop is not None and drop(clause)):
                continue
            verdict = _VERDICT_NO.match(clause) or _VERDICT_YES.match(clause)
            if verdict:  # a verdict, not a statement: it sets the sign of the one before
                if out:
                    out[-1] = Statement(out[-1].text, -1 if verdict.re is _VERDICT_NO else 1, out[-1].weight)
                continue
            if (weighed := _VERDICT_MEH.match(clause) or _VERDICT_MORE.match(clause)) is not None:
                if out:  # (how much the one before counts: "whatever, it was fine" half, "i want more of THAT" double)
                    out[-1] = Statement(out[-1].text, out[-1].sign, 0.5 if weighed.re is _VERDICT_MEH else 2.0)
                continue
            parts = _CONTRAST.split(clause, maxsplit=1)
            if len(parts) == 1:
                parts = _NOT_BY.split(clause, maxsplit=1)
            if len(parts) == 1 and _COMPARATIVE.search(clause):
                parts = _THAN.split(clause, maxsplit=1)
            if len(parts) == 2 and "," in parts[1]:  # ("… not by exact words, using whatever models already exist")
                parts = [parts[0], *parts[1].split(",", 1)]
            for i, part in enumerate(parts):
                part = part.strip(" \t.,!?;:")
                if len(content_terms(part)) < _MIN_WORDS:
                    continue
                if i == 1:  # the "than / instead of / not" side
                    sign = -1
                else:  # ("heavy math doesnt scare me": a negated dislike is no dislike)
                    # (not an aside: "playing with hugging face models (didnt train anything, just downloaded them)")
                    said = _NEGATED_WANT.sub(" ", _UNBOTHERED.sub(" ", re.sub(r"\([^()]*\)", " ", part)))
                    sign = -1 if _NEGATION.search(said) else 1
                    if sign < 0 and i == 0 and out and len(out) > first and _JUDGES_BEFORE.match(part):
                        out[-1] = Statement(out[-1].text, -1, out[-1].weight)  # (the clause before is what was tedious)
                # "what actually gets me excited is backprop" outweighs "deploying stuff doesn't scare me"
                strength = 0.5 if _TOLERATED.search(part) else 2.0 if sign > 0 and _KEEN.search(part) else 1.0
                out.append(Statement(part, sign, strength))
        # "I'm comfortable with REST and deploying stuff, but what gets me excited is …": before the "but", background
        keen = next((k for k in range(first + 1, len(out)) if out[k].weight == 2.0), None)
        if keen is not None and re.search(r"\bbut\b", sentence, re.I):
            out[first:keen] = [Statement(st.text, st.sign, 0.5) if st.sign > 0 and st.weight == 1.0 else st
                               for st in out[first:keen]]
    # "been a backend web dev for 5 yrs, mostly rest apis … i want to design my own neural net architectures":
    # where the person says what they want, what they have been doing is background, and counts half
    if any(st.sign > 0 and _WISH.search(st.text) for st in out):
        out = [Statement(st.text, st.sign, 0.5) if st.sign > 0 and st.weight == 1.0 and _BACKGROUND.search(st.text)
               and not _WISH.search(st.text) else st for st in out]
    return out


_WISH = re.compile(r"\b(?:i\s+(?:really\s+|just\s+)?(?:want|wanna|would\s+like|'d\s+like|hope)|i'd\s+(?:like|love)|what\s+i\s+(?:\w+\s+)?want"
                   r"|(?:i'?d|i\s+would)\s+(?:\w+\s+)?rather|my\s+dream|gets?\s+me\s+excited|excites?\s+me)\b", re.I)
_BACKGROUND = re.compile(
    r"^\s*(?:i'?ve\s+)?been\s+(?:a|an|doing|working)\b|\bfor\s+(?:\d+|a\s+few|several|many)\s+(?:yrs?|years?)\b"
    r"|\bmy\s+(?:day\s+)?job\b|\bi\s+work\b|\bat\s+work\b"  # ("I work data entry at an insurance company")
    r"|^\s*(?:i'?m|im|i\s+am)\s+(?:a|an)\s+[\w-]+(?:\s+[\w-]+)?\s*$",  # a bare role, "I'm a researcher": who, not what they want
    re.I,
)


# --- what each path is made of -----------------------------------------------------------------
def _group_span(roadmap: Roadmap, items: Sequence[Span], title: str) -> Span:
    """One span covering a run of items plus the bold line that heads them (e.g. "1. **Technical Topics**"),
    titled like that line."""
    first, last = items[0], items[-1]
    start = max(1, first.start_line - 1)
    bold = re.search(r"\*\*(.+?)\*\*", roadmap.text_lines[start - 1]) if start <= len(roadmap.text_lines) else None
    return Span(bold.group(1).strip() if bold else title, first.source, first.headings, start, last.end_line)


def path_units(roadmap: Roadmap) -> dict[str, list[Unit]]:
    """The units that describe each path: its topics, their subtopics and resources, its milestones,
    and its role's interview topics and portfolio (the common prerequisites belong to no path)."""
    units: dict[str, list[Unit]] = {}
    for path in roadmap.paths:
        us: list[Unit] = []
        for level in path.levels:
            for t in level.topics:
                subs = ", ".join(s.title for s in t.subtopics)
                us.append(Unit(path.title, "topic", f"{t.title}: {subs}" if subs else t.title, t.title, t, t.title))
                for s in t.subtopics:
                    us.append(Unit(path.title, "subtopic", f"{s.title} ({t.title})", f"{t.title} ({s.title})", t,
                                   f"{t.title} ({s.title})"))
                for r in t.resources:
                    us.append(Unit(path.title, "resource", f"{r.title} ({t.title})", f"{t.title} (resource: {r.title})", t,
                                   f"{t.title} ({r.title})"))
        ms = roadmap.milestones_for(path)
        for stage in ms.stages if ms else ():
            for item in stage.items:
                us.append(Unit(path.title, "milestone", item.title, f"{stage.title}: {item.title}", stage,
                               f"“{item.title}” milestone"))
        role = roadmap.role_for(path)
        if role:
            if role.technical_topics:
                span = _group_span(roadmap, role.technical_topics, f"{role.name}: technical topics")
                us.append(Unit(path.title, "interview", role.name, f"the {role.name} role", span, f"{role.name} role"))
                for item in role.technical_topics:
                    us.append(Unit(path.title, "interview", item.title, f"{role.name} interview topic: {item.title}", span,
                                   f"{item.title} interview topic"))
            if role.portfolio:
                span = _group_span(roadmap, role.portfolio, f"{role.name}: project portfolio")
                for item in role.portfolio:
                    us.append(Unit(path.title, "portfolio", item.title, f"{role.name} portfolio project: {item.title}", span,
                                   f"{item.title} portfolio project"))
        units[path.title] = us
    return units


_CACHE: dict[tuple[str, str, int], dict[str, np.ndarray]] = {}
_CACHE_LOCK = threading.Lock()
_CACHE_SIZE = 8


def _unit_vectors(roadmap: Roadmap, units: Mapping[str, list[Unit]], embedder: TextEmbedder) -> dict[str, np.ndarray]:
    """Unit vectors per path, computed once per (roadmap text, model) and cached."""
    digest = hashlib.sha1("\n".join(roadmap.text_lines).encode("utf-8")).hexdigest()
    dim = int(getattr(embedder, "dim", 0) or 0)
    key = (f"{roadmap.source}:{digest}", str(getattr(embedder, "name", type(embedder).__name__)), dim)
    with _CACHE_LOCK:
        found = _CACHE.get(key)
        if found is not None:
            return found
        texts = [u.text for us in units.values() for u in us]
        vectors = np.asarray(embedder.embed_documents(texts), dtype=np.float32)
        out: dict[str, np.ndarray] = {}
        i = 0
        for title, us in units.items():
            out[title] = vectors[i : i + len(us)]
            i += len(us)
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = out
        log.debug("embedded %d path units of %s with %s", len(texts), roadmap.source, key[1])
        return out


def fit_statements(roadmap: Roadmap, statements: Sequence[Statement], embedder: EmbedderSource) -> list[StatementFit]:
    """Each relevant statement's fit with every path (mean of its TOP_M best unit similarities)."""
    if not statements:
        return []
    model = resolve_embedder(embedder)
    units = path_units(roadmap)
    vectors = _unit_vectors(roadmap, units, model)
    # ("im a QA tester": software testing, not the QA systems of a path)
    said = np.asarray(model.embed_documents([expand_query(_FITNESS_TRAINING.sub("fitness coaching", _QA_JOB.sub("software tester", s.text))) for s in statements]),
                      dtype=np.float32)
    fits: list[StatementFit] = []
    for s, vec in zip(statements, said, strict=True):
        per_path: dict[str, float] = {}
        best: dict[str, tuple[tuple[int, float], ...]] = {}
        for title, mat in vectors.items():
            sims = mat @ vec
            order = np.argsort(-sims)[: max(TOP_M, 4)]
            per_path[title] = float(np.mean(sims[order[:TOP_M]]))
            best[title] = tuple((int(i), float(sims[i])) for i in order)
        if max(b[0][1] for b in best.values() if b) < MIN_RELEVANCE:
            continue
        fits.append(StatementFit(s, per_path, best))
    return fits


def recommend_path(
    roadmap: Roadmap, answers: Mapping[str, str] | list[str] | str, embedder: EmbedderSource,
    drop: Callable[[str], bool] | None = None,
) -> PathAdvice:
    """Score what the person says against each path by meaning; explain with cited reasons and a plan.

    ``answers``: the guided conversation's answers ({question id: letter, number or free text}, or a
    list in question order), or one free-text self-description.
    """
    if isinstance(answers, str):
        statements = split_statements(answers, drop)
    else:
        qs = questions(roadmap)
        if isinstance(answers, list):
            answers = {q.id: a for q, a in zip(qs, answers, strict=False)}
        statements = []
        for q in qs:
            text = resolve_answer(q, str(answers.get(q.id, "") or ""))
            statements.extend(split_statements(text, drop))
        known = {q.id for q in qs}
        for key, value in answers.items():  # answers to questions this roadmap does not ask: free text
            if key not in known:
                statements.extend(split_statements(str(value or ""), drop))
    return advise(roadmap, statements, embedder)


def advise(roadmap: Roadmap, statements: Sequence[Statement], embedder: EmbedderSource) -> PathAdvice:
    fits = fit_statements(roadmap, statements, embedder) if statements else []
    titles = [p.title for p in roadmap.paths]
    scores = {t: 0.0 for t in titles}
    weight = sum(f.statement.weight for f in fits)
    for f in fits:
        for t in titles:
            strength = f.statement.sign * f.statement.weight * (NEGATIVE_WEIGHT if f.statement.sign < 0 else 1.0)
            scores[t] += strength * f.fits[t] / weight
    ranked = sorted(roadmap.paths, key=lambda p: -scores[p.title])  # stable: ties keep roadmap order
    best = ranked[0]
    runner = ranked[1] if len(ranked) > 1 else None
    margin = scores[best.title] - scores[runner.title] if runner else 0.0
    note = ""
    if not fits:
        best, runner, margin = roadmap.paths[0], (roadmap.paths[1] if len(roadmap.paths) > 1 else None), 0.0
        note = "None of your answers matched one path more than another; showing the first path. Say more about your interests."
    elif runner is not None and margin < CLOSE_MARGIN:
        note = f"Close call with '{runner.title}'; both could fit."
    units = path_units(roadmap)
    reasons = _reasons(units, best, fits)
    contrast = _contrast(units, runner, fits) if runner else ()
    return PathAdvice(best, scores, tuple(reasons), tuple(first_month_plan(roadmap, best)), note, runner, margin,
                      tuple(fits), contrast)


def _reasons(units: Mapping[str, list[Unit]], path: LearningPath, fits: Sequence[StatementFit],
             limit: int = 4) -> list[Reason]:
    """For each statement that favours ``path`` (strongest first), the path's unit it matched best;
    each passage is cited once. Then second-best matches, so there are at least two reasons when possible."""
    others = [t for t in fits[0].fits if t != path.title] if fits else []

    def favour(f: StatementFit) -> float:
        return f.statement.sign * (f.fits[path.title] - max((f.fits[t] for t in others), default=0.0))

    ranked = sorted((f for f in fits if f.statement.sign > 0 and favour(f) > 0), key=favour, reverse=True)
    if not ranked:  # the path won on what the person does not want ("I hate linear algebra"): what they do want
        ranked = sorted((f for f in fits if f.statement.sign > 0), key=lambda f: -f.fits[path.title])
    ours = units[path.title]
    reasons: list[Reason] = []
    used_spans: set[tuple[int, int]] = set()
    used_statements: set[str] = set()
    for rank in range(2):
        for f in ranked:
            if len(reasons) >= limit:
                return reasons
            if rank == 0 and f.statement.text in used_statements:
                continue
            for idx, sim in f.best_units[path.title]:
                u = ours[idx]
                if (u.source.start_line, u.source.end_line) in used_spans:
                    continue
                used_spans.add((u.source.start_line, u.source.end_line))
                # a statement quoted once already is not quoted again: "That also matches …"
                said = "That also" if f.statement.text in used_statements else f"You said “{f.statement.text}”: that"
                used_statements.add(f.statement.text)
                reasons.append(Reason(
                    f"{said} matches the {path.title}'s {u.short or u.title}.", u.source,
                    f.statement.text, u.short or u.title, sim,
                ))
                break
        if len(reasons) >= 2:
            break
    return reasons


def _contrast(units: Mapping[str, list[Unit]], other: LearningPath, fits: Sequence[StatementFit]) -> tuple[Unit, ...]:
    """The other path's units closest to what was said: what the person would have to prefer instead."""
    ours = units[other.title]
    seen: list[Unit] = []
    for f in sorted(fits, key=lambda f: -f.fits[other.title]):
        for idx, _ in f.best_units[other.title][:2]:
            u = ours[idx]
            if u.source not in [s.source for s in seen] and u.short not in [s.short for s in seen]:
                seen.append(u)
    if len(seen) < 2:  # not enough signal: the other path's first topics
        seen.extend(u for u in ours if u.kind == "topic" and u not in seen)
    return tuple(seen[:3])


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
