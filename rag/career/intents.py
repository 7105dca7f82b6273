"""Chat intent handlers for the answer chain: the learner's own career questions.

* "what should I learn next?" and "how far along am I?" (from the profile);
* "which path fits me …?" with the person's own description (path fit by meaning, ``pathfit.py``);
* "how long until …?", "what should I learn before …?", "am I ready for …?" (``decisions.py``).

Matching is deterministic (regular expressions that need the learner to speak about *themselves* or a
decision of theirs), so ordinary roadmap questions ("what comes after the foundation level of the ML
path?", "which vector databases should I learn for AI integration?") go to retrieval. Answers come from
the profile and the roadmap tree, with citations built from tree nodes. The exact phrasings are listed
in docs/career.md ("Chat intents").
"""

from __future__ import annotations

import logging
import re
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace

from rag.career import decisions
from rag.career.decisions import Cites as _Cites
from rag.career.pathfit import EmbedderSource, Statement, split_statements
from rag.career.profiles import ProfileStore, Progress
from rag.career.recommend import choose_path, completion, what_next
from rag.career.roadmap import Item, LearningPath, Level, Roadmap, Span, Topic, load_roadmap
from rag.career.targets import Target, find_target, find_topic, mentioned_paths
from rag.schema import Answer, Turn
from rag.settings import Settings
from rag.storage import open_profiles
from rag.terms import ABBREVIATIONS, PATHS_COMPARED_ON, SLASH_WRITTEN, content_terms, expand_query

log = logging.getLogger(__name__)

__all__ = [
    "make_intent_handlers",
    "is_next_question",
    "is_progress_question",
    "is_path_question",
    "is_how_long_question",
    "is_path_lengths_question",
    "is_before_question",
    "is_ready_question",
    "description_statements",
    "BACKEND",
]

BACKEND = "mentor"
Handler = Callable[[str, Sequence[Turn]], Answer | None]

_NEXT = re.compile(
    r"\bwhat\s+(?:should|shall|do|can|could|would you recommend)\s+i\s+(?:learn|study|do|focus on|work on|pick up|tackle)"
    r"\s+(?:next|now)\b(?!\s+(?:about|in|for|on|from|after)\b)"
    r"|\bwhat(?:'s| is)\s+(?:next|my next (?:step|topic))\s+for me\b"
    r"|\bwhat(?:'s| is| are)\s+my\s+next\s+(?:step|topic|thing)s?\b"
    # (not a place: "where should i go online to talk to other people?", "where should i go to ask questions")
    r"|\b(?:where|how)\s+should\s+i\s+(?:go|continue|start|begin|head)\b(?!\s+(?:online|to\s+(?:talk|ask|chat|meet|find|discuss|get\s+help)))"
    r"|\b(?:recommend|suggest)\s+(?:me\s+)?(?:my\s+)?(?:the\s+)?next\s+(?:topic|step)s?\b"
    r"|\bwhat\s+next\s+for\s+me\b",
    re.IGNORECASE,
)
_PROGRESS = re.compile(
    r"\bhow\s+far\s+(?:along\s+)?(?:am\s+i|have\s+i\s+(?:got|gotten|come))\b"
    r"|\bhow\s+(?:am\s+i|is\s+my\s+\w+)\s+(?:doing|progressing)\b"
    r"|\b(?:show|what(?:'s| is))\s+my\s+progress\b"
    r"|\bhow\s+much\s+(?:have\s+i|did\s+i|of\s+the\s+(?:roadmap|path)\s+have\s+i)\s+(?:done|completed|finished|covered)\b"
    r"|\bam\s+i\s+on\s+track\b",
    re.IGNORECASE,
)


# "what should I learn after X?" asks about the roadmap's order, not about the learner's progress
_ROADMAP_ORDER = re.compile(r"\b(?:after|before|instead of|to become|in order to)\b", re.IGNORECASE)


# "finished level 1 of the ml path, what do i move on to?": the question says what is done, then asks onward
_DONE_VERBS = (r"finished|finished\s+up|completed|done\s+with|through\s+with|wrapped\s+up|got\s+through|went\s+through"
               r"|(?:i'?m|i\s+am)\s+(?:just\s+|now\s+)?(?:wrapping\s+up|finishing(?:\s+up)?)")  # "I'm wrapping up X"
# "so far I've built FastAPI endpoints and deployed a cloud function": what the person has done, in their verbs
_DID = (r"(?:i'?ve|i\s+have)\s+(?:already\s+)?(?:built|deployed|implemented|trained|learned|learnt|done|covered|set\s+up"
        r"|played\s+(?:around\s+)?with|worked\s+through|gone\s+through|got\s+through|ground\s+through|grinded\s+through"
        r"|powered\s+through|knocked\s+out|studied|mastered)"
        # (not "I've done all of those": what it points back to is in the conversation, not the question)
        r"(?!\s+(?:all\s+(?:of\s+)?)?(?:those|these|that|this|them|it|everything)\b)")
_ONWARD = re.compile(
    r"\bwhat\s+(?:now|next)\b|\bmove\s+on\s+to\b|\bwhat(?:'s|s|\s+is|\s+comes)\s+next\b"
    r"|\bwhat(?:'s|s|\s+is)\s+(?:the|my)\s+(?:very\s+)?next\s+(?:chunk|step|thing|topic|part|bit|piece|block|section|stage|level)\b"
    r"|\bwhat(?:'s|s|\s+is|\s+comes)\s+(?:right\s+|directly\s+|straight\s+)?after\s+(?:that|this|those|these|them|it)\b"
    r"|\bwhat(?:'s|s|\s+is)\s+(?:still\s+)?left\b|\bwhat\s+remains\b|\bwhat\s+(?:else\s+)?(?:is\s+)?left\s+(?:for\s+me\s+)?to\b"
    r"|\bwhat\s+(?:do|should|can|shall)\s+i\s+(?:do|learn|study|tackle|pick\s+up|focus\s+on|work\s+on)\s*(?:now|next)?"
    r"(?:\s+after\s+(?:that|this|those|these|it|them))?\s*\??\s*$",  # "I've done X, Y and Z. What should I do after that?"
    re.IGNORECASE,
)


def is_next_question(question: str) -> bool:
    if _NEXT.search(question) and not _ROADMAP_ORDER.search(question):
        return True
    onward = _ONWARD.search(question)
    return bool(onward and (re.search(rf"\b(?:{_DONE_VERBS}|{_DID})\b", question[: onward.start()], re.I)
                            or _ONCE_DONE.search(question[onward.end():])))


# "whats left on the integration path once i'm done with level 2?": what was done, said after the question
_ONCE_DONE = re.compile(r"\b(?:once|when|after|if)\s+(?:i'?m|im|i\s+am|i'?ve|ive|i\s+have|i)\s+(?:(?:all\s+)?done\s+with|finished|"
                        r"finish|through\s+with|completed?|wrapped\s+up)\b", re.I)


def is_progress_question(question: str) -> bool:
    return bool(_PROGRESS.search(question))


# --- decisions: which path fits me, how long until, what before, am I ready ----------------------
_FOR_ME = r"for\s+(?:me|someone\s+like\s+me|a\s+person\s+like\s+me|my\s+(?:background|profile|goals?|interests?))"
_PATH_NOUN = r"(?:career\s+|roadmap\s+)?(?:path|track|route|road|direction|speciali[sz]ation|roadmap)s?"
_PATH_Q = re.compile(
    rf"\b(?:which|what)\s+(?:{_PATH_NOUN}|one)(?:\s+of\s+(?:the\s+)?(?:two|both|them|these))?"
    rf"(?:\s+(?:from|in|of|on)\s+(?:this|the)\s+(?:roadmap|guide|doc|document))?\s+"
    rf"(?:(?:best\s+|better\s+)?(?:fits|suits|matches)\s+(?:me|my)\b|would\s+(?:best\s+|better\s+)?(?:fit|suit|match)\s+me\b"
    rf"|(?:makes?|would\s+make)\s+(?:the\s+most\s+|more\s+)?sense\s+{_FOR_ME}|(?:works?|would\s+work)\s+(?:best\s+)?{_FOR_ME}"
    rf"|(?:is|would\s+be)\s+(?:the\s+)?(?:right|best|better|good|ideal|most\s+suitable|more\s+suitable|a\s+(?:better|good|best)\s+(?:fit|match))\s+{_FOR_ME}"
    rf"|should\s+i\s+(?:choose|pick|take|go\s+for|go\s+with|follow|do|start|select|commit\s+to)\b"
    rf"|(?:do|would|could|can)\s+(?:you|u)\s+(?:recommend|suggest)\b)"
    rf"|\bwhich\s+of\s+(?:the\s+|these\s+|those\s+)?(?:two\s+|2\s+)?(?:{_PATH_NOUN}\s+|them\s+|these\s+|both\s+)?"
    rf"(?:fits|suits|should\s+i|would\s+(?:fit|suit)|is\s+(?:right|best|better)\s+{_FOR_ME}"
    rf"|(?:is|are|was|would\s+be)\s+(?:\w+\s+){{0,3}}?{_FOR_ME}"  # "… is made for someone like me", "is the better fit for me"
    rf"|(?:do|would|could|can)\s+(?:you|u)\s+(?:recommend|suggest))"  # "which of the 2 routes would you recommend"
    rf"|\bhelp\s+me\s+(?:choose|pick|decide\s+on|find)\s+(?:a|my|the\s+right)\s+{_PATH_NOUN}"
    rf"|\b(?:choose|pick|decide\s+on)\s+(?:a|my|the\s+right)\s+{_PATH_NOUN}\s+{_FOR_ME}"
    # "whats the best path?", "what's the right track for me?": no path is best for everyone, so it is about the asker
    rf"|\bwhat(?:'s|s|\s+is)\s+(?:the\s+)?(?:best|right|better|ideal)\s+{_PATH_NOUN}(?:\s+{_FOR_ME}|\s+to\s+(?:take|pick|choose|follow))?\s*(?:\?|$)",
    re.IGNORECASE,
)
# "is X or Y better for me?", "should I choose X or Y?", "which is better for me, X or Y?" (X and Y name paths)
_EITHER = re.compile(
    rf"\b(?:is|would)\s+(?P<x>[\w\s/&-]{{2,60}}?)\s+or\s+(?P<y>[\w\s/&-]{{2,60}}?)\s+(?:be\s+)?(?:the\s+)?"
    rf"(?:better|best|right|a\s+better\s+fit|more\s+suitable|the\s+right\s+choice)\s+(?:choice\s+|fit\s+|option\s+)?{_FOR_ME}"
    rf"|\bshould\s+i\s+(?:choose|pick|go\s+for|go\s+with|do|take|follow|study|learn|specialize\s+in|specialise\s+in|start\s+with"
    rf"|begin\s+with|commit\s+to|focus\s+on|go\s+down)\s+"
    rf"(?:the\s+)?(?P<x2>[\w\s/&-]{{2,60}}?)\s+or\s+(?:the\s+)?(?P<y2>[\w\s/&-]{{2,60}}?)\s*(?:[?.!,;]|$)"
    rf"|\bwhich\s+(?:is|would\s+be)\s+(?:better|best|right)\s+{_FOR_ME}\s*[,:]?\s*(?P<x3>[\w\s/&-]{{2,60}}?)\s+or\s+(?P<y3>[\w\s/&-]{{2,60}}?)\s*(?:[?.!]|$)"
    # "ml path or integration path, which one?"
    rf"|^\s*(?P<x4>[\w\s/&-]{{2,60}}?)\s+or\s+(?P<y4>[\w\s/&-]{{2,60}}?)\s*[,?:-]+\s*which\s+(?:one|should\s+i|do\s+i)\b",
    re.IGNORECASE,
)
_HOW_LONG = re.compile(
    r"\bhow\s+long\s+(?:until|till|'til|before)\b"
    r"|\bhow\s+long\s+(?:will|would|might|could|is|'ll)\s+it\s+(?:take|be)\s+(?:me\s+|for\s+me\s+)?(?:to|until|till|before)\b"
    r"|\bhow\s+long\s+does\s+it\s+take\s+(?:me\s+|for\s+me\s+|someone\s+|a\s+beginner\s+)?to\s+(?:become|reach|get\s+to|land|be\s+(?:an?\s+)?)"
    r"|\bhow\s+(?:long|many\s+(?:months|years|weeks))\s+(?:do|will|would|should)\s+i\s+need\b"
    r"|\bhow\s+many\s+(?:months|years|weeks)\s+(?:until|till|before|will\s+it\s+take|would\s+it\s+take|to\s+(?:become|reach|finish|complete))\b"
    r"|\bwhen\s+(?:will|can|could|would)\s+i\s+(?:become|reach|finish|complete|get\s+to|be\s+(?:done|ready|able|an?\b|job))"
    r"|\bhow\s+long\s+(?:does|will|would|is)\s+(?:the\s+|this\s+)?(?:whole|entire|full|complete)\b"
    r"|\bhow\s+long\b[^?]*\b(?:start\s+to\s+finish|end\s+to\s+end|in\s+total|altogether|overall)\b"
    # "whats the total time for the ml engineer route start to finish", "how much time does the whole path take"
    r"|\b(?:total|overall)\s+(?:time|duration|length|timeline)\b|\b(?:whole|full|entire)\s+(?:duration|length|timeline)\b"
    r"|\bhow\s+much\s+time\b[^?]*\b(?:whole|entire|full|total|overall|altogether|start\s+to\s+finish|in\s+total)\b",
    re.IGNORECASE,
)
# the paths' lengths compared: "do both tracks take the same amount of time?", "is the ML one longer than the
# integration one?", "how long does each path take?" (not one level of them: "level 2 of each path")
_PATH_LENGTHS = re.compile(
    r"\b(?:both|the\s+two|each|either|all\s+the|all)\s+(?:of\s+the\s+)?(?:paths?|tracks?|routes?)\s+(?:\w+\s+){0,2}?"
    r"(?:take|last|run)s?\s+(?:\w+\s+){0,2}?(?:the\s+same\s+(?:amount\s+of\s+)?time|as\s+long|(?:the\s+)?same\s+length)\b"
    r"|\bhow\s+long\s+(?:does|do|is|are|will|would)\s+(?:each|both|either|the\s+two)\s+(?:of\s+the\s+)?(?:paths?|tracks?|routes?)\b"
    r"|\b(?:one|path|track|route)\s+(?:take\s+|takes\s+|run\s+|runs\s+)?(?:any\s+|much\s+|a\s+lot\s+)?(?:longer|shorter)\s+than\b"
    r"|\b(?:which|what)\s+(?:path|track|route|one)\s+(?:is|takes?)\s+(?:the\s+)?(?:longer|shorter|longest|shortest|quicker|quickest)\b"
    # "is there a difference in length between the two paths?"
    r"|\bdifference\s+in\s+(?:length|time|duration)\b[^?]{0,30}\b(?:paths|tracks|routes)\b",
    re.IGNORECASE,
)
_ONE_LEVEL = re.compile(r"\b(?:level|stage|phase)\s+\d|\b(?:first|second|third|last|final)\s+(?:level|stage|phase)\b", re.I)


def is_path_lengths_question(question: str) -> bool:
    return bool(_PATH_LENGTHS.search(question)) and not _ONE_LEVEL.search(question)


# "what does the ml engineering path cover?", "tell me about the ai integration path", "what's in the
# integration track overall?": one path, as a whole (a question about one of its parts goes to retrieval)
_PATH_OVERVIEW = re.compile(
    rf"^\W*(?:(?:so|ok|okay|hey)[\s,]+)*(?:what(?:'s|\s+is|s)\s+(?:actually\s+|really\s+)?(?:in\s+)?|what\s+does\s+|tell\s+me\s+(?:about|more\s+about)\s+"
    rf"|describe\s+|explain\s+|summari[sz]e\s+|(?:give\s+me\s+)?(?:an\s+)?overview\s+of\s+)"
    rf"(?:the\s+|this\s+)?(?:[\w-]+\s+){{1,3}}?{_PATH_NOUN}"
    rf"(?:\s+(?:cover|covers|include|includes|contain|contains|consist\s+of|look\s+like|about|overall|all\s+about"
    rf"|in\s+a\s+nutshell|as\s+a\s+whole))?(?:\s*,?\s*(?:like\s+)?(?:the\s+)?(?:whole|entire)\s+thing)?\s*[?.!]*\s*$",
    re.I,
)


# "how many levels does each path have?", "how many stages in the integration track": the paths' structure
_LEVEL_COUNT = re.compile(r"\bhow\s+many\s+(?:levels|stages|tiers|phases)\b", re.I)


# "what are the steps to become an ml engineer?", "how do i become an AI integration engineer?": the path as a whole
_BECOME_Q = re.compile(
    r"^\W*(?:(?:so|ok|okay|hey)[\s,]+)*(?:what\s+are\s+the\s+(?:steps|stages)\s+to|how\s+(?:do|can|would|should)\s+i"
    r"|what\s+does\s+it\s+take\s+to|what\s+do\s+i\s+(?:need\s+to|have\s+to)\s+(?:do|learn)\s+to)\s+become\s+(?:an?\s+)?"
    r"(?:[\w-]+\s+){1,3}?(?:engineer|developer|specialist)\s*[?.!]*\s*$",
    re.I,
)


# "what's the difference between the two paths?", "how do the tracks differ?", "ml path vs integration path, what's different?"
_DIFFERENCE_Q = re.compile(  # (the paths as a whole: not "the difference between level 3 in the two paths")
    rf"\b(?:difference|differences)\s+between\s+(?:the\s+|these\s+)?(?:two\s+|both\s+)?(?:main\s+)?{_PATH_NOUN}s\b"
    rf"|\b(?:the\s+)?(?:two|both)\s+{_PATH_NOUN}s\s+(?:differ|compare|are\s+different)\s*\??\s*$"
    rf"|\bhow\s+(?:is|are)\s+(?:the\s+)?[\w\s-]{{2,30}}?{_PATH_NOUN}\s+different\s+from\s+(?:the\s+)?[\w\s-]{{2,30}}?{_PATH_NOUN}\s*\??\s*$",
    re.I,
)


def is_paths_difference_question(question: str) -> bool:
    # (not "a difference in length / pay": how long they take is the path lengths' answer)
    return (bool(_DIFFERENCE_Q.search(question)) and not _FIRST_PERSON.search(question)
            # ("… when it comes to MLOps?", "… on the mlops side": one topic compared, not the whole paths)
            and not re.search(r"\b(?:when\s+it\s+comes\s+to|in\s+terms\s+of|regarding|with\s+respect\s+to|as\s+for|for|on|about)"
                              r"\s+(?!the\s+(?:two|2|both)\b|(?:the\s+)?(?:paths?|tracks?|routes?|roadmap|me|someone)\b)\w+", question, re.I)
            and not re.search(r"\b(?:length|long|longer|shorter|time|duration|months?|years?|harder|easier|pay|salary|salaries|jobs?)\b", question, re.I)
            # ("how do the last levels of the two paths differ?": one level of each compared, not the whole paths)
            and not re.search(r"\b(?:levels?|stages?|phases?|tiers?|milestones?)\b", question, re.I))


def is_path_overview_question(question: str, roadmap: Roadmap) -> bool:
    if is_paths_difference_question(question):
        return True
    named = len(mentioned_paths(roadmap, question))
    if _BECOME_Q.search(question):
        return named == 1
    if _LEVEL_COUNT.search(question) and (named or re.search(rf"\b(?:{_PATH_NOUN}|there)\b", question, re.I)):
        return named <= 1 or bool(re.search(r"\b(?:each|both|every|the\s+two)\b", question, re.I))
    return bool(_PATH_OVERVIEW.search(question)) and named == 1


def path_overview_answer(roadmap: Roadmap, question: str) -> Answer | None:
    started = time.perf_counter()
    named = mentioned_paths(roadmap, question)
    reply = (decisions.paths_difference_reply(roadmap) if is_paths_difference_question(question)
             else decisions.path_overview_reply(roadmap, named[0]) if len(named) == 1
             else decisions.paths_overview_reply(roadmap))
    if reply is None:
        return None
    return decisions.to_answer(roadmap, question, reply, started, "answered by the career engine (the path's levels)")


def path_lengths_answer(roadmap: Roadmap, question: str) -> Answer | None:
    started = time.perf_counter()
    reply = decisions.path_lengths_reply(roadmap, question)
    if reply is None:
        return None
    return decisions.to_answer(roadmap, question, reply, started, "answered by the career engine (each path's month ranges)")


_PATH_HOW_LONG = re.compile(
    rf"^\W*how\s+long\s+(?:does|is|will|would)\s+(?:the\s+|this\s+|that\s+)?(?:[\w-]+\s+){{1,3}}?{_PATH_NOUN}"
    r"(?:\s+(?:take|last|run|be))?\s*[?.!]*\s*$", re.I)
_ONE_RESOURCE_TIMED = re.compile(r"\bhow\s+long\s+(?:does|do|will|would|is)\s+(?P<x>[^?]{3,60}?)\s+(?:take|last)\b", re.I)
_A_RESOURCE = re.compile(r"\b(?:course|book|tutorials?|videos?|specialization|documentation|docs|class|lectures?|cert\w*)\b", re.I)
_BECOME = re.compile(r"\b(?:become|becoming|be\s+an?|land|get\s+(?:a\s+)?job|job[- ]ready|hired|work\s+as)\b", re.I)
_WHOLE_PATH = re.compile(
    r"\b(?:become|becoming|finish|complete|be\s+(?:done|ready|an?)\b|get\s+(?:a\s+)?job|land|the\s+end|done|"
    r"job[- ]ready|master|hired|whole|entire|start\s+to\s+finish|end\s+to\s+end|in\s+total|altogether|overall)",
    re.I,
)
_REACH = re.compile(r"\b(?:reach|get\s+to|start|begin|move\s+on\s+to|be\s+ready\s+for|until\s+level|till\s+level)\b", re.I)
_FINISH = re.compile(r"\b(?:finish|complete|done\s+with|master|through|end\s+of|become|be\s+an?)\b", re.I)
_BEFORE = re.compile(
    r"\bwhat\s+(?:should|must|do|would|shall|can)\s+i\s+(?:need\s+to\s+|have\s+to\s+)?"
    r"(?:learn|know|study|master|cover|do|have\s+(?:done|learned|learnt)|finish|complete|read)\s+(?:first\s+)?"
    r"(?P<a>before)\b"
    r"|\bwhat\s+do\s+i\s+need\s+(?P<b>before)\b"
    r"|\bwhat\s+(?:are\s+)?(?:the\s+)?(?:prerequisites|prereqs)\s+(?:do\s+i\s+need|should\s+i\s+(?:know|have|learn))\s+(?P<c>for|before)\b"
    r"|\b(?P<d>before)\s+(?:i\s+(?:start|begin|tackle|learn|study|take|move\s+on\s+to|get\s+into|dive\s+into)|starting|tackling|learning|studying|taking)\b"
    r"[^?]*?,?\s*what\s+(?:should|do|must)\s+i\b"
    # "what am I meant to have covered before I touch vector databases?"
    r"|\bwhat\s+(?:am\s+i\s+(?:meant|supposed|expected)\s+to|should\s+i|do\s+i\s+need\s+to|must\s+i)\s+(?:have\s+|already\s+)*"
    r"(?:covered|done|learned|learnt|finished|known|know|under\s+my\s+belt)\s+(?P<e>before)\b"
    # "before I even open the FastAPI docs, what should already be under my belt?"
    r"|\b(?P<f>before)\s+i\s+(?:even\s+)?(?:start|begin|tackle|touch|open|hit|get\s+to|learn|study|take|move\s+on\s+to|get\s+into"
    r"|dive\s+into)\b[^?]*?,?\s*what\s+(?:should|must|needs?\s+to|has\s+to|do\s+i\s+need\s+to)\b[^?]*?\b(?:under\s+my\s+belt"
    r"|know|have|done|learned|covered)\b"
    # "What level do I need to have wrapped up before I get to MLOps on the integration side?"
    r"|\b(?:what|which)\s+(?:level|stage|levels|stages)\s+(?:do|should|must)\s+i\s+(?:need\s+to\s+|have\s+to\s+)?(?:have\s+)?"
    r"(?:wrapped\s+up|finished|done|completed|cleared|gotten\s+through|got\s+through)\s+(?P<g>before)\b",
    re.IGNORECASE,
)
_READY = re.compile(
    r"\bam\s+i\s+(?:already\s+)?(?:ready|prepared|good\s+enough|qualified|far\s+enough(?:\s+along)?)\b"
    r"|\bcan\s+i\s+(?:start|begin|move\s+on\s+to|go\s+on\s+to|tackle|skip\s+to|jump\s+to)\b[^?]*\b(?:yet|now|already)\b"
    r"|(?<!\bor\s)\b(?:can|could|should)\s+i\s+(?:skip|jump|move|go)\s+(?:ahead|straight|right)\s+(?:to|into)\b"  # "can i skip ahead to level 3?"
    r"|\bis\s+it\s+time\s+(?:for\s+me\s+)?to\s+(?:start|move\s+on|begin|apply|go\s+on)\b"
    r"|\bdo\s+i\s+know\s+enough\s+(?:for|to)\b",
    re.IGNORECASE,
)


def _either_paths(roadmap: Roadmap | None, question: str) -> bool:
    """True when a "X or Y" decision names two different paths (without a roadmap: any X or Y)."""
    for m in _EITHER.finditer(question):
        x = m.group("x") or m.group("x2") or m.group("x3") or m.group("x4") or ""
        y = m.group("y") or m.group("y2") or m.group("y3") or m.group("y4") or ""
        if roadmap is None:
            return True
        px, py = mentioned_paths(roadmap, x), mentioned_paths(roadmap, y)
        if px and py and px[0] != py[0]:
            return True
    return False


_ALTERNATIVES = re.compile(r"\b(?P<x>[\w./+-]+)\s+(?:or|vs\.?|versus)\s+(?P<y>[\w./+-]+)\b", re.I)
_NOT_AN_ALTERNATIVE = frozenset("is are do does should would can could not either whether so and the a an this that i me".split())


def _other_alternatives(roadmap: Roadmap | None, question: str) -> bool:
    """"X or Y" where neither names a path: the choice is between those (tools, courses), not between paths."""
    which = re.compile(r"\bwhich\s+one\b|\bwhich\s+(?:is|would\s+be)\s+better\b", re.I)
    if roadmap is None or not which.search(question):
        return False
    asking = next((p for p in re.split(r"(?<=[.!?])\s+", question) if which.search(p)), "")
    if re.search(r"\b(?:paths|tracks|routes)\b", asking, re.I):  # "Of the two paths, which one should I commit to?"
        return False
    # (not in a sentence that says what the person does not want: "i dont care about research or papers. which
    # one should i pick" chooses a path; "aws vs gcp vs azure... which one should i pick first" does not)
    wanted = " ".join(p for p in re.split(r"(?<=[.!?])\s+", question)
                      if not re.search(r"\b(?:don'?t|dont|do\s+not|not|never|no)\b", p, re.I) or which.search(p))
    for m in _ALTERNATIVES.finditer(wanted):
        x, y = m.group("x"), m.group("y")
        if x.lower() in _NOT_AN_ALTERNATIVE or y.lower() in _NOT_AN_ALTERNATIVE:
            continue
        if not mentioned_paths(roadmap, x) and not mentioned_paths(roadmap, y):
            return True
    return False


# "I want to invent novel architectures … Which path fits?": a first-person description, then a bare path question
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|im|i've|ive|i'd|id|my|me|myself)\b", re.IGNORECASE)
# after the person describes themselves: "which path fits?", "which roadmap for me", "which way should i go?",
# "which path is mine?", "which of the two paths?"
_BARE_PATH_Q = re.compile(
    rf"\b(?:which|what)\s+(?:{_PATH_NOUN}|way|one|of\s+(?:the\s+)?(?:two|both|them|these)(?:\s+{_PATH_NOUN})?)"
    rf"(?:['’]s\s+(?:for|4)\s+me|\s+(?:fits|suits|matches|(?:is|would\s+be)\s+(?:mine|right|best|better|ideal)|(?:is\s+)?(?:for|4)\s+me"
    rf"|(?:should|do)\s+i\s+(?:go|pick|choose|take|follow|do)(?:\s+for)?|do\s+you\s+(?:recommend|suggest)"
    rf"|(?:is|would\s+be)\s+(?:good|right|best|better)\s+(?:for|4)\s+me))?\s*(?:\?|$)"
    rf"|\bwhat\s+should\s+i\s+(?:pick|choose|go\s+for|go\s+with)\s*(?:\?|$)"
    rf"|\bwhat\s+(?:fits|suits|matches)\s+(?:me|my\s+\w+)(?:\s+(?:best|better|more))?\s*(?:\?|$)"
    rf"|\bwhere\s+(?:do|would|should|could)\s+i\s+(?:best\s+|really\s+)?(?:fit|belong)(?:\s+best)?(?:\s+in(?:\s+(?:this|the)\s+(?:roadmap|thing|whole\s+thing))?)?\s*(?:\?|$)"
    rf"|\bwhat\s+would\s+(?:you|u)\s+(?:recommend|suggest|pick|choose|go\s+(?:for|with))(?:\s+(?:for\s+me|if\s+(?:you|u)\s+were\s+me))?\s*(?:\?|$)"
    # "what would you do in my shoes?" after a self-description
    rf"|\bwhat\s+would\s+(?:you|u)\s+do\s+(?:in\s+my\s+(?:shoes|place|position)|if\s+(?:you|u)\s+were\s+me)\s*(?:\?|$)"
    # "what would u recommend i go for", "where should i be heading?"
    rf"|\bwhat\s+would\s+(?:you|u)\s+(?:recommend|suggest)\s+(?:i|me)\s+(?:go\s+for|go\s+with|pick|choose|do|take)\s*(?:\?|$)"
    rf"|\bwhere\s+(?:should|do|would)\s+i\s+(?:be\s+)?(?:heading|headed|head|going|go)\s*(?:\?|$)"
    rf"|\bwhat\s+(?:way|path|track|direction|route)\s+(?:do\s+|would\s+|can\s+)?(?:you|u)\s+(?:suggest|recommend|advise)(?:\s+(?:for|to)\s+me)?\s*(?:\?|$)"
    rf"|\bwhich\s+of\s+(?:the\s+)?(?:two\s+|2\s+)?(?:{_PATH_NOUN}|them|these)\s+(?:suits|fits|matches)\s+(?:that|this|me|it)\s*(?:\?|$)"
    # "… leading projects like that end to end. Which path lines up with that?"
    rf"|\b(?:which|what)\s+(?:{_PATH_NOUN}|one)\s+(?:best\s+|most\s+)?(?:lines?\s+up|aligns?|fits|goes|matches|fits\s+in)\s+with"
    rf"\s+(?:that|this|it|those|these|all\s+(?:that|this)|me|my\s+\w+)\s*(?:\?|$)"
    rf"|[.!?,]\s*(?:so\s+)?(?:(?:which|what)\s+)?(?:{_PATH_NOUN})\s*\?+\s*$",  # "… and id like to publish someday. path?", ", which route?"
    re.IGNORECASE,
)


# "the first one for sure", "definitely the second", "the latter": an answer to a choice the assistant offered
_PICKED = re.compile(r"^\W*(?:(?:oh|yeah|yes|ok|okay|hmm|so)[\s,.!]+)?(?:(?:definitely|def|defo|for\s+sure|probably|mostly|totally|100%?)\s+)?"
                     r"(?:the\s+)?(?P<which>first|second|former|latter|1st|2nd)(?:\s+one)?\b", re.I)
_OFFERED = re.compile(r"([^:.?!;]+?),?\s+or\s+([^.?!;]+)[.?!]", re.I)


def picked_option(question: str, history: Sequence[Turn] | None) -> str:
    """What the person picked when they answer the assistant's "A, or B?" with "the first/second (one)": "I prefer
    A"; "" when the question is no such answer or the last assistant turn offered no two-way choice about paths."""
    m = _PICKED.match(question or "")
    said = next((t.get("content", "") for t in reversed(history or []) if t.get("role") == "assistant"), "")
    offers = [o for o in _OFFERED.findall(said) if len(o[0].split()) >= 2 and len(o[1].split()) >= 2]
    if m is None or not offers or not re.search(r"\b(?:model|models|train\w*|build\w*|applications?|apps?|integrat\w*|path)\b", said, re.I):
        return ""
    first, second = offers[-1]
    return f"I prefer {(first if m.group('which').lower() in ('first', '1st', 'former') else second).strip()}"


def is_path_question(question: str, roadmap: Roadmap | None = None) -> bool:
    """"Which path fits me …", "which track suits me", "is ML or AI integration better for me" ...

    Also a bare "which path fits?" after the person describes themselves in the same message.
    """
    if _other_alternatives(roadmap, question):
        return False  # "mlflow or dvc - which one should i pick?": "one" is a tool, not a path
    if PATHS_COMPARED_ON.search(question):
        return False  # "which of the two paths makes it easier to get hired?": not what fits the asker
    if re.search(r"\bwhich\s+one\s+of\s+(?:the\s+)?(?:three|3|four|4|five|5)\b", question) or SLASH_WRITTEN.search(question):
        return False  # "it says AWS/GCP/Azure. Which one of the three should I pick?": there are two paths
    if _PATH_Q.search(question) or _either_paths(roadmap, question):
        return True
    fits = _FITS_THAT_Q.search(question)
    if fits is not None and _SELF.search(question[: fits.start()]) and len(content_terms(question[: fits.start()], drop_filler=True)) >= 4:
        return True  # (what was described comes first: "civil engineer … train it myself … which path covers that better?")
    bare = _BARE_PATH_Q.search(question)
    # (described before it: "i love …", or "math grad here, v comfy w/ calculus …"; not "which edition of the
    # Goodfellow book should I buy, the roadmap lists it but which one?": the sentence asks about another thing)
    sentence = ("" if bare is None else bare.group(0) if bare.group(0)[:1] in ".!?,"
                else question[max(question.rfind(m, 0, bare.start()) for m in ".!?,") + 1: bare.end()])
    if (bare is not None and _SELF.search(question[: bare.start()]) and not _NOT_A_CHOICE.search(sentence)
            and not _DONE.search(question[: bare.start()])):  # ("i finished level 1, where should i go?": the next topic)
        return True
    # "i want to be the one who builds and trains them … where should i go from here?": likes and wants say
    # which path; "i finished level 1, where should i go from here?" asks for the next topic instead
    onward = _ONWARD_Q.search(question)
    before = question[: onward.start()] if onward else ""
    if onward and _PREFERENCE.search(before) and not _DONE.search(before):
        return True
    return _asks_for_a_path(question, roadmap)


# the broad reading, last: a self-description and a closing question that chooses among paths in any words
# ("Which direction should I head in?", "what route makes sense?", "ml or integration?", "any recommendation on
# the path?", "what path do you reckon suits a sysadmin who likes automation?")
_ASK_SPLIT = re.compile(r"(?<=[.!?;])\s+|\s+[-–—]+\s+")
_CHOICE_NOUN = r"(?:career\s+)?(?:paths?|tracks?|routes?|directions?|options?|speciali[sz]ations?)"
# the closing question itself chooses: "which/what (…) path/route/direction", "which one", "which of the two",
# or a recommending verb about a path ("any recommendation on the path?", "would you point me to")
_PATH_CHOICE = re.compile(
    rf"\b(?:which|what)\s+(?:[\w-]+\s+){{0,2}}?{_CHOICE_NOUN}\b|\bwhich\s+one\b|\bwhich\s+of\s+(?:the\s+|these\s+)?(?:two|2|both|paths|tracks)\b"
    rf"|\bwhich\s+of\s+(?:them|these|those)\s*\??\s*$"
    rf"|\b(?:recommend\w*|suggest\w*|advi[sc]e|point\s+me)\b[^?]{{0,30}}\b{_CHOICE_NOUN}\b"
    rf"|\b{_CHOICE_NOUN}\b[^?]{{0,30}}\b(?:recommend\w*|suggest\w*|advi[sc]e|point\s+me|fits?|suits?|match(?:es)?|aligns?)\b",
    re.I,
)
_NOT_A_CHOICE = re.compile(
    r"\b(?:has|have|had|covers?|covered|covering|includes?|including|teach(?:es)?|contains?|mentions?|lists?|longer|shorter"
    r"|faster|slower|harder|easier|how\s+long|how\s+many|how\s+much|levels?|stages?|when|next|after|before|first|start\w*"
    r"|courses?|books?|resources?|tutorials?|tools?|frameworks?|databases?|clouds?|providers?|languages?|librar(?:y|ies)"
    r"|videos?|certs?|certifications?|platforms?|projects?|topics?|skills?|milestones?|learn|learning|need|part\s+of"
    r"|names?|named|stores?"  # "which vector stores does the integration path name?"
    r"|join|about|salary|salaries|pays?|jobs?|hire\w*)\b"
    r"|\bwhere\s+(?:is|are|does|do)\b(?!\s+i\b)"
    r"|\b(?:path|track|route)\s+(?:points?|recommends?|suggests?|advises?|sends?)\b",  # "what does the ML path point me to"
    re.I,
)
# "i'm on the integration path, what is the best way to learn fastapi?": the path is chosen already
_ON_A_PATH = re.compile(rf"\b(?:on|in|doing|following|taking)\s+the\s+(?:[\w/-]+\s+){{1,4}}?{_PATH_NOUN}\b", re.I)
_SELF = re.compile(
    _FIRST_PERSON.pattern + r"|\b(?:for|as)\s+(?:a|an|someone|somebody|people)\b"
    r"|\bsomeone\s+(?:like|who)\b|\b(?:a|an)\s+[\w-]+(?:\s+[\w-]+)?\s+who\b"
    # "stats grad here, love proofs": a role "here", or a sentence that starts with its verb
    r"|\b[\w-]+\s+here\s*[,.!;:]|(?:^|[.!?;,]\s*)(?:love|like|enjoy|hate|want|wanna|prefer|been|got|did|work|do|have|"
    r"studied|worked|finished|know|comfortable|good|strong|into)\b",
    re.I,
)


def _asks_for_a_path(question: str, roadmap: Roadmap | None) -> bool:
    """The closing question chooses a path (a path word, or two paths named "X or Y") for the person described,
    and asks nothing about what a path holds, how long it is, or a thing that is not a path."""
    parts = [p for p in _ASK_SPLIT.split(question.strip()) if p.strip()]
    if len(parts) < 1:
        return False
    at = max((i for i, p in enumerate(parts) if "?" in p), default=len(parts) - 1)
    asked, before = parts[at], " ".join(parts[:at])
    if not before and "," in asked:  # "As a data scientist who loves tuning models, which path should I pursue?"
        before, asked = asked.rsplit(",", 1)
        if not (_FIRST_PERSON.search(before) or re.match(r"\s*as\s+an?\s+", before, re.I)):
            return False  # ("vector databases come up as an interview topic for which role, …": no one described)
    either = roadmap is not None and len(mentioned_paths(roadmap, asked)) >= 2 and bool(re.search(r"\bor\b", asked, re.I))
    if re.search(r"\b(?:or|vs\.?|versus)\b", asked, re.I) and not either:
        return False  # "which option is better, faiss or pinecone?": a choice between other things
    # ("Of the two tracks, which should I follow?": a path word and "which" anywhere in the question)
    chooses = _PATH_CHOICE.search(asked) or (re.search(rf"\b{_CHOICE_NOUN}\b", asked, re.I) and re.search(r"\bwhich\b", asked, re.I))
    if not (chooses or either) or _NOT_A_CHOICE.search(asked) or _ON_A_PATH.search(question):
        return False
    # the person described themselves before asking (not "should i learn langchain as part of the ai path?")
    return bool(_SELF.search(before) and len(content_terms(before, drop_filler=True)) >= 2)


_ONWARD_Q = re.compile(  # after likes and wants: "… sounds way more fun than training models. what do you suggest?"
    r"\bwhere\s+(?:should|do|would|could|can)\s+i\s+(?:go|head)\s+(?:from\s+here|next|now)\b"
    r"|\bwhere\s+(?:should|do|would|could)\s+i\s+(?:go|head)\s*\??\s*$"
    r"|\bwhat\s+(?:do|would|could|can)\s+(?:you|u)\s+(?:suggest|recommend|advise)\s*\??\s*$"
    r"|\bwhere\s+(?:should|do|would|could|can)\s+i\s+(?:focus|put\s+my\s+(?:time|energy))\s*\??\s*$"
    r"|\bwhere\s+(?:should|do|would|could|can)\s+i\s+(?:point|steer|take|aim)\s+myself\b",  # "Where should I point myself?"
    re.I,
)
_PREFERENCE = re.compile(
    r"\b(?:i\s+(?:really\s+)?(?:want|wanna|love|like|enjoy|hate|prefer|care\s+about|dislike|am\s+into)|i'?m\s+(?:into|interested)"
    r"|(?:the\s+)?fun\s+part|not\s+bothered\s+(?:about|with)"  # "the maths is the fun part for me. not bothered about websites"
    r"|bugs\s+me|bores\s+me|excites\s+me|kills\s+me|happiest|(?:actually\s+|really\s+)?liked|(?:don'?t|do\s+not)\s+(?:want|like|enjoy))\b",
    re.I,
)
_DONE = re.compile(rf"\b(?:{_DONE_VERBS}|i'?ve\s+done|(?<!api\s)through\s+(?:level|the\s+(?:level|stage|path|track|roadmap|foundation|basics|first|second)))\b", re.I)
# the closing question asks which path fits what was just described, in words the other readings leave out:
# "is there a path for that", "what fits", "so mine is?", "which path covers that better?", "which path teaches
# that", "what path should i learn"
_FITS_THAT_Q = re.compile(
    rf"\bis\s+there\s+a\s+{_PATH_NOUN}\s+for\s+(?:that|this|me|someone\s+like\s+me|people\s+like\s+me)\s*\??\s*$"
    r"|(?:^|[.!?]\s*)(?:so\s+)?what\s+fits\s*\??\s*$"
    r"|\b(?:so\s+)?(?:mine|my\s+(?:path|track|one))\s+(?:is|would\s+be)\s*\??\s*$|\bwhich\s+(?:one\s+)?is\s+(?:mine|for\s+me)\s*\??\s*$"
    rf"|\bwhich\s+(?:{_PATH_NOUN}|one)\s+(?:covers|teaches|handles|is\s+for|gets\s+me\s+to)\s+(?:that|this|it)(?:\s+(?:better|best|more))?\s*\??\s*$"
    rf"|\bwhat\s+{_PATH_NOUN}\s+should\s+i\s+(?:learn|study|pursue|get\s+into|go\s+down|start)\s*\??\s*$",
    re.I,
)


# "how many weeks would it take me to get through Andrew Ng's ML course?": a resource's length, which no level gives
_RESOURCE_LENGTH = re.compile(r"\b(?:get\s+through|finish|complete|do|take|watch|read)\s+(?:the\s+|that\s+)?[\w'.\s-]{0,40}?"
                              r"\b(?:course|book|specialization|tutorials?|videos?|nanodegree|cs\d{3}\w*)\b", re.I)


def is_how_long_question(question: str) -> bool:
    if _RESOURCE_LENGTH.search(question):
        return False  # (the roadmap's levels have spans; its resources do not)
    return bool(_HOW_LONG.search(question) or _PATH_HOW_LONG.search(question))


def is_before_question(question: str) -> bool:
    return bool(_BEFORE.search(question))


def is_ready_question(question: str) -> bool:
    if re.search(r"\b(?:jump|skip|go)\s+(?:straight|right|ahead)\b", question, re.I) and re.search(r"\bor\b[^?]*\bfirst\b", question, re.I):
        return False  # "should I jump straight into the path-specific stuff, or do the shared prerequisites first?"
    return bool(_READY.search(question) or _GOOD_TO.search(question) or _which_level(question))


def _after(match: re.Match[str] | None, text: str) -> str:
    """The part of ``text`` a decision question is about: after the trigger (or, for "before X, what ...", X)."""
    if match is None:
        return text
    for group in ("d", "f"):
        if match.groupdict().get(group):
            return text[match.start(group) : match.end()]
    return text[match.end() :]


def _answer(question: str, text: str, cites: _Cites, started: float, intent: str) -> Answer:
    return Answer(
        question=question, answer=text, refused=False, citations=cites.items, retrieved=[], backend=BACKEND,
        timings={"total_s": time.perf_counter() - started}, standalone_question=question,
        backend_note=f"answered from your learner profile ({intent})", extra={"intent": intent},
    )


def next_answer(roadmap: Roadmap, store: ProfileStore, profile: str, question: str) -> Answer:
    """The next topics: on the path the question names, else the profile's; what the question says is finished
    ("i finished level 1 of the ml path, where should i go from here?") counts as done for this answer (the
    profile is not changed)."""
    started = time.perf_counter()
    store.ensure(profile)
    progress = store.load(profile)
    path, note = choose_path(roadmap, progress)
    named = mentioned_paths(roadmap, question)
    if named and named[0] is not path:
        path, note = named[0], ""
    if not named and not progress.path and _PREREQS_DONE.search(question) and (
            reply := decisions.after_prereqs_reply(roadmap)) is not None:
        # "I've knocked out the foundational requirements. what now?": the roadmap's next step, for either path
        cites = _Cites(roadmap)
        return _answer(question, reply.render(cites), cites, started, "what_next")
    finished = said_finished(roadmap, path, question)
    if finished:
        # "just wrapped up neural nets, backprop and activation functions. what's the very next thing?": the
        # roadmap's order, so the topics before the last one finished count as done too
        order = [t for lv in path.levels for t in lv.topics]
        latest = max((order.index(t) for t in finished if t in order), default=-1)
        finished = list(dict.fromkeys([*order[: latest + 1], *finished]))
        progress = replace(progress, topics={**progress.topics, **{t.key: ("done", "") for t in finished}})
    cites = _Cites(roadmap)
    recs = what_next(roadmap, progress, path)
    done_keys = {k for k, (state, _) in progress.topics.items() if state == "done"}
    lines: list[str] = []
    for i, rec in enumerate(recs, start=1):
        t = rec.topic
        line = (
            f"{i}. {t.title} ({rec.level.display}, {rec.duration or 'no duration given'}) — {rec.why}. "
            f"Subtopics: {', '.join(s.title for s in t.subtopics)}."
        )
        if t.resources:
            line += f" Resources: {', '.join(r.title for r in t.resources)}."
        lines.append(line + " " + cites(t, line))
    if recs:
        first = recs[0]
        verb = {"review": "Review", "in_progress": "Finish"}.get(first.reason, "Learn")
        then = f", then {_join_titles([r.topic.title for r in recs[1:]])}" if len(recs) > 1 else ""
        whose = f" (profile '{profile}')" if not finished else ""
        lead = (f"{verb} {first.topic.title} next ({first.level.display} of the {path.title}, "
                f"{first.duration or 'no duration given'}){then}{whose}. {cites(first.topic)}")
        remaining = [(lv, [t for t in lv.topics if t.key not in done_keys]) for lv in path.levels]
        remaining = [(lv, ts) for lv, ts in remaining if ts]
        if finished and _LEFT_Q.search(question) and len(remaining) > 1:
            # "what's still left on the integration route?": every level with topics still open, then where to start
            parts = [f"{lv.display} ({lv.duration}): {_join_titles([t.title for t in ts])} {cites(lv)}" for lv, ts in remaining]
            lead = f"Still left on the {path.title}: {'; '.join(parts)}. Start with {first.topic.title}."
        lines.insert(0, lead.rstrip())
    else:
        lines.append(f"Every topic of the {path.title} is marked done for '{profile}'. Well done!")
        ms = roadmap.milestones_for(path)
        if ms and ms.stages:
            last = ms.stages[-1]
            lines.append(f"Check the {last.title}: {', '.join(i.title for i in last.items)}. {cites(last)}")
    if note:
        lines.append(note)
    return _answer(question, "\n".join(lines), cites, started, "what_next")


# "ok I've knocked out the foundational requirements (python, git, sql, the math bits). what now?"
_PREREQS_DONE = re.compile(
    rf"(?:{_DONE_VERBS}|{_DID}|(?:i'?m|im|i\s+am)\s+(?:all\s+)?done\s+with|once\s+(?:i'?m|im|i\s+am)\s+done\s+with)"
    r"\s+(?:all\s+)?(?:the\s+|my\s+)?(?:common\s+)?(?:foundational\s+requirements|foundations|prereq(?:uisite)?s)\b", re.I)
_LEFT_Q = re.compile(r"\bwhat(?:'s|s|\s+is)\s+(?:still\s+)?left\b|\bwhat\s+remains\b|\bwhat\s+(?:else\s+)?(?:is\s+)?left\b", re.I)
_FINISHED = re.compile(  # "just wrapped up apis, cloud and pretrained models on the integration track"
    rf"\b(?:{_DONE_VERBS}|{_DID}|(?:i'?ve|i\s+have|i)\s+(?:already\s+)?(?:done|did|covered|learned|learnt))"
    r"\s+(?P<what>[^.;?!]{3,100})",
    re.I,
)
# "so level 1 of the ML path is basically finished": the thing said, then that it is done
_FINISHED_AFTER = re.compile(
    r"\b(?P<what>level\s+\d[^.;?!,]{0,40}?)\s+(?:is|are)\s+(?:basically\s+|pretty\s+much\s+|now\s+|all\s+|mostly\s+)?"
    r"(?:finished|done|complete[d]?|covered|wrapped\s+up)\b", re.I)
_DIGITS = re.compile(r"\d+")
_LEVELS_LISTED = re.compile(r"\blevels?\s+\d+(?:\s*(?:,|and|&|-|–|to|through)\s*(?:level\s+)?\d+)+", re.I)
_LIST_SEP = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*", re.I)


def said_finished(roadmap: Roadmap, path: LearningPath, question: str) -> list[Topic]:
    """The topics the question says are finished: a level ("finished level 1") with the levels before it, or a
    topic by its title ("done with API Development")."""
    out: list[Topic] = []
    for m in [*_FINISHED.finditer(question), *_FINISHED_AFTER.finditer(question)]:
        # "levels 1 and 2 of the integration track": the last of them (the levels before it count as done too)
        what = _LEVELS_LISTED.sub(lambda n: "level " + str(max(int(x) for x in _DIGITS.findall(n.group(0)))), m.group("what"))
        pieces = [what] if find_target(roadmap, what, path) is not None and "," not in what else []
        # "apis, cloud and pretrained models on the integration track": each item of a list, the path named after it
        pieces = pieces or [p for p in _LIST_SEP.split(what) if p.strip()]
        for piece in pieces:
            target = find_target(roadmap, expand_query(piece), path)  # ("HF transformers": Hugging Face)
            if target is None or target.path is not path:
                continue
            if target.kind == "level" and target.level is not None:
                out += [t for lv in path.levels if lv.number <= target.level.number for t in lv.topics]
            elif target.kind == "topic" and target.topic is not None:
                out.append(target.topic)
    return list(dict.fromkeys(out))


def _join_titles(titles: list[str]) -> str:
    return titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]


def progress_answer(roadmap: Roadmap, store: ProfileStore, profile: str, question: str) -> Answer:
    started = time.perf_counter()
    store.ensure(profile)
    progress = store.load(profile)
    path, note = choose_path(roadmap, progress)
    comp = completion(roadmap, progress, path)
    cites = _Cites(roadmap)
    lines = [f"Profile '{profile}' has completed {comp.done} of {comp.total} topics ({comp.percent:.0f}%) of the {path.title}."]
    for lc in comp.levels:
        extra = f", {lc.in_progress} in progress" if lc.in_progress else ""
        line = f"- {lc.level.display} ({lc.level.duration}): {lc.done}/{lc.total} done ({lc.percent:.0f}%){extra}."
        lines.append(line + " " + cites(lc.level, line))
    scores = progress.latest_scores()
    weak = [roadmap.topic_by_key(k) for k, s in scores.items() if s < 0.6]
    weak_titles = [t.title for t in weak if t is not None]
    if weak_titles:
        lines.append(f"Quiz topics to review: {', '.join(weak_titles)}.")
    if progress.milestones:
        lines.append(f"Milestones reached: {len(progress.milestones)}.")
    if note:
        lines.append(note)
    return _answer(question, "\n".join(lines), cites, started, "progress")


_QUESTION_SENTENCE = re.compile(r"[^.!?\n]*\?")
_NOT_ABOUT_THEM = {"better", "best", "good", "right", "ideal", "path", "track", "route", "fit", "suit", "choose",
                   "pick", "given", "option", "choice", "recommend", "one", "two", "both", "either", "hi", "hello",
                   "thank", "thanks", "ok", "okay", "so", "which", "honest", "honestly", "point", "steer", "toward",
                   "towards", "send", "someon", "direct", "direction", "lean", "go", "head", "down", "way", "mine", "meant"}


def _about_them(statement: Statement) -> bool:
    return bool(content_terms(statement.text, drop_filler=True) - _NOT_ABOUT_THEM)


def description_statements(roadmap: Roadmap | None, question: str) -> list[Statement]:
    """What a path question says about the person: the question minus its "which path fits me" /
    "is X or Y better for me" part ("Which path should I pick as a data analyst?" → "as a data analyst")."""
    text = _FITS_THAT_Q.sub(" ; ", _PATH_Q.sub(" ; ", question))  # (nor "… which path teaches that")
    if roadmap is None or _either_paths(roadmap, text) or _either_paths(roadmap, question):
        text = _EITHER.sub(" ; ", text)
    return [s for s in split_statements(text) if _about_them(s) and not _bare_either(roadmap, s.text)]


def _bare_either(roadmap: Roadmap | None, text: str) -> bool:
    """"integration or ml eng?": a closing choice between two paths, nothing about the person."""
    sides = re.split(r"\s+(?:or|vs\.?|versus)\s+", text, maxsplit=1, flags=re.I)
    if roadmap is None or len(sides) != 2 or len(text.split()) > 8:
        return False
    px, py = mentioned_paths(roadmap, sides[0]), mentioned_paths(roadmap, sides[1])
    return bool(px and py and px[0] != py[0])


def self_description(roadmap: Roadmap, question: str, history: Sequence[Turn] = (), turns: int = 6) -> list[Statement]:
    """The question's description plus the statements (not the questions) of the person's earlier turns."""
    said = description_statements(roadmap, question)
    users = [t["content"] for t in history if t.get("role") == "user"][-turns:]
    for text in reversed(users):
        said.extend(description_statements(roadmap, _QUESTION_SENTENCE.sub(" ; ", text)))
    return said


def path_fit_answer(roadmap: Roadmap, question: str, history: Sequence[Turn], embedder: EmbedderSource) -> Answer:
    started = time.perf_counter()
    mine = description_statements(roadmap, question)
    reply = decisions.path_fit_reply(roadmap, mine, embedder) if mine else None
    if reply is None or history:
        everything = self_description(roadmap, question, history)
        if len(everything) > len(mine):
            reply = decisions.path_fit_reply(roadmap, everything, embedder, from_history=True) or reply
    if reply is None:
        reply = decisions.ask_for_description(roadmap)
    return decisions.to_answer(roadmap, question, reply, started, "answered by the career engine (path fit by meaning)")


def how_long_answer(roadmap: Roadmap, store: ProfileStore, profile: str, question: str) -> Answer | None:
    started = time.perf_counter()
    store.ensure(profile)
    progress = store.load(profile)
    path, note = choose_path(roadmap, progress)
    about = _after(_HOW_LONG.search(question), question)
    target = find_target(roadmap, about, path)
    if target is not None and target.kind == "role" and not _BECOME.search(question):
        target = None  # "how many weeks before an interview …" names the role's interviews, not becoming it
    asked = _HOW_LONG.search(question)
    if target is not None and target.kind == "topic" and asked is not None and _A_RESOURCE.search(question[: asked.end()]):
        return None  # "how long does the spaCy course take?": one course, which the roadmap does not time
    if (one := _ONE_RESOURCE_TIMED.search(question)) and _A_RESOURCE.search(one.group("x")):
        return None  # "how long does the Deep Learning Specialization take … alongside ML Level 1?": that course
    if target is None:
        # ("how long does the ml path take?", "how long is the integration track?": the path as a whole)
        if not (_WHOLE_PATH.search(question) or _PATH_HOW_LONG.search(question)) or _A_RESOURCE.search(question):
            # "how long is the fast.ai course start to finish?": one course, which the roadmap does not time
            # "how many weeks before an interview …": not a level, path or role of the roadmap; the
            # retrieval chain and its answerability check decide (the roadmap gives no such duration)
            return None
        # "… ready as an ML engineer", "… finish the ml path start to finish": that path, not the profile's
        named = mentioned_paths(roadmap, about) or mentioned_paths(roadmap, question)
        target = Target("path", named[0] if named else path)
    reach = target.kind == "level" and not _FINISH.search(about)
    reply = decisions.how_long_reply(roadmap, progress, target, reach)
    if reply is None:
        return None
    return decisions.to_answer(roadmap, question, reply, started, _note("how_long", profile, note))


def before_answer(roadmap: Roadmap, store: ProfileStore, profile: str, question: str) -> Answer | None:
    started = time.perf_counter()
    store.ensure(profile)
    progress = store.load(profile)
    path, note = choose_path(roadmap, progress)
    target = find_target(roadmap, _after(_BEFORE.search(question), question), path)
    if target is None or target.kind == "path":
        return None  # "before starting either path / the ML path": the prerequisites passage answers it
    reply = decisions.before_reply(roadmap, progress, target)
    if reply is None:
        return None
    return decisions.to_answer(roadmap, question, reply, started, _note("before", profile, note))


# "… Am I good to start level 1?", "can I start level 2 now?": readiness, also in the person's own words
_GOOD_TO = re.compile(r"\bam\s+i\s+(?:good|ok(?:ay)?|set|fine)\s+to\s+(?:start|begin|go|move\s+on|jump|dive)\b", re.I)


_WHATS_IN = re.compile(r"\bwhat(?:'s|s|\s+is|\s+does)\s+(?:in\s+(?:it|there|that|level)|(?:it|that)\s+(?:cover|include|have))\b", re.I)


def said_ready_answer(roadmap: Roadmap, target: Target, question: str, started: float) -> Answer | None:
    """Readiness from what the question says the person has (and has not): the common prerequisites and the
    subtopics of the levels before the target, by shared words; None when it says too little."""
    if target.level is None:
        return None
    needed: list[tuple[Span, Sequence[Item]]] = [(g, g.items) for g in roadmap.prerequisites]
    needed += [(t, t.subtopics) for lv in target.path.levels if lv.number < target.level.number for t in lv.topics]
    done, still = said_about([i for _, group in needed for i in group], question, strict=False)
    # a whole group named ("the part ive never touched is anything mathy": Mathematics & Statistics)
    said = [(clause, _milestone_terms(expand_query(clause))) for clause in said_clauses(question)]
    for group, group_items in needed:
        telling = set(_milestone_terms_ordered(group.title)) - _GENERIC_ITEM_WORDS
        for clause, terms in said:
            if telling & terms and not (set(group_items) & (done | still)):
                (still if _NOT_DONE.search(clause) else done).update(group_items)
    # (work in a level said done, by the strict match: what the roadmap puts before it counts as done too, as in
    # "what next"; not when the person says that is all they have done)
    clearly, _ = said_about([i for _, group in needed for i in group], question)
    implied: set[Item] = set()
    groups_done = [n for n, (_group, group_items) in enumerate(needed) if set(group_items) & clearly & done]
    if groups_done and groups_done[-1] >= len(roadmap.prerequisites) and not _ONLY_DONE.search(question):
        for _group, group_items in needed[: groups_done[-1]]:
            implied.update(i for i in group_items if i not in still and i not in done)
        done |= implied
    if len(done) + len(still) < 2:
        return None
    which = _which_level(question)
    reply = decisions.said_ready_reply(roadmap, target, needed, done, still, bool(_WHATS_IN.search(question) or which), implied,
                                       which)
    if reply is None:
        return None
    return decisions.to_answer(roadmap, question, reply, started, "answered from what you said you have (ready)")


_WHICH_LEVEL = re.compile(
    # ("what level of the ML path am I ready for?", "which AI Integration level should I be working on now?")
    r"\b(?:which|what)\s+(?:[\w-]+\s+){0,2}?(?:level|stage|lvl)\s+(?:(?:of|on|in)\s+the\s+[\w\s-]{1,25}?\s+)?"
    r"(?:(?:am\s+i|should\s+i\s+be|would\s+i\s+be)\s+(?:now\s+)?(?:ready|good|set)\s+for"
    r"|should\s+i\s+be\s+(?:(?:working|focusing|focussing)\s+)?(?:on|at|in)(?=\s+now\b|\s+next\b|\s*[?.!]|\s*$)"
    # "which level do i jump into now" (after what was done)
    r"|(?:do|should|can)\s+i\s+(?:jump|move|go|head|dive|get)\s+(?:on\s+)?(?:into|to)(?=\s+now\b|\s+next\b|\s*[?.!]|\s*$)"
    r"|(?:am\s+i|should\s+i\s+be)\s+(?:going|moving|heading|jumping)\s+(?:on\s+)?(?:into|to)(?=\s+now\b|\s+next\b|\s*[?.!]|\s*$))",
    re.I,
)
# "ive done fastapi, aws basics … what level should i start at on the integration track?" (only after what was done)
_START_LEVEL = re.compile(r"\b(?:which|what)\s+(?:level|stage|lvl)\s+(?:of\s+the\s+[\w\s-]{1,25}?\s+)?(?:should|do|can|would)\s+i\s+"
                          r"(?:(?:start|begin|pick\s+up)\s+(?:at|on|from|with|in)|be\s+(?:on|in|at|doing))\b", re.I)


def _which_level(question: str) -> bool:
    return bool(_WHICH_LEVEL.search(question) or (_START_LEVEL.search(question) and _SAID_DID.search(question)))


def _level_after_said(path: LearningPath, question: str) -> Level | None:
    """The level after the last one holding work said done (by the strict match), if there is one."""
    subtopics = [s for lv in path.levels for t in lv.topics for s in t.subtopics]
    clearly, _ = said_about(subtopics, question)
    reached = [lv.number for lv in path.levels if any(s in clearly for t in lv.topics for s in t.subtopics)]
    return next((lv for lv in path.levels if reached and lv.number > max(reached)), None)


def ready_answer(roadmap: Roadmap, store: ProfileStore, profile: str, question: str) -> Answer | None:
    started = time.perf_counter()
    store.ensure(profile)
    progress = store.load(profile)
    path, note, _ = _path_for(roadmap, progress, question)
    if _which_level(question) and (after := _level_after_said(path, question)) is not None:
        # "ive finished neural nets, backprop … which level am i ready for now?": the level after the work said done
        said = said_ready_answer(roadmap, Target("level", path, level=after), question, started)
        if said is not None:
            return said
    # ("am I ready for ML engineer interviews if all I know well is …": the target, not the condition after it)
    wanted = re.split(r"\s+(?:if|since|given|because|when)\b", _after(_READY.search(question) or _GOOD_TO.search(question), question),
                      maxsplit=1)[0]
    target = find_target(roadmap, _NEGATED_MENTION.sub(" ", wanted), path)  # (not "never touched ml": a path not meant)
    if target is None and _START_LEVEL.search(question):  # "… which level should i start at": nothing said done on it
        target = Target("level", path, level=path.levels[0])
    if target is None:  # "am I ready?": for the level after the first one not yet finished
        comp = completion(roadmap, progress, path)
        current = next((lc.level for lc in comp.levels if lc.done < lc.total), path.levels[-1])
        after = next((lv for lv in path.levels if lv.number > current.number), current)
        target = Target("level", path, level=after)
    if target.kind == "level" and (said := said_ready_answer(roadmap, target, question, started)) is not None:
        return said
    reply = decisions.ready_reply(roadmap, progress, target)
    if reply is None:
        return None
    if _START_LEVEL.search(question) and reply.lead.startswith("Yes, you are ready for "):
        # "which level should i start at": where to start, not whether they may
        reply = replace(reply, lead="Start at " + reply.lead[len("Yes, you are ready for "):])
    return decisions.to_answer(roadmap, question, reply, started, _note("ready", profile, note))


# "I've trained a CNN and an RNN and built a training pipeline. Where does that leave me milestone-wise?",
# "havent done vector search yet. am i done w/ the beginner milestones?": what the person says they have done,
# held against one path's milestones
_MILESTONE_WORD = re.compile(r"\bmilestones?\b|\bmilestone-?wise\b", re.I)
# "am i ready for the ML intermediate milestones?": the stages before that one, done or not
_READY_FOR_STAGE = re.compile(
    r"\b(?:am\s+i|are\s+we)\s+(?:ready|good|set|prepared)\s+(?:for|to\s+(?:start|tackle|move\s+on\s+to|go\s+for))\s+(?:the\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?P<stage>beginner|intermediate|advanced)\s+(?:milestones?|ones|set|tier)\b", re.I)
_WHERE_AM_I = re.compile(
    r"\bwhere\s+(?:does\s+(?:that|this|it)\s+(?:leave|put)\s+me|am\s+i|do\s+i\s+(?:stand|fit|sit))\b"
    r"|\b(?:am\s+i|have\s+i)\s+(?:done|finished|through|complete[d]?|hit|reached|met|cleared|passed|got)\b|\bwhich\s+(?:[\w-]+\s+){0,3}am\s+i\s+(?:at|in|on)\b"
    r"|\bwhat(?:'s|s|\s+is|\s+are)\s+(?:still\s+)?(?:left|next)\b|\bhow\s+far\s+along\b"
    r"|\b(?:what|which)\s+(?:milestones?|goals?|targets?)\s+(?:come|comes|are|is)\s+(?:still\s+)?(?:next|after|left)\b"
    r"|\bwhat\s+comes\s+(?:right\s+)?(?:next|after)\b"  # "done with all the beginner milestones. what comes next for me?"
    r"|\bwhich\s+(?:milestone\s+)?(?:tier|stage|level|set)\s+should\s+i\s+(?:be\s+)?(?:aim|aiming|go|going|target|targeting|shoot|shooting)\b"
    r"|\b(?:what|which)\s+(?:milestone\s+)?(?:tier|stage|level|set)\s+(?:is\s+that|does\s+that\s+put\s+me|am\s+i)\b"
    r"|\bwhat(?:'s|s|\s+is)\s+the\s+next\s+(?:bar|tier|stage|set)\b"
    r"|\bwhich\s+(?:\w+\s+)?milestones?\s+(?:am\s+i|should\s+i|do\s+i)\b"
    r"|\bwhat\s+milestones?\s+should\s+i\s+(?:go\s+(?:after|for)|aim\s+for|target|tackle)\b"  # (after what was done)
    r"|\bwhat\s+(?:\w+\s+)?(?:am\s+i|should\s+i\s+be|do\s+i)\s+aim(?:ing)?\s+(?:for|at)\b"  # "what am i aiming for next?"
    r"|\b(?:which|what)\s+(?:one|ones|milestones?)\s+(?:am\s+i|do\s+i)\s+(?:still\s+)?(?:missing|lacking)\b"
    r"|" + _READY_FOR_STAGE.pattern,
    re.I,
)
_NOT_DONE = re.compile(
    r"\b(?:not|never|no|haven'?t|hasn'?t|didn'?t|don'?t|yet\s+to|still\s+(?:need|have|got)\s+to|working\s+on"
    r"|struggling\s+with|zero|(?:very\s+)?little)\b|n't\b", re.I)  # ("basically zero math")
_CLAIM = re.compile(
    r"(?:^|[.!?;]\s+)(?:did|done|finished|built|trained|implemented|shipped|deployed|hit|cleared|completed|ticked\s+off)\b|"  # "did basic models, trained a cnn …"
    rf"\b(?:{_DONE_VERBS}|(?:i'?ve|i\s+have|i)\s+(?:already\s+)?(?:\w+ed|done|built|put|made|written|run|got|shipped|hit)|i\s+can"
    r"|i\s+already\s+have|,\s+already\s+(?:built|deployed|trained|implemented|shipped|did|done|made|got)"  # "…, already built a basic api"
    r"|havent|haven'?t|not\s+yet|(?:is|are)\s+(?:all\s+)?(?:done|finished|complete[d]?))\b", re.I)


def _milestone_terms(text: str) -> set[str]:
    return content_terms(text.replace("-", ""), drop_filler=True)


def _milestone_terms_ordered(text: str) -> list[str]:
    """``_milestone_terms`` in the order the words come ("Docker basics" → docker, basic)."""
    words = [content_terms(w, drop_filler=True) for w in re.findall(r"[A-Za-z0-9+#]+", text.replace("-", ""))]
    return list(dict.fromkeys(next(iter(w)) for w in words if w))


_SAID_CLAUSES = re.compile(r"(?<=[.!?;:])\s+|\s*,\s*(?:and\s+|but\s+)?|\s+(?:and|but)\s+(?=(?:i|i'?ve|havent|haven'?t|not|never)\b)"
                           r"|\s+but\s+(?=(?:basically\s+|almost\s+|pretty\s+much\s+)?(?:zero|no|little)\b)", re.I)  # "… but basically zero math"
# words that do not tell one item from another ("Docker *basics*", "IDE *proficiency*", "API *concepts*")
_GENERIC_ITEM_WORDS = frozenset(content_terms("basic basics concepts proficiency advanced understanding version control theory analysis"))


def said_clauses(question: str) -> list[str]:
    """The statements of ``question`` (its question sentences left out, but for a condition that says what was
    done: "am i ready for lvl 3 if all i've done is fastapi and a few openai api calls?"), clause by clause."""
    def keep_condition(m: re.Match[str]) -> str:
        cond = _DONE_CONDITION.search(m.group(0)) or _SAID_THEN_ASKED.search(m.group(0))
        return f" ; {cond.group(1)} ; " if cond and _SAID_DID.search(cond.group(1)) else " ; "

    return [c for c in _SAID_CLAUSES.split(_QUESTION_SENTENCE.sub(keep_condition, question)) if c.strip()]


_ONLY_DONE = re.compile(r"\b(?:all|only\s+thing)\s+i(?:'?ve|\s+have)?\s+(?:done|did|learned|learnt|built)\b|\bi(?:'?ve|\s+have)?\s+only\s+(?:done|did|learned|learnt|built)\b", re.I)
# "i finished the beginner milestones on the integration side, whats next?": said, then asked, in one sentence
_SAID_THEN_ASKED = re.compile(r"^\s*(.{8,}?)\s*[,;:–—-]\s+(?:so\s+|and\s+|now\s+)?(?:what|which|where|how|am\s+i|is|are|can|should|do)\b", re.I)
_DONE_CONDITION = re.compile(r"\b(?:if|since|given(?:\s+that)?|now\s+that|considering)\s+([^?]+)", re.I)


def said_about(items: Sequence[Item], question: str, strict: bool = True,
               place: frozenset[str] = frozenset()) -> tuple[set[Item], set[Item]]:
    """(done, not yet) among ``items``, from the statements of ``question`` by shared words ("i've deployed a cloud
    function" → Deploy cloud function; "I've never used docker" → Docker basics not yet). ``strict``: two shared
    words (or all of a shorter item) and half the item's words; else the item's first telling word or half.
    ``place``: words naming where the items are (the path's name), which tell no item apart ("at my job (ml side)
    i've deployed a production model" did not implement basic ML models)."""
    said = [(clause, _milestone_terms(expand_query(clause)) - place) for clause in said_clauses(question)]
    done: set[Item] = set()
    still: set[Item] = set()
    # (a word many items share tells none of them apart: "a few openai api calls" is not "API gateway patterns")
    spread = Counter(t for item in items for t in _milestone_terms(item.title))
    for item in items:
        want = _milestone_terms(item.title) - place
        telling = [t for t in _milestone_terms_ordered(item.title) if t not in _GENERIC_ITEM_WORDS and (strict or spread[t] <= 2)]
        for clause, terms in said:
            shared = want & terms
            if strict:
                hit = len(shared) >= min(2, len(want)) and 2 * len(shared) >= len(want)
            else:
                hit = bool(telling) and (telling[0] in shared or 2 * len(shared & set(telling)) >= len(telling))
            if hit:
                (still if _NOT_DONE.search(clause) else done).add(item)
    return done - still, still


def milestone_marks(roadmap: Roadmap, path: LearningPath, question: str) -> decisions.MilestoneMarks | None:
    """The path's milestones the question's statements say are done or not yet; None when the path has none or
    nothing matched."""
    ms = roadmap.milestones_for(path)
    if ms is None:
        return None
    # (the path's name and its abbreviation, "ml": where the milestones are, not which one)
    place = frozenset(_milestone_terms(path.title) | {a.lower() for a, meaning in ABBREVIATIONS.items()
                                                       if len(meaning.split()) > 1 and content_terms(meaning) <= content_terms(path.title)})
    done, still = said_about([i for stage in ms.stages for i in stage.items], question, place=place)
    # a set named whole ("done all the beginner + intermediate milestones"): every milestone in it
    for clause in said_clauses(question):
        for stage in ms.stages:
            word = stage.title.split()[0]
            if re.search(rf"\b{re.escape(word)}\b", clause, re.I) and not _NOT_DONE.search(clause) and _CLAIM.search(clause):
                done |= {i for i in stage.items if i not in still}
    if not done and not still:
        return None
    return decisions.MilestoneMarks(ms, frozenset(done), frozenset(still))


# "what are the beginner milestones for the integration track?" … "nice, ive ticked off all 3. what am i aiming for
# next?": "all 3" are the milestones the person asked about
_ALL_OF_THEM = re.compile(
    r"\b(?P<verb>ticked\s+off|done(?:\s+with)?|did|finished|completed|hit|cleared|knocked\s+out)\s+(?:all\s+(?:\d+|two|three|four|of\s+(?:them|those|these))"
    r"|them\s+all|all\s+(?:those|these)|(?:those|these|them)\b)", re.I)
_MILESTONES_ASKED = re.compile(r"\b(?:beginner|intermediate|advanced)\s+milestones?\b(?:\s+(?:for|on|of|in|if\s+(?:i'?m|im|i\s+am)\s+(?:doing|on|taking|following))\s+(?:the\s+)?[\w\s-]{0,40}?"
                               r"(?:path|track|route|side|engineering|engineer|integration|ml))?", re.I)


_STILL_MISSING = re.compile(r"\b(?:which|what)\s+(?:one|ones|(?:\w+\s+)?milestones?)\s+(?:am\s+i|do\s+i|is|are)\s+(?:still\s+)?"
                            r"(?:missing|lacking|left|open|(?:still\s+)?to\s+do|(?:have|need)\s+to\s+(?:hit|do|finish|complete))\b", re.I)


def with_earlier_milestones(question: str, history: Sequence[Turn]) -> str:
    """``question`` with "all 3" / "all of them" spelled out as the milestones the last user turn asked about; "which
    one am I still missing?" after a turn saying which milestones were done: that turn and the question."""
    m = _ALL_OF_THEM.search(question)
    users = [t["content"] for t in history if t.get("role") == "user"]
    if (m is None and users and _STILL_MISSING.search(question) and _CLAIM.search(users[-1])
            and any(_MILESTONE_WORD.search(t.get("content", "")) for t in history)):
        return f"{users[-1].rstrip()} (milestones) {question}"
    asked = _MILESTONES_ASKED.search(users[-1]) if m and users else None
    if m is None or asked is None or re.search(r"\b(?:beginner|intermediate|advanced)\b", question, re.I):
        return question
    return f"{question[: m.start()]}{m.group('verb')} all the {asked.group(0)}{question[m.end():]}"


def is_milestone_progress_question(question: str) -> bool:
    # (the "I" left out: "hit all the intermediate milestones on the ml side, what goals come next?")
    elided = re.match(r"\s*(?:did|done|finished|hit|cleared|completed|ticked\s+off)\s+(?:all|every|the|both)\b", question, re.I)
    return bool(_MILESTONE_WORD.search(question) and _WHERE_AM_I.search(question) and _CLAIM.search(question)
                and (_FIRST_PERSON.search(question) or elided))


def milestone_progress_answer(roadmap: Roadmap, store: ProfileStore, profile: str, question: str) -> Answer | None:
    started = time.perf_counter()
    named = mentioned_paths(roadmap, question)
    candidates = named[:1] or list(roadmap.paths)
    scored = [(m, p) for p in candidates if (m := milestone_marks(roadmap, p, question)) is not None]
    if not scored:
        return None
    marks, path = max(scored, key=lambda mp: len(mp[0].done) + len(mp[0].open))
    # (the stage the asking part names first: "Beginner … are done … Which intermediate milestones do I still have to hit?")
    still = _STILL_MISSING.search(question)
    asking = still.group(0) if still and re.search(r"\b(?:beginner|intermediate|advanced)\b", still.group(0), re.I) else question
    asked = next((st for st in marks.milestones.stages
                  if re.search(rf"\b{re.escape(st.title.split()[0])}\b", asking, re.I)), None)
    if asked is not None and not still and not re.search(r"\b(?:am|have)\s+i\s+(?:done|finished|through|complete[d]?|hit|reached|met|cleared"
                                           r"|passed|got)\b", question, re.I):
        asked = None  # "where does that leave me after the beginner ones?": where, not yes or no
    ready = _READY_FOR_STAGE.search(question)
    ready_for = next((st for st in marks.milestones.stages if ready and st.title.split()[0].lower() == ready.group("stage").lower()),
                     None)
    reply = decisions.milestones_reply(roadmap, path, marks, None if ready_for else asked,
                                       bool(re.search(r"\bnext\b|\baim", question, re.I)), ready_for,
                                       bool(still))
    return decisions.to_answer(roadmap, question, reply, started, "answered from what you said you have done (milestones)")


# "I have 9 months, how far into the integration path do I get?", "how far into the integration route do I get
# before vector DBs show up?": a time budget against the levels' month ranges
_HOW_FAR = re.compile(
    r"\bwhere\s+(?:would|will|does|could)\s+(?:that|it|this)\s+(?:leave|put|get)\s+me\b|"
    r"\bwhere\s+(?:(?:on|in|along)\s+the\s+[\w\s-]{0,30}?)?(?:would|will|could|do|might)\s+i\s+(?:end\s+up|land|be)\b|"
    r"\bhow\s+far\s+(?:through|into|along|in|up|down)\b|\bhow\s+much\s+of\s+(?:the\s+)?[\w\s-]{0,30}?(?:path|track|route|roadmap)"
    r"\s+(?:can|could|will|would)\s+i\b"
    # "i have 6 months, what can i realistically finish on the integration track?"
    r"|\bwhat\s+(?:can|could|will|would)\s+i\s+(?:realistically\s+|actually\s+)?(?:finish|get\s+through|cover|complete|do|learn)\b"
    # "which level of the AI integration path can I realistically get through?" (with a time said)
    r"|\b(?:which|what|how\s+many)\s+(?:levels?|stages?|parts?)\s+(?:\w+\s+){0,6}?(?:can|could|will|would)\s+i\s+"
    r"(?:realistically\s+|actually\s+)?(?:finish|get\s+through|cover|complete|reach|do)\b", re.I)
_SHOW_UP = re.compile(r"\bbefore\s+(?P<what>[^?]{2,60}?)\s+(?:shows?\s+up|comes?\s+up|appears?|starts?|kicks?\s+in|begins?)\b", re.I)
_YEARS = {"a": 1.0, "one": 1.0, "two": 2.0, "three": 3.0}  # ("half a year" is spelled out as 0-6 months)


def _budget_months(question: str) -> float | None:
    if m := re.search(r"\(0-(\d+) months\)", expand_query(question)):
        return float(m.group(1))
    if m := re.search(r"\b(\d+(?:\.\d+)?)\s*(?:months?|mos?)\b", question, re.I):
        return float(m.group(1))
    if m := re.search(r"(?:\b|~)(a|one|two|three|\d+(?:\.\d+)?)\s*(?:years?|yrs?)\b", question, re.I):  # "~2 yrs"
        return 12 * _YEARS.get(m.group(1).lower(), 0.0) or 12 * float(m.group(1))
    return None


# "is ~2 yrs a realistic timeline to reach the expertise stage?", "is 1 year enough to get through level 2?",
# "can i finish the ml path in 2 years?": a time against the month range of a level or the path
_SPAN_SAID = r"(?:~\s*)?(?:\d+(?:\.\d+)?|a|one|two|three)\s*(?:years?|yrs?|months?|mos?)\b"
_TIME_FIT = re.compile(
    rf"\b(?:is|are|would|will)\s+(?:~|about\s+|around\s+|roughly\s+|like\s+)?{_SPAN_SAID}\s+(?:a\s+|an\s+)?(?:really\s+)?"
    r"(?:realistic|enough|sufficient|doable|feasible|reasonable|long\s+enough|plenty)\b"
    rf"|{_SPAN_SAID}\s+(?:is|be|should\s+be|would\s+be)\s+(?:enough|realistic|doable|plenty|sufficient)\b"
    rf"|^\W*(?:~|about\s+|around\s+|roughly\s+|is\s+)?{_SPAN_SAID}\s+(?:enough|realistic|sufficient|doable)\b"  # "two years enough to …?"
    # "i have like 10 months, can i get through the ml path in that time?" (the time said before)
    r"|\b(?:can|could|will|would)\s+i\s+(?:realistically\s+|actually\s+)?(?:finish|complete|get\s+through|reach|get\s+to|master)\b"
    r"[^?]{0,60}?\b(?:in|within)\s+(?:that|this|the)\s+(?:time|timeframe|window)\b"
    # "I've got about one year total. Is that enough to get through all three levels?" (the time said before)
    r"|\b(?:is|would|will)\s+(?:that|it|this)\s+(?:be\s+)?(?:enough|realistic|sufficient|doable|feasible)(?:\s+(?:time\s+)?(?:to|for)\b|\s*\?)"
    r"|\b(?:can|could|will|would)\s+i\s+(?:realistically\s+|actually\s+)?(?:finish|complete|get\s+through|reach|get\s+to|master"
    r"|be\s+(?:done|through|finished)\s+with|get\s+done\s+with)\b"
    rf"[^?]{{0,60}}?\b(?:in|within|inside)\s+(?:~|about\s+|around\s+|under\s+|less\s+than\s+)?{_SPAN_SAID}",
    re.I,
)
_TIME_FIT_NOT = re.compile(r"\b(?:hours?|hrs?|h)\s*(?:/|a|per|each)\s*(?:week|wk|day)\b|\bjob\b|\bhired\b|\brole\b", re.I)
_REACH = re.compile(r"\b(?:reach|reaching|get\s+to|getting\s+to|start|starting|make\s+it\s+to)\b", re.I)


def is_time_fit_question(question: str) -> bool:
    return bool(_TIME_FIT.search(question)) and not _TIME_FIT_NOT.search(question)


def time_fit_answer(roadmap: Roadmap, store: ProfileStore, profile: str, question: str) -> Answer | None:
    started = time.perf_counter()
    months = _budget_months(question)
    if months is None:
        return None
    path, note, _ = _asked_path(roadmap, store, profile, question)
    # ("the first two levels of the integration path": up to its Level 2)
    first_n = re.search(r"\bfirst\s+(two|2|three|3)\s+(?:levels|stages)\b", question, re.I)
    text = expand_query(question)
    if first_n:
        count = first_n.group(1).lower()
        text = f"level {int(_YEARS[count]) if count in _YEARS else count} {text}"
    target = find_target(roadmap, text, path)
    if target is None and _WHOLE_OF_A_PATH.search(question):
        target = Target("path", path)  # "is that enough to get through all three levels of one path?"
    if target is None or target.kind not in ("level", "topic", "path"):
        return None
    in_years = bool(re.search(r"\d\s*(?:years?|yrs?)\b|\b(?:a|one|two|three)\s+years?\b", question, re.I))
    reply = decisions.time_fit_reply(target, months, reach=bool(_REACH.search(question)), in_years=in_years)
    if reply is None:
        return None
    return decisions.to_answer(roadmap, question, reply, started, _note("budget", profile, note))


_WHOLE_OF_A_PATH = re.compile(r"\ball\s+(?:three|3|the|of\s+the)\s+levels\b|\b(?:whole|entire|full)\s+(?:path|track|route|roadmap)\b"
                              r"|\b(?:one|a|either|any)\s+(?:path|track|route)\b", re.I)


def is_budget_question(question: str) -> bool:
    return bool(_HOW_FAR.search(question) and (_SHOW_UP.search(question) or _budget_months(question) is not None))


def budget_answer(roadmap: Roadmap, store: ProfileStore, profile: str, question: str) -> Answer | None:
    started = time.perf_counter()
    path, note, _ = _asked_path(roadmap, store, profile, question)
    reply = None
    if show := _SHOW_UP.search(question):  # (not "before my new job starts": no part of the roadmap)
        target = find_target(roadmap, expand_query(show.group("what")), path)
        reply = decisions.arrival_reply(target) if target is not None and target.kind in ("topic", "level") else None
    if reply is None and (months := _budget_months(question)) is not None:
        reply = decisions.budget_reply(path, months)
    if reply is None:
        return None
    return decisions.to_answer(roadmap, question, reply, started, _note("budget", profile, note))


# "do i have to get through the spaCy course before i start on the FastAPI stuff?": which comes first
_ORDER_YES_NO = re.compile(
    r"\b(?:do|should|must|would)\s+i\s+(?:really\s+|still\s+|actually\s+)?(?:have\s+to\s+|need\s+to\s+|got\s+to\s+)?(?:get\s+through|finish|do|learn"
    r"|complete|take|study|master|cover)\s+(?P<x>[^?]{2,60}?)\s+(?:first\s+)?before\s+(?:i\s+(?:start|begin|get\s+to|move\s+on\s+to"
    r"|tackle|touch|do|learn|take|study)\s+(?:on\s+|with\s+|into\s+)?|starting\s+(?:on\s+)?|doing\s+|learning\s+)?(?P<y>[^?]{2,60})",
    re.I,
)


# "should i start w fastapi or jump into vector dbs first?": which of two comes first
_ORDER_EITHER = (
    re.compile(r"\b(?:should|do|would|must|can)\s+i\s+(?:start|begin)\s+(?:with|w/?|on)\s+(?P<x>[^?]{2,60}?)\s+or\s+(?:should\s+i\s+)?"
               r"(?:jump|dive|go|get)\s+(?:straight\s+|right\s+)?(?:into|to|for)\s+(?P<y>[^?]{2,60}?)(?:\s+first)?\s*(?:\?|$)", re.I),
    # "in the ml path what do i hit first, transformers or transfer learning?"
    re.compile(r"\b(?:what|which)\s+(?:one\s+)?(?:do|should|will|would)\s+i\s+(?:hit|learn|do|get\s+to|reach|see|study|tackle|cover)\s+first\s*[,:-]?\s+"
               r"(?P<x>[^?]{2,60}?)\s+or\s+(?P<y>[^?]{2,60}?)\s*(?:\?|$)", re.I),
    # "should i do api development or cloud platforms first?"
    re.compile(r"\b(?:should|do|would|can)\s+i\s+(?:do|learn|study|tackle|take)\s+(?:the\s+)?(?P<x>[^?]{2,60}?)\s+or\s+(?:the\s+)?"
               r"(?P<y>[^?]{2,60}?)\s+first\b", re.I),
    # "andrew ng's ml course or stanford cs231n, which do i do first?"
    re.compile(r"^\s*(?P<x>[^?,]{2,60}?)\s+or\s+(?P<y>[^?,]{2,60}?)\s*[,?:-]+\s*which\s+(?:one\s+)?(?:do|should|would)\s+i\s+"
               r"(?:do|take|start|learn|tackle|study)(?:\s+with)?\s+first\b", re.I),
    # "which comes first on the ml path, the deep learning basics or the model architecture stuff?"
    re.compile(r"\b(?:which|what)\s+(?:one\s+)?(?:comes?|goes|is)\s+first\b(?:\s+(?:on|in|for)\s+(?:the\s+)?[\w\s-]{1,30}?)?\s*[,:-]?\s+"
               r"(?:the\s+)?(?P<x>[^?,]{2,60}?),?\s+or\s+(?:the\s+)?(?P<y>[^?,]{2,60}?)(?:\s+(?:like|e\.?g\.?|such\s+as)\s+[^?]*)?\s*(?:\?|$)", re.I),
    # "on the integration track do i start with vector dbs or the api stuff?"
    re.compile(r"\b(?:should|do|would|can)\s+i\s+(?:start|begin)\s+(?:with|w/?|on)\s+(?:the\s+)?(?P<x>[^?]{2,60}?)\s+or\s+(?:with\s+)?"
               r"(?:the\s+)?(?P<y>[^?]{2,60}?)\s*(?:\?|$)", re.I),
)


def _order_match(question: str) -> re.Match[str] | None:
    """"do I have to get through X before Y?" (yes or no), else one of the either-or shapes."""
    return _ORDER_YES_NO.search(question) or next((m for p in _ORDER_EITHER if (m := p.search(question))), None)


_PREREQS = re.compile(r"\b(?:common\s+)?(?:prereq(?:uisite)?s|foundational\s+requirements)\b", re.I)


def order_answer(roadmap: Roadmap, store: ProfileStore, profile: str, question: str) -> Answer | None:
    m = _order_match(question)
    if m is None:
        return None
    started = time.perf_counter()
    path, note, _ = _asked_path(roadmap, store, profile, question)
    x, y = (re.sub(r"\b(?:the|stuff|material|part|bit|thing)\b", " ", g).strip() for g in (m.group("x"), m.group("y")))
    first, then = find_target(roadmap, expand_query(x), path), find_target(roadmap, expand_query(y), path)
    if _PREREQS.search(x) and then is not None and then.kind in ("topic", "level") and m.re is _ORDER_YES_NO:
        # "do I still do the common prerequisites before starting Level 1?"
        prereq = decisions.prereqs_first_reply(roadmap, then, " ".join(y.split()))
        return decisions.to_answer(roadmap, question, prereq, started, _note("order", profile, note)) if prereq else None
    if first is None or then is None or first.kind not in ("topic", "level") or then.kind not in ("topic", "level"):
        return None
    reply = decisions.order_reply(first, then, " ".join(x.split()), " ".join(y.split()), either=m.re is not _ORDER_YES_NO)
    if reply is None:
        return None
    return decisions.to_answer(roadmap, question, reply, started, _note("order", profile, note))


# "I did linear algebra + calc and the supervised/unsupervised stuff. anything else I'm missing before moving up
# from the ML foundation stage?": the level's subtopics the person has not said they did
_GAPS_Q = re.compile(
    r"\b(?:anything|what)\s+(?:else\s+)?(?:am\s+i|i'?m)\s+(?:still\s+)?missing\b|\bany\s+gaps\b"
    r"|\b(?:anything|what)\s+else\s+(?:do\s+i\s+need|should\s+i\s+(?:do|learn|cover)|i\s+(?:need|should|have)\s+to|to)\b"
    # "what's still left before I can call stage one done?": in a level the question names (else `what_next`)
    r"|\bwhat(?:'s|s|\s+is|\s+else\s+is)\s+(?:still\s+)?left\s+(?:before|in|of|for|to\s+(?:finish|complete|do))\b"
    r"|\bwhat(?:'s|s|\s+is)\s+the\s+(?:last|final|remaining)\s+(?:chunk|bit|part|piece|block|topic|thing)\b"
    # "which other topics are left in that level?"
    r"|\b(?:which|what)\s+(?:other\s+)?(?:topics?|things|parts|bits)\s+(?:are\s+)?(?:still\s+)?left\s+(?:in|of|for)\b"
    # "is there anything else from level 2 b4 i move to level 3?"
    r"|\b(?:is\s+there\s+)?anything\s+else\s+(?:(?:left\s+)?(?:from|in|of)|on)\s+(?=(?:the\s+)?(?:level|stage|tier|phase|first|second|third|1st|2nd|3rd|foundation|advanced|integration)\b)",
    re.I,
)
_RESOURCE_KIND_TERMS = frozenset(content_terms("documentation docs tutorials tutorial course courses book books guides guide "
                                                 "videos video papers paper research practical advanced ml deep learning "
                                                 "optimization performance monitoring scaling cloud api security mlops"))
_SAID_DID = re.compile(rf"\b(?:{_DONE_VERBS}|{_DID}|i\s+(?:already\s+)?(?:did|know|learned|learnt|covered|studied)"
                       r"|i\s+can\s+(?:already\s+)?(?:do|handle|build|train|write))\b"  # "i can do cnns rnns … now"
                       r"|(?:^|[.!?;,]\s*)(?:did|done|finished|covered|hit|cleared|completed|ticked\s+off)\s+(?:all\s+|the\s+)", re.I)  # ", did all the mlflow stuff"


def is_gaps_question(question: str) -> bool:
    return bool(_GAPS_Q.search(question) and _SAID_DID.search(question))


def gaps_answer(roadmap: Roadmap, store: ProfileStore, profile: str, question: str) -> Answer | None:
    started = time.perf_counter()
    path, note, named = _asked_path(roadmap, store, profile, question)
    gaps = _GAPS_Q.search(question)
    if gaps is None:
        return None
    said = _milestone_terms(expand_query(question[: gaps.start()]))  # what they did, before "anything else I'm missing"

    def done_on(p: LearningPath) -> frozenset[Item]:
        # a subtopic is done when its telling words were said; a topic whole when one of its resources was named
        # by its own first word ("did all the mlflow and dvc stuff": MLOps Fundamentals)
        # (not a word the topic's subtopics have: "I covered FAISS and Pinecone" leaves Weaviate open)
        by_resource = {sub for lv in p.levels for t in lv.topics
                       if any((first := _milestone_terms_ordered(r.title)[:1]) and first[0] in said
                              and first[0] not in _RESOURCE_KIND_TERMS
                              and not any(first[0] in _milestone_terms(s.title) for s in t.subtopics) for r in t.resources)
                       for sub in t.subtopics}
        return frozenset(by_resource | {sub for lv in p.levels for t in lv.topics for sub in t.subtopics
                                        if (terms := set(_milestone_terms_ordered(sub.title)) - _GENERIC_ITEM_WORDS) and terms <= said})

    if not named:  # ("on the model-building path": the path holding most of what was said)
        path = max(roadmap.paths, key=lambda p: len(done_on(p)))
    done = done_on(path)
    # "before moving up from the foundation stage", "before I can call stage one done"
    asked = find_target(roadmap, expand_query(question), path)
    level = asked.level if asked is not None and asked.kind == "level" else None
    if level is None and re.search(r"\bleft\b", gaps.group(0)):
        return None  # "what's left …" naming no level: the path's open levels (`what_next`)
    if level is None:  # the level holding most of what was said
        counts = [(sum(1 for t in lv.topics for sub in t.subtopics if sub in done), lv) for lv in path.levels]
        best = max(counts, key=lambda c: c[0])
        level = best[1] if best[0] else None
    if level is None or not done:
        return None
    yes_no = bool(re.match(r"(?:is|are)\s+there\b|anything\b|any\s+gaps\b", gaps.group(0), re.I))
    reply = decisions.gaps_reply(path, level, done, yes_no)
    if reply is None:
        return None
    return decisions.to_answer(roadmap, question, reply, started, _note("gaps", profile, note))


def _asked_path(roadmap: Roadmap, store: ProfileStore, profile: str,
                question: str) -> tuple[LearningPath, str, list[LearningPath]]:
    """(the path a decision is about, the note on how it was chosen, the paths the question names): the first path
    the question names, else the profile's (``choose_path``)."""
    store.ensure(profile)
    return _path_for(roadmap, store.load(profile), question)


def _path_for(roadmap: Roadmap, progress: Progress, question: str) -> tuple[LearningPath, str, list[LearningPath]]:
    """``_asked_path`` for a profile already loaded."""
    path, note = choose_path(roadmap, progress)
    named = mentioned_paths(roadmap, question)
    if len(named) >= 2 and (meant := mentioned_paths(roadmap, _NEGATED_MENTION.sub(" ", question))):
        # "never touched ml at all. if i go the integration route which level …": not the path said not done
        named = meant + [p for p in named if p not in meant]
    return (named[0], "", named) if named else (*_said_path(roadmap, question, path, note), named)


_NEGATED_MENTION = re.compile(r"\b(?:never|zero|no|not|haven'?t|havent|don'?t|dont|didn'?t|didnt)\b[^.,;!?]{0,40}", re.I)


def _said_path(roadmap: Roadmap, question: str, path: LearningPath, note: str) -> tuple[LearningPath, str]:
    """With no path chosen in the profile, the path of a topic the person says they have done ("I've done
    CNNs/RNNs and MLflow. am I ready for level 3?": the ML path); else (path, note) unchanged."""
    said = " ".join(m.group(0) for m in _FINISHED.finditer(question))
    if not note or not said:
        return path, note
    topic = find_topic(roadmap, said, prefer=path)
    if topic is None or roadmap.path_of(topic) is path:
        return path, note
    other = roadmap.path_of(topic)
    return other, f"No path chosen; using '{other.title}', the path of what you said you have done."


def _note(intent: str, profile: str, path_note: str) -> str:
    note = f"answered from your learner profile '{profile}' ({intent})"
    return f"{note}; {path_note}" if path_note else note


def make_intent_handlers(
    settings: Settings, profile_name: str, embedder: EmbedderSource | None = None
) -> list[Handler]:
    """Handlers ``(question, history) -> Answer | None`` for the chain; None means "not mine".

    ``embedder`` (an embedder or a zero-argument factory, called on the first path question) scores
    "which path fits me" by meaning; without it that question goes to retrieval.
    """
    store_holder: dict[str, ProfileStore] = {}

    def store() -> ProfileStore:
        if "s" not in store_holder:
            store_holder["s"] = open_profiles(settings)
        return store_holder["s"]

    def next_handler(question: str, history: Sequence[Turn] = ()) -> Answer | None:
        if not is_next_question(question) or (embedder is not None and is_path_question(question)):
            return None  # (a self-description with likes and wants asks which path, even as "where should i go")
        return next_answer(load_roadmap(settings), store(), profile_name, question)

    def progress_handler(question: str, history: Sequence[Turn] = ()) -> Answer | None:
        if not is_progress_question(question):
            return None
        return progress_answer(load_roadmap(settings), store(), profile_name, question)

    def path_handler(question: str, history: Sequence[Turn] = ()) -> Answer | None:
        if embedder is not None and (picked := picked_option(question, history)):
            # "the first one for sure. i've been writing my own noise reduction net …" after "… designing and training
            # models yourself, or building applications that connect existing AI services? Which sounds more like you?"
            return path_fit_answer(load_roadmap(settings), f"{picked}. {question} Which path fits me?", history, embedder)
        if embedder is None or not (_PATH_Q.search(question) or _EITHER.search(question) or _BARE_PATH_Q.search(question)
                                    or _ONWARD_Q.search(question) or _asks_for_a_path(question, None) or _FITS_THAT_Q.search(question)
                                    or re.search(r"\b(?:or|vs)\b", question)):  # ("ml or integration?": with the roadmap below)
            return None
        roadmap = load_roadmap(settings)
        if not is_path_question(question, roadmap):
            return None
        return path_fit_answer(roadmap, question, history, embedder)

    def path_overview_handler(question: str, history: Sequence[Turn] = ()) -> Answer | None:
        roadmap = load_roadmap(settings)
        if not is_path_overview_question(question, roadmap):
            return None
        return path_overview_answer(roadmap, question)

    def path_lengths_handler(question: str, history: Sequence[Turn] = ()) -> Answer | None:
        if not is_path_lengths_question(question):
            return None
        return path_lengths_answer(load_roadmap(settings), question)

    def how_long_handler(question: str, history: Sequence[Turn] = ()) -> Answer | None:
        if not is_how_long_question(question):
            return None
        return how_long_answer(load_roadmap(settings), store(), profile_name, question)

    def before_handler(question: str, history: Sequence[Turn] = ()) -> Answer | None:
        if not is_before_question(question):
            return None
        return before_answer(load_roadmap(settings), store(), profile_name, question)

    def budget_handler(question: str, history: Sequence[Turn] = ()) -> Answer | None:
        if not is_budget_question(question):
            return None
        return budget_answer(load_roadmap(settings), store(), profile_name, question)

    def time_fit_handler(question: str, history: Sequence[Turn] = ()) -> Answer | None:
        if not is_time_fit_question(question):
            return None
        return time_fit_answer(load_roadmap(settings), store(), profile_name, question)

    def order_handler(question: str, history: Sequence[Turn] = ()) -> Answer | None:
        if _order_match(question) is None:
            return None
        return order_answer(load_roadmap(settings), store(), profile_name, question)

    def gaps_handler(question: str, history: Sequence[Turn] = ()) -> Answer | None:
        if not is_gaps_question(question):
            return None
        return gaps_answer(load_roadmap(settings), store(), profile_name, question)

    def milestone_handler(question: str, history: Sequence[Turn] = ()) -> Answer | None:
        question = with_earlier_milestones(question, history)
        if not is_milestone_progress_question(question):
            return None
        return milestone_progress_answer(load_roadmap(settings), store(), profile_name, question)

    def ready_handler(question: str, history: Sequence[Turn] = ()) -> Answer | None:
        if not is_ready_question(question):
            return None
        return ready_answer(load_roadmap(settings), store(), profile_name, question)

    return [progress_handler, milestone_handler, gaps_handler, budget_handler, time_fit_handler, order_handler, next_handler, path_handler, path_overview_handler, path_lengths_handler, how_long_handler,
            before_handler, ready_handler]
