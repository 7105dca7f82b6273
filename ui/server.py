"""Start ``streamlit run app.py`` as a child process and wait until it is healthy.

Used by the browser tests and the UI benchmark, so both launch the real server the same way.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

log = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[1]
APP = REPO / "app.py"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(condition: Callable[[], object], timeout_s: float, what: str, interval_s: float = 0.1) -> object:
    """Poll ``condition`` until it returns something truthy; raise TimeoutError naming ``what``."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout_s:.0f}s waiting for {what}")
        time.sleep(interval_s)


def stop_process(proc: subprocess.Popen[bytes], timeout_s: float = 15.0) -> None:
    """Ask a child server to stop; kill it if it has not exited after ``timeout_s``."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=timeout_s)


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
            return resp.status == 200 and resp.read().strip() == b"ok"
    except OSError:
        return False


@dataclass
class RunningApp:
    url: str
    process: subprocess.Popen[bytes]
    started_s: float  # seconds from launch to a healthy /_stcore/health
    launched_at: float  # time.monotonic() at launch


@contextmanager
def streamlit_app(
    env: dict[str, str], log_file: IO[bytes] | None = None, timeout_s: float = 120.0
) -> Iterator[RunningApp]:
    """Run the app on a free loopback port with ``env`` added to the environment; stop it afterwards."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    full_env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
                "ANONYMIZED_TELEMETRY": "False", **env}
    cmd = [
        str(Path(sys.executable).with_name("streamlit")), "run", str(APP),
        "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
    ]
    launched = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=REPO, env=full_env, stdout=log_file or subprocess.DEVNULL,
                            stderr=subprocess.STDOUT)
    try:
        def ready() -> bool:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with code {proc.returncode} (see its log)")
            return _healthy(url)

        wait_until(ready, timeout_s, f"streamlit health at {url}")
        yield RunningApp(url, proc, time.monotonic() - launched, launched)
    finally:
        stop_process(proc)


def chromium_missing_message() -> str | None:
    return None if CHROMIUM.exists() else "install chromium: apt-get install -y chromium"


# Installed in the page before Enter: records when the streamed answer first shows text and when the
# final answer (with its feedback buttons) is on screen. One MutationObserver, disconnected when done,
# so the measurement adds no polling and nothing that outlives the question.
_ANSWERS = "div[class*='st-key-answer-']:not(.st-key-answer-stream)"
_PROBE = """([answersSelector, seen]) => {
  const probe = {sentAt: performance.now(), firstAt: null, firstText: '', doneAt: null, key: null};
  window.__rmProbe = probe;
  const keyOf = el => Array.from(el.classList).find(c => c.startsWith('st-key-answer-')).slice('st-key-answer-'.length);
  const check = () => {
    if (probe.firstAt === null) {
      const el = document.querySelector('.st-key-answer-stream');
      const text = el ? el.textContent.trim() : '';
      if (text) { probe.firstAt = performance.now(); probe.firstText = text; }
    }
    // the first answer whose key was not on the page when the question was sent (robust to a rerun that
    // clears the page after "New conversation" while the question is being typed)
    for (const el of document.querySelectorAll(answersSelector)) {
      const id = keyOf(el);
      if (seen.includes(id)) continue;
      if (document.querySelector('.st-key-feedback-' + id + ' button')) {
        probe.doneAt = performance.now(); probe.key = id; observer.disconnect(); return;
      }
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document.body, {subtree: true, childList: true, characterData: true});
}"""
_DONE = "() => window.__rmProbe && window.__rmProbe.doneAt !== null"
_ANSWER_KEYS = """sel => Array.from(document.querySelectorAll(sel)).map(
  el => Array.from(el.classList).find(c => c.startsWith('st-key-answer-')).slice('st-key-answer-'.length))"""


def wait_idle(page: Any, timeout_s: float = 120.0) -> None:
    """Wait until the Streamlit script run is over (no stale elements left on the page)."""
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(timeout=timeout_s * 1000)


@dataclass
class BrowserAnswer:
    message_id: int
    first_text: str  # what the streamed answer showed first ('' if it never streamed)
    first_token_s: float | None  # send → first streamed text on screen
    total_s: float  # send → final answer with its feedback widget on screen


def ask_in_browser(page: Any, question: str, timeout_s: float = 240.0) -> BrowserAnswer:
    """Type ``question`` into the chat input of a Playwright ``page`` and wait for the final answer."""
    seen = page.evaluate(_ANSWER_KEYS, _ANSWERS)
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(question)
    page.evaluate(_PROBE, [_ANSWERS, seen])
    box.press("Enter")
    # polled once a second: the probe has the exact times, and a busy poll would compete with the model
    page.wait_for_function(_DONE, polling=1000, timeout=timeout_s * 1000)
    wait_idle(page, timeout_s)
    probe = page.evaluate("() => window.__rmProbe")
    first = (probe["firstAt"] - probe["sentAt"]) / 1000 if probe["firstAt"] is not None else None
    return BrowserAnswer(int(probe["key"]), probe["firstText"], first, (probe["doneAt"] - probe["sentAt"]) / 1000)


__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "BrowserAnswer", "RunningApp", "ask_in_browser",
           "chromium_missing_message", "free_port", "stop_process", "wait_idle", "streamlit_app", "wait_until"]
