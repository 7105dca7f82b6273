"""Refusing on evidence and scope, on the real index, without ever calling the LLM."""

from __future__ import annotations

import re

import pytest
from chain_helpers import ForbiddenChatModel, selector_for

from rag.chain import Assistant
from rag.refusal import evidence_score, is_model_refusal, out_of_scope
from rag.services import Services


@pytest.fixture(scope="module")
def guarded(shared_services: Services) -> Assistant:
    """An assistant whose LLM fails the test if called."""
    return Assistant(shared_services.settings, shared_services.index, backend_selector=selector_for(ForbiddenChatModel()))


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("What salary can I expect in Berlin?", "out of scope"),
        ("How do I bake bread?", "out of scope"),
        ("How do I configure Kubernetes autoscaling for Pinecone?", "not stated"),
        ("What learning rate should I use when fine-tuning Llama with LoRA?", "not stated"),
        ("who won the 2018 world cup?", "weak evidence"),
        # (FAISS is in the roadmap: weak evidence for the install, never "doesn't mention faiss")
        ("how do i install FAISS with gpu support on windows?? level 2 says learn FAISS but pip install faiss-gpu keeps "
         "failing for me", "weak evidence"),
        ("Is Weaviate open source, and can it run on-prem behind our firewall?", "weak evidence"),
    ],
)
def test_refuses_without_calling_the_llm_and_names_what_is_covered(guarded: Assistant, question: str, reason: str) -> None:
    answer = guarded.ask(question, backend="llamacpp")
    assert answer.refused and answer.refusal_reason == reason, (answer.refusal_reason, answer.answer)
    assert answer.citations == []
    if reason == "not stated":  # far from the roadmap and naming a tool it never mentions: that tool is said
        named = re.match(r"The roadmap doesn't mention (\w+)", answer.answer)
        assert named and named.group(1) in question and "The closest it comes:" in answer.answer, answer.answer
    else:
        assert "It does cover:" in answer.answer or "It covers:" in answer.answer
        assert "AI Integration Engineering Path" in answer.answer and "Resource Library" in answer.answer
    assert answer.retrieved, "the retrieved passages are still reported"


def test_coding_request_is_declined_politely(guarded: Assistant) -> None:
    answer = guarded.ask("Write me a function that reverses a linked list", backend="llamacpp")
    assert answer.refused and answer.refusal_reason == "out of scope"
    assert answer.answer.startswith("I can't write code for you")


def test_evidence_separates_answerable_from_unanswerable(shared_services: Services) -> None:
    index, threshold = shared_services.index, shared_services.settings.min_evidence
    for q in ["Which vector databases should I learn?", "What does this roadmap actually cover?"]:
        assert evidence_score(q, index.retrieve(q)) >= threshold, q
    for q in ["How do I configure Kubernetes autoscaling for Pinecone?", "What GPU should I buy?"]:
        assert evidence_score(q, index.retrieve(q)) < threshold, q


def test_scope_rules_do_not_catch_roadmap_questions() -> None:
    for q in ["How do I implement vector search?", "Which Python skills do I need?", "How much math do I need?",
              "What should I write in my project portfolio?"]:
        assert out_of_scope(q) == "", q
    assert out_of_scope("How much does the Coursera specialization cost?") == "other"
    assert out_of_scope("hello!") == "chitchat"


def test_model_refusal_phrases_are_detected() -> None:
    assert is_model_refusal("The roadmap doesn't cover that.")
    assert is_model_refusal("The passages do not mention salaries.")
    assert not is_model_refusal("Learn FAISS and Pinecone [1].")
