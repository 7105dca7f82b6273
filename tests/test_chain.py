"""The answer chain with scripted chat models over the real index: streaming, citations, fallbacks, caching."""

from __future__ import annotations

import pytest
from chain_helpers import FailingMidStream, scripted, selector_for
from llm_fixtures import closed_port_url  # noqa: F401 - fixture

from rag.chain import FOCUS_PASSAGES, Assistant, build_focused_passages
from rag.errors import LLMUnavailableError
from rag.llm import SelectedBackend
from rag.schema import Answer, AnswerEvent, RetrievedEvent, TokenEvent
from rag.services import Services

VECTOR_Q = "Which vector databases does the roadmap want me to learn?"


def _assistant(services: Services, chat_model, calls: list[str] | None = None, **kw) -> Assistant:  # noqa: ANN001
    return Assistant(services.settings, services.index, backend_selector=selector_for(chat_model, calls), **kw)


def test_stream_yields_retrieved_then_tokens_then_answer(shared_services: Services) -> None:
    model = scripted("The roadmap lists FAISS, Pinecone and Weaviate as vector databases [1].")
    events = list(_assistant(shared_services, model).stream(VECTOR_Q, backend="llamacpp"))
    assert isinstance(events[0], RetrievedEvent) and events[0].hits
    assert isinstance(events[-1], AnswerEvent)
    tokens = [e for e in events if isinstance(e, TokenEvent)]
    assert len(tokens) > 5 and all(isinstance(e, TokenEvent) for e in events[1:-1])
    answer = events[-1].answer
    assert answer.answer == "The roadmap lists FAISS, Pinecone and Weaviate as vector databases [1]."
    assert answer.backend == "llamacpp:scripted" and not answer.refused
    assert "Level 2: Integration" in answer.citations[0].label
    assert {"retrieve_s", "generate_s", "first_token_s", "total_s"} <= answer.timings.keys()
    assert answer.timings["first_token_s"] <= answer.timings["total_s"]


def test_the_llm_sees_only_the_lines_that_answer(shared_services: Services) -> None:
    """The prompt's passages are the units the extractive scorer picks, best-matching passage first."""
    hits = shared_services.index.retrieve(VECTOR_Q)[:FOCUS_PASSAGES]
    kept, passages = build_focused_passages(VECTOR_Q, hits)
    assert [p["n"] for p in passages] == list(range(1, len(kept) + 1)) and len(kept) <= len(hits)
    assert "Level 2: Integration" in passages[0]["title"] and kept[0] in hits
    assert passages[0]["text"].startswith("- Vector Databases & Search: FAISS, Pinecone, Weaviate")
    assert "NLP Integration" not in passages[0]["text"]  # the section's other topics are left out
    assert "NLP Integration" in kept[0].text
    assert sum(len(p["text"]) for p in passages) < sum(len(h.text) for h in hits) / 2


def test_wrong_citation_from_the_model_is_corrected(shared_services: Services) -> None:
    assistant = _assistant(shared_services, None)
    hits, _ = build_focused_passages(VECTOR_Q, shared_services.index.retrieve(VECTOR_Q)[:FOCUS_PASSAGES])
    target = next(i for i, h in enumerate(hits, 1) if "FAISS" in h.text)
    wrong = 2 if target == 1 else 1
    model = scripted(f"Learn the vector databases FAISS, Pinecone and Weaviate [{wrong}]. Also see [9].")
    answer = _assistant(shared_services, model).ask(VECTOR_Q, backend="llamacpp")
    assert "[9]" not in answer.answer
    assert answer.answer.startswith("Learn the vector databases FAISS, Pinecone and Weaviate [1].")
    note = answer.citations[0].note
    assert "FAISS" in answer.citations[0].text
    if len(hits) > 1:  # [wrong] is another passage: the citation moves to the one that supports it
        assert f"re-attributed from [{wrong}]" in note, note
    else:  # only one passage was shown (tight focus): [wrong] points at nothing and is replaced
        assert f"removed [{wrong}]" in note and "citation added" in note, note
    assert assistant is not None


def test_an_answer_the_passages_do_not_support_is_replaced_by_quotes(shared_services: Services) -> None:
    """The model answered from its own knowledge: nothing it says is in the passages, so nothing is cited."""
    model = scripted("AI integration requires more math than ML engineering, mostly topology and number theory.")
    answer = _assistant(shared_services, model).ask(VECTOR_Q, backend="llamacpp")
    assert "topology" not in answer.answer and "FAISS" in answer.answer
    assert answer.backend == "extractive" and answer.citations and not answer.refused
    assert "cited nothing the passages support" in answer.backend_note


def test_model_refusal_is_honoured(shared_services: Services) -> None:
    model = scripted("The roadmap doesn't cover that.")
    answer = _assistant(shared_services, model).ask("Which vector databases should I learn?", backend="llamacpp")
    assert answer.refused and answer.refusal_reason == "model refused"
    assert answer.citations == [] and "It does cover:" in answer.answer


def test_llm_error_mid_stream_finishes_with_the_extractive_answer(shared_services: Services) -> None:
    events = list(_assistant(shared_services, FailingMidStream()).stream(VECTOR_Q, backend="llamacpp"))
    assert [e.text for e in events if isinstance(e, TokenEvent)][:2] == ["FAISS ", "is "]
    answer = events[-1].answer
    assert isinstance(answer, Answer) and not answer.refused
    assert answer.backend == "extractive"
    assert "failed" in answer.backend_note and "answered extractively" in answer.backend_note
    assert "Pinecone" in answer.answer and answer.citations


def test_unreachable_ollama_falls_back_with_a_note(shared_services: Services, closed_port_url: str) -> None:  # noqa: F811
    """The real selector against a closed port: Ollama is unreachable, so llama.cpp/extractive answers."""
    settings = shared_services.settings.model_copy(update={"ollama_url": closed_port_url, "llamacpp_model": "/nonexistent.gguf"})
    assistant = Assistant(settings, shared_services.index)
    answer = assistant.ask(VECTOR_Q, backend="ollama")
    assert answer.backend == "extractive" and "FAISS" in answer.answer
    assert closed_port_url.split("//")[1] in answer.backend_note or "Ollama" in answer.backend_note
    assert "fell back to extractive" in answer.backend_note


def test_backend_is_selected_once_and_failed_probe_retried_after_30s(
    shared_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    model = scripted(*["FAISS, Pinecone and Weaviate are the vector databases [1]."] * 3)
    assistant = _assistant(shared_services, model, calls)
    assistant.ask(VECTOR_Q, backend="llamacpp")
    assistant.ask(VECTOR_Q, backend="llamacpp")
    assert calls == ["llamacpp"]

    probes: list[str] = []

    def flaky(settings, requested):  # noqa: ANN001, ANN202
        probes.append(requested)
        if requested == "ollama":
            raise LLMUnavailableError("Ollama is not reachable at http://x; start it with `ollama serve`")
        return SelectedBackend(kind="extractive", name="extractive", chat_model=None, note="")

    clock = [1000.0]
    monkeypatch.setattr("rag.chain.time.monotonic", lambda: clock[0])
    assistant = Assistant(shared_services.settings, shared_services.index, backend_selector=flaky)
    first = assistant.ask(VECTOR_Q, backend="ollama")
    assert "Ollama is not reachable" in first.backend_note
    clock[0] += 10
    assistant.ask(VECTOR_Q, backend="ollama")
    assert probes.count("ollama") == 1  # within 30 s: no new probe
    clock[0] += 25
    assistant.ask(VECTOR_Q, backend="ollama")
    assert probes.count("ollama") == 2  # the failed probe is retried after 30 s


def test_intent_handler_answers_first(shared_services: Services) -> None:
    canned = Answer("q", "Learn FastAPI next.", False, [], [], "career", {})
    seen: list[tuple[str, int]] = []

    def handler(question, history):  # noqa: ANN001, ANN202
        seen.append((question, len(history)))
        return canned if "next" in question else None

    assistant = _assistant(shared_services, None, intent_handlers=[handler])
    events = list(assistant.stream("What should I learn next?", [{"role": "user", "content": "hi"}]))
    assert events == [TokenEvent("Learn FastAPI next."), AnswerEvent(canned)]  # streamed, then the answer
    assert seen == [("What should I learn next?", 1)]
    assert assistant.ask(VECTOR_Q).backend == "extractive"


def test_history_is_bounded(shared_services: Services) -> None:
    settings = shared_services.settings.model_copy(update={"history_turns": 2})
    seen: list[int] = []
    assistant = Assistant(settings, shared_services.index, backend_selector=selector_for(None),
                          intent_handlers=[lambda q, h: seen.append(len(h))])
    history = [{"role": "user", "content": f"question {i}"} for i in range(7)]
    assistant.ask(VECTOR_Q, history)
    assert seen == [2]


def test_the_passage_the_composed_lead_cites_is_numbered_first(shared_services: Services) -> None:
    """Both Level 3s take 12-24 months; a small model cites [1], so [1] must be the integration path's Level 3
    (seen with the 0.5B: "12-24 months [1]" cited the ML path's)."""
    question = "how long is integration level 3 (the advanced one)"
    hits, passages = build_focused_passages(question, shared_services.index.retrieve(question)[:FOCUS_PASSAGES])
    assert hits[0].headings[:2] == ["AI Integration Engineering Path", "Level 3: Advanced (12-24 months)"], passages
    answer = _assistant(shared_services, scripted("12-24 months [1]")).ask(question, backend="llamacpp")
    assert answer.citations[0].headings[0] == "AI Integration Engineering Path", answer.citations


def test_a_looping_model_answer_is_cut(shared_services: Services) -> None:
    model = scripted("FAISS, Pinecone and Weaviate [1].\n- Vector Databases: FAISS, Pinecone, Weaviate, Pinecone, "
                     "Weaviate, Pinecone, Weaviate, Pinecone [1]")
    answer = _assistant(shared_services, model).ask(VECTOR_Q, backend="llamacpp")
    assert "Weaviate, Pinecone" not in answer.answer and "- Vector Databases: FAISS, Pinecone, Weaviate" in answer.answer, answer.answer
