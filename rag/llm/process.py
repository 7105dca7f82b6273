"""The embedded model's child process: started, health-checked, restarted and stopped from here.

:class:`ModelProcess` runs ``rag/llm/server.py`` (llama.cpp's HTTP server from the prebuilt ``xllamacpp``
wheel) as a child of the app, on a free loopback port. The app talks to it over the OpenAI chat API
(:mod:`rag.llm.openai_api`), so a crash (a segfault in llama.cpp) or a hang of the model ends or stalls
that process only: :meth:`ModelProcess.restart` replaces it, and the chain answers extractively when even
a fresh process fails. The child stops with the app: it exits when its stdin (held by the app) closes.

Processes are shared per (GGUF path, n_ctx, threads) through :func:`model_process`, so every Services,
browser session and the evaluation reuse one loaded model; :func:`stop_all` runs at exit.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import select
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal

import httpx

from rag.errors import ModelStartingError, ModelUnavailableError
from rag.llm.models import MODELS, ensure_model, model_name
from rag.settings import Settings

log = logging.getLogger(__name__)

SERVER_SCRIPT = Path(__file__).with_name("server.py")
START_TIMEOUT_S = 180.0  # model load, on a busy shared machine
DEFAULT_START_WAIT_S = 300.0  # RAG_LLM_START_WAIT_S unset (CLI, evaluation): wait for the model
HEALTH_TIMEOUT_S = 5.0
MAX_CRASHES = 3  # crashes in a row (no answer in between) before the model counts as broken
BROKEN_RETRY_S = 60.0  # ... and when it is tried again
LOG_MAX_BYTES = 5 * 1024 * 1024

State = Literal["idle", "starting", "ready", "failed"]


@dataclass(frozen=True)
class ProcessStatus:
    """What the UI shows about the embedded model: ``state`` and a sentence of ``detail``."""

    state: State
    detail: str
    url: str = ""
    pid: int | None = None
    restarts: int = 0


class ModelProcess:
    """One llama.cpp server process for one GGUF (see the module docstring)."""

    def __init__(
        self,
        resolve_model: Callable[[], Path],
        name: str,
        n_ctx: int,
        threads: int,
        log_path: Path | None = None,
        start_timeout_s: float = START_TIMEOUT_S,
    ):
        self._resolve = resolve_model
        self.name = name
        self.n_ctx = n_ctx
        self.threads = threads
        self.log_path = log_path
        self.start_timeout_s = start_timeout_s
        self._lock = threading.RLock()
        self._done = threading.Event()  # set when the current start attempt ended (ready or failed)
        self._proc: subprocess.Popen[bytes] | None = None
        self._state: State = "idle"
        self._detail = "not started"
        self._error: Exception | None = None
        self.url = ""
        self.model_path = ""  # the GGUF, once resolved (assembled and verified)
        self.generation = 0  # incremented by every start: a restart for an old generation is a no-op
        self.restarts = 0
        self.crashes_in_a_row = 0
        self._failed_at = 0.0

    # --- status ------------------------------------------------------------------------------
    @property
    def pid(self) -> int | None:
        proc = self._proc
        return proc.pid if proc is not None else None

    def alive(self) -> bool:
        proc = self._proc
        return proc is not None and proc.poll() is None

    def wait_exit(self, timeout_s: float) -> bool:
        """Wait up to ``timeout_s`` for the process to exit (a killed process closes its sockets a moment
        before it can be reaped); True when it has exited."""
        proc = self._proc
        if proc is None:
            return True
        try:
            proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            return False
        return True

    def exit_description(self) -> str:
        """'exit code 3', 'killed by signal 9 (SIGKILL)' or 'still running'."""
        proc = self._proc
        code = proc.poll() if proc is not None else None
        if code is None:
            return "still running" if proc is not None else "not started"
        if code < 0:
            import signal

            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = "?"
            return f"killed by signal {-code} ({name})"
        return f"exit code {code}"

    def status(self) -> ProcessStatus:
        with self._lock:
            state = self._state
            if state == "ready" and not self.alive():
                return ProcessStatus("failed", f"the model process stopped ({self.exit_description()})",
                                     self.url, self.pid, self.restarts)
            return ProcessStatus(state, self._detail, self.url, self.pid, self.restarts)

    def healthy(self, timeout_s: float = HEALTH_TIMEOUT_S) -> bool:
        """Does the server answer ``GET /health`` with ``{"status": "ok"}`` within ``timeout_s``?"""
        if not self.url or not self.alive():
            return False
        try:
            response = httpx.get(f"{self.url}/health", timeout=timeout_s)
            return response.status_code == 200 and response.json().get("status") == "ok"
        except (httpx.HTTPError, ValueError):
            return False

    # --- start / wait ------------------------------------------------------------------------
    def start(self) -> None:
        """Start the process in the background unless it is starting or running (returns at once)."""
        with self._lock:
            if self._state == "starting" or (self._state == "ready" and self.alive()):
                return
            if self._state == "failed" and self.crashes_in_a_row >= MAX_CRASHES:
                if time.monotonic() - self._failed_at < BROKEN_RETRY_S:
                    return
                self.crashes_in_a_row = 0
            self._begin_start("starting the embedded model")

    def _begin_start(self, detail: str) -> None:
        self._state, self._detail, self._error = "starting", detail, None
        self.generation += 1
        self._done.clear()
        threading.Thread(target=self._run_start, args=(self.generation,), name=f"start-{self.name}",
                         daemon=True).start()

    def wait_ready(self, timeout_s: float) -> str:
        """Start if needed and wait up to ``timeout_s`` for the server; returns its URL.

        Raises :class:`ModelStartingError` while it is still starting after ``timeout_s`` and
        :class:`ModelUnavailableError` when it could not start.
        """
        self.start()
        self._done.wait(timeout_s)
        with self._lock:
            if self._state == "ready" and self.alive():
                return self.url
            if self._state == "failed" or (self._state == "ready" and not self.alive()):
                if self._error is not None:
                    raise ModelUnavailableError(str(self._error)) from self._error
                raise ModelUnavailableError(f"The embedded model {self.name} is not running: {self._detail}.")
            raise ModelStartingError(
                f"The embedded model {self.name} is still loading ({self._detail}); answering extractively "
                "until it is up"
            )

    def _run_start(self, generation: int) -> None:
        try:
            url, proc = self._spawn(generation)
        except Exception as err:  # noqa: BLE001 - recorded and raised by wait_ready
            log.warning("embedded model %s did not start: %s", self.name, err)
            with self._lock:
                if generation == self.generation:
                    self._state, self._detail, self._error = "failed", str(err), err
                    self._failed_at = time.monotonic()
                    self._done.set()
            return
        with self._lock:
            if generation != self.generation:  # superseded meanwhile (stop() or another restart)
                _terminate(proc)
                return
            self._proc, self.url = proc, url
            self._state, self._detail = "ready", f"{self.name} answers at {url} (pid {proc.pid})"
            self._done.set()
        log.info("embedded model %s ready at %s (pid %d)", self.name, url, proc.pid)

    def _set_detail(self, generation: int, detail: str) -> None:
        with self._lock:
            if generation == self.generation:
                self._detail = detail

    def _spawn(self, generation: int) -> tuple[str, subprocess.Popen[bytes]]:
        self._set_detail(generation, f"checking the model file of {self.name}")
        path = self._resolve()  # may assemble and sha256-verify the GGUF (seconds, the first time)
        self.model_path = str(path)
        self._set_detail(generation, f"loading {self.name} into llama.cpp")
        cmd = [sys.executable, str(SERVER_SCRIPT), "--model", str(path), "--n-ctx", str(self.n_ctx),
               "--threads", str(self.threads), "--alias", self.name]
        log_file = self._log_file()
        try:
            proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log_file,
                                    env={**os.environ, "PYTHONUNBUFFERED": "1"})
        finally:
            if not isinstance(log_file, int):
                log_file.close()  # the child has its own copy
        try:
            line = _read_line(proc, self.start_timeout_s)
        except Exception:
            _terminate(proc)
            raise
        try:
            url = str(json.loads(line)["url"])
        except (ValueError, KeyError, TypeError) as err:
            _terminate(proc)
            raise ModelUnavailableError(
                f"The embedded model's server printed {line!r} instead of its address: see {self.log_path}."
            ) from err
        return url, proc

    def _log_file(self) -> IO[bytes] | int:
        if self.log_path is None:
            return subprocess.DEVNULL
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        if self.log_path.exists() and self.log_path.stat().st_size > LOG_MAX_BYTES:
            self.log_path.replace(self.log_path.with_suffix(".log.1"))
        return self.log_path.open("ab")

    # --- failures ----------------------------------------------------------------------------
    def restart(self, generation: int, reason: str) -> bool:
        """Replace the process of ``generation`` (crashed or hung) and wait for the new one.

        Returns True when a fresh process answers. When another thread restarted it already, only
        waits. After MAX_CRASHES crashes in a row it gives up for BROKEN_RETRY_S (returns False).
        """
        with self._lock:
            if generation == self.generation:
                self.crashes_in_a_row += 1
                log.warning("embedded model %s: %s (crash %d in a row)", self.name, reason, self.crashes_in_a_row)
                old = self._proc
                self._proc, self.url = None, ""
                if old is not None:
                    _terminate(old, timeout_s=2.0)
                if self.crashes_in_a_row >= MAX_CRASHES:
                    self._state = "failed"
                    self._detail = (f"it crashed {self.crashes_in_a_row} times in a row (last: {reason}); "
                                    f"trying again in {BROKEN_RETRY_S:.0f} s")
                    self._error = ModelUnavailableError(
                        f"The embedded model {self.name} {self._detail}: see {self.log_path}, or use "
                        "RAG_LLM=extractive / another backend."
                    )
                    self._failed_at = time.monotonic()
                    self._done.set()
                    return False
                self.restarts += 1
                self._begin_start(f"restarting after: {reason}")
        try:
            self.wait_ready(self.start_timeout_s)
        except (ModelUnavailableError, ModelStartingError):
            return False
        return True

    def note_success(self) -> None:
        """An answer completed: the crash counter starts over."""
        self.crashes_in_a_row = 0

    def stop(self) -> None:
        with self._lock:
            self.generation += 1
            proc, self._proc, self.url = self._proc, None, ""
            self._state, self._detail = "idle", "stopped"
            self._done.set()
        if proc is not None:
            _terminate(proc)


def _read_line(proc: subprocess.Popen[bytes], timeout_s: float) -> str:
    """The first stdout line of ``proc`` (its address), or an error when it exits or times out first."""
    assert proc.stdout is not None
    deadline = time.monotonic() + timeout_s
    buffer = b""
    fd = proc.stdout.fileno()
    while b"\n" not in buffer:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise ModelUnavailableError(
                f"The embedded model's server did not start within {timeout_s:.0f} s: the machine may be "
                "overloaded; try again, or use RAG_LLM=extractive."
            )
        ready, _, _ = select.select([fd], [], [], min(remaining, 0.5))
        if ready:
            data = os.read(fd, 4096)
            if not data:
                code = proc.wait(timeout=10)
                raise ModelUnavailableError(
                    f"llama.cpp could not load the model (its process ended with code {code}): check that the "
                    "file is a complete GGUF model (delete it under RAG_HOME/models to re-assemble an embedded "
                    "model), see RAG_HOME/logs/llm-server.log, or use RAG_LLM=extractive."
                )
            buffer += data
    return buffer.split(b"\n", 1)[0].decode("utf-8", "replace")


def _terminate(proc: subprocess.Popen[bytes], timeout_s: float = 10.0) -> None:
    """Close its stdin (it exits on EOF), SIGTERM, then SIGKILL after ``timeout_s``."""
    for stream in (proc.stdin, proc.stdout):
        try:
            if stream is not None:
                stream.close()
        except OSError:
            pass
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=timeout_s)


# --- the shared processes ----------------------------------------------------------------------
_PROCESSES: dict[tuple[str, int, int], ModelProcess] = {}
_REGISTRY_LOCK = threading.Lock()


def model_target(settings: Settings) -> Path:
    """Where the configured GGUF is (or will be, once assembled), without assembling it."""
    value = settings.llamacpp_model
    if value in MODELS:
        return settings.models_dir / f"{MODELS[value].name}.gguf"
    return Path(value).expanduser()


def model_process(settings: Settings) -> ModelProcess:
    """The shared process for the configured model (created, not started)."""
    key = (str(model_target(settings).resolve()), settings.n_ctx, settings.llamacpp_threads)
    with _REGISTRY_LOCK:
        process = _PROCESSES.get(key)
        if process is None:
            process = _PROCESSES[key] = ModelProcess(
                resolve_model=lambda: ensure_model(settings),
                name=model_name(settings),
                n_ctx=settings.n_ctx,
                threads=settings.llamacpp_threads,
                log_path=settings.home / "logs" / "llm-server.log",
            )
        return process


def start_wait_s(settings: Settings) -> float:
    return DEFAULT_START_WAIT_S if settings.llm_start_wait_s is None else settings.llm_start_wait_s


def process_status(settings: Settings) -> ProcessStatus:
    """The embedded model's process for ``settings`` (idle when nothing started it yet)."""
    key = (str(model_target(settings).resolve()), settings.n_ctx, settings.llamacpp_threads)
    with _REGISTRY_LOCK:
        process = _PROCESSES.get(key)
    return process.status() if process is not None else ProcessStatus("idle", "not started")


@atexit.register
def stop_all() -> None:
    """Stop every model process this app started."""
    with _REGISTRY_LOCK:
        processes = list(_PROCESSES.values())
        _PROCESSES.clear()
    for process in processes:
        process.stop()


__all__ = [
    "ModelProcess",
    "ProcessStatus",
    "model_process",
    "model_target",
    "process_status",
    "start_wait_s",
    "stop_all",
]
