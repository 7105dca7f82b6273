"""Retrieval quality across corpora of different shapes: our hybrid search vs the LangChain tutorial pipeline.

Corpora (built offline, each with its own questions, see bench/corpora/README.md):
- ``roadmap``: the bundled roadmap; tests/fixtures/retrieval_questions.jsonl plus the answerable questions of
  eval/gold.jsonl (any of their ``expected_sources`` counts).
- ``faq``: the Python FAQ pages of Debian's python3.11-doc (``faq/*.html``, every question a heading), with
  questions paraphrased in a learner's words (bench/corpora/python_faq.jsonl).
- ``faq_md``: the same FAQ as a folder of short Markdown interview answers, one file per question with the
  question as its H1 (the shape of issue 17), asked the same paraphrased questions.
- ``tutorial``: the Python tutorial pages (long reference documents, ``tutorial/*.html``) with questions whose
  answer sits in one section (bench/corpora/python_tutorial.jsonl).

Pipelines, both over the same all-MiniLM-L6-v2 model and the same extracted document text:
- ``ours``: the real ``Index`` (ingest into a temporary RAG_HOME, ``retrieve`` with k = 10; ``ours_k5``: k = 5,
  what the answer chain gets, whose hit@5 shows the keyword seat), plus its two halves alone:
  ``ours_dense`` (the Chroma query) and ``ours_keyword`` (the SQLite FTS5 BM25 query).
- ``tutorial``: RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200) over the document text,
  embedded into a Chroma collection with LangChain's defaults (L2 space) and queried by similarity search.
  It is given the text our loaders extract (headings as ``#`` lines, navigation removed), the kindest input.

Hit rule (the same for both pipelines): a returned passage answers a question when it comes from the expected
file and its line range overlaps the line range of an expected section (the section's heading line to the
line before the next heading of the same or a higher level). Line numbers are those of the loaders
(Markdown: file lines; HTML: the source line of each element); a tutorial chunk's range comes from its
``start_index`` in the text. A 1000-character tutorial chunk spanning several short sections counts for each
of them (generous to the tutorial). Metrics per corpus: hit@1, hit@5 and MRR over the top 10.
"""

from __future__ import annotations

import bisect
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rag.embeddings import Embedder, make_embedder
from rag.index import Index, expand_query, rrf_fuse
from rag.ingest import load_document
from rag.ingest.loaders import DocLine, LoadedDoc
from rag.settings import BUNDLED_CORPUS, REPO_DIR, Settings

CORPORA = Path(__file__).resolve().parent / "corpora"
PYDOC = Path(os.environ.get("RAG_BENCH_PYDOC", "/usr/share/doc/python3.11/html"))
PYDOC_MISSING = (
    f"{PYDOC} is missing: install Debian's python3.11-doc (`apt-get install -y python3.11-doc`, as root; "
    "`make bench` does it) or point RAG_BENCH_PYDOC at a copy of the Python 3.11 HTML documentation."
)
TOP = 10  # ranks scored for MRR
TUTORIAL_CHUNK, TUTORIAL_OVERLAP = 1000, 200


# --- questions and expected line ranges ---------------------------------------------------------
@dataclass
class Question:
    question: str
    source: str  # expected file (path relative to the corpus folder)
    sections: list[str]  # any of these heading paths (" > "-separated fragments) answers it
    ranges: list[tuple[int, int]] = field(default_factory=list)  # filled by resolve_ranges
    group: str = ""  # roadmap: "learner" for tests/fixtures/retrieval_questions.jsonl (the 0.97 target)


@dataclass
class Corpus:
    name: str
    folder: Path
    questions: list[Question]


def _norm(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.lower().replace("›", ">").split())


def heading_ranges(doc: LoadedDoc) -> list[tuple[tuple[str, ...], int, int]]:
    """(heading path incl. the title, first line, last line) of every heading's section with sub-sections."""
    lines = doc.lines
    last = max((line.no for line in lines), default=1)
    heads = [(i, line) for i, line in enumerate(lines) if line.level]
    out = []
    stack: list[DocLine] = []
    for n, (_, head) in enumerate(heads):
        while stack and stack[-1].level >= head.level:
            stack.pop()
        stack.append(head)
        end = last
        for _, later in heads[n + 1 :]:
            if later.level <= head.level:
                end = later.no - 1
                break
        out.append((tuple(h.text for h in stack), head.no, end))
    return out


def resolve_ranges(folder: Path, questions: list[Question]) -> None:
    """Fill each question's line ranges; fail loudly when an expected section does not exist."""
    docs: dict[str, list[tuple[tuple[str, ...], int, int]]] = {}
    for q in questions:
        if q.source not in docs:
            docs[q.source] = heading_ranges(load_document(folder / q.source))
        for section in q.sections:
            fragments = [_norm(f) for f in section.replace("›", ">").split(" > ") if f.strip()]
            found = [
                (start, end)
                for path, start, end in docs[q.source]
                if all(f in _norm(" > ".join(path)) for f in fragments) and fragments[-1] in _norm(path[-1])
            ]
            q.ranges.extend(found)
        if not q.ranges:
            raise ValueError(f"no section {q.sections} in {q.source} (question {q.question!r})")


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# --- corpora -----------------------------------------------------------------------------------
def roadmap_corpus(workdir: Path) -> Corpus:
    folder = workdir / "roadmap"
    folder.mkdir(parents=True)
    source = BUNDLED_CORPUS.name
    shutil.copy(BUNDLED_CORPUS, folder / source)
    questions = [
        Question(item["question"], source, [item["expected"]], group="learner")
        for item in _read_jsonl(REPO_DIR / "tests" / "fixtures" / "retrieval_questions.jsonl")
    ]
    for item in _read_jsonl(REPO_DIR / "eval" / "gold.jsonl"):  # follow-ups (with history) need condensing
        if item.get("answerable") and item.get("expected_sources") and not item.get("history"):
            questions.append(Question(item["question"], source, list(item["expected_sources"])))
    return Corpus("roadmap", folder, questions)


def _copy_pages(sub: str, folder: Path) -> None:
    pages = PYDOC / sub
    if not pages.is_dir():
        raise FileNotFoundError(PYDOC_MISSING)
    folder.mkdir(parents=True)
    for page in sorted(pages.glob("*.html")):
        if page.name != "index.html":  # the table of contents page
            shutil.copy(page, folder / page.name)


def html_corpus(name: str, sub: str, fixture: str, workdir: Path) -> Corpus:
    folder = workdir / name
    _copy_pages(sub, folder)
    questions = [Question(i["question"], i["source"], [i["section"]]) for i in _read_jsonl(CORPORA / fixture)]
    return Corpus(name, folder, questions)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _norm(text)).strip("-")[:60]


def faq_markdown_corpus(faq: Corpus, workdir: Path) -> Corpus:
    """One short Markdown file per FAQ question: ``# question`` then its answer (the issue-17 shape)."""
    folder = workdir / "faq_md"
    folder.mkdir(parents=True)
    files: dict[tuple[str, str], str] = {}
    for page in sorted(faq.folder.glob("*.html")):
        doc = load_document(page)
        heads = [i for i, line in enumerate(doc.lines) if line.level]
        for n, i in enumerate(heads):
            end = heads[n + 1] if n + 1 < len(heads) else len(doc.lines)
            body = [line.text for line in doc.lines[i + 1 : end]]
            if not any(text.strip() for text in body) or doc.lines[i].level == 1:
                continue
            name = f"{page.stem}-{_slug(doc.lines[i].text)}.md"
            files[(page.name, _norm(doc.lines[i].text))] = name
            text = "\n".join(body).strip("\n")
            (folder / name).write_text(f"# {doc.lines[i].text}\n\n{text}\n", encoding="utf-8")
    questions = []
    for q in faq.questions:
        name = files[(q.source, _norm(q.sections[0]))]
        questions.append(Question(q.question, name, q.sections))
    return Corpus("faq_md", folder, questions)


def build_corpora(workdir: Path) -> tuple[list[Corpus], dict[str, str]]:
    """The corpora that can be built here, and a reason for each that cannot."""
    corpora = [roadmap_corpus(workdir)]
    missing: dict[str, str] = {}
    try:
        faq = html_corpus("faq", "faq", "python_faq.jsonl", workdir)
        corpora += [faq, faq_markdown_corpus(faq, workdir)]
        corpora.append(html_corpus("tutorial", "tutorial", "python_tutorial.jsonl", workdir))
    except FileNotFoundError as err:
        for name in ("faq", "faq_md", "tutorial"):
            missing[name] = str(err)
    for corpus in corpora:
        resolve_ranges(corpus.folder, corpus.questions)
    return corpora, missing


# --- scoring -----------------------------------------------------------------------------------
Passage = tuple[str, int, int]  # (source, start_line, end_line)


def first_hit_rank(q: Question, passages: Sequence[Passage]) -> int | None:
    for rank, (source, start, end) in enumerate(passages[:TOP], start=1):
        if source == q.source and any(start <= r_end and r_start <= end for r_start, r_end in q.ranges):
            return rank
    return None


def score(ranks: Sequence[int | None]) -> dict[str, float]:
    n = max(len(ranks), 1)
    return {
        "hit@1": round(sum(r == 1 for r in ranks) / n, 3),
        "hit@5": round(sum(r is not None and r <= 5 for r in ranks) / n, 3),
        "mrr": round(sum(1 / r for r in ranks if r) / n, 3),
    }


# --- the tutorial pipeline ---------------------------------------------------------------------
def document_text(doc: LoadedDoc) -> tuple[str, list[int], list[int]]:
    """The document as text (headings as ``#`` lines), each line's start offset and its line number."""
    parts, offsets, numbers = [], [], []
    position = 0
    for line in doc.lines:
        text = f"{'#' * line.level} {line.text}" if line.level else line.text
        offsets.append(position)
        numbers.append(line.no)
        parts.append(text)
        position += len(text) + 1
    return "\n".join(parts), offsets, numbers


class TutorialPipeline:
    """RecursiveCharacterTextSplitter(1000, 200) + the same embedding model + Chroma similarity search."""

    def __init__(self, folder: Path, embedder: Embedder, name: str):
        import chromadb
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        splitter = RecursiveCharacterTextSplitter(
            chunk_size=TUTORIAL_CHUNK, chunk_overlap=TUTORIAL_OVERLAP, add_start_index=True
        )
        self.embedder = embedder
        self.passages: list[Passage] = []
        texts: list[str] = []
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            source = path.relative_to(folder).as_posix()
            text, offsets, numbers = document_text(load_document(path))
            for chunk in splitter.create_documents([text]):
                start = chunk.metadata["start_index"]
                end = start + len(chunk.page_content) - 1
                first = numbers[bisect.bisect_right(offsets, start) - 1]
                last = numbers[bisect.bisect_right(offsets, end) - 1]
                self.passages.append((source, first, last))
                texts.append(chunk.page_content)
        client = chromadb.EphemeralClient()
        self.collection = client.get_or_create_collection(f"tutorial-{name}")  # LangChain's default: l2
        vectors = embedder.embed_documents(texts)
        ids = [str(i) for i in range(len(texts))]
        for start in range(0, len(ids), 1000):
            self.collection.add(
                ids=ids[start : start + 1000],
                embeddings=vectors[start : start + 1000],
                documents=texts[start : start + 1000],
            )

    def search(self, question: str, k: int = TOP) -> list[Passage]:
        result = self.collection.query(query_embeddings=[self.embedder.embed_query(question)], n_results=k)
        return [self.passages[int(i)] for i in result["ids"][0]]


# --- our pipeline, and its halves ----------------------------------------------------------------
class OursPipeline:
    def __init__(self, folder: Path, embedder: Embedder, home: Path, settings: Settings | None = None):
        self.settings = settings or Settings(home=home)
        self.index = Index(self.settings, embedder_factory=lambda: embedder)
        self.index.ingest([folder])
        self.chunks = self.index.lexical.counts()[1]

    def lexical_passages(self, ids: set[str]) -> dict[str, Passage]:
        return {cid: (c.source, c.start_line, c.end_line) for cid, c in self.index.lexical.chunks(ids).items()}

    def _passages(self, ids: Sequence[str]) -> list[Passage]:
        chunks = self.index.lexical.chunks(ids)
        return [(chunks[i].source, chunks[i].start_line, chunks[i].end_line) for i in ids if i in chunks]

    def fused(self, question: str) -> list[Passage]:
        return [(h.source, h.start_line, h.end_line) for h in self.index.retrieve(question, k=TOP)]

    def fused_k5(self, question: str) -> list[Passage]:
        """What the answer chain sees (k = 5): the keyword seat and named sections act on the last seats."""
        return [(h.source, h.start_line, h.end_line) for h in self.index.retrieve(question, k=5)]

    def scored_rankings(self, question: str, n: int) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
        """The dense (cosine) and keyword (BM25) rankings that ``retrieve`` fuses, ``n`` deep, with scores."""
        query = expand_query(question.strip())
        dense = self.index.store.query(self.index.query_vector(query), n)
        lexical = self.index.lexical.search(query, n)
        return [(m.chunk_id, m.similarity) for m in dense], [(m.chunk_id, m.score) for m in lexical]

    def rankings(self, question: str, n: int) -> tuple[list[str], list[str]]:
        dense, lexical = self.scored_rankings(question, n)
        return [cid for cid, _ in dense], [cid for cid, _ in lexical]

    def dense(self, question: str) -> list[Passage]:
        return self._passages(self.rankings(question, TOP)[0])

    def keyword(self, question: str) -> list[Passage]:
        return self._passages(self.rankings(question, TOP)[1])

    def fuse_offline(self, question: str, rankings: tuple[list[str], list[str]], **params: Any) -> list[Passage]:
        """Fusion with other parameters over precomputed rankings (for choosing the defaults)."""
        n = params.get("candidates", self.settings.candidates)
        fused = rrf_fuse(
            [rankings[0][:n], rankings[1][:n]],
            params.get("rrf_k", self.settings.rrf_k),
            weights=params.get("weights"),
        )
        return self._passages([cid for cid, _ in fused[:TOP]])


def evaluate(corpus: Corpus, pipelines: dict[str, Callable[[str], list[Passage]]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, search in pipelines.items():
        ranks = [first_hit_rank(q, search(q.question)) for q in corpus.questions]
        out[name] = score(ranks)
        learner = [r for q, r in zip(corpus.questions, ranks, strict=True) if q.group == "learner"]
        if learner:
            out[name]["learner_hit@5"] = score(learner)["hit@5"]
        out[name]["misses"] = [q.question for q, r in zip(corpus.questions, ranks, strict=True) if r is None or r > 5]
    return out


def check_targets(name: str, result: dict[str, Any]) -> dict[str, bool]:
    ours, tutorial = result["ours"], result["tutorial"]
    targets = {
        "hit@5>=tutorial": ours["hit@5"] >= tutorial["hit@5"],
        "mrr>=tutorial+0.02": ours["mrr"] >= round(tutorial["mrr"] + 0.02, 3),
        "fused>=best_single_mrr": ours["mrr"] >= max(result["ours_dense"]["mrr"], result["ours_keyword"]["mrr"]),
    }
    if name == "faq":
        targets["faq_hit@5=1.00,mrr>=0.98"] = ours["hit@5"] == 1.0 and ours["mrr"] >= 0.98
    if name == "roadmap":
        targets["roadmap_learner_hit@5>=0.97"] = ours["learner_hit@5"] >= 0.97
    return targets


def run(quick: bool = False) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="rag-bench-quality-"))
    results: dict[str, Any] = {
        "machine": f"{os.cpu_count()} CPU cores, load average {os.getloadavg()[0]:.1f}",
    }
    try:
        embedder = make_embedder(Settings(home=workdir / "model_home"))
        corpora, missing = build_corpora(workdir)
        for name, reason in missing.items():
            print(f"  {name}: NOT RUN: {reason}", flush=True)
            results[name] = {"error": reason}
        for corpus in corpora:
            started = time.perf_counter()
            ours = OursPipeline(corpus.folder, embedder, workdir / f"home_{corpus.name}")
            tutorial = TutorialPipeline(corpus.folder, embedder, corpus.name)
            result = evaluate(
                corpus,
                {"ours": ours.fused, "ours_k5": ours.fused_k5, "ours_dense": ours.dense, "ours_keyword": ours.keyword,
                 "tutorial": tutorial.search},
            )
            misses = {name: result[name].pop("misses") for name in result}
            result["questions"] = len(corpus.questions)
            result["chunks"] = {"ours": ours.chunks, "tutorial": len(tutorial.passages)}
            result["targets"] = check_targets(corpus.name, result)
            result["seconds"] = round(time.perf_counter() - started, 1)
            results[corpus.name] = result
            print(f"  {corpus.name}: {json.dumps(result)}", flush=True)
            if not quick:
                print(f"  {corpus.name} misses (not in top 5): {json.dumps(misses, ensure_ascii=False)}", flush=True)
            ours.index.lexical.close()
        results["all_targets_met"] = all(
            all(r["targets"].values()) for r in results.values() if isinstance(r, dict) and "targets" in r
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return results
