"""Server mode (issue 14) vs embedded: retrieval latency and ingest throughput on the same synthetic corpus.

Embedded: Chroma under RAG_HOME + SQLite FTS5 (the default). Server: a real `chroma run` + a real
PostgreSQL 15 (Debian's binaries, default durability settings) on loopback, as several workers would use
them. Both index the corpus of ``bench/retrieval.py`` (Markdown guides of 50 sections).

Printed per size:
- ``ingest_chunks_per_s`` per mode and ``ingest_ratio`` (server / embedded throughput; target >= 0.8).
  Vectors are precomputed (the first ``EMBED_BANK`` texts embedded for real, then reused with noise, as
  bench/retrieval.py does at 100k), so the figure isolates what the stores cost: the part that differs between
  the modes. ``ingest_ratio_with_embedding`` adds the real embedding time measured on this machine to both
  (what a user sees: MiniLM dominates).
- ``retrieve_p50_ms`` / ``retrieve_p95_ms`` per mode (hybrid retrieval, query embedding excluded) and
  ``retrieve_p50_ratio`` / ``retrieve_p95_ratio`` (server / embedded; target <= 2 at 100k).
- ``lexical_p50_ms`` per mode (keyword search alone: FTS5 BM25 vs PostgreSQL full-text search).

Sizes: 10k with ``--quick``, else 10k and 100k; ``RAG_BENCH_STORAGE_SIZES=100000`` picks sizes.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench._servers import chroma_server, create_database, postgres_missing_message, postgres_server
from bench.retrieval import QUERIES, SampledEmbedder, _percentile, chunk_texts, make_corpus
from rag.embeddings import make_embedder
from rag.index import Index
from rag.settings import Settings

EMBED_BANK = int(os.environ.get("RAG_BENCH_EMBED_SAMPLE", "1000"))


def _measure(settings: Settings, corpus: Path, wrapper: Any, queries: list[str], vectors: list[np.ndarray]) -> dict[str, Any]:
    index = Index(settings, embedder_factory=lambda: wrapper)
    started = time.perf_counter()
    report = index.ingest([corpus])
    ingest_s = time.perf_counter() - started
    for query, vector in zip(queries[:5], vectors[:5], strict=True):  # warm up (connections, caches)
        index.retrieve_by_vector(query, vector)
    times = []
    for query, vector in zip(queries, vectors, strict=True):
        started = time.perf_counter()
        index.retrieve_by_vector(query, vector, k=settings.k)
        times.append(time.perf_counter() - started)
    lexical = []
    for query in queries:
        started = time.perf_counter()
        index.lexical.search(query, settings.candidates)
        lexical.append(time.perf_counter() - started)
    index.lexical.close()
    return {
        "chunks": report.chunks_written,
        "ingest_s": round(ingest_s, 1),
        "ingest_chunks_per_s": round(report.chunks_written / ingest_s, 1),
        "retrieve_p50_ms": round(_percentile(times, 50) * 1000, 2),
        "retrieve_p95_ms": round(_percentile(times, 95) * 1000, 2),
        "lexical_p50_ms": round(_percentile(lexical, 50) * 1000, 2),
    }


def bench_size(n_chunks: int, embedder: Any, workdir: Path, database_admin: str, chroma_url: str) -> dict[str, Any]:
    corpus = workdir / f"corpus_{n_chunks}"
    queries = make_corpus(corpus, n_chunks)
    texts, contexts = chunk_texts(corpus, Settings(home=workdir / "h"))  # an ingest embeds both
    bank = SampledEmbedder(embedder, EMBED_BANK)
    started = time.perf_counter()
    bank.embed_documents(texts[:EMBED_BANK])  # the real vectors every later batch reuses (both modes)
    embed_rate = EMBED_BANK / (time.perf_counter() - started)
    vectors = [embedder.embed_query(q) for q in queries]
    embedded = _measure(Settings(home=workdir / f"embedded_{n_chunks}"), corpus, bank, queries, vectors)
    server_settings = Settings(
        home=workdir / f"server_{n_chunks}",
        chroma_url=chroma_url,
        database_url=create_database(database_admin),
        collection=f"bench{n_chunks}",
    )
    server = _measure(server_settings, corpus, bank, queries, vectors)
    embed_s = (len(texts) + len(contexts)) / embed_rate
    return {
        "chunks": len(texts),
        "embedded": embedded,
        "server": server,
        "ingest_ratio": round(server["ingest_chunks_per_s"] / embedded["ingest_chunks_per_s"], 3),
        "ingest_ratio_with_embedding": round((embed_s + embedded["ingest_s"]) / (embed_s + server["ingest_s"]), 3),
        "real_embed_chunks_per_s": round(embed_rate, 1),
        "retrieve_p50_ratio": round(server["retrieve_p50_ms"] / embedded["retrieve_p50_ms"], 3),
        "retrieve_p95_ratio": round(server["retrieve_p95_ms"] / embedded["retrieve_p95_ms"], 3),
        "queries": QUERIES,
    }


def run(quick: bool = False) -> dict[str, Any]:
    missing = postgres_missing_message()
    if missing:
        raise RuntimeError(missing)
    sizes = [10_000] if quick else [10_000, 100_000]
    if os.environ.get("RAG_BENCH_STORAGE_SIZES"):
        sizes = [int(size) for size in os.environ["RAG_BENCH_STORAGE_SIZES"].split(",")]
    workdir = Path(tempfile.mkdtemp(prefix="rag-bench-storage-"))
    results: dict[str, Any] = {
        "machine": f"{os.cpu_count()} CPU cores, load average {os.getloadavg()[0]:.1f} at start",
    }
    try:
        embedder = make_embedder(Settings(home=workdir / "model_home"))
        with postgres_server() as admin_url, chroma_server(workdir / "chroma_server") as chroma_url:
            for n in sizes:
                label = f"{n // 1000}k"
                print(f"  storage bench: {label} chunks ...", flush=True)
                results[label] = bench_size(n, embedder, workdir, admin_url, chroma_url)
                print(f"  {label}: {results[label]}", flush=True)
        results["load_average_at_end"] = round(os.getloadavg()[0], 1)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return results
