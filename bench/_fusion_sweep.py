"""Choose the fusion function and its parameters on all corpora at once (a development tool, not a benchmark).

``python -m bench._fusion_sweep [CACHE]``: builds the corpora of ``bench.retrieval_quality``, stores every
question's dense (cosine) and keyword (BM25) rankings, 100 deep, in CACHE (a pickle, reused when present),
then scores each fusion function over a grid of parameters on every corpus and prints the settings whose
fused MRR is at least the best single retriever's on every corpus, best worst-corpus margin first.
"""

from __future__ import annotations

import itertools
import os
import pickle
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench.retrieval_quality import OursPipeline, build_corpora, first_hit_rank, score
from rag.embeddings import make_embedder
from rag.index import rrf_fuse
from rag.settings import Settings

DEPTH = 100
Scored = list[tuple[str, float]]


def collect(cache: Path) -> dict:
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    workdir = Path(tempfile.mkdtemp(prefix="rag-sweep-"))
    embedder = make_embedder(Settings(home=workdir / "model_home"))
    corpora, _ = build_corpora(workdir)
    data = {}
    for corpus in corpora:
        ours = OursPipeline(corpus.folder, embedder, workdir / f"home_{corpus.name}")
        rows = []
        for q in corpus.questions:
            dense, keyword = ours.scored_rankings(q.question, DEPTH)
            passages = ours.lexical_passages({c for c, _ in dense} | {c for c, _ in keyword})
            rows.append((q, dense, keyword, passages))
        data[corpus.name] = rows
        print(f"collected {corpus.name}: {len(rows)} questions", flush=True)
    cache.write_bytes(pickle.dumps(data))
    return data


def _minmax(scored: Scored) -> dict[str, float]:
    if not scored:
        return {}
    hi, lo = scored[0][1], scored[-1][1]
    return {c: (s - lo) / (hi - lo) if hi > lo else 1.0 for c, s in scored}


def _zscore(scored: Scored) -> dict[str, float]:
    if len(scored) < 2:
        return {c: 1.0 for c, _ in scored}
    values = [s for _, s in scored]
    mean, sd = statistics.fmean(values), statistics.pstdev(values) or 1.0
    return {c: (s - mean) / sd for c, s in scored}


def fuse(method: str, dense: Scored, keyword: Scored, n: int, p: float, rrf_k: int = 60) -> list[str]:
    dense, keyword = dense[:n], keyword[:n]
    if method == "dense":
        return [c for c, _ in dense]
    if method == "keyword":
        return [c for c, _ in keyword]
    if method == "rrf":
        return [c for c, _ in rrf_fuse([[c for c, _ in dense], [c for c, _ in keyword]], rrf_k, (1.0, p))]
    if method == "minmax":  # p = keyword weight, dense weight 1 - p
        d, k = _minmax(dense), _minmax(keyword)
    elif method == "zscore":
        d, k = _zscore(dense), _zscore(keyword)
        floor_d, floor_k = min(d.values(), default=0.0), min(k.values(), default=0.0)
        ids = set(d) | set(k)
        fused = {c: (1 - p) * d.get(c, floor_d) + p * k.get(c, floor_k) for c in ids}
        return sorted(fused, key=lambda c: -fused[c])
    elif method == "cos+bm25max":  # cosine + p * bm25 / best bm25
        d = dict(dense)
        top = keyword[0][1] if keyword else 1.0
        k = {c: s / top for c, s in keyword}
        fused = {c: d.get(c, dense[-1][1] if dense else 0.0) + p * k.get(c, 0.0) for c in set(d) | set(k)}
        return sorted(fused, key=lambda c: -fused[c])
    else:
        raise ValueError(method)
    fused = {c: (1 - p) * d.get(c, 0.0) + p * k.get(c, 0.0) for c in set(d) | set(k)}
    return sorted(fused, key=lambda c: -fused[c])


def evaluate(rows: list, ranker: Callable[[Scored, Scored], list[str]]) -> dict:
    ranks = []
    for q, dense, keyword, passages in rows:
        ids = ranker(dense, keyword)[:10]
        ranks.append(first_hit_rank(q, [passages[i] for i in ids]))
    return score(ranks)


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    cache = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/rag-fusion-sweep.pkl")
    data = collect(cache)
    singles = {}
    for name, rows in data.items():
        dense = evaluate(rows, lambda d, k: fuse("dense", d, k, 10, 0))
        keyword = evaluate(rows, lambda d, k: fuse("keyword", d, k, 10, 0))
        singles[name] = max(dense["mrr"], keyword["mrr"])
        print(f"{name}: dense {dense} keyword {keyword}")
    grid = []
    for n, p in itertools.product((10, 20, 30, 50), (0.1, 0.2, 0.3, 0.4, 0.5, 0.6)):
        grid += [("minmax", n, p, 60), ("zscore", n, p, 60), ("cos+bm25max", n, p / 2, 60)]
    for rrf_k, n, p in itertools.product((5, 10, 30, 60), (10, 20, 30), (1.0, 0.7, 0.5, 0.3)):
        grid.append(("rrf", n, p, rrf_k))
    results = []
    for method, n, p, rrf_k in grid:
        per = {
            name: evaluate(rows, lambda d, k, m=method, n=n, p=p, r=rrf_k: fuse(m, d, k, n, p, r))
            for name, rows in data.items()
        }
        margin = min(per[name]["mrr"] - singles[name] for name in per)
        results.append((margin, sum(x["mrr"] for x in per.values()), method, n, p, rrf_k, per))
    results.sort(key=lambda r: (-r[0], -r[1]))
    for margin, total, method, n, p, rrf_k, per in results[:30]:
        cells = " ".join(f"{name}={x['mrr']:.3f}/{x['hit@5']:.2f}" for name, x in per.items())
        print(f"margin {margin:+.3f} sum {total:.3f} {method} n={n} p={p} rrf_k={rrf_k}: {cells}")


if __name__ == "__main__":
    main()
