"""Skill assessment: quizzes generated deterministically (seeded RNG) from the roadmap tree.

Every question is tied to the passage that holds its answer (label + line range); distractors come
from sibling nodes. Grading explains each answer and cites the passage; short answers are graded by
normalised term matching with partial credit.
"""

from __future__ import annotations

import logging
import random
import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from rag.career.roadmap import Item, LearningPath, Level, Roadmap, Span, Topic
from rag.career.suggest import unknown
from rag.errors import InputError
from rag.terms import content_terms

__all__ = [
    "Question", "Quiz", "Grade", "QuizResult", "make_quiz", "grade", "grade_quiz", "term_in", "rephrase_with_llm",
]

if TYPE_CHECKING:  # pragma: no cover
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)

LETTERS = "ABCDEFGH"
Kind = Literal["resource", "subtopic", "level", "subtopics", "duration"]


@dataclass(frozen=True)
class Question:
    id: str
    kind: Kind
    prompt: str
    options: tuple[str, ...]  # empty for short-answer questions
    answers: tuple[str, ...]  # the right option (choice) or the accepted terms (short answer)
    required: int  # terms needed for full credit (short answer); 1 for choice
    topic_key: str | None  # the topic the score is stored under (None: a level-wide question)
    topic_title: str
    source: Span  # the passage that holds the answer
    rephrased: bool = False  # the prompt was rewritten by an LLM (options and answers unchanged)

    @property
    def is_choice(self) -> bool:
        return bool(self.options)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "type": "choice" if self.is_choice else "short",
            "prompt": self.prompt,
            "options": [f"{LETTERS[i]}) {o}" for i, o in enumerate(self.options)],
            "topic": self.topic_title,
            "topic_key": self.topic_key,
            "rephrased": self.rephrased,
            "citation": {"label": self.source.label, "start_line": self.source.start_line, "end_line": self.source.end_line},
        }


@dataclass(frozen=True)
class Quiz:
    scope: str
    seed: int
    questions: tuple[Question, ...]

    def to_json(self) -> dict[str, Any]:
        return {"scope": self.scope, "seed": self.seed, "questions": [q.to_json() for q in self.questions]}


@dataclass(frozen=True)
class Grade:
    question: Question
    response: str
    score: float  # 0..1
    matched: tuple[str, ...]
    missed: tuple[str, ...]
    explanation: str

    @property
    def correct(self) -> bool:
        return self.score >= 1.0


@dataclass
class QuizResult:
    grades: list[Grade] = field(default_factory=list)

    @property
    def score(self) -> float:
        return sum(g.score for g in self.grades) / len(self.grades) if self.grades else 0.0

    def topic_scores(self) -> dict[str, float]:
        """Mean score per topic key (what the profile stores)."""
        acc: dict[str, list[float]] = defaultdict(list)
        for g in self.grades:
            if g.question.topic_key:
                acc[g.question.topic_key].append(g.score)
        return {k: sum(v) / len(v) for k, v in acc.items()}


# --- generation --------------------------------------------------------------------------------
def _norm(text: str) -> str:
    return " ".join(sorted(content_terms(text)))


def _distractors(rng: random.Random, right: str, pools: list[list[Item]], k: int = 3) -> list[str]:
    """Up to k distinct titles from the pools (nearest pool first), none equal to ``right``."""
    taken = {_norm(right)}
    out: list[str] = []
    for pool in pools:
        cands = [i.title for i in pool if _norm(i.title) not in taken]
        rng.shuffle(cands)
        for c in cands:
            if len(out) < k and _norm(c) not in taken:
                out.append(c)
                taken.add(_norm(c))
    return out


def _choice(rng: random.Random, right: str, wrong: list[str]) -> tuple[str, ...]:
    options = [right, *wrong]
    rng.shuffle(options)
    return tuple(options)


def _sibling_pools(path: LearningPath, level: Level, topic: Topic, attr: str) -> list[list[Item]]:
    same_level = [i for t in level.topics if t is not topic for i in getattr(t, attr)]
    same_path = [i for t in path.topics() if t.level_number != level.number for i in getattr(t, attr)]
    return [same_level, same_path]


def _topic_questions(rng: random.Random, roadmap: Roadmap, topic: Topic) -> list[Callable[[str], Question | None]]:
    path, level = roadmap.path_of(topic), roadmap.level_of(topic)

    def resource(qid: str) -> Question | None:
        if not topic.resources:
            return None
        right = rng.choice(topic.resources).title
        wrong = _distractors(rng, right, _sibling_pools(path, level, topic, "resources"))
        if len(wrong) < 2:
            return None
        return Question(qid, "resource", f"Which of these is a resource for {topic.title}?",
                        _choice(rng, right, wrong), (right,), 1, topic.key, topic.title, topic)

    def subtopic(qid: str) -> Question | None:
        if not topic.subtopics:
            return None
        right = rng.choice(topic.subtopics).title
        own = {_norm(s.title) for s in topic.subtopics}
        pools = [[i for i in pool if _norm(i.title) not in own] for pool in _sibling_pools(path, level, topic, "subtopics")]
        wrong = _distractors(rng, right, pools)
        if len(wrong) < 2:
            return None
        return Question(qid, "subtopic", f"Which of these is a subtopic of {topic.title}?",
                        _choice(rng, right, wrong), (right,), 1, topic.key, topic.title, topic)

    def which_level(qid: str) -> Question | None:
        if len(path.levels) < 2:
            return None
        # only subtopics that appear in exactly one level of the path make a fair question
        unique = [s for s in topic.subtopics
                  if sum(_norm(s.title) == _norm(o.title) for t in path.topics() for o in t.subtopics) == 1]
        if not unique:
            return None
        sub = rng.choice(unique).title
        options = tuple(lv.display for lv in path.levels)
        return Question(qid, "level", f"In which level of the {path.title} do you meet {sub}?",
                        options, (level.display,), 1, topic.key, topic.title, level)

    def name_two(qid: str) -> Question | None:
        if len(topic.subtopics) < 2:
            return None
        return Question(qid, "subtopics", f"Name two subtopics of {topic.title}.", (),
                        tuple(s.title for s in topic.subtopics), 2, topic.key, topic.title, topic)

    makers: list[Callable[[str], Question | None]] = [resource, subtopic, which_level, name_two]
    rng.shuffle(makers)
    return makers


def _duration_question(rng: random.Random, roadmap: Roadmap, path: LearningPath, level: Level) -> Callable[[str], Question | None]:
    def make(qid: str) -> Question | None:
        if not level.duration:
            return None
        others = sorted({lv.duration for p in roadmap.paths for lv in p.levels if lv.duration and lv.duration != level.duration})
        if len(others) < 2:
            return None
        wrong = rng.sample(others, k=min(3, len(others)))
        return Question(qid, "duration", f"How much time does the roadmap give for {level.display} of the {path.title}?",
                        _choice(rng, level.duration, wrong), (level.duration,), 1, None, level.display, level)

    return make


def make_quiz(
    roadmap: Roadmap,
    path: str | None = None,
    level: str | None = None,
    topic: str | None = None,
    n: int = 5,
    seed: int = 0,
) -> Quiz:
    """A quiz of up to ``n`` questions over a path, a level of a path, a topic, or the whole roadmap."""
    if n < 1:
        raise InputError("A quiz needs at least one question: use -n 1 or more.")
    rng = random.Random(seed)
    topics, scope, levels = _scope(roadmap, path, level, topic)
    per_topic = [_topic_questions(rng, roadmap, t) for t in topics]
    extra = [_duration_question(rng, roadmap, p, lv) for p, lv in levels]
    order = list(range(len(per_topic)))
    rng.shuffle(order)
    makers: list[Callable[[str], Question | None]] = []
    # round-robin over topics so a quiz spreads across them; level-wide questions go last
    for round_ in range(4):
        makers.extend(per_topic[i][round_] for i in order if round_ < len(per_topic[i]))
        if round_ == 0:
            makers.extend(extra)
    questions: list[Question] = []
    for make in makers:
        if len(questions) >= n:
            break
        q = make(f"q{len(questions) + 1}")
        if q is not None:
            questions.append(q)
    if not questions:
        raise InputError(f"The roadmap has too little material to quiz on {scope}; pick a larger scope.")
    return Quiz(scope, seed, tuple(questions))


def _scope(
    roadmap: Roadmap, path: str | None, level: str | None, topic: str | None
) -> tuple[list[Topic], str, list[tuple[LearningPath, Level]]]:
    if topic:
        found = roadmap.find_topic(topic)
        if not found:
            raise unknown("topic", topic, [t.title for t in roadmap.topics()])
        return [found], found.title, []
    paths = roadmap.paths
    if path:
        p = roadmap.find_path(path)
        if not p:
            raise unknown("path", path, [x.title for x in roadmap.paths])
        paths = [p]
    if level:
        if len(paths) != 1:
            raise InputError("--level needs --path too (levels are numbered per path).")
        lv = roadmap.find_level(paths[0], level)
        if not lv:
            raise unknown("level", level, [x.display for x in paths[0].levels])
        return list(lv.topics), f"{paths[0].title} › {lv.display}", [(paths[0], lv)]
    pairs = [(p, lv) for p in paths for lv in p.levels]
    return [t for p in paths for t in p.topics()], " + ".join(p.title for p in paths), pairs


# --- optional LLM rewording ----------------------------------------------------------------------
_QUESTION_FRAME = content_terms(
    "which of these is a resource subtopic for in which level of the do you meet name two subtopics "
    "how much time does the roadmap give path"
)


def _acceptable_rewrite(q: Question, text: str) -> str | None:
    """The reworded prompt if it is one question that keeps the subject and hides the answer, else None."""
    line = text.strip().strip('"').strip().removeprefix("Reworded:").strip()
    if "\n" in line or not line.endswith("?") or not 15 <= len(line) <= 300:
        return None
    low = line.lower()
    if any(a.lower() in low for a in q.answers):  # would give the answer away
        return None
    subject = content_terms(q.prompt) - _QUESTION_FRAME - {w for a in q.answers for w in content_terms(a)}
    if subject and not subject & content_terms(line):  # lost what the question is about
        return None
    return line


def rephrase_with_llm(
    roadmap: Roadmap, quiz: Quiz, chat_model: BaseChatModel, prompts_dir: Path | None = None
) -> Quiz:
    """Reword each question as a short scenario with an LLM; options, answers and citations stay the tree's.

    A reply that is not a single question, or that reveals the answer, is discarded (the question keeps
    its deterministic wording), so grading never depends on what the model wrote.
    """
    from rag.prompts import render_messages

    out = []
    for q in quiz.questions:
        messages = render_messages("career_quiz", prompts_dir, topic=q.topic_title, question=q.prompt)
        try:
            reply = chat_model.invoke(messages)
            text = _acceptable_rewrite(q, str(reply.content))
        except Exception as err:  # an LLM failure only costs the rewording
            log.warning("quiz rewording failed (%s); keeping the deterministic question", err)
            text = None
        out.append(replace(q, prompt=text, rephrased=True) if text else q)
    return replace(quiz, questions=tuple(out))


# --- grading -----------------------------------------------------------------------------------
def term_in(term: str, response_terms: set[str]) -> bool:
    """A term counts as mentioned when all its words (stemmed) are in the response (≥2/3 for long terms)."""
    words = content_terms(term)
    if not words:
        return False
    hit = len(words & response_terms)
    return hit == len(words) if len(words) <= 2 else hit / len(words) >= 2 / 3


def _pick_option(q: Question, response: str) -> str | None:
    r = response.strip()
    m = re.fullmatch(r"\(?([A-Ha-h])\)?[.)]?", r)
    if m and LETTERS.index(m.group(1).upper()) < len(q.options):
        return q.options[LETTERS.index(m.group(1).upper())]
    if r.isdigit() and 1 <= int(r) <= len(q.options):
        return q.options[int(r) - 1]
    for o in q.options:
        if _norm(o) == _norm(r):
            return o
    return None


def grade(roadmap: Roadmap, q: Question, response: str) -> Grade:
    """Grade one answer with an explanation that cites the passage holding the right answer."""
    cite = f"(see {q.source.cite()})"
    if q.is_choice:
        picked = _pick_option(q, response)
        right = q.answers[0]
        if picked == right:
            return Grade(q, response, 1.0, (right,), (), f"Correct: {right}. {cite}")
        what = f"you answered {picked!r}" if picked else "that is not one of the options"
        return Grade(q, response, 0.0, (), (right,), f"Not quite — {what}; the roadmap says {right!r}. {cite}")
    said = content_terms(response)
    matched = tuple(a for a in q.answers if term_in(a, said))
    missed = tuple(a for a in q.answers if a not in matched)
    score = min(len(matched), q.required) / q.required
    listed = ", ".join(q.answers)
    if score >= 1:
        text = f"Correct: {', '.join(matched)}. The roadmap lists {listed}. {cite}"
    elif matched:
        text = f"Partly right ({', '.join(matched)}); {q.required} were asked for. The roadmap lists {listed}. {cite}"
    else:
        text = f"Not quite — none of the roadmap's answers were named. It lists {listed}. {cite}"
    return Grade(q, response, score, matched, missed, text)


def grade_quiz(roadmap: Roadmap, quiz: Quiz, responses: Mapping[str, str]) -> QuizResult:
    """Grade every question; a question without a response scores 0."""
    return QuizResult([grade(roadmap, q, responses.get(q.id, "")) for q in quiz.questions])
