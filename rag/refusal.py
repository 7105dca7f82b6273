"""Refusing on evidence: decide, before any LLM call, whether the retrieved passages can answer at all.

* :func:`out_of_scope` spots requests a roadmap mentor should decline (coding tasks, chit-chat,
  salaries, recipes, weather ...).
* :func:`evidence_score` scores the best retrieved passage: ``DENSE_WEIGHT * cosine`` plus
  ``(1 - DENSE_WEIGHT) * share of the question's content words found in the passage``.
  Below ``settings.min_evidence`` the chain refuses (calibration: docs/answers.md).
* :func:`is_model_refusal` detects that a generated answer is itself a refusal.
"""

from __future__ import annotations

import re
from pathlib import Path

from rag.citations import passage_text
from rag.prompts import render
from rag.schema import Hit
from rag.terms import asking_part, content_terms, expand_query, named_terms, without_asker

__all__ = [
    "REFUSAL_SENTENCE",
    "DENSE_WEIGHT",
    "out_of_scope",
    "evidence_score",
    "hit_evidence",
    "is_model_refusal",
    "refusal_text",
    "nearby_sections",
]

REFUSAL_SENTENCE = "The roadmap doesn't cover that."
DENSE_WEIGHT = 0.5

_OUT_OF_SCOPE: list[tuple[str, re.Pattern[str]]] = [
    (
        "coding",
        re.compile(
            r"\b(write|code|generate|give)\s+(me\s+)?(a|an|the|some|my)?\s*([\w+#-]+\s+){0,2}"
            r"(function|program|script|class|snippet|regex|query|method|algorithm|code|endpoint|app)\b"
            r"|\b(reverse|sort|invert)s?\s+(a\s+)?(linked\s+list|array|string|binary\s+tree)"
            r"|\bfix\s+(my|this)\s+(code|bug)|\bdebug\s+(my|this)\b",
            re.I,
        ),
    ),
    (
        "chitchat",
        re.compile(
            r"^\s*(hi|hello|hey|yo|thanks|thank you|good (morning|evening|night))\b[\s!.?]*$"
            r"|\bhow are you\b|\btell me a joke\b|\bwho are you\b|\bwhat'?s your name\b|\bweather\b",
            re.I,
        ),
    ),
    (
        "salary",
        re.compile(
            r"\b(salary|salaries|paycheck|wages?|income|compensation|earnings)\b|\bpays?\s+(?:more|better|less|the\s+most|well)\b"
            r"|\bhow much (can|will|do|does|would) (i|you|an?|they)\b.{0,30}\b(earn|make|paid|pay)\b"
            # "what does an AI Integration Engineer typically earn compared with …?" (not "earn a certificate")
            r"|\bearn(?:s|ing)?\b(?!\s+(?:a|an|the|my|your|that|this|any)\s+(?:\w+\s+){0,2}?(?:cert\w*|badge|degree|credential|diploma|credits?))"
            r"|\bmake\s+(?:a\s+year|per\s+(?:year|month|hour)|annually|(?:good\s+|more\s+|less\s+)?money)\b"
            r"|\b(?:yearly|annual|monthly|hourly|starting)\s+(?:pay|salary|income|wage)\b"  # "what kind of yearly pay …?"
            r"|\bwhat\s+(?:kind\s+of\s+|sort\s+of\s+)?pay\b|\bpay\s+(?:should|can|could|would|do)\s+i\b"  # "what pay should i be asking for"
            r"|\bask(?:ing)?\s+for\s+in\s+(?:my\s+|a\s+)?(?:first\s+)?(?:job\s+)?offer\b",
            re.I,
        ),
    ),
    (
        "other",
        re.compile(
            r"\b(cost|costs|price|prices|pricing|fees?|discount)\b|\bhow much (is|are) (it|the|a)\b"  # prices
            r"|\b(hiring(?!\s+(?:managers?|teams?|panels?))|job openings?|job market|vacanc(y|ies))\b"  # the job market (not "hiring manager here")
            r"|\b(visas?|immigration|work permit|green card|relocat\w*)\b"  # immigration
            r"|\b(deadline|passing score|exam date)\b"  # dates and exam details
            r"|\bpass(?:ing)?\s+(?:mark|grade|threshold|percentage|rate|score)s?\b|\bscore\s+(?:do\s+)?(?:i|you)\s+need\s+to\s+pass\b"
            r"|\b(buy|purchase)\b.{0,20}\b(gpu|laptop|computer|hardware|pc)\b|\b(gpu|laptop)s? should i (buy|get)\b",
            re.I,
        ),
    ),
    (
        "other",
        re.compile(
            r"\b(recipe|bake|baking|cook|cooking|bread(?!\s+and\s+butter)|pizza|football|movie|stock price|bitcoin|horoscope|"
            r"capital of|president of|lottery)\b",
            re.I,
        ),
    ),
]

_MODEL_REFUSAL = re.compile(
    r"roadmap (does ?n[o']t|does not) cover|(passages?|context|roadmap|document) (does ?n[o']t|do ?n[o']t|does not|do not) "
    r"(contain|mention|cover|include|provide|say)|\bI (can ?not|can't|don't|do not) (answer|find|know)"
    r"|\bno (information|mention) (about|on|of)\b|\bnot (covered|mentioned) in the (passages?|roadmap|context)",
    re.I,
)


def out_of_scope(question: str) -> str:
    """The kind of out-of-scope request ("coding", "chitchat", "salary", "other": prices, jobs, visas ...), or "" when in scope.

    An afterthought after the question ("… caching? thats a big deal for llm api costs") is not the request."""
    question = asking_part(question)
    for kind, pattern in _OUT_OF_SCOPE:
        if pattern.search(question):
            return kind
    return ""


def _names_section(question: str, hit: Hit) -> bool:
    """The question quotes the passage's own title of two or more words ("the next steps", "interview preparation")."""
    title = re.sub(r"\s*\(.*?\)", "", hit.headings[-1]).strip() if hit.headings else ""
    return len(title.split()) >= 2 and re.search(rf"\b{re.escape(title)}\b", question, re.I) is not None


def hit_evidence(question_terms: set[str], question_names: set[str], hit: Hit, question: str = "",
                 named_elsewhere: set[str] | frozenset[str] = frozenset()) -> float:
    """Evidence that one passage answers a question with these content terms and names (numbers, acronyms).

    ``max(cosine, DENSE_WEIGHT * cosine + (1 - DENSE_WEIGHT) * word coverage)``, scaled by 0.5 + half the share of the
    question's names that occur in the passage (a question about "GPU" or "10 million" is not answered
    by a passage that never mentions them). ``named_elsewhere``: names another retrieved passage holds ("CS229 and
    CS231n, which section is each one under?" is answered by two passages, one name each).
    """
    dense = max(hit.dense_score or 0.0, 0.0)
    passage = content_terms(passage_text(hit)) | named_terms(passage_text(hit))
    # a name counts twice (as a word and as a name): "where do the 3blue1brown videos fit in?" is about the
    # passage that names 3Blue1Brown, however far the dense model ranks it
    found = len(question_terms & passage) + len(question_names & passage)
    lexical = found / (len(question_terms) + len(question_names)) if question_terms else 0.0
    if question and _names_section(question, hit):  # "what do the next steps tell me?": its title, verbatim
        lexical = 1.0
    names = len(question_names & (passage | named_elsewhere)) / len(question_names) if question_names else 1.0
    return (0.5 + 0.5 * names) * max(dense, DENSE_WEIGHT * dense + (1 - DENSE_WEIGHT) * lexical)


def evidence_score(question: str, hits: list[Hit]) -> float:
    """The best passage's evidence (0..1) that it answers ``question``; 0 when nothing was retrieved.

    Also measured on the clause that asks ("im a backend dev and already know docker pretty well, is docker
    even covered anywhere?": the last clause), without an afterthought after the question mark; the higher
    of the two counts."""
    best = 0.0
    # (the names any retrieved passage holds: "CS229 and CS231n, which section is each one under?")
    everywhere = set().union(*(named_terms(passage_text(h)) | content_terms(passage_text(h)) for h in hits)) if hits else set()
    # (and without who is asking: "As a DevOps person I'm curious — does Docker appear …?")
    for text in dict.fromkeys([question, _asking_clause(asking_part(question)), without_asker(asking_part(question))]):
        text = expand_query(text)  # a learner's words, as the search read them ("the order of things": next steps)
        terms = content_terms(text, drop_filler=True)
        # (a nickname spelled out next to it, "DDIA (Designing Data-Intensive Applications)", is read by its words)
        names = {n for n in named_terms(text) if expand_query(n) == n}
        best = max(best, max((hit_evidence(terms, names, h, text, names & everywhere) for h in hits), default=0.0))
    return best


def _asking_clause(question: str) -> str:
    """The last clause of ``question`` when it is a question of two or more content words, else ``question``."""
    last = re.split(r"(?<=[,.;!])\s+", question.strip())[-1]
    return last if last != question.strip() and len(content_terms(last, drop_filler=True)) >= 2 else question


def is_model_refusal(text: str) -> bool:
    """True when a generated answer declines (the prompt's refusal sentence or a paraphrase of it)."""
    return bool(_MODEL_REFUSAL.search(text[:400]))


def refusal_text(
    reason: str,
    sections: list[str],
    kind: str = "",
    prompts_dir: Path | None = None,
    missing: str = "",
    nearby: list[str] | None = None,
) -> str:
    """The refusal shown to the user (``prompts/refusal.j2``), naming what the roadmap does cover.

    For reason "not stated" (``rag.answerability``), ``missing`` is what the passages do not state and
    ``nearby`` the closest sections, which the refusal names.
    """
    return render(
        "refusal", prompts_dir, reason=reason, kind=kind, sections=sections, missing=missing, nearby=nearby or []
    )


def nearby_sections(hits: list[Hit]) -> list[str]:
    """The heading paths of ``hits`` (closest first, distinct), as a refusal names them."""
    names = [" › ".join(h.headings) or h.source for h in hits]
    return list(dict.fromkeys(n for n in names if n))
