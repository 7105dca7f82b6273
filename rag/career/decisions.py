"""Career decisions answered in the chat: which path fits me, how long until, what before, am I ready.

Every answer has the same shape (docs/career.md, "Chat intents"):

1. one prose sentence that states the recommendation or fact and names the choice
   ("The Machine Learning Engineering Path fits you better than ...", "No, not yet: ...",
   "It takes about 24 months ...");
2. two to four reasons, each a list item ending with a citation ``[n]`` of the tree node it comes from
   (labels and line ranges equal the indexed passages');
3. one sentence saying what would change the recommendation ("This would change if ...").
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from rag.career.interview import match_section
from rag.career.pathfit import EmbedderSource, PathAdvice, Statement, advise
from rag.career.profiles import Progress
from rag.career.recommend import WEAK_SCORE, completion
from rag.career.roadmap import Item, LearningPath, Level, MilestoneStage, PathMilestones, Roadmap, Span, Topic
from rag.career.targets import Target, group_span, parse_months
from rag.schema import Answer, Citation

__all__ = ["BACKEND", "Cites", "Reply", "path_fit_reply", "milestones_reply", "MilestoneMarks", "budget_reply", "time_fit_reply", "arrival_reply", "order_reply", "prereqs_first_reply", "gaps_reply", "said_ready_reply", "how_long_reply", "path_lengths_reply", "before_reply", "ready_reply",
           "to_answer", "MAX_REASONS"]

BACKEND = "mentor"
MAX_REASONS = 4


class Cites:
    """Numbers tree nodes as citations [1], [2] ... in the order they are first cited."""

    def __init__(self, roadmap: Roadmap):
        self.roadmap = roadmap
        self.items: list[Citation] = []

    def __call__(self, span: Span, sentence: str = "") -> str:
        for c in self.items:
            if (c.label, c.start_line, c.end_line) == (span.label, span.start_line, span.end_line):
                c.sentences.append(sentence)
                return f"[{c.n}]"
        c = self.roadmap.citation(span, len(self.items) + 1)
        c.sentences.append(sentence)
        self.items.append(c)
        return f"[{c.n}]"


@dataclass
class Reply:
    """A decision answer before it is rendered: lead sentence, cited reasons, what would change it."""

    intent: str
    lead: str
    reasons: list[tuple[str, Span]]
    change: str
    extra: dict[str, object] = field(default_factory=dict)

    def render(self, cites: Cites) -> str:
        lines = [self.lead]
        for text, span in self.reasons[:MAX_REASONS]:
            lines.append(f"- {text} {cites(span, roadmap_claim(text))}")
        lines.append(self.change)
        return "\n".join(lines)


_QUOTED = re.compile(r"You said “[^”]*”(?::\s*that matches)?\s*|\s*\([^)]*\byou\b[^)]*\)", re.IGNORECASE)
_ABOUT_YOU = re.compile(r"\b(?:you|your)\b", re.IGNORECASE)


def roadmap_claim(reason: str) -> str:
    """The part of a reason the cited passage states: without the person's quoted words and without the
    clauses about their profile ("; you have done 1 of its 3 topics"). This is what ``Citation.sentences``
    records, so the citation-support check compares roadmap facts with roadmap passages."""
    text = _QUOTED.sub(" ", reason)
    parts = [p for p in re.split(r";\s*", text) if not _ABOUT_YOU.search(p)]
    claim = "; ".join(parts).strip()
    return claim[:1].upper() + claim[1:] if claim else reason


def to_answer(roadmap: Roadmap, question: str, reply: Reply, started: float, note: str) -> Answer:
    cites = Cites(roadmap)
    text = reply.render(cites)
    return Answer(
        question=question, answer=text, refused=False, citations=cites.items, retrieved=[], backend=BACKEND,
        timings={"total_s": time.perf_counter() - started}, standalone_question=question,
        backend_note=note, extra={"intent": reply.intent, **reply.extra},
    )


def _join(items: Sequence[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _some(items: Sequence[str], shown: int = 3) -> str:
    """"A, B and C" or "A, B, C and 2 more"."""
    if len(items) <= shown:
        return _join(items)
    return ", ".join(items[:shown]) + f" and {len(items) - shown} more"


def _a(noun: str) -> str:
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def _prereq_span(roadmap: Roadmap) -> Span:
    return group_span(list(roadmap.prerequisites), "Common prerequisites")


def _prereq_reason(roadmap: Roadmap) -> tuple[str, Span]:
    groups = _join([g.title for g in roadmap.prerequisites])
    return f"Both paths start from the common prerequisites: {groups}.", _prereq_span(roadmap)


# --- which path fits me ------------------------------------------------------------------------
def path_fit_reply(roadmap: Roadmap, statements: Sequence[Statement], embedder: EmbedderSource,
                   from_history: bool = False) -> Reply | None:
    """None when nothing the person said relates to either path (the caller asks them to say more).

    Reasons: up to three units that matched what was said, then where the path starts (its first level's
    topics, with the first topic's subtopics), each cited."""
    advice: PathAdvice = advise(roadmap, statements, embedder)
    if not advice.statements or not advice.reasons:
        return None
    best, other = advice.path, advice.runner_up
    matched = _join(list(dict.fromkeys(r.matched for r in advice.reasons))[:2])
    # the lead names only the chosen path: the other one appears in the "would change" sentence
    if advice.note.startswith("Close call"):
        lead = (f"The {best.title} fits you slightly better, but it is a close call: "
                f"what you said is closest to its {matched}.")
    else:
        lead = f"The {best.title} fits you better: what you said is closest to its {matched}."
    reasons: list[tuple[str, Span]] = [(r.text, r.source) for r in advice.reasons[: MAX_REASONS - 1]]
    first = best.levels[0]
    if first.topics:  # where the path starts: Level 1's first topic with its subtopics, then the others
        t0, rest = first.topics[0], [t.title for t in first.topics[1:]]
        subs = f" ({', '.join(s.title for s in t0.subtopics)})" if t0.subtopics else ""
        then = f", then {_join(rest)}" if rest else ""
        reasons.append((f"It starts with {first.display} ({first.duration}): {t0.title}{subs}{then}.", first))
    if other is not None and advice.contrast:
        wants = _join([u.short or u.title for u in advice.contrast[:2]])
        change = f"The recommendation would change if you cared more about {wants}: that is the {other.title}."
    else:
        change = "The recommendation would change if you told me more about what you enjoy building."
    extra: dict[str, object] = {"path": best.title, "scores": {k: round(v, 4) for k, v in advice.scores.items()},
                                "margin": round(advice.margin, 4), "from_history": from_history}
    return Reply("path_fit", lead, reasons, change, extra)


def ask_for_description(roadmap: Roadmap) -> Reply:
    reasons: list[tuple[str, Span]] = []
    for p in roadmap.paths[:MAX_REASONS]:
        first = p.levels[0]
        reasons.append((f"The {p.title} starts with {_join([t.title for t in first.topics])}.", first))
    if len(reasons) < 2:
        reasons.append(_prereq_reason(roadmap))
    return Reply(
        "path_fit",
        "I need to know a little about you to say which path fits you: tell me your background and what you "
        "enjoy building.",
        reasons,
        "One sentence about you would change this, such as \u201cI have a statistics background and like building "
        "models\u201d: then I can recommend one path and show which parts of the roadmap match you.",
        {"needs_description": True},
    )


# --- progress helpers ---------------------------------------------------------------------------
def _done(progress: Progress, t: Topic) -> bool:
    return progress.status(t.key) == "done"


def _weak(progress: Progress, t: Topic) -> float | None:
    score = progress.latest_scores().get(t.key)
    return score if score is not None and score < WEAK_SCORE else None


def _months(x: float) -> str:
    r = round(x * 2) / 2
    n = f"{r:g}"
    return f"{n} month" if r == 1 else f"{n} months"


# --- what one path is ------------------------------------------------------------------------------
def path_overview_reply(roadmap: Roadmap, path: LearningPath) -> Reply | None:
    """"what does the ml engineering path cover?": its levels in order, each with its time and topics."""
    if not path.levels:
        return None
    levels = [f"{lv.display} ({lv.duration})" if lv.duration else lv.display for lv in path.levels]
    last = parse_months(path.levels[-1].duration)
    span = f" over about {_months(last[1])}" if last is not None else ""
    count = f"{len(path.levels)} level" + ("s" if len(path.levels) != 1 else "")
    lead = f"The {path.title} has {count}{span}: {_join(levels)}."
    reasons: list[tuple[str, Span]] = [
        (f"{lv.display} covers {_join([t.title for t in lv.topics])}." if lv.topics else f"{lv.display}.", lv)
        for lv in path.levels
    ]
    extra = []
    if roadmap.milestones_for(path) is not None:
        extra.append("its milestones")
    if roadmap.role_for(path) is not None:
        extra.append("its interview topics")
    change = f"Ask about any level for its resources{', or about ' + _join(extra) if extra else ''}."
    return Reply("path_overview", lead, reasons, change, {"path": path.title})


def paths_difference_reply(roadmap: Roadmap) -> Reply | None:
    """"what's the difference between the two paths?": what each path teaches, topic by topic, in one sentence,
    then each path's levels with their topics (cited)."""
    paths = [p for p in roadmap.paths if p.levels]
    if len(paths) < 2:
        return None
    parts = [f"the {p.title} teaches {_some([t.title for t in p.topics()], 4)}" for p in paths]
    lead = f"They differ in what you learn: {'; '.join(parts)}."
    lead = lead[0].upper() + lead[1:]
    reasons: list[tuple[str, Span]] = [
        (f"{p.title}: " + "; ".join(f"{lv.display} ({lv.duration}) covers {_join([t.title for t in lv.topics])}" if lv.duration
                                    else f"{lv.display} covers {_join([t.title for t in lv.topics])}" for lv in p.levels) + ".", p)
        for p in paths
    ]
    shared = " Both start from the same common prerequisites." if roadmap.prerequisites else ""
    change = f"Ask which path fits you, with a sentence about what you like and what you have done.{shared}"
    return Reply("path_overview", lead, reasons, change, {"paths": [p.title for p in paths]})


def paths_overview_reply(roadmap: Roadmap) -> Reply | None:
    """"how many levels does each path have?": every path's levels and span in one sentence, each path cited."""
    paths = [p for p in roadmap.paths if p.levels]
    if len(paths) < 2:
        return None
    parts: list[str] = []
    for path in paths:
        last = parse_months(path.levels[-1].duration)
        span = f" over about {_months(last[1])}" if last is not None else ""
        parts.append(f"the {path.title} has {len(path.levels)} level{'s' if len(path.levels) != 1 else ''}{span} "
                     f"({_join([lv.display for lv in path.levels])})")
    counts = {len(p.levels) for p in paths}
    spans = {parse_months(p.levels[-1].duration) for p in paths}
    if len(counts) == 1 and len(spans) == 1 and None not in spans:  # "Each path has 3 levels over about 24 months"
        n, months = counts.pop(), spans.pop()
        assert months is not None
        each = [f"the {p.title} ({_join([lv.display for lv in p.levels])})" for p in paths]
        lead = f"Each path has {n} level{'s' if n != 1 else ''} over about {_months(months[1])}: {_join(each)}."
    else:
        lead = f"{_join(parts)[0].upper()}{_join(parts)[1:]}."
    reasons: list[tuple[str, Span]] = [(f"{p.title}: {_join([f'{lv.display} ({lv.duration})' if lv.duration else lv.display for lv in p.levels])}.", p)
                                       for p in paths]
    return Reply("path_overview", lead, reasons, "Ask about one path for its topics level by level.", {"paths": [p.title for p in paths]})


# --- how long each path takes ------------------------------------------------------------------
_LONGER_ASKED = re.compile(r"^\W*(?:do|does|is|are|will|would)\b[^?]*\b(?:longer|shorter|more\s+time|less\s+time|quicker|faster|slower)\b", re.I)
_SAME_ASKED = re.compile(r"^\W*(?:do|does|are|is|will|would)\b[^?]*\b(?:same|equal|as\s+long)\b", re.I)
def path_lengths_reply(roadmap: Roadmap, question: str = "") -> Reply | None:
    """"Do both tracks take the same amount of time?", "is the ML one longer?": each path's length is where its
    last level's month range ends. None unless two paths give ranges."""
    ends: list[tuple[float, LearningPath, Level]] = []
    for path in roadmap.paths:
        last = path.levels[-1] if path.levels else None
        rng = parse_months(last.duration) if last is not None else None
        if last is not None and rng is not None:
            ends.append((rng[1], path, last))
    if len(ends) < 2:
        return None
    ends.sort(key=lambda e: -e[0])
    months = {e[0] for e in ends}
    if len(months) == 1:
        every = "Both paths" if len(ends) == 2 else f"All {len(ends)} paths"
        lead = f"{every} take the same time, about {_months(ends[0][0])}, going by the roadmap's month ranges."
        spans = {level.duration for _, _, level in ends}
        same = bool(_SAME_ASKED.search(question))
        if (same or _LONGER_ASKED.search(question)) and len(spans) == 1:
            # "do both paths take the same amount of time overall?": yes, and the range each ends with; "does the ml
            # path take longer than ai integration?": no
            lead = (f"{'Yes' if same else 'No'}, {every.lower()} take the same time: each ends with a level of {next(iter(spans))}, about "
                    f"{_months(ends[0][0])} in all, going by the roadmap's month ranges.")
    else:
        (long_m, long_p, _), (short_m, short_p, _) = ends[0], ends[-1]
        lead = (f"The {long_p.title} takes longer, about {_months(long_m)}, against about {_months(short_m)} for the "
                f"{short_p.title}, going by the roadmap's month ranges.")
    reasons: list[tuple[str, Span]] = [(f"The {path.title} ends with {level.display}, which runs {level.duration}.", level)
                                       for _, path, level in ends[:MAX_REASONS]]
    change = "This would change with your own pace: the roadmap's ranges are a guide, not a deadline."
    return Reply("path_lengths", lead, reasons, change, {"months": {p.title: m for m, p, _ in ends}})


# --- how long until ----------------------------------------------------------------------------
def how_long_reply(roadmap: Roadmap, progress: Progress, target: Target, reach: bool) -> Reply | None:
    """Months to reach (start) or finish the target, from the levels' ranges and the profile's progress."""
    path = target.path
    end_level = target.level or (path.levels[-1] if target.kind in ("path", "role") else None)
    if end_level is None:
        return None
    if target.kind == "topic":
        reach = False  # "how long until I get to X" for a topic: until X is learnt (its level runs in parallel)
    scope = [lv for lv in path.levels if lv.number < end_level.number or (not reach and lv.number == end_level.number)]
    budgets: list[tuple[Level, float, int, int]] = []  # level, months, done, total
    previous_end = 0.0
    for lv in path.levels:
        rng = parse_months(lv.duration)
        if rng is None:
            return None
        months = max(0.0, rng[1] - max(rng[0], previous_end))
        previous_end = rng[1]
        if lv in scope:
            done = sum(1 for t in lv.topics if _done(progress, t))
            budgets.append((lv, months, done, len(lv.topics)))
    roadmap_total = sum(b[1] for b in budgets)
    remaining = sum(months * (1 - done / total) for _, months, done, total in budgets if total)
    done_topics = sum(b[2] for b in budgets)
    total_topics = sum(b[3] for b in budgets)

    if target.kind == "role" and target.role is not None:
        goal = f"become {_a(target.role.name)}"
    elif target.kind == "path":
        goal = f"finish the {path.title}"
    elif target.kind == "topic" and target.topic is not None:
        goal = f"learn {target.topic.title} ({end_level.display} of the {path.title})"
    else:
        goal = f"{'reach' if reach else 'finish'} {end_level.display} of the {path.title}"

    if not budgets:
        lead = f"You can start {end_level.display} of the {path.title} right away: it is where the path begins."
    elif done_topics == 0 and reach and end_level.duration:
        lead = (f"It takes about {_months(roadmap_total)} to {goal}, going by the roadmap's month ranges: "
                f"it runs {end_level.duration}.")
    elif done_topics == 0 and target.kind != "path" and target.kind != "role" and end_level.duration:
        # one level: its own range says it ("Level 1: Foundation … (0-6 months)")
        lead = (f"It takes about {_months(roadmap_total)} to {goal}, going by the roadmap's month ranges: "
                f"{end_level.display} runs {end_level.duration}.")
    elif done_topics == 0 and end_level.duration:  # the whole path: its last level's range says where it ends
        lead = (f"It takes about {_months(roadmap_total)} to {goal}, going by the roadmap's month ranges: the path's last "
                f"level, {end_level.display}, runs {end_level.duration}.")
    elif done_topics == 0:
        lead = f"It takes about {_months(roadmap_total)} to {goal}, going by the roadmap's month ranges."
    elif remaining <= 0:
        lead = f"You are already there: you have done all {total_topics} topics needed to {goal}."
    else:
        lead = (f"About {_months(remaining)} to {goal}: the roadmap gives {_months(roadmap_total)}, and you have "
                f"already done {done_topics} of the {total_topics} topics on the way.")
    reasons: list[tuple[str, Span]] = []
    for lv, months, done, total in budgets:
        mine = f"; you have done {done} of its {total} topics" if done else ""
        reasons.append((f"{lv.display} runs {lv.duration}, about {_months(months)} of study{mine}.", lv))
    if len(reasons) > MAX_REASONS:
        reasons = reasons[:MAX_REASONS]
    if reach and end_level.duration and len(reasons) < MAX_REASONS:  # the level asked about, cited too
        reasons.append((f"{end_level.display} itself runs {end_level.duration}.", end_level))
    if target.kind == "topic" and target.topic is not None and len(reasons) < MAX_REASONS:
        reasons.append((f"{target.topic.title} is topic {target.topic.number} of {end_level.display}.", target.topic))
    if len(reasons) < 2:
        reasons.insert(0, _prereq_reason(roadmap))
    if len(reasons) < 2:
        reasons.append((f"{end_level.display} covers {_join([t.title for t in end_level.topics])}.", end_level))
    change = ("This estimate would change if you study faster or slower than the roadmap's pace, "
              "and it shrinks as you mark topics done.")
    extra: dict[str, object] = {"months_roadmap": roadmap_total, "months_remaining": round(remaining, 2),
                                "target": target.name}
    return Reply("how_long", lead, reasons, change, extra)


# --- what should I learn before ------------------------------------------------------------------
def before_reply(roadmap: Roadmap, progress: Progress, target: Target) -> Reply | None:
    """The prerequisites and earlier levels/topics of a topic, a level or a role's interview topics."""
    path = target.path
    reasons: list[tuple[str, Span]] = []
    open_titles: list[str] = []
    if target.kind == "role" and target.role is not None:
        sections: list[Topic] = []
        for item in target.role.technical_topics:
            sec = match_section(roadmap, target.role, item)
            if sec is not None and sec not in sections:
                sections.append(sec)
        if not sections:
            return None
        todo = [t for t in sections if not _done(progress, t)]
        names = [t.title for t in (todo or sections)]
        lead = f"Before {_a(target.role.name)} interview, learn {_join(names[:4])}: the roadmap topics its technical topics come from."
        span = group_span(list(target.role.technical_topics), "technical topics")
        reasons.append((f"The {target.role.name} interview covers {_join([i.title for i in target.role.technical_topics])}.", span))
        for t in (todo or sections)[: MAX_REASONS - 1]:
            reasons.append((f"{t.title} ({roadmap.level_of(t).display}) teaches {_join([s.title for s in t.subtopics])}.", t))
        change = "This list would change as you mark these topics done: finished ones drop off it."
        return Reply("before", lead, reasons, change, {"target": target.name})

    level = target.level
    if level is None:
        return None  # a whole path: the common prerequisites passage answers that (retrieval)
    earlier_levels = [lv for lv in path.levels if lv.number < level.number]
    same_level: list[Topic] = []
    if target.kind == "topic" and target.topic is not None:
        same_level = [t for t in level.topics if t.number < target.topic.number]
    what = target.topic.title if target.kind == "topic" and target.topic is not None else level.display
    if not earlier_levels and not same_level:
        groups = _join([g.title for g in roadmap.prerequisites])
        lead = f"Before {what}, learn the common prerequisites of both paths: {groups}."
        for g in roadmap.prerequisites[:MAX_REASONS - 1]:
            reasons.append((f"{g.title}: {_join([i.title for i in g.items])}.", g))
        reasons.append((f"{what} is where {level.display} of the {path.title} begins.",
                        target.topic if target.topic is not None else level))
    else:
        before_topics = [t for lv in earlier_levels for t in lv.topics] + same_level
        open_titles = [t.title for t in before_topics if not _done(progress, t)]
        if earlier_levels:
            lv_part = "; ".join(f"{lv.display} ({_join([t.title for t in lv.topics])})" for lv in earlier_levels)
            same = f", then {_join([t.title for t in same_level])} from {level.display}" if same_level else ""
            lead = f"Before {what}, learn {lv_part} of the {path.title}{same}."
        else:
            lead = f"Before {what}, learn the earlier topics of {level.display}: {_join([t.title for t in same_level])}."
        for lv in earlier_levels[-2:]:
            done = sum(1 for t in lv.topics if _done(progress, t))
            mine = f" (you have done {done} of them)" if done else ""
            reasons.append((f"{lv.display} ({lv.duration}) covers {_join([t.title for t in lv.topics])}{mine}.", lv))
        for t in same_level[:2]:
            reasons.append((f"{t.title} comes before it in {level.display}: {_join([s.title for s in t.subtopics])}.", t))
        reasons.append(_prereq_reason(roadmap))
        if target.kind == "topic" and target.topic is not None and len(reasons) < MAX_REASONS:
            reasons.append((f"{target.topic.title} is in {level.display} ({level.duration}).", target.topic))
    if open_titles and len(open_titles) < len([t for lv in earlier_levels for t in lv.topics] + same_level):
        change = (f"This list would change as you mark the rest done: your profile shows some of these done, "
                  f"and what is left is {_join(open_titles[:5])}.")
    else:
        change = "This would change only if you already know some of these topics: mark them done and they drop off the list."
    return Reply("before", lead, reasons[:MAX_REASONS], change, {"target": target.name, "open": open_titles})


# --- am I ready for ----------------------------------------------------------------------------
def ready_reply(roadmap: Roadmap, progress: Progress, target: Target) -> Reply | None:
    """Yes or no first, from the topics the target builds on and the latest quiz scores."""
    path = target.path
    if target.kind == "role" and target.role is not None:
        needed: list[Topic] = []
        for item in target.role.technical_topics:
            sec = match_section(roadmap, target.role, item)
            if sec is not None and sec not in needed:
                needed.append(sec)
        what = f"{_a(target.role.name)} interview"
        basis = "the roadmap topics its technical topics come from"
    else:
        level = target.level or (path.levels[0] if target.kind == "path" else None)
        if level is None:
            return None
        if target.kind == "topic" and target.topic is not None and _done(progress, target.topic):
            t = target.topic
            return Reply(
                "ready", f"Yes, you are ready for {t.title}: your profile already marks it done.",
                [(f"{t.title} covers {_join([s.title for s in t.subtopics])}.", t),
                 (f"It belongs to {level.display} ({level.duration}).", level)],
                "This would change if a quiz on it scored below 60%.", {"ready": True, "target": target.name},
            )
        needed = [t for lv in path.levels if lv.number < level.number for t in lv.topics]
        what = target.topic.title if target.kind == "topic" and target.topic is not None else f"{level.display} of the {path.title}"
        basis = f"the topics of the levels before {level.display}"
        if not needed:
            first = [(f"{level.display} ({level.duration}) is where the {path.title} begins.", level),
                     _prereq_reason(roadmap)]
            groups = _join([g.title for g in roadmap.prerequisites])
            return Reply(
                "ready", f"Yes, you are ready for {what}: it belongs to {level.display}, where the {path.title} begins, "
                "and only the common prerequisites come before it.",
                first, f"This would change only if you are missing the common prerequisites ({groups}).",
                {"ready": True, "target": target.name},
            )
    open_topics = [t for t in needed if not _done(progress, t)]
    weak = [(t, s) for t in needed if (s := _weak(progress, t)) is not None]
    ready = not open_topics and not weak
    comp = completion(roadmap, progress, path)
    reasons: list[tuple[str, Span]] = []
    if ready:
        lead = f"Yes, you are ready for {what}: you have done all {len(needed)} of {basis}."
        for lc in comp.levels:
            if any(t in needed for t in lc.level.topics):
                reasons.append((f"{lc.level.display}: {lc.done} of {lc.total} topics done.", lc.level))
        for t in needed[: max(0, 2 - len(reasons))]:
            reasons.append((f"{t.title} is done.", t))
        change = "This would change if a quiz on these topics scored below 60%."
    else:
        parts = []
        if open_topics:
            some = "none" if len(open_topics) == len(needed) else f"only {len(needed) - len(open_topics)}"
            verb = "is" if some in ("none", "only 1") else "are"
            parts.append(f"{some} of the {len(needed)} topics it builds on {verb} done "
                         f"({_some([t.title for t in open_topics])} still open)")
        if weak:
            parts.append(f"your latest quiz on {_join([t.title for t, _ in weak[:2]])} scored below {WEAK_SCORE:.0%}")
        lead = f"No, not yet ready for {what}: " + " and ".join(parts) + "."
        for t, s in weak[:2]:
            reasons.append((f"Your last quiz on {t.title} scored {s:.0%}; it covers {_join([x.title for x in t.subtopics])}.", t))
        for t in open_topics:
            if len(reasons) >= 3:
                break
            if any(t is w for w, _ in weak[:2]):
                continue
            reasons.append((f"{t.title} ({roadmap.level_of(t).display}) is not marked done: "
                            f"{_join([s.title for s in t.subtopics])}.", t))
        todo = _join([t.title for t in open_topics[:3]] + [t.title for t, _ in weak[:1] if t not in open_topics])
        change = (f"This would change to yes once you mark {todo} done"
                  f" and score at least {WEAK_SCORE:.0%} on their quizzes.")
    if target.kind == "role" and target.role is not None and progress.interviews:
        last = [r for r in progress.interviews if r.role == target.role.name]
        if last and len(reasons) < MAX_REASONS:
            reasons.append((f"Your last {target.role.name} mock interview scored {last[-1].score:.0%}.",
                            group_span(list(target.role.technical_topics), "technical topics")))
    if len(reasons) < 2 and target.level is not None:
        reasons.append((f"{target.level.display} runs {target.level.duration}: "
                        f"{_join([t.title for t in target.level.topics])}.", target.level))
    if len(reasons) < 2:
        reasons.append(_prereq_reason(roadmap))
    return Reply("ready", lead, reasons[:MAX_REASONS], change,
                 {"ready": ready, "target": target.name, "open": [t.title for t in open_topics]})



# --- where am I, milestone-wise ------------------------------------------------------------------
@dataclass(frozen=True)
class MilestoneMarks:
    """What the person said about each milestone of one path: done, not yet, or nothing."""

    milestones: PathMilestones
    done: frozenset[Item]
    open: frozenset[Item]  # said not done yet ("haven't done vector search yet")

    def stage_done(self, stage: MilestoneStage) -> bool:
        return bool(stage.items) and all(i in self.done for i in stage.items)


def milestones_reply(roadmap: Roadmap, path: LearningPath, marks: MilestoneMarks,
                     asked: MilestoneStage | None, next_asked: bool = False,
                     ready_for: MilestoneStage | None = None, missing_asked: bool = False) -> Reply:
    """"am I done with the beginner milestones?" (``asked``: Yes/No, and what is still open) or "where does that
    leave me milestone-wise?": the last stage all done, and the next stage's milestones. ``next_asked``: the
    question asks what comes next ("what should i be aiming for next?"), so a stage half done opens with what is
    still open in it and then the next stage. ``ready_for``: "am i ready for the intermediate milestones?", answered
    by the stages before that one."""
    stages = list(marks.milestones.stages)

    def titles(items: Sequence[Item]) -> str:
        return _join([i.title for i in items])

    done_stages = [st for st in stages if marks.stage_done(st)]
    last_done = done_stages[-1] if done_stages else None
    # (the stage after the last one done: "shipped a QA system, a multi-model pipeline …" is past the Intermediate)
    upcoming = (next((st for st in stages if st.number > last_done.number), None) if last_done is not None
                else next((st for st in stages if not marks.stage_done(st)), None))
    stage = asked or upcoming or stages[-1]
    gone = [i for i in stage.items if i in marks.done]
    left = [i for i in stage.items if i not in marks.done]
    after = next((st for st in stages if st.number > stage.number), None)
    where = f"{stage.title} of the {path.title}"
    before = [st for st in stages if ready_for is not None and st.number < ready_for.number]
    if ready_for is not None and before:
        stage, after = before[-1], ready_for
        open_items = [i for st in before for i in st.items if i not in marks.done]
        where = f"{before[-1].title} of the {path.title}"
        if not open_items:
            lead = f"Yes: you have done the {where}, which the roadmap puts before the {ready_for.title}."
        else:
            verb = "is" if len(open_items) == 1 else "are"
            lead = (f"No: {titles(open_items)} {verb} still open in the {where}, which the roadmap puts before the "
                    f"{ready_for.title}.")
    elif asked is not None:
        if not left:
            lead = f"Yes: you have done all of the {where}: {titles(gone)}."
        elif missing_asked:  # "which intermediate milestones do I still have to hit?"
            verb = "is" if len(left) == 1 else "are"
            done_part = f"; you have done {titles(gone)}" if gone else ""
            lead = f"{titles(left)} {verb} still open in the {where}{done_part}."
        else:
            said_open = [i for i in left if i in marks.open] or left
            verb = "is" if len(said_open) == 1 else "are"
            lead = f"No: {titles(said_open)} {verb} still open in the {where}."
    elif last_done is not None and upcoming is not None:
        lead = (f"You have done the {last_done.title} of the {path.title} ({titles(last_done.items)}); "
                f"next are the {upcoming.title}: {titles(upcoming.items)}.")
    elif last_done is not None:
        lead = f"You have done every stage of the {path.title}'s milestones, up to the {last_done.title}."
    elif gone and missing_asked:  # "which one am I still missing?": that one first
        lead = (f"{titles(left)}: {'it is' if len(left) == 1 else 'they are'} still open in the {where}; you have done "
                f"{titles(gone)}.")
    elif gone and next_asked and after is not None:
        lead = (f"Next: {titles(left)}, still open in the {where}, then the {after.title}: {titles(after.items)}.")
    elif gone:
        lead = (f"You are in the {where}: you have done {titles(gone)}, and {titles(left)} "
                f"{'is' if len(left) == 1 else 'are'} still open.")
    else:  # "I've trained a custom architecture": done from a later stage, while this one is still open
        later = next((st for st in stages if any(i in marks.done for i in st.items)), stage)
        # ("i've deployed a production model and trained a custom architecture. which milestone tier does that put
        # me in?": the tier of what was done, then what the roadmap puts before it)
        still_open = [i for i in later.items if i not in marks.done]
        open_part = f"; {titles(still_open)} {'is' if len(still_open) == 1 else 'are'} still open there" if still_open else ""
        lead = (f"What you have done is in the {later.title} of the {path.title}: "
                f"{titles([i for i in later.items if i in marks.done])}{open_part}. The roadmap puts the {stage.title} "
                f"({titles(stage.items)}) before it.")
        after = later if later is not stage else after
    shown = ([last_done, upcoming] if asked is None and ready_for is None and last_done is not None and upcoming is not None
             else [stage, after])
    reasons: list[tuple[str, Span]] = []
    for st in [x for x in shown if x is not None]:
        mine = [i.title for i in st.items if i in marks.done]
        yours = "; you have done all of them." if len(mine) == len(st.items) else f"; you have done {_join(mine)}." if mine else "."
        reasons.append((f"{st.title}: {titles(st.items)}{yours}", st))
    change = "This changes as you finish more of them: say which ones you have done."
    extra: dict[str, object] = {"path": path.title, "stage": stage.title,
                                "done": [i.title for i in marks.done], "open": [i.title for i in left]}
    return Reply("milestones", lead, reasons, change, extra)


# --- how far do I get in N months, and how far in before X shows up ---------------------------------
def budget_reply(path: LearningPath, months: float) -> Reply | None:
    """"I have half a year, how far through the ML track do I get?": the levels whose month ranges end within
    the budget, and the one it reaches into."""
    ranged = [(lv, rng) for lv in path.levels if (rng := parse_months(lv.duration)) is not None]
    if not ranged:
        return None
    through = [lv for lv, (_, end) in ranged if end <= months]
    into = next((lv for lv, (start, end) in ranged if start < months < end), None)
    budget = _months(months)
    if through and into is None and through[-1] is ranged[-1][0]:
        lead = (f"In {budget} you can get through the whole {path.title}, going by its month ranges: its last level, "
                f"{through[-1].display}, runs {through[-1].duration}.")
    elif through and into is not None:
        # "18 months, where would that leave me?": where the budget ends first, then what it gets through
        start, end = parse_months(into.duration) or (0.0, 0.0)
        lead = (f"In {budget} you reach {into.display} of the {path.title} ({into.duration}), {_months(months - start)} "
                f"into its {_months(end - start)}. Before it you get through "
                f"{_join([f'{lv.display} ({lv.duration})' for lv in through])}: "
                f"{_join([t.title for lv in through for t in lv.topics])}.")
    elif through:
        lead = (f"In {budget} you can get through {_join([f'{lv.display} ({lv.duration})' for lv in through])} of the "
                f"{path.title}: {_join([t.title for lv in through for t in lv.topics])}.")
    elif into is not None:
        lead = (f"In {budget} you get into {into.display} of the {path.title}, which runs {into.duration}: "
                f"{_join([t.title for t in into.topics])}.")
    else:
        return None
    shown = [*through, *([into] if into is not None else [])]
    after = next((lv for lv, _ in ranged if lv not in shown), None)
    reasons: list[tuple[str, Span]] = [(f"{lv.display} runs {lv.duration}: {_join([t.title for t in lv.topics])}.", lv)
                                       for lv in [*shown, *([after] if after is not None else [])]]
    change = "This follows the roadmap's pace; it changes if you study faster or slower, or have done some topics already."
    return Reply("budget", lead, reasons, change, {"path": path.title, "months": months, "through": [lv.display for lv in through]})


def time_fit_reply(target: Target, months: float, reach: bool, in_years: bool = False) -> Reply | None:
    """"is ~2 yrs a realistic timeline to reach the expertise stage?", "is 1 year enough to get through level 2 of
    the integration path?": the time against the month range of the level (or the whole path) asked about.
    ``reach``: getting to it (its start) rather than through it (its end); ``in_years``: the time was said in years."""
    path = target.path
    if target.kind == "path":
        ranged = [rng for lv in path.levels if (rng := parse_months(lv.duration)) is not None]
        if not ranged or len(ranged) != len(path.levels):
            return None
        span: tuple[float, float] = (0.0, ranged[-1][1])
        last = path.levels[-1]
        name, runs = f"the whole {path.title}", f"the {path.title} ends with {last.display} at {last.duration}"
        shown = list(path.levels)
    else:
        level = target.level
        rng = parse_months(level.duration) if level is not None else None
        if level is None or rng is None:
            return None
        span = rng
        of = f"{level.display} of the {path.title}"
        name = f"{target.topic.title} ({of})" if target.topic is not None else of
        runs = f"the roadmap puts {name} at {level.duration}"
        shown = [level]
    years = months / 12
    budget = ("1 year" if years == 1 else f"{years:g} years") if in_years else _months(months)  # (as said: "~2 yrs")
    start, end = span
    if reach and months >= start:
        lead = f"Yes: {runs}, so {budget} gets you there, going by its month ranges."
    elif reach:
        lead = f"No: {runs}, so it starts about {_months(start - months)} after {budget}, going by its month ranges."
    elif months >= end:
        lead = f"Yes: {runs}, so {budget} is enough to get through it, going by its month ranges."
    elif months > start:
        lead = (f"No, not quite: {runs}, so {budget} takes you {_months(months - start)} into it, {_months(end - months)} "
                f"short of its end, going by its month ranges.")
    else:
        lead = f"No: {runs}, which starts only after {_months(start)}, going by its month ranges."
    reasons: list[tuple[str, Span]] = [(f"{lv.display} runs {lv.duration}: {_join([t.title for t in lv.topics])}.", lv)
                                       for lv in shown if lv.duration]
    change = "This follows the roadmap's pace; it changes if you study faster or slower, or have done some topics already."
    return Reply("budget", lead, reasons, change, {"path": path.title, "months": months, "target": name})


def arrival_reply(target: Target) -> Reply | None:
    """"how far into the integration route do I get before vector DBs show up?": where the thing starts."""
    level = target.level
    if level is None or not level.duration:
        return None
    rng = parse_months(level.duration)
    name = target.topic.title if target.topic is not None else level.display
    start = f"about {_months(rng[0])} in" if rng is not None and rng[0] > 0 else "right at the start"
    lead = (f"{name} comes in {level.display} of the {target.path.title}, which runs {level.duration}: {start}, "
            f"going by the roadmap's month ranges.")
    reasons: list[tuple[str, Span]] = [(f"{level.display} runs {level.duration}: {_join([t.title for t in level.topics])}.", level)]
    before = [lv for lv in target.path.levels if lv.number < level.number]
    reasons += [(f"Before it, {lv.display} runs {lv.duration}: {_join([t.title for t in lv.topics])}.", lv) for lv in before]
    change = "This follows the roadmap's pace; it changes if you study faster or slower."
    return Reply("budget", lead, reasons, change, {"path": target.path.title, "target": name})


_STEP = re.compile(r"^\s*(?:\d+[.)]|[-*+])\s+(.+?)\s*$")
_PREREQ_STEP = re.compile(r"\bstart\s+with\s+(?:the\s+)?(?:foundational\s+requirements|(?:common\s+)?prerequisites)\b", re.I)
_CHOOSE_STEP = re.compile(r"\b(?:choose|pick|select)\s+(?:your|a)\s+(?:path|track|route)\b", re.I)


def _lines_under_headings(roadmap: Roadmap) -> Iterator[tuple[str, int, str]]:
    """(the heading above it, its 1-based line number, the line) for every line of the roadmap that is not a heading."""
    heading = ""
    for n, line in enumerate(roadmap.text_lines, start=1):
        if m := re.match(r"^#{1,6}\s+(.+?)\s*$", line):
            heading = m.group(1)
        else:
            yield heading, n, line


def prereqs_first_reply(roadmap: Roadmap, then: Target, then_name: str) -> Reply | None:
    """"do I still do the common prerequisites before starting Level 1?": Yes, both paths start from them."""
    if not roadmap.prerequisites:
        return None
    groups = _join([g.title for g in roadmap.prerequisites])
    where = then.level.display if then.level is not None else then.name
    lead = (f"Yes: the roadmap puts the Foundational Requirements, the common prerequisites of both paths ({groups}), "
            f"before {where} of the {then.path.title}.")
    reasons = [_prereq_reason(roadmap)]
    # (the roadmap's own step saying so: "Start with foundational requirements" under its Next Steps)
    for heading, n, line in _lines_under_headings(roadmap):
        if _PREREQ_STEP.search(line):
            step = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s*", "", line).strip()
            reasons.append((f"{heading or 'The roadmap'} says: {step}.", Span(step, roadmap.source, (heading,) if heading else (), n, n)))
            break
    if then.level is not None:
        reasons.append((f"{then.level.display} runs {then.level.duration}: {_join([t.title for t in then.level.topics])}.",
                        then.level))
    return Reply("order", lead, reasons, "This follows the roadmap's order.", {"then": then_name})


def after_prereqs_reply(roadmap: Roadmap) -> Reply | None:
    """"I've knocked out the foundational requirements, what now?" (no path chosen): the roadmap's own step after
    "Start with foundational requirements" (its Next Steps: "Follow structured learning path"), which begins at
    each path's first level, once a path is chosen."""
    # (heading, step text, line number) of the list lines
    steps = [(heading, m.group(1), n) for heading, n, line in _lines_under_headings(roadmap) if (m := _STEP.match(line))]
    at = next((i for i, (_, text, _) in enumerate(steps) if _PREREQ_STEP.search(text)), None)
    if at is None or at + 1 >= len(steps) or steps[at + 1][0] != steps[at][0] or not roadmap.paths:
        return None
    where, after, at_line = steps[at + 1]

    def span(text: str, n: int) -> Span:
        return Span(text, roadmap.source, (where,) if where else (), n, n)

    firsts = [p.levels[0] for p in roadmap.paths if p.levels]
    names = {lv.display for lv in firsts}
    first = (f"{firsts[0].display} ({firsts[0].duration})" if len(names) == 1 and firsts[0].duration
             else (firsts[0].display if len(names) == 1 else "the first level"))
    choose = next(((text, n) for h, text, n in steps if h == where and _CHOOSE_STEP.search(text)), None)
    lead = (f"Next is {first} of the path you choose: after “{steps[at][1]}”, the roadmap's {where or 'steps'} say "
            f"“{after}”{f', once you “{choose[0][0].lower() + choose[0][1:]}”' if choose else ''}.")
    number = sum(1 for h, _, n in steps if h == where and n <= at_line)  # (its number in its own list)
    reasons: list[tuple[str, Span]] = [(f"{where or 'The roadmap'} step {number}: {after}.", span(after, at_line))]
    if choose:
        reasons.append((f"{where or 'The roadmap'}: {choose[0]}.", span(choose[0], choose[1])))
    reasons += [(f"The {p.title} begins with {p.levels[0].display} ({p.levels[0].duration}): "
                 f"{_join([t.title for t in p.levels[0].topics])}.", p.levels[0]) for p in roadmap.paths if p.levels]
    return Reply("order", lead, reasons, "If you have picked a path, its Level 1 is where to start.", {})


def order_reply(first: Target, then: Target, first_name: str, then_name: str, either: bool = False) -> Reply | None:
    """"do I have to get through the spaCy course before I start on FastAPI?": Yes when the roadmap puts the first
    thing earlier, No when it comes later (its level and topic order say which)."""
    if first.path is not then.path or first.level is None or then.level is None:
        return None
    a = (first.level.number, first.topic.number if first.topic is not None else 0)
    b = (then.level.number, then.topic.number if then.topic is not None else 0)
    if a == b:
        return None

    def where(t: Target, name: str) -> str:
        assert t.level is not None
        if t.topic is None:  # "level 2": the level itself
            return f"{t.level.display} ({t.level.duration})"
        topic = f" ({t.topic.title})" if t.topic.title.lower() not in name.lower() else ""
        return f"{name}{topic} in {t.level.display} ({t.level.duration})"

    if first.level is then.level and first.topic is not None and then.topic is not None:
        # one level: the topics' order in it ("should I finish MLOps Fundamentals before Model Architecture?")
        opening = (f"Start with {(first if a < b else then).topic.title}" if either  # type: ignore[union-attr]
                   else "Yes" if a < b else "No")
        lead = (f"{opening}: both are in {first.level.display} ({first.level.duration}), where the "
                f"roadmap lists {first.topic.title} as topic {first.topic.number} and {then.topic.title} as topic "
                f"{then.topic.number}.")
    elif either:  # "should i start w fastapi or jump into vector dbs first?": the earlier one, named first
        (early, early_name), (late, late_name) = ((first, first_name), (then, then_name)) if a < b else ((then, then_name), (first, first_name))
        lead = f"Start with {early_name}: the roadmap puts {where(early, early_name)} before {where(late, late_name)}."
    elif a < b:
        lead = f"Yes: the roadmap puts {where(first, first_name)} before {where(then, then_name)}."
    else:
        lead = f"No: the roadmap puts {where(first, first_name)} after {where(then, then_name)}."
    reasons: list[tuple[str, Span]] = []
    for t in (then, first):
        assert t.level is not None
        if t.topic is not None:
            reasons.append((f"{t.topic.title} is topic {t.topic.number} of {t.level.display} ({t.level.duration}): "
                            f"{_join([s.title for s in t.topic.subtopics])}.", t.topic))
        else:
            reasons.append((f"{t.level.display} runs {t.level.duration}.", t.level))
    change = "The roadmap's order is a suggestion: topics of one level can be studied side by side."
    return Reply("order", lead, reasons, change, {"path": first.path.title})


def gaps_reply(path: LearningPath, level: Level, done: frozenset[Item], yes_no: bool = False) -> Reply | None:
    """"I did linear algebra + calc and supervised/unsupervised learning. anything else I'm missing before moving
    up from the ML foundation stage?": the level's subtopics not said done, topic by topic. ``yes_no``: the
    question asks whether there is anything ("is there anything else from level 2?"), so the answer opens Yes/No."""
    parts: list[str] = []
    reasons: list[tuple[str, Span]] = []
    for t in level.topics:
        left = [s for s in t.subtopics if s not in done]
        if not left:
            reasons.append((f"{t.title}: {_join([s.title for s in t.subtopics])}; you have done all of them.", t))
            continue
        if len(left) == len(t.subtopics):
            parts.append(f"{t.title} ({_join([s.title for s in left])})")
        else:
            parts.append(f"{_join([s.title for s in left])} ({t.title})")
        mine = [s.title for s in t.subtopics if s in done]
        reasons.append((f"{t.title}: {_join([s.title for s in t.subtopics])}" + (f"; you have done {_join(mine)}." if mine else "."), t))
    if not parts:
        lead = f"{'No' if yes_no else 'Nothing'}: you have done every topic of {level.display} of the {path.title}."
    else:
        lead = f"{'Yes, still' if yes_no else 'Still'} to do in {level.display} of the {path.title} ({level.duration}): {_join(parts)}."
    change = "This changes as you say more of what you have done."
    return Reply("gaps", lead, reasons, change, {"path": path.title, "level": level.display, "done": [s.title for s in done]})


def said_ready_reply(roadmap: Roadmap, target: Target, needed: Sequence[tuple[Span, Sequence[Item]]],
                     done: set[Item], still: set[Item], contents: bool = False,
                     implied: set[Item] | None = None, which: bool = False) -> Reply | None:
    """"python/git/sql: solid … but I've never used docker and never touched APIs. Am I good to start level 1?":
    what the target builds on (``needed``: groups of items), against what the person said they have or have not."""
    items = [i for _, group in needed for i in group]
    if not items or target.level is None:
        return None
    name = f"{target.level.display} of the {target.path.title}"
    missing = [i for i in items if i in still]
    # (what is still unsaid, nearest the target first: the level before it, then earlier levels, the prerequisites last)
    unsaid = [i for _, group in reversed(needed) for i in group if i not in done and i not in still]
    groups = {id(i): g for g, group in needed for i in group}

    def where(found: Sequence[Item]) -> str:
        titles = list(dict.fromkeys(groups[id(i)].title for i in found))
        return _join(titles)

    if missing:
        lead = (f"No, not yet: the roadmap puts {_join([i.title for i in missing])} ({where(missing)}) before {name}, "
                f"and you said you haven't done {'it' if len(missing) == 1 else 'them'}.")
    elif unsaid:
        # ("Almost" only when most is covered: "all i've done is fastapi and a few openai api calls" is a No)
        opening = "Almost" if 2 * len(unsaid) <= len(items) else "No, not yet"
        lead = (f"{opening}: you cover {len(items) - len(unsaid)} of the {len(items)} things the roadmap puts before {name}; "
                f"it also lists {_some([i.title for i in unsaid], 4)}.")
    else:
        lead = f"Yes: you cover everything the roadmap puts before {name}."
    if which and not lead.startswith("No"):
        # "which level should i start at?" (after what was done): the level, then how much of what comes before it
        lead = f"{name} ({target.level.duration}) is next: " + lead.split(": ", 1)[1].replace(f"before {name}", "before it")
    reasons: list[tuple[str, Span]] = []
    if contents:  # "… and what's in it?": the target level's topics
        reasons.append((f"{target.level.display} runs {target.level.duration}: "
                        f"{_join([t.title for t in target.level.topics])}.", target.level))
    # the groups with something open first, nearest the target first (not every prerequisite again), shown in the
    # roadmap's order
    open_groups = [n for n in reversed(range(len(needed))) if any(i not in done for i in needed[n][1])]
    room = MAX_REASONS - len(reasons)
    shown = sorted((open_groups + [n for n in reversed(range(len(needed))) if n not in open_groups])[:room])
    for n in shown:
        group, group_items = needed[n]
        mine = [i.title for i in group_items if i in done]
        if implied and mine and all(i in implied for i in group_items if i in done):
            # (not said, but before work that was: "ive finished neural nets … which level am i ready for?")
            yours = "; it comes before what you have done."
        else:
            yours = ("; you have done all of them." if len(mine) == len(group_items) > 1
                     else f"; you have {_join(mine)}." if mine else ".")
        reasons.append((f"{group.title}: {_join([i.title for i in group_items])}{yours}", group))
    change = "This changes as you pick up what is still open."
    return Reply("ready", lead, reasons, change, {"target": name, "missing": [i.title for i in missing],
                                                  "unsaid": [i.title for i in unsaid]})
