"""An Ollama **stand-in** server for tests and benchmarks.

No Ollama binary exists in any registry reachable from the build machines, so Ollama itself cannot run
here. This stand-in speaks Ollama's documented HTTP API (ollama/ollama ``docs/api.md``) over real HTTP
on 127.0.0.1, and behind it the REAL embedded llama.cpp model generates the text:

- ``GET /`` and ``HEAD /``: ``Ollama is running``
- ``GET /api/version``: ``{"version": ...}``
- ``GET /api/tags``: ``{"models": [{name, model, modified_at, size, digest, details}]}``
- ``POST /api/show``: model details; 404 ``{"error": "model 'x' not found"}`` for an unknown model
- ``POST /api/chat``: NDJSON stream (``Transfer-Encoding: chunked``, ``application/x-ndjson``) of
  ``{"model","created_at","message":{"role":"assistant","content":...},"done":false}`` lines, then a final
  ``done: true`` line with ``done_reason``, ``total_duration``, ``load_duration``, ``prompt_eval_count``,
  ``prompt_eval_duration``, ``eval_count``, ``eval_duration``; ``"stream": false`` returns one object;
  an empty ``messages`` list answers ``done_reason: "load"``; 404 ``{"error": ...}`` for an unknown model.

It records every request (so a test can assert the ``options`` it received, e.g. ``num_ctx``) and has
fault modes per path (:meth:`OllamaStandIn.set_fault`): ``error_mid_stream`` (an ``{"error": ...}`` line
after a few tokens, as Ollama does), ``drop_mid_stream`` (the connection closes mid-stream), ``hang``
(never answers until the stand-in stops, for timeouts) and ``http_500``.

Run it by hand: ``python tests/ollama_standin.py --port 11434`` then ``RAG_LLM=ollama rag ask ...``.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Literal

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

from rag.llm.llamacpp import ChatLlamaCpp

Fault = Literal["error_mid_stream", "drop_mid_stream", "hang", "http_500"]
STANDIN_VERSION = "0.12.6"
_TOKENS_BEFORE_FAULT = 3
_ROLES: dict[str, type[BaseMessage]] = {"system": SystemMessage, "user": HumanMessage, "assistant": AIMessage}


def _now() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


def _tagged(name: str) -> str:
    """Ollama lists a model pulled without a tag as ``name:latest``."""
    return name if ":" in name else f"{name}:latest"


@dataclass
class RecordedRequest:
    method: str
    path: str
    body: dict[str, Any]


@dataclass
class OllamaStandIn:
    """A stand-in Ollama server; ``models`` are the tags it claims to have, all served by ``chat``."""

    chat: ChatLlamaCpp | None
    models: list[str] = field(default_factory=list)
    requests: list[RecordedRequest] = field(default_factory=list)
    faults: dict[str, Fault] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.models = [_tagged(m) for m in self.models]
        self._release = threading.Event()
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle --------------------------------------------------------------------------
    def start(self, port: int = 0) -> OllamaStandIn:
        self._release.clear()
        server = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
        server.daemon_threads = True
        server.standin = self  # type: ignore[attr-defined]
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, name="ollama-standin", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._release.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def __enter__(self) -> OllamaStandIn:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._server is not None, "the stand-in is not running: call start()"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    # --- test controls ----------------------------------------------------------------------
    def set_fault(self, path: str, fault: Fault | None) -> None:
        """Make ``path`` (e.g. "/api/chat") misbehave; ``None`` restores normal behaviour."""
        with self._lock:
            if fault is None:
                self.faults.pop(path, None)
            else:
                self.faults[path] = fault

    def reset(self) -> None:
        """Clear faults and recorded requests (between tests)."""
        with self._lock:
            self.faults.clear()
            self.requests.clear()

    def chat_requests(self) -> list[dict[str, Any]]:
        return [r.body for r in self.requests if r.path == "/api/chat"]

    def has_model(self, name: str) -> str | None:
        tagged = _tagged(name)
        return tagged if tagged in self.models else None

    def model_entry(self, name: str) -> dict[str, Any]:
        path = Path(self.chat.model_path) if self.chat else None
        size = path.stat().st_size if path else 0
        return {
            "name": name,
            "model": name,
            "modified_at": _now(),
            "size": size,
            "digest": hashlib.sha256(name.encode()).hexdigest(),
            "details": {
                "parent_model": "",
                "format": "gguf",
                "family": "qwen2",
                "families": ["qwen2"],
                "parameter_size": "494M",
                "quantization_level": "Q8_0",
            },
        }

    # --- generation -------------------------------------------------------------------------
    def stream_tokens(self, body: dict[str, Any], stats: dict[str, Any]) -> Iterator[str]:
        """Generate with the real model; fills ``stats`` with prompt_tokens and done_reason."""
        if self.chat is None:
            raise RuntimeError("the stand-in has no model behind it")
        messages = [
            _ROLES.get(m.get("role", "user"), HumanMessage)(content=m.get("content", ""))
            for m in body["messages"]
        ]
        options = body.get("options") or {}
        kwargs: dict[str, Any] = {}
        if "num_predict" in options:
            kwargs["max_tokens"] = int(options["num_predict"])
        if "temperature" in options:
            kwargs["temperature"] = float(options["temperature"])
        stats["prompt_tokens"] = self.chat.count_prompt_tokens(messages)
        stats["done_reason"] = "stop"
        for chunk in self.chat.stream(messages, **kwargs):
            if chunk.content:
                yield str(chunk.content)
            if chunk.response_metadata.get("finish_reason") == "length":
                stats["done_reason"] = "length"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "OllamaStandIn/" + STANDIN_VERSION

    @property
    def standin(self) -> OllamaStandIn:
        return self.server.standin  # type: ignore[attr-defined]

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's signature
        return None

    # --- plumbing ---------------------------------------------------------------------------
    def _read_body(self) -> dict[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            return json.loads(raw) if raw else {}
        except json.JSONDecodeError:
            return {"_invalid": raw.decode("utf-8", "replace")}

    def _send_json(self, status: int, payload: Any) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _send_text(self, status: int, text: str, head: bool = False) -> None:
        data = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def _chunk(self, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode() + b"\n"
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def _record_and_fault(self, method: str, body: dict[str, Any]) -> Fault | None:
        standin = self.standin
        with standin._lock:
            standin.requests.append(RecordedRequest(method, self.path, body))
            fault = standin.faults.get(self.path)
        if fault == "hang":
            standin._release.wait()  # until the stand-in stops: the client must time out first
            self.close_connection = True
            return fault
        if fault == "http_500":
            self._send_json(500, {"error": "stand-in fault: internal server error"})
        return fault

    # --- routes -----------------------------------------------------------------------------
    def do_HEAD(self) -> None:  # noqa: N802
        self._send_text(200, "Ollama is running", head=True)

    def do_GET(self) -> None:  # noqa: N802
        fault = self._record_and_fault("GET", {})
        if fault in ("hang", "http_500"):
            return
        if self.path == "/":
            self._send_text(200, "Ollama is running")
        elif self.path == "/api/version":
            self._send_json(200, {"version": STANDIN_VERSION})
        elif self.path == "/api/tags":
            self._send_json(200, {"models": [self.standin.model_entry(m) for m in self.standin.models]})
        else:
            self._send_text(404, "404 page not found")

    def do_POST(self) -> None:  # noqa: N802
        body = self._read_body()
        fault = self._record_and_fault("POST", body)
        if fault in ("hang", "http_500"):
            return
        if self.path == "/api/show":
            self._show(body)
        elif self.path == "/api/chat":
            self._chat(body, fault)
        else:
            self._send_text(404, "404 page not found")

    def _show(self, body: dict[str, Any]) -> None:
        requested = str(body.get("model") or body.get("name") or "")
        name = self.standin.has_model(requested)
        if name is None:
            self._send_json(404, {"error": f"model '{requested}' not found"})
            return
        entry = self.standin.model_entry(name)
        self._send_json(
            200,
            {
                "modelfile": f"# Modelfile generated by the Ollama stand-in\nFROM {name}\n",
                "parameters": 'stop "<|im_start|>"\nstop "<|im_end|>"',
                "template": "{{ .Prompt }}",
                "details": entry["details"],
                "model_info": {"general.architecture": "qwen2"},
                "capabilities": ["completion"],
                "modified_at": entry["modified_at"],
            },
        )

    def _chat(self, body: dict[str, Any], fault: Fault | None) -> None:
        requested = str(body.get("model") or "")
        name = self.standin.has_model(requested)
        if name is None:
            self._send_json(404, {"error": f'model "{requested}" not found, try pulling it first'})
            return
        if not body.get("messages"):
            self._send_json(
                200,
                {
                    "model": name,
                    "created_at": _now(),
                    "message": {"role": "assistant", "content": ""},
                    "done_reason": "load",
                    "done": True,
                },
            )
            return
        started = time.perf_counter_ns()
        if body.get("stream", True):
            self._chat_stream(name, body, fault, started)
        else:
            stats: dict[str, Any] = {}
            tokens = list(self.standin.stream_tokens(body, stats))
            final = self._final(name, started, len(tokens), stats)
            final["message"] = {"role": "assistant", "content": "".join(tokens)}
            self._send_json(200, final)

    def _chat_stream(self, name: str, body: dict[str, Any], fault: Fault | None, started: int) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        count = 0
        stats: dict[str, Any] = {}
        tokens = self.standin.stream_tokens(body, stats)
        try:
            for token in tokens:
                self._chunk(
                    {
                        "model": name,
                        "created_at": _now(),
                        "message": {"role": "assistant", "content": token},
                        "done": False,
                    }
                )
                count += 1
                if fault and count >= _TOKENS_BEFORE_FAULT:
                    break
            if fault == "error_mid_stream":
                self._chunk({"error": "an error was encountered while running the model: stand-in fault"})
            elif fault == "drop_mid_stream":
                self.close_connection = True
                return  # no final line, no terminating chunk: the client sees a broken stream
            else:
                self._chunk(self._final(name, started, count, stats))
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            tokens.close()

    def _final(self, name: str, started: int, eval_count: int, stats: dict[str, Any]) -> dict[str, Any]:
        total = time.perf_counter_ns() - started
        return {
            "model": name,
            "created_at": _now(),
            "message": {"role": "assistant", "content": ""},
            "done": True,
            "done_reason": stats.get("done_reason", "stop"),
            "total_duration": total,
            "load_duration": 0,
            "prompt_eval_count": stats.get("prompt_tokens", 0),
            "prompt_eval_duration": 0,
            "eval_count": eval_count,
            "eval_duration": total,
        }


def main() -> None:  # pragma: no cover - manual use
    import argparse

    from rag.llm.llamacpp import make_llamacpp_chat
    from rag.settings import Settings

    parser = argparse.ArgumentParser(description="Run the Ollama stand-in (real llama.cpp model behind it).")
    parser.add_argument("--port", type=int, default=11434)
    parser.add_argument(
        "--model", action="append", default=None, help="tag(s) to serve (default: RAG_OLLAMA_MODEL)"
    )
    args = parser.parse_args()
    settings = Settings()
    standin = OllamaStandIn(make_llamacpp_chat(settings), models=args.model or [settings.ollama_model])
    standin.start(args.port)
    print(f"Ollama stand-in serving {standin.models} at {standin.url} (Ctrl-C to stop)")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        standin.stop()


if __name__ == "__main__":  # pragma: no cover
    main()
