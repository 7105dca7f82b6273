"""The evaluation report: a JSON machine record, a Markdown summary (PR comment) and a self-contained HTML page.

JSON layout: ``{"manifest": {...}, "summary": {...}, "by_type": {...}, "confusion": {...},
"questions": [...], "judge": {...} | null, "format": 2}``. ``summary`` holds ``questions`` and every
name in :data:`rag.evaluation.metrics.SUMMARY_METRICS`, each ``{"value", "n", "not_measured"}``;
``by_type`` holds such a summary per question type (:func:`rag.evaluation.metrics.summarise_by_type`).
A format-1 report (no lead metrics, no ``by_type``) still loads: the metrics added since
(:data:`~rag.evaluation.metrics.ADDED_METRICS`) read as not measured and ``by_type`` is recomputed
from its questions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rag.errors import InputError
from rag.evaluation.metrics import (
    ADDED_METRICS,
    BY_TYPE_COLUMNS,
    SUMMARY_METRICS,
    summarise_by_tag,
    summarise_by_type,
)

if TYPE_CHECKING:  # pragma: no cover
    from rag.evaluation.gate import GateResult

__all__ = ["Report", "load_report", "render_markdown", "render_by_type_text", "format_value", "REPORT_FORMAT"]

REPORT_FORMAT = 2
_NOT_MEASURED = {"value": None, "n": 0, "not_measured": 0}


@dataclass
class Report:
    manifest: dict[str, Any]
    summary: dict[str, Any]
    confusion: dict[str, dict[str, int]]
    questions: list[dict[str, Any]]
    judge: dict[str, Any] | None = None
    by_type: dict[str, dict[str, Any]] | None = None  # computed from ``questions`` when not given
    by_tag: dict[str, dict[str, Any]] | None = None  # the same for the category tags (persona, near-scope …)

    def __post_init__(self) -> None:
        if self.by_type is None:
            self.by_type = summarise_by_type(self.questions)
        if self.by_tag is None:
            self.by_tag = summarise_by_tag(self.questions)

    def value(self, metric: str) -> float | None:
        return self.summary[metric]["value"]

    def by_id(self) -> dict[str, dict[str, Any]]:
        return {q["id"]: q for q in self.questions}

    def to_json(self) -> dict[str, Any]:
        return {
            "format": REPORT_FORMAT,
            "manifest": self.manifest,
            "summary": self.summary,
            "by_type": self.by_type,
            "by_tag": self.by_tag,
            "confusion": self.confusion,
            "questions": self.questions,
            "judge": self.judge,
        }

    def write_json(self, path: str | Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_json(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        return path

    @classmethod
    def from_json(cls, data: object, source: str = "<report>") -> Report:
        """Rebuild a report; a malformed one raises InputError naming what is wrong."""
        problems = _report_problems(data)
        if problems:
            raise InputError(
                f"{source} is not an evaluation report ({'; '.join(problems)}). "
                "Pass a JSON file written by `rag eval --report` (e.g. eval/baseline.json)."
            )
        assert isinstance(data, dict)
        summary = dict(data["summary"])
        for name in ADDED_METRICS:  # a format-1 report predates them
            summary.setdefault(name, dict(_NOT_MEASURED))
        return cls(
            manifest=data.get("manifest", {}),
            summary=summary,
            confusion=data.get("confusion", {}),
            questions=data["questions"],
            judge=data.get("judge"),
        )


def _report_problems(data: object) -> list[str]:
    if not isinstance(data, dict):
        return ["the top level is not a JSON object"]
    problems: list[str] = []
    summary = data.get("summary")
    if not isinstance(summary, dict):
        problems.append("no 'summary' object")
    else:
        for name in SUMMARY_METRICS:
            entry = summary.get(name)
            if entry is None and name in ADDED_METRICS:
                continue
            if not isinstance(entry, dict) or "value" not in entry:
                problems.append(f"summary has no metric '{name}'")
            elif entry["value"] is not None and not isinstance(entry["value"], int | float):
                problems.append(f"summary metric '{name}' has a non-numeric value")
    questions = data.get("questions")
    if not isinstance(questions, list):
        problems.append("no 'questions' list")
    else:
        for i, q in enumerate(questions):
            if not isinstance(q, dict) or not isinstance(q.get("id"), str) or not isinstance(q.get("passed"), bool):
                problems.append(f"questions[{i}] lacks a string 'id' or a boolean 'passed'")
                break
            if not isinstance(q.get("metrics"), dict):
                problems.append(f"questions[{i}] ({q['id']}) lacks its 'metrics'")
                break
    return problems


def load_report(path: str | Path) -> Report:
    path = Path(path)
    if not path.is_file():
        raise InputError(
            f"Report {path} does not exist. Create a baseline with `make eval-baseline` "
            "(rag eval --gold eval/gold.jsonl --backend extractive --report eval/baseline.json)."
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise InputError(f"{path} is not valid JSON ({err}). Regenerate it with `rag eval --report`.") from err
    return Report.from_json(data, str(path))


# --- text helpers shared by the Markdown/HTML/terminal renderers --------------------------------
def format_value(metric: str, value: float | None) -> str:
    if value is None:
        return "not measured"
    if metric.startswith("latency"):
        return f"{value:.3f} s"
    if metric == "answer_length_median":
        return f"{value:.1f} words"
    return f"{value:.3f}"


def _cell(entry: dict[str, Any] | None) -> str:
    """A by-type cell: the value with its denominator, "—" when not measured."""
    if not entry or entry.get("value") is None:
        return "—"
    return f"{entry['value']:.2f} ({entry['n']})"


def by_type_rows(report: Report, groups: str = "by_type") -> list[tuple[str, int, int, list[str]]]:
    """(group, questions, answerable, [cells for BY_TYPE_COLUMNS]) per question type (or per category
    tag with ``groups="by_tag"``)."""
    return [
        (name, s["questions"], s.get("answerable", 0), [_cell(s.get(col)) for col in BY_TYPE_COLUMNS])
        for name, s in (getattr(report, groups) or {}).items()
    ]


def render_by_type_text(report: Report) -> str:
    """The by-type and by-category-tag breakdowns as plain-text tables (``rag eval`` prints them)."""
    lines: list[str] = []
    for groups, title, first in (("by_type", "by question type", "type"), ("by_tag", "by category tag", "tag")):
        head = [first, "questions", "answerable", *BY_TYPE_COLUMNS]
        rows = [[name, str(n), str(a), *cells] for name, n, a, cells in by_type_rows(report, groups)]
        if not rows:
            continue
        widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
        lines.append(f"{title} (value (n)):")
        lines += ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
                  for r in [head, *rows]]
    return "\n".join(lines)


def _md(text: object) -> str:
    """Make text safe inside a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_markdown(report: Report, gate: GateResult | None = None, max_failures: int = 30) -> str:
    """A short summary for a pull-request comment."""
    m = report.manifest
    lines = [
        "## Roadmap Mentor evaluation",
        "",
        f"{report.summary['questions']} questions · backend `{_md(m.get('backend', '?'))}` · "
        f"gold `{_md(m.get('gold_file', '?'))}` · commit `{_md(str(m.get('git_commit') or 'n/a')[:12])}`",
        "",
    ]
    if gate is not None:
        lines += [f"**Gate: {'REGRESSION' if gate.regressed else 'passed'}**" + (" — " + _md("; ".join(gate.reasons)) if gate.reasons else ""), ""]
        lines += ["| metric | baseline | now | change |", "|---|---:|---:|---:|"]
        lines += [f"| {r.metric} | {format_value(r.metric, r.baseline)} | {format_value(r.metric, r.now)} | {r.change_text()} |" for r in gate.rows]
        if gate.flips:
            lines += ["", "Flipped questions:", ""]
            lines += [f"- `{_md(f.id)}` {f.before} → {f.after}: {_md(f.reason or '')}" for f in gate.flips]
    else:
        lines += ["| metric | value | n | not measured |", "|---|---:|---:|---:|"]
        for name in SUMMARY_METRICS:
            e = report.summary[name]
            lines.append(f"| {name} | {format_value(name, e['value'])} | {e['n']} | {e['not_measured']} |")
    for groups, title, first in (("by_type", "By question type", "type"), ("by_tag", "By category tag", "tag")):
        rows = by_type_rows(report, groups)
        if rows:
            lines += ["", f"{title} (value (n); `—` = not measured):", "",
                      f"| {first} | questions | answerable | " + " | ".join(BY_TYPE_COLUMNS) + " |",
                      "|---|---:|---:|" + "---:|" * len(BY_TYPE_COLUMNS)]
            lines += [f"| {_md(name)} | {n} | {a} | " + " | ".join(cells) + " |" for name, n, a, cells in rows]
    if gate is not None and gate.only_in_now:
        new = [q for q in report.questions if q["id"] in set(gate.only_in_now)]
        lines += ["", f"New questions (not in the baseline, not counted by the gate): {len(new)}, "
                  f"{sum(1 for q in new if q['passed'])} passing"]
    c = report.confusion
    if c:
        lines += [
            "",
            "| gold \\ outcome | answered | refused | error |",
            "|---|---:|---:|---:|",
            *(f"| {row} | {c[row]['answered']} | {c[row]['refused']} | {c[row]['error']} |" for row in c),
        ]
    failed = [q for q in report.questions if not q["passed"]]
    if failed:
        lines += ["", f"<details><summary>{len(failed)} failing question(s)</summary>", ""]
        lines += [f"- `{_md(q['id'])}`: {_md(q.get('fail_reason', ''))}" for q in failed[:max_failures]]
        if len(failed) > max_failures:
            lines.append(f"- … and {len(failed) - max_failures} more (see the HTML report)")
        lines += ["", "</details>"]
    if report.judge:
        lines += ["", f"LLM judge ({_md(report.judge.get('model', '?'))}, not gated): "
                  + ", ".join(f"{k} {format_value(k, v)}" for k, v in report.judge.get("summary", {}).items())]
    return "\n".join(lines) + "\n"
