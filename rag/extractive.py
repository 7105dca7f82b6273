"""The extractive backend: answers without an LLM, by quoting the best lines of the top passages.

Each passage is parsed into *units*: a roadmap topic (``1. **Vector Databases & Search**`` with its
skills and resources), a run of list items under a heading, or a sentence of prose. Units are scored by
how many of the question's content words they contain (the topic title and headings count too, so a
"FAISS" line always comes with "Vector Databases & Search"), plus a small bonus for the passage's rank.
The best units (2-6, see ``select_units`` for how citations are kept tight) become the detail lines,
each quoting the document verbatim and ending with its [n]; ``rag.lead.extractive_answer`` puts a
composed lead sentence that answers the question before them. Deterministic and instant.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from rag.answerability import AskedFor, asked_for, focus_covered, is_of_kind
from rag.schema import LABEL_SEP, Hit
from rag.terms import (
    ABBREVIATIONS,
    AFTER_WORDS,
    BEFORE_WORDS,
    DONE_THEN_NEXT,
    LEVEL_NUMBER,
    SHARED_SECTION_WORDS,
    STAGE_CHOICE,
    TRACK_AS_PATH,
    asking_sentence,
    content_terms,
    expand_query,
    month_point_numbers,
    month_points,
    named_terms,
    own_question,
    point_in_span,
    split_sentences,
    stem,
    without_asker,
    word_pairs,
)

__all__ = ["next_step", "steps_named", "READY_FOR_Q", "BEFORE_NAMED_Q", "FIRST_THING", "GENERIC_PATH", "in_paths", "ORDINAL_STAGE", "names_whole_title", "Unit", "parse_units", "select_units", "extractive_lines", "covers_focus", "yes_no_focus", "EVERY_PATH_Q", "RESOURCE_KINDS", "is_shared_section", "MAX_LINES", "MIN_LINES"]

MIN_LINES, MAX_LINES = 1, 6
TITLE_BONUS = 0.5  # the question names a topic's own title
SECTION_BONUS = 0.5  # the question names the section a list sits under ("any conference": Conferences)
PREFIX_MIN = 6  # a question word this long matches a passage word it begins ("backprop": "backpropagation")
RANK_BONUS = 0.12  # added to a unit's score for passage [1], decaying with rank
KEEP_RATIO = 0.6  # keep units of the best passage scoring at least this share of the best unit
OTHER_RATIO = 0.7  # a unit of another passage must score this share of the best (and add question words)
COMPARE_RATIO = 0.5  # a comparison ("differ", "both", "the two paths") takes the other side's best unit above this
_COMPARE_Q = re.compile(r"\b(differ\w*|difference|compare\w*|comparison|versus|vs\.?|both|each\s+path|the\s+two)\b", re.I)

_RESOURCE_TERMS = frozenset({stem("resources")})
_COMMON_SECTION = re.compile(r"\b(?:" + "|".join(w.replace(" ", r"\s+") for w in SHARED_SECTION_WORDS) + r")\b", re.I)


def is_shared_section(hit: Hit) -> bool:
    """Is ``hit`` a section every path shares ("Common Prerequisites (Both Paths)")?"""
    return bool(_COMMON_SECTION.search(" ".join(hit.headings)))
# "is MLOps in both paths, or only the ML one?": a yes/no asked of every path
EVERY_PATH_Q = re.compile(
    r"\b(?:both|each|either|all|the\s+two)\s+(?:of\s+the\s+)?(?:paths?|tracks?|roles?)\b|\bor\s+(?:just|only)\b"
    r"|\bonly\s+(?:(?:a|an|the)\s+\w+\s+)?(?:in|for|on)\s+(?:the\s+)?\w+|\b(?:too|as\s+well)\s*\?", re.I
)
_FIELD_ABBREVIATIONS = frozenset(stem(a) for a in ABBREVIATIONS)
_TOPIC = re.compile(r"^\s*\d+[.)]\s+\*\*(.+?)\*\*:?\s*$")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+(.+)$")
_BULLET = re.compile(r"^(\s*)[-*+•]\s+(.+)$")
_HEADING = re.compile(r"^\s*#{1,6}\s")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_NAV_ITEM = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+\[[^\]]+\]\(#[^)]*\)\s*$")


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
            if self.title:  # introduced by its own sentence ("… is used for:"), which says what it is
                return f"{self.title}: {', '.join(self.items)}"
            return f"{self.context}: {', '.join(self.items)}" if with_context else ", ".join(self.items)
        line = f"{self.title} ({self.context})" if with_context else self.title
        if self.items:
            line += f": {', '.join(self.items)}"
        if self.resources:
            line += f"; resources: {'; '.join(self.resources)}"
        return line

    def terms(self) -> set[str]:
        terms = content_terms(" ".join([self.context, self.title, *self.items, *self.resources]))
        return terms | _RESOURCE_TERMS if self.resources else terms  # its "Resources:" line

    def pairs(self) -> set[tuple[str, str]]:
        """Adjacent word pairs of its title, items and resources, each on its own ("Building APIs with FastAPI")."""
        return {p for text in [self.title, *self.items, *self.resources] for p in word_pairs(text)}


def parse_units(hit: Hit) -> list[Unit]:
    """Split a passage into topics, list runs and sentences, in document order."""
    context = LABEL_SEP.join(hit.headings) or hit.source
    units: list[Unit] = []
    topic: Unit | None = None
    loose: Unit | None = None  # list items not under a topic
    in_resources = False
    intro: Unit | None = None  # a sentence ending with ":" on the line before: it introduces the list that follows
    for raw in hit.text.splitlines():
        if not raw.strip() or _HEADING.match(raw):
            continue
        if m := _TOPIC.match(raw):
            topic = Unit("topic", context, title=_clean(m.group(1)), order=len(units))
            units.append(topic)
            loose, intro, in_resources = None, None, False
            continue
        if _NAV_ITEM.match(raw):  # a table-of-contents entry ("1. [Resource Library](#resource-library)"): navigation
            topic, loose, intro = None, None, None
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
                if intro is not None:
                    intro.kind, intro.title = "list", intro.title.rstrip(":").rstrip()
                    loose = intro
                else:
                    loose = Unit("list", context, order=len(units))
                    units.append(loose)
            intro = None
            loose.items.append(text.rstrip(":"))
            continue
        topic, loose, intro = None, None, None
        for sentence in split_sentences(_clean(raw)):
            units.append(Unit("sentence", context, title=sentence, order=len(units)))
        if units and units[-1].kind == "sentence" and units[-1].title.endswith(":"):
            intro = units[-1]
    return [u for u in units if u.kind == "sentence" or u.items or u.resources or u.title]


_PREREQUISITE_Q = re.compile(r"\bbefore\s+(?:i\s+|even\s+|you\s+)?(?:start|begin|get)\w*|\bprerequisite|\bneed\s+to\s+know\s+first\b", re.I)
_PREREQUISITE = stem("prerequisites")


_START_Q = re.compile(
    r"\b(?:start|starts|begin|begins|first\s+level|first\s+stage|beginning)\b|\b(?:learn|do|study|tackle)\s+first\b", re.I
)
_FIRST_MONTHS = re.compile(r"\bfirst\s+(?:\w+\s+)?(?:\d+|one|two|three|six|twelve)\s+months\b", re.I)


_PROFICIENCY = re.compile(r"\b(?:what|which|how\s+much|the|a|my)\s+level\s+of\s+(?!the\b|that\b|this\b)\w+", re.I)


# "the advanced topics in the last ml stage": the ordinal names the level, not "Advanced ML"'s title words
ORDINAL_STAGE = re.compile(r"\b(?:first|second|third|last|final|top|highest)\s+(?:[a-z]{2,3}\s+)?(?:level|stage|phase|tier)s?\b", re.I)
_PASSED = re.compile(r"\b(?:past|beyond|besides|other\s+than|apart\s+from|no\s+longer\s+(?:a\s+|an\s+)?)\s*(?:the\s+)?([a-z]+)\b", re.I)
# "how do i know i'm past beginner?": what marks a stage as done, so that stage is asked about, not skipped
_PAST_CHECK = re.compile(r"\bhow\s+(?:do|can|will|would)\s+i\s+(?:know|tell)\b|\bwhat\s+(?:should|must|do)\s+i\s+(?:have|need\s+to\s+have)\s+(?:built|done|finished)\b", re.I)
_PAST_AND_AT = re.compile(r"\bpast\s+(?:the\s+)?\w+\s+(?:stage\s+|level\s+)?and\s+(?:now\s+|really\s+)?(?:at|into|in|on)\s+(?:the\s+)?\w+", re.I)
_PATH_WORD = re.compile(r"\b(?:path|track|route)s?\b", re.I)
PATH_BONUS = 0.05
_NOT_A_TITLE_WORD = frozenset(content_terms("topic topics thing things stuff"))


_SECTION_WORDS = frozenset(content_terms("books courses conferences communities platforms portfolio milestones"))


def question_terms_of(question: str) -> set[str]:
    """The question's content words for scoring units.

    "before I start" also asks for prerequisites; "my first six months" asks for the range that starts
    at 0 ("0-6 months").
    """
    terms = content_terms(expand_query(question), drop_filler=True)
    if TRACK_AS_PATH.search(question):  # "the ML track": a path, not "Experiment tracking"
        terms.discard("track")
    if choice := STAGE_CHOICE.search(question):  # "is backprop beginner or advanced?": the choices are the answer
        terms -= content_terms(choice.group(0))
    if _PREREQUISITE_Q.search(question):
        terms.add(_PREREQUISITE)
    if _PROFICIENCY.search(question):  # "what level of python do i need?": a proficiency, not a roadmap level
        terms.discard("level")
    if _FIRST_MONTHS.search(question):
        terms.add("0")
    terms -= month_point_numbers(question)  # "3 months in" is not Level 3
    # "an onsite in 3 weeks", "2 hours a day": a count of time, not a level (a level's range, "6-12 months", stays)
    terms -= {m.group(1) for m in re.finditer(r"(?<![\d-])(\d+)\s*(?:weeks?|wks?|days?|hours?|hrs?)\b", question, re.I)}
    if _START_Q.search(question) and not re.search(r"\blevel\s+\d", question, re.I):
        terms.add("1")  # "where does the path start?": its first level
    return terms


def _prefixed(a: str, b: str) -> bool:
    """One word begins the other, the shorter being at least PREFIX_MIN letters."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= PREFIX_MIN and long_.startswith(short)


COMMON_SHARE = 0.6  # a question word in at least this share of the candidate units is common to them …
COMMON_DISCOUNT = 1.0  # … and does not count
COMMON_MIN_UNITS = 6
PHRASE_BONUS = 0.5  # the unit holds two adjacent words of the question as adjacent words


def _common_terms(question_terms: set[str], units: list[Unit]) -> frozenset[str]:
    """Question words that most candidate units contain (the field itself, "ml", on an ML roadmap)."""
    if len(units) < COMMON_MIN_UNITS:
        return frozenset()
    unit_terms = [u.terms() for u in units]
    return frozenset(t for t in question_terms if sum(t in terms for terms in unit_terms) >= COMMON_SHARE * len(units))


_PATH_OR_SIDE = re.compile(r"\b(?:path|track|route|side)s?\b", re.I)


def _path_words_named(question: str, hits: list[Hit]) -> frozenset[str]:
    """The words of a path the question names as a path ("does the ml path teach transformers?"): they place the
    answer, however many candidates share them ("people learning ml" names the field, not a path)."""
    if not _PATH_OR_SIDE.search(question):
        return frozenset()
    words: set[str] = set()
    for heading in paths_named(question, hits):
        words |= content_terms(heading)
        words |= {a.lower() for a, meaning in ABBREVIATIONS.items() if content_terms(meaning) <= content_terms(heading)}
    return frozenset(words)


def _score(question_terms: set[str], unit: Unit, rank: int, names: frozenset[str] = frozenset(),
           own_terms: set[str] | None = None, passed: frozenset[str] = frozenset(),
           common: frozenset[str] = frozenset(), pairs: frozenset[tuple[str, str]] = frozenset(),
           placed: frozenset[str] = frozenset()) -> float:
    """Share of the question's words in the unit (names such as MLflow or CS229 count double). The title
    bonus counts only ``own_terms``, the words of the person's own question (a condensed follow-up's
    appended topic, "(about: level 1 ml path)", names no topic)."""
    if not question_terms:
        return RANK_BONUS / (rank + 1)
    terms = unit.terms()
    if PREFIX_MIN:  # shortened or longer forms ("backprop": "backpropagation", "interviewers": "interview")
        terms = terms | {q for q in question_terms if len(q) >= PREFIX_MIN and any(_prefixed(q, t) for t in terms)}
    matched = (question_terms & terms) - passed  # "what would show im past beginner?": not the beginner ones
    own = (question_terms if own_terms is None else own_terms) - passed
    title_terms = content_terms(unit.title)
    if not (len(title_terms) >= 2 and title_terms <= question_terms):  # "which technical topics": its title
        # "what math topics …": "topics" is the kind of answer asked for, not a match ("Technical Topics")
        matched -= _NOT_A_TITLE_WORD
        own = own - _NOT_A_TITLE_WORD
    title_matched = own & content_terms(unit.title) if unit.kind == "topic" else set()
    bonus = TITLE_BONUS
    if unit.kind != "topic":  # "any conference …?": a list or sentence of the section titled Conferences
        title_matched = own & content_terms(unit.context.split(LABEL_SEP)[-1])
        bonus = SECTION_BONUS
    # the words naming the path asked about place the answer, they do not name a topic ("what do they want me to
    # build as a beginner on the integration track?": not NLP Integration)
    title_matched = title_matched - placed
    # (nor does one unit of that path match them more than its siblings: "ML" in "Andrew Ng's ML course")
    if placed and (placed - GENERIC_PATH) & content_terms(unit.context):
        matched = matched | (placed & question_terms)
    named = names & (terms | named_terms(" ".join([unit.context, unit.title, *unit.items, *unit.resources])))
    total = len(question_terms) + len(names)
    # "a framework for building apis": the unit saying "Building APIs" has the phrase, not just the words (one
    # phrase counts, half a word: a tie-breaker, not a match of its own)
    phrase = PHRASE_BONUS if pairs and pairs & unit.pairs() else 0.0
    # a word nearly every candidate shares ("ml" in "people learning ml") says little about which one answers
    weight = lambda found: len(found) - COMMON_DISCOUNT * len(found & common)  # noqa: E731
    return (weight(matched) + len(named) + bonus * weight(title_matched) + phrase) / total + RANK_BONUS / (rank + 1)


_OVERVIEW_Q = re.compile(
    r"\bwhat(?:'s|\s+is|\s+does|\s+do)\s+(?:this|the)\s+(?:whole\s+)?(?:roadmap|document|guide|doc|site|handbook)\s+"
    r"(?:\w+\s+){0,2}(?:cover|about|contain|include|for)\w*|\b(?:overview|summary|summari[sz]e)\s+(?:of\s+)?(?:this|the)\b",
    re.I,
)
_OVERVIEW_HEADING = re.compile(r"^\s*(?:overview|introduction|summary|about|abstract)\b", re.I)
_RANGE = re.compile(r"\b(\d+)\s*[-–]\s*(\d+)\s*(month|year|week)s?\b", re.I)
_LEVEL_WORD = re.compile(r"\b(?:level|stage|phase|part|section|tier)s?\b", re.I)
_GENERIC_HEADING = frozenset(content_terms("level stage part section month months year years"))


_ORDINAL_NUMBER = {"first": 1, "second": 2, "third": 3}


def _ordinal_level(question: str, hits: list[Hit]) -> int | None:
    """The rank of the one level passage an ordinal names ("the second stage of the integration track": Level 2
    of that path; "the last ml stage": the highest level of the ML path), None when none or several."""
    m = ORDINAL_STAGE.search(question)
    if m is None:
        return None
    word = m.group(0).split()[0].lower()
    levels = [(r, int(n.group(1))) for r, h in enumerate(hits) if h.headings and (n := LEVEL_NUMBER.search(h.headings[-1]))]
    named = paths_named(question, hits)
    if named:
        levels = [(r, n) for r, n in levels if hits[r].headings[0] in named]
    if not levels:
        return None
    number = _ORDINAL_NUMBER.get(word) or max(n for _, n in levels)
    ranks = [r for r, n in levels if n == number]
    return ranks[0] if len(ranks) == 1 else None


# "where does the roadmap say i should go hang out online …?", "where can i meet other learners?": a place
_PLACE_Q = re.compile(r"\bwhere\s+(?:\w+\s+){0,7}?(?:go|hang\s+out|hangout|meet|find\s+(?:people|others|folks)|chat|connect|post|ask)\b"
                      r"|\bwhich\s+(?:places|sites|websites|forums|platforms)\b", re.I)


def _named_section(question: str, hits: list[Hit]) -> int | None:
    """The rank of the one passage whose own heading the question names: its range ("the first 6 months",
    expanded to "0-6 months") or all its title words ("the advanced ml stage": Level 2: Advanced ML); None
    when no passage, or more than one equally, is named."""
    expanded = expand_query(question)
    ranges = {(a, b, u.lower()) for a, b, u in _RANGE.findall(expanded)}
    points = month_points(question)
    words = content_terms(expanded)
    # (a section named by its parent and its own title, or a place, in the person's own words: not the earlier
    # turn's "(about: platforms resource library)")
    own = expand_query(own_question(question))
    own_words = content_terms(own)
    best: tuple[int, int] | None = None  # (strength, rank)
    tie = False
    tied: list[int] = []
    for rank, hit in enumerate(hits):
        if not hit.headings:
            continue
        title = hit.headings[-1]
        strength = 0
        plain = re.sub(r"\s*\(.*?\)", "", title).strip()
        title_ranges = {(a, b, u.lower()) for a, b, u in _RANGE.findall(title)}
        if ranges & title_ranges or any(point_in_span(p, f"{a}-{b} {u}") for a, b, u in title_ranges for p in points):
            strength = 10
        elif len(plain.split()) >= 2 and re.search(rf"\b{re.escape(plain)}\b", expanded, re.I) and not any(
            plain.lower() in other.lower() for h in hits for other in h.headings if other != title
        ):  # (a title that is also part of a path's name, "Machine Learning Engineering", names no one section)
            strength = 10  # its own title, verbatim ("the next steps", also as read from "where do I start?")
        elif (len(hit.headings) >= 2 and content_terms(plain) and content_terms(plain) <= own_words
              and (_PLACE_Q.search(own) and len(plain.split()) == 1 or len(hit.headings[0].split()) >= 2
                   and re.search(rf"\b{re.escape(hit.headings[0])}\b", own, re.I))):
            # ("where should i go hang out online to engage with the community?": the Communities list, a place)
            strength = 10  # "is that book also in the resource library's book list?": Resource Library › Books
        elif LEVEL_NUMBER.search(title) and _LEVEL_WORD.search(question):  # a level by its name: "the advanced ml stage"
            name = {t for t in content_terms(_RANGE.sub("", title)) - _GENERIC_HEADING if not t.isdigit()}
            if len(name) >= 2 and name <= words:
                strength = len(name)
        if strength and (best is None or strength > best[0]):
            best, tie, tied = (strength, rank), False, [rank]
        elif strength and best is not None and strength == best[0]:
            tie = True
            tied.append(rank)
    if best is not None and tie and points:  # "3 months in on the integration path": the range on the path named
        named = paths_named(question, hits)
        on_path = [r for r in tied if hits[r].headings[0] in named]
        if len(on_path) == 1:
            return on_path[0]
    return None if best is None or tie else best[1]


_LEVEL_NAMED = re.compile(
    r"\b(?:level|stage|tier)\s+(?P<n>\d)\b|\b(?P<last>last|top|final|highest|advanced|expert)\s+(?:level|stage|tier)s?\b"
    r"|\b(?P<first>first|beginner|foundation|starting|entry)\s+(?:level|stage|tier)s?\b"
    r"|\b(?P<middle>middle|second|2nd|intermediate)\s+(?:level|stage|tier)s?\b",
    re.I,
)


def _levels_compared(question: str, hits: list[Hit]) -> list[int]:
    """For "compare level 3 of the two paths" / "the last level of each path": per path, the rank of the
    retrieved passage of the level named (one number for all paths); [] unless two paths' are retrieved."""
    named = {
        int(m.group("n")) if m.group("n") else 99 if m.group("last") else 1 if m.group("first") else 2
        for m in _LEVEL_NAMED.finditer(question)
    }
    if len(named) != 1:
        return []
    wanted = named.pop()
    per_path: dict[str, list[tuple[int, int]]] = {}
    for rank, hit in enumerate(hits):
        number = _level_number(hit)
        if number is not None and len(hit.headings) > 1:
            per_path.setdefault(hit.headings[0], []).append((number, rank))
    if wanted == 99:  # "the last level": the highest retrieved, which every path must have retrieved
        wanted = max((n for levels in per_path.values() for n, _ in levels), default=0)
    picked = []
    for levels in per_path.values():
        number, rank = next(((n, r) for n, r in levels if n == wanted), (0, -1))
        if rank >= 0:
            picked.append(rank)
    return sorted(picked)[:2] if len(picked) >= 2 else []
# ("wrapped up the fastapi + cloud + pretrained models stuff … how long is the next stage?": the level after, though
# a topic of the finished one is named)
_NEXT_LEVEL_Q = re.compile(r"\bnext\s+(?:level|stage|tier|phase)\b", re.I)
_AFTER_Q = re.compile(r"\b(?:comes?\s+(?:after|next)|after\s+(?:that|this|it|level|the)|next\s+(?:level|stage|tier|phase)|what'?s\s+next|then\s+what)\b", re.I)


def _path_breaks_tie(question: str, hits: list[Hit], scored: list[tuple[float, int, int, Unit]]) -> list[tuple[float, int, int, Unit]]:
    """"what math topics are in the ml path?": when the best unit lies outside the path the question names by
    "path"/"track" ("Interview Preparation › Machine Learning Engineer" has "Topics" too) and a unit of that
    path's own levels scores within PATH_BONUS of it, the path's unit leads."""
    in_path = paths_named(question, hits) if _PATH_WORD.search(question) else set()
    if not in_path or (hits[scored[0][1]].headings[:1] and hits[scored[0][1]].headings[0] in in_path):
        return scored
    near = next((s for s in scored if hits[s[1]].headings[:1] and hits[s[1]].headings[0] in in_path), None)
    if near is None or near[0] < scored[0][0] - PATH_BONUS:
        return scored
    return [near] + [s for s in scored if s is not near]


# "which of the two paths has the research side?": a choice of one path, not a comparison of the two
WHICH_HAS_Q = re.compile(
    r"\bwhich\s+(?:of\s+the\s+(?:two\s+|2\s+)?|one\s+of\s+the\s+(?:two|2)\s+)?(?:paths?|tracks?|one)\s+"
    r"(?:has|have|covers?|includes?|teaches|is\s+about|goes\s+into|gets\s+into|does)\b",
    re.I,
)


def is_comparison(question: str) -> bool:
    """"compare level 1 of the two paths", "how do X and Y differ": one clause per side."""
    return bool(_COMPARE_Q.search(own_question(question))) and not WHICH_HAS_Q.search(question)


_NEXT_ONE = re.compile(r"\bnext\s+(?:tier|stage|one|set|step|group|bunch|bar|batch|rung)\b|\b(?:after|beyond)\s+(?:those|these|them)\b"
                       # "once i've ticked those off, what comes next?": the earlier turn's topic is done
                       r"|\b(?:ticked|checked|crossed|done|finished|completed|got)\s+(?:those|these|them|that|all\s+(?:of\s+)?(?:those|these|them))"
                       r"(?:\s+(?:off|done))?\b[^?]*\b(?:what'?s|what\s+(?:is|comes))\s+next\b", re.I)


def _earlier_turns_words(question: str) -> set[str] | None:
    """The words a condensed follow-up's appended topic adds ("… (about: beginner milestones …)?"); None when
    ``question`` is not a condensed follow-up."""
    own_q = own_question(question)
    if own_q == question:
        return None
    return content_terms(expand_query(question)) - content_terms(expand_query(own_q))


def _whole_title_in(unit: Unit, words: set[str]) -> bool:
    """``words`` hold the whole title, of two or more words, of the topic ``unit``."""
    title = content_terms(unit.title)
    return unit.kind == "topic" and len(title) >= 2 and title <= words


# "what comes after api development in the integration path?": the topic named after "after"
AFTER_NAMED_Q = re.compile(AFTER_WORDS + r"\s+(?P<what>[^?]+)", re.I)
# "what comes before model architecture?": the topic named after "before"
BEFORE_NAMED_Q = re.compile(BEFORE_WORDS + r"\s+(?P<what>[^?]+)", re.I)


def _adjacent_topic(named: tuple[float, int, int, Unit], scored: list[tuple[float, int, int, Unit]],
                    hits: list[Hit] | None, step: int) -> tuple[float, int, int, Unit] | None:
    """The topic ``step`` places after (1) or before (-1) ``named`` in its passage; past the end (start) of a
    level, the first (last) topic of the next (previous) level of that path, when retrieved."""
    near = next((t for t in scored if t[1] == named[1] and t[3].kind == "topic" and t[3].order == named[3].order + step), None)
    if near is None and named[3].kind == "topic" and hits and (other := _next_level_rank(hits, named[1], step)) is not None:
        topics = _topics_of(scored, other)
        near = (topics[0] if step > 0 else topics[-1]) if topics else None
    return near


def _topics_of(scored: list[tuple[float, int, int, Unit]], rank: int) -> list[tuple[float, int, int, Unit]]:
    """The scored topic units of the passage at ``rank``, in document order."""
    return sorted((s for s in scored if s[1] == rank and s[3].kind == "topic"), key=lambda s: s[2])


def _previous_sibling(question: str, scored: list[tuple[float, int, int, Unit]],
                      hits: list[Hit]) -> tuple[float, int, int, Unit] | None:
    """The topic before one named by its whole title ("what comes before model architecture?"): the one before
    it in the same passage, or, before the first topic of a level, the last topic of the level before."""
    m = BEFORE_NAMED_Q.search(own_question(question))
    if m is None:
        return None
    words = content_terms(expand_query(m.group("what")))
    named = next((s for s in scored if _whole_title_in(s[3], words)), None)
    return _adjacent_topic(named, scored, hits, -1) if named is not None else None


def _next_sibling(question: str, scored: list[tuple[float, int, int, Unit]],
                  hits: list[Hit] | None = None) -> tuple[float, int, int, Unit] | None:
    """The topic after one named by its whole title, in the same passage: the one "what comes after X?" names,
    or, in a condensed follow-up asking for "the next tier", the one the earlier turn named. After the last
    topic of a level, the first topic of the next level of that path, when retrieved ("what comes after mlops
    fundamentals?": Level 3's first topic)."""
    about = _earlier_turns_words(question)
    if about is not None and _NEXT_ONE.search(own_question(question)):
        words = about
    elif m := AFTER_NAMED_Q.search(own_question(question)):
        words = content_terms(expand_query(m.group("what")))
    else:
        return None
    named = next((s for s in scored if _whole_title_in(s[3], words)), None)
    return _adjacent_topic(named, scored, hits, 1) if named is not None else None


def _own_title(question: str, scored: list[tuple[float, int, int, Unit]]) -> tuple[float, int, int, Unit] | None:
    """In a condensed follow-up, the one topic whose title holds a word of the person's own question, when the
    earlier turn's topic (appended as "(about: …)") is not it."""
    about = _earlier_turns_words(question)
    if about is None:
        return None
    own = question_terms_of(own_question(question)) - _GENERIC_HEADING
    # only a sibling of the earlier topic ("Intermediate Milestones" after "beginner milestones"), not any
    # topic sharing a word ("which other tools …" after MLflow is not "Development Tools"; "the advanced ones"
    # after milestones is not Advanced Mathematics)
    # (or a topic of the same section: "what kind of projects should i have to show them?" after the ML
    # engineer's Technical Topics is its Project Portfolio)
    named = [s for s in scored if s[3].kind == "topic" and own & content_terms(s[3].title)
             and (about & content_terms(s[3].title) or s[1] == scored[0][1])]
    if not named or named[0] is scored[0] or len({s[3].title for s in named}) > 1:
        return None
    return named[0]


def _in_named_path(question: str, hits: list[Hit], rank: int) -> bool:
    """True unless ``question`` names a path and the passage at ``rank`` sits in another one."""
    named = paths_named(question, hits)
    return not named or in_paths(hits[rank], named)


def names_whole_title(question: str, unit: Unit) -> bool:
    """"the deep learning basics bit right after that": the topic is named, "after that" only places it."""
    return _whole_title_in(unit, content_terms(expand_query(question)))


def _titled(question: str, scored: list[tuple[float, int, int, Unit]], hits: list[Hit] | None = None) -> tuple[float, int, int, Unit] | None:
    """The best-scoring topic ``question`` names by its whole title of two or more words ("the beginner
    milestones … after the first stage": Beginner Milestones, not the level after the first), unless it is the
    best unit already or several topics of different titles are named that way."""
    words = content_terms(expand_query(question))
    named = [s for s in scored if _whole_title_in(s[3], words)]
    if hits is not None:  # (a title in the other path than the one named is no topic named)
        named = [s for s in named if _in_named_path(question, hits, s[1])]
    if not named or named[0] is scored[0] or len({s[3].title for s in named}) > 1:
        return None
    own = content_terms(expand_query(own_question(question)))
    # (not a path's own words: "… intermediate milestones for that one (AI Integration Engineering Path)" names no
    # "MLOps for Integration")
    paths = {t for h in hits or [] if len(h.headings) > 1 for t in content_terms(h.headings[0])}
    if own != words and any((own - paths) & content_terms(s[3].title) - content_terms(named[0][3].title)
                            for s in scored if s[3].kind == "topic"):
        return None  # "what about the intermediate ones (about: beginner milestones …)?": the follow-up's own word
    title_terms = content_terms(named[0][3].title)
    if any(title_terms < content_terms(i) and content_terms(i) <= words for i in scored[0][3].items):
        return None  # "designing ml systems": the book "Designing Machine Learning Systems", not System Design
    title = named[0][3].title.casefold()
    if any(title == i.casefold() for _, _, _, u in scored for i in u.items):
        return None  # "Performance optimization" is also an interview topic: the words name no one topic
    return named[0]


# "what should i learn first", "the first thing to study", "what do i start with": the first topic of a level
FIRST_THING = re.compile(
    r"\b(?:first\s+thing|first\s+topic|first\s+step|(?:learn|study|tackle|do|pick\s+up)\s+first|start\s+with|begin\s+with)\b"
    r"(?!\s+(?:all\s+)?(?:this|that|it)\b)", re.I  # (not "where do i even begin with all this?")
)


# "how do i know im ready for level 3 on the ml track?": the milestones of the stage before that level (the
# milestone sets are in level order: Beginner, Intermediate, Advanced)
READY_FOR_Q = re.compile(
    r"\bhow\s+(?:do|would|can|will|should|could)\s+i\s+(?:know|tell|check|see)\b[^?]*?\bready\s+(?:for|to\s+(?:start|begin|move\s+on\s+to|"
    r"go\s+on\s+to|tackle|jump\s+to))\s+(?:the\s+)?(?:level\s+(?P<n>\d+)|(?P<ord>second|third|2nd|3rd|last|final)\s+(?:level|stage))",
    re.I,
)
_READY_ORDINAL = {"second": 2, "2nd": 2, "third": 3, "3rd": 3}


def readiness_milestones(question: str, scored: list[tuple[float, int, int, Unit]],
                         hits: list[Hit]) -> tuple[int, tuple[float, int, int, Unit]] | None:
    """(the level asked about, the milestone topic of the stage before it) for READY_FOR_Q, when a milestone
    passage of the path named (or the only one retrieved) holds enough milestone sets."""
    m = READY_FOR_Q.search(own_question(question))
    if m is None:
        return None
    word = (m.group("ord") or "").lower()
    level = int(m.group("n")) if m.group("n") else _READY_ORDINAL.get(word, 3 if word in ("last", "final") else 0)
    if level < 2:
        return None
    topics = _milestone_topics(question, scored, hits)
    return (level, topics[level - 2]) if len(topics) >= level - 1 else None


def _milestone_topics(question: str, scored: list[tuple[float, int, int, Unit]],
                      hits: list[Hit]) -> list[tuple[float, int, int, Unit]]:
    """The milestone sets (in stage order) of the milestone passage of the path named, or of the first retrieved."""
    named = paths_named(question, hits)
    keys = [content_terms(p) - GENERIC_PATH for p in named]
    ranks = [r for r, h in enumerate(hits) if any("milestone" in x.lower() for x in h.headings[:-1])
             and (not keys or any(k and k <= content_terms(h.headings[-1]) for k in keys))]
    return _topics_of(scored, ranks[0]) if ranks else []


# "the milestones for the top level of AI integration": the milestone set of the stage an ordinal names
_STAGE_MILESTONES_Q = re.compile(r"\bmilestones?\b", re.I)


def stage_milestones(question: str, scored: list[tuple[float, int, int, Unit]],
                     hits: list[Hit]) -> tuple[float, int, int, Unit] | None:
    """The milestone set of the stage an ordinal names in a question asking for milestones ("the milestones for
    the last level of the ml path": Advanced Milestones), when the path's milestone passage was retrieved."""
    own = own_question(question)
    if not _STAGE_MILESTONES_Q.search(own) or (m := ORDINAL_STAGE.search(own)) is None:
        return None
    topics = _milestone_topics(question, scored, hits)
    if len(topics) < 2 or not all("milestone" in t[3].title.lower() for t in topics):
        return None
    word = m.group(0).split()[0].lower()
    number = _ORDINAL_NUMBER.get(word) or len(topics)
    return topics[number - 1] if number <= len(topics) else None


def _first_topic(scored: list[tuple[float, int, int, Unit]], rank: int, hits: list[Hit],
                 question: str = "") -> tuple[float, int, int, Unit] | None:
    """The first topic of the level passage at ``rank`` (None when it is not a level); when the question names
    no level, of the first level of that path retrieved ("the first thing to learn on the ml track")."""
    if _level_number(hits[rank]) is None:
        # (the best passage is no level, "i already have the prereqs …": the path named's first level retrieved)
        named = paths_named(question, hits)
        levels = _levels_of(hits, lambda h: bool(h.headings) and h.headings[0] in named)
        if not levels or min(levels)[0] != 1:
            return None
        rank = min(levels)[1]
    if not LEVEL_NUMBER.search(question) and not ORDINAL_STAGE.search(question) and not month_points(question):
        path = hits[rank].headings[:1]
        levels = _levels_of(hits, lambda h: h.headings[:1] == path)
        rank = min(levels)[1] if levels else rank
    topics = _topics_of(scored, rank)
    return topics[0] if topics else None


def _finished_level(question: str, hits: list[Hit], otherwise: int) -> int:
    """The rank of the level passage whose words the person says they finished ("finished the foundation stuff for
    integration (fastapi, cloud basics, hugging face) … the next level with the vector dbs": Level 1, not the
    Level 2 the rest of the question describes); ``otherwise`` when nothing is said finished or no one level fits."""
    m = DONE_THEN_NEXT.search(question)
    if m is None:
        return otherwise
    said = content_terms(expand_query(m.group("done")))
    scores = sorted(((len(said & content_terms(" ".join([*h.headings, h.text]))), r) for r, h in enumerate(hits)
                     if _level_number(h) is not None), reverse=True)
    if not scores or not scores[0][0] or (len(scores) > 1 and scores[1][0] == scores[0][0]):
        return otherwise
    return scores[0][1]


def _level_number(hit: Hit) -> int | None:
    """The number of the level a passage's headings name ("Level 2: Advanced ML" → 2), None when no level."""
    return next((int(m.group(1)) for h in hit.headings if (m := LEVEL_NUMBER.search(h))), None)


def _levels_of(hits: list[Hit], keep: Callable[[Hit], bool]) -> list[tuple[int, int]]:
    """(level number, rank) of the level passages ``keep`` accepts."""
    return [(n, r) for r, h in enumerate(hits) if keep(h) and (n := _level_number(h)) is not None]


def _next_level_rank(hits: list[Hit], rank: int, step: int = 1) -> int | None:
    """The rank of the passage holding the level after (``step`` -1: before) ``hits[rank]``'s level on the same
    path, if retrieved."""
    headings = hits[rank].headings
    level = _level_number(hits[rank])
    if level is None:
        return None
    wanted = level + step
    for r, hit in enumerate(hits):
        if hit.headings[:1] == headings[:1] and any(
            (m := LEVEL_NUMBER.search(h)) and int(m.group(1)) == wanted for h in hit.headings
        ):
            return r
    return None


# "I've committed to a path. Going by the roadmap's step list, what do I do right after that?": the numbered
# step after the one the question describes, in a list of steps
_STEP_Q = re.compile(r"\bsteps?\b", re.I)
_THEN_Q = re.compile(r"\b(?:after|next|then|afterwards)\b", re.I)
_STEP_WORDS = frozenset(content_terms("step steps list next after then afterwards"))


def _step_lists(hits: list[Hit]) -> list[tuple[int, Unit]]:
    """(rank, unit) of the retrieved lists of three or more steps (a "… Steps" heading or title)."""
    return [(r, u) for r, h in enumerate(hits) for u in parse_units(h)
            if u.kind == "list" and len(u.items) >= 3 and _STEP_Q.search(f"{u.context} {u.title}")]


def next_step(question: str, hits: list[Hit]) -> tuple[int, Unit, int] | None:
    """(rank, the list of steps, the index of the step after the one the question describes), when the question
    asks what follows a step and one step of a retrieved "… steps" list shares the most words with it."""
    q = own_question(question)
    if not (_STEP_Q.search(q) and _THEN_Q.search(q)):
        return None
    terms = content_terms(expand_query(q), drop_filler=True) - _STEP_WORDS
    found = [(len(terms & content_terms(item)), r, u, i) for r, u in _step_lists(hits) for i, item in enumerate(u.items[:-1])]
    found.sort(key=lambda f: -f[0])
    if not found or not found[0][0] or (len(found) > 1 and found[1][0] == found[0][0]):
        return None  # nothing, or two steps, match what was said
    _, r, u, i = found[0]
    return r, u, i + 1


# "what comes first: picking a path, or starting on the foundational requirements?": two steps, in order
_EITHER_FIRST = re.compile(
    r"\bfirst\b\s*(?:on\s+(?:the\s+)?list\s*)?[:,-]?\s+(?:the\s+)?(?P<x>[^?]{2,60}?),?\s+or\s+(?:the\s+)?(?P<y>[^?]{2,60}?)\s*\?"
    r"|(?P<x2>[^?,:]{2,60}?),?\s+or\s+(?:the\s+)?(?P<y2>[^?,]{2,60}?)\s+first\b", re.I)
_STEP_SYNONYMS = {"pick": "choos", "select": "choos", "decid": "choos", "join": "engag", "make": "build", "creat": "build"}


def steps_in_order(question: str, hits: list[Hit]) -> tuple[int, Unit, int, int] | None:
    """(rank, a retrieved list of steps, the index of the step named first, of the other) when the question asks
    which of two steps comes first and each names one step of the list more than any other."""
    m = _EITHER_FIRST.search(own_question(question))
    if m is None:
        return None
    said = [m.group("x") or m.group("x2"), m.group("y") or m.group("y2")]

    def terms(text: str) -> set[str]:
        return {_STEP_SYNONYMS.get(t, t) for t in content_terms(expand_query(text), drop_filler=True)} - _STEP_WORDS

    for r, u in _step_lists(hits):
        picked = []
        for part in said:
            scores = sorted(((len(terms(part) & terms(item)), i) for i, item in enumerate(u.items)), reverse=True)
            if not scores or not scores[0][0] or (len(scores) > 1 and scores[1][0] == scores[0][0]):
                break
            picked.append(scores[0][1])
        if len(picked) == 2 and picked[0] != picked[1]:
            return r, u, picked[0], picked[1]
    return None


_STEP_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
                 "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "last": -1, "final": -1}
_NUMBER_WORD = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)"
# "what are steps one and two?", "step one and step two", "what's step 3?", "the first two steps", "the second step", "the last step"
_STEPS_NAMED = re.compile(
    rf"\bsteps?\s+(?P<a>{_NUMBER_WORD})(?:\s*(?:,|and|&|-|to)\s*(?:step\s+)?(?P<b>{_NUMBER_WORD}))?\b"  # ("step one and step two")
    rf"|\b(?:the\s+)?first\s+(?P<n>{_NUMBER_WORD})\s+steps\b"
    r"|\bthe\s+(?P<o>first|second|third|fourth|fifth|sixth|last|final)\s+step\b"
    # "what's the very first thing it tells me to actually do?": step one of the list of what to do
    r"|\b(?P<o2>first|last|final)\s+thing\s+(?:it|the\s+(?:roadmap|doc\w*|guide))\s+(?:tells?|says?|wants?|asks?)\s+"
    r"(?:me\s+)?(?:to\s+|i\s+should\s+)?(?:actually\s+|really\s+)?do\b"
    # "according to the roadmap what's the very first thing i should do?" (no path or level named: checked below)
    r"|\b(?P<o3>first)\s+thing\s+(?:i\s+(?:should|need\s+to|have\s+to|must|gotta|ought\s+to)\s+|to\s+)(?:actually\s+|really\s+)?do\b",
    re.I,
)


def steps_named(question: str, hits: list[Hit]) -> tuple[int, Unit, list[int]] | None:
    """(rank, a retrieved list of steps, the 0-based indices) for "what are steps one and two?"."""
    # (the last one named is asked about: "step 1 was choosing my path, done. whats step 2 supposed to be?")
    # (in the sentence that asks: "step 5 says engage with community... where does it suggest i hang out?" asks where)
    m = next(reversed(list(_STEPS_NAMED.finditer(asking_sentence(own_question(question))))), None)
    if m is None:
        return None

    def number(word: str) -> int:
        return int(word) if word.isdigit() else _STEP_NUMBERS[word.lower()]

    if m.group("o3") and (paths_named(question, hits) or LEVEL_NUMBER.search(question) or _PATH_WORD.search(question)):
        return None  # "the first thing i should do on the ml track": that level's first topic
    if m.group("n"):
        wanted = list(range(1, number(m.group("n")) + 1))
    elif m.group("o") or m.group("o2") or m.group("o3"):
        wanted = [number(m.group("o") or m.group("o2") or m.group("o3"))]
    else:
        a = number(m.group("a"))
        b = number(m.group("b")) if m.group("b") else a
        wanted = list(range(a, b + 1)) if b >= a else [a]
    for r, u in _step_lists(hits):
        picked = [len(u.items) - 1 if n == -1 else n - 1 for n in wanted]
        if all(0 <= i < len(u.items) for i in picked):
            return r, u, picked
    return None


def select_units(question: str, hits: list[Hit]) -> list[tuple[int, Unit]]:
    """The units of ``hits`` that best match ``question``, best first, as (rank in ``hits``, unit).

    Citations stay tight: the passage holding the best unit gives every unit scoring at least
    ``KEEP_RATIO`` of the best; another passage contributes a unit only when it scores at least
    ``OTHER_RATIO`` of the best *and* matches question words the units kept so far do not (a comparison
    of two sections, a question spanning two). At most ``MAX_LINES``; padded to ``MIN_LINES`` from the
    best passage only, so no section is cited just to fill space.
    """
    # (not the words saying who asks: "Stay-at-home dad, no coworkers to ask stuff. does it list any communities?")
    question_terms = question_terms_of(without_asker(question)) or question_terms_of(question)
    own_terms: set[str] | None = question_terms_of(own_question(question)) & question_terms
    if own_terms is not None and len(own_terms) < 2 and not own_terms & _SECTION_WORDS:
        own_terms = None  # "what comes after that?": the topic it points back to names it (not "nice. and books?")
    names = frozenset(named_terms(question)) - _FIELD_ABBREVIATIONS  # "ML" is the field, not a name like MLflow
    passed = frozenset(t for m in _PASSED.finditer(question) for t in content_terms(m.group(1)))
    if _PAST_CHECK.search(question) and not _PAST_AND_AT.search(question):
        passed = frozenset()  # (but "… past beginner and at intermediate?" asks what marks intermediate)
    units = [(rank, unit) for rank, hit in enumerate(hits) for unit in parse_units(hit)]
    placed = _path_words_named(question, hits)
    common = _common_terms(question_terms, [u for _, u in units]) - placed
    # (a path's name is no phrase to find: "ai integration" names where, not what)
    path_vocab = {t for h in hits if h.headings for t in content_terms(h.headings[0])} | {a.lower() for a in ABBREVIATIONS}
    pairs = frozenset(p for p in word_pairs(own_question(question)) if not set(p) <= path_vocab)
    scored: list[tuple[float, int, int, Unit]] = []
    raw: dict[tuple[int, int], float] = {}  # without the common-word discount: how close a sibling unit comes
    for rank, unit in units:
        scored.append((_score(question_terms, unit, rank, names, own_terms, passed, common, pairs, placed), rank, unit.order, unit))
        raw[(rank, unit.order)] = _score(question_terms, unit, rank, names, own_terms, passed, pairs=pairs, placed=placed)
    if not scored:
        return []
    scored.sort(key=lambda s: (-s[0], s[1], s[2]))
    scored = _path_breaks_tie(question, hits, scored)
    best, best_rank = scored[0][0], scored[0][1]
    overview = next((r for r, h in enumerate(hits) if h.headings and _OVERVIEW_HEADING.match(h.headings[-1])), None)
    named = _named_section(question, hits)
    if overview is not None and _OVERVIEW_Q.search(question):
        # "what does this roadmap cover?": the document's own overview answers, whatever words it shares
        scored = [s for s in scored if s[1] == overview] + [s for s in scored if s[1] != overview]
        best, best_rank = scored[0][0], overview
    elif (step := next_step(question, hits) or steps_named(question, hits)) is not None:
        # "… what do I do right after picking a path?": that list of steps leads
        steps = next(s for s in scored if s[1] == step[0] and s[3] == step[1])
        scored = [steps] + [s for s in scored if s is not steps]
        best, best_rank = steps[0], steps[1]
    elif (_NEXT_LEVEL_Q.search(own_question(question)) and not ORDINAL_STAGE.search(question)
          and (following_level := _next_level_rank(hits, _finished_level(question, hits, named if named is not None else best_rank))) is not None):
        # "finished linear algebra, calculus, ml fundamentals and backprop. what's in the next level?": the level
        # after the one finished, though its topics are named word for word
        scored = [s for s in scored if s[1] == following_level] + [s for s in scored if s[1] != following_level]
        best, best_rank = scored[0][0], following_level
    elif (stage := stage_milestones(question, scored, hits)) is not None:
        # "the milestones for the top level of AI integration": that stage's milestone set, not the level
        scored = [stage] + [s for s in scored if s is not stage]
        best, best_rank = stage[0], stage[1]
    elif ((ordinal := _ordinal_level(question, hits)) is not None and ordinal != best_rank
          # (a title named in the other path places nothing: "the last level of the ai integration path, the
          # advanced one" names ML's Advanced Topics word for word)
          and not (names_whole_title(question, scored[0][3]) and _in_named_path(question, hits, scored[0][1]))
          and _titled(question, scored, hits) is None):
        # "how long is the second stage of the api/llm integration track?": that level, whichever unit shares
        # more words ("api", "llm": Pre-trained Models of Level 1)
        scored = [s for s in scored if s[1] == ordinal] + [s for s in scored if s[1] != ordinal]
        best, best_rank = scored[0][0], ordinal
    elif (named is not None and named != best_rank and not ORDINAL_STAGE.search(question)
          # (a section the person's own words name is not outweighed by the topic the conversation was about: "is that
          # book also in the resource library list (about: book ml path fundamentals)?" asks about the Books list)
          and not names_whole_title(own_question(question) if named == _named_section(own_question(question), hits) else question,
                                    scored[0][3])):  # "the advanced math part": Advanced Mathematics
        # "the advanced ml stage", "my first 6 months": the question names that section by its title or range
        scored = [s for s in scored if s[1] == named] + [s for s in scored if s[1] != named]
        best, best_rank = scored[0][0], named
    elif (FIRST_THING.search(own_question(question)) and not re.search(r"\bor\b", own_question(question), re.I)
          and (paths_named(question, hits) or LEVEL_NUMBER.search(question)) and not names_whole_title(question, scored[0][3])
          and (first := _first_topic(scored, best_rank, hits, question)) is not None):
        # "whats the first thing i should learn if i pick the ml track?": the level's first topic, not the one
        # sharing the path's own word ("ML Fundamentals")
        scored = [first] + [s for s in scored if s is not first]
        best, best_rank = first[0], first[1]
    elif (ready := readiness_milestones(question, scored, hits)) is not None:
        # "how do i know im ready for level 3?": the milestones of the stage before it, not the level itself
        scored = [ready[1]] + [s for s in scored if s is not ready[1]]
        best, best_rank = ready[1][0], ready[1][1]
    elif (preceding := _previous_sibling(question, scored, hits)) is not None:
        # "what comes before model architecture?": the topic before the one named
        scored = [preceding] + [s for s in scored if s is not preceding]
        best, best_rank = preceding[0], preceding[1]
    elif (following := _next_sibling(question, scored, hits)) is not None:
        # "nice, and what's the next tier after those (about: beginner milestones …)?", "what comes after api
        # development?": the topic after the one named
        scored = [following] + [s for s in scored if s is not following]
        best, best_rank = following[0], following[1]
    elif (titled := _titled(question, scored, hits)) is not None:
        # "whats the beginner milestones on the ML side?": the topic named by its whole title leads
        scored = [titled] + [s for s in scored if s is not titled]
        best, best_rank = titled[0], titled[1]
    elif (owned := _own_title(question, scored)) is not None:
        # "what about the intermediate ones (about: beginner milestones …)?": the follow-up's own word picks the topic
        scored = [owned] + [s for s in scored if s is not owned]
        best, best_rank = owned[0], owned[1]
    elif (_AFTER_Q.search(question) and (_NEXT_LEVEL_Q.search(question) or not names_whole_title(question, scored[0][3]))
          and (after := _next_level_rank(hits, best_rank)) is not None):
        # "what comes after that?": the next level of the same path answers, not the level asked about
        scored = [s for s in scored if s[1] == after] + [s for s in scored if s[1] != after]
        best, best_rank = scored[0][0], after
    if is_comparison(question) and (levels := _levels_compared(question, hits)):
        # "the difference between level 3 of the two paths": each path's level, topic by topic
        by_rank = {r: [s for s in scored if s[1] == r and s[3].kind == "topic"] for r in levels}
        picked = [item for r in levels for item in sorted(by_rank[r], key=lambda s: s[2])[: MAX_LINES // len(levels)]]
        if all(by_rank.values()):
            return [(rank, unit) for _, rank, _, unit in picked]
    chosen: list[tuple[float, int, int, Unit]] = []
    covered: set[str] = set()
    best_raw = raw[(scored[0][1], scored[0][2])]
    for item in scored:
        if len(chosen) >= MAX_LINES:
            break
        score, rank, order, unit = item
        matched = (question_terms & unit.terms()) - _NOT_A_TITLE_WORD
        if rank == best_rank:  # the best passage's other units: "month 8 of the ML track" keeps all of Level 2
            keep = score >= KEEP_RATIO * best or raw[(rank, order)] >= KEEP_RATIO * best_raw
        else:
            keep = score >= OTHER_RATIO * best and bool(matched - covered)
        if keep:
            chosen.append(item)
            # (a topic with a book among its resources answers "book": "any book for the system design part?" needs
            # no Resource Library list of books besides)
            covered |= matched | (question_terms & _kinds_held(unit))
    if is_comparison(question):
        # two sibling sections compared (Interview Preparation › AI … and › Machine Learning …): nothing else
        sides = {tuple(hits[r].headings) for _, r, _, _ in chosen}
        parent = tuple(hits[best_rank].headings[:-1])
        if parent and sum(1 for h in sides if h[:-1] == parent) >= 2:
            chosen = [c for c in chosen if tuple(hits[c[1]].headings[:-1]) == parent]
    if is_comparison(question) and all(r == best_rank for _, r, _, _ in chosen):
        # a comparison needs the other side: the best unit of another section (another path or role)
        other = next((s for s in scored if s[1] != best_rank and hits[s[1]].headings != hits[best_rank].headings
                      and s[0] >= COMPARE_RATIO * best), None)
        if other is not None:
            chosen.insert(1, other)
    for item in scored:
        if len(chosen) >= MIN_LINES:
            break
        if item[1] == best_rank and item not in chosen:
            chosen.append(item)
    return _focus_first(question, hits, [(rank, unit) for _, rank, _, unit in chosen],
                        [(rank, unit) for _, rank, _, unit in scored])


def _kinds_held(unit: Unit) -> set[str]:
    """The resource-kind words a topic's resources answer ("book" for '"Designing Data-Intensive Applications"')."""
    return {t for k in ("book", "course", "video", "tutorial", "paper", "guide", "documentation")
            if any(is_of_kind(r, k) for r in unit.resources) for t in content_terms(f"{k} {k}s")}


RESOURCE_KINDS = frozenset(  # words naming a kind of resource, not one resource
    content_terms("resource resources book books course courses tutorial tutorials documentation docs video videos "
                  "guide guides paper papers material materials")
)
_KIND_WORDS = RESOURCE_KINDS | content_terms("thing things anything something stuff topic topics")
_ABOUT_WORDS = frozenset(content_terms("knowledge experience familiarity expertise skills skill background"))


_KIND_OF = re.compile(r"\b(?:a|an|any|some|good|the|other|more)\s+(\w+)", re.I)  # "a book on X": "book" introduces X


def yes_no_focus(question: str, hits: list[Hit], asked: AskedFor | None = None) -> frozenset[str]:
    """What a yes/no question asks about ("is calculus part of the ML foundation?": calculus), without words
    naming only a kind of thing ("is there a book on X": X) or a path of the passages ("is MLOps only in the
    machine learning engineering path?": MLOps); empty for other questions. ``asked``: ``asked_for(question)``
    when the caller has it already."""
    asked = asked or asked_for(question)
    if asked.kind != "yesno":
        return frozenset()
    paths = {t for h in hits if len(h.headings) > 1 for t in content_terms(h.headings[0])}
    # a kind word is dropped when it introduces the thing ("a book on X"), not when it is part of it ("research papers")
    kinds = {t for m in _KIND_OF.finditer(question) for t in content_terms(m.group(1))} & _KIND_WORDS
    # ("if I go the AI integration route": a path named in words, whose own passages may not have been retrieved)
    said_paths = {t for m in _PATH_SAID.finditer(question) for t in content_terms(m.group(0))}
    return frozenset(asked.focus - kinds - _ABOUT_WORDS - paths - said_paths - GENERIC_PATH - {a.lower() for a in ABBREVIATIONS})


_PATH_SAID = re.compile(r"\b(?:ai\s+)?(?:integration|ml|machine\s+learning)(?:\s+engineering)?\s+(?:track|path|route|side|one)\b", re.I)


_NOT_THIS = re.compile(r"\b(?:instead\s+of|rather\s+than|not|over|vs\.?|versus)\s+(?:the\s+)?[\w-]+(?:\s+(?:engineering|path|track))?"
                       # "hang out with ML people": the field, not a path
                       r"|\b(?:ml|ai)\s+(?:people|folks|peeps|nerds|crowd|enthusiasts|friends|community|communities|world|space|news)\b", re.I)
GENERIC_PATH = frozenset(content_terms("engineering engineer path track route side role"))


def paths_named(question: str, hits: list[Hit]) -> set[str]:
    """The paths (top headings of retrieved level passages) ``question`` names, abbreviations spelled out and a
    path it turns away from ("instead of ML") left out."""
    asking = asking_sentence(question)
    if asking != question and (named := paths_named(asking, hits)):
        return named  # "i thought mlops was only for ML engineers. does the integration path have any?"
    words = content_terms(expand_query(_NOT_THIS.sub(" ", question)))
    named = set()
    for hit in hits:
        if len(hit.headings) > 1 and LEVEL_NUMBER.search(" ".join(hit.headings[1:])):
            key = content_terms(hit.headings[0]) - GENERIC_PATH
            # "the integration path" names "AI Integration Engineering Path": a two-letter word is often left out
            distinct = {w for w in key if len(w) > 2}
            if key and (key <= words or (distinct and distinct <= words)):
                named.add(hit.headings[0])
    return named


def in_paths(hit: Hit, paths: set[str]) -> bool:
    """Is ``hit`` in one of ``paths``, about its role elsewhere (Interview Preparation › Machine Learning
    Engineer), or in a section every path shares (the common prerequisites)?"""
    if not hit.headings:
        return False
    words = content_terms(" ".join(hit.headings))
    return (hit.headings[0] in paths or any(content_terms(p) - GENERIC_PATH <= words for p in paths)
            or is_shared_section(hit))


def _to_front(units: list[tuple[int, Unit]], first: tuple[int, Unit]) -> list[tuple[int, Unit]]:
    return [first, *(c for c in units if c != first)]


def _one_line_names(focus: frozenset[str], unit: Unit) -> bool:
    return any(focus_covered(focus, content_terms(line)) == len(focus) for line in [unit.title, *unit.items])


def covers_focus(focus: frozenset[str], unit: Unit, whole: bool = False, resources: bool = True) -> bool:
    """Does ``unit``'s own text (title, items and, with ``resources``, its resources; not its headings) name
    the ``focus`` words (all of them with ``whole``)?"""
    if not focus:
        return False
    text = [unit.title, *unit.items, *(unit.resources if resources else [])]
    found = focus_covered(focus, content_terms(" ".join(text)))
    return found >= (len(focus) if whole else max(1, (len(focus) + 1) // 2))


def _focus_first(
    question: str, hits: list[Hit], chosen: list[tuple[int, Unit]], scored: list[tuple[int, Unit]]
) -> list[tuple[int, Unit]]:
    """For a yes/no question ("is calculus part of the ML foundation?"), the unit naming the thing asked about
    leads, even when words of the level or path ("foundation", "ML") scored another unit higher; one that
    was not selected but names all of it is brought in. Asked of every path ("in both paths, or only one?"),
    the best such unit of each other path is added too."""
    focus = yes_no_focus(question, hits)
    if not focus:
        return chosen
    asked_words = content_terms(expand_query(question)) - focus

    def rank(c: tuple[int, Unit]) -> tuple[bool, int]:
        # its own items name it first; then the section the rest of the question is about ("interviews")
        return not covers_focus(focus, c[1], resources=False), -len(asked_words & content_terms(" ".join(hits[c[0]].headings)))

    naming = sorted((c for c in chosen if covers_focus(focus, c[1])), key=rank)
    # one line naming all of it ("Research papers") before a topic that names it across lines ("Research &
    # Development: Paper implementation"); a selected unit first, else one of any retrieved passage
    whole = next((c for c in [*naming, *scored] if _one_line_names(focus, c[1])), None)
    if whole is not None and len(focus) > 1 and naming and not _one_line_names(focus, naming[0][1]):
        naming = _to_front(naming, whole)
    if not naming:
        extra = next((c for c in scored if covers_focus(focus, c[1], whole=True)), None)
        if extra is None:
            return chosen
        naming = [extra]
    named = paths_named(question, hits)
    section = _named_section(own_question(question), hits)
    if section is not None and (in_section := next((c for c in naming if c[0] == section), None)) is not None:
        # "is that book (Hands-On …) also in the resource library's book list?": the section the question names
        naming = _to_front(naming, in_section)
    elif named and not any(in_paths(hits[r], named) for r, _ in naming[:1]):
        # "do I still need math if I pick AI integration instead of ML?": what that path (or a prerequisite every
        # path shares) says, not the other path's topic
        ours = next((c for c in scored if in_paths(hits[c[0]], named) and covers_focus(focus, c[1], resources=False)), None)
        if ours is not None:
            naming = _to_front(naming, ours)
    every_path = bool(EVERY_PATH_Q.search(question))
    if every_path:  # "do I need calculus for both tracks?": a prerequisite they share answers
        shared = next((c for c in scored if is_shared_section(hits[c[0]])
                       and covers_focus(focus, c[1], whole=True, resources=False)), None)
        if shared is not None:
            naming = _to_front(naming, shared)
    lead_rank = naming[0][0]
    # another passage's unit stays only when it names what is asked about too ("Python" in a book title does not)
    result = [c for c in naming if c[0] == lead_rank or covers_focus(focus, c[1], resources=False)]
    result += [c for c in chosen if c not in naming and c[0] == lead_rank]
    if every_path and not is_shared_section(hits[lead_rank]):
        paths = {hits[r].headings[0] for r, _ in naming if hits[r].headings}
        for r, unit in scored:
            path = hits[r].headings[0] if hits[r].headings else ""
            if path and path not in paths and covers_focus(focus, unit, whole=True, resources=False):
                result.insert(len(paths), (r, unit))
                paths.add(path)
    return result[:MAX_LINES]


def extractive_lines(question: str, hits: list[Hit]) -> list[str]:
    """The detail lines of an extractive answer: one ``- unit [n]`` line per selected unit."""
    return [f"- {unit.text()} [{rank + 1}]" for rank, unit in select_units(question, hits)]
