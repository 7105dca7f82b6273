"""A self-contained HTML page for a report: inline CSS and JS, no external assets, all text escaped."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from rag.evaluation.metrics import BY_TYPE_COLUMNS, INFORMATIONAL, LOWER_IS_BETTER, SUMMARY_METRICS
from rag.evaluation.report import Report, by_type_rows, format_value

if TYPE_CHECKING:  # pragma: no cover
    from rag.evaluation.gate import GateResult

__all__ = ["render_html"]

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:1.5rem;color:#1d232a;max-width:1200px}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.6rem}
table{border-collapse:collapse;margin:.4rem 0}td,th{border:1px solid #d0d7de;padding:.25rem .5rem;vertical-align:top}
th{background:#f3f5f7;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}
.pass{color:#116329;font-weight:600}.fail{color:#a40e26;font-weight:600}
.bad{background:#ffebe9}.good{background:#dafbe1}.muted{color:#57606a}
details{margin:.2rem 0}pre{white-space:pre-wrap;margin:.2rem 0;font:inherit}
.filters label{margin-right:1rem}.cit{margin:.2rem 0 .2rem 1rem;font-size:.92em}
"""

_JS = """
function applyFilters(){
  var st=document.getElementById('f-status').value, tag=document.getElementById('f-tag').value,
      ans=document.getElementById('f-answerable').value, shown=0;
  document.querySelectorAll('tr.q').forEach(function(r){
    var ok=(st===''||r.dataset.status===st)&&(ans===''||r.dataset.answerable===ans)
      &&(tag===''||(' '+r.dataset.tags+' ').indexOf(' '+tag+' ')>=0);
    r.style.display=ok?'':'none'; if(ok){shown++;}
  });
  document.getElementById('shown').textContent=shown;
}
document.querySelectorAll('.filters select').forEach(function(s){s.addEventListener('change',applyFilters);});
"""


def _metric_table(report: Report, gate: GateResult | None) -> str:
    if gate is not None:
        rows = []
        for r in gate.rows:
            change = r.change
            cls = ""
            if change is not None and change != 0 and r.metric not in INFORMATIONAL:
                worse = change > 0 if r.metric in LOWER_IS_BETTER else change < 0
                cls = " class='bad'" if worse else " class='good'"
            rows.append(
                f"<tr><td>{escape(r.metric)}</td><td class='num'>{escape(format_value(r.metric, r.baseline))}</td>"
                f"<td class='num'>{escape(format_value(r.metric, r.now))}</td><td class='num'{cls}>{escape(r.change_text())}</td></tr>"
            )
        head = "<tr><th>metric</th><th>baseline</th><th>now</th><th>change</th></tr>"
        verdict = "REGRESSION: " + "; ".join(gate.reasons) if gate.reasons else "passed"
        extra = f"<p>Gate: <b class='{'fail' if gate.regressed else 'pass'}'>{escape(verdict)}</b></p>"
        return extra + f"<table>{head}{''.join(rows)}</table>"
    rows = [
        f"<tr><td>{escape(n)}</td><td class='num'>{escape(format_value(n, report.summary[n]['value']))}</td>"
        f"<td class='num'>{report.summary[n]['n']}</td><td class='num'>{report.summary[n]['not_measured']}</td></tr>"
        for n in SUMMARY_METRICS
    ]
    return "<table><tr><th>metric</th><th>value</th><th>n</th><th>not measured</th></tr>" + "".join(rows) + "</table>"


def _by_type(report: Report, groups: str = "by_type", first: str = "type") -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in (first, "questions", "answerable", *BY_TYPE_COLUMNS))
    rows = "".join(
        f"<tr><td>{escape(name)}</td><td class='num'>{n}</td><td class='num'>{a}</td>"
        + "".join(f"<td class='num'>{escape(c)}</td>" for c in cells) + "</tr>"
        for name, n, a, cells in by_type_rows(report, groups)
    )
    table_id = groups.replace("_", "-")
    return f"<table id='{table_id}'><tr>{head}</tr>{rows}</table><p class='muted'>value (n); — = not measured</p>"


def _confusion(report: Report) -> str:
    c = report.confusion
    rows = "".join(
        f"<tr><th>{escape(row)}</th>" + "".join(f"<td class='num'>{c[row][col]}</td>" for col in ("answered", "refused", "error")) + "</tr>"
        for row in c
    )
    return f"<table><tr><th>gold \\ outcome</th><th>answered</th><th>refused</th><th>error</th></tr>{rows}</table>"


def _citations(q: dict[str, Any]) -> str:
    parts = []
    for c in q.get("citations", []):
        note = f" — {escape(c['note'])}" if c.get("note") else ""
        support = "" if c.get("supported", True) else " <span class='fail'>(unsupported)</span>"
        parts.append(
            f"<div class='cit'><b>[{int(c.get('n', 0))}]</b> {escape(c.get('label', ''))}{support}{note}"
            f"<details><summary>passage</summary><pre>{escape(c.get('text', ''))}</pre></details></div>"
        )
    return "".join(parts) or "<div class='cit muted'>no citations</div>"


def _question_row(q: dict[str, Any]) -> str:
    status = "pass" if q["passed"] else "fail"
    m = q.get("metrics", {})
    recall = m.get("key_fact_recall")
    history = "".join(f"<div class='muted'>{escape(t['role'])}: {escape(t['content'])}</div>" for t in q.get("history", []))
    retrieved = "".join(f"<li>{escape(label)}</li>" for label in q.get("retrieved", []))
    attrs = (
        f"class='q' data-status='{status}' data-answerable='{str(bool(q['answerable'])).lower()}' "
        f"data-tags='{escape(' '.join(q.get('tags', [])), quote=True)}'"
    )
    outcome = "refused" if q.get("refused") else ("error" if q.get("error") else "answered")
    lead = ""
    if q.get("lead"):
        hit = m.get("lead_hit")
        lead = (f"<div class='{'pass' if hit else 'fail'}'>lead {'hit' if hit else 'missed'}: "
                f"{escape(m.get('first_sentence') or '(no first sentence)')}</div>")
    return (
        f"<tr {attrs}><td><code>{escape(q['id'])}</code><div class='muted'>{escape(', '.join(q.get('tags', [])))}</div></td>"
        f"<td class='{status}'>{status}</td><td>{'yes' if q['answerable'] else 'no'} / {outcome}</td>"
        f"<td class='num'>{'—' if recall is None else f'{recall:.2f}'}</td>"
        f"<td class='num'>{'—' if m.get('first_match_rank') is None else m['first_match_rank']}</td>"
        f"<td class='num'>{q.get('latency_s', 0):.3f}</td>"
        f"<td>{history}<b>{escape(q['question'])}</b>"
        f"<div class='fail'>{escape(q.get('fail_reason', ''))}</div>{lead}"
        f"<details><summary>answer</summary><pre>{escape(q.get('answer', ''))}</pre>{_citations(q)}"
        f"<div class='muted'>retrieved:</div><ol>{retrieved}</ol></details></td></tr>"
    )


def render_html(report: Report, gate: GateResult | None = None) -> str:
    """The whole page as one string (no external assets)."""
    m = report.manifest
    tags = sorted({t for q in report.questions for t in q.get("tags", [])})
    tag_options = "".join(f"<option value='{escape(t, quote=True)}'>{escape(t)}</option>" for t in tags)
    manifest_rows = "".join(
        f"<tr><th>{escape(key)}</th><td>{escape(str(m.get(key)))}</td></tr>"
        for key in ("date", "backend", "gold_file", "gold_sha256", "git_commit", "corpus_hash", "rag_version", "k")
    )
    flips = ""
    if gate is not None and gate.flips:
        flips = "<h2>Flipped questions</h2><ul>" + "".join(
            f"<li><code>{escape(f.id)}</code> {escape(f.before)} → {escape(f.after)}: {escape(f.reason)}</li>" for f in gate.flips
        ) + "</ul>"
    judge = ""
    if report.judge:
        judge = "<h2>LLM judge (not gated)</h2><p>" + escape(
            f"model {report.judge.get('model')}: "
            + ", ".join(f"{k} {format_value(k, v)}" for k, v in report.judge.get("summary", {}).items())
        ) + "</p>"
    questions = "".join(_question_row(q) for q in report.questions)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Roadmap Mentor evaluation</title>
<style>{_CSS}</style></head><body>
<h1>Roadmap Mentor evaluation — {report.summary['questions']} questions</h1>
<table>{manifest_rows}</table>
<h2>Metrics</h2>{_metric_table(report, gate)}
<h2>By question type</h2>{_by_type(report)}
<h2>By category tag</h2>{_by_type(report, "by_tag", "tag")}
<h2>Confusion matrix</h2>{_confusion(report)}
{flips}{judge}
<h2>Questions (<span id="shown">{len(report.questions)}</span> shown)</h2>
<div class="filters">
<label>status <select id="f-status"><option value="">all</option><option value="pass">pass</option><option value="fail">fail</option></select></label>
<label>answerable <select id="f-answerable"><option value="">all</option><option value="true">answerable</option><option value="false">must refuse</option></select></label>
<label>tag <select id="f-tag"><option value="">all</option>{tag_options}</select></label>
</div>
<table><tr><th>id</th><th>result</th><th>answerable / outcome</th><th>key facts</th><th>first match</th><th>latency s</th><th>question, answer, citations</th></tr>
{questions}</table>
<script>{_JS}</script>
</body></html>
"""
