"""``rag eval``: run a gold set, write JSON/Markdown/HTML reports, gate against a baseline.

Exit codes: 0 = ran and nothing regressed; 1 = regression or a ``--fail-under`` miss;
2 = the run could not be done (bad gold file, missing/malformed baseline, unknown metric name,
no usable backend or index).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from rag.errors import InputError, RagError

GATE_EXIT_USAGE = 2


def _echo(text: str) -> None:
    typer.echo(text, err=True)


def _progress(done: int, total: int, entry: dict) -> None:  # type: ignore[type-arg]
    status = "pass" if entry["passed"] else "FAIL"
    _echo(f"[{done:>3}/{total}] {status} {entry['id']} ({entry['latency_s']:.2f}s)")


def eval_command(
    gold: Annotated[Path | None, typer.Option("--gold", help="Gold JSONL file (e.g. eval/gold.jsonl).")] = None,
    backend: Annotated[
        str | None, typer.Option("--backend", help="auto | ollama | llamacpp | extractive (default: RAG_LLM).")
    ] = None,
    k: Annotated[
        int | None, typer.Option("-k", "--k", min=1, max=50, help="Passages retrieved per question (default: RAG_K).")
    ] = None,
    report: Annotated[Path | None, typer.Option("--report", help="Write the JSON report here.")] = None,
    markdown: Annotated[Path | None, typer.Option("--markdown", help="Write a Markdown summary (PR comment) here.")] = None,
    html: Annotated[Path | None, typer.Option("--html", help="Write a self-contained HTML report here.")] = None,
    baseline: Annotated[Path | None, typer.Option("--baseline", help="Previous JSON report to gate against.")] = None,
    fail_under: Annotated[
        list[str] | None,
        typer.Option("--fail-under", help="METRIC=VALUE: exit 1 when METRIC is below VALUE (above it for latency_* and false_refusal_rate). Repeatable."),
    ] = None,
    judge: Annotated[
        str | None, typer.Option("--judge", help="Also score answers with an LLM judge (not gated): ollama | llamacpp.")
    ] = None,
    current: Annotated[
        Path | None, typer.Option("--current", help="Skip the run: gate and re-render this existing JSON report instead.")
    ] = None,
) -> None:
    """Evaluate answers on a gold set; with --baseline, fail (exit 1) on a significant regression."""
    # sys.exit, not typer.Exit: with standalone_mode=False click returns typer.Exit codes instead of exiting
    try:
        code = _run(gold, backend, k, report, markdown, html, baseline, fail_under or [], judge, current)
    except InputError as err:
        _echo(f"error: {err}")
        sys.exit(GATE_EXIT_USAGE)
    except RagError as err:
        _echo(f"error: the evaluation could not run: {err}")
        sys.exit(GATE_EXIT_USAGE)
    sys.exit(code)


def _run(
    gold_path: Path | None, backend: str | None, k: int | None, report_path: Path | None, markdown: Path | None,
    html: Path | None, baseline_path: Path | None, fail_under: list[str], judge_kind: str | None, current: Path | None,
) -> int:
    from rag.evaluation import compare, load_report, parse_fail_under, render_html, render_markdown
    from rag.evaluation.gate import check_fail_under
    from rag.evaluation.report import render_by_type_text

    # validate everything cheap before any heavy work
    thresholds = parse_fail_under(fail_under)
    if judge_kind is not None and judge_kind not in ("ollama", "llamacpp"):
        raise InputError(f"--judge {judge_kind!r}: use ollama or llamacpp.")
    if current is None and gold_path is None:
        raise InputError("Pass --gold FILE (e.g. eval/gold.jsonl), or --current REPORT.json to gate an existing report.")
    base = load_report(baseline_path) if baseline_path else None
    if current is not None:
        report = load_report(current)
    else:
        assert gold_path is not None
        report = _evaluate(gold_path, backend, k, judge_kind)
    _warn_fallback(report.manifest)
    gate = compare(base, report, fail_under=thresholds) if base else None
    if report_path:
        data_path = report.write_json(report_path)
        _echo(f"report: {data_path}")
    if markdown:
        markdown.parent.mkdir(parents=True, exist_ok=True)
        markdown.write_text(render_markdown(report, gate), encoding="utf-8")
        _echo(f"markdown: {markdown}")
    if html:
        html.parent.mkdir(parents=True, exist_ok=True)
        html.write_text(render_html(report, gate), encoding="utf-8")
        _echo(f"html: {html}")
    if gate is not None:
        typer.echo(gate.to_text())
        typer.echo(render_by_type_text(report))
        return gate.exit_code
    typer.echo(render_markdown(report))
    typer.echo(render_by_type_text(report))
    misses = check_fail_under(report, thresholds)
    for miss in misses:
        _echo(f"--fail-under miss: {miss}")
    return 1 if misses else 0


def _warn_fallback(manifest: dict) -> None:  # type: ignore[type-arg]
    """Say so when the answers came from another backend than the one requested (the chain fell back)."""
    requested, used = manifest.get("backend_requested"), manifest.get("backend", "")
    if requested and requested != "auto" and not str(used).startswith(str(requested)):
        notes = "; ".join(manifest.get("backend_notes") or [])
        _echo(f"warning: --backend {requested} was requested but the answers came from {used}: {notes}")


def _evaluate(gold_path: Path, backend: str | None, k: int | None, judge_kind: str | None):  # noqa: ANN202
    from rag.evaluation import load_gold, run_eval
    from rag.services import Services
    from rag.settings import Settings

    gold = load_gold(gold_path)  # stops here (exit 2) on any malformed line
    services = Services(Settings())
    services.index.ensure_bundled()
    judge = None
    if judge_kind:
        from rag.evaluation.judge import make_judge

        judge = make_judge(services.settings, judge_kind)
    _echo(f"evaluating {len(gold)} questions from {gold_path} (backend {backend or services.settings.llm})")
    return run_eval(
        services, gold, backend, k, gold_path=gold_path, progress=_progress, judge=judge
    )


def register(app: typer.Typer) -> None:
    app.command("eval")(eval_command)
