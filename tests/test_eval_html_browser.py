"""The HTML report's filters work in a real browser (Chromium via Playwright, file:// page, no network)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.evaluation import render_html
from rag.evaluation.metrics import confusion_matrix, summarise
from rag.evaluation.report import Report

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def _q(qid: str, passed: bool, answerable: bool, tags: list[str]) -> dict:
    return {"id": qid, "question": f"question {qid}", "answerable": answerable, "tags": tags, "answer": f"answer {qid}",
            "refused": not answerable, "citations": [], "retrieved": [], "latency_s": 0.1, "error": "",
            "passed": passed, "fail_reason": "" if passed else "reason",
            "metrics": {"hit": None, "first_match_rank": None, "reciprocal_rank": None, "cited_hit": None, "citations": 0,
                        "citations_matching": None, "support_checked": 0, "support_ok": 0, "key_fact_recall": None}}


@pytest.mark.browser
def test_html_filters_by_status_tag_and_answerable(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.is_file(), "browser tests need Chromium: apt-get install -y chromium"
    qs = [_q("a", True, True, ["resources"]), _q("b", False, True, ["resources", "follow-up"]),
          _q("c", False, True, ["interview-prep"]), _q("d", True, False, ["refusal"])]
    page_path = tmp_path / "report.html"
    page_path.write_text(render_html(Report({}, summarise(qs), confusion_matrix(qs), qs)), encoding="utf-8")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page()
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto(page_path.as_uri())

            def visible() -> list[str]:
                return [el.get_attribute("data-status") or "" for el in page.query_selector_all("tr.q") if el.is_visible()]

            assert len(visible()) == 4
            page.select_option("#f-status", "fail")
            assert visible() == ["fail", "fail"] and page.inner_text("#shown") == "2"
            page.select_option("#f-tag", "follow-up")
            assert len(visible()) == 1
            page.select_option("#f-status", "")
            page.select_option("#f-tag", "")
            page.select_option("#f-answerable", "false")
            assert visible() == ["pass"]
            assert all(u.startswith("file://") for u in requests), requests  # self-contained
        finally:
            browser.close()
