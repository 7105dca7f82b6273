"""The index facade: ingestion, hybrid retrieval (Chroma dense + FTS5 BM25, fused by RRF) and inspection.

Heavy parts open lazily: ``stats()`` and ``documents()`` read SQLite only (no torch, no Chroma);
the embedding model loads on the first ingest or retrieve.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rag.errors import EmptyIndexError, IndexMismatchError, InputError
from rag.ingest.chunking import CHUNK_FORMAT
from rag.ingest.pipeline import Ingestor, IngestReport, Progress
from rag.schema import Chunk, Hit, make_label
from rag.settings import Settings
from rag.storage import LexicalStore, open_lexical
from rag.terms import (
    AFTER_WORDS,
    BEFORE_WORDS,
    DONE_THEN_NEXT,
    EVERY_LEVEL,
    LEVEL_NUMBER,
    ONE_PATH_DOUBT,
    PATH_NAME_WORDS,
    QUALIFIED_KIND,
    SHARED_SECTION_WORDS,
    Vocabulary,
    content_terms,
    expand_query,
    month_points,
    named_terms,
    point_in_span,
    qualifier,
    word_pairs,
    word_pattern,
)

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

    from rag.embeddings import Embedder
    from rag.lexical import LexicalMatch
    from rag.vectorstore import DenseMatch, VectorStore

log = logging.getLogger(__name__)

QUERY_CACHE_SIZE = 256
# The best of the first SEAT_FROM keyword matches that holds a question word no retrieved passage holds takes
# the last seat ("model governance", "3Blue1Brown": one passage names it, the dense ranking buries it)
SEAT_FOR_UNCOVERED = True
_NUMBERED_SECTION = re.compile(r"\b(level|part|chapter|module|week|step|phase|stage|unit)\s+(\d+)\b", re.I)
_NAMED_LEVEL = re.compile(r"\b([A-Za-z]{4,})\s+(?:level|stage|part|phase)\b", re.I)
_NAMED_LEVEL_2 = re.compile(r"\b([A-Za-z]{4,}\s+[A-Za-z]{2,})\s+(?:level|stage|part|phase)\b", re.I)  # "the advanced ML stage"
_NOT_A_NAME = frozenset(
    "first second third last next final this that which each every what whole middle early later other same "
    "hardest easiest toughest main".split()
)
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_ORDINAL_LEVEL = re.compile(
    r"\b(first|1st|second|2nd|third|3rd|fourth|4th|last|final|top|highest)\s+(?:[a-z]{2,3}\s+)?(?:level|stage|phase|tier)s?\b", re.I
)
_SPAN = re.compile(r"\b\d+\s*[-–]\s*\d+\s*(?:months?|years?)\b", re.I)
# "what comes after system design?", "what's next after level 2?": what follows a section
_BEFORE = re.compile(BEFORE_WORDS + r"\b", re.I)
_AFTER = re.compile(AFTER_WORDS + r"\b|\bwhat(?:'s|s|\s+is)\s+next\s+after\b", re.I)
SEAT_FROM = 3
# a thing the question names exactly: the item a follow-up resolved ("that last one (Hands-On Machine Learning)") or a
# title in quotes
_NAMED_PHRASE = re.compile(r"\b(?:one|ones|that|this|it|those|these)\s+\(([^()]{4,60})\)|[\"“]([^\"”]{4,60})[\"”]"
                           r"|\bthe\s+([A-Za-z][\w.-]{3,})\s+(?:one|book|course)\b")  # "the goodfellow one" (a rare word only)


def _uncovered_terms(query: str, chunk: Chunk, hits: list[Hit]) -> set[str]:
    """Content words (4+ letters, or a shorter name such as "IDE" or "SQL") of ``query`` in ``chunk`` (text or
    headings) that no hit contains."""
    names = named_terms(query)
    wanted = {t for t in content_terms(query, drop_filler=True) if (len(t) >= 4 or t in names) and not t.isdigit()}
    covered = set().union(*(content_terms(" ".join([*h.headings, h.text])) for h in hits))
    return (wanted & content_terms(" ".join([*chunk.headings, chunk.text]))) - covered



def rrf_fuse(
    rankings: Sequence[Sequence[str]], rrf_k: int, weights: Sequence[float] | None = None
) -> list[tuple[str, float]]:
    """Reciprocal rank fusion: ``sum w/(rrf_k + rank)`` over the rankings (rank is 1-based, w = 1 by default)."""
    scores: dict[str, float] = {}
    best: dict[str, int] = {}
    for i, ranking in enumerate(rankings):
        weight = 1.0 if weights is None else weights[i]
        for rank, cid in enumerate(ranking, start=1):
            scores[cid] = scores.get(cid, 0.0) + weight / (rrf_k + rank)
            best[cid] = min(best.get(cid, rank), rank)
    return sorted(scores.items(), key=lambda item: (-item[1], best[item[0]]))


_PATH_TERMS = frozenset(content_terms("ml " + PATH_NAME_WORDS))

def _ranked(hits: list[Hit]) -> list[Hit]:
    """``hits`` with their ranks renumbered 1, 2, … in list order."""
    for rank, hit in enumerate(hits, start=1):
        hit.rank = rank
    return hits


class Index:
    def __init__(self, settings: Settings, embedder_factory: Callable[[], Embedder] | None = None):
        self.settings = settings
        self._embedder_factory = embedder_factory
        self._embedder: Embedder | None = None
        self._store: VectorStore | None = None
        self._lexical: LexicalStore | None = None
        self._lock = threading.RLock()
        self._query_cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._pool: ThreadPoolExecutor | None = None  # server mode: runs the dense search beside the keyword one
        self._corpus: tuple[tuple[tuple[str, str], ...], Vocabulary, tuple[str, ...]] | None = None

    # --- lazily opened parts -------------------------------------------------------------
    @property
    def lexical(self) -> LexicalStore:
        """SQLite FTS5 under RAG_HOME, or PostgreSQL when RAG_DATABASE_URL is set (see rag.storage)."""
        with self._lock:
            if self._lexical is None:
                self._lexical = open_lexical(self.settings)
            return self._lexical

    @property
    def embedder(self) -> Embedder:
        with self._lock:
            if self._embedder is None:
                if self._embedder_factory is not None:
                    self._embedder = self._embedder_factory()
                else:
                    from rag.embeddings import make_embedder

                    self._embedder = make_embedder(self.settings)
            return self._embedder

    @property
    def store(self) -> VectorStore:
        """The vector store, after checking the index was built with the configured model."""
        with self._lock:
            if self._store is None:
                self._store = self._open_store(recreate=False)
            return self._store

    def _open_store(self, recreate: bool) -> VectorStore:
        from rag.vectorstore import make_vector_store, mismatch_message

        embedder = self.embedder
        lexical = self.lexical
        built_name = lexical.get_meta("embedding_model")
        built_dim = lexical.get_meta("embedding_dim")
        if not recreate and built_name is not None and (built_name, built_dim) != (embedder.name, str(embedder.dim)):
            raise IndexMismatchError(mismatch_message(built_name, built_dim, embedder.name, embedder.dim))
        if recreate:
            lexical.reset()
        store = make_vector_store(self.settings, embedder.name, embedder.dim, recreate=recreate)
        lexical.set_meta("embedding_model", embedder.name)
        lexical.set_meta("embedding_dim", str(embedder.dim))
        if store.count() == 0 and lexical.counts()[1] > 0:
            log.warning("vector store is empty but the lexical index is not: clearing it so the next ingest rebuilds")
            lexical.reset()
            lexical.set_meta("embedding_model", embedder.name)
            lexical.set_meta("embedding_dim", str(embedder.dim))
        return store

    # --- ingestion -----------------------------------------------------------------------
    def ingest(
        self,
        paths: Sequence[Path | str],
        prune: bool = False,
        rebuild: bool = False,
        progress: Progress | None = None,
    ) -> IngestReport:
        """Index files and folders incrementally (unchanged files cost no embedding work)."""
        if not paths:
            raise InputError("No path given: pass the files or folders to ingest (e.g. `rag ingest docs/`).")
        # server mode: one ingest at a time per collection (waited for before taking this process's lock)
        with self.lexical.write_lock(), self._lock:
            if rebuild:
                self._store = self._open_store(recreate=True)
            ingestor = Ingestor(self.settings, self.embedder, self.store, self.lexical)
            report = ingestor.run(paths, prune=prune, progress=progress)
            return report

    def ensure_bundled(self) -> IngestReport | None:
        """Ingest ``settings.corpus`` if nothing is indexed yet; return its report, else None."""
        with self._lock:
            if self.lexical.counts()[0] > 0:
                self.store  # noqa: B018 - still check the model matches
                if self._bundled_is_stale():
                    log.warning("the bundled roadmap was indexed by an older version: re-indexing it")
                    return self.ingest([self.settings.corpus])
                return None
            if not Path(self.settings.corpus).exists():
                raise EmptyIndexError(
                    f"Nothing is indexed and the bundled corpus {self.settings.corpus} is missing: "
                    "run `rag ingest PATH` with your roadmap documents."
                )
            return self.ingest([self.settings.corpus])

    def _bundled_is_stale(self) -> bool:
        """The bundled corpus is indexed, but with another chunk format than this version's."""
        corpus = Path(self.settings.corpus)
        if not corpus.is_file():
            return False
        row = self.lexical.document(corpus.name)
        return row is not None and not row.doc_hash.endswith(f":{CHUNK_FORMAT}")

    def remove_document(self, source: str) -> bool:
        """Remove one document from both stores; False if it was not indexed."""
        with self.lexical.write_lock(), self._lock:
            if self.lexical.document(source) is None:
                return False
            self.store.delete_source(source)
            return self.lexical.remove_document(source)

    # --- retrieval -----------------------------------------------------------------------
    def query_vector(self, query: str) -> np.ndarray:
        """The query embedding, from a small LRU cache."""
        with self._lock:
            cached = self._query_cache.get(query)
            if cached is not None:
                self._query_cache.move_to_end(query)
                return cached
        vector = self.embedder.embed_query(query)
        with self._lock:
            self._query_cache[query] = vector
            while len(self._query_cache) > QUERY_CACHE_SIZE:
                self._query_cache.popitem(last=False)
        return vector

    def retrieve(self, query: str, k: int | None = None, filter: str | None = None) -> list[Hit]:
        """Hybrid top-k: dense and lexical candidates fused by weighted RRF; ``filter`` keeps labels containing it."""
        query = (query or "").strip()
        if not query:
            raise InputError("The question is empty: type a question about the roadmap.")
        k = k or self.settings.k
        doubt = ONE_PATH_DOUBT.search(query)
        asked = expand_query(query[: doubt.end()]) if doubt else ""  # (the thing doubted, in the person's words)
        query = expand_query(query)
        if EVERY_LEVEL.search(query):  # "how long is each level of the ML path?": every level is searched for
            query = f"{query} (Level 1, Level 2, Level 3)"
        vector = self.query_vector(query)
        hits = self.retrieve_by_vector(query, vector, k=k, filter=filter)
        hits = self._next_section_too(query, self._named_sections_first(query, hits, k, filter), k, filter)
        hits = self._every_section_naming(query, hits, k, filter)
        return self._shared_section_too(asked, hits, k, filter) if asked else hits

    def retrieve_either(self, query: str, other: str, k: int | None = None, filter: str | None = None) -> list[Hit]:
        """Hits for ``query`` and for ``other`` (the same question without the words saying who asks), fused by
        reciprocal rank: an introduction's words can pull its own sections in ("ICU nurse …" found nursing-free
        milestones of the wrong path) and can also carry the topic ("I'm a hiring manager screening ML engineer
        candidates. … which technical topics …?"), so neither reading alone is trusted. ``query`` alone when equal."""
        hits = self.retrieve(query, k=k, filter=filter)
        if not other.strip() or other.strip() == query.strip():
            return hits
        more = self.retrieve(other, k=k, filter=filter)
        by_id = {h.chunk_id: h for h in more} | {h.chunk_id: h for h in hits}  # (the full question's scores win)
        fused = rrf_fuse([[h.chunk_id for h in hits], [h.chunk_id for h in more]], self.settings.rrf_k)
        return _ranked([by_id[cid] for cid, _ in fused][: k or self.settings.k])

    def _every_section_naming(self, query: str, hits: list[Hit], k: int, filter: str | None) -> list[Hit]:
        """"which Stanford courses does it recommend?", "any Packt book?", "is that last one (Hands-On Machine
        Learning) also in the ML path?": every section holding the qualifier or the thing named exactly (found in at
        most 3 sections) joins the hits, in place of the last ones without it, so the answer can list them all (the
        rankings find one, and the other falls below k)."""
        if not hits:
            return hits
        if m := QUALIFIED_KIND.search(query):
            word = m.group("q")
        elif named := _NAMED_PHRASE.search(query):  # "that last one (Hands-On Machine Learning)", a "quoted" title
            word = next(g for g in named.groups() if g)
        else:
            return hits
        pattern = word_pattern(word)
        holding = self._chunks_holding(word, pattern.search, filter)
        if not holding or len(holding) > 3 or (m is not None and qualifier(query, [c.text for c in holding]) is None):
            return hits
        if m is None:
            # (a second hop: '"Deep Learning" (Goodfellow)' in the Resource Library is the '"Deep Learning" book' a level lists)
            titles = {t for c in holding for line in c.text.splitlines() if pattern.search(line) for t in re.findall(r'"([^"]{4,60})"', line)}
            for title in sorted(titles):
                quoted = re.compile(re.escape(f'"{title}"'), re.I)
                holding += [c for c in self._chunks_holding(title, quoted.search, filter) if c.id not in {h.id for h in holding}]
            holding = holding[:3]
        held = {c.id for c in holding}
        seated = {h.chunk_id for h in hits}
        missing = [c for c in holding if c.id not in seated]
        if not missing:
            return hits
        keep = [h for h in hits if h.chunk_id in held or pattern.search(h.text)]
        others = [h for h in hits if h not in keep]
        room = max(0, k - len(keep) - len(missing))
        ordered = [*keep, *(_hit(0, c, 0.0, None, None, None, None) for c in missing), *others[:room]]
        return _ranked(ordered[:k])

    def _chunks_holding(self, text: str, holds: Callable[[str], object], filter: str | None) -> list[Chunk]:
        """The best keyword matches for ``text`` (up to 4) whose text ``holds`` accepts."""
        with self._lock:
            matches = self.lexical.search(text, 4, label_filter=(filter or "").strip() or None)
            chunks = self.lexical.chunks([mt.chunk_id for mt in matches])
        return [c for c in (chunks.get(mt.chunk_id) for mt in matches) if c is not None and holds(c.text)]

    def _shared_section_too(self, subject: str, hits: list[Hit], k: int, filter: str | None) -> list[Hit]:
        """"is sql only for the ML path?": the best keyword match for the thing asked about among the sections
        every path shares ("Common Prerequisites (Both Paths)") joins the hits second, so the answer can say that
        both paths need it (the dense ranking follows the path named and buries it)."""
        if not hits or not content_terms(subject):
            return hits
        with self._lock:
            found = next((m for label in SHARED_SECTION_WORDS if (m := self.lexical.search(subject, 1, label_filter=label))), None)
            if not found or any(h.chunk_id == found[0].chunk_id for h in hits):
                return hits
            chunk = found[0].chunk or self.lexical.chunks([found[0].chunk_id]).get(found[0].chunk_id)
        # (it must hold a word of the thing asked about, not only the path's: "are transformers covered in the ML
        # path or is that only for the integration ppl?" finds nothing shared)
        asked = content_terms(subject, drop_filler=True) - _PATH_TERMS
        if chunk is None or (filter and filter.lower() not in chunk.label.lower()) or not asked & content_terms(chunk.text):
            return hits
        ordered = [hits[0], _hit(0, chunk, 0.0, None, None, None, None), *hits[1:]][:k]
        return _ranked(ordered)

    def _next_section_too(self, query: str, hits: list[Hit], k: int, filter: str | None) -> list[Hit]:
        """"what comes after system design?": the section numbered after the best hit's (Level 2 → Level 3 of
        the same path, Week 3 → Week 4 of the same course) joins the hits second, when it is not among them, so
        the answer can name what follows the last topic of a section; "what comes before …?" likewise the
        section numbered before."""
        after = _AFTER.search(query)
        done = None if after else DONE_THEN_NEXT.search(query)
        m = after or done or _BEFORE.search(query)
        if not hits or m is None:
            return hits
        step = 1 if after or done else -1
        # the numbered section holding most of what is named after "after"/"before" (else the best hit), or of
        # what the person says they finished ("wrapped up the fastapi + cloud stuff … how long is the next stage?")
        tail = done.group("done") if done else query[m.end():]
        named, phrase = content_terms(tail), word_pairs(tail)
        top = max(hits, key=lambda h: (bool(_NUMBERED_SECTION.search(" ".join(h.headings))),
                                       len(phrase & word_pairs(h.text)), len(named & content_terms(h.text)), -h.rank))
        numbered = next((m for h in top.headings if (m := _NUMBERED_SECTION.search(h))), None)
        if numbered is None or int(numbered.group(2)) + step < 0:
            return hits
        with self._lock:
            ids = self.lexical.ids_with_label(f"{numbered.group(1)} {int(numbered.group(2)) + step}")
            chunks = self.lexical.chunks(ids) if ids else {}
        same = sorted((c for c in chunks.values() if c.source == top.source and c.headings[:1] == tuple(top.headings[:1])
                       and (not filter or filter.lower() in c.label.lower())), key=lambda c: c.ordinal)
        if not same or any(h.chunk_id in {c.id for c in same} for h in hits):
            return hits
        rest = [h for h in hits if h is not top]
        ordered = [hits[0], *([top] if top is not hits[0] else []), _hit(0, same[0], 0.0, None, None, None, None),
                   *[h for h in rest if h is not hits[0]]][:k]
        return _ranked(ordered)

    def _named_sections_first(self, query: str, hits: list[Hit], k: int, filter: str | None) -> list[Hit]:
        """Sections the question names by number ("level 1 of the integration track", "week 3") lead the hits.

        Dense and keyword rankings cannot tell "Level 1" from "Level 2" (one digit among many words); the
        labels can. Of the chunks whose label holds a named "<Level|Part|Chapter|Module|Week|Step|Phase|
        Stage|Unit> <n>", those sharing the most other question words with their label (the path: "the
        integration track") come first, the remaining hits after them, k in all.
        """
        refs = {f"{m.group(1)} {m.group(2)}" for m in _NUMBERED_SECTION.finditer(query)}
        # a level by its name: "the foundation part of the integration path" names "Level 1: Foundation (…)"
        refs |= {f": {m.group(1)}" for m in _NAMED_LEVEL.finditer(query) if m.group(1).lower() not in _NOT_A_NAME}
        bare = re.sub(r"\s*\([^()]*\)", "", query)  # (without the spelled-out abbreviations: "advanced ML (machine learning) stage")
        refs |= {f": {m.group(1)}" for m in _NAMED_LEVEL_2.finditer(bare) if m.group(1).split()[0].lower() not in _NOT_A_NAME}
        refs |= self._ordinal_refs(query)
        refs |= self._month_refs(query)
        if not refs or not hits:
            return hits
        with self._lock:
            ids = [cid for ref in sorted(refs) for cid in self.lexical.ids_with_label(ref)]
            chunks = self.lexical.chunks(dict.fromkeys(ids)) if ids else {}
        if filter:
            chunks = {cid: c for cid, c in chunks.items() if filter.lower() in c.label.lower()}
        words = content_terms(query) | content_terms(" ".join(refs))  # "the last stage": its "level 3" too
        overlap = {cid: len(words & content_terms(c.label)) for cid, c in chunks.items()}
        if not overlap:
            return hits
        top = max(overlap.values())
        named = [cid for cid, n in sorted(overlap.items(), key=lambda kv: -kv[1]) if n >= top - 1 and n >= 3][:k]
        if not named or len(named) > max(2, len(refs)):
            return hits  # names too many sections to tell
        by_id = {h.chunk_id: h for h in hits}
        first = [by_id.get(cid) or _hit(0, chunks[cid], 0.0, None, None, None, None) for cid in named]
        rest = [h for h in hits if h.chunk_id not in named]
        ordered = (first + rest)[:k]
        return _ranked(ordered)

    def _corpus_facts(self) -> tuple[Vocabulary, tuple[str, ...]]:
        """(the documents' words, the top headings that hold numbered levels), rebuilt when a document changes."""
        with self._lock:
            key = tuple((d.source, d.doc_hash) for d in self.lexical.documents())
            if self._corpus is None or self._corpus[0] != key:
                chunks = list(self.lexical.chunks(self.lexical.ids_with_label("")).values()) if key else []
                vocabulary = Vocabulary(" ".join([*c.headings, c.text]) for c in chunks)
                paths = tuple(dict.fromkeys(c.headings[0] for c in chunks
                                            if len(c.headings) > 1 and LEVEL_NUMBER.search(" ".join(c.headings[1:]))))
                self._corpus = (key, vocabulary, paths)
            return self._corpus[1], self._corpus[2]

    def vocabulary(self) -> Vocabulary:
        """The indexed documents' words (to mend a misspelt one)."""
        return self._corpus_facts()[0]

    def path_titles(self) -> tuple[str, ...]:
        """The sections that hold numbered levels ("Machine Learning Engineering Path"): the paths a learner
        can refer to as "that path" or "the other one"."""
        return self._corpus_facts()[1]

    def _month_refs(self, query: str) -> set[str]:
        """"im around month 8" → the labels' range holding it ("6-12 months")."""
        points = month_points(query)
        if not points:
            return set()
        with self._lock:
            labels = [c.label for c in self.lexical.chunks(self.lexical.ids_with_label("month")).values()]
        spans = {m.group(0) for label in labels for m in _SPAN.finditer(label)}
        return {span for span in spans for point in points if point_in_span(point, span)}

    def _ordinal_refs(self, query: str) -> set[str]:
        """"the second stage" → "level 2"; "the last stage" → the highest "level N" any label holds."""
        refs: set[str] = set()
        for m in _ORDINAL_LEVEL.finditer(query):
            word = m.group(1).lower()
            if word in _ORDINALS:
                refs.add(f"level {_ORDINALS[word]}")
                continue
            with self._lock:
                labels = [c.label for c in self.lexical.chunks(self.lexical.ids_with_label("level ")).values()]
            numbers = [int(n) for label in labels for n in LEVEL_NUMBER.findall(label)]
            if numbers:
                refs.add(f"level {max(numbers)}")
        return refs

    def retrieve_by_vector(
        self, query: str, vector: np.ndarray, k: int | None = None, filter: str | None = None
    ) -> list[Hit]:
        """Retrieval with a precomputed query embedding (also used by the benchmark).

        Server mode (RAG_DATABASE_URL): the dense query (Chroma, then the rows of its hits from PostgreSQL)
        runs on a helper thread while this one runs the keyword search (one PostgreSQL statement that
        returns its winners' rows), so the latency is the slower of the two, not their sum.
        """
        k = k or self.settings.k
        n = max(self.settings.candidates, k)
        label_filter = (filter or "").strip() or None
        with self._lock:
            store, lexical = self.store, self.lexical
            allowed = lexical.ids_with_label(label_filter) if label_filter else None
            if allowed is not None and not allowed:
                self._check_not_empty(lexical)
                return []
            if self.settings.database_url:
                dense, chunks, lexical_matches = self._search_concurrently(store, lexical, vector, n, allowed, query, label_filter)
            else:
                dense = store.query(vector, n, ids=allowed)
                lexical_matches = lexical.search(query, n, label_filter)
                chunks = {}
            if not dense and not lexical_matches:
                self._check_not_empty(lexical)
            fused = rrf_fuse(
                [[m.chunk_id for m in dense], [m.chunk_id for m in lexical_matches]],
                self.settings.rrf_k,
                weights=(1.0, self.settings.lexical_weight),
            )
            chunks.update((m.chunk_id, m.chunk) for m in lexical_matches if m.chunk is not None)
            wanted = [cid for cid, _ in fused[: k + 10]] + [m.chunk_id for m in lexical_matches[:SEAT_FROM]]
            missing = [cid for cid in dict.fromkeys(wanted) if cid not in chunks]
            if missing:
                chunks.update(lexical.chunks(missing))
        dense_by_id = {m.chunk_id: (rank, m.similarity) for rank, m in enumerate(dense, start=1)}
        lex_by_id = {m.chunk_id: (rank, m.score) for rank, m in enumerate(lexical_matches, start=1)}
        hits: list[Hit] = []
        for cid, score in fused:
            chunk = chunks.get(cid)
            if chunk is None:  # a vector without a committed chunk (interrupted ingest): ignore
                continue
            d_rank, d_score = dense_by_id.get(cid, (None, None))
            l_rank, l_score = lex_by_id.get(cid, (None, None))
            hits.append(_hit(len(hits) + 1, chunk, score, d_score, l_score, d_rank, l_rank))
            if len(hits) == k:
                break
        if SEAT_FOR_UNCOVERED and len(hits) == k:
            seated = {h.chunk_id for h in hits}
            for l_rank, match in enumerate(lexical_matches[:SEAT_FROM], start=1):
                chunk = chunks.get(match.chunk_id)
                if chunk is None or match.chunk_id in seated:
                    continue
                uncovered = _uncovered_terms(query, chunk, hits)
                if uncovered:
                    log.debug("retrieval: keyword match %s holds %s, which no hit has", match.chunk_id, sorted(uncovered))
                    d_rank, d_score = dense_by_id.get(match.chunk_id, (None, None))
                    hits[-1] = _hit(k, chunk, dict(fused).get(match.chunk_id, 0.0), d_score, match.score, d_rank, l_rank)
                    break
        return hits

    def _search_concurrently(
        self,
        store: VectorStore,
        lexical: LexicalStore,
        vector: np.ndarray,
        n: int,
        allowed: list[str] | None,
        query: str,
        label_filter: str | None,
    ) -> tuple[list[DenseMatch], dict[str, Chunk], list[LexicalMatch]]:
        """(dense matches, the rows of the dense matches, keyword matches), the two searches at once."""

        def dense_search() -> tuple[list[DenseMatch], dict[str, Chunk]]:
            matches = store.query(vector, n, ids=allowed)
            return matches, lexical.chunks(m.chunk_id for m in matches)

        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rag-dense")
        future = self._pool.submit(dense_search)
        try:
            lexical_matches = lexical.search(query, n, label_filter)
        except BaseException:
            wait([future])  # never leave the helper running against this request's stores
            raise
        dense, chunks = future.result()
        return dense, chunks, lexical_matches

    @staticmethod
    def _check_not_empty(lexical: LexicalStore) -> None:
        if not lexical.has_chunks():
            raise EmptyIndexError("Nothing is indexed yet: run `rag ingest PATH` (or `rag ingest --if-empty`).")

    # --- inspection ----------------------------------------------------------------------
    def stats(self) -> dict[str, Any]:
        """What is indexed, read from the lexical store only (never loads torch or Chroma)."""
        with self._lock:
            documents, chunks = self.lexical.counts()
            built = self.lexical.get_meta("embedding_model")
            dim = self.lexical.get_meta("embedding_dim")
        return {
            "home": str(self.settings.home),
            "documents": documents,
            "chunks": chunks,
            "embedding_model": built or self.settings.embedding_model,
            "embedding_dim": int(dim) if dim else None,
            "configured_embedding_model": self.settings.embedding_model,
            "store_mode": self.settings.store_mode,
            "database_mode": self.settings.database_mode,
        }

    def documents(self) -> list[dict[str, Any]]:
        """Indexed documents: source, chunks, ingested_at (epoch seconds), path and doc_hash."""
        with self._lock:
            rows = self.lexical.documents()
        return [
            {
                "source": row.source,
                "chunks": row.chunk_count,
                "ingested_at": row.ingested_at,
                "path": row.path,
                "doc_hash": row.doc_hash,
            }
            for row in rows
        ]

    def section(self, source: str, headings: Sequence[str]) -> str:
        """The whole section (with its sub-sections) under ``headings`` in ``source``, with its line range."""
        wanted = tuple(headings)
        with self._lock:
            chunks = [c for c in self.lexical.source_chunks(source) if c.headings[: len(wanted)] == wanted]
        if not chunks:
            raise InputError(
                f"No section {make_label(source, wanted)!r} is indexed: check the source and headings "
                "(see `rag status` / the Documents page)."
            )
        return _render_section(source, wanted, chunks)


def _hit(
    rank: int,
    chunk: Chunk,
    score: float,
    dense_score: float | None,
    lexical_score: float | None,
    dense_rank: int | None,
    lexical_rank: int | None,
) -> Hit:
    return Hit(
        rank=rank,
        chunk_id=chunk.id,
        source=chunk.source,
        headings=list(chunk.headings),
        label=chunk.label,
        score=score,
        text=chunk.text,
        start_line=chunk.start_line,
        end_line=chunk.end_line,
        dense_score=dense_score,
        lexical_score=lexical_score,
        dense_rank=dense_rank,
        lexical_rank=lexical_rank,
    )


def _render_section(source: str, wanted: tuple[str, ...], chunks: list[Chunk]) -> str:
    """Join the chunks of a section, dropping the lines a split chunk repeats from the previous one."""
    body: list[str] = []
    previous_headings: tuple[str, ...] = wanted
    for chunk in chunks:
        lines = chunk.text.split("\n")
        if chunk.headings != previous_headings:
            for depth in range(len(wanted), len(chunk.headings)):
                if chunk.headings[: depth + 1] != previous_headings[: depth + 1]:
                    body.extend(["", f"{'#' * (depth + 2)} {chunk.headings[depth]}", ""])
            previous_headings = chunk.headings
        else:
            overlap = _overlap(body, lines)
            lines = lines[overlap:]
        body.extend(lines)
    start = min(c.start_line for c in chunks)
    end = max(c.end_line for c in chunks)
    header = f"{make_label(source, wanted)} (lines {start}-{end})"
    return header + "\n\n" + "\n".join(body).strip("\n")


def _overlap(body: list[str], lines: list[str]) -> int:
    """Largest n such that the first n ``lines`` equal the last n lines of ``body``."""
    for n in range(min(len(body), len(lines)), 0, -1):
        if body[-n:] == lines[:n]:
            return n
    return 0
