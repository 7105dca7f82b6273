"""A new user's start (issue 18): fresh clone -> ``make run`` -> usable chat input -> first model answer.

Measured with the real commands in a fresh ``git clone`` of this repository (HEAD) and an empty RAG_HOME,
the page driven by Chromium (Playwright):

* ``fresh.make_run_to_chat_input_s``: ``make run`` on the fresh clone, WITH the install (``PIP_NO_CACHE_DIR=1``:
  pip downloads everything again, as on a fresh machine) -> the chat input is usable. Target < 150 s.
* ``fresh.install_s``: the install part of it (``.venv/.installed`` appears). Target < 120 s.
* ``installed.make_run_to_chat_input_s``: ``make run`` again in the same clone (installed) with another
  empty RAG_HOME -> chat input usable. Target < 20 s.
* ``*.first_model_answer_s``: from ``make run`` to the first answer written by the embedded model (the app
  answers extractively while the model loads; this waits for "The embedded model is up", then asks).

``--quick`` skips the fresh clone and install: only the installed start, from this checkout's venv.
The machine is shared: each figure comes with the 1-minute load average at its start.

    .venv/bin/python -m bench.startup            # fresh clone + install + installed start (~4-6 min)
    .venv/bin/python -m bench.startup --quick    # installed start only
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rag.settings import REPO_DIR

if str(REPO_DIR) not in sys.path:
    sys.path.insert(0, str(REPO_DIR))

from ui.server import CHROMIUM, CHROMIUM_ARGS, ask_in_browser, chromium_missing_message, free_port  # noqa: E402

QUESTION = "Which vector databases does the roadmap mention?"
TIMEOUT_S = 900


def _make_run(checkout: Path, home: Path, browser: Any, no_cache: bool, log: Path) -> dict[str, Any]:
    """``make run`` in ``checkout`` until the chat input is usable and the model has answered once."""
    port = free_port()
    env = {**os.environ, "RAG_HOME": str(home), "RAG_LLM": "llamacpp", "RAG_MAX_TOKENS": "96"}
    env.pop("VIRTUAL_ENV", None)
    if no_cache:
        env["PIP_NO_CACHE_DIR"] = "1"
    stamp = checkout / ".venv" / ".installed"
    result: dict[str, Any] = {"load_average_1m": os.getloadavg()[0]}
    started = time.perf_counter()
    with open(log, "ab") as out:
        proc = subprocess.Popen(["make", "run", f"PORT={port}"], cwd=checkout, env=env, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    try:
        page = browser.new_context(viewport={"width": 1360, "height": 900}).new_page()
        url = f"http://127.0.0.1:{port}"
        while True:  # the server is up once the page loads
            if proc.poll() is not None:
                raise RuntimeError(f"make run exited with {proc.returncode}: see {log}")
            if "install_s" not in result and stamp.exists():
                result["install_s"] = time.perf_counter() - started
            if time.perf_counter() - started > TIMEOUT_S:
                raise TimeoutError(f"no page at {url} after {TIMEOUT_S} s")
            try:
                page.goto(url, timeout=5_000)
                break
            except Exception:  # noqa: BLE001 - not listening yet
                time.sleep(0.5)
        box = page.get_by_test_id("stChatInputTextArea")
        box.wait_for(timeout=TIMEOUT_S * 1000)
        result["make_run_to_chat_input_s"] = time.perf_counter() - started
        page.get_by_text("The embedded model is up").wait_for(timeout=TIMEOUT_S * 1000)
        result["model_up_s"] = time.perf_counter() - started
        answer = ask_in_browser(page, QUESTION)
        result["first_model_answer_s"] = time.perf_counter() - started
        result["first_answer_first_token_s"] = answer.first_token_s
        result["first_answer_total_s"] = answer.total_s
        page.context.close()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # make, streamlit and the model process it started
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
    return result


def run(quick: bool) -> dict[str, Any]:
    if problem := chromium_missing_message():
        return {"skipped": problem}
    from playwright.sync_api import sync_playwright

    results: dict[str, Any] = {"quick": quick}
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp, sync_playwright() as pw:
        work = Path(tmp)
        log = work / "make-run.log"
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            if quick:
                results["installed"] = _make_run(REPO_DIR, work / "home", browser, False, log)
            else:
                clone = work / "clone"
                subprocess.run(["git", "clone", "-q", str(REPO_DIR), str(clone)], check=True)
                results["fresh"] = _make_run(clone, work / "home1", browser, True, log)
                results["installed"] = _make_run(clone, work / "home2", browser, False, log)
        except Exception as err:  # noqa: BLE001 - report what happened, with the log's tail
            results["error"] = f"{type(err).__name__}: {err}; log tail: {log.read_text(errors='replace')[-1500:]}"
        finally:
            browser.close()
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="installed start only (no clone, no install)")
    args = parser.parse_args(argv)
    print(json.dumps(run(args.quick), indent=2))


if __name__ == "__main__":
    main()
