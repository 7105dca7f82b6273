"""Citation checking: parse ``[n]`` markers, verify each sentence against the passage it cites, fix or flag.

``is_supported`` is a deterministic lexical check (also used by the evaluation): the sentence's content
words (stopwords and filler removed, crude lemmas) must mostly occur in the passage, and every number or
acronym/mixed-case name in the sentence must occur in it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from rag.schema import Citation, Hit
from rag.terms import CITATION_RE, content_terms, named_terms, split_sentences

logger = logging.getLogger(__name__)

__all__ = ["is_supported", "support_score", "check_citations", "cut_loops", "drop_unsupported_items", "passage_text", "MIN_COVERAGE"]

MIN_COVERAGE = 0.6  # share of a sentence's content words that must occur in the supporting passage
ITEM_COVERAGE = 0.75  # an item of a model's list: most of its content words in one passage (items are copied, not told)
MIN_SHARE = 0.25  # a sentence citing several passages: each must hold this share of it (their union MIN_COVERAGE)


def support_score(sentence: str, passage: str) -> float:
    """Share of the sentence's content words found in the passage; 0 when a number or name is missing."""
    bare = CITATION_RE.sub(" ", sentence)
    terms = content_terms(bare, drop_filler=True)
    if not terms:
        return 0.0
    passage_terms = content_terms(passage) | named_terms(passage)
    if not named_terms(bare) <= passage_terms:
        return 0.0
    return len(terms & passage_terms) / len(terms)


def _share(sentence: str, passage: str) -> float:
    """Share of the sentence's content words found in the passage (names not required)."""
    terms = content_terms(CITATION_RE.sub(" ", sentence), drop_filler=True)
    return len(terms & content_terms(passage)) / len(terms) if terms else 0.0


def is_supported(sentence: str, passage: str) -> bool:
    """True when ``passage`` states what ``sentence`` says (lexically): see the module docstring."""
    return support_score(sentence, passage) >= MIN_COVERAGE


def passage_text(hit: Hit) -> str:
    """What a citation is checked against: the passage's headings and its text."""
    return "\n".join([*hit.headings, hit.text])


@dataclass
class _Sentence:
    text: str  # without markers
    cites: list[int] = field(default_factory=list)  # 0-based hit indices
    notes: list[str] = field(default_factory=list)
    supported: bool = True


def cited_numbers(text: str) -> list[int]:
    """The passage numbers the ``[n]`` markers of ``text`` cite, in order ("[1, 3]" gives 1 and 3)."""
    return [int(x) for match in CITATION_RE.finditer(text) for x in re.split(r"\s*[,;]\s*", match.group(1))]


def _parse_markers(sentence: str) -> tuple[str, list[int]]:
    numbers = cited_numbers(sentence)
    bare = CITATION_RE.sub("", sentence)
    bare = re.sub(r"\s+([.!?,;:])", r"\1", bare)
    return re.sub(r"\s{2,}", " ", bare).strip(), numbers


def _best_passage(sentence: str, passages: list[str]) -> int | None:
    scores = [support_score(sentence, p) for p in passages]
    best = max(range(len(scores)), key=lambda i: scores[i], default=None)
    if best is None or scores[best] < MIN_COVERAGE:
        return None
    return best


def _check_sentence(raw: str, passages: list[str]) -> _Sentence:
    bare, numbers = _parse_markers(raw)
    sent = _Sentence(bare)
    valid: list[int] = []
    for n in numbers:
        if 1 <= n <= len(passages) and (n - 1) not in valid:
            valid.append(n - 1)
        elif not 1 <= n <= len(passages):
            sent.notes.append(f"removed [{n}]: no such passage")
    if not content_terms(bare, drop_filler=True):
        sent.cites = valid  # nothing checkable ("Here is what to learn [1]:")
        return sent
    supporting = [i for i in valid if is_supported(bare, passages[i])]
    if supporting:
        sent.cites = supporting
        return sent
    if len(valid) >= 2 and is_supported(bare, "\n".join(passages[i] for i in valid)) and all(
        _share(bare, passages[i]) >= MIN_SHARE for i in valid
    ):  # "X covers A, while Y covers B [1][2]": together the cited passages state it, each a part of it
        sent.cites = valid
        return sent
    best = _best_passage(bare, passages)
    if best is not None:
        if valid:
            sent.notes.append(f"re-attributed from [{', '.join(str(i + 1) for i in valid)}]")
        else:
            sent.notes.append("citation added")
        sent.cites = [best]
        return sent
    sent.cites = valid
    if valid:
        sent.supported = False
        sent.notes.append("unsupported: flagged")
    return sent


def _with_markers(text: str, numbers: list[int]) -> str:
    if not numbers:
        return text
    markers = "".join(f"[{n}]" for n in numbers)
    if text and text[-1] in ".!?:":
        return f"{text[:-1]} {markers}{text[-1]}"
    return f"{text} {markers}"


def _words(text: str) -> list[str]:
    """The words of ``text`` for comparing repeats: lower case, no markers, no punctuation, no "and"."""
    return [w for w in re.findall(r"[\w'+#.-]+", CITATION_RE.sub(" ", text).lower().strip(" .")) if w != "and" and re.search(r"\w", w)]


def _within(part: list[str], whole: list[str]) -> bool:
    """True when the word sequence ``part`` occurs, in one run, inside ``whole``."""
    n = len(part)
    return n > 0 and any(whole[i:i + n] == part for i in range(len(whole) - n + 1))


def cut_loops(text: str) -> str:
    """A model's answer with its loops cut: small models at temperature 0 repeat a list item or a line.

    In a line, the list item that repeats an earlier item ends the line (the markers it carried are kept);
    a line whose words all stand, in order, in an earlier line says nothing new and is dropped. A line cut
    short by the token limit is such a line too when its words are a run of an earlier one.
    """
    out: list[list[str]] = []
    lines: list[str] = []
    for line in text.strip().splitlines():
        if not line.strip():
            lines.append(line)
            continue
        items = re.split(r"(?<=\S),\s+", line)
        seen: set[str] = set()
        for k, item in enumerate(items):
            key = " ".join(_words(item))
            if key and key in seen:
                markers = "".join(m.group(0) for m in CITATION_RE.finditer(line))
                kept = ", ".join(items[:k]).rstrip(" ,;")
                line = f"{kept} {markers}".rstrip() if markers and not CITATION_RE.search(kept) else kept
                break
            seen.add(key)
        words = _words(line)
        if any(_within(words, before) for before in out):
            continue
        out.append(words)
        lines.append(line)
    return "\n".join(lines).strip()


_LIST_LINE = re.compile(r"^(?P<head>\s*(?:[-*•]\s+)?(?:[^:,.]{1,60}:\s+)?)(?P<body>.+?)(?P<tail>\s*(?:\[\d+(?:\s*[,;]\s*\d+)*\]\s*)*[.]?\s*)$")


def drop_unsupported_items(text: str, hits: list[Hit]) -> str:
    """A model's list lines without the items no passage states (small models pad a list with made-up items:
    "Implement advanced reinforcement learning models" after three real milestones).

    A line is a list when it has three or more comma-separated items of at most eight words; an item stays when
    one passage shown holds three quarters of its content words (``ITEM_COVERAGE``) and every name in it. A line left with no item is dropped.
    Prose lines are left alone (their sentences are checked whole by :func:`check_citations`).
    """
    texts = [passage_text(h) for h in hits]
    out: list[str] = []
    for line in text.splitlines():
        m = _LIST_LINE.match(line)
        items = re.split(r",\s+(?:and\s+)?|\s+and\s+(?=[^,]*$)", m.group("body")) if m and m.group("head").strip() else []
        if len(items) < 3 or any(len(i.split()) > 8 for i in items):
            out.append(line)  # (prose, or a list without a bullet or label: "Build it with FastAPI, then deploy it, …")
            continue
        # (each item by one passage, whichever: a wrong marker is mended later, a made-up item is not)
        kept = [i for i in items if not content_terms(i, drop_filler=True) or any(support_score(i, t) >= ITEM_COVERAGE for t in texts)]
        if len(kept) == len(items):
            out.append(line)
        elif kept:
            assert m is not None
            out.append(f"{m.group('head')}{', '.join(kept)}{m.group('tail')}")
    return "\n".join(out)


def check_citations(answer_text: str, hits: list[Hit]) -> tuple[str, list[Citation]]:
    """Verify and repair the ``[n]`` citations of an answer written over ``hits`` (numbered 1..len(hits)).

    Returns the rewritten answer (markers renumbered in order of first appearance) and its citations.
    A line that repeats an earlier one word for word (small models loop) is dropped.
    """
    passages = [passage_text(h) for h in hits]
    seen: set[str] = set()
    lines_out: list[str] = []
    renumber: dict[int, int] = {}
    cited: dict[int, Citation] = {}
    for line in answer_text.strip().splitlines():
        key = " ".join(CITATION_RE.sub(" ", line).split()).lower()
        if key in seen:
            continue
        seen.add(key)
        sentences = [_check_sentence(s, passages) for s in split_sentences(line)]
        rendered = []
        for sent in sentences:
            numbers = []
            for i in sent.cites:
                if i not in renumber:
                    renumber[i] = len(renumber) + 1
                    hit = hits[i]
                    cited[i] = Citation(
                        n=renumber[i], source=hit.source, headings=list(hit.headings), label=hit.label,
                        start_line=hit.start_line, end_line=hit.end_line, text=hit.text, chunk_id=hit.chunk_id,
                    )
                citation = cited[i]
                citation.sentences.append(sent.text)
                if not sent.supported:
                    citation.supported = False
                for note in sent.notes:
                    if note not in citation.note:
                        citation.note = f"{citation.note}; {note}" if citation.note else note
                numbers.append(renumber[i])
            if sent.notes:
                logger.debug("citation check %r: %s", sent.text[:60], "; ".join(sent.notes))
            rendered.append(_with_markers(sent.text, numbers))
        if rendered:
            lines_out.append(" ".join(rendered))
    citations = sorted(cited.values(), key=lambda c: c.n)
    return "\n".join(lines_out), citations
