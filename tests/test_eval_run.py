"""A full ``rag eval`` run on a small gold file: extractive backend, the real index, JSON/MD/HTML out."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rag.cli import main
from rag.evaluation import SUMMARY_METRICS, load_gold, run_eval
from rag.services import Services

FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLD_SMALL = FIXTURES / "gold_small.jsonl"


def test_run_eval_python_api_scores_every_question(shared_services: Services) -> None:
    gold = load_gold(GOLD_SMALL)
    seen: list[tuple[int, int]] = []
    report = run_eval(shared_services, gold, "extractive", 5, gold_path=GOLD_SMALL,
                      progress=lambda done, total, _e: seen.append((done, total)))
    assert seen == [(i, 6) for i in range(1, 7)]
    assert [q["id"] for q in report.questions] == [g.id for g in gold]
    assert report.summary["questions"] == 6
    assert report.confusion["unanswerable"]["answered"] + report.confusion["unanswerable"]["refused"] == 2
    for q in report.questions:
        assert len(q["retrieved"]) <= 5 and q["backend"] == "extractive"
        assert isinstance(q["passed"], bool) and (q["passed"] or q["fail_reason"])
    vecdb = report.by_id()["vecdb-which"]
    assert vecdb["metrics"]["hit"] is True and vecdb["metrics"]["key_fact_recall"] == 1.0, vecdb
    assert report.by_id()["salary-berlin"]["refused"] is True
    m = report.manifest
    assert m["backend"] == "extractive" and m["k"] == 5 and re.fullmatch(r"[0-9a-f]{64}", m["gold_sha256"])
    assert re.fullmatch(r"[0-9a-f]{64}", m["corpus_hash"]) and isinstance(m["settings"]["home"], str)


def test_rag_eval_cli_writes_json_markdown_and_html(
    shared_services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RAG_HOME", str(shared_services.settings.home))  # the already-built index
    out = {ext: tmp_path / "out" / f"report.{ext}" for ext in ("json", "md", "html")}
    with pytest.raises(SystemExit) as info:
        main(["eval", "--gold", str(GOLD_SMALL), "--backend", "extractive", "-k", "5", "--report", str(out["json"]),
              "--markdown", str(out["md"]), "--html", str(out["html"])])
    assert info.value.code == 0
    err = capsys.readouterr().err
    assert "[  6/6]" in err  # progress shown

    data = json.loads(out["json"].read_text())
    assert set(data["summary"]) == {"questions", *SUMMARY_METRICS}
    assert all({"value", "n", "not_measured"} <= set(data["summary"][n]) for n in SUMMARY_METRICS)
    assert {"git_commit", "corpus_hash", "settings", "backend", "gold_sha256", "date", "rag_version"} <= set(data["manifest"])
    q = data["questions"][0]
    assert {"answer", "citations", "retrieved", "metrics", "passed", "fail_reason", "latency_s"} <= set(q)

    md = out["md"].read_text()
    assert md.startswith("## Roadmap Mentor evaluation") and "| pass_rate |" in md

    html = out["html"].read_text()
    assert html.startswith("<!DOCTYPE html>") and "<script>" in html and "<style>" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)  # no external assets
    assert 'id="f-status"' in html and 'id="f-tag"' in html and 'id="f-answerable"' in html
    assert html.count("class='q'") == 6 and "vecdb-which" in html and "gold \\ outcome" in html

    # the same report gates cleanly against itself
    with pytest.raises(SystemExit) as info:
        main(["eval", "--current", str(out["json"]), "--baseline", str(out["json"])])
    assert info.value.code == 0


def test_html_escapes_all_text(tmp_path: Path) -> None:
    from rag.evaluation import render_html
    from rag.evaluation.metrics import confusion_matrix, summarise
    from rag.evaluation.report import Report

    evil = "<script>alert(1)</script>"
    q = {"id": evil, "question": evil, "answerable": True, "tags": [f"x'{evil}"], "answer": evil, "refused": False,
         "citations": [{"n": 1, "label": evil, "text": evil, "note": evil, "supported": False}], "retrieved": [evil],
         "latency_s": 0.1, "error": "", "passed": False, "fail_reason": evil, "history": [{"role": "user", "content": evil}],
         "metrics": {"hit": True, "first_match_rank": 1, "reciprocal_rank": 1.0, "cited_hit": False, "citations": 1,
                     "citations_matching": 0, "support_checked": 0, "support_ok": 0, "key_fact_recall": None}}
    page = render_html(Report({"backend": evil}, summarise([q]), confusion_matrix([q]), [q]))
    assert evil not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count("<script>") == 1
