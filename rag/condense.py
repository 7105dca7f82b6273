"""Condensation: turn a follow-up ("and what resources help me learn them?") into a standalone question.

Two ways, same contract ``-> str``:
* :func:`deterministic_condense` (no LLM; used by the extractive backend and as the guard's fallback):
  a follow-up (pronoun/"and ..."/"what about ..." cues or very few content words) gets the topic of the
  previous user turn and the headings the previous answer cited appended.
* :func:`llm_condense` asks the chat model with ``prompts/condense.j2`` and falls back to the deterministic
  rewrite when the result is empty, rambling, or lost every content word of the follow-up.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from rag.prompts import render_messages
from rag.schema import Turn
from rag.terms import LEVEL_NUMBER, STOPWORDS, content_terms, expand_query, stem, tokens, without_asker

logger = logging.getLogger(__name__)

__all__ = ["is_follow_up", "resolve_reference", "resolve_path_reference", "resolve_level_reference", "topic_of", "deterministic_condense", "llm_condense", "condense", "to_messages"]

_FOLLOW_UP_START = re.compile(  # (after an acknowledgement: "cool, and what about intermediate?")
    r"^\s*(?:(?:cool|nice|great|awesome|thanks|thx|ty|alright|right|got\s+it|gotcha|perfect|sweet|hm+|ah|oh|yeah|yes)[\s,.!]+)*"
    r"(and|also|but|so|then|what about|how about|and what|what else|any|more|ok|okay|same)\b", re.I
)
# "nice. and where can I ask questions when I get stuck, any communities?": an "and" (not "what about") before a topic
_AND_NEW_TOPIC = re.compile(r"^\s*(?:(?:cool|nice|great|awesome|thanks|thx|ty|alright|ok|okay|got\s+it|gotcha|perfect|sweet)[\s,.!]+)*"
                            r"(?:and|also)\b(?!\s+(?:what|how)\s+about\b)", re.I)
_PRONOUNS = re.compile(r"\b(it|its|them|they|their|that|those|these|this|there|one|ones|former|latter|she|he|her|him|his)\b", re.I)
_ORDINALS = frozenset("first second third last final".split())
_STAGE_WORDS = frozenset("level levels stage stages tier tiers phase phases step steps".split())
_QUESTION_WORDS = frozenset(
    "what which who how why when where should could would can do does is are learn need".split()
)


def is_follow_up(question: str) -> bool:
    """Heuristic: the question leans on the conversation (cue word, pronoun, or under 2 content words)."""
    if _FOLLOW_UP_START.search(question) or _PRONOUNS.search(question):
        return True
    if _OTHER_PATH.search(question) or _THAT_PATH.search(question):  # "does the other path have an mlops section?"
        return True
    return len(content_terms(question, drop_filler=True)) < 2


def topic_of(text: str, limit: int = 6) -> str:
    """The key words of a question, original spelling and order (stopwords, question words, filler removed)."""
    words: list[str] = []
    seen: set[str] = set()
    toks = tokens(text)
    for i, tok in enumerate(toks):
        low = tok.lower()
        if low in STOPWORDS or low in _QUESTION_WORDS or _PRONOUNS.fullmatch(low):
            continue
        key = stem(low)
        # "the first level": an ordinal placing a level is its topic, though "first" alone is filler
        # (and "the first six months": the range that starts at 0)
        ordinal = low in _ORDINALS and i + 1 < len(toks) and (toks[i + 1].lower() in _STAGE_WORDS or (
            i + 2 < len(toks) and re.fullmatch(r"\d+|one|two|three|six|nine|twelve", toks[i + 1].lower()) is not None
            and toks[i + 2].lower().rstrip("s") in ("month", "year")))
        if key in seen or not (ordinal or content_terms(tok, drop_filler=True)):
            continue
        seen.add(key)
        words.append(tok)
    return " ".join(words[:limit])


def _previous_user_turns(history: Sequence[Turn]) -> list[str]:
    return [t["content"] for t in history if t.get("role") == "user" and t.get("content", "").strip()]


_SWAP_WORDS = frozenset(content_terms("other side tho though about what kind role one ml ai integration machine learning"))
_HOW_MUCH = re.compile(r"\bhow\s+(?:long|many\s+\w+|much\s+\w+)", re.I)


_COMPARED = re.compile(r"\b(?:same\s+(?:length|time|duration|amount|span|timeframe|time\s+frame)|longer|shorter|as\s+long\s+as|compared?\s+(?:to|with))\b", re.I)
# "is it the same for the integration one?" after a duration: the earlier duration goes with the question
SAME_AS_BEFORE = re.compile(r"\b(?:is|are)\s+(?:it|that|they|those)\s+the\s+same\b|\bsame\s+(?:for|on|with)\s+the\b", re.I)
_HOW_LONG_Q = re.compile(r"\bhow\s+long\b", re.I)
_EARLIER_SPAN = re.compile(r"\b\d+\s*[-–]\s*\d+\s+months\b")


_AFTER_LEVEL = re.compile(r"\b(?:comes?|is)\s+(?:right\s+)?after\s+(?:level|stage)\s+\d\b|\bafter\s+(?:level|stage)\s+\d\b[^?]*\?", re.I)
_LEVEL_ASKED = re.compile(r"\b(?:which|what)\s+(?:level|stage)\b|\bat\s+what\s+(?:level|stage|point)\b", re.I)
_WHATS_IN = re.compile(r"\bwhat(?:'?s|\s+is|\s+are|\s+do\s+(?:i|you)\s+(?:learn|study|do))?\s+(?:in|covered\s+in|inside|on)\b"
                       r"|\bwhat\s+does\s+(?:its|the|that)\s+level\s+\d\s+(?:cover|have|include|teach)\b", re.I)


def deterministic_condense(
    question: str, history: Sequence[Turn] | None, cited_headings: Sequence[str] = (), paths: Sequence[str] = ()
) -> str:
    """Standalone form of ``question`` without an LLM (unchanged when it is not a follow-up).

    When the follow-up names one of ``paths`` ("what about for the ML engineer side?") and the earlier topic
    named another, the follow-up swaps the path and keeps the rest: the topic without the other path's words
    leads the question ("portfolio interviews, what about for the ML engineer side?"), as the person's own
    words, since it is what they ask about."""
    question = question.strip()
    if not history or not is_follow_up(question):
        return question
    if (_AND_NEW_TOPIC.match(question) and not _PRONOUNS.search(question) and not _OTHER_PATH.search(question)
            and not _THAT_PATH.search(question) and not any(content_terms(p) - _GENERIC_PATH <= content_terms(expand_query(question))
                                                             for p in paths)
            and len(content_terms(question, drop_filler=True)) >= 4):
        return question  # "nice. and where can I ask questions when I get stuck, any communities?": a topic of its own
    users = _previous_user_turns(history)
    # ("is it the same length on the ML side?": a comparison keeps the earlier turn's path, both are asked about)
    swapped = frozenset() if _COMPARED.search(question) else _other_path_words(question, paths)
    topics: list[str] = []
    dropped = False  # did the earlier topic name the path the follow-up swaps out?
    for previous in reversed(users):  # walk back until the topic has some substance
        words = topic_of(without_asker(previous), limit=10).split()  # (not "DevOps engineer here.")
        kept = [w for w in words if not content_terms(expand_query(w)) & swapped]
        dropped = dropped or len(kept) < len(words)
        topic = " ".join(kept[:6])
        # "level 3 of the ML path, what's in it?": not the earlier turn's level 2; "at what level?" asks for one
        if LEVEL_NUMBER.search(question) or re.search(r"\b(?:what|which|first|second|third|last|final)\s+(?:level|stage)\b", question, re.I):
            topic = " ".join(re.sub(r"\b(?:level|stage)\s+\d+\b|\b(?:first|second|third|last|final)\s+(?:level|stage)\b", " ",
                                    topic, flags=re.I).split())
        if not content_terms(topic) - _GENERIC_PATH:  # only "path" left: no topic
            topic = ""
        if topic:
            topics.append(topic)
        if len(content_terms(" ".join(topics), drop_filler=True)) >= 2:
            break
    own = content_terms(question) | content_terms(" ".join(topics))
    # (not a heading of another level than the one the question names: "and level 2 …? how long" after an answer
    # citing "Level 1: Foundation (0-6 months)" asks about level 2 alone)
    levels = {m.group(1) for m in LEVEL_NUMBER.finditer(question)}
    extra = [h for h in dict.fromkeys(cited_headings) if h and not content_terms(h) <= own and not content_terms(h) & swapped
             and not (levels and (named := LEVEL_NUMBER.search(h)) and named.group(1) not in levels)][:2]
    # ("what about for the other role tho, what kind of projects should the portfolio have": its own topic leads)
    own_topic = content_terms(re.sub(r"\([^()]*\)", " ", question), drop_filler=True) - _GENERIC_PATH - _SWAP_WORDS - swapped
    if dropped and topics and len(own_topic) < 2:  # the earlier topic is what is asked, for another path: "portfolio interviews, what about …"
        # (with the kind of answer the earlier question asked: "how long level 3, and for machine learning?")
        asked = _HOW_MUCH.search(users[-1])
        if asked:
            kind = asked.group(0).lower()
            topics[0] = " ".join([kind, *(w for w in topics[0].split() if w.lower() not in kind.split())])
        question = f"{'; '.join(reversed(topics))}, {question}"
        topics = []
    if LEVEL_NUMBER.search(question) and (_WHATS_IN.search(question) or _AFTER_LEVEL.search(question)):
        # "ok what about the other path, whats in its level 2?": the level is the topic, not the earlier one; so is the
        # level after it ("ok and what comes after level 2 of the ML path, what's the last stage about?")
        topics = []
    if (re.fullmatch(r"\W*(?:and|ok|so|what\s+about)?\s*the\s+\w+\s+level\W*", question, re.I) and users
            and (asked := _HOW_MUCH.search(users[-1]))):
        question = f"{asked.group(0).lower()}: {question}"  # "and the last level?" after "how long is level 1 …?"
    parts = [p for p in [*reversed(topics), *extra] if p]
    if not parts:
        return question
    return f"{question.rstrip(' ?')} (about: {'; '.join(parts)})?"


def to_messages(pairs: list[tuple[str, str]]) -> list[BaseMessage]:
    """``(role, text)`` pairs from :func:`rag.prompts.render_messages` as LangChain messages."""
    return [SystemMessage(text) if role == "system" else HumanMessage(text) for role, text in pairs]


_ASKS = re.compile(
    r"\?\s*$|^\s*(?:what|which|who|whom|whose|how|why|when|where|should|could|would|can|do|does|did|is|are|was"
    r"|were|will|shall|may|might|must|has|have|had|tell|list|name|give|show|explain|describe|recommend|suggest)\b",
    re.I,
)


def _clean(text: str) -> str:
    line = next((ln.strip() for ln in text.strip().splitlines() if ln.strip()), "")
    line = re.sub(r"^(standalone question|rewritten question|question)\s*:\s*", "", line, flags=re.I)
    return line.strip().strip('"“”\'`').strip()


def llm_condense(
    question: str,
    history: Sequence[Turn],
    chat_model: BaseChatModel,
    cited_headings: Sequence[str] = (),
    prompts_dir: Path | None = None,
    paths: Sequence[str] = (),
) -> str:
    """Rewrite with the LLM; any failure or a rewrite that drops the follow-up's content falls back."""
    fallback = deterministic_condense(question, history, cited_headings, paths)
    messages = to_messages(render_messages("condense", prompts_dir, history=list(history), question=question))
    try:
        result = chat_model.invoke(messages)
        rewritten = _clean(str(result.content))
    except Exception as err:  # noqa: BLE001 - any backend failure means: use the deterministic rewrite
        logger.warning("LLM condensation failed (%s); using the deterministic rewrite", err)
        return fallback
    original_terms = content_terms(question, drop_filler=True)
    if not rewritten or len(rewritten) > max(300, 4 * len(question)):
        return fallback
    kept = original_terms & content_terms(expand_query(rewritten)) if original_terms else set()
    if original_terms and 2 * len(kept) < len(original_terms & content_terms(expand_query(question))):
        # ("and does the ML side have a deploy one …?" → "For ML Integration the milestones are: …")
        logger.info("LLM condensation %r lost the content of %r; using the fallback", rewritten, question)
        return fallback
    if not _ASKS.search(rewritten):  # a statement (small models copy the previous answer) is no question
        logger.info("LLM condensation %r is not a question; using the fallback", rewritten)
        return fallback
    if is_follow_up(question) and content_terms(rewritten) <= content_terms(question):
        # small models often echo "Where can I learn that?" unchanged: it still leans on the history
        logger.info("LLM condensation %r added nothing to the follow-up %r; using the fallback", rewritten, question)
        return fallback
    if _WHICH_LEVEL.search(fallback) and not _WHICH_LEVEL.search(rewritten):
        # ("whats in the first level of the ML path" … "how long on that one?" → "… that one level of the ML path?")
        logger.info("LLM condensation %r lost which level %r is about; using the fallback", rewritten, fallback)
        return fallback
    return rewritten


# which level a question is about: "level 2", "the first level", "the 2nd stage"
_WHICH_LEVEL = re.compile(
    r"\b(?:level|stage|tier|phase)\s+\d+\b|\b(?:first|second|third|1st|2nd|3rd|last|final)\s+(?:level|stage|tier|phase)\b", re.I
)


_ORDINAL_REF = re.compile(
    r"\b(?:the|that|this)\s+(?P<which>first|1st|second|2nd|third|3rd|last|final|middle)\s+(?:one|item|topic|thing|bit|part"
    r"|of\s+(?:those|these|them|the)(?:\s+(?:two|three|four|2|3|4))?)\b", re.I  # "the first of those three"
)
# "that fast ai one", "the deeplearning one": one of the listed items, by a word of its name
_NAMED_ONE = re.compile(r"\b(?:that|this|the)\s+(?P<name>[\w.+#-]+(?:\s+[\w.+#-]+){0,2}?)\s+one\b", re.I)
_ORDINAL_INDEX = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "last": -1, "final": -1}
_LIST_INTRO = re.compile(r"^.*?\b(?:covers?|covering|includes?|including|lists?|are|is|has|have|recommends?|:)\s+", re.I)
_LAST_LIST_INTRO = re.compile(r"^.*(?:\b(?:covers?|covering|includes?|including|lists?|recommends?)\b|:)\s+", re.I)


_WHERE_TAIL = re.compile(r"(?:in|under|on|from|at|for|of|all\s+in|both\s+in)\s", re.I)


def _listed_items(text: str) -> list[str]:
    """The items of the last "A, B and C" list in an answer ("Level 2 covers vector databases & search, NLP
    integration, and system design." -> the three), or its "- " lines."""
    text = re.sub(r"\s*\[\d+\]", "", text)
    lines = [ln.strip()[2:].split(":")[0].split(" (")[0] for ln in text.splitlines() if ln.strip().startswith(("- ", "* "))]
    for sentence in reversed(re.split(r"(?<=[.!?])\s+|\n", re.sub(r"\([^()]*\)", "", text))):
        if ("," in sentence or " and " in sentence) and ";" not in sentence:
            # the first intro word, else the last ("Level 2: Integration covers three areas: A, B, and C")
            for intro in (_LIST_INTRO, _LAST_LIST_INTRO):
                body = intro.sub("", sentence.strip().rstrip(".!?"), count=1)
                # ("Level 1: Foundation, which has three parts: A, B, and C": the list after the last colon that
                # follows no level number)
                colons = list(re.finditer(r"(?<!\d):\s+", body))
                if colons and len(re.split(r",|\s+and\s+", body[colons[-1].end():])) >= 2:
                    body = body[colons[-1].end():]
                items = [i.strip() for i in re.split(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", body) if i.strip()]
                while len(items) > 2 and _WHERE_TAIL.match(items[-1]):  # "A, B and C, in Level 2 of the … path."
                    items.pop()
                if len(items) >= 2 and all(len(i.split()) <= 6 for i in items):  # a list of names, not clauses
                    return items
    # ('"Mathematics for Machine Learning" for the maths and "Hands-On Machine Learning" for the ML fundamentals':
    # the titles quoted)
    quoted = _QUOTED_TITLE.findall(text)
    return lines or (quoted if len(quoted) >= 2 else [])


# "is that book also in the resource library list?" after an answer quoting one title: that title
_QUOTED_TITLE = re.compile(r"[\"“]([^\"“”]{2,80})[\"”]")
_THAT_TITLE = re.compile(r"\b(?:that|this|the\s+same)\s+(?:book|course|video|paper|title|one)\b(?!\s*\()", re.I)


def resolve_reference(question: str, history: Sequence[Turn] | None) -> str:
    """"which resources does it give for that last one?" after "… covers A, B and C": "… that last one (C)?"."""
    m = _ORDINAL_REF.search(question)
    answers = [t["content"] for t in (history or []) if t.get("role") == "assistant" and t.get("content", "").strip()]
    if m is None and answers and (named := _NAMED_ONE.search(question)):
        # "does that fast ai one also show up in a level?" after "… lists Coursera, Fast.ai and Udacity": Fast.ai
        said = re.sub(r"[\W_]+", "", named.group("name").lower())
        hits = [i for i in _listed_items(answers[-1]) if said and said in re.sub(r"[\W_]+", "", i.lower())]
        if len(hits) == 1:
            return f"{question[: named.end()]} ({hits[0]}){question[named.end():]}"
    if m is None and answers and (that := _THAT_TITLE.search(question)):
        titles = list(dict.fromkeys(_QUOTED_TITLE.findall(answers[-1])))
        if len(titles) == 1:
            return f"{question[: that.end()]} ({titles[0]}){question[that.end():]}"
    if m is None or not answers:
        return question
    users = _previous_user_turns(history or [])
    if users and LEVEL_NUMBER.search(users[-1]) and _HOW_MUCH.search(users[-1]) and re.fullmatch(r"\w+\s+\w+\s+one", m.group(0)):
        # "and the last one?" after "how long is level 1 of the ML path?": the last level, not the answer's last item
        return f"{question[: m.start()]}the {m.group('which').lower()} level{question[m.end():]}"
    items = _listed_items(answers[-1])
    which = m.group("which").lower()
    # ("the middle one" of three: the second; of an even number there is none)
    index = len(items) // 2 if which == "middle" and len(items) % 2 else _ORDINAL_INDEX.get(which, len(items))
    if len(items) < 2 or index >= len(items):
        return question
    return f"{question[: m.end()]} ({items[index]}){question[m.end():]}"


_OTHER_PATH = re.compile(r"\bthe\s+other\s+(?:one|path|track|side|route|role)\b", re.I)
# ("how long's the first stage of that one?" after an answer naming one path: that path)
_THAT_PATH = re.compile(r"\b(?:that|this|the\s+same)\s+(?:path|track|route|side)\b|\b(?:of|on|in|for)\s+(?:that|this)\s+one\b", re.I)
_GENERIC_PATH = frozenset(content_terms("engineering engineer path track route role"))


def _paths_in(text: str, paths: Sequence[str]) -> list[str]:
    words = content_terms(expand_query(text))
    return [p for p in paths if (key := {w for w in content_terms(p) - _GENERIC_PATH if len(w) > 2}) and key <= words]


def _other_path_words(question: str, paths: Sequence[str]) -> frozenset[str]:
    """The distinctive words of the paths ``question`` does not name, when it names exactly one of ``paths``."""
    named = _paths_in(question, paths)
    if len(named) != 1:
        return frozenset()
    own = content_terms(expand_query(question))
    return frozenset(w for p in paths if p != named[0] for w in content_terms(p) - _GENERIC_PATH - own)


def _from_last_exchange(history: Sequence[Turn], find: Callable[[str], list[str]]) -> list[str]:
    """What ``find`` finds in the last answer, else in the question it answered."""
    for turn in reversed(history[-2:]):
        if found := find(turn.get("content", "")):
            return found
    return []


def resolve_path_reference(question: str, history: Sequence[Turn] | None, paths: Sequence[str]) -> str:
    """"does the other one do any mlops?" after an answer about the ML path: "… the other one (AI Integration
    Engineering Path) …"; "what does the first level of that path have me learning?" names the path the last
    exchange named. Unchanged unless the last exchange names exactly one of ``paths``."""
    other, that = _OTHER_PATH.search(question), _THAT_PATH.search(question)
    if not history or not paths or not (other or that):
        return question
    named = _from_last_exchange(history, lambda text: _paths_in(text, paths))
    if len(named) != 1:
        return question
    m = other or that
    assert m is not None
    if other:
        rest = [p for p in paths if p != named[0]]
        if len(rest) != 1:
            return question
        meant = rest[0]
    else:
        meant = named[0]
    return f"{question[: m.end()]} ({meant}){question[m.end():]}"


_NEXT_LEVEL = re.compile(
    r"\b(?:the\s+)?(?:level|stage|one)\s+(?:right\s+|just\s+)?after\s+(?:that|this|it)(?:\s+one)?\b|\bthe\s+next\s+(?:level|stage)\b"
    # "once im through that level, what comes next?": the level after the one named
    r"|\b(?:through|done\s+with|finish(?:ed)?|complete(?:d)?|past|after)\s+(?:that|this|the\s+same)\s+(?:level|stage)\b(?=[^?]*\b(?:next|after|then)\b)", re.I
)
# "and after that? whats next": a follow-up that asks only what follows
_AFTER_THAT = re.compile(r"^\W*(?:(?:and|ok(?:ay)?|so|cool|nice|great)\W+)*(?:what\s+(?:comes\s+)?)?after\s+(?:that|this|it)\b(?=\s*[?,.!]|\s*$)", re.I)
# "is load balancing part of that level too?": the level the last exchange named
_THAT_LEVEL = re.compile(r"\b(?:that|this|the\s+same)\s+(?:level|stage)\b", re.I)


def resolve_level_reference(question: str, history: Sequence[Turn] | None, paths: Sequence[str] = ()) -> str:
    """"ok and the level right after that one, how long is it?" after an answer about Level 2 of the AI
    Integration path: "ok and level 3 of the AI Integration Engineering Path, how long is it?".
    Unchanged unless the last exchange names exactly one level number."""
    m = _NEXT_LEVEL.search(question) or _THAT_LEVEL.search(question)
    after = None if m else _AFTER_THAT.search(question)
    if not (m or after) or not history:
        return question
    numbers = set(_from_last_exchange(history, LEVEL_NUMBER.findall))
    if len(numbers) != 1:
        return question
    named = _from_last_exchange(history, lambda text: _paths_in(text, paths))
    where = f" of the {named[0]}" if len(named) == 1 else ""
    if after is not None:  # "and after that? whats next": what comes after the level the answer named
        return f"{question[: after.start()]}what comes after level {next(iter(numbers))}{where}{question[after.end():]}"
    assert m is not None
    step = 1 if _NEXT_LEVEL.search(question) else 0  # "that level": the one named; "the next level": the one after
    return f"{question[: m.start()]}level {int(next(iter(numbers))) + step}{where}{question[m.end():]}"


# "nice. and the tier after that one?", "what's the next set of milestones?" after an exchange about one milestone stage
_TIER_BEFORE = re.compile(r"\b(?:the\s+)?(?:tier|stage|set|level|round|batch|group)\s+(?:of\s+(?:milestones|goals)\s+)?(?:right\s+|just\s+)?before\s+"
                          r"(?:that|this|it|those|these)(?:\s+one)?\b", re.I)
_NEXT_TIER = re.compile(
    r"\b(?:the\s+)?(?:tier|stage|set|level|round|batch|group)\s+(?:of\s+(?:milestones|goals)\s+)?(?:right\s+|just\s+)?after\s+"
    r"(?:that|this|it|those|these)(?:\s+one)?\b|\b(?:the\s+)?next\s+(?:tier|set|stage|level|batch|round|group)(?:\s+of\s+(?:milestones|goals))?\b"
    r"|\bnext\s+milestones\b"
    # "nice, and after that?" (the exchange before was about one stage's milestones, checked below)
    r"|^\W*(?:(?:nice|ok|okay|cool|great|thanks|got\s+it)[\s,.!]+)*(?:and\s+|so\s+)?(?:what(?:'?s|\s+comes|\s+is)?\s+)?after\s+"
    r"(?:that|those|these|them)(?:\s+ones?)?\W*$", re.I)
_MILESTONE_STAGES = ("beginner", "intermediate", "advanced")
# "i done the beginner milestones in ML track … what is the next milestones?": the stage done, named in the question
_STAGE_DONE = re.compile(r"\b(?:done|did|finished|completed|ticked\s+off|cleared|hit|through)\s+(?:with\s+)?(?:all\s+)?(?:the\s+|my\s+)?"
                         r"(?P<stage>beginner|intermediate)\s+milestones\b", re.I)


def own_next_milestones(question: str, paths: Sequence[str] = ()) -> str:
    """"i finished the beginner milestones in the ML track. what are the next milestones?": "what are the intermediate
    milestones of the Machine Learning Engineering Path?"; unchanged unless a stage done and the next tier are asked."""
    done = _STAGE_DONE.search(question)
    m = _NEXT_TIER.search(question)
    if done is None or m is None or m.start() < done.end():
        return question
    nxt = _MILESTONE_STAGES[_MILESTONE_STAGES.index(done.group("stage").lower()) + 1]
    named = _paths_in(question, paths)
    return f"what are the {nxt} milestones{f' of the {named[0]}' if len(named) == 1 else ''}?"


def resolve_milestone_reference(question: str, history: Sequence[Turn] | None, paths: Sequence[str] = ()) -> str:
    """"and the tier after that one?" after an exchange about the beginner milestones of the ML path: "what are the
    intermediate milestones of the Machine Learning Engineering Path?". Unchanged unless the last exchange is about
    milestones of exactly one stage below the last."""
    m = _NEXT_TIER.search(question)
    back = None if m else _TIER_BEFORE.search(question)  # "and the tier before those?"
    if (m is None and back is None) or not history or not any("milestone" in t.get("content", "").lower() for t in history[-2:]):
        return question
    stages = set(_from_last_exchange(history, lambda text: [s for s in _MILESTONE_STAGES if re.search(rf"\b{s}\b", text, re.I)]))
    if len(stages) != 1:
        return question
    index = _MILESTONE_STAGES.index(next(iter(stages))) + (-1 if back else 1)
    if not 0 <= index < len(_MILESTONE_STAGES):
        return question
    nxt = _MILESTONE_STAGES[index]
    named = _from_last_exchange(history, lambda text: _paths_in(text, paths))
    where = f" of the {named[0]}" if len(named) == 1 else ""
    return f"what are the {nxt} milestones{where}?"


def condense(
    question: str,
    history: Sequence[Turn] | None,
    chat_model: BaseChatModel | None = None,
    cited_headings: Sequence[str] = (),
    prompts_dir: Path | None = None,
    paths: Sequence[str] = (),
) -> str:
    """Standalone question for retrieval: LLM rewrite when a model is live, else the deterministic one.
    ``paths`` are the documents' paths, for "the other one" and "that path"."""
    if history and not is_follow_up(question) and _LEVEL_ASKED.search(question) and paths and not _paths_in(question, paths):
        # "cool. which level covers transformers then?" after "i'm on level 1 of the ML path …": in that path
        named = list(dict.fromkeys(_from_last_exchange(history, lambda t: _paths_in(t, paths))))
        if len(named) == 1:
            return f"{question.strip().rstrip(' ?')} (about: {named[0]})?"
    if (own := own_next_milestones(question, paths)) != question:
        return own
    if not history or not is_follow_up(question):
        return question.strip()
    question = resolve_path_reference(resolve_reference(question, history), history, paths)
    question = resolve_level_reference(question, history, paths)
    question = resolve_milestone_reference(question, history, paths)
    if chat_model is None:
        question = deterministic_condense(question, history, cited_headings, paths)
    else:
        question = llm_condense(question, history, chat_model, cited_headings, prompts_dir, paths)
    answers = [t["content"] for t in history if t.get("role") == "assistant" and t.get("content", "").strip()]
    if SAME_AS_BEFORE.search(question) and answers and (span := _EARLIER_SPAN.search(answers[-1])):
        # (a time asked again: "how long, is it the same for level 3?"; the answer's lead compares the two)
        question = f"{'' if _HOW_LONG_Q.search(question) else 'how long, '}{question.rstrip()} (earlier: {span.group(0)})"
    return question
