"""The embedded model's own process (rag/llm/process.py): killed or frozen mid-answer, it is restarted and
the question asked again; when the fresh process fails too, the answer is extractive with a note saying why.

Real processes throughout: the real 0.5B model in llama.cpp's server (xllamacpp), real signals.
Each test gets its own model process (a distinct n_ctx), so killing it disturbs no other test.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from llm_fixtures import TEST_THREADS, llm_home  # noqa: F401 - fixture

from rag.chain import Assistant
from rag.llm.llamacpp import ChatLlamaCpp
from rag.llm.models import ensure_model
from rag.llm.process import model_process
from rag.schema import Answer, AnswerEvent, TokenEvent
from rag.services import Services
from rag.settings import Settings
from ui.server import wait_until

pytestmark = pytest.mark.slow

QUESTION = "Which vector databases does the roadmap want me to learn?"
OTHER = "Which conferences are worth following?"


@pytest.fixture
def own_model(llm_home: Path, shared_services: Services, request: pytest.FixtureRequest) -> Iterator[Assistant]:  # noqa: F811
    """An Assistant over the shared index whose embedded model runs in a process of its own."""
    n_ctx = 3072 + 128 * (abs(hash(request.node.name)) % 8)  # a key no other test's process has
    settings = Settings(home=llm_home, llamacpp_threads=TEST_THREADS, n_ctx=n_ctx, max_tokens=48, llm="llamacpp")
    assistant = Assistant(settings, shared_services.index)
    yield assistant
    model_process(settings).stop()


def _process(assistant: Assistant):  # noqa: ANN202
    return model_process(assistant.settings)


def _ask_killing(assistant: Assistant, question: str, kills: int, sig: int = signal.SIGKILL) -> tuple[Answer, list[int]]:
    """Ask, sending ``sig`` to the model process on the first token of each of the first ``kills`` attempts."""
    process = _process(assistant)
    hit: list[int] = []
    answer: Answer | None = None
    for event in assistant.stream(question, backend="llamacpp"):
        if isinstance(event, TokenEvent) and len(hit) < kills and process.pid not in hit:
            pid = process.pid
            assert pid is not None
            os.kill(pid, sig)
            hit.append(pid)
        if isinstance(event, AnswerEvent):
            answer = event.answer
    assert answer is not None
    return answer, hit


def test_killed_mid_answer_restarts_then_falls_back_to_extractive(own_model: Assistant) -> None:
    process = _process(own_model)
    first, killed = _ask_killing(own_model, QUESTION, kills=1)
    assert len(killed) == 1 and process.pid not in killed and process.alive()
    assert process.restarts == 1
    assert first.backend == "llamacpp:qwen2.5-coder-0.5b", first.backend_note  # the fresh process answered
    assert "stopped mid-answer (killed by signal 9 (SIGKILL)); it was restarted; asked again" in first.backend_note
    assert first.answer.strip() and first.citations

    second, killed = _ask_killing(own_model, OTHER, kills=2)  # the fresh process is killed as well
    assert len(killed) == 2 and process.restarts == 3
    assert second.backend == "extractive" and not second.refused
    assert second.backend_note.count("process stopped") == 2
    assert second.backend_note.count("(killed by signal 9 (SIGKILL)); it was restarted") == 2
    assert "llamacpp:qwen2.5-coder-0.5b failed" in second.backend_note
    assert second.backend_note.endswith("answered extractively")
    assert "NeurIPS" in second.answer  # the extractive answer quotes the passages

    third = own_model.ask(QUESTION, backend="llamacpp")  # and the product goes on with the model
    assert third.backend == "llamacpp:qwen2.5-coder-0.5b" and "restarted" not in third.backend_note


def test_a_frozen_process_is_restarted_after_the_timeout(llm_home: Path, shared_services: Services) -> None:  # noqa: F811
    settings = Settings(home=llm_home, llamacpp_threads=TEST_THREADS, n_ctx=2560, max_tokens=32, llm="llamacpp",
                        llm_timeout_s=4)
    assistant = Assistant(settings, shared_services.index)
    try:
        answer, frozen = _ask_killing(assistant, QUESTION, kills=1, sig=signal.SIGSTOP)
        process = _process(assistant)
        assert frozen and process.pid not in frozen and process.alive()
        assert "stopped responding mid-answer" in answer.backend_note, answer.backend_note
        assert "sent nothing for 4 s" in answer.backend_note and "no answer to its health check); it was restarted" in answer.backend_note
        assert answer.backend == "llamacpp:qwen2.5-coder-0.5b" and answer.answer.strip()
        assert _state(frozen[0]) == "gone"  # the frozen process was killed and reaped, not left behind
    finally:
        model_process(settings).stop()


def test_a_process_that_stopped_while_idle_is_restarted_before_answering(own_model: Assistant) -> None:
    chat = own_model.select("llamacpp").chat_model
    assert isinstance(chat, ChatLlamaCpp)
    old = chat.process.pid
    assert old is not None
    os.kill(old, signal.SIGKILL)
    wait_until(lambda: not chat.process.alive(), 10, "the killed model process to exit")
    assert chat.process.status().state == "failed"
    answer = own_model.ask(QUESTION, backend="llamacpp")
    assert answer.backend == "llamacpp:qwen2.5-coder-0.5b" and chat.process.pid != old


_PARENT = """
import sys, time
from rag.llm.process import model_process
from rag.settings import Settings
process = model_process(Settings(home=sys.argv[1], llamacpp_model=sys.argv[2], llamacpp_threads=1, n_ctx=1024))
process.wait_ready(300)
print(process.pid, flush=True)
time.sleep(600)
"""


def test_the_model_process_exits_when_the_app_dies(llm_home: Path, tmp_path: Path) -> None:  # noqa: F811
    """Even a parent killed by SIGKILL (no atexit) leaves no model process behind: it watches its stdin."""
    gguf = ensure_model(Settings(home=llm_home))
    parent = subprocess.Popen([sys.executable, "-c", _PARENT, str(tmp_path), str(gguf)], stdout=subprocess.PIPE)
    try:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        os.kill(child, 0)  # running
    finally:
        parent.kill()
        parent.wait(timeout=30)

    def gone() -> bool:
        return _state(child) in ("gone", "Z")  # exited (a zombie until init reaps it)

    wait_until(gone, 30, f"the model process {child} to exit after its parent was killed")


def _state(pid: int) -> str:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return "gone"
    return next((line.split()[1] for line in status.splitlines() if line.startswith("State:")), "?")


def test_while_the_model_loads_answers_are_extractive_and_say_so(llm_home: Path, shared_services: Services) -> None:  # noqa: F811
    """The UI does not wait for the model (RAG_LLM_START_WAIT_S=0): it answers extractively meanwhile,
    and with the model as soon as it is up (the backend is probed again on every question while loading)."""
    settings = Settings(home=llm_home, llamacpp_threads=TEST_THREADS, n_ctx=2304, max_tokens=32, llm="auto",
                        llm_start_wait_s=0, ollama_url="http://127.0.0.1:9")
    assistant = Assistant(settings, shared_services.index)
    process = model_process(settings)
    try:
        assert process.status().state == "idle"
        early = assistant.ask(QUESTION)
        assert early.backend == "extractive" and early.citations
        assert "qwen2.5-coder-0.5b is still loading" in early.backend_note
        assert "answering extractively until it is up" in early.backend_note
        wait_until(lambda: process.status().state == "ready", 300, "the model process to be up")
        later = assistant.ask(QUESTION)
        assert later.backend == "llamacpp:qwen2.5-coder-0.5b", later.backend_note
    finally:
        process.stop()
