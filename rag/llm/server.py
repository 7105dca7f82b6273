"""The embedded model's own process: llama.cpp's HTTP server (prebuilt ``xllamacpp`` wheel) on loopback.

Started by :mod:`rag.llm.process` (never imported by the app itself)::

    python -m rag.llm.server --model PATH.gguf [--n-ctx 4096] [--threads 2] [--alias NAME] [--port 0]

``xllamacpp.Server`` is llama.cpp's C++ server: it serves the OpenAI chat API (``/v1/chat/completions``,
streamed as server-sent events), ``/v1/models``, ``/health`` and ``/tokenize`` on ``127.0.0.1`` (port 0 =
a free one). Once it listens, this prints one JSON line ``{"url": ..., "pid": ...}`` on stdout; it stops
when its standard input closes (the parent exited, even by a crash) or on SIGTERM/SIGINT.
This is the only module importing ``xllamacpp``; a segfault in llama.cpp ends this process, not the app.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from typing import Any

# Prompt caches (reuse of a previous prompt's KV state) are capped: the machine is shared, and the
# chat prompts change with every question anyway.
CACHE_RAM_MIB = 256
# A streamed answer carries an SSE comment (": ping") this often, also while the prompt is read, so the
# app's read timeout (RAG_LLM_TIMEOUT_S) only fires for a process that has really stopped responding.
PING_INTERVAL_S = 2


def build_params(model: str, n_ctx: int, threads: int, alias: str, port: int, parallel: int) -> Any:
    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = model
    params.n_ctx = n_ctx
    params.n_parallel = parallel
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    # idle threads sleep instead of spinning: on a shared CPU spinning workers slow everyone down
    params.cpuparams.poll = 0
    params.cpuparams_batch.poll = 0
    params.hostnames = ["127.0.0.1"]
    params.port = port
    params.cache_ram_mib = CACHE_RAM_MIB
    params.sse_ping_interval = PING_INTERVAL_S
    if alias:
        params.model_alias = {alias}
    # the GGUF's own chat template (Qwen's), rendered by llama.cpp's Jinja engine like llama-cpp-python's
    params.use_jinja = True
    return params


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rag.llm.server", description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, help="path to a GGUF file")
    parser.add_argument("--n-ctx", type=int, default=4096)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--alias", default="", help="the model name the server reports and accepts")
    parser.add_argument("--port", type=int, default=0, help="0 = a free port")
    parser.add_argument("--parallel", type=int, default=1, help="requests answered at once (n_ctx is split)")
    args = parser.parse_args(argv)
    if not os.path.isfile(args.model):
        print(f"no such GGUF file: {args.model}", file=sys.stderr)
        return 2

    import xllamacpp

    params = build_params(args.model, args.n_ctx, args.threads, args.alias, args.port, args.parallel)
    try:
        server = xllamacpp.Server(params)
    except Exception as err:  # noqa: BLE001 - reported to the parent on stderr, then exit 3
        print(f"llama.cpp could not load {args.model}: {err}", file=sys.stderr)
        return 3
    stop = threading.Event()

    def _stop(*_: object) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)

    def _watch_stdin() -> None:  # the parent holds our stdin: EOF means it is gone
        try:
            while sys.stdin.buffer.read(4096):
                pass
        except (OSError, ValueError):
            pass
        stop.set()

    threading.Thread(target=_watch_stdin, name="parent-watch", daemon=True).start()
    print(json.dumps({"url": server.listening_address, "pid": os.getpid()}), flush=True)
    while not stop.wait(0.5):
        pass
    del server  # the destructor stops llama.cpp's HTTP and inference loops
    return 0


if __name__ == "__main__":
    sys.exit(main())
