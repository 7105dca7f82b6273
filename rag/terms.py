"""Shared text helpers for the answer chain: tokens, a crude lemmatiser, stopwords, sentence splitting.

Deterministic and dependency-free. Used by citations, refusal, condensation and the extractive backend.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

__all__ = [
    "STOPWORDS",
    "FILLER",
    "tokens",
    "stem",
    "content_terms",
    "named_terms",
    "split_sentences",
    "CITATION_RE",
    "own_question",
    "asking_part",
    "parse_months",
    "month_points",
    "month_point_numbers",
    "point_in_span",
    "word_pairs",
    "Vocabulary",
]

_TOKEN_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9+#]*(?:[.'’][A-Za-z0-9+#]+)*")
CITATION_RE = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")

STOPWORDS = frozenset(
    """a about above after again against all am an and any are aren't as at be because been before being
    below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down
    during each few for from further had hadn't has hasn't have haven't having he her here hers herself him
    himself his how i i'm if in into is isn't it it's its itself just let's me more most mustn't my myself
    no nor not now of off on once only or other ought our ours ourselves out over own same shan't she
    should shouldn't so some such than that that's the their theirs them themselves then there there's
    these they they're this those through to too under until up very was wasn't we we're were weren't what
    what's when where which while who whom why will with won't would wouldn't you you're your yours
    yourself yourselves also any every get got go going may might must need needs want wants tell give
    please thing things way ways well really much many one s actually just maybe""".split()
)

# Words that carry no checkable fact: a sentence made only of these is not "supported" by anything,
# and a question's evidence is measured on its other words.
_FILLER_WORDS = (
    """recommend recommended recommends suggest suggests suggested include includes included
    including cover covers covered mention mentions mentioned list listed lists learn learning learns
    study studying focus focusing start starting begin beginning roadmap document section passage passages
    key important good useful help helps helpful like etc e.g i.e use using used know knowing understand
    understanding next first then area areas make build building work working become becoming step steps
    recommendation according provide provides provided based follow following part contains contain either
    wonder wondering bother bothering curious quick pls please thanks thank ok okay actually really basically
    anyway anyways honestly realistically roughly supposed anywhere skip literally still count counts
    tbh lol hate instead making makes thru thing things stuff im ive tell even pretty already
    cool nice great awesome gotcha alright perfect sweet hey hi hello something anything eventually ultimately
    someday expect expects expected else entirely completely totally altogether fully grind grinding deeper further
    later early late soon show shows showing appear appears anywhere grill grilled grilling getting""".split()
)


# Words learners type, spelled out next to each use for both searches and for matching answer lines
# ("which subreddit for ml?" -> "which subreddit (Reddit) for ml (machine learning)?"). Field abbreviations
# match in any case, except where the lower-case word means something else ("cv" is a résumé).
ABBREVIATIONS = {
    "ML": "machine learning",
    "DL": "deep learning",
    "NLP": "natural language processing",
    "LLM": "large language model",
    "LLMs": "large language models",
    "CV": "computer vision",
    "DB": "database",
    "DBs": "databases",
    "MLE": "machine learning engineer",
    "MLEs": "machine learning engineers",
    "HF": "Hugging Face",
    "DDIA": "Designing Data-Intensive Applications",
    "DSA": "data structures and algorithms",
    "R&D": "Research & Development",
}
_CASE_SENSITIVE = frozenset({"CV"})
LEARNER_WORDS = {
    "backprop": "backpropagation",
    "3b1b": "3Blue1Brown",
    "fastai": "Fast.ai",
    "neural nets": "neural networks",
    "eval": "evaluation",
    "confs": "conferences",
    "mathy": "mathematics",
    "conf": "conference",
    "kind of projects": "portfolio",
    "projects should": "portfolio",
    "side projects": "portfolio",
    "onsite": "interview",
    "phone screen": "interview",
    "on-site": "interview",
    "grill me": "interview",
    "sites": "platforms",
    "websites": "platforms",
    "half a year": "first 6 months",
    "half year": "first 6 months",
    "neural net": "neural network",
    "cert": "certification",
    "certs": "certifications",
    "subreddit": "Reddit",
    "subreddits": "Reddit",
    "editor": "IDE",
    "editors": "IDE",
    "k8s": "Kubernetes",
    "repo": "repository",
    "repos": "repositories",
    "hyperparams": "hyperparameters",
    "hyperparam": "hyperparameter",
    "stats": "statistics",
    "maths": "mathematics",
    "calc": "calculus",
    "math": "mathematics",
    "stat": "statistics",
    "vector db": "vector database",
    "prereq": "prerequisite",
    "prereqs": "prerequisites",
    "recs": "recommendations",
    "achievement": "milestone",
    "checkpoints": "milestones",  # "the first checkpoints that show I'm past the beginner stage"
    "convolutional nets": "CNNs",
    "conv nets": "CNNs",
    "achievements": "milestones",
    "keep tabs on": "track",
    "other people": "community",
    "top-tier": "advanced",
    "top tier": "advanced",
    "existing models": "pre-trained models",
    "off-the-shelf models": "pre-trained models",
    "off the shelf models": "pre-trained models",
    "q&a": "QA systems",
    "up front": "prerequisites",
    "committed to": "choose",
    "settled on": "choose",
    "decided on": "choose",
    "upfront": "prerequisites",
    "into prod": "deployed to production",  # "got one into prod": Deploy production model
    "into production": "deployed to production",
    "prod": "production",
    "ides": "IDE",  # "which ides does it mention?"
    "hang out": "community",  # "where am i supposed to hang out online w/ other ml ppl"
    "hangout": "community",
    "scrach": "scratch",
    "plumbing": "API integration",  # "im bored of plumbing", "glue code around someone else's API"
    "glue code": "API integration",
    # "take models other ppl built", "call somebody else's endpoint": pre-trained models
    "build to show off": "project portfolio",  # "what should i build to show off when applying"
    "other ppl built": "pre-trained models",
    "other people trained": "pre-trained models",  # "tools that use models other people trained"
    "other ppl trained": "pre-trained models",
    "someone else trained": "pre-trained models",
    "others trained": "pre-trained models",
    "other people built": "pre-trained models",
    "models learn": "model training",  # "what fascinates me is HOW these models learn language"
    "model learns": "model training",
    "from scratch": "custom models",  # "build my own model from scratch"
    "already exist": "pre-trained",  # "take models that already exist and plug them into a small tool"
    "existing model": "pre-trained model",
    "hook them up": "API integration",  # "i'm fine using existing models, i just need to hook them up"
    "plug them into": "API integration",
    "someone else's": "pre-trained",
    "somebody else's": "pre-trained",
    "someone elses": "pre-trained",
    "somebody elses": "pre-trained",
    # the thirteenth session's persona probes: "id use whatever model is already out there", "a model someone else
    # made", "models that already exist"; "QA tester" tests software (not question answering)
    "already out there": "pre-trained",
    "someone else made": "pre-trained models",
    "somebody else made": "pre-trained models",
    "already exists": "pre-trained",
    "off the shelf": "pre-trained",
    "off-the-shelf": "pre-trained",
    "qa tester": "software tester",
    "qa engineer": "software tester",
    "qa analyst": "software tester",
    "end-game": "advanced",  # "what's the end-game milestone for each path?"
    "endgame": "advanced",
    "end game": "advanced",
    "middle-stage": "intermediate",  # "what r the middle-stage milestones for machine learning eng?"
    "middle stage": "intermediate",
    "mid-stage": "intermediate",
    "mid stage": "intermediate",
    "existing llm": "pre-trained model",  # "make NPCs talk using an existing llm"
    "existing llms": "pre-trained models",
    "reuse answers": "caching",  # "reuse answers so we dont pay for the same line twice"
    "falling over": "load balancing",  # "i just want it running and not falling over on black friday"
    "controlled comparisons": "experimental design",  # "designing tests, controlled comparisons, one variable at a time"
    "controlled experiments": "experimental design",
    "one variable at a time": "experimental design",
}
_EXPANSIONS = {**{k.lower(): v for k, v in ABBREVIATIONS.items() if k not in _CASE_SENSITIVE}, **LEARNER_WORDS}
_EXPANDABLE = re.compile(
    r"\b(?:(" + "|".join(sorted(_CASE_SENSITIVE)) + r")|(?i:(" + "|".join(sorted(map(re.escape, _EXPANSIONS), key=len, reverse=True)) + r")))\b"
)


_LEVEL_BIT = re.compile(r"\b(foundation|advanced|expertise|intermediate)\s+(?:bit|chunk|piece|portion|phase|block|section)\b"
                        r"(?!\s*\()", re.I)


# "the last milestones on the ML side", "which milestones at level 3": the milestone tier, in the roadmap's word
_MILESTONE_TIER = {"first": "beginner", "earliest": "beginner", "1": "beginner", "middle": "intermediate", "2": "intermediate",
                   "last": "advanced", "final": "advanced", "top": "advanced", "highest": "advanced", "3": "advanced"}
_MILESTONE_PLACE = re.compile(r"\b(first|earliest|middle|last|final|top|highest)['\u2019]?\s+(?:set\s+of\s+|tier\s+of\s+)?(?:milestones?\b|checkpoints?\b(?:\s+\(milestones\))?)(?!\s*\()"
                              r"|\bmilestones?\b[^?.]{0,40}?\b(?:at|for|in|of)\s+level\s+([123])\b(?!\s*\()", re.I)


_GO_TO_LEARN = re.compile(r"\bwhere\b[^?]{0,50}?\bgo\s+to\s+(?:re)?(?:learn|study|brush\s+up\s+on)\b(?!\s*\()", re.I)


_COUNT_AS_STAGE = re.compile(r"(?:\b(?:count|counts|pass|qualify|be\s+considered|be\s+seen)\s+as\s+(?:an?\s+)?"
                             # "what should i build to reach intermediate level?": what to have built, the milestones
                             r"|\bbuild\b[^?]{0,20}?\b(?:to\s+)?(?:reach|get\s+to|hit|be\s+at|make\s+it\s+to)\s+(?:the\s+)?"
                             # "how do i know i'm past beginner and at intermediate?": the stage reached
                             r"|\bpast\s+(?:the\s+)?beginner\s+(?:stage\s+|level\s+)?and\s+(?:now\s+|really\s+)?(?:at|into|in|on)\s+(?:the\s+)?)"
                             r"(?P<stage>beginner|intermediate|advanced)\b"
                             r"(?!\s+(?:topic|project|milestone)s?\b)(?!\s*\()", re.I)


# "how long is each level?", "all three levels", "per stage": every level of a path
EVERY_LEVEL = re.compile(r"\b(?:each|every|all(?:\s+the|\s+of\s+the)?(?:\s+three|\s+3)?|the\s+(?:three|3)|per)\s+(?:levels?|stages?)\b(?!\s*\()", re.I)


def expand_query(query: str) -> str:
    """Spell out abbreviations and learner words (ABBREVIATIONS, LEARNER_WORDS) next to each use."""

    def spell(m: re.Match[str]) -> str:
        word = m.group(0)
        meaning = ABBREVIATIONS[word] if m.group(1) else _EXPANSIONS[word.lower()]
        spelled = re.search(r"\b" + re.escape(meaning) + r"\b", query, re.I)
        return word if spelled else f"{word} ({meaning})"

    query = _TRACK.sub(lambda m: f"{m.group(0)} (path)", query)  # "the ML track": a path
    query = _EXPANDABLE.sub(spell, query)
    query = _ORDER.sub(lambda m: f"{m.group(0)} (next steps)", query)  # "what order should I do things in"
    # "the foundation bit of the integration track": that level, in the roadmap's word
    query = _LEVEL_BIT.sub(lambda m: f"{m.group(0)} ({m.group(1)} level)", query)
    query = _FIRST_THING.sub(lambda m: f"{m.group(0)} (level 1)", query)  # "what do I learn first?": the first level
    query = STRUCTURE_Q.sub(lambda m: f"{m.group(0)} (overview)", query)
    query = _GO_TO_LEARN.sub(lambda m: f"{m.group(0)} (resources)", query)  # "where does it tell me to go to relearn it?"
    query = _MILESTONE_PLACE.sub(lambda m: f"{m.group(0)} ({_MILESTONE_TIER[(m.group(1) or m.group(2)).lower()]} milestones)", query)
    # "what would i need to have built to count as intermediate?": that stage's milestones
    query = _COUNT_AS_STAGE.sub(lambda m: f"{m.group(0)} ({m.group('stage').lower()} milestones)", query)
    # "my first six months" / "the first year": the range that starts at 0, as roadmaps write it ("0-6 months")
    return _FIRST_SPAN.sub(lambda m: f"{m.group(0)} (0-{_span_months(m)} months)", query)


# "is backprop beginner or advanced?", "early or late in the path?": a choice between stages, which the level
# a topic sits in settles
_STAGE = r"(?:beginner|basic|intermediate|advanced|expert|early|late|foundation(?:al)?|entry|(?:first|second|third|1st|2nd|3rd)\s+level|level\s+[123])"
STAGE_CHOICE = re.compile(  # "is X beginner or advanced?", "are those beginner topics or do they come later?"
    rf"\b{_STAGE}(?:\s+(?:level|topics?|stuff|material|things?))?(?:\s*,\s*{_STAGE})*"
    # "early on the integration side or later?": where the stage applies, between the stage and "or"
    rf"(?:\s+(?:on|in|for|during)(?:\s+the)?(?:\s+[\w-]+){{0,3}}?)?\s+or\s+"
    rf"(?:(?:do|does|are|is|will)\s+(?:they|it|those|these)\s+(?:come\s+|show\s+up\s+)?)?(?:an?\s+|the\s+)?(?:(?:way|much|far)\s+)?"
    rf"(?:{_STAGE}|later|earlier|after(?:wards)?|deep\s+end)\b",
    re.I,
)


# "the ML track", "the ml engineer track": a path, not "Experiment tracking"
_TRACK_WORDS = r"\b(?:the|this|that|which|either|each|both|ml|ai|integration|learning|engineering|engineer)\s+tracks?\b"
TRACK_AS_PATH = re.compile(_TRACK_WORDS, re.I)
_TRACK = re.compile(_TRACK_WORDS + r"(?!\s*\(path\))", re.I)
_ORDER = re.compile(
    r"\b(?:what|which)\s+order\b|\border\s+of\s+things\b|\bwhat\s+(?:should|do|am)\s+i\s+(?:(?:supposed|meant)\s+to\s+)?(?:actually\s+|really\s+|even\s+)?do\s+(?:now|first|next)\b"
    r"|\bwhere\s+(?:do|should|can)\s+i\s+(?:\w+\s+)?(?:start|begin)\b(?=(?:\s+with\s+(?:all\s+)?(?:this|that|it)(?:\s+stuff)?)?\s*(?:[?!.,;]|$))"
    r"|\b(?:step\s+(?:one|1)|(?:the\s+)?first\s+step)\b|\bwhat\s+(?:should|do)\s+i\s+do\s+after\b"
    r"|\bhow\s+(?:do|should|can)\s+i\s+(?:actually\s+|even\s+)?(?:get\s+started|start|begin)\b(?=\s*[?!.,;]|\s*$)"
    r"|\b(?:the\s+)?steps\s+in\s+order\b"
    # "what's the very first thing it tells me to actually do now?"
    r"|\bfirst\s+thing\s+(?:it|the\s+(?:roadmap|doc\w*|guide))\s+(?:tells?|says?|wants?|asks?)\s+(?:me\s+)?(?:to\s+|i\s+should\s+)?(?:actually\s+|really\s+)?do\b"
    # "what does the roadmap say to do first?", "what does it say I should do first?"
    r"|\bwhat\s+does\s+(?:the\s+roadmap|it|this|the\s+doc\w*)\s+(?:say|tell\s+me|want\s+me)\s+(?:i\s+should\s+|to\s+)?do\s+(?:first|next)\b"
    r"|\bor\s+(?:do\s+|start\s+with\s+|begin\s+with\s+)?(?:the\s+)?[\w\s'-]{2,40}?\s+first\s*\?"  # "X or the prereqs first?"
    r"|\bfirst\s+or\s+(?:can|should|do|shall|could)\s+(?:i|we)\b"  # "the prereqs first or can i jump into level 1?"
    r"|\b(?:jump|dive|go)\s+(?:straight\s+|right\s+)?(?:into|to)\b[^?]{0,60}\bor\b",
    re.I,
)

# the label words of a section every path shares ("Common Prerequisites (Both Paths)"), and the words that name a
# path rather than a thing in it (the setting of a question, not what it asks about)
SHARED_SECTION_WORDS = ("both paths", "common", "all paths", "shared")
PATH_NAME_WORDS = "ai integration machine learning engineering engineer path paths track tracks route routes side"

# "is calculus only an ML thing?", "is sql only for the ML path?": whether something belongs to one path only (the
# sections every path shares may say it does not; retrieval adds them)
ONE_PATH_DOUBT = re.compile(
    r"\b(?:just|only|purely|strictly|exclusively|solely)\s+(?:an?\s+|for\s+(?:the\s+)?|on\s+(?:the\s+)?)?"
    r"(?:ml|ai|integration|machine\s+learning)\b[\w\s/-]{0,20}?\b(?:thing|stuff|topic|requirement|path|track|people|folks|side)\b"
    # "can i skip the math stuff if i go the integration route?"
    r"|\b(?:skip|ignore|drop|avoid)\b[^?.]{1,40}?\bif\s+i\s+(?:go|pick|choose|take|do|stick\s+to|only\s+do)\s+(?:for\s+)?(?:the\s+)?"
    r"(?:ml|ai|integration|machine\s+learning)\b"
    # "do I still need math if I pick AI integration instead of ML?"
    r"|\b(?:still\s+)?(?:need|have\s+to\s+(?:learn|know|do))\b[^?.]{1,40}?\bif\s+i\s+(?:go|pick|choose|take|do|stick\s+to|only\s+do)\s+"
    r"(?:for\s+|with\s+)?(?:the\s+)?(?:ml|ai|integration|machine\s+learning)\b",
    re.I,
)
_FIRST_THING = re.compile(r"\b(?:learn|study|tackle|focus\s+on)\s+first\b|\bfirst\s+(?:level|stage|phase)\b", re.I)

# "what does each path include, like what's the structure?": what the roadmap is made of, which its overview says
STRUCTURE_Q = re.compile(
    r"\bwhat(?:'s|s|\s+is)\s+the\s+(?:overall\s+|general\s+)?structure\b|\bhow\s+is\s+(?:each\s+path|the\s+roadmap|this\s+roadmap|it|this)\s+"
    r"(?:structured|organi[sz]ed|laid\s+out|set\s+up)\b|\bwhat\s+does\s+(?:each|every)\s+(?:path|track)\s+(?:\w+\s+)?(?:include|have|contain|"
    r"cover|consist\s+of|come\s+with)\b", re.I)

_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "six": 6, "nine": 9, "twelve": 12, "eighteen": 18}
_FIRST_SPAN = re.compile(
    r"\bfirst\s+(?:(?:~\s*|about\s+|around\s+|roughly\s+|like\s+)?(?P<n>\d+|one|two|three|four|six|nine|twelve|eighteen)\s+"
    r"(?P<unit>months?|years?)|(?P<one>year))\b", re.I
)


def _span_months(m: re.Match[str]) -> int:
    if m.group("one"):
        return 12
    n = m.group("n").lower()
    count = int(n) if n.isdigit() else _NUMBER_WORDS[n]
    return count * 12 if m.group("unit").lower().startswith("year") else count


_ALIASES = {"six": "6", "twelve": "12", "maths": "math", "mathematic": "math", "mathematical": "math", "statistic": "stat", "stats": "stat", "built": "build", "apis": "api"}
# a word learners write whole that the roadmap hyphenates ("pretrained" for "Pre-trained Models"): its parts' stems
_COMPOUNDS = {"pretrained": ("pre", "train"), "pretrain": ("pre", "train")}


def stem(word: str) -> str:
    """A crude, consistent lemma: lowercase and strip common English inflections."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if w in _ALIASES:
        return _ALIASES[w]
    if len(w) <= 3 or not w.isalpha():
        return w
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("es", "e"), ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            if suffix == "s" and w.endswith(("ss", "us", "is")):
                return w
            w = w[: len(w) - len(suffix)] + repl
            break
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return _ALIASES.get(w, w)


FILLER = frozenset(stem(w) for w in _FILLER_WORDS)
_STOP_STEMS = frozenset(stem(w) for w in STOPWORDS)


def tokens(text: str) -> list[str]:
    """Word tokens in order, original case; hyphenated words give their parts."""
    out: list[str] = []
    for match in _TOKEN_RE.finditer(text.replace("-", " ").replace("/", " ")):
        out.append(match.group(0).rstrip("."))
    return [t for t in out if t]


def content_terms(text: str, drop_filler: bool = False) -> set[str]:
    """Stems of the words that are not stopwords (and, if asked, not filler)."""
    terms: set[str] = set()
    for tok in tokens(text):
        low = tok.lower()
        if low in STOPWORDS:
            continue
        if low in _COMPOUNDS:
            terms.update(_COMPOUNDS[low])
            continue
        s = stem(low)
        if s in _STOP_STEMS or (drop_filler and s in FILLER):
            continue
        terms.add(s)
        if "." in low and low.replace(".", "").isalpha():
            terms.add(low.replace(".", ""))  # "Fast.ai" is also "fastai"
    return terms


# words written in capitals for emphasis, not names
_SHOUTED = STOPWORDS | frozenset("really actually must need best only every never always ever just very much all any "
                                 "first start now asap pls please help lol omg".split())


def named_terms(text: str) -> set[str]:
    """Terms a supporting passage must contain: numbers and acronym/mixed-case names (FAISS, MLflow, CS229)."""
    found = set()
    for tok in tokens(text):
        inner_upper = any(c.isupper() for c in tok[1:])
        if any(c.isdigit() for c in tok) or inner_upper:
            if tok.isupper() and tok.lower() in _SHOUTED:  # "THE place to start", "do I REALLY need it": emphasis
                continue
            found.add(stem(tok))
    return found


_SENT_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(*\[A-Z0-9-])")
_CITE_AFTER_PUNCT = re.compile(r"([.!?])((?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])+)")


def split_sentences(text: str) -> list[str]:
    """Sentences (and list lines) of ``text``; a citation written after the full stop stays with its sentence."""
    text = _CITE_AFTER_PUNCT.sub(lambda m: m.group(2) + m.group(1), text)
    out: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        out.extend(s.strip() for s in _SENT_END.split(line) if s.strip())
    return out


def overlap(a: Iterable[str], b: set[str]) -> int:
    return sum(1 for t in a if t in b)


_ABOUT_SUFFIX = re.compile(r"\s*\(about: [^()]*\)\??\s*$")


def own_question(standalone: str) -> str:
    """A condensed follow-up without the topic ``rag.condense`` appended ("… (about: X; Y)?"): the shape of the
    question (a comparison, a yes/no) is the person's own, not the earlier turn's."""
    return _ABOUT_SUFFIX.sub("", standalone)


_AFTERTHOUGHT_START = re.compile(
    r"^\s*(?:what|which|who|whom|whose|how|why|when|where|whats|what's|hows|how's|wheres|where's|whos|who's|is|are|do|does"
    r"|did|can|could|should|would|will|r)\b",
    re.I,
)


_REFINEMENT = re.compile(  # "… ? like total video hours": the tail narrows the question, it is part of it
    r"^\s*(?:like|as\s+in|i\s+mean|e\.?g\.?|specifically|in|for|with|including|or|and|ideally|roughly|approx\w*|exactly"
    r"|preferably|just|only|per|each|total)\b"
    r"|\bi\s+mean\W*$",  # "… past beginner? the intermediate ones i mean"
    re.I,
)


# "Is a production QA system considered a beginner project?": one stage asked about, yes or no
STAGE_YES_NO = re.compile(
    r"\b(?:is|are)\s+(?P<x>[^?]{2,60}?)\s+(?:considered\s+|counted\s+as\s+|really\s+|actually\s+)?(?:an?\s+)?"
    r"(?P<stage>beginner|intermediate|advanced|entry)[\s-]*(?:level\s+)?(?:project|topic|thing|material|stuff|milestone|skill|task)s?\b",
    re.I,
)


# "what comes before model architecture?", "what do I need right before I hit performance optimization?",
# "what comes after api development?": the words before the thing named (shared by retrieval and answers)
_REACH = r"(?:hit|reach|start|get\s+to|tackle|touch|begin|move\s+on\s+to|dive\s+into|do)"
BEFORE_WORDS = (r"(?:\b(?:comes?|is|goes)\s+(?:right\s+|just\s+|straight\s+)?before"
                rf"|\b(?:right|just|straight)\s+before(?:\s+(?:i|you)\s+{_REACH}|(?!\s+(?:that|this|it|then|i|you)\b)))")
# "i just wrapped up the fastapi + cloud + pretrained models stuff … how long is the next stage?": the section
# after the one whose topics were finished ("done": what was finished)
DONE_THEN_NEXT = re.compile(r"\b(?:finished|wrapped\s+up|done\s+with|completed|got\s+through|through\s+with)\s+(?P<done>[^?]{3,200}?)"
                            r"\b(?:the\s+)?next\s+(?:stage|level|tier|phase|one)\b", re.I)
AFTER_WORDS = (r"(?:\b(?:comes?|is|goes)\s+(?:right\s+|next\s+|straight\s+)?after"
               r"|\b(?:right|just|straight)\s+after(?:\s+(?:i|you)\s+(?:finish|complete|wrap\s+up|am\s+done\s+with)"
               r"|(?!\s+(?:that|this|it|then|i|you)\b)))")


# learners' shorthand, spelled out before anything reads the question ("lvl 2 of the integration track")
_SHORTHAND = {
    "lvl": "level", "lvls": "levels", "lv": "level", "abt": "about", "bout": "about", "u": "you", "ur": "your",
    "yr": "year", "yrs": "years", "mo": "month", "mos": "months", "wk": "week", "wks": "weeks", "tho": "though",
    "thru": "through", "w/": "with", "w/o": "without", "b/c": "because", "bc": "because", "cuz": "because",
    "pls": "please", "plz": "please", "smth": "something", "sth": "something", "rn": "right now", "b4": "before",
    "wat": "what", "wats": "what's", "whats": "what's", "learnin": "learning", "vids": "videos", "vid": "video",
    "hr": "hour", "hrs": "hours", "ppl": "people", "eng": "engineering", "wich": "which", "whch": "which", "wht": "what", "wat's": "what's",
    "whcih": "which", "whihc": "which", "waht": "what", "hwat": "what", "wud": "would", "wld": "would", "shud": "should",
    "shld": "should", "cud": "could", "monts": "months", "wuold": "would", "comit": "commit",
    "somthing": "something", "shoud": "should", "actualy": "actually", "kno": "know", "knw": "know", "shoudl": "should", "teh": "the", "suposed": "supposed", "aftr": "after", "rigth": "right", "prob": "probably", "recomend": "recommend", "reccomend": "recommend", "reccommend": "recommend",
    "cert": "certification", "certs": "certifications",  # "is a cloud cert worth it"
}
# "the 1st stage of ml eng": an ordinal placing a level is spelled out ("the 2nd edition" is left alone)
_ORDINAL_DIGITS = {"1st": "first", "2nd": "second", "3rd": "third"}
_LEVEL_ORDINAL = re.compile(r"\b(1st|2nd|3rd)(?=\s+(?:[a-z]{2,3}\s+)?(?:level|stage|tier|phase|step|part)s?\b)", re.I)
_LEVEL_GLUED = re.compile(r"\b(level|lvl|lv)(\d)\b", re.I)
_WORD_DIGITS = {"one": "1", "two": "2", "three": "3"}
_LEVEL_WORD_NUMBER = re.compile(r"\b(level|stage)\s+(one|two|three)\b", re.I)
# "what r the topics": "r" is "are" only right after a question word or pronoun (R, the language, is capitalised)
_ARE = re.compile(r"\b(what|how|where|who|which|when|why|there|they|we|you)\s+r(?![\w/-])")
_SHORTHAND_WORD = re.compile(r"(?<![\w/-])(" + "|".join(sorted(map(re.escape, _SHORTHAND), key=len, reverse=True)) + r")(?![\w/-])")


_FOUR_FOR = re.compile(r"(?<=[a-z] )4(?= (?:this|that|it|the|a|an|ml|ai|me|you|u|interviews?|beginners?|both)\b)", re.I)


def spell_out_shorthand(question: str) -> str:
    """"how long is lvl 2 abt?" -> "how long is level 2 about?": lowercase chat shorthand only ("U-Net",
    "MO" and other capitalised words are left alone)."""
    question = _LEVEL_GLUED.sub(lambda m: f"{m.group(1)} {m.group(2)}", question)  # "lvl3"
    question = _SHORTHAND_WORD.sub(lambda m: _SHORTHAND[m.group(1)], question)
    question = _LEVEL_ORDINAL.sub(lambda m: _ORDINAL_DIGITS[m.group(1).lower()], question)
    # "level one": a level by its number
    question = _LEVEL_WORD_NUMBER.sub(lambda m: f"{m.group(1)} {_WORD_DIGITS[m.group(2).lower()]}", question)
    question = _FOUR_FOR.sub("for", question)  # "do i need calc 4 this??"
    return _ARE.sub(r"\1 are", question)


# "(the architecture, not the HF lib)", ", not the hugging face one": what is *not* asked about
_NEGATED_ASIDE = re.compile(r"\s*\([^()]*\bnot\b[^()]*\)|,\s*not\s+(?:the\s+)?[\w .-]{1,40}?(?:\s+(?:one|lib|library|version|thing))?(?=\s*[-–—,;:?]|\s*$)", re.I)


# "does the ML path point at any specific tools for experiment tracking?": what the tools are for, and the resources
TOOLS_FOR_Q = re.compile(r"\bany\s+(?:specific\s+|particular\s+|good\s+|real\s+|actual\s+)?(?:tools?|librar(?:y|ies)|frameworks?|software)"
                         r"\s+(?:for|to\s+(?:use\s+for|do|handle))\s+(?P<x>[^?.;]{3,60})", re.I)


_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=\S)")


def asking_sentence(question: str) -> str:
    """The last sentence that asks (ends with "?") when statements come before it; else the whole question."""
    sentences = _SENTENCE.split(question.strip())
    asking = [s for s in sentences if s.rstrip().endswith("?")]
    return asking[-1] if len(sentences) > 1 and asking else question


def from_asking_sentence(question: str) -> str:
    """``question`` from the sentence holding its first question mark on, when statements come before it ("my boss
    might pay for one conference. Which conferences does it mention?": the second sentence). Unlike
    :func:`asking_sentence` it keeps every question that follows ("Is X listed? And at which level?"), so the kind of
    answer asked for is read from all of them."""
    mark = question.find("?")
    cut = max(question.rfind(". ", 0, mark), question.rfind("! ", 0, mark)) if mark > 0 else -1
    rest = question[cut + 2:] if cut >= 0 else question
    return rest if len(rest.split()) >= 3 else question


# well-known tools, libraries and services of the field, as learners type them (often lower case: "langchain",
# "kubernetes"): a question naming one the passages never mention asks about something the documents do not cover
TOOL_NAMES = {t.lower(): t for t in (
    "LangChain LlamaIndex Haystack AutoGen CrewAI DSPy Ollama vLLM Kubernetes Terraform Ansible Airflow Kubeflow "
    "Spark Hadoop Kafka Flink Databricks Snowflake BigQuery Redshift Keras TensorFlow JAX XGBoost LightGBM CatBoost "
    "scikit-learn sklearn Matplotlib Seaborn Plotly Streamlit Gradio Django Flask MongoDB Cassandra Neo4j Redis "
    "Elasticsearch OpenSearch Milvus Qdrant Chroma ChromaDB pgvector MLflow DVC wandb ClearML SageMaker Bedrock "
    "Heroku Vercel Netlify Nginx HAProxy Traefik Istio Prometheus Grafana Jenkins Jupyter Colab CUDA ONNX TensorRT "
    "OpenVINO BentoML Dask Celery LoRA QLoRA RLHF "
    "Java JavaScript TypeScript C++ Rust Scala Julia Golang Kotlin MATLAB"  # other languages: "R, Java or C++?"
).split()}
_TOOL_WORD = re.compile(r"(?<![\w.])(" + "|".join(sorted(map(re.escape, TOOL_NAMES), key=len, reverse=True)) + r")(?![\w])", re.I)


def tool_names(text: str) -> list[str]:
    """The well-known tools ``text`` names, in their usual spelling ("langchain" -> "LangChain")."""
    return list(dict.fromkeys(TOOL_NAMES[m.group(1).lower()] for m in _TOOL_WORD.finditer(text)))


def asking_part(question: str) -> str:
    """The question without an afterthought after its only question mark ("is cs231n in there? a friend said
    it's a must", "how do I track my progress? there's no exams or anything"): the afterthought is context, not
    what is asked. Unchanged when there is no such tail or it asks something itself. An aside saying what is
    not meant ("transformers (the architecture, not the HF lib)") is dropped too."""
    question = _NEGATED_ASIDE.sub("", question)
    head, mark, tail = question.partition("?")
    if not mark or not tail.strip() or "?" in tail or _AFTERTHOUGHT_START.search(tail) or _REFINEMENT.search(tail):
        return question
    return head + mark


# "which Stanford courses", "any Packt book", "all the coursera stuff": resources of one kind, by who makes them
QUALIFIED_KIND = re.compile(
    r"\b(?:which|what|any|all(?:\s+(?:the|of\s+the))?)\s+(?P<q>[\w.-]{3,})\s+(?:courses?|books?|videos?|docs|documentation"
    r"|tutorials?|resources?|stuff|things|guides?|papers?|certifications?|classes|lectures)\b", re.I)

def word_pattern(word: str) -> re.Pattern[str]:
    """``word`` as written, not inside a longer word or a dotted name ("MIT" not in "submit", "ai" not in "fast.ai")."""
    return re.compile(rf"(?<![\w.]){re.escape(word)}(?!\w)", re.I)


def qualifier(question: str, texts: Iterable[str]) -> str | None:
    """The maker a question narrows resources by ("which Stanford courses", "any Packt book"): the word before the
    kind, when ``texts`` hold it only in list lines, never in a heading or a bold topic title ("what cloud stuff"
    asks about the Cloud Platforms topic, not resources made by "cloud")."""
    m = QUALIFIED_KIND.search(question)
    if m is None or m.group("q").lower() in STOPWORDS or not content_terms(m.group("q"), drop_filler=True):
        return None
    word = word_pattern(m.group("q"))
    for text in texts:
        for line in text.splitlines():
            if word.search(line) and (line.lstrip().startswith("#") or any(word.search(b) for b in re.findall(r"\*\*(.+?)\*\*", line))):
                return None
    return m.group("q")


# "I know SQL really well. Does that actually count toward the prerequisites?": what was said, held against them
COUNTS_AS_PREREQ = re.compile(
    r"\b(?:does|do|would|will|is)\s+(?:that|this|it|those|these)\s+(?:even\s+|actually\s+|really\s+|already\s+)?"
    r"(?:count|counts|cover|covers|satisfy|tick\s+off)\s+(?:as\s+|toward\s+|towards\s+|for\s+)?(?:a\s+|the\s+|any\s+(?:of\s+the\s+)?|one\s+of\s+the\s+)?"
    r"(?:common\s+|foundational\s+)?(?:prereq(?:uisite)?s?|requirements?)\b", re.I)


# "UX designer here, curious about AI. Which tools …?", "Maths PhD switching careers: what is covered …?",
# "As a DevOps person I'm curious — does Docker appear …?": who is asking, before the sentence that asks
_INTRO_BREAK = re.compile(r"(?:[.!:;]|\s[-–—]+)\s+")
_BACK_REFERENCE = re.compile(  # "I use LangChain a lot. Is it in the roadmap?": the asking sentence leans on the intro
    r"\b(?:it|its|them|they|those|these|that|this|he|she|one|ones|same|either|both|such)\b"
    r"(?!\s+(?:roadmap|document|doc|guide|path|list|level|track|stage|mentor)s?\b)", re.I)


_SELF_INTRO = re.compile(  # who is asking, not what about: "Founder here", "As a DevOps person", "I'm a UX designer"
    r"^\W*(?:[\w/&'-]+(?:\s+[\w/&'-]+){0,4}\s+here\b|as\s+an?\s+|(?:i'?m|i\s+am|im)\s+(?:an?|the)\s+"
    r"|(?-i:(?:I'?m|i'?m|I\s+am|im)\s+[A-Z]{2,4}\b)"  # "I'm CTO at a small startup"
    r"|(?:i'?m|i\s+am|im)\s+(?:writing|doing|working|researching|putting\s+together)\b"
    r"|[\w/&'-]+(?:\s+[\w/&'-]+){0,4}\s+(?:switching|changing|moving)\s+(?:careers?|fields?)\b"
    r"|i\s+work\s+(?:as|in)\b|my\s+background\s+is\b|coming\s+from\b|(?:i|we)\s+come\s+from\b)", re.I)


def without_intro(question: str) -> str:
    """The sentence that asks, without a self-introduction before it ("UX designer here, curious about AI."), when
    it stands on its own (unchanged when it points back into the intro with "it", "that", "those" …, when the
    words before it say what it is about rather than who asks — "I want to learn FastAPI. Where do I start?" —
    or when nothing ends with "?")."""
    mark = question.find("?")
    if mark < 0 or not _SELF_INTRO.search(question):
        return question
    breaks = [m.end() for m in _INTRO_BREAK.finditer(question, 0, mark)]
    if not breaks or _BACK_REFERENCE.search(question[breaks[-1]:mark]):
        return question
    return question[breaks[-1]:]


# "which of the two paths makes it easier to get hired?", "which path does the roadmap consider harder?": the paths
# compared on something the roadmap never weighs (difficulty, hiring, pay, demand); not a path fit for the asker
PATHS_COMPARED_ON = re.compile(
    r"\bwhich\s+(?:of\s+the\s+(?:two|2)\s+|one\s+of\s+the\s+(?:two|2)\s+)?(?:paths?|tracks?|routes?|roles?|careers?|one)\b[^?]{0,50}?"
    r"\b(?:easier|harder|tougher|simpler|more\s+(?:difficult|demanding|challenging|competitive|future[- ]proof|in\s+demand|jobs)"
    r"|less\s+(?:difficult|demanding|competitive)|pays?\s+(?:more|better)|better\s+paid|(?:get|gets|getting)\s+(?:you\s+|me\s+)?hired"
    r"|more\s+(?:money|openings|job\s+openings|opportunities))\b", re.I)


# "AWS/GCP/Azure": three or more names written together, as one item lists alternatives
SLASH_WRITTEN = re.compile(r"\b[A-Z][\w.]*(?:/[A-Z][\w.]*){2,}")


# "I'm a physics PhD, which path suits me?", "Physics PhD here, so …": the words describing who asks, up to the clause's end
_ASKER_CLAUSE = re.compile(
    r"^\W*(?:[\w/&'()-]+\s+){0,4}?[\w/&'()-]+\s+here\b[^,.;:!?]*"
    r"|\b(?:i'?m|i\s+am|im)\s+(?:an?|the)\s+[^,.;:!?]{1,50}?(?=\s*[,.;:!?]|\s+(?:of|about|with|into|on|in|at|for|who|and|but|so)\b|$)"
    r"|^\W*as\s+an?\s+[^,.;:!?]{1,40}"
    r"|\b(?:i'?m|im|i\s+am)\s+(?:only\s+|just\s+)?\d{1,2}\b(?:\s*(?:years?\s+old|yrs?\s+old|yo|y/o))?"  # "im 13 and …": an age
    # "I've got a background in HPC clusters and …", "my background is mostly embedded C, …": where they come from
    r"|\b(?:(?:i'?ve|i\s+have|i)\s+(?:got\s+)?|with\s+)(?:a\s+|an\s+|some\s+)?(?:\w+\s+)?background\s+in\s+[^,.;:!?]{1,50}?(?=\s*[,.;:!?]|\s+(?:and|but|so)\b|$)"
    r"|\bmy\s+background\s+is\s+(?:mostly\s+|mainly\s+)?(?:in\s+)?[^,.;:!?]{1,50}?(?=\s*[,.;:!?]|\s+(?:and|but|so)\b|$)", re.I)
# "ICU nurse on night shifts, studying ML in between. In the ML track …?", "Civil engineer, 40, methodical person. …?":
# an opening sentence that only says who asks (its first clause a short noun phrase, no verb, no question word)
_ROLE_SENTENCE = re.compile(r"^\W*(?P<first>[^,.;:!?]{2,40}?)(?:,[^.!?]*)?[.!]\s+(?=\S[^?]*\?)")
_NOT_A_ROLE = re.compile(
    r"\b(?:is|are|was|were|am|do|does|did|have|has|had|want|wants|need|needs|use|uses|used|learn|learned|know|knows|like|love"
    r"|think|thinks|read|saw|see|said|says|can|could|will|would|should|what|which|who|how|why|when|where|it|this|that|i|my"
    r"|the\s+roadmap)\b", re.I)


# (a person, not a topic: "security part. what is inside?" is about security)
_A_PERSON = re.compile(
    r"\b(?:nurse|engineer|developer|dev|programmer|coder|student|teacher|tutor|parent|dad|mom|mum|father|mother|accountant|analyst"
    r"|manager|designer|scientist|researcher|phd|grad|graduate|undergrad|worker|clerk|driver|lawyer|doctor|dentist|pharmacist"
    r"|retiree|retired|founder|owner|consultant|technician|mechanic|electrician|journalist|writer|translator|musician|artist"
    r"|photographer|chef|cook|soldier|veteran|officer|marketer|salesperson|recruiter|librarian|economist|chemist|physicist"
    r"|biologist|mathematician|statistician|architect|tester|admin|sysadmin|intern|freelancer|hobbyist|newbie|noob|self-taught"
    r"|bootcamp|major|professional|agent|specialist|coordinator|assistant|therapist|trader|banker|farmer|pilot|clinician"
    r"|barista|waiter|waitress|bartender|cashier|dj|tech|nanny|carer|caregiver|paramedic|firefighter|plumber"
    r"|\d{2}\s*(?:y/?o|years?\s+old)?|(?:mid|late|early)\s+\d0s)\b", re.I)


_PRONOUN = re.compile(r"\b(?:it|its|them|they|those|these|that|this|one|same|either|both|such)\b", re.I)
_PLACE_WORDS = frozenset(content_terms("roadmap path track route side level stage doc document guide ml ai integration machine "
                                       "learning engineering engineer list cover covers include includes teach teaches mention "
                                       "mentions have has need learn know talk say put puts recommend recommends suggest"))


def leans_on_context(asking: str) -> bool:
    """Does the asking sentence point back before it ("Is it in the roadmap?", "does the ML path cover it?"): a
    pronoun before any word naming a thing (not "does the roadmap count SQL as …, or is it only one path's?")."""
    m = _PRONOUN.search(asking)
    return m is not None and not content_terms(asking[: m.start()], drop_filler=True) - _PLACE_WORDS


def without_asker(question: str, context: bool = False) -> str:
    """``question`` without the words that describe who asks (a self-introduction before the asking sentence, an
    "I'm a …" clause, an opening "ICU nurse on night shifts." sentence): names there ("PhD", "CPA", "40") are not
    what the question asks about. With ``context`` (for the check of names the roadmap does not hold), also without
    every sentence before the asking one ("I've spent eight years living in SQL and Excel.", "… at 3am lol.") unless the
    asking sentence points back to them (``leans_on_context``), and without a short opening that goes on in the first
    person ("Club DJ, I want to …")."""
    text = without_intro(question)
    if context:
        # (every sentence before the one that asks: "… lots of time to study at 3am lol. which cloud certifications …?")
        mark = text.find("?")
        start = max(text.rfind(". ", 0, mark), text.rfind("! ", 0, mark)) + 2 if mark > 0 else 1
        if start > 1 and not leans_on_context(text[start:mark]):
            text = text[start:]
    m = _ROLE_SENTENCE.match(text)
    # (with ``context``, a short opening that goes on in the first person is who asks too: "Club DJ, I want to …")
    if (m and len(m.group("first").split()) <= 6 and not _NOT_A_ROLE.search(m.group("first"))
            and (_A_PERSON.search(m.group(0)) or (context and len(m.group("first").split()) <= 3
                                                  and re.search(r"\b(?:i|i'?m|im|my|me)\b", m.group(0)[len(m.group("first")):], re.I)))
            and not _BACK_REFERENCE.search(text[m.end():text.find("?", m.end())])):  # ("Kubernetes. Is it listed?")
        text = text[m.end():]
    return _ASKER_CLAUSE.sub(" ", text).strip()


_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*[-–—to]+\s*(\d+(?:\.\d+)?)\s*(months?|years?|weeks?)", re.I)


def parse_months(duration: str) -> tuple[float, float] | None:
    """``"6-12 months"`` → (6, 12); years and weeks are converted to months; None when absent."""
    m = _DURATION.search(duration or "")
    if not m:
        return None
    factor = {"m": 1.0, "y": 12.0, "w": 12.0 / 52.0}[m.group(3)[0].lower()]
    return float(m.group(1)) * factor, float(m.group(2)) * factor


# "Level 2", "level 3 of the ML path": a numbered level, in a heading or a question
LEVEL_NUMBER = re.compile(r"\blevel\s+(\d+)\b", re.I)


# "im around month 8", "i'm 3 months in": a point in time, inside one level's range
# "ive been on the ML path for about 8 months now", "8 months so far": time spent, like "8 months in"
_MONTH_POINT = re.compile(
    r"\bmonth\s+(?P<at>\d+)\b|\b(?P<in>\d+)\s+months?\s+(?:in|into|now|so\s+far|already)\b"
    r"|\b(?:been|spent|studying|learning|doing\s+(?:this|it))\s+(?:[\w()']+\s+){0,6}?for\s+(?:about\s+|around\s+|roughly\s+|almost\s+"
    r"|nearly\s+|over\s+|like\s+|~\s*)?(?P<for>\d+)\s+months?\b",
    re.I,
)


def month_points(question: str) -> list[tuple[float, bool]]:
    """(month, counted) pairs: "month 8" counts the 8th month (inside 6-12, and month 6 is the end of 0-6);
    "3 months in" is time spent (inside 0-6, and "6 months in" has started 6-12)."""
    return [(float(m.group("at")), True) if m.group("at") else (float(m.group("in") or m.group("for")), False)
            for m in _MONTH_POINT.finditer(question)]


def month_point_numbers(question: str) -> set[str]:
    """The numbers of :func:`month_points` as written: "3 months in" does not name a "3" (Level 3)."""
    return {m.group("at") or m.group("in") or m.group("for") for m in _MONTH_POINT.finditer(question)}


def point_in_span(point: tuple[float, bool], span: str) -> bool:
    """Does a :func:`month_points` point fall in the duration ``span`` ("6-12 months", "1-2 years")?"""
    months = parse_months(span)
    if months is None:
        return False
    low, high = months
    month, counted = point
    return low < month <= high if counted else low <= month < high


def word_pairs(text: str) -> set[tuple[str, str]]:
    """Stems of adjacent words, stopwords skipped, at least one of the two not filler: "building APIs" →
    ("build", "api"). A phrase shared says more than its words shared apart."""
    stems = [stem(t.lower()) for t in tokens(text) if t.lower() not in STOPWORDS]
    stems = [s for s in stems if s not in _STOP_STEMS]
    return {(a, b) for a, b in zip(stems, stems[1:], strict=False) if a != b and not (a in FILLER and b in FILLER)}


class Vocabulary:
    """The words of the indexed documents, to mend a learner's misspelling of one of them ("confrences").

    Only a lowercase word of five or more letters that the documents never use (nor its stem) is mended, and
    only to a document word with the same first letter at edit distance 1 (2 from eight letters on), when
    exactly one such word is nearest: names, capitalised words and ordinary words the documents share are left.
    """

    def __init__(self, texts: Iterable[str], english: Callable[[str], bool] | None = None):
        self._english = english or _english_word
        self.words: set[str] = set()
        for text in texts:
            self.words.update(t.lower() for t in tokens(text) if t.isalpha())
            # ("Fast.ai" is also written "fastai": not a misspelling of "fastapi")
            self.words.update(t.lower().replace(".", "") for t in tokens(text) if "." in t and t.replace(".", "").isalpha())
        self.stems = {stem(w) for w in self.words}
        self._by_first: dict[str, list[str]] = {}
        for w in sorted(self.words):
            if len(w) >= 4:
                self._by_first.setdefault(w[0], []).append(w)

    def mentions(self, name: str) -> bool:
        """True when the documents use any word of ``name`` ("faiss-gpu": FAISS is there)."""
        return any(t.lower() in self.words for t in tokens(name) if t.isalpha())

    def _mend(self, word: str) -> str | None:
        low = word.lower()
        if (word != low or len(low) < 5 or not low.isalpha() or low in self.words or stem(low) in self.stems
                or low in STOPWORDS or stem(low) in FILLER or low in _EXPANSIONS or self._english(low)):
            return None  # ("protect" is a word, though the documents only say "project")
        limit = 1 if len(low) < 8 else 2
        best: list[tuple[int, str]] = []
        for cand in self._by_first.get(low[0], ()):
            if abs(len(cand) - len(low)) > limit:
                continue
            d = _edit_distance(low, cand, limit)
            if d <= limit:
                best.append((d, cand))
        if not best:
            return None
        best.sort()
        if len(best) > 1 and best[1][0] == best[0][0] and stem(best[1][1]) != stem(best[0][1]):
            return None  # two words equally near: no guess
        return best[0][1]

    def correct(self, question: str) -> str:
        """``question`` with each misspelt document word mended (see the class docstring)."""
        if not self.words:
            return question
        return _WORD_RE.sub(lambda m: self._mend(m.group(0)) or m.group(0), question)


_WORD_RE = re.compile(r"(?<![\w/.-])[A-Za-z]+(?![\w/.-])")
_ENGLISH: list[Any] = []


def _english_word(word: str) -> bool:
    """Is ``word`` in pyspellchecker's English word list (loaded once, on the first misspelling candidate)?"""
    if not _ENGLISH:
        from spellchecker import (
            SpellChecker,  # a 1 MB word list: loaded only when a word is unknown to the documents
        )

        _ENGLISH.append(SpellChecker(language="en", distance=1))
    return bool(_ENGLISH[0].known([word]))


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance (adjacent transpositions count 1), ``limit + 1`` once it is exceeded."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]
