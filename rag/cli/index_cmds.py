"""``rag ingest``, ``rag search`` and ``rag status``: the index commands (typer + rich live only here)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from rag.cli._batch import read_batch
from rag.errors import InputError


def _services() -> Any:
    from rag.services import Services
    from rag.settings import Settings

    return Services(Settings())


def ingest(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or folders to index (Markdown, text, PDF, HTML).")
    ] = None,
    prune: Annotated[
        bool, typer.Option("--prune", help="Remove indexed documents no longer present under the folders.")
    ] = False,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Drop the whole index and re-ingest from scratch.")] = False,
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Without PATH: index the bundled roadmap only when the index is empty.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the ingest report as JSON.")] = False,
) -> None:
    """Index documents incrementally: unchanged files are skipped, changed ones replaced."""
    services = _services()
    index = services.index
    if not paths:
        if not if_empty:
            raise InputError("No PATH given: run `rag ingest PATH...` or `rag ingest --if-empty`.")
        report = index.ensure_bundled()
        if report is None:
            stats = index.stats()
            typer.echo(f"index already holds {stats['documents']} documents ({stats['chunks']} chunks); nothing to do")
            return
    else:
        report = _ingest_with_progress(index, paths, prune, rebuild, quiet=as_json)
    if as_json:
        typer.echo(json.dumps(report.to_json()))
    else:
        for line in report.summary_lines():
            typer.echo(line)


def _ingest_with_progress(index: Any, paths: list[Path], prune: bool, rebuild: bool, quiet: bool) -> Any:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    if quiet or not console.is_terminal:
        return index.ingest(paths, prune=prune, rebuild=rebuild)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("ingesting", total=None)

        def progress(done: int, total: int, path: str) -> None:
            bar.update(task, completed=done, total=total, description=f"ingesting {path[-40:]}")

        return index.ingest(paths, prune=prune, rebuild=rebuild, progress=progress)


def search(
    question: Annotated[str | None, typer.Argument(help="The question or keywords to search for.")] = None,
    k: Annotated[
        int | None, typer.Option("-k", "--k", min=1, max=50, help="Number of passages (default RAG_K).")
    ] = None,
    filter: Annotated[
        str | None, typer.Option("--filter", help="Keep only passages whose label contains this text.")
    ] = None,
    batch: Annotated[
        Path | None, typer.Option("--batch", help="JSONL file, one object with a 'question' field per line.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (one object per question).")] = False,
) -> None:
    """Hybrid search (dense + BM25, fused by RRF) over the index; no LLM involved."""
    if batch is not None:
        questions = [obj["question"] for _, obj in read_batch(batch)]
    elif question:
        questions = [question]
    else:
        raise InputError('No question given: run `rag search "your question"` or `rag search --batch FILE.jsonl`.')
    services = _services()
    index = services.index
    index.ensure_bundled()
    for q in questions:
        hits = index.retrieve(q, k=k, filter=filter)
        if as_json:
            typer.echo(json.dumps({"question": q, "hits": [h.to_json() for h in hits]}, ensure_ascii=False))
        else:
            _print_hits(q, hits)


def _print_hits(question: str, hits: list[Any]) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console(soft_wrap=True)
    console.print(f"[bold]{escape(question)}[/bold]", highlight=False)
    if not hits:
        console.print("  no matching passages")
    for hit in hits:
        console.print(
            f"[cyan]{hit.rank}.[/cyan] [bold]{escape(hit.label)}[/bold] (lines {hit.start_line}-{hit.end_line}, "
            f"score {hit.score:.4f})",
            highlight=False,
        )
        snippet = " ".join(hit.text.split())
        console.print(f"   {snippet[:240]}{'…' if len(snippet) > 240 else ''}", highlight=False, markup=False)


def status(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Where the index lives and what it holds (reads SQLite only; does not load the model)."""
    stats = _services().index.stats()
    if as_json:
        typer.echo(json.dumps(stats))
        return
    dim = f" (dim {stats['embedding_dim']})" if stats["embedding_dim"] else ""
    typer.echo(f"RAG_HOME:        {stats['home']}")
    typer.echo(f"documents:       {stats['documents']}")
    typer.echo(f"chunks:          {stats['chunks']}")
    typer.echo(f"embedding model: {stats['embedding_model']}{dim}")
    typer.echo(f"store:           {stats['store_mode']}")
    typer.echo(f"database:        {stats['database_mode']}")
    if stats["embedding_model"] != stats["configured_embedding_model"]:
        typer.echo(
            f"warning: RAG_EMBEDDING_MODEL is {stats['configured_embedding_model']}; "
            "run `rag ingest --rebuild PATH` to rebuild",
            err=True,
        )
    sys.stdout.flush()


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)
    app.command("search")(search)
    app.command("status")(status)
