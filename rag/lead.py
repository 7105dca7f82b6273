"""Answer first: the lead sentence that answers the question, composed from the retrieved structure.

A person asking a mentor wants the answer in the first sentence — the fact, the choice, the duration,
yes or no — then the detail. :func:`compose_lead` writes that sentence deterministically from the units
the extractive scorer picked (a roadmap topic with its items and resources, a list, a sentence), the
heading path they sit under (path, ``Level N: Name (duration)``) and what kind of answer the question
asks for (:func:`rag.answerability.asked_for` plus a few phrasings: resources, a level as a whole, a
comparison, a choice of path). It returns the sentence and the *facts* it carries (the item names, the
duration, the path), so an LLM's answer can be checked: :func:`carries_answer` is true when the model's
first sentence is prose and names enough of those facts; otherwise the chain puts the composed lead first.

:func:`first_sentence` is the rule the evaluation uses too: the first non-empty line, which must be prose
(a list item, a heading or a section label is not a sentence), without ``[n]`` and bold markers, cut after
the first ``.``, ``!`` or ``?`` followed by a space.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rag.answerability import ORG_PATTERN as _ORG
from rag.answerability import PERSON_PATTERN as _PERSON
from rag.answerability import asked_for, focus_covered, is_of_kind, named_in, one_of_two_listed
from rag.extractive import (
    AFTER_NAMED_Q,
    BEFORE_NAMED_Q,
    EVERY_PATH_Q,
    FIRST_THING,
    GENERIC_PATH,
    ORDINAL_STAGE,
    READY_FOR_Q,
    RESOURCE_KINDS,
    WHICH_HAS_Q,
    Unit,
    covers_focus,
    in_paths,
    is_shared_section,
    names_whole_title,
    next_step,
    parse_units,
    paths_named,
    select_units,
    steps_in_order,
    steps_named,
    yes_no_focus,
)
from rag.schema import LABEL_SEP, Hit
from rag.terms import (
    ABBREVIATIONS,
    COUNTS_AS_PREREQ,
    EVERY_LEVEL,
    LEVEL_NUMBER,
    PATH_NAME_WORDS,
    STAGE_CHOICE,
    STAGE_YES_NO,
    STRUCTURE_Q,
    TOOLS_FOR_Q,
    asking_part,
    asking_sentence,
    content_terms,
    expand_query,
    month_points,
    named_terms,
    own_question,
    parse_months,
    point_in_span,
    qualifier,
    stem,
    without_asker,
    word_pattern,
)

__all__ = [
    "LIST_ITEM",
    "Lead",
    "carries_answer",
    "compose_lead",
    "extractive_answer",
    "first_sentence",
    "is_label_line",
    "paths_asked",
    "first_sentence_and_reason",
    "is_prose_line",
]

_LEVEL = re.compile(r"^Level\s+(\d+)\s*:\s*(.+?)\s*(?:\(([^)]*)\))?\s*$", re.I)
_RESOURCE_Q = re.compile(
    r"\b(resources?|books?|courses?|tutorials?|documentation|docs|read(?:ing)?|watch|videos?|materials?|"
    r"where\s+(?:can|do|should)\s+i\s+(?:learn|study|read|practi[cs]e)|recommendations?|points?\s+(?:me|you|us)\s+to"
    r"|(?:suggest|recommend)s?\s+(?:i\s+)?(?:use|using))\b",  # "what does it suggest using for the middle one?"
    re.I,
)
# "which of those is a book?": the one of that kind among the resources just named
_KIND_AMONG = re.compile(r"\bwhich\s+(?:one\s+)?of\s+(?:those|these|them|the\s+\w+)\s+(?:is|are)\s+(?:an?\s+|the\s+)?(?P<kind>book|course|video|tutorial)s?\b", re.I)
# "… without spending money?", "for free": the free option a topic's resources name
_FREE_Q = re.compile(r"\b(?:for\s+free|free(?:\s+of\s+charge)?\s+(?:way|option|tier|version|resources?|stuff)|without\s+(?:spending|paying)"
                     r"|(?:no|zero|low)[\s-]+(?:cost|budget|money)|on\s+a\s+(?:tight\s+)?budget|cheap(?:ly|est)?\b|broke\b)", re.I)
# "what are the skills? Not the courses, the topics themselves": resources the person does not want
_NOT_RESOURCES = re.compile(r"\b(?:not|no|without)\s+(?:the\s+|any\s+)?" + _RESOURCE_Q.pattern, re.I)
_TOPICS_ASKED = re.compile(r"\bwhat\s+(?:topics|subtopics|skills|concepts)\b|\b(?:topics|subtopics|skills)\s+(?:does|do|are|is)\b", re.I)
_WHICH_LEVEL_AM_I = re.compile(r"\b(?:which|what)\s+(?:level|stage)\s+(?:am\s+i|would\s+(?:that|this)\s+(?:put|make)\s+me|does\s+that\s+put\s+me|i'?m)\b", re.I)
_LEVEL_Q = re.compile(
    r"\b(level|stage|start|begin|first\s+(?:six|6|\w+)\s+months|advanced\s+level|expertise|foundation|"
    r"covered\s+at|what\s+comes\s+after|after\s+that|month\s+\d+|\d+\s+months\s+in|first\s+~\s*\d+\s+months)\b",  # "around month 8": its level
    re.I,
)
# "the main topics in the advanced level of the api / integration path", "the other topics in that same level":
# the level's topics, whichever topic shares the question's words
_TOPICS_OF_LEVEL = re.compile(  # (not "the advanced topics in the last stage": a topic's own title)
    r"\b(?:the|other|main|key|core|all|what|which|remaining|different|major|big)\s+"
    r"(?:topics?|things|subjects|areas|parts)\s+(?:are\s+)?(?:in|of|for|at|on)\s+(?:the\s+|that\s+|this\s+)?"
    r"(?:same\s+|whole\s+)?(?:[\w/-]+\s+){0,2}(?:level|stage|phase|tier)\b"
    # "what else is in that same stage apart from those?"
    r"|\bwhat\s+else\s+(?:is|comes|do\s+i\s+(?:learn|do|get))\s+(?:\w+\s+)?(?:in|at|on|during)\s+(?:the\s+|that\s+|this\s+)?(?:same\s+)?(?:level|stage|phase|tier)\b"
    # "finished … what's in the next level?", "what do i learn in the next stage?"
    r"|\bwhat(?:'?s|\s+is|\s+do\s+i\s+(?:learn|study|do|cover)|\s+comes)\s+(?:up\s+)?(?:in|during|at)\s+(?:the\s+)?next\s+(?:level|stage|phase|tier)\b"
    # "what do I study in the advanced part of the integration track?": a stage named by its word
    r"|\bwhat(?:'?s|\s+is|\s+(?:do|will|would|should)\s+i\s+(?:learn|study|do|cover|be\s+(?:learning|studying|doing)))\s+(?:in|during|at)\s+"
    r"(?:the\s+)?(?:first|second|third|last|final|advanced|beginner|intermediate|middle|foundation(?:al)?|expert(?:ise)?|top|highest|early|later?)\s+"
    r"(?:part|level|stage|phase|tier|bit|section)\b",
    re.I,
)
# "… too? what does it cover?", "and what's in it?": a yes/no that also asks for the topic's contents
_WHAT_IT_COVERS_Q = re.compile(r"\bwhat\s+(?:does|do|would|will)\s+(?:it|that|this|they|those)\s+(?:cover|include|involve|teach|contain|have\s+in\s+it)\b"
                               r"|\bwhat'?s\s+in\s+(?:it|that|there)\b", re.I)
_NEXT_RESOURCE_Q = re.compile(r"\bnext\s+(?:resource|book|course|one|thing\s+to\s+(?:read|watch|take))\s+(?:after|once\s+i'?ve\s+done)\s+(?P<what>[^?]+)", re.I)
_BOTH_HAVE_Q = re.compile(r"\b(?:do|does|are|is)\s+both\s+(?:paths|tracks|of\s+them)\s+(?:have|include|cover|teach|need|do)\b", re.I)
# "when do transformers come up in ML level 1?", "at what point in the ML path do I learn FastAPI?": a place named
_WHEN_IN_PLACE = re.compile(
    r"^\W*when\s+(?P<aux>do|does|will|would|should|is|are)\s+(?P<rest>[^?.]*?\b(?:in|on|during)\s+(?:the\s+)?(?:(?:ml|ai|integration|machine\s+learning)\b[^?.]*|level\s+\d[^?.]*))\?"
    r"|^\W*at\s+what\s+(?:point|stage|time)\s+(?P<place>(?:in|on|of)\s+(?:the\s+)?(?:ml|ai|integration|machine\s+learning)\b[^?.]*?)\s+(?P<aux2>do|does|will|would|should)\s+(?P<rest2>[^?.]+)\?",
    re.I)


def when_as_yes_no(question: str) -> str:
    """The yes/no a "when … in <place>?" question stands for ("" when it names no place)."""
    asking = asking_sentence(question) if question else ""
    m = _WHEN_IN_PLACE.search(asking) or _WHEN_IN_PLACE.search(question)
    if m is None:
        return ""
    if m.group("aux"):
        return f"{m.group('aux')} {m.group('rest')}?"
    return f"{m.group('aux2')} {m.group('rest2')} {m.group('place').replace('of ', 'in ', 1)}?"


_THE_ONLY_Q = re.compile(r"\b(?:is|are)\s+(?P<x>[\w.+#-]+)\s+the\s+only\s+(?:one|\w+)\b", re.I)
# "what do both paths have in common?", "what do the two tracks share?": what they share (not one named topic of it)
_IN_COMMON_Q = re.compile(r"\b(?:in\s+common|overlap|(?:both|two)\s+(?:paths|tracks)\s+(?:\w+\s+)?share|shared\s+between"
                          # "what do I need to know before I start either of the two paths?": what both assume
                          r"|before\s+(?:i\s+|you\s+)?(?:start|begin)(?:ing)?\s+(?:on\s+)?(?:either|both|any)(?:\s+of\s+the\s+(?:two|2))?\s+(?:paths?|tracks?))\b", re.I)
_TOPIC_NAMING = frozenset(content_terms("math maths mathematics programming python tools statistics calculus algebra git sql docker"))
_COMPARE_Q = re.compile(r"\b(differ\w*|difference|compare|comparison|versus|vs\.?|both|each\s+path|the\s+two)\b", re.I)
_CHOICE_Q = re.compile(r"\bwhich\s+(?:path|role|track|one|career)\b|\bwhat\s+(?:path|track|route)\b(?!\s+(?:has|have|covers?|includes?|teach))|\bwhich\s+of\s+the\s+(?:two\s+|2\s+)?(?:paths?|tracks?)\b|\b(?:path|role|track)\s+(?:fits|suits|matches)\b", re.I)
_WHERE_Q = re.compile(
    r"\bwhere\s+(?:(?:in|on)\s+(?:the\s+|this\s+)?(?:roadmap|doc|document|guide)\s+)?(?:does|do|would|will|is|are)\b[^?]*"
    r"\b(?:fit|come\s+in|come\s+up|show\s+up|belong|sit|go(?!\s+to\s+(?:re)?(?:learn|study|brush|practi)))\b"
    r"|\bwhich\s+(?:path\s+and\s+(?:which\s+)?level|level(?:\s+and\s+path)?)\s+(?:is|are|has|does|do|covers?|uses|recommends|lists|includes)\b"
    r"|\b(?:what|which)\s+(?:level|stage)\s+(?:is|are)\b|\bwhich\s+path\s+and\s+(?:what\s+|which\s+)?level\b"
    r"|\b(?:what|which)\s+(?:level|stage)\s+of\s+(?:the\s+)?[\w\s-]{1,30}?\s+(?:is|are|has|have|does|do|covers?|teach(?:es)?|includes?)\b"
    r"|\b(?:in|at)\s+(?:what|which)\s+(?:level|stage)\b",
    re.I,
)
_WHICH_PATH_Q = re.compile(r"\b(?:which|what)\s+(?:path|track|route)\b|\bpath\s+and\s+(?:which\s+|what\s+)?level\b", re.I)
_BASIC_ENOUGH_Q = re.compile(r"(?:^|[,;]\s*)\W*(?:is|are|would)\s+(?:a\s+|the\s+|an\s+)?(?:basic|basics|beginner|entry[- ]level|some|a\s+bit\s+of|rough|light|intermediate|mid[- ]level)\b"
                             r"[^?]{0,50}\b(?:enough|ok(?:ay)?|fine|sufficient|acceptable)\b", re.I)  # "is beginner python ok?"
_INCLUDES_Q = re.compile(r"\b(?:include|includes|involve|involves|cover|covers|consist|mean|entail)\b", re.I)
# "is the goodfellow one also used somewhere in the actual learning paths?": in a level, not the Resource Library
_IN_PATHS_Q = re.compile(r"\b(?:in|on|inside)\s+(?:one\s+of\s+)?(?:the\s+|any\s+|a\s+)?(?:actual\s+)?(?:learning\s+)?(?:paths?|tracks?|levels?)\b", re.I)
_CONDITION = re.compile(r"\s+(?:if|since|because)\s+", re.I)
_ASKING_WORDS = frozenset(content_terms("rec recs recos suggestions suggestion list any some good best"))
_GENERIC_NOUNS = frozenset(content_terms("topic topics subject subjects area areas skill skills stuff thing things"))
_LEVEL_NAMED = re.compile(r"\b(?:foundation|foundational|advanced|expertise)\s+(?:level|stage|phase|part|bit)\b|\blevel\s+\d\b", re.I)
_NEXT_LEVEL_Q = re.compile(r"\b(?:next|following)\s+(?:level|stage|phase|part)\b(?!\s+(?:is|after))"
                           r"|\b(?:comes?|is)\s+(?:right\s+)?after\s+(?:the\s+)?(?:level\s+\d|\w+\s+(?:level|stage|phase))\b", re.I)  # "what comes after level 1"
_MIDDLE_LEVEL_Q = re.compile(r"\b(?:middle|second|2nd|intermediate)\s+(?:level|stage|phase|part)\b", re.I)
_WORD_BEFORE_LEVEL = re.compile(r"\b(\w+)\s+(?:level|stage|part|phase)\b", re.I)
_TOP_LEVEL_Q = re.compile(r"\b(?:top|last|final|highest)\s+(?:level|stage|phase|tier)\b|\bthe\s+end\b|\bwhole\s+path\b|\ball\s+the\s+way\b", re.I)
_ROLE = re.compile(r"\b(?:Engineer(?:ing)?|Path|Track|Role|Developer|Scientist|Analyst)\b")


@dataclass
class Lead:
    sentence: str  # one prose sentence ending with its [n] citation(s) and a full stop
    facts: list[str] = field(default_factory=list)  # what it answers with (items, duration, path)
    used_resources: bool = False  # the sentence already names the best unit's resources
    about_unit: bool = True  # the sentence describes the best unit itself (its detail line is shortened)


def _join(names: list[str], limit: int = 5) -> str:
    names = [n for n in dict.fromkeys(n.strip() for n in names) if n][:limit]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


@dataclass
class _Where:
    path: str = ""  # "AI Integration Engineering Path"
    level: str = ""  # "Level 2: Integration"
    duration: str = ""  # "6-12 months"
    headings: tuple[str, ...] = ()

    @property
    def short(self) -> str:
        """"Level 2: Integration of the AI Integration Engineering Path, 6-12 months" or the heading path."""
        if self.level and self.path:
            text = f"{self.level} of the {self.path}"
            return f"{text}, {self.duration}" if self.duration else text
        return ", ".join(self.headings)


def _where(hit: Hit) -> _Where:
    where = _Where(headings=tuple(hit.headings))
    for heading in hit.headings:
        if m := _LEVEL.match(heading):
            where.level = f"Level {m.group(1)}: {m.group(2)}"
            where.duration = (m.group(3) or "").strip()
        elif not where.path and heading is hit.headings[0]:
            where.path = heading
    if not where.level:
        where.path = ""
    return where


def _cite(ranks: list[int]) -> str:
    return "".join(f"[{r + 1}]" for r in dict.fromkeys(ranks))


def _sentence(text: str, ranks: list[int]) -> str:
    text = text.strip().rstrip(".:;,")
    return f"{text[0].upper()}{text[1:]} {_cite(ranks)}."


def _matched_items(question: str, unit: Unit) -> list[str]:
    terms = content_terms(question, drop_filler=True)
    return [i for i in [*unit.items, *unit.resources] if terms & content_terms(i)]


_RESOURCE_KIND = RESOURCE_KINDS | content_terms("name named called")
_BESIDES = re.compile(r"\b(?:besides|other\s+than|apart\s+from|except(?:\s+for)?|beyond)\s+((?:the\s+)?[\w.-]+(?:\s+[\w.-]+){0,2})", re.I)
_ABBREVIATION_WORDS = frozenset(a.lower() for a in ABBREVIATIONS)
_FIELD_WORDS = _ABBREVIATION_WORDS | content_terms("machine learning ai side path track")


def _abbreviations_of(path: str) -> set[str]:
    """The abbreviations a path's title spells out ("ml" for the Machine Learning Engineering Path)."""
    return {a.lower() for a, meaning in ABBREVIATIONS.items() if meaning in path.lower()}


def _named_resources(question: str, unit: Unit) -> list[str]:
    """The resources of a topic that ``question`` singles out by a word of their own ("Udemy", "GitHub", "MIT"):
    words of the topic's title and headings, and words naming a kind of resource, do not single one out."""
    if unit.kind != "topic" or len(unit.resources) < 2:
        return []
    # (the asking part only: "what libs/courses r mentioned? i only know nltk a bit" singles out none)
    # (a parenthesised list says which part is meant: "for the nlp part (sentence transformers, tokens), what
    # resources?" singles out none)
    asked = re.sub(r"\([^()]*\)", " ", asking_part(question))
    passed = {t for m in _BESIDES.finditer(asked) for t in content_terms(m.group(1))}  # "besides the X docs …"
    # (nor the words of the topic's own items: "the go-to resource for api security" names the topic's API security,
    # not the "API security courses" among its resources)
    terms = (content_terms(asked, drop_filler=True) - _RESOURCE_KIND - content_terms(f"{unit.title} {unit.context}") - passed
             - content_terms(" ".join(unit.items)))
    named = [r for r in unit.resources if terms & content_terms(r)]
    # "which book does it point to for …?": the kind asked for decides ("High Performance Python book", not the
    # "Scaling Python applications course" that shares "scaling")
    kinds = {k.lower() for k in _ASKED_KIND.findall(asked)}
    if re.search(r"\bcourses\b", asked, re.I):  # ("which courses for the ML fundamentals part?": what to learn from, all of it)
        kinds.discard("course")
    every_kind = {k.lower().rstrip("s") for k in _KIND_WORD.findall(asked)}  # "which courses/tutorials": two kinds
    of_kind = _of_kinds(unit.resources, sorted(kinds))
    if len(kinds) == 1 and len(every_kind) == 1 and of_kind and len(of_kind) < len(unit.resources):
        named = [r for r in named if r in of_kind] or of_kind
    return named if len(named) < len(unit.resources) else []


_KIND_WORD = re.compile(r"\b(books?|courses?|videos?|tutorials?|papers?|guides?|workshops?|docs|documentation)\b", re.I)
_ONE_PATH_WORD = re.compile(r"\b(?:path|track|side|route)\b", re.I)
_ASKED_KIND = re.compile(r"\b(?:which|what)\s+(?:\w+\s+)?(book|course|video|tutorial|paper|guide|workshop)s?\b", re.I)
# "is there a book it recommends for system design?": whether one of that kind is listed (a yes/no answer names it)
_KIND_EXISTS = re.compile(r"\b(?:is\s+there\s+(?:an?|any)|are\s+there\s+any|any)\s+(?:good\s+|specific\s+|particular\s+|single\s+|recommended\s+)?(?P<kind>book|course|video|tutorial)s?\b", re.I)


_KIND_TERMS = frozenset(content_terms("book books course courses video videos tutorial tutorials specific particular good"))


def _kind_among_sentence(kind: str, of: list[str], where_text: str) -> str:
    """"The book among them is "Deep Learning" book, a resource for Model Architecture (…)"."""
    verb = f"{kind} among them is" if len(of) == 1 else f"{kind}s among them are"
    return f"The {verb} {_join(of, 3)}, {'a resource' if len(of) == 1 else 'resources'} for {where_text}"


def _kinds_asked(question: str) -> list[str]:
    """The kinds of resource a yes/no question asks whether there is ("is there a book or a course for it?": book,
    course); none unless it asks so."""
    own = own_question(question)
    if not _KIND_EXISTS.search(own):
        return []
    kinds = list(dict.fromkeys(k.lower() for k in re.findall(r"\b(book|course|video|tutorial)s?\b", asking_part(own), re.I)))
    # (not courses alone: a course is named many ways, "Stanford CS231n", "Deep Learning Specialization")
    return [] if kinds == ["course"] else kinds


def _of_kinds(resources: list[str], kinds: list[str]) -> list[str]:
    """The ``resources`` of any of ``kinds``."""
    return [r for r in resources if any(is_of_kind(r, k) for k in kinds)]


_STAGES = {1: "beginner", 2: "intermediate", 3: "advanced"}


def _one_stage(asked: re.Match[str], chosen: list[tuple[int, Unit]], hits: list[Hit]) -> Lead | None:
    """"Is a production QA system considered a beginner project?": No, it is one of the Intermediate Milestones;
    a level's number gives its stage (1 beginner, 2 intermediate, 3 advanced)."""
    words = content_terms(expand_query(asked.group("x")), drop_filler=True) - GENERIC_PATH - _ABBREVIATION_WORDS
    for r, u in chosen:
        items = [i for i in u.items if words and len(words & content_terms(i)) * 2 >= min(len(words), len(content_terms(i)))]
        if u.kind not in ("topic", "list") or not items:
            continue
        w = _where(hits[r])
        number = re.search(r"\d+", w.level or "")
        stage = (u.title.split()[0].lower() if "milestone" in u.title.lower() else
                 _STAGES.get(int(number.group(0)), "") if number else "")
        if not stage:
            continue
        said = asked.group("stage").lower().replace("entry", "beginner")
        where_text = f"{u.title} ({w.short or u.context})" if u.title else (w.short or u.context)
        text = f"{'Yes' if stage == said else 'No'}: the roadmap lists {items[0]} under {where_text}"
        return Lead(_sentence(text, [r]), ["Yes" if stage == said else "No", items[0], u.title or stage], about_unit=False)
    return None


def _role_or_path(where: _Where) -> str:
    """The path or role a passage is about: its path heading, else its last heading (a role, a milestone set)."""
    if where.path:
        return where.path
    return where.headings[-1] if where.headings else ""


# "can i skip the math stuff if i go the integration route?": Yes would mean the roadmap lists it, so the answer is No
_SKIP_Q = re.compile(
    r"^\W*(?:so\s+|and\s+|but\s+|ok(?:ay)?\s+)?(?:(?:can|could|may|should)\s+i\s+(?:just\s+|safely\s+|really\s+|totally\s+)?"
    r"|is\s+it\s+(?:ok(?:ay)?|fine|safe)\s+to\s+)(?:skip|ignore|drop|leave\s+out)\b"
    # "can i learn ml without calculus?": Yes would mean it is not needed, and the roadmap lists it
    r"|^\W*(?:so\s+|and\s+|but\s+)?(?:can|could|is\s+it\s+(?:ok(?:ay)?|possible|fine)\s+to)\s+(?:i\s+)?(?:learn|do|start|finish|get\s+through|"
    r"become|follow|go\s+for|take)\b[^?]{0,40}\bwithout\b", re.I)
# "is pytorch or tensorflow recommended?", "does it use mlflow or wandb?": one of two names, asked yes or no
_EITHER_YES_NO = re.compile(
    r"^\W*(?:is|are|does\s+(?:it|the\s+\w+(?:\s+\w+)?)\s+(?:use|recommend|mention|cover|list)|do\s+they\s+(?:use|recommend|want))\s+"
    r"(?P<a>[\w.+#-]{2,20})\s+or\s+(?P<b>[\w.+#-]{2,20})"
    r"(?:\s+(?:recommended|used|covered|mentioned|listed|in\s+(?:there|it|the\s+\w+)|preferred|suggested))?\s*\??\s*$", re.I)


# "what technical topics come up in interviews for an AI integration engineer, and is system design one of them?"
_AND_IS_ONE = re.compile(r"^(?P<first>\W*(?:what|which)\b[^?]{4,}?)(?:,?\s+and|\?\s*(?:also|and)?,?)\s+(?:is|are)\s+(?P<x>[^?]{2,40}?)\s+"
                         r"(?:one\s+of\s+them|among\s+them|on\s+(?:the|that)\s+list|in\s+there|included|part\s+of\s+it"
                         r"|mentioned(?:\s+anywhere)?(?:\s+(?:in\s+)?there)?)\s*\??\s*$", re.I)  # "… ? Also, is CI/CD mentioned anywhere there?"


def _with_membership(question: str, hits: list[Hit]) -> Lead | None:
    """The list the first part asks for, then whether the thing the second part names is in it."""
    m = _AND_IS_ONE.search(own_question(question))
    if m is None:
        return None
    first = m.group("first").strip() + "?"
    chosen = select_units(first, hits)
    lead = _compose_lead(first, chosen, hits) if chosen else None
    if lead is None or not chosen:
        return None
    r, unit = chosen[0]
    x = m.group("x").strip()
    wanted = content_terms(x) - _GENERIC_NOUNS
    found = [i for i in unit.items if wanted and wanted <= content_terms(i)]
    resource = [i for i in unit.resources if wanted and wanted <= content_terms(i)]
    body = lead.sentence.rstrip()
    cite = re.search(r"\s*(\[\d+\](?:\[\d+\])*)\.?$", body)
    core = body[: cite.start()] if cite else body.rstrip(".")
    tail = (f"{found[0]} is one of them" if found else f"{x} is mentioned: {resource[0]} is one of its resources" if resource
            else f"{x} is not among them")
    return Lead(f"{core}; {tail}{(' ' + cite.group(1)) if cite else ''}.", lead.facts, lead.used_resources, lead.about_unit)


def compose_lead(question: str, chosen: list[tuple[int, Unit]], hits: list[Hit]) -> Lead | None:
    """The lead sentence over ``chosen`` units (``(rank in hits, unit)``, best first); None when nothing fits."""
    if (both := _with_membership(question, hits)) is not None:
        return both
    if (as_yes_no := when_as_yes_no(own_question(question))) and (focus := yes_no_focus(as_yes_no, hits)) and (
            lead := _yes_lead(as_yes_no, focus, select_units(as_yes_no, hits), hits)) is not None:
        # "When do transformers come up in ML level 1? I can't find them": asked as "do transformers come up in ML level
        # 1?", so a wrong place gets "No: … in Level 2 …, not in Level 1" and a right one the place ("The roadmap lists …")
        if lead.sentence.startswith("Yes: "):  # (a "when" wants the place, not a yes)
            body = lead.sentence[len("Yes: "):]
            return Lead(body[:1].upper() + body[1:], [f for f in lead.facts if f != "Yes"], lead.used_resources, lead.about_unit)
        return lead
    lead = _compose_lead(question, chosen, hits)
    if lead is not None and lead.sentence.startswith("Yes: ") and (pick := _EITHER_YES_NO.search(own_question(question))):
        # "is pytorch or tensorflow recommended?": the one the roadmap has, and the one it does not
        text = "\n".join(h.text for h in hits)
        found = {w: m.group(0) for w in (pick.group("a"), pick.group("b")) if (m := named_in(w, text))}  # (as the roadmap spells it)
        if len(found) == 2:
            return Lead("Both" + lead.sentence[3:], ["Both", *lead.facts], lead.used_resources, lead.about_unit)
        if len(found) == 1:
            (said, spelled), = found.items()
            other = pick.group("b") if said == pick.group("a") else pick.group("a")
            sentence = lead.sentence[len("Yes: "):].rstrip(".")
            cite = re.search(r"\s*(\[\d+\])$", sentence)
            body = sentence[: cite.start()] if cite else sentence
            return Lead(f"{spelled}: {body}; it does not mention {other}{cite.group(0) if cite else ''}.",
                        [spelled, *lead.facts[1:]], lead.used_resources, lead.about_unit)
    if lead is not None and (counted := _with_count(question, lead, hits)) is not None:
        return counted
    if lead is not None and lead.sentence.startswith("Yes") and (
            _DOUBT_CONFIRM.search(own_question(question)) or _SKIP_Q.search(own_question(question))
            # "Is API security something I only deal with late in the integration path?": No, it comes early
            or (_ONLY_LATE.search(own_question(question)) and re.search(r"\bLevel [12]\b|Prerequisites", lead.sentence))):
        # "for ml engineer interviews the math won't really come up right?": it does, so the answer to the doubt is No
        return Lead("No" + lead.sentence[3:], ["No", *lead.facts], lead.used_resources, lead.about_unit)
    return lead


_RESOURCES_ASKED = re.compile(r"\b(?:resources?|materials?|anything\s+to\s+(?:read|study|learn\s+from))\b", re.I)
_NOT_INCLUDED = re.compile(r"\b(?:doesn'?t|does\s+not|don'?t|do\s+not|never)\s+(?:include|have|cover|teach|mention|need|require)\b"
                           r"|\bwithout\b", re.I)
_ONLY_LATE = re.compile(r"^\W*(?:is|are)\b[^?]*\bonly\b[^?]{0,40}\b(?:late|later|at\s+the\s+(?:end|very\s+end)|in\s+(?:the\s+)?(?:last|final)\s+"
                        r"(?:level|stage)|in\s+level\s+3|advanced\s+(?:level|stage))\b", re.I)
_WHAT_ELSE = re.compile(r"\bwhat\s+else\s+(?:is\s+)?(?:on|in)\s+(?:that|the|this)\s+(?:list|section|group)\b", re.I)
# "Is it true that the roadmap wants Python at an advanced level and not just the basics?": a depth claimed
_DEPTH_CLAIM = re.compile(r"\b(?:at|to)\s+an?\s+(?P<d>advanced|basic|beginner|intermediate|expert|deep)\s+level\b", re.I)


def _all_resources_asked(question: str, unit: Unit) -> bool:
    """"are there any resources for system design?": every resource of the topic, unless the question names one of
    them by a word of its own ("is spacy one of the resources?": that one); "any specific tools for experiment
    tracking?" asks for every resource of the topic whatever it names."""
    if TOOLS_FOR_Q.search(own_question(question)):
        return True
    if not _RESOURCES_ASKED.search(own_question(question)):
        return False
    asked = content_terms(expand_query(question), drop_filler=True) - content_terms(unit.title) - RESOURCE_KINDS
    return not any(asked & content_terms(r) for r in unit.resources)


_COUNT_WORDS = {2: "Two", 3: "Three", 4: "Four", 5: "Five", 6: "Six", 7: "Seven", 8: "Eight", 9: "Nine", 10: "Ten"}


def _with_count(question: str, lead: Lead, hits: list[Hit]) -> Lead | None:
    """"How many portfolio projects does it list for ML engineers?": the number first, when the lead names every
    item of one list of the passages (a topic's items or resources, a level's topics); else None."""
    asked = asked_for(question)
    if asked.kind != "quantity" or asked.detail in ("percent", "hour", "week", "month", "year", "day", "minute") \
            or re.match(r"^\W*(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\b", lead.sentence, re.I):
        return None
    sentence = lead.sentence.lower()
    lists: list[list[str]] = []
    for hit in hits:
        units = parse_units(hit)
        lists += [u.items for u in units] + [u.resources for u in units]
        lists.append([u.title for u in units if u.kind == "topic" and u.title])
    named = [items for items in lists if len(items) >= 2 and all(i.lower() in sentence for i in items)]
    if not named:
        return None
    count = len(max(named, key=len))
    if count not in _COUNT_WORDS:
        return None
    rest = lead.sentence[0].lower() + lead.sentence[1:] if lead.sentence.startswith("The ") else lead.sentence
    return Lead(f"{_COUNT_WORDS[count]}: {rest}", [_COUNT_WORDS[count].lower(),
                *lead.facts], lead.used_resources, lead.about_unit)


# "is that before or after the production ML stuff? (about: MLOps)": the earlier topic against the one named
_BEFORE_OR_AFTER = re.compile(
    r"\b(?:is|are|does|do|comes?|would)\s+(?:that|it|this|those|these|they)\s+(?:come\s+|happen\s+|sit\s+)?(?:before|after|earlier|later)"
    r"\s+or\s+(?:after|before|later|earlier)\s+(?:than\s+)?(?:the\s+)?(?P<y>[^?()]{2,60}?)\s*(?:\?|\(about:|$)", re.I)
_ABOUT_TOPIC = re.compile(r"\(about:\s*([^()]*)\)")


def _level_unit(words: str, hits: list[Hit], paths: set[str] | None = None) -> tuple[int, Unit, int] | None:
    """(rank, the topic unit of a level naming the most of ``words``, on ``paths`` when given, its level number);
    None on a tie or nothing."""
    path_words = {t for h in hits for t in content_terms(_where(h).path)} | {"ml", "ai", "say"}
    terms = frozenset(content_terms(words, drop_filler=True) - _FIELD_WORDS - GENERIC_PATH - path_words)
    scored = sorted(((focus_covered(terms, u.terms()), r, u) for r, h in enumerate(hits) if _where(h).level
                     and (not paths or _where(h).path in paths) for u in parse_units(h) if u.kind == "topic"), key=lambda x: -x[0])
    if not scored or not scored[0][0] or (len(scored) > 1 and scored[1][0] == scored[0][0]
                                          and _where(hits[scored[1][1]]).level != _where(hits[scored[0][1]]).level):
        return None
    _, r, u = scored[0]
    number = re.search(r"\d+", _where(hits[r]).level)
    return (r, u, int(number.group(0))) if number else None


def _before_or_after(question: str, hits: list[Hit]) -> Lead | None:
    """"Before: MLOps Fundamentals is in Level 2 … and Production ML in Level 3 …" for a follow-up asking whether the
    earlier topic comes before or after another; None unless both are topics of levels of one path."""
    m = _BEFORE_OR_AFTER.search(question)
    about = _ABOUT_TOPIC.search(question)
    if m is None or about is None:
        return None
    paths = paths_asked(question, hits)  # ("what does the ML engineering path say about MLOps?": that path's MLOps)
    a, b = _level_unit(about.group(1), hits, paths), _level_unit(m.group("y"), hits, paths)
    if a is None or b is None or a[1] is b[1] or _where(hits[a[0]]).path != _where(hits[b[0]]).path:
        return None
    (ra, ua, la), (rb, ub, lb) = a, b
    answer = "Before" if la < lb else "After" if la > lb else "At the same level"
    wa, wb = _where(hits[ra]), _where(hits[rb])
    text = (f"{answer}: {ua.title} is in {wa.level} ({wa.duration}) {_cite([ra])} and {ub.title} in {wb.level} ({wb.duration}) "
            f"{_cite([rb])} of the {wa.path}.")
    return Lead(text, [answer, wa.level.split(":")[0], wb.level.split(":")[0]], about_unit=False)


_KIND_ASKED = re.compile(r"\b(?P<kind>book|course|video|tutorial|documentation|doc)s?\b", re.I)


def _level_resources_of_kind(question: str, rank: int, unit: Unit, where: _Where, hits: list[Hit]) -> Lead | None:
    """"Which books are recommended in Level 1 of the ML path?": every resource of that kind across the level's topics
    (not one topic's), when the question names a level and a kind of resource but no topic."""
    own = own_question(question)
    kind = _KIND_ASKED.search(own)
    if kind is None or not where.level or not _levels_asked(own) or _names_topic(own, unit, where):
        return None
    word = "doc" if kind.group("kind").lower().startswith("doc") else kind.group("kind").lower()
    found = [(res, u.title) for u in parse_units(hits[rank]) if u.kind == "topic" for res in u.resources if is_of_kind(res, word)]
    if len(found) < 2:
        return None
    plural = {"doc": "documentation", "documentation": "documentation"}.get(word, word + "s")
    text = f"In {where.short}, the roadmap recommends these {plural}: " + _join([f"{res} (for {title})" for res, title in found], 6)
    return Lead(_sentence(text, [rank]), [res for res, _ in found], used_resources=True, about_unit=False)


def _compose_lead(question: str, chosen: list[tuple[int, Unit]], hits: list[Hit]) -> Lead | None:
    if not chosen:
        return None
    # (without a condition after it: "which books does it recommend if i like reading more than videos")
    # (nor the words saying who asks: "Stay-at-home dad. does the roadmap list any communities?")
    own_terms = content_terms(_CONDITION.split(asking_part(without_asker(own_question(question))))[0], drop_filler=True) - _ASKING_WORDS
    def names_section(h: Hit) -> bool:
        return bool(h.headings) and content_terms(h.headings[-1]) == own_terms

    # (not "is there a book for that?": the earlier topic's book, not the Books list)
    if 0 < len(own_terms) <= 2 and not re.search(r"\bfor\s+(?:that|it|this|those|them)\b", own_question(question), re.I) and (
            section := [(r, u) for r, u in chosen if names_section(hits[r])]
            or [(r, u) for r, h in enumerate(hits) if names_section(h) for u in parse_units(h)[:1]]):
        # "nice. and books?" after an answer about platforms: the section the short follow-up names, not the earlier one
        chosen = section + [ru for ru in chosen if ru not in section]
    elif (len(chosen) > 0 and (asking := asking_sentence(own_question(question))) != own_question(question)
          and (ask_terms := content_terms(expand_query(asking), drop_filler=True))
          and (one_word := [(r, u) for r, h in enumerate(hits) if h.headings and len(h.headings[-1].split()) == 1
                            and content_terms(h.headings[-1]) <= ask_terms and not content_terms(h.headings[-1]) & _KIND_TERMS
                            for u in parse_units(h)[:1]])
          and not content_terms(hits[chosen[0][0]].headings[-1] if hits[chosen[0][0]].headings else "") <= ask_terms):
        # "step 5 says engage with community... where does it suggest i actually hang out online?": the sentence that
        # asks names a one-word section (Communities, by "hang out"), whatever the sentence before it matched
        chosen = one_word[:1] + [ru for ru in chosen if ru not in one_word[:1]]
    if (only := one_of_two_listed(own_question(question), hits)) is not None:
        # "should i learn pytorch or tensorflow?": the one the roadmap lists, and that it does not mention the other
        listed, other = only
        naming = _units_naming(frozenset(content_terms(listed)), hits, lambda h: True)
        if naming:
            r, u = naming[0]
            items = [i for i in [*u.items, *u.resources] if listed.lower() in i.lower()] or [u.title]
            w = _where(hits[r])
            where_text = f"{u.title} ({w.short or _role_or_path(w)})" if u.kind == "topic" and u.title else (w.short or _role_or_path(w))
            return Lead(f"{listed}: the roadmap lists {_join(items, 3)} under {where_text}; it does not mention {other} "
                        f"{_cite([r])}.", [listed, *items[:2]], about_unit=False)
    if (qualified := _qualified_resources(question, hits)) is not None:
        return qualified
    if COUNTS_AS_PREREQ.search(own_question(question)) and (counted := _counts_as_prereq(question, hits)) is not None:
        return counted
    rank, unit = chosen[0]
    where = _where(hits[rank])
    asked = asked_for(question)

    if _SAME_GROUP_Q.search(own_question(question)) and (group := _rest_of_group(question, hits)) is not None:
        return group
    if STRUCTURE_Q.search(own_question(question)) and (overview := _overview_sentence(hits)) is not None:
        return overview
    if _TIMING_Q.search(own_question(question)) and (points := month_points(own_question(question))) and (
            timing := _timing_lead(own_question(question), points[0], chosen, hits)) is not None:
        return timing

    if ((one := STAGE_YES_NO.search(own_question(question))) and not STAGE_CHOICE.search(question)
            and (stage_lead := _one_stage(one, chosen, hits))):
        return stage_lead

    if where.level and (choice := STAGE_CHOICE.search(question)):
        # "is backprop beginner or advanced?": the stage, from the level it sits in
        number = re.search(r"\d+", where.level)
        # (a choice between levels by number, "level 2 or level 3?", is answered by the level alone)
        stage = _STAGES.get(int(number.group(0)), "") if number and not _levels_asked(choice.group(0)) else ""
        frame = content_terms(f"{where.level} {where.path}") | _ABBREVIATION_WORDS
        terms = content_terms(expand_query(question), drop_filler=True) - frame
        # (the items that name it, else its resources: "is MLOps level 1 or 3?" is about MLOps for Integration,
        # not its "MLOps tutorials")
        matched = ([i for i in unit.items if terms & content_terms(i)] or
                   ([] if terms & content_terms(unit.title) else [i for i in unit.resources if terms & content_terms(i)]))[:2]
        subject = _join(matched) if matched else unit.title
        verb = "are" if len(matched) > 1 else "is"
        text = (f"{subject} {verb} {stage + ' material: ' if stage else ''}part of {unit.title} in {where.short}" if matched
                else f"{unit.title} {verb} {stage + ' material: ' if stage else ''}part of {where.short}")
        return Lead(_sentence(text[0].upper() + text[1:], [rank]), [where.level.split(":")[0], unit.title], about_unit=False)
    if (not where.level and any("prerequisite" in h.lower() for h in hits[rank].headings)
            and STAGE_CHOICE.search(question)):
        # "is docker early on or later?": a prerequisite of both paths comes before Level 1
        terms = content_terms(expand_query(question), drop_filler=True)
        matched = [i for i in unit.items if terms & content_terms(i)][:2]
        subject = _join(matched) if matched else unit.title
        text = (f"{subject} {'are' if len(matched) > 1 else 'is'} early: a prerequisite for both paths, before Level 1 "
                f"({unit.title or hits[rank].headings[-1]}, {hits[rank].headings[-1]})")
        return Lead(_sentence(text[0].upper() + text[1:], [rank]), [*matched[:1], "prerequisite"], about_unit=False)

    if (relative := _before_or_after(question, hits)) is not None:
        return relative
    if (ordered := steps_in_order(question, hits)) is not None:
        # "what comes first: picking a path, or starting on the foundational requirements?": the lower step
        r, steps, a, b = ordered
        lower, higher = sorted((a, b))
        text = (f"{steps.items[lower]} comes first: it is step {lower + 1} of the {_where(hits[r]).short or steps.context}, "
                f"before step {higher + 1}, {steps.items[higher]}")
        return Lead(_sentence(text, [r]), [steps.items[lower]], about_unit=False)
    if (named_steps := steps_named(question, hits)) is not None and named_steps[1] == unit:
        # "what are steps one and two?": those steps of the list, by number
        parts = [f"step {i + 1} is {unit.items[i]}" for i in named_steps[2]]
        text = f"In the {where.short or unit.context}, {'; '.join(parts)}"
        if len(named_steps[2]) == 1 and _INCLUDES_Q.search(own_question(question)):
            # "what does step 2 actually include?": the section the step names ("Start with foundational requirements")
            step_terms = content_terms(unit.items[named_steps[2][0]], drop_filler=True)
            for r2, h2 in enumerate(hits):
                if h2.headings and content_terms(h2.headings[0]) & step_terms and r2 != rank:
                    topics = [u.title for u in parse_units(h2) if u.kind == "topic" and u.title]
                    if topics:
                        text += f", which covers {_join(topics, 4)} ({' › '.join(h2.headings)})"
                        return Lead(_sentence(text, [rank, r2]), topics[:3], about_unit=False)
        return Lead(_sentence(text, [rank]), [unit.items[i] for i in named_steps[2]], about_unit=False)

    if (step := next_step(question, hits)) is not None and step[1] == unit:
        if _AFTER_WHICH.search(question) and step[2] >= 2:
            # "when should I start engaging with the community, like right after which step?": the step before it
            n = step[2] - 1
            text = (f"Right after step {n} of the {where.short or unit.context}, {unit.items[n - 1]}: {unit.items[n]} is "
                    f"step {n + 1}")
            return Lead(_sentence(text, [rank]), [unit.items[n - 1], unit.items[n]], about_unit=False)
        # "I've committed to a path; going by the step list, what's right after that?": the next step
        n = step[2]
        text = f"Step {n + 1} of the {where.short or unit.context} comes next: {unit.items[n]} (after {unit.items[n - 1]})"
        return Lead(_sentence(text, [rank]), [unit.items[n]], about_unit=False)

    if ((after := AFTER_NAMED_Q.search(own_question(question)) or _NEXT_RESOURCE_Q.search(own_question(question)))
            and (said := content_terms(expand_query(after.group("what"))))
            # (not a topic named whole: "what comes after the deep learning basics?" is the topic after it)
            and not any(u2.kind == "topic" and u2.title and content_terms(u2.title) <= said for h in hits for u2 in parse_units(h))):
        # "what's the next resource after andrew ng's course?": the one listed after it, in the topic that lists it
        for r, u in chosen:
            k = next((i for i, res in enumerate(u.resources[:-1])
                      if len((res_terms := content_terms(res) - _KIND_TERMS) & said) >= min(2, len(res_terms)) and res_terms & said), None)
            if k is not None and u.kind == "topic":
                text = f"After {u.resources[k]}, the roadmap lists {u.resources[k + 1]} for {u.title} ({_where(hits[r]).short})"
                return Lead(_sentence(text, [r]), [u.resources[k + 1]], about_unit=False)
    if (after := AFTER_NAMED_Q.search(own_question(question))) and unit.kind == "topic":
        # "what comes after api development?": select_units chose the topic after the one named
        prev = next((u for u in parse_units(hits[rank]) if u.kind == "topic" and u.order == unit.order - 1), None)
        if prev is not None and content_terms(prev.title) <= content_terms(expand_query(after.group("what"))):
            text = f"{unit.title} comes after {prev.title} in {where.short}: {_join(unit.items, 3)}"
            return Lead(_sentence(text, [rank]), [unit.title, *unit.items[:2]])
        # the last topic of a level: the next level of the path comes after it, starting with this topic
        last = [(r, u) for r, u in chosen[1:] if u.kind == "topic" and hits[r].headings[:1] == hits[rank].headings[:1]
                and content_terms(u.title) <= content_terms(expand_query(after.group("what")))]
        if prev is None and where.level and last:
            r0, ended = last[0]
            text = (f"{where.level} of the {where.path} ({where.duration}) comes after {ended.title}, which ends "
                    f"{_where(hits[r0]).level}; it starts with {unit.title}: {_join(unit.items, 3)}")
            return Lead(_sentence(text, [rank, r0]), [where.level.split(":")[0], unit.title], about_unit=False)

    if (ready := READY_FOR_Q.search(own_question(question))) and unit.kind == "topic" and "milestone" in unit.title.lower():
        # "how do i know im ready for level 3 on the ml track?": select_units chose the stage before's milestones
        target = f"Level {ready.group('n')}" if ready.group("n") else f"the {ready.group('ord').lower()} level"
        text = f"Before {target}, the roadmap's check is its {unit.title} ({where.short or unit.context}): {_join(unit.items, 3)}"
        return Lead(_sentence(text, [rank]), [unit.title, *unit.items[:2]])

    if (before_q := BEFORE_NAMED_Q.search(own_question(question))) and unit.kind == "topic":
        # "what comes before model architecture?": select_units chose the topic before the one named
        before_what = content_terms(expand_query(before_q.group("what")))
        before_named = [(r, u) for r, u in chosen[1:] if u.kind == "topic" and u.title and content_terms(u.title) <= before_what]
        if before_named:
            r1, then = before_named[0]
            one_passage = r1 == rank
            text = (f"{unit.title} comes before {then.title} in {where.short}: {_join(unit.items, 3)}" if one_passage else
                    f"{unit.title} comes before {then.title}: it ends {where.short}, and {then.title} starts "
                    f"{_where(hits[r1]).short}")
            return Lead(_sentence(text, [rank] if one_passage else [rank, r1]), [unit.title, then.title], about_unit=False)

    stand = _STAND_THEN_START.search(own_question(question))
    if (((FIRST_THING.search(own_question(question)) and not paths_named(question, hits)
          and re.search(r"\b(?:learn|study)\b", own_question(question), re.I))  # ("what do i do first": the Next Steps)
         # ("i know python ok but zero ml. where do i even start?": where they stand, then where to start)
         or (stand and not paths_named(stand.group("ask"), hits)))
            and "level" not in question.lower()
            and not re.search(r"\bor\b", own_question(question), re.I) and not _HAS_PREREQS.search(question)
            and (prereq := _prerequisites(hits)) is not None):
        # "total newbie here, havent picked anything yet. what do i actually learn first?": what both paths start with
        shared = [u.title for u in parse_units(hits[prereq]) if u.kind == "topic"]
        text = f"Start with the {_section_name(hits[prereq])}: {_join(shared, 3)}, which both paths build on"
        return Lead(_sentence(text, [prereq]), [hits[prereq].headings[-1], *shared[:2]], about_unit=False)

    if (FIRST_THING.search(own_question(question)) and unit.kind == "topic" and where.level
            and not re.search(r"\bor\b", own_question(question), re.I) and (paths_named(question, hits) or "level" in question.lower())
            and unit.order == min(u.order for u in parse_units(hits[rank]) if u.kind == "topic")):
        # "whats the first thing i should learn if i pick the ml track?": the level's first topic, after the
        # prerequisites both paths share unless the person has them ("i already have the prereqs")
        prereq = _prerequisites(hits)
        if prereq is not None and where.level.startswith("Level 1") and not _HAS_PREREQS.search(question):
            shared = [u.title for u in parse_units(hits[prereq]) if u.kind == "topic"]
            start = _sentence(f"Start with the {_section_name(hits[prereq])}: {_join(shared, 3)}", [prereq])
            level_first = _sentence(f"Then {unit.title}, the first topic of {where.short}: {_join(unit.items, 3)}", [rank])
            return Lead(f"{start} {level_first}", [hits[prereq].headings[-1], unit.title], about_unit=False)
        text = f"{unit.title} comes first in {where.short}: {_join(unit.items, 3)}"
        return Lead(_sentence(text, [rank]), [unit.title, *unit.items[:2]])

    claim = _DEPTH_CLAIM.search(own_question(question))
    enough = _BASIC_ENOUGH_Q.search(own_question(question))
    if (asked.kind == "yesno" and (claim or enough or _GOOD_AT_Q.search(own_question(question)))
            and (depth := _depth_lead(question, chosen, hits)) is not None):
        basic = bool(content_terms(depth.facts[0]) & _BASIC_WORDS)
        if claim:
            # "Is it true that the roadmap wants Python at an advanced level?": Yes when the depth it asks for is the one claimed
            answer = "Yes" if basic == (claim.group("d").lower() in ("basic", "beginner")) else "No"
            opening = f"{answer}: the roadmap asks for"
        else:
            # "do I have to be good at calculus (integrals, proofs …)?": No when the roadmap asks only for the basics;
            # "is a basic grasp of calculus enough …, or do I need to be strong at it?": Yes when basic is what it asks
            answer = "Yes" if basic == bool(enough) else "No"
            opening = f"{answer}: the roadmap asks{' only' if basic else ''} for"
        return Lead(depth.sentence.replace("The roadmap asks for", opening, 1), [answer, *depth.facts], about_unit=False)

    if (asked.kind == "yesno" and not where.level and _IN_PATHS_Q.search(own_question(question))
            and (in_level := _listed_in_level(question, unit, hits)) is not None):
        # "is the goodfellow one also used somewhere in the actual learning paths?": the level that lists it
        r, u = in_level
        w = _where(hits[r])
        listed = next((res for res in u.resources if any(q.lower() in res.lower() for q in _QUOTED.findall(" ".join(unit.items)))), u.title)
        text = f"Yes: the roadmap also lists {listed} under {u.title} ({w.short})"
        return Lead(_sentence(text, [r]), ["Yes", u.title, w.level.split(":")[0]], about_unit=False)
    if (focus := yes_no_focus(question, hits, asked)) and (lead := _yes_lead(question, focus, chosen, hits)) is not None:
        return lead

    if asked.kind == "duration":
        if (_LENGTHS_COMPARED.search(own_question(question)) and len(levels := _durations_per_level(question, hits)) == 2
                and _months_end(levels[0][1].duration) != _months_end(levels[1][1].duration)):
            # "Is Level 3 of the ML path a lot longer than Level 1?": two levels of one path, in the question's order
            (r1, w1), (r2, w2) = levels
            longer = _months_end(w1.duration) > _months_end(w2.duration)
            asks_longer = bool(re.search(r"\blonger\b", own_question(question), re.I))
            opening = ("Yes" if longer == asks_longer else "No") if re.match(r"^\W*(?:is|are|does|do)\b", own_question(question), re.I) else ""
            text = (f"{w1.level} of the {w1.path} takes {w1.duration} {_cite([r1])}, against {w2.duration} for {w2.level} "
                    f"{_cite([r2])}.")
            return Lead(f"{opening}: {text}" if opening else text, [*([opening] if opening else []), w1.duration, w2.duration],
                        about_unit=False)
        if (same := _LENGTHS_COMPARED.search(own_question(question))) and len(both := _durations_per_path(question, hits)) >= 2:
            # "does level 1 of the ml path take longer than level 1 of the integration one?"
            (r1, w1), (r2, w2) = both[:2]
            first = f"{w1.level} of the {w1.path} takes {w1.duration} {_cite([r1])}"
            second = f"{w2.level} of the {w2.path} also takes {w2.duration} {_cite([r2])}"
            if _months_end(w1.duration) == _months_end(w2.duration):
                answer = "Yes" if same.group("same") else "No"
                text = f"{answer}, they take the same time: {first}. {second[0].upper()}{second[1:]}."
            else:
                (lr, lw), (sr, sw) = sorted(both[:2], key=lambda b: -_months_end(b[1].duration))
                text = (f"{lw.level} of the {lw.path} takes longer, {lw.duration} {_cite([lr])}, against {sw.duration} "
                        f"for {sw.level} of the {sw.path} {_cite([sr])}.")
            return Lead(text, [w1.duration, w2.duration], about_unit=False)
        if _COMPARE_Q.search(own_question(question)):
            both = _durations_per_path(question, hits)
            if len(both) >= 2:
                text = ", and ".join(f"{w.level} of the {w.path} takes {w.duration}" for _, w in both[:2])
                return Lead(_sentence(text, [r for r, _ in both[:2]]), [w.duration for _, w in both[:2]], about_unit=False)
        if EVERY_LEVEL.search(own_question(question)) and (each := _each_level(question, hits)) is not None:
            return each
        if _WHOLE_PATH_Q.search(question) and (whole := _whole_path(question, hits)) is not None:
            return whole
        # "how long is the one after that?": select_units moved on (not "the next stage after foundation", "the
        # expertise stage after this", which name the level)
        if not _AFTER_THAT.search(own_question(question)) or _LEVEL_NAMED.search(own_question(question)):
            rank, unit, where = _level_asked_about(question, chosen, hits, rank, unit, where)
        if where.duration:
            asked_terms = content_terms(question, drop_filler=True) - _FIELD_WORDS
            items = ([i for i in unit.items if asked_terms & content_terms(i)]
                     if unit.kind == "topic" and not _LEVEL_Q.search(question) else [])
            if items and not content_terms(question) & content_terms(unit.title):
                # "when do i get to model compression and transfer learning?": those items, their topic and level
                verb = "are" if len(items) > 1 else "is"
                text = f"{_join(items, 3)} {verb} part of {unit.title} in {where.level} of the {where.path}, which takes {where.duration}"
            elif unit.kind == "topic" and content_terms(question) & content_terms(unit.title) and not _LEVEL_Q.search(question):
                text = f"{unit.title} is part of {where.level} of the {where.path}, which takes {where.duration}"
            else:
                text = f"{where.level} of the {where.path} takes {where.duration}"
            if (earlier := _EARLIER.search(question)) and parse_months(earlier.group(1)) is not None:
                # "is it the same for the integration one? (earlier: 6-12 months)": yes or no, then the span
                equal = parse_months(earlier.group(1)) == parse_months(where.duration)
                text = f"{'Yes, the same' if equal else 'No'}: {text}"
                return Lead(_sentence(text, [rank]), ["Yes" if equal else "No", where.duration], about_unit=False)
            return Lead(_sentence(text, [rank]), [where.duration], about_unit=False)

    if _DEPTH_Q.search(own_question(question)) and (depth := _depth_lead(question, chosen, hits)) is not None:
        return depth

    # a comparison: one clause per passage (the two best of different sections)
    # (in what is asked, not an afterthought: "which tools …? i keep hearing different names")
    if (_IN_COMMON_Q.search(own_question(question)) and not content_terms(own_question(question)) & _TOPIC_NAMING
            and (prereq := _prerequisites(hits)) is not None):
        # "what do both paths have in common?": the prerequisites they share, every topic of them
        shared = [u.title for u in parse_units(hits[prereq]) if u.kind == "topic"]
        text = f"Both paths share the {_section_name(hits[prereq])}: {_join(shared, 3)}"
        return Lead(_sentence(text, [prereq]), [hits[prereq].headings[-1], *shared[:3]], about_unit=False)
    compared = {m.group(0).lower() for m in _COMPARE_Q.finditer(asking_part(own_question(question)))}
    if compared and compared <= {"both", "the two", "each path"} and is_shared_section(hits[rank]):
        # "what maths do both paths assume i already have?", "… before starting either of the two paths?": what they
        # share, not how they differ
        compared = set()
    if compared and not WHICH_HAS_Q.search(question):
        others = [(r, u) for r, u in chosen if tuple(hits[r].headings) != where.headings]
        # the sides compared are siblings (Interview Preparation › AI … and › Machine Learning …), not the Overview
        others.sort(key=lambda ru: tuple(hits[ru[0]].headings[:-1]) != tuple(where.headings[:-1]))
        if unit.title and not any(tuple(hits[r].headings[:-1]) == tuple(where.headings[:-1]) for r, _ in others):
            # "what's the end-game milestone for each path?": the sibling section's unit of the same title (the other
            # path's Advanced Milestones), though the selection took another of its units
            twin = [(r, u) for r, h in enumerate(hits) if tuple(h.headings) != where.headings
                    and tuple(h.headings[:-1]) == tuple(where.headings[:-1]) for u in parse_units(h) if u.title == unit.title]
            others = twin[:1] + others
        if others:
            r2, u2 = others[0]
            w2 = _where(hits[r2])
            names = named_terms(own_question(question))
            # (not "how is MLOps different …": the topics' own names, "MLOps Fundamentals", are what is compared)
            by_name = [[res for res in u.resources if named_terms(res) & names - named_terms(u.title)] for u in (unit, u2)]
            if all(by_name):
                # "CS229 and CS231n, which section is each one under?": each resource named, where it is listed
                text = (f"{_join(by_name[0])} is under {unit.title} ({where.short}), and {_join(by_name[1])} under "
                        f"{u2.title} ({w2.short})")
                return Lead(_sentence(text, [rank, r2]), [*by_name[0], *by_name[1]], about_unit=False)
            left = _summary(unit, chosen, rank, hits)
            right = _summary(u2, chosen, r2, hits)
            facts = [*_facts(unit), *_facts(u2)]
            text = f"{where.short or _role_or_path(where)} covers {left}, while {w2.short or _role_or_path(w2)} covers {right}"
            if _BOTH_HAVE_Q.search(own_question(question)) and where.path and w2.path and where.path != w2.path:
                # "do BOTH paths have mlops in them?? whats different about the mlops bits": yes, then how they differ
                text, facts = f"Yes, both paths have it: {text}", ["Yes", *facts]
            return Lead(_sentence(text, [rank, r2]), facts, about_unit=False)

    if not where.level and _WHERE_Q.search(question) and (in_level := _listed_in_level(question, unit, hits)):
        # "what level is the goodfellow book used in?": the Resource Library names it, a level lists it
        rank, unit = in_level
        where = _where(hits[rank])
    if _WHERE_Q.search(question):
        # ("Which level are meta-learning and model compression in? I'm at month 4 …": the unit naming most of what
        # is asked about, not the level month 4 falls in)
        asked_terms = (content_terms(expand_query(asking_sentence(asking_part(question))), drop_filler=True)
                       - _FIELD_WORDS - content_terms(PATH_NAME_WORDS))
        most = max(((r, u) for r, u in chosen if _where(hits[r]).level),
                   key=lambda ru: _named_count(asked_terms, ru[1], resources=True), default=None)
        if most is not None and _named_count(asked_terms, most[1], resources=True) > _named_count(asked_terms, unit, resources=True):
            rank, unit = most
            where = _where(hits[rank])
    if where.level and _WHERE_Q.search(question):
        # "where does MLflow fit in, which path and level?": the topic, its level and path
        frame = content_terms(f"{where.level} {where.path}") | _ABBREVIATION_WORDS
        terms = content_terms(expand_query(question), drop_filler=True) - frame
        matched = [i for i in [*unit.items, *unit.resources] if terms & content_terms(i)][:2]
        title_terms = content_terms(unit.title)
        names_title = unit.kind != "topic" or 2 * len(title_terms & terms) >= len(title_terms)
        subject = unit.title if names_title or not matched else f"{_join(matched)} ({unit.title})"
        verb = "are" if not names_title and len(matched) > 1 else "is"
        text = f"{subject} {verb} part of {where.level} of the {where.path}"
        text += f" ({where.duration})" if where.duration else ""
        facts = [where.level.split(":")[0], unit.title]
        if _WHICH_PATH_Q.search(question) and not paths_named(question, hits):
            # "which path and what level?": an answer naming the level and the topic but no path does not answer
            facts = [where.level.split(":")[0], re.sub(r"\s+(?:Engineering\s+)?(?:Path|Track|Route)$", "", where.path)]
        return Lead(_sentence(text[0].upper() + text[1:], [rank]), facts, about_unit=False)

    if _CHOICE_Q.search(question):
        for r, u in chosen:
            w = _where(hits[r])
            target = w.path or next((h for h in reversed(w.headings) if _ROLE.search(h)), "")
            if not target:
                continue
            detail = _join(_matched_items(question, u) or u.items or [u.title], 3)
            other_paths = [p for p in dict.fromkeys(_where(h).path for h in hits) if p and p != target]
            if _NOT_INCLUDED.search(own_question(question)) and other_paths and u.title:
                # "which path's Level 1 doesn't include anything about cloud platforms?": the other one
                where_other = f"the other path's {w.level.split(':')[0]}" if w.level else "the other path"
                text = f"The {other_paths[0]}: the roadmap lists {u.title} only in {where_other}"
                return Lead(_sentence(text, [r]), [other_paths[0].replace(" Path", "")], about_unit=False)
            text = f"The {target} fits that best: it covers {u.title}" if u.title else f"The {target} fits that best"
            if u.kind == "topic" and detail:
                text += f" ({detail})"
            return Lead(_sentence(text, [r]), [target.replace(" Path", "")], about_unit=r == rank and u is unit)

    if asked.kind in ("person", "org"):
        pattern = _PERSON if asked.kind == "person" else _ORG
        for r, u in chosen:
            named = [i for i in [*u.items, *u.resources] if pattern.search(" " + i) and content_terms(i) & asked.focus]
            if named:
                where_text = f"{u.title} ({_where(hits[r]).short})" if u.kind == "topic" else _where(hits[r]).short
                return Lead(_sentence(f"The roadmap lists {_join(named, 3)} under {where_text}", [r]), named[:3],
                            about_unit=False)

    if asked.kind == "yesno" and unit.kind in ("topic", "list"):
        # ("is there official docs for the first one (FAISS)?": FAISS documentation, not FAISS as well)
        # ("… or only tutorials?": the alternative the person fears is not what is asked about)
        asked_part = _OR_ONLY.sub("", question)
        asked_terms = content_terms(expand_query(asked_part), drop_filler=True)
        asked_terms |= {"documentation"} if "doc" in asked_terms else set()  # ("official docs": FAISS documentation)
        matched = _most_named(_matched_items(asked_part, unit), frozenset(asked_terms))
        if unit.resources and _all_resources_asked(question, unit):
            matched = unit.resources  # "are there any resources for system design?", "any tools for X?": all of them
        elif (kinds := _kinds_asked(question)) and (kinds_of := _of_kinds(matched, kinds) or _of_kinds(unit.resources, kinds)):
            # "is there a book it recommends for system design?": the books, not the first resource; "is there a book
            # for learning FastAPI?": the book among the items naming FastAPI, not FastAPI and its docs
            matched = kinds_of
        if matched:
            where_text = f"{unit.title} ({where.short})" if unit.kind == "topic" else where.short
            text = f"Yes: the roadmap lists {_join(matched, 3)} under {where_text}"
            return Lead(_sentence(text, [rank]), matched[:3])

    if where.level and _TOPICS_OF_LEVEL.search(own_question(question)) and (level := _level_lead(rank, where, hits)):
        return level

    # ("i'm now reading up on transformers. which level am i working on?": a level, whatever the person reads)
    resource_q = (bool(_RESOURCE_Q.search(_NOT_RESOURCES.sub(" ", question))) and not _WHICH_LEVEL_AM_I.search(asking_sentence(question))
                  # ("and what topics does that section cover? (about: resources ml fundamentals)": the topics)
                  and not _TOPICS_ASKED.search(own_question(question)))
    if _FREE_Q.search(own_question(question)):
        # "how can i practise the cloud stuff without spending money?": the free resource it lists, first
        for r, u in chosen:
            if u.kind == "topic" and (free := [x for x in u.resources if re.search(r"\bfree\b", x, re.I)]):
                text = f"For {u.title} ({_where(hits[r]).short or u.context}), the roadmap lists {_join(free, 3)}"
                return Lead(_sentence(text, [r]), free, about_unit=u is unit, used_resources=False)
    if resource_q and (of_kind := _level_resources_of_kind(question, rank, unit, where, hits)):
        return of_kind
    if resource_q:
        among = _KIND_AMONG.search(own_question(question))
        among_kinds = [among.group("kind").lower()] if among else []
        named = _named_resources(question, unit)
        if named:  # "which Udemy course …?": the one it names, not the whole list
            text = f"The roadmap recommends {_join(named, 3)} for {unit.title} ({where.short or unit.context})"
            return Lead(_sentence(text, [rank]), named, used_resources=False)
        if unit.kind == "topic" and unit.resources:
            # ("any book for the system design part?", "which of those is a course?": the ones of that kind; not for
            # two kinds, "any book or course recs": a course is named many ways, "MIT OpenCourseWare")
            kinds = _kinds_asked(question) or among_kinds
            if (of := _of_kinds(unit.resources, kinds) if len(kinds) == 1 else []) and len(of) < len(unit.resources):
                where_text = f"{unit.title} ({where.short or unit.context})"
                if among:
                    return Lead(_sentence(_kind_among_sentence(kinds[0], of, where_text), [rank]), of[:3], used_resources=False)
                # (the others after it: "where can I learn the maths …? any videos?" asks where, too)
                not_of = [r for r in unit.resources if r not in of]
                text = f"For {where_text}, the roadmap recommends {_join(of, 3)}; its other resources there are {_join(not_of, 3)}"
                return Lead(_sentence(text, [rank]), [*of, *not_of][:4], used_resources=True)
            text = f"For {unit.title}, the roadmap recommends {_join(unit.resources, 4)}"
            return Lead(_sentence(text, [rank]), unit.resources[:4], used_resources=True)
        if unit.kind == "list" and (kinds := _kinds_asked(question) or among_kinds):
            # "is there a book for learning fastapi?": a topic naming what else is asked, with a book among its
            # resources, before the Resource Library's list of books (which names no FastAPI); "which of those is a
            # book (about: resources ml path model architecture)?": the topic the conversation was about
            heads = content_terms(" ".join(where.headings))
            rest = content_terms(own_question(question), drop_filler=True) - _KIND_TERMS - heads
            if among and not rest:
                rest = content_terms(question, drop_filler=True) - _KIND_TERMS - heads - _RESOURCE_KIND
            fits = [(len(rest & u2.terms()), -i, r2, u2, of) for i, (r2, u2) in enumerate(chosen)
                    if u2 is not unit and u2.kind == "topic" and (of := _of_kinds(u2.resources, kinds)) and rest & u2.terms()]
            if fits:
                _, _, r2, u2, of = max(fits, key=lambda f: (f[0], f[1]))
                where2 = f"{u2.title} ({_where(hits[r2]).short})"
                text = _kind_among_sentence(kinds[0], of, where2) if among else f"Yes: the roadmap lists {_join(of, 3)} under {where2}"
                return Lead(_sentence(text, [r2]), of[:3], about_unit=False)
        if unit.kind == "list":
            name = (where.headings[-1] if where.headings else "resources").lower()
            text = f"The roadmap recommends these {name}: {_join(unit.items, 6)}"
            return Lead(_sentence(text, [rank]), unit.items[:6])

    # (an ordinal level in the person's own words names the level, whatever topic the context's words match:
    # "what does the first level of that path have me learning?"; not "the advanced topics in the last stage")
    own = own_question(question)
    ordinal = bool(ORDINAL_STAGE.search(own)) and not names_whole_title(question, unit) and not _names_topic(own, unit, where)
    if (where.level and ((_LEVEL_Q.search(question) and not _names_topic(question, unit, where)) or ordinal)
            and (level := _level_lead(rank, where, hits))):
        return level

    if unit.kind == "topic":
        items = unit.items or unit.resources
        if items:
            text = f"The roadmap lists {_join(items)} under {unit.title} ({where.short or unit.context})"
            if unit.items and unit.resources:
                text += f", with {_join(unit.resources, 3)} as resources"
            return Lead(_sentence(text, [rank]), items[:5], used_resources=True)
        return Lead(_sentence(f"The roadmap names {unit.title} ({where.short})", [rank]), [unit.title])
    if unit.kind == "list":
        if unit.title:
            return Lead(_sentence(f"{unit.title}: {_join(unit.items, 6)}", [rank]), unit.items[:6])
        name = where.headings[-1] if where.headings else "the list"
        return Lead(_sentence(f"{name}: {_join(unit.items, 6)}", [rank]), unit.items[:6])
    return Lead(_sentence(unit.title, [rank]), [])


def paths_asked(question: str, hits: list[Hit]) -> set[str]:
    """The paths the question names, also when none of their levels was retrieved: by the role or milestone
    sections named after them ("Assessment & Milestones › AI Integration Engineering")."""
    named = paths_named(question, hits)
    if named:
        return named
    words = content_terms(expand_query(question))
    # (a section named after a path or role says so: "AI Integration Engineering", not "Resource Library › Platforms")
    return {h.headings[-1] for h in hits if len(h.headings) > 1 and not is_shared_section(h)
            and content_terms(h.headings[-1]) & GENERIC_PATH
            and (key := {w for w in content_terms(h.headings[-1]) - GENERIC_PATH if len(w) > 2}) and key <= words}


_YES_NO_OPENING = re.compile(r"^\W*(?:does|do|is|are|has|have|any)\b", re.I)


def _counts_as_prereq(question: str, hits: list[Hit]) -> Lead | None:
    """"DSA is all i do. does that count as a prereq?": Yes, with the prerequisite items what was said names."""
    if (prereq := _prerequisites(hits)) is None:
        return None
    said = content_terms(expand_query(question), drop_filler=True) - GENERIC_PATH - _FIELD_WORDS
    for u in parse_units(hits[prereq]):
        named = [i for i in u.items if content_terms(re.sub(r"\([^)]*\)", "", i)) & said]
        if named and u.title:
            text = f"Yes: the roadmap lists {_join(named, 3)} under {u.title} ({_section_name(hits[prereq])})"
            return Lead(_sentence(text, [prereq]), ["Yes", *named[:2]], about_unit=False)
    return None


def _qualified_resources(question: str, hits: list[Hit]) -> Lead | None:
    """"which Stanford courses does it recommend?", "any Packt book?": every item of the passages that names the
    qualifier, with where each sits (None when no item does)."""
    if (word := qualifier(own_question(question), [h.text for h in hits])) is None:
        return None
    pattern = word_pattern(word)
    found = [(r, u, item) for r, h in enumerate(hits) for u in parse_units(h) for item in [*u.items, *u.resources]
             if pattern.search(item)]
    # ("what stanford course is listed for model architecture", "… for learning cnns and rnns?": the one of the topic
    # the question names, by its title or its items)
    asked = (content_terms(expand_query(question), drop_filler=True) - content_terms(word) - RESOURCE_KINDS - _FIELD_WORDS
             - GENERIC_PATH - content_terms(PATH_NAME_WORDS) - _ASKING_WORDS)
    overlap = [len(asked & content_terms(" ".join([u.title, *u.items]))) for _, u, _ in found]
    if overlap and max(overlap) > 0:
        found = [f for f, n in zip(found, overlap, strict=True) if n == max(overlap)]
    if not found or len(found) > 4:
        return None
    found.sort(key=lambda f: (hits[f[0]].source, hits[f[0]].start_line))  # (in the document's order)
    parts = []
    for r, u, item in found:
        w = _where(hits[r])
        place = f"{u.title} ({w.short or _role_or_path(w)})" if u.title else (w.short or _role_or_path(w))
        parts.append(f"{item} for {place} {_cite([r])}")
    lead = f"the roadmap recommends {_join(parts)}"
    yes = bool(_YES_NO_OPENING.search(own_question(question)))
    text = f"Yes: {lead}" if yes else lead
    return Lead(text[0].upper() + text[1:].rstrip(".") + ".", ["Yes", *(i for _, _, i in found)][0 if yes else 1:],
                about_unit=False)


def _place_first(naming: list[tuple[int, Unit]], core: frozenset[str], hits: list[Hit],
                 keep: Callable[[Hit], bool]) -> list[tuple[int, Unit]]:
    """``naming`` with the units of the passages ``keep`` accepts first: those already in it, else the units there that
    hold every word of ``core``."""
    placed = [(r, u) for r, u in naming if keep(hits[r])] or _units_naming(core, hits, keep)
    return placed + [ru for ru in naming if ru not in placed]


def _units_naming(focus: frozenset[str], hits: list[Hit], keep: Callable[[Hit], bool]) -> list[tuple[int, Unit]]:
    """The topic and list units, of the passages ``keep`` accepts, that hold every word of ``focus``."""
    return [(r, u) for r, h in enumerate(hits) if keep(h) for u in parse_units(h)
            if u.kind in ("topic", "list") and focus_covered(focus, u.terms()) == len(focus)]


# "when should I start engaging with the community, like right after which step?"
_AFTER_WHICH = re.compile(r"\b(?:after|following)\s+which\s+step\b", re.I)
# "is backprop part of the integration track, or am I mixing it up with the other one?": the person offers the
# other path as the alternative, so finding it there answers No
_OR_THE_OTHER = re.compile(
    r"\bor\b[^?]*?\b(?:the\s+other\s+(?:one|path|track|route|side)|mixing|mixed|confus\w*|thinking\s+of)\b", re.I)


_PATH_PHRASE = re.compile(r"\b(?:ai\s+)?(?:integration|ml|machine\s+learning)(?:\s+engineering)?\s+(?:track|path|route|side)\b", re.I)


def _all_on(naming: list[tuple[int, Unit]], hits: list[Hit], paths: set[str]) -> bool:
    """Do all the units naming the thing sit on ``paths``?"""
    return all(in_paths(hits[r], paths) for r, _ in naming)


def _not_on_path(focus: frozenset[str], found: tuple[int, Unit], hits: list[Hit], path: str,
                 alternative: bool = False) -> Lead:
    """"No: …" when no unit of the path asked about names the thing, which another path's does ("does the ml
    path have vector databases?": the integration path's Vector Databases & Search), and one of its levels or a
    section both paths share was retrieved; else where the thing is, without a yes or no."""
    # only when the passages show what the path holds: one of its levels, or a section both paths share
    # (math is a prerequisite of both; a milestone list alone does not say what the path teaches)
    own_level = any(h.headings and h.headings[0] == path or (in_paths(h, {path}) and _where(h).level) for h in hits)
    r, u = found
    w = _where(hits[r])
    if u.title and focus_covered(focus, content_terms(u.title)) == len(focus):
        items = [u.title]  # "vector databases": the topic Vector Databases & Search itself
    else:
        items = [i for i in [*u.items, *u.resources] if focus_covered(focus, content_terms(i))] or [u.title]
    where_text = f"{u.title} ({w.short or _role_or_path(w)})" if u.kind == "topic" and u.title else (w.short or _role_or_path(w))
    name = path if re.search(r"\b(?:path|track|route|side)\b", path, re.I) else f"{path} path"
    listed = f"{_join(items, 3)} under {where_text}" if items != [u.title] else f"{u.title} in {w.short or _role_or_path(w)}"
    if own_level or alternative or any(is_shared_section(h) for h in hits):
        text = f"No: the {name} does not list it; the roadmap lists {listed} {_cite([r])}."
        return Lead(text, [*items[:2], "No"], about_unit=False)
    # (the path's own levels were not retrieved: where it is, not a yes or no)
    text = f"The roadmap lists {listed} {_cite([r])}; the passages found show nothing like it in the {name}."
    return Lead(text, items[:2], about_unit=False)


# "how deep into linear algebra do i have to be?", "how much calculus do i need?": the depth an item states
_DEPTH_Q = re.compile(r"\bhow\s+(?:much|deep|far|good|strong|solid|advanced)\b|\bwhat\s+level\s+of\b(?!\s+(?:the|this|that|each|either)\b)", re.I)
_GOOD_AT_Q = re.compile(r"\b(?:be|get|become)\s+(?:really\s+|very\s+|super\s+)?(?:good|great|strong|solid|fluent|proficient|an?\s+expert"
                        r"|expert)\s+(?:at|in|with)\b|\b(?:need|have)\s+to\s+master\b", re.I)
_BASIC_WORDS = frozenset(content_terms("basic basics fundamental fundamentals understanding"))
_DEPTH_WORDS = frozenset(content_terms("basic basics advanced intermediate fundamental fundamentals understanding strong solid deep"))


def _depth_lead(question: str, chosen: list[tuple[int, Unit]], hits: list[Hit]) -> Lead | None:
    """"The roadmap asks for Basic linear algebra under Mathematics & Statistics (…)": the first chosen item
    whose subject the question names in full and which states a depth ("Basic …", "… (basic understanding)")."""
    asked = content_terms(expand_query(question))
    # (the chosen units first, then any retrieved: "how much [calculus] am i expected to know" before either track)
    everything = [*chosen, *((r, u) for r, h in enumerate(hits) for u in parse_units(h) if (r, u) not in chosen)]
    for r, u in everything:
        for item in u.items:
            depth = content_terms(_QUOTED.sub(" ", item)) & _DEPTH_WORDS  # (not the title '"Deep Learning" (Goodfellow)')
            subject = content_terms(re.sub(r"\([^)]*\)", "", item)) - _DEPTH_WORDS
            if depth and subject and subject <= asked:
                w = _where(hits[r])
                where_text = f"{u.title} ({w.short or u.context})" if u.title else (w.short or u.context)
                return Lead(_sentence(f"The roadmap asks for {item} under {where_text}", [r]), [item], about_unit=False)
    return None


def _level_lead(rank: int, where: _Where, hits: list[Hit]) -> Lead | None:
    """"Level 2: Integration of the AI Integration Engineering Path (6-12 months) covers A, B and C"."""
    titles = [u.title for u in parse_units(hits[rank]) if u.kind == "topic"]
    if len(titles) < 2:
        return None
    text = f"{where.level} of the {where.path} ({where.duration}) covers {_join(titles)}"
    return Lead(_sentence(text, [rank]), titles, about_unit=False)


def _section_named(focus: frozenset[str], unit: Unit, hit: Hit) -> bool:
    """A list whose own section is what a yes/no asks about ("any communities?": Resource Library › Communities)."""
    return unit.kind == "list" and bool(hit.headings) and focus_covered(focus, content_terms(hit.headings[-1])) == len(focus)


_EARLIER_Q = re.compile(r"\b(?:earlier|sooner|before\s+(?:that|then|level\s+\d))\b", re.I)


_WITHIN = re.compile(r"\b(?:by|within|in|during)\s+(?:the\s+|my\s+)?(?:month\s+(?P<m>\d+)|(?:first\s+)?(?P<n>\d+)\s+months)\b", re.I)


def _time_window(question: str) -> float | None:
    """The months a question's time window ends at: "my first year" (0-12 months), "by month 8", "within 6 months"."""
    if m := re.search(r"\(0-(\d+) months\)", expand_query(question)):
        return float(m.group(1))
    if m := _WITHIN.search(question):
        return float(m.group("m") or m.group("n"))
    return None


def _covering(unit: Unit, focus: frozenset[str]) -> list[str]:
    """The unit's items and resources that hold every word of ``focus``, else its title."""
    return [i for i in [*unit.items, *unit.resources] if focus_covered(focus, content_terms(i)) == len(focus)] or [unit.title]


_ORDINAL_LEVEL = re.compile(r"\b(first|second|third|1st|2nd|3rd)\s+(?:(?:integration|ml|ai|path|track)\s+)?(?:level|stage|phase)\b", re.I)
_ORDINALS = {"first": "1", "1st": "1", "second": "2", "2nd": "2", "third": "3", "3rd": "3"}


def _levels_asked(question: str) -> list[str]:
    """The level numbers a question names: "level 2", "the first level" (1)."""
    return LEVEL_NUMBER.findall(question) + [_ORDINALS[m.group(1).lower()] for m in _ORDINAL_LEVEL.finditer(question)]


def _level_below(hit: Hit, number: int) -> bool:
    found = re.search(r"\d+", _where(hit).level or "")
    return found is not None and int(found.group(0)) < number


_MORE_THAN_ONCE = re.compile(r"\b(?:more\s+than\s+once|twice|two\s+times|multiple\s+times|several\s+times|in\s+(?:two|both|multiple|several)"
                             r"\s+(?:places|levels|spots|stages)|(?:repeated|repeat|come\s+(?:up\s+)?again|show\s+up\s+again))\b", re.I)


# "do i need X before i start level 2?", "before moving on to level 3": what comes before that level
_BEFORE_LEVEL = re.compile(r"\bbefore\s+(?:i\s+|you\s+)?(?:(?:can\s+)?(?:start|begin|move\s+on\s+to|go\s+(?:on\s+)?to|get\s+to|hit|reach|tackle|do)"
                           r"|starting|beginning|moving\s+on\s+to|going\s+(?:on\s+)?(?:to|into)|getting\s+to|hitting|reaching|tackling)?\s*"
                           r"(?:the\s+)?level\s+(\d)\b", re.I)


def _yes_lead(question: str, focus: frozenset[str], chosen: list[tuple[int, Unit]], hits: list[Hit]) -> Lead | None:
    """"Yes: the roadmap lists Calculus under Advanced Mathematics (Level 1 …) [1]." from the selected units that
    name what a yes/no question asks about; asked of every path, one clause per path that has it."""
    naming = [(r, u) for r, u in chosen if u.kind in ("topic", "list") and (covers_focus(focus, u) or _section_named(focus, u, hits[r]))]
    if (kinds := _kinds_asked(question)) and focus <= _KIND_TERMS:
        # "is there a specific book for the system design chunk of level 2?": the topics listing a book, whatever its title
        naming = [(r, u) for r, h in enumerate(hits) for u in parse_units(h)
                  if u.kind == "topic" and _of_kinds(u.resources, kinds)]
    if focus and not any(_section_named(focus, u, hits[r]) for r, u in naming):
        # "any communities where I can ask questions?": the section named so (Resource Library › Communities), before
        # an item that mentions the word ("Engage with community")
        naming = [(r, u) for r, h in enumerate(hits) for u in parse_units(h)[:1] if _section_named(focus, u, h)][:1] + naming
    if not naming:
        return None
    # ("does the ML track expect me to publish research?": Advanced Milestones, naming both, before Research workshops)
    def covered(ru: tuple[int, Unit], resources: bool = False) -> int:
        text = [ru[1].title, *ru[1].items, *(ru[1].resources if resources else [])]
        return len(focus) if _section_named(focus, ru[1], hits[ru[0]]) else focus_covered(focus, content_terms(" ".join(text)))
    if len(focus) >= 2 and covered(naming[0]) < len(focus) and (full := [ru for ru in naming if covered(ru) == len(focus)]):
        naming = full[:1] + [ru for ru in naming if ru is not full[0]]
    elif len(focus) >= 3 and not any(covered(ru, True) == len(focus) for ru in naming) and (
            naming_all := [(r, u) for r, h in enumerate(hits) for u in parse_units(h) if u.kind in ("topic", "list") and covered((r, u), True) == len(focus)]):
        # "a friend lent me Designing Data-Intensive Applications. Is that book on this roadmap?": the unit naming all of
        # it (System Design's resources), which the selection left out for the Books list naming half of it
        naming = naming_all[:1] + naming
    if _MORE_THAN_ONCE.search(own_question(question)):
        # "does API security show up more than once on the integration path?": every topic whose items name it
        places = [(r, u) for r, h in enumerate(hits) for u in parse_units(h)
                  if u.kind == "topic" and _where(h).level and any(focus_covered(focus, content_terms(i)) == len(focus) for i in u.items)]
        paths = paths_asked(own_question(question), hits)
        places = [(r, u) for r, u in places if not paths or in_paths(hits[r], paths)]
        if len(places) >= 2:
            places.sort(key=lambda ru: _where(hits[ru[0]]).level)
            parts = [f"{u.title} ({_where(hits[r]).short}) {_cite([r])}" for r, u in places[:3]]
            item = next(i for i in places[0][1].items if focus_covered(focus, content_terms(i)) == len(focus))
            times = "twice" if len(places) == 2 else f"{len(places)} times"
            return Lead(f"Yes: {item} appears {times}, under {_join(parts, 3)}.",
                        ["Yes", *(_where(hits[r]).level.split(":")[0] for r, _ in places[:3])], about_unit=False)
        if len(places) == 1:
            r, u = places[0]
            return Lead(f"No: the roadmap lists it once, under {u.title} ({_where(hits[r]).short}) {_cite([r])}.",
                        ["No", u.title], about_unit=False)
    asked_level = set(_levels_asked(own_question(question)))
    part_named = {h.headings[0] for h in hits if h.headings and len(content_terms(h.headings[0])) >= 2
                  and content_terms(h.headings[0]) <= content_terms(own_question(question))}
    if len(asked_level) == 1:
        # "r there any security topics already in the first integration level?": what that level has, first
        level = next(iter(asked_level))
        def in_asked(h: Hit) -> bool:
            return bool(re.search(rf"\bLevel\s+{level}\b", _where(h).level or ""))

        naming = _place_first(naming, frozenset(focus - _GENERIC_NOUNS) or focus, hits, in_asked)  # ("any security topics": security)
    elif part_named:
        # "is the last one of those also in the resource library part?": a unit of the part the question names first
        naming = _place_first(naming, frozenset(focus - _GENERIC_NOUNS - _KIND_TERMS) or focus, hits,
                              lambda h: bool(h.headings) and h.headings[0] in part_named)
    elif _IN_PATHS_Q.search(own_question(question)):
        # "does that fast.ai one also show up inside one of the levels?": a level's topic, before the Resource Library
        naming = _place_first(naming, frozenset(focus - _GENERIC_NOUNS) or focus, hits, lambda h: bool(_where(h).level))
    shared = is_shared_section(hits[naming[0][0]])
    # (the words of the person's own question: "does the other one do any mlops? (about: mlflow dvc)" asks mlops)
    strict = (focus & content_terms(expand_query(own_question(question)))) or focus
    common = _units_naming(strict, hits, is_shared_section)
    if not shared and _ONE_PATH_WORD.search(own_question(question)):
        # "do i still need calculus if i only go for the integration path?": a prerequisite of both paths answers
        if common:
            naming, shared = common[:1], True
    only = bool(_ONLY_Q.search(question) or _JUST_Q.search(own_question(question)))
    if only and common and not shared:  # "is calculus only an ML thing?": a prerequisite of both paths answers
        naming, shared = common[:1], True
    every_path = bool(EVERY_PATH_Q.search(question)) or only
    # (not a title the follow-up was resolved to: "is that book (Hands-On Machine Learning) also in …" names no path)
    own_asked = paths_asked(re.sub(r"\s*\((?!about:)[^()]*\)", " ", own_question(question)), hits) if not shared else set()
    if len(own_asked) == 1 and not only:  # "does the other path (ML …) have one too?": that path
        every_path = False
    # (a part of the roadmap named by the question is where to look, whatever path the earlier turn was about)
    asked = (own_asked or paths_asked(question, hits)) if not (shared or every_path or (part_named and not own_asked)) else set()
    offered = False  # "… for the integration track or is that an ml-side thing?": the other path offered instead
    head, _, tail = own_question(question).partition(" or ")
    # (a clause about the other path, "or is that an ml-side thing?"; not a choice, "on the ml path or the integration one?")
    # ("… or is mlops only an ML engineering thing?": the thing named again, with "only")
    if tail and not (shared or every_path) and re.match(r"\s*(?:is|are|was)\s+(?:that|it|this|those|they\b|[\w-]+\s+(?:only|just|purely|strictly|more\s+of)\b)", tail, re.I):
        first, second = paths_asked(head, hits), paths_asked(tail, hits)
        if len(first) == 1 and second and not second & first:
            asked, offered = first, True
        elif not first and len(second) == 1 and (said := _PATH_PHRASE.search(head)) and _all_on(naming, hits, second):
            # (the path asked about was not retrieved: its own words name it, "the integration track")
            return _not_on_path(strict, naming[0], hits, said.group(0), True)
    if (not asked and not (shared or every_path) and (said := _PATH_PHRASE.search(own_question(question)))
            and _where(hits[naming[0][0]]).path
            and not content_terms(said.group(0)) - GENERIC_PATH <= content_terms(expand_query(_where(hits[naming[0][0]]).path))):
        # "on the integration route will i have to learn backprop …?": only the other path's passages were found
        return _not_on_path(strict, naming[0], hits, said.group(0))
    if len(asked) == 1:
        # "does the integration path have me training CNNs?": only that path's sections say yes
        on_path = [(r, u) for r, u in naming if in_paths(hits[r], asked)]
        theirs = _units_naming(strict, hits, lambda h: in_paths(h, asked) and not is_shared_section(h))
        # (not when the unit found first is the part the question names: "is there a stanford course for the
        # architecture part later on too?" is Model Architecture's Stanford CS231n, not ML Fundamentals' CS229)
        other_words = content_terms(own_question(question), drop_filler=True) - strict
        if (on_path and theirs and not any(focus_covered(strict, u.terms()) == len(strict) for _, u in on_path)
                and not other_words & content_terms(on_path[0][1].title)):
            naming = theirs[:1] + on_path  # ("does the ML path mention Papers with code?": the unit naming all of it)
        elif on_path:
            naming = on_path
        elif theirs or common:  # (a prerequisite of both paths: "do I still need math if I pick AI integration?")
            naming = (theirs or common)[:1]
        else:  # "No" when the passages show the path; else say where it is, and no yes about the wrong path
            return _not_on_path(strict, naming[0], hits, next(iter(asked)), offered or bool(_OR_THE_OTHER.search(question)))
    if every_path and not shared:
        # (a prerequisite both paths share answers "both" by itself)
        per_path: dict[str, tuple[int, Unit]] = {}
        for r, u in naming:
            if _where(hits[r]).path and covers_focus(focus, u, resources=False):
                per_path.setdefault(_where(hits[r]).path, (r, u))
        if len(per_path) >= 2:
            # "does the integration path have any mlops too?": the path asked about first (in the person's own
            # words: "does the other path (Machine Learning …) have one too? (about: level 3 ai integration …)")
            named = paths_named(own_question(question), hits) or paths_named(question, hits)
            # ("mlops is purely an ML-path thing right?": the other path's, which the person doubts, first)
            doubted = only and not re.search(r"\bboth\b", question, re.I)  # (not "is it in both, or only the ML one?")
            if doubted and (claim := _JUST_Q.search(own_question(question)) or _ONLY_Q.search(question)):
                named = paths_named(claim.group(0), hits) or named  # ("purely an ML-path thing": the ML path is claimed)
            naming = sorted(per_path.values(), key=lambda ru: (hits[ru[0]].headings[0] in named) == doubted)[:2]
        else:
            naming = naming[:1]
    else:
        naming = naming[:1]
    window = _time_window(own_question(question))
    if window is not None and len(naming) == 1:
        # "will I be doing transfer learning during my first year on the ML path?": No when its level starts later
        r, u = naming[0]
        w = _where(hits[r])
        span = parse_months(w.duration or "")
        if span is not None and span[0] >= window:
            items = _covering(u, focus)
            what = f"{_join(items, 3)} ({u.title})" if items != [u.title] else u.title
            text = (f"No: the roadmap lists {what} in {w.level} of the {w.path}, which runs {w.duration}, after your "
                    f"first {window:g} months {_cite([r])}.")
            return Lead(text, ["No", items[0], w.level.split(":")[0]], about_unit=False)
    levels_asked = _levels_asked(own_question(question))
    if len(set(levels_asked)) == 1 and naming and _EARLIER_Q.search(own_question(question)):
        # "does API security show up earlier in the path too, or only at level 3?": the path's earlier levels
        path = hits[naming[0][0]].headings[:1]
        earlier = _units_naming(strict, hits, lambda h: h.headings[:1] == path and _level_below(h, int(levels_asked[0])))
        if earlier:
            r, u = earlier[0]
            w = _where(hits[r])
            items = _covering(u, strict)
            text = f"Yes: the roadmap also lists {_join(items, 2)} under {u.title} ({w.short}), before Level {levels_asked[0]} {_cite([r])}."
            return Lead(text, ["Yes", items[0], w.level.split(":")[0]], about_unit=False)
        if any(h.headings[:1] == path and _level_below(h, int(levels_asked[0])) for h in hits):  # (they were retrieved)
            r, u = naming[0]
            w = _where(hits[r])
            items = _covering(u, strict)
            text = f"No: the roadmap lists {_join(items, 2)} only under {u.title} ({w.short}), not in an earlier level {_cite([r])}."
            return Lead(text, ["No", items[0], w.level.split(":")[0]], about_unit=False)
    if len(set(levels_asked)) == 1 and len(naming) == 1:
        # "is load balancing part of level 2 of the integration path too?": No when it sits in another level
        r, u = naming[0]
        w = _where(hits[r])
        found = re.search(r"\d+", w.level or "")
        items = _covering(u, focus)
        what = f"{_join(items, 3)} ({u.title})" if items != [u.title] else u.title
        if found and (before := _BEFORE_LEVEL.search(own_question(question))):
            # "do i need fastapi before i start level 2?": Yes when it sits in an earlier level
            if int(found.group(0)) < int(before.group(1)):
                text = f"Yes: the roadmap lists {what} in {w.level} of the {w.path}, before Level {before.group(1)} {_cite([r])}."
                return Lead(text, ["Yes", items[0], w.level.split(":")[0]], about_unit=False)
            text = f"No: the roadmap lists {what} in {w.level} of the {w.path}, not before Level {before.group(1)} {_cite([r])}."
            return Lead(text, ["No", items[0], w.level.split(":")[0]], about_unit=False)
        if found and found.group(0) != levels_asked[0]:
            text = f"No: the roadmap lists {what} in {w.level} of the {w.path}, not in Level {levels_asked[0]} {_cite([r])}."
            return Lead(text, ["No", items[0], w.level.split(":")[0]], about_unit=False)
    if the_only := _THE_ONLY_Q.search(own_question(question)):
        # "is AWS the only cloud the roadmap wants me to know?": No when the item naming it names others beside it
        x = re.escape(the_only.group("x"))
        for r, u in naming:
            listing = next((i for i in [*u.items, *u.resources] if re.search(rf"\b{x}\s*/|/\s*{x}\b", i, re.I)), None)
            if listing is not None:
                where_text = f"{u.title} ({_where(hits[r]).short})" if u.kind == "topic" and u.title else _where(hits[r]).short
                return Lead(f"No: the roadmap lists {listing} under {where_text} {_cite([r])}.", ["No", listing], about_unit=False)
    clauses: list[str] = []
    what_else = bool(_WHAT_ELSE.search(own_question(question)))  # "… right? and what else is on that list?"
    facts: list[str] = []
    for r, u in naming:
        w = _where(hits[r])
        place = w.short or _role_or_path(w)
        items = _most_named([*u.items, *u.resources], focus)
        if what_else and u.items:
            items = u.items  # "Kaggle is on the list of platforms, right? and what else is on that list?": all of it
        if u.resources and _all_resources_asked(question, u):
            items = u.resources  # "are there any resources for system design?", "any tools for X?": all of them
        elif (kinds := _kinds_asked(question)) and (kinds_of := _of_kinds(u.resources, kinds)):
            items = kinds_of  # "is there a book it recommends for system design?": the books, not the first resource
        if _section_named(focus, u, hits[r]):
            items = u.items  # "any communities?": the section is the thing asked about, all of it answers
        if items and not (u.title and focus_covered(focus, content_terms(u.title)) == len(focus)):
            where_text = f"{u.title} ({place})" if u.kind == "topic" and u.title else place
            whole = _section_named(focus, u, hits[r]) or what_else
            clauses.append(f"{_join(items, 6 if whole else 3)} under {where_text} {_cite([r])}")
            facts += items[:2]
        else:  # the topic itself is what was asked about: "MLOps Fundamentals"
            what = f"{u.title} ({_join(u.items, 4)})" if u.kind == "topic" and u.items else (u.title or _join(u.items, 4))
            clauses.append(f"{what} in {place} {_cite([r])}")
            facts.append(u.title or _join(u.items, 3))
        facts.append(_role_or_path(w).replace(" Path", ""))  # an LLM's "yes" about the other path does not carry it
    # (compose_lead turns any other "Yes" into "No")
    doubt = bool(_DOUBT_CONFIRM.search(own_question(question)) or _SKIP_Q.search(own_question(question))
                 or _PATH_WITHOUT_Q.search(own_question(question)))
    if len(clauses) >= 2:
        # one sentence per path, so each is checked against (and cites) its own passage
        # "is mlops only a thing for the ml path?": No; "is it in both, or only the ML one?": Yes
        answer = "No" if only and not re.search(r"\bboth\b", question, re.I) else "Yes"
        text = f"{answer}, both paths cover it: the roadmap lists {clauses[0]}. It also lists {clauses[1]}."
    elif shared and (only or doubt) and not re.search(r"\bboth\b", question, re.I):
        # "Docker is just an integration-path thing, right?": No, a prerequisite of both
        text = "No, both paths need it: the roadmap lists " + clauses[0] + "."
    elif shared and every_path:
        text = "Yes, for both paths: the roadmap lists " + clauses[0] + "."
    elif (_WHAT_IT_COVERS_Q.search(own_question(question)) and naming[0][1].kind == "topic" and naming[0][1].items
          and naming[0][1].title):
        # "is there something like that on the integration side too? what does it cover?": yes, and its topics
        r0, u0 = naming[0]
        text = f"Yes: {u0.title} ({_where(hits[r0]).short}) covers {_join(u0.items, 3)} {_cite([r0])}."
        facts = ["Yes", u0.title, *u0.items[:3]]
    else:
        text = "Yes: the roadmap lists " + clauses[0] + "."
    if text.startswith("No"):
        facts = ["No", *facts]
    return Lead(text, facts, about_unit=len(naming) == 1 and naming[0] == chosen[0])


def _named_count(terms: set[str], unit: Unit, resources: bool = False) -> int:
    """How many of ``terms`` the unit's title and items (and, if asked, its resources) name."""
    texts = [unit.title, *unit.items, *(unit.resources if resources else [])]
    return len(terms & set().union(*map(content_terms, texts)))


_OR_ONLY = re.compile(r",?\s+or\s+(?:is\s+(?:it|there)\s+|are\s+there\s+)?(?:only|just|merely)\b[^?]*", re.I)


_QUOTED = re.compile(r'"([^"]{3,80})"')


def _listed_in_level(question: str, unit: Unit, hits: list[Hit]) -> tuple[int, Unit] | None:
    """The level topic whose resources list the resource ``unit`` (a section outside the levels, such as the
    Resource Library) names for ``question``: '"Deep Learning" (Goodfellow)' is the '"Deep Learning" book' of
    Model Architecture."""
    titles = {q for i in _matched_items(question, unit) for q in _QUOTED.findall(i)}
    for r, hit in enumerate(hits):
        if _where(hit).level:
            for u in parse_units(hit):
                if any(f'"{t}"'.lower() in res.lower() for t in titles for res in u.resources):
                    return r, u
    return None


# "does the roadmap want me to know git?" … "what else is in that same group?": the other items of its topic
_SAME_GROUP_Q = re.compile(
    r"\bwhat\s+else\s+(?:is|comes|goes|sits|belongs)\s+(?:in|under|with)\s+(?:that|the|this)\s+(?:same\s+)?"
    r"(?:group|list|section|topic|category|bunch|set|area|block|bucket|one)\b"
    r"|\bwhat\s+else\s+is\s+(?:listed\s+)?(?:with|alongside|next\s+to)\s+(?:it|that|this)\b", re.I)
_ABOUT = re.compile(r"\(about:\s*([^)]*)\)")


# "7 months into the ML track — is now the right time for CNNs?", "should i be working on system design by now?"
_TIMING_Q = re.compile(
    r"\bis\s+(?:now|it|this)\s+(?:the\s+)?(?:right|good|a\s+good|the\s+best)\s+time\b|\btoo\s+(?:early|late|soon)\b"
    r"|\bshould\s+i\s+(?:already\s+)?be\s+(?:doing|learning|working\s+on|studying|on|into)\b[^?]*\b(?:by\s+now|now|yet|already)\b", re.I)


_WHICH_LEVEL_Q = re.compile(r"\b(?:which|what)\s+(?:level|stage|phase|part)\b", re.I)


def _timing_lead(question: str, point: tuple[float, bool], chosen: list[tuple[int, Unit]], hits: list[Hit]) -> Lead | None:
    """A time in the path against the month range of the level holding what is asked about."""
    if _WHICH_LEVEL_Q.search(question):
        return None  # "8 months in, which level should i be on by now?": the level, not one topic of it
    asked = content_terms(expand_query(question), drop_filler=True) - _FIELD_WORDS - _GENERIC_NOUNS - content_terms(PATH_NAME_WORDS)
    timed = [(r, u) for r, u in chosen if _where(hits[r]).duration and _named_count(asked, u)]
    if not timed:
        return None
    r, u = max(timed, key=lambda ru: _named_count(asked, ru[1]))
    w = _where(hits[r])
    span = parse_months(w.duration)
    if span is None:
        return None
    items = [i for i in u.items if asked & content_terms(i)]
    what = f"{_join(items, 3)} ({u.title})" if items and not asked & content_terms(u.title) else u.title
    month, counted = point
    place = f"{what} in {w.level} of the {w.path} ({w.duration})"
    worry = re.search(r"\btoo\s+(?:early|soon|late)\b", question, re.I)  # ("is it too early?" asks the other way round)
    if point_in_span(point, w.duration):
        text = f"{'No' if worry else 'Yes'}: the roadmap puts {place}, and month {month:g} falls in that range"
    elif (month <= span[0]) if counted else (month < span[0]):
        opening = "Yes, it is early" if worry and "late" not in worry.group(0).lower() else "No, not yet"
        text = f"{opening}: the roadmap puts {place}, which starts after month {span[0]:g}"
    else:
        opening = "Not too late, but you are past it" if worry and "late" in worry.group(0).lower() else "You are past it"
        text = f"{opening}: the roadmap puts {place}, which ends at month {span[1]:g}"
    return Lead(_sentence(text, [r]), [w.level.split(":")[0], *items[:2]], about_unit=False)


_OVERVIEW_HEADINGS = frozenset({"overview", "introduction", "intro", "about", "summary", "about this roadmap"})


def _overview_sentence(hits: list[Hit]) -> Lead | None:
    """"what's the structure?": the sentence of an overview section saying what the roadmap or each path includes
    (else its first sentence)."""
    for r, hit in enumerate(hits):
        if hit.headings and hit.headings[-1].strip().lower() in _OVERVIEW_HEADINGS:
            sentences = [u.title for u in parse_units(hit) if u.kind == "sentence" and u.title]
            if not sentences:
                continue
            best = next((t for t in sentences if re.search(r"\b(?:includes?|consists?\s+of|covers?|contains?)\b", t, re.I)),
                        sentences[0])
            return Lead(_sentence(best.rstrip("."), [r]), [best], about_unit=False)
    return None


def _rest_of_group(question: str, hits: list[Hit]) -> Lead | None:
    """The topic holding the thing the earlier turn was about, and its other items."""
    about = _ABOUT.search(question)
    besides = _BESIDES.search(own_question(question))  # "what else is in that group besides docker?": docker
    said = besides.group(1) if besides else (about.group(1) if about else "")
    focus = frozenset(content_terms(said) - GENERIC_PATH - _FIELD_WORDS)
    if not focus:
        return None
    for r, hit in enumerate(hits):
        for u in parse_units(hit):
            if u.kind != "topic" or not u.items:
                continue
            named = [i for i in u.items if focus_covered(frozenset(focus), content_terms(i)) == len(focus)]
            if named and len(u.items) > len(named):
                others = [i for i in u.items if i not in named]
                w = _where(hit)
                text = (f"Besides {_join(named)}, {u.title} ({w.short or _role_or_path(w)}) lists {_join(others, 6)} "
                        f"{_cite([r])}.")
                return Lead(text, [u.title, *others[:3]], about_unit=False)
    return None


def _most_named(items: list[str], focus: frozenset[str]) -> list[str]:
    """The items naming something of ``focus``, less those naming only part of what another names ("is there
    official documentation for FAISS?": FAISS documentation, not FAISS as well)."""
    named = [(i, {f for f in focus if focus_covered(frozenset({f}), content_terms(i))}) for i in items]
    named = [(i, words) for i, words in named if words]
    return [i for i, words in named if not any(words < other for _, other in named)]


def _names_topic(question: str, unit: Unit, where: _Where) -> bool:
    """Does ``question`` name ``unit``'s topic, beyond the words of its level and path?

    "What are the topics in the integration level?" names Level 2: Integration, not its topic "NLP
    Integration"; "what's in level 3 of ML engineering?" names the path (ML), not "Production ML".
    """
    frame = content_terms(f"{where.level} {where.path}")
    frame |= _abbreviations_of(where.path)
    asked = content_terms(question, drop_filler=True) - frame
    if not content_terms(unit.title) <= asked:  # "what topics?" asks for topics, it names none ("Advanced Topics")
        asked -= _KIND_WORDS
    if asked & content_terms(unit.title):
        return True
    # "hands on with aws/gcp for the integration level 1": its items' own names (AWS, GCP), not shared words
    return bool(unit.kind == "topic" and asked & (named_terms(" ".join(unit.items)) | named_terms(" ".join(unit.resources))))


_STAND_THEN_START = re.compile(r"\bi\b[^.?!]{3,80}[.!,;]\s+(?P<ask>(?:so\s+)?where\s+(?:do|should|can)\s+i\s+(?:even\s+|actually\s+)?(?:start|begin)\b[^.?!]*)", re.I)
_HAS_PREREQS = re.compile(r"\b(?:have|got|know|done|did|finished|covered|past|through|skip)\b[^.?!]{0,40}\b(?:prereq|prerequisite|basics|foundational)", re.I)
def _prerequisites(hits: list[Hit]) -> int | None:
    """The rank of the retrieved prerequisites section both paths share, if any."""
    return next((r for r, h in enumerate(hits) if is_shared_section(h) and "prerequisite" in h.label.lower()), None)


def _section_name(hit: Hit) -> str:
    """"Foundational Requirements, the Common Prerequisites (Both Paths)": a section with its parent heading."""
    if len(hit.headings) >= 2:
        return f"{hit.headings[-2]}, the {hit.headings[-1]}"
    return hit.headings[-1] if hit.headings else hit.label


_KIND_WORDS = frozenset(content_terms("topic topics thing things subject subjects area areas part parts"))
_WHOLE_PATH_Q = re.compile(r"\b(?:whole|entire|full|complete)\s+(?:\w+\s+){0,4}?(?:path|track|roadmap|thing)\b|\bin\s+total\b|\baltogether\b", re.I)


def _path_words_said(words: set[str], path: str) -> int:
    """How many of a path's own words (not "engineering", "path") the question's ``words`` hold."""
    return len(words & (content_terms(path) - {"engin", "engineer", "path"}))


def _each_level(question: str, hits: list[Hit]) -> Lead | None:
    """"how long is each level of the ML path?": every retrieved level of the path asked about, in order, with its span."""
    words = content_terms(expand_query(question))
    per_path: dict[str, list[tuple[int, _Where]]] = {}
    for r, hit in enumerate(hits):
        w = _where(hit)
        if w.path and w.level and w.duration and all(w.level != x.level for _, x in per_path.get(w.path, [])):
            per_path.setdefault(w.path, []).append((r, w))
    if not per_path:
        return None
    path = max(per_path, key=lambda p: (_path_words_said(words, p), len(per_path[p])))
    levels = sorted(per_path[path], key=lambda rw: rw[1].level)
    if len(levels) < 2:
        return None
    parts = [f"{w.level} takes {w.duration} {_cite([r])}" for r, w in levels]
    return Lead(f"In the {path}, {_join(parts, 3)}.", [w.duration for _, w in levels], about_unit=False)


def _whole_path(question: str, hits: list[Hit]) -> Lead | None:
    """"the whole ML engineering path takes like 2 years right?": the path's last retrieved level ends it."""
    words = content_terms(expand_query(question))
    best: tuple[tuple[int, int], int, _Where, int, str] | None = None
    for r, hit in enumerate(hits):
        w = _where(hit)
        m = re.match(r"\s*(\d+)\s*[-–]\s*(\d+)\s*(\w+)", w.duration)
        if not (w.path and m):
            continue
        named = _path_words_said(words, w.path)
        key = (named, int(m.group(2)))
        if best is None or key > best[0]:
            best = (key, r, w, int(m.group(2)), m.group(3))
    if best is None:
        return None
    _, r, w, upper, unit = best
    text = f"The {w.path} takes up to {upper} {unit} in all: its last level, {w.level}, runs {w.duration}"
    return Lead(_sentence(text, [r]), [f"{upper} {unit}", w.duration], about_unit=False)


# "Docker is just an integration-path thing, right?", "mlops is purely an ML-path thing": only one path, asked
_JUST_Q = re.compile(
    r"\b(?:is|are|'s)\s+(?:just|only|purely|strictly|exclusively|solely)\s+(?:an?\s+|for\s+(?:the\s+)?)?[\w\s/-]{0,30}?"
    r"(?:thing|stuff|topic|requirement|path|track|people|folks|side)\b",
    re.I,
)
# "for ml engineer interviews the math won't really come up right?", "so i can prob skip docker entirely right?":
# the person doubts it is needed; when the roadmap lists it, the answer to the doubt is No
# "Is there a path here that doesn't need it at all?": No when both paths need it
_PATH_WITHOUT_Q = re.compile(
    r"\b(?:is\s+there|are\s+there|any)\s+(?:a\s+|one\s+|some\s+)?(?:path|track|route|option)s?\b[^?]{0,30}?"
    r"\b(?:doesn'?t|does\s+not|don'?t|do\s+not|without|skips?|with\s+no)\b", re.I)
_DOUBT_CONFIRM = re.compile(
    r"\b(?:won'?t|wont|doesn'?t|doesnt|don'?t|dont|isn'?t|isnt|aren'?t|arent|not|never|skip)\b[^?]{0,80}"
    r"\b(?:right|correct|yeah|yes|true)\s*\?", re.I)
# "is mlops only a thing for the ml path?" (No: both have it), not "… or does ai integration have it too?" (Yes)
_ONLY_Q = re.compile(
    r"^\W*(?:so\s+|but\s+)?(?:is|are|r)\s+[^?]{1,40}?\b(?:only|just|purely|strictly|exclusively|solely)\b(?![^?]*\b(?:both|too|also|as\s+well|or\s+(?:does|do|is|are|r))\b)",
    re.I,
)
_AFTER_THAT = re.compile(r"\b(?:the\s+one\s+)?after\s+(?:that|this|it)\b|\bcomes?\s+(?:after|next)\b|\bnext\s+(?:one|level|stage)\b", re.I)
_EARLIER = re.compile(r"\(earlier:\s*([^()]+)\)")
_LENGTHS_COMPARED = re.compile(
    r"\b(?:longer|shorter|quicker|(?P<same>same\s+(?:amount\s+of\s+)?time|as\s+long\s+as|same\s+(?:length|span|duration|timeframe|time\s+frame)))\b", re.I
)


def _months_end(duration: str) -> float:
    """"6-12 months" -> 12.0 (a range's end, in months); inf when unreadable."""
    span = parse_months(duration)
    return span[1] if span else float("inf")


def _durations_per_path(question: str, hits: list[Hit]) -> list[tuple[int, _Where]]:
    """For "how long does each path take …": per path, the retrieved level the question asks about."""
    per_path: dict[str, tuple[tuple[int, int], int, _Where]] = {}
    terms = content_terms(question) | ({"3", "advanc", "expertis"} if _TOP_LEVEL_Q.search(question) else set())
    for r, hit in enumerate(hits):
        w = _where(hit)
        if not w.duration:
            continue
        score = (len(terms & content_terms(w.level)), -r)
        if w.path not in per_path or score > per_path[w.path][0]:
            per_path[w.path] = (score, r, w)
    return [(r, w) for _, r, w in sorted(per_path.values(), key=lambda v: v[1])]


def _durations_per_level(question: str, hits: list[Hit]) -> list[tuple[int, _Where]]:
    """For "is level 3 of the ML path longer than level 1?": the two levels the question numbers, of the one path it
    names (the path the most question words name, among the retrieved levels); [] unless both are retrieved."""
    numbers = list(dict.fromkeys(LEVEL_NUMBER.findall(own_question(question))))
    if len(numbers) != 2:
        return []
    terms = content_terms(expand_query(own_question(question)))
    timed = [(r, _where(h)) for r, h in enumerate(hits) if _where(h).duration]
    paths = {w.path for _, w in timed}
    if not paths:
        return []
    path = max(paths, key=lambda p: (len(terms & (content_terms(p) | _abbreviations_of(p))), -min(r for r, w in timed if w.path == p)))
    out = [next(((r, w) for r, w in timed if w.path == path and w.level.startswith(f"Level {n}:")), None) for n in numbers]
    return [o for o in out if o is not None] if all(out) else []


def _level_asked_about(
    question: str, chosen: list[tuple[int, Unit]], hits: list[Hit], rank: int, unit: Unit, where: _Where
) -> tuple[int, Unit, _Where]:
    """For a duration question, the retrieved level whose heading best matches the question.

    "When would I be doing the integration level?" names the level ("Level 2: Integration"), which the
    best-matching *unit* may not sit under. Ties keep the best unit's level.
    """
    question = asking_part(question)  # "…? feels like level 1 is all math lol": the afterthought names no level
    if LEVEL_NUMBER.search(own_question(question)):  # ("level 3 of the ML path, how long (about: … Advanced ML level …)")
        question = own_question(question)
    # ("the advanced ML stage (the one after foundation)": an aside placing the level it names is not another level)
    question = re.sub(r"\(\s*(?:the\s+one|the\s+stage|the\s+level|i\.?e\.?|aka)\s+(?:right\s+)?(?:after|before|following)\b[^)]*\)", " ", question, flags=re.I)
    # ("i'm in the middle stage now. how long is the expertise stage after this?": the sentence that asks names it)
    asking = asking_sentence(question)
    if asking != question and _WORD_BEFORE_LEVEL.search(asking):
        question = asking
    terms = content_terms(question)
    # "on the integration path": a path's word names the path, not its level "Integration", unless the
    # question says "the integration level/stage"
    path_words = {t for h in hits for t in content_terms(_where(h).path)}
    # (and the path's abbreviation: "on the ml side" names the path, not "Level 2: Advanced ML")
    path_words |= {a for h in hits for a in _abbreviations_of(_where(h).path)}
    named_levels = {stem(m.group(1).lower()) for m in _WORD_BEFORE_LEVEL.finditer(question)}
    terms = {t for t in terms if t not in path_words or t in named_levels}
    if _TOP_LEVEL_Q.search(question):
        terms = terms | {"3", "advanc", "expertis"}  # "the top level", "the end": the last level
    if _MIDDLE_LEVEL_Q.search(question):
        terms = terms | {"2"}  # "the middle level", "the second stage"
    # the path is told by all its words ("the foundation part of the integration path"), abbreviations spelled out
    full = content_terms(expand_query(question))
    best = (len(terms & content_terms(where.level)), len(full & content_terms(where.path)), 1)
    chosen_rank, chosen_unit, chosen_where = rank, unit, where
    for r, hit in enumerate(hits):
        w = _where(hit)
        if not w.duration:
            continue
        score = (len(terms & content_terms(w.level)), len(full & content_terms(w.path)), 0)
        if score > best:
            units = parse_units(hit)
            if units:
                best, chosen_rank, chosen_unit, chosen_where = score, r, units[0], w
    if _NEXT_LEVEL_Q.search(question) and (number := LEVEL_NUMBER.search(chosen_where.level or "")):
        # "once I'm past the foundation stage, what's the next stage called?": the level after the one named
        following = next((r for r, h in enumerate(hits) if _where(h).path == chosen_where.path
                          and re.search(rf"\bLevel\s+{int(number.group(1)) + 1}\b", _where(h).level or "")), None)
        if following is not None and (units := parse_units(hits[following])):
            return following, units[0], _where(hits[following])
    return chosen_rank, chosen_unit, chosen_where


def _summary(unit: Unit, chosen: list[tuple[int, Unit]], rank: int, hits: list[Hit]) -> str:
    """The titles of the chosen topics of one passage, or a unit's items."""
    titles = [u.title for r, u in chosen if r == rank and u.kind == "topic"]
    if len(titles) >= 2:
        return _join(titles, 4)
    named = f"{unit.title} ({_join(unit.items, 3)})" if unit.kind == "topic" and unit.items else ""
    return named or _join(unit.items, 4) or unit.title


def _facts(unit: Unit) -> list[str]:
    return [unit.title] if unit.kind == "topic" else unit.items[:3]


# --- checking a first sentence (the evaluation's rule, issue 16 part 4) --------------------------------------
_CITATION = re.compile(r"\s*\[\d+(?:\s*[,;]\s*\d+)*\]")  # [1], [1, 2], [1;2] and the space before
_BOLD = re.compile(r"\*\*")
LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d+[.)])(?:\s|$)")
_HEADING = re.compile(r"^#")
_LABEL_SEPARATORS = ("›", " > ")
_SENTENCE_END = re.compile(r"[.!?](?=\s)")
_TERMINATED = re.compile(r"[.!?](?:\s|$)")


def first_sentence_and_reason(answer: str) -> tuple[str, str]:
    """The answer's first sentence and, when there is none, why (``("", reason)``).

    The rule (issue 16 part 4; docs/evaluation.md, "The first sentence"): take the first non-empty line;
    it must be prose, so a list item (``- ``, ``* ``, ``+ ``, ``• ``, ``1. ``, ``1) ``), a heading (``#``)
    or a section label (a line ending with ``:``, or a heading path holding ``›`` or `` > `` with no
    sentence end ``.``/``!``/``?``) is not a sentence. ``[n]`` citations and ``**`` bold markers are
    removed, then the line is cut after the first ``.``, ``!`` or ``?`` that is followed by whitespace
    (no abbreviation list: ``"e.g. "`` ends the sentence too). A line without such a mark is one sentence.
    ``rag.evaluation.metrics`` scores leads with this same function.
    """
    line = next((ln.strip() for ln in answer.splitlines() if ln.strip()), "")
    if not line:
        return "", "the answer is empty"
    if LIST_ITEM.match(line):
        return "", "the first line is a list item, not a sentence"
    if _HEADING.match(line):
        return "", "the first line is a heading, not a sentence"
    text = _BOLD.sub("", _CITATION.sub("", line)).strip()
    if not text:
        return "", "the first line holds only citations"
    if text.endswith(":"):
        return "", "the first line is a section label (ends with ':'), not a sentence"
    if any(sep in text for sep in _LABEL_SEPARATORS) and not _TERMINATED.search(text):
        return "", "the first line is a section label (a heading path), not a sentence"
    end = _SENTENCE_END.search(text)
    return (text[: end.end()] if end else text), ""


def first_sentence(answer: str) -> str:
    """The first sentence by the evaluation's rule ("" when the first non-empty line is not prose)."""
    return first_sentence_and_reason(answer)[0]


def is_label_line(line: str, labels: Iterable[str]) -> bool:
    """A line that is only a passage's heading path, or its end ("Foundational Requirements › Common
    Prerequisites (Both Paths) [1]"), as small models echo it from the passages: it says nothing."""
    text = _norm(_BOLD.sub("", _CITATION.sub("", line)).strip().lstrip("-*•+ "))
    if not text:
        return False
    for label in labels:
        parts = [p.strip() for p in label.split(LABEL_SEP)]
        if any(text == _norm(LABEL_SEP.join(parts[i:])) for i in range(len(parts))):
            return True
    return False


def is_prose_line(line: str) -> bool:
    """False for a list item, a heading, or a section label (a heading path, or a line ending with ':')."""
    return bool(first_sentence(line))


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


def carries_answer(answer: str, lead: Lead) -> bool:
    """True when ``answer`` opens with a prose sentence naming enough of ``lead``'s facts."""
    first = first_sentence(answer)
    if not first:
        return False
    if not lead.facts:
        return True
    padded = f" {_norm(first)} "
    present = sum(1 for f in lead.facts if _norm(f) and f" {_norm(f)} " in padded)
    return present >= min(2, len(lead.facts))


# --- the extractive answer: lead first, then the detail --------------------------------------------------
def _detail_line(rank: int, unit: Unit, lead: Lead | None, first: bool) -> str | None:
    """A ``- ... [n]`` detail line; the lead's own unit only adds what the lead did not say."""
    if first and lead is not None and lead.about_unit and unit.kind == "topic":
        if unit.resources and not lead.used_resources:
            return f"- Resources for {unit.title}: {'; '.join(unit.resources)} [{rank + 1}]"
        if lead.used_resources and unit.items:
            return f"- {unit.title} covers {', '.join(unit.items)} [{rank + 1}]"
        return None
    if first and lead is not None and lead.about_unit and unit.kind in ("list", "sentence"):
        return None
    return f"- {unit.text()} [{rank + 1}]"


def extractive_answer(question: str, hits: list[Hit]) -> str:
    """The no-LLM answer: a composed lead sentence, then the selected units as cited detail lines.

    ``[n]`` cites ``hits[n-1]``. Deterministic.
    """
    chosen = select_units(question, hits)
    if not chosen:
        return ""
    lead = compose_lead(question, chosen, hits)
    lines = [lead.sentence] if lead else []
    for i, (rank, unit) in enumerate(chosen):
        line = _detail_line(rank, unit, lead, first=i == 0)
        if line and lead is not None and unit.kind == "sentence" and unit.title.rstrip(".") in lead.sentence:
            continue  # (the sentence the lead already quotes)
        if line:
            lines.append(line)
    return "\n".join(lines)
