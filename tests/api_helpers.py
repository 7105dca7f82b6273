"""Start the real API server (``python -m rag.cli serve``, i.e. uvicorn) on a free loopback port.

Used by the API tests and ``bench/api.py``: the server is a child process with its own RAG_* environment;
``/healthz`` is polled until it answers (no sleeps). On a failed start the server's log is in the error.
"""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ui.server import REPO, free_port, stop_process, wait_until


@dataclass
class RunningApi:
    url: str  # http://127.0.0.1:PORT
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def v1(self) -> str:
        return f"{self.url}/v1"

    def log_tail(self, chars: int = 3000) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-chars:] if self.log.exists() else ""


def _answers(url: str, path: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}{path}", timeout=2) as resp:
            return resp.status == 200
    except OSError:
        return False


@contextmanager
def running_api(
    home: Path, env: Mapping[str, str], log: Path, *, ingest: bool = True, timeout_s: float = 300.0
) -> Iterator[RunningApi]:
    """``rag serve`` over ``home`` with the RAG_* variables in ``env``; stopped on exit."""
    port = free_port()
    child_env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    child_env.update({"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False",
                      "RAG_HOME": str(home), **env})
    cmd = [sys.executable, "-m", "rag.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
           "--log-level", "warning"]
    if ingest:
        cmd.append("--ingest-if-empty")
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=REPO, env=child_env, stdout=out, stderr=subprocess.STDOUT)
    api = RunningApi(f"http://127.0.0.1:{port}", proc, log)
    try:
        def up() -> bool:
            if proc.poll() is not None:
                raise RuntimeError(f"rag serve exited with {proc.returncode} before answering:\n{api.log_tail()}")
            return _answers(api.url, "/healthz")

        try:
            wait_until(up, timeout_s, f"rag serve on port {port} to answer /healthz", interval_s=0.1)
        except TimeoutError as err:
            raise TimeoutError(f"{err}\n{api.log_tail()}") from err
        yield api
    finally:
        if proc.poll() is None:
            stop_process(proc)
