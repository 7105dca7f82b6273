"""``rag ask`` and ``rag chat``: grounded answers in the terminal (typer + rich only here)."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import typer

from rag.cli._batch import read_batch
from rag.errors import InputError, RagError
from rag.schema import Answer, AnswerEvent, TokenEvent, Turn

BACKENDS = ("auto", "ollama", "llamacpp", "openai", "extractive")


PROFILE_HELP = "Learner profile whose progress answers 'what should I learn next?' / 'how far along am I?'."


def _services(profile: str | None = None) -> Any:
    from rag.services import DEFAULT_PROFILE, Services
    from rag.settings import Settings

    services = Services(Settings(), profile=profile or DEFAULT_PROFILE)
    services.index.ensure_bundled()
    return services


def _check_backend(backend: str | None) -> str | None:
    if backend is not None and backend not in BACKENDS:
        raise InputError(f"Unknown backend {backend!r}: use one of {', '.join(BACKENDS)}.")
    return backend


def _read_batch(path: Path) -> list[tuple[str, list[Turn]]]:
    """Every (question, history) of a JSONL file, validated before any work; errors name the line."""
    from rag.sessions import _turns

    return [
        (obj["question"], _turns(obj["history"], where) if obj.get("history") is not None else [])
        for where, obj in read_batch(path)
    ]


def _sources(answer: Answer) -> list[str]:
    lines = []
    for c in answer.citations:
        flag = "" if c.supported else "  (not supported by this passage: check it)"
        lines.append(f"  [{c.n}] {c.label} (lines {c.start_line}-{c.end_line}){flag}")
    return lines


def _backend_line(answer: Answer) -> str:
    t = answer.timings
    timing = f"retrieve {t.get('retrieve_s', 0):.2f}s, generate {t.get('generate_s', 0):.2f}s, total {t.get('total_s', 0):.2f}s"
    line = f"backend: {answer.backend} ({timing})"
    if answer.backend_note:
        line += f"\nnote: {answer.backend_note}"
    return line


def _stream_answer(assistant: Any, question: str, history: Sequence[Turn], backend: str | None,
                   filter: str | None, k: int | None) -> Answer:
    """Show tokens as they arrive, then the checked answer, its sources and the backend line."""
    from rich.console import Console
    from rich.live import Live
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=True)
    answer: Answer | None = None
    events = assistant.stream(question, history, backend, filter, k)
    if console.is_terminal:  # tokens appear as generated; the checked answer replaces them at the end
        shown = Text()
        with Live(shown, console=console, refresh_per_second=12) as live:
            for event in events:
                if isinstance(event, TokenEvent):
                    shown.append(event.text)
                    live.update(shown)
                elif isinstance(event, AnswerEvent):
                    answer = event.answer
                    live.update(Text(answer.answer))
    else:
        answer = next(e.answer for e in events if isinstance(e, AnswerEvent))
        console.print(answer.answer, markup=False)
    assert answer is not None
    if answer.refused:
        console.print(f"(refused: {answer.refusal_reason})", style="dim", markup=False)
    sources = _sources(answer)
    if sources:
        console.print("sources:")
        for line in sources:
            console.print(line, markup=False)
    console.print(_backend_line(answer), style="dim", markup=False)
    return answer


def _answer_batch(items: list[tuple[str, list[Turn]]], assistant: Any, backend: str | None,
                  filter: str | None, k: int | None) -> None:
    """One JSON line per question, written and flushed as soon as it is answered: a later failure
    loses nothing already answered. A question that fails gets an {"question", "error"} line."""
    failed = 0
    for q, turns in items:
        try:
            line: dict[str, Any] = assistant.ask(q, turns, backend, filter, k).to_json()
        except RagError as err:
            failed += 1
            line = {"question": q, "error": str(err)}
        sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    if failed:
        raise RagError(f"{failed} of {len(items)} questions failed (see their \"error\" lines).")


def ask(
    question: str = typer.Argument(None, help="The question (omit with --batch)."),
    backend: str = typer.Option(None, "--backend", "-b", help="auto | ollama | llamacpp | openai | extractive (default RAG_LLM)."),
    history: Path = typer.Option(None, "--history", help="JSON file of earlier turns (a saved session or a list)."),  # noqa: B008
    filter: str = typer.Option(None, "--filter", help="Only search passages whose source/label contains this text."),
    k: int = typer.Option(None, "-k", min=1, max=50, help="Passages to retrieve (default RAG_K)."),
    as_json: bool = typer.Option(False, "--json", help="Print the answer as one JSON object."),
    batch: Path = typer.Option(  # noqa: B008
        None, "--batch", help="JSONL file, one {\"question\", \"history\"?} per line; prints one JSON result per line."
    ),
    profile: str = typer.Option(None, "--profile", help=PROFILE_HELP),
) -> None:
    """Answer a question from the roadmap, with numbered sources."""
    _check_backend(backend)
    if batch is not None:
        if question:
            raise InputError("Give either a QUESTION or --batch FILE, not both.")
        _answer_batch(_read_batch(batch), _services(profile).assistant, backend, filter, k)
        return
    if not question or not question.strip():
        raise InputError('No question given: run `rag ask "your question"` or `rag ask --batch FILE.jsonl`.')
    from rag.sessions import load_history

    turns = load_history(history) if history else []
    assistant = _services(profile).assistant
    if as_json:
        typer.echo(json.dumps(assistant.ask(question, turns, backend, filter, k).to_json(), ensure_ascii=False))
        return
    _stream_answer(assistant, question, turns, backend, filter, k)


def chat(
    backend: str = typer.Option(None, "--backend", "-b", help="auto | ollama | llamacpp | openai | extractive (default RAG_LLM)."),
    session: str = typer.Option(None, "--session", help="Resume and keep saving this named session."),
    profile: str = typer.Option(None, "--profile", help=PROFILE_HELP),
) -> None:
    """Chat about the roadmap. Commands: /new (forget the conversation), /save, /quit. Ctrl-D ends."""
    from rag.sessions import Session, answer_turn, load_session, save_session

    _check_backend(backend)
    services = _services(profile)
    settings, assistant = services.settings, services.assistant
    current = load_session(settings, session) if session else Session(datetime.now(UTC).strftime("chat-%Y%m%d-%H%M%S"))
    if current.turns:
        typer.echo(f"resumed session {current.name!r} ({len(current.turns)} turns)")
    typer.echo("Ask about the roadmap. /new starts over, /save saves, /quit (or Ctrl-D) ends.")
    while True:
        try:
            line = input("you> ").strip()
        except EOFError:
            typer.echo("")
            break
        if not line:
            continue
        if line in ("/quit", "/exit"):
            break
        if line == "/new":
            current.turns = []
            typer.echo("(new conversation)")
            continue
        if line == "/save":
            typer.echo(f"saved to {save_session(settings, current)}")
            continue
        answer = _stream_answer(assistant, line, current.turns, backend, None, None)
        current.turns.extend([{"role": "user", "content": line}, answer_turn(answer)])
        if session:
            save_session(settings, current)
    if session:
        save_session(settings, current)
    sys.stdout.flush()


def register(app: typer.Typer) -> None:
    app.command("ask")(ask)
    app.command("chat")(chat)
