"""Retrieval and ingestion benchmark on a synthetic corpus (1k, 10k, 100k chunks; ``--quick``: 1k, 10k).

Printed per size:
- ``ingest_vs_raw_encode``: raw ``SentenceTransformer.encode`` seconds on the same chunk texts divided by
  ``Index.ingest`` seconds (a throughput ratio; target >= 0.9).
- ``reingest_ratio``: re-ingest of the unchanged corpus / first ingest (target <= 0.05).
- ``retrieve_p50_ms`` / ``retrieve_p95_ms``: hybrid retrieval excluding query embedding (target p50 <= 20 ms at 100k).
- ``overhead_ratio``: (query embedding + retrieval) / (query embedding + raw Chroma query) (target <= 1.5).
- ``lexical_p50_ms``: the FTS5 part alone; ``retrieve_filtered_*_p50_ms``: retrieval with a label filter
  matching one document (50 chunks) or ~22% of the chunks (``Topic 1``, ``Topic 10``-``19``).
- ``search_peak_rss_mb``: peak RSS of a fresh process that loads the model and answers one search.

At 100k chunks, embedding everything with MiniLM would take ~15 min on 2 cores: the first
``REAL_EMBED_SAMPLE`` texts are embedded for real (timed) and the remaining vectors reuse those
embeddings (with a little noise). The raw-encode time and the ingest's embedding share are then
extrapolated from the sample rate; the output says ``embedding: sampled``.

Environment knobs (benchmark only): ``RAG_BENCH_REAL_EMBED_LIMIT`` (largest size embedded for real, default
10000), ``RAG_BENCH_EMBED_SAMPLE`` (chunks embedded for real at sampled sizes, default 2000),
``RAG_BENCH_SIZES`` (comma-separated chunk counts, overrides the size list).
"""

from __future__ import annotations

import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

import numpy as np

from rag.embeddings import Embedder, make_embedder
from rag.index import Index
from rag.ingest import chunk_document, embedded_text, load_document
from rag.settings import BUNDLED_CORPUS, Settings

CHUNKS_PER_DOC = 50
# sizes above this embed a sample and reuse its vectors (env RAG_BENCH_REAL_EMBED_LIMIT overrides,
# e.g. on a loaded machine where embedding 2 x 10k chunks for real takes too long)
REAL_EMBED_LIMIT = int(os.environ.get("RAG_BENCH_REAL_EMBED_LIMIT", "10000"))
REAL_EMBED_SAMPLE = int(os.environ.get("RAG_BENCH_EMBED_SAMPLE", "2000"))
QUERIES = 100
FILTERED_QUERIES = 20
FILTERS = {"one_doc": "guide_00001.md", "broad": "Topic 1"}
TOPICS = (
    "python sql docker kubernetes api fastapi cloud aws azure gcp vector database faiss pinecone weaviate "
    "transformers embeddings retrieval ranking mlops monitoring deployment pipeline training tuning "
    "optimization security privacy governance statistics probability algebra calculus pytorch tensorflow "
    "cnn rnn attention compression distillation quantization serving caching microservices gateway"
).split()


def _vocabularies(rng: random.Random, rare: int = 3000) -> tuple[list[str], list[str]]:
    """Common words (the bundled roadmap's own words) and rare made-up words (for lexical selectivity)."""
    common = sorted({w.lower() for w in re.findall(r"[A-Za-z]{3,}", BUNDLED_CORPUS.read_text())} | set(TOPICS))
    syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "vi", "so", "pe", "da", "zu", "fo", "gri", "bel", "tor", "min"]
    words = {"".join(rng.choice(syllables) for _ in range(rng.randint(2, 3))) for _ in range(rare * 2)}
    return common, sorted(words)[:rare]


def make_corpus(folder: Path, n_chunks: int, seed: int = 7) -> list[str]:
    """Markdown files of CHUNKS_PER_DOC one-paragraph sections (~60 tokens each); returns query texts."""
    rng = random.Random(seed)
    common, rare = _vocabularies(rng)
    folder.mkdir(parents=True, exist_ok=True)
    queries: list[str] = []
    for doc in range(max(1, n_chunks // CHUNKS_PER_DOC)):
        parts = [f"# Synthetic guide {doc}\n"]
        for sec in range(CHUNKS_PER_DOC):
            # ~60 tokens: mostly real words, one in five a rare made-up word
            words = [rng.choice(rare) if rng.random() < 0.2 else rng.choice(common) for _ in range(45)]
            parts.append(f"## Topic {sec}: {words[0]} {rng.choice(TOPICS)}\n\n{' '.join(words).capitalize()}.\n")
            if len(queries) < QUERIES and rng.random() < 0.05:
                queries.append(f"how do I learn {words[3]} and {words[7]} for {rng.choice(TOPICS)}?")
        (folder / f"guide_{doc:05d}.md").write_text("\n".join(parts), encoding="utf-8")
    while len(queries) < QUERIES:
        queries.append(f"what about {rng.choice(rare)} {rng.choice(TOPICS)}?")
    return queries


def chunk_texts(folder: Path, settings: Settings) -> list[str]:
    texts = []
    for path in sorted(folder.glob("*.md")):
        for chunk in chunk_document(
            load_document(path), path.name, settings.chunk_max_chars, settings.chunk_overlap_chars
        ):
            texts.append(embedded_text(chunk))
    return texts


class SampledEmbedder:
    """Embeds the first ``sample`` texts for real, then reuses those vectors (plus noise) for the rest."""

    def __init__(self, inner: Embedder, sample: int):
        self.inner, self.name, self.dim = inner, inner.name, inner.dim
        self.sample = sample
        self.bank: np.ndarray | None = None
        self.real_seconds = 0.0
        self.real_texts = 0
        self.rng = np.random.default_rng(0)

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        if self.real_texts < self.sample:
            started = time.perf_counter()
            vectors = self.inner.embed_documents(texts)
            self.real_seconds += time.perf_counter() - started
            self.real_texts += len(texts)
            self.bank = vectors if self.bank is None else np.vstack([self.bank, vectors])
            return vectors
        assert self.bank is not None
        picked = self.bank[self.rng.integers(0, len(self.bank), len(texts))]
        noisy = picked + self.rng.normal(0, 0.02, picked.shape).astype(np.float32)
        return noisy / np.linalg.norm(noisy, axis=1, keepdims=True)

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(text)


class TimedEmbedder:
    """Counts the seconds spent embedding inside an ingest."""

    def __init__(self, inner: Embedder):
        self.inner, self.name, self.dim = inner, inner.name, inner.dim
        self.seconds = 0.0

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        started = time.perf_counter()
        try:
            return self.inner.embed_documents(texts)
        finally:
            self.seconds += time.perf_counter() - started

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(text)


def _percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values), q))


def _peak_rss_mb(home: Path) -> float:
    code = textwrap.dedent(
        f"""
        import resource
        from rag.services import Services
        from rag.settings import BUNDLED_CORPUS, Settings
        services = Services(Settings(home={str(home)!r}))
        services.index.retrieve("how do I learn vector databases for retrieval?")
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=600)
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def bench_size(n_chunks: int, embedder: Embedder, workdir: Path) -> dict[str, Any]:
    corpus = workdir / f"corpus_{n_chunks}"
    home = workdir / f"home_{n_chunks}"
    queries = make_corpus(corpus, n_chunks)
    settings = Settings(home=home)
    texts = chunk_texts(corpus, settings)
    sampled = len(texts) > REAL_EMBED_LIMIT
    result: dict[str, Any] = {"chunks": len(texts), "embedding": "sampled" if sampled else "real"}

    if sampled:
        wrapper: Any = SampledEmbedder(embedder, REAL_EMBED_SAMPLE)
    else:
        started = time.perf_counter()
        embedder.model.encode(texts, batch_size=settings.embedding_batch_size, normalize_embeddings=True)
        raw_seconds = time.perf_counter() - started
        wrapper = TimedEmbedder(embedder)
    index = Index(settings, embedder_factory=lambda: wrapper)
    started = time.perf_counter()
    index.ingest([corpus])
    ingest_seconds = time.perf_counter() - started
    if sampled:
        rate = wrapper.real_texts / wrapper.real_seconds
        raw_seconds = len(texts) / rate
        fake_embed_seconds = ingest_seconds - wrapper.real_seconds  # includes the cheap reuse
        ingest_est = raw_seconds + fake_embed_seconds
        result["ingest_s_measured_with_reused_vectors"] = round(ingest_seconds, 1)
        result["ingest_s_estimated"] = round(ingest_est, 1)
        ingest_seconds_for_ratio = ingest_est
    else:
        result["ingest_s"] = round(ingest_seconds, 1)
        result["ingest_embed_share"] = round(wrapper.seconds / ingest_seconds, 3)
        ingest_seconds_for_ratio = ingest_seconds
    result["raw_encode_s"] = round(raw_seconds, 1)
    result["chunks_per_s"] = round(len(texts) / ingest_seconds_for_ratio, 1)
    result["ingest_vs_raw_encode"] = round(raw_seconds / ingest_seconds_for_ratio, 3)

    started = time.perf_counter()
    again = Index(settings, embedder_factory=lambda: wrapper).ingest([corpus])
    reingest = time.perf_counter() - started
    assert again.chunks_written == 0, "re-ingest of an unchanged corpus wrote chunks"
    result["reingest_s"] = round(reingest, 2)
    result["reingest_ratio"] = round(reingest / ingest_seconds_for_ratio, 4)

    vectors = []
    embed_times = []
    for query in queries:
        started = time.perf_counter()
        vectors.append(embedder.embed_query(query))
        embed_times.append(time.perf_counter() - started)
    for query, vector in zip(queries[:5], vectors[:5], strict=True):  # warm up
        index.retrieve_by_vector(query, vector)
    retrieve_times, chroma_times = [], []
    collection = index.store.collection
    for query, vector in zip(queries, vectors, strict=True):
        started = time.perf_counter()
        index.retrieve_by_vector(query, vector, k=settings.k)
        retrieve_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        collection.query(
            query_embeddings=[vector], n_results=settings.k, include=["documents", "metadatas", "distances"]
        )
        chroma_times.append(time.perf_counter() - started)
    lexical_times = []
    for query in queries:
        started = time.perf_counter()
        index.lexical.search(query, settings.candidates)
        lexical_times.append(time.perf_counter() - started)
    result["lexical_p50_ms"] = round(_percentile(lexical_times, 50) * 1000, 2)
    for name, label_filter in FILTERS.items():  # a narrow (one document) and a broad (~22% of chunks) filter
        filtered_times = []
        for query, vector in zip(queries[:FILTERED_QUERIES], vectors, strict=False):
            started = time.perf_counter()
            index.retrieve_by_vector(query, vector, k=settings.k, filter=label_filter)
            filtered_times.append(time.perf_counter() - started)
        result[f"retrieve_filtered_{name}_p50_ms"] = round(_percentile(filtered_times, 50) * 1000, 2)
    embed = statistics.median(embed_times)
    result["query_embed_p50_ms"] = round(embed * 1000, 2)
    result["retrieve_p50_ms"] = round(_percentile(retrieve_times, 50) * 1000, 2)
    result["retrieve_p95_ms"] = round(_percentile(retrieve_times, 95) * 1000, 2)
    result["raw_chroma_p50_ms"] = round(_percentile(chroma_times, 50) * 1000, 2)
    result["overhead_ratio"] = round(
        (embed + statistics.median(retrieve_times)) / (embed + statistics.median(chroma_times)), 3
    )
    index.lexical.close()
    result["search_peak_rss_mb"] = round(_peak_rss_mb(home), 1)
    return result


def run(quick: bool = False) -> dict[str, Any]:
    sizes = [1_000, 10_000] if quick else [1_000, 10_000, 100_000]
    if os.environ.get("RAG_BENCH_SIZES"):  # e.g. RAG_BENCH_SIZES=100000 to run one size alone
        sizes = [int(size) for size in os.environ["RAG_BENCH_SIZES"].split(",")]
    workdir = Path(tempfile.mkdtemp(prefix="rag-bench-"))
    results: dict[str, Any] = {
        "machine": f"{os.cpu_count()} CPU cores, no GPU (torch CPU), load average {os.getloadavg()[0]:.1f}",
        "real_embed_limit": REAL_EMBED_LIMIT,
        "embed_sample": REAL_EMBED_SAMPLE,
        "bench_peak_rss_mb": 0.0,
    }
    try:
        embedder = make_embedder(Settings(home=workdir / "model_home"))
        for n in sizes:
            label = f"{n // 1000}k"
            print(f"  retrieval bench: {label} chunks ...", flush=True)
            results[label] = bench_size(n, embedder, workdir)
            print(f"  {label}: {results[label]}", flush=True)
        results["bench_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return results
