"""The regression gate: paired tests on hand-made reports, and the CLI's exit codes (0 / 1 / 2)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from rag.cli import main
from rag.errors import InputError
from rag.evaluation.gate import compare, mcnemar_exact, paired_bootstrap, parse_fail_under
from rag.evaluation.metrics import confusion_matrix, summarise
from rag.evaluation.report import Report, render_markdown


def _question(i: int, passed: bool = True, recall: float = 1.0, rr: float = 1.0) -> dict:
    return {
        "id": f"q{i:02d}", "question": f"question {i}", "answerable": True, "expected_sources": ["Level 2"],
        "key_facts": ["FAISS"], "tags": ["t"], "answer": "FAISS [1]", "refused": False, "refusal_reason": "",
        "citations": [], "retrieved": ["doc › Level 2"], "latency_s": 0.1 * i, "error": "", "passed": passed,
        "fail_reason": "" if passed else "key facts missing: FAISS",
        "metrics": {"hit": True, "first_match_rank": 1, "reciprocal_rank": rr, "cited_hit": passed, "citations": 1,
                    "citations_matching": int(passed), "support_checked": 1, "support_ok": 1,
                    "key_facts_present": [recall == 1.0], "key_facts_missing": [], "key_fact_recall": recall},
    }


def make_report(questions: list[dict]) -> Report:
    return Report(manifest={"backend": "extractive", "gold_sha256": "g"}, summary=summarise(questions),
                  confusion=confusion_matrix(questions), questions=questions)


BASE = [_question(i) for i in range(20)]


def planted_drop() -> list[dict]:
    now = copy.deepcopy(BASE)
    for q in now[:8]:
        q.update(passed=False, fail_reason="key facts missing: FAISS")
        q["metrics"].update(key_fact_recall=0.0, reciprocal_rank=0.0)
    return now


def test_mcnemar_exact_values() -> None:
    assert mcnemar_exact(0, 0) == 1.0
    assert mcnemar_exact(1, 0) == 1.0
    assert mcnemar_exact(5, 0) == pytest.approx(0.0625)
    assert mcnemar_exact(6, 0) == pytest.approx(0.03125)
    assert mcnemar_exact(6, 2) == pytest.approx(2 * (1 + 8 + 28) / 256)


def test_bootstrap_is_deterministic_and_detects_a_consistent_drop() -> None:
    diffs = [-0.5] * 10 + [0.0] * 10
    a, b = paired_bootstrap(diffs, "x"), paired_bootstrap(diffs, "x")
    assert a == b and a.significant_drop and a.high < 0
    assert not paired_bootstrap([0.0] * 20, "x").significant_drop
    assert not paired_bootstrap([-0.01] * 20, "x").significant_drop  # within tolerance
    noisy = paired_bootstrap([-0.5, 0.5] * 10, "x")
    assert noisy.low < 0 < noisy.high and not noisy.significant_drop


def test_no_change_passes_and_a_planted_drop_regresses() -> None:
    same = compare(make_report(BASE), make_report(copy.deepcopy(BASE)))
    assert not same.regressed and same.exit_code == 0 and same.flips == []
    drop = compare(make_report(BASE), make_report(planted_drop()))
    assert drop.regressed and drop.exit_code == 1
    assert drop.mcnemar["b"] == 8 and drop.mcnemar["c"] == 0 and drop.mcnemar["significant_drop"]
    assert [f.id for f in drop.flips] == [f"q{i:02d}" for i in range(8)]
    assert all(f.reason == "key facts missing: FAISS" for f in drop.flips)
    assert {b.metric for b in drop.bootstrap if b.significant_drop} == {"key_fact_recall", "mrr"}
    text = drop.to_text()
    assert "pass_rate" in text and "q00: pass → fail" in text and "REGRESSION" in text


def test_a_single_flip_alone_is_not_a_regression_but_with_a_significant_drop_it_is() -> None:
    one = copy.deepcopy(BASE)
    one[0].update(passed=False)
    assert not compare(make_report(BASE), make_report(one)).regressed
    # one flip + recall falling on many questions (without flipping them): significant paired drop
    spread = copy.deepcopy(one)
    for q in spread[:12]:
        q["metrics"]["key_fact_recall"] = 0.5
    result = compare(make_report(BASE), make_report(spread))
    assert result.regressed and any("key_fact_recall dropped" in r for r in result.reasons)


def test_questions_in_only_one_report_are_listed_not_counted() -> None:
    now = copy.deepcopy(BASE[2:]) + [_question(99, passed=False)]
    result = compare(make_report(BASE), make_report(now))
    assert result.only_in_baseline == ["q00", "q01"] and result.only_in_now == ["q99"]
    assert result.mcnemar["b"] == 0 and not result.regressed


def test_new_questions_are_reported_as_new_never_as_regressions_but_count_for_thresholds() -> None:
    # a grown gold file: 10 new questions, all failing, next to the unchanged baseline questions
    now = copy.deepcopy(BASE) + [_question(i, passed=False, recall=0.0, rr=0.0) for i in range(50, 60)]
    result = compare(make_report(BASE), make_report(now))
    assert result.new == [f"q{i}" for i in range(50, 60)] and result.only_in_baseline == []
    assert result.mcnemar["b"] == 0 and not result.flips and not result.regressed
    assert all(b.n == 20 for b in result.bootstrap)  # paired tests see only the shared questions
    assert "new (not in baseline" in result.to_text() and result.to_json()["new"] == result.new
    # --fail-under thresholds are checked on the whole current report, new questions included
    gated = compare(make_report(BASE), make_report(now), fail_under={"pass_rate": 0.8})
    assert gated.regressed and gated.fail_under_misses == ["pass_rate 0.667 < 0.8"]
    md = render_markdown(make_report(now), result)
    assert "New questions (not in the baseline, not counted by the gate): 10, 0 passing" in md


def test_latency_is_never_gated() -> None:
    slow = copy.deepcopy(BASE)
    for q in slow:
        q["latency_s"] *= 50
    assert not compare(make_report(BASE), make_report(slow)).regressed


def test_fail_under_parsing() -> None:
    assert parse_fail_under(["pass_rate=0.8", "latency_p95_s=2"]) == {"pass_rate": 0.8, "latency_p95_s": 2.0}
    for bad in ("nope=1", "pass_rate", "pass_rate=high"):
        with pytest.raises(InputError):
            parse_fail_under([bad])


# --- the CLI: exit codes -----------------------------------------------------------------------
def run_cli(*args: str) -> int:
    with pytest.raises(SystemExit) as info:
        main(["eval", *args])
    return int(info.value.code or 0)


@pytest.fixture
def reports(tmp_path: Path) -> dict[str, Path]:
    paths = {name: tmp_path / f"{name}.json" for name in ("base", "same", "drop")}
    make_report(BASE).write_json(paths["base"])
    make_report(copy.deepcopy(BASE)).write_json(paths["same"])
    make_report(planted_drop()).write_json(paths["drop"])
    return paths


def test_cli_exit_0_when_nothing_changed(reports: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli("--current", str(reports["same"]), "--baseline", str(reports["base"])) == 0
    assert "gate: passed" in capsys.readouterr().out


def test_cli_exit_1_on_a_planted_drop_with_outputs(reports: dict[str, Path], tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    md, html = tmp_path / "r.md", tmp_path / "r.html"
    code = run_cli("--current", str(reports["drop"]), "--baseline", str(reports["base"]), "--markdown", str(md), "--html", str(html))
    assert code == 1
    out = capsys.readouterr().out
    assert "REGRESSION" in out and "q07: pass → fail" in out
    assert "**Gate: REGRESSION**" in md.read_text() and "q07" in md.read_text()
    assert "Flipped questions" in html.read_text()


def test_cli_exit_2_for_malformed_or_missing_baseline_and_unknown_metric(reports: dict[str, Path], tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({"summary": {"pass_rate": {"value": 1}}, "questions": "nope"}))
    assert run_cli("--current", str(reports["same"]), "--baseline", str(broken)) == 2
    assert "is not an evaluation report" in capsys.readouterr().err
    notjson = tmp_path / "x.json"
    notjson.write_text("{")
    assert run_cli("--current", str(reports["same"]), "--baseline", str(notjson)) == 2
    assert run_cli("--current", str(reports["same"]), "--baseline", str(tmp_path / "missing.json")) == 2
    assert "make eval-baseline" in capsys.readouterr().err
    assert run_cli("--current", str(reports["same"]), "--fail-under", "recall=0.5") == 2
    assert run_cli("--gold", str(tmp_path / "missing.jsonl")) == 2


def test_cli_fail_under_miss_exits_1(reports: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli("--current", str(reports["drop"]), "--fail-under", "pass_rate=0.9") == 1
    assert "pass_rate 0.600 < 0.9" in capsys.readouterr().err
    assert run_cli("--current", str(reports["drop"]), "--fail-under", "pass_rate=0.5") == 0
    # lower-is-better metrics: the value is a maximum
    assert run_cli("--current", str(reports["drop"]), "--fail-under", "false_refusal_rate=0.1") == 0
    assert run_cli("--current", str(reports["drop"]), "--fail-under", "latency_p95_s=0.5") == 1
    assert "latency_p95_s 1.805 > 0.5" in capsys.readouterr().err
    assert run_cli("--current", str(reports["same"]), "--baseline", str(reports["base"]), "--fail-under", "mrr=1.01") == 1


def test_cli_bad_gold_file_stops_before_any_work(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "a", "question": "q", "answerable": true}\n{bad\n')
    assert run_cli("--gold", str(gold), "--backend", "extractive") == 2
    err = capsys.readouterr().err
    assert f"{gold}:1:" in err and f"{gold}:2:" in err and "evaluating" not in err
    assert not (tmp_path / "rag_home").exists()  # nothing was indexed


def test_cli_warns_when_answers_came_from_another_backend(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = make_report(copy.deepcopy(BASE))
    report.manifest.update(backend="extractive", backend_requested="llamacpp", backend_notes=["llama.cpp not installed"])
    path = report.write_json(tmp_path / "r.json")
    assert run_cli("--current", str(path)) == 0
    assert "--backend llamacpp was requested but the answers came from extractive: llama.cpp not installed" in (
        capsys.readouterr().err
    )
