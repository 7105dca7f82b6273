"""Schemathesis fuzzes the real server from its own OpenAPI schema: no input may produce a 5xx.

Bounded and reproducible: a fixed seed, a fixed number of examples per operation, one worker, no example
database. The server has its own RAG_HOME (the stateful phase uploads and deletes documents).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from api_helpers import RunningApi, running_api

pytestmark = [pytest.mark.slow, pytest.mark.api]

KEY = "fuzz-key"
SEED = 13
MAX_EXAMPLES = 20


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApi]:
    base = tmp_path_factory.mktemp("api_fuzz")
    env = {"RAG_LLM": "extractive", "RAG_API_KEYS": KEY, "RAG_API_RATE_LIMIT": "0", "RAG_UPLOAD_MAX_MB": "0.5"}
    with running_api(base / "home", env, base / "server.log") as server:
        yield server


def test_fuzzed_requests_never_get_a_server_error(api: RunningApi, tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("schemathesis")
    assert exe.is_file(), f"{exe} is missing: install the dev extras (`make install`, schemathesis==4.32.5)"
    proc = subprocess.run(
        [str(exe), "run", f"{api.url}/openapi.json", "--checks", "not_a_server_error",
         "--max-examples", str(MAX_EXAMPLES), "--seed", str(SEED), "--workers", "1",
         "--generation-database", "none", "--request-timeout", "120", "--no-color",
         "--header", f"Authorization: Bearer {KEY}", "--report", "junit", "--report-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=1200, cwd=tmp_path,
    )
    tail = proc.stdout[-6000:] + proc.stderr[-2000:]
    assert proc.returncode == 0, f"schemathesis found failures:\n{tail}\nserver log:\n{api.log_tail()}"
    assert "generated" in proc.stdout and " passed" in proc.stdout, tail
    assert "Selected: 10/10" in proc.stdout, "every operation of the schema was tested"
    assert "Traceback" not in api.log_tail(1_000_000), api.log_tail()
