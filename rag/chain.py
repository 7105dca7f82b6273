"""The answer chain (LangChain LCEL): condense → retrieve → evidence gate → prompt → generate → check.

``Assistant.stream`` yields ``RetrievedEvent``, then ``TokenEvent``s as the model produces them, then one
``AnswerEvent``; ``Assistant.ask`` consumes the stream. Backends are selected once per requested kind and
cached; an unreachable LLM falls back to llama.cpp, then to the extractive backend, and an LLM failure
mid-answer finishes with the extractive answer, the reason always in ``Answer.backend_note``. When the
embedded model's process crashes or hangs mid-answer it is restarted and the question asked once more;
while it is still starting, questions are answered extractively (and the backend probed again each time).
"""

from __future__ import annotations

import logging
import re
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Protocol, cast

from langchain_core.language_models import BaseChatModel
from langchain_core.output_parsers import StrOutputParser
from langchain_core.runnables import Runnable, RunnableLambda, RunnablePassthrough

from rag.answerability import asked_for, check_answerable
from rag.citations import check_citations, cited_numbers, cut_loops, drop_unsupported_items
from rag.condense import condense, to_messages
from rag.errors import (
    ConfigError,
    LLMUnavailableError,
    ModelProcessError,
    ModelStartingError,
    ModelUnavailableError,
)
from rag.extractive import in_paths, is_shared_section, parse_units, select_units
from rag.lead import (
    LIST_ITEM,
    Lead,
    carries_answer,
    compose_lead,
    extractive_answer,
    is_label_line,
    is_prose_line,
    paths_asked,
)
from rag.prompts import render_messages
from rag.refusal import (
    REFUSAL_SENTENCE,
    evidence_score,
    is_model_refusal,
    nearby_sections,
    out_of_scope,
    refusal_text,
)
from rag.schema import Answer, AnswerEvent, Hit, RetrievedEvent, StreamEvent, TokenEvent, Turn
from rag.settings import Settings
from rag.terms import (
    CITATION_RE,
    asking_part,
    asking_sentence,
    own_question,
    spell_out_shorthand,
    without_asker,
)

if TYPE_CHECKING:  # pragma: no cover
    from rag.index import Index

logger = logging.getLogger(__name__)

__all__ = ["Assistant", "Choice", "IntentHandler", "build_focused_passages"]

FOCUS_PASSAGES = 5  # the passages whose best units an LLM sees, and the extractive backend quotes
REPROBE_AFTER_S = 30.0  # a failed probe of the requested backend is retried after this long
FALLBACK_ORDER = ("ollama", "llamacpp", "extractive")
BACKENDS = ("auto", *FALLBACK_ORDER, "openai")  # openai (the user's own server) falls back to llamacpp

IntentHandler = Callable[[str, Sequence[Turn]], Answer | None]


class SelectedBackendLike(Protocol):
    """What the chain reads from ``rag.llm.SelectedBackend``."""

    @property
    def kind(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def chat_model(self) -> BaseChatModel | None: ...
    @property
    def note(self) -> str: ...


@dataclass
class Choice:
    """The backend answering, with why it was chosen (copied from the selector's SelectedBackend)."""

    kind: str = "extractive"
    name: str = "extractive"
    chat_model: BaseChatModel | None = None
    note: str = ""

    @classmethod
    def of(cls, selected: SelectedBackendLike, reasons: Sequence[str] = ()) -> Choice:
        notes = list(reasons)
        if notes:
            notes.append(f"fell back to {selected.kind}")
        if selected.note:
            notes.append(selected.note)
        return cls(selected.kind, selected.name, selected.chat_model, "; ".join(notes))


@dataclass
class _CachedBackend:
    selected: Choice
    at: float
    degraded: bool  # the requested backend was not available: probe again after REPROBE_AFTER_S
    starting: bool = False  # ... only because the embedded model is still loading: probe again every time


def backend_label(selected: SelectedBackendLike) -> str:
    """``llamacpp:qwen2.5-coder-0.5b``, ``ollama:qwen2.5:1.5b-instruct`` or ``extractive``."""
    if selected.kind == "extractive" or selected.chat_model is None:
        return "extractive"
    prefix = f"{selected.kind}:"
    return selected.name if selected.name.startswith(prefix) else prefix + selected.name


def build_focused_passages(question: str, hits: list[Hit]) -> tuple[list[Hit], list[dict[str, Any]]]:
    """The passages an LLM sees, cut down to the units the extractive scorer picks for ``question``.

    Returns the cited hits (best-matching first; ``[n]`` cites ``hits_out[n-1]``) and the ``passages`` variable of
    ``prompts/answer.j2``: each hit's title and its chosen units in document order, one per line.
    """
    prompt_hits, passages, _ = focus_prompt(question, hits)
    return prompt_hits, passages


def focus_prompt(question: str, hits: list[Hit]) -> tuple[list[Hit], list[dict[str, Any]], Lead | None]:
    """``build_focused_passages``, and the lead the extractive answer over ``hits`` opens with, its ``[n]``
    renumbered to cite the prompt's passages.

    An LLM's answer is checked against this lead (and gets it put first when its own first sentence does not
    answer), so every backend opens with the same answer: a lead composed again over the focused passages alone
    can pick another unit ("Which ML conferences …?": Research & Development's "ML conferences" resource rather
    than the Conferences list, once the other passages that share "ML" are cut away).
    """
    chosen = select_units(question, hits)
    by_rank: dict[int, list[Any]] = {}
    for rank, unit in chosen:
        by_rank.setdefault(rank, []).append(unit)
    kept = list(by_rank)  # in the order of each hit's best unit: the best-matching passage is [1]
    # the one path the question names is seen, though none of its units scored best ("does the integration path
    # have me training CNNs?": its passage shows it has none)
    # the passages the composed lead cites are seen too (the LLM's answer is checked against that lead)
    def see(rank: int) -> None:  # a passage added to the prompt: its best units, else its first unit
        by_rank[rank] = [u for _, u in select_units(question, [hits[rank]])] or parse_units(hits[rank])[:1]
        kept.append(rank)

    lead = compose_lead(question, chosen, hits)
    led: list[int] = []  # the passages the composed lead cites, in its order
    for n in cited_numbers(lead.sentence if lead else ""):
        if 0 < n <= len(hits) and n - 1 not in led:
            led.append(n - 1)
            if n - 1 not in by_rank:
                see(n - 1)
    asked = paths_asked(own_question(question), hits) or paths_asked(question, hits)
    if len(asked) == 1 and not any(in_paths(hits[r], asked) and not is_shared_section(hits[r]) for r in kept):
        theirs = next((r for r, h in enumerate(hits) if in_paths(h, asked) and not is_shared_section(h)), None)
        if theirs is not None:
            see(theirs)
    # the lead's passages come first: a small model cites [1] by default, and the lead is the surest pick
    # ("how long is integration level 3": both Level 3s take 12-24 months, and [1] must be the integration one)
    kept = [r for r in led if r in by_rank] + [r for r in kept if r not in led]
    passages = [
        {
            "n": i,
            "title": " › ".join(hits[rank].headings) or hits[rank].source,
            "text": "\n".join(f"- {u.text(with_context=False)}" for u in sorted(by_rank[rank], key=lambda u: u.order)),
        }
        for i, rank in enumerate(kept, start=1)
    ]
    return [hits[rank] for rank in kept], passages, _renumbered(lead, hits, [hits[rank] for rank in kept])


def _renumbered(lead: Lead | None, hits: list[Hit], prompt_hits: list[Hit]) -> Lead | None:
    """``lead`` (citing ``hits``) citing ``prompt_hits`` instead; None when it cites a passage the prompt does not hold."""
    if lead is None:
        return None
    where = {id(h): i for i, h in enumerate(prompt_hits, start=1)}

    def renumber(m: re.Match[str]) -> str:
        numbers = cited_numbers(m.group(0))
        if not all(0 < n <= len(hits) and id(hits[n - 1]) in where for n in numbers):
            raise LookupError
        return "[" + ", ".join(str(where[id(hits[n - 1])]) for n in numbers) + "]"

    try:
        return replace(lead, sentence=CITATION_RE.sub(renumber, lead.sentence))
    except LookupError:
        return None


class Assistant:
    """Answers questions over an :class:`~rag.index.Index` with the configured generator backend."""

    def __init__(
        self,
        settings: Settings,
        index: Index,
        backend_selector: Callable[[Settings, str], SelectedBackendLike] | None = None,
        intent_handlers: Sequence[IntentHandler] = (),
    ):
        self.settings = settings
        self.index = index
        self._selector = backend_selector
        self.intent_handlers = list(intent_handlers)
        self._backends: dict[str, _CachedBackend] = {}
        self._cited_headings: OrderedDict[str, list[str]] = OrderedDict()
        self._sections: list[str] | None = None
        self._prepare: Runnable = (
            RunnablePassthrough.assign(standalone=RunnableLambda(self._condense_step))
            | RunnablePassthrough.assign(hits=RunnableLambda(self._retrieve_step))
            | RunnablePassthrough.assign(gate=RunnableLambda(self._gate_step))
        )

    # --- backends -----------------------------------------------------------------------------
    def _select_one(self, kind: str) -> SelectedBackendLike:
        selector = self._selector
        if selector is None:
            from rag.llm import select_backend

            selector = self._selector = select_backend
        return selector(self.settings, kind)

    def _probe(self, requested: str) -> tuple[Choice, bool, bool]:
        """Select ``requested``; when it cannot be reached walk down FALLBACK_ORDER, noting why.

        Returns (choice, degraded, starting): ``starting`` when only a still-loading embedded model is missing.
        """
        order = [requested] + [k for k in FALLBACK_ORDER[FALLBACK_ORDER.index("llamacpp") :] if k != requested]
        if requested == "extractive":
            order = ["extractive"]
        reasons: list[str] = []
        starting = False
        for kind in order:
            try:
                selected = self._select_one(kind)
            except (LLMUnavailableError, ModelUnavailableError, ConfigError) as err:
                logger.warning("backend %s unavailable: %s", kind, err)
                reasons.append(str(err))
                starting = starting or isinstance(err, ModelStartingError)
                continue
            degraded = bool(reasons) or (requested == "auto" and selected.kind != "ollama")
            starting = starting or bool(getattr(selected, "starting", False))
            return Choice.of(selected, reasons), degraded, starting
        return Choice(note="; ".join([*reasons, "fell back to extractive"])), True, starting

    def select(self, backend: str | None = None) -> Choice:
        """The backend answering for ``backend`` (default ``settings.llm``), probed once and cached."""
        requested = backend or self.settings.llm
        if requested not in BACKENDS:
            raise ConfigError(f"Unknown backend {requested!r}: use one of {', '.join(BACKENDS)} (RAG_LLM or --backend).")
        cached = self._backends.get(requested)
        now = time.monotonic()
        if cached and not cached.starting and (not cached.degraded or now - cached.at < REPROBE_AFTER_S):
            return cached.selected
        selected, degraded, starting = self._probe(requested)
        if cached and (cached.selected.kind, cached.selected.name) == (selected.kind, selected.name):
            if not starting:
                selected = cached.selected  # same backend as before: keep the loaded model
        self._backends[requested] = _CachedBackend(selected, now, degraded, starting)
        return selected

    def _mark_failed(self, backend: str | None) -> None:
        self._backends.pop(backend or self.settings.llm, None)

    # --- chain steps (LCEL) -------------------------------------------------------------------
    def _condense_step(self, state: dict[str, Any]) -> str:
        started = time.perf_counter()
        result = self.condense(state["question"], state["history"], state["chat_model"])
        state["timings"]["condense_s"] = time.perf_counter() - started
        return result

    def _retrieve_step(self, state: dict[str, Any]) -> list[Hit]:
        started = time.perf_counter()
        # an afterthought after the question mark ("… ? i'm still on notepad++ haha") is not searched for
        query = asking_part(state["standalone"])
        # (also without who asks: "ICU nurse going part-time to study. What … beginner milestones on the integration track?")
        hits = self.index.retrieve_either(query, without_asker(query), k=state["k"] or self.settings.k, filter=state["filter"])
        state["timings"]["retrieve_s"] = time.perf_counter() - started
        return hits

    def _gate_step(self, state: dict[str, Any]) -> tuple[str, str, float]:
        """(refusal_reason, detail, evidence score); the reason is "" to answer.

        ``detail`` is the out-of-scope kind, or for "not stated" what the passages do not state.
        """
        score = evidence_score(state["standalone"], state["hits"])
        if not state["question"].strip():
            return "empty question", "", score
        # (who asks is not what is asked: "Line cook, 31, finally doing this." is no cooking question)
        kind = out_of_scope(without_asker(state["question"], context=True)) or out_of_scope(without_asker(state["standalone"], context=True))
        if kind:
            return "out of scope", kind, score
        if score < self.settings.min_evidence and (asked := asked_for(state["standalone"])).kind == "yesno" and asked.detail not in ("", "that"):
            # the thing a yes/no points back to is what is asked about ("my cousin says docker is dead. does the
            # roadmap still list it?": Docker, not the cousin)
            score = max(score, evidence_score(asked.detail, state["hits"]))
        if score < self.settings.min_evidence and (asking := asking_sentence(state["standalone"])) != state["standalone"]:
            # what the person says of themselves first is no evidence against what they ask ("I've been a chef for 15
            # years and never written a line of code. What do I have to learn before I start either path?")
            score = max(score, evidence_score(asking, state["hits"]))
        verdict = check_answerable(state["standalone"], state["hits"][:FOCUS_PASSAGES])
        if score < self.settings.min_evidence:
            # a name the passages never mention is said ("is kubernetes in here?": "doesn't mention Kubernetes")
            # (a word, not a number: "who won the 2018 world cup?" is just not covered)
            named = (not verdict.answerable and verdict.missing.startswith("mention ") and verdict.missing != "mention that"
                     and not re.search(r"\d", verdict.missing))
            # (only names the whole roadmap never uses: "level 2 says learn FAISS but pip install faiss-gpu keeps
            # failing" is weak evidence for the install, not a roadmap without FAISS)
            vocabulary = self.index.vocabulary()
            absent = [n for n in verdict.missing.removeprefix("mention ").split(" or ") if not vocabulary.mentions(n)] if named else []
            return ("not stated", "mention " + " or ".join(absent), score) if absent else ("weak evidence", "", score)
        if not verdict.answerable:
            return "not stated", verdict.missing, score
        return "", "", score

    def _messages(self, state: dict[str, Any]) -> list[Any]:
        passages = state["passages"]
        pairs = render_messages(
            "answer", self.settings.prompts_dir, question=state["standalone"], passages=passages,
            refusal=REFUSAL_SENTENCE,
        )
        return to_messages(pairs)

    def generation_chain(self, chat_model: BaseChatModel) -> Runnable:
        """prompt | model | StrOutputParser, streamed token by token."""
        return RunnableLambda(self._messages) | chat_model | StrOutputParser()

    # --- public API ---------------------------------------------------------------------------
    def condense(self, question: str, history: Sequence[Turn] | None, chat_model: BaseChatModel | None = None) -> str:
        """Standalone form of a follow-up question (LLM when ``chat_model`` is given, else deterministic)."""
        history = self._bounded(history)
        return condense(question, history, chat_model, self._previous_headings(history), self.settings.prompts_dir,
                        self.index.path_titles())

    def ask(
        self,
        question: str,
        history: Sequence[Turn] | None = None,
        backend: str | None = None,
        filter: str | None = None,
        k: int | None = None,
    ) -> Answer:
        """The complete answer (consumes :meth:`stream`)."""
        answer: Answer | None = None
        for event in self.stream(question, history, backend, filter, k):
            if isinstance(event, AnswerEvent):
                answer = event.answer
        assert answer is not None  # stream always ends with an AnswerEvent
        return answer

    def stream(
        self,
        question: str,
        history: Sequence[Turn] | None = None,
        backend: str | None = None,
        filter: str | None = None,
        k: int | None = None,
    ) -> Iterator[StreamEvent]:
        """Yield RetrievedEvent, TokenEvents as generated, then the final AnswerEvent."""
        started = time.perf_counter()
        history = self._bounded(history)
        asked, question = question, spell_out_shorthand(question)  # "lvl 2" is "level 2" to everything below
        question = self.index.vocabulary().correct(question)  # "confrences": the documents' "conferences"
        for handler in self.intent_handlers:
            handled = handler(question, history)
            if handled is not None:
                handled.question = asked
                handled.timings.setdefault("total_s", time.perf_counter() - started)
                for line in handled.answer.splitlines(keepends=True):  # streamed like any answer
                    yield TokenEvent(line)
                yield AnswerEvent(handled)
                return
        selected = self.select(backend)
        timings: dict[str, float] = {}
        state = self._prepare.invoke(
            {"question": question, "history": history, "chat_model": selected.chat_model, "filter": filter,
             "k": k, "timings": timings}
        )
        hits: list[Hit] = state["hits"]
        label = backend_label(selected)
        yield RetrievedEvent(state["standalone"], hits, label)
        base = Answer(
            question=asked, answer="", refused=False, citations=[], retrieved=hits, backend=label,
            timings=timings, standalone_question=state["standalone"], backend_note=selected.note,
            extra={"evidence": round(state["gate"][2], 4)},
        )
        reason, kind, _ = state["gate"]
        if reason:
            base.refused, base.refusal_reason = True, reason
            if reason == "not stated":
                base.answer = refusal_text(
                    reason, self._covered_sections(hits), "", self.settings.prompts_dir,
                    missing=kind, nearby=nearby_sections(hits[:3]),
                )
                base.extra["missing"] = kind
            else:
                base.answer = refusal_text(reason, self._covered_sections(hits), kind, self.settings.prompts_dir)
            timings.setdefault("generate_s", 0.0)
        else:
            if selected.chat_model is None:
                state["prompt_hits"] = hits[:FOCUS_PASSAGES]
            else:
                state["prompt_hits"], state["passages"], state["lead"] = focus_prompt(state["standalone"], hits[:FOCUS_PASSAGES])
            yield from self._generate(state, selected, base, backend)
        timings["total_s"] = time.perf_counter() - started
        self._remember(base)
        yield AnswerEvent(base)

    # --- generation ---------------------------------------------------------------------------
    def _generate(
        self, state: dict[str, Any], selected: Choice, answer: Answer, backend: str | None
    ) -> Iterator[TokenEvent]:
        """Stream the backend's tokens into ``answer`` (falling back as needed), then check citations."""
        timings = answer.timings
        started = time.perf_counter()
        prompt_hits: list[Hit] = state["prompt_hits"]
        text = ""
        retried = False
        while selected.chat_model is not None:
            parts: list[str] = []
            try:
                for token in self.generation_chain(self._sized(selected, state)).stream(state):
                    if not parts:
                        timings["first_token_s"] = time.perf_counter() - started
                    parts.append(token)
                    yield TokenEvent(token)
                text = "".join(parts)
                break
            except ModelProcessError as err:  # the model's process crashed or hung (and was restarted?)
                logger.warning("model process failed while answering: %s", err)
                if err.restarted and not retried:
                    retried = True
                    answer.backend_note = self._note(answer, f"{err}; asked again")
                    if parts:  # what streamed so far is replaced by the new answer
                        yield TokenEvent("\n\n")
                    continue
                answer.backend_note = self._note(answer, f"{answer.backend} failed: {err}")
                break
            except LLMUnavailableError as err:
                if parts:
                    answer.backend_note = self._note(answer, f"{answer.backend} failed mid-answer: {err}")
                    break
                self._mark_failed(backend)
                selected = self._next_backend(selected, str(err))
                answer.backend, answer.backend_note = backend_label(selected), selected.note
            except Exception as err:  # noqa: BLE001 - any LLM failure ends in the extractive answer
                logger.warning("LLM failed while answering: %s", err)
                answer.backend_note = self._note(answer, f"{answer.backend} failed while answering ({err})")
                break
        if not text.strip():
            if selected.chat_model is not None:  # the LLM failed or said nothing
                text = self._answer_extractively(answer, state, "answered extractively")
            else:
                text = extractive_answer(state["standalone"], prompt_hits)
            if not timings.get("first_token_s"):
                timings["first_token_s"] = time.perf_counter() - started
                if not is_model_refusal(text.split("\n", 1)[0][:200]):
                    # Nothing was streamed and the whole text is known: check its citations first, so the
                    # streamed lines are the final answer (no renumbering after the stream; docs/api.md).
                    answer.answer, answer.citations = check_citations(text, prompt_hits)
                    for line in answer.answer.splitlines(keepends=True):
                        yield TokenEvent(line)
                    timings["generate_s"] = time.perf_counter() - started
                    return
                for line in text.splitlines(keepends=True):
                    yield TokenEvent(line)
        timings["generate_s"] = time.perf_counter() - started
        text = drop_unsupported_items(cut_loops(text), prompt_hits)
        if is_model_refusal(text.split("\n", 1)[0][:200]):
            answer.refused, answer.refusal_reason = True, "model refused"
            answer.answer = refusal_text("weak evidence", self._covered_sections(prompt_hits), "", self.settings.prompts_dir)
            return
        answer.answer, answer.citations = check_citations(text, prompt_hits)
        if not answer.citations and answer.backend != "extractive":
            # No sentence of the model's answer is supported by a passage: it answered from its own
            # knowledge (small models do). Quote the passages instead, and say so.
            quoted = self._answer_extractively(
                answer, state, "the model's answer cited nothing the passages support; answered extractively"
            )
            answer.answer, answer.citations = check_citations(quoted, prompt_hits)
        elif answer.backend != "extractive":
            led = self._lead_first(state, text, answer)
            if led != text:
                answer.answer, answer.citations = check_citations(led, prompt_hits)
            if (supported := self._with_extractive_support(state, led, answer)) != led:
                answer.answer, answer.citations = check_citations(supported, prompt_hits)

    @staticmethod
    def _lead_first(state: dict[str, Any], text: str, answer: Answer) -> str:
        """The model's answer, with the composed lead put first when its first sentence does not answer.

        A first line that is a section label or a heading (small models echo the passage title) is dropped, and
        so is any line that only repeats a passage's heading path.
        """
        hits: list[Hit] = state["prompt_hits"]
        # (a line that only echoes a passage's heading path says nothing: dropped wherever it stands)
        labels = [h.label for h in hits]
        kept = [ln for ln in text.strip().splitlines() if ln.strip() and not is_label_line(ln, labels)]
        lead: Lead | None = state["lead"]  # (set with the prompt's passages whenever a model answers)
        if lead is None or carries_answer(text, lead):
            return "\n".join(kept) if len(kept) < len([ln for ln in text.splitlines() if ln.strip()]) else text
        lines = kept
        if lines and not is_prose_line(lines[0]) and not LIST_ITEM.match(lines[0]):
            lines = lines[1:]
        answer.extra["lead"] = "composed"
        return cut_loops("\n".join([lead.sentence, *lines]))  # (a model line the lead already says is dropped)

    @staticmethod
    def _with_extractive_support(state: dict[str, Any], text: str, answer: Answer, limit: int = 2) -> str:
        """The model's answer, with the extractive answer's detail lines for the sections it cites and the model's
        answer does not (at most ``limit``).

        A small model often keeps only its opening sentence and drops the line citing the section that holds the
        rest of the answer (seen with the 0.5B on the fourteenth session's probes: "which of those is a book?"
        kept the Resource Library's books, not the topic the conversation was about). The added lines are the
        extractive answer's own, so each comes from the section it cites.
        """
        hits: list[Hit] = state["prompt_hits"]
        cited = {c.label for c in answer.citations}
        present = {" ".join(CITATION_RE.sub(" ", ln).split()).lower() for ln in text.splitlines()}
        added: list[str] = []
        for line in extractive_answer(state["standalone"], hits).splitlines()[1:]:
            labels = {hits[n - 1].label for n in cited_numbers(line) if 0 < n <= len(hits)}
            key = " ".join(CITATION_RE.sub(" ", line).split()).lower()
            if line.startswith("- ") and labels and not labels & cited and key not in present:
                added.append(line)
                cited |= labels
            if len(added) >= limit:
                break
        if not added:
            return text
        answer.extra["support"] = "extractive"
        return "\n".join([text.rstrip(), *added])

    def _answer_extractively(self, answer: Answer, state: dict[str, Any], why: str) -> str:
        """The extractive answer over the prompt's passages, replacing an LLM's; ``why`` goes in the note."""
        answer.backend_note = self._note(answer, why)
        answer.backend = "extractive"
        return extractive_answer(state["standalone"], state["prompt_hits"])

    def _sized(self, selected: Choice, state: dict[str, Any]) -> BaseChatModel:
        """The chat model, with Ollama's context window sized to this prompt (llama.cpp's is fixed)."""
        assert selected.chat_model is not None
        if selected.kind != "ollama":
            return selected.chat_model
        from rag.llm import SelectedBackend, sized_for_prompt
        from rag.llm.ollama import estimate_tokens

        prompt = "\n".join(str(m.content) for m in self._messages(state))
        backend = SelectedBackend("ollama", selected.name, selected.chat_model, selected.note, self.settings.n_ctx)
        return sized_for_prompt(backend, self.settings, estimate_tokens(prompt)).chat_model or selected.chat_model

    def _next_backend(self, failed: Choice, reason: str) -> Choice:
        """The next backend after ``failed`` could not be reached at answer time."""
        start = FALLBACK_ORDER.index(failed.kind) + 1 if failed.kind in FALLBACK_ORDER else FALLBACK_ORDER.index("llamacpp")
        later = FALLBACK_ORDER[start:]
        for kind in later:
            if kind == "extractive":
                break
            try:
                chosen = self._select_one(kind)
            except (LLMUnavailableError, ModelUnavailableError, ConfigError) as err:
                reason = f"{reason}; {err}"
                continue
            return Choice.of(chosen, [reason])
        return Choice(note=f"{reason}; fell back to extractive")

    @staticmethod
    def _note(answer: Answer, note: str) -> str:
        return f"{answer.backend_note}; {note}" if answer.backend_note else note

    # --- conversation memory --------------------------------------------------------------------
    def _bounded(self, history: Sequence[Turn] | None) -> list[Turn]:
        if not history or self.settings.history_turns == 0:
            return []
        return list(history)[-self.settings.history_turns :]

    def _remember(self, answer: Answer) -> None:
        """Keep the headings an answer cited, so a follow-up to it can be condensed without an LLM."""
        self._cited_headings[answer.answer] = [c.headings[-1] for c in answer.citations if c.headings]
        while len(self._cited_headings) > 256:
            self._cited_headings.popitem(last=False)

    def _previous_headings(self, history: Sequence[Turn]) -> list[str]:
        for turn in reversed(history):
            if turn.get("role") == "assistant":
                stored = cast(dict[str, Any], turn).get("headings")  # written by rag.sessions
                if isinstance(stored, list) and stored:
                    return [str(h) for h in stored]
                return self._cited_headings.get(turn.get("content", ""), [])
        return []

    def _covered_sections(self, hits: list[Hit]) -> list[str]:
        """The roadmap's top-level sections (what a refusal says the roadmap does cover)."""
        if self._sections is None:
            try:
                broad = self.index.retrieve("learning roadmap paths skills resources milestones", k=50)
            except Exception as err:  # noqa: BLE001 - the refusal still works with the retrieved hits
                logger.debug("could not list sections: %s", err)
                broad = []
            self._sections = _top_sections(broad) or []
        return self._sections or _top_sections(hits)


def _top_sections(hits: list[Hit]) -> list[str]:
    """Distinct first headings of ``hits`` in document order (Table of Contents left out)."""
    ordered = sorted((h for h in hits if h.headings), key=lambda h: (h.source, h.start_line))
    names = [h.headings[0] for h in ordered if h.headings[0].lower() != "table of contents"]
    return list(dict.fromkeys(names))[:8]
